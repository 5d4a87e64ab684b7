//! Keys to intents, and the guard that keeps a held key from skipping
//! speakers.

use chrono::TimeDelta;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{Intent, Overlay};
use crate::run::{Command, Time};

/// One minute, the step of `+` and `-`.
const MINUTE: i64 = 60;

/// What a key means, given what is open over the console.
pub fn intent_for(key: KeyEvent, overlay: Option<Overlay>) -> Option<Intent> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl_c = key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
    if overlay == Some(Overlay::ConfirmQuit) {
        // `y` or a second `q` ends the run; anything else (Ctrl-C included,
        // pressed twice in a panic) keeps timing.
        return Some(match key.code {
            _ if ctrl_c => Intent::Confirm(false),
            KeyCode::Char('y' | 'Y' | 'q' | 'Q') => Intent::Confirm(true),
            _ => Intent::Confirm(false),
        });
    }
    if ctrl_c {
        return Some(Intent::Quit);
    }
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    Some(match key.code {
        KeyCode::Char(' ') => Intent::Run(Command::StartOrPause),
        KeyCode::Char('n' | 'N') | KeyCode::Right | KeyCode::Enter => Intent::Run(Command::Next),
        KeyCode::Char('p' | 'P') | KeyCode::Left => Intent::Run(Command::Back),
        KeyCode::Char('+' | '=') => Intent::Run(Command::Adjust(MINUTE)),
        KeyCode::Char('-' | '_') => Intent::Run(Command::Adjust(-MINUTE)),
        KeyCode::Char('a' | 'A') => Intent::ApplyRecovery,
        KeyCode::Char('s' | 'S') => Intent::ToggleStage,
        KeyCode::Char('b' | 'B') => Intent::ToggleBell,
        KeyCode::Char('?' | 'h') | KeyCode::F(1) => Intent::ToggleHelp,
        KeyCode::Char('q' | 'Q') => Intent::Quit,
        KeyCode::Esc => Intent::Dismiss,
        _ => return None,
    })
}

/// Terminals without the kitty keyboard protocol send a held key as a
/// stream of presses. A run command repeated within this window of the same
/// key is taken for auto-repeat and dropped (the window restarts with each
/// dropped press, so a key held for ten seconds is still one press).
const REPEAT_WINDOW: TimeDelta = TimeDelta::milliseconds(400);

/// Drops auto-repeated presses of the keys that move the run.
#[derive(Debug, Default)]
pub struct RepeatGuard {
    last: Option<(KeyCode, Time)>,
}

impl RepeatGuard {
    /// Whether this press should be acted on.
    pub fn admit(&mut self, key: &KeyEvent, intent: Intent, now: Time) -> bool {
        // `q` too: held down, its repeats would answer the quit question it
        // has just asked.
        let guarded = matches!(
            intent,
            Intent::Run(Command::Next | Command::Back | Command::StartOrPause)
                | Intent::Quit
                | Intent::Confirm(true)
        ) && !matches!(key.code, KeyCode::Char('y' | 'Y'));
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn t(ms: i64) -> Time {
        DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap()
            + TimeDelta::milliseconds(ms)
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
            (KeyCode::Char('a'), Intent::ApplyRecovery),
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
                intent_for(key(KeyCode::Char(yes)), Some(Overlay::ConfirmQuit)),
                Some(Intent::Confirm(true))
            );
        }
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            intent_for(ctrl_c, Some(Overlay::ConfirmQuit)),
            Some(Intent::Confirm(false))
        );
        assert_eq!(intent_for(ctrl_c, None), Some(Intent::Quit));
        assert_eq!(
            intent_for(key(KeyCode::Char('n')), Some(Overlay::ConfirmQuit)),
            Some(Intent::Confirm(false))
        );
        assert_eq!(
            intent_for(key(KeyCode::Esc), Some(Overlay::ConfirmQuit)),
            Some(Intent::Confirm(false))
        );
        assert_eq!(
            intent_for(key(KeyCode::Char(' ')), Some(Overlay::ConfirmQuit)),
            Some(Intent::Confirm(false))
        );
    }

    #[test]
    fn a_held_next_key_moves_one_speaker_not_three() {
        let mut guard = RepeatGuard::default();
        let n = key(KeyCode::Char('n'));
        let next = Intent::Run(Command::Next);
        // First press, then auto-repeat after 300 ms and every 33 ms for 2 s.
        let mut admitted = usize::from(guard.admit(&n, next, t(0)));
        let mut at = 300;
        while at < 2300 {
            admitted += usize::from(guard.admit(&n, next, t(at)));
            at += 33;
        }
        assert_eq!(admitted, 1);
        // Let go, then a deliberate press later counts.
        assert!(guard.admit(&n, next, t(3000)));
    }

    #[test]
    fn a_held_q_asks_once_and_does_not_answer_its_own_question() {
        let mut guard = RepeatGuard::default();
        let q = key(KeyCode::Char('q'));
        assert!(guard.admit(&q, Intent::Quit, t(0)));
        // Auto-repeat arrives while the question is open.
        for at in [300, 333, 366, 400] {
            assert!(!guard.admit(&q, Intent::Confirm(true), t(at)));
        }
        // A deliberate second q, or y at once, answers it.
        assert!(guard.admit(&q, Intent::Confirm(true), t(1000)));
        let mut guard = RepeatGuard::default();
        assert!(guard.admit(&q, Intent::Quit, t(0)));
        assert!(guard.admit(&key(KeyCode::Char('y')), Intent::Confirm(true), t(50)));
    }

    #[test]
    fn two_different_keys_in_quick_succession_both_count() {
        let mut guard = RepeatGuard::default();
        assert!(guard.admit(&key(KeyCode::Char('n')), Intent::Run(Command::Next), t(0)));
        assert!(guard.admit(&key(KeyCode::Char('p')), Intent::Run(Command::Back), t(100)));
    }
}
