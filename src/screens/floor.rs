//! The floor as every screen shows it: the speaker's name, their countdown
//! against their limit with the kind's thresholds, who is next, and
//! `POINT OF ORDER` with the frozen time. Shared by the console's stage
//! view (`s`) and `timekeeper stage`.

use crate::run::{Countdown, Run, Snapshot};
use crate::time::clock;

/// The words shown while a point of order is on.
pub const POINT_OF_ORDER: &str = crate::lang::EN.point_of_order;

/// What the stage shows on a floor.
pub struct StageFloor {
    /// The speaker holding the floor, or the chair.
    pub speaker: String,
    pub next: Option<String>,
    pub digits: String,
    pub status: Countdown,
    pub order: bool,
}

/// The stage on a floor segment, while a speaker holds the floor (`None`
/// otherwise: the chair's time is the segment's, shown as any segment).
pub fn stage_floor(run: &Run, snap: &Snapshot) -> Option<StageFloor> {
    let view = snap.floor.as_ref()?;
    let floor = run.floor(snap.current)?;
    let next = view.next.map(|k| floor.entry_at(k).name.clone());
    let Some(s) = view.speaker else {
        // The chair holds the floor: the segment's time, the next speaker
        // named so they can walk to the microphone.
        let segment = run.segment(snap.current);
        return Some(StageFloor {
            speaker: segment
                .speaker
                .clone()
                .unwrap_or_else(|| segment.title.clone()),
            next,
            digits: crate::screens::widgets::countdown_text(snap),
            status: snap.countdown,
            order: view.order.is_some(),
        });
    };
    let digits = match s.countdown {
        Countdown::Over(over) => format!("+{}", clock(over)),
        _ => clock(s.left.max(0)),
    };
    Some(StageFloor {
        speaker: floor.entry_at(s.index).name.clone(),
        next,
        digits,
        status: if view.order.is_some() {
            Countdown::Paused
        } else {
            s.countdown
        },
        order: view.order.is_some(),
    })
}
