//! Names pasted into the speakers' list, as the timekeeper sees them: the
//! box asking before anything is added, at 80x24 (snapshotted) and with a
//! list longer than the screen.

use chrono::{DateTime, TimeDelta};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use timekeeper::console::app::{App, EditKey, FloorIntent, Input, Intent};
use timekeeper::plan;
use timekeeper::run::{Command, Mode, Run, Time};

struct Console {
    app: App,
    now: Time,
}

impl Console {
    /// The seed plenary's floor, opened at 10:55 with the chair holding it,
    /// its list open.
    fn in_the_list() -> Self {
        let source = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sessions/plenary-3-floor.toml"
        ))
        .unwrap();
        let mut plan = plan::parse(&source, "plenary-3-floor.toml", "plenary-3-floor").unwrap();
        plan.date = None;
        let mut c = Self {
            app: App::new(Run::new(plan, Mode::Live)),
            now: DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap(),
        };
        c.press(Intent::Run(Command::StartOrPause));
        for minutes in [10, 15, 15, 15] {
            c.now += TimeDelta::minutes(minutes);
            c.press(Intent::Run(Command::Next));
        }
        c.now += TimeDelta::seconds(25);
        c.press(Intent::Floor(FloorIntent::OpenList))
            .press(Intent::Edit(EditKey::Paste));
        c
    }

    fn press(&mut self, intent: Intent) -> &mut Self {
        for event in self.app.handle(intent, self.now).events() {
            self.app.commit(event);
        }
        self
    }

    fn screen(&self, width: u16, height: u16) -> Terminal<TestBackend> {
        crate::common::screen::drawn(&self.app, self.now, width, height)
    }

    fn text(&self, width: u16, height: u16) -> String {
        crate::common::screen::text(&self.screen(width, height))
    }
}

#[test]
fn pasted_names_are_each_shown_before_they_are_added() {
    let mut c = Console::in_the_list();
    c.press(Intent::Paste(
        "List of speakers\n1. Тоҷикистон\n2. العراق\n3. 中国\n4. កម្ពុជា\n5. Chile\n".to_owned(),
    ));
    insta::assert_snapshot!("paste_confirm_80x24", c.screen(80, 24).backend());
    let text = c.text(80, 24);
    for shown in [
        "Add 5 names at the end of the list, each a statement of 3:00?",
        "6. Тоҷикистон",
        "10. Chile",
        "PASTE Enter adds them all · Esc discards",
    ] {
        assert!(text.contains(shown), "{shown:?} not on screen:\n{text}");
    }
}

#[test]
fn a_long_paste_keeps_its_last_names_in_sight_while_more_are_typed() {
    let mut c = Console::in_the_list();
    let names: Vec<String> = (1..=40).map(|i| format!("Delegation {i}")).collect();
    c.press(Intent::Paste(names.join("\n")));
    c.now += TimeDelta::seconds(1);
    for ch in "Peru".chars() {
        c.press(Intent::Input(Input::Char(ch)));
    }
    let text = c.text(80, 24);
    assert!(text.contains("40 names so far"), "{text}");
    assert!(text.contains("more above"), "{text}");
    assert!(text.contains("45. Delegation 40"), "{text}");
    assert!(text.contains("Peru▏"), "{text}");
}
