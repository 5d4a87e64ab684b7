//! One full console frame (snapshot, recovery suggestion, layout, widgets and
//! ratatui's diff against the previous frame) for the seed plenary, for a
//! 600-segment plan and for a floor of 200 inscribed (its list editor open
//! too), at 120x40. Target: under 1 ms. And folding a journal of 2,000
//! floor events (calls, points of order, list edits, undos), as a console
//! resuming a run does. Target: under 10 ms.

use std::fmt::Write as _;

use chrono::{DateTime, TimeDelta};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use timekeeper::console::app::{App, FloorIntent, Intent};
use timekeeper::console::screen as view;
use timekeeper::plan::{self, Plan};
use timekeeper::run::{Command, Event, FloorCommand, Mode, Run, Time};

fn started(plan: Plan, segments_done: usize) -> (App, Time) {
    let mut run = Run::new(plan, Mode::Live);
    let mut now = DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap();
    let start = run.event_for(Command::StartOrPause, now).unwrap();
    run.apply(&start);
    for _ in 0..segments_done {
        now += TimeDelta::seconds(61);
        let next = run.event_for(Command::Next, now).unwrap();
        run.apply(&next);
    }
    (App::new(run), now + TimeDelta::seconds(30))
}

fn long_plan() -> Plan {
    let mut source = String::from("title = \"Six hundred\"\nstart = \"09:00\"\n");
    for i in 1..=600 {
        writeln!(
            source,
            "[[segments]]\ntitle = \"Item {i}\"\nspeaker = \"Speaker {i}\"\nduration = \"1m\"\nflexible = {}",
            i % 7 == 0
        )
        .unwrap();
    }
    plan::parse(&source, "long.toml", "long").unwrap()
}

/// A floor of `entries` inscribed, 20 minutes long.
fn floor_plan(entries: usize) -> Plan {
    let mut source = String::from(
        "title = \"Floor\"\nstart = \"09:00\"\n[kinds]\nstatement = \"3m\"\nreply = \"1m\"\n[[segments]]\ntitle = \"Opening\"\nduration = \"1m\"\n[[segments]]\ntitle = \"General debate\"\nspeaker = \"The Chair\"\nduration = \"10h\"\nfloor = true\n",
    );
    for i in 1..=entries {
        let kind = if i % 5 == 0 { "reply" } else { "statement" };
        writeln!(
            source,
            "[[segments.list]]\nname = \"Delegation {i}\"\nkind = \"{kind}\""
        )
        .unwrap();
    }
    plan::parse(&source, "floor.toml", "floor").unwrap()
}

/// A floor of 200 opened, its 100th speaker on the floor.
fn on_the_floor(list_open: bool) -> (App, Time) {
    let (mut app, now) = started(floor_plan(200), 1);
    let mut at = now;
    for _ in 0..100 {
        at += TimeDelta::seconds(30);
        let call = app.run.event_for(Command::Next, at).unwrap();
        app.run.apply(&call);
    }
    if list_open {
        app.handle(Intent::Floor(FloorIntent::OpenList), at);
    }
    (app, at + TimeDelta::seconds(10))
}

/// The events of a floor session: 2,000 of calls, points of order, list
/// edits and undos, on a floor of 200, as the console decides them.
fn floor_events() -> (Plan, Vec<Event>) {
    let plan = floor_plan(200);
    let mut run = Run::new(plan.clone(), Mode::Live);
    let mut at = DateTime::parse_from_rfc3339("2026-11-27T09:00:00+01:00").unwrap();
    let mut events = Vec::new();
    let push = |run: &mut Run, events: &mut Vec<Event>, command: Command, at: Time| {
        if let Ok(e) = run.event_for(command, at) {
            run.apply(&e);
            events.push(e);
        }
    };
    push(&mut run, &mut events, Command::StartOrPause, at);
    push(&mut run, &mut events, Command::Next, at);
    let floor = |command| Command::Floor {
        segment: 1,
        command,
    };
    let mut i = 0;
    while events.len() < 2000 {
        i += 1;
        at += TimeDelta::seconds(7);
        let command = match i % 10 {
            0 | 5 => Command::Next,
            1 | 2 => floor(FloorCommand::Order),
            3 => floor(FloorCommand::Add {
                after: None,
                name: format!("Late {i}"),
                kind: None,
                limit_seconds: None,
            }),
            4 => floor(FloorCommand::ToggleStrike(150 + i % 40)),
            6 => floor(FloorCommand::Move {
                entry: 160 + i % 30,
                up: true,
            }),
            7 => Command::Undo,
            _ => Command::StartOrPause,
        };
        push(&mut run, &mut events, command, at);
    }
    (plan, events)
}

fn fold(c: &mut Criterion) {
    let (plan, events) = floor_events();
    c.bench_function("fold_2000_floor_events", |b| {
        b.iter(|| Run::replay(plan.clone(), Mode::Live, &events));
    });
}

fn frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame_120x40");
    for (name, (app, now)) in [
        ("plenary", started(Plan::builtin(), 2)),
        ("600_segments", started(long_plan(), 300)),
        ("floor_200", on_the_floor(false)),
        ("floor_200_list", on_the_floor(true)),
    ] {
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let mut second = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                // A new second each frame, as the console draws them.
                second += 1;
                let at = now + TimeDelta::seconds(second % 3600);
                terminal
                    .draw(|f| view::draw(&app, at, f.area(), f.buffer_mut()))
                    .unwrap();
            });
        });
    }
    group.finish();
}

criterion_group!(benches, frame, fold);
criterion_main!(benches);
