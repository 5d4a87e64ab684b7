//! The routes: the pages under their token, the assets, the clock the
//! pages keep in step with, the state, and the commands of the remote and
//! the HTTP API. Every handler under a token takes its extractor
//! ([`ViewToken`], [`ControlToken`]), so none can forget to check it.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::extract::{ApiError, ControlToken, ViewToken, not_found};
use super::stream::{self, Kinds};
use super::{ASSETS, HTML, StateRef};
use crate::web::{Answered, REPLY_TIMEOUT, Reply, ToConsole, WebCommand};

/// Any address the server does not serve.
pub(super) async fn unknown() -> Response {
    not_found()
}

fn page(name: &str) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, text)) => ([(header::CONTENT_TYPE, *kind)], *text).into_response(),
        None => not_found(),
    }
}

pub(super) async fn asset(Path(file): Path<String>) -> Response {
    // The pages themselves are only served under their token.
    match ASSETS.iter().find(|(n, _, _)| *n == file) {
        Some((_, kind, text)) if *kind != HTML => {
            ([(header::CONTENT_TYPE, *kind)], *text).into_response()
        }
        _ => not_found(),
    }
}

pub(super) async fn stage_page(_: ViewToken) -> Response {
    page("stage.html")
}

pub(super) async fn rundown_page(_: ViewToken) -> Response {
    page("rundown.html")
}

/// The hall page: the floor's order for the room's big screen.
pub(super) async fn hall_page(_: ViewToken) -> Response {
    page("hall.html")
}

pub(super) async fn remote_page(_: ControlToken) -> Response {
    page("remote.html")
}

/// The server's wall clock in milliseconds, for the pages' offset.
pub(super) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn time_response() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        format!("{{\"t\":{}}}", now_ms()),
    )
        .into_response()
}

pub(super) async fn view_time(_: ViewToken) -> Response {
    time_response()
}

pub(super) async fn control_time(_: ControlToken) -> Response {
    time_response()
}

pub(super) async fn stage_events(_: ViewToken, State(web): State<StateRef>) -> Response {
    stream::events(
        &web,
        Kinds {
            rundown: false,
            control: false,
        },
    )
}

pub(super) async fn rundown_events(_: ViewToken, State(web): State<StateRef>) -> Response {
    stream::events(
        &web,
        Kinds {
            rundown: true,
            control: false,
        },
    )
}

pub(super) async fn control_events(_: ControlToken, State(web): State<StateRef>) -> Response {
    stream::events(
        &web,
        Kinds {
            rundown: true,
            control: true,
        },
    )
}

pub(super) async fn api_state(_: ControlToken, State(web): State<StateRef>) -> Response {
    let body = format!(
        "{{\"stage\":{},\"rundown\":{},\"control\":{}}}",
        &**web.watches.stage.borrow(),
        &**web.watches.rundown.borrow(),
        &**web.watches.control.borrow()
    );
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

pub(super) async fn api_command(
    _: ControlToken,
    State(web): State<StateRef>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((_, name)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    command(&web, peer, &name, &headers, &body)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

pub(super) async fn api_preset(
    _: ControlToken,
    State(web): State<StateRef>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((_, n)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    command(&web, peer, &format!("preset/{n}"), &headers, &body)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// A command: checked (the origin, the rate), sent to the console, and
/// its answer.
async fn command(
    web: &StateRef,
    peer: SocketAddr,
    name: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, ApiError> {
    if !web.origin_ok(headers) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            name,
            "commands come from the remote page itself or from a panel, not from another site",
        ));
    }
    if !web.admit(peer.ip()) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            name,
            "too many commands: wait a moment",
        ));
    }
    // What the name and the body mean is the console's to say: they go
    // as they came, and the answer names the command as the console does.
    let (sent, answer) = WebCommand::new(name, body);
    let unavailable = |why: &str| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, name, why);
    if !(web.wake)(ToConsole::Command(sent)) {
        return Err(unavailable("the console is closing"));
    }
    match tokio::time::timeout(REPLY_TIMEOUT, answer).await {
        Ok(Ok(Answered {
            command,
            reply: answer,
        })) => Ok(reply(&command, &answer)),
        Ok(Err(_)) => Err(unavailable("the console closed before answering")),
        Err(_) => Err(unavailable(
            "the console did not answer within 3 s: look at it before sending again",
        )),
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
        Reply::Invalid { error } => (
            StatusCode::BAD_REQUEST,
            serde_json::json!({ "ok": false, "command": name, "error": error }),
        ),
    };
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}
