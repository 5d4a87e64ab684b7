//! The HTTP server: routes, the checks every request passes, and the event
//! streams the pages listen to.
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
use axum::serve::ListenerExt as _;
use futures_util::stream::Stream;
use tokio::sync::{oneshot, watch};
use tokio::time::MissedTickBehavior;

use super::hosts::Hosts;
use super::{Command, REPLY_TIMEOUT, Reply, Shared, ToConsole, Wake, Watches, WebCommand, tokens};
use crate::journal::LinkTokens;

/// The largest request body taken (a message is at most 120 characters).
pub const BODY_LIMIT: usize = 2048;
/// Pages that may listen at once.
pub const MAX_STREAMS: usize = 256;
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

/// What every handler shares.
struct Web {
    tokens: LinkTokens,
    hosts: Hosts,
    wake: Wake,
    shared: Arc<Shared>,
    watches: Watches,
    limiter: Mutex<HashMap<IpAddr, Bucket>>,
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
            limiter: Mutex::new(HashMap::new()),
            last_command: Mutex::new(None),
        });
        let (stop, stopped) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("web".to_owned())
            .spawn(move || serve(listener, web, stopped, &wake))
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

/// The server thread: a current-thread runtime until told to stop. Whatever
/// happens here, the console runs on; it is told the server is off.
fn serve(
    listener: std::net::TcpListener,
    web: WebRef,
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
            let listener = tokio::net::TcpListener::from_std(listener)?.tap_io(|tcp| {
                // Each state is one small write: send it now.
                let _ = tcp.set_nodelay(true);
            });
            let app = router(web).into_make_service_with_connect_info::<SocketAddr>();
            tokio::select! {
                served = axum::serve(listener, app).into_future() => served,
                _ = stopped => Ok(()),
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

/// Every request: the `Host` check first (DNS rebinding), and the headers
/// that keep the pages to themselves on every answer.
async fn guard(State(web): State<WebRef>, request: Request, next: Next) -> Response {
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
        next.run(request).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "This address is not one the timekeeper serves: use the link from the console.\n",
        )
            .into_response()
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

/// A token bucket per address.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Web {
    /// Whether `ip` may send a command now.
    fn admit(&self, ip: IpAddr) -> bool {
        let mut buckets = self.limiter.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        if buckets.len() > 1024 {
            buckets.retain(|_, b| now.duration_since(b.at).as_secs_f64() * PER_SECOND < BURST);
        }
        let bucket = buckets.entry(ip).or_insert(Bucket {
            tokens: BURST,
            at: now,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() * PER_SECOND;
        bucket.tokens = (bucket.tokens + refill).min(BURST);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
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
    };
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}
