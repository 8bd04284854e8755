//! The rewrite of one body's events: heading ids, resolved links, sized images, highlighted code, table classes.
//!
//! Events that need text from further on (a heading's id, an image's alt text, a code block's
//! lines) are held open until their end event; everything else goes straight to `out`.

use std::collections::HashMap;
use std::sync::OnceLock;

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};
use syntect::parsing::SyntaxSet;

use super::headings::{level_number, Heading, HeadingIds};
use super::highlight::{code_block_html, language};
use super::links::{classify, image_html, Resolver, Target};
use super::plain::PlainText;
use super::problems::{Found, Severity};
use super::shortcode::{figure_html, Shortcode};
use crate::images::{picture_html, Loading, SIZES_PROSE};
use crate::messages::Msg;
use crate::msg;
use crate::text::escape_html_into as escape_html;

/// A heading whose text is still being read; its start event waits in `out` for the id.
struct OpenHeading {
    at: usize,
    level: HeadingLevel,
    explicit_id: Option<String>,
    text: String,
}

/// An image whose alt text is still being read.
struct OpenImage {
    src: Option<String>,
    dest: String,
    title: String,
    width: Option<u32>,
    height: Option<u32>,
    responsive: Option<crate::images::Responsive>,
    alt: String,
    offset: usize,
    /// Images inside the alt text (`![a ![b](c)](d)`) only lend it their own text.
    nested: usize,
}

/// A code block whose lines are still being read.
struct OpenCode {
    lang: Option<String>,
    code: String,
}

/// The running state of one body's rewrite.
pub(super) struct Rewriter<'a, 'r> {
    resolver: &'r dyn Resolver,
    syntaxes: &'r OnceLock<SyntaxSet>,
    ids: HeadingIds,
    pub(super) out: Vec<Event<'a>>,
    pub(super) headings: Vec<Heading>,
    pub(super) found: Vec<Found>,
    /// Links with a `#fragment`, by offset: (offset, the page's URL or "" for this page, the
    /// fragment, the destination as written), for the site to check against the target's ids.
    pub(super) fragments: Vec<(usize, String, String, String)>,
    pub(super) plain: PlainText,
    pub(super) has_code: bool,
    heading: Option<OpenHeading>,
    image: Option<OpenImage>,
    code: Option<OpenCode>,
    alignments: Vec<Alignment>,
    in_table_head: bool,
    cell: usize,
    /// One entry per open link: true when the resolver asked for plain text (an empty URL),
    /// so its end tag is dropped too.
    links_as_text: Vec<bool>,
    /// Images written so far: the first may load at once, the others lazily.
    images_seen: usize,
    /// Paragraphs that are an infographic shortcode, by start offset (filled before the pass).
    pub(super) shortcodes: HashMap<usize, Result<Shortcode, Msg>>,
    /// Inside a shortcode's paragraph: its events are replaced by the figure.
    in_shortcode: bool,
}

impl<'a, 'r> Rewriter<'a, 'r> {
    pub(super) fn new(
        resolver: &'r dyn Resolver,
        syntaxes: &'r OnceLock<SyntaxSet>,
        ids: HeadingIds,
        body_len: usize,
        event_count: usize,
    ) -> Self {
        Rewriter {
            resolver,
            syntaxes,
            ids,
            out: Vec::with_capacity(event_count),
            headings: Vec::new(),
            found: Vec::new(),
            fragments: Vec::new(),
            plain: PlainText::with_capacity(body_len),
            has_code: false,
            heading: None,
            image: None,
            code: None,
            alignments: Vec::new(),
            in_table_head: false,
            cell: 0,
            links_as_text: Vec::new(),
            images_seen: 0,
            shortcodes: HashMap::new(),
            in_shortcode: false,
        }
    }

    fn problem(&mut self, offset: usize, severity: Severity, message: Msg, hint: Option<Msg>) {
        self.found.push(Found { offset, severity, message, hint });
    }

    pub(super) fn event(&mut self, event: Event<'a>, offset: usize) {
        if self.in_shortcode {
            self.in_shortcode = !matches!(event, Event::End(TagEnd::Paragraph));
            return;
        }
        if matches!(event, Event::Start(Tag::Paragraph)) {
            if let Some(parsed) = self.shortcodes.remove(&offset) {
                self.in_shortcode = true;
                return self.shortcode(parsed, offset);
            }
        }
        if self.image.is_some() {
            return self.image_event(event);
        }
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(text) => code.code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.close_code(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                let explicit_id = id.map(|id| id.into_string());
                if let Some(id) = &explicit_id {
                    if !self.ids.accept_explicit(id) {
                        let hint = Some(Msg::new(
                            "đặt cho một trong hai tiêu đề một {#id} khác",
                            "give one of the headings another {#id}",
                        ));
                        let message = msg!("id tiêu đề `{id}` bị dùng hai lần", "heading id `{id}` is used twice");
                        self.problem(offset, Severity::Warning, message, hint);
                    }
                }
                self.heading = Some(OpenHeading { at: self.out.len(), level, explicit_id, text: String::new() });
                self.out.push(Event::Start(Tag::Heading { level, id: None, classes, attrs }));
            }
            Event::End(TagEnd::Heading(_)) => {
                self.close_heading();
                self.end(event);
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                self.open_link(link_type, dest_url, title, id, offset)
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => self.open_image(&dest_url, &title, offset),
            Event::Start(Tag::CodeBlock(kind)) => {
                self.has_code = true;
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => language(info).map(str::to_owned),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some(OpenCode { lang, code: String::new() });
            }
            Event::Start(Tag::Table(alignments)) => {
                // Cells are written here with classes; pulldown-cmark would write style="text-align".
                self.alignments = alignments;
                self.out.push(Event::Start(Tag::Table(Vec::new())));
            }
            Event::Start(Tag::TableHead) => {
                self.in_table_head = true;
                self.cell = 0;
                self.out.push(event);
            }
            Event::Start(Tag::TableRow) => {
                self.cell = 0;
                self.out.push(event);
            }
            Event::Start(Tag::TableCell) => {
                let alignment = self.alignments.get(self.cell).copied().unwrap_or(Alignment::None);
                self.out.push(Event::Html(CowStr::Borrowed(cell_start(self.in_table_head, alignment))));
            }
            Event::End(TagEnd::TableCell) => {
                self.out.push(Event::Html(CowStr::Borrowed(if self.in_table_head { "</th>" } else { "</td>" })));
                self.cell += 1;
                self.plain.separate();
            }
            Event::End(TagEnd::TableHead) => {
                self.in_table_head = false;
                self.end(event);
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                self.plain.push(text);
                if let Some(heading) = &mut self.heading {
                    heading.text.push_str(text);
                }
                self.out.push(event);
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule | Event::Html(_) => {
                self.plain.separate();
                if let Some(heading) = &mut self.heading {
                    heading.text.push(' ');
                }
                self.out.push(event);
            }
            Event::End(TagEnd::Link) => {
                if !self.links_as_text.pop().unwrap_or(false) {
                    self.end(event);
                }
            }
            Event::End(_) => self.end(event),
            _ => self.out.push(event),
        }
    }

    /// Writes an end tag; the end of a block also ends the word before it in the plain text.
    fn end(&mut self, event: Event<'a>) {
        if let Event::End(tag) = &event {
            let inline = matches!(
                tag,
                TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Superscript
                    | TagEnd::Subscript
                    | TagEnd::Link
                    | TagEnd::Image
            );
            if !inline {
                self.plain.separate();
            }
        }
        self.out.push(event);
    }

    fn close_heading(&mut self) {
        let Some(open) = self.heading.take() else { return };
        let id = match open.explicit_id {
            Some(id) => id,
            None => self.ids.allocate(&open.text),
        };
        if let Some(Event::Start(Tag::Heading { id: slot, .. })) = self.out.get_mut(open.at) {
            *slot = Some(CowStr::from(id.clone()));
        }
        let text = open.text.split_whitespace().collect::<Vec<_>>().join(" ");
        self.headings.push(Heading { level: level_number(open.level), id, text });
    }

    fn open_link(&mut self, link_type: LinkType, dest: CowStr<'a>, title: CowStr<'a>, id: CowStr<'a>, offset: usize) {
        // `<hotro@vss.gov.vn>` has no scheme in its destination; pulldown-cmark adds mailto: itself.
        let mut target = if link_type == LinkType::Email { Target::External } else { classify(&dest) };
        // The portal's own full address (`https://<base_url>/tin-tuc/a/`) is checked like a path.
        let own = (target == Target::External).then(|| self.resolver.own_path(&dest)).flatten();
        if own.is_some() {
            target = Target::Internal;
        }
        let dest_url = match target {
            Target::External => {
                if let Some(fragment) = dest.strip_prefix('#').filter(|f| !f.is_empty()) {
                    self.fragments.push((offset, String::new(), fragment.to_string(), dest.to_string()));
                }
                dest
            }
            Target::Internal => match self.resolver.link(own.as_deref().unwrap_or(&dest)) {
                Ok(url) if url.is_empty() => {
                    // The target exists but is not published: the words stay, the link goes.
                    self.links_as_text.push(true);
                    return;
                }
                Ok(url) => {
                    if let Some((page, fragment)) = url.split_once('#').filter(|(_, f)| !f.is_empty()) {
                        self.fragments.push((offset, page.to_string(), fragment.to_string(), dest.to_string()));
                    }
                    CowStr::from(url)
                }
                Err(problem) => {
                    let message = match &own {
                        Some(path) => msg!(
                            "liên kết `{dest}` là địa chỉ của chính cổng nhưng không có trang {path}",
                            "link `{dest}` is the portal's own address, but there is no page {path}"
                        ),
                        None => problem.message,
                    };
                    self.problem(offset, Severity::Error, message, problem.hint);
                    dest
                }
            },
            Target::Dangerous => {
                self.dangerous(&dest, offset);
                // The link text stays readable; without href it leads nowhere. The end tag
                // pulldown-cmark writes for it is the plain `</a>` this needs.
                let mut start = String::from("<a");
                if !title.is_empty() {
                    start.push_str(" title=\"");
                    escape_html(&mut start, &title);
                    start.push('"');
                }
                start.push('>');
                self.out.push(Event::InlineHtml(CowStr::from(start)));
                self.links_as_text.push(false);
                return;
            }
        };
        self.links_as_text.push(false);
        self.out.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
    }

    fn dangerous(&mut self, dest: &str, offset: usize) {
        let shown: String = dest.chars().take(40).collect();
        let hint = Some(Msg::new(
            "hãy liên kết tới một trang của cổng hoặc một địa chỉ https://",
            "link to a page or an https:// address instead",
        ));
        let message = msg!("`{shown}` có thể chạy mã nên đã bị gỡ bỏ", "`{shown}` can run code, so it was removed");
        self.problem(offset, Severity::Warning, message, hint);
    }

    fn open_image(&mut self, dest: &str, title: &str, offset: usize) {
        let (src, width, height, responsive) = match classify(dest) {
            Target::External => (Some(dest.to_owned()), None, None, None),
            Target::Internal => match self.resolver.image(dest) {
                Ok(info) => (Some(info.url), info.width, info.height, info.responsive),
                Err(problem) => {
                    self.problem(offset, Severity::Error, problem.message, problem.hint);
                    (Some(dest.to_owned()), None, None, None)
                }
            },
            Target::Dangerous => {
                self.dangerous(dest, offset);
                (None, None, None, None)
            }
        };
        self.image = Some(OpenImage {
            src,
            dest: dest.to_owned(),
            title: title.to_owned(),
            width,
            height,
            responsive,
            alt: String::new(),
            offset,
            nested: 0,
        });
    }

    fn image_event(&mut self, event: Event<'a>) {
        let Some(image) = &mut self.image else { return };
        match event {
            Event::Start(Tag::Image { .. }) => image.nested += 1,
            Event::End(TagEnd::Image) if image.nested > 0 => image.nested -= 1,
            Event::End(TagEnd::Image) => self.close_image(),
            Event::Text(text) | Event::Code(text) => image.alt.push_str(&text),
            Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
            _ => {}
        }
    }

    fn close_image(&mut self) {
        let Some(image) = self.image.take() else { return };
        let alt = image.alt.split_whitespace().collect::<Vec<_>>().join(" ");
        // `![](hoa-van.png "trang trí")`: an image that carries no information, which screen
        // readers should skip (alt=""). Any other image without alt text is an error.
        let decorative = alt.is_empty() && is_decorative_marker(&image.title);
        let title = if decorative { "" } else { image.title.as_str() };
        if alt.is_empty() && !decorative {
            let dest = &image.dest;
            let hint = msg!(
                "mô tả nội dung ảnh trong cặp ngoặc vuông: ![mô tả ảnh]({dest}); ảnh chỉ để trang trí thì ghi ![]({dest} \"trang trí\")",
                "describe what the image shows between the brackets: ![mô tả ảnh]({dest}); for a purely decorative image write ![]({dest} \"decorative\")"
            );
            let message = msg!("ảnh `{dest}` chưa có văn bản thay thế (alt)", "image `{dest}` has no alt text");
            self.problem(image.offset, Severity::Error, message, Some(hint));
        }
        let eager = self.images_seen == 0 && self.resolver.first_image_eager();
        self.images_seen += 1;
        let html = match (&image.responsive, &image.src) {
            (Some(responsive), Some(_)) => {
                let loading = if eager { Loading::Eager } else { Loading::Lazy };
                picture_html(responsive, self.resolver.base_path(), &alt, title, loading, SIZES_PROSE)
            }
            _ => image_html(image.src.as_deref(), &alt, title, image.width, image.height, eager),
        };
        self.out.push(Event::InlineHtml(CowStr::from(html)));
    }

    fn shortcode(&mut self, parsed: Result<Shortcode, Msg>, offset: usize) {
        let hint = || {
            Some(Msg::new(
                "ví dụ: {{ infographic(path=\"../infographic/muc-dong-bhyt.md\") }} trên một đoạn riêng",
                "e.g. {{ infographic(path=\"../infographic/muc-dong-bhyt.md\") }} as a paragraph of its own",
            ))
        };
        let code = match parsed {
            Ok(code) => code,
            Err(message) => return self.problem(offset, Severity::Error, message, hint()),
        };
        match self.resolver.infographic(&code.path) {
            Ok(Some(embed)) => {
                let eager = self.images_seen == 0 && self.resolver.first_image_eager();
                self.images_seen += 1;
                self.plain.push(code.caption.as_deref().unwrap_or(&embed.title));
                self.plain.separate();
                let html = figure_html(&embed, code.caption.as_deref(), self.resolver.base_path(), eager);
                self.out.push(Event::Html(CowStr::from(html)));
            }
            Ok(None) => {}
            Err(problem) => self.problem(offset, Severity::Error, problem.message, problem.hint.or_else(hint)),
        }
    }

    fn close_code(&mut self) {
        let Some(code) = self.code.take() else { return };
        self.plain.push(&code.code);
        self.plain.separate();
        let html = code_block_html(&code.code, code.lang.as_deref(), self.syntaxes);
        self.out.push(Event::Html(CowStr::from(html)));
    }
}

/// The title that marks an image without alt text as decorative: "trang trí" or "decorative".
fn is_decorative_marker(title: &str) -> bool {
    let title = title.trim();
    title.eq_ignore_ascii_case("decorative") || title.to_lowercase() == "trang trí"
}

/// The start tag of a table cell, alignment as a class the theme styles (`align-left` …).
fn cell_start(in_head: bool, alignment: Alignment) -> &'static str {
    match (in_head, alignment) {
        (true, Alignment::None) => "<th>",
        (true, Alignment::Left) => "<th class=\"align-left\">",
        (true, Alignment::Center) => "<th class=\"align-center\">",
        (true, Alignment::Right) => "<th class=\"align-right\">",
        (false, Alignment::None) => "<td>",
        (false, Alignment::Left) => "<td class=\"align-left\">",
        (false, Alignment::Center) => "<td class=\"align-center\">",
        (false, Alignment::Right) => "<td class=\"align-right\">",
    }
}
