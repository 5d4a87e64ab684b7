//! `p` in the speakers' list: names pasted (or typed) into a box, one a
//! line, each shown before anything is added; Enter on the names adds them
//! all as one change (one `floor_add_many`, one step for `u`), Esc discards
//! them.
//!
//! Two ways in, one box. A terminal with bracketed paste (enabled by the
//! shell) hands the clipboard's text over whole ([`Intent::Paste`]): the box
//! takes every line at once and asks at once. Windows's console reports no
//! paste: there the text arrives as typed keys, which the box takes as text
//! (never as console keys), a line at each Enter; Enter on an empty line
//! asks. A paste's own blank lines come as Enters in a burst, so an Enter
//! within [`PASTE_BURST`] of the question being asked is taken for one of
//! them, never for the answer: text typed into the box cannot add names by
//! itself. Outside the list a paste is dropped, whole, and said.

use chrono::TimeDelta;

use super::{App, Input, Intent, ListEditor, Outcome, Overlay};
use crate::run::{Command, FloorCommand, NAME_CHARS, Time};

/// An Enter this soon after the question is part of a paste (its blank
/// lines, typed by Windows's console as Enters), not the answer: nobody
/// reads a list of names and answers in under a third of a second.
pub const PASTE_BURST: TimeDelta = TimeDelta::milliseconds(300);

/// Most names one paste takes: a list holds no more.
const MAX_NAMES: usize = crate::plan::floor::MAX_ENTRIES;

/// The paste box of the speakers' list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PasteBox {
    /// The names so far, cleaned (numbering dropped), in order.
    pub names: Vec<String>,
    /// The line being typed.
    pub typing: String,
    /// Since when the box asks "add these?"; `None` while names are taken.
    pub asking: Option<Time>,
}

impl PasteBox {
    /// Takes a line typed or pasted: its numbering dropped, blank ones
    /// skipped; at most [`MAX_NAMES`].
    fn take_line(&mut self, line: &str) {
        if let Some(name) = crate::import::speakers::name_in_line(line)
            && self.names.len() < MAX_NAMES
        {
            self.names.push(name.chars().take(NAME_CHARS).collect());
        }
    }

    /// Takes a whole pasted text (a first line that is a heading,
    /// "Speakers:", is not a name).
    fn take_text(&mut self, text: &str) {
        let typed = std::mem::take(&mut self.typing);
        let text = typed + text;
        let names = if self.names.is_empty() {
            crate::import::speakers::names_in_text(&text)
        } else {
            crate::import::speakers::lines(&text)
                .filter_map(crate::import::speakers::name_in_line)
                .collect()
        };
        for name in names {
            self.take_line(&name);
        }
    }
}

impl App {
    /// `p` in the list: the paste box, empty.
    pub(super) fn open_paste(&mut self, mut editor: ListEditor) {
        editor.paste = Some(PasteBox::default());
        self.ui.overlay = Some(Overlay::List(editor));
    }

    /// A paste while the list is open (and no form is): the box, with the
    /// names, asking.
    pub(super) fn paste_into_list(&mut self, mut editor: ListEditor, text: &str, now: Time) {
        let mut paste = editor.paste.take().unwrap_or_default();
        paste.take_text(text);
        paste.asking = (!paste.names.is_empty()).then_some(now);
        editor.paste = Some(paste);
        self.ui.overlay = Some(Overlay::List(editor));
    }

    /// A paste anywhere else: dropped whole, never typed as keys.
    pub(super) fn paste_elsewhere(&mut self, out: &mut Outcome) {
        self.refuse(
            "pasted text is for the speakers' list: l, then p (nothing else was done)",
            out,
        );
    }

    /// A key (or a paste) in the paste box; the box while it stays open.
    pub(super) fn paste_key(&mut self, mut editor: ListEditor, intent: &Intent, out: &mut Outcome) {
        let Some(mut paste) = editor.paste.take() else {
            return;
        };
        let now = out.now;
        match intent {
            Intent::Paste(text) => {
                editor.paste = Some(paste);
                self.paste_into_list(editor, text, now);
                return;
            }
            Intent::Input(input) => match *input {
                Input::Cancel => {
                    if !paste.names.is_empty() {
                        self.notify(format!("not added: {}", count(paste.names.len())), now);
                    }
                    self.ui.overlay = Some(Overlay::List(editor));
                    return;
                }
                Input::Char(c) => {
                    paste.asking = None;
                    if paste.typing.chars().count() < NAME_CHARS {
                        paste.typing.push(c);
                    }
                }
                Input::Backspace => {
                    paste.asking = None;
                    if paste.typing.pop().is_none() {
                        paste.typing = paste.names.pop().unwrap_or_default();
                    }
                }
                Input::Submit => match paste.asking {
                    None if !paste.typing.trim().is_empty() => {
                        let line = std::mem::take(&mut paste.typing);
                        paste.take_line(&line);
                    }
                    None => {
                        paste.typing.clear();
                        paste.asking = (!paste.names.is_empty()).then_some(now);
                    }
                    // A blank line of a paste typed as keys.
                    Some(since) if now - since < PASTE_BURST => paste.asking = Some(now),
                    Some(_) => {
                        let names = std::mem::take(&mut paste.names);
                        let command = Command::Floor {
                            segment: editor.segment,
                            command: FloorCommand::AddMany(names.clone()),
                        };
                        match self.run.event_for(command, now) {
                            Ok(event) => {
                                out.record(event);
                                self.ui.overlay = Some(Overlay::List(editor));
                                return;
                            }
                            Err(why) => {
                                paste.names = names;
                                self.refuse(why.0, out);
                            }
                        }
                    }
                },
                Input::Next | Input::Previous => {}
            },
            _ => {}
        }
        editor.paste = Some(paste);
        self.ui.overlay = Some(Overlay::List(editor));
    }
}

/// "1 name", "14 names".
pub fn count(n: usize) -> String {
    if n == 1 {
        "1 name".to_owned()
    } else {
        format!("{n} names")
    }
}

#[cfg(test)]
mod tests;
