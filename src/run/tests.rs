//! The core's rules, each at its exact second, on an injected clock.

use chrono::{DateTime, FixedOffset, TimeDelta};

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

fn titles(run: &Run) -> Vec<&str> {
    run.rundown
        .iter()
        .map(|s| s.segment.title.as_str())
        .collect()
}

fn statement(seconds: i64) -> NewSegment {
    NewSegment {
        title: "Statement".to_owned(),
        speaker: Some("Mr. D".to_owned()),
        duration_seconds: seconds,
        flexible: false,
    }
}

#[test]
fn a_clock_set_back_mid_speech_keeps_the_time_already_spoken() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    // 46 s into the speech the wall clock is set back 72 s (NTP): the next
    // events come from the new clock.
    h.run
        .apply(&Event::new(t(46), Action::ClockJump { millis: -72_000 }));
    let snap = h.run.at(t(46 - 72));
    assert_eq!(snap.elapsed, 46, "the speaker keeps the 46 s spoken");
    assert_eq!(h.run.at(t(46 - 72 + 10)).elapsed, 56);
    // A suspended laptop moves the wall clock forward: the room's time
    // passed, and it counts.
    h.run
        .apply(&Event::new(t(-16), Action::ClockJump { millis: 42_000 }));
    assert_eq!(h.run.at(t(-16 + 42)).elapsed, 56 + 42);
}

#[test]
fn a_skipped_segment_is_passed_over_and_brought_back() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(Command::ToggleSkip(1), t(10));
    assert!(h.run.rundown[1].skipped);
    let snap = h.at(20);
    assert_eq!(snap.next, Some(2), "B is skipped: C comes next");
    assert_eq!(snap.rows[1].state, SegmentState::Skipped);
    // Skipping B ends the rundown five minutes sooner.
    assert_eq!(snap.rows[2].scheduled_start, t(600));
    assert_eq!(snap.planned_end, t(1200));
    h.press(Command::Next, t(600));
    assert_eq!(h.run.phase, Phase::Running(2));
    // Back from C goes to A, over the skipped B.
    h.press(Command::Back, t(601));
    assert_eq!(h.run.phase, Phase::Running(0));
    h.press(Command::ToggleSkip(1), t(602));
    assert!(!h.run.rundown[1].skipped);
    assert_eq!(h.at(603).next, Some(1));
}

#[test]
fn the_running_segment_and_those_done_cannot_be_edited() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    assert!(h.run.event_for(Command::ToggleSkip(0), t(1)).is_err());
    let change = Change {
        duration_seconds: Some(60),
        ..Change::default()
    };
    assert!(
        h.run
            .event_for(Command::Change { segment: 0, change }, t(1))
            .is_err()
    );
    // B cannot move up past the running A.
    let refused = h
        .run
        .event_for(
            Command::Move {
                segment: 1,
                up: true,
            },
            t(1),
        )
        .unwrap_err();
    assert!(
        refused.0.contains("before the running segment"),
        "{refused}"
    );
    // Nor can anything be inserted before it.
    h.press(Command::Next, t(100));
    let early = h.run.event_for(
        Command::Insert {
            after: None,
            segment: statement(120),
        },
        t(101),
    );
    // `None` means first of those to come: after B, which runs.
    let e = early.unwrap();
    h.run.apply(&e);
    assert_eq!(titles(&h.run), ["A", "B", "Statement", "C"]);
}

#[test]
fn moves_swap_the_segments_to_come_and_the_schedule_follows() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(
        Command::Move {
            segment: 2,
            up: true,
        },
        t(10),
    );
    assert_eq!(titles(&h.run), ["A", "C", "B"]);
    let snap = h.at(20);
    assert_eq!(snap.next, Some(1));
    assert_eq!(h.run.segment(1).title, "C");
    assert_eq!(snap.rows[2].scheduled_start, t(1200));
    h.press(
        Command::Move {
            segment: 2,
            up: false,
        },
        t(30),
    );
    assert_eq!(titles(&h.run), ["A", "B", "C"]);
    // A segment still to come keeps its id wherever it goes.
    assert_eq!(h.run.rundown[2].id, 2);
}

#[test]
fn an_insert_gets_a_new_id_and_a_change_edits_only_what_it_names() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(
        Command::Insert {
            after: Some(1),
            segment: statement(180),
        },
        t(5),
    );
    assert_eq!(titles(&h.run), ["A", "B", "Statement", "C"]);
    assert_eq!(h.run.rundown[2].id, 3);
    assert_eq!(h.run.rundown[2].origin, Origin::Added);
    assert_eq!(h.at(6).projected_end, t(1500 + 180));
    h.press(
        Command::Change {
            segment: 1,
            change: Change {
                speaker: Some("Ms. E".to_owned()),
                duration_seconds: Some(240),
                ..Change::default()
            },
        },
        t(7),
    );
    let b = h.run.segment(1);
    assert_eq!(
        (b.title.as_str(), b.speaker.as_deref(), b.duration_seconds),
        ("B", Some("Ms. E"), 240)
    );
    // An empty title or a zero duration is refused with a word, not applied.
    let empty = NewSegment {
        title: "  ".to_owned(),
        ..statement(60)
    };
    let refused = h.run.event_for(
        Command::Insert {
            after: Some(1),
            segment: empty,
        },
        t(8),
    );
    assert_eq!(refused.unwrap_err().0, "a segment needs a title");
    let zero = h.run.event_for(
        Command::Insert {
            after: Some(1),
            segment: statement(0),
        },
        t(8),
    );
    assert!(zero.is_err());
}

#[test]
fn undo_and_redo_walk_the_course_back_and_forth_and_the_room_stays() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(Command::Adjust(60), t(10));
    h.press(Command::ToggleSkip(1), t(20));
    h.press(Command::StartOrPause, t(30)); // pause: the room's, not undone
    h.press(Command::Undo, t(40));
    assert!(!h.run.rundown[1].skipped, "the skip is undone");
    assert_eq!(h.run.phase, Phase::Paused(0), "the pause stays");
    h.press(Command::Undo, t(41));
    assert_eq!(h.run.allowed(0), 600, "the minute is taken back");
    assert_eq!(h.run.redo_label(), Some("+ 1:00 to A"));
    h.press(Command::Redo, t(42));
    assert_eq!(h.run.allowed(0), 660);
    // A new action forgets what could have been redone.
    h.press(Command::Adjust(-60), t(43));
    assert!(h.run.event_for(Command::Redo, t(44)).is_err());
    // Nothing to undo before the start.
    let fresh = Harness::live();
    assert_eq!(
        fresh.run.event_for(Command::Undo, t(0)).unwrap_err().0,
        "nothing to undo"
    );
}

#[test]
fn undo_of_next_is_the_same_as_back() {
    let mut by_back = Harness::live();
    let mut by_undo = Harness::live();
    for h in [&mut by_back, &mut by_undo] {
        h.press(Command::StartOrPause, t(0));
        h.press(Command::Next, t(300));
    }
    by_back.press(Command::Back, t(319));
    by_undo.press(Command::Undo, t(319));
    for s in [320, 400, 700] {
        assert_eq!(by_back.at(s).left, by_undo.at(s).left, "at {s}");
        assert_eq!(by_back.at(s).current, by_undo.at(s).current);
    }
}

#[test]
fn a_message_goes_when_the_segment_changes_unless_pinned() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(
        Command::Message {
            text: "Please wrap up".to_owned(),
            pinned: false,
        },
        t(500),
    );
    assert_eq!(h.at(501).message.as_deref(), Some("Please wrap up"));
    h.press(Command::Next, t(600));
    assert_eq!(h.at(601).message, None);
    // Undo of the next brings the speaker back, and the message with them.
    h.press(Command::Undo, t(602));
    assert_eq!(h.at(603).message.as_deref(), Some("Please wrap up"));
    h.press(
        Command::Message {
            text: "Room closes 10:30".to_owned(),
            pinned: true,
        },
        t(604),
    );
    h.press(Command::Next, t(605));
    assert_eq!(h.at(606).message.as_deref(), Some("Room closes 10:30"));
    h.press(Command::ClearMessage, t(607));
    assert_eq!(h.at(608).message, None);
    // Text is cleaned like plan text, and kept to 120 characters.
    h.press(
        Command::Message {
            text: format!("\u{1b}[31m{}", "x".repeat(300)),
            pinned: false,
        },
        t(609),
    );
    let shown = h.at(610).message.unwrap();
    assert!(shown.starts_with("␛[31m"), "{shown}");
    assert_eq!(shown.chars().count(), 120);
}

#[test]
fn a_flash_blinks_for_three_seconds_then_stops() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(Command::Flash, tm(10_000));
    let on: Vec<bool> = (0..8)
        .map(|half| h.run.flash_on(tm(10_000 + half * 500 + 100)))
        .collect();
    assert_eq!(on, [true, false, true, false, true, false, false, false]);
    // While it flashes, the screen wakes at each half second.
    assert_eq!(h.run.next_change(tm(10_100)), tm(10_500));
    assert_eq!(h.run.next_change(tm(13_100)), tm(14_000));
}

#[test]
fn a_run_that_was_ended_is_reopened_on_its_last_segment() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(Command::End, t(100));
    assert!(h.run.is_closed());
    h.run.apply(&Event::new(t(160), Action::Reopened));
    assert_eq!(h.run.phase, Phase::Running(0));
    assert_eq!(h.at(200).elapsed, 200, "the time it was closed counts");
}

#[test]
fn coming_segments_have_an_expected_start_once_behind() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(Command::Next, t(700));
    let snap = h.at(710);
    assert_eq!(snap.rows[2].scheduled_start, t(900));
    assert_eq!(snap.rows[2].expected_start, Some(t(1000)));
    assert_eq!(snap.behind, 100);
}

#[test]
fn a_version_one_journal_means_what_it_always_meant() {
    // Segment numbers of version 1 are positions in the plan: the ids.
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.run.apply(&Event::new(
        t(10),
        Action::Adjust {
            segment: 2,
            seconds: -120,
        },
    ));
    assert_eq!(h.run.allowed(2), 480);
}

#[test]
fn undo_of_a_next_pressed_during_a_pause_comes_back_paused() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    h.press(Command::StartOrPause, t(100)); // pause
    h.press(Command::Next, t(130)); // ends the pause, B starts
    h.press(Command::Undo, t(140));
    assert_eq!(
        h.run.phase,
        Phase::Paused(0),
        "A comes back as it was: paused"
    );
    assert_eq!(
        h.at(200).elapsed,
        100 + 10,
        "B's ten seconds were spoken; the rest is paused"
    );
    h.press(Command::Redo, t(150));
    assert_eq!(h.run.phase, Phase::Running(1), "B comes back running");
    assert_eq!(
        h.at(160).elapsed,
        30 - 10,
        "B's time, the undone stretch paused"
    );
}

#[test]
fn an_absurd_clock_jump_from_a_hand_written_journal_moves_nothing() {
    let mut h = Harness::live();
    h.press(Command::StartOrPause, t(0));
    for millis in [i64::MIN, i64::MAX, -30 * 24 * 3600 * 1000] {
        h.run
            .apply(&Event::new(t(10), Action::ClockJump { millis }));
    }
    assert_eq!(h.at(20).elapsed, 20);
}
