//! Issue 17: nothing anyone saves can crash loa, hang it, or silently lose a page. Each test
//! saves one hostile file into a small site (built from `build/minimal`) and checks that
//! `loa check` and `loa build` both exit with 1 within seconds, naming the file and line, and
//! that the previous build in public/ is left exactly as it was.

use std::time::{Duration, Instant};

use crate::helpers::{assert_same_tree, SiteTest};

/// The minimal site with `files` (path under the root, bytes) saved into it.
fn site_with(files: &[(&str, Vec<u8>)]) -> SiteTest {
    let mut test = SiteTest::from_fixture("build/minimal");
    for (path, bytes) in files {
        test.write(path, bytes);
    }
    test
}

/// `loa check` and `loa build` over `test` both fail quickly with `location` and every one
/// of `words` in their messages, and the build leaves the previous output untouched.
fn refused(test: &mut SiteTest, location: &str, words: &[&str]) {
    test.with_previous_build();
    let before = test.snapshot();
    for command in ["check", "build"] {
        let started = Instant::now();
        if command == "check" {
            test.check();
        } else {
            test.build();
        }
        let took = started.elapsed();
        test.assert_exit(1).stderr_contains(location);
        for word in words {
            test.stderr_contains(word);
        }
        assert!(took < Duration::from_secs(30), "`loa {command}` took {took:?}");
    }
    assert_same_tree(&before, &test.snapshot(), "the site root (with public/)");
}

fn png_chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend(kind);
    chunk.extend(data);
    // The CRC is not checked before the header is read; any value does.
    chunk.extend([0, 0, 0, 0]);
    chunk
}

/// A PNG whose header declares `w`×`h` pixels, with a little image data and its end.
fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &ihdr));
    png.extend(png_chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    png.extend(png_chunk(b"IEND", &[]));
    png
}

/// A baseline JPEG whose frame header declares `w`×`h` pixels.
fn jpeg_declaring(w: u16, h: u16) -> Vec<u8> {
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 8];
    jpeg.extend(h.to_be_bytes());
    jpeg.extend(w.to_be_bytes());
    jpeg.extend([3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
    jpeg.extend([0xFF, 0xDA, 0x00, 0x0C, 3, 1, 0, 2, 0, 3, 0, 0, 0x3F, 0]);
    jpeg.extend(vec![0u8; 2000]);
    jpeg.extend([0xFF, 0xD9]);
    jpeg
}

fn infographic(image: &str) -> Vec<u8> {
    format!(
        "+++\ntitle = \"Biểu đồ\"\ndate = 2026-06-01T08:00:00+07:00\nimage = \"{image}\"\nalt = \"Biểu đồ\"\n+++\n\nNội dung.\n"
    )
    .into_bytes()
}

#[test]
fn regression_17_a_png_declaring_65535_square_is_refused_by_name() {
    let mut test = site_with(&[
        ("content/infographic/lon.png", png_declaring(65_535, 65_535)),
        ("content/infographic/lon.md", infographic("lon.png")),
    ]);
    refused(&mut test, "content/infographic/lon.png:1:1:", &["65535×65535", "quá lớn"]);
    test.stderr_contains("content/infographic/lon.md:4:");
}

#[test]
fn regression_17_a_jpeg_declaring_30000_square_is_refused_even_unreferenced() {
    let mut test = site_with(&[("content/tin-tuc/anh.jpg", jpeg_declaring(30_000, 30_000))]);
    refused(&mut test, "content/tin-tuc/anh.jpg:1:1:", &["30000×30000"]);
}

#[test]
fn regression_17_cut_off_images_are_refused() {
    let real = std::fs::read(
        crate::helpers::fixtures_dir().join("content_model/image_sizes/content/infographic/anh-jpeg.jpg"),
    )
    .expect("a JPEG fixture");
    let half = real[..real.len() / 2].to_vec();
    let png = png_declaring(40, 30);
    let mut test = site_with(&[
        ("content/tin-tuc/cat.jpg", half),
        ("content/tin-tuc/cat.png", png[..png.len() - 6].to_vec()),
        ("content/tin-tuc/cat.webp", b"RIFF\xff\x00\x00\x00WEBPVP8L\x00\x00".to_vec()),
    ]);
    refused(
        &mut test,
        "content/tin-tuc/cat.jpg:1:1:",
        &["cắt cụt", "content/tin-tuc/cat.png:1:1:", "content/tin-tuc/cat.webp:1:1:"],
    );
}

#[test]
fn regression_17_an_svg_nested_100000_deep_or_with_laughing_entities_is_refused() {
    let deep = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">{}{}</svg>",
        "<g>".repeat(100_000),
        "</g>".repeat(100_000)
    );
    let mut laughs = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        laughs.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&lol{};", if i == 1 { String::new() } else { (i - 1).to_string() }).repeat(10)
        ));
    }
    laughs.push_str("]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><text>&lol9;</text></svg>\n");
    let mut test = site_with(&[
        ("content/infographic/sau.svg", deep.into_bytes()),
        ("content/infographic/sau.md", infographic("sau.svg")),
        ("content/tin-tuc/cuoi.svg", laughs.into_bytes()),
    ]);
    refused(&mut test, "content/infographic/sau.svg:1:1:", &["256 tầng", "content/tin-tuc/cuoi.svg:1:1:", "ENTITY"]);
}

#[test]
fn regression_17_yaml_alias_amplification_is_refused_at_its_line() {
    let mut front = String::from("---\ntitle: Cười\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        front.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    front.push_str("topics: *a9\n---\nNội dung.\n");
    let mut test = site_with(&[("content/tin-tuc/cuoi.md", front.into_bytes())]);
    refused(&mut test, "content/tin-tuc/cuoi.md:5:", &["bí danh YAML"]);
}

#[test]
fn regression_17_a_scheduled_item_colliding_with_a_list_is_an_error_today() {
    let scheduled = "+++\ntitle = \"Sẽ đăng\"\ndate = 2027-06-01T08:00:00+07:00\naliases = [\"/tin-tuc/\"]\n+++\n\nx\n";
    let mut test = site_with(&[("content/tin-tuc/sau.md", scheduled.into())]);
    refused(&mut test, "content/tin-tuc/sau.md:4:", &["content/tin-tuc/lich-lam-viec.md:1", "tin-tuc/index.html"]);
}

#[test]
fn regression_17_a_page_or_a_file_taking_a_generated_address_is_an_error() {
    let page = "+++\ntitle = \"Tìm\"\n+++\n\nx\n";
    let mut test = site_with(&[
        ("content/trang/tim-kiem.md", page.into()),
        ("content/robots.txt", b"User-agent: *\n".to_vec()),
        ("content/sitemap.xml/x.txt", b"x".to_vec()),
    ]);
    refused(
        &mut test,
        "content/trang/tim-kiem.md:1:1:",
        &["tim-kiem/index.html", "content/site.toml:1", "content/robots.txt:1:1:", "content/sitemap.xml/x.txt:1:1:"],
    );
}

#[test]
fn regression_17_aliases_with_control_characters_or_on_generated_files_are_errors() {
    let control = "+++\ntitle = \"Cũ\"\ndate = 2026-06-01T08:00:00+07:00\naliases = [\"/cu\\u0007/\"]\n+++\n\nx\n";
    let generated = "+++\ntitle = \"Cũ hơn\"\ndate = 2026-06-01T08:00:00+07:00\naliases = [\"/404.html\"]\n+++\n\nx\n";
    let mut test =
        site_with(&[("content/tin-tuc/cu.md", control.into()), ("content/tin-tuc/cu-hon.md", generated.into())]);
    refused(&mut test, "content/tin-tuc/cu.md:4:", &["\\u{7}", "content/tin-tuc/cu-hon.md:4:", "404.html"]);
}

#[test]
fn regression_17_an_alias_needing_a_theme_file_or_a_title_card_as_its_folder_is_an_error() {
    let alias = |title: &str, to: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = 2026-06-01T08:00:00+07:00\naliases = [\"{to}\"]\n+++\n\nx\n")
    };
    for (to, words) in [
        // The theme's stylesheet, an icon drawn from the logo, the site's manifest.
        ("/style.css", &["`/style.css`"][..]),
        ("/favicon.ico/cu", &["`/favicon.ico`"][..]),
        ("/site.webmanifest", &["`/site.webmanifest`"][..]),
        // The sharing card drawn for the home page.
        ("/og.png", &["og.png"][..]),
    ] {
        let mut test = site_with(&[("content/tin-tuc/cu.md", alias("Cũ", to).into())]);
        // Found once the theme's files and the cards are known, after a staging folder was
        // made beside the output: the output is what must stay as it was.
        test.with_previous_build();
        let before = test.snapshot_public();
        for command in ["check", "build"] {
            if command == "check" {
                test.check()
            } else {
                test.build()
            };
            test.assert_exit(1).stderr_contains("content/tin-tuc/cu.md:4:");
            for word in words {
                test.stderr_contains(word);
            }
        }
        assert_same_tree(&before, &test.snapshot_public(), "public/");
    }
}

const SITE_TOML: &str = "content/site.toml";

#[test]
fn regression_17_site_toml_base_url_folders_and_menu_schemes_are_checked_at_their_lines() {
    let toml = "title = \"Bảo hiểm xã hội tỉnh Thử Nghiệm\"\n\
                base_url = \"https://bhxh-thunghiem.example.vn\\\" onload=\\\"x\"\n\
                [folders]\n\
                search = \"..\"\n\
                calendar = \"en\"\n\
                faq = \"doi-tuong\"\n\
                topics = \"\"\n\
                [[menus.main]]\n\
                name = \"Xấu\"\n\
                url = \"javascript:alert(1)\"\n\
                [[menus.main]]\n\
                name = \"Dữ liệu\"\n\
                url = \"DATA:text/html,x\"\n\
                [languages.en]\n\
                title = \"Test\"\n";
    let mut test = site_with(&[(SITE_TOML, toml.into())]);
    refused(
        &mut test,
        "content/site.toml:2:1:",
        &[
            "content/site.toml:4:1:",
            "content/site.toml:5:1:",
            "`en`",
            "content/site.toml:6:1:",
            "content/site.toml:7:1:",
            "content/site.toml:10:1:",
            "`javascript:`",
            "content/site.toml:13:1:",
        ],
    );
}

#[test]
fn regression_17_a_menu_link_to_a_missing_page_is_an_error_at_its_line() {
    let toml = "title = \"Bảo hiểm xã hội tỉnh Thử Nghiệm\"\n\
                base_url = \"https://bhxh-thunghiem.example.vn\"\n\
                [[menus.main]]\n\
                name = \"Tin\"\n\
                url = \"/tin-tuc/\"\n\
                [[menus.main]]\n\
                name = \"Mất\"\n\
                url = \"/khong-co/\"\n";
    let mut test = site_with(&[(SITE_TOML, toml.into())]);
    refused(&mut test, "content/site.toml:8:1:", &["/khong-co/"]);
    test.stderr_lacks("/tin-tuc/`");
}

#[test]
fn regression_17_a_symlinked_output_keeps_its_link_and_the_site_goes_into_its_target() {
    let mut test = SiteTest::from_fixture("build/minimal");
    let www = test.beside("www");
    std::fs::create_dir(&www).unwrap();
    std::os::unix::fs::symlink(&www, test.root().join("public")).unwrap();
    for _ in 0..2 {
        test.build().assert_ok();
        let link = std::fs::symlink_metadata(test.root().join("public")).unwrap();
        assert!(link.file_type().is_symlink(), "public/ is no longer a link");
        assert!(www.join("tin-tuc/lich-lam-viec/index.html").is_file());
        test.edit("content/tin-tuc/lich-lam-viec.md", |t| t.replace("sáng thứ Bảy", "sáng thứ Bảy hằng tuần"));
    }
}

#[test]
fn regression_17_an_output_inside_the_theme_or_content_is_refused() {
    let mut test = SiteTest::from_fixture("build/minimal");
    test.write("themes/default/templates/.keep", "");
    let before = test.snapshot();
    for out in ["themes/default/public", "themes", "content/public"] {
        test.out(test.root().join(out)).build().assert_exit(2).stderr_contains(out.split('/').next().unwrap());
    }
    assert_same_tree(&before, &test.snapshot(), "the site root");
}

#[test]
fn regression_17_a_read_only_output_folder_is_one_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let mut test = SiteTest::from_fixture("build/minimal");
    if rustix::process::geteuid().is_root() {
        // Permissions do not bind root, but /proc/self is read-only for everyone.
        test.out("/proc/self/loa-out").build().assert_exit(1).stderr_contains("/proc/self ").stderr_lacks("index.html");
        return;
    }
    test.with_previous_build();
    let public = test.public();
    let site = test.root().to_path_buf();
    std::fs::set_permissions(&site, std::fs::Permissions::from_mode(0o555)).unwrap();
    test.edit("content/tin-tuc/lich-lam-viec.md", |t| t.replace("sáng", "chiều"));
    let before = test.snapshot_public();
    test.build();
    std::fs::set_permissions(&site, std::fs::Permissions::from_mode(0o755)).unwrap();
    test.assert_exit(1).stderr_contains(&site.display().to_string()).stderr_lacks("index.html");
    assert_same_tree(&before, &crate::helpers::snapshot(&public), "public/");
}

#[test]
fn regression_17_a_file_named_like_an_image_loa_makes_is_an_error() {
    let photo = std::fs::read(
        crate::helpers::fixtures_dir().join("content_model/image_sizes/content/infographic/anh-jpeg.jpg"),
    )
    .expect("a JPEG fixture");
    let mut test = site_with(&[
        ("content/infographic/anh.jpg", photo.clone()),
        ("content/infographic/anh.md", infographic("anh.jpg")),
        ("content/infographic/anh-og.jpg", photo),
    ]);
    refused(&mut test, "content/infographic/anh.jpg:1:1:", &["content/infographic/anh-og.jpg:1", "anh-og.jpg"]);
}

/// A file in the theme's static/ folder at the address of a page, the sitemap or a feed would
/// replace it without a word: it is an error naming the theme's file, in check and build, and
/// the previous output stays.
#[test]
fn a_theme_file_at_the_address_of_a_generated_file_is_an_error() {
    let mut test = SiteTest::from_fixture("build/minimal");
    test.build().assert_ok();
    let before = test.file("sitemap.xml");
    test.write("themes/default/static/sitemap.xml", "<urlset/>");
    test.write("themes/default/static/tin-tuc/index.html", "<p>x</p>");
    test.check()
        .assert_exit(1)
        .stderr_contains("themes/default/static/sitemap.xml:1:1: lỗi: tệp này của giao diện sẽ ghi đè lên /sitemap.xml")
        .stderr_contains("themes/default/static/tin-tuc/index.html");
    test.build().assert_exit(1);
    assert_eq!(test.file("sitemap.xml"), before);
    // A file of its own name is published as before.
    std::fs::remove_file(test.root().join("themes/default/static/sitemap.xml")).unwrap();
    std::fs::remove_file(test.root().join("themes/default/static/tin-tuc/index.html")).unwrap();
    test.write("themes/default/static/ban-do.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    test.build().assert_ok().assert_file("ban-do.svg");
}
