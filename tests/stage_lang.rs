//! The terminal stage in the speaker's language: the console's `s` view
//! rendered to ratatui's `TestBackend`, in French and Russian (snapshots),
//! switching language as the floor passes from one delegation to the next,
//! Arabic shown with the English words, and names in Chinese at their real
//! width.

use chrono::{DateTime, TimeDelta};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use timekeeper::console::app::{App, Intent};
use timekeeper::plan;
use timekeeper::run::{Command, Mode, Run, Time};

/// Two segments (the first in the plan's language, the second with its
/// own), then a floor of three delegations, each with theirs.
const PLAN: &str = r#"
title = "Plenary"
lang = "fr"
[kinds]
statement = { time = "3m", amber = "1m", red = "15s" }
[[segments]]
title = "Ouverture"
speaker = "Mme Dupont"
duration = "10m"
[[segments]]
title = "Доклад"
speaker = "Г-н Иванов"
duration = "10m"
lang = "ru"
[[segments]]
title = "Discussion"
speaker = "Chair"
duration = "15m"
floor = true
lang = "en"
[[segments.list]]
name = "中国"
lang = "zh"
[[segments.list]]
name = "مصر"
lang = "ar"
[[segments.list]]
name = "Argentina"
lang = "es"
"#;

struct Console {
    app: App,
    now: Time,
}

impl Console {
    fn new() -> Self {
        let mut plan = plan::parse(PLAN, "lang.toml", "lang").unwrap();
        plan.date = None;
        let mut console = Self {
            app: App::new(Run::new(plan, Mode::Live)),
            now: DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap(),
        };
        console.press(Intent::ToggleStage);
        console
    }

    fn press(&mut self, intent: Intent) -> &mut Self {
        for event in self.app.handle(intent, self.now).events() {
            self.app.commit(event);
        }
        self
    }

    fn run(&mut self, command: Command) -> &mut Self {
        self.press(Intent::Run(command))
    }

    fn wait(&mut self, seconds: i64) -> &mut Self {
        self.now += TimeDelta::seconds(seconds);
        self
    }

    fn screen(&self, width: u16, height: u16) -> Terminal<TestBackend> {
        crate::common::screen::drawn(&self.app, self.now, width, height)
    }

    fn text(&self, width: u16, height: u16) -> String {
        let buffer = self.screen(width, height).backend().buffer().clone();
        (0..height)
            .map(|y| {
                let mut line = String::new();
                let mut x = 0;
                while x < width {
                    let symbol = buffer[(x, y)].symbol();
                    line.push_str(symbol);
                    // A wide character's second cell is drawn by the first.
                    x += u16::try_from(timekeeper::text::width(symbol).max(1)).unwrap();
                }
                line
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[test]
fn a_french_speaker_reads_the_stage_in_french() {
    let mut c = Console::new();
    c.run(Command::StartOrPause).wait(60);
    let text = c.text(80, 24);
    assert!(text.contains("DANS LES TEMPS"), "{text}");
    assert!(text.contains("Suivant\u{a0}: Г-н Иванов"), "{text}");
    insta::assert_snapshot!("stage_fr_on_time_80x24", c.screen(80, 24).backend());
    c.wait(8 * 60 + 10);
    insta::assert_snapshot!("stage_fr_amber_80x24", c.screen(80, 24).backend());
    c.wait(65);
    let text = c.text(80, 24);
    assert!(text.contains("TEMPS DÉPASSÉ +0:15"), "{text}");
    insta::assert_snapshot!("stage_fr_over_80x24", c.screen(80, 24).backend());
}

#[test]
fn a_russian_speaker_reads_the_stage_in_russian() {
    let mut c = Console::new();
    c.run(Command::StartOrPause)
        .wait(600)
        .run(Command::Next)
        .wait(30);
    let text = c.text(80, 24);
    assert!(text.contains("В РЕГЛАМЕНТЕ"), "{text}");
    assert!(text.contains("Далее: Chair"), "{text}");
    insta::assert_snapshot!("stage_ru_on_time_80x24", c.screen(80, 24).backend());
    c.wait(9 * 60);
    let text = c.text(80, 24);
    assert!(text.contains("ПРОСЬБА ЗАВЕРШИТЬ"), "{text}");
    insta::assert_snapshot!("stage_ru_red_80x24", c.screen(80, 24).backend());
}

#[test]
fn the_stage_changes_language_with_the_delegation_at_the_microphone() {
    let mut c = Console::new();
    c.run(Command::StartOrPause)
        .wait(600)
        .run(Command::Next)
        .wait(600)
        .run(Command::Next)
        .wait(20);
    // The chair holds the floor: the segment's language.
    let text = c.text(80, 24);
    assert!(text.contains("ON TIME"), "{text}");
    assert!(text.contains("Next: 中国"), "{text}");
    c.run(Command::Next).wait(10);
    let text = c.text(80, 24);
    assert!(text.contains("时间正常"), "{text}");
    assert!(text.contains("下一位：مصر"), "{text}");
    // The Chinese name, centred at its real width: two columns a character.
    let row = text.lines().next().unwrap();
    let left = row.len() - row.trim_start().len();
    assert_eq!(left, (80 - 4) / 2, "{row:?}");
    insta::assert_snapshot!("stage_zh_floor_80x24", c.screen(80, 24).backend());
    c.run(Command::Next).wait(10);
    // Arabic: the English words, the name as written.
    let text = c.text(80, 24);
    assert!(text.contains("ON TIME"), "{text}");
    assert!(text.contains("مصر"), "{text}");
    c.run(Command::Next).wait(10);
    let text = c.text(80, 24);
    assert!(text.contains("A TIEMPO"), "{text}");
}

#[test]
fn every_language_shows_its_whole_state_word_on_a_stage_forty_columns_wide() {
    let mut c = Console::new();
    c.run(Command::StartOrPause).wait(9 * 60 + 50);
    let text = c.text(40, 12);
    assert!(text.contains("VEUILLEZ CONCLURE"), "{text}");
    assert!(!text.contains('…'), "{text}");
    c.run(Command::Next).wait(9 * 60 + 40);
    let text = c.text(40, 12);
    assert!(text.contains("ПРОСЬБА ЗАВЕРШИТЬ"), "{text}");
    assert!(!text.contains('…'), "{text}");
}
