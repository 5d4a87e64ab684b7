//! The floor: a segment timed speaker by speaker from its list.
//!
//! An intervention is a timed entry *within* its segment, never a segment of
//! its own: the segment's countdown, the session's budget, the projected end
//! and the recovery suggestion go on as for any segment, and the floor adds
//! who holds it and for how long. The list and its record live in the
//! segment's [`Slot`](super::Slot), so the one history undoes a call, an
//! addition or a point of order like any edit of the rundown.
//!
//! A speaker's time is what their countdown showed: from the call to the
//! next call (or the floor handed back to the chair), less the room's pauses
//! and the points of order within it. Between speakers the chair holds the
//! floor; that time is the segment's, never a speaker's.
//!
//! Over 750 lines, because the floor's events and their undo are one state
//! machine (call, hand back, point of order on and off, the list's edits)
//! whose invariants are easier to hold in one file than across several; its
//! tests are in `floor_tests.rs`.

use std::sync::Arc;

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use super::{Action, Countdown, Origin, Phase, Refusal, Run, SegmentId, refuse};
use crate::plan::{self, Entry, Kind};
use crate::time::{Time, at_second, second};

/// An entry's name for the whole run, within its segment: its place on the
/// list as inscribed (from 0), or the next number for one added.
pub type EntryId = usize;

/// Ids an entry may have, as [`MAX_SEGMENT_ID`](super::MAX_SEGMENT_ID) for
/// segments: an addition past it is damage to the reader, ignored by the
/// fold, and never given by the console, so the next id cannot overflow.
pub const MAX_ENTRY_ID: EntryId = 1 << 24;

/// A floor's list as it stands and its record so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorState {
    /// The kind of an entry added without one.
    pub kind: String,
    pub list: Vec<Intervention>,
    /// What each entry of the list is (name, kind, limit), by
    /// [`Intervention::entry`]: only ever added to, and shared by every
    /// step of the history, so that an undo step of a floor of hundreds
    /// copies a few numbers per speaker, never their names.
    pub entries: Arc<Vec<Arc<Entry>>>,
    /// Who holds the floor; `None`: the chair.
    pub holder: Option<EntryId>,
    /// Points of order, in the order they were raised.
    pub orders: Vec<Order>,
    /// The id the next added entry gets.
    pub next_id: EntryId,
}

/// One entry of the list and what became of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Intervention {
    pub id: EntryId,
    /// Where it is in [`FloorState::entries`] (see [`FloorState::entry`]).
    pub entry: usize,
    pub origin: Origin,
    /// A no-show: struck through, never called.
    pub struck: bool,
    /// Past a cut line applied by the fit: not counted on to be heard, but
    /// still on the list and still called by `n` when their turn comes.
    pub marked: bool,
    pub called: Option<Time>,
    pub ended: Option<Time>,
}

/// A point of order: the speaker's time frozen, the interruption timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    pub from: Time,
    pub to: Option<Time>,
    /// Whose intervention it interrupted (`None`: the chair held the floor).
    pub speaker: Option<EntryId>,
}

/// What a timekeeper asks of the floor (a key in the console or the list
/// editor, a button on the remote).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FloorCommand {
    /// Add a speaker after `after` (`None`: last).
    Add {
        after: Option<EntryId>,
        name: String,
        kind: Option<String>,
        limit_seconds: Option<i64>,
    },
    /// Add several speakers at the end of the list, as one change (a
    /// paste at the console).
    AddMany(Vec<String>),
    /// Strike a speaker still to come (a no-show), or bring them back.
    ToggleStrike(EntryId),
    /// Move a speaker still to come one place up or down.
    Move {
        entry: EntryId,
        up: bool,
    },
    Change {
        entry: EntryId,
        change: EntryChange,
    },
    /// The floor back to the chair, without calling anyone.
    Chair,
    /// A point of order on, or off.
    Order,
    /// The fit applied: equal time (`limit_seconds` for each of `entries`),
    /// or the cut line (`entries` marked).
    Fit {
        fit: plan::FitPreference,
        limit_seconds: Option<i64>,
        entries: Vec<EntryId>,
    },
}

/// What a change of an entry edits; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_seconds: Option<i64>,
}

/// The floor as the screen shows it at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorView {
    /// The speaker holding the floor; `None`: the chair.
    pub speaker: Option<Speaking>,
    /// Seconds of the point of order now on, if one is.
    pub order: Option<i64>,
    /// How many are still to speak (not called, not struck).
    pub waiting: usize,
    /// The list position of the next to be called.
    pub next: Option<usize>,
    /// When the list is projected to finish: the speaker's time left and
    /// every limit still to come.
    pub projected_finish: Time,
}

/// The speaker holding the floor, and their countdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speaking {
    /// Their position on the list.
    pub index: usize,
    /// Their number among those not struck ("3 of 11").
    pub number: usize,
    pub of: usize,
    pub limit: i64,
    pub elapsed: i64,
    /// Seconds left of their limit (negative when over).
    pub left: i64,
    pub countdown: Countdown,
}

/// One intervention as a report gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spoken {
    pub id: EntryId,
    pub name: String,
    pub kind: String,
    pub limit: i64,
    pub origin: Origin,
    pub called: Time,
    pub ended: Option<Time>,
    /// Seconds their countdown showed.
    pub spoke: i64,
    /// Seconds of the room's pauses within it.
    pub paused: i64,
    /// Seconds of points of order within it.
    pub interrupted: i64,
    pub orders: usize,
}

impl FloorState {
    /// The floor of a plan's segment, its list as inscribed.
    pub fn new(floor: &plan::Floor) -> Self {
        Self {
            kind: floor.kind.clone(),
            list: floor
                .list
                .iter()
                .enumerate()
                .map(|(id, _)| Intervention {
                    id,
                    entry: id,
                    origin: Origin::Plan,
                    struck: false,
                    marked: false,
                    called: None,
                    ended: None,
                })
                .collect(),
            entries: Arc::new(floor.list.iter().cloned().map(Arc::new).collect()),
            holder: None,
            orders: Vec::new(),
            next_id: floor.list.len(),
        }
    }

    /// What an entry of the list is: its name, kind and limit.
    pub fn entry(&self, e: &Intervention) -> &Entry {
        &self.entries[e.entry]
    }

    /// What the entry at list position `k` is.
    pub fn entry_at(&self, k: usize) -> &Entry {
        self.entry(&self.list[k])
    }

    /// Keeps `entry` and says where: for an entry added or changed.
    fn keep(&mut self, entry: Entry) -> usize {
        let entries = Arc::make_mut(&mut self.entries);
        entries.push(Arc::new(entry));
        entries.len() - 1
    }

    pub fn position(&self, id: EntryId) -> Option<usize> {
        self.list.iter().position(|e| e.id == id)
    }

    /// The next to be called: the first not yet called nor struck.
    pub fn next_waiting(&self) -> Option<usize> {
        self.list
            .iter()
            .position(|e| e.called.is_none() && !e.struck)
    }

    pub fn waiting(&self) -> usize {
        self.list
            .iter()
            .filter(|e| e.called.is_none() && !e.struck)
            .count()
    }

    /// The point of order now on.
    pub fn open_order(&self) -> Option<&Order> {
        self.orders.last().filter(|o| o.to.is_none())
    }

    /// The first list position that may still change: after every entry
    /// called so far.
    fn first_editable(&self) -> usize {
        self.list
            .iter()
            .rposition(|e| e.called.is_some())
            .map_or(0, |i| i + 1)
    }

    fn editable(&self, i: usize) -> bool {
        self.list[i].called.is_none() && i >= self.first_editable()
    }

    /// The floor as it was before the segment began (its list kept).
    fn reset(&mut self) {
        for e in &mut self.list {
            e.called = None;
            e.ended = None;
        }
        self.holder = None;
        self.orders.clear();
    }

    /// Ends the intervention and the point of order going on at `at`.
    fn close(&mut self, at: Time) {
        self.end_intervention(at);
        if let Some(open) = self.orders.last_mut()
            && open.to.is_none()
        {
            open.to = Some(at);
        }
    }

    fn end_intervention(&mut self, at: Time) {
        if let Some(id) = self.holder.take()
            && let Some(i) = self.position(id)
        {
            self.list[i].ended = Some(at);
        }
    }

    pub(super) fn shift(&mut self, by: TimeDelta) {
        let shift = |t: &mut Option<Time>| {
            if let Some(t) = t.as_mut() {
                *t += by;
            }
        };
        for e in &mut self.list {
            shift(&mut e.called);
            shift(&mut e.ended);
        }
        for o in &mut self.orders {
            o.from += by;
            shift(&mut o.to);
        }
    }
}

/// The kind named `name` among those in force, if there is one.
/// "no kind of intervention is called grup: did you mean `group`?"
fn unknown_kind(run: &Run, kind: &str) -> Refusal {
    let kinds = plan::floor::effective(&run.plan.kinds);
    Refusal(format!(
        "no kind of intervention is called {kind}: {}",
        plan::floor::kind_hint(kind, &kinds)
    ))
}

fn kind_named(run: &Run, name: &str) -> Option<Kind> {
    plan::floor::effective(&run.plan.kinds)
        .into_iter()
        .find(|k| k.name == name)
}

/// A name typed in a hurry, made safe and checked.
pub(super) fn clean_name(name: &str) -> Result<String, Refusal> {
    let name = crate::text::sanitize(name.trim());
    if name.trim().is_empty() {
        return refuse("a speaker needs a name");
    }
    Ok(name.chars().take(NAME_CHARS).collect())
}

/// Longest a speaker's name is kept, in characters.
pub const NAME_CHARS: usize = 80;

impl Run {
    /// The floor of the segment at rundown position `i`, if it is one.
    pub fn floor(&self, i: usize) -> Option<&FloorState> {
        self.rundown.get(i).and_then(|s| s.floor.as_deref())
    }

    /// The floor segment on the countdown, as (position, floor).
    pub fn current_floor(&self) -> Option<(usize, &FloorState)> {
        let i = self.phase.on()?;
        self.floor(i).map(|f| (i, f))
    }

    /// Where the floor segment with `id` is, when its list may still change.
    fn floor_position(&self, id: SegmentId) -> Result<usize, Refusal> {
        let Some(i) = self.position(id) else {
            return refuse("that segment is not in the rundown");
        };
        if self.rundown[i].floor.is_none() {
            return refuse("that segment is not a floor");
        }
        if self.is_closed() || self.rundown[i].record.ended.is_some() {
            return refuse("that floor is over");
        }
        Ok(i)
    }

    /// What a floor command, or `n` in a floor segment, means now. `None`:
    /// the command is not the floor's (`n` with nobody left ends the
    /// segment as usual).
    pub(super) fn floor_action_for(
        &self,
        command: &super::Command,
    ) -> Result<Option<Action>, Refusal> {
        match command {
            super::Command::Next => {
                let Some((i, floor)) = self.current_floor() else {
                    return Ok(None);
                };
                if floor.open_order().is_some() {
                    return refuse("a point of order is on: o ends it first");
                }
                Ok(floor.next_waiting().map(|k| Action::FloorCall {
                    segment: self.rundown[i].id,
                    entry: floor.list[k].id,
                }))
            }
            super::Command::Floor { segment, command } => {
                self.floor_command(*segment, command.clone()).map(Some)
            }
            _ => Ok(None),
        }
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one match over every floor command, each arm the rule for it"
    )]
    fn floor_command(&self, id: SegmentId, command: FloorCommand) -> Result<Action, Refusal> {
        let i = self.floor_position(id)?;
        let floor = self.rundown[i].floor.as_deref().expect("a floor");
        let current = self.phase.on() == Some(i);
        Ok(match command {
            FloorCommand::Add {
                after,
                name,
                kind,
                limit_seconds,
            } => {
                if floor.list.len() >= plan::floor::MAX_ENTRIES {
                    return refuse(format!(
                        "the list is full: a floor holds at most {} entries",
                        plan::floor::MAX_ENTRIES
                    ));
                }
                if floor.next_id >= MAX_ENTRY_ID {
                    return refuse(ids_spent());
                }
                let name = clean_name(&name)?;
                let kind = kind.unwrap_or_else(|| floor.kind.clone());
                if kind_named(self, &kind).is_none() {
                    return Err(unknown_kind(self, &kind));
                }
                if let Some(why) = limit_seconds.and_then(plan::floor::limit_problem) {
                    return refuse(why);
                }
                if let Some(after) = after {
                    match floor.position(after) {
                        Some(a) if a + 1 >= floor.first_editable() => {}
                        Some(_) => return refuse("a speaker can only be added after those heard"),
                        None => return refuse("that speaker is not on the list"),
                    }
                }
                Action::FloorAdd {
                    segment: id,
                    entry: floor.next_id,
                    after,
                    name,
                    kind,
                    limit_seconds,
                }
            }
            FloorCommand::AddMany(names) => super::floor_many::add_many(id, floor, &names)?,
            FloorCommand::ToggleStrike(entry) => {
                let k = editable_entry(floor, entry)?;
                if floor.list[k].struck {
                    Action::FloorUnstrike { segment: id, entry }
                } else {
                    Action::FloorStrike { segment: id, entry }
                }
            }
            FloorCommand::Move { entry, up } => {
                let k = editable_entry(floor, entry)?;
                let first = floor.first_editable();
                if up {
                    if k <= first {
                        return refuse("they cannot move before those heard");
                    }
                    let after = (k >= first + 2).then(|| floor.list[k - 2].id);
                    Action::FloorMove {
                        segment: id,
                        entry,
                        after,
                    }
                } else {
                    if k + 1 >= floor.list.len() {
                        return refuse("they are already last");
                    }
                    Action::FloorMove {
                        segment: id,
                        entry,
                        after: Some(floor.list[k + 1].id),
                    }
                }
            }
            FloorCommand::Change { entry, change } => {
                editable_entry(floor, entry)?;
                let change = check_change(self, change)?;
                if change == EntryChange::default() {
                    return refuse("nothing changed");
                }
                Action::FloorChange {
                    segment: id,
                    entry,
                    change,
                }
            }
            FloorCommand::Chair => {
                if !current {
                    return refuse("that floor is not on the countdown");
                }
                if floor.open_order().is_some() {
                    return refuse("a point of order is on: o ends it first");
                }
                if floor.holder.is_none() {
                    return refuse("the chair already holds the floor");
                }
                Action::FloorChair { segment: id }
            }
            FloorCommand::Order => {
                if !current {
                    return refuse("that floor is not on the countdown");
                }
                if floor.open_order().is_some() {
                    Action::OrderEnd { segment: id }
                } else {
                    Action::OrderStart { segment: id }
                }
            }
            FloorCommand::Fit {
                fit,
                limit_seconds,
                entries,
            } => {
                if entries.is_empty() {
                    return refuse("the list fits its time: nothing to apply");
                }
                for &entry in &entries {
                    editable_entry(floor, entry)?;
                }
                if fit == plan::FitPreference::Equal {
                    let Some(limit) = limit_seconds else {
                        return refuse("equal time needs a limit");
                    };
                    if let Some(why) = plan::floor::limit_problem(limit) {
                        return refuse(why);
                    }
                }
                Action::FloorFit {
                    segment: id,
                    fit,
                    limit_seconds: limit_seconds.filter(|_| fit == plan::FitPreference::Equal),
                    entries,
                }
            }
        })
    }

    /// Folds a floor action (the caller knows it is one).
    #[expect(
        clippy::too_many_lines,
        reason = "one match over every floor action, each arm its effect"
    )]
    pub(super) fn fold_floor(&mut self, action: &Action, at: Time) {
        let Some(id) = action.floor_segment() else {
            return;
        };
        let Some(i) = self.position(id) else {
            return;
        };
        let current = self.phase.on() == Some(i);
        if self.is_closed() || self.rundown[i].record.ended.is_some() {
            return;
        }
        let kinds = plan::floor::effective(&self.plan.kinds);
        let Some(floor) = self.rundown[i].floor.as_mut().map(Arc::make_mut) else {
            return;
        };
        match action {
            Action::FloorAdd {
                entry,
                after,
                name,
                kind,
                limit_seconds,
                ..
            } => {
                let adding = Adding {
                    entry: *entry,
                    after: *after,
                    name,
                    kind,
                    limit_seconds: *limit_seconds,
                };
                add_entry(floor, &kinds, adding);
            }
            Action::FloorAddMany { kind, entries, .. } => {
                for added in entries {
                    let adding = Adding {
                        entry: added.entry,
                        after: None,
                        name: &added.name,
                        kind,
                        limit_seconds: None,
                    };
                    add_entry(floor, &kinds, adding);
                }
            }
            Action::FloorStrike { entry, .. } | Action::FloorUnstrike { entry, .. } => {
                if let Some(k) = floor.position(*entry)
                    && floor.editable(k)
                {
                    floor.list[k].struck = matches!(action, Action::FloorStrike { .. });
                }
            }
            Action::FloorMove { entry, after, .. } => {
                let Some(from) = floor.position(*entry) else {
                    return;
                };
                if !floor.editable(from) {
                    return;
                }
                let first = floor.first_editable();
                let moved = floor.list.remove(from);
                let to = match after {
                    None => first.min(floor.list.len()),
                    Some(a) => match floor.position(*a) {
                        Some(a) if a + 1 >= first => a + 1,
                        _ => {
                            floor.list.insert(from, moved);
                            return;
                        }
                    },
                };
                floor.list.insert(to, moved);
            }
            Action::FloorChange { entry, change, .. } => {
                let Some(k) = floor.position(*entry) else {
                    return;
                };
                if !floor.editable(k) {
                    return;
                }
                let mut e = floor.entry_at(k).clone();
                let before = e.clone();
                if let Some(name) = change.name.as_deref().and_then(|n| clean_name(n).ok()) {
                    e.name = name;
                }
                let kind = change
                    .kind
                    .as_deref()
                    .and_then(|n| kinds.iter().find(|k| k.name == n));
                if let Some(kind) = kind {
                    // A new kind brings its own limit, unless one is given.
                    e = plan::floor::entry(e.name.clone(), kind, None, e.lang.clone());
                }
                if let Some(limit) = change.limit_seconds
                    && plan::floor::limit_problem(limit).is_none()
                {
                    let kind_warnings = kinds
                        .iter()
                        .find(|k| k.name == e.kind)
                        .map_or(e.warnings, |k| k.warnings);
                    e.limit_seconds = limit;
                    e.warnings = plan::floor::fit(kind_warnings, limit);
                }
                if e != before {
                    floor.list[k].entry = floor.keep(e);
                }
            }
            Action::FloorCall { entry, .. } => {
                let Some(k) = floor.position(*entry) else {
                    return;
                };
                let e = &floor.list[k];
                if !current || e.called.is_some() || e.struck || floor.open_order().is_some() {
                    return;
                }
                floor.end_intervention(at);
                floor.list[k].called = Some(at);
                floor.holder = Some(*entry);
            }
            Action::FloorChair { .. } if current && floor.open_order().is_none() => {
                floor.end_intervention(at);
            }
            Action::OrderStart { .. } if current && floor.open_order().is_none() => {
                let speaker = floor.holder;
                floor.orders.push(Order {
                    from: at,
                    to: None,
                    speaker,
                });
            }
            Action::OrderEnd { .. } => {
                if let Some(open) = floor.orders.last_mut()
                    && open.to.is_none()
                {
                    open.to = Some(at);
                }
            }
            Action::FloorFit {
                fit,
                limit_seconds,
                entries,
                ..
            } => {
                for entry in entries {
                    let Some(k) = floor.position(*entry) else {
                        continue;
                    };
                    if !floor.editable(k) {
                        continue;
                    }
                    match (fit, limit_seconds) {
                        (plan::FitPreference::Cut, _) => floor.list[k].marked = true,
                        (plan::FitPreference::Equal, Some(limit))
                            if plan::floor::limit_problem(*limit).is_none() =>
                        {
                            let mut e = floor.entry_at(k).clone();
                            let kind_warnings = kinds
                                .iter()
                                .find(|kind| kind.name == e.kind)
                                .map_or(e.warnings, |kind| kind.warnings);
                            e.limit_seconds = *limit;
                            e.warnings = plan::floor::fit(kind_warnings, *limit);
                            floor.list[k].entry = floor.keep(e);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// The segment at `i` ends (or the run does) at `at`: so does the
    /// intervention going on, and any point of order.
    pub(super) fn close_floor(&mut self, i: usize, at: Time) {
        if let Some(floor) = self.rundown[i].floor.as_mut().map(Arc::make_mut) {
            floor.close(at);
        }
    }

    /// The segment at `i` is undone with `p`: its floor is as before it began.
    pub(super) fn reset_floor(&mut self, i: usize) {
        if let Some(floor) = self.rundown[i].floor.as_mut().map(Arc::make_mut) {
            floor.reset();
        }
    }

    /// Seconds of the intervals `extra` and of the room's pauses that fall
    /// within `[from, until)`, each second counted once.
    fn frozen_within(&self, from: i64, until: i64, now_s: i64, extra: &[(i64, i64)]) -> i64 {
        let mut spans: Vec<(i64, i64)> = self
            .pauses
            .iter()
            .map(|p| (second(p.from), p.to.map_or(now_s, second)))
            .chain(extra.iter().copied())
            .map(|(a, b)| (a.max(from), b.min(until)))
            .filter(|(a, b)| b > a)
            .collect();
        spans.sort_unstable();
        let mut total = 0;
        let mut reach = i64::MIN;
        for (a, b) in spans {
            let a = a.max(reach);
            if b > a {
                total += b - a;
                reach = b;
            }
        }
        total
    }

    /// The intervention at list position `k` of the floor at `i`, at `now_s`:
    /// (spoke, paused, interrupted, orders).
    fn intervention_times(&self, i: usize, k: usize, now_s: i64) -> Option<(i64, i64, i64, usize)> {
        let floor = self.floor(i)?;
        let e = &floor.list[k];
        let from = second(e.called?);
        let until = e.ended.map_or(now_s, second).max(from);
        let orders: Vec<(i64, i64)> = floor
            .orders
            .iter()
            .filter(|o| o.speaker == Some(e.id))
            .map(|o| (second(o.from), o.to.map_or(now_s, second)))
            .collect();
        let paused = self.frozen_within(from, until, now_s, &[]);
        let frozen = self.frozen_within(from, until, now_s, &orders);
        // Order time that is not also a pause: each second is told once.
        let interrupted = (frozen - paused).max(0);
        Some((
            (until - from - frozen).max(0),
            paused,
            interrupted,
            orders.len(),
        ))
    }

    /// What the floor of the current segment shows at `now_s` (`None`: the
    /// segment on the countdown is not a floor, or the run is not on one).
    pub(super) fn floor_view(
        &self,
        i: usize,
        now_s: i64,
        offset: chrono::FixedOffset,
    ) -> Option<FloorView> {
        let floor = self.floor(i)?;
        if !matches!(self.phase, Phase::Running(_) | Phase::Paused(_)) {
            return None;
        }
        let of = floor.list.iter().filter(|e| !e.struck).count();
        let speaker = floor.holder.and_then(|id| floor.position(id)).map(|k| {
            let e = &floor.list[k];
            let (elapsed, ..) = self.intervention_times(i, k, now_s).unwrap_or_default();
            let limit = floor.entry(e).limit_seconds;
            let left = limit - elapsed;
            let w = floor.entry(e).warnings;
            let countdown = match self.phase {
                Phase::Paused(_) => Countdown::Paused,
                _ if left <= 0 => Countdown::Over(-left),
                _ if left <= w.red_seconds => Countdown::Red,
                _ if left <= w.amber_seconds => Countdown::Amber,
                _ => Countdown::OnTime,
            };
            Speaking {
                index: k,
                number: floor.list[..=k].iter().filter(|e| !e.struck).count(),
                of,
                limit,
                elapsed,
                left,
                countdown,
            }
        });
        let order = floor.open_order().map(|o| (now_s - second(o.from)).max(0));
        let still: i64 = floor
            .list
            .iter()
            // Those past a cut line applied are not counted on.
            .filter(|e| e.called.is_none() && !e.struck && !e.marked)
            .map(|e| floor.entry(e).limit_seconds)
            .sum();
        let finish = now_s + speaker.map_or(0, |s| s.left.max(0)) + still;
        Some(FloorView {
            speaker,
            order,
            waiting: floor.waiting(),
            next: floor.next_waiting(),
            projected_finish: at_second(finish, offset),
        })
    }

    /// Every intervention of the floor at `i` so far, in the order called.
    pub fn interventions(&self, i: usize, now: Time) -> Vec<Spoken> {
        let Some(floor) = self.floor(i) else {
            return Vec::new();
        };
        let now_s = crate::time::floor_second(now);
        let mut out: Vec<Spoken> = floor
            .list
            .iter()
            .enumerate()
            .filter_map(|(k, e)| {
                let called = e.called?;
                let (spoke, paused, interrupted, orders) =
                    self.intervention_times(i, k, now_s).unwrap_or_default();
                Some(Spoken {
                    id: e.id,
                    name: floor.entry(e).name.clone(),
                    kind: floor.entry(e).kind.clone(),
                    limit: floor.entry(e).limit_seconds,
                    origin: e.origin,
                    called,
                    ended: e.ended,
                    spoke,
                    paused,
                    interrupted,
                    orders,
                })
            })
            .collect();
        out.sort_by_key(|s| s.called);
        out
    }
}

/// A speaker an event adds to a floor's list.
#[derive(Clone, Copy)]
struct Adding<'a> {
    entry: EntryId,
    /// After this entry; `None`: last.
    after: Option<EntryId>,
    name: &'a str,
    kind: &'a str,
    limit_seconds: Option<i64>,
}

/// Adds a speaker to a floor's list, unless the event does not fit the
/// list (a journal written by hand): an id already there, a full list, a
/// blank name, an unknown kind, a bad limit.
fn add_entry(floor: &mut FloorState, kinds: &[Kind], adding: Adding<'_>) {
    let Adding {
        entry,
        after,
        name,
        kind,
        limit_seconds,
    } = adding;
    if entry >= MAX_ENTRY_ID
        || floor.position(entry).is_some()
        || floor.list.len() >= plan::floor::MAX_ENTRIES
    {
        return;
    }
    let (Ok(name), Some(kind)) = (clean_name(name), kinds.iter().find(|k| k.name == kind)) else {
        return;
    };
    if limit_seconds.and_then(plan::floor::limit_problem).is_some() {
        return;
    }
    let to = match after {
        None => floor.list.len(),
        Some(a) => match floor.position(a) {
            Some(a) if a + 1 >= floor.first_editable() => a + 1,
            _ => return,
        },
    };
    let kept = floor.keep(plan::floor::entry(name, kind, limit_seconds, None));
    floor.list.insert(
        to,
        Intervention {
            id: entry,
            entry: kept,
            origin: Origin::Added,
            struck: false,
            marked: false,
            called: None,
            ended: None,
        },
    );
    floor.next_id = floor.next_id.max(entry + 1);
}

/// Why nobody more can be added: the list's ids are used up, which only a
/// journal written by hand can do (a day adds a few hundred at most).
pub(super) fn ids_spent() -> String {
    format!(
        "the list's speaker numbers are used up (they stop at {MAX_ENTRY_ID}): no more can be recorded"
    )
}

fn editable_entry(floor: &FloorState, id: EntryId) -> Result<usize, Refusal> {
    match floor.position(id) {
        None => refuse("that speaker is not on the list"),
        Some(k) if !floor.editable(k) => refuse("only speakers still to come can be edited"),
        Some(k) => Ok(k),
    }
}

fn check_change(run: &Run, mut change: EntryChange) -> Result<EntryChange, Refusal> {
    if let Some(name) = change.name.as_mut() {
        *name = clean_name(name)?;
    }
    if let Some(kind) = &change.kind
        && kind_named(run, kind).is_none()
    {
        return Err(unknown_kind(run, kind));
    }
    if let Some(why) = change.limit_seconds.and_then(plan::floor::limit_problem) {
        return refuse(why);
    }
    Ok(change)
}

impl Action {
    /// The floor segment a floor action is about.
    pub fn floor_segment(&self) -> Option<SegmentId> {
        match self {
            Action::FloorAdd { segment, .. }
            | Action::FloorAddMany { segment, .. }
            | Action::FloorStrike { segment, .. }
            | Action::FloorUnstrike { segment, .. }
            | Action::FloorMove { segment, .. }
            | Action::FloorChange { segment, .. }
            | Action::FloorCall { segment, .. }
            | Action::FloorChair { segment }
            | Action::OrderStart { segment }
            | Action::OrderEnd { segment }
            | Action::FloorFit { segment, .. } => Some(*segment),
            _ => None,
        }
    }
}

/// What a floor action does, in a few words, for "undone: …".
pub(super) fn describe(action: &Action, run: &Run) -> String {
    let name = |segment: &SegmentId, entry: &EntryId| {
        run.position(*segment)
            .and_then(|i| run.floor(i))
            .and_then(|f| f.position(*entry).map(|k| f.entry_at(k).name.clone()))
            .unwrap_or_else(|| "a speaker".to_owned())
    };
    match action {
        Action::FloorAdd { name, .. } => format!("add {name} to the list"),
        Action::FloorAddMany { entries, .. } => super::floor_many::describe(entries),
        Action::FloorStrike { segment, entry } => format!("strike {}", name(segment, entry)),
        Action::FloorUnstrike { segment, entry } => {
            format!("bring back {}", name(segment, entry))
        }
        Action::FloorMove { segment, entry, .. } => format!("move {}", name(segment, entry)),
        Action::FloorChange { segment, entry, .. } => format!("change {}", name(segment, entry)),
        Action::FloorCall { segment, entry } => format!("call {}", name(segment, entry)),
        Action::FloorChair { .. } => "the floor back to the chair".to_owned(),
        Action::FloorFit {
            fit: plan::FitPreference::Equal,
            limit_seconds,
            entries,
            ..
        } => format!(
            "equal time: {} each for {}",
            crate::time::clock(limit_seconds.unwrap_or_default()),
            entries.len()
        ),
        Action::FloorFit { entries, .. } => format!("the cut line: {} past it", entries.len()),
        Action::OrderStart { .. } => "the point of order".to_owned(),
        Action::OrderEnd { .. } => "the end of the point of order".to_owned(),
        _ => String::new(),
    }
}

impl super::Snapshot {
    /// The countdown the big digits show: the speaker's while one holds the
    /// floor, else the segment's. It decides the bell and the OVER blink.
    pub fn display_countdown(&self) -> Countdown {
        match self.floor.as_ref().and_then(|f| f.speaker) {
            Some(s) if self.floor.as_ref().is_some_and(|f| f.order.is_none()) => s.countdown,
            Some(_) => Countdown::Paused,
            None => self.countdown,
        }
    }

    /// The list position of the speaker holding the floor, if one does.
    pub fn speaker_index(&self) -> Option<usize> {
        self.floor.as_ref().and_then(|f| f.speaker).map(|s| s.index)
    }
}
