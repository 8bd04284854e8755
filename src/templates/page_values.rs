//! The page templates' own values (THEME.md, "The templates"), beside the `site`, `t` and
//! `meta` every page gets. Summaries are shared by every list that shows them: they come
//! already serialised ([`crate::templates::render::Prepared::summaries`]) and are cloned into
//! the page's context by [`Page::into_value`], not serialised again (which costs twice the
//! instructions of cloning).

use std::sync::Arc;

use serde::{Serialize, Serializer};
use serde_json::Value;

use super::values::{to_value, Crumb, FeedValue, Full, Paginator, Timing, TopicRef};

/// THEME.md, "home.html".
#[derive(Serialize)]
pub struct HomePage<'a, 'b> {
    pub home: HomeText<'a>,
    pub news_url: Option<&'a str>,
    pub active: &'b [Full<'a>],
    pub upcoming: Vec<Full<'a>>,
    pub audiences: &'b [Full<'a>],
    #[serde(skip)]
    pub latest: Summaries,
    #[serde(skip)]
    pub infographics: Summaries,
    #[serde(skip)]
    pub faq: Summaries,
}

impl Page for HomePage<'_, '_> {
    fn take_summaries(&mut self) -> Vec<(&'static str, Summaries)> {
        let take = std::mem::take;
        vec![
            ("latest", take(&mut self.latest)),
            ("infographics", take(&mut self.infographics)),
            ("faq", take(&mut self.faq)),
        ]
    }
}

/// `home`: the home page's own Markdown (`content` empty without one).
#[derive(Serialize)]
pub struct HomeText<'a> {
    pub title: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub content: &'a str,
}

/// THEME.md, "list.html": `section`, from the folder's `_index.md`; a filtered gallery's is
/// `{ title, url }` only.
#[derive(Serialize, Clone)]
#[serde(untagged)]
pub enum SectionValue<'a> {
    Folder { title: &'a str, summary: Option<&'a str>, content: &'a str, url: &'a str },
    Filtered { title: String, url: String },
}

/// Every paginated list (THEME.md, "The paginator"): the page's summaries, its pager and
/// breadcrumbs, and what its template adds (`extra`, the same for every page of the list).
#[derive(Serialize)]
pub struct ListPage<'b, E> {
    #[serde(skip)]
    pub items: Summaries,
    pub paginator: &'b Paginator,
    pub breadcrumbs: &'b [Crumb],
    #[serde(flatten)]
    pub extra: &'b E,
}

/// What list.html and faq_list.html add: `section`.
#[derive(Serialize)]
pub struct SectionList<'a> {
    pub section: SectionValue<'a>,
}

/// THEME.md, "gallery.html": `section`, `filters` and, on a filtered page, `filter`.
#[derive(Serialize)]
pub struct Gallery<'a> {
    pub section: SectionValue<'a>,
    #[serde(serialize_with = "shared")]
    pub filters: Arc<Filters<GalleryOption<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<GalleryFilter<'a>>,
}

/// `filters` of gallery.html and legal_list.html: a link to the whole list and the groups.
#[derive(Serialize)]
pub struct Filters<O> {
    pub all_url: String,
    pub groups: Vec<FilterGroup<O>>,
}

/// One group of `filters.groups`.
#[derive(Serialize)]
pub struct FilterGroup<O> {
    pub label: String,
    pub options: Vec<O>,
}

/// A gallery's filter option (`lang` set when the name is the main language's).
#[derive(Serialize)]
pub struct GalleryOption<'a> {
    pub name: &'a str,
    pub lang: Option<&'a str>,
    pub url: String,
    pub count: usize,
}

/// gallery.html's `filter`: the filter of this page.
#[derive(Serialize)]
pub struct GalleryFilter<'a> {
    pub name: &'a str,
    pub lang: Option<&'a str>,
    pub url: String,
}

/// THEME.md, "article.html" (and page, infographic, video, photo_story, legal).
#[derive(Serialize)]
pub struct ItemPage<'a, 'b> {
    pub page: Full<'a>,
    pub breadcrumbs: &'b [Crumb],
    pub translations: Vec<Translation<'a>>,
    #[serde(skip)]
    pub related: Summaries,
}

impl Page for ItemPage<'_, '_> {
    fn take_summaries(&mut self) -> Vec<(&'static str, Summaries)> {
        vec![("related", std::mem::take(&mut self.related))]
    }
}

/// One of `translations`: the item in another language.
#[derive(Serialize)]
pub struct Translation<'a> {
    pub lang: &'a str,
    pub url: &'a str,
    pub title: &'a str,
}

/// THEME.md, "audience.html" and "campaign.html": what their lists add.
#[derive(Serialize)]
pub struct ItemList<'a> {
    pub page: Full<'a>,
    pub translations: Vec<Translation<'a>>,
    pub feed: FeedValue,
    /// audience.html only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign_messages: Option<Vec<CampaignMessage<'a>>>,
    /// campaign.html only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<Target<'a>>>,
}

/// One of an audience's `campaign_messages`.
#[derive(Serialize)]
pub struct CampaignMessage<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub messages: &'a [String],
    pub timing: Option<Timing>,
}

/// One of a campaign's `targets`.
#[derive(Serialize)]
pub struct Target<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub lang: Option<&'a str>,
}

/// THEME.md, "audiences.html".
#[derive(Serialize)]
pub struct AudiencesPage<'a, 'b> {
    pub section: SectionValue<'a>,
    pub audiences: &'b [Full<'a>],
    pub breadcrumbs: &'b [Crumb],
}

/// THEME.md, "campaigns.html".
#[derive(Serialize)]
pub struct CampaignsPage<'a, 'b> {
    pub section: SectionValue<'a>,
    pub campaigns: Vec<Full<'a>>,
    pub active: &'b [Full<'a>],
    pub breadcrumbs: &'b [Crumb],
}

/// THEME.md, "calendar.html".
#[derive(Serialize)]
pub struct CalendarPage<'b> {
    pub year: i16,
    pub months: Vec<Month<'b>>,
    pub ics_url: String,
    pub breadcrumbs: &'b [Crumb],
}

/// One of the calendar's `months`.
#[derive(Serialize)]
pub struct Month<'a> {
    pub number: i8,
    pub year: i16,
    pub name: String,
    pub current: bool,
    pub campaigns: Vec<CalendarRun<'a>>,
}

/// A campaign's run in a calendar month.
#[derive(Serialize)]
pub struct CalendarRun<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub first: String,
    pub last: String,
    pub first_iso: String,
    pub last_iso: String,
    pub one_day: bool,
    pub active: bool,
}

/// THEME.md, "topics.html".
#[derive(Serialize)]
pub struct TopicsPage<'a, 'b> {
    pub topics: Vec<TopicRef<'a>>,
    pub breadcrumbs: &'b [Crumb],
}

/// What topic.html's list adds.
#[derive(Serialize)]
pub struct TopicList<'a> {
    pub topic: TopicRef<'a>,
    pub feed: FeedValue,
}

/// THEME.md, "search.html".
#[derive(Serialize)]
pub struct SearchPage<'a, 'b> {
    pub index_url: String,
    pub audiences: Vec<Link<'a>>,
    pub topics: Vec<Link<'a>>,
    pub breadcrumbs: &'b [Crumb],
}

/// A `{ name, url }` link.
#[derive(Serialize)]
pub struct Link<'a> {
    pub name: &'a str,
    pub url: std::borrow::Cow<'a, str>,
}

/// THEME.md, "contact.html", "404.html": pages with breadcrumbs only, or nothing of their own.
#[derive(Serialize)]
pub struct CrumbsOnly<'b> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breadcrumbs: Option<&'b [Crumb]>,
}

/// THEME.md, "alias.html": a redirect page.
#[derive(Serialize)]
pub struct AliasPage<'a, 'b> {
    pub target: String,
    pub title: &'a str,
    pub site: &'b Value,
    pub t: &'b Value,
}

/// THEME.md, "legal_list.html": what every page of one view of the table, in one order, adds.
#[derive(Serialize)]
pub struct LegalList<'a> {
    pub section: SectionValue<'a>,
    pub view: LegalView<'a>,
    pub sort: &'static str,
    pub sort_label: String,
    pub sort_urls: SortUrls,
    #[serde(serialize_with = "shared")]
    pub filters: Arc<Filters<LegalOption>>,
}

/// legal_list.html's `view`: the filtered (or whole) table.
#[derive(Serialize)]
pub struct LegalView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub filter: Option<ViewFilter<'a>>,
}

/// `view.filter`: the filter's group and value.
#[derive(Serialize, Clone)]
pub struct ViewFilter<'a> {
    pub label: String,
    pub name: &'a str,
}

/// `sort_urls`: the column headings' links (`date` toggles newest and oldest first).
#[derive(Serialize)]
pub struct SortUrls {
    pub number: String,
    pub title: String,
    pub date: String,
}

/// A legal table's filter option.
#[derive(Serialize)]
pub struct LegalOption {
    pub name: String,
    pub count: usize,
    pub current: bool,
    pub url: String,
}

/// Item summaries (THEME.md, "Summary"), cloned from those serialised once per build.
pub type Summaries = Vec<Value>;

/// A page's own values with lists of summaries: they are left out of its serialisation
/// (`#[serde(skip)]`) and moved into the context after, under their keys.
pub trait Page: Serialize + Sized {
    /// The lists of summaries, by key, taken out of the page.
    fn take_summaries(&mut self) -> Vec<(&'static str, Summaries)>;

    /// The page's context: its values serialised, its summaries moved in.
    fn into_value(mut self) -> Value {
        let lists = self.take_summaries();
        let mut value = to_value(&self);
        if let Value::Object(map) = &mut value {
            map.extend(lists.into_iter().map(|(key, list)| (key.to_string(), Value::Array(list))));
        }
        value
    }
}

impl<E: Serialize> Page for ListPage<'_, E> {
    fn take_summaries(&mut self) -> Vec<(&'static str, Summaries)> {
        vec![("items", std::mem::take(&mut self.items))]
    }
}

/// A value the pages of a list share, serialised as itself.
fn shared<T: Serialize, S: Serializer>(value: &Arc<T>, serializer: S) -> Result<S::Ok, S::Error> {
    value.as_ref().serialize(serializer)
}
