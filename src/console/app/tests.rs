//! The console's decisions, key by key, with an injected clock.

use chrono::{DateTime, TimeDelta};

use super::*;
use crate::plan::{self, Plan};
use crate::run::{Action, Change, Mode, Phase};

fn t(s: i64) -> Time {
    DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap() + TimeDelta::seconds(s)
}

const PLAN: &str = r#"
title = "T"
start = "10:00"
[messages]
wrap = "Please wrap up"
last = "{left}, {speaker}: {next_speaker} is next; we end at {end}"
[[segments]]
title = "Opening"
speaker = "Ms. A"
duration = "5m"
[[segments]]
title = "Talk one"
speaker = "Mr. B"
duration = "10m"
[[segments]]
title = "Talk two"
speaker = "Ms. C"
duration = "10m"
[[segments]]
title = "Q&A"
duration = "10m"
flexible = true
"#;

/// The console as a timekeeper drives it, every recorded event committed
/// (as the driver does once the journal has it).
struct Desk {
    app: App,
    now: Time,
    recorded: Vec<Event>,
}

impl Desk {
    fn new() -> Self {
        Self {
            app: App::new(Run::new(
                plan::parse(PLAN, "t.toml", "t").unwrap(),
                Mode::Live,
            )),
            now: t(0),
            recorded: Vec::new(),
        }
    }

    fn builtin() -> Self {
        Self {
            app: App::new(Run::new(Plan::builtin(), Mode::Live)),
            now: t(0),
            recorded: Vec::new(),
        }
    }

    fn send(&mut self, intent: Intent) -> Vec<Effect> {
        self.send_from(intent, Source::Console).effects
    }

    fn send_from(&mut self, intent: Intent, source: Source) -> Handled {
        let handled = self.app.handle_from(intent, self.now, source);
        for event in handled.events() {
            self.app.commit(event);
            self.recorded.push(event.clone());
        }
        handled
    }

    fn run(&mut self, command: Command) -> &mut Self {
        self.send(Intent::Run(command));
        self
    }

    fn wait(&mut self, s: i64) -> &mut Self {
        self.now += TimeDelta::seconds(s);
        self
    }

    fn typed(&mut self, text: &str) {
        for c in text.chars() {
            self.send(Intent::Input(Input::Char(c)));
        }
    }

    fn last(&self) -> &Action {
        &self.recorded.last().expect("something recorded").action
    }

    fn notices(&self) -> Vec<String> {
        self.app
            .live_notices(self.now)
            .map(|n| n.text.clone())
            .collect()
    }

    fn titles(&self) -> Vec<String> {
        self.app
            .run
            .rundown
            .iter()
            .map(|s| s.segment.title.clone())
            .collect()
    }
}

#[test]
fn quitting_a_run_in_progress_asks_first_and_closing_keeps_the_session_timed() {
    let mut d = Desk::builtin();
    d.run(Command::StartOrPause);
    assert!(d.send(Intent::Quit).is_empty());
    assert_eq!(d.app.ui.overlay, Some(Overlay::ConfirmQuit));
    let effects = d.send(Intent::Confirm(Answer::Close));
    assert_eq!(effects, vec![Effect::Quit]);
    assert!(
        d.app.in_progress(),
        "closing the console does not end the run"
    );
}

#[test]
fn ending_the_session_is_its_own_answer() {
    let mut d = Desk::builtin();
    d.run(Command::StartOrPause);
    d.send(Intent::Quit);
    let effects = d.send(Intent::Confirm(Answer::EndSession));
    assert!(matches!(&effects[0], Effect::Record(e) if e.action == Action::End));
    assert_eq!(effects[1], Effect::Quit);
    assert!(d.app.run.is_closed());
}

#[test]
fn saying_no_to_quit_keeps_the_run_going() {
    let mut d = Desk::builtin();
    d.run(Command::StartOrPause);
    d.send(Intent::Quit);
    assert!(d.send(Intent::Confirm(Answer::Keep)).is_empty());
    assert_eq!(d.app.ui.overlay, None);
    assert!(d.app.in_progress());
}

#[test]
fn quitting_before_the_start_needs_no_question() {
    let mut d = Desk::builtin();
    assert_eq!(d.send(Intent::Quit), vec![Effect::Quit]);
}

#[test]
fn a_key_pressed_over_the_help_screen_only_closes_it() {
    let mut d = Desk::builtin();
    d.run(Command::StartOrPause);
    d.send(Intent::ToggleHelp);
    assert!(d.send(Intent::Run(Command::Next)).is_empty());
    assert_eq!(d.app.ui.overlay, None);
    assert_eq!(d.app.run.at(d.now).current, 0);
}

#[test]
fn a_free_message_is_typed_without_any_key_acting_on_the_run() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause).wait(60);
    d.send(Intent::OpenPrompt);
    // n, p, q and Space are text in the prompt, not next, back, quit, pause.
    d.typed("no questions please");
    assert!(d.recorded.len() == 1, "only the start: {:?}", d.recorded);
    assert_eq!(d.app.run.phase, Phase::Running(0));
    d.send(Intent::Input(Input::Backspace));
    d.typed("e");
    d.send(Intent::Input(Input::Submit));
    assert_eq!(
        d.last(),
        &Action::Message {
            text: "no questions please".to_owned(),
            pinned: false
        }
    );
    assert_eq!(d.app.ui.overlay, None);
    assert_eq!(
        d.app.run.at(d.now).message.as_deref(),
        Some("no questions please")
    );
}

#[test]
fn escape_cancels_the_prompt_and_sends_nothing() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause);
    d.send(Intent::OpenPrompt);
    d.typed("oops");
    d.send(Intent::Input(Input::Cancel));
    assert_eq!(d.recorded.len(), 1);
    assert_eq!(d.app.ui.overlay, None);
}

#[test]
fn a_preset_goes_with_its_number_then_enter_and_its_placeholders_filled_in() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause).wait(200);
    d.send(Intent::OpenPrompt);
    d.send(Intent::Input(Input::Char('2')));
    assert_eq!(d.recorded.len(), 1, "a digit alone sends nothing yet");
    d.send(Intent::Input(Input::Submit));
    assert_eq!(
        d.last(),
        &Action::Message {
            text: "1:40 left, Ms. A: Mr. B is next; we end at 10:35".to_owned(),
            pinned: false
        }
    );
    // Over time, {left} says by how much.
    d.wait(130);
    d.send(Intent::SendPreset(1));
    assert!(
        matches!(d.last(), Action::Message { text, .. } if text.starts_with("0:30 over, Ms. A"))
    );
}

#[test]
fn a_message_goes_with_its_segment_unless_pinned() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause);
    d.send(Intent::SendPreset(0));
    d.wait(10).run(Command::Next);
    assert_eq!(
        d.app.run.at(d.now).message,
        None,
        "cleared by the next speaker"
    );
    // Undo of next brings the speaker, and their message, back.
    d.run(Command::Back);
    assert_eq!(
        d.app.run.at(d.now).message.as_deref(),
        Some("Please wrap up")
    );
    d.send(Intent::OpenPrompt);
    d.send(Intent::Input(Input::Next));
    d.typed("Room closes at 10:35");
    d.send(Intent::Input(Input::Submit));
    d.wait(10).run(Command::Next);
    assert_eq!(
        d.app.run.at(d.now).message.as_deref(),
        Some("Room closes at 10:35"),
        "a pinned message stays"
    );
    d.run(Command::ClearMessage);
    assert_eq!(d.last(), &Action::MessageClear);
    assert_eq!(d.app.run.at(d.now).message, None);
}

#[test]
fn a_web_command_acts_even_while_the_console_types_a_message() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause);
    d.send(Intent::OpenPrompt);
    d.typed("half");
    d.send_from(Intent::Run(Command::Next), Source::Web);
    assert_eq!(d.recorded.last().unwrap().source, Source::Web);
    assert_eq!(d.app.run.phase, Phase::Running(1));
    // The prompt is still open with what was typed.
    assert!(matches!(&d.app.ui.overlay, Some(Overlay::Prompt(p)) if p.text == "half"));
}

#[test]
fn the_editor_skips_swaps_and_inserts_while_the_countdown_runs() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause).wait(30);
    d.send(Intent::OpenEditor);
    // The cursor starts on the first segment still to come.
    assert!(matches!(&d.app.ui.overlay, Some(Overlay::Editor(e)) if e.cursor == Some(1)));
    // Swap the next two speakers.
    d.send(Intent::Edit(EditKey::MoveDown));
    assert_eq!(d.titles(), ["Opening", "Talk two", "Talk one", "Q&A"]);
    // The cursor followed Talk one; skip Talk two, above it.
    d.send(Intent::Edit(EditKey::Up));
    d.send(Intent::Edit(EditKey::Skip));
    assert!(d.app.run.rundown[1].skipped);
    // Insert a three-minute statement after it.
    d.send(Intent::Edit(EditKey::Insert));
    d.typed("Statement from the floor");
    d.send(Intent::Input(Input::Next));
    d.typed("Mr. D");
    d.send(Intent::Input(Input::Next));
    d.typed("3");
    d.send(Intent::Input(Input::Submit));
    assert_eq!(
        d.titles(),
        [
            "Opening",
            "Talk two",
            "Statement from the floor",
            "Talk one",
            "Q&A"
        ]
    );
    assert_eq!(d.app.run.rundown[2].segment.duration_seconds, 180);
    assert_eq!(d.app.run.rundown[2].origin, crate::run::Origin::Added);
    // The countdown never stopped, and the next speaker is the new one.
    assert_eq!(d.app.run.phase, Phase::Running(0));
    d.send(Intent::Edit(EditKey::Leave));
    d.wait(10).run(Command::Next);
    assert_eq!(
        d.app.run.segment(d.app.run.at(d.now).current).title,
        "Statement from the floor"
    );
}

#[test]
fn a_form_with_an_empty_title_or_zero_duration_is_refused_in_place() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause);
    d.send(Intent::OpenEditor);
    d.send(Intent::Edit(EditKey::Insert));
    d.send(Intent::Input(Input::Next));
    d.send(Intent::Input(Input::Next));
    d.typed("0s");
    d.send(Intent::Input(Input::Submit));
    let Some(Overlay::Editor(Editor {
        form: Some(form), ..
    })) = &d.app.ui.overlay
    else {
        panic!("the form stays open: {:?}", d.app.ui.overlay);
    };
    assert!(form.error.is_some(), "{form:?}");
    assert_eq!(d.recorded.len(), 1, "nothing recorded");
    d.send(Intent::Input(Input::Previous));
    d.send(Intent::Input(Input::Previous));
    d.typed("Statement");
    d.send(Intent::Input(Input::Submit));
    let Some(Overlay::Editor(Editor {
        form: Some(form), ..
    })) = &d.app.ui.overlay
    else {
        panic!("still open");
    };
    assert!(
        form.error.as_deref().is_some_and(|e| e.contains("zero")),
        "{form:?}"
    );
}

#[test]
fn a_change_edits_the_segment_under_the_cursor() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause);
    d.send(Intent::OpenEditor);
    d.send(Intent::Edit(EditKey::Change));
    d.send(Intent::Input(Input::Next));
    d.send(Intent::Input(Input::Next));
    for _ in 0..5 {
        d.send(Intent::Input(Input::Backspace));
    }
    d.typed("7m30s");
    d.send(Intent::Input(Input::Submit));
    assert_eq!(
        d.last(),
        &Action::Change {
            segment: 1,
            change: Change {
                duration_seconds: Some(450),
                ..Change::default()
            }
        }
    );
    assert_eq!(d.app.run.rundown[1].segment.duration_seconds, 450);
}

#[test]
fn typing_7m_over_a_prefilled_duration_replaces_it_never_appends() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause);
    d.send(Intent::OpenEditor);
    d.send(Intent::Edit(EditKey::Change));
    // Tab to the duration (prefilled with the segment's own) and type.
    d.send(Intent::Input(Input::Next));
    d.send(Intent::Input(Input::Next));
    d.typed("7m");
    d.send(Intent::Input(Input::Submit));
    assert_eq!(
        d.last(),
        &Action::Change {
            segment: 1,
            change: Change {
                duration_seconds: Some(420),
                ..Change::default()
            }
        }
    );
    // The title, prefilled as the form opens, is replaced the same way;
    // once typed into, a field takes keys as usual.
    d.send(Intent::Edit(EditKey::Change));
    d.typed("Keynote");
    d.send(Intent::Input(Input::Backspace));
    d.typed("e!");
    d.send(Intent::Input(Input::Submit));
    assert_eq!(d.app.run.rundown[1].segment.title, "Keynote!");
}

#[test]
fn a_stray_back_is_redone_and_a_stray_apply_undone() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause)
        .wait(400)
        .run(Command::Next)
        .wait(19);
    // A stray p (or the remote's PageUp) 19 s into the talk.
    d.run(Command::Back);
    assert_eq!(d.app.run.phase, Phase::Running(0));
    // Nothing was undone, so there is nothing to redo: it says so.
    d.wait(5).run(Command::Redo);
    assert_eq!(d.app.run.phase, Phase::Running(0));
    assert!(
        d.notices().iter().any(|n| n == "nothing to redo"),
        "{:?}",
        d.notices()
    );
    // Undo takes the stray back away: the talk goes on from when it began.
    d.run(Command::Undo);
    assert!(
        d.notices().iter().any(|n| n.starts_with("undone: back")),
        "{:?}",
        d.notices()
    );
    assert_eq!(d.app.run.phase, Phase::Running(1));
    assert_eq!(d.app.run.at(d.now).elapsed, 24);
    // Undo and redo of the next itself.
    d.run(Command::Undo);
    assert_eq!(d.app.run.phase, Phase::Running(0));
    d.run(Command::Redo);
    assert_eq!(d.app.run.phase, Phase::Running(1));
    assert_eq!(d.app.run.at(d.now).elapsed, 24, "redo restores exactly");
    // Running late, a applies the cut; undo puts the time back.
    d.wait(900);
    let before = d.app.run.allowed(3);
    d.send(Intent::ApplySuggestion);
    assert!(matches!(d.last(), Action::Rebalance { .. }));
    assert!(d.app.run.allowed(3) < before);
    d.run(Command::Undo);
    assert_eq!(d.app.run.allowed(3), before);
}

#[test]
fn a_with_nothing_to_apply_says_so() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause).wait(10);
    d.send(Intent::ApplySuggestion);
    assert_eq!(d.recorded.len(), 1);
    assert!(
        d.notices().iter().any(|n| n.contains("nothing to apply")),
        "{:?}",
        d.notices()
    );
}

#[test]
fn the_bell_is_never_switched_silently() {
    let mut d = Desk::new();
    d.send(Intent::ToggleBell);
    assert!(!d.app.ui.bell);
    assert!(d.notices().iter().any(|n| n.starts_with("bell off")));
}

#[test]
fn a_refusal_is_said_each_time_even_when_its_notice_is_already_up() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause);
    for _ in 0..2 {
        let handled = d.send_from(Intent::Run(Command::Back), Source::Web);
        assert_eq!(handled.refused.as_deref(), Some("nothing to go back to"));
        assert_eq!(handled.effects, []);
    }
    let handled = d.send_from(Intent::Run(Command::Next), Source::Web);
    assert_eq!(handled.refused, None, "a command carried out says nothing");
    assert_eq!(handled.events().count(), 1);
    // The news of a change is not a refusal: the bell's word is a notice.
    let handled = d.send_from(Intent::ToggleBell, Source::Console);
    assert_eq!(handled, Handled::default());
    assert!(d.notices().iter().any(|n| n.starts_with("bell off")));
}

#[test]
fn a_typed_message_that_starts_with_a_digit_is_text_and_never_pauses_the_run() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause).wait(60);
    d.send(Intent::OpenPrompt);
    d.typed("5 minutes left");
    assert_eq!(d.recorded.len(), 1, "only the start: {:?}", d.recorded);
    assert_eq!(
        d.app.run.phase,
        Phase::Running(0),
        "the Space did not pause"
    );
    assert!(matches!(&d.app.ui.overlay, Some(Overlay::Prompt(p)) if p.text == "5 minutes left"));
    d.send(Intent::Input(Input::Submit));
    assert_eq!(
        d.last(),
        &Action::Message {
            text: "5 minutes left".to_owned(),
            pinned: false
        }
    );
    assert_eq!(d.app.run.phase, Phase::Running(0));
}

#[test]
fn a_number_with_no_such_preset_keeps_the_prompt_open_and_says_so() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause);
    d.send(Intent::OpenPrompt);
    d.typed("7");
    d.send(Intent::Input(Input::Submit));
    assert_eq!(d.recorded.len(), 1);
    assert!(matches!(d.app.ui.overlay, Some(Overlay::Prompt(_))));
    assert!(
        d.notices().iter().any(|n| n.contains("no preset 7")),
        "{:?}",
        d.notices()
    );
}

#[test]
fn every_key_that_changes_the_run_says_so() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause);
    assert!(
        d.notices()
            .iter()
            .any(|n| n == "session started: Opening · Ms. A")
    );
    d.wait(5).run(Command::Adjust(60));
    assert!(
        d.notices()
            .iter()
            .any(|n| n == "+1 min to Opening (now 6:00)"),
        "{:?}",
        d.notices()
    );
    d.wait(5).run(Command::Next);
    assert!(d.notices().iter().any(|n| n == "next: Talk one · Mr. B"));
}

#[test]
fn applying_the_suggestion_says_what_it_applied() {
    let mut d = Desk::new();
    d.run(Command::StartOrPause);
    // Opening runs four minutes long: the flexible Q&A can win it back.
    d.wait(9 * 60).run(Command::Next);
    d.send(Intent::ApplySuggestion);
    assert!(
        matches!(d.last(), Action::Rebalance { .. }),
        "{:?}",
        d.last()
    );
    assert!(
        d.notices()
            .iter()
            .any(|n| n.starts_with("recovery applied: Q&A 10:00 → ")),
        "{:?}",
        d.notices()
    );
}

#[test]
fn a_web_command_is_said_in_words_from_the_remote() {
    let mut d = Desk::new();
    d.send_from(Intent::Run(Command::StartOrPause), Source::Web);
    d.send_from(Intent::Run(Command::Adjust(60)), Source::Web);
    assert!(
        d.notices()
            .iter()
            .any(|n| n == "from the remote: +1 min to Opening (now 6:00)"),
        "{:?}",
        d.notices()
    );
}
