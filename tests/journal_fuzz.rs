//! The journal reader fuzzed: real journals (the report fixtures) damaged
//! the ways a disk, a crash or a careless edit damages them (bits flipped,
//! cuts, lines swapped, dropped or doubled, garbage inserted, numbers and
//! dates made absurd), thousands of times. Whatever comes of it, reading
//! never panics; it either refuses with one sentence (damage with a line
//! number within the file) or gives a run whose report renders in every
//! format, bounded, and which a console can go on recording in.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use timekeeper::journal::{Journal, JournalError, Recorder};
use timekeeper::report::{self, Comparison, Report};
use timekeeper::run::{Action, Event};

const DIR: &str = "tests/fixtures/journals";

fn fixtures() -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// One way to damage a journal; positions are fractions of its length.
#[derive(Debug, Clone)]
enum Mutation {
    FlipBit {
        at: f64,
        bit: u8,
    },
    Truncate {
        at: f64,
    },
    SwapLines {
        a: f64,
        b: f64,
    },
    DropLine {
        at: f64,
    },
    DoubleLine {
        at: f64,
    },
    Insert {
        at: f64,
        bytes: Vec<u8>,
    },
    /// A run of digits replaced by another number.
    Number {
        at: f64,
        with: String,
    },
    /// A date in the journal replaced.
    Date {
        at: f64,
        with: String,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0.0f64..1.0;
    prop_oneof![
        4 => (at.clone(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        2 => at.clone().prop_map(|at| Mutation::Truncate { at }),
        2 => (at.clone(), at.clone()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        1 => at.clone().prop_map(|at| Mutation::DropLine { at }),
        1 => at.clone().prop_map(|at| Mutation::DoubleLine { at }),
        2 => (at.clone(), prop_oneof![
            prop::collection::vec(any::<u8>(), 1..16),
            prop::sample::select(vec![
                b"\n".to_vec(), b"\0\0\0\0".to_vec(), b"}".to_vec(), b"{".to_vec(),
                b"\"".to_vec(), b"\n{\"at\":\"2026-11-27T14:00:00.000+01:00\",\"event\":\"end\"}\n".to_vec(),
                b"\n{\"at\":\"2026-11-27T14:00:00.000+01:00\",\"event\":\"clock_jump\",\"millis\":-9223372036854775808}\n".to_vec(),
                b"\n{\"at\":\"2026-11-27T14:00:00.000+01:00\",\"event\":\"adjust\",\"segment\":0,\"seconds\":86400}\n".to_vec(),
                "\u{1b}[2J".as_bytes().to_vec(), "\u{fffe}".as_bytes().to_vec(),
            ]),
        ]).prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        3 => (at.clone(), prop::sample::select(vec![
            "0", "-1", "99999999999999999999", "9223372036854775807",
            "-9223372036854775808", "1e308", "4294967296", "86401", "-86400", "18446744073709551615",
        ])).prop_map(|(at, with)| Mutation::Number { at, with: with.to_owned() }),
        2 => (at, prop::sample::select(vec![
            "9999-12-31T23:59:59.999+00:00", "1970-01-01T00:00:00.000+00:00",
            "6026-11-27T14:00:00.000+01:00", "2026-11-27T14:00:00.000+14:00",
            "2026-02-30T14:00:00.000+01:00", "+262143-12-31T23:59:59.999+00:00",
            "2026-11-27T13:00:00.000-01:00", "2026-12-04T14:00:00.000+01:00",
        ])).prop_map(|(at, with)| Mutation::Date { at, with: with.to_owned() }),
    ]
}

fn index(len: usize, at: f64) -> usize {
    ((len as f64 * at) as usize).min(len.saturating_sub(1))
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    match m {
        Mutation::FlipBit { at, bit } => {
            let i = index(bytes.len(), *at);
            bytes[i] ^= 1 << bit;
        }
        Mutation::Truncate { at } => bytes.truncate(index(bytes.len(), *at)),
        Mutation::SwapLines { a, b } => {
            let mut l = lines(bytes);
            let (a, b) = (index(l.len(), *a), index(l.len(), *b));
            l.swap(a, b);
            *bytes = l.join(&b'\n');
        }
        Mutation::DropLine { at } => {
            let mut l = lines(bytes);
            l.remove(index(l.len(), *at));
            *bytes = l.join(&b'\n');
        }
        Mutation::DoubleLine { at } => {
            let mut l = lines(bytes);
            let i = index(l.len(), *at);
            l.insert(i, l[i].clone());
            *bytes = l.join(&b'\n');
        }
        Mutation::Insert { at, bytes: new } => {
            let i = index(bytes.len(), *at);
            bytes.splice(i..i, new.iter().copied());
        }
        Mutation::Number { at, with } => {
            let start = index(bytes.len(), *at);
            if let Some(first) = bytes[start..].iter().position(u8::is_ascii_digit) {
                let from = start + first;
                let to = from
                    + bytes[from..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                bytes.splice(from..to, with.bytes());
            }
        }
        Mutation::Date { at, with } => {
            let start = index(bytes.len(), *at);
            // The next `"at":"` or `"created":"` value, found in the bytes
            // themselves: a lossy string of them is not as long where a
            // flipped bit left them not UTF-8.
            let found = bytes[start..].windows(5).position(|w| w == b"\":\"20");
            if let Some(found) = found {
                let from = start + found + 3;
                if let Some(len) = bytes[from..].iter().position(|&b| b == b'"') {
                    bytes.splice(from..from + len, with.bytes());
                }
            }
        }
    }
}

/// What every refusal must be: one sentence, safe to print, and for damage
/// a line that is in the file.
fn check_refusal(e: &JournalError, bytes: &[u8]) -> Result<(), TestCaseError> {
    let text = e.to_string();
    prop_assert!(
        !text.chars().any(char::is_control),
        "a control character would reach the terminal: {:?}",
        text
    );
    match e {
        JournalError::Damaged { line, .. } => {
            let lines = bytes.split(|&b| b == b'\n').count();
            prop_assert!(
                (1..=lines).contains(line),
                "line {} of a {}-line file: {}",
                line,
                lines,
                text
            );
        }
        JournalError::NotAJournal { .. }
        | JournalError::TooNew { .. }
        | JournalError::NothingRecorded { .. } => {}
        other => prop_assert!(false, "an unexpected refusal: {}", other),
    }
    Ok(())
}

/// A journal that reads must report in every format, bounded, and take
/// one more event from a console that reopens it.
fn check_reads(journal: &Journal, path: &Path) -> Result<(), TestCaseError> {
    let report = Report::from_journal(journal);
    for (format, text) in [
        ("md", report::render_markdown(&report)),
        ("csv", report::render_csv(&report)),
        ("json", report::render_json(&report)),
        ("svg", report::render_svg(&report)),
    ] {
        prop_assert!(
            text.len() < 200_000,
            "{}: {} bytes from a journal of a few",
            format,
            text.len()
        );
    }
    let svg = report::render_svg(&report);
    prop_assert!(
        roxmltree::Document::parse(&svg).is_ok(),
        "the SVG is not XML"
    );
    let comparison = Comparison::new(&[report.clone(), report]);
    let _ = report::render_compare_markdown(&comparison);
    let _ = report::render_compare_csv(&comparison);
    let _ = report::render_compare_json(&comparison);

    let mut recorder = Recorder::reopen(journal)
        .map_err(|e| TestCaseError::fail(format!("cannot reopen: {e}")))?;
    let reopened = Event::new(journal.last_activity(), Action::Reopened);
    recorder.record(&reopened, Some(0));
    prop_assert_eq!(recorder.problem(), None);
    drop(recorder);
    let again = Journal::read(path)
        .map_err(|e| TestCaseError::fail(format!("unreadable after a reopening: {e}")))?;
    prop_assert_eq!(again.warning.as_deref(), None);
    prop_assert_eq!(again.events.len(), journal.events.len() + 1);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_500))]

    #[test]
    fn a_damaged_journal_is_refused_with_its_line_or_reads_into_a_run_that_reports(
        which in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
        spare_header in prop::bool::weighted(0.75),
    ) {
        let all = fixtures();
        let mut bytes = which.get(&all).clone();
        // Mostly the events are damaged: the header is most of the bytes,
        // and damage there leaves nothing to report.
        let kept = if spare_header {
            bytes.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1)
        } else {
            0
        };
        let mut rest = bytes.split_off(kept);
        for m in &mutations {
            apply(&mut rest, m);
        }
        bytes.append(&mut rest);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fuzzed-20261127-140000.jsonl");
        std::fs::write(&path, &bytes).unwrap();
        match Journal::read(&path) {
            Err(e) => check_refusal(&e, &bytes)?,
            Ok(journal) => check_reads(&journal, &path)?,
        }
    }
}

#[test]
fn every_fixture_reads_as_it_did() {
    // The damaged fixture is refused at its line 3; every other reads.
    for bytes in fixtures() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        std::fs::write(&path, &bytes).unwrap();
        match Journal::read(&path) {
            Ok(_) | Err(JournalError::Damaged { line: 3, .. }) => {}
            Err(e) => panic!("{e}"),
        }
    }
}
