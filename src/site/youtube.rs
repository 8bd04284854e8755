//! YouTube video IDs: the editor may paste the ID or any of the addresses YouTube hands out
//! (youtu.be, watch?v=, /embed/, /shorts/); the page needs only the 11-character ID.

/// The 11-character ID in `text`, or `None` when it is no YouTube video address or ID.
pub fn video_id(text: &str) -> Option<String> {
    let text = text.trim();
    if is_id(text) {
        return Some(text.to_string());
    }
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://")).unwrap_or(text);
    let (host, path) = rest.split_once('/')?;
    let host = host.strip_prefix("www.").or_else(|| host.strip_prefix("m.")).unwrap_or(host);
    let candidate = match host {
        "youtu.be" => path.split(['?', '#', '/']).next()?,
        "youtube.com" | "youtube-nocookie.com" => {
            let (route, query) = path.split_once('?').unwrap_or((path, ""));
            let route = route.split('#').next().unwrap_or(route);
            if route == "watch" {
                query.split(['&', '#']).find_map(|pair| pair.strip_prefix("v="))?
            } else {
                let (prefix, id) = route.split_once('/')?;
                if !matches!(prefix, "embed" | "shorts" | "live" | "v") {
                    return None;
                }
                id.split(['/', '#']).next()?
            }
        }
        _ => return None,
    };
    is_id(candidate).then(|| candidate.to_string())
}

fn is_id(s: &str) -> bool {
    s.len() == 11 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The page on youtube.com a reader without JavaScript is sent to.
pub fn watch_url(id: &str) -> String {
    format!("https://www.youtube.com/watch?v={id}")
}

/// The privacy-enhanced player the theme's script puts in place after the click.
pub fn embed_url(id: &str) -> String {
    format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1")
}

/// The only origin a page with a YouTube video lets frames come from.
pub const FRAME_ORIGIN: &str = "https://www.youtube-nocookie.com";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_address_form() {
        let id = Some("dQw4w9WgXcQ".to_string());
        for text in [
            "dQw4w9WgXcQ",
            " dQw4w9WgXcQ ",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ?t=42",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=3",
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
            "youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        ] {
            assert_eq!(video_id(text), id, "{text}");
        }
    }

    #[test]
    fn refuses_what_is_no_video() {
        for text in [
            "",
            "dQw4w9WgXc",
            "dQw4w9WgXcQQ",
            "dQw4w9WgX<Q",
            "https://vimeo.com/dQw4w9WgXcQ",
            "https://www.youtube.com/channel/UCabcdefghij",
            "https://www.youtube.com/watch?list=PL123",
            "https://youtu.be/",
            "https://evil.example/youtu.be/dQw4w9WgXcQ",
        ] {
            assert_eq!(video_id(text), None, "{text}");
        }
    }
}
