//! The journal: every run written down as it happens, so nothing is lost when
//! the laptop dies.
//!
//! A journal is a JSON-lines file in the runs dir. The first line is a
//! [`Header`] (format version, mode, the plan's path and the whole plan), so
//! a journal alone is enough for every report; each following line is one
//! event with its wall-clock time. This module holds the format; reading it
//! back and its damage checks are in `read.rs`, the [`Recorder`] that appends
//! and syncs each line before the console shows its effect is in
//! `recorder.rs`, and which journal a console takes up or a stage follows is
//! decided in `runs.rs`.

pub mod location;
mod read;
mod recorder;
mod runs;
mod timeline;

use std::io;
use std::path::Path;

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde::{Deserialize, Serialize};

pub use read::{Journal, MAX_JOURNAL_BYTES};
pub use recorder::Recorder;
pub use runs::{
    BUILTIN_PATH, Found, Listed, Lookup, RunState, RunsIndex, STALE, Skipped, belongs_to,
    find_named, list as list_runs, resumable, resumable_with_notes,
};
pub use timeline::{LONGEST_RUN, SET_BACK, STEP_BACK};

use crate::plan::Plan;
use crate::run::{Action, Mode, Source};
use crate::time::Time;

/// What the first line says a journal is.
pub const FORMAT: &str = "timekeeper-journal";
/// The journal format this build writes and the newest it reads.
///
/// - 1: the first; segments named by their place in the plan.
/// - 2: segments named by a stable id (their place in the plan as filed,
///   or a new number for one inserted), edits of the rundown, messages to
///   the speaker and flashes, undo and redo, time moved by the console's
///   suggestion told apart from `+`/`-`, each event's source, and the web
///   links' tokens in the header (and, later, the port `--serve :0` chose,
///   an optional field beside them). A version 1 journal reads as it always
///   did: its events are a subset, and its segment numbers are these ids.
/// - 3: the floor: a plan's `[kinds]`, floor segments and their lists in
///   the header, and the floor's events (`floor_add`, `floor_strike`,
///   `floor_unstrike`, `floor_move`, `floor_change`, `floor_call`,
///   `floor_chair`, `order_start`, `order_end`), each naming its segment
///   by id and its speaker by an id within the segment. Versions 1 and 2
///   read as they always did: they have no floor.
/// - 4: the fit of a floor's list to its time: a kind's `min` and a floor's
///   `fit` in the header's plan, and the event `floor_fit` (`fit`: `equal`
///   with `limit_seconds` for each of `entries`, or `cut` with `entries`
///   marked past the line). Versions 1 to 3 read as they always did. Also,
///   as optional fields of the plan in the header (absent when unused): a
///   preset's texts per language (`langs`) and `cues = "silent"`
///   (`silent`).
/// - 5: `floor_add_many`, several speakers added at the end of a floor's
///   list in one change (a paste at the console): `kind`, and `entries`,
///   each an `entry` id and a `name`. Versions 1 to 4 read as they always
///   did.
pub const VERSION: u32 = 5;

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
    /// The capability tokens of the web links (`run --serve`), kept so a
    /// resumed console serves the same links. Absent in journals written
    /// before them; they read as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<LinkTokens>,
}

impl Header {
    /// The header of a journal this version writes, for a run of `plan`
    /// (read from `plan_path`) begun at `created`, without web links.
    pub fn new(plan: &Plan, plan_path: &str, mode: Mode, created: Time) -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            mode,
            plan_path: plan_path.to_owned(),
            created,
            plan: plan.clone(),
            links: None,
        }
    }

    /// With the web links' tokens, so a resumed console serves the same
    /// links.
    #[must_use]
    pub fn linked(self, links: Option<&LinkTokens>) -> Self {
        Self {
            links: links.cloned(),
            ..self
        }
    }
}

/// The secret parts of the web links: the stage and rundown pages' token,
/// and the remote's, which may also send commands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkTokens {
    pub view: String,
    pub control: String,
    /// The port `--serve :0` found free when the run began, so a resumed
    /// console serves its pages where they were. Absent in journals
    /// written before it (and when a port was given): they read as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
}

/// One event line as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Line {
    #[serde(with = "millis")]
    pub(crate) at: Time,
    /// Milliseconds on this console's monotonic clock since it opened the
    /// journal: beside `at`, it shows a wall-clock jump or a suspend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) mono_ms: Option<u64>,
    /// Where the command came from; absent for the console's own keys.
    #[serde(default, skip_serializing_if = "is_console")]
    pub(crate) source: Source,
    #[serde(flatten)]
    pub(crate) action: Action,
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
    #[error("cannot read journal {path}: it is {what}, not a journal file")]
    NotAFile { path: String, what: &'static str },
    #[error(
        "cannot read journal {path}: it is {}, larger than any journal timekeeper writes ({})",
        crate::files::size(*size),
        crate::files::size(read::MAX_JOURNAL_BYTES)
    )]
    TooLarge { path: String, size: u64 },
    #[error(
        "{path} has nothing recorded in it: it is empty, or holds only the start of a journal's first line (a console stopped just as it began the run)"
    )]
    NothingRecorded { path: String },
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

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_console(source: &Source) -> bool {
    *source == Source::Console
}

/// A path as it may be printed: file names can hold escape sequences too.
fn printable(path: &Path) -> String {
    crate::text::sanitize(&path.display().to_string())
}

#[cfg(test)]
pub(crate) mod testing {
    //! Journals written the way the console writes them, for tests.
    use std::path::{Path, PathBuf};

    use chrono::{DateTime, TimeDelta};

    use super::Recorder;
    use crate::plan::Plan;
    use crate::run::{Action, Command, Event, Mode, Run};
    use crate::time::Time;

    pub fn t(s: i64) -> Time {
        DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap() + TimeDelta::seconds(s)
    }

    pub fn plan() -> Plan {
        crate::plan::parse(
            "title=\"T\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n[[segments]]\ntitle=\"B\"\nduration=\"2m\"\n",
            "t.toml",
            "t",
        )
        .unwrap()
    }

    /// A journal with a start and a next, written the way the console does.
    pub fn write_run(dir: &Path) -> PathBuf {
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

    /// Makes a FIFO (named pipe) at `path`.
    #[cfg(unix)]
    pub fn mkfifo(path: &Path) {
        let made = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo runs");
        assert!(made.success(), "mkfifo {}", path.display());
    }

    /// Runs `f` on another thread and fails if it takes longer than a
    /// generous deadline: for reads that used to block forever.
    #[cfg(unix)]
    pub fn within<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(std::time::Duration::from_secs(10))
            .expect("finished within 10 s instead of blocking")
    }

    /// Records `actions` at the given seconds into a fresh journal (none:
    /// no journal is written).
    pub fn journal_of(dir: &Path, created: i64, actions: &[(i64, Action)]) -> PathBuf {
        let mut r = Recorder::create(dir, "t.toml", &plan(), Mode::Live, t(created));
        for (s, action) in actions {
            r.record(&Event::new(t(*s), action.clone()), None);
        }
        r.path().to_owned()
    }
}
