//! Walking content/ and reading every file: UTF-8 check, BOM and CRLF removal, NFC, front
//! matter. Reading and parsing run in parallel; the result is in path order.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::config::Config;
use super::frontmatter;
use super::model::{Kind, Role, Source};
use crate::diag::{Diagnostic, Diagnostics};
use crate::messages::Msg;
use crate::msg;
use crate::text::{nfc, slugify};

/// Everything read from content/.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Vec<Source>,
    /// Every other file, relative to content/ with '/' separators, in path order.
    pub assets: Vec<String>,
    /// Markdown files that exist but could not be read or parsed (already reported), so
    /// links and references to them are not reported a second time as leading nowhere.
    pub broken: Vec<Broken>,
}

/// A Markdown file with errors of its own: where it is and the slug its name gives.
#[derive(Debug, Clone)]
pub struct Broken {
    pub rel: String,
    pub role: Role,
    pub file_slug: String,
}

/// A Markdown file found by the walk, before it is read.
struct Found {
    path: PathBuf,
    rel: String,
    role: Role,
    section: String,
    file_slug: String,
    lang: String,
    bundle_dir: Option<String>,
}

/// Loads every file under `root/content`. Problems in single files become diagnostics; the
/// walk itself failing (content/ missing or unreadable) is an error for the whole run.
pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> anyhow::Result<Loaded> {
    load_memo(root, config, diags, None)
}

/// Files read and parsed at earlier builds (`loa serve`), by a fingerprint of their bytes and
/// of everything their place in content/ decides (role, section, language, slug).
#[derive(Default)]
pub struct SourceMemo {
    entries: std::sync::Mutex<std::collections::HashMap<u128, ReadResult>>,
    used: std::sync::Mutex<std::collections::HashSet<u128>>,
    /// Path → [`front_key`] of every file read without problems at the last build.
    fronts: std::sync::Mutex<std::collections::HashMap<String, u128>>,
}

impl SourceMemo {
    fn get(&self, key: u128) -> Option<ReadResult> {
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(key);
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).get(&key).cloned()
    }

    fn put(&self, key: u128, value: ReadResult) {
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(key);
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).insert(key, value);
    }

    /// The [`front_key`] `rel` had at the last build, if it was read without problems.
    pub fn front(&self, rel: &str) -> Option<u128> {
        self.fronts.lock().unwrap_or_else(|e| e.into_inner()).get(rel).copied()
    }

    /// Forgets the files the last build did not read.
    fn end_build(&self) {
        let used = std::mem::take(&mut *self.used.lock().unwrap_or_else(|e| e.into_inner()));
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).retain(|k, _| used.contains(k));
    }
}

/// [`load`] that parses again only the files whose bytes or place changed since `memo` saw them.
pub fn load_memo(
    root: &Path,
    config: &Config,
    diags: &mut Diagnostics,
    memo: Option<&SourceMemo>,
) -> anyhow::Result<Loaded> {
    let content = root.join("content");
    let mut found = Vec::new();
    let mut assets = Vec::new();
    let walker = WalkDir::new(&content).sort_by_file_name().into_iter().filter_entry(|e| !is_ignored(e.file_name()));
    for entry in walker {
        let entry = entry.map_err(|e| anyhow::anyhow!("walking {}: {e}", content.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let rel = rel_path(&content, path);
        if rel == "site.toml" {
            continue;
        }
        if rel.ends_with(".md") {
            match classify(&content, &rel, config) {
                Ok(f) => found.push(Found { path: path.to_path_buf(), ..f }),
                Err(d) => diags.push(d.with_path(root, path)),
            }
        } else {
            assets.push(rel);
        }
    }
    let results: Vec<ReadResult> = found
        .into_par_iter()
        .map(|f| {
            let broken = Broken { rel: f.rel.clone(), role: f.role.clone(), file_slug: f.file_slug.clone() };
            let Some(memo) = memo else { return read_source(root, f, None).map_err(|d| (broken, d)) };
            let bytes = match std::fs::read(&f.path) {
                Ok(b) => b,
                Err(_) => return read_source(root, f, None).map_err(|d| (broken, d)),
            };
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            for part in [
                f.path.to_string_lossy().as_bytes(),
                f.rel.as_bytes(),
                f.section.as_bytes(),
                f.file_slug.as_bytes(),
                f.lang.as_bytes(),
                f.bundle_dir.as_deref().unwrap_or("\0").as_bytes(),
                format!("{:?}", f.role).as_bytes(),
                &bytes,
            ] {
                h.update(&(part.len() as u64).to_le_bytes());
                h.update(part);
            }
            let key = h.digest128();
            if let Some(hit) = memo.get(key) {
                return hit;
            }
            let result = read_source(root, f, Some(bytes)).map_err(|d| (broken, d));
            memo.put(key, result.clone());
            result
        })
        .collect();
    if let Some(memo) = memo {
        memo.end_build();
        let fronts = results
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .filter(|(_, problems)| problems.is_empty())
            .map(|(s, _)| (s.rel.clone(), front_key(s)))
            .collect();
        *memo.fronts.lock().unwrap_or_else(|e| e.into_inner()) = fronts;
    }
    let mut sources = Vec::with_capacity(results.len());
    let mut broken = Vec::new();
    for r in results {
        match r {
            Ok((s, problems)) => {
                diags.extend(problems);
                sources.push(s);
            }
            Err((b, d)) => {
                broken.push(b);
                diags.extend(d);
            }
        }
    }
    Ok(Loaded { sources, assets, broken })
}

/// Reads and parses the one Markdown file `rel` (relative to content/) as the walk would, for
/// `loa serve`'s quick path. `None` when it is not a Markdown file the walk would read, or
/// when reading it met any problem (the full build then reports it).
pub fn read_one(root: &Path, config: &Config, rel: &str) -> Option<Source> {
    if !rel.ends_with(".md") || rel == "site.toml" || rel.split('/').any(|part| is_ignored(std::ffi::OsStr::new(part)))
    {
        return None;
    }
    let content = root.join("content");
    let path = content.join(rel);
    let found = Found { path, ..classify(&content, rel, config).ok()? };
    match read_source(root, found, None) {
        Ok((source, problems)) if problems.is_empty() => Some(source),
        _ => None,
    }
}

/// A fingerprint of everything in a file but its body: its place in content/ and its front matter.
pub fn front_key(s: &Source) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let role = format!("{:?}{:?}{}{}", s.role, s.format, s.front_line, s.body_line);
    for part in [
        s.rel.as_str(),
        s.section.as_str(),
        s.file_slug.as_str(),
        s.lang.as_str(),
        s.bundle_dir.as_deref().unwrap_or("\0"),
        role.as_str(),
        s.front_text.as_str(),
    ] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.digest128()
}

pub(crate) fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    // Hidden files, and the temporary and backup files editors leave while saving.
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with("#")
}

fn rel_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// A problem with a file's name or place, before it is read.
struct Misplaced {
    message: Msg,
    hint: Msg,
}

impl Misplaced {
    fn with_path(self, root: &Path, path: &Path) -> Diagnostic {
        Diagnostic::error(crate::diag::display_path(root, path), 0, 0, self.message).with_hint(self.hint)
    }
}

fn classify(content: &Path, rel: &str, config: &Config) -> Result<Found, Misplaced> {
    let (dir, file) = match rel.rfind('/') {
        Some(i) => (&rel[..i], &rel[i + 1..]),
        None => ("", rel),
    };
    let stem = &file[..file.len() - 3];
    let (stem, lang) = split_lang(stem, config)?;
    let top = dir.split('/').next().unwrap_or("");
    let f = &config.folders;
    let kind = if top.is_empty() {
        Kind::Page
    } else if top == f.audiences {
        Kind::Audience
    } else if top == f.campaigns {
        Kind::Campaign
    } else if top == f.infographics {
        Kind::Infographic
    } else if top == f.faq {
        Kind::Faq
    } else if top == f.videos {
        Kind::Video
    } else if top == f.photo_stories {
        Kind::PhotoStory
    } else if top == f.legal {
        Kind::Legal
    } else if top == f.pages {
        Kind::Page
    } else {
        Kind::Article
    };
    let base = Found {
        path: PathBuf::new(),
        rel: rel.to_string(),
        role: Role::Item(kind),
        section: dir.to_string(),
        file_slug: String::new(),
        lang,
        bundle_dir: None,
    };
    if stem == "_index" {
        let role = if dir.is_empty() { Role::Home } else { Role::SectionIndex };
        return Ok(Found { role, ..base });
    }
    if stem == "index" {
        if dir.is_empty() {
            return Err(Misplaced {
                message: Msg::new("content/index.md không được dùng", "content/index.md is not used"),
                hint: Msg::new(
                    "viết nội dung trang chủ vào content/_index.md",
                    "write the home page text in content/_index.md",
                ),
            });
        }
        // A bundle: the folder is the item, its files are the item's assets.
        let (parent, name) = match dir.rfind('/') {
            Some(i) => (&dir[..i], &dir[i + 1..]),
            None => ("", dir),
        };
        let kind = if parent.is_empty() { Kind::Page } else { kind };
        let _ = content;
        return Ok(Found {
            role: Role::Item(kind),
            section: parent.to_string(),
            file_slug: slugify(name),
            bundle_dir: Some(dir.to_string()),
            ..base
        });
    }
    Ok(Found { file_slug: slugify(stem), ..base })
}

/// `bai-viet.en` → (`bai-viet`, `en`) when `en` is a language of the site.
fn split_lang<'a>(stem: &'a str, config: &Config) -> Result<(&'a str, String), Misplaced> {
    if let Some((base, code)) = stem.rsplit_once('.') {
        if config.language_codes().any(|c| c == code) {
            return Ok((base, code.to_string()));
        }
        let looks_like_language = (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase());
        if looks_like_language {
            return Err(Misplaced {
                message: msg!(
                    "tệp là bản dịch sang `{code}`, nhưng cổng không có ngôn ngữ này",
                    "the file is a translation into `{code}`, but the site has no such language"
                ),
                hint: msg!(
                    "thêm bảng [languages.{code}] vào content/site.toml, hoặc đổi tên tệp",
                    "add a table [languages.{code}] to content/site.toml, or rename the file"
                ),
            });
        }
    }
    Ok((stem, config.language.clone()))
}

/// A file read (with problems that still let it be read), or why it could not be.
type ReadResult = Result<(Source, Vec<Diagnostic>), (Broken, Vec<Diagnostic>)>;

/// Reads one file; problems that still let it be read come back beside it.
fn read_source(root: &Path, f: Found, bytes: Option<Vec<u8>>) -> Result<(Source, Vec<Diagnostic>), Vec<Diagnostic>> {
    let shown = crate::diag::display_path(root, &f.path);
    let bytes = match bytes {
        Some(b) => b,
        None => std::fs::read(&f.path).map_err(|e| {
            vec![Diagnostic::error(&shown, 0, 0, msg!("không đọc được tệp: {e}", "cannot read the file: {e}"))]
        })?,
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = String::from_utf8_lossy(&valid[valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..])
                .chars()
                .count()
                + 1;
            let message = Msg::new("tệp không phải văn bản UTF-8", "the file is not UTF-8 text");
            return Err(vec![Diagnostic::error(&shown, line, col, message).with_hint(Msg::new(
                "có lẽ tệp được lưu bằng bảng mã cũ (TCVN3/VNI hoặc Windows-1258); hãy lưu lại dưới dạng UTF-8",
                "it was probably saved in a legacy encoding (TCVN3/VNI or Windows-1258); save it again as UTF-8",
            ))]);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() };
    let text = nfc(&text).into_owned();
    let split = frontmatter::split(&text).map_err(|e| vec![front_diag(&shown, e)])?;
    let (kind_fields, kind_name) = match f.role {
        Role::Item(kind) => (kind.fields(), kind.plural_msg()),
        Role::SectionIndex => (
            vec!["title", "summary", "weight", "slug", "aliases", "draft"],
            Msg::new("tệp _index.md của một mục", "a section's _index.md"),
        ),
        Role::Home => (vec!["title", "summary"], Msg::from("content/_index.md")),
    };
    let parsed = frontmatter::parse(&split, &kind_fields, kind_name)
        .map_err(|errs| errs.into_iter().map(|e| front_diag(&shown, e)).collect::<Vec<_>>())?;
    let problems = parsed.errors.into_iter().map(|e| front_diag(&shown, e)).collect();
    let front = parsed.front;
    let source = Source {
        shown,
        rel: f.rel,
        role: f.role,
        section: f.section,
        file_slug: f.file_slug,
        lang: f.lang,
        bundle_dir: f.bundle_dir,
        front,
        format: split.format,
        front_text: split.front.to_string(),
        front_line: split.front_line,
        body: split.body.to_string(),
        body_line: split.body_line,
    };
    Ok((source, problems))
}

fn front_diag(shown: &Path, e: frontmatter::FrontError) -> Diagnostic {
    Diagnostic::error(shown, e.line, e.col, e.message).with_hint_opt(e.hint)
}
