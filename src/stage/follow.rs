//! Following a run from its journal, as a driver of the shell: the stage
//! shows the newest unfinished run in the runs dir (or the journal it was
//! given), re-read when the directory says it changed.
//!
//! Changes come as [`Wake::Disk`] from inotify (through the notify crate), so
//! a key pressed in the console shows here within milliseconds and an idle
//! stage costs nothing. Where no file watch can be had (the runs dir does
//! not exist yet, or the file system does not tell), it looks again every
//! second, which is also its safety net.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::TimeDelta;
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::Constraint;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::journal::{self, Journal, RunsDir};
use crate::run::{Countdown, Run, blink_on, next_change};
use crate::screens::stage::StageView;
use crate::screens::theme::Palette;
use crate::shell::{Driver, Flow, FrameKey, Wake, WakeAt};
use crate::time::{Time, floor_second};

/// How often the runs dir is looked at without a file watch, and as a
/// safety net with one.
const RESCAN: TimeDelta = TimeDelta::seconds(1);

/// The stage's view of the journal it follows, re-read when it changes.
pub struct Follower {
    /// The journal named on the command line, if any; else the runs dir's
    /// newest unfinished one is followed.
    fixed: Option<PathBuf>,
    runs: RunsDir,
    followed: Option<Followed>,
    watched: PathBuf,
    watcher: Option<RecommendedWatcher>,
    /// Which directory the watch is on (device and inode).
    watched_identity: Option<(u64, u64)>,
    tx: Sender<Wake<()>>,
    last_scan: Option<Time>,
    palette: Palette,
    /// The countdown last drawn, for the blink phase.
    shown: Countdown,
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
    /// Follows `fixed`, or the newest unfinished run in `runs_dir`;
    /// changes in `watched` are sent to the shell as [`Wake::Disk`].
    pub fn new(
        fixed: Option<PathBuf>,
        runs_dir: &Path,
        watched: PathBuf,
        tx: Sender<Wake<()>>,
        palette: Palette,
        now: Time,
    ) -> Self {
        let mut follower = Self {
            fixed,
            runs: RunsDir::new(runs_dir),
            followed: None,
            watched,
            watcher: None,
            watched_identity: None,
            tx,
            last_scan: None,
            palette,
            shown: Countdown::Ready,
        };
        follower.watch();
        follower.refresh(now);
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
    fn refresh(&mut self, now: Time) -> bool {
        self.last_scan = Some(now);
        let mut changed = false;
        if self.fixed.is_none() {
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
}

impl Driver for Follower {
    type Command = ();

    fn handle(&mut self, wake: Wake<()>, now: Time, _mono_ms: u64) -> Flow {
        match wake {
            Wake::Key(key) => {
                let ctrl_c =
                    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
                let quit = matches!(key.code, KeyCode::Char('q' | 'Q') | KeyCode::Esc);
                if key.kind == KeyEventKind::Press && (quit || ctrl_c) {
                    return Flow::Quit;
                }
            }
            Wake::Disk => {
                self.refresh(now);
            }
            Wake::Timer => {
                if self.last_scan.is_none_or(|last| now - last >= RESCAN) {
                    self.watch();
                    self.refresh(now);
                }
            }
            Wake::Stop(_) => return Flow::Quit,
            Wake::Resize(..) | Wake::Command(()) | Wake::ClockJump(_) => {}
        }
        Flow::Continue
    }

    fn frame_key(&self, now: Time) -> FrameKey {
        let blink = matches!(self.shown, Countdown::Over(_)) && blink_on(now);
        let flash = self.followed.as_ref().is_some_and(|f| f.run.flash_on(now));
        FrameKey {
            second: floor_second(now),
            phase: u8::from(blink) | (u8::from(flash) << 1),
        }
    }

    fn draw(&mut self, frame: &mut Frame, now: Time) -> u8 {
        let area = frame.area();
        if let Some(f) = &self.followed {
            let snap = f.run.at(now);
            StageView::new(&f.run, &snap, self.palette, now).render(area, frame.buffer_mut());
            self.shown = snap.countdown;
        } else {
            Line::from("waiting for a run…  (q quits)")
                .centered()
                .render(
                    area.centered_vertically(Constraint::Length(1)),
                    frame.buffer_mut(),
                );
            self.shown = Countdown::Ready;
        }
        0
    }

    fn next_wake(&self, now: Time) -> WakeAt {
        let display = match &self.followed {
            Some(f) => f.run.next_change_after(now, self.shown),
            None => next_change(now, self.shown),
        };
        let rescan = self.last_scan.map_or(now, |last| last + RESCAN);
        if rescan < display {
            WakeAt {
                at: rescan,
                precise: false,
            }
        } else {
            WakeAt {
                at: display,
                precise: true,
            }
        }
    }
}
