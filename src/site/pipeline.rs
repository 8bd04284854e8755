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
    let sizes: HashMap<String, Result<Size, Msg>> = loaded
        .assets
        .par_iter()
        .filter(|a| images::is_image(a))
        .map(|a| (a.clone(), images::size_of(&content_dir.join(a))))
        .collect();
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
    // Each item has its own copy of its body now: the source's is not read again (home and
    // section pages, rendered below from their sources, are not items).
    for source in loaded.sources.iter_mut().filter(|s| matches!(s.role, Role::Item(_))) {
        source.body = String::new();
    }
    for item in &mut items {
        item.state = item.schedule.state_at(options.now);
    }
    let sections = sections(&loaded.sources, &items, &config, &base_path, diags);
    // Topic pages of the link index cover every item; the site's topics only the included
    // ones, so a topic that only a scheduled item uses gets no page before its time.
    let all_topics = resolve::topic_names(&config, &items);

    let mut index = link_index(&items, &sections, &all_topics, &config, &assets, &sizes, &base_path, options.preview);
    let site_toml = std::fs::read_to_string(content_dir.join("site.toml")).unwrap_or_default();
    check_menu_links(&config, &index, &site_toml, diags);
    // A file whose own errors kept it out still exists: links to it are not reported again.
    let failed = loaded.sources.iter().filter(|s| matches!(s.role, Role::Item(_))).map(|s| &s.rel);
    for rel in failed.chain(loaded.broken.iter().map(|b| &b.rel)) {
        index.sources.entry(rel.clone()).or_insert(Target::Broken);
    }
    let md = markdown::Options { allow_raw_html: config.allow_raw_html };
    let rendered: Vec<_> = crate::timing::stage("markdown", || {
        let index_fp = memo.map(|_| index_fingerprint(&index));
        items
            .par_iter()
            .map(|item| {
                let dir = parent_dir(&item.rel);
                // Without a cover, the body's first image is the first picture of the page
                // (an infographic's body is its transcript, below the picture).
                let eager = item.cover.is_none() && item.kind != Kind::Infographic;
                let key = index_fp
                    .map(|fp| body_key(fp, dir, &item.lang, eager, &item.body, item.body_line, md.allow_raw_html));
                if let (Some(memo), Some(key)) = (memo, key) {
                    if let Some(kept) = memo.markdown.get(key) {
                        return RenderedBody::clone(&kept);
                    }
                }
                let body = render_body(&index, dir, &item.lang, eager, &item.body, item.body_line, &md);
                if let (Some(memo), Some(key)) = (memo, key) {
                    memo.markdown.put(key, body.clone());
                }
                body
            })
            .collect()
    });
    let index = std::sync::Arc::new(index);
    if let Some(memo) = memo {
        memo.markdown.end_build();
        *memo.link_index.lock().unwrap_or_else(|e| e.into_inner()) = Some(std::sync::Arc::clone(&index));
    }
    let mut used_by_included: HashSet<String> = HashSet::new();
    let mut used_by_any: HashSet<String> = HashSet::new();
    let mut uses = std::collections::HashMap::new();
    for (item, body) in items.iter_mut().zip(rendered) {
        let RenderedBody { out, used_assets: used, not_live, first_image } = body;
        item.first_image = first_image;
        if memo.is_some() {
            uses.insert(item.rel.clone(), used.clone());
        }
        let included = options.preview.includes(item.state);
        push_body_problems(diags, &item.shown, out.problems);
        if included && item.state == State::Live {
            for dest in not_live {
                let line =
                    item.body.lines().position(|l| l.contains(&dest)).map_or(item.body_line, |i| item.body_line + i);
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
        let mut own: Vec<String> = used;
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
        if included {
            used_by_included.extend(own.iter().cloned());
        }
        used_by_any.extend(own);
        item.html = out.html;
        item.headings = out.headings;
        item.fragments = out.fragments;
        item.plain_text = out.plain_text;
        item.word_count = out.word_count;
    }
    if let Some(memo) = memo {
        *memo.uses.lock().unwrap_or_else(|e| e.into_inner()) = uses;
    }
    let mut homes = BTreeMap::new();
    let mut sections = sections;
    for src in &loaded.sources {
        let resolver = ItemResolver::new(&index, src.dir()).lang(&src.lang);
        let used_by_page = |resolver: ItemResolver<'_>| resolver.used_assets.into_inner().unwrap_or_default();
        match src.role {
            Role::Home => {
                let out = markdown::render(&src.body, src.body_line, &resolver, &md);
                push_body_problems(diags, &src.shown, out.problems);
                homes.insert(
                    src.lang.clone(),
                    Home { title: src.front.title.clone(), summary: src.front.summary.clone(), html: out.html },
                );
                used_by_included.extend(used_by_page(resolver));
            }
            Role::SectionIndex => {
                let out = markdown::render(&src.body, src.body_line, &resolver, &md);
                push_body_problems(diags, &src.shown, out.problems);
                if let Some(section) = sections.iter_mut().find(|s| s.dir == src.section && s.lang == src.lang) {
                    section.html = out.html;
                    used_by_included.extend(used_by_page(resolver));
                }
            }
            Role::Item(_) => {}
        }
    }
    // Before the items this build leaves out are dropped: they are what changes with time.
    let stable_until = super::schedule::stable_until(&items, &config.timezone, options.now);
    let published_assets =
        assets.iter().filter(|a| used_by_included.contains(*a) || !used_by_any.contains(*a)).cloned().collect();
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

/// One section per folder that holds items (pages excepted), per language.
fn sections(
    sources: &[Source],
    items: &[Item],
    config: &Config,
    base_path: &str,
    diags: &mut Diagnostics,
) -> Vec<Section> {
    let mut dirs: BTreeSet<(String, String)> = BTreeSet::new();
    for item in items {
        if item.kind != Kind::Page && !item.section.is_empty() {
            // Every ancestor folder of a nested section is a section too.
            let mut dir = item.section.as_str();
            loop {
                dirs.insert((item.lang.clone(), dir.to_string()));
                match dir.rfind('/') {
                    Some(i) => dir = &dir[..i],
                    None => break,
                }
            }
        }
    }
    let mut sections: Vec<Section> = dirs
        .into_iter()
        .map(|(lang, dir)| {
            let url = Urls::new(config, base_path).folder(&lang, &dir);
            Section {
                title: default_section_title(&dir, config, &lang),
                summary: None,
                html: String::new(),
                url,
                lang,
                dir,
            }
        })
        .collect();
    for src in sources.iter().filter(|s| s.role == Role::SectionIndex) {
        match sections.iter_mut().find(|s| s.dir == src.section && s.lang == src.lang) {
            Some(section) => {
                if let Some(t) = &src.front.title {
                    section.title = t.clone();
                }
                section.summary = src.front.summary.clone();
            }
            None => diags.push(
                Diagnostic::warning(
                    &src.shown,
                    1,
                    1,
                    msg!(
                        "tệp _index.md này mô tả một thư mục không có bài nào",
                        "this _index.md describes a folder that has no items"
                    ),
                )
                .with_hint(msg!(
                    "thêm bài vào thư mục, hoặc xóa tệp _index.md",
                    "add articles to the folder, or delete the _index.md"
                )),
            ),
        }
    }
    sections
}

fn default_section_title(dir: &str, config: &Config, lang: &str) -> String {
    let f = &config.folders;
    let vi = lang == "vi";
    let name = if dir == f.audiences {
        if vi {
            "Đối tượng"
        } else {
            "Audiences"
        }
    } else if dir == f.campaigns {
        if vi {
            "Chiến dịch truyền thông"
        } else {
            "Campaigns"
        }
    } else if dir == f.infographics {
        "Infographic"
    } else if dir == f.faq {
        if vi {
            "Hỏi – đáp"
        } else {
            "Questions and answers"
        }
    } else if dir == "tin-tuc" {
        if vi {
            "Tin tức"
        } else {
            "News"
        }
    } else {
        let last = dir.rsplit('/').next().unwrap_or(dir);
        let mut words = last.replace('-', " ");
        if let Some(first) = words.get(..1) {
            words.replace_range(..1, &first.to_uppercase());
        }
        return words;
    };
    name.to_string()
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
