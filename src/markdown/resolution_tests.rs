//! The rules of links.rs seen through whole bodies: what the resolver is asked and what the
//! page gets.

use crate::markdown::render::{render, Options, Rendered};
use crate::markdown::testing::FakeSite;
use crate::markdown::{BodyProblem, Severity};

fn rendered(body: &str, first_line: usize) -> (Rendered, Vec<String>) {
    let site = FakeSite::default();
    let rendered = render(body, first_line, &site, &Options { allow_raw_html: false });
    (rendered, site.asked())
}

#[test]
fn markdown_links_and_images_are_resolved() {
    let body = "[Bài trước](bai-truoc.md), [phần 2](../tin-tuc/x.md#phan-2 \"Phần 2\")\n\n\
                ![Biểu đồ đóng BHXH](anh.jpg) ![Infographic](../infographic/a.png)\n";
    let (rendered, asked) = rendered(body, 1);
    assert_eq!(asked, ["bai-truoc.md", "../tin-tuc/x.md#phan-2", "anh.jpg", "../infographic/a.png"]);
    let html = &rendered.html;
    assert!(html.contains("<a href=\"/tin-tuc/bai-truoc/\">Bài trước</a>"), "{html}");
    assert!(html.contains("<a href=\"/tin-tuc/x/#phan-2\" title=\"Phần 2\">phần 2</a>"), "{html}");
    assert!(html.contains(
        "<img src=\"/anh/anh.jpg\" alt=\"Biểu đồ đóng BHXH\" width=\"800\" height=\"600\" loading=\"lazy\" \
         decoding=\"async\">"
    ));
    assert!(html.contains("<img src=\"/infographic/a.png\" alt=\"Infographic\" loading=\"lazy\" decoding=\"async\">"));
    assert!(rendered.problems.is_empty(), "{:?}", rendered.problems);
}

#[test]
fn reference_links_are_resolved_too() {
    let (rendered, asked) = rendered("Xem [bài trước][1].\n\n[1]: bai-truoc.md\n", 1);
    assert_eq!(asked, ["bai-truoc.md"]);
    assert!(rendered.html.contains("<a href=\"/tin-tuc/bai-truoc/\">bài trước</a>"));
}

#[test]
fn dead_link_is_an_error_at_its_file_position() {
    let body = "Đoạn đầu.\n\nĐọc thêm [bài cũ](khong-co.md) nhé.\n";
    let (rendered, _) = rendered(body, 5);
    assert_eq!(
        rendered.problems,
        [BodyProblem {
            line: 7,
            col: 10,
            severity: Severity::Error,
            message: "link to `khong-co.md` leads to no page".into(),
            hint: Some("check the file name".into()),
        }]
    );
    // The editor sees in the page what they wrote.
    assert!(rendered.html.contains("<a href=\"khong-co.md\">bài cũ</a>"));
}

#[test]
fn missing_image_is_an_error_and_keeps_its_source() {
    let (rendered, _) = rendered("Ảnh:\n  ![Sơ đồ](so-do.png)\n", 1);
    let problem = rendered.problems.first().map(|p| (p.line, p.col, p.severity.clone()));
    assert_eq!(problem, Some((2, 3, Severity::Error)));
    assert!(rendered.html.contains("<img src=\"so-do.png\" alt=\"Sơ đồ\" loading=\"lazy\""));
}

#[test]
fn external_links_pass_through_untouched() {
    let body = "[a](https://baohiemxahoi.gov.vn/x?a=1&b=2) [b](mailto:hotro@vss.gov.vn) [c](tel:19009068) \
                [d](#phan-2) [e](//cdn.vss.gov.vn/a.pdf) <https://dichvucong.gov.vn> <hotro@vss.gov.vn> \
                ![f](https://x.vn/a.png)\n";
    let (rendered, asked) = rendered(body, 1);
    assert!(asked.is_empty(), "resolver asked about {asked:?}");
    let html = &rendered.html;
    for href in [
        "https://baohiemxahoi.gov.vn/x?a=1&amp;b=2",
        "mailto:hotro@vss.gov.vn",
        "tel:19009068",
        "#phan-2",
        "//cdn.vss.gov.vn/a.pdf",
        "https://dichvucong.gov.vn",
    ] {
        assert!(html.contains(&format!("href=\"{href}\"")), "{href} missing in {html}");
    }
    assert!(html.contains("<img src=\"https://x.vn/a.png\" alt=\"f\""));
    assert!(rendered.problems.is_empty());
}

#[test]
fn links_in_raw_html_are_not_resolved() {
    for allow_raw_html in [false, true] {
        let site = FakeSite::default();
        let html = render("<a href=\"bai-truoc.md\">x</a>\n", 1, &site, &Options { allow_raw_html }).html;
        assert!(site.asked().is_empty());
        assert_eq!(html, "<p><a href=\"bai-truoc.md\">x</a></p>\n");
    }
}

#[test]
fn image_without_alt_is_an_error_naming_the_decorative_marker() {
    let (rendered, _) = rendered("Trên.\n\n![](anh.jpg)\n", 3);
    assert_eq!(rendered.problems.len(), 1);
    let p = &rendered.problems[0];
    assert_eq!((p.line, p.col, p.severity.clone()), (5, 1, Severity::Error));
    assert_eq!(p.message.en, "image `anh.jpg` has no alt text");
    assert!(p.hint.as_ref().unwrap().vi.contains("![](anh.jpg \"trang trí\")"));
}

#[test]
fn decorative_image_has_empty_alt_and_no_title() {
    for marker in ["trang trí", "decorative", "Trang trí"] {
        let (rendered, _) = rendered(&format!("![](anh.jpg \"{marker}\")\n"), 1);
        assert!(rendered.problems.is_empty(), "{marker}: {:?}", rendered.problems);
        assert!(rendered.html.contains("<img src=\"/anh/anh.jpg\" alt=\"\" width=\"800\""), "{}", rendered.html);
        assert!(!rendered.html.contains("title="));
    }
}

#[test]
fn alt_text_is_the_text_of_the_image_escaped() {
    let (rendered, _) = rendered("![Tỷ lệ *đóng* \"22%\" <b>](anh.jpg)\n", 1);
    assert!(rendered.html.contains("alt=\"Tỷ lệ đóng &quot;22%&quot;\""), "{}", rendered.html);
    assert!(rendered.problems.is_empty());
}

#[test]
fn script_image_source_is_dropped_and_reported() {
    let site = FakeSite::default();
    let html = render("![x](javascript:alert(1))\n", 1, &site, &Options { allow_raw_html: true }).html;
    assert_eq!(html, "<p><img alt=\"x\" loading=\"lazy\" decoding=\"async\"></p>\n");
    let (rendered, _) = rendered("![x](javascript:alert(1)) ![y](data:image/png;base64,AAAA)\n", 1);
    assert_eq!(rendered.problems.len(), 1);
    assert!(rendered.html.contains("<img src=\"data:image/png;base64,AAAA\" alt=\"y\""), "{}", rendered.html);
}
