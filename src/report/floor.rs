//! The floor in a report: under a floor segment, one row per intervention
//! (who, kind, limit, called at, spoke, over, paused, interruptions) in the
//! order they were called, each point of order as its own row after the
//! intervention it interrupted, and the no-shows struck from the list last.
//!
//! Every figure comes from the core ([`Run::interventions`]), as the
//! console's do, so a report and the screen agree on what a speaker spoke.

use chrono::FixedOffset;
use serde::Serialize;

use crate::run::{Origin, Run, SegmentId};
use crate::text::sanitize;
use crate::time::{Time, at_second, second};

/// What a row under a floor segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FloorRowKind {
    /// A speaker given the floor.
    Intervention,
    /// A point of order: the speaker's time frozen while it lasted.
    PointOfOrder,
    /// Struck from the list (a no-show): never called.
    Struck,
}

impl FloorRowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FloorRowKind::Intervention => "intervention",
            FloorRowKind::PointOfOrder => "point_of_order",
            FloorRowKind::Struck => "struck",
        }
    }
}

/// One row under a floor segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorRow {
    pub kind: FloorRowKind,
    /// The intervention's number in the order of speaking (1-based); for a
    /// point of order, the number of the one it interrupted (0: the chair
    /// held the floor).
    pub number: usize,
    /// The speaker; for a point of order, whose intervention it was.
    pub who: String,
    /// The kind of intervention (`statement`).
    pub intervention: Option<String>,
    pub limit_seconds: Option<i64>,
    pub origin: Origin,
    /// Called at (an intervention), raised at (a point of order).
    pub started: Option<Time>,
    pub ended: Option<Time>,
    /// Seconds spoken (what the countdown showed), or the point of order's
    /// length.
    pub seconds: Option<i64>,
    /// Seconds past the limit (0 when within it).
    pub over_seconds: Option<i64>,
    pub paused_seconds: i64,
    /// Seconds of points of order within the intervention.
    pub interruption_seconds: i64,
    pub interruptions: usize,
    /// Still going on at the report's "as of".
    pub running: bool,
}

/// The rows under one floor segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorLines {
    /// The segment's index in the report (1-based, in running order).
    pub index: usize,
    pub id: SegmentId,
    pub rows: Vec<FloorRow>,
}

impl FloorLines {
    /// The interventions alone (points of order and no-shows left out).
    pub fn interventions(&self) -> impl Iterator<Item = &FloorRow> {
        self.rows
            .iter()
            .filter(|r| r.kind == FloorRowKind::Intervention)
    }
}

/// Every floor segment of the run, as of `as_of`.
pub fn of(run: &Run, as_of: Time, offset: FixedOffset) -> Vec<FloorLines> {
    let rounded = |t: Time| at_second(second(t), offset);
    let as_of_s = second(as_of);
    run.rundown
        .iter()
        .enumerate()
        .filter_map(|(i, slot)| {
            let floor = slot.floor.as_ref()?;
            let spoken = run.interventions(i, as_of);
            let mut rows = Vec::new();
            for (n, s) in spoken.iter().enumerate() {
                rows.push(FloorRow {
                    kind: FloorRowKind::Intervention,
                    number: n + 1,
                    who: sanitize(&s.name),
                    intervention: Some(sanitize(&s.kind)),
                    limit_seconds: Some(s.limit),
                    origin: s.origin,
                    started: Some(rounded(s.called)),
                    ended: s.ended.map(rounded),
                    seconds: Some(s.spoke),
                    over_seconds: Some((s.spoke - s.limit).max(0)),
                    paused_seconds: s.paused,
                    interruption_seconds: s.interrupted,
                    interruptions: s.orders,
                    running: s.ended.is_none(),
                });
                for order in floor.orders.iter().filter(|o| o.speaker == Some(s.id)) {
                    rows.push(order_row(order, n + 1, &s.name, as_of_s, rounded));
                }
            }
            // Points of order while the chair held the floor, in time order
            // among the rows.
            for order in floor.orders.iter().filter(|o| o.speaker.is_none()) {
                let row = order_row(order, 0, "the chair", as_of_s, rounded);
                let at = rows
                    .iter()
                    .position(|r| r.started > row.started)
                    .unwrap_or(rows.len());
                rows.insert(at, row);
            }
            for e in floor.list.iter().filter(|e| e.struck) {
                rows.push(FloorRow {
                    kind: FloorRowKind::Struck,
                    number: 0,
                    who: sanitize(&floor.entry(e).name),
                    intervention: Some(sanitize(&floor.entry(e).kind)),
                    limit_seconds: Some(floor.entry(e).limit_seconds),
                    origin: e.origin,
                    started: None,
                    ended: None,
                    seconds: None,
                    over_seconds: None,
                    paused_seconds: 0,
                    interruption_seconds: 0,
                    interruptions: 0,
                    running: false,
                });
            }
            Some(FloorLines {
                index: i + 1,
                id: slot.id,
                rows,
            })
        })
        .collect()
}

fn order_row(
    order: &crate::run::Order,
    number: usize,
    who: &str,
    as_of_s: i64,
    rounded: impl Fn(Time) -> Time,
) -> FloorRow {
    let from = second(order.from);
    let to = order.to.map_or(as_of_s, second);
    FloorRow {
        kind: FloorRowKind::PointOfOrder,
        number,
        who: sanitize(who),
        intervention: None,
        limit_seconds: None,
        origin: Origin::Plan,
        started: Some(rounded(order.from)),
        ended: order.to.map(&rounded),
        seconds: Some((to - from).max(0)),
        over_seconds: None,
        paused_seconds: 0,
        interruption_seconds: 0,
        interruptions: 0,
        running: order.to.is_none(),
    }
}

/// The columns a report with a floor appends to the CSV: what a row is
/// (`segment`, `intervention`, `point_of_order`, `struck`), the
/// intervention's number in the order of speaking, its kind, its limit, the
/// seconds over it, and the seconds of points of order within it.
pub const COLUMNS: [&str; 6] = [
    "row",
    "intervention",
    "kind",
    "limit_seconds",
    "over_seconds",
    "interruption_seconds",
];

/// The floor's cells of a segment's own row.
pub(super) fn segment_cells() -> [String; 6] {
    [
        "segment".to_owned(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ]
}

/// The CSV rows under a floor segment, in the segment's columns first: its
/// index and title, the speaker, when they were called and what they spoke
/// against their limit.
pub(super) fn csv_rows(segment: &super::SegmentLine, floor: &FloorLines) -> Vec<Vec<String>> {
    use super::spreadsheet::neutralise;
    let n = |v: Option<i64>| v.map_or_else(String::new, |v| v.to_string());
    floor
        .rows
        .iter()
        .map(|r| {
            let status = match (r.kind, r.running) {
                (FloorRowKind::Struck, _) => "skipped",
                (_, true) => "running",
                (_, false) => "done",
            };
            let origin = match (r.kind, r.origin) {
                (FloorRowKind::PointOfOrder, _) => "",
                (_, Origin::Plan) => "plan",
                (_, Origin::Added) => "added",
            };
            let delta = match (r.kind, r.seconds, r.limit_seconds, r.running) {
                (FloorRowKind::Intervention, Some(s), Some(l), false) => Some(s - l),
                _ => None,
            };
            vec![
                segment.index.to_string(),
                neutralise(&segment.title),
                neutralise(&r.who),
                String::new(),
                r.started.map_or_else(String::new, crate::time::rfc3339),
                n(r.limit_seconds),
                n(r.seconds),
                n(delta),
                n(r.started.map(|_| r.paused_seconds)),
                String::new(),
                status.to_owned(),
                origin.to_owned(),
                n(r.limit_seconds),
                // recovered_seconds: `a` moves a segment's time, not a
                // speaker's.
                String::new(),
                r.kind.as_str().to_owned(),
                if r.number == 0 {
                    String::new()
                } else {
                    r.number.to_string()
                },
                r.intervention
                    .as_deref()
                    .map(neutralise)
                    .unwrap_or_default(),
                n(r.limit_seconds),
                n(r.over_seconds),
                n((r.kind == FloorRowKind::Intervention).then_some(r.interruption_seconds)),
            ]
        })
        .collect()
}

/// The Markdown section of each floor: a table of its rows and a line of
/// what it adds up to.
#[expect(
    clippy::too_many_lines,
    reason = "the table and its totals line read best together"
)]
pub(super) fn markdown(report: &super::Report) -> String {
    use super::markdown::escape;
    use crate::time::{clock, hms};
    use std::fmt::Write as _;
    let mut md = String::new();
    for floor in &report.floors {
        let Some(segment) = report.segments.iter().find(|s| s.index == floor.index) else {
            continue;
        };
        let _ = writeln!(
            md,
            "\n## The floor: {} (segment {})\n",
            escape(&segment.title),
            floor.index
        );
        if floor.rows.is_empty() {
            md.push_str("Nobody was given the floor.\n");
            continue;
        }
        md.push_str(
            "| # | Speaker | Kind | Limit | Called at | Spoke | Over | Paused | Interruptions |\n",
        );
        md.push_str("|--:|:--|:--|--:|--:|--:|--:|--:|--:|\n");
        let time = |t: Option<Time>| t.map_or_else(|| "—".to_owned(), hms);
        let unless_zero = |s: i64| if s == 0 { String::new() } else { clock(s) };
        for r in &floor.rows {
            let _ = match r.kind {
                FloorRowKind::Intervention => writeln!(
                    md,
                    "| {} | {}{} | {} | {} | {} | {}{} | {} | {} | {} |",
                    r.number,
                    escape(&r.who),
                    if r.origin == Origin::Added {
                        " (added)"
                    } else {
                        ""
                    },
                    escape(r.intervention.as_deref().unwrap_or("")),
                    r.limit_seconds.map(clock).unwrap_or_default(),
                    time(r.started),
                    r.seconds.map(clock).unwrap_or_default(),
                    if r.running { " so far" } else { "" },
                    r.over_seconds
                        .filter(|o| *o > 0)
                        .map(|o| format!("+{}", clock(o)))
                        .unwrap_or_default(),
                    unless_zero(r.paused_seconds),
                    match r.interruptions {
                        0 => String::new(),
                        n => format!("{n} ({})", clock(r.interruption_seconds)),
                    },
                ),
                FloorRowKind::PointOfOrder => writeln!(
                    md,
                    "| | ↳ point of order, {} holding the floor | | | {} | {}{} | | | |",
                    escape(&r.who),
                    time(r.started),
                    r.seconds.map(clock).unwrap_or_default(),
                    if r.running { " so far" } else { "" },
                ),
                FloorRowKind::Struck => writeln!(
                    md,
                    "| | ~~{}~~ (struck: not heard) | {} | {} | — | | | | |",
                    escape(&r.who),
                    escape(r.intervention.as_deref().unwrap_or("")),
                    r.limit_seconds.map(clock).unwrap_or_default(),
                ),
            };
        }
        let heard: Vec<&FloorRow> = floor.interventions().collect();
        let spoke: i64 = heard.iter().filter_map(|r| r.seconds).sum();
        let limits: i64 = heard.iter().filter_map(|r| r.limit_seconds).sum();
        let over = heard
            .iter()
            .filter(|r| r.over_seconds.is_some_and(|o| o > 0))
            .count();
        let orders: Vec<&FloorRow> = floor
            .rows
            .iter()
            .filter(|r| r.kind == FloorRowKind::PointOfOrder)
            .collect();
        let struck = floor
            .rows
            .iter()
            .filter(|r| r.kind == FloorRowKind::Struck)
            .count();
        let mut parts = vec![format!(
            "{} heard for {} against limits of {}",
            heard.len(),
            clock(spoke),
            clock(limits)
        )];
        parts.push(format!("{over} over their limit"));
        if !orders.is_empty() {
            let total: i64 = orders.iter().filter_map(|r| r.seconds).sum();
            let what = if orders.len() == 1 { "point" } else { "points" };
            parts.push(format!(
                "{} {what} of order ({})",
                orders.len(),
                clock(total)
            ));
        }
        if struck > 0 {
            parts.push(format!("{struck} struck from the list"));
        }
        let _ = writeln!(
            md,
            "\n- {}; the rest of the segment's time the chair held the floor.",
            parts.join("; ")
        );
    }
    md
}

/// One floor row in the JSON report.
#[derive(Serialize)]
pub(super) struct JsonFloorRow<'a> {
    row: FloorRowKind,
    /// In the order of speaking; for a point of order, the intervention it
    /// interrupted (null: the chair held the floor).
    intervention: Option<usize>,
    who: &'a str,
    kind: Option<&'a str>,
    limit_seconds: Option<i64>,
    origin: Option<Origin>,
    started: Option<String>,
    ended: Option<String>,
    /// Spoken (what the countdown showed), or the point of order's length.
    seconds: Option<i64>,
    over_seconds: Option<i64>,
    paused_seconds: i64,
    interruption_seconds: i64,
    interruptions: usize,
    so_far: bool,
}

pub(super) fn json_rows(floor: &FloorLines) -> Vec<JsonFloorRow<'_>> {
    floor
        .rows
        .iter()
        .map(|r| JsonFloorRow {
            row: r.kind,
            intervention: (r.number > 0).then_some(r.number),
            who: &r.who,
            kind: r.intervention.as_deref(),
            limit_seconds: r.limit_seconds,
            origin: (r.kind != FloorRowKind::PointOfOrder).then_some(r.origin),
            started: r.started.map(crate::time::rfc3339),
            ended: r.ended.map(crate::time::rfc3339),
            seconds: r.seconds,
            over_seconds: r.over_seconds,
            paused_seconds: r.paused_seconds,
            interruption_seconds: r.interruption_seconds,
            interruptions: r.interruptions,
            so_far: r.running,
        })
        .collect()
}

/// The SVG's marks of a floor: the instant of each call, and each point of
/// order as (from, to), in Unix seconds.
pub(super) fn svg_marks(floor: &FloorLines) -> (Vec<i64>, Vec<(i64, i64)>) {
    let calls = floor
        .interventions()
        .filter_map(|r| r.started.map(|t| t.timestamp()))
        .collect();
    let orders = floor
        .rows
        .iter()
        .filter(|r| r.kind == FloorRowKind::PointOfOrder)
        .filter_map(|r| {
            let from = r.started?.timestamp();
            Some((from, from + r.seconds.unwrap_or(0)))
        })
        .collect();
    (calls, orders)
}
