//! Issue 25, hole 2: extreme integers in every field of every event kind.
//!
//! A journal `insert` of segment 18446744073709551615 once panicked every
//! reader (an overflow in the fold), and one of …614 read, after which the
//! console's next insert wrote an id that panicked every rerun. Here every
//! number an event carries (segment ids, `after`, seconds, durations, clock
//! jumps, monotonic milliseconds) is drawn from the extremes and their
//! neighbours, for every kind of event, and sent two ways:
//!
//! - straight through the fold (`Run::replay`), then what the console
//!   shows at a few instants and what it would decide next (an insert gets
//!   an id that can never overflow);
//! - as journal lines through the reader: refused as damage with the line
//!   number, or read into a run whose report renders in every format and
//!   which a console can reopen, add a segment to, and read again.

use std::path::Path;

use chrono::TimeDelta;
use proptest::prelude::*;
use timekeeper::journal::{Journal, JournalError, Recorder};
use timekeeper::plan;
use timekeeper::report::{self, Report};
use timekeeper::run::{
    Action, Change, Command, Event, MAX_SEGMENT_ID, Mode, NewSegment, Rebalance, Run, Shift, Time,
};

const PLAN: &str = r#"
title = "Extremes"

[[segments]]
title = "One"
duration = "5m"

[[segments]]
title = "Two"
duration = "5m"
flexible = true

[[segments]]
title = "Three"
duration = "5m"
"#;

fn start() -> Time {
    chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap()
}

fn id() -> impl Strategy<Value = usize> {
    prop_oneof![
        0usize..5,
        Just(MAX_SEGMENT_ID - 1),
        Just(MAX_SEGMENT_ID),
        Just(MAX_SEGMENT_ID + 1),
        Just(u32::MAX as usize),
        Just(1usize << 63),
        Just(usize::MAX - 1),
        Just(usize::MAX),
    ]
}

fn seconds() -> impl Strategy<Value = i64> {
    prop_oneof![
        -3i64..4,
        Just(i64::MIN),
        Just(i64::MIN + 1),
        Just(-86_401),
        Just(-86_400),
        Just(86_400),
        Just(86_401),
        Just(1i64 << 40),
        Just(i64::MAX - 1),
        Just(i64::MAX),
        Just(60),
        Just(-60),
    ]
}

fn millis() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        Just(1),
        Just(u64::MAX - 1),
        Just(u64::MAX),
        Just(i64::MAX as u64 + 1)
    ]
}

/// Every kind of event, its numbers drawn from the extremes.
fn action() -> impl Strategy<Value = Action> {
    let new = (seconds(), any::<bool>()).prop_map(|(duration_seconds, flexible)| NewSegment {
        title: "Added".to_owned(),
        speaker: None,
        duration_seconds,
        flexible,
    });
    prop_oneof![
        Just(Action::Start),
        Just(Action::Next),
        Just(Action::Back),
        Just(Action::Pause),
        Just(Action::Resume),
        (id(), seconds()).prop_map(|(segment, seconds)| Action::Adjust { segment, seconds }),
        prop::collection::vec((id(), seconds()), 0..3).prop_map(|shifts| Action::Rebalance {
            reason: Rebalance::Recovery,
            shifts: shifts
                .into_iter()
                .map(|(segment, seconds)| Shift { segment, seconds })
                .collect(),
        }),
        Just(Action::End),
        Just(Action::Reopened),
        seconds().prop_map(|millis| Action::ClockJump { millis }),
        Just(Action::Message {
            text: "Two minutes".to_owned(),
            pinned: false
        }),
        Just(Action::MessageClear),
        Just(Action::Flash),
        id().prop_map(|segment| Action::Skip { segment }),
        id().prop_map(|segment| Action::Unskip { segment }),
        (id(), prop::option::of(id())).prop_map(|(segment, after)| Action::Move { segment, after }),
        (id(), prop::option::of(id()), new).prop_map(|(segment, after, new)| Action::Insert {
            segment,
            after,
            new
        }),
        (id(), prop::option::of(seconds())).prop_map(|(segment, duration_seconds)| {
            Action::Change {
                segment,
                change: Change {
                    duration_seconds,
                    ..Change::default()
                },
            }
        }),
        Just(Action::Undo),
        Just(Action::Redo),
    ]
}

/// Events a second apart (or as far apart as drawn).
fn events() -> impl Strategy<Value = Vec<(Action, u64, i64)>> {
    prop::collection::vec(
        (action(), millis(), prop_oneof![0i64..90, Just(86_400 * 3)]),
        1..14,
    )
}

fn timed(drawn: &[(Action, u64, i64)]) -> Vec<(Event, u64)> {
    let mut at = start();
    drawn
        .iter()
        .map(|(action, mono, gap)| {
            at += TimeDelta::seconds(*gap);
            (Event::new(at, action.clone()), *mono)
        })
        .collect()
}

/// A journal of the plan with these event lines after its first event, as
/// a hand (or an attacker) could write it.
fn journal_with(dir: &Path, events: &[(Event, u64)]) -> std::path::PathBuf {
    let plan = plan::parse(PLAN, "extremes.toml", "extremes").unwrap();
    let mut recorder = Recorder::create(dir, "extremes.toml", &plan, Mode::Live, start());
    recorder.record(&Event::new(start(), Action::Start), Some(0));
    assert_eq!(recorder.problem(), None);
    let path = recorder.path().to_owned();
    drop(recorder);
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (event, mono) in events {
        let mut line = serde_json::to_value(&event.action).unwrap();
        let fields = line.as_object_mut().unwrap();
        fields.insert(
            "at".to_owned(),
            event
                .at
                .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
                .to_string()
                .into(),
        );
        fields.insert("mono_ms".to_owned(), (*mono).into());
        text.push_str(&line.to_string());
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
    path
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn extreme_numbers_in_any_event_never_panic_the_fold_nor_overflow_the_next_id(
        drawn in events(),
    ) {
        let plan = plan::parse(PLAN, "extremes.toml", "extremes").unwrap();
        let events: Vec<Event> = timed(&drawn).into_iter().map(|(e, _)| e).collect();
        let mut run = Run::replay(plan, Mode::Live, &events);
        let last = events.last().map_or(start(), |e| e.at);
        for later in [0, 1, 3600, 86_400 * 30] {
            let _ = run.at(last + TimeDelta::seconds(later));
        }
        prop_assert!(run.next_id <= MAX_SEGMENT_ID, "next id {}", run.next_id);
        let insert = Command::Insert {
            after: None,
            segment: NewSegment {
                title: "Statement".to_owned(),
                speaker: None,
                duration_seconds: 180,
                flexible: false,
            },
        };
        if let Ok(event) = run.event_for(insert, last) {
            if let Action::Insert { segment, .. } = event.action {
                prop_assert!(segment < MAX_SEGMENT_ID, "the console gave id {}", segment);
            }
            run.apply(&event);
            let _ = run.at(last);
        }
    }

    #[test]
    fn extreme_numbers_in_a_journal_are_damage_at_their_line_or_read_report_and_resume(
        drawn in events(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let events = timed(&drawn);
        let path = journal_with(dir.path(), &events);
        let journal = match Journal::read(&path) {
            Err(JournalError::Damaged { line, reason, .. }) => {
                // The header and the first event are whole: the damage is
                // in a line written here.
                prop_assert!((3..=events.len() + 2).contains(&line), "line {} of {}: {}", line, events.len() + 2, reason);
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("an unexpected refusal: {e}"))),
            Ok(journal) => journal,
        };
        let report = Report::from_journal(&journal);
        for text in [
            report::render_markdown(&report),
            report::render_csv(&report),
            report::render_json(&report),
            report::render_svg(&report),
        ] {
            prop_assert!(!text.is_empty());
        }
        // A console takes the run up again and adds a segment; the journal
        // still reads, and its report too.
        let mut run = journal.replay();
        let mut recorder = Recorder::reopen(&journal)
            .map_err(|e| TestCaseError::fail(format!("cannot reopen: {e}")))?;
        let now = journal.last_activity();
        let reopened = Event::new(now, Action::Reopened);
        recorder.record(&reopened, Some(0));
        run.apply(&reopened);
        let insert = Command::Insert {
            after: None,
            segment: NewSegment {
                title: "Statement".to_owned(),
                speaker: None,
                duration_seconds: 180,
                flexible: false,
            },
        };
        if let Ok(event) = run.event_for(insert, now) {
            recorder.record(&event, Some(0));
        }
        prop_assert_eq!(recorder.problem(), None);
        drop(recorder);
        let again = Journal::read(&path)
            .map_err(|e| TestCaseError::fail(format!("unreadable after the console wrote to it: {e}")))?;
        let _ = report::render_json(&Report::from_journal(&again));
    }
}

#[test]
fn a_segment_id_of_u64_max_is_damage_at_its_line_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    for id in [usize::MAX, usize::MAX - 1, MAX_SEGMENT_ID] {
        let insert = Action::Insert {
            segment: id,
            after: None,
            new: NewSegment {
                title: "Huge".to_owned(),
                speaker: None,
                duration_seconds: 60,
                flexible: false,
            },
        };
        let path = journal_with(dir.path(), &[(Event::new(start(), insert), 5)]);
        let e = Journal::read(&path).unwrap_err();
        assert!(
            matches!(e, JournalError::Damaged { line: 3, .. }),
            "{id}: {e}"
        );
        let message = e.to_string();
        assert!(message.contains(&format!("segment {id}")), "{message}");
        std::fs::remove_file(&path).unwrap();
    }
}

/// An insert the run ignores still spends its id: after a segment the run
/// does not have, or into a run already ended. The console, taking the run
/// up again, gives the next one, so the journal still reads (CI found the
/// first: the console gave id 3 a second time and the reader refused it).
#[test]
fn an_ignored_insert_spends_its_id_and_the_console_gives_the_next() {
    let new = |title: &str| NewSegment {
        title: title.to_owned(),
        speaker: None,
        duration_seconds: 60,
        flexible: false,
    };
    for (before, ignored) in [(vec![], Some(7)), (vec![Action::End], None)] {
        let dir = tempfile::tempdir().unwrap();
        let mut lines: Vec<(Event, u64)> = before
            .into_iter()
            .map(|a| (Event::new(start(), a), 1))
            .collect();
        let insert = Action::Insert {
            segment: 3,
            after: ignored,
            new: new("Ignored"),
        };
        lines.push((Event::new(start(), insert), 2));
        let path = journal_with(dir.path(), &lines);
        let journal = Journal::read(&path).unwrap();
        let mut run = journal.replay();
        assert!(
            run.rundown.iter().all(|s| s.segment.title != "Ignored"),
            "the insert after {ignored:?} was not ignored"
        );
        let mut recorder = Recorder::reopen(&journal).unwrap();
        let reopened = Event::new(journal.last_activity(), Action::Reopened);
        recorder.record(&reopened, Some(3));
        run.apply(&reopened);
        let insert = Command::Insert {
            after: None,
            segment: new("Statement"),
        };
        let event = run.event_for(insert, journal.last_activity()).unwrap();
        let Action::Insert { segment, .. } = event.action else {
            panic!("{event:?}")
        };
        assert_eq!(
            segment, 4,
            "the id the ignored insert spent was given again"
        );
        recorder.record(&event, Some(4));
        drop(recorder);
        let again = Journal::read(&path).unwrap();
        assert!(
            again
                .replay()
                .rundown
                .iter()
                .any(|s| s.segment.title == "Statement"),
            "the console's insert is not in the run read back"
        );
    }
}

/// A speaker added with an id no console gives is damage at its line, as a
/// segment's is: one of `usize::MAX` once overflowed the next id.
#[test]
fn a_speaker_added_with_an_id_past_the_limit_is_damage_at_its_line() {
    use timekeeper::run::{Added, MAX_ENTRY_ID};
    const FLOOR: &str = r#"
title = "Floor"
[[segments]]
title = "Discussion"
duration = "10m"
floor = true
[[segments.list]]
name = "Chile"
"#;
    let dir = tempfile::tempdir().unwrap();
    let plan = plan::parse(FLOOR, "floor.toml", "floor").unwrap();
    let mut recorder = Recorder::create(dir.path(), "floor.toml", &plan, Mode::Live, start());
    recorder.record(&Event::new(start(), Action::Start), Some(0));
    let path = recorder.path().to_owned();
    drop(recorder);
    let whole = std::fs::read_to_string(&path).unwrap();
    let added = |entry| Action::FloorAdd {
        segment: 0,
        entry,
        after: None,
        name: "Peru".to_owned(),
        kind: "statement".to_owned(),
        limit_seconds: None,
    };
    let many = |entry| Action::FloorAddMany {
        segment: 0,
        kind: "statement".to_owned(),
        entries: vec![Added {
            entry,
            name: "Peru".to_owned(),
        }],
    };
    let line = |action: &Action| {
        let mut v = serde_json::to_value(action).unwrap();
        v.as_object_mut()
            .unwrap()
            .insert("at".to_owned(), "2026-11-27T10:00:01.000+01:00".into());
        format!("{v}\n")
    };
    for action in [
        added(usize::MAX),
        added(MAX_ENTRY_ID),
        many(usize::MAX),
        many(MAX_ENTRY_ID),
    ] {
        std::fs::write(&path, format!("{whole}{}", line(&action))).unwrap();
        let e = Journal::read(&path).unwrap_err();
        assert!(
            matches!(e, JournalError::Damaged { line: 3, .. }),
            "{action:?}: {e}"
        );
    }
    // One below the limit reads, and the console refuses to add past it
    // rather than give an id the reader would refuse.
    std::fs::write(&path, format!("{whole}{}", line(&added(MAX_ENTRY_ID - 1)))).unwrap();
    let run = Journal::read(&path).unwrap().replay();
    let floor = run.floor(0).expect("the discussion is a floor");
    assert_eq!(floor.next_id, MAX_ENTRY_ID);
    let refused = run
        .event_for(
            Command::Floor {
                segment: 0,
                command: timekeeper::run::FloorCommand::Add {
                    after: None,
                    name: "Peru".to_owned(),
                    kind: None,
                    limit_seconds: None,
                },
            },
            start(),
        )
        .unwrap_err();
    assert!(
        refused.to_string().contains("no more can be recorded"),
        "{refused}"
    );
}
