//! Rendering again only what changed (`loa serve`). A page's output is a pure function of its
//! template (with everything it extends, includes or imports) and its context (its own values,
//! `site`, `t` and `meta`): the dependency graph of a page is recorded as a fingerprint of
//! exactly those inputs. An edited article changes the context of its own page and of every
//! list, audience, campaign, topic or home page that shows it, and of no other page; a changed
//! template changes the fingerprint of the pages whose template depends on it. A page with
//! the fingerprint it had at the previous build is not rendered again. Nothing is guessed, so
//! a new kind of page (or a new value in a context) is covered without any change here.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use serde_json::Value;
use xxhash_rust::xxh3::Xxh3;

use super::plan::{Job, Lang};
use super::shared::SharedContexts;
use super::theme::Theme;
use super::values::to_value;
use crate::diag::Diagnostic;

/// Output path → fingerprint of the inputs it was rendered from.
pub type Fingerprints = HashMap<String, u128>;

/// One page: rendered (`bytes`) or known to be unchanged (`None`).
pub struct Page {
    pub path: String,
    pub bytes: Option<Vec<u8>>,
    pub fingerprint: u128,
}

/// For each template, a fingerprint of its source and of every template it depends on; and,
/// filled as pages ask, the fingerprint of each language's `site` and `t` values.
pub struct TemplateFingerprints(HashMap<String, u128>, Mutex<HashMap<usize, u128>>);

impl TemplateFingerprints {
    /// A template depends on every template whose name it quotes (`{% extends "base.html" %}`,
    /// `{% include "x.html" %}`, `{% import "macros.html" as m %}`), transitively. Quoting a
    /// name in any other way also counts: that can only re-render a page too many, never too few.
    pub fn new(theme: &Theme) -> TemplateFingerprints {
        let sources = &theme.sources;
        let direct: BTreeMap<&str, Vec<&str>> = sources
            .iter()
            .map(|(name, text)| {
                let deps = sources
                    .keys()
                    .filter(|other| *other != name)
                    .filter(|other| text.contains(&format!("\"{other}\"")) || text.contains(&format!("'{other}'")))
                    .map(String::as_str)
                    .collect();
                (name.as_str(), deps)
            })
            .collect();
        let mut out = HashMap::new();
        for name in sources.keys() {
            let mut seen: Vec<&str> = vec![name];
            let mut i = 0;
            while i < seen.len() {
                for dep in direct.get(seen[i]).into_iter().flatten() {
                    if !seen.contains(dep) {
                        seen.push(dep);
                    }
                }
                i += 1;
            }
            seen.sort_unstable();
            let mut h = Xxh3::new();
            for n in seen {
                write_str(&mut h, n);
                write_str(&mut h, &sources[n]);
            }
            out.insert(name.clone(), h.digest128());
        }
        TemplateFingerprints(out, Mutex::default())
    }

    fn get(&self, template: &str) -> u128 {
        self.0.get(template).copied().unwrap_or_default()
    }

    /// The fingerprint of a language's `site` and `t` values (the same `Lang` for all its pages).
    fn language(&self, lang: &Lang<'_>) -> u128 {
        let key = lang as *const Lang<'_> as usize;
        if let Some(fp) = self.1.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return *fp;
        }
        let mut h = Xxh3::new();
        write_str(&mut h, lang.code);
        hash_value(&mut h, &lang.site_value);
        hash_value(&mut h, &lang.strings);
        let fp = h.digest128();
        self.1.lock().unwrap_or_else(|e| e.into_inner()).insert(key, fp);
        fp
    }
}

/// Renders a page unless its template and context have the fingerprint `previous` holds for it.
/// The context's `site` and `t` values are the same for every page of a language: they are
/// fingerprinted once per language, and shared by the pages that render ([`SharedContexts`]).
pub(super) fn render_unless_same(
    theme: &Theme,
    job: Job<'_>,
    previous: &Fingerprints,
    templates: &TemplateFingerprints,
    shared: &mut SharedContexts,
) -> Result<Page, Diagnostic> {
    let Job { path, template, lang, meta, make } = job;
    let context = make();
    let mut h = Xxh3::new();
    write_str(&mut h, template);
    h.update(&templates.get(template).to_le_bytes());
    h.update(&templates.language(lang).to_le_bytes());
    let meta_value = to_value(&meta);
    hash_value(&mut h, &meta_value);
    hash_value(&mut h, &context);
    let fingerprint = h.digest128();
    if previous.get(&path) == Some(&fingerprint) {
        return Ok(Page { path, bytes: None, fingerprint });
    }
    let bytes = shared.render(theme, template, lang, context, &meta)?;
    Ok(Page { path, bytes: Some(bytes), fingerprint })
}

fn write_str(h: &mut Xxh3, s: &str) {
    h.update(&(s.len() as u64).to_le_bytes());
    h.update(s.as_bytes());
}

/// Feeds a JSON value to the hasher without serialising it: a tag per kind, lengths before
/// contents, so two different values never feed the same bytes.
fn hash_value(h: &mut Xxh3, v: &Value) {
    match v {
        Value::Null => h.update(b"n"),
        Value::Bool(b) => h.update(if *b { b"t" } else { b"f" }),
        Value::Number(n) => {
            h.update(b"#");
            write_str(h, &n.to_string());
        }
        Value::String(s) => {
            h.update(b"s");
            write_str(h, s);
        }
        Value::Array(items) => {
            h.update(b"[");
            h.update(&(items.len() as u64).to_le_bytes());
            for item in items {
                hash_value(h, item);
            }
        }
        Value::Object(map) => {
            h.update(b"{");
            h.update(&(map.len() as u64).to_le_bytes());
            for (k, item) in map {
                write_str(h, k);
                hash_value(h, item);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fp(v: &Value) -> u128 {
        let mut h = Xxh3::new();
        hash_value(&mut h, v);
        h.digest128()
    }

    #[test]
    fn different_values_have_different_fingerprints() {
        let values = [
            json!(null),
            json!(""),
            json!([]),
            json!({}),
            json!(["ab"]),
            json!(["a", "b"]),
            json!({"a": "b"}),
            json!({"ab": ""}),
            json!(1),
            json!("1"),
            json!([[]]),
        ];
        for (i, a) in values.iter().enumerate() {
            for b in &values[i + 1..] {
                assert_ne!(fp(a), fp(b), "{a} vs {b}");
            }
        }
        assert_eq!(fp(&json!({"a": [1, "x"]})), fp(&json!({"a": [1, "x"]})));
    }
}
