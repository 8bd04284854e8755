//! What the public really gets, for `loa status`: the files of an output folder (the web root
//! nginx serves), or the public site itself over HTTP, so that a cache or CDN still holding an
//! old page is caught.

use std::fs;
use std::io::ErrorKind;
use std::path::PathBuf;
use std::time::Duration;

use crate::messages::Msg;
use crate::msg;

/// How long one HTTP request may take, connecting included.
const TIMEOUT: Duration = Duration::from_secs(20);
/// The most one response may carry (a home page with every list is well under this).
const MAX_BODY: u64 = 32 * 1024 * 1024;

/// A place the site is served from.
pub enum Served {
    /// An output folder: a page is served when its file is there.
    Folder(PathBuf),
    /// A site over HTTP(S): a page is served when its address answers 200.
    Http { root: String, agent: ureq::Agent },
}

impl Served {
    pub fn folder(dir: PathBuf) -> Served {
        Served::Folder(dir)
    }

    /// The public site at `root` (`https://bhxh.example.vn/`; any path in it stands in for
    /// `base_url`'s). Redirects are not followed: a page that redirects is not the page.
    pub fn http(root: &str) -> Served {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(concat!("loa-status/", env!("CARGO_PKG_VERSION")))
            .build();
        Served::Http { root: root.trim_end_matches('/').to_string(), agent: config.into() }
    }

    /// Where it is, for messages: the folder or the site's address.
    pub fn describe(&self) -> String {
        match self {
            Served::Folder(dir) => dir.display().to_string(),
            Served::Http { root, .. } => format!("{root}/"),
        }
    }

    /// Whether status may read every item here (a folder: cheap) or only the recent ones (a
    /// public site: one request each).
    pub fn is_local(&self) -> bool {
        matches!(self, Served::Folder(_))
    }

    /// The bytes served at a site address (without base path, "/tin-tuc/a/") whose output file
    /// is `file` ("tin-tuc/a/index.html"); `None` when nothing is served there.
    pub fn get(&self, address: &str, file: &str) -> Result<Option<Vec<u8>>, Msg> {
        match self {
            Served::Folder(dir) => {
                let path = dir.join(file);
                match fs::read(&path) {
                    Ok(bytes) => Ok(Some(bytes)),
                    Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => Ok(None),
                    Err(e) => {
                        let shown = path.display();
                        Err(msg!("không đọc được {shown}: {e}", "cannot read {shown}: {e}"))
                    }
                }
            }
            Served::Http { root, agent } => {
                let url = format!("{root}{address}");
                let response = agent.get(&url).call().map_err(|e| {
                    msg!(
                        "không lấy được {url}: {e} (máy chủ có chạy không, địa chỉ --url có đúng không?)",
                        "cannot fetch {url}: {e} (is the server up, is --url right?)"
                    )
                })?;
                let status = response.status().as_u16();
                match status {
                    200 => {
                        let mut body = response.into_body();
                        let bytes = body.with_config().limit(MAX_BODY).read_to_vec().map_err(|e| {
                            msg!("{url}: đọc câu trả lời thất bại: {e}", "{url}: reading the response failed: {e}")
                        })?;
                        Ok(Some(bytes))
                    }
                    // Not there (or moved away, which is not the page either).
                    301 | 302 | 303 | 307 | 308 | 404 | 410 => Ok(None),
                    _ => Err(msg!(
                        "{url} trả lời mã {status}; máy chủ web đang lỗi hoặc chặn yêu cầu",
                        "{url} answered {status}; the web server is failing or refusing the request"
                    )),
                }
            }
        }
    }
}
