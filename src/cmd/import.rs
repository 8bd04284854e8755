//! `loa import SOURCE`: another portal's items written into content/ as drafts (or scheduled
//! with `--publish-at`) for an editor to review, each as a page bundle with its images:
//! `origin = "republished"`, `source_url`, the original date, the source's audiences,
//! campaigns and topics mapped by `[import]` of site.toml. An item already imported (same
//! `source_url`) is not imported again; one changed at the source since is reported.
//! Nothing is written unless every item and image could be read.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use super::cli::ImportArgs;
use super::common::{load_config, print_stdout, Failure};
use crate::diag::Diagnostics;
use crate::import::{agent, fetch, parse, SourceItem, MAX_FEED, MAX_IMAGE};
use crate::messages::{Lang, Msg};
use crate::msg;
use crate::site::{load_site, Options, Preview, Site};

/// The comment line that records which version of the source an imported file was made from.
const MARK: &str = "# loa import: ";

pub fn run(args: &ImportArgs) -> Result<(), Failure> {
    let site_args = args.site();
    let (config, now) = load_config(&site_args)?;
    let lang = Lang::choose(args.lang, &config.language);
    let fail = |m: Msg| {
        eprintln!("{}: {}", lang.pick("lỗi", "error"), m.get(lang));
        Failure::Content
    };
    if let Some(at) = &args.publish_at {
        crate::text::date::parse_instant(at, &config.timezone).map_err(|_| {
            Failure::UsageIn(
                lang,
                msg!(
                    "--publish-at {at}: không phải thời điểm; hãy ghi 2026-11-22T08:00",
                    "--publish-at {at}: not an instant; write 2026-11-22T08:00"
                )
                .get(lang)
                .to_string(),
            )
        })?;
    }
    let http = agent();
    let bytes = fetch(&http, &args.source, MAX_FEED).map_err(fail)?;
    let items = parse(&bytes, &args.source).map_err(fail)?;
    let mut diags = Diagnostics::in_lang(lang);
    let site =
        load_site(&args.root, config, Options { now, preview: Preview { future: true, drafts: true } }, &mut diags)?;
    let known = Known::of(&site, &args.root);
    let section = site.config.import.section.clone().unwrap_or_else(|| "tin-tuc".to_string());

    let mut plans = Vec::new();
    for item in &items {
        let state = match known.imported.get(&item.url) {
            Some((file, mark)) if mark.as_deref() == Some(&fingerprint(item)) || mark.is_none() => {
                State::Already(file.clone())
            }
            Some((file, _)) => State::Changed(file.clone()),
            None => State::New,
        };
        plans.push((item, state));
    }
    if args.list {
        print_stdout(&list(&plans, lang));
        return Ok(());
    }

    // Every new item, images included, is read before anything is written.
    let mut taken: BTreeSet<String> = known.slugs.clone();
    let mut bundles = Vec::new();
    let mut unmapped: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (item, state) in &plans {
        if !matches!(state, State::New) {
            continue;
        }
        let slug = unique_slug(&crate::text::slugify(&item.title), &mut taken);
        let (audiences, campaigns, topics) = known.map(item, &site, &mut unmapped);
        let html = with_lead_picture(item);
        let (html, images) = local_images(&html, &item.url);
        let mut files = Vec::new();
        for (url, name) in images {
            let bytes = fetch(&http, &url, MAX_IMAGE).map_err(fail)?;
            files.push((name, bytes));
        }
        let body = htmd::convert(&html).map_err(|e| {
            fail(msg!(
                "{}: không đổi được HTML thành Markdown: {e}",
                "{}: cannot turn its HTML into Markdown: {e}",
                item.url
            ))
        })?;
        let text =
            front_matter(item, &audiences, &campaigns, &topics, args.publish_at.as_deref()) + "\n" + body.trim() + "\n";
        bundles.push((args.root.join("content").join(&section).join(&slug), text, files));
    }
    for (dir, text, files) in &bundles {
        write_bundle(dir, text, files)
            .map_err(|e| fail(msg!("ghi {} thất bại: {e}", "writing {} failed: {e}", dir.display())))?;
    }

    let (new, changed, already) = counts(&plans);
    for (dir, _, files) in &bundles {
        let shown = dir.strip_prefix(&args.root).unwrap_or(dir).join("index.md");
        let images = files.len();
        println!("  + {}  ({} {})", shown.display(), images, lang.pick("ảnh", "images"));
    }
    for (item, state) in &plans {
        if let State::Changed(file) = state {
            let (url, shown) = (&item.url, file.display());
            eprintln!(
                "{}",
                msg!(
                    "đã đổi ở nguồn từ lần nhập trước: {shown} ({url}); so lại và sửa tay nếu cần",
                    "changed at the source since it was imported: {shown} ({url}); compare and edit by hand if needed"
                )
                .get(lang)
            );
        }
    }
    for (kind, slugs) in &unmapped {
        let list = slugs.iter().cloned().collect::<Vec<_>>().join(", ");
        let vi_kind = match *kind {
            "audiences" => "đối tượng",
            "campaigns" => "chiến dịch",
            _ => "chủ đề",
        };
        let first = slugs.iter().next().cloned().unwrap_or_default();
        eprintln!(
            "{}",
            msg!(
                "{vi_kind} của nguồn không có ở cổng này: {list}; chưa ghi vào bài. Thêm vào [import.{kind}] trong site.toml, ví dụ \"{first}\" = \"slug-cua-cong\"",
                "the source's {kind} not on this site: {list}; not written into the items. Map them in [import.{kind}] of site.toml, e.g. \"{first}\" = \"local-slug\""
            )
            .get(lang)
        );
    }
    let next = if args.publish_at.is_some() {
        lang.pick("đã hẹn giờ đăng theo --publish-at", "scheduled with --publish-at")
    } else {
        lang.pick(
            "là bản nháp (draft = true): đọc lại rồi đổi thành draft = false",
            "drafts (draft = true): review them, then set draft = false",
        )
    };
    println!(
        "{}",
        msg!(
            "Nhập {new} bài mới ({next}); {already} bài đã có; {changed} bài đã đổi ở nguồn.",
            "Imported {new} new items ({next}); {already} already here; {changed} changed at the source."
        )
        .get(lang)
    );
    Ok(())
}

/// What an item of the source is to this site.
enum State {
    New,
    /// Imported before, unchanged since: the file.
    Already(PathBuf),
    /// Imported before, changed at the source since.
    Changed(PathBuf),
}

fn counts(plans: &[(&SourceItem, State)]) -> (usize, usize, usize) {
    let count = |f: fn(&State) -> bool| plans.iter().filter(|(_, s)| f(s)).count();
    (
        count(|s| matches!(s, State::New)),
        count(|s| matches!(s, State::Changed(_))),
        count(|s| matches!(s, State::Already(_))),
    )
}

/// `--list`: what would be imported, and what is already here.
fn list(plans: &[(&SourceItem, State)], lang: Lang) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for (item, state) in plans {
        let (mark, note) = match state {
            State::New => ("+", lang.pick("mới", "new").to_string()),
            State::Already(f) => ("=", format!("{} {}", lang.pick("đã có:", "already:"), f.display())),
            State::Changed(f) => {
                ("~", format!("{} {}", lang.pick("đã đổi ở nguồn:", "changed at the source:"), f.display()))
            }
        };
        let date = item.published.as_deref().map_or("", |d| d.get(..10).unwrap_or(d));
        let _ = writeln!(out, "{mark} {date:<10} {}  <{}>  {note}", item.title, item.url);
    }
    let (new, changed, already) = counts(plans);
    let _ = writeln!(
        out,
        "{}",
        msg!(
            "{new} bài mới, {already} bài đã có, {changed} bài đã đổi ở nguồn (chưa ghi gì; bỏ --list để nhập).",
            "{new} new, {already} already here, {changed} changed at the source (nothing written; drop --list to import)."
        )
        .get(lang)
    );
    out
}

/// What the site already has: the items imported before (by source address, with the version
/// recorded in their file), the slugs of its content folder, its audiences and campaigns.
struct Known {
    imported: HashMap<String, (PathBuf, Option<String>)>,
    slugs: BTreeSet<String>,
    audiences: BTreeSet<String>,
    campaigns: BTreeSet<String>,
}

impl Known {
    fn of(site: &Site, root: &Path) -> Known {
        let mut imported = HashMap::new();
        for item in &site.items {
            if let Some(source) = &item.source_url {
                let text = fs::read_to_string(root.join(&item.shown)).unwrap_or_default();
                let mark = text.lines().find_map(|l| l.strip_prefix(MARK)).map(|m| m.trim().to_string());
                imported.insert(source.clone(), (item.shown.clone(), mark));
            }
        }
        let of_kind = |kind: crate::content::Kind| -> BTreeSet<String> {
            site.items.iter().filter(|i| i.kind == kind).map(|i| i.ref_slug.clone()).collect()
        };
        Known {
            imported,
            slugs: site.items.iter().map(|i| i.slug.clone()).collect(),
            audiences: of_kind(crate::content::Kind::Audience),
            campaigns: of_kind(crate::content::Kind::Campaign),
        }
    }

    /// The item's audiences, campaigns and topics as this site names them; those it does not
    /// have go to `unmapped`, by kind.
    #[allow(clippy::type_complexity)]
    fn map<'a>(
        &self,
        item: &SourceItem,
        site: &Site,
        unmapped: &mut BTreeMap<&'a str, BTreeSet<String>>,
    ) -> (Vec<String>, Vec<String>, Vec<String>) {
        let import = &site.config.import;
        let topics_here: BTreeSet<String> =
            site.config.topics.as_ref().map(|t| t.keys().cloned().collect()).unwrap_or_default();
        let mut one = |slugs: &[String], map: &BTreeMap<String, String>, here: &BTreeSet<String>, kind: &'a str| {
            let mut out = Vec::new();
            for slug in slugs {
                let local = map.get(slug).unwrap_or(slug);
                if here.contains(local) {
                    if !out.contains(local) {
                        out.push(local.clone());
                    }
                } else {
                    unmapped.entry(kind).or_default().insert(slug.clone());
                }
            }
            out
        };
        (
            one(&item.audiences, &import.audiences, &self.audiences, "audiences"),
            one(&item.campaigns, &import.campaigns, &self.campaigns, "campaigns"),
            one(&item.topics, &import.topics, &topics_here, "topics"),
        )
    }
}

/// The item's text with its first picture above it when the text does not show it (an
/// infographic's picture), described by the source's alt or else the title.
fn with_lead_picture(item: &SourceItem) -> String {
    match item.images.first() {
        Some(first) if !item.html.contains(first.as_str()) => {
            let alt = crate::text::escape_html(item.alt.as_deref().unwrap_or(&item.title));
            let src = crate::text::escape_html(first);
            format!("<p><img src=\"{src}\" alt=\"{alt}\"></p>\n{}", item.html)
        }
        _ => item.html.clone(),
    }
}

/// A slug not taken yet: `base`, else `base-2`, `base-3`…
fn unique_slug(base: &str, taken: &mut BTreeSet<String>) -> String {
    let base = if base.is_empty() { "bai-dang-lai" } else { base };
    let mut slug = base.to_string();
    let mut n = 2;
    while taken.contains(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(slug.clone());
    slug
}

/// The version of a source item, recorded in the imported file to notice a later change.
fn fingerprint(item: &SourceItem) -> String {
    let text = format!("{}\u{0}{}\u{0}{}", item.title, item.summary.as_deref().unwrap_or(""), item.html);
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// `html` with its images pointed at files beside the item, and the (address, file name) of
/// each image to download; relative links and images are made absolute against the item's
/// address at the source, so they keep leading to the source portal.
fn local_images(html: &str, item_url: &str) -> (String, Vec<(String, String)>) {
    let base = url::Url::parse(item_url).ok();
    let absolute = |link: &str| -> String {
        match &base {
            Some(base) if !link.starts_with('#') => base.join(link).map_or(link.to_string(), |u| u.to_string()),
            _ => link.to_string(),
        }
    };
    // <source> and srcset only repeat the <img> in other sizes: the image is downloaded once.
    let mut cleaned = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<source") {
        cleaned.push_str(&rest[..at]);
        rest = rest[at..].find('>').map_or("", |end| &rest[at + end + 1..]);
    }
    cleaned.push_str(rest);
    let mut out = String::with_capacity(cleaned.len());
    let mut images: Vec<(String, String)> = Vec::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut rest = cleaned.as_str();
    while let Some(at) = rest.find(['h', 's']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let attr = ["href=\"", "src=\"", "srcset=\""].into_iter().find(|a| tail.starts_with(a));
        let (Some(attr), Some(end)) = (attr, attr.and_then(|a| tail[a.len()..].find('"'))) else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
            continue;
        };
        let value = &tail[attr.len()..attr.len() + end];
        rest = &tail[attr.len() + end + 1..];
        match attr {
            "srcset=\"" => {}
            "src=\"" => {
                let url = absolute(value);
                let name = match images.iter().find(|(u, _)| *u == url) {
                    Some((_, name)) => name.clone(),
                    None => {
                        let name = image_name(&url, &mut names);
                        images.push((url, name.clone()));
                        name
                    }
                };
                out.push_str(&format!("src=\"{name}\""));
            }
            _ => out.push_str(&format!("href=\"{}\"", absolute(value))),
        }
    }
    out.push_str(rest);
    (out, images)
}

/// A file name for a downloaded image: its own name made a slug, unique in the bundle.
fn image_name(url: &str, names: &mut BTreeSet<String>) -> String {
    let last = url.split(['?', '#']).next().unwrap_or(url).rsplit('/').next().unwrap_or("anh");
    let last = percent_encoding::percent_decode_str(last).decode_utf8_lossy();
    let (stem, ext) = last.rsplit_once('.').unwrap_or((&last, "jpg"));
    let ext = ext.to_ascii_lowercase();
    let ext =
        if ["jpg", "jpeg", "png", "webp", "gif", "svg"].contains(&ext.as_str()) { ext } else { "jpg".to_string() };
    let stem = crate::text::slugify(stem);
    let stem = if stem.is_empty() { "anh".to_string() } else { stem };
    let mut name = format!("{stem}.{ext}");
    let mut n = 2;
    while !names.insert(name.clone()) {
        name = format!("{stem}-{n}.{ext}");
        n += 1;
    }
    name
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn toml_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| toml_str(s)).collect::<Vec<_>>().join(", "))
}

/// The front matter of an imported item.
fn front_matter(
    item: &SourceItem,
    audiences: &[String],
    campaigns: &[String],
    topics: &[String],
    publish_at: Option<&str>,
) -> String {
    let mut s = String::from("+++\n");
    s.push_str(&format!("title = {}\n", toml_str(&item.title)));
    if let Some(summary) = &item.summary {
        s.push_str(&format!("summary = {}\n", toml_str(summary)));
    }
    // The original date: a republished item keeps the date the source gave it.
    if let Some(date) = &item.published {
        s.push_str(&format!("date = {date}\n"));
    }
    match publish_at {
        Some(at) => s.push_str(&format!("publish_at = {}\n", toml_str(at))),
        None => s.push_str("draft = true\n"),
    }
    if let Some(author) = &item.author {
        s.push_str(&format!("author = {}\n", toml_str(author)));
    }
    s.push_str(&format!("audiences = {}\n", toml_list(audiences)));
    if !campaigns.is_empty() {
        s.push_str(&format!("campaigns = {}\n", toml_list(campaigns)));
    }
    s.push_str(&format!("topics = {}\n", toml_list(topics)));
    s.push_str("origin = \"republished\"\n");
    s.push_str(&format!("source_url = {}\n", toml_str(&item.url)));
    s.push_str(&format!("{MARK}{}\n", fingerprint(item)));
    s.push_str("+++\n");
    s
}

/// Writes one bundle: its folder, index.md and images, each file by a rename so a failed run
/// leaves no half-written file.
fn write_bundle(dir: &Path, text: &str, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let write = |name: &str, bytes: &[u8]| -> std::io::Result<()> {
        let partial = dir.join(format!(".{name}.partial"));
        fs::write(&partial, bytes)?;
        fs::rename(&partial, dir.join(name))
    };
    for (name, bytes) in files {
        write(name, bytes)?;
    }
    write("index.md", text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_become_files_beside_the_item_and_links_stay_at_the_source() {
        let html = r#"<p><a href="/tin-tuc/khac/">khác</a> <a href="https://x.vn/">x</a></p><picture><source type="image/webp" srcset="/a-400.webp 400w"><img src="/anh/Hội nghị.jpg" srcset="/a-400.jpg 400w" alt="A"></picture><img src="https://cdn.vn/anh/Hội nghị.jpg">"#;
        let (out, images) = local_images(html, "https://tw.example.vn/tin-tuc/bai/");
        assert!(out.contains("href=\"https://tw.example.vn/tin-tuc/khac/\""), "{out}");
        assert!(out.contains("src=\"hoi-nghi.jpg\"") && out.contains("src=\"hoi-nghi-2.jpg\""), "{out}");
        assert!(!out.contains("<source") && !out.contains("400w"), "{out}");
        assert_eq!(images[0].0, "https://tw.example.vn/anh/H%E1%BB%99i%20ngh%E1%BB%8B.jpg");
    }
}
