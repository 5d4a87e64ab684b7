//! Issue 10 from the command line: plans and journals that are not files
//! (a FIFO, a link to `/dev/zero`), too large, empty or dated absurdly are
//! refused at once with one sentence, never read for ever or waited on.
//! Each command runs under a deadline and is killed if it does not finish.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::cli::{Outcome, timekeeper_within};

/// Generous: a hang is what is being caught, not slowness.
const DEADLINE: Duration = Duration::from_secs(10);

const PANEL: &str = "tests/fixtures/journals/panel-clean.jsonl";
#[cfg(unix)]
const PLAN: &str = "tests/fixtures/journals/plans/panel.toml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `timekeeper ARGS` in `dir`; fails the test if it hangs.
fn run(dir: &Path, args: &[&str]) -> Outcome {
    timekeeper_within(dir, args, DEADLINE).unwrap_or_else(|| {
        panic!(
            "`timekeeper {}` did not finish within {DEADLINE:?}",
            args.join(" ")
        )
    })
}

/// Refused with exit status 1 and one line on stderr containing `says`.
fn assert_refused(out: &Outcome, says: &str) {
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains(says), "{}", out.stderr);
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
}

#[test]
#[cfg(unix)]
fn a_fifo_plan_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("plan.toml"));
    for args in [
        &["check", "plan.toml"][..],
        &["run", "plan.toml", "--runs-dir", "runs"],
    ] {
        let out = run(dir.path(), args);
        assert_refused(
            &out,
            "cannot read plan plan.toml: it is a FIFO (named pipe), not a plan file",
        );
    }
}

#[test]
#[cfg(unix)]
fn a_plan_linked_to_dev_zero_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("plan.toml")).unwrap();
    let out = run(dir.path(), &["check", "plan.toml"]);
    assert_refused(
        &out,
        "cannot read plan plan.toml: it is a device, not a plan file",
    );
}

#[test]
fn a_huge_plan_is_refused_with_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    // Sparse: three gigabytes that take no room.
    fs::File::create(&path)
        .unwrap()
        .set_len(3 * 1024 * 1024 * 1024)
        .unwrap();
    let out = run(dir.path(), &["check", "plan.toml"]);
    assert_refused(
        &out,
        "cannot read plan plan.toml: it is 3.0 GiB, and a plan is at most 1 MiB",
    );
}

#[test]
#[cfg(unix)]
fn a_fifo_journal_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("run.jsonl"));
    for args in [
        &["report", "run.jsonl"][..],
        &["report", "run.jsonl", "--format", "svg"],
        &["compare", "run.jsonl"],
        &["stage", "run.jsonl"],
    ] {
        let out = run(dir.path(), args);
        assert_refused(
            &out,
            "cannot read journal run.jsonl: it is a FIFO (named pipe), not a journal file",
        );
    }
    let plan = root().join(PLAN);
    let out = run(
        dir.path(),
        &["run", plan.to_str().unwrap(), "--resume", "run.jsonl"],
    );
    assert_refused(&out, "it is a FIFO (named pipe), not a journal file");
}

#[test]
#[cfg(unix)]
fn a_journal_linked_to_dev_zero_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("run.jsonl")).unwrap();
    for args in [
        &["report", "run.jsonl"][..],
        &["compare", "run.jsonl"],
        &["stage", "run.jsonl"],
    ] {
        let out = run(dir.path(), args);
        assert_refused(
            &out,
            "cannot read journal run.jsonl: it is a device, not a journal file",
        );
    }
}

#[test]
fn a_journal_larger_than_any_console_writes_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.jsonl");
    fs::copy(root().join(PANEL), &path).unwrap();
    fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(5 * 1024 * 1024 * 1024)
        .unwrap();
    let out = run(dir.path(), &["report", "run.jsonl"]);
    assert_refused(
        &out,
        "it is 5.0 GiB, larger than any journal timekeeper writes",
    );
}

#[test]
fn an_empty_journal_is_reported_as_holding_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("run.jsonl"), "").unwrap();
    fs::write(
        dir.path().join("cut.jsonl"),
        "{\"format\":\"timekeeper-journal\",\"version\":1,\"mo",
    )
    .unwrap();
    for name in ["run.jsonl", "cut.jsonl"] {
        let out = run(dir.path(), &["report", name]);
        assert_refused(&out, &format!("{name} has nothing recorded in it"));
        assert_eq!(out.stdout, "");
    }
}

#[test]
fn an_event_dated_in_the_year_6026_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    // One flipped bit: 2026 is 0x7ea, 6026 is 0x178a; in the text, one
    // digit.
    let text = fs::read_to_string(root().join(PANEL))
        .unwrap()
        .replace("\"2026-11-27T14:18:55", "\"6026-11-27T14:18:55");
    fs::write(dir.path().join("run.jsonl"), text).unwrap();
    for format in ["md", "svg"] {
        let out = run(dir.path(), &["report", "run.jsonl", "--format", format]);
        assert_refused(
            &out,
            "run.jsonl:5: the journal is damaged here (an event dated 6026-11-27T14:18:55.500+01:00",
        );
    }
}

#[test]
fn a_journal_insert_of_segment_u64_max_is_refused_by_report_and_compare_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(root().join(PANEL)).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let insert = r#"{"at":"2026-11-28T14:01:40.000+01:00","event":"insert","segment":18446744073709551615,"after":null,"title":"Huge","duration_seconds":180}"#;
    lines.insert(2, insert);
    fs::write(dir.path().join("huge.jsonl"), lines.join("\n") + "\n").unwrap();
    for args in [
        &["report", "huge.jsonl"][..],
        &["compare", "huge.jsonl", "huge.jsonl"],
    ] {
        let out = run(dir.path(), args);
        assert_refused(&out, "huge.jsonl:3: the journal is damaged here");
        assert!(
            out.stderr.contains("segment 18446744073709551615"),
            "{}",
            out.stderr
        );
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
}
