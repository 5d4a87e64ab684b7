//! The live console: setting up a run (fresh or resumed), the terminal, and
//! the one impure loop that ties keys, the clock, the journal and the screen
//! together. `timekeeper stage`, which only follows a run, is in [`follow`].
//!
//! Everything the loop decides is delegated: keys become intents
//! ([`keys`]), intents become effects ([`app`]), the screen is a pure
//! function of the app and the instant ([`view`]). The loop only waits,
//! reads the clock, writes the journal and draws.

pub mod app;
pub mod clock;
pub mod follow;
pub mod keys;
pub mod stage;
pub mod view;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, Event as TermEvent, KeyboardEnhancementFlags, PopKeyboardEnhancementFlags,
    PushKeyboardEnhancementFlags,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{self, EnterAlternateScreen};
use ratatui::layout::Rect;
use ratatui::{TerminalOptions, Viewport};

use self::app::{App, Effect};
use self::clock::Clock;
use self::keys::RepeatGuard;
use crate::journal::{self, Found, Journal, Recorder};
use crate::plan::Plan;
use crate::run::{Action, Countdown, Event, Mode, Run};
use crate::time::floor_second;

/// How often a journal the disk refused is tried again.
const RETRY_EVERY: Duration = Duration::from_secs(5);

/// What `timekeeper run` was asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The plan file; the built-in plenary when `None`.
    pub plan: Option<PathBuf>,
    pub rehearsal: bool,
    /// Start a fresh run even if an unfinished one of this plan exists.
    pub new: bool,
    /// Reopen this journal's run.
    pub resume: Option<PathBuf>,
    pub runs_dir: PathBuf,
    pub bell: bool,
}

/// Whether `NO_COLOR` asks for a monochrome screen.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Where a run comes from: a plan to start fresh, or a journal to go on with.
struct Setup {
    app: App,
    recorder: Option<Recorder>,
    plan_path: String,
    /// Said once the console is up.
    notices: Vec<String>,
    /// A journal was reopened: its `reopened` event is written once the
    /// console is up, so a start that fails leaves the journal as it was.
    reopened: bool,
    /// An unfinished run too old to take up, said again on exit.
    left_alone: Option<std::path::PathBuf>,
}

fn prepare(args: &Options, now: crate::run::Time) -> anyhow::Result<Setup> {
    let mode = if args.rehearsal {
        Mode::Rehearsal
    } else {
        Mode::Live
    };
    let (plan, plan_path) = match &args.plan {
        Some(path) => (Plan::load(path)?, path.display().to_string()),
        None => (Plan::builtin(), "<built-in>".to_owned()),
    };
    let mut notices = Vec::new();
    let mut left_alone = None;
    let journal = match &args.resume {
        Some(path) => {
            let journal = Journal::read(path)?;
            if journal.is_finished() {
                anyhow::bail!(
                    "the run in {} has ended and cannot be resumed; see it with `timekeeper report {}`",
                    path.display(),
                    path.display()
                );
            }
            Some(journal)
        }
        None if args.new => None,
        None => match journal::resumable(&args.runs_dir, &plan.name, mode, now) {
            Found::Resume(journal) => Some(*journal),
            Found::Stale(journal) => {
                notices.push(format!(
                    "older unfinished run left alone: --resume {}",
                    journal.path.display()
                ));
                left_alone = Some(journal.path);
                None
            }
            Found::Unreadable(why) => anyhow::bail!(
                "the latest run of this plan cannot be taken up: {why}; start a fresh run with --new, or pick one with --resume JOURNAL"
            ),
            Found::Nothing => None,
        },
    };
    let Some(journal) = journal else {
        return Ok(Setup {
            app: App::new(Run::new(plan, mode)),
            recorder: None,
            plan_path,
            notices,
            reopened: false,
            left_alone,
        });
    };
    let recorder = Recorder::reopen(&journal)?;
    if let Some(warning) = &journal.warning {
        notices.push(warning.clone());
    }
    if args.plan.is_some() && journal.header.plan != plan {
        notices.push(
            "the plan file changed since this run began: the run keeps its own copy".to_owned(),
        );
    }
    let run = journal.replay();
    // Rounded as the screen rounds it, so the two never disagree.
    let started = run.started.map_or_else(
        || "not yet started".to_owned(),
        |t| format!("started {}", crate::time::rounded(t).format("%H:%M:%S")),
    );
    notices.insert(
        0,
        format!("resumed run {started} ({})", journal.path.display()),
    );
    let mut app = App::new(run);
    app.journal = Some(recorder.path().display().to_string());
    app.not_recording = recorder.problem().map(str::to_owned);
    Ok(Setup {
        app,
        recorder: Some(recorder),
        plan_path: journal.header.plan_path.clone(),
        notices,
        reopened: true,
        left_alone,
    })
}

/// `timekeeper run`: the live console.
pub fn run(args: &Options) -> anyhow::Result<()> {
    let clock = Clock::new();
    let mut setup = prepare(args, clock.now())?;
    setup.app.ui.bell = args.bell;
    setup.app.ui.monochrome = no_color();
    for notice in std::mem::take(&mut setup.notices) {
        setup.app.notify(notice, clock.now());
    }
    // The console's loop wakes at least once a second and looks.
    let stop = watch_signals(|| {})?;
    let outcome = {
        let mut terminal = TerminalGuard::enter()?;
        Runner {
            clock,
            setup: &mut setup,
            runs_dir: &args.runs_dir,
            stop: &stop,
        }
        .run(&mut terminal.terminal)
    };
    if let Some(path) = &setup.left_alone {
        let _ = writeln!(
            io::stdout(),
            "An older unfinished run of this plan was left alone; to go on with it: timekeeper run --resume {}",
            shell_quoted(&path.display().to_string())
        );
    }
    let Some(recorder) = &setup.recorder else {
        return outcome;
    };
    let path = recorder.path().display().to_string();
    if let Some(problem) = recorder.problem() {
        let error = if recorder.is_on_disk() {
            anyhow::anyhow!(
                "the last events of this run were not saved ({problem}); {path} holds what reached the disk before"
            )
        } else {
            anyhow::anyhow!(
                "nothing of this run was saved: {path} could not be written ({problem})"
            )
        };
        return outcome.and(Err(error));
    }
    let mut out = io::stdout().lock();
    if setup.app.run.is_closed() {
        let _ = writeln!(out, "Run saved in {path}");
    } else {
        let _ = writeln!(
            out,
            "Run saved in {path} (unfinished: run the same command again to go on with it)"
        );
    }
    let _ = writeln!(out, "Report: timekeeper report {}", shell_quoted(&path));
    outcome
}

/// How often the terminal is checked for a hang-up that came without SIGHUP.
const HANGUP_CHECK: Duration = Duration::from_secs(5);

/// A path as a shell command line needs it, to be pasted as it is.
fn shell_quoted(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_./-+:=@%,".contains(c));
    if plain && !text.is_empty() {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// SIGTERM, SIGHUP (closed window, dropped SSH), SIGINT and SIGQUIT end the
/// loop cleanly; the run stays resumable. If the loop cannot get to it
/// within two seconds (at once after a hang-up), the terminal is restored and
/// the process exits anyway: the journal is already synced.
///
/// A terminal can also hang up without a SIGHUP reaching us (the signal
/// ignored, or sent to another process group). crossterm's reader then
/// spins on end-of-file and never returns, so a second thread checks every
/// few seconds that stdout is still a terminal and ends the process if not.
/// `wake` is called when a stop is asked for, for a loop that sleeps on
/// something other than the terminal (the stage's channel).
fn watch_signals(wake: impl Fn() + Send + Sync + 'static) -> anyhow::Result<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let stop = Arc::new(AtomicBool::new(false));
    let wake = Arc::new(wake);
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])
        .context("cannot watch for termination signals")?;
    let (flag, woken) = (Arc::clone(&stop), Arc::clone(&wake));
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // After a hang-up there is no terminal left to restore: go at once.
            let grace = if signal == SIGHUP {
                HANGUP_GRACE
            } else {
                GRACE
            };
            flag.store(true, Ordering::SeqCst);
            woken();
            stop_within(&flag, grace, 128 + signal);
        }
    });
    if io::stdout().is_terminal() {
        let flag = Arc::clone(&stop);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(HANGUP_CHECK);
                if !io::stdout().is_terminal() {
                    flag.store(true, Ordering::SeqCst);
                    wake();
                    stop_within(&flag, HANGUP_GRACE, 128 + SIGHUP);
                }
            }
        });
    }
    Ok(stop)
}

/// How long the loop gets to stop by itself and restore the terminal.
const GRACE: Duration = Duration::from_secs(2);
const HANGUP_GRACE: Duration = Duration::from_millis(100);

/// Asks the loop to stop; if it has not within `grace`, restores the
/// terminal and exits with `code`.
fn stop_within(flag: &AtomicBool, grace: Duration, code: i32) {
    flag.store(true, Ordering::SeqCst);
    std::thread::sleep(grace);
    let _ = execute!(io::stdout(), PopKeyboardEnhancementFlags);
    let _ = ratatui::try_restore();
    std::process::exit(code);
}

/// Raw mode and the alternate screen for as long as it lives; restored on
/// drop, and by ratatui's panic hook on a panic.
struct TerminalGuard {
    terminal: DefaultTerminal,
}

impl TerminalGuard {
    fn enter() -> anyhow::Result<Self> {
        let (width, height) = terminal::size().context("cannot read the terminal's size")?;
        // A fixed viewport, resized on the terminal's resize events: the
        // default one asks the terminal for its size on every frame.
        let options = TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        };
        let mut terminal =
            ratatui::try_init_with_options(options).context("cannot open the terminal")?;
        execute!(io::stdout(), EnterAlternateScreen).context("cannot open the terminal")?;
        // Clears the screen without `Terminal::clear`, which would ask the
        // terminal where its cursor is and wait for the answer.
        terminal.resize(Rect::new(0, 0, width, height))?;
        Ok(Self { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), PopKeyboardEnhancementFlags);
        let _ = ratatui::try_restore();
    }
}

/// What is on screen, so a frame is drawn only when it would differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FrameKey {
    second: i64,
    blink: bool,
}

struct Runner<'a> {
    clock: Clock,
    setup: &'a mut Setup,
    runs_dir: &'a Path,
    stop: &'a AtomicBool,
}

impl Runner<'_> {
    fn run(mut self, terminal: &mut DefaultTerminal) -> anyhow::Result<()> {
        if self.setup.reopened {
            self.record(&Event {
                at: self.clock.now(),
                action: Action::Reopened,
            });
        }
        let mut guard = RepeatGuard::default();
        let mut drawn: Option<FrameKey> = None;
        let mut dirty = true;
        let mut previous = self.setup.app.run.at(self.clock.now());
        let mut last_retry = Instant::now();
        let mut enhanced = false;
        loop {
            if self.stop.load(Ordering::SeqCst) {
                return Ok(());
            }
            let now = self.clock.now();
            let snap = self.setup.app.run.at(now);
            let key = FrameKey {
                second: floor_second(now),
                blink: matches!(snap.countdown, Countdown::Over(_)) && crate::run::blink_on(now),
            };
            if dirty || drawn != Some(key) {
                let rings = crate::run::bells(&previous, &snap);
                if rings > 0 && self.setup.app.ui.bell {
                    ring(terminal, rings);
                }
                let app = &self.setup.app;
                terminal.draw(|frame| {
                    view::draw_snapshot(app, &snap, now, frame.area(), frame.buffer_mut());
                })?;
                drawn = Some(key);
                dirty = false;
                previous = snap;
                if !enhanced {
                    // After the first frame, so startup is not held up. A
                    // terminal that does not know the sequence ignores it.
                    let flags = KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES
                        | KeyboardEnhancementFlags::REPORT_EVENT_TYPES;
                    let _ = execute!(terminal.backend_mut(), PushKeyboardEnhancementFlags(flags));
                    enhanced = true;
                }
            }

            let wake = crate::run::next_change(now, previous.countdown);
            if wait_for_input(&self.clock, wake, true)? {
                match event::read()? {
                    TermEvent::Key(key) => {
                        if self.on_key(key, &mut guard) {
                            return Ok(());
                        }
                        dirty = true;
                    }
                    TermEvent::Resize(width, height) => {
                        terminal.resize(Rect::new(0, 0, width, height))?;
                        dirty = true;
                    }
                    _ => {}
                }
            }
            if let Some(jump) = self.clock.resync() {
                self.on_clock_jump(jump);
                dirty = true;
            }
            if last_retry.elapsed() >= RETRY_EVERY {
                last_retry = Instant::now();
                if let Some(recorder) = self.setup.recorder.as_mut()
                    && recorder.problem().is_some()
                {
                    recorder.retry();
                    self.setup.app.not_recording = recorder.problem().map(str::to_owned);
                    dirty = true;
                }
            }
        }
    }

    /// Handles one key; true when the console should close.
    fn on_key(&mut self, key: event::KeyEvent, guard: &mut RepeatGuard) -> bool {
        let now = self.clock.now();
        let Some(intent) = keys::intent_for(key, self.setup.app.ui.confirm_quit) else {
            return false;
        };
        if !guard.admit(&key, intent, now) {
            return false;
        }
        let mut quit = false;
        for effect in self.setup.app.handle(intent, now) {
            match effect {
                Effect::Record(event) => self.record(&event),
                Effect::Quit => quit = true,
            }
        }
        quit
    }

    /// Journal first, then the screen: what the timekeeper sees has been
    /// synced to disk (or is flagged NOT RECORDING).
    fn record(&mut self, event: &Event) {
        let setup = &mut *self.setup;
        let recorder = setup.recorder.get_or_insert_with(|| {
            Recorder::create(
                self.runs_dir,
                &setup.plan_path,
                &setup.app.run.plan,
                setup.app.run.mode,
                event.at,
            )
        });
        recorder.record(event, Some(self.clock.mono_ms()));
        setup.app.not_recording = recorder.problem().map(str::to_owned);
        setup.app.journal = Some(recorder.path().display().to_string());
        setup.app.commit(event);
    }

    fn on_clock_jump(&mut self, millis: i64) {
        let now = self.clock.now();
        let seconds = millis as f64 / 1000.0;
        self.setup.app.notify(
            format!("clock jumped {seconds:+.0} s at {}", now.format("%H:%M")),
            now,
        );
        if self.setup.recorder.is_some() {
            self.record(&Event {
                at: now,
                action: Action::ClockJump { millis },
            });
        }
    }
}

/// How long before a wake-up the wait switches from the input poll (whole
/// milliseconds, rounded up) to a precise sleep, so the second flips within
/// a fraction of a millisecond of the wall clock's boundary.
const FINE_WAIT: Duration = Duration::from_millis(2);

/// Waits for input until `wake`; true when a terminal event is ready. With
/// `precise`, the last [`FINE_WAIT`] is slept rather than polled, so a
/// display change lands on its boundary (one more wake-up, worth it only
/// when something on screen changes then).
fn wait_for_input(clock: &Clock, wake: crate::run::Time, precise: bool) -> io::Result<bool> {
    let margin = if precise { FINE_WAIT } else { Duration::ZERO };
    if event::poll(clock.until(wake).saturating_sub(margin))? {
        return Ok(true);
    }
    let rest = clock.until(wake);
    if precise && !rest.is_zero() {
        std::thread::sleep(rest);
    }
    Ok(false)
}

fn ring(terminal: &mut DefaultTerminal, times: u8) {
    let backend = terminal.backend_mut();
    for _ in 0..times {
        let _ = backend.write_all(b"\x07");
    }
    let _ = backend.flush();
}
