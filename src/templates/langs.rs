//! The languages of a page: which other languages have the same page, for the language
//! switcher, `<link rel="alternate" hreflang>` in the head and `xhtml:link` in the sitemap.
//!
//! Pages are matched after planning, from the pages that exist: an item page with the pages of
//! its translations (same translation key and kind), any other page (home, section lists,
//! topics, calendar, 404, and their numbered pages) with the page at the same path under the
//! other languages' prefixes. Only pages this build renders take part, so a translation that
//! is not live (scheduled later than its original, a draft, expired) is never linked. The
//! not-found pages are not versions of one another and get no alternates.

use std::collections::{BTreeMap, HashMap};

use super::context::og_locale;
use super::plan::Job;
use super::values::{AlternateValue, Versions};
use super::xml::Alternate;
use crate::content::Kind;
use crate::site::model::Site;
use crate::site::urls::{split_numbered, Urls};

/// What makes two pages in different languages the same page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum PageKey {
    /// An item page (or a numbered page of an audience or campaign list).
    Item { key: String, kind: Kind, page: String },
    /// Any other page, by its output path without the language prefix.
    Path(String),
}

/// Finds the language versions of every planned page, adds them to each page's `meta` (as
/// `alternates`, `x_default` and `og_locales`) and returns them by site path for the sitemap.
/// A page without another language version gets nothing.
pub fn link_alternates(site: &Site, jobs: &mut [Job<'_>]) -> HashMap<String, Vec<Alternate>> {
    let config = &site.config;
    let urls = Urls::of(site);
    let mut item_pages: HashMap<String, (String, Kind)> = HashMap::new();
    for item in &site.items {
        item_pages.insert(urls.out_path(&item.url), (item.translation_key.clone(), item.kind));
    }
    let key_of = |lang: &str, path: &str| -> PageKey {
        // A numbered page of a list: "doi-tuong/a/trang/2/index.html" → "doi-tuong/a/index.html", "trang/2/".
        let (first, page) = match path.strip_suffix("index.html").and_then(split_numbered) {
            Some((first, page)) => (format!("{first}index.html"), page.to_string()),
            None => (path.to_string(), String::new()),
        };
        if let Some((key, kind)) = item_pages.get(&first) {
            return PageKey::Item { key: key.clone(), kind: *kind, page };
        }
        let prefix = urls.lang_prefix(lang);
        let prefix = prefix.trim_start_matches('/');
        let rest = if prefix.is_empty() { path } else { path.strip_prefix(prefix).unwrap_or(path) };
        PageKey::Path(rest.trim_start_matches('/').to_string())
    };
    let order: HashMap<&str, usize> = config.language_codes().enumerate().map(|(i, c)| (c, i)).collect();
    let mut groups: BTreeMap<PageKey, Vec<usize>> = BTreeMap::new();
    for (j, job) in jobs.iter().enumerate() {
        // The not-found pages of the languages are not versions of one page.
        if job.template == "404.html" {
            continue;
        }
        groups.entry(key_of(job.lang.code, &job.path)).or_default().push(j);
    }
    let mut by_url = HashMap::new();
    for members in groups.values() {
        let mut versions: Vec<(usize, Alternate)> = members
            .iter()
            .map(|&j| {
                let job = &jobs[j];
                (j, Alternate { lang: job.lang.code.to_string(), url: urls.of_out_path(&job.path) })
            })
            .collect();
        // One page per language: two pages of one language with the same key cannot happen
        // (URLs are unique), but if they did, the first keeps the link.
        versions.sort_by_key(|(j, a)| (order.get(a.lang.as_str()).copied().unwrap_or(usize::MAX), *j));
        versions.dedup_by(|a, b| a.1.lang == b.1.lang);
        if versions.len() < 2 {
            continue;
        }
        let alternates: Vec<Alternate> = versions.iter().map(|(_, a)| a.clone()).collect();
        let x_default = alternates.iter().find(|a| a.lang == config.language).map(|a| urls.absolute(&a.url));
        for (j, own) in &versions {
            let values = alternates
                .iter()
                .map(|a| AlternateValue {
                    lang: a.lang.clone(),
                    name: config.language_name(&a.lang).to_string(),
                    url: a.url.clone(),
                    href: urls.absolute(&a.url),
                    current: a.lang == own.lang,
                })
                .collect();
            let others: Vec<String> =
                alternates.iter().filter(|a| a.lang != own.lang).map(|a| og_locale(&a.lang)).collect();
            jobs[*j].meta.versions =
                Some(Versions { alternates: values, x_default: x_default.clone(), og_locales: others });
            by_url.insert(own.url.clone(), alternates.clone());
        }
    }
    by_url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_graph_locales() {
        assert_eq!(og_locale("vi"), "vi_VN");
        assert_eq!(og_locale("en"), "en_US");
        assert_eq!(og_locale("en-GB"), "en_GB");
        assert_eq!(og_locale("km"), "km_KH");
        assert_eq!(og_locale("hmn"), "hmn");
    }
}
