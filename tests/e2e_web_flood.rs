//! Issue 25's worst hole, end to end: the real console under `ulimit -n
//! 1024`, serving on loopback, with 1,100 idle connections opened to it
//! (no token, nothing sent). It used to run out of descriptors: pages went
//! unanswered and Space showed `NOT RECORDING: Too many open files`, with
//! no journal on disk. Now the web's share of descriptors is capped, the
//! connections over it are refused and counted in the header (with those
//! open), Space records
//! at once, and once the idle ones time out, pages are served again.
//!
//! Bounded: 1,100 connections, on loopback, for some fifteen seconds.
//! Unix only: the descriptor limit and the pseudo-terminal are.
#![cfg(unix)]

mod common;

use std::fs;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use common::pty::*;
use timekeeper::journal::Journal;
use timekeeper::run::Action;

const PLAN: &str = r#"
title = "Flood"

[[segments]]
title    = "Opening"
speaker  = "Ada Lovelace"
duration = "5m"

[[segments]]
title    = "Talk"
speaker  = "Grace Hopper"
duration = "10m"
"#;

const IDLE: usize = 1100;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// This process holds the client ends: room for them, whatever the limit
/// it was started under.
fn room_for_the_clients() -> bool {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    let wanted = (IDLE as u64) * 2 + 256;
    if limit.current.is_none_or(|c| c >= wanted) {
        return true;
    }
    if limit.maximum.is_some_and(|m| m < wanted) {
        return false;
    }
    setrlimit(
        Resource::Nofile,
        Rlimit {
            current: Some(wanted),
            maximum: limit.maximum,
        },
    )
    .is_ok()
}

/// What `GET /` is answered, or nothing while connections are refused.
fn answer(addr: SocketAddr) -> String {
    use std::io::{Read as _, Write as _};
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return String::new();
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = stream.write_all(
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    let mut got = Vec::new();
    let _ = stream.read_to_end(&mut got);
    String::from_utf8_lossy(&got).into_owned()
}

/// The limit on open files the kernel holds a process to.
fn open_files_limit(pid: u32) -> Option<String> {
    let limits = fs::read_to_string(format!("/proc/{pid}/limits")).ok()?;
    limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .map(|l| {
            l.split_whitespace()
                .skip(3)
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        })
}

#[test]
fn the_console_records_at_space_with_1100_idle_connections_open_under_ulimit_1024() {
    if !cfg!(target_os = "linux") || !room_for_the_clients() {
        eprintln!("needs Linux and room for {IDLE} client descriptors: not checked");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("flood.toml"), PLAN).unwrap();
    let port = free_port();
    let serve = format!("127.0.0.1:{port}");
    let addr: SocketAddr = serve.parse().unwrap();
    let mut console = Pty::spawn_with(
        dir.path(),
        dir.path(),
        &["sh", "-c", "ulimit -n 1024 && exec \"$@\"", "sh"],
        &["run", "flood.toml", "--runs-dir", "runs", "--serve", &serve],
        (30, 110),
    );
    console.expect_text("web · 0 connected");
    // The console runs under the limit (soft and hard): it cannot raise it.
    assert_eq!(
        open_files_limit(console.pid()).as_deref(),
        Some("1024 1024"),
        "the console is not under ulimit -n 1024"
    );

    let idle: Vec<TcpStream> = (0..IDLE)
        .map(|i| {
            TcpStream::connect_timeout(&addr, Duration::from_secs(5))
                .unwrap_or_else(|e| panic!("connection {i}: {e}"))
        })
        .collect();
    let shown = console.expect("the refused counted", |t| t.contains(" refused"));
    let header = shown
        .lines()
        .find(|l| l.contains(" refused"))
        .unwrap_or_default();
    assert!(header.contains("web · 0 connected ·"), "{shown}");
    assert!(header.contains(" open · "), "{shown}");
    eprintln!("the header under the flood: {}", header.trim());

    // Space, with every idle connection still open.
    console.press(" ");
    let shown = console.expect_text("ON TIME");
    assert!(!shown.contains("NOT RECORDING"), "{shown}");
    let journal = only_journal(&dir.path().join("runs"));
    let read = Journal::read(&journal).unwrap();
    assert_eq!(read.events.last().map(|e| &e.action), Some(&Action::Start));

    // The idle connections time out; a page is answered again.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if answer(addr).contains("Ask the timekeeper") {
            break;
        }
        assert!(Instant::now() < deadline, "pages were not answered again");
        std::thread::sleep(Duration::from_millis(250));
    }
    drop(idle);

    // Nothing was lost: a kill -9 now leaves the run on disk.
    console.kill_hard();
    let read = Journal::read(&journal).unwrap();
    assert!(
        read.events.iter().any(|e| e.action == Action::Start),
        "{:?}",
        read.events
    );
}
