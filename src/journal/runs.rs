//! The runs dir: which journal a console takes up again, and which one a
//! stage view follows.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::Journal;
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
}
