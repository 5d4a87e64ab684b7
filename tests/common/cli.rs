//! The `timekeeper` binary run as a user runs it from a shell: arguments in,
//! exit status and output back, with a check that nothing panicked.

use std::path::Path;
use std::process::{Command, Stdio};

/// The binary cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_timekeeper");

/// What one invocation did.
#[derive(Debug)]
pub struct Outcome {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub raw_stdout: Vec<u8>,
    pub raw_stderr: Vec<u8>,
}

/// A `timekeeper` command with the test environment: backtraces off (so a
/// panic shows its `RUST_BACKTRACE` hint), run from the crate root.
pub fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .env_remove("TIMEKEEPER_RUNS_DIR")
        .stdin(Stdio::null())
        .args(args);
    cmd
}

/// Runs `timekeeper ARGS...` from the crate root.
pub fn timekeeper(args: &[&str]) -> Outcome {
    run(command(args), args)
}

/// Runs `timekeeper ARGS...` in `dir`.
pub fn timekeeper_in(dir: &Path, args: &[&str]) -> Outcome {
    let mut cmd = command(args);
    cmd.current_dir(dir);
    run(cmd, args)
}

/// Windows' `ERROR_INTERNAL_ERROR`, which Wine's `CreateProcess` returned
/// once in CI while many tests were starting processes at once. It says
/// nothing of the binary, which never started.
const WINE_SPAWN_HICCUP: i32 = 1359;

/// Starts `cmd`, trying again (up to five times in all) only when the
/// process could not be created for [`WINE_SPAWN_HICCUP`]; any other error,
/// and every error off Windows, is returned at once.
pub fn spawn(cmd: &mut Command) -> std::io::Result<std::process::Child> {
    let mut tries = 1;
    loop {
        match cmd.spawn() {
            Err(e) if cfg!(windows) && e.raw_os_error() == Some(WINE_SPAWN_HICCUP) && tries < 5 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            started => return started,
        }
    }
}

/// [`Command::output`] through [`spawn`]: stdout and stderr piped, stdin as
/// the command says.
pub fn output(cmd: &mut Command) -> std::io::Result<std::process::Output> {
    spawn(cmd.stdout(Stdio::piped()).stderr(Stdio::piped()))?.wait_with_output()
}

/// Runs a prepared command and checks that it did not panic.
pub fn run(mut cmd: Command, args: &[&str]) -> Outcome {
    let output = output(&mut cmd).expect("the timekeeper binary runs");
    let outcome = Outcome {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        raw_stdout: output.stdout,
        raw_stderr: output.stderr,
    };
    assert!(
        !outcome.stderr.contains("panicked") && !outcome.stderr.contains("RUST_BACKTRACE"),
        "`timekeeper {}` panicked:\n{}",
        args.join(" "),
        outcome.stderr
    );
    outcome
}

/// Runs `timekeeper ARGS...` in `dir` as [`timekeeper_in`] does, but kills
/// it if it has not finished within `limit`: for what used to block or run
/// for ever. `None` when it had to be killed.
pub fn timekeeper_within(dir: &Path, args: &[&str], limit: std::time::Duration) -> Option<Outcome> {
    use std::io::Read as _;
    use std::time::Instant;
    let mut cmd = command(args);
    cmd.current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = spawn(&mut cmd).expect("the timekeeper binary runs");
    // Drained while it runs, so a full pipe cannot hold it up.
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("piped")));
    let err = drain(Box::new(child.stderr.take().expect("piped")));
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let raw_stdout = out.join().expect("the reader does not panic");
    let raw_stderr = err.join().expect("the reader does not panic");
    let status = status?;
    let outcome = Outcome {
        code: status.code(),
        stdout: String::from_utf8_lossy(&raw_stdout).into_owned(),
        stderr: String::from_utf8_lossy(&raw_stderr).into_owned(),
        raw_stdout,
        raw_stderr,
    };
    assert!(
        !outcome.stderr.contains("panicked") && !outcome.stderr.contains("RUST_BACKTRACE"),
        "`timekeeper {}` panicked:\n{}",
        args.join(" "),
        outcome.stderr
    );
    Some(outcome)
}
