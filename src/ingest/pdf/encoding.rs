//! Single-byte encodings, glyph names, symbol fonts and standard-font widths.
//!
//! In: encoding names (`/WinAnsiEncoding`, ...), `/Differences` glyph names, a
//! font's base name and single-byte character codes. Out: Unicode text for a
//! code (via [`SimpleEncoding`]), the Unicode value of an Adobe glyph name, a
//! bullet-friendly reading of Symbol/Wingdings/ZapfDingbats codes, and advance
//! widths of the standard fonts for fonts that carry no `/Widths`.

use super::tables;

/// One of the predefined single-byte encodings a simple font can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    PdfDoc,
    Symbol,
}

impl BaseEncoding {
    /// The encoding named by an `/Encoding` or `/BaseEncoding` entry.
    pub(crate) fn from_name(name: &[u8]) -> Option<Self> {
        match name {
            b"WinAnsiEncoding" => Some(Self::WinAnsi),
            b"MacRomanEncoding" => Some(Self::MacRoman),
            b"StandardEncoding" => Some(Self::Standard),
            b"PDFDocEncoding" => Some(Self::PdfDoc),
            // MacExpert is small caps and old-style figures; its ASCII part is
            // close enough to StandardEncoding for text extraction.
            b"MacExpertEncoding" => Some(Self::Standard),
            _ => None,
        }
    }

    fn table(self) -> &'static [u16; 256] {
        match self {
            Self::Standard => &tables::STANDARD,
            Self::WinAnsi => &tables::WIN_ANSI,
            Self::MacRoman => &tables::MAC_ROMAN,
            Self::PdfDoc => &tables::PDF_DOC,
            Self::Symbol => &tables::SYMBOL,
        }
    }
}

/// What a simple font's encoding says about one code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeText<'a> {
    /// The encoding does not define the code.
    None,
    Char(char),
    /// A glyph name such as `T_h` or `uni00540068` that stands for several characters.
    Str(&'a str),
}

/// A full 256-entry code -> text table of a simple font: the base encoding
/// with the font's `/Differences` applied. Built once per font.
#[derive(Debug, Clone)]
pub(crate) struct SimpleEncoding {
    /// `'\0'` marks an undefined code.
    chars: [char; 256],
    /// The rare codes whose glyph name expands to more than one character.
    multi: Vec<(u8, Box<str>)>,
}

impl SimpleEncoding {
    pub(crate) fn new(base: BaseEncoding) -> Self {
        let table = base.table();
        let mut chars = ['\0'; 256];
        for (slot, &u) in chars.iter_mut().zip(table.iter()) {
            *slot = char::from_u32(u32::from(u)).unwrap_or('\0');
        }
        SimpleEncoding {
            chars,
            multi: Vec::new(),
        }
    }

    /// Apply one `/Differences` entry. A name we cannot read keeps the base
    /// encoding's character for that code: for subset fonts named `/g12` the
    /// base character is usually a better guess than nothing, and the font's
    /// ToUnicode (consulted first) normally covers such codes anyway.
    pub(crate) fn set_name(&mut self, code: u8, name: &[u8]) {
        let mut text = String::new();
        if !glyph_name_to_text(name, &mut text) {
            return;
        }
        self.multi.retain(|(c, _)| *c != code);
        let mut it = text.chars();
        match (it.next(), it.next()) {
            (Some(c), None) => self.chars[usize::from(code)] = c,
            (Some(_), Some(_)) => {
                self.chars[usize::from(code)] = '\0';
                self.multi.push((code, text.into_boxed_str()));
            }
            _ => {}
        }
    }

    pub(crate) fn lookup(&self, code: u8) -> CodeText<'_> {
        let c = self.chars[usize::from(code)];
        if c != '\0' {
            return CodeText::Char(c);
        }
        match self.multi.iter().find(|(k, _)| *k == code) {
            Some((_, s)) => CodeText::Str(s),
            None => CodeText::None,
        }
    }
}

/// Unicode for an Adobe glyph name, appended to `out`. Follows the Adobe Glyph
/// List rules: drop a `.suffix`, split ligature names at `_`, read each part
/// from the glyph list or as `uniXXXX[XXXX...]` / `uXXXX[XX]`. Returns whether
/// anything was appended.
pub(crate) fn glyph_name_to_text(name: &[u8], out: &mut String) -> bool {
    let base = match name.iter().position(|&b| b == b'.') {
        Some(0) | None => name,
        Some(i) => &name[..i],
    };
    let start = out.len();
    for part in base.split(|&b| b == b'_') {
        if part.is_empty() {
            continue;
        }
        if let Some(c) = lookup_glyph_list(part) {
            out.push(c);
        } else if let Some(rest) = part.strip_prefix(b"uni") {
            // uniXXXX, possibly several groups of four hex digits.
            if rest.len() >= 4 && rest.len() % 4 == 0 {
                for group in rest.chunks(4) {
                    if let Some(c) = parse_hex(group).and_then(char::from_u32) {
                        out.push(c);
                    }
                }
            }
        } else if let Some(rest) = part.strip_prefix(b"u")
            && (4..=6).contains(&rest.len())
            && let Some(c) = parse_hex(rest).and_then(char::from_u32)
        {
            out.push(c);
        }
    }
    out.len() > start
}

fn lookup_glyph_list(name: &[u8]) -> Option<char> {
    let names = &tables::GLYPH_NAMES;
    names
        .binary_search_by(|(n, _)| n.as_bytes().cmp(name))
        .ok()
        .and_then(|i| char::from_u32(u32::from(names[i].1)))
}

fn parse_hex(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    let mut v: u32 = 0;
    for &d in digits {
        v = (v << 4) | char::from(d).to_digit(16)?;
    }
    Some(v)
}

/// Fonts whose codes are pictures rather than letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SymbolFont {
    Symbol,
    Wingdings,
    Dingbats,
}

/// Recognise a symbol font from its `/BaseFont` (subset prefix allowed).
pub(crate) fn symbol_font_kind(base_font: &[u8]) -> Option<SymbolFont> {
    let name = strip_subset_prefix(base_font).to_ascii_lowercase();
    let has = |s: &[u8]| name.windows(s.len()).any(|w| w == s);
    if has(b"wingding") || has(b"webding") {
        Some(SymbolFont::Wingdings)
    } else if has(b"dingbat") {
        Some(SymbolFont::Dingbats)
    } else if has(b"symbol") {
        Some(SymbolFont::Symbol)
    } else {
        None
    }
}

/// Text for a code of a symbol font (or for the low byte of a private-use
/// U+F0xx value, which is how Word's ToUnicode maps Symbol/Wingdings glyphs).
/// List markers come out as '•' so that bullet lists look the same whatever
/// font drew the bullet; check boxes and check marks keep their meaning.
/// `None` means "no sensible reading": such codes are dropped, since reading a
/// Wingdings 'l' as the letter l would only add noise.
pub(crate) fn symbol_char(kind: SymbolFont, code: u8) -> Option<char> {
    if code == 0x20 {
        return Some(' ');
    }
    match kind {
        SymbolFont::Symbol => {
            let u = tables::SYMBOL[usize::from(code)];
            char::from_u32(u32::from(u)).filter(|&c| c != '\0')
        }
        SymbolFont::Wingdings => match code {
            0x6F | 0xA8 => Some('☐'),
            0xFE => Some('☑'),
            0xFD => Some('☒'),
            0xFC => Some('✓'),
            0xFB => Some('✗'),
            // Circles, squares, diamonds, stars, pointing arrows and the
            // classic Word list markers (l n q u v w § Ø ...).
            0x6C..=0x78 | 0x9E..=0xAB | 0xB7 | 0xD5..=0xF0 => Some('•'),
            _ => None,
        },
        SymbolFont::Dingbats => match code {
            0x33 | 0x34 => Some('✓'),
            0x37 | 0x38 => Some('✗'),
            0x6C..=0x77 | 0xA1..=0xAB | 0xD4..=0xFE => Some('•'),
            _ => None,
        },
    }
}

/// `ABCDEF+Arial-BoldMT` -> `Arial-BoldMT`.
pub(crate) fn strip_subset_prefix(name: &[u8]) -> &[u8] {
    if name.len() > 7 && name[6] == b'+' && name[..6].iter().all(u8::is_ascii_uppercase) {
        &name[7..]
    } else {
        name
    }
}

/// Which standard metrics to assume for a font without `/Widths`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StdMetrics {
    Helvetica,
    HelveticaBold,
    Times,
    TimesBold,
    TimesItalic,
    Courier,
}

impl StdMetrics {
    /// Pick metrics from a base font name. Unknown families get Helvetica,
    /// the most common sans-serif shape and a reasonable average.
    pub(crate) fn for_font(base_font: &[u8]) -> Self {
        let name = strip_subset_prefix(base_font).to_ascii_lowercase();
        let has = |s: &[u8]| name.windows(s.len()).any(|w| w == s);
        let bold = has(b"bold") || has(b"black") || has(b"heavy");
        if has(b"courier") || has(b"mono") {
            Self::Courier
        } else if has(b"times") || has(b"serif") && !has(b"sans") || has(b"roman") {
            if bold {
                Self::TimesBold
            } else if has(b"italic") || has(b"oblique") {
                Self::TimesItalic
            } else {
                Self::Times
            }
        } else if bold {
            Self::HelveticaBold
        } else {
            Self::Helvetica
        }
    }

    /// Advance width in 1/1000 em of the glyph that shows `c`, if known.
    pub(crate) fn width(self, c: char) -> Option<f32> {
        if self == Self::Courier {
            return Some(600.0);
        }
        let table = match self {
            Self::Helvetica => &tables::HELVETICA_WIDTHS,
            Self::HelveticaBold => &tables::HELVETICA_BOLD_WIDTHS,
            Self::Times => &tables::TIMES_WIDTHS,
            Self::TimesBold => &tables::TIMES_BOLD_WIDTHS,
            Self::TimesItalic => &tables::TIMES_ITALIC_WIDTHS,
            Self::Courier => return Some(600.0),
        };
        let code = win_ansi_code(c)?;
        let w = table[usize::from(code)];
        (w > 0).then_some(f32::from(w))
    }
}

/// The WinAnsi code of a character, if WinAnsi has one.
fn win_ansi_code(c: char) -> Option<u8> {
    let u = u32::from(c);
    if (0x20..0x7F).contains(&u) || (0xA0..=0xFF).contains(&u) {
        return u8::try_from(u).ok();
    }
    (0x80u8..0xA0).find(|&code| u32::from(tables::WIN_ANSI[usize::from(code)]) == u)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str) -> String {
        let mut s = String::new();
        glyph_name_to_text(n.as_bytes(), &mut s);
        s
    }

    #[test]
    fn glyph_names() {
        assert_eq!(name("aring"), "å");
        assert_eq!(name("adieresis"), "ä");
        assert_eq!(name("Odieresis"), "Ö");
        assert_eq!(name("fi"), "\u{FB01}");
        assert_eq!(name("f_f_i"), "fffi".replacen("fff", "ff", 1));
        assert_eq!(name("uni00E5"), "å");
        assert_eq!(name("uni00E500E4"), "åä");
        assert_eq!(name("u00F6"), "ö");
        assert_eq!(name("a.sc"), "a");
        assert_eq!(name("bullet"), "•");
        assert_eq!(name("endash"), "–");
        assert_eq!(name("g123"), "");
    }

    #[test]
    fn tables_and_symbols() {
        let enc = SimpleEncoding::new(BaseEncoding::WinAnsi);
        assert_eq!(enc.lookup(0xE5), CodeText::Char('å'));
        assert_eq!(enc.lookup(0x96), CodeText::Char('–'));
        let mac = SimpleEncoding::new(BaseEncoding::MacRoman);
        assert_eq!(mac.lookup(0x8C), CodeText::Char('å'));
        assert_eq!(symbol_char(SymbolFont::Symbol, 0xB7), Some('•'));
        assert_eq!(symbol_char(SymbolFont::Wingdings, 0xA7), Some('•'));
        assert_eq!(
            symbol_font_kind(b"ABCDEF+Wingdings-Regular"),
            Some(SymbolFont::Wingdings)
        );
        assert_eq!(StdMetrics::for_font(b"Helvetica").width('å'), Some(556.0));
        assert_eq!(StdMetrics::for_font(b"Times-Roman").width('a'), Some(444.0));
    }
}
