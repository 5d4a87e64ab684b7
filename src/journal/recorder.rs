//! The recorder: appends a run's events to its journal, each synced to disk
//! before the console shows its effect.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::{FORMAT, Header, Journal, JournalError, Line, LinkTokens, VERSION, shown};
use crate::plan::Plan;
use crate::run::{Event, Mode};
use crate::time::Time;

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
        Self::create_linked(dir, plan_path, plan, mode, now, None)
    }

    /// [`Recorder::create`], with the web links' tokens in the header.
    pub fn create_linked(
        dir: &Path,
        plan_path: &str,
        plan: &Plan,
        mode: Mode,
        now: Time,
        links: Option<&LinkTokens>,
    ) -> Self {
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
            links: links.cloned(),
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
            source: event.source,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::testing::*;
    use crate::run::Action;
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
        r.record(&Event::new(t(70), Action::Pause), None);
        drop(r);
        let again = Journal::read(&path).unwrap();
        assert_eq!(again.warning, None);
        assert_eq!(again.events.len(), 3);
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
        r.record(&Event::new(t(1), Action::Start), None);
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
    fn a_whole_last_event_without_its_newline_is_kept_when_the_run_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_run(dir.path());
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.trim_end_matches('\n')).unwrap();
        let j = Journal::read(&path).unwrap();
        assert_eq!(j.events.len(), 2);
        assert_eq!(j.warning, None);
        let mut r = Recorder::reopen(&j).unwrap();
        r.record(&Event::new(t(70), Action::Pause), None);
        drop(r);
        let again = Journal::read(&path).unwrap();
        assert_eq!(again.events.len(), 3);
        assert_eq!(again.events[1].action, Action::Next);
        assert_eq!(again.events[2].action, Action::Pause);
    }

    #[test]
    fn the_web_links_tokens_are_kept_in_the_header_and_journals_without_them_read() {
        let dir = tempfile::tempdir().unwrap();
        let links = LinkTokens {
            view: "hznRZAQdRETb_MMJpr88Lg".to_owned(),
            control: "rQSfC-w_w0MwgicKrL0LyA".to_owned(),
        };
        let r = Recorder::create_linked(
            dir.path(),
            "t.toml",
            &plan(),
            Mode::Live,
            t(0),
            Some(&links),
        );
        let j = Journal::read(r.path()).unwrap();
        assert_eq!(j.header.links, Some(links));
        // Written without them (as before they existed): no key at all, and
        // it reads as it always did.
        let old = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Rehearsal, t(0));
        let text = fs::read_to_string(old.path()).unwrap();
        assert!(!text.contains("links"), "{text}");
        assert_eq!(Journal::read(old.path()).unwrap().header.links, None);
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
