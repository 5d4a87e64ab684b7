//! The journal's promise, checked over arbitrary sessions: for any sequence
//! of key presses at any times, the run rebuilt from the journal on disk is
//! the run the console had, and shows the same screen at any later instant;
//! with a floor too (calls, the chair, points of order, the list's edits,
//! from the console or the web).

use chrono::{DateTime, TimeDelta};
use proptest::prelude::*;
use timekeeper::journal::{Journal, Recorder};
use timekeeper::plan;
use timekeeper::recovery;
use timekeeper::run::{
    Change, Command, EntryChange, FloorCommand, Mode, NewSegment, Run, Source, Time,
};

const PLAN: &str = r#"
    title = "Props"
    start = "10:00"
    budget = "40m"
    [[segments]]
    title = "A"
    duration = "5m"
    [[segments]]
    title = "B"
    duration = "10m"
    flexible = true
    [[segments]]
    title = "C"
    duration = "90s"
    [[segments]]
    title = "D"
    duration = "12m"
    flexible = true
"#;

/// The same session with a floor: segment B is timed from a list.
const FLOOR_PLAN: &str = r#"
    title = "Props"
    start = "10:00"
    budget = "40m"
    [kinds]
    statement = "3m"
    reply = { time = "2m", amber = "30s", red = "10s" }
    [[segments]]
    title = "A"
    duration = "5m"
    [[segments]]
    title = "B"
    duration = "10m"
    flexible = true
    floor = true
    [[segments.list]]
    name = "One"
    [[segments.list]]
    name = "Two"
    kind = "reply"
    [[segments.list]]
    name = "Three"
    [[segments]]
    title = "C"
    duration = "90s"
    [[segments]]
    title = "D"
    duration = "12m"
    flexible = true
"#;

/// What a timekeeper (or the remote page) may do, edits and signals
/// included. Segments are named by a number that picks one of the rundown's
/// ids at the time, so moves and inserts keep finding real segments.
#[derive(Debug, Clone)]
enum Key {
    Space,
    Next,
    Back,
    Plus,
    Minus,
    Recover,
    End,
    Undo,
    Redo,
    Message(String, bool),
    Clear,
    Flash,
    Skip(usize),
    Move(usize, bool),
    Insert(usize, i64, bool),
    Change(usize, i64),
    /// The floor: a name added, a speaker struck, moved or changed, the
    /// chair, a point of order.
    Add(String, bool, Option<i64>),
    Strike(usize),
    MoveSpeaker(usize, bool),
    ChangeSpeaker(usize, i64),
    Chair,
    Order,
    Web(Box<Key>),
}

fn plain_key() -> impl Strategy<Value = Key> {
    prop_oneof![
        3 => Just(Key::Space),
        4 => Just(Key::Next),
        2 => Just(Key::Back),
        1 => Just(Key::Plus),
        1 => Just(Key::Minus),
        1 => Just(Key::Recover),
        1 => Just(Key::End),
        2 => Just(Key::Undo),
        1 => Just(Key::Redo),
        1 => ("[a-zA-Z ]{0,12}", any::<bool>()).prop_map(|(t, p)| Key::Message(t, p)),
        1 => Just(Key::Clear),
        1 => Just(Key::Flash),
        1 => (0usize..8).prop_map(Key::Skip),
        1 => (0usize..8, any::<bool>()).prop_map(|(i, up)| Key::Move(i, up)),
        1 => (0usize..8, 30i64..900, any::<bool>()).prop_map(|(i, d, f)| Key::Insert(i, d, f)),
        1 => (0usize..8, 30i64..900).prop_map(|(i, d)| Key::Change(i, d)),
        1 => ("[a-zA-Zក-ឳА-я ]{0,12}", any::<bool>(), proptest::option::of(-10i64..4000))
            .prop_map(|(n, r, l)| Key::Add(n, r, l)),
        1 => (0usize..8).prop_map(Key::Strike),
        1 => (0usize..8, any::<bool>()).prop_map(|(i, up)| Key::MoveSpeaker(i, up)),
        1 => (0usize..8, -10i64..4000).prop_map(|(i, l)| Key::ChangeSpeaker(i, l)),
        1 => Just(Key::Chair),
        2 => Just(Key::Order),
    ]
}

fn key() -> impl Strategy<Value = Key> {
    prop_oneof![
        8 => plain_key(),
        1 => plain_key().prop_map(|k| Key::Web(Box::new(k))),
    ]
}

/// The command a key asks for, on the run as it stands.
fn command_for(key: &Key, run: &Run, now: Time) -> Option<(Command, Source)> {
    let id = |i: usize| run.rundown[i % run.rundown.len()].id;
    // The floor segment (B), wherever it has moved, and one of its speakers.
    let floor = run.rundown.iter().position(|s| s.floor.is_some());
    let on_floor = |command: FloorCommand| {
        floor.map(|i| Command::Floor {
            segment: run.rundown[i].id,
            command,
        })
    };
    let speaker = |k: usize| {
        floor
            .and_then(|i| run.floor(i))
            .filter(|f| !f.list.is_empty())
            .map_or(0, |f| f.list[k % f.list.len()].id)
    };
    let command = match key {
        Key::Web(inner) => return command_for(inner, run, now).map(|(c, _)| (c, Source::Web)),
        Key::Space => Command::StartOrPause,
        Key::Next => Command::Next,
        Key::Back => Command::Back,
        Key::Plus => Command::Adjust(60),
        Key::Minus => Command::Adjust(-60),
        Key::Recover => recovery::suggest(run, now)?.command(run),
        Key::End => Command::End,
        Key::Undo => Command::Undo,
        Key::Redo => Command::Redo,
        Key::Message(text, pinned) => Command::Message {
            text: text.clone(),
            pinned: *pinned,
        },
        Key::Clear => Command::ClearMessage,
        Key::Flash => Command::Flash,
        Key::Skip(i) => Command::ToggleSkip(id(*i)),
        Key::Move(i, up) => Command::Move {
            segment: id(*i),
            up: *up,
        },
        Key::Insert(i, seconds, flexible) => Command::Insert {
            after: Some(id(*i)),
            segment: NewSegment {
                title: format!("Added {seconds}"),
                speaker: None,
                duration_seconds: *seconds,
                flexible: *flexible,
            },
        },
        Key::Change(i, seconds) => Command::Change {
            segment: id(*i),
            change: Change {
                duration_seconds: Some(*seconds),
                ..Change::default()
            },
        },
        Key::Add(name, reply, limit) => on_floor(FloorCommand::Add {
            after: None,
            name: name.clone(),
            kind: reply.then(|| "reply".to_owned()),
            limit_seconds: *limit,
        })?,
        Key::Strike(k) => on_floor(FloorCommand::ToggleStrike(speaker(*k)))?,
        Key::MoveSpeaker(k, up) => on_floor(FloorCommand::Move {
            entry: speaker(*k),
            up: *up,
        })?,
        Key::ChangeSpeaker(k, limit) => on_floor(FloorCommand::Change {
            entry: speaker(*k),
            change: EntryChange {
                limit_seconds: Some(*limit),
                ..EntryChange::default()
            },
        })?,
        Key::Chair => on_floor(FloorCommand::Chair)?,
        Key::Order => on_floor(FloorCommand::Order)?,
    };
    Some((command, Source::Console))
}

fn start() -> Time {
    DateTime::parse_from_rfc3339("2026-11-27T09:58:30.250+01:00").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_run_rebuilt_from_the_journal_equals_the_live_run(
        presses in proptest::collection::vec((key(), 0i64..400_000), 0..60),
        rehearsal in any::<bool>(),
        with_floor in any::<bool>(),
        later in proptest::collection::vec(0i64..7_200_000, 1..6),
    ) {
        let source = if with_floor { FLOOR_PLAN } else { PLAN };
        let plan = plan::parse(source, "props.toml", "props").unwrap();
        let mode = if rehearsal { Mode::Rehearsal } else { Mode::Live };
        let dir = tempfile::tempdir().unwrap();
        let mut live = Run::new(plan.clone(), mode);
        let mut recorder: Option<Recorder> = None;
        let mut now = start();
        for (key, gap_ms) in presses {
            now += TimeDelta::milliseconds(gap_ms);
            let Some((command, source)) = command_for(&key, &live, now) else {
                continue;
            };
            let Ok(mut event) = live.event_for(command, now) else {
                continue;
            };
            event.source = source;
            {
                let recorder = recorder.get_or_insert_with(|| {
                    Recorder::create(dir.path(), "props.toml", &plan, mode, event.at)
                });
                recorder.record(&event, Some(0));
                prop_assert_eq!(recorder.problem(), None);
                live.apply(&event);
            }
        }
        let Some(recorder) = recorder else {
            // Nothing happened, nothing was written: nothing to compare.
            return Ok(());
        };
        let journal = Journal::read(recorder.path()).unwrap();
        prop_assert_eq!(journal.warning.as_deref(), None);
        let rebuilt = journal.replay();
        prop_assert_eq!(&rebuilt, &live);
        for ms in later {
            let at = now + TimeDelta::milliseconds(ms);
            prop_assert_eq!(rebuilt.at(at), live.at(at));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A crash can stop a write at any byte. Whatever is left, the journal
    /// reads, the run goes on in it, and what is appended reads back after
    /// what survived: a cut never turns into damage in the middle.
    #[test]
    fn a_journal_cut_at_any_byte_reads_and_goes_on(cut in 0.0f64..=1.0) {
        let plan = plan::parse(PLAN, "props.toml", "props").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut run = Run::new(plan.clone(), Mode::Live);
        let mut recorder = Recorder::create(dir.path(), "props.toml", &plan, Mode::Live, start());
        let mut now = start();
        for command in [Command::StartOrPause, Command::Adjust(60), Command::StartOrPause,
                        Command::StartOrPause, Command::Next, Command::Next, Command::Back] {
            now += TimeDelta::milliseconds(12_345);
            let event = run.event_for(command, now).unwrap();
            recorder.record(&event, Some(7));
            run.apply(&event);
        }
        let path = recorder.path().to_owned();
        drop(recorder);
        let bytes = std::fs::read(&path).unwrap();
        let header_len = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
        let at = header_len + ((bytes.len() - header_len) as f64 * cut) as usize;
        std::fs::write(&path, &bytes[..at]).unwrap();

        let survived = Journal::read(&path).unwrap();
        let mut recorder = Recorder::reopen(&survived).unwrap();
        let reopened = timekeeper::run::Event::new(now, timekeeper::run::Action::Reopened);
        recorder.record(&reopened, Some(0));
        prop_assert_eq!(recorder.problem(), None);
        drop(recorder);

        let after = Journal::read(&path).unwrap();
        prop_assert_eq!(after.warning.as_deref(), None);
        let mut expected = survived.events.clone();
        expected.push(reopened);
        prop_assert_eq!(after.events, expected);
    }
}
