//! The console's state and its pure update: an [`Intent`] (a decoded key) and
//! `now` go in, [`Effect`]s come out. Only the runner carries effects out
//! (writing the journal, ringing the bell, quitting), and a run event changes
//! the state only through [`App::commit`], after the journal has it.

use crate::run::{Command, Event, Run, Time};

/// What a key asks the console to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Run(Command),
    ToggleHelp,
    ToggleStage,
    ToggleBell,
    ApplyRecovery,
    Quit,
    /// An answer to the quit question.
    Confirm(bool),
    /// Any key while an overlay is open: closes it and does nothing else,
    /// so a key meant for the help screen never ends a speaker's time.
    Dismiss,
}

/// What the runner must do.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The key help (`?`); any key closes it.
    Help,
    /// "End this run and quit?", asked by `q` while a run is in progress.
    ConfirmQuit,
}

/// Everything the console shows that is not the run itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ui {
    pub overlay: Option<Overlay>,
    pub stage: bool,
    pub bell: bool,
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
}

/// How long a notice stays on screen.
const NOTICE_SECONDS: i64 = 12;

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
        }
    }

    /// Shows a notice for a few seconds from `now`.
    pub fn notify(&mut self, text: impl Into<String>, now: Time) {
        self.notices.push(Notice {
            text: text.into(),
            until: now + chrono::TimeDelta::seconds(NOTICE_SECONDS),
        });
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

    /// Decides what an intent means now. UI toggles change `self` at once;
    /// run events come back as [`Effect::Record`].
    pub fn handle(&mut self, intent: Intent, now: Time) -> Vec<Effect> {
        self.notices.retain(|n| n.until > now);
        if self.ui.overlay == Some(Overlay::ConfirmQuit) {
            // Any answer closes the question; only a yes ends the run.
            self.ui.overlay = None;
            if intent != Intent::Confirm(true) {
                return Vec::new();
            }
            let mut effects: Vec<Effect> = self
                .run
                .event_for(Command::End, now)
                .map(Effect::Record)
                .into_iter()
                .collect();
            effects.push(Effect::Quit);
            return effects;
        }
        if self.ui.overlay == Some(Overlay::Help) {
            self.ui.overlay = None;
            return Vec::new();
        }
        match intent {
            Intent::Run(command) => self
                .run
                .event_for(command, now)
                .map(Effect::Record)
                .into_iter()
                .collect(),
            Intent::ToggleHelp => {
                self.ui.overlay = Some(Overlay::Help);
                Vec::new()
            }
            Intent::ToggleStage => {
                self.ui.stage = !self.ui.stage;
                Vec::new()
            }
            Intent::ToggleBell => {
                self.ui.bell = !self.ui.bell;
                let text = if self.ui.bell { "bell on" } else { "bell off" };
                self.notify(text, now);
                Vec::new()
            }
            Intent::ApplyRecovery => crate::recovery::suggest(&self.run, now)
                .map(|plan| plan.events(now))
                .unwrap_or_default()
                .into_iter()
                .map(Effect::Record)
                .collect(),
            Intent::Quit if self.in_progress() => {
                self.ui.overlay = Some(Overlay::ConfirmQuit);
                Vec::new()
            }
            Intent::Quit => vec![Effect::Quit],
            Intent::Confirm(_) | Intent::Dismiss => Vec::new(),
        }
    }

    /// Applies an event the journal now holds.
    pub fn commit(&mut self, event: &Event) {
        self.run.apply(event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Plan;
    use crate::run::{Action, Mode};
    use chrono::DateTime;

    fn now() -> Time {
        DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap()
    }

    fn app() -> App {
        App::new(Run::new(Plan::builtin(), Mode::Live))
    }

    fn press(app: &mut App, intent: Intent) -> Vec<Effect> {
        let effects = app.handle(intent, now());
        for e in &effects {
            if let Effect::Record(event) = e {
                app.commit(event);
            }
        }
        effects
    }

    #[test]
    fn quitting_a_run_in_progress_asks_first_and_then_ends_it() {
        let mut app = app();
        press(&mut app, Intent::Run(Command::StartOrPause));
        assert!(press(&mut app, Intent::Quit).is_empty());
        assert_eq!(app.ui.overlay, Some(Overlay::ConfirmQuit));
        let effects = press(&mut app, Intent::Confirm(true));
        assert!(matches!(&effects[0], Effect::Record(e) if e.action == Action::End));
        assert_eq!(effects[1], Effect::Quit);
        assert!(app.run.is_closed());
    }

    #[test]
    fn saying_no_to_quit_keeps_the_run_going() {
        let mut app = app();
        press(&mut app, Intent::Run(Command::StartOrPause));
        press(&mut app, Intent::Quit);
        assert!(press(&mut app, Intent::Confirm(false)).is_empty());
        assert_eq!(app.ui.overlay, None);
        assert!(app.in_progress());
    }

    #[test]
    fn quitting_before_the_start_needs_no_question() {
        let mut app = app();
        assert_eq!(press(&mut app, Intent::Quit), vec![Effect::Quit]);
    }

    #[test]
    fn a_key_pressed_over_the_help_screen_only_closes_it() {
        let mut app = app();
        press(&mut app, Intent::Run(Command::StartOrPause));
        press(&mut app, Intent::ToggleHelp);
        assert!(press(&mut app, Intent::Run(Command::Next)).is_empty());
        assert_eq!(app.ui.overlay, None);
        assert_eq!(app.run.at(now()).current, 0);
    }
}
