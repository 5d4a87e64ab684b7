//! The report as JSON: the CSV's fields per segment (and what the CSV has no
//! room for: over or not, the
//! signals to the speaker and what followed each), plus the totals, the plan
//! as filed, the edits made during the run, and what run it was (plan, mode,
//! journal, start and end against schedule).

use serde::Serialize;

use super::compare::{Cell, Comparison};
use super::{Edit, EditKind, Report, SegmentState, Signal, SignalKind, Standing};
use crate::run::{Mode, Origin, SegmentId, Source, Time};
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
    journal_version: u32,
    state: Standing,
    as_of: String,
    on_plan_clock: bool,
    scheduled_start: String,
    scheduled_end: String,
    planned_end: String,
    started: Option<String>,
    ended: Option<String>,
    projected_end: String,
    totals: JsonTotals,
    /// "Over" is against the time given.
    over_measured_against: &'static str,
    plan_as_filed: Vec<JsonFiled<'a>>,
    /// In the order the session ran: the rundown as it stood at the end,
    /// and what happened.
    segments: Vec<JsonSegment<'a>>,
    edits: Vec<JsonEdit<'a>>,
    /// Signals sent while no segment was on the countdown.
    other_signals: Vec<JsonSignal<'a>>,
    notes: Vec<&'a str>,
    warning: Option<&'a str>,
}

// The field names are the JSON keys, each saying its unit.
#[allow(clippy::struct_field_names)]
#[derive(Serialize)]
struct JsonTotals {
    budget_seconds: i64,
    planned_seconds: i64,
    filed_seconds: i64,
    given_seconds: i64,
    actual_seconds: i64,
    delta_seconds: i64,
    paused_seconds: i64,
    adjusted_seconds: i64,
    /// Moved by `a`, as the segments' `recovered_seconds`.
    recovered_seconds: i64,
    rebalanced_seconds: i64,
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
    /// Actual minus given.
    delta_seconds: Option<i64>,
    paused_seconds: Option<i64>,
    /// `+`/`-` keys.
    adjusted_seconds: i64,
    status: SegmentState,
    origin: Origin,
    given_seconds: i64,
    /// Recovery cut (−) or time given back (+) by applying the console's
    /// suggestion (`a`), as the CSV's column: given = planned + adjusted +
    /// recovered.
    recovered_seconds: i64,
    id: SegmentId,
    /// Its place in the plan as filed (1-based); null for one added.
    filed_index: Option<usize>,
    /// The same as `recovered_seconds`, under the name it had first.
    rebalanced_seconds: i64,
    over: bool,
    /// Skipped during the run, as against never reached.
    no_show: bool,
    cut_short: bool,
    changed_from_filed: &'a [String],
    signals: Vec<JsonSignal<'a>>,
    /// A floor segment's interventions, points of order and no-shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    floor: Option<Vec<super::floor::JsonFloorRow<'a>>>,
}

#[derive(Serialize)]
struct JsonFiled<'a> {
    index: usize,
    id: SegmentId,
    title: &'a str,
    speaker: Option<&'a str>,
    planned_seconds: i64,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    at: String,
    kind: EditKind,
    segment: Option<&'a str>,
    what: &'a str,
    source: Source,
    took_effect: bool,
}

#[derive(Serialize)]
struct JsonSignal<'a> {
    at: String,
    kind: SignalKind,
    text: Option<&'a str>,
    pinned: bool,
    source: Source,
    /// Seconds the segment went on being spoken after it.
    spoke_after_seconds: Option<i64>,
    /// The segment was still running: `spoke_after_seconds` is so far.
    so_far: bool,
}

fn signal(s: &Signal) -> JsonSignal<'_> {
    JsonSignal {
        at: rfc3339(s.at),
        kind: s.kind,
        text: s.text.as_deref(),
        pinned: s.pinned,
        source: s.source,
        spoke_after_seconds: s.spoke_after,
        so_far: s.so_far,
    }
}

fn edit(e: &Edit) -> JsonEdit<'_> {
    JsonEdit {
        at: rfc3339(e.at),
        kind: e.kind,
        segment: e.segment.as_deref(),
        what: &e.what,
        source: e.source,
        took_effect: e.took_effect,
    }
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
        journal_version: report.version,
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
            filed_seconds: t.filed_seconds,
            given_seconds: t.given_seconds,
            actual_seconds: t.actual_seconds,
            delta_seconds: t.delta_seconds,
            paused_seconds: t.paused_seconds,
            adjusted_seconds: t.adjusted_seconds,
            recovered_seconds: t.rebalanced_seconds,
            rebalanced_seconds: t.rebalanced_seconds,
            used_seconds: t.used_seconds,
            start_late_seconds: t.start_late_seconds,
            late_seconds: t.late_seconds,
        },
        over_measured_against: "given_seconds",
        plan_as_filed: report
            .filed
            .iter()
            .map(|f| JsonFiled {
                index: f.index,
                id: f.id,
                title: &f.title,
                speaker: f.speaker.as_deref(),
                planned_seconds: f.planned_seconds,
            })
            .collect(),
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
                origin: s.origin,
                given_seconds: s.given_seconds,
                recovered_seconds: s.rebalanced_seconds,
                id: s.id,
                filed_index: s.filed_index,
                rebalanced_seconds: s.rebalanced_seconds,
                over: s.over,
                no_show: s.no_show,
                cut_short: s.cut_short,
                changed_from_filed: &s.changes,
                signals: s.signals.iter().map(signal).collect(),
                floor: report.floor_of(s.index).map(super::floor::json_rows),
            })
            .collect(),
        edits: report.edits.iter().map(edit).collect(),
        other_signals: report.other_signals.iter().map(signal).collect(),
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
    state: Standing,
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
    /// One per run: the time the speaker was given there.
    given_seconds: Vec<Option<i64>>,
    /// One per run: seconds spoken after the first signal to the speaker.
    after_first_signal_seconds: Vec<Option<i64>>,
    mean_after_first_signal_seconds: Option<i64>,
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
                given_seconds: s.given.clone(),
                after_first_signal_seconds: s.after_signal.clone(),
                mean_after_first_signal_seconds: s.mean_after_signal,
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
