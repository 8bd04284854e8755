//! Arguments of every command, parsed by clap (usage errors exit with code 2).

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::content::Kind;
use crate::messages::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "loa",
    version,
    about = "Static site generator for public information portals",
    long_about = "loa turns a folder of Markdown articles, infographics, audiences and campaigns (content/) \
                  into a fast, accessible static portal (public/), and never publishes an item before its time.\n\n\
                  Exit codes: 0 success, 1 content errors, 2 usage errors."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build content/ into public/ (or --out).
    Build(BuildArgs),
    /// Validate everything build validates, plus links and images; writes nothing.
    Check(CheckArgs),
    /// List the coming changes of the live set (publications, expiries, campaign windows).
    Schedule(ScheduleArgs),
    /// Create an article, infographic, campaign, audience, Q&A or page with complete front matter.
    New(NewArgs),
    /// The website's figures for the half-year or yearly communication report.
    Report(ReportArgs),
    /// Audiences × campaigns of a year: what is scheduled or published in each window, for editors.
    Plan(PlanArgs),
    /// Live preview: build into memory, serve it, rebuild what an edit touches, reload browsers.
    Serve(ServeArgs),
    /// What a server runs every minute: pull the content if asked, build, deliver to every target, verify.
    #[command(long_about = "What a server runs every minute (a systemd timer): when site.toml's [publish] \
                            says pull = true, `git pull --ff-only` in the site root; then build exactly as \
                            `loa build` does into ROOT/public (nothing is rendered when nothing changed); then \
                            deliver the build to every [[publish.targets]] entry (a local web root, rsync over \
                            SSH, S3-compatible storage), only what changed, deletions after uploads; then verify \
                            each target. Each run is recorded in ROOT/.loa/publish/history.json (`loa status` \
                            reads it) and the build it delivered is kept, so --rollback can serve the previous one \
                            again.\n\nExit codes: 0 every target serves the build, 1 a build error or a target \
                            failed (the failed targets keep serving their previous site), 2 usage errors.")]
    Publish(PublishArgs),
}

/// `--lang vi|en`: the language of messages (default: the site's language).
fn lang_parser() -> impl TypedValueParser<Value = Lang> {
    PossibleValuesParser::new(["vi", "en"]).map(|s| if s == "vi" { Lang::Vi } else { Lang::En })
}

#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    /// The folder that holds content/ (and optionally themes/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Build as if the clock read T (RFC 3339; without an offset, in the site's time zone).
    #[arg(long, value_name = "T")]
    pub now: Option<String>,
    /// Preview: include scheduled and expired items, badged. Never deploy such a build.
    #[arg(long)]
    pub future: bool,
    /// Preview: include drafts, badged. Never deploy such a build.
    #[arg(long)]
    pub drafts: bool,
    /// Language of the messages: vi or en (default: the site's language).
    #[arg(long, value_name = "LANG", value_parser = lang_parser())]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: ROOT/public).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Render every page even when nothing changed since the last build (see .loa/build/).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The folder that holds content/ (the build goes to ROOT/public, as with `loa build`).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Build as if the clock read T (RFC 3339; without an offset, in the site's time zone).
    #[arg(long, value_name = "T")]
    pub now: Option<String>,
    /// Deliver to this target of site.toml only (its `name`).
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    /// Serve the previously published build again on every target (no pull, no build); later
    /// runs keep it until the content changes.
    #[arg(long)]
    pub rollback: bool,
    /// Language of the messages: vi or en (default: the site's language).
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
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Address to listen on (default: loopback only; 0.0.0.0 opens the preview to the network).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on; when it is taken, the next free one is used.
    #[arg(long, value_name = "PORT", default_value_t = 1111)]
    pub port: u16,
    /// A theme folder (templates/, static/, i18n/) to use and watch instead of `themes/<theme>/`.
    #[arg(long, value_name = "DIR")]
    pub theme_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// text for people; json for tools: an array of {path, line, col, severity, message, hint}.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// The folder that holds content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// List changes as if the clock read T (RFC 3339; without an offset, in the site's time zone).
    #[arg(long, value_name = "T")]
    pub now: Option<String>,
    /// How many days ahead to list.
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,
    /// Print only the next instant at which the site changes (RFC 3339), or nothing.
    #[arg(long)]
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
    /// The folder that holds content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Run as if the clock read T (RFC 3339; without an offset, in the site's time zone).
    #[arg(long, value_name = "T")]
    pub now: Option<String>,
    /// Language of the messages: vi or en (default: the site's language).
    #[arg(long, value_name = "LANG", value_parser = lang_parser())]
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
        }
    }
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create: article, infographic, campaign, audience, faq or page.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// The title ("Tiêu đề"); for a Q&A, the question. The file name is made from it.
    pub title: String,
    #[command(flatten)]
    pub common: EditorialArgs,
    /// Audience slug(s) it is written for (repeat, or separate with commas).
    #[arg(long = "audience", value_name = "SLUG", value_delimiter = ',')]
    pub audiences: Vec<String>,
    /// The campaign it belongs to; without --publish-at it is published when the campaign's next window opens.
    #[arg(long, value_name = "SLUG")]
    pub campaign: Option<String>,
    /// Topic slug(s) (repeat, or separate with commas).
    #[arg(long = "topic", value_name = "SLUG", value_delimiter = ',')]
    pub topics: Vec<String>,
    /// When it goes live (RFC 3339, or 2027-07-01T07:00 in the site's time zone).
    #[arg(long, value_name = "T")]
    pub publish_at: Option<String>,
    /// Articles: the section folder under content/ (default: tin-tuc).
    #[arg(long, value_name = "DIR")]
    pub section: Option<String>,
    /// Infographics: the picture (PNG, JPEG, WebP or SVG), copied beside the new file.
    #[arg(long, value_name = "FILE")]
    pub image: Option<PathBuf>,
    /// Campaigns: first day of the yearly window (MM-DD; default: today).
    #[arg(long, value_name = "MM-DD")]
    pub starts: Option<String>,
    /// Campaigns: last day of the yearly window (MM-DD; default: the first day).
    #[arg(long, value_name = "MM-DD")]
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
    /// First day of the period (YYYY-MM-DD, in the site's time zone).
    #[arg(long, value_name = "D")]
    pub from: String,
    /// Last day of the period, included (YYYY-MM-DD).
    #[arg(long, value_name = "D")]
    pub to: String,
    /// md (Markdown tables), csv or json.
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub common: EditorialArgs,
    /// The year to plan (default: the current year in the site's time zone).
    #[arg(long, value_name = "Y", value_parser = clap::value_parser!(i16).range(1900..=2200))]
    pub year: Option<i16>,
    /// Where to write the HTML page (default: ROOT/.loa/plan-Y.html); never inside the output folder.
    #[arg(long, value_name = "FILE")]
    pub out_file: Option<PathBuf>,
}
