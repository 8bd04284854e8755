//! `loa report` (issue 7): checked against a generated corpus whose true counts are computed
//! here, in Markdown and CSV, and its refusal of a period that is not one.

use std::collections::BTreeMap;
use std::fs;

use serde_json::Value;

use crate::editorial::{editorial, loa, JUNE_19};
use crate::helpers::{fixtures_dir, SiteTest};

/// One generated item: what it is, when it goes out, and what the report should see in it.
struct Spec {
    file: String,
    kind: GenKind,
    /// Local publish time (site time zone) as (year, month, day, hour, minute).
    local: (i16, i8, i8, i8, i8),
    /// How the publish time is written in the front matter.
    written: String,
    draft: bool,
    republished: bool,
    bhyt: bool,
    audiences: Vec<&'static str>,
    campaign: Option<&'static str>,
    /// A translation (.en.md): the same item in another language, never counted.
    translation: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum GenKind {
    Article,
    VideoByTopic,
    VideoByFolder,
    Infographic,
    Faq,
}

const AUDIENCES: [&str; 3] = ["hoc-sinh-sinh-vien", "nguoi-lao-dong", "ho-gia-dinh"];
const CAMPAIGNS: [&str; 2] = ["thang-5", "ngay-bhyt"];
/// The report's `now`: 22/11/2026 08:00 site time.
const NOW_LOCAL: (i16, i8, i8, i8, i8) = (2026, 11, 22, 8, 0);

/// A small deterministic generator (no clock, no crate): the corpus is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn corpus() -> Vec<Spec> {
    let mut rng = Lcg(7);
    let mut specs = Vec::new();
    let kinds = [GenKind::Article, GenKind::VideoByTopic, GenKind::VideoByFolder, GenKind::Infographic, GenKind::Faq];
    for n in 0..90 {
        let kind = kinds[rng.next(5) as usize];
        let year = 2025 + rng.next(3) as i16; // 2025, 2026, 2027
        let (month, day) = (1 + rng.next(12) as i8, 1 + rng.next(28) as i8);
        let (hour, minute) = (rng.next(24) as i8, rng.next(60) as i8);
        let date_only = rng.next(4) == 0;
        let local = if date_only { (year, month, day, 0, 0) } else { (year, month, day, hour, minute) };
        let written = if date_only {
            format!("date = {year:04}-{month:02}-{day:02}")
        } else {
            format!("date = 2024-01-01\npublish_at = {year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:00")
        };
        let audiences: Vec<&str> = AUDIENCES.iter().copied().filter(|_| rng.next(2) == 0).collect();
        let campaign = match rng.next(4) {
            0 => Some(CAMPAIGNS[0]),
            1 => Some(CAMPAIGNS[1]),
            _ => None,
        };
        specs.push(Spec {
            file: format!("muc-{n:03}"),
            kind,
            local,
            written,
            draft: rng.next(10) == 0,
            republished: rng.next(5) == 0,
            bhyt: rng.next(3) == 0,
            audiences,
            campaign,
            translation: false,
        });
    }
    // The edges of the first half of 2026, in site time: in, out, in, out; and one written in UTC
    // that is local midnight of 1 January (in).
    for (n, (local, written)) in [
        ((2026, 1, 1, 0, 0), "date = 2026-01-01T00:00:00".to_string()),
        ((2025, 12, 31, 23, 59), "date = 2025-12-31T23:59:59".to_string()),
        ((2026, 6, 30, 23, 59), "date = 2026-06-30T23:59:59".to_string()),
        ((2026, 7, 1, 0, 0), "date = 2026-07-01".to_string()),
        ((2026, 1, 1, 0, 0), "date = 2025-12-31T17:00:00Z".to_string()),
    ]
    .into_iter()
    .enumerate()
    {
        specs.push(Spec {
            file: format!("bien-{n}"),
            kind: GenKind::Article,
            local,
            written,
            draft: false,
            republished: n % 2 == 0,
            bhyt: true,
            audiences: vec![AUDIENCES[n % 3]],
            campaign: Some(CAMPAIGNS[n % 2]),
            translation: false,
        });
    }
    // Translations of a few articles: same dates, never counted.
    let translated: Vec<Spec> = specs
        .iter()
        .filter(|s| s.kind == GenKind::Article && !s.draft)
        .take(4)
        .map(|s| Spec {
            file: format!("{}.en", s.file),
            kind: s.kind,
            local: s.local,
            written: s.written.clone(),
            draft: s.draft,
            republished: s.republished,
            bhyt: s.bhyt,
            audiences: s.audiences.clone(),
            campaign: s.campaign,
            translation: true,
        })
        .collect();
    specs.extend(translated);
    specs
}

fn write_corpus(specs: &[Spec]) -> SiteTest {
    let mut test = SiteTest::from_fixture("build/minimal");
    test.write(
        "content/site.toml",
        "title = \"Cổng báo cáo\"\nbase_url = \"https://bhxh-thunghiem.example.vn\"\n\n[topics]\nbhyt = \"BHYT\"\n\
         video = \"Video\"\nkhac = \"Khác\"\n\n[languages.en]\ntitle = \"Report portal\"\n",
    );
    fs::remove_dir_all(test.root().join("content/tin-tuc")).unwrap();
    for (slug, name) in AUDIENCES.iter().zip(["Học sinh, sinh viên", "Người lao động", "Hộ gia đình"]) {
        test.write(&format!("content/doi-tuong/{slug}.md"), format!("+++\ntitle = \"{name}\"\n+++\n"));
    }
    test.write(
        "content/chien-dich/thang-5.md",
        "+++\ntitle = \"Tháng 5\"\nstarts = \"05-01\"\nends = \"05-31\"\n+++\n",
    )
    .write(
        "content/chien-dich/ngay-bhyt.md",
        "+++\ntitle = \"Ngày BHYT\"\nstarts = \"07-01\"\nends = \"07-01\"\n+++\n",
    );
    let png = fs::read(fixtures_dir().join("editorial/site/content/infographic/ty-le-dong.png")).unwrap();
    test.write("content/infographic/anh.png", png);
    for s in specs {
        let folder = match s.kind {
            GenKind::Article | GenKind::VideoByTopic => "tin-tuc",
            GenKind::VideoByFolder => "video",
            GenKind::Infographic => "infographic",
            GenKind::Faq => "hoi-dap",
        };
        let mut topics = Vec::new();
        if s.bhyt {
            topics.push("\"bhyt\"");
        }
        if s.kind == GenKind::VideoByTopic {
            topics.push("\"video\"");
        } else {
            topics.push("\"khac\"");
        }
        let audiences = s.audiences.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ");
        let mut front = format!(
            "+++\ntitle = \"Mục {}\"\n{}\ndraft = {}\naudiences = [{audiences}]\ntopics = [{}]\n",
            s.file,
            s.written,
            s.draft,
            topics.join(", ")
        );
        if let Some(c) = s.campaign {
            front.push_str(&format!("campaign = \"{c}\"\n"));
        }
        if s.republished {
            front.push_str("origin = \"republished\"\nsource_url = \"https://baohiemxahoi.gov.vn/tin\"\n");
        }
        // Some items have expired since (those of 2025 by the report's now): they were still
        // published in the period.
        if s.local.2 % 3 == 0 {
            front.push_str(&format!("expire_at = {:04}-12-31T23:59:59\n", s.local.0));
        }
        if s.kind == GenKind::Infographic {
            front.push_str("image = \"anh.png\"\nalt = \"Biểu đồ\"\n");
        }
        // video/ holds the video kind (issue 19); its body is the transcript.
        if s.kind == GenKind::VideoByFolder {
            front.push_str("youtube = \"dQw4w9WgXcQ\"\n");
        }
        front.push_str("+++\n\nNội dung của mục.\n");
        test.write(&format!("content/{folder}/{}.md", s.file), front);
    }
    test
}

/// The figures the report must give, computed from the specs alone.
fn expected(specs: &[Spec], from: (i16, i8, i8), to: (i16, i8, i8)) -> Value {
    let start = (from.0, from.1, from.2, 0, 0);
    let end = (to.0, to.1, to.2, 23, 59);
    let counted: Vec<&Spec> = specs
        .iter()
        .filter(|s| !s.draft && !s.translation && s.local >= start && s.local <= end && s.local <= NOW_LOCAL)
        .collect();
    let items: Vec<&&Spec> = counted.iter().filter(|s| s.kind != GenKind::Faq).collect();
    let videos = items.iter().filter(|s| matches!(s.kind, GenKind::VideoByTopic | GenKind::VideoByFolder)).count();
    let mut months: BTreeMap<String, usize> = BTreeMap::new();
    let (mut y, mut m) = (from.0, from.1);
    while (y, m) <= (to.0, to.1) {
        months.insert(format!("{y:04}-{m:02}"), 0);
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    for s in &items {
        *months.entry(format!("{:04}-{:02}", s.local.0, s.local.1)).or_default() += 1;
    }
    serde_json::json!({
        "items": items.len(),
        "articles": items.iter().filter(|s| s.kind == GenKind::Article).count(),
        "videos": videos,
        "infographics": items.iter().filter(|s| s.kind == GenKind::Infographic).count(),
        "qa": counted.iter().filter(|s| s.kind == GenKind::Faq).count(),
        "original": items.iter().filter(|s| !s.republished).count(),
        "republished": items.iter().filter(|s| s.republished).count(),
        "bhyt": items.iter().filter(|s| s.bhyt).count(),
        "by_audience": AUDIENCES.iter().map(|a| (a.to_string(), items.iter().filter(|s| s.audiences.contains(a)).count())).collect::<BTreeMap<_, _>>(),
        "by_campaign": CAMPAIGNS.iter().map(|c| (c.to_string(), items.iter().filter(|s| s.campaign == Some(*c)).count())).collect::<BTreeMap<_, _>>(),
        "by_month": months,
    })
}

/// The report's JSON, with the breakdowns as slug → count maps.
fn reported(test: &mut SiteTest, from: &str, to: &str) -> Value {
    loa(test, &["report", "--from", from, "--to", to, "--format", "json"], crate::helpers::NOW).assert_ok();
    let v: Value = serde_json::from_str(&test.stdout()).expect("report --format json prints JSON");
    let rows = |key: &str| -> BTreeMap<String, u64> {
        v[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key} missing in {v}"))
            .iter()
            .map(|r| (r["slug"].as_str().unwrap().to_string(), r["items"].as_u64().unwrap()))
            .collect()
    };
    let mut out = serde_json::json!({
        "by_audience": rows("by_audience"),
        "by_campaign": rows("by_campaign"),
        "by_month": rows("by_month"),
    });
    for key in ["items", "articles", "videos", "infographics", "qa", "original", "republished", "bhyt"] {
        out[key] = v[key].clone();
    }
    out
}

#[test]
fn report_counts_match_a_generated_corpus() {
    let specs = corpus();
    // The corpus exercises every rule within 2026: each kind, both origins, BHYT, drafts, items
    // still scheduled, and translations of counted items.
    let in_2026 = |s: &&Spec| s.local.0 == 2026;
    for kind in [GenKind::Article, GenKind::VideoByTopic, GenKind::VideoByFolder, GenKind::Infographic, GenKind::Faq] {
        assert!(specs.iter().filter(in_2026).any(|s| s.kind == kind && !s.draft && s.local <= NOW_LOCAL));
    }
    assert!(specs.iter().filter(in_2026).any(|s| s.republished && !s.draft));
    assert!(specs.iter().filter(in_2026).any(|s| s.draft));
    assert!(specs.iter().filter(in_2026).any(|s| s.local > NOW_LOCAL && !s.draft));
    assert!(specs.iter().filter(in_2026).any(|s| s.translation));
    let mut test = write_corpus(&specs);
    test.check().assert_ok();
    for (from, to, f, t) in [
        ("2026-01-01", "2026-06-30", (2026, 1, 1), (2026, 6, 30)),
        ("2026-01-01", "2026-12-31", (2026, 1, 1), (2026, 12, 31)),
        ("2025-07-01", "2025-12-31", (2025, 7, 1), (2025, 12, 31)),
    ] {
        let want = expected(&specs, f, t);
        assert!(want["items"].as_u64().unwrap() > 5, "the corpus is too thin for {from} – {to}: {want}");
        assert_eq!(reported(&mut test, from, to), want, "report {from} – {to}");
    }
    // Nothing published after --now counts, however far --to reaches.
    let this_year = expected(&specs, (2026, 1, 1), (2027, 12, 31));
    assert_eq!(reported(&mut test, "2026-01-01", "2027-12-31")["items"], this_year["items"]);
}

#[test]
fn report_prints_markdown_and_csv_with_the_same_figures() {
    let specs = corpus();
    let mut test = write_corpus(&specs);
    let want = expected(&specs, (2026, 1, 1), (2026, 6, 30));
    let items = want["items"].as_u64().unwrap();
    let bhyt = want["bhyt"].as_u64().unwrap();
    loa(&mut test, &["report", "--from", "2026-01-01", "--to", "2026-06-30"], crate::helpers::NOW)
        .assert_ok()
        .stdout_contains("01/01/2026 – 30/06/2026")
        .stdout_contains(&format!("| **Tin, bài đã đăng (bài viết, video, infographic, phóng sự ảnh)** | {items} |"))
        .stdout_contains(&format!("| Riêng về bảo hiểm y tế (BHYT) | {bhyt} |"))
        .stdout_contains("| Tháng 6/2026 |");
    loa(&mut test, &["report", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "csv"], crate::helpers::NOW)
        .assert_ok();
    let csv = test.stdout();
    assert!(csv.starts_with("section,key,name,items\n"), "{csv}");
    assert!(csv.contains(&format!(
        "\ntotal,items,\"Tin, bài đã đăng (bài viết, video, infographic, phóng sự ảnh)\",{items}\n"
    )));
    let audience = want["by_audience"]["hoc-sinh-sinh-vien"].as_u64().unwrap();
    assert!(csv.contains(&format!("\naudience,hoc-sinh-sinh-vien,\"Học sinh, sinh viên\",{audience}\n")), "{csv}");
    assert_eq!(csv.lines().filter(|l| l.starts_with("month,")).count(), 6);
}

#[test]
fn report_rejects_a_period_that_is_not_one() {
    let mut test = editorial();
    loa(&mut test, &["report", "--from", "2027-06-30", "--to", "2027-01-01"], JUNE_19)
        .assert_exit(2)
        .stderr_contains("--to 2027-01-01 đứng trước --from 2027-06-30");
    loa(&mut test, &["report", "--from", "30/06/2027", "--to", "2027-12-31"], JUNE_19)
        .assert_exit(2)
        .stderr_contains("YYYY-MM-DD");
}
