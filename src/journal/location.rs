//! Where runs are kept: a folder that does not depend on where the command
//! was typed, so the same command typed in any terminal finds the run a
//! crash interrupted.
//!
//! `--runs-dir` wins, then `TIMEKEEPER_RUNS_DIR`, then the user's state
//! directory (`$XDG_STATE_HOME/timekeeper/runs`, by default
//! `~/.local/state/timekeeper/runs`). macOS and Windows have no state
//! directory: there it is the local data directory,
//! `~/Library/Application Support/timekeeper/runs` and
//! `%LOCALAPPDATA%\timekeeper\data\runs`. Earlier versions kept runs in `./runs`
//! of the folder the command was typed in: such a folder is still looked at
//! for a run to take up.

use std::path::{Path, PathBuf};

/// The environment variable that moves the runs dir.
pub const RUNS_DIR_VAR: &str = "TIMEKEEPER_RUNS_DIR";

/// Where earlier versions kept runs, relative to the working folder.
pub const LEGACY_RUNS_DIR: &str = "runs";

/// Where runs go and how that was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunsDir {
    pub path: PathBuf,
    /// Chosen by `--runs-dir` or the environment, not by default.
    pub chosen: bool,
}

/// The runs dir for this invocation: `given` (from `--runs-dir`), else the
/// environment's, else the default.
pub fn runs_dir(given: Option<&Path>) -> RunsDir {
    if let Some(path) = given {
        return RunsDir {
            path: path.to_owned(),
            chosen: true,
        };
    }
    if let Some(path) = std::env::var_os(RUNS_DIR_VAR).filter(|v| !v.is_empty()) {
        return RunsDir {
            path: PathBuf::from(path),
            chosen: true,
        };
    }
    RunsDir {
        path: default_runs_dir(),
        chosen: false,
    }
}

/// The user's state directory for timekeeper's runs.
pub fn default_runs_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "timekeeper").map_or_else(
        // No home at all (a bare service account): the working folder, as
        // earlier versions did.
        || PathBuf::from(LEGACY_RUNS_DIR),
        |dirs| {
            dirs.state_dir()
                .unwrap_or_else(|| dirs.data_local_dir())
                .join("runs")
        },
    )
}

/// The `./runs` of an earlier version, when it exists and is not the runs
/// dir already.
pub fn legacy_runs_dir(current: &Path) -> Option<PathBuf> {
    let legacy = PathBuf::from(LEGACY_RUNS_DIR);
    let is_dir = std::fs::metadata(&legacy).is_ok_and(|m| m.is_dir());
    let same = match (
        std::fs::canonicalize(&legacy),
        std::fs::canonicalize(current),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    (is_dir && !same).then_some(legacy)
}

/// A path as the user would type it: `~/…` under the home folder where the
/// shell knows `~` and paths are written with `/`; on Windows (cmd.exe has
/// no `~`) the whole path, with its backslashes.
pub fn shown(path: &Path) -> String {
    let home = directories::BaseDirs::new()
        .filter(|_| std::path::MAIN_SEPARATOR == '/')
        .map(|b| b.home_dir().to_owned());
    let text = match home.as_deref().and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) if !rest.as_os_str().is_empty() => format!("~/{}", rest.display()),
        _ => path.display().to_string(),
    };
    crate::text::sanitize(&text)
}
