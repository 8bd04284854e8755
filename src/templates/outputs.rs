//! The files of a build besides its pages: alias redirects and `redirects.map`, the Atom
//! feeds, sitemap and robots.txt, the search index, the calendar's iCalendar feeds, the theme's
//! static files, the content assets and the image variants. Each goes to the build's sink as it
//! is made; a file that would take the path of another is an error naming its source.

use std::fmt::Write;
use std::path::Path;

use rayon::prelude::*;

use super::page_values::AliasPage;
use super::plan::Lang;
use super::render::{languages, Images, Prepared, Sitemap};
use super::theme::{render_error, Theme};
use super::{feeds, ical, xml};
use crate::diag::Diagnostic;
use crate::output::{Sink, Tracked};
use crate::site::indexes::LangIndex;
use crate::site::model::{Item, Site};
use crate::site::urls::{self, Urls};

/// Makes every file of the site that is not a page into `sink`, which the pages went through
/// already (so that an alias or asset cannot take a page's path).
pub fn write_outputs(
    site: &Site,
    theme: &Theme,
    root: &Path,
    prepared: &Prepared,
    sitemap: &Sitemap,
    images: Images,
    sink: &Tracked<'_>,
) -> Result<(), Vec<Diagnostic>> {
    let empty = LangIndex::default();
    let langs = languages(site, theme, prepared, &empty);
    let mut errors = Vec::new();
    // Files loa writes after the aliases, which no alias may need as a folder.
    let mut files: std::collections::HashSet<&str> = theme.statics.keys().map(String::as_str).collect();
    files.extend(sitemap.share_cards.iter().map(|(p, _)| p.as_str()));
    aliases(site, theme, &langs[0], (sink, &files), root, &mut errors);
    // A build that failed already draws and resizes nothing: it would only fill the cache.
    let images = if errors.is_empty() { images } else { Images::Skip };
    put(sink, urls::FRAME_MAP, crate::site::media::frame_map(site).into_bytes(), &mut errors);
    for lang in &langs {
        let title = lang.site.title;
        for (path, text) in feeds::feeds(site, lang.ix, lang.code, title) {
            put(sink, &path, text.into_bytes(), &mut errors);
        }
    }
    for (name, text) in xml::sitemaps(site, &sitemap.entries, &sitemap.alternates) {
        put(sink, &name, text.into_bytes(), &mut errors);
    }
    put(sink, urls::ROBOTS_FILE, xml::robots(site).into_bytes(), &mut errors);
    let search = crate::timing::stage("search index", || super::streaming::search_files(site, sink));
    errors.extend(search.err());
    for lang in langs.iter().filter(|l| !l.ix.campaigns.is_empty()) {
        let campaigns: Vec<&Item> = lang.ix.campaigns.iter().map(|&i| &site.items[i]).collect();
        let name = format!("{} – {}", lang.site.title, lang.string_map.get("calendar").map_or("", String::as_str));
        let urls = Urls::of(site);
        let path = urls.out_path(&urls.calendar_feed(lang.code));
        put(sink, &path, ical::campaigns(site, lang.code, &name, &campaigns).into_bytes(), &mut errors);
    }
    if images == Images::Make {
        let cache = crate::images::Cache::open(root);
        let drawn = crate::timing::stage("share cards", || {
            super::share_cards::draw(site, theme, &cache, &sitemap.share_cards, sink)
        });
        errors.extend(drawn);
    }
    for (name, bytes) in &theme.statics {
        // A theme's file at the address of a page, feed or sitemap would replace it silently.
        if sink.has(name) {
            errors.push(static_overwrites(site, root, name));
            continue;
        }
        put(sink, name, bytes.clone(), &mut errors);
    }
    // The sharing cards' paths, also when `loa check` draws none: an asset there is refused alike.
    let cards: std::collections::HashSet<&str> = sitemap.share_cards.iter().map(|(p, _)| p.as_str()).collect();
    assets(site, root, images, sink, &cards, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The files of content/ published as they are, and the variants and cards of its images.
fn assets(
    site: &Site,
    root: &Path,
    images: Images,
    sink: &Tracked<'_>,
    cards: &std::collections::HashSet<&str>,
    errors: &mut Vec<Diagnostic>,
) {
    let content = root.join("content");
    let assets: Vec<Result<(String, Vec<u8>), Diagnostic>> = site
        .assets
        .par_iter()
        .map(|rel| {
            std::fs::read(content.join(rel)).map(|b| (rel.clone(), b)).map_err(|e| {
                Diagnostic::error(
                    format!("content/{rel}"),
                    0,
                    0,
                    crate::msg!("không đọc được tệp: {e}", "cannot read the file: {e}"),
                )
                .with_hint(crate::msg!(
                    "kiểm tra quyền đọc của tệp, hoặc xóa tệp nếu không dùng",
                    "check the file can be read, or delete it if it is not used"
                ))
            })
        })
        .collect();
    let mut read = Vec::with_capacity(assets.len());
    for a in assets {
        match a {
            Ok(asset) => read.push(asset),
            Err(d) => errors.push(d),
        }
    }
    if images == Images::Make {
        super::streaming::add_images(site, root, &read, sink, errors);
    }
    for (rel, bytes) in read {
        if sink.has(&rel) || cards.contains(rel.as_str()) {
            errors.push(
                Diagnostic::error(
                    format!("content/{rel}"),
                    1,
                    1,
                    crate::msg!(
                        "tệp này sẽ ghi đè lên /{rel} do loa tạo (tệp của giao diện hoặc bản thu nhỏ của ảnh)",
                        "the file would overwrite /{rel} that loa makes (a theme file or a resized image)"
                    ),
                )
                .with_hint(crate::msg!("đổi tên tệp", "rename the file")),
            );
        }
        // Photos go out without the GPS position and camera details their EXIF carries.
        let bytes = crate::images::without_private_metadata(&bytes).unwrap_or(bytes);
        put(sink, &rel, bytes, errors);
    }
}

/// The error of a theme's static file `name` at the address of something loa makes.
fn static_overwrites(site: &Site, root: &Path, name: &str) -> Diagnostic {
    let own = root.join("themes").join(&site.config.theme).join("static").join(name);
    let shown = if own.is_file() {
        crate::diag::display_path(root, &own)
    } else {
        std::path::PathBuf::from(format!("themes/{}/static/{name}", site.config.theme))
    };
    Diagnostic::error(
        shown,
        0,
        0,
        crate::msg!(
            "tệp này của giao diện sẽ ghi đè lên /{name} mà loa tạo (một trang, bản tin, sơ đồ trang hoặc chỉ mục tìm kiếm)",
            "this theme file would overwrite /{name} that loa makes (a page, feed, sitemap or search index)"
        ),
    )
    .with_hint(crate::msg!(
        "đổi tên hoặc xóa tệp trong thư mục static/ của giao diện; muốn đổi cách trang hiện ra thì sửa mẫu trong templates/",
        "rename or delete the file in the theme's static/ folder; to change how the page looks, override its template in templates/"
    ))
}

/// Hands one file to the sink; a sink that fails (the staging folder's disk full) is an error
/// of that file.
fn put(sink: &dyn Sink, path: &str, bytes: Vec<u8>, errors: &mut Vec<Diagnostic>) {
    if let Err(e) = sink.put(path, bytes) {
        errors.push(Diagnostic::error(path, 0, 0, format!("{e:#}")));
    }
}

/// Redirect pages at each alias: a meta refresh with a canonical link, for any web server;
/// and `redirects.map`, the same redirects as an nginx map, for a real 301.
fn aliases(
    site: &Site,
    theme: &Theme,
    lang: &Lang<'_>,
    (sink, later): (&Tracked<'_>, &std::collections::HashSet<&str>),
    root: &Path,
    errors: &mut Vec<Diagnostic>,
) {
    let mut map = String::from("# Written by loa: old address (an item's `aliases`) -> its page. See README.md.\n");
    for item in &site.items {
        for alias in &item.aliases {
            let from = Urls::of(site).alias(alias);
            let path = Urls::of(site).out_path(&from);
            let as_file = path.strip_suffix("/index.html").unwrap_or("");
            // A file loa writes where the alias needs a folder: a theme file, an icon, a card.
            let file = path.match_indices('/').map(|(i, _)| &path[..i]).find(|p| later.contains(p));
            if sink.has(&path) || sink.has(as_file) || file.is_some() {
                let taken = file.map_or_else(|| as_file.to_string(), str::to_string);
                // The line of the alias in the item's front matter, for the message.
                let text = std::fs::read_to_string(root.join("content").join(&item.rel)).unwrap_or_default();
                let needle = alias.trim_matches('/');
                let line = text.lines().position(|l| !needle.is_empty() && l.contains(needle)).map_or(1, |n| n + 1);
                errors.push(
                    Diagnostic::error(
                        &item.shown,
                        line,
                        1,
                        crate::msg!(
                            "địa chỉ cũ (alias) `{alias}` trùng với `/{taken}` mà loa tạo (một trang, tệp của giao diện hoặc thẻ chia sẻ)",
                            "the alias `{alias}` meets `/{taken}` that loa makes (a page, a theme file or a sharing card)"
                        ),
                    )
                    .with_hint(crate::msg!(
                        "bỏ địa chỉ cũ này, hoặc ghi một địa chỉ khác",
                        "remove this alias, or write another address"
                    )),
                );
                continue;
            }
            let target = Urls::of(site).absolute(&item.url);
            let context = AliasPage { target, title: &item.title, site: &lang.site_value, t: &lang.strings };
            let rendered = tera::Context::from_serialize(context)
                .and_then(|ctx| theme.tera.render("alias.html", &ctx))
                .map_err(|e| render_error("alias.html", &e));
            match rendered {
                Ok(html) => put(sink, &path, html.into_bytes(), errors),
                Err(d) => errors.push(d),
            }
            let to = nginx_string(&item.url);
            let _ = writeln!(map, "{} {to};", nginx_string(&from));
            // "/old/path" without its slash leads to the page too, in one hop.
            if let Some(bare) = from.strip_suffix('/').filter(|b| !b.is_empty()) {
                let _ = writeln!(map, "{} {to};", nginx_string(bare));
            }
        }
    }
    put(sink, urls::REDIRECT_MAP, map.into_bytes(), errors);
}

/// A quoted nginx string (item URLs are slugs, so no `$` that nginx would read as a variable).
fn nginx_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}
