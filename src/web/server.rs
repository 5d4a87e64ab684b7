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

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::stream::Stream;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{oneshot, watch};
use tokio::time::MissedTickBehavior;

use super::hosts::Hosts;
use super::{Command, REPLY_TIMEOUT, Reply, Shared, ToConsole, Wake, Watches, WebCommand, tokens};
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
/// How often a page hears that the console is alive when nothing changes.
pub const HEARTBEAT: Duration = Duration::from_secs(1);
/// The console counts as alive this long after it last published.
const ALIVE_FOR_MS: i64 = 2500;
/// How soon a page's `EventSource` tries again after losing the console.
const RETRY: Duration = Duration::from_secs(1);
/// The same guarded command again within this long is taken for a double
/// tap, as with the console's keys.
const REPEAT_WINDOW: Duration = Duration::from_millis(400);
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
    ("stage.html", HTML, include_str!("pages/stage.html")),
    ("rundown.html", HTML, include_str!("pages/rundown.html")),
    ("remote.html", HTML, include_str!("pages/remote.html")),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("pages/style.css"),
    ),
    ("common.js", JS, include_str!("pages/common.js")),
    ("stage.js", JS, include_str!("pages/stage.js")),
    ("rundown.js", JS, include_str!("pages/rundown.js")),
    ("remote.js", JS, include_str!("pages/remote.js")),
    ("chime.js", JS, include_str!("pages/chime.js")),
];
const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

/// What a request without the right token gets, whatever it asked for.
const ASK: &str = "<!doctype html><meta charset=utf-8><meta name=viewport content=\"width=device-width\"><title>timekeeper</title><p style=\"font:1.5em sans-serif;margin:2em\">Ask the timekeeper for the link.</p>\n";

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
        }
    }
}

/// What every handler shares.
struct Web {
    tokens: LinkTokens,
    hosts: Hosts,
    wake: Wake,
    shared: Arc<Shared>,
    watches: Watches,
    body_timeout: Duration,
    limiter: Mutex<HashMap<IpAddr, Bucket>>,
    /// The control token's own bucket, whatever address a command is from.
    token_bucket: Mutex<Bucket>,
    last_command: Mutex<Option<(String, Instant)>>,
}

type WebRef = Arc<Web>;

impl Server {
    pub(super) fn start(
        addr: SocketAddr,
        tokens: &LinkTokens,
        wake: Wake,
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
        ];
        let web = Arc::new(Web {
            tokens: tokens.clone(),
            hosts,
            wake: Arc::clone(&wake),
            shared,
            watches,
            body_timeout: limits.body_timeout,
            limiter: Mutex::new(HashMap::new()),
            token_bucket: Mutex::new(Bucket {
                tokens: TOKEN_BURST,
                at: Instant::now(),
            }),
            last_command: Mutex::new(None),
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
    web: WebRef,
    limits: Limits,
    stopped: oneshot::Receiver<()>,
    wake: &Wake,
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
async fn accept(listener: tokio::net::TcpListener, web: WebRef, limits: Limits) {
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
struct Opened(WebRef);

impl Opened {
    fn new(web: &WebRef) -> Self {
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
pub(crate) struct Slot {
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
    pub(crate) fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<Slot> {
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
        Some(Slot {
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

impl Drop for Slot {
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

fn router(web: WebRef) -> Router {
    Router::new()
        .route("/s/{token}", get(stage_page))
        .route("/s/{token}/rundown", get(rundown_page))
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
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(Arc::clone(&web), guard))
        .with_state(web)
}

/// Why a request is refused before anything else looks at it: two `Host`
/// headers (which one would be checked?), or a `Transfer-Encoding` (every
/// body here is small and sent with its length; a request with both a
/// length and an encoding is how requests are smuggled past a proxy).
fn malformed(headers: &HeaderMap) -> Option<&'static str> {
    if headers.get_all(header::HOST).iter().nth(1).is_some() {
        return Some("A request has one Host header.\n");
    }
    if headers.contains_key(header::TRANSFER_ENCODING) {
        return Some("Send the body with a Content-Length, not a Transfer-Encoding.\n");
    }
    None
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// Every request: refused when malformed, the `Host` check (DNS
/// rebinding), the body read within [`BODY_TIMEOUT`], and the headers that
/// keep the pages to themselves on every answer.
async fn guard(State(web): State<WebRef>, request: Request, next: Next) -> Response {
    if let Some(why) = malformed(request.headers()) {
        let mut response = plain(StatusCode::BAD_REQUEST, why);
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return response;
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let authority = request
        .uri()
        .authority()
        .map(axum::http::uri::Authority::as_str);
    let host_ok = match (host, authority) {
        (Some(host), None) => web.hosts.allows(host),
        (Some(host), Some(authority)) => {
            web.hosts.allows(host) && host.eq_ignore_ascii_case(authority)
        }
        (None, Some(authority)) => web.hosts.allows(authority),
        (None, None) => false,
    };
    let asset = request.uri().path().starts_with("/assets/");
    let mut response = if host_ok {
        match whole_body(request, web.body_timeout).await {
            Ok(request) => next.run(request).await,
            Err(refusal) => refusal,
        }
    } else {
        plain(
            StatusCode::MISDIRECTED_REQUEST,
            "This address is not one the timekeeper serves: use the link from the console.\n",
        )
    };
    let headers = response.headers_mut();
    let cache = if asset { "no-cache" } else { "no-store" };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// The request with its body read: at most [`BODY_LIMIT`] bytes, within
/// the body timeout (a body sent a byte a minute holds a connection no
/// longer than that).
async fn whole_body(request: Request, timeout: Duration) -> Result<Request, Response> {
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, BODY_LIMIT)).await {
        Ok(Ok(bytes)) => Ok(Request::from_parts(parts, axum::body::Body::from(bytes))),
        Ok(Err(_)) => Err(plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The body is larger than any command takes.\n",
        )),
        Err(_) => Err(plain(
            StatusCode::REQUEST_TIMEOUT,
            "The body did not arrive in time.\n",
        )),
    }
}

fn not_found_response() -> Response {
    (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, HTML)], ASK).into_response()
}

async fn not_found() -> Response {
    not_found_response()
}

impl Web {
    fn view(&self, token: &str) -> bool {
        tokens::matches(token, &self.tokens.view)
    }

    fn control(&self, token: &str) -> bool {
        tokens::matches(token, &self.tokens.control)
    }
}

fn page(name: &str) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, text)) => ([(header::CONTENT_TYPE, *kind)], *text).into_response(),
        None => not_found_response(),
    }
}

async fn asset(Path(file): Path<String>) -> Response {
    // The pages themselves are only served under their token.
    match ASSETS.iter().find(|(n, _, _)| *n == file) {
        Some((_, kind, text)) if *kind != HTML => {
            ([(header::CONTENT_TYPE, *kind)], *text).into_response()
        }
        _ => not_found_response(),
    }
}

async fn stage_page(State(web): State<WebRef>, Path(token): Path<String>) -> Response {
    if web.view(&token) {
        page("stage.html")
    } else {
        not_found_response()
    }
}

async fn rundown_page(State(web): State<WebRef>, Path(token): Path<String>) -> Response {
    if web.view(&token) {
        page("rundown.html")
    } else {
        not_found_response()
    }
}

async fn remote_page(State(web): State<WebRef>, Path(token): Path<String>) -> Response {
    if web.control(&token) {
        page("remote.html")
    } else {
        not_found_response()
    }
}

/// The server's wall clock in milliseconds, for the pages' offset.
fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn time_response() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        format!("{{\"t\":{}}}", now_ms()),
    )
        .into_response()
}

async fn view_time(State(web): State<WebRef>, Path(token): Path<String>) -> Response {
    if web.view(&token) {
        time_response()
    } else {
        not_found_response()
    }
}

async fn control_time(State(web): State<WebRef>, Path(token): Path<String>) -> Response {
    if web.control(&token) {
        time_response()
    } else {
        not_found_response()
    }
}

/// What a stream carries besides the stage.
#[derive(Debug, Clone, Copy)]
struct Kinds {
    rundown: bool,
    control: bool,
}

async fn stage_events(State(web): State<WebRef>, Path(token): Path<String>) -> Response {
    if !web.view(&token) {
        return not_found_response();
    }
    events(
        &web,
        Kinds {
            rundown: false,
            control: false,
        },
    )
}

async fn rundown_events(State(web): State<WebRef>, Path(token): Path<String>) -> Response {
    if !web.view(&token) {
        return not_found_response();
    }
    events(
        &web,
        Kinds {
            rundown: true,
            control: false,
        },
    )
}

async fn control_events(State(web): State<WebRef>, Path(token): Path<String>) -> Response {
    if !web.control(&token) {
        return not_found_response();
    }
    events(
        &web,
        Kinds {
            rundown: true,
            control: true,
        },
    )
}

async fn api_state(State(web): State<WebRef>, Path(token): Path<String>) -> Response {
    if !web.control(&token) {
        return not_found_response();
    }
    let body = format!(
        "{{\"stage\":{},\"rundown\":{},\"control\":{}}}",
        &**web.watches.stage.borrow(),
        &**web.watches.rundown.borrow(),
        &**web.watches.control.borrow()
    );
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// A page connected: counted while its stream lives, the console told.
struct Counted(WebRef);

impl Counted {
    fn new(web: &WebRef) -> Option<Self> {
        let shared = &web.shared;
        let before = shared.connected.fetch_add(1, Ordering::Relaxed);
        if before >= MAX_STREAMS {
            shared.connected.fetch_sub(1, Ordering::Relaxed);
            return None;
        }
        tell_count(web);
        Some(Self(Arc::clone(web)))
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.shared.connected.fetch_sub(1, Ordering::Relaxed);
        tell_count(&self.0);
    }
}

/// One wake-up for any number of changes: the console reads the count.
fn tell_count(web: &Web) {
    if !web.shared.count_pending.swap(true, Ordering::Relaxed) {
        (web.wake)(ToConsole::Connected);
    }
}

/// A page's stream: what it asked for now, then each change, and a beat
/// every second while the console is alive.
struct Feed {
    web: WebRef,
    queue: VecDeque<Event>,
    stage: watch::Receiver<Arc<str>>,
    rundown: Option<watch::Receiver<Arc<str>>>,
    control: Option<watch::Receiver<Arc<str>>>,
    beat: tokio::time::Interval,
    _counted: Counted,
}

fn events(web: &WebRef, kinds: Kinds) -> Response {
    let Some(counted) = Counted::new(web) else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Too many pages are connected.\n",
        )
            .into_response();
    };
    let mut stage = web.watches.stage.clone();
    let mut rundown = kinds.rundown.then(|| web.watches.rundown.clone());
    let mut control = kinds.control.then(|| web.watches.control.clone());
    let mut queue = VecDeque::new();
    // The words in every language, once: the state names the one to show.
    queue.push_back(event("words", crate::lang::tables_json()));
    queue.push_back(
        Event::default()
            .retry(RETRY)
            .event("stage")
            .data(&*stage.borrow_and_update().clone()),
    );
    if let Some(rx) = rundown.as_mut() {
        queue.push_back(event("rundown", &rx.borrow_and_update()));
    }
    if let Some(rx) = control.as_mut() {
        queue.push_back(event("control", &rx.borrow_and_update()));
    }
    let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT);
    beat.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let feed = Feed {
        web: Arc::clone(web),
        queue,
        stage,
        rundown,
        control,
        beat,
        _counted: counted,
    };
    Sse::new(stream(feed)).into_response()
}

fn event(kind: &'static str, data: &str) -> Event {
    Event::default().event(kind).data(data)
}

/// Waits for a change on a watch the stream may not have.
async fn changed(rx: &mut Option<watch::Receiver<Arc<str>>>) -> Option<Arc<str>> {
    match rx {
        Some(rx) => match rx.changed().await {
            Ok(()) => Some(rx.borrow_and_update().clone()),
            Err(_) => None,
        },
        None => std::future::pending().await,
    }
}

fn stream(feed: Feed) -> impl Stream<Item = Result<Event, Infallible>> {
    futures_util::stream::unfold(feed, |mut feed| async move {
        if let Some(event) = feed.queue.pop_front() {
            return Some((Ok(event), feed));
        }
        loop {
            let next = tokio::select! {
                // In a fixed order when several changed at once: the stage
                // first (what the speaker sees is never behind), and a page
                // reading the stream gets the same order every time.
                biased;
                changed = feed.stage.changed() => match changed {
                    Ok(()) => Some(event("stage", &feed.stage.borrow_and_update().clone())),
                    // The console is gone: end, and the page says NO LINK.
                    Err(_) => return None,
                },
                data = changed(&mut feed.rundown) => Some(event("rundown", &data?)),
                data = changed(&mut feed.control) => Some(event("control", &data?)),
                _ = feed.beat.tick() => {
                    let alive = feed.web.shared.alive_ms.load(Ordering::Relaxed);
                    let now = now_ms();
                    (now - alive < ALIVE_FOR_MS).then(|| event("beat", &format!("{{\"t\":{now}}}")))
                }
            };
            if let Some(event) = next {
                return Some((Ok(event), feed));
            }
        }
    })
}

/// A token bucket (per address, and one for the control token).
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    /// Refills at `rate` a second up to `burst`; whether one is left.
    fn refill(&mut self, now: Instant, rate: f64, burst: f64) -> bool {
        let refill = now.duration_since(self.at).as_secs_f64() * rate;
        self.tokens = (self.tokens + refill).min(burst);
        self.at = now;
        self.tokens >= 1.0
    }
}

impl Web {
    /// Whether `ip` may send a command now, and the control token too
    /// (however many addresses it is sent from).
    fn admit(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        let mut buckets = self.limiter.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() > 1024 {
            buckets.retain(|_, b| now.duration_since(b.at).as_secs_f64() * PER_SECOND < BURST);
        }
        let bucket = buckets.entry(ip).or_insert(Bucket {
            tokens: BURST,
            at: now,
        });
        let mut token = self
            .token_bucket
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Both must have room; neither is spent when the other has none.
        if bucket.refill(now, PER_SECOND, BURST) && token.refill(now, TOKEN_PER_SECOND, TOKEN_BURST)
        {
            bucket.tokens -= 1.0;
            token.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Whether this is the same guarded command as the last, moments ago.
    fn repeated(&self, command: &Command) -> bool {
        let mut last = self
            .last_command
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let name = command.name();
        let repeated = command.is_guarded()
            && last
                .as_ref()
                .is_some_and(|(n, at)| *n == name && now.duration_since(*at) < REPEAT_WINDOW);
        *last = Some((name, now));
        repeated
    }

    /// A command from a browser must come from the page's own origin; one
    /// without `Origin` is a panel or a script, which needs the token all
    /// the same.
    fn origin_ok(&self, headers: &HeaderMap) -> bool {
        if let Some(site) = headers.get("sec-fetch-site")
            && !matches!(site.as_bytes(), b"same-origin" | b"none")
        {
            return false;
        }
        let Some(origin) = headers.get(header::ORIGIN) else {
            return true;
        };
        let Some(authority) = origin.to_str().ok().and_then(|o| o.strip_prefix("http://")) else {
            return false;
        };
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        authority.eq_ignore_ascii_case(host) && self.hosts.allows(authority)
    }
}

fn api_error(status: StatusCode, command: &str, why: &str) -> Response {
    let body = serde_json::json!({ "ok": false, "command": command, "error": why });
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn api_command(
    State(web): State<WebRef>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((token, name)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    command(&web, peer, &token, &name, &headers, &body).await
}

async fn api_preset(
    State(web): State<WebRef>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((token, n)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    command(&web, peer, &token, &format!("preset/{n}"), &headers, &body).await
}

/// A command: checked, sent to the console, and its answer.
async fn command(
    web: &WebRef,
    peer: SocketAddr,
    token: &str,
    name: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    if !web.control(token) {
        return not_found_response();
    }
    if !web.origin_ok(headers) {
        return api_error(
            StatusCode::FORBIDDEN,
            name,
            "commands come from the remote page itself or from a panel, not from another site",
        );
    }
    if !web.admit(peer.ip()) {
        return api_error(
            StatusCode::TOO_MANY_REQUESTS,
            name,
            "too many commands: wait a moment",
        );
    }
    let command = match Command::parse(name, body) {
        Ok(command) => command,
        Err(why) => return api_error(StatusCode::BAD_REQUEST, name, &why),
    };
    let name = command.name();
    if web.repeated(&command) {
        return reply(
            &name,
            &Reply::Refused {
                refused: "the same command twice within 0.4 s: taken for a double tap".to_owned(),
            },
        );
    }
    let (sent, answer) = WebCommand::new(command);
    if !(web.wake)(ToConsole::Command(sent)) {
        return api_error(
            StatusCode::SERVICE_UNAVAILABLE,
            &name,
            "the console is closing",
        );
    }
    match tokio::time::timeout(REPLY_TIMEOUT, answer).await {
        Ok(Ok(answer)) => reply(&name, &answer),
        Ok(Err(_)) => api_error(
            StatusCode::SERVICE_UNAVAILABLE,
            &name,
            "the console closed before answering",
        ),
        Err(_) => api_error(
            StatusCode::SERVICE_UNAVAILABLE,
            &name,
            "the console did not answer within 3 s: look at it before sending again",
        ),
    }
}

fn reply(name: &str, reply: &Reply) -> Response {
    let (status, body) = match reply {
        Reply::Done { seq } => (
            StatusCode::OK,
            serde_json::json!({ "ok": true, "command": name, "seq": seq }),
        ),
        Reply::Refused { refused } => (
            StatusCode::CONFLICT,
            serde_json::json!({ "ok": false, "command": name, "refused": refused }),
        ),
        Reply::NotRecorded { not_recorded } => (
            StatusCode::SERVICE_UNAVAILABLE,
            serde_json::json!({
                "ok": false,
                "command": name,
                "error": format!("NOT RECORDING: {not_recorded}"),
                "not_recorded": not_recorded,
            }),
        ),
    };
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
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
        let held: Vec<Slot> = (0..4).map(|_| gate.admit(here).unwrap()).collect();
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

    #[test]
    fn two_host_headers_or_a_transfer_encoding_are_refused() {
        let mut headers = HeaderMap::new();
        headers.append(header::HOST, HeaderValue::from_static("127.0.0.1:7878"));
        assert_eq!(malformed(&headers), None);
        headers.append(header::HOST, HeaderValue::from_static("evil.example"));
        assert!(malformed(&headers).is_some());
        let mut headers = HeaderMap::new();
        headers.append(header::HOST, HeaderValue::from_static("127.0.0.1:7878"));
        headers.append(
            header::TRANSFER_ENCODING,
            HeaderValue::from_static("chunked"),
        );
        assert!(malformed(&headers).is_some());
    }
}
