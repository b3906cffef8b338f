//! CMap parsing: ToUnicode maps and embedded CID encoding CMaps.
//!
//! In: the decoded bytes of a CMap stream. Out: a [`CMap`] that answers three
//! questions: how many bytes the next character code takes (codespace
//! ranges), which text a code stands for (`bfchar` / `bfrange`), and which CID
//! a code selects (`cidchar` / `cidrange`).
//!
//! Ranges are kept as ranges: Tesseract's GlyphLessFont maps `<0000> <FFFF>`
//! with one `bfrange`, and expanding that per code would cost 65536 entries
//! per font. Single mappings live in a sorted vector searched by bisection,
//! which is compact and immune to hash-flooding by crafted files.

/// One `begincodespacerange` entry: codes of `len` bytes whose every byte
/// lies between the corresponding bytes of `lo` and `hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Codespace {
    pub(crate) len: u8,
    lo: [u8; 4],
    hi: [u8; 4],
}

impl Codespace {
    fn matches(&self, bytes: &[u8]) -> bool {
        let n = usize::from(self.len);
        bytes.len() >= n
            && bytes[..n]
                .iter()
                .zip(self.lo.iter().zip(self.hi.iter()))
                .all(|(b, (lo, hi))| lo <= b && b <= hi)
    }
}

/// The next character code in `bytes` under `codespaces`: `(code, byte length)`.
/// Bytes that match no range are consumed as a code of the shortest length
/// (the spec's recovery rule), so a broken string still advances.
pub(crate) fn next_code(codespaces: &[Codespace], bytes: &[u8]) -> (u32, usize) {
    let mut n = 0;
    for len in 1..=4u8 {
        if codespaces
            .iter()
            .any(|cs| cs.len == len && cs.matches(bytes))
        {
            n = usize::from(len);
            break;
        }
    }
    if n == 0 {
        n = codespaces
            .iter()
            .map(|cs| usize::from(cs.len))
            .min()
            .unwrap_or(1);
    }
    let n = n.clamp(1, bytes.len().max(1)).min(bytes.len());
    (code_value(&bytes[..n]), n)
}

/// Big-endian value of up to four bytes (longer codes keep their last four).
pub(crate) fn code_value(bytes: &[u8]) -> u32 {
    let tail = &bytes[bytes.len().saturating_sub(4)..];
    tail.iter().fold(0u32, |v, &b| (v << 8) | u32::from(b))
}

/// The text one code maps to. Nearly always one character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mapped {
    Char(char),
    Str(Box<str>),
}

impl Mapped {
    fn from_utf16(units: &[u16]) -> Option<Self> {
        let mut chars = char::decode_utf16(units.iter().copied());
        match (chars.next(), chars.next()) {
            (Some(Ok(c)), None) => Some(Mapped::Char(c)),
            (Some(_), Some(_)) => {
                let s: String = char::decode_utf16(units.iter().copied())
                    .filter_map(Result::ok)
                    .collect();
                (!s.is_empty()).then(|| Mapped::Str(s.into_boxed_str()))
            }
            _ => None,
        }
    }

    /// A destination string of a `bfchar`/`bfrange`: UTF-16BE, except that a
    /// single byte (a common producer bug) is read as Latin-1.
    fn from_dst_bytes(bytes: &[u8]) -> Option<Self> {
        match bytes.len() {
            0 => None,
            1 => Some(Mapped::Char(char::from(bytes[0]))),
            _ => Mapped::from_utf16(&utf16_units(bytes)),
        }
    }

    pub(crate) fn push_to(&self, out: &mut String) {
        match self {
            Mapped::Char(c) => out.push(*c),
            Mapped::Str(s) => out.push_str(s),
        }
    }
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|p| match p {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => u16::from(*a),
            _ => 0,
        })
        .collect()
}

#[derive(Debug, Clone)]
enum RangeTarget {
    /// `lo hi <dst>`: code `lo + k` maps to `dst` with its last UTF-16 unit increased by `k`.
    Offset(Box<[u16]>),
    /// `lo hi [<d0> <d1> ...]`: one destination per code.
    Array(Box<[Option<Mapped>]>),
}

#[derive(Debug, Clone)]
struct BfRange {
    lo: u32,
    hi: u32,
    target: RangeTarget,
}

#[derive(Debug, Clone, Copy)]
struct CidRange {
    lo: u32,
    hi: u32,
    cid: u32,
}

/// A parsed CMap. Both ToUnicode maps and CID encodings use this type; each
/// fills the parts it has.
#[derive(Debug, Clone, Default)]
pub(crate) struct CMap {
    pub(crate) codespaces: Vec<Codespace>,
    /// `bfchar` entries sorted by code; a later definition of a code wins.
    chars: Vec<(u32, Mapped)>,
    /// `bfrange` entries sorted by `lo`.
    ranges: Vec<BfRange>,
    /// `cidchar` (as one-code ranges) and `cidrange` entries sorted by `lo`.
    cids: Vec<CidRange>,
    /// The name given to `usecmap`, e.g. `Identity-H`.
    pub(crate) use_cmap: Option<Vec<u8>>,
}

/// Caps that keep a hostile CMap from eating memory or time.
const MAX_ENTRIES: usize = 500_000;
const MAX_ARRAY: usize = 65_536;

impl CMap {
    /// Parse a CMap program. Never fails: what cannot be read is skipped.
    pub(crate) fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lexer = Lexer { data, pos: 0 };
        let mut operands: Vec<Token> = Vec::new();
        let mut entries = 0usize;
        while let Some(tok) = lexer.next_token() {
            let Token::Keyword(kw) = tok else {
                if operands.len() < 3 * MAX_ENTRIES {
                    operands.push(tok);
                }
                continue;
            };
            match kw {
                b"endcodespacerange" => {
                    for pair in operands.chunks_exact(2) {
                        if let [Token::Hex(lo), Token::Hex(hi)] = pair
                            && (1..=4).contains(&lo.len())
                            && lo.len() == hi.len()
                        {
                            let mut cs = Codespace {
                                len: lo.len() as u8,
                                lo: [0; 4],
                                hi: [0; 4],
                            };
                            cs.lo[..lo.len()].copy_from_slice(lo);
                            cs.hi[..hi.len()].copy_from_slice(hi);
                            cmap.codespaces.push(cs);
                        }
                    }
                }
                b"endbfchar" => {
                    for pair in operands.chunks_exact(2) {
                        if entries >= MAX_ENTRIES {
                            break;
                        }
                        let [Token::Hex(src), dst] = pair else {
                            continue;
                        };
                        let mapped = match dst {
                            Token::Hex(d) | Token::Str(d) => Mapped::from_dst_bytes(d),
                            Token::Name(n) => name_mapping(n),
                            _ => None,
                        };
                        if let Some(m) = mapped {
                            cmap.chars.push((code_value(src), m));
                            entries += 1;
                        }
                    }
                }
                b"endbfrange" => {
                    for triple in operands.chunks_exact(3) {
                        if entries >= MAX_ENTRIES {
                            break;
                        }
                        let [Token::Hex(lo), Token::Hex(hi), dst] = triple else {
                            continue;
                        };
                        let (lo, hi) = (code_value(lo), code_value(hi));
                        if hi < lo {
                            continue;
                        }
                        let target = match dst {
                            Token::Hex(d) if !d.is_empty() => {
                                RangeTarget::Offset(utf16_units(d).into_boxed_slice())
                            }
                            Token::Array(items) => {
                                let n = ((hi - lo) as usize + 1).min(items.len()).min(MAX_ARRAY);
                                let v: Vec<Option<Mapped>> = items[..n]
                                    .iter()
                                    .map(|t| match t {
                                        Token::Hex(d) | Token::Str(d) => Mapped::from_dst_bytes(d),
                                        Token::Name(n) => name_mapping(n),
                                        _ => None,
                                    })
                                    .collect();
                                RangeTarget::Array(v.into_boxed_slice())
                            }
                            _ => continue,
                        };
                        cmap.ranges.push(BfRange { lo, hi, target });
                        entries += 1;
                    }
                }
                b"endcidrange" => {
                    for triple in operands.chunks_exact(3) {
                        if let [Token::Hex(lo), Token::Hex(hi), Token::Int(cid)] = triple
                            && entries < MAX_ENTRIES
                        {
                            let (lo, hi) = (code_value(lo), code_value(hi));
                            if hi >= lo {
                                let cid = u32::try_from(*cid).unwrap_or(0);
                                cmap.cids.push(CidRange { lo, hi, cid });
                                entries += 1;
                            }
                        }
                    }
                }
                b"endcidchar" => {
                    for pair in operands.chunks_exact(2) {
                        if let [Token::Hex(src), Token::Int(cid)] = pair
                            && entries < MAX_ENTRIES
                        {
                            let code = code_value(src);
                            let cid = u32::try_from(*cid).unwrap_or(0);
                            cmap.cids.push(CidRange {
                                lo: code,
                                hi: code,
                                cid,
                            });
                            entries += 1;
                        }
                    }
                }
                b"usecmap" => {
                    if let Some(Token::Name(n)) = operands.last() {
                        cmap.use_cmap = Some(n.to_vec());
                    }
                }
                _ => {}
            }
            operands.clear();
        }
        // Stable sorts keep definition order among equal keys, so keeping the
        // last of each run of equal codes implements "later definitions win".
        cmap.chars.sort_by_key(|(c, _)| *c);
        let mut dedup: Vec<(u32, Mapped)> = Vec::with_capacity(cmap.chars.len());
        for (code, m) in cmap.chars.drain(..) {
            match dedup.last_mut() {
                Some(last) if last.0 == code => last.1 = m,
                _ => dedup.push((code, m)),
            }
        }
        cmap.chars = dedup;
        cmap.ranges.sort_by_key(|r| r.lo);
        cmap.cids.sort_by_key(|r| r.lo);
        cmap
    }

    /// Whether the map has any code -> text entries.
    pub(crate) fn has_unicode(&self) -> bool {
        !self.chars.is_empty() || !self.ranges.is_empty()
    }

    /// Append the text for `code` to `out`. Returns false (appending nothing)
    /// when the map has no usable entry: no mapping, or one to U+0000 /
    /// U+FFFD, which producers write for "unknown" and which must not hide
    /// the font's `/Encoding`.
    pub(crate) fn lookup(&self, code: u32, out: &mut String) -> bool {
        let start = out.len();
        if let Ok(i) = self.chars.binary_search_by_key(&code, |(c, _)| *c) {
            self.chars[i].1.push_to(out);
        } else if let Some(r) = self.find_range(code) {
            let k = code - r.lo;
            match &r.target {
                RangeTarget::Offset(units) => {
                    if let Some((&last, head)) = units.split_last() {
                        let last = u32::from(last) + k;
                        if let Ok(last) = u16::try_from(last) {
                            let iter = head.iter().copied().chain(std::iter::once(last));
                            out.extend(char::decode_utf16(iter).filter_map(Result::ok));
                        }
                    }
                }
                RangeTarget::Array(items) => {
                    if let Some(Some(m)) = items.get(k as usize) {
                        m.push_to(out);
                    }
                }
            }
        }
        let added = &out[start..];
        if added.is_empty() || added.chars().all(|c| c == '\0' || c == '\u{FFFD}') {
            out.truncate(start);
            return false;
        }
        true
    }

    fn find_range(&self, code: u32) -> Option<&BfRange> {
        let idx = self.ranges.partition_point(|r| r.lo <= code);
        // Ranges should not overlap, but broken files do it; look back a few.
        self.ranges[..idx]
            .iter()
            .rev()
            .take(8)
            .find(|r| code <= r.hi)
    }

    /// The CID selected by `code`, if the map has CID entries for it.
    pub(crate) fn cid(&self, code: u32) -> Option<u32> {
        let idx = self.cids.partition_point(|r| r.lo <= code);
        self.cids[..idx]
            .iter()
            .rev()
            .take(8)
            .find(|r| code <= r.hi)
            .map(|r| r.cid.saturating_add(code - r.lo))
    }

    pub(crate) fn has_cids(&self) -> bool {
        !self.cids.is_empty()
    }
}

fn name_mapping(name: &[u8]) -> Option<Mapped> {
    let mut s = String::new();
    if super::encoding::glyph_name_to_text(name, &mut s) {
        let mut it = s.chars();
        match (it.next(), it.next()) {
            (Some(c), None) => Some(Mapped::Char(c)),
            _ => Some(Mapped::Str(s.into_boxed_str())),
        }
    } else {
        None
    }
}

#[derive(Debug)]
enum Token<'a> {
    Hex(Vec<u8>),
    Str(Vec<u8>),
    Name(&'a [u8]),
    Int(i64),
    Real,
    Array(Vec<Token<'a>>),
    DictOpen,
    DictClose,
    Keyword(&'a [u8]),
}

struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_space(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        self.next_token_depth(0)
    }

    fn next_token_depth(&mut self, depth: usize) -> Option<Token<'a>> {
        loop {
            self.skip_space();
            let b = self.peek()?;
            match b {
                b'<' => {
                    if self.data.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        return Some(Token::DictOpen);
                    }
                    self.pos += 1;
                    return Some(Token::Hex(self.hex_string()));
                }
                b'>' => {
                    self.pos += 1;
                    if self.peek() == Some(b'>') {
                        self.pos += 1;
                        return Some(Token::DictClose);
                    }
                    continue;
                }
                b'(' => {
                    self.pos += 1;
                    return Some(Token::Str(self.literal_string()));
                }
                b'[' => {
                    self.pos += 1;
                    let mut items = Vec::new();
                    loop {
                        self.skip_space();
                        match self.peek() {
                            None => break,
                            Some(b']') => {
                                self.pos += 1;
                                break;
                            }
                            Some(_) => {
                                if depth > 16 {
                                    // Absurd nesting: skip the byte and go on.
                                    self.pos += 1;
                                    continue;
                                }
                                match self.next_token_depth(depth + 1) {
                                    Some(Token::Keyword(_)) | None => break,
                                    Some(t) => {
                                        if items.len() < MAX_ARRAY {
                                            items.push(t);
                                        }
                                    }
                                }
                            }
                        }
                    }
                    return Some(Token::Array(items));
                }
                b']' | b')' | b'{' | b'}' => {
                    self.pos += 1;
                    continue;
                }
                b'/' => {
                    self.pos += 1;
                    let start = self.pos;
                    while let Some(c) = self.peek() {
                        if is_space(c) || is_delim(c) {
                            break;
                        }
                        self.pos += 1;
                    }
                    return Some(Token::Name(&self.data[start..self.pos]));
                }
                _ => {
                    let start = self.pos;
                    while let Some(c) = self.peek() {
                        if is_space(c) || is_delim(c) {
                            break;
                        }
                        self.pos += 1;
                    }
                    if self.pos == start {
                        self.pos += 1;
                        continue;
                    }
                    let word = &self.data[start..self.pos];
                    if let Some(v) = std::str::from_utf8(word)
                        .ok()
                        .and_then(|s| s.parse::<i64>().ok())
                    {
                        return Some(Token::Int(v));
                    }
                    if word
                        .iter()
                        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+'))
                    {
                        return Some(Token::Real);
                    }
                    return Some(Token::Keyword(word));
                }
            }
        }
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let Some(d) = char::from(b).to_digit(16) else {
                continue;
            };
            let d = d as u8;
            match hi.take() {
                Some(h) => out.push((h << 4) | d),
                None => hi = Some(d),
            }
        }
        if let Some(h) = hi {
            out.push(h << 4);
        }
        out
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xFF) as u8);
                        }
                        b'\r' | b'\n' => {}
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                _ => out.push(b),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(cmap: &CMap, code: u32) -> String {
        let mut s = String::new();
        cmap.lookup(code, &mut s);
        s
    }

    #[test]
    fn bfchar_bfrange_and_codespace() {
        let src = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
            1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar <0003> <0020> <0010> <00E5> endbfchar\n\
            2 beginbfrange <0020> <0022> <00E4> <0030> <0031> [<00F6> <00660069>] endbfrange\n\
            endcmap CMapName currentdict /CMap defineresource pop end end";
        let cmap = CMap::parse(src);
        assert_eq!(cmap.codespaces.len(), 1);
        assert_eq!(text(&cmap, 0x10), "å");
        assert_eq!(text(&cmap, 0x20), "ä");
        assert_eq!(text(&cmap, 0x21), "å");
        assert_eq!(text(&cmap, 0x30), "ö");
        assert_eq!(text(&cmap, 0x31), "fi");
        assert_eq!(text(&cmap, 0x99), "");
        assert_eq!(next_code(&cmap.codespaces, &[0x00, 0x10, 0x00]), (0x10, 2));
    }

    #[test]
    fn identity_range_is_cheap() {
        let cmap = CMap::parse(b"1 beginbfrange <0000> <FFFF> <0000> endbfrange");
        assert_eq!(cmap.ranges.len(), 1);
        assert_eq!(text(&cmap, 0xE5), "å");
        assert_eq!(text(&cmap, 0x41), "A");
        assert_eq!(text(&cmap, 0), "");
    }

    #[test]
    fn garbage_does_not_panic() {
        let _ = CMap::parse(b"<<<<[[[[(((( \\ beginbfrange <00> endbfrange [ <");
        let _ = CMap::parse(&[0xFF; 100]);
        assert_eq!(next_code(&[], &[]), (0, 0));
    }
}
