//! The floor from the web: the API's floor commands, carried out by the
//! console as keys are (journalled with their source), and what the stage
//! page is told of the floor speaker: their own anchors, the room's pauses
//! and the points of order merged so no second is taken twice.

use chrono::{DateTime, TimeDelta};
use timekeeper::console::app::{App, FloorIntent, Intent};
use timekeeper::console::remote;
use timekeeper::plan;
use timekeeper::run::{Action, Command, Mode, Run, Source, Time};
use timekeeper::web::state::Pages;

const PLAN: &str = r#"
title = "Web floor"
[kinds]
statement = { time = "2m", amber = "30s", red = "10s" }
[[segments]]
title = "Debate"
speaker = "The Chair"
duration = "10m"
floor = true
[[segments.list]]
name = "Andorra"
[[segments.list]]
name = "Belize"
"#;

fn t(s: i64) -> Time {
    DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap() + TimeDelta::seconds(s)
}

/// Carries out an intent from `source` as the driver does: the effects
/// recorded, then committed.
fn act(app: &mut App, intent: Intent, s: i64, source: Source) -> Vec<Action> {
    let mut recorded = Vec::new();
    for event in app.handle_from(intent, t(s), source).events() {
        assert_eq!(event.source, source);
        recorded.push(event.action.clone());
        app.commit(event);
    }
    recorded
}

#[test]
fn the_api_names_the_floor_commands() {
    for (name, body, intent) in [
        ("chair", &b""[..], Intent::Floor(FloorIntent::Chair)),
        ("point-of-order", b"", Intent::Floor(FloorIntent::Order)),
        ("strike-next", b"", Intent::Floor(FloorIntent::StrikeNext)),
        (
            "add-speaker",
            b"  Chile \n",
            Intent::Floor(FloorIntent::AddSpeaker("Chile".to_owned())),
        ),
        (
            "add-speaker",
            r#"{"name": "Тоҷикистон"}"#.as_bytes(),
            Intent::Floor(FloorIntent::AddSpeaker("Тоҷикистон".to_owned())),
        ),
    ] {
        let parsed = remote::parse(name, body).unwrap();
        assert_eq!(parsed, intent);
        assert_eq!(remote::name_of(&parsed).as_deref(), Some(name));
        assert!(remote::command_names().contains(&name), "{name} is listed");
    }
    assert!(remote::parse("add-speaker", br#"{"who": "x"}"#).is_err());
}

#[test]
fn web_commands_drive_the_floor_and_are_journalled_from_the_web() {
    let plan = plan::parse(PLAN, "w.toml", "w").unwrap();
    let mut app = App::new(Run::new(plan, Mode::Live));
    act(
        &mut app,
        Intent::Run(Command::StartOrPause),
        0,
        Source::Console,
    );
    let added = act(
        &mut app,
        Intent::Floor(FloorIntent::AddSpeaker("Chile".to_owned())),
        5,
        Source::Web,
    );
    assert!(
        matches!(&added[..], [Action::FloorAdd { name, .. }] if name == "Chile"),
        "{added:?}"
    );
    let struck = act(
        &mut app,
        Intent::Floor(FloorIntent::StrikeNext),
        6,
        Source::Web,
    );
    assert!(
        matches!(struck[..], [Action::FloorStrike { entry: 0, .. }]),
        "{struck:?}"
    );
    let called = act(&mut app, Intent::Run(Command::Next), 10, Source::Web);
    assert!(
        matches!(called[..], [Action::FloorCall { entry: 1, .. }]),
        "Belize: {called:?}"
    );
    act(&mut app, Intent::Floor(FloorIntent::Order), 40, Source::Web);
    // Refused while the point of order is on, with the console's reason.
    let refused = app.handle_from(Intent::Floor(FloorIntent::Chair), t(41), Source::Web);
    assert_eq!(refused.events().count(), 0);
    assert_eq!(
        refused.refused.as_deref(),
        Some("a point of order is on: o ends it first")
    );
    act(&mut app, Intent::Floor(FloorIntent::Order), 60, Source::Web);
    let chair = act(&mut app, Intent::Floor(FloorIntent::Chair), 70, Source::Web);
    assert!(
        matches!(chair[..], [Action::FloorChair { .. }]),
        "{chair:?}"
    );
}

#[test]
fn the_stage_page_gets_the_speaker_s_own_anchors() {
    let plan = plan::parse(PLAN, "w.toml", "w").unwrap();
    let mut app = App::new(Run::new(plan, Mode::Live));
    act(
        &mut app,
        Intent::Run(Command::StartOrPause),
        0,
        Source::Console,
    );
    let chair = Pages::of(&app.run, t(5)).stage;
    assert_eq!(chair.floor, None, "the chair's time is the segment's");
    assert_eq!(
        chair.next.as_deref(),
        Some("Andorra"),
        "the next on the list"
    );
    assert!(chair.on_floor);
    act(&mut app, Intent::Run(Command::Next), 10, Source::Console);
    // A pause, and a point of order raised during it and ending after it.
    act(
        &mut app,
        Intent::Run(Command::StartOrPause),
        30,
        Source::Console,
    );
    act(
        &mut app,
        Intent::Floor(FloorIntent::Order),
        40,
        Source::Console,
    );
    let during = Pages::of(&app.run, t(45)).stage.floor.unwrap();
    assert_eq!(during.order, Some(t(40).timestamp()));
    act(
        &mut app,
        Intent::Run(Command::StartOrPause),
        50,
        Source::Console,
    );
    act(
        &mut app,
        Intent::Floor(FloorIntent::Order),
        70,
        Source::Console,
    );
    let stage = Pages::of(&app.run, t(80)).stage;
    let floor = stage.floor.unwrap();
    assert_eq!(floor.speaker, "Andorra");
    assert_eq!(floor.next.as_deref(), Some("Belize"));
    assert_eq!((floor.allowed, floor.amber, floor.red), (120, 30, 10));
    assert_eq!(floor.start, Some(t(10).timestamp()));
    assert_eq!(
        floor.pauses,
        vec![(t(30).timestamp(), Some(t(70).timestamp()))]
    );
    assert_eq!(floor.order, None);
    // The page's arithmetic on these anchors gives what the console shows.
    let spoken = 80 - 10 - (70 - 30);
    let console = app.run.at(t(80)).floor.unwrap().speaker.unwrap();
    assert_eq!(console.elapsed, spoken);
}

#[test]
fn the_remote_s_apply_button_fits_a_list_too_long_and_says_so_first() {
    // Six inscribed at 2:00 for a 10-minute debate: 12:00 for 10:00.
    let mut source = PLAN.to_owned();
    for name in ["Chile", "Denmark", "Egypt", "Fiji"] {
        source.push_str("[[segments.list]]\nname = \"");
        source.push_str(name);
        source.push_str("\"\n");
    }
    let plan = plan::parse(&source, "w.toml", "w").unwrap();
    let mut app = App::new(Run::new(plan, Mode::Live));
    act(
        &mut app,
        Intent::Run(Command::StartOrPause),
        0,
        Source::Console,
    );
    let pages = Pages::of(&app.run, t(1));
    let sg = pages.rundown.suggestion.expect("a suggestion");
    assert_eq!(sg.kind, "fit");
    assert!(sg.applicable);
    assert_eq!(sg.text, "6 still to speak, 9:59 left: 1:40 each");
    assert_eq!(
        remote::parse("apply-suggestion", b"").unwrap(),
        Intent::ApplySuggestion
    );
    let applied = act(&mut app, Intent::ApplySuggestion, 1, Source::Web);
    assert!(
        matches!(
            &applied[..],
            [Action::FloorFit { limit_seconds: Some(100), entries, .. }] if entries.len() == 6
        ),
        "{applied:?}"
    );
    assert_eq!(Pages::of(&app.run, t(2)).rundown.suggestion, None);
    // The one history takes it back, from the web too.
    act(&mut app, Intent::Run(Command::Undo), 3, Source::Web);
    assert!(Pages::of(&app.run, t(3)).rundown.suggestion.is_some());
}

/// A preset sent while a delegation holds the floor speaks of them: their
/// name, their own time left against their limit (not the segment's), and
/// the next on the list; while the chair holds it, the chair and the
/// segment's time.
#[test]
fn a_preset_sent_on_a_floor_speaks_of_the_speaker_and_their_own_time() {
    let source =
        format!("{PLAN}[messages]\nwho = \"{{speaker}}: {{left}}, then {{next_speaker}}\"\n");
    let plan = plan::parse(&source, "w.toml", "w").unwrap();
    let mut app = App::new(Run::new(plan, Mode::Live));
    let message = |app: &App| app.run.message.as_ref().map(|m| m.text.clone());
    act(
        &mut app,
        Intent::Run(Command::StartOrPause),
        0,
        Source::Console,
    );
    act(&mut app, Intent::SendPreset(0), 5, Source::Web);
    assert_eq!(
        message(&app).as_deref(),
        Some("The Chair: 9:55 left, then Andorra")
    );
    act(&mut app, Intent::Run(Command::Next), 20, Source::Console);
    act(&mut app, Intent::SendPreset(0), 50, Source::Web);
    assert_eq!(
        message(&app).as_deref(),
        Some("Andorra: 1:30 left, then Belize"),
        "Andorra's 2:00 less the 30 s they have spoken"
    );
}
