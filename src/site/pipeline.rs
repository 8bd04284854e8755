//! The load → resolve → render stages, ending in the `Site` the templates render: only the
//! items this build includes, with bodies rendered and the assets to publish decided.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use jiff::Timestamp;
use rayon::prelude::*;

use super::links::{Infographic, ItemResolver, LinkIndex, Target};
use super::live::{Preview, State};
use super::memo::{body_key, index_fingerprint, RenderedBody, SiteMemo};
use super::model::{Details, Home, Item, Section, Site};
use super::resolve;
use super::urls::Urls;
use crate::content::model::Role;
use crate::content::{self, Config, Kind, Source};
use crate::diag::{Diagnostic, Diagnostics};
use crate::images::{self, Size};
use crate::markdown::{self, BodyProblem};
use crate::messages::Msg;
use crate::msg;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub now: Timestamp,
    pub preview: Preview,
}

/// Loads and checks content/ under `root`. Content problems go to `diags` (the caller decides
/// whether errors stop the build); an `Err` means the folder itself could not be read.
pub fn load_site(root: &Path, config: Config, options: Options, diags: &mut Diagnostics) -> anyhow::Result<Site> {
    load_site_memo(root, config, options, diags, None)
}

/// Reports every image of content/ that the build could not decode safely (too many pixels,
/// cut short, an SVG nested too deep or with expanding entities), referenced or not: the build
/// publishes every image and makes variants of each raster one.
fn refuse_images(assets: &[String], sizes: &HashMap<String, Result<Size, Msg>>, diags: &mut Diagnostics) {
    for rel in assets {
        let Some(Err(why)) = sizes.get(rel) else { continue };
        if *why == images::svg_without_size() {
            continue;
        }
        diags.push(
            Diagnostic::error(
                format!("content/{rel}"),
                1,
                1,
                Msg::new(format!("ảnh không dùng được: {}", why.vi), format!("the image cannot be used: {}", why.en)),
            )
            .with_hint(msg!(
                "mở ảnh bằng một phần mềm xem ảnh rồi xuất lại dưới dạng PNG hoặc JPEG, nhỏ hơn nếu quá lớn",
                "open the image in an image viewer and export it again as PNG or JPEG, smaller if it is too large"
            )),
        );
    }
}

/// [`load_site`] that takes the bodies whose rendering inputs are unchanged from `memo`
/// (`loa serve`), and keeps this build's there for the next one.
pub fn load_site_memo(
    root: &Path,
    config: Config,
    options: Options,
    diags: &mut Diagnostics,
    memo: Option<&SiteMemo>,
) -> anyhow::Result<Site> {
    let content_dir = root.join("content");
    let mut loaded = crate::timing::stage("load content", || {
        content::load::load_memo(root, &config, diags, memo.map(|m| &m.sources))
    })?;
    let assets: BTreeSet<String> = loaded.assets.iter().cloned().collect();
    let sizes = image_sizes(&content_dir, &loaded.assets);
    refuse_images(&loaded.assets, &sizes, diags);
    large_originals(&content_dir, &loaded.assets, diags);
    let base_path = super::urls::base_path(&config.base_url);
    let cx = resolve::Context {
        config: &config,
        content_dir: &content_dir,
        base_path: &base_path,
        assets: &assets,
        sizes: &sizes,
        broken: &loaded.broken,
        now: options.now,
    };
    let mut items = crate::timing::stage("resolve", || resolve::items(&loaded.sources, &cx, diags));
    drop_item_bodies(&mut loaded.sources);
    for item in &mut items {
        item.state = item.schedule.state_at(options.now);
    }
    let mut sections = super::sections::sections(&loaded.sources, &items, &config, &base_path, diags);
    // Topic pages of the link index cover every item; the site's topics only the included
    // ones, so a topic that only a scheduled item uses gets no page before its time.
    let all_topics = resolve::topic_names(&config, &items);

    let mut index = link_index(&items, &sections, &all_topics, &config, &assets, &sizes, &base_path, options.preview);
    let site_toml = std::fs::read_to_string(content_dir.join("site.toml")).unwrap_or_default();
    check_menu_links(&config, &index, &site_toml, diags);
    mark_failed_sources(&mut index, &loaded);
    let md = markdown::Options { allow_raw_html: config.allow_raw_html };
    let rendered = crate::timing::stage("markdown", || render_bodies(&items, &Bodies { index: &index, md: &md }, memo));
    let index = std::sync::Arc::new(index);
    if let Some(memo) = memo {
        memo.markdown.end_build();
        *memo.link_index.lock().unwrap_or_else(|e| e.into_inner()) = Some(std::sync::Arc::clone(&index));
    }
    let mut usage = AssetUse::new(&assets, memo);
    for (item, body) in items.iter_mut().zip(rendered) {
        attach_body(item, body, options.preview, &mut usage, diags);
    }
    if let (Some(memo), Some(by_item)) = (memo, usage.by_item.take()) {
        *memo.uses.lock().unwrap_or_else(|e| e.into_inner()) = by_item;
    }
    let bodies = Bodies { index: &index, md: &md };
    let homes = render_page_texts(&loaded.sources, &bodies, &mut sections, &mut usage, diags);
    // Before the items this build leaves out are dropped: they are what changes with time.
    let stable_until = super::schedule::stable_until(&items, &config.timezone, options.now);
    let published_assets = usage.published();
    let today = options.now.to_zoned(config.timezone.clone()).date();
    // Every item, topic and asset, whatever its state: the addresses checked for collisions
    // are those of every future instant.
    let mut site = Site {
        config,
        now: options.now,
        today,
        stable_until,
        preview: Preview { future: true, drafts: true },
        items,
        sections,
        homes,
        assets: assets.iter().cloned().collect(),
        topics: all_topics,
        base_path,
    };
    crate::timing::stage("collisions", || super::collisions::check(&site, &loaded.sources, &sizes, &site_toml, diags));
    site.items.retain(|i| options.preview.includes(i.state));
    site.topics = resolve::topic_names(&site.config, &site.items);
    site.assets = published_assets;
    site.preview = options.preview;
    Ok(site)
}

/// The size of every image of content/ (read in parallel), or why it cannot be read.
fn image_sizes(content_dir: &Path, assets: &[String]) -> HashMap<String, Result<Size, Msg>> {
    assets
        .par_iter()
        .filter(|a| images::is_image(a))
        .map(|a| (a.clone(), images::size_of(&content_dir.join(a))))
        .collect()
}

/// Each item has its own copy of its body once resolved: the source's is not read again (home
/// and section pages, rendered from their sources, are not items), so it is freed.
fn drop_item_bodies(sources: &mut [Source]) {
    for source in sources.iter_mut().filter(|s| matches!(s.role, Role::Item(_))) {
        source.body = String::new();
    }
}

/// Puts every item file that failed to resolve, and every file that failed to load, in the
/// link index as broken: it still exists, so links to it are not reported again.
fn mark_failed_sources(index: &mut LinkIndex, loaded: &content::Loaded) {
    let failed = loaded.sources.iter().filter(|s| matches!(s.role, Role::Item(_))).map(|s| &s.rel);
    for rel in failed.chain(loaded.broken.iter().map(|b| &b.rel)) {
        index.sources.entry(rel.clone()).or_insert(Target::Broken);
    }
}

/// What a body is rendered against: the site's links and the Markdown options.
struct Bodies<'a> {
    index: &'a LinkIndex,
    md: &'a markdown::Options,
}

/// Every item's body rendered in parallel, in item order; with a memo, a body whose inputs
/// (text, folder, language, link index) are unchanged is taken from it, and new ones are kept.
fn render_bodies(items: &[Item], bodies: &Bodies<'_>, memo: Option<&SiteMemo>) -> Vec<RenderedBody> {
    let Bodies { index, md } = *bodies;
    let index_fp = memo.map(|_| index_fingerprint(index));
    items
        .par_iter()
        .map(|item| {
            let dir = parent_dir(&item.rel);
            // Without a cover, the body's first image is the first picture of the page
            // (an infographic's body is its transcript, below the picture).
            let eager = item.cover.is_none() && item.kind != Kind::Infographic;
            let key =
                index_fp.map(|fp| body_key(fp, dir, &item.lang, eager, &item.body, item.body_line, md.allow_raw_html));
            if let (Some(memo), Some(key)) = (memo, key) {
                if let Some(kept) = memo.markdown.get(key) {
                    return RenderedBody::clone(&kept);
                }
            }
            let body = render_body(index, dir, &item.lang, eager, &item.body, item.body_line, md);
            if let (Some(memo), Some(key)) = (memo, key) {
                memo.markdown.put(key, body.clone());
            }
            body
        })
        .collect()
}

/// Which of content/'s assets the pages use, to decide which are published.
struct AssetUse<'a> {
    assets: &'a BTreeSet<String>,
    /// Used by an item or page this build includes.
    by_included: HashSet<String>,
    /// Used by any item, included or not.
    by_any: HashSet<String>,
    /// The assets each item's body links to, by the item's file: kept only for `loa serve`'s
    /// memo (Some when there is one).
    by_item: Option<HashMap<String, Vec<String>>>,
}

impl<'a> AssetUse<'a> {
    fn new(assets: &'a BTreeSet<String>, memo: Option<&SiteMemo>) -> Self {
        let by_item = memo.map(|_| HashMap::new());
        AssetUse { assets, by_included: HashSet::new(), by_any: HashSet::new(), by_item }
    }

    /// The assets this build publishes: those an included page uses, and those no item uses
    /// (a file put in content/ for its own sake); an asset only a left-out item uses waits.
    fn published(&self) -> Vec<String> {
        let assets = self.assets.iter();
        assets.filter(|a| self.by_included.contains(*a) || !self.by_any.contains(*a)).cloned().collect()
    }
}

/// Puts a rendered body into its item, reports its problems and records the files its page
/// uses.
fn attach_body(
    item: &mut Item,
    body: RenderedBody,
    preview: Preview,
    usage: &mut AssetUse<'_>,
    diags: &mut Diagnostics,
) {
    let RenderedBody { out, used_assets: used, not_live, first_image } = body;
    item.first_image = first_image;
    if let Some(by_item) = &mut usage.by_item {
        by_item.insert(item.rel.clone(), used.clone());
    }
    let included = preview.includes(item.state);
    push_body_problems(diags, &item.shown, out.problems);
    if included && item.state == State::Live {
        warn_links_to_unpublished(item, not_live, diags);
    }
    let own = own_files(item, used, usage.assets);
    if included {
        usage.by_included.extend(own.iter().cloned());
    }
    usage.by_any.extend(own);
    item.html = out.html;
    item.headings = out.headings;
    item.fragments = out.fragments;
    item.plain_text = out.plain_text;
    item.word_count = out.word_count;
}

/// A warning for each link of a live item to an item not live yet, at the link's line: the
/// reader sees plain text until the next rebuild after the target goes live.
fn warn_links_to_unpublished(item: &Item, not_live: Vec<String>, diags: &mut Diagnostics) {
    for dest in not_live {
        let line = item.body.lines().position(|l| l.contains(&dest)).map_or(item.body_line, |i| item.body_line + i);
        diags.push(
            Diagnostic::warning(
                &item.shown,
                line,
                1,
                msg!(
                    "liên kết `{dest}` dẫn tới một mục chưa được đăng",
                    "link `{dest}` goes to an item that is not published yet"
                ),
            )
            .with_hint(msg!(
                "liên kết hiện thành chữ thường cho tới khi mục đó được đăng; lần dựng lại sau đó sẽ biến nó thành liên kết",
                "it shows as plain text until the target is live; the next rebuild after that makes it a link"
            )),
        );
    }
}

/// The files an item's page uses: those its body links to, its cover, the pictures and files
/// of its kind, and every file of its bundle folder.
fn own_files(item: &Item, used_by_body: Vec<String>, assets: &BTreeSet<String>) -> Vec<String> {
    let mut own = used_by_body;
    own.extend(item.cover.iter().map(|c| c.rel.clone()));
    if let Details::Infographic { image, portrait, .. } = &item.details {
        own.push(image.rel.clone());
        own.extend(portrait.iter().map(|p| p.rel.clone()));
    }
    own.extend(super::media::files(&item.details));
    if let Details::Legal(legal) = &item.details {
        own.extend(legal.files.iter().map(|f| f.rel.clone()));
    }
    if let Some(bundle) = item.rel.strip_suffix("/index.md").or_else(|| bundle_dir(&item.rel)) {
        own.extend(assets.iter().filter(|a| a.starts_with(bundle) && a[bundle.len()..].starts_with('/')).cloned());
    }
    own
}

/// Renders the text of the home pages (returned by language) and of the section indexes (put
/// into `sections`), in file order, recording the assets they use.
fn render_page_texts(
    sources: &[Source],
    bodies: &Bodies<'_>,
    sections: &mut [Section],
    usage: &mut AssetUse<'_>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Home> {
    let mut homes = BTreeMap::new();
    for src in sources {
        let resolver = ItemResolver::new(bodies.index, src.dir()).lang(&src.lang);
        let used_by_page = |resolver: ItemResolver<'_>| resolver.used_assets.into_inner().unwrap_or_default();
        match src.role {
            Role::Home => {
                let out = markdown::render(&src.body, src.body_line, &resolver, bodies.md);
                push_body_problems(diags, &src.shown, out.problems);
                homes.insert(
                    src.lang.clone(),
                    Home { title: src.front.title.clone(), summary: src.front.summary.clone(), html: out.html },
                );
                usage.by_included.extend(used_by_page(resolver));
            }
            Role::SectionIndex => {
                let out = markdown::render(&src.body, src.body_line, &resolver, bodies.md);
                push_body_problems(diags, &src.shown, out.problems);
                if let Some(section) = sections.iter_mut().find(|s| s.dir == src.section && s.lang == src.lang) {
                    section.html = out.html;
                    usage.by_included.extend(used_by_page(resolver));
                }
            }
            Role::Item(_) => {}
        }
    }
    homes
}

/// Photos past this size are published as they are, but a reader on a phone pays for it.
const LARGE_ORIGINAL: u64 = 5 * 1024 * 1024;

/// A warning for each image of content/ over [`LARGE_ORIGINAL`]: the page shows a smaller
/// variant, but the original is published and linked, and a phone on a slow link may fetch it.
fn large_originals(content_dir: &Path, assets: &[String], diags: &mut Diagnostics) {
    for rel in assets.iter().filter(|a| images::is_image(a)) {
        let Ok(meta) = std::fs::metadata(content_dir.join(rel)) else { continue };
        if meta.len() > LARGE_ORIGINAL {
            let mb = format!("{:.1}", meta.len() as f64 / (1024.0 * 1024.0));
            diags.push(
                Diagnostic::warning(
                    format!("content/{rel}"),
                    0,
                    0,
                    msg!("ảnh gốc nặng {mb} MB, quá 5 MB", "the original is {mb} MB, over 5 MB"),
                )
                .with_hint(msg!(
                    "xuất lại ảnh rộng tối đa 2400 điểm ảnh, JPEG chất lượng 80 (thường dưới 1 MB); trang vẫn dùng ảnh nhỏ hơn nhưng ảnh gốc được đăng và có liên kết",
                    "export it again at most 2400 pixels wide, JPEG quality 80 (usually under 1 MB); pages show smaller sizes, but the original is published and linked"
                )),
            );
        }
    }
}

/// One body rendered against the link index. `eager`: its first image loads at once.
pub fn render_body(
    index: &LinkIndex,
    dir: &str,
    lang: &str,
    eager: bool,
    body: &str,
    body_line: usize,
    md: &markdown::Options,
) -> RenderedBody {
    let resolver = ItemResolver::new(index, dir).first_image_eager(eager).lang(lang);
    let out = markdown::render(body, body_line, &resolver, md);
    let used_assets = resolver.used_assets.into_inner().unwrap_or_default();
    let not_live = resolver.not_live.into_inner().unwrap_or_default();
    let first_image = resolver.images.into_inner().unwrap_or_default().into_iter().next();
    RenderedBody { out, used_assets, not_live, first_image }
}

fn push_body_problems(diags: &mut Diagnostics, shown: &Path, problems: Vec<BodyProblem>) {
    for p in problems {
        let d = match p.severity {
            markdown::Severity::Error => Diagnostic::error(shown, p.line, p.col, p.message),
            markdown::Severity::Warning => Diagnostic::warning(shown, p.line, p.col, p.message),
        };
        diags.push(d.with_hint_opt(p.hint));
    }
}

pub fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

/// The bundle folder of a translated bundle file (`x/index.en.md` → `x`).
fn bundle_dir(rel: &str) -> Option<&str> {
    let (dir, file) = rel.rsplit_once('/')?;
    (file.starts_with("index.") && file.ends_with(".md")).then_some(dir)
}

/// Reports every menu link to a path of the site that no page or file of the site has, at its
/// line of site.toml (a scheduled item's address counts: it will exist).
fn check_menu_links(config: &Config, index: &LinkIndex, site_toml: &str, diags: &mut Diagnostics) {
    let menus = std::iter::once(&config.menu).chain(config.languages.iter().map(|l| &l.menu));
    for item in menus.flatten() {
        let url = item.url.trim();
        if !url.starts_with('/') || url.starts_with("//") {
            continue;
        }
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let path = path.strip_prefix(index.base_path.as_str()).filter(|p| p.starts_with('/')).unwrap_or(path);
        let path = crate::text::escape::decode_path(path);
        let with_slash = format!("{path}/");
        let exists = path == "/"
            || index.paths.contains_key(path.as_ref())
            || index.paths.contains_key(&with_slash)
            || index.assets.contains(path.trim_start_matches('/'));
        if !exists {
            let line = crate::content::config_urls::value_line(site_toml, &item.url);
            diags.push(
                Diagnostic::error(
                    "content/site.toml",
                    line,
                    1,
                    msg!(
                        "liên kết menu `{url}` dẫn tới một trang không có trong cổng",
                        "the menu link `{url}` leads to no page of the site"
                    ),
                )
                .with_hint(msg!(
                    "ghi đường dẫn của một trang có thật, ví dụ \"/tin-tuc/\", hoặc bỏ mục menu này",
                    "write the path of a page that exists, e.g. \"/tin-tuc/\", or remove this menu entry"
                )),
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn link_index(
    items: &[Item],
    sections: &[Section],
    topics: &BTreeMap<String, String>,
    config: &Config,
    assets: &BTreeSet<String>,
    sizes: &HashMap<String, Result<Size, Msg>>,
    base_path: &str,
    preview: Preview,
) -> LinkIndex {
    let urls = Urls::new(config, base_path);
    let strip = |url: &str| urls.site_path(url).to_string();
    let mut index =
        LinkIndex { base_path: base_path.to_string(), base_url: config.base_url.clone(), ..Default::default() };
    for item in items {
        let included = preview.includes(item.state);
        let target = if included { Target::Included(item.url.clone()) } else { Target::NotIncluded };
        index.sources.insert(item.rel.clone(), target);
        if let (true, Details::Infographic { image, portrait, alt, .. }) = (included, &item.details) {
            let embed = Infographic {
                url: item.url.clone(),
                title: item.title.clone(),
                alt: alt.clone(),
                image: image.clone(),
                portrait: portrait.as_deref().cloned(),
            };
            index.infographics.insert(item.rel.clone(), embed);
        }
        index.paths.insert(strip(&item.url), included);
        for alias in &item.aliases {
            index.paths.insert(alias.clone(), included);
        }
    }
    for s in sections {
        index.paths.insert(strip(&s.url), true);
    }
    let mut page = |url: String| index.paths.insert(urls.site_path(&url).to_string(), true);
    for lang in config.language_codes() {
        page(urls.home(lang));
        page(urls.topics(lang));
        for slug in topics.keys() {
            page(urls.topic(lang, slug));
        }
        page(super::urls::feed(&urls.home(lang)));
        page(urls.calendar(lang));
        page(urls.calendar_feed(lang));
        page(urls.search(lang));
    }
    page(urls.top(super::urls::SITEMAP_FILE));
    index.assets = assets.iter().cloned().collect();
    index.sizes = sizes.iter().filter_map(|(k, v)| v.as_ref().ok().map(|s| (k.clone(), *s))).collect();
    index
}
