//! `timekeeper tally` through the real binary: the goldens of two fixture
//! runs of a day (the seed plenary's morning and an afternoon copy of it in
//! which "European Union" is written "european union" and Colombia is
//! added again as " COLOMBIA"), in every format, and the command's edges.
//!
//! Every figure was checked by hand against the journals: Colombia spoke
//! 2:40 in the morning, 2:40 and 1:30 in the afternoon (6:50, three
//! interventions); the European Union 5:05 each time (0:05 over its 5:00,
//! one point of order each).

use std::process::Command;

const MORNING: &str = "tests/fixtures/journals/plenary-3-floor.jsonl";
const AFTERNOON: &str = "tests/fixtures/journals/plenary-3-floor-afternoon.jsonl";

fn tally(args: &[&str]) -> (String, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_timekeeper"))
        .arg("tally")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.success(),
    )
}

#[test]
fn two_runs_of_a_day_in_every_format() {
    for format in ["md", "csv", "json"] {
        let (out, err, ok) = tally(&["--format", format, MORNING, AFTERNOON]);
        assert!(ok, "{err}");
        insta::assert_snapshot!(format!("tally_two_runs.{format}"), out);
    }
}

#[test]
fn a_name_written_two_ways_is_one_delegation_in_the_order_they_first_spoke() {
    let (out, _, _) = tally(&["-f", "csv", MORNING, AFTERNOON]);
    let names: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Colombia",
            "European Union",
            "Iraq",
            "Lao People's Democratic Republic",
            "Cambodia"
        ]
    );
    assert!(
        out.contains("\n1,Colombia,3,410,0,0,"),
        "three interventions, 6:50: {out}"
    );
    assert!(out.contains("\n2,European Union,2,610,10,2,"), "{out}");
}

#[test]
fn all_counts_the_segments_own_speakers_too() {
    let (plain, _, _) = tally(&[MORNING]);
    assert!(!plain.contains("Sarah Harrison"), "{plain}");
    let (all, _, _) = tally(&["--all", MORNING]);
    assert!(
        all.contains(
            "**Ms. Sarah Harrison**: 1 intervention, 15:20 in all, 0:20 over their limits"
        ),
        "{all}"
    );
}

#[test]
fn sessions_are_numbered_in_the_order_they_were_held_however_they_are_named() {
    let (in_order, _, _) = tally(&[MORNING, AFTERNOON]);
    let (backwards, _, _) = tally(&[AFTERNOON, MORNING]);
    assert_eq!(in_order, backwards);
}

#[test]
fn a_run_without_a_floor_says_how_to_count_its_speakers() {
    let (out, err, ok) = tally(&["tests/fixtures/journals/panel-clean.jsonl"]);
    assert!(ok, "{err}");
    assert!(out.contains("Nobody was given the floor."), "{out}");
    assert!(
        err.contains("--all counts the segments' own speakers"),
        "{err}"
    );
    let (_, err, _) = tally(&[MORNING]);
    assert!(!err.contains("--all"), "a floor was run: {err}");
}

#[test]
fn the_output_is_never_written_over_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tally.csv");
    std::fs::write(&out, "keep").unwrap();
    let path = out.to_str().unwrap();
    let (_, err, ok) = tally(&["-o", path, MORNING]);
    assert!(!ok);
    assert!(err.contains("already exists; give --force"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep");
    let (_, err, ok) = tally(&["-o", path, "--force", MORNING]);
    assert!(ok, "{err}");
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("order,name,interventions,")
    );
}

#[test]
fn a_missing_journal_is_one_clear_line() {
    let (_, err, ok) = tally(&["tests/fixtures/journals/nowhere.jsonl"]);
    assert!(!ok);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn a_name_a_spreadsheet_would_run_is_neutralised() {
    let tally = timekeeper::report::Tally::new(
        &[timekeeper::journal::Journal::read(std::path::Path::new(
            "tests/fixtures/journals/hostile-names.jsonl",
        ))
        .unwrap()],
        true,
    );
    let csv = timekeeper::report::render_tally_csv(&tally);
    assert!(
        !csv.lines().skip(1).any(|l| {
            let name = l.split(',').nth(1).unwrap_or_default();
            name.starts_with(['=', '+', '-', '@'])
        }),
        "{csv}"
    );
}

#[test]
fn tally_help_describes_its_own_formats_not_compares() {
    let out = Command::new(env!("CARGO_BIN_EXE_timekeeper"))
        .args(["tally", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for words in [
        "md:   Markdown: the meeting summary's list of speakers, in speaking order",
        "csv:  CSV: one row per speaker",
        "json: JSON: the sessions and every speaker's figures",
    ] {
        assert!(help.contains(words), "{words}:\n{help}");
    }
    for compares in [
        "a column per run",
        "one row per segment",
        "a table for humans",
    ] {
        assert!(!help.contains(compares), "{compares}:\n{help}");
    }
}
