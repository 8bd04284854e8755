//! The machine-read files: Atom feeds (RFC 4287), sitemap.xml (split into an index past
//! 50,000 URLs) and robots.txt. Written directly, with XML escaping, no template involved.

use std::collections::HashMap;
use std::fmt::Write;

use crate::site::model::{Item, Site};
use crate::text::date::iso;
use crate::text::escape_xml as escape;

/// An Atom feed of `items` (newest first), at `feed_url`, for the page at `page_url`.
pub fn atom(site: &Site, lang: &str, title: &str, page_url: &str, feed_url: &str, items: &[&Item]) -> String {
    let tz = &site.config.timezone;
    let updated = items.iter().filter_map(|i| i.updated.or(i.published())).max();
    let mut out = String::with_capacity(1024 + items.len() * 600);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", escape(lang));
    let _ = writeln!(out, "  <title>{}</title>", escape(title));
    let _ = writeln!(out, "  <id>{}</id>", escape(&Urls::of(site).absolute(feed_url)));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&Urls::of(site).absolute(feed_url))
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&Urls::of(site).absolute(page_url))
    );
    // A feed with no dated item still needs a stable `updated`: the epoch keeps builds identical.
    let updated = updated.map_or_else(|| "1970-01-01T00:00:00+00:00".to_string(), |u| iso(u, tz));
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let _ = writeln!(out, "  <author><name>{}</name></author>", escape(&site.config.title));
    let _ = writeln!(out, "  <generator>loa</generator>");
    for item in items {
        let link = Urls::of(site).absolute(&item.url);
        let published = item.published();
        let updated = item.updated.or(published);
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <title>{}</title>", escape(&item.title));
        let _ = writeln!(out, "    <id>{}</id>", escape(&link));
        let _ = writeln!(out, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", escape(&link));
        let updated = updated.map_or_else(|| "1970-01-01T00:00:00+00:00".to_string(), |u| iso(u, tz));
        let _ = writeln!(out, "    <updated>{updated}</updated>");
        if let Some(p) = published {
            let _ = writeln!(out, "    <published>{}</published>", iso(p, tz));
        }
        if let Some(author) = &item.author {
            let _ = writeln!(out, "    <author><name>{}</name></author>", escape(author));
        }
        let summary = item.summary.clone().unwrap_or_else(|| excerpt(&item.plain_text, 300));
        if !summary.is_empty() {
            let _ = writeln!(out, "    <summary>{}</summary>", escape(&summary));
        }
        // What the item is for, by slug: a portal republishing it maps them to its own.
        let folders = &site.config.folders;
        let schemes = [
            (&folders.audiences, &item.audiences),
            (&folders.campaigns, &item.campaigns),
            (&folders.topics, &item.topics),
        ];
        for (folder, slugs) in schemes {
            for slug in slugs {
                let _ = writeln!(out, "    <category term=\"{}\" scheme=\"{}\"/>", escape(slug), escape(folder));
            }
        }
        // The whole text, with the site's own links absolute, for readers and republishing.
        let origin = origin_of(&site.config.base_url);
        let html = absolute_links(&item.html, &origin);
        let _ = writeln!(out, "    <content type=\"html\">{}</content>", escape(&html));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// The scheme and host of `base_url` (`https://bhxh.example.vn`), which the site's own paths
/// (they carry the base path) are appended to.
pub fn origin_of(base_url: &str) -> String {
    match base_url.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or(rest)),
        None => base_url.trim_end_matches('/').to_string(),
    }
}

/// The site's own paths in `html` (`href="/…"`, `src="/…"`, every URL of a `srcset`) made
/// absolute, so the content reads the same on another site.
pub fn absolute_links(html: &str, origin: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(at) = rest.find(['h', 's']) {
        let (before, tail) = rest.split_at(at);
        out.push_str(before);
        let attr = ["href=\"", "src=\"", "srcset=\"", "poster=\""].into_iter().find(|a| tail.starts_with(a));
        let Some(attr) = attr else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
            continue;
        };
        let value_start = attr.len();
        let Some(end) = tail[value_start..].find('"') else {
            out.push_str(tail);
            return out;
        };
        let value = &tail[value_start..value_start + end];
        out.push_str(attr);
        let absolute =
            |u: &str| if u.starts_with('/') && !u.starts_with("//") { format!("{origin}{u}") } else { u.to_string() };
        if attr == "srcset=\"" {
            let parts: Vec<String> = value.split(", ").map(|candidate| absolute(candidate.trim_start())).collect();
            out.push_str(&parts.join(", "));
        } else {
            out.push_str(&absolute(value));
        }
        out.push('"');
        rest = &tail[value_start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The first words of `text`, at most `max` characters, cut at a word boundary.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// One language version of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternate {
    pub lang: String,
    /// Site path with the base path ("/en/tin-tuc/a/").
    pub url: String,
}

/// One URL of the sitemap.
pub struct SitemapEntry {
    pub url: String,
    pub lastmod: Option<String>,
}

use crate::site::urls::{sitemap_part, Urls, SITEMAP_FILE, SITEMAP_LIMIT};

/// sitemap.xml, or past 50,000 URLs a sitemap index with sitemap-N.xml files. A page with
/// versions in other languages lists them all, itself included, and `x-default` (the main
/// language's version), as `xhtml:link` lines; so every version names every other one.
pub fn sitemaps(
    site: &Site,
    entries: &[SitemapEntry],
    alternates: &HashMap<String, Vec<Alternate>>,
) -> Vec<(String, String)> {
    let urls =
        SiteBase { base_url: &site.config.base_url, base_path: &site.base_path, main_lang: &site.config.language };
    sitemap_files(&urls, entries, alternates)
}

/// Where the site lives, for absolute URLs in the sitemap (apart from [`Site`], so that the
/// tests can make a sitemap of 120,001 URLs without a site).
struct SiteBase<'a> {
    base_url: &'a str,
    base_path: &'a str,
    main_lang: &'a str,
}

impl SiteBase<'_> {
    fn absolute(&self, url: &str) -> String {
        format!("{}{}", self.base_url, url.strip_prefix(self.base_path).unwrap_or(url))
    }
}

fn sitemap_files(
    urls: &SiteBase<'_>,
    entries: &[SitemapEntry],
    alternates: &HashMap<String, Vec<Alternate>>,
) -> Vec<(String, String)> {
    let urlset = |chunk: &[SitemapEntry]| {
        let mut out = String::with_capacity(chunk.len() * 120 + 200);
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
        if !alternates.is_empty() {
            out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
        }
        out.push_str(">\n");
        for e in chunk {
            let _ = write!(out, "  <url><loc>{}</loc>", escape(&urls.absolute(&e.url)));
            if let Some(m) = &e.lastmod {
                let _ = write!(out, "<lastmod>{m}</lastmod>");
            }
            let versions = alternates.get(&e.url).map_or(&[][..], Vec::as_slice);
            for a in versions {
                let href = escape(&urls.absolute(&a.url));
                let _ = write!(out, "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>", escape(&a.lang));
            }
            if let Some(main) = versions.iter().find(|a| a.lang == urls.main_lang) {
                let href = escape(&urls.absolute(&main.url));
                let _ = write!(out, "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{href}\"/>");
            }
            out.push_str("</url>\n");
        }
        out.push_str("</urlset>\n");
        out
    };
    if entries.len() <= SITEMAP_LIMIT {
        return vec![(SITEMAP_FILE.to_string(), urlset(entries))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, chunk) in entries.chunks(SITEMAP_LIMIT).enumerate() {
        let name = sitemap_part(n + 1);
        let _ = writeln!(index, "  <sitemap><loc>{}/{name}</loc></sitemap>", escape(urls.base_url));
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.push((SITEMAP_FILE.to_string(), index));
    files
}

/// robots.txt naming the sitemap; a preview build (with unpublished items) asks robots to stay out.
pub fn robots(site: &Site) -> String {
    if site.preview.future || site.preview.drafts {
        return "# Preview build with unpublished items: not for indexing.\nUser-agent: *\nDisallow: /\n".to_string();
    }
    let urls = Urls::of(site);
    let sitemap = urls.absolute(&urls.top(SITEMAP_FILE));
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_links_become_absolute_and_others_stay() {
        let html = r##"<a href="/tin-tuc/a/">a</a> <img src="/bhxh/x.png" srcset="/x-200.webp 200w, /x-400.webp 400w"> <a href="https://other.vn/">o</a> <a href="#m">m</a>"##;
        assert_eq!(
            absolute_links(html, "https://bhxh.example.vn"),
            r##"<a href="https://bhxh.example.vn/tin-tuc/a/">a</a> <img src="https://bhxh.example.vn/bhxh/x.png" srcset="https://bhxh.example.vn/x-200.webp 200w, https://bhxh.example.vn/x-400.webp 400w"> <a href="https://other.vn/">o</a> <a href="#m">m</a>"##
        );
        assert_eq!(origin_of("https://bhxh.example.vn/bhxh"), "https://bhxh.example.vn");
    }

    /// A generated site of 120,001 pages: past 50,000 URLs the sitemap becomes an index of
    /// files of at most 50,000 URLs each, which together name every page once.
    #[test]
    fn sitemap_splits_into_an_index_past_50000_urls() {
        let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        let base = "https://bhxh.example.vn/tinh";
        let entries: Vec<SitemapEntry> = (0..120_001)
            .map(|n| SitemapEntry {
                url: format!("/tinh/tin-tuc/bai-{n}/"),
                lastmod: (n % 2 == 0).then(|| "2026-11-01T08:00:00+07:00".to_string()),
            })
            .collect();
        let urls = SiteBase { base_url: base, base_path: "/tinh", main_lang: "vi" };
        let files = sitemap_files(&urls, &entries, &HashMap::new());
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]);

        let index = roxmltree::Document::parse(&files[3].1).expect("the index is XML");
        assert_eq!(index.root_element().tag_name().name(), "sitemapindex");
        let listed: Vec<&str> =
            index.descendants().filter(|n| n.has_tag_name((ns, "loc"))).filter_map(|n| n.text()).collect();
        assert_eq!(listed, [1, 2, 3].map(|k| format!("{base}/sitemap-{k}.xml")));

        let mut seen = 0;
        for (name, text) in &files[..3] {
            let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let locs: Vec<&str> =
                doc.descendants().filter(|n| n.has_tag_name((ns, "loc"))).filter_map(|n| n.text()).collect();
            assert!(locs.len() <= SITEMAP_LIMIT, "{name} has {} URLs", locs.len());
            for loc in locs {
                assert_eq!(loc, format!("{base}/tin-tuc/bai-{seen}/"));
                seen += 1;
            }
        }
        assert_eq!(seen, entries.len());
        assert!(files[2].1.contains("<lastmod>2026-11-01T08:00:00+07:00</lastmod>"));
    }

    #[test]
    fn a_small_site_has_one_sitemap() {
        let entries = vec![SitemapEntry { url: "/".into(), lastmod: None }];
        let urls = SiteBase { base_url: "https://bhxh.example.vn", base_path: "", main_lang: "vi" };
        let files = sitemap_files(&urls, &entries, &HashMap::new());
        assert_eq!(files.len(), 1);
        assert!(files[0].1.contains("<loc>https://bhxh.example.vn/</loc>"));
    }

    #[test]
    fn excerpt_cuts_at_words() {
        assert_eq!(excerpt("Bảo hiểm xã hội Việt Nam", 12), "Bảo hiểm xã…");
        assert_eq!(excerpt("ngắn", 12), "ngắn");
    }
}
