//! The `loa` binary: parses the command line, runs the command, maps the outcome to an exit code.

use std::process::ExitCode;

use loa::cmd::common::Failure;
use loa::cmd::{build, check, import, manpages, new, plan, publish, report, schedule, serve, status, usage, Command};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().collect();
    let lang = usage::lang_of(&args);
    let cli = match usage::parse(args) {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(code),
    };
    let result = match &cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Schedule(args) => schedule::run(args),
        Command::New(args) => new::run(args),
        Command::Report(args) => report::run(args),
        Command::Plan(args) => plan::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Publish(args) => publish::run(args),
        Command::Status(args) => status::run(args),
        Command::Import(args) => import::run(args),
        Command::Manpages(args) => manpages::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Content) => ExitCode::from(1),
        Err(Failure::Errors(diags)) => {
            loa::cmd::common::print_diagnostics(diags);
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("{}: {}", lang.pick("lỗi", "error"), message.get(lang));
            ExitCode::from(2)
        }
        Err(Failure::UsageIn(lang, message)) => {
            eprintln!("{}: {message}", lang.pick("lỗi", "error"));
            ExitCode::from(2)
        }
        Err(Failure::Other(e)) => {
            eprintln!("{}: {e}", lang.pick("lỗi", "error"));
            for cause in e.chain().skip(1) {
                eprintln!("  {}: {cause}", lang.pick("nguyên nhân", "caused by"));
            }
            ExitCode::from(1)
        }
    }
}
