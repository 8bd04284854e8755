//! Running the tools a delivery relies on (git, rsync, ssh) with their output captured and a
//! limit on how long they may take, so `loa publish` never hangs on a prompt or a dead link.

use std::io::Read;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How a tool run ended.
pub struct Finished {
    /// The exit code; `None` when it was killed (by the time limit or a signal).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// Whether the time limit ended it.
    pub timed_out: bool,
}

impl Finished {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

/// Runs `command` with no input, collecting its output, and kills it after `limit`.
/// An error means the program could not be started (it is not installed, most often).
pub fn run(mut command: Command, limit: Duration) -> std::io::Result<Finished> {
    use std::os::unix::process::CommandExt;
    // Its own process group, so the time limit ends rsync and the ssh it started together.
    command.process_group(0);
    let mut child = command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let deadline = Instant::now() + limit;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            timed_out = true;
            if let Some(group) = rustix::process::Pid::from_raw(child.id() as i32) {
                let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
            }
            let _ = child.kill();
            break child.wait()?;
        }
        thread::sleep(Duration::from_millis(20));
    };
    Ok(Finished {
        code: status.code(),
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        timed_out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_output_and_exit_code() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo out; echo err >&2; exit 3"]);
        let finished = run(command, Duration::from_secs(10)).unwrap();
        assert_eq!((finished.code, finished.stdout.as_str(), finished.stderr.as_str()), (Some(3), "out\n", "err\n"));
    }

    #[test]
    fn kills_what_runs_too_long() {
        let mut command = Command::new("sleep");
        command.arg("10");
        let started = Instant::now();
        let finished = run(command, Duration::from_millis(200)).unwrap();
        assert!(finished.timed_out && !finished.success());
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
