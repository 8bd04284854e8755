//! The `rsync` target: a folder on a web server, reached with rsync over SSH.
//!
//! Only changed files travel (rsync compares size and modification time; unchanged files keep
//! theirs, since both the build and the generations keep their identity). `--delay-updates`
//! holds every new file back until all have arrived, then renames them into place in one quick
//! pass; `--delete-delay` removes what the generation no longer has only after that. ssh runs
//! in batch mode (no prompt ever), with the configured port, key and known_hosts file, and both
//! tools give up after `timeout` seconds without progress.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::generation::Generation;
use super::process::{run, Finished};
use super::target::{Delivery, Target, TargetError};
use crate::content::publish::RsyncSettings;
use crate::messages::Msg;
use crate::msg;

/// A folder on a web server, over rsync and SSH.
pub struct Rsync {
    name: String,
    settings: RsyncSettings,
    /// Relative key and known_hosts paths are read from the site root.
    root: PathBuf,
}

impl Rsync {
    pub fn new(name: &str, root: &Path, settings: &RsyncSettings) -> Rsync {
        Rsync { name: name.to_string(), settings: settings.clone(), root: root.to_path_buf() }
    }

    /// `user@host:path/`, as rsync and messages write it.
    fn destination(&self) -> String {
        let s = &self.settings;
        let user = s.user.as_ref().map(|u| format!("{u}@")).unwrap_or_default();
        format!("{user}{}:{}/", s.host, s.path.trim_end_matches('/'))
    }

    /// The ssh command rsync runs (`-e`), one word per option; paths are quoted for rsync's
    /// own splitting.
    fn ssh(&self) -> String {
        let s = &self.settings;
        let mut words = vec![
            "ssh".to_string(),
            "-o BatchMode=yes".to_string(),
            format!("-o ConnectTimeout={}", s.timeout),
            "-o ServerAliveInterval=15".to_string(),
            "-o ServerAliveCountMax=4".to_string(),
        ];
        if let Some(port) = s.port {
            words.push(format!("-p {port}"));
        }
        if let Some(identity) = &s.identity {
            words.push(format!("-i {}", quote(&self.root.join(identity))));
            words.push("-o IdentitiesOnly=yes".to_string());
        }
        if let Some(known_hosts) = &s.known_hosts {
            words.push(format!("-o UserKnownHostsFile={}", quote(&self.root.join(known_hosts))));
            words.push("-o StrictHostKeyChecking=yes".to_string());
        }
        words.join(" ")
    }

    /// Runs rsync from `generation` to the server; `dry` only lists what it would do.
    fn rsync(&self, generation: &Generation, dry: bool) -> Result<Finished, TargetError> {
        let mut command = Command::new("rsync");
        command
            .args(["--recursive", "--links", "--times", "--perms", "--chmod=D755,F644"])
            .args(["--delete", "--delete-delay", "--delay-updates", "--itemize-changes", "--protect-args"])
            .args(["--exclude=/.loa-output", "--exclude=/.gitkeep"])
            .arg(format!("--timeout={}", self.settings.timeout))
            .arg("-e")
            .arg(self.ssh())
            .env("LC_ALL", "C");
        if dry {
            command.arg("--dry-run");
        }
        let mut source = generation.dir.clone().into_os_string();
        source.push("/");
        command.arg(source).arg(self.destination());
        // rsync's own --timeout covers a stalled transfer; this covers everything else.
        let limit = Duration::from_secs(u64::from(self.settings.timeout) * 10 + 60);
        let finished = run(command, limit).map_err(|e| {
            TargetError::new(
                msg!("không chạy được rsync: {e}", "cannot run rsync: {e}"),
                Msg::new(
                    "cài rsync và ssh trên máy này: apt install rsync openssh-client",
                    "install rsync and ssh on this machine: apt install rsync openssh-client",
                ),
            )
        })?;
        if finished.success() {
            return Ok(finished);
        }
        // rsync renames each folder's new files into place on its own: when some folders could
        // not be written, others may already be new. Look again before saying what is served.
        let updated = if dry {
            0
        } else {
            let (attempted, _) = itemized(&finished.stdout);
            let pending = self.rsync(generation, true).map(|again| itemized(&again.stdout).0);
            pending.map_or(0, |pending| attempted.iter().filter(|f| !pending.contains(f)).count())
        };
        Err(self.failure(&finished, updated))
    }

    /// What a failed rsync means, and what to do about it; `updated` files did reach their
    /// place before it failed.
    fn failure(&self, finished: &Finished, updated: usize) -> TargetError {
        let s = &self.settings;
        let destination = self.destination();
        let stderr = finished.stderr.as_str();
        let first = stderr.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_string();
        let unchanged = if updated == 0 {
            msg!("trang cũ trên {destination} vẫn được phục vụ", "the previous site on {destination} is still served")
        } else {
            msg!(
                "{updated} tệp ở các thư mục ghi được đã được thay, nên {destination} đang lẫn bản cũ và bản mới cho tới lần xuất bản thành công kế tiếp",
                "{updated} files in folders that could be written were replaced, so {destination} mixes the previous and the new site until the next successful publish"
            )
        };
        let problem =
            |vi: String, en: String| Msg::new(format!("{vi}; {}", unchanged.vi), format!("{en}; {}", unchanged.en));
        let host = &s.host;
        let port = s.port.unwrap_or(22);
        if finished.timed_out {
            return TargetError::new(
                problem(format!("rsync tới {destination} quá thời hạn"), format!("rsync to {destination} timed out")),
                msg!(
                    "kiểm tra mạng tới {host} cổng {port}, hoặc tăng timeout",
                    "check the network to {host} port {port}, or raise timeout"
                ),
            );
        }
        if stderr.contains("Host key verification failed") || stderr.contains("REMOTE HOST IDENTIFICATION HAS CHANGED")
        {
            let file = s
                .known_hosts
                .as_ref()
                .map_or("~/.ssh/known_hosts".to_string(), |k| self.root.join(k).display().to_string());
            return TargetError::new(
                problem(format!("khóa máy chủ {host} không có hoặc không khớp trong {file}"), format!("the host key of {host} is missing from or differs in {file}")),
                msg!(
                    "so vân tay khóa với quản trị máy chủ, rồi thêm nó: ssh-keyscan -p {port} {host} >> {file}",
                    "compare the key's fingerprint with the server's administrator, then add it: ssh-keyscan -p {port} {host} >> {file}"
                ),
            )
            .with_file(file);
        }
        if stderr.contains("Permission denied (publickey") || stderr.contains("Too many authentication failures") {
            let user = s.user.clone().unwrap_or_else(|| "loa".to_string());
            let key = s
                .identity
                .as_ref()
                .map_or("~/.ssh/id_ed25519".to_string(), |k| self.root.join(k).display().to_string());
            return TargetError::new(
                problem(format!("máy chủ {host} từ chối khóa SSH"), format!("{host} refused the SSH key")),
                msg!(
                    "thêm khóa công khai {key}.pub vào ~{user}/.ssh/authorized_keys trên {host}",
                    "add the public key {key}.pub to ~{user}/.ssh/authorized_keys on {host}"
                ),
            )
            .with_file(key);
        }
        if finished.code == Some(255) || stderr.contains("Connection refused") || stderr.contains("Could not resolve") {
            return TargetError::new(
                problem(
                    format!("không kết nối được SSH tới {host}: {first}"),
                    format!("cannot connect over SSH to {host}: {first}"),
                ),
                msg!(
                    "kiểm tra host, port ({port}) và tường lửa; thử: ssh -p {port} {host}",
                    "check host, port ({port}) and the firewall; try: ssh -p {port} {host}"
                ),
            );
        }
        if stderr.contains("command not found") || finished.code == Some(127) {
            return TargetError::new(
                problem(format!("máy chủ {host} chưa cài rsync"), format!("rsync is not installed on {host}")),
                msg!("cài rsync trên {host}: apt install rsync", "install rsync on {host}: apt install rsync"),
            );
        }
        // rsync: [receiver] mkstemp "/srv/www/.~tmp~/index.html" failed: Permission denied (13)
        let file = stderr.lines().find_map(quoted_path);
        let path = &s.path;
        let user = s.user.clone().unwrap_or_else(|| "loa".to_string());
        let who = match &s.user {
            Some(user) => msg!("người dùng {user}", "the user {user}"),
            None => Msg::new("người dùng SSH của loa", "loa's SSH user"),
        };
        let (who_vi, who_en) = (&who.vi, &who.en);
        let error = TargetError::new(
            problem(
                format!("rsync tới {destination} thất bại: {first}"),
                format!("rsync to {destination} failed: {first}"),
            ),
            if stderr.contains("Permission denied")
                || stderr.contains("Read-only file system")
                || stderr.contains("Operation not permitted")
            {
                msg!(
                    "cho {who_vi} quyền ghi {path} trên {host}, ví dụ: chown -R {user}: {path}",
                    "give {who_en} write access to {path} on {host}, e.g. chown -R {user}: {path}"
                )
            } else {
                msg!(
                    "đọc thông báo của rsync ở trên; thử lại bằng: loa publish --target {}",
                    "read rsync's message above; try again with: loa publish --target {}",
                    self.name
                )
            },
        );
        match file {
            Some(file) => error.with_file(file),
            None => error,
        }
    }
}

/// The path between the first pair of double quotes of an rsync error line.
fn quoted_path(line: &str) -> Option<String> {
    let (_, rest) = line.split_once('"')?;
    let (path, _) = rest.split_once('"')?;
    let path = path.replace("/.~tmp~/", "/");
    Some(path.strip_suffix("/.").map_or(path.clone(), str::to_string))
}

/// `path` quoted for the `-e` option, which rsync splits on spaces outside quotes.
fn quote(path: &Path) -> String {
    let text = path.display().to_string();
    if text.contains(|c: char| c.is_whitespace() || c == '\'' || c == '"') {
        format!("'{}'", text.replace('\'', "'\\''"))
    } else {
        text
    }
}

/// The files rsync's `--itemize-changes` lines say it sent and deleted.
fn itemized(stdout: &str) -> (Vec<String>, Vec<String>) {
    let (mut sent, mut deleted) = (Vec::new(), Vec::new());
    for line in stdout.lines() {
        if let Some(path) = line.strip_prefix("*deleting") {
            let path = path.trim_start();
            if !path.ends_with('/') {
                deleted.push(path.to_string());
            }
        } else if let Some((flags, path)) = line.split_once(' ') {
            if flags.len() == 11 && flags.starts_with("<f") {
                sent.push(path.to_string());
            }
        }
    }
    sent.sort();
    deleted.sort();
    (sent, deleted)
}

impl Target for Rsync {
    fn name(&self) -> &str {
        &self.name
    }

    fn describe(&self) -> Msg {
        let destination = self.destination();
        let port = self.settings.port.map(|p| format!(" port {p}")).unwrap_or_default();
        msg!("rsync {destination}{port}", "rsync {destination}{port}")
    }

    fn deliver(&self, generation: &Generation) -> Result<Delivery, TargetError> {
        let finished = self.rsync(generation, false)?;
        let (uploaded, deleted) = itemized(&finished.stdout);
        let kept = generation.files.len().saturating_sub(uploaded.len());
        Ok(Delivery { uploaded, deleted, kept })
    }

    fn verify(&self, generation: &Generation) -> Result<(), TargetError> {
        let finished = self.rsync(generation, true)?;
        let (missing, extra) = itemized(&finished.stdout);
        let again = || {
            Msg::new(
                "chạy lại loa publish; nếu vẫn lỗi, xem ai khác đang ghi vào thư mục này trên máy chủ",
                "run loa publish again; if it persists, find what else writes into this folder on the server",
            )
        };
        if let Some(file) = missing.first() {
            return Err(TargetError::new(
                Msg::new(
                    "tệp trên máy chủ thiếu hoặc khác bản dựng",
                    "the server's file is missing or differs from the build",
                ),
                again(),
            )
            .with_file(file.clone()));
        }
        if let Some(file) = extra.first() {
            return Err(TargetError::new(
                Msg::new("máy chủ còn một tệp bản dựng không có", "the server holds a file the build does not have"),
                again(),
            )
            .with_file(file.clone()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_itemized_changes() {
        let out = "cd+++++++++ tin-tuc/moi/\n<f+++++++++ tin-tuc/moi/index.html\n<f.st...... index.html\n\
                   *deleting   tin-tuc/cu/index.html\n*deleting   tin-tuc/cu/\n.d..t...... tin-tuc/\n";
        let (sent, deleted) = itemized(out);
        assert_eq!(sent, ["index.html", "tin-tuc/moi/index.html"]);
        assert_eq!(deleted, ["tin-tuc/cu/index.html"]);
    }

    #[test]
    fn finds_the_file_of_an_error_line() {
        let line = "rsync: [receiver] mkstemp \"/srv/www/.~tmp~/index.html\" failed: Permission denied (13)";
        assert_eq!(quoted_path(line).as_deref(), Some("/srv/www/index.html"));
        assert_eq!(quote(Path::new("/a b/k")), "'/a b/k'");
    }
}
