//! Content diagnostics: `path:line:col: severity: message` with a hint an editor can act on.
//!
//! Content errors are collected, never thrown one at a time, so an editor fixes ten typos in
//! one go; they are sorted by file and position so the report is deterministic. Each message
//! is written in Vietnamese and English ([`Msg`]); the run's language picks one when printed.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::messages::{Lang, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file, at a 1-based line and column (0 when the whole file is meant).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: Msg,
    /// Boxed to keep diagnostics small: they travel in `Result`s through the parallel stages.
    pub hint: Option<Box<Msg>>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<Msg>) -> Self {
        Diagnostic { path: path.into(), line, col, severity: Severity::Error, message: message.into(), hint: None }
    }

    pub fn warning(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<Msg>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, line, col, message) }
    }

    pub fn with_hint(mut self, hint: impl Into<Msg>) -> Self {
        self.hint = Some(Box::new(hint.into()));
        self
    }

    pub fn with_hint_opt<H: Into<Msg>>(mut self, hint: Option<H>) -> Self {
        self.hint = hint.map(|h| Box::new(h.into()));
        self
    }

    /// `path:line:col: severity: message`, then the hint on its own line, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let severity = match (self.severity, lang) {
            (Severity::Error, Lang::Vi) => "lỗi",
            (Severity::Warning, Lang::Vi) => "cảnh báo",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
        };
        let (line, col) = self.position();
        let mut out = format!("{}:{line}:{col}: {severity}: {}", self.path.display(), self.message.get(lang));
        if let Some(hint) = &self.hint {
            out.push_str(&format!("\n  {}: {}", lang.pick("gợi ý", "hint"), hint.get(lang)));
        }
        out
    }

    /// [`Diagnostic::render`] with the offending line of the file under `root` below the
    /// header and a marker under the column, the way rustc shows it. `files` keeps the files
    /// read, for the next diagnostics of the same file.
    pub fn render_with_source(
        &self,
        lang: Lang,
        root: &Path,
        files: &mut std::collections::HashMap<PathBuf, Option<String>>,
    ) -> String {
        let plain = self.render(lang);
        if self.line == 0 {
            return plain;
        }
        let text = files.entry(self.path.clone()).or_insert_with(|| {
            // Only text has lines to show: a picture or a PDF named at 1:1 shows none.
            std::fs::read(root.join(&self.path)).ok().and_then(|b| String::from_utf8(b).ok())
        });
        let Some(source) = text.as_deref().and_then(|t| t.lines().nth(self.line - 1)) else { return plain };
        let source = source.replace('\t', "    ");
        if source.trim().is_empty() || source.chars().count() > 300 || source.chars().any(|c| c.is_control()) {
            return plain;
        }
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        let before: String = source.chars().take(self.col.saturating_sub(1)).map(|_| ' ').collect();
        let snippet = format!("{gutter} |\n{number} | {source}\n{gutter} | {before}^");
        match plain.split_once('\n') {
            Some((header, hint)) => format!("{header}\n{snippet}\n{hint}"),
            None => format!("{plain}\n{snippet}"),
        }
    }

    /// The 1-based position shown to editors (a whole-file problem points at 1:1).
    pub fn position(&self) -> (usize, usize) {
        (self.line.max(1), self.col.max(1))
    }

    /// A stable name of the kind of problem, the same in every language and whatever the file,
    /// field or value: the words of the English message with the quoted and variable parts
    /// (`…`, numbers, paths) left out, e.g. "unknown-audience" for "unknown audience `x`".
    /// Tools match on it instead of on the text.
    pub fn code(&self) -> String {
        const SKIPPED: &[&str] = &["the", "a", "an", "of", "is", "be", "to", "it", "its", "this", "that", "in", "on"];
        let mut words: Vec<String> = Vec::new();
        let mut quoted = false;
        let text = self.message.en.split(['(', ';', '—']).next().unwrap_or_default();
        // The first clause says what is wrong; after ": " come the particulars, except after
        // the name of the file kind ("front matter: …", "site.toml: …").
        let mut clauses = text.split(": ");
        let first = clauses.next().unwrap_or_default();
        let text = match clauses.next() {
            Some(second) if matches!(first, "front matter" | "site.toml") => format!("{first} {second}"),
            _ => first.to_string(),
        };
        for part in text.replace(".toml", "-toml").split('`') {
            if !quoted {
                let kept =
                    |c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '\'' | '#' | '<' | '>' | '-' | '_');
                for word in part.split(|c: char| !kept(c)) {
                    let word = word.trim_matches(|c: char| c == '.' || c == '\'').to_ascii_lowercase();
                    let variable = word.is_empty()
                        || word.contains(['/', '.', '#', '<', '>'])
                        || word.chars().any(|c| c.is_ascii_digit())
                        || SKIPPED.contains(&word.as_str());
                    if !variable && words.len() < 6 {
                        words.extend(word.split(['-', '_']).filter(|w| !w.is_empty()).map(str::to_string));
                    }
                }
            }
            quoted = !quoted;
        }
        if words.is_empty() {
            "problem".to_string()
        } else {
            words.join("-")
        }
    }

    /// `{path, line, col, severity, code, message, hint}` for tools (`loa check --format json`).
    pub fn to_json(&self, lang: Lang) -> JsonDiagnostic<'_> {
        let (line, col) = self.position();
        JsonDiagnostic {
            path: self.path.to_string_lossy().into_owned(),
            line,
            col,
            severity: match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            code: self.code(),
            message: self.message.get(lang),
            hint: self.hint.as_ref().map(|h| h.get(lang)),
        }
    }
}

/// A diagnostic as tools read it, fields in this order.
#[derive(Debug, serde::Serialize)]
pub struct JsonDiagnostic<'a> {
    pub path: String,
    pub line: usize,
    pub col: usize,
    /// "error" or "warning", whatever the language.
    pub severity: &'static str,
    /// [`Diagnostic::code`].
    pub code: String,
    pub message: &'a str,
    pub hint: Option<&'a str>,
}

/// In English, the library's default language; commands print with [`Diagnostic::render`].
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// The diagnostics of one run, and the language they are reported in.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    lang: Lang,
    /// The site root the paths are relative to, for showing the offending source lines.
    root: Option<PathBuf>,
}

impl Diagnostics {
    /// Diagnostics reported in `lang`.
    pub fn in_lang(lang: Lang) -> Self {
        Diagnostics { items: Vec::new(), lang, root: None }
    }

    /// Shows the source line of each diagnostic when printed, read from the files under `root`.
    pub fn set_root(&mut self, root: &Path) {
        self.root = Some(root.to_path_buf());
    }

    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, then position, then message, so every run prints the same report.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message.en).cmp(&(
                &b.path,
                b.line,
                b.col,
                b.severity,
                &b.message.en,
            ))
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// The closest of `candidates` to `wrong`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(wrong, c);
        if score > 0.75 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The hint that offers a likely intended name: "did you mean `x`?".
pub fn suggestion(name: &str) -> Msg {
    crate::msg!("có phải ý bạn là `{name}`?", "did you mean `{name}`?")
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The hint for a file an item names that is not in content/: a file of that name elsewhere
/// ("did you mean"), or `otherwise`.
pub fn missing_file_hint(path: &str, assets: &std::collections::BTreeSet<String>, otherwise: Msg) -> Msg {
    let name = path.rsplit('/').next().unwrap_or(path);
    did_you_mean(name, assets.iter().map(|a| a.rsplit('/').next().unwrap_or(a)))
        .map(|s| {
            crate::msg!(
                "có phải ý bạn là `{s}`? đường dẫn tính từ thư mục của tệp",
                "did you mean `{s}`? paths are relative to the file's folder"
            )
        })
        .unwrap_or(otherwise)
}

/// A path shown relative to the site root, as editors see it in their file tree.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let audiences = ["nguoi-lao-dong-doanh-nghiep", "hoc-sinh-sinh-vien"];
        assert_eq!(did_you_mean("nguoi-lao-dong", audiences), Some("nguoi-lao-dong-doanh-nghiep"));
        assert_eq!(did_you_mean("xyz", audiences), None);
        assert_eq!(did_you_mean("titel", ["title", "summary"]), Some("title"));
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "a\nđb x";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 2), (2, 1));
        assert_eq!(line_col(text, text.find('x').unwrap()), (2, 4));
    }

    #[test]
    fn formats_path_line_col_and_hint() {
        let d = Diagnostic::error("content/a.md", 3, 1, "unknown audience `x`").with_hint("did you mean `y`?");
        assert_eq!(d.to_string(), "content/a.md:3:1: error: unknown audience `x`\n  hint: did you mean `y`?");
    }

    #[test]
    fn codes_name_the_kind_of_problem_whatever_the_values() {
        let code = |en: &str| Diagnostic::error("a.md", 1, 1, Msg::new("x", en)).code();
        assert_eq!(code("unknown audience `nguoi-lao-dong`"), "unknown-audience");
        assert_eq!(code("unknown audience `x`"), code("unknown audience `y`"));
        assert_eq!(
            code("link `a.md#x` points to #x, which that page does not have"),
            "link-points-which-page-does-not"
        );
        assert_eq!(code("the original is 5.2 MB, over 5 MB"), "original-mb-over-mb");
        assert_eq!(code("front matter: the value of `summary` must be quoted"), "front-matter-value-must-quoted");
        assert_eq!(code("link `a.md` leads nowhere: there is no content/tin-tuc/cai-dat.md"), "link-leads-nowhere");
        assert_eq!(code("site.toml: the value of `base_url` must be quoted"), "site-toml-value-must-quoted");
    }

    #[test]
    fn renders_in_the_run_language() {
        let d = Diagnostic::warning("content/a.md", 0, 0, Msg::new("thiếu tóm tắt", "no summary"))
            .with_hint(Msg::new("thêm summary", "add summary"));
        assert_eq!(d.render(Lang::Vi), "content/a.md:1:1: cảnh báo: thiếu tóm tắt\n  gợi ý: thêm summary");
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/b.md"), "+++\ntitle = \"Hội \"nghị\"\"\n+++\n").unwrap();
        let e =
            Diagnostic::error("content/b.md", 2, 15, Msg::new("ngoặc kép", "quote")).with_hint(Msg::new("sửa", "fix"));
        assert_eq!(
            e.render_with_source(Lang::Vi, dir.path(), &mut Default::default()),
            "content/b.md:2:15: lỗi: ngoặc kép\n  |\n2 | title = \"Hội \"nghị\"\"\n  |               ^\n  gợi ý: sửa"
        );
        // A picture named at 1:1 has no line to show.
        std::fs::write(dir.path().join("content/c.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
        let p = Diagnostic::error("content/c.png", 1, 1, Msg::new("cắt cụt", "cut off"));
        assert_eq!(
            p.render_with_source(Lang::Vi, dir.path(), &mut Default::default()),
            "content/c.png:1:1: lỗi: cắt cụt"
        );
        let json = serde_json::to_string(&d.to_json(Lang::En)).unwrap();
        assert_eq!(
            json,
            r#"{"path":"content/a.md","line":1,"col":1,"severity":"warning","code":"no-summary","message":"no summary","hint":"add summary"}"#
        );
    }
}
