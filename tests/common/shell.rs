//! The `timekeeper` binary in a pseudo-terminal as [`Pty::spawn`] starts
//! it, but through `sh`, for what must be set up before it starts: a file
//! size limit that makes every write to a file fail as a full disk does.

use std::path::Path;

use super::pty::Pty;

impl Pty {
    /// Starts `timekeeper ARGS` in `dir` after the shell commands `setup`
    /// (run by `sh -c`, then `exec` of the binary).
    pub fn spawn_after(dir: &Path, setup: &str, args: &[&str], size: (u16, u16)) -> Self {
        let script = format!("{setup}; exec \"$0\" \"$@\"");
        Self::spawn_with(dir, dir, &["sh", "-c", &script], args, size)
    }
}
