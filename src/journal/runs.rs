//! The runs dir: which journal a console takes up again, and which one a
//! stage view follows.
//!
//! Both choose by what a journal records, its last event's time (see
//! [`Journal::last_activity`]); a file's length and modification time only
//! tell whether it must be read again. Only regular `.jsonl` files are
//! read (a FIFO or a link to a device left there is skipped and named), and
//! a file with nothing recorded in it (a console killed as it began a run)
//! is passed over with a note, never taken for damage.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::{Journal, JournalError, printable};
use crate::run::Mode;
use crate::time::Time;

/// Runs with nothing recorded for this long are not taken up again without
/// being asked for: a crash costs a timekeeper minutes, and a run untouched
/// for hours is a forgotten one, not this session.
pub const STALE: chrono::TimeDelta = chrono::TimeDelta::hours(4);

/// The journals of a runs dir, each read once per version of the file (its
/// length and modification time), so a stage view can look for new runs
/// every second without re-reading them all.
#[derive(Debug)]
pub struct RunsIndex {
    dir: PathBuf,
    /// Only the journals named for this plan and mode are read.
    only: Option<(String, Mode)>,
    /// Each file by path: its stamp when it was read, and what reading it
    /// gave.
    seen: HashMap<PathBuf, Seen>,
    /// Files not read, and why, as of the last refresh.
    skipped: Vec<Skipped>,
    /// How many times a file was read, for the tests that count them.
    #[cfg(test)]
    reads: usize,
}

#[derive(Debug)]
struct Seen {
    stamp: FileStamp,
    read: Result<Journal, Refusal>,
}

/// Why a file was not taken as a journal.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Refusal {
    /// Empty, or only the start of a header: passed over.
    Nothing(String),
    /// Not a journal, damaged, too large: said when it matters.
    Unreadable(String),
}

/// A file in the runs dir that was not read as a journal, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    /// One sentence, fit to print.
    pub why: String,
}

/// A file's length and modification time: when either moves, it is read
/// again.
type FileStamp = (u64, SystemTime);

impl RunsIndex {
    /// Every journal of the runs dir (a stage view follows any plan's).
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_owned(),
            only: None,
            seen: HashMap::new(),
            skipped: Vec::new(),
            #[cfg(test)]
            reads: 0,
        }
    }

    /// Only the journals whose file names are `plan_name`'s in `mode`
    /// ([`Recorder::create`](super::Recorder::create) names them so):
    /// another plan's journals are not even opened.
    pub fn for_plan(dir: &Path, plan_name: &str, mode: Mode) -> Self {
        Self {
            only: Some((plan_name.to_owned(), mode)),
            ..Self::new(dir)
        }
    }

    /// Looks at the directory again, reading only what changed since the
    /// last look: files that are new, or whose length or modification time
    /// moved.
    pub fn refresh(&mut self) {
        self.skipped.clear();
        let Ok(entries) = fs::read_dir(&self.dir) else {
            self.seen.clear();
            return;
        };
        let mut present = HashSet::new();
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            // Temporary files (a journal being written) begin with a dot
            // and do not end in `.jsonl`.
            if name.starts_with('.') || !name.ends_with(".jsonl") {
                continue;
            }
            if let Some((plan, mode)) = &self.only
                && !named_for(&name, plan, *mode)
            {
                continue;
            }
            // Followed through a link: a link to a journal is a journal.
            let Ok(meta) = fs::metadata(&path) else {
                continue;
            };
            if !meta.is_file() {
                self.skipped.push(Skipped {
                    why: format!(
                        "{} is {}, not a journal file; it was not read",
                        printable(&path),
                        crate::files::kind(&meta)
                    ),
                    path,
                });
                continue;
            }
            let stamp = (meta.len(), meta.modified().unwrap_or(UNIX_EPOCH));
            let fresh = self.seen.get(&path).is_some_and(|s| s.stamp == stamp);
            if !fresh {
                let read = self.read(&path);
                self.seen.insert(path.clone(), Seen { stamp, read });
            }
            present.insert(path);
        }
        self.seen.retain(|p, _| present.contains(p));
        let mut refused: Vec<Skipped> = self
            .seen
            .iter()
            .filter_map(|(path, seen)| match &seen.read {
                Ok(_) => None,
                Err(Refusal::Nothing(why) | Refusal::Unreadable(why)) => Some(Skipped {
                    path: path.clone(),
                    why: why.clone(),
                }),
            })
            .collect();
        self.skipped.append(&mut refused);
        self.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    }

    #[cfg_attr(
        not(test),
        expect(clippy::unused_self, reason = "the tests count the reads here")
    )]
    fn read(&mut self, path: &Path) -> Result<Journal, Refusal> {
        #[cfg(test)]
        {
            self.reads += 1;
        }
        Journal::read(path).map_err(|e| match e {
            JournalError::NothingRecorded { .. } => {
                Refusal::Nothing(format!("{e}; it was passed over"))
            }
            other => Refusal::Unreadable(other.to_string()),
        })
    }

    /// The journal `want` accepts whose run did something last (journals
    /// that cannot be read are passed over here).
    pub fn newest(&self, want: impl Fn(&Journal) -> bool) -> Option<&Journal> {
        self.seen
            .iter()
            .filter_map(|(path, seen)| seen.read.as_ref().ok().map(|j| (path, j)))
            .filter(|(_, j)| want(j))
            .max_by(|(pa, a), (pb, b)| {
                (a.last_activity(), a.events.len(), pa).cmp(&(
                    b.last_activity(),
                    b.events.len(),
                    pb,
                ))
            })
            .map(|(_, j)| j)
    }

    /// [`RunsIndex::refresh`], then [`RunsIndex::newest`].
    pub fn latest(&mut self, want: impl Fn(&Journal) -> bool) -> Option<&Journal> {
        self.refresh();
        self.newest(want)
    }

    /// The journal at `path` as last read, if it could be read.
    pub fn get(&self, path: &Path) -> Option<&Journal> {
        self.seen.get(path).and_then(|s| s.read.as_ref().ok())
    }

    /// The files the last refresh did not take as journals, and why.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Why the journal written last after `since` cannot be read, if one
    /// cannot. A damaged journal says nothing of when it last recorded
    /// something: here its file's modification time is all there is.
    fn unreadable_since(&self, since: SystemTime) -> Option<&str> {
        self.seen
            .values()
            .filter(|seen| seen.stamp.1 > since && !matches!(seen.read, Err(Refusal::Nothing(_))))
            .max_by_key(|seen| seen.stamp.1)
            .and_then(|seen| match &seen.read {
                Err(Refusal::Unreadable(why)) => Some(why.as_str()),
                _ => None,
            })
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

/// What [`resumable_with_notes`] found, and what the timekeeper should be
/// told about the files it passed over (one sentence each).
#[derive(Debug)]
pub struct Lookup {
    pub found: Found,
    pub notes: Vec<String>,
}

/// Looks for the run to go on with: the plan's journal that recorded
/// something last, if that run is unfinished. An older unfinished run
/// behind a newer one (left by `--new`) is never taken up again by itself.
/// Only the journals named for the plan and mode are read.
pub fn resumable(dir: &Path, plan_name: &str, mode: Mode, now: Time) -> Found {
    resumable_with_notes(dir, plan_name, mode, now).found
}

/// [`resumable`], with a note for each file of the plan's it passed over: a
/// journal with nothing recorded in it (a console killed as it began the
/// run), or something that is not a file.
pub fn resumable_with_notes(dir: &Path, plan_name: &str, mode: Mode, now: Time) -> Lookup {
    let mut runs = RunsIndex::for_plan(dir, plan_name, mode);
    runs.refresh();
    let latest = runs
        .newest(|j| j.header.plan.name == plan_name && j.header.mode == mode)
        .map(|j| j.path.clone());
    let since = latest
        .as_ref()
        .and_then(|p| runs.seen.get(p))
        .map_or(UNIX_EPOCH, |seen| seen.stamp.1);
    // Damage is said by `Found::Unreadable` when it matters; the rest is
    // passed over, and said.
    let notes = runs
        .skipped
        .iter()
        .filter(|s| {
            !runs
                .seen
                .get(&s.path)
                .is_some_and(|seen| matches!(seen.read, Err(Refusal::Unreadable(_))))
        })
        .map(|s| s.why.clone())
        .collect();
    if let Some(why) = runs.unreadable_since(since) {
        return Lookup {
            found: Found::Unreadable(why.to_owned()),
            notes,
        };
    }
    let latest = latest
        .and_then(|p| runs.seen.remove(&p))
        .and_then(|seen| seen.read.ok());
    let found = match latest {
        None => Found::Nothing,
        Some(j) if j.is_finished() => Found::Nothing,
        Some(j) if now - j.last_activity() > STALE => Found::Stale(Box::new(j)),
        Some(j) => Found::Resume(Box::new(j)),
    };
    Lookup { found, notes }
}

/// Where a recorded run stands, as `timekeeper runs` lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    /// Not over: being timed (a console may be open on it, or be started
    /// again to take it up).
    Running,
    /// Closed at its end: the last segment ended.
    Closed,
    /// Ended early by the timekeeper.
    Ended,
}

impl RunState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Closed => "closed",
            Self::Ended => "ended",
        }
    }

    fn of(journal: &Journal) -> Self {
        match journal.run.phase {
            crate::run::Phase::Finished => Self::Closed,
            crate::run::Phase::Ended(_) => Self::Ended,
            _ => Self::Running,
        }
    }
}

/// One recorded run, as `timekeeper runs` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The plan's name (its file's stem), as in the journal's name.
    pub plan: String,
    pub mode: Mode,
    /// When the session was started (Space); `None` if it never was.
    pub started: Option<Time>,
    /// When the journal was made.
    pub created: Time,
    pub state: RunState,
    pub path: PathBuf,
}

/// The runs recorded in `dir`, newest first (by when each journal was
/// made), and the files that could not be read as journals.
pub fn list(dir: &Path) -> (Vec<Listed>, Vec<Skipped>) {
    let mut runs = RunsIndex::new(dir);
    runs.refresh();
    let mut listed: Vec<Listed> = runs
        .seen
        .iter()
        .filter_map(|(path, seen)| seen.read.as_ref().ok().map(|j| (path, j)))
        .map(|(path, j)| Listed {
            plan: j.header.plan.name.clone(),
            mode: j.header.mode,
            started: j.run.started,
            created: j.header.created,
            state: RunState::of(j),
            path: path.clone(),
        })
        .collect();
    listed.sort_by(|a, b| (b.created, &b.path).cmp(&(a.created, &a.path)));
    (listed, runs.skipped)
}

/// The journal a command names: a path that exists, or `last` (the run
/// that recorded something last), or a journal's bare file name (with or
/// without `.jsonl`) in the runs dir. Anything else is taken as a path, so
/// the journal reader says what is wrong with it.
pub fn find_named(given: &Path, dir: &Path) -> Result<PathBuf, String> {
    if std::fs::symlink_metadata(given).is_ok() {
        return Ok(given.to_owned());
    }
    let bare = given.parent().is_none_or(|p| p.as_os_str().is_empty());
    if !bare {
        return Ok(given.to_owned());
    }
    if given == Path::new("last") {
        let mut runs = RunsIndex::new(dir);
        return runs
            .latest(|_| true)
            .map(|j| j.path.clone())
            .ok_or_else(|| {
                format!(
                    "there is no recorded run in {} for `last` to name (`timekeeper runs` lists them; --runs-dir picks another folder)",
                    super::location::shown(dir)
                )
            });
    }
    let mut in_dir = dir.join(given);
    if std::fs::symlink_metadata(&in_dir).is_err() && given.extension().is_none() {
        in_dir.set_extension("jsonl");
    }
    if std::fs::symlink_metadata(&in_dir).is_ok() {
        return Ok(in_dir);
    }
    Err(format!(
        "no journal {} here or in the runs dir ({}): `timekeeper runs` lists the runs recorded there, and `last` names the latest",
        crate::text::sanitize(&given.display().to_string()),
        super::location::shown(dir)
    ))
}

/// Whether a journal's run is one of the plan being opened, not only one
/// of a plan with the same name: the built-in plan's runs are the built-in
/// plan's (a file called `plenary-3.toml` is another plan), and a file's
/// runs are that file's (the same file, wherever the command is typed; a
/// file that cannot be found any more is known by the title).
pub fn belongs_to(journal: &Journal, plan_file: Option<&Path>, plan: &crate::plan::Plan) -> bool {
    let recorded = journal.header.plan_path.as_str();
    let builtin = recorded == BUILTIN_PATH;
    match plan_file {
        None => builtin,
        Some(_) if builtin => false,
        Some(file) => match (std::fs::canonicalize(recorded), std::fs::canonicalize(file)) {
            (Ok(a), Ok(b)) => a == b,
            _ => journal.header.plan.title == plan.title,
        },
    }
}

/// How a journal names the built-in plan as its plan file.
pub const BUILTIN_PATH: &str = "<built-in>";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::testing::*;
    use crate::run::Action;
    use std::fs::{self, OpenOptions};

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

    /// Sets a file's modification time `ago` seconds back from now.
    fn touch(path: &Path, ago: u64) {
        OpenOptions::new()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(SystemTime::now() - std::time::Duration::from_secs(ago))
            .unwrap();
    }

    #[test]
    fn a_journal_left_empty_by_a_kill_does_not_stop_a_start() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("t-20261127-100500.jsonl");
        fs::write(&empty, "").unwrap();
        let lookup = resumable_with_notes(dir.path(), "t", Mode::Live, t(400));
        assert!(matches!(lookup.found, Found::Nothing), "{:?}", lookup.found);
        assert_eq!(lookup.notes.len(), 1, "{:?}", lookup.notes);
        assert!(
            lookup.notes[0].contains("has nothing recorded in it"),
            "{:?}",
            lookup.notes
        );
        // Behind it, an unfinished run: that one is taken up.
        let open = write_run(dir.path());
        touch(&open, 60);
        fs::write(&empty, "{\"format\":\"timekeeper-jou").unwrap();
        assert_eq!(
            resumed(resumable(dir.path(), "t", Mode::Live, t(400))),
            Some(open)
        );
    }

    #[test]
    #[cfg(unix)]
    fn a_fifo_or_a_link_to_a_device_in_the_runs_dir_is_skipped_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let open = write_run(dir.path());
        mkfifo(&dir.path().join("t-20261127-110000.jsonl"));
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("t-20261127-120000.jsonl"))
            .unwrap();
        mkfifo(&dir.path().join("stray.jsonl"));
        let path = dir.path().to_owned();
        let lookup = within(move || resumable_with_notes(&path, "t", Mode::Live, t(60)));
        assert!(
            matches!(&lookup.found, Found::Resume(j) if j.path == open),
            "{:?}",
            lookup.found
        );
        assert_eq!(lookup.notes.len(), 2, "{:?}", lookup.notes);
        assert!(
            lookup.notes[0].contains("110000.jsonl is a FIFO (named pipe), not a journal file")
        );
        assert!(lookup.notes[1].contains("120000.jsonl is a device, not a journal file"));
        // The stage's view of the same dir: nothing blocks, and all three are named.
        let path = dir.path().to_owned();
        let skipped = within(move || {
            let mut runs = RunsIndex::new(&path);
            runs.refresh();
            runs.skipped().to_vec()
        });
        assert_eq!(skipped.len(), 3, "{skipped:?}");
    }

    #[test]
    fn only_the_plans_own_journals_are_read_when_looking_for_a_run() {
        let dir = tempfile::tempdir().unwrap();
        let open = write_run(dir.path());
        fs::copy(&open, dir.path().join("other-20261127-100000.jsonl")).unwrap();
        fs::copy(&open, dir.path().join("t-20261127-100000-rehearsal.jsonl")).unwrap();
        fs::write(dir.path().join("notes.jsonl"), "anything").unwrap();
        let mut runs = RunsIndex::for_plan(dir.path(), "t", Mode::Live);
        runs.refresh();
        assert_eq!(runs.reads, 1, "another plan's journals are not opened");
        assert!(runs.get(&open).is_some());
    }

    #[test]
    fn each_journal_is_read_once_per_change() {
        let dir = tempfile::tempdir().unwrap();
        let open = write_run(dir.path());
        journal_of(dir.path(), 100, &[(101, Action::Start)]);
        let mut runs = RunsIndex::new(dir.path());
        runs.refresh();
        runs.refresh();
        assert_eq!(runs.reads, 2);
        let mut file = OpenOptions::new().append(true).open(&open).unwrap();
        std::io::Write::write_all(
            &mut file,
            b"{\"at\":\"2026-11-27T10:01:00.000+01:00\",\"event\":\"pause\"}\n",
        )
        .unwrap();
        runs.refresh();
        assert_eq!(runs.reads, 3, "only the changed journal is read again");
        assert_eq!(runs.get(&open).unwrap().events.len(), 3);
    }

    #[test]
    fn the_run_that_recorded_last_is_taken_up_whatever_the_file_times_say() {
        let dir = tempfile::tempdir().unwrap();
        let earlier = write_run(dir.path());
        let later = journal_of(dir.path(), 100, &[(101, Action::Start)]);
        // The earlier run's file written after the later one's (a copy, a
        // backup restored): its time says nothing of its run.
        touch(&later, 600);
        touch(&earlier, 0);
        assert_eq!(
            resumed(resumable(dir.path(), "t", Mode::Live, t(200))),
            Some(later.clone())
        );
        let mut runs = RunsIndex::new(dir.path());
        assert_eq!(runs.latest(|_| true).map(|j| j.path.clone()), Some(later));
    }

    #[test]
    fn runs_are_listed_newest_first_with_their_state() {
        let dir = tempfile::tempdir().unwrap();
        let open = write_run(dir.path());
        let finished = journal_of(dir.path(), 100, &[(101, Action::Start), (102, Action::End)]);
        fs::write(dir.path().join("t-20261127-120000.jsonl"), "not a journal").unwrap();
        let (listed, skipped) = list(dir.path());
        let paths: Vec<&Path> = listed.iter().map(|l| l.path.as_path()).collect();
        assert_eq!(paths, [finished.as_path(), open.as_path()]);
        assert_eq!(listed[0].state, RunState::Ended);
        assert_eq!(listed[1].state, RunState::Running);
        assert_eq!(listed[0].plan, "t");
        assert_eq!(skipped.len(), 1, "{skipped:?}");
    }

    #[test]
    fn a_bare_journal_name_or_last_is_found_in_the_runs_dir() {
        let dir = tempfile::tempdir().unwrap();
        let older = write_run(dir.path());
        let newer = journal_of(dir.path(), 100, &[(101, Action::Start)]);
        let name = older.file_name().unwrap();
        assert_eq!(find_named(Path::new(name), dir.path()), Ok(older.clone()));
        let stem = older.file_stem().unwrap();
        assert_eq!(find_named(Path::new(stem), dir.path()), Ok(older));
        assert_eq!(find_named(Path::new("last"), dir.path()), Ok(newer));
        let why = find_named(Path::new("nope.jsonl"), dir.path()).unwrap_err();
        assert!(why.contains("timekeeper runs"), "{why}");
        let empty = tempfile::tempdir().unwrap();
        let why = find_named(Path::new("last"), empty.path()).unwrap_err();
        assert!(why.contains("no recorded run"), "{why}");
    }
}
