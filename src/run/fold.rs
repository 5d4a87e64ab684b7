//! Folding an event into the run: the only place a run changes. Undo and
//! redo put a checkpoint back (the rundown and where the run is in it); what
//! happened in the room stays.

use chrono::TimeDelta;

use super::decide::{check_change, check_new};
use super::{
    Action, Change, Checkpoint, Event, HISTORY, Message, NewSegment, Origin, Pause, Phase,
    Rebalance, Run, Segment, SegmentId, SegmentRecord, Slot,
};
use crate::time::Time;

/// Ids a segment may have: those of the plan's segments and of every one a
/// console could add, with room to spare (a journal of 64 MiB holds fewer
/// than a million inserts). An id past it is damage to the reader, ignored
/// by the fold, and never given by the console: adding one to the last id
/// can never overflow.
pub const MAX_SEGMENT_ID: SegmentId = 1 << 24;

/// The most time one event may give or take (as the reader's check): more
/// is not something a console wrote, and is ignored, so sums of seconds
/// stay far from overflowing.
pub const MAX_SHIFT_SECONDS: i64 = 24 * 3600;

impl Run {
    /// Folds one event into the run. Events that do not fit the state (a
    /// journal written by hand, say) are ignored rather than trusted.
    pub fn apply(&mut self, event: &Event) {
        if !event.action.is_undoable() {
            self.fold(event);
            return;
        }
        let mut before = self.checkpoint(describe(&event.action, self));
        before.call = matches!(event.action, Action::FloorCall { .. });
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

    fn checkpoint(&self, label: String) -> Checkpoint {
        Checkpoint {
            rundown: self.rundown.clone(),
            phase: self.phase,
            closed: self.closed,
            label,
            call: false,
        }
    }

    /// Puts a checkpoint back at `at`. When the segment on the countdown stays
    /// the same (an undone `+`, an edit), the room's pause is left as it is;
    /// when the checkpoint brings another segment back (an undone `n` or `p`),
    /// it comes back paused or running as it was then.
    fn restore(&mut self, checkpoint: Checkpoint, at: Time) {
        let id_of = |run: &Self| run.phase.on().map(|i| run.rundown[i].id);
        let before = id_of(self);
        let paused_now = self.pauses.last().is_some_and(|p| p.to.is_none());
        self.rundown = checkpoint.rundown;
        self.closed = checkpoint.closed;
        self.phase = checkpoint.phase;
        let Some(i) = self.phase.on() else {
            self.end_pause(at);
            return;
        };
        let paused = if before == id_of(self) {
            paused_now
        } else {
            matches!(checkpoint.phase, Phase::Paused(_))
        };
        if paused && !paused_now {
            self.pauses.push(Pause { from: at, to: None });
        } else if !paused && paused_now {
            self.end_pause(at);
        }
        self.phase = if paused {
            Phase::Paused(i)
        } else {
            Phase::Running(i)
        };
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one match over every action, each arm its effect"
    )]
    fn fold(&mut self, event: &Event) {
        let at = event.at;
        if event.action.floor_segment().is_some() {
            self.fold_floor(&event.action, at);
            return;
        }
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
                self.close_floor(i, at);
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
                    self.reset_floor(i);
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
                    && seconds.unsigned_abs() <= MAX_SHIFT_SECONDS.unsigned_abs()
                {
                    let record = &mut self.rundown[i].record;
                    record.adjusted_seconds = record.adjusted_seconds.saturating_add(*seconds);
                }
            }
            (
                Action::Rebalance { shifts, .. },
                Phase::Ready | Phase::Running(_) | Phase::Paused(_),
            ) => {
                for shift in shifts {
                    if let Some(i) = self.position(shift.segment)
                        && self.rundown[i].record.ended.is_none()
                        && shift.seconds.unsigned_abs() <= MAX_SHIFT_SECONDS.unsigned_abs()
                    {
                        let record = &mut self.rundown[i].record;
                        record.rebalanced_seconds =
                            record.rebalanced_seconds.saturating_add(shift.seconds);
                    }
                }
            }
            (Action::End, Phase::Running(i) | Phase::Paused(i)) => {
                self.end_pause(at);
                self.close_floor(i, at);
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
                // A jump no clock could make (a hand-written journal) moves
                // nothing.
                if let Some(by) = TimeDelta::try_milliseconds(*millis)
                    && by > -TimeDelta::days(7)
                {
                    self.shift_recorded(by);
                }
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
                if let Some(checkpoint) = self.history.pop() {
                    let mut now = self.checkpoint(checkpoint.label.clone());
                    now.call = checkpoint.call;
                    self.restore(checkpoint, at);
                    self.redo.push(now);
                }
            }
            (Action::Redo, _) => {
                if let Some(checkpoint) = self.redo.pop() {
                    let mut now = self.checkpoint(checkpoint.label.clone());
                    now.call = checkpoint.call;
                    self.restore(checkpoint, at);
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
            if let Some(floor) = slot.floor.as_mut().map(std::sync::Arc::make_mut) {
                floor.shift(by);
            }
        }
        for pause in &mut self.pauses {
            pause.from += by;
            shift(&mut pause.to);
        }
        for checkpoint in self.history.iter_mut().chain(self.redo.iter_mut()) {
            shift(&mut checkpoint.closed);
            for slot in &mut checkpoint.rundown {
                shift(&mut slot.record.started);
                shift(&mut slot.record.ended);
                if let Some(floor) = slot.floor.as_mut().map(std::sync::Arc::make_mut) {
                    floor.shift(by);
                }
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
        if id >= MAX_SEGMENT_ID || self.position(id).is_some() {
            return;
        }
        // An id the journal has used is spent, even by an insert the run
        // ignores (after a segment it does not have, into a closed run):
        // the reader refuses a second insert of it as damage, so the
        // console must never give it again.
        self.next_id = self.next_id.max(id + 1);
        if self.is_closed() {
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
                    floor: None,
                    lang: None,
                },
                origin: Origin::Added,
                skipped: false,
                record: SegmentRecord::default(),
                floor: None,
            },
        );
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
        if let Some(flexible) = change.flexible {
            segment.flexible = flexible;
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
            crate::time::clock(seconds.saturating_abs()),
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
        a if a.floor_segment().is_some() => super::floor::describe(a, run),
        _ => String::new(),
    }
}
