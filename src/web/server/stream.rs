//! The pages' event streams: what a page asked for at once, then each
//! change as the console publishes it, and a beat every 15 s
//! ([`HEARTBEAT`](super::HEARTBEAT)) while the console is alive (a page
//! without beats says NO LINK). Each stream is counted while it lives, and
//! the console told.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::http::{StatusCode, header};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::Stream;
use tokio::sync::watch;
use tokio::time::MissedTickBehavior;

use super::routes::now_ms;
use super::{ALIVE_FOR_MS, MAX_STREAMS, RETRY, ServerState, StateRef};
use crate::web::ToConsole;

/// What a stream carries besides the stage.
#[derive(Debug, Clone, Copy)]
pub(super) struct Kinds {
    pub rundown: bool,
    pub control: bool,
}

/// A page connected: counted while its stream lives, the console told.
struct Counted(StateRef);

impl Counted {
    fn new(web: &StateRef) -> Option<Self> {
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
pub(super) fn tell_count(web: &ServerState) {
    if !web.shared.count_pending.swap(true, Ordering::Relaxed) {
        (web.wake)(ToConsole::Connected);
    }
}

/// A page's stream: what it asked for now, then each change, and a beat
/// every [`Limits::heartbeat`](super::Limits) while the console is alive.
struct Feed {
    web: StateRef,
    queue: VecDeque<Event>,
    stage: watch::Receiver<Arc<str>>,
    rundown: Option<watch::Receiver<Arc<str>>>,
    control: Option<watch::Receiver<Arc<str>>>,
    beat: tokio::time::Interval,
    _counted: Counted,
}

pub(super) fn events(web: &StateRef, kinds: Kinds) -> Response {
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
    let mut beat =
        tokio::time::interval_at(tokio::time::Instant::now() + web.heartbeat, web.heartbeat);
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
