//! Updating the content before a publish: `git pull --ff-only` in the site root, refused with
//! a clear message when the checkout has local changes or has diverged from its remote, so a
//! server never publishes a merge nobody wrote.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::process::{run, Finished};
use super::target::TargetError;
use crate::messages::Msg;
use crate::msg;

/// How long a pull may take before it is given up.
const PULL_LIMIT: Duration = Duration::from_secs(120);

fn git(root: &Path, args: &[&str]) -> Result<Finished, TargetError> {
    let mut command = Command::new("git");
    command.arg("-C").arg(root).args(args);
    // Never wait for a password or a host-key question: a timer has nobody to answer.
    command.env("GIT_TERMINAL_PROMPT", "0").env("LC_ALL", "C");
    if std::env::var_os("GIT_SSH_COMMAND").is_none() {
        command.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes -o ConnectTimeout=30");
    }
    run(command, PULL_LIMIT).map_err(|e| {
        TargetError::new(
            msg!("không chạy được git: {e}", "cannot run git: {e}"),
            Msg::new(
                "cài git (apt install git), hoặc đặt pull = false trong [publish]",
                "install git (apt install git), or set pull = false in [publish]",
            ),
        )
    })
}

/// The commit checked out in `root`, when it is a git checkout.
pub fn head(root: &Path) -> Option<String> {
    let finished = git(root, &["rev-parse", "HEAD"]).ok()?;
    finished.success().then(|| finished.stdout.trim().to_string())
}

/// `git pull --ff-only` in `root`. Errors say what is wrong with the checkout and how to fix it.
pub fn pull(root: &Path) -> Result<(), TargetError> {
    let shown = root.display().to_string();
    let inside = git(root, &["rev-parse", "--is-inside-work-tree"])?;
    if !inside.success() || inside.stdout.trim() != "true" {
        return Err(TargetError::new(
            msg!(
                "[publish] pull = true nhưng {shown} không phải bản sao git",
                "[publish] pull = true, but {shown} is not a git checkout"
            ),
            Msg::new(
                "lấy nội dung bằng git clone, hoặc đặt pull = false trong content/site.toml",
                "get the content with git clone, or set pull = false in content/site.toml",
            ),
        )
        .with_file(shown));
    }
    let status = git(root, &["status", "--porcelain", "--untracked-files=no"])?;
    if let Some(first) = status.stdout.lines().next() {
        let file = first.get(3..).unwrap_or(first).to_string();
        return Err(TargetError::new(
            msg!("bản sao git {shown} có thay đổi chưa commit; không kéo về và không xuất bản", "the git checkout {shown} has uncommitted changes; nothing was pulled or published"),
            msg!(
                "máy chủ chỉ nên theo nhánh trên kho: commit các thay đổi ở nơi soạn thảo, rồi bỏ chúng ở đây (git -C {shown} stash)",
                "the server should only follow the remote branch: commit the changes where editors work, then drop them here (git -C {shown} stash)"
            ),
        )
        .with_file(file));
    }
    let pulled = git(root, &["pull", "--ff-only", "--quiet"])?;
    if pulled.success() {
        return Ok(());
    }
    let why = pulled.stderr.trim().lines().find(|l| !l.trim().is_empty()).unwrap_or("").to_string();
    let why = if pulled.timed_out { "timed out".to_string() } else { why };
    let diverged = pulled.stderr.contains("fast-forward") || pulled.stderr.contains("diverg");
    let fix = if diverged {
        msg!(
            "bản sao trên máy chủ đã tách khỏi nhánh trên kho; nếu các commit riêng ở đây không cần giữ: git -C {shown} fetch && git -C {shown} reset --hard @{{u}}",
            "the server's checkout has diverged from the remote branch; if its own commits are not wanted: git -C {shown} fetch && git -C {shown} reset --hard @{{u}}"
        )
    } else {
        msg!(
            "kiểm tra mạng, địa chỉ kho (git -C {shown} remote -v) và khóa SSH của người dùng chạy loa",
            "check the network, the remote (git -C {shown} remote -v) and the SSH key of the user that runs loa"
        )
    };
    Err(TargetError::new(
        msg!(
            "git pull --ff-only thất bại trong {shown}: {why}; không xuất bản gì",
            "git pull --ff-only failed in {shown}: {why}; nothing was published"
        ),
        fix,
    )
    .with_file(shown))
}
