//! Tests of `new.rs`.

use super::*;

#[test]
fn toml_strings_are_escaped() {
    assert_eq!(toml_str("Mức đóng \"mới\""), "\"Mức đóng \\\"mới\\\"\"");
    assert_eq!(toml_list(&["a".into(), "b".into()]), "[\"a\", \"b\"]");
    let parsed: toml::Table = toml::from_str(&format!("t = {}", toml_str("a\\b\"c\u{1}"))).unwrap();
    assert_eq!(parsed["t"].as_str(), Some("a\\b\"c\u{1}"));
}

#[test]
fn unknown_slug_suggests_the_closest() {
    let known_slugs: BTreeSet<String> = ["hoc-sinh-sinh-vien".to_string()].into();
    let err = known(&["hoc-sinh".into()], &known_slugs, &Noun::AUDIENCE).unwrap_err();
    assert_eq!(err.en, "--audience: unknown audience `hoc-sinh`; did you mean `hoc-sinh-sinh-vien`?");
    assert!(err.vi.contains("không có đối tượng `hoc-sinh`"));
}

#[test]
fn placeholder_escapes_the_title() {
    assert!(placeholder_svg("A & <B>", Lang::Vi).contains("A &amp; &lt;B&gt;"));
}
