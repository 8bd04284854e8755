//! Tests of `config.rs`.

use super::*;

fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    Config::parse(text, Path::new("content/site.toml"))
}

#[test]
fn defaults_fill_what_is_not_written() {
    let c = parse("title = \"T\"\nbase_url = \"https://x.vn/\"\n").unwrap();
    assert_eq!(c.base_url, "https://x.vn");
    assert_eq!(c.language, "vi");
    assert_eq!(c.timezone_name, "Asia/Ho_Chi_Minh");
    assert_eq!(c.paginate, 20);
    assert_eq!(c.folders.audiences, "doi-tuong");
    assert!(!c.allow_raw_html);
}

#[test]
fn unknown_field_gets_a_suggestion() {
    let e = parse("title = \"T\"\nbase_url = \"https://x.vn\"\ntimezon = \"UTC\"\n").unwrap_err();
    assert_eq!(e[0].line, 3);
    assert_eq!(e[0].hint.as_ref().map(|h| h.en.as_str()), Some("did you mean `timezone`?"));
}

#[test]
fn rejects_unknown_time_zone_and_relative_base_url() {
    let e = parse("title = \"T\"\nbase_url = \"/x\"\ntimezone = \"Asia/Hanoi\"\n").unwrap_err();
    assert_eq!(e.len(), 2);
}

#[test]
fn reads_topics_menu_and_languages() {
    let c = parse(
        "title = \"T\"\nbase_url = \"https://x.vn\"\n[topics]\nbhyt = \"Bảo hiểm y tế\"\n[[menus.main]]\nname = \"Tin\"\nurl = \"/tin-tuc/\"\n[languages.en]\ntitle = \"E\"\n",
    )
    .unwrap();
    assert_eq!(c.topics.as_ref().unwrap()["bhyt"], "Bảo hiểm y tế");
    assert_eq!(c.menu[0].url, "/tin-tuc/");
    assert_eq!(c.languages[0].code, "en");
    assert_eq!(c.lang_prefix("en"), "/en");
}
