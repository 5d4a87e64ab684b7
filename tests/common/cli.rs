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

/// Runs a prepared command and checks that it did not panic.
pub fn run(mut cmd: Command, args: &[&str]) -> Outcome {
    let output = cmd.output().expect("the timekeeper binary runs");
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
