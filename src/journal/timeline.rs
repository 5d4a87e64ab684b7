//! Which times a journal's events may have. One console writes a journal,
//! from one clock that counts on from the wall clock with a monotonic timer,
//! so its events come in order. The wall clock can still move under it:
//! the console then journals a `clock_jump`, and a console that reopens a
//! run reads the wall clock afresh. So:
//!
//! - an event may be up to [`STEP_BACK`] earlier than the one before it
//!   anywhere (a correction too small to count as a jump is absorbed);
//! - a larger step back is taken only where a `clock_jump` explains it (on
//!   the jump's own line or the line after it, by no more than the jump,
//!   give or take [`STEP_BACK`]), or on a `reopened` line (a new console,
//!   whose wall clock may have been set while none was running);
//! - no event is more than [`SET_BACK`] before the journal was begun, nor
//!   more than [`LONGEST_RUN`] after it: the year 1970, 6026 or 9999 in a
//!   journal of today is a flipped bit or a hand edit, not a time.
//!
//! The reader refuses a line that breaks these, with its number, like other
//! damage; the recorder checks each event the same way before writing it,
//! so it never writes a line the reader would refuse.

use chrono::TimeDelta;

use crate::run::Action;
use crate::time::{Time, rfc3339};

/// How much earlier than the event before it an event may be, unexplained.
pub const STEP_BACK: TimeDelta = TimeDelta::seconds(5);
/// How long after the journal was begun an event may be: a run is a
/// session of at most a day, resumed at worst days later, not weeks.
pub const LONGEST_RUN: TimeDelta = TimeDelta::days(7);
/// How long before the journal was begun an event may be (a clock set
/// back during the run).
pub const SET_BACK: TimeDelta = TimeDelta::days(1);

/// Where a journal's events have got to, for checking the next one.
#[derive(Debug, Clone)]
pub(crate) struct Timeline {
    earliest: Option<Time>,
    latest: Option<Time>,
    last: Option<Time>,
    /// The last event was a clock jump of this many milliseconds.
    jump: Option<i64>,
}

impl Timeline {
    /// The timeline of a journal begun at `created`, before any event.
    pub(crate) fn new(created: Time) -> Self {
        Self {
            earliest: created.checked_sub_signed(SET_BACK),
            latest: created.checked_add_signed(LONGEST_RUN),
            last: None,
            jump: None,
        }
    }

    /// Checks the next event and takes it in; if it cannot be a time this
    /// journal's console wrote, why not, as a phrase ("an event dated …").
    pub(crate) fn admit(&mut self, at: Time, action: &Action) -> Result<(), String> {
        if self.earliest.is_some_and(|e| at < e) {
            return Err(format!(
                "an event dated {}, more than a day before the journal was begun",
                rfc3339(at)
            ));
        }
        if self.latest.is_some_and(|l| at > l) {
            return Err(format!(
                "an event dated {}, more than {} days after the journal was begun",
                rfc3339(at),
                LONGEST_RUN.num_days()
            ));
        }
        let longest = (LONGEST_RUN + SET_BACK).num_milliseconds();
        if let Action::ClockJump { millis } = action
            && millis.unsigned_abs() > longest.unsigned_abs()
        {
            return Err(format!(
                "a clock jump of {millis} ms, longer than a run can be"
            ));
        }
        if let Some(last) = self.last
            && at < last - STEP_BACK
        {
            let explained_by =
                |millis: i64| at >= last + TimeDelta::milliseconds(millis) - STEP_BACK;
            let explained = match action {
                Action::Reopened => true,
                Action::ClockJump { millis } => explained_by(*millis),
                _ => self.jump.is_some_and(explained_by),
            };
            if !explained {
                return Err(format!(
                    "an event dated {}, earlier than the one before it ({}), which no clock jump explains",
                    rfc3339(at),
                    rfc3339(last)
                ));
            }
        }
        self.jump = match action {
            Action::ClockJump { millis } => Some(*millis),
            _ => None,
        };
        self.last = Some(at);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::testing::t;

    fn timeline(events: &[(i64, Action)]) -> Result<(), (usize, String)> {
        let mut line = Timeline::new(t(0));
        for (i, (s, action)) in events.iter().enumerate() {
            line.admit(t(*s), action).map_err(|why| (i, why))?;
        }
        Ok(())
    }

    #[test]
    fn events_in_order_and_small_corrections_are_taken() {
        assert_eq!(
            timeline(&[
                (1, Action::Start),
                (30, Action::Pause),
                (27, Action::Resume)
            ]),
            Ok(())
        );
    }

    #[test]
    fn a_step_back_is_taken_only_where_a_clock_jump_or_a_reopening_explains_it() {
        let back = |s| (s, Action::Next);
        assert!(timeline(&[(100, Action::Start), back(28)]).is_err());
        // The jump's own line carries the time after the jump.
        assert_eq!(
            timeline(&[
                (100, Action::Start),
                (30, Action::ClockJump { millis: -72_000 }),
                back(31)
            ]),
            Ok(())
        );
        // Or the line after it does.
        assert_eq!(
            timeline(&[
                (100, Action::Start),
                (101, Action::ClockJump { millis: -72_000 }),
                back(30)
            ]),
            Ok(())
        );
        // A jump of 10 s does not explain a step of 70.
        assert!(
            timeline(&[
                (100, Action::Start),
                (30, Action::ClockJump { millis: -10_000 })
            ])
            .is_err()
        );
        assert_eq!(
            timeline(&[(100, Action::Start), (20, Action::Reopened)]),
            Ok(())
        );
    }

    #[test]
    fn dates_far_from_the_journals_own_are_refused() {
        let day = 24 * 3600;
        assert!(timeline(&[(8 * day, Action::Start)]).is_err());
        assert!(timeline(&[(-2 * day, Action::Start)]).is_err());
        assert_eq!(timeline(&[(6 * day, Action::Start)]), Ok(()));
        let mut line = Timeline::new(t(0));
        let year_9999 = chrono::DateTime::parse_from_rfc3339("9999-12-31T23:59:59+00:00").unwrap();
        let why = line.admit(year_9999, &Action::Next).unwrap_err();
        assert!(why.contains("9999-12-31"), "{why}");
        assert!(
            timeline(&[(1, Action::ClockJump { millis: i64::MIN })]).is_err(),
            "an absurd jump"
        );
    }
}
