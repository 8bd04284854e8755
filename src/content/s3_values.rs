//! The values of an `s3` publish target checked as S3 and its providers read them: the bucket
//! name, the endpoint, the key prefix (used by [`super::publish`]).

use crate::messages::Msg;
use crate::msg;

/// S3's rules for bucket names that every provider accepts (no uppercase, no underscores).
pub(super) fn is_bucket_name(name: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && edge(name.chars().next())
        && edge(name.chars().last())
        && !name.contains("..")
}

/// An endpoint is an https URL with a host and no path, query or credentials; plain http is
/// allowed only on a loopback address (a test server), where nothing crosses a network.
pub(super) fn check_endpoint(endpoint: &str) -> Result<(), Msg> {
    let url = url::Url::parse(endpoint).map_err(|e| {
        msg!("endpoint = \"{endpoint}\" không phải địa chỉ URL: {e}", "endpoint = \"{endpoint}\" is not a URL: {e}")
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Msg::new(
            "endpoint chứa thông tin đăng nhập; site.toml nằm trong git nên không nhận nó (đặt AWS_ACCESS_KEY_ID và AWS_SECRET_ACCESS_KEY trong môi trường)",
            "endpoint holds credentials; site.toml is in git, so it never holds them (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment)",
        ));
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => {
            return Err(msg!("endpoint = \"{endpoint}\" không có tên máy", "endpoint = \"{endpoint}\" has no host"))
        }
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        scheme => {
            return Err(msg!(
                "endpoint phải dùng https (không phải {scheme}): khóa truy cập và nội dung đi qua mạng",
                "endpoint must use https (not {scheme}): the access key and the content cross the network"
            ))
        }
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(msg!(
            "endpoint = \"{endpoint}\" có đường dẫn; tên bucket và tiền tố ghi ở bucket và prefix",
            "endpoint = \"{endpoint}\" has a path; the bucket and the prefix go in bucket and prefix"
        ));
    }
    Ok(())
}

/// `prefix` as keys start with it (`web/`), or `None` when it is not a plain folder path.
pub(super) fn normal_prefix(prefix: &str) -> Option<String> {
    let trimmed = prefix.strip_suffix('/').unwrap_or(prefix);
    let segments: Vec<&str> = trimmed.split('/').collect();
    let plain = |s: &&str| !s.is_empty() && *s != "." && *s != ".." && !s.contains(['\\', '\n', '\r']);
    (!prefix.starts_with('/') && segments.iter().all(plain)).then(|| format!("{trimmed}/"))
}
