//! The requests the `s3` target makes: list the objects under a prefix (every page of
//! ListObjectsV2), read one object's ETag and headers (HEAD), put one object, delete objects
//! (DeleteObjects, 1000 keys a request).
//! rusty-s3 signs each request (a presigned URL, SigV4) and ureq sends it, blocking, with a
//! timeout on every request.

use std::io::Read;
use std::time::Duration;

use base64::Engine;
use rusty_s3::actions::{HeadObject, ListObjectsV2, ObjectIdentifier, S3Action};
use rusty_s3::{Bucket, Credentials};

/// How long a signed request stays valid: the wall clock's time, not `--now`'s, is signed.
const SIGNED_FOR: Duration = Duration::from_secs(15 * 60);

/// The most keys one DeleteObjects request may name (S3's limit).
pub const DELETE_BATCH: usize = 1000;

/// An object as the listing shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    pub key: String,
    /// Without quotes, lowercase: the MD5 of the bytes for a single-part upload. Some servers
    /// list objects without it; [`Client::head`] asks for it then.
    pub etag: Option<String>,
    pub size: u64,
}

/// What a HEAD request tells of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub etag: Option<String>,
    pub content_type: Option<String>,
    pub cache_control: Option<String>,
}

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No answer: the name does not resolve, the connection is refused, the timeout passed.
    Unreachable(String),
    /// The service answered with an error status (none for one key of a batch deletion that
    /// otherwise succeeded), and S3's error code and message when given.
    Refused { status: Option<u16>, code: String, message: String },
    /// An answer that is not what S3 sends.
    Garbled(String),
}

pub struct Client {
    bucket: Bucket,
    credentials: Credentials,
    agent: ureq::Agent,
    /// Keys a listing page asks for (1000, S3's maximum; smaller in tests of paging).
    page: usize,
}

impl Client {
    /// `timeout` bounds each whole request, connection included.
    pub fn new(bucket: Bucket, credentials: Credentials, timeout: Duration, page: usize) -> Client {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(20))))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("loa/", env!("CARGO_PKG_VERSION")))
            .build();
        Client { bucket, credentials, agent: ureq::Agent::new_with_config(config), page }
    }

    /// Every object whose key starts with `prefix`, in key order; pages until the service says
    /// there are no more.
    pub fn list(&self, prefix: &str) -> Result<Vec<Object>, Failure> {
        let mut objects = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut action = ListObjectsV2::new(&self.bucket, Some(&self.credentials));
            action.with_max_keys(self.page);
            if !prefix.is_empty() {
                action.with_prefix(prefix);
            }
            if let Some(token) = &token {
                action.with_continuation_token(token.clone());
            }
            let url = action.sign(SIGNED_FOR);
            let text = answer(self.agent.get(url.as_str()).call())?;
            let (page, next) = listing(&text).map_err(|e| Failure::Garbled(format!("ListObjectsV2: {e}")))?;
            objects.extend(page);
            match next {
                Some(next) if token.as_deref() == Some(next.as_str()) => {
                    return Err(Failure::Garbled("ListObjectsV2 gave the same continuation token twice".into()))
                }
                Some(next) => token = Some(next),
                None => break,
            }
        }
        Ok(objects)
    }

    /// The ETag and headers of the object `key` (a HEAD request); `None` when it is gone.
    pub fn head(&self, key: &str) -> Result<Option<Head>, Failure> {
        let url = HeadObject::new(&self.bucket, Some(&self.credentials), key).sign(SIGNED_FOR);
        let response = self.agent.head(url.as_str()).call().map_err(|e| Failure::Unreachable(e.to_string()))?;
        let status = response.status().as_u16();
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        match status {
            200..=299 => Ok(Some(Head {
                etag: header("etag").as_deref().map(normal_etag),
                content_type: header("content-type"),
                cache_control: header("cache-control"),
            })),
            404 => Ok(None),
            _ => Err(Failure::Refused { status: Some(status), code: String::new(), message: String::new() }),
        }
    }

    /// Stores `bytes` (whose MD5 is `md5`) under `key` with the given headers.
    pub fn put(
        &self,
        key: &str,
        bytes: &[u8],
        md5: &[u8; 16],
        content_type: &str,
        cache_control: &str,
    ) -> Result<(), Failure> {
        let content_md5 = base64::engine::general_purpose::STANDARD.encode(md5);
        let mut action = self.bucket.put_object(Some(&self.credentials), key);
        let headers = action.headers_mut();
        headers.insert("cache-control", cache_control);
        headers.insert("content-md5", content_md5.clone());
        headers.insert("content-type", content_type);
        let url = action.sign(SIGNED_FOR);
        let request = self
            .agent
            .put(url.as_str())
            .header("Cache-Control", cache_control)
            .header("Content-MD5", &content_md5)
            .header("Content-Type", content_type);
        answer(request.send(bytes)).map(drop)
    }

    /// Deletes `keys` (at most [`DELETE_BATCH`]); a key the service could not delete is a
    /// failure naming it.
    pub fn delete(&self, keys: &[String]) -> Result<(), (Option<String>, Failure)> {
        let objects: Vec<ObjectIdentifier> = keys.iter().map(|k| ObjectIdentifier::new(k.clone())).collect();
        let mut action = self.bucket.delete_objects(Some(&self.credentials), objects.iter());
        action.set_quiet(true);
        let url = action.sign(SIGNED_FOR);
        let (body, content_md5) = action.body_with_md5();
        let request = self.agent.post(url.as_str()).header("Content-MD5", &content_md5);
        let text = answer(request.send(body.as_bytes())).map_err(|f| (None, f))?;
        let result = rusty_s3::actions::DeleteObjectsResponse::parse(&text)
            .map_err(|e| (None, Failure::Garbled(format!("DeleteObjects: {e}"))))?;
        match result.errors.into_iter().next() {
            Some(error) => {
                Err((Some(error.key), Failure::Refused { status: None, code: error.code, message: error.message }))
            }
            None => Ok(()),
        }
    }
}

/// The body of a successful answer, or what went wrong.
fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Result<String, Failure> {
    let mut response = result.map_err(|e| Failure::Unreachable(e.to_string()))?;
    let status = response.status().as_u16();
    let mut text = String::new();
    // Listings of 1000 keys are far below this; an error body is a few hundred bytes.
    let read = response.body_mut().as_reader().take(64 << 20).read_to_string(&mut text);
    if (200..300).contains(&status) {
        read.map_err(|e| Failure::Unreachable(e.to_string()))?;
        return Ok(text);
    }
    Err(Failure::Refused { status: Some(status), code: element(&text, "Code"), message: element(&text, "Message") })
}

/// The objects of one ListObjectsV2 page, and the token of the next page if there is one. An
/// answer that says it is truncated but gives no token is an error: the rest of the bucket
/// would go unseen.
fn listing(xml: &str) -> Result<(Vec<Object>, Option<String>), String> {
    let document = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
    let root = document.root_element();
    if root.tag_name().name() != "ListBucketResult" {
        return Err(format!("<{}> instead of <ListBucketResult>", root.tag_name().name()));
    }
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children().find(|c| c.tag_name().name() == name).and_then(|c| c.text()).map(str::trim).map(str::to_string)
    };
    let url_encoded = child(root, "EncodingType").as_deref() == Some("url");
    let mut objects = Vec::new();
    for contents in root.children().filter(|c| c.tag_name().name() == "Contents") {
        let key = child(contents, "Key").ok_or("an object without <Key>")?;
        let key = if url_encoded {
            percent_encoding::percent_decode_str(&key).decode_utf8().map_err(|e| e.to_string())?.into_owned()
        } else {
            key
        };
        let size = child(contents, "Size").and_then(|s| s.parse().ok()).ok_or_else(|| format!("{key}: no <Size>"))?;
        objects.push(Object { key, etag: child(contents, "ETag").as_deref().map(normal_etag), size });
    }
    let next = child(root, "NextContinuationToken").filter(|t| !t.is_empty());
    if next.is_none() && child(root, "IsTruncated").as_deref() == Some("true") {
        return Err("truncated without a NextContinuationToken".into());
    }
    Ok((objects, next))
}

/// An ETag without its quotes (and weak marker), lowercase.
fn normal_etag(etag: &str) -> String {
    etag.trim().trim_start_matches("W/").trim_matches('"').to_ascii_lowercase()
}

/// The text of the first `<name>` element of an S3 error document (empty when there is none).
fn element(xml: &str, name: &str) -> String {
    let (open, close) = (format!("<{name}>"), format!("</{name}>"));
    xml.split_once(&open)
        .and_then(|(_, rest)| rest.split_once(&close))
        .map(|(text, _)| text.trim().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_code_of_an_error_document() {
        let xml = "<?xml version=\"1.0\"?><Error><Code>InvalidAccessKeyId</Code><Message>The key does not exist.</Message></Error>";
        assert_eq!(element(xml, "Code"), "InvalidAccessKeyId");
        assert_eq!(element(xml, "Message"), "The key does not exist.");
        assert_eq!(element("", "Code"), "");
    }

    #[test]
    fn reads_a_listing_page_as_aws_sends_it() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bhxh-web</Name><Prefix>web/</Prefix>
<KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
<Contents><Key>web/index.html</Key><LastModified>2026-11-22T01:00:00.000Z</LastModified>
<ETag>&quot;9B2CF535F27731C974343645A3985328&quot;</ETag><Size>1024</Size><StorageClass>STANDARD</StorageClass></Contents>
<Contents><Key>web/t%C3%A0i%20li%E1%BB%87u/m%E1%BA%ABu.pdf</Key><ETag>"d41d8cd98f00b204e9800998ecf8427e-2"</ETag><Size>0</Size></Contents>
<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken></ListBucketResult>"#;
        let (objects, next) = listing(xml).unwrap();
        assert_eq!(objects[0].etag.as_deref(), Some("9b2cf535f27731c974343645a3985328"));
        assert_eq!((objects[1].key.as_str(), objects[1].size), ("web/tài liệu/mẫu.pdf", 0));
        assert_eq!(objects[1].etag.as_deref(), Some("d41d8cd98f00b204e9800998ecf8427e-2"));
        assert_eq!(next.as_deref(), Some("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="));
        // A last page; and a truncated page without a token is refused, not taken as the end.
        let last = "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a</Key><Size>1</Size></Contents></ListBucketResult>";
        assert_eq!(listing(last).unwrap(), (vec![Object { key: "a".into(), etag: None, size: 1 }], None));
        assert!(listing(&last.replace("false", "true")).is_err());
        assert!(listing("<Error><Code>AccessDenied</Code></Error>").is_err());
    }
}
