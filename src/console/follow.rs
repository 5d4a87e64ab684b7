//! `timekeeper stage`: the speaker-facing view on a second screen, following
//! the run a console is recording. It only ever reads.
//!
//! The loop sleeps on one channel fed by three sources: key presses (a
//! thread blocked on the terminal), changes in the runs dir (inotify through
//! the notify crate, so a key pressed in the console shows here within
//! milliseconds and an idle stage costs nothing), and its own clock for the
//! once-a-second redraw. Where no file watch can be had (the runs dir does
//! not exist yet, or the file system does not tell), it looks again every
//! second, which is also its safety net.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event as TermEvent};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::app::Intent;
use super::clock::Clock;
use super::stage::StageView;
use super::view::Palette;
use super::{FrameKey, TerminalGuard, keys, no_color, watch_signals};
use crate::journal::{self, Journal, RunsDir};
use crate::run::{Countdown, Run, blink_on, next_change};
use crate::time::floor_second;

/// What wakes the stage.
enum Wake {
    Key(TermEvent),
    /// The terminal can no longer be read.
    TerminalGone,
    /// Something changed in the watched directory.
    Disk,
    /// A signal asked the stage to stop.
    Stop,
}

/// How often the runs dir is looked at without a file watch, and as a
/// safety net with one.
const RESCAN: Duration = Duration::from_secs(1);

/// `timekeeper stage [JOURNAL] [--runs-dir DIR]`.
pub fn stage(journal: Option<&Path>, runs_dir: &Path) -> anyhow::Result<()> {
    if let Some(path) = journal {
        // Refuse a wrong path at once, before taking over the screen.
        Journal::read(path)?;
    }
    let (tx, rx) = mpsc::channel();
    let stopping = tx.clone();
    let stop = watch_signals(move || {
        let _ = stopping.send(Wake::Stop);
    })?;
    let mut terminal = TerminalGuard::enter()?;
    read_keys(tx.clone());
    let watched = match journal {
        Some(path) => path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_owned(),
        None => runs_dir.to_owned(),
    };
    let mut follower = Follower::new(journal.map(Path::to_path_buf), runs_dir, watched, tx);
    follower.run(&mut terminal.terminal, &rx, &stop)
}

/// A thread that blocks on the terminal and passes each event on.
fn read_keys(tx: Sender<Wake>) {
    std::thread::spawn(move || {
        loop {
            let wake = event::read().map_or(Wake::TerminalGone, Wake::Key);
            let gone = matches!(wake, Wake::TerminalGone);
            if tx.send(wake).is_err() || gone {
                return;
            }
        }
    });
}

/// The stage's view of the journal it follows, re-read when it changes.
struct Follower {
    /// The journal named on the command line, if any; else the runs dir's
    /// newest unfinished one is followed.
    fixed: Option<PathBuf>,
    runs: RunsDir,
    followed: Option<Followed>,
    clock: Clock,
    watched: PathBuf,
    watcher: Option<RecommendedWatcher>,
    /// Which directory the watch is on (device and inode).
    watched_identity: Option<(u64, u64)>,
    tx: Sender<Wake>,
    last_scan: Instant,
}

struct Followed {
    path: PathBuf,
    stamp: (u64, SystemTime),
    run: Run,
}

/// A directory's device and inode: a directory deleted and made again under
/// the same name is another one.
fn dir_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    let meta = std::fs::metadata(path).ok()?;
    meta.is_dir().then(|| (meta.dev(), meta.ino()))
}

fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().unwrap_or(UNIX_EPOCH)))
}

impl Follower {
    fn new(fixed: Option<PathBuf>, runs_dir: &Path, watched: PathBuf, tx: Sender<Wake>) -> Self {
        let mut follower = Self {
            fixed,
            runs: RunsDir::new(runs_dir),
            followed: None,
            clock: Clock::new(),
            watched,
            watcher: None,
            watched_identity: None,
            tx,
            last_scan: Instant::now(),
        };
        follower.watch();
        follower
    }

    /// Starts watching the directory, if it exists and the system allows;
    /// again if it was deleted and made anew (the old watch died with it).
    fn watch(&mut self) {
        let identity = dir_identity(&self.watched);
        if identity != self.watched_identity {
            self.watcher = None;
            self.watched_identity = identity;
        }
        if self.watcher.is_some() || identity.is_none() {
            return;
        }
        let tx = self.tx.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            // Our own reads are events too (open, access, close): only a
            // change is news, or reading would wake us to read again.
            if event.is_ok_and(|e| !matches!(e.kind, notify::EventKind::Access(_))) {
                let _ = tx.send(Wake::Disk);
            }
        });
        self.watcher = watcher.ok().and_then(|mut w| {
            w.watch(&self.watched, RecursiveMode::NonRecursive)
                .ok()
                .map(|()| w)
        });
    }

    /// Looks for a newer run and for changes to the followed one; true when
    /// what is shown changed.
    fn refresh(&mut self) -> bool {
        self.last_scan = Instant::now();
        let mut changed = false;
        if self.fixed.is_none() {
            let now = self.clock.now();
            // The newest unfinished run, not one abandoned long ago (its
            // console killed and never resumed). A run that has just
            // finished stays on stage (its last word is THANK YOU) until
            // another one starts.
            let latest = self
                .runs
                .latest(|j| !j.is_finished() && now - j.last_activity() <= journal::STALE)
                .map(|j| (j.path.clone(), j.replay()));
            let current = self.followed.as_ref().map(|f| &f.path);
            // Only a run written after the one on stage takes its place: a
            // run abandoned before it (a crash, then `--new`) never comes
            // back when the followed one finishes.
            let since = self.followed.as_ref().map_or(UNIX_EPOCH, |f| f.stamp.1);
            if let Some((path, run)) = latest
                && Some(&path) != current
                && let Some(stamp) = stamp(&path)
                && stamp.1 > since
            {
                changed = true;
                self.followed = Some(Followed { path, stamp, run });
            }
        }
        let path = match (&self.fixed, &self.followed) {
            (Some(p), _) => p.clone(),
            (None, Some(f)) => f.path.clone(),
            (None, None) => return changed,
        };
        let Some(now_stamp) = stamp(&path) else {
            return changed;
        };
        if self
            .followed
            .as_ref()
            .is_some_and(|f| f.stamp == now_stamp && f.path == path)
        {
            return changed;
        }
        if let Ok(j) = Journal::read(&path) {
            self.followed = Some(Followed {
                path,
                stamp: now_stamp,
                run: j.run,
            });
            changed = true;
        }
        changed
    }

    fn run(
        &mut self,
        terminal: &mut DefaultTerminal,
        rx: &Receiver<Wake>,
        stop: &AtomicBool,
    ) -> anyhow::Result<()> {
        let palette = Palette {
            monochrome: no_color(),
        };
        let mut drawn: Option<FrameKey> = None;
        let mut shown = Countdown::Ready;
        self.refresh();
        let mut dirty = true;
        loop {
            if stop.load(Ordering::SeqCst) {
                return Ok(());
            }
            let now = self.clock.now();
            let key = FrameKey {
                second: floor_second(now),
                blink: matches!(shown, Countdown::Over(_)) && blink_on(now),
            };
            if dirty || drawn != Some(key) {
                let snap = self.followed.as_ref().map(|f| f.run.at(now));
                let followed = self.followed.as_ref();
                terminal.draw(|frame| {
                    let area = frame.area();
                    match (followed, &snap) {
                        (Some(f), Some(snap)) => {
                            StageView::new(&f.run, snap, palette, now)
                                .render(area, frame.buffer_mut());
                        }
                        _ => Line::from("waiting for a run…  (q quits)")
                            .centered()
                            .render(
                                area.centered_vertically(Constraint::Length(1)),
                                frame.buffer_mut(),
                            ),
                    }
                })?;
                shown = snap.map_or(Countdown::Ready, |s| s.countdown);
                drawn = Some(key);
                dirty = false;
            }

            let rescan = self.clock.now()
                + chrono::TimeDelta::from_std(RESCAN.saturating_sub(self.last_scan.elapsed()))
                    .unwrap_or_default();
            let wake = next_change(now, shown).min(rescan);
            match rx.recv_timeout(self.clock.until(wake)) {
                Ok(Wake::Key(TermEvent::Key(k))) => {
                    if keys::intent_for(k, false) == Some(Intent::Quit) {
                        return Ok(());
                    }
                }
                Ok(Wake::Key(TermEvent::Resize(width, height))) => {
                    terminal.resize(Rect::new(0, 0, width, height))?;
                    dirty = true;
                }
                Ok(Wake::Key(_)) => {}
                Ok(Wake::Disk) => dirty |= self.refresh(),
                Ok(Wake::TerminalGone | Wake::Stop) | Err(RecvTimeoutError::Disconnected) => {
                    return Ok(());
                }
                Err(RecvTimeoutError::Timeout) => {
                    if self.last_scan.elapsed() >= RESCAN {
                        self.watch();
                        dirty |= self.refresh();
                    }
                }
            }
            self.clock.resync();
        }
    }
}
