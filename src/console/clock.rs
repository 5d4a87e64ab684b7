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
const DRIFT: TimeDelta = TimeDelta::milliseconds(5);

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
            offset: crate::journal::local_offset(wall),
        }
    }

    /// Now, in the local offset of when the console opened.
    pub fn now(&self) -> Time {
        let passed = TimeDelta::from_std(self.mono.elapsed()).unwrap_or(TimeDelta::MAX);
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
        let wall = Utc::now();
        let ours = self.now().with_timezone(&Utc);
        let gap = wall - ours;
        if gap.abs() <= DRIFT {
            return None;
        }
        self.wall = wall;
        self.mono = Instant::now();
        (gap.abs() > JUMP).then_some(gap.num_milliseconds())
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::new()
    }
}
