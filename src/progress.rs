//! What a long `loa build`, `check` or `publish` shows on a terminal: the stage it is in and,
//! while files are made, how many of the site's files are done. Nothing is drawn in the first
//! second (a small site is done by then), nor at all when standard error is not a terminal
//! (CI, a systemd timer's journal, a pipe), nor under `LOA_TIMINGS` (its lines would mix).
//!
//! One process runs one build at a time, so the state is process-wide: the pipeline reports
//! through [`stage`] and [`advance`] without passing a handle through every stage.

use std::io::IsTerminal;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::messages::Lang;

/// How long a build runs before its progress is drawn.
const DELAY: Duration = Duration::from_secs(1);

struct State {
    bar: ProgressBar,
    lang: Lang,
    /// What the bar counts: the site's files, then, while variants are made, the images.
    unit: Unit,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Files,
    Images,
}

static WANTED: OnceLock<bool> = OnceLock::new();
static STATE: Mutex<Option<State>> = Mutex::new(None);

/// Asks for progress in this process (the commands that build for a person; not `serve`,
/// which prints its own lines). Only takes effect when standard error is a terminal. The line
/// is cleared when the returned guard goes, however the command ends.
#[must_use = "the progress line is cleared when the guard is dropped"]
pub fn want() -> Shown {
    let on = std::io::stderr().is_terminal() && std::env::var_os("LOA_TIMINGS").is_none();
    let _ = WANTED.set(on);
    Shown
}

/// Clears the progress line when dropped (see [`want`]).
pub struct Shown;

impl Drop for Shown {
    fn drop(&mut self) {
        end();
    }
}

/// Starts showing progress for a build in `lang`, if [`want`] asked for it: hidden for the
/// first second, then a line with the stage and a spinner.
pub fn begin(lang: Lang) {
    if WANTED.get() != Some(&true) || lock().is_some() {
        return;
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    bar.set_style(spinner_style());
    bar.enable_steady_tick(Duration::from_millis(120));
    let shown = bar.clone();
    std::thread::spawn(move || {
        std::thread::sleep(DELAY);
        if !shown.is_finished() {
            shown.set_draw_target(ProgressDrawTarget::stderr_with_hz(8));
        }
    });
    *lock() = Some(State { bar, lang, unit: Unit::Files });
}

/// The build entered stage `name` (a [`crate::timing::stage`] name); stages without a label
/// of their own (the parts of a stage) keep the label of the stage they belong to.
pub fn stage(name: &str) {
    if let Some(state) = lock().as_ref() {
        if let Some(label) = label(name, state.lang) {
            state.bar.set_message(label);
        }
    }
}

/// The build is about to make `total` files (pages, feeds, assets…): from now on the line
/// shows a bar and how many are done.
pub fn total(total: impl FnOnce() -> usize) {
    count(Unit::Files, total);
}

/// The build is about to make the sizes of `total` images: until the end the bar counts
/// images (one image makes several files, and how many is known only once it is read).
pub fn images(total: impl FnOnce() -> usize) {
    count(Unit::Images, total);
}

fn count(unit: Unit, total: impl FnOnce() -> usize) {
    if let Some(state) = lock().as_mut() {
        state.unit = unit;
        state.bar.set_length(total() as u64);
        state.bar.set_position(0);
        state.bar.set_style(bar_style(state.lang, unit));
    }
}

/// `n` more files are done. Files the total did not count (theme files) extend it, so the
/// bar never runs past its end.
pub fn advance(n: u64) {
    step(Unit::Files, n);
}

/// One more image has all its sizes.
pub fn image_done() {
    step(Unit::Images, 1);
}

fn step(unit: Unit, n: u64) {
    if let Some(state) = lock().as_ref().filter(|state| state.unit == unit) {
        let bar = &state.bar;
        if bar.length().is_some_and(|len| bar.position() + n > len) {
            bar.inc_length(n);
        }
        bar.inc(n);
    }
}

/// The build ended (well or not): the progress line is cleared, so the command's own
/// messages start on a clean line.
pub fn end() {
    if let Some(state) = lock().take() {
        state.bar.finish_and_clear();
    }
}

fn lock() -> std::sync::MutexGuard<'static, Option<State>> {
    STATE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} ({elapsed})").unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn bar_style(lang: Lang, unit: Unit) -> ProgressStyle {
    let what = match unit {
        Unit::Files => lang.pick("tệp", "files"),
        Unit::Images => lang.pick("ảnh", "images"),
    };
    // The bar takes what the terminal's width leaves, so the line never wraps.
    ProgressStyle::with_template(&format!("{{spinner}} {{msg}} [{{wide_bar}}] {{pos}}/{{len}} {what} ({{elapsed}})"))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

/// What a person reads for each stage of the pipeline.
fn label(stage: &str, lang: Lang) -> Option<String> {
    let (vi, en) = match stage {
        "load content" => ("Đọc nội dung", "Reading the content"),
        "resolve" => ("Kiểm tra liên kết, đối tượng và lịch đăng", "Checking links, audiences and schedules"),
        "markdown" => ("Chuyển Markdown thành trang", "Turning Markdown into pages"),
        "templates" => ("Dựng các trang", "Rendering the pages"),
        "search index" => ("Lập chỉ mục tìm kiếm", "Building the search index"),
        "images" => ("Làm ảnh cho điện thoại và máy tính", "Making image sizes for phones and computers"),
        "publish" => ("Ghi trang ra thư mục", "Writing the site"),
        "record manifest" => ("Ghi sổ bản dựng", "Recording the build"),
        _ => return None,
    };
    Some(lang.pick(vi, en).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_of_a_build_has_a_label_in_both_languages() {
        for stage in ["load content", "resolve", "markdown", "templates", "search index", "images", "publish"] {
            let (vi, en) = (label(stage, Lang::Vi).unwrap(), label(stage, Lang::En).unwrap());
            assert_ne!(vi, en, "{stage}");
        }
        assert_eq!(label("search: postings", Lang::Vi), None);
    }

    #[test]
    fn nothing_is_kept_when_progress_was_not_asked_for() {
        // Tests run with standard error captured, not a terminal: begin() must not start a bar.
        let _shown = want();
        begin(Lang::Vi);
        assert!(lock().is_none() || std::io::stderr().is_terminal());
        end();
    }
}
