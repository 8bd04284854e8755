//! The legal documents list's pages: the table at the section's address, in every order, and
//! pre-filtered by type, issuer and year, so readers sort and filter without JavaScript.

use std::sync::Arc;

use super::page_values::{
    FilterGroup, Filters, LegalList, LegalOption, LegalView, ListPage, Page, SectionValue, SortUrls, ViewFilter,
};
use super::values::{to_value, Crumb};

use super::context::list;
use super::plan::{meta, Lang, Planner};
use super::xml::SitemapEntry;
use crate::site::legal_index::{self, Facet, Sort};
use crate::site::model::Section;
use crate::site::urls;

/// One view of the list: its address, its title and its documents newest first.
struct View {
    url: String,
    title: String,
    filter: Option<(Facet, String)>,
    members: Vec<usize>,
}

impl<'a> Planner<'a> {
    /// The legal documents table at the section's address, in every order, and pre-filtered
    /// by each type, issuer and year, each view in every order too: sorting and filtering are
    /// links, so they work without JavaScript.
    pub(super) fn legal_list(
        &mut self,
        lang: &'a Lang<'a>,
        section: &'a Section,
        section_value: SectionValue<'a>,
        members: &'a [usize],
        crumbs: Vec<Crumb>,
    ) {
        let site = self.site;
        let items = &site.items;
        let filters = legal_index::filters(items, members);
        let label = |facet: Facet| match facet {
            Facet::Type => "legal_filter_type",
            Facet::Issuer => "legal_filter_issuer",
            Facet::Year => "legal_filter_year",
        };
        let mut views = vec![View {
            url: section.url.clone(),
            title: section.title.clone(),
            filter: None,
            members: legal_index::sorted(items, members, Sort::Newest),
        }];
        for f in &filters {
            views.push(View {
                url: urls::legal_filter(&section.url, f.facet, &f.slug),
                title: format!("{}: {}", section.title, f.name),
                filter: Some((f.facet, f.name.clone())),
                members: f.members.clone(),
            });
        }
        let groups_for = |current: &str| -> Vec<FilterGroup<LegalOption>> {
            Facet::ALL
                .iter()
                .filter_map(|&facet| {
                    let options: Vec<LegalOption> = filters
                        .iter()
                        .filter(|f| f.facet == facet)
                        .map(|f| {
                            let url = urls::legal_filter(&section.url, f.facet, &f.slug);
                            LegalOption { name: f.name.clone(), count: f.members.len(), current: url == current, url }
                        })
                        .collect();
                    (!options.is_empty()).then(|| FilterGroup { label: lang.s(label(facet)), options })
                })
                .collect()
        };
        let mut view_crumbs = crumbs.clone();
        view_crumbs.push(Crumb { name: section.title.clone(), url: section.url.clone() });
        for view in views {
            let crumbs = if view.filter.is_some() { view_crumbs.clone() } else { crumbs.clone() };
            let filters = Arc::new(Filters { all_url: section.url.clone(), groups: groups_for(&view.url) });
            let filter = view.filter.as_ref().map(|(facet, name)| ViewFilter { label: lang.s(label(*facet)), name });
            for sort in Sort::ALL {
                let url = urls::legal_sorted(&view.url, sort);
                let order = legal_index::sorted(items, &view.members, sort);
                let date_sort = if sort == Sort::Newest { Sort::Oldest } else { Sort::Newest };
                let extra = LegalList {
                    section: section_value.clone(),
                    view: LegalView { title: &view.title, url: &view.url, filter: filter.clone() },
                    sort: sort_key(sort),
                    sort_label: lang.s(&format!("legal_sorted_{}", sort_key(sort))),
                    sort_urls: SortUrls {
                        number: urls::legal_sorted(&view.url, Sort::Number),
                        title: urls::legal_sorted(&view.url, Sort::Title),
                        date: urls::legal_sorted(&view.url, date_sort),
                    },
                    filters: Arc::clone(&filters),
                };
                let title = match sort {
                    Sort::Newest => view.title.clone(),
                    _ => format!("{} ({})", view.title, lang.s(&format!("legal_sorted_{}", sort_key(sort)))),
                };
                let description = if view.filter.is_none() { section.summary.as_deref() } else { None };
                self.legal_pages(lang, &url, &title, description, Arc::new(order), extra, crumbs.clone());
            }
        }
    }

    /// One page per `paginate` rows of `members`, like every list.
    #[allow(clippy::too_many_arguments)]
    fn legal_pages(
        &mut self,
        lang: &'a Lang<'a>,
        url: &str,
        title: &str,
        description: Option<&str>,
        members: Arc<Vec<usize>>,
        extra: LegalList<'_>,
        crumbs: Vec<Crumb>,
    ) {
        let per_page = self.site.config.paginate;
        let total = urls::page_count(members.len(), per_page);
        let page_url = |n: usize| urls::numbered(url, n);
        let extra = Arc::new(to_value(&extra));
        for n in 1..=total {
            let paginator = super::plan::paginator(n, total, &page_url);
            let page_title = if n == 1 { title.to_string() } else { format!("{title} – {} {n}", lang.s("page")) };
            let page_meta = meta(self.site, lang, &page_title, description, &page_url(n));
            let (members, extra, crumbs) = (Arc::clone(&members), Arc::clone(&extra), crumbs.clone());
            let make = move || {
                let start = ((n - 1) * per_page).min(members.len());
                let chunk = &members[start..(start + per_page).min(members.len())];
                let items = list(lang.summaries, chunk);
                ListPage { items, paginator: &paginator, breadcrumbs: &crumbs, extra: extra.as_ref() }.into_value()
            };
            if n == 1 {
                self.sitemap.push(SitemapEntry { url: url.to_string(), lastmod: None });
            }
            self.push(lang, &page_url(n), "legal_list.html", page_meta, Box::new(make));
        }
    }
}

fn sort_key(sort: Sort) -> &'static str {
    match sort {
        Sort::Newest => "newest",
        Sort::Oldest => "oldest",
        Sort::Number => "number",
        Sort::Title => "title",
    }
}
