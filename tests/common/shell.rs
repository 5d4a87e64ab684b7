//! The `timekeeper` binary in a pseudo-terminal as [`Pty::spawn`] starts
//! it, but through `sh`, for what must be set up before it starts: a file
//! size limit that makes every write to a file fail as a full disk does.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

use super::pty::{BIN, Output, Pty};

impl Pty {
    /// Starts `timekeeper ARGS` in `dir` after the shell commands `setup`
    /// (run by `sh -c`, then `exec` of the binary).
    pub fn spawn_after(dir: &Path, setup: &str, args: &[&str], size: (u16, u16)) -> Self {
        let (rows, cols) = size;
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal opens");
        let mut cmd = CommandBuilder::new("sh");
        cmd.arg("-c");
        cmd.arg(format!("{setup}; exec \"$0\" \"$@\""));
        cmd.arg(BIN);
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
        let child = pair.slave.spawn_command(cmd).expect("sh starts");
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
                match std::io::Read::read(&mut reader, &mut buf) {
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
            what: format!("({setup}) timekeeper {}", args.join(" ")),
            child,
            master: pair.master,
            writer,
            output,
            reader: Some(reader),
            last_key: None,
            status: None,
        }
    }
}
