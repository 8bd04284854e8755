//! The image cache: files made from an image, kept under the site's `.loa/cache/images/` and
//! found again by the hash of the image's bytes and the operation that made them. A rebuild
//! with unchanged images reads them back instead of decoding and encoding anything.

use std::path::{Path, PathBuf};

/// Bump when the pixels a given operation makes change (encoder settings, resize filter), so
/// old entries are no longer found. 2: photos turned upright by their EXIF orientation. 3:
/// resized by fast_image_resize, colours weighted by their opacity; JPEG by jpeg-encoder.
const VERSION: u32 = 3;

/// Where cached files live; `None` when the folder cannot be created (a read-only site), in
/// which case every build makes its images again.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: Option<PathBuf>,
}

impl Cache {
    /// The cache of the site at `root`: `ROOT/.loa/cache/images/`.
    pub fn open(root: &Path) -> Cache {
        let dir = root.join(".loa").join("cache").join("images");
        Cache { dir: std::fs::create_dir_all(&dir).is_ok().then_some(dir) }
    }

    /// A cache that keeps nothing.
    pub fn none() -> Cache {
        Cache { dir: None }
    }

    /// The hash of an image's bytes, the first part of its entries' keys.
    pub fn hash(bytes: &[u8]) -> String {
        blake3::hash(bytes).to_hex()[..32].to_string()
    }

    fn path(&self, hash: &str, operation: &str) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join(format!("{hash}-v{VERSION}-{operation}")))
    }

    /// The bytes made earlier by `operation` from the image with this hash.
    pub fn get(&self, hash: &str, operation: &str) -> Option<Vec<u8>> {
        std::fs::read(self.path(hash, operation)?).ok()
    }

    /// Keeps `bytes` for later builds. Written to a temporary name and renamed, so a build
    /// that stops half-way, or two builds at once, never leave a truncated entry.
    pub fn put(&self, hash: &str, operation: &str, bytes: &[u8]) {
        let Some(path) = self.path(hash, operation) else { return };
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        // A cache that cannot be written only costs time on the next build.
        if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_found_by_hash_and_operation() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path());
        let hash = Cache::hash(b"png bytes");
        assert_eq!(cache.get(&hash, "w480.webp"), None);
        cache.put(&hash, "w480.webp", b"webp bytes");
        assert_eq!(cache.get(&hash, "w480.webp").as_deref(), Some(&b"webp bytes"[..]));
        assert_eq!(cache.get(&hash, "w960.webp"), None);
        assert_eq!(cache.get(&Cache::hash(b"other"), "w480.webp"), None);
        assert!(dir.path().join(".loa/cache/images").is_dir());
    }

    #[test]
    fn no_cache_keeps_nothing() {
        let cache = Cache::none();
        cache.put("h", "op", b"x");
        assert_eq!(cache.get("h", "op"), None);
    }
}
