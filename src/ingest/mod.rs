//! Ingest: a submitted file in, its pages of text out.
//!
//! In: a path (PDF, Word .docx, OpenDocument .odt or text file). Out: an
//! [`Ingested`] document whose `source` is the text of every page joined by
//! form feeds, with each page's kind and offset, or an [`IngestError`] saying,
//! for a person, why it could not be read and what to do. Format is decided by
//! content (magic bytes); the file name is a hint: a text file is read as a
//! plan only when it is named like one (`.txt`, `.text`, `.md`, or no
//! extension), so a folder's spreadsheets and web pages are refused by name.

pub mod ocr;
mod office;
pub mod pdf;
mod text;
pub use text::DecodeError;

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What kind of text a page has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// Text as its author wrote it: a text file (one page), or a page of a
    /// word-processor document.
    Text,
    /// Text drawn by the program that made the PDF.
    BornDigital,
    /// An invisible OCR layer over a scanned image.
    OcrLayer,
    /// Read by plancov's own Swedish OCR (tesseract -l swe).
    SwedishOcr,
    /// A scanned image with no text.
    ImageOnly,
    /// Nothing on the page.
    Empty,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Page {
    pub number: u32,
    pub kind: PageKind,
    /// Byte offset of the page's text in [`Ingested::source`].
    pub start: usize,
    pub len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Format {
    Text {
        encoding: &'static str,
    },
    Pdf,
    /// Word (Office Open XML, .docx/.dotx).
    Docx,
    /// OpenDocument text (.odt/.ott).
    Odt,
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Format::Text { encoding } => write!(f, "text ({encoding})"),
            Format::Pdf => f.write_str("pdf"),
            Format::Docx => f.write_str("docx"),
            Format::Odt => f.write_str("odt"),
        }
    }
}

/// A file as read: its text, page by page.
#[derive(Debug, Clone)]
pub struct Ingested {
    pub path: PathBuf,
    pub format: Format,
    pub pages: Vec<Page>,
    pub source: String,
    /// Why only part of the file could be read (cut short, too many pages),
    /// in words for the analyst; what was read is analysed.
    pub incomplete: Option<String>,
    /// Chars of `source` before every CHAR_STEP-th byte, built on first use:
    /// citing a char offset in a long page stays cheap.
    char_marks: std::sync::OnceLock<Vec<u32>>,
}

/// Bytes between the marks of [`Ingested::chars_before`].
const CHAR_STEP: usize = 4096;

impl Ingested {
    /// How many chars of `source` come before byte `offset`.
    pub fn chars_before(&self, offset: usize) -> usize {
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = vec![0u32];
            let mut next = CHAR_STEP;
            for (chars, (i, _)) in self.source.char_indices().enumerate() {
                while i >= next {
                    marks.push(chars as u32);
                    next += CHAR_STEP;
                }
            }
            marks
        });
        let offset = offset.min(self.source.len());
        let k = (offset / CHAR_STEP).min(marks.len() - 1);
        // A mark counts the chars starting before its byte; step from the
        // first char boundary at or after it.
        let mut from = k * CHAR_STEP;
        while from < offset && !self.source.is_char_boundary(from) {
            from += 1;
        }
        let head = marks[k] as usize;
        head + self
            .source
            .get(from..offset)
            .map_or(0, |s| s.chars().count())
    }

    /// The page holding byte `offset` of `source`, and the offset within that page.
    pub fn locate(&self, offset: usize) -> (u32, usize) {
        let idx = self
            .pages
            .partition_point(|p| p.start <= offset)
            .saturating_sub(1);
        match self.pages.get(idx) {
            Some(p) => (p.number, offset.saturating_sub(p.start)),
            None => (1, offset),
        }
    }

    pub fn from_pages(path: &Path, format: Format, pages: Vec<(PageKind, String)>) -> Self {
        let mut source = String::new();
        let mut out = Vec::with_capacity(pages.len());
        for (i, (kind, text)) in pages.into_iter().enumerate() {
            if i > 0 {
                source.push('\u{c}');
            }
            out.push(Page {
                number: i as u32 + 1,
                kind,
                start: source.len(),
                len: text.len(),
            });
            source.push_str(&text);
        }
        Ingested {
            path: path.to_owned(),
            format,
            pages: out,
            source,
            incomplete: None,
            char_marks: std::sync::OnceLock::new(),
        }
    }
}

/// Why a file could not be read, in words an analyst understands.
///
/// Clone because a plan's result is cloned and one failed repair lexicon is
/// every plan's error; so the I/O cause is shared (`Arc`), `io::Error` being
/// no `Clone`. No `PartialEq`: an `io::Error` has none (tests use `matches!`).
#[derive(Debug, Clone, thiserror::Error)]
pub enum IngestError {
    /// The file could not be read: `reason` is [`io_reason`] of `source`.
    #[error("kan inte läsa filen: {reason}")]
    Io {
        reason: String,
        #[source]
        source: Arc<std::io::Error>,
    },
    #[error("filen är tom (0 byte)")]
    Empty,
    #[error("filen heter .pdf men är ingen PDF ({0})")]
    NotPdf(String),
    #[error("PDF:en är lösenordsskyddad")]
    Encrypted,
    #[error("PDF:en är trasig: {0}")]
    Broken(String),
    #[error("PDF:en har inga sidor")]
    NoPages,
    #[error(
        "skannad PDF utan textlager ({0} sidor med bara bild); OCR behövs (apt-get install tesseract-ocr-swe poppler-utils)"
    )]
    ImageOnly(usize),
    #[error("skannad PDF utan textlager ({0} sidor med bara bild); OCR är avstängt (--ocr never)")]
    ImageOnlyOcrOff(usize),
    #[error("dokumentet innehåller ingen text")]
    NoText,
    #[error("{0}")]
    NotText(text::DecodeError),
    #[error("filen är för stor ({0} MB; gränsen är {1} MB)")]
    TooLarge(u64, u64),
    /// A bug in plancov met while reading or analysing the file: not the
    /// file's fault, and said so.
    #[error("internt fel i plancov, inte i filen: {0}")]
    Internal(String),
    #[error("gammalt Word-format (.doc); spara som .docx eller PDF")]
    OldWord,
    #[error("lösenordsskyddad Word-fil; spara som .docx utan lösenord eller PDF")]
    EncryptedWord,
    #[error(
        "Office-fil i gammalt binärformat (kan vara en .doc eller en lösenordsskyddad Word-fil); spara som .docx utan lösenord eller PDF"
    )]
    OldOffice,
    #[error("lösenordsskyddad OpenDocument-fil; spara som .odt utan lösenord, .docx eller PDF")]
    EncryptedOdt,
    #[error("Word-fil med makron (.docm); spara som .docx eller PDF")]
    Macros,
    #[error(
        "Words låsfil (~$…), ingen plan: den finns medan dokumentet är öppet i Word; stäng dokumentet eller ta bort filen"
    )]
    LockFile,
    #[error(
        "filtypen läses inte ({0}); plancov läser PDF, Word (.docx), OpenDocument (.odt) och textfiler (.txt, .md)"
    )]
    Unsupported(String),
    #[error("filen heter {0} men är ingen {1} ({2}); spara den som .docx eller PDF igen")]
    Misnamed(String, &'static str, String),
    #[error("{0}-filen är trasig ({1}); öppna den och spara den igen, eller spara som PDF")]
    BrokenDocument(&'static str, String),
    #[error(
        "dokumentet blir mer än {0} MB uppackat (gränsen --max-mb); dela upp det eller spara som PDF"
    )]
    TooLargeUnpacked(u64),
}

/// What a caught panic said, for an [`IngestError::Internal`].
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "okänt fel".into())
}

/// Per-document limits, so no document takes unbounded time or memory.
pub struct Limits {
    pub max_bytes: u64,
    pub pdf: pdf::Limits,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 512 * 1024 * 1024,
            pdf: pdf::Limits::default(),
        }
    }
}

/// Why a file or folder could not be read or written, in Swedish for the
/// analyst ("finns inte", "saknar behörighet"); the system's own words for
/// what has no Swedish here.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let why = match e.kind() {
        K::NotFound => "finns inte",
        K::PermissionDenied => "saknar behörighet",
        K::AlreadyExists => "finns redan",
        K::NotADirectory => "är ingen mapp",
        K::IsADirectory => "är en mapp, inte en fil",
        K::DirectoryNotEmpty => "mappen är inte tom",
        K::ReadOnlyFilesystem => "filsystemet är skrivskyddat",
        K::StorageFull => "disken är full",
        K::QuotaExceeded => "diskkvoten är slut",
        K::FileTooLarge => "filen är för stor",
        K::InvalidFilename => "ogiltigt filnamn",
        K::TimedOut => "tog för lång tid",
        K::Interrupted => "avbröts",
        K::UnexpectedEof => "tar slut oväntat",
        K::OutOfMemory => "minnet räcker inte",
        _ => return e.to_string(),
    };
    why.to_owned()
}

impl IngestError {
    /// For `map_err`: reading the file failed with `e`.
    pub fn io(e: std::io::Error) -> IngestError {
        IngestError::Io {
            reason: io_reason(&e),
            source: Arc::new(e),
        }
    }
}

/// Read one file.
pub fn ingest_file(path: &Path, limits: &Limits) -> Result<Ingested, IngestError> {
    let meta = std::fs::metadata(path).map_err(IngestError::io)?;
    if meta.len() > limits.max_bytes {
        return Err(IngestError::TooLarge(
            meta.len() >> 20,
            limits.max_bytes >> 20,
        ));
    }
    let bytes = std::fs::read(path).map_err(IngestError::io)?;
    ingest_bytes(path, &bytes, limits)
}

/// How a file is read: limits, and whether and when Swedish OCR reads pages.
#[derive(Default)]
pub struct ReadOptions {
    pub limits: Limits,
    /// The OCR tools, when installed.
    pub ocr: Option<ocr::Ocr>,
    pub ocr_mode: ocr::OcrMode,
}

/// Read one file as every command reads it: [`ingest_file`], then Swedish OCR
/// of the pages that need it — image-only pages (`auto`), and with `redo`
/// also the OCR-layer pages of a file whose layer `damaged` finds damaged.
pub fn read(
    path: &Path,
    options: &ReadOptions,
    damaged: &dyn Fn(&str) -> bool,
) -> Result<Ingested, IngestError> {
    use ocr::OcrMode;
    let ocr = match (&options.ocr, options.ocr_mode) {
        (Some(o), OcrMode::Auto | OcrMode::Redo) => o,
        (_, OcrMode::Never) => {
            return ingest_file(path, &options.limits).map_err(|e| match e {
                IngestError::ImageOnly(n) => IngestError::ImageOnlyOcrOff(n),
                e => e,
            });
        }
        _ => return ingest_file(path, &options.limits),
    };
    let (format, pages, incomplete) = match ingest_file(path, &options.limits) {
        Ok(doc) => {
            let pages: Vec<(PageKind, String)> = doc
                .pages
                .iter()
                .map(|p| (p.kind, doc.source[p.start..p.start + p.len].to_owned()))
                .collect();
            (doc.format, pages, doc.incomplete)
        }
        Err(IngestError::ImageOnly(n)) => (
            Format::Pdf,
            vec![(PageKind::ImageOnly, String::new()); n],
            None,
        ),
        Err(e) => return Err(e),
    };
    if format != Format::Pdf {
        return Ok(Ingested {
            incomplete,
            ..Ingested::from_pages(path, format, pages)
        });
    }
    // One OCR made a file's whole text layer: whether it knew Swedish is
    // judged on all of it, since a short page alone (a title page, a last
    // page of a few lines) says too little.
    let redo_layer = options.ocr_mode == OcrMode::Redo && {
        let layer: Vec<&str> = pages
            .iter()
            .filter(|(kind, _)| *kind == PageKind::OcrLayer)
            .map(|(_, t)| t.as_str())
            .collect();
        !layer.is_empty() && damaged(&layer.join("\n"))
    };
    let wanted: Vec<u32> = pages
        .iter()
        .enumerate()
        .filter(|(_, (kind, _))| {
            *kind == PageKind::ImageOnly || redo_layer && *kind == PageKind::OcrLayer
        })
        .map(|(i, _)| i as u32 + 1)
        .collect();
    let mut pages = pages;
    if !wanted.is_empty() {
        for (n, result) in ocr.ocr_pages(path, &wanted) {
            if let (Ok(text), Some(page)) = (result, pages.get_mut(n as usize - 1)) {
                *page = (PageKind::SwedishOcr, text);
            }
        }
    }
    if pages.iter().all(|(_, t)| t.trim().is_empty()) {
        let images = pages
            .iter()
            .filter(|(k, _)| *k == PageKind::ImageOnly)
            .count();
        return Err(if images > 0 {
            IngestError::ImageOnly(images)
        } else {
            IngestError::NoText
        });
    }
    let mut doc = Ingested::from_pages(path, Format::Pdf, pages);
    doc.incomplete = incomplete;
    Ok(doc)
}

/// Extensions of files read as text plans (and files with no extension).
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md"];

/// Decode a text file written by any Swedish tool: UTF-8 (with or without
/// BOM), UTF-16, or Windows-1252; returns the text and the encoding's name.
pub fn decode_text(bytes: &[u8]) -> Result<(String, &'static str), text::DecodeError> {
    text::decode(bytes)
}

/// Read a file's bytes; `path` names it and its extension hints the format.
pub fn ingest_bytes(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Ingested, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    let head = &bytes[..bytes.len().min(1024)];
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let shown = || -> String {
        let s: String = head
            .iter()
            .take(8)
            .map(|&b| if b.is_ascii_graphic() { b as char } else { '.' })
            .collect();
        format!("börjar med \"{s}\"")
    };
    let lock_name = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("~$"));
    if office::is_zip(bytes) {
        let (format, pages) = office::read_zip(bytes, limits.max_bytes, &ext)?;
        return office_document(path, format, pages);
    }
    if lock_name {
        return Err(IngestError::LockFile);
    }
    if office::is_ole(bytes) {
        return Err(office::ole_reason(bytes, &ext));
    }
    if head.windows(5).any(|w| w == b"%PDF-") {
        return ingest_pdf(path, bytes, limits);
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(IngestError::Unsupported(kind.into()));
    }
    match ext.as_str() {
        "pdf" => return Err(IngestError::NotPdf(shown())),
        "docx" | "docm" | "dotx" | "doc" => {
            return Err(IngestError::Misnamed(
                format!(".{ext}"),
                "Word-fil",
                shown(),
            ));
        }
        "odt" | "ott" => {
            return Err(IngestError::Misnamed(
                format!(".{ext}"),
                "OpenDocument-fil",
                shown(),
            ));
        }
        e if !e.is_empty() && !TEXT_EXTENSIONS.contains(&e) => {
            return Err(IngestError::Unsupported(describe_extension(e)));
        }
        _ => {}
    }
    let (text, encoding) = text::decode(bytes).map_err(IngestError::NotText)?;
    if text.trim().is_empty() {
        return Err(IngestError::NoText);
    }
    Ok(Ingested::from_pages(
        path,
        Format::Text { encoding },
        vec![(PageKind::Text, text)],
    ))
}

/// A word-processor document's pages as an [`Ingested`].
fn office_document(
    path: &Path,
    format: Format,
    pages: Vec<String>,
) -> Result<Ingested, IngestError> {
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(IngestError::NoText);
    }
    let pages = pages
        .into_iter()
        .map(|p| {
            let kind = if p.trim().is_empty() {
                PageKind::Empty
            } else {
                PageKind::Text
            };
            (kind, p)
        })
        .collect();
    Ok(Ingested::from_pages(path, format, pages))
}

/// What a file is, by its first bytes, when it is a common kind plancov does
/// not read (images, RTF).
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    let starts = |m: &[u8]| bytes.starts_with(m);
    let kind = if starts(b"\xFF\xD8\xFF") {
        "bild, JPEG; en skannad plan läses som PDF"
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        "bild, PNG; en skannad plan läses som PDF"
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        "bild, GIF"
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        "bild, TIFF; en skannad plan läses som PDF"
    } else if starts(b"{\\rtf") {
        "RTF-dokument; spara som .docx eller PDF"
    } else if starts(b"Rar!") || starts(b"7z\xBC\xAF\x27\x1C") {
        "arkiv; packa upp det och analysera filerna i det"
    } else {
        return None;
    };
    Some(kind)
}

/// A file type named by its extension, for a file plancov does not read.
fn describe_extension(ext: &str) -> String {
    let what = match ext {
        "xlsx" | "xlsm" | "xls" | "ods" => "kalkylblad",
        "csv" | "tsv" => "tabell",
        "pptx" | "ppt" | "odp" => "presentation",
        "jpg" | "jpeg" | "png" | "gif" | "tif" | "tiff" | "bmp" | "heic" | "webp" => "bild",
        "zip" | "7z" | "rar" | "gz" | "tar" => "arkiv",
        "html" | "htm" | "mht" | "mhtml" => "webbsida",
        "xml" | "fodt" => "XML-fil",
        "rtf" => "RTF-dokument",
        "msg" | "eml" => "e-postmeddelande",
        "pages" => "Pages-dokument",
        _ => return format!(".{ext}-fil"),
    };
    format!("{what}, .{ext}")
}

fn ingest_pdf(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Ingested, IngestError> {
    let (pages, total) = pdf::extract_counted(bytes, &limits.pdf).map_err(|e| match e {
        pdf::PdfError::NotPdf(m) => IngestError::NotPdf(m),
        pdf::PdfError::Encrypted => IngestError::Encrypted,
        pdf::PdfError::Broken(m) => IngestError::Broken(m),
        pdf::PdfError::NoPages => IngestError::NoPages,
        pdf::PdfError::Internal(m) => IngestError::Internal(m),
    })?;
    if pages.is_empty() {
        return Err(IngestError::NoPages);
    }
    let has_text = pages.iter().any(|p| !p.text.trim().is_empty());
    if !has_text {
        let images = pages
            .iter()
            .filter(|p| p.kind == pdf::PageKind::ImageOnly)
            .count();
        return Err(if images > 0 {
            IngestError::ImageOnly(images)
        } else {
            IngestError::NoText
        });
    }
    let pages: Vec<(PageKind, String)> = pages
        .into_iter()
        .map(|p| {
            let kind = match p.kind {
                pdf::PageKind::BornDigital => PageKind::BornDigital,
                pdf::PageKind::OcrLayer => PageKind::OcrLayer,
                pdf::PageKind::ImageOnly => PageKind::ImageOnly,
                pdf::PageKind::Empty => PageKind::Empty,
            };
            (kind, p.text)
        })
        .collect();
    let read = pages.len();
    let mut doc = Ingested::from_pages(path, Format::Pdf, pages);
    doc.incomplete = if pdf::truncated(bytes) {
        Some(format!(
            "filen är avkortad (slutar utan %%EOF efter {} byte); bara det som gick att läsa är analyserat ({read} sidor)",
            bytes.len()
        ))
    } else if read < total {
        Some(format!(
            "planen har {total} sidor; bara de första {read} lästes (gränsen --max-pages)"
        ))
    } else {
        None
    };
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_says_so_and_keeps_the_io_error() {
        use std::error::Error;
        let e = ingest_file(Path::new("no/such/plan.pdf"), &Limits::default())
            .expect_err("no such file");
        assert_eq!(e.to_string(), "kan inte läsa filen: finns inte");
        let io = e
            .source()
            .and_then(|s| s.downcast_ref::<Arc<std::io::Error>>())
            .expect("the io::Error is the source");
        assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
        // A copy (reports keep the outcome) shares the cause.
        assert_eq!(e.clone().to_string(), e.to_string());
    }

    #[test]
    fn empty_and_fake_pdfs_are_clear_errors() {
        let l = Limits::default();
        assert!(matches!(
            ingest_bytes(Path::new("a.pdf"), b"", &l).err(),
            Some(IngestError::Empty)
        ));
        assert!(matches!(
            ingest_bytes(Path::new("a.pdf"), b"\x00\x01garbage", &l),
            Err(IngestError::NotPdf(_))
        ));
    }

    #[test]
    fn chars_before_counts_like_a_scan() {
        let text = "å".repeat(3000) + &"a".repeat(5000) + &"ö€".repeat(2000);
        let d = ingest_bytes(Path::new("a.txt"), text.as_bytes(), &Limits::default())
            .expect("text ingests");
        for (i, _) in d.source.char_indices().step_by(97) {
            assert_eq!(d.chars_before(i), d.source[..i].chars().count(), "{i}");
        }
        assert_eq!(d.chars_before(d.source.len()), d.source.chars().count());
    }

    #[test]
    fn text_pages_locate_offsets() {
        let d = ingest_bytes(
            Path::new("a.txt"),
            "Inriktningsmål 1\nx".as_bytes(),
            &Limits::default(),
        )
        .expect("text ingests");
        assert_eq!(d.locate(3), (1, 3));
        assert_eq!(d.format, Format::Text { encoding: "UTF-8" });
    }
}
