//! Rendering the whole site: one job per HTML page (planned serially, so the set of pages is
//! deterministic), rendered and minified in parallel, then the feeds, sitemap, robots.txt,
//! alias redirects, theme files and content assets added.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde_json::{json, Value};

use super::context::{self, campaign_timing, full, list, site_value, summary, topic_url};
use super::theme::{error_chain, Theme};
use super::xml::{self, SitemapEntry};
use crate::content::Kind;
use crate::diag::Diagnostic;
use crate::output::{minify_html, Files};
use crate::site::indexes::{Indexes, LangIndex};
use crate::site::model::{Item, Site};

/// One HTML page to render.
struct Job {
    /// Output path relative to the output folder ("tin-tuc/a/index.html").
    path: String,
    template: &'static str,
    context: Value,
}

/// Everything a page needs that is the same for its whole language.
struct Lang<'a> {
    code: &'a str,
    ix: &'a LangIndex,
    site_value: Value,
    strings: Value,
    summaries: &'a [Value],
}

/// Renders every page and file of the site into memory.
pub fn render_site(site: &Site, theme: &Theme, root: &Path) -> Result<Files, Vec<Diagnostic>> {
    let indexes = Indexes::build(site);
    let empty = LangIndex::default();
    let css_version = short_hash(theme.statics.get("style.css").map_or(&[][..], |v| v.as_slice()));
    let summaries: Vec<Value> = site
        .items
        .par_iter()
        .map(|item| {
            summary(
                site,
                indexes.langs.get(&item.lang).unwrap_or(&empty),
                item,
                theme.strings_for(&item.lang),
            )
        })
        .collect();
    let mut jobs = Vec::new();
    let mut sitemap = Vec::new();
    for code in site.config.language_codes() {
        let lang = Lang {
            code,
            ix: indexes.langs.get(code).unwrap_or(&empty),
            site_value: site_value(site, code, &css_version),
            strings: json!(theme.strings_for(code)),
            summaries: &summaries,
        };
        plan_language(site, theme, &lang, &mut jobs, &mut sitemap);
    }
    let main = Lang {
        code: &site.config.language,
        ix: indexes.langs.get(&site.config.language).unwrap_or(&empty),
        site_value: site_value(site, &site.config.language, &css_version),
        strings: json!(theme.strings_for(&site.config.language)),
        summaries: &summaries,
    };
    let not_found = theme
        .strings_for(&site.config.language)
        .get("not_found_title")
        .cloned()
        .unwrap_or_default();
    let meta_404 = meta(site, &main, &not_found, None, &format!("{}/404.html", site.base_path));
    jobs.push(page_job(&main, "404.html", "404.html", json!({}), meta_404));

    let rendered: Vec<Result<(String, Vec<u8>), Diagnostic>> = jobs
        .into_par_iter()
        .map(|job| {
            let ctx = tera::Context::from_value(job.context).map_err(|e| render_error(&job.path, job.template, &e))?;
            let html = theme
                .tera
                .render(job.template, &ctx)
                .map_err(|e| render_error(&job.path, job.template, &e))?;
            Ok((job.path, minify_html(html.as_bytes())))
        })
        .collect();
    let mut files = Files::new();
    let mut errors = Vec::new();
    for r in rendered {
        match r {
            Ok((path, bytes)) => {
                files.insert(path, bytes);
            }
            Err(d) => errors.push(d),
        }
    }
    add_aliases(site, theme, &main, &mut files, &mut errors);
    for code in site.config.language_codes() {
        let ix = indexes.langs.get(code).unwrap_or(&empty);
        let items: Vec<&Item> = ix.latest.iter().take(20).map(|&i| &site.items[i]).collect();
        let prefix = format!("{}{}", site.base_path, site.config.lang_prefix(code));
        let title = site
            .config
            .languages
            .iter()
            .find(|l| l.code == code)
            .map_or(&site.config.title, |l| &l.title);
        let feed = xml::atom(
            site,
            code,
            title,
            &format!("{prefix}/"),
            &format!("{prefix}/atom.xml"),
            &items,
        );
        files.insert(out_path(site, &format!("{prefix}/atom.xml")), feed.into_bytes());
    }
    for (name, text) in xml::sitemaps(site, &sitemap) {
        files.insert(name, text.into_bytes());
    }
    files.insert("robots.txt".into(), xml::robots(site).into_bytes());
    for (name, bytes) in &theme.statics {
        files.insert(name.clone(), bytes.clone());
    }
    let content = root.join("content");
    let assets: Vec<Result<(String, Vec<u8>), Diagnostic>> = site
        .assets
        .par_iter()
        .map(|rel| {
            std::fs::read(content.join(rel))
                .map(|b| (rel.clone(), b))
                .map_err(|e| Diagnostic::error(format!("content/{rel}"), 0, 0, format!("cannot read the file: {e}")))
        })
        .collect();
    for a in assets {
        match a {
            Ok((rel, bytes)) => {
                if files.contains_key(&rel) {
                    errors.push(
                        Diagnostic::error(
                            format!("content/{rel}"),
                            0,
                            0,
                            format!("the file would overwrite the generated /{rel}"),
                        )
                        .with_hint("rename the file"),
                    );
                }
                files.insert(rel, bytes);
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// A template failing at render time; the same failure on many pages is reported once, since
/// the message names the template and not the page.
fn render_error(_path: &str, template: &str, e: &tera::Error) -> Diagnostic {
    Diagnostic::error(
        format!("themes/default/templates/{template}"),
        1,
        1,
        error_chain(e).replace('\n', ": "),
    )
    .with_hint("a template uses a value or filter that does not exist; check the override in themes/")
}

fn short_hash(bytes: &[u8]) -> String {
    // FNV-1a: a stable, dependency-free fingerprint for cache busting (not for security).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", h as u32)
}

/// "/bhxh/tin-tuc/a/" → "tin-tuc/a/index.html"; "/atom.xml" → "atom.xml".
fn out_path(site: &Site, url: &str) -> String {
    let path = url.strip_prefix(&site.base_path).unwrap_or(url).trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

fn meta(site: &Site, lang: &Lang<'_>, title: &str, description: Option<&str>, url: &str) -> Value {
    let description = description
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| {
            lang.site_value
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        });
    json!({
        "title": title,
        "description": description,
        "canonical": xml::absolute(site, url),
        "type": "website",
        "image": Value::Null,
    })
}

fn page_job(lang: &Lang<'_>, path: &str, template: &'static str, mut context: Value, meta: Value) -> Job {
    if let Value::Object(map) = &mut context {
        map.insert("site".into(), lang.site_value.clone());
        map.insert("t".into(), lang.strings.clone());
        map.insert("meta".into(), meta);
    }
    Job {
        path: path.to_string(),
        template,
        context,
    }
}

fn crumb(name: &str, url: &str) -> Value {
    json!({ "name": name, "url": url })
}

/// The pages of a list: the first at `url`, the others at `url` + "trang/N/".
fn paginate<'a>(per_page: usize, url: &str, items: &'a [usize]) -> Vec<(Value, &'a [usize], String)> {
    let total = items.len().div_ceil(per_page).max(1);
    let page_url = |n: usize| {
        if n == 1 {
            url.to_string()
        } else {
            format!("{url}trang/{n}/")
        }
    };
    (1..=total)
        .map(|n| {
            let start = (n - 1) * per_page;
            let chunk = &items[start.min(items.len())..(start + per_page).min(items.len())];
            let paginator = json!({
                "current": n,
                "total": total,
                "prev": (n > 1).then(|| page_url(n - 1)),
                "next": (n < total).then(|| page_url(n + 1)),
                "pages": (1..=total).map(|k| json!({ "number": k, "url": page_url(k) })).collect::<Vec<_>>(),
            });
            (paginator, chunk, page_url(n))
        })
        .collect()
}

/// Adds one job per page of a paginated list; `extra` is merged into every page's context.
#[allow(clippy::too_many_arguments)]
fn list_jobs(
    site: &Site,
    lang: &Lang<'_>,
    jobs: &mut Vec<Job>,
    sitemap: &mut Vec<SitemapEntry>,
    template: &'static str,
    url: &str,
    title: &str,
    description: Option<&str>,
    items: &[usize],
    extra: Value,
    crumbs: Vec<Value>,
) {
    for (paginator, chunk, page_url) in paginate(site.config.paginate, url, items) {
        let mut context = json!({
            "items": list(lang.summaries, chunk),
            "paginator": paginator,
            "breadcrumbs": crumbs,
        });
        if let (Value::Object(c), Value::Object(e)) = (&mut context, extra.clone()) {
            c.extend(e);
        }
        let page_title = match paginator_number(&context) {
            1 => title.to_string(),
            n => format!(
                "{title} – {} {n}",
                lang.strings.get("page").and_then(Value::as_str).unwrap_or("Trang")
            ),
        };
        let meta = meta(site, lang, &page_title, description, &page_url);
        if page_url == url {
            sitemap.push(SitemapEntry {
                url: page_url.clone(),
                lastmod: None,
            });
        }
        jobs.push(page_job(lang, &out_path(site, &page_url), template, context, meta));
    }
}

fn paginator_number(context: &Value) -> u64 {
    context
        .pointer("/paginator/current")
        .and_then(Value::as_u64)
        .unwrap_or(1)
}

fn plan_language(site: &Site, theme: &Theme, lang: &Lang<'_>, jobs: &mut Vec<Job>, sitemap: &mut Vec<SitemapEntry>) {
    let ix = lang.ix;
    let strings = theme.strings_for(lang.code);
    let s = |key: &str| strings.get(key).cloned().unwrap_or_else(|| key.to_string());
    let home_url = format!("{}{}/", site.base_path, site.config.lang_prefix(lang.code));
    let home_crumb = crumb(&s("home"), &home_url);
    let items = &site.items;
    let full_of = |i: usize| full(site, ix, &items[i], strings);

    // Home.
    let home = site.homes.get(lang.code).cloned().unwrap_or_default();
    let active: Vec<Value> = ix.active.iter().map(|&(i, _)| full_of(i)).collect();
    let upcoming: Vec<Value> = ix.upcoming.iter().take(3).map(|&(i, _)| full_of(i)).collect();
    let audiences: Vec<Value> = ix.audiences.iter().map(|&i| full_of(i)).collect();
    let articles: Vec<usize> = ix
        .latest
        .iter()
        .copied()
        .filter(|&i| items[i].kind == Kind::Article)
        .take(10)
        .collect();
    let context = json!({
        "home": { "title": home.title, "summary": home.summary, "content": home.html },
        "active": active,
        "upcoming": upcoming,
        "audiences": audiences,
        "latest": list(lang.summaries, &articles),
        "infographics": list(lang.summaries, &ix.infographics[..ix.infographics.len().min(4)]),
        "faq": list(lang.summaries, &ix.faq[..ix.faq.len().min(5)]),
    });
    let title = lang.site_value["title"].as_str().unwrap_or_default().to_string();
    sitemap.push(SitemapEntry {
        url: home_url.clone(),
        lastmod: None,
    });
    jobs.push(page_job(
        lang,
        &out_path(site, &home_url),
        "home.html",
        context,
        meta(site, lang, &title, home.summary.as_deref(), &home_url),
    ));

    // Sections.
    let folders = &site.config.folders;
    for section in site.sections.iter().filter(|sec| sec.lang == lang.code) {
        let members = ix.sections.get(&section.dir).map_or(&[][..], Vec::as_slice);
        let section_value =
            json!({ "title": section.title, "summary": section.summary, "content": section.html, "url": section.url });
        let crumbs = vec![home_crumb.clone()];
        let meta_for = |title: &str| meta(site, lang, title, section.summary.as_deref(), &section.url);
        if section.dir == folders.audiences {
            let context = json!({ "section": section_value, "audiences": audiences, "breadcrumbs": crumbs });
            sitemap.push(SitemapEntry {
                url: section.url.clone(),
                lastmod: None,
            });
            jobs.push(page_job(
                lang,
                &out_path(site, &section.url),
                "audiences.html",
                context,
                meta_for(&section.title),
            ));
        } else if section.dir == folders.campaigns {
            let campaigns: Vec<Value> = ix.campaigns.iter().map(|&i| full_of(i)).collect();
            let context =
                json!({ "section": section_value, "campaigns": campaigns, "active": active, "breadcrumbs": crumbs });
            sitemap.push(SitemapEntry {
                url: section.url.clone(),
                lastmod: None,
            });
            jobs.push(page_job(
                lang,
                &out_path(site, &section.url),
                "campaigns.html",
                context,
                meta_for(&section.title),
            ));
        } else {
            let template = if section.dir == folders.infographics {
                "gallery.html"
            } else if section.dir == folders.faq {
                "faq_list.html"
            } else {
                "list.html"
            };
            let faq_full: Vec<Value>;
            let extra = if template == "faq_list.html" {
                faq_full = members.iter().map(|&i| full_of(i)).collect();
                json!({ "section": section_value, "answers": faq_full })
            } else {
                json!({ "section": section_value })
            };
            list_jobs(
                site,
                lang,
                jobs,
                sitemap,
                template,
                &section.url,
                &section.title,
                section.summary.as_deref(),
                members,
                extra,
                crumbs,
            );
        }
    }

    // Items.
    for (i, item) in items.iter().enumerate().filter(|(_, it)| it.lang == lang.code) {
        let mut crumbs = vec![home_crumb.clone()];
        if let Some(sec) = site
            .sections
            .iter()
            .find(|sec| sec.lang == lang.code && sec.dir == item.section)
        {
            crumbs.push(crumb(&sec.title, &sec.url));
        }
        let page = full_of(i);
        let mut meta = meta(site, lang, &item.title, item.summary.as_deref(), &item.url);
        meta["type"] = json!(if item.kind == Kind::Article {
            "article"
        } else {
            "website"
        });
        meta["image"] = page["image"].clone();
        let lastmod = item
            .updated
            .or(item.published())
            .map(|t| context::iso(t, &site.config.timezone));
        let translations: Vec<Value> = items
            .iter()
            .filter(|o| o.translation_key == item.translation_key && o.lang != item.lang && o.kind == item.kind)
            .map(|o| json!({ "lang": o.lang, "url": o.url, "title": o.title }))
            .collect();
        match item.kind {
            Kind::Audience | Kind::Campaign => {
                let members = match item.kind {
                    Kind::Audience => ix.by_audience.get(&item.slug),
                    _ => ix.by_campaign.get(&item.slug),
                }
                .map_or(&[][..], Vec::as_slice);
                let mut extra = json!({ "page": page, "translations": translations });
                if item.kind == Kind::Audience {
                    extra["campaign_messages"] = json!(audience_messages(site, ix, strings, &item.slug, lang.code));
                } else {
                    let targets: Vec<Value> = item
                        .audiences
                        .iter()
                        .filter_map(|a| ix.audience_by_slug.get(a))
                        .map(|&a| json!({ "name": items[a].title, "url": items[a].url }))
                        .collect();
                    extra["targets"] = json!(targets);
                }
                let template = if item.kind == Kind::Audience {
                    "audience.html"
                } else {
                    "campaign.html"
                };
                let before = jobs.len();
                list_jobs(
                    site,
                    lang,
                    jobs,
                    sitemap,
                    template,
                    &item.url,
                    &item.title,
                    item.summary.as_deref(),
                    members,
                    extra,
                    crumbs,
                );
                for job in &mut jobs[before..] {
                    job.context["meta"]["image"] = meta["image"].clone();
                }
                if let Some(last) = sitemap.last_mut() {
                    last.lastmod = lastmod;
                }
            }
            _ => {
                let template = match item.kind {
                    Kind::Infographic => "infographic.html",
                    Kind::Page => "page.html",
                    _ => "article.html",
                };
                let related: Vec<usize> = related(site, ix, i);
                let context = json!({
                    "page": page,
                    "breadcrumbs": crumbs,
                    "translations": translations,
                    "related": list(lang.summaries, &related),
                });
                sitemap.push(SitemapEntry {
                    url: item.url.clone(),
                    lastmod,
                });
                jobs.push(page_job(lang, &out_path(site, &item.url), template, context, meta));
            }
        }
    }

    // Topics.
    let topics_url = format!("{home_url}{}/", folders.topics);
    let mut topic_list: Vec<(&String, &String)> = site.topics.iter().collect();
    topic_list.sort_by_cached_key(|(slug, name)| (crate::text::vietnamese_key(name), (*slug).clone()));
    let topic_values: Vec<Value> = topic_list
        .iter()
        .map(|(slug, name)| {
            json!({ "slug": slug, "name": name, "url": topic_url(site, lang.code, slug), "count": ix.by_topic.get(*slug).map_or(0, Vec::len) })
        })
        .collect();
    let context = json!({ "topics": topic_values, "breadcrumbs": [home_crumb.clone()] });
    sitemap.push(SitemapEntry {
        url: topics_url.clone(),
        lastmod: None,
    });
    jobs.push(page_job(
        lang,
        &out_path(site, &topics_url),
        "topics.html",
        context,
        meta(site, lang, &s("topics"), None, &topics_url),
    ));
    for (slug, name) in topic_list {
        let members = ix.by_topic.get(slug).map_or(&[][..], Vec::as_slice);
        let url = topic_url(site, lang.code, slug);
        let crumbs = vec![home_crumb.clone(), crumb(&s("topics"), &topics_url)];
        let extra = json!({ "topic": { "slug": slug, "name": name } });
        list_jobs(
            site,
            lang,
            jobs,
            sitemap,
            "topic.html",
            &url,
            name,
            None,
            members,
            extra,
            crumbs,
        );
    }
}

/// The key messages that active and upcoming campaigns have for one audience.
fn audience_messages(
    site: &Site,
    ix: &LangIndex,
    strings: &BTreeMap<String, String>,
    audience: &str,
    lang: &str,
) -> Vec<Value> {
    let _ = strings;
    ix.active
        .iter()
        .chain(ix.upcoming.iter())
        .filter_map(|&(i, _)| {
            let item = &site.items[i];
            let crate::site::model::Details::Campaign { messages, .. } = &item.details else { return None };
            let list = messages.get(audience)?;
            Some(json!({ "title": item.title, "url": item.url, "messages": list, "timing": campaign_timing(site, item, lang) }))
        })
        .collect()
}

/// Up to four items sharing the most audiences, campaigns and topics with item `i`, newest first.
fn related(site: &Site, ix: &LangIndex, i: usize) -> Vec<usize> {
    let item = &site.items[i];
    if !item.is_listed() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, usize)> = Vec::new();
    for (pos, &j) in ix.latest.iter().enumerate() {
        if j == i {
            continue;
        }
        let other = &site.items[j];
        let shared = other.campaigns.iter().filter(|c| item.campaigns.contains(c)).count() * 3
            + other.topics.iter().filter(|t| item.topics.contains(t)).count() * 2
            + other.audiences.iter().filter(|a| item.audiences.contains(a)).count();
        if shared > 0 {
            scored.push((shared, pos));
        }
        // The newest few hundred are enough to find good neighbours and keep this linear.
        if pos > 400 {
            break;
        }
    }
    scored.sort_by_key(|&(shared, pos)| (std::cmp::Reverse(shared), pos));
    scored.into_iter().take(4).map(|(_, pos)| ix.latest[pos]).collect()
}

/// Redirect pages at each alias: a meta refresh with a canonical link, for any web server.
fn add_aliases(site: &Site, theme: &Theme, lang: &Lang<'_>, files: &mut Files, errors: &mut Vec<Diagnostic>) {
    for item in &site.items {
        for alias in &item.aliases {
            let path = out_path(site, &format!("{}{alias}", site.base_path));
            let as_file = path.strip_suffix("/index.html").unwrap_or("");
            if files.contains_key(&path) || files.contains_key(as_file) {
                errors.push(
                    Diagnostic::error(
                        &item.shown,
                        1,
                        1,
                        format!("alias {alias} is the address of another page"),
                    )
                    .with_hint("remove the alias, or the other page"),
                );
                continue;
            }
            let target = xml::absolute(site, &item.url);
            let mut context = json!({ "target": target, "title": item.title });
            context["site"] = lang.site_value.clone();
            context["t"] = lang.strings.clone();
            let rendered = tera::Context::from_value(context)
                .and_then(|ctx| theme.tera.render("alias.html", &ctx))
                .map_err(|e| render_error(&path, "alias.html", &e));
            match rendered {
                Ok(html) => {
                    files.insert(path, minify_html(html.as_bytes()));
                }
                Err(d) => errors.push(d),
            }
        }
    }
}
