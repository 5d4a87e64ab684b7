//! The shell: the one loop every screen runs in.
//!
//! It waits on one channel of [`Wake`]-ups (a key from the reader thread, a
//! change on disk, a command from the web server, a signal) or until the
//! time the driver next needs it, hands each wake-up to a [`Driver`], and
//! draws a frame when something visible changed: after a wake-up, or when
//! the driver's [`FrameKey`] moves on (the next second, a blink phase). It
//! owns resizes, the frame gating, the precise wait for a second boundary
//! and the clock. The console and the stage follower are drivers; nothing
//! else in the crate loops on the terminal.
//!
//! The shell is generic over the ratatui backend and the [`Clock`], so a test
//! can push wake-ups into [`Shell::step`], move a [`clock::ManualClock`] and
//! then read the `TestBackend`'s buffer and the journal together.

pub mod awake;
pub mod claims;
pub mod clock;
mod diff;
pub mod terminal;
pub mod tty;

use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use ratatui::backend::{Backend, ClearType, CrosstermBackend, TestBackend};
use ratatui::buffer::{Buffer, Cell};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

pub use self::claims::Claims;
pub use self::clock::{Clock, ManualClock, SystemClock};
use crate::run::Countdown;
use crate::time::Time;

/// What wakes the shell.
#[derive(Debug)]
pub enum Wake<C> {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste), whole.
    Paste(String),
    /// The terminal's new size (columns, rows).
    Resize(u16, u16),
    /// Something changed in a directory the driver watches.
    Disk,
    /// A command from outside the terminal (the web server).
    Command(C),
    /// The time the driver asked to be woken at has come.
    Timer,
    /// The wall clock jumped this many milliseconds against the monotonic
    /// clock.
    ClockJump(i64),
    /// Stop now: a signal, or the terminal hung up.
    Stop(Stop),
}

/// Why the shell was asked to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// SIGTERM, SIGINT, SIGQUIT, SIGHUP: its number.
    Signal(i32),
    /// The terminal is gone (closed without a signal reaching us).
    HangUp,
}

/// What the driver wants after a wake-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// How the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The driver quit.
    Quit,
    Stopped(Stop),
}

/// What is on screen, as far as time goes: a frame is drawn when it differs
/// from the last one drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameKey {
    /// The wall clock's second.
    pub second: i64,
    /// A phase within the second (the OVER blink).
    pub phase: u8,
}

impl FrameKey {
    /// The frame at `now`: its second, and whether the countdown shown is
    /// blinking OVER and the stage flashing.
    pub fn at(now: Time, countdown: Countdown, flashing: bool) -> Self {
        let blink = matches!(countdown, Countdown::Over(_)) && crate::run::blink_on(now);
        Self {
            second: crate::time::floor_second(now),
            phase: u8::from(blink) | (u8::from(flashing) << 1),
        }
    }
}

/// When the driver next needs the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WakeAt {
    pub at: Time,
    /// Something on screen changes then: wake on it to the millisecond
    /// (one more short sleep) rather than whenever the poll returns.
    pub precise: bool,
}

/// One screen's behaviour in the shell: what wake-ups mean, what to draw.
pub trait Driver {
    /// Commands that reach the driver from outside the terminal.
    type Command;

    /// Handles one wake-up at `now` (`mono_ms` on the monotonic clock).
    fn handle(&mut self, wake: Wake<Self::Command>, now: Time, mono_ms: u64) -> Flow;

    /// What the screen shows at `now`, for the frame gating.
    fn frame_key(&self, now: Time) -> FrameKey;

    /// Draws the screen at `now` into `buf`, blank and the terminal's size,
    /// saying in `claims` what rows it drew from what (none is fine);
    /// returns how many times to ring the bell.
    fn draw(&mut self, buf: &mut Buffer, claims: &Claims, now: Time) -> u8;

    /// When to wake up next, if nothing else happens first.
    fn next_wake(&self, now: Time) -> WakeAt;
}

/// Panics unless every row marked in `unchanged` is the same in both frames.
fn check_unchanged(shown: &Buffer, next: &Buffer, unchanged: &[bool]) {
    let width = usize::from(next.area.width).max(1);
    let rows = shown.content.chunks(width).zip(next.content.chunks(width));
    for (at, (was, is)) in rows.enumerate() {
        if unchanged.get(at) == Some(&true) && was != is {
            let text = |row: &[Cell]| row.iter().map(Cell::symbol).collect::<String>();
            panic!(
                "row {at} was passed over as claimed the same, but changed:\n  shown: {:?}\n  drawn: {:?}",
                text(was),
                text(is),
            );
        }
    }
}

/// A backend that can ring the terminal's bell.
pub trait Bell {
    fn ring(&mut self, times: u8);
}

impl<W: Write> Bell for CrosstermBackend<W> {
    fn ring(&mut self, times: u8) {
        for _ in 0..times {
            let _ = self.write_all(b"\x07");
        }
        let _ = Write::flush(self);
    }
}

impl Bell for TestBackend {
    fn ring(&mut self, _times: u8) {}
}

/// How long before a precise wake-up the wait switches from the channel to
/// a plain sleep, so the second flips within a fraction of a millisecond of
/// the wall clock's boundary. None on Unix, where the channel's wait is
/// already that precise (a futex or a condition variable with a deadline):
/// one wake-up a second, not two. Windows's waits on an address round to
/// its timer's tick (15.6 ms by default), where its sleep does not.
const FINE_WAIT: Duration = if cfg!(windows) {
    Duration::from_millis(2)
} else {
    Duration::ZERO
};

/// The loop: a terminal, a clock and a driver.
///
/// The shell is its own ratatui `Terminal`: it keeps the frame on screen
/// and the one being drawn, and sends the terminal the cells that differ
/// ([`diff`]), but for the rows the driver drew from the same as the rows
/// on screen ([`claims`]). The screen is the whole terminal, the cursor
/// hidden.
pub struct Shell<B: Backend, C: Clock, D: Driver> {
    backend: B,
    /// What the terminal shows.
    shown: Buffer,
    /// The frame being drawn; between frames, the one before the frame
    /// shown, blanked before the next is drawn into it.
    next: Buffer,
    /// What the rows shown and the rows drawn were drawn from.
    claims: Claims,
    /// Whether each row passed over as claimed is checked against the
    /// frame drawn (tests).
    check_claims: bool,
    /// The indices of the cells of `next` to send, kept for its capacity.
    changed: Vec<usize>,
    /// The rows of `next` claimed as drawn from the same as the rows shown
    /// (not compared), kept for its capacity.
    unchanged: Vec<bool>,
    /// How many of them the last frame had.
    passed_over: usize,
    /// The rows of `next` left undrawn and copied from the screen.
    copied: Vec<bool>,
    clock: C,
    driver: D,
    drawn: Option<FrameKey>,
    /// Bells rung so far (what a test can see of the bell).
    rung: u32,
}

impl<B, C, D> Shell<B, C, D>
where
    B: Backend + Bell,
    B::Error: Send + Sync + 'static,
    C: Clock,
    D: Driver,
{
    /// A shell over `backend`, whose screen is `size` (resized on the
    /// terminal's resize events, never asked for on a frame).
    pub fn new(backend: B, size: Rect, clock: C, driver: D) -> anyhow::Result<Self> {
        Ok(Self {
            backend,
            shown: Buffer::empty(size),
            next: Buffer::empty(size),
            claims: Claims::default(),
            check_claims: cfg!(debug_assertions),
            changed: Vec::new(),
            unchanged: Vec::new(),
            passed_over: 0,
            copied: Vec::new(),
            clock,
            driver,
            drawn: None,
            rung: 0,
        })
    }

    /// Checks, at every frame, that each row the diff passes over because
    /// its claim is the same as the row's on screen holds the cells on
    /// screen, and panics, naming the row, where it does not: what a test
    /// that drives the shell turns on (a debug build has it on already).
    /// Every row is drawn then, none copied from the screen.
    pub fn check_claims(&mut self, on: bool) {
        self.check_claims = on;
    }

    /// How many rows of the last frame drawn were claimed.
    pub fn rows_claimed(&self) -> usize {
        self.claims.claimed()
    }

    /// How many rows the last frame's diff passed over: claimed as drawn
    /// from the same as the frame before.
    pub fn rows_passed_over(&self) -> usize {
        self.passed_over
    }

    pub fn driver(&self) -> &D {
        &self.driver
    }

    pub fn driver_mut(&mut self) -> &mut D {
        &mut self.driver
    }

    /// The driver, once the loop is over.
    pub fn into_driver(self) -> D {
        self.driver
    }

    pub fn clock(&self) -> &C {
        &self.clock
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    pub fn backend_mut(&mut self) -> &mut B {
        &mut self.backend
    }

    /// How many times the bell has rung.
    pub fn bells_rung(&self) -> u32 {
        self.rung
    }

    /// Runs until the driver quits or a stop arrives: draws, waits for the
    /// next wake-up, handles it, and again.
    pub fn run(&mut self, wakes: &Receiver<Wake<D::Command>>) -> anyhow::Result<Ended> {
        self.backend.hide_cursor()?;
        self.draw(true)?;
        loop {
            let next = self.driver.next_wake(self.clock.now());
            let wake = self.wait(wakes, next);
            if let Wake::Stop(stop) = wake {
                return Ok(Ended::Stopped(stop));
            }
            if self.step(wake)? == Flow::Quit {
                return Ok(Ended::Quit);
            }
        }
    }

    /// Handles one wake-up and draws what changed: the loop's body, and what
    /// a test calls to drive the shell.
    pub fn step(&mut self, wake: Wake<D::Command>) -> anyhow::Result<Flow> {
        let timer = matches!(wake, Wake::Timer);
        // The clock first: after a suspend, the key that woke us is dated
        // by the wall clock as it is now, not as it was when we slept.
        let jump = self.clock.resync();
        // One instant for the whole step: the driver works out the run at
        // it once, for the pages and for the frame drawn just after.
        let now = self.clock.now();
        let mono = self.clock.mono_ms();
        if let Some(jump) = jump
            && self.driver.handle(Wake::ClockJump(jump), now, mono) == Flow::Quit
        {
            return Ok(Flow::Quit);
        }
        let flow = match wake {
            Wake::Resize(width, height) => {
                self.resize(Rect::new(0, 0, width, height))?;
                Flow::Continue
            }
            wake => self.driver.handle(wake, now, mono),
        };
        if flow == Flow::Quit {
            return Ok(Flow::Quit);
        }
        // A timer only changes what the frame key says; anything else may
        // have changed state behind it.
        self.draw_at(!timer, now)?;
        Ok(Flow::Continue)
    }

    /// Draws a frame if `force`, or if the screen would differ from the last.
    pub fn draw(&mut self, force: bool) -> anyhow::Result<()> {
        let now = self.clock.now();
        self.draw_at(force, now)
    }

    fn draw_at(&mut self, force: bool, now: Time) -> anyhow::Result<()> {
        let key = self.driver.frame_key(now);
        if !force && self.drawn == Some(key) {
            return Ok(());
        }
        // Ratatui's `Terminal::draw`, but for the cursor: it is hidden once,
        // when the loop starts, where `draw` hides it again every frame.
        // The frame's bytes leave in the one flush at the end.
        self.next.reset();
        self.claims.begin(self.next.area, !self.check_claims);
        let rings = self.driver.draw(&mut self.next, &self.claims, now);
        // The rows left undrawn are as they are on screen, fitted already.
        let rows = 0..usize::from(self.next.area.height);
        self.copied.clear();
        self.copied
            .extend(rows.clone().map(|row| self.claims.skipped(row)));
        let width = usize::from(self.next.area.width).max(1);
        let pairs = self
            .next
            .content
            .chunks_mut(width)
            .zip(self.shown.content.chunks(width));
        for ((next, shown), _) in pairs.zip(&self.copied).filter(|(_, copied)| **copied) {
            next.clone_from_slice(shown);
        }
        crate::screens::widgets::fit_terminal_widths_except(&mut self.next, &self.copied);
        self.unchanged.clear();
        self.unchanged
            .extend(rows.map(|row| self.claims.unchanged(row)));
        if self.check_claims {
            check_unchanged(&self.shown, &self.next, &self.unchanged);
        }
        diff::changes_except(&self.shown, &self.next, &self.unchanged, &mut self.changed);
        let next = &self.next;
        self.backend.draw(self.changed.iter().map(|&i| {
            let (x, y) = next.pos_of(i);
            (x, y, &next.content[i])
        }))?;
        std::mem::swap(&mut self.shown, &mut self.next);
        self.claims.commit();
        self.passed_over = self.unchanged.iter().filter(|same| **same).count();
        Backend::flush(&mut self.backend)?;
        if rings > 0 {
            self.backend.ring(rings);
            self.rung += u32::from(rings);
        }
        self.drawn = Some(key);
        Ok(())
    }

    /// The terminal is `area` now: cleared, and the next frame drawn whole.
    fn resize(&mut self, area: Rect) -> anyhow::Result<()> {
        self.backend.clear_region(ClearType::All)?;
        self.shown = Buffer::empty(area);
        self.next = Buffer::empty(area);
        // Nothing is on screen: no row is as it was.
        self.claims.forget();
        Ok(())
    }

    /// Waits for a wake-up until `next`; [`Wake::Timer`] when none came.
    fn wait(&self, wakes: &Receiver<Wake<D::Command>>, next: WakeAt) -> Wake<D::Command> {
        let margin = if next.precise {
            FINE_WAIT
        } else {
            Duration::ZERO
        };
        match wakes.recv_timeout(self.clock.until(next.at).saturating_sub(margin)) {
            Ok(wake) => return wake,
            // Every sender gone: nothing can wake us again.
            Err(RecvTimeoutError::Disconnected) => return Wake::Stop(Stop::HangUp),
            Err(RecvTimeoutError::Timeout) => {}
        }
        let rest = self.clock.until(next.at);
        if next.precise && !rest.is_zero() {
            std::thread::sleep(rest);
        }
        Wake::Timer
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeDelta};
    use ratatui::text::Line;

    use super::*;
    use crate::screens::widgets::DrawLine as _;

    /// A screen of claimed lines, one a row, and an unclaimed one under
    /// them: what it shows is set by the test.
    struct Lines {
        claimed: Vec<String>,
        unclaimed: Option<(u16, String)>,
    }

    impl Driver for Lines {
        type Command = ();

        fn handle(&mut self, _: Wake<()>, _: Time, _: u64) -> Flow {
            Flow::Continue
        }

        fn frame_key(&self, now: Time) -> FrameKey {
            FrameKey::at(now, Countdown::Ready, false)
        }

        fn draw(&mut self, buf: &mut Buffer, claims: &Claims, _: Time) -> u8 {
            for (y, text) in (0..).zip(&self.claimed) {
                let row = Rect::new(0, y, buf.area.width, 1);
                let line = Line::from(text.as_str());
                if !claims.claim(row, "line", &line) {
                    line.draw(row, buf);
                }
            }
            if let Some((y, text)) = &self.unclaimed {
                Line::from(text.as_str()).draw(Rect::new(0, *y, buf.area.width, 1), buf);
            }
            0
        }

        fn next_wake(&self, now: Time) -> WakeAt {
            WakeAt {
                at: now + TimeDelta::seconds(1),
                precise: false,
            }
        }
    }

    fn shell(lines: &[&str]) -> Shell<TestBackend, ManualClock, Lines> {
        let clock =
            ManualClock::new(DateTime::parse_from_rfc3339("2026-12-03T10:00:00+01:00").unwrap());
        let driver = Lines {
            claimed: lines.iter().map(|l| (*l).to_owned()).collect(),
            unclaimed: None,
        };
        let mut shell = Shell::new(
            TestBackend::new(12, 3),
            Rect::new(0, 0, 12, 3),
            clock,
            driver,
        )
        .unwrap();
        // What the terminal shows is looked at, not the shell's own check;
        // rows are copied from the screen as in the console's build.
        shell.check_claims(false);
        shell
    }

    /// Three seconds go by: rows claimed the same are copied from the
    /// screen from the second on.
    fn seconds(shell: &mut Shell<TestBackend, ManualClock, Lines>) {
        for _ in 0..3 {
            shell.clock().advance(TimeDelta::seconds(1));
            shell.step(Wake::Timer).unwrap();
        }
    }

    fn screen(shell: &Shell<TestBackend, ManualClock, Lines>) -> Vec<String> {
        let buf = shell.backend().buffer();
        buf.content
            .chunks(usize::from(buf.area.width))
            .map(|row| row.iter().map(Cell::symbol).collect())
            .collect()
    }

    #[test]
    fn a_row_on_screen_drawn_shorter_leaves_nothing_of_what_it_held() {
        let mut shell = shell(&["Next: Talk 2", "Opening"]);
        shell.draw(true).unwrap();
        seconds(&mut shell);
        assert_eq!(shell.rows_passed_over(), 2, "both lines");
        shell.driver_mut().claimed[0] = "Next: end".to_owned();
        shell.step(Wake::Disk).unwrap();
        assert_eq!(
            screen(&shell),
            ["Next: end   ", "Opening     ", "            "]
        );
        seconds(&mut shell);
        assert_eq!(
            screen(&shell),
            ["Next: end   ", "Opening     ", "            "]
        );
    }

    #[test]
    fn a_row_on_screen_no_longer_claimed_is_drawn_afresh() {
        let mut shell = shell(&["Next: Talk 2", "Opening"]);
        shell.draw(true).unwrap();
        seconds(&mut shell);
        // The layout moves: the second line is gone, and something
        // unclaimed is drawn where it was.
        let lines = shell.driver_mut();
        lines.claimed.pop();
        lines.unclaimed = Some((1, "0:42".to_owned()));
        shell.step(Wake::Disk).unwrap();
        assert_eq!(
            screen(&shell),
            ["Next: Talk 2", "0:42        ", "            "]
        );
        // And gone altogether: the row is blank.
        shell.driver_mut().unclaimed = None;
        shell.step(Wake::Disk).unwrap();
        assert_eq!(
            screen(&shell),
            ["Next: Talk 2", "            ", "            "]
        );
    }
}
