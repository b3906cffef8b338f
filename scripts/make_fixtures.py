#!/usr/bin/env python3
"""Regenerate plancov's PDF corpus and PDF test fixtures from the seed texts.

Run from anywhere (paths are resolved from this file's location):

    python3 scripts/make_fixtures.py            # copy seeds, (re)generate every PDF, write manifest
    python3 scripts/make_fixtures.py --check    # same, then verify every PDF with pdftotext
    python3 scripts/make_fixtures.py --check-only   # verify the committed PDFs, generate nothing

See scripts/README.md for the set-up (pip + Debian packages) and what each output is.

Outputs (all relative to the repository root):

  corpus/plans/<seed>.txt                 verbatim copies of the seed texts
  corpus/plans/004_1c625e28d7976f31.pdf   Word document (python-docx) -> LibreOffice PDF export
  corpus/plans/002_1ad6448ef08cc064.pdf   slide-like landscape Word document with 3-column tables -> LibreOffice
  corpus/plans/000_016352973456be0f.pdf   OCR-damaged text typeset with reportlab (stand-in for a scan's text layer)
  fixtures/pdf/004_winansi_helvetica.pdf  reportlab canvas, standard Helvetica (WinAnsiEncoding, not embedded)
  fixtures/pdf/004_type0_truetype.pdf     fpdf2, embedded DejaVuSans subset (Type0 / Identity-H / ToUnicode)
  fixtures/pdf/004_td_words.pdf           hand-rolled PDF: one Tj per word, no spaces, shuffled lines, Form XObject
  fixtures/pdf/004_word_export.pdf        copy of corpus/plans/004_1c625e28d7976f31.pdf
  fixtures/pdf/002_word_table.pdf         copy of corpus/plans/002_1ad6448ef08cc064.pdf
  fixtures/pdf/manifest.json              what each fixture was made from and which lines the generator added
"""
from __future__ import annotations

import argparse
import datetime as _dt
import difflib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLANS = REPO / "corpus" / "plans"
FIXTURES = REPO / "fixtures" / "pdf"
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"

SEED_000 = "000_016352973456be0f"
SEED_002 = "002_1ad6448ef08cc064"
SEED_004 = "004_1c625e28d7976f31"
SEEDS = [SEED_000, SEED_002, SEED_004]

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# One fixed instant for every date the tools let us set (metadata, docx core properties).
FIXED_DATE = _dt.datetime(2023, 3, 15, 9, 30, 0, tzinfo=_dt.timezone.utc)
PDF_DATE = "D:20230315093000Z"

# Header / footer texts the generators add (and the regexes that recognise them in extracted text).
ASF_HEADER = "Arbetsmarknads- och socialförvaltningen – Handlingsplan Fri från våld"
ASF_FOOTER_PREFIX = "Diarienummer: ASF-2023-01234   Sida "
FSF_FOOTER_PREFIX = "Funktionsstödsförvaltningen   Bild "
HVOF_FOOTER = "Diarienummer: HV0-2023-4184"

ADDED_WORD_004 = [
    r"^Arbetsmarknads- och socialförvaltningen – Handlingsplan Fri från våld$",
    r"^Diarienummer: ASF-2023-01234(\s+Sida \d+)?$",
    r"^Sida \d+$",
]
ADDED_WORD_002 = [
    r"^Funktionsstödsförvaltningen(\s+Bild \d+)?$",
    r"^Bild \d+$",
]
ADDED_REPORTLAB_000 = [r"^Diarienummer: HV0-2023-4184$"]
ADDED_WINANSI = [r"^Handlingsplan Fri från våld – Arbetsmarknads- och socialnämnden$", r"^Sida \d+ av \d+$"]
ADDED_TYPE0 = [r"^Arbetsmarknads- och socialförvaltningen$", r"^Sida \d+ av \d+$"]

# Tokens that are list-bullet glyphs (or the seed's textual stand-ins for them); a word comparison
# drops them on both sides.  U+F0B7 is the Symbol-font bullet Word uses, U+2318 is what the
# FSF slides' bullets were extracted as.
BULLET_TOKEN_RE = r"^[-\u2022\u2023\u25aa\u25cf\u25e6\u2318\uf0a7\uf0b7\uf0d8\uf0fc]$"
# Characters of the 002 seed's markdown emphasis (*italic*, **bold**): rendered as real
# italic/bold in the PDF, so they are removed from the source words before comparing.
STRIP_EMPHASIS = "*"


def rel(p: Path) -> str:
    return p.resolve().relative_to(REPO).as_posix()


# ----------------------------------------------------------------------------------------------
# Seed handling
# ----------------------------------------------------------------------------------------------

def copy_seeds(seed_dir: Path) -> None:
    PLANS.mkdir(parents=True, exist_ok=True)
    for name in SEEDS:
        dst = PLANS / f"{name}.txt"
        src = seed_dir / f"{name}.txt"
        if src.exists():
            data = src.read_bytes()
            if not dst.exists() or dst.read_bytes() != data:
                dst.write_bytes(data)
                print(f"copied {src} -> {rel(dst)}")
        elif not dst.exists():
            sys.exit(f"seed {src} not found and {rel(dst)} missing; pass --seeds DIR")


def read_plan(name: str) -> str:
    return (PLANS / f"{name}.txt").read_text(encoding="utf-8")


def blocks_of(text: str) -> list[list[str]]:
    """Blocks of consecutive non-blank lines (a line of only spaces counts as blank)."""
    blocks: list[list[str]] = []
    cur: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            cur.append(line.rstrip(" \r"))
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


# ----------------------------------------------------------------------------------------------
# 004: paragraph model shared by the Word document
# ----------------------------------------------------------------------------------------------

SECTION_TITLES_004 = {
    "Inledning",
    "Syfte och ansvarsfördelning",
    "Handlingsplanens inriktning och fokusområden",
    "Planens mål",
    "Genomförande och uppföljning av handlingsplanen",
}
SUBTITLES_004 = {"Fri från våld - en gemensam angelägenhet"}
RUBRIKER = {"Stadsövergripande aktiviteter", "Aktiviteter i samverkan", "Verksamhetsspecifika aktiviteter"}
GOAL_RE = re.compile(r"^[Ii]nriktningsmål \d+ - ")


@dataclass
class Para:
    kind: str  # goal | title | subtitle | rubrik | bullet | lead | body
    text: str


def paragraphs_004(text: str) -> list[Para]:
    """Join the seed's hard-wrapped lines into paragraphs.

    A paragraph is a run of consecutive non-blank lines; a `- ` line starts a new bullet
    paragraph; a line with a leading space marks where a page of the original PDF began and
    starts a new paragraph (the leading space and trailing spaces are stripped).  Two or more
    consecutive leading-space lines are list items whose bullet glyph the extraction lost
    (the "Genom att:" lists); they become bullets too.
    """
    out: list[Para] = []
    for block in blocks_of(text):
        sp = [line.startswith(" ") for line in block]
        cur: Para | None = None
        for i, line in enumerate(block):
            t = line.strip()
            lost_glyph_item = sp[i] and ((i > 0 and sp[i - 1]) or (i + 1 < len(block) and sp[i + 1]))
            if lost_glyph_item:
                out.append(Para("bullet", t))
                cur = None
            elif t.startswith("- "):
                cur = Para("bullet", t[2:].strip())
                out.append(cur)
            elif sp[i] or cur is None:
                cur = Para("body", t)
                out.append(cur)
            else:
                cur.text += " " + t
    for p in out:
        if p.kind != "body":
            continue
        if GOAL_RE.match(p.text):
            p.kind = "goal"
        elif p.text in SECTION_TITLES_004:
            p.kind = "title"
        elif p.text in SUBTITLES_004:
            p.kind = "subtitle"
        elif p.text in RUBRIKER:
            p.kind = "rubrik"
        elif p.text.endswith(":"):
            p.kind = "lead"
    return out


# ----------------------------------------------------------------------------------------------
# python-docx helpers
# ----------------------------------------------------------------------------------------------

def _docx():
    import docx  # noqa: F401  (imported lazily so --check-only needs no python-docx)
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor
    return Document, WD_ORIENT, WD_TABLE_ALIGNMENT, WD_TAB_ALIGNMENT, OxmlElement, qn, Cm, Pt, RGBColor


def set_style_font(style, name: str, size_pt: float | None = None, lang: str = "sv-SE") -> None:
    """Set an explicit font on a style, removing the theme-font attributes that override it."""
    _, _, _, _, OxmlElement, qn, _, Pt, _ = _docx()
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del rfonts.attrib[attr]
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(a), name)
    if size_pt is not None:
        style.font.size = Pt(size_pt)
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), lang)
    lang_el.set(qn("w:eastAsia"), lang)


def add_page_field(paragraph) -> None:
    """Append a complex PAGE field (begin / instrText / separate / cached result / end)."""
    _, _, _, _, OxmlElement, qn, _, _, _ = _docx()

    def fld(kind: str):
        r = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)

    fld("begin")
    r = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    r._r.append(instr)
    fld("separate")
    paragraph.add_run("1")
    fld("end")


def set_core_properties(doc, title: str, author: str) -> None:
    cp = doc.core_properties
    cp.title = title
    cp.author = author
    cp.last_modified_by = author
    cp.created = FIXED_DATE.replace(tzinfo=None)
    cp.modified = FIXED_DATE.replace(tzinfo=None)
    cp.revision = 1
    cp.language = "sv-SE"


def set_cant_split(row) -> None:
    _, _, _, _, OxmlElement, qn, _, _, _ = _docx()
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def build_docx_004(text: str, out: Path) -> None:
    Document, _, _, _, _, _, Cm, Pt, RGBColor = _docx()
    doc = Document()
    set_core_properties(doc, "Handlingsplan Fri från våld – arbetsmarknads- och socialnämnden",
                        "Arbetsmarknads- och socialförvaltningen")
    styles = doc.styles
    set_style_font(styles["Normal"], "Calibri", 11)
    for sname, size in (("Heading 1", 16), ("Heading 2", 13), ("Header", 9), ("Footer", 9), ("List Bullet", 11)):
        set_style_font(styles[sname], "Calibri", size)
    styles["Heading 1"].font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    styles["Heading 2"].font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.08

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2.2)
    sec.header_distance = sec.footer_distance = Cm(1.2)
    sec.header.paragraphs[0].text = ASF_HEADER
    fp = sec.footer.paragraphs[0]
    fp.add_run(ASF_FOOTER_PREFIX)
    add_page_field(fp)

    for p in paragraphs_004(text):
        if p.kind == "goal":
            para = doc.add_paragraph(p.text, style="Heading 1")
            para.paragraph_format.page_break_before = True
        elif p.kind == "title":
            para = doc.add_paragraph(p.text, style="Heading 1")
        elif p.kind == "subtitle":
            doc.add_paragraph(p.text, style="Heading 2")
        elif p.kind == "rubrik":
            para = doc.add_paragraph()
            para.add_run(p.text).bold = True
            para.paragraph_format.space_before = Pt(10)
            para.paragraph_format.keep_with_next = True
        elif p.kind == "bullet":
            doc.add_paragraph(p.text, style="List Bullet")
        elif p.kind == "lead":
            para = doc.add_paragraph(p.text)
            para.paragraph_format.keep_with_next = True
        else:
            doc.add_paragraph(p.text)
    doc.save(out)


# ----------------------------------------------------------------------------------------------
# 002: slide-like landscape document with 3-column tables
# ----------------------------------------------------------------------------------------------

GOAL_002_RE = re.compile(r"^Inriktnings+mål: ")
SLIDE_TITLES_002 = [
    "Fri från våld",
    "Stadens organisation för planens genomförande",
    "Planens karaktär, mål och syfte",
    "Uppföljning",
    "Plan Fri från våld – en gemensam angelägenhet , sex inriktningsmål",
    "Vad är våld?",
]
SUBHEADINGS_002 = {
    "Styrgruppen",
    "Samordningsgruppen",
    "Förvaltningens representant i samordningsgruppen",
    "Uppföljning",  # second occurrence (the first is a slide title)
    "Dialogmöten mellan arbetsmarknads- och socialförvaltningen och stadens förvaltningar",
    "En gemensam angelägenhet",
    "Fri från våld – en gemensam angelägenhet 2022-2026",
}
TABLE_HEADER_002 = ["Pågående arbete", "Aktiviteter under utveckling", "Behov av insatser"]


def emphasis_runs(text: str) -> list[tuple[str, bool, bool]]:
    """Split markdown-ish emphasis (**bold**, *italic*) into (text, bold, italic) runs."""
    runs: list[tuple[str, bool, bool]] = []
    bold = italic = False
    i = 0
    buf = ""
    while i < len(text):
        if text.startswith("**", i):
            if buf:
                runs.append((buf, bold, italic))
                buf = ""
            bold = not bold
            i += 2
        elif text[i] == "*":
            if buf:
                runs.append((buf, bold, italic))
                buf = ""
            italic = not italic
            i += 1
        else:
            buf += text[i]
            i += 1
    if buf:
        runs.append((buf, bold, italic))
    return runs


def add_emphasised(paragraph, text: str, base_bold: bool = False) -> None:
    """Add text with emphasis; '\n' inside text becomes a line break within the paragraph."""
    for chunk, b, it in emphasis_runs(text):
        parts = chunk.split("\n")
        for j, part in enumerate(parts):
            if j:
                paragraph.add_run().add_break()
            if part:
                r = paragraph.add_run(part)
                r.bold = b or base_bold or None
                r.italic = it or None


def build_docx_002(text: str, out: Path) -> None:
    Document, WD_ORIENT, WD_TABLE_ALIGNMENT, _, OxmlElement, qn, Cm, Pt, RGBColor = _docx()
    doc = Document()
    set_core_properties(doc, "Handlingsplan Fri från våld – Funktionsstödsförvaltningen",
                        "Funktionsstödsförvaltningen")
    styles = doc.styles
    set_style_font(styles["Normal"], "Calibri", 14)
    for sname, size in (("Title", 36), ("Heading 1", 22), ("Heading 2", 16), ("Footer", 10),
                        ("List Bullet", 14), ("Table Grid", 11)):
        set_style_font(styles[sname], "Calibri", size)
    for sname in ("Title", "Heading 1", "Heading 2"):
        styles[sname].font.color.rgb = RGBColor(0x00, 0x4F, 0x8C)
    styles["Normal"].paragraph_format.space_after = Pt(8)

    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin, sec.bottom_margin = Cm(1.8), Cm(1.8)
    sec.footer_distance = Cm(0.8)
    fp = sec.footer.paragraphs[0]
    fp.add_run(FSF_FOOTER_PREFIX)
    add_page_field(fp)

    col_w = Cm(7.5)
    seen_titles: set[str] = set()
    first = True
    for block in blocks_of(text):
        head = block[0].strip()
        if "\t" in block[0]:
            # A table: first line is the header row, then one row per tab-separated line.
            rows = [line.split("\t") for line in block]
            for r in rows:
                assert len(r) == 3, r
            table = doc.add_table(rows=0, cols=3)
            table.style = styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.LEFT
            table.autofit = False
            for ri, cells in enumerate(rows):
                row = table.add_row()
                set_cant_split(row)
                for ci, cell_text in enumerate(cells):
                    cell = row.cells[ci]
                    cell.width = col_w
                    cell_text = cell_text.strip()
                    par = cell.paragraphs[0]
                    # "hälsa -inspirationsträff -basworkshops": one item per line in the cell, as on
                    # the original slide (and so no line ever ends in a bare "-")
                    for k, piece in enumerate(re.split(r" (?=-\w)", cell_text) if cell_text else []):
                        if k:
                            par.add_run().add_break()
                        run = par.add_run(piece)
                        run.bold = True if ri == 0 else None
            for col in table.columns:
                col.width = col_w
            # tblGrid widths (LibreOffice reads these)
            grid = table._tbl.tblGrid
            for gc in grid.findall(qn("w:gridCol")):
                gc.set(qn("w:w"), str(int(col_w.twips)))
            # shade the header row like a slide table
            for cell in table.rows[0].cells:
                tcpr = cell._tc.get_or_add_tcPr()
                shd = OxmlElement("w:shd")
                shd.set(qn("w:val"), "clear")
                shd.set(qn("w:color"), "auto")
                shd.set(qn("w:fill"), "D9E6F2")
                tcpr.append(shd)
            doc.add_paragraph()  # Word always needs a paragraph after a table
            continue

        if head in SLIDE_TITLES_002 and head not in seen_titles and len(block) == 1:
            seen_titles.add(head)
            para = doc.add_paragraph(head, style="Title" if first else "Heading 1")
            if not first:
                para.paragraph_format.page_break_before = True
            first = False
            continue
        if GOAL_002_RE.match(head) and len(block) == 1:
            para = doc.add_paragraph(head, style="Heading 1")
            para.paragraph_format.page_break_before = True
            continue
        if head in SUBHEADINGS_002 and len(block) == 1:
            doc.add_paragraph(head, style="Heading 2")
            continue
        if head.startswith("*Det är en mänsklig"):
            # quote slide
            para = doc.add_paragraph()
            para.paragraph_format.page_break_before = True
            para.paragraph_format.space_before = Pt(60)
            add_emphasised(para, "\n".join(line.strip() for line in block))
            for r in para.runs:
                r.font.size = Pt(30)
            continue

        # ordinary block: bullets one per `- ` line, other lines of the block form one
        # paragraph with line breaks (as on a slide)
        pending: list[str] = []

        def flush() -> None:
            if pending:
                para = doc.add_paragraph()
                add_emphasised(para, "\n".join(pending))
                pending.clear()

        for line in block:
            t = line.strip()
            if t.startswith("- "):
                flush()
                item = t[2:].strip()
                if item.startswith("⌘ "):
                    item = item[2:].strip()
                para = doc.add_paragraph(style="List Bullet")
                add_emphasised(para, item)
            else:
                pending.append(t)
        flush()
    doc.save(out)


# ----------------------------------------------------------------------------------------------
# LibreOffice conversion
# ----------------------------------------------------------------------------------------------

def soffice_binary() -> str:
    for b in ("soffice", "libreoffice"):
        p = shutil.which(b)
        if p:
            return p
    sys.exit("LibreOffice not found: apt-get install libreoffice-writer-nogui (see scripts/README.md)")


def docx_to_pdf(docx_path: Path, pdf_out: Path) -> None:
    """Convert with a throw-away LibreOffice profile, then pin the time-dependent fields.

    LibreOffice writes /CreationDate (wall clock), a trailer /ID and a trailer /DocChecksum
    (both derived from the time and content). They are overwritten in place with same-length
    fixed values, so xref offsets stay valid and the file is byte-stable for a given
    LibreOffice + font package version.
    """
    soffice = soffice_binary()
    with tempfile.TemporaryDirectory(prefix="plancov-lo-") as tmp:
        tmpd = Path(tmp)
        profile = (tmpd / "profile").as_uri()
        filt = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
                '"ExportBookmarks":{"type":"boolean","value":"true"},'
                '"EmbedStandardFonts":{"type":"boolean","value":"false"}}')
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", filt, "--outdir", str(tmpd), str(docx_path)]
        env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", SAL_USE_VCLPLUGIN="svp")
        res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
        produced = tmpd / (docx_path.stem + ".pdf")
        if res.returncode != 0 or not produced.exists():
            sys.exit(f"LibreOffice conversion failed:\n{res.stdout}\n{res.stderr}")
        data = pin_libreoffice_pdf(produced.read_bytes())
        pdf_out.write_bytes(data)


def pin_libreoffice_pdf(data: bytes) -> bytes:
    def fix_date(m: re.Match) -> bytes:
        # same length as before (padded with spaces after the string) so xref offsets stay valid
        old = m.group(0)
        new = b"/CreationDate(" + PDF_DATE.encode() + b")"
        return new.ljust(len(old)) if len(new) <= len(old) else old

    data = re.sub(rb"/CreationDate\(D:[0-9+\-Z']+\)", fix_date, data)
    data = re.sub(rb"/ModDate\(D:[0-9+\-Z']+\)",
                  lambda m: (b"/ModDate(" + PDF_DATE.encode() + b")").ljust(len(m.group(0))), data)

    def fix_id(m: re.Match) -> bytes:
        a, b = m.group(1), m.group(2)
        return m.group(0).replace(a, b"5" * len(a)).replace(b, b"5" * len(b))

    data = re.sub(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]", fix_id, data)
    # LibreOffice's trailer also carries an MD5 of the document that includes the date
    data = re.sub(rb"/DocChecksum\s*/([0-9A-Fa-f]{32})", lambda m: m.group(0).replace(m.group(1), b"5" * 32), data)
    # XMP packet dates, if any (only written for PDF/A, kept for safety)
    data = re.sub(rb"<xmp:CreateDate>[^<]*</xmp:CreateDate>",
                  lambda m: (b"<xmp:CreateDate>2023-03-15T09:30:00Z</xmp:CreateDate>").ljust(len(m.group(0))), data)
    return data


# ----------------------------------------------------------------------------------------------
# 000: reportlab platypus, plain paragraphs
# ----------------------------------------------------------------------------------------------

def build_000(text: str, out: Path) -> None:
    """The OCR text layer as it was read: one seed line per PDF line (a text
    layer keeps the scan's lines; reflowing them would glue headings that start
    a page onto the paragraph before), Helvetica, a footer on every page."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    left = 50.0
    size = fit_size(text, lambda s, z: stringWidth(s, "Helvetica", z), A4_W - 2 * left, 10.0)
    lay = layout_lines(text, size, size * 1.3, size * 0.7, 60, 70, left)
    c = canvas.Canvas(str(out), pagesize=(A4_W, A4_H), invariant=1, pageCompression=1)
    c.setTitle("Handlingsplan Fri från våld – Hälsa-, vård- och omsorgsförvaltningen")
    c.setAuthor("Hälsa-, vård- och omsorgsförvaltningen")
    c.setCreator("plancov scripts/make_fixtures.py")
    c.setSubject("HV0-2023-4184")
    for page in lay.pages:
        c.setFont("Helvetica", size)
        for y, line in page:
            c.drawString(left, y, line)
        c.setFont("Helvetica", 8.5)
        c.drawString(left, 36, HVOF_FOOTER)
        c.showPage()
    c.save()


# ----------------------------------------------------------------------------------------------
# 004 line-by-line fixtures
# ----------------------------------------------------------------------------------------------

A4_W, A4_H = 595.2756, 841.8898


@dataclass
class LineLayout:
    size: float
    leading: float
    gap: float  # extra vertical gap for a blank seed line
    top: float
    bottom: float
    left: float
    pages: list[list[tuple[float, str]]] = field(default_factory=list)  # (baseline y, line text)


def layout_lines(text: str, size: float, leading: float, gap: float, top: float, bottom: float,
                 left: float) -> LineLayout:
    """Place each seed line on its own baseline; blank lines add a gap; new page when full."""
    lay = LineLayout(size, leading, gap, top, bottom, left)
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    page: list[tuple[float, str]] = []
    y = A4_H - top
    for line in lines:
        if not line.strip():
            if page:
                y -= gap
            continue
        if y < bottom:
            lay.pages.append(page)
            page = []
            y = A4_H - top
        page.append((y, line.rstrip("\n")))
        y -= leading
    if page:
        lay.pages.append(page)
    return lay


def fit_size(text: str, width_fn, max_width: float, start: float) -> float:
    widest = max(text.split("\n"), key=lambda s: width_fn(s, 1.0))
    size = start
    while width_fn(widest, size) > max_width:
        size -= 0.25
    return size


def build_winansi(text: str, out: Path) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    left = 50.0
    size = fit_size(text, lambda s, z: stringWidth(s, "Helvetica", z), A4_W - 2 * left, 10.0)
    lay = layout_lines(text, size, size * 1.3, size * 0.7, 60, 70, left)
    c = canvas.Canvas(str(out), pagesize=(A4_W, A4_H), invariant=1, pageCompression=1)
    c.setTitle("Handlingsplan Fri från våld – arbetsmarknads- och socialnämnden")
    c.setAuthor("Arbetsmarknads- och socialförvaltningen")
    c.setCreator("plancov scripts/make_fixtures.py")
    n = len(lay.pages)
    for pno, page in enumerate(lay.pages, 1):
        c.setFont("Helvetica", 8)
        c.drawString(left, A4_H - 32, "Handlingsplan Fri från våld – Arbetsmarknads- och socialnämnden")
        c.setFont("Helvetica", size)
        for y, line in page:
            c.drawString(left, y, line)
        c.setFont("Helvetica", 8)
        c.drawRightString(A4_W - left, 36, f"Sida {pno} av {n}")
        c.showPage()
    c.save()


def build_type0(text: str, out: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVuSans", "", str(DEJAVU))
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title("Handlingsplan Fri från våld – arbetsmarknads- och socialnämnden")
    pdf.set_author("Arbetsmarknads- och socialförvaltningen")
    pdf.set_creator("plancov scripts/make_fixtures.py")
    pdf.set_producer("fpdf2")
    pdf.set_lang("sv-SE")

    left = 50.0

    def width(s: str, z: float) -> float:
        pdf.set_font("DejaVuSans", size=z)
        return pdf.get_string_width(s)

    size = fit_size(text, width, A4_W - 2 * left, 9.5)
    lay = layout_lines(text, size, size * 1.35, size * 0.7, 64, 70, left)
    n = len(lay.pages)
    for pno, page in enumerate(lay.pages, 1):
        pdf.add_page()
        pdf.set_font("DejaVuSans", size=8)
        pdf.text(left, 34, "Arbetsmarknads- och socialförvaltningen")
        pdf.set_font("DejaVuSans", size=size)
        for y, line in page:
            # fpdf2 measures y from the top of the page
            pdf.text(left, A4_H - y, line)
        pdf.set_font("DejaVuSans", size=8)
        footer = f"Sida {pno} av {n}"
        pdf.text(A4_W - left - pdf.get_string_width(footer), A4_H - 36, footer)
    pdf.output(str(out))


# ---- hand-rolled PDF writer -------------------------------------------------------------------

def pdf_literal(b: bytes) -> bytes:
    return b"(" + b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


class TinyPDF:
    """Just enough of a PDF writer: numbered objects, a classic xref table, a trailer."""

    def __init__(self) -> None:
        self.objs: list[bytes | None] = []

    def reserve(self) -> int:
        self.objs.append(None)
        return len(self.objs)

    def set(self, num: int, body: bytes) -> None:
        self.objs[num - 1] = body

    def add(self, body: bytes) -> int:
        n = self.reserve()
        self.set(n, body)
        return n

    def stream(self, dict_entries: bytes, data: bytes, compress: bool = True) -> bytes:
        if compress:
            data = zlib.compress(data, 9)
            dict_entries += b"/Filter/FlateDecode"
        return b"<<" + dict_entries + b"/Length " + str(len(data)).encode() + b">>\nstream\n" + data + b"\nendstream"

    def write(self, path: Path, root: int, info: int) -> None:
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objs, 1):
            assert body is not None, f"object {i} never set"
            offsets.append(len(out))
            out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(self.objs) + 1}\n".encode()
        out += b"0000000000 65535 f \n"
        for off in offsets:
            out += f"{off:010d} 00000 n \n".encode()
        file_id = b"<" + b"%032x" % (zlib.crc32(bytes(out)) * 0x9E3779B97F4A7C15 % (1 << 128)) + b">"
        out += (b"trailer\n<</Size " + str(len(self.objs) + 1).encode() + b"/Root " + str(root).encode()
                + b" 0 R/Info " + str(info).encode() + b" 0 R/ID[" + file_id + file_id + b"]>>\n")
        out += f"startxref\n{xref}\n%%EOF\n".encode()
        path.write_bytes(bytes(out))


def winansi(s: str) -> bytes:
    # cp1252 is WinAnsiEncoding for every character that occurs in the seeds
    # (å 0xE5, ä 0xE4, ö 0xF6, Å 0xC5, Ä 0xC4, Ö 0xD6, é 0xE9, – 0x96).
    return s.encode("cp1252")


def fmt(x: float) -> bytes:
    s = f"{x:.3f}".rstrip("0").rstrip(".")
    return (s if s not in ("-0", "") else "0").encode()


def build_td_words(text: str, out: Path) -> None:
    """One Tj per word, no space characters anywhere in the content streams.

    Even-numbered lines set every word with an absolute `Tm`; odd-numbered lines set the first
    word with `Tm` and the others with `Td` (relative to the start of the previous word, as Td
    is defined). Words with non-ASCII letters are written as hex strings on even pages and as
    literal strings with raw WinAnsi bytes on odd pages. The lines of every page are emitted in
    a shuffled order; page 2's text is inside a Form XObject drawn with `Do` under a `cm`
    translation that its own coordinates compensate for.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth  # AFM metrics only; no PDF writing

    left = 50.0
    size = fit_size(text, lambda s, z: stringWidth(s, "Helvetica", z), A4_W - 2 * left, 10.0)
    lay = layout_lines(text, size, size * 1.3, size * 0.7, 60, 70, left)
    rng = random.Random(4004)
    SEP = b"\n"  # token separator: the streams contain no 0x20 byte at all

    pdf = TinyPDF()
    catalog = pdf.reserve()
    pages_obj = pdf.reserve()
    font = pdf.add(b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>")
    title = "Handlingsplan Fri från våld – arbetsmarknads- och socialnämnden"
    info = pdf.add(b"<</Title<FEFF" + title.encode("utf-16-be").hex().upper().encode() + b">"
                   + b"/Producer(plancov-tinypdf)/CreationDate(" + PDF_DATE.encode() + b")>>")
    page_ids = []
    form_page = 2 if len(lay.pages) >= 2 else 1
    dx_form, dy_form = 18.0, -24.0  # the form is drawn under "1 0 0 1 dx dy cm"

    for pno, page in enumerate(lay.pages, 1):
        in_form = pno == form_page
        ox, oy = (-dx_form, -dy_form) if in_form else (0.0, 0.0)
        line_ops: list[bytes] = []
        for lno, (y, line) in enumerate(page):
            ops: list[bytes] = []
            prev_x = None
            for m in re.finditer(r"\S+", line):
                word = m.group(0)
                x = left + stringWidth(line[: m.start()], "Helvetica", size) + ox
                yy = y + oy
                raw = winansi(word)
                if any(b > 127 for b in raw) and pno % 2 == 0:
                    s = b"<" + raw.hex().upper().encode() + b">"
                else:
                    s = pdf_literal(raw)
                if prev_x is None or lno % 2 == 0:
                    ops += [b"1", b"0", b"0", b"1", fmt(x), fmt(yy), b"Tm"]
                else:
                    ops += [fmt(x - prev_x), b"0", b"Td"]
                ops += [s, b"Tj"]
                prev_x = x
            if ops:
                line_ops.append(SEP.join(ops))
        rng.shuffle(line_ops)
        body = SEP.join([b"BT", b"/F1", fmt(size), b"Tf"] + line_ops + [b"ET"])
        resources = b"<</Font<</F1 " + str(font).encode() + b" 0 R>>"
        if in_form:
            form = pdf.add(pdf.stream(
                b"/Type/XObject/Subtype/Form/FormType 1/BBox[" + fmt(-dx_form) + b" " + fmt(-dy_form) + b" "
                + fmt(A4_W - dx_form) + b" " + fmt(A4_H - dy_form) + b"]/Resources<</Font<</F1 "
                + str(font).encode() + b" 0 R>>>>", body))
            content_data = SEP.join([b"q", b"1", b"0", b"0", b"1", fmt(dx_form), fmt(dy_form), b"cm",
                                     b"/Fx1", b"Do", b"Q"])
            resources += b"/XObject<</Fx1 " + str(form).encode() + b" 0 R>>"
        else:
            content_data = body
        resources += b">>"
        content = pdf.add(pdf.stream(b"", content_data))
        page_ids.append(pdf.add(
            b"<</Type/Page/Parent " + str(pages_obj).encode() + b" 0 R/MediaBox[0 0 " + fmt(A4_W) + b" "
            + fmt(A4_H) + b"]/Resources" + resources + b"/Contents " + str(content).encode() + b" 0 R>>"))
    pdf.set(pages_obj, b"<</Type/Pages/Count " + str(len(page_ids)).encode() + b"/Kids["
            + b" ".join(str(p).encode() + b" 0 R" for p in page_ids) + b"]>>")
    pdf.set(catalog, b"<</Type/Catalog/Pages " + str(pages_obj).encode() + b" 0 R>>")
    pdf.write(out, catalog, info)


# ----------------------------------------------------------------------------------------------
# Specs, manifest, check
# ----------------------------------------------------------------------------------------------

@dataclass
class Spec:
    pdf: Path
    source: Path
    kind: str
    added_lines: list[str]
    # "lines": every non-blank source line is a line of the extracted text (and words as below);
    # "words": same word sequence; "bag": same multiset of words (table cells may come out in a
    # different order than the row-by-row source).
    compare: str
    strip_source_chars: str = ""
    description: str = ""
    in_manifest: bool = True


def specs() -> list[Spec]:
    s004, s002, s000 = PLANS / f"{SEED_004}.txt", PLANS / f"{SEED_002}.txt", PLANS / f"{SEED_000}.txt"
    return [
        Spec(PLANS / f"{SEED_004}.pdf", s004, "word-export-libreoffice", ADDED_WORD_004, "words",
             description="python-docx document converted by LibreOffice", in_manifest=False),
        Spec(PLANS / f"{SEED_002}.pdf", s002, "word-slides-table-libreoffice", ADDED_WORD_002, "bag",
             STRIP_EMPHASIS, in_manifest=False),
        Spec(PLANS / f"{SEED_000}.pdf", s000, "reportlab-ocr-text-layer", ADDED_REPORTLAB_000, "words",
             in_manifest=False),
        Spec(FIXTURES / "004_winansi_helvetica.pdf", s004, "reportlab-standard14-winansi", ADDED_WINANSI, "lines",
             description="reportlab canvas; standard Helvetica, WinAnsiEncoding, not embedded; one line per seed line"),
        Spec(FIXTURES / "004_type0_truetype.pdf", s004, "fpdf2-type0-identity-h", ADDED_TYPE0, "lines",
             description="fpdf2; embedded DejaVuSans subset as Type0/CIDFontType2, Identity-H, ToUnicode CMap"),
        Spec(FIXTURES / "004_td_words.pdf", s004, "handrolled-td-per-word", [], "lines",
             description="hand-written PDF: Helvetica WinAnsi, one Tj per word positioned by Tm/Td, no space bytes, "
                         "lines in shuffled content order, page 2 inside a Form XObject (Do)"),
        Spec(FIXTURES / "004_word_export.pdf", s004, "word-export-libreoffice", ADDED_WORD_004, "words",
             description="copy of corpus/plans/004_1c625e28d7976f31.pdf: python-docx (Heading 1/2, bold rubriker, "
                         "List Bullet with Symbol-font bullets, header + footer with PAGE field) -> LibreOffice"),
        Spec(FIXTURES / "002_word_table.pdf", s002, "word-slides-table-libreoffice", ADDED_WORD_002, "bag",
             STRIP_EMPHASIS,
             description="copy of corpus/plans/002_1ad6448ef08cc064.pdf: landscape slide-like python-docx document, "
                         "one 3-column table per inriktningsmål, cells wrap -> LibreOffice"),
    ]


def write_manifest() -> None:
    entries = []
    for sp in specs():
        if not sp.in_manifest:
            continue
        e = {
            "pdf": sp.pdf.name,
            "source": rel(sp.source),
            "kind": sp.kind,
            "added_lines": sp.added_lines,
            "compare": sp.compare,
            "ignore_tokens": BULLET_TOKEN_RE,
            "strip_source_chars": sp.strip_source_chars,
            "description": sp.description,
        }
        entries.append(e)
    (FIXTURES / "manifest.json").write_text(json.dumps(entries, ensure_ascii=False, indent=2) + "\n",
                                            encoding="utf-8")


def pdftotext(pdf: Path) -> str:
    exe = shutil.which("pdftotext")
    if not exe:
        sys.exit("pdftotext not found: apt-get install poppler-utils")
    res = subprocess.run([exe, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return res.stdout.decode("utf-8")


def source_words(sp: Spec) -> list[str]:
    text = sp.source.read_text(encoding="utf-8")
    for ch in sp.strip_source_chars:
        text = text.replace(ch, "")
    bullet = re.compile(BULLET_TOKEN_RE)
    return [w for w in text.split() if not bullet.match(w)]


def pdf_lines(sp: Spec) -> tuple[list[str], int]:
    added = [re.compile(r) for r in sp.added_lines]
    kept, dropped = [], 0
    for line in pdftotext(sp.pdf).replace("\f", "\n").split("\n"):
        t = line.strip()
        if t and any(r.search(t) for r in added):
            dropped += 1
            continue
        kept.append(line)
    return kept, dropped


def pdf_words(sp: Spec) -> tuple[list[str], int]:
    lines, dropped = pdf_lines(sp)
    bullet = re.compile(BULLET_TOKEN_RE)
    return [w for w in "\n".join(lines).split() if not bullet.match(w)], dropped


def diff_count(a: list[str], b: list[str]) -> tuple[int, list[str]]:
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    n = 0
    samples = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            n += max(i2 - i1, j2 - j1)
            if len(samples) < 6:
                samples.append(f"{op}: src{a[i1:i2][:8]} pdf{b[j1:j2][:8]}")
    return n, samples


def line_diff(sp: Spec) -> int:
    """For line-layout fixtures: number of source lines whose words differ from the PDF line."""
    src = [" ".join(l.split()) for l in sp.source.read_text(encoding="utf-8").split("\n") if l.strip()]
    got = [" ".join(l.split()) for l in pdf_lines(sp)[0] if l.strip()]
    sm = difflib.SequenceMatcher(a=src, b=got, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")


def bag_diff(a: list[str], b: list[str]) -> int:
    from collections import Counter
    ca, cb = Counter(a), Counter(b)
    return sum(((ca - cb) + (cb - ca)).values())


def check() -> bool:
    rows = []
    ok = True
    details = []
    for sp in specs():
        if not sp.pdf.exists():
            rows.append((rel(sp.pdf), "-", sp.compare, "-", "-", "-", "-", "-", "MISSING"))
            ok = False
            continue
        sw = source_words(sp)
        pw, dropped = pdf_words(sp)
        nd, samples = diff_count(sw, pw)
        nb = bag_diff(sw, pw)
        ld = line_diff(sp) if sp.compare == "lines" else None
        if sp.compare == "bag":
            good = nb == 0
        else:
            good = nd == 0 and (ld in (None, 0))
        ok &= good
        kb = f"{sp.pdf.stat().st_size / 1024:.0f}"
        rows.append((rel(sp.pdf), kb, sp.compare, str(len(sw)), str(len(pw)), str(nd), str(nb),
                     "-" if ld is None else str(ld), f"{'ok' if good else 'FAIL'} ({dropped} added lines dropped)"))
        if samples and not good:
            details.append((rel(sp.pdf), samples))
    head = ("pdf", "KiB", "compare", "src words", "pdf words", "seq diff", "bag diff", "line diff", "status")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    print()
    for r in [head] + rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    print("\nseq diff = words not in the longest common word sequence (difflib); bag diff = multiset "
          "difference; line diff = source lines missing from the extracted lines. Source and pdftotext "
          "words both drop bullet-glyph tokens; pdftotext lines matching the manifest's added_lines are "
          "removed first.")
    for name, samples in details:
        print(f"\n{name}:")
        for s_ in samples:
            print("   ", s_)
    return ok


# ----------------------------------------------------------------------------------------------

def generate(only: set[str] | None) -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    t004, t002, t000 = read_plan(SEED_004), read_plan(SEED_002), read_plan(SEED_000)

    def want(name: str) -> bool:
        return not only or name in only

    with tempfile.TemporaryDirectory(prefix="plancov-docx-") as tmp:
        tmpd = Path(tmp)
        if want("004_word_export"):
            d = tmpd / f"{SEED_004}.docx"
            build_docx_004(t004, d)
            docx_to_pdf(d, PLANS / f"{SEED_004}.pdf")
            shutil.copyfile(PLANS / f"{SEED_004}.pdf", FIXTURES / "004_word_export.pdf")
            print(f"wrote {rel(PLANS / f'{SEED_004}.pdf')} and fixtures/pdf/004_word_export.pdf")
        if want("002_word_table"):
            d = tmpd / f"{SEED_002}.docx"
            build_docx_002(t002, d)
            docx_to_pdf(d, PLANS / f"{SEED_002}.pdf")
            shutil.copyfile(PLANS / f"{SEED_002}.pdf", FIXTURES / "002_word_table.pdf")
            print(f"wrote {rel(PLANS / f'{SEED_002}.pdf')} and fixtures/pdf/002_word_table.pdf")
        if KEEP_DOCX:
            for d in tmpd.glob("*.docx"):
                shutil.copyfile(d, KEEP_DOCX / d.name)
    if want("000"):
        build_000(t000, PLANS / f"{SEED_000}.pdf")
        print(f"wrote {rel(PLANS / f'{SEED_000}.pdf')}")
    if want("004_winansi_helvetica"):
        build_winansi(t004, FIXTURES / "004_winansi_helvetica.pdf")
        print("wrote fixtures/pdf/004_winansi_helvetica.pdf")
    if want("004_type0_truetype"):
        build_type0(t004, FIXTURES / "004_type0_truetype.pdf")
        print("wrote fixtures/pdf/004_type0_truetype.pdf")
    if want("004_td_words"):
        build_td_words(t004, FIXTURES / "004_td_words.pdf")
        print("wrote fixtures/pdf/004_td_words.pdf")
    write_manifest()
    print("wrote fixtures/pdf/manifest.json")


KEEP_DOCX: Path | None = None


def main() -> int:
    global KEEP_DOCX
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS,
                    help="directory with the seed texts (default: ../shared/seeds beside the repo); "
                         "if absent, the committed copies in corpus/plans are used")
    ap.add_argument("--check", action="store_true", help="after generating, verify every PDF with pdftotext")
    ap.add_argument("--check-only", action="store_true", help="only verify the existing PDFs")
    ap.add_argument("--only", action="append",
                    help="generate only these outputs (000, 004_word_export, 002_word_table, "
                         "004_winansi_helvetica, 004_type0_truetype, 004_td_words); repeatable")
    ap.add_argument("--keep-docx", type=Path, help="also save the intermediate .docx files in this directory")
    args = ap.parse_args()
    if not args.check_only:
        KEEP_DOCX = args.keep_docx
        if KEEP_DOCX:
            KEEP_DOCX.mkdir(parents=True, exist_ok=True)
        copy_seeds(args.seeds)
        generate(set(args.only) if args.only else None)
    if args.check or args.check_only:
        return 0 if check() else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
