//! Finding runs (issue 20): `timekeeper runs` lists what the runs dir holds,
//! and `report`, `compare` and `stage` find a journal by its bare file name
//! or as `last`, in the runs dir `--runs-dir` (or the environment) names.

use std::fs;
use std::path::Path;

use crate::common::cli::{command, run, timekeeper};
use timekeeper::journal::Journal;

const DIR: &str = "tests/fixtures/journals";

/// A runs dir holding copies of fixture journals, under the names a
/// console gives them.
fn runs_dir(journals: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (stem, name) in journals {
        fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("{DIR}/{stem}.jsonl")),
            dir.path().join(name),
        )
        .unwrap();
    }
    dir
}

fn standard() -> tempfile::TempDir {
    runs_dir(&[
        ("plenary-3", "plenary-3-20190207-095231.jsonl"),
        ("panel-clean", "panel-20261127-135512.jsonl"),
        ("panel-unfinished", "panel-20261128-090000.jsonl"),
        ("panel-ended-early", "panel-20261126-140000.jsonl"),
    ])
}

#[test]
fn runs_lists_the_recorded_runs_newest_first_with_plan_mode_state_and_path() {
    let dir = standard();
    let d = dir.path().to_str().unwrap();
    let out = timekeeper(&["runs", "--runs-dir", d]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("Runs in "), "{}", out.stdout);
    let header: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(header, ["plan", "mode", "started", "state", "journal"]);
    let rows: Vec<Vec<&str>> = lines[2..]
        .iter()
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 4, "{}", out.stdout);
    // Newest first, by when each run began (its journal's header says).
    let listed: Vec<&str> = rows.iter().map(|r| *r.last().unwrap()).collect();
    let mut by_creation = listed.clone();
    by_creation
        .sort_by_key(|p| std::cmp::Reverse(Journal::read(Path::new(p)).unwrap().header.created));
    assert_eq!(listed, by_creation);
    let state_of = |name: &str| {
        rows.iter()
            .find(|r| r.last().unwrap().ends_with(name))
            .map(|r| r[r.len() - 2])
            .unwrap()
    };
    assert_eq!(state_of("panel-20261127-135512.jsonl"), "closed");
    assert_eq!(state_of("panel-20261128-090000.jsonl"), "running");
    assert_eq!(state_of("panel-20261126-140000.jsonl"), "ended");
    assert!(rows.iter().all(|r| r[1] == "live"), "{}", out.stdout);
    assert!(
        rows.iter().all(|r| Path::new(r.last().unwrap()).is_file()),
        "each row ends with the journal's path: {}",
        out.stdout
    );
}

#[test]
fn runs_in_an_empty_or_missing_runs_dir_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing-here");
    let out = timekeeper(&["runs", "--runs-dir", missing.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.starts_with("No runs recorded in "),
        "{}",
        out.stdout
    );
}

#[test]
fn runs_reads_the_runs_dir_from_the_environment() {
    let dir = standard();
    let mut cmd = command(&["runs"]);
    cmd.env("TIMEKEEPER_RUNS_DIR", dir.path());
    let out = run(cmd, &["runs"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains("panel-20261127-135512.jsonl"),
        "{}",
        out.stdout
    );
}

#[test]
fn report_takes_a_journals_bare_file_name_from_the_runs_dir() {
    let dir = standard();
    let d = dir.path().to_str().unwrap();
    let by_name = timekeeper(&["report", "panel-20261127-135512.jsonl", "--runs-dir", d]);
    assert_eq!(by_name.code, Some(0), "{}", by_name.stderr);
    let by_path = timekeeper(&["report", &format!("{DIR}/panel-clean.jsonl")]);
    // The same report, but for the journal's path it names.
    let body = |md: &str| {
        md.lines()
            .filter(|l| !l.contains(".jsonl"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&by_name.stdout), body(&by_path.stdout));
    // Without its extension too.
    let stem = timekeeper(&["report", "panel-20261127-135512", "--runs-dir", d]);
    assert_eq!(stem.code, Some(0), "{}", stem.stderr);
    assert_eq!(stem.stdout, by_name.stdout);
}

#[test]
fn report_last_is_the_run_that_recorded_something_last() {
    let dir = standard();
    let d = dir.path().to_str().unwrap();
    let out = timekeeper(&["report", "last", "--runs-dir", d, "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let latest = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| Journal::read(&e.unwrap().path()).unwrap())
        .max_by_key(Journal::last_activity)
        .unwrap();
    assert_eq!(
        json["journal"].as_str(),
        latest.path.to_str(),
        "the journal whose last event is the latest"
    );
}

#[test]
fn compare_takes_bare_names_and_last() {
    let dir = runs_dir(&[
        ("panel-rehearsal-1", "panel-20261120-100000-rehearsal.jsonl"),
        ("panel-rehearsal-2", "panel-20261121-100000-rehearsal.jsonl"),
    ]);
    let d = dir.path().to_str().unwrap();
    let out = timekeeper(&[
        "compare",
        "panel-20261120-100000-rehearsal.jsonl",
        "last",
        "--runs-dir",
        d,
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("index,title,speaker,planned_seconds,")
    );
}

#[test]
fn a_name_found_nowhere_says_where_it_looked_and_how_to_list_runs() {
    let dir = standard();
    let d = dir.path().to_str().unwrap();
    let out = timekeeper(&["report", "panel-19990101-000000.jsonl", "--runs-dir", d]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("timekeeper runs"), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    let empty = tempfile::tempdir().unwrap();
    let out = timekeeper(&[
        "report",
        "last",
        "--runs-dir",
        empty.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("no recorded run"), "{}", out.stderr);
}

#[test]
fn stage_refuses_a_bare_name_it_cannot_find_before_taking_the_screen() {
    let dir = standard();
    let d = dir.path().to_str().unwrap();
    let out = timekeeper(&["stage", "nope.jsonl", "--runs-dir", d]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("timekeeper runs"), "{}", out.stderr);
}

#[test]
fn report_help_says_where_runs_are() {
    let out = timekeeper(&["report", "--help"]);
    assert_eq!(out.code, Some(0));
    for words in [
        "--runs-dir",
        "TIMEKEEPER_RUNS_DIR",
        "~/.local/state/timekeeper/runs",
        "timekeeper runs",
        "last",
    ] {
        assert!(out.stdout.contains(words), "{words}: {}", out.stdout);
    }
}
