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

use chrono::TimeDelta;
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::journal::{self, Journal, RunsIndex};
use crate::run::{Countdown, Mode, Run, next_change};
use crate::screens::stage::StageView;
use crate::screens::theme::Palette;
use crate::shell::{Claims, Driver, Flow, FrameKey, Wake, WakeAt};
use crate::time::Time;

/// How often the runs dir is looked at without a file watch, and as a
/// safety net with one.
const RESCAN: TimeDelta = TimeDelta::seconds(1);

/// The stage's view of the journal it follows, re-read when it changes.
pub struct Follower {
    /// The journal named on the command line, if any; else the runs dir's
    /// newest unfinished one is followed.
    fixed: Option<PathBuf>,
    runs: RunsIndex,
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
    /// The plan (and mode) the stage stays with: named with `--plan`, or
    /// the first run's.
    plan: Option<(String, Option<Mode>)>,
    /// The runs dir, as said while waiting.
    runs_dir: String,
}

struct Followed {
    path: PathBuf,
    /// How many events its journal held when read.
    events: usize,
    run: Run,
    /// When its journal last recorded something.
    last: Time,
}

impl Follower {
    /// Follows `fixed`, or the newest unfinished run in `runs_dir`;
    /// changes in the folder it reads are sent to the shell as
    /// [`Wake::Disk`].
    pub fn new(
        fixed: Option<PathBuf>,
        runs_dir: &Path,
        plan: Option<String>,
        tx: Sender<Wake<()>>,
        palette: Palette,
        now: Time,
    ) -> Self {
        let fixed_dir = fixed.as_ref().map(|p| {
            p.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_owned()
        });
        // A journal named on the command line is read from its own folder,
        // through the same once-per-change cache, and that folder watched.
        let watched = fixed_dir.unwrap_or_else(|| runs_dir.to_owned());
        let mut follower = Self {
            plan: plan.map(|name| (name, None)),
            runs_dir: crate::journal::location::shown(runs_dir),
            fixed,
            runs: RunsIndex::new(&watched),
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
        let identity = crate::files::dir_identity(&self.watched);
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
        // Each journal that changed is read once, here; the rest of the
        // stage works from what this read.
        self.runs.refresh();
        let mut changed = false;
        if self.fixed.is_none()
            && let Some((path, run, last)) = self.choose(now)
        {
            if self.plan.is_none() {
                self.plan = Some((run.plan.name.clone(), Some(run.mode)));
            }
            self.followed = Some(Followed {
                path,
                events: usize::MAX,
                run,
                last,
            });
            changed = true;
        }
        let path = match (&self.fixed, &self.followed) {
            (Some(p), _) => p.clone(),
            (None, Some(f)) => f.path.clone(),
            (None, None) => return changed,
        };
        let Some(j) = self.runs.get(&path) else {
            return changed;
        };
        let news = self.followed.as_ref().is_none_or(|f| {
            f.path != path || f.events != j.events.len() || f.last != j.last_activity()
        });
        if news {
            self.followed = Some(Followed {
                path,
                events: j.events.len(),
                run: j.run.clone(),
                last: j.last_activity(),
            });
            changed = true;
        }
        changed
    }

    /// A run to show instead of the one on stage, if there is one: the
    /// newest unfinished run of the stage's plan (and mode) recorded after
    /// the one shown; when the one shown is over or a rehearsal, the newest
    /// live unfinished run of any plan. A run abandoned before the one on stage
    /// (a crash, then `--new`) never comes back, and a rehearsal of another
    /// plan in the same runs dir never takes the speaker's screen.
    fn choose(&mut self, now: Time) -> Option<(PathBuf, Run, Time)> {
        let shown = self
            .followed
            .as_ref()
            .map(|f| (f.path.clone(), f.run.is_closed(), f.last));
        let pinned = self.plan.clone();
        let newer = |j: &Journal| {
            !j.is_finished()
                && now - j.last_activity() <= journal::STALE
                && shown
                    .as_ref()
                    .is_none_or(|(path, _, last)| &j.path != path && j.last_activity() > *last)
        };
        let same_plan = |j: &Journal| {
            pinned.as_ref().is_none_or(|(name, mode)| {
                &j.header.plan.name == name && mode.is_none_or(|m| j.header.mode == m)
            })
        };
        if let Some(j) = self.runs.newest(|j| newer(j) && same_plan(j)) {
            return Some((j.path.clone(), j.replay(), j.last_activity()));
        }
        // A live session takes the speaker's screen from a run that is over,
        // and from a rehearsal (one closed with `q` and left unfinished
        // would otherwise hold it for hours).
        let rehearsal = self
            .followed
            .as_ref()
            .is_some_and(|f| f.run.mode == Mode::Rehearsal);
        let over = shown.as_ref().is_some_and(|(_, closed, _)| *closed) || rehearsal;
        if over
            && let Some(j) = self
                .runs
                .latest(|j| newer(j) && j.header.mode == Mode::Live)
        {
            let found = (j.path.clone(), j.replay(), j.last_activity());
            // The stage now belongs to the live session.
            self.plan = Some((found.1.plan.name.clone(), Some(Mode::Live)));
            return Some(found);
        }
        None
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
            Wake::Resize(..) | Wake::Paste(_) | Wake::Command(()) | Wake::ClockJump(_) => {}
        }
        Flow::Continue
    }

    fn frame_key(&self, now: Time) -> FrameKey {
        let flash = self.followed.as_ref().is_some_and(|f| f.run.flash_on(now));
        FrameKey::at(now, self.shown, flash)
    }

    fn draw(&mut self, buf: &mut Buffer, _claims: &Claims, now: Time) -> u8 {
        let area = buf.area;
        if let Some(f) = &self.followed {
            let snap = f.run.at(now);
            StageView::new(&f.run, &snap, self.palette, now).render(area, buf);
            self.shown = snap.countdown;
        } else {
            // Where it waits on a line of its own, cut at its start where it
            // must be (the end of a path is what tells).
            let width = area.width as usize;
            let dir = &self.runs_dir;
            let shown_dir = if crate::text::width(dir) <= width {
                dir.clone()
            } else {
                let tail: Vec<char> = dir.chars().rev().take(width.saturating_sub(1)).collect();
                format!("…{}", tail.into_iter().rev().collect::<String>())
            };
            let rows = area.centered_vertically(Constraint::Length(2));
            Line::from(crate::text::truncate(
                "waiting for a run in…  (q quits)",
                width,
            ))
            .centered()
            .render(Rect { height: 1, ..rows }, buf);
            if rows.height > 1 {
                Line::from(crate::text::truncate(&shown_dir, width))
                    .centered()
                    .render(
                        Rect {
                            y: rows.y + 1,
                            height: 1,
                            ..rows
                        },
                        buf,
                    );
            }
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

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use chrono::TimeDelta;

    use super::*;
    use crate::journal::Recorder;
    use crate::run::{Action, Event};

    fn plan(name: &str) -> crate::plan::Plan {
        crate::plan::parse(
            "title=\"T\"\n[[segments]]\ntitle=\"A\"\nduration=\"10m\"\n",
            "t.toml",
            name,
        )
        .unwrap()
    }

    /// A journal of `name` in `mode`, started `ago` seconds before `now`,
    /// with `actions` after its start (at one-second steps).
    fn record(
        dir: &Path,
        name: &str,
        mode: Mode,
        now: Time,
        ago: i64,
        actions: &[Action],
    ) -> PathBuf {
        let start = now - TimeDelta::seconds(ago);
        let mut r = Recorder::create(dir, "t.toml", &plan(name), mode, start);
        r.record(&Event::new(start, Action::Start), None);
        for (i, action) in actions.iter().enumerate() {
            let at = start + TimeDelta::seconds(i as i64 + 1);
            r.record(&Event::new(at, action.clone()), None);
        }
        r.path().to_owned()
    }

    fn follower(dir: &Path, plan: Option<&str>, now: Time) -> Follower {
        let (tx, _rx) = mpsc::channel();
        Follower::new(
            None,
            dir,
            plan.map(str::to_owned),
            tx,
            Palette { monochrome: true },
            now,
        )
    }

    fn shown(f: &Follower) -> Option<String> {
        f.followed.as_ref().map(|f| {
            f.run.plan.name.clone()
                + if f.run.mode == Mode::Live {
                    ""
                } else {
                    " rehearsal"
                }
        })
    }

    fn now() -> Time {
        chrono::Utc::now().fixed_offset()
    }

    #[test]
    fn a_rehearsal_of_another_plan_never_takes_the_speakers_screen() {
        let dir = tempfile::tempdir().unwrap();
        let now = now();
        let live = record(dir.path(), "plenary", Mode::Live, now, 600, &[]);
        let mut stage = follower(dir.path(), None, now);
        assert_eq!(shown(&stage).as_deref(), Some("plenary"));
        // A rehearsal of another plan starts beside it, later.
        record(dir.path(), "panel", Mode::Rehearsal, now, 60, &[]);
        stage.refresh(now);
        assert_eq!(shown(&stage).as_deref(), Some("plenary"));
        // The live session ends: the stage says THANK YOU, and still does
        // not show the rehearsal.
        let mut r = Recorder::reopen(&Journal::read(&live).unwrap()).unwrap();
        r.record(&Event::new(now, Action::End), None);
        drop(r);
        stage.refresh(now);
        assert_eq!(shown(&stage).as_deref(), Some("plenary"));
        assert!(stage.followed.as_ref().unwrap().run.is_closed());
        // A live run of any plan takes over the stage once it has ended.
        let later = now + TimeDelta::seconds(5);
        record(dir.path(), "closing", Mode::Live, later, 2, &[]);
        stage.refresh(later);
        assert_eq!(shown(&stage).as_deref(), Some("closing"));
    }

    #[test]
    fn a_stage_named_for_a_plan_follows_only_that_plan() {
        let dir = tempfile::tempdir().unwrap();
        let now = now();
        record(dir.path(), "panel", Mode::Rehearsal, now, 300, &[]);
        record(dir.path(), "plenary", Mode::Live, now, 60, &[]);
        let stage = follower(dir.path(), Some("panel"), now);
        assert_eq!(shown(&stage).as_deref(), Some("panel rehearsal"));
    }

    #[test]
    fn a_run_abandoned_before_the_one_on_stage_never_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let now = now();
        // A crashed run, then a fresh one with --new.
        record(dir.path(), "plenary", Mode::Live, now, 900, &[]);
        let fresh = record(dir.path(), "plenary", Mode::Live, now, 300, &[]);
        let mut stage = follower(dir.path(), None, now);
        assert_eq!(stage.followed.as_ref().unwrap().path, fresh);
        let mut r = Recorder::reopen(&Journal::read(&fresh).unwrap()).unwrap();
        r.record(&Event::new(now, Action::Next), None);
        drop(r);
        stage.refresh(now);
        assert_eq!(stage.followed.as_ref().unwrap().path, fresh);
        assert!(stage.followed.as_ref().unwrap().run.is_closed());
    }

    #[test]
    fn a_live_session_takes_the_stage_from_a_rehearsal_left_open() {
        let dir = tempfile::tempdir().unwrap();
        let now = now();
        // A rehearsal closed with `q`, `y`: unfinished, and on stage.
        record(dir.path(), "panel", Mode::Rehearsal, now, 600, &[]);
        let mut stage = follower(dir.path(), None, now);
        assert_eq!(shown(&stage).as_deref(), Some("panel rehearsal"));
        // The live plenary begins.
        let later = now + TimeDelta::seconds(5);
        record(dir.path(), "plenary", Mode::Live, later, 1, &[]);
        stage.refresh(later);
        assert_eq!(shown(&stage).as_deref(), Some("plenary"));
    }
}
