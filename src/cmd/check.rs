//! `loa check`: everything build validates, reported all at once; writes nothing.

use super::cli::CheckArgs;
use super::common::{load_and_render, print_diagnostics, Failure};

pub fn run(args: &CheckArgs) -> Result<(), Failure> {
    let rendered = load_and_render(&args.site)?;
    let warnings = rendered.diags.warning_count();
    let items = rendered.site.items.len();
    print_diagnostics(rendered.diags);
    println!(
        "No errors in {items} published items{}.",
        if warnings > 0 { format!(" ({warnings} warnings)") } else { String::new() }
    );
    Ok(())
}
