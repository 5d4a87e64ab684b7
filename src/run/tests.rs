//! The core's rules, each at its exact second, on an injected clock.

use chrono::{DateTime, FixedOffset};

use super::*;
use crate::plan;

const PLAN: &str = r#"
    title = "T"
    start = "10:00"
    budget = "30m"
    [[segments]]
    title = "A"
    duration = "10m"
    [[segments]]
    title = "B"
    duration = "5m"
    [[segments]]
    title = "C"
    duration = "10m"
    flexible = true
"#;

fn plan() -> Plan {
    plan::parse(PLAN, "t.toml", "t").unwrap()
}

/// 10:00:00 + `s` seconds, Geneva in winter.
fn t(s: i64) -> Time {
    let offset = FixedOffset::east_opt(3600).unwrap();
    DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00")
        .unwrap()
        .with_timezone(&offset)
        + TimeDelta::milliseconds(s * 1000)
}

fn tm(ms: i64) -> Time {
    t(0) + TimeDelta::milliseconds(ms)
}

struct Harness {
    run: Run,
}

impl Harness {
    fn live() -> Self {
        Self {
            run: Run::new(plan(), Mode::Live),
        }
    }
    fn rehearsal() -> Self {
        Self {
            run: Run::new(plan(), Mode::Rehearsal),
        }
    }
    fn press(&mut self, command: Command, at: Time) -> &mut Self {
        if let Ok(e) = self.run.event_for(command, at) {
            self.run.apply(&e);
        }
        self
    }
    fn at(&self, s: i64) -> Snapshot {
        self.run.at(t(s))
    }
}

#[test]
fn ready_before_start_shows_the_full_first_segment() {
    let h = Harness::live();
    let snap = h.at(-30);
    assert_eq!(snap.countdown, Countdown::Ready);
    assert_eq!(snap.left, 600);
    assert_eq!(snap.behind, 0);
    assert_eq!(snap.projected_end, t(1500));
}

#[test]
fn thresholds_flip_at_their_exact_second() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    assert_eq!(h.at(479).countdown, Countdown::OnTime);
    assert_eq!(h.at(480).countdown, Countdown::Amber, "2:00 left");
    assert_eq!(h.at(480).left, 120);
    assert_eq!(h.at(569).countdown, Countdown::Amber);
    assert_eq!(h.at(570).countdown, Countdown::Red, "0:30 left");
    assert_eq!(h.at(599).countdown, Countdown::Red);
    assert_eq!(h.at(600).countdown, Countdown::Over(0), "0:00");
    assert_eq!(h.at(661).countdown, Countdown::Over(61));
    assert_eq!(h.at(661).countdown.label(), "OVER +1:01");
}

#[test]
fn display_rounds_the_start_so_countdown_and_clock_flip_together() {
    let mut h = Harness::live();
    // Space pressed at 10:00:00.600 counts as 10:00:01 on screen.
    h.press(Command::StartOrPause, tm(600));
    assert_eq!(h.run.at(tm(999)).left, 600);
    assert_eq!(h.run.at(tm(1999)).left, 600);
    assert_eq!(h.run.at(tm(2000)).left, 599);
    assert_eq!(h.run.at(tm(2000)).now, t(2));
}

#[test]
fn pause_freezes_the_countdown_but_not_the_session() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(Command::StartOrPause, t(100));
    let paused = h.at(160);
    assert_eq!(paused.countdown, Countdown::Paused);
    assert_eq!(paused.left, 500);
    assert_eq!(paused.used, 160);
    assert_eq!(paused.rows[0].paused, 60);
    // The room's clock runs on: the end slips by the pause.
    assert_eq!(paused.behind, 60);
    h.press(Command::StartOrPause, t(190));
    let resumed = h.at(200);
    assert_eq!(resumed.countdown, Countdown::OnTime);
    assert_eq!(resumed.left, 490);
    assert_eq!(resumed.rows[0].paused, 90);
    assert_eq!(
        h.run.pauses,
        vec![Pause {
            from: t(100),
            to: Some(t(190))
        }]
    );
}

#[test]
fn next_ends_the_segment_and_records_its_result() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(Command::Next, t(650));
    let snap = h.at(660);
    assert_eq!(snap.current, 1);
    assert_eq!(snap.left, 290);
    assert_eq!(snap.rows[0].state, SegmentState::Done);
    assert_eq!(snap.rows[0].actual, Some(650));
    assert_eq!(snap.behind, 50);
    assert_eq!(snap.projected_end, t(1550));
    assert_eq!(snap.late, 50 - 300, "the budget has five spare minutes");
}

#[test]
fn last_next_finishes_the_run() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(Command::Next, t(600))
        .press(Command::Next, t(900))
        .press(Command::Next, t(1400));
    assert!(h.run.is_closed());
    let snap = h.at(2000);
    assert_eq!(snap.countdown, Countdown::Finished);
    assert_eq!(snap.used, 1400);
    assert_eq!(snap.projected_end, t(1400));
    assert_eq!(snap.behind, -100);
}

#[test]
fn undo_of_next_continues_the_previous_segment_as_if_never_ended() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(Command::Next, t(300));
    h.press(Command::Back, t(305));
    let snap = h.at(310);
    assert_eq!(snap.current, 0);
    assert_eq!(snap.left, 290);
    assert_eq!(snap.rows[0].state, SegmentState::Running);
    assert_eq!(snap.rows[1].state, SegmentState::NotStarted);
    assert_eq!(snap.rows[1].actual_start, None);
    // Back on the first segment there is nothing to undo.
    assert!(h.run.event_for(Command::Back, t(311)).is_err());
}

#[test]
fn undo_after_the_last_segment_reopens_it() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    for s in [600, 900, 1500] {
        h.press(Command::Next, t(s));
    }
    h.press(Command::Back, t(1502));
    assert_eq!(h.run.phase, Phase::Running(2));
    assert_eq!(h.at(1510).left, -10);
}

#[test]
fn plus_and_minus_give_and_take_a_minute() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(Command::Adjust(60), t(10));
    assert_eq!(h.at(10).left, 650);
    assert_eq!(h.at(10).behind, 60);
    h.press(Command::Adjust(-60), t(11))
        .press(Command::Adjust(-60), t(12));
    assert_eq!(h.at(12).left, 528);
    assert_eq!(h.at(12).rows[0].adjusted, -60);
}

#[test]
fn taking_time_stops_at_one_minute_left_in_the_allowance() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    for _ in 0..20 {
        h.press(Command::Adjust(-60), t(1));
    }
    assert_eq!(h.run.allowed(0), 60);
    assert!(h.run.event_for(Command::Adjust(-60), t(2)).is_err());
}

#[test]
fn a_late_start_is_behind_before_anyone_speaks() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(240));
    let snap = h.at(240);
    assert_eq!(snap.behind, 240);
    assert_eq!(snap.late, 240 - 5 * 60);
    assert_eq!(snap.projected_end, t(240 + 1500));
    assert_eq!(snap.rows[1].scheduled_start, t(600));
    assert!(snap.on_plan_clock);
}

#[test]
fn rehearsal_counts_from_space_not_from_the_plan_clock() {
    let mut h = Harness::rehearsal();
    h.press(Command::StartOrPause, t(240));
    let snap = h.at(250);
    assert_eq!(snap.behind, 0);
    assert!(!snap.on_plan_clock);
    assert_eq!(snap.rows[1].scheduled_start, t(840));
}

#[test]
fn a_plan_dated_for_another_day_is_timed_from_its_start() {
    let mut p = plan();
    p.date = chrono::NaiveDate::from_ymd_opt(2019, 2, 7);
    let mut run = Run::new(p, Mode::Live);
    run.apply(&Event::new(t(3 * 3600), Action::Start));
    let snap = run.at(t(3 * 3600 + 10));
    assert_eq!(snap.behind, 0);
    assert_eq!(snap.anchor, t(3 * 3600));
}

#[test]
fn ending_early_skips_what_never_ran() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(Command::End, t(100));
    let snap = h.at(200);
    assert!(h.run.is_closed());
    assert_eq!(snap.rows[0].actual, Some(100));
    assert_eq!(snap.rows[1].state, SegmentState::Skipped);
    assert_eq!(snap.used, 100);
}

#[test]
fn next_while_paused_ends_the_pause_too() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(Command::StartOrPause, t(100));
    h.press(Command::Next, t(130));
    let snap = h.at(140);
    assert_eq!(snap.countdown, Countdown::OnTime);
    assert_eq!(snap.rows[0].actual, Some(100));
    assert_eq!(snap.rows[0].paused, 30);
    assert_eq!(snap.left, 290);
}

#[test]
fn the_display_wakes_on_second_boundaries_and_half_seconds_when_over() {
    let mut h = Harness::live();
    assert_eq!(h.run.next_change(tm(1234)), tm(2000));
    h.press(Command::StartOrPause, t(0));
    assert_eq!(h.run.next_change(tm(599_100)), tm(600_000));
    assert_eq!(h.run.next_change(tm(600_100)), tm(600_500));
    assert_eq!(h.run.next_change(tm(600_500)), tm(601_000));
}

#[test]
fn bells_ring_at_amber_at_zero_and_each_minute_over() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    let ring = |a: i64, b: i64| bells(&h.at(a), &h.at(b));
    assert_eq!(ring(100, 101), 0);
    assert_eq!(ring(479, 480), 1);
    assert_eq!(ring(569, 570), 0);
    assert_eq!(ring(599, 600), 2);
    assert_eq!(ring(601, 659), 0);
    assert_eq!(ring(659, 660), 1);
    assert_eq!(ring(700, 710), 0);
}
