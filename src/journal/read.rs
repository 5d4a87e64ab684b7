//! Reading a journal back: every line checked, a line cut by a crash left
//! out with a warning, damage anywhere else refused with its line number.
//!
//! A journal is read as a stream, a line at a time, each line no longer
//! than any the recorder writes and the whole no larger than
//! [`MAX_JOURNAL_BYTES`]; only a regular file is opened, and opening never
//! blocks (see [`crate::files`]). A file with nothing in it yet (empty, or
//! the start of a header and no more: a console killed as it began a run)
//! is [`JournalError::NothingRecorded`], not damage.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read as _};
use std::path::{Path, PathBuf};

use super::timeline::Timeline;
use super::{FORMAT, Header, JournalError, Line, VERSION, printable};
use crate::files::{self, LineEnd, OpenError, read_line};
use crate::plan::Plan;
use crate::run::{Action, EntryId, Event, MAX_ENTRY_ID, MAX_SEGMENT_ID, Run, SegmentId};
use crate::time::Time;

/// Largest journal read, and written: the recorder stops before it (NOT
/// RECORDING), so no journal a console writes is one a reader refuses. A
/// console writes a line of about a hundred bytes per key press: a week of
/// one press a second is some 60 MB less than this; a flood of commands
/// from the web, held to the control token's rate, takes more than a day.
pub const MAX_JOURNAL_BYTES: u64 = 64 * 1024 * 1024;
/// Longest first line read: the header holds the whole plan, and a plan
/// file is at most 1 MiB (its JSON a few times that, at worst).
pub(super) const MAX_HEADER_LINE: usize = 16 * 1024 * 1024;
/// Longest event line read: an event is a few hundred bytes.
pub(super) const MAX_EVENT_LINE: usize = 64 * 1024;
/// How every header the recorder writes begins.
const HEADER_START: &[u8] = b"{\"format\":\"timekeeper-journal\"";

/// A journal read back.
#[derive(Debug, Clone)]
pub struct Journal {
    pub path: PathBuf,
    pub header: Header,
    pub events: Vec<Event>,
    /// Set when the last line was cut by a crash and left out.
    pub warning: Option<String>,
    /// The run the events describe, folded once.
    pub run: Run,
    /// Bytes of complete lines: where appending may continue.
    pub(super) complete_len: u64,
    /// The last line (an event, or the header alone) is whole but its
    /// newline never reached the disk.
    pub(super) missing_newline: bool,
    /// Where the events' times have got to: what the next may be.
    pub(super) timeline: Timeline,
}

impl Journal {
    /// Reads and checks a journal.
    pub fn read(path: &Path) -> Result<Self, JournalError> {
        let io_error = |error| JournalError::Io {
            path: printable(path),
            error,
        };
        let (file, meta) = files::open_regular(path).map_err(|e| match e {
            OpenError::Io(error) => io_error(error),
            OpenError::NotAFile(what) => JournalError::NotAFile {
                path: printable(path),
                what,
            },
        })?;
        if meta.len() > MAX_JOURNAL_BYTES {
            return Err(JournalError::TooLarge {
                path: printable(path),
                size: meta.len(),
            });
        }
        // Bounded even if the file grows while it is read.
        let reader = BufReader::with_capacity(64 * 1024, file.take(MAX_JOURNAL_BYTES + 1));
        parse(reader, path)
    }

    /// The run this journal describes.
    pub fn replay(&self) -> Run {
        self.run.clone()
    }

    /// Whether the run in this journal has ended.
    pub fn is_finished(&self) -> bool {
        self.run.is_closed()
    }

    /// The time of the last thing recorded (the creation, before any event).
    pub fn last_activity(&self) -> Time {
        self.events.last().map_or(self.header.created, |e| e.at)
    }
}

/// `serde_json`'s message without its "at line 1 column 70": the line is the
/// journal's own, given beside it.
fn json_reason(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    format!("{message}, column {}", e.column())
}

/// Longest time an event may give or take: more is not something a console
/// wrote (the fold ignores it too).
const ABSURD_ADJUST: i64 = crate::run::MAX_SHIFT_SECONDS;

/// The bytes of a line without what a lost write can leave at its end
/// (NUL bytes, after a power cut) or a person may (blanks).
fn trimmed(line: &[u8]) -> &[u8] {
    let end = line
        .iter()
        .rposition(|&b| b != 0 && !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &line[..end]
}

/// Whether the first line, the file's only one, is no more than the start
/// of a header the recorder was writing: nothing was recorded yet.
fn holds_nothing(first: &[u8]) -> bool {
    let first = trimmed(first);
    first.is_empty() || HEADER_START.starts_with(first) || first.starts_with(HEADER_START)
}

/// Damage at a line. The reason may quote the journal (serde names an
/// unknown event as written): it reaches the terminal, so it is made safe
/// to print.
fn damaged(shown: &str, line: usize, reason: &str) -> JournalError {
    JournalError::Damaged {
        path: shown.to_owned(),
        line,
        reason: crate::text::sanitize(reason),
    }
}

/// The header, checked and made safe to print; the bytes of its line (its
/// newline included, if it has one); and whether it is the file's only line,
/// its newline never written.
fn read_header(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    shown: &str,
) -> Result<(Header, u64, bool), JournalError> {
    let not_a_journal = || JournalError::NotAJournal {
        path: shown.to_owned(),
    };
    let end = read_line(reader, buf, MAX_HEADER_LINE).map_err(|error| JournalError::Io {
        path: shown.to_owned(),
        error,
    })?;
    let header_only = end == LineEnd::Eof;
    if end == LineEnd::TooLong {
        return Err(if buf.starts_with(HEADER_START) {
            let limit = files::size(MAX_HEADER_LINE as u64);
            damaged(
                shown,
                1,
                &format!("its first line is longer than {limit}, longer than any header"),
            )
        } else {
            not_a_journal()
        });
    }
    // A header whose newline never reached the disk may be followed by
    // what a lost write leaves; it is not part of it.
    let first: &[u8] = if header_only { trimmed(buf) } else { buf };
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(first) else {
        return Err(if header_only && holds_nothing(first) {
            JournalError::NothingRecorded {
                path: shown.to_owned(),
            }
        } else {
            not_a_journal()
        });
    };
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(not_a_journal());
    }
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    if version > u64::from(VERSION) {
        return Err(JournalError::TooNew {
            path: shown.to_owned(),
            found: u32::try_from(version).unwrap_or(u32::MAX),
        });
    }
    let mut header: Header =
        serde_json::from_value(value).map_err(|e| damaged(shown, 1, &e.to_string()))?;
    // A journal may have been edited by hand: its plan is checked like a
    // plan file, and its text reaches the terminal.
    header
        .plan
        .check()
        .map_err(|why| damaged(shown, 1, &format!("its plan is not valid: {why}")))?;
    sanitize_plan(&mut header.plan);
    header.plan_path = crate::text::sanitize(&header.plan_path);
    Ok((
        header,
        first.len() as u64 + u64::from(!header_only),
        header_only,
    ))
}

fn parse(mut reader: impl BufRead, path: &Path) -> Result<Journal, JournalError> {
    let shown = printable(path);
    let damaged = |line: usize, reason: String| damaged(&shown, line, &reason);
    let io_error = |error| JournalError::Io {
        path: shown.clone(),
        error,
    };
    let mut buf = Vec::new();
    let (header, header_len, header_only) = read_header(&mut reader, &mut buf, &shown)?;
    let segments = header.plan.segments.len();

    let mut events = Vec::new();
    // Ids of the segments inserted so far: later events may name them.
    let mut inserted = HashSet::new();
    let mut warning = None;
    let mut timeline = Timeline::new(header.created);
    // Where the next line starts, and where the last whole line ends.
    let mut offset = header_len;
    let mut complete_len = offset;
    let mut missing_newline = header_only;
    let mut number = 1;
    loop {
        let end = read_line(&mut reader, &mut buf, MAX_EVENT_LINE).map_err(io_error)?;
        if end == LineEnd::Eof && buf.is_empty() {
            break;
        }
        number += 1;
        if end == LineEnd::TooLong {
            return Err(damaged(
                number,
                format!(
                    "the line is longer than {}, longer than any event",
                    files::size(MAX_EVENT_LINE as u64)
                ),
            ));
        }
        let unterminated = end == LineEnd::Eof;
        let line_start = offset;
        offset += buf.len() as u64 + u64::from(!unterminated);
        if offset > MAX_JOURNAL_BYTES {
            return Err(JournalError::TooLarge {
                path: shown,
                size: offset,
            });
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            if !unterminated {
                complete_len = offset;
            }
            continue;
        }
        match serde_json::from_slice::<Line>(&buf) {
            Ok(line) => {
                if let Some(why) = implausible(&line.action, segments, &mut inserted) {
                    return Err(damaged(number, why));
                }
                timeline
                    .admit(line.at, &line.action)
                    .map_err(|why| damaged(number, why))?;
                events.push(Event {
                    at: line.at,
                    action: line.action,
                    source: line.source,
                });
                complete_len = offset;
                missing_newline = unterminated;
            }
            Err(_) if unterminated => {
                complete_len = line_start;
                missing_newline = false;
                warning = Some(format!(
                    "{shown}: the last line (line {number}) was cut off, probably by a crash while writing; it was left out"
                ));
            }
            Err(e) => return Err(damaged(number, json_reason(&e))),
        }
    }
    let run = Run::replay(header.plan.clone(), header.mode, &events);
    Ok(Journal {
        path: path.to_owned(),
        header,
        events,
        warning,
        run,
        complete_len,
        missing_newline,
        timeline,
    })
}

/// Why an event is not one a console could have written for this plan: a
/// segment it cannot have, an absurd amount of time, a duration out of
/// range. `inserted` gathers the ids of segments added so far.
fn implausible(
    action: &Action,
    segments: usize,
    inserted: &mut HashSet<SegmentId>,
) -> Option<String> {
    let known = |id: &SegmentId| *id < segments || inserted.contains(id);
    let absurd = |s: &i64| s.unsigned_abs() > ABSURD_ADJUST.unsigned_abs();
    if let Some(id) = segment_ids(action).find(|id| *id >= MAX_SEGMENT_ID) {
        return Some(format!(
            "segment {id}: no console gives an id that large (they stay below {MAX_SEGMENT_ID})"
        ));
    }
    if let Some(id) = added_entries(action).find(|id| *id >= MAX_ENTRY_ID) {
        return Some(format!(
            "speaker {id} added: no console gives an id that large (they stay below {MAX_ENTRY_ID})"
        ));
    }
    match action {
        Action::Adjust { segment, seconds } if !known(segment) || absurd(seconds) => Some(format!(
            "an adjustment of {seconds} s to segment {segment}, which the plan cannot have"
        )),
        Action::Rebalance { shifts, .. }
            if shifts
                .iter()
                .any(|s| !known(&s.segment) || absurd(&s.seconds)) =>
        {
            Some("time moved to a segment the plan cannot have".to_owned())
        }
        Action::Skip { segment } | Action::Unskip { segment } | Action::Change { segment, .. }
            if !known(segment) =>
        {
            Some(format!(
                "an edit of segment {segment}, which the run does not have"
            ))
        }
        Action::Move { segment, after } if !known(segment) || after.is_some_and(|a| !known(&a)) => {
            Some(format!(
                "a move of segment {segment}, which the run does not have"
            ))
        }
        Action::Insert { segment, new, .. } => {
            if known(segment) {
                return Some(format!("segment {segment} inserted twice"));
            }
            if new.duration_seconds <= 0 || absurd(&new.duration_seconds) {
                return Some(format!("an inserted segment of {} s", new.duration_seconds));
            }
            inserted.insert(*segment);
            None
        }
        Action::Change {
            change:
                crate::run::Change {
                    duration_seconds: Some(d),
                    ..
                },
            ..
        } if *d <= 0 || absurd(d) => Some(format!("a segment changed to {d} s")),
        a if a.floor_segment().is_some_and(|s| !known(&s)) => Some(format!(
            "a floor event for segment {}, which the run does not have",
            a.floor_segment().unwrap_or_default()
        )),
        Action::FloorAdd {
            limit_seconds: Some(l),
            ..
        }
        | Action::FloorChange {
            change:
                crate::run::EntryChange {
                    limit_seconds: Some(l),
                    ..
                },
            ..
        } if crate::plan::floor::limit_problem(*l).is_some() => {
            Some(format!("a speaker's limit of {l} s"))
        }
        Action::FloorFit {
            limit_seconds: Some(l),
            ..
        } if crate::plan::floor::limit_problem(*l).is_some() => {
            Some(format!("equal time of {l} s for a speaker"))
        }
        Action::FloorAddMany { entries, .. } if entries.len() > crate::plan::floor::MAX_ENTRIES => {
            Some(format!("{} speakers added at once", entries.len()))
        }
        Action::FloorFit { entries, .. } if entries.len() > crate::plan::floor::MAX_ENTRIES => {
            Some(format!("a fit naming {} speakers", entries.len()))
        }
        _ => None,
    }
}

/// Every segment id an event names.
fn segment_ids(action: &Action) -> Box<dyn Iterator<Item = SegmentId> + '_> {
    match action {
        Action::Adjust { segment, .. }
        | Action::Skip { segment }
        | Action::Unskip { segment }
        | Action::Change { segment, .. } => Box::new(std::iter::once(*segment)),
        Action::Move { segment, after } | Action::Insert { segment, after, .. } => {
            Box::new(std::iter::once(*segment).chain(*after))
        }
        Action::Rebalance { shifts, .. } => Box::new(shifts.iter().map(|s| s.segment)),
        _ => Box::new(std::iter::empty()),
    }
}

/// Every entry id an event adds to a floor's list.
fn added_entries(action: &Action) -> Box<dyn Iterator<Item = EntryId> + '_> {
    match action {
        Action::FloorAdd { entry, .. } => Box::new(std::iter::once(*entry)),
        Action::FloorAddMany { entries, .. } => Box::new(entries.iter().map(|a| a.entry)),
        _ => Box::new(std::iter::empty()),
    }
}

fn sanitize_plan(plan: &mut Plan) {
    use crate::text::sanitize;
    let clean = |s: &mut String| *s = sanitize(s);
    clean(&mut plan.title);
    clean(&mut plan.name);
    if let Some(l) = plan.location.as_mut() {
        clean(l);
    }
    for k in &mut plan.kinds {
        clean(&mut k.name);
    }
    for s in &mut plan.segments {
        clean(&mut s.title);
        for field in [&mut s.speaker, &mut s.role, &mut s.notes] {
            if let Some(f) = field.as_mut() {
                clean(f);
            }
        }
        if let Some(floor) = s.floor.as_mut() {
            crate::plan::floor::sanitize(floor);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::testing::*;
    use crate::run::Phase;
    use std::fs;

    #[test]
    fn a_journal_reads_back_into_the_same_run() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_run(dir.path());
        assert_eq!(path.file_name().unwrap(), "t-20261127-100000.jsonl");
        let j = Journal::read(&path).unwrap();
        assert_eq!(j.events.len(), 2);
        assert_eq!(j.warning, None);
        assert_eq!(j.replay().phase, Phase::Running(1));
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.lines()
                .nth(1)
                .unwrap()
                .contains("\"at\":\"2026-11-27T10:00:01.000+01:00\"")
        );
    }

    #[test]
    fn damage_in_the_middle_is_refused_with_the_line_number() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_run(dir.path());
        let text = fs::read_to_string(&path).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        lines[1] = "{\"at\": garbage";
        fs::write(&path, lines.join("\n") + "\n").unwrap();
        let e = Journal::read(&path).unwrap_err().to_string();
        assert!(e.contains(":2: the journal is damaged"), "{e}");
        assert!(!e.contains("at line"), "one position, not two: {e}");
    }

    #[test]
    fn a_newer_format_is_refused_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_run(dir.path());
        let text = fs::read_to_string(&path)
            .unwrap()
            .replace(&format!("\"version\":{VERSION}"), "\"version\":7");
        fs::write(&path, text).unwrap();
        let e = Journal::read(&path).unwrap_err().to_string();
        assert!(e.contains("newer timekeeper (journal format 7"), "{e}");
    }

    #[test]
    fn a_file_that_is_not_a_journal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.jsonl");
        fs::write(&path, "hello\n").unwrap();
        assert!(matches!(
            Journal::read(&path),
            Err(JournalError::NotAJournal { .. })
        ));
    }

    #[test]
    fn a_journal_whose_plan_is_not_valid_is_refused_at_line_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_run(dir.path());
        let text = fs::read_to_string(&path).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let mut header: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
        header["plan"]["segments"] = serde_json::json!([]);
        lines[0] = header.to_string();
        fs::write(&path, lines.join("\n") + "\n").unwrap();
        let e = Journal::read(&path).unwrap_err().to_string();
        assert!(
            e.contains(
                ":1: the journal is damaged here (its plan is not valid: it has no segments)"
            ),
            "{e}"
        );
    }

    #[test]
    fn an_adjustment_no_console_could_write_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = journal_of(
            dir.path(),
            0,
            &[(
                1,
                Action::Adjust {
                    segment: 9,
                    seconds: 60,
                },
            )],
        );
        let e = Journal::read(&path).unwrap_err().to_string();
        assert!(e.contains(":2: the journal is damaged here"), "{e}");
        assert!(e.contains("segment 9"), "{e}");
    }

    #[test]
    fn an_empty_or_header_less_file_is_nothing_recorded_not_damage() {
        let dir = tempfile::tempdir().unwrap();
        let whole = fs::read(write_run(dir.path())).unwrap();
        let header_len = whole.iter().position(|&b| b == b'\n').unwrap();
        let path = dir.path().join("t-20261127-100000.jsonl");
        for content in [
            Vec::new(),
            whole[..1].to_vec(),
            whole[..20].to_vec(),
            whole[..header_len - 1].to_vec(),
            // What a power cut can leave: the length, not the bytes.
            vec![0; 300],
            [&whole[..40], &[0u8; 64][..]].concat(),
        ] {
            fs::write(&path, &content).unwrap();
            let e = Journal::read(&path).unwrap_err();
            assert!(
                matches!(e, JournalError::NothingRecorded { .. }),
                "{} bytes: {e}",
                content.len()
            );
            assert!(e.to_string().contains("has nothing recorded in it"), "{e}");
        }
        // Not ours: still not a journal.
        fs::write(&path, "hello").unwrap();
        assert!(matches!(
            Journal::read(&path),
            Err(JournalError::NotAJournal { .. })
        ));
    }

    #[test]
    fn a_header_alone_without_its_newline_reads_as_a_run_not_started() {
        let dir = tempfile::tempdir().unwrap();
        let whole = fs::read(write_run(dir.path())).unwrap();
        let header_len = whole.iter().position(|&b| b == b'\n').unwrap();
        let path = dir.path().join("t-20261127-100000.jsonl");
        fs::write(&path, &whole[..header_len]).unwrap();
        let j = Journal::read(&path).unwrap();
        assert!(j.events.is_empty());
        assert_eq!(j.warning, None);
        assert_eq!(
            j.complete_len, header_len as u64,
            "no byte past the file's end"
        );
        assert!(j.missing_newline);
    }

    #[test]
    fn a_line_longer_than_any_event_is_refused_without_reading_it_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_run(dir.path());
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str(&"x".repeat(200_000));
        text.push('\n');
        fs::write(&path, text).unwrap();
        let e = Journal::read(&path).unwrap_err().to_string();
        assert!(
            e.contains(":4: the journal is damaged here (the line is longer than 64.0 KiB"),
            "{e}"
        );
    }

    #[test]
    fn a_journal_larger_than_any_console_writes_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_run(dir.path());
        // Sparse: no disk is filled to make it.
        fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(MAX_JOURNAL_BYTES + 1)
            .unwrap();
        let e = Journal::read(&path).unwrap_err();
        assert!(matches!(e, JournalError::TooLarge { .. }), "{e}");
        assert!(
            e.to_string()
                .contains("larger than any journal timekeeper writes (64.0 MiB)"),
            "{e}"
        );
    }

    #[test]
    #[cfg(unix)]
    fn only_a_regular_file_is_read_and_a_fifo_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("t-20261127-100000.jsonl");
        mkfifo(&fifo);
        let e = within(move || Journal::read(&fifo)).unwrap_err();
        assert!(
            e.to_string()
                .contains("it is a FIFO (named pipe), not a journal file"),
            "{e}"
        );
        let e = Journal::read(dir.path()).unwrap_err();
        assert!(e.to_string().contains("it is a directory"), "{e}");
    }

    /// The run of `write_run` with one more line.
    fn with_line(dir: &Path, line: &str) -> Result<Journal, JournalError> {
        let path = write_run(dir);
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str(line);
        text.push('\n');
        fs::write(&path, text).unwrap();
        Journal::read(&path)
    }

    #[test]
    fn an_event_dated_years_away_is_refused_with_its_line_number() {
        for at in [
            "9999-12-31T23:59:59.000+00:00",
            "1970-01-01T00:00:00.000+00:00",
            "2026-11-28T10:00:00.000+01:00",
        ] {
            let dir = tempfile::tempdir().unwrap();
            let path = write_run(dir.path());
            let text = fs::read_to_string(&path).unwrap();
            let mut line = text.lines().last().unwrap().to_owned();
            line = line.replace("2026-11-27T10:00:50.000+01:00", at);
            let ok = at.starts_with("2026-11-28");
            let read = with_line(dir.path(), &line.replace("\"next\"", "\"pause\""));
            if ok {
                // A day later is a run resumed the next day: possible.
                assert!(read.is_ok(), "{at}: {:?}", read.err());
            } else {
                let e = read.unwrap_err().to_string();
                assert!(
                    e.contains(":4: the journal is damaged here (an event dated"),
                    "{at}: {e}"
                );
            }
        }
        // One flipped bit in the year of an event in the middle.
        let dir = tempfile::tempdir().unwrap();
        let path = write_run(dir.path());
        let text = fs::read_to_string(&path).unwrap().replacen(
            "\"at\":\"2026-11-27T10:00:01",
            "\"at\":\"6026-11-27T10:00:01",
            1,
        );
        fs::write(&path, text).unwrap();
        let e = Journal::read(&path).unwrap_err().to_string();
        assert!(
            e.contains(":2: the journal is damaged here (an event dated 6026-11-27"),
            "{e}"
        );
    }

    #[test]
    fn a_step_back_in_time_needs_a_clock_jump_to_explain_it() {
        let dir = tempfile::tempdir().unwrap();
        let back = "{\"at\":\"2026-11-27T10:00:10.000+01:00\",\"event\":\"pause\"}";
        let e = with_line(dir.path(), back).unwrap_err().to_string();
        assert!(e.contains(":4: the journal is damaged here (an event dated 2026-11-27T10:00:10.000+01:00, earlier than the one before it"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let jump =
            "{\"at\":\"2026-11-27T10:00:10.000+01:00\",\"event\":\"clock_jump\",\"millis\":-41000}";
        let j = with_line(dir.path(), jump).unwrap();
        assert_eq!(j.events.len(), 3);
    }

    #[test]
    fn damage_quoted_from_the_journal_never_reaches_the_terminal_raw() {
        let dir = tempfile::tempdir().unwrap();
        let e = with_line(
            dir.path(),
            "{\"at\":\"2026-11-27T10:01:00.000+01:00\",\"event\":\"\\u001b[2J\"}",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains(":4: the journal is damaged here"), "{e}");
        assert!(!e.chars().any(char::is_control), "{e:?}");
    }
}
