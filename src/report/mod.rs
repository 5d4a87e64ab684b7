//! Reports: what a recorded run really did, planned against actual, for the
//! organisers' report (Markdown, CSV, JSON, an SVG timeline), and several runs
//! of a plan side by side (`compare`).
//!
//! A [`Report`] is built from a [`Journal`] alone, through the same core as
//! the console ([`Run::replay`] and [`Run::at`]), so the report and the screen
//! cannot disagree. It never reads the clock: "now" is the time of the last
//! recorded event (rounded to its second, as the core rounds every event), so
//! the report of an unfinished run is the same every time it is made, and says
//! which instant its figures are as of. Rendering is a pure function of the
//! report; only the command ends in `command.rs` touch files and streams, through
//! the safe writes of `crate::files`.

mod command;
mod compare;
mod floor;
mod json;
mod markdown;
mod record;
mod spreadsheet;
mod svg;
mod tally;

use chrono::FixedOffset;
use serde::Serialize;

use crate::journal::Journal;
use crate::plan::Segment;
use crate::run::{Action, Mode, Origin, Phase, Run, SegmentId, Slot, Source};
use crate::text::sanitize;
use crate::time::{Time, at_second, clock, hms};

pub use command::{CompareFormat, CompareOptions, ReportFormat, ReportOptions, compare, report};
pub use compare::{Cell, Comparison, RunColumn, SegmentComparison, Stats};
pub use floor::{FloorLines, FloorRow, FloorRowKind};
pub use json::{render_compare_json, render_json};
pub use markdown::{render_compare_markdown, render_markdown};
pub use record::{Edit, EditKind, Signal, SignalKind};
pub use spreadsheet::{neutralise, render_compare_csv, render_csv};
pub use svg::render_svg;
pub use tally::{
    Speaker, Tally, TallyFormat, TallyOptions, render_tally_csv, render_tally_json,
    render_tally_markdown, tally,
};

pub use crate::run::SegmentState;

/// Where the whole run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// The journal holds no start.
    NotStarted,
    /// Started and not closed: the console died, or is still running.
    Unfinished,
    /// The last segment ended.
    Finished,
    /// The timekeeper closed the run before its last segment ended.
    EndedEarly,
}

/// One segment of the plan as filed (the journal's header), before any
/// edit made during the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiledSegment {
    /// 1-based, as the plan lists it.
    pub index: usize,
    pub id: SegmentId,
    pub title: String,
    pub speaker: Option<String>,
    pub planned_seconds: i64,
}

/// One segment, planned against given against actual, in the order the
/// session ran. Durations are whole seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentLine {
    /// 1-based, in the order the session ran (the rundown as it stood at
    /// the end; for a run never edited, the plan's order).
    pub index: usize,
    /// The segment's stable id in the journal.
    pub id: SegmentId,
    pub origin: Origin,
    /// Its place in the plan as filed (1-based), for a segment of the plan.
    pub filed_index: Option<usize>,
    pub title: String,
    pub speaker: Option<String>,
    pub planned_start: Time,
    pub actual_start: Option<Time>,
    /// When it ended; for a running segment, the report's "as of".
    pub actual_end: Option<Time>,
    /// Its duration in the rundown as it stood at the end (a change made
    /// during the run counts).
    pub planned_seconds: i64,
    /// Time given (+) or taken (−) with the `+`/`-` keys (in a version 1
    /// journal, every adjustment, keys and recovery alike).
    pub adjusted_seconds: i64,
    /// Time moved by applying the console's suggestion (`a`): a recovery
    /// cut (−) or time given back (+).
    pub rebalanced_seconds: i64,
    /// The time the speaker was given, which the console counted down:
    /// planned plus every adjustment.
    pub given_seconds: i64,
    /// Seconds spoken, pauses left out (so far, for a running segment).
    pub actual_seconds: Option<i64>,
    /// Actual minus given, once the segment is done as a whole turn (not
    /// for one cut short by ending the run).
    pub delta_seconds: Option<i64>,
    /// It ran past the time it was given (so far, for a running segment):
    /// the console showed OVER.
    pub over: bool,
    pub paused_seconds: i64,
    pub status: SegmentState,
    /// Skipped during the run (a no-show), as against never reached in a
    /// run ended early.
    pub no_show: bool,
    /// The timekeeper ended the run during this segment: `done` in the
    /// CSV's terms, but not a whole speaking time, so neither the report's
    /// differences nor `compare`'s figures count it.
    pub cut_short: bool,
    /// Each pause as (from, to), to the second, from the core's record of
    /// the segment; an open pause runs to the report's "as of".
    pub pauses: Vec<(Time, Time)>,
    /// How it differs from the plan as filed (title, speaker, duration),
    /// in words.
    pub changes: Vec<String>,
    /// Some of its `+`/`-` came from the web remote.
    pub adjusted_from_web: bool,
    /// The signals to the speaker sent while it was on the countdown.
    pub signals: Vec<Signal>,
}

impl SegmentLine {
    /// The seconds spoken after the first signal to its speaker (a message
    /// or a flash; clearing a message asks nothing of the speaker).
    pub fn after_first_signal(&self) -> Option<i64> {
        self.signals
            .iter()
            .find(|s| s.kind != SignalKind::MessageClear)
            .and_then(|s| s.spoke_after)
    }
}

/// The run's figures against its plan and budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub budget_seconds: i64,
    /// The durations of the segments that were to run, as the rundown
    /// stood at the end (no-shows left out).
    pub planned_seconds: i64,
    /// The durations of the plan as filed.
    pub filed_seconds: i64,
    /// Planned plus every adjustment, no-shows left out.
    pub given_seconds: i64,
    /// Seconds spoken in all segments (so far).
    pub actual_seconds: i64,
    /// Sum of the done segments' differences against their given time.
    pub delta_seconds: i64,
    pub paused_seconds: i64,
    pub adjusted_seconds: i64,
    pub rebalanced_seconds: i64,
    /// Session time from the start to the end (or the "as of" instant):
    /// spoken plus paused.
    pub used_seconds: i64,
    /// How far the actual start was after the scheduled one.
    pub start_late_seconds: Option<i64>,
    /// How far the end (projected, for an unfinished run) was after the
    /// scheduled end (scheduled start plus budget); negative: early.
    pub late_seconds: Option<i64>,
}

/// Planned against actual for one recorded run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub title: String,
    pub plan_name: String,
    /// The plan file the journal names, made safe to print.
    pub plan_path: String,
    pub plan_date: Option<chrono::NaiveDate>,
    pub location: Option<String>,
    pub mode: Mode,
    /// The journal's path as given, made safe to print
    /// ([`crate::text::sanitize`]).
    pub journal: String,
    /// The journal's format version: from 2 on, segments have stable ids
    /// (before, a segment's number was its place in the plan).
    pub version: u32,
    pub state: Standing,
    /// The instant the figures are as of: the last recorded event (or the
    /// journal's creation when there is none), to the second.
    pub as_of: Time,
    /// Whether the planned starts are on the plan's clock (a live run of a
    /// plan with a start time, on its day); otherwise they count from the
    /// actual start.
    pub on_plan_clock: bool,
    pub scheduled_start: Time,
    pub planned_end: Time,
    pub scheduled_end: Time,
    pub started: Option<Time>,
    pub ended: Option<Time>,
    pub projected_end: Time,
    pub totals: Totals,
    /// The plan as filed, in its own order.
    pub filed: Vec<FiledSegment>,
    /// The rundown as it stood at the end and what happened, in the order
    /// the session ran.
    pub segments: Vec<SegmentLine>,
    /// The edits made to the rundown during the run, in the order made.
    pub edits: Vec<Edit>,
    /// Under each floor segment, its interventions and points of order.
    pub floors: Vec<FloorLines>,
    /// Signals sent while no segment was on the countdown (before the
    /// start, after the end).
    pub other_signals: Vec<Signal>,
    /// What a reader must see first when the run did not simply finish
    /// (unfinished, never started, ended early).
    pub headline: Option<String>,
    /// What else a reader should know about how the run went (in sentences).
    pub notes: Vec<String>,
    /// The journal's warning about a cut last line, if any.
    pub warning: Option<String>,
}

impl Report {
    /// Whether the rundown was edited during the run (an order, a skip, an
    /// insert or a change that stood at the end): then the plan as filed
    /// and the plan as run are two things to show.
    pub fn edited(&self) -> bool {
        !self.edits.is_empty()
            && (self.segments.len() != self.filed.len()
                || self
                    .segments
                    .iter()
                    .zip(&self.filed)
                    .any(|(s, f)| s.id != f.id || s.no_show || !s.changes.is_empty()))
    }

    /// The floor rows under the segment at report index `index`.
    pub fn floor_of(&self, index: usize) -> Option<&FloorLines> {
        self.floors.iter().find(|f| f.index == index)
    }

    /// Every signal, in the order sent.
    pub fn signals(&self) -> Vec<&Signal> {
        let mut all: Vec<&Signal> = self
            .segments
            .iter()
            .flat_map(|s| &s.signals)
            .chain(&self.other_signals)
            .collect();
        all.sort_by_key(|s| s.at);
        all
    }
}

/// An instant rounded to its nearest second, as the core counts it.
fn rounded(t: Time, offset: FixedOffset) -> Time {
    at_second(crate::time::second(t), offset)
}

/// How a segment differs from the plan as filed, in words.
fn changes_from_filed(slot: &Slot, filed: Option<&Segment>) -> Vec<String> {
    let Some(filed) = filed else {
        return Vec::new();
    };
    let now = &slot.segment;
    let mut changes = Vec::new();
    if now.title != filed.title {
        changes.push(format!("filed as \"{}\"", filed.title));
    }
    if now.speaker != filed.speaker {
        changes.push(match &filed.speaker {
            Some(speaker) => format!("speaker filed as {speaker}"),
            None => "no speaker filed".to_owned(),
        });
    }
    if now.duration_seconds != filed.duration_seconds {
        changes.push(format!("filed for {}", clock(filed.duration_seconds)));
    }
    changes
}

impl Report {
    /// Builds the report of a journal's run, as of its last event.
    #[expect(
        clippy::too_many_lines,
        reason = "one pass over the rundown builds every line and the totals together"
    )]
    pub fn from_journal(journal: &Journal) -> Self {
        let header = &journal.header;
        let plan = &header.plan;
        let last = journal.events.last().map_or(header.created, |e| e.at);
        let offset = *last.offset();
        let as_of = rounded(last, offset);
        let run = journal.replay();
        let snap = run.at(as_of);
        let course = record::Course::of(journal, &run, as_of);

        let state = match run.phase {
            Phase::Ready => Standing::NotStarted,
            Phase::Running(_) | Phase::Paused(_) => Standing::Unfinished,
            Phase::Finished => Standing::Finished,
            Phase::Ended(_) => Standing::EndedEarly,
        };
        let mut signals = course.signals;
        let segments: Vec<SegmentLine> = snap
            .rows
            .iter()
            .zip(&run.rundown)
            .enumerate()
            .map(|(i, (row, slot))| {
                // The core says `skipped` for every segment that will not
                // run; a report tells a no-show (skipped) from one the run
                // was ended before it reached (never started).
                let status = match row.state {
                    SegmentState::Skipped if !slot.skipped => SegmentState::NotStarted,
                    state => state,
                };
                let record = &slot.record;
                let actual_end = match status {
                    SegmentState::Done => record.ended.map(|t| rounded(t, offset)),
                    SegmentState::Running => Some(as_of),
                    SegmentState::Skipped | SegmentState::NotStarted => None,
                };
                let cut_short = run.phase == Phase::Ended(i) && record.started.is_some();
                let given = row.given();
                let over = row.actual.is_some_and(|a| a > given);
                let whole_turn = status == SegmentState::Done && !cut_short;
                let filed = (slot.origin == Origin::Plan)
                    .then(|| plan.segments.get(slot.id))
                    .flatten();
                let (mine, rest): (Vec<Signal>, Vec<Signal>) = std::mem::take(&mut signals)
                    .into_iter()
                    .partition(|s| s.segment == Some(slot.id));
                signals = rest;
                SegmentLine {
                    index: i + 1,
                    id: slot.id,
                    origin: slot.origin,
                    filed_index: filed.map(|_| slot.id + 1),
                    title: sanitize(&slot.segment.title),
                    speaker: slot.segment.speaker.as_deref().map(sanitize),
                    planned_start: row.scheduled_start,
                    actual_start: row.actual_start.map(|t| rounded(t, offset)),
                    actual_end,
                    planned_seconds: row.planned,
                    adjusted_seconds: row.adjusted,
                    rebalanced_seconds: row.rebalanced,
                    given_seconds: given,
                    actual_seconds: row.actual,
                    delta_seconds: whole_turn.then(|| row.actual.map(|a| a - given)).flatten(),
                    over,
                    paused_seconds: row.paused,
                    status,
                    no_show: slot.skipped,
                    cut_short,
                    pauses: pause_intervals(&run, i, offset, as_of),
                    changes: changes_from_filed(slot, filed)
                        .iter()
                        .map(|c| sanitize(c))
                        .collect(),
                    signals: mine,
                    adjusted_from_web: journal.events.iter().any(|e| {
                        e.source == Source::Web
                            && matches!(e.action, Action::Adjust { segment, .. } if segment == slot.id)
                    }),
                }
            })
            .collect();

        let started = run.started.map(|t| rounded(t, offset));
        let ended = run.closed.map(|t| rounded(t, offset));
        let to_run = || segments.iter().filter(|s| !s.no_show);
        let totals = Totals {
            budget_seconds: plan.budget_seconds,
            planned_seconds: to_run().map(|s| s.planned_seconds).sum(),
            filed_seconds: plan.planned_seconds(),
            given_seconds: to_run().map(|s| s.given_seconds).sum(),
            actual_seconds: segments.iter().filter_map(|s| s.actual_seconds).sum(),
            delta_seconds: segments.iter().filter_map(|s| s.delta_seconds).sum(),
            paused_seconds: segments.iter().map(|s| s.paused_seconds).sum(),
            adjusted_seconds: segments.iter().map(|s| s.adjusted_seconds).sum(),
            rebalanced_seconds: segments.iter().map(|s| s.rebalanced_seconds).sum(),
            used_seconds: snap.used,
            start_late_seconds: started.map(|s| (s - snap.anchor).num_seconds()),
            late_seconds: (state != Standing::NotStarted).then_some(snap.late),
        };
        let filed = plan
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| FiledSegment {
                index: i + 1,
                id: i,
                title: s.title.clone(),
                speaker: s.speaker.clone(),
                planned_seconds: s.duration_seconds,
            })
            .collect();
        let mut report = Report {
            title: plan.title.clone(),
            plan_name: plan.name.clone(),
            // Text from the journal, shown in every format (a hand-edited
            // journal or a file name may hold escape sequences).
            plan_path: sanitize(&header.plan_path),
            plan_date: plan.date,
            location: plan.location.clone(),
            mode: header.mode,
            journal: sanitize(&journal.path.display().to_string()),
            version: header.version,
            state,
            as_of,
            on_plan_clock: snap.on_plan_clock,
            scheduled_start: snap.anchor,
            planned_end: snap.planned_end,
            scheduled_end: snap.scheduled_end,
            started,
            ended,
            projected_end: snap.projected_end,
            totals,
            filed,
            segments,
            edits: course.edits,
            floors: floor::of(&run, as_of, offset),
            other_signals: signals,
            headline: None,
            notes: Vec::new(),
            warning: journal.warning.as_deref().map(sanitize),
        };
        report.headline = headline(&report);
        report.notes = notes(&report, &run, journal);
        report
    }

    /// The day the run took place (its start, or the journal's creation).
    pub fn day(&self) -> chrono::NaiveDate {
        self.started.unwrap_or(self.as_of).date_naive()
    }

    /// The run as `compare` names it: "27 Nov 10:02 rehearsal".
    pub fn label(&self) -> String {
        let at = self.started.unwrap_or(self.as_of);
        format!("{} {}", at.format("%-d %b %H:%M"), mode_word(self.mode))
    }
}

/// "live" or "rehearsal".
pub fn mode_word(mode: Mode) -> &'static str {
    match mode {
        Mode::Live => "live",
        Mode::Rehearsal => "rehearsal",
    }
}

/// The pauses within the segment at rundown position `i`, as (from, to)
/// instants rounded to the second like every event; a pause still open runs
/// to `as_of`.
fn pause_intervals(run: &Run, i: usize, offset: FixedOffset, as_of: Time) -> Vec<(Time, Time)> {
    run.pauses_of(i, as_of)
        .into_iter()
        .map(|(from, to)| {
            let from = rounded(from, offset);
            // The core counts a pause's length as never below zero.
            (from, rounded(to, offset).max(from))
        })
        .collect()
}

/// Most instants a note lists, and most clock jumps told one by one: a
/// journal of thousands of events must not make a report of thousands of
/// lines.
const LISTED: usize = 10;

/// Instants as a note lists them: the first [`LISTED`], then how many more.
fn listed(times: &[String]) -> String {
    if times.len() <= LISTED {
        return times.join(", ");
    }
    format!(
        "{} and {} more",
        times[..LISTED].join(", "),
        times.len() - LISTED
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The sentence that says a run did not simply finish.
fn headline(report: &Report) -> Option<String> {
    match report.state {
        Standing::Unfinished => Some(format!(
            "Unfinished run: figures as of the last recorded event, {}; the running segment's time is its time so far, and the end is projected.",
            hms(report.as_of)
        )),
        Standing::NotStarted => Some(format!(
            "The run was never started: nothing was recorded after {}.",
            hms(report.as_of)
        )),
        Standing::EndedEarly => {
            let ended = report.ended.map_or_else(String::new, hms);
            let never_reached = report
                .segments
                .iter()
                .filter(|s| s.status == SegmentState::NotStarted)
                .count();
            let cut = report
                .segments
                .iter()
                .find(|s| s.cut_short)
                .map(|s| format!(", cutting short \"{}\"", s.title))
                .unwrap_or_default();
            Some(match never_reached {
                0 => format!("The timekeeper ended the run early at {ended}{cut}."),
                n => format!(
                    "The timekeeper ended the run early at {ended}{cut}; {} never reached (status not_started).",
                    plural(n, "segment was", "segments were")
                ),
            })
        }
        Standing::Finished => None,
    }
}

/// The sentences a reader needs beside the table: how the figures were
/// timed, and whatever unusual happened while the run was recorded.
fn notes(report: &Report, run: &Run, journal: &Journal) -> Vec<String> {
    let mut notes = Vec::new();
    let plan = &run.plan;
    notes.push(match (report.mode, report.on_plan_clock) {
        (Mode::Rehearsal, _) => {
            "Rehearsal: planned starts count from the moment the run started.".to_owned()
        }
        (Mode::Live, true) => format!(
            "Planned starts are on the plan's clock (scheduled start {}).",
            hms(report.scheduled_start)
        ),
        (Mode::Live, false) => match (plan.start, plan.date) {
            (Some(_), Some(date)) => format!(
                "The plan is dated {date}, not the day of this run: planned starts count from the actual start."
            ),
            _ => "The plan has no start time: planned starts count from the actual start."
                .to_owned(),
        },
    });
    let at_times = |kind: fn(&Action) -> bool| -> Vec<String> {
        journal
            .events
            .iter()
            .filter(|e| kind(&e.action))
            .map(|e| {
                let at = hms(e.at.with_timezone(report.as_of.offset()));
                if e.source == Source::Web {
                    format!("{at} from the web")
                } else {
                    at
                }
            })
            .collect()
    };
    let undos = at_times(|a| matches!(a, Action::Back));
    if !undos.is_empty() {
        notes.push(format!(
            "{} of \"next\" ({}): the segment before went on as if never ended.",
            plural(undos.len(), "undo", "undos"),
            listed(&undos)
        ));
    }
    // A session ended on purpose and taken up again with --resume is said
    // as such: the time between counts toward the segment reopened.
    let mut ended_at = None;
    for event in &journal.events {
        match event.action {
            Action::End => ended_at = Some(event.at),
            Action::Reopened => {
                if let Some(ended) = ended_at.take() {
                    notes.push(format!(
                        "The session was ended at {} and reopened at {} (--resume): the segment then ended went on, and the time between counts toward it.",
                        hms(ended.with_timezone(report.as_of.offset())),
                        hms(event.at.with_timezone(report.as_of.offset()))
                    ));
                }
            }
            _ => {}
        }
    }
    let reopened = at_times(|a| matches!(a, Action::Reopened));
    if !reopened.is_empty() {
        notes.push(format!(
            "The console was reopened after it stopped ({}): the run went on meanwhile, and the time it was closed counts toward the segment then running.",
            listed(&reopened)
        ));
    }
    let jumps: Vec<(Time, i64)> = journal
        .events
        .iter()
        .filter_map(|e| match e.action {
            Action::ClockJump { millis } => Some((e.at, millis)),
            _ => None,
        })
        .collect();
    for (at, millis) in jumps.iter().take(LISTED) {
        let at = hms(at.with_timezone(report.as_of.offset()));
        let by = crate::time::signed((*millis as f64 / 1000.0).round() as i64);
        notes.push(if *millis < 0 {
            // The core keeps the time already spoken across a clock set back.
            format!(
                "At {at} the wall clock was set back by {} against the console's own clock: the time spoken before it is kept, and the times before it are shown on the clock as it was set afterwards.",
                crate::time::clock((-*millis as f64 / 1000.0).round() as i64)
            )
        } else {
            format!(
                "At {at} the wall clock jumped by {by} against the console's own clock (a suspend, or the clock being set): the room's time went on, and counts."
            )
        });
    }
    if jumps.len() > LISTED {
        notes.push(format!(
            "The wall clock jumped {} more times after these.",
            jumps.len() - LISTED
        ));
    }
    if journal.warning.is_some() {
        notes.push(
            "The journal's last line was cut off (probably by a crash while writing) and was left out."
                .to_owned(),
        );
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::testing::journal_of;

    #[test]
    fn thousands_of_clock_jumps_and_undos_make_a_short_report() {
        let mut actions = vec![(1, Action::Start), (2, Action::Next)];
        for i in 0..2_000 {
            actions.push((3 + 2 * i, Action::ClockJump { millis: 2_000 }));
            actions.push((4 + 2 * i, Action::Back));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = journal_of(dir.path(), 0, &actions);
        let report = Report::from_journal(&Journal::read(&path).unwrap());
        assert!(report.notes.len() < 15, "{} notes", report.notes.len());
        assert!(
            report.notes.iter().any(|n| n.contains("and 1990 more")),
            "{:?}",
            report.notes
        );
        assert!(
            report
                .notes
                .iter()
                .any(|n| n == "The wall clock jumped 1990 more times after these."),
            "{:?}",
            report.notes
        );
        for text in [
            render_markdown(&report),
            render_json(&report),
            render_svg(&report),
        ] {
            assert!(text.len() < 20_000, "{} bytes", text.len());
        }
    }

    #[test]
    fn a_clock_set_back_mid_speech_keeps_the_speakers_time_and_the_report_says_why() {
        // 46 s into the first segment the clock is set back 72 s; the first
        // segment ends 14 s later by the new clock.
        let actions = [
            (1, Action::Start),
            (47 - 72, Action::ClockJump { millis: -72_000 }),
            (61 - 72, Action::Next),
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = journal_of(dir.path(), 0, &actions);
        let report = Report::from_journal(&Journal::read(&path).unwrap());
        assert_eq!(report.segments[0].actual_seconds, Some(60));
        assert!(
            report.notes.iter().any(|n| n.contains("set back by 1:12")
                && n.contains("the time spoken before it is kept")),
            "{:?}",
            report.notes
        );
    }
}
