//! The report as JSON: the CSV's fields per segment, plus the totals and
//! what run it was (plan, mode, journal, start and end against schedule).

use serde::Serialize;

use super::compare::{Cell, Comparison};
use super::{Report, RunState, SegmentState};
use crate::run::{Mode, Time};
use crate::time::rfc3339;

fn time(t: Option<Time>) -> Option<String> {
    t.map(rfc3339)
}

#[derive(Serialize)]
struct JsonReport<'a> {
    title: &'a str,
    plan: &'a str,
    plan_path: &'a str,
    mode: Mode,
    journal: &'a str,
    state: RunState,
    as_of: String,
    on_plan_clock: bool,
    scheduled_start: String,
    scheduled_end: String,
    planned_end: String,
    started: Option<String>,
    ended: Option<String>,
    projected_end: String,
    totals: JsonTotals,
    segments: Vec<JsonSegment<'a>>,
    notes: Vec<&'a str>,
    warning: Option<&'a str>,
}

// The field names are the JSON keys, each saying its unit.
#[allow(clippy::struct_field_names)]
#[derive(Serialize)]
struct JsonTotals {
    budget_seconds: i64,
    planned_seconds: i64,
    actual_seconds: i64,
    delta_seconds: i64,
    paused_seconds: i64,
    adjusted_seconds: i64,
    used_seconds: i64,
    start_late_seconds: Option<i64>,
    late_seconds: Option<i64>,
}

#[derive(Serialize)]
struct JsonSegment<'a> {
    index: usize,
    title: &'a str,
    speaker: Option<&'a str>,
    planned_start: String,
    actual_start: Option<String>,
    planned_seconds: i64,
    actual_seconds: Option<i64>,
    delta_seconds: Option<i64>,
    paused_seconds: Option<i64>,
    adjusted_seconds: i64,
    status: SegmentState,
}

/// The whole report as pretty-printed JSON, ending with a newline.
pub fn render_json(report: &Report) -> String {
    let t = &report.totals;
    let doc = JsonReport {
        title: &report.title,
        plan: &report.plan_name,
        plan_path: &report.plan_path,
        mode: report.mode,
        journal: &report.journal,
        state: report.state,
        as_of: rfc3339(report.as_of),
        on_plan_clock: report.on_plan_clock,
        scheduled_start: rfc3339(report.scheduled_start),
        scheduled_end: rfc3339(report.scheduled_end),
        planned_end: rfc3339(report.planned_end),
        started: time(report.started),
        ended: time(report.ended),
        projected_end: rfc3339(report.projected_end),
        totals: JsonTotals {
            budget_seconds: t.budget_seconds,
            planned_seconds: t.planned_seconds,
            actual_seconds: t.actual_seconds,
            delta_seconds: t.delta_seconds,
            paused_seconds: t.paused_seconds,
            adjusted_seconds: t.adjusted_seconds,
            used_seconds: t.used_seconds,
            start_late_seconds: t.start_late_seconds,
            late_seconds: t.late_seconds,
        },
        segments: report
            .segments
            .iter()
            .map(|s| JsonSegment {
                index: s.index,
                title: &s.title,
                speaker: s.speaker.as_deref(),
                planned_start: rfc3339(s.planned_start),
                actual_start: time(s.actual_start),
                planned_seconds: s.planned_seconds,
                actual_seconds: s.actual_seconds,
                delta_seconds: s.delta_seconds,
                paused_seconds: s.actual_start.map(|_| s.paused_seconds),
                adjusted_seconds: s.adjusted_seconds,
                status: s.status,
            })
            .collect(),
        notes: report
            .headline
            .iter()
            .chain(&report.notes)
            .map(String::as_str)
            .collect(),
        warning: report.warning.as_deref(),
    };
    pretty(&doc)
}

fn pretty(doc: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(doc).expect("a report always serializes");
    text.push('\n');
    text
}

#[derive(Serialize)]
struct JsonComparison<'a> {
    title: &'a str,
    plan: &'a str,
    budget_seconds: i64,
    /// How the spread is measured.
    spread: &'static str,
    runs: Vec<JsonRun<'a>>,
    segments: Vec<JsonCompared<'a>>,
    session: JsonStats,
    notes: &'a [String],
}

#[derive(Serialize)]
struct JsonRun<'a> {
    label: &'a str,
    journal: &'a str,
    mode: Mode,
    plan_title: &'a str,
    plan_path: &'a str,
    state: RunState,
    as_of: String,
    started: Option<String>,
    ended: Option<String>,
    used_seconds: i64,
}

#[derive(Serialize)]
struct JsonCompared<'a> {
    index: usize,
    title: &'a str,
    speaker: Option<&'a str>,
    planned_seconds: i64,
    /// One per run: seconds spoken, or null with the status saying why.
    actual_seconds: Vec<Option<i64>>,
    status: Vec<&'static str>,
    mean_seconds: Option<i64>,
    mean_delta_seconds: Option<i64>,
    spread_seconds: Option<i64>,
    runs_done: usize,
    runs_over: usize,
    consistently_long: bool,
}

#[allow(clippy::struct_field_names)]
#[derive(Serialize)]
struct JsonStats {
    mean_seconds: Option<i64>,
    mean_delta_seconds: Option<i64>,
    spread_seconds: Option<i64>,
}

/// Several runs compared, as pretty-printed JSON.
pub fn render_compare_json(c: &Comparison) -> String {
    let doc = JsonComparison {
        title: &c.title,
        plan: &c.plan_name,
        budget_seconds: c.budget_seconds,
        spread: "max_minus_min",
        runs: c
            .runs
            .iter()
            .map(|r| JsonRun {
                label: &r.label,
                journal: &r.journal,
                mode: r.mode,
                plan_title: &r.plan_title,
                plan_path: &r.plan_path,
                state: r.state,
                as_of: rfc3339(r.as_of),
                started: time(r.started),
                ended: time(r.ended),
                used_seconds: r.used_seconds,
            })
            .collect(),
        segments: c
            .segments
            .iter()
            .map(|s| JsonCompared {
                index: s.index,
                title: &s.title,
                speaker: s.speaker.as_deref(),
                planned_seconds: s.planned_seconds,
                actual_seconds: s
                    .actual
                    .iter()
                    .map(|cell| match cell {
                        Cell::Done(a) | Cell::Running(a) | Cell::CutShort(a) => Some(*a),
                        _ => None,
                    })
                    .collect(),
                status: s
                    .actual
                    .iter()
                    .map(|cell| match cell {
                        Cell::Done(_) => SegmentState::Done.as_str(),
                        Cell::Running(_) => SegmentState::Running.as_str(),
                        Cell::CutShort(_) => "cut_short",
                        Cell::Skipped => SegmentState::Skipped.as_str(),
                        Cell::NotStarted => SegmentState::NotStarted.as_str(),
                        Cell::Missing => "missing",
                    })
                    .collect(),
                mean_seconds: s.mean_seconds,
                mean_delta_seconds: s.mean_delta_seconds,
                spread_seconds: s.spread_seconds,
                runs_done: s.done,
                runs_over: s.over,
                consistently_long: s.consistently_long(),
            })
            .collect(),
        session: JsonStats {
            mean_seconds: c.session.mean,
            mean_delta_seconds: c.session.mean_delta,
            spread_seconds: c.session.spread,
        },
        notes: &c.notes,
    };
    pretty(&doc)
}
