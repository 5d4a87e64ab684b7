//! The console's state and its pure update: an [`Intent`] (a decoded key or
//! a web command) and `now` go in, [`Effect`]s come out. Only the driver
//! carries effects out (writing the journal, quitting), and a run event
//! changes the state only through [`App::commit`], after the journal has it.
//!
//! Besides the run, the app holds what is open over the console (one
//! [`Overlay`] at a time: the help, the quit question, the message prompt,
//! the rundown editor and its form, the web links) and the notices under the
//! header.

use super::said;
use crate::recovery::{self, Recovery};
use crate::run::{
    Change, Command, Event, NewSegment, Run, SegmentId, SegmentState, Snapshot, Source, Time,
};
use crate::time::{clock, hm};

mod fit;
mod floor;
pub use floor::{FloorIntent, ListEditor, SPEAKER_FIELDS, SpeakerForm, SpeakerPurpose};

/// What a key (or a button on the remote page) asks the console to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    Run(Command),
    /// `a`: apply the suggestion shown (recovery, or time given back).
    ApplySuggestion,
    ToggleHelp,
    ToggleStage,
    ToggleBell,
    ToggleNotes,
    /// `w`: the web links.
    ToggleLinks,
    /// `m`: the message prompt.
    OpenPrompt,
    /// A preset sent at once (the remote's buttons), 0-based.
    SendPreset(usize),
    /// `e`: the rundown editor.
    OpenEditor,
    Quit,
    /// An answer to the quit question.
    Confirm(Answer),
    /// A key typed into the prompt or a form.
    Input(Input),
    /// A key in the rundown editor (or the speakers' list).
    Edit(EditKey),
    /// `o`, `c`, `l`: the floor.
    Floor(FloorIntent),
    /// Any other key while an overlay is open: closes the help, does
    /// nothing else, so a key meant for an overlay never ends a speaker's
    /// time.
    Dismiss,
}

impl Intent {
    /// Whether the same intent again within [`super::keys::REPEAT_WINDOW`]
    /// is taken for a held key or a double tap on the remote rather than
    /// meant: whatever moves the session on or back, or toggles what a
    /// second press would toggle back.
    pub fn guards_repeats(&self) -> bool {
        matches!(
            self,
            Intent::Run(
                Command::Next
                    | Command::Back
                    | Command::StartOrPause
                    | Command::Undo
                    | Command::Redo
                    | Command::Flash
            ) | Intent::Quit
                | Intent::Confirm(Answer::Close)
                // Held, a point of order would go on and off.
                | Intent::Floor(FloorIntent::Order | FloorIntent::Chair)
        )
    }
}

/// The answers to "Close the console?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// `y` or a second `q`: close; the session goes on being timed.
    Close,
    /// `e`: end the session here, deliberately.
    EndSession,
    /// Anything else: keep timing, console open.
    Keep,
}

/// Keys that edit text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Char(char),
    Backspace,
    /// Enter: send, add, save.
    Submit,
    /// Esc: cancel.
    Cancel,
    /// Tab: the next field (in the prompt: pin on/off).
    Next,
    /// Shift+Tab: the previous field.
    Previous,
}

/// Keys of the rundown editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditKey {
    Up,
    Down,
    /// `x`: skip, or bring back.
    Skip,
    /// `K` / `J`: move the segment under the cursor up or down.
    MoveUp,
    MoveDown,
    /// `i`: insert after the cursor.
    Insert,
    /// `c`: change the segment under the cursor.
    Change,
    Undo,
    Redo,
    /// Esc or `e`: leave the editor.
    Leave,
}

/// What the driver must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write this event to the journal, then [`App::commit`] it.
    Record(Event),
    Quit,
}

/// A line of news shown for a while under the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub until: Time,
}

/// What is open over the console; keys go to it first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The key help (`?`); any key closes it.
    Help,
    /// "Close the console?", asked by `q` while a run is in progress.
    ConfirmQuit,
    /// The message prompt (`m`) at the bottom.
    Prompt(Prompt),
    /// The rundown editor (`e`), with a form when one is open.
    Editor(Editor),
    /// The web links and their QR codes (`w`).
    Links,
    /// The speakers' list of a floor (`l`), with a form when one is open.
    List(ListEditor),
}

impl Overlay {
    /// Whether keys typed now are text, not console keys.
    pub fn takes_text(&self) -> bool {
        matches!(
            self,
            Overlay::Prompt(_)
                | Overlay::Editor(Editor { form: Some(_), .. })
                | Overlay::List(ListEditor { form: Some(_), .. })
        )
    }
}

/// The message being typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prompt {
    pub text: String,
    /// The message stays when the segment changes.
    pub pinned: bool,
}

impl Prompt {
    /// The preset that Enter sends now (0-based): the prompt holds a
    /// number alone, such as `2`, and nothing else.
    pub fn preset(&self) -> Option<usize> {
        let typed = self.text.trim();
        let n: usize = typed.parse().ok()?;
        (typed.chars().all(|c| c.is_ascii_digit()) && n >= 1).then(|| n - 1)
    }
}

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

/// Everything the console shows that is not the run itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ui {
    pub overlay: Option<Overlay>,
    pub stage: bool,
    pub bell: bool,
    /// The current segment's notes shown under its speaker.
    pub notes: bool,
    /// `NO_COLOR`: words, bold and inversion only.
    pub monochrome: bool,
}

/// The console: the run plus what surrounds it on screen.
#[derive(Debug, Clone)]
pub struct App {
    pub run: Run,
    pub ui: Ui,
    pub notices: Vec<Notice>,
    /// Where the run is being recorded (shown on the finish screen).
    pub journal: Option<String>,
    /// Why the journal is not being written, when it is not.
    pub not_recording: Option<String>,
    /// Why the screen could not be kept awake during the run, if not.
    pub awake_problem: Option<String>,
    /// Served on the venue's network for a minute and nobody connected.
    pub web_unreached: bool,
    /// The web pages being served, for `w` and the header.
    pub web: Option<Web>,
    /// What the app said (its last notice) while handling the last intent:
    /// a refusal's reason, for a web command's answer.
    pub said: Option<String>,
}

/// What the console says about `--serve`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Web {
    /// The links to show with `w`: (what, address).
    pub links: Vec<(String, String)>,
    /// Pages connected now.
    pub connected: usize,
    /// Connections the server refused (over its caps) since it started.
    pub refused: u64,
    /// Connections open now (pages, and idle ones): shown while some are
    /// refused.
    pub open: usize,
    /// Why the server is not running, when it is not (`WEB OFF: …`).
    pub off: Option<String>,
}

/// How long a notice stays on screen.
const NOTICE_SECONDS: i64 = 12;

/// The longest free message, as for presets.
const MESSAGE_CHARS: usize = crate::plan::MESSAGE_CHARS;

impl App {
    pub fn new(run: Run) -> Self {
        Self {
            run,
            ui: Ui {
                bell: true,
                ..Ui::default()
            },
            notices: Vec::new(),
            journal: None,
            not_recording: None,
            awake_problem: None,
            web_unreached: false,
            web: None,
            said: None,
        }
    }

    /// Shows a notice for a few seconds from `now`.
    pub fn notify(&mut self, text: impl Into<String>, now: Time) {
        let text = text.into();
        self.said = Some(text.clone());
        self.show(text, now);
    }

    /// Shows news of something done (not the answer to an intent, which
    /// [`App::said`] keeps).
    fn show(&mut self, text: String, now: Time) {
        let until = now + chrono::TimeDelta::seconds(NOTICE_SECONDS);
        // The same news again stays one line, for longer.
        self.notices.retain(|n| n.text != text);
        self.notices.push(Notice { text, until });
    }

    /// The notices still to show at `now`.
    pub fn live_notices(&self, now: Time) -> impl Iterator<Item = &Notice> {
        self.notices.iter().filter(move |n| n.until > now)
    }

    /// Whether a run is under way (started and not closed): quitting then
    /// asks first.
    pub fn in_progress(&self) -> bool {
        self.run.started.is_some() && !self.run.is_closed()
    }

    /// Decides what a key at the console means now.
    pub fn handle(&mut self, intent: Intent, now: Time) -> Vec<Effect> {
        self.handle_from(intent, now, Source::Console)
    }

    /// Decides what an intent from `source` means now. UI changes happen at
    /// once; run events come back as [`Effect::Record`].
    pub fn handle_from(&mut self, intent: Intent, now: Time, source: Source) -> Vec<Effect> {
        self.notices.retain(|n| n.until > now);
        self.said = None;
        let mut out = Outcome {
            effects: Vec::new(),
            source,
            now,
        };
        if source != Source::Console {
            // A web command acts whatever is open on the console.
            self.plain(intent, &mut out);
            return out.effects;
        }
        match self.ui.overlay.take() {
            Some(Overlay::ConfirmQuit) => self.answer_quit(&intent, &mut out),
            // Any key closes them, and does nothing else.
            Some(Overlay::Help | Overlay::Links) => {}
            Some(Overlay::Prompt(prompt)) => self.prompt_key(prompt, &intent, &mut out),
            Some(Overlay::Editor(editor)) => self.editor_key(editor, &intent, &mut out),
            Some(Overlay::List(editor)) => self.list_key(editor, &intent, &mut out),
            None => self.plain(intent, &mut out),
        }
        out.effects
    }

    fn answer_quit(&mut self, intent: &Intent, out: &mut Outcome) {
        match intent {
            Intent::Confirm(Answer::Close) => out.effects.push(Effect::Quit),
            Intent::Confirm(Answer::EndSession) => {
                if let Ok(event) = self.run.event_for(Command::End, out.now) {
                    out.record(event);
                }
                out.effects.push(Effect::Quit);
            }
            _ => {}
        }
    }

    /// A key with nothing open over the console (or a web command).
    fn plain(&mut self, intent: Intent, out: &mut Outcome) {
        let now = out.now;
        match intent {
            Intent::Run(command) => self.run_command(command, out),
            Intent::ApplySuggestion => self.apply_suggestion(out),
            Intent::ToggleHelp => self.ui.overlay = Some(Overlay::Help),
            Intent::ToggleStage => self.ui.stage = !self.ui.stage,
            Intent::ToggleBell => {
                self.ui.bell = !self.ui.bell;
                let text = if self.ui.bell {
                    "bell on"
                } else {
                    "bell off (b turns it on again)"
                };
                self.notify(text, now);
            }
            Intent::ToggleNotes => self.ui.notes = !self.ui.notes,
            Intent::ToggleLinks => match &self.web {
                Some(_) => self.ui.overlay = Some(Overlay::Links),
                None => self.notify("not serving: start with --serve to get web links", now),
            },
            Intent::OpenPrompt => self.ui.overlay = Some(Overlay::Prompt(Prompt::default())),
            Intent::SendPreset(n) => self.send_preset(n, false, out),
            Intent::OpenEditor => {
                if self.run.is_closed() {
                    self.notify("the run is over: nothing left to edit", now);
                } else {
                    let cursor = self.editable_ids().first().copied();
                    self.ui.overlay = Some(Overlay::Editor(Editor { cursor, form: None }));
                }
            }
            Intent::Quit if out.source == Source::Console => {
                if self.in_progress() {
                    self.ui.overlay = Some(Overlay::ConfirmQuit);
                } else {
                    out.effects.push(Effect::Quit);
                }
            }
            Intent::Floor(floor) => self.floor_intent(floor, out),
            Intent::Quit
            | Intent::Confirm(_)
            | Intent::Input(_)
            | Intent::Edit(_)
            | Intent::Dismiss => {}
        }
    }

    /// A run command: its event, or a word on why it means nothing now.
    fn run_command(&mut self, command: Command, out: &mut Outcome) {
        let undo = match &command {
            Command::Undo => self.run.undo_label().map(|l| format!("undone: {l}")),
            Command::Redo => self.run.redo_label().map(|l| format!("redone: {l}")),
            _ => None,
        };
        match self.run.event_for(command, out.now) {
            Ok(event) => {
                out.record(event);
                if let Some(text) = undo {
                    let text = match out.source {
                        Source::Console => text,
                        Source::Web => format!("from the remote: {text}"),
                    };
                    self.notify(text, out.now);
                }
            }
            Err(why) => self.notify(why.0, out.now),
        }
    }

    fn prompt_key(&mut self, mut prompt: Prompt, intent: &Intent, out: &mut Outcome) {
        let Intent::Input(input) = intent else {
            self.ui.overlay = Some(Overlay::Prompt(prompt));
            return;
        };
        match *input {
            Input::Char(c) => {
                if prompt.text.chars().count() < MESSAGE_CHARS {
                    prompt.text.push(c);
                }
            }
            Input::Backspace => {
                prompt.text.pop();
            }
            Input::Next | Input::Previous => prompt.pinned = !prompt.pinned,
            Input::Cancel => return,
            Input::Submit => {
                if prompt.text.trim().is_empty() {
                    return;
                }
                // A number alone is a preset; anything else, "5 minutes
                // left" included, is the text to send.
                if let Some(n) = prompt.preset() {
                    if n < self.run.plan.messages.len() {
                        self.send_preset(n, prompt.pinned, out);
                        return;
                    }
                    self.notify(
                        format!(
                            "no preset {} in this plan: type the message in words",
                            n + 1
                        ),
                        out.now,
                    );
                    self.ui.overlay = Some(Overlay::Prompt(prompt));
                    return;
                }
                let command = Command::Message {
                    text: prompt.text,
                    pinned: prompt.pinned,
                };
                self.run_command(command, out);
                return;
            }
        }
        self.ui.overlay = Some(Overlay::Prompt(prompt));
    }

    /// Sends preset `n` (0-based) with its placeholders filled in.
    fn send_preset(&mut self, n: usize, pinned: bool, out: &mut Outcome) {
        let Some(preset) = self.run.plan.messages.get(n) else {
            self.notify(format!("no preset {} in this plan", n + 1), out.now);
            return;
        };
        let snap = self.run.at(out.now);
        let text = fill(&preset.text, &self.run, &snap);
        self.run_command(Command::Message { text, pinned }, out);
    }

    /// The ids of the segments still to come, in rundown order: where the
    /// editor's cursor may go.
    pub fn editable_ids(&self) -> Vec<SegmentId> {
        let first = self.run.first_editable();
        self.run.rundown[first.min(self.run.rundown.len())..]
            .iter()
            .map(|s| s.id)
            .collect()
    }

    fn editor_key(&mut self, mut editor: Editor, intent: &Intent, out: &mut Outcome) {
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
            (
                EditKey::Up
                | EditKey::Down
                | EditKey::Skip
                | EditKey::MoveUp
                | EditKey::MoveDown
                | EditKey::Change,
                ..,
            ) => {
                self.notify("no segment still to come: i inserts one", out.now);
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

    /// Applies an event the journal now holds, and says what it did.
    pub fn commit(&mut self, event: &Event) {
        let text = said::event(&self.run, event);
        self.run.apply(event);
        if let Some(text) = text {
            self.show(text, event.at);
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

/// A preset with its placeholders filled in for this moment: `{speaker}`,
/// `{next_speaker}`, `{left}` ("2:00 left", or "0:30 over") and `{end}` (the
/// scheduled end).
pub fn fill(template: &str, run: &Run, snap: &Snapshot) -> String {
    let who = |i: usize| {
        let segment = run.segment(i);
        segment
            .speaker
            .clone()
            .unwrap_or_else(|| segment.title.clone())
    };
    // In words, so a preset reads right whether time is left or not.
    let left = if snap.left >= 0 {
        format!("{} left", clock(snap.left))
    } else {
        format!("{} over", clock(-snap.left))
    };
    let next = snap
        .next
        .map_or_else(|| "the end of the session".to_owned(), who);
    template
        .replace("{speaker}", &who(snap.current))
        .replace("{next_speaker}", &next)
        .replace("{left}", &left)
        .replace("{end}", &hm(snap.scheduled_end))
}

/// Effects gathered while handling one intent.
struct Outcome {
    effects: Vec<Effect>,
    source: Source,
    now: Time,
}

impl Outcome {
    fn record(&mut self, mut event: Event) {
        event.source = self.source;
        self.effects.push(Effect::Record(event));
    }
}

/// What the console's line under the countdown says about a segment to
/// come: when it is now expected to start.
pub fn expected_start(snap: &Snapshot, i: usize) -> Option<Time> {
    let row = snap.rows.get(i)?;
    (row.state == SegmentState::NotStarted)
        .then_some(row.expected_start)
        .flatten()
}

pub use fit::suggestions;

/// The suggestion shown now, if any (recovery, or time given back).
pub fn suggestion(run: &Run, snap: &Snapshot) -> Option<Recovery> {
    recovery::suggest_for(run, snap)
}

#[cfg(test)]
mod tests;
