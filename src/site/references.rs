//! Checks across items: every URL taken once, and every audience, campaign and topic an item
//! names exists (a file with errors of its own still counts as existing).

use std::collections::{BTreeSet, HashMap};

use super::model::{Details, Item};
use crate::content::model::Role;
use crate::content::{Broken, Config, Kind, Source};
use crate::diag::{did_you_mean, suggestion, Diagnostic, Diagnostics};
use crate::messages::Msg;
use crate::msg;
use crate::text::slugify;

pub(super) fn check_unique_urls(items: &[Item], diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, &Item> = HashMap::new();
    for item in items {
        if let Some(first) = seen.get(item.url.as_str()) {
            let (url, other, slug) = (&item.url, first.shown.display(), &item.slug);
            diags.push(
                Diagnostic::error(
                    &item.shown,
                    1,
                    1,
                    msg!(
                        "hai mục có cùng địa chỉ {url}: tệp này và {other}:1",
                        "two items have the same URL {url}: this file and {other}:1"
                    ),
                )
                .with_hint(msg!(
                    "{other} có cùng slug `{slug}`; hãy đổi tên một tệp hoặc đặt `slug` khác",
                    "{other} has the same slug `{slug}`; rename one file or set a different `slug`"
                )),
            );
        } else {
            seen.insert(&item.url, item);
        }
    }
}

pub(super) fn check_references(
    items: &mut [Item],
    sources: &[Source],
    config: &Config,
    broken: &[Broken],
    diags: &mut Diagnostics,
) {
    let main = &config.language;
    // Every file of the kind counts, also one whose own errors kept it out: a typo in a
    // campaign's dates must not turn every article of that campaign into a second error.
    let slugs_of = |kind: Kind| -> BTreeSet<String> {
        let loaded = sources
            .iter()
            .filter(|s| s.role == Role::Item(kind) && &s.lang == main)
            .map(|s| s.front.slug.clone().unwrap_or_else(|| s.file_slug.clone()));
        let broken = broken.iter().filter(|b| b.role == Role::Item(kind)).map(|b| b.file_slug.clone());
        items
            .iter()
            .filter(|i| i.kind == kind && &i.lang == main)
            .map(|i| i.slug.clone())
            .chain(loaded)
            .chain(broken)
            .collect()
    };
    let audiences = slugs_of(Kind::Audience);
    let campaigns = slugs_of(Kind::Campaign);
    let by_rel: HashMap<&str, &Source> = sources.iter().map(|s| (s.rel.as_str(), s)).collect();
    for item in items.iter() {
        let Some(src) = by_rel.get(item.rel.as_str()) else {
            continue;
        };
        let folders = &config.folders;
        let check = |diags: &mut Diagnostics,
                     key: &str,
                     what: &Msg,
                     folder: &str,
                     wanted: &[String],
                     known: &BTreeSet<String>| {
            check_slugs(diags, item, src, Slugs { key, what, folder }, wanted, known)
        };
        let audience = Msg::new("đối tượng", "audience");
        let campaign = Msg::new("chiến dịch", "campaign");
        check(diags, "audiences", &audience, &folders.audiences, &item.audiences, &audiences);
        let campaign_key = if src.front.campaign.is_some() { "campaign" } else { "campaigns" };
        check(diags, campaign_key, &campaign, &folders.campaigns, &item.campaigns, &campaigns);
        if let Some(declared) = &config.topics {
            let known: BTreeSet<String> = declared.keys().cloned().collect();
            for slug in &item.topics {
                if !known.contains(slug) {
                    let hint =
                        did_you_mean(slug, known.iter().map(String::as_str)).map(suggestion).unwrap_or_else(|| {
                            Msg::new(
                                "khai báo chủ đề trong bảng [topics] của content/site.toml",
                                "declare it in the [topics] table of content/site.toml",
                            )
                        });
                    diags.push(
                        Diagnostic::error(
                            &item.shown,
                            src.line_of_value("topics", slug),
                            1,
                            msg!("không có chủ đề `{slug}`", "unknown topic `{slug}`"),
                        )
                        .with_hint(hint),
                    );
                }
            }
        } else {
            for slug in &item.topics {
                if slugify(slug) != *slug {
                    diags.push(
                        Diagnostic::error(
                            &item.shown,
                            src.line_of_value("topics", slug),
                            1,
                            msg!("chủ đề `{slug}` không phải slug URL", "topic `{slug}` is not a URL slug"),
                        )
                        .with_hint(msg!("hãy ghi là `{}`", "write it as `{}`", slugify(slug))),
                    );
                }
            }
        }
        if let Details::Campaign { messages, .. } = &item.details {
            let named: Vec<String> = messages.keys().cloned().collect();
            check(diags, "messages", &audience, &folders.audiences, &named, &audiences);
        }
    }
}

/// Which field a list of slugs comes from, and what they name.
struct Slugs<'a> {
    key: &'a str,
    /// "audience" / "đối tượng".
    what: &'a Msg,
    folder: &'a str,
}

fn check_slugs(
    diags: &mut Diagnostics,
    item: &Item,
    src: &Source,
    s: Slugs<'_>,
    wanted: &[String],
    known: &BTreeSet<String>,
) {
    for slug in wanted {
        if known.contains(slug) {
            continue;
        }
        let (what_vi, what_en, folder) = (&s.what.vi, &s.what.en, s.folder);
        let hint = match did_you_mean(slug, known.iter().map(String::as_str)) {
            Some(m) => suggestion(m),
            None if known.is_empty() => msg!(
                "chưa có {what_vi} nào; hãy tạo content/{folder}/{slug}.md",
                "there are no {what_en}s yet; add content/{folder}/{slug}.md"
            ),
            None => {
                let list = known.iter().cloned().collect::<Vec<_>>().join(", ");
                msg!("các {what_vi} hiện có: {list}", "known {what_en}s: {list}")
            }
        };
        let message = msg!("không có {what_vi} `{slug}`", "unknown {what_en} `{slug}`");
        diags.push(Diagnostic::error(&item.shown, src.line_of_value(s.key, slug), 1, message).with_hint(hint));
    }
}
