//! The site's URL scheme: the one place that says at which address every page and file of a
//! site is served, and which output file holds it.
//!
//! An address ("URL" below) is a path from the host, with the base path of `base_url` and the
//! language prefix: `/bhxh/en/tin-tuc/a/`. Pages end with `/` and live in `…/index.html`;
//! files (`atom.xml`, `chien-dich.ics`, `sitemap.xml`) are written under their own name.
//!
//! | what                          | URL                                             |
//! |-------------------------------|-------------------------------------------------|
//! | home of a language            | `{base}{lang}/`                                 |
//! | section (a content folder)    | `{base}{lang}/{dir}/`                           |
//! | item                          | `{base}{lang}/{section}/{slug}/` (pages: no section) |
//! | page N ≥ 2 of any list        | `{list}trang/N/`                                |
//! | gallery filtered by a value   | `{gallery}loc/{audiences or topics or campaigns folder}/{slug}/` |
//! | legal documents by a filter  | `{list}loai/{type}/`, `{list}co-quan/{issuer}/`, `{list}nam/{year}/` |
//! | a list of legal documents sorted otherwise | `{view}xep/{so-hieu or ten or cu-nhat}/` |
//! | topics, one topic             | `{base}{lang}/{topics}/`, `…/{topics}/{slug}/`  |
//! | calendar, its iCalendar feed  | `{base}{lang}/{calendar}/`, `…/chien-dich.ics`  |
//! | search page and its index     | `{base}{lang}/{search}/` (index files beside it)|
//! | Atom feed of a page           | `{page}atom.xml` (home, audiences, campaigns, topics) |
//! | JSON Feed of the same page    | `{page}feed.json`, beside each `atom.xml`       |
//! | not found                     | `{base}{lang}/404.html`                         |
//! | alias of an item              | `{base}{alias}`, listed in `/redirects.map`     |
//! | pages with a YouTube player   | listed in `/frames.map` (their `frame-src`)     |
//! | sitemap, robots               | `{base}/sitemap.xml` (`sitemap-N.xml` past 50,000 URLs), `{base}/robots.txt` |
//!
//! `{lang}` is empty for the main language and `/code` for the others; the folder names come
//! from `[folders]` in site.toml. [`Urls`] builds each address; [`addresses`] lists every
//! address a site has, each with its output file and what made it, for whoever must know the
//! whole set (collision checks, a publisher verifying what a server serves). The test
//! `urls::every_built_file_is_an_address` holds the renderer to this list.

use crate::content::config::Config;
use crate::content::Kind;
use crate::site::indexes::{Indexes, LangIndex};
use crate::site::legal_index::{self, Facet, Sort};
use crate::site::model::Site;

/// The folder of the numbered pages of a list (`tin-tuc/trang/2/`).
pub const PAGE_FOLDER: &str = "trang";
/// The folder of a gallery's pre-filtered pages (`infographic/loc/chu-de/luong-huu/`).
pub const FILTER_FOLDER: &str = "loc";
/// The file name of a page's Atom feed.
pub const FEED_FILE: &str = "atom.xml";
/// The file name of a page's JSON Feed, beside its Atom feed.
pub const JSON_FEED_FILE: &str = "feed.json";
/// The file name of the campaign calendar's iCalendar feed, beside the calendar page.
pub const CALENDAR_FILE: &str = "chien-dich.ics";
/// The not-found page of a language, at its root.
pub const NOT_FOUND_FILE: &str = "404.html";
/// The sitemap (or sitemap index) at the top of the output.
pub const SITEMAP_FILE: &str = "sitemap.xml";
pub const ROBOTS_FILE: &str = "robots.txt";
/// The nginx map of the alias redirects, at the top of the output.
pub const REDIRECT_MAP: &str = "redirects.map";
/// The nginx map of the pages that embed a YouTube player, at the top of the output.
pub const FRAME_MAP: &str = "frames.map";
/// The sharing card drawn from a page's title, in the page's own folder (`tin-tuc/og.png`).
pub const TITLE_CARD_FILE: &str = "og.png";

/// The addresses of one site: `base_url`'s path and the language prefixes and folders of its
/// site.toml. Cheap to make and copy.
#[derive(Clone, Copy)]
pub struct Urls<'a> {
    config: &'a Config,
    base_path: &'a str,
}

impl<'a> Urls<'a> {
    pub fn new(config: &'a Config, base_path: &'a str) -> Self {
        Urls { config, base_path }
    }

    pub fn of(site: &'a Site) -> Self {
        Urls { config: &site.config, base_path: &site.base_path }
    }

    /// The path part of base_url ("" or "/bhxh"), which every URL starts with.
    pub fn base_path(&self) -> &'a str {
        self.base_path
    }

    /// The prefix of a language's addresses after the base path: "" for the main language, "/en".
    pub fn lang_prefix(&self, lang: &str) -> String {
        self.config.lang_prefix(lang)
    }

    /// "/bhxh/en/".
    pub fn home(&self, lang: &str) -> String {
        format!("{}{}/", self.base_path, self.lang_prefix(lang))
    }

    /// A folder of a language's site: a section, or the topics, calendar or search page.
    pub fn folder(&self, lang: &str, dir: &str) -> String {
        format!("{}{}/{dir}/", self.base_path, self.lang_prefix(lang))
    }

    /// An item's page: pages (`Kind::Page`) and items at the top of content/ have no section.
    pub fn item(&self, lang: &str, kind: Kind, section: &str, slug: &str) -> String {
        if kind == Kind::Page || section.is_empty() {
            self.folder(lang, slug)
        } else {
            format!("{}{}/{section}/{slug}/", self.base_path, self.lang_prefix(lang))
        }
    }

    pub fn topics(&self, lang: &str) -> String {
        self.folder(lang, &self.config.folders.topics)
    }

    pub fn topic(&self, lang: &str, slug: &str) -> String {
        format!("{}{slug}/", self.topics(lang))
    }

    pub fn calendar(&self, lang: &str) -> String {
        self.folder(lang, &self.config.folders.calendar)
    }

    pub fn calendar_feed(&self, lang: &str) -> String {
        format!("{}{CALENDAR_FILE}", self.calendar(lang))
    }

    /// The search page; its index files are in the same folder.
    pub fn search(&self, lang: &str) -> String {
        self.folder(lang, &self.config.folders.search)
    }

    /// The contact page: the site's own page there, or the one made from `[agency]`.
    pub fn contact(&self, lang: &str) -> String {
        self.folder(lang, &self.config.folders.contact)
    }

    /// The search index's folder in the output ("tim-kiem/", "en/tim-kiem/").
    pub fn search_folder(&self, lang: &str) -> String {
        self.out_path(&self.search(lang)).trim_end_matches("index.html").to_string()
    }

    pub fn not_found(&self, lang: &str) -> String {
        format!("{}{}/{NOT_FOUND_FILE}", self.base_path, self.lang_prefix(lang))
    }

    /// The address of an alias ("/tin-cu/a/", as written in front matter).
    pub fn alias(&self, alias: &str) -> String {
        format!("{}{alias}", self.base_path)
    }

    /// A file at the top of the output (`sitemap.xml`, `robots.txt`).
    pub fn top(&self, file: &str) -> String {
        format!("{}/{file}", self.base_path)
    }

    /// The absolute URL of an address, for feeds, sitemaps and canonical links.
    pub fn absolute(&self, url: &str) -> String {
        format!("{}{}", self.config.base_url, self.site_path(url))
    }

    /// An address without the base path: "/bhxh/tin-tuc/a/" → "/tin-tuc/a/".
    pub fn site_path<'u>(&self, url: &'u str) -> &'u str {
        url.strip_prefix(self.base_path).unwrap_or(url)
    }

    /// The output file of an address: "/bhxh/tin-tuc/a/" → "tin-tuc/a/index.html";
    /// "/atom.xml" → "atom.xml".
    pub fn out_path(&self, url: &str) -> String {
        let path = self.site_path(url).trim_start_matches('/');
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        }
    }

    /// The address of an output file: "en/tin-tuc/index.html" → "/bhxh/en/tin-tuc/";
    /// "en/404.html" → "/bhxh/en/404.html".
    pub fn of_out_path(&self, path: &str) -> String {
        url_of_out_path(self.base_path, path)
    }
}

/// [`Urls::of_out_path`] for whoever has only the base path (the dev server's store).
pub fn url_of_out_path(base_path: &str, path: &str) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    format!("{base_path}/{path}")
}

/// The path part of base_url: "" for "https://x.vn", "/bhxh" for "https://x.vn/bhxh".
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].trim_end_matches('/').to_string(),
        None => String::new(),
    }
}

/// Page `n` of the list at `list_url`: the first is the list's own address.
pub fn numbered(list_url: &str, n: usize) -> String {
    if n == 1 {
        list_url.to_string()
    } else {
        format!("{list_url}{PAGE_FOLDER}/{n}/")
    }
}

/// How many pages a list of `len` members has, `per_page` to a page (an empty list has one).
pub fn page_count(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page.max(1)).max(1)
}

/// A numbered page's folder split into its list's folder and the number part:
/// "a/trang/2/" → ("a/", "trang/2/"); `None` for any other folder.
pub fn split_numbered(dir: &str) -> Option<(&str, &str)> {
    let without_slash = dir.strip_suffix('/')?;
    let (before, number) = without_slash.rsplit_once('/')?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let first = before.strip_suffix(PAGE_FOLDER)?;
    if !(first.is_empty() || first.ends_with('/')) {
        return None;
    }
    Some((first, &dir[first.len()..]))
}

/// The gallery at `gallery_url` showing only the infographics of one audience, topic or
/// campaign (`folder` is that kind's folder in site.toml).
pub fn gallery_filter(gallery_url: &str, folder: &str, slug: &str) -> String {
    format!("{gallery_url}{FILTER_FOLDER}/{folder}/{slug}/")
}

/// The folder of the legal documents list's other orders (`van-ban/xep/so-hieu/`).
pub const SORT_FOLDER: &str = "xep";

/// The legal documents list at `list_url` showing only one type, issuer or year.
pub fn legal_filter(list_url: &str, facet: Facet, slug: &str) -> String {
    let folder = match facet {
        Facet::Type => "loai",
        Facet::Issuer => "co-quan",
        Facet::Year => "nam",
    };
    format!("{list_url}{folder}/{slug}/")
}

/// A view of the legal documents list (the whole list or one filter) in `sort` order: the
/// newest-first order is the view itself.
pub fn legal_sorted(view_url: &str, sort: Sort) -> String {
    let key = match sort {
        Sort::Newest => return view_url.to_string(),
        Sort::Oldest => "cu-nhat",
        Sort::Number => "so-hieu",
        Sort::Title => "ten",
    };
    format!("{view_url}{SORT_FOLDER}/{key}/")
}

/// Part `n` (from 1) of a sitemap split past [`SITEMAP_LIMIT`] URLs, beside its index.
pub fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// The Atom feed of the page at `page_url` ("/doi-tuong/nguoi-lao-dong/" → ".../atom.xml").
pub fn feed(page_url: &str) -> String {
    format!("{page_url}{FEED_FILE}")
}

/// The JSON Feed beside a page's Atom feed (`{page}feed.json`), with what Atom cannot carry
/// for a portal that republishes (audiences, campaigns, topics, images, the canonical address).
pub fn json_feed(page_url: &str) -> String {
    format!("{page_url}{JSON_FEED_FILE}")
}

/// One address of a site and the file it is written to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// From the host, with the base path: "/bhxh/tin-tuc/a/".
    pub url: String,
    /// In the output folder: "tin-tuc/a/index.html". For [`What::SearchIndex`], the folder
    /// ("tim-kiem/") whose files are the index.
    pub path: String,
    pub what: What,
    pub origin: Origin,
}

/// What an address serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// An HTML page listed in the sitemap.
    Page,
    /// Page 2 or more of a list (not in the sitemap).
    NumberedPage,
    NotFound,
    Feed,
    Calendar,
    /// A redirect page at an item's old address.
    Alias,
    Sitemap,
    Robots,
    /// An nginx map written for the web server: `redirects.map`, `frames.map`.
    RedirectMap,
    /// The folder of a language's search index files.
    SearchIndex,
    /// A file copied from content/.
    Asset,
    /// A resized copy or the Open Graph card of an image of content/ (not listed by
    /// [`addresses`]; the collision check adds them).
    ImageVariant,
    /// The sharing card a page may get in its folder ([`TITLE_CARD_FILE`]; added by the
    /// collision check for every page, which no other page or alias may need as a folder).
    TitleCard,
}

/// What made an address, to name in a message when two addresses meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `site.items[i]`: its page, its list's pages, its feed or one of its aliases.
    Item(usize),
    /// `site.sections[i]`: its list, or its gallery's filtered pages.
    Section(usize),
    /// A topic of site.toml (or of an item's front matter).
    Topic(String),
    /// A file of content/ published as it is.
    Asset(String),
    /// The site itself: homes, topics index, calendar, search, 404, feeds, sitemap, robots.
    Site,
}

/// Every address of `site` (with `indexes` of it), in a deterministic order: each language's
/// pages (home, sections, items, topics, calendar, search, 404, feeds), then aliases, the
/// top files and the assets. Theme files and image variants are not listed.
pub fn addresses(site: &Site, indexes: &Indexes) -> Vec<Address> {
    let urls = Urls::of(site);
    let empty = LangIndex::default();
    let mut out = Addresses { urls, out: Vec::new() };
    for lang in site.config.language_codes() {
        let ix = indexes.langs.get(lang).unwrap_or(&empty);
        out.language(site, lang, ix);
    }
    for (i, item) in site.items.iter().enumerate() {
        for alias in &item.aliases {
            out.push(urls.alias(alias), What::Alias, Origin::Item(i));
        }
    }
    let listed = out.out.iter().filter(|a| a.what == What::Page).count();
    out.push(urls.top(SITEMAP_FILE), What::Sitemap, Origin::Site);
    if listed > SITEMAP_LIMIT {
        for n in 1..=listed.div_ceil(SITEMAP_LIMIT) {
            out.push(urls.top(&sitemap_part(n)), What::Sitemap, Origin::Site);
        }
    }
    out.push(urls.top(ROBOTS_FILE), What::Robots, Origin::Site);
    out.push(urls.top(REDIRECT_MAP), What::RedirectMap, Origin::Site);
    out.push(urls.top(FRAME_MAP), What::RedirectMap, Origin::Site);
    for rel in &site.assets {
        out.push(urls.top(rel), What::Asset, Origin::Asset(rel.clone()));
    }
    out.out
}

/// How many URLs one sitemap file lists at most (sitemaps.org).
pub const SITEMAP_LIMIT: usize = 50_000;

struct Addresses<'a> {
    urls: Urls<'a>,
    out: Vec<Address>,
}

impl Addresses<'_> {
    fn push(&mut self, url: String, what: What, origin: Origin) {
        let path = match what {
            What::SearchIndex => self.urls.out_path(&url).trim_end_matches("index.html").to_string(),
            _ => self.urls.out_path(&url),
        };
        self.out.push(Address { url, path, what, origin });
    }

    /// A list of `len` members: its first page and its numbered pages.
    fn list(&mut self, url: &str, len: usize, per_page: usize, origin: &Origin) {
        self.push(url.to_string(), What::Page, origin.clone());
        for n in 2..=page_count(len, per_page) {
            self.push(numbered(url, n), What::NumberedPage, origin.clone());
        }
    }

    /// The legal documents list's other orders, and its filtered views in every order.
    fn legal(&mut self, site: &Site, list_url: &str, members: Option<&Vec<usize>>, origin: &Origin) {
        let members = members.map_or(&[][..], Vec::as_slice);
        let per_page = site.config.paginate;
        let count = legal_index::sorted(&site.items, members, Sort::Newest).len();
        let mut views = vec![(list_url.to_string(), count)];
        for filter in legal_index::filters(&site.items, members) {
            views.push((legal_filter(list_url, filter.facet, &filter.slug), filter.members.len()));
        }
        for (i, (view, len)) in views.iter().enumerate() {
            for sort in Sort::ALL {
                // The whole list in its own order is the section's list, listed already.
                if i > 0 || sort != Sort::Newest {
                    self.list(&legal_sorted(view, sort), *len, per_page, origin);
                }
            }
        }
    }

    fn language(&mut self, site: &Site, lang: &str, ix: &LangIndex) {
        let urls = self.urls;
        let folders = &site.config.folders;
        let per_page = site.config.paginate;
        let len = |members: Option<&Vec<usize>>| members.map_or(0, Vec::len);
        self.push(urls.home(lang), What::Page, Origin::Site);
        for (s, section) in site.sections.iter().enumerate().filter(|(_, s)| s.lang == lang) {
            let origin = Origin::Section(s);
            if section.dir == folders.audiences || section.dir == folders.campaigns {
                self.push(section.url.clone(), What::Page, origin);
                continue;
            }
            self.list(&section.url, len(ix.sections.get(&section.dir)), per_page, &origin);
            if section.dir == folders.legal {
                self.legal(site, &section.url, ix.sections.get(&section.dir), &origin);
            }
            if section.dir == folders.infographics {
                for (folder, map) in [
                    (&folders.audiences, &ix.infographics_by_audience),
                    (&folders.topics, &ix.infographics_by_topic),
                    (&folders.campaigns, &ix.infographics_by_campaign),
                ] {
                    for (slug, members) in map {
                        let url = gallery_filter(&section.url, folder, slug);
                        self.list(&url, members.len(), per_page, &origin);
                    }
                }
            }
        }
        for (i, item) in site.items.iter().enumerate().filter(|(_, item)| item.lang == lang) {
            let members = match item.kind {
                Kind::Audience => ix.by_audience.get(&item.ref_slug),
                Kind::Campaign => ix.by_campaign.get(&item.ref_slug),
                _ => {
                    self.push(item.url.clone(), What::Page, Origin::Item(i));
                    continue;
                }
            };
            self.list(&item.url, len(members), per_page, &Origin::Item(i));
        }
        self.push(urls.topics(lang), What::Page, Origin::Site);
        for slug in site.topics.keys() {
            let origin = Origin::Topic(slug.clone());
            self.list(&urls.topic(lang, slug), len(ix.by_topic.get(slug)), per_page, &origin);
        }
        if !ix.campaigns.is_empty() {
            self.push(urls.calendar(lang), What::Page, Origin::Site);
            self.push(urls.calendar_feed(lang), What::Calendar, Origin::Site);
        }
        self.push(urls.search(lang), What::Page, Origin::Site);
        self.push(urls.search(lang), What::SearchIndex, Origin::Site);
        if let Some(url) = generated_contact(site, lang) {
            self.push(url, What::Page, Origin::Site);
        }
        self.push(urls.not_found(lang), What::NotFound, Origin::Site);
        let mut feeds = |page: &str, origin: Origin| {
            self.push(feed(page), What::Feed, origin.clone());
            self.push(json_feed(page), What::Feed, origin);
        };
        feeds(&urls.home(lang), Origin::Site);
        for &i in ix.audiences.iter().chain(&ix.campaigns) {
            feeds(&site.items[i].url, Origin::Item(i));
        }
        for slug in site.topics.keys() {
            feeds(&urls.topic(lang, slug), Origin::Topic(slug.clone()));
        }
    }
}

/// The address of the contact page loa makes in `lang` from `[agency]` and the hotline, when
/// there is something to say and the site has no page of its own there.
pub fn generated_contact(site: &Site, lang: &str) -> Option<String> {
    let config = &site.config;
    let agency = &config.agency;
    let reachable = agency.address.is_some() || agency.phone.is_some() || agency.email.is_some();
    let url = Urls::of(site).contact(lang);
    ((reachable || config.hotline.is_some()) && !site.items.iter().any(|i| i.url == url)).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_the_path_of_base_url() {
        assert_eq!(base_path("https://bhxh.example.vn"), "");
        assert_eq!(base_path("https://bhxh.example.vn/"), "");
        assert_eq!(base_path("https://example.vn/bhxh/"), "/bhxh");
    }

    #[test]
    fn numbered_pages_split_back_into_their_list() {
        assert_eq!(numbered("/tin-tuc/", 1), "/tin-tuc/");
        assert_eq!(numbered("/tin-tuc/", 3), "/tin-tuc/trang/3/");
        assert_eq!(split_numbered("tin-tuc/trang/2/"), Some(("tin-tuc/", "trang/2/")));
        assert_eq!(split_numbered("en/doi-tuong/a/trang/12/"), Some(("en/doi-tuong/a/", "trang/12/")));
        assert_eq!(split_numbered("trang/3/"), Some(("", "trang/3/")));
        assert_eq!(split_numbered("tin-tuc/trang/"), None);
        assert_eq!(split_numbered("tin-tuc/xtrang/2/"), None);
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(21, 10), 3);
    }

    #[test]
    fn every_kind_of_address_and_its_output_file() {
        let text = "title = \"T\"\nbase_url = \"https://x.vn/bhxh/\"\n[languages.en]\ntitle = \"E\"\n";
        let config = Config::parse(text, std::path::Path::new("site.toml")).unwrap();
        let base = base_path(&config.base_url);
        let urls = Urls::new(&config, &base);
        assert_eq!(urls.home("vi"), "/bhxh/");
        assert_eq!(urls.item("en", Kind::Article, "tin-tuc", "a"), "/bhxh/en/tin-tuc/a/");
        assert_eq!(urls.item("vi", Kind::Page, "gioi-thieu", "b"), "/bhxh/b/");
        assert_eq!(urls.topic("en", "bhyt"), "/bhxh/en/chu-de/bhyt/");
        assert_eq!(urls.calendar_feed("vi"), "/bhxh/lich/chien-dich.ics");
        assert_eq!(urls.search_folder("en"), "en/tim-kiem/");
        assert_eq!(urls.absolute(&urls.not_found("en")), "https://x.vn/bhxh/en/404.html");
        for (url, path) in [
            ("/bhxh/", "index.html"),
            ("/bhxh/en/tin-tuc/a/", "en/tin-tuc/a/index.html"),
            ("/bhxh/atom.xml", "atom.xml"),
            ("/bhxh/en/404.html", "en/404.html"),
        ] {
            assert_eq!(urls.out_path(url), path);
            assert_eq!(urls.of_out_path(path), url);
        }
    }
}
