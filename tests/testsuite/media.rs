//! Videos and photo stories (issue 19): a self-hosted video with its poster, captions and
//! download link; a YouTube video that asks nothing of YouTube before the click and the
//! per-page frame policy; photo stories as numbered figures; and every mistake an editor can
//! make in them named at its file and line.

use crate::helpers::{html, SiteTest};
use crate::serve::Server;

const SELF_HOSTED: &str = "video/huong-dan-vssid/index.html";
const YOUTUBE: &str = "video/tra-cuu-the-bhyt/index.html";
const STORY: &str = "phong-su-anh/mot-ngay/index.html";

fn media() -> SiteTest {
    let mut test = SiteTest::from_fixture("media/site");
    test.build().assert_ok();
    test
}

/// The values of every `attr="…"` in `page`, whatever the tag.
fn attribute_values(page: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    page.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &page[i + needle.len()..];
            rest[..rest.find('"').unwrap_or(rest.len())].to_string()
        })
        .collect()
}

#[test]
fn self_hosted_video_plays_with_poster_captions_and_a_download_link() {
    let mut test = media();
    test.assert_file("video/huong-dan-vssid/vssid.mp4").assert_file("video/huong-dan-vssid/phu-de.vtt");
    let page = test.file(SELF_HOSTED);
    let video = &html::tags(&page, "video")[0];
    assert_eq!(video.get("preload").map(String::as_str), Some("none"), "{video:?}");
    assert!(video.contains_key("controls"));
    assert_eq!(video.get("poster").map(String::as_str), Some("/video/huong-dan-vssid/poster.png"));
    assert_eq!((video["width"].as_str(), video["height"].as_str()), ("640", "360"));
    let source = &html::tags(&page, "source").into_iter().find(|s| s.get("type").is_some_and(|t| t == "video/mp4"));
    assert_eq!(
        source.as_ref().and_then(|s| s.get("src")).map(String::as_str),
        Some("/video/huong-dan-vssid/vssid.mp4")
    );
    let track = &html::tags(&page, "track")[0];
    assert_eq!(track.get("kind").map(String::as_str), Some("captions"));
    assert_eq!(track.get("srclang").map(String::as_str), Some("vi"));
    assert_eq!(track.get("label").map(String::as_str), Some("Tiếng Việt"));
    assert!(track.contains_key("default"));
    assert!(page.contains("download>Tải video (MP4, 2 KB)</a>"), "{page}");
    // The transcript is the body, as Markdown.
    assert!(page.contains("<h2 id=\"video-loi-thoai\">Lời thoại của video</h2>"));
    assert!(page.contains("Mở kho ứng dụng, tìm VssID và cài đặt."));
    // No player script where no YouTube video is.
    assert!(!page.contains("video.js"), "a self-hosted video loads the YouTube script");
    // Lists and the sharing card show the poster.
    test.assert_file_contains("video/index.html", "poster-480.webp").assert_file_contains(
        SELF_HOSTED,
        "og:image\" content=\"https://bhxh-thunghiem.example.vn/video/huong-dan-vssid/poster-og.jpg",
    );
}

#[test]
fn youtube_video_asks_nothing_of_youtube_before_the_click() {
    let test = media();
    let page = test.file(YOUTUBE);
    for attr in ["src", "srcset", "poster"] {
        for value in attribute_values(&page, attr) {
            assert!(
                !value.contains("youtube") && !value.contains("ytimg"),
                "{attr}=\"{value}\" loads from a third party"
            );
        }
    }
    assert!(!page.contains("<iframe"), "a frame before the click");
    assert!(!page.contains("ytimg"), "a YouTube thumbnail");
    let box_ = html::tags(&page, "div").into_iter().find(|d| d.contains_key("data-embed")).expect("no player box");
    assert_eq!(box_["data-embed"], "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1");
    // Without JavaScript the play button is a plain link to YouTube: the reader's choice.
    assert!(html::attr_values(&page, "a", "href").contains(&"https://www.youtube.com/watch?v=dQw4w9WgXcQ".to_string()));
    // The script that swaps in the player, on this page only.
    let scripts = html::attr_values(&page, "script", "src");
    assert!(scripts.iter().any(|s| s.starts_with("/video.js?v=")), "{scripts:?}");
    assert!(!test.file("index.html").contains("video.js"));
    assert!(page.contains("Lời thoại: mở VssID, chọn Thẻ BHYT"));
}

#[test]
fn frames_open_for_youtube_only_on_the_page_that_embeds_it() {
    let test = media();
    let map = test.file("frames.map");
    assert!(map.contains("\"/video/tra-cuu-the-bhyt/\" \"https://www.youtube-nocookie.com\";"), "{map}");
    assert!(map.contains("\"/video/tra-cuu-the-bhyt/index.html\" \"https://www.youtube-nocookie.com\";"), "{map}");
    assert!(!map.contains("huong-dan-vssid"), "{map}");

    let server = Server::start(test.root(), &[]);
    let policy = |path: &str| server.get(path).header("Content-Security-Policy").unwrap_or_default().to_string();
    let own = policy("/video/tra-cuu-the-bhyt/");
    assert!(own.contains("frame-src 'self' https://www.youtube-nocookie.com;"), "{own}");
    assert!(own.contains("default-src 'self'"), "{own}");
    for other in ["/", "/video/", "/video/huong-dan-vssid/", "/phong-su-anh/mot-ngay/"] {
        let csp = policy(other);
        assert!(csp.contains("default-src 'self'") && !csp.contains("youtube"), "{other}: {csp}");
    }
}

#[test]
fn reads_every_youtube_address_form_and_refuses_others() {
    let mut test = SiteTest::from_fixture("media/site");
    test.edit("content/video/tra-cuu-the-bhyt.md", |t| {
        t.replace("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube.com/shorts/dQw4w9WgXcQ")
    });
    test.build().assert_ok().assert_file_contains(YOUTUBE, "youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1");
    test.edit("content/video/tra-cuu-the-bhyt.md", |t| {
        t.replace("https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://vimeo.com/12345678")
    });
    test.build()
        .assert_exit(1)
        .stderr_contains("content/video/tra-cuu-the-bhyt.md:4:1:")
        .stderr_contains("không phải mã hay địa chỉ video YouTube")
        .stderr_contains("mã 11 ký tự");
}

#[test]
fn errors_on_broken_captions_at_their_line() {
    let mut test = SiteTest::from_fixture("media/site");
    test.write(
        "content/video/huong-dan-vssid/phu-de.vtt",
        "WEBVTT\n\n00:00.000 --> 00:02.000\nA\n\n00:02.000 --> 00:04,000\nB\n",
    );
    test.build()
        .assert_exit(1)
        .stderr_contains("content/video/huong-dan-vssid/phu-de.vtt:6:1:")
        .stderr_contains("`00:04,000` không phải thời điểm")
        .stderr_contains("gợi ý: ghi thời điểm dạng phút:giây.mili-giây");
    test.write("content/video/huong-dan-vssid/phu-de.vtt", "1\n00:00:00,000 --> 00:00:02,000\nSRT\n");
    test.check()
        .assert_exit(1)
        .stderr_contains("content/video/huong-dan-vssid/phu-de.vtt:1:1:")
        .stderr_contains("tệp phụ đề không bắt đầu bằng dòng WEBVTT");
}

#[test]
fn errors_on_a_video_without_captions_or_transcript() {
    let mut test = SiteTest::from_fixture("media/site");
    test.edit("content/video/huong-dan-vssid/index.md", |t| {
        t.replace("captions = \"phu-de.vtt\"\n", "").replace("Mở kho ứng dụng, tìm VssID và cài đặt.\n", "")
    });
    test.check()
        .assert_exit(1)
        .stderr_contains("content/video/huong-dan-vssid/index.md:")
        .stderr_contains("video chưa có phụ đề và chưa có lời thoại")
        .stderr_contains("thêm captions = \"phu-de.vtt\"");
    // Captions alone are enough.
    let mut test = SiteTest::from_fixture("media/site");
    test.edit("content/video/huong-dan-vssid/index.md", |t| t.replace("Mở kho ứng dụng, tìm VssID và cài đặt.\n", ""));
    test.build().assert_ok().assert_file_lacks(SELF_HOSTED, "id=\"video-loi-thoai\"");
}

#[test]
fn errors_on_missing_video_files_and_poster() {
    let mut test = SiteTest::from_fixture("media/site");
    test.edit("content/video/huong-dan-vssid/index.md", |t| {
        t.replace("file = \"vssid.mp4\"", "file = \"vsid.mp4\"").replace("poster = \"poster.png\"\n", "")
    });
    test.check()
        .assert_exit(1)
        .stderr_contains("content/video/huong-dan-vssid/index.md:5:1: lỗi: không có tệp `vsid.mp4`")
        .stderr_contains("có phải ý bạn là `vssid.mp4`?");
    test.edit("content/video/huong-dan-vssid/index.md", |t| t.replace("vsid.mp4", "vssid.mp4"));
    test.check().assert_exit(1).stderr_contains("video chưa có ảnh `poster`");
}

#[test]
fn photo_story_is_an_ordered_list_of_numbered_captioned_figures() {
    let mut test = media();
    let page = test.file(STORY);
    let list = html::element(&page, "ol", "photo-sequence").expect("no ordered list of photos");
    let items = html::tags(list, "li");
    assert_eq!(items.iter().map(|l| l["id"].as_str()).collect::<Vec<_>>(), ["anh-1", "anh-2", "anh-3"]);
    assert_eq!(html::tags(list, "figure").len(), 3);
    assert_eq!(html::tags(list, "figcaption").len(), 3);
    assert!(list.contains("Ảnh 2/3"), "{list}");
    assert!(list.contains("Cán bộ hướng dẫn cài VssID.") && list.contains("Ảnh minh họa: BHXH tỉnh Thử Nghiệm"));
    // The first photo loads at once, the rest when scrolled to; all with width and height.
    let imgs = html::tags(list, "img");
    assert_eq!(imgs.len(), 3);
    assert!(imgs[0].get("loading").is_none_or(|l| l == "eager"), "{:?}", imgs[0]);
    assert!(imgs[1..].iter().all(|i| i.get("loading").map(String::as_str) == Some("lazy")), "{imgs:?}");
    assert!(imgs.iter().all(|i| i.contains_key("width") && i.contains_key("height") && !i["alt"].is_empty()));
    assert!(list.contains("anh-2-480.webp"), "no responsive variants: {list}");
    // Previous and next are in-page anchors.
    let hrefs = html::attr_values(list, "a", "href");
    assert_eq!(hrefs, ["#anh-2", "#anh-1", "#anh-3", "#anh-2"]);
    test.assert_file("phong-su-anh/mot-ngay/anh-3.png")
        .assert_file_contains(
            STORY,
            "og:image\" content=\"https://bhxh-thunghiem.example.vn/phong-su-anh/mot-ngay/anh-1-og.jpg",
        )
        .assert_file_contains("phong-su-anh/index.html", "anh-1-480.webp");
}

#[test]
fn errors_on_photos_without_alt_caption_or_credit_at_their_line() {
    let mut test = SiteTest::from_fixture("media/site");
    test.edit("content/phong-su-anh/mot-ngay/index.md", |t| {
        t.replace("alt = \"Cán bộ hướng dẫn cài VssID\"\n", "")
            .replace("credit = \"Ảnh minh họa: BHXH tỉnh Thử Nghiệm\"\n+++", "+++")
            .replace("file = \"anh-3.png\"", "file = \"anh-4.png\"")
    });
    test.check()
        .assert_exit(1)
        .stderr_contains("content/phong-su-anh/mot-ngay/index.md:12:1: lỗi: ảnh thứ 2 chưa có `alt`")
        .stderr_contains("content/phong-su-anh/mot-ngay/index.md:17:1: lỗi: ảnh thứ 3 chưa có `credit`")
        .stderr_contains("content/phong-su-anh/mot-ngay/index.md:18:1: lỗi: ảnh `anh-4.png` không tồn tại");
    test.write("content/phong-su-anh/trong/index.md", "+++\ntitle = \"Không ảnh\"\ndate = 2026-11-01\n+++\nChữ.\n");
    test.check().assert_exit(1).stderr_contains("phóng sự ảnh chưa có ảnh nào");
}

#[test]
fn a_scheduled_video_appears_nowhere() {
    let mut test = media();
    test.assert_no_file("video/sap-ra-mat/index.html").assert_nowhere("TOKENFUTUREVIDEO").assert_nowhere("abcdefghijk");
    // On its day it is everywhere, the frame map included.
    test.now("2026-12-21T08:00:00").build().assert_ok();
    test.assert_file_contains("video/sap-ra-mat/index.html", "youtube-nocookie.com/embed/abcdefghijk")
        .assert_file_contains("frames.map", "/video/sap-ra-mat/")
        .assert_file_contains("video/index.html", "TOKENFUTUREVIDEO")
        .assert_file_contains("sitemap.xml", "/video/sap-ra-mat/");
}

#[test]
fn the_report_counts_videos_and_photo_stories_published_by_now() {
    let mut test = SiteTest::from_fixture("media/site");
    let root = test.root().to_path_buf();
    test.run([
        "report".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--now".as_ref(),
        "2026-11-22T08:00:00".as_ref(),
        "--from".as_ref(),
        "2026-11-01".as_ref(),
        "--to".as_ref(),
        "2026-12-31".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
    ] as [&std::ffi::OsStr; 11])
        .assert_ok();
    // The video scheduled for 20 December is not counted before its day.
    test.stdout_contains("total,items,\"Tin, bài đã đăng (bài viết, video, infographic, phóng sự ảnh)\",4\n")
        .stdout_contains("kind,videos,Video,2\n")
        .stdout_contains("kind,photo_stories,Phóng sự ảnh,1\n")
        .stdout_contains("kind,articles,Bài viết,1\n");
}

#[test]
fn loa_new_makes_video_and_photo_story_bundles_that_wait_as_drafts() {
    let mut test = SiteTest::from_fixture("media/site");
    let root = test.root().to_path_buf();
    for (kind, title) in [("video", "Hướng dẫn gia hạn thẻ BHYT"), ("phong-su-anh", "Ngày hội BHYT học sinh")]
    {
        test.run(["new".as_ref(), kind.as_ref(), title.as_ref(), "--root".as_ref(), root.as_os_str()]
            as [&std::ffi::OsStr; 5])
            .assert_ok();
    }
    let video = std::fs::read_to_string(root.join("content/video/huong-dan-gia-han-the-bhyt/index.md")).unwrap();
    assert!(
        video.contains("draft = true") && video.contains("# youtube = ") && video.contains("# captions = "),
        "{video}"
    );
    let story = std::fs::read_to_string(root.join("content/phong-su-anh/ngay-hoi-bhyt-hoc-sinh/index.md")).unwrap();
    assert!(story.contains("# [[photos]]") && story.contains("# credit = \"Ảnh: \""), "{story}");
    // As drafts they keep the site valid; set to publish unfinished, they are errors.
    test.check().assert_ok();
    test.edit("content/video/huong-dan-gia-han-the-bhyt/index.md", |t| t.replace("draft = true", "draft = false"))
        .edit("content/phong-su-anh/ngay-hoi-bhyt-hoc-sinh/index.md", |t| t.replace("draft = true", "draft = false"));
    test.check()
        .assert_exit(1)
        .stderr_contains("video chưa có `file` hoặc `youtube`")
        .stderr_contains("phóng sự ảnh chưa có ảnh nào");
}

#[test]
fn a_translated_video_plays_the_same_file_with_the_captions_in_their_language() {
    let mut test = SiteTest::from_fixture("media/site");
    test.edit("content/site.toml", |t| format!("{t}\n[languages.en]\ntitle = \"Test province\"\n")).write(
        "content/video/huong-dan-vssid/index.en.md",
        "+++\ntitle = \"Installing VssID in a minute\"\n+++\nOpen the app store, find VssID and install it.\n",
    );
    test.build().assert_ok();
    let page = test.file("en/video/huong-dan-vssid/index.html");
    assert!(
        html::attr_values(&page, "source", "src").contains(&"/video/huong-dan-vssid/vssid.mp4".to_string()),
        "{page}"
    );
    let track = &html::tags(&page, "track")[0];
    assert_eq!((track["srclang"].as_str(), track["label"].as_str()), ("vi", "Tiếng Việt"));
    assert!(page.contains("Open the app store, find VssID and install it."));
}

#[test]
fn search_finds_videos_and_photo_stories_with_their_kind() {
    let test = media();
    let fragments: Vec<String> =
        test.public_files().into_iter().filter(|f| f.starts_with("tim-kiem/f/")).map(|f| test.file(&f)).collect();
    let doc = |url: &str| fragments.iter().find(|f| f.contains(&format!("\"u\":\"{url}\""))).cloned();
    let video = doc("/video/tra-cuu-the-bhyt/").expect("the YouTube video is not in the search index");
    assert!(video.contains("\"k\":\"video\"") && video.contains("chọn Thẻ BHYT"), "{video}");
    let story = doc("/phong-su-anh/mot-ngay/").expect("the photo story is not in the search index");
    assert!(story.contains("\"k\":\"photo_story\"") && story.contains("Trả kết quả trong ngày."), "{story}");
    assert!(doc("/video/sap-ra-mat/").is_none(), "a scheduled video is searchable");
    test.file("tim-kiem/index.html")
        .contains("data-kphoto_story=\"Phóng sự ảnh\"")
        .then_some(())
        .expect("no kind label");
}

#[test]
fn a_yaml_photo_story_names_the_line_of_the_photo_not_of_another_list() {
    let mut test = SiteTest::from_fixture("media/site");
    test.write(
        "content/phong-su-anh/mot-ngay/index.md",
        "---\ntitle: \"Một ngày ở bộ phận một cửa\"\ndate: 2026-11-15\ntopics:\n  - chuyen-doi-so\nphotos:\n  - file: anh-1.png\n    alt: \"Người dân xếp hàng\"\n    caption: \"Lấy số.\"\n    credit: \"Ảnh: A\"\n  - file: anh-2.png\n    caption: \"Hướng dẫn.\"\n    credit: \"Ảnh: B\"\n---\nMở cửa.\n",
    );
    test.check()
        .assert_exit(1)
        .stderr_contains("content/phong-su-anh/mot-ngay/index.md:11:1: lỗi: ảnh thứ 2 chưa có `alt`");
}
