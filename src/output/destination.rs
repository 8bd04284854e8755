//! Deciding whether a folder is safe to replace with the built site.
//!
//! Publishing replaces the output folder wholesale, so a wrong `--out` would delete whatever
//! lived there. These checks run before anything is written.

use std::ffi::OsStr;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::messages::Msg;
use crate::msg;

/// The file loa leaves in its output folder, so a later build knows the folder is its own to
/// replace.
pub(crate) const MARKER_NAME: &str = ".loa-output";
pub(crate) const MARKER_TEXT: &str = "written by loa; safe to replace\n";
/// Keeps an otherwise empty `public/` in git; carried from build to build.
pub(crate) const GITKEEP: &str = ".gitkeep";

/// Why an output folder was refused; the message names the folder and what to do instead, in
/// Vietnamese and English.
#[derive(Debug)]
pub struct UnsafeDestination(pub Msg);

/// In English, the library's default language.
impl fmt::Display for UnsafeDestination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.en)
    }
}

impl std::error::Error for UnsafeDestination {}

/// Refuses an output folder that publishing could not replace without destroying something:
/// `/`, the site root, its content folder or anything inside it, an ancestor of the root, a
/// home folder, or a folder holding files loa did not write (only a `.gitkeep` or loa's own
/// marker from an earlier build count as safe). `out` need not exist yet.
pub fn check_destination(root: &Path, out: &Path) -> Result<(), UnsafeDestination> {
    let root = resolve(root);
    let resolved = resolve(out);
    let shown = if resolved == out {
        Msg::from(out.display().to_string())
    } else {
        let (written, real) = (out.display(), resolved.display());
        msg!("{written} (tức là {real})", "{written} (that is, {real})")
    };
    let suggestion = root.join("public");
    let refuse = |why: Msg| {
        let (shown_vi, shown_en, why_vi, why_en, other) = (&shown.vi, &shown.en, why.vi, why.en, suggestion.display());
        Err(UnsafeDestination(msg!(
            "không xuất bản vào {shown_vi}: {why_vi}; hãy chọn --out khác, ví dụ {other}",
            "refusing to publish into {shown_en}: {why_en}; choose another --out, such as {other}"
        )))
    };

    if resolved.parent().is_none() {
        return refuse(Msg::new(
            "đó là gốc của hệ thống tệp, mà xuất bản thì thay cả thư mục",
            "it is the root of the filesystem, and publishing replaces the whole folder",
        ));
    }
    if resolved == root {
        return refuse(Msg::new(
            "đó là thư mục gốc của cổng, nơi chứa content/ và giao diện",
            "it is the site's root folder, which holds content/ and the themes",
        ));
    }
    let content = root.join("content");
    if resolved.starts_with(&content) {
        return refuse(Msg::new(
            "đó là thư mục content hoặc nằm trong nó, xuất bản sẽ thay mất các bài viết",
            "it is the content folder or inside it, and publishing would replace the articles",
        ));
    }
    let themes = root.join("themes");
    if resolved.starts_with(&themes) {
        return refuse(Msg::new(
            "đó là thư mục themes hoặc nằm trong nó, xuất bản sẽ thay mất giao diện (và giao diện sẽ đọc lại chính trang đã dựng)",
            "it is the themes folder or inside it, and publishing would replace the theme (which would then read the built pages back)",
        ));
    }
    if root.starts_with(&resolved) {
        return refuse(Msg::new(
            "thư mục đó chứa thư mục gốc của cổng, xuất bản sẽ xoá mất nguồn",
            "it contains the site's root folder, and publishing would delete the sources",
        ));
    }
    if let Some(why) = home_folder(&resolved) {
        return refuse(why);
    }
    check_contents(out, &shown)
}

/// Says why `out` is or holds home folders, if it does.
fn home_folder(out: &Path) -> Option<Msg> {
    let mut homes = vec![resolve(Path::new("/root"))];
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        homes.push(resolve(Path::new(&home)));
    }
    let in_home_root = |p: &Path| p == Path::new("/home") || p == resolve(Path::new("/home"));
    if homes.iter().any(|home| home == out) || out.parent().is_some_and(in_home_root) {
        return Some(Msg::new("đó là thư mục nhà của một người dùng", "it is a home folder"));
    }
    if homes.iter().any(|home| home.starts_with(out)) || in_home_root(out) {
        return Some(Msg::new("thư mục đó chứa thư mục nhà của người dùng", "it holds home folders"));
    }
    None
}

/// Accepts a missing or empty folder, one holding only `.gitkeep`, or one that loa's marker
/// shows to be an earlier build's output.
fn check_contents(out: &Path, shown: &Msg) -> Result<(), UnsafeDestination> {
    let refuse = |why: Msg| Err(UnsafeDestination(why));
    let (vi, en) = (&shown.vi, &shown.en);
    let unreadable = |e: io::Error| {
        refuse(msg!(
            "không đọc được thư mục kết quả {vi}: {e}; hãy sửa quyền truy cập hoặc chọn --out khác",
            "cannot list the output folder {en}: {e}; fix its permissions or choose another --out"
        ))
    };
    match fs::metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return unreadable(e),
        Ok(meta) if !meta.is_dir() => {
            return refuse(msg!(
                "{vi} là một tệp, không phải thư mục; hãy xoá nó hoặc chọn --out khác",
                "{en} is a file, not a folder; remove it or choose another --out"
            ));
        }
        Ok(_) => {}
    }
    let entries = match fs::read_dir(out) {
        Ok(entries) => entries,
        Err(e) => return unreadable(e),
    };
    let mut foreign = false;
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => return unreadable(e),
        };
        let name = entry.file_name();
        if name == OsStr::new(MARKER_NAME) && entry.file_type().is_ok_and(|t| t.is_file()) {
            return Ok(());
        }
        foreign |= name != OsStr::new(GITKEEP);
    }
    if foreign {
        return refuse(msg!(
            "{vi} chứa những tệp không do loa ghi ra; hãy dọn trống thư mục hoặc chọn --out khác",
            "{en} holds files loa did not write; empty it or choose another --out"
        ));
    }
    Ok(())
}

/// The folder a build publishes into: `out` itself, or, when `out` is a symlink (`public ->
/// /var/www/site`), the folder it points to, so the link stays and the site goes where it
/// leads (`loa publish` treats a symlinked web root the same way).
pub fn through_link(out: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(out) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(out),
        _ => Ok(out.to_path_buf()),
    }
}

/// Says, naming the folder, why a build cannot write its output at `out`: the folder where the
/// staging folder goes (beside `out`, or the nearest that exists) or `out` itself is read-only.
/// Checked before the build, so one message names the folder instead of one per file.
pub fn check_writable(out: &Path) -> Result<(), Msg> {
    use rustix::fs::{access, Access};
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let existing = parent.ancestors().find(|p| p.as_os_str().is_empty() || p.exists()).unwrap_or(Path::new("."));
    let existing = if existing.as_os_str().is_empty() { Path::new(".") } else { existing };
    let mut folders = vec![existing];
    if out.is_dir() {
        folders.push(out);
    }
    for folder in folders {
        if let Err(e) = access(folder, Access::WRITE_OK) {
            let (shown, e) = (folder.display(), io::Error::from(e));
            return Err(msg!(
                "không ghi được vào thư mục {shown} ({e}): trang đã dựng không được xuất bản, thư mục vẫn như cũ; hãy cho phép ghi vào thư mục đó (chmod u+w, hoặc chạy với người dùng sở hữu nó) hoặc chọn --out khác",
                "cannot write into the folder {shown} ({e}): nothing was published and the folder is as it was; make it writable (chmod u+w, or run as the user who owns it) or choose another --out"
            ));
        }
    }
    Ok(())
}

/// The absolute, symlink-free form of `path`, whether or not it exists: the part that exists
/// is canonicalised, the rest is appended with `.` and `..` applied by hand. Checking the
/// written form alone would let `public/../content` or a symlink slip past.
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        match std::env::current_dir() {
            Ok(cwd) => cwd.join(path),
            Err(_) => path.to_path_buf(),
        }
    };
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            other => {
                resolved.push(other);
                // Canonicalising each step resolves symlinks before a later `..` is applied.
                if fs::symlink_metadata(&resolved).is_ok() {
                    if let Ok(canonical) = fs::canonicalize(&resolved) {
                        resolved = canonical;
                    }
                }
            }
        }
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Site {
        _dir: tempfile::TempDir,
        root: PathBuf,
    }

    fn site() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("portal");
        fs::create_dir_all(root.join("content/tin-tuc")).unwrap();
        fs::write(root.join("content/_index.md"), "+++\ntitle = \"Trang chủ\"\n+++\n").unwrap();
        Site { _dir: dir, root }
    }

    fn refused(root: &Path, out: &Path) -> String {
        match check_destination(root, out) {
            Err(e) => e.to_string(),
            Ok(()) => panic!("{} was accepted", out.display()),
        }
    }

    #[test]
    fn refuses_the_root_and_its_content() {
        let s = site();
        assert!(refused(&s.root, &s.root).contains("site's root folder"));
        assert!(refused(&s.root, &s.root.join("content")).contains("content folder"));
        assert!(refused(&s.root, &s.root.join("content/tin-tuc")).contains("content folder"));
        // Inside content/ but not existing yet, and spelled in a roundabout way.
        assert!(refused(&s.root, &s.root.join("content/x")).contains("content folder"));
        assert!(refused(&s.root, &s.root.join("public/../content/x")).contains("content folder"));
        assert!(refused(&s.root, &s.root.join("public/..")).contains("site's root folder"));
    }

    #[test]
    fn refuses_the_themes_folder_and_anything_inside_it() {
        let site = site();
        fs::create_dir_all(site.root.join("themes/default")).unwrap();
        assert!(refused(&site.root, &site.root.join("themes")).contains("themes"));
        assert!(refused(&site.root, &site.root.join("themes/default/public")).contains("themes"));
    }

    #[test]
    fn a_symlinked_output_is_published_through_its_link() {
        let site = site();
        let target = site.root.parent().unwrap().join("www");
        fs::create_dir(&target).unwrap();
        std::os::unix::fs::symlink(&target, site.root.join("public")).unwrap();
        assert_eq!(through_link(&site.root.join("public")).unwrap(), fs::canonicalize(&target).unwrap());
        assert_eq!(through_link(&site.root.join("other")).unwrap(), site.root.join("other"));
    }

    #[test]
    fn refuses_a_symlink_into_content() {
        let s = site();
        let link = s.root.join("public");
        std::os::unix::fs::symlink(s.root.join("content"), &link).unwrap();
        assert!(refused(&s.root, &link).contains("content folder"));
    }

    #[test]
    fn refuses_ancestors_of_the_root_and_the_filesystem_root() {
        let s = site();
        let parent = s.root.parent().unwrap();
        assert!(refused(&s.root, parent).contains("contains the site's root"));
        assert!(refused(&s.root, Path::new("/")).contains("root of the filesystem"));
    }

    #[test]
    fn refuses_home_folders() {
        let s = site();
        if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
            assert!(refused(&s.root, Path::new(&home)).contains("home folder"));
        }
        assert!(refused(&s.root, Path::new("/root")).contains("home folder"));
        assert!(refused(&s.root, Path::new("/home/nguyen-van-a")).contains("home folder"));
        assert!(refused(&s.root, Path::new("/home")).contains("holds home folders"));
    }

    #[test]
    fn refuses_a_folder_of_foreign_files() {
        let s = site();
        let out = s.root.join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join(GITKEEP), "").unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let message = refused(&s.root, &out);
        assert!(message.contains("holds files loa did not write; empty it or choose another --out"), "{message}");
        assert!(message.contains(&out.display().to_string()), "{message}");
    }

    #[test]
    fn refuses_a_file() {
        let s = site();
        let out = s.root.join("public");
        fs::write(&out, "not a folder").unwrap();
        assert!(refused(&s.root, &out).contains("is a file"));
    }

    #[test]
    fn accepts_public_when_missing_empty_kept_or_loa_output() {
        let s = site();
        let out = s.root.join("public");
        check_destination(&s.root, &out).unwrap();
        fs::create_dir(&out).unwrap();
        check_destination(&s.root, &out).unwrap();
        fs::write(out.join(GITKEEP), "").unwrap();
        check_destination(&s.root, &out).unwrap();
        fs::write(out.join(MARKER_NAME), "written by loa; safe to replace\n").unwrap();
        fs::create_dir(out.join("tin-tuc")).unwrap();
        fs::write(out.join("index.html"), "<!doctype html>").unwrap();
        check_destination(&s.root, &out).unwrap();
    }

    #[test]
    fn accepts_a_missing_folder_outside_the_site() {
        let s = site();
        let elsewhere = tempfile::tempdir().unwrap();
        check_destination(&s.root, &elsewhere.path().join("x")).unwrap();
        check_destination(&s.root, &elsewhere.path().join("x/y/z")).unwrap();
    }

    #[test]
    fn resolves_missing_parts_by_hand_and_existing_parts_through_symlinks() {
        let s = site();
        let alias = s.root.join("alias");
        std::os::unix::fs::symlink(s.root.join("content/tin-tuc"), &alias).unwrap();
        let canonical_root = fs::canonicalize(&s.root).unwrap();
        assert_eq!(resolve(&alias.join("../x/./y/..")), canonical_root.join("content/x"));
        assert_eq!(resolve(&s.root.join("missing/../public")), canonical_root.join("public"));
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(resolve(Path::new("no-such-folder-here/../b")), fs::canonicalize(&cwd).unwrap().join("b"));
    }
}
