//! The floor as the timekeeper sees it: a floor segment rendered to
//! ratatui's `TestBackend` at 80x24, 120x40 and 200x60 (chair holding the
//! floor, a speaker on time, one over, a point of order, the list editor and
//! its form), snapshotted with insta, plus the colours and words that carry
//! meaning and names typed in a hurry.

use std::fmt::Write as _;

use chrono::{DateTime, TimeDelta};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use timekeeper::console::app::{App, EditKey, FloorIntent, Input, Intent};
use timekeeper::plan::{self, Plan};
use timekeeper::run::{Command, Mode, Run, Time};

/// The seed plenary with its discussion as a floor of five delegations.
fn floor_plan() -> Plan {
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sessions/plenary-3-floor.toml"
    ))
    .unwrap();
    let mut plan = plan::parse(&source, "plenary-3-floor.toml", "plenary-3-floor").unwrap();
    plan.date = None;
    plan
}

struct Console {
    app: App,
    now: Time,
}

impl Console {
    /// The session run to the discussion: four segments on time, the floor
    /// opened at 10:55.
    fn at_the_floor() -> Self {
        let mut c = Self {
            app: App::new(Run::new(floor_plan(), Mode::Live)),
            now: DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap(),
        };
        c.run(Command::StartOrPause);
        for minutes in [10, 15, 15, 15] {
            c.wait(minutes * 60).run(Command::Next);
        }
        c
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

    fn floor(&mut self, intent: FloorIntent) -> &mut Self {
        self.press(Intent::Floor(intent))
    }

    fn typed(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.press(Intent::Input(Input::Char(c)));
        }
        self
    }

    fn wait(&mut self, seconds: i64) -> &mut Self {
        self.now += TimeDelta::seconds(seconds);
        self
    }

    fn screen(&self, width: u16, height: u16) -> Terminal<TestBackend> {
        crate::common::screen::drawn(&self.app, self.now, width, height)
    }

    fn text(&self, width: u16, height: u16) -> String {
        crate::common::screen::text(&self.screen(width, height))
    }
}

/// Each state of a floor: (name, console in that state).
fn states() -> Vec<(&'static str, Console)> {
    let mut chair = Console::at_the_floor();
    chair.wait(25);
    let mut on_time = Console::at_the_floor();
    on_time.wait(20).run(Command::Next).wait(75);
    let mut over = Console::at_the_floor();
    over.wait(20)
        .run(Command::Next)
        .wait(200)
        .run(Command::Next)
        .wait(5 * 60 + 40);
    let mut order = Console::at_the_floor();
    order
        .wait(20)
        .run(Command::Next)
        .wait(100)
        .floor(FloorIntent::Order)
        .wait(45);
    let mut list = Console::at_the_floor();
    list.wait(20)
        .run(Command::Next)
        .wait(30)
        .floor(FloorIntent::OpenList)
        .press(Intent::Edit(EditKey::Down))
        .press(Intent::Edit(EditKey::Skip));
    let mut form = Console::at_the_floor();
    form.wait(20)
        .run(Command::Next)
        .wait(30)
        .floor(FloorIntent::OpenList)
        .press(Intent::Edit(EditKey::Insert))
        .typed("ព្រះរាជាណាចក្រកម្ពុជា")
        .press(Intent::Input(Input::Next))
        .typed("reply");
    vec![
        ("chair", chair),
        ("on_time", on_time),
        ("over", over),
        ("order", order),
        ("list", list),
        ("form", form),
    ]
}

#[test]
fn a_floor_in_every_state_at_every_size() {
    for (name, console) in states() {
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            insta::assert_snapshot!(
                format!("floor_{name}_{w}x{h}"),
                console.screen(w, h).backend()
            );
        }
    }
}

#[test]
fn the_chair_holds_the_floor_when_it_opens() {
    let mut c = Console::at_the_floor();
    c.wait(25);
    let text = c.text(80, 24);
    assert!(
        text.contains("The chair holds the floor: Ms. Oksana Leshchenko"),
        "{text}"
    );
    assert!(text.contains("CHAIR"), "{text}");
    assert!(text.contains("5 still to speak"), "{text}");
    assert!(text.contains("n next speaker"), "{text}");
}

#[test]
fn the_speaker_s_countdown_is_their_limit_with_their_number() {
    let mut c = Console::at_the_floor();
    c.wait(20).run(Command::Next).wait(75);
    let text = c.text(120, 40);
    assert!(
        text.contains("Colombia · statement 3:00 · 1 of 5"),
        "{text}"
    );
    assert!(text.contains("ON TIME"), "{text}");
    assert!(text.contains("4 still to speak"), "{text}");
    assert!(text.contains("Next: European Union (group 5:00)"), "{text}");
}

#[test]
fn a_speaker_over_their_limit_counts_up_and_is_never_cut_off() {
    let mut c = Console::at_the_floor();
    c.wait(20).run(Command::Next).wait(220);
    assert!(c.text(80, 24).contains("OVER +0:40"), "{}", c.text(80, 24));
    assert!(c.text(80, 24).contains("Colombia"));
}

#[test]
fn a_point_of_order_freezes_the_speaker_and_says_so() {
    let mut c = Console::at_the_floor();
    c.wait(20)
        .run(Command::Next)
        .wait(100)
        .floor(FloorIntent::Order)
        .wait(45);
    let text = c.text(80, 24);
    assert!(text.contains("POINT OF ORDER 0:45"), "{text}");
    let before = c.app.run.at(c.now).floor.unwrap().speaker.unwrap().left;
    c.wait(30);
    let after = c.app.run.at(c.now).floor.unwrap().speaker.unwrap().left;
    assert_eq!(before, after, "frozen");
    c.floor(FloorIntent::Order).wait(10);
    assert_eq!(
        c.app.run.at(c.now).floor.unwrap().speaker.unwrap().left,
        after - 10
    );
}

#[test]
fn a_struck_speaker_is_struck_through_in_the_list() {
    let mut c = Console::at_the_floor();
    c.wait(20)
        .run(Command::Next)
        .floor(FloorIntent::OpenList)
        .press(Intent::Edit(EditKey::Down))
        .press(Intent::Edit(EditKey::Skip));
    let terminal = c.screen(80, 24);
    let buffer = terminal.backend().buffer();
    let (x, y) = (0..24)
        .find_map(|y| {
            let row: String = (0..80)
                .map(|x| buffer[(x, y)].symbol().to_owned())
                .collect();
            // In the list, not on the notice line that says it was struck.
            (!row.starts_with('»'))
                .then(|| row.find("Mozambique"))
                .flatten()
                .map(|at| (row[..at].chars().count() as u16, y))
        })
        .expect("Mozambique in the list");
    assert!(buffer[(x, y)].modifier.contains(Modifier::CROSSED_OUT));
}

#[test]
fn nothing_typed_in_the_form_acts_on_the_run() {
    let mut c = Console::at_the_floor();
    c.wait(20).run(Command::Next).floor(FloorIntent::OpenList);
    c.press(Intent::Edit(EditKey::Insert));
    let before = c.app.run.clone();
    // Every console key, typed as a name.
    c.typed(" npo+-umqcl?").press(Intent::Input(Input::Next));
    assert_eq!(c.app.run, before, "the form is text");
    c.press(Intent::Input(Input::Cancel));
    assert_eq!(c.app.run, before);
}

#[test]
fn an_absurd_limit_typed_in_the_form_is_refused_in_one_line() {
    let mut c = Console::at_the_floor();
    c.wait(20)
        .floor(FloorIntent::OpenList)
        .press(Intent::Edit(EditKey::Insert))
        .typed("Chile")
        .press(Intent::Input(Input::Next))
        .press(Intent::Input(Input::Next))
        .typed("300")
        .press(Intent::Input(Input::Submit));
    let text = c.text(80, 24);
    assert!(
        text.contains("✗ a limit of 5h is not a speaker's: at most 1h"),
        "{text}"
    );
    let i = c.app.run.phase.on().unwrap();
    assert_eq!(c.app.run.floor(i).unwrap().list.len(), 5, "nobody added");
}

#[test]
fn a_name_typed_in_a_hurry_is_added_clean_and_drawn_at_its_width() {
    let mut c = Console::at_the_floor();
    c.wait(20).floor(FloorIntent::OpenList);
    for name in ["ព្រះរាជាណាចក្រកម្ពុជា", "Тоҷикистон\u{1b}[31m", "العراق", "中国"]
    {
        c.press(Intent::Edit(EditKey::Insert))
            .typed(name)
            .press(Intent::Input(Input::Submit));
    }
    let i = c.app.run.phase.on().unwrap();
    let floor = c.app.run.floor(i).unwrap();
    let names: Vec<String> = floor
        .list
        .iter()
        .filter(|e| e.origin == timekeeper::run::Origin::Added)
        .map(|e| floor.entry(e).name.clone())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names.iter().any(|n| n == "Тоҷикистон␛[31m"), "{names:?}");
    let text = c.text(120, 40);
    assert!(!text.contains('\u{1b}'));
    // Each row of the list is exactly the screen's width: wide names take
    // their real columns.
    let terminal = c.screen(120, 40);
    let buffer = terminal.backend().buffer();
    for y in 0..40u16 {
        let row: String = (0..120)
            .map(|x| buffer[(x, y)].symbol().to_owned())
            .collect();
        if row.contains("中国") {
            assert!(timekeeper::text::width(&row) <= 120, "{row}");
        }
    }
}

/// Every key the speakers' list takes, found by pressing every key there
/// is, is named in the help it shows at 80x24 (its rows at the bottom, from
/// `LIST`).
#[test]
fn every_key_the_list_accepts_is_named_in_its_help() {
    use timekeeper::console::keys::intent_for;
    let mut console = Console::at_the_floor();
    console.floor(FloorIntent::OpenList);
    let text = console.text(80, 24);
    let overlay = console.app.ui.overlay.clone();
    let accepted = crate::common::keys::check_edit_help(&text, "LIST ", |key| {
        intent_for(key, overlay.as_ref())
    });
    assert!(
        accepted >= 27,
        "only {accepted} keys were found to do anything"
    );
}

#[test]
fn a_tiny_terminal_shows_the_speaker_s_time() {
    let mut c = Console::at_the_floor();
    c.wait(20).run(Command::Next).wait(75);
    assert_eq!(c.text(20, 1).trim(), "1:45 ON TIME");
    c.floor(FloorIntent::Order).wait(5);
    assert!(
        c.text(30, 1).contains("1:45 POINT OF ORDER"),
        "{}",
        c.text(30, 1)
    );
}

/// The plenary 2:10 late when its discussion opens, with 14 inscribed (the
/// seed's five and nine more at 3:00).
fn fourteen_inscribed_two_ten_late() -> Console {
    let mut c = Console {
        app: App::new(Run::new(floor_plan(), Mode::Live)),
        now: DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap(),
    };
    c.run(Command::StartOrPause);
    for seconds in [600, 900, 900, 900 + 130] {
        c.wait(seconds).run(Command::Next);
    }
    for n in 1..=9 {
        c.floor(FloorIntent::AddSpeaker(format!("Delegation {n}")));
    }
    c
}

#[test]
fn a_list_too_long_for_its_time_is_fitted_with_a_after_the_recovery() {
    let mut c = fourteen_inscribed_two_ten_late();
    let text = c.text(120, 40);
    assert!(
        text.contains("a: shorten Discussion and Q&A 15:00 → 12:50 to end at 11:15"),
        "{text}"
    );
    assert!(
        text.contains("then a again: 14 still to speak, 12:50 left: 0:55 each"),
        "{text}"
    );
    assert!(text.contains("a apply"), "{text}");
    insta::assert_snapshot!("fit_after_recovery_80x24", c.screen(80, 24).backend());
    insta::assert_snapshot!("fit_after_recovery_120x40", c.screen(120, 40).backend());

    c.press(Intent::ApplySuggestion);
    let text = c.text(120, 40);
    assert!(
        text.contains("⚠ list too long · a: 14 still to speak, 12:50 left: 0:55 each"),
        "{text}"
    );
    insta::assert_snapshot!("fit_equal_80x24", c.screen(80, 24).backend());
    insta::assert_snapshot!("fit_equal_120x40", c.screen(120, 40).backend());

    c.press(Intent::ApplySuggestion);
    let text = c.text(120, 40);
    assert!(!text.contains("list too long"), "{text}");
    assert!(
        text.contains("equal time applied: 0:55 each for the 14 still to speak"),
        "{text}"
    );
    let (i, floor) = c.app.run.current_floor().unwrap();
    assert_eq!(i, 4);
    assert!((0..14).all(|k| floor.entry_at(k).limit_seconds == 55));
    // Undo puts the limits back, and the fit is offered again.
    c.run(Command::Undo);
    assert!(c.text(120, 40).contains("list too long"));
}

#[test]
fn a_cut_line_is_said_at_eighty_columns_and_marks_the_list() {
    let mut c = fourteen_inscribed_two_ten_late();
    // 35 inscribed for the 12:50 the recovery leaves: under 0:30 each, the
    // shortest equal share offered to a kind without `min`: the cut line.
    for n in 10..=30 {
        c.floor(FloorIntent::AddSpeaker(format!("Delegation {n}")));
    }
    c.press(Intent::ApplySuggestion);
    let text = c.text(80, 24);
    assert!(
        text.contains("⚠ list too long · a: at their limits, the last"),
        "{text}"
    );
    insta::assert_snapshot!("fit_cut_80x24", c.screen(80, 24).backend());
    c.press(Intent::ApplySuggestion);
    let (_, floor) = c.app.run.current_floor().unwrap();
    let marked = floor.list.iter().filter(|e| e.marked).count();
    assert!(marked > 0 && floor.list.iter().all(|e| !e.struck));
    assert!(!c.text(80, 24).contains("list too long"));
}

/// Fourteen inscribed at 3:00 for an 11-minute floor whose statements
/// have a 1:00 minimum, at Ready: 0:47 each would be under it, so the cut
/// line is offered.
fn fourteen_for_eleven_minutes_with_a_minimum() -> Console {
    let mut source = String::from(
        "title = \"Plenary\"\n[kinds]\nstatement = { time = \"3m\", min = \"1m\" }\n\
         [[segments]]\ntitle = \"Discussion\"\nspeaker = \"The Chair\"\nduration = \"11m\"\nfloor = true\n",
    );
    for n in 1..=14 {
        let _ = writeln!(source, "[[segments.list]]\nname = \"Delegation {n}\"");
    }
    source.push_str("[[segments]]\ntitle = \"Closing\"\nduration = \"5m\"\n");
    let plan = plan::parse(&source, "p.toml", "p").unwrap();
    Console {
        app: App::new(Run::new(plan, Mode::Live)),
        now: DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap(),
    }
}

#[test]
fn the_cut_line_says_why_at_a_hundred_and_twenty_and_at_eighty_columns() {
    let c = fourteen_for_eleven_minutes_with_a_minimum();
    let text = c.text(200, 60);
    assert!(
        text.contains(
            "⚠ list too long · a: 14 still to speak, 11:00 left: at 3:00 each, the last 11 will not be heard (0:47 each is under the 1:00 minimum)"
        ),
        "{text}"
    );
    let text = c.text(120, 40);
    assert!(
        text.contains(
            "⚠ list too long · a: at 3:00 each, the last 11 will not be heard (0:47 each for 14 in 11:00 is under the 1:00 minimum)"
        ),
        "{text}"
    );
    let text = c.text(80, 24);
    assert!(
        text.contains(
            "⚠ list too long · a: at 3:00 each, the last 11 will not be heard (1:00 minimum)"
        ),
        "{text}"
    );
    insta::assert_snapshot!("fit_cut_min_120x40", c.screen(120, 40).backend());
    insta::assert_snapshot!("fit_cut_min_80x24", c.screen(80, 24).backend());
}

#[test]
fn the_compact_view_says_a_list_too_long_and_what_a_does() {
    let mut c = fourteen_inscribed_two_ten_late();
    c.press(Intent::ApplySuggestion);
    let text = c.text(60, 16);
    assert!(
        text.contains("⚠ list too long · a: 0:55 each for 14"),
        "{text}"
    );
    insta::assert_snapshot!("fit_compact_60x16", c.screen(60, 16).backend());
    assert!(
        !c.text(60, 7).contains("list too long"),
        "the time first where there is no room"
    );
}
