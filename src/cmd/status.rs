//! `loa status`: the overdue alarm. Builds what must be live now in memory and compares it with
//! what is served (an output folder, or the public site over HTTP); exit 1 when anything is
//! wrong, for a systemd unit or a monitoring system to act on.

use jiff::Timestamp;

use super::cli::{CheckFormat, StatusArgs};
use super::common::{self, print_diagnostics, print_stdout, Failure};
use crate::content::publish::{TargetKind, TargetSettings};
use crate::diag::Diagnostics;
use crate::messages::Lang;
use crate::msg;
use crate::publish::served::Served;
use crate::publish::status::{check, duration, state_name, Entry, Expected, Lists, Report, Settings};
use crate::publish::History;
use crate::site::urls::addresses;
use crate::site::{load_site, Options, Preview};
use crate::templates::Images;
use crate::text::date::display_date;

pub fn run(args: &StatusArgs) -> Result<(), Failure> {
    let site_args = args.site();
    let options = common::options(&site_args, None, Images::Skip)?;
    let languages: Vec<String> = match common::load_config(&site_args) {
        Ok((config, _)) => config.language_codes().map(str::to_string).collect(),
        Err(_) => Vec::new(),
    };
    let lists = Lists::new(&content_folders(&args.root.join("content")), &languages);
    let built = match crate::build::build(&options, None, &lists) {
        Ok(built) => built,
        Err(Failure::Errors(diags)) => return Err(cannot_build(diags, args.format)),
        Err(e) => return Err(e),
    };
    let lists = lists.into_files();
    let site = &built.site;
    let lang = Lang::choose(args.lang, &site.config.language);
    let mut diags = Diagnostics::in_lang(lang);
    let preview = Preview { future: true, drafts: true };
    let everything = load_site(&args.root, site.config.clone(), Options { now: site.now, preview }, &mut diags)?;
    let listed = addresses(site, &built.prepared.indexes);
    let served = match &args.url {
        Some(url) if !(url.starts_with("http://") || url.starts_with("https://")) => {
            return Err(Failure::UsageIn(
                lang,
                msg!(
                    "--url {url}: phải là địa chỉ bắt đầu bằng http:// hoặc https://, vd. https://bhxh.tinh.gov.vn/",
                    "--url {url}: must be an address starting with http:// or https://, e.g. https://bhxh.example.vn/"
                )
                .get(lang)
                .to_string(),
            ))
        }
        Some(url) => Served::http(url),
        None => Served::folder(args.out.clone().unwrap_or_else(|| web_root(&args.root, &site.config.publish.targets))),
    };
    if let Served::Folder(dir) = &served {
        if !dir.is_dir() {
            let shown = dir.display();
            return Err(Failure::UsageIn(
                lang,
                msg!(
                    "{shown} không phải một thư mục; --out phải là thư mục kết quả đang được phục vụ",
                    "{shown} is not a folder; --out must be the output folder being served"
                )
                .get(lang)
                .to_string(),
            ));
        }
    }
    let history = History::load(&args.root)?;
    let expected =
        Expected { live: site, paths: &built.paths, lists: &lists, addresses: &listed, everything: &everything };
    let settings = Settings { all: args.all, grace: jiff::Span::new().seconds(i64::from(args.grace)), lang };
    let report = check(&expected, &served, settings, &history);
    match args.format {
        CheckFormat::Json => {
            let mut value = serde_json::to_value(&report).map_err(|e| Failure::Other(e.into()))?;
            value["ok"] = report.ok().into();
            let text = serde_json::to_string_pretty(&value).map_err(|e| Failure::Other(e.into()))?;
            print_stdout(&format!("{text}\n"));
        }
        CheckFormat::Text => print_stdout(&text(&report, site, lang)),
    }
    if report.ok() {
        Ok(())
    } else {
        Err(Failure::Content)
    }
}

/// Every folder of `content` relative to it ("" for content/ itself, "tin-tuc", …): the
/// sections, whose list pages status reads.
fn content_folders(content: &std::path::Path) -> Vec<String> {
    walkdir::WalkDir::new(content)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .filter_map(|e| e.path().strip_prefix(content).ok().map(|p| p.to_string_lossy().replace('\\', "/")))
        .collect()
}

/// Without --out: the web root `loa publish` delivers to (the first folder target of
/// site.toml's [publish]), else the build output, ROOT/public.
fn web_root(root: &std::path::Path, targets: &[TargetSettings]) -> std::path::PathBuf {
    targets
        .iter()
        .find_map(|t| match &t.kind {
            TargetKind::Folder { path } => Some(root.join(path)),
            _ => None,
        })
        .unwrap_or_else(|| root.join("public"))
}

/// The content does not build: nothing new can be published, which is itself the alarm.
fn cannot_build(diags: Diagnostics, format: CheckFormat) -> Failure {
    let lang = diags.lang();
    let errors = diags.error_count();
    let why = msg!(
        "Nội dung có {errors} lỗi nên không dựng được: không bài mới nào lên được cho tới khi sửa xong (chạy `loa check`).",
        "The content has {errors} errors and cannot be built: nothing new can go live until they are fixed (run `loa check`)."
    );
    match format {
        CheckFormat::Json => {
            let value = serde_json::json!({ "ok": false, "content_errors": errors, "message": why.get(lang) });
            print_stdout(&format!("{value:#}\n"));
        }
        CheckFormat::Text => {
            print_diagnostics(diags);
            eprintln!("{}", why.get(lang));
        }
    }
    Failure::Content
}

/// The report for people, in the site's language.
fn text(report: &Report, site: &crate::site::Site, lang: Lang) -> String {
    use std::fmt::Write as _;
    let tz = &site.config.timezone;
    let when = |rfc3339: &str| -> String {
        match rfc3339.parse::<jiff::Zoned>().map(|z| z.timestamp()).or_else(|_| rfc3339.parse::<Timestamp>()) {
            Ok(ts) => {
                format!("{} {}", ts.to_zoned(tz.clone()).strftime("%H:%M"), display_date(ts, tz, &site.config.language))
            }
            Err(_) => rfc3339.to_string(),
        }
    };
    let mut out = String::new();
    let (now, served) = (when(&report.now), &report.served);
    let (items, lists) = (report.items_checked, report.lists_checked);
    let _ = writeln!(
        out,
        "{}",
        msg!(
            "Trạng thái cổng lúc {now} ({}), nơi phục vụ: {served} (đã đọc {items} trang bài, {lists} danh sách)",
            "Portal status at {now} ({}), served from: {served} ({items} item pages and {lists} lists read)",
            site.config.timezone_name
        )
        .get(lang)
    );
    let item_line = |out: &mut String, e: &Entry| {
        let mut line = format!("    {}  «{}»  ({})", e.url, e.title, e.file);
        if let Some(due) = &e.due {
            let label = match e.state {
                crate::site::State::Expired => lang.pick("hết hạn", "expired"),
                _ => lang.pick("hẹn đăng", "due"),
            };
            let _ = write!(line, ", {label} {}", when(due));
        }
        if let Some(late) = e.late_seconds {
            let _ = write!(line, ", {} {}", lang.pick("trễ", "late by"), duration(late, lang));
        }
        if e.late_seconds.is_none() {
            let _ = write!(line, ", {}", state_name(e.state).get(lang));
        }
        if let Some(list) = &e.seen_in {
            let _ = write!(line, ", {} {list}", lang.pick("có trong danh sách", "listed in"));
        }
        let _ = writeln!(out, "{line}");
    };
    // A site that could not be read at all: say that, not that nothing is overdue.
    let reached = report.items_checked + report.lists_checked > 0 || report.unreadable.is_empty();
    let n = report.overdue.len();
    if !reached {
    } else if n == 0 {
        let _ = writeln!(out, "  {}", msg!("Không có bài quá hạn.", "No overdue items.").get(lang));
    } else {
        let _ = writeln!(
            out,
            "  {}",
            msg!(
                "LỖI: {n} bài quá hạn (đã đến giờ đăng mà chưa có trên trang):",
                "WRONG: {n} overdue items (due, yet not served):"
            )
            .get(lang)
        );
        report.overdue.iter().for_each(|e| item_line(&mut out, e));
    }
    let n = report.early.len();
    if !reached {
    } else if n == 0 {
        let _ = writeln!(out, "  {}", msg!("Không có bài lên sớm.", "No early items.").get(lang));
    } else {
        let _ = writeln!(
            out,
            "  {}",
            msg!(
                "LỖI: {n} bài đang có trên trang mà không được có (chưa đến giờ, bản nháp hoặc đã hết hạn):",
                "WRONG: {n} items served that must not be (not yet due, drafts or expired):"
            )
            .get(lang)
        );
        report.early.iter().for_each(|e| item_line(&mut out, e));
    }
    if !reached {
    } else if report.stale_lists.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            msg!(
                "Trang chủ, chuyên mục và nguồn tin đều có đủ bài đang đăng.",
                "Home pages, sections and feeds list every live item."
            )
            .get(lang)
        );
    } else {
        let n = report.stale_lists.len();
        let _ = writeln!(
            out,
            "  {}",
            msg!(
                "LỖI: {n} danh sách cũ (thiếu bài đang đăng; bộ nhớ đệm hoặc CDN còn giữ bản cũ?):",
                "WRONG: {n} stale lists (missing live items; a cache or CDN holding an old copy?):"
            )
            .get(lang)
        );
        for list in &report.stale_lists {
            if list.missing == [list.url.clone()] {
                let _ = writeln!(out, "    {}: {}", list.url, lang.pick("không có trên trang", "not served"));
            } else {
                let _ = writeln!(out, "    {} {}: {}", list.url, lang.pick("thiếu", "misses"), list.missing.join(", "));
            }
        }
    }
    for why in &report.unreadable {
        let _ = writeln!(out, "  {}: {why}", lang.pick("LỖI", "WRONG"));
    }
    match &report.last_publish {
        Some(last) => {
            let (at, generation) = (when(&last.at), last.generation);
            let _ = writeln!(
                out,
                "  {}",
                msg!(
                    "Lần xuất bản thành công gần nhất: {at} (bản {generation}).",
                    "Last successful publish: {at} (build {generation})."
                )
                .get(lang)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  {}",
                msg!(
                    "Chưa có lần `loa publish` thành công nào được ghi (.loa/publish/history.json).",
                    "No successful `loa publish` recorded yet (.loa/publish/history.json)."
                )
                .get(lang)
            );
        }
    }
    if let Some(failed) = &report.last_publish_failed {
        let (at, targets) = (when(&failed.at), failed.targets.join("; "));
        let _ = writeln!(
            out,
            "  {}",
            msg!(
                "LỖI: lần xuất bản gần nhất ({at}) thất bại: {targets}",
                "WRONG: the last publish ({at}) failed: {targets}"
            )
            .get(lang)
        );
    }
    if let Some(next) = &report.next_change {
        let (at, title) = (when(&next.at), &next.title);
        let kind = match next.kind.as_str() {
            "publish" => lang.pick("đăng", "publish"),
            "expire" => lang.pick("hết hạn, gỡ xuống", "expire"),
            "campaignopens" => lang.pick("chiến dịch bắt đầu", "campaign opens"),
            "campaigncloses" => lang.pick("chiến dịch kết thúc", "campaign closes"),
            _ => lang.pick("lịch sang năm mới", "calendar turns year"),
        };
        let file = next.file.as_deref().map(|f| format!(" ({f})")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}",
            msg!("Thay đổi kế tiếp: {at}, {kind} «{title}»{file}.", "Next change: {at}, {kind} «{title}»{file}.")
                .get(lang)
        );
    }
    let _ = writeln!(
        out,
        "{}",
        if report.ok() {
            msg!("Mọi thứ đúng.", "All is right.")
        } else {
            msg!("Có điều sai: xem các dòng LỖI ở trên.", "Something is wrong: see the WRONG lines above.")
        }
        .get(lang)
    );
    out
}
