//! Where the `s3` target's keys come from, as the AWS tools look for them: the environment
//! (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), or a profile of the
//! shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`; the
//! target's `profile`, else `AWS_PROFILE`, else `default`). Never site.toml, which is in git.
//!
//! A target that names a `profile` reads that profile even when the environment holds keys:
//! the site says which account it publishes with, and the service's environment may be shared.

use std::fs;
use std::path::PathBuf;

use rusty_s3::Credentials;

use super::super::target::TargetError;
use crate::messages::Msg;
use crate::msg;

/// Keys, and where they were found (for messages: "the environment", "/root/.aws/credentials
/// [loa]").
pub struct Found {
    pub credentials: Credentials,
    pub source: Msg,
}

/// The keys for a target with the given `profile` field, reading variables through `env`.
pub fn find(profile: Option<&str>, env: &dyn Fn(&str) -> Option<String>) -> Result<Found, TargetError> {
    let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let (key, secret) = (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY"));
    if profile.is_none() {
        match (key, secret) {
            (Some(key), Some(secret)) => {
                let credentials = match var("AWS_SESSION_TOKEN") {
                    Some(token) => Credentials::new_with_token(key, secret, token),
                    None => Credentials::new(key, secret),
                };
                return Ok(Found { credentials, source: Msg::new("biến môi trường", "the environment") });
            }
            (Some(_), None) => return Err(half_set("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")),
            (None, Some(_)) => return Err(half_set("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID")),
            (None, None) => {}
        }
    }
    let file = match var("AWS_SHARED_CREDENTIALS_FILE") {
        Some(file) => PathBuf::from(file),
        None => match var("HOME") {
            Some(home) => PathBuf::from(home).join(".aws/credentials"),
            None => return Err(nothing_found(profile, "~/.aws/credentials", "default")),
        },
    };
    let shown = file.display().to_string();
    let name = profile.map(str::to_string).or_else(|| var("AWS_PROFILE")).unwrap_or_else(|| "default".to_string());
    let text = match fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(nothing_found(profile, &shown, &name)),
        Err(e) => {
            return Err(TargetError::new(
                msg!("không đọc được tệp khóa {shown}: {e}", "cannot read the credentials file {shown}: {e}"),
                msg!(
                    "cho người dùng chạy loa quyền đọc {shown} (chmod 600, chủ sở hữu là người dùng đó)",
                    "let the user that runs loa read {shown} (chmod 600, owned by that user)"
                ),
            )
            .with_file(shown))
        }
    };
    let profiles = sections(&text);
    let Some((_, fields)) = profiles.iter().find(|(section, _)| *section == name) else {
        let known = profiles.iter().map(|(s, _)| format!("[{s}]")).collect::<Vec<_>>().join(", ");
        let known = if known.is_empty() { "-".to_string() } else { known };
        return Err(TargetError::new(
            msg!(
                "tệp khóa {shown} không có hồ sơ [{name}] (có: {known})",
                "the credentials file {shown} has no profile [{name}] (it has: {known})"
            ),
            msg!(
                "thêm mục [{name}] với aws_access_key_id và aws_secret_access_key vào {shown}, hoặc sửa profile/AWS_PROFILE",
                "add a [{name}] section with aws_access_key_id and aws_secret_access_key to {shown}, or correct profile/AWS_PROFILE"
            ),
        )
        .with_file(shown));
    };
    let field = |key: &str| fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    match (field("aws_access_key_id"), field("aws_secret_access_key")) {
        (Some(key), Some(secret)) => {
            let credentials = match field("aws_session_token") {
                Some(token) => Credentials::new_with_token(key, secret, token),
                None => Credentials::new(key, secret),
            };
            Ok(Found { credentials, source: msg!("{shown} [{name}]", "{shown} [{name}]") })
        }
        _ => Err(TargetError::new(
            msg!(
                "hồ sơ [{name}] của {shown} thiếu aws_access_key_id hoặc aws_secret_access_key",
                "the profile [{name}] of {shown} lacks aws_access_key_id or aws_secret_access_key"
            ),
            msg!(
                "ghi cả aws_access_key_id = ... và aws_secret_access_key = ... dưới [{name}] trong {shown}",
                "write both aws_access_key_id = ... and aws_secret_access_key = ... under [{name}] in {shown}"
            ),
        )
        .with_file(shown)),
    }
}

/// One of the two variables of a key pair is set, the other not.
fn half_set(set: &str, unset: &str) -> TargetError {
    TargetError::new(
        msg!("môi trường có {set} nhưng không có {unset}", "the environment has {set} but not {unset}"),
        msg!(
            "đặt cả hai biến trong môi trường của dịch vụ chạy loa publish (ví dụ /etc/loa/publish.env của loa-publish.service), hoặc bỏ cả hai để dùng ~/.aws/credentials",
            "set both in the environment of the service that runs loa publish (e.g. /etc/loa/publish.env of loa-publish.service), or neither to use ~/.aws/credentials"
        ),
    )
}

fn nothing_found(profile: Option<&str>, file: &str, name: &str) -> TargetError {
    let problem = match profile {
        Some(_) => msg!(
            "không có khóa truy cập: không có tệp {file} cho hồ sơ [{name}]",
            "no access key: there is no {file} for the profile [{name}]"
        ),
        None => msg!(
            "không có khóa truy cập: môi trường không có AWS_ACCESS_KEY_ID, và không có tệp {file}",
            "no access key: AWS_ACCESS_KEY_ID is not in the environment, and there is no {file}"
        ),
    };
    TargetError::new(
        problem,
        msg!(
            "đặt AWS_ACCESS_KEY_ID và AWS_SECRET_ACCESS_KEY trong môi trường của dịch vụ chạy loa publish, hoặc ghi chúng (aws_access_key_id, aws_secret_access_key) dưới [{name}] trong {file}",
            "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment of the service that runs loa publish, or write them (aws_access_key_id, aws_secret_access_key) under [{name}] in {file}"
        ),
    )
}

/// The sections of an INI file as the AWS tools write it: `[name]` lines, `key = value` lines,
/// `#` and `;` comments.
fn sections(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut sections: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            sections.push((name.trim().to_string(), Vec::new()));
        } else if let (Some((key, value)), Some((_, fields))) = (line.split_once('='), sections.last_mut()) {
            fields.push((key.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn find_with(profile: Option<&str>, vars: &[(&str, &str)]) -> Result<Found, TargetError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        find(profile, &|name| vars.get(name).cloned())
    }

    #[test]
    fn the_environment_comes_first_unless_the_target_names_a_profile() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("credentials");
        fs::write(&file, "# keys\n[default]\naws_access_key_id = AKFILE\naws_secret_access_key = s1\n\n[loa]\nAWS_ACCESS_KEY_ID=AKLOA\naws_secret_access_key= s2\naws_session_token = t\n").unwrap();
        let file = file.to_str().unwrap();
        let env =
            [("AWS_ACCESS_KEY_ID", "AKENV"), ("AWS_SECRET_ACCESS_KEY", "s0"), ("AWS_SHARED_CREDENTIALS_FILE", file)];
        assert_eq!(find_with(None, &env).unwrap().credentials.key(), "AKENV");
        let found = find_with(Some("loa"), &env).unwrap();
        assert_eq!((found.credentials.key(), found.credentials.token()), ("AKLOA", Some("t")));
        assert!(found.source.en.ends_with("credentials [loa]"));
        let only_file = [("AWS_SHARED_CREDENTIALS_FILE", file)];
        assert_eq!(find_with(None, &only_file).unwrap().credentials.key(), "AKFILE");
        let with_profile = [("AWS_SHARED_CREDENTIALS_FILE", file), ("AWS_PROFILE", "loa")];
        assert_eq!(find_with(None, &with_profile).unwrap().credentials.key(), "AKLOA");
        let error = find_with(Some("khac"), &env).err().unwrap();
        assert!(error.problem.en.contains("no profile [khac] (it has: [default], [loa])"), "{error}");
    }

    #[test]
    fn missing_keys_say_what_to_set() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().to_str().unwrap();
        let error = find_with(None, &[("HOME", home)]).err().unwrap();
        assert!(error.problem.en.contains("AWS_ACCESS_KEY_ID is not in the environment"), "{error}");
        assert!(error.fix.en.contains("AWS_SECRET_ACCESS_KEY"), "{error}");
        assert!(error.fix.en.contains(&format!("{home}/.aws/credentials")), "{error}");
        let error = find_with(None, &[("AWS_ACCESS_KEY_ID", "AK"), ("HOME", home)]).err().unwrap();
        assert!(error.problem.en.contains("not AWS_SECRET_ACCESS_KEY"), "{error}");
    }
}
