//! Word-processor documents: Word (.docx) and OpenDocument text (.odt) read
//! into the text a plan's own .txt would have, and every other Office file
//! refused with a reason that says what to do.
//!
//! In: the bytes of a zip (OOXML or ODF package) or an OLE2 compound file.
//! Out: pages of text for [`super::Ingested`], or an [`IngestError`].
//!
//! What the text looks like, so the segmenter reads it like a text plan:
//! paragraphs are lines with a blank line between them; list items are
//! `- item` (bullets) or `1. item` (numbers), nested levels indented by two
//! spaces, with no blank line between items; a table is one line per row,
//! cells joined by TAB, merged cells written once with empty cells after them
//! so the columns stay aligned; headings are single lines. Pages break where
//! the document says (explicit breaks, breaks Word recorded when it last laid
//! the document out, sections starting on a new page). Headers, footers,
//! footnotes and comments are not read.
//!
//! Bounded: at most `Limits::max_bytes` are decompressed from a package, XML
//! nesting is capped, and merged or repeated cells are capped, so a zip bomb
//! costs an error message, not the machine.

pub mod docx;
pub mod odt;
mod xml;

use super::IngestError;
use std::io::Read;

/// Most columns one merged or repeated cell may stand for.
const MAX_SPAN: usize = 64;

/// Whether `bytes` start like a zip archive (local file header, or an empty archive).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Whether `bytes` start like an OLE2 compound file (old .doc/.xls/.ppt, or an
/// encrypted OOXML file).
pub fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// Why an OLE2 file is not read. The directory of a compound file holds its
/// stream names in UTF-16LE; the names tell what it is, and when none is
/// found (a damaged file) the extension `ext` is the hint.
pub fn ole_reason(bytes: &[u8], ext: &str) -> IngestError {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let names = [
        ("EncryptionInfo", 0),
        ("EncryptedPackage", 0),
        ("WordDocument", 1),
        ("Workbook", 2),
        ("Book", 2),
        ("PowerPoint Document", 3),
        ("__substg1.0_", 4),
        ("VisioDocument", 5),
    ];
    let patterns: Vec<Vec<u8>> = names.iter().map(|(n, _)| utf16(n)).collect();
    let Ok(ac) = aho_corasick::AhoCorasick::new(&patterns) else {
        return IngestError::OldOffice;
    };
    let mut found = [false; 6];
    for m in ac.find_iter(bytes) {
        found[names[m.pattern().as_usize()].1] = true;
    }
    if found[0] {
        IngestError::EncryptedWord
    } else if found[1] {
        IngestError::OldWord
    } else if found[2] {
        IngestError::Unsupported("Excel-arbetsbok i gammalt format, .xls".into())
    } else if found[3] {
        IngestError::Unsupported("PowerPoint-presentation i gammalt format, .ppt".into())
    } else if found[4] {
        IngestError::Unsupported("e-postmeddelande från Outlook, .msg".into())
    } else if found[5] {
        IngestError::Unsupported("Visio-ritning".into())
    } else {
        match ext {
            "doc" | "dot" => IngestError::OldWord,
            // An OOXML file inside OLE2 is an encrypted one.
            "docx" | "docm" | "dotx" => IngestError::EncryptedWord,
            _ => IngestError::OldOffice,
        }
    }
}

/// What a zip archive holds, decided from its parts.
enum Package {
    Docx(String),
    Odt,
}

/// Read a zip archive: a Word or OpenDocument text is read, anything else
/// refused. `ext` (the file's extension) names the kind of a broken file.
pub fn read_zip(
    bytes: &[u8],
    max_bytes: u64,
    ext: &str,
) -> Result<(super::Format, Vec<String>), IngestError> {
    let kind = if ext.starts_with("od") || ext.starts_with("ot") {
        "OpenDocument"
    } else {
        "Word"
    };
    let mut zip = Zip::open(bytes, max_bytes, kind)?;
    match classify(&mut zip)? {
        Package::Docx(main) => {
            zip.kind = "Word";
            Ok((super::Format::Docx, docx::read(&mut zip, &main)?))
        }
        Package::Odt => {
            zip.kind = "OpenDocument";
            Ok((super::Format::Odt, odt::read(&mut zip)?))
        }
    }
}

fn classify(zip: &mut Zip<'_>) -> Result<Package, IngestError> {
    if let Some(mime) = zip.read("mimetype")? {
        let mime = String::from_utf8_lossy(&mime).trim().to_owned();
        return match mime.as_str() {
            "application/vnd.oasis.opendocument.text"
            | "application/vnd.oasis.opendocument.text-template"
            | "application/vnd.oasis.opendocument.text-master" => Ok(Package::Odt),
            m if m.contains("opendocument.spreadsheet") => Err(IngestError::Unsupported(
                "OpenDocument-kalkylblad, .ods".into(),
            )),
            m if m.contains("opendocument.presentation") => Err(IngestError::Unsupported(
                "OpenDocument-presentation, .odp".into(),
            )),
            "application/epub+zip" => Err(IngestError::Unsupported("e-bok, .epub".into())),
            m => Err(IngestError::Unsupported(format!("OpenDocument-fil ({m})"))),
        };
    }
    let Some(types) = zip.read("[Content_Types].xml")? else {
        return Err(IngestError::Unsupported(
            "zip-arkiv; packa upp det och analysera filerna i det".into(),
        ));
    };
    let types =
        xml::parse(&types).map_err(|e| IngestError::BrokenDocument(zip.kind, e.to_string()))?;
    // Part name → content type, for the parts the package declares.
    let parts: Vec<(String, String)> = types
        .elements()
        .filter(|e| e.name == "Override")
        .filter_map(|e| {
            Some((
                e.attr(xml::Ns::None, "PartName")?
                    .trim_start_matches('/')
                    .to_owned(),
                e.attr(xml::Ns::None, "ContentType")?.to_owned(),
            ))
        })
        .collect();
    let any = |needle: &str| parts.iter().any(|(_, t)| t.contains(needle));
    if any("ms-word.document.macroEnabled")
        || any("ms-word.template.macroEnabled")
        || zip.has("word/vbaProject.bin")
    {
        return Err(IngestError::Macros);
    }
    if let Some((main, _)) = parts.iter().find(|(_, t)| {
        t.contains("wordprocessingml.document.main+xml")
            || t.contains("wordprocessingml.template.main+xml")
    }) {
        return Ok(Package::Docx(main.clone()));
    }
    if zip.has("word/document.xml") {
        return Ok(Package::Docx("word/document.xml".into()));
    }
    Err(IngestError::Unsupported(
        if any("spreadsheetml") || any("ms-excel") {
            "Excel-arbetsbok, .xlsx".into()
        } else if any("presentationml") || any("ms-powerpoint") {
            "PowerPoint-presentation, .pptx".into()
        } else if any("visio") {
            "Visio-ritning, .vsdx".into()
        } else {
            "Office-paket som inte är ett Word-dokument".into()
        },
    ))
}

/// A zip archive, read part by part within a decompressed-size budget.
pub struct Zip<'a> {
    archive: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    /// Bytes that may still be decompressed.
    budget: u64,
    limit: u64,
    /// What the package is, for its error messages ("Word", "OpenDocument").
    kind: &'static str,
}

impl<'a> Zip<'a> {
    fn open(bytes: &'a [u8], max_bytes: u64, kind: &'static str) -> Result<Self, IngestError> {
        let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
            IngestError::BrokenDocument(
                kind,
                format!("zip-arkivet går inte att öppna, filen kan vara avkortad: {e}"),
            )
        })?;
        Ok(Zip {
            archive,
            budget: max_bytes,
            limit: max_bytes,
            kind,
        })
    }

    /// The archive's own name of part `name` (part names are case-insensitive).
    fn index(&self, name: &str) -> Option<usize> {
        let name = name.trim_start_matches('/');
        self.archive.index_for_name(name).or_else(|| {
            (0..self.archive.len()).find(|&i| {
                self.archive
                    .name_for_index(i)
                    .and_then(Result::ok)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.index(name).is_some()
    }

    /// The bytes of part `name`, or None when the archive has no such part.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, IngestError> {
        let Some(i) = self.index(name) else {
            return Ok(None);
        };
        let too_large = |limit: u64| IngestError::TooLargeUnpacked(limit >> 20);
        let mut file = match self.archive.by_index(i) {
            Ok(f) => f,
            Err(zip::result::ZipError::UnsupportedArchive(m))
                if m == zip::result::ZipError::PASSWORD_REQUIRED =>
            {
                return Err(IngestError::EncryptedWord);
            }
            Err(e) => {
                return Err(IngestError::BrokenDocument(
                    self.kind,
                    format!("delen {name} går inte att läsa: {e}"),
                ));
            }
        };
        if file.size() > self.budget {
            return Err(too_large(self.limit));
        }
        let mut out = Vec::new();
        (&mut file)
            .take(self.budget + 1)
            .read_to_end(&mut out)
            .map_err(|e| {
                IngestError::BrokenDocument(self.kind, format!("delen {name} är trasig: {e}"))
            })?;
        if out.len() as u64 > self.budget {
            return Err(too_large(self.limit));
        }
        self.budget -= out.len() as u64;
        Ok(Some(out))
    }

    /// Read and parse part `name` as XML.
    fn xml(&mut self, name: &str) -> Result<Option<xml::Element>, IngestError> {
        match self.read(name)? {
            None => Ok(None),
            Some(b) => xml::parse(&b)
                .map(Some)
                .map_err(|e| IngestError::BrokenDocument(self.kind, format!("{name}: {e}"))),
        }
    }
}

/// What a block of text is, for the blank lines between blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Paragraph,
    ListItem,
    /// A table row, with the number of its table.
    Row(usize),
}

/// A paragraph, list item or table row as read, before it is written out.
#[derive(Debug, Default)]
struct Inline {
    text: String,
    /// Byte offsets in `text` where a new page begins.
    breaks: Vec<usize>,
}

impl Inline {
    /// Text as written; a non-breaking hyphen character (what LibreOffice
    /// makes of Word's `w:noBreakHyphen`) is a hyphen.
    fn push(&mut self, s: &str) {
        if s.contains('\u{2011}') {
            self.text.push_str(&s.replace('\u{2011}', "-"));
        } else {
            self.text.push_str(s);
        }
    }

    fn push_char(&mut self, c: char) {
        self.text.push(c);
    }

    fn page_break(&mut self) {
        self.breaks.push(self.text.len());
    }
}

/// Builds the pages of text, block by block.
#[derive(Debug, Default)]
struct Writer {
    pages: Vec<String>,
    cur: String,
    /// The kind of the last block written, if any.
    last: Option<BlockKind>,
    /// A page break waits for the next text.
    pending: bool,
}

impl Writer {
    /// A new page starts before the next text. Breaks with no text between
    /// them (Word records an explicit break and, after it, where it laid the
    /// page out) make one page, and nothing before the first text is a page.
    fn page_break(&mut self) {
        if self.last.is_some() {
            self.pending = true;
        }
    }

    fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.cur));
        self.pending = false;
    }

    /// Write one block: `prefix` (a list label, indentation) before its text.
    fn block(&mut self, kind: BlockKind, prefix: &str, inline: Inline) {
        let Inline { text, breaks } = inline;
        // A row's leading and trailing tabs are its empty cells.
        let (lead, body) = if matches!(kind, BlockKind::Row(_)) {
            (0, text.trim_end_matches(['\n', '\r', ' ']))
        } else {
            let t = text.trim_end();
            let lead = t.len() - t.trim_start().len();
            (lead, &t[lead..])
        };
        if body.trim().is_empty() {
            if !breaks.is_empty() {
                self.page_break();
            }
            return;
        }
        let mut inner = Vec::new();
        let mut break_after = false;
        for b in breaks {
            let at = b.saturating_sub(lead);
            if at == 0 {
                self.page_break();
            } else if at < body.len() {
                inner.push(at);
            } else {
                break_after = true;
            }
        }
        let newlines = match self.last {
            None => 0,
            Some(last) if last == kind && kind != BlockKind::Paragraph => 1,
            Some(_) => 2,
        };
        if self.pending && newlines > 0 {
            for _ in 1..newlines {
                self.cur.push('\n');
            }
            self.new_page();
        } else {
            for _ in 0..newlines {
                self.cur.push('\n');
            }
            self.pending = false;
        }
        self.cur.push_str(prefix);
        let mut from = 0;
        for at in inner {
            if at > from && body.is_char_boundary(at) {
                self.cur.push_str(&body[from..at]);
                self.new_page();
                from = at;
            }
        }
        self.cur.push_str(&body[from..]);
        self.last = Some(kind);
        if break_after {
            self.page_break();
        }
    }

    fn finish(mut self) -> Vec<String> {
        if !self.cur.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        self.pages
    }
}

/// Word's and OpenDocument's number formats, as a label's digits.
fn format_number(n: i64, format: &str) -> String {
    match format {
        "lowerLetter" | "a" => letters(n, b'a'),
        "upperLetter" | "A" => letters(n, b'A'),
        "lowerRoman" | "i" => roman(n).to_lowercase(),
        "upperRoman" | "I" => roman(n),
        "decimalZero" if (0..10).contains(&n) => format!("0{n}"),
        _ => n.to_string(),
    }
}

/// 1 → a, 26 → z, 27 → aa (Word repeats the letter).
fn letters(n: i64, base: u8) -> String {
    if n < 1 {
        return n.to_string();
    }
    let n = n - 1;
    let c = (base + (n % 26) as u8) as char;
    std::iter::repeat_n(c, (n / 26) as usize % 50 + 1).collect()
}

fn roman(n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    let mut n = n;
    let mut s = String::new();
    for (v, r) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// The separator before a list item's text at `level` (0 = outermost).
fn list_prefix(level: usize, label: &str) -> String {
    let mut p = "  ".repeat(level.min(8));
    p.push_str(label);
    p.push(' ');
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(s: &str) -> Inline {
        Inline {
            text: s.into(),
            breaks: Vec::new(),
        }
    }

    #[test]
    fn blocks_are_separated_like_a_text_plan() {
        let mut w = Writer::default();
        w.block(BlockKind::Paragraph, "", inline("Rubrik"));
        w.block(BlockKind::ListItem, "- ", inline("ett"));
        w.block(BlockKind::ListItem, "  - ", inline("två"));
        w.block(BlockKind::Paragraph, "", inline("  Text. "));
        w.block(BlockKind::Row(1), "", inline("a\tb"));
        w.block(BlockKind::Row(1), "", inline("c\td"));
        w.block(BlockKind::Row(2), "", inline("e\tf"));
        assert_eq!(
            w.finish(),
            ["Rubrik\n\n- ett\n  - två\n\nText.\n\na\tb\nc\td\n\ne\tf"]
        );
    }

    #[test]
    fn page_breaks_collapse_and_split_where_they_fall() {
        let mut w = Writer::default();
        w.page_break();
        w.block(BlockKind::Paragraph, "", inline("ett"));
        w.page_break();
        w.page_break();
        w.block(BlockKind::Paragraph, "", inline(""));
        let mut two = inline("två tre");
        two.breaks = vec![0, "två ".len()];
        w.block(BlockKind::Paragraph, "", two);
        w.block(BlockKind::ListItem, "- ", inline("fyra"));
        assert_eq!(w.finish(), ["ett\n", "två ", "tre\n\n- fyra"]);
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_number(3, "lowerLetter"), "c");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
        assert_eq!(format_number(7, "decimalZero"), "07");
        assert_eq!(format_number(12, "decimal"), "12");
    }

    /// A zip of `(name, bytes)` parts.
    pub(crate) fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in parts {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("start");
            w.write_all(bytes).expect("write");
        }
        w.finish().expect("finish").into_inner()
    }

    const TYPES: &str = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    const DOC: &str = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Förvaltningen ska stödja.</w:t></w:r></w:p></w:body></w:document>"#;

    #[test]
    fn packages_are_told_apart_by_their_parts() {
        let max = 1 << 20;
        let docx = zip_of(&[
            ("[Content_Types].xml", TYPES.as_bytes()),
            ("word/document.xml", DOC.as_bytes()),
        ]);
        let (format, pages) = read_zip(&docx, max, "docx").expect("docx reads");
        assert_eq!(format, super::super::Format::Docx);
        assert_eq!(pages, ["Förvaltningen ska stödja."]);
        let docm = zip_of(&[
            (
                "[Content_Types].xml",
                TYPES
                    .replace(
                        "wordprocessingml.document.main",
                        "ms-word.document.macroEnabled.main",
                    )
                    .as_bytes(),
            ),
            ("word/document.xml", DOC.as_bytes()),
            ("word/vbaProject.bin", b"\0"),
        ]);
        assert!(matches!(
            read_zip(&docm, max, "docm").err(),
            Some(IngestError::Macros)
        ));
        let xlsx = zip_of(&[(
            "[Content_Types].xml",
            TYPES
                .replace("/word/document.xml", "/xl/workbook.xml")
                .replace("wordprocessingml.document.main", "spreadsheetml.sheet.main")
                .as_bytes(),
        )]);
        assert!(
            matches!(read_zip(&xlsx, max, "xlsx"), Err(IngestError::Unsupported(m)) if m.contains(".xlsx"))
        );
        let plain = zip_of(&[("plan.pdf", b"%PDF-1.4")]);
        assert!(
            matches!(read_zip(&plain, max, "zip"), Err(IngestError::Unsupported(m)) if m.contains("zip"))
        );
        let ods = zip_of(&[(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        )]);
        assert!(
            matches!(read_zip(&ods, max, "ods"), Err(IngestError::Unsupported(m)) if m.contains(".ods"))
        );
        assert!(matches!(
            read_zip(&docx[..docx.len() / 2], max, "docx"),
            Err(IngestError::BrokenDocument("Word", _))
        ));
    }

    #[test]
    fn a_zip_bomb_costs_an_error_not_the_machine() {
        let huge = format!(
            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{}</w:body></w:document>",
            "<w:p/>".repeat(400_000)
        );
        let bomb = zip_of(&[
            ("[Content_Types].xml", TYPES.as_bytes()),
            ("word/document.xml", huge.as_bytes()),
        ]);
        assert!(bomb.len() < huge.len() / 50, "it compresses");
        assert!(matches!(
            read_zip(&bomb, 1 << 20, "docx").err(),
            Some(IngestError::TooLargeUnpacked(1))
        ));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Random WordprocessingML (well-formed, any element in any other,
        /// odd attribute values) never panics and never runs away.
        #[test]
        fn random_word_xml_never_panics(body in word_xml()) {
            let doc = format!("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>{body}</w:body></w:document>");
            let zip = zip_of(&[("[Content_Types].xml", TYPES.as_bytes()), ("word/document.xml", doc.as_bytes())]);
            let (_, pages) = read_zip(&zip, 1 << 22, "docx").map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            proptest::prop_assert!(pages.iter().map(String::len).sum::<usize>() < 1 << 22);
        }

        /// Random bytes after a zip signature never panic.
        #[test]
        fn random_bytes_never_panic(tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let mut b = b"PK\x03\x04".to_vec();
            b.extend(tail);
            let _ = read_zip(&b, 1 << 20, "");
        }
    }

    /// Leaves and containers of WordprocessingML, nested at random.
    fn word_xml() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = proptest::sample::select(vec![
            "<w:t>ord</w:t>",
            "<w:t xml:space=\"preserve\"> å &amp; </w:t>",
            "<w:tab/>",
            "<w:br/>",
            "<w:br w:type=\"page\"/>",
            "<w:lastRenderedPageBreak/>",
            "<w:softHyphen/>",
            "<w:noBreakHyphen/>",
            "<w:tcPr><w:gridSpan w:val=\"99999999\"/></w:tcPr>",
            "<w:tcPr><w:vMerge/></w:tcPr>",
            "<w:trPr><w:gridBefore w:val=\"4000000000\"/><w:del/></w:trPr>",
            "<w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>",
            "<w:pPr><w:numPr><w:ilvl w:val=\"300\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>",
            "<w:pPr><w:rPr><w:del/></w:rPr></w:pPr>",
            "<w:pPr><w:sectPr/></w:pPr>",
            "<w:pPr><w:pageBreakBefore/><w:outlineLvl w:val=\"x\"/></w:pPr>",
            "<w:fldChar w:fldCharType=\"begin\"/>",
            "<w:fldChar w:fldCharType=\"separate\"/>",
            "<w:fldChar w:fldCharType=\"end\"/>",
            "<w:instrText>PAGE</w:instrText>",
            "<w:delText>bort</w:delText>",
            "<w:sym w:char=\"ZZZZ\"/>",
            "<w:sym w:char=\"110000\"/>",
            "<w:rPr><w:vanish/></w:rPr>",
            "text &#229; &bogus;",
        ])
        .prop_map(str::to_owned);
        leaf.prop_recursive(6, 200, 6, |inner| {
            (
                proptest::sample::select(vec![
                    "w:p",
                    "w:r",
                    "w:tbl",
                    "w:tr",
                    "w:tc",
                    "w:ins",
                    "w:del",
                    "w:moveFrom",
                    "w:txbxContent",
                    "w:sdt",
                    "w:sdtContent",
                    "w:hyperlink",
                    "w:fldSimple",
                    "w:drawing",
                    "w:pict",
                    "mc:AlternateContent",
                    "mc:Choice",
                    "mc:Fallback",
                    "w:customXml",
                    "w:smartTag",
                ]),
                proptest::collection::vec(inner, 0..6),
            )
                .prop_map(|(tag, children)| format!("<{tag}>{}</{tag}>", children.concat()))
        })
    }

    #[test]
    fn ole_files_are_told_apart_by_their_stream_names() {
        let ole = |name: &str| -> Vec<u8> {
            let mut b = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
            b.extend(std::iter::repeat_n(0u8, 500));
            b.extend(name.encode_utf16().flat_map(u16::to_le_bytes));
            b
        };
        assert!(matches!(
            ole_reason(&ole("WordDocument"), ""),
            IngestError::OldWord
        ));
        assert!(matches!(
            ole_reason(&ole("EncryptionInfo"), "doc"),
            IngestError::EncryptedWord
        ));
        assert!(matches!(
            ole_reason(&ole("Workbook"), "doc"),
            IngestError::Unsupported(_)
        ));
        assert!(matches!(
            ole_reason(&ole("Root Entry"), ""),
            IngestError::OldOffice
        ));
        assert!(matches!(
            ole_reason(&ole("Root Entry"), "doc"),
            IngestError::OldWord
        ));
        assert!(matches!(
            ole_reason(&ole("Root Entry"), "docx"),
            IngestError::EncryptedWord
        ));
    }
}
