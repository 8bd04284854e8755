//! Build basics: every kind of page of a small portal is written where its URL says, and the
//! machine-read files (sitemap, feed, robots.txt) name them with absolute URLs.

use std::collections::BTreeSet;

use crate::helpers::{html, output_path, SiteTest, BASE_URL};

fn basic() -> SiteTest {
    let mut test = SiteTest::from_fixture("build/basic");
    test.build().assert_ok();
    test
}

#[test]
fn can_build_every_page_of_a_portal() {
    let mut test = basic();
    for page in [
        "index.html",
        "tin-tuc/index.html",
        "tin-tuc/gia-han-the-bhyt-truoc-tet/index.html",
        "tin-tuc/dong-bhxh-tu-nguyen/index.html",
        "tin-tuc/bhyt-hoc-sinh-sinh-vien/index.html",
        "doi-tuong/index.html",
        "doi-tuong/nguoi-lao-dong/index.html",
        "doi-tuong/hoc-sinh-sinh-vien/index.html",
        "chien-dich/index.html",
        "chien-dich/tet-an-sinh/index.html",
        "chien-dich/thang-bhxh-toan-dan/index.html",
        "chu-de/index.html",
        "chu-de/bhyt/index.html",
        "chu-de/bhxh-tu-nguyen/index.html",
        "infographic/index.html",
        "infographic/ty-le-dong/index.html",
        "hoi-dap/index.html",
        "hoi-dap/the-bhyt-het-han/index.html",
        "gioi-thieu/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "atom.xml",
    ] {
        test.assert_file(page);
    }
    test.stdout_contains("Đã dựng");
}

#[test]
fn item_pages_show_their_title_and_body() {
    basic()
        .assert_file_contains(
            "tin-tuc/gia-han-the-bhyt-truoc-tet/index.html",
            "<h1>Gia hạn thẻ BHYT hộ gia đình trước Tết</h1>",
        )
        .assert_file_contains(
            "tin-tuc/gia-han-the-bhyt-truoc-tet/index.html",
            "Hãy gia hạn sớm để không gián đoạn quyền lợi.",
        )
        .assert_file_contains("tin-tuc/gia-han-the-bhyt-truoc-tet/index.html", "Phòng Quản lý thu");
}

#[test]
fn paginates_section_lists() {
    let mut test = basic();
    // paginate = 2 and three articles: the oldest moves to page 2, and there is no page 3.
    let first = test.file("tin-tuc/index.html");
    assert!(first.contains("Gia hạn thẻ BHYT hộ gia đình trước Tết"), "{first}");
    assert!(first.contains("Đóng BHXH tự nguyện thế nào cho đúng"), "{first}");
    assert!(!first.contains("BHYT học sinh, sinh viên năm học mới"), "{first}");
    assert!(html::attr_values(&first, "a", "href").contains(&"/tin-tuc/trang/2/".to_string()));
    test.assert_file_contains("tin-tuc/trang/2/index.html", "BHYT học sinh, sinh viên năm học mới")
        .assert_file_lacks("tin-tuc/trang/2/index.html", "Gia hạn thẻ BHYT hộ gia đình trước Tết")
        .assert_no_file("tin-tuc/trang/3/index.html");
}

#[test]
fn audience_page_lists_the_items_written_for_it() {
    let mut test = basic();
    let page = test.file("doi-tuong/nguoi-lao-dong/index.html");
    assert!(page.contains("Đóng BHXH đầy đủ, hưởng quyền lợi trọn vẹn"), "slogan missing");
    let links = html::attr_values(&page, "a", "href");
    assert!(links.contains(&"/tin-tuc/gia-han-the-bhyt-truoc-tet/".to_string()), "{links:?}");
    assert!(links.contains(&"/tin-tuc/dong-bhxh-tu-nguyen/".to_string()), "{links:?}");
    assert!(!links.contains(&"/tin-tuc/bhyt-hoc-sinh-sinh-vien/".to_string()), "{links:?}");
    test.assert_file_contains("doi-tuong/index.html", "Học sinh, sinh viên")
        .assert_file_contains("doi-tuong/index.html", "Người lao động");
}

#[test]
fn campaign_page_shows_its_window_messages_and_items() {
    let mut test = basic();
    let page = test.file("chien-dich/tet-an-sinh/index.html");
    assert!(page.contains("15/12 – 15/01"), "window missing:\n{page}");
    assert!(page.contains("Gia hạn thẻ sớm, đón Tết an tâm"), "slogan missing");
    assert!(page.contains("Kiểm tra hạn thẻ BHYT trên ứng dụng VssID trước kỳ nghỉ Tết"));
    let links = html::attr_values(&page, "a", "href");
    assert!(links.contains(&"/tin-tuc/gia-han-the-bhyt-truoc-tet/".to_string()), "{links:?}");
    assert!(!links.contains(&"/tin-tuc/dong-bhxh-tu-nguyen/".to_string()), "{links:?}");
    test.assert_file_contains("chien-dich/index.html", "Tết an sinh, thẻ BHYT trọn năm")
        .assert_file_contains("chien-dich/index.html", "Tháng vận động BHXH toàn dân");
}

#[test]
fn topic_pages_list_the_items_of_each_topic() {
    let mut test = basic();
    let index = test.file("chu-de/index.html");
    let links = html::attr_values(&index, "a", "href");
    assert!(links.contains(&"/chu-de/bhyt/".to_string()), "{links:?}");
    assert!(links.contains(&"/chu-de/bhxh-tu-nguyen/".to_string()), "{links:?}");
    assert!(index.contains("Bảo hiểm y tế"), "display name missing");
    let voluntary = html::attr_values(&test.file("chu-de/bhxh-tu-nguyen/index.html"), "a", "href");
    assert!(voluntary.contains(&"/tin-tuc/dong-bhxh-tu-nguyen/".to_string()));
    assert!(!voluntary.contains(&"/tin-tuc/bhyt-hoc-sinh-sinh-vien/".to_string()));
    // Four items carry `bhyt`; with paginate = 2 the topic list has two pages.
    test.assert_file("chu-de/bhyt/trang/2/index.html");
}

#[test]
fn infographic_has_gallery_detail_page_and_published_image() {
    let test = basic();
    let gallery = html::attr_values(&test.file("infographic/index.html"), "a", "href");
    assert!(gallery.contains(&"/infographic/ty-le-dong/".to_string()), "{gallery:?}");
    let detail = test.file("infographic/ty-le-dong/index.html");
    let image = html::tags(&detail, "img")
        .into_iter()
        .find(|img| img.get("src").map(String::as_str) == Some("/infographic/ty-le-dong.png"))
        .unwrap_or_else(|| panic!("no <img> of the infographic:\n{detail}"));
    assert_eq!(
        image.get("alt").map(String::as_str),
        Some("Biểu đồ cột tỷ lệ đóng BHXH, BHYT, BHTN của người lao động và doanh nghiệp.")
    );
    assert!(detail.contains("Người lao động đóng 10,5% tiền lương"), "transcript missing");
    let source = std::fs::read(test.root().join("content/infographic/ty-le-dong.png")).unwrap();
    assert_eq!(test.bytes("infographic/ty-le-dong.png"), source);
}

#[test]
fn faq_has_a_list_and_a_page_per_question() {
    let mut test = basic();
    let list = test.file("hoi-dap/index.html");
    assert!(list.contains("Làm sao biết thẻ BHYT còn hạn?"), "{list}");
    test.assert_file_contains("hoi-dap/the-bhyt-het-han/index.html", "mục \"Thẻ BHYT\"");
}

#[test]
fn standalone_page_is_served_at_its_slug() {
    basic()
        .assert_file_contains("gioi-thieu/index.html", "<h1>Giới thiệu</h1>")
        .assert_no_file("trang/gioi-thieu/index.html")
        .assert_no_file("trang/index.html");
}

#[test]
fn home_page_links_latest_items_and_audiences() {
    let test = basic();
    let home = test.file("index.html");
    let links = html::attr_values(&home, "a", "href");
    for link in [
        "/tin-tuc/gia-han-the-bhyt-truoc-tet/",
        "/doi-tuong/nguoi-lao-dong/",
        "/doi-tuong/hoc-sinh-sinh-vien/",
        "/infographic/ty-le-dong/",
        "/hoi-dap/the-bhyt-het-han/",
    ] {
        assert!(links.contains(&link.to_string()), "home lacks {link}: {links:?}");
    }
    assert!(home.contains("Chào mừng bạn đến với cổng thông tin"), "home text missing");
}

#[test]
fn not_found_page_is_written() {
    basic().assert_file_contains("404.html", "Không tìm thấy trang");
}

#[test]
fn robots_txt_names_the_sitemap() {
    basic().assert_file_contains("robots.txt", &format!("Sitemap: {BASE_URL}/sitemap.xml"));
}

#[test]
fn every_internal_link_resolves() {
    basic().assert_internal_links_resolve();
}

#[test]
fn sitemap_lists_every_page_with_absolute_urls() {
    let test = basic();
    let text = test.file("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("sitemap.xml is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(root.tag_name().namespace(), Some("http://www.sitemaps.org/schemas/sitemap/0.9"));
    let locs: Vec<String> =
        root.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text().map(str::to_string)).collect();
    let unique: BTreeSet<&String> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len(), "duplicate URLs in the sitemap: {locs:?}");
    for loc in &locs {
        assert!(loc.starts_with(&format!("{BASE_URL}/")), "{loc} is not absolute");
        let file = output_path(loc).unwrap();
        assert!(test.public().join(&file).is_file(), "the sitemap names {loc}, but {file} was not written");
    }
    // Every page but the 404 page and the later pages of paginated lists.
    let expected: BTreeSet<String> = test
        .public_files()
        .into_iter()
        .filter(|f| f.ends_with("index.html") && !f.contains("/trang/"))
        .map(|f| format!("{BASE_URL}/{}", f.trim_end_matches("index.html")))
        .collect();
    let listed: BTreeSet<String> = locs.into_iter().collect();
    assert_eq!(listed, expected);
}

#[test]
fn atom_feed_lists_latest_items_newest_first_with_absolute_links() {
    let test = basic();
    let text = test.file("atom.xml");
    let doc = roxmltree::Document::parse(&text).expect("atom.xml is XML");
    let feed = doc.root_element();
    let atom = "http://www.w3.org/2005/Atom";
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(atom));
    let entries: Vec<_> = feed.children().filter(|n| n.has_tag_name((atom, "entry"))).collect();
    let child_text = |node: roxmltree::Node, name: &str| -> String {
        node.children().find(|c| c.has_tag_name((atom, name))).and_then(|c| c.text()).unwrap_or_default().to_string()
    };
    let titles: Vec<String> = entries.iter().map(|e| child_text(*e, "title")).collect();
    assert_eq!(
        titles,
        [
            "Gia hạn thẻ BHYT hộ gia đình trước Tết",
            "Tỷ lệ đóng bảo hiểm bắt buộc",
            "Đóng BHXH tự nguyện thế nào cho đúng",
            "Làm sao biết thẻ BHYT còn hạn?",
            "BHYT học sinh, sinh viên năm học mới",
        ]
    );
    for entry in &entries {
        let link = entry
            .children()
            .find(|c| c.has_tag_name((atom, "link")))
            .and_then(|l| l.attribute("href"))
            .expect("entry has a link");
        assert!(link.starts_with(&format!("{BASE_URL}/")), "{link} is not absolute");
        assert_eq!(child_text(*entry, "id"), link);
        let file = output_path(link).unwrap();
        assert!(test.public().join(&file).is_file(), "feed links {link}, which was not written");
        assert!(!child_text(*entry, "updated").is_empty());
    }
    let self_link = feed
        .children()
        .filter(|c| c.has_tag_name((atom, "link")))
        .find(|l| l.attribute("rel") == Some("self"))
        .and_then(|l| l.attribute("href"));
    assert_eq!(self_link, Some(format!("{BASE_URL}/atom.xml").as_str()));
    assert_eq!(child_text(feed, "updated"), "2026-11-01T08:00:00+07:00");
}

/// Reads a feed of the output with feed-rs, as a reader's feed app would.
fn read_feed(test: &SiteTest, path: &str) -> feed_rs::model::Feed {
    let text = test.file(path);
    feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{path} is not a feed a reader accepts: {e}"))
}

#[test]
fn every_audience_campaign_and_topic_has_its_own_feed() {
    let test = basic();
    // (page, the entries its feed must carry, newest first)
    let cases: [(&str, &[&str]); 5] = [
        ("doi-tuong/nguoi-lao-dong/", &["gia-han-the-bhyt-truoc-tet", "dong-bhxh-tu-nguyen"]),
        ("doi-tuong/hoc-sinh-sinh-vien/", &["bhyt-hoc-sinh-sinh-vien"]),
        ("chien-dich/tet-an-sinh/", &["gia-han-the-bhyt-truoc-tet"]),
        ("chien-dich/thang-bhxh-toan-dan/", &["dong-bhxh-tu-nguyen"]),
        ("chu-de/bhxh-tu-nguyen/", &["dong-bhxh-tu-nguyen"]),
    ];
    for (page, expected) in cases {
        let feed_path = format!("{page}atom.xml");
        let feed = read_feed(&test, &feed_path);
        let feed_url = format!("{BASE_URL}/{feed_path}");
        assert_eq!(feed.id, feed_url, "{feed_path}: the id is the feed's own absolute URL");
        assert!(feed.updated.is_some(), "{feed_path} has no updated");
        assert!(feed.authors.iter().any(|a| !a.name.is_empty()), "{feed_path} has no author");
        let title = feed.title.as_ref().map(|t| t.content.clone()).unwrap_or_default();
        assert!(title.contains(" – "), "{feed_path}: the title names the site and the part: {title}");
        let links: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.links.first().map(|l| l.href.clone()).expect("an entry has a link"))
            .collect();
        let wanted: Vec<String> = expected.iter().map(|slug| format!("{BASE_URL}/tin-tuc/{slug}/")).collect();
        assert_eq!(links, wanted, "{feed_path} carries the items of its page only, newest first");
        for entry in &feed.entries {
            assert!(entry.summary.is_some(), "{feed_path}: an entry has no summary");
            assert!(entry.updated.is_some(), "{feed_path}: an entry has no updated");
        }
        // The page names its feed in its head, for feed readers, and links it for people.
        let page_html = test.file(&format!("{page}index.html"));
        let href = format!("/{feed_path}");
        let in_head = html::tags(&page_html, "link")
            .iter()
            .any(|l| l.get("rel").map(String::as_str) == Some("alternate") && l.get("href") == Some(&href));
        assert!(in_head, "{page} does not name {feed_path} in its head");
        assert!(html::attr_values(&page_html, "a", "href").contains(&href), "{page} does not link {feed_path}");
    }
}

/// The gallery links a pre-built page for each audience, topic and campaign that has
/// infographics, so readers filter it without JavaScript; each such page shows only its own.
#[test]
fn gallery_has_a_filtered_page_per_audience_topic_and_campaign() {
    let mut test = SiteTest::from_fixture("build/basic");
    test.write(
        "content/infographic/luong-huu.md",
        "+++\ntitle = \"Điều kiện hưởng lương hưu\"\nsummary = \"Tuổi nghỉ hưu và số năm đóng tối thiểu.\"\n\
         date = 2026-10-01T08:00:00+07:00\nimage = \"ty-le-dong.png\"\nalt = \"Sơ đồ điều kiện hưởng lương hưu.\"\n\
         source = \"Luật Bảo hiểm xã hội năm 2024\"\naudiences = [\"nguoi-lao-dong\"]\ntopics = [\"bhxh-tu-nguyen\"]\n\
         campaign = \"thang-bhxh-toan-dan\"\n+++\n\nĐủ tuổi nghỉ hưu và có ít nhất 15 năm đóng bảo hiểm xã hội.\n",
    );
    test.build().assert_ok();
    let gallery = test.file("infographic/index.html");
    let links = html::attr_values(&gallery, "a", "href");
    for url in [
        "/infographic/loc/chu-de/bhyt/",
        "/infographic/loc/chu-de/bhxh-tu-nguyen/",
        "/infographic/loc/doi-tuong/nguoi-lao-dong/",
        "/infographic/loc/chien-dich/thang-bhxh-toan-dan/",
    ] {
        assert!(links.iter().any(|l| l == url), "the gallery does not link {url}");
    }
    // No page, and no link, for an audience without infographics.
    assert!(!links.iter().any(|l| l.contains("hoc-sinh-sinh-vien")));
    test.assert_no_file("infographic/loc/doi-tuong/hoc-sinh-sinh-vien/index.html");

    let (old, new) = ("Tỷ lệ đóng bảo hiểm bắt buộc", "Điều kiện hưởng lương hưu");
    let cases = [
        ("infographic/loc/chu-de/bhyt/", old, new),
        ("infographic/loc/doi-tuong/nguoi-lao-dong/", new, old),
        ("infographic/loc/chien-dich/thang-bhxh-toan-dan/", new, old),
    ];
    for (page, shown, hidden) in cases {
        let text = test.file(&format!("{page}index.html"));
        assert!(text.contains(shown), "{page} does not show {shown}");
        assert!(!text.contains(&format!(">{hidden}<")), "{page} shows {hidden}");
        let current: Vec<_> = html::tags(&text, "a").into_iter().filter(|a| a.contains_key("aria-current")).collect();
        let own = format!("/{page}");
        assert!(current.iter().any(|a| a.get("href") == Some(&own)), "{page} does not mark its own filter");
    }
}

/// Every Atom feed carries the full text with absolute links and its audiences, campaigns and
/// topics; a JSON Feed beside it adds what a portal needs to republish (`_loa`); a republished
/// item's canonical link points at its source.
#[test]
fn feeds_carry_what_another_portal_needs_to_republish() {
    let mut test = SiteTest::from_fixture("build/minimal");
    test.write(
        "content/tin-tuc/dang-lai.md",
        "+++\ntitle = \"Hướng dẫn gia hạn thẻ BHYT\"\ndate = 2026-06-02T08:00:00+07:00\n\
         origin = \"republished\"\nsource_url = \"https://baohiemxahoi.gov.vn/tintuc/huong-dan.html\"\n+++\n\n\
         Xem [lịch làm việc](lich-lam-viec.md) của bộ phận một cửa.\n",
    );
    test.build().assert_ok();
    let atom = test.file("atom.xml");
    assert!(atom.contains("<content type=\"html\">"), "{atom}");
    assert!(atom.contains("href=&quot;https://bhxh-thunghiem.example.vn/tin-tuc/lich-lam-viec/&quot;"), "{atom}");
    let feed: serde_json::Value = serde_json::from_str(&test.file("feed.json")).unwrap();
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    let item = feed["items"].as_array().unwrap().iter().find(|i| i["title"] == "Hướng dẫn gia hạn thẻ BHYT").unwrap();
    assert!(item["content_html"]
        .as_str()
        .unwrap()
        .contains("https://bhxh-thunghiem.example.vn/tin-tuc/lich-lam-viec/"));
    assert_eq!(item["_loa"]["origin"], "republished");
    assert_eq!(item["_loa"]["canonical"], "https://baohiemxahoi.gov.vn/tintuc/huong-dan.html");
    assert_eq!(item["external_url"], "https://baohiemxahoi.gov.vn/tintuc/huong-dan.html");
    let page = test.file("tin-tuc/dang-lai/index.html");
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://baohiemxahoi.gov.vn/tintuc/huong-dan.html\">"),
        "{page}"
    );
    assert!(page.contains("type=\"application/feed+json\""));
}

/// `[agency]` of site.toml says who publishes the portal in every page's footer, in every
/// language; an e-mail or phone that cannot work is an error at its line.
#[test]
fn the_agency_is_named_in_every_footer_and_checked() {
    let mut test = SiteTest::from_fixture("build/minimal");
    test.edit("content/site.toml", |s| {
        s + "\n[agency]\nname = \"Bảo hiểm xã hội tỉnh Thử Nghiệm\"\ngoverning_body = \"Bảo hiểm xã hội Việt Nam\"\n\
             address = \"Số 1 đường Trần Phú\"\nphone = \"0205 3870 123\"\nemail = \"bhxh@thunghiem.example.vn\"\n\
             responsible = \"Phó Giám đốc\"\nlicence = \"Giấy phép số 1/GP-STTTT\"\n"
    });
    test.build().assert_ok();
    for page in ["index.html", "tin-tuc/lich-lam-viec/index.html"] {
        let html = test.file(page);
        let footer = html.split("<footer").nth(1).unwrap_or_default();
        for text in [
            "Cơ quan chủ quản: Bảo hiểm xã hội Việt Nam",
            "<a href=\"tel:02053870123\">0205 3870 123</a>",
            "mailto:bhxh@thunghiem.example.vn",
            "https://www.openstreetmap.org/search?query=S%E1%BB%91%201",
            "Chịu trách nhiệm nội dung: Phó Giám đốc",
            "Giấy phép số 1/GP-STTTT",
        ] {
            assert!(footer.contains(text), "{page} lacks {text}:\n{footer}");
        }
    }
    test.edit("content/site.toml", |s| {
        s.replace("bhxh@thunghiem.example.vn", "bhxh at thunghiem").replace("0205 3870 123", "gọi 0205")
    });
    test.check()
        .assert_exit(1)
        .stderr_contains("content/site.toml:")
        .stderr_contains("`email` `bhxh at thunghiem` không phải địa chỉ thư điện tử")
        .stderr_contains("`phone` `gọi 0205` không phải số điện thoại");
}
