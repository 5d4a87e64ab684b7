//! Files a user named. Reading one (a plan, a journal, whatever lies in the
//! runs dir) without trusting it to be one: only regular files are read,
//! opening never blocks (a FIFO with no writer, a device), and what is read
//! is bounded (a size limit, and lines read one at a time up to a length).
//! Writing what a command makes (a report, a plan): never over an existing
//! file without `--force`, and never seen half-written.
//!
//! The platform's own file calls live here (and in the journal's recorder
//! and `shell::terminal`), behind `cfg`, so the rest of the crate reads the
//! same on Linux, macOS and Windows: the non-blocking open, what a file that
//! is not a regular one is, a directory's identity, and how a path is quoted
//! for the user's shell.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// Why a path could not be opened for reading.
#[derive(Debug)]
pub enum OpenError {
    Io(io::Error),
    /// It is there, but it is not a regular file: what it is instead
    /// ("a FIFO", "a directory", …).
    NotAFile(&'static str),
}

/// Opens `path` for reading if it is a regular file (a symbolic link is
/// followed to what it names). The open itself never waits (see
/// [`without_waiting`]).
pub fn open_regular(path: &Path) -> Result<(File, Metadata), OpenError> {
    let file = without_waiting(OpenOptions::new().read(true))
        .open(path)
        .map_err(|e| match fs::metadata(path) {
            // Windows does not open a directory as a file at all.
            Ok(meta) if !meta.is_file() => OpenError::NotAFile(kind(&meta)),
            _ => OpenError::Io(e),
        })?;
    let meta = file.metadata().map_err(OpenError::Io)?;
    if meta.is_file() {
        Ok((file, meta))
    } else {
        Err(OpenError::NotAFile(kind(&meta)))
    }
}

/// Options that open without waiting: on Unix `O_NONBLOCK` keeps the open
/// from waiting on a FIFO's writer or a device (for a regular file it
/// changes nothing). Windows has no FIFO under a file name, and its opens
/// do not wait.
pub fn without_waiting(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options
}

/// What a file that is not a regular file is, in words.
pub fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        } else if t.is_char_device() || t.is_block_device() {
            return "a device";
        } else if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a file"
    } else {
        "not a regular file"
    }
}

/// A directory's identity: one deleted and made again under the same name
/// is another one. Unix: its device and inode. Windows: its creation time
/// (std has no stable file index yet), which a directory made again does
/// not share.
pub fn dir_identity(path: &Path) -> Option<(u64, u64)> {
    let meta = fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::MetadataExt as _;
        Some((0, meta.creation_time()))
    }
}

/// A file's identity, to tell the journal a console wrote from another
/// file put under its name. Unix: its device and inode. Windows: none that
/// can be trusted (std has no stable file index yet, and a creation time
/// can move: under Wine it follows each write, which would say NOT
/// RECORDING for a journal nobody touched), so every file is the same one
/// and the size check alone catches a journal cut or replaced there.
pub fn file_identity(meta: &Metadata) -> (u64, u64) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        (meta.dev(), meta.ino())
    }
    #[cfg(windows)]
    {
        let _ = meta;
        (0, 0)
    }
}

/// Raises the soft limit on open descriptors to the hard one (at most
/// `wanted`) where that helps, and returns the limit now in force: the web
/// server sizes its share of connections by it. Windows has no such limit
/// on sockets: `wanted` is in force there.
pub fn raise_descriptor_limit(wanted: u64) -> u64 {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
        let limit = getrlimit(Resource::Nofile);
        let current = limit.current.unwrap_or(u64::MAX);
        let target = limit
            .maximum
            .unwrap_or(u64::MAX)
            .min(wanted)
            .max(current.min(wanted));
        if target > current
            && setrlimit(
                Resource::Nofile,
                Rlimit {
                    current: Some(target),
                    maximum: limit.maximum,
                },
            )
            .is_ok()
        {
            return target;
        }
        current
    }
    #[cfg(windows)]
    {
        wanted
    }
}

/// A path (or any word) as the user's shell needs it in a command line
/// they paste: POSIX quoting on Unix, and on Windows quoting that cmd.exe
/// and PowerShell both take.
pub fn shell_quoted(text: &str) -> String {
    if cfg!(windows) {
        windows_quoted(text)
    } else {
        posix_quoted(text)
    }
}

/// For sh, bash, zsh and fish: bare when nothing in it is special, else in
/// single quotes.
fn posix_quoted(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_./-+:=@%,".contains(c));
    if plain && !text.is_empty() {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// For cmd.exe and PowerShell: bare when nothing in it is special to
/// either, else in double quotes, which both take (a Windows path holds no
/// `"`; a backslash before the closing quote is doubled so that it does not
/// escape it). A `$` or a backtick would be expanded by PowerShell inside
/// double quotes: such a text gets PowerShell's single quotes, as Windows
/// Terminal opens PowerShell.
fn windows_quoted(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_./\\:-".contains(c));
    if plain && !text.is_empty() {
        return text.to_owned();
    }
    if text.contains(['$', '`']) {
        return format!("'{}'", text.replace('\'', "''"));
    }
    let trailing = text.len() - text.trim_end_matches('\\').len();
    format!("\"{}{}\"", text.replace('"', ""), "\\".repeat(trailing))
}

/// Whether a write failed because the reader closed the pipe
/// (`timekeeper report | head`). Windows says so with `ERROR_NO_DATA` (232)
/// or, seen under Wine, `ERROR_PIPE_NOT_CONNECTED` (233), which std does not
/// take for a broken pipe.
pub fn is_closed_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
        || (cfg!(windows) && matches!(e.raw_os_error(), Some(232 | 233)))
}

/// A size in words: `1.5 MiB`, `640 bytes`.
pub fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    const GIB: u64 = 1024 * MIB;
    match bytes {
        b if b >= GIB => format!("{:.1} GiB", b as f64 / GIB as f64),
        b if b >= MIB => format!("{:.1} MiB", b as f64 / MIB as f64),
        b if b >= KIB => format!("{:.1} KiB", b as f64 / KIB as f64),
        b => format!("{b} bytes"),
    }
}

/// How a line read by [`read_line`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnd {
    /// At a newline (not kept in the buffer).
    Newline,
    /// At the end of the input; an empty buffer means there was no line.
    Eof,
    /// The line went on past the limit; reading stopped there.
    TooLong,
}

/// Reads one line into `buf` (cleared first), without its newline, reading
/// no more than `limit` bytes of it: a file of one endless line is never
/// held in memory.
pub fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<LineEnd> {
    buf.clear();
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(LineEnd::Eof);
        }
        let (take, newline) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (available.len(), false),
        };
        if buf.len() + take > limit {
            return Ok(LineEnd::TooLong);
        }
        buf.extend_from_slice(&available[..take]);
        reader.consume(take + usize::from(newline));
        if newline {
            return Ok(LineEnd::Newline);
        }
    }
}

/// Refuses early (before any work) to write over a file without `force`.
pub fn refuse_to_overwrite(path: &Path, force: bool) -> anyhow::Result<()> {
    if !force && fs::symlink_metadata(path).is_ok() {
        anyhow::bail!(
            "{} already exists; give --force to overwrite it",
            crate::text::sanitize(&path.display().to_string())
        );
    }
    Ok(())
}

/// Writes what a command made (a report, a plan: `what`) to stdout or to
/// `output`: a new file never written over without `force`, and with it a
/// whole replacement, so a reader never sees half of one. Errors keep their
/// `io::Error` in the chain, so a closed pipe is recognised as no error.
pub fn write_out(
    bytes: &[u8],
    output: Option<&Path>,
    force: bool,
    what: &str,
) -> anyhow::Result<()> {
    let Some(path) = output else {
        let mut out = io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|()| out.flush())
            .with_context(|| format!("cannot write the {what} to standard output"));
    };
    let shown = crate::text::sanitize(&path.display().to_string());
    if force {
        write_replacing(path, bytes, what).with_context(|| format!("cannot write {shown}"))
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
/// then renamed over it, so a reader never sees half of it.
fn write_replacing(path: &Path, bytes: &[u8], what: &str) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| what.into(), |n| n.to_string_lossy().into_owned());
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn lines_are_read_one_at_a_time_and_a_long_one_is_stopped_at_the_limit() {
        let mut input = Cursor::new(b"one\ntwo\nthree-and-more".to_vec());
        let mut buf = Vec::new();
        assert_eq!(
            read_line(&mut input, &mut buf, 8).unwrap(),
            LineEnd::Newline
        );
        assert_eq!(buf, b"one");
        assert_eq!(
            read_line(&mut input, &mut buf, 8).unwrap(),
            LineEnd::Newline
        );
        assert_eq!(buf, b"two");
        assert_eq!(
            read_line(&mut input, &mut buf, 8).unwrap(),
            LineEnd::TooLong
        );
        let mut input = Cursor::new(b"last".to_vec());
        assert_eq!(read_line(&mut input, &mut buf, 8).unwrap(), LineEnd::Eof);
        assert_eq!(buf, b"last");
        assert_eq!(read_line(&mut input, &mut buf, 8).unwrap(), LineEnd::Eof);
        assert!(buf.is_empty());
    }

    #[test]
    fn a_printed_path_pastes_into_a_posix_shell() {
        assert_eq!(posix_quoted("runs/p-1.jsonl"), "runs/p-1.jsonl");
        assert_eq!(
            posix_quoted("/home/ana/My runs/it's.jsonl"),
            "'/home/ana/My runs/it'\\''s.jsonl'"
        );
        assert_eq!(posix_quoted(""), "''");
    }

    #[test]
    fn a_printed_path_pastes_into_cmd_and_powershell() {
        // Bare where neither shell sees anything special.
        assert_eq!(
            windows_quoted(r"C:\Users\ana\AppData\Local\timekeeper\data\runs\p.jsonl"),
            r"C:\Users\ana\AppData\Local\timekeeper\data\runs\p.jsonl"
        );
        // A space, an apostrophe (a POSIX quote would break both shells).
        assert_eq!(
            windows_quoted(r"C:\Users\Ana Lopez\runs\o'neil.jsonl"),
            r#""C:\Users\Ana Lopez\runs\o'neil.jsonl""#
        );
        // PowerShell would expand `$x` inside double quotes.
        assert_eq!(
            windows_quoted(r"C:\runs\$x's.jsonl"),
            r"'C:\runs\$x''s.jsonl'"
        );
        // A trailing backslash must not escape the closing quote.
        assert_eq!(windows_quoted(r"C:\My runs\"), r#""C:\My runs\\""#);
        assert_eq!(windows_quoted(""), r#""""#);
    }

    #[test]
    fn only_regular_files_are_opened() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            open_regular(dir.path()),
            Err(OpenError::NotAFile("a directory"))
        ));
        #[cfg(unix)]
        assert!(matches!(
            open_regular(Path::new("/dev/zero")),
            Err(OpenError::NotAFile("a device"))
        ));
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        assert!(open_regular(&file).is_ok());
    }

    #[test]
    fn sizes_are_written_for_people() {
        assert_eq!(size(640), "640 bytes");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(3 * 1024 * 1024 * 1024), "3.0 GiB");
    }
}
