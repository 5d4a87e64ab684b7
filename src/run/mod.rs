//! The run: what happened so far (a list of timed events) folded into state,
//! and what that state means at any instant.
//!
//! This is the pure heart of timekeeper. Nothing here reads a clock: every
//! function takes `now`. The console, the journal replay, the stage view and
//! the reports all go through [`Run::event_for`] (what a command means now,
//! in `decide.rs`), [`Run::apply`] (the only mutator, in `fold.rs`) and
//! [`Run::at`] (what it all means at an instant, in `snapshot.rs`), so what
//! the screen showed and what the report says cannot disagree. This file
//! holds the vocabulary: the commands, the journal's actions, the run and
//! what a snapshot of it holds.
//!
//! A run keeps two kinds of state apart. The *course* is the rundown as it
//! stands (order, skips, inserts, changes, time given or taken) and where the
//! run is in it: undo and redo put it back as it was. What happened in the
//! *room* (pauses, messages to the speaker, flashes, clock jumps) is never
//! undone.
//!
//! Event times are kept to the millisecond, but all arithmetic is done in
//! whole seconds: an event's time is rounded to the nearest second and `now`
//! is floored, so every time on screen flips together on the wall clock's
//! second boundary, and durations in a report add up exactly to its totals.

use serde::{Deserialize, Serialize};

use crate::plan::{Plan, Segment};

pub use crate::time::Time;

/// Live runs are timed against the plan's schedule; rehearsals against the
/// moment Space was pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Live,
    Rehearsal,
}

/// A segment's name for the whole run, whatever happens to the order: its
/// position in the plan as filed (from 0), or, for a segment added during
/// the run, the next number after those.
pub type SegmentId = usize;

/// Where a command came from, as the journal records it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A key on the console.
    #[default]
    Console,
    /// The remote page or the HTTP API of `--serve`.
    Web,
}

/// What the timekeeper asks for (a key, a button), once decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Space: start the session, then pause or resume.
    StartOrPause,
    Next,
    /// Undo of the last `Next`: the previous segment continues.
    Back,
    /// `+` / `-`: seconds given to (or taken from) the current segment.
    Adjust(i64),
    /// Time moved between segments to end on time (the recovery suggestion,
    /// or time won given back).
    Rebalance(Rebalance, Vec<Shift>),
    /// End the session here, deliberately.
    End,
    /// Undo / redo the last change to the course of the run.
    Undo,
    Redo,
    /// A message to the speaker; pinned ones stay across segments.
    Message {
        text: String,
        pinned: bool,
    },
    ClearMessage,
    Flash,
    /// Skip a segment still to come, or bring a skipped one back.
    ToggleSkip(SegmentId),
    /// Move a segment still to come one place up (earlier) or down.
    Move {
        segment: SegmentId,
        up: bool,
    },
    /// Add a segment after `after` (or first among those to come).
    Insert {
        after: Option<SegmentId>,
        segment: NewSegment,
    },
    /// Change a segment still to come.
    Change {
        segment: SegmentId,
        change: Change,
    },
    /// The floor of a floor segment: its list, the chair, a point of order,
    /// the fit of its list to its time.
    Floor {
        segment: SegmentId,
        command: FloorCommand,
    },
}

/// Why a command means nothing now, in words for the console's notice line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn refuse<T>(why: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal(why.into()))
}

/// Why time was moved between segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rebalance {
    /// Cut from flexible segments to end on time.
    Recovery,
    /// Given back to flexible segments when the session runs ahead.
    GiveBack,
}

/// Seconds given to (positive) or taken from one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    pub segment: SegmentId,
    pub seconds: i64,
}

/// A segment added during the run, as the insert form gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSegment {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    pub duration_seconds: i64,
    #[serde(default)]
    pub flexible: bool,
}

/// What a change edits; `None` leaves a field as it is, an empty speaker
/// removes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<i64>,
    /// Whether it may be shortened (or lengthened) to end on time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flexible: Option<bool>,
}

/// One thing that happened, as the journal records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Action {
    /// The session begins with its first segment.
    Start,
    /// The current segment ends and the next begins (the last one ending
    /// finishes the run).
    Next,
    /// Undo of the last `Next`: the previous segment continues.
    Back,
    Pause,
    Resume,
    /// Time given (positive) or taken (negative) from a segment with `+`/`-`.
    Adjust {
        segment: SegmentId,
        seconds: i64,
    },
    /// Time moved between segments by the console's suggestion (`a`).
    Rebalance {
        reason: Rebalance,
        shifts: Vec<Shift>,
    },
    /// The timekeeper ended the session before its end.
    End,
    /// A console reopened this run after the previous one died or closed; a
    /// run that was over goes on with its last segment.
    Reopened,
    /// The wall clock moved by this many milliseconds more (or less) than
    /// the monotonic clock: a suspend, or a clock being set.
    ClockJump {
        millis: i64,
    },
    /// A message to the speaker, as shown (placeholders filled in).
    Message {
        text: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        pinned: bool,
    },
    MessageClear,
    /// The stage screens flash to catch the speaker's eye.
    Flash,
    Skip {
        segment: SegmentId,
    },
    Unskip {
        segment: SegmentId,
    },
    /// A segment moved to just after `after` (`None`: first of those to
    /// come).
    Move {
        segment: SegmentId,
        after: Option<SegmentId>,
    },
    /// A segment added, under the id the console gave it.
    Insert {
        segment: SegmentId,
        after: Option<SegmentId>,
        #[serde(flatten)]
        new: NewSegment,
    },
    Change {
        segment: SegmentId,
        #[serde(flatten)]
        change: Change,
    },
    Undo,
    Redo,
    /// A speaker added to a floor's list (format 3 on, like every floor
    /// event).
    FloorAdd {
        segment: SegmentId,
        entry: EntryId,
        after: Option<EntryId>,
        name: String,
        kind: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        limit_seconds: Option<i64>,
    },
    /// Speakers added at the end of a floor's list at once, each with the
    /// floor's kind (a paste at the console): one change, undone whole
    /// (format 5 on).
    FloorAddMany {
        segment: SegmentId,
        kind: String,
        entries: Vec<Added>,
    },
    /// A speaker still to come struck off (a no-show), or brought back.
    FloorStrike {
        segment: SegmentId,
        entry: EntryId,
    },
    FloorUnstrike {
        segment: SegmentId,
        entry: EntryId,
    },
    /// A speaker moved to just after `after` (`None`: first of those to come).
    FloorMove {
        segment: SegmentId,
        entry: EntryId,
        after: Option<EntryId>,
    },
    FloorChange {
        segment: SegmentId,
        entry: EntryId,
        #[serde(flatten)]
        change: EntryChange,
    },
    /// A speaker given the floor: the intervention before ends.
    FloorCall {
        segment: SegmentId,
        entry: EntryId,
    },
    /// The floor back to the chair without calling anyone.
    FloorChair {
        segment: SegmentId,
    },
    /// A point of order raised: the speaker's time frozen.
    OrderStart {
        segment: SegmentId,
    },
    /// The point of order over: the speaker goes on with the time they had.
    OrderEnd {
        segment: SegmentId,
    },
    /// The fit applied (format 4 on): equal time, `limit_seconds` for each
    /// of `entries`; or the cut line, `entries` marked as past it.
    FloorFit {
        segment: SegmentId,
        fit: crate::plan::FitPreference,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        limit_seconds: Option<i64>,
        entries: Vec<EntryId>,
    },
}

impl Action {
    /// Whether undo and redo step over this action: it changed the course.
    pub fn is_undoable(&self) -> bool {
        matches!(
            self,
            Action::Next
                | Action::Back
                | Action::Adjust { .. }
                | Action::Rebalance { .. }
                | Action::Skip { .. }
                | Action::Unskip { .. }
                | Action::Move { .. }
                | Action::Insert { .. }
                | Action::Change { .. }
        ) || self.floor_segment().is_some()
    }
}

/// An action at its wall-clock time, from where it came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub at: Time,
    pub action: Action,
    pub source: Source,
}

impl Event {
    /// An action taken at the console at `at`.
    pub fn new(at: Time, action: Action) -> Self {
        Self {
            at,
            action,
            source: Source::Console,
        }
    }
}

/// Where the run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Ready,
    Running(usize),
    Paused(usize),
    /// The last segment ended.
    Finished,
    /// The timekeeper ended the run early.
    Ended(usize),
}

impl Phase {
    /// The segment on the countdown, while there is one.
    pub fn on(self) -> Option<usize> {
        match self {
            Phase::Running(i) | Phase::Paused(i) => Some(i),
            _ => None,
        }
    }
}

/// Where a segment of the rundown came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Plan,
    /// Inserted during the run.
    Added,
}

/// One segment of the rundown as it stands, with its record so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub id: SegmentId,
    /// The segment as it stands (a change edits it).
    pub segment: Segment,
    pub origin: Origin,
    /// A no-show: it stays in the rundown but never runs.
    pub skipped: bool,
    pub record: SegmentRecord,
    /// A floor segment's list and its record, shared with the steps of
    /// the history until it changes.
    pub floor: Option<std::sync::Arc<FloorState>>,
}

/// One segment's record so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SegmentRecord {
    pub started: Option<Time>,
    pub ended: Option<Time>,
    /// Seconds given or taken with `+`/`-`.
    pub adjusted_seconds: i64,
    /// Seconds moved by the console's suggestion: cut for recovery
    /// (negative), given back (positive).
    pub rebalanced_seconds: i64,
}

/// A stretch of time the countdown stood still (an open one has no end
/// yet). Pauses belong to the room, not to a segment: a segment's paused
/// time is the part of the pauses that fell within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub from: Time,
    pub to: Option<Time>,
}

/// The message up on the stage screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    /// Pinned messages stay when the segment changes; others go with it.
    pub pinned: bool,
    pub at: Time,
    /// The segment on the countdown when it was sent.
    pub segment: Option<SegmentId>,
}

/// How long the stage screens flash after `f`, and how fast.
pub const FLASH_MILLIS: i64 = 3000;
const FLASH_PHASE_MILLIS: i64 = 500;

/// How many steps undo can go back: a podium needs the last few, and each
/// step keeps a copy of the rundown.
const HISTORY: usize = 100;

/// What undo and redo put back: the rundown and where the run is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Checkpoint {
    rundown: Vec<Slot>,
    phase: Phase,
    closed: Option<Time>,
    /// What the step did, for the console's "undone: …".
    label: String,
    /// Whether the step was a call of the next speaker on a floor (what
    /// `n` does there), which `p` takes back.
    call: bool,
}

/// A run of a plan: the plan, the mode and the events so far, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The plan as filed.
    pub plan: Plan,
    pub mode: Mode,
    pub phase: Phase,
    /// The segments in running order, as they stand.
    pub rundown: Vec<Slot>,
    pub started: Option<Time>,
    pub closed: Option<Time>,
    pub pauses: Vec<Pause>,
    pub message: Option<Message>,
    /// When the stage screens were last asked to flash.
    pub flash: Option<Time>,
    /// The id the next inserted segment gets.
    pub next_id: SegmentId,
    history: Vec<Checkpoint>,
    redo: Vec<Checkpoint>,
}

/// The state of a segment's countdown, in words as the screen shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Countdown {
    Ready,
    OnTime,
    Amber,
    Red,
    /// Seconds past zero.
    Over(i64),
    Paused,
    Finished,
}

impl Countdown {
    pub fn label(self) -> String {
        match self {
            Countdown::Ready => "READY".to_owned(),
            Countdown::OnTime => "ON TIME".to_owned(),
            Countdown::Amber => "AMBER".to_owned(),
            Countdown::Red => "RED".to_owned(),
            Countdown::Over(s) => format!("OVER +{}", crate::time::clock(s)),
            Countdown::Paused => "PAUSED".to_owned(),
            Countdown::Finished => "FINISHED".to_owned(),
        }
    }
}

/// Everything the screen shows, computed for one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// `now`, floored to the second, in the run's offset.
    pub now: Time,
    pub countdown: Countdown,
    /// The segment on the countdown (the first to run before the start, the
    /// last that ran after the end), as an index into the rundown.
    pub current: usize,
    /// The segment to come after it, if any.
    pub next: Option<usize>,
    /// Seconds left on the current countdown (negative when over).
    pub left: i64,
    /// Time the current segment has: its duration plus time given or taken.
    pub allowed: i64,
    pub elapsed: i64,
    /// Seconds used since the session started.
    pub used: i64,
    /// When the session was due to start: the plan's `start` (live, same
    /// day), else the moment it was started (or now, before it is).
    pub anchor: Time,
    /// Whether `anchor` comes from the plan's clock time.
    pub on_plan_clock: bool,
    /// The end of the rundown as it stands, on time (anchor plus the
    /// durations of the segments not skipped).
    pub planned_end: Time,
    /// Start plus budget: when the room must be handed over.
    pub scheduled_end: Time,
    pub projected_end: Time,
    /// Seconds the session is projected to end after the rundown's plan
    /// (negative: ahead).
    pub behind: i64,
    /// Seconds the session is projected to end after its scheduled end
    /// (start plus budget).
    pub late: i64,
    /// The message to the speaker shown now.
    pub message: Option<String>,
    /// The stage screens are in the inverted half of a flash.
    pub flash: bool,
    pub rows: Vec<Row>,
    /// The floor, while a floor segment is on the countdown.
    pub floor: Option<FloorView>,
}

/// One line of the rundown, in running order (row `i` is `run.rundown[i]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: SegmentId,
    /// When it is due by the rundown as it stands.
    pub scheduled_start: Time,
    /// When it started, or, for one still to come, when it is now expected
    /// to start.
    pub expected_start: Option<Time>,
    pub actual_start: Option<Time>,
    /// Its duration in the rundown as it stands.
    pub planned: i64,
    /// Time given or taken with `+`/`-`.
    pub adjusted: i64,
    /// Time moved by the console's suggestion.
    pub rebalanced: i64,
    /// Seconds spoken so far (running) or in all (done).
    pub actual: Option<i64>,
    pub paused: i64,
    pub state: SegmentState,
}

impl Row {
    /// The time the speaker was given: planned plus every adjustment.
    pub fn given(&self) -> i64 {
        self.planned + self.adjusted + self.rebalanced
    }
}

/// Where a segment stands in the run: the rundown's rows, the reports'
/// `status` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentState {
    Done,
    /// On the countdown now (paused or not).
    Running,
    NotStarted,
    /// Never to run: a no-show skipped, or never reached in a run the
    /// timekeeper ended early.
    Skipped,
}

impl SegmentState {
    /// The word the reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            SegmentState::Done => "done",
            SegmentState::Running => "running",
            SegmentState::Skipped => "skipped",
            SegmentState::NotStarted => "not_started",
        }
    }
}

/// Taking time never leaves a segment with less than this in all.
const FLOOR_SECONDS: i64 = 60;

impl Run {
    pub fn new(plan: Plan, mode: Mode) -> Self {
        let rundown = plan
            .segments
            .iter()
            .enumerate()
            .map(|(id, segment)| Slot {
                id,
                // The list lives in the floor's state; the plan keeps it
                // as inscribed, and undo need not copy it each step.
                segment: Segment {
                    floor: segment.floor.as_ref().map(|f| crate::plan::Floor {
                        kind: f.kind.clone(),
                        list: Vec::new(),
                        fit: f.fit,
                    }),
                    ..segment.clone()
                },
                origin: Origin::Plan,
                skipped: false,
                record: SegmentRecord::default(),
                floor: segment
                    .floor
                    .as_ref()
                    .map(|f| std::sync::Arc::new(FloorState::new(f))),
            })
            .collect();
        let next_id = plan.segments.len();
        Self {
            plan,
            mode,
            phase: Phase::Ready,
            rundown,
            started: None,
            closed: None,
            pauses: Vec::new(),
            message: None,
            flash: None,
            next_id,
            history: Vec::new(),
            redo: Vec::new(),
        }
    }

    /// Rebuilds a run from its events.
    pub fn replay<'a>(plan: Plan, mode: Mode, events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut run = Self::new(plan, mode);
        for event in events {
            run.apply(event);
        }
        run
    }

    /// Whether the run is over (finished or ended).
    pub fn is_closed(&self) -> bool {
        matches!(self.phase, Phase::Finished | Phase::Ended(_))
    }

    /// Where the segment with `id` is in the rundown.
    pub fn position(&self, id: SegmentId) -> Option<usize> {
        self.rundown.iter().position(|s| s.id == id)
    }

    /// The segment at rundown position `i`.
    pub fn segment(&self, i: usize) -> &Segment {
        &self.rundown[i].segment
    }

    /// Time a segment has: its duration plus time given or taken.
    pub fn allowed(&self, i: usize) -> i64 {
        let slot = &self.rundown[i];
        slot.segment.duration_seconds
            + slot.record.adjusted_seconds
            + slot.record.rebalanced_seconds
    }

    /// The first segment at or after `from` that is not skipped.
    fn runnable_from(&self, from: usize) -> Option<usize> {
        (from..self.rundown.len()).find(|&j| !self.rundown[j].skipped)
    }

    /// The last segment before `before` that ran.
    fn ran_before(&self, before: usize) -> Option<usize> {
        (0..before)
            .rev()
            .find(|&j| !self.rundown[j].skipped && self.rundown[j].record.started.is_some())
    }

    /// Whether a segment may still be edited: it has not started (the
    /// current one's past is its own; it has `+`/`-`).
    fn editable(&self, i: usize) -> bool {
        self.rundown[i].record.started.is_none() && !self.is_closed()
    }

    /// What undo would undo, in words.
    pub fn undo_label(&self) -> Option<&str> {
        self.history.last().map(|c| c.label.as_str())
    }

    /// Whether the last step undo would take back is a call on a floor.
    pub fn last_step_is_call(&self) -> bool {
        self.history.last().is_some_and(|c| c.call)
    }

    /// What redo would redo, in words.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|c| c.label.as_str())
    }
}

mod decide;
mod fit;
mod floor;
mod floor_many;
#[cfg(test)]
mod floor_tests;
mod fold;
mod snapshot;
#[cfg(test)]
mod tests;

pub use self::fit::{DEFAULT_MIN_SHARE, Fit, FitInput, FloorFit, WORTH_FITTING, Waiting, fit};
pub use self::floor::{
    EntryChange, EntryId, FloorCommand, FloorState, FloorView, Intervention, MAX_ENTRY_ID,
    NAME_CHARS, Order, Speaking, Spoken,
};
pub use self::floor_many::Added;
pub use self::fold::{MAX_SEGMENT_ID, MAX_SHIFT_SECONDS};
pub use self::snapshot::{bells, blink_on, next_change};
