//! The URL scheme (`loa::site::urls`): the list of a site's addresses is exactly what a build
//! writes, so whoever relies on it (collision checks, a publisher verifying a server) sees
//! every page and file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use loa::content::Config;
use loa::diag::Diagnostics;
use loa::site::indexes::Indexes;
use loa::site::urls::{addresses, Address, What};
use loa::site::{load_site, Options, Preview};

use crate::helpers::{SiteTest, NOW};

/// The addresses of the site at `root` as `loa build --now NOW` sees it.
fn addresses_of(root: &Path) -> Vec<Address> {
    let config = Config::load(&root.join("content/site.toml"), Path::new("content/site.toml")).expect("site.toml");
    let now = loa::text::date::parse_instant(NOW, &config.timezone).expect("NOW");
    let mut diags = Diagnostics::default();
    let options = Options { now, preview: Preview::default() };
    let site = load_site(root, config, options, &mut diags).expect("loading the site");
    assert_eq!(diags.error_count(), 0, "the fixture has errors");
    addresses(&site, &Indexes::build(&site))
}

/// Builds the site and compares its output with its addresses: every address is written, and
/// every page, feed and machine-read file written has an address. Theme files, image variants
/// and the search index's files (under its listed folder) are the only others.
fn assert_addresses_are_the_output(test: &mut SiteTest) {
    test.build().assert_ok();
    let list = addresses_of(test.root());
    let written: BTreeSet<String> = test.public_files().into_iter().collect();
    let search: Vec<&str> = list.iter().filter(|a| a.what == What::SearchIndex).map(|a| a.path.as_str()).collect();
    let mut paths = BTreeSet::new();
    for a in &list {
        if a.what == What::SearchIndex {
            assert!(test.public().join(&a.path).join("index.json").is_file(), "no search index in {}", a.path);
            continue;
        }
        assert!(written.contains(&a.path), "{} ({:?}) was not written", a.path, a.what);
        assert!(paths.insert(a.path.clone()), "{} is listed twice", a.path);
    }
    let generated = [".html", ".xml", ".ics", ".map", ".txt"];
    for path in &written {
        if search.iter().any(|s| path.starts_with(s)) || !generated.iter().any(|e| path.ends_with(e)) {
            continue;
        }
        assert!(paths.contains(path), "{path} was written but is no address of the site");
    }
}

#[test]
fn every_built_file_is_an_address_of_a_multilingual_site() {
    assert_addresses_are_the_output(&mut SiteTest::from_fixture("languages/site"));
}

#[test]
fn every_built_file_is_an_address_of_the_demo() {
    let content: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    assert_addresses_are_the_output(&mut SiteTest::from_content_dir(&content));
}
