//! `loa report --from D --to D`: the website part of the half-year and yearly communication
//! report, as Markdown tables (to paste into the report), CSV (for a spreadsheet) or JSON. What
//! counts is defined in [`crate::site::figures`].

use jiff::civil::Date;

use super::cli::{ReportArgs, ReportFormat};
use super::common::{load_checked, print_stdout, Failure};
use crate::messages::{Lang, Msg};
use crate::msg;
use crate::site::figures::{figures, Figures, Row};
use crate::site::Preview;

pub fn run(args: &ReportArgs) -> Result<(), Failure> {
    // Expired items were published too; scheduled ones are left out by the count itself.
    let (site, _) = load_checked(&args.common.site(), Preview { future: true, drafts: false })?;
    let lang = Lang::choose(args.common.lang, &site.config.language);
    let usage = |m: Msg| Failure::UsageIn(lang, m.get(lang).to_string());
    let day = |flag: &str, text: &str| {
        text.trim().parse::<Date>().map_err(|_| {
            usage(msg!(
                "{flag}: `{text}` không phải ngày; hãy ghi YYYY-MM-DD, ví dụ 2026-06-30",
                "{flag}: `{text}` is not a day; write YYYY-MM-DD, e.g. 2026-06-30"
            ))
        })
    };
    let from = day("--from", &args.from)?;
    let to = day("--to", &args.to)?;
    if to < from {
        return Err(usage(msg!("--to {to} đứng trước --from {from}", "--to {to} is before --from {from}")));
    }
    let figures = figures(&site, from, to).ok_or_else(|| {
        usage(msg!(
            "không xác định được khoảng {from} – {to} trong múi giờ của cổng",
            "the period {from} – {to} cannot be placed in the site's time zone"
        ))
    })?;
    let text = match args.format {
        ReportFormat::Md => markdown(&figures, &site.config.title, lang),
        ReportFormat::Csv => csv(&figures, lang),
        ReportFormat::Json => {
            let mut json = serde_json::to_string_pretty(&figures).map_err(|e| Failure::Other(e.into()))?;
            json.push('\n');
            json
        }
    };
    print_stdout(&text);
    Ok(())
}

/// The labels of the report's lines, in both languages.
struct Labels {
    items: Msg,
    articles: Msg,
    videos: Msg,
    infographics: Msg,
    photo_stories: Msg,
    qa: Msg,
    legal: Msg,
    original: Msg,
    republished: Msg,
    bhyt: Msg,
}

fn labels() -> Labels {
    Labels {
        items: Msg::new(
            "Tin, bài đã đăng (bài viết, video, infographic, phóng sự ảnh)",
            "Items published (articles, videos, infographics, photo stories)",
        ),
        articles: Msg::new("Bài viết", "Articles"),
        videos: Msg::new("Video", "Videos"),
        infographics: Msg::new("Infographic", "Infographics"),
        photo_stories: Msg::new("Phóng sự ảnh", "Photo stories"),
        qa: Msg::new("Hỏi – đáp trực tuyến", "Online Q&A"),
        legal: Msg::new("Văn bản đăng tải", "Legal documents published"),
        original: Msg::new("Tự viết mới", "Newly written"),
        republished: Msg::new("Đăng lại", "Republished"),
        bhyt: Msg::new("Riêng về bảo hiểm y tế (BHYT)", "Specifically about health insurance (BHYT)"),
    }
}

fn display_day(day: &str, lang: Lang) -> String {
    match (lang, day.parse::<Date>()) {
        (Lang::Vi, Ok(d)) => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        _ => day.to_string(),
    }
}

fn markdown(f: &Figures, site_title: &str, lang: Lang) -> String {
    let l = labels();
    let t = |m: &Msg| m.get(lang).to_string();
    let mut s = String::new();
    let (from, to) = (display_day(&f.from, lang), display_day(&f.to, lang));
    s.push_str(&format!(
        "# {}\n\n",
        lang.pick(&format!("Số liệu cổng thông tin điện tử {from} – {to}"), &format!("Portal figures {from} – {to}"))
    ));
    s.push_str(&format!("{site_title}\n\n"));
    let heading = |vi: &str, en: &str| format!("\n## {}\n\n", lang.pick(vi, en));
    let table = |rows: &[(String, usize)], head: &str| {
        let mut out = format!("| {head} | {} |\n| --- | ---: |\n", lang.pick("Số tin, bài", "Items"));
        for (name, n) in rows {
            out.push_str(&format!("| {} | {n} |\n", name.replace('|', "\\|")));
        }
        out
    };
    s.push_str(&table(
        &[
            (format!("**{}**", t(&l.items)), f.items),
            (format!("— {}", t(&l.articles)), f.articles),
            (format!("— {}", t(&l.videos)), f.videos),
            (format!("— {}", t(&l.infographics)), f.infographics),
            (format!("— {}", t(&l.photo_stories)), f.photo_stories),
            (t(&l.original), f.original),
            (t(&l.republished), f.republished),
            (t(&l.bhyt), f.bhyt),
            (t(&l.qa), f.qa),
            (t(&l.legal), f.legal),
        ],
        lang.pick("Chỉ tiêu", "Figure"),
    ));
    let rows = |rows: &[Row]| rows.iter().map(|r| (r.name.clone(), r.items)).collect::<Vec<_>>();
    s.push_str(&heading("Theo nhóm đối tượng", "By audience"));
    s.push_str(&table(&rows(&f.by_audience), lang.pick("Nhóm đối tượng", "Audience")));
    s.push_str(&heading("Theo chiến dịch", "By campaign"));
    s.push_str(&table(&rows(&f.by_campaign), lang.pick("Chiến dịch", "Campaign")));
    s.push_str(&heading("Theo tháng", "By month"));
    let months: Vec<(String, usize)> =
        f.by_month.iter().map(|r| (lang.pick(&format!("Tháng {}", r.name), &r.slug).to_string(), r.items)).collect();
    s.push_str(&table(&months, lang.pick("Tháng", "Month")));
    s.push_str(&format!(
        "\n{}\n",
        lang.pick(
            "Cách đếm: mục đã đăng trong khoảng (theo thời điểm đăng, giờ của cổng), không tính bản nháp, mục \
             hẹn giờ chưa đăng và bản dịch; mục đã hết hạn vẫn được tính. Video là bài viết có chủ đề `video` \
             hoặc nằm trong thư mục `video`. Hỏi – đáp và văn bản được đếm riêng. Một mục viết cho nhiều nhóm được tính ở mỗi nhóm.",
            "Counted: items published in the period (by publish instant, site time), not drafts, not items \
             still scheduled, not translations; items that have since expired count. A video is an article \
             with the topic `video` or in a `video` folder. Q&A and legal documents are counted on their own. An item for several audiences counts in each."
        )
    ));
    s
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// One line per figure: `section,key,name,items`.
fn csv(f: &Figures, lang: Lang) -> String {
    let l = labels();
    let mut s = String::from("section,key,name,items\n");
    let mut line = |section: &str, key: &str, name: &str, n: usize| {
        s.push_str(&format!("{section},{},{},{n}\n", csv_field(key), csv_field(name)));
    };
    line("total", "items", l.items.get(lang), f.items);
    line("kind", "articles", l.articles.get(lang), f.articles);
    line("kind", "videos", l.videos.get(lang), f.videos);
    line("kind", "infographics", l.infographics.get(lang), f.infographics);
    line("kind", "photo_stories", l.photo_stories.get(lang), f.photo_stories);
    line("origin", "original", l.original.get(lang), f.original);
    line("origin", "republished", l.republished.get(lang), f.republished);
    line("topic", "bhyt", l.bhyt.get(lang), f.bhyt);
    line("qa", "qa", l.qa.get(lang), f.qa);
    line("legal", "legal", l.legal.get(lang), f.legal);
    for r in &f.by_audience {
        line("audience", &r.slug, &r.name, r.items);
    }
    for r in &f.by_campaign {
        line("campaign", &r.slug, &r.name, r.items);
    }
    for r in &f.by_month {
        line("month", &r.slug, &r.name, r.items);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_names_with_commas() {
        assert_eq!(csv_field("Học sinh, sinh viên"), "\"Học sinh, sinh viên\"");
        assert_eq!(csv_field("Nói \"không\""), "\"Nói \"\"không\"\"\"");
        assert_eq!(csv_field("BHYT"), "BHYT");
    }
}
