//! What an editor wrote meaning markup that Markdown would print as text, or that the sanitiser
//! would silently drop: an image or link whose file name has spaces (the way phones and Windows
//! name photos), a shortcode inside a sentence, a raw HTML tag loa does not publish. Each is
//! found in the source, outside code, and reported at its place with what to write instead.

use std::ops::Range;

use super::problems::{Found, Severity};
use crate::messages::Msg;
use crate::msg;

/// The problems of `body`; `code` are the byte ranges of code spans and blocks, which are left
/// alone.
pub(super) fn find(body: &str, code: &[Range<usize>]) -> Vec<Found> {
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    let mut found = Vec::new();
    spaced_destinations(body, &in_code, &mut found);
    inline_shortcodes(body, &in_code, &mut found);
    found
}

/// `![Ảnh](ảnh hội nghị.jpg)`, `[Tờ khai](mau TK1-TS.pdf)`: CommonMark ends a destination at
/// the first space, so the whole thing is printed as text.
fn spaced_destinations(body: &str, in_code: &dyn Fn(usize) -> bool, found: &mut Vec<Found>) {
    for (close, _) in body.match_indices("](") {
        let start = close + 2;
        let line_end = body[start..].find('\n').map_or(body.len(), |i| start + i);
        let Some(end) = body[start..line_end].find(')').map(|i| start + i) else { continue };
        let dest = &body[start..end];
        let trimmed = dest.trim();
        let Some(space) = trimmed.find(char::is_whitespace) else { continue };
        // `(url "title")` and `(<a b.jpg>)` are fine as they are.
        let after = trimmed[space..].trim_start();
        if trimmed.starts_with('<') || after.starts_with(['"', '\'', '(']) || in_code(close) {
            continue;
        }
        let Some(open) = body[..close].rfind('[') else { continue };
        let image = body[..open].ends_with('!');
        let at = if image { open - 1 } else { open };
        let label = &body[open + 1..close];
        let bang = if image { "!" } else { "" };
        let fixed = format!("{bang}[{label}](<{trimmed}>)");
        let (vi, en) = if image { ("ảnh", "image") } else { ("liên kết", "link") };
        found.push(Found {
            offset: at,
            severity: Severity::Error,
            message: Msg::new(
                format!("{vi} `{trimmed}` có dấu cách trong tên tệp nên sẽ hiện thành chữ trên trang"),
                format!("the {en} `{trimmed}` has a space in its file name, so it would show as text"),
            ),
            hint: Some(msg!(
                "đặt tên tệp trong ngoặc nhọn: {fixed} (hoặc đổi tên tệp, không dấu cách)",
                "put the file name in angle brackets: {fixed} (or rename the file without spaces)"
            )),
        });
    }
}

/// `Xem {{ youtube(id="…") }} dưới đây`: a shortcode is only read as a paragraph of its own.
fn inline_shortcodes(body: &str, in_code: &dyn Fn(usize) -> bool, found: &mut Vec<Found>) {
    for (at, _) in body.match_indices("{{") {
        if in_code(at) {
            continue;
        }
        let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = body[at..].find('\n').map_or(body.len(), |i| at + i);
        let line = body[line_start..line_end].trim();
        let Some(end) = body[at..line_end].find("}}") else { continue };
        let inner = body[at + 2..at + end].trim();
        let name_end = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(inner.len());
        let name = &inner[..name_end];
        let is_call = !name.is_empty() && inner[name_end..].trim_start().starts_with('(');
        // A paragraph that is only the shortcode is read by `shortcode::parse`.
        let alone = line.starts_with("{{") && line.ends_with("}}") && line.matches("{{").count() == 1;
        if !is_call || alone {
            continue;
        }
        let (message, hint) = if name == "infographic" {
            (
                Msg::new(
                    "shortcode infographic phải đứng riêng một đoạn, nếu không sẽ hiện nguyên văn",
                    "the infographic shortcode must be a paragraph of its own, or it shows as it is",
                ),
                Msg::new(
                    "để dòng trống trước và sau: {{ infographic(path=\"../infographic/ten.md\") }}",
                    "leave an empty line before and after: {{ infographic(path=\"../infographic/ten.md\") }}",
                ),
            )
        } else {
            (
                super::shortcode::unknown(name),
                Msg::new(
                    "xóa phần {{ … }} này hoặc thay bằng một liên kết",
                    "delete this {{ … }} or write a link instead",
                ),
            )
        };
        found.push(Found { offset: at, severity: Severity::Error, message, hint: Some(hint) });
    }
}

/// The tags of a raw HTML fragment that the sanitiser removes (`allowed` says which it keeps),
/// each reported at `offset` with what to write instead.
pub(super) fn dropped_tags(html: &str, offset: usize, allowed: &dyn Fn(&str) -> bool, found: &mut Vec<Found>) {
    for part in html.split('<').skip(1) {
        let name: String =
            part.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        if name.is_empty() || allowed(&name) {
            continue;
        }
        let hint = match name.as_str() {
            "iframe" | "embed" | "object" | "video" | "audio" => Msg::new(
                "để đưa video, tạo một mục video (loa new video \"…\", rồi youtube = \"…\" hoặc file = \"….mp4\") và liên kết tới nó; \
                 với bản đồ hay video khác, viết một liên kết, ví dụ [Xem video trên YouTube](https://www.youtube.com/watch?v=…)",
                "for a video, make a video item (loa new video \"…\", then youtube = \"…\" or file = \"….mp4\") and link to it; \
                 for a map or another video, write a link, e.g. [Watch on YouTube](https://www.youtube.com/watch?v=…)",
            ),
            "script" | "style" | "link" | "meta" => Msg::new(
                "trang không chạy mã hay kiểu riêng của một bài; xóa thẻ này (giao diện lo phần trình bày)",
                "pages run no code or styles of their own; delete the tag (the theme does the presentation)",
            ),
            _ => Msg::new(
                "viết phần này bằng Markdown, hoặc xóa thẻ",
                "write this part in Markdown, or delete the tag",
            ),
        };
        found.push(Found {
            offset,
            severity: Severity::Error,
            message: msg!(
                "thẻ <{name}> sẽ bị gỡ khỏi trang: loa chỉ giữ các thẻ định dạng an toàn",
                "the <{name}> tag would be removed from the page: loa keeps only safe formatting tags"
            ),
            hint: Some(hint),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(body: &str) -> Vec<String> {
        find(body, &[]).into_iter().map(|f| format!("{} | {}", f.message.vi, f.hint.unwrap().vi)).collect()
    }

    #[test]
    fn file_names_with_spaces_get_the_exact_fix() {
        let found = messages("Ảnh:\n\n![Hội nghị](ảnh hội nghị.jpg)\n\n[Mẫu](mau TK1.pdf)\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("![Hội nghị](<ảnh hội nghị.jpg>)"), "{}", found[0]);
        assert!(found[1].contains("[Mẫu](<mau TK1.pdf>)"), "{}", found[1]);
        assert!(messages("[a](b.md \"Tiêu đề\") ![x](<a b.jpg>) [c](d.md)").is_empty());
    }

    #[test]
    fn a_shortcode_inside_a_sentence_is_reported() {
        let found = messages("Xem {{ youtube(id=\"abc\") }} nhé.\n\n{{ infographic(path=\"a.md\") }}\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("`youtube`"));
        assert!(messages("Giá trị {{ x }} trong câu.").is_empty());
    }

    #[test]
    fn code_is_left_alone() {
        let body = "```\n![a](b c.jpg) {{ youtube(id=\"x\") }}\n```\n";
        let whole = vec![std::ops::Range { start: 0, end: body.len() }];
        assert!(find(body, &whole).is_empty());
    }
}
