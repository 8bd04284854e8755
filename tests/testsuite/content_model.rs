//! The content model: front matter formats and encodings, page bundles, image sizes,
//! aliases and translations.

use crate::helpers::{html, SiteTest, BASE_URL};

fn formats() -> SiteTest {
    let mut test = SiteTest::from_fixture("content_model/formats");
    test.build().assert_ok();
    test
}

#[test]
fn reads_yaml_front_matter() {
    formats()
        .assert_file_contains("tin-tuc/front-matter-yaml/index.html", "<h1>Thủ tục hưởng trợ cấp thất nghiệp</h1>")
        .assert_file_contains("tin-tuc/front-matter-yaml/index.html", "TOKENYAML")
        .assert_file_contains("tin-tuc/front-matter-yaml/index.html", "Hồ sơ nộp tại trung tâm dịch vụ việc làm")
        .assert_file("chu-de/bhtn/index.html");
}

#[test]
fn reads_file_with_byte_order_mark_and_crlf_line_ends() {
    let mut test = formats();
    let source = std::fs::read(test.root().join("content/tin-tuc/bom-crlf.md")).unwrap();
    assert!(source.starts_with(b"\xEF\xBB\xBF+++\r\n"), "the fixture lost its BOM or CRLF");
    test.assert_file_contains("tin-tuc/bom-crlf/index.html", "<h1>Lưu ý khi gia hạn thẻ BHYT</h1>")
        .assert_file_contains("tin-tuc/bom-crlf/index.html", "TOKENBOMCRLF");
    let page = test.file("tin-tuc/bom-crlf/index.html");
    assert!(!page.contains('\u{feff}'), "the BOM leaked into the page");
    assert!(!page.contains('\r'), "a carriage return leaked into the page");
}

#[test]
fn decomposed_text_comes_out_composed() {
    let mut test = formats();
    let source = std::fs::read_to_string(test.root().join("content/tin-tuc/chuan-hoa-nfd.md")).unwrap();
    assert!(source.contains("Ba\u{309}o hie\u{302}\u{309}m"), "the fixture is not NFD");
    let page = test.file("tin-tuc/chuan-hoa-nfd/index.html");
    assert!(page.contains("<h1>Bảo hiểm y tế cho người cao tuổi</h1>"), "{page}");
    assert!(page.contains("Người từ đủ 80 tuổi trở lên"), "body not in NFC");
    test.assert_nowhere("Ba\u{309}o").assert_nowhere("hie\u{302}\u{309}m");
}

#[test]
fn page_bundle_renders_at_its_folder_with_its_image() {
    let mut test = SiteTest::from_fixture("content_model/bundle");
    test.build().assert_ok();
    test.assert_file_contains("tin-tuc/goi-tin/index.html", "<h1>Ảnh hoạt động Tháng vận động BHXH toàn dân</h1>")
        .assert_no_file("tin-tuc/goi-tin/index/index.html");
    let page = test.file("tin-tuc/goi-tin/index.html");
    let sources = html::attr_values(&page, "img", "src");
    assert!(sources.contains(&"/tin-tuc/goi-tin/anh.png".to_string()), "{sources:?}");
    let source = std::fs::read(test.root().join("content/tin-tuc/goi-tin/anh.png")).unwrap();
    assert_eq!(test.bytes("tin-tuc/goi-tin/anh.png"), source);
    let links = html::attr_values(&test.file("tin-tuc/bai-thuong/index.html"), "a", "href");
    assert!(links.contains(&"/tin-tuc/goi-tin/".to_string()), "{links:?}");
}

#[test]
fn infographic_image_sizes_are_read_from_png_jpeg_webp_and_svg() {
    let mut test = SiteTest::from_fixture("content_model/image_sizes");
    test.build().assert_ok();
    for (slug, file, width, height) in [
        ("anh-png", "anh-png.png", "64", "48"),
        ("anh-jpeg", "anh-jpeg.jpg", "50", "20"),
        ("anh-webp", "anh-webp.webp", "30", "40"),
        ("anh-svg", "anh-svg.svg", "120", "90"),
    ] {
        let page = test.file(&format!("infographic/{slug}/index.html"));
        let src = format!("/infographic/{file}");
        let img = html::tags(&page, "img")
            .into_iter()
            .find(|img| img.get("src") == Some(&src))
            .unwrap_or_else(|| panic!("no <img src={src}> in {slug}:\n{page}"));
        assert_eq!(img.get("width").map(String::as_str), Some(width), "{slug}: {img:?}");
        assert_eq!(img.get("height").map(String::as_str), Some(height), "{slug}: {img:?}");
        test.assert_file(&format!("infographic/{file}"));
    }
}

#[test]
fn alias_produces_redirect_page_at_the_old_path() {
    let mut test = SiteTest::from_fixture("content_model/aliases");
    test.build().assert_ok();
    let target = format!("{BASE_URL}/tin-tuc/muc-dong-bhyt-2026/");
    for old in ["tin-cu/muc-dong-bhyt/index.html", "tin-tuc/muc-dong-bhyt-2025/index.html"] {
        let page = test.file(old);
        let canonical = html::tags(&page, "link")
            .into_iter()
            .find(|l| l.get("rel").map(String::as_str) == Some("canonical"))
            .unwrap_or_else(|| panic!("{old} has no canonical link:\n{page}"));
        assert_eq!(canonical.get("href"), Some(&target), "{old}");
        let refresh = html::tags(&page, "meta")
            .into_iter()
            .find(|m| m.get("http-equiv").map(String::as_str) == Some("refresh"))
            .unwrap_or_else(|| panic!("{old} has no meta refresh:\n{page}"));
        assert_eq!(refresh.get("content"), Some(&format!("0; url={target}")), "{old}");
    }
    test.assert_file_contains("tin-tuc/muc-dong-bhyt-2026/index.html", "4,5% mức lương cơ sở");
    // The same redirects as an nginx map, with and without the final slash.
    let map = test.file("redirects.map");
    let lines: Vec<&str> = map.lines().filter(|l| !l.starts_with('#')).collect();
    let to = "\"/tin-tuc/muc-dong-bhyt-2026/\";";
    assert_eq!(
        lines,
        [
            format!("\"/tin-cu/muc-dong-bhyt/\" {to}"),
            format!("\"/tin-cu/muc-dong-bhyt\" {to}"),
            format!("\"/tin-tuc/muc-dong-bhyt-2025/\" {to}"),
            format!("\"/tin-tuc/muc-dong-bhyt-2025\" {to}"),
        ]
    );
}

#[test]
fn translation_renders_under_its_language_prefix() {
    let mut test = SiteTest::from_fixture("content_model/translation");
    test.build().assert_ok();
    test.assert_file_contains("en/tin-tuc/cai-dat-vssid/index.html", "<h1>Installing the VssID app</h1>")
        .assert_file_contains("en/tin-tuc/cai-dat-vssid/index.html", "TOKENENGLISH")
        .assert_file_contains("tin-tuc/cai-dat-vssid/index.html", "<h1>Cài đặt ứng dụng VssID</h1>")
        .assert_file_lacks("tin-tuc/cai-dat-vssid/index.html", "TOKENENGLISH")
        .assert_no_file("tin-tuc/cai-dat-vssid.en/index.html")
        .assert_file("en/index.html");
    let english = test.file("en/tin-tuc/cai-dat-vssid/index.html");
    assert_eq!(html::attr_values(&english, "html", "lang"), ["en"], "the English page must say its language");
    // Each version links to the other.
    let links = html::attr_values(&test.file("tin-tuc/cai-dat-vssid/index.html"), "a", "href");
    assert!(links.contains(&"/en/tin-tuc/cai-dat-vssid/".to_string()), "{links:?}");
    let links = html::attr_values(&english, "a", "href");
    assert!(links.contains(&"/tin-tuc/cai-dat-vssid/".to_string()), "{links:?}");
}
