//! The lists built once per build: latest items, sections, audiences, campaigns, topics,
//! infographics and Q&A, per language, as indexes into `Site::items`.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use super::model::{Item, Site};
use super::window::Occurrence;
use crate::content::Kind;
use crate::text::vietnamese_key;

/// The lists of one language.
#[derive(Debug, Default, Clone)]
pub struct LangIndex {
    /// Articles, infographics and Q&A, newest first.
    pub latest: Vec<usize>,
    /// Section folder → the items in it or in its subfolders, newest first.
    pub sections: BTreeMap<String, Vec<usize>>,
    pub by_audience: BTreeMap<String, Vec<usize>>,
    pub by_campaign: BTreeMap<String, Vec<usize>>,
    pub by_topic: BTreeMap<String, Vec<usize>>,
    pub infographics: Vec<usize>,
    /// The infographics of each audience, topic and campaign, newest first: the pre-built
    /// filtered pages of the gallery.
    pub infographics_by_audience: BTreeMap<String, Vec<usize>>,
    pub infographics_by_topic: BTreeMap<String, Vec<usize>>,
    pub infographics_by_campaign: BTreeMap<String, Vec<usize>>,
    pub faq: Vec<usize>,
    /// Audiences by weight, then Vietnamese order of their titles.
    pub audiences: Vec<usize>,
    /// Campaigns in calendar order of their windows.
    pub campaigns: Vec<usize>,
    /// Campaigns under way today, with the run.
    pub active: Vec<(usize, Occurrence)>,
    /// Campaigns not under way, with their next run, soonest first.
    pub upcoming: Vec<(usize, Occurrence)>,
    /// Slug → item of each audience and campaign, for names and links. An audience or
    /// campaign without a version in this language maps to the main language's, which the
    /// templates mark with its language (WCAG 3.1.2).
    pub audience_by_slug: BTreeMap<String, usize>,
    pub campaign_by_slug: BTreeMap<String, usize>,
}

#[derive(Debug, Default, Clone)]
pub struct Indexes {
    pub langs: BTreeMap<String, LangIndex>,
}

impl Indexes {
    pub fn build(site: &Site) -> Indexes {
        let mut langs: BTreeMap<String, LangIndex> = BTreeMap::new();
        for code in site.config.language_codes() {
            langs.insert(code.to_string(), LangIndex::default());
        }
        let newest_first = newest_first_order(&site.items);
        for &i in &newest_first {
            let item = &site.items[i];
            let Some(ix) = langs.get_mut(&item.lang) else { continue };
            if item.kind != Kind::Page && !item.section.is_empty() {
                let mut dir = item.section.as_str();
                loop {
                    ix.sections.entry(dir.to_string()).or_default().push(i);
                    match dir.rfind('/') {
                        Some(p) => dir = &dir[..p],
                        None => break,
                    }
                }
            }
            if !item.is_listed() {
                continue;
            }
            ix.latest.push(i);
            for a in &item.audiences {
                ix.by_audience.entry(a.clone()).or_default().push(i);
            }
            for c in &item.campaigns {
                ix.by_campaign.entry(c.clone()).or_default().push(i);
            }
            for t in &item.topics {
                ix.by_topic.entry(t.clone()).or_default().push(i);
            }
            match item.kind {
                Kind::Infographic => {
                    ix.infographics.push(i);
                    for a in &item.audiences {
                        ix.infographics_by_audience.entry(a.clone()).or_default().push(i);
                    }
                    for t in &item.topics {
                        ix.infographics_by_topic.entry(t.clone()).or_default().push(i);
                    }
                    for c in &item.campaigns {
                        ix.infographics_by_campaign.entry(c.clone()).or_default().push(i);
                    }
                }
                Kind::Faq => ix.faq.push(i),
                _ => {}
            }
        }
        for (i, item) in site.items.iter().enumerate() {
            let Some(ix) = langs.get_mut(&item.lang) else { continue };
            match item.kind {
                Kind::Audience => {
                    ix.audiences.push(i);
                    ix.audience_by_slug.insert(item.ref_slug.clone(), i);
                }
                Kind::Campaign => {
                    ix.campaigns.push(i);
                    ix.campaign_by_slug.insert(item.ref_slug.clone(), i);
                    if let Some(w) = item.window() {
                        if let Some(o) = w.active_on(site.today) {
                            ix.active.push((i, o));
                        } else if let Some(o) = w.next_after(site.today) {
                            ix.upcoming.push((i, o));
                        }
                    }
                }
                _ => {}
            }
        }
        let main = &site.config.language;
        let (main_audiences, main_campaigns) =
            langs.get(main).map(|ix| (ix.audience_by_slug.clone(), ix.campaign_by_slug.clone())).unwrap_or_default();
        for (code, ix) in langs.iter_mut().filter(|(code, _)| *code != main) {
            debug_assert_ne!(code, main);
            for (slug, &i) in &main_audiences {
                ix.audience_by_slug.entry(slug.clone()).or_insert(i);
            }
            for (slug, &i) in &main_campaigns {
                ix.campaign_by_slug.entry(slug.clone()).or_insert(i);
            }
        }
        for ix in langs.values_mut() {
            let items = &site.items;
            ix.audiences.sort_by_cached_key(|&i| (items[i].weight, vietnamese_key(&items[i].title), i));
            ix.campaigns.sort_by_cached_key(|&i| {
                (items[i].window().map(|w| (w.starts, w.ends)), vietnamese_key(&items[i].title), i)
            });
            ix.active.sort_by_key(|&(i, o)| (o.last, i));
            ix.upcoming.sort_by_key(|&(i, o)| (o.first, i));
        }
        Indexes { langs }
    }
}

/// Newest first by publication instant; undated items last; then weight, title and path, so
/// that the order never depends on the file system or thread timing.
fn newest_first_order(items: &[Item]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_cached_key(|&i| {
        let item = &items[i];
        (
            item.published().is_none(),
            Reverse(item.published()),
            item.weight,
            vietnamese_key(&item.title),
            item.url.clone(),
        )
    });
    order
}
