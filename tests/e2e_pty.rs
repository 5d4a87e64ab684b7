//! End to end: the real `timekeeper` binary in a real pseudo-terminal, its
//! output parsed by a vt100 emulator, driven by key presses the way a
//! timekeeper at the podium drives it.
//!
//! Every test runs in its own temporary directory (the process's working
//! directory and runs dir) with short plans, so that AMBER, RED and OVER
//! arrive within seconds. Nothing here asserts timing with a fixed sleep:
//! the harness waits for what the screen shows, with a generous timeout,
//! and fails with the last screen. The only sleeps are pacing (key presses
//! at least [`KEY_GAP`] apart, so the console's auto-repeat guard does not
//! take them for a held key) and letting time pass during a crash.
// A real Unix pseudo-terminal drives the binary here.
#![cfg(unix)]

use std::fs;
use std::thread;
use std::time::{Duration, Instant};

use crate::common::pty::*;

// ---------------------------------------------------------------------------
// Scenarios

#[test]
fn a_run_goes_through_amber_red_and_over_survives_resizes_and_is_saved_on_quit() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(dir.path(), "quick.toml", QUICK);
    let mut console = Pty::spawn(
        dir.path(),
        &["run", "quick.toml", "--runs-dir", "runs"],
        FULL,
    );
    console.expect("the first segment, READY", |t| {
        t.contains("READY") && t.contains("Opening words") && t.contains("Ada Lovelace")
    });

    console.press(" ");
    let first = console.expect("ON TIME with a progress caption", |t| {
        t.contains("ON TIME") && progress(t).is_some()
    });
    let (elapsed, allowed) = progress(&first).expect("a caption");
    assert_eq!(allowed, 9, "{}", frame(&first));
    console.expect("the countdown moving on", |t| {
        progress(t).is_some_and(|(e, _)| e > elapsed)
    });

    // The state in words, and in colour: the badges are inverted orange
    // (256-colour 214) for AMBER, vermillion (202) for RED and OVER.
    for (word, colour) in [("AMBER", 214), ("RED", 202), ("OVER +0:0", 202)] {
        let (fg, inverse) = console
            .wait_screen(word, TIMEOUT, |screen| badge(screen, word))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fg, vt100::Color::Idx(colour), "{word}'s colour");
        assert!(inverse, "the {word} badge is inverted");
    }

    console.press("n");
    console.expect("the second segment, from its start", |t| {
        t.contains("2/2  Second talk")
            && t.contains("Grace Hopper")
            && progress(t).is_some_and(|(e, allowed)| e < 9 && allowed == 9)
    });

    // A tiny window, then the full size again: no crash, the layout returns.
    console.resize((3, 10));
    console.expect("the bare countdown on a 10x3 terminal", |t| {
        !t.contains("Second talk")
            && t.split_whitespace()
                .next()
                .is_some_and(|w| seconds(w.trim_start_matches('+')).is_some())
    });
    assert!(console.alive(), "the console died on a 10x3 resize");
    console.resize(FULL);
    console.expect("the full layout again", |t| {
        t.contains("E2E Quick Session")
            && t.contains("2/2  Second talk")
            && t.contains("Session ")
            && t.contains("q quit")
            && progress(t).is_some()
    });
    assert!(
        console.alive(),
        "the console died on a resize back to 80x24"
    );

    let status = quit_run(&mut console);
    assert!(status.success(), "exit status {status:?}");
    let raw = console.raw();
    let journal = only_journal(&dir.path().join("runs"));
    let name = journal.file_name().expect("a name").to_string_lossy();
    assert!(
        name.starts_with("quick-") && name.ends_with(".jsonl") && !name.contains("rehearsal"),
        "journal name {name}"
    );
    let left_alt = raw
        .rfind("\x1b[?1049l")
        .expect("the alternate screen was left");
    let after = &raw[left_alt..];
    let saved = format!("Run saved in runs/{name}");
    assert!(
        after.contains(&saved),
        "after the alternate screen, {saved:?} should be printed; got {after:?}"
    );
    assert!(
        console.text().contains(&saved),
        "the terminal should show {saved:?}:\n{}",
        frame(&console.text())
    );
    assert_eq!(last_event(&journal)["event"], "end");
    assert!(!raw.contains("panicked"), "{raw}");
}

#[test]
fn the_terminal_is_left_sane_after_quitting() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(dir.path(), "quick.toml", QUICK);
    let mut console = Pty::spawn(
        dir.path(),
        &["run", "quick.toml", "--runs-dir", "runs"],
        FULL,
    );
    console.expect_text("READY");
    let termios = console.master.get_termios().map(|t| local_flags(&t));
    if let Some(flags) = &termios {
        assert!(
            !flags.contains(&"ICANON".to_owned()),
            "raw mode while the console runs: {flags:?}"
        );
    }
    console.press(" ");
    console.expect_text("ON TIME");
    let status = quit_run(&mut console);
    assert!(status.success(), "exit status {status:?}");

    assert_terminal_restored(&console);
}

/// The terminal after the console left: main screen, cursor shown, keyboard
/// mode popped, cooked mode back.
fn assert_terminal_restored(console: &Pty) {
    let raw = console.raw();
    let entered = raw
        .rfind("\x1b[?1049h")
        .expect("the alternate screen was used");
    let left = raw
        .rfind("\x1b[?1049l")
        .unwrap_or_else(|| panic!("the alternate screen was never left (no ESC[?1049l): {raw:?}"));
    assert!(
        left > entered,
        "the alternate screen is left after it was entered"
    );
    let shown = raw
        .rfind("\x1b[?25h")
        .unwrap_or_else(|| panic!("the cursor was never shown again (no ESC[?25h): {raw:?}"));
    if let Some(hidden) = raw.rfind("\x1b[?25l") {
        assert!(
            shown > hidden,
            "the cursor is shown after it was last hidden"
        );
    }
    // Keyboard enhancement pushed (kitty protocol) is popped again.
    if let Some(pushed) = raw.rfind("\x1b[>") {
        let popped = raw[pushed..].contains("\x1b[<1u");
        assert!(popped, "keyboard enhancement flags left pushed: {raw:?}");
    }
    let out = console.output();
    let screen = out.parser.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "the cursor is still hidden");
    drop(out);
    if let Some(t) = console.master.get_termios() {
        let flags = local_flags(&t);
        for flag in ["ICANON", "ECHO", "ISIG"] {
            assert!(
                flags.iter().any(|f| f == flag),
                "{flag} not restored after exit: {flags:?}"
            );
        }
    }
}

/// The terminal's local flags by name (ICANON, ECHO, ...), read from the
/// settings' debug form: the test has no direct access to the flag constants.
fn local_flags(termios: &impl std::fmt::Debug) -> Vec<String> {
    let debug = format!("{termios:?}");
    let Some(start) = debug.find("local_flags") else {
        return Vec::new();
    };
    let rest = &debug[start..];
    let end = rest.find(')').unwrap_or(rest.len());
    rest[..end]
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase()))
        .map(str::to_owned)
        .collect()
}

const TWO: &str = r#"
title = "E2E Crash Session"

[warnings]
amber = "20s"
red   = "10s"

[[segments]]
title    = "First half"
speaker  = "Alan Turing"
duration = "30s"

[[segments]]
title    = "Second half"
speaker  = "Edsger Dijkstra"
duration = "40s"
"#;

#[test]
fn a_run_killed_with_sigkill_resumes_on_the_right_segment_with_the_right_time_left() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(dir.path(), "two.toml", TWO);
    let args = ["run", "two.toml", "--runs-dir", "runs"];
    let mut console = Pty::spawn(dir.path(), &args, FULL);
    console.expect_text("READY");
    console.press(" ");
    console.expect("the first segment running", |t| {
        t.contains("ON TIME") && t.contains("1/2  First half")
    });
    console.press("n");
    let n_sent = Instant::now();
    console.expect_text("2/2  Second half");
    let n_seen = Instant::now();

    console.kill_hard();
    // Time passes while the console is dead; it must count.
    thread::sleep(Duration::from_secs(3));

    let mut again = Pty::spawn(dir.path(), &args, FULL);
    let text = again.expect("the resumed second segment", |t| {
        t.contains("resumed run started")
            && t.contains("2/2  Second half")
            && t.contains("Edsger Dijkstra")
            && progress(t).is_some()
    });
    let seen = Instant::now();
    let (elapsed, allowed) = progress(&text).expect("a caption");
    assert_eq!(allowed, 40, "{}", frame(&text));
    let least = (seen - n_seen).as_secs_f64();
    let most = (seen - n_sent).as_secs_f64();
    eprintln!(
        "resumed: {elapsed} s of {allowed} s shown; {least:.1}..{most:.1} s since n was pressed"
    );
    assert!(
        elapsed as f64 >= least - 2.0 && elapsed as f64 <= most + 1.0,
        "the resumed segment shows {elapsed} s elapsed ({} s left), but n was pressed \
         {least:.1}..{most:.1} s ago:\n{}",
        allowed - elapsed,
        frame(&text)
    );
    assert!(
        elapsed >= 1,
        "the time the console was dead was not counted:\n{}",
        frame(&text)
    );
    assert!(again.text().contains("ON TIME"), "{}", frame(&again.text()));

    let status = quit_run(&mut again);
    assert!(status.success(), "exit status {status:?}");
    let journal = only_journal(&dir.path().join("runs"));
    assert_eq!(last_event(&journal)["event"], "end");
    let events = fs::read_to_string(&journal).expect("the journal reads");
    assert!(
        events.contains("\"event\":\"reopened\""),
        "the reopening is recorded:\n{events}"
    );

    // The ended run is not resumed: a fresh one starts.
    let mut fresh = Pty::spawn(dir.path(), &args, FULL);
    let text = fresh.expect("a fresh run", |t| {
        t.contains("READY") && t.contains("1/2  First half")
    });
    assert!(
        !text.contains("resumed"),
        "an ended run was resumed:\n{}",
        frame(&text)
    );
    fresh.press("q");
    let status = fresh.wait_exit(TIMEOUT);
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn a_second_console_on_the_same_run_is_refused() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(dir.path(), "two.toml", TWO);
    let args = ["run", "two.toml", "--runs-dir", "runs"];
    let mut first = Pty::spawn(dir.path(), &args, FULL);
    first.expect_text("READY");
    first.press(" ");
    first.expect_text("ON TIME");
    only_journal(&dir.path().join("runs"));

    let mut second = Pty::spawn(dir.path(), &args, FULL);
    let status = second.wait_exit(TIMEOUT);
    let raw = second.raw();
    assert!(!status.success(), "the second console ran: {raw:?}");
    assert!(
        raw.contains("open in another timekeeper console"),
        "the refusal says why: {raw:?}"
    );
    assert!(!raw.contains("panicked"), "{raw}");
    assert!(
        !raw.contains("\x1b[?1049h"),
        "the refused console took over the screen: {raw:?}"
    );

    assert!(first.alive(), "the first console died");
    first.expect("the first console still timing", |t| {
        t.contains("ON TIME") && t.contains("1/2  First half")
    });
    let status = quit_run(&mut first);
    assert!(status.success(), "exit status {status:?}");
}

const STAGE: &str = r#"
title = "E2E Stage Session"

[warnings]
amber = "20s"
red   = "10s"

[[segments]]
title    = "Welcome"
speaker  = "Ada Lovelace"
duration = "1m"

[[segments]]
title    = "Compilers"
speaker  = "Grace Hopper"
duration = "1m"

[[segments]]
title    = "Orbits"
speaker  = "Katherine Johnson"
duration = "1m"

[[segments]]
title    = "Apollo"
speaker  = "Margaret Hamilton"
duration = "1m"
"#;

#[test]
fn the_stage_follows_the_console_across_a_console_crash() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(dir.path(), "stage.toml", STAGE);
    let args = ["run", "stage.toml", "--runs-dir", "runs"];
    let mut console = Pty::spawn(dir.path(), &args, FULL);
    console.expect_text("READY");
    let mut stage = Pty::spawn(dir.path(), &["stage", "--runs-dir", "runs"], FULL);
    stage.expect_text("waiting for a run");

    console.press(" ");
    console.expect_text("ON TIME");
    stage.expect("the first speaker on stage", |t| {
        t.contains("Ada Lovelace") && t.contains("ON TIME")
    });

    let latency = next_speaker_latency(&mut console, &stage, "Grace Hopper");
    eprintln!("stage latency after n: {} ms", latency.as_millis());
    assert!(
        latency <= Duration::from_secs(2),
        "the stage took {latency:?} to show the next speaker"
    );

    console.kill_hard();
    let before = stage.text();
    stage.expect("the stage's countdown going on without the console", |t| {
        t != before && t.contains("Grace Hopper") && t.contains("ON TIME") && t.contains('█')
    });
    assert!(stage.alive(), "the stage died with the console");

    let mut console = Pty::spawn(dir.path(), &args, FULL);
    console.expect("the resumed console", |t| {
        t.contains("resumed run started") && t.contains("2/4  Compilers")
    });
    let latency = next_speaker_latency(&mut console, &stage, "Katherine Johnson");
    eprintln!(
        "stage latency after n, resumed console: {} ms",
        latency.as_millis()
    );
    assert!(
        latency <= Duration::from_secs(2),
        "the stage took {latency:?} to show the next speaker after the resume"
    );

    let status = quit_run(&mut console);
    assert!(status.success(), "console exit status {status:?}");
    stage.press("q");
    let status = stage.wait_exit(TIMEOUT);
    assert!(status.success(), "stage exit status {status:?}");
}

/// Presses `n` in the console and measures how long the stage takes to show
/// `speaker`.
fn next_speaker_latency(console: &mut Pty, stage: &Pty, speaker: &str) -> Duration {
    console.press("n");
    let sent = Instant::now();
    // On the stage's first row, where it names the speaker; its last row
    // names who is next.
    stage
        .wait_for(speaker, TIMEOUT, |t| {
            t.lines().next().is_some_and(|l| l.contains(speaker))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let latency = sent.elapsed();
    // The name is on both screens as "Next: …" before `n` is taken: wait
    // for the console to show them as the current speaker, under the
    // segment's heading, so a kill that follows finds `n` in the journal.
    console.expect(speaker, |t| t.lines().any(|l| l.trim_end() == speaker));
    latency
}

#[test]
fn an_unwritable_runs_dir_says_not_recording_and_keeps_timing() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(dir.path(), "two.toml", TWO);
    fs::write(dir.path().join("blocked"), "a file, not a directory\n").expect("written");
    let mut console = Pty::spawn(
        dir.path(),
        &["run", "two.toml", "--runs-dir", "blocked/runs"],
        FULL,
    );
    console.expect_text("READY");
    console.press(" ");
    let text = console.expect("NOT RECORDING with a progress caption", |t| {
        t.contains("NOT RECORDING") && progress(t).is_some()
    });
    let (elapsed, _) = progress(&text).expect("a caption");
    console.expect("the countdown moving on", |t| {
        progress(t).is_some_and(|(e, _)| e >= elapsed + 2)
            && t.contains("ON TIME")
            && t.contains("NOT RECORDING")
    });

    let status = quit_run(&mut console);
    assert!(
        !status.success(),
        "a run that was not saved is not a success: {status:?}"
    );
    let raw = console.raw();
    assert!(
        raw.contains("nothing of this run was saved") && !raw.contains("Run saved in"),
        "the exit message says the run was not saved: {raw:?}"
    );
    assert!(!raw.contains("panicked"), "{raw}");
}

#[test]
fn a_rehearsal_says_so_and_is_recorded_as_one() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(dir.path(), "quick.toml", QUICK);
    let mut console = Pty::spawn(
        dir.path(),
        &["run", "quick.toml", "--rehearsal", "--runs-dir", "runs"],
        FULL,
    );
    console.expect("REHEARSAL, READY", |t| {
        t.contains("REHEARSAL") && t.contains("READY")
    });
    console.press(" ");
    console.expect("a started rehearsal", |t| {
        t.contains("REHEARSAL") && t.contains("ON TIME")
    });
    let journal = only_journal(&dir.path().join("runs"));
    let name = journal.file_name().expect("a name").to_string_lossy();
    assert!(
        name.starts_with("quick-") && name.ends_with("-rehearsal.jsonl"),
        "journal name {name}"
    );
    let header: serde_json::Value = serde_json::from_str(
        fs::read_to_string(&journal)
            .expect("the journal reads")
            .lines()
            .next()
            .expect("a header"),
    )
    .expect("the header is JSON");
    assert_eq!(header["mode"], "rehearsal");
    let status = quit_run(&mut console);
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn a_bad_plan_is_refused_with_its_place_and_no_panic() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(
        dir.path(),
        "bad.toml",
        "title = \"Bad\"\n\n[[segments]]\ntitle = \"A\"\ndurration = \"5m\"\n",
    );
    let mut console = Pty::spawn(dir.path(), &["run", "bad.toml"], FULL);
    let status = console.wait_exit(TIMEOUT);
    let raw = console.raw();
    assert_eq!(status.exit_code(), 1, "exit status {status:?}: {raw:?}");
    assert!(
        raw.contains("bad.toml:5:1") && raw.contains("durration") && raw.contains("duration"),
        "the plan error names its place and the nearest key: {raw:?}"
    );
    assert!(!raw.contains("panicked"), "{raw}");
    assert!(
        !raw.contains("\x1b[?1049h"),
        "a refused plan took over the screen: {raw:?}"
    );
    assert!(
        !dir.path().join("runs").exists(),
        "a refused plan created a runs dir"
    );
}

#[test]
fn sigterm_restores_the_terminal_and_leaves_the_run_resumable() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (mut console, args) = started(dir.path(), "two.toml", TWO);
    signal(&console, "-TERM");
    console.wait_exit(Duration::from_secs(5));
    assert_terminal_restored(&console);
    drop(console);

    let again = Pty::spawn(dir.path(), &args.each_ref().map(String::as_str), FULL);
    again.expect_text("resumed run started");
}

#[test]
fn a_hangup_ends_the_console_promptly_and_leaves_the_run_resumable() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (mut console, args) = started(dir.path(), "two.toml", TWO);
    // What the kernel sends when the window closes or SSH drops.
    signal(&console, "-HUP");
    let status = console.wait_exit(Duration::from_secs(5));
    assert!(
        !status.success(),
        "a hang-up is not a clean quit: {status:?}"
    );
    drop(console);

    let again = Pty::spawn(dir.path(), &args.each_ref().map(String::as_str), FULL);
    again.expect_text("resumed run started");
}

#[test]
fn a_fresh_run_after_a_crash_takes_the_stage_and_the_crashed_one_is_not_taken_up_again() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(dir.path(), "stage.toml", STAGE);
    let args = ["run", "stage.toml", "--runs-dir", "runs"];
    let mut first = Pty::spawn(dir.path(), &args, FULL);
    first.expect_text("READY");
    first.press(" ");
    first.expect_text("ON TIME");
    first.press("n");
    first.expect_text("2/4  Compilers");
    let mut stage = Pty::spawn(dir.path(), &["stage", "--runs-dir", "runs"], FULL);
    stage.expect_text("Grace Hopper");
    first.kill_hard();

    // The timekeeper gives up on the crashed run and starts afresh.
    let new_args = ["run", "stage.toml", "--runs-dir", "runs", "--new"];
    let mut second = Pty::spawn(dir.path(), &new_args, FULL);
    second.expect_text("READY");
    second.press(" ");
    second.expect_text("1/4  Welcome");
    stage.expect("the stage on the fresh run", |t| t.contains("Ada Lovelace"));
    let status = quit_run(&mut second);
    assert!(status.success(), "exit status {status:?}");
    // The fresh run's end stays on stage; the crashed run, written before
    // it, does not come back (the stage looks for newer runs every second).
    stage.expect_text("THANK YOU");
    thread::sleep(Duration::from_millis(2500));
    let shown = stage.text();
    assert!(
        shown.contains("THANK YOU") && !shown.contains("Grace Hopper"),
        "the stage went back to the crashed run:\n{}",
        frame(&shown)
    );

    // Next time, a fresh run again: the crashed one stays where it was.
    let third = Pty::spawn(dir.path(), &args, FULL);
    third.expect_text("READY");
    assert!(
        !third.text().contains("resumed"),
        "the abandoned run was taken up:\n{}",
        frame(&third.text())
    );
    stage.press("q");
    stage.wait_exit(TIMEOUT);
}
