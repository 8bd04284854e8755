//! Which pages the site has, and what each page's template sees. Planning is serial (so the
//! set of pages is deterministic) and cheap: a page's context is only built when the page is
//! rendered, in parallel, so the whole site's contexts never sit in memory at once.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use super::context::{campaign_timing, full, iso, list};
use super::feeds;
use super::page_values::{
    AudiencesPage, CalendarPage, CalendarRun, CampaignMessage, CampaignsPage, CrumbsOnly, FilterGroup, Filters,
    Gallery, GalleryFilter, GalleryOption, HomePage, HomeText, ItemList, ItemPage, ListPage, Month, Page, SectionList,
    SectionValue, Target, TopicList, TopicsPage, Translation,
};
use super::pager::page_window;
use super::related::{related, RecentSlugs};
use super::values::{
    to_value, Crumb, FeedValue, Full, Meta, MetaImage, PagerLink, Paginator, SiteValue, TitleLang, TopicRef,
};
use super::xml::SitemapEntry;
use crate::content::Kind;
use crate::site::indexes::LangIndex;
use crate::site::model::{Details, Site};
use crate::site::urls::{self, Urls};

/// Builds a page's own context (without `site`, `t` and `meta`, which the renderer adds).
pub type MakeContext<'a> = Box<dyn Fn() -> Value + Send + Sync + 'a>;

/// One HTML page to render.
pub struct Job<'a> {
    /// Output path relative to the output folder ("tin-tuc/a/index.html").
    pub path: String,
    pub template: &'static str,
    pub lang: &'a Lang<'a>,
    pub meta: Meta,
    pub make: MakeContext<'a>,
}

/// Everything a page needs that is the same for its whole language.
pub struct Lang<'a> {
    pub code: &'a str,
    /// Items sharing a translation key and kind (an original and its translations), built
    /// once per build so that no page scans the whole site for its translations.
    pub translations: &'a HashMap<(String, Kind), Vec<usize>>,
    pub ix: &'a LangIndex,
    /// `site`, and as the templates get it.
    pub site: SiteValue<'a>,
    pub site_value: Value,
    pub strings: Value,
    pub string_map: &'a BTreeMap<String, String>,
    pub summaries: &'a [Value],
}

impl Lang<'_> {
    pub(super) fn s(&self, key: &str) -> String {
        self.string_map.get(key).cloned().unwrap_or_else(|| key.to_string())
    }
}

/// The page's title, description, canonical URL and sharing image.
pub fn meta(site: &Site, lang: &Lang<'_>, title: &str, description: Option<&str>, url: &str) -> Meta {
    let description = description.filter(|d| !d.is_empty()).unwrap_or(lang.site.description);
    Meta {
        title: title.to_string(),
        description: description.to_string(),
        canonical: Urls::of(site).absolute(url),
        og_type: "website",
        image: None,
        title_lang: None,
        versions: None,
    }
}

fn crumb(name: &str, url: &str) -> Crumb {
    Crumb { name: name.to_string(), url: url.to_string() }
}

/// The Atom feed that follows one part of the site, for the page's head and its "follow" link.
fn feed(lang: &Lang<'_>, part: &str, page_url: &str) -> FeedValue {
    FeedValue { url: urls::feed(page_url), title: feeds::feed_title(lang.site.title, part) }
}

/// One way to filter the gallery: the label of its group (a UI string), the folder in the
/// filtered pages' URLs, the infographics of each slug, and the items that name the slugs
/// (`None` for topics, named in site.toml).
type FilterSource<'a> =
    (&'static str, &'a String, &'a BTreeMap<String, Vec<usize>>, Option<&'a BTreeMap<String, usize>>);

/// Plans the pages of one language, adding their URLs to the sitemap.
pub struct Planner<'a> {
    pub site: &'a Site,
    pub jobs: Vec<Job<'a>>,
    pub sitemap: Vec<SitemapEntry>,
}

impl<'a> Planner<'a> {
    pub fn new(site: &'a Site) -> Self {
        Planner { site, jobs: Vec::new(), sitemap: Vec::new() }
    }

    pub(super) fn push(
        &mut self,
        lang: &'a Lang<'a>,
        url: &str,
        template: &'static str,
        meta: Meta,
        make: MakeContext<'a>,
    ) {
        self.jobs.push(Job { path: Urls::of(self.site).out_path(url), template, lang, meta, make });
    }

    /// A page whose context is made now, for its one render.
    fn push_ready(
        &mut self,
        lang: &'a Lang<'a>,
        url: &str,
        template: &'static str,
        meta: Meta,
        context: &impl Serialize,
    ) {
        let context = to_value(context);
        self.sitemap.push(SitemapEntry { url: url.to_string(), lastmod: None });
        self.push(lang, url, template, meta, Box::new(move || context.clone()));
    }

    /// The not-found page.
    pub fn not_found(&mut self, lang: &'a Lang<'a>) {
        let url = Urls::of(self.site).not_found(lang.code);
        let meta = meta(self.site, lang, &lang.s("not_found_title"), None, &url);
        self.push(lang, &url, "404.html", meta, Box::new(|| to_value(&CrumbsOnly { breadcrumbs: None })));
    }

    /// One page per `paginate` items of a list: the first at `url`, the others at
    /// [`urls::numbered`]. `extra` (shared, built once) is merged into every page's context.
    #[allow(clippy::too_many_arguments)]
    fn list<E: Serialize + Send + Sync + 'a>(
        &mut self,
        lang: &'a Lang<'a>,
        template: &'static str,
        url: &str,
        title: &str,
        description: Option<&str>,
        members: &'a [usize],
        extra: Arc<E>,
        crumbs: Vec<Crumb>,
        image: Option<&MetaImage>,
    ) {
        let per_page = self.site.config.paginate;
        let total = urls::page_count(members.len(), per_page);
        let page_url = |n: usize| urls::numbered(url, n);
        for n in 1..=total {
            let start = (n - 1) * per_page;
            let chunk = &members[start.min(members.len())..(start + per_page).min(members.len())];
            let paginator = paginator(n, total, &page_url);
            let page_title = if n == 1 { title.to_string() } else { format!("{title} – {} {n}", lang.s("page")) };
            let mut meta = meta(self.site, lang, &page_title, description, &page_url(n));
            meta.image = image.cloned();
            // Page 2 and on share the card drawn for page 1 (see share_cards).
            if image.is_none() && n > 1 {
                let first = Urls::of(self.site).out_path(url);
                meta.image = Some(super::share_cards::value(self.site, first.trim_end_matches("index.html"), title));
            }
            if n == 1 {
                self.sitemap.push(SitemapEntry { url: url.to_string(), lastmod: None });
            }
            let extra = Arc::clone(&extra);
            let crumbs = crumbs.clone();
            let make = move || {
                let items = list(lang.summaries, chunk);
                ListPage { items, paginator: &paginator, breadcrumbs: &crumbs, extra: extra.as_ref() }.into_value()
            };
            self.push(lang, &page_url(n), template, meta, Box::new(make));
        }
    }

    /// Every page of one language.
    pub fn language(&mut self, lang: &'a Lang<'a>) {
        let site = self.site;
        let ix = lang.ix;
        let items = &site.items;
        let full_of = move |i: usize| full(site, ix, &items[i], lang.string_map);
        let home_url = Urls::of(site).home(lang.code);
        let home_crumb = crumb(&lang.s("home"), &home_url);

        // Home.
        let home = site.homes.get(lang.code);
        let active: Vec<Full<'a>> = ix.active.iter().map(|&(i, _)| full_of(i)).collect();
        let audiences: Vec<Full<'a>> = ix.audiences.iter().map(|&i| full_of(i)).collect();
        let articles: Vec<usize> =
            ix.latest.iter().copied().filter(|&i| items[i].kind == Kind::Article).take(10).collect();
        // The section of the newest article, for the home page's "all news" link.
        let news_url = articles
            .first()
            .and_then(|&i| site.sections.iter().find(|sec| sec.lang == lang.code && sec.dir == items[i].section))
            .map(|sec| sec.url.as_str());
        let context = HomePage {
            home: HomeText {
                title: home.and_then(|h| h.title.as_deref()),
                summary: home.and_then(|h| h.summary.as_deref()),
                content: home.map_or("", |h| h.html.as_str()),
            },
            news_url,
            active: &active,
            upcoming: ix.upcoming.iter().take(3).map(|&(i, _)| full_of(i)).collect(),
            audiences: &audiences,
            latest: list(lang.summaries, &articles),
            infographics: list(lang.summaries, &ix.infographics[..ix.infographics.len().min(4)]),
            faq: list(lang.summaries, &ix.faq[..ix.faq.len().min(5)]),
        };
        let home_summary = home.and_then(|h| h.summary.as_deref());
        let home_meta = meta(site, lang, lang.site.title, home_summary, &home_url);
        let context = context.into_value();
        self.push_ready(lang, &home_url, "home.html", home_meta, &context);

        self.sections(lang, &home_crumb, &audiences, &active);
        self.items(lang, &home_crumb);
        self.topics(lang, &home_crumb);
        if !lang.ix.campaigns.is_empty() {
            self.calendar(lang, &home_crumb);
        }
        self.search_page(lang, &home_crumb);
        self.contact_page(lang, &home_crumb);
    }

    /// The contact page made from `[agency]` and the hotline, unless the site has its own page
    /// at that address (its page then shows the same details above its text).
    fn contact_page(&mut self, lang: &'a Lang<'a>, home_crumb: &Crumb) {
        let Some(url) = crate::site::urls::generated_contact(self.site, lang.code) else { return };
        let page_meta = meta(self.site, lang, &lang.s("contact"), Some(&lang.s("contact_intro")), &url);
        self.push_ready(
            lang,
            &url,
            "contact.html",
            page_meta,
            &CrumbsOnly { breadcrumbs: Some(std::slice::from_ref(home_crumb)) },
        );
    }

    /// The search page; its index is written by `crate::search`.
    fn search_page(&mut self, lang: &'a Lang<'a>, home_crumb: &Crumb) {
        let url = Urls::of(self.site).search(lang.code);
        let context = super::search_page::context(self.site, lang.ix, lang.code, home_crumb);
        let page_meta = meta(self.site, lang, &lang.s("search"), None, &url);
        self.push_ready(lang, &url, "search.html", page_meta, &context);
    }

    /// The campaigns of the coming twelve months, month by month from the current one (in
    /// December, next year's January and February too), with the iCalendar feed to subscribe to.
    fn calendar(&mut self, lang: &'a Lang<'a>, home_crumb: &Crumb) {
        let site = self.site;
        let ix = lang.ix;
        let urls = Urls::of(site);
        let url = urls.calendar(lang.code);
        let this_month = site.today.first_of_month();
        let months: Vec<Month<'_>> = (0..12i64)
            .filter_map(|n| this_month.checked_add(jiff::Span::new().months(n)).ok())
            .map(|first| {
                let last = first.last_of_month();
                let campaigns: Vec<CalendarRun<'_>> = ix
                    .campaigns
                    .iter()
                    .filter_map(|&i| {
                        let item = &site.items[i];
                        let window = item.window()?;
                        let run = [first.year() - 1, first.year()]
                            .into_iter()
                            .filter_map(|y| window.occurrence_starting_in(y))
                            .find(|o| o.first <= last && o.last >= first)?;
                        let active = run.first <= site.today && site.today <= run.last;
                        Some(CalendarRun {
                            title: &item.title,
                            url: &item.url,
                            first: super::dates::day_month(lang.string_map, run.first.month(), run.first.day()),
                            last: super::dates::day_month(lang.string_map, run.last.month(), run.last.day()),
                            first_iso: run.first.to_string(),
                            last_iso: run.last.to_string(),
                            one_day: run.first == run.last,
                            active,
                        })
                    })
                    .collect();
                let name = super::dates::month_name(lang.string_map, first.month());
                Month { number: first.month(), year: first.year(), name, current: first == this_month, campaigns }
            })
            .collect();
        let context = CalendarPage {
            year: site.today.year(),
            months,
            ics_url: urls.calendar_feed(lang.code),
            breadcrumbs: std::slice::from_ref(home_crumb),
        };
        let title = lang.s("calendar");
        let calendar_meta = meta(site, lang, &title, None, &url);
        self.push_ready(lang, &url, "calendar.html", calendar_meta, &context);
    }

    fn sections(&mut self, lang: &'a Lang<'a>, home_crumb: &Crumb, audiences: &[Full<'a>], active: &[Full<'a>]) {
        let site = self.site;
        let ix = lang.ix;
        let folders = &site.config.folders;
        for section in site.sections.iter().filter(|sec| sec.lang == lang.code) {
            let members = ix.sections.get(&section.dir).map_or(&[][..], Vec::as_slice);
            let section_value = SectionValue::Folder {
                title: &section.title,
                summary: section.summary.as_deref(),
                content: &section.html,
                url: &section.url,
            };
            let crumbs = vec![home_crumb.clone()];
            let meta = meta(site, lang, &section.title, section.summary.as_deref(), &section.url);
            if section.dir == folders.audiences {
                let context = AudiencesPage { section: section_value, audiences, breadcrumbs: &crumbs };
                self.push_ready(lang, &section.url, "audiences.html", meta, &context);
            } else if section.dir == folders.campaigns {
                let campaigns = ix.campaigns.iter().map(|&i| full(site, ix, &site.items[i], lang.string_map)).collect();
                let context = CampaignsPage { section: section_value, campaigns, active, breadcrumbs: &crumbs };
                self.push_ready(lang, &section.url, "campaigns.html", meta, &context);
            } else if section.dir == folders.infographics {
                self.gallery(lang, section, section_value, members, crumbs);
            } else if section.dir == folders.legal {
                self.legal_list(lang, section, section_value, members, crumbs);
            } else {
                let template = if section.dir == folders.faq { "faq_list.html" } else { "list.html" };
                let extra = Arc::new(SectionList { section: section_value });
                let summary = section.summary.as_deref();
                self.list(lang, template, &section.url, &section.title, summary, members, extra, crumbs, None);
            }
        }
    }

    /// The infographic gallery, and one pre-built page of it for each audience, topic and
    /// campaign that has infographics, so readers filter the gallery without JavaScript.
    fn gallery(
        &mut self,
        lang: &'a Lang<'a>,
        section: &'a crate::site::model::Section,
        section_value: SectionValue<'a>,
        members: &'a [usize],
        crumbs: Vec<Crumb>,
    ) {
        let site = self.site;
        let ix = lang.ix;
        let folders = &site.config.folders;
        let mut pages: Vec<(&'a [usize], GalleryFilter<'a>)> = Vec::new();
        let mut groups = Vec::new();
        let sources: [FilterSource<'a>; 3] = [
            ("audiences", &folders.audiences, &ix.infographics_by_audience, Some(&ix.audience_by_slug)),
            ("topics", &folders.topics, &ix.infographics_by_topic, None),
            ("campaigns", &folders.campaigns, &ix.infographics_by_campaign, Some(&ix.campaign_by_slug)),
        ];
        for (label, folder, map, by_slug) in sources {
            let mut options: Vec<GalleryOption<'a>> = Vec::new();
            for (slug, list) in map {
                // The index falls back to the main language's audience or campaign.
                let (name, lang_of_name) = match by_slug {
                    Some(by_slug) => match by_slug.get(slug).map(|&i| &site.items[i]) {
                        Some(it) => (it.title.as_str(), (it.lang != lang.code).then_some(it.lang.as_str())),
                        None => (slug.as_str(), None),
                    },
                    None => super::context::topic_name(site, lang.code, slug),
                };
                let url = urls::gallery_filter(&section.url, folder, slug);
                options.push(GalleryOption { name, lang: lang_of_name, url: url.clone(), count: list.len() });
                pages.push((list.as_slice(), GalleryFilter { name, lang: lang_of_name, url }));
            }
            options.sort_by_cached_key(|o| crate::text::vietnamese_key(o.name));
            if !options.is_empty() {
                groups.push(FilterGroup { label: lang.s(label), options });
            }
        }
        let filters = Arc::new(Filters { all_url: section.url.clone(), groups });
        let extra = Gallery { section: section_value, filters: Arc::clone(&filters), filter: None };
        let summary = section.summary.as_deref();
        let title = &section.title;
        let (url, crumbs_now) = (&section.url, crumbs.clone());
        self.list(lang, "gallery.html", url, title, summary, members, Arc::new(extra), crumbs_now, None);
        let mut gallery_crumbs = crumbs;
        gallery_crumbs.push(crumb(title, &section.url));
        for (list, filter) in pages {
            let page_title = format!("{title}: {}", filter.name);
            let url = filter.url.clone();
            let section = SectionValue::Filtered { title: page_title.clone(), url: url.clone() };
            let extra = Gallery { section, filters: Arc::clone(&filters), filter: Some(filter) };
            let crumbs = gallery_crumbs.clone();
            self.list(lang, "gallery.html", &url, &page_title, None, list, Arc::new(extra), crumbs, None);
        }
    }

    fn items(&mut self, lang: &'a Lang<'a>, home_crumb: &Crumb) {
        let window = Arc::new(RecentSlugs::new(self.site, lang.ix));
        for i in 0..self.site.items.len() {
            if self.site.items[i].lang == lang.code {
                self.item(lang, home_crumb, i, &window);
            }
        }
    }

    /// The page of item `i` alone, exactly as [`Planner::language`] plans it (for `loa serve`,
    /// which renders an article whose body alone changed before the rest of the site).
    pub fn item_page(&mut self, lang: &'a Lang<'a>, i: usize) {
        let home_url = Urls::of(self.site).home(lang.code);
        let home_crumb = crumb(&lang.s("home"), &home_url);
        let window = Arc::new(RecentSlugs::new(self.site, lang.ix));
        self.item(lang, &home_crumb, i, &window);
    }

    fn item(&mut self, lang: &'a Lang<'a>, home_crumb: &Crumb, i: usize, window: &Arc<RecentSlugs<'a>>) {
        let site = self.site;
        let ix = lang.ix;
        let items = &site.items;
        let item = &items[i];
        let mut crumbs = vec![home_crumb.clone()];
        if let Some(sec) = site.sections.iter().find(|sec| sec.lang == lang.code && sec.dir == item.section) {
            crumbs.push(crumb(&sec.title, &sec.url));
        }
        let mut meta = meta(site, lang, &item.title, item.summary.as_deref(), &item.url);
        meta.og_type = if item.kind == Kind::Article { "article" } else { "website" };
        meta.image = crate::site::image_outputs::card(site, item).map(|(url, alt)| MetaImage {
            url,
            width: crate::images::CARD_WIDTH,
            height: crate::images::CARD_HEIGHT,
            alt: alt.to_string(),
        });
        // A republished item points search engines and sharing at the original.
        if let (crate::site::model::Origin::Republished, Some(source)) = (&item.origin, &item.source_url) {
            meta.canonical = source.clone();
        }
        let lastmod = item.updated.or(item.published()).map(|t| iso(t, &site.config.timezone));
        let group = lang.translations.get(&(item.translation_key.clone(), item.kind)).map_or(&[][..], Vec::as_slice);
        let translations = move || -> Vec<Translation<'a>> {
            group
                .iter()
                .map(|&o| &items[o])
                .filter(|o| o.lang != item.lang)
                .map(|o| Translation { lang: &o.lang, url: &o.url, title: &o.title })
                .collect()
        };
        match item.kind {
            Kind::Audience | Kind::Campaign => {
                let members = match item.kind {
                    Kind::Audience => ix.by_audience.get(&item.ref_slug),
                    _ => ix.by_campaign.get(&item.ref_slug),
                }
                .map_or(&[][..], Vec::as_slice);
                let mut extra = ItemList {
                    page: full(site, ix, item, lang.string_map),
                    translations: translations(),
                    feed: feed(lang, &item.title, &item.url),
                    campaign_messages: None,
                    targets: None,
                };
                let template = if item.kind == Kind::Audience {
                    extra.campaign_messages = Some(audience_messages(site, ix, &item.ref_slug, lang.string_map));
                    "audience.html"
                } else {
                    let targets = item
                        .audiences
                        .iter()
                        .filter_map(|a| ix.audience_by_slug.get(a))
                        .map(|&a| {
                            let other = (items[a].lang != item.lang).then_some(items[a].lang.as_str());
                            Target { name: &items[a].title, url: &items[a].url, lang: other }
                        })
                        .collect();
                    extra.targets = Some(targets);
                    "campaign.html"
                };
                let image = meta.image.clone();
                let summary_text = item.summary.as_deref();
                let extra = Arc::new(extra);
                let (title, url) = (&item.title, &item.url);
                self.list(lang, template, url, title, summary_text, members, extra, crumbs, image.as_ref());
                // The first page of the list is the item's own page: date it for the sitemap.
                if let Some(entry) = self.sitemap.iter_mut().rev().find(|e| e.url == item.url) {
                    entry.lastmod = lastmod;
                }
            }
            _ => {
                let template = match item.kind {
                    Kind::Infographic => "infographic.html",
                    Kind::Video => "video.html",
                    Kind::PhotoStory => "photo_story.html",
                    Kind::Page => "page.html",
                    Kind::Legal => "legal.html",
                    _ => "article.html",
                };
                let window = Arc::clone(window);
                let make = move || {
                    ItemPage {
                        page: full(site, ix, item, lang.string_map),
                        breadcrumbs: &crumbs,
                        translations: translations(),
                        related: list(lang.summaries, &related(site, ix, &window, i)),
                    }
                    .into_value()
                };
                self.sitemap.push(SitemapEntry { url: item.url.clone(), lastmod });
                self.push(lang, &item.url, template, meta, Box::new(make));
            }
        }
    }

    fn topics(&mut self, lang: &'a Lang<'a>, home_crumb: &Crumb) {
        let site = self.site;
        let ix = lang.ix;
        let topics_url = Urls::of(site).topics(lang.code);
        let mut topic_list: Vec<(&'a String, &'a String)> = site.topics.iter().collect();
        // Alphabetical by the name readers of this language see (Vietnamese order for Vietnamese).
        topic_list.sort_by_cached_key(|(slug, _)| {
            let (name, _) = super::context::topic_name(site, lang.code, slug);
            (crate::text::vietnamese_key(name), (*slug).clone())
        });
        let topics = topic_list
            .iter()
            .map(|(slug, _)| {
                let count = ix.by_topic.get(*slug).map_or(0, Vec::len);
                let (name, name_lang) = super::context::topic_name(site, lang.code, slug);
                let url = Some(Urls::of(site).topic(lang.code, slug));
                TopicRef { slug, name, lang: name_lang, url, count: Some(count) }
            })
            .collect();
        let context = TopicsPage { topics, breadcrumbs: std::slice::from_ref(home_crumb) };
        let topics_meta = meta(site, lang, &lang.s("topics"), None, &topics_url);
        self.push_ready(lang, &topics_url, "topics.html", topics_meta, &context);
        for (slug, _) in topic_list {
            let members = ix.by_topic.get(slug).map_or(&[][..], Vec::as_slice);
            let url = Urls::of(site).topic(lang.code, slug);
            let crumbs = vec![home_crumb.clone(), crumb(&lang.s("topics"), &topics_url)];
            let (name, name_lang) = super::context::topic_name(site, lang.code, slug);
            let extra = Arc::new(TopicList {
                topic: TopicRef { slug, name, lang: name_lang, url: None, count: None },
                feed: feed(lang, name, &url),
            });
            let first = self.jobs.len();
            self.list(lang, "topic.html", &url, name, None, members, extra, crumbs, None);
            for job in &mut self.jobs[first..] {
                job.meta.title_lang = Some(TitleLang { title_lang: name_lang.map(str::to_string) });
            }
        }
    }
}

/// The pager of page `n` of `total`, for the templates' `pagination` macro.
pub(super) fn paginator(n: usize, total: usize, page_url: &dyn Fn(usize) -> String) -> Paginator {
    Paginator {
        current: n,
        total,
        prev: (n > 1).then(|| page_url(n - 1)),
        next: (n < total).then(|| page_url(n + 1)),
        pages: page_window(n, total)
            .into_iter()
            .map(|k| match k {
                Some(k) => PagerLink::Page { number: k, url: page_url(k) },
                None => PagerLink::Gap { gap: true },
            })
            .collect(),
    }
}

/// The key messages that active and upcoming campaigns have for one audience.
fn audience_messages<'a>(
    site: &'a Site,
    ix: &LangIndex,
    audience: &str,
    strings: &BTreeMap<String, String>,
) -> Vec<CampaignMessage<'a>> {
    ix.active
        .iter()
        .chain(ix.upcoming.iter())
        .filter_map(|&(i, _)| {
            let item = &site.items[i];
            let Details::Campaign { messages, .. } = &item.details else { return None };
            let list = messages.get(audience)?;
            let timing = campaign_timing(site, item, strings);
            Some(CampaignMessage { title: &item.title, url: &item.url, messages: list, timing })
        })
        .collect()
}
