//! The report as CSV, the columns the product contract lists, in its order,
//! one row per segment in the order the session ran (skipped segments in
//! their place), then the columns appended since: `origin`, `given_seconds`
//! and `recovered_seconds` (time moved by the console's suggestion, `a`), so
//! that `given_seconds = planned_seconds + adjusted_seconds +
//! recovered_seconds` on every row. Signals to the speaker and edits of the rundown do not
//! fit one row per segment: they are in the Markdown and the JSON.
//!
//! Text from a plan is neutralised so a spreadsheet shows it and runs nothing:
//! a cell starting with `=`, `+`, `-`, `@` (or their fullwidth forms, which
//! some spreadsheets take for the same), whether or not blanks come first,
//! or with a tab or a carriage return, gets a leading `'`. Numbers and times
//! are written by us and left as they are.

use super::Report;
use super::compare::{Cell, Comparison};
use crate::run::Origin;
use crate::time::rfc3339;

/// The header row, exactly as the product contract lists it (its eleven
/// columns, then those appended as the features arrived).
pub const COLUMNS: [&str; 14] = [
    "index",
    "title",
    "speaker",
    "planned_start",
    "actual_start",
    "planned_seconds",
    "actual_seconds",
    "delta_seconds",
    "paused_seconds",
    "adjusted_seconds",
    "status",
    "origin",
    "given_seconds",
    "recovered_seconds",
];

/// What a formula starts with: `=`, `+`, `-`, `@`, and their fullwidth forms
/// (U+FF1D, U+FF0B, U+FF0D, U+FF20).
const FORMULA_START: [char; 8] = [
    '=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
];

/// Whether a character may come before a formula's first one and be
/// passed over by a spreadsheet: blanks of every kind, and the invisible
/// ones (zero-width space and joiners, word joiner, byte order mark).
fn passed_over(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Text a spreadsheet would take for a formula, made inert with a leading `'`.
pub fn neutralise(text: &str) -> String {
    let formula = text
        .trim_start_matches(passed_over)
        .starts_with(FORMULA_START);
    if formula || text.starts_with(['\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn number(n: Option<i64>) -> String {
    n.map_or_else(String::new, |n| n.to_string())
}

fn finish(writer: csv::Writer<Vec<u8>>) -> String {
    let bytes = writer
        .into_inner()
        .expect("flushing a CSV writer into memory does not fail");
    String::from_utf8(bytes).expect("the CSV is made of UTF-8 strings")
}

/// One row per segment, header first; with a floor, each floor segment's
/// rows under it and the floor's columns appended.
pub fn render_csv(report: &Report) -> String {
    let with_floor = !report.floors.is_empty();
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = if with_floor {
        COLUMNS
            .iter()
            .chain(&super::floor::COLUMNS)
            .copied()
            .collect()
    } else {
        COLUMNS.to_vec()
    };
    w.write_record(header)
        .expect("writing CSV into memory does not fail");
    for s in &report.segments {
        let mut row = vec![
            s.index.to_string(),
            neutralise(&s.title),
            neutralise(s.speaker.as_deref().unwrap_or("")),
            rfc3339(s.planned_start),
            s.actual_start.map_or_else(String::new, rfc3339),
            s.planned_seconds.to_string(),
            number(s.actual_seconds),
            number(s.delta_seconds),
            number(s.actual_start.map(|_| s.paused_seconds)),
            s.adjusted_seconds.to_string(),
            s.status.as_str().to_owned(),
            match s.origin {
                Origin::Plan => "plan",
                Origin::Added => "added",
            }
            .to_owned(),
            s.given_seconds.to_string(),
            s.rebalanced_seconds.to_string(),
        ];
        if with_floor {
            row.extend(super::floor::segment_cells());
        }
        w.write_record(row)
            .expect("writing CSV into memory does not fail");
        for cells in report
            .floor_of(s.index)
            .map(|f| super::floor::csv_rows(s, f))
            .unwrap_or_default()
        {
            w.write_record(cells)
                .expect("writing CSV into memory does not fail");
        }
    }
    finish(w)
}

/// One row per segment of the reference plan, one column per run (seconds
/// spoken where the segment was done), then mean, mean difference, spread
/// (max − min) and how many runs ran over.
pub fn render_compare_csv(c: &Comparison) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["index", "title", "speaker", "planned_seconds"]
        .map(str::to_owned)
        .to_vec();
    header.extend(c.runs.iter().map(|r| neutralise(&r.label)));
    header.extend(
        [
            "mean_seconds",
            "mean_delta_seconds",
            "spread_seconds",
            "runs_done",
            "runs_over",
        ]
        .map(str::to_owned),
    );
    w.write_record(&header)
        .expect("writing CSV into memory does not fail");
    for s in &c.segments {
        let mut row = vec![
            s.index.to_string(),
            neutralise(&s.title),
            neutralise(s.speaker.as_deref().unwrap_or("")),
            s.planned_seconds.to_string(),
        ];
        row.extend(s.actual.iter().map(|cell| number(Cell::done(*cell))));
        row.extend([
            number(s.mean_seconds),
            number(s.mean_delta_seconds),
            number(s.spread_seconds),
            s.done.to_string(),
            s.over.to_string(),
        ]);
        w.write_record(&row)
            .expect("writing CSV into memory does not fail");
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn fullwidth_formula_starts_and_blanks_before_one_are_neutralised_too() {
        for cell in [
            "\u{ff1d}SUM(A1)",
            "\u{ff0b}1",
            "\u{ff0d}1",
            "\u{ff20}x",
            "  =1+1",
            " \t+1",
            "\u{3000}=1",
            "\u{a0}-1",
            "\u{feff}=1",
            "\u{200b}@x",
            "\n=1",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["Dr. = x", "Q&A", "", "  ", "1 − 2", "\u{ff21}"] {
            assert_eq!(neutralise(cell), cell, "{cell:?}");
        }
    }
}
