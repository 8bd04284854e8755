//! Markdown bodies: links to source files and images resolved to published URLs, heading ids,
//! the GitHub extensions, code highlighting, and raw HTML sanitised unless the site opts out.

use crate::helpers::{html, SiteTest};

const PAGE: &str = "tin-tuc/trinh-bay/index.html";

/// The features fixture without its <script> line, which the sanitiser would drop, so the
/// default build is an error (`raw_html_the_sanitiser_would_drop_is_an_error_…`); the rest of
/// its raw HTML is sanitised.
fn features() -> SiteTest {
    let mut test = SiteTest::from_fixture("markdown/features");
    test.edit("content/tin-tuc/trinh-bay.md", |s| s.replace("<script>alert(\"TOKENSCRIPT\")</script>\n", ""));
    test
}

fn rendered(allow_raw_html: bool) -> String {
    let mut test = if allow_raw_html { SiteTest::from_fixture("markdown/features") } else { features() };
    if allow_raw_html {
        test.edit("content/site.toml", |s| s + "allow_raw_html = true\n");
    }
    test.build().assert_ok();
    let page = test.file(PAGE);
    html::element(&page, "div", "prose").unwrap_or_else(|| panic!("no body in the page:\n{page}")).to_string()
}

#[test]
fn relative_md_links_resolve_to_item_urls() {
    let body = rendered(false);
    let links = html::attr_values(&body, "a", "href");
    assert!(links.contains(&"/tin-tuc/bai-truoc/".to_string()), "{links:?}");
    assert!(links.contains(&"/tin-tuc/bai-truoc/#quyen-loi".to_string()), "{links:?}");
    assert!(!links.iter().any(|l| l.ends_with(".md") || l.contains(".md#")), "{links:?}");
}

#[test]
fn relative_image_paths_resolve_with_their_size() {
    let mut test = features();
    test.build().assert_ok();
    let page = test.file(PAGE);
    let img = html::tags(&page, "img")
        .into_iter()
        .find(|i| i.get("alt").map(String::as_str) == Some("Biểu đồ tỷ lệ đóng"))
        .unwrap_or_else(|| panic!("image missing:\n{page}"));
    assert_eq!(img.get("src").map(String::as_str), Some("/infographic/bieu-do.png"));
    assert_eq!(img.get("width").map(String::as_str), Some("24"));
    assert_eq!(img.get("height").map(String::as_str), Some("12"));
    test.assert_file("infographic/bieu-do.png");
}

#[test]
fn headings_get_ascii_slug_ids() {
    let body = rendered(false);
    assert_eq!(html::attr_values(&body, "h2", "id"), ["quyen-loi-cua-nguoi-tham-gia-bhyt"]);
    assert_eq!(html::attr_values(&body, "h3", "id"), ["dang-ky-kham-chua-benh-ban-dau"]);
    let mut test = features();
    test.build().assert_ok();
    // The fragment linked from the other article exists there.
    let target = test.file("tin-tuc/bai-truoc/index.html");
    assert!(html::attr_values(&target, "h2", "id").contains(&"quyen-loi".to_string()));
}

#[test]
fn renders_tables_footnotes_strikethrough_and_task_lists() {
    let body = rendered(false);
    let table = html::element(&body, "table", "").unwrap_or_else(|| panic!("no table:\n{body}"));
    assert!(table.contains("<th"), "{table}");
    assert!(table.contains("Người lao động") && table.contains("1,5%"), "{table}");
    assert_eq!(html::attr_values(table, "td", "class"), ["align-left", "align-right", "align-left", "align-right"]);
    assert!(body.contains("<del>Sổ BHXH giấy</del>"), "{body}");
    let footnote_refs = html::attr_values(&body, "sup", "class");
    assert!(footnote_refs.contains(&"footnote-reference".to_string()), "{body}");
    assert!(body.contains("Theo Luật Bảo hiểm y tế sửa đổi năm 2024."), "{body}");
    let boxes = html::tags(&body, "input");
    assert_eq!(boxes.len(), 2, "{body}");
    assert!(boxes.iter().all(|b| b.get("type").map(String::as_str) == Some("checkbox")));
    assert!(boxes[0].contains_key("checked") && !boxes[1].contains_key("checked"), "{boxes:?}");
}

#[test]
fn fenced_rust_block_is_highlighted_with_classes() {
    let body = rendered(false);
    let pre = html::element(&body, "pre", "").unwrap_or_else(|| panic!("no code block:\n{body}"));
    let classes = html::attr_values(pre, "span", "class");
    assert!(classes.iter().any(|c| c.starts_with("hl-")), "{pre}");
    assert!(classes.iter().any(|c| c.contains("hl-rust")), "{pre}");
    assert!(!pre.contains("style="), "highlighting must use classes, not inline styles");
}

#[test]
fn raw_script_event_handler_and_javascript_url_are_removed_by_default() {
    let body = rendered(false);
    assert!(!body.contains("<script"), "{body}");
    assert!(!body.contains("TOKENSCRIPT"), "{body}");
    assert!(!body.contains("onerror"), "{body}");
    assert!(!body.contains("TOKENONERROR"), "{body}");
    assert!(!body.contains("javascript:"), "{body}");
    // The text of the links stays readable.
    assert!(body.contains("Liên kết thô") && body.contains("Liên kết nguy hiểm"), "{body}");
}

#[test]
fn raw_html_the_sanitiser_would_drop_is_an_error_naming_the_tag_and_line() {
    let mut test = SiteTest::from_fixture("markdown/features");
    test.with_previous_build();
    let before = test.snapshot_public();
    test.build()
        .assert_exit(1)
        .stderr_contains("content/tin-tuc/trinh-bay.md:34:1: lỗi: thẻ <script> sẽ bị gỡ khỏi trang")
        .stderr_contains("gợi ý: trang không chạy mã");
    assert_eq!(before, test.snapshot_public(), "the previous output stays");
    test.edit("content/tin-tuc/trinh-bay.md", |s| {
        s.replace(
            "<script>alert(\"TOKENSCRIPT\")</script>",
            "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>",
        )
    });
    test.check().assert_exit(1).stderr_contains("thẻ <iframe>").stderr_contains("[Xem video trên YouTube]");
}

#[test]
fn raw_html_is_kept_when_the_site_allows_it() {
    let body = rendered(true);
    assert!(body.contains("<script>alert(\"TOKENSCRIPT\")</script>"), "{body}");
    let img = html::tags(&body, "img")
        .into_iter()
        .find(|i| i.get("alt").map(String::as_str) == Some("Ảnh lỗi"))
        .unwrap_or_else(|| panic!("raw image missing:\n{body}"));
    assert_eq!(img.get("onerror").map(String::as_str), Some("alert('TOKENONERROR')"));
    let hrefs = html::attr_values(&body, "a", "href");
    assert!(hrefs.contains(&"javascript:alert('TOKENRAWJS')".to_string()), "{hrefs:?}");
}

/// Photos named the way phones and Windows name them work when written the ways Markdown
/// previews accept (angle brackets, percent-encoding); written plainly they are an error with
/// the exact fix, as is a shortcode loa does not have, rather than text on the public page.
#[test]
fn photo_names_with_spaces_and_foreign_shortcodes() {
    let mut test = features();
    let png = std::fs::read(test.root().join("content/infographic/bieu-do.png")).unwrap();
    test.write("content/tin-tuc/ảnh hội nghị.png", &png);
    test.write(
        "content/tin-tuc/hoi-nghi.md",
        "+++\ntitle = \"Hội nghị\"\nsummary = \"Ảnh hội nghị.\"\n+++\n\n\
         ![Toàn cảnh hội nghị](<ảnh hội nghị.png>)\n\n\
         ![Đại biểu phát biểu](%E1%BA%A3nh%20h%E1%BB%99i%20ngh%E1%BB%8B.png)\n",
    );
    test.build().assert_ok();
    let page = test.file("tin-tuc/hoi-nghi/index.html");
    assert_eq!(
        html::tags(&page, "img")
            .iter()
            .filter(|i| i.get("alt").is_some_and(|a| a.contains("hội nghị") || a.contains("Đại biểu")))
            .count(),
        2,
        "{page}"
    );
    assert!(!page.contains("]("), "no Markdown left as text:\n{page}");

    test.edit("content/tin-tuc/hoi-nghi.md", |s| {
        s.replace("(<ảnh hội nghị.png>)", "(ảnh hội nghị.png)") + "\n{{ youtube(id=\"dQw4w9WgXcQ\") }}\n"
    });
    test.check()
        .assert_exit(1)
        .stderr_contains("content/tin-tuc/hoi-nghi.md:6:1: lỗi: ảnh `ảnh hội nghị.png` có dấu cách")
        .stderr_contains("![Toàn cảnh hội nghị](<ảnh hội nghị.png>)")
        .stderr_contains("content/tin-tuc/hoi-nghi.md:10:1: lỗi: không có shortcode `youtube`");
}
