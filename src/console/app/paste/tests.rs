//! Names pasted into the speakers' list: each shown before it is added, all
//! added as one change that one `u` takes back, and a paste anywhere else
//! dropped whole, never typed as keys.

use chrono::{DateTime, TimeDelta};

use super::super::{App, EditKey, Effect, FloorIntent, Input, Intent, Overlay};
use super::PASTE_BURST;
use crate::run::{Action, Command, Mode, Run, Time};

const FLOOR: usize = 4;

struct Console {
    app: App,
    now: Time,
    recorded: Vec<Action>,
}

impl Console {
    /// The seed plenary run to its discussion, the floor open.
    fn at_the_floor() -> Self {
        let source = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sessions/plenary-3-floor.toml"
        ))
        .unwrap();
        let plan = crate::plan::parse(&source, "p.toml", "p").unwrap();
        let mut c = Self {
            app: App::new(Run::new(plan, Mode::Rehearsal)),
            now: DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap(),
            recorded: Vec::new(),
        };
        c.press(Intent::Run(Command::StartOrPause));
        for _ in 0..4 {
            c.wait(600).press(Intent::Run(Command::Next));
        }
        c.recorded.clear();
        c
    }

    fn press(&mut self, intent: Intent) -> &mut Self {
        for effect in self.app.handle(intent, self.now).effects {
            if let Effect::Record(event) = effect {
                self.app.commit(&event);
                self.recorded.push(event.action);
            }
        }
        self
    }

    fn key(&mut self, input: Input) -> &mut Self {
        self.press(Intent::Input(input))
    }

    fn typed(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.key(Input::Char(c));
        }
        self
    }

    fn wait_ms(&mut self, ms: i64) -> &mut Self {
        self.now += TimeDelta::milliseconds(ms);
        self
    }

    fn wait(&mut self, s: i64) -> &mut Self {
        self.wait_ms(s * 1000)
    }

    fn list(&self) -> Vec<String> {
        let i = self.app.run.position(FLOOR).unwrap();
        let floor = self.app.run.floor(i).unwrap();
        floor
            .list
            .iter()
            .map(|e| floor.entry(e).name.clone())
            .collect()
    }

    fn shown(&self) -> (Vec<String>, bool) {
        match &self.app.ui.overlay {
            Some(Overlay::List(editor)) => {
                let paste = editor.paste.as_ref().expect("the paste box is open");
                (paste.names.clone(), paste.asking.is_some())
            }
            other => panic!("the list is not open: {other:?}"),
        }
    }
}

const INSCRIBED: [&str; 5] = [
    "Colombia",
    "European Union",
    "Mozambique",
    "Iraq",
    "Lao People's Democratic Republic",
];

#[test]
fn pasted_names_are_shown_then_added_as_one_change_that_undo_takes_back_whole() {
    let mut c = Console::at_the_floor();
    c.press(Intent::Floor(FloorIntent::OpenList))
        .press(Intent::Edit(EditKey::Paste))
        .press(Intent::Paste(
            "Speakers:\r\n1. Тоҷикистон\r\n2. العراق\r\n\r\n3) 中国\r\nកម្ពុជា\r\n".to_owned(),
        ));
    assert_eq!(
        c.shown(),
        (
            ["Тоҷикистон", "العراق", "中国", "កម្ពុជា"]
                .map(str::to_owned)
                .to_vec(),
            true
        ),
        "every name on screen, and the question asked"
    );
    assert!(c.recorded.is_empty(), "nothing added before Enter");
    assert_eq!(c.list(), INSCRIBED);

    c.wait(1).key(Input::Submit);
    assert_eq!(c.recorded.len(), 1, "one event: {:?}", c.recorded);
    assert!(matches!(
        &c.recorded[0],
        Action::FloorAddMany { entries, .. } if entries.len() == 4
    ));
    assert_eq!(c.list()[5..], ["Тоҷикистон", "العراق", "中国", "កម្ពុជា"]);
    assert!(
        matches!(&c.app.ui.overlay, Some(Overlay::List(e)) if e.paste.is_none()),
        "back to the list"
    );

    c.wait(1).press(Intent::Edit(EditKey::Undo));
    assert_eq!(c.list(), INSCRIBED, "one u takes the whole paste back");
    c.press(Intent::Edit(EditKey::Redo));
    assert_eq!(c.list().len(), 9);
}

#[test]
fn a_paste_whose_lines_end_with_cr_alone_is_one_name_a_line() {
    // tmux's paste-buffer, xterm and VTE turn the clipboard's newlines
    // into CR.
    let mut c = Console::at_the_floor();
    c.press(Intent::Floor(FloorIntent::OpenList))
        .press(Intent::Edit(EditKey::Paste))
        .press(Intent::Paste("1. Тоҷикистон\r2. 日本\r3. مصر".to_owned()));
    assert_eq!(c.shown().0, ["Тоҷикистон", "日本", "مصر"]);
    // A second paste into the same box too.
    c.press(Intent::Paste("\rChile\rPeru\r".to_owned()));
    assert_eq!(c.shown().0, ["Тоҷикистон", "日本", "مصر", "Chile", "Peru"]);
}

#[test]
fn esc_discards_the_pasted_names_and_nothing_is_added() {
    let mut c = Console::at_the_floor();
    c.press(Intent::Floor(FloorIntent::OpenList))
        .press(Intent::Paste("Chile\nPeru\n".to_owned()));
    assert_eq!(
        c.shown().0,
        ["Chile", "Peru"],
        "a paste in the list opens the box"
    );
    c.wait(1).key(Input::Cancel);
    assert!(c.recorded.is_empty());
    assert_eq!(c.list(), INSCRIBED);
    assert!(matches!(&c.app.ui.overlay, Some(Overlay::List(e)) if e.paste.is_none()));
    assert!(
        c.app
            .live_notices(c.now)
            .any(|n| n.text == "not added: 2 names")
    );
}

#[test]
fn a_paste_typed_as_keys_adds_nothing_until_the_names_are_checked() {
    // Windows's console: the clipboard arrives as keys, its line breaks and
    // blank lines as Enters, a few milliseconds apart.
    let mut c = Console::at_the_floor();
    c.press(Intent::Floor(FloorIntent::OpenList))
        .press(Intent::Edit(EditKey::Paste));
    for line in ["1. Chile", "", "", "", "2. n", "p"] {
        c.wait_ms(2).typed(line).key(Input::Submit);
    }
    assert!(c.recorded.is_empty(), "{:?}", c.recorded);
    assert_eq!(c.list(), INSCRIBED, "no key of the paste acted");
    assert_eq!(
        c.shown(),
        (["Chile", "n", "p"].map(str::to_owned).to_vec(), false)
    );

    c.wait(2).key(Input::Submit);
    assert!(c.shown().1, "Enter on an empty line asks");
    c.wait_ms(PASTE_BURST.num_milliseconds() - 50)
        .key(Input::Submit);
    assert!(c.recorded.is_empty(), "too soon: taken for a blank line");
    c.wait(1).key(Input::Submit);
    assert_eq!(c.list()[5..], ["Chile", "n", "p"]);
}

#[test]
fn backspace_takes_a_name_back_to_be_typed_again() {
    let mut c = Console::at_the_floor();
    c.press(Intent::Floor(FloorIntent::OpenList))
        .press(Intent::Edit(EditKey::Paste))
        .typed("Chilee")
        .key(Input::Submit)
        .key(Input::Backspace)
        .key(Input::Backspace);
    assert!(c.shown().0.is_empty());
    c.typed("\u{1b}")
        .key(Input::Submit)
        .wait(1)
        .key(Input::Submit);
    assert_eq!(c.shown().0, ["Chile\u{1b}"]);
}

#[test]
fn a_paste_outside_the_list_is_ignored_not_typed() {
    let mut c = Console::at_the_floor();
    let before = c.app.run.at(c.now);
    // `n` would call the next speaker, `q` ask to close, `p` go back.
    c.press(Intent::Paste("n\nq\np\n".to_owned()));
    assert!(c.recorded.is_empty());
    assert!(c.app.ui.overlay.is_none(), "nothing opened");
    assert_eq!(c.app.run.at(c.now), before);
    assert!(
        c.app
            .live_notices(c.now)
            .any(|n| n.text.starts_with("pasted text is for the speakers' list"))
    );
    // In the message prompt it is not typed either.
    c.press(Intent::OpenPrompt)
        .press(Intent::Paste("Please wrap up".to_owned()));
    assert!(matches!(&c.app.ui.overlay, Some(Overlay::Prompt(p)) if p.text.is_empty()));
    assert!(c.recorded.is_empty());
}
