//! Tests of `frontmatter.rs`.

use super::*;

fn all_fields() -> Vec<&'static str> {
    COMMON_FIELDS.iter().chain(INFOGRAPHIC_FIELDS).copied().collect()
}

#[test]
fn splits_toml_front_matter() {
    let text = "+++\ntitle = \"A\"\n+++\n\nBody\n";
    let s = split(text).unwrap();
    assert_eq!(s.format, Format::Toml);
    assert_eq!(s.front, "title = \"A\"\n");
    assert_eq!(s.body_line, 4);
    assert_eq!(s.body, "\nBody\n");
}

#[test]
fn reads_toml_datetimes_and_strings_as_dates() {
    let text = "+++\ntitle = \"A\"\ndate = 2025-02-03T08:00:00+07:00\nupdated = \"2025-03-01\"\n+++\n";
    let front = parse(&split(text).unwrap(), &all_fields(), "articles").unwrap().front;
    assert_eq!(front.date, Some(RawDate("2025-02-03T08:00:00+07:00".into())));
    assert_eq!(front.updated, Some(RawDate("2025-03-01".into())));
}

#[test]
fn reads_yaml_front_matter() {
    let text = "---\ntitle: Bảo hiểm\ndate: 2025-02-03\naudiences: [a, b]\n---\nBody";
    let front = parse(&split(text).unwrap(), &all_fields(), "articles").unwrap().front;
    assert_eq!(front.title.as_deref(), Some("Bảo hiểm"));
    assert_eq!(front.date, Some(RawDate("2025-02-03".into())));
    assert_eq!(front.audiences, Some(vec!["a".into(), "b".into()]));
}

#[test]
fn unknown_fields_are_all_reported_with_suggestions() {
    let text = "+++\ntitle = \"A\"\ntitel = \"B\"\nsumary = \"C\"\n+++\n";
    let parsed = parse(&split(text).unwrap(), &all_fields(), "articles").unwrap();
    // The known fields are still read, so the file's other mistakes can be reported too.
    assert_eq!(parsed.front.title.as_deref(), Some("A"));
    let errors = parsed.errors;
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].line, 4);
    assert!(errors[0].message.contains("sumary"));
    assert_eq!(errors[0].hint.as_ref().map(|h| h.en.as_str()), Some("did you mean `summary`?"));
    assert_eq!(errors[1].line, 3);
}

#[test]
fn field_of_another_kind_names_its_kind() {
    let text = "+++\ntitle = \"A\"\nslogans = [\"x\"]\n+++\n";
    let errors = parse(&split(text).unwrap(), COMMON_FIELDS, "articles").unwrap().errors;
    assert!(errors[0].message.contains("belongs to audiences"), "{:?}", errors[0]);
}

#[test]
fn toml_syntax_error_points_at_file_line() {
    let text = "+++\ntitle = \"A\"\nsummary = chưa có ngoặc kép\n+++\n";
    let errors = parse(&split(text).unwrap(), &all_fields(), "articles").unwrap_err();
    assert_eq!(errors[0].line, 3);
    assert!(errors[0].message.contains("the value of `summary` must be quoted"), "{:?}", errors[0]);
}

#[test]
fn yaml_alias_amplification_is_refused_at_its_line() {
    let mut front = String::from("---\ntitle: T\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        front.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    front.push_str("topics: *a9\n---\nbody\n");
    let errors = parse(&split(&front).unwrap(), &all_fields(), "bài").unwrap_err();
    assert_eq!(errors[0].line, 5, "{:?}", errors[0]);
    assert!(errors[0].message.en.contains("aliases"), "{:?}", errors[0]);
    // An alias or two, and stars in text, are fine.
    let ok = "---\ntitle: \"*a *b\"\nsummary: &s tóm tắt\nauthor: *s\n---\n";
    assert!(parse(&split(ok).unwrap(), &all_fields(), "bài").is_ok());
}

#[test]
fn yaml_syntax_error_points_at_file_line() {
    let text = "---\ntitle: A\naudiences: [a, b\n---\n";
    let errors = parse(&split(text).unwrap(), &all_fields(), "articles").unwrap_err();
    // At the end of the line that opened the list, not where the parser noticed.
    assert_eq!((errors[0].line, errors[0].col), (3, 17), "{:?}", errors[0]);
    assert!(errors[0].message.contains("the list is not closed"), "{:?}", errors[0]);
}

#[test]
fn type_errors_point_at_the_value() {
    let text = "+++\ntitle = \"A\"\ndraft = \"có\"\n+++\n";
    let errors = parse(&split(text).unwrap(), &all_fields(), "articles").unwrap_err();
    assert_eq!(errors[0].line, 3);
}

#[test]
fn missing_or_unclosed_front_matter_is_explained() {
    assert_eq!(split("Chỉ có nội dung").unwrap_err().line, 1);
    assert!(split("+++\ntitle = \"A\"\n").unwrap_err().message.contains("never closed"));
}

#[test]
fn finds_key_lines_in_both_formats() {
    let text = "+++\ntitle = \"A\"\naudiences = [\n  \"x\",\n  \"y\",\n]\n[messages]\n+++\n";
    let s = split(text).unwrap();
    assert_eq!(key_line(&s, "audiences"), Some(3));
    assert_eq!(value_line(&s, "audiences", "\"y\""), Some(5));
    assert_eq!(key_line(&s, "messages"), Some(7));
}
