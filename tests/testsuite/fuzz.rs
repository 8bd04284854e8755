//! Issue 17: no input panics. proptest writes front matter, site.toml and Markdown from pieces
//! that editors (and their tools) really write, glued with junk: unclosed fences, deep
//! brackets, anchors and aliases, raw HTML, control characters. Each parser must return a
//! result (errors welcome), and a few whole sites go through the build in memory. The case
//! counts are bounded so the test runs in seconds.

use std::path::Path;

use proptest::prelude::*;

use loa::content::frontmatter::{self, COMMON_FIELDS};
use loa::content::Config;
use loa::site::links::{ItemResolver, LinkIndex};

/// Pieces of front matter lines, TOML and YAML alike, and junk.
fn front_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("title = \"Tiêu đề\"\n".to_string()),
        Just("title: Tiêu đề\n".to_string()),
        Just("date = 2026-06-01T08:00:00+07:00\n".to_string()),
        Just("date: 2026-13-45\n".to_string()),
        Just("publish_at = \"ngày mai\"\n".to_string()),
        Just("aliases = [\"/cu/\", \"../../x\", \"\\u0000\"]\n".to_string()),
        Just("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n".to_string()),
        Just("topics = [[[[[[[[[[]]]]]]]]]]\n".to_string()),
        Just("[messages]\nx = 1\n".to_string()),
        Just("slug = \"\"\n".to_string()),
        Just("weight = 99999999999999999999999\n".to_string()),
        Just("audiences: *nowhere\n".to_string()),
        Just("+++\n".to_string()),
        Just("---\n".to_string()),
        Just("\u{feff}\r\n".to_string()),
        "[a-z_]{1,8} ?[=:] ?[\\[\\]{}\"'&*!|>0-9a-z ,.-]{0,24}\n",
        any::<String>().prop_map(|s| s.chars().take(40).collect()),
    ]
}

/// Pieces of site.toml.
fn config_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("title = \"T\"\n".to_string()),
        Just("base_url = \"https://x.vn\"\n".to_string()),
        Just("base_url = \"https://x.vn\\\"/>\"\n".to_string()),
        Just("base_url = \"\"\n".to_string()),
        Just("language = \"\"\n".to_string()),
        Just("timezone = \"Mars/Olympus\"\n".to_string()),
        Just("paginate = -1\n".to_string()),
        Just("[folders]\nsearch = \"..\"\ncalendar = \"\"\n".to_string()),
        Just("[[menus.main]]\nname = \"x\"\nurl = \"javascript:x\"\n".to_string()),
        Just("[languages.en]\ntitle = \"E\"\n".to_string()),
        Just("[languages.\"\"]\n".to_string()),
        Just("[topics]\n\"Chủ Đề\" = \"x\"\n".to_string()),
        Just("[publish]\n".to_string()),
        "[a-z_.\\[\\]]{1,12} ?= ?[\"'\\[\\]{}0-9a-z:/ ,.-]{0,24}\n",
        any::<String>().prop_map(|s| s.chars().take(40).collect()),
    ]
}

/// Pieces of Markdown bodies.
fn markdown_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("## Tiêu đề {#id}\n\n".to_string()),
        Just("## A\n\n## A\n\n## a-1\n\n".to_string()),
        Just("[liên kết](khong-co.md)\n".to_string()),
        Just("![ảnh](anh.png \"t\")\n".to_string()),
        Just("![](<>)\n".to_string()),
        Just("[x]: javascript:alert(1)\n[y][x]\n".to_string()),
        Just("<div><div><span onclick=x>".to_string()),
        Just("</div></span></p>".to_string()),
        Just("<script>alert(1)</script>\n".to_string()),
        Just("<!-- ".to_string()),
        Just("```rust\nfn main() {}\n".to_string()),
        Just("{{< infographic \"x\" >}}\n".to_string()),
        Just("{{< ".to_string()),
        Just("> > > > > > > > > > x\n".to_string()),
        Just("- [ ] a\n  - [x] b\n".to_string()),
        Just("| a | b |\n|---|\n| 1 |\n".to_string()),
        Just("[^1]\n\n[^1]: chú thích\n".to_string()),
        Just("\u{0}\u{7}\u{1b}[31m".to_string()),
        "[\\[\\]()<>!#*_`{}|\\-a-z \n]{0,40}",
        any::<String>().prop_map(|s| s.chars().take(40).collect()),
    ]
}

fn joined(piece: impl Strategy<Value = String>, most: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece, 0..most).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_never_panics(text in joined(front_piece(), 12)) {
        if let Ok(split) = frontmatter::split(&text) {
            let _ = frontmatter::parse(&split, COMMON_FIELDS, "bài");
        }
    }

    #[test]
    fn site_toml_never_panics(text in joined(config_piece(), 10)) {
        let _ = Config::parse(&text, Path::new("content/site.toml"));
    }

    #[test]
    fn markdown_never_panics(body in joined(markdown_piece(), 16), raw_html in any::<bool>()) {
        let index = LinkIndex::default();
        let resolver = ItemResolver::new(&index, "tin-tuc");
        let _ = loa::markdown::render(&body, 5, &resolver, &loa::markdown::Options { allow_raw_html: raw_html });
    }
}

proptest! {
    // Whole sites are slower (a theme, every page): a few cases.
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_whole_site_never_panics(front in joined(front_piece(), 6), body in joined(markdown_piece(), 8)) {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content/tin-tuc");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(
            dir.path().join("content/site.toml"),
            "title = \"T\"\nbase_url = \"https://x.vn\"\n",
        )
        .unwrap();
        std::fs::write(content.join("a.md"), format!("+++\ntitle = \"A\"\n{front}+++\n{body}")).unwrap();
        std::fs::write(content.join("b.md"), format!("---\ntitle: B\n{front}---\n{body}")).unwrap();
        let options = loa::build::Options {
            root: dir.path().to_path_buf(),
            theme_dir: None,
            now: Some("2026-11-22T08:00:00".into()),
            preview: Default::default(),
            lang: None,
            images: loa::templates::Images::Skip,
        };
        let _ = loa::build::build(&options, None, &loa::output::Memory::new());
    }
}
