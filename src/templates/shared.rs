//! What every page of a language shares in its Tera context, kept once per work unit instead
//! of copied into every page's context.

use serde_json::Value;

use super::plan::Lang;
use super::theme::{render_context, render_error, render_with, Theme};
use super::values::{to_value, Meta};
use crate::diag::Diagnostic;

/// Tera contexts holding a language's `site` and `t`, the values every page of the language
/// shares (`t` alone is some 170 strings): a page's own values are moved in for its render and
/// taken out after, so the shared ones are not copied for every page. One per rayon work unit.
#[derive(Default)]
pub(super) struct SharedContexts {
    by_lang: Vec<(String, tera::Context)>,
}

impl SharedContexts {
    /// Renders `template` with the page's own values (an object), `meta`, and its language's
    /// `site` and `t`.
    pub(super) fn render(
        &mut self,
        theme: &Theme,
        template: &str,
        lang: &Lang<'_>,
        own: Value,
        meta: &Meta,
    ) -> Result<Vec<u8>, Diagnostic> {
        let Value::Object(mut own) = own else {
            return render_context(theme, template, own);
        };
        let at = match self.by_lang.iter().position(|(code, _)| code == lang.code) {
            Some(at) => at,
            None => {
                let mut context = tera::Context::new();
                context.insert("site", &lang.site_value);
                context.insert("t", &lang.strings);
                self.by_lang.push((lang.code.to_string(), context));
                self.by_lang.len() - 1
            }
        };
        let context = &mut self.by_lang[at].1;
        // A page's values never name the shared ones; if one did, it would win, as before.
        own.insert("meta".into(), to_value(meta));
        let keys: Vec<String> = own.keys().cloned().collect();
        let shadowed: Vec<(String, Value)> =
            keys.iter().filter_map(|k| context.remove(k).map(|v| (k.clone(), v))).collect();
        context.extend(tera::Context::from_value(Value::Object(own)).map_err(|e| render_error(template, &e))?);
        let rendered = render_with(theme, template, context);
        for key in &keys {
            context.remove(key);
        }
        for (key, value) in shadowed {
            context.insert(key, &value);
        }
        rendered
    }
}
