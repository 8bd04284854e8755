//! The theme's `picture(image=…, alt=…, sizes=…, eager=…, class=…, portrait=…)` function: the
//! `<picture>` of an image value, written by the same code as the images of Markdown bodies.
//! `portrait`, another image value (an infographic's `page.image_portrait`), is shown instead
//! on phones held upright.

use std::collections::HashMap;

use serde_json::Value;

use crate::images::{one_candidate, Loading, Picture, Portrait};

/// The Tera function; its output is markup, so Tera does not escape it (the values in it are).
pub struct PictureFunction;

impl tera::Function for PictureFunction {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let image = match args.get("image") {
            Some(Value::Object(image)) => image,
            _ => return Err(tera::Error::msg("picture() needs image=, an image value such as page.image")),
        };
        let text = |map: &HashMap<String, Value>, key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
        let field = |key: &str| image.get(key).and_then(Value::as_str).filter(|s| !s.is_empty());
        let number = |key: &str| image.get(key).and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok());
        let portrait_value = match args.get("portrait") {
            Some(Value::Object(p)) => Some(p),
            _ => None,
        };
        let portrait_field =
            |key: &str| portrait_value.and_then(|p| p.get(key)).and_then(Value::as_str).filter(|s| !s.is_empty());
        let portrait_number = |key: &str| {
            portrait_value.and_then(|p| p.get(key)).and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok())
        };
        // Without width variants (an SVG, a small picture) the one file is the srcset.
        let portrait_srcset = portrait_field("srcset")
            .map(str::to_owned)
            .or_else(|| portrait_field("src").map(|src| one_candidate(src, portrait_number("width"))));
        let portrait = portrait_srcset.as_deref().map(|srcset| Portrait {
            srcset,
            webp_srcset: portrait_field("webp_srcset"),
            width: portrait_number("width"),
            height: portrait_number("width").and(portrait_number("height")),
        });
        let eager = args.get("eager").and_then(Value::as_bool).unwrap_or(false);
        let (alt, sizes, class) = (text(args, "alt"), text(args, "sizes"), text(args, "class"));
        let html = Picture {
            src: field("src"),
            srcset: field("srcset"),
            webp_srcset: field("webp_srcset"),
            width: number("width"),
            height: number("width").and(number("height")),
            alt: alt.as_deref().unwrap_or(""),
            title: "",
            class: class.as_deref().unwrap_or(""),
            sizes: sizes.as_deref().unwrap_or("100vw"),
            loading: if eager { Loading::Eager } else { Loading::Lazy },
            portrait,
        }
        .html();
        Ok(Value::String(html))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, image: Value) -> String {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::text::escape_html);
        tera.register_function("picture", PictureFunction);
        tera.add_raw_template("p.html", template).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("image", &image);
        tera.render("p.html", &ctx).unwrap()
    }

    #[test]
    fn writes_the_same_picture_as_a_markdown_body() {
        let r =
            crate::images::responsive("tin-tuc/anh bìa.jpg", crate::images::Size { width: 1200, height: 800 }).unwrap();
        let value = serde_json::json!({
            "src": crate::images::url("/bhxh", &r.src().rel),
            "srcset": crate::images::srcset("/bhxh", &r.fallback),
            "webp_srcset": crate::images::srcset("/bhxh", &r.webp),
            "width": 1200,
            "height": 800,
        });
        let html = render(r#"{{ picture(image=image, alt='Người "xếp hàng"', sizes="100vw") }}"#, value);
        let body = crate::images::picture_html(&r, "/bhxh", "Người \"xếp hàng\"", "", Loading::Lazy, "100vw", None);
        assert_eq!(html, body);
    }

    #[test]
    fn an_image_without_variants_is_a_plain_img() {
        let value = serde_json::json!({ "src": "/a b.svg", "width": null, "height": null });
        let html = render(r#"{{ picture(image=image, alt="<x>", sizes="1px", eager=true, class="c") }}"#, value);
        assert_eq!(
            html,
            "<img class=\"c\" src=\"/a b.svg\" alt=\"&lt;x&gt;\" fetchpriority=\"high\" decoding=\"async\">"
        );
    }

    #[test]
    fn a_portrait_value_is_offered_to_upright_phones() {
        let mut tera = tera::Tera::default();
        tera.register_function("picture", PictureFunction);
        tera.add_raw_template("p.html", "{{ picture(image=image, alt='a', sizes='100vw', portrait=portrait) }}")
            .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("image", &serde_json::json!({ "src": "/a.svg", "width": 1200, "height": 630 }));
        ctx.insert("portrait", &serde_json::json!({ "src": "/a-doc.svg", "width": 360, "height": 900 }));
        assert_eq!(
            tera.render("p.html", &ctx).unwrap(),
            "<picture><source media=\"(max-width: 600px) and (orientation: portrait)\" srcset=\"/a-doc.svg 360w\" \
             sizes=\"100vw\" width=\"360\" height=\"900\"><img src=\"/a.svg\" alt=\"a\" width=\"1200\" \
             height=\"630\" loading=\"lazy\" decoding=\"async\"></picture>"
        );
        // A page without a portrait version passes null: the plain picture.
        ctx.insert("portrait", &serde_json::Value::Null);
        assert!(!tera.render("p.html", &ctx).unwrap().contains("<source"));
    }
}
