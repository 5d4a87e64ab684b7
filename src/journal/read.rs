//! Reading a journal back: every line checked, a line cut by a crash left
//! out with a warning, damage anywhere else refused with its line number.

use std::fs;
use std::path::{Path, PathBuf};

use super::{FORMAT, Header, JournalError, Line, VERSION, shown};
use crate::plan::Plan;
use crate::run::{Action, Event, Run, SegmentId};
use crate::time::Time;

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
    /// The last event is whole but its newline never reached the disk.
    pub(super) missing_newline: bool,
}

impl Journal {
    /// Reads and checks a journal.
    pub fn read(path: &Path) -> Result<Self, JournalError> {
        let bytes = fs::read(path).map_err(|error| JournalError::Io {
            path: shown(path),
            error,
        })?;
        parse(&bytes, path)
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
/// wrote.
const ABSURD_ADJUST: i64 = 24 * 3600;

fn parse(bytes: &[u8], path: &Path) -> Result<Journal, JournalError> {
    let shown = shown(path);
    let damaged = |line: usize, reason: String| JournalError::Damaged {
        path: shown.clone(),
        line,
        reason,
    };
    let ends_cleanly = bytes.ends_with(b"\n");
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if ends_cleanly {
        lines.pop();
    }
    let Some(first) = lines.first() else {
        return Err(JournalError::NotAJournal { path: shown });
    };
    let header_value: serde_json::Value =
        serde_json::from_slice(first).map_err(|_| JournalError::NotAJournal {
            path: shown.clone(),
        })?;
    if header_value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(JournalError::NotAJournal { path: shown });
    }
    let version = header_value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    if version > u64::from(VERSION) {
        return Err(JournalError::TooNew {
            path: shown,
            found: u32::try_from(version).unwrap_or(u32::MAX),
        });
    }
    let mut header: Header =
        serde_json::from_value(header_value).map_err(|e| damaged(1, e.to_string()))?;
    // A journal may have been edited by hand: its plan is checked like a
    // plan file, and its text reaches the terminal.
    header
        .plan
        .check()
        .map_err(|why| damaged(1, format!("its plan is not valid: {why}")))?;
    sanitize_plan(&mut header.plan);
    header.plan_path = crate::text::sanitize(&header.plan_path);
    let segments = header.plan.segments.len();

    let mut events = Vec::with_capacity(lines.len());
    // Ids of the segments inserted so far: later events may name them.
    let mut inserted = Vec::new();
    let mut warning = None;
    let mut missing_newline = false;
    // Where the next line starts, and where the last whole line ends.
    let mut offset = first.len() as u64 + 1;
    let mut complete_len = offset;
    let count = lines.len();
    for (i, raw) in lines.iter().enumerate().skip(1) {
        let number = i + 1;
        let is_last = number == count;
        let unterminated = is_last && !ends_cleanly;
        let line_start = offset;
        offset += raw.len() as u64 + 1;
        if raw.iter().all(u8::is_ascii_whitespace) {
            if !unterminated {
                complete_len = offset;
            }
            continue;
        }
        match serde_json::from_slice::<Line>(raw) {
            Ok(line) => {
                if let Some(why) = implausible(&line.action, segments, &mut inserted) {
                    return Err(damaged(number, why));
                }
                events.push(Event {
                    at: line.at,
                    action: line.action,
                    source: line.source,
                });
                if unterminated {
                    complete_len = bytes.len() as u64;
                    missing_newline = true;
                } else {
                    complete_len = offset;
                }
            }
            Err(_) if unterminated => {
                complete_len = line_start;
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
    })
}

/// Why an event is not one a console could have written for this plan: a
/// segment it cannot have, an absurd amount of time, a duration out of
/// range. `inserted` gathers the ids of segments added so far.
fn implausible(action: &Action, segments: usize, inserted: &mut Vec<SegmentId>) -> Option<String> {
    let known = |id: &SegmentId| *id < segments || inserted.contains(id);
    let absurd = |s: &i64| s.abs() > ABSURD_ADJUST;
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
            inserted.push(*segment);
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
        _ => None,
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
    for s in &mut plan.segments {
        clean(&mut s.title);
        for field in [&mut s.speaker, &mut s.role, &mut s.notes] {
            if let Some(f) = field.as_mut() {
                clean(f);
            }
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
            .replace("\"version\":2", "\"version\":7");
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
}
