//! Golden reports: every format of every fixture journal, and `compare` of
//! the three panel rehearsals, snapshotted with insta.
//!
//! The journals under `tests/fixtures/journals/` were written by hand, event
//! by event, as the console writes them; every figure in these snapshots was
//! checked by hand against them (and `report_figures.rs` pins the key ones in
//! plain assertions). A changed snapshot fails the test: review it, never
//! just accept it.

use std::path::PathBuf;

use timekeeper::journal::Journal;
use timekeeper::report::{self, Comparison, Report};

fn journal(stem: &str) -> Journal {
    let path = PathBuf::from(format!("tests/fixtures/journals/{stem}.jsonl"));
    Journal::read(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn report_of(stem: &str) -> Report {
    Report::from_journal(&journal(stem))
}

/// One test per journal, with a snapshot per format.
macro_rules! golden {
    ($($test:ident => $stem:literal),* $(,)?) => {$(
        #[test]
        fn $test() {
            let r = report_of($stem);
            insta::assert_snapshot!(concat!($stem, ".md"), report::render_markdown(&r));
            insta::assert_snapshot!(concat!($stem, ".csv"), report::render_csv(&r));
            insta::assert_snapshot!(concat!($stem, ".json"), report::render_json(&r));
            insta::assert_snapshot!(concat!($stem, ".svg"), report::render_svg(&r));
        }
    )*};
}

golden! {
    clean_run => "panel-clean",
    overruns_pauses_and_adjustments => "panel-overruns",
    undo_of_next_mid_run_and_after_the_end => "panel-undo",
    resumed_after_a_crash => "panel-resumed",
    unfinished_run_as_of_its_last_event => "panel-unfinished",
    cut_last_line => "panel-cut",
    ended_early_with_skipped_segments => "panel-ended-early",
    never_started => "panel-not-started",
    rehearsal => "panel-rehearsal-3",
    formula_and_markup_in_names => "hostile-names",
    seed_plenary => "plenary-3",
    recovery_cuts_keys_and_an_overrun_of_the_time_given => "panel-recovery",
    edited_rundown_skip_swap_insert_change_and_undo => "panel-edited",
    signals_to_the_speaker => "panel-signals",
    floor_of_five_delegations_a_point_of_order_and_a_no_show => "plenary-3-floor",
    floor_with_two_names_pasted_undone_and_redone => "plenary-3-floor-pasted",
}

fn comparison(stems: &[&str]) -> Comparison {
    let reports: Vec<Report> = stems.iter().map(|s| report_of(s)).collect();
    Comparison::new(&reports)
}

#[test]
fn compare_three_rehearsals() {
    let c = comparison(&[
        "panel-rehearsal-1",
        "panel-rehearsal-2",
        "panel-rehearsal-3",
    ]);
    insta::assert_snapshot!("compare-rehearsals.md", report::render_compare_markdown(&c));
    insta::assert_snapshot!("compare-rehearsals.csv", report::render_compare_csv(&c));
    insta::assert_snapshot!("compare-rehearsals.json", report::render_compare_json(&c));
}

/// A revised plan shares titles with the first run's and is matched by
/// title; `hostile-names` shares none and is left out of every figure.
#[test]
fn compare_runs_of_other_plans_matched_by_title() {
    let c = comparison(&[
        "panel-rehearsal-1",
        "panel-unfinished",
        "panel-revised-rehearsal",
        "hostile-names",
    ]);
    insta::assert_snapshot!("compare-mismatched.md", report::render_compare_markdown(&c));
    insta::assert_snapshot!("compare-mismatched.csv", report::render_compare_csv(&c));
}

/// The plenary has no segment titled like the panel's: it is left out of the
/// table and of the Session row (whose mean and spread would otherwise take
/// in its 77:32), and named in a note.
#[test]
fn compare_leaves_out_a_run_of_an_unrelated_plan() {
    let c = comparison(&["panel-rehearsal-1", "plenary-3"]);
    insta::assert_snapshot!("compare-unrelated.md", report::render_compare_markdown(&c));
    insta::assert_snapshot!("compare-unrelated.json", report::render_compare_json(&c));
}

/// Runs with stable ids (journal format 2) line up by id: the edited run
/// swapped Field and Donor, skipped Donor and added a statement, and still
/// each segment meets its own; the signals are compared per segment.
#[test]
fn compare_runs_with_ids_edited_and_signalled() {
    let c = comparison(&["panel-signals", "panel-edited", "panel-recovery"]);
    insta::assert_snapshot!("compare-v2.md", report::render_compare_markdown(&c));
    insta::assert_snapshot!("compare-v2.csv", report::render_compare_csv(&c));
    insta::assert_snapshot!("compare-v2.json", report::render_compare_json(&c));
}

/// A floor segment is lined up by its total, as any segment: the time its
/// interventions, points of order and the chair took together.
#[test]
fn compare_matches_a_floor_segment_by_its_total() {
    let c = comparison(&["plenary-3-floor", "plenary-3-floor"]);
    let md = report::render_compare_markdown(&c);
    let row = md
        .lines()
        .find(|l| l.contains("Discussion and Q&A"))
        .unwrap_or_else(|| panic!("{md}"));
    assert_eq!(
        row.matches("14:40").count(),
        3,
        "two runs and their mean: {row}"
    );
}
