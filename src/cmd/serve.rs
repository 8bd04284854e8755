//! `loa serve`: the live preview. Builds the site into memory, serves it on loopback, watches
//! content/, the theme and site.toml, rebuilds after each change and tells open browsers,
//! which reload (keeping their scroll position) or show the build's errors over the page.
//! A content error never stops the server: it keeps serving the last good build. The parts
//! (builds, store, HTTP, watcher) are in [`crate::serve`]; this file runs them.

use std::io::ErrorKind;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use serde_json::json;

use super::cli::ServeArgs;
use super::common::{self, print_diagnostics, print_diagnostics_limited, Failure};
use crate::messages::Lang;
use crate::msg;
use crate::serve::store::{error_report, Shared};
use crate::serve::{watch, Builder, Outcome};
use crate::templates::Images;

/// The longest a scheduled rebuild timer sleeps before looking at the clock again (the machine
/// may have slept, or its clock been set).
const MAX_TIMER: std::time::Duration = std::time::Duration::from_secs(3600);

/// How many ports after `--port` are tried when it is taken.
const PORT_TRIES: u16 = 20;

pub fn run(args: &ServeArgs) -> Result<(), Failure> {
    let root = &args.site.root;
    let options = common::options(&args.site, args.theme_dir.as_deref(), Images::Make)?;
    let mut builder = Builder::new(options);
    let lang = builder.lang();
    let shared = Arc::new(Shared::new(lang));

    let started = Instant::now();
    let outcome = builder.build()?;
    report(&shared, outcome, started, None);

    // Everything the site reads is watched before the first page is served and the banner
    // says so: a file saved right after either is never missed.
    let mut watch = watch::Watch::new(root, args.theme_dir.as_deref())
        .map_err(|e| Failure::Other(anyhow::anyhow!("cannot watch {}: {e}", root.display())))?;
    watch.also_files(&builder.outside_files());
    let (listener, addr) = bind(args, lang)?;
    crate::serve::spawn(listener, Arc::clone(&shared))
        .map_err(|e| Failure::Other(anyhow::anyhow!("cannot start the HTTP server: {e}")))?;
    banner(args, addr, &watch, lang);

    loop {
        watch.also_files(&builder.outside_files());
        // Without --now, the site is built again when its live set changes, though no file did.
        let next_change = builder.next_change();
        let deadline = next_change.map(|at| {
            let wait = jiff::Timestamp::now().duration_until(at).unsigned_abs();
            // A little late rather than early: the instant itself must be past.
            Instant::now() + wait.min(MAX_TIMER) + std::time::Duration::from_millis(200)
        });
        let Some(batch) = watch.next_batch_until(deadline) else { break };
        if batch.is_empty() && next_change.is_some_and(|at| jiff::Timestamp::now() < at) {
            continue; // The timer's longest sleep, not the change yet.
        }
        let started = Instant::now();
        let first = batch.iter().next().map(|p| crate::diag::display_path(root, p));
        // A count of 0: no file changed, the clock reached a change of the live set.
        let cause = Some(first.map_or((PathBuf::new(), 0), |p| (p, batch.len())));
        // The edited article's own page first; then the whole site, as `loa build` makes it.
        if let Some(files) = builder.quick(&batch) {
            report_quick(&shared, files, started, cause.as_ref());
        }
        let outcome = builder.build()?;
        report(&shared, outcome, started, cause);
    }
    Ok(())
}

/// Listens on `--bind`:`--port`, or the next free port after it, saying which was taken.
fn bind(args: &ServeArgs, lang: Lang) -> Result<(TcpListener, SocketAddr), Failure> {
    let mut port = args.port;
    for _ in 0..PORT_TRIES {
        let addr = SocketAddr::new(args.bind, port);
        match TcpListener::bind(addr) {
            Ok(l) => {
                let addr = l.local_addr().unwrap_or(addr);
                return Ok((l, addr));
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse && port < u16::MAX => {
                let next = port + 1;
                eprintln!(
                    "{}",
                    msg!("Cổng {port} đang bận, thử cổng {next}.", "Port {port} is in use, trying {next}.").get(lang)
                );
                port = next;
            }
            Err(e) => {
                return Err(Failure::Other(anyhow::anyhow!("cannot listen on {addr}: {e}")));
            }
        }
    }
    let first = args.port;
    Err(Failure::Usage(crate::msg!(
        "các cổng {first}–{port} đều đang bận; hãy ghi --port với một cổng còn trống",
        "ports {first}–{port} are all in use; pass --port with a free one"
    )))
}

fn banner(args: &ServeArgs, addr: SocketAddr, watch: &watch::Watch, lang: Lang) {
    let host = if addr.ip().is_unspecified() { "127.0.0.1".to_string() } else { addr.ip().to_string() };
    let host = if addr.is_ipv6() && !addr.ip().is_unspecified() { format!("[{host}]") } else { host };
    let url = format!("http://{host}:{}/", addr.port());
    println!("{}", msg!("Xem trước tại {url} (Ctrl+C để dừng)", "Preview at {url} (Ctrl+C to stop)").get(lang));
    let root = &args.site.root;
    let dirs: Vec<String> =
        watch.dirs().iter().map(|d| crate::diag::display_path(root, d).display().to_string()).collect();
    let dirs = dirs.join(", ");
    println!(
        "{}",
        msg!(
            "Đang theo dõi {dirs}: mỗi lần lưu, trang trong trình duyệt tự tải lại.",
            "Watching {dirs}: every save reloads the page in the browser."
        )
        .get(lang)
    );
    if !addr.ip().is_loopback() {
        println!(
            "{}",
            msg!(
                "Cảnh báo: máy chủ nghe trên {} chứ không chỉ máy này: mọi máy trong mạng đều xem được bản xem trước, kể cả bài chưa đăng.",
                "Warning: listening on {}, not only on this machine: anyone on the network can see the preview, unpublished items included.",
                addr.ip()
            )
            .get(lang)
        );
    }
    if args.site.future || args.site.drafts {
        println!(
            "{}",
            msg!(
                "Bản xem trước có cả bài hẹn giờ hoặc bản nháp, có nhãn đánh dấu.",
                "The preview includes scheduled or draft items, badged."
            )
            .get(lang)
        );
    }
}

/// Takes the pages of a build's quick phase into the store and tells the browsers showing them
/// (`"settled": false`: the rest of the site follows with the next `build` event).
fn report_quick(
    shared: &Shared,
    files: crate::output::Files,
    started: Instant,
    cause: Option<&(std::path::PathBuf, usize)>,
) {
    let lang = shared.lang;
    let (changed, version) = {
        let mut store = shared.write();
        let changed = store.patch(files);
        if !changed.is_empty() {
            store.version += 1;
        }
        let urls: Vec<String> = changed.iter().map(|p| store.url_of(p)).collect();
        (urls, store.version)
    };
    if changed.is_empty() {
        return;
    }
    shared.hub.broadcast(
        "build",
        &json!({ "version": version, "paths": changed, "all": false, "errors": null, "settled": false }),
    );
    let ms = started.elapsed().as_millis();
    if let Some((path, _)) = cause {
        let path = path.display();
        println!(
            "{}",
            msg!("{path} đổi: trang của bài hiện sau {ms} ms.", "{path} changed: its page shown after {ms} ms.")
                .get(lang)
        );
    }
}

/// Takes a build's outcome into the store, tells the browsers, and prints one line (or the errors).
fn report(shared: &Shared, outcome: Outcome, started: Instant, cause: Option<(std::path::PathBuf, usize)>) {
    let lang = shared.lang;
    match outcome {
        Outcome::Built { files, reused, warnings, base_path, pages } => {
            let (changed, version, all) = {
                let mut store = shared.write();
                let had_errors = store.errors.take().is_some();
                let first = !store.built;
                store.base_path = base_path;
                let changed = store.update(files, &reused);
                store.built = true;
                if !changed.is_empty() || had_errors {
                    store.version += 1;
                }
                let urls: Vec<String> = changed.iter().map(|p| store.url_of(p)).collect();
                (urls, store.version, first)
            };
            let ms = started.elapsed().as_millis();
            let n = changed.len();
            let first_build = cause.is_none();
            match cause {
                None => println!(
                    "{}",
                    msg!("Đã dựng {pages} trang trong {ms} ms.", "Built {pages} pages in {ms} ms.").get(lang)
                ),
                Some((_, 0)) => println!(
                    "{}",
                    msg!(
                        "Đến giờ một mục được đăng hoặc gỡ xuống: dựng lại trong {ms} ms, {n} tệp khác trước.",
                        "An item's publish or expiry time came: rebuilt in {ms} ms, {n} files differ."
                    )
                    .get(lang)
                ),
                Some((path, count)) => {
                    let path = path.display();
                    let more = if count > 1 { format!(" (+{})", count - 1) } else { String::new() };
                    println!(
                        "{}",
                        msg!(
                            "{path}{more} đổi: dựng lại trong {ms} ms, {n} tệp khác trước.",
                            "{path}{more} changed: rebuilt in {ms} ms, {n} files differ."
                        )
                        .get(lang)
                    );
                }
            }
            if warnings.warning_count() > 0 && first_build {
                print_diagnostics_limited(warnings, 10);
            }
            if n > 0 || all {
                let paths: Vec<&String> = if n > 1000 { Vec::new() } else { changed.iter().collect() };
                shared.hub.broadcast(
                    "build",
                    &json!({ "version": version, "paths": paths, "all": all || n > 1000, "errors": null, "settled": true }),
                );
            } else {
                // Nothing changed, but an overlay may need to go.
                shared.hub.broadcast(
                    "build",
                    &json!({ "version": version, "paths": [], "all": false, "errors": null, "settled": true }),
                );
            }
        }
        Outcome::Failed(diags) => {
            let report = error_report(&diags, lang);
            let version = {
                let mut store = shared.write();
                store.errors = Some(report.clone());
                store.version += 1;
                store.version
            };
            print_diagnostics(diags);
            println!(
                "{}",
                msg!(
                    "Chưa dựng lại được: trình duyệt hiện lỗi; sửa tệp rồi lưu, trang sẽ tự hiện lại.",
                    "Not rebuilt: the browser shows the errors; fix the file and save, and the page comes back."
                )
                .get(lang)
            );
            shared.hub.broadcast("build", &json!({ "version": version, "errors": report.json, "settled": true }));
        }
    }
}
