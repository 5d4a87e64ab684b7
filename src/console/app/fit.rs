//! `a` when a floor's list is too long for its time: the session's
//! recovery first (it changes the floor's time), then the fit of the list
//! to what is left, each one step of the one history. The remote's "apply
//! suggestion" and `POST /c/<token>/api/apply-suggestion` come here too.

use super::{App, Outcome};
use crate::recovery::{self, Recovery};
use crate::run::{FloorFit, Run, Snapshot};

/// What the console suggests now: the recovery (or time given back) and
/// the fit of the floor's list, each `None` when there is nothing to say.
pub fn suggestions(run: &Run, snap: &Snapshot) -> (Option<Recovery>, Option<FloorFit>) {
    let recovery = recovery::suggest_for(run, snap);
    let fit = run
        .floor_fit(snap, recovery.as_ref())
        .filter(|f| f.fit != crate::run::Fit::Fits);
    (recovery, fit)
}

impl App {
    /// `a`: applies the recovery when it changes anything, else the fit.
    pub(super) fn apply_suggestion(&mut self, out: &mut Outcome) {
        let now = out.now;
        let snap = self.run.at(now);
        let (recovery, fit) = suggestions(&self.run, &snap);
        if let Some(r) = recovery.as_ref().filter(|r| !r.cuts.is_empty()) {
            let command = r.command(&self.run);
            self.run_command(command, out);
            return;
        }
        if let Some(command) = fit.and_then(|f| f.command(&self.run)) {
            self.run_command(command, out);
            return;
        }
        match recovery {
            Some(r) => self.notify(r.describe(&self.run), now),
            None => self.notify("a: nothing to apply, the session is on time", now),
        }
    }
}
