//! `run --serve`: the console's views for phones, tablets and screens.
//!
//! The server is one more source of wake-ups for the shell, and nothing
//! more. It runs on a thread of its own with a small tokio runtime, so it
//! can never block or slow the console. Its handlers read what the console
//! [`Publisher::publish`]es (a `tokio::sync::watch` per kind of state,
//! serialized once) and send commands from the remote, a name and a body
//! as the request gave them, as [`ToConsole::Command`] into the shell's
//! channel, where the console reads them with its own table of commands,
//! carries them out exactly as keys (the journal first) and answers through
//! a oneshot channel. They never touch the terminal, the journal or the run.
//!
//! - [`server`]: the accept loop (a cap on connections, in all and per
//!   address, and timeouts, so that nothing on the network can take the
//!   descriptors the journal needs), the routes, the checks (tokens, `Host`,
//!   `Origin`, sizes, rates) and the event streams;
//! - [`state`]: what the pages are told (anchors, not ticks);
//! - [`tokens`], [`hosts`]: capability tokens and the `Host` check;
//! - [`qr`]: the links as QR codes for the console's `w`;
//! - `pages/`: the page bundle, compiled in.

pub mod hosts;
pub mod qr;
mod server;
pub mod state;
pub mod tokens;

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::{oneshot, watch};

pub use self::server::{
    ASSETS, BODY_TIMEOUT, HALL, HEADER_TIMEOUT, HEARTBEAT, Limits, MAX_CONNECTIONS,
    MAX_PER_ADDRESS, RESERVED_DESCRIPTORS, Server, connection_cap,
};
use self::state::Pages;
use crate::journal::LinkTokens;
use crate::moment::Moment;
use crate::run::{Run, Time};

/// The port `--serve` listens on when none is given.
pub const DEFAULT_PORT: u16 = 7878;
/// What `--serve` alone listens on: this machine only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7878";

/// How long a request waits for the console's answer before saying the
/// console is busy.
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(3);

/// The console's answer to a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Reply {
    /// Journalled and done; the pages' state is at `seq`.
    Done { seq: u64 },
    /// Not done, with the reason the console gives.
    Refused { refused: String },
    /// Not journalled (the disk is full, a write failed): why, as the
    /// console's NOT RECORDING says it. Answered 503.
    NotRecorded { not_recorded: String },
    /// No such command, or a body it cannot take (a message too long, not
    /// text): why. Answered 400.
    Invalid { error: String },
}

/// A command on its way to the console, as the request named it, with its
/// body and where the answer goes. The console reads the name and the body
/// with its own table of commands: the server only carries them.
#[derive(Debug)]
pub struct WebCommand {
    /// The API's name for it: `next`, `preset/2`, … (not yet checked).
    pub name: String,
    /// The request's body: the text of `message`, the name of
    /// `add-speaker`, else nothing.
    pub body: Vec<u8>,
    reply: oneshot::Sender<Answered>,
}

impl WebCommand {
    /// A command and the receiver its answer will arrive on (for a console
    /// end in tests).
    pub fn new(name: &str, body: &[u8]) -> (Self, oneshot::Receiver<Answered>) {
        let (reply, answer) = oneshot::channel();
        let command = Self {
            name: name.to_owned(),
            body: body.to_vec(),
            reply,
        };
        (command, answer)
    }

    /// Answers the request, under the command's name as the console's table
    /// spells it (a request that gave up waiting is let go).
    pub fn answer(self, command: String, reply: Reply) {
        let _ = self.reply.send(Answered { command, reply });
    }
}

/// The console's answer and the command's name in it: the console's own
/// spelling (`plus-minute`, `preset/2`), or, when it did not parse, the
/// name it was sent under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub command: String,
    pub reply: Reply,
}

/// What the server wakes the console for.
#[derive(Debug)]
pub enum ToConsole {
    Command(WebCommand),
    /// The number of pages connected changed (read it from the publisher).
    Connected,
    /// The server stopped: why.
    Off(String),
}

/// How the server wakes the console: true while the console is there.
pub type ToConsoleFn = Arc<dyn Fn(ToConsole) -> bool + Send + Sync>;

/// The console's end: publishes what the pages show, and knows how many
/// are connected.
pub struct Publisher {
    shared: Arc<Shared>,
    stage: watch::Sender<Arc<str>>,
    rundown: watch::Sender<Arc<str>>,
    control: watch::Sender<Arc<str>>,
    last: Option<Pages>,
    seq: u64,
    /// Why the console is not recording, if it is not.
    not_recording: Option<String>,
}

impl fmt::Debug for Publisher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Publisher")
            .field("seq", &self.seq)
            .finish_non_exhaustive()
    }
}

/// What the publisher and the server share besides the watches.
#[derive(Debug, Default)]
struct Shared {
    /// When the console last published (wall milliseconds): the heartbeat
    /// says the console is alive only while this is recent.
    alive_ms: AtomicI64,
    connected: AtomicUsize,
    /// Connections turned away at once (over the cap, or too many from one
    /// address), since the server started.
    refused: AtomicU64,
    /// Connections open now (pages, idle ones, requests under way).
    open: AtomicUsize,
    /// A [`ToConsole::Connected`] is on its way: no need for another.
    count_pending: AtomicBool,
}

/// The receiving ends, for the server.
#[derive(Debug, Clone)]
struct Watches {
    stage: watch::Receiver<Arc<str>>,
    rundown: watch::Receiver<Arc<str>>,
    control: watch::Receiver<Arc<str>>,
}

impl Publisher {
    fn new() -> (Self, Watches) {
        let empty = || Arc::<str>::from("{}");
        let (stage, stage_rx) = watch::channel(empty());
        let (rundown, rundown_rx) = watch::channel(empty());
        let (control, control_rx) = watch::channel(empty());
        (
            Self {
                shared: Arc::new(Shared::default()),
                stage,
                rundown,
                control,
                last: None,
                seq: 0,
                not_recording: None,
            },
            Watches {
                stage: stage_rx,
                rundown: rundown_rx,
                control: control_rx,
            },
        )
    }

    /// Publishes what the pages show of `run` at `moment`, if it changed,
    /// and says the console is alive. Returns the state's sequence number.
    pub fn publish(&mut self, run: &Run, moment: &Moment) -> u64 {
        self.shared
            .alive_ms
            .store(moment.now.timestamp_millis(), Ordering::Relaxed);
        let mut pages = Pages::at(run, moment);
        pages.rundown.not_recording.clone_from(&self.not_recording);
        let last = self.last.take();
        let stage_new = last.as_ref().is_none_or(|l| l.stage != pages.stage);
        let rundown_new = last.as_ref().is_none_or(|l| l.rundown != pages.rundown);
        let control_new = last.as_ref().is_none_or(|l| l.control != pages.control);
        if stage_new || rundown_new || control_new {
            self.seq += 1;
        }
        let seq = self.seq;
        if stage_new {
            self.stage.send_replace(json(seq, &pages.stage));
        }
        if rundown_new {
            self.rundown.send_replace(json(seq, &pages.rundown));
        }
        if control_new {
            self.control.send_replace(json(seq, &pages.control));
        }
        self.last = Some(pages);
        seq
    }

    /// Whether the console's journal is being written: the pages say NOT
    /// RECORDING with the reason from the next [`Publisher::publish`] on.
    pub fn set_not_recording(&mut self, why: Option<&str>) {
        self.not_recording = why.map(str::to_owned);
    }

    /// Says the console is alive without a change (for a console end that
    /// publishes by hand).
    pub fn touch(&self, now: Time) {
        self.shared
            .alive_ms
            .store(now.timestamp_millis(), Ordering::Relaxed);
    }

    /// Pages connected now.
    pub fn connected(&self) -> usize {
        self.shared.count_pending.store(false, Ordering::Relaxed);
        self.shared.connected.load(Ordering::Relaxed)
    }

    /// Connections refused so far (the cap on connections, in all and per
    /// address): the header says so, as an attack is worth seeing.
    pub fn refused(&self) -> u64 {
        self.shared.refused.load(Ordering::Relaxed)
    }

    /// Connections open now: with idle ones, more than the pages.
    pub fn open(&self) -> usize {
        self.shared.open.load(Ordering::Relaxed)
    }

    pub fn seq(&self) -> u64 {
        self.seq
    }
}

/// `{"seq": n, …}`: a state serialized once for every page.
fn json<T: Serialize>(seq: u64, state: &T) -> Arc<str> {
    #[derive(Serialize)]
    struct Sequenced<'a, T> {
        seq: u64,
        #[serde(flatten)]
        state: &'a T,
    }
    serde_json::to_string(&Sequenced { seq, state })
        .unwrap_or_else(|_| "{}".to_owned())
        .into()
}

/// Starts serving on `addr`: the links, the running server and the
/// console's end; or, when the address cannot be listened on, why (the
/// console shows `WEB OFF: <why>` and runs on).
pub fn start(
    addr: SocketAddr,
    tokens: &LinkTokens,
    wake: ToConsoleFn,
) -> Result<(Server, Publisher), String> {
    start_limited(addr, tokens, wake, Limits::for_this_process())
}

/// [`start`] with the limits on connections given (for tests).
pub fn start_limited(
    addr: SocketAddr,
    tokens: &LinkTokens,
    wake: ToConsoleFn,
    limits: Limits,
) -> Result<(Server, Publisher), String> {
    let (publisher, watches) = Publisher::new();
    let server = Server::start(
        addr,
        tokens,
        wake,
        Arc::clone(&publisher.shared),
        watches,
        limits,
    )?;
    Ok((server, publisher))
}

/// `--serve`'s address: `HOST:PORT`, `:PORT`, `PORT` or `HOST` (the port
/// then [`DEFAULT_PORT`]), `localhost` for 127.0.0.1.
pub fn parse_addr(text: &str) -> Result<SocketAddr, String> {
    let text = text.trim();
    let refuse = || {
        format!(
            "'{text}' is not an address to listen on: give HOST:PORT such as 127.0.0.1:{DEFAULT_PORT}, :0 for any free port, or 0.0.0.0:{DEFAULT_PORT} for the venue's network (the plan goes before --serve)"
        )
    };
    let host = |h: &str| -> Result<IpAddr, String> {
        match h {
            "" | "localhost" => Ok(IpAddr::V4(Ipv4Addr::LOCALHOST)),
            h => h
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse()
                .map_err(|_| refuse()),
        }
    };
    if let Ok(port) = text.parse::<u16>() {
        return Ok(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port));
    }
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Ok(addr);
    }
    if let Ok(ip) = host(text) {
        return Ok(SocketAddr::new(ip, DEFAULT_PORT));
    }
    let (h, port) = text.rsplit_once(':').ok_or_else(refuse)?;
    let port = port.parse::<u16>().map_err(|_| refuse())?;
    Ok(SocketAddr::new(host(h)?, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_as_a_timekeeper_writes_them() {
        assert_eq!(
            parse_addr(DEFAULT_ADDR).unwrap().port(),
            DEFAULT_PORT,
            "the documented default"
        );
        let ok = |text: &str, want: &str| assert_eq!(parse_addr(text).unwrap().to_string(), want);
        ok("127.0.0.1:7878", "127.0.0.1:7878");
        ok(":0", "127.0.0.1:0");
        ok("9000", "127.0.0.1:9000");
        ok("localhost:9000", "127.0.0.1:9000");
        ok("0.0.0.0:7878", "0.0.0.0:7878");
        ok("0.0.0.0", "0.0.0.0:7878");
        ok("[::1]:7878", "[::1]:7878");
        ok("::", "[::]:7878");
        let why = parse_addr("plenary.toml").unwrap_err();
        assert!(why.contains("the plan goes before --serve"), "{why}");
        assert!(parse_addr("1.2.3.4:99999").is_err());
    }
}
