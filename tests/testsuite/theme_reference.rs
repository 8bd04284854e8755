//! THEME.md, the reference theme authors read, stays true to the default theme: every template
//! has its own section, and every `site.*` and `meta.*` key a default template uses is listed.
//! A template or a key added without documentation fails here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// THEME.md, and the per-template pages under docs/theme/ should it be split.
fn reference() -> String {
    let root = root();
    let mut text = std::fs::read_to_string(root.join("THEME.md")).expect("THEME.md at the repository root");
    if let Ok(entries) = std::fs::read_dir(root.join("docs/theme")) {
        let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
            text.push('\n');
            text.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
    text
}

fn template_files() -> Vec<(String, String)> {
    let dir = root().join("themes/default/templates");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

fn headings(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with('#')).collect()
}

/// The text between the heading `heading` and the next heading of the same or a higher level.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text.find(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("THEME.md has no `{heading}`"));
    let level = heading.split(' ').next().unwrap();
    let body = &text[start + heading.len() + 2..];
    let end = body
        .lines()
        .scan(0, |offset, line| {
            let at = *offset;
            *offset += line.len() + 1;
            Some((at, line))
        })
        .find(|(_, line)| line.split(' ').next().is_some_and(|h| h.starts_with('#') && h.len() <= level.len()))
        .map_or(body.len(), |(at, _)| at);
    &body[..end]
}

/// The Tera code of a template: what is inside `{{ }}` and `{% %}` (not comments nor markup).
fn tera_code(template: &str) -> String {
    let mut code = String::new();
    let mut rest = template;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let end = after.find(close).map_or(after.len(), |e| e);
        code.push_str(&after[1..end]);
        code.push('\n');
        rest = &after[(end + close.len()).min(after.len())..];
    }
    code
}

/// Every `<root>.a` and `<root>.a.b` path in `code` (`site.urls.faq`), as written.
fn paths(code: &str, root: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let prefix = format!("{root}.");
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(at) = code[from..].find(&prefix).map(|i| i + from) {
        from = at + prefix.len();
        let before = at.checked_sub(1).map(|i| bytes[i] as char);
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let path: String =
            code[from..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.').collect();
        let path: Vec<&str> = path.split('.').filter(|p| !p.is_empty()).take(2).collect();
        if !path.is_empty() {
            found.insert(path.join("."));
        }
    }
    found
}

#[test]
fn every_default_template_has_its_own_section() {
    let text = reference();
    let headings = headings(&text);
    let mut names: BTreeSet<String> = template_files().into_iter().map(|(name, _)| name).collect();
    // The templates embedded in the binary are the theme's API too.
    names.extend(loa::templates::theme::default_templates().iter().map(|(name, _)| name.to_string()));
    assert!(names.len() > 20, "the default templates were not found: {names:?}");
    let missing: Vec<&String> = names.iter().filter(|n| !headings.iter().any(|h| h.contains(n.as_str()))).collect();
    assert!(missing.is_empty(), "THEME.md has no section heading naming {missing:?}");
}

#[test]
fn every_site_and_meta_key_the_default_templates_use_is_documented() {
    let text = reference();
    let site = section(&text, "### `site`");
    let meta = section(&text, "### `meta`");
    let code: String = template_files().iter().map(|(_, t)| tera_code(t)).collect();
    let mut undocumented = Vec::new();
    let site_paths = paths(&code, "site");
    assert!(site_paths.contains("title") && site_paths.contains("urls.search"), "{site_paths:?}");
    for path in &site_paths {
        let (top, sub) = path.split_once('.').map_or((path.as_str(), None), |(a, b)| (a, Some(b)));
        let top_documented = site.contains(&format!("`site.{top}`"));
        // `site.a.b` is listed in the paragraph that introduces **`site.a`**.
        let sub_documented = sub.is_none_or(|sub| {
            site.contains(&format!("`site.{path}`"))
                || site
                    .split("\n\n")
                    .filter(|p| p.contains(&format!("**`site.{top}`**")))
                    .any(|p| p.contains(&format!("`{sub}`")))
        });
        if !top_documented || !sub_documented {
            undocumented.push(format!("site.{path}"));
        }
    }
    for path in paths(&code, "meta") {
        let top = path.split('.').next().unwrap();
        if !meta.contains(&format!("`meta.{top}`")) {
            undocumented.push(format!("meta.{top}"));
        }
    }
    assert!(undocumented.is_empty(), "THEME.md does not document {undocumented:?}");
}

/// A template's section, with the sections it refers to ("as [list.html](#listhtml)").
fn template_section(text: &str, name: &str) -> String {
    let own = section(text, &format!("### {name}"));
    let mut all = own.to_string();
    for link in own.split("](#").skip(1) {
        let anchor = link.split(')').next().unwrap_or_default();
        if let Some(other) = anchor.strip_suffix("html").filter(|a| !a.is_empty()) {
            let heading = format!("### {other}.html");
            if text.contains(&format!("\n{heading}\n")) {
                all.push_str(section(text, &heading));
            }
        }
    }
    all
}

/// Plans the demo portal's pages (content/ at the repository root) and checks that every
/// top-level key of every page's context is named in its template's section of THEME.md, and
/// every key of its `meta` in the `meta` section, every key of its item (`page`) or listed
/// items in the item object's section or the template's.
#[test]
fn every_key_of_the_demo_pages_contexts_is_documented() {
    use loa::content::Config;
    use loa::diag::Diagnostics;
    use loa::site::indexes::LangIndex;
    use loa::site::{load_site, Options, Preview};
    use loa::templates::plan::Planner;
    use loa::templates::render::{languages, prepare};

    let root = root();
    let config = Config::load(&root.join("content/site.toml"), Path::new("content/site.toml")).expect("site.toml");
    let now = loa::text::date::parse_instant("2026-11-22T08:00:00", &config.timezone).expect("now");
    let theme = loa::templates::theme::Theme::load_for(&root, &config).expect("the default theme");
    let mut diags = Diagnostics::default();
    let options = Options { now, preview: Preview::default() };
    let site = load_site(&root, config, options, &mut diags).expect("loading the demo");
    let prepared = prepare(&site, &theme);
    let empty = LangIndex::default();
    let langs = languages(&site, &theme, &prepared, &empty);
    let mut planner = Planner::new(&site);
    for lang in &langs {
        planner.language(lang);
        planner.not_found(lang);
    }
    let mut jobs = planner.jobs;
    loa::templates::langs::link_alternates(&site, &mut jobs);

    let text = reference();
    let meta_section = section(&text, "### `meta`");
    let item_section = section(&text, "## The item object");
    let mut seen = BTreeSet::new();
    let mut undocumented = BTreeSet::new();
    for job in &jobs {
        seen.insert(job.template);
        let doc = template_section(&text, job.template);
        let context = (job.make)();
        for key in context.as_object().expect("a context is an object").keys() {
            if !doc.contains(&format!("`{key}`")) {
                undocumented.insert(format!("{}: {key}", job.template));
            }
        }
        // The item of an item's page, and the items of a list: each key in the item object's
        // section or the template's.
        let items = context.get("items").and_then(|v| v.as_array()).into_iter().flatten();
        for item in context.get("page").into_iter().chain(items) {
            for key in item.as_object().into_iter().flat_map(|o| o.keys()) {
                if !item_section.contains(&format!("`{key}`")) && !doc.contains(&format!("`{key}`")) {
                    undocumented.insert(format!("{}: page.{key}", job.template));
                }
            }
        }
        let meta = loa::templates::values::to_value(&job.meta);
        for key in meta.as_object().expect("meta is an object").keys() {
            if !meta_section.contains(&format!("`meta.{key}`")) {
                undocumented.insert(format!("meta.{key}"));
            }
        }
    }
    // Every page template is checked: the others are layouts, partials and the alias page
    // (rendered apart, with `target`, `title`, `site` and `t` only).
    let not_pages = ["base.html", "macros.html", "section_header.html", "related_sidebar.html", "alias.html"];
    let unchecked: Vec<String> = template_files()
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| !not_pages.contains(&n.as_str()) && !seen.contains(n.as_str()))
        .collect();
    assert!(unchecked.is_empty(), "the demo has no page of {unchecked:?}: add one to content/");
    assert!(undocumented.is_empty(), "THEME.md does not document {undocumented:?}");
}
