//! The console's state and its pure update: an [`Intent`] (a decoded key or
//! a web command) and `now` go in, what it came to comes out ([`Handled`]:
//! the [`Effect`]s, and the console's word when it meant nothing now, which
//! is the remote's answer and the notice the timekeeper sees). Only the driver
//! carries effects out (writing the journal, quitting), and a run event
//! changes the state only through [`App::commit`], after the journal has it.
//!
//! Besides the run, the app holds what is open over the console (one
//! [`Overlay`] at a time: the help, the quit question, the message prompt,
//! the rundown editor and its form, the web links) and the notices under the
//! header.

use super::said;
use crate::run::{Command, Event, Run, Source, Time};

mod editor;
mod fit;
mod floor;
mod paste;
pub use super::presets::fill_preset;
pub use editor::{Editor, FORM_FIELDS, Form, Purpose};
pub use floor::{FloorIntent, ListEditor, SPEAKER_FIELDS, SpeakerForm, SpeakerPurpose};
pub use paste::{PASTE_BURST, PasteBox, count as paste_count};

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
    /// Text pasted into the terminal, whole: names for the speakers' list
    /// (`p`), dropped anywhere else.
    Paste(String),
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
    /// `p` in the speakers' list: paste names.
    Paste,
}

/// What handling one intent came to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Handled {
    /// What the driver must carry out, in order.
    pub effects: Vec<Effect>,
    /// Why the intent meant nothing now ("nothing to go back to"), in the
    /// words of the notice it put up; `None` when it was carried out, or was
    /// only a change of what the console shows.
    pub refused: Option<String>,
}

impl Handled {
    /// The run events to record, in order.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.effects.iter().filter_map(|e| match e {
            Effect::Record(event) => Some(event),
            Effect::Quit => None,
        })
    }

    /// Whether the console is to close.
    pub fn quits(&self) -> bool {
        self.effects.contains(&Effect::Quit)
    }
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
                | Overlay::List(
                    ListEditor { form: Some(_), .. } | ListEditor { paste: Some(_), .. }
                )
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
    pub web: Option<WebStatus>,
}

/// What the console says about `--serve`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebStatus {
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
pub(super) const MESSAGE_CHARS: usize = crate::plan::MESSAGE_CHARS;

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
        }
    }

    /// Shows a notice for a few seconds from `now`.
    pub fn notify(&mut self, text: impl Into<String>, now: Time) {
        let text = text.into();
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
    pub fn handle(&mut self, intent: Intent, now: Time) -> Handled {
        self.handle_from(intent, now, Source::Console)
    }

    /// Decides what an intent from `source` means now. UI changes happen at
    /// once; run events come back as [`Effect::Record`].
    pub fn handle_from(&mut self, intent: Intent, now: Time, source: Source) -> Handled {
        self.notices.retain(|n| n.until > now);
        let mut out = Outcome {
            handled: Handled::default(),
            source,
            now,
        };
        if source != Source::Console {
            // A web command acts whatever is open on the console.
            self.plain(intent, &mut out);
            return out.handled;
        }
        if matches!(intent, Intent::Paste(_))
            && !matches!(
                self.ui.overlay,
                Some(Overlay::List(ListEditor { form: None, .. }))
            )
        {
            // Only the speakers' list takes a paste; whatever is open stays.
            self.paste_elsewhere(&mut out);
            return out.handled;
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
        out.handled
    }

    /// Says why an intent means nothing now: on the notice line, and as
    /// the remote's answer.
    fn refuse(&mut self, why: impl Into<String>, out: &mut Outcome) {
        let why = why.into();
        self.notify(why.clone(), out.now);
        out.handled.refused = Some(why);
    }

    fn answer_quit(&mut self, intent: &Intent, out: &mut Outcome) {
        match intent {
            Intent::Confirm(Answer::Close) => out.quit(),
            Intent::Confirm(Answer::EndSession) => {
                if let Ok(event) = self.run.event_for(Command::End, out.now) {
                    out.record(event);
                }
                out.quit();
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
                None => self.refuse("not serving: start with --serve to get web links", out),
            },
            Intent::OpenPrompt => self.ui.overlay = Some(Overlay::Prompt(Prompt::default())),
            Intent::SendPreset(n) => self.send_preset(n, false, out),
            Intent::OpenEditor => {
                if self.run.is_closed() {
                    self.refuse("the run is over: nothing left to edit", out);
                } else {
                    let cursor = self.editable_ids().first().copied();
                    self.ui.overlay = Some(Overlay::Editor(Editor { cursor, form: None }));
                }
            }
            Intent::Quit if out.source == Source::Console => {
                if self.in_progress() {
                    self.ui.overlay = Some(Overlay::ConfirmQuit);
                } else {
                    out.quit();
                }
            }
            Intent::Floor(floor) => self.floor_intent(floor, out),
            Intent::Quit
            | Intent::Confirm(_)
            | Intent::Input(_)
            | Intent::Edit(_)
            | Intent::Dismiss => {}
            Intent::Paste(_) => self.paste_elsewhere(out),
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
            Err(why) => self.refuse(why.0, out),
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
                    self.refuse(
                        format!(
                            "no preset {} in this plan: type the message in words",
                            n + 1
                        ),
                        out,
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
            self.refuse(format!("no preset {} in this plan", n + 1), out);
            return;
        };
        let snap = self.run.at(out.now);
        let text = fill_preset(preset, &self.run, &snap);
        self.run_command(Command::Message { text, pinned }, out);
    }

    /// Applies an event the journal now holds, and says what it did.
    pub fn commit(&mut self, event: &Event) {
        let text = said::event(&self.run, event);
        self.run.apply(event);
        if let Some(text) = text {
            self.notify(text, event.at);
        }
    }
}

/// What handling one intent comes to, gathered as it goes.
struct Outcome {
    handled: Handled,
    source: Source,
    now: Time,
}

impl Outcome {
    fn record(&mut self, mut event: Event) {
        event.source = self.source;
        self.handled.effects.push(Effect::Record(event));
    }

    fn quit(&mut self) {
        self.handled.effects.push(Effect::Quit);
    }
}

#[cfg(test)]
mod tests;
