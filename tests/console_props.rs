//! Whatever a timekeeper presses, in whatever order and at whatever time,
//! the console draws every screen at every size without a panic, and what it
//! draws agrees with the run: the finish screen, the rundown and the reports
//! name each segment by the rundown as it stood, not the plan as filed.

use chrono::{DateTime, TimeDelta};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use timekeeper::console::app::{App, EditKey, Input, Intent};
use timekeeper::console::screen;
use timekeeper::plan;
use timekeeper::run::{Command, Mode, Run, Time};
use unicode_width::UnicodeWidthStr;

const PLAN: &str = r#"
title = "Props"
start = "10:00"
[messages]
wrap = "{left}, {speaker}: {next_speaker} is next"
[[segments]]
title = "Alpha"
speaker = "Ms. A"
duration = "2m"
[[segments]]
title = "Beta"
duration = "3m"
flexible = true
[[segments]]
title = "Gamma"
speaker = "Mr. G"
duration = "90s"
notes = "Notes of Gamma"
[[segments]]
title = "Delta"
duration = "4m"
flexible = true
"#;

/// Every intent a key or a remote can give, with what the editor and the
/// prompt take.
fn intent() -> impl Strategy<Value = Intent> {
    prop_oneof![
        6 => Just(Intent::Run(Command::StartOrPause)),
        8 => Just(Intent::Run(Command::Next)),
        2 => Just(Intent::Run(Command::Back)),
        2 => Just(Intent::Run(Command::Adjust(60))),
        2 => Just(Intent::Run(Command::Adjust(-60))),
        2 => Just(Intent::Run(Command::Undo)),
        1 => Just(Intent::Run(Command::Redo)),
        1 => Just(Intent::Run(Command::Flash)),
        1 => Just(Intent::Run(Command::ClearMessage)),
        1 => Just(Intent::Run(Command::End)),
        2 => Just(Intent::ApplySuggestion),
        1 => Just(Intent::ToggleStage),
        1 => Just(Intent::ToggleNotes),
        1 => Just(Intent::ToggleHelp),
        1 => Just(Intent::ToggleBell),
        1 => Just(Intent::Quit),
        1 => Just(Intent::Dismiss),
        1 => Just(Intent::OpenPrompt),
        1 => Just(Intent::SendPreset(0)),
        2 => Just(Intent::OpenEditor),
        2 => prop_oneof![
            Just(EditKey::Up),
            Just(EditKey::Down),
            Just(EditKey::Skip),
            Just(EditKey::MoveUp),
            Just(EditKey::MoveDown),
            Just(EditKey::Insert),
            Just(EditKey::Change),
            Just(EditKey::Undo),
            Just(EditKey::Leave),
        ]
        .prop_map(Intent::Edit),
        3 => prop_oneof![
            any::<char>().prop_map(Input::Char),
            Just(Input::Char('3')),
            Just(Input::Backspace),
            Just(Input::Submit),
            Just(Input::Cancel),
            Just(Input::Next),
        ]
        .prop_map(Intent::Input),
    ]
}

fn start() -> Time {
    DateTime::parse_from_rfc3339("2026-11-27T09:59:00+01:00").unwrap()
}

const SIZES: [(u16, u16); 6] = [(120, 40), (80, 24), (60, 16), (30, 8), (12, 3), (1, 1)];

fn draw_all(app: &App, now: Time) -> Vec<String> {
    SIZES
        .iter()
        .map(|&(w, h)| {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal
                .draw(|frame| screen::draw(app, now, frame.area(), frame.buffer_mut()))
                .unwrap();
            let buffer = terminal.backend().buffer();
            (0..h)
                .map(|y| {
                    // A wide character's second cell is not text of its own.
                    let mut line = String::new();
                    let mut x = 0;
                    while x < w {
                        let symbol = buffer[(x, y)].symbol();
                        line.push_str(symbol);
                        x += u16::try_from(UnicodeWidthStr::width(symbol).max(1)).unwrap_or(1);
                    }
                    line
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_screen_draws_at_every_size_whatever_was_pressed(
        presses in proptest::collection::vec((intent(), 0i64..200_000), 0..80),
    ) {
        let plan = plan::parse(PLAN, "props.toml", "props").unwrap();
        let mut app = App::new(Run::new(plan, Mode::Live));
        let mut now = start();
        for (intent, gap) in presses {
            now += TimeDelta::milliseconds(gap);
            for event in app.handle(intent, now).events() {
                app.commit(event);
            }
            draw_all(&app, now);
        }
        // Run the session out, and look at its finish screen.
        for _ in 0..12 {
            now += TimeDelta::seconds(70);
            app.ui.overlay = None;
            for event in app.handle(Intent::Run(Command::Next), now).events() {
                app.commit(event);
            }
        }
        let screens = draw_all(&app, now + TimeDelta::seconds(1));
        if app.run.is_closed() && !app.ui.stage {
            // The finish screen names the segments by the rundown as run.
            let finish = &screens[0];
            for (i, slot) in app.run.rundown.iter().enumerate().take(12) {
                let label = format!("{} {}", i + 1, slot.segment.title);
                prop_assert!(finish.contains(&label), "{label:?} missing:\n{finish}");
            }
        }
    }
}
