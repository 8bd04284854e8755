//! Languages: Vietnamese at the root, English and a minority language (Hmong, `hmn`) under
//! their codes, each with its own pages, lists and feeds; a switcher and reciprocal hreflang
//! between the versions that exist and are live; no item of one language in another's lists.
//!
//! The fixture `languages/site` (the Hmong text is test data, marked TOKENHMONG):
//! - `tin-tuc/cai-dat-vssid` in vi, en (slug `installing-vssid`) and hmn;
//! - `tin-tuc/gia-han-the-bhyt` in vi (live) and en (TOKENENSCHEDULED, scheduled at
//!   2026-12-01T07:00:00 site time, after the Vietnamese original);
//! - `tin-tuc/chi-tieng-viet` only in vi (TOKENVIONLY);
//! - audiences `nguoi-lao-dong` (en: `employees`) and `hoc-sinh-sinh-vien` (vi only,
//!   TOKENVIAUDIENCE); campaign `thang-bhyt` (en: `health-insurance-month`, which takes its
//!   window and audiences from the original); page `gioi-thieu` (en: `about`);
//! - topics `bhyt` (named in English in site.toml) and `vssid` (not).

use std::collections::BTreeSet;

use crate::helpers::{html, SiteTest, BASE_URL};

const NOW: &str = "2026-11-22T08:00:00";

fn build_at(now: &str) -> SiteTest {
    let mut test = SiteTest::from_fixture("languages/site");
    test.now(now).build().assert_ok();
    test
}

/// The `hreflang` → `href` pairs of a page's `<link rel="alternate" hreflang>` tags.
fn hreflangs(page: &str) -> BTreeSet<(String, String)> {
    html::tags(page, "link")
        .into_iter()
        .filter(|l| l.get("rel").map(String::as_str) == Some("alternate") && l.contains_key("hreflang"))
        .map(|l| (l["hreflang"].clone(), l["href"].clone()))
        .collect()
}

fn set(pairs: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    pairs.iter().map(|(l, u)| (l.to_string(), format!("{BASE_URL}{u}"))).collect()
}

/// The links of the language switcher: (lang, href, text).
fn switcher(page: &str) -> Vec<(String, String)> {
    let Some(nav) = html::element(page, "nav", "lang-switch") else { return Vec::new() };
    html::tags(nav, "a").into_iter().map(|a| (a["lang"].clone(), a["href"].clone())).collect()
}

#[test]
fn each_language_has_its_own_pages_under_its_prefix() {
    let mut test = build_at(NOW);
    for page in [
        "index.html",
        "en/index.html",
        "hmn/index.html",
        "404.html",
        "en/404.html",
        "hmn/404.html",
        "en/tin-tuc/index.html",
        "en/tin-tuc/installing-vssid/index.html",
        "en/doi-tuong/index.html",
        "en/doi-tuong/employees/index.html",
        "en/chien-dich/health-insurance-month/index.html",
        "en/chu-de/index.html",
        "en/chu-de/bhyt/index.html",
        "en/lich/index.html",
        "en/lich/chien-dich.ics",
        "en/atom.xml",
        "en/about/index.html",
        "hmn/tin-tuc/cai-dat-vssid/index.html",
        "hmn/atom.xml",
    ] {
        test.assert_file(page);
    }
    assert_eq!(html::attr_values(&test.file("en/404.html"), "html", "lang"), ["en"]);
    assert_eq!(html::attr_values(&test.file("hmn/index.html"), "html", "lang"), ["hmn"]);
    test.assert_file_contains("en/tin-tuc/installing-vssid/index.html", "TOKENENGLISH")
        .assert_file_contains("hmn/tin-tuc/cai-dat-vssid/index.html", "TOKENHMONG")
        // The English campaign took its window and audiences from the original.
        .assert_file_contains("en/lich/chien-dich.ics", "Health Insurance Month")
        .assert_file_lacks("en/lich/chien-dich.ics", "Tháng vận động")
        .assert_internal_links_resolve();
}

#[test]
fn switcher_and_hreflang_link_every_live_version_reciprocally() {
    let test = build_at(NOW);
    let versions = [
        ("vi", "/tin-tuc/cai-dat-vssid/"),
        ("en", "/en/tin-tuc/installing-vssid/"),
        ("hmn", "/hmn/tin-tuc/cai-dat-vssid/"),
        ("x-default", "/tin-tuc/cai-dat-vssid/"),
    ];
    for (lang, url) in &versions[..3] {
        let page = test.file(&format!("{}index.html", url.trim_start_matches('/')));
        assert_eq!(hreflangs(&page), set(&versions), "{lang} version");
        let others: Vec<(String, String)> =
            versions[..3].iter().filter(|(l, _)| l != lang).map(|(l, u)| (l.to_string(), u.to_string())).collect();
        assert_eq!(switcher(&page), others, "switcher of the {lang} version");
        let locales: Vec<String> = html::tags(&page, "meta")
            .into_iter()
            .filter(|m| m.get("property").map(String::as_str) == Some("og:locale:alternate"))
            .map(|m| m["content"].clone())
            .collect();
        assert_eq!(locales.len(), 2, "{lang}: {locales:?}");
    }
    // Home and lists exist in every language, so they switch too.
    let home = test.file("en/index.html");
    assert_eq!(hreflangs(&home), set(&[("vi", "/"), ("en", "/en/"), ("hmn", "/hmn/"), ("x-default", "/")]));
    let news = test.file("en/tin-tuc/index.html");
    assert_eq!(switcher(&news), [("vi".to_string(), "/tin-tuc/".to_string()), ("hmn".into(), "/hmn/tin-tuc/".into())]);
    // An item only in Vietnamese has no switcher and no hreflang.
    let only = test.file("tin-tuc/chi-tieng-viet/index.html");
    assert!(hreflangs(&only).is_empty() && switcher(&only).is_empty());
}

#[test]
fn sitemap_lists_the_language_versions_of_each_url() {
    let test = build_at(NOW);
    let sitemap = test.file("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let entry = |loc: &str| -> String {
        let start = sitemap.find(&format!("<loc>{BASE_URL}{loc}</loc>")).unwrap_or_else(|| panic!("{loc}"));
        let end = sitemap[start..].find("</url>").unwrap() + start;
        sitemap[start..end].to_string()
    };
    for loc in ["/en/tin-tuc/installing-vssid/", "/tin-tuc/cai-dat-vssid/", "/hmn/tin-tuc/cai-dat-vssid/"] {
        let e = entry(loc);
        for (lang, href) in [
            ("vi", "/tin-tuc/cai-dat-vssid/"),
            ("en", "/en/tin-tuc/installing-vssid/"),
            ("hmn", "/hmn/tin-tuc/cai-dat-vssid/"),
            ("x-default", "/tin-tuc/cai-dat-vssid/"),
        ] {
            let link = format!("<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{BASE_URL}{href}\"/>");
            assert!(e.contains(&link), "{loc} lacks {link}:\n{e}");
        }
    }
    assert!(!entry("/tin-tuc/chi-tieng-viet/").contains("xhtml:link"));
}

#[test]
fn a_translation_scheduled_after_its_original_is_linked_only_from_its_time() {
    let mut before = build_at(NOW);
    before
        .assert_file("tin-tuc/gia-han-the-bhyt/index.html")
        .assert_no_file("en/tin-tuc/renewing-health-insurance-cards/index.html")
        .assert_nowhere("TOKENENSCHEDULED")
        .assert_nowhere("renewing-health-insurance-cards");
    let original = before.file("tin-tuc/gia-han-the-bhyt/index.html");
    assert!(hreflangs(&original).is_empty(), "hreflang to a scheduled translation");
    assert!(switcher(&original).is_empty(), "switcher to a scheduled translation");

    let mut after = build_at("2026-12-01T07:00:00");
    after.assert_file_contains("en/tin-tuc/renewing-health-insurance-cards/index.html", "TOKENENSCHEDULED");
    let original = after.file("tin-tuc/gia-han-the-bhyt/index.html");
    assert_eq!(switcher(&original), [("en".to_string(), "/en/tin-tuc/renewing-health-insurance-cards/".to_string())]);
}

#[test]
fn a_translation_is_never_published_before_its_original() {
    // The English version says nothing of when it goes live; the original is scheduled.
    let mut test = SiteTest::from_fixture("languages/site");
    test.edit("content/tin-tuc/cai-dat-vssid.md", |s| s.replace("date = 2026-09-01", "date = 2026-12-24"))
        .edit("content/tin-tuc/cai-dat-vssid.en.md", |s| s.replace("date = 2026-09-01T08:00:00+07:00\n", ""))
        .now(NOW)
        .build()
        .assert_ok()
        .assert_no_file("en/tin-tuc/installing-vssid/index.html")
        .assert_nowhere("TOKENENGLISH");
}

#[test]
fn lists_feeds_and_pages_of_a_language_hold_only_its_items() {
    let mut test = build_at(NOW);
    for page in [
        "en/index.html",
        "en/tin-tuc/index.html",
        "en/atom.xml",
        "en/doi-tuong/employees/index.html",
        "en/chien-dich/health-insurance-month/index.html",
        "en/chu-de/bhyt/index.html",
        "hmn/index.html",
        "hmn/tin-tuc/index.html",
        "hmn/atom.xml",
    ] {
        test.assert_file_lacks(page, "TOKENVIONLY")
            .assert_file_lacks(page, "Cài đặt ứng dụng VssID")
            .assert_file_lacks(page, "Gia hạn thẻ BHYT");
    }
    for page in ["index.html", "tin-tuc/index.html", "atom.xml", "doi-tuong/nguoi-lao-dong/index.html"] {
        test.assert_file_lacks(page, "TOKENENGLISH").assert_file_lacks(page, "Installing the VssID app");
    }
    test.assert_file_contains("en/atom.xml", "Installing the VssID app")
        .assert_file_contains("en/atom.xml", "xml:lang=\"en\"")
        .assert_file_contains("en/doi-tuong/employees/index.html", "Installing the VssID app");
}

#[test]
fn an_untranslated_shared_element_falls_back_to_vietnamese_marked_as_such() {
    let test = build_at(NOW);
    let page = test.file("en/tin-tuc/installing-vssid/index.html");
    let links = html::tags(&page, "a");
    let link_to = |href: &str| links.iter().find(|a| a.get("href").map(String::as_str) == Some(href)).cloned();
    // The audience with no English version: its Vietnamese page, its Vietnamese name, marked.
    let audience = link_to("/doi-tuong/hoc-sinh-sinh-vien/").expect("a link to the untranslated audience");
    assert_eq!(audience.get("lang").map(String::as_str), Some("vi"), "{audience:?}");
    assert_eq!(audience.get("hreflang").map(String::as_str), Some("vi"), "{audience:?}");
    // The translated one: its English page, nothing marked.
    let employees = link_to("/en/doi-tuong/employees/").expect("a link to the English audience");
    assert!(!employees.contains_key("lang"), "{employees:?}");
    // A topic without an English name: the English topic page, the Vietnamese name marked.
    let topic = link_to("/en/chu-de/vssid/").expect("a link to the topic");
    assert_eq!(topic.get("lang").map(String::as_str), Some("vi"));
    assert!(page.contains(">Ứng dụng VssID<") && page.contains(">Health insurance<"));
    let topic_page = test.file("en/chu-de/vssid/index.html");
    assert!(topic_page.contains("<h1><span lang=\"vi\">Ứng dụng VssID</span>"), "{topic_page}");
    // The campaign's messages name the untranslated audience in Vietnamese, marked.
    let campaign = test.file("en/chien-dich/health-insurance-month/index.html");
    assert!(campaign.contains("<span lang=\"vi\">TOKENVIAUDIENCE Học sinh, sinh viên</span>"), "{campaign}");
    // A language without Q&A links the Vietnamese Q&A and says so.
    let hmong = test.file("hmn/index.html");
    let faq: Vec<_> = html::tags(&hmong, "a")
        .into_iter()
        .filter(|a| a.get("href").map(String::as_str) == Some("/hoi-dap/"))
        .collect();
    assert!(!faq.is_empty() && faq.iter().all(|a| a.get("hreflang").map(String::as_str) == Some("vi")), "{faq:?}");
    // Lists of one language never hold the other language's audience as if translated.
    let audiences = test.file("en/doi-tuong/index.html");
    assert!(!audiences.contains("TOKENVIAUDIENCE"));
}

#[test]
fn dates_follow_the_language_of_the_page() {
    let test = build_at(NOW);
    assert!(test.file("tin-tuc/cai-dat-vssid/index.html").contains("Thứ Ba, 01/09/2026"));
    assert!(test.file("en/tin-tuc/installing-vssid/index.html").contains("Tuesday, 1 September 2026"));
    // Hmong has no strings of its own: Vietnamese dates, like every other string.
    assert!(test.file("hmn/tin-tuc/cai-dat-vssid/index.html").contains("Thứ Ba, 01/09/2026"));
    let calendar = test.file("en/lich/index.html");
    assert!(calendar.contains("November") && calendar.contains("1 November"), "{calendar}");
    assert!(test.file("lich/index.html").contains("Tháng 11"));
}

#[test]
fn check_names_the_ui_strings_a_language_lacks() {
    let mut test = SiteTest::from_fixture("languages/site");
    test.check()
        .assert_ok()
        .stderr_contains("content/site.toml:25:1: cảnh báo: giao diện tiếng Hmoob (hmn) thiếu")
        .stderr_contains("skip_link")
        .stderr_contains("themes/default/i18n/hmn.toml")
        .stderr_lacks("(en) thiếu");
    // A strings file named in site.toml: its strings are used, the others still reported.
    test.write("i18n/hmn.toml", "home = \"TOKENHMONGHOME\"\nskip_link = \"TOKENHMONGSKIP\"\n")
        .edit("content/site.toml", |s| s.replace("name = \"Hmoob\"", "name = \"Hmoob\"\nstrings = \"i18n/hmn.toml\""))
        .check()
        .assert_ok()
        .stderr_contains("i18n/hmn.toml:1:1: cảnh báo: giao diện tiếng Hmoob (hmn) thiếu")
        .stderr_lacks(" home,")
        .stderr_lacks("skip_link")
        .build()
        .assert_ok()
        .assert_file_contains("hmn/index.html", "TOKENHMONGSKIP")
        .assert_file_lacks("index.html", "TOKENHMONGSKIP");
    // A strings file that is not there is an error naming it.
    test.edit("content/site.toml", |s| s.replace("i18n/hmn.toml", "i18n/khong-co.toml"))
        .build()
        .assert_exit(1)
        .stderr_contains("i18n/khong-co.toml");
}

/// Topic lists are alphabetical in the names their readers see: an English list follows the
/// English names, not the order of the Vietnamese ones.
#[test]
fn topics_are_sorted_by_their_name_in_each_language() {
    let mut test = SiteTest::from_fixture("languages/site");
    test.edit("content/site.toml", |t| {
        t.replace("bhyt = \"Health insurance\"", "bhyt = \"Health insurance\"\nvssid = \"App VssID\"")
    });
    test.now(NOW).build().assert_ok();
    let order = |page: &str, names: [&str; 2]| {
        let text = test.file(page);
        let at = names.map(|n| text.find(n).unwrap_or_else(|| panic!("{page} lacks {n}")));
        assert!(at[0] < at[1], "{page}: {} should come before {}", names[0], names[1]);
    };
    order("chu-de/index.html", ["Bảo hiểm y tế", "Ứng dụng VssID"]);
    order("en/chu-de/index.html", ["App VssID", "Health insurance"]);
}
