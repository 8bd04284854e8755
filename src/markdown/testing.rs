//! A resolver for the tests: a few known pages and images, and a record of what it was asked.

use std::sync::Mutex;

use super::links::{ImageInfo, Problem, Resolver};

/// Knows `bai-truoc.md`, `../tin-tuc/x.md#phan-2`, `anh.jpg` (800×600) and `../infographic/a.png`.
#[derive(Default)]
pub(super) struct FakeSite {
    asked: Mutex<Vec<String>>,
}

impl FakeSite {
    /// Every destination the renderer asked about, in order.
    pub(super) fn asked(&self) -> Vec<String> {
        self.asked.lock().map(|asked| asked.clone()).unwrap_or_default()
    }

    fn record(&self, dest: &str) {
        if let Ok(mut asked) = self.asked.lock() {
            asked.push(dest.to_owned());
        }
    }
}

impl Resolver for FakeSite {
    fn link(&self, dest: &str) -> Result<String, Problem> {
        self.record(dest);
        match dest {
            "bai-truoc.md" => Ok("/tin-tuc/bai-truoc/".into()),
            "../tin-tuc/x.md#phan-2" => Ok("/tin-tuc/x/#phan-2".into()),
            _ => Err(Problem {
                message: format!("link to `{dest}` leads to no page").into(),
                hint: Some("check the file name".into()),
            }),
        }
    }

    fn image(&self, dest: &str) -> Result<ImageInfo, Problem> {
        self.record(dest);
        match dest {
            "anh.jpg" => {
                Ok(ImageInfo { url: "/anh/anh.jpg".into(), width: Some(800), height: Some(600), responsive: None })
            }
            "../infographic/a.png" => {
                Ok(ImageInfo { url: "/infographic/a.png".into(), width: None, height: None, responsive: None })
            }
            _ => Err(Problem { message: format!("image `{dest}` does not exist").into(), hint: None }),
        }
    }
}
