//! Answering the browser: the built site's files from memory (nothing else: no path leads out
//! of it), the reload script, and the stream of build events.

use std::io::Write;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, StatusCode};

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
/// How many event streams (open preview tabs) are served at once; each holds a thread.
const MAX_STREAMS: usize = 64;
/// The event streams open now.
static STREAMS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Answers one request (on a worker thread; the event stream gets a thread of its own).
pub fn handle(request: Request, shared: &Arc<Shared>) {
    let method = request.method().clone();
    if method != Method::Get && method != Method::Head {
        let response = Response::from_string("").with_status_code(405).with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    match path {
        EVENTS_URL => {
            use std::sync::atomic::Ordering;
            // A client that opens streams without end gets a refusal, not every thread.
            if STREAMS.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
                STREAMS.fetch_sub(1, Ordering::SeqCst);
                let busy = Response::from_string("").with_status_code(503).with_header(header("Retry-After", "5"));
                let _ = request.respond(busy);
                return;
            }
            let shared = Arc::clone(shared);
            std::thread::spawn(move || {
                events(request, &shared);
                STREAMS.fetch_sub(1, Ordering::SeqCst);
            });
            return;
        }
        SCRIPT_URL => return send_static(request, RELOAD_JS, "text/javascript; charset=utf-8"),
        CSS_URL => return send_static(request, OVERLAY_CSS, "text/css; charset=utf-8"),
        _ => {}
    }
    let answer = lookup(shared, path);
    let _ = match answer {
        Answer::File { entry, content_type, frames } => send_file(request, &entry, content_type, frames),
        Answer::Redirect(to) => {
            request.respond(Response::from_string("").with_status_code(301).with_header(header("Location", &to)))
        }
        Answer::NotFound(body) => request.respond(html(body, 404)),
        Answer::NoBuild(body) => request.respond(html(body, 500)),
    };
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

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("header names and values are ASCII")
}

fn request_header<'a>(request: &'a Request, name: &'static str) -> Option<&'a str> {
    request.headers().iter().find(|h| h.field.equiv(name)).map(|h| h.value.as_str())
}

fn html(body: Vec<u8>, status: u16) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("Content-Security-Policy", CSP))
}

fn send_static(request: Request, text: &'static str, content_type: &str) {
    let response = Response::from_data(text.as_bytes())
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = request.respond(response);
}

/// A file with its validators; `If-None-Match` (or, without it, `If-Modified-Since`) that
/// still holds gets 304 without a body. HEAD gets the headers only (tiny_http drops the body).
fn send_file(
    request: Request,
    entry: &super::store::Entry,
    content_type: &'static str,
    frames: Option<String>,
) -> std::io::Result<()> {
    let modified = httpdate::fmt_http_date(entry.modified);
    let not_modified = match request_header(&request, "If-None-Match") {
        Some(tags) => tags.split(',').any(|t| t.trim() == entry.etag || t.trim() == "*"),
        None => request_header(&request, "If-Modified-Since")
            .and_then(|d| httpdate::parse_http_date(d).ok())
            .is_some_and(|since| truncate_to_seconds(entry.modified) <= since),
    };
    let is_html = content_type.starts_with("text/html");
    let common = |r: Response<std::io::Cursor<Vec<u8>>>| {
        let r = r
            .with_header(header("Content-Type", content_type))
            .with_header(header("ETag", &entry.etag))
            .with_header(header("Last-Modified", &modified))
            .with_header(header("Cache-Control", "no-cache"))
            .with_header(header("X-Content-Type-Options", "nosniff"));
        if let (true, Some(origin)) = (is_html, &frames) {
            r.with_header(header("Content-Security-Policy", &with_frames(origin)))
        } else if is_html {
            r.with_header(header("Content-Security-Policy", CSP))
        } else if content_type.starts_with("image/svg+xml") {
            r.with_header(header("Content-Security-Policy", SVG_CSP))
        } else {
            r
        }
    };
    if not_modified {
        return request.respond(common(Response::from_data(Vec::new()).with_status_code(StatusCode(304))));
    }
    let body = if is_html { inject(&entry.bytes) } else { entry.bytes.clone() };
    request.respond(common(Response::from_data(body)))
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

/// Server-Sent Events: the current state at once, then every build's outcome, with a comment
/// line every 15 s so a closed tab is noticed and its thread ends.
fn events(request: Request, shared: &Shared) {
    let (tx, rx) = mpsc::channel::<Arc<str>>();
    // Subscribed before the state is read, so no build can fall between the two.
    shared.hub.subscribe(tx);
    let hello = sse_message("state", &shared.state_json());
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n\
                Connection: close\r\nX-Accel-Buffering: no\r\n\r\nretry: 300\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.write_all(hello.as_bytes()))
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            Err(mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".into(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if writer.write_all(message.as_bytes()).and_then(|()| writer.flush()).is_err() {
            return;
        }
    }
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
