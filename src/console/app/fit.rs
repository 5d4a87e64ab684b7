//! `a` when a floor's list is too long for its time: the session's
//! recovery first (it changes the floor's time), then the fit of the list
//! to what is left, each one step of the one history. The remote's "apply
//! suggestion" and `POST /c/<token>/api/apply-suggestion` come here too.

use super::{App, Outcome};
use crate::moment::Moment;

impl App {
    /// `a`: applies the recovery when it changes anything, else the fit.
    pub(super) fn apply_suggestion(&mut self, out: &mut Outcome) {
        let moment = Moment::of(&self.run, out.now);
        if let Some(r) = moment.recovery_to_apply() {
            let command = r.command(&self.run);
            self.run_command(command, out);
            return;
        }
        if let Some(command) = moment.fit.and_then(|f| f.command(&self.run)) {
            self.run_command(command, out);
            return;
        }
        match moment.recovery {
            Some(r) => self.refuse(r.describe(&self.run), out),
            None => self.refuse("a: nothing to apply, the session is on time", out),
        }
    }
}
