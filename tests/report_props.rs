//! Every output format survives every string a plan may hold: names made of
//! controls, markup, quotes, pipes, line breaks, formula starts, the
//! characters XML forbids and any other Unicode. Written to a journal and
//! read back (the way a report is made), and also put into a report raw
//! (the renderers must not rely on the reader having cleaned them):
//!
//! - the SVG is well-formed XML;
//! - the CSV parses back into the same rows and columns, each name as it
//!   was (neutralised where a spreadsheet would run it);
//! - the JSON parses, each name as it was;
//! - the Markdown table keeps its columns, one line a row.

use std::path::Path;

use chrono::{DateTime, TimeDelta};
use proptest::prelude::*;
use timekeeper::journal::{Journal, Recorder};
use timekeeper::plan::{self, Plan};
use timekeeper::report::{self, Report, neutralise};
use timekeeper::run::{Command, Mode, Run, Time};
use timekeeper::text::sanitize;

const PLAN: &str = r#"
title = "Props"
location = "Room"
[[segments]]
title = "A"
speaker = "S"
duration = "5m"
[[segments]]
title = "B"
speaker = "T"
duration = "10m"
[[segments]]
title = "C"
duration = "90s"
"#;

/// Pieces of hostile text, and any character at all.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<char>().prop_map(String::from),
        2 => prop::sample::select(vec![
            "\0", "\u{1}", "\u{8}", "\u{b}", "\u{c}", "\u{1b}[31m", "\u{7f}", "\u{85}",
            "\u{fffe}", "\u{ffff}", "\u{feff}", "\u{200b}", "\u{2028}", "\u{202e}",
            "&", "&amp;", "<", ">", "]]>", "<!--", "\"", "'", "|", "\\", "\\|", "`",
            "*", "_", "#", "[", "]", "\n", "\r", "\r\n", "\t", " ", ",", ";",
            "=", "+", "-", "@", "\u{ff1d}", "\u{ff0b}", "\u{ff0d}", "\u{ff20}",
            "=SUM(A1)", "王毅", "e\u{301}", "👩‍👩‍👧",
        ])
        .prop_map(str::to_owned),
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..10).prop_map(|pieces| pieces.concat())
}

#[derive(Debug, Clone)]
struct Names {
    title: String,
    location: String,
    segments: Vec<(String, String)>,
}

fn names() -> impl Strategy<Value = Names> {
    (
        name(),
        name(),
        prop::collection::vec((name(), name()), 3..=3),
    )
        .prop_map(|(title, location, segments)| Names {
            title,
            location,
            segments,
        })
}

fn start() -> Time {
    DateTime::parse_from_rfc3339("2026-11-27T09:58:30.250+01:00").unwrap()
}

fn plan_named(names: &Names) -> Plan {
    let mut plan = plan::parse(PLAN, "props.toml", "props").unwrap();
    plan.title.clone_from(&names.title);
    plan.location = Some(names.location.clone());
    for (segment, (title, speaker)) in plan.segments.iter_mut().zip(&names.segments) {
        segment.title.clone_from(title);
        segment.speaker = Some(speaker.clone());
    }
    plan
}

/// A run of the plan (two segments done, one paused), journalled and read
/// back.
fn journalled(dir: &Path, plan: &Plan) -> Journal {
    let mut run = Run::new(plan.clone(), Mode::Live);
    let mut recorder = Recorder::create(dir, "props.toml", plan, Mode::Live, start());
    let mut now = start();
    for command in [
        Command::StartOrPause,
        Command::Next,
        Command::StartOrPause,
        Command::StartOrPause,
        Command::Next,
        Command::StartOrPause,
    ] {
        now += TimeDelta::seconds(200);
        let event = run.event_for(command, now).unwrap();
        recorder.record(&event, None);
        run.apply(&event);
    }
    assert_eq!(recorder.problem(), None);
    Journal::read(recorder.path()).unwrap()
}

/// The report with the names put back raw, as no reader cleaned them.
fn with_raw_names(mut report: Report, names: &Names) -> Report {
    report.title.clone_from(&names.title);
    report.location = Some(names.location.clone());
    for (line, (title, speaker)) in report.segments.iter_mut().zip(&names.segments) {
        line.title.clone_from(title);
        line.speaker = Some(speaker.clone());
    }
    report
}

/// The `|` that separate cells in a Markdown table row (not the escaped
/// ones, `\|`).
fn cell_separators(row: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in row.chars() {
        match (c, escaped) {
            (_, true) => escaped = false,
            ('\\', false) => escaped = true,
            ('|', false) => count += 1,
            _ => {}
        }
    }
    count
}

/// Checks every format of `report`, whose names are `names` as the report
/// holds them.
fn check_formats(report: &Report, names: &Names) -> Result<(), TestCaseError> {
    let svg = report::render_svg(report);
    if let Err(e) = roxmltree::Document::parse(&svg) {
        return Err(TestCaseError::fail(format!(
            "the SVG is not well-formed XML ({e})"
        )));
    }

    let csv = report::render_csv(report);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .map_err(|e| TestCaseError::fail(format!("the CSV does not parse: {e}")))?;
    prop_assert_eq!(rows.len(), names.segments.len());
    for (row, (title, speaker)) in rows.iter().zip(&names.segments) {
        prop_assert_eq!(
            row.len(),
            14,
            "the contract's eleven columns, then origin, given_seconds and recovered_seconds"
        );
        prop_assert_eq!(&row[1], neutralise(title));
        prop_assert_eq!(&row[2], neutralise(speaker));
        for cell in [&row[1], &row[2]] {
            let first = cell
                .trim_start_matches(|c: char| {
                    c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}'
                })
                .chars()
                .next();
            prop_assert!(
                !first.is_some_and(|c| "=+-@\u{ff1d}\u{ff0b}\u{ff0d}\u{ff20}".contains(c)),
                "a cell a spreadsheet would run: {:?}",
                cell
            );
        }
    }

    let json: serde_json::Value = serde_json::from_str(&report::render_json(report))
        .map_err(|e| TestCaseError::fail(format!("the JSON does not parse: {e}")))?;
    prop_assert_eq!(json["title"].as_str(), Some(names.title.as_str()));
    for (i, (title, speaker)) in names.segments.iter().enumerate() {
        prop_assert_eq!(json["segments"][i]["title"].as_str(), Some(title.as_str()));
        prop_assert_eq!(
            json["segments"][i]["speaker"].as_str(),
            Some(speaker.as_str())
        );
    }

    let md = report::render_markdown(report);
    let mut lines = md.lines();
    prop_assert!(lines.next().is_some_and(|l| l.starts_with("# ")));
    prop_assert_eq!(lines.next(), Some(""), "the title is one line:\n{}", md);
    let table: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("| # |"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    prop_assert_eq!(
        table.len(),
        names.segments.len() + 3,
        "header, rule, a row per segment, total:\n{}",
        md
    );
    // Every row has as many cells as the header, whatever the names hold.
    let columns = cell_separators(table[0]);
    prop_assert_eq!(columns, 12, "eleven columns: {:?}", table[0]);
    for row in table {
        prop_assert_eq!(
            cell_separators(row),
            columns,
            "a row keeps its cells: {:?}",
            row
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_format_survives_any_name_read_back_from_a_journal(names in names()) {
        let dir = tempfile::tempdir().unwrap();
        let journal = journalled(dir.path(), &plan_named(&names));
        let report = Report::from_journal(&journal);
        // What the reader gives back is the names made safe to print.
        let shown = Names {
            title: sanitize(&names.title),
            location: sanitize(&names.location),
            segments: names
                .segments
                .iter()
                .map(|(t, s)| (sanitize(t), sanitize(s)))
                .collect(),
        };
        check_formats(&report, &shown)?;
    }

    #[test]
    fn every_format_survives_any_name_put_in_raw(names in names()) {
        let dir = tempfile::tempdir().unwrap();
        let journal = journalled(dir.path(), &plan_named(&Names {
            title: "T".into(),
            location: "L".into(),
            segments: vec![("A".into(), "S".into()); 3],
        }));
        let report = with_raw_names(Report::from_journal(&journal), &names);
        check_formats(&report, &names)?;
    }
}

#[test]
fn names_xml_forbids_still_make_a_well_formed_svg() {
    let names = Names {
        title: "Title \u{fffe} \u{ffff} \u{1} ]]> & <x>".into(),
        location: "\u{b}\u{c}".into(),
        segments: vec![
            ("\u{0}A".into(), "\u{1b}[31mS".into()),
            ("B\u{ffff}".into(), "]]>".into()),
            ("C".into(), "\u{fffe}".into()),
        ],
    };
    let dir = tempfile::tempdir().unwrap();
    let report = Report::from_journal(&journalled(dir.path(), &plan_named(&names)));
    let svg = report::render_svg(&report);
    roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}"));
    let raw = with_raw_names(report, &names);
    let svg = report::render_svg(&raw);
    roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}"));
}
