//! Images (issue 8): responsive WebP and width variants written as `<picture>`, the first
//! picture of a page eager and the others lazy, Open Graph cards, the infographic shortcode,
//! alt text required unless an image is marked decorative, and the image cache.
//!
//! The fixture `images/site` has the Markdown; its raster images are drawn here, so the
//! repository holds no binary test images: `anh-bia.jpg` 1000×600, `bieu-do.png` 1600×800,
//! `hoa-van.png` 200×50, and a tall SVG infographic (400×600).

use std::fs;

use image::{DynamicImage, GenericImageView, ImageFormat, Rgb, RgbImage};

use crate::helpers::{assert_same_tree, SiteTest};

fn drawn(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 120]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(image).write_to(&mut bytes, format).unwrap();
    bytes.into_inner()
}

fn site() -> SiteTest {
    let mut test = SiteTest::from_fixture("images/site");
    test.write("content/tin-tuc/anh-bia.jpg", drawn(1000, 600, ImageFormat::Jpeg))
        .write("content/tin-tuc/bieu-do.png", drawn(1600, 800, ImageFormat::Png))
        .write("content/tin-tuc/hoa-van.png", drawn(200, 50, ImageFormat::Png));
    test
}

fn size_of(bytes: &[u8]) -> (u32, u32) {
    image::load_from_memory(bytes).expect("a readable image").dimensions()
}

#[test]
fn raster_images_get_webp_and_width_variants_never_upscaled() {
    let mut test = site();
    test.build().assert_ok();
    for (path, size) in [
        ("tin-tuc/anh-bia-480.webp", (480, 288)),
        ("tin-tuc/anh-bia-960.webp", (960, 576)),
        ("tin-tuc/anh-bia-1000.webp", (1000, 600)),
        ("tin-tuc/anh-bia-480.jpg", (480, 288)),
        ("tin-tuc/anh-bia-960.jpg", (960, 576)),
        ("tin-tuc/bieu-do-1440.webp", (1440, 720)),
        ("tin-tuc/hoa-van-200.webp", (200, 50)),
    ] {
        assert_eq!(size_of(&test.bytes(path)), size, "{path}");
    }
    // Never wider than the original; the original is published as it is.
    test.assert_no_file("tin-tuc/anh-bia-1440.webp").assert_no_file("tin-tuc/hoa-van-480.webp");
    assert_eq!(test.bytes("tin-tuc/anh-bia.jpg"), drawn(1000, 600, ImageFormat::Jpeg));
    // A resized PNG chart is larger than the original: browsers without WebP get the original.
    test.assert_no_file("tin-tuc/bieu-do-960.png");
    // SVG passes through as it is (its raster thumbnails are for lists only).
    assert_eq!(
        test.bytes("infographic/ty-le-dong.svg"),
        fs::read(test.root().join("content/infographic/ty-le-dong.svg")).unwrap()
    );
}

#[test]
fn lists_show_an_svg_from_raster_thumbnails_and_its_own_page_keeps_the_svg() {
    let mut test = site();
    test.build().assert_ok();
    // The tall 400×600 drawing, drawn at the thumbnails' widths in its own proportions.
    for (path, size) in
        [("infographic/ty-le-dong-480.webp", (480, 720)), ("infographic/ty-le-dong-960.webp", (960, 1440))]
    {
        let thumbnail = image::load_from_memory(&test.bytes(path)).unwrap().to_rgb8();
        assert_eq!(thumbnail.dimensions(), size, "{path}");
        let middle = thumbnail.get_pixel(size.0 / 2, size.1 / 2).0;
        assert!(middle[2] > 140 && middle[0] < 40, "{path}: {middle:?}");
    }
    // The list's card offers them to browsers with WebP, and the SVG to the others.
    let list = test.file("infographic/index.html");
    let card = list.split("<picture>").nth(1).expect("a picture on the infographic list");
    assert!(
        card.starts_with(
            "<source type=\"image/webp\" srcset=\"/infographic/ty-le-dong-480.webp 480w, /infographic/ty-le-dong-960.webp 960w\""
        ),
        "{card}"
    );
    assert!(card.contains("src=\"/infographic/ty-le-dong.svg\""), "{card}");
    // The infographic's own page shows the drawing itself: sharp at any zoom.
    let page = test.file("infographic/ty-le-dong/index.html");
    assert!(page.contains("/infographic/ty-le-dong.svg") && !page.contains("ty-le-dong-480.webp"), "{page}");

    // A file of content/ at a thumbnail's name would be overwritten: refused by check and build.
    test.write("content/infographic/ty-le-dong-960.webp", drawn(10, 10, ImageFormat::WebP));
    test.check().assert_exit(1).stderr_contains("infographic/ty-le-dong-960.webp");
    test.build().assert_exit(1).stderr_contains("infographic/ty-le-dong-960.webp");
}

#[test]
fn pictures_have_sizes_alt_and_load_lazily_below_the_fold() {
    let mut test = site();
    test.build().assert_ok();
    let page = test.file("tin-tuc/bai-co-anh-bia/index.html");
    // The cover is the first picture the reader sees: eager, high priority.
    let cover = page.split("<figure class=\"cover\">").nth(1).expect("the cover figure");
    let cover = &cover[..cover.find("</figure>").unwrap()];
    assert!(cover.contains("type=\"image/webp\""), "{cover}");
    assert!(cover.contains("/tin-tuc/anh-bia-480.webp 480w"), "{cover}");
    assert!(cover.contains("alt=\"Cánh đồng lúa\""), "{cover}");
    assert!(cover.contains("fetchpriority=\"high\"") && !cover.contains("loading=\"lazy\""), "{cover}");
    assert!(cover.contains("width=\"1000\"") && cover.contains("height=\"600\""), "{cover}");
    // The body's images come after it: lazy, with their size.
    let body_image = page.split("alt=\"Biểu đồ số người tham gia\"").next().unwrap();
    let picture = &body_image[body_image.rfind("<picture>").unwrap()..];
    assert!(picture.contains("/tin-tuc/bieu-do-1440.webp 1440w"), "{picture}");
    let img = page[page.find("alt=\"Biểu đồ số người tham gia\"").unwrap()..].split('>').next().unwrap();
    assert!(
        img.contains("loading=\"lazy\"") && img.contains("width=\"1600\"") && img.contains("height=\"800\""),
        "{img}"
    );
    // The decorative image: empty alt, no title.
    assert!(
        page.contains(
            r#"<img src="/tin-tuc/hoa-van.png" alt="" width="200" height="50" loading="lazy" decoding="async">"#
        ),
        "{page}"
    );
    assert!(!page.contains("title=\"trang trí\""));
    // Without a cover, the body's first image is eager and the second lazy.
    let page = test.file("tin-tuc/bai-khong-bia/index.html");
    let first = page[page.find("alt=\"Biểu đồ số người tham gia\"").unwrap()..].split('>').next().unwrap();
    assert!(first.contains("fetchpriority=\"high\""), "{first}");
    let second = page[page.find("alt=\"Cánh đồng lúa\"").unwrap()..].split('>').next().unwrap();
    assert!(second.contains("loading=\"lazy\""), "{second}");
}

#[test]
fn open_graph_cards_are_1200_by_630_and_letterboxed() {
    let mut test = site();
    test.build().assert_ok();
    test.assert_file_contains(
        "tin-tuc/bai-co-anh-bia/index.html",
        r#"<meta property="og:image" content="https://bhxh-thunghiem.example.vn/tin-tuc/anh-bia-og.jpg">"#,
    )
    .assert_file_contains("tin-tuc/bai-co-anh-bia/index.html", r#"<meta property="og:image:width" content="1200">"#)
    .assert_file_contains("tin-tuc/bai-co-anh-bia/index.html", r#"<meta property="og:image:height" content="630">"#)
    // An article without a cover: the card of its first image.
    .assert_file_contains(
        "tin-tuc/bai-khong-bia/index.html",
        r#"property="og:image" content="https://bhxh-thunghiem.example.vn/tin-tuc/bieu-do-og.jpg">"#,
    )
    .assert_file_contains(
        "infographic/ty-le-dong/index.html",
        r#"property="og:image" content="https://bhxh-thunghiem.example.vn/infographic/ty-le-dong-og.jpg">"#,
    );
    // The tall SVG is rasterised and letterboxed: blue in the middle, white bands at the sides.
    let card = image::load_from_memory(&test.bytes("infographic/ty-le-dong-og.jpg")).unwrap().to_rgb8();
    assert_eq!(card.dimensions(), (1200, 630));
    let middle = card.get_pixel(600, 315).0;
    assert!(middle[2] > 140 && middle[0] < 40, "{middle:?}");
    assert!(card.get_pixel(20, 315).0.iter().all(|&c| c > 240));
    // A 1000×600 cover is 1050×630 on the card: not stretched to 1200 wide.
    let card = image::load_from_memory(&test.bytes("tin-tuc/anh-bia-og.jpg")).unwrap().to_rgb8();
    assert!(card.get_pixel(30, 315).0.iter().all(|&c| c > 240), "left band");
    assert!(card.get_pixel(600, 315).0.iter().any(|&c| c < 200), "picture in the middle");
}

#[test]
fn infographic_shortcode_embeds_a_figure_with_a_link_to_the_transcript() {
    let mut test = site();
    test.build().assert_ok();
    let page = test.file("tin-tuc/bai-co-anh-bia/index.html");
    let figure = page.split("<figure class=\"infographic-embed\">").nth(1).expect("the embedded infographic");
    let figure = &figure[..figure.find("</figure>").unwrap()];
    assert!(figure.contains("src=\"/infographic/ty-le-dong.svg\""), "{figure}");
    assert!(figure.contains("alt=\"Biểu đồ tỷ lệ đóng bảo hiểm bắt buộc\""), "{figure}");
    assert!(figure.contains("<a href=\"/infographic/ty-le-dong/\">Tỷ lệ đóng bảo hiểm bắt buộc</a>"), "{figure}");
    assert!(figure.contains("href=\"/infographic/ty-le-dong/#noi-dung-chu\">Đọc nội dung bằng chữ</a>"), "{figure}");
    assert!(!page.contains("{{"), "the shortcode itself must not show");
    test.assert_file_contains("infographic/ty-le-dong/index.html", "id=\"noi-dung-chu\"");
}

#[test]
fn rebuild_with_unchanged_images_reads_the_cache_and_does_no_image_work() {
    let mut test = site();
    test.build().assert_ok();
    let cache = test.root().join(".loa/cache/images");
    let entries: Vec<_> = fs::read_dir(&cache).unwrap().map(|e| e.unwrap().path()).collect();
    let webp = entries
        .iter()
        .find(|p| {
            p.to_string_lossy().ends_with("-w480.webp")
                && fs::read(p).unwrap() == test.bytes("tin-tuc/anh-bia-480.webp")
        })
        .expect("the 480 px WebP of the cover in the cache");
    // Mark the entry: if the next build made the variant again it would not publish the mark.
    fs::write(webp, b"from the cache").unwrap();
    // --force: a build with nothing changed would otherwise skip everything (the manifest).
    test.arg("--force").build().assert_ok();
    test.clear_args();
    assert_eq!(test.bytes("tin-tuc/anh-bia-480.webp"), b"from the cache");
    // A changed image is made again (the cache is keyed by its bytes).
    test.write("content/tin-tuc/anh-bia.jpg", drawn(1200, 720, ImageFormat::Jpeg));
    test.build().assert_ok();
    assert_eq!(size_of(&test.bytes("tin-tuc/anh-bia-480.webp")), (480, 288));
    test.assert_file("tin-tuc/anh-bia-1200.webp");
}

#[test]
fn check_makes_no_images_and_writes_no_cache() {
    let mut test = site();
    let before = test.snapshot();
    test.check().assert_ok();
    assert_same_tree(&before, &test.snapshot(), "the site root");
}

#[test]
fn errors_on_image_without_alt_naming_the_decorative_marker() {
    let mut test = site();
    test.with_previous_build();
    test.edit("content/tin-tuc/bai-khong-bia.md", |s| s.replace("![Cánh đồng lúa](anh-bia.jpg)", "![](anh-bia.jpg)"));
    let before = test.snapshot();
    test.build()
        .assert_exit(1)
        .stderr_contains("content/tin-tuc/bai-khong-bia.md:11:1: lỗi: ảnh `anh-bia.jpg` chưa có văn bản thay thế (alt)")
        .stderr_contains("![](anh-bia.jpg \"trang trí\")");
    assert_same_tree(&before, &test.snapshot(), "the site root (with public/)");
}

#[test]
fn errors_on_cover_without_cover_alt_but_accepts_an_empty_one() {
    let mut test = site();
    test.edit("content/tin-tuc/bai-co-anh-bia.md", |s| s.replace("cover_alt = \"Cánh đồng lúa\"\n", ""));
    test.build()
        .assert_exit(1)
        .stderr_contains("content/tin-tuc/bai-co-anh-bia.md:5:")
        .stderr_contains("cover_alt = \"\"");
    test.edit("content/tin-tuc/bai-co-anh-bia.md", |s| s.replace("cover = ", "cover_alt = \"\"\ncover = "));
    test.build().assert_ok();
    let page = test.file("tin-tuc/bai-co-anh-bia/index.html");
    let cover = page.split("<figure class=\"cover\">").nth(1).unwrap();
    let cover = &cover[..cover.find("</figure>").unwrap()];
    assert!(cover.contains(r#" alt="" width="1000" height="600" fetchpriority="high""#), "{cover}");
}

#[test]
fn errors_on_infographic_without_transcript_and_on_a_bad_shortcode() {
    let mut test = site();
    test.with_previous_build();
    test.edit("content/infographic/ty-le-dong.md", |s| s[..s.rfind("+++").unwrap() + 4].to_string());
    test.edit("content/tin-tuc/bai-khong-bia.md", |s| s + "\n{{ infographic(path=\"khong-co.md\") }}\n");
    let before = test.snapshot();
    test.build()
        .assert_exit(1)
        .stderr_contains("content/infographic/ty-le-dong.md:")
        .stderr_contains("infographic chưa có phần chữ thay thế")
        .stderr_contains("content/tin-tuc/bai-khong-bia.md:13:1:")
        .stderr_contains("không có content/tin-tuc/khong-co.md");
    assert_same_tree(&before, &test.snapshot(), "the site root (with public/)");
}

/// The infographic of the fixture with a portrait version for phones (issue 20).
fn with_portrait(test: &mut SiteTest) {
    test.write("content/infographic/ty-le-dong-doc.png", drawn(720, 1280, ImageFormat::Png));
    test.edit("content/infographic/ty-le-dong.md", |s| {
        s.replace(
            "image = \"ty-le-dong.svg\"\n",
            "image = \"ty-le-dong.svg\"\nimage_portrait = \"ty-le-dong-doc.png\"\n",
        )
    });
}

const PORTRAIT_SOURCE: &str = "<source media=\"(max-width: 600px) and (orientation: portrait)\" type=\"image/webp\" \
     srcset=\"/infographic/ty-le-dong-doc-480.webp 480w, /infographic/ty-le-dong-doc-720.webp 720w\"";

#[test]
fn an_infographic_portrait_version_goes_to_upright_phones_on_its_page_and_in_embeds() {
    let mut test = site();
    with_portrait(&mut test);
    test.build().assert_ok();
    assert_eq!(size_of(&test.bytes("infographic/ty-le-dong-doc-480.webp")), (480, 853));
    let page = test.file("infographic/ty-le-dong/index.html");
    let figure = page.split("<figure class=\"infographic-figure\">").nth(1).expect("the infographic's figure");
    let figure = &figure[..figure.find("</figure>").unwrap()];
    let portrait = figure.find(PORTRAIT_SOURCE).unwrap_or_else(|| panic!("the portrait WebP first: {figure}"));
    let png = figure
        .find("<source media=\"(max-width: 600px) and (orientation: portrait)\" srcset=\"/infographic/ty-le-dong-doc.png 720w\"")
        .unwrap_or_else(|| panic!("then the portrait PNG: {figure}"));
    let img = figure.find("<img src=\"/infographic/ty-le-dong.svg\"").expect("the landscape picture as the <img>");
    assert!(portrait < png && png < img, "{figure}");
    assert!(figure.contains("width=\"720\" height=\"1280\">"), "the portrait's own box: {figure}");
    assert!(
        figure.contains("href=\"/infographic/ty-le-dong.svg\" download"),
        "the download stays the original: {figure}"
    );

    // The same in an article that embeds it, through the body's sanitiser.
    let article = test.file("tin-tuc/bai-co-anh-bia/index.html");
    let embed = article.split("<figure class=\"infographic-embed\">").nth(1).expect("the embedded infographic");
    let embed = &embed[..embed.find("</figure>").unwrap()];
    assert!(embed.starts_with(&format!("<picture>{PORTRAIT_SOURCE}")), "{embed}");
    assert!(embed.contains("<img src=\"/infographic/ty-le-dong.svg\""), "{embed}");

    // The gallery's card and the Open Graph card keep the landscape picture.
    test.assert_file_lacks("infographic/index.html", "ty-le-dong-doc");
    test.assert_file_contains("infographic/ty-le-dong/index.html", "/infographic/ty-le-dong-og.jpg");
    test.assert_no_file("infographic/ty-le-dong-doc-og.jpg");
    test.check().assert_ok().stderr_lacks("không phải ảnh dọc");
}

#[test]
fn a_translation_takes_the_portrait_version_only_with_the_original_picture() {
    let mut test = site();
    with_portrait(&mut test);
    test.edit("content/site.toml", |s| s + "\n[languages.en]\ntitle = \"Social Security of Thu Nghiem Province\"\n");
    let english =
        "+++\ntitle = \"Compulsory insurance contribution rates\"\nalt = \"Chart of the contribution rates\"\n\
                   +++\n\nEmployees pay 10.5% of their wage; employers pay 21.5%.\n";
    test.write("content/infographic/ty-le-dong.en.md", english);
    test.build().assert_ok();
    test.assert_file_contains("en/infographic/ty-le-dong/index.html", PORTRAIT_SOURCE);
    // A translated picture has English words: the Vietnamese portrait version would not fit it.
    let svg = fs::read(test.root().join("content/infographic/ty-le-dong.svg")).unwrap();
    test.write("content/infographic/ty-le-dong-en.svg", svg);
    test.write(
        "content/infographic/ty-le-dong.en.md",
        english.replace("alt =", "image = \"ty-le-dong-en.svg\"\nalt ="),
    );
    test.build().assert_ok();
    test.assert_file_lacks("en/infographic/ty-le-dong/index.html", "ty-le-dong-doc");
    test.assert_file_contains("infographic/ty-le-dong/index.html", PORTRAIT_SOURCE);
}

#[test]
fn warns_when_the_portrait_version_is_not_portrait() {
    let mut test = site();
    with_portrait(&mut test);
    test.write("content/infographic/ty-le-dong-doc.png", drawn(1280, 720, ImageFormat::Png));
    test.check()
        .assert_ok()
        .stderr_contains(
            "content/infographic/ty-le-dong.md:6:1: cảnh báo: `ty-le-dong-doc.png` (1280×720) không phải ảnh dọc",
        )
        .stderr_contains("vẽ bản dọc cao hơn rộng");
}

#[test]
fn errors_on_a_missing_portrait_version_at_its_line_in_check_and_build() {
    let mut test = site();
    with_portrait(&mut test);
    test.with_previous_build();
    fs::remove_file(test.root().join("content/infographic/ty-le-dong-doc.png")).unwrap();
    test.write("content/infographic/ty-le-dong-dọc.png", drawn(720, 1280, ImageFormat::Png));
    let before = test.snapshot();
    let expected = "content/infographic/ty-le-dong.md:6:1: lỗi: ảnh `ty-le-dong-doc.png` không tồn tại";
    test.check().assert_exit(1).stderr_contains(expected).stderr_contains("`ty-le-dong-dọc.png`");
    test.build().assert_exit(1).stderr_contains(expected);
    assert_same_tree(&before, &test.snapshot(), "the site root (with public/)");
    // Not an image at all: the same check as `image`.
    test.write("content/infographic/so-lieu.csv", "nam,ty_le\n2025,10.5\n");
    test.edit("content/infographic/ty-le-dong.md", |s| s.replace("ty-le-dong-doc.png", "so-lieu.csv"));
    test.check()
        .assert_exit(1)
        .stderr_contains("content/infographic/ty-le-dong.md:6:1: lỗi: `so-lieu.csv` không phải ảnh");
}

/// A 400×200 JPEG (left half red, right half blue) with an EXIF segment right after its SOI
/// saying orientation 6, as a phone writes a photo taken upright: shown 200×400, red on top.
fn sideways_photo() -> Vec<u8> {
    let image = RgbImage::from_fn(400, 200, |x, _| if x < 200 { Rgb([230, 0, 0]) } else { Rgb([0, 0, 230]) });
    let mut jpeg = std::io::Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(image).write_to(&mut jpeg, ImageFormat::Jpeg).unwrap();
    let jpeg = jpeg.into_inner();
    // Little-endian TIFF header, IFD0 at 8 with one entry: 0x0112 SHORT ×1 = 6; no next IFD.
    let tiff = [b'I', b'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0];
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn a_sideways_phone_photo_is_sized_resized_and_carded_upright() {
    let mut test = site();
    test.write("content/tin-tuc/anh-bia.jpg", sideways_photo());
    test.build().assert_ok();
    let page = test.file("tin-tuc/bai-co-anh-bia/index.html");
    let cover = page.split("<figure class=\"cover\">").nth(1).expect("the cover figure");
    let cover = &cover[..cover.find("</figure>").unwrap()];
    assert!(cover.contains("width=\"200\"") && cover.contains("height=\"400\""), "{cover}");
    assert!(cover.contains("/tin-tuc/anh-bia-200.webp 200w"), "{cover}");
    // The variant's pixels are upright (it carries no EXIF): red on top, blue below.
    let webp = image::load_from_memory(&test.bytes("tin-tuc/anh-bia-200.webp")).unwrap().to_rgb8();
    assert_eq!(webp.dimensions(), (200, 400));
    let (top, bottom) = (webp.get_pixel(100, 50).0, webp.get_pixel(100, 350).0);
    assert!(top[0] > 180 && top[2] < 60 && bottom[2] > 180 && bottom[0] < 60, "{top:?} {bottom:?}");
    // The original is published as it is: browsers turn it themselves.
    assert_eq!(test.bytes("tin-tuc/anh-bia.jpg"), sideways_photo());
    // The card letterboxes the upright photo: 315×630 in the middle, red above blue.
    let card = image::load_from_memory(&test.bytes("tin-tuc/anh-bia-og.jpg")).unwrap().to_rgb8();
    assert!(card.get_pixel(300, 315).0.iter().all(|&c| c > 240), "side band");
    let (top, bottom) = (card.get_pixel(600, 100).0, card.get_pixel(600, 530).0);
    assert!(top[0] > 180 && top[2] < 60 && bottom[2] > 180 && bottom[0] < 60, "{top:?} {bottom:?}");
}

/// [`sideways_photo`] as a phone really writes it: the EXIF also holds a GPS position (marked
/// "GPS-SECRET" in the bytes), and an XMP segment names the place.
fn located_photo() -> Vec<u8> {
    let plain = sideways_photo();
    let exif_end = 4 + usize::from(u16::from_be_bytes([plain[4], plain[5]]));
    // IFD0 with Orientation = 6 and a GPS IFD pointer; the "GPS data" follows.
    let mut tiff = vec![b'I', b'I', 42, 0, 8, 0, 0, 0, 2, 0];
    tiff.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    tiff.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(b"GPS-SECRET 21.0285N 105.8542E");
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPS-SECRET Hoan Kiem</x:xmpmeta>";
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((2 + xmp.len()) as u16).to_be_bytes());
    out.extend_from_slice(xmp);
    out.extend_from_slice(&plain[exif_end..]);
    out
}

/// The portal's card, drawn from the logo, for text-only articles; lists get a card drawn from
/// their title (identity.rs), so a link sent to Zalo or Facebook always shows a picture.
#[test]
fn pages_without_a_picture_share_the_portals_card() {
    let mut test = site();
    test.build().assert_ok();
    test.assert_file_contains(
        "tin-tuc/index.html",
        r#"<meta property="og:image" content="https://bhxh-thunghiem.example.vn/tin-tuc/og.png">"#,
    );
    let card = image::load_from_memory(&test.bytes("og-card.png")).unwrap();
    assert_eq!(card.dimensions(), (1200, 630));
}

#[test]
fn published_photos_carry_no_location_and_stay_upright() {
    let mut test = site();
    let photo = located_photo();
    assert!(image::load_from_memory(&photo).is_ok());
    test.write("content/tin-tuc/anh-bia.jpg", &photo);
    test.build().assert_ok();
    let published = test.bytes("tin-tuc/anh-bia.jpg");
    assert!(!published.windows(10).any(|w| w == b"GPS-SECRET"), "the location is gone");
    // Still turned upright by browsers: the orientation block is all that is left of the EXIF.
    let orientation_only = [b'I', b'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0];
    assert!(published.windows(orientation_only.len()).any(|w| w == orientation_only), "orientation kept");
    assert!(!published.windows(4).any(|w| w == b"xap/"), "the XMP segment is gone");
    assert!(image::load_from_memory(&published).is_ok());
}

#[test]
fn an_original_over_five_megabytes_is_warned_about() {
    let mut test = site();
    // A valid JPEG made heavy by comment segments, as a camera's full-size export is.
    let jpeg = drawn(1000, 600, ImageFormat::Jpeg);
    let mut heavy = jpeg[..2].to_vec();
    let comment = vec![b'x'; 60_000];
    for _ in 0..90 {
        heavy.extend_from_slice(&[0xFF, 0xFE]);
        heavy.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
        heavy.extend_from_slice(&comment);
    }
    heavy.extend_from_slice(&jpeg[2..]);
    test.write("content/tin-tuc/anh-bia.jpg", &heavy);
    test.check()
        .assert_ok()
        .stderr_contains("content/tin-tuc/anh-bia.jpg:1:1: cảnh báo: ảnh gốc nặng 5.2 MB, quá 5 MB");
}
