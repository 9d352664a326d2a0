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
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

use super::Snapshot;

/// Where open pages listen for reloads.
pub const EVENTS_PATH: &str = "/__dossier/events";

type Shared = watch::Receiver<Arc<Snapshot>>;

pub fn router(rx: Shared) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(get(page))
        .with_state(rx)
}

/// Server-sent events: one `reload` event per new snapshot.
async fn events(
    State(mut rx): State<Shared>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    // Only builds after this page opened the stream may reload it: the
    // shared receiver it was cloned from may not have seen earlier ones.
    rx.borrow_and_update();
    let stream = WatchStream::from_changes(rx)
        .map(|s| Ok(Event::default().event("reload").data(s.version.to_string())));
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

async fn page(State(rx): State<Shared>, uri: Uri) -> Response {
    let snapshot = rx.borrow().clone();
    let Some(key) = page_key(uri.path()) else {
        return not_found(&snapshot);
    };
    if let Some(bytes) = snapshot.pages.get(&key) {
        return respond(&snapshot, &key, bytes, StatusCode::OK);
    }
    // `/glossary/x` -> `/glossary/x/`, as a static host would.
    let dir_index = format!("{key}/index.html");
    if !key.is_empty() && !key.ends_with(".html") && snapshot.pages.contains_key(&dir_index) {
        let location = format!("{}/", uri.path());
        return Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            .header(header::LOCATION, location)
            .body(Body::empty())
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
    }
    not_found(&snapshot)
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
        Body::from(inject(bytes, snapshot.overlay.as_deref()))
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
/// build failed, before `</body>`.
pub fn inject(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let mut extra = format!(
        "<script>(function(){{var es=new EventSource(\"{EVENTS_PATH}\");es.addEventListener(\"reload\",function(){{location.reload();}});}})();</script>"
    );
    if let Some(text) = overlay {
        extra.push_str(
            "<div id=\"dossier-errors\" role=\"alert\" style=\"position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:9999;background:#1d1f21;color:#f5f5f5;border-left:6px solid #d33;padding:1rem;font:13px/1.45 ui-monospace,monospace;box-shadow:0 8px 30px rgba(0,0,0,.4)\"><strong style=\"color:#ff8a8a\">The last edit did not build; showing the last good version.</strong><pre style=\"white-space:pre-wrap;margin:.5rem 0 0\">",
        );
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
    fn overlay_and_reload_script_are_injected_escaped() {
        let out = String::from_utf8(inject(
            b"<html><body><p>x</p></body></html>",
            Some("error: <b>bad</b>"),
        ))
        .unwrap();
        assert!(out.contains("new EventSource(\"/__dossier/events\")"));
        assert!(out.contains("error: &lt;b&gt;bad&lt;/b&gt;"));
        assert!(out.ends_with("</body></html>"));
    }
}
