//! Keys to intents, and the guard that keeps a held key from skipping
//! speakers.

use chrono::TimeDelta;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{Answer, EditKey, FloorIntent, Input, Intent, Overlay};
use crate::run::{Command, Time};

/// One minute, the step of `+` and `-`.
const MINUTE: i64 = 60;

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
    if ctrl_c {
        return Some(Intent::Quit);
    }
    if ctrl {
        return match key.code {
            KeyCode::Char('z') => Some(Intent::Run(Command::Undo)),
            KeyCode::Char('y') => Some(Intent::Run(Command::Redo)),
            _ => None,
        };
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    Some(match key.code {
        KeyCode::Char(' ') => Intent::Run(Command::StartOrPause),
        // A presentation remote's "next" and "previous" are PageDown and
        // PageUp (some send the arrows).
        KeyCode::Char('n' | 'N') | KeyCode::Right | KeyCode::Enter | KeyCode::PageDown => {
            Intent::Run(Command::Next)
        }
        KeyCode::Char('p' | 'P') | KeyCode::Left | KeyCode::PageUp => Intent::Run(Command::Back),
        KeyCode::Char('+' | '=') => Intent::Run(Command::Adjust(MINUTE)),
        KeyCode::Char('-' | '_') => Intent::Run(Command::Adjust(-MINUTE)),
        KeyCode::Char('u') => Intent::Run(Command::Undo),
        KeyCode::Char('r' | 'U') => Intent::Run(Command::Redo),
        KeyCode::Char('a' | 'A') => Intent::ApplySuggestion,
        KeyCode::Char('m') => Intent::OpenPrompt,
        KeyCode::Char('M') => Intent::Run(Command::ClearMessage),
        KeyCode::Char('f' | 'F') => Intent::Run(Command::Flash),
        KeyCode::Char('e' | 'E') => Intent::OpenEditor,
        KeyCode::Char('o' | 'O') => Intent::Floor(FloorIntent::Order),
        KeyCode::Char('c' | 'C') => Intent::Floor(FloorIntent::Chair),
        KeyCode::Char('l' | 'L') => Intent::Floor(FloorIntent::OpenList),
        KeyCode::Char('i' | 'I') => Intent::ToggleNotes,
        KeyCode::Char('w' | 'W') => Intent::ToggleLinks,
        KeyCode::Char('s' | 'S') => Intent::ToggleStage,
        KeyCode::Char('b' | 'B') => Intent::ToggleBell,
        KeyCode::Char('?' | 'h') | KeyCode::F(1) => Intent::ToggleHelp,
        KeyCode::Char('q' | 'Q') => Intent::Quit,
        KeyCode::Esc => Intent::Dismiss,
        _ => return None,
    })
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
