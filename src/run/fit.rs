//! Fitting a floor's list to its time left.
//!
//! When those still to speak cannot be heard in the floor's time left at
//! their limits (with what the current speaker still has), the chair is
//! offered one of two fixes: equal time for everyone still to speak ("14
//! still to speak, 11:10 left: 0:48 each"), or the cut line at today's
//! limits ("at 3:00 each, the last 5 will not be heard"). The floor's
//! `fit` says which comes first; an equal share under a kind's `min` is
//! never offered, the cut line is instead.
//!
//! [`fit`] is the arithmetic alone, on plain numbers; [`Run::floor_fit`]
//! gathers them from a run, with the floor's time as the session's
//! recovery suggestion would leave it, so the two never contradict each
//! other. Applying is one journalled floor event ([`Action::FloorFit`]),
//! undone through the one history like every edit of the list.

use super::floor::EntryId;
use super::floor::FloorCommand;
use super::{Command, Phase, Run, Snapshot};
use crate::plan::FitPreference;
use crate::time::clock;

/// An overflow below this is left alone: the chair's few seconds between
/// speakers, and the equal share's rounding, are not worth re-limiting a
/// list for. Recovery counts it against the session instead.
pub const WORTH_FITTING: i64 = 30;

/// The shortest equal share offered to a kind that sets no `min` (or its
/// limit, when that is shorter).
pub const DEFAULT_MIN_SHARE: i64 = 30;

/// One speaker still to speak, as the fit counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    pub id: EntryId,
    /// Their limit now.
    pub limit: i64,
    /// The shortest equal share their kind accepts.
    pub min: i64,
}

/// What the fit counts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FitInput<'a> {
    /// Those still to speak, in the order they will be called (neither
    /// struck nor past a cut line already applied).
    pub waiting: &'a [Waiting],
    /// The speaker holding the floor: (limit, seconds spoken so far).
    pub speaking: Option<(i64, i64)>,
    /// Seconds of the floor's time left.
    pub left: i64,
    pub prefer: FitPreference,
}

/// What the fit says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fit {
    /// The list can be heard in time (or there is nobody left to fit).
    Fits,
    /// Equal time for everyone still to speak: `each` seconds (those whose
    /// limit is already shorter keep theirs).
    Equal {
        each: i64,
        /// How many are still to speak.
        n: usize,
        /// The seconds shared out: the floor's time left less what the
        /// current speaker still has.
        left: i64,
        /// Whose limit becomes `each`.
        entries: Vec<EntryId>,
    },
    /// The cut line at today's limits.
    Cut {
        /// Everyone's limit, when they share one ("at 3:00 each").
        at: Option<i64>,
        /// How many will not be heard: the last on the list.
        unheard: usize,
        n: usize,
        left: i64,
        /// Who is past the line.
        entries: Vec<EntryId>,
        /// The equal share and the minimum it would break, when the cut
        /// is offered because equal time would go under a kind's `min`.
        under_min: Option<(i64, i64)>,
    },
}

/// `a / b` to the nearest whole number (`b > 0`, `a >= 0`).
fn div_nearest(a: i64, b: i64) -> i64 {
    (2 * a + b) / (2 * b)
}

/// The fit of a list to its time left.
pub fn fit(input: &FitInput<'_>) -> Fit {
    let n = input.waiting.len();
    if n == 0 {
        return Fit::Fits;
    }
    let reserve = input
        .speaking
        .map_or(0, |(limit, spoken)| (limit - spoken).max(0));
    let room = (input.left - reserve).max(0);
    let need: i64 = input.waiting.iter().map(|w| w.limit).sum();
    if need - room < WORTH_FITTING {
        return Fit::Fits;
    }
    let equal = equal_share(input.waiting, room);
    if input.prefer == FitPreference::Equal {
        let breaks = input
            .waiting
            .iter()
            .filter(|w| w.limit > equal)
            .map(|w| w.min.max(1))
            .max()
            .filter(|&min| equal < min);
        match breaks {
            None => {
                return Fit::Equal {
                    each: equal,
                    n,
                    left: room,
                    entries: input
                        .waiting
                        .iter()
                        .filter(|w| w.limit > equal)
                        .map(|w| w.id)
                        .collect(),
                };
            }
            Some(min) => return cut(input.waiting, room, Some((equal, min))),
        }
    }
    cut(input.waiting, room, None)
}

/// The share `s` such that everyone gets `min(limit, s)` and it all adds
/// up to `room`: nobody's limit is raised. Rounded to the nearest second
/// unless the rounding alone would overrun by [`WORTH_FITTING`].
fn equal_share(waiting: &[Waiting], room: i64) -> i64 {
    let mut limits: Vec<i64> = waiting.iter().map(|w| w.limit).collect();
    limits.sort_unstable();
    let mut rest = room;
    let mut k = i64::try_from(limits.len()).unwrap_or(i64::MAX);
    for limit in limits {
        if limit * k <= rest {
            rest -= limit;
            k -= 1;
        } else {
            break;
        }
    }
    if k == 0 {
        return room;
    }
    let nearest = div_nearest(rest, k);
    if nearest * k - rest >= WORTH_FITTING {
        rest / k
    } else {
        nearest
    }
}

/// The line after the last who can be heard in `room` at their limits.
fn cut(waiting: &[Waiting], room: i64, under_min: Option<(i64, i64)>) -> Fit {
    let mut used = 0;
    let heard = waiting
        .iter()
        .take_while(|w| {
            used += w.limit;
            used <= room
        })
        .count();
    let first = waiting[0].limit;
    Fit::Cut {
        at: waiting.iter().all(|w| w.limit == first).then_some(first),
        unheard: waiting.len() - heard,
        n: waiting.len(),
        left: room,
        entries: waiting[heard..].iter().map(|w| w.id).collect(),
        under_min,
    }
}

fn still(n: usize) -> String {
    format!("{n} still to speak")
}

impl Fit {
    /// The fit in words, for the suggestion line: "14 still to speak, 11:10
    /// left: 0:48 each".
    pub fn describe(&self) -> String {
        match self {
            Fit::Fits => "the list fits its time".to_owned(),
            // Those whose limit is already shorter keep it: the share is
            // then at most, not everyone's.
            Fit::Equal {
                each,
                n,
                left,
                entries,
            } if entries.len() < *n => format!(
                "{}, {} left: at most {} each",
                still(*n),
                clock(*left),
                clock(*each)
            ),
            Fit::Equal { each, n, left, .. } => {
                format!(
                    "{}, {} left: {} each",
                    still(*n),
                    clock(*left),
                    clock(*each)
                )
            }
            Fit::Cut {
                n, left, under_min, ..
            } => {
                let why = under_min.map_or_else(String::new, |(share, min)| {
                    format!(
                        " ({} each is under the {} minimum)",
                        clock(share),
                        clock(min)
                    )
                });
                format!(
                    "{}, {} left: {}{why}",
                    still(*n),
                    clock(*left),
                    self.describe_cut()
                )
            }
        }
    }

    /// In fewer words, for a narrow screen: "0:48 each for 14", "at 3:00
    /// each, the last 5 will not be heard".
    pub fn describe_short(&self) -> String {
        match self {
            Fit::Fits => self.describe(),
            Fit::Equal {
                each, n, entries, ..
            } if entries.len() < *n => format!("at most {} each for {n}", clock(*each)),
            Fit::Equal { each, n, .. } => format!("{} each for {n}", clock(*each)),
            Fit::Cut { .. } => self.describe_cut(),
        }
    }

    /// Every way of saying it, the longest first and the short form last,
    /// for a line to show the longest that fits its width. A cut line
    /// offered because equal time would go under a minimum keeps its
    /// reason as long as it can ("(0:47 each is under the 1:00 minimum)",
    /// then "(under the 1:00 minimum)", then "(1:00 minimum)"): without
    /// it, a chair who set the minimum reads a cut they did not ask for.
    pub fn phrasings(&self) -> Vec<String> {
        let mut all = vec![self.describe()];
        if let Fit::Cut {
            n,
            left,
            under_min: Some((share, min)),
            ..
        } = self
        {
            let (cut, share, min) = (self.describe_cut(), clock(*share), clock(*min));
            all.extend([
                format!(
                    "{cut} ({share} each for {n} in {} is under the {min} minimum)",
                    clock(*left)
                ),
                format!("{cut} ({share} each is under the {min} minimum)"),
                format!("{cut} (under the {min} minimum)"),
                format!("{cut} ({min} minimum)"),
            ]);
        }
        all.push(self.describe_short());
        all
    }

    fn describe_cut(&self) -> String {
        let Fit::Cut { at, unheard, n, .. } = self else {
            return String::new();
        };
        let at = at.map_or_else(
            || "at their limits".to_owned(),
            |a| format!("at {} each", clock(a)),
        );
        match *unheard {
            u if u == *n => format!("{at}, none of the {n} can be heard"),
            1 => format!("{at}, the last will not be heard"),
            u => format!("{at}, the last {u} will not be heard"),
        }
    }
}

/// Those still to speak, the current speaker (limit, spoken) and the
/// floor's time left.
type Parts = (Vec<Waiting>, Option<(i64, i64)>, i64);

/// A fit for one floor of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorFit {
    /// The floor segment's position in the rundown.
    pub segment: usize,
    pub fit: Fit,
}

impl FloorFit {
    /// What it says, named by its floor when that is not the first floor
    /// still to be heard ("Closing debate: 9 still to speak, …"); the short
    /// form with `short`.
    pub fn words(&self, run: &Run, short: bool) -> String {
        let what = if short {
            self.fit.describe_short()
        } else {
            self.fit.describe()
        };
        if run.fit_floor() == Some(self.segment) {
            what
        } else {
            format!("{}: {what}", run.rundown[self.segment].segment.title)
        }
    }

    /// [`Fit::phrasings`], each named by its floor as [`FloorFit::words`]
    /// names it.
    pub fn phrasings(&self, run: &Run) -> Vec<String> {
        let phrasings = self.fit.phrasings();
        if run.fit_floor() == Some(self.segment) {
            phrasings
        } else {
            let title = &run.rundown[self.segment].segment.title;
            phrasings
                .into_iter()
                .map(|what| format!("{title}: {what}"))
                .collect()
        }
    }

    /// The command that applies it (`None`: nothing to apply).
    pub fn command(&self, run: &Run) -> Option<Command> {
        let (fit, limit_seconds, entries) = match &self.fit {
            Fit::Fits => return None,
            Fit::Equal { each, entries, .. } => (FitPreference::Equal, Some(*each), entries),
            Fit::Cut { entries, .. } => (FitPreference::Cut, None, entries),
        };
        Some(Command::Floor {
            segment: run.rundown[self.segment].id,
            command: FloorCommand::Fit {
                fit,
                limit_seconds,
                entries: entries.clone(),
            },
        })
    }
}

impl Run {
    /// The floor the fit looks at: the one on the countdown, else the next
    /// to come (so a list too long is said before its segment opens).
    pub fn fit_floor(&self) -> Option<usize> {
        self.fit_floors().next()
    }

    /// Every floor still to be heard, from the one on the countdown on.
    fn fit_floors(&self) -> impl Iterator<Item = usize> + '_ {
        let from = match self.phase {
            Phase::Ready => 0,
            Phase::Running(i) | Phase::Paused(i) => i,
            Phase::Finished | Phase::Ended(_) => self.rundown.len(),
        };
        (from..self.rundown.len()).filter(|&i| {
            let slot = &self.rundown[i];
            slot.floor.is_some() && !slot.skipped && slot.record.ended.is_none()
        })
    }

    /// What the fit counts with for the floor at `i`, its time left as
    /// `snap` has it (the recovery's change to it not yet counted).
    fn fit_parts(&self, i: usize, snap: &Snapshot) -> Option<Parts> {
        let floor = self.floor(i)?;
        let kinds = crate::plan::floor::effective(&self.plan.kinds);
        let waiting = floor
            .list
            .iter()
            .filter(|e| e.called.is_none() && !e.struck && !e.marked)
            .map(|e| {
                let entry = floor.entry(e);
                let min = kinds
                    .iter()
                    .find(|k| k.name == entry.kind)
                    .and_then(|k| k.min_seconds)
                    .unwrap_or(DEFAULT_MIN_SHARE)
                    .min(entry.limit_seconds);
                Waiting {
                    id: e.id,
                    limit: entry.limit_seconds,
                    min,
                }
            })
            .collect();
        let current = self.phase.on() == Some(i);
        let (speaking, left) = if current {
            let speaking = snap
                .floor
                .as_ref()
                .and_then(|f| f.speaker)
                .map(|s| (s.limit, s.elapsed));
            (speaking, snap.left)
        } else {
            (None, self.allowed(i))
        };
        Some((waiting, speaking, left))
    }

    /// Seconds the list of the floor at `i` is projected to run past its
    /// segment's end (0 when it fits): what the session's recovery counts.
    pub fn list_overflow(&self, i: usize, snap: &Snapshot) -> i64 {
        let Some((waiting, speaking, left)) = self.fit_parts(i, snap) else {
            return 0;
        };
        let reserve = speaking.map_or(0, |(limit, spoken)| (limit - spoken).max(0));
        let need: i64 = waiting.iter().map(|w| w.limit).sum::<i64>() + reserve;
        (need - left.max(0)).max(0)
    }

    /// The fit of the floor on the countdown (or the next to come), with
    /// its time as the recovery shown beside it would leave it: `moved`
    /// says by how many seconds the recovery changes a segment's time
    /// (a cut shrinks it, time given back grows it). `None`: no floor is
    /// open.
    ///
    /// With several floors to come, the first whose list is too long: a
    /// second floor's list far too long is said while the first is heard.
    pub fn floor_fit(&self, snap: &Snapshot, moved: impl Fn(usize) -> i64) -> Option<FloorFit> {
        let mut first = None;
        for i in self.fit_floors() {
            let Some(found) = self.floor_fit_at(i, snap, &moved) else {
                continue;
            };
            if found.fit != Fit::Fits {
                return Some(found);
            }
            first.get_or_insert(found);
        }
        first
    }

    fn floor_fit_at(
        &self,
        i: usize,
        snap: &Snapshot,
        moved: &impl Fn(usize) -> i64,
    ) -> Option<FloorFit> {
        let (waiting, speaking, left) = self.fit_parts(i, snap)?;
        let moved = moved(i);
        let prefer = self.rundown[i]
            .segment
            .floor
            .as_ref()
            .map_or_else(FitPreference::default, |f| f.fit);
        Some(FloorFit {
            segment: i,
            fit: fit(&FitInput {
                waiting: &waiting,
                speaking,
                left: left + moved,
                prefer,
            }),
        })
    }
}

#[cfg(test)]
#[path = "fit_tests.rs"]
mod tests;
