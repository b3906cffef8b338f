#!/usr/bin/env python3
"""Make scanned-then-OCR'd PDF fixtures with known ground truth (fixtures/scanned/).

What a municipal office does to a plan, step by step:
  1. typeset the clean text (reportlab, A4, 11 pt, with a page footer),
  2. print and scan it: rasterise with `pdftoppm` (300 dpi gray), then degrade the
     page images (skew, blur, lower scan resolution, noise, threshold to 1 bit, specks,
     broken strokes; seeded RNG, so every run gives the same images),
  3. OCR the page images with `tesseract -l eng ... pdf` (no Swedish model: å/ä/ö are
     destroyed, as in the real plans) into a PDF whose text layer is what plancov reads.

For comparison the same degraded images are also re-OCR'd with `tesseract -l swe`
(plain text, timed per page), an image-only PDF is made (no text layer at all) and,
if ocrmypdf is installed, one OCRmyPDF PDF (text layer inside a Form XObject).

Set-up (Debian 12):
  apt-get update
  apt-get install -y tesseract-ocr tesseract-ocr-eng tesseract-ocr-swe poppler-utils ghostscript
  pip install -r scripts/requirements-scan.txt

Usage (from the repository root):
  python3 scripts/make_scanned_fixtures.py            # regenerate everything
  python3 scripts/make_scanned_fixtures.py --check    # measure the committed fixtures
  python3 scripts/make_scanned_fixtures.py --only 004 --no-swe --no-ocrmypdf \
      --set heavy.threshold=120 --keep /tmp/scan   # tuning
  python3 scripts/make_scanned_fixtures.py --set fixtures/unseen   # every DIR/*.txt -> DIR/scanned/
  python3 scripts/make_scanned_fixtures.py --set fixtures/unseen --only s6_leasing   # redo one plan
  python3 scripts/make_scanned_fixtures.py --set fixtures/unseen --check             # measure them

--set takes both a tuning override (LEVEL.PARAM=VALUE) and a folder DIR. For a folder, every
DIR/*.txt gives DIR/scanned/<stem>_mild.pdf and <stem>_heavy.pdf (eng OCR text layer),
<stem>_image.pdf (the heavy page images, no text layer), <stem>.truth.txt and a manifest.json;
plans are scanned --jobs at a time (default min(2, cores)), one process each.

WER everywhere: word error rate over lower-cased word tokens (regex \\w+, Unicode),
Levenshtein distance (substitutions + deletions + insertions) / number of truth tokens.
The truth excludes the page footers, so footer words in a text layer count as insertions.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "scanned"


def find_seeds() -> Path:
    """$PLANCOV_SEEDS, else shared/seeds beside or inside the repository, else the verbatim
    copies in corpus/plans/ (made by scripts/make_fixtures.py)."""
    env = os.environ.get("PLANCOV_SEEDS")
    cands = [Path(env)] if env else []
    cands += [ROOT.parent / "shared" / "seeds", ROOT / "shared" / "seeds", ROOT / "corpus" / "plans"]
    for cand in cands:
        if all((cand / d["seed"]).is_file() for d in DOCS.values() if "dir" not in d):
            return cand
    sys.exit("cannot find the seed texts (set PLANCOV_SEEDS to shared/seeds)")


# --------------------------------------------------------------------------- config

DOCS = {
    "004": {
        "seed": "004_1c625e28d7976f31.txt",
        "mode": "wrapped",  # lines wrapped at ~100 chars; blank line = paragraph break
        "font": "Times",
        "footer_left": "Diarienummer: ASF-2023-01873",
        "seed_rng": 4004,
    },
    "002": {
        "seed": "002_1ad6448ef08cc064.txt",
        "mode": "lines",  # one logical line per paragraph; tab-separated tables
        "font": "Helvetica",
        "footer_left": "Diarienummer: FSF-2023-00412",
        "seed_rng": 2002,
    },
}

# The development set (--dev, into fixtures/scanned/dev/): other plans, never the test
# fixtures above, scanned the same way. The repair's confusion model is tuned on these so
# that the figures on 004/002 stay an honest measure.
DEV_DOCS = {
    "gsf": {
        "dir": "fixtures/heldout",
        "seed": "grundskoleforvaltningen.txt",
        "mode": "wrapped",
        "font": "Times",
        "footer_left": "Diarienummer: GRF-2023-00731",
        "seed_rng": 7101,
    },
    "mkb": {
        "dir": "fixtures/heldout",
        "seed": "mkb.txt",
        "mode": "wrapped",
        "font": "Helvetica",
        "footer_left": "Diarienummer: MKB-2023-00088",
        "seed_rng": 7102,
    },
    "miljo": {
        "dir": "fixtures/heldout",
        "seed": "miljoforvaltningen.txt",
        "mode": "wrapped",
        "font": "Times",
        "footer_left": "Diarienummer: MF-2023-01120",
        "seed_rng": 7103,
    },
}

# Degradation parameters. Pixel values are at the 300 dpi rendering unless named *_dpi.
#   skew_deg     max |rotation| per page (drawn uniformly from [-skew, skew])
#   blur         Gaussian blur radius (px at 300 dpi) before the scan resolution
#   scan_dpi     resolution of the scanner = of the 1-bit page image that is OCR'd/embedded
#   noise        std. dev. of Gaussian pixel noise (gray levels 0..255) at scan_dpi
#   threshold    gray level below which a pixel becomes black (low = thin, broken strokes)
#   speck        probability that a white pixel becomes a black speck
#   dropout      probability that a black pixel turns white (toner drop-out)
LEVELS = {
    # tuned on 004: raw eng WER ~0.32 (the floor: ~29 % of the truth's words contain å/ä/ö/é,
    # which eng cannot produce, plus the footer words) and ~0.40
    "mild": {
        "skew_deg": 0.5, "blur": 0.8, "scan_dpi": 200, "noise": 20.0,
        "threshold": 132, "speck": 0.0003, "dropout": 0.008,
    },
    "heavy": {
        "skew_deg": 1.0, "blur": 1.0, "scan_dpi": 150, "noise": 12.0,
        "threshold": 135, "speck": 0.001, "dropout": 0.008,
    },
}

# Only a 200 dpi threshold: what the eng model makes of a perfect page (the WER floor).
UNDEGRADED = {"skew_deg": 0.0, "blur": 0.0, "scan_dpi": 200, "noise": 0.0,
              "threshold": 128, "speck": 0.0, "dropout": 0.0}

RENDER_DPI = 300
# Tesseract's OpenMP threading is ~4x *slower* on a 2-core machine (8.7 s vs 2.0 s for one
# page of 004 with -l swe); one thread per process is the usual setting for batch OCR.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
IMAGE_ONLY_PAGES = 2  # 004_image_only.pdf holds the first N pages of 004 at level "mild"


# --------------------------------------------------------------------------- WER

WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return WORD.findall(text.lower())


def wer(ref_text: str, hyp_text: str) -> float:
    """Word error rate of hyp against ref (lower-cased \\w+ tokens, Levenshtein)."""
    ref, hyp = tokens(ref_text), tokens(hyp_text)
    if not ref:
        return 0.0 if not hyp else 1.0
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1] / len(ref)


# --------------------------------------------------------------------------- parsing

EMPH = re.compile(r"(\*\*|\*)")


class Para:
    """One typeset unit. kind: heading | body | bullet | dash | table, and for --set DIR also
    title | lead | subbullet | number | small. `glyph` is a subbullet's glyph or a number's
    label ("12."), `break_after` a page break after it, `col_widths` a table's column widths
    (points; default 58 mm each), `repeat_header` whether a table's header row is repeated
    on the next page."""

    def __init__(self, kind: str, text: str = "", rows: list[list[str]] | None = None, glyph: str = "",
                 break_after: bool = False, col_widths: list[float] | None = None, repeat_header: bool = True):
        self.kind, self.text, self.rows = kind, text, rows or []
        self.glyph, self.break_after, self.col_widths, self.repeat_header = glyph, break_after, col_widths, repeat_header

    def truth(self) -> str:
        if self.kind == "table":
            return "\n".join("\t".join(r) for r in self.rows)
        if self.kind == "bullet":
            return "• " + self.text
        if self.kind in ("subbullet", "number"):
            return f"{self.glyph} {self.text}"
        return self.text


def strip_md(s: str) -> str:
    return EMPH.sub("", s)


def looks_like_heading(text: str, nlines: int) -> bool:
    t = text.strip()
    if re.match(r"(?i)inriktningss?mål\b", t) and not re.match(r"(?i)inriktningss?mål:", t):
        return True
    return (
        nlines == 1 and len(t) < 70 and not t.endswith((".", ":", ",")) and not t.startswith("-")
        and t[:1].isupper()
    )


def parse_wrapped(raw: str) -> list[Para]:
    """004: PDF-extracted text, lines wrapped, blank lines between paragraphs, a leading
    space marks a lost bullet glyph or a heading at the top of a page."""
    paras: list[Para] = []
    for block in re.split(r"\n\s*\n", raw):
        groups: list[tuple[bool, list[str]]] = []  # (started with space, lines)
        for line in block.split("\n"):
            if not line.strip():
                continue
            lead = line.startswith(" ") and not line.startswith("  ")
            if not groups or lead or line.lstrip().startswith("- "):
                groups.append((lead, [line.strip()]))
            else:
                groups[-1][1].append(line.strip())
        for lead, lines in groups:
            text = re.sub(r"\s+", " ", " ".join(lines)).strip()
            prev = paras[-1] if paras else None
            if lead and len(lines) == 1 and prev is not None and (
                    prev.kind == "bullet" or prev.text.endswith(":")):
                paras.append(Para("bullet", text))
            elif looks_like_heading(text, len(lines)):
                paras.append(Para("heading", text))
            elif text.startswith("- "):
                paras.append(Para("dash", text))
            else:
                paras.append(Para("body", text))
    return paras


def parse_lines(raw: str) -> list[Para]:
    """002: slide text, one logical line each; *italic*/**bold** spans may cross lines;
    tab-separated lines are table rows; '- ⌘ ' is a bullet glyph Helvetica lacks, typeset
    as a real bullet; a block of one short line is a slide title."""
    paras: list[Para] = []
    for block in re.split(r"\n[ \r]*\n", raw):
        lines = [ln.rstrip(" \r") for ln in block.split("\n") if ln.strip()]
        # join lines while an emphasis span is open
        logical: list[str] = []
        for ln in lines:
            if logical and len(EMPH.findall(logical[-1])) % 2 == 1:
                logical[-1] += " " + ln.strip()
            else:
                logical.append(ln if "\t" in ln else ln.strip())
        table: list[list[str]] = []
        for ln in logical + [None]:
            if ln is not None and "\t" in ln:
                table.append([c.strip() for c in ln.split("\t")])
                continue
            if table:
                width = max(len(r) for r in table)
                paras.append(Para("table", rows=[r + [""] * (width - len(r)) for r in table]))
                table = []
            if ln is None:
                break
            text = strip_md(ln)
            if ln.startswith("- ⌘ "):
                paras.append(Para("bullet", strip_md(ln[4:])))
            elif ln.startswith("- "):
                paras.append(Para("dash", text))
            elif ln.startswith("**") or (len(logical) == 1 and len(text) < 120
                                         and not text.endswith(".") and "(" not in text):
                paras.append(Para("heading", text))
            else:
                paras.append(Para("body", text))
    return paras


def load_doc(key: str) -> list[Para]:
    cfg = DOCS[key]
    base = ROOT / cfg["dir"] if "dir" in cfg else find_seeds()
    raw = (base / cfg["seed"]).read_text(encoding="utf-8")
    return parse_wrapped(raw) if cfg["mode"] == "wrapped" else parse_lines(raw)


def truth_text(paras: list[Para]) -> str:
    return "\n\n".join(p.truth() for p in paras) + "\n"


# --------------------------------------------------------------------------- typesetting

def render_pdf(key: str, paras: list[Para], out_pdf: Path) -> None:
    from reportlab import rl_config
    rl_config.invariant = 1  # no timestamps or random ids: byte-identical output
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas as rl_canvas
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    cfg = DOCS[key]
    base = cfg["font"]
    regular = "Times-Roman" if base == "Times" else base
    bold = f"{base}-Bold"
    body = ParagraphStyle("body", fontName=regular, fontSize=11, leading=14, spaceAfter=6)
    head = ParagraphStyle("head", parent=body, fontName=bold, fontSize=13, leading=16,
                          spaceBefore=8, spaceAfter=6, keepWithNext=1)
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=2, spaceAfter=3)
    dash = ParagraphStyle("dash", parent=body, leftIndent=0)
    cell = ParagraphStyle("cell", parent=body, fontSize=10, leading=12, spaceAfter=0)
    cellh = ParagraphStyle("cellh", parent=cell, fontName=bold)

    title = ParagraphStyle("title", parent=head, fontSize=16, leading=20, spaceBefore=0, spaceAfter=8)
    lead = ParagraphStyle("lead", parent=body, fontName=bold, spaceBefore=4, spaceAfter=3, keepWithNext=1)
    subbullet = ParagraphStyle("subbullet", parent=bullet, leftIndent=28, bulletIndent=16)
    number = ParagraphStyle("number", parent=body, leftIndent=18, bulletIndent=0, spaceAfter=3)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=10, spaceAfter=2)

    story = []
    for p in paras:
        if p.kind == "heading":
            story.append(Paragraph(escape(p.text), head))
        elif p.kind == "bullet":
            story.append(Paragraph(escape(p.text), bullet, bulletText="•"))
        elif p.kind == "dash":
            story.append(Paragraph(escape(p.text), dash))
        elif p.kind == "table":
            data = [[Paragraph(escape(c), cellh if i == 0 else cell) for c in r]
                    for i, r in enumerate(p.rows)]
            t = Table(data, colWidths=p.col_widths or [58 * mm] * len(p.rows[0]),
                      repeatRows=1 if p.repeat_header else 0)
            t.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)),
            ]))
            story += [t, Spacer(1, 8)]
        elif p.kind == "title":
            story.append(Paragraph(escape(p.text), title))
        elif p.kind == "lead":
            story.append(Paragraph(escape(p.text), lead))
        elif p.kind == "subbullet":
            story.append(Paragraph(escape(p.text), subbullet, bulletText=p.glyph))
        elif p.kind == "number":
            story.append(Paragraph(escape(p.text), number, bulletText=p.glyph))
        elif p.kind == "small":
            story.append(Paragraph(escape(p.text), small))
        else:
            story.append(Paragraph(escape(p.text), body))
        if p.break_after:
            story.append(PageBreak())

    footer_left = cfg["footer_left"]

    class FooterCanvas(rl_canvas.Canvas):
        """Two-pass page numbering: 'Sida N (M)'."""

        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(regular, 9)
                self.drawString(20 * mm, 12 * mm, footer_left)
                self.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Sida {self._pageNumber} ({total})")
                super().showPage()
            super().save()

    doc = SimpleDocTemplate(str(out_pdf), pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm,
                            topMargin=22 * mm, bottomMargin=25 * mm,
                            title="", author="", creator="", producer="")
    doc.build(story, canvasmaker=FooterCanvas)


# --------------------------------------------------------------------------- scanning

def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def rasterise(pdf: Path, workdir: Path) -> list[Path]:
    prefix = workdir / "page"
    run(["pdftoppm", "-r", str(RENDER_DPI), "-gray", "-png", str(pdf), str(prefix)])
    return sorted(workdir.glob("page-*.png"))


def degrade(png: Path, params: dict, rng, out_tif: Path) -> None:
    import numpy as np
    from PIL import Image, ImageFilter

    im = Image.open(png).convert("L")
    angle = float(rng.uniform(-params["skew_deg"], params["skew_deg"]))
    if angle:
        im = im.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if params["blur"]:
        im = im.filter(ImageFilter.GaussianBlur(params["blur"]))
    scale = params["scan_dpi"] / RENDER_DPI
    if scale != 1:
        im = im.resize((round(im.width * scale), round(im.height * scale)), Image.BOX)
    a = np.asarray(im, dtype=np.float32)
    a = a + rng.normal(0.0, params["noise"], a.shape).astype(np.float32)
    black = a < params["threshold"]
    black &= ~(rng.random(a.shape) < params["dropout"])
    black |= rng.random(a.shape) < params["speck"]
    out = Image.fromarray(np.where(black, 0, 255).astype(np.uint8)).convert("1")
    out.save(out_tif, compression="group4", dpi=(params["scan_dpi"], params["scan_dpi"]))


def pdftotext(pdf: Path, raw: bool = False) -> str:
    """Default: poppler's reading-order reconstruction. raw=True: content-stream order
    (`pdftotext -raw`), which is what a plain content-stream walker such as lopdf sees."""
    return run(["pdftotext", "-enc", "UTF-8", *(["-raw"] if raw else []), str(pdf), "-"]).stdout


def pdf_pages(pdf: Path) -> int:
    info = run(["pdfinfo", str(pdf)]).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def tesseract_version() -> str:
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    return (out.stdout or out.stderr).splitlines()[0].strip()


def ocr_eng_pdf(pages: list[Path], out_pdf: Path, workdir: Path) -> None:
    lst = workdir / "imagelist.txt"
    lst.write_text("".join(f"{p}\n" for p in pages))
    base = out_pdf.with_suffix("")
    run(["tesseract", str(lst), str(base), "-l", "eng", "pdf"])


def ocr_swe_text(pages: list[Path]) -> tuple[str, list[float]]:
    texts, secs = [], []
    for p in pages:
        t0 = time.perf_counter()
        out = run(["tesseract", str(p), "stdout", "-l", "swe"]).stdout
        secs.append(time.perf_counter() - t0)
        texts.append(out)
    return "".join(texts), secs  # tesseract ends every page with a form feed


def image_only_pdf(pages: list[Path], out_pdf: Path) -> None:
    import img2pdf
    # CCITT G4 TIFFs are embedded as they are (no re-encoding); no text layer at all.
    # The internal engine writes no random /ID: byte-identical on every run.
    out_pdf.write_bytes(img2pdf.convert([str(p) for p in pages], nodate=True,
                                        engine=img2pdf.Engine.internal))


def ocrmypdf_available() -> bool:
    return shutil.which("ocrmypdf") is not None


def make_ocrmypdf(image_pdf: Path, out_pdf: Path) -> str:
    # --output-type pdf: no PDF/A conversion, the text layer stays a Form XObject overlay.
    cmd = ["ocrmypdf", "-l", "eng", "--output-type", "pdf", "--optimize", "0", "--quiet",
           str(image_pdf), str(out_pdf)]
    run(cmd)
    return " ".join(cmd[:-2])


def describe_text_layer(pdf: Path) -> str:
    """Where the text operators of page 1 live: 'page content stream' or 'Form XObject /Name'."""
    import pikepdf
    with pikepdf.open(pdf) as doc:
        page = doc.pages[0]
        contents = page.obj.Contents
        streams = [contents] if isinstance(contents, pikepdf.Stream) else list(contents)
        if any(b"BT" in c.read_bytes() for c in streams):
            return "page content stream"
        for name, xo in page.obj.Resources.get("/XObject", {}).items():
            if xo.get("/Subtype") == "/Form" and b"BT" in xo.read_bytes():
                return f"Form XObject {name}"
    return "not found"


# --------------------------------------------------------------------------- --set DIR

# Every DIR/*.txt -> DIR/scanned/<stem>_{mild,heavy}.pdf (eng OCR text layer), <stem>_image.pdf
# (the heavy page images, no text layer) and <stem>.truth.txt. The text is read into headings,
# lists, tables and page markers by scripts/make_fixtures.py's parse_plan (the same reading the
# --set PDFs there are made from); a page marker of the original ("Sida 3 av 7") stays text and
# a new page starts after it.

SET_LEVELS = ("mild", "heavy")
SET_FIXED_PDF_DATE = b"D:20230315093000Z00'00'"


def _make_fixtures():
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    import make_fixtures
    return make_fixtures


def set_config(src: Path) -> dict:
    """Font, footer and RNG seed of one plan: fixed by its file name, so reruns are identical."""
    import zlib
    mf = _make_fixtures()
    plan = mf.load_set_plan(src)
    h = zlib.crc32(src.stem.encode("utf-8"))
    return {
        "dir": os.path.relpath(src.parent, ROOT),
        "seed": src.name,
        "mode": "set",
        "font": ("Times", "Helvetica")[h % 2],
        "footer_left": mf.winansi_safe(plan.label)[0],
        "seed_rng": 5000 + h % 5000,
    }


def set_paras(src: Path, cfg: dict) -> list[Para]:
    """The plan as typeset units. Text is made WinAnsi-safe (the standard fonts show nothing
    else), so the truth is exactly what was typeset."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    mf = _make_fixtures()

    def w(s: str) -> str:
        return mf.winansi_safe(s)[0]

    base = cfg["font"]
    bold = f"{base}-Bold"
    paras: list[Para] = []
    for it in mf.parse_plan(src.read_text(encoding="utf-8")):
        k = it.kind
        if k == "table":
            rows = [[w(c) for c in r] for r in it.rows]
            # the cell padding of a reportlab Table is 6 pt a side
            widths, _ = mf.column_widths(rows, 210 * mm - 44 * mm, lambda s: stringWidth(s, bold, 10), 14.0)
            p = Para("table", rows=rows, col_widths=widths, repeat_header=False)
        elif k == "title":
            p = Para("title", w(it.text))
        elif k in ("heading", "subtitle", "front"):
            p = Para("heading", w(it.text))
        elif k == "lead":
            p = Para("lead", w(it.text))
        elif k == "bullet" and it.level == 1:
            p = Para("bullet", w(it.text))
        elif k == "bullet":
            p = Para("subbullet", w(it.text), glyph=w(it.glyph))
        elif k == "number":
            p = Para("number", w(it.text), glyph=it.glyph)
        elif k in ("marker", "meta"):
            p = Para("small", w(it.text))
        else:
            p = Para("body", w(it.text))
        p.break_after = it.break_after
        paras.append(p)
    return paras


def pin_tesseract_pdf(pdf: Path) -> None:
    """Tesseract writes the wall-clock /CreationDate; overwrite it in place, same length."""
    data = pdf.read_bytes()

    def fix(m: re.Match) -> bytes:
        new = b"/CreationDate (" + SET_FIXED_PDF_DATE + b")"
        return new if len(new) == len(m.group(0)) else m.group(0)

    pdf.write_bytes(re.sub(rb"/CreationDate \(D:[0-9+\-Z']+\)", fix, data))


def fold(s: str) -> str:
    """å/ä/ö/é... to their base letters: what the eng model can at best produce."""
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", s) if unicodedata.category(c) != "Mn")


def found_share(truth: str, text: str, folded: bool = False) -> float:
    from collections import Counter
    a, b = (tokens(fold(truth)), tokens(fold(text))) if folded else (tokens(truth), tokens(text))
    if not a:
        return 1.0
    return (len(a) - sum((Counter(a) - Counter(b)).values())) / len(a)


def scan_plan(src: Path, out: Path, cfg: dict) -> tuple[str, dict, dict, float]:
    """One plan: typeset, rasterise, degrade, OCR. Returns (stem, file entries, document entry, s)."""
    import numpy as np
    t0 = time.perf_counter()
    key = src.stem
    DOCS[key] = cfg  # render_pdf reads the font and footer from DOCS
    paras = set_paras(src, cfg)
    truth = truth_text(paras)
    (out / f"{key}.truth.txt").write_text(truth, encoding="utf-8")
    source = os.path.relpath(src, ROOT)
    files: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix=f"scanset-{key}-") as tmp:
        work = Path(tmp)
        clean_pdf = work / f"{key}_clean.pdf"
        render_pdf(key, paras, clean_pdf)
        pngs = rasterise(clean_pdf, work)
        for li, level in enumerate(SET_LEVELS):
            params = LEVELS[level]
            seed = cfg["seed_rng"] * 10 + li
            rng = np.random.default_rng(seed)
            lw = work / level
            lw.mkdir()
            tifs = []
            for i, png in enumerate(pngs, 1):
                tif = lw / f"p{i:03d}.tif"
                degrade(png, params, rng, tif)
                tifs.append(tif)
            pdf = out / f"{key}_{level}.pdf"
            ocr_eng_pdf(tifs, pdf, lw)
            pin_tesseract_pdf(pdf)
            text = pdftotext(pdf)
            eng_wer = wer(truth, text)
            common = {
                "source": source,
                "truth": f"{key}.truth.txt",
                "level": level,
                "degradation": {**params, "rng_seed": seed},
                "font": f"{cfg['font']} 11 pt, A4",
                "footer": f"{cfg['footer_left']}   Sida N (M)",
                "pages": len(tifs),
                "truth_words": len(tokens(truth)),
            }
            files[pdf.name] = {
                "kind": "tesseract -l eng pdf (text layer from OCR without Swedish)", **common,
                "eng_text_layer_wer": round(eng_wer, 4),
                "eng_text_layer_wer_raw_order": round(wer(truth, pdftotext(pdf, raw=True)), 4),
            }
            if level == "heavy":
                io_pdf = out / f"{key}_image.pdf"
                image_only_pdf(tifs, io_pdf)
                files[io_pdf.name] = {"kind": "image only (img2pdf, CCITT G4), no text layer", **common,
                                      "same_images_as": pdf.name}
    toks = tokens(truth)
    doc = {
        "source": source,
        "truth": f"{key}.truth.txt",
        "pages": len(pngs),
        "truth_words": len(toks),
        "truth_words_with_non_ascii": sum(1 for t in toks if not t.isascii()),
        "footer_words_per_page": len(tokens(f"{cfg['footer_left']} Sida 1 (1)")),
        "font": cfg["font"],
        "seed_rng": cfg["seed_rng"],
    }
    doc["eng_wer"] = {n: e["eng_text_layer_wer"] for n, e in files.items() if "eng_text_layer_wer" in e}
    return key, files, doc, time.perf_counter() - t0


def generate_set(set_dir: Path, only: list[str] | None, jobs: int) -> None:
    from concurrent.futures import ProcessPoolExecutor
    srcs = sorted(set_dir.glob("*.txt"))
    if only:
        unknown = [o for o in only if o not in {s.stem for s in srcs}]
        if unknown:
            sys.exit(f"--only: no {', '.join(unknown)}.txt in {set_dir}")
        srcs = [s for s in srcs if s.stem in only]
    if not srcs:
        sys.exit(f"no *.txt in {set_dir}")
    out = set_dir / "scanned"
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    manifest.setdefault("files", {})
    manifest.setdefault("documents", {})
    manifest["generator"] = f"scripts/make_scanned_fixtures.py --set {os.path.relpath(set_dir, ROOT)}"
    manifest["wer_definition"] = ("Levenshtein distance over lower-cased \\w+ word tokens / truth "
                                  "tokens; truth excludes page footers (footer words in a text "
                                  "layer count as insertions)")
    manifest["tesseract"] = tesseract_version()
    manifest["render_dpi"] = RENDER_DPI
    manifest["omp_thread_limit"] = os.environ.get("OMP_THREAD_LIMIT")
    cfgs = {s.stem: set_config(s) for s in srcs}
    jobs = max(1, min(jobs, len(srcs)))
    t0 = time.perf_counter()
    # one plan per process: tesseract runs single-threaded (OMP_THREAD_LIMIT=1), so N processes
    # use N cores; nothing is shared but the output folder (distinct file names)
    if jobs == 1:
        results = [scan_plan(s, out, cfgs[s.stem]) for s in srcs]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futs = [pool.submit(scan_plan, s, out, cfgs[s.stem]) for s in srcs]
            results = [f.result() for f in futs]
    for key, files, doc, secs in results:
        for name in (f"{key}_mild.pdf", f"{key}_heavy.pdf", f"{key}_image.pdf"):
            manifest["files"].pop(name, None)
        manifest["files"].update(files)
        manifest["documents"][key] = doc
        wers = ", ".join(f"{n}: eng WER {e['eng_text_layer_wer']:.4f}" for n, e in files.items()
                         if "eng_text_layer_wer" in e)
        print(f"{key}: {doc['pages']} pages, {doc['truth_words']} truth words, {secs:.1f} s ({wers})",
              file=sys.stderr)
    present = {s.stem for s in set_dir.glob("*.txt")}
    for key in [k for k in manifest["documents"] if k not in present]:
        del manifest["documents"][key]
    for name in [n for n, e in manifest["files"].items() if Path(e["truth"]).stem.split(".")[0] not in present]:
        del manifest["files"][name]
    manifest["files"] = dict(sorted(manifest["files"].items()))
    manifest["documents"] = dict(sorted(manifest["documents"].items()))
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(srcs)} plans in {time.perf_counter() - t0:.1f} s with {jobs} process(es)", file=sys.stderr)


def check_set(set_dir: Path) -> int:
    """Per PDF: pages, words of its text layer, WER against the truth, and the share of the
    truth's words found in the text layer (as is, and with å/ä/ö folded to a/a/o, which is
    the most the eng model can give); per plan: whether the truth has the plan's words."""
    from collections import Counter
    out = set_dir / "scanned"
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"files": {}}
    problems = []
    print(f"{'file':34} {'pages':>5} {'words':>6} {'truth':>6} {'WER':>6} {'found':>7} {'folded':>7} {'KiB':>6}")
    for src in sorted(set_dir.glob("*.txt")):
        key = src.stem
        truth_path = out / f"{key}.truth.txt"
        if not truth_path.exists():
            problems.append(f"MISSING: {truth_path.name} (run --set {os.path.relpath(set_dir, ROOT)} --only {key})")
            continue
        truth = truth_path.read_text(encoding="utf-8")
        # the truth must hold the plan's words (glyph tokens such as "▪" are no \w+ tokens)
        mf = _make_fixtures()
        src_toks = Counter(tokens(mf.winansi_safe(src.read_text(encoding="utf-8"))[0]))
        diff = sum(((src_toks - Counter(tokens(truth))) + (Counter(tokens(truth)) - src_toks)).values())
        if diff:
            problems.append(f"{truth_path.name}: {diff} words differ from {src.name}")
        for suffix in ("_mild", "_heavy", "_image"):
            pdf = out / f"{key}{suffix}.pdf"
            if not pdf.exists():
                problems.append(f"MISSING: {pdf.name}")
                continue
            text = pdftotext(pdf)
            n = len(tokens(text))
            if suffix == "_image":
                if n:
                    problems.append(f"{pdf.name}: has a text layer ({n} words)")
                w_, f1, f2 = "-", "-", "-"
            else:
                w_ = f"{wer(truth, text):.3f}"
                f1 = f"{100 * found_share(truth, text):.1f}%"
                f2 = f"{100 * found_share(truth, text, folded=True):.1f}%"
            print(f"{pdf.name:34} {pdf_pages(pdf):5d} {n:6d} {len(tokens(truth)):6d} {w_:>6} {f1:>7} {f2:>7} "
                  f"{pdf.stat().st_size / 1024:6.0f}")
    total = sum(f.stat().st_size for f in out.iterdir() if f.is_file())
    print(f"total size of {os.path.relpath(out, ROOT)}: {total} bytes")
    for p in problems:
        print(p)
    return 1 if problems else 0


# --------------------------------------------------------------------------- main

def parse_overrides(items: list[str]) -> None:
    for item in items:
        m = re.fullmatch(r"(\w+)\.(\w+)=(.+)", item)
        if not m or m.group(1) not in LEVELS or m.group(2) not in LEVELS[m.group(1)]:
            sys.exit(f"bad --set {item!r}: use LEVEL.PARAM=VALUE")
        lvl, key, val = m.groups()
        LEVELS[lvl][key] = type(LEVELS[lvl][key])(float(val))


def generate(args) -> None:
    import numpy as np

    OUT.mkdir(parents=True, exist_ok=True)
    manifest_path = OUT / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    manifest.setdefault("files", {})
    manifest["generator"] = "scripts/make_scanned_fixtures.py"
    manifest["wer_definition"] = ("Levenshtein distance over lower-cased \\w+ word tokens / truth "
                                  "tokens; truth excludes page footers (footer words in a text "
                                  "layer count as insertions)")
    manifest["tesseract"] = tesseract_version()
    manifest["render_dpi"] = RENDER_DPI
    manifest["omp_thread_limit"] = os.environ.get("OMP_THREAD_LIMIT")
    manifest["swe_timing_note"] = ("seconds per page = wall time of one `tesseract PAGE stdout -l swe` "
                                   "process per page image, OMP_THREAD_LIMIT as above")
    manifest["cpu_count"] = os.cpu_count()

    keep = Path(args.keep) if args.keep else None
    tmp_root = Path(tempfile.mkdtemp(prefix="scanfix-"))
    try:
        for key in args.only or list(DOCS):
            cfg = DOCS[key]
            paras = load_doc(key)
            truth = truth_text(paras)
            (OUT / f"{key}.truth.txt").write_text(truth, encoding="utf-8")
            work = (keep or tmp_root) / key
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            clean_pdf = work / f"{key}_clean.pdf"
            render_pdf(key, paras, clean_pdf)
            pngs = rasterise(clean_pdf, work)
            print(f"{key}: {len(pngs)} pages, {len(tokens(truth))} truth words", file=sys.stderr)
            # The floor: the same pages, only thresholded at 200 dpi (no skew, blur or noise).
            bw = work / "undegraded"
            bw.mkdir()
            clean = dict(UNDEGRADED)
            tifs = []
            for i, png in enumerate(pngs, 1):
                tifs.append(bw / f"p{i:03d}.tif")
                degrade(png, clean, np.random.default_rng(0), tifs[-1])
            ocr_eng_pdf(tifs, bw / "eng.pdf", bw)
            toks = tokens(truth)
            footer_tokens = len(tokens(f"{cfg['footer_left']} Sida 1 (1)"))
            manifest.setdefault("documents", {})[key] = {
                "truth": f"{key}.truth.txt",
                "source_seed": f"shared/seeds/{cfg['seed']}",
                "pages": len(pngs),
                "truth_words": len(toks),
                "truth_words_with_non_ascii": sum(1 for t in toks if not t.isascii()),
                "footer_words_per_page": footer_tokens,
                "eng_wer_undegraded": round(wer(truth, pdftotext(bw / "eng.pdf")), 4),
                "undegraded_params": clean,
            }
            print(f"  undegraded: eng WER {manifest['documents'][key]['eng_wer_undegraded']:.3f}",
                  file=sys.stderr)
            for li, (level, params) in enumerate(LEVELS.items()):
                rng = np.random.default_rng(cfg["seed_rng"] * 10 + li)
                lw = work / level
                lw.mkdir()
                tifs = []
                for i, png in enumerate(pngs, 1):
                    tif = lw / f"p{i:03d}.tif"
                    degrade(png, params, rng, tif)
                    tifs.append(tif)
                pdf = OUT / f"{key}_{level}.pdf"
                ocr_eng_pdf(tifs, pdf, lw)
                eng_wer = wer(truth, pdftotext(pdf))
                entry = manifest["files"].get(pdf.name, {})
                entry.update({
                    "kind": "tesseract -l eng pdf (text layer from OCR without Swedish)",
                    "source_seed": f"shared/seeds/{cfg['seed']}",
                    "truth": f"{key}.truth.txt",
                    "level": level,
                    "degradation": {**params, "rng_seed": cfg["seed_rng"] * 10 + li},
                    "font": f"{cfg['font']} 11 pt, A4",
                    "footer": f"{cfg['footer_left']}   Sida N (M)",
                    "pages": len(tifs),
                    "truth_words": len(tokens(truth)),
                    "eng_text_layer_wer": round(eng_wer, 4),
                    "eng_text_layer_wer_raw_order": round(wer(truth, pdftotext(pdf, raw=True)), 4),
                })
                msg = f"  {level}: eng WER {eng_wer:.3f}"
                if not args.no_swe:
                    swe_txt, secs = ocr_swe_text(tifs)
                    swe_file = OUT / f"{key}_{level}.swe.txt"
                    swe_file.write_text(swe_txt, encoding="utf-8")
                    entry.update({
                        "swe_reocr": swe_file.name,
                        "swe_reocr_wer": round(wer(truth, swe_txt), 4),
                        "swe_seconds_per_page": round(sum(secs) / len(secs), 2),
                        "swe_seconds_per_page_each": [round(s, 2) for s in secs],
                    })
                    msg += f", swe WER {entry['swe_reocr_wer']:.3f}, {entry['swe_seconds_per_page']} s/page"
                manifest["files"][pdf.name] = entry
                print(msg, file=sys.stderr)

                if key == "004" and level == "mild":
                    io_pdf = OUT / "004_image_only.pdf"
                    image_only_pdf(tifs[:IMAGE_ONLY_PAGES], io_pdf)
                    manifest["files"][io_pdf.name] = {
                        "kind": "image only (img2pdf, CCITT G4), no text layer",
                        "source_seed": f"shared/seeds/{cfg['seed']}",
                        "truth": f"{key}.truth.txt",
                        "truth_note": f"first {IMAGE_ONLY_PAGES} pages of the truth only",
                        "level": level,
                        "degradation": {**params, "rng_seed": cfg["seed_rng"] * 10 + li},
                        "pages": min(IMAGE_ONLY_PAGES, len(tifs)),
                        "same_images_as": pdf.name,
                    }
                    if not args.no_ocrmypdf:
                        if ocrmypdf_available():
                            full_img = lw / "all_pages_image_only.pdf"
                            image_only_pdf(tifs, full_img)
                            om_pdf = OUT / "004_ocrmypdf.pdf"
                            cmd = make_ocrmypdf(full_img, om_pdf)
                            ver = run(["ocrmypdf", "--version"]).stdout.strip()
                            om_wer = wer(truth, pdftotext(om_pdf))
                            manifest["files"][om_pdf.name] = {
                                "kind": f"OCRmyPDF {ver}: {cmd} <image-only pdf of all pages>",
                                "text_layer_location": describe_text_layer(om_pdf),
                                "source_seed": f"shared/seeds/{cfg['seed']}",
                                "truth": f"{key}.truth.txt",
                                "level": level,
                                "degradation": {**params, "rng_seed": cfg["seed_rng"] * 10 + li},
                                "pages": pdf_pages(om_pdf),
                                "truth_words": len(tokens(truth)),
                                "eng_text_layer_wer": round(om_wer, 4),
                                "eng_text_layer_wer_raw_order": round(
                                    wer(truth, pdftotext(om_pdf, raw=True)), 4),
                                "same_images_as": pdf.name,
                            }
                            print(f"  ocrmypdf: eng WER {om_wer:.3f}", file=sys.stderr)
                        else:
                            print("  ocrmypdf not installed: 004_ocrmypdf.pdf skipped", file=sys.stderr)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    manifest["files"] = dict(sorted(manifest["files"].items()))
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def check() -> int:
    manifest_path = OUT / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"files": {}}
    rows = []
    missing = 0
    for pdf in sorted(OUT.glob("*.pdf")):
        key = pdf.name.split("_")[0]
        truth_path = OUT / f"{key}.truth.txt"
        if not truth_path.exists():
            print(f"missing truth for {pdf.name}", file=sys.stderr)
            missing += 1
            continue
        truth = truth_path.read_text(encoding="utf-8")
        text = pdftotext(pdf)
        pages = pdf_pages(pdf)
        raw = wer(truth, text) if tokens(text) else None
        raw_order = wer(truth, pdftotext(pdf, raw=True)) if tokens(text) else None
        swe = OUT / pdf.name.replace(".pdf", ".swe.txt")
        swe_wer = wer(truth, swe.read_text(encoding="utf-8")) if swe.exists() else None
        spp = manifest["files"].get(pdf.name, {}).get("swe_seconds_per_page")
        rows.append((pdf.name, pages, len(tokens(text)), len(tokens(truth)), raw, raw_order,
                     swe_wer, spp, pdf.stat().st_size))
    print(f"{'file':22} {'pages':>5} {'words':>6} {'truth':>6} {'raw WER':>8} {'-raw ord':>8} "
          f"{'swe WER':>8} {'swe s/p':>8} {'bytes':>8}")
    def fmt(v, f):
        return f"{'-':>8}" if v is None else format(v, f)
    for name, pages, words, tw, raw, raw_order, swe_wer, spp, size in rows:
        print(f"{name:22} {pages:5d} {words:6d} {tw:6d} {fmt(raw, '8.3f')} {fmt(raw_order, '8.3f')} "
              f"{fmt(swe_wer, '8.3f')} {fmt(spp, '8.2f')} {size:8d}")
    total = sum(f.stat().st_size for f in OUT.iterdir() if f.is_file())
    print(f"total size of {OUT.relative_to(ROOT)}: {total} bytes")
    return 1 if missing or not rows else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="only measure the fixtures in fixtures/scanned "
                                                         "(with --set DIR: those in DIR/scanned)")
    ap.add_argument("--only", action="append", metavar="KEY",
                    help="generate only this document (" + ", ".join(list(DOCS) + list(DEV_DOCS))
                         + "; with --set DIR: the plan DIR/KEY.txt); repeatable")
    ap.add_argument("--set", action="append", default=[], metavar="DIR | LEVEL.PARAM=VALUE",
                    help="LEVEL.PARAM=VALUE: override a degradation parameter (tuning); DIR (a folder): "
                         "scan every DIR/*.txt into DIR/scanned/ instead of the fixtures here")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                    help="with --set DIR: plans scanned in parallel, one process each (default: "
                         "min(2, cores))")
    ap.add_argument("--no-swe", action="store_true", help="skip the tesseract -l swe re-OCR (the manifest keeps earlier swe values)")
    ap.add_argument("--no-ocrmypdf", action="store_true", help="skip 004_ocrmypdf.pdf")
    ap.add_argument("--keep", metavar="DIR", help="keep intermediate images in DIR")
    ap.add_argument("--dev", action="store_true",
                    help="the development set from fixtures/heldout into fixtures/scanned/dev")
    args = ap.parse_args()
    # --set takes both the tuning overrides (LEVEL.PARAM=VALUE) and a plan folder
    overrides = [v for v in args.set if re.fullmatch(r"\w+\.\w+=.+", v)]
    set_dirs = [Path(v) for v in args.set if v not in overrides]
    for d in set_dirs:
        if not d.is_dir():
            ap.error(f"--set {d}: neither LEVEL.PARAM=VALUE nor a directory")
    if set_dirs:
        if args.dev:
            ap.error("--set DIR and --dev exclude each other")
        parse_overrides(overrides)
        rc = 0
        for d in set_dirs:
            d = d.resolve()
            if not args.check:
                generate_set(d, args.only, args.jobs)
            rc |= check_set(d)
        return rc
    for key in args.only or []:
        if key not in list(DOCS) + list(DEV_DOCS):
            ap.error(f"argument --only: invalid choice: {key!r} (choose from "
                     + ", ".join(repr(k) for k in list(DOCS) + list(DEV_DOCS)) + ")")
    if args.dev:
        global OUT
        OUT = ROOT / "fixtures" / "scanned" / "dev"
        DOCS.clear()
        DOCS.update(DEV_DOCS)
        args.no_ocrmypdf = True
    if args.check:
        return check()
    parse_overrides(overrides)
    generate(args)
    return check()


if __name__ == "__main__":
    sys.exit(main())
