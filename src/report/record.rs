//! What the journal says beyond the figures: the edits made to the rundown
//! (with what each did, in words) and the signals sent to the speaker (with
//! how long the speaker went on after each).
//!
//! Both come from replaying the journal one event at a time through the
//! core ([`Run::apply`]), so each edit is described as the rundown stood
//! when it was made (an undo names what it undid) and each signal belongs
//! to the segment that was on the countdown when it was sent.

use serde::Serialize;

use super::rounded;
use crate::journal::Journal;
use crate::run::{Action, Change, Rebalance, Run, SegmentId, Source};
use crate::text::sanitize;
use crate::time::{Time, clock, second, signed};

/// What kind of edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EditKind {
    Skip,
    /// A skipped segment brought back.
    Unskip,
    Move,
    Insert,
    Change,
    /// A recovery plan applied (`a`): time cut from flexible segments.
    Recovery,
    /// Time won given back to flexible segments (`a`).
    GiveBack,
    Undo,
    Redo,
}

/// One edit of the rundown, at its time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub at: Time,
    pub kind: EditKind,
    /// The segment it named, as it was titled then.
    pub segment: Option<String>,
    /// What it did, in words: `skipped "Donor perspective"`.
    pub what: String,
    pub source: Source,
    /// Whether it changed anything (an edit the run could not take, in a
    /// journal written by hand, is listed but changed nothing).
    pub took_effect: bool,
}

/// What kind of signal to the speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    Message,
    MessageClear,
    Flash,
}

/// A signal to the speaker, and what followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    /// When it was sent, to the second.
    pub at: Time,
    pub kind: SignalKind,
    /// The message as shown (made safe to print).
    pub text: Option<String>,
    /// A pinned message stays across segments.
    pub pinned: bool,
    pub source: Source,
    /// The segment on the countdown when it was sent.
    pub segment: Option<SegmentId>,
    /// Seconds that segment went on being spoken after the signal (pauses
    /// left out), until it ended or as of the report.
    pub spoke_after: Option<i64>,
    /// The segment was still running as of the report: `spoke_after` is so
    /// far.
    pub so_far: bool,
}

impl Signal {
    /// `'Please wrap up' (pinned)`, `flash`, `message cleared`.
    pub fn describe(&self) -> String {
        match self.kind {
            SignalKind::Message => format!(
                "'{}'{}",
                self.text.as_deref().unwrap_or_default(),
                if self.pinned { " (pinned)" } else { "" }
            ),
            SignalKind::MessageClear => "message cleared".to_owned(),
            SignalKind::Flash => "flash".to_owned(),
        }
    }

    /// `spoke 1:40 more`, `spoke 0:20 more so far`.
    pub fn followed(&self) -> Option<String> {
        self.spoke_after.map(|s| {
            format!(
                "spoke {} more{}",
                clock(s),
                if self.so_far { " so far" } else { "" }
            )
        })
    }
}

/// The edits and signals of a run.
pub(super) struct Course {
    pub edits: Vec<Edit>,
    pub signals: Vec<Signal>,
}

fn quoted(title: &str) -> String {
    format!("\"{}\"", sanitize(title))
}

impl Course {
    /// Replays `journal` event by event; `run` is the run at its end.
    pub fn of(journal: &Journal, run: &Run, as_of: Time) -> Self {
        let offset = *as_of.offset();
        let mut edits = Vec::new();
        let mut signals = Vec::new();
        let mut step = Run::new(journal.header.plan.clone(), journal.header.mode);
        for event in &journal.events {
            let at = rounded(event.at, offset);
            let edit = describe_edit(&step, &event.action);
            let signal = match &event.action {
                Action::Message { text, pinned } => {
                    Some((SignalKind::Message, Some(sanitize(text)), *pinned))
                }
                Action::MessageClear => Some((SignalKind::MessageClear, None, false)),
                Action::Flash => Some((SignalKind::Flash, None, false)),
                _ => None,
            };
            if let Some((kind, text, pinned)) = signal {
                signals.push(Signal {
                    at,
                    kind,
                    text,
                    pinned,
                    source: event.source,
                    segment: step.phase.on().map(|i| step.rundown[i].id),
                    spoke_after: None,
                    so_far: false,
                });
            }
            let edit = edit.map(|(kind, segment, what)| {
                let titled =
                    segment.and_then(|id| step.position(id).map(|i| step.segment(i).title.clone()));
                (kind, segment, titled, what)
            });
            let before = (step.rundown.clone(), step.phase);
            step.apply(event);
            if let Some((kind, segment, was_titled, what)) = edit {
                let took_effect = before != (step.rundown.clone(), step.phase);
                // An inserted segment has its title only once it is in.
                let titled = was_titled.or_else(|| {
                    segment.and_then(|id| step.position(id).map(|i| step.segment(i).title.clone()))
                });
                edits.push(Edit {
                    at,
                    kind,
                    segment: titled.map(|t| sanitize(&t)),
                    what,
                    source: event.source,
                    took_effect,
                });
            }
        }
        for signal in &mut signals {
            if let Some(id) = signal.segment {
                (signal.spoke_after, signal.so_far) = spoken_after(run, id, signal.at, as_of);
            }
        }
        Self { edits, signals }
    }
}

/// An edit in words, as the rundown stood when it was made: its kind, the
/// segment it names and what it did; `None` for what is not an edit.
fn describe_edit(step: &Run, action: &Action) -> Option<(EditKind, Option<SegmentId>, String)> {
    let title = |id: SegmentId| step.position(id).map(|i| step.segment(i).title.clone());
    let named = |id: SegmentId| title(id).map_or_else(|| format!("segment {id}"), |t| quoted(&t));
    match action {
        Action::Skip { segment } => Some((
            EditKind::Skip,
            Some(*segment),
            format!("skipped {}", named(*segment)),
        )),
        Action::Unskip { segment } => Some((
            EditKind::Unskip,
            Some(*segment),
            format!("brought back {}", named(*segment)),
        )),
        Action::Move { segment, after } => Some((
            EditKind::Move,
            Some(*segment),
            match after {
                Some(after) => format!("moved {} after {}", named(*segment), named(*after)),
                None => format!("moved {} to come next", named(*segment)),
            },
        )),
        Action::Insert {
            segment,
            after,
            new,
        } => {
            let speaker = new
                .speaker
                .as_deref()
                .map_or_else(String::new, |s| format!(", {}", sanitize(s)));
            let flexible = if new.flexible { ", flexible" } else { "" };
            let place = after.map_or_else(
                || "to come next".to_owned(),
                |a| format!("after {}", named(a)),
            );
            Some((
                EditKind::Insert,
                Some(*segment),
                format!(
                    "added {} ({}{speaker}{flexible}) {place}",
                    quoted(&new.title),
                    clock(new.duration_seconds)
                ),
            ))
        }
        Action::Change { segment, change } => Some((
            EditKind::Change,
            Some(*segment),
            format!(
                "changed {}: {}",
                named(*segment),
                describe_change(step, *segment, change)
            ),
        )),
        Action::Rebalance { reason, shifts } => {
            let parts: Vec<String> = shifts
                .iter()
                .map(|s| {
                    let word = if s.seconds >= 0 { "to" } else { "from" };
                    format!("{} {word} {}", signed(s.seconds), named(s.segment))
                })
                .collect();
            let (kind, what) = match reason {
                Rebalance::Recovery => (EditKind::Recovery, "applied the recovery plan"),
                Rebalance::GiveBack => (EditKind::GiveBack, "gave time back"),
            };
            Some((kind, None, format!("{what}: {}", parts.join(", "))))
        }
        Action::Undo => Some((
            EditKind::Undo,
            None,
            step.undo_label().map_or_else(
                || "undo (nothing to undo)".to_owned(),
                |l| format!("undid the last change ({})", sanitize(l)),
            ),
        )),
        Action::Redo => Some((
            EditKind::Redo,
            None,
            step.redo_label().map_or_else(
                || "redo (nothing to redo)".to_owned(),
                |l| format!("redid the change undone ({})", sanitize(l)),
            ),
        )),
        _ => None,
    }
}

/// Seconds the segment `id` was spoken from `from` until it ended (or
/// `as_of`), pauses left out; and whether it was still running.
fn spoken_after(run: &Run, id: SegmentId, from: Time, as_of: Time) -> (Option<i64>, bool) {
    let Some(i) = run.position(id) else {
        return (None, false);
    };
    let record = &run.rundown[i].record;
    let Some(started) = record.started else {
        return (None, false);
    };
    let end = record.ended.map_or(second(as_of), second);
    let from = second(from).max(second(started));
    if end <= from {
        return (Some(0), record.ended.is_none());
    }
    let paused: i64 = run
        .pauses
        .iter()
        .map(|p| {
            let a = second(p.from).max(from);
            let b = p.to.map_or(second(as_of), second).min(end);
            (b - a).max(0)
        })
        .sum();
    (Some((end - from - paused).max(0)), record.ended.is_none())
}

/// `duration 8:00 → 6:00, speaker Ms. X`.
fn describe_change(run: &Run, id: SegmentId, change: &Change) -> String {
    let now = run.position(id).map(|i| run.segment(i));
    let mut parts = Vec::new();
    if let Some(title) = &change.title {
        parts.push(format!("title {}", quoted(title)));
    }
    if let Some(speaker) = &change.speaker {
        parts.push(if speaker.is_empty() {
            "no speaker".to_owned()
        } else {
            format!("speaker {}", sanitize(speaker))
        });
    }
    if let Some(d) = change.duration_seconds {
        parts.push(match now {
            Some(s) => format!("duration {} → {}", clock(s.duration_seconds), clock(d)),
            None => format!("duration {}", clock(d)),
        });
    }
    if let Some(flexible) = change.flexible {
        parts.push(if flexible { "flexible" } else { "not flexible" }.to_owned());
    }
    parts.join(", ")
}
