//! The run: what happened so far (a list of timed events) folded into state,
//! and what that state means at any instant.
//!
//! This is the pure heart of timekeeper. Nothing here reads a clock: every
//! function takes `now`. The console, the journal replay, the stage view and
//! the reports all go through [`Run::apply`] and [`Run::at`], so what the
//! screen showed and what the report says cannot disagree.
//!
//! Event times are kept to the millisecond, but all arithmetic is done in
//! whole seconds: an event's time is rounded to the nearest second and `now`
//! is floored, so every time on screen flips together on the wall clock's
//! second boundary, and durations in a report add up exactly to its totals.

use chrono::{NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::plan::Plan;
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

/// What the timekeeper asks for (a key, once decoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Space: start the session, then pause or resume.
    StartOrPause,
    Next,
    Back,
    /// `+` / `-`: seconds given to (or taken from) the current segment.
    Adjust(i64),
    /// Close the run (the user quit and confirmed).
    End,
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
    /// Time given (positive) or taken (negative) from a segment.
    Adjust {
        segment: usize,
        seconds: i64,
    },
    /// The timekeeper closed the run before its end.
    End,
    /// A console reopened this run after the previous one died or quit.
    Reopened,
    /// The wall clock moved by this many milliseconds more (or less) than
    /// the monotonic clock: a suspend, or a clock being set.
    ClockJump {
        millis: i64,
    },
}

/// An action at its wall-clock time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub at: Time,
    pub action: Action,
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

/// One segment's record so far. `paused_seconds` and `pause_since` are in
/// whole (rounded) seconds, like every figure on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SegmentRecord {
    pub started: Option<Time>,
    pub ended: Option<Time>,
    pub paused_seconds: i64,
    pub pause_since: Option<i64>,
    /// Every pause, as recorded (an open one has no end yet).
    pub pauses: Vec<Pause>,
    pub adjusted_seconds: i64,
}

/// A stretch of time the countdown stood still.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub from: Time,
    pub to: Option<Time>,
}

impl SegmentRecord {
    fn started_s(&self) -> Option<i64> {
        self.started.map(second)
    }
}

/// A run of a plan: the plan, the mode and the events so far, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub plan: Plan,
    pub mode: Mode,
    pub phase: Phase,
    pub segments: Vec<SegmentRecord>,
    pub started: Option<Time>,
    pub closed: Option<Time>,
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
    /// The segment on the countdown (the first before the start, the last
    /// after the end).
    pub current: usize,
    /// Seconds left on the current countdown (negative when over).
    pub left: i64,
    /// Time the current segment has, plan plus `+`/`-`.
    pub allowed: i64,
    pub elapsed: i64,
    /// Seconds used since the session started.
    pub used: i64,
    /// When the session was due to start: the plan's `start` (live, same
    /// day), else the moment it was started (or now, before it is).
    pub anchor: Time,
    /// Whether `anchor` comes from the plan's clock time.
    pub on_plan_clock: bool,
    pub planned_end: Time,
    pub scheduled_end: Time,
    pub projected_end: Time,
    /// Seconds the session is projected to end after the plan (negative:
    /// ahead).
    pub behind: i64,
    /// Seconds the session is projected to end after its scheduled end
    /// (start plus budget).
    pub late: i64,
    pub rows: Vec<Row>,
}

/// One line of the rundown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub scheduled_start: Time,
    pub actual_start: Option<Time>,
    pub planned: i64,
    pub adjusted: i64,
    /// Seconds spoken so far (running) or in all (done).
    pub actual: Option<i64>,
    pub paused: i64,
    pub state: SegmentState,
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

impl Run {
    pub fn new(plan: Plan, mode: Mode) -> Self {
        let segments = vec![SegmentRecord::default(); plan.segments.len()];
        Self {
            plan,
            mode,
            phase: Phase::Ready,
            segments,
            started: None,
            closed: None,
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

    /// Whether the run is over (finished or ended) and can no longer change.
    pub fn is_closed(&self) -> bool {
        matches!(self.phase, Phase::Finished | Phase::Ended(_))
    }

    /// The event a command makes now, or `None` when it means nothing in this
    /// state (Back before the second segment, `-` past the floor of zero…).
    pub fn event_for(&self, command: Command, now: Time) -> Option<Event> {
        let action = match (command, self.phase) {
            (Command::StartOrPause | Command::Next, Phase::Ready) => Action::Start,
            (Command::StartOrPause, Phase::Running(_)) => Action::Pause,
            (Command::StartOrPause, Phase::Paused(_)) => Action::Resume,
            (Command::Next, Phase::Running(_) | Phase::Paused(_)) => Action::Next,
            (Command::Back, Phase::Running(i) | Phase::Paused(i)) if i > 0 => Action::Back,
            (Command::Back, Phase::Finished) => Action::Back,
            (Command::Adjust(seconds), Phase::Ready) => Action::Adjust {
                segment: 0,
                seconds: self.clamp_adjust(0, seconds)?,
            },
            (Command::Adjust(seconds), Phase::Running(i) | Phase::Paused(i)) => Action::Adjust {
                segment: i,
                seconds: self.clamp_adjust(i, seconds)?,
            },
            (Command::End, Phase::Running(_) | Phase::Paused(_) | Phase::Ready) => Action::End,
            _ => return None,
        };
        Some(Event { at: now, action })
    }

    /// Taking time never leaves a segment with less than one minute in all.
    fn clamp_adjust(&self, segment: usize, seconds: i64) -> Option<i64> {
        if seconds >= 0 {
            return Some(seconds);
        }
        let allowed = self.allowed(segment);
        let room = (allowed - 60).max(0);
        let take = (-seconds).min(room);
        (take > 0).then_some(-take)
    }

    /// Time a segment has: plan plus adjustments.
    pub fn allowed(&self, segment: usize) -> i64 {
        self.plan.segments[segment].duration_seconds + self.segments[segment].adjusted_seconds
    }

    /// Folds one event into the run. Events that do not fit the state (a
    /// journal written by hand, say) are ignored rather than trusted.
    pub fn apply(&mut self, event: &Event) {
        let at = event.at;
        let s = second(at);
        match (&event.action, self.phase) {
            (Action::Start, Phase::Ready) => {
                self.started = Some(at);
                self.segments[0].started = Some(at);
                self.phase = Phase::Running(0);
            }
            (Action::Next, Phase::Running(i) | Phase::Paused(i)) => {
                self.end_pause(i, at);
                self.segments[i].ended = Some(at);
                if i + 1 < self.segments.len() {
                    self.segments[i + 1].started = Some(at);
                    self.phase = Phase::Running(i + 1);
                } else {
                    self.phase = Phase::Finished;
                    self.closed = Some(at);
                }
            }
            (Action::Back, Phase::Running(i) | Phase::Paused(i)) if i > 0 => {
                let adjusted = self.segments[i].adjusted_seconds;
                self.segments[i] = SegmentRecord {
                    adjusted_seconds: adjusted,
                    ..SegmentRecord::default()
                };
                self.segments[i - 1].ended = None;
                self.phase = Phase::Running(i - 1);
            }
            (Action::Back, Phase::Finished) => {
                let last = self.segments.len() - 1;
                self.segments[last].ended = None;
                self.closed = None;
                self.phase = Phase::Running(last);
            }
            (Action::Pause, Phase::Running(i)) => {
                self.segments[i].pause_since = Some(s);
                self.segments[i].pauses.push(Pause { from: at, to: None });
                self.phase = Phase::Paused(i);
            }
            (Action::Resume, Phase::Paused(i)) => {
                self.end_pause(i, at);
                self.phase = Phase::Running(i);
            }
            // Only a segment that has not ended may be given or cut time.
            (Action::Adjust { segment, seconds }, Phase::Ready)
                if *segment < self.segments.len() =>
            {
                self.segments[*segment].adjusted_seconds += seconds;
            }
            (Action::Adjust { segment, seconds }, Phase::Running(i) | Phase::Paused(i))
                if (i..self.segments.len()).contains(segment) =>
            {
                self.segments[*segment].adjusted_seconds += seconds;
            }
            (Action::End, Phase::Running(i) | Phase::Paused(i)) => {
                self.end_pause(i, at);
                self.segments[i].ended = Some(at);
                self.phase = Phase::Ended(i);
                self.closed = Some(at);
            }
            (Action::End, Phase::Ready) => {
                self.phase = Phase::Ended(0);
                self.closed = Some(at);
            }
            _ => {}
        }
    }

    fn end_pause(&mut self, i: usize, at: Time) {
        let record = &mut self.segments[i];
        if let Some(since) = record.pause_since.take() {
            record.paused_seconds += (second(at) - since).max(0);
            if let Some(open) = record.pauses.last_mut() {
                open.to = Some(at);
            }
        }
    }

    /// Seconds the segment has been spoken at second `now_s` (pauses left
    /// out), or in all once it ended.
    fn spoken(&self, i: usize, now_s: i64) -> Option<i64> {
        let rec = &self.segments[i];
        let start = rec.started_s()?;
        let until = rec.ended.map(second).or(rec.pause_since).unwrap_or(now_s);
        Some((until - start - rec.paused_seconds).max(0))
    }

    /// Pause time of a segment at `now_s`, the current pause included.
    fn paused(&self, i: usize, now_s: i64) -> i64 {
        let rec = &self.segments[i];
        rec.paused_seconds + rec.pause_since.map_or(0, |since| (now_s - since).max(0))
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

    /// What the screen shows at `now`.
    pub fn at(&self, now: Time) -> Snapshot {
        let offset = *now.offset();
        let now_s = floor_second(now);
        let shown_now = at_second(now_s, offset);
        let (anchor, on_plan_clock) = self.anchor(now);
        let anchor_s = second(anchor);
        let offsets = self.plan.planned_offsets();
        let planned_total = self.plan.planned_seconds();

        let current = match self.phase {
            Phase::Ready => 0,
            Phase::Running(i) | Phase::Paused(i) | Phase::Ended(i) => i,
            Phase::Finished => self.segments.len() - 1,
        };
        let allowed = self.allowed(current);
        let elapsed = self.spoken(current, now_s).unwrap_or(0);
        let left = allowed - elapsed;
        let warnings = self.plan.segments[current].warnings;
        let status = match self.phase {
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
        let later: i64 = match self.phase {
            Phase::Ready => (0..self.segments.len()).map(|i| self.allowed(i)).sum(),
            Phase::Running(i) | Phase::Paused(i) => {
                left.max(0)
                    + (i + 1..self.segments.len())
                        .map(|j| self.allowed(j))
                        .sum::<i64>()
            }
            Phase::Finished | Phase::Ended(_) => 0,
        };
        let projected_s = match (self.phase, end_s) {
            (_, Some(end)) => end,
            (Phase::Ready, _) => now_s.max(anchor_s) + later,
            _ => now_s + later,
        };
        let planned_end_s = anchor_s + planned_total;
        let scheduled_end_s = anchor_s + self.plan.budget_seconds;

        let rows = (0..self.segments.len())
            .map(|i| {
                let rec = &self.segments[i];
                let state = if rec.ended.is_some() {
                    SegmentState::Done
                } else if rec.started.is_some() {
                    SegmentState::Running
                } else if matches!(self.phase, Phase::Ended(_)) {
                    SegmentState::Skipped
                } else {
                    SegmentState::NotStarted
                };
                Row {
                    scheduled_start: at_second(anchor_s + offsets[i], offset),
                    // Rounded like every duration, so starts and durations add up.
                    actual_start: rec.started.map(|t| at_second(second(t), offset)),
                    planned: self.plan.segments[i].duration_seconds,
                    adjusted: rec.adjusted_seconds,
                    actual: self.spoken(i, now_s),
                    paused: self.paused(i, now_s),
                    state,
                }
            })
            .collect();

        Snapshot {
            now: shown_now,
            countdown: status,
            current,
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
            rows,
        }
    }

    /// The next instant at which anything on screen changes: the next wall
    /// clock second, or the next half second while OVER blinks.
    pub fn next_change(&self, now: Time) -> Time {
        next_change(now, self.at(now).countdown)
    }
}

/// [`Run::next_change`] for a status already known (the frame's snapshot).
pub fn next_change(now: Time, status: Countdown) -> Time {
    let ms = now.timestamp_millis();
    let step = if matches!(status, Countdown::Over(_)) {
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
mod tests {
    use super::*;
    use crate::plan;
    use chrono::{DateTime, FixedOffset};

    const PLAN: &str = r#"
        title = "T"
        start = "10:00"
        budget = "30m"
        [[segments]]
        title = "A"
        duration = "10m"
        [[segments]]
        title = "B"
        duration = "5m"
        [[segments]]
        title = "C"
        duration = "10m"
        flexible = true
    "#;

    fn plan() -> Plan {
        plan::parse(PLAN, "t.toml", "t").unwrap()
    }

    /// 10:00:00 + `s` seconds, Geneva in winter.
    fn t(s: i64) -> Time {
        let offset = FixedOffset::east_opt(3600).unwrap();
        DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00")
            .unwrap()
            .with_timezone(&offset)
            + TimeDelta::milliseconds(s * 1000)
    }

    fn tm(ms: i64) -> Time {
        t(0) + TimeDelta::milliseconds(ms)
    }

    struct Harness {
        run: Run,
    }

    impl Harness {
        fn live() -> Self {
            Self {
                run: Run::new(plan(), Mode::Live),
            }
        }
        fn rehearsal() -> Self {
            Self {
                run: Run::new(plan(), Mode::Rehearsal),
            }
        }
        fn press(&mut self, command: Command, at: Time) -> &mut Self {
            if let Some(e) = self.run.event_for(command, at) {
                self.run.apply(&e);
            }
            self
        }
        fn at(&self, s: i64) -> Snapshot {
            self.run.at(t(s))
        }
    }

    #[test]
    fn ready_before_start_shows_the_full_first_segment() {
        let h = Harness::live();
        let snap = h.at(-30);
        assert_eq!(snap.countdown, Countdown::Ready);
        assert_eq!(snap.left, 600);
        assert_eq!(snap.behind, 0);
        assert_eq!(snap.projected_end, t(1500));
    }

    #[test]
    fn thresholds_flip_at_their_exact_second() {
        let mut h = Harness::live();
        h.press(Command::StartOrPause, t(0));
        assert_eq!(h.at(479).countdown, Countdown::OnTime);
        assert_eq!(h.at(480).countdown, Countdown::Amber, "2:00 left");
        assert_eq!(h.at(480).left, 120);
        assert_eq!(h.at(569).countdown, Countdown::Amber);
        assert_eq!(h.at(570).countdown, Countdown::Red, "0:30 left");
        assert_eq!(h.at(599).countdown, Countdown::Red);
        assert_eq!(h.at(600).countdown, Countdown::Over(0), "0:00");
        assert_eq!(h.at(661).countdown, Countdown::Over(61));
        assert_eq!(h.at(661).countdown.label(), "OVER +1:01");
    }

    #[test]
    fn display_rounds_the_start_so_countdown_and_clock_flip_together() {
        let mut h = Harness::live();
        // Space pressed at 10:00:00.600 counts as 10:00:01 on screen.
        h.press(Command::StartOrPause, tm(600));
        assert_eq!(h.run.at(tm(999)).left, 600);
        assert_eq!(h.run.at(tm(1999)).left, 600);
        assert_eq!(h.run.at(tm(2000)).left, 599);
        assert_eq!(h.run.at(tm(2000)).now, t(2));
    }

    #[test]
    fn pause_freezes_the_countdown_but_not_the_session() {
        let mut h = Harness::live();
        h.press(Command::StartOrPause, t(0));
        h.press(Command::StartOrPause, t(100));
        let paused = h.at(160);
        assert_eq!(paused.countdown, Countdown::Paused);
        assert_eq!(paused.left, 500);
        assert_eq!(paused.used, 160);
        assert_eq!(paused.rows[0].paused, 60);
        // The room's clock runs on: the end slips by the pause.
        assert_eq!(paused.behind, 60);
        h.press(Command::StartOrPause, t(190));
        let resumed = h.at(200);
        assert_eq!(resumed.countdown, Countdown::OnTime);
        assert_eq!(resumed.left, 490);
        assert_eq!(resumed.rows[0].paused, 90);
        assert_eq!(
            h.run.segments[0].pauses,
            vec![Pause {
                from: t(100),
                to: Some(t(190))
            }]
        );
    }

    #[test]
    fn next_ends_the_segment_and_records_its_result() {
        let mut h = Harness::live();
        h.press(Command::StartOrPause, t(0));
        h.press(Command::Next, t(650));
        let snap = h.at(660);
        assert_eq!(snap.current, 1);
        assert_eq!(snap.left, 290);
        assert_eq!(snap.rows[0].state, SegmentState::Done);
        assert_eq!(snap.rows[0].actual, Some(650));
        assert_eq!(snap.behind, 50);
        assert_eq!(snap.projected_end, t(1550));
        assert_eq!(snap.late, 50 - 300, "the budget has five spare minutes");
    }

    #[test]
    fn last_next_finishes_the_run() {
        let mut h = Harness::live();
        h.press(Command::StartOrPause, t(0));
        h.press(Command::Next, t(600))
            .press(Command::Next, t(900))
            .press(Command::Next, t(1400));
        assert!(h.run.is_closed());
        let snap = h.at(2000);
        assert_eq!(snap.countdown, Countdown::Finished);
        assert_eq!(snap.used, 1400);
        assert_eq!(snap.projected_end, t(1400));
        assert_eq!(snap.behind, -100);
    }

    #[test]
    fn undo_of_next_continues_the_previous_segment_as_if_never_ended() {
        let mut h = Harness::live();
        h.press(Command::StartOrPause, t(0));
        h.press(Command::Next, t(300));
        h.press(Command::Back, t(305));
        let snap = h.at(310);
        assert_eq!(snap.current, 0);
        assert_eq!(snap.left, 290);
        assert_eq!(snap.rows[0].state, SegmentState::Running);
        assert_eq!(snap.rows[1].state, SegmentState::NotStarted);
        assert_eq!(snap.rows[1].actual_start, None);
        // Back on the first segment there is nothing to undo.
        assert_eq!(h.run.event_for(Command::Back, t(311)), None);
    }

    #[test]
    fn undo_after_the_last_segment_reopens_it() {
        let mut h = Harness::live();
        h.press(Command::StartOrPause, t(0));
        for s in [600, 900, 1500] {
            h.press(Command::Next, t(s));
        }
        h.press(Command::Back, t(1502));
        assert_eq!(h.run.phase, Phase::Running(2));
        assert_eq!(h.at(1510).left, -10);
    }

    #[test]
    fn plus_and_minus_give_and_take_a_minute() {
        let mut h = Harness::live();
        h.press(Command::StartOrPause, t(0));
        h.press(Command::Adjust(60), t(10));
        assert_eq!(h.at(10).left, 650);
        assert_eq!(h.at(10).behind, 60);
        h.press(Command::Adjust(-60), t(11))
            .press(Command::Adjust(-60), t(12));
        assert_eq!(h.at(12).left, 528);
        assert_eq!(h.at(12).rows[0].adjusted, -60);
    }

    #[test]
    fn taking_time_stops_at_one_minute_left_in_the_allowance() {
        let mut h = Harness::live();
        h.press(Command::StartOrPause, t(0));
        for _ in 0..20 {
            h.press(Command::Adjust(-60), t(1));
        }
        assert_eq!(h.run.allowed(0), 60);
        assert_eq!(h.run.event_for(Command::Adjust(-60), t(2)), None);
    }

    #[test]
    fn a_late_start_is_behind_before_anyone_speaks() {
        let mut h = Harness::live();
        h.press(Command::StartOrPause, t(240));
        let snap = h.at(240);
        assert_eq!(snap.behind, 240);
        assert_eq!(snap.late, 240 - 5 * 60);
        assert_eq!(snap.projected_end, t(240 + 1500));
        assert_eq!(snap.rows[1].scheduled_start, t(600));
        assert!(snap.on_plan_clock);
    }

    #[test]
    fn rehearsal_counts_from_space_not_from_the_plan_clock() {
        let mut h = Harness::rehearsal();
        h.press(Command::StartOrPause, t(240));
        let snap = h.at(250);
        assert_eq!(snap.behind, 0);
        assert!(!snap.on_plan_clock);
        assert_eq!(snap.rows[1].scheduled_start, t(840));
    }

    #[test]
    fn a_plan_dated_for_another_day_is_timed_from_its_start() {
        let mut p = plan();
        p.date = chrono::NaiveDate::from_ymd_opt(2019, 2, 7);
        let mut run = Run::new(p, Mode::Live);
        run.apply(&Event {
            at: t(3 * 3600),
            action: Action::Start,
        });
        let snap = run.at(t(3 * 3600 + 10));
        assert_eq!(snap.behind, 0);
        assert_eq!(snap.anchor, t(3 * 3600));
    }

    #[test]
    fn ending_early_skips_what_never_ran() {
        let mut h = Harness::live();
        h.press(Command::StartOrPause, t(0));
        h.press(Command::End, t(100));
        let snap = h.at(200);
        assert!(h.run.is_closed());
        assert_eq!(snap.rows[0].actual, Some(100));
        assert_eq!(snap.rows[1].state, SegmentState::Skipped);
        assert_eq!(snap.used, 100);
    }

    #[test]
    fn next_while_paused_ends_the_pause_too() {
        let mut h = Harness::live();
        h.press(Command::StartOrPause, t(0));
        h.press(Command::StartOrPause, t(100));
        h.press(Command::Next, t(130));
        let snap = h.at(140);
        assert_eq!(snap.countdown, Countdown::OnTime);
        assert_eq!(snap.rows[0].actual, Some(100));
        assert_eq!(snap.rows[0].paused, 30);
        assert_eq!(snap.left, 290);
    }

    #[test]
    fn the_display_wakes_on_second_boundaries_and_half_seconds_when_over() {
        let mut h = Harness::live();
        assert_eq!(h.run.next_change(tm(1234)), tm(2000));
        h.press(Command::StartOrPause, t(0));
        assert_eq!(h.run.next_change(tm(599_100)), tm(600_000));
        assert_eq!(h.run.next_change(tm(600_100)), tm(600_500));
        assert_eq!(h.run.next_change(tm(600_500)), tm(601_000));
    }

    #[test]
    fn bells_ring_at_amber_at_zero_and_each_minute_over() {
        let mut h = Harness::live();
        h.press(Command::StartOrPause, t(0));
        let ring = |a: i64, b: i64| bells(&h.at(a), &h.at(b));
        assert_eq!(ring(100, 101), 0);
        assert_eq!(ring(479, 480), 1);
        assert_eq!(ring(569, 570), 0);
        assert_eq!(ring(599, 600), 2);
        assert_eq!(ring(601, 659), 0);
        assert_eq!(ring(659, 660), 1);
        assert_eq!(ring(700, 710), 0);
    }
}
