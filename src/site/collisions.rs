//! Every output file made by one thing only. Two sources that map to one output path (an
//! item's slug and a section, an alias and a generated file, a `[folders]` name and a content
//! folder, an asset and a page) would silently lose one of them, so each meeting is an error
//! naming both files and lines.
//!
//! The check runs over every item loaded, whatever its publication state, with every topic
//! and asset: the addresses of a scheduled item meet today already, so no collision can appear
//! at a later instant, when nobody is watching the build.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::image_outputs::{card_source, list_picture, thumbnails};
use super::indexes::Indexes;
use super::model::{Image, Site};
use super::urls::{addresses, Address, Origin, Urls, What, TITLE_CARD_FILE};
use crate::content::config::find_line;
use crate::content::model::Role;
use crate::content::Source;
use crate::diag::{Diagnostic, Diagnostics};
use crate::images::{self, Size};
use crate::messages::Msg;
use crate::msg;

/// Where an address comes from: the file and line to name, and what it is.
struct Maker {
    file: PathBuf,
    line: usize,
    what: Msg,
}

/// Reports every output path that two addresses of `site` share, and every output file that
/// another output needs as a folder. `site` holds every item loaded; `site_toml` is the text of
/// site.toml, for the lines of the folders it names.
pub(super) fn check(
    site: &Site,
    sources: &[Source],
    sizes: &HashMap<String, Result<Size, Msg>>,
    site_toml: &str,
    diags: &mut Diagnostics,
) {
    let indexes = Indexes::build(site);
    let mut all = addresses(site, &indexes);
    all.extend(image_variants(site, sizes));
    let cards = title_cards(&all);
    all.extend(cards);
    let by_rel: HashMap<&str, &Source> = sources.iter().map(|s| (s.rel.as_str(), s)).collect();
    let cx = Context { site, by_rel, site_toml, urls: Urls::of(site) };
    let mut first: HashMap<&str, &Address> = HashMap::new();
    let mut reported: HashSet<(PathBuf, usize, PathBuf, usize)> = HashSet::new();
    let mut report = |diags: &mut Diagnostics, earlier: &Address, later: &Address, folder: bool| {
        let (mut a, mut b) = (cx.maker(earlier), cx.maker(later));
        // Said at the editor's file rather than at what loa makes of site.toml.
        if !folder && later.origin == Origin::Site && earlier.origin != Origin::Site {
            std::mem::swap(&mut a, &mut b);
        }
        if !reported.insert((a.file.clone(), a.line, b.file.clone(), b.line)) {
            return;
        }
        let (path, other, line) = (&later.path, a.file.display(), a.line);
        // The path in a message is shown as text, whatever bytes an alias held.
        let path = path.escape_debug().to_string();
        let message = if folder {
            let file = &earlier.path;
            Msg::new(
                format!(
                    "{} cần thư mục `{file}`, nhưng {} ({other}:{line}) ghi một tệp cùng tên",
                    b.what.vi, a.what.vi
                ),
                format!(
                    "{} needs a folder `{file}`, but {} ({other}:{line}) writes a file of that name",
                    b.what.en, a.what.en
                ),
            )
        } else {
            Msg::new(
                format!("{} và {} ({other}:{line}) cùng địa chỉ: cả hai ghi vào `{path}`", b.what.vi, a.what.vi),
                format!("{} and {} ({other}:{line}) have the same address: both write `{path}`", b.what.en, a.what.en),
            )
        };
        diags.push(Diagnostic::error(&b.file, b.line, 1, message).with_hint(msg!(
            "đổi tên tệp, đặt `slug` hoặc `aliases` khác, hoặc đổi tên thư mục trong [folders] của site.toml, để mỗi địa chỉ chỉ do một nguồn tạo ra",
            "rename the file, set another `slug` or `aliases`, or rename the folder in site.toml's [folders], so that one source makes each address"
        )));
    };
    // A page's title card is drawn only for some pages (those without a picture): a file of
    // content/ at its name is checked where the cards are known (`templates::outputs`).
    let card_and_asset = |a: &Address, b: &Address| {
        matches!((a.what, b.what), (What::TitleCard, What::Asset) | (What::Asset, What::TitleCard))
    };
    for address in &all {
        let Some(earlier) = first.get(address.path.as_str()) else {
            first.insert(&address.path, address);
            continue;
        };
        if card_and_asset(earlier, address) {
            continue;
        }
        // Two items at one address are reported where slugs are resolved.
        let both_items = matches!((&earlier.origin, &address.origin), (Origin::Item(_), Origin::Item(_)))
            && earlier.what == What::Page
            && address.what == What::Page;
        // The search page and the folder of its index are one address by design.
        let search = matches!((earlier.what, address.what), (What::Page, What::SearchIndex));
        if !both_items && !search {
            report(diags, earlier, address, false);
        }
    }
    // A file where another output needs a folder (`tin-tuc` copied from content/ and the
    // pages under `tin-tuc/`), and anything written into a search index's folder.
    let search_folders: Vec<&Address> = all.iter().filter(|a| a.what == What::SearchIndex).collect();
    for address in &all {
        let path = address.path.as_str();
        for (i, _) in path.match_indices('/') {
            if let Some(file) = first.get(&path[..i]).filter(|file| !card_and_asset(file, address)) {
                report(diags, file, address, true);
            }
        }
        // The search page's own files (its page, its card) live in its index's folder.
        if matches!(address.what, What::Page | What::SearchIndex | What::TitleCard) {
            continue;
        }
        for folder in &search_folders {
            if path.starts_with(folder.path.as_str()) {
                report(diags, folder, address, false);
            }
        }
    }
}

/// The title card every page may get in its own folder (`tin-tuc/og.png` of `/tin-tuc/`).
fn title_cards(all: &[Address]) -> Vec<Address> {
    all.iter()
        .filter(|a| a.what == What::Page)
        .filter_map(|page| {
            let dir = page.path.strip_suffix("index.html")?;
            let url = format!("{}{TITLE_CARD_FILE}", page.url);
            Some(Address {
                url,
                path: format!("{dir}{TITLE_CARD_FILE}"),
                what: What::TitleCard,
                origin: page.origin.clone(),
            })
        })
        .collect()
}

/// The resized copies of every raster image and the cards of every item's picture: a photo
/// `anh.jpg` makes `anh-480.jpg`, which a file of that name beside it would overwrite.
fn image_variants(site: &Site, sizes: &HashMap<String, Result<Size, Msg>>) -> Vec<Address> {
    let urls = Urls::of(site);
    let mut out = Vec::new();
    let mut add = |rel: &str, made: String| {
        if made != rel {
            let url = urls.top(&made);
            out.push(Address { url, path: made, what: What::ImageVariant, origin: Origin::Asset(rel.to_string()) });
        }
    };
    for rel in &site.assets {
        let Some(Ok(size)) = sizes.get(rel) else { continue };
        if let Some(responsive) = images::responsive(rel, *size) {
            for variant in responsive.made() {
                add(rel, variant.rel.clone());
            }
        }
    }
    let mut cards: Vec<&str> = site.items.iter().filter_map(card_source).map(|(rel, _)| rel).collect();
    cards.sort_unstable();
    cards.dedup();
    for rel in cards {
        add(rel, images::card_rel(rel));
    }
    let mut listed: Vec<&Image> = site.items.iter().filter_map(list_picture).collect();
    listed.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    listed.dedup_by(|a, b| a.rel == b.rel);
    for image in listed {
        for thumbnail in thumbnails(image) {
            add(&image.rel, thumbnail.rel);
        }
    }
    out
}

struct Context<'a> {
    site: &'a Site,
    by_rel: HashMap<&'a str, &'a Source>,
    site_toml: &'a str,
    urls: Urls<'a>,
}

impl Context<'_> {
    fn site_toml(&self, key: &str, what: Msg) -> Maker {
        let line = if key.is_empty() { 1 } else { find_line(self.site_toml, key) };
        Maker { file: PathBuf::from("content/site.toml"), line, what }
    }

    fn maker(&self, address: &Address) -> Maker {
        let kind = kind_of(address);
        match &address.origin {
            Origin::Item(i) => {
                let item = &self.site.items[*i];
                let src = self.by_rel.get(item.rel.as_str());
                let line = match address.what {
                    What::Alias => {
                        let alias = item.aliases.iter().find(|a| self.urls.alias(a) == address.url);
                        let needle = alias.map_or("", |a| a.trim_matches('/'));
                        src.map_or(1, |s| s.line_of_value("aliases", needle))
                    }
                    _ if item.slug != item.ref_slug || src.is_some_and(|s| s.front.slug.is_some()) => {
                        src.map_or(1, |s| s.line_of("slug"))
                    }
                    _ => 1,
                };
                Maker { file: item.shown.clone(), line, what: kind }
            }
            Origin::Section(s) => {
                let section = &self.site.sections[*s];
                let in_folder = |src: &&&Source| src.section == section.dir && src.lang == section.lang;
                let index = self.by_rel.values().filter(in_folder).find(|src| src.role == Role::SectionIndex);
                let any = || {
                    let mut all: Vec<&&Source> = self.by_rel.values().filter(in_folder).collect();
                    all.sort_by(|a, b| a.rel.cmp(&b.rel));
                    all.first().copied().copied()
                };
                let file = index
                    .copied()
                    .or_else(any)
                    .map_or_else(|| PathBuf::from(format!("content/{}/", section.dir)), |s| s.shown.clone());
                let dir = &section.dir;
                let what = Msg::new(
                    format!("{} của thư mục `{dir}`", kind.vi),
                    format!("the {} of the folder `{dir}`", kind.en.trim_start_matches("the ")),
                );
                Maker { file, line: 1, what }
            }
            Origin::Topic(slug) => {
                let what =
                    Msg::new(format!("{} của chủ đề `{slug}`", kind.vi), format!("{} of the topic `{slug}`", kind.en));
                let declared = self.site.config.topics.as_ref().is_some_and(|t| t.contains_key(slug));
                if declared {
                    return self.site_toml(slug, what);
                }
                let user = self.site.items.iter().find(|i| i.topics.contains(slug));
                match user {
                    Some(item) => {
                        let line = self.by_rel.get(item.rel.as_str()).map_or(1, |s| s.line_of_value("topics", slug));
                        Maker { file: item.shown.clone(), line, what }
                    }
                    None => self.site_toml("topics", what),
                }
            }
            Origin::Asset(rel) => Maker { file: PathBuf::from(format!("content/{rel}")), line: 1, what: kind },
            Origin::Site => {
                let folders = &self.site.config.folders;
                let site_path = self.urls.site_path(&address.url).trim_matches('/');
                let last = site_path.rsplit('/').next().unwrap_or("");
                let key = match address.what {
                    What::Page | What::SearchIndex if last == folders.search => "search",
                    What::Page | What::Calendar if last == folders.calendar || site_path.ends_with(".ics") => {
                        "calendar"
                    }
                    What::Page if last == folders.topics => "topics",
                    What::Page if !last.is_empty() => last,
                    _ => "",
                };
                self.site_toml(key, kind)
            }
        }
    }
}

/// What an address is, in words, for the message naming it.
fn kind_of(address: &Address) -> Msg {
    let file = Path::new(&address.path).file_name().and_then(|f| f.to_str()).unwrap_or("").to_string();
    match address.what {
        What::Page => match &address.origin {
            Origin::Site => msg!("trang `{}` do loa tạo", "the page `{}` that loa makes", address.url),
            Origin::Section(_) | Origin::Topic(_) => Msg::new("trang danh sách", "the list page"),
            _ => Msg::new("trang", "the page"),
        },
        What::NumberedPage => msg!("trang danh sách `{}`", "the list page `{}`", address.url),
        What::NotFound => Msg::new("trang 404", "the 404 page"),
        What::Feed => msg!("nguồn tin Atom `{}`", "the Atom feed `{}`", address.url),
        What::Calendar => msg!("lịch iCalendar `{}`", "the iCalendar feed `{}`", address.url),
        What::Alias => msg!("địa chỉ cũ (alias) `{}`", "the alias `{}`", address.url),
        What::Sitemap | What::Robots | What::RedirectMap => {
            msg!("tệp `{file}` do loa tạo", "the file `{file}` that loa makes")
        }
        What::SearchIndex => msg!("chỉ mục tìm kiếm `{}`", "the search index `{}`", address.path),
        What::Asset => msg!("tệp `{}` chép từ content/", "the file `{}` copied from content/", address.path),
        What::TitleCard => msg!("thẻ chia sẻ `{}`", "the sharing card `{}`", address.url),
        What::ImageVariant => msg!(
            "ảnh `{}` loa làm từ ảnh này (bản thu nhỏ hoặc thẻ chia sẻ)",
            "the image `{}` loa makes from this one (a resized copy or the share card)",
            address.path
        ),
    }
}
