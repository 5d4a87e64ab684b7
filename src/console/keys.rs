//! Keys to intents, and the guard that keeps a held key from skipping
//! speakers. Two tables hold every key: [`KEYS`] for the console, and
//! [`EDIT_KEYS`] for the rundown editor and the speakers' list; the keys
//! are matched and every help is drawn from them.

use std::fmt::Write as _;

use chrono::TimeDelta;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{Answer, EditKey, FloorIntent, Input, Intent, Overlay};
use crate::run::{Command, Time};

/// One minute, the step of `+` and `-`.
pub const MINUTE: i64 = 60;

/// A key as the console matches it and its help names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A letter in either case (`n` and `N`).
    Letter(char),
    /// This character exactly (`U` is not `u`).
    Char(char),
    /// With Control held.
    Ctrl(char),
    /// With Shift held (`Shift-↑`); [`Key::Code`] takes the key either way.
    Shift(KeyCode),
    Code(KeyCode),
}

/// Its name in the help: `Space`, `→`, `PgDn`, `F1`, `Ctrl-Z` (written
/// where it goes: the one-line help is drawn every second).
impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Key::Letter(' ') | Key::Char(' ') => f.write_str("Space"),
            Key::Letter(c) | Key::Char(c) => write!(f, "{c}"),
            Key::Ctrl(c) => write!(f, "Ctrl-{}", c.to_ascii_uppercase()),
            Key::Shift(code) => write!(f, "Shift-{}", Key::Code(code)),
            Key::Code(code) => match code {
                KeyCode::Right => f.write_str("→"),
                KeyCode::Left => f.write_str("←"),
                KeyCode::Up => f.write_str("↑"),
                KeyCode::Down => f.write_str("↓"),
                KeyCode::PageDown => f.write_str("PgDn"),
                KeyCode::PageUp => f.write_str("PgUp"),
                KeyCode::F(n) => write!(f, "F{n}"),
                other => write!(f, "{other}"),
            },
        }
    }
}

impl Key {
    /// Its name in the help: `Space`, `→`, `PgDn`, `F1`, `Ctrl-Z`.
    pub fn name(self) -> String {
        self.to_string()
    }

    fn matches(self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match (self, key.code) {
            (Key::Ctrl(k), KeyCode::Char(c)) => ctrl && c.eq_ignore_ascii_case(&k),
            _ if ctrl => false,
            (Key::Shift(k), code) => key.modifiers.contains(KeyModifiers::SHIFT) && k == code,
            (Key::Letter(k), KeyCode::Char(c)) => c.eq_ignore_ascii_case(&k),
            (Key::Char(k), KeyCode::Char(c)) => c == k,
            (Key::Code(k), code) => k == code,
            _ => false,
        }
    }
}

/// One line of the help: the keys, what they do, and for each key the
/// intent it has. The console's keys, the `?` help, `run --help`, the
/// one-line help and the README's table are all drawn from [`KEYS`].
#[derive(Debug)]
pub struct Row {
    pub bound: &'static [(Key, Intent)],
    /// In the `?` help and `run --help` (see [`Row::what`]).
    what: &'static str,
    /// What the key opens, whose keys the row names after `what`.
    pub opens: Option<Mode>,
    /// The README's fuller word, after `what`.
    pub more: &'static str,
}

impl Row {
    /// Its words in the `?` help and `run --help`; a row that opens the
    /// rundown editor or the speakers' list names their gestures, from
    /// [`EDIT_KEYS`]: `edit the rundown: i insert, x skip, K/J move, c change`.
    pub fn what(&self) -> String {
        match self.opens {
            Some(mode) => {
                let gestures: Vec<String> = EDIT_KEYS
                    .iter()
                    .filter(|row| row.summary)
                    .filter_map(|row| row.item(mode, row.first_keys(), ""))
                    .collect();
                format!("{}: {}", self.what, gestures.join(", "))
            }
            None => self.what.to_owned(),
        }
    }

    /// Its words in the README's table: [`Row::what`] and `more`; a row
    /// that opens the editor or the list names every key they take.
    fn readme_words(&self) -> String {
        let what = match self.opens {
            // The screen names the cursor keys bare; the table says so.
            Some(mode) => format!("{}: {}", self.what, edit_items(mode, "cursor").join(", ")),
            None => self.what.to_owned(),
        };
        if self.more.is_empty() {
            what
        } else {
            format!("{what}; {}", self.more)
        }
    }

    /// The keys as the help writes them: `n → Enter PgDn`, `u / r`.
    pub fn keys(&self) -> String {
        let mut out = String::new();
        for (i, (key, intent)) in self.bound.iter().enumerate() {
            if i > 0 {
                // A slash where the keys change what they do: `u / r`.
                let before = &self.bound[i - 1].1;
                out.push_str(if before == intent { " " } else { " / " });
            }
            out.push_str(&key.name());
        }
        out
    }
}

use Key::{Code, Ctrl, Letter, Shift};

/// Every key the console takes when nothing is open over it.
pub static KEYS: &[Row] = &[
    Row {
        bound: &[(Key::Char(' '), Intent::Run(Command::StartOrPause))],
        what: "start the session; then pause / resume",
        opens: None,
        more: "",
    },
    Row {
        // A presentation remote's "next" and "previous" are PageDown and
        // PageUp (some send the arrows).
        bound: &[
            (Letter('n'), Intent::Run(Command::Next)),
            (Code(KeyCode::Right), Intent::Run(Command::Next)),
            (Code(KeyCode::Enter), Intent::Run(Command::Next)),
            (Code(KeyCode::PageDown), Intent::Run(Command::Next)),
        ],
        what: "end this segment, start the next",
        opens: None,
        more: "on a floor it calls the next speaker; after the last segment it finishes the run",
    },
    Row {
        bound: &[
            (Letter('p'), Intent::Run(Command::Back)),
            (Code(KeyCode::Left), Intent::Run(Command::Back)),
            (Code(KeyCode::PageUp), Intent::Run(Command::Back)),
        ],
        what: "back: the previous segment goes on",
        opens: None,
        more: "as if it had never ended; on a floor, the last call is taken back",
    },
    Row {
        bound: &[
            (Key::Char('u'), Intent::Run(Command::Undo)),
            (Ctrl('z'), Intent::Run(Command::Undo)),
        ],
        what: "undo the last n, p, +/-, a or edit",
        opens: None,
        more: "pauses and messages stay: they happened in the room",
    },
    Row {
        bound: &[
            (Key::Char('r'), Intent::Run(Command::Redo)),
            (Key::Char('U'), Intent::Run(Command::Redo)),
            (Ctrl('y'), Intent::Run(Command::Redo)),
        ],
        what: "redo what was undone",
        opens: None,
        more: "",
    },
    Row {
        bound: &[
            (Key::Char('+'), Intent::Run(Command::Adjust(MINUTE))),
            (Key::Char('='), Intent::Run(Command::Adjust(MINUTE))),
            (Key::Char('-'), Intent::Run(Command::Adjust(-MINUTE))),
            (Key::Char('_'), Intent::Run(Command::Adjust(-MINUTE))),
        ],
        what: "give / take one minute",
        opens: None,
        more: "to / from the current segment",
    },
    Row {
        bound: &[(Letter('a'), Intent::ApplySuggestion)],
        what: "apply the suggestion: win time back, or give it back",
        opens: None,
        more: "or fit a floor's list to its time; says so when there is nothing to apply",
    },
    Row {
        bound: &[
            (Key::Char('m'), Intent::OpenPrompt),
            (Key::Char('M'), Intent::Run(Command::ClearMessage)),
        ],
        what: "message to the speaker (preset: its number, Enter) / clear",
        opens: None,
        more: "typed text is text (`5 minutes left` too); Tab ↑↓ pin; Esc cancels",
    },
    Row {
        bound: &[(Letter('f'), Intent::Run(Command::Flash))],
        what: "flash the stage screens",
        opens: None,
        more: "inverted for three seconds",
    },
    Row {
        bound: &[(Letter('e'), Intent::OpenEditor)],
        what: "edit the rundown",
        opens: Some(Mode::Editor),
        more: "",
    },
    Row {
        bound: &[
            (Letter('c'), Intent::Floor(FloorIntent::Chair)),
            (Letter('o'), Intent::Floor(FloorIntent::Order)),
        ],
        what: "on a floor: the floor to the chair / point of order",
        opens: None,
        more: "a point of order freezes the speaker's time; o again gives it back",
    },
    Row {
        bound: &[(Letter('l'), Intent::Floor(FloorIntent::OpenList))],
        what: "floor list",
        opens: Some(Mode::List),
        more: "",
    },
    Row {
        bound: &[(Letter('s'), Intent::ToggleStage)],
        what: "speaker-facing stage view on/off",
        opens: None,
        more: "",
    },
    Row {
        bound: &[(Letter('i'), Intent::ToggleNotes)],
        what: "the segment's notes on/off",
        opens: None,
        more: "",
    },
    Row {
        bound: &[(Letter('w'), Intent::ToggleLinks)],
        what: "web links and QR codes (with --serve)",
        opens: None,
        more: "",
    },
    Row {
        bound: &[(Letter('b'), Intent::ToggleBell)],
        what: "bell on/off (amber, zero, each minute over)",
        opens: None,
        more: "the header says `bell off`",
    },
    Row {
        bound: &[
            (Key::Char('?'), Intent::ToggleHelp),
            (Key::Char('h'), Intent::ToggleHelp),
            (Code(KeyCode::F(1)), Intent::ToggleHelp),
        ],
        what: "this help (any key closes it)",
        opens: None,
        more: "",
    },
    Row {
        bound: &[(Letter('q'), Intent::Quit), (Ctrl('c'), Intent::Quit)],
        what: "close (y close · e end the session); timing goes on",
        opens: None,
        more: "the same command takes the session up again",
    },
];

/// The two views with a cursor, whose keys are [`EDIT_KEYS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The rundown editor (`e`).
    Editor,
    /// The speakers' list of a floor (`l`).
    List,
}

impl Mode {
    /// The one of the two open over the console, if one is.
    pub fn of(overlay: &Overlay) -> Option<Self> {
        match overlay {
            Overlay::Editor(_) => Some(Self::Editor),
            Overlay::List(_) => Some(Self::List),
            _ => None,
        }
    }

    /// The word its help line starts with.
    fn lead(self) -> &'static str {
        match self {
            Self::Editor => "EDIT",
            Self::List => "LIST",
        }
    }
}

/// One item of the help of the rundown editor and the speakers' list: the
/// keys and what each does, and its word in each of the two. A key means
/// the same in both; a row one of them does not take has no word there.
#[derive(Debug)]
pub struct EditRow {
    /// The keys and their action. A row of two actions (up and down) lists
    /// its keys in pairs, the first action's first: `↑↓ k/j`.
    pub bound: &'static [(Key, EditKey)],
    /// Its word in the rundown editor; `None`: the editor does not take
    /// these keys. Empty: the keys say it (`↑↓`).
    pub editor: Option<&'static str>,
    /// Its word in the speakers' list; `None`: the list does not take them.
    pub list: Option<&'static str>,
    /// A gesture that changes the rundown or the list: named in the `e` and
    /// `l` rows of the `?` help.
    pub summary: bool,
}

impl EditRow {
    /// Its word in `mode`, if `mode` takes its keys.
    pub fn word(&self, mode: Mode) -> Option<&'static str> {
        match mode {
            Mode::Editor => self.editor,
            Mode::List => self.list,
        }
    }

    fn paired(&self) -> bool {
        self.bound.iter().any(|(_, edit)| *edit != self.bound[0].1)
    }

    /// Every key, as the help writes them: `↑↓ k/j`, `K/J Shift-↑↓`,
    /// `u Ctrl-Z`.
    pub fn keys(&self) -> String {
        if self.paired() {
            let pairs: Vec<String> = self
                .bound
                .chunks(2)
                .map(|pair| pair_name(pair[0].0, pair[1].0))
                .collect();
            pairs.join(" ")
        } else {
            let names: Vec<String> = self.bound.iter().map(|(key, _)| key.name()).collect();
            names.join(" ")
        }
    }

    /// The first key (or pair): `↑↓`, `K/J`, `u`.
    pub fn first_keys(&self) -> String {
        if self.paired() {
            pair_name(self.bound[0].0, self.bound[1].0)
        } else {
            self.bound[0].0.name()
        }
    }

    /// `keys` and its word in `mode`: `i insert`, or `bare` for a row the
    /// screen names by its keys alone; `None` where `mode` does not take it.
    fn item(&self, mode: Mode, keys: String, bare: &str) -> Option<String> {
        let word = match self.word(mode)? {
            "" => bare,
            word => word,
        };
        Some(if word.is_empty() {
            keys
        } else {
            format!("{keys} {word}")
        })
    }
}

/// Two keys that go opposite ways: `K/J`; two arrows read as one, `↑↓`,
/// `Shift-↑↓`.
fn pair_name(one: Key, other: Key) -> String {
    let (one, other) = (one.name(), other.name());
    match (one.strip_suffix('↑'), other.strip_suffix('↓')) {
        (Some(held), Some(same)) if held == same => format!("{held}↑↓"),
        _ => format!("{one}/{other}"),
    }
}

use EditKey as E;

/// Every key of the rundown editor and the speakers' list (the list's
/// gestures are the editor's), in the order their help names them.
pub static EDIT_KEYS: &[EditRow] = &[
    EditRow {
        // k and j as in vi.
        bound: &[
            (Code(KeyCode::Up), E::Up),
            (Code(KeyCode::Down), E::Down),
            (Key::Char('k'), E::Up),
            (Key::Char('j'), E::Down),
        ],
        editor: Some(""),
        list: Some(""),
        summary: false,
    },
    EditRow {
        bound: &[(Letter('i'), E::Insert)],
        editor: Some("insert"),
        list: Some("add"),
        summary: true,
    },
    EditRow {
        bound: &[(Letter('p'), E::Paste)],
        // Names are pasted into the speakers' list, not the rundown.
        editor: None,
        list: Some("paste"),
        summary: true,
    },
    EditRow {
        bound: &[(Letter('x'), E::Skip)],
        editor: Some("skip"),
        list: Some("strike"),
        summary: true,
    },
    EditRow {
        bound: &[
            (Key::Char('K'), E::MoveUp),
            (Key::Char('J'), E::MoveDown),
            (Shift(KeyCode::Up), E::MoveUp),
            (Shift(KeyCode::Down), E::MoveDown),
        ],
        editor: Some("move"),
        list: Some("move"),
        summary: true,
    },
    EditRow {
        bound: &[(Letter('c'), E::Change)],
        editor: Some("change"),
        list: Some("change"),
        summary: true,
    },
    EditRow {
        bound: &[(Key::Char('u'), E::Undo), (Ctrl('z'), E::Undo)],
        editor: Some("undo"),
        list: Some("undo"),
        summary: false,
    },
    EditRow {
        bound: &[
            (Key::Char('r'), E::Redo),
            (Key::Char('U'), E::Redo),
            (Ctrl('y'), E::Redo),
        ],
        editor: Some("redo"),
        list: Some("redo"),
        summary: false,
    },
    EditRow {
        // `e` again, or `q` as elsewhere, never closes the console here.
        bound: &[
            (Code(KeyCode::Esc), E::Leave),
            (Letter('e'), E::Leave),
            (Letter('q'), E::Leave),
            (Ctrl('c'), E::Leave),
        ],
        editor: Some("done"),
        list: Some("done"),
        summary: false,
    },
];

/// The items of `mode`'s help, every key named: `↑↓ k/j` (then `bare`),
/// `i insert`, …
pub fn edit_items(mode: Mode, bare: &str) -> Vec<String> {
    EDIT_KEYS
        .iter()
        .filter_map(|row| row.item(mode, row.keys(), bare))
        .collect()
}

/// The help of the rundown editor or the speakers' list, `EDIT ↑↓ k/j ·
/// i insert · …`, in rows of at most `width` where an item fits (an item
/// is never broken): as many rows as it takes, the later ones indented
/// under the first item.
pub fn edit_help(mode: Mode, width: usize) -> Vec<String> {
    let lead = format!("{} ", mode.lead());
    let indent = " ".repeat(lead.len());
    let mut rows = vec![lead];
    let mut started = false;
    for item in edit_items(mode, "") {
        let row = rows.last_mut().expect("a row");
        if started && crate::text::width(row) + 3 + crate::text::width(&item) > width {
            rows.push(indent.clone());
            started = false;
        }
        let row = rows.last_mut().expect("a row");
        if started {
            row.push_str(" · ");
        }
        row.push_str(&item);
        started = true;
    }
    rows
}

/// The first key [`KEYS`] binds to `intent`.
fn first_key(intent: &Intent) -> Option<Key> {
    KEYS.iter()
        .flat_map(|row| row.bound)
        .find(|(_, i)| i == intent)
        .map(|(key, _)| *key)
}

/// The one-line help's word for a key: `n next`, by the first key the
/// table binds to `intent`.
pub fn hint(intent: &Intent, word: &str) -> String {
    first_key(intent).map_or_else(|| word.to_owned(), |key| format!("{key} {word}"))
}

/// The one-line help's word for two keys that go opposite ways: `+/- min`.
pub fn hint_pair(one: &Intent, other: &Intent, word: &str) -> String {
    match (first_key(one), first_key(other)) {
        (Some(one), Some(other)) => format!("{one}/{other} {word}"),
        _ => word.to_owned(),
    }
}

/// The keys as `run --help` lists them, from [`KEYS`] and [`EDIT_KEYS`].
pub fn help_text() -> String {
    let rows: Vec<(String, String)> = KEYS.iter().map(|r| (r.keys(), r.what())).collect();
    let width = rows
        .iter()
        .map(|(k, _)| crate::text::width(k))
        .max()
        .unwrap_or(0);
    let mut out = String::from("Keys in the console:\n");
    for (keys, what) in rows {
        let pad = width - crate::text::width(&keys);
        let _ = writeln!(out, "  {keys}{:pad$}  {what}", "");
    }
    out.push_str("\nKeys in the rundown editor (e) and the speakers' list (l):\n");
    for mode in [Mode::Editor, Mode::List] {
        for row in edit_help(mode, 76) {
            let _ = writeln!(out, "  {row}");
        }
    }
    out.push_str(
        "\nA held key counts once. Keys typed into the message prompt or a form are text.\n\
         Closing the console leaves the session timed: the same command takes it up again.",
    );
    out
}

/// The README's table of keys, from [`KEYS`] (a test keeps the README's
/// copy the same).
pub fn markdown_table() -> String {
    let mut out = String::from("| key | action |\n|---|---|\n");
    for row in KEYS {
        let keys: Vec<String> = row
            .keys()
            .split(' ')
            .map(|k| {
                if k == "/" {
                    k.to_owned()
                } else {
                    format!("`{k}`")
                }
            })
            .collect();
        let what = row.readme_words();
        let _ = writeln!(out, "| {} | {} |", keys.join(" "), what.replace('|', "\\|"));
    }
    out
}

/// What a key means, given what is open over the console.
pub fn intent_for(key: KeyEvent, overlay: Option<&Overlay>) -> Option<Intent> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let ctrl_c = ctrl && key.code == KeyCode::Char('c');
    match overlay {
        Some(Overlay::ConfirmQuit) => {
            // `y` or a second `q` closes; `e` ends the session; anything
            // else (Ctrl-C included, pressed twice in a panic) keeps timing.
            return Some(Intent::Confirm(match key.code {
                _ if ctrl_c => Answer::Keep,
                KeyCode::Char('y' | 'Y' | 'q' | 'Q') => Answer::Close,
                KeyCode::Char('e' | 'E') => Answer::EndSession,
                _ => Answer::Keep,
            }));
        }
        Some(overlay) if overlay.takes_text() => return text_key(key, ctrl),
        Some(Overlay::Help | Overlay::Links) => return Some(Intent::Dismiss),
        Some(overlay) => {
            if let Some(mode) = Mode::of(overlay) {
                return editor_key(&key, mode);
            }
        }
        None => {}
    }
    if key.modifiers.contains(KeyModifiers::ALT) && !ctrl {
        return None;
    }
    if let Some((_, intent)) = KEYS
        .iter()
        .flat_map(|row| row.bound)
        .find(|(k, _)| k.matches(&key))
    {
        return Some(intent.clone());
    }
    // Esc closes what is open, and does nothing else.
    (key.code == KeyCode::Esc && !ctrl).then_some(Intent::Dismiss)
}

/// Keys typed into the message prompt or a form: text, never commands.
fn text_key(key: KeyEvent, ctrl: bool) -> Option<Intent> {
    let input = match key.code {
        KeyCode::Char('c') if ctrl => Input::Cancel,
        _ if ctrl || key.modifiers.contains(KeyModifiers::ALT) => return None,
        KeyCode::Char(c) => Input::Char(c),
        KeyCode::Backspace => Input::Backspace,
        KeyCode::Enter => Input::Submit,
        KeyCode::Esc => Input::Cancel,
        KeyCode::Tab | KeyCode::Down => Input::Next,
        KeyCode::BackTab | KeyCode::Up => Input::Previous,
        _ => return None,
    };
    Some(Intent::Input(input))
}

/// Keys of the rundown editor or the speakers' list, from [`EDIT_KEYS`];
/// others do nothing there.
fn editor_key(key: &KeyEvent, mode: Mode) -> Option<Intent> {
    let taken = || {
        EDIT_KEYS
            .iter()
            .filter(move |row| row.word(mode).is_some())
            .flat_map(|row| row.bound)
    };
    // Shift-↑ moves the segment; ↑ without Shift, the cursor.
    taken()
        .find(|(k, _)| matches!(k, Key::Shift(_)) && k.matches(key))
        .or_else(|| taken().find(|(k, _)| k.matches(key)))
        .map(|(_, edit)| Intent::Edit(*edit))
}

/// Terminals without the kitty keyboard protocol send a held key as a
/// stream of presses. A run command repeated within this window of the same
/// key is taken for auto-repeat and dropped (the window restarts with each
/// dropped press, so a key held for ten seconds is still one press). The
/// remote's double taps are held to the same window.
pub const REPEAT_WINDOW: TimeDelta = TimeDelta::milliseconds(400);

/// A terminal that reports releases still sends a held key's repeats as
/// presses on Windows (Press, Press, …, Release): a press of the key that is
/// down is a repeat. A key down with no press for this long has lost its
/// release (the window lost focus while it was held): its next press
/// counts. Longer than the slowest first repeat Windows can be set to (1 s).
const RELEASE_LOST: TimeDelta = TimeDelta::milliseconds(1500);

/// Drops auto-repeated presses: a held key never moves the session more
/// than once, whatever the terminal reports.
#[derive(Debug)]
pub struct RepeatGuard {
    last: Option<(KeyCode, Time)>,
    /// The terminal reports releases: a key is held from its press to its
    /// release, no guessing needed.
    releases_reported: bool,
    /// With releases reported: the key pressed and not released yet, and
    /// when it was last pressed.
    down: Option<(KeyCode, Time)>,
}

impl Default for RepeatGuard {
    /// A guard for this platform's terminal: on Windows every key's release
    /// is reported from the first key on.
    fn default() -> Self {
        Self {
            last: None,
            releases_reported: crate::shell::terminal::REPORTS_RELEASES,
            down: None,
        }
    }
}

impl RepeatGuard {
    /// A guard for a terminal known to report releases (Windows's console).
    pub fn reporting_releases() -> Self {
        Self {
            releases_reported: true,
            ..Self::default()
        }
    }

    /// Notes any key event: a release shows the terminal reports releases,
    /// and lets its key go.
    pub fn observe(&mut self, key: &KeyEvent) {
        if key.kind == KeyEventKind::Release {
            self.releases_reported = true;
            if self
                .down
                .is_some_and(|(code, _)| code == same_key(key.code))
            {
                self.down = None;
            }
        }
    }

    /// Whether this press should be acted on.
    pub fn admit(&mut self, key: &KeyEvent, intent: &Intent, now: Time) -> bool {
        if self.releases_reported {
            let code = same_key(key.code);
            let held = self
                .down
                .is_some_and(|(down, at)| down == code && now >= at && now - at < RELEASE_LOST);
            self.down = Some((code, now));
            return !held;
        }
        // `q` too (see `guards_repeats`): held down, its repeats would
        // answer the quit question it has just asked.
        // `y` is the answer to the quit question, never held.
        let guarded = intent.guards_repeats() && !matches!(key.code, KeyCode::Char('y' | 'Y'));
        if !guarded {
            self.last = None;
            return true;
        }
        let repeated = self
            .last
            .is_some_and(|(code, at)| code == key.code && now - at < REPEAT_WINDOW && now >= at);
        self.last = Some((key.code, now));
        !repeated
    }
}

/// A key as held: `n` and `N` are one key (Shift may go down or up while
/// it is held).
fn same_key(code: KeyCode) -> KeyCode {
    match code {
        KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
        code => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn t(ms: i64) -> Time {
        DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap()
            + TimeDelta::milliseconds(ms)
    }

    /// A guard for a terminal that has not reported a release (yet).
    fn guessing() -> RepeatGuard {
        RepeatGuard {
            releases_reported: false,
            ..RepeatGuard::default()
        }
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn every_documented_key_and_alias_means_its_action() {
        let cases = [
            (KeyCode::Char(' '), Intent::Run(Command::StartOrPause)),
            (KeyCode::Char('n'), Intent::Run(Command::Next)),
            (KeyCode::Right, Intent::Run(Command::Next)),
            (KeyCode::Enter, Intent::Run(Command::Next)),
            (KeyCode::Char('p'), Intent::Run(Command::Back)),
            (KeyCode::Left, Intent::Run(Command::Back)),
            (KeyCode::Char('+'), Intent::Run(Command::Adjust(60))),
            (KeyCode::Char('-'), Intent::Run(Command::Adjust(-60))),
            (KeyCode::Char('a'), Intent::ApplySuggestion),
            (KeyCode::PageDown, Intent::Run(Command::Next)),
            (KeyCode::PageUp, Intent::Run(Command::Back)),
            (KeyCode::Char('u'), Intent::Run(Command::Undo)),
            (KeyCode::Char('r'), Intent::Run(Command::Redo)),
            (KeyCode::Char('m'), Intent::OpenPrompt),
            (KeyCode::Char('M'), Intent::Run(Command::ClearMessage)),
            (KeyCode::Char('f'), Intent::Run(Command::Flash)),
            (KeyCode::Char('e'), Intent::OpenEditor),
            (KeyCode::Char('i'), Intent::ToggleNotes),
            (KeyCode::Char('w'), Intent::ToggleLinks),
            (KeyCode::Char('s'), Intent::ToggleStage),
            (KeyCode::Char('b'), Intent::ToggleBell),
            (KeyCode::Char('?'), Intent::ToggleHelp),
            (KeyCode::Char('q'), Intent::Quit),
        ];
        for (code, intent) in cases {
            assert_eq!(intent_for(key(code), None), Some(intent), "{code:?}");
        }
    }

    /// Each key of the rundown editor and the speakers' list, with what it
    /// meant before the two had one table: none may change.
    #[test]
    fn every_editor_and_list_key_means_what_it_meant() {
        use KeyCode::{Char, Down, Enter, Esc, Left, Tab, Up};
        let shift = |code| KeyEvent::new(code, KeyModifiers::SHIFT);
        let ctrl = |c| KeyEvent::new(Char(c), KeyModifiers::CONTROL);
        let mut cases = vec![
            (ctrl('c'), Some(E::Leave)),
            (ctrl('z'), Some(E::Undo)),
            (ctrl('y'), Some(E::Redo)),
            (ctrl('x'), None),
            (KeyEvent::new(Up, KeyModifiers::CONTROL), None),
            (shift(Up), Some(E::MoveUp)),
            (shift(Down), Some(E::MoveDown)),
            (shift(Left), None),
            (key(Up), Some(E::Up)),
            (key(Down), Some(E::Down)),
            (key(Left), None),
            (key(Enter), None),
            (key(Tab), None),
            (key(Esc), Some(E::Leave)),
        ];
        for (chars, edit) in [
            ("k", Some(E::Up)),
            ("j", Some(E::Down)),
            ("K", Some(E::MoveUp)),
            ("J", Some(E::MoveDown)),
            ("xX", Some(E::Skip)),
            ("iI", Some(E::Insert)),
            ("cC", Some(E::Change)),
            ("u", Some(E::Undo)),
            ("rU", Some(E::Redo)),
            ("eEqQ", Some(E::Leave)),
            ("Rn?hs +", None),
        ] {
            cases.extend(chars.chars().map(|c| (key(Char(c)), edit)));
        }
        for mode in [Mode::Editor, Mode::List] {
            for (event, edit) in &cases {
                assert_eq!(
                    editor_key(event, mode),
                    edit.map(Intent::Edit),
                    "{mode:?} {event:?}"
                );
            }
        }
        // `p` pastes names into the list; in the editor it never did
        // anything, and now it is not taken there.
        for c in ['p', 'P'] {
            assert_eq!(
                editor_key(&key(Char(c)), Mode::List),
                Some(Intent::Edit(E::Paste))
            );
            assert_eq!(editor_key(&key(Char(c)), Mode::Editor), None);
        }
    }

    /// The presses a table's key stands for (a letter in either case).
    fn presses(key: Key) -> Vec<KeyEvent> {
        let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
        match key {
            Key::Letter(c) => vec![
                plain(KeyCode::Char(c.to_ascii_lowercase())),
                plain(KeyCode::Char(c.to_ascii_uppercase())),
            ],
            Key::Char(c) => vec![plain(KeyCode::Char(c))],
            Key::Ctrl(c) => vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)],
            Key::Shift(code) => vec![KeyEvent::new(code, KeyModifiers::SHIFT)],
            Key::Code(code) => vec![plain(code)],
        }
    }

    #[test]
    fn every_key_of_the_edit_table_means_its_action_where_it_is_taken() {
        for row in EDIT_KEYS {
            for (k, edit) in row.bound {
                for mode in [Mode::Editor, Mode::List] {
                    let meant = row.word(mode).map(|_| Intent::Edit(*edit));
                    for press in presses(*k) {
                        assert_eq!(editor_key(&press, mode), meant, "{mode:?} {k:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_row_of_two_actions_lists_its_keys_in_pairs() {
        for row in EDIT_KEYS.iter().filter(|r| r.paired()) {
            let (one, other) = (row.bound[0].1, row.bound[1].1);
            assert!(
                row.bound.len() % 2 == 0
                    && row
                        .bound
                        .chunks(2)
                        .all(|pair| pair[0].1 == one && pair[1].1 == other),
                "{row:?}"
            );
        }
    }

    #[test]
    fn the_editor_and_the_list_name_every_key_in_two_rows_at_80_columns() {
        assert_eq!(
            edit_help(Mode::Editor, 80),
            [
                "EDIT ↑↓ k/j · i insert · x skip · K/J Shift-↑↓ move · c change · u Ctrl-Z undo",
                "     r U Ctrl-Y redo · Esc e q Ctrl-C done",
            ]
        );
        assert_eq!(
            edit_help(Mode::List, 80),
            [
                "LIST ↑↓ k/j · i add · p paste · x strike · K/J Shift-↑↓ move · c change",
                "     u Ctrl-Z undo · r U Ctrl-Y redo · Esc e q Ctrl-C done",
            ]
        );
        assert_eq!(edit_help(Mode::Editor, 120).len(), 1);
        let what = |intent: Intent| {
            KEYS.iter()
                .find(|row| row.bound[0].1 == intent)
                .map(Row::what)
        };
        assert_eq!(
            what(Intent::OpenEditor).as_deref(),
            Some("edit the rundown: i insert, x skip, K/J move, c change")
        );
        assert_eq!(
            what(Intent::Floor(FloorIntent::OpenList)).as_deref(),
            Some("floor list: i add, p paste, x strike, K/J move, c change")
        );
        assert_eq!(
            hint_pair(
                &Intent::Run(Command::Adjust(MINUTE)),
                &Intent::Run(Command::Adjust(-MINUTE)),
                "min"
            ),
            "+/- min"
        );
    }

    #[test]
    fn release_and_repeat_events_are_ignored() {
        let mut release = key(KeyCode::Char('n'));
        release.kind = KeyEventKind::Release;
        assert_eq!(intent_for(release, None), None);
        let mut repeat = key(KeyCode::Char('n'));
        repeat.kind = KeyEventKind::Repeat;
        assert_eq!(intent_for(repeat, None), None);
    }

    #[test]
    fn the_quit_question_takes_y_or_a_second_q_as_yes() {
        for yes in ['y', 'q'] {
            assert_eq!(
                intent_for(key(KeyCode::Char(yes)), Some(&Overlay::ConfirmQuit)),
                Some(Intent::Confirm(Answer::Close))
            );
        }
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            intent_for(ctrl_c, Some(&Overlay::ConfirmQuit)),
            Some(Intent::Confirm(Answer::Keep))
        );
        assert_eq!(intent_for(ctrl_c, None), Some(Intent::Quit));
        assert_eq!(
            intent_for(key(KeyCode::Char('n')), Some(&Overlay::ConfirmQuit)),
            Some(Intent::Confirm(Answer::Keep))
        );
        assert_eq!(
            intent_for(key(KeyCode::Esc), Some(&Overlay::ConfirmQuit)),
            Some(Intent::Confirm(Answer::Keep))
        );
        assert_eq!(
            intent_for(key(KeyCode::Char(' ')), Some(&Overlay::ConfirmQuit)),
            Some(Intent::Confirm(Answer::Keep))
        );
    }

    #[test]
    fn a_held_next_key_moves_one_speaker_not_three() {
        let mut guard = guessing();
        let n = key(KeyCode::Char('n'));
        let next = Intent::Run(Command::Next);
        // First press, then auto-repeat after 300 ms and every 33 ms for 2 s.
        let mut admitted = usize::from(guard.admit(&n, &next, t(0)));
        let mut at = 300;
        while at < 2300 {
            admitted += usize::from(guard.admit(&n, &next, t(at)));
            at += 33;
        }
        assert_eq!(admitted, 1);
        // Let go, then a deliberate press later counts.
        assert!(guard.admit(&n, &next, t(3000)));
    }

    #[test]
    fn a_held_q_asks_once_and_does_not_answer_its_own_question() {
        let mut guard = guessing();
        let q = key(KeyCode::Char('q'));
        assert!(guard.admit(&q, &Intent::Quit, t(0)));
        // Auto-repeat arrives while the question is open.
        for at in [300, 333, 366, 400] {
            assert!(!guard.admit(&q, &Intent::Confirm(Answer::Close), t(at)));
        }
        // A deliberate second q, or y at once, answers it.
        assert!(guard.admit(&q, &Intent::Confirm(Answer::Close), t(1000)));
        let mut guard = guessing();
        assert!(guard.admit(&q, &Intent::Quit, t(0)));
        assert!(guard.admit(
            &key(KeyCode::Char('y')),
            &Intent::Confirm(Answer::Close),
            t(50)
        ));
    }

    #[test]
    fn two_different_keys_in_quick_succession_both_count() {
        let mut guard = guessing();
        assert!(guard.admit(&key(KeyCode::Char('n')), &Intent::Run(Command::Next), t(0)));
        assert!(guard.admit(
            &key(KeyCode::Char('p')),
            &Intent::Run(Command::Back),
            t(100)
        ));
    }

    fn released(code: KeyCode) -> KeyEvent {
        let mut release = key(code);
        release.kind = KeyEventKind::Release;
        release
    }

    #[test]
    fn a_terminal_that_reports_releases_counts_every_press() {
        let mut guard = guessing();
        let u = key(KeyCode::Char('u'));
        let undo = Intent::Run(Command::Undo);
        assert!(guard.admit(&u, &undo, t(0)));
        assert!(!guard.admit(&u, &undo, t(250)), "taken for auto-repeat");
        guard.observe(&released(u.code));
        // Two deliberate presses a quarter of a second apart both count.
        assert!(guard.admit(&u, &undo, t(1000)));
        guard.observe(&released(u.code));
        assert!(guard.admit(&u, &undo, t(1250)));
    }

    /// Holding `n` for 2 s as Windows's console reports it: a press, the
    /// first repeat after the keyboard delay, then a press every 33 ms, and
    /// one release at the end.
    fn held_as_on_windows(guard: &mut RepeatGuard, code: KeyCode, from: i64) -> usize {
        let n = key(code);
        let next = Intent::Run(Command::Next);
        let mut admitted = usize::from(guard.admit(&n, &next, t(from)));
        let mut at = from + 500;
        while at < from + 2000 {
            admitted += usize::from(guard.admit(&n, &next, t(at)));
            at += 33;
        }
        guard.observe(&released(code));
        admitted
    }

    #[test]
    fn a_held_key_on_windows_moves_the_session_once() {
        // crossterm on Windows sends every repeat as a Press, never a
        // Repeat: admitting every press after a release was seen called 61
        // next segments for a 2-second hold.
        let mut guard = RepeatGuard::reporting_releases();
        assert_eq!(held_as_on_windows(&mut guard, KeyCode::Char('n'), 0), 1);
        // The same key again, after its release: a deliberate press.
        assert_eq!(held_as_on_windows(&mut guard, KeyCode::Char('n'), 2100), 1);
        // Once a release has been seen on any terminal, the same holds.
        let mut guard = guessing();
        guard.observe(&released(KeyCode::Char('x')));
        assert_eq!(held_as_on_windows(&mut guard, KeyCode::Right, 0), 1);
    }

    #[test]
    fn quick_deliberate_presses_on_windows_all_count() {
        let mut guard = RepeatGuard::reporting_releases();
        let n = key(KeyCode::Char('n'));
        let next = Intent::Run(Command::Next);
        for at in [0, 120, 240] {
            assert!(guard.admit(&n, &next, t(at)));
            guard.observe(&released(n.code));
        }
        // A release lost while the key was down: the next press, much
        // later, still counts.
        assert!(guard.admit(&n, &next, t(1000)));
        assert!(guard.admit(&n, &next, t(4000)));
    }
}
