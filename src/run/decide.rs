//! Deciding what a command means now: the event it makes, or why it means
//! nothing in this state (a refusal in words for the console).

use super::{
    Action, Change, Command, Event, FLOOR_SECONDS, NewSegment, Phase, Refusal, Run, SegmentId,
    refuse,
};
use crate::time::Time;

impl Run {
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
        if let Some(action) = self.floor_action_for(&command)? {
            return Ok(action);
        }
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
                // On a floor where speakers have been called, `p` takes back
                // the last call (what `n` did there), never the whole
                // discussion: one stray press of a clicker's PageUp must not
                // send the floor and its list back to the segment before.
                Phase::Running(i) | Phase::Paused(i)
                    if self
                        .floor(i)
                        .is_some_and(|f| f.list.iter().any(|e| e.called.is_some())) =>
                {
                    if !self.last_step_is_call() {
                        return refuse(
                            "p takes back the last call, and the floor has changed since: u takes back one change at a time",
                        );
                    }
                    Action::Undo
                }
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
                if self.next_id >= super::fold::MAX_SEGMENT_ID {
                    return refuse("the rundown cannot take another segment");
                }
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
            Command::Floor { .. } => return refuse("that segment is not a floor"),
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
}

/// Checks a segment the insert form gave.
pub(super) fn check_new(mut new: NewSegment) -> Result<NewSegment, Refusal> {
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
pub(super) fn check_change(mut change: Change) -> Result<Change, Refusal> {
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
