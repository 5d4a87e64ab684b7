//! Keys to intents, and the guard that keeps a held key from skipping
//! speakers.

use std::fmt::Write as _;

use chrono::TimeDelta;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{Answer, EditKey, FloorIntent, Input, Intent, Overlay};
use crate::run::{Command, Time};

/// One minute, the step of `+` and `-`.
const MINUTE: i64 = 60;

/// A key as the console matches it and its help names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A letter in either case (`n` and `N`).
    Letter(char),
    /// This character exactly (`U` is not `u`).
    Char(char),
    /// With Control held.
    Ctrl(char),
    Code(KeyCode),
}

impl Key {
    /// Its name in the help: `Space`, `→`, `PgDn`, `F1`, `Ctrl-Z`.
    pub fn name(self) -> String {
        match self {
            Key::Letter(c) | Key::Char(c) if c == ' ' => "Space".to_owned(),
            Key::Letter(c) | Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Code(code) => match code {
                KeyCode::Right => "→".to_owned(),
                KeyCode::Left => "←".to_owned(),
                KeyCode::PageDown => "PgDn".to_owned(),
                KeyCode::PageUp => "PgUp".to_owned(),
                KeyCode::F(n) => format!("F{n}"),
                other => other.to_string(),
            },
        }
    }

    fn matches(self, code: KeyCode, ctrl: bool) -> bool {
        match (self, code) {
            (Key::Ctrl(k), KeyCode::Char(c)) => ctrl && c.eq_ignore_ascii_case(&k),
            _ if ctrl => false,
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
    /// In the `?` help and `run --help`.
    pub what: &'static str,
    /// The README's fuller word, after `what`.
    pub more: &'static str,
}

impl Row {
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

use Key::{Code, Ctrl, Letter};

/// Every key the console takes when nothing is open over it.
pub static KEYS: &[Row] = &[
    Row {
        bound: &[(Key::Char(' '), Intent::Run(Command::StartOrPause))],
        what: "start the session; then pause / resume",
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
        more: "on a floor it calls the next speaker; after the last segment it finishes the run",
    },
    Row {
        bound: &[
            (Letter('p'), Intent::Run(Command::Back)),
            (Code(KeyCode::Left), Intent::Run(Command::Back)),
            (Code(KeyCode::PageUp), Intent::Run(Command::Back)),
        ],
        what: "back: the previous segment goes on",
        more: "as if it had never ended",
    },
    Row {
        bound: &[
            (Key::Char('u'), Intent::Run(Command::Undo)),
            (Ctrl('z'), Intent::Run(Command::Undo)),
        ],
        what: "undo the last n, p, +/-, a or edit",
        more: "pauses and messages stay: they happened in the room",
    },
    Row {
        bound: &[
            (Key::Char('r'), Intent::Run(Command::Redo)),
            (Key::Char('U'), Intent::Run(Command::Redo)),
            (Ctrl('y'), Intent::Run(Command::Redo)),
        ],
        what: "redo what was undone",
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
        more: "to / from the current segment",
    },
    Row {
        bound: &[(Letter('a'), Intent::ApplySuggestion)],
        what: "apply the suggestion: win time back, or give it back",
        more: "or fit a floor's list to its time; says so when there is nothing to apply",
    },
    Row {
        bound: &[
            (Key::Char('m'), Intent::OpenPrompt),
            (Key::Char('M'), Intent::Run(Command::ClearMessage)),
        ],
        what: "message to the speaker (preset: its number, Enter) / clear",
        more: "typed text is text (`5 minutes left` too); Tab pins it; Esc cancels",
    },
    Row {
        bound: &[(Letter('f'), Intent::Run(Command::Flash))],
        what: "flash the stage screens",
        more: "inverted for three seconds",
    },
    Row {
        bound: &[(Letter('e'), Intent::OpenEditor)],
        what: "edit the rundown: x skip, K/J move, i insert, c change",
        more: "↑/↓ choose a segment still to come; u/r undo/redo; Esc done",
    },
    Row {
        bound: &[
            (Letter('c'), Intent::Floor(FloorIntent::Chair)),
            (Letter('o'), Intent::Floor(FloorIntent::Order)),
        ],
        what: "on a floor: the floor to the chair / point of order",
        more: "a point of order freezes the speaker's time; o again gives it back",
    },
    Row {
        bound: &[(Letter('l'), Intent::Floor(FloorIntent::OpenList))],
        what: "floor list: i add, p paste, x strike, K/J move, c change",
        more: "the countdown keeps running; pasted names are shown before they are added; Esc leaves",
    },
    Row {
        bound: &[(Letter('s'), Intent::ToggleStage)],
        what: "speaker-facing stage view on/off",
        more: "",
    },
    Row {
        bound: &[(Letter('i'), Intent::ToggleNotes)],
        what: "the segment's notes on/off",
        more: "",
    },
    Row {
        bound: &[(Letter('w'), Intent::ToggleLinks)],
        what: "web links and QR codes (with --serve)",
        more: "",
    },
    Row {
        bound: &[(Letter('b'), Intent::ToggleBell)],
        what: "bell on/off (amber, zero, each minute over)",
        more: "the header says `bell off`",
    },
    Row {
        bound: &[
            (Key::Char('?'), Intent::ToggleHelp),
            (Key::Char('h'), Intent::ToggleHelp),
            (Code(KeyCode::F(1)), Intent::ToggleHelp),
        ],
        what: "this help (any key closes it)",
        more: "",
    },
    Row {
        bound: &[(Letter('q'), Intent::Quit), (Ctrl('c'), Intent::Quit)],
        what: "close (y close · e end the session); timing goes on",
        more: "the same command takes the session up again",
    },
];

/// The one-line help's word for a key: `n next`, by the first key the
/// table binds to `intent`.
pub fn hint(intent: &Intent, word: &str) -> String {
    KEYS.iter()
        .flat_map(|row| row.bound)
        .find(|(_, i)| i == intent)
        .map_or_else(
            || word.to_owned(),
            |(key, _)| format!("{} {word}", key.name()),
        )
}

/// The keys as `run --help` lists them, from [`KEYS`].
pub fn help_text() -> String {
    let rows: Vec<(String, &str)> = KEYS.iter().map(|r| (r.keys(), r.what)).collect();
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
        let what = if row.more.is_empty() {
            row.what.to_owned()
        } else {
            format!("{}; {}", row.what, row.more)
        };
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
        Some(Overlay::Editor(_) | Overlay::List(_)) => return editor_key(key, ctrl),
        Some(Overlay::Help | Overlay::Links) => return Some(Intent::Dismiss),
        _ => {}
    }
    if key.modifiers.contains(KeyModifiers::ALT) && !ctrl {
        return None;
    }
    if let Some((_, intent)) = KEYS
        .iter()
        .flat_map(|row| row.bound)
        .find(|(k, _)| k.matches(key.code, ctrl))
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

/// Keys of the rundown editor; others do nothing there.
fn editor_key(key: KeyEvent, ctrl: bool) -> Option<Intent> {
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    let edit = match key.code {
        KeyCode::Char('c') if ctrl => EditKey::Leave,
        KeyCode::Char('z') if ctrl => EditKey::Undo,
        KeyCode::Char('y') if ctrl => EditKey::Redo,
        _ if ctrl => return None,
        KeyCode::Up if shift => EditKey::MoveUp,
        KeyCode::Down if shift => EditKey::MoveDown,
        KeyCode::Up | KeyCode::Char('k') => EditKey::Up,
        KeyCode::Down | KeyCode::Char('j') => EditKey::Down,
        KeyCode::Char('K') => EditKey::MoveUp,
        KeyCode::Char('J') => EditKey::MoveDown,
        KeyCode::Char('x' | 'X') => EditKey::Skip,
        KeyCode::Char('i' | 'I') => EditKey::Insert,
        KeyCode::Char('c' | 'C') => EditKey::Change,
        KeyCode::Char('u') => EditKey::Undo,
        KeyCode::Char('r' | 'U') => EditKey::Redo,
        KeyCode::Char('p' | 'P') => EditKey::Paste,
        KeyCode::Esc | KeyCode::Char('e' | 'E' | 'q' | 'Q') => EditKey::Leave,
        _ => return None,
    };
    Some(Intent::Edit(edit))
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
