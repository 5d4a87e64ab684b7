//! Issue 10 end to end: the real binary in a pseudo-terminal, killed as a
//! run begins, started on a runs dir that cannot take a byte or that holds
//! what no journal should (a FIFO, a link to `/dev/zero`, an empty file).
//! Whatever happened, the next start is never refused, every journal on
//! disk reads, and the exit message tells the truth.
//!
//! As in `e2e_pty.rs`, the tests wait for what the screen shows; the only
//! sleeps are the harness's key pacing and the moment chosen for a kill.
// A real Unix pseudo-terminal drives the binary here.
#![cfg(unix)]

use std::fs;
use std::path::Path;
use std::thread;
use std::time::Duration;

use crate::common::pty::*;
use timekeeper::journal::Journal;

const ARGS: [&str; 4] = ["run", "quick.toml", "--runs-dir", "runs"];

/// Every `.jsonl` file in the runs dir is a whole journal: a header, and
/// the run's first event with it.
fn assert_every_journal_whole(runs: &Path) {
    for path in journals(runs) {
        let journal =
            Journal::read(&path).unwrap_or_else(|e| panic!("a journal on disk does not read: {e}"));
        assert!(
            !journal.events.is_empty(),
            "{} was left with its header alone",
            path.display()
        );
    }
}

#[test]
fn kill_right_after_space_resumes() {
    // From before the key is read to after its event is synced: about one
    // kill in six used to land between a journal's creation and its first
    // write, and left it empty.
    for delay in (0..24).map(|i| i % 12) {
        let dir = tempfile::tempdir().expect("a temp dir");
        write_plan(dir.path(), "quick.toml", QUICK);
        let runs = dir.path().join("runs");
        let mut console = Pty::spawn(dir.path(), &ARGS, FULL);
        console.expect_text("READY");
        console.send(" ");
        thread::sleep(Duration::from_millis(delay));
        console.kill_hard();

        assert_every_journal_whole(&runs);
        let recorded = !journals(&runs).is_empty();
        let mut again = Pty::spawn(dir.path(), &ARGS, FULL);
        if recorded {
            again.expect("the run taken up where it was", |t| {
                t.contains("resumed run started") && t.contains("1/2  Opening words")
            });
            let status = quit_run(&mut again);
            assert!(status.success(), "{delay} ms: exit status {status:?}");
        } else {
            // Nothing reached the disk: a fresh start, not a refusal.
            again.expect("a fresh run", |t| t.contains("READY"));
            again.press(" ");
            again.expect_text("ON TIME");
            let status = quit_run(&mut again);
            assert!(status.success(), "{delay} ms: exit status {status:?}");
        }
        assert_every_journal_whole(&runs);
        eprintln!(
            "killed {delay} ms after Space: {}",
            if recorded {
                "the run was recorded and taken up"
            } else {
                "nothing was recorded; a fresh start"
            }
        );
    }
}

#[test]
fn killed_while_writing_its_first_event_the_next_start_is_fresh_and_then_resumes() {
    // The kernel kills the console at the very write that passes the file
    // size limit (SIGXFSZ, as final as SIGKILL): with no room at all, at
    // the journal's first byte; with 512 bytes, in the middle of its
    // header. Exactly the moment a `kill -9` right after Space can hit.
    for blocks in [0, 1] {
        let dir = tempfile::tempdir().expect("a temp dir");
        write_plan(dir.path(), "quick.toml", QUICK);
        let runs = dir.path().join("runs");
        let setup = format!("ulimit -c 0; ulimit -f {blocks}");
        let mut console = Pty::spawn_after(dir.path(), &setup, &ARGS, FULL);
        console.expect_text("READY");
        console.press(" ");
        let status = console.wait_exit(TIMEOUT);
        assert!(
            !status.success(),
            "{blocks}: killed at the write: {status:?}"
        );
        assert!(
            journals(&runs).is_empty(),
            "{blocks}: {:?}",
            journals(&runs)
        );

        let mut again = Pty::spawn(dir.path(), &ARGS, FULL);
        again.expect("a fresh run, not a refusal", |t| t.contains("READY"));
        again.press(" ");
        again.expect_text("ON TIME");
        again.kill_hard();
        assert_every_journal_whole(&runs);

        let mut third = Pty::spawn(dir.path(), &ARGS, FULL);
        third.expect("the run taken up", |t| {
            t.contains("resumed run started") && t.contains("Opening words")
        });
        let status = quit_run(&mut third);
        assert!(status.success(), "{blocks}: exit status {status:?}");
    }
}

#[test]
fn a_journal_left_empty_by_an_older_kill_does_not_block_the_next_start() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(dir.path(), "quick.toml", QUICK);
    let runs = dir.path().join("runs");
    fs::create_dir(&runs).expect("a runs dir");
    // What a kill between creating and writing a journal left, before
    // journals were written whole: an empty file under a journal's name,
    // and the start of a header under a temporary one.
    fs::write(runs.join("quick-20200101-090000.jsonl"), "").expect("written");
    fs::write(
        runs.join(".quick-20200101-090500.jsonl.4242-0.tmp"),
        "{\"format\":\"timekeeper-journal\",\"ver",
    )
    .expect("written");

    let mut console = Pty::spawn(dir.path(), &ARGS, FULL);
    console.expect("a fresh run, not a refusal", |t| t.contains("READY"));
    console.press(" ");
    console.expect_text("ON TIME");
    console.kill_hard();

    let mut again = Pty::spawn(dir.path(), &ARGS, FULL);
    again.expect("the run taken up", |t| {
        t.contains("resumed run started") && t.contains("Opening words")
    });
    let status = quit_run(&mut again);
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(
        fs::read(runs.join("quick-20200101-090000.jsonl")).expect("still there"),
        b"",
        "the empty file is left as it was"
    );
}

#[test]
fn a_runs_dir_full_from_the_first_event_says_nothing_was_saved_and_leaves_no_file() {
    // No room at all, and room for 512 bytes (less than a header): every
    // write past that fails as on a full disk (with "file too large"
    // rather than "no space left", the signal that would come with it
    // ignored).
    for blocks in [0, 1] {
        runs_dir_full(&format!("trap '' XFSZ; ulimit -f {blocks}"));
    }
}

fn runs_dir_full(setup: &str) {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(dir.path(), "quick.toml", QUICK);
    let mut console = Pty::spawn_after(dir.path(), setup, &ARGS, FULL);
    console.expect_text("READY");
    console.press(" ");
    console.expect("NOT RECORDING, timing all the same", |t| {
        t.contains("NOT RECORDING") && t.contains("ON TIME")
    });
    let status = quit_run(&mut console);
    assert!(
        !status.success(),
        "a run that was not saved is not a success: {status:?}"
    );
    let raw = console.raw();
    assert!(
        raw.contains("nothing of this run was saved")
            && !raw.contains("holds what reached the disk")
            && !raw.contains("Run saved in"),
        "the exit message says nothing was saved: {raw:?}"
    );
    let left: Vec<_> = fs::read_dir(dir.path().join("runs"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        left.is_empty(),
        "{setup}: files left in the runs dir: {left:?}"
    );

    // Room again: the next start is a fresh run, not a refusal.
    let mut again = Pty::spawn(dir.path(), &ARGS, FULL);
    again.expect("a fresh run", |t| t.contains("READY"));
    again.press("q");
    again.wait_exit(TIMEOUT);
}

#[test]
fn a_fifo_and_a_link_to_dev_zero_in_the_runs_dir_hold_up_neither_run_nor_stage() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(dir.path(), "quick.toml", QUICK);
    let runs = dir.path().join("runs");
    fs::create_dir(&runs).expect("a runs dir");
    for name in ["quick-20200101-090000.jsonl", "stray.jsonl"] {
        let made = std::process::Command::new("mkfifo")
            .arg(runs.join(name))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    }
    std::os::unix::fs::symlink("/dev/zero", runs.join("quick-20200101-090500.jsonl"))
        .expect("a link");

    let mut console = Pty::spawn(dir.path(), &ARGS, FULL);
    console.expect("the console, not held up", |t| t.contains("READY"));
    let mut stage = Pty::spawn(dir.path(), &["stage", "--runs-dir", "runs"], FULL);
    stage.expect_text("waiting for a run");
    console.press(" ");
    stage.expect("the run on stage", |t| t.contains("Ada Lovelace"));
    let status = quit_run(&mut console);
    assert!(status.success(), "exit status {status:?}");
    stage.press("q");
    let status = stage.wait_exit(TIMEOUT);
    assert!(status.success(), "stage exit status {status:?}");
}

#[test]
fn a_resumed_header_without_its_newline_goes_on_and_reads_with_every_command() {
    let dir = tempfile::tempdir().expect("a temp dir");
    write_plan(dir.path(), "quick.toml", QUICK);
    let runs = dir.path().join("runs");
    let mut console = Pty::spawn(dir.path(), &ARGS, FULL);
    console.expect_text("READY");
    console.press(" ");
    console.expect_text("ON TIME");
    console.kill_hard();
    // The journal as a crash could leave it: the header alone, its newline
    // never written.
    let path = only_journal(&runs);
    let text = fs::read_to_string(&path).expect("the journal reads");
    fs::write(&path, text.lines().next().expect("a header")).expect("written");

    let name = path
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    let resume = format!("runs/{name}");
    let args = [
        "run",
        "quick.toml",
        "--runs-dir",
        "runs",
        "--resume",
        &resume,
    ];
    let mut again = Pty::spawn(dir.path(), &args, FULL);
    again.expect_text("resumed run not yet started");
    again.press(" ");
    again.expect_text("ON TIME");
    let status = quit_run(&mut again);
    assert!(status.success(), "exit status {status:?}");

    let bytes = fs::read(&path).expect("the journal reads");
    assert!(!bytes.contains(&0), "a NUL byte in the journal");
    let journal = Journal::read(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(journal.warning, None);
    for args in [
        &["report", resume.as_str()][..],
        &["report", resume.as_str(), "--format", "svg"],
        &["compare", resume.as_str(), resume.as_str()],
    ] {
        let out = std::process::Command::new(BIN)
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("timekeeper runs");
        assert!(
            out.status.success(),
            "timekeeper {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
