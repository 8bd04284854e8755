//! The agency's identity of `[agency]` in site.toml: its own logo (SVG or PNG) and brand colour
//! in the header, the icons, the web app manifest, the stylesheet and the sharing card; and the
//! mistakes a communications officer can make with them.

use crate::helpers::SiteTest;

/// A `w`×`h` PNG of one colour.
fn png(w: u32, h: u32, rgb: [u8; 3]) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(w, h, image::Rgba([rgb[0], rgb[1], rgb[2], 255]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

fn with_identity(test: &mut SiteTest, lines: &str) {
    let lines = lines.to_string();
    test.edit("content/site.toml", move |s| s + "\n[agency]\nname = \"Bảo hiểm xã hội tỉnh Thử Nghiệm\"\n" + &lines);
}

#[test]
fn a_png_logo_and_a_brand_colour_dress_every_page_and_icon() {
    let mut test = SiteTest::from_fixture("build/minimal");
    test.write("content/nhan-dien/logo.png", png(120, 80, [0x7a, 0x1f, 0x1f]));
    with_identity(&mut test, "logo = \"nhan-dien/logo.png\"\nbrand_colour = \"#7A1F1F\"\n");
    test.build().assert_ok();

    let home = test.file("index.html");
    assert!(home.contains("<img class=\"brand-mark\" src=\"/logo.png\""), "{home}");
    assert!(home.contains("<meta name=\"theme-color\" content=\"#7a1f1f\">"));
    assert!(home.contains("<link rel=\"manifest\" href=\"/site.webmanifest\">"));
    assert!(!home.contains("logo.svg"), "no SVG icon is named for a PNG logo");
    assert_eq!(test.bytes("logo.png"), png(120, 80, [0x7a, 0x1f, 0x1f]));
    test.assert_no_file("logo.svg");

    // The stylesheet the pages name carries the colour and its darker shades.
    let css = test.file("style.css");
    assert!(css.contains("--brand: #7a1f1f;") || css.contains("--brand:#7a1f1f;"), "{}", &css[..300.min(css.len())]);
    assert!(!css.contains("#0a4d8c"), "the theme's blue is gone");

    // The manifest and the icons a phone asks for.
    let manifest: serde_json::Value = serde_json::from_str(&test.file("site.webmanifest")).unwrap();
    assert_eq!(manifest["theme_color"], "#7a1f1f");
    for (file, side) in [("icon-192.png", 192), ("icon-512.png", 512), ("apple-touch-icon.png", 180)] {
        let icon = image::load_from_memory(&test.bytes(file)).unwrap();
        assert_eq!((icon.width(), icon.height()), (side, side), "{file}");
        assert_eq!(icon.to_rgba8().get_pixel(side / 2, side / 2).0, [0x7a, 0x1f, 0x1f, 255], "{file}: the logo");
    }
    let card = image::load_from_memory(&test.bytes("og-card.png")).unwrap().to_rgba8();
    assert_eq!(card.get_pixel(600, 620).0, [0x7a, 0x1f, 0x1f, 255], "the card's band in the brand colour");
    assert!(test.bytes("favicon.ico").starts_with(&[0, 0, 1, 0, 3, 0]));
}

#[test]
fn a_pale_colour_and_a_logo_that_is_not_there_are_errors_at_their_lines() {
    let mut test = SiteTest::from_fixture("build/minimal");
    with_identity(&mut test, "brand_colour = \"#ffd60a\"\n");
    let line = std::fs::read_to_string(test.root().join("content/site.toml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("brand_colour"))
        .unwrap()
        + 1;
    test.check()
        .assert_exit(1)
        .stderr_contains(&format!("content/site.toml:{line}:1:"))
        .stderr_contains("`brand_colour` `#ffd60a` quá nhạt")
        .stderr_contains("chọn màu đậm hơn");

    let mut test = SiteTest::from_fixture("build/minimal");
    with_identity(&mut test, "logo = \"nhan-dien/logo.svg\"\n");
    let line = std::fs::read_to_string(test.root().join("content/site.toml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("logo"))
        .unwrap()
        + 1;
    test.check()
        .assert_exit(1)
        .stderr_contains(&format!("content/site.toml:{line}:1: lỗi: không dùng được logo content/nhan-dien/logo.svg"));
    test.build().assert_exit(1);
    test.assert_no_file("index.html");

    // A PNG cut off in the middle of an upload.
    let mut cut = png(64, 64, [0, 0, 0]);
    cut.truncate(cut.len() - 20);
    test.write("content/nhan-dien/logo.png", cut);
    test.edit("content/site.toml", |s| s.replace("nhan-dien/logo.svg", "nhan-dien/logo.png"));
    test.build().assert_exit(1).stderr_contains("không dùng được logo content/nhan-dien/logo.png");

    test.edit("content/site.toml", |s| s.replace("nhan-dien/logo.png", "logo.gif"));
    test.check().assert_exit(1).stderr_contains("`logo` `logo.gif` phải là một tệp .svg hoặc .png trong content/");
}

/// A contact page made from `[agency]` and the hotline, linked from every footer; the site's own
/// page at that address keeps its text and shows the same details above it.
#[test]
fn the_contact_page_is_made_from_the_agency() {
    let mut test = SiteTest::from_fixture("build/minimal");
    // Nothing to say how to reach the office: no page.
    test.build().assert_ok().assert_no_file("lien-he/index.html").assert_file_lacks("index.html", "/lien-he/");

    with_identity(
        &mut test,
        "address = \"Số 1 đường Trần Phú\"\nphone = \"0205 3870 123\"\nemail = \"bhxh@thunghiem.example.vn\"\nhours = \"Thứ Hai đến thứ Sáu\"\n",
    );
    test.build().assert_ok();
    let page = test.file("lien-he/index.html");
    for text in [
        "<h1>Liên hệ</h1>",
        "<dt>Địa chỉ</dt><dd>Số 1 đường Trần Phú (<a href=\"https://www.openstreetmap.org/search?query=",
        "<a href=\"tel:02053870123\">0205 3870 123</a>",
        "<a href=\"mailto:bhxh@thunghiem.example.vn\">",
        "<dd>Thứ Hai đến thứ Sáu</dd>",
    ] {
        assert!(page.contains(text), "the contact page lacks {text}:\n{page}");
    }
    assert!(test.file("index.html").contains("<a href=\"/lien-he/\">Liên hệ</a>"), "the footer links it");
    assert!(test.file("sitemap.xml").contains("/lien-he/</loc>"));

    // The site's own page at the same address: its text, with the details above it.
    test.write(
        "content/trang/lien-he.md",
        "+++\ntitle = \"Liên hệ với chúng tôi\"\n+++\n\nHãy mang theo thẻ căn cước khi đến làm thủ tục.\n",
    );
    test.build().assert_ok();
    let page = test.file("lien-he/index.html");
    assert!(page.contains("<h1>Liên hệ với chúng tôi</h1>"));
    assert!(page.contains("Hãy mang theo thẻ căn cước"));
    assert!(page.contains("<a href=\"mailto:bhxh@thunghiem.example.vn\">"));

    // Another address for it.
    std::fs::remove_file(test.root().join("content/trang/lien-he.md")).unwrap();
    test.edit("content/site.toml", |s| s + "\n[folders]\ncontact = \"ket-noi\"\n");
    test.build().assert_ok();
    test.assert_file_contains("ket-noi/index.html", "<h1>Liên hệ</h1>").assert_no_file("lien-he/index.html");
}

/// The home page and lists share a card drawn from their title; page 2 of a list shares page
/// 1's; an article without a picture keeps the portal's card.
#[test]
fn pages_without_a_picture_share_a_card_with_their_title() {
    let mut test = SiteTest::from_fixture("build/minimal");
    test.build().assert_ok();
    let home = test.file("index.html");
    assert!(
        home.contains("<meta property=\"og:image\" content=\"https://bhxh-thunghiem.example.vn/og.png\">"),
        "{home}"
    );
    let card = image::load_from_memory(&test.bytes("og.png")).unwrap().to_rgb8();
    assert_eq!(card.dimensions(), (1200, 630));
    assert_eq!(card.get_pixel(1190, 620).0, [0x0a, 0x4d, 0x8c], "the band in the theme's colour");
    let section = test.file("tin-tuc/index.html");
    assert!(section.contains("content=\"https://bhxh-thunghiem.example.vn/tin-tuc/og.png\""));
    test.assert_file("tin-tuc/og.png");
    let article = test
        .public_files()
        .into_iter()
        .find(|p| p.starts_with("tin-tuc/") && p.ends_with("/index.html") && p != "tin-tuc/index.html")
        .unwrap();
    assert!(test.file(&article).contains("/og-card.png\">"), "an article without a picture keeps the portal's card");
    // The same card again from the cache, byte for byte.
    let first = test.bytes("og.png");
    test.edit("content/site.toml", |s| s + "\n");
    test.build().assert_ok();
    assert_eq!(test.bytes("og.png"), first);

    // A picture of the editor's at a card's address is refused by check as by build.
    test.write("content/tin-tuc/og.png", png(8, 8, [0, 0, 0]));
    test.check()
        .assert_exit(1)
        .stderr_contains("content/tin-tuc/og.png:1:1: lỗi: tệp này sẽ ghi đè lên /tin-tuc/og.png");
    test.build().assert_exit(1).stderr_contains("content/tin-tuc/og.png");

    std::fs::remove_file(test.root().join("content/tin-tuc/og.png")).unwrap();

    // An office that wants a title card on every article says so.
    with_identity(&mut test, "title_cards = \"all\"\n");
    test.build().assert_ok();
    let dir = article.trim_end_matches("index.html").to_string();
    test.assert_file_contains(&article, &format!("content=\"https://bhxh-thunghiem.example.vn/{dir}og.png\""));
    test.assert_file(&format!("{dir}og.png"));
    test.edit("content/site.toml", |s| s.replace("title_cards = \"all\"", "title_cards = \"moi-trang\""));
    test.check().assert_exit(1).stderr_contains("`title_cards` `moi-trang` không phải một lựa chọn");
}
