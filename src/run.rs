//! The run: what happened so far (a list of timed events) folded into state,
//! and what that state means at any instant.
//!
//! This is the pure heart of timekeeper. Nothing here reads a clock: every
//! function takes `now`. The console, the journal replay, the stage view and
//! the reports all go through [`Run::event_for`] (what a command means now),
//! [`Run::apply`] (the only mutator) and [`Run::at`] (what it all means at an
//! instant), so what the screen showed and what the report says cannot
//! disagree.
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

use chrono::{NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::plan::{Plan, Segment};
use crate::time::{at_second, floor_second, second};

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
        )
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
struct Course {
    rundown: Vec<Slot>,
    phase: Phase,
    closed: Option<Time>,
    /// What the step did, for the console's "undone: …".
    label: String,
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
    history: Vec<Course>,
    redo: Vec<Course>,
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
                segment: segment.clone(),
                origin: Origin::Plan,
                skipped: false,
                record: SegmentRecord::default(),
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

    /// What redo would redo, in words.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|c| c.label.as_str())
    }

    /// The event a command makes now, or why it means nothing in this state
    /// (Back before the second segment, `-` past the floor, a move past the
    /// running segment…).
    pub fn event_for(&self, command: Command, now: Time) -> Result<Event, Refusal> {
        self.action_for(command)
            .map(|action| Event::new(now, action))
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one match over every command, each arm the rule for it"
    )]
    fn action_for(&self, command: Command) -> Result<Action, Refusal> {
        let phase = self.phase;
        Ok(match command {
            Command::StartOrPause | Command::Next if phase == Phase::Ready => {
                if self.runnable_from(0).is_none() {
                    return refuse("every segment is skipped: bring one back first");
                }
                Action::Start
            }
            Command::StartOrPause => match phase {
                Phase::Running(_) => Action::Pause,
                Phase::Paused(_) => Action::Resume,
                _ => return refuse("the run is over"),
            },
            Command::Next => match phase {
                Phase::Running(_) | Phase::Paused(_) => Action::Next,
                _ => return refuse("the run is over"),
            },
            Command::Back => match phase {
                Phase::Running(i) | Phase::Paused(i) if self.ran_before(i).is_some() => {
                    Action::Back
                }
                Phase::Finished => Action::Back,
                _ => return refuse("nothing to go back to"),
            },
            Command::Adjust(seconds) => {
                let i = match phase {
                    Phase::Ready => self.runnable_from(0).unwrap_or(0),
                    Phase::Running(i) | Phase::Paused(i) => i,
                    _ => return refuse("the run is over"),
                };
                let seconds = self.clamp_adjust(i, seconds)?;
                Action::Adjust {
                    segment: self.rundown[i].id,
                    seconds,
                }
            }
            Command::Rebalance(reason, shifts) => {
                if shifts.is_empty() {
                    return refuse("nothing to apply");
                }
                for shift in &shifts {
                    let Some(i) = self.position(shift.segment) else {
                        return refuse("that segment is not in the rundown");
                    };
                    if self.rundown[i].record.ended.is_some() || self.rundown[i].skipped {
                        return refuse("that segment will not run again");
                    }
                }
                Action::Rebalance { reason, shifts }
            }
            Command::End => match phase {
                Phase::Running(_) | Phase::Paused(_) | Phase::Ready => Action::End,
                _ => return refuse("the run is already over"),
            },
            Command::Undo => match self.undo_label() {
                Some(_) => Action::Undo,
                None => return refuse("nothing to undo"),
            },
            Command::Redo => match self.redo_label() {
                Some(_) => Action::Redo,
                None => return refuse("nothing to redo"),
            },
            Command::Message { text, pinned } => {
                let text = crate::text::sanitize(text.trim());
                if text.is_empty() {
                    return refuse("an empty message is not sent");
                }
                Action::Message {
                    text: text.chars().take(crate::plan::MESSAGE_CHARS).collect(),
                    pinned,
                }
            }
            Command::ClearMessage => match self.message {
                Some(_) => Action::MessageClear,
                None => return refuse("no message is up"),
            },
            Command::Flash => Action::Flash,
            Command::ToggleSkip(id) => {
                let i = self.editable_position(id)?;
                if self.rundown[i].skipped {
                    Action::Unskip { segment: id }
                } else {
                    Action::Skip { segment: id }
                }
            }
            Command::Move { segment, up } => {
                let i = self.editable_position(segment)?;
                let first = self.first_editable();
                if up {
                    if i == 0 || i <= first {
                        return refuse("it cannot move before the running segment");
                    }
                    // Just after the one two places up, or first of those to come.
                    let after = (i >= first + 2).then(|| self.rundown[i - 2].id);
                    Action::Move { segment, after }
                } else {
                    if i + 1 >= self.rundown.len() {
                        return refuse("it is already last");
                    }
                    Action::Move {
                        segment,
                        after: Some(self.rundown[i + 1].id),
                    }
                }
            }
            Command::Insert { after, segment } => {
                if self.is_closed() {
                    return refuse("the run is over");
                }
                let new = check_new(segment)?;
                if let Some(after) = after {
                    let Some(i) = self.position(after) else {
                        return refuse("that segment is not in the rundown");
                    };
                    if i + 1 < self.first_editable() {
                        return refuse("a segment can only be added after the running one");
                    }
                }
                Action::Insert {
                    segment: self.next_id,
                    after,
                    new,
                }
            }
            Command::Change { segment, change } => {
                self.editable_position(segment)?;
                let change = check_change(change)?;
                if change == Change::default() {
                    return refuse("nothing changed");
                }
                Action::Change { segment, change }
            }
        })
    }

    /// Where an editable segment is; refused when it has started.
    fn editable_position(&self, id: SegmentId) -> Result<usize, Refusal> {
        match self.position(id) {
            None => refuse("that segment is not in the rundown"),
            Some(i) if !self.editable(i) => {
                refuse("only segments still to come can be edited; the running one has +/-")
            }
            Some(i) => Ok(i),
        }
    }

    /// The first rundown position that may still change: after the segment
    /// on the countdown (everything before the start).
    pub fn first_editable(&self) -> usize {
        match self.phase {
            Phase::Ready => 0,
            Phase::Running(i) | Phase::Paused(i) | Phase::Ended(i) => i + 1,
            Phase::Finished => self.rundown.len(),
        }
    }

    /// Taking time never leaves a segment with less than a minute in all.
    fn clamp_adjust(&self, i: usize, seconds: i64) -> Result<i64, Refusal> {
        if seconds >= 0 {
            return Ok(seconds);
        }
        let room = (self.allowed(i) - FLOOR_SECONDS).max(0);
        let take = (-seconds).min(room);
        if take > 0 {
            Ok(-take)
        } else {
            refuse("a segment keeps at least one minute")
        }
    }

    /// Folds one event into the run. Events that do not fit the state (a
    /// journal written by hand, say) are ignored rather than trusted.
    pub fn apply(&mut self, event: &Event) {
        if !event.action.is_undoable() {
            self.fold(event);
            return;
        }
        let before = self.course(describe(&event.action, self));
        self.fold(event);
        // An action that changed nothing leaves no step to undo.
        if self.rundown != before.rundown || self.phase != before.phase {
            self.history.push(before);
            if self.history.len() > HISTORY {
                self.history.remove(0);
            }
            self.redo.clear();
        }
    }

    fn course(&self, label: String) -> Course {
        Course {
            rundown: self.rundown.clone(),
            phase: self.phase,
            closed: self.closed,
            label,
        }
    }

    /// Puts a course back; the room's pause goes on with whatever segment
    /// is on the countdown now.
    fn restore(&mut self, course: Course) {
        self.rundown = course.rundown;
        self.closed = course.closed;
        self.phase = course.phase;
        let paused = self.pauses.last().is_some_and(|p| p.to.is_none());
        if let Some(i) = self.phase.on() {
            self.phase = if paused {
                Phase::Paused(i)
            } else {
                Phase::Running(i)
            };
        }
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one match over every action, each arm its effect"
    )]
    fn fold(&mut self, event: &Event) {
        let at = event.at;
        match (&event.action, self.phase) {
            (Action::Start, Phase::Ready) => {
                let Some(first) = self.runnable_from(0) else {
                    return;
                };
                self.started = Some(at);
                self.rundown[first].record.started = Some(at);
                self.phase = Phase::Running(first);
            }
            (Action::Next, Phase::Running(i) | Phase::Paused(i)) => {
                self.end_pause(at);
                self.rundown[i].record.ended = Some(at);
                if let Some(j) = self.runnable_from(i + 1) {
                    self.rundown[j].record.started = Some(at);
                    self.phase = Phase::Running(j);
                } else {
                    self.phase = Phase::Finished;
                    self.closed = Some(at);
                }
            }
            (Action::Back, Phase::Running(i) | Phase::Paused(i)) => {
                if let Some(j) = self.ran_before(i) {
                    self.end_pause(at);
                    let record = &mut self.rundown[i].record;
                    *record = SegmentRecord {
                        adjusted_seconds: record.adjusted_seconds,
                        rebalanced_seconds: record.rebalanced_seconds,
                        ..SegmentRecord::default()
                    };
                    self.rundown[j].record.ended = None;
                    self.phase = Phase::Running(j);
                }
            }
            (Action::Back | Action::Reopened, Phase::Finished) => {
                if let Some(last) = self.ran_before(self.rundown.len()) {
                    self.rundown[last].record.ended = None;
                    self.closed = None;
                    self.phase = Phase::Running(last);
                }
            }
            (Action::Reopened, Phase::Ended(i)) => {
                if self.rundown[i].record.started.is_some() {
                    self.rundown[i].record.ended = None;
                    self.phase = Phase::Running(i);
                } else {
                    self.phase = Phase::Ready;
                }
                self.closed = None;
            }
            (Action::Pause, Phase::Running(i)) => {
                self.pauses.push(Pause { from: at, to: None });
                self.phase = Phase::Paused(i);
            }
            (Action::Resume, Phase::Paused(i)) => {
                self.end_pause(at);
                self.phase = Phase::Running(i);
            }
            // Only a segment that has not ended may be given or cut time.
            (
                Action::Adjust { segment, seconds },
                Phase::Ready | Phase::Running(_) | Phase::Paused(_),
            ) => {
                if let Some(i) = self.position(*segment)
                    && self.rundown[i].record.ended.is_none()
                {
                    self.rundown[i].record.adjusted_seconds += seconds;
                }
            }
            (
                Action::Rebalance { shifts, .. },
                Phase::Ready | Phase::Running(_) | Phase::Paused(_),
            ) => {
                for shift in shifts {
                    if let Some(i) = self.position(shift.segment)
                        && self.rundown[i].record.ended.is_none()
                    {
                        self.rundown[i].record.rebalanced_seconds += shift.seconds;
                    }
                }
            }
            (Action::End, Phase::Running(i) | Phase::Paused(i)) => {
                self.end_pause(at);
                self.rundown[i].record.ended = Some(at);
                self.phase = Phase::Ended(i);
                self.closed = Some(at);
                self.history.clear();
                self.redo.clear();
            }
            (Action::End, Phase::Ready) => {
                self.phase = Phase::Ended(0);
                self.closed = Some(at);
            }
            (Action::ClockJump { millis }, _) if *millis < 0 => {
                // The clock was set back: the monotonic clock knew better.
                // Every instant recorded before moves with the clock, so the
                // time already spoken stays spoken.
                self.shift_recorded(TimeDelta::milliseconds(*millis));
            }
            (Action::Message { text, pinned }, _) => {
                self.message = Some(Message {
                    text: crate::text::sanitize(text),
                    pinned: *pinned,
                    at,
                    segment: self.phase.on().map(|i| self.rundown[i].id),
                });
            }
            (Action::MessageClear, _) => self.message = None,
            (Action::Flash, _) => self.flash = Some(at),
            (Action::Skip { segment }, _) => self.set_skipped(*segment, true),
            (Action::Unskip { segment }, _) => self.set_skipped(*segment, false),
            (Action::Move { segment, after }, _) => self.move_segment(*segment, *after),
            (
                Action::Insert {
                    segment: id,
                    after,
                    new,
                },
                _,
            ) => self.insert(*id, *after, new),
            (Action::Change { segment, change }, _) => self.change(*segment, change),
            (Action::Undo, _) => {
                if let Some(course) = self.history.pop() {
                    let now = self.course(course.label.clone());
                    self.restore(course);
                    self.redo.push(now);
                }
            }
            (Action::Redo, _) => {
                if let Some(course) = self.redo.pop() {
                    let now = self.course(course.label.clone());
                    self.restore(course);
                    self.history.push(now);
                }
            }
            _ => {}
        }
    }

    fn end_pause(&mut self, at: Time) {
        if let Some(open) = self.pauses.last_mut()
            && open.to.is_none()
        {
            open.to = Some(at);
        }
    }

    fn shift_recorded(&mut self, by: TimeDelta) {
        let shift = |t: &mut Option<Time>| {
            if let Some(t) = t.as_mut() {
                *t += by;
            }
        };
        shift(&mut self.started);
        shift(&mut self.closed);
        for slot in &mut self.rundown {
            shift(&mut slot.record.started);
            shift(&mut slot.record.ended);
        }
        for pause in &mut self.pauses {
            pause.from += by;
            shift(&mut pause.to);
        }
        for course in self.history.iter_mut().chain(self.redo.iter_mut()) {
            shift(&mut course.closed);
            for slot in &mut course.rundown {
                shift(&mut slot.record.started);
                shift(&mut slot.record.ended);
            }
        }
    }

    fn set_skipped(&mut self, id: SegmentId, skipped: bool) {
        if let Some(i) = self.position(id)
            && self.editable(i)
        {
            self.rundown[i].skipped = skipped;
        }
    }

    fn move_segment(&mut self, id: SegmentId, after: Option<SegmentId>) {
        let Some(from) = self.position(id) else {
            return;
        };
        let first = self.first_editable();
        if !self.editable(from) {
            return;
        }
        let slot = self.rundown.remove(from);
        let to = match after {
            None => first.min(self.rundown.len()),
            Some(after) => match self.position(after) {
                Some(a) if a + 1 >= first => a + 1,
                _ => {
                    self.rundown.insert(from, slot);
                    return;
                }
            },
        };
        self.rundown.insert(to, slot);
    }

    fn insert(&mut self, id: SegmentId, after: Option<SegmentId>, new: &NewSegment) {
        if self.is_closed() || self.position(id).is_some() {
            return;
        }
        // Cleaned as the console cleans it: a hand-edited journal's text
        // reaches the screen too.
        let Ok(new) = check_new(new.clone()) else {
            return;
        };
        let first = self.first_editable();
        let to = match after {
            None => first.min(self.rundown.len()),
            Some(after) => match self.position(after) {
                Some(a) if a + 1 >= first => a + 1,
                _ => return,
            },
        };
        let warnings = self.plan.warnings;
        let duration = new.duration_seconds;
        self.rundown.insert(
            to,
            Slot {
                id,
                segment: Segment {
                    title: new.title.clone(),
                    speaker: new.speaker.clone(),
                    role: None,
                    notes: None,
                    duration_seconds: duration,
                    flexible: new.flexible,
                    min_seconds: duration / 2,
                    max_seconds: None,
                    warnings: fitted(warnings, duration),
                },
                origin: Origin::Added,
                skipped: false,
                record: SegmentRecord::default(),
            },
        );
        self.next_id = self.next_id.max(id + 1);
    }

    fn change(&mut self, id: SegmentId, change: &Change) {
        let Some(i) = self.position(id) else {
            return;
        };
        if !self.editable(i) {
            return;
        }
        let Ok(change) = check_change(change.clone()) else {
            return;
        };
        let segment = &mut self.rundown[i].segment;
        if let Some(title) = &change.title {
            segment.title.clone_from(title);
        }
        if let Some(speaker) = &change.speaker {
            segment.speaker = (!speaker.is_empty()).then(|| speaker.clone());
        }
        if let Some(duration) = change.duration_seconds {
            segment.duration_seconds = duration;
            segment.min_seconds = segment.min_seconds.min(duration);
            if segment.max_seconds.is_some_and(|m| m < duration) {
                segment.max_seconds = Some(duration);
            }
            segment.warnings = fitted(segment.warnings, duration);
        }
    }

    /// Seconds the segment at `i` has been spoken at second `now_s` (pauses
    /// left out), or in all once it ended.
    fn spoken(&self, i: usize, now_s: i64) -> Option<i64> {
        let rec = &self.rundown[i].record;
        let start = second(rec.started?);
        let until = rec.ended.map_or(now_s, second);
        Some((until - start - self.paused_within(start, until, now_s)).max(0))
    }

    /// Pause time of the segment at `i` at `now_s`, the current pause
    /// included.
    fn paused(&self, i: usize, now_s: i64) -> i64 {
        let rec = &self.rundown[i].record;
        let Some(started) = rec.started else {
            return 0;
        };
        let start = second(started);
        let until = rec.ended.map_or(now_s, second);
        self.paused_within(start, until, now_s)
    }

    /// Seconds of pause between two whole seconds.
    fn paused_within(&self, from: i64, until: i64, now_s: i64) -> i64 {
        self.pauses
            .iter()
            .map(|p| {
                let a = second(p.from).max(from);
                let b = p.to.map_or(now_s, second).min(until);
                (b - a).max(0)
            })
            .sum()
    }

    /// The pauses that fell within the segment at `i`, as (from, to), an
    /// open one running to `now`.
    pub fn pauses_of(&self, i: usize, now: Time) -> Vec<(Time, Time)> {
        let rec = &self.rundown[i].record;
        let Some(started) = rec.started else {
            return Vec::new();
        };
        let until = rec.ended.unwrap_or(now);
        self.pauses
            .iter()
            .filter_map(|p| {
                let from = p.from.max(started);
                let to = p.to.unwrap_or(now).min(until);
                (to > from).then_some((from, to))
            })
            .collect()
    }

    /// The instant the plan's schedule counts from. A live run of a plan with
    /// a `start` keeps to the plan's clock (starting at 10:04 is 4:00 behind)
    /// unless the plan is dated for another day; otherwise, and in
    /// rehearsals, the schedule starts when the session does.
    fn anchor(&self, now: Time) -> (Time, bool) {
        let offset = *now.offset();
        let reference = self.started.unwrap_or(now).with_timezone(&offset);
        if self.mode == Mode::Live
            && let Some(start) = self.plan.start
        {
            let day = reference.date_naive();
            if self.plan.date.is_none_or(|d| d == day) {
                let local = NaiveDateTime::new(day, start);
                if let Some(t) = local.and_local_timezone(offset).single() {
                    return (t, true);
                }
            }
        }
        (reference, false)
    }

    /// The segment that comes after `i`, skipping no-shows.
    pub fn next_after(&self, i: usize) -> Option<usize> {
        self.runnable_from(i + 1)
    }

    /// What the screen shows at `now`.
    #[expect(
        clippy::too_many_lines,
        reason = "one pass over the rundown computes every row and the totals together"
    )]
    pub fn at(&self, now: Time) -> Snapshot {
        let offset = *now.offset();
        let now_s = floor_second(now);
        let shown_now = at_second(now_s, offset);
        let (anchor, on_plan_clock) = self.anchor(now);
        let anchor_s = second(anchor);

        let current = match self.phase {
            Phase::Ready => self.runnable_from(0).unwrap_or(0),
            Phase::Running(i) | Phase::Paused(i) | Phase::Ended(i) => i,
            Phase::Finished => self.ran_before(self.rundown.len()).unwrap_or(0),
        };
        let next = match self.phase {
            Phase::Ready | Phase::Running(_) | Phase::Paused(_) => self.next_after(current),
            Phase::Finished | Phase::Ended(_) => None,
        };
        let allowed = self.allowed(current);
        let elapsed = self.spoken(current, now_s).unwrap_or(0);
        let left = allowed - elapsed;
        let warnings = self.rundown[current].segment.warnings;
        let countdown = match self.phase {
            Phase::Ready => Countdown::Ready,
            Phase::Finished | Phase::Ended(_) => Countdown::Finished,
            Phase::Paused(_) => Countdown::Paused,
            Phase::Running(_) if left <= 0 => Countdown::Over(-left),
            Phase::Running(_) if left <= warnings.red_seconds => Countdown::Red,
            Phase::Running(_) if left <= warnings.amber_seconds => Countdown::Amber,
            Phase::Running(_) => Countdown::OnTime,
        };

        let end_s = self.closed.map(second);
        let used = match self.started {
            Some(t) => end_s.unwrap_or(now_s) - second(t),
            None => 0,
        };
        // Where the next segment to come would start, and the running sum of
        // the rundown's own durations.
        let mut expected_s = match self.phase {
            Phase::Ready => now_s.max(anchor_s),
            Phase::Running(_) | Phase::Paused(_) => now_s + left.max(0),
            Phase::Finished | Phase::Ended(_) => end_s.unwrap_or(now_s),
        };
        let mut planned_s = anchor_s;
        let rows: Vec<Row> = self
            .rundown
            .iter()
            .enumerate()
            .map(|(i, slot)| {
                let rec = &slot.record;
                let state = if slot.skipped {
                    SegmentState::Skipped
                } else if rec.ended.is_some() {
                    SegmentState::Done
                } else if rec.started.is_some() {
                    SegmentState::Running
                } else if matches!(self.phase, Phase::Ended(_)) {
                    SegmentState::Skipped
                } else {
                    SegmentState::NotStarted
                };
                let scheduled_start = at_second(planned_s, offset);
                if !slot.skipped {
                    planned_s += slot.segment.duration_seconds;
                }
                // Rounded like every duration, so starts and durations add up.
                let actual_start = rec.started.map(|t| at_second(second(t), offset));
                let expected_start = match state {
                    SegmentState::NotStarted => {
                        let at = at_second(expected_s, offset);
                        expected_s += self.allowed(i);
                        Some(at)
                    }
                    _ => actual_start,
                };
                Row {
                    id: slot.id,
                    scheduled_start,
                    expected_start,
                    actual_start,
                    planned: slot.segment.duration_seconds,
                    adjusted: rec.adjusted_seconds,
                    rebalanced: rec.rebalanced_seconds,
                    actual: self.spoken(i, now_s),
                    paused: self.paused(i, now_s),
                    state,
                }
            })
            .collect();
        let projected_s = match end_s {
            Some(end) => end,
            None => expected_s,
        };
        let planned_end_s = planned_s;
        let scheduled_end_s = anchor_s + self.plan.budget_seconds;
        let message = self
            .message
            .as_ref()
            .filter(|m| m.pinned || m.segment == self.phase.on().map(|i| self.rundown[i].id))
            .map(|m| m.text.clone());

        Snapshot {
            now: shown_now,
            countdown,
            current,
            next,
            left,
            allowed,
            elapsed,
            used,
            anchor: at_second(anchor_s, offset),
            on_plan_clock,
            planned_end: at_second(planned_end_s, offset),
            scheduled_end: at_second(scheduled_end_s, offset),
            projected_end: at_second(projected_s, offset),
            behind: projected_s - planned_end_s,
            late: projected_s - scheduled_end_s,
            message,
            flash: self.flash_on(now),
            rows,
        }
    }

    /// Whether the stage is in the inverted half of a flash at `now`.
    pub fn flash_on(&self, now: Time) -> bool {
        self.flash.is_some_and(|at| {
            let ms = (now - at).num_milliseconds();
            (0..FLASH_MILLIS).contains(&ms) && (ms / FLASH_PHASE_MILLIS) % 2 == 0
        })
    }

    /// Whether a flash is still going at `now`.
    fn flashing(&self, now: Time) -> bool {
        self.flash
            .is_some_and(|at| (0..FLASH_MILLIS).contains(&(now - at).num_milliseconds()))
    }

    /// The next instant at which anything on screen changes: the next wall
    /// clock second, or sooner while OVER blinks or a flash goes on.
    pub fn next_change(&self, now: Time) -> Time {
        self.next_change_after(now, self.at(now).countdown)
    }

    /// [`Run::next_change`] for a countdown already known (the last frame's).
    pub fn next_change_after(&self, now: Time, countdown: Countdown) -> Time {
        let display = next_change(now, countdown);
        match self.flash {
            Some(at) if self.flashing(now) => {
                let ms = (now - at).num_milliseconds();
                let phase = at
                    + TimeDelta::milliseconds((ms / FLASH_PHASE_MILLIS + 1) * FLASH_PHASE_MILLIS);
                display.min(phase)
            }
            _ => display,
        }
    }
}

/// Checks a segment the insert form gave.
fn check_new(mut new: NewSegment) -> Result<NewSegment, Refusal> {
    new.title = crate::text::sanitize(new.title.trim());
    if new.title.is_empty() {
        return refuse("a segment needs a title");
    }
    new.speaker = new
        .speaker
        .map(|s| crate::text::sanitize(s.trim()))
        .filter(|s| !s.is_empty());
    check_duration(new.duration_seconds)?;
    Ok(new)
}

/// Checks what a change form gave.
fn check_change(mut change: Change) -> Result<Change, Refusal> {
    if let Some(title) = change.title.as_mut() {
        *title = crate::text::sanitize(title.trim());
        if title.is_empty() {
            return refuse("a segment needs a title");
        }
    }
    if let Some(speaker) = change.speaker.as_mut() {
        *speaker = crate::text::sanitize(speaker.trim());
    }
    if let Some(d) = change.duration_seconds {
        check_duration(d)?;
    }
    Ok(change)
}

fn check_duration(seconds: i64) -> Result<(), Refusal> {
    if seconds <= 0 {
        refuse("a duration must be more than zero")
    } else if seconds > 24 * 3600 {
        refuse("a duration of more than 24 hours is not a segment")
    } else {
        Ok(())
    }
}

/// The plan's thresholds, kept below a segment's own length (a two-minute
/// statement cannot turn amber at two minutes left from its start).
fn fitted(warnings: crate::plan::Warnings, duration: i64) -> crate::plan::Warnings {
    if warnings.amber_seconds < duration {
        return warnings;
    }
    let amber = (duration / 4).max(1);
    crate::plan::Warnings {
        amber_seconds: amber,
        red_seconds: warnings.red_seconds.min(amber - 1).max(0),
    }
}

/// What an action does, in a few words, for "undone: …".
fn describe(action: &Action, run: &Run) -> String {
    let title = |id: &SegmentId| {
        run.position(*id).map_or_else(
            || "a segment".to_owned(),
            |i| run.rundown[i].segment.title.clone(),
        )
    };
    match action {
        Action::Next => match run.phase.on() {
            Some(i) => format!("next after {}", run.rundown[i].segment.title),
            None => "next".to_owned(),
        },
        Action::Back => "back to the previous segment".to_owned(),
        Action::Adjust { segment, seconds } => format!(
            "{} {} to {}",
            if *seconds >= 0 { "+" } else { "-" },
            crate::time::clock(seconds.abs()),
            title(segment)
        ),
        Action::Rebalance {
            reason: Rebalance::Recovery,
            ..
        } => "the recovery plan".to_owned(),
        Action::Rebalance {
            reason: Rebalance::GiveBack,
            ..
        } => "the time given back".to_owned(),
        Action::Skip { segment } => format!("skip {}", title(segment)),
        Action::Unskip { segment } => format!("bring back {}", title(segment)),
        Action::Move { segment, .. } => format!("move {}", title(segment)),
        Action::Insert { new, .. } => format!("insert {}", new.title),
        Action::Change { segment, .. } => format!("change {}", title(segment)),
        _ => String::new(),
    }
}

/// [`Run::next_change`] for a countdown already known (the frame's snapshot):
/// the next second, or the next half second while OVER blinks.
pub fn next_change(now: Time, countdown: Countdown) -> Time {
    let ms = now.timestamp_millis();
    let step = if matches!(countdown, Countdown::Over(_)) {
        500
    } else {
        1000
    };
    let next = (ms.div_euclid(step) + 1) * step;
    now + TimeDelta::milliseconds(next - ms)
}

/// Whether the OVER display is in its inverted half-second at `now`.
pub fn blink_on(now: Time) -> bool {
    now.timestamp_millis().rem_euclid(1000) < 500
}

/// How many times to ring the bell going from one snapshot to the next: once
/// on reaching amber, twice at zero, once for every full minute over.
pub fn bells(before: &Snapshot, after: &Snapshot) -> u8 {
    if before.current != after.current {
        return 0;
    }
    match (before.countdown, after.countdown) {
        (Countdown::OnTime, Countdown::Amber) => 1,
        (Countdown::OnTime | Countdown::Amber | Countdown::Red, Countdown::Over(_)) => 2,
        (Countdown::Over(a), Countdown::Over(b)) if b / 60 > a / 60 => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests;
