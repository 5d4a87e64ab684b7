//! What the pages are told: the run as *anchors*, never as ticks.
//!
//! A page gets the instants a countdown counts from (the segment's start,
//! its pauses, the session's start, the schedule's anchor, all in whole
//! seconds since the epoch, as [`Run::at`] rounds them) and works out the
//! time shown from its own clock, kept in step with the console's. So the
//! state changes only when something happens (a key, a command, a pause),
//! not every second, and [`Pages`] is compared with the last one published
//! to send only real changes.
//!
//! The words the pages show are not here: all six tables go to a page
//! once, as the first event of its stream ([`crate::lang::tables_json`]),
//! and the stage's state names the speaker's language.
//!
//! The page's arithmetic (`spoken`, `base` in `pages/common.js`) mirrors
//! [`Run::at`] line for line; `tests::the_page_arithmetic_matches_the_run`
//! holds the two together.

use serde::Serialize;

use crate::moment::Moment;
use crate::run::{Mode, Phase, Run, SegmentState, Snapshot, Time};
use crate::time::{floor_second, second};

mod fit;
mod floor;
mod hall;

/// What the stage page needs: the countdown's anchors, the speakers, the
/// message and the flash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub title: String,
    pub rehearsal: bool,
    /// `ready`, `running`, `paused`, `finished` or `ended`.
    pub phase: &'static str,
    /// The segment on the countdown, from 1, and how many there are.
    pub number: usize,
    pub count: usize,
    pub segment: String,
    /// Who the stage names: the speaker, or the segment's title.
    pub speaker: String,
    pub next: Option<String>,
    /// Seconds the current segment has (its duration plus time given).
    pub allowed: i64,
    pub amber: i64,
    pub red: i64,
    /// When the current segment started, in whole seconds (rounded as the
    /// console rounds it); `None` before it does.
    pub start: Option<i64>,
    /// When it ended (the run is over).
    pub end: Option<i64>,
    /// The room's pauses that may fall within it: `[from, to]`, `to` null
    /// while the pause goes on.
    pub pauses: Vec<(i64, Option<i64>)>,
    /// When the session started, and when it closed.
    pub started: Option<i64>,
    pub closed: Option<i64>,
    /// The scheduled start by the plan's clock, before the session starts
    /// (`STARTS IN`, `STARTING LATE`).
    pub plan_start: Option<i64>,
    pub message: Option<String>,
    /// When the stage was last asked to flash, in milliseconds.
    pub flash: Option<i64>,
    /// The console's UTC offset in seconds: times of day are shown in it.
    pub utc_offset: i32,
    /// On a floor with a speaker holding it: their countdown's anchors,
    /// which the page puts over the segment's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub floor: Option<floor::FloorShown>,
    /// The floor's order for the hall page, while a floor is on the
    /// countdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hall: Option<hall::Hall>,
    /// A floor segment is on the countdown: the remote shows its buttons.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub on_floor: bool,
    /// The language of whoever holds the floor (`fr`): the stage page
    /// shows its words from that table (the `words` event) unless the page
    /// was opened with `?lang=`.
    pub lang: &'static str,
    /// The plan says `cues = "silent"`: no page vibrates or chimes.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub silent: bool,
}

/// What the chair's page adds: the rundown, totals and the suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rundown {
    pub location: Option<String>,
    pub budget: i64,
    /// Where the schedule counts from; `None` while it is "now" (before the
    /// start, off the plan's clock): starts are then shown as `+m:ss`.
    pub anchor: Option<i64>,
    /// The rundown's own durations added up (skipped ones left out).
    pub planned_total: i64,
    /// The time still to come after the current segment: what the projected
    /// end adds to where the current one will end.
    pub to_come: i64,
    pub rows: Vec<RundownRow>,
    pub suggestion: Option<Suggestion>,
    /// Why the console's journal is not being written, when it is not
    /// (`NOT RECORDING` on the chair's page and the remote, as on the
    /// console): the console's word, not the run's.
    pub not_recording: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RundownRow {
    pub title: String,
    pub speaker: Option<String>,
    /// `done`, `running`, `not_started`, `skipped`.
    pub state: &'static str,
    pub flexible: bool,
    /// Added during the run.
    pub added: bool,
    /// Seconds from the anchor to its scheduled start.
    pub scheduled: i64,
    /// For one still to come: seconds after where the current segment ends
    /// (or the session starts) that it is now expected to start.
    pub expected: Option<i64>,
    /// When it started.
    pub actual_start: Option<i64>,
    /// The time it has: planned plus every adjustment.
    pub given: i64,
    /// Seconds it took, once done (a running one is counted by the page).
    pub actual: Option<i64>,
}

/// The console's suggestion line, read-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// `recovery` (late), `give_back` (early) or `fit` (a floor's list too
    /// long for its time).
    pub kind: &'static str,
    pub needed: i64,
    pub text: String,
    /// Whether `a` (or the remote's button) would apply something.
    pub applicable: bool,
}

/// What only the remote needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Control {
    /// The plan's preset messages, placeholders unfilled.
    pub presets: Vec<String>,
    pub undo: Option<String>,
    pub redo: Option<String>,
}

/// Everything the pages show, at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pages {
    pub stage: Stage,
    pub rundown: Rundown,
    pub control: Control,
}

impl Pages {
    /// The pages' state of `run` at `now`.
    pub fn of(run: &Run, now: Time) -> Self {
        Self::at(run, &Moment::of(run, now))
    }

    /// The pages' state of `run` at a moment the console worked out.
    pub fn at(run: &Run, moment: &Moment) -> Self {
        Self {
            stage: stage(run, &moment.snap),
            rundown: rundown(run, moment),
            control: Control {
                presets: run.plan.messages.iter().map(|p| p.text.clone()).collect(),
                undo: run.undo_label().map(str::to_owned),
                redo: run.redo_label().map(str::to_owned),
            },
        }
    }
}

fn who(run: &Run, i: usize) -> String {
    let segment = run.segment(i);
    segment
        .speaker
        .clone()
        .unwrap_or_else(|| segment.title.clone())
}

fn phase_word(phase: Phase) -> &'static str {
    match phase {
        Phase::Ready => "ready",
        Phase::Running(_) => "running",
        Phase::Paused(_) => "paused",
        Phase::Finished => "finished",
        Phase::Ended(_) => "ended",
    }
}

fn stage(run: &Run, snap: &Snapshot) -> Stage {
    let i = snap.current;
    let slot = &run.rundown[i];
    let start = slot.record.started.map(second);
    // Pauses that ended before this segment began cannot count in it.
    let pauses = match start {
        Some(start) => run
            .pauses
            .iter()
            .map(|p| (second(p.from), p.to.map(second)))
            .filter(|(_, to)| to.is_none_or(|to| to > start))
            .collect(),
        None => Vec::new(),
    };
    Stage {
        title: run.plan.title.clone(),
        rehearsal: run.mode == Mode::Rehearsal,
        phase: phase_word(run.phase),
        number: i + 1,
        count: run.rundown.len(),
        segment: slot.segment.title.clone(),
        speaker: who(run, i),
        // On a floor, the next on the list, so they can walk up.
        next: floor::next_speaker(run, snap).or_else(|| snap.next.map(|j| who(run, j))),
        allowed: snap.allowed,
        amber: slot.segment.warnings.amber_seconds,
        red: slot.segment.warnings.red_seconds,
        start,
        end: slot.record.ended.map(second),
        pauses,
        started: run.started.map(second),
        closed: run.closed.map(second),
        plan_start: (run.phase == Phase::Ready && snap.on_plan_clock)
            .then(|| floor_second(snap.anchor)),
        message: snap.message.clone(),
        flash: run.flash.map(|t| t.timestamp_millis()),
        utc_offset: snap.now.offset().local_minus_utc(),
        floor: floor::stage_floor(run, snap),
        hall: hall::hall(run, snap),
        on_floor: snap.floor.is_some(),
        lang: crate::lang::of_speaker(run, snap).code(),
        silent: run.plan.silent,
    }
}

fn rundown(run: &Run, moment: &Moment) -> Rundown {
    let snap = &moment.snap;
    let anchor = floor_second(snap.anchor);
    let mut expected = 0;
    let rows = snap
        .rows
        .iter()
        .zip(&run.rundown)
        .map(|(row, slot)| {
            let to_come = row.state == SegmentState::NotStarted;
            let at = to_come.then_some(expected);
            if to_come {
                expected += row.given();
            }
            RundownRow {
                title: slot.segment.title.clone(),
                speaker: slot.segment.speaker.clone(),
                state: row.state.as_str(),
                flexible: slot.segment.flexible,
                added: slot.origin == crate::run::Origin::Added,
                scheduled: floor_second(row.scheduled_start) - anchor,
                expected: at,
                actual_start: row.actual_start.map(floor_second),
                given: row.given(),
                actual: row.actual.filter(|_| row.state == SegmentState::Done),
            }
        })
        .collect();
    let suggestion = fit::suggestion(run, moment);
    Rundown {
        location: run.plan.location.clone(),
        budget: run.plan.budget_seconds,
        anchor: (snap.on_plan_clock || run.started.is_some()).then_some(anchor),
        planned_total: floor_second(snap.planned_end) - anchor,
        to_come: expected,
        rows,
        suggestion,
        not_recording: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::{Command, Countdown};
    use chrono::{DateTime, TimeDelta};

    fn t(ms: i64) -> Time {
        DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap()
            + TimeDelta::milliseconds(ms)
    }

    fn plan() -> crate::plan::Plan {
        crate::plan::parse(
            "title=\"T\"\nbudget=\"5m\"\n[warnings]\namber=\"20s\"\nred=\"10s\"\n[[segments]]\ntitle=\"A\"\nspeaker=\"Ada\"\nduration=\"1m\"\n[[segments]]\ntitle=\"B\"\nduration=\"2m\"\nflexible=true\n[[segments]]\ntitle=\"C\"\nduration=\"1m\"\n",
            "t.toml",
            "t",
        )
        .unwrap()
    }

    fn act(run: &mut Run, command: Command, ms: i64) {
        let event = run.event_for(command, t(ms)).unwrap();
        run.apply(&event);
    }

    /// `spoken` of `pages/common.js`, in Rust.
    fn spoken(stage: &Stage, now_s: i64) -> i64 {
        let Some(start) = stage.start else {
            return 0;
        };
        let until = stage.end.unwrap_or(now_s);
        let paused: i64 = stage
            .pauses
            .iter()
            .map(|&(from, to)| (to.unwrap_or(now_s).min(until) - from.max(start)).max(0))
            .sum();
        (until - start - paused).max(0)
    }

    /// `base` of `pages/common.js`: where the segments to come start from.
    fn base(stage: &Stage, rundown: &Rundown, now_s: i64) -> i64 {
        match stage.phase {
            "ready" => now_s.max(rundown.anchor.unwrap_or(now_s)),
            "running" | "paused" => now_s + (stage.allowed - spoken(stage, now_s)).max(0),
            _ => stage.closed.unwrap_or(now_s),
        }
    }

    #[test]
    fn the_page_arithmetic_matches_the_run() {
        let mut run = Run::new(plan(), Mode::Rehearsal);
        // Pauses and resumes off the second boundary, a minute given, a
        // segment over, a next: at every 100 ms, what the page works out
        // from the anchors published then is what the console shows.
        let script = [
            (Command::StartOrPause, 400),
            (Command::StartOrPause, 5_600),
            (Command::StartOrPause, 9_400),
            (Command::Adjust(60), 12_000),
            (Command::StartOrPause, 30_700),
            (Command::StartOrPause, 31_200),
            (Command::Next, 140_300),
            (Command::StartOrPause, 150_000),
        ];
        let mut published = Pages::of(&run, t(0));
        let mut steps = script.iter().peekable();
        for ms in (0..170_000).step_by(100) {
            if let Some((command, at)) = steps.peek()
                && *at == ms
            {
                act(&mut run, command.clone(), ms);
                steps.next();
                published = Pages::of(&run, t(ms));
            }
            let snap = run.at(t(ms));
            let now_s = floor_second(t(ms));
            let stage = &published.stage;
            let left = stage.allowed - spoken(stage, now_s);
            match snap.countdown {
                Countdown::Finished => {}
                _ => assert_eq!(left, snap.left, "left at {ms} ms"),
            }
            let to_come = base(stage, &published.rundown, now_s) + published.rundown.to_come;
            assert_eq!(to_come, floor_second(snap.projected_end), "end at {ms} ms");
        }
    }

    #[test]
    fn nothing_changes_from_one_second_to_the_next_while_a_speaker_talks() {
        let mut run = Run::new(plan(), Mode::Rehearsal);
        act(&mut run, Command::StartOrPause, 0);
        let first = Pages::of(&run, t(1_000));
        // On time, then amber, red and over: the page works these out.
        for s in 2..120 {
            let later = Pages::of(&run, t(s * 1000));
            assert_eq!(later.stage, first.stage, "stage at {s} s");
            assert_eq!(later.control, first.control);
        }
    }

    #[test]
    fn the_rundown_tells_what_is_done_and_what_is_to_come() {
        let mut run = Run::new(plan(), Mode::Rehearsal);
        act(&mut run, Command::StartOrPause, 0);
        act(&mut run, Command::Next, 70_000);
        let pages = Pages::of(&run, t(71_000));
        let rows = &pages.rundown.rows;
        assert_eq!(rows[0].state, "done");
        assert_eq!(rows[0].actual, Some(70));
        assert_eq!(rows[1].state, "running");
        assert_eq!(rows[1].actual, None);
        assert_eq!(rows[2].expected, Some(0));
        assert_eq!(pages.stage.speaker, "B");
        assert_eq!(pages.stage.next.as_deref(), Some("C"));
        assert_eq!(pages.rundown.to_come, 60);
    }
}
