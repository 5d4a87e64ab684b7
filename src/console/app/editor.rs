//! The rundown editor (`e`): a cursor on the segments still to come, and
//! the insert / change form; every change a [`Command`] through the one
//! history, so it is journalled and undoable like a key.

use super::{App, EditKey, Input, Intent, MESSAGE_CHARS, Outcome, Overlay};
use crate::run::{Change, Command, NewSegment, SegmentId};

/// The rundown editor: a cursor on the segments still to come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    /// The segment under the cursor, by id (it follows the segment when it
    /// moves).
    pub cursor: Option<SegmentId>,
    pub form: Option<Form>,
}

/// The insert / change form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub purpose: Purpose,
    /// Title, speaker, duration as typed.
    pub fields: [String; 3],
    pub flexible: bool,
    /// The field with the cursor: 0 title, 1 speaker, 2 duration, 3 flexible.
    pub focus: usize,
    /// The focused field's value is selected (as it is when the form opens
    /// and when Tab reaches it): the first key typed replaces it, and
    /// Backspace clears it, rather than add to what was prefilled.
    pub selected: bool,
    /// Why the last Enter was refused.
    pub error: Option<String>,
}

/// What a form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Insert { after: Option<SegmentId> },
    Change { segment: SegmentId },
}

/// The form's fields, by name.
pub const FORM_FIELDS: [&str; 4] = ["Title", "Speaker", "Duration", "Flexible"];

impl App {
    /// The ids of the segments still to come, in rundown order: where the
    /// editor's cursor may go.
    pub fn editable_ids(&self) -> Vec<SegmentId> {
        let first = self.run.first_editable();
        self.run.rundown[first.min(self.run.rundown.len())..]
            .iter()
            .map(|s| s.id)
            .collect()
    }

    pub(super) fn editor_key(&mut self, mut editor: Editor, intent: &Intent, out: &mut Outcome) {
        if let Some(form) = editor.form.take() {
            editor.form = self.form_key(form, intent, out);
            self.ui.overlay = Some(Overlay::Editor(editor));
            return;
        }
        let ids = self.editable_ids();
        // The cursor stays on a segment still to come.
        if editor.cursor.is_none_or(|c| !ids.contains(&c)) {
            editor.cursor = ids.first().copied();
        }
        let at = editor
            .cursor
            .and_then(|c| ids.iter().position(|&id| id == c));
        let Intent::Edit(key) = intent else {
            self.ui.overlay = Some(Overlay::Editor(editor));
            return;
        };
        match (*key, editor.cursor, at) {
            (EditKey::Leave, ..) => return,
            (EditKey::Up, _, Some(i)) => editor.cursor = ids.get(i.saturating_sub(1)).copied(),
            (EditKey::Down, _, Some(i)) => {
                editor.cursor = ids.get((i + 1).min(ids.len().saturating_sub(1))).copied();
            }
            (EditKey::Skip, Some(id), _) => self.run_command(Command::ToggleSkip(id), out),
            (EditKey::MoveUp, Some(id), _) => {
                self.run_command(
                    Command::Move {
                        segment: id,
                        up: true,
                    },
                    out,
                );
            }
            (EditKey::MoveDown, Some(id), _) => {
                self.run_command(
                    Command::Move {
                        segment: id,
                        up: false,
                    },
                    out,
                );
            }
            (EditKey::Insert, cursor, _) => {
                // After the cursor; with no segment to come, after the
                // running one.
                let after = cursor.or_else(|| self.run.phase.on().map(|i| self.run.rundown[i].id));
                editor.form = Some(Form {
                    purpose: Purpose::Insert { after },
                    fields: [String::new(), String::new(), String::new()],
                    flexible: false,
                    focus: 0,
                    selected: true,
                    error: None,
                });
            }
            (EditKey::Change, Some(id), _) => {
                if let Some(i) = self.run.position(id) {
                    let segment = self.run.segment(i);
                    editor.form = Some(Form {
                        purpose: Purpose::Change { segment: id },
                        fields: [
                            segment.title.clone(),
                            segment.speaker.clone().unwrap_or_default(),
                            crate::time::human(segment.duration_seconds).replace(' ', ""),
                        ],
                        flexible: segment.flexible,
                        focus: 0,
                        selected: true,
                        error: None,
                    });
                }
            }
            (EditKey::Undo, ..) => self.run_command(Command::Undo, out),
            (EditKey::Redo, ..) => self.run_command(Command::Redo, out),
            // Names are pasted into the speakers' list, not the rundown:
            // the editor does not take `p` (`keys::EDIT_KEYS`).
            (EditKey::Paste, ..) => {}
            (
                EditKey::Up
                | EditKey::Down
                | EditKey::Skip
                | EditKey::MoveUp
                | EditKey::MoveDown
                | EditKey::Change,
                ..,
            ) => {
                self.refuse("no segment still to come: i inserts one", out);
            }
        }
        self.ui.overlay = Some(Overlay::Editor(editor));
    }

    /// A key in the insert / change form; the form while it stays open.
    fn form_key(&mut self, mut form: Form, intent: &Intent, out: &mut Outcome) -> Option<Form> {
        let Intent::Input(input) = intent else {
            return Some(form);
        };
        match *input {
            Input::Cancel => return None,
            Input::Next => {
                form.focus = (form.focus + 1) % FORM_FIELDS.len();
                form.selected = true;
            }
            Input::Previous => {
                form.focus = (form.focus + FORM_FIELDS.len() - 1) % FORM_FIELDS.len();
                form.selected = true;
            }
            Input::Char(' ') if form.focus == 3 => form.flexible = !form.flexible,
            Input::Char(c) if form.focus < 3 => {
                if std::mem::take(&mut form.selected) {
                    form.fields[form.focus].clear();
                }
                if form.fields[form.focus].chars().count() < MESSAGE_CHARS {
                    form.fields[form.focus].push(c);
                }
            }
            Input::Backspace if form.focus < 3 => {
                if std::mem::take(&mut form.selected) {
                    form.fields[form.focus].clear();
                } else {
                    form.fields[form.focus].pop();
                }
            }
            Input::Char(_) | Input::Backspace => {}
            Input::Submit => match self.form_command(&form) {
                Ok(command) => match self.run.event_for(command, out.now) {
                    Ok(event) => {
                        out.record(event);
                        return None;
                    }
                    Err(why) => form.error = Some(why.0),
                },
                Err(why) => form.error = Some(why),
            },
        }
        Some(form)
    }

    /// The command a form asks for, or why it cannot be sent.
    fn form_command(&self, form: &Form) -> Result<Command, String> {
        let [title, speaker, duration] = &form.fields;
        let seconds = if duration.trim().is_empty() {
            None
        } else {
            Some(parse_form_duration(duration)?)
        };
        match form.purpose {
            Purpose::Insert { after } => {
                let Some(duration_seconds) = seconds else {
                    return Err("a duration is needed, like 3m or 90s".to_owned());
                };
                Ok(Command::Insert {
                    after,
                    segment: NewSegment {
                        title: title.clone(),
                        speaker: Some(speaker.clone()),
                        duration_seconds,
                        flexible: form.flexible,
                    },
                })
            }
            Purpose::Change { segment } => {
                let i = self
                    .run
                    .position(segment)
                    .ok_or_else(|| "that segment is no longer in the rundown".to_owned())?;
                let before = self.run.segment(i);
                let change = Change {
                    title: (title.trim() != before.title).then(|| title.clone()),
                    speaker: (speaker.trim() != before.speaker.as_deref().unwrap_or(""))
                        .then(|| speaker.clone()),
                    duration_seconds: seconds.filter(|s| *s != before.duration_seconds),
                    flexible: (form.flexible != before.flexible).then_some(form.flexible),
                };
                Ok(Command::Change { segment, change })
            }
        }
    }
}

/// A form's duration: any plan duration (`3m`, `90s`, `1m30s`, `2:30`),
/// or a bare number of minutes.
fn parse_form_duration(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if let Ok(minutes) = text.parse::<i64>() {
        return if (1..=24 * 60).contains(&minutes) {
            Ok(minutes * 60)
        } else {
            Err(format!("{minutes} minutes is not a segment's length"))
        };
    }
    crate::plan::parse_duration(text)
}
