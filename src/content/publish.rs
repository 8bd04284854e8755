//! site.toml's `[publish]` section: whether `loa publish` pulls the content first, and the
//! targets it delivers the built site to, each checked field by field.
//!
//! ```toml
//! [publish]
//! pull = true                      # git pull --ff-only before building (default: false)
//!
//! [[publish.targets]]
//! name = "web-root"                # how messages and `loa status` name it
//! kind = "folder"                  # the local web root
//! path = "/var/www/bhxh"           # absolute, or relative to the site root; may be a symlink
//!
//! [[publish.targets]]
//! name = "may-chu-web"
//! kind = "rsync"                   # a web server over SSH
//! host = "web1.bhxh.example.vn"
//! path = "/var/www/bhxh"           # the folder on that server
//! user = "loa"                     # optional (default: ssh's own choice)
//! port = 22                        # optional
//! identity = "/var/lib/loa/.ssh/id_ed25519"     # optional: the key file (never the key)
//! known_hosts = "/var/lib/loa/.ssh/known_hosts" # optional
//! timeout = 60                     # optional: seconds without progress before giving up
//!
//! [[publish.targets]]
//! name = "luu-tru"
//! kind = "s3"                      # S3-compatible object storage
//! bucket = "bhxh-mauson-web"
//! endpoint = "https://hn.ss.bfcplatform.vn"  # https (http only on a loopback address)
//! region = "hn"
//! prefix = "web/"                  # optional: the keys the site owns (default: the whole bucket)
//! path_style = true                # optional: https://host/bucket/key (default: bucket.host/key)
//! profile = "loa"                  # optional: the ~/.aws/credentials profile (default: AWS_PROFILE, default)
//! timeout = 60                     # optional: seconds for one request before giving up
//! ```
//!
//! Credentials are never accepted here (site.toml is in git): a field that looks like one is an
//! error that says where the secret goes instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::s3_values::{check_endpoint, is_bucket_name, normal_prefix};
use crate::diag::{did_you_mean, line_col, suggestion, Diagnostic};
use crate::messages::Msg;
use crate::msg;

/// The checked `[publish]` section; the default (no section) pulls nothing and has no target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishSettings {
    /// `git pull --ff-only` in the site root before building.
    pub pull: bool,
    pub targets: Vec<TargetSettings>,
}

/// One `[[publish.targets]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetSettings {
    /// Unique among the targets; `--target NAME` picks it.
    pub name: String,
    /// The line of site.toml where the entry's `name` is, for messages about it.
    pub line: usize,
    pub kind: TargetKind,
}

/// Where a target is and how to reach it: one variant per `kind`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetKind {
    /// `kind = "folder"`: a local folder a web server serves (a symlink to one is followed).
    Folder { path: PathBuf },
    /// `kind = "rsync"`: a folder on a web server, reached with rsync over SSH.
    Rsync(RsyncSettings),
    /// `kind = "s3"`: a bucket of S3-compatible object storage.
    S3(S3Settings),
}

/// The fields of an rsync target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsyncSettings {
    pub host: String,
    pub user: Option<String>,
    pub port: Option<u16>,
    /// The folder on the server (absolute).
    pub path: String,
    /// The private key file, absolute or relative to the site root.
    pub identity: Option<PathBuf>,
    /// The known_hosts file that must hold the server's key.
    pub known_hosts: Option<PathBuf>,
    /// Seconds without progress before rsync and ssh give up.
    pub timeout: u32,
}

/// The fields of an S3 target. Its credentials are never here: they come from the environment
/// or `~/.aws/credentials` when the target is used (`publish::s3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Settings {
    pub bucket: String,
    /// The service's address, `https://` (or `http://` on a loopback address, for a test server).
    pub endpoint: String,
    pub region: String,
    /// The part of the bucket the site owns: empty (the whole bucket) or ending with '/'.
    pub prefix: String,
    /// Address the bucket as `endpoint/bucket/key` instead of `bucket.endpoint/key`.
    pub path_style: bool,
    /// The profile of the shared credentials file to read.
    pub profile: Option<String>,
    /// Seconds one request may take before it is given up.
    pub timeout: u32,
}

/// The kinds a target may have, with the fields each accepts besides `name` and `kind`.
const KINDS: &[(&str, &[&str])] = &[
    ("folder", &["path"]),
    ("rsync", &["host", "path", "user", "port", "identity", "known_hosts", "timeout"]),
    ("s3", &["bucket", "endpoint", "region", "prefix", "path_style", "profile", "timeout"]),
];

/// Field names that would hold a secret; site.toml is in git, so they are refused.
const SECRETS: &[&str] = &[
    "password",
    "passphrase",
    "secret",
    "secret_key",
    "secret_access_key",
    "access_key",
    "access_key_id",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "token",
    "session_token",
    "private_key",
    "key",
    "credentials",
];

type Table = BTreeMap<Spanned<String>, Spanned<toml::Value>>;

#[derive(Deserialize)]
struct Document {
    publish: Option<Spanned<Table>>,
}

/// Reads `[publish]` from the text of site.toml (`shown` is the path messages name). A file
/// that is not TOML at all is reported by the rest of site.toml's checks, not here.
pub fn parse(text: &str, shown: &Path) -> Result<PublishSettings, Vec<Diagnostic>> {
    let Ok(document) = toml::from_str::<Document>(text) else { return Ok(PublishSettings::default()) };
    let Some(section) = document.publish else { return Ok(PublishSettings::default()) };
    let mut check = Checker { text, shown, errors: Vec::new() };
    let section = section.into_inner();
    check.known_fields(&section, &["pull", "targets"], "[publish]", None);
    let pull = match section.iter().find(|(k, _)| k.get_ref() == "pull") {
        None => false,
        Some((_, value)) => check.boolean(value, "pull").unwrap_or(false),
    };
    let mut targets: Vec<TargetSettings> = Vec::new();
    if let Some((_, value)) = section.iter().find(|(k, _)| k.get_ref() == "targets") {
        match value.get_ref() {
            toml::Value::Array(entries) if entries.iter().all(toml::Value::is_table) => {
                // Values inside a table lose their spans: read the entries again with them.
                let spanned = toml::from_str::<Targets>(text).map(|d| d.publish.targets).unwrap_or_default();
                for entry in spanned {
                    if let Some(target) = check.target(entry) {
                        if targets.iter().any(|t| t.name == target.name) {
                            let name = &target.name;
                            check.errors.push(
                                Diagnostic::error(
                                    shown,
                                    target.line,
                                    1,
                                    msg!(
                                        "hai đích xuất bản cùng tên `{name}`",
                                        "two publish targets are named `{name}`"
                                    ),
                                )
                                .with_hint(Msg::new(
                                    "đặt cho mỗi [[publish.targets]] một `name` riêng",
                                    "give each [[publish.targets]] its own `name`",
                                )),
                            );
                        }
                        targets.push(target);
                    }
                }
            }
            _ => {
                let line = check.line(value.span().start);
                check.error(line, not_a_table());
            }
        }
    }
    if check.errors.is_empty() {
        Ok(PublishSettings { pull, targets })
    } else {
        Err(check.errors)
    }
}

fn not_a_table() -> (Msg, Msg) {
    (
        Msg::new("`targets` phải là các bảng [[publish.targets]]", "`targets` must be [[publish.targets]] tables"),
        Msg::new(
            "viết mỗi đích là một bảng [[publish.targets]] có name, kind và các trường của loại đó",
            "write each target as a [[publish.targets]] table with name, kind and the fields of its kind",
        ),
    )
}

/// The spanned form of one `[[publish.targets]]` entry, read again from the text.
#[derive(Deserialize)]
struct Targets {
    publish: PublishTargets,
}

#[derive(Deserialize)]
struct PublishTargets {
    targets: Vec<Spanned<Table>>,
}

struct Checker<'a> {
    text: &'a str,
    shown: &'a Path,
    errors: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn line(&self, offset: usize) -> usize {
        line_col(self.text, offset).0
    }

    fn error(&mut self, line: usize, (message, hint): (Msg, Msg)) {
        self.errors.push(Diagnostic::error(self.shown, line, 1, message).with_hint(hint));
    }

    /// Reports every key of `table` that is not in `allowed`, with a suggestion.
    fn known_fields(&mut self, table: &Table, allowed: &[&str], context: &str, kind: Option<&str>) {
        for key in table.keys() {
            let name = key.get_ref().as_str();
            if allowed.contains(&name) {
                continue;
            }
            let line = self.line(key.span().start);
            if SECRETS.contains(&name) || name.contains("password") || name.contains("secret") {
                let hint = match kind {
                    Some("rsync") => Msg::new(
                        "dùng khóa SSH: ghi đường dẫn tệp khóa vào identity = \"/var/lib/loa/.ssh/id_ed25519\"",
                        "use an SSH key: give the key file's path as identity = \"/var/lib/loa/.ssh/id_ed25519\"",
                    ),
                    Some("s3") => Msg::new(
                        "xóa dòng này khỏi site.toml (và đổi khóa nếu nó đã vào git); đặt AWS_ACCESS_KEY_ID và AWS_SECRET_ACCESS_KEY trong môi trường của dịch vụ, hoặc trong ~/.aws/credentials",
                        "remove this line from site.toml (and replace the key if it reached git); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the service's environment, or in ~/.aws/credentials",
                    ),
                    _ => Msg::new(
                        "đặt thông tin bí mật trong môi trường của dịch vụ, không bao giờ trong site.toml",
                        "put secrets in the service's environment, never in site.toml",
                    ),
                };
                let message = msg!(
                    "{context}: `{name}` là thông tin bí mật; site.toml nằm trong git nên không nhận nó",
                    "{context}: `{name}` is a credential; site.toml is in git, so it never holds one"
                );
                self.errors.push(Diagnostic::error(self.shown, line, 1, message).with_hint(hint));
                continue;
            }
            let fields = allowed.join(", ");
            let hint = did_you_mean(name, allowed.iter().copied())
                .map(suggestion)
                .unwrap_or_else(|| msg!("{context} nhận các trường: {fields}", "{context} accepts: {fields}"));
            let message = msg!("{context} không có trường `{name}`", "unknown field `{name}` in {context}");
            self.errors.push(Diagnostic::error(self.shown, line, 1, message).with_hint(hint));
        }
    }

    fn boolean(&mut self, value: &Spanned<toml::Value>, field: &str) -> Option<bool> {
        match value.get_ref() {
            toml::Value::Boolean(b) => Some(*b),
            _ => {
                let line = self.line(value.span().start);
                self.error(
                    line,
                    (
                        msg!("`{field}` phải là true hoặc false", "`{field}` must be true or false"),
                        msg!("ví dụ {field} = true", "for example {field} = true"),
                    ),
                );
                None
            }
        }
    }

    /// Checks one target entry.
    fn target(&mut self, spanned: Spanned<Table>) -> Option<TargetSettings> {
        let entry_line = self.line(spanned.span().start);
        let table = spanned.into_inner();
        let get = |field: &str| table.iter().find(|(k, _)| k.get_ref() == field).map(|(_, v)| v);
        let name = match get("name").map(|v| (v.get_ref().as_str(), self.line(v.span().start))) {
            Some((Some(name), line)) if is_target_name(name) => Some((name.to_string(), line)),
            Some((_, line)) => {
                self.error(
                    line,
                    (
                        Msg::new("`name` của đích xuất bản không hợp lệ", "the target's `name` is not valid"),
                        name_hint(),
                    ),
                );
                None
            }
            None => {
                self.error(
                    entry_line,
                    (Msg::new("đích xuất bản thiếu `name`", "a publish target has no `name`"), name_hint()),
                );
                None
            }
        };
        let kinds = KINDS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ");
        let kind = match get("kind").map(|v| (v.get_ref().as_str(), self.line(v.span().start))) {
            Some((Some(kind), line)) => match KINDS.iter().find(|(k, _)| *k == kind) {
                Some(found) => Some(*found),
                None => {
                    let hint = did_you_mean(kind, KINDS.iter().map(|(k, _)| *k))
                        .map(suggestion)
                        .unwrap_or_else(|| msg!("các loại đích: {kinds}", "the kinds of target: {kinds}"));
                    self.error(line, (msg!("không có loại đích `{kind}`", "unknown target kind `{kind}`"), hint));
                    None
                }
            },
            Some((None, line)) => {
                let hint =
                    msg!("ví dụ kind = \"folder\"; các loại: {kinds}", "for example kind = \"folder\"; kinds: {kinds}");
                self.error(line, (Msg::new("`kind` phải là chuỗi", "`kind` must be a string"), hint));
                None
            }
            None => {
                let hint = msg!("thêm kind = \"folder\" (hoặc: {kinds})", "add kind = \"folder\" (or: {kinds})");
                self.error(
                    entry_line,
                    (Msg::new("đích xuất bản thiếu `kind`", "a publish target has no `kind`"), hint),
                );
                None
            }
        };
        let context = match &name {
            Some((name, _)) => format!("[[publish.targets]] \"{name}\""),
            None => "[[publish.targets]]".to_string(),
        };
        let context = context.as_str();
        let mut allowed = vec!["name", "kind"];
        allowed.extend(kind.map_or(&[][..], |(_, fields)| fields));
        let before = self.errors.len();
        if kind.is_some() {
            self.known_fields(&table, &allowed, context, kind.map(|(k, _)| k));
        }
        let (name, line) = name?;
        let (kind, _) = kind?;
        let mut fields = Fields { checker: self, table: &table, entry_line, context: context.to_string() };
        let kind = match kind {
            "folder" => TargetKind::Folder { path: PathBuf::from(fields.string("path", true, "/var/www/bhxh")?) },
            "s3" => TargetKind::S3(fields.s3()?),
            _ => TargetKind::Rsync(fields.rsync()?),
        };
        (self.errors.len() == before).then_some(TargetSettings { name, line, kind })
    }
}

fn name_hint() -> Msg {
    Msg::new(
        "đặt tên ngắn bằng chữ thường, số và dấu gạch ngang, ví dụ name = \"may-chu-web\"",
        "give a short name of lowercase letters, digits and hyphens, e.g. name = \"web-server\"",
    )
}

fn is_target_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The kind-specific fields of one target entry.
struct Fields<'c, 'a> {
    checker: &'c mut Checker<'a>,
    table: &'c Table,
    entry_line: usize,
    context: String,
}

impl Fields<'_, '_> {
    fn value(&self, field: &str) -> Option<&Spanned<toml::Value>> {
        self.table.iter().find(|(k, _)| k.get_ref() == field).map(|(_, v)| v)
    }

    /// A string field; a missing required one is an error (returned as `None`).
    fn string(&mut self, field: &str, required: bool, example: &str) -> Option<String> {
        let context = self.context.clone();
        match self.value(field) {
            Some(value) => match value.get_ref().as_str() {
                Some(text) if !text.trim().is_empty() => Some(text.to_string()),
                _ => {
                    let line = self.checker.line(value.span().start);
                    self.checker.error(
                        line,
                        (
                            msg!(
                                "{context}: `{field}` phải là chuỗi không rỗng",
                                "{context}: `{field}` must be a non-empty string"
                            ),
                            msg!("ví dụ {field} = \"{example}\"", "for example {field} = \"{example}\""),
                        ),
                    );
                    None
                }
            },
            None if required => {
                self.checker.error(
                    self.entry_line,
                    (
                        msg!("{context}: thiếu `{field}`", "{context}: `{field}` is missing"),
                        msg!("thêm {field} = \"{example}\"", "add {field} = \"{example}\""),
                    ),
                );
                None
            }
            None => None,
        }
    }

    /// An integer field within `range`, or `default` when absent.
    fn integer(&mut self, field: &str, range: std::ops::RangeInclusive<i64>, default: i64) -> Option<i64> {
        let Some(value) = self.value(field) else { return Some(default) };
        match value.get_ref().as_integer() {
            Some(n) if range.contains(&n) => Some(n),
            _ => {
                let (context, (low, high)) = (self.context.clone(), (range.start(), range.end()));
                let line = self.checker.line(value.span().start);
                self.checker.error(
                    line,
                    (
                        msg!(
                            "{context}: `{field}` phải là số từ {low} đến {high}",
                            "{context}: `{field}` must be a number from {low} to {high}"
                        ),
                        msg!("ví dụ {field} = {default}", "for example {field} = {default}"),
                    ),
                );
                None
            }
        }
    }

    fn rsync(&mut self) -> Option<RsyncSettings> {
        let host = self.string("host", true, "web1.bhxh.example.vn");
        let path = self.string("path", true, "/var/www/bhxh");
        let user = self.string("user", false, "loa");
        let port = self.integer("port", 1..=65535, 22);
        let identity = self.string("identity", false, "/var/lib/loa/.ssh/id_ed25519");
        let known_hosts = self.string("known_hosts", false, "/var/lib/loa/.ssh/known_hosts");
        let timeout = self.integer("timeout", 1..=3600, 60);
        if let Some(path) = path.as_ref().filter(|p| !p.starts_with('/')) {
            let line = self.value("path").map_or(self.entry_line, |v| self.checker.line(v.span().start));
            let context = self.context.clone();
            self.checker.error(
                line,
                (
                    msg!(
                        "{context}: path = \"{path}\" phải là đường dẫn tuyệt đối trên máy chủ",
                        "{context}: path = \"{path}\" must be an absolute path on the server"
                    ),
                    Msg::new("ví dụ path = \"/var/www/bhxh\"", "for example path = \"/var/www/bhxh\""),
                ),
            );
            return None;
        }
        Some(RsyncSettings {
            host: host?,
            path: path?,
            user,
            port: self.value("port").and(port).map(|p| p as u16),
            identity: identity.map(PathBuf::from),
            known_hosts: known_hosts.map(PathBuf::from),
            timeout: timeout? as u32,
        })
    }

    /// A boolean field, or `default` when absent.
    fn boolean(&mut self, field: &str, default: bool) -> Option<bool> {
        let Some(value) = self.value(field) else { return Some(default) };
        if let Some(b) = value.get_ref().as_bool() {
            return Some(b);
        }
        let context = self.context.clone();
        let line = self.checker.line(value.span().start);
        self.checker.error(
            line,
            (
                msg!("{context}: `{field}` phải là true hoặc false", "{context}: `{field}` must be true or false"),
                msg!("ví dụ {field} = true", "for example {field} = true"),
            ),
        );
        None
    }

    /// Reports `problem` about `field` (at its line) with `hint`.
    fn invalid(&mut self, field: &str, problem: Msg, hint: Msg) {
        let line = self.value(field).map_or(self.entry_line, |v| self.checker.line(v.span().start));
        let context = &self.context;
        let problem = Msg::new(format!("{context}: {}", problem.vi), format!("{context}: {}", problem.en));
        self.checker.error(line, (problem, hint));
    }

    fn s3(&mut self) -> Option<S3Settings> {
        let bucket = self.string("bucket", true, "bhxh-mauson-web");
        let endpoint = self.string("endpoint", true, "https://hn.ss.bfcplatform.vn");
        let region = self.string("region", true, "hn");
        let prefix = self.string("prefix", false, "web/");
        let path_style = self.boolean("path_style", false);
        let profile = self.string("profile", false, "loa");
        let timeout = self.integer("timeout", 1..=3600, 60);
        let mut valid = true;
        if let Some(bucket) = bucket.as_deref().filter(|b| !is_bucket_name(b)) {
            self.invalid(
                "bucket",
                msg!("bucket = \"{bucket}\" không phải tên bucket", "bucket = \"{bucket}\" is not a bucket name"),
                Msg::new(
                    "tên bucket dài 3-63 ký tự: chữ thường, số, dấu chấm và gạch ngang, ví dụ bucket = \"bhxh-mauson-web\"",
                    "a bucket name has 3-63 lowercase letters, digits, dots and hyphens, e.g. bucket = \"bhxh-mauson-web\"",
                ),
            );
            valid = false;
        }
        if let Some(endpoint) = &endpoint {
            if let Err(problem) = check_endpoint(endpoint) {
                let hint = Msg::new(
                    "ghi địa chỉ https của dịch vụ, không có đường dẫn, ví dụ endpoint = \"https://hn.ss.bfcplatform.vn\" (AWS: \"https://s3.ap-southeast-1.amazonaws.com\")",
                    "give the service's https address, without a path, e.g. endpoint = \"https://hn.ss.bfcplatform.vn\" (AWS: \"https://s3.ap-southeast-1.amazonaws.com\")",
                );
                self.invalid("endpoint", problem, hint);
                valid = false;
            }
        }
        let prefix = match prefix.as_deref().map(normal_prefix) {
            None => Some(String::new()),
            Some(Some(prefix)) => Some(prefix),
            Some(None) => {
                let shown = prefix.unwrap_or_default();
                self.invalid(
                    "prefix",
                    msg!(
                        "prefix = \"{shown}\" không phải tiền tố khóa hợp lệ",
                        "prefix = \"{shown}\" is not a valid key prefix"
                    ),
                    Msg::new(
                        "ghi các thư mục ngăn bằng /, không có / ở đầu, không có . hay .., ví dụ prefix = \"web/\"",
                        "write folders separated by /, without a leading /, . or .., e.g. prefix = \"web/\"",
                    ),
                );
                None
            }
        };
        if let Some(profile) = profile.as_deref().filter(|p| p.contains(['[', ']', '\n', '='])) {
            self.invalid(
                "profile",
                msg!("profile = \"{profile}\" không phải tên hồ sơ", "profile = \"{profile}\" is not a profile name"),
                Msg::new(
                    "ghi tên một mục [tên] của ~/.aws/credentials, ví dụ profile = \"loa\"",
                    "give the name of a [name] section of ~/.aws/credentials, e.g. profile = \"loa\"",
                ),
            );
            valid = false;
        }
        let settings = S3Settings {
            bucket: bucket?,
            endpoint: endpoint?,
            region: region?,
            prefix: prefix?,
            path_style: path_style?,
            profile,
            timeout: timeout? as u32,
        };
        valid.then_some(settings)
    }
}

#[cfg(test)]
#[path = "publish_tests.rs"]
mod tests;
