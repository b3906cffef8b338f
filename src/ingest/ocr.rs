//! OCR of scanned PDF pages with the external Tesseract and Poppler tools.
//!
//! In: a PDF file and the 1-based numbers of the pages to read. Out: for each
//! page asked for, in the order asked, `(page, Ok(text))` with the text
//! Tesseract's Swedish model (`-l swe`) reads from the rendered page, or
//! `(page, Err(reason))` when that page could not be read (page out of range,
//! a broken file, a tool that failed or ran past the time limit). One page's
//! failure never stops the others, and nothing here panics.
//!
//! Pages are rendered at 300 dpi, except a page that is one scanned image
//! of lower resolution (`pdfimages -list` says): it is rendered at its own
//! resolution, but never below 200 dpi. Blowing a 150 dpi 1-bit scan up to
//! 300 dpi magnifies its specks and staircase edges into split and misread
//! words; on the scanned fixtures (`fixtures/scanned/README.md`) 200 dpi gave
//! 0.097 WER where 300 dpi gave 0.241.
//!
//! Nothing is linked: [`Ocr::detect`] finds `pdftoppm` (poppler-utils) and
//! `tesseract` with the `swe` traineddata on `PATH` and says what is missing
//! and how to install it (`apt-get install tesseract-ocr-swe poppler-utils`)
//! when they are not there. Page images go to a fresh folder under the
//! system's temporary folder that is removed again whatever happens.
//!
//! [`OcrMode`] is the user's choice of when to OCR: `auto` reads pages that
//! have no text layer, `redo` also re-reads pages whose text layer was made by
//! an OCR without Swedish (å/ä/ö destroyed), `never` leaves every page as it is.

use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// The command that installs what OCR needs (Debian, Ubuntu).
pub const INSTALL_COMMAND: &str = "apt-get install tesseract-ocr-swe poppler-utils";

/// Resolution pages are rendered at for OCR (dots per inch) …
const DPI: u32 = 300;
/// … or, for a page scanned at lower resolution, that, but never below this.
const MIN_DPI: u32 = 200;
/// The smallest image (inches each side) taken for a scan of the whole page.
const MIN_SCAN_INCHES: f64 = 4.0;

/// Time one page may take (rendering and recognition together) by default.
const DEFAULT_PAGE_TIMEOUT: Duration = Duration::from_secs(120);

/// Time `tesseract --list-langs` may take in [`Ocr::detect`].
const DETECT_TIMEOUT: Duration = Duration::from_secs(20);

/// Why OCR cannot run, or one page could not be read. Where a cause is an
/// error of its own it is part of the message and also the source, so print
/// these with `{e}` (as plancov does), not as a chain (`{e:#}`), which would
/// say the cause twice. Clone: one failure can be every page's.
#[derive(Debug, Clone, thiserror::Error)]
pub enum OcrError {
    /// The tools are not all there: what is missing, and how to install it.
    #[error("OCR is not available: {}; install with `{INSTALL_COMMAND}`", joined(.0, "; "))]
    Unavailable(Vec<Missing>),
    #[error("{}: no such file", .0.display())]
    NoSuchFile(PathBuf),
    #[error("cannot create a temporary folder: {source}")]
    TempDir {
        #[source]
        source: Arc<std::io::Error>,
    },
    #[error("page 0: pages are numbered from 1")]
    PageZero,
    /// `tool` (`pdftoppm`, `tesseract`) failed on the page.
    #[error("page {page}: {tool}: {source}")]
    Tool {
        page: u32,
        tool: &'static str,
        #[source]
        source: ToolError,
    },
    #[error("page {page}: pdftoppm wrote no image")]
    NoImage { page: u32 },
}

/// One thing [`Ocr::detect`] found missing.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Missing {
    #[error("`tesseract` is not on PATH")]
    Tesseract,
    #[error("`pdftoppm` (poppler-utils) is not on PATH")]
    Pdftoppm,
    /// Tesseract without the Swedish language data; `has` is what it lists.
    #[error(
        "tesseract ({}) has no Swedish model `swe` (it has: {})",
        .tesseract.display(),
        if .has.is_empty() { "none".to_string() } else { .has.join(", ") }
    )]
    Swedish {
        tesseract: PathBuf,
        has: Vec<String>,
    },
    #[error("`{} --list-langs` failed: {source}", .tesseract.display())]
    Languages {
        tesseract: PathBuf,
        #[source]
        source: ToolError,
    },
}

/// Why an external tool gave no output.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ToolError {
    #[error("cannot start {program:?}: {source}")]
    Start {
        program: OsString,
        #[source]
        source: Arc<std::io::Error>,
    },
    #[error("cannot wait for the process: {source}")]
    Wait {
        #[source]
        source: Arc<std::io::Error>,
    },
    #[error("timed out after {limit:?} (killed)")]
    TimedOut { limit: Duration },
    /// It ended unsuccessfully; `stderr` holds the last (at most three)
    /// lines of what it wrote there.
    #[error("{status}{}", if .stderr.is_empty() { String::new() } else { format!(": {}", .stderr.join(" / ")) })]
    Failed {
        status: std::process::ExitStatus,
        stderr: Vec<String>,
    },
}

/// The items' messages, joined by `sep`.
fn joined(items: &[Missing], sep: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

/// When plancov runs OCR on the pages of a PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrMode {
    /// OCR the pages that have no text layer (image-only scans).
    #[default]
    Auto,
    /// Also OCR again the pages whose text layer is OCR-damaged (no å/ä/ö).
    Redo,
    /// Never OCR; image-only pages stay without text.
    Never,
}

/// The OCR tools found on this machine, ready to read pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ocr {
    /// The `tesseract` executable.
    tesseract: PathBuf,
    /// The `pdftoppm` executable.
    pdftoppm: PathBuf,
    /// The `pdfimages` executable (poppler-utils, like `pdftoppm`), if found:
    /// it tells a scanned page's resolution.
    pdfimages: Option<PathBuf>,
    /// Tesseract's `-l` argument (`swe`).
    languages: String,
    /// Time one page may take before its tools are killed.
    page_timeout: Duration,
}

impl Ocr {
    /// Find `tesseract` (with the `swe` traineddata: check `tesseract
    /// --list-langs`) and `pdftoppm` on `PATH`. The error says what is missing
    /// and names the install command `apt-get install tesseract-ocr-swe
    /// poppler-utils`.
    pub fn detect() -> Result<Ocr, OcrError> {
        Ocr::detect_in(&std::env::var_os("PATH").unwrap_or_default())
    }

    /// [`Ocr::detect`] with `path` (a `PATH`-style list of folders) searched
    /// instead of the environment's `PATH`.
    pub fn detect_in(path: &OsStr) -> Result<Ocr, OcrError> {
        let tesseract = find_executable("tesseract", path);
        let pdftoppm = find_executable("pdftoppm", path);
        let mut missing = Vec::new();
        if tesseract.is_none() {
            missing.push(Missing::Tesseract);
        }
        if pdftoppm.is_none() {
            missing.push(Missing::Pdftoppm);
        }
        if let Some(t) = &tesseract {
            match tesseract_languages(t) {
                Ok(langs) if langs.iter().any(|l| l == "swe") => {}
                Ok(has) => missing.push(Missing::Swedish {
                    tesseract: t.clone(),
                    has,
                }),
                Err(source) => missing.push(Missing::Languages {
                    tesseract: t.clone(),
                    source,
                }),
            }
        }
        match (tesseract, pdftoppm) {
            (Some(tesseract), Some(pdftoppm)) if missing.is_empty() => Ok(Ocr {
                tesseract,
                pdftoppm,
                pdfimages: find_executable("pdfimages", path),
                languages: "swe".to_string(),
                page_timeout: DEFAULT_PAGE_TIMEOUT,
            }),
            _ => Err(OcrError::Unavailable(missing)),
        }
    }

    /// The same tools with another time limit per page (default 120 s).
    pub fn with_timeout(mut self, page_timeout: Duration) -> Ocr {
        self.page_timeout = page_timeout;
        self
    }

    /// The `tesseract` executable used.
    pub fn tesseract(&self) -> &Path {
        &self.tesseract
    }

    /// The `pdftoppm` executable used.
    pub fn pdftoppm(&self) -> &Path {
        &self.pdftoppm
    }

    /// OCR the given 1-based pages of a PDF file in Swedish: each page is
    /// rendered with `pdftoppm -r 300 -gray -png` (a page scanned at lower
    /// resolution: at that, but at least 200 dpi) into a fresh temporary
    /// folder (always removed) and read with `tesseract IMG stdout -l swe
    /// --psm 3` (`OMP_THREAD_LIMIT=1`). Returns `(page, text)` in the order of
    /// `pages`; a page that fails or takes longer than the time limit is an
    /// `Err` with the reason. Pages are read in parallel on the rayon pool.
    pub fn ocr_pages(&self, pdf: &Path, pages: &[u32]) -> Vec<(u32, Result<String, OcrError>)> {
        let fail_all = |reason: OcrError| -> Vec<(u32, Result<String, OcrError>)> {
            pages.iter().map(|&p| (p, Err(reason.clone()))).collect()
        };
        if pages.is_empty() {
            return Vec::new();
        }
        if !pdf.is_file() {
            return fail_all(OcrError::NoSuchFile(pdf.to_path_buf()));
        }
        // An absolute path: a file name starting with `-` is no option.
        let pdf = std::path::absolute(pdf).unwrap_or_else(|_| pdf.to_path_buf());
        let pdf = pdf.as_path();
        let dir = match TempDir::new() {
            Ok(d) => d,
            Err(e) => {
                return fail_all(OcrError::TempDir {
                    source: Arc::new(e),
                });
            }
        };
        pages
            .par_iter()
            .enumerate()
            .map(|(i, &page)| {
                (
                    page,
                    self.ocr_page(pdf, page, &dir.path.join(format!("p{i}"))),
                )
            })
            .collect()
    }

    /// Render and read one page; `stem` is the image path without `.png`.
    fn ocr_page(&self, pdf: &Path, page: u32, stem: &Path) -> Result<String, OcrError> {
        if page == 0 {
            return Err(OcrError::PageZero);
        }
        let deadline = Instant::now() + self.page_timeout;
        let dpi = self.render_dpi(pdf, page, deadline);
        let n = page.to_string();
        let mut render = Command::new(&self.pdftoppm);
        render
            .arg("-r")
            .arg(dpi.to_string())
            .arg("-gray")
            .args(["-f", &n, "-l", &n])
            .arg("-png")
            .arg("-singlefile")
            .arg(pdf)
            .arg(stem);
        run_until(render, deadline, self.page_timeout).map_err(|source| OcrError::Tool {
            page,
            tool: "pdftoppm",
            source,
        })?;
        let image = stem.with_extension("png");
        if !image.is_file() {
            return Err(OcrError::NoImage { page });
        }
        let mut read = Command::new(&self.tesseract);
        read.arg(&image)
            .arg("stdout")
            .args(["-l", &self.languages, "--psm", "3", "tsv"])
            .env("OMP_THREAD_LIMIT", "1");
        let result = run_until(read, deadline, self.page_timeout);
        // The folder goes at the end anyway; free the space now.
        let _ = std::fs::remove_file(&image);
        let out = result.map_err(|source| OcrError::Tool {
            page,
            tool: "tesseract",
            source,
        })?;
        // Words with their boxes, laid out like a PDF's glyphs, so a scanned
        // table keeps its columns and a paragraph its break.
        let text = crate::ingest::pdf::layout_ocr_words(&tsv_words(&String::from_utf8_lossy(&out)));
        let text = text.trim_end_matches(['\u{c}', '\n', '\r', ' ']);
        Ok(if text.is_empty() {
            String::new()
        } else {
            format!("{text}\n")
        })
    }
}

/// The words of Tesseract's TSV output (`level 5` rows with text), each
/// with its line's bottom and height (the `level 4` row before it).
fn tsv_words(tsv: &str) -> Vec<crate::ingest::pdf::OcrWord> {
    let mut out = Vec::new();
    let (mut line_bottom, mut line_height) = (0.0f32, 0.0f32);
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.splitn(12, '\t').collect();
        if cols.len() < 12 {
            continue;
        }
        let num = |i: usize| cols[i].trim().parse::<f32>().ok();
        let (Some(level), Some(left), Some(top), Some(width), Some(height)) =
            (num(0), num(6), num(7), num(8), num(9))
        else {
            continue;
        };
        if level == 4.0 {
            line_bottom = top + height;
            line_height = height;
        } else if level == 5.0 {
            let text = cols[11].trim();
            if !text.is_empty() {
                out.push(crate::ingest::pdf::OcrWord {
                    text: text.to_owned(),
                    left,
                    width,
                    line_bottom,
                    line_height,
                });
            }
        }
    }
    out
}

impl Ocr {
    /// The resolution to render `page` at: [`DPI`], or the resolution of a
    /// page-sized scan on it when that is lower, but at least [`MIN_DPI`].
    fn render_dpi(&self, pdf: &Path, page: u32, deadline: Instant) -> u32 {
        let Some(pdfimages) = &self.pdfimages else {
            return DPI;
        };
        let n = page.to_string();
        let mut list = Command::new(pdfimages);
        list.arg("-list").args(["-f", &n, "-l", &n]).arg(pdf);
        // Listing is quick; never let it eat the page's time.
        let limit = Duration::from_secs(10);
        match run_until(list, deadline.min(Instant::now() + limit), limit) {
            Ok(out) => {
                scan_ppi(&String::from_utf8_lossy(&out)).map_or(DPI, |ppi| ppi.clamp(MIN_DPI, DPI))
            }
            Err(_) => DPI,
        }
    }
}

/// The resolution of the largest image in a `pdfimages -list` listing that is
/// big enough to be a scan of the page (at least [`MIN_SCAN_INCHES`] each side).
fn scan_ppi(listing: &str) -> Option<u32> {
    let mut lines = listing.lines();
    let header: Vec<&str> = lines.next()?.split_whitespace().collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (ty, w, h, xppi, yppi) = (
        col("type")?,
        col("width")?,
        col("height")?,
        col("x-ppi")?,
        col("y-ppi")?,
    );
    let mut best: Option<(u64, u32)> = None;
    for line in lines {
        let f: Vec<&str> = line.split_whitespace().collect();
        let num = |i: usize| f.get(i).and_then(|v| v.parse::<u32>().ok());
        // Soft masks and stencils are not the scan itself.
        if f.get(ty) != Some(&"image") {
            continue;
        }
        let (Some(w), Some(h), Some(x), Some(y)) = (num(w), num(h), num(xppi), num(yppi)) else {
            continue;
        };
        if x == 0 || y == 0 {
            continue;
        }
        let inches = (f64::from(w) / f64::from(x), f64::from(h) / f64::from(y));
        if inches.0 < MIN_SCAN_INCHES || inches.1 < MIN_SCAN_INCHES {
            continue;
        }
        let area = u64::from(w) * u64::from(h);
        if best.is_none_or(|(a, _)| area > a) {
            best = Some((area, x.min(y)));
        }
    }
    best.map(|b| b.1)
}

/// The executable `name` in the first folder of `path` that holds it.
fn find_executable(name: &str, path: &OsStr) -> Option<PathBuf> {
    let names: Vec<OsString> = if cfg!(windows) {
        vec![format!("{name}.exe").into(), name.into()]
    } else {
        vec![name.into()]
    };
    std::env::split_paths(path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| is_executable(p))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}

/// The languages `tesseract --list-langs` lists.
fn tesseract_languages(tesseract: &Path) -> Result<Vec<String>, ToolError> {
    let mut c = Command::new(tesseract);
    c.arg("--list-langs");
    // Tesseract 4 and later list on stdout, 3 on stderr: read both.
    let out = run_capturing(c, Instant::now() + DETECT_TIMEOUT, DETECT_TIMEOUT)?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains(' ') && !l.ends_with(':'))
        .map(str::to_string)
        .collect())
}

/// What a finished child wrote.
struct Captured {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    status: std::process::ExitStatus,
}

/// Run `cmd` to the end or until `deadline`; its stdout if it succeeded, else
/// the reason (exit status and the end of its stderr, or the time-out).
fn run_until(cmd: Command, deadline: Instant, limit: Duration) -> Result<Vec<u8>, ToolError> {
    let out = run_capturing(cmd, deadline, limit)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        let err = err.trim();
        // The last lines say why; keep the message short.
        let tail: Vec<String> = err.lines().rev().take(3).map(str::to_owned).collect();
        Err(ToolError::Failed {
            status: out.status,
            stderr: tail.into_iter().rev().collect(),
        })
    }
}

/// Run `cmd` with stdout and stderr captured, killing it at `deadline`.
fn run_capturing(
    mut cmd: Command,
    deadline: Instant,
    limit: Duration,
) -> Result<Captured, ToolError> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| ToolError::Start {
        program: cmd.get_program().to_owned(),
        source: Arc::new(e),
    })?;
    // Drain both pipes while waiting so that a child writing much never
    // blocks on a full pipe.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait_until(&mut child, deadline);
    let stdout = join(stdout);
    let stderr = join(stderr);
    match status {
        Ok(Some(status)) => Ok(Captured {
            stdout,
            stderr,
            status,
        }),
        Ok(None) => Err(ToolError::TimedOut { limit }),
        Err(e) => Err(e),
    }
}

/// Wait for `child` until `deadline`: `Some(status)` when it ended, `None`
/// when it was killed for running too long.
fn wait_until(
    child: &mut Child,
    deadline: Instant,
) -> Result<Option<std::process::ExitStatus>, ToolError> {
    let mut pause = Duration::from_millis(2);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(Some(status)),
            Ok(None) => {}
            Err(e) => {
                kill(child);
                return Err(ToolError::Wait {
                    source: Arc::new(e),
                });
            }
        }
        let now = Instant::now();
        if now >= deadline {
            kill(child);
            return Ok(None);
        }
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

type Reader = Option<std::thread::JoinHandle<Vec<u8>>>;

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> Reader {
    pipe.map(|mut p| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = p.read_to_end(&mut buf);
            buf
        })
    })
}

fn join(reader: Reader) -> Vec<u8> {
    reader.and_then(|h| h.join().ok()).unwrap_or_default()
}

/// A fresh folder under the system's temporary folder, removed on drop.
struct TempDir {
    path: PathBuf,
}

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let base = std::env::temp_dir();
        let mut last = None;
        for _ in 0..16 {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            let path = base.join(format!(
                "plancov-ocr-{}-{}-{nanos:08x}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            ));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(TempDir { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| std::io::Error::other("no free name")))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_tools_name_the_install_command() {
        let e = Ocr::detect_in(OsStr::new("/nonexistent-plancov-dir"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "OCR is not available: `tesseract` is not on PATH; `pdftoppm` (poppler-utils) \
             is not on PATH; install with `apt-get install tesseract-ocr-swe poppler-utils`"
        );
        assert!(e.contains("tesseract") && e.contains("pdftoppm"), "{e}");
    }

    #[test]
    fn a_hanging_child_is_killed_at_the_deadline() {
        if find_executable("sleep", &std::env::var_os("PATH").unwrap_or_default()).is_none() {
            return;
        }
        let mut c = Command::new("sleep");
        c.arg("30");
        let start = Instant::now();
        let limit = Duration::from_millis(200);
        let r = run_until(c, Instant::now() + limit, limit);
        assert!(r.is_err_and(|e| e.to_string() == "timed out after 200ms (killed)"));
        assert!(start.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn a_tool_that_cannot_start_keeps_the_io_error() {
        use std::error::Error;
        let program = "/nonexistent-plancov-dir/tesseract";
        let limit = Duration::from_secs(5);
        let e = run_until(Command::new(program), Instant::now() + limit, limit)
            .expect_err("no such program");
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let io = e
            .source()
            .and_then(|s| s.downcast_ref::<Arc<std::io::Error>>())
            .map_or(io.kind(), |s| s.kind());
        assert_eq!(io, std::io::ErrorKind::NotFound);
        let os = std::io::Error::from_raw_os_error(2);
        assert_eq!(e.to_string(), format!("cannot start \"{program}\": {os}"));
        let page = OcrError::Tool {
            page: 3,
            tool: "tesseract",
            source: e,
        };
        assert_eq!(
            page.to_string(),
            format!("page 3: tesseract: cannot start \"{program}\": {os}")
        );
        assert!(page.source().is_some());
    }

    #[test]
    fn a_failed_tool_says_its_status_and_the_end_of_its_stderr() {
        if find_executable("sh", &std::env::var_os("PATH").unwrap_or_default()).is_none() {
            return;
        }
        let limit = Duration::from_secs(10);
        let mut c = Command::new("sh");
        c.args([
            "-c",
            "echo one >&2; echo two >&2; echo three >&2; echo four >&2; exit 3",
        ]);
        let e = run_until(c, Instant::now() + limit, limit).expect_err("exit 3");
        assert_eq!(e.to_string(), "exit status: 3: two / three / four");
        let mut c = Command::new("sh");
        c.args(["-c", "exit 4"]);
        let e = run_until(c, Instant::now() + limit, limit).expect_err("exit 4");
        assert_eq!(e.to_string(), "exit status: 4");
    }

    #[test]
    fn scan_resolution_from_the_image_listing() {
        let head = "page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio\n\
                    --------------------------------------------------------------------------------------------\n";
        let scan = "   1     0 image    1240  1754  gray    1   1  ccitt  no        11  0   150   150 36.2K  14%\n";
        let logo = "   1     1 image     300   100  rgb     3   8  jpeg   no        12  0   300   300 9K  10%\n";
        let mask = "   1     2 smask   2480  3508  gray    1   8  image  no        13  0   300   300 9K  10%\n";
        assert_eq!(scan_ppi(&format!("{head}{scan}{logo}{mask}")), Some(150));
        assert_eq!(scan_ppi(&format!("{head}{logo}")), None);
        assert_eq!(scan_ppi(head), None);
        assert_eq!(scan_ppi(""), None);
        assert_eq!(scan_ppi(&format!("{head}   1 0 image x y\n")), None);
    }

    #[test]
    fn words_the_engine_told_apart_stay_apart_however_close() {
        // Tesseract's TSV: a line (level 4) and its words (level 5). `i` sits
        // 3 px from `elever` at a 40 px line height, closer than a glyph gap
        // rule would call a space.
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t1\t0\t100\t200\t400\t40\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t100\t205\t120\t35\t95\telever\n\
                   5\t1\t1\t1\t1\t2\t223\t205\t6\t35\t95\ti\n\
                   5\t1\t1\t1\t1\t3\t240\t205\t150\t35\t95\tövergången\n";
        let words = tsv_words(tsv);
        assert_eq!(words.len(), 3);
        let text = crate::ingest::pdf::layout_ocr_words(&words);
        assert_eq!(text.trim(), "elever i övergången");
    }

    #[test]
    fn temp_dirs_are_unique_and_removed() {
        let a = TempDir::new().expect("temp dir");
        let b = TempDir::new().expect("temp dir");
        assert_ne!(a.path, b.path);
        let p = a.path.clone();
        std::fs::write(p.join("x.png"), b"x").expect("write");
        drop(a);
        assert!(!p.exists());
    }
}
