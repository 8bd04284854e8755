//! The randomized proof of `loa serve`'s incremental rebuild: after random edits, creates,
//! renames, deletes, template and site.toml changes and broken files, what serve holds equals
//! what a fresh `loa build` makes of the same folder, step after step.

use std::path::Path;

use crate::helpers::{SiteTest, NOW};

/// `text` with every link to an article that is not in `names` turned into its plain text.
fn drop_dead_links(text: &str, names: &[String]) -> String {
    // Links are in the body, after the front matter.
    let body_start = text.match_indices("+++\n").nth(1).map_or(0, |(i, _)| i + 4);
    let mut out = text[..body_start].to_string();
    let mut rest = &text[body_start..];
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else { break };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else { break };
        let target = &rest[close + 2..end];
        out.push_str(&rest[..open]);
        if target.ends_with(".md") && !rest[open..end].contains('\n') && !names.iter().any(|n| n == target) {
            out.push_str(&rest[open + 1..close]);
        } else {
            out.push_str(&rest[open..=end]);
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A small deterministic random source (xorshift), so a failing sequence can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
}

/// An article written from random choices: audiences, campaign, topics, date (past or
/// scheduled), draft, and a link to another article.
fn random_article(rng: &mut Rng, n: usize, others: &[String]) -> String {
    let audiences = ["", "\"nguoi-lao-dong\"", "\"hoc-sinh-sinh-vien\"", "\"nguoi-lao-dong\", \"hoc-sinh-sinh-vien\""];
    let campaigns = ["", "campaign = \"tet-an-sinh\"\n", "campaigns = [\"thang-bhxh-toan-dan\"]\n"];
    let topics = ["", "\"bhyt\"", "\"bhxh-tu-nguyen\"", "\"bhyt\", \"bhxh-tu-nguyen\""];
    let dates = ["2026-11-20T08:00:00+07:00", "2026-10-01", "2026-12-24T07:00:00+07:00", "2025-01-02"];
    let link = if others.is_empty() || rng.below(2) == 0 {
        String::new()
    } else {
        format!(" Xem thêm [bài liên quan]({}).", rng.pick(others))
    };
    format!(
        "+++\ntitle = \"Bài thử {n} số {}\"\nsummary = \"Tóm tắt {}.\"\ndate = {}\naudiences = [{}]\n{}topics = [{}]\ndraft = {}\n+++\n\nNội dung bài {n}, bản {}.{link}\n",
        rng.below(1000),
        rng.below(1000),
        rng.pick(&dates),
        rng.pick(&audiences),
        rng.pick(&campaigns),
        rng.pick(&topics),
        rng.below(6) == 0,
        rng.below(1000),
    )
}

/// The randomized proof of the incremental rebuild: after every step of a random sequence of
/// edits, creates, renames, deletes, front matter moves, template and site.toml changes and
/// broken files, what serve holds equals, byte for byte and file for file, what a fresh
/// `loa build` makes of the same folder (or both fail).
#[test]
fn incremental_rebuilds_equal_fresh_builds_after_random_edits() {
    use loa::build::{build, Failure};
    use loa::cmd::cli::SiteArgs;
    use loa::cmd::common::options;
    use loa::output::Memory;
    use loa::serve::store::Store;
    use loa::serve::{Builder, Outcome};
    use loa::templates::Images;

    let seed = std::env::var("LOA_SERVE_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_2026_u64);
    let steps: usize = std::env::var("LOA_SERVE_STEPS").ok().and_then(|s| s.parse().ok()).unwrap_or(40);
    let mut rng = Rng(seed);
    let site = SiteTest::from_fixture("build/basic");
    let root = site.root().to_path_buf();
    let args = SiteArgs { root: root.clone(), now: Some(NOW.to_string()), future: false, drafts: false, lang: None };
    let options = options(&args, None, Images::Make).unwrap_or_else(|_| panic!("usage failure"));
    let mut builder = Builder::new(options.clone());
    let mut store = Store::default();
    let news = root.join("content/tin-tuc");
    let templates = root.join("themes/default/templates");
    let list = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .collect();
        names.sort();
        names
    };
    let mut created = 0;
    let mut log = Vec::new();
    // The paths each step writes, as the watcher reports them (for the quick phase).
    let real_news = std::fs::canonicalize(&news).unwrap();
    let mut quick_pages = 0;
    for step in 0..=steps {
        let mut touched = std::collections::BTreeSet::new();
        if step > 0 {
            let names = list(&news);
            // Bodies are edited in published articles when there are some: their pages are
            // what the quick phase makes.
            let live: Vec<String> = names
                .iter()
                .filter(|n| store.files.contains_key(&format!("tin-tuc/{}/index.html", &n[..n.len() - 3])))
                .cloned()
                .collect();
            let what = rng.below(14);
            let action = match what {
                0 | 1 => {
                    created += 1;
                    let name = format!("thu-{created}.md");
                    std::fs::write(news.join(&name), random_article(&mut rng, created, &names)).unwrap();
                    touched.insert(real_news.join(&name));
                    format!("create {name}")
                }
                2 | 3 => {
                    let name = rng.pick(&names).clone();
                    let n = rng.below(100);
                    std::fs::write(news.join(&name), random_article(&mut rng, n, &names)).unwrap();
                    touched.insert(real_news.join(&name));
                    format!("rewrite {name}")
                }
                4 => {
                    let name = rng.pick(if live.is_empty() { &names } else { &live }).clone();
                    let path = news.join(&name);
                    let text = std::fs::read_to_string(&path).unwrap();
                    std::fs::write(&path, format!("{text}\nĐoạn thêm {}.\n", rng.below(1000))).unwrap();
                    touched.insert(real_news.join(&name));
                    format!("append to {name}")
                }
                5 if names.len() > 2 => {
                    let name = rng.pick(&names).clone();
                    std::fs::remove_file(news.join(&name)).unwrap();
                    touched.insert(real_news.join(&name));
                    format!("delete {name}")
                }
                6 => {
                    let name = rng.pick(&names).clone();
                    created += 1;
                    let to = format!("doi-ten-{created}.md");
                    std::fs::rename(news.join(&name), news.join(&to)).unwrap();
                    touched.insert(real_news.join(&name));
                    touched.insert(real_news.join(&to));
                    format!("rename {name} to {to}")
                }
                7 => {
                    // A template override appears, changes or goes.
                    let name = *rng.pick(&["article.html", "list.html", "macros.html", "base.html"]);
                    let path = templates.join(name);
                    if path.exists() && rng.below(2) == 0 {
                        std::fs::remove_file(&path).unwrap();
                        format!("remove template {name}")
                    } else {
                        let original = std::fs::read_to_string(
                            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates").join(name),
                        )
                        .unwrap();
                        let mark = rng.below(1000);
                        let text = if name == "macros.html" {
                            format!("{original}\n{{# thay đổi {mark} #}}\n")
                        } else {
                            original.replacen("</body>", &format!("<p>Dấu {mark}</p></body>"), 1).replacen(
                                "{% block content %}",
                                &format!("{{% block content %}}<p>Khối {mark}</p>"),
                                1,
                            )
                        };
                        std::fs::create_dir_all(&templates).unwrap();
                        std::fs::write(&path, text).unwrap();
                        format!("template {name} ({mark})")
                    }
                }
                8 => {
                    let path = root.join("content/site.toml");
                    let text = std::fs::read_to_string(&path).unwrap();
                    let paginate = 1 + rng.below(3);
                    let title = rng.below(100);
                    let mut lines: Vec<String> = text
                        .lines()
                        .map(|l| {
                            if l.starts_with("paginate") {
                                format!("paginate = {paginate}")
                            } else if l.starts_with("title") {
                                format!("title = \"Bảo hiểm xã hội tỉnh Thử Nghiệm {title}\"")
                            } else {
                                l.to_string()
                            }
                        })
                        .collect();
                    lines.push(String::new());
                    std::fs::write(&path, lines.join("\n")).unwrap();
                    format!("site.toml paginate {paginate} title {title}")
                }
                9 => {
                    let name = rng.pick(&names).clone();
                    let path = news.join(&name);
                    let text = std::fs::read_to_string(&path).unwrap();
                    std::fs::write(&path, text.replacen("+++\n", "+++\nkhong_co = 1\n", 1)).unwrap();
                    touched.insert(real_news.join(&name));
                    format!("break {name}")
                }
                10 => {
                    // Whatever is broken gets fixed, links to deleted articles too.
                    for name in &names {
                        let path = news.join(name);
                        let text = std::fs::read_to_string(&path).unwrap();
                        std::fs::write(&path, drop_dead_links(&text.replace("khong_co = 1\n", ""), &names)).unwrap();
                        touched.insert(real_news.join(name));
                    }
                    "fix everything".to_string()
                }
                12 | 13 => {
                    // Only the body changes: a new section with a link to another article.
                    let name = rng.pick(if live.is_empty() { &names } else { &live }).clone();
                    let other = rng.pick(&names).clone();
                    let path = news.join(&name);
                    let text = std::fs::read_to_string(&path).unwrap();
                    let body_start = text.match_indices("+++\n").nth(1).map_or(0, |(i, _)| i + 4);
                    let k = rng.below(1000);
                    let body = format!("\n## Mục {k}\n\nNội dung mới {k}, xem [bài khác]({other}).\n");
                    std::fs::write(&path, format!("{}{body}", &text[..body_start])).unwrap();
                    touched.insert(real_news.join(&name));
                    format!("new body of {name} ({k})")
                }
                _ => {
                    // The audience page changes: its title appears in many lists.
                    let path = root.join("content/doi-tuong/nguoi-lao-dong.md");
                    let text = std::fs::read_to_string(&path).unwrap();
                    let n = rng.below(100);
                    let text = text
                        .lines()
                        .map(|l| {
                            if l.starts_with("title") {
                                format!("title = \"Người lao động {n}\"")
                            } else {
                                l.to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n");
                    std::fs::write(&path, text + "\n").unwrap();
                    touched.insert(std::fs::canonicalize(&path).unwrap());
                    format!("audience title {n}")
                }
            };
            log.push(action);
        }
        // The quick phase first, as serve runs it: its pages must be those of the full build.
        let quick = builder.quick(&touched);
        if let Some(files) = &quick {
            quick_pages += files.len();
            store.patch(files.clone());
        }
        let served = match builder.build().unwrap_or_else(|_| panic!("usage failure")) {
            Outcome::Built { files, reused, .. } => {
                store.update(files, &reused);
                true
            }
            Outcome::Failed(_) => false,
        };
        let memory = Memory::new();
        match build(&options, None, &memory) {
            Ok(_) => {
                let fresh = memory.into_files();
                assert!(served, "serve failed where a fresh build succeeds; steps (seed {seed:#x}): {log:#?}");
                let held: std::collections::BTreeMap<&str, &[u8]> =
                    store.files.iter().map(|(k, v)| (k.as_str(), v.bytes.as_slice())).collect();
                let built: std::collections::BTreeMap<&str, &[u8]> =
                    fresh.iter().map(|(k, v)| (k.as_str(), v.as_slice())).collect();
                let only_held: Vec<_> = held.keys().filter(|k| !built.contains_key(*k)).collect();
                let only_built: Vec<_> = built.keys().filter(|k| !held.contains_key(*k)).collect();
                let differ: Vec<_> =
                    held.iter().filter(|(k, v)| built.get(*k).is_some_and(|b| b != *v)).map(|(k, _)| k).collect();
                for (path, bytes) in quick.iter().flatten() {
                    assert!(
                        built.get(path.as_str()) == Some(&bytes.as_slice()),
                        "after step {step} the quick phase made {path} unlike a fresh build; steps (seed {seed:#x}): {log:#?}"
                    );
                }
                assert!(
                    only_held.is_empty() && only_built.is_empty() && differ.is_empty(),
                    "after step {step} serve differs from a fresh build: only in serve {only_held:?}, only in the build \
                     {only_built:?}, different {differ:?}; steps (seed {seed:#x}): {log:#?}"
                );
            }
            Err(Failure::Errors(_)) => {
                assert!(!served, "serve succeeded where a fresh build fails; steps (seed {seed:#x}): {log:#?}")
            }
            Err(_) => panic!("usage failure"),
        }
    }
    assert!(
        log.iter().any(|l| l.starts_with("template")) && log.iter().any(|l| l.starts_with("site.toml")),
        "{log:#?}"
    );
    assert!(quick_pages > 0, "the quick phase never rendered a page; steps: {log:#?}");
}
