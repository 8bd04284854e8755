//! What the preview server holds: the built site's files with their validators, the current
//! build errors, and the browsers listening for the next build.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use serde_json::json;

use crate::diag::{Diagnostics, Severity};
use crate::messages::Lang;
use crate::msg;
use crate::output::Files;

/// One file of the built site.
pub struct Entry {
    pub bytes: Vec<u8>,
    /// A strong validator of the bytes (quoted, as sent).
    pub etag: String,
    /// When serve first held these bytes (the Last-Modified date).
    pub modified: SystemTime,
}

impl Entry {
    fn new(bytes: Vec<u8>, modified: SystemTime) -> Entry {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        let etag = format!("\"{:016x}-{:x}\"", h.finish(), bytes.len());
        Entry { bytes, etag, modified }
    }
}

/// The files of the last good build, and the errors of the last build if it failed.
#[derive(Default)]
pub struct Store {
    pub files: HashMap<String, Arc<Entry>>,
    /// The path part of base_url ("" or "/bhxh"): every page's URL starts with it.
    pub base_path: String,
    /// Counts the builds that changed something or ended in errors; browsers compare it.
    pub version: u64,
    /// Whether a build has ever succeeded (before that there is nothing to serve but errors).
    pub built: bool,
    /// The errors of the last build as the reload script reads them, when it failed.
    pub errors: Option<ErrorReport>,
}

/// Build errors, for the browser.
#[derive(Clone)]
pub struct ErrorReport {
    /// `{title, intro, hint_label, errors: [{path, line, col, severity, message, hint}]}`.
    pub json: serde_json::Value,
    /// The same as plain text lines, for the page served before any build succeeded.
    pub lines: Vec<String>,
}

impl Store {
    /// Takes a build in: `files` replace or add, the paths in `reused` keep their bytes, and
    /// every other file goes. Returns the output paths that changed, appeared or disappeared.
    pub fn update(&mut self, files: Files, reused: &[String]) -> Vec<String> {
        let mut changed = Vec::new();
        let reused: HashSet<&str> = reused.iter().map(String::as_str).collect();
        self.files.retain(|path, _| {
            let keep = files.contains_key(path) || reused.contains(path.as_str());
            if !keep {
                changed.push(path.clone());
            }
            keep
        });
        self.put_all(files, &mut changed);
        changed.sort();
        changed
    }

    /// Takes some files of a build in ahead of the rest (serve's quick phase): `files` replace
    /// or add, every other file stays. Returns the output paths that changed.
    pub fn patch(&mut self, files: Files) -> Vec<String> {
        let mut changed = Vec::new();
        self.put_all(files, &mut changed);
        changed.sort();
        changed
    }

    /// Puts each file whose bytes differ from the stored ones (or that is new), naming it in `changed`.
    fn put_all(&mut self, files: Files, changed: &mut Vec<String>) {
        let now = SystemTime::now();
        for (path, bytes) in files {
            match self.files.get(&path) {
                Some(old) if old.bytes == bytes => {}
                _ => {
                    self.files.insert(path.clone(), Arc::new(Entry::new(bytes, now)));
                    changed.push(path);
                }
            }
        }
    }

    /// The URL path a browser shows for an output file ("tin-tuc/a/index.html" → "/tin-tuc/a/").
    pub fn url_of(&self, path: &str) -> String {
        crate::site::urls::url_of_out_path(&self.base_path, path)
    }
}

/// The browsers connected to `/__loa/events`, each with the sender of its own queue.
#[derive(Default)]
pub struct Hub {
    listeners: Mutex<Vec<tokio::sync::mpsc::UnboundedSender<Arc<str>>>>,
}

impl Hub {
    pub fn subscribe(&self, tx: tokio::sync::mpsc::UnboundedSender<Arc<str>>) {
        self.listeners.lock().unwrap_or_else(|e| e.into_inner()).push(tx);
    }

    /// Sends one Server-Sent Events message to every browser; gone ones are dropped.
    pub fn broadcast(&self, event: &str, data: &serde_json::Value) {
        let message: Arc<str> = sse_message(event, data).into();
        self.listeners.lock().unwrap_or_else(|e| e.into_inner()).retain(|tx| tx.send(Arc::clone(&message)).is_ok());
    }

    /// How many browsers are listening (for tests and the log).
    pub fn len(&self) -> usize {
        self.listeners.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `event: NAME`, `data: JSON` and the blank line that ends an SSE message.
pub fn sse_message(event: &str, data: &serde_json::Value) -> String {
    format!("event: {event}\ndata: {data}\n\n")
}

/// Everything the server threads share.
pub struct Shared {
    pub store: RwLock<Store>,
    pub hub: Hub,
    pub lang: Lang,
}

impl Shared {
    pub fn new(lang: Lang) -> Shared {
        Shared { store: RwLock::new(Store::default()), hub: Hub::default(), lang }
    }

    pub fn read(&self) -> std::sync::RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn write(&self) -> std::sync::RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(|e| e.into_inner())
    }

    /// What a browser needs to know when it connects: the version and any current errors.
    pub fn state_json(&self) -> serde_json::Value {
        let store = self.read();
        serde_json::json!({
            "version": store.version,
            "errors": store.errors.as_ref().map(|e| e.json.clone()),
        })
    }
}

/// The errors of a failed build, for the overlay and the page served before any build.
pub fn error_report(diags: &Diagnostics, lang: Lang) -> ErrorReport {
    let errors: Vec<_> = diags.clone().sorted().into_iter().filter(|d| d.severity == Severity::Error).collect();
    let list: Vec<serde_json::Value> =
        errors.iter().map(|d| serde_json::to_value(d.to_json(lang)).unwrap_or_default()).collect();
    let lines = errors.iter().map(|d| d.render(lang)).collect();
    let json = json!({
        "title": msg!("Không dựng được trang", "The site could not be built").get(lang),
        "intro": msg!(
            "Trang đang hiện là bản dựng tốt gần nhất. Sửa lỗi dưới đây rồi lưu tệp: trang sẽ tự tải lại.",
            "This is the last good build. Fix the errors below and save the file: the page reloads by itself."
        )
        .get(lang),
        "hint_label": lang.pick("Gợi ý", "Hint"),
        "errors": list,
    });
    ErrorReport { json, lines }
}
