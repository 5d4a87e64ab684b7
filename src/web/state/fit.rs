//! The suggestion as the chair's page and the remote show it: the
//! recovery (or time given back), and the fit of a floor's list to its
//! time, in the order `a` (or the remote's button) applies them.

use super::Suggestion;
use crate::moment::Moment;
use crate::recovery::Recovery;
use crate::run::{Rebalance, Run};

/// The one suggestion line: the recovery's when it changes anything (with
/// the fit that follows it said after), else the fit's.
pub(super) fn suggestion(run: &Run, moment: &Moment) -> Option<Suggestion> {
    let (snap, recovery) = (&moment.snap, moment.recovery.as_ref());
    match (moment.recovery_to_apply(), moment.fit.as_ref()) {
        (Some(r), fit) => Some(Suggestion {
            kind: kind(r),
            needed: r.needed,
            text: match fit {
                Some(f) => format!("{}; then {}", r.describe(run), f.words(run, false)),
                None => r.describe(run),
            },
            applicable: true,
        }),
        (None, Some(f)) => Some(Suggestion {
            kind: "fit",
            needed: run.list_overflow(f.segment, snap),
            text: f.words(run, false),
            applicable: true,
        }),
        (None, None) => recovery.map(|r| Suggestion {
            kind: kind(r),
            needed: r.needed,
            text: r.describe(run),
            applicable: false,
        }),
    }
}

fn kind(r: &Recovery) -> &'static str {
    match r.kind {
        Rebalance::Recovery => "recovery",
        Rebalance::GiveBack => "give_back",
    }
}
