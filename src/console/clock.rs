//! The runner's clock: the only place timekeeper reads the time.
//!
//! The wall clock anchors the schedule; a monotonic instant measures what
//! passed since, so a small clock correction does not jerk the countdown
//! within a second. Once a second the clock is compared with the wall: a
//! drift of a few milliseconds is absorbed silently (so seconds keep
//! flipping on the wall clock's boundary), a jump of more than a second and
//! a half (a suspended laptop, a clock being set) is reported, because the
//! room's clock is the one that counts.

use std::time::Instant;

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

use crate::run::Time;

/// A jump larger than this is told to the timekeeper and journalled.
const JUMP: TimeDelta = TimeDelta::milliseconds(1500);
/// A drift larger than this is absorbed by re-anchoring.
const DRIFT: TimeDelta = TimeDelta::milliseconds(1);

#[derive(Debug, Clone)]
pub struct Clock {
    wall: DateTime<Utc>,
    mono: Instant,
    opened: Instant,
    offset: FixedOffset,
}

impl Clock {
    pub fn new() -> Self {
        let wall = Utc::now();
        Self {
            wall,
            mono: Instant::now(),
            opened: Instant::now(),
            offset: crate::time::local_offset(wall),
        }
    }

    /// Now, in the local offset of when the console opened.
    pub fn now(&self) -> Time {
        self.at(Instant::now())
    }

    /// The wall time this clock gives for a monotonic instant.
    fn at(&self, mono: Instant) -> Time {
        let passed = TimeDelta::from_std(mono.saturating_duration_since(self.mono))
            .unwrap_or(TimeDelta::MAX);
        (self.wall + passed).with_timezone(&self.offset)
    }

    /// Milliseconds since the console opened, on the monotonic clock.
    pub fn mono_ms(&self) -> u64 {
        u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// How far `instant` is from now, for a sleep.
    pub fn until(&self, instant: Time) -> std::time::Duration {
        (instant - self.now()).to_std().unwrap_or_default()
    }

    /// Compares with the wall clock; returns the jump (in milliseconds) when
    /// the wall moved by more than [`JUMP`] against the monotonic clock.
    pub fn resync(&mut self) -> Option<i64> {
        self.resync_with(Utc::now(), Instant::now())
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

impl Default for Clock {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_suspended_laptop_is_reported_and_the_clock_follows_the_wall() {
        let mut clock = Clock::new();
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
        let mut clock = Clock::new();
        let (wall, mono) = (clock.wall, clock.mono);
        let later = mono + Duration::from_secs(60);
        assert_eq!(
            clock.resync_with(wall + TimeDelta::seconds(30), later),
            Some(-30_000)
        );
    }

    #[test]
    fn small_drift_is_absorbed_silently_so_seconds_stay_on_the_wall_boundary() {
        let mut clock = Clock::new();
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
