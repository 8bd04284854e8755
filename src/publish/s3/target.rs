//! The `s3` target: a bucket of S3-compatible object storage (AWS S3 or any provider that
//! speaks its API) serving the site, under an optional key prefix that the site owns.
//!
//! A delivery lists every object under the prefix and compares each ETag with the MD5 of the
//! generation's file (S3 makes the ETag of a single-part upload the MD5 of its bytes): only
//! objects whose bytes changed are uploaded, every other file first and the pages last, so a
//! new page never links a file that is not there yet. Objects the generation no longer has are
//! deleted after every upload succeeded. A bucket cannot switch versions at once: a delivery
//! that fails half-way says how many objects were already replaced.
//!
//! Objects with the right bytes but headers of another policy (a bucket filled by another
//! tool, or an older loa) are stored again once: until the prefix holds the empty marker
//! object of the current policy ([`MARKER`]), a delivery reads every object's headers (HEAD).
//!
//! `LOA_S3_PAGE_KEYS` (tests only) makes listing pages and deletion batches smaller than
//! S3's 1000, so the paging is exercised on a small site.

use std::collections::BTreeMap;
use std::fs;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use md5::{Digest, Md5};
use rayon::prelude::*;
use rusty_s3::{Bucket, UrlStyle};

use super::super::generation::Generation;
use super::super::target::{Delivery, Target, TargetError};
use super::client::{Client, Failure, Head, Object, DELETE_BATCH};
use super::credentials::{self, Found};
use super::headers::{headers, is_marker, is_page, Versioned, MARKER, REVALIDATE};
use crate::content::publish::S3Settings;
use crate::messages::Msg;
use crate::msg;

/// Requests in flight at once: object storage answers each slowly, but many in parallel.
const PARALLEL_REQUESTS: usize = 8;

/// A bucket of S3-compatible object storage.
pub struct S3 {
    name: String,
    settings: S3Settings,
}

/// Why one upload failed.
enum UploadError {
    /// The generation's file could not be read.
    Read(std::io::Error),
    Request(Failure),
}

/// One file of the generation that the bucket lacks or holds with other bytes.
struct Upload {
    rel: String,
    md5: [u8; 16],
}

impl S3 {
    pub fn new(name: &str, settings: &S3Settings) -> S3 {
        S3 { name: name.to_string(), settings: settings.clone() }
    }

    /// `s3://bucket/prefix`, as messages write it.
    fn location(&self) -> String {
        format!("s3://{}/{}", self.settings.bucket, self.settings.prefix)
    }

    fn key(&self, rel: &str) -> String {
        format!("{}{rel}", self.settings.prefix)
    }

    /// The client, with the keys of the environment or the credentials file.
    fn connect(&self) -> Result<(Client, Msg), TargetError> {
        let s = &self.settings;
        let Found { credentials, source } = credentials::find(s.profile.as_deref(), &|name| std::env::var(name).ok())?;
        let style = if s.path_style { UrlStyle::Path } else { UrlStyle::VirtualHost };
        let bucket = s
            .endpoint
            .parse()
            .ok()
            .and_then(|endpoint| Bucket::new(endpoint, style, s.bucket.clone(), s.region.clone()).ok())
            .ok_or_else(|| {
                let endpoint = &s.endpoint;
                TargetError::new(
                    msg!("endpoint = \"{endpoint}\" không dùng được", "endpoint = \"{endpoint}\" cannot be used"),
                    Msg::new(
                        "ghi địa chỉ https của dịch vụ, ví dụ endpoint = \"https://hn.ss.bfcplatform.vn\"",
                        "give the service's https address, e.g. endpoint = \"https://hn.ss.bfcplatform.vn\"",
                    ),
                )
            })?;
        let timeout = Duration::from_secs(u64::from(s.timeout));
        Ok((Client::new(bucket, credentials, timeout, page_keys()), source))
    }

    /// The objects of the site's part of the bucket, by path relative to the site; "folder"
    /// markers (keys ending in '/') are not files of a site.
    fn objects(&self, client: &Client, source: &Msg, state: &State) -> Result<BTreeMap<String, Object>, TargetError> {
        let prefix = &self.settings.prefix;
        let listed = client.list(prefix).map_err(|f| self.failure(f, None, source, state))?;
        Ok(listed
            .into_iter()
            .filter(|o| !o.key.ends_with('/'))
            .filter_map(|o| Some((o.key.strip_prefix(prefix.as_str())?.to_string(), o)))
            .collect())
    }

    /// Uploads `batch` in parallel; on the first failure no new upload starts, and what had
    /// been uploaded counts in `state`.
    fn upload(
        &self,
        client: &Client,
        generation: &Generation,
        batch: &[Upload],
        versioned: Versioned,
        source: &Msg,
        state: &State,
    ) -> Result<(), TargetError> {
        let sent = in_parallel(batch, |upload| {
            let h = headers(&upload.rel, versioned);
            let bytes = fs::read(generation.dir.join(&upload.rel)).map_err(UploadError::Read)?;
            let key = self.key(&upload.rel);
            client.put(&key, &bytes, &upload.md5, h.content_type, h.cache_control).map_err(UploadError::Request)?;
            state.uploaded.fetch_add(1, Ordering::Relaxed);
            Ok(())
        });
        match sent {
            Ok(()) => Ok(()),
            Err((upload, UploadError::Request(failure))) => {
                Err(self.failure(failure, Some(self.key(&upload.rel)), source, state))
            }
            Err((upload, UploadError::Read(error))) => Err(unreadable(generation, &upload.rel, &error)),
        }
    }

    /// HEAD of the objects whose size matches the build's file (another size is a change
    /// anyway) and whose ETag the listing left out (some servers do) or, with `all`, of every
    /// such object, for its headers. `None`: the object went away meanwhile.
    fn heads(
        &self,
        client: &Client,
        generation: &Generation,
        remote: &BTreeMap<String, Object>,
        all: bool,
        source: &Msg,
        state: &State,
    ) -> Result<BTreeMap<String, Option<Head>>, TargetError> {
        let wanted: Vec<&String> = remote
            .iter()
            .filter(|(rel, o)| (all || o.etag.is_none()) && generation.files.get(*rel) == Some(&o.size))
            .map(|(rel, _)| rel)
            .collect();
        let found = Mutex::new(BTreeMap::new());
        in_parallel(&wanted, |rel| {
            let head = client.head(&self.key(rel))?;
            found.lock().unwrap_or_else(|e| e.into_inner()).insert((*rel).clone(), head);
            Ok(())
        })
        .map_err(|(rel, failure)| self.failure(failure, Some(self.key(rel)), source, state))?;
        Ok(found.into_inner().unwrap_or_else(|e| e.into_inner()))
    }

    /// What a failed request means for the bucket, and what to do about it.
    fn failure(&self, failure: Failure, key: Option<String>, source: &Msg, state: &State) -> TargetError {
        let s = &self.settings;
        let (endpoint, bucket, location) = (&s.endpoint, &s.bucket, self.location());
        let uploaded = state.uploaded.load(Ordering::Relaxed);
        let served = if state.deleting {
            msg!(
                "trang mới đã được tải lên {location}, nhưng một số đối tượng cũ còn lại cho tới lần xuất bản thành công kế tiếp",
                "the new site is on {location}, but some objects of the previous one remain until the next successful publish"
            )
        } else if uploaded == 0 {
            msg!("trang cũ trên {location} vẫn được phục vụ", "the previous site on {location} is still served")
        } else {
            msg!(
                "{uploaded} đối tượng đã được thay, nên {location} đang lẫn bản cũ và bản mới cho tới lần xuất bản thành công kế tiếp",
                "{uploaded} objects were already replaced, so {location} mixes the previous and the new site until the next successful publish"
            )
        };
        let problem =
            |what: Msg| Msg::new(format!("{}; {}", what.vi, served.vi), format!("{}; {}", what.en, served.en));
        let again = || {
            msg!(
                "thử lại bằng: loa publish --target {}; nếu vẫn lỗi, xem nhật ký của dịch vụ lưu trữ",
                "try again with: loa publish --target {}; if it persists, read the storage service's logs",
                self.name
            )
        };
        let (source_vi, source_en) = (&source.vi, &source.en);
        let error = match failure {
            Failure::Unreachable(why) => TargetError::new(
                problem(msg!("không kết nối được {endpoint}: {why}", "cannot reach {endpoint}: {why}")),
                msg!(
                    "kiểm tra endpoint, mạng và tường lửa tới {endpoint}; nếu mạng chậm, tăng timeout (hiện {} giây)",
                    "check endpoint, the network and the firewall to {endpoint}; on a slow network raise timeout (now {} s)",
                    s.timeout
                ),
            ),
            Failure::Garbled(why) => TargetError::new(
                problem(msg!("{endpoint} trả lời không phải kiểu S3: {why}", "{endpoint} did not answer as S3 does: {why}")),
                Msg::new(
                    "kiểm tra endpoint là địa chỉ API S3 của nhà cung cấp (không phải địa chỉ trang web của bucket)",
                    "check that endpoint is the provider's S3 API address (not the bucket's website address)",
                ),
            ),
            Failure::Refused { status, code, message } => {
                let mut said = [status.map(|s| format!("HTTP {s}")), Some(code.clone())]
                    .into_iter()
                    .flatten()
                    .filter(|part| !part.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                if !message.is_empty() {
                    said = format!("{said}: {message}");
                }
                let fix = match (status.unwrap_or(0), code.as_str()) {
                    (_, "InvalidAccessKeyId" | "SignatureDoesNotMatch" | "InvalidToken" | "ExpiredToken" | "TokenRefreshRequired")
                    | (401, _) => msg!(
                        "kiểm tra khóa truy cập lấy từ {source_vi}: AWS_ACCESS_KEY_ID và AWS_SECRET_ACCESS_KEY (hoặc hồ sơ trong ~/.aws/credentials) phải là một cặp khóa còn hiệu lực của nhà cung cấp",
                        "check the keys taken from {source_en}: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the profile in ~/.aws/credentials) must be a valid key pair of the provider"
                    ),
                    (_, "AccessDenied") | (403, _) => msg!(
                        "cho khóa truy cập (lấy từ {source_vi}) quyền liệt kê, ghi và xóa đối tượng trong bucket {bucket} (s3:ListBucket, s3:PutObject, s3:DeleteObject)",
                        "give the access key (from {source_en}) the right to list, write and delete objects in the bucket {bucket} (s3:ListBucket, s3:PutObject, s3:DeleteObject)"
                    ),
                    (_, "NoSuchBucket") => msg!(
                        "tạo bucket {bucket} ở nhà cung cấp, hoặc sửa bucket, endpoint hoặc path_style trong site.toml",
                        "create the bucket {bucket} at the provider, or correct bucket, endpoint or path_style in site.toml"
                    ),
                    (_, "PermanentRedirect" | "AuthorizationHeaderMalformed" | "IllegalLocationConstraintException")
                    | (301 | 307, _) => msg!(
                        "bucket {bucket} ở vùng khác: sửa region (và endpoint) trong site.toml theo vùng của bucket",
                        "the bucket {bucket} is in another region: set region (and endpoint) in site.toml to the bucket's"
                    ),
                    (_, "RequestTimeTooSkewed") => Msg::new(
                        "đồng hồ của máy này lệch: bật đồng bộ giờ (timedatectl set-ntp true)",
                        "this machine's clock is off: turn on time synchronisation (timedatectl set-ntp true)",
                    ),
                    _ => again(),
                };
                TargetError::new(problem(msg!("{endpoint} từ chối: {said}", "{endpoint} refused: {said}")), fix)
            }
        };
        match key {
            Some(key) => error.with_file(key),
            None => error,
        }
    }
}

/// How far a delivery got, for the message of a failure.
#[derive(Default)]
struct State {
    uploaded: AtomicUsize,
    deleting: bool,
}

/// Runs `work` on every item, [`PARALLEL_REQUESTS`] at a time; after a failure no new item
/// starts, and the first failure is returned with its item.
fn in_parallel<T: Sync, E: Send>(items: &[T], work: impl Fn(&T) -> Result<(), E> + Sync) -> Result<(), (&T, E)> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let first_error = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL_REQUESTS.min(items.len()) {
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    let Some(item) = items.get(next.fetch_add(1, Ordering::Relaxed)) else { break };
                    if let Err(error) = work(item) {
                        stop.store(true, Ordering::Relaxed);
                        first_error.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert((item, error));
                    }
                }
            });
        }
    });
    match first_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        Some(failed) => Err(failed),
        None => Ok(()),
    }
}

/// The MD5 of the file at `rel` in `generation`, and the versioned links of a page.
fn md5_of(generation: &Generation, rel: &str) -> Result<([u8; 16], Versioned), TargetError> {
    let bytes = fs::read(generation.dir.join(rel)).map_err(|e| unreadable(generation, rel, &e))?;
    let links = if is_page(rel) { Versioned::in_page(&bytes) } else { Versioned::default() };
    Ok((Md5::digest(&bytes).into(), links))
}

/// A file of the generation that cannot be read (a generation is loa's own hard-linked copy,
/// so someone removed or locked it).
fn unreadable(generation: &Generation, rel: &str, error: &std::io::Error) -> TargetError {
    let shown = generation.dir.join(rel).display().to_string();
    TargetError::new(
        msg!("không đọc được {shown}: {error}", "cannot read {shown}: {error}"),
        Msg::new(
            "chạy lại loa publish (nó dựng và lưu lại bản dựng nếu cần)",
            "run loa publish again (it builds and keeps the build anew if needed)",
        ),
    )
    .with_file(rel.to_string())
}

/// Whether a stored header says `want` (servers may change its case and spaces).
fn same(stored: Option<&str>, want: &str) -> bool {
    let normal = |v: &str| v.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    stored.is_some_and(|stored| normal(stored) == normal(want))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Target for S3 {
    fn name(&self) -> &str {
        &self.name
    }

    fn describe(&self) -> Msg {
        let (location, endpoint) = (self.location(), &self.settings.endpoint);
        msg!("{location} tại {endpoint}", "{location} at {endpoint}")
    }

    fn deliver(&self, generation: &Generation) -> Result<Delivery, TargetError> {
        let (client, source) = self.connect()?;
        let mut state = State::default();
        let mut remote = self.objects(&client, &source, &state)?;
        // Without the marker of the current header policy, every object's headers are checked.
        let marked = remote.remove(MARKER).is_some();
        let heads = self.heads(&client, generation, &remote, !marked, &source, &state)?;
        let rels: Vec<&String> = generation.files.keys().collect();
        let read = rels.par_iter().map(|rel| md5_of(generation, rel)).collect::<Result<Vec<_>, _>>()?;
        let versioned = read.iter().fold(Versioned::default(), |all, (_, page)| all.and(*page));
        let sums = read.into_iter().map(|(md5, _)| md5);
        let (mut files, mut pages, mut kept) = (Vec::new(), Vec::new(), 0);
        for (rel, md5) in rels.into_iter().zip(sums) {
            let listed = remote.get(rel).and_then(|o| o.etag.clone());
            let (etag, stored) = match heads.get(rel) {
                Some(Some(head)) => (head.etag.clone().or(listed), Some(head)),
                Some(None) => (None, None),
                None => (listed, None),
            };
            let want = headers(rel, versioned);
            let same_headers = marked
                || stored.is_some_and(|h| {
                    same(h.content_type.as_deref(), want.content_type)
                        && same(h.cache_control.as_deref(), want.cache_control)
                });
            if etag.as_deref() == Some(hex(&md5).as_str()) && same_headers {
                kept += 1;
            } else if is_page(rel) {
                pages.push(Upload { rel: rel.clone(), md5 });
            } else {
                files.push(Upload { rel: rel.clone(), md5 });
            }
        }
        self.upload(&client, generation, &files, versioned, &source, &state)?;
        self.upload(&client, generation, &pages, versioned, &source, &state)?;
        state.deleting = true;
        let deleted: Vec<String> = remote.keys().filter(|rel| !generation.files.contains_key(*rel)).cloned().collect();
        for chunk in deleted.chunks(page_keys()) {
            let keys: Vec<String> = chunk.iter().map(|rel| self.key(rel)).collect();
            client.delete(&keys).map_err(|(key, failure)| {
                let key = key.or_else(|| keys.first().cloned());
                self.failure(failure, key, &source, &state)
            })?;
        }
        if !marked {
            let empty: [u8; 16] = Md5::digest(b"").into();
            let text = "text/plain; charset=utf-8";
            client
                .put(&self.key(MARKER), b"", &empty, text, REVALIDATE)
                .map_err(|failure| self.failure(failure, Some(self.key(MARKER)), &source, &state))?;
        }
        let mut uploaded: Vec<String> = files.into_iter().chain(pages).map(|u| u.rel).collect();
        uploaded.sort();
        Ok(Delivery { uploaded, deleted, kept })
    }

    fn verify(&self, generation: &Generation) -> Result<(), TargetError> {
        let (client, source) = self.connect()?;
        let mut remote = self.objects(&client, &source, &State::default())?;
        remote.retain(|rel, _| !is_marker(rel));
        let again = || {
            Msg::new(
                "chạy lại loa publish; nếu vẫn lỗi, xem ai khác đang ghi vào bucket này",
                "run loa publish again; if it persists, find what else writes into this bucket",
            )
        };
        for (rel, size) in &generation.files {
            match remote.get(rel) {
                None => {
                    return Err(TargetError::new(
                        Msg::new("thiếu đối tượng trong bucket", "the object is missing from the bucket"),
                        again(),
                    )
                    .with_file(self.key(rel)))
                }
                Some(object) if object.size != *size => {
                    let served = object.size;
                    return Err(TargetError::new(
                        msg!(
                            "đối tượng trong bucket có {served} byte, bản dựng có {size}",
                            "the bucket's object has {served} bytes, the build's {size}"
                        ),
                        again(),
                    )
                    .with_file(self.key(rel)));
                }
                Some(_) => {}
            }
        }
        if let Some(extra) = remote.keys().find(|rel| !generation.files.contains_key(*rel)) {
            return Err(TargetError::new(
                Msg::new(
                    "bucket còn một đối tượng bản dựng không có",
                    "the bucket holds an object the build does not have",
                ),
                again(),
            )
            .with_file(self.key(extra)));
        }
        Ok(())
    }
}

/// Keys per listing page and per DeleteObjects request: S3's maximum, or the tests' smaller one.
fn page_keys() -> usize {
    std::env::var("LOA_S3_PAGE_KEYS").ok().and_then(|n| n.parse().ok()).unwrap_or(DELETE_BATCH).clamp(1, DELETE_BATCH)
}
