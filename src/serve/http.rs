//! Answering the browser: the built site's files from memory (nothing else: no path leads out
//! of it), the reload script, and the stream of build events.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use hyper::header::{HeaderValue, ALLOW, CONTENT_TYPE, IF_MODIFIED_SINCE, IF_NONE_MATCH};
use hyper::{Method, Request, Response, StatusCode};
use percent_encoding::percent_decode_str;

use super::body::{Body, Events};
use super::store::{sse_message, Shared};
use crate::output::content_type;

/// The script every served page loads in serve mode (never part of a build's output).
pub const RELOAD_JS: &str = include_str!("reload.js");
/// The error overlay's look, loaded by the script (the theme's CSP forbids inline styles).
pub const OVERLAY_CSS: &str = include_str!("overlay.css");
pub const SCRIPT_URL: &str = "/__loa/reload.js";
const EVENTS_URL: &str = "/__loa/events";
const CSS_URL: &str = "/__loa/overlay.css";
/// The tag added before `</head>` of every HTML page served.
pub const SCRIPT_TAG: &str = "<script src=/__loa/reload.js defer></script>";
/// The policy the README's nginx configuration sends, so a preview breaks where production would.
const CSP: &str = "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
/// An SVG opened on its own is a document that could run script: it may not, nor load anything.
const SVG_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
/// How many event streams (open preview tabs) are served at once.
const MAX_STREAMS: usize = 64;
/// The event streams open now.
static STREAMS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The answer to one request.
pub fn answer<B>(request: &Request<B>, shared: &Arc<Shared>) -> Response<Body> {
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        return status(StatusCode::METHOD_NOT_ALLOWED)
            .header(ALLOW, "GET, HEAD")
            .body(Body::empty())
            .unwrap_or_else(|_| failed());
    }
    let path = request.uri().path();
    match path {
        EVENTS_URL => return events(shared),
        SCRIPT_URL => return send_static(RELOAD_JS, "text/javascript; charset=utf-8"),
        CSS_URL => return send_static(OVERLAY_CSS, "text/css; charset=utf-8"),
        _ => {}
    }
    match lookup(shared, path) {
        Answer::File { entry, content_type, frames } => send_file(request, entry, content_type, frames),
        Answer::Redirect(to) => status(StatusCode::MOVED_PERMANENTLY)
            .header(hyper::header::LOCATION, crate::text::escape::encode_path(&to).as_ref())
            .body(Body::empty())
            .unwrap_or_else(|_| failed()),
        Answer::NotFound(body) => html(body, StatusCode::NOT_FOUND),
        Answer::NoBuild(body) => html(body, StatusCode::INTERNAL_SERVER_ERROR),
    }
}

fn status(code: StatusCode) -> hyper::http::response::Builder {
    Response::builder().status(code)
}

/// What a response that could not be put together becomes (a header value it refused).
fn failed() -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response
}

enum Answer {
    /// `frames`: the origin the page may load frames from (a YouTube player), from `frames.map`.
    File {
        entry: Arc<super::store::Entry>,
        content_type: &'static str,
        frames: Option<String>,
    },
    Redirect(String),
    NotFound(Vec<u8>),
    NoBuild(Vec<u8>),
}

/// The output file a request path names, if it names one: `%2e%2e`, `..`, `.`, backslashes
/// and NUL are refused before the lookup, so only keys of the built site are ever served.
pub fn file_key(path: &str, base_path: &str) -> Option<String> {
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return None;
    }
    let rest = if base_path.is_empty() {
        &decoded[..]
    } else {
        let rest = decoded.strip_prefix(base_path)?;
        if !rest.is_empty() && !rest.starts_with('/') {
            return None;
        }
        rest
    };
    let rest = rest.trim_start_matches('/');
    if rest.split('/').any(|seg| seg == ".." || seg == ".") || rest.contains("//") {
        return None;
    }
    Some(if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest.to_string() })
}

fn lookup(shared: &Shared, path: &str) -> Answer {
    let store = shared.read();
    if !store.built {
        return Answer::NoBuild(no_build_page(shared, &store));
    }
    let key = file_key(path, &store.base_path);
    if let Some(key) = &key {
        if let Some(entry) = store.files.get(key) {
            let frames = store.files.get(crate::site::urls::FRAME_MAP).and_then(|map| {
                let map = std::str::from_utf8(&map.bytes).ok()?;
                crate::site::media::frame_origin(map, &format!("{}/{key}", store.base_path)).map(str::to_string)
            });
            return Answer::File { entry: Arc::clone(entry), content_type: content_type(key), frames };
        }
        // "/tin-tuc/a" → "/tin-tuc/a/", as nginx's try_files does. The address is made from
        // the key, never from the request: `//evil.example/x` must not lead off the site.
        if !key.ends_with("index.html") && store.files.contains_key(&format!("{key}/index.html")) {
            return Answer::Redirect(format!("{}/{key}/", store.base_path));
        }
    }
    let body = store
        .files
        .get(crate::site::urls::NOT_FOUND_FILE)
        .map_or_else(|| b"404 Not Found".to_vec(), |e| inject(&e.bytes));
    Answer::NotFound(body)
}

/// The page with the reload script added before `</head>` (or at the start when there is none).
pub fn inject(page: &[u8]) -> Vec<u8> {
    let at = find(page, b"</head>").unwrap_or(0);
    let mut out = Vec::with_capacity(page.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// [`CSP`] for a page that embeds a player: frames from its own origin and from `origin`.
fn with_frames(origin: &str) -> String {
    format!(
        "default-src 'self'; frame-src 'self' {origin}; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
    )
}

fn html(body: Vec<u8>, code: StatusCode) -> Response<Body> {
    status(code)
        .header(CONTENT_TYPE, "text/html; charset=utf-8")
        .header("Cache-Control", "no-store")
        .header("Content-Security-Policy", CSP)
        .body(body.into())
        .unwrap_or_else(|_| failed())
}

fn send_static(text: &'static str, content_type: &'static str) -> Response<Body> {
    Response::builder()
        .header(CONTENT_TYPE, content_type)
        .header("Cache-Control", "no-cache")
        .header("X-Content-Type-Options", "nosniff")
        .body(Bytes::from_static(text.as_bytes()).into())
        .unwrap_or_else(|_| failed())
}

/// The bytes of an entry, shared with the store rather than copied.
struct SharedBytes(Arc<super::store::Entry>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0.bytes
    }
}

/// A file with its validators; `If-None-Match` (or, without it, `If-Modified-Since`) that
/// still holds gets 304 without a body. HEAD gets the headers only (hyper sends no body).
fn send_file<B>(
    request: &Request<B>,
    entry: Arc<super::store::Entry>,
    content_type: &'static str,
    frames: Option<String>,
) -> Response<Body> {
    let header = |name| request.headers().get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    let modified = httpdate::fmt_http_date(entry.modified);
    let not_modified = match header(IF_NONE_MATCH) {
        Some(tags) => tags.split(',').any(|t| t.trim() == entry.etag || t.trim() == "*"),
        None => header(IF_MODIFIED_SINCE)
            .and_then(|d| httpdate::parse_http_date(d).ok())
            .is_some_and(|since| truncate_to_seconds(entry.modified) <= since),
    };
    let is_html = content_type.starts_with("text/html");
    let mut response = Response::builder()
        .header(CONTENT_TYPE, content_type)
        .header("ETag", &entry.etag)
        .header("Last-Modified", modified)
        .header("Cache-Control", "no-cache")
        .header("X-Content-Type-Options", "nosniff");
    if let (true, Some(origin)) = (is_html, &frames) {
        response = response.header("Content-Security-Policy", with_frames(origin));
    } else if is_html {
        response = response.header("Content-Security-Policy", CSP);
    } else if content_type.starts_with("image/svg+xml") {
        response = response.header("Content-Security-Policy", SVG_CSP);
    }
    if not_modified {
        return response.status(StatusCode::NOT_MODIFIED).body(Body::empty()).unwrap_or_else(|_| failed());
    }
    let body: Bytes = if is_html { inject(&entry.bytes).into() } else { Bytes::from_owner(SharedBytes(entry)) };
    response.body(body.into()).unwrap_or_else(|_| failed())
}

fn truncate_to_seconds(t: SystemTime) -> SystemTime {
    let secs = t.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
}

/// The page served while no build has succeeded yet: the errors as text (readable without
/// JavaScript), and the script, which shows the overlay and reloads once the site builds.
fn no_build_page(shared: &Shared, store: &super::store::Store) -> Vec<u8> {
    let title = shared.lang.pick("Chưa dựng được trang", "The site could not be built");
    let mut body = String::new();
    for line in store.errors.iter().flat_map(|e| e.lines.iter()) {
        body.push_str(&format!("<pre>{}</pre>\n", crate::text::escape_html(line)));
    }
    format!(
        "<!doctype html><html lang={}><head><meta charset=utf-8><title>{title}</title>{SCRIPT_TAG}</head>\
         <body><main><h1>{title}</h1>\n{body}</main></body></html>\n",
        shared.lang.pick("vi", "en")
    )
    .into_bytes()
}

/// Server-Sent Events: the current state at once, then every build's outcome (see
/// [`Events`]); more than [`MAX_STREAMS`] at once are refused with 503.
fn events(shared: &Shared) -> Response<Body> {
    use std::sync::atomic::Ordering;
    if STREAMS.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        STREAMS.fetch_sub(1, Ordering::SeqCst);
        return status(StatusCode::SERVICE_UNAVAILABLE)
            .header("Retry-After", "5")
            .body(Body::empty())
            .unwrap_or_else(|_| failed());
    }
    /// Gives the stream's place back when the body is dropped (the tab closed).
    struct Slot;
    impl Drop for Slot {
        fn drop(&mut self) {
            STREAMS.fetch_sub(1, Ordering::SeqCst);
        }
    }
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    // Subscribed before the state is read, so no build can fall between the two.
    shared.hub.subscribe(tx);
    let hello = sse_message("state", &shared.state_json());
    Response::builder()
        .header(CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .header("Cache-Control", "no-store")
        .header("X-Accel-Buffering", "no")
        .body(Body::Events(Box::new(Events::new(hello, rx, Box::new(Slot)))))
        .unwrap_or_else(|_| failed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_inside_the_site_have_keys() {
        assert_eq!(file_key("/", "").as_deref(), Some("index.html"));
        assert_eq!(file_key("/tin-tuc/a/", "").as_deref(), Some("tin-tuc/a/index.html"));
        assert_eq!(file_key("/style.css", "").as_deref(), Some("style.css"));
        assert_eq!(file_key("/bhxh/tin-tuc/", "/bhxh").as_deref(), Some("tin-tuc/index.html"));
        assert_eq!(file_key("/bhxh", "/bhxh").as_deref(), Some("index.html"));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/..%5c..%5cx",
            "/a\\..\\b",
            "/./a",
            "/a//b",
            "/%00",
        ] {
            assert_eq!(file_key(bad, ""), None, "{bad}");
        }
        assert_eq!(file_key("/bhxhx/", "/bhxh"), None);
        assert_eq!(file_key("/other/", "/bhxh"), None);
    }

    #[test]
    fn the_script_goes_before_the_end_of_head() {
        assert_eq!(
            inject(b"<head><title>x</title></head><body>"),
            format!("<head><title>x</title>{SCRIPT_TAG}</head><body>").into_bytes()
        );
    }
}
