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
use std::time::{SystemTime, UNIX_EPOCH};

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
    // Not `source`: the cause is part of this one sentence, and a source
    // would be printed a second time by the error chain.
    #[error("cannot read journal {path}: {error}")]
    Io { path: String, error: io::Error },
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
        "{path} is open in another timekeeper console; close that one first, or start a fresh run with --new (a stage view may follow it)"
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
    /// The run the events describe, folded once.
    pub run: Run,
    /// Bytes of complete lines: where appending may continue.
    complete_len: u64,
    /// The last event is whole but its newline never reached the disk.
    missing_newline: bool,
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

/// A path as it may be printed: file names can hold escape sequences too.
fn shown(path: &Path) -> String {
    crate::text::sanitize(&path.display().to_string())
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
                if let Action::Adjust { segment, seconds } = line.action
                    && (segment >= segments || seconds.abs() > ABSURD_ADJUST)
                {
                    return Err(damaged(
                        number,
                        format!(
                            "an adjustment of {seconds} s to segment {segment}, which the plan cannot have"
                        ),
                    ));
                }
                events.push(Event {
                    at: line.at,
                    action: line.action,
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

/// Runs with nothing recorded for this long are not taken up again without
/// being asked for: a crash costs a timekeeper minutes, and a run untouched
/// for hours is a forgotten one, not this session.
pub const STALE: chrono::TimeDelta = chrono::TimeDelta::hours(4);

/// The journals of a runs dir, each read once per version of the file (its
/// length and modification time), so a stage view can look for new runs
/// every second without re-reading them all.
#[derive(Debug)]
pub struct RunsDir {
    dir: PathBuf,
    /// Each journal file by path: its (length, modification time) when it
    /// was read, and what reading it gave (a refusal kept as its sentence).
    seen: std::collections::HashMap<PathBuf, (FileStamp, Result<Journal, String>)>,
}

/// A file's length and modification time: when either moves, it is read
/// again.
type FileStamp = (u64, SystemTime);

impl RunsDir {
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_owned(),
            seen: std::collections::HashMap::new(),
        }
    }

    /// Reads what changed since the last look.
    fn scan(&mut self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            self.seen.clear();
            return;
        };
        let mut present = Vec::new();
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.extension().is_none_or(|x| x != "jsonl") {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            let stamp = (meta.len(), meta.modified().unwrap_or(UNIX_EPOCH));
            let fresh = self.seen.get(&path).is_some_and(|(s, _)| *s == stamp);
            if !fresh {
                let read = Journal::read(&path).map_err(|e| e.to_string());
                self.seen.insert(path.clone(), (stamp, read));
            }
            present.push(path);
        }
        self.seen.retain(|p, _| present.contains(p));
    }

    /// The most recently written journal that `want` accepts (journals that
    /// cannot be read are passed over here; see [`RunsDir::unreadable_since`]).
    pub fn latest(&mut self, want: impl Fn(&Journal) -> bool) -> Option<&Journal> {
        self.scan();
        self.seen
            .iter()
            .filter_map(|(path, ((_, modified), read))| {
                read.as_ref()
                    .ok()
                    .filter(|j| want(j))
                    .map(|j| ((*modified, j.last_activity(), path.clone()), j))
            })
            .max_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, j)| j)
    }

    /// Why the newest journal whose file name `name_fits` accepts, written
    /// after `since`, cannot be read, if there is one.
    fn unreadable_since(
        &self,
        name_fits: impl Fn(&str) -> bool,
        since: SystemTime,
    ) -> Option<&str> {
        self.seen
            .iter()
            .filter(|(path, ((_, modified), _))| {
                *modified > since
                    && path
                        .file_name()
                        .is_some_and(|n| name_fits(&n.to_string_lossy()))
            })
            .max_by_key(|(_, ((_, modified), _))| *modified)
            .and_then(|(_, (_, read))| read.as_ref().err().map(String::as_str))
    }

    /// When the journal at `path` was last written, as last seen.
    pub fn modified(&self, path: &Path) -> SystemTime {
        self.seen.get(path).map_or(UNIX_EPOCH, |((_, m), _)| *m)
    }
}

/// Whether a journal file name is one of `plan`'s, in `mode`, as
/// [`Recorder::create`] names them: `<plan>-YYYYMMDD-HHMMSS[-N][-rehearsal].jsonl`.
fn named_for(name: &str, plan: &str, mode: Mode) -> bool {
    let Some(rest) = name.strip_prefix(plan).and_then(|r| r.strip_prefix('-')) else {
        return false;
    };
    // Bytes, not a string slice: the name may go on in any script.
    let stamped = rest.len() > 15
        && rest.as_bytes()[..15].iter().enumerate().all(|(i, b)| {
            if i == 8 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    stamped && rest.ends_with("-rehearsal.jsonl") == (mode == Mode::Rehearsal)
}

/// What `timekeeper run PLAN` finds in the runs dir for its plan and mode.
#[derive(Debug)]
pub enum Found {
    /// The latest run is unfinished and recent: go on with it.
    Resume(Box<Journal>),
    /// The latest run is unfinished but untouched for longer than
    /// [`STALE`]: start fresh, and say so.
    Stale(Box<Journal>),
    /// The plan's latest journal cannot be read: say why rather than start
    /// fresh as if there were none.
    Unreadable(String),
    Nothing,
}

/// Looks for the run to go on with: the plan's most recently written
/// journal, if that run is unfinished. An older unfinished run behind a
/// newer one (left by `--new`) is never taken up again by itself.
pub fn resumable(dir: &Path, plan_name: &str, mode: Mode, now: Time) -> Found {
    let mut runs = RunsDir::new(dir);
    let latest = runs
        .latest(|j| j.header.plan.name == plan_name && j.header.mode == mode)
        .cloned();
    let since = latest
        .as_ref()
        .map_or(UNIX_EPOCH, |j| runs.modified(&j.path));
    if let Some(why) = runs.unreadable_since(|name| named_for(name, plan_name, mode), since) {
        return Found::Unreadable(why.to_owned());
    }
    match latest {
        None => Found::Nothing,
        Some(j) if j.is_finished() => Found::Nothing,
        Some(j) if now - j.last_activity() > STALE => Found::Stale(Box::new(j)),
        Some(j) => Found::Resume(Box::new(j)),
    }
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
        let shown = shown(&journal.path);
        let io_error = |error| JournalError::Io {
            path: shown.clone(),
            error,
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
            LockError::Io(error) => io_error(error),
        })?;
        let recorder = Self {
            path: journal.path.clone(),
            file: Some(file),
            good_len: journal.complete_len,
            // A whole last event whose newline was lost gets it back before
            // anything is appended, so the two never run together.
            pending: if journal.missing_newline {
                b"\n".to_vec()
            } else {
                Vec::new()
            },
            problem: None,
        };
        Ok(recorder)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the journal file exists (it may not, when the runs dir
    /// refused it from the start).
    pub fn is_on_disk(&self) -> bool {
        self.file.is_some()
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
        let dir = self.path.parent().unwrap_or(Path::new(""));
        if !dir.as_os_str().is_empty() {
            fs::create_dir_all(dir)?;
        }
        // Never overwrite: a name already taken gets a counter, before the
        // `-rehearsal` mark so the name keeps its documented shape.
        let name = self
            .path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let (stem, suffix) = name.strip_suffix("-rehearsal.jsonl").map_or_else(
            || (name.trim_end_matches(".jsonl"), ".jsonl"),
            |s| (s, "-rehearsal.jsonl"),
        );
        for n in 1..1000 {
            let candidate = if n == 1 {
                dir.join(format!("{stem}{suffix}"))
            } else {
                dir.join(format!("{stem}-{n}{suffix}"))
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
                    // The new name must survive a power cut too, not only
                    // the bytes written into it.
                    let parent = if dir.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        dir
                    };
                    File::open(parent)?.sync_all()?;
                    self.path = candidate;
                    return Ok(file);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "a thousand journals with this name already exist",
        ))
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
        assert!(!e.contains("at line"), "one position, not two: {e}");
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

    /// Records `actions` at the given seconds into a fresh journal.
    fn journal_of(dir: &Path, created: i64, actions: &[(i64, Action)]) -> PathBuf {
        let mut r = Recorder::create(dir, "t.toml", &plan(), Mode::Live, t(created));
        for (s, action) in actions {
            r.record(
                &Event {
                    at: t(*s),
                    action: action.clone(),
                },
                None,
            );
        }
        r.path().to_owned()
    }

    fn resumed(found: Found) -> Option<PathBuf> {
        match found {
            Found::Resume(j) => Some(j.path),
            _ => None,
        }
    }

    #[test]
    fn the_latest_unfinished_run_is_taken_up() {
        let dir = tempfile::tempdir().unwrap();
        let open = write_run(dir.path());
        assert_eq!(
            resumed(resumable(dir.path(), "t", Mode::Live, t(60))),
            Some(open)
        );
        assert!(matches!(
            resumable(dir.path(), "t", Mode::Rehearsal, t(60)),
            Found::Nothing
        ));
        assert!(matches!(
            resumable(dir.path(), "other", Mode::Live, t(60)),
            Found::Nothing
        ));
    }

    #[test]
    fn a_newer_finished_run_means_a_fresh_start_not_the_old_one() {
        // A run left unfinished, then `--new` and a run quit properly: the
        // old one is not taken up again by itself.
        let dir = tempfile::tempdir().unwrap();
        write_run(dir.path());
        journal_of(dir.path(), 100, &[(101, Action::Start), (102, Action::End)]);
        assert!(matches!(
            resumable(dir.path(), "t", Mode::Live, t(200)),
            Found::Nothing
        ));
    }

    #[test]
    fn an_unfinished_run_untouched_for_hours_is_not_taken_up() {
        let dir = tempfile::tempdir().unwrap();
        let open = write_run(dir.path());
        match resumable(dir.path(), "t", Mode::Live, t(5 * 3600)) {
            Found::Stale(j) => assert_eq!(j.path, open),
            other => panic!("expected a stale run, got {other:?}"),
        }
    }

    #[test]
    fn a_damaged_latest_journal_is_reported_not_passed_over() {
        let dir = tempfile::tempdir().unwrap();
        let older = write_run(dir.path());
        let newer = journal_of(dir.path(), 60, &[(61, Action::Start), (62, Action::Next)]);
        // Written a minute before the newer one, whatever the file system's
        // clock resolution.
        OpenOptions::new()
            .write(true)
            .open(&older)
            .unwrap()
            .set_modified(SystemTime::now() - std::time::Duration::from_secs(60))
            .unwrap();
        let text = fs::read_to_string(&newer)
            .unwrap()
            .replace("\"next\"", "\"nxet\"");
        fs::write(&newer, text).unwrap();
        match resumable(dir.path(), "t", Mode::Live, t(100)) {
            Found::Unreadable(why) => assert!(why.contains(":3: the journal is damaged"), "{why}"),
            other => panic!("expected the damage to be reported, got {other:?}"),
        }
        // A damaged journal of another plan or mode is none of its business.
        assert!(matches!(
            resumable(dir.path(), "t", Mode::Rehearsal, t(100)),
            Found::Nothing
        ));
    }

    #[test]
    fn journal_names_belong_to_their_plan_and_mode() {
        assert!(named_for(
            "panel-20261127-100000.jsonl",
            "panel",
            Mode::Live
        ));
        assert!(named_for(
            "panel-20261127-100000-2.jsonl",
            "panel",
            Mode::Live
        ));
        assert!(named_for(
            "panel-20261127-100000-rehearsal.jsonl",
            "panel",
            Mode::Rehearsal
        ));
        assert!(!named_for(
            "panel-20261127-100000-rehearsal.jsonl",
            "panel",
            Mode::Live
        ));
        assert!(!named_for(
            "panel-2-20261127-100000.jsonl",
            "panel",
            Mode::Live
        ));
        assert!(!named_for(
            "panelist-20261127-100000.jsonl",
            "panel",
            Mode::Live
        ));
    }

    #[test]
    fn a_whole_last_event_without_its_newline_is_kept_when_the_run_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_run(dir.path());
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.trim_end_matches('\n')).unwrap();
        let j = Journal::read(&path).unwrap();
        assert_eq!(j.events.len(), 2);
        assert_eq!(j.warning, None);
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
        assert_eq!(again.events.len(), 3);
        assert_eq!(again.events[1].action, Action::Next);
        assert_eq!(again.events[2].action, Action::Pause);
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
    fn a_rehearsal_name_collision_keeps_the_documented_shape() {
        let dir = tempfile::tempdir().unwrap();
        let a = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Rehearsal, t(0));
        let b = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Rehearsal, t(0));
        assert!(a.path().ends_with("t-20261127-100000-rehearsal.jsonl"));
        assert!(
            b.path().ends_with("t-20261127-100000-2-rehearsal.jsonl"),
            "{}",
            b.path().display()
        );
    }
}
