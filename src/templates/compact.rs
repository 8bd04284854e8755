//! Compacting the theme's template sources once, when the theme loads, so that the rendered
//! pages need no minifying pass of their own.
//!
//! The dynamic parts of a page (Markdown from pulldown-cmark, escaped values) are already
//! compact; what a minifier used to remove from every page was the indentation, newlines and
//! comments of the template sources. Removing them from the sources gives nearly the same
//! bytes at no cost per page. The transform is conservative, so a page renders exactly as
//! from the original source:
//!
//! - outside Tera tags, every whitespace run becomes one space; it goes entirely only between
//!   two tags that are both block-level or head elements (`</p>\n<div>`), where whitespace is
//!   never rendered;
//! - whitespace inside `<pre>`, `<textarea>`, `<script>` and `<style>` and inside quoted
//!   attribute values is kept as written;
//! - `<!-- -->` comments and Tera's `{# #}` comments go, except conditional (`<!--[if`) and
//!   SSI-like (`<!--#`) comments, and HTML comments holding a Tera statement (`{%`), which
//!   could be part of the template's structure;
//! - Tera tags (`{{ }}`, `{% %}`) are copied unchanged, string literals included, and so is
//!   everything between `{% raw %}` and `{% endraw %}`.

/// The compacted text of one template source.
pub fn compact_template(src: &str) -> String {
    let mut c = Compactor {
        src: src.as_bytes(),
        pos: 0,
        out: Vec::with_capacity(src.len()),
        pending: false,
        last: Last::Start,
        trim_next: false,
    };
    c.run();
    // Only whole ASCII delimiters and ASCII whitespace were removed, so the text stays UTF-8.
    String::from_utf8(c.out).unwrap_or_else(|_| src.to_string())
}

/// What was written last, for deciding whether a whitespace run can go.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    Start,
    /// The end of a block-level or head element's tag (`<div ...>`, `</p>`, `<meta ...>`).
    BlockTag,
    /// `</html>`: nothing after it is rendered.
    HtmlEnd,
    /// Text, an inline tag, a Tera tag: whitespace after it may be significant.
    Other,
}

struct Compactor<'a> {
    src: &'a [u8],
    pos: usize,
    out: Vec<u8>,
    /// A whitespace run was read and not written yet.
    pending: bool,
    last: Last,
    /// The last Tera comment ended with `-#}`: the whitespace after it is trimmed by Tera.
    trim_next: bool,
}

/// Elements whose tags never need the whitespace beside them: block-level and table elements
/// (whitespace beside them is at the start or end of a line, or between table cells) and the
/// elements of the head, which are not rendered.
const BLOCK: &[&str] = &[
    "!doctype",
    "html",
    "head",
    "body",
    "meta",
    "link",
    "title",
    "base",
    "script",
    "style",
    "noscript",
    "div",
    "section",
    "article",
    "nav",
    "header",
    "footer",
    "main",
    "aside",
    "ul",
    "ol",
    "li",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "caption",
    "colgroup",
    "col",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "legend",
    "details",
    "summary",
    "dl",
    "dt",
    "dd",
    "hr",
    "br",
    "blockquote",
    "address",
    "hgroup",
    "search",
    "pre",
];

/// Elements whose content is kept exactly as written.
const VERBATIM: &[&str] = &["pre", "textarea", "script", "style"];

impl Compactor<'_> {
    fn run(&mut self) {
        while self.pos < self.src.len() {
            let rest = &self.src[self.pos..];
            let b = rest[0];
            if b.is_ascii_whitespace() {
                if !self.trim_next {
                    self.pending = true;
                }
                self.pos += 1;
            } else if rest.starts_with(b"{#") {
                let end = find(rest, 2, b"#}").map_or(rest.len(), |i| i + 2);
                let comment = &rest[..end];
                if comment.starts_with(b"{#-") {
                    self.pending = false;
                }
                self.trim_next = comment.ends_with(b"-#}");
                self.pos += end;
            } else if rest.starts_with(b"{{") || rest.starts_with(b"{%") {
                let end = tera_tag_end(rest);
                let raw = is_statement(&rest[..end], "raw");
                self.flush_space(false);
                self.out.extend_from_slice(&rest[..end]);
                self.pos += end;
                self.last = Last::Other;
                if raw {
                    self.copy_raw_block();
                }
            } else if rest.starts_with(b"<!--") {
                let end = find(rest, 4, b"-->").map_or(rest.len(), |i| i + 3);
                let comment = &rest[..end];
                let keep =
                    comment.starts_with(b"<!--[") || comment.starts_with(b"<!--#") || find(comment, 0, b"{%").is_some();
                if keep {
                    self.flush_space(false);
                    self.out.extend_from_slice(comment);
                    self.last = Last::Other;
                }
                self.pos += end;
            } else if b == b'<' && is_tag_start(&rest[1..]) {
                let name = tag_name(&rest[1..]);
                let block = BLOCK.contains(&name.as_str()) || BLOCK.contains(&name.trim_start_matches('/'));
                self.flush_space(block);
                self.copy_tag();
                self.last = if name == "/html" {
                    Last::HtmlEnd
                } else if block {
                    Last::BlockTag
                } else {
                    Last::Other
                };
                if VERBATIM.contains(&name.as_str()) {
                    self.copy_verbatim(&name);
                }
            } else {
                self.flush_space(false);
                let len = utf8_len(b).min(rest.len());
                self.out.extend_from_slice(&rest[..len]);
                self.pos += len;
                self.last = Last::Other;
            }
        }
        if self.pending && !matches!(self.last, Last::HtmlEnd | Last::Start) {
            self.out.push(b' ');
        }
    }

    /// Writes the pending whitespace run as one space, or drops it where it cannot matter:
    /// between two block-level tags, at the very start, after `</html>`.
    fn flush_space(&mut self, next_is_block: bool) {
        self.trim_next = false;
        if !std::mem::take(&mut self.pending) {
            return;
        }
        let drop = match self.last {
            Last::Start | Last::HtmlEnd => true,
            Last::BlockTag => next_is_block,
            Last::Other => false,
        };
        if !drop {
            self.out.push(b' ');
        }
    }

    /// Copies one HTML tag up to its `>`: Tera tags and quoted attribute values as they are,
    /// whitespace between attributes as one space.
    fn copy_tag(&mut self) {
        self.out.push(b'<');
        self.pos += 1;
        let mut quote: Option<u8> = None;
        let mut space = false;
        while self.pos < self.src.len() {
            let rest = &self.src[self.pos..];
            let b = rest[0];
            if rest.starts_with(b"{{") || rest.starts_with(b"{%") || rest.starts_with(b"{#") {
                if std::mem::take(&mut space) {
                    self.out.push(b' ');
                }
                let end = tera_tag_end(rest);
                self.out.extend_from_slice(&rest[..end]);
                self.pos += end;
                continue;
            }
            self.pos += 1;
            match quote {
                Some(q) => {
                    self.out.push(b);
                    if b == q {
                        quote = None;
                    }
                }
                None if b.is_ascii_whitespace() => space = true,
                None => {
                    if std::mem::take(&mut space) {
                        self.out.push(b' ');
                    }
                    self.out.push(b);
                    match b {
                        b'"' | b'\'' => quote = Some(b),
                        b'>' => return,
                        _ => {}
                    }
                }
            }
        }
    }

    /// Copies the content of a `<pre>`, `<textarea>`, `<script>` or `<style>` as it is, up to
    /// its end tag.
    fn copy_verbatim(&mut self, name: &str) {
        let close = format!("</{name}");
        while self.pos < self.src.len() {
            let rest = &self.src[self.pos..];
            if rest.starts_with(b"{{") || rest.starts_with(b"{%") || rest.starts_with(b"{#") {
                let end = tera_tag_end(rest);
                self.out.extend_from_slice(&rest[..end]);
                self.pos += end;
            } else if rest.len() >= close.len() && rest[..close.len()].eq_ignore_ascii_case(close.as_bytes()) {
                return;
            } else {
                self.out.push(rest[0]);
                self.pos += 1;
            }
        }
    }

    /// Copies everything up to and including the `{% endraw %}` that closes a `{% raw %}`.
    fn copy_raw_block(&mut self) {
        while self.pos < self.src.len() {
            let rest = &self.src[self.pos..];
            if rest.starts_with(b"{%") {
                let end = tera_tag_end(rest);
                self.out.extend_from_slice(&rest[..end]);
                self.pos += end;
                if is_statement(&rest[..end], "endraw") {
                    return;
                }
            } else {
                self.out.push(rest[0]);
                self.pos += 1;
            }
        }
    }
}

/// The length of the Tera tag at the start of `s` (`{{ }}`, `{% %}` or `{# #}`), string
/// literals included; the rest of `s` if it is not closed (Tera then reports the error).
fn tera_tag_end(s: &[u8]) -> usize {
    if s.starts_with(b"{#") {
        return find(s, 2, b"#}").map_or(s.len(), |i| i + 2);
    }
    let close: &[u8] = if s.starts_with(b"{{") { b"}}" } else { b"%}" };
    let mut i = 2;
    while i < s.len() {
        match s[i] {
            q @ (b'"' | b'\'' | b'`') => {
                i = find(s, i + 1, &[q]).map_or(s.len(), |j| j + 1);
            }
            _ if s[i..].starts_with(close) => return i + 2,
            _ => i += 1,
        }
    }
    s.len()
}

/// Whether a `{% %}` tag is the statement `word` (`{% raw %}`, `{%- endraw -%}`).
fn is_statement(tag: &[u8], word: &str) -> bool {
    let Some(inner) = tag.strip_prefix(b"{%").and_then(|t| t.strip_suffix(b"%}")) else { return false };
    let inner = std::str::from_utf8(inner).unwrap_or("");
    inner.trim_start_matches('-').trim_end_matches('-').trim() == word
}

/// Whether the text after a `<` starts a tag: a name, `/`, `!` or a Tera tag naming it.
fn is_tag_start(s: &[u8]) -> bool {
    match s.first() {
        Some(b) if b.is_ascii_alphabetic() || *b == b'/' || *b == b'!' => true,
        _ => s.starts_with(b"{{"),
    }
}

/// The lowercase name of the tag after its `<`, with `/` for an end tag ("div", "/p",
/// "!doctype"); empty or partial when the name is a Tera value.
fn tag_name(s: &[u8]) -> String {
    let end = s
        .iter()
        .enumerate()
        .position(|(i, b)| !(b.is_ascii_alphanumeric() || *b == b'-' || (i == 0 && (*b == b'/' || *b == b'!'))))
        .unwrap_or(s.len());
    // `<{{ heading }}>`: the name is only known at render time.
    if s.get(end) == Some(&b'{') {
        return String::new();
    }
    String::from_utf8_lossy(&s[..end]).to_ascii_lowercase()
}

fn find(s: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    s.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::compact_template as c;

    #[test]
    fn whitespace_between_block_tags_goes() {
        assert_eq!(c("<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n"), "<ul><li>a</li><li>b</li></ul> ");
        assert_eq!(
            c("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"),
            "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"> "
        );
        assert_eq!(c("</body>\n</html>\n"), "</body></html>");
    }

    #[test]
    fn inline_whitespace_stays_as_one_space() {
        assert_eq!(c("<p>Đóng   bảo hiểm\n   đúng hạn.</p>"), "<p>Đóng bảo hiểm đúng hạn.</p>");
        assert_eq!(c("<a href=\"/\">x</a>\n<a href=\"/y\">y</a>"), "<a href=\"/\">x</a> <a href=\"/y\">y</a>");
        // Between a block tag and inline content, or an inline and a block tag, a space stays.
        assert_eq!(c("<p>\n  <span>x</span>\n</p>"), "<p> <span>x</span> </p>");
        assert_eq!(c("<div>\n  text\n</div>"), "<div> text </div>");
        // Two block tags around a picture: the picture is inline.
        assert_eq!(c("</p>\n<picture>"), "</p> <picture>");
    }

    #[test]
    fn whitespace_beside_tera_tags_stays_as_one_space() {
        assert_eq!(c("<p>\n{{ a }}\n   {{ b }}</p>"), "<p> {{ a }} {{ b }}</p>");
        assert_eq!(c("</li>\n{% endfor %}\n</ul>"), "</li> {% endfor %} </ul>");
        assert_eq!(c("Hạn {{ x }}  ngày"), "Hạn {{ x }} ngày");
    }

    #[test]
    fn tera_tags_are_copied_unchanged() {
        let src = "{{ \"a  b\" }}\n{% if x == 'c   d' %}{{ y | default(value=`e\n f`) }}{% endif %}";
        assert_eq!(c(src), "{{ \"a  b\" }} {% if x == 'c   d' %}{{ y | default(value=`e\n f`) }}{% endif %}");
        // A string holding the closing delimiter, or markup, is part of the tag.
        assert_eq!(c("{{ \"%} }} <!-- x -->\" }}"), "{{ \"%} }} <!-- x -->\" }}");
        assert_eq!(
            c("{% if page.content is containing('<pre class=\"code\"') %}<link>{% endif %}"),
            "{% if page.content is containing('<pre class=\"code\"') %}<link>{% endif %}"
        );
        assert_eq!(c("{%- if a -%}\n  x\n{%- endif -%}"), "{%- if a -%} x {%- endif -%}");
    }

    #[test]
    fn tera_tags_inside_html_tags_and_attribute_values() {
        let src = "<a href=\"{{ a.url }}\"{% if a.lang %}  lang=\"{{ a.lang }}\"{% endif %}\n   class=\"x  y\">{{ a.name }}</a>";
        assert_eq!(
            c(src),
            "<a href=\"{{ a.url }}\"{% if a.lang %} lang=\"{{ a.lang }}\"{% endif %} class=\"x  y\">{{ a.name }}</a>"
        );
        assert_eq!(c("<p title=\"a > b\">\n<div>"), "<p title=\"a > b\"><div>");
        assert_eq!(
            c("<{{ heading }} class=\"t\">x</{{ heading }}>\n<p>"),
            "<{{ heading }} class=\"t\">x</{{ heading }}> <p>"
        );
    }

    #[test]
    fn comments_go() {
        assert_eq!(c("<p>a</p>\n<!-- a note\n for authors -->\n<p>b</p>"), "<p>a</p><p>b</p>");
        assert_eq!(c("<p>a <!-- x --> b</p>"), "<p>a b</p>");
        assert_eq!(c("</ul>\n{# A macro:\n <picture> and more #}\n<div>"), "</ul><div>");
        assert_eq!(c("x {#- trimmed -#}\n y"), "xy");
        // Conditional and SSI-like comments, and comments around Tera statements, stay.
        assert_eq!(c("<!--[if IE]><p>x</p><![endif]-->"), "<!--[if IE]><p>x</p><![endif]-->");
        assert_eq!(c("<!--#include file=\"x\" -->"), "<!--#include file=\"x\" -->");
        assert_eq!(c("<!-- {% if a %} -->x<!-- {% endif %} -->"), "<!-- {% if a %} -->x<!-- {% endif %} -->");
    }

    #[test]
    fn pre_textarea_script_and_style_keep_their_whitespace() {
        let src = "<div>\n<pre class=\"code\">  fn main() {\n      {{ x }}\n  }\n</pre>\n</div>";
        assert_eq!(c(src), "<div><pre class=\"code\">  fn main() {\n      {{ x }}\n  }\n</pre></div>");
        assert_eq!(c("<textarea>\n a  b\n</textarea>"), "<textarea>\n a  b\n</textarea>");
        assert_eq!(
            c("<script>\nvar  a = '<p>  </p>';\n</script>\n<p>"),
            "<script>\nvar  a = '<p>  </p>';\n</script><p>"
        );
        assert_eq!(c("<STYLE>\n p  { x: y }\n</STYLE>"), "<STYLE>\n p  { x: y }\n</STYLE>");
    }

    #[test]
    fn raw_blocks_are_left_alone() {
        let src = "<p>\n{% raw %}\n  {{ not  a tag }}  <!-- kept -->\n{% endraw %}\n</p>";
        assert_eq!(c(src), "<p> {% raw %}\n  {{ not  a tag }}  <!-- kept -->\n{% endraw %} </p>");
    }

    /// HTML comments dropped, as compaction drops them (conditional and SSI-like ones stay).
    fn without_html_comments(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("<!--") {
            let kept = rest[start + 4..].starts_with("[if") || rest[start + 4..].starts_with('#');
            let end = rest[start..].find("-->").map_or(rest.len(), |e| start + e + 3);
            out.push_str(&rest[..if kept { end } else { start }]);
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// A piece of a flattened Tera tree: a text run without its whitespace, a tag without its
    /// bodies, the end of a body.
    #[derive(Debug, PartialEq)]
    enum Piece {
        Text(String),
        Tag(Box<tera::ast::Node>),
        End,
    }

    /// A Tera tree as a list of its text runs and its tags in order, each nested body after its
    /// tag, with the whitespace of the text and the comments (HTML and Tera) left out: what
    /// compaction must not change.
    fn flatten(nodes: &[tera::ast::Node], out: &mut Vec<Piece>) {
        use tera::ast::Node;
        let mut text = String::new();
        for node in nodes {
            let mut tag = node.clone();
            let bodies: Vec<Vec<Node>> = match &mut tag {
                Node::Text(t) => {
                    text.extend(without_html_comments(t).split_whitespace());
                    continue;
                }
                Node::Comment(..) => continue,
                Node::MacroDefinition(_, m, _) => vec![std::mem::take(&mut m.body)],
                Node::FilterSection(_, f, _) => vec![std::mem::take(&mut f.body)],
                Node::Block(_, block, _) => vec![std::mem::take(&mut block.body)],
                Node::Forloop(_, f, _) => std::iter::once(std::mem::take(&mut f.body))
                    .chain(f.empty_body.as_mut().map(std::mem::take))
                    .collect(),
                Node::If(i, _) => i
                    .conditions
                    .iter_mut()
                    .map(|(_, _, body)| std::mem::take(body))
                    .chain(i.otherwise.as_mut().map(|(_, body)| std::mem::take(body)))
                    .collect(),
                _ => Vec::new(),
            };
            out.push(Piece::Text(std::mem::take(&mut text)));
            out.push(Piece::Tag(Box::new(tag)));
            for body in &bodies {
                flatten(body, out);
                out.push(Piece::End);
            }
        }
        out.push(Piece::Text(text));
    }

    #[test]
    fn the_default_theme_compacted_parses_to_the_same_tags_and_text() {
        let sources = super::super::theme::default_templates();
        let parse = |compact: bool| {
            let mut tera = tera::Tera::default();
            let list =
                sources.iter().map(|(name, src)| (name.to_string(), if compact { c(src) } else { src.to_string() }));
            tera.add_raw_templates(list).expect("the templates parse");
            tera
        };
        let (original, compacted) = (parse(false), parse(true));
        for (name, src) in sources {
            assert!(c(src).len() <= src.len(), "{name}");
            let tree = |tera: &tera::Tera| {
                let mut out = Vec::new();
                flatten(&tera.get_template(name).unwrap().ast, &mut out);
                out
            };
            let (before, after) = (tree(&original), tree(&compacted));
            assert!(before.len() > 1, "{name}: a template with tags");
            if let Some(at) = before.iter().zip(&after).position(|(a, b)| a != b) {
                panic!("{name}: compaction changed\n  {:?}\ninto\n  {:?}", before[at], after[at]);
            }
            assert_eq!(before.len(), after.len(), "{name}");
        }
    }
}
