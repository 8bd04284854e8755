//! `loa publish`: pull the content if site.toml asks, build as `loa build` does, deliver the
//! build to every target, verify each, and record the run; `--rollback` serves the previous
//! generation again instead.

use std::path::Path;

use jiff::Timestamp;

use super::build;
use super::cli::{BuildArgs, PublishArgs};
use super::common::{load_config, print_one, Failure};
use crate::content::publish::TargetSettings;
use crate::diag::Diagnostic;
use crate::messages::{Lang, Msg};
use crate::msg;
use crate::output::manifest;
use crate::publish::generation::{survey, KEPT};
use crate::publish::{git, kind_name, open, Generation, Generations, History, PublishRecord, TargetRecord};

pub fn run(args: &PublishArgs) -> Result<(), Failure> {
    let _progress = crate::progress::want();
    let site = args.site();
    let root = &args.root;
    let (config, _) = load_config(&site)?;
    let lang = Lang::choose(args.lang, &config.language);
    if !args.rollback && config.publish.pull {
        git::pull(root).map_err(|e| {
            eprintln!("{}", e.render_plain(lang));
            Failure::Content
        })?;
    }
    // site.toml may have changed with the pull: read it again for the targets.
    let (config, now) = load_config(&site)?;
    let targets = chosen_targets(&config.publish.targets, args.target.as_deref(), lang)?;
    let mut history = History::load(root)?;
    let generations = Generations::of_site(root);
    let (generation, held_back) = if args.rollback {
        previous_generation(&history, &generations, lang)?
    } else {
        build::run(&BuildArgs { site: site.clone(), out: None, force: false })?;
        current_generation(root, &history, &generations)?
    };
    let run = Run { lang, generation: &generation, history: &history, rollback: args.rollback };
    let results: Vec<TargetRecord> = targets.iter().map(|settings| run.target(settings, root)).collect();
    let ok = results.iter().all(|r| r.ok);
    let record = PublishRecord {
        at: Timestamp::now().to_string(),
        now: now.to_string(),
        generation: generation.number,
        fingerprint: generation.fingerprint.clone(),
        files: generation.files.len(),
        bytes: generation.bytes(),
        commit: git::head(root),
        rollback: args.rollback,
        held_back,
        ok,
        targets: results,
    };
    history.push(root, record)?;
    let mut keep = history.generations();
    keep.truncate(KEPT);
    generations.prune(&keep)?;
    // Linking the build's files into a generation, or unlinking an old one, moved their
    // status-change times: tell the build manifest, or the next run would render everything.
    let out = root.join("public");
    manifest::relinked(&manifest::manifest_path(root, &out), &out);
    let failed = history.last().map_or(0, |r| r.targets.iter().filter(|t| !t.ok).count());
    if failed > 0 {
        let total = targets.len();
        eprintln!(
            "{}",
            msg!(
                "Xuất bản thất bại ở {failed}/{total} đích (xem ở trên); lần chạy sau sẽ gửi lại.",
                "Publishing failed on {failed} of {total} targets (see above); the next run delivers again."
            )
            .get(lang)
        );
        return Err(Failure::Content);
    }
    Ok(())
}

/// The targets of site.toml, or only the one `--target` names.
fn chosen_targets<'a>(
    all: &'a [TargetSettings],
    only: Option<&str>,
    lang: Lang,
) -> Result<Vec<&'a TargetSettings>, Failure> {
    if all.is_empty() {
        let diagnostic = Diagnostic::error(
            "content/site.toml",
            1,
            1,
            Msg::new("site.toml không nêu đích xuất bản nào", "site.toml names no publish target"),
        )
        .with_hint(Msg::new(
            "thêm một bảng [[publish.targets]], ví dụ: name = \"web\", kind = \"folder\", path = \"/var/www/bhxh\"",
            "add a [[publish.targets]] table, e.g. name = \"web\", kind = \"folder\", path = \"/var/www/bhxh\"",
        ));
        print_one(diagnostic, lang);
        return Err(Failure::Content);
    }
    let Some(name) = only else { return Ok(all.iter().collect()) };
    match all.iter().find(|t| t.name == name) {
        Some(target) => Ok(vec![target]),
        None => {
            let names = all.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ");
            Err(Failure::UsageIn(
                lang,
                msg!(
                    "--target {name}: site.toml không có đích này (có: {names})",
                    "--target {name}: site.toml has no such target (it has: {names})"
                )
                .get(lang)
                .to_string(),
            ))
        }
    }
}

/// The generation to deliver after a build: the one the build output already is, or a new one.
/// While a rollback holds a build back, the generation it rolled back to.
fn current_generation(
    root: &Path,
    history: &History,
    generations: &Generations,
) -> Result<(Generation, Option<String>), Failure> {
    let out = root.join("public");
    let (fingerprint, _) = survey(&out)?;
    if let Some(last) = history.last() {
        if last.held_back.as_deref() == Some(fingerprint.as_str()) {
            if let Some(held) = generations.open(last.generation) {
                return Ok((held, last.held_back.clone()));
            }
        }
        if let Some(same) = generations.open(last.generation).filter(|g| g.fingerprint == fingerprint) {
            return Ok((same, None));
        }
    }
    let number = history.records.iter().map(|r| r.generation).max().unwrap_or(0) + 1;
    Ok((generations.snapshot(&out, number)?, None))
}

/// The generation served before the newest one, for `--rollback`, and the fingerprint to hold
/// back from now on.
fn previous_generation(
    history: &History,
    generations: &Generations,
    lang: Lang,
) -> Result<(Generation, Option<String>), Failure> {
    let current = history.last().map(|r| (r.generation, r.fingerprint.clone()));
    let previous = current.as_ref().and_then(|(number, _)| {
        history.records.iter().rev().filter(|r| r.generation != *number).find_map(|r| generations.open(r.generation))
    });
    match (current, previous) {
        (Some((_, fingerprint)), Some(previous)) => Ok((previous, Some(fingerprint))),
        _ => {
            eprintln!(
                "{}",
                Msg::new(
                    "Không có bản xuất bản trước để quay lại: --rollback cần ít nhất hai lần xuất bản khác nhau.\n  cách sửa: sửa nội dung rồi chạy loa publish",
                    "There is no previous publish to go back to: --rollback needs two different publishes first.\n  fix: correct the content and run loa publish",
                )
                .get(lang)
            );
            Err(Failure::Content)
        }
    }
}

/// One run's delivery of one generation.
struct Run<'a> {
    lang: Lang,
    generation: &'a Generation,
    history: &'a History,
    rollback: bool,
}

impl Run<'_> {
    /// Delivers to and verifies one target, prints what happened, and says it for the record.
    fn target(&self, settings: &TargetSettings, root: &Path) -> TargetRecord {
        let target = open(settings, root);
        let (lang, generation) = (self.lang, self.generation);
        let name = &settings.name;
        let mut record = TargetRecord {
            name: name.clone(),
            kind: kind_name(&settings.kind).to_string(),
            ok: false,
            delivered: false,
            uploaded: 0,
            deleted: 0,
            kept: generation.files.len(),
            uploaded_files: Vec::new(),
            deleted_files: Vec::new(),
            error: None,
        };
        let number = generation.number;
        let describe = target.describe();
        let label = format!("{} `{name}` ({})", lang.pick("Đích", "Target"), describe.get(lang));
        // A target that already has this generation is only verified; if that fails, delivered.
        let has_it = !self.rollback && self.history.last_delivered(name) == Some(number);
        let outcome = if has_it && target.verify(generation).is_ok() {
            println!(
                "{label}: {}",
                msg!(
                    "đã có bản {number}, không gửi gì; đã kiểm tra.",
                    "already has build {number}, nothing sent; verified."
                )
                .get(lang)
            );
            Ok(())
        } else {
            target.deliver(generation).and_then(|delivery| {
                record.delivered = true;
                (record.uploaded, record.deleted, record.kept) =
                    (delivery.uploaded.len(), delivery.deleted.len(), delivery.kept);
                let (uploaded, deleted, kept) = (record.uploaded, record.deleted, record.kept);
                target.verify(generation)?;
                println!(
                    "{label}: {}",
                    msg!(
                        "bản {number}: tải lên {uploaded} tệp, xóa {deleted} tệp, giữ nguyên {kept} tệp; đã kiểm tra.",
                        "build {number}: {uploaded} uploaded, {deleted} deleted, {kept} kept; verified."
                    )
                    .get(lang)
                );
                const SHOWN: usize = 20;
                for path in delivery.uploaded.iter().take(SHOWN) {
                    println!("  + {path}");
                }
                for path in delivery.deleted.iter().take(SHOWN) {
                    println!("  - {path}");
                }
                record.uploaded_files = TargetRecord::list(delivery.uploaded);
                record.deleted_files = TargetRecord::list(delivery.deleted);
                Ok(())
            })
        };
        match outcome {
            Ok(()) => record.ok = true,
            Err(error) => {
                eprintln!("{}", error.render(name, lang));
                record.error = Some(error.to_string());
            }
        }
        record
    }
}
