//! What a handler takes from a request before it runs: the token it is
//! served under, checked once here so no route can forget it, and the one
//! shape of a refused API command.
//!
//! A route under `/s/{token}` takes a [`ViewToken`], one under
//! `/c/{token}` a [`ControlToken`]; without the right token the request is
//! answered as an unknown address, so nothing tells a guess from a page.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{ASK, HTML, StateRef};
use crate::web::tokens;

/// What a request without the right token gets, whatever it asked for.
pub(super) fn not_found() -> Response {
    (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, HTML)], ASK).into_response()
}

/// The `{token}` of the route, if it has one.
async fn token(parts: &mut Parts, web: &StateRef) -> Option<String> {
    let params = RawPathParams::from_request_parts(parts, web).await.ok()?;
    params
        .iter()
        .find(|(key, _)| *key == "token")
        .map(|(_, value)| value.to_owned())
}

/// The request came with the view token: the stage, the rundown, the hall.
#[derive(Debug, Clone, Copy)]
pub(super) struct ViewToken;

impl FromRequestParts<StateRef> for ViewToken {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, web: &StateRef) -> Result<Self, Response> {
        match token(parts, web).await {
            Some(given) if tokens::matches(&given, &web.tokens.view) => Ok(Self),
            _ => Err(not_found()),
        }
    }
}

/// The request came with the control token: the remote and its commands.
#[derive(Debug, Clone, Copy)]
pub(super) struct ControlToken;

impl FromRequestParts<StateRef> for ControlToken {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, web: &StateRef) -> Result<Self, Response> {
        match token(parts, web).await {
            Some(given) if tokens::matches(&given, &web.tokens.control) => Ok(Self),
            _ => Err(not_found()),
        }
    }
}

/// A command refused before the console saw it, or that it could not
/// answer: `{"ok": false, "command": …, "error": …}` with its status.
#[derive(Debug)]
pub(super) struct ApiError {
    pub status: StatusCode,
    pub command: String,
    pub why: String,
}

impl ApiError {
    pub(super) fn new(status: StatusCode, command: &str, why: impl Into<String>) -> Self {
        Self {
            status,
            command: command.to_owned(),
            why: why.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "ok": false, "command": self.command, "error": self.why });
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
            .into_response()
    }
}
