//! The HTTP side of `serve`: pages from memory, the live-reload stream and
//! the error overlay.
//!
//! Requests are answered from the in-memory site only: a path is decoded,
//! checked and looked up in a map, so no request can reach the file system,
//! whatever `..` or encoding it carries.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

use super::Snapshot;

/// Where open pages listen for reloads.
pub const EVENTS_PATH: &str = "/__dossier/events";

/// What every request handler sees.
#[derive(Clone)]
pub struct AppState {
    /// The site being served.
    pub site: watch::Receiver<Arc<Snapshot>>,
    /// Turns true when the server stops: live-reload streams end then.
    pub stop: watch::Receiver<bool>,
    /// Host names a request may carry (without port), or `None` to accept
    /// any: on a loopback address only the machine's own names are
    /// answered, so a page elsewhere cannot read the site by rebinding
    /// its own name to 127.0.0.1.
    pub allowed_hosts: Option<Vec<&'static str>>,
}

/// The names of this machine a browser uses for a loopback server.
pub fn loopback_hosts() -> Vec<&'static str> {
    vec!["localhost", "127.0.0.1", "[::1]"]
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(get(page))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            check_host,
        ))
        .with_state(state)
}

/// Refuses requests whose `Host` is not one of the allowed names.
async fn check_host(
    State(state): State<AppState>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    if let Some(allowed) = &state.allowed_hosts {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !host_allowed(host, allowed) {
            return (
                StatusCode::FORBIDDEN,
                "dossier serve answers only requests to this machine (localhost, 127.0.0.1)\n",
            )
                .into_response();
        }
    }
    next.run(req).await
}

/// Whether a `Host` header names one of `allowed`, with or without a port.
pub fn host_allowed(host: &str, allowed: &[&str]) -> bool {
    let name = if host.starts_with('[') {
        host.find(']').map_or(host, |i| &host[..=i])
    } else {
        host.split(':').next().unwrap_or("")
    };
    let name = name.to_ascii_lowercase();
    // 127.0.0.0/8 is all loopback.
    allowed.contains(&name.as_str())
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Server-sent events: one `reload` event per new snapshot, until the
/// server stops.
async fn events(
    State(state): State<AppState>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let mut rx = state.site;
    // Only builds after this page opened the stream may reload it: the
    // shared receiver it was cloned from may not have seen earlier ones.
    rx.borrow_and_update();
    let reloads = WatchStream::from_changes(rx).map(|s| Some(s.version));
    let stop = WatchStream::new(state.stop)
        .filter(|stopping| *stopping)
        .map(|_| None);
    let stream = reloads.merge(stop).take_while(Option::is_some).map(|v| {
        Ok(Event::default()
            .event("reload")
            .data(v.unwrap_or_default().to_string()))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

async fn page(State(state): State<AppState>, req: Request) -> Response {
    let snapshot = state.site.borrow().clone();
    let uri = req.uri();
    if !snapshot.built {
        return not_built(&snapshot);
    }
    let Some(key) = page_key(uri.path()) else {
        return not_found(&snapshot);
    };
    if let Some(bytes) = snapshot.get(&key) {
        return respond(&snapshot, &key, bytes, StatusCode::OK);
    }
    // `/glossary/x` -> `/glossary/x/`, as a static host would. The target
    // is made from the clean key, never the raw path: `//glossary` must
    // not become `//glossary/`, which a browser reads as another host.
    let dir_index = format!("{key}/index.html");
    if !key.is_empty() && !key.ends_with(".html") && snapshot.get(&dir_index).is_some() {
        let mut location = format!("/{key}/");
        if let Some(q) = uri.query() {
            location.push('?');
            location.push_str(q);
        }
        return Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            .header(header::LOCATION, location)
            .body(Body::empty())
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
    }
    not_found(&snapshot)
}

/// Before the first good build there is no site: every page is a minimal
/// one with the errors and the reload script, so the tab recovers by
/// itself once the site builds.
fn not_built(snapshot: &Snapshot) -> Response {
    let html = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The site does not build yet</title></head><body><h1>The site does not build yet</h1><p>Fix the problems below; this page reloads once the site builds.</p></body></html>";
    let body = inject(html, Some(snapshot.overlay.as_deref().unwrap_or("")), false);
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn not_found(snapshot: &Snapshot) -> Response {
    match snapshot.pages.get("404.html") {
        Some(bytes) => respond(snapshot, "404.html", bytes, StatusCode::NOT_FOUND),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The key of a request path in the site map, or `None` for a path that
/// tries to leave the site.
pub fn page_key(path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut key = parts.join("/");
    if key.is_empty() || decoded.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

fn content_type(key: &str) -> &'static str {
    match key.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn respond(snapshot: &Snapshot, key: &str, bytes: &[u8], status: StatusCode) -> Response {
    let body = if key.ends_with(".html") {
        Body::from(inject(bytes, snapshot.overlay.as_deref(), true))
    } else {
        Body::from(bytes.to_vec())
    };
    let mut res = Response::new(body);
    *res.status_mut() = status;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(key)),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Adds the live-reload script, and the error overlay when the latest
/// build failed, before `</body>`; `last_good` says whether a good version
/// of the page is what is shown under the overlay.
pub fn inject(html: &[u8], overlay: Option<&str>, last_good: bool) -> Vec<u8> {
    let mut extra = format!(
        "<script>(function(){{var es=new EventSource(\"{EVENTS_PATH}\");es.addEventListener(\"reload\",function(){{location.reload();}});}})();</script>"
    );
    if let Some(text) = overlay {
        extra.push_str(
            "<div id=\"dossier-errors\" role=\"alert\" style=\"position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:9999;background:#1d1f21;color:#f5f5f5;border-left:6px solid #d33;padding:1rem;font:13px/1.45 ui-monospace,monospace;box-shadow:0 8px 30px rgba(0,0,0,.4)\"><strong style=\"color:#ff8a8a\">",
        );
        extra.push_str(if last_good {
            "The last edit did not build; showing the last good version."
        } else {
            "The site does not build."
        });
        extra.push_str("</strong><pre style=\"white-space:pre-wrap;margin:.5rem 0 0\">");
        extra.push_str(&escape(text));
        extra.push_str("</pre></div>");
    }
    let html = String::from_utf8_lossy(html);
    let out = match html.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
        None => format!("{html}{extra}"),
    };
    out.into_bytes()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_keys_and_never_leave_the_site() {
        assert_eq!(page_key("/").as_deref(), Some("index.html"));
        assert_eq!(
            page_key("/glossary/").as_deref(),
            Some("glossary/index.html")
        );
        assert_eq!(page_key("/css/site.css").as_deref(), Some("css/site.css"));
        assert_eq!(
            page_key("/glossary/nusra-front").as_deref(),
            Some("glossary/nusra-front")
        );
        assert_eq!(
            page_key("/%67lossary/").as_deref(),
            Some("glossary/index.html")
        );
        assert_eq!(page_key("/../etc/passwd"), None);
        assert_eq!(page_key("/a/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(page_key("/..%2f..%2fetc/passwd"), None);
        assert_eq!(page_key("/a%5c..%5cb"), None);
        assert_eq!(page_key("/%00"), None);
    }

    #[test]
    fn only_this_machine_names_pass_the_host_check() {
        let allowed = loopback_hosts();
        for ok in [
            "localhost:1111",
            "LOCALHOST",
            "127.0.0.1:80",
            "127.1.2.3:9",
            "[::1]:1111",
        ] {
            assert!(host_allowed(ok, &allowed), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "localhost.evil.example",
            "",
            "[::2]:1",
            "10.0.0.1",
        ] {
            assert!(!host_allowed(bad, &allowed), "{bad}");
        }
    }

    #[test]
    fn overlay_and_reload_script_are_injected_escaped() {
        let out = String::from_utf8(inject(
            b"<html><body><p>x</p></body></html>",
            Some("error: <b>bad</b>"),
            true,
        ))
        .unwrap();
        assert!(out.contains("new EventSource(\"/__dossier/events\")"));
        assert!(out.contains("error: &lt;b&gt;bad&lt;/b&gt;"));
        assert!(out.ends_with("</body></html>"));
    }
}
