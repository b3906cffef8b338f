//! Fonts: from a PDF font dictionary to "codes -> text and widths".
//!
//! In: a font object of the document (`/Type1`, `/TrueType`, `/Type3`,
//! `/Type0` with its descendant CID font). Out: a [`Font`] that splits a shown
//! string into character codes, gives each code's advance width and appends
//! its Unicode text to a buffer.
//!
//! Decoding order for a code: the font's ToUnicode CMap; for simple fonts then
//! the `/Encoding` (base encoding + `/Differences`), then Latin-1. A code the
//! ToUnicode map lacks therefore still falls back to the encoding, which is
//! what keeps å/ä/ö in files whose ToUnicode only covers part of the font.
//! Symbol and Wingdings codes (and the private-use U+F0xx values Word writes
//! for them) become '•' for list bullets.
//!
//! Fonts are built once per document and cached by object id in [`FontCache`];
//! for simple fonts the whole 256-code table (text and widths) is computed up
//! front, so showing a glyph is two array lookups.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::cmap::{self, CMap, Codespace, Mapped};
use super::encoding::{
    BaseEncoding, CodeText, SimpleEncoding, StdMetrics, SymbolFont, strip_subset_prefix,
    symbol_char, symbol_font_kind,
};

/// Largest font program / CMap stream we are willing to inflate.
const MAX_STREAM_BYTES: usize = 16 * 1024 * 1024;
/// Cap on `/W` entries of a CID font.
const MAX_WIDTH_ENTRIES: usize = 200_000;
/// Deepest chain of `/Parent`/reference hops we follow when resolving objects.
const MAX_DEREF: usize = 16;

/// A decoded font, ready for showing strings.
#[derive(Debug)]
pub(crate) struct Font {
    /// Tesseract's invisible OCR font (or a look-alike): marks OCR layers.
    pub(crate) glyphless: bool,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// Type1, TrueType, Type3, MMType1: one byte per code.
    Simple {
        /// Text per code, with ToUnicode, encoding and fallbacks already merged.
        text: Box<[Option<Mapped>]>,
        /// Advance per code in text-space units for a font size of 1.
        widths: Box<[f32]>,
    },
    /// Type0 (composite) font.
    Cid(Box<CidFont>),
}

#[derive(Debug)]
struct CidFont {
    /// Empty means the fixed two-byte codes of Identity-H/V.
    codespaces: Vec<Codespace>,
    /// Embedded encoding CMap with `cidrange`s; `None` means CID = code.
    cid_map: Option<Rc<CMap>>,
    to_unicode: Option<Rc<CMap>>,
    /// The encoding is a predefined UCS-2/UTF-16 CMap: codes are Unicode.
    unicode_codes: bool,
    symbol: Option<SymbolFont>,
    default_width: f32,
    /// `(first CID, last CID, width)` sorted by first CID, in 1/1000 em.
    widths: Vec<(u32, u32, f32)>,
}

impl Font {
    /// A stand-in for a font that is missing or unreadable: Latin-1 codes with
    /// Helvetica-like widths, so text still comes out and advances sensibly.
    pub(crate) fn fallback() -> Font {
        let enc = SimpleEncoding::new(BaseEncoding::WinAnsi);
        let mut text = Vec::with_capacity(256);
        let mut widths = Vec::with_capacity(256);
        for code in 0..=255u8 {
            let m = encoding_text(&enc, code, true);
            widths.push(std_width(StdMetrics::Helvetica, m.as_ref()) / 1000.0);
            text.push(m);
        }
        Font {
            glyphless: false,
            kind: Kind::Simple {
                text: text.into_boxed_slice(),
                widths: widths.into_boxed_slice(),
            },
        }
    }

    /// The next code of a shown string: `(code, byte length)`; `len >= 1`
    /// whenever `bytes` is not empty.
    pub(crate) fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        match &self.kind {
            Kind::Simple { .. } => (u32::from(bytes[0]), 1),
            Kind::Cid(cid) => {
                if cid.codespaces.is_empty() {
                    let n = bytes.len().min(2);
                    (cmap::code_value(&bytes[..n]), n)
                } else {
                    cmap::next_code(&cid.codespaces, bytes)
                }
            }
        }
    }

    /// Advance width of `code` in text space for a font size of 1 (i.e. the
    /// glyph-space width already divided by 1000, or scaled by a Type3
    /// font's `/FontMatrix`).
    pub(crate) fn width(&self, code: u32) -> f32 {
        match &self.kind {
            Kind::Simple { widths, .. } => widths.get(code as usize).copied().unwrap_or(0.5),
            Kind::Cid(cid) => {
                let c = match &cid.cid_map {
                    Some(m) => m.cid(code).unwrap_or(code),
                    None => code,
                };
                let idx = cid.widths.partition_point(|(lo, _, _)| *lo <= c);
                let w = idx
                    .checked_sub(1)
                    .and_then(|i| cid.widths.get(i))
                    .filter(|(_, hi, _)| c <= *hi)
                    .map_or(cid.default_width, |(_, _, w)| *w);
                w / 1000.0
            }
        }
    }

    /// Append the text of `code` to `out`; false if the code has no known text.
    pub(crate) fn decode(&self, code: u32, out: &mut String) -> bool {
        match &self.kind {
            Kind::Simple { text, .. } => match text.get(code as usize) {
                Some(Some(m)) => {
                    m.push_to(out);
                    true
                }
                _ => false,
            },
            Kind::Cid(cid) => {
                if let Some(tu) = &cid.to_unicode {
                    let start = out.len();
                    if tu.lookup(code, out) {
                        if fix_private_use(out, start, cid.symbol) {
                            return true;
                        }
                        out.truncate(start);
                    }
                }
                if cid.unicode_codes
                    && let Some(c) = char::from_u32(code)
                {
                    out.push(c);
                    return true;
                }
                false
            }
        }
    }
}

/// Word maps Symbol/Wingdings glyphs to private-use U+F020..U+F0FF in its
/// ToUnicode maps. Replace such a character (just appended at `start`) by the
/// symbol font reading of its low byte. Returns false if nothing usable is
/// left, so the caller can try the next source.
fn fix_private_use(out: &mut String, start: usize, symbol: Option<SymbolFont>) -> bool {
    let mut chars = out[start..].chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return true;
    };
    let u = u32::from(c);
    if !(0xF000..=0xF0FF).contains(&u) {
        return true;
    }
    out.truncate(start);
    match symbol_char(symbol.unwrap_or(SymbolFont::Symbol), (u & 0xFF) as u8) {
        Some(s) => {
            out.push(s);
            true
        }
        None => false,
    }
}

/// What a simple font's encoding (with Latin-1 as the last resort) gives for a code.
fn encoding_text(enc: &SimpleEncoding, code: u8, latin1: bool) -> Option<Mapped> {
    match enc.lookup(code) {
        CodeText::Char(c) => Some(Mapped::Char(c)),
        CodeText::Str(s) => Some(Mapped::Str(s.into())),
        CodeText::None if latin1 && (code >= 0x20 && !(0x7F..0xA0).contains(&code)) => {
            Some(Mapped::Char(char::from(code)))
        }
        CodeText::None => None,
    }
}

fn std_width(metrics: StdMetrics, text: Option<&Mapped>) -> f32 {
    let c = match text {
        Some(Mapped::Char(c)) => Some(*c),
        Some(Mapped::Str(s)) => s.chars().next(),
        None => None,
    };
    c.and_then(|c| {
        metrics.width(c).or_else(|| {
            // Accented letters outside WinAnsi: use the base letter's width.
            let base = unicode_normalization::char::decompose_canonical;
            let mut first = None;
            base(c, |d| {
                first.get_or_insert(d);
            });
            first.and_then(|b| metrics.width(b))
        })
    })
    .unwrap_or(500.0)
}

/// Fonts of one document, each built once. Keyed by the font object's id, or
/// for (rare) direct font dictionaries by the dictionary's address, which is
/// stable because the document is not modified while extracting.
#[derive(Default)]
pub(crate) struct FontCache {
    fonts: HashMap<FontKey, Rc<Font>>,
    cmaps: HashMap<ObjectId, Rc<CMap>>,
    fallback: Option<Rc<Font>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Ref(ObjectId),
    Direct(usize),
}

impl FontCache {
    /// The font for a `/Font` resource entry (a reference or a dictionary).
    pub(crate) fn get(&mut self, doc: &Document, obj: &Object) -> Rc<Font> {
        let (key, dict) = match obj {
            Object::Reference(id) => (FontKey::Ref(*id), resolve_dict(doc, obj)),
            Object::Dictionary(d) => (FontKey::Direct(std::ptr::from_ref(d) as usize), Some(d)),
            _ => return self.fallback(),
        };
        if let Some(f) = self.fonts.get(&key) {
            return Rc::clone(f);
        }
        let font = match dict {
            Some(d) => Rc::new(self.build(doc, d)),
            None => self.fallback(),
        };
        self.fonts.insert(key, Rc::clone(&font));
        font
    }

    pub(crate) fn fallback(&mut self) -> Rc<Font> {
        Rc::clone(
            self.fallback
                .get_or_insert_with(|| Rc::new(Font::fallback())),
        )
    }

    fn build(&mut self, doc: &Document, dict: &Dictionary) -> Font {
        let subtype = name_of(doc, dict.get(b"Subtype").ok()).unwrap_or(b"Type1");
        let base_font = name_of(doc, dict.get(b"BaseFont").ok()).unwrap_or(b"");
        let glyphless = strip_subset_prefix(base_font)
            .windows(13)
            .any(|w| w == b"GlyphLessFont");
        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| self.cmap(doc, o))
            .filter(|m| m.has_unicode());
        let kind = if subtype == b"Type0" {
            Kind::Cid(Box::new(self.build_cid(doc, dict, base_font, to_unicode)))
        } else {
            build_simple(doc, dict, subtype, base_font, to_unicode.as_deref())
        };
        Font { glyphless, kind }
    }

    /// Parse (once per document) the CMap stream an object points to.
    fn cmap(&mut self, doc: &Document, obj: &Object) -> Option<Rc<CMap>> {
        let id = obj.as_reference().ok();
        if let Some(id) = id
            && let Some(m) = self.cmaps.get(&id)
        {
            return Some(Rc::clone(m));
        }
        let stream = resolve(doc, obj)?.as_stream().ok()?;
        let data = stream.get_plain_content_with_limit(MAX_STREAM_BYTES).ok()?;
        let cmap = Rc::new(CMap::parse(&data));
        if let Some(id) = id {
            self.cmaps.insert(id, Rc::clone(&cmap));
        }
        Some(cmap)
    }

    fn build_cid(
        &mut self,
        doc: &Document,
        dict: &Dictionary,
        base_font: &[u8],
        to_unicode: Option<Rc<CMap>>,
    ) -> CidFont {
        let mut font = CidFont {
            codespaces: Vec::new(),
            cid_map: None,
            to_unicode,
            unicode_codes: false,
            symbol: symbol_font_kind(base_font),
            default_width: 1000.0,
            widths: Vec::new(),
        };
        match dict.get(b"Encoding").ok().and_then(|o| resolve(doc, o)) {
            Some(Object::Name(n)) => {
                // Predefined CMaps: Identity-H/V and the UCS2/UTF16 ones are
                // two-byte; the latter have Unicode codes. Other predefined
                // CJK CMaps are not shipped here; two-byte is the best guess.
                font.unicode_codes = contains(n, b"UCS2") || contains(n, b"UTF16");
            }
            Some(Object::Stream(_)) => {
                if let Some(enc) = dict.get(b"Encoding").ok().and_then(|o| self.cmap(doc, o)) {
                    font.codespaces = enc.codespaces.clone();
                    if enc.has_cids() {
                        font.cid_map = Some(enc);
                    }
                }
            }
            _ => {}
        }
        let descendant = dict
            .get(b"DescendantFonts")
            .ok()
            .and_then(|o| resolve(doc, o))
            .and_then(|o| match o {
                Object::Array(a) => a.first().and_then(|f| resolve_dict(doc, f)),
                Object::Dictionary(d) => Some(d),
                _ => None,
            });
        if let Some(desc) = descendant {
            if let Some(dw) = desc.get(b"DW").ok().and_then(|o| number(doc, o))
                && dw.is_finite()
                && dw >= 0.0
            {
                font.default_width = dw;
            }
            if let Some(Object::Array(w)) = desc.get(b"W").ok().and_then(|o| resolve(doc, o)) {
                font.widths = parse_cid_widths(doc, w);
            }
        }
        font
    }
}

fn build_simple(
    doc: &Document,
    dict: &Dictionary,
    subtype: &[u8],
    base_font: &[u8],
    to_unicode: Option<&CMap>,
) -> Kind {
    let descriptor = dict
        .get(b"FontDescriptor")
        .ok()
        .and_then(|o| resolve_dict(doc, o));
    let symbol = symbol_font_kind(base_font);
    let enc_obj = dict.get(b"Encoding").ok().and_then(|o| resolve(doc, o));

    // The encoding: named base (or the font's own default) plus Differences.
    let default_base = if symbol == Some(SymbolFont::Symbol) {
        BaseEncoding::Symbol
    } else if subtype == b"TrueType" {
        // Spec says Standard, but Windows producers mean WinAnsi.
        BaseEncoding::WinAnsi
    } else {
        BaseEncoding::Standard
    };
    let mut has_differences = [false; 256];
    let mut enc = SimpleEncoding::new(default_base);
    match enc_obj {
        Some(Object::Name(n)) => {
            if let Some(b) = BaseEncoding::from_name(n) {
                enc = SimpleEncoding::new(b);
            }
        }
        Some(Object::Dictionary(d)) => {
            if let Some(b) =
                name_of(doc, d.get(b"BaseEncoding").ok()).and_then(BaseEncoding::from_name)
            {
                enc = SimpleEncoding::new(b);
            } else if subtype == b"Type1"
                && let Some(builtin) = descriptor.and_then(|d| type1_builtin_encoding(doc, d))
            {
                apply_names(&mut enc, &builtin);
            }
            if let Some(Object::Array(diffs)) =
                d.get(b"Differences").ok().and_then(|o| resolve(doc, o))
            {
                let mut code: i64 = 0;
                for item in diffs {
                    match resolve(doc, item) {
                        Some(Object::Integer(i)) => code = *i,
                        Some(Object::Name(n)) => {
                            if let Ok(c) = u8::try_from(code) {
                                enc.set_name(c, n);
                                has_differences[usize::from(c)] = true;
                            }
                            code += 1;
                        }
                        _ => {}
                    }
                }
            }
        }
        _ => {
            if subtype == b"Type1"
                && let Some(builtin) = descriptor.and_then(|d| type1_builtin_encoding(doc, d))
            {
                apply_names(&mut enc, &builtin);
            }
        }
    }

    let mut text: Vec<Option<Mapped>> = Vec::with_capacity(256);
    let mut scratch = String::new();
    for code in 0..=255u8 {
        let mut m = None;
        if let Some(tu) = to_unicode {
            scratch.clear();
            if tu.lookup(u32::from(code), &mut scratch) && fix_private_use(&mut scratch, 0, symbol)
            {
                m = mapped_from(&scratch);
            }
        }
        if m.is_none()
            && let Some(kind) = symbol
            && !has_differences[usize::from(code)]
        {
            // Symbol fonts: codes are pictures. Wingdings 'l' is a bullet.
            m = symbol_char(kind, code).map(Mapped::Char);
            text.push(m);
            continue;
        }
        if m.is_none() {
            m = encoding_text(&enc, code, true);
        }
        text.push(m);
    }

    // Widths: /Widths from /FirstChar; codes outside use /MissingWidth, or
    // the standard font metrics for fonts without /Widths (the standard 14).
    let metrics = StdMetrics::for_font(base_font);
    let mut scale = 0.001f32;
    if subtype == b"Type3"
        && let Some(Object::Array(fm)) = dict.get(b"FontMatrix").ok().and_then(|o| resolve(doc, o))
        && let Some(a) = fm.first().and_then(|o| number(doc, o))
        && a.is_finite()
        && a != 0.0
    {
        scale = a.abs();
    }
    let missing = descriptor
        .and_then(|d| d.get(b"MissingWidth").ok())
        .and_then(|o| number(doc, o))
        .filter(|w| w.is_finite() && *w > 0.0);
    let first_char = dict
        .get(b"FirstChar")
        .ok()
        .and_then(|o| number(doc, o))
        .filter(|f| f.is_finite())
        .map_or(0i64, |f| (f as i64).clamp(0, 0xFFFF));
    let widths_arr = match dict.get(b"Widths").ok().and_then(|o| resolve(doc, o)) {
        Some(Object::Array(a)) => Some(a),
        _ => None,
    };
    let mut widths = Vec::with_capacity(256);
    for code in 0..=255u8 {
        let from_array = widths_arr.and_then(|arr| {
            let idx = i64::from(code) - first_char;
            usize::try_from(idx)
                .ok()
                .and_then(|i| arr.get(i))
                .and_then(|o| number(doc, o))
                .filter(|w| w.is_finite())
        });
        let w = match (from_array, widths_arr.is_some(), missing) {
            (Some(w), _, _) => w.abs(),
            (None, true, Some(mw)) => mw,
            _ if subtype == b"Type3" => 0.0,
            _ => std_width(metrics, text[usize::from(code)].as_ref()),
        };
        widths.push(w * scale);
    }
    Kind::Simple {
        text: text.into_boxed_slice(),
        widths: widths.into_boxed_slice(),
    }
}

fn apply_names(enc: &mut SimpleEncoding, names: &[(u8, Vec<u8>)]) {
    for (code, name) in names {
        enc.set_name(*code, name);
    }
}

fn mapped_from(s: &str) -> Option<Mapped> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (None, _) => None,
        (Some(c), None) => Some(Mapped::Char(c)),
        _ => Some(Mapped::Str(s.into())),
    }
}

/// The encoding built into an embedded Type1 font program (`/FontFile`): the
/// clear-text part contains `dup <code> /<name> put` lines before `eexec`.
/// TeX and Ghostscript subsets rely on it instead of an `/Encoding` entry.
fn type1_builtin_encoding(doc: &Document, descriptor: &Dictionary) -> Option<Vec<(u8, Vec<u8>)>> {
    let stream = descriptor
        .get(b"FontFile")
        .ok()
        .and_then(|o| resolve(doc, o))?
        .as_stream()
        .ok()?;
    let data = stream.get_plain_content_with_limit(MAX_STREAM_BYTES).ok()?;
    let clear_end = find(&data, b"eexec").unwrap_or(data.len());
    let clear = &data[..clear_end];
    let enc_pos = find(clear, b"/Encoding")?;
    let rest = &clear[enc_pos..];
    if rest.len() > 10 && find(&rest[..rest.len().min(40)], b"StandardEncoding").is_some() {
        return None;
    }
    let mut out = Vec::new();
    let words: Vec<&[u8]> = rest
        .split(|b| b" \t\r\n".contains(b))
        .filter(|w| !w.is_empty())
        .collect();
    for w in words.windows(4) {
        if w[0] == b"dup"
            && w[3].starts_with(b"put")
            && let Some(name) = w[2].strip_prefix(b"/")
            && let Some(code) = std::str::from_utf8(w[1])
                .ok()
                .and_then(|s| s.parse::<u8>().ok())
        {
            out.push((code, name.to_vec()));
        }
        if w[0] == b"readonly" || w[0] == b"def" && !out.is_empty() {
            break;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `/W [c [w1 w2 ...] c_first c_last w ...]` -> sorted `(lo, hi, width)` list.
fn parse_cid_widths(doc: &Document, w: &[Object]) -> Vec<(u32, u32, f32)> {
    let mut out: Vec<(u32, u32, f32)> = Vec::new();
    let mut i = 0;
    while i < w.len() && out.len() < MAX_WIDTH_ENTRIES {
        let Some(first) = number(doc, &w[i]).filter(|f| f.is_finite() && *f >= 0.0) else {
            i += 1;
            continue;
        };
        let first = first as u32;
        match w.get(i + 1).and_then(|o| resolve(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, item) in list.iter().enumerate().take(MAX_WIDTH_ENTRIES) {
                    if let Some(width) = number(doc, item).filter(|x| x.is_finite()) {
                        let cid = first.saturating_add(k as u32);
                        out.push((cid, cid, width.abs()));
                    }
                }
                i += 2;
            }
            Some(_) => {
                let last = number(doc, &w[i + 1]).filter(|f| f.is_finite() && *f >= 0.0);
                let width = w
                    .get(i + 2)
                    .and_then(|o| number(doc, o))
                    .filter(|x| x.is_finite());
                if let (Some(last), Some(width)) = (last, width) {
                    let last = last as u32;
                    if last >= first {
                        out.push((first, last, width.abs()));
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
    out.sort_by_key(|e| e.0);
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle).is_some()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Follow references (a bounded number of hops).
pub(crate) fn resolve<'a>(doc: &'a Document, mut obj: &'a Object) -> Option<&'a Object> {
    for _ in 0..MAX_DEREF {
        match obj {
            Object::Reference(id) => obj = doc.get_object(*id).ok()?,
            other => return Some(other),
        }
    }
    None
}

pub(crate) fn resolve_dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, obj)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub(crate) fn name_of<'a>(doc: &'a Document, obj: Option<&'a Object>) -> Option<&'a [u8]> {
    match resolve(doc, obj?)? {
        Object::Name(n) => Some(n.as_slice()),
        _ => None,
    }
}

pub(crate) fn number(doc: &Document, obj: &Object) -> Option<f32> {
    match resolve(doc, obj)? {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type1_builtin_encoding_is_read() {
        let mut doc = Document::with_version("1.5");
        let prog = b"%!PS-AdobeFont-1.0: CMR10\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n\
            dup 65 /Aring put\ndup 66 /adieresis put\nreadonly def\ncurrentfile eexec\n\x80\x81garbage";
        let ff = doc.add_object(lopdf::Stream::new(Dictionary::new(), prog.to_vec()));
        let mut desc = Dictionary::new();
        desc.set("FontFile", ff);
        let enc = type1_builtin_encoding(&doc, &desc);
        assert_eq!(
            enc,
            Some(vec![(65, b"Aring".to_vec()), (66, b"adieresis".to_vec())])
        );
    }

    #[test]
    fn fallback_font_is_latin1() {
        let f = Font::fallback();
        let mut s = String::new();
        assert!(f.decode(0xE5, &mut s));
        assert!(f.decode(b'A'.into(), &mut s));
        assert_eq!(s, "åA");
        assert!((f.width(u32::from(b'A')) - 0.667).abs() < 1e-6);
    }
}
