//! Legal documents (`van-ban/`): their facts on their own page, `replaced_by` shown on both
//! documents, attachments with their type and size and copied beside the page, the table
//! pre-built for every filter and order, search by number, and the mistakes an editor can make.

use loa::search::reader::open_dir;

use crate::helpers::SiteTest;

fn legal() -> SiteTest {
    SiteTest::from_fixture("legal/basic")
}

#[test]
fn a_document_page_shows_its_facts_and_files() {
    let mut test = legal();
    test.build().assert_ok();
    let page = test.file("van-ban/ke-hoach/index.html");
    for fact in [
        "4217/KH-BHXH",
        // Written `kế hoạch`: shown in the list's spelling.
        "Kế hoạch",
        "Bảo hiểm xã hội tỉnh Thử Nghiệm",
        "<time datetime=\"2025-12-19\">19/12/2025</time>",
        "Còn hiệu lực",
        "Nội dung thêm của kế hoạch.",
    ] {
        assert!(page.contains(fact), "{fact} is not on the page:\n{page}");
    }
    // Type and size read from the file; the title defaults to the file name.
    assert!(page.contains("href=\"/van-ban/ke-hoach.pdf\" download>Toàn văn kế hoạch</a>"), "{page}");
    assert!(page.contains("(PDF, 3 KB)"), "{page}");
    assert!(page.contains(">bieu-mau.xlsx</a> <span class=\"file-meta\">(XLSX, 22 B)</span>"), "{page}");
    assert_eq!(test.bytes("van-ban/ke-hoach.pdf").len(), 3000);
    test.assert_file("van-ban/bieu-mau.xlsx");
}

#[test]
fn replaced_by_is_shown_on_both_documents() {
    let mut test = legal();
    test.build().assert_ok();
    let old = test.file("van-ban/luat-cu/index.html");
    assert!(old.contains("Bị thay thế"), "{old}");
    assert!(old.contains("Được thay thế bằng <a href=\"/van-ban/luat-moi/\">41/2024/QH15</a>"), "{old}");
    let new = test.file("van-ban/luat-moi/index.html");
    assert!(new.contains("Thay thế văn bản"), "{new}");
    assert!(new.contains("<a href=\"/van-ban/luat-cu/\">58/2014/QH13</a>"), "{new}");
    assert!(new.contains("Còn hiệu lực"), "{new}");
    // The list says so too.
    let list = test.file("van-ban/index.html");
    assert!(list.contains("legal-status-replaced\">Bị thay thế"), "{list}");
}

#[test]
fn a_replacement_not_yet_published_leaves_the_old_document_in_force() {
    let mut test = legal();
    test.edit("content/van-ban/luat-moi.md", |s| s.replace("date = 2025-01-06", "date = 2026-12-30"));
    test.build().assert_ok().assert_no_file("van-ban/luat-moi/index.html");
    let old = test.file("van-ban/luat-cu/index.html");
    assert!(old.contains("Còn hiệu lực") && !old.contains("41/2024/QH15"), "{old}");
}

#[test]
fn a_scheduled_document_and_its_file_are_nowhere_before_their_time() {
    let mut test = legal();
    test.build().assert_ok();
    test.assert_nowhere("TOKENCHUACONGBO").assert_nowhere("999/QĐ-BHXH").assert_no_file("van-ban/sap-ban-hanh.pdf");
    assert!(!test.file("van-ban/index.html").contains("sap-ban-hanh"));
    test.assert_no_file("van-ban/nam/2026/index.html");
    test.now("2026-12-21T08:00:00").build().assert_ok();
    test.assert_file("van-ban/sap-ban-hanh/index.html").assert_file("van-ban/sap-ban-hanh.pdf");
    assert!(test.file("van-ban/nam/2026/index.html").contains("999/QĐ-BHXH"));
}

#[test]
fn the_table_is_prebuilt_for_every_filter_and_order() {
    let mut test = legal();
    test.build().assert_ok();
    let list = test.file("van-ban/index.html");
    assert!(list.contains("<caption>"), "{list}");
    assert!(list.contains("<th scope=\"col\""), "{list}");
    // Newest first, and the date heading says so and links to the other direction.
    let (plan, new, old) = (list.find("4217/KH-BHXH"), list.find("41/2024/QH15"), list.find("58/2014/QH13"));
    assert!(plan < new && new < old, "{list}");
    assert!(list.contains("aria-sort=\"descending\"><a href=\"/van-ban/xep/cu-nhat/\">"), "{list}");
    let oldest = test.file("van-ban/xep/cu-nhat/index.html");
    assert!(oldest.find("58/2014/QH13") < oldest.find("4217/KH-BHXH"), "{oldest}");
    // By number: 41 < 58 < 4217.
    let by_number = test.file("van-ban/xep/so-hieu/index.html");
    let at = |n: &str| by_number.find(n).unwrap();
    assert!(at("41/2024/QH15") < at("58/2014/QH13") && at("58/2014/QH13") < at("4217/KH-BHXH"));
    // One page per type, issuer and year, each in every order too.
    let laws = test.file("van-ban/loai/luat/index.html");
    assert!(laws.contains("41/2024/QH15") && !laws.contains("4217/KH-BHXH"), "{laws}");
    test.assert_file("van-ban/loai/luat/xep/ten/index.html");
    let issuer = test.file("van-ban/co-quan/bao-hiem-xa-hoi-tinh-thu-nghiem/index.html");
    assert!(issuer.contains("4217/KH-BHXH") && !issuer.contains("41/2024/QH15"), "{issuer}");
    let year = test.file("van-ban/nam/2014/index.html");
    assert!(year.contains("58/2014/QH13") && !year.contains("41/2024/QH15"), "{year}");
    assert!(list.contains("href=\"/van-ban/nam/2014/\""), "the filter links are on the list:\n{list}");
    // Every sort and filter link of every list page leads to a page of the build.
    let pages: Vec<String> =
        test.public_files().into_iter().filter(|f| f.starts_with("van-ban/") && f.ends_with(".html")).collect();
    assert!(pages.len() > 30, "{pages:?}");
    for page in &pages {
        for link in test.file(page).split("href=\"/van-ban/").skip(1) {
            let path = &link[..link.find('"').unwrap()];
            let file = if path.is_empty() || path.ends_with('/') {
                format!("van-ban/{path}index.html")
            } else {
                format!("van-ban/{path}")
            };
            assert!(test.public().join(&file).is_file(), "{page} links /van-ban/{path}, which is not built");
        }
    }
}

#[test]
fn articles_link_documents_by_path() {
    let mut test = legal();
    test.build().assert_ok();
    let article = test.file("tin-tuc/bai-dan-chieu/index.html");
    assert!(article.contains("href=\"/van-ban/luat-moi/\""), "{article}");
    assert!(article.contains("href=\"/van-ban/ke-hoach/\""), "{article}");
}

#[test]
fn search_finds_a_document_by_its_whole_number_and_by_its_digits() {
    let mut test = legal();
    test.build().assert_ok();
    let mut index = open_dir(&test.public().join("tim-kiem")).unwrap();
    for q in ["4217/KH-BHXH", "4217", "kh-bhxh 4217", "TOKENLUATMOI"] {
        let found = index.search(q, &[]).unwrap();
        let first = found.shown.first().map(|s| s.title.as_str());
        let want = if q == "TOKENLUATMOI" {
            "Luật Bảo hiểm xã hội 2024"
        } else {
            "Kế hoạch truyền thông năm 2026"
        };
        assert_eq!(first, Some(want), "{q}");
    }
    assert_eq!(index.search("999/QĐ-BHXH", &[]).unwrap().matches, 0, "a scheduled document is not in the index");
}

#[test]
fn errors_on_a_missing_attachment_at_its_line() {
    let mut test = legal();
    test.edit("content/van-ban/ke-hoach.md", |s| s.replace("bieu-mau.xlsx", "bieu-mau-2026.xlsx"));
    test.check()
        .assert_exit(1)
        .stderr_contains("content/van-ban/ke-hoach.md:11:1")
        .stderr_contains("bieu-mau-2026.xlsx")
        .stderr_contains("bieu-mau.xlsx");
}

#[test]
fn errors_on_a_file_type_that_cannot_be_attached() {
    let mut test = legal();
    test.write("content/van-ban/anh.png", b"not really");
    test.edit("content/van-ban/ke-hoach.md", |s| s.replace("bieu-mau.xlsx", "anh.png"));
    test.build().assert_exit(1).stderr_contains("content/van-ban/ke-hoach.md:11:1").stderr_contains("pdf, doc, docx");
}

#[test]
fn errors_on_an_unknown_document_type_with_did_you_mean() {
    let mut test = legal();
    test.edit("content/van-ban/luat-moi.md", |s| s.replace("doc_type = \"Luật\"", "doc_type = \"Nghi dinh\""));
    test.locale("vi_VN.UTF-8").build();
    test.assert_exit(1)
        .stderr_contains("content/van-ban/luat-moi.md:6:1")
        .stderr_contains("Nghi dinh")
        .stderr_contains("`Nghị định`");
}

#[test]
fn errors_on_a_replacement_that_does_not_exist_and_on_missing_facts() {
    let mut test = legal();
    test.edit("content/van-ban/luat-cu.md", |s| s.replace("luat-moi.md", "luat-mo.md"));
    test.edit("content/van-ban/luat-moi.md", |s| s.replace("number = \"41/2024/QH15\"\n", ""));
    test.check()
        .assert_exit(1)
        .stderr_contains("content/van-ban/luat-cu.md:10:1")
        .stderr_contains("`luat-moi.md`")
        .stderr_contains("content/van-ban/luat-moi.md:2:1")
        .stderr_contains("`number`");
}

#[test]
fn new_writes_a_legal_document_that_check_holds_to_its_placeholders() {
    let mut test = legal();
    let root = test.root().display().to_string();
    test.run(["new", "van-ban", "Quyết định giao chỉ tiêu", "--root", &root]);
    test.assert_ok().stdout_is("content/van-ban/quyet-dinh-giao-chi-tieu.md\n");
    test.check().assert_ok();
    test.edit("content/van-ban/quyet-dinh-giao-chi-tieu.md", |s| s.replace("draft = true", "draft = false"));
    test.check().assert_exit(1).stderr_contains("`number`").stderr_contains("`summary`");
}

#[test]
fn report_counts_legal_documents_on_their_own_line() {
    let mut test = legal();
    let root = test.root().display().to_string();
    let args = ["report", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "csv", "--root", &root];
    test.run(args).assert_ok();
    let out = test.stdout();
    assert!(out.lines().any(|l| l.starts_with("legal,legal,") && l.ends_with(",3")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("total,items,") && l.ends_with(",1")), "{out}");
}

#[test]
fn a_translation_keeps_the_facts_of_its_original() {
    let mut test = legal();
    test.build().assert_ok();
    let page = test.file("en/van-ban/luat-moi/index.html");
    for fact in ["Law on Social Insurance 2024", "41/2024/QH15", "Quốc hội", "Replaces", "58/2014/QH13", "In force"]
    {
        assert!(page.contains(fact), "{fact} is not on the page:\n{page}");
    }
    let list = test.file("en/van-ban/index.html");
    assert!(list.contains("41/2024/QH15") && !list.contains("4217/KH-BHXH"), "{list}");
}

#[test]
fn an_alias_on_a_filter_page_of_the_table_is_a_collision() {
    let mut test = legal();
    test.edit("content/tin-tuc/bai-dan-chieu.md", |s| {
        s.replace("date = 2025-02-01", "date = 2025-02-01\naliases = [\"/van-ban/loai/luat/\"]")
    });
    test.check()
        .assert_exit(1)
        .stderr_contains("content/tin-tuc/bai-dan-chieu.md")
        .stderr_contains("van-ban/loai/luat/index.html");
}

#[test]
fn the_legal_folder_can_be_renamed_in_site_toml() {
    let mut test = legal();
    std::fs::rename(test.root().join("content/van-ban"), test.root().join("content/vb")).unwrap();
    test.edit("content/site.toml", |s| s.replace("paginate = 20\n", "paginate = 20\n\n[folders]\nlegal = \"vb\"\n"));
    test.edit("content/tin-tuc/bai-dan-chieu.md", |s| {
        s.replace("../van-ban/luat-moi.md", "../vb/luat-moi.md").replace("/van-ban/ke-hoach/", "/vb/ke-hoach/")
    });
    test.build().assert_ok().assert_file("vb/ke-hoach.pdf").assert_file("vb/nam/2014/index.html");
    assert!(test.file("vb/index.html").contains("<table class=\"legal-table\">"));
}
