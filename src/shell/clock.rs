//! The clock: the only place timekeeper reads the time, and the seam through
//! which tests drive time instead of sleeping.
//!
//! The wall clock anchors the schedule; a monotonic instant measures what
//! passed since, so a small clock correction does not jerk the countdown
//! within a second. At every wake-up the clock is compared with the wall: a
//! drift of a few milliseconds is absorbed silently (so seconds keep
//! flipping on the wall clock's boundary), a jump of more than a second and
//! a half (a suspended laptop, a clock being set) is reported, because the
//! room's clock is the one that counts.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

use crate::time::Time;

/// What the shell and its drivers ask of a clock.
pub trait Clock {
    /// Now, in the local offset of when the console opened.
    fn now(&self) -> Time;
    /// Milliseconds since the clock was made, on the monotonic clock.
    fn mono_ms(&self) -> u64;
    /// Compares with the wall clock; the jump in milliseconds when the wall
    /// moved by more than [`JUMP`] against the monotonic clock.
    fn resync(&mut self) -> Option<i64>;
    /// How far `instant` is from now, for a sleep.
    fn until(&self, instant: Time) -> Duration {
        (instant - self.now()).to_std().unwrap_or_default()
    }
}

/// A jump larger than this is told to the timekeeper and journalled.
pub const JUMP: TimeDelta = TimeDelta::milliseconds(1500);
/// A drift larger than this is absorbed by re-anchoring.
const DRIFT: TimeDelta = TimeDelta::milliseconds(1);

/// The machine's clock.
#[derive(Debug, Clone)]
pub struct SystemClock {
    wall: DateTime<Utc>,
    mono: Instant,
    opened: Instant,
    offset: FixedOffset,
}

impl SystemClock {
    pub fn new() -> Self {
        let wall = Utc::now();
        Self {
            wall,
            mono: Instant::now(),
            opened: Instant::now(),
            offset: crate::time::local_offset(wall),
        }
    }

    /// The wall time this clock gives for a monotonic instant.
    fn at(&self, mono: Instant) -> Time {
        let passed = TimeDelta::from_std(mono.saturating_duration_since(self.mono))
            .unwrap_or(TimeDelta::MAX);
        (self.wall + passed).with_timezone(&self.offset)
    }

    fn resync_with(&mut self, wall: DateTime<Utc>, mono: Instant) -> Option<i64> {
        let gap = wall - self.at(mono).with_timezone(&Utc);
        if gap.abs() <= DRIFT {
            return None;
        }
        self.wall = wall;
        self.mono = mono;
        (gap.abs() > JUMP).then_some(gap.num_milliseconds())
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Time {
        self.at(Instant::now())
    }

    fn mono_ms(&self) -> u64 {
        u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn resync(&mut self) -> Option<i64> {
        self.resync_with(Utc::now(), Instant::now())
    }
}

/// A clock that moves only when told to: tests set the time, advance it and
/// make the wall clock jump, and look at what the shell did.
#[derive(Debug, Clone)]
pub struct ManualClock {
    state: Arc<Mutex<Manual>>,
}

#[derive(Debug)]
struct Manual {
    now: Time,
    mono_ms: u64,
    jump: Option<i64>,
}

impl ManualClock {
    pub fn new(now: Time) -> Self {
        Self {
            state: Arc::new(Mutex::new(Manual {
                now,
                mono_ms: 0,
                jump: None,
            })),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, Manual> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Lets `by` pass, on both clocks.
    pub fn advance(&self, by: TimeDelta) {
        let mut state = self.state();
        state.now += by;
        state.mono_ms += u64::try_from(by.num_milliseconds()).unwrap_or(0);
    }

    /// The wall clock alone moves by `by` (a clock set, a suspend): the next
    /// resync reports it.
    pub fn jump(&self, by: TimeDelta) {
        let mut state = self.state();
        state.now += by;
        state.jump = Some(by.num_milliseconds());
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Time {
        self.state().now
    }

    fn mono_ms(&self) -> u64 {
        self.state().mono_ms
    }

    fn resync(&mut self) -> Option<i64> {
        self.state().jump.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suspended_laptop_is_reported_and_the_clock_follows_the_wall() {
        let mut clock = SystemClock::new();
        let (wall, mono) = (clock.wall, clock.mono);
        // Ten seconds on the monotonic clock, 52 on the wall: 42 s asleep.
        let later = mono + Duration::from_secs(10);
        assert_eq!(
            clock.resync_with(wall + TimeDelta::seconds(52), later),
            Some(42_000)
        );
        assert_eq!(
            clock.at(later).with_timezone(&Utc),
            wall + TimeDelta::seconds(52)
        );
    }

    #[test]
    fn a_clock_set_back_is_reported_too() {
        let mut clock = SystemClock::new();
        let (wall, mono) = (clock.wall, clock.mono);
        let later = mono + Duration::from_secs(60);
        assert_eq!(
            clock.resync_with(wall + TimeDelta::seconds(30), later),
            Some(-30_000)
        );
    }

    #[test]
    fn small_drift_is_absorbed_silently_so_seconds_stay_on_the_wall_boundary() {
        let mut clock = SystemClock::new();
        let (wall, mono) = (clock.wall, clock.mono);
        let later = mono + Duration::from_secs(60);
        let drifted = wall + TimeDelta::seconds(60) + TimeDelta::milliseconds(40);
        assert_eq!(clock.resync_with(drifted, later), None);
        assert_eq!(clock.at(later).with_timezone(&Utc), drifted);
        // Within the drift allowance nothing moves.
        assert_eq!(
            clock.resync_with(drifted + TimeDelta::microseconds(500), later),
            None
        );
        assert_eq!(clock.at(later).with_timezone(&Utc), drifted);
    }
}
