//! PDF text-layer extraction on top of `lopdf`.
//!
//! In: the bytes of a PDF file and some [`Limits`]. Out: one [`PdfPage`] per
//! page with its text (NFC, ligatures undone, lines in reading order from
//! glyph positions, '\t' between table cells / columns, an empty line between
//! paragraphs) and a [`PageKind`] telling born-digital text, invisible OCR
//! layers, scanned pages without text and empty pages apart.
//!
//! Pipeline: `lopdf` parses the file; `content` walks each page's operators
//! (following Form XObjects) and produces positioned glyphs, decoding codes
//! with `font` (ToUnicode via `cmap`, encodings via `encoding`, data in
//! `tables`); `layout` turns glyph positions into text; this module cleans
//! the text and labels the page.
//!
//! Nothing here panics on malformed input: unreadable objects are skipped,
//! and a file that cannot be parsed at all gives a [`PdfError`].

mod cmap;
mod content;
mod encoding;
mod font;
mod layout;
mod tables;

#[cfg(test)]
mod tests;

use lopdf::{Document, Object, ObjectId};
use unicode_normalization::UnicodeNormalization;

use font::{FontCache, number, resolve, resolve_dict};

/// Text of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfPage {
    /// 1-based page number.
    pub number: u32,
    pub text: String,
    pub kind: PageKind,
    /// Glyphs that decoded to non-white-space text (visible or not).
    pub glyphs: usize,
}

/// What kind of page this is, as far as its text layer tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// Real text drawn by the producing application.
    BornDigital,
    /// A scan with an invisible OCR text layer (render mode 3 or
    /// Tesseract's GlyphLessFont).
    OcrLayer,
    /// Images but no text: a scan that was never OCR'd.
    ImageOnly,
    /// Neither text nor images.
    Empty,
}

/// Why a file yielded no pages.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("not a PDF file: {0}")]
    NotPdf(String),
    #[error("the PDF is encrypted and cannot be opened without a password")]
    Encrypted,
    #[error("the PDF is damaged and cannot be read: {0}")]
    Broken(String),
    #[error("the PDF has no pages")]
    NoPages,
    /// plancov's own text extraction failed (a panic caught): a bug in
    /// plancov, not a fault of the file.
    #[error("internal error in plancov's PDF text extraction, not in the file: {0}")]
    Internal(String),
}

/// Work limits per document / page, to bound time and memory on hostile files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Pages extracted; later pages are silently left out.
    pub max_pages: usize,
    /// Content-stream operators executed per page (forms included); the rest
    /// of a page beyond the limit is ignored.
    pub max_ops_per_page: usize,
    /// How deep Form XObjects may nest.
    pub max_xobject_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pages: 5000,
            max_ops_per_page: 2_000_000,
            max_xobject_depth: 8,
        }
    }
}

/// One word an OCR engine read, with its box on the page image (pixels,
/// origin top left).
#[derive(Debug, Clone)]
pub struct OcrWord {
    pub text: String,
    pub left: f32,
    pub width: f32,
    /// Bottom of the word's line, and the line's height: one baseline and
    /// one size for every word of a line.
    pub line_bottom: f32,
    pub line_height: f32,
}

/// The text of a page read by OCR, laid out by the same rules as a PDF's
/// glyphs: lines, paragraphs and table columns from the words' positions.
pub fn layout_ocr_words(words: &[OcrWord]) -> String {
    let mut page = content::PageContent::default();
    for w in words {
        if w.text.is_empty() || w.line_height <= 0.0 {
            continue;
        }
        let start = page.text.len() as u32;
        page.text.push_str(&w.text);
        let len = u16::try_from(w.text.len()).unwrap_or(u16::MAX);
        // The line's box runs from ascender to descender: its size as a
        // font's em, its baseline a fifth above the bottom.
        let size = w.line_height * 0.8;
        let glyph = content::Glyph {
            x: w.left,
            y: -(w.line_bottom - 0.2 * w.line_height),
            size,
            adv: w.width,
            slope: 0.0,
            start,
            len,
            dir: 0,
            space: false,
        };
        // The engine has already told the words apart: a space just before
        // each keeps a narrow word (`i`, `å`) set close to its neighbour
        // from being glued to it by the gap rule meant for glyphs.
        page.glyphs.push(content::Glyph {
            x: w.left - 0.01,
            adv: 0.0,
            len: 0,
            space: true,
            ..glyph
        });
        page.glyphs.push(glyph);
    }
    layout::layout(&page, None, &mut layout::TableCarry::default())
}

/// Share of a page's glyphs that must be invisible for it to count as an OCR layer.
const OCR_SHARE: f64 = 0.9;

/// Extract the text of every page (up to `limits.max_pages`).
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Vec<PdfPage>, PdfError> {
    extract_counted(bytes, limits).map(|(pages, _)| pages)
}

/// Whether the file ends before its end-of-file marker: a download or copy
/// cut short. (lopdf still recovers the objects it can find.)
pub fn truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    !tail.windows(5).any(|w| w == b"%%EOF")
}

/// The pages read (up to `limits.max_pages`) and how many the file has.
pub fn extract_counted(bytes: &[u8], limits: &Limits) -> Result<(Vec<PdfPage>, usize), PdfError> {
    let header_zone = &bytes[..bytes.len().min(1024)];
    if !header_zone.windows(5).any(|w| w == b"%PDF-") {
        let what = if bytes.is_empty() {
            "the file is empty".to_string()
        } else {
            "no %PDF- header in the first 1024 bytes".to_string()
        };
        return Err(PdfError::NotPdf(what));
    }
    // lopdf is robust, but it is third-party code fed with hostile input: a
    // panic in it must not take the caller's process down.
    let loaded = std::panic::catch_unwind(|| Document::load_mem(bytes))
        .map_err(|_| PdfError::Broken("the PDF parser failed on this file".into()))?;
    let mut doc = loaded.map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => PdfError::Encrypted,
        other => PdfError::Broken(other.to_string()),
    })?;
    // lopdf decrypts files with an empty user password while loading; a file
    // still marked encrypted and not decrypted needs another try or a password.
    if doc.is_encrypted() && !doc.was_encrypted() && doc.decrypt("").is_err() {
        return Err(PdfError::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    let run = std::panic::AssertUnwindSafe(|| extract_pages(&doc, &pages, limits));
    std::panic::catch_unwind(run)
        .map(|read| (read, pages.len()))
        .map_err(|panic| {
            PdfError::Internal(format!(
                "textutvinningen ur PDF:en avbröts: {}",
                super::panic_message(panic.as_ref())
            ))
        })
}

fn extract_pages(
    doc: &Document,
    pages: &std::collections::BTreeMap<u32, ObjectId>,
    limits: &Limits,
) -> Vec<PdfPage> {
    let mut fonts = FontCache::default();
    let mut carry = layout::TableCarry::default();
    pages
        .iter()
        .take(limits.max_pages)
        .map(|(&number, &id)| {
            let content = content::interpret_page(doc, id, &mut fonts, limits);
            let raw = layout::layout(&content, page_box(doc, id), &mut carry);
            let text = clean_text(&raw);
            PdfPage {
                number,
                kind: classify(&content, !text.is_empty()),
                glyphs: content.decoded,
                text,
            }
        })
        .collect()
}

fn classify(c: &content::PageContent, has_text: bool) -> PageKind {
    if c.shown == 0 && !has_text {
        return if c.images > 0 {
            PageKind::ImageOnly
        } else {
            PageKind::Empty
        };
    }
    let shown = c.shown.max(1) as f64;
    let glyphless = c.glyphless as f64 / shown >= OCR_SHARE;
    let invisible = c.invisible as f64 / shown >= OCR_SHARE;
    if glyphless || (invisible && c.images > 0) {
        PageKind::OcrLayer
    } else {
        PageKind::BornDigital
    }
}

/// The page's CropBox (or MediaBox), inherited through the page tree.
fn page_box(doc: &Document, page: ObjectId) -> Option<layout::PageBox> {
    let mut node = doc.get_dictionary(page).ok()?;
    let mut media = None;
    let mut crop = None;
    for _ in 0..64 {
        if crop.is_none() {
            crop = node.get(b"CropBox").ok();
        }
        if media.is_none() {
            media = node.get(b"MediaBox").ok();
        }
        match node.get(b"Parent").ok().and_then(|o| resolve_dict(doc, o)) {
            Some(p) => node = p,
            None => break,
        }
    }
    let rect = |o: &Object| -> Option<layout::PageBox> {
        let Object::Array(a) = resolve(doc, o)? else {
            return None;
        };
        if a.len() != 4 {
            return None;
        }
        let v: Vec<f32> = a.iter().filter_map(|o| number(doc, o)).collect();
        let [x0, y0, x1, y1] = <[f32; 4]>::try_from(v).ok()?;
        let b = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
        (b.iter().all(|v| v.is_finite()) && b[2] - b[0] > 1.0 && b[3] - b[1] > 1.0).then_some(b)
    };
    crop.and_then(rect).or_else(|| media.and_then(rect))
}

/// Final text clean-up: undo ligatures, drop soft hyphens, control and
/// private-use characters, NFC-normalise, strip trailing spaces, and keep at
/// most one empty line in a row.
fn clean_text(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\u{FB00}' => s.push_str("ff"),
            '\u{FB01}' => s.push_str("fi"),
            '\u{FB02}' => s.push_str("fl"),
            '\u{FB03}' => s.push_str("ffi"),
            '\u{FB04}' => s.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => s.push_str("st"),
            '\n' | '\t' => s.push(c),
            '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
                s.push(' ')
            }
            '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{FFFD}' => {}
            c if c.is_control() => {}
            '\u{E000}'..='\u{F8FF}' => {}
            c => s.push(c),
        }
    }
    let nfc: String = s.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    let mut blank_run = 0;
    for line in nfc.split('\n') {
        let line = line.trim_end_matches(' ');
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_run > 0 {
                out.push('\n');
            }
        }
        blank_run = 0;
        // Mapped spaces (e.g. from NBSP) can meet word-gap spaces: collapse,
        // but keep the indentation the layout gave the line.
        let body = line.trim_start_matches(' ');
        out.push_str(&line[..line.len() - body.len()]);
        let mut prev_space = false;
        for c in body.chars() {
            if c == ' ' {
                if !prev_space {
                    out.push(' ');
                }
                prev_space = true;
            } else {
                out.push(c);
                prev_space = false;
            }
        }
    }
    out
}
