//! What a run means at an instant: the countdown, the totals, the rundown's
//! rows, and when anything on screen next changes.

use chrono::{NaiveDateTime, TimeDelta};

use super::{
    Countdown, FLASH_MILLIS, FLASH_PHASE_MILLIS, Mode, Phase, Row, Run, SegmentState, Snapshot,
};
use crate::time::{Time, at_second, floor_second, second};

impl Run {
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
            // Over when the run is: a pinned message does not outlive it.
            .filter(|_| !self.is_closed())
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
            floor: self.floor_view(current, now_s, offset),
        }
    }

    /// Before the start of a run on the plan's clock, the seconds until the
    /// scheduled start (negative once it has passed).
    pub fn until_start(&self, snap: &Snapshot) -> Option<i64> {
        (self.phase == Phase::Ready && snap.on_plan_clock)
            .then(|| (snap.anchor - snap.now).num_seconds())
    }

    /// Whether the stage is in the inverted half of a flash at `now`.
    pub fn flash_on(&self, now: Time) -> bool {
        self.flash.is_some_and(|at| {
            let ms = (now - at).num_milliseconds();
            (0..FLASH_MILLIS).contains(&ms) && (ms / FLASH_PHASE_MILLIS) % 2 == 0
        })
    }

    /// Whether a flash is still going at `now`.
    pub fn flashing(&self, now: Time) -> bool {
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
    if before.current != after.current || before.speaker_index() != after.speaker_index() {
        return 0;
    }
    match (before.display_countdown(), after.display_countdown()) {
        (Countdown::OnTime, Countdown::Amber) => 1,
        (Countdown::OnTime | Countdown::Amber | Countdown::Red, Countdown::Over(_)) => 2,
        (Countdown::Over(a), Countdown::Over(b)) if b / 60 > a / 60 => 1,
        _ => 0,
    }
}
