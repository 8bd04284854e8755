//! Arguments of every command, parsed by clap (usage errors exit with code 2).
//!
//! Every `about` and `help` is written in both languages, `t("Tiếng Việt", "English")`, never
//! as a doc comment: [`super::usage`] builds the command line in the editor's language.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::content::Kind;
use crate::messages::Lang;

use super::help_lang::lang_parser;
pub use super::help_lang::{t, with_help_lang};
pub use super::site_args::{CheckFormat, SiteArgs};

#[derive(Debug, Parser)]
#[command(
    name = "loa",
    version,
    about = t(
        "Trình dựng trang web tĩnh cho cổng thông tin công",
        "Static site generator for public information portals"
    ),
    long_about = t(
        "loa biến một thư mục bài viết Markdown, infographic, đối tượng và chiến dịch (content/) thành một \
         cổng thông tin tĩnh, nhanh, dễ tiếp cận (public/), và không bao giờ đăng một mục trước giờ của nó.\n\n\
         Mã thoát: 0 thành công, 1 lỗi nội dung, 2 gọi lệnh sai.",
        "loa turns a folder of Markdown articles, infographics, audiences and campaigns (content/) \
         into a fast, accessible static portal (public/), and never publishes an item before its time.\n\n\
         Exit codes: 0 success, 1 content errors, 2 usage errors."
    )
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(about = t(
        "Dựng content/ thành trang web trong public/ (hoặc --out).",
        "Build content/ into public/ (or --out)."
    ))]
    Build(BuildArgs),
    #[command(about = t(
        "Kiểm tra mọi thứ lệnh build kiểm tra, thêm liên kết và ảnh; không ghi gì.",
        "Validate everything build validates, plus links and images; writes nothing."
    ))]
    Check(CheckArgs),
    #[command(about = t(
        "Liệt kê các thay đổi sắp tới của trang (bài lên, bài hết hạn, đợt chiến dịch).",
        "List the coming changes of the live set (publications, expiries, campaign windows)."
    ))]
    Schedule(ScheduleArgs),
    #[command(about = t(
        "Tạo bài viết, infographic, video, phóng sự ảnh, chiến dịch, đối tượng, hỏi đáp, trang hoặc văn bản, với đủ thông tin đầu tệp.",
        "Create an article, infographic, video, photo story, campaign, audience, Q&A, page or legal document with complete front matter."
    ))]
    New(NewArgs),
    #[command(about = t(
        "Số liệu của cổng cho báo cáo truyền thông sáu tháng hoặc cả năm.",
        "The website's figures for the half-year or yearly communication report."
    ))]
    Report(ReportArgs),
    #[command(about = t(
        "Đối tượng × chiến dịch trong một năm: bài đã lên lịch hoặc đã đăng trong từng đợt, cho biên tập viên.",
        "Audiences × campaigns of a year: what is scheduled or published in each window, for editors."
    ))]
    Plan(PlanArgs),
    #[command(about = t(
        "Xem trước trực tiếp: dựng trong bộ nhớ, phục vụ qua HTTP, dựng lại phần vừa sửa và tải lại trình duyệt.",
        "Live preview: build into memory, serve it, rebuild what an edit touches, reload browsers."
    ))]
    Serve(ServeArgs),
    #[command(about = t(
        "Việc máy chủ chạy mỗi phút: kéo nội dung mới nếu được yêu cầu, dựng, chuyển tới mọi đích, kiểm tra lại.",
        "What a server runs every minute: pull the content if asked, build, deliver to every target, verify."
    ))]
    #[command(long_about = t(
        "Việc máy chủ chạy mỗi phút (bộ hẹn giờ systemd): khi [publish] trong site.toml ghi pull = true, chạy \
         `git pull --ff-only` trong thư mục cổng; rồi dựng đúng như `loa build` vào ROOT/public (không có gì đổi \
         thì không dựng lại trang nào); rồi chuyển bản dựng tới từng mục [[publish.targets]] (thư mục web trên máy \
         này, rsync qua SSH, kho lưu trữ tương thích S3), chỉ gửi những gì thay đổi, xóa sau khi đã tải lên xong; \
         rồi kiểm tra từng đích. Mỗi lần chạy được ghi vào ROOT/.loa/publish/history.json (`loa status` đọc tệp \
         này) và bản dựng đã chuyển được giữ lại, để --rollback đưa bản trước trở lại.\n\n\
         Mã thoát: 0 mọi đích đang phục vụ bản dựng, 1 lỗi dựng hoặc một đích thất bại (thông báo nói đích đó \
         đang phục vụ gì), 2 lỗi cách dùng.",
        "What a server runs every minute (a systemd timer): when site.toml's [publish] says pull = true, \
         `git pull --ff-only` in the site root; then build exactly as `loa build` does into ROOT/public \
         (nothing is rendered when nothing changed); then deliver the build to every [[publish.targets]] entry \
         (a local web root, rsync over SSH, S3-compatible storage), only what changed, deletions after uploads; \
         then verify each target. Each run is recorded in ROOT/.loa/publish/history.json (`loa status` reads \
         it) and the build it delivered is kept, so --rollback can serve the previous one again.\n\n\
         Exit codes: 0 every target serves the build, 1 a build error or a target failed (the message says \
         what that target serves), 2 usage errors."
    ))]
    Publish(PublishArgs),
    #[command(about = t(
        "So những gì đang thật sự được phục vụ với những gì phải đang đăng lúc này: bài quá hạn, bài lên sớm, danh sách cũ.",
        "Compare what is really served with what must be live now: overdue items, early items, stale lists."
    ))]
    #[command(long_about = t(
        "Dựng cổng trong bộ nhớ đúng như lúc này (hoặc --now) rồi so với những gì đang được phục vụ: thư mục \
         kết quả (--out, mặc định ROOT/public) hoặc chính trang công khai qua HTTP (--url, để bắt cả bộ nhớ đệm \
         hay CDN còn giữ trang cũ). Báo: bài quá hạn (đã đến giờ đăng mà chưa có), bài lên sớm (chưa đến giờ, \
         bản nháp hoặc đã hết hạn mà vẫn có, kể cả chỉ trong một danh sách), danh sách cũ (trang chủ, chuyên mục, \
         nguồn tin thiếu một bài đang đăng), lần xuất bản thành công gần nhất và thay đổi kế tiếp theo lịch.\n\n\
         Qua HTTP chỉ đọc trang của các bài lên hoặc gỡ trong 7 ngày qua (--all: mọi bài).\n\n\
         Mã thoát: 0 mọi thứ đúng, 1 có điều sai (hoặc nội dung có lỗi, không dựng được), 2 lỗi cách dùng.",
        "Build the portal in memory as it must be now (or at --now) and compare it with what is served: the \
         output folder (--out, default ROOT/public) or the public site itself over HTTP (--url, which also \
         catches a cache or CDN still holding an old page). Reports overdue items (due, not served), early \
         items (scheduled, drafts or expired, yet served, even only in a list), stale lists (a home page, \
         section or feed missing a live item), the last successful publish and the next scheduled change.\n\n\
         Over HTTP only the pages of items published or taken down in the last 7 days are read (--all: every item).\n\n\
         Exit codes: 0 all is right, 1 something is wrong (or the content has errors and cannot be built), \
         2 usage errors."
    ))]
    Status(StatusArgs),
    #[command(about = t(
        "Nhập bài của một cổng khác (nguồn tin JSON Feed hoặc Atom) vào content/ thành bản nháp để biên tập viên duyệt.",
        "Import another portal's items (a JSON Feed or Atom feed) into content/ as drafts for an editor to review."
    ))]
    #[command(long_about = t(
        "Đọc nguồn tin SOURCE (địa chỉ http(s) hoặc một tệp; với cổng dùng loa, nên dùng …/feed.json) và ghi \
         mỗi bài chưa có thành một thư mục trong content/ (mặc định content/tin-tuc/, đổi bằng section trong \
         [import] của site.toml) gồm index.md và ảnh tải về: origin = \"republished\", source_url, ngày gốc, \
         đối tượng, chiến dịch và chủ đề theo bảng ánh xạ [import.audiences], [import.campaigns], \
         [import.topics] (cái không có ở cổng này được báo ra, không bỏ lặng lẽ). Bài là bản nháp, hoặc hẹn giờ \
         đăng với --publish-at. Bài đã nhập (cùng source_url) không nhập lại; bài đã đổi ở nguồn được báo. Nguồn \
         không tải được hoặc hỏng: báo lỗi và không ghi gì.",
        "Read the feed SOURCE (an http(s) address or a file; for a loa portal, prefer …/feed.json) and write \
         each item not here yet as a folder in content/ (content/tin-tuc/ unless [import] section in site.toml \
         says otherwise) with index.md and its downloaded images: origin = \"republished\", source_url, the \
         original date, audiences, campaigns and topics mapped by [import.audiences], [import.campaigns], \
         [import.topics] (those this site lacks are reported, never dropped silently). Items are drafts, or \
         scheduled with --publish-at. An item already imported (same source_url) is not imported again; one \
         changed at the source is reported. A source that is down or broken: an error, and nothing written."
    ))]
    Import(ImportArgs),
    #[command(hide = true, about = t(
        "Viết các trang man (loa.1, loa-build.1, …; tiếng Việt trong vi/) vào một thư mục, cho người đóng gói.",
        "Write the man pages (loa.1, loa-build.1, …; Vietnamese ones in vi/) into a folder, for packagers."
    ))]
    Manpages(ManpagesArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    #[arg(long, value_name = "DIR")]
    #[arg(help = t(
        "Thư mục kết quả (mặc định: ROOT/public).",
        "Output folder (default: ROOT/public)."
    ))]
    pub out: Option<PathBuf>,
    #[arg(long)]
    #[arg(help = t(
        "Dựng lại mọi trang kể cả khi không có gì đổi từ lần dựng trước (xem .loa/build/).",
        "Render every page even when nothing changed since the last build (see .loa/build/)."
    ))]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    #[arg(help = t(
        "Thư mục chứa content/ (bản dựng vào ROOT/public, như `loa build`).",
        "The folder that holds content/ (the build goes to ROOT/public, as with `loa build`)."
    ))]
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    #[arg(help = t(
        "Dựng như thể đồng hồ chỉ T (RFC 3339; không ghi múi giờ thì theo múi giờ của cổng).",
        "Build as if the clock read T (RFC 3339; without an offset, in the site's time zone)."
    ))]
    #[arg(long, value_name = "T")]
    pub now: Option<String>,
    #[arg(help = t(
        "Chỉ chuyển tới đích này trong site.toml (theo `name` của nó).",
        "Deliver to this target of site.toml only (its `name`)."
    ))]
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    #[arg(help = t(
        "Đưa bản đã xuất bản trước đó trở lại mọi đích (không kéo, không dựng); các lần chạy sau giữ nguyên \
         bản đó cho tới khi nội dung thay đổi.",
        "Serve the previously published build again on every target (no pull, no build); later runs keep it \
         until the content changes."
    ))]
    #[arg(long)]
    pub rollback: bool,
    #[arg(help = t(
        "Ngôn ngữ của thông báo: vi hoặc en (mặc định: ngôn ngữ của cổng).",
        "Language of the messages: vi or en (default: the site's language)."
    ))]
    #[arg(long, value_name = "LANG", value_parser = lang_parser())]
    pub lang: Option<Lang>,
}

impl PublishArgs {
    /// The site arguments of a publish: never a preview.
    pub fn site(&self) -> SiteArgs {
        SiteArgs { root: self.root.clone(), now: self.now.clone(), future: false, drafts: false, lang: self.lang }
    }
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[arg(long, value_name = "DIR", default_value = ".")]
    #[arg(help = t("Thư mục chứa content/.", "The folder that holds content/."))]
    pub root: PathBuf,
    #[arg(long, value_name = "T")]
    #[arg(help = t(
        "Kiểm tra như thể đồng hồ chỉ T (RFC 3339; không ghi múi giờ thì theo múi giờ của cổng).",
        "Check as if the clock read T (RFC 3339; without an offset, in the site's time zone)."
    ))]
    pub now: Option<String>,
    #[arg(long, value_name = "DIR", conflicts_with = "url")]
    #[arg(help = t(
        "Thư mục đang được phục vụ (như --out của `loa build`; mặc định: đích `folder` đầu tiên trong \
         [publish] của site.toml, nếu không có thì ROOT/public).",
        "The folder being served (as `loa build --out` names it; default: the first `folder` target of \
         site.toml's [publish], else ROOT/public)."
    ))]
    pub out: Option<PathBuf>,
    #[arg(long, value_name = "URL")]
    #[arg(help = t(
        "Kiểm tra trang công khai qua HTTP(S) tại địa chỉ này (vd. https://bhxh.tinh.gov.vn/) thay cho một thư mục.",
        "Check the public site over HTTP(S) at this address (e.g. https://bhxh.example.vn/) instead of a folder."
    ))]
    pub url: Option<String>,
    #[arg(long)]
    #[arg(help = t(
        "Qua HTTP, đọc trang của mọi bài, không chỉ các bài lên hoặc gỡ trong 7 ngày qua.",
        "Over HTTP, read every item's page, not only those published or taken down in the last 7 days."
    ))]
    pub all: bool,
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    #[arg(help = t(
        "Bài đến giờ đăng chưa quá chừng này giây thì chưa tính là quá hạn (bộ hẹn giờ mỗi phút dùng 120).",
        "An item due less than this many seconds ago is not overdue yet (the every-minute timer uses 120)."
    ))]
    pub grace: u32,
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    #[arg(help = t(
        "text cho người đọc; json cho công cụ giám sát.",
        "text for people; json for monitoring tools."
    ))]
    pub format: CheckFormat,
    #[arg(long, value_name = "LANG", value_parser = lang_parser())]
    #[arg(help = t(
        "Ngôn ngữ của thông báo: vi hoặc en (mặc định: ngôn ngữ của cổng).",
        "Language of the messages: vi or en (default: the site's language)."
    ))]
    pub lang: Option<Lang>,
}

impl StatusArgs {
    /// The site arguments of a status check: never a preview.
    pub fn site(&self) -> SiteArgs {
        SiteArgs { root: self.root.clone(), now: self.now.clone(), future: false, drafts: false, lang: self.lang }
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[arg(value_name = "SOURCE")]
    #[arg(help = t(
        "Nguồn tin: địa chỉ http(s) của …/feed.json hoặc …/atom.xml, hoặc một tệp.",
        "The feed: the http(s) address of …/feed.json or …/atom.xml, or a file."
    ))]
    pub source: String,
    #[arg(long, value_name = "DIR", default_value = ".")]
    #[arg(help = t("Thư mục chứa content/.", "The folder that holds content/."))]
    pub root: PathBuf,
    #[arg(long)]
    #[arg(help = t(
        "Chỉ liệt kê: bài mới, bài đã có, bài đã đổi ở nguồn; không ghi gì.",
        "Only list: new items, items already here, items changed at the source; write nothing."
    ))]
    pub list: bool,
    #[arg(long, value_name = "T")]
    #[arg(help = t(
        "Hẹn giờ đăng các bài nhập vào lúc T thay vì để bản nháp.",
        "Schedule the imported items for T instead of leaving them drafts."
    ))]
    pub publish_at: Option<String>,
    #[arg(long, value_name = "T")]
    #[arg(help = t(
        "Coi như đồng hồ chỉ T (RFC 3339).",
        "As if the clock read T (RFC 3339)."
    ))]
    pub now: Option<String>,
    #[arg(long, value_name = "LANG", value_parser = lang_parser())]
    #[arg(help = t(
        "Ngôn ngữ của thông báo: vi hoặc en (mặc định: ngôn ngữ của cổng).",
        "Language of the messages: vi or en (default: the site's language)."
    ))]
    pub lang: Option<Lang>,
}

impl ImportArgs {
    /// The site arguments of an import.
    pub fn site(&self) -> SiteArgs {
        SiteArgs { root: self.root.clone(), now: self.now.clone(), future: false, drafts: false, lang: self.lang }
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    #[arg(help = t(
        "Địa chỉ lắng nghe (mặc định: chỉ máy này; 0.0.0.0 mở bản xem trước cho cả mạng).",
        "Address to listen on (default: loopback only; 0.0.0.0 opens the preview to the network)."
    ))]
    pub bind: std::net::IpAddr,
    #[arg(long, value_name = "PORT", default_value_t = 1111)]
    #[arg(help = t(
        "Cổng lắng nghe; nếu đã bị chiếm thì dùng cổng trống kế tiếp.",
        "Port to listen on; when it is taken, the next free one is used."
    ))]
    pub port: u16,
    #[arg(long, value_name = "DIR")]
    #[arg(help = t(
        "Thư mục giao diện (templates/, static/, i18n/) dùng và theo dõi thay cho `themes/<theme>/`.",
        "A theme folder (templates/, static/, i18n/) to use and watch instead of `themes/<theme>/`."
    ))]
    pub theme_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    #[arg(help = t(
        "text cho người đọc; json cho công cụ: mảng {path, line, col, severity, code, message, hint}.",
        "text for people; json for tools: an array of {path, line, col, severity, code, message, hint}."
    ))]
    pub format: CheckFormat,
}

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    #[arg(long, value_name = "DIR", default_value = ".")]
    #[arg(help = t(
        "Thư mục chứa content/.",
        "The folder that holds content/."
    ))]
    pub root: PathBuf,
    #[arg(long, value_name = "T")]
    #[arg(help = t(
        "Liệt kê như thể đồng hồ chỉ T (RFC 3339; không ghi múi giờ thì theo múi giờ của cổng).",
        "List changes as if the clock read T (RFC 3339; without an offset, in the site's time zone)."
    ))]
    pub now: Option<String>,
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=3660))]
    #[arg(help = t(
        "Liệt kê bao nhiêu ngày tới.",
        "How many days ahead to list."
    ))]
    pub days: u32,
    #[arg(long)]
    #[arg(help = t(
        "Chỉ in thời điểm kế tiếp trang thay đổi (RFC 3339), hoặc không in gì.",
        "Print only the next instant at which the site changes (RFC 3339), or nothing."
    ))]
    pub next: bool,
}

impl ScheduleArgs {
    /// The site arguments of a schedule run: no preview flags.
    pub fn site(&self) -> SiteArgs {
        SiteArgs { root: self.root.clone(), now: self.now.clone(), future: false, drafts: false, lang: None }
    }
}

/// The options every editorial command shares: the site, the clock and the message language.
#[derive(Debug, Args, Clone)]
pub struct EditorialArgs {
    #[arg(long, value_name = "DIR", default_value = ".")]
    #[arg(help = t(
        "Thư mục chứa content/.",
        "The folder that holds content/."
    ))]
    pub root: PathBuf,
    #[arg(long, value_name = "T")]
    #[arg(help = t(
        "Chạy như thể đồng hồ chỉ T (RFC 3339; không ghi múi giờ thì theo múi giờ của cổng).",
        "Run as if the clock read T (RFC 3339; without an offset, in the site's time zone)."
    ))]
    pub now: Option<String>,
    #[arg(long, value_name = "LANG", value_parser = lang_parser())]
    #[arg(help = t(
        "Ngôn ngữ của thông báo: vi hoặc en (mặc định: ngôn ngữ của cổng).",
        "Language of the messages: vi or en (default: the site's language)."
    ))]
    pub lang: Option<Lang>,
}

impl EditorialArgs {
    /// The site arguments of an editorial run: no preview flags (each command decides which
    /// items it loads).
    pub fn site(&self) -> SiteArgs {
        SiteArgs { root: self.root.clone(), now: self.now.clone(), future: false, drafts: false, lang: self.lang }
    }
}

/// What `loa new` creates; Vietnamese names are accepted too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    #[value(alias = "bai-viet")]
    Article,
    Infographic,
    #[value(alias = "chien-dich")]
    Campaign,
    #[value(alias = "doi-tuong")]
    Audience,
    #[value(alias = "hoi-dap")]
    Faq,
    #[value(alias = "trang")]
    Page,
    Video,
    #[value(name = "phong-su-anh", alias = "photo-story")]
    PhotoStory,
    #[value(alias = "van-ban")]
    Legal,
}

impl NewKind {
    pub fn kind(self) -> Kind {
        match self {
            NewKind::Article => Kind::Article,
            NewKind::Infographic => Kind::Infographic,
            NewKind::Campaign => Kind::Campaign,
            NewKind::Audience => Kind::Audience,
            NewKind::Faq => Kind::Faq,
            NewKind::Page => Kind::Page,
            NewKind::Video => Kind::Video,
            NewKind::PhotoStory => Kind::PhotoStory,
            NewKind::Legal => Kind::Legal,
        }
    }
}

#[derive(Debug, Args)]
pub struct NewArgs {
    #[arg(value_enum)]
    #[arg(help = t(
        "Tạo gì: article (bài viết), infographic, video, phong-su-anh (phóng sự ảnh), campaign (chiến dịch), audience (đối tượng), faq (hỏi đáp), page (trang) hoặc legal (van-ban, văn bản).",
        "What to create: article, infographic, video, phong-su-anh (photo story), campaign, audience, faq, page or legal (van-ban, a legal document)."
    ))]
    pub kind: NewKind,
    #[arg(help = t(
        "Tiêu đề; với hỏi đáp là câu hỏi. Tên tệp được tạo từ tiêu đề.",
        "The title (\"Tiêu đề\"); for a Q&A, the question. The file name is made from it."
    ))]
    pub title: String,
    #[command(flatten)]
    pub common: EditorialArgs,
    #[arg(long = "audience", value_name = "SLUG", value_delimiter = ',')]
    #[arg(help = t(
        "Mã đối tượng mà bài viết hướng tới (lặp lại cờ, hoặc ngăn cách bằng dấu phẩy).",
        "Audience slug(s) it is written for (repeat, or separate with commas)."
    ))]
    pub audiences: Vec<String>,
    #[arg(long, value_name = "SLUG")]
    #[arg(help = t(
        "Chiến dịch của bài; không có --publish-at thì bài lên khi đợt kế tiếp của chiến dịch mở.",
        "The campaign it belongs to; without --publish-at it is published when the campaign's next window opens."
    ))]
    pub campaign: Option<String>,
    #[arg(long = "topic", value_name = "SLUG", value_delimiter = ',')]
    #[arg(help = t(
        "Mã chủ đề (lặp lại cờ, hoặc ngăn cách bằng dấu phẩy).",
        "Topic slug(s) (repeat, or separate with commas)."
    ))]
    pub topics: Vec<String>,
    #[arg(long, value_name = "T")]
    #[arg(help = t(
        "Thời điểm đăng (RFC 3339, hoặc 2027-07-01T07:00 theo múi giờ của cổng).",
        "When it goes live (RFC 3339, or 2027-07-01T07:00 in the site's time zone)."
    ))]
    pub publish_at: Option<String>,
    #[arg(long, value_name = "DIR")]
    #[arg(help = t(
        "Bài viết: thư mục chuyên mục trong content/ (mặc định: tin-tuc).",
        "Articles: the section folder under content/ (default: tin-tuc)."
    ))]
    pub section: Option<String>,
    #[arg(long, value_name = "FILE")]
    #[arg(help = t(
        "Infographic: tệp ảnh (PNG, JPEG, WebP hoặc SVG), được chép vào cạnh tệp mới.",
        "Infographics: the picture (PNG, JPEG, WebP or SVG), copied beside the new file."
    ))]
    pub image: Option<PathBuf>,
    #[arg(long, value_name = "MM-DD")]
    #[arg(help = t(
        "Chiến dịch: ngày đầu của đợt hằng năm (MM-DD; mặc định: hôm nay).",
        "Campaigns: first day of the yearly window (MM-DD; default: today)."
    ))]
    pub starts: Option<String>,
    #[arg(long, value_name = "MM-DD")]
    #[arg(help = t(
        "Chiến dịch: ngày cuối của đợt hằng năm (MM-DD; mặc định: bằng ngày đầu).",
        "Campaigns: last day of the yearly window (MM-DD; default: the first day)."
    ))]
    pub ends: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub common: EditorialArgs,
    #[arg(long, value_name = "D")]
    #[arg(help = t(
        "Ngày đầu của kỳ báo cáo (YYYY-MM-DD, theo múi giờ của cổng).",
        "First day of the period (YYYY-MM-DD, in the site's time zone)."
    ))]
    pub from: String,
    #[arg(long, value_name = "D")]
    #[arg(help = t(
        "Ngày cuối của kỳ báo cáo, tính cả ngày đó (YYYY-MM-DD).",
        "Last day of the period, included (YYYY-MM-DD)."
    ))]
    pub to: String,
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    #[arg(help = t(
        "md (bảng Markdown), csv hoặc json.",
        "md (Markdown tables), csv or json."
    ))]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub common: EditorialArgs,
    #[arg(long, value_name = "Y", value_parser = clap::value_parser!(i16).range(1900..=2200))]
    #[arg(help = t(
        "Năm cần lập kế hoạch (mặc định: năm hiện tại theo múi giờ của cổng).",
        "The year to plan (default: the current year in the site's time zone)."
    ))]
    pub year: Option<i16>,
    #[arg(long, value_name = "FILE")]
    #[arg(help = t(
        "Nơi ghi trang HTML (mặc định: ROOT/.loa/plan-Y.html); không bao giờ trong thư mục kết quả.",
        "Where to write the HTML page (default: ROOT/.loa/plan-Y.html); never inside the output folder."
    ))]
    pub out_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ManpagesArgs {
    #[arg(long, value_name = "DIR")]
    #[arg(help = t(
        "Thư mục để viết các trang vào (tạo nếu chưa có).",
        "The folder to write the pages into (created if missing)."
    ))]
    pub out: PathBuf,
}
