//! The floor at the console: `o` a point of order, `c` the floor back to the
//! chair, `l` the speakers' list with the rundown editor's gestures (`i` add,
//! `x` strike, `K`/`J` move, `c` change, `p` paste names (in `paste.rs`),
//! Esc leaves) and its form (name,
//! kind, optional limit; Tab, Enter, Esc). The countdown keeps running
//! throughout, and nothing typed in the form acts on the run until Enter
//! sends it, checked.

use super::{App, EditKey, Input, Intent, Outcome, Overlay};
use crate::run::{Command, EntryChange, EntryId, FloorCommand, SegmentId};

/// What a floor key (or the remote) asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FloorIntent {
    /// `o`: a point of order on, or off.
    Order,
    /// `c`: the floor back to the chair.
    Chair,
    /// `l`: the speakers' list.
    OpenList,
    /// The remote: a name added at the end of the list.
    AddSpeaker(String),
    /// The remote: the next to speak struck (or brought back).
    StrikeNext,
}

/// The list editor: a cursor on the speakers still to come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEditor {
    /// The floor segment whose list it is.
    pub segment: SegmentId,
    /// The entry under the cursor, by id (it follows the entry as it moves).
    pub cursor: Option<EntryId>,
    pub form: Option<SpeakerForm>,
    /// The paste box (`p`), when it is open.
    pub paste: Option<super::PasteBox>,
}

/// The add / change form of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerForm {
    pub purpose: SpeakerPurpose,
    /// Name, kind and limit as typed.
    pub fields: [String; 3],
    /// 0 name, 1 kind, 2 limit.
    pub focus: usize,
    /// Why the last Enter was refused, in one line.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerPurpose {
    Add { after: Option<EntryId> },
    Change { entry: EntryId },
}

/// The form's fields, by name.
pub const SPEAKER_FIELDS: [&str; 3] = ["Name", "Kind", "Limit"];

/// Longest text a field takes, in characters.
const FIELD_CHARS: usize = crate::run::NAME_CHARS;

impl App {
    /// The floor a floor key is about: the one on the countdown, or else
    /// the first floor still to come (its list may be edited beforehand).
    pub fn floor_segment(&self) -> Option<SegmentId> {
        let run = &self.run;
        if let Some((i, _)) = run.current_floor() {
            return Some(run.rundown[i].id);
        }
        if run.is_closed() {
            return None;
        }
        let from = run.phase.on().unwrap_or(0);
        run.rundown[from.min(run.rundown.len())..]
            .iter()
            .find(|s| s.floor.is_some() && s.record.ended.is_none() && !s.skipped)
            .map(|s| s.id)
    }

    pub(super) fn floor_intent(&mut self, intent: FloorIntent, out: &mut Outcome) {
        let Some(segment) = self.floor_segment() else {
            let key = match intent {
                FloorIntent::Order => "o",
                FloorIntent::Chair => "c",
                FloorIntent::OpenList => "l",
                FloorIntent::AddSpeaker(_) | FloorIntent::StrikeNext => "the list",
            };
            self.refuse(
                format!("{key}: no floor segment (floor = true) in this run"),
                out,
            );
            return;
        };
        let command = match intent {
            FloorIntent::Order => FloorCommand::Order,
            FloorIntent::Chair => FloorCommand::Chair,
            FloorIntent::OpenList => {
                let cursor = self.waiting_ids(segment).first().copied();
                self.ui.overlay = Some(Overlay::List(ListEditor {
                    segment,
                    cursor,
                    form: None,
                    paste: None,
                }));
                return;
            }
            FloorIntent::AddSpeaker(name) => FloorCommand::Add {
                after: None,
                name,
                kind: None,
                limit_seconds: None,
            },
            FloorIntent::StrikeNext => {
                let next = self
                    .run
                    .position(segment)
                    .and_then(|i| self.run.floor(i))
                    .and_then(|f| f.next_waiting().map(|k| f.list[k].id));
                let Some(entry) = next else {
                    self.refuse("nobody is still to speak", out);
                    return;
                };
                FloorCommand::ToggleStrike(entry)
            }
        };
        self.run_command(Command::Floor { segment, command }, out);
    }

    /// The ids of the speakers still to come on a floor's list, in order:
    /// where the list editor's cursor may go.
    pub fn waiting_ids(&self, segment: SegmentId) -> Vec<EntryId> {
        let Some(floor) = self.run.position(segment).and_then(|i| self.run.floor(i)) else {
            return Vec::new();
        };
        let first = floor
            .list
            .iter()
            .rposition(|e| e.called.is_some())
            .map_or(0, |k| k + 1);
        floor.list[first..].iter().map(|e| e.id).collect()
    }

    pub(super) fn list_key(&mut self, mut editor: ListEditor, intent: &Intent, out: &mut Outcome) {
        if editor.paste.is_some() {
            self.paste_key(editor, intent, out);
            return;
        }
        if let Intent::Paste(text) = intent {
            self.paste_into_list(editor, text, out.now);
            return;
        }
        if let Some(form) = editor.form.take() {
            editor.form = self.speaker_form_key(editor.segment, form, intent, out);
            self.ui.overlay = Some(Overlay::List(editor));
            return;
        }
        let ids = self.waiting_ids(editor.segment);
        if editor.cursor.is_none_or(|c| !ids.contains(&c)) {
            editor.cursor = ids.first().copied();
        }
        let at = editor
            .cursor
            .and_then(|c| ids.iter().position(|&id| id == c));
        let Intent::Edit(key) = intent else {
            self.ui.overlay = Some(Overlay::List(editor));
            return;
        };
        let segment = editor.segment;
        let floor = |command| Command::Floor { segment, command };
        match (*key, editor.cursor, at) {
            (EditKey::Leave, ..) => return,
            (EditKey::Up, _, Some(i)) => editor.cursor = ids.get(i.saturating_sub(1)).copied(),
            (EditKey::Down, _, Some(i)) => {
                editor.cursor = ids.get((i + 1).min(ids.len().saturating_sub(1))).copied();
            }
            (EditKey::Skip, Some(id), _) => {
                self.run_command(floor(FloorCommand::ToggleStrike(id)), out);
            }
            (EditKey::MoveUp | EditKey::MoveDown, Some(id), _) => {
                let up = *key == EditKey::MoveUp;
                self.run_command(floor(FloorCommand::Move { entry: id, up }), out);
            }
            (EditKey::Insert, cursor, _) => {
                editor.form = Some(SpeakerForm {
                    purpose: SpeakerPurpose::Add {
                        after: cursor.or_else(|| ids.last().copied()),
                    },
                    fields: [String::new(), String::new(), String::new()],
                    focus: 0,
                    error: None,
                });
            }
            (EditKey::Change, Some(id), _) => {
                if let Some(entry) = self.entry(segment, id) {
                    editor.form = Some(SpeakerForm {
                        purpose: SpeakerPurpose::Change { entry: id },
                        fields: [
                            entry.name.clone(),
                            entry.kind.clone(),
                            crate::time::human(entry.limit_seconds).replace(' ', ""),
                        ],
                        focus: 0,
                        error: None,
                    });
                }
            }
            (EditKey::Undo, ..) => self.run_command(Command::Undo, out),
            (EditKey::Redo, ..) => self.run_command(Command::Redo, out),
            (EditKey::Paste, ..) => {
                self.open_paste(editor);
                return;
            }
            (
                EditKey::Up
                | EditKey::Down
                | EditKey::Skip
                | EditKey::MoveUp
                | EditKey::MoveDown
                | EditKey::Change,
                ..,
            ) => self.refuse("nobody still to speak: i adds a speaker", out),
        }
        self.ui.overlay = Some(Overlay::List(editor));
    }

    fn entry(&self, segment: SegmentId, id: EntryId) -> Option<&crate::plan::Entry> {
        let floor = self.run.floor(self.run.position(segment)?)?;
        floor.position(id).map(|k| floor.entry_at(k))
    }

    /// A key in the add / change form; the form while it stays open.
    fn speaker_form_key(
        &mut self,
        segment: SegmentId,
        mut form: SpeakerForm,
        intent: &Intent,
        out: &mut Outcome,
    ) -> Option<SpeakerForm> {
        let Intent::Input(input) = intent else {
            return Some(form);
        };
        let n = SPEAKER_FIELDS.len();
        match *input {
            Input::Cancel => return None,
            Input::Next => form.focus = (form.focus + 1) % n,
            Input::Previous => form.focus = (form.focus + n - 1) % n,
            Input::Char(c) => {
                if form.fields[form.focus].chars().count() < FIELD_CHARS {
                    form.fields[form.focus].push(c);
                }
            }
            Input::Backspace => {
                form.fields[form.focus].pop();
            }
            Input::Submit => match self.speaker_command(segment, &form) {
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

    /// The command the form asks for, or why it cannot be sent.
    fn speaker_command(&self, segment: SegmentId, form: &SpeakerForm) -> Result<Command, String> {
        let [name, kind, limit] = &form.fields;
        let limit_seconds = if limit.trim().is_empty() {
            None
        } else {
            Some(parse_limit(limit)?)
        };
        let kind = Some(kind.trim().to_owned()).filter(|k| !k.is_empty());
        let command = match form.purpose {
            SpeakerPurpose::Add { after } => FloorCommand::Add {
                after,
                name: name.clone(),
                kind,
                limit_seconds,
            },
            SpeakerPurpose::Change { entry } => {
                let before = self
                    .entry(segment, entry)
                    .ok_or_else(|| "that speaker is no longer on the list".to_owned())?;
                FloorCommand::Change {
                    entry,
                    change: EntryChange {
                        name: (name.trim() != before.name).then(|| name.clone()),
                        kind: kind.filter(|k| *k != before.kind),
                        limit_seconds: limit_seconds.filter(|l| *l != before.limit_seconds),
                    },
                }
            }
        };
        Ok(Command::Floor { segment, command })
    }
}

/// A limit typed in the form: a plan duration (`3m`, `90s`, `2:30`) or a
/// bare number of minutes; refused in one line when it is not one.
fn parse_limit(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let seconds = match text.parse::<i64>() {
        Ok(minutes) => minutes.saturating_mul(60),
        Err(_) => crate::plan::parse_duration(text).map_err(|why| format!("the limit {why}"))?,
    };
    match crate::plan::floor::limit_problem(seconds) {
        Some(why) => Err(why),
        None => Ok(seconds),
    }
}
