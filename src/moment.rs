//! The run at one instant, with what the console suggests then: computed
//! once per wake-up and handed to the screen and the web pages alike, so
//! the two never show different figures and neither works them out again.

use crate::recovery::{self, Recovery};
use crate::run::{Fit, FloorFit, Run, Snapshot};
use crate::time::Time;

/// The run at `now`, and the suggestions that go with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    /// The instant itself, unfloored (the OVER blink's phase).
    pub now: Time,
    pub snap: Snapshot,
    /// The session's recovery (cuts, or time given back), if worth saying.
    pub recovery: Option<Recovery>,
    /// The fit of a floor's list to its time, when the list is too long,
    /// counted on the floor's time as the recovery leaves it.
    pub fit: Option<FloorFit>,
}

impl Moment {
    /// `run` at `now`.
    pub fn of(run: &Run, now: Time) -> Self {
        let snap = run.at(now);
        let recovery = recovery::suggest_for(run, &snap);
        let fit = run
            .floor_fit(&snap, |i| recovery.as_ref().map_or(0, |r| r.moves(i)))
            .filter(|f| f.fit != Fit::Fits);
        Self {
            now,
            snap,
            recovery,
            fit,
        }
    }

    /// The recovery when applying it changes anything (what `a` does first).
    pub fn recovery_to_apply(&self) -> Option<&Recovery> {
        self.recovery.as_ref().filter(|r| !r.cuts.is_empty())
    }
}
