//! The infographic shortcode: a paragraph that is only
//! `{{ infographic(path="../infographic/ten.md") }}` (Zola's syntax) becomes a figure with the
//! infographic's picture, its title as the caption and a link to its transcript.
//!
//! An optional `caption="..."` replaces the title in the caption.

use super::links::Embed;
use crate::images::{picture_html, Loading, Picture, PortraitSet, SIZES_PROSE};
use crate::messages::Msg;
use crate::msg;
use crate::text::escape_html_into as escape_html;

/// A parsed `{{ infographic(...) }}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Shortcode {
    pub path: String,
    pub caption: Option<String>,
}

/// Whether `text` (a paragraph's whole source) is a shortcode: `None` when it is ordinary
/// text, `Some(Err)` when it is an infographic shortcode written wrong or a shortcode loa does
/// not have.
pub(super) fn parse(text: &str) -> Option<Result<Shortcode, Msg>> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let name_end = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name != "infographic" {
        // `{{ youtube(id="…") }}`: a shortcode of another generator, printed as text otherwise.
        return (!name.is_empty() && inner[name_end..].trim_start().starts_with('(')).then(|| Err(unknown(name)));
    }
    let args = inner.strip_prefix("infographic")?.trim_start();
    let Some(args) = args.strip_prefix('(').and_then(|a| a.strip_suffix(')')) else {
        return Some(Err(Msg::new(
            "shortcode infographic phải có dạng {{ infographic(path=\"../infographic/ten.md\") }}",
            "the infographic shortcode is written {{ infographic(path=\"../infographic/ten.md\") }}",
        )));
    };
    Some(arguments(args))
}

/// `{{ name(...) }}` for a shortcode loa does not have.
pub(super) fn unknown(name: &str) -> Msg {
    let video = matches!(name, "youtube" | "vimeo" | "video" | "facebook" | "tiktok");
    if video {
        msg!(
            "không có shortcode `{name}` (loa chỉ có infographic): dòng này sẽ hiện nguyên văn; để đưa video, \
             tạo một mục video (loa new video \"…\") và liên kết tới nó, hoặc viết một liên kết, ví dụ \
             [Xem video trên YouTube](https://www.youtube.com/watch?v=…)",
            "there is no shortcode `{name}` (loa has only infographic): the line would show as it is; for a \
             video, make a video item (loa new video \"…\") and link to it, or write a link, e.g. \
             [Watch on YouTube](https://www.youtube.com/watch?v=…)"
        )
    } else {
        msg!(
            "không có shortcode `{name}` (loa chỉ có infographic): dòng này sẽ hiện nguyên văn",
            "there is no shortcode `{name}` (loa has only infographic): the line would show as it is"
        )
    }
}

fn arguments(mut rest: &str) -> Result<Shortcode, Msg> {
    let mut path = None;
    let mut caption = None;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let (name, after) = rest.split_once('=').ok_or_else(|| {
            msg!("không hiểu `{rest}` trong shortcode infographic", "cannot read `{rest}` in the infographic shortcode")
        })?;
        let name = name.trim();
        let after = after.trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'').ok_or_else(|| {
            msg!("giá trị của `{name}` phải nằm trong dấu ngoặc kép", "the value of `{name}` must be in quotes")
        })?;
        let value_and_rest = &after[1..];
        let end = value_and_rest
            .find(quote)
            .ok_or_else(|| msg!("thiếu dấu ngoặc kép đóng sau `{name}`", "the quote after `{name}` is not closed"))?;
        let value = value_and_rest[..end].to_string();
        match name {
            "path" => path = Some(value),
            "caption" => caption = Some(value),
            _ => {
                return Err(msg!(
                    "shortcode infographic không có tham số `{name}` (chỉ có path và caption)",
                    "the infographic shortcode has no argument `{name}` (only path and caption)"
                ))
            }
        }
        rest = value_and_rest[end + 1..].trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
    let path = path.ok_or_else(|| {
        Msg::new(
            "shortcode infographic thiếu path=\"...\": đường dẫn tới tệp .md của infographic",
            "the infographic shortcode needs path=\"...\": the path of the infographic's .md file",
        )
    })?;
    Ok(Shortcode { path, caption })
}

/// The figure that embeds an infographic in a body; its portrait version, when it has one,
/// on phones held upright.
pub(super) fn figure_html(embed: &Embed, caption: Option<&str>, base_path: &str, eager: bool) -> String {
    let mut html = String::from("<figure class=\"infographic-embed\">");
    let image = &embed.image;
    let loading = if eager { Loading::Eager } else { Loading::Lazy };
    let portrait = embed.portrait.as_ref().map(PortraitSet::portrait);
    match &image.responsive {
        Some(r) => html.push_str(&picture_html(r, base_path, &embed.alt, "", loading, SIZES_PROSE, portrait)),
        // An SVG: no variants of its own, but a portrait version still needs a <picture>.
        None => html.push_str(
            &Picture {
                src: Some(&image.url),
                srcset: None,
                webp_srcset: None,
                width: image.width,
                height: image.height,
                alt: &embed.alt,
                title: "",
                class: "",
                sizes: SIZES_PROSE,
                loading,
                portrait,
            }
            .html(),
        ),
    }
    html.push_str("<figcaption><a href=\"");
    escape_html(&mut html, &embed.url);
    html.push_str("\">");
    escape_html(&mut html, caption.unwrap_or(&embed.title));
    html.push_str("</a> <a class=\"transcript-link\" href=\"");
    escape_html(&mut html, &embed.url);
    html.push_str("#noi-dung-chu\">");
    escape_html(&mut html, &embed.transcript_label);
    html.push_str("</a></figcaption></figure>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_path_and_caption() {
        assert_eq!(
            parse("{{ infographic(path=\"../infographic/a.md\") }}"),
            Some(Ok(Shortcode { path: "../infographic/a.md".into(), caption: None }))
        );
        assert_eq!(
            parse("  {{infographic(path='a.md', caption=\"Mức đóng, 2025\")}}\n"),
            Some(Ok(Shortcode { path: "a.md".into(), caption: Some("Mức đóng, 2025".into()) }))
        );
    }

    #[test]
    fn ordinary_text_is_not_a_shortcode() {
        assert_eq!(parse("Giá trị {{ x }} trong câu"), None);
        assert!(matches!(parse("{{ youtube(id=\"a\") }}"), Some(Err(m)) if m.vi.contains("`youtube`")));
    }

    #[test]
    fn mistakes_are_reported() {
        assert!(parse("{{ infographic(paht=\"a.md\") }}").unwrap().unwrap_err().en.contains("no argument `paht`"));
        assert!(parse("{{ infographic() }}").unwrap().unwrap_err().en.contains("needs path"));
        assert!(parse("{{ infographic(path=a.md) }}").unwrap().is_err());
        assert!(parse("{{ infographic }}").unwrap().is_err());
    }

    fn embed(portrait: Option<PortraitSet>) -> Embed {
        Embed {
            url: "/infographic/a/".into(),
            title: "Mức đóng".into(),
            alt: "Biểu đồ mức đóng".into(),
            image: super::super::ImageInfo {
                url: "/infographic/a.svg".into(),
                width: Some(1200),
                height: Some(630),
                responsive: None,
            },
            portrait,
            transcript_label: "Đọc nội dung bằng chữ".into(),
        }
    }

    #[test]
    fn the_portrait_version_is_offered_to_upright_phones() {
        let set = PortraitSet::new("", "infographic/a-doc.svg", None, Some((360, 900)));
        let html = figure_html(&embed(Some(set)), None, "", false);
        assert!(
            html.starts_with(
                "<figure class=\"infographic-embed\"><picture><source media=\"(max-width: 600px) and \
                 (orientation: portrait)\" srcset=\"/infographic/a-doc.svg 360w\""
            ),
            "{html}"
        );
        assert!(html.contains("<img src=\"/infographic/a.svg\" alt=\"Biểu đồ mức đóng\" width=\"1200\""), "{html}");
        let plain = figure_html(&embed(None), None, "", false);
        assert!(plain.starts_with("<figure class=\"infographic-embed\"><img src=\"/infographic/a.svg\""), "{plain}");
    }
}
