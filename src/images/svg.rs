//! Drawing an SVG of content/ into pixels: for its Open Graph card (Facebook and Zalo take no
//! SVG) and for the raster thumbnails of list cards (a browser lays out every `<text>` of every
//! SVG on a list page on its main thread: eight infographic cards cost a phone 0.3 s).
//!
//! Text is drawn with the system's fonts. `sans-serif` resolves to the first of a few common
//! families installed (Arial's metrics first, as in browsers), and to the embedded Be Vietnam Pro when there is none (a server with no
//! font package), so the words of an infographic never vanish from its pictures.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use image::{DynamicImage, RgbaImage};
use resvg::{tiny_skia, usvg};

use super::title_card::{FAMILY, FONT};

/// Parses an SVG (after [`super::guard::svg`]'s depth check) with the fonts below.
pub fn tree(bytes: &[u8]) -> Result<usvg::Tree, String> {
    super::guard::svg(bytes).map_err(|why| why.en)?;
    let (db, sans) = fonts();
    let options = usvg::Options { fontdb: Arc::clone(db), font_family: sans.clone(), ..usvg::Options::default() };
    usvg::Tree::from_data(bytes, &options).map_err(|e| e.to_string())
}

/// The SVG drawn `width` × `height` pixels (stretched to exactly that box: callers keep its
/// aspect ratio), transparent where the SVG paints nothing.
pub fn raster(bytes: &[u8], width: u32, height: u32) -> Result<DynamicImage, String> {
    let tree = tree(bytes)?;
    let size = tree.size();
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or("cannot allocate the picture")?;
    let transform = tiny_skia::Transform::from_scale(width as f32 / size.width(), height as f32 / size.height());
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    straight(&pixmap).map(DynamicImage::ImageRgba8)
}

/// A pixmap's pixels with straight colours (tiny-skia keeps them premultiplied by alpha; image
/// encoders want them straight).
pub fn straight(pixmap: &tiny_skia::Pixmap) -> Result<RgbaImage, String> {
    let pixels: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    RgbaImage::from_raw(pixmap.width(), pixmap.height(), pixels).ok_or_else(|| "bad pixel buffer".into())
}

/// What the pixels drawn from an SVG depend on beyond its bytes: the families that draw its
/// text, so that cached pictures are drawn again once the machine has other fonts.
pub fn fonts_key() -> String {
    let (db, sans) = fonts();
    let serif = db.family_name(&usvg::fontdb::Family::Serif);
    format!("{sans}+{serif}").chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase()
}

/// Letters of Vietnamese beyond ASCII, lower and upper case.
const VIETNAMESE: &str = "ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĂÂĐÊÔƠƯỨỰ";

/// The system's fonts and the embedded one, loaded once per process and only when an SVG is
/// drawn, with the family `sans-serif` stands for.
fn fonts() -> &'static (Arc<usvg::fontdb::Database>, String) {
    static DB: OnceLock<(Arc<usvg::fontdb::Database>, String)> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_system_fonts();
        db.load_font_data(FONT.to_vec());
        // A family whose regular face draws every Vietnamese letter: one lacking a few (Debian's
        // Liberation Sans lacks ư and ơ) would send whole words to a fallback face.
        let covers = |family: &str| {
            let query = usvg::fontdb::Query { families: &[usvg::fontdb::Family::Name(family)], ..Default::default() };
            db.query(&query).is_some_and(|id| {
                db.with_face_data(id, |data, index| {
                    ttf_parser::Face::parse(data, index)
                        .is_ok_and(|face| VIETNAMESE.chars().all(|c| face.glyph_index(c).is_some()))
                })
                .unwrap_or(false)
            })
        };
        // Arial's metrics first, those browsers give `sans-serif` and designers draw with, so
        // words fit the boxes drawn for them; then wider families.
        let sans = ["Arial", "Liberation Sans", "Arimo", "Roboto", "Noto Sans", "DejaVu Sans"]
            .into_iter()
            .find(|f| covers(f))
            .unwrap_or(FAMILY);
        let serif = ["Times New Roman", "Liberation Serif", "Tinos", "Noto Serif", "DejaVu Serif"]
            .into_iter()
            .find(|f| covers(f))
            .unwrap_or(sans);
        db.set_sans_serif_family(sans);
        db.set_serif_family(serif);
        keep_in_memory(&mut db, &[sans, serif]);
        (Arc::new(db), sans.to_string())
    })
}

/// Reads the files of the faces of `families` into memory once: usvg opens and maps a face's
/// file for every glyph it draws, which made those calls a fifth of a cold build. A file that
/// cannot be read stays where it is, read as before.
fn keep_in_memory(db: &mut usvg::fontdb::Database, families: &[&str]) {
    use usvg::fontdb::Source;
    let on_disk = |face: &usvg::fontdb::FaceInfo| match &face.source {
        Source::File(path) => Some(path.clone()),
        _ => None,
    };
    let paths: BTreeSet<PathBuf> = db
        .faces()
        .filter(|face| face.families.iter().any(|(name, _)| families.contains(&name.as_str())))
        .filter_map(on_disk)
        .collect();
    for path in paths {
        let Ok(data) = std::fs::read(&path) else { continue };
        let ids: Vec<_> = db.faces().filter(|face| on_disk(face).as_ref() == Some(&path)).map(|face| face.id).collect();
        for id in ids {
            db.remove_face(id);
        }
        db.load_font_data(data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_is_drawn_at_the_size_asked_keeping_transparency() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><rect width="100" height="100" fill="#0d47a1"/></svg>"##;
        let image = raster(svg, 480, 240).unwrap().to_rgba8();
        assert_eq!(image.dimensions(), (480, 240));
        let blue = image.get_pixel(100, 120).0;
        assert!(blue[2] > 140 && blue[0] < 40 && blue[3] == 255, "{blue:?}");
        assert_eq!(image.get_pixel(400, 120).0[3], 0);
        assert!(raster(b"<not svg", 10, 10).is_err());
    }

    #[test]
    fn text_is_drawn_even_in_a_family_the_machine_lacks() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60"><text x="10" y="45" font-size="40" font-family="Không Có Phông Này, sans-serif">Bảo hiểm</text></svg>"##;
        let image = raster(svg.as_bytes(), 200, 60).unwrap().to_rgba8();
        let inked = image.pixels().filter(|p| p.0[3] > 128).count();
        assert!(inked > 300, "only {inked} pixels of text");
    }
}
