//! The journal: every run written down as it happens, so nothing is lost when
//! the laptop dies.
//!
//! A journal is a JSON-lines file in the runs dir. The first line is a
//! [`Header`] (format version, mode, the plan's path and the whole plan), so
//! a journal alone is enough for every report; each following line is one
//! event with its wall-clock time. The [`Recorder`] appends and syncs each
//! line before the console shows its effect, and keeps timing (with a
//! `NOT RECORDING` reason) when the disk refuses.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde::{Deserialize, Serialize};

use crate::plan::Plan;
use crate::run::{Action, Event, Mode, Run, Time};

/// What the first line says a journal is.
pub const FORMAT: &str = "timekeeper-journal";
/// The journal format this build writes and the newest it reads.
pub const VERSION: u32 = 1;

/// The first line of a journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub mode: Mode,
    /// The plan file the run was started from (`<built-in>` for the
    /// built-in plan).
    pub plan_path: String,
    #[serde(with = "millis")]
    pub created: Time,
    pub plan: Plan,
}

/// One event line as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Line {
    #[serde(with = "millis")]
    at: Time,
    /// Milliseconds on this console's monotonic clock since it opened the
    /// journal: beside `at`, it shows a wall-clock jump or a suspend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mono_ms: Option<u64>,
    #[serde(flatten)]
    action: Action,
}

/// RFC 3339 with milliseconds and the UTC offset.
mod millis {
    use super::{DateTime, FixedOffset, SecondsFormat};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Millis, false))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        let s = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&s).map_err(serde::de::Error::custom)
    }
}

/// Why a journal cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot read journal {path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("{path} is not a timekeeper journal (its first line is not a journal header)")]
    NotAJournal { path: String },
    #[error(
        "{path} was written by a newer timekeeper (journal format {found}; this one reads up to {VERSION}): update timekeeper to read it"
    )]
    TooNew { path: String, found: u32 },
    #[error("{path}:{line}: the journal is damaged here ({reason}); it was not changed")]
    Damaged {
        path: String,
        line: usize,
        reason: String,
    },
    #[error(
        "{path} is open in another timekeeper console; close that one first (a stage view may follow it)"
    )]
    InUse { path: String },
}

/// A journal read back.
#[derive(Debug, Clone)]
pub struct Journal {
    pub path: PathBuf,
    pub header: Header,
    pub events: Vec<Event>,
    /// Set when the last line was cut by a crash and left out.
    pub warning: Option<String>,
    /// Bytes of complete lines: where appending may continue.
    complete_len: u64,
}

impl Journal {
    /// Reads and checks a journal.
    pub fn read(path: &Path) -> Result<Self, JournalError> {
        let shown = path.display().to_string();
        let bytes = fs::read(path).map_err(|source| JournalError::Io {
            path: shown.clone(),
            source,
        })?;
        parse(&bytes, path)
    }

    /// The run this journal describes.
    pub fn replay(&self) -> Run {
        Run::replay(self.header.plan.clone(), self.header.mode, &self.events)
    }

    /// Whether the run in this journal has ended.
    pub fn is_finished(&self) -> bool {
        self.replay().is_closed()
    }
}

fn parse(bytes: &[u8], path: &Path) -> Result<Journal, JournalError> {
    let shown = path.display().to_string();
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
    // A journal may have been edited by hand: its text reaches the terminal.
    sanitize_plan(&mut header.plan);

    let mut events = Vec::with_capacity(lines.len());
    let mut warning = None;
    let mut complete_len = first.len() as u64 + 1;
    let count = lines.len();
    for (i, raw) in lines.iter().enumerate().skip(1) {
        let number = i + 1;
        let is_last = number == count;
        if raw.iter().all(u8::is_ascii_whitespace) {
            if !is_last || ends_cleanly {
                complete_len += raw.len() as u64 + 1;
            }
            continue;
        }
        match serde_json::from_slice::<Line>(raw) {
            Ok(line) => {
                events.push(Event {
                    at: line.at,
                    action: line.action,
                });
                if !is_last || ends_cleanly {
                    complete_len += raw.len() as u64 + 1;
                }
            }
            Err(_) if is_last && !ends_cleanly => {
                warning = Some(format!(
                    "{shown}: the last line (line {number}) was cut off, probably by a crash while writing; it was left out"
                ));
            }
            Err(e) => return Err(damaged(number, e.to_string())),
        }
    }
    if ends_cleanly {
        complete_len = bytes.len() as u64;
    }
    Ok(Journal {
        path: path.to_owned(),
        header,
        events,
        warning,
        complete_len,
    })
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

/// The newest unfinished journal in `dir` that matches `want`, by creation.
/// Journals that cannot be read are passed over.
pub fn newest_unfinished(dir: &Path, want: impl Fn(&Header) -> bool) -> Option<Journal> {
    let entries = fs::read_dir(dir).ok()?;
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .filter_map(|p| Journal::read(&p).ok())
        .filter(|j| want(&j.header) && !j.is_finished())
        .max_by_key(|j| (j.header.created, j.path.clone()))
}

/// Appends a run's events to its journal, syncing each before returning.
///
/// When the disk refuses (read-only runs dir, disk full), the events are kept
/// in memory, [`Recorder::problem`] says why, and every later write (or
/// [`Recorder::retry`]) tries again from the last good byte, so a journal is
/// never left with a half line in the middle.
#[derive(Debug)]
pub struct Recorder {
    path: PathBuf,
    file: Option<File>,
    /// Length of the journal's complete lines on disk.
    good_len: u64,
    pending: Vec<u8>,
    problem: Option<String>,
}

impl Recorder {
    /// Starts a new journal for a run in `dir`. Never fails: a journal that
    /// cannot be created yet is retried with the next event.
    pub fn create(dir: &Path, plan_path: &str, plan: &Plan, mode: Mode, now: Time) -> Self {
        let suffix = if mode == Mode::Rehearsal {
            "-rehearsal"
        } else {
            ""
        };
        let stem = format!("{}-{}", plan.name, now.format("%Y%m%d-%H%M%S"));
        let path = dir.join(format!("{stem}{suffix}.jsonl"));
        let header = Header {
            format: FORMAT.to_owned(),
            version: VERSION,
            mode,
            plan_path: plan_path.to_owned(),
            created: now,
            plan: plan.clone(),
        };
        let mut pending = serde_json::to_vec(&header).expect("a header always serializes");
        pending.push(b'\n');
        let mut recorder = Self {
            path,
            file: None,
            good_len: 0,
            pending,
            problem: None,
        };
        recorder.flush();
        recorder
    }

    /// Reopens a journal to go on with its run. Refused when another console
    /// has it open. A line cut by a crash is dropped before appending.
    pub fn reopen(journal: &Journal) -> Result<Self, JournalError> {
        let shown = journal.path.display().to_string();
        let io_error = |source| JournalError::Io {
            path: shown.clone(),
            source,
        };
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&journal.path)
            .map_err(io_error)?;
        lock(&file).map_err(|e| match e {
            LockError::Held => JournalError::InUse {
                path: shown.clone(),
            },
            LockError::Io(source) => io_error(source),
        })?;
        let recorder = Self {
            path: journal.path.clone(),
            file: Some(file),
            good_len: journal.complete_len,
            pending: Vec::new(),
            problem: None,
        };
        Ok(recorder)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why events are not reaching the disk, if they are not.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Records one event, synced to disk before this returns (or kept in
    /// memory with [`Recorder::problem`] set).
    pub fn record(&mut self, event: &Event, mono_ms: Option<u64>) {
        let line = Line {
            at: event.at,
            mono_ms,
            action: event.action.clone(),
        };
        let mut bytes = serde_json::to_vec(&line).expect("an event always serializes");
        bytes.push(b'\n');
        self.pending.extend_from_slice(&bytes);
        self.flush();
    }

    /// Tries again to write what the disk refused before.
    pub fn retry(&mut self) {
        if !self.pending.is_empty() {
            self.flush();
        }
    }

    fn flush(&mut self) {
        match self.try_flush() {
            Ok(()) => self.problem = None,
            Err(e) => self.problem = Some(describe_io(&e)),
        }
    }

    fn try_flush(&mut self) -> io::Result<()> {
        if self.file.is_none() {
            self.file = Some(self.create_file()?);
        }
        let file = self.file.as_mut().expect("just opened");
        // Cut anything a failed write left behind, then append whole lines.
        file.set_len(self.good_len)?;
        file.seek(SeekFrom::Start(self.good_len))?;
        file.write_all(&self.pending)?;
        file.sync_data()?;
        self.good_len += self.pending.len() as u64;
        self.pending.clear();
        Ok(())
    }

    fn create_file(&mut self) -> io::Result<File> {
        if let Some(dir) = self.path.parent()
            && !dir.as_os_str().is_empty()
        {
            fs::create_dir_all(dir)?;
        }
        // Never overwrite: a name already taken gets a counter.
        let base = self.path.clone();
        for n in 1.. {
            let candidate = if n == 1 {
                base.clone()
            } else {
                let stem = base.file_stem().unwrap_or_default().to_string_lossy();
                base.with_file_name(format!("{stem}-{n}.jsonl"))
            };
            match OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&candidate)
            {
                Ok(file) => {
                    // A file we just created: nobody else can hold its lock.
                    let _ = lock(&file);
                    self.path = candidate;
                    return Ok(file);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => {}
                Err(e) => return Err(e),
            }
        }
        unreachable!("the loop returns")
    }
}

enum LockError {
    Held,
    Io(io::Error),
}

fn lock(file: &File) -> Result<(), LockError> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(fs::TryLockError::WouldBlock) => Err(LockError::Held),
        Err(fs::TryLockError::Error(e)) => Err(LockError::Io(e)),
    }
}

fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::StorageFull => "the disk is full".to_owned(),
        io::ErrorKind::PermissionDenied => "no permission to write the runs dir".to_owned(),
        io::ErrorKind::ReadOnlyFilesystem => "the runs dir is read-only".to_owned(),
        _ => e.to_string(),
    }
}

/// Time formatting shared by the console and the reports.
pub fn rfc3339(t: Time) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, false)
}

/// The UTC offset in force at an instant on this machine.
pub fn local_offset(at: DateTime<chrono::Utc>) -> FixedOffset {
    *at.with_timezone(&chrono::Local).offset()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::{Command, Phase};
    use chrono::TimeDelta;

    fn t(s: i64) -> Time {
        DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap() + TimeDelta::seconds(s)
    }

    fn plan() -> Plan {
        crate::plan::parse(
            "title=\"T\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n[[segments]]\ntitle=\"B\"\nduration=\"2m\"\n",
            "t.toml",
            "t",
        )
        .unwrap()
    }

    /// A journal with a start and a next, written the way the console does.
    fn write_run(dir: &Path) -> PathBuf {
        let mut r = Recorder::create(dir, "t.toml", &plan(), Mode::Live, t(0));
        let mut run = Run::new(plan(), Mode::Live);
        for (cmd, s) in [(Command::StartOrPause, 1), (Command::Next, 50)] {
            let e = run.event_for(cmd, t(s)).unwrap();
            r.record(&e, Some(0));
            run.apply(&e);
        }
        assert_eq!(r.problem(), None);
        r.path().to_owned()
    }

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
    fn a_cut_last_line_is_left_out_with_a_warning_and_mended_on_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_run(dir.path());
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"at\":\"2026-11-27T10:01").unwrap();
        drop(f);
        let j = Journal::read(&path).unwrap();
        assert_eq!(j.events.len(), 2);
        let warning = j.warning.clone().unwrap();
        assert!(
            warning.contains("the last line (line 4) was cut off"),
            "{warning}"
        );
        let mut r = Recorder::reopen(&j).unwrap();
        r.record(
            &Event {
                at: t(70),
                action: Action::Pause,
            },
            None,
        );
        drop(r);
        let again = Journal::read(&path).unwrap();
        assert_eq!(again.warning, None);
        assert_eq!(again.events.len(), 3);
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
    }

    #[test]
    fn a_newer_format_is_refused_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_run(dir.path());
        let text = fs::read_to_string(&path)
            .unwrap()
            .replace("\"version\":1", "\"version\":7");
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
    fn a_second_console_cannot_write_the_same_journal() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_run(dir.path());
        let j = Journal::read(&path).unwrap();
        let first = Recorder::reopen(&j).unwrap();
        let second = Recorder::reopen(&j);
        assert!(matches!(second, Err(JournalError::InUse { .. })));
        drop(first);
        assert!(Recorder::reopen(&j).is_ok());
    }

    #[test]
    fn an_unwritable_runs_dir_keeps_events_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the runs dir should be: nothing can be created under it.
        let blocked = dir.path().join("runs");
        fs::write(&blocked, "").unwrap();
        let mut r = Recorder::create(&blocked, "t.toml", &plan(), Mode::Live, t(0));
        assert!(r.problem().is_some());
        r.record(
            &Event {
                at: t(1),
                action: Action::Start,
            },
            None,
        );
        assert!(r.problem().is_some());
        // The disk comes back: everything kept is written, in order.
        fs::remove_file(&blocked).unwrap();
        r.retry();
        assert_eq!(r.problem(), None);
        let j = Journal::read(r.path()).unwrap();
        assert_eq!(j.events.len(), 1);
    }

    #[test]
    fn nothing_is_overwritten_when_two_runs_start_in_the_same_second() {
        let dir = tempfile::tempdir().unwrap();
        let a = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Live, t(0));
        let b = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Live, t(0));
        assert_ne!(a.path(), b.path());
        assert!(b.path().to_string_lossy().ends_with("-2.jsonl"));
    }

    #[test]
    fn newest_unfinished_passes_over_finished_runs() {
        let dir = tempfile::tempdir().unwrap();
        let open = write_run(dir.path());
        let mut done = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Live, t(5));
        done.record(
            &Event {
                at: t(6),
                action: Action::Start,
            },
            None,
        );
        done.record(
            &Event {
                at: t(7),
                action: Action::End,
            },
            None,
        );
        let found = newest_unfinished(dir.path(), |h| h.plan.name == "t").unwrap();
        assert_eq!(found.path, open);
    }
}
