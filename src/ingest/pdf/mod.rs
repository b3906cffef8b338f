//! Placeholder until the content-stream extractor lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    BornDigital,
    OcrLayer,
    ImageOnly,
    Empty,
}
pub struct PdfPage {
    pub number: u32,
    pub text: String,
    pub kind: PageKind,
    pub glyphs: usize,
}
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("not a PDF: {0}")]
    NotPdf(String),
    #[error("encrypted")]
    Encrypted,
    #[error("broken: {0}")]
    Broken(String),
    #[error("no pages")]
    NoPages,
}
pub struct Limits {
    pub max_pages: usize,
    pub max_ops_per_page: usize,
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
pub fn extract(_bytes: &[u8], _limits: &Limits) -> Result<Vec<PdfPage>, PdfError> {
    Err(PdfError::Broken("PDF support not built yet".into()))
}
