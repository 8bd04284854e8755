//! Tests of `publish.rs`.

use super::*;

const HEAD: &str = "title = \"T\"\nbase_url = \"https://x.vn\"\n";

fn parse_text(tail: &str) -> Result<PublishSettings, Vec<Diagnostic>> {
    parse(&format!("{HEAD}{tail}"), Path::new("content/site.toml"))
}

#[test]
fn no_section_publishes_nowhere() {
    assert_eq!(parse_text("").unwrap(), PublishSettings::default());
}

#[test]
fn reads_folder_and_rsync_targets() {
    let settings = parse_text(
        "[publish]\npull = true\n[[publish.targets]]\nname = \"web-root\"\nkind = \"folder\"\npath = \"/var/www/bhxh\"\n\
         [[publish.targets]]\nname = \"may-chu\"\nkind = \"rsync\"\nhost = \"web1\"\npath = \"/srv/www\"\nport = 2222\n",
    )
    .unwrap();
    assert!(settings.pull);
    assert_eq!(settings.targets[0].kind, TargetKind::Folder { path: "/var/www/bhxh".into() });
    assert_eq!(settings.targets[0].line, 6);
    let TargetKind::Rsync(rsync) = &settings.targets[1].kind else { panic!() };
    assert_eq!((rsync.host.as_str(), rsync.port, rsync.timeout), ("web1", Some(2222), 60));
}

#[test]
fn unknown_fields_name_their_line_and_a_suggestion() {
    let errors =
        parse_text("[publish]\npul = true\n[[publish.targets]]\nname = \"a\"\nkind = \"folder\"\npaht = \"/srv\"\n")
            .unwrap_err();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert_eq!((errors[0].line, errors[0].hint.as_ref().unwrap().en.as_str()), (4, "did you mean `pull`?"));
    assert_eq!(errors[1].line, 8);
    assert!(errors[1].message.en.contains("`paht`"), "{:?}", errors[1]);
}

#[test]
fn credentials_are_refused() {
    let errors = parse_text(
        "[[publish.targets]]\nname = \"a\"\nkind = \"rsync\"\nhost = \"h\"\npath = \"/srv\"\npassword = \"x\"\n",
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 8);
    assert!(errors[0].message.en.contains("credential"));
    assert!(errors[0].hint.as_ref().unwrap().en.contains("identity"));
}

#[test]
fn reads_an_s3_target() {
    let settings = parse_text(
        "[[publish.targets]]\nname = \"luu-tru\"\nkind = \"s3\"\nbucket = \"bhxh-web\"\n\
         endpoint = \"https://hn.ss.bfcplatform.vn\"\nregion = \"hn\"\nprefix = \"web/2026\"\npath_style = true\n",
    )
    .unwrap();
    let TargetKind::S3(s3) = &settings.targets[0].kind else { panic!() };
    assert_eq!((s3.bucket.as_str(), s3.region.as_str(), s3.prefix.as_str()), ("bhxh-web", "hn", "web/2026/"));
    assert_eq!((s3.path_style, s3.profile.as_deref(), s3.timeout), (true, None, 60));
    // A test server on a loopback address may be plain http; no prefix means the whole bucket.
    let settings = parse_text(
        "[[publish.targets]]\nname = \"a\"\nkind = \"s3\"\nbucket = \"b-1\"\nendpoint = \"http://127.0.0.1:9000\"\nregion = \"us-east-1\"\n",
    )
    .unwrap();
    let TargetKind::S3(s3) = &settings.targets[0].kind else { panic!() };
    assert_eq!((s3.prefix.as_str(), s3.path_style), ("", false));
}

#[test]
fn s3_fields_are_checked_and_keys_refused() {
    let head = "[[publish.targets]]\nname = \"a\"\nkind = \"s3\"\nregion = \"hn\"\n";
    let errors = parse_text(&format!(
        "{head}bucket = \"Web_BHXH\"\nendpoint = \"http://s3.example.vn\"\nprefix = \"/web/../x\"\npath_style = \"yes\"\n\
         aws_secret_access_key = \"x\"\nsecret_access_key = \"y\"\n"
    ))
    .unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [11, 12, 10, 7, 8, 9], "{errors:?}");
    assert!(errors[0].message.en.contains("`aws_secret_access_key` is a credential"), "{errors:?}");
    assert!(errors[0].hint.as_ref().unwrap().en.contains("AWS_SECRET_ACCESS_KEY"), "{errors:?}");
    assert!(errors[2].message.en.contains("\"a\": `path_style` must be true or false"), "{errors:?}");
    assert!(errors[3].message.en.contains("not a bucket name"), "{errors:?}");
    assert!(errors[4].message.en.contains("must use https"), "{errors:?}");
    assert!(errors[5].message.en.contains("not a valid key prefix"), "{errors:?}");
    let errors =
        parse_text(&format!("{head}bucket = \"web\"\nendpoint = \"https://s3.example.vn/web\"\n")).unwrap_err();
    assert!(errors[0].message.en.contains("has a path"), "{errors:?}");
    let errors = parse_text(&format!("{head}endpoint = \"https://s3.example.vn\"\n")).unwrap_err();
    assert!(errors[0].message.en.contains("`bucket` is missing"), "{errors:?}");
}

#[test]
fn missing_and_wrong_fields_are_errors() {
    let errors = parse_text("[[publish.targets]]\nname = \"a\"\nkind = \"rsyn\"\n").unwrap_err();
    assert_eq!(errors[0].hint.as_ref().unwrap().en, "did you mean `rsync`?");
    let errors = parse_text("[[publish.targets]]\nname = \"a\"\nkind = \"rsync\"\nhost = \"h\"\n").unwrap_err();
    assert!(errors[0].message.en.contains("`path` is missing"), "{errors:?}");
    let errors =
        parse_text("[[publish.targets]]\nname = \"a\"\nkind = \"rsync\"\nhost = \"h\"\npath = \"srv\"\nport = 0\n")
            .unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    let errors = parse_text(
        "[[publish.targets]]\nname = \"a\"\nkind = \"folder\"\npath = \"x\"\n[[publish.targets]]\nname = \"a\"\nkind = \"folder\"\npath = \"y\"\n",
    )
    .unwrap_err();
    assert!(errors[0].message.en.contains("two publish targets"), "{errors:?}");
}
