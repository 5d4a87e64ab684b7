//! The recorder: appends a run's events to its journal, each synced to disk
//! before the console shows its effect.
//!
//! A journal never exists on disk without its header: the header and the
//! first event are written and synced under a temporary name in the runs
//! dir (`.<name>.<pid>-<n>.tmp`, which no scan takes for a journal), and
//! only then linked under the journal's name, a name that is never taken
//! from another file. A kill at any moment leaves either no journal, or one
//! that holds the run's first event; and a write that fails is cut back to
//! the last whole line, so no half line is left behind either.
//!
//! Nothing it writes is refused by a reader: it stops (NOT RECORDING, and
//! why) before the journal would pass [`MAX_JOURNAL_BYTES`], or a line the
//! reader's longest. And before each append it checks that the file is
//! still the journal it wrote (the same file under its name, as long as it
//! left it): a journal cut, moved or replaced under a live console is not
//! written to again.
//!
//! A console that records a journal holds a lock, so a second console
//! cannot write the same one; the lock is on a file beside the journal
//! (`.<name>.lock`), never on the journal itself. Windows's file locks are
//! mandatory: a locked journal could not be read by `stage`, `report` or
//! another console's web pages while the run goes on. The lock file is the
//! same on every system, and is left in place (it is empty, and removing it
//! while another console opens it would let two hold "the" lock).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::read::{MAX_EVENT_LINE, MAX_HEADER_LINE};
use super::timeline::Timeline;
use super::{Header, Journal, JournalError, Line, MAX_JOURNAL_BYTES, printable};
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
    /// The journal, once it is in place under `path`, header and all.
    file: Option<File>,
    /// The lock on the journal's lock file, held while recording (and let
    /// go with the recorder).
    #[allow(dead_code, reason = "held, never read")]
    lock: Option<File>,
    /// Length of the journal's complete lines on disk.
    good_len: u64,
    pending: Vec<u8>,
    problem: Option<String>,
    /// What the next event's time may be (see [`super::timeline`]).
    timeline: Timeline,
    /// Set once an event came with a time the journal cannot hold: it and
    /// everything after it are not written, and this says why.
    refused: Option<String>,
    /// A write of ours failed and its bytes may not all have been cut back
    /// yet: dropping the recorder cuts them (and only then: a journal
    /// reopened and left alone keeps every byte it had).
    torn: bool,
    /// The journal's file (device, inode), once it is in place: the name
    /// must still lead to it before anything is appended.
    identity: Option<(u64, u64)>,
    /// How long this recorder left the file (`None` after a write that
    /// failed and could not be cut back: then only no shorter than its
    /// whole lines).
    left_len: Option<u64>,
    #[cfg(test)]
    fault: Option<testing::Fault>,
}

impl Recorder {
    /// Starts a new journal for a run in `dir`, begun at `now`. Nothing is
    /// written until the first event, which goes to disk with the header;
    /// it never fails: a journal that cannot be written yet is retried with
    /// the next event.
    pub fn create(dir: &Path, plan_path: &str, plan: &Plan, mode: Mode, now: Time) -> Self {
        Self::begin(dir, &Header::new(plan, plan_path, mode, now))
    }

    /// [`Recorder::create`] with the header given (the web links' tokens in
    /// it): named after its plan and its `created` instant.
    pub fn begin(dir: &Path, header: &Header) -> Self {
        let suffix = if header.mode == Mode::Rehearsal {
            "-rehearsal"
        } else {
            ""
        };
        let now = header.created;
        let stem = format!("{}-{}", header.plan.name, now.format("%Y%m%d-%H%M%S"));
        let path = dir.join(format!("{stem}{suffix}.jsonl"));
        let mut pending = serde_json::to_vec(header).expect("a header always serializes");
        pending.push(b'\n');
        // A plan file is at most 1 MiB, its header a few times that: this
        // is for a plan built some other way.
        let refused = (pending.len() > MAX_HEADER_LINE).then(|| {
            format!(
                "cannot record: the plan is too large for a journal's first line ({})",
                crate::files::size(MAX_HEADER_LINE as u64)
            )
        });
        Self {
            path,
            file: None,
            lock: None,
            good_len: 0,
            pending,
            problem: None,
            timeline: Timeline::new(now),
            refused,
            torn: false,
            identity: None,
            left_len: None,
            #[cfg(test)]
            fault: None,
        }
    }

    /// Reopens a journal to go on with its run. Refused when another console
    /// has it open. A line cut by a crash is dropped before appending.
    pub fn reopen(journal: &Journal) -> Result<Self, JournalError> {
        let shown = printable(&journal.path);
        let io_error = |error| JournalError::Io {
            path: shown.clone(),
            error,
        };
        // Never wait on the open: the path was a journal when it was read,
        // and must still be a regular file now.
        let file = crate::files::without_waiting(OpenOptions::new().read(true).write(true))
            .open(&journal.path)
            .map_err(io_error)?;
        let meta = file.metadata().map_err(io_error)?;
        if !meta.is_file() {
            return Err(JournalError::NotAFile {
                path: shown,
                what: crate::files::kind(&meta),
            });
        }
        let lock = lock_beside(&journal.path).map_err(|e| match e {
            LockError::Held => JournalError::InUse {
                path: shown.clone(),
            },
            LockError::Io(error) => io_error(error),
        })?;
        let recorder = Self {
            identity: Some(crate::files::file_identity(&meta)),
            left_len: Some(meta.len()),
            path: journal.path.clone(),
            file: Some(file),
            lock: Some(lock),
            good_len: journal.complete_len,
            // A whole last line whose newline was lost gets it back before
            // anything is appended, so the two never run together.
            pending: if journal.missing_newline {
                b"\n".to_vec()
            } else {
                Vec::new()
            },
            problem: None,
            timeline: journal.timeline.clone(),
            refused: None,
            torn: false,
            #[cfg(test)]
            fault: None,
        };
        Ok(recorder)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the journal is on disk, its header and first event with it.
    /// It is not when the runs dir refused it from the start (full,
    /// read-only, not a directory): then nothing of the run was saved, and
    /// no file was left behind.
    pub fn is_on_disk(&self) -> bool {
        self.file.is_some()
    }

    /// Why events are not reaching the disk, if they are not.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Records one event, synced to disk before this returns (or kept in
    /// memory with [`Recorder::problem`] set). An event whose time the
    /// journal cannot hold (see [`super::timeline`]) is not written, nor is
    /// anything after it: the journal stays readable, and the problem says
    /// why.
    pub fn record(&mut self, event: &Event, mono_ms: Option<u64>) {
        if self.refused.is_none()
            && let Err(why) = self.timeline.admit(event.at, &event.action)
        {
            self.refused = Some(format!("cannot record {why}"));
        }
        if let Some(why) = &self.refused {
            self.problem = Some(why.clone());
            return;
        }
        let line = Line {
            at: event.at,
            mono_ms,
            source: event.source,
            action: event.action.clone(),
        };
        let mut bytes = serde_json::to_vec(&line).expect("an event always serializes");
        bytes.push(b'\n');
        if let Err(why) = self.fits(&bytes) {
            self.refused = Some(why.clone());
            self.problem = Some(why);
            return;
        }
        self.pending.extend_from_slice(&bytes);
        self.flush();
    }

    /// Whether `line` may still be added: no reader refuses the journal
    /// with it. Past the limit nothing more is written, so that what is on
    /// disk stays a journal every reader takes (and a run that reached it
    /// can still be reported and resumed).
    fn fits(&self, line: &[u8]) -> Result<(), String> {
        if line.len() > MAX_EVENT_LINE {
            return Err(format!(
                "cannot record an event longer than {}",
                crate::files::size(MAX_EVENT_LINE as u64)
            ));
        }
        let total = self.good_len + self.pending.len() as u64 + line.len() as u64;
        if total > MAX_JOURNAL_BYTES {
            return Err(format!(
                "the journal is full ({}, the most any reader takes): start a new run to record again",
                crate::files::size(MAX_JOURNAL_BYTES)
            ));
        }
        Ok(())
    }

    /// Whether the journal on disk is still the one this recorder wrote:
    /// the same file under its name, no shorter (or longer) than left.
    fn still_in_place(&self, file: &File) -> Result<(), String> {
        let meta = file
            .metadata()
            .map_err(|e| format!("cannot check the journal: {e}"))?;
        let len = meta.len();
        let left = self.left_len.unwrap_or(self.good_len);
        if len < left {
            return Err("the journal was cut short by something else".to_owned());
        }
        if len > left && self.left_len.is_some() {
            return Err("the journal was written to by something else".to_owned());
        }
        match fs::metadata(&self.path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err("the journal was moved or deleted".to_owned())
            }
            Err(e) => Err(format!("cannot check the journal: {e}")),
            Ok(named)
                if self
                    .identity
                    .is_some_and(|id| id != crate::files::file_identity(&named)) =>
            {
                Err("the journal was replaced by another file".to_owned())
            }
            Ok(_) => Ok(()),
        }
    }

    /// Tries again to write what the disk refused before (and nothing
    /// else: a journal with no event yet is not written by a retry).
    pub fn retry(&mut self) {
        if self.problem.is_some() && self.refused.is_none() && !self.pending.is_empty() {
            self.flush();
        }
    }

    fn flush(&mut self) {
        // Never into a file that is no longer the journal: what it holds is
        // kept, and nothing more written there.
        if let Some(file) = &self.file
            && let Err(why) = self.still_in_place(file)
        {
            let why = format!("{why}: nothing more is written to it");
            self.refused = Some(why.clone());
            self.problem = Some(why);
            return;
        }
        match self.try_flush() {
            Ok(()) => self.problem = None,
            Err(e) => self.problem = Some(describe_io(&e)),
        }
    }

    fn try_flush(&mut self) -> io::Result<()> {
        let Some(file) = self.file.as_mut() else {
            let (file, path, lock) = self.place()?;
            self.good_len = self.pending.len() as u64;
            self.pending.clear();
            self.identity = file
                .metadata()
                .ok()
                .map(|m| crate::files::file_identity(&m));
            self.left_len = Some(self.good_len);
            self.file = Some(file);
            self.lock = Some(lock);
            self.path = path;
            return Ok(());
        };
        // Cut anything a failed write left behind, then append whole lines.
        file.set_len(self.good_len)?;
        file.seek(SeekFrom::Start(self.good_len))?;
        let written = write_out(
            file,
            &self.pending,
            #[cfg(test)]
            &mut self.fault,
        )
        .and_then(|()| file.sync_data());
        if let Err(e) = written {
            // No half line stays on disk, even if nothing writes again.
            self.torn = file.set_len(self.good_len).is_err();
            self.left_len = (!self.torn).then_some(self.good_len);
            return Err(e);
        }
        self.torn = false;
        self.good_len += self.pending.len() as u64;
        self.left_len = Some(self.good_len);
        self.pending.clear();
        Ok(())
    }

    /// Writes what is pending (the header first) to a temporary file, syncs
    /// it and links it into place under a name no other file has; the
    /// temporary file is gone afterwards, whatever happened. The journal's
    /// lock is taken before its name is, so no other console can take it up
    /// in between.
    fn place(&mut self) -> io::Result<(File, PathBuf, File)> {
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&dir)?;
        let name = self
            .path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let (temp, mut file) = create_temp(&dir, &name)?;
        let placed = write_out(
            &mut file,
            &self.pending,
            #[cfg(test)]
            &mut self.fault,
        )
        .and_then(|()| file.sync_data())
        .and_then(|()| link_into_place(&temp, file, &dir, &name));
        let _ = fs::remove_file(&temp);
        let (path, file, lock) = placed?;
        // The new name must survive a power cut too, not only the bytes
        // written into it. Were this to fail, the journal is in place all
        // the same, and taking it for not written would start a second one.
        sync_dir(&dir);
        Ok((file, path, lock))
    }
}

/// Creates a temporary file for a journal about to be named `name`.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let mut n = 0u32;
    loop {
        let temp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Gives the file at `temp` the journal name `name` in `dir`, or the first
/// free one after it: a name already taken gets a counter, before the
/// `-rehearsal` mark so the name keeps its documented shape. Nothing is
/// ever replaced: a hard link fails on a name that exists. A name whose
/// lock another console holds is passed over; the journal's name comes
/// back with the journal open under it, and its lock.
fn link_into_place(
    temp: &Path,
    file: File,
    dir: &Path,
    name: &str,
) -> io::Result<(PathBuf, File, File)> {
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
        let lock = match lock_beside(&candidate) {
            Ok(lock) => lock,
            Err(LockError::Held) => continue,
            Err(LockError::Io(e)) => return Err(e),
        };
        match hard_link(temp, &candidate) {
            Ok(()) => return Ok((candidate, file, lock)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            // A file system without hard links (FAT, some network shares):
            // the name is taken with an empty file first, then the journal
            // renamed over that file, which is ours. Windows renames no
            // file that is open: the journal is closed for the rename and
            // opened again under its name.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::Unsupported | io::ErrorKind::PermissionDenied
                ) =>
            {
                match OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&candidate)
                {
                    Ok(reserved) => {
                        // Closed before the rename, which Windows refuses
                        // over an open file.
                        drop(reserved);
                        drop(file);
                        return fs::rename(temp, &candidate)
                            .and_then(|()| {
                                crate::files::without_waiting(
                                    OpenOptions::new().read(true).write(true),
                                )
                                .open(&candidate)
                            })
                            .map(|file| (candidate.clone(), file, lock))
                            .inspect_err(|_| {
                                let _ = fs::remove_file(&candidate);
                            });
                    }
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                    Err(e) => return Err(e),
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "a thousand journals with this name already exist",
    ))
}

/// A second name for the journal written at `temp`. Not on Windows: there
/// the temporary name of a file still open cannot be removed (it stays,
/// "delete pending", for as long as the console records), so the journal
/// takes the way of a file system without hard links: it is renamed into
/// place.
fn hard_link(temp: &Path, candidate: &Path) -> io::Result<()> {
    if cfg!(windows) {
        return Err(io::ErrorKind::Unsupported.into());
    }
    fs::hard_link(temp, candidate)
}

/// Writes all of `bytes`; in tests, as far as an injected fault lets it.
fn write_out(
    file: &mut File,
    bytes: &[u8],
    #[cfg(test)] fault: &mut Option<testing::Fault>,
) -> io::Result<()> {
    #[cfg(test)]
    if let Some(fault) = fault {
        return fault.write(file, bytes);
    }
    file.write_all(bytes)
}

impl Drop for Recorder {
    /// A write that failed may have left part of a line that could not be
    /// cut at once (the console quit while NOT RECORDING): one more try to
    /// cut back to the last whole line, so the journal does not read as cut
    /// by a crash.
    fn drop(&mut self) {
        if self.torn
            && let Some(file) = &self.file
        {
            let _ = file.set_len(self.good_len);
            let _ = file.sync_data();
        }
    }
}

enum LockError {
    Held,
    Io(io::Error),
}

/// The lock file of the journal at `journal`: beside it, hidden.
fn lock_path(journal: &Path) -> PathBuf {
    let name = journal.file_name().unwrap_or_default().to_string_lossy();
    journal.with_file_name(format!(".{name}.lock"))
}

/// Takes the lock of the journal at `journal` (which need not exist yet).
fn lock_beside(journal: &Path) -> Result<File, LockError> {
    let file = crate::files::without_waiting(
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false),
    )
    .open(lock_path(journal))
    .map_err(LockError::Io)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(LockError::Held),
        Err(fs::TryLockError::Error(e)) => Err(LockError::Io(e)),
    }
}

/// Makes a new name in `dir` survive a power cut. Unix syncs the
/// directory; Windows cannot open one as a file, and NTFS journals its
/// names itself.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    let _ = File::open(dir).and_then(|d| d.sync_all());
    #[cfg(not(unix))]
    let _ = dir;
}

fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::StorageFull => "the disk is full".to_owned(),
        io::ErrorKind::FileTooLarge => "the journal reached the file size limit".to_owned(),
        io::ErrorKind::PermissionDenied => "no permission to write the runs dir".to_owned(),
        io::ErrorKind::ReadOnlyFilesystem => "the runs dir is read-only".to_owned(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
pub(super) mod testing {
    //! A write that fails on purpose, as a full disk fails it.
    use std::fs::File;
    use std::io::{self, Write as _};

    /// Lets `room` more bytes through, then fails every write with `kind`.
    #[derive(Debug, Clone, Copy)]
    pub struct Fault {
        pub room: usize,
        pub kind: io::ErrorKind,
    }

    impl Fault {
        pub fn write(&mut self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
            let through = bytes.len().min(self.room);
            file.write_all(&bytes[..through])?;
            self.room -= through;
            if through < bytes.len() {
                return Err(io::Error::from(self.kind));
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests;
