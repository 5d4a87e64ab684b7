//! A real pseudo-terminal for end-to-end tests: the `timekeeper` binary
//! started in one, its output parsed by a vt100 emulator, keys typed the way
//! a timekeeper types them. Tests wait for what the screen shows (with a
//! generous timeout, failing with the last screen) instead of sleeping.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

pub const BIN: &str = env!("CARGO_BIN_EXE_timekeeper");

/// How long to wait for something to appear before failing. Generous: the
/// machine running the tests may be busy.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How often the parsed screen is looked at while waiting.
pub const POLL: Duration = Duration::from_millis(10);
/// The console drops the same run key pressed again within 400 ms.
pub const KEY_GAP: Duration = Duration::from_millis(500);

pub const FULL: (u16, u16) = (24, 80);

// ---------------------------------------------------------------------------
// The harness

/// What the reader thread collects from the terminal.
pub struct Output {
    pub parser: vt100::Parser,
    pub raw: Vec<u8>,
    /// The reader saw end of file (every process on the terminal is gone).
    pub closed: bool,
}

/// One process in its own pseudo-terminal.
pub struct Pty {
    pub what: String,
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    pub writer: Box<dyn Write + Send>,
    pub output: Arc<Mutex<Output>>,
    pub reader: Option<JoinHandle<()>>,
    pub last_key: Option<Instant>,
    pub status: Option<ExitStatus>,
}

impl Pty {
    /// Starts `timekeeper ARGS` in `dir`, on a terminal of `size`
    /// (rows, columns).
    pub fn spawn(dir: &Path, args: &[&str], size: (u16, u16)) -> Self {
        let (rows, cols) = size;
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal opens");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        for var in [
            "NO_COLOR",
            "RUST_BACKTRACE",
            "RUST_LIB_BACKTRACE",
            "COLUMNS",
            "LINES",
        ] {
            cmd.env_remove(var);
        }
        let child = pair.slave.spawn_command(cmd).expect("timekeeper starts");
        // Only the child holds the terminal's slave side: when it dies, the
        // reader sees the end.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("a pty reader");
        let writer = pair.master.take_writer().expect("a pty writer");
        let output = Arc::new(Mutex::new(Output {
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
            closed: false,
        }));
        let shared = Arc::clone(&output);
        let reader = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut out = shared
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        out.parser.process(&buf[..n]);
                        out.raw.extend_from_slice(&buf[..n]);
                    }
                }
            }
            shared
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .closed = true;
        });
        Self {
            what: format!("timekeeper {}", args.join(" ")),
            child,
            master: pair.master,
            writer,
            output,
            reader: Some(reader),
            last_key: None,
            status: None,
        }
    }

    pub fn output(&self) -> MutexGuard<'_, Output> {
        self.output
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The screen as text, one line a row.
    pub fn text(&self) -> String {
        self.output().parser.screen().contents()
    }

    /// Everything the process wrote, as text (escape sequences included).
    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&self.output().raw).into_owned()
    }

    /// Waits until `ready` holds for the parsed screen; the screen text when
    /// it does, or an error with the last screen.
    pub fn wait_screen<T>(
        &self,
        what: &str,
        timeout: Duration,
        ready: impl Fn(&vt100::Screen) -> Option<T>,
    ) -> Result<T, String> {
        let deadline = Instant::now() + timeout;
        loop {
            {
                let out = self.output();
                if let Some(found) = ready(out.parser.screen()) {
                    return Ok(found);
                }
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "{}: no {what} within {timeout:?}; the screen was:\n{}",
                    self.what,
                    frame(&self.text())
                ));
            }
            thread::sleep(POLL);
        }
    }

    /// Waits until the screen text satisfies `ready`; the text when it does.
    pub fn wait_for(
        &self,
        what: &str,
        timeout: Duration,
        ready: impl Fn(&str) -> bool,
    ) -> Result<String, String> {
        self.wait_screen(what, timeout, |screen| {
            let text = screen.contents();
            ready(&text).then_some(text)
        })
    }

    /// Waits (up to [`TIMEOUT`]) for the screen text to satisfy `ready`, and
    /// fails the test with the last screen if it never does.
    pub fn expect(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        self.wait_for(what, TIMEOUT, ready)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Waits for `needle` on screen.
    pub fn expect_text(&self, needle: &str) -> String {
        self.expect(&format!("{needle:?}"), |t| t.contains(needle))
    }

    /// Types `keys` at once.
    pub fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .and_then(|()| self.writer.flush())
            .expect("the terminal takes keys");
    }

    /// Presses one key, at least [`KEY_GAP`] after the previous one.
    pub fn press(&mut self, key: &str) {
        if let Some(wait) = self
            .last_key
            .and_then(|last| KEY_GAP.checked_sub(last.elapsed()))
        {
            thread::sleep(wait);
        }
        self.send(key);
        self.last_key = Some(Instant::now());
    }

    /// Resizes the terminal (rows, columns), as a window manager would.
    pub fn resize(&self, (rows, cols): (u16, u16)) {
        // The emulator first, so that the redraw the resize causes lands on
        // a screen of the new size.
        self.output().parser.screen_mut().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("the terminal resizes");
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child has a pid")
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        if self.status.is_some() {
            return false;
        }
        match self.child.try_wait().expect("the child can be waited for") {
            Some(status) => {
                self.status = Some(status);
                false
            }
            None => true,
        }
    }

    /// Waits for the process to exit, then for the last of its output.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        while self.alive() {
            assert!(
                Instant::now() < deadline,
                "{} did not exit within {timeout:?}; the screen was:\n{}",
                self.what,
                frame(&self.text())
            );
            thread::sleep(POLL);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while !self.output().closed && Instant::now() < deadline {
            thread::sleep(POLL);
        }
        if let Some(reader) = self.reader.take()
            && reader.is_finished()
        {
            reader.join().expect("the reader thread does not panic");
        }
        self.status.clone().expect("exited")
    }

    /// `kill -9`: the process dies at once, with no chance to clean up.
    pub fn kill_hard(&mut self) {
        let pid = self.pid().to_string();
        let killed = Command::new("kill")
            .args(["-9", &pid])
            .status()
            .expect("`kill` runs");
        assert!(killed.success(), "kill -9 {pid} failed");
        let status = self.wait_exit(TIMEOUT);
        assert!(
            status.signal().is_some(),
            "{} should have died of SIGKILL, but exited with {status:?}",
            self.what
        );
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // No panics here: this may run while a failed test unwinds.
        if self.status.is_none() && !matches!(self.child.try_wait(), Ok(Some(_))) {
            // SIGHUP first (a closed window), then SIGKILL after a grace time.
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A screen dump framed so that blank rows and trailing blanks show.
pub fn frame(text: &str) -> String {
    let mut out = String::from("+--\n");
    for line in text.lines() {
        out.push('|');
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("+--");
    out
}

// ---------------------------------------------------------------------------
// Reading the screen

/// `m:ss` (or `h:mm:ss`) in seconds.
pub fn seconds(text: &str) -> Option<i64> {
    let mut total = 0;
    let mut parts = 0;
    for part in text.split(':') {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        total = total * 60 + part.parse::<i64>().ok()?;
        parts += 1;
    }
    (parts >= 2).then_some(total)
}

/// The segment's progress caption, `[███░░░] 0:05 of 0:40`, as (elapsed,
/// allowed) in seconds.
pub fn progress(text: &str) -> Option<(i64, i64)> {
    text.lines().find_map(|line| {
        let (before, after) = line.split_once(" of ")?;
        let elapsed = seconds(before.rsplit([' ', ']']).next()?)?;
        let allowed = seconds(after.split(' ').next()?)?;
        Some((elapsed, allowed))
    })
}

/// Where `needle` starts on screen (row, column), looked up cell by cell.
pub fn find_cells(screen: &vt100::Screen, needle: &str) -> Option<(u16, u16)> {
    let (rows, cols) = screen.size();
    let want: Vec<&str> = needle
        .char_indices()
        .map(|(i, c)| &needle[i..i + c.len_utf8()])
        .collect();
    for row in 0..rows {
        let cells: Vec<&str> = (0..cols)
            .map(|col| screen.cell(row, col).map_or("", vt100::Cell::contents))
            .collect();
        if let Some(col) = cells.windows(want.len()).position(|w| w == want.as_slice()) {
            return Some((row, col as u16));
        }
    }
    None
}

/// The colour and inversion of the state badge that reads `word`.
pub fn badge(screen: &vt100::Screen, word: &str) -> Option<(vt100::Color, bool)> {
    let (row, col) = find_cells(screen, word)?;
    let cell = screen.cell(row, col)?;
    Some((cell.fgcolor(), cell.inverse()))
}

/// The journals in a runs dir, oldest name first.
pub fn journals(runs: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(runs)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// The one journal in a runs dir.
pub fn only_journal(runs: &Path) -> PathBuf {
    let found = journals(runs);
    assert_eq!(
        found.len(),
        1,
        "one journal in {}: {found:?}",
        runs.display()
    );
    found.into_iter().next().expect("one")
}

/// The last line of a journal, parsed.
pub fn last_event(journal: &Path) -> serde_json::Value {
    let text = fs::read_to_string(journal).expect("the journal reads");
    let last = text.lines().last().expect("the journal has lines");
    serde_json::from_str(last).unwrap_or_else(|e| panic!("{last:?} is not JSON: {e}"))
}

pub fn write_plan(dir: &Path, file: &str, text: &str) {
    fs::write(dir.join(file), text).expect("the plan is written");
}

/// A plan whose segments reach AMBER after 3 s, RED after 6 s and OVER
/// after 9 s: each state stays on screen for 3 s, so a busy machine cannot
/// make the test miss one.
pub const QUICK: &str = r#"
title = "E2E Quick Session"

[warnings]
amber = "6s"
red   = "3s"

[[segments]]
title    = "Opening words"
speaker  = "Ada Lovelace"
duration = "9s"

[[segments]]
title    = "Second talk"
speaker  = "Grace Hopper"
duration = "9s"
"#;

/// Ends the session and quits: `q`, the question, `e`; the exit status.
pub fn quit_run(console: &mut Pty) -> ExitStatus {
    console.press("q");
    console.expect_text("Close the console?");
    console.press("e");
    console.wait_exit(TIMEOUT)
}

/// Closes the console and leaves the session timed: `q`, the question,
/// `y`; the exit status.
pub fn close_console(console: &mut Pty) -> ExitStatus {
    console.press("q");
    console.expect_text("Close the console?");
    console.press("y");
    console.wait_exit(TIMEOUT)
}

/// Writes `plan` as `file` in `dir`, opens a console on it and starts the
/// session; returns the console and the command's arguments (to run it again).
pub fn started(dir: &Path, file: &str, plan: &str) -> (Pty, [String; 4]) {
    write_plan(dir, file, plan);
    let args = ["run", file, "--runs-dir", "runs"].map(str::to_owned);
    let mut console = Pty::spawn(dir, &args.each_ref().map(String::as_str), FULL);
    console.expect_text("READY");
    console.press(" ");
    console.expect_text("ON TIME");
    (console, args)
}

/// Sends `signal` (a `kill` option such as `-TERM`) to the console.
pub fn signal(console: &Pty, signal: &str) {
    let sent = std::process::Command::new("kill")
        .args([signal, &console.pid().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "kill {signal} failed");
}
