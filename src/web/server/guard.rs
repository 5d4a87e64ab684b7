//! The checks every request passes before its route: a malformed head is
//! refused, the `Host` must be one of this machine's (DNS rebinding), the
//! body is read whole within its time and size, and every answer carries
//! the headers that keep the pages to themselves. Commands are also held to
//! a rate (per address, and for the control token) and to the page's own
//! origin.

use std::net::IpAddr;
use std::sync::PoisonError;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{BODY_LIMIT, BURST, PER_SECOND, ServerState, StateRef, TOKEN_BURST, TOKEN_PER_SECOND};

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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

pub(super) fn plain(status: StatusCode, text: &'static str) -> Response {
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
pub(super) async fn guard(State(web): State<StateRef>, request: Request, next: Next) -> Response {
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

/// A token bucket (per address, and one for the control token).
#[derive(Debug, Clone, Copy)]
pub(super) struct Bucket {
    pub(super) tokens: f64,
    pub(super) at: Instant,
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

impl ServerState {
    /// Whether `ip` may send a command now, and the control token too
    /// (however many addresses it is sent from).
    pub(super) fn admit(&self, ip: IpAddr) -> bool {
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

    /// A command from a browser must come from the page's own origin; one
    /// without `Origin` is a panel or a script, which needs the token all
    /// the same.
    pub(super) fn origin_ok(&self, headers: &HeaderMap) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
