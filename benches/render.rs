//! One full console frame (snapshot, recovery suggestion, layout, widgets and
//! ratatui's diff against the previous frame) for the seed plenary and for a
//! 600-segment plan, at 120x40. Target: under 1 ms.

use std::fmt::Write as _;

use chrono::{DateTime, TimeDelta};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use timekeeper::console::app::App;
use timekeeper::console::screen as view;
use timekeeper::plan::{self, Plan};
use timekeeper::run::{Command, Mode, Run, Time};

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

fn frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame_120x40");
    for (name, (app, now)) in [
        ("plenary", started(Plan::builtin(), 2)),
        ("600_segments", started(long_plan(), 300)),
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

criterion_group!(benches, frame);
criterion_main!(benches);
