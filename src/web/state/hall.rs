//! What the hall page (`/s/<view-token>/list`) adds to the stage's state:
//! the floor's order still to come, for the room's big screen. The
//! speaker and their countdown are the stage's own ([`super::floor`]).

use serde::Serialize;

use crate::run::{Run, Snapshot};

/// Those still to speak, in the order they will be called.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hall {
    /// Names still to speak (struck ones left out; those past a cut line
    /// applied kept, marked).
    pub to_come: Vec<HallEntry>,
    /// How many have spoken so far.
    pub heard: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HallEntry {
    pub name: String,
    /// Past a cut line applied: may not be heard.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub past_cut: bool,
}

/// The hall's order while a floor is on the countdown.
pub fn hall(run: &Run, snap: &Snapshot) -> Option<Hall> {
    snap.floor.as_ref()?;
    let floor = run.floor(snap.current)?;
    Some(Hall {
        to_come: floor
            .list
            .iter()
            .filter(|e| e.called.is_none() && !e.struck)
            .map(|e| HallEntry {
                name: floor.entry(e).name.clone(),
                past_cut: e.marked,
            })
            .collect(),
        heard: floor.list.iter().filter(|e| e.called.is_some()).count(),
    })
}
