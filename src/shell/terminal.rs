//! The real terminal around the shell: raw mode and the alternate screen for
//! as long as a [`TerminalGuard`] lives, a thread that reads keys into the
//! shell's channel, and the watchers that turn a signal or a hang-up into a
//! [`Wake::Stop`].
//!
//! The stops are the platform's own: signals and `poll(2)` on Unix; on
//! Windows the console's control events (Ctrl-Break, the window's close
//! button, log-off, shut-down). Either way a stop leaves the run as `q` `y`
//! does: every event is on disk already, and the same command takes it up.

use std::io::{self, BufWriter, Stdout};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::Context as _;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyboardEnhancementFlags,
    PopKeyboardEnhancementFlags, PushKeyboardEnhancementFlags,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::layout::Rect;

use super::tty::Tty;
use super::{Stop, Wake};

/// crossterm on Windows reports every key's release, from the first key on
/// (and each auto-repeat as a new press, never a repeat).
pub const REPORTS_RELEASES: bool = cfg!(windows);

/// Raw mode, the alternate screen and the keyboard protocol for as long as
/// it lives; restored on drop, and by a panic hook on a panic.
pub struct TerminalGuard {
    _private: (),
}

impl TerminalGuard {
    /// Takes over the terminal; the backend to draw on and the screen's size.
    pub fn enter() -> anyhow::Result<(Self, Tty<Screen>, Rect)> {
        let (width, height) = terminal::size().context("cannot read the terminal's size")?;
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            hook(info);
        }));
        terminal::enable_raw_mode().context("cannot open the terminal")?;
        let guard = Self { _private: () };
        let mut stdout = io::stdout();
        execute!(stdout, EnterAlternateScreen).context("cannot open the terminal")?;
        // Key releases and repeats told apart where the terminal can (a held
        // key is then one press); a terminal that does not know the
        // sequence ignores it.
        let flags = KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES
            | KeyboardEnhancementFlags::REPORT_EVENT_TYPES;
        let _ = execute!(stdout, PushKeyboardEnhancementFlags(flags));
        // A paste comes as one text, never as keys (the speakers' list takes
        // it; everywhere else it is dropped). Windows's console reports no
        // paste: there a paste is typed keys (see console/app/paste.rs).
        let _ = execute!(stdout, EnableBracketedPaste);
        Ok((
            guard,
            Tty::new(BufWriter::with_capacity(FRAME_BYTES, stdout)),
            Rect::new(0, 0, width, height),
        ))
    }
}

/// The terminal as the frames reach it: buffered whole, so that a frame is
/// one write (stdout alone is line-buffered in 1 KiB, a few writes for a
/// frame whose countdown changes), flushed by the shell after each frame.
pub type Screen = BufWriter<Stdout>;

/// Room for a whole frame's changes: a full redraw of a large terminal in
/// colour is a few tens of KiB; more is written in parts, as before.
const FRAME_BYTES: usize = 64 * 1024;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as it was; harmless when it already is.
fn restore() {
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    let _ = execute!(io::stdout(), PopKeyboardEnhancementFlags);
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

/// A thread that blocks on the terminal and passes each key and resize on.
pub fn read_keys<C: Send + 'static>(tx: Sender<Wake<C>>) {
    std::thread::spawn(move || {
        loop {
            let wake = match event::read() {
                Ok(Event::Key(key)) => Wake::Key(key),
                Ok(Event::Resize(width, height)) => Wake::Resize(width, height),
                Ok(Event::Paste(text)) => Wake::Paste(text),
                Ok(_) => continue,
                Err(_) => Wake::Stop(Stop::HangUp),
            };
            let gone = matches!(wake, Wake::Stop(_));
            if tx.send(wake).is_err() || gone {
                return;
            }
        }
    });
}

/// How long the loop gets to stop by itself and restore the terminal after
/// a signal, before the process exits anyway (the journal is synced).
const GRACE: Duration = Duration::from_secs(2);
/// After a hang-up there is no terminal left to restore: go at once.
#[cfg_attr(not(unix), allow(dead_code))]
const HANGUP_GRACE: Duration = Duration::from_millis(100);

/// Turns the platform's requests to stop into a [`Wake::Stop`]; if the loop
/// has not ended within a grace time, the terminal is restored and the
/// process exits with `128 + signal`.
///
/// Unix: SIGTERM, SIGHUP (closed window, dropped SSH), SIGINT and SIGQUIT,
/// and a terminal that hangs up without a signal reaching us. Windows: the
/// console's control events, taken as SIGBREAK (21), Windows's number for
/// Ctrl-Break. A closed window gives a process only a few seconds (and ends
/// it when the handler returns), which is why nothing waits for a stop:
/// each event was synced when it was shown.
pub fn watch_signals<C: Send + 'static>(tx: &Sender<Wake<C>>) -> anyhow::Result<()> {
    platform::watch_signals(tx)
}

#[cfg(unix)]
mod platform {
    use std::io::{self, IsTerminal as _};
    use std::os::fd::AsFd as _;
    use std::sync::mpsc::Sender;

    use anyhow::Context as _;
    use rustix::event::{PollFd, PollFlags, poll};

    use super::{GRACE, HANGUP_GRACE, Hangup, exit_after, hangup_seen};
    use crate::shell::{Stop, Wake};

    /// A hang-up is watched for directly, with `poll(2)` on the terminal:
    /// when the terminal closes without a SIGHUP reaching us (the console
    /// started under `setsid`), crossterm's reader spins on end of file and
    /// never returns, so it cannot be the one to notice.
    pub fn watch_signals<C: Send + 'static>(tx: &Sender<Wake<C>>) -> anyhow::Result<()> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])
            .context("cannot watch for termination signals")?;
        let signalled = tx.clone();
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _ = signalled.send(Wake::Stop(Stop::Signal(signal)));
                let grace = if signal == SIGHUP {
                    HANGUP_GRACE
                } else {
                    GRACE
                };
                exit_after(grace, 128 + signal);
            }
        });
        if io::stdout().is_terminal() {
            let hung_up = tx.clone();
            std::thread::spawn(move || {
                if wait_for_hangup() {
                    let _ = hung_up.send(Wake::Stop(Stop::HangUp));
                    exit_after(HANGUP_GRACE, 128 + SIGHUP);
                }
            });
        }
        Ok(())
    }

    /// Blocks until the terminal on stdout hangs up; false if it cannot tell.
    fn wait_for_hangup() -> bool {
        let stdout = io::stdout();
        let fd = stdout.as_fd();
        loop {
            // No events asked for: poll returns only on a hang-up or an error.
            let mut fds = [PollFd::new(&fd, PollFlags::empty())];
            match poll(&mut fds, None) {
                Ok(_) => {
                    let got = fds[0].revents();
                    let seen = hangup_seen(Hangup {
                        hup: got.intersects(PollFlags::HUP | PollFlags::ERR),
                        nval: got.contains(PollFlags::NVAL),
                    });
                    if let Some(hung_up) = seen {
                        return hung_up;
                    }
                }
                Err(rustix::io::Errno::INTR) => {}
                Err(_) => return false,
            }
        }
    }
}

#[cfg(windows)]
mod platform {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc::Sender;

    use anyhow::Context as _;

    use super::{GRACE, exit_after};
    use crate::shell::{Stop, Wake};

    /// Windows's number for Ctrl-Break (`SIGBREAK` in its C runtime).
    const SIGBREAK: i32 = 21;

    /// Ctrl-C itself arrives as a key: raw mode turns off the console's
    /// processed input. Ctrl-Break, closing the window, log-off and
    /// shut-down arrive here.
    pub fn watch_signals<C: Send + 'static>(tx: &Sender<Wake<C>>) -> anyhow::Result<()> {
        let tx = std::sync::Mutex::new(tx.clone());
        let once = AtomicBool::new(false);
        ctrlc::set_handler(move || {
            if once.swap(true, Ordering::SeqCst) {
                return;
            }
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(Wake::Stop(Stop::Signal(SIGBREAK)));
            }
            std::thread::spawn(|| exit_after(GRACE, 128 + SIGBREAK));
        })
        .context("cannot watch for the console window closing")
    }
}

/// What `poll(2)` said about the terminal.
#[cfg_attr(not(unix), allow(dead_code))]
#[derive(Debug, Clone, Copy)]
struct Hangup {
    /// `POLLHUP` or `POLLERR`: the terminal is gone.
    hup: bool,
    /// `POLLNVAL`: macOS's `poll` answers it for every terminal (it cannot
    /// poll devices), so it says nothing about a hang-up.
    nval: bool,
}

/// Whether the terminal hung up (`Some(true)`), cannot be watched
/// (`Some(false)`: stop watching), or neither yet (`None`).
#[cfg_attr(not(unix), allow(dead_code))]
fn hangup_seen(got: Hangup) -> Option<bool> {
    if got.hup {
        Some(true)
    } else if got.nval {
        Some(false)
    } else {
        None
    }
}

/// The safety net behind a stop: if the loop is stuck, restore the terminal
/// and exit after `grace`.
fn exit_after(grace: Duration, code: i32) {
    std::thread::sleep(grace);
    restore();
    std::process::exit(code);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_that_hangs_up_stops_the_console() {
        let hup = Hangup {
            hup: true,
            nval: false,
        };
        assert_eq!(hangup_seen(hup), Some(true));
    }

    #[test]
    fn macos_poll_answering_nval_on_a_terminal_does_not_end_the_console() {
        // macOS's poll(2) sets POLLNVAL on a tty at once: taking it for a
        // hang-up closed the console the moment it opened.
        let nval = Hangup {
            hup: false,
            nval: true,
        };
        assert_eq!(hangup_seen(nval), Some(false), "cannot tell, not hung up");
        let nothing = Hangup {
            hup: false,
            nval: false,
        };
        assert_eq!(hangup_seen(nothing), None);
    }
}
