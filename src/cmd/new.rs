//! `loa new KIND "Tiêu đề"`: a new file in the right folder with complete, valid front matter.
//!
//! The file name is the slug of the title (NFC first, so pasted decomposed text gives the same
//! slug); when that name or URL is taken, `-2`, `-3`, … is added. `date` is today in the site's
//! time zone. Audiences, campaign and topics are checked against the site. With `--campaign`
//! and no `--publish-at`, the item is published when the campaign's next run opens (local
//! midnight of its first day). Every new file is a draft: a timer rebuilds the portal every few
//! minutes, and an empty article must not go out before its editor says it is ready.

use std::collections::BTreeSet;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::cli::NewArgs;
use super::common::{load_config, print_stdout, Failure};
use super::new_media;
use crate::content::{Config, Kind};
use crate::diag::{did_you_mean, Diagnostics};
use crate::images::is_image;
use crate::messages::{Lang, Msg};
use crate::msg;
use crate::site::coverage::midnight;
use crate::site::urls::Urls;
use crate::site::window::MonthDay;
use crate::site::{load_site, Options, Preview, Site};
use crate::templates::context::{display_date, iso};
use crate::text::date::parse_instant;
use crate::text::{nfc, slugify};

/// Where the new item goes live, and why then.
struct Publish {
    at: Timestamp,
    /// The campaign run it was taken from, when it was not given.
    campaign: Option<String>,
}

/// Everything the file is made of, checked.
struct Plan {
    kind: Kind,
    title: String,
    folder: String,
    audiences: Vec<String>,
    campaign: Option<String>,
    topics: Vec<String>,
    today: Date,
    publish: Option<Publish>,
    starts: MonthDay,
    ends: MonthDay,
}

pub fn run(args: &NewArgs) -> Result<(), Failure> {
    let site_args = args.common.site();
    let (config, now) = load_config(&site_args)?;
    let lang = Lang::choose(args.common.lang, &config.language);
    let usage = |m: Msg| Failure::UsageIn(lang, m.get(lang).to_string());
    let root = &args.common.root;
    // Everything, drafts and scheduled items included: a slug they hold is taken. The site's
    // own errors are `loa check`'s business; a new file may be what fixes them.
    let mut errors = Diagnostics::default();
    let options = Options { now, preview: Preview { future: true, drafts: true } };
    let site = load_site(root, config, options, &mut errors)?;
    let config = &site.config;
    let tz = &config.timezone;
    let kind = args.kind.kind();

    let title = nfc(args.title.trim()).into_owned();
    if slugify(&title).is_empty() {
        return Err(usage(Msg::new(
            "tiêu đề cần có chữ hoặc số để làm tên tệp",
            "the title needs letters or digits to make a file name from",
        )));
    }
    let folder = folder(kind, args.section.as_deref(), config).map_err(usage)?;
    let audiences = known(&args.audiences, &slugs(&site, Kind::Audience), &Noun::AUDIENCE).map_err(usage)?;
    let campaign = match &args.campaign {
        Some(c) => known(std::slice::from_ref(c), &slugs(&site, Kind::Campaign), &Noun::CAMPAIGN).map_err(usage)?.pop(),
        None => None,
    };
    let topics = topics(&args.topics, config).map_err(usage)?;
    let today = now.to_zoned(tz.clone()).date();
    let publish = match &args.publish_at {
        Some(text) => Some(Publish {
            at: parse_instant(text, tz).map_err(|e| {
                usage(Msg::new(
                    format!(
                        "--publish-at: `{text}` không phải thời điểm; hãy ghi 2027-07-01T07:00 (giờ của cổng) hoặc \
                         2027-07-01T07:00:00+07:00"
                    ),
                    format!("--publish-at: {e}"),
                ))
            })?,
            campaign: None,
        }),
        None if kind_is_listed(kind) => campaign.as_deref().and_then(|c| next_opening(&site, c, today)),
        None => None,
    };
    let month_day = |flag: &str, value: Option<&str>, default: MonthDay| match value {
        None => Ok(default),
        Some(text) => MonthDay::parse(text).map_err(|e| {
            usage(Msg::new(
                format!("{flag}: `{text}` không phải một ngày trong năm; hãy ghi \"MM-DD\", ví dụ 05-01"),
                format!("{flag}: {e}"),
            ))
        }),
    };
    let starts = month_day("--starts", args.starts.as_deref(), MonthDay { month: today.month(), day: today.day() })?;
    let ends = month_day("--ends", args.ends.as_deref(), starts)?;
    let plan = Plan { kind, title, folder, audiences, campaign, topics, today, publish, starts, ends };

    let image_ext = match (&args.image, kind) {
        (Some(path), Kind::Infographic) => Some(image_extension(path).map_err(usage)?),
        (Some(_), _) => {
            return Err(usage(Msg::new("--image chỉ dùng cho infographic", "--image is for infographics only")))
        }
        (None, Kind::Infographic) => Some("svg".to_string()),
        (None, _) => None,
    };
    // Everything is checked: from here on, files are written.
    let dir = root.join("content").join(&plan.folder);
    std::fs::create_dir_all(&dir).map_err(|e| Failure::Other(anyhow::anyhow!("creating {}: {e}", dir.display())))?;
    let taken = taken_urls(&site);
    let base = slugify(&plan.title);
    let mut claimed = None;
    for n in 1..=1000 {
        let slug = if n == 1 { base.clone() } else { format!("{base}-{n}") };
        if let Some(file) =
            claim(&dir, &slug, &plan, &taken, image_ext.as_deref(), &Urls::of(&site), &site.config.language)?
        {
            claimed = Some((slug, file));
            break;
        }
    }
    let (slug, mut file) =
        claimed.ok_or_else(|| Failure::Other(anyhow::anyhow!("no free file name for {base} in {}", dir.display())))?;
    let shown = PathBuf::from("content").join(&plan.folder).join(new_media::file_name(kind, &slug));

    let md = dir.join(new_media::file_name(kind, &slug));
    let image = match (kind, &args.image) {
        (Kind::Infographic, Some(path)) => {
            let name = format!("{slug}.{}", image_ext.as_deref().unwrap_or("png"));
            Some((copy_image(path, &dir.join(&name)).map(|()| name), false))
        }
        (Kind::Infographic, None) => {
            let name = format!("{slug}.svg");
            Some((write_new(&dir.join(&name), placeholder_svg(&plan.title, lang).as_bytes()).map(|()| name), true))
        }
        _ => None,
    };
    let image = match image {
        Some((Ok(name), placeholder)) => Some((name, placeholder)),
        Some((Err(e), _)) => {
            // The claimed file is still empty: take it back rather than leave it half made.
            let _ = std::fs::remove_file(&md);
            return Err(e);
        }
        None => None,
    };
    let text = front_matter(&plan, &site, image.as_ref().map(|(n, _)| n.as_str()), lang);
    file.write_all(text.as_bytes()).map_err(|e| Failure::Other(anyhow::anyhow!("writing {}: {e}", shown.display())))?;

    print_stdout(&format!("{}\n", shown.display()));
    let placeholder = image.as_ref().filter(|(_, p)| *p).map(|(n, _)| n.as_str());
    for note in notes(&plan, &shown, placeholder, &site, errors.error_count()) {
        eprintln!("{}", note.get(lang));
    }
    Ok(())
}

/// What the editor is told after the path: what was made, when it goes live, what to do next.
fn notes(plan: &Plan, shown: &Path, placeholder: Option<&str>, site: &Site, site_errors: usize) -> Vec<Msg> {
    let (kind, config, tz) = (plan.kind, &site.config, &site.config.timezone);
    let kind_name = kind_name(kind);
    let (kind_vi, kind_en) = (&kind_name.vi, &kind_name.en);
    let shown = shown.display();
    let mut notes = vec![msg!(
        "Đã tạo {shown} ({kind_vi}, bản nháp: draft = true).",
        "Created {shown} ({kind_en}, a draft: draft = true)."
    )];
    if let Some(p) = &plan.publish {
        let when =
            format!("{} {}", display_date(p.at, tz, &config.language), p.at.to_zoned(tz.clone()).strftime("%H:%M"));
        notes.push(match &p.campaign {
            Some(c) => msg!("Đăng lúc {when}, khi đợt \"{c}\" mở.", "Goes live at {when}, when \"{c}\" opens."),
            None => msg!("Đăng lúc {when}.", "Goes live at {when}."),
        });
    } else if let (Some(c), true) = (&plan.campaign, kind_is_listed(kind)) {
        notes.push(msg!(
            "Chiến dịch `{c}` không còn đợt nào sắp tới: bài đăng theo `date` khi bỏ nháp.",
            "Campaign `{c}` has no coming run: the item goes live at its `date` once it is no longer a draft."
        ));
    }
    if let Some(name) = placeholder {
        let folder = &plan.folder;
        notes.push(msg!(
            "Chưa có ảnh (--image): đã tạo ảnh tạm content/{folder}/{name} để tệp hợp lệ. Hãy thay bằng ảnh \
             infographic thật (PNG, JPEG, WebP hoặc SVG) và sửa `image`, `alt` cùng phần chữ thay thế.",
            "No picture given (--image): a placeholder content/{folder}/{name} keeps the file valid. Replace it \
             with the real infographic (PNG, JPEG, WebP or SVG) and update `image`, `alt` and the transcript."
        ));
    }
    notes.push(Msg::new(
        "Viết xong thì đổi draft = true thành draft = false, rồi chạy `loa check`.",
        "When it is ready, change draft = true to draft = false, then run `loa check`.",
    ));
    if site_errors > 0 {
        notes.push(msg!(
            "Lưu ý: cổng đang có {site_errors} lỗi ở các tệp khác; xem `loa check`.",
            "Note: the site has {site_errors} errors in other files; see `loa check`."
        ));
    }
    notes
}

/// The folder of a kind, relative to content/.
fn folder(kind: Kind, section: Option<&str>, config: &Config) -> Result<String, Msg> {
    let f = &config.folders;
    let special =
        [&f.audiences, &f.campaigns, &f.infographics, &f.faq, &f.pages, &f.videos, &f.photo_stories, &f.legal];
    match (kind, section) {
        (Kind::Article, None) => Ok("tin-tuc".into()),
        (Kind::Article, Some(s)) => {
            let s = s.trim().trim_matches('/');
            let top = s.split('/').next().unwrap_or("");
            let plain =
                !s.is_empty() && s.split('/').all(|p| !p.is_empty() && p != "." && p != ".." && !p.starts_with('.'));
            if !plain || special.iter().any(|sp| sp.as_str() == top) {
                return Err(msg!(
                    "--section `{s}` không phải thư mục bài viết trong content/",
                    "--section `{s}` is not a folder of articles in content/"
                ));
            }
            Ok(s.to_string())
        }
        (_, Some(_)) => Err(Msg::new("--section chỉ dùng cho bài viết", "--section is for articles only")),
        (Kind::Infographic, None) => Ok(f.infographics.clone()),
        (Kind::Campaign, None) => Ok(f.campaigns.clone()),
        (Kind::Audience, None) => Ok(f.audiences.clone()),
        (Kind::Faq, None) => Ok(f.faq.clone()),
        (Kind::Page, None) => Ok(f.pages.clone()),
        (Kind::Video, None) => Ok(f.videos.clone()),
        (Kind::PhotoStory, None) => Ok(f.photo_stories.clone()),
        (Kind::Legal, None) => Ok(f.legal.clone()),
    }
}

fn kind_is_listed(kind: Kind) -> bool {
    matches!(kind, Kind::Article | Kind::Infographic | Kind::Faq | Kind::Video | Kind::PhotoStory | Kind::Legal)
}

fn kind_name(kind: Kind) -> Msg {
    match kind {
        Kind::Article => Msg::new("bài viết", "article"),
        Kind::Infographic => Msg::new("infographic", "infographic"),
        Kind::Campaign => Msg::new("chiến dịch", "campaign"),
        Kind::Audience => Msg::new("đối tượng", "audience"),
        Kind::Faq => Msg::new("hỏi – đáp", "question and answer"),
        Kind::Page => Msg::new("trang", "page"),
        Kind::Video => Msg::new("video", "video"),
        Kind::PhotoStory => Msg::new("phóng sự ảnh", "photo story"),
        Kind::Legal => Msg::new("văn bản", "legal document"),
    }
}

/// How messages name what a slug refers to.
struct Noun {
    vi: &'static str,
    en: &'static str,
    flag: &'static str,
}

impl Noun {
    const AUDIENCE: Noun = Noun { vi: "đối tượng", en: "audience", flag: "--audience" };
    const CAMPAIGN: Noun = Noun { vi: "chiến dịch", en: "campaign", flag: "--campaign" };
}

/// The slugs of the main-language items of a kind.
fn slugs(site: &Site, kind: Kind) -> BTreeSet<String> {
    site.items.iter().filter(|i| i.kind == kind && i.lang == site.config.language).map(|i| i.slug.clone()).collect()
}

/// `wanted`, each checked against `known`; the first unknown one is a usage error.
fn known(wanted: &[String], known: &BTreeSet<String>, noun: &Noun) -> Result<Vec<String>, Msg> {
    let mut out = Vec::new();
    for slug in wanted.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !known.contains(slug) {
            let (vi, en, flag) = (noun.vi, noun.en, noun.flag);
            let hint = match did_you_mean(slug, known.iter().map(String::as_str)) {
                Some(m) => msg!("có phải ý bạn là `{m}`?", "did you mean `{m}`?"),
                None if known.is_empty() => msg!("cổng chưa có {vi} nào", "the site has no {en}s yet"),
                None => {
                    let list = known.iter().cloned().collect::<Vec<_>>().join(", ");
                    msg!("các {vi} hiện có: {list}", "known {en}s: {list}")
                }
            };
            return Err(msg!("{flag}: không có {vi} `{slug}`; ", "{flag}: unknown {en} `{slug}`; ").and(hint));
        }
        if !out.iter().any(|s| s == slug) {
            out.push(slug.to_string());
        }
    }
    Ok(out)
}

fn topics(wanted: &[String], config: &Config) -> Result<Vec<String>, Msg> {
    match &config.topics {
        Some(declared) => {
            let declared: BTreeSet<String> = declared.keys().cloned().collect();
            known(wanted, &declared, &Noun { vi: "chủ đề", en: "topic", flag: "--topic" })
        }
        None => {
            let mut out: Vec<String> = Vec::new();
            for t in wanted.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
                if slugify(t) != t {
                    let good = slugify(t);
                    return Err(msg!(
                        "--topic: `{t}` không phải slug URL; hãy ghi `{good}`",
                        "--topic: `{t}` is not a URL slug; write `{good}`"
                    ));
                }
                if !out.iter().any(|o| o == t) {
                    out.push(t.to_string());
                }
            }
            Ok(out)
        }
    }
}

/// Local midnight of the first day of the campaign's next run after `today`.
fn next_opening(site: &Site, campaign: &str, today: Date) -> Option<Publish> {
    let item =
        site.items.iter().find(|i| i.kind == Kind::Campaign && i.lang == site.config.language && i.slug == campaign)?;
    let run = item.window()?.next_after(today)?;
    Some(Publish { at: midnight(run.first, &site.config.timezone)?, campaign: Some(item.title.clone()) })
}

/// Every item URL of the site, drafts and scheduled items included.
fn taken_urls(site: &Site) -> BTreeSet<String> {
    site.items.iter().flat_map(|i| std::iter::once(i.url.clone()).chain(i.aliases.clone())).collect()
}

/// Creates `dir/slug.md` when neither the file, a bundle folder of that name, the picture
/// beside it nor the URL is taken (`None` when taken); the open file is written afterwards.
fn claim(
    dir: &Path,
    slug: &str,
    plan: &Plan,
    taken: &BTreeSet<String>,
    image_ext: Option<&str>,
    urls: &Urls<'_>,
    lang: &str,
) -> Result<Option<std::fs::File>, Failure> {
    let url = urls.item(lang, plan.kind, &plan.folder, slug);
    let alias = urls.site_path(&url);
    if taken.contains(&url) || taken.contains(alias) || dir.join(slug).exists() {
        return Ok(None);
    }
    if image_ext.is_some_and(|ext| dir.join(format!("{slug}.{ext}")).exists()) {
        return Ok(None);
    }
    // create_new: never overwrite a file that appeared meanwhile.
    let path = dir.join(new_media::file_name(plan.kind, slug));
    if let Some(bundle) = path.parent().filter(|p| *p != dir) {
        std::fs::create_dir(bundle)
            .map_err(|e| Failure::Other(anyhow::anyhow!("creating {}: {e}", bundle.display())))?;
    }
    match OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(f) => Ok(Some(f)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(Failure::Other(anyhow::anyhow!("creating {}: {e}", path.display()))),
    }
}

fn image_extension(path: &Path) -> Result<String, Msg> {
    let name = path.to_string_lossy();
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if !path.is_file() {
        return Err(msg!("--image: không có tệp {name}", "--image: there is no file {name}"));
    }
    if !is_image(&name) || ext == "gif" {
        return Err(msg!(
            "--image: {name} không phải ảnh PNG, JPEG, WebP hoặc SVG",
            "--image: {name} is not a PNG, JPEG, WebP or SVG image"
        ));
    }
    Ok(ext)
}

fn copy_image(from: &Path, to: &Path) -> Result<(), Failure> {
    let bytes = std::fs::read(from).map_err(|e| Failure::Other(anyhow::anyhow!("reading {}: {e}", from.display())))?;
    write_new(to, &bytes)
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Failure::Other(anyhow::anyhow!("creating {}: {e}", path.display())))?;
    f.write_all(bytes).map_err(|e| Failure::Other(anyhow::anyhow!("writing {}: {e}", path.display())))
}

/// A picture that keeps a new infographic valid until the real one is put in its place.
fn placeholder_svg(title: &str, lang: Lang) -> String {
    let escape = crate::text::escape_xml;
    let note = lang.pick("Ảnh tạm: thay bằng ảnh infographic thật", "Placeholder: replace with the real infographic");
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"675\" viewBox=\"0 0 1200 675\">\
         <rect width=\"1200\" height=\"675\" fill=\"#eef3f8\"/>\
         <text x=\"600\" y=\"320\" font-family=\"sans-serif\" font-size=\"40\" text-anchor=\"middle\" \
         fill=\"#1f3b57\">{}</text>\
         <text x=\"600\" y=\"390\" font-family=\"sans-serif\" font-size=\"28\" text-anchor=\"middle\" \
         fill=\"#5b6b7b\">{}</text></svg>\n",
        escape(title),
        escape(note)
    )
}

/// A TOML basic string (always double quotes, as the documentation shows editors).
fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| toml_str(s)).collect::<Vec<_>>().join(", "))
}

/// The file: front matter with a comment above each field saying what to write, then a body
/// that says what belongs there. Comments are in the run's language.
fn front_matter(plan: &Plan, site: &Site, image: Option<&str>, lang: Lang) -> String {
    let tz: &TimeZone = &site.config.timezone;
    let c = |vi: &str, en: &str| format!("# {}\n", lang.pick(vi, en));
    let mut s = String::from("+++\n");
    let title_note = match plan.kind {
        Kind::Faq => c("Câu hỏi, đúng như người dân hỏi.", "The question, as people ask it."),
        _ => String::new(),
    };
    s.push_str(&title_note);
    s.push_str(&format!("title = {}\n", toml_str(&plan.title)));
    s.push_str(&c(
        "Một hai câu tóm tắt: hiện trong danh sách, nguồn tin và khi chia sẻ lên Facebook, Zalo.",
        "One or two sentences for lists, feeds and link previews on Facebook and Zalo.",
    ));
    s.push_str("summary = \"\"\n");
    s.push_str(&format!("date = {}\n", plan.today));
    if let Some(p) = &plan.publish {
        s.push_str(&c(
            "Thời điểm bài được đăng (không sớm hơn); sửa nếu cần.",
            "When it goes live (never earlier); change it if needed.",
        ));
        s.push_str(&format!("publish_at = {}\n", iso(p.at, tz)));
    }
    s.push_str(&c(
        "Bản nháp không được đăng. Viết xong thì đổi thành draft = false.",
        "A draft is never published. When it is ready, change this to draft = false.",
    ));
    s.push_str("draft = true\n");
    match plan.kind {
        Kind::Infographic => {
            s.push_str(&c("Tệp ảnh đặt cạnh tệp này.", "The picture file beside this file."));
            s.push_str(&format!("image = {}\n", toml_str(image.unwrap_or_default())));
            s.push_str(&c(
                "Bản dọc cho điện thoại (không bắt buộc): cùng số liệu xếp từ trên xuống, chữ to, tệp đặt cạnh \
                 tệp này; điện thoại cầm dọc sẽ hiện bản này thay cho ảnh ngang. Bỏ dấu # để dùng.",
                "A portrait version for phones (optional): the same figures stacked top to bottom in large \
                 type, a file beside this one; phones held upright show it instead of the wide picture. \
                 Remove the # to use it.",
            ));
            let stem = image.and_then(|i| i.rsplit_once('.')).map_or("ten-anh", |(stem, _)| stem);
            s.push_str(&format!("# image_portrait = {}\n", toml_str(&format!("{stem}-doc.png"))));
            s.push_str(&c(
                "Một câu nói bức ảnh thể hiện gì, cho người dùng trình đọc màn hình.",
                "One sentence saying what the picture shows, for screen readers.",
            ));
            s.push_str(&format!("alt = {}\n", toml_str(&format!("Infographic: {}", plan.title))));
            s.push_str(&c(
                "Nguồn số liệu và ngày của số liệu (không bắt buộc): bỏ dấu # để dùng.",
                "Source of the figures and their date (optional): remove the # to use them.",
            ));
            s.push_str("# source = \"BHXH Việt Nam\"\n");
            s.push_str(&format!("# data_as_of = {}\n", plan.today));
        }
        Kind::Campaign => {
            s.push_str(&c(
                "Thời gian chiến dịch, lặp lại hằng năm: từ starts đến hết ends, dạng \"MM-DD\".",
                "The campaign's yearly window: from starts to the end of ends, as \"MM-DD\".",
            ));
            s.push_str(&format!("starts = \"{:02}-{:02}\"\n", plan.starts.month, plan.starts.day));
            s.push_str(&format!("ends = \"{:02}-{:02}\"\n", plan.ends.month, plan.ends.day));
            s.push_str(&c(
                "Chủ đề và khẩu hiệu của năm, năm riêng cho chiến dịch chỉ diễn ra một lần: bỏ dấu # để dùng.",
                "This year's theme and slogan, and a year for a one-off campaign: remove the # to use them.",
            ));
            s.push_str("# theme = \"\"\n# slogan = \"\"\n");
            s.push_str(&format!("# year = {}\n", plan.today.year()));
        }
        Kind::Audience => {
            s.push_str(&c("Các khẩu hiệu của nhóm, mỗi câu một chuỗi.", "The audience's slogans, one string each."));
            s.push_str("slogans = []\n");
        }
        Kind::Legal => s.push_str(&super::new_legal::fields(&site.config, plan.today, lang)),
        _ => s.push_str(&new_media::fields(plan.kind, lang)),
    }
    let audience_list = slugs(site, Kind::Audience).into_iter().collect::<Vec<_>>().join(", ");
    s.push_str(&format!("# {}: {audience_list}\n", lang.pick("Đối tượng (slug)", "Audiences (slugs)")));
    s.push_str(&format!("audiences = {}\n", toml_list(&plan.audiences)));
    if kind_is_listed(plan.kind) {
        match &plan.campaign {
            Some(campaign) => s.push_str(&format!("campaign = {}\n", toml_str(campaign))),
            None => {
                let campaigns = slugs(site, Kind::Campaign).into_iter().collect::<Vec<_>>().join(", ");
                s.push_str(&format!("# campaign = \"\"  # {campaigns}\n"));
            }
        }
        let topic_list = site.config.topics.as_ref().map(|t| t.keys().cloned().collect::<Vec<_>>().join(", "));
        if let Some(list) = topic_list {
            s.push_str(&format!("# {}: {list}\n", lang.pick("Chủ đề (slug)", "Topics (slugs)")));
        }
        s.push_str(&format!("topics = {}\n", toml_list(&plan.topics)));
        s.push_str(&c(
            "\"original\" cho bài tự viết; \"republished\" cho bài đăng lại, kèm source_url = \"https://...\".",
            "\"original\" for newly written items; \"republished\" for reposts, with source_url = \"https://...\".",
        ));
        s.push_str("origin = \"original\"\n");
    }
    if plan.kind == Kind::Campaign {
        s.push_str("\n[messages]\n");
        s.push_str(&c(
            "Thông điệp chính cho từng nhóm, ví dụ: hoc-sinh-sinh-vien = [\"...\"]",
            "Key messages per audience, e.g. hoc-sinh-sinh-vien = [\"...\"]",
        ));
        for a in &plan.audiences {
            s.push_str(&format!("{a} = []\n"));
        }
    }
    s.push_str(&new_media::tables(plan.kind, lang));
    s.push_str("+++\n\n");
    s.push_str(&body(plan, lang));
    s
}

fn body(plan: &Plan, lang: Lang) -> String {
    let guide = match plan.kind {
        Kind::Infographic => {
            // The transcript is required; the title is a true first line of it.
            return format!(
                "{}.\n\n<!-- {} -->\n",
                plan.title,
                lang.pick(
                    "Chép lại toàn bộ chữ và số liệu trong ảnh, theo thứ tự đọc: đây là phần chữ thay thế cho \
                     người không xem được ảnh.",
                    "Write out every word and figure of the picture, in reading order: this is the text \
                     alternative for people who cannot see it.",
                )
            );
        }
        Kind::Faq => lang.pick(
            "Viết câu trả lời ở đây: ngắn gọn, trả lời ngay ở câu đầu, dẫn căn cứ pháp lý nếu có.",
            "Write the answer here: short, answering in the first sentence, citing the legal basis if any.",
        ),
        Kind::Campaign => lang.pick(
            "Giới thiệu chiến dịch: ý nghĩa của dịp này và những việc cơ quan làm trong đợt.",
            "Introduce the campaign: what the occasion means and what the office does during it.",
        ),
        kind if new_media::guide(kind, lang).is_some() => new_media::guide(kind, lang).unwrap_or_default(),
        Kind::Audience => lang.pick(
            "Giới thiệu nhóm đối tượng: họ là ai, quyền lợi và trách nhiệm chính.",
            "Introduce the audience: who they are, their main rights and duties.",
        ),
        _ => lang.pick(
            "Viết nội dung ở đây, bằng Markdown. Các mục bắt đầu bằng ## (tiêu đề của trang là title). Liên \
             kết tới bài khác bằng đường dẫn tới tệp .md của bài đó.",
            "Write the text here, in Markdown. Sections start at ## (the page's heading is its title). Link \
             to other items by the path of their .md file.",
        ),
    };
    format!("<!-- {guide} -->\n")
}

#[cfg(test)]
#[path = "new_tests.rs"]
mod tests;
