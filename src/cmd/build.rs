//! `loa build`: render the site and swap it into the output folder atomically, or, when the
//! build manifest shows that nothing it depends on changed, nothing at all.

use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::Timestamp;

use super::cli::BuildArgs;
use super::common::{self, format_diagnostics_limited, print_diagnostics, Failure};
use crate::messages::Lang;
use crate::output::manifest::{self, Inputs, Manifest};
use crate::output::{check_destination, check_writable, through_link, Commit};
use crate::templates::Images;

pub fn run(args: &BuildArgs) -> Result<(), Failure> {
    let _progress = crate::progress::want();
    let started = Instant::now();
    let root = &args.site.root;
    let out = args.out.clone().unwrap_or_else(|| root.join("public"));
    check_destination(root, &out).map_err(|e| Failure::Usage(e.0))?;
    // A symlinked output (`public -> /var/www/site`) keeps its link: the site goes into the
    // folder it points to.
    let out = through_link(&out).map_err(|e| {
        Failure::Usage(crate::msg!(
            "{} là liên kết tới một thư mục không đọc được ({e}); hãy tạo thư mục đó hoặc trỏ liên kết tới thư mục đúng",
            "{} links to a folder that cannot be read ({e}); create that folder or point the link at the right one",
            out.display()
        ))
    })?;
    if let Err(why) = check_writable(&out) {
        let site_toml = std::fs::read_to_string(root.join("content/site.toml")).unwrap_or_default();
        let lang = args.site.lang.unwrap_or_else(|| Lang::sniff_site_toml(&site_toml));
        eprintln!("{}", why.get(lang));
        return Err(Failure::Content);
    }
    // The inputs are digested before the build reads them: a file saved while the build runs
    // leaves a manifest that no longer matches, so the next build sees the change.
    let probe = crate::timing::stage("manifest", || Probe::new(args, &out));
    if let Some(hit) = &probe.hit {
        nothing_to_do(args, &out, hit, probe.lang, started);
        return Ok(());
    }
    // Pages go into the staging folder beside `out` as they are rendered, so the build never
    // holds the whole site in memory; `out` itself is only replaced once everything succeeded.
    let options = common::options(&args.site, None, Images::Make)?;
    let commit = Commit::begin(&out)?;
    let built = match crate::build::build(&options, None, &commit) {
        Ok(built) => built,
        Err(Failure::Errors(diags)) => {
            commit.abandon();
            print_diagnostics(diags);
            let site_toml = std::fs::read_to_string(root.join("content/site.toml")).unwrap_or_default();
            let lang = args.site.lang.unwrap_or_else(|| Lang::sniff_site_toml(&site_toml));
            match lang {
                Lang::Vi => eprintln!("Không ghi gì cả: {} vẫn giữ nguyên như trước.", out.display()),
                Lang::En => eprintln!("Nothing was written: {} is as it was.", out.display()),
            }
            return Err(Failure::Content);
        }
        Err(e) => {
            commit.abandon();
            return Err(e);
        }
    };
    let site = built.site;
    let pages = built.paths.iter().filter(|path| path.ends_with(".html")).count();
    let files = built.paths.len();
    let diags = built.warnings;
    let warnings = if diags.warning_count() > 0 { format_diagnostics_limited(diags, 10) } else { String::new() };
    eprint!("{warnings}");
    let stats = crate::timing::stage("publish", || commit.finish())?;
    // Only now that the output is in place: a manifest never describes an output that is not.
    crate::timing::stage("record manifest", || {
        probe.record(&out, site.now, site.stable_until, pages, files, warnings);
    });
    let lang = args.site.lang.unwrap_or_else(|| Lang::for_site(&site.config.language));
    let is_preview = site.preview.future || site.preview.drafts;
    let seconds = started.elapsed().as_secs_f64();
    let summary = Summary { pages, files, written: stats.written, unchanged: stats.unchanged, seconds, is_preview };
    summary.print(lang, &out);
    Ok(())
}

/// A build the manifest showed to be done already: the warnings it printed, the summary line
/// with nothing written, and a line saying why.
fn nothing_to_do(args: &BuildArgs, out: &Path, hit: &Manifest, lang: Lang, started: Instant) {
    eprint!("{}", hit.warnings);
    let is_preview = args.site.future || args.site.drafts;
    let seconds = started.elapsed().as_secs_f64();
    let summary = Summary { pages: hit.pages, files: hit.files, written: 0, unchanged: hit.files, seconds, is_preview };
    summary.print(lang, out);
    println!(
        "{}",
        crate::msg!(
            "Không có gì thay đổi kể từ lần dựng trước (nội dung, giao diện, tùy chọn, giờ đăng và thư mục đầu ra đều như cũ): không trang nào phải dựng lại.",
            "Nothing changed since the last build (content, theme, options, schedule and output are as they were): no page was rendered."
        )
        .get(lang)
    );
}

/// The figures of the line a build ends with.
struct Summary {
    pages: usize,
    files: usize,
    written: usize,
    unchanged: usize,
    seconds: f64,
    is_preview: bool,
}

impl Summary {
    fn print(&self, lang: Lang, out: &Path) {
        let Summary { pages, files, written, unchanged, seconds, is_preview } = *self;
        let out = out.display();
        match lang {
            Lang::Vi => println!(
                "Đã dựng {pages} trang, {files} tệp vào {out} trong {seconds:.2} giây: {written} tệp ghi mới, {unchanged} tệp không đổi{}",
                if is_preview { " (bản xem trước có nội dung chưa công bố: không đưa lên mạng)" } else { "" }
            ),
            Lang::En => println!(
                "Built {pages} pages, {files} files into {out} in {seconds:.2} s: {written} written, {unchanged} unchanged{}",
                if is_preview { " (preview with unpublished items: do not deploy)" } else { "" }
            ),
        }
    }
}

/// What the build manifest says before a build: where it lives, the digest of this build's
/// inputs (to record after a real build), and the manifest itself when it shows there is
/// nothing to do.
struct Probe {
    path: Option<PathBuf>,
    inputs: Option<Inputs>,
    hit: Option<Manifest>,
    lang: Lang,
}

impl Probe {
    fn new(args: &BuildArgs, out: &Path) -> Probe {
        let site = &args.site;
        let miss = Probe { path: None, inputs: None, hit: None, lang: site.lang.unwrap_or(Lang::Vi) };
        // site.toml errors and a bad --now are for the build to report.
        let Ok((config, now)) = common::load_config(site) else { return miss };
        let lang = Lang::choose(site.lang, &config.language);
        let strings: Vec<&str> = config.languages.iter().filter_map(|l| l.strings.as_deref()).collect();
        // What changes the files written or the messages printed, besides the output folder.
        let options = format!("future={} drafts={} lang={:?}", site.future, site.drafts, site.lang);
        let path = manifest::manifest_path(&site.root, out);
        let digest = || Inputs::digest(&site.root, out, &options, &strings);
        let Some(inputs) = crate::timing::stage("manifest: digest inputs", digest) else { return miss };
        let hit = if args.force { None } else { Probe::check(&path, &inputs, now, out) };
        Probe { path: Some(path), inputs: Some(inputs), hit, lang }
    }

    fn check(path: &Path, inputs: &Inputs, now: Timestamp, out: &Path) -> Option<Manifest> {
        let Some(recorded) = crate::timing::stage("manifest: read", || manifest::load(path)) else {
            crate::timing::note("manifest", || "none readable: building".to_string());
            return None;
        };
        let survey = || crate::timing::stage("manifest: survey output", || manifest::survey(out));
        match recorded.matches(inputs, now, survey) {
            Ok(()) => Some(recorded),
            Err(why) => {
                crate::timing::note("manifest", || format!("{why:?} changed: building"));
                None
            }
        }
    }

    /// Writes the manifest of the build just published. A manifest that cannot be written only
    /// means the next build does all the work again.
    fn record(self, out: &Path, now: Timestamp, stable_until: Timestamp, pages: usize, files: usize, warnings: String) {
        let (Some(path), Some(inputs)) = (self.path, self.inputs) else { return };
        let Some(output) = manifest::survey(out) else { return };
        let mut manifest = Manifest::new(inputs, now, stable_until, output);
        (manifest.pages, manifest.files, manifest.warnings) = (pages, files, warnings);
        if let Err(e) = manifest::save(&path, &manifest) {
            crate::timing::note("manifest", || format!("not written ({e}): the next build renders everything"));
        }
    }
}
