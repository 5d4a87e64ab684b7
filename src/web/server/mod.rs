//! The HTTP server: its own accept loop, routes, the checks every request
//! passes, and the event streams the pages listen to.
//!
//! The accept loop is ours (hyper under axum's router) so that nothing on the
//! network can take what the console needs to record: connections are capped
//! in all and per address, well below the process's descriptor limit (raised
//! to its hard limit at start), a connection that sends no whole request
//! head within [`HEADER_TIMEOUT`] (a new one, or one idle between requests)
//! is closed, and so is one whose body takes longer than [`BODY_TIMEOUT`]. A
//! connection over the cap is closed at once and counted: the console's
//! header says how many were refused.
//!
//! Server-sent events rather than WebSocket: the pages only listen (a
//! command is a plain `POST`, the same one a hardware panel sends), every
//! browser's `EventSource` reconnects by itself after a dropped link or a
//! restarted console, and it is plain HTTP through any venue network.

mod extract;
mod guard;
mod routes;
mod stream;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request};
use axum::middleware;
use axum::routing::{get, post};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::oneshot;

use self::guard::Bucket;
use self::stream::tell_count;
use super::hosts::Hosts;
use super::{Shared, ToConsole, ToConsoleFn, Watches};
use crate::journal::LinkTokens;

/// The largest request body taken (a message is at most 120 characters).
pub const BODY_LIMIT: usize = 2048;
/// Pages that may listen at once.
pub const MAX_STREAMS: usize = 256;
/// Connections open at once, at most: room for [`MAX_STREAMS`] pages and
/// as many again fetching a page or sending a command. Lower when the
/// process may open few descriptors (see [`connection_cap`]).
pub const MAX_CONNECTIONS: usize = 512;
/// Connections one address may hold: a browser opens up to six to a host,
/// so a tablet with three pages open stays well under it, and one device
/// cannot take every connection. This machine's own addresses are not held
/// to it (whatever runs here can stop the console anyway).
pub const MAX_PER_ADDRESS: usize = 32;
/// Descriptors kept for the console whatever the web does: the journal (its
/// file, the temporary file it is placed from, the folder synced after),
/// the plan and reports read, the terminal, the file watcher, with room to
/// spare.
pub const RESERVED_DESCRIPTORS: u64 = 128;
/// A connection must send a whole request head within this long, when new
/// and between requests: a slow or idle one is closed after it.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A request's body (at most [`BODY_LIMIT`]) must arrive within this long.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the accept loop waits after the system refused it a connection
/// (out of descriptors), before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);
/// The highest descriptor limit asked for: plenty, and some systems refuse
/// an unlimited one.
const DESCRIPTORS_WANTED: u64 = 65_536;
/// How often a page hears that the console is alive when nothing changes:
/// often enough for the proxies a stream may pass through, which close one
/// idle for 60 s (nginx's `proxy_read_timeout`, AWS load balancers) or 100 s
/// (Cloudflare), with beats to spare; axum's own `KeepAlive` default.
/// More often wakes every phone's radio for nothing (the page keeps its own
/// clock). A page says NO LINK 3 s after a beat is due (`LINK_QUIET` in
/// `pages/common.js`), and at once when its stream breaks.
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// The console counts as alive this long after it last published.
const ALIVE_FOR_MS: i64 = 2500;
/// How soon a page's `EventSource` tries again after losing the console.
const RETRY: Duration = Duration::from_secs(1);
/// Commands one address may send: a burst of this many…
const BURST: f64 = 10.0;
/// …then this many a second.
const PER_SECOND: f64 = 5.0;
/// Commands the control token may send from every address together: a
/// burst of this many…
const TOKEN_BURST: f64 = 20.0;
/// …then this many a second: more than any hand on a remote or a panel,
/// and at a few hundred bytes an event, a flood takes over a day to fill a
/// journal (see [`crate::journal::MAX_JOURNAL_BYTES`]).
const TOKEN_PER_SECOND: f64 = 5.0;

/// The page bundle, compiled in: (name, content type, text).
pub const ASSETS: &[(&str, &str, &str)] = &[
    ("stage.html", HTML, include_str!("../pages/stage.html")),
    ("rundown.html", HTML, include_str!("../pages/rundown.html")),
    ("remote.html", HTML, include_str!("../pages/remote.html")),
    ("hall.html", HTML, include_str!("../pages/hall.html")),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("../pages/style.css"),
    ),
    (
        "hall.css",
        "text/css; charset=utf-8",
        include_str!("../pages/hall.css"),
    ),
    ("common.js", JS, include_str!("../pages/common.js")),
    ("stage.js", JS, include_str!("../pages/stage.js")),
    ("rundown.js", JS, include_str!("../pages/rundown.js")),
    ("remote.js", JS, include_str!("../pages/remote.js")),
    ("chime.js", JS, include_str!("../pages/chime.js")),
    ("hall.js", JS, include_str!("../pages/hall.js")),
];
const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

/// What a request without the right token gets, whatever it asked for.
const ASK: &str = "<!doctype html><meta charset=utf-8><meta name=viewport content=\"width=device-width\"><title>timekeeper</title><p style=\"font:1.5em sans-serif;margin:2em\">Ask the timekeeper for the link.</p>\n";

/// The running server: its address and links; stopped when dropped.
pub struct Server {
    addr: SocketAddr,
    links: Vec<(String, String)>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// The server's limits on connections: [`Limits::for_this_process`] in the
/// console, smaller ones in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connections open at once.
    pub connections: usize,
    /// Connections one address may hold (this machine's own: any number).
    pub per_address: usize,
    /// A request head (new connection, or idle between requests) must
    /// arrive within this long.
    pub header_timeout: Duration,
    /// A request body must arrive within this long.
    pub body_timeout: Duration,
    /// A beat on each event stream this often when nothing changes
    /// ([`HEARTBEAT`]).
    pub heartbeat: Duration,
}

impl Limits {
    /// The limits for this process: the descriptor limit raised to its hard
    /// limit where that helps, and the web's share of it bounded well below
    /// (see [`connection_cap`]).
    pub fn for_this_process() -> Self {
        Self {
            connections: connection_cap(raise_descriptor_limit()),
            per_address: MAX_PER_ADDRESS,
            header_timeout: HEADER_TIMEOUT,
            body_timeout: BODY_TIMEOUT,
            heartbeat: HEARTBEAT,
        }
    }
}

/// The hall page's link, by its name on the console's `w`.
pub const HALL: &str = "Hall (speakers' list)";

/// What every handler shares.
struct ServerState {
    tokens: LinkTokens,
    hosts: Hosts,
    wake: ToConsoleFn,
    shared: Arc<Shared>,
    watches: Watches,
    body_timeout: Duration,
    heartbeat: Duration,
    limiter: Mutex<HashMap<IpAddr, Bucket>>,
    /// The control token's own bucket, whatever address a command is from.
    token_bucket: Mutex<Bucket>,
}

type StateRef = Arc<ServerState>;

impl Server {
    pub(super) fn start(
        addr: SocketAddr,
        tokens: &LinkTokens,
        wake: ToConsoleFn,
        shared: Arc<Shared>,
        watches: Watches,
        limits: Limits,
    ) -> Result<Self, String> {
        let listener = std::net::TcpListener::bind(addr).map_err(|e| describe_bind(addr, &e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let hosts = Hosts::new(addr);
        let base = format!("http://{}", hosts.link_host());
        let links = vec![
            ("Stage".to_owned(), format!("{base}/s/{}", tokens.view)),
            (
                "Rundown (chair)".to_owned(),
                format!("{base}/s/{}/rundown", tokens.view),
            ),
            ("Remote".to_owned(), format!("{base}/c/{}", tokens.control)),
            (HALL.to_owned(), format!("{base}/s/{}/list", tokens.view)),
        ];
        let web = Arc::new(ServerState {
            tokens: tokens.clone(),
            hosts,
            wake: Arc::clone(&wake),
            shared,
            watches,
            body_timeout: limits.body_timeout,
            heartbeat: limits.heartbeat,
            limiter: Mutex::new(HashMap::new()),
            token_bucket: Mutex::new(Bucket {
                tokens: TOKEN_BURST,
                at: Instant::now(),
            }),
        });
        let (stop, stopped) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("web".to_owned())
            .spawn(move || serve(listener, web, limits, stopped, &wake))
            .map_err(|e| format!("cannot start the web server: {e}"))?;
        Ok(Self {
            addr,
            links,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address listened on (the port chosen, for `:0`).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The pages' links: (what, address).
    pub fn links(&self) -> &[(String, String)] {
        &self.links
    }

    /// The links a plan has a use for: the hall page only with a floor
    /// (without one it would only say that the list appears with the
    /// floor).
    pub fn links_for(&self, has_floor: bool) -> Vec<(String, String)> {
        self.links
            .iter()
            .filter(|(what, _)| has_floor || what != HALL)
            .cloned()
            .collect()
    }

    /// Stops the server and waits for its thread.
    pub fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Never waits: the console's exit must not hang on a page.
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn describe_bind(addr: SocketAddr, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => format!("port {} is taken", addr.port()),
        std::io::ErrorKind::AddrNotAvailable => {
            format!("{} is not an address of this machine", addr.ip())
        }
        std::io::ErrorKind::PermissionDenied => {
            format!("no permission to listen on port {}", addr.port())
        }
        _ => format!("cannot listen on {addr}: {e}"),
    }
}

/// Raises the soft limit on open descriptors to the hard limit (at most
/// [`DESCRIPTORS_WANTED`]) where that helps; returns the limit now in force.
fn raise_descriptor_limit() -> u64 {
    crate::files::raise_descriptor_limit(DESCRIPTORS_WANTED)
}

/// The connections the web may hold under a limit of `descriptors`: half
/// of what is left after [`RESERVED_DESCRIPTORS`], at most
/// [`MAX_CONNECTIONS`], and at least a few (a page and a command).
pub fn connection_cap(descriptors: u64) -> usize {
    let share = descriptors.saturating_sub(RESERVED_DESCRIPTORS) / 2;
    usize::try_from(share)
        .unwrap_or(usize::MAX)
        .clamp(4, MAX_CONNECTIONS)
}

/// The server thread: a current-thread runtime until told to stop. Whatever
/// happens here, the console runs on; it is told the server is off.
fn serve(
    listener: std::net::TcpListener,
    web: StateRef,
    limits: Limits,
    stopped: oneshot::Receiver<()>,
    wake: &ToConsoleFn,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            wake(ToConsole::Off(format!("cannot start the web server: {e}")));
            return;
        }
    };
    let served = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            tokio::select! {
                () = accept(listener, web, limits) => Ok(()),
                _ = stopped => Ok::<(), std::io::Error>(()),
            }
        })
    }));
    match served {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            wake(ToConsole::Off(format!("the web server stopped: {e}")));
        }
        Err(_) => {
            wake(ToConsole::Off(
                "the web server stopped after an internal error".to_owned(),
            ));
        }
    }
}

/// Takes connections for ever: each within the cap is served on a task of
/// its own, with the header timeout; one over the cap is closed at once and
/// counted.
async fn accept(listener: tokio::net::TcpListener, web: StateRef, limits: Limits) {
    let gate = Gate::new(limits.connections, limits.per_address);
    let router = router(Arc::clone(&web));
    loop {
        // Out of descriptors (or a connection reset before it was taken):
        // the console's journal comes first; try again soon.
        let Ok((tcp, peer)) = listener.accept().await else {
            tokio::time::sleep(ACCEPT_BACKOFF).await;
            continue;
        };
        let Some(slot) = gate.admit(peer.ip()) else {
            drop(tcp);
            web.shared.refused.fetch_add(1, Ordering::Relaxed);
            tell_count(&web);
            continue;
        };
        // Each state is one small write: send it now.
        let _ = tcp.set_nodelay(true);
        let router = router.clone();
        let open = Opened::new(&web);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |mut request: Request<_>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                tower_service::Service::call(&mut router.clone(), request)
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(TokioIo::new(tcp), service)
                .await;
            drop((slot, open));
        });
    }
}

/// A connection open, counted for the console while it lasts (told only
/// while something is being refused: then the numbers matter).
struct Opened(StateRef);

impl Opened {
    fn new(web: &StateRef) -> Self {
        web.shared.open.fetch_add(1, Ordering::Relaxed);
        if web.shared.refused.load(Ordering::Relaxed) > 0 {
            tell_count(web);
        }
        Self(Arc::clone(web))
    }
}

impl Drop for Opened {
    fn drop(&mut self) {
        self.0.shared.open.fetch_sub(1, Ordering::Relaxed);
        if self.0.shared.refused.load(Ordering::Relaxed) > 0 {
            tell_count(&self.0);
        }
    }
}

/// The connections open, in all and per address, against their caps.
#[derive(Debug)]
pub(crate) struct Gate {
    cap: usize,
    per_address: usize,
    open: Mutex<(usize, HashMap<IpAddr, usize>)>,
}

/// One connection let in: its place is given back when it closes.
#[derive(Debug)]
pub(crate) struct Admitted {
    gate: Arc<Gate>,
    ip: IpAddr,
}

impl Gate {
    pub(crate) fn new(cap: usize, per_address: usize) -> Arc<Self> {
        Arc::new(Self {
            cap,
            per_address,
            open: Mutex::new((0, HashMap::new())),
        })
    }

    /// A place for a connection from `ip`, if there is one.
    pub(crate) fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<Admitted> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let (total, by_address) = &mut *open;
        if *total >= self.cap {
            return None;
        }
        let from = by_address.entry(ip).or_insert(0);
        if *from >= self.per_address && !ip.is_loopback() {
            return None;
        }
        *from += 1;
        *total += 1;
        Some(Admitted {
            gate: Arc::clone(self),
            ip,
        })
    }

    /// Connections open now.
    #[cfg(test)]
    pub(crate) fn open(&self) -> usize {
        self.open.lock().unwrap_or_else(PoisonError::into_inner).0
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = self
            .gate
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let (total, by_address) = &mut *open;
        *total -= 1;
        if let Some(from) = by_address.get_mut(&self.ip) {
            *from -= 1;
            if *from == 0 {
                by_address.remove(&self.ip);
            }
        }
    }
}

/// Every address served. A route under `/s/{token}` checks the view
/// token, one under `/c/{token}` the control token, by the extractor its
/// handler takes ([`extract`]).
fn router(web: StateRef) -> Router {
    use routes::{
        api_command, api_preset, api_state, asset, control_events, control_time, hall_page,
        remote_page, rundown_events, rundown_page, stage_events, stage_page, unknown, view_time,
    };
    Router::new()
        .route("/s/{token}", get(stage_page))
        .route("/s/{token}/rundown", get(rundown_page))
        .route("/s/{token}/list", get(hall_page))
        .route("/s/{token}/events", get(stage_events))
        .route("/s/{token}/rundown/events", get(rundown_events))
        .route("/s/{token}/time", get(view_time))
        .route("/c/{token}", get(remote_page))
        .route("/c/{token}/events", get(control_events))
        .route("/c/{token}/time", get(control_time))
        .route("/c/{token}/api/state", get(api_state))
        .route("/c/{token}/api/{command}", post(api_command))
        .route("/c/{token}/api/preset/{n}", post(api_preset))
        .route("/assets/{file}", get(asset))
        .fallback(unknown)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&web),
            guard::guard,
        ))
        .with_state(web)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn one_address_cannot_take_every_connection_and_a_closed_one_gives_its_place_back() {
        let gate = Gate::new(6, 2);
        let phone = ip("10.0.0.7");
        let first = gate.admit(phone).unwrap();
        let _second = gate.admit(phone).unwrap();
        assert!(gate.admit(phone).is_none(), "a third from the same address");
        // Another device is let in all the same.
        let _tablet = gate.admit(ip("10.0.0.8")).unwrap();
        drop(first);
        assert!(
            gate.admit(phone).is_some(),
            "a place is given back on close"
        );
    }

    #[test]
    fn the_total_cap_holds_for_every_address_this_machine_included() {
        let gate = Gate::new(4, 2);
        let here = ip("127.0.0.1");
        // This machine is not held to the per-address cap…
        let held: Vec<Admitted> = (0..4).map(|_| gate.admit(here).unwrap()).collect();
        assert_eq!(gate.open(), 4);
        // …but to the total, as is everyone else.
        assert!(gate.admit(here).is_none());
        assert!(gate.admit(ip("10.0.0.9")).is_none());
        assert!(gate.admit(ip("::1")).is_none());
        drop(held);
        assert_eq!(gate.open(), 0);
        assert!(gate.admit(ip("10.0.0.9")).is_some());
    }

    #[test]
    fn the_webs_share_of_descriptors_stays_well_below_the_process_limit() {
        // The usual limit: half of what is left after the reserve.
        assert_eq!(connection_cap(1024), 448);
        // A raised limit: the cap.
        assert_eq!(connection_cap(65_536), MAX_CONNECTIONS);
        // A tiny one still serves a page and a command, and no limit at
        // all (or a huge one) does not overflow.
        assert_eq!(connection_cap(64), 4);
        assert_eq!(connection_cap(u64::MAX), MAX_CONNECTIONS);
        for limit in [256, 512, 1024, 4096] {
            let cap = connection_cap(limit) as u64;
            assert!(
                cap + RESERVED_DESCRIPTORS <= limit,
                "{cap} connections under a limit of {limit}"
            );
        }
    }
}
