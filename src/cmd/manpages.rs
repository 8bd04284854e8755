//! `loa manpages --out DIR` (hidden, for packagers): the man pages of loa and of each command,
//! rendered by clap_mangen from the same clap command as `--help` (so they cannot drift), in
//! English in DIR and in Vietnamese in DIR/vi.

use std::fs;
use std::path::Path;

use anyhow::Context;

use super::cli::ManpagesArgs;
use super::common::Failure;
use super::usage::{command, Slugs};
use crate::messages::Lang;

pub fn run(args: &ManpagesArgs) -> Result<(), Failure> {
    write_pages(Lang::En, &args.out)?;
    write_pages(Lang::Vi, &args.out.join("vi"))?;
    Ok(())
}

/// loa.1, then loa-build.1, loa-check.1, … for every command that --help lists, in `lang`.
fn write_pages(lang: Lang, dir: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    clap_mangen::generate_to(command(lang, &Slugs::default()), dir)
        .with_context(|| format!("writing the man pages into {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_page_per_listed_command_with_its_options_in_both_languages() {
        let dir = tempfile::tempdir().unwrap();
        run(&ManpagesArgs { out: dir.path().to_path_buf() }).unwrap();
        for (lang, folder) in [(Lang::En, dir.path().to_path_buf()), (Lang::Vi, dir.path().join("vi"))] {
            let cli = command(lang, &Slugs::default());
            let main = fs::read_to_string(folder.join("loa.1")).unwrap();
            for sub in cli.get_subcommands() {
                let page = folder.join(format!("loa-{}.1", sub.get_name()));
                // Hidden commands (this one) are for packagers: no page, not listed in loa.1.
                assert_eq!(page.exists(), !sub.is_hide_set(), "{}", page.display());
                let listed = main.contains(&format!("loa\\-{}", sub.get_name()));
                assert_eq!(listed, !sub.is_hide_set(), "loa.1 on {}", sub.get_name());
                if sub.is_hide_set() {
                    continue;
                }
                let text = fs::read_to_string(&page).unwrap();
                let about = sub.get_about().unwrap().to_string();
                // The words before the first character roff escapes (an apostrophe, a dash).
                let start: String = about.chars().take_while(|c| c.is_alphanumeric() || *c == ' ').take(20).collect();
                assert!(start.len() > 3 && text.contains(&start), "{} lacks its about: {start}", page.display());
                for long in sub.get_arguments().filter(|a| !a.is_hide_set()).filter_map(|a| a.get_long()) {
                    let option = format!("\\-\\-{}", long.replace('-', "\\-"));
                    assert!(text.contains(&option), "{} lacks --{long}", page.display());
                }
            }
        }
    }
}
