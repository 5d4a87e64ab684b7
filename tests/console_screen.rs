//! What the timekeeper sees: the whole console rendered to ratatui's
//! `TestBackend` for every state and size, snapshotted with insta, plus the
//! colours that carry meaning.

use std::fmt::Write as _;

use chrono::{DateTime, TimeDelta};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use timekeeper::console::app::{App, EditKey, Input, Intent};
use timekeeper::console::screen as view;
use timekeeper::plan::{self, Plan};
use timekeeper::run::{Command, Mode, Run, Time};

/// The console as a timekeeper drives it: keys at instants on a fake clock.
struct Console {
    app: App,
    now: Time,
}

impl Console {
    /// The seed plenary, on the day (no date, so its 10:00 start counts),
    /// at 10:00:00 Geneva time.
    fn plenary() -> Self {
        let mut plan = Plan::builtin();
        plan.date = None;
        Self::with_plan(plan, Mode::Live)
    }

    fn with_plan(plan: Plan, mode: Mode) -> Self {
        Self {
            app: App::new(Run::new(plan, mode)),
            now: DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap(),
        }
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

    fn wait_ms(&mut self, ms: i64) -> &mut Self {
        self.now += TimeDelta::milliseconds(ms);
        self
    }

    fn screen(&self, width: u16, height: u16) -> Terminal<TestBackend> {
        crate::common::screen::drawn(&self.app, self.now, width, height)
    }

    fn buffer(&self, width: u16, height: u16) -> Buffer {
        self.screen(width, height).backend().buffer().clone()
    }

    fn text(&self, width: u16, height: u16) -> String {
        crate::common::screen::text(&self.screen(width, height))
    }
}

/// Each state of the countdown: (name, console in that state).
fn states() -> Vec<(&'static str, Console)> {
    let ready = Console::plenary();
    let mut on_time = Console::plenary();
    on_time.wait(-20).run(Command::StartOrPause).wait(20 + 200);
    let mut amber = Console::plenary();
    amber
        .run(Command::StartOrPause)
        .wait(600)
        .run(Command::Next)
        .wait(15 * 60 - 100);
    let mut red = Console::plenary();
    red.run(Command::StartOrPause).wait(580);
    let mut over = Console::plenary();
    over.run(Command::StartOrPause).wait(673).wait_ms(700);
    let mut paused = Console::plenary();
    paused
        .run(Command::StartOrPause)
        .wait(300)
        .run(Command::StartOrPause)
        .wait(45);
    let mut finished = Console::plenary();
    finished.run(Command::StartOrPause);
    for minutes in [11, 14, 16, 15, 12, 6] {
        finished.wait(minutes * 60).run(Command::Next);
    }
    vec![
        ("ready", ready),
        ("on_time", on_time),
        ("amber", amber),
        ("red", red),
        ("over", over),
        ("paused", paused),
        ("finished", finished),
    ]
}

#[test]
fn every_state_at_every_size() {
    for (name, console) in states() {
        for (w, h) in [(120, 40), (80, 24), (40, 12)] {
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), console.screen(w, h).backend());
        }
    }
}

#[test]
fn wide_character_names_keep_the_rundown_aligned() {
    let source = r#"
        title = "សន្និសីទ · Конфронс · 会议"
        start = "09:30"
        [[segments]]
        title = "ការបើក"
        speaker = "ព្រំ សុភមង្គល"
        duration = "5m"
        [[segments]]
        title = "Маърӯза"
        speaker = "Муҳаббат Иброҳимзода"
        duration = "10m"
        [[segments]]
        title = "主旨发言"
        speaker = "王毅"
        duration = "10m"
        [[segments]]
        title = "كلمة"
        speaker = "🎤 سارة"
        duration = "5m"
    "#;
    let plan = plan::parse(source, "wide.toml", "wide").unwrap();
    let mut console = Console::with_plan(plan, Mode::Live);
    console.wait(-1800).run(Command::StartOrPause).wait(100);
    insta::assert_snapshot!("wide_names_80x24", console.screen(80, 24).backend());
    // The Plan column is right-aligned under its header on every row, however
    // wide the names before it are.
    let buffer = console.buffer(80, 24);
    let row = |y: u16| -> String {
        (0..80)
            .map(|x| buffer[(x, y)].symbol().to_owned())
            .collect()
    };
    let header_y = (0..24)
        .find(|&y| row(y).contains("Plan"))
        .expect("rundown header");
    let plan_end = (1..80u16)
        .find(|&x| {
            buffer[(x, header_y)].symbol() == "n" && buffer[(x - 1, header_y)].symbol() == "a"
        })
        .expect("Plan header");
    let text = console.text(80, 24);
    for y in header_y + 1..header_y + 5 {
        assert_eq!(
            buffer[(plan_end, y)].symbol(),
            "0",
            "row {y} misaligned:\n{text}"
        );
        assert_eq!(
            buffer[(plan_end - 2, y)].symbol(),
            ":",
            "row {y} misaligned:\n{text}"
        );
    }
}

/// The colour of the countdown digits: the first lit cell of the big text.
fn digit_colour(console: &Console) -> (Color, Modifier) {
    let buffer = console.buffer(80, 24);
    for y in 4..12 {
        for x in 0..60 {
            let cell = &buffer[(x, y)];
            if cell.symbol() == "█" {
                return (cell.fg, cell.modifier);
            }
        }
    }
    panic!("no countdown digits on screen");
}

#[test]
fn countdown_colour_follows_the_state() {
    let expected = [
        ("on_time", Color::Indexed(36)),
        ("amber", Color::Indexed(214)),
        ("red", Color::Indexed(202)),
        ("over", Color::Indexed(202)),
        ("paused", Color::Indexed(74)),
    ];
    let states = states();
    for (name, colour) in expected {
        let console = &states.iter().find(|(n, _)| *n == name).unwrap().1;
        assert_eq!(digit_colour(console).0, colour, "{name}");
    }
}

#[test]
fn over_blinks_by_inverting_every_other_half_second() {
    let mut console = Console::plenary();
    console.run(Command::StartOrPause).wait(650);
    let first_half = digit_colour(&console).1;
    console.wait_ms(500);
    let second_half = digit_colour(&console).1;
    assert!(first_half.contains(Modifier::REVERSED));
    assert!(!second_half.contains(Modifier::REVERSED));
    assert!(console.text(80, 24).contains("OVER +0:50"));
}

#[test]
fn no_color_keeps_every_state_in_words_without_colour() {
    for (name, mut console) in states() {
        console.app.ui.monochrome = true;
        let buffer = console.buffer(80, 24);
        for cell in buffer.content() {
            assert!(
                matches!(cell.fg, Color::Reset | Color::Black) && cell.bg == Color::Reset,
                "{name}: coloured cell {cell:?}"
            );
        }
        let text = console.text(80, 24);
        let word = match name {
            "ready" => "READY",
            "on_time" => "ON TIME",
            "amber" => "AMBER",
            "red" => "RED",
            "over" => "OVER +",
            "paused" => "PAUSED",
            _ => "FINISHED",
        };
        assert!(text.contains(word), "{name}:\n{text}");
    }
}

#[test]
fn a_late_session_shows_the_recovery_suggestion() {
    let mut console = Console::plenary();
    console
        .run(Command::StartOrPause)
        .wait(12 * 60)
        .run(Command::Next)
        .wait(60);
    let text = console.text(80, 24);
    assert!(
        text.contains("shorten Discussion and Q&A 15:00 → 13:00 to end at 11:15"),
        "{text}"
    );
    insta::assert_snapshot!("suggestion_80x24", console.screen(80, 24).backend());
    console.press(Intent::ApplySuggestion);
    let text = console.text(80, 24);
    assert!(!text.contains("⚠"), "{text}");
    assert!(text.contains("projected end 11:15:00, on time"), "{text}");
}

#[test]
fn the_stage_view_fills_the_screen_with_the_time_left() {
    for (name, console) in states() {
        if !matches!(name, "on_time" | "amber" | "red" | "over") {
            continue;
        }
        let mut console = console;
        console.press(Intent::ToggleStage);
        for (w, h) in [(80, 24), (200, 60)] {
            insta::assert_snapshot!(
                format!("stage_{name}_{w}x{h}"),
                console.screen(w, h).backend()
            );
        }
    }
}

#[test]
fn help_and_quit_question_overlay_the_console() {
    let mut console = Console::plenary();
    console
        .run(Command::StartOrPause)
        .wait(30)
        .press(Intent::ToggleHelp);
    insta::assert_snapshot!("help_80x24", console.screen(80, 24).backend());
    console.press(Intent::Dismiss).press(Intent::Quit);
    let text = console.text(80, 24);
    assert!(text.contains("Close the console?"), "{text}");
}

/// Every key the console takes, found by pressing every key there is, is
/// named in the `?` help as drawn at 80x24 (the help and the keys are one
/// table; this holds the drawing to it, and to fitting a standard terminal).
#[test]
fn every_key_the_console_accepts_is_named_in_the_help() {
    use timekeeper::console::keys::intent_for;
    let mut console = Console::plenary();
    console.press(Intent::ToggleHelp);
    let help = console.text(80, 24);
    // The keys column of each row: left of the two spaces before the words.
    let named: Vec<String> = help
        .lines()
        .filter_map(|line| line.split('│').nth(1))
        .filter_map(|inner| inner.split("  ").find(|part| !part.trim().is_empty()))
        .flat_map(|keys| {
            keys.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let accepted =
        crate::common::keys::check_every_key_is_named(|key| intent_for(key, None), &named, &help);
    assert!(
        accepted > 40,
        "only {accepted} keys were found to do anything"
    );
}

/// The same for the rundown editor: every key it takes is named in the
/// help it shows at 80x24 (its rows at the bottom, from `EDIT`).
#[test]
fn every_key_the_editor_accepts_is_named_in_its_help() {
    use timekeeper::console::keys::intent_for;
    let console = editing();
    let text = console.text(80, 24);
    let overlay = console.app.ui.overlay.clone();
    let accepted = crate::common::keys::check_edit_help(&text, "EDIT ", |key| {
        intent_for(key, overlay.as_ref())
    });
    assert!(
        accepted >= 25,
        "only {accepted} keys were found to do anything"
    );
}

#[test]
fn a_rehearsal_says_so_on_screen_at_every_size() {
    let console = Console::with_plan(Plan::builtin(), Mode::Rehearsal);
    for (w, h) in [(120, 40), (80, 24), (60, 20), (40, 12), (20, 3)] {
        assert!(
            console.text(w, h).contains("REHEARSAL"),
            "{w}x{h}:\n{}",
            console.text(w, h)
        );
    }
    assert!(
        console.text(12, 1).trim_start().starts_with("R "),
        "{}",
        console.text(12, 1)
    );
}

#[test]
fn the_rundown_measures_a_segment_against_the_time_it_was_given() {
    let mut console = Console::plenary();
    // The chair is given a minute, speaks 10:30 (30 s within it), and the
    // next speaker is given one too and is 20 s over it.
    console
        .run(Command::StartOrPause)
        .run(Command::Adjust(60))
        .wait(630)
        .run(Command::Next)
        .run(Command::Adjust(60))
        .wait(16 * 60 + 20);
    let text = console.text(80, 24);
    let row = |n: &str| {
        text.lines()
            .find(|l| l.chars().skip(1).take(2).collect::<String>() == n)
            .unwrap_or_else(|| panic!("row {n} missing:\n{text}"))
            .to_owned()
    };
    assert!(
        row("1 ").ends_with("11:00   10:30   -0:30"),
        "{}",
        row("1 ")
    );
    assert!(
        row("2 ").ends_with("16:00   16:20   +0:20"),
        "{}",
        row("2 ")
    );
}

#[test]
fn not_recording_is_shown_at_every_size() {
    let mut console = Console::plenary();
    console.run(Command::StartOrPause).wait(5);
    console.app.not_recording = Some("the disk is full".to_owned());
    assert!(
        console
            .text(80, 24)
            .contains("NOT RECORDING: the disk is full")
    );
    assert!(console.text(40, 12).contains("NOT RECORDING"));
    assert!(console.text(20, 3).contains("NOT RECORDING"));
    assert!(
        console.text(12, 1).trim_start().starts_with("! "),
        "{}",
        console.text(12, 1)
    );
    console.press(Intent::ToggleStage);
    assert!(
        console
            .text(80, 24)
            .contains("NOT RECORDING: the disk is full")
    );
    // A form being filled in at 80x24 takes the notices' rows, never this.
    console
        .press(Intent::ToggleStage)
        .press(Intent::OpenEditor)
        .press(Intent::Edit(EditKey::Change));
    let text = console.text(80, 24);
    assert!(text.contains("Change the segment"), "{text}");
    assert!(text.contains("NOT RECORDING: the disk is full"), "{text}");
}

#[test]
fn any_size_down_to_one_cell_renders_without_panic() {
    for (_, console) in states() {
        for w in [0, 1, 2, 5, 9, 10, 23, 24, 39, 40, 79, 80, 81, 200] {
            for h in [0, 1, 2, 3, 5, 6, 11, 12, 23, 24, 25, 60] {
                let mut buffer = Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
                view::draw(&console.app, console.now, buffer.area, &mut buffer);
            }
        }
    }
}

#[test]
fn a_tiny_terminal_still_shows_the_time() {
    let mut console = Console::plenary();
    console.run(Command::StartOrPause).wait(65);
    assert_eq!(console.text(10, 3).trim(), "8:55");
    assert!(console.text(20, 3).contains("8:55 ON TIME"));
}

#[test]
fn six_hundred_segments_keep_the_current_row_in_view() {
    let mut source = String::from("title = \"Marathon\"\n");
    for i in 1..=600 {
        writeln!(
            source,
            "[[segments]]\ntitle = \"Item {i}\"\nduration = \"1m\""
        )
        .unwrap();
    }
    let plan = plan::parse(&source, "long.toml", "long").unwrap();
    let mut console = Console::with_plan(plan, Mode::Live);
    console.run(Command::StartOrPause);
    for _ in 0..300 {
        console.wait(60).run(Command::Next);
    }
    let text = console.text(120, 40);
    assert!(text.contains("▶301  Item 301"), "{text}");
}

#[test]
fn the_finish_screen_measures_against_the_time_each_segment_had() {
    let mut console = Console::plenary();
    console.run(Command::StartOrPause).run(Command::Adjust(60));
    for minutes in [11, 14, 16, 15, 12, 6] {
        console.wait(minutes * 60).run(Command::Next);
    }
    let text = console.text(80, 24);
    // The chair was given a minute: 11:00 spoken of 11:00 is on time.
    let chair = text
        .lines()
        .skip_while(|l| !l.starts_with("1 Introductory"))
        .take(2)
        .collect::<Vec<_>>();
    assert!(chair[0].trim_end().ends_with("plan      11:00"), "{text}");
    assert!(
        chair[1].trim_end().ends_with("actual    11:00 ±0:00"),
        "{text}"
    );
}

#[test]
fn an_hour_long_segment_keeps_its_figures_whole_in_the_rundown() {
    let source = "title=\"Long\"\nstart=\"09:00\"\n[[segments]]\ntitle=\"Keynote\"\nduration=\"1h 30m\"\n[[segments]]\ntitle=\"Q&A\"\nduration=\"15m\"\n";
    let plan = plan::parse(source, "long.toml", "long").unwrap();
    let mut console = Console::with_plan(plan, Mode::Live);
    console
        .wait(-3600)
        .run(Command::StartOrPause)
        .wait(2 * 3600);
    let text = console.text(80, 24);
    let keynote = text
        .lines()
        .find(|l| l.contains("Keynote") && l.contains("09:00"))
        .unwrap();
    assert!(keynote.contains("1:30:00"), "{keynote}");
    assert!(keynote.contains("2:00:00"), "{keynote}");
    assert!(keynote.trim_end().ends_with("+30:00"), "{keynote}");
}

#[test]
fn the_quit_question_does_not_promise_a_saved_run_when_nothing_is_recorded() {
    let mut console = Console::plenary();
    console.run(Command::StartOrPause).press(Intent::Quit);
    assert!(console.text(80, 24).contains("Everything so far is saved."));
    console.app.not_recording = Some("the disk is full".to_owned());
    let text = console.text(80, 24);
    assert!(!text.contains("Everything so far is saved."), "{text}");
    assert!(text.contains("NOT RECORDING"), "{text}");
    assert!(text.contains("n / Esc: keep the console open"), "{text}");
}

#[test]
fn the_stage_view_of_a_rehearsal_says_so() {
    let mut console = Console::with_plan(Plan::builtin(), Mode::Rehearsal);
    console
        .run(Command::StartOrPause)
        .press(Intent::ToggleStage);
    // On the state's row, clear of the centred words, at both sizes.
    for (w, h) in [(80, 24), (200, 60)] {
        let text = console.text(w, h);
        let row = text
            .lines()
            .find(|l| l.contains("ON TIME"))
            .unwrap_or_default();
        assert!(row.contains(" REHEARSAL "), "{w}x{h}:\n{text}");
    }
}

#[test]
fn the_quit_question_on_a_small_screen_keeps_the_time_in_view() {
    let mut console = Console::plenary();
    console
        .run(Command::StartOrPause)
        .wait(65)
        .press(Intent::Quit);
    let text = console.text(30, 6);
    assert!(text.contains("Close? n: keep"), "{text}");
    assert!(text.contains("ON TIME"), "{text}");
}

// ---------------------------------------------------------------------------
// Signals, edits and the day itself

impl Console {
    fn typed(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.press(Intent::Input(Input::Char(c)));
        }
        self
    }

    /// Whether the cell where `needle` starts on screen is drawn inverted.
    fn inverted_at(&self, width: u16, height: u16, needle: &str) -> Option<bool> {
        let buffer = self.buffer(width, height);
        let text = self.text(width, height);
        let (y, line) = text.lines().enumerate().find(|(_, l)| l.contains(needle))?;
        let x = line[..line.find(needle)?].chars().count();
        Some(
            buffer[(x as u16, y as u16)]
                .style()
                .add_modifier
                .contains(Modifier::REVERSED),
        )
    }
}

#[test]
fn the_message_prompt_lists_the_presets_and_keeps_the_time_in_view() {
    let mut console = Console::plenary();
    console
        .run(Command::StartOrPause)
        .wait(600)
        .run(Command::Next)
        .wait(780)
        .press(Intent::OpenPrompt)
        .typed("Two more questions only");
    insta::assert_snapshot!("prompt_80x24", console.screen(80, 24).backend());
    let text = console.text(80, 24);
    assert!(
        text.contains("3 2:00 left: please take the last question"),
        "{text}"
    );
    assert!(text.contains("> Two more questions only"), "{text}");
    assert!(text.contains("AMBER"), "the countdown stays: {text}");
}

#[test]
fn a_message_near_the_stage_screens_limit_says_how_much_is_left_and_stops_there() {
    let mut console = Console::plenary();
    console
        .run(Command::StartOrPause)
        .press(Intent::OpenPrompt)
        .typed(&"x".repeat(95));
    assert!(!console.text(80, 24).contains("/120"));
    console.typed(&"y".repeat(10));
    assert!(console.text(80, 24).contains("105/120"));
    console.typed(&"z".repeat(30));
    let text = console.text(80, 24);
    assert!(
        text.contains("120/120"),
        "typing stops at the limit: {text}"
    );
}

#[test]
fn the_console_says_what_the_stage_shows() {
    let mut console = Console::plenary();
    console
        .run(Command::StartOrPause)
        .wait(500)
        .press(Intent::SendPreset(1));
    let text = console.text(80, 24);
    assert!(
        text.contains("On stage (M clears): “Please wrap up”"),
        "{text}"
    );
}

/// The stage with a message of `len` characters.
fn stage_with_message(len: usize) -> Console {
    let mut console = Console::plenary();
    let words = "Please take the last question and conclude ";
    let text: String = words.chars().cycle().take(len).collect();
    console
        .run(Command::StartOrPause)
        .wait(540)
        .run(Command::Message {
            text,
            pinned: false,
        })
        .press(Intent::ToggleStage);
    console
}

#[test]
fn the_stage_shows_a_short_or_a_long_message_below_a_time_still_large() {
    for (name, len) in [("short", 14), ("long", 120)] {
        let console = stage_with_message(len);
        for (w, h) in [(80, 24), (200, 60)] {
            insta::assert_snapshot!(
                format!("stage_message_{name}_{w}x{h}"),
                console.screen(w, h).backend()
            );
            // The time keeps at least the two thirds of the screen it needs
            // to be read from the rostrum: its digits span more rows than
            // the message.
            let text = console.text(w, h);
            let digit_rows = text.lines().filter(|l| l.contains('█')).count();
            assert!(digit_rows >= usize::from(h) / 3, "{name} {w}x{h}:\n{text}");
        }
    }
}

#[test]
fn a_flash_inverts_the_stage_then_leaves_it_plain() {
    let mut console = Console::plenary();
    console
        .run(Command::StartOrPause)
        .wait(300)
        .press(Intent::ToggleStage)
        .run(Command::Flash)
        .wait_ms(100);
    assert_eq!(console.inverted_at(80, 24, "Ms. Oksana"), Some(true));
    insta::assert_snapshot!("stage_flash_on_80x24", console.screen(80, 24).backend());
    console.wait_ms(500);
    assert_eq!(console.inverted_at(80, 24, "Ms. Oksana"), Some(false));
    console.wait_ms(3000);
    assert_eq!(
        console.inverted_at(80, 24, "Ms. Oksana"),
        Some(false),
        "after three seconds the stage is plain again"
    );
}

fn editing() -> Console {
    let mut console = Console::plenary();
    console
        .run(Command::StartOrPause)
        .wait(400)
        .press(Intent::OpenEditor)
        .press(Intent::Edit(EditKey::Down))
        .press(Intent::Edit(EditKey::Skip));
    console
}

#[test]
fn edit_mode_shows_its_cursor_and_keys_with_the_countdown_running() {
    let console = editing();
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("edit_{w}x{h}"), console.screen(w, h).backend());
        let text = console.text(w, h);
        assert!(text.contains("EDIT ↑↓ k/j · i insert · x skip"), "{text}");
        assert!(text.contains("▸3"), "the cursor on the skipped row: {text}");
        assert!(text.contains("ON TIME"), "{text}");
    }
}

#[test]
fn the_insert_form_opens_over_the_rundown() {
    let mut console = editing();
    console
        .press(Intent::Edit(EditKey::Insert))
        .typed("Statement from the floor")
        .press(Intent::Input(Input::Next))
        .typed("Mr. Ahmed")
        .press(Intent::Input(Input::Next))
        .typed("3m");
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("form_{w}x{h}"), console.screen(w, h).backend());
    }
    console.press(Intent::Input(Input::Submit));
    let text = console.text(120, 40);
    assert!(text.contains("4+ Statement from the floor"), "{text}");
}

#[test]
fn the_countdown_grows_with_the_terminal() {
    let mut console = Console::plenary();
    console.run(Command::StartOrPause).wait(200);
    for (w, h, at_least) in [(80, 24, 5), (120, 40, 14), (200, 60, 20)] {
        let text = console.text(w, h);
        let digit_rows = text.lines().filter(|l| l.contains('█')).count();
        // The progress bar is one of the rows with blocks.
        assert!(digit_rows > at_least, "{w}x{h}: {digit_rows} rows\n{text}");
    }
    insta::assert_snapshot!("on_time_200x60", console.screen(200, 60).backend());
}

#[test]
fn before_a_dated_start_the_console_counts_down_to_it() {
    let mut console = Console::plenary();
    console.wait(-252);
    let text = console.text(80, 24);
    assert!(
        text.contains("Starts in 4:12 (scheduled 10:00:00)"),
        "{text}"
    );
    console.wait(252 + 90);
    let text = console.text(80, 24);
    assert!(text.contains("Starting late +1:30"), "{text}");
    console.press(Intent::ToggleStage);
    let text = console.text(80, 24);
    assert!(text.contains("STARTING LATE +1:30"), "{text}");
}

#[test]
fn notes_flexible_segments_and_a_bell_turned_off_are_on_screen() {
    let mut console = Console::plenary();
    console.run(Command::StartOrPause);
    for _ in 0..4 {
        console.wait(60).run(Command::Next);
    }
    console.press(Intent::ToggleNotes).press(Intent::ToggleBell);
    let text = console.text(80, 24);
    assert!(text.contains("Discussion and Q&A  (flexible)"), "{text}");
    assert!(text.contains("Notes: Food for thought"), "{text}");
    assert!(text.contains("bell off"), "{text}");
}

#[test]
fn a_run_ahead_offers_to_give_the_time_back() {
    let mut console = Console::plenary();
    console
        .run(Command::StartOrPause)
        .wait(60)
        .run(Command::Next);
    // The first speaker took one minute of ten: nine to give back, and the
    // discussion may take up to 22:30 of it.
    let text = console.text(120, 40);
    assert!(
        text.contains("9:00 early · a: lengthen Discussion and Q&A 15:00 → 22:30: gives back only 7:30 of 9:00"),
        "{text}"
    );
    console.press(Intent::ApplySuggestion);
    let text = console.text(120, 40);
    assert!(
        text.contains("projected end 11:13:30, 1:30 early (scheduled 11:15)"),
        "{text}"
    );
}

#[test]
fn the_session_line_tells_one_truth_the_projected_end_against_the_scheduled_end() {
    // The chair runs 26 s long: 0:26 late against the 11:15 handover, and
    // nothing else on the line that could read as another answer.
    let mut late = Console::plenary();
    late.run(Command::StartOrPause).wait(626).run(Command::Next);
    let text = late.text(80, 24);
    let line = text
        .lines()
        .find(|l| l.starts_with("Session "))
        .expect("a session line");
    assert!(
        line.contains("projected end 11:15:26, 0:26 late (scheduled 11:15)"),
        "{line}"
    );
    assert!(
        !line.contains("behind") && !line.contains("ahead"),
        "{line}"
    );
    // Ended: what it ended at, against the same scheduled end.
    let mut ended = Console::plenary();
    ended.run(Command::StartOrPause);
    for minutes in [10, 15, 15, 15, 15, 5] {
        ended.wait(minutes * 60).run(Command::Next);
    }
    let text = ended.text(80, 24);
    assert!(
        text.contains("ended 11:15:00, on time (scheduled 11:15)"),
        "{text}"
    );
}

#[test]
fn after_plus_three_and_apply_the_next_speaker_sees_when_they_really_start() {
    let mut console = Console::plenary();
    console.run(Command::StartOrPause).wait(60);
    for _ in 0..3 {
        console.run(Command::Adjust(60));
    }
    console.press(Intent::ApplySuggestion);
    let text = console.text(120, 40);
    // The chair has 13 minutes: the first presentation starts at 10:13, not
    // at the 10:10 of the plan as filed, and both are on screen.
    assert!(text.contains("expected 10:13:00"), "{text}");
    assert!(
        text.contains("Expect"),
        "the rundown's Expect column: {text}"
    );
}

#[test]
fn the_web_links_leave_the_countdown_in_view() {
    let mut console = Console::plenary();
    console.app.web = Some(timekeeper::console::app::WebStatus {
        links: vec![(
            "stage".to_owned(),
            "http://127.0.0.1:8080/s/abcdefabcdefabcdef".to_owned(),
        )],
        connected: 0,
        refused: 0,
        open: 0,
        off: None,
    });
    console.run(Command::StartOrPause).wait(200);
    console.press(Intent::ToggleLinks);
    let text = console.text(80, 24);
    let first = text.lines().next().unwrap();
    assert!(first.contains("6:40 ON TIME"), "{first}");
    assert!(text.contains("stage: http://127.0.0.1:8080/s/"), "{text}");
}

#[test]
fn the_newest_notice_comes_first() {
    let mut console = Console::plenary();
    console.run(Command::StartOrPause).wait(2);
    console.run(Command::Adjust(60));
    let text = console.text(80, 24);
    let first_notice = text.lines().find(|l| l.starts_with("» ")).unwrap();
    assert!(first_notice.contains("+1 min to"), "{text}");
}

/// At 80 columns the plenary's long room name gives way, not the warning
/// that the screen may sleep (it read `Room XVIII, … · 10:00–11:15 · S…`).
#[test]
fn the_warning_that_the_screen_may_sleep_is_read_whole_at_80_columns() {
    let mut console = Console::plenary();
    console.app.awake_problem = Some("no D-Bus session".to_owned());
    let text = console.text(80, 24);
    let row = text.lines().nth(1).unwrap();
    assert!(
        row.trim_end().ends_with("10:00–11:15 · SCREEN MAY SLEEP"),
        "{row}"
    );
    assert!(row.starts_with("Room XVIII"), "{row}");
    console.app.awake_problem = None;
    let text = console.text(80, 24);
    assert!(
        text.contains("Room XVIII, Palais des Nations, Geneva · 10:00–11:15"),
        "{text}"
    );
}
