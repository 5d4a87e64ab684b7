//! The floor for the stage page: the speaker's countdown as anchors of its
//! own (their call, their limit and thresholds, and the stretches their
//! time stood still: the room's pauses and the points of order, merged so
//! no second is taken twice), which the page lays over the segment's and
//! counts with the same arithmetic.

use serde::Serialize;

use crate::run::{Run, Snapshot};
use crate::time::second;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FloorShown {
    pub speaker: String,
    pub next: Option<String>,
    /// The speaker's limit.
    pub allowed: i64,
    pub amber: i64,
    pub red: i64,
    /// When they were called, in whole seconds.
    pub start: Option<i64>,
    pub end: Option<i64>,
    /// When their time stood still: `[from, to]`, `to` null while it does.
    pub pauses: Vec<(i64, Option<i64>)>,
    /// When the point of order now on began.
    pub order: Option<i64>,
}

pub fn stage_floor(run: &Run, snap: &Snapshot) -> Option<FloorShown> {
    let view = snap.floor.as_ref()?;
    let speaking = view.speaker?;
    let floor = run.floor(snap.current)?;
    let e = &floor.list[speaking.index];
    let start = second(e.called?);
    let mut spans: Vec<(i64, Option<i64>)> = run
        .pauses
        .iter()
        .map(|p| (second(p.from), p.to.map(second)))
        .chain(
            floor
                .orders
                .iter()
                .filter(|o| o.speaker == Some(e.id))
                .map(|o| (second(o.from), o.to.map(second))),
        )
        .filter(|(_, to)| to.is_none_or(|to| to > start))
        .collect();
    spans.sort_unstable_by_key(|(from, _)| *from);
    let mut pauses: Vec<(i64, Option<i64>)> = Vec::new();
    for (from, to) in spans {
        match pauses.last_mut() {
            Some((_, last_to)) if last_to.is_none_or(|t| t >= from) => {
                *last_to = match (*last_to, to) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            _ => pauses.push((from, to)),
        }
    }
    Some(FloorShown {
        speaker: floor.entry(e).name.clone(),
        next: view.next.map(|k| floor.entry_at(k).name.clone()),
        allowed: floor.entry(e).limit_seconds,
        amber: floor.entry(e).warnings.amber_seconds,
        red: floor.entry(e).warnings.red_seconds,
        start: Some(start),
        end: None,
        pauses,
        order: floor.open_order().map(|o| second(o.from)),
    })
}

/// The next on a floor's list, while a floor is on the countdown.
pub fn next_speaker(run: &Run, snap: &Snapshot) -> Option<String> {
    let view = snap.floor.as_ref()?;
    let floor = run.floor(snap.current)?;
    view.next.map(|k| floor.entry_at(k).name.clone())
}
