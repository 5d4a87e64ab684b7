//! `timekeeper report` and `compare` as a user runs them: the real binary on
//! the fixture journals, writing to stdout, to files, and into a closed pipe.

use std::fs;
use std::io::Read as _;
#[cfg(unix)]
use std::path::Path;
use std::process::{Command, Stdio};

#[cfg(unix)]
use crate::common::cli::Outcome;
use crate::common::cli::timekeeper;

const DIR: &str = "tests/fixtures/journals";

fn fixture(stem: &str) -> String {
    format!("{DIR}/{stem}.jsonl")
}

#[test]
fn report_prints_markdown_by_default() {
    let out = timekeeper(&["report", &fixture("plenary-3")]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.starts_with("# Plenary Session 3"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("| 6 | Closing remarks |"));
    assert_eq!(out.stderr, "");
}

#[test]
fn every_format_is_written_to_stdout() {
    for (format, start) in [
        ("md", "# "),
        ("csv", "index,title,speaker,"),
        ("json", "{"),
        ("svg", "<svg"),
    ] {
        let out = timekeeper(&["report", &fixture("panel-overruns"), "--format", format]);
        assert_eq!(out.code, Some(0), "{format}: {}", out.stderr);
        assert!(out.stdout.starts_with(start), "{format}: {}", out.stdout);
    }
}

#[test]
fn output_refuses_to_overwrite_without_force_and_replaces_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.csv");
    let target_str = target.to_str().unwrap();
    let journal = fixture("panel-overruns");

    let first = timekeeper(&[
        "report", &journal, "--format", "csv", "--output", target_str,
    ]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert_eq!(first.stdout, "", "nothing on stdout when writing a file");
    let written = fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("index,title,"));

    let refused = timekeeper(&["report", &journal, "--output", target_str]);
    assert_eq!(refused.code, Some(1));
    assert_eq!(refused.stderr.lines().count(), 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("already exists") && refused.stderr.contains("--force"),
        "{}",
        refused.stderr
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), written, "left alone");

    let forced = timekeeper(&[
        "report", &journal, "--output", target_str, "--force", "--format", "md",
    ]);
    assert_eq!(forced.code, Some(0), "{}", forced.stderr);
    assert!(fs::read_to_string(&target).unwrap().starts_with("# Panel"));
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn force_never_writes_a_report_over_its_own_journal() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("run.jsonl");
    fs::copy(fixture("panel-clean"), &journal).unwrap();
    let before = fs::read(&journal).unwrap();
    let path = journal.to_str().unwrap();
    let out = timekeeper(&["report", path, "--output", path, "--force"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("is the journal being reported on"),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read(&journal).unwrap(), before);
}

#[test]
fn output_into_a_missing_directory_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no-such-dir").join("r.md");
    let out = timekeeper(&[
        "report",
        &fixture("panel-clean"),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("timekeeper: cannot write "),
        "{}",
        out.stderr
    );
}

#[test]
fn a_damaged_journal_is_one_clear_error_line_and_exit_1() {
    let out = timekeeper(&["report", &fixture("panel-damaged")]);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("panel-damaged.jsonl:3: the journal is damaged here"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_missing_journal_is_one_clear_error_line() {
    let out = timekeeper(&["report", "tests/fixtures/journals/nowhere.jsonl"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("cannot read journal"), "{}", out.stderr);
    // The cause is said once, not repeated by the error chain.
    assert_eq!(
        out.stderr.matches("os error 2").count(),
        1,
        "{}",
        out.stderr
    );
}

#[test]
fn a_missing_plan_for_run_is_one_sentence_with_its_cause_once() {
    let out = timekeeper(&["run", "tests/fixtures/nowhere.toml"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("cannot read plan"), "{}", out.stderr);
    assert_eq!(
        out.stderr.matches("os error 2").count(),
        1,
        "{}",
        out.stderr
    );
}

#[test]
fn a_cut_last_line_is_warned_about_on_stderr_and_the_report_goes_on() {
    let out = timekeeper(&["report", &fixture("panel-cut"), "--format", "csv"]);
    assert_eq!(out.code, Some(0));
    assert_eq!(out.stdout.lines().count(), 5);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("timekeeper: warning: "),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("line 5"), "{}", out.stderr);
}

#[test]
fn report_into_a_closed_pipe_exits_0() {
    let mut child = crate::common::cli::spawn(
        Command::new(crate::common::cli::BIN)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["report", &fixture("plenary-3"), "--format", "svg"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    )
    .unwrap();
    // Close the reading end before the report is written.
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
}

#[test]
#[cfg(unix)] // a POSIX shell and a pipe to head
fn report_piped_into_head_exits_0() {
    if !Path::new("/bin/bash").exists() {
        return;
    }
    let bin = Path::new(crate::common::cli::BIN);
    let script = format!(
        "set -o pipefail; '{}' report '{}' | head -1",
        bin.display(),
        fixture("plenary-3")
    );
    let output = Command::new("/bin/bash")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-c", &script])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "# Plenary Session 3: Turning Intention to Action for Survivors\n"
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn compare_lines_up_runs_in_every_format() {
    let journals = [
        fixture("panel-rehearsal-1"),
        fixture("panel-rehearsal-2"),
        fixture("panel-rehearsal-3"),
    ];
    for (format, start) in [("md", "# "), ("csv", "index,title,"), ("json", "{")] {
        let mut args = vec!["compare"];
        args.extend(journals.iter().map(String::as_str));
        args.extend(["--format", format]);
        let out = timekeeper(&args);
        assert_eq!(out.code, Some(0), "{format}: {}", out.stderr);
        assert!(out.stdout.starts_with(start), "{format}: {}", out.stdout);
    }
}

#[test]
fn compare_refuses_a_damaged_journal_in_one_line() {
    let out = timekeeper(&[
        "compare",
        &fixture("panel-rehearsal-1"),
        &fixture("panel-damaged"),
    ]);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}

/// A copy of a fixture journal whose header names a plan file with escape
/// sequences in it, under a file name with one too.
#[cfg(unix)]
fn with_escapes_in_paths(dir: &Path, stem: &str) -> String {
    let text = fs::read_to_string(fixture(stem)).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    let mut header: serde_json::Value = serde_json::from_str(first).unwrap();
    header["plan_path"] = "sessions/\u{1b}[2J\u{1b}]0;pwned\u{7}plan\u{1b}[31m.toml".into();
    let path = dir.join(format!("{stem}-\u{1b}[31mred\u{1b}[0m.jsonl"));
    fs::write(&path, format!("{header}\n{rest}")).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
#[cfg(unix)] // Windows file names cannot hold control characters
fn escape_sequences_in_journal_paths_never_reach_stdout_or_stderr_raw() {
    let dir = tempfile::tempdir().unwrap();
    let raw = |out: &Outcome| {
        out.stdout.contains(['\u{1b}', '\u{7}']) || out.stderr.contains(['\u{1b}', '\u{7}'])
    };
    // panel-cut: its cut last line is warned about on stderr, path and all.
    for stem in ["panel-overruns", "panel-cut"] {
        let journal = with_escapes_in_paths(dir.path(), stem);
        for format in ["md", "csv", "json", "svg"] {
            let out = timekeeper(&["report", &journal, "--format", format]);
            assert_eq!(out.code, Some(0), "{stem} {format}: {}", out.stderr);
            assert!(
                !raw(&out),
                "{stem} {format}: {:?}\n{:?}",
                out.stdout,
                out.stderr
            );
        }
    }
    let journals: Vec<String> = ["panel-rehearsal-1", "panel-revised-rehearsal", "plenary-3"]
        .iter()
        .map(|stem| with_escapes_in_paths(dir.path(), stem))
        .collect();
    for format in ["md", "csv", "json"] {
        let mut args = vec!["compare"];
        args.extend(journals.iter().map(String::as_str));
        args.extend(["--format", format]);
        let out = timekeeper(&args);
        assert_eq!(out.code, Some(0), "{format}: {}", out.stderr);
        assert!(!raw(&out), "{format}: {:?}\n{:?}", out.stdout, out.stderr);
        if format == "md" {
            assert!(out.stdout.contains("Run left out: "), "{}", out.stdout);
            assert!(
                out.stdout.contains("\u{241b}"),
                "shown as ␛: {}",
                out.stdout
            );
        }
    }
}

// ---------------------------------------------------------------------------
// The format from the output file's name, directories, and compare's output

#[test]
fn the_output_files_extension_chooses_the_format() {
    let dir = tempfile::tempdir().unwrap();
    for (name, start) in [
        ("plenary.csv", "index,title,speaker,"),
        ("plenary.md", "# Panel"),
        ("plenary.json", "{"),
        ("plenary.svg", "<svg"),
        // Another name than plenary.csv: Windows's names ignore case.
        ("LOUD.CSV", "index,title,speaker,"),
    ] {
        let target = dir.path().join(name);
        let out = timekeeper(&[
            "report",
            &fixture("panel-overruns"),
            "-o",
            target.to_str().unwrap(),
        ]);
        assert_eq!(out.code, Some(0), "{name}: {}", out.stderr);
        let written = fs::read_to_string(&target).unwrap();
        assert!(written.starts_with(start), "{name}: {written}");
    }
    // --format says otherwise, and wins.
    let target = dir.path().join("table.csv.txt");
    let out = timekeeper(&[
        "report",
        &fixture("panel-overruns"),
        "-o",
        target.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        fs::read_to_string(&target)
            .unwrap()
            .starts_with("index,title,")
    );
}

#[test]
fn an_output_file_whose_extension_names_no_format_is_refused_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["plenary.xlsx", "plenary"] {
        let target = dir.path().join(name);
        let out = timekeeper(&[
            "report",
            &fixture("panel-overruns"),
            "-o",
            target.to_str().unwrap(),
        ]);
        assert_eq!(out.code, Some(1), "{name}");
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(out.stderr.contains("--format"), "{}", out.stderr);
        assert!(
            out.stderr.contains(".md, .csv, .json or .svg"),
            "{}",
            out.stderr
        );
        assert!(!target.exists(), "{name}: nothing written");
    }
    let out = timekeeper(&[
        "compare",
        &fixture("panel-rehearsal-1"),
        "-o",
        dir.path().join("c.svg").to_str().unwrap(),
    ]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains(".md, .csv or .json"), "{}", out.stderr);
}

#[test]
fn output_to_a_directory_says_it_is_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let shown = dir.path().to_str().unwrap();
    for args in [
        vec![
            "report",
            "tests/fixtures/journals/panel-clean.jsonl",
            "-o",
            shown,
        ],
        vec![
            "compare",
            "tests/fixtures/journals/panel-rehearsal-1.jsonl",
            "-o",
            shown,
        ],
    ] {
        let out = timekeeper(&args);
        assert_eq!(out.code, Some(1), "{args:?}");
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(out.stderr.contains("is a directory"), "{}", out.stderr);
    }
}

#[test]
fn compare_writes_to_a_file_safely_with_output_and_force() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("rehearsals.csv");
    let target_str = target.to_str().unwrap();
    let journals = [fixture("panel-rehearsal-1"), fixture("panel-rehearsal-2")];
    let args = |extra: &[&'static str]| -> Vec<String> {
        let mut args = vec!["compare".to_owned()];
        args.extend(journals.iter().cloned());
        args.extend(["--output".to_owned(), target_str.to_owned()]);
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        args
    };
    let run = |extra: &[&'static str]| {
        let owned = args(extra);
        let borrowed: Vec<&str> = owned.iter().map(String::as_str).collect();
        timekeeper(&borrowed)
    };
    let first = run(&[]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert_eq!(first.stdout, "");
    let written = fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("index,title,"), "{written}");

    let refused = run(&["--format", "md"]);
    assert_eq!(refused.code, Some(1));
    assert!(
        refused.stderr.contains("already exists"),
        "{}",
        refused.stderr
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), written);

    let forced = run(&["--format", "md", "--force"]);
    assert_eq!(forced.code, Some(0), "{}", forced.stderr);
    assert!(fs::read_to_string(&target).unwrap().starts_with("# Panel"));
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn compare_never_writes_over_one_of_its_journals() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("r1.jsonl");
    fs::copy(fixture("panel-rehearsal-1"), &journal).unwrap();
    let before = fs::read(&journal).unwrap();
    let path = journal.to_str().unwrap();
    let out = timekeeper(&[
        "compare",
        path,
        &fixture("panel-rehearsal-2"),
        "-o",
        path,
        "--force",
        "--format",
        "md",
    ]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("one of the journals being compared"),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read(&journal).unwrap(), before);
}

#[test]
fn compare_counts_a_journal_given_twice_once() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.jsonl");
    fs::copy(fixture("panel-rehearsal-1"), &copy).unwrap();
    let once = timekeeper(&[
        "compare",
        &fixture("panel-rehearsal-1"),
        &fixture("panel-rehearsal-2"),
        "--format",
        "json",
    ]);
    assert_eq!(once.code, Some(0), "{}", once.stderr);
    // The same file by another name, and a copy of the same run.
    let same_file = format!("./{}", fixture("panel-rehearsal-1"));
    let twice = timekeeper(&[
        "compare",
        &fixture("panel-rehearsal-1"),
        &fixture("panel-rehearsal-2"),
        &same_file,
        copy.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(twice.code, Some(0), "{}", twice.stderr);
    assert_eq!(twice.stdout, once.stdout, "the figures count each run once");
    assert_eq!(twice.stderr.lines().count(), 2, "{}", twice.stderr);
    assert!(
        twice
            .stderr
            .lines()
            .all(|l| l.starts_with("timekeeper: warning: ") && l.contains("is the same run as")),
        "{}",
        twice.stderr
    );
}

#[test]
fn report_and_compare_treat_a_segment_cut_short_by_ending_the_run_alike() {
    let report = timekeeper(&["report", &fixture("panel-ended-early"), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let donor = &json["segments"][1];
    assert_eq!(donor["cut_short"], true);
    assert_eq!(
        donor["delta_seconds"],
        serde_json::Value::Null,
        "not a whole turn"
    );
    let compare = timekeeper(&[
        "compare",
        &fixture("panel-clean"),
        &fixture("panel-ended-early"),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&compare.stdout).unwrap();
    assert_eq!(json["segments"][1]["status"][1], "cut_short");
    assert_eq!(json["segments"][1]["runs_done"], 1);
    let md = timekeeper(&["report", &fixture("panel-ended-early")]).stdout;
    assert!(md.contains("| 4:30, run ended |  |"), "{md}");
    assert!(!md.contains("0 segments"), "{md}");
}

#[test]
fn ending_in_the_last_segment_says_nothing_of_segments_never_reached() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(fixture("panel-clean")).unwrap();
    // End the run during Q&A instead of finishing it.
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let last = lines.pop().unwrap();
    lines.push(last.replace("\"event\":\"next\"", "\"event\":\"end\""));
    let path = dir.path().join("ended-in-qa.jsonl");
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    let out = timekeeper(&["report", path.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "> **The timekeeper ended the run early at 14:26:30, cutting short \"Q&A\".**"
        ),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("never reached"), "{}", out.stdout);
}
