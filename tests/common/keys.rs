//! Every key there is, for the tests that press them all and hold each
//! help to the keys it names: whatever a view takes must be named in the
//! help it shows.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use timekeeper::console::app::Intent;

/// A key to press, its name as a help would write it, and for a key that
/// is another one with Shift held (`N`, `Shift-→`) that other one: when
/// both mean the same, naming the other names it.
pub struct Press {
    pub key: KeyEvent,
    pub name: String,
    pub unshifted: Option<(KeyEvent, String)>,
}

fn plain(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Printable ASCII, Ctrl with each letter, the special keys, F1 to F12 and
/// Shift with each arrow.
pub fn every_key() -> Vec<Press> {
    let mut keys: Vec<Press> = (' '..='~')
        .map(|c| {
            let name = if c == ' ' {
                "Space".to_owned()
            } else {
                c.to_string()
            };
            let lower = c.to_ascii_lowercase();
            Press {
                key: plain(KeyCode::Char(c)),
                name,
                unshifted: (lower != c).then(|| (plain(KeyCode::Char(lower)), lower.to_string())),
            }
        })
        .collect();
    keys.extend(('a'..='z').map(|c| Press {
        key: KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
        name: format!("Ctrl-{}", c.to_ascii_uppercase()),
        unshifted: None,
    }));
    let special = [
        (KeyCode::Enter, "Enter"),
        (KeyCode::Esc, "Esc"),
        (KeyCode::Right, "→"),
        (KeyCode::Left, "←"),
        (KeyCode::Up, "↑"),
        (KeyCode::Down, "↓"),
        (KeyCode::PageDown, "PgDn"),
        (KeyCode::PageUp, "PgUp"),
        (KeyCode::Home, "Home"),
        (KeyCode::End, "End"),
        (KeyCode::Tab, "Tab"),
        (KeyCode::BackTab, "Shift-Tab"),
        (KeyCode::Backspace, "Backspace"),
        (KeyCode::Delete, "Del"),
        (KeyCode::Insert, "Ins"),
    ];
    for (code, name) in special {
        keys.push(Press {
            key: plain(code),
            name: name.to_owned(),
            unshifted: None,
        });
    }
    for (code, name) in &special[2..6] {
        keys.push(Press {
            key: KeyEvent::new(*code, KeyModifiers::SHIFT),
            name: format!("Shift-{name}"),
            unshifted: Some((plain(*code), (*name).to_owned())),
        });
    }
    for n in 1..=12 {
        keys.push(Press {
            key: plain(KeyCode::F(n)),
            name: format!("F{n}"),
            unshifted: None,
        });
    }
    keys
}

/// The key names in a help's words: each word, split at slashes, arrows
/// written together taken one by one (`↑↓` is `↑` and `↓`, `Shift-↑↓`
/// `Shift-↑` and `Shift-↓`). The help's other words come too; no key is
/// named like them.
pub fn names_in(help: &str) -> Vec<String> {
    let arrows = ['↑', '↓', '←', '→'];
    let mut names = Vec::new();
    for part in help.split_whitespace().flat_map(|word| word.split('/')) {
        let modifier = part.trim_end_matches(arrows);
        let tail = &part[modifier.len()..];
        if tail.chars().count() > 1 {
            names.extend(tail.chars().map(|arrow| format!("{modifier}{arrow}")));
        } else {
            names.push(part.to_owned());
        }
    }
    names
}

/// Presses every key: each one `intent_of` takes (but for [`Intent::Dismiss`],
/// which closes what is open and does nothing else) must be named in
/// `named`, itself or by the key it is with Shift held when both mean the
/// same. How many were taken.
pub fn check_every_key_is_named(
    intent_of: impl Fn(KeyEvent) -> Option<Intent>,
    named: &[String],
    help: &str,
) -> usize {
    let mut taken = 0;
    for press in every_key() {
        let Some(intent) = intent_of(press.key) else {
            continue;
        };
        if intent == Intent::Dismiss {
            continue;
        }
        taken += 1;
        let by_unshifted = press.unshifted.as_ref().is_some_and(|(key, name)| {
            intent_of(*key) == Some(intent.clone()) && named.contains(name)
        });
        assert!(
            named.contains(&press.name) || by_unshifted,
            "{} ({intent:?}) is taken but not named in the help:\n{help}",
            press.name
        );
    }
    taken
}

/// The help of an editor open over `text` (its rows from the one that
/// starts with `lead`, `EDIT ` or `LIST `), held whole in two rows at
/// 80x24, and every key the editor takes checked to be named in it: how
/// many keys were taken.
pub fn check_edit_help(
    text: &str,
    lead: &str,
    intent: impl Fn(KeyEvent) -> Option<Intent>,
) -> usize {
    let help = text
        .lines()
        .skip_while(|line| !line.starts_with(lead))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        help.lines().count() == 2 && !help.contains('…'),
        "the {lead}help, whole in two rows:\n{text}"
    );
    check_every_key_is_named(intent, &names_in(&help), &help)
}
