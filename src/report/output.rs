//! Writing a report out: to stdout, or to a file that is never overwritten
//! without `--force` and never seen half-written.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

pub(super) fn refuse_to_overwrite(path: &Path, force: bool) -> anyhow::Result<()> {
    if !force && fs::symlink_metadata(path).is_ok() {
        anyhow::bail!(
            "{} already exists; give --force to overwrite it",
            path.display()
        );
    }
    Ok(())
}

/// Writes the rendered report to stdout or to `output`. Errors keep their
/// `io::Error` in the chain, so a closed pipe is recognised as no error.
pub(super) fn emit(bytes: &[u8], output: Option<&Path>, force: bool) -> anyhow::Result<()> {
    let Some(path) = output else {
        let mut out = io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|()| out.flush())
            .context("cannot write the report to standard output");
    };
    let shown = path.display();
    if force {
        write_replacing(path, bytes).with_context(|| format!("cannot write {shown}"))
    } else {
        write_new(path, bytes).map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                anyhow::anyhow!("{shown} already exists; give --force to overwrite it")
            } else {
                anyhow::Error::new(e).context(format!("cannot write {shown}"))
            }
        })
    }
}

/// Creates `path`, failing if anything is there already (even if it
/// appeared since it was checked); a half-written file is removed.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if written.is_err() {
        drop(file);
        let _ = fs::remove_file(path);
    }
    written
}

/// Replaces `path` whole: the text goes to a new file beside it, which is
/// then renamed over it, so a reader never sees half a report.
fn write_replacing(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    let mut n = 0u32;
    let (temp, mut file) = loop {
        let candidate = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(file) => break (candidate, file),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    };
    let result = write_and_sync(&mut file, bytes).and_then(|()| {
        drop(file);
        fs::rename(&temp, path)
    });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn write_and_sync(file: &mut File, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
}
