//! The floor's rules, each at its exact second, on an injected clock: every
//! floor event and its undo, interleaved with pauses, `+`/`-`, a point of
//! order during a pause and an edit of the rundown.

use chrono::{DateTime, TimeDelta};

use super::*;
use crate::plan;

const PLAN: &str = r#"
    title = "Floor"
    start = "10:00"
    budget = "20m"
    [kinds]
    statement = "3m"
    group = { time = "5m", amber = "1m", red = "15s" }
    question = "1m"
    [[segments]]
    title = "Opening"
    duration = "1m"
    [[segments]]
    title = "Discussion"
    speaker = "The Chair"
    duration = "10m"
    flexible = true
    floor = true
    [[segments.list]]
    name = "Cambodia"
    [[segments.list]]
    name = "European Union"
    kind = "group"
    [[segments.list]]
    name = "Iraq"
    kind = "question"
    [[segments]]
    title = "Closing"
    duration = "5m"
"#;

/// 10:00:00 + `s` seconds.
fn t(s: i64) -> Time {
    DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap() + TimeDelta::seconds(s)
}

const FLOOR: SegmentId = 1;

struct Room {
    run: Run,
}

impl Room {
    /// The session started at 10:00:00 and the discussion opened at 10:01.
    fn on_the_floor() -> Self {
        let mut room = Self {
            run: Run::new(plan::parse(PLAN, "f.toml", "f").unwrap(), Mode::Live),
        };
        room.press(Command::StartOrPause, 0)
            .press(Command::Next, 60);
        room
    }

    fn press(&mut self, command: Command, s: i64) -> &mut Self {
        let what = format!("{command:?}");
        let e = self
            .run
            .event_for(command, t(s))
            .unwrap_or_else(|why| panic!("{what} at {s}: refused: {why}"));
        self.run.apply(&e);
        self
    }

    fn refused(&self, command: Command, s: i64) -> String {
        self.run.event_for(command, t(s)).unwrap_err().0
    }

    fn floor(&mut self, command: FloorCommand, s: i64) -> &mut Self {
        self.press(
            Command::Floor {
                segment: FLOOR,
                command,
            },
            s,
        )
    }

    fn view(&self, s: i64) -> FloorView {
        self.run.at(t(s)).floor.expect("a floor on the countdown")
    }

    fn speaker(&self, s: i64) -> Speaking {
        self.view(s).speaker.expect("a speaker holds the floor")
    }

    fn names(&self) -> Vec<String> {
        let i = self.run.position(FLOOR).unwrap();
        self.run
            .floor(i)
            .unwrap()
            .list
            .iter()
            .map(|e| {
                let mark = if e.struck { "~" } else { "" };
                format!("{mark}{}", self.run.floor(i).unwrap().entry(e).name)
            })
            .collect()
    }

    fn spoken(&self, s: i64) -> Vec<(String, i64)> {
        let i = self.run.position(FLOOR).unwrap();
        self.run
            .interventions(i, t(s))
            .into_iter()
            .map(|x| (x.name, x.spoke))
            .collect()
    }
}

#[test]
fn a_floor_opens_with_the_chair_holding_it() {
    let room = Room::on_the_floor();
    let view = room.view(90);
    assert_eq!(view.speaker, None);
    assert_eq!(view.waiting, 3);
    assert_eq!(view.next, Some(0));
    // Three limits from now: 3:00 + 5:00 + 1:00.
    assert_eq!(view.projected_finish, t(90 + 540));
    // The segment's own countdown runs while the chair speaks.
    assert_eq!(room.run.at(t(90)).left, 570);
}

#[test]
fn n_calls_the_next_speaker_and_their_countdown_is_their_limit() {
    let mut room = Room::on_the_floor();
    room.press(Command::Next, 70);
    let s = room.speaker(100);
    assert_eq!((s.number, s.of, s.limit, s.left), (1, 3, 180, 150));
    assert_eq!(s.countdown, Countdown::OnTime);
    assert_eq!(room.speaker(220).countdown, Countdown::Amber, "0:30 left");
    assert_eq!(room.speaker(240).countdown, Countdown::Red, "0:10 left");
    assert_eq!(room.speaker(250).countdown, Countdown::Over(0));
    assert_eq!(room.speaker(290).countdown.label(), "OVER +0:40");
    // Nothing cuts them off: the next call is the timekeeper's.
    room.press(Command::Next, 290);
    assert_eq!(
        room.spoken(300),
        [
            ("Cambodia".to_owned(), 220),
            ("European Union".to_owned(), 10)
        ]
    );
    let s = room.speaker(300);
    assert_eq!((s.number, s.limit), (2, 300));
}

#[test]
fn a_kind_s_own_thresholds_colour_its_speaker() {
    let mut room = Room::on_the_floor();
    room.floor(FloorCommand::ToggleStrike(0), 61)
        .press(Command::Next, 70);
    assert_eq!(room.speaker(70 + 239).countdown, Countdown::OnTime);
    assert_eq!(
        room.speaker(70 + 240).countdown,
        Countdown::Amber,
        "1:00 left"
    );
    assert_eq!(
        room.speaker(70 + 285).countdown,
        Countdown::Red,
        "0:15 left"
    );
}

#[test]
fn n_with_nobody_left_ends_the_segment() {
    let mut room = Room::on_the_floor();
    room.press(Command::Next, 70)
        .press(Command::Next, 100)
        .press(Command::Next, 130);
    assert_eq!(room.view(140).waiting, 0);
    assert_eq!(room.view(140).next, None);
    room.press(Command::Next, 150);
    assert_eq!(room.run.phase, Phase::Running(2), "on to the closing");
    assert_eq!(room.run.at(t(160)).floor, None);
    assert_eq!(room.spoken(160).last().unwrap(), &("Iraq".to_owned(), 20));
}

#[test]
fn the_floor_handed_back_to_the_chair_stops_the_speaker_not_the_segment() {
    let mut room = Room::on_the_floor();
    room.press(Command::Next, 70)
        .floor(FloorCommand::Chair, 100);
    assert_eq!(room.view(130).speaker, None);
    assert_eq!(
        room.run.at(t(130)).left,
        600 - 70,
        "the segment's time goes on"
    );
    assert_eq!(
        room.refused(
            Command::Floor {
                segment: FLOOR,
                command: FloorCommand::Chair
            },
            131
        ),
        "the chair already holds the floor"
    );
    room.press(Command::Next, 160);
    assert_eq!(
        room.spoken(170),
        [
            ("Cambodia".to_owned(), 30),
            ("European Union".to_owned(), 10)
        ]
    );
}

#[test]
fn a_pause_is_not_charged_to_the_speaker() {
    let mut room = Room::on_the_floor();
    room.press(Command::Next, 70);
    room.press(Command::StartOrPause, 100);
    assert_eq!(room.speaker(130).countdown, Countdown::Paused);
    assert_eq!(room.speaker(130).left, 150);
    room.press(Command::StartOrPause, 160);
    assert_eq!(room.speaker(170).left, 140);
}

#[test]
fn a_point_of_order_freezes_the_speaker_and_gives_back_exactly_their_time() {
    let mut room = Room::on_the_floor();
    room.press(Command::Next, 70);
    room.floor(FloorCommand::Order, 100);
    let view = room.view(145);
    assert_eq!(view.order, Some(45));
    assert_eq!(view.speaker.unwrap().left, 150, "frozen at 2:30");
    assert_eq!(
        room.refused(Command::Next, 146),
        "a point of order is on: o ends it first"
    );
    room.floor(FloorCommand::Order, 160);
    assert_eq!(room.view(160).order, None);
    assert_eq!(room.speaker(160).left, 150, "the same 2:30");
    assert_eq!(room.speaker(170).left, 140);
    room.press(Command::Next, 170);
    let i = room.run.position(FLOOR).unwrap();
    let first = &room.run.interventions(i, t(170))[0];
    assert_eq!((first.spoke, first.interrupted, first.orders), (40, 60, 1));
    // The segment's time ran through it.
    assert_eq!(room.run.at(t(170)).left, 600 - 110);
}

#[test]
fn a_point_of_order_during_a_pause_is_counted_once() {
    let mut room = Room::on_the_floor();
    room.press(Command::Next, 70);
    room.press(Command::StartOrPause, 100);
    room.floor(FloorCommand::Order, 110);
    room.press(Command::StartOrPause, 130);
    room.floor(FloorCommand::Order, 150);
    assert_eq!(room.speaker(160).left, 180 - 30 - 10);
    room.press(Command::Next, 160);
    let i = room.run.position(FLOOR).unwrap();
    let first = &room.run.interventions(i, t(160))[0];
    assert_eq!((first.spoke, first.paused, first.interrupted), (40, 30, 20));
    assert_eq!(
        first.spoke + first.paused + first.interrupted,
        90,
        "every second told once"
    );
}

#[test]
fn plus_and_minus_give_the_segment_time_not_the_speaker() {
    let mut room = Room::on_the_floor();
    room.press(Command::Next, 70);
    room.press(Command::Adjust(60), 80)
        .press(Command::Adjust(-120), 90);
    assert_eq!(room.run.at(t(100)).allowed, 600 - 60);
    assert_eq!(room.speaker(100).left, 150);
    room.press(Command::Undo, 110);
    assert_eq!(room.run.at(t(120)).allowed, 660);
    assert_eq!(room.speaker(120).left, 130);
}

#[test]
fn undo_of_a_call_gives_the_floor_back_to_the_speaker_before_with_their_time() {
    let mut room = Room::on_the_floor();
    room.press(Command::Next, 70).press(Command::Next, 130);
    assert_eq!(room.speaker(140).number, 2);
    room.press(Command::Undo, 140);
    let s = room.speaker(150);
    assert_eq!(s.number, 1);
    assert_eq!(s.left, 180 - 80, "as if never interrupted");
    assert_eq!(room.run.undo_label(), Some("call Cambodia"));
    room.press(Command::Redo, 150);
    assert_eq!(room.speaker(160).number, 2);
    assert_eq!(room.speaker(160).elapsed, 30, "the call as it was made");
}

#[test]
fn add_strike_move_and_change_each_undo() {
    let mut room = Room::on_the_floor();
    room.floor(
        FloorCommand::Add {
            after: None,
            name: "  ប្រទេសកម្ពុជា\u{1b}[2J ".to_owned(),
            kind: Some("question".to_owned()),
            limit_seconds: None,
        },
        61,
    );
    assert_eq!(
        room.names(),
        ["Cambodia", "European Union", "Iraq", "ប្រទេសកម្ពុជា␛[2J"]
    );
    room.floor(FloorCommand::ToggleStrike(1), 62);
    assert_eq!(room.view(62).waiting, 3);
    assert_eq!(room.names()[1], "~European Union");
    room.floor(FloorCommand::Move { entry: 3, up: true }, 63);
    assert_eq!(
        room.names(),
        ["Cambodia", "~European Union", "ប្រទេសកម្ពុជា␛[2J", "Iraq"]
    );
    room.floor(
        FloorCommand::Change {
            entry: 3,
            change: EntryChange {
                name: Some("Таджикистон".to_owned()),
                limit_seconds: Some(90),
                ..EntryChange::default()
            },
        },
        64,
    );
    assert_eq!(room.names()[2], "Таджикистон");
    let i = room.run.position(FLOOR).unwrap();
    assert_eq!(room.run.floor(i).unwrap().entry_at(2).limit_seconds, 90);
    for (label, names) in [
        (
            "change ប្រទេសកម្ពុជា␛[2J",
            vec!["Cambodia", "~European Union", "ប្រទេសកម្ពុជា␛[2J", "Iraq"],
        ),
        (
            "move ប្រទេសកម្ពុជា␛[2J",
            vec!["Cambodia", "~European Union", "Iraq", "ប្រទេសកម្ពុជា␛[2J"],
        ),
        (
            "strike European Union",
            vec!["Cambodia", "European Union", "Iraq", "ប្រទេសកម្ពុជា␛[2J"],
        ),
        (
            "add ប្រទេសកម្ពុជា␛[2J to the list",
            vec!["Cambodia", "European Union", "Iraq"],
        ),
    ] {
        assert_eq!(room.run.undo_label(), Some(label));
        room.press(Command::Undo, 65);
        assert_eq!(room.names(), names);
    }
}

#[test]
fn a_struck_speaker_is_never_called() {
    let mut room = Room::on_the_floor();
    room.floor(FloorCommand::ToggleStrike(0), 61);
    room.press(Command::Next, 70);
    assert_eq!(room.speaker(80).number, 1, "the first not struck");
    assert_eq!(room.speaker(80).of, 2);
    assert_eq!(room.spoken(80)[0].0, "European Union");
}

#[test]
fn an_edit_of_the_rundown_interleaves_with_the_floor_in_one_history() {
    let mut room = Room::on_the_floor();
    room.press(Command::Next, 70);
    room.press(Command::ToggleSkip(2), 80);
    room.press(Command::Next, 90);
    room.press(Command::Undo, 100);
    assert_eq!(room.speaker(100).number, 1, "the call undone first");
    room.press(Command::Undo, 100);
    assert!(!room.run.rundown[2].skipped, "then the skip");
    room.press(Command::Undo, 100);
    assert_eq!(room.view(100).speaker, None, "then the first call");
}

#[test]
fn bad_input_from_the_floor_is_refused_in_one_line() {
    let room = Room::on_the_floor();
    let add = |name: &str, kind: Option<&str>, limit| Command::Floor {
        segment: FLOOR,
        command: FloorCommand::Add {
            after: None,
            name: name.to_owned(),
            kind: kind.map(str::to_owned),
            limit_seconds: limit,
        },
    };
    assert_eq!(
        room.refused(add(" \t", None, None), 61),
        "a speaker needs a name"
    );
    assert_eq!(
        room.refused(add("X", Some("speech"), None), 61),
        "no kind of intervention is called speech"
    );
    assert_eq!(
        room.refused(add("X", None, Some(0)), 61),
        "a speaker's limit must be more than zero"
    );
    assert_eq!(
        room.refused(add("X", None, Some(5 * 3600)), 61),
        "a limit of 5h is not a speaker's: at most 1h"
    );
    assert_eq!(
        room.refused(
            Command::Floor {
                segment: 0,
                command: FloorCommand::Order
            },
            61
        ),
        "that segment is not a floor"
    );
}

#[test]
fn back_out_of_a_floor_leaves_its_list_as_inscribed() {
    let mut room = Room::on_the_floor();
    room.press(Command::Next, 70).press(Command::Back, 80);
    assert_eq!(room.run.phase, Phase::Running(0));
    let i = room.run.position(FLOOR).unwrap();
    assert!(room.run.interventions(i, t(90)).is_empty());
    room.press(Command::Next, 90);
    assert_eq!(room.view(95).speaker, None, "the chair holds it again");
    assert_eq!(room.view(95).waiting, 3);
}

#[test]
fn names_added_at_once_come_last_with_the_floor_s_kind_and_undo_as_one() {
    let mut room = Room::on_the_floor();
    room.press(Command::Next, 61);
    let names = ["Тоҷикистон", "العراق", "中国"].map(str::to_owned).to_vec();
    room.floor(FloorCommand::AddMany(names), 70);
    assert_eq!(
        room.names(),
        [
            "Cambodia",
            "European Union",
            "Iraq",
            "Тоҷикистон",
            "العراق",
            "中国"
        ]
    );
    let i = room.run.position(FLOOR).unwrap();
    let floor = room.run.floor(i).unwrap();
    assert_eq!(floor.entry_at(4).kind, "statement", "the floor's kind");
    assert_eq!(floor.entry_at(4).limit_seconds, 180);
    assert_eq!(room.view(70).waiting, 5, "Cambodia speaks, five to come");
    room.press(Command::Undo, 80);
    assert_eq!(room.names(), ["Cambodia", "European Union", "Iraq"]);
    assert_eq!(
        room.speaker(80).index,
        0,
        "the call before the paste stands"
    );
    room.press(Command::Redo, 81);
    assert_eq!(room.names().len(), 6);
    room.press(Command::Undo, 82).press(Command::Undo, 83);
    assert!(room.view(83).speaker.is_none(), "then the call is undone");
}

#[test]
fn names_that_would_overfill_the_list_or_are_blank_are_refused_whole() {
    let room = Room::on_the_floor();
    let add = |names: Vec<String>| Command::Floor {
        segment: FLOOR,
        command: FloorCommand::AddMany(names),
    };
    assert_eq!(
        room.refused(add(vec!["X".to_owned(); 498]), 61),
        "498 names would not fit: the list holds 3 and a floor at most 500"
    );
    assert_eq!(
        room.refused(add(vec!["Chile".to_owned(), " ".to_owned()]), 61),
        "a speaker needs a name"
    );
    assert_eq!(room.refused(add(Vec::new()), 61), "no names to add");
    // Too long for one journal line: refused, never half recorded.
    let long = vec!["ប្រទេសកម្ពុជា".repeat(6); 400];
    assert_eq!(
        room.refused(add(long), 61),
        "400 names are too long for one change (101 KiB): paste them in two or more parts"
    );
    room.run
        .event_for(
            add(vec![
                "ប្រទេសកម្ពុជា".repeat(6);
                200
            ]),
            t(61),
        )
        .expect("200 such names fit");
}
