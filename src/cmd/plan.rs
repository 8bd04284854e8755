//! `loa plan --year Y`: the coverage matrix of audiences × campaign runs of a year, as a table
//! in the terminal and as an HTML page for editors. The page is written outside the portal
//! (`ROOT/.loa/plan-Y.html` unless `--out-file` says otherwise) and never inside the output
//! folder, content/ or a theme, since it lists items that are not published yet.

use std::path::{Component, Path, PathBuf};

use super::cli::PlanArgs;
use super::common::{load_checked, print_stdout, Failure};
use crate::messages::{Lang, Msg};
use crate::msg;
use crate::site::coverage::{matrix, Matrix};
use crate::site::{Item, Preview, State};
use crate::templates::context::display_date;
use crate::text::escape_html as escape;

/// The marker loa leaves in every folder it publishes into (see `output::commit`).
const OUTPUT_MARKER: &str = ".loa-output";

/// Audience names longer than this are shortened in the terminal table.
const NAME_WIDTH: usize = 44;

pub fn run(args: &PlanArgs) -> Result<(), Failure> {
    let root = &args.common.root;
    // Scheduled items are what a plan is made of; drafts are not scheduled yet.
    let (site, _) = load_checked(&args.common.site(), Preview { future: true, drafts: false })?;
    let lang = Lang::choose(args.common.lang, &site.config.language);
    let year = args.year.unwrap_or_else(|| site.today.year());
    let out = args.out_file.clone().unwrap_or_else(|| root.join(".loa").join(format!("plan-{year}.html")));
    if let Some(why) = refused(root, &out) {
        let shown = out.display();
        let (why_vi, why_en) = (&why.vi, &why.en);
        return Err(Failure::UsageIn(
            lang,
            msg!(
                "không ghi kế hoạch vào {shown}: {why_vi}; trang này liệt kê cả bài chưa đăng nên không được \
                 nằm trong cổng. Hãy chọn --out-file khác, ví dụ .loa/plan-{year}.html",
                "not writing the plan to {shown}: {why_en}; it lists unpublished items, so it must stay out of \
                 the portal. Choose another --out-file, such as .loa/plan-{year}.html"
            )
            .get(lang)
            .to_string(),
        ));
    }
    let m = matrix(&site, year);
    print_stdout(&table(&m, lang));
    let html = page(&m, &site.config.title, &site.config.language, lang, site.now, &site.config.timezone);
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Failure::Other(anyhow::anyhow!("creating {}: {e}", dir.display())))?;
    }
    std::fs::write(&out, html).map_err(|e| Failure::Other(anyhow::anyhow!("writing {}: {e}", out.display())))?;
    print_stdout(&format!(
        "{}\n",
        msg!("Trang HTML cho biên tập viên: {}", "HTML page for editors: {}", out.display()).get(lang)
    ));
    Ok(())
}

/// Why the plan may not be written to `out`, if it may not.
fn refused(root: &Path, out: &Path) -> Option<Msg> {
    let root = resolve(root);
    let out = resolve(out);
    let inside = |dir: &str| out.starts_with(root.join(dir));
    if inside("public") {
        return Some(Msg::new("đó là thư mục xuất bản public/", "that is the output folder public/"));
    }
    if inside("content") {
        return Some(Msg::new(
            "tệp trong content/ được đăng lên cổng",
            "files in content/ are published with the portal",
        ));
    }
    if inside("themes") {
        return Some(Msg::new(
            "tệp trong themes/ được đăng lên cổng",
            "files in themes/ are published with the portal",
        ));
    }
    if out.ancestors().skip(1).any(|dir| dir.join(OUTPUT_MARKER).exists()) {
        return Some(Msg::new(
            "thư mục này là nơi loa xuất bản cổng",
            "that folder is one loa publishes the portal into",
        ));
    }
    None
}

/// An absolute path with `.` and `..` removed and the existing part's symlinks followed, so a
/// path cannot reach the output folder by a detour.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut clean = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    // The longest existing ancestor, canonicalised, then the rest as written.
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return clean,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}

/// "01/07" or "01/08 – 30/09".
fn window_text(first: jiff::civil::Date, last: jiff::civil::Date) -> String {
    let day = |d: jiff::civil::Date| format!("{:02}/{:02}", d.day(), d.month());
    if first == last {
        day(first)
    } else {
        format!("{} – {}", day(first), day(last))
    }
}

fn shorten(name: &str, width: usize) -> String {
    if name.chars().count() <= width {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(width - 1).collect();
        s.push('…');
        s
    }
}

fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

/// The terminal table: one row per audience, one column per campaign run, a legend below.
fn table(m: &Matrix<'_>, lang: Lang) -> String {
    let year = m.year;
    let mut s = format!(
        "{}\n",
        msg!(
            "Kế hoạch nội dung năm {year}: số tin, bài cho từng nhóm trong mỗi đợt chiến dịch",
            "Content plan {year}: items for each audience during each campaign run"
        )
        .get(lang)
    );
    if m.runs.is_empty() {
        s.push_str(msg!("  Không có chiến dịch nào trong năm {year}.\n", "  No campaign runs in {year}.\n").get(lang));
        return s;
    }
    s.push_str(lang.pick(
        "(– : chiến dịch không nhắm tới nhóm này; 0! : còn thiếu bài)\n\n",
        "(– : the campaign does not target this audience; 0! : nothing planned yet)\n\n",
    ));
    let width = m.audiences.iter().map(|a| shorten(&a.title, NAME_WIDTH).chars().count()).max().unwrap_or(10).max(10);
    let mut header = pad("", width);
    for n in 1..=m.runs.len() {
        header.push_str(&format!(" {:>5}", format!("[{n}]")));
    }
    s.push_str(header.trim_end());
    s.push('\n');
    for (a, audience) in m.audiences.iter().enumerate() {
        let mut line = pad(&shorten(&audience.title, NAME_WIDTH), width);
        for run in &m.runs {
            let n = run.cells[a].len();
            let cell = if !run.targets(&audience.slug) {
                if n == 0 {
                    "–".to_string()
                } else {
                    n.to_string()
                }
            } else if n == 0 {
                "0!".to_string()
            } else {
                n.to_string()
            };
            line.push_str(&format!(" {cell:>5}"));
        }
        s.push_str(&line);
        s.push('\n');
    }
    s.push('\n');
    for (n, run) in m.runs.iter().enumerate() {
        s.push_str(&format!("[{}] {} ({})\n", n + 1, run.campaign.title, window_text(run.run.first, run.run.last)));
    }
    let gaps = m.gaps().len();
    s.push_str(&format!(
        "{}\n",
        match gaps {
            0 => Msg::new("Mọi nhóm của mọi chiến dịch đều đã có bài.", "Every audience of every campaign has items."),
            n => msg!("Còn {n} ô thiếu bài (0!).", "{n} cells have nothing planned (0!)."),
        }
        .get(lang)
    ));
    s
}

/// The HTML page: the same matrix, each cell listing its items, gaps marked.
fn page(
    m: &Matrix<'_>,
    site_title: &str,
    site_lang: &str,
    lang: Lang,
    now: jiff::Timestamp,
    tz: &jiff::tz::TimeZone,
) -> String {
    let year = m.year;
    let title = msg!("Kế hoạch nội dung năm {year}", "Content plan {year}").get(lang).to_string();
    let mut h = String::new();
    h.push_str(&format!(
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>{} – {}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        lang.pick("vi", "en"),
        escape(&title),
        escape(site_title),
        STYLE
    ));
    h.push_str(&format!("<h1>{}</h1>\n<p>{}</p>\n", escape(&title), escape(site_title)));
    h.push_str(&format!(
        "<p class=\"note\">{}</p>\n",
        escape(
            msg!(
                "Trang nội bộ cho biên tập viên, lập ngày {}; không đăng lên cổng. Mỗi ô là các tin, bài viết cho \
                 nhóm đó, đăng hoặc hẹn đăng trong thời gian chiến dịch. Ô đỏ: chiến dịch nhắm tới nhóm nhưng \
                 chưa có bài.",
                "Internal page for editors, made on {}; not part of the portal. Each cell lists the items for that \
                 audience published or scheduled during the campaign's run. Red: the campaign targets the \
                 audience and nothing is planned.",
                display_date(now, tz, site_lang)
            )
            .get(lang)
        )
    ));
    if m.runs.is_empty() {
        h.push_str(&format!(
            "<p>{}</p>\n",
            escape(msg!("Không có chiến dịch nào trong năm {year}.", "No campaign runs in {year}.").get(lang))
        ));
    } else {
        h.push_str("<table>\n<thead><tr><th scope=\"col\">");
        h.push_str(lang.pick("Nhóm đối tượng", "Audience"));
        h.push_str("</th>");
        for run in &m.runs {
            h.push_str(&format!(
                "<th scope=\"col\">{}<br><span class=\"when\">{}</span></th>",
                escape(&run.campaign.title),
                window_text(run.run.first, run.run.last)
            ));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for (a, audience) in m.audiences.iter().enumerate() {
            h.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(&audience.title)));
            for run in &m.runs {
                let items = &run.cells[a];
                let targeted = run.targets(&audience.slug);
                let class = match (targeted, items.is_empty()) {
                    (true, true) => "gap",
                    (false, _) => "other",
                    (true, false) => "ok",
                };
                h.push_str(&format!("<td class=\"{class}\"><strong>{}</strong>", items.len()));
                if targeted && items.is_empty() {
                    h.push_str(&format!(" {}", lang.pick("chưa có bài", "nothing planned")));
                }
                if !items.is_empty() {
                    h.push_str("<ul>");
                    for item in items {
                        h.push_str(&item_li(item, lang, tz, site_lang));
                    }
                    h.push_str("</ul>");
                }
                h.push_str("</td>");
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n");
        h.push_str(&format!(
            "<p>{}</p>\n",
            escape(
                match m.gaps().len() {
                    0 => Msg::new(
                        "Mọi nhóm của mọi chiến dịch đều đã có bài.",
                        "Every audience of every campaign has items."
                    ),
                    n => msg!("Còn {n} ô thiếu bài.", "{n} cells have nothing planned."),
                }
                .get(lang)
            )
        ));
    }
    h.push_str("</body>\n</html>\n");
    h
}

fn item_li(item: &Item, lang: Lang, tz: &jiff::tz::TimeZone, site_lang: &str) -> String {
    let state = match item.state {
        State::Scheduled => lang.pick("hẹn giờ", "scheduled"),
        State::Expired => lang.pick("hết hạn", "expired"),
        _ => lang.pick("đã đăng", "published"),
    };
    let when = item.published().map(|t| display_date(t, tz, site_lang)).unwrap_or_default();
    format!(
        "<li>{} <span class=\"when\">({state}, {when}; {})</span></li>",
        escape(&item.title),
        escape(&item.shown.to_string_lossy())
    )
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b2733}\
table{border-collapse:collapse;font-size:.9rem}th,td{border:1px solid #c9d3dd;padding:.4rem;vertical-align:top;text-align:left}\
thead th{background:#eef3f8}td.gap{background:#fde2e1}td.other{color:#6b7785;background:#f7f7f7}\
td.ok{background:#e6f4ea}ul{margin:.3rem 0 0;padding-left:1.1rem}.when{color:#5b6b7b;font-weight:normal;font-size:.85em}\
.note{max-width:60rem;color:#44515e}\n";
