//! Several runs of a plan side by side: for each segment the planned time,
//! each run's actual, their mean and spread, so a chair can see who runs long
//! every time.
//!
//! The first run's segments (in the order it ran) are the reference. Runs
//! of the same plan recorded with stable segment ids (journal format 2) are
//! matched to it by id, so a swapped order or a changed title still lines
//! up; segments added during a run, and runs without ids (format 1) or of
//! another plan, are matched by title, a title that occurs more than once
//! matched in order of occurrence; whatever does not match is said in a
//! note. A segment ran "over" in a run when it ran past the time it was
//! given there (planned ± every adjustment), as that run's console showed
//! it. A run whose plan has no segment of the reference's titles at
//! all is a run of an unrelated plan: it is left out (no column, no part in
//! any mean or spread, the Session row's included) and named in a note.
//! Mean and spread (the longest minus the shortest, max − min) are over the
//! runs in which a segment was done.

use super::{Report, SegmentLine, SegmentState, Standing, mode_word};
use crate::run::{Mode, Origin, Time};
use crate::time::clock;
use crate::time::hms;

/// One run's actual for one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Done(i64),
    /// Time so far in an unfinished run: shown, but left out of the figures.
    Running(i64),
    /// Time until the timekeeper ended the run during the segment: shown,
    /// but not a whole turn, so left out of the figures too.
    CutShort(i64),
    Skipped,
    NotStarted,
    /// The run's plan has no segment of this title.
    Missing,
}

impl Cell {
    pub fn done(self) -> Option<i64> {
        match self {
            Cell::Done(a) => Some(a),
            _ => None,
        }
    }
}

/// One run, a column of the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunColumn {
    /// "27 Nov 10:02 rehearsal", made unique with "(2)" where needed.
    pub label: String,
    pub journal: String,
    pub mode: Mode,
    pub plan_title: String,
    pub plan_path: String,
    pub state: Standing,
    pub as_of: Time,
    pub started: Option<Time>,
    pub ended: Option<Time>,
    /// Session time, start to end (or as of), pauses included.
    pub used_seconds: i64,
}

impl RunColumn {
    /// "finished", "unfinished, as of 14:20:00"…
    pub fn state_words(&self) -> String {
        match self.state {
            Standing::Finished => "finished".to_owned(),
            Standing::EndedEarly => "ended early".to_owned(),
            Standing::NotStarted => "never started".to_owned(),
            Standing::Unfinished => format!(
                "unfinished, figures as of its last recorded event {} (a running segment's time so far is in brackets and left out of mean and spread)",
                hms(self.as_of)
            ),
        }
    }
}

/// Mean, mean difference and spread of some durations, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    pub mean: Option<i64>,
    /// Mean minus planned.
    pub mean_delta: Option<i64>,
    /// Longest minus shortest.
    pub spread: Option<i64>,
}

impl Stats {
    fn of(values: &[i64], planned: i64) -> Self {
        if values.is_empty() {
            return Self::default();
        }
        let mean = (values.iter().sum::<i64>() as f64 / values.len() as f64).round() as i64;
        let max = values.iter().max().copied().unwrap_or(0);
        let min = values.iter().min().copied().unwrap_or(0);
        Self {
            mean: Some(mean),
            mean_delta: Some(mean - planned),
            spread: Some(max - min),
        }
    }
}

/// One segment of the reference plan across the runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentComparison {
    pub index: usize,
    pub title: String,
    pub speaker: Option<String>,
    pub planned_seconds: i64,
    /// One cell per run, in the order of [`Comparison::runs`].
    pub actual: Vec<Cell>,
    pub mean_seconds: Option<i64>,
    pub mean_delta_seconds: Option<i64>,
    /// Longest minus shortest.
    pub spread_seconds: Option<i64>,
    /// Runs in which it was done, and in how many of them it ran past the
    /// time it was given.
    pub done: usize,
    pub over: usize,
    /// One per run: the time the speaker was given there.
    pub given: Vec<Option<i64>>,
    /// One per run: seconds spoken after the first signal to the speaker
    /// (a message or a flash), where one was sent.
    pub after_signal: Vec<Option<i64>>,
    /// Their mean, over the runs that had a signal.
    pub mean_after_signal: Option<i64>,
}

impl SegmentComparison {
    /// Ran past the time it was given in every run (two at least) that did
    /// it.
    pub fn consistently_long(&self) -> bool {
        self.done >= 2 && self.over == self.done
    }
}

/// Several runs compared against the first one's plan (runs of an unrelated
/// plan left out, see the notes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub title: String,
    pub plan_name: String,
    pub budget_seconds: i64,
    /// The runs compared, in the order given; a run of a plan with no
    /// segment title in common with the first is not among them.
    pub runs: Vec<RunColumn>,
    pub segments: Vec<SegmentComparison>,
    /// The finished runs' session times against the budget.
    pub session: Stats,
    pub notes: Vec<String>,
}

/// For each reference segment, its index in `other` (by id where both runs
/// have ids for the same plan, else by title, the n-th occurrence of a title
/// to the n-th), and `other`'s unmatched indices.
fn match_segments(reference: &Report, other: &Report) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut taken = vec![false; other.segments.len()];
    let by_id = reference.version >= 2 && other.version >= 2 && same_filed_plan(reference, other);
    let mut matched: Vec<Option<usize>> = reference
        .segments
        .iter()
        .map(|wanted| {
            if !by_id || wanted.origin != Origin::Plan {
                return None;
            }
            let found = other
                .segments
                .iter()
                .position(|s| s.origin == Origin::Plan && s.id == wanted.id);
            if let Some(j) = found {
                taken[j] = true;
            }
            found
        })
        .collect();
    for (m, wanted) in matched.iter_mut().zip(&reference.segments) {
        if m.is_some() || (by_id && wanted.origin == Origin::Plan) {
            continue;
        }
        let found = other
            .segments
            .iter()
            .enumerate()
            .position(|(j, s)| !taken[j] && s.title == wanted.title);
        if let Some(j) = found {
            taken[j] = true;
        }
        *m = found;
    }
    let extra = (0..other.segments.len()).filter(|&j| !taken[j]).collect();
    (matched, extra)
}

/// Whether `other`'s plan has a segment titled like one of `reference`'s:
/// without one, there is nothing to line up.
fn shares_a_title(reference: &Report, other: &Report) -> bool {
    same_filed_plan(reference, other)
        || other.segments.iter().any(|s| {
            reference
                .segments
                .iter()
                .any(|wanted| wanted.title == s.title)
        })
}

/// Whether two runs are of the same plan as filed.
fn same_filed_plan(a: &Report, b: &Report) -> bool {
    a.plan_name == b.plan_name
        && a.title == b.title
        && a.totals.budget_seconds == b.totals.budget_seconds
        && a.filed.len() == b.filed.len()
        && a.filed.iter().zip(&b.filed).all(|(x, y)| {
            x.title == y.title && x.speaker == y.speaker && x.planned_seconds == y.planned_seconds
        })
}

/// The run columns, labelled, a label that repeats made unique with "(2)".
fn run_columns(reports: &[&Report]) -> Vec<RunColumn> {
    let mut runs: Vec<RunColumn> = Vec::with_capacity(reports.len());
    for &r in reports {
        let base = r.label();
        let mut label = base.clone();
        let mut n = 1;
        while runs.iter().any(|c| c.label == label) {
            n += 1;
            label = format!("{base} ({n})");
        }
        runs.push(RunColumn {
            label,
            journal: r.journal.clone(),
            mode: r.mode,
            plan_title: r.title.clone(),
            plan_path: r.plan_path.clone(),
            state: r.state,
            as_of: r.as_of,
            started: r.started,
            ended: r.ended,
            used_seconds: r.totals.used_seconds,
        });
    }
    runs
}

/// One run's cells against the reference plan, with notes on whatever does
/// not match.
fn cells_of<'a>(
    reference: &Report,
    r: &'a Report,
    label: &str,
    notes: &mut Vec<String>,
) -> Vec<(Cell, Option<&'a SegmentLine>)> {
    let (matched, extra) = match_segments(reference, r);
    if !same_filed_plan(reference, r) {
        if r.plan_name == reference.plan_name && r.title == reference.title {
            notes.push(format!(
                "{label} is a run of a changed version of the plan: its segments are matched to the first run's by title."
            ));
        } else {
            notes.push(format!(
                "{label} is a run of another plan, \"{}\" ({}): its segments are matched to the first run's by title.",
                r.title, r.plan_path
            ));
        }
    }
    let mut missing = Vec::new();
    let mut replanned = Vec::new();
    let cells = matched
        .iter()
        .zip(&reference.segments)
        .map(|(m, wanted)| {
            let Some(j) = *m else {
                missing.push(format!("\"{}\"", wanted.title));
                return (Cell::Missing, None);
            };
            let s = &r.segments[j];
            if s.planned_seconds != wanted.planned_seconds {
                replanned.push(format!(
                    "\"{}\" for {} (here {})",
                    s.title,
                    clock(s.planned_seconds),
                    clock(wanted.planned_seconds)
                ));
            }
            let cell = match (s.status, s.actual_seconds) {
                // A segment cut short by ending the run is shown like a
                // running one, as the report shows it: its time is not a
                // speaker's whole turn.
                (SegmentState::Done, Some(a)) if s.cut_short => Cell::CutShort(a),
                (SegmentState::Done, Some(a)) => Cell::Done(a),
                (SegmentState::Running, Some(a)) => Cell::Running(a),
                (SegmentState::Skipped, _) => Cell::Skipped,
                _ => Cell::NotStarted,
            };
            (cell, Some(s))
        })
        .collect();
    if !replanned.is_empty() {
        notes.push(format!("{label} planned {}.", replanned.join(", ")));
    }
    if !missing.is_empty() {
        notes.push(format!(
            "{label} has no segment titled {}.",
            missing.join(", ")
        ));
    }
    let extra: Vec<String> = extra
        .into_iter()
        .map(|j| {
            let s = &r.segments[j];
            let actual = s
                .actual_seconds
                .filter(|_| s.status == SegmentState::Done)
                .map_or_else(String::new, |a| format!(", actual {}", clock(a)));
            format!(
                "\"{}\" (its segment {}, planned {}{actual})",
                s.title,
                s.index,
                clock(s.planned_seconds)
            )
        })
        .collect();
    if !extra.is_empty() {
        notes.push(format!(
            "{label} has segments that are not in the first run's plan, left out: {}.",
            extra.join(", ")
        ));
    }
    cells
}

impl Comparison {
    /// Lines up `reports` (one per run, the first being the reference),
    /// leaving out the runs of a plan that shares no segment title with it.
    pub fn new(reports: &[Report]) -> Self {
        let Some(reference) = reports.first() else {
            return Self {
                title: String::new(),
                plan_name: String::new(),
                budget_seconds: 0,
                runs: Vec::new(),
                segments: Vec::new(),
                session: Stats::default(),
                notes: Vec::new(),
            };
        };
        // A run of a plan that has no segment of the reference's titles has
        // nothing to line up: it is named in a note and left out of every
        // figure (its session time would otherwise skew the Session row).
        let mut notes = Vec::new();
        let mut compared = vec![reference];
        for r in &reports[1..] {
            if shares_a_title(reference, r) {
                compared.push(r);
            } else {
                notes.push(format!(
                    "Run left out: {}, a run of another plan ({}), which has no segment titled like any of the first run's.",
                    r.journal, r.title
                ));
            }
        }
        let runs = run_columns(&compared);
        let columns: Vec<Vec<(Cell, Option<&SegmentLine>)>> = compared
            .iter()
            .zip(&runs)
            .map(|(r, run)| cells_of(reference, r, &run.label, &mut notes))
            .collect();
        if runs.iter().any(|r| r.mode != reference.mode) {
            notes.push(format!(
                "The runs mix live runs and rehearsals (the first is a {}).",
                mode_word(reference.mode)
            ));
        }

        let segments = reference
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let actual: Vec<Cell> = columns.iter().map(|c| c[i].0).collect();
                let lines: Vec<Option<&SegmentLine>> = columns.iter().map(|c| c[i].1).collect();
                let given: Vec<Option<i64>> =
                    lines.iter().map(|l| l.map(|l| l.given_seconds)).collect();
                let done: Vec<i64> = actual.iter().filter_map(|c| c.done()).collect();
                let over = actual
                    .iter()
                    .zip(&given)
                    .filter(|(c, g)| matches!((c.done(), g), (Some(a), Some(g)) if a > *g))
                    .count();
                let after_signal: Vec<Option<i64>> = lines
                    .iter()
                    .map(|l| l.and_then(SegmentLine::after_first_signal))
                    .collect();
                let signalled: Vec<i64> = after_signal.iter().flatten().copied().collect();
                let stats = Stats::of(&done, s.planned_seconds);
                SegmentComparison {
                    index: s.index,
                    title: s.title.clone(),
                    speaker: s.speaker.clone(),
                    planned_seconds: s.planned_seconds,
                    mean_seconds: stats.mean,
                    mean_delta_seconds: stats.mean_delta,
                    spread_seconds: stats.spread,
                    done: done.len(),
                    over,
                    actual,
                    given,
                    mean_after_signal: Stats::of(&signalled, 0).mean,
                    after_signal,
                }
            })
            .collect();
        let finished: Vec<i64> = runs
            .iter()
            .filter(|r| r.state == Standing::Finished)
            .map(|r| r.used_seconds)
            .collect();
        Self {
            title: reference.title.clone(),
            plan_name: reference.plan_name.clone(),
            budget_seconds: reference.totals.budget_seconds,
            runs,
            segments,
            session: Stats::of(&finished, reference.totals.budget_seconds),
            notes,
        }
    }

    /// The segments that ran long in every run that did them.
    pub fn consistently_long(&self) -> Vec<&SegmentComparison> {
        self.segments
            .iter()
            .filter(|s| s.consistently_long())
            .collect()
    }
}
