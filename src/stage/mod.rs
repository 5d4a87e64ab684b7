//! `timekeeper stage`: the speaker-facing view on a second screen, following
//! the run a console is recording. It only ever reads.

mod follow;

use std::path::PathBuf;
use std::sync::mpsc;

pub use self::follow::Follower;
use crate::journal::{Journal, location};
use crate::plan::Plan;
use crate::screens::theme::{Palette, no_color};
use crate::shell::terminal::{self, TerminalGuard};
use crate::shell::{Clock as _, Ended, Shell, Stop, SystemClock};

/// What `timekeeper stage` was asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The journal to follow; the newest unfinished one when `None`.
    pub journal: Option<PathBuf>,
    /// Where runs are kept; the default place when `None`.
    pub runs_dir: Option<PathBuf>,
    /// Follow only runs of this plan.
    pub plan: Option<PathBuf>,
}

/// `timekeeper stage [JOURNAL] [--runs-dir DIR]`; the exit status.
pub fn run(options: &Options) -> anyhow::Result<u8> {
    if let Some(path) = &options.journal {
        // Refuse a wrong path at once, before taking over the screen.
        Journal::read(path)?;
    }
    let runs_dir = location::runs_dir(options.runs_dir.as_deref()).path;
    // The plan's name is what its journals are known by.
    let plan = match &options.plan {
        Some(path) => Some(Plan::load(path)?.name),
        None => None,
    };
    let (tx, rx) = mpsc::channel();
    terminal::watch_signals(&tx)?;
    let clock = SystemClock::new();
    let palette = Palette {
        monochrome: no_color(),
    };
    let follower = Follower::new(
        options.journal.clone(),
        &runs_dir,
        plan,
        tx.clone(),
        palette,
        clock.now(),
    );
    let (_guard, backend, size) = TerminalGuard::enter()?;
    terminal::read_keys(tx);
    let mut shell = Shell::new(backend, size, clock, follower)?;
    Ok(match shell.run(&rx)? {
        Ended::Quit => 0,
        Ended::Stopped(Stop::Signal(signal)) => 128 + u8::try_from(signal).unwrap_or(0),
        Ended::Stopped(Stop::HangUp) => 129,
    })
}
