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
