//! End to end, on the day: the real binary in a real pseudo-terminal through
//! what happens around a session: the console closed and opened again from
//! another folder, a terminal that hangs up without a signal, a message to
//! the speaker reaching a stage beside the console, the rundown edited and
//! the laptop killed.
// A real Unix pseudo-terminal drives the binary here.
#![cfg(unix)]

use std::fs;
use std::path::Path;
// The hang-up test, Linux only, is their one user.
#[cfg_attr(not(target_os = "linux"), allow(unused_imports))]
use std::process::{Command, Stdio};
#[cfg_attr(not(target_os = "linux"), allow(unused_imports))]
use std::thread;
#[cfg_attr(not(target_os = "linux"), allow(unused_imports))]
use std::time::{Duration, Instant};

use crate::common::pty::*;

/// Two short segments and a third, with presets.
const DAY: &str = r#"
title = "E2E Day"

[messages]
wrap = "Please wrap up, {speaker}"

[[segments]]
title    = "Opening"
speaker  = "Ada Lovelace"
duration = "5m"

[[segments]]
title    = "Talk"
speaker  = "Grace Hopper"
duration = "5m"

[[segments]]
title    = "Panel"
speaker  = "Katherine Johnson"
duration = "5m"

[[segments]]
title    = "Closing"
speaker  = "Mary Jackson"
duration = "5m"
"#;

fn state_runs(home: &Path) -> std::path::PathBuf {
    home.join("state").join("timekeeper").join("runs")
}

#[test]
fn closing_the_console_keeps_the_session_and_any_folder_takes_it_up() {
    let home = tempfile::tempdir().expect("a temp dir");
    let plans = home.path().join("plans");
    let elsewhere = home.path().join("elsewhere");
    fs::create_dir_all(&plans).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    write_plan(&plans, "day.toml", DAY);
    let plan = plans.join("day.toml");
    let plan = plan.to_str().unwrap();

    let mut console = Pty::spawn_with(&plans, home.path(), &[], &["run", plan], FULL);
    console.expect_text("runs are kept in ~/state/timekeeper/runs");
    console.press(" ");
    console.expect_text("ON TIME");
    console.press("n");
    console.expect_text("2/4  Talk");
    let status = close_console(&mut console);
    assert!(status.success(), "closing is not an error: {status:?}");
    assert!(
        console
            .text()
            .contains("unfinished: run the same command again"),
        "{}",
        console.text()
    );
    drop(console);

    // The journal is in the user's state folder, not in the plan's folder.
    let journals = journals(&state_runs(home.path()));
    assert_eq!(journals.len(), 1, "{journals:?}");
    assert!(!plans.join("runs").exists());

    // A new terminal opens in another folder: the same command finds it.
    let again = Pty::spawn_with(&elsewhere, home.path(), &[], &["run", plan], FULL);
    again.expect_text("resumed run started");
    again.expect_text("2/4  Talk");
}

#[test]
fn a_run_that_was_ended_is_reopened_with_resume() {
    let home = tempfile::tempdir().expect("a temp dir");
    let (mut console, args) = started(home.path(), "day.toml", DAY);
    let status = quit_run(&mut console);
    assert!(status.success());
    drop(console);
    let journal = only_journal(&home.path().join("runs"));
    let journal = journal.to_str().unwrap();
    let mut again = Pty::spawn(
        home.path(),
        &["run", "day.toml", "--runs-dir", "runs", "--resume", journal],
        FULL,
    );
    again.expect_text("reopened the run that was over");
    again.expect_text("ON TIME");
    let status = close_console(&mut again);
    assert!(status.success());
    let last = last_event(Path::new(journal));
    assert_eq!(last["event"], "reopened", "{last}");
    let _ = args;
}

/// A terminal closed under a console that no SIGHUP reaches (started under
/// `setsid`, with no controlling terminal): the console notices at once and
/// exits, instead of spinning on end of file.
#[test]
// Linux only: macOS's poll(2) cannot watch a terminal (it answers POLLNVAL),
// and there only SIGHUP tells of a closed window.
#[cfg(target_os = "linux")]
fn a_hangup_without_sighup_ends_the_console_at_once() {
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(dir.path(), "day.toml", DAY);
    // Close-on-exec: the console must not hold the window's side itself.
    let master =
        openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).expect("a pty");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let name = ptsname(&master, Vec::new()).expect("ptsname");
    let slave = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().expect("a path"))
        .expect("the pty's terminal opens");
    rustix::termios::tcsetwinsize(
        &master,
        rustix::termios::Winsize {
            ws_row: 24,
            ws_col: 80,
            ws_xpixel: 0,
            ws_ypixel: 0,
        },
    )
    .expect("a window size");
    let mut child = Command::new("setsid")
        .args(["-w", env!("CARGO_BIN_EXE_timekeeper"), "run", "day.toml"])
        .args(["--runs-dir", "runs"])
        .current_dir(dir.path())
        .env("TERM", "xterm-256color")
        .env("HOME", dir.path())
        .stdin(slave.try_clone().unwrap())
        .stdout(slave.try_clone().unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("setsid runs");
    drop(slave);
    // Give it time to take over the terminal and draw; it must still run.
    thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "the console runs");
    // The window closes: nothing holds the terminal's other side any more.
    let closed = Instant::now();
    drop(master);
    let deadline = closed + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "still running 10 s after the hang-up"
        );
        thread::sleep(Duration::from_millis(20));
    };
    let took = closed.elapsed();
    assert!(
        !status.success(),
        "a hang-up is not a clean quit: {status:?}"
    );
    // Generous for a busy machine; the old console spun for five seconds.
    assert!(took < Duration::from_secs(2), "took {took:?} to notice");
}

#[test]
fn a_message_typed_in_the_console_reaches_the_stage_beside_it() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (mut console, _) = started(dir.path(), "day.toml", DAY);
    let stage = Pty::spawn(dir.path(), &["stage", "--runs-dir", "runs"], FULL);
    stage.expect_text("Ada Lovelace");
    console.press("m");
    console.expect_text("Message to the speaker");
    // Keys typed into the prompt are text: n and q do not act.
    console.send("no more questions");
    console.expect_text("> no more questions");
    let sent = Instant::now();
    console.send("\r");
    stage.expect_text("no more questions");
    let latency = sent.elapsed();
    console.expect_text("On stage (M clears): “no more questions”");
    assert!(
        console.text().contains("1/4  Opening"),
        "{}",
        console.text()
    );
    eprintln!("console to stage, a message: {latency:?}");
    // A preset, with the speaker's name filled in, replaces it.
    console.press("m");
    console.press("1");
    console.press("\r");
    stage.expect_text("Please wrap up, Ada Lovelace");
    // The next speaker clears an unpinned message.
    console.press("n");
    stage.expect_text("Grace Hopper");
    stage.expect("the message gone", |t| !t.contains("Please wrap up"));
}

#[test]
fn a_typed_message_that_starts_with_a_digit_is_sent_as_text_and_never_pauses_the_run() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (mut console, _) = started(dir.path(), "day.toml", DAY);
    console.press("m");
    console.expect_text("Message to the speaker");
    // "5" then a space: once, preset 5 and a pause of the live countdown.
    console.send("5 minutes left");
    console.expect_text("> 5 minutes left");
    console.send("\r");
    console.expect_text("On stage (M clears): “5 minutes left”");
    let journal = only_journal(&dir.path().join("runs"));
    let last = last_event(&journal);
    assert_eq!(last["event"], "message", "{last}");
    assert_eq!(last["text"], "5 minutes left", "{last}");
    assert!(!console.text().contains("PAUSED"), "{}", console.text());
}

#[test]
fn an_edited_rundown_survives_kill_9() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (mut console, args) = started(dir.path(), "day.toml", DAY);
    console.press("e");
    console.expect_text("EDIT");
    // The cursor is on Talk: skip the no-show.
    console.press("x");
    // Swap Panel and Closing.
    console.press("j");
    console.press("J");
    // Insert a three-minute statement after Panel (the cursor followed it).
    console.press("i");
    console.expect_text("Insert a segment");
    console.send("Statement\t\t3");
    console.send("\r");
    console.expect_text("5+ Statement");
    console.press("\u{1b}");
    console.expect("edit mode left", |t| !t.contains("EDIT ↑↓"));
    let before = console.text();
    console.kill_hard();
    drop(console);

    let again = Pty::spawn(dir.path(), &args.each_ref().map(String::as_str), FULL);
    again.expect_text("resumed run started");
    let after = again.expect_text("5+ Statement");
    let rows = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with(' ') && l.chars().nth(1).is_some_and(|c| c.is_ascii_digit()))
            .map(|l| l.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert_eq!(
        rows(&after),
        rows(&before),
        "before:\n{before}\nafter:\n{after}"
    );
    assert_eq!(
        rows(&after),
        ["2 Talk", "3 Closing", "4 Panel", "5+ Statement"],
        "{after}"
    );
    // The next speaker is the one moved up, over the skipped Talk.
    assert!(after.contains("Next: Closing · Mary Jackson"), "{after}");
}

#[test]
fn a_presentation_remote_moves_the_session_on_and_back() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (mut console, _) = started(dir.path(), "day.toml", DAY);
    // PageDown, then PageUp, as a remote sends them.
    console.press("\u{1b}[6~");
    console.expect_text("2/4  Talk");
    console.press("\u{1b}[5~");
    console.expect_text("1/4  Opening");
    // The "blank screen" button sends b: the bell goes off, and says so.
    console.press("b");
    console.expect_text("bell off");
}

#[test]
fn date_today_and_a_start_put_any_plan_on_todays_clock() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(dir.path(), "day.toml", DAY);
    let now = chrono::Local::now();
    let start = now + chrono::TimeDelta::minutes(10);
    if start.date_naive() != now.date_naive() {
        eprintln!("not run: ten minutes from now is tomorrow");
        return;
    }
    let hhmm = start.format("%H:%M").to_string();
    let args = [
        "run",
        "day.toml",
        "--runs-dir",
        "runs",
        "--date",
        "today",
        "--start",
        &hhmm,
    ];
    let console = Pty::spawn(dir.path(), &args, FULL);
    // The window is on the plan's new clock, and the console counts down to it.
    console.expect_text(&format!("{hhmm}–"));
    console.expect("the countdown to the start", |t| {
        t.contains("Starts in 9:") || t.contains("Starts in 10:00")
    });
}
