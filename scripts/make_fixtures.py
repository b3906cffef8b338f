#!/usr/bin/env python3
"""Regenerate plancov's PDF corpus and PDF test fixtures from the seed texts.

Run from anywhere (paths are resolved from this file's location):

    python3 scripts/make_fixtures.py            # copy seeds, (re)generate every PDF, write manifest
    python3 scripts/make_fixtures.py --check    # same, then verify every PDF with pdftotext
    python3 scripts/make_fixtures.py --check-only   # verify the committed PDFs, generate nothing
    python3 scripts/make_fixtures.py --set fixtures/unseen --check   # every plan text in a folder -> PDFs

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

With --set DIR (nothing above is touched), for every DIR/*.txt:

  DIR/pdf/<stem>.word.pdf        python-docx Word document -> LibreOffice PDF export
  DIR/pdf/<stem>.reportlab.pdf   reportlab canvas, standard Helvetica (WinAnsiEncoding), line layout
  DIR/pdf/<stem>.fpdf.pdf        fpdf2, embedded DejaVuSans (Type0 / Identity-H), the same line layout
  DIR/pdf/manifest.json          the same format as fixtures/pdf/manifest.json, plus source_sha256
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
    docx_to_pdf_many([(docx_path, pdf_out)])


def docx_to_pdf_many(pairs: list[tuple[Path, Path]]) -> None:
    """docx_to_pdf for several documents with one LibreOffice start (it takes several seconds).

    The documents are converted one after the other by the same soffice process, each with
    the same export filter and the same pinning as docx_to_pdf; the stems must be distinct.
    """
    if not pairs:
        return
    assert len({d.stem for d, _ in pairs}) == len(pairs), "docx stems must be distinct"
    soffice = soffice_binary()
    with tempfile.TemporaryDirectory(prefix="plancov-lo-") as tmp:
        tmpd = Path(tmp)
        profile = (tmpd / "profile").as_uri()
        filt = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
                '"ExportBookmarks":{"type":"boolean","value":"true"},'
                '"EmbedStandardFonts":{"type":"boolean","value":"false"}}')
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", filt, "--outdir", str(tmpd)] + [str(d) for d, _ in pairs]
        env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", SAL_USE_VCLPLUGIN="svp")
        res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300 * len(pairs))
        for docx_path, pdf_out in pairs:
            produced = tmpd / (docx_path.stem + ".pdf")
            if res.returncode != 0 or not produced.exists():
                sys.exit(f"LibreOffice conversion of {docx_path.name} failed:\n{res.stdout}\n{res.stderr}")
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
# --set DIR: every plan text in a folder -> a Word export, a reportlab PDF and an fpdf2 PDF
# ----------------------------------------------------------------------------------------------
#
# Nothing here knows a particular plan: headings, lists and tables are read off the shape of
# the text, so a plan added to the folder later gets the same treatment.
#
#   page marker   the last line of a block that reads "Sida 3", "Sida 3 av 7", "Bild 2 av 13",
#                 "Page 3", "3 (7)", a bare page number or "... | 3": a page of the original
#                 ended there. It stays text (its words are the plan's words) and the PDFs
#                 start a new page after it. "Diarienummer: ..." lines just before it go with it.
#   table row     a line with a tab; consecutive rows are one table, the first row its header
#   bullet        "• ", "▪ ", "- ", "– ", "* ", "o " before a capital, ... ; indented, or a dash under a list of another
#                 glyph: level 2
#   numbered      "12. text" / "12) text" that is not heading-like
#   lead          a short line ending in ":" ("Egna aktiviteter:")
#   heading       a short line (<= 120 characters, <= 18 words) that starts with a capital or a
#                 digit, does not end in . , ; : ! and is no "label: value" line, standing alone
#                 in its block or first in a block that it does not run on into
#   continuation  (a hard-wrapped line of the item before) an indented non-list line; a line
#                 in lower case after one that does not end a sentence; any line after a list
#                 item line that does not end a sentence (never an unindented lead, e-mail or URL)
#   title         the first line near the top that says "handlingsplan" (else the first
#                 heading-like line); lines above it are the sender, lines below it in the same
#                 block are subtitles

# "o" is Word's own level-two bullet (Courier New), typed as a letter when a list is
# copied to text: a bullet where a capital follows it.
SET_BULLET_RE = re.compile(r"^([ \t]*)([•▪●◦○■□▫➢►✓·*–—-]|o(?=[ \t]+[A-ZÅÄÖ]))[ \t]+(\S.*)$")
SET_NUMBER_RE = re.compile(r"^[ \t]*(\d{1,3})([.)])[ \t]+(\S.*)$")
SET_MARKER_RE = re.compile(
    r"^(?:(?:Sida|Sidan|Bild|Page)\s*\d{1,3}(?:\s*(?:av|/|of)\s*\d{1,3}|\s*\(\d{1,3}\))?"
    r"|\d{1,3}(?:\s*\(\d{1,3}\))?"
    r"|.{1,150}\s\|\s*\d{1,3})$", re.I)
SET_META_RE = re.compile(r"^(?:Diarienummer|Dnr|Dokumentnummer|Ärendenummer)\b", re.I)
SET_TOC_RE = re.compile(r"\.{4,}\s*\d+\s*$")
SET_NUMBERED_HEADING_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+\S")
SET_SENTENCE_END = tuple('.!?:;)"”»')
SET_DASHES = "–—-"
DIARIENUMMER_RE = re.compile(r"\b(?:Diarienummer|Dnr)[:.]?\s*([A-ZÅÄÖ0-9][\w/.-]*\d)")
DEJAVU_BOLD = DEJAVU.with_name("DejaVuSans-Bold.ttf")
SET_WORD_COLOR = (0x1F, 0x3A, 0x5F)


@dataclass
class PlanItem:
    # front | title | subtitle | heading | lead | body | toc | bullet | number | table | marker | meta
    kind: str
    lines: list[str] = field(default_factory=list)  # source lines, stripped (a list item's without its glyph)
    level: int = 1                                   # heading level, list level
    glyph: str = ""                                  # the bullet glyph / the number label ("12.")
    number: int = 0
    rows: list[list[str]] = field(default_factory=list)
    first_in_block: bool = False                     # a blank line precedes it in the source
    break_after: bool = False                        # a page of the original ended here; more follows

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass
class SetPlan:
    stem: str
    source: Path
    items: list[PlanItem]
    title: str
    org: str
    label: str   # the text before "Sida N" in the generated page footers
    deck: bool   # the original was a slide deck ("Bild N av M" markers): landscape pages

    def count(self, kind: str) -> int:
        return sum(1 for it in self.items if it.kind == kind)


def _heading_like(t: str) -> bool:
    if not t or len(t) > 120 or len(t.split()) > 18:
        return False
    if t[-1] in ".,;:!":
        return False
    if not (t[0].isupper() or t[0].isdigit()):
        return False
    if re.search(r"\S:\s+\S", t) or "@" in t or "://" in t or "\t" in t:
        return False
    return not (SET_TOC_RE.search(t) or SET_MARKER_RE.match(t) or SET_BULLET_RE.match(t))


def _lead_like(t: str) -> bool:
    return t.endswith(":") and len(t) <= 60 and len(t.split()) <= 6 and t[:1].isupper()


def _is_marker(line: str) -> bool:
    return "\t" not in line and bool(SET_MARKER_RE.match(line.strip()))


def parse_plan(text: str) -> list[PlanItem]:
    """Read a plan text into items by its shape (see the table above)."""
    blocks: list[list[str]] = []
    cur: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip(" \t"):
            cur.append(line.rstrip(" "))
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)

    # the title: near the top, before any list, table or long line
    title_at: tuple[int, int] | None = None
    first_heading_like: tuple[int, int] | None = None
    seen = 0
    for bi, block in enumerate(blocks):
        stop = False
        for li, line in enumerate(block):
            t = line.strip()
            if "\t" in line or SET_BULLET_RE.match(line) or len(t) > 120 or seen >= 12:
                stop = True
                break
            seen += 1
            if _is_marker(line):
                continue
            if "handlingsplan" in t.casefold() and title_at is None:
                title_at = (bi, li)
            if first_heading_like is None and _heading_like(t):
                first_heading_like = (bi, li)
        if stop or title_at:
            break
    title_at = title_at or first_heading_like

    items: list[PlanItem] = []
    for bi, block in enumerate(blocks):
        # the page-end tail: a marker as the block's last line, with "Diarienummer: ..." lines before it
        tail: list[PlanItem] = []
        body = list(block)
        if _is_marker(body[-1]) and not (len(body) == 1 and len(blocks) == 1):
            tail.append(PlanItem("marker", [body.pop().strip()]))
            while body and SET_META_RE.match(body[-1].strip()) and len(body[-1].strip()) <= 80:
                tail.insert(0, PlanItem("meta", [body.pop().strip()]))
        block_items: list[PlanItem] = []
        prev: PlanItem | None = None
        list_glyph: str | None = None  # glyph of the level-1 list running in this block
        i = 0
        while i < len(body):
            raw = body[i]
            t = raw.strip(" \t")
            indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip(" "))
            if title_at and bi <= title_at[0]:
                # front matter: the sender above the title, the title, subtitles under it
                if bi < title_at[0] or i < title_at[1]:
                    kind = "front"
                elif i == title_at[1]:
                    kind = "title"
                else:
                    kind = "subtitle"
                block_items.append(PlanItem(kind, [t]))
                i += 1
                continue
            if "\t" in raw:
                rows = []
                while i < len(body) and "\t" in body[i]:
                    rows.append([c.strip() for c in body[i].strip(" ").split("\t")])
                    i += 1
                width = max(len(r) for r in rows)
                block_items.append(PlanItem("table", rows=[r + [""] * (width - len(r)) for r in rows]))
                prev, list_glyph = None, None
                continue
            prev_line = prev.lines[-1] if prev and prev.lines else ""
            mb = SET_BULLET_RE.match(raw)
            mn = SET_NUMBER_RE.match(raw)
            if mb:
                ind, glyph, rest = mb.groups()
                level = 1
                if len(ind.expandtabs(4)) >= 2 or (glyph in SET_DASHES and list_glyph and list_glyph not in SET_DASHES):
                    level = 2
                if level == 1:
                    list_glyph = glyph
                prev = PlanItem("bullet", [rest.strip()], level=level, glyph=glyph)
                block_items.append(prev)
            elif mn and not (i == 0 and _heading_like(t)):
                n, sep, rest = mn.groups()
                prev = PlanItem("number", [rest.strip()], glyph=n + sep, number=int(n))
                block_items.append(prev)
            elif prev is not None and prev.kind in ("bullet", "number", "body") and not (
                    indent == 0 and (_lead_like(t) or "@" in t or "://" in t)) and (
                    (indent >= 1 and prev.kind != "body")
                    or (indent >= 1 and prev.kind == "body" and not prev_line.endswith(SET_SENTENCE_END))
                    or (t[:1].islower() and not prev_line.endswith(SET_SENTENCE_END))
                    or (prev.kind in ("bullet", "number") and not prev_line.endswith(SET_SENTENCE_END))):
                prev.lines.append(t)
            elif SET_TOC_RE.search(t):
                prev = PlanItem("toc", [t])
                block_items.append(prev)
                list_glyph = None
            elif _lead_like(t):
                block_items.append(PlanItem("lead", [t]))
                prev, list_glyph = None, None
            elif i == 0 and _heading_like(t) and not (
                    len(body) > 1 and (body[1].strip()[:1].islower()
                                       or (body[1][:1] in " \t" and not SET_BULLET_RE.match(body[1])))):
                block_items.append(PlanItem("heading", [t]))
                prev, list_glyph = None, None
            else:
                prev = PlanItem("body", [t])
                block_items.append(prev)
                list_glyph = None
            i += 1
        block_items += tail
        if block_items:
            block_items[0].first_in_block = True
        items += block_items

    # heading levels: "1.2 ..." is level 2; where the plan numbers its headings ("3 Inledning"),
    # the unnumbered ones are level 2; a heading text that comes back is a sub-section label
    heads = [it for it in items if it.kind == "heading"]
    numbered = sum(1 for h in heads if SET_NUMBERED_HEADING_RE.match(h.text))
    texts: dict[str, int] = {}
    for h in heads:
        texts[h.text] = texts.get(h.text, 0) + 1
    for h in heads:
        if re.match(r"^\d{1,2}\.\d", h.text):
            h.level = 2
        elif numbered >= 2 and not SET_NUMBERED_HEADING_RE.match(h.text):
            h.level = 2
        elif texts[h.text] > 1:
            h.level = 2
    # a marker ends a page only if something follows it
    for k, it in enumerate(items):
        if it.kind == "marker" and any(x.kind not in ("marker", "meta") for x in items[k + 1:]):
            it.break_after = True
    return items


def _rx_escape(s: str) -> str:
    """Escape for both Python `re` and Rust `regex` (which rejects some of re.escape's escapes)."""
    return "".join("\\" + c if c in "\\.+*?()|[]{}^$#&-~" else c for c in s)


def load_set_plan(src: Path) -> SetPlan:
    text = src.read_text(encoding="utf-8")
    items = parse_plan(text)
    title = next((it.text for it in items if it.kind == "title"), src.stem)
    org = next((l.strip() for l in text.split("\n") if l.strip()), src.stem)[:80]
    m = DIARIENUMMER_RE.search(text)
    label = f"Diarienummer: {m.group(1)}" if m else org
    deck = any(it.kind == "marker" and it.text.lower().startswith("bild") for it in items)
    return SetPlan(src.stem, src, items, title, org, label, deck)


def set_added_lines(plan: SetPlan, fmt_re: str, split_res: list[str]) -> list[str]:
    """The footer regexes; the variants for a footer that pdftotext splits into two lines are
    kept only where they cannot match a line of the plan itself."""
    src_lines = [" ".join(l.split()) for l in plan.source.read_text(encoding="utf-8").split("\n") if l.strip()]
    main_re = "^" + _rx_escape(plan.label) + fmt_re
    if any(re.search(main_re, l) for l in src_lines):
        sys.exit(f"{plan.source}: a line of the plan looks like the generated footer {main_re}")
    out = [main_re]
    for r in split_res:
        if not any(re.search(r, l) for l in src_lines):
            out.append(r)
    return out


# ---- column widths shared by the Word tables and the line layouts -----------------------------

def column_widths(rows: list[list[str]], total: float, measure, pad: float) -> tuple[list[float], bool]:
    """Automatic table layout: every column at least as wide as its longest word, the rest of
    the width shared in proportion to how much wider each column's longest cell would like to be.
    Returns (widths, fits) -- fits is False when even the longest words do not fit."""
    n = len(rows[0])
    minw, natw = [], []
    for c in range(n):
        cells = [r[c] for r in rows]
        minw.append(max([measure(w) for cell in cells for w in cell.split()] + [0.0]) + pad)
        natw.append(max([measure(cell) for cell in cells] + [0.0]) + pad)
    if sum(minw) > total:
        return [w * total / sum(minw) for w in minw], False
    if sum(natw) <= total:
        extra = total - sum(natw)
        return [w + extra * w / sum(natw) for w in natw], True
    spare = total - sum(minw)
    want = [nw - mw for nw, mw in zip(natw, minw)]
    return [mw + spare * wv / sum(want) for mw, wv in zip(minw, want)], True


CARLITO = Path("/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf")
CARLITO_BOLD = CARLITO.with_name("Carlito-Bold.ttf")


def carlito_measure(size: float, bold: bool = False):
    """Widths in the font LibreOffice draws the Word documents with (Carlito for Calibri);
    Helvetica's (wider) if fonts-crosextra-carlito is not installed."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import TTFont
    path = CARLITO_BOLD if bold else CARLITO
    if not path.exists():
        return helvetica_measure(size, bold)
    name = path.stem
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return lambda s: stringWidth(s, name, size)


def helvetica_measure(size: float, bold: bool = False):
    from reportlab.pdfbase.pdfmetrics import stringWidth
    font = "Helvetica-Bold" if bold else "Helvetica"
    return lambda s: stringWidth(winansi_safe(s)[0], font, size)


# ---- Word ---------------------------------------------------------------------------------------

def _style_num_id(doc, style_name: str) -> int:
    _, _, _, _, _, qn, _, _, _ = _docx()
    num_pr = doc.styles[style_name].element.pPr.find(qn("w:numPr"))
    return int(num_pr.find(qn("w:numId")).get(qn("w:val")))


def _abstract_of(doc, num_id: int):
    _, _, _, _, _, qn, _, _, _ = _docx()
    numbering = doc.part.numbering_part.element
    for num in numbering.findall(qn("w:num")):
        if int(num.get(qn("w:numId"))) == num_id:
            aid = num.find(qn("w:abstractNumId")).get(qn("w:val"))
            for an in numbering.findall(qn("w:abstractNum")):
                if an.get(qn("w:abstractNumId")) == aid:
                    return an
    raise KeyError(num_id)


def set_list_glyph(doc, style_name: str, glyph: str, font: str = "Calibri") -> None:
    """Make a bullet list style draw `glyph` (in `font`) instead of the Symbol-font bullet."""
    _, _, _, _, OxmlElement, qn, _, _, _ = _docx()
    an = _abstract_of(doc, _style_num_id(doc, style_name))
    lvl = an.find(qn("w:lvl"))
    lvl.find(qn("w:lvlText")).set(qn("w:val"), glyph)
    rpr = lvl.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        lvl.append(rpr)
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(a), font)
    rfonts.attrib.pop(qn("w:hint"), None)


def new_numbering(doc, style_name: str, start: int) -> int:
    """A new w:num instance of a numbered list style's definition, starting at `start`."""
    _, _, _, _, OxmlElement, qn, _, _, _ = _docx()
    numbering = doc.part.numbering_part.element
    an = _abstract_of(doc, _style_num_id(doc, style_name))
    num_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), an.get(qn("w:abstractNumId")))
    num.append(ref)
    ov = OxmlElement("w:lvlOverride")
    ov.set(qn("w:ilvl"), "0")
    so = OxmlElement("w:startOverride")
    so.set(qn("w:val"), str(start))
    ov.append(so)
    num.append(ov)
    numbering.append(num)
    return num_id


def set_num_id(paragraph, num_id: int) -> None:
    _, _, _, _, OxmlElement, qn, _, _, _ = _docx()
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(nid)
    ppr.insert(0, num_pr) if ppr.find(qn("w:pStyle")) is None else ppr.find(qn("w:pStyle")).addnext(num_pr)


def shade_cell(cell, fill: str) -> None:
    _, _, _, _, OxmlElement, qn, _, _, _ = _docx()
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def word_nobreak(s: str) -> str:
    """Text for the Word document, with no line break where a text extractor would then give
    other words than the plan's: a hyphen inside a word becomes the non-breaking hyphen U+2011
    (LibreOffice exports it with the hyphen's glyph and ToUnicode, so it extracts as "-"), an
    en/em dash inside a word ("2023–2026") gets a WORD JOINER U+2060 after it (extracts as
    nothing), and the space after a word that ends in a hyphen ("arbetsmarknads- och") becomes
    a no-break space (extracts as a space; pdftotext would join "arbetsmarknads-" at a line end
    with the next line's word)."""
    s = re.sub(r"(?<=\S)-(?=\S)", "\u2011", s)
    s = re.sub(r"(?<=\S)([–—])(?=\S)", "\\1\u2060", s)
    return re.sub(r"(?<=\S-) (?=\S)", "\u00a0", s)


def _list_glyph_for(plan: SetPlan, level: int) -> str | None:
    """The glyph a Word list of this level should draw: None = Word's own Symbol bullet (U+F0B7),
    used where the plan's glyph is one the word comparison ignores anyway; otherwise the plan's
    most common glyph of that level (an en dash, say), so that the PDF's words are the plan's."""
    counts: dict[str, int] = {}
    for it in plan.items:
        if it.kind == "bullet" and it.level == level:
            counts[it.glyph] = counts.get(it.glyph, 0) + 1
    if not counts:
        return None
    glyph = max(sorted(counts), key=lambda g: counts[g])
    return None if re.match(BULLET_TOKEN_RE, glyph) else glyph


def build_docx_set(plan: SetPlan, out: Path) -> None:
    """The plan as a department's Word document: Title/Subtitle, Heading 1/2, List Bullet /
    List Bullet 2 / List Number paragraphs, real tables with a shaded bold header row, a page
    footer with a PAGE field, a new page where the original's pages ended."""
    Document, WD_ORIENT, WD_TABLE_ALIGNMENT, _, OxmlElement, qn, Cm, Pt, RGBColor = _docx()
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    set_core_properties(doc, plan.title, plan.org)
    deck = plan.deck
    base = 14 if deck else 11
    styles = doc.styles
    set_style_font(styles["Normal"], "Calibri", base)
    for sname, size in (("Title", 30 if deck else 24), ("Subtitle", base + 2), ("Heading 1", 22 if deck else 16),
                        ("Heading 2", 16 if deck else 13), ("Footer", 9), ("List Bullet", base),
                        ("List Bullet 2", base), ("List Number", base), ("Table Grid", base - 1)):
        set_style_font(styles[sname], "Calibri", size)
    for sname in ("Title", "Heading 1", "Heading 2"):
        styles[sname].font.color.rgb = RGBColor(*SET_WORD_COLOR)
    for sname in ("Title", "Subtitle"):
        # the template's letter spacing on these makes pdftotext see a space at the zero-width
        # U+2060 of word_nobreak ("2022– 2026")
        rpr = styles[sname].element.get_or_add_rPr()
        for sp in rpr.findall(qn("w:spacing")):
            rpr.remove(sp)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.08
    for level, sname in ((1, "List Bullet"), (2, "List Bullet 2")):
        g = _list_glyph_for(plan, level)
        if g:
            set_list_glyph(doc, sname, g)

    sec = doc.sections[0]
    if deck:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
        sec.left_margin = sec.right_margin = Cm(2.0)
        sec.top_margin, sec.bottom_margin = Cm(1.8), Cm(1.8)
    else:
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
        sec.left_margin = sec.right_margin = Cm(2.5)
        sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2.2)
    sec.header_distance = sec.footer_distance = Cm(1.2)
    fp = sec.footer.paragraphs[0]
    fp.add_run(plan.label + "   Sida ")
    add_page_field(fp)
    text_w_pt = (sec.page_width - sec.left_margin - sec.right_margin) / 12700  # EMU -> pt

    pending_break = False
    num_id, last_number = None, None

    def para(text: str | None = None, style: str | None = None):
        nonlocal pending_break
        text = word_nobreak(text) if text else text
        p = doc.add_paragraph(text, style=style) if style else doc.add_paragraph(text)
        if pending_break:
            p.paragraph_format.page_break_before = True
            pending_break = False
        return p

    for it in plan.items:
        k = it.kind
        if k == "table":
            if pending_break:
                para()
            # no column narrower than its longest word in bold (LibreOffice would split the word);
            # the pad covers Word's default cell margins (2 x 0.19 cm) and a little more
            measure = carlito_measure(base - 1, bold=True)
            widths, _ = column_widths(it.rows, text_w_pt, measure, pad=14.0)
            table = doc.add_table(rows=0, cols=len(it.rows[0]))
            table.style = styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.LEFT
            table.autofit = False
            for ri, cells in enumerate(it.rows):
                row = table.add_row()
                set_cant_split(row)
                for ci, cell_text in enumerate(cells):
                    cell = row.cells[ci]
                    cell.width = Pt(widths[ci])
                    if cell_text:
                        run = cell.paragraphs[0].add_run(word_nobreak(cell_text))
                        run.bold = True if ri == 0 else None
                        run.font.size = Pt(base - 1)
                    if ri == 0:
                        shade_cell(cell, "D9E6F2")
            for ci, col in enumerate(table.columns):
                col.width = Pt(widths[ci])
            for ci, gc in enumerate(table._tbl.tblGrid.findall(qn("w:gridCol"))):
                gc.set(qn("w:w"), str(int(round(widths[ci] * 20))))
            doc.add_paragraph()  # Word always needs a paragraph after a table
            continue
        if k == "number":
            if it.glyph.endswith(".") and (num_id is None or it.number != (last_number or 0) + 1):
                num_id = new_numbering(doc, "List Number", it.number)
            if it.glyph.endswith("."):
                p = para(it.text, "List Number")
                set_num_id(p, num_id)
                last_number = it.number
            else:  # "3)": no such list in the template; the label stays text, hanging like a list
                p = para(f"{it.glyph}\t{it.text}", "List Paragraph")
                p.paragraph_format.first_line_indent = Cm(-0.63)
            continue
        if k == "title":
            para(it.text, "Title")
        elif k == "subtitle":
            para(it.text, "Subtitle")
        elif k == "front":
            para().add_run(word_nobreak(it.text)).bold = True
        elif k == "heading":
            para(it.text, "Heading 1" if it.level == 1 else "Heading 2")
        elif k == "lead":
            p = para()
            p.add_run(word_nobreak(it.text)).bold = True
            p.paragraph_format.space_before = Pt(8)
            p.paragraph_format.keep_with_next = True
        elif k == "bullet":
            para(it.text, "List Bullet" if it.level == 1 else "List Bullet 2")
        elif k in ("marker", "meta"):
            p = para()
            r = p.add_run(word_nobreak(it.text))
            r.font.size = Pt(8)
            r.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
            p.paragraph_format.space_after = Pt(0)
            if k == "marker":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if it.break_after:
                pending_break = True
        else:  # body, toc
            para(it.text)
    doc.save(out)


# ---- line layouts (reportlab, fpdf2) ----------------------------------------------------------

def winansi_safe(s: str) -> tuple[str, int]:
    """Text that standard Helvetica (WinAnsiEncoding) can show: a bullet glyph WinAnsi lacks
    becomes "•" (0x95), any other such character its compatibility decomposition without
    accents, else "?". Returns (text, number of characters replaced)."""
    import unicodedata
    out, n = [], 0
    for ch in s:
        try:
            ch.encode("cp1252")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        n += 1
        if re.match(BULLET_TOKEN_RE, ch) or ch in "▪■□▫●◦○➢►✓":
            out.append("•")
        else:
            dec = "".join(c for c in unicodedata.normalize("NFKD", ch) if c.isascii() and unicodedata.category(c) != "Mn")
            out.append(dec or "?")
    return "".join(out), n


@dataclass
class Placed:
    x: float
    y: float  # baseline, from the bottom of the page
    text: str
    bold: bool
    size: float


@dataclass
class PlanLayout:
    pages: list[list[Placed]] = field(default_factory=list)
    rules: list[list[tuple[float, float, float, float]]] = field(default_factory=list)


def wrap_words(text: str, width: float, measure) -> list[str]:
    """Greedy wrap at spaces; a word wider than the width gets a line of its own (never split).
    No line ends in a word that ends in a hyphen ("arbetsmarknads- och" stays together):
    pdftotext would join it with the next line's first word."""
    lines: list[str] = []
    cur = ""
    units = re.findall(r"(?:\S+-\s+)*\S+", text)
    for w in units:
        cand = f"{cur} {w}" if cur else w
        if cur and measure(cand) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines or [""]


def layout_plan(plan: SetPlan, measure, base: float = 10.0, left: float = 56.0, right: float = 56.0,
                top: float = 64.0, bottom: float = 72.0) -> PlanLayout:
    """One PDF line per source line (wrapped where too long), list glyphs hanging in front, a
    blank source line a gap; tables as columns at fixed x positions, cells wrapped inside their
    column, rows continuing on the next page; a new page after each page marker.
    measure(text, bold, size) -> width in points."""
    lay = PlanLayout()
    width = A4_W - left - right
    y = 0.0

    def new_page() -> None:
        nonlocal y
        lay.pages.append([])
        lay.rules.append([])
        y = A4_H - top

    def need(h: float) -> None:
        if not lay.pages or (y - h < bottom and lay.pages[-1]):
            new_page()

    def put(x: float, text: str, bold: bool, size: float, lead: float) -> None:
        nonlocal y
        need(lead)
        lay.pages[-1].append(Placed(x, y, text, bold, size))
        y -= lead

    sizes = {"title": (16.0, True), "subtitle": (12.0, False), "front": (11.0, True), "lead": (base, True),
             "marker": (8.0, False), "meta": (8.0, False)}
    new_page()
    for it in plan.items:
        k = it.kind
        if it.first_in_block and lay.pages[-1]:
            y -= base * 0.7
        if k == "table":
            size = base - 1
            while True:
                widths, fits = column_widths(it.rows, width, lambda s: measure(s, True, size), pad=8.0)
                if fits or size <= 6:
                    break
                size -= 0.5
            lead = size * 1.25
            xs = [left + sum(widths[:c]) for c in range(len(widths))]
            need(2 * lead + 4)
            lay.rules[-1].append((left, y + lead * 0.8, left + width, y + lead * 0.8))
            for ri, row in enumerate(it.rows):
                bold = ri == 0
                cells = [wrap_words(c, widths[ci] - 8, lambda s, b=bold: measure(s, b, size)) if c else []
                         for ci, c in enumerate(row)]
                nlines = max([len(c) for c in cells] + [1])
                if y - nlines * lead < bottom and nlines * lead <= (A4_H - top - bottom):
                    new_page()
                for li in range(nlines):
                    need(lead)
                    for ci, cl in enumerate(cells):
                        if li < len(cl):
                            lay.pages[-1].append(Placed(xs[ci] + 4, y, cl[li], bold, size))
                    y -= lead
                y -= 3
                if ri == 0:
                    lay.rules[-1].append((left, y + lead * 0.8, left + width, y + lead * 0.8))
            lay.rules[-1].append((left, y + lead * 0.8, left + width, y + lead * 0.8))
            y -= 4
            continue
        if k == "heading":
            size, bold = (13.0 if it.level == 1 else 11.5), True
            y -= 6
            need(size * 1.3 + 3 * base * 1.3)  # keep with the next lines
        else:
            size, bold = sizes.get(k, (base, False))
        lead = size * 1.3
        x_glyph = None
        x_text = left
        if k == "bullet":
            x_glyph = left + 14 * (it.level - 1)
            x_text = x_glyph + 12
        elif k == "number":
            x_glyph = left
            x_text = left + max(18.0, measure(it.glyph, False, size) + 6)
        src_lines: list[str] = []
        for line in it.lines:  # a source line ending in "arbetsmarknads-" runs on into the next
            if src_lines and re.search(r"\S-$", src_lines[-1]):
                src_lines[-1] += " " + line
            else:
                src_lines.append(line)
        for li, line in enumerate(src_lines):
            sub = wrap_words(line, left + width - x_text, lambda s: measure(s, bold, size))
            for si, s in enumerate(sub):
                if li == 0 and si == 0 and x_glyph is not None:
                    need(lead)
                    lay.pages[-1].append(Placed(x_glyph, y, it.glyph, False, size))
                put(x_text, s, bold, size, lead)
        if k == "marker" and it.break_after:
            new_page()
    if not lay.pages[-1] and len(lay.pages) > 1:
        lay.pages.pop()
        lay.rules.pop()
    return lay


def set_footer(plan: SetPlan, pno: int, n: int) -> str:
    return f"{plan.label}   Sida {pno} av {n}"


def build_reportlab_set(plan: SetPlan, out: Path) -> int:
    """reportlab canvas, standard Helvetica / Helvetica-Bold (Type1, WinAnsiEncoding, not
    embedded). Returns the number of characters WinAnsi could not show (replaced)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    def measure(s: str, bold: bool, size: float) -> float:
        return stringWidth(winansi_safe(s)[0], "Helvetica-Bold" if bold else "Helvetica", size)

    lay = layout_plan(plan, measure, base=10.0)
    c = canvas.Canvas(str(out), pagesize=(A4_W, A4_H), invariant=1, pageCompression=1)
    c.setTitle(winansi_safe(plan.title)[0])
    c.setAuthor(winansi_safe(plan.org)[0])
    c.setCreator("plancov scripts/make_fixtures.py --set")
    replaced = 0
    n = len(lay.pages)
    for pno, (page, rules) in enumerate(zip(lay.pages, lay.rules), 1):
        c.setLineWidth(0.5)
        for x1, y1, x2, y2 in rules:
            c.line(x1, y1, x2, y2)
        for pl in page:
            txt, r = winansi_safe(pl.text)
            replaced += r
            c.setFont("Helvetica-Bold" if pl.bold else "Helvetica", pl.size)
            c.drawString(pl.x, pl.y, txt)
        c.setFont("Helvetica", 8)
        c.drawString(56.0, 36, winansi_safe(set_footer(plan, pno, n))[0])
        c.showPage()
    c.save()
    return replaced


def build_fpdf_set(plan: SetPlan, out: Path) -> None:
    """fpdf2 with DejaVuSans / DejaVuSans-Bold embedded as subsets (Type0 / CIDFontType2,
    Identity-H, ToUnicode CMap); the same line layout with DejaVu's widths."""
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVuSans", "", str(DEJAVU))
    pdf.add_font("DejaVuSans", "B", str(DEJAVU_BOLD))
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(plan.title)
    pdf.set_author(plan.org)
    pdf.set_creator("plancov scripts/make_fixtures.py --set")
    pdf.set_producer("fpdf2")
    pdf.set_lang("sv-SE")

    def measure(s: str, bold: bool, size: float) -> float:
        pdf.set_font("DejaVuSans", "B" if bold else "", size)
        return pdf.get_string_width(s)

    lay = layout_plan(plan, measure, base=9.5)
    n = len(lay.pages)
    for pno, (page, rules) in enumerate(zip(lay.pages, lay.rules), 1):
        pdf.add_page()
        pdf.set_line_width(0.5)
        for x1, y1, x2, y2 in rules:
            pdf.line(x1, A4_H - y1, x2, A4_H - y2)
        for pl in page:
            pdf.set_font("DejaVuSans", "B" if pl.bold else "", pl.size)
            pdf.text(pl.x, A4_H - pl.y, pl.text)
        pdf.set_font("DejaVuSans", "", 8)
        pdf.text(56.0, A4_H - 36, set_footer(plan, pno, n))
    pdf.output(str(out))


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
    ignore_tokens: str = BULLET_TOKEN_RE


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
    bullet = re.compile(sp.ignore_tokens)
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
    bullet = re.compile(sp.ignore_tokens)
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
    return check_specs(specs())


def found_share(src: list[str], got: list[str]) -> float:
    """Share of the source words (as a multiset) that are among the extracted words."""
    from collections import Counter
    if not src:
        return 1.0
    missing = sum((Counter(src) - Counter(got)).values())
    return (len(src) - missing) / len(src)


def check_specs(all_specs: list[Spec], show_share: bool = False) -> bool:
    rows = []
    ok = True
    details = []
    for sp in all_specs:
        if not sp.pdf.exists():
            rows.append((rel_any(sp.pdf), "-", sp.compare, "-", "-", "-", "-", "-")
                        + (("-",) if show_share else ()) + ("MISSING",))
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
        share = (f"{100 * found_share(sw, pw):.1f}%",) if show_share else ()
        rows.append((rel_any(sp.pdf), kb, sp.compare, str(len(sw)), str(len(pw)), str(nd), str(nb),
                     "-" if ld is None else str(ld)) + share
                    + (f"{'ok' if good else 'FAIL'} ({dropped} added lines dropped)",))
        if samples and not good:
            details.append((rel_any(sp.pdf), samples))
    head = (("pdf", "KiB", "compare", "src words", "pdf words", "seq diff", "bag diff", "line diff")
            + (("found",) if show_share else ()) + ("status",))
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    print()
    for r in [head] + rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    print("\nseq diff = words not in the longest common word sequence (difflib); bag diff = multiset "
          "difference; line diff = source lines missing from the extracted lines. Source and pdftotext "
          "words both drop bullet-glyph tokens; pdftotext lines matching the manifest's added_lines are "
          "removed first." + (" found = share of the source words (multiset) found among the PDF's words."
                              if show_share else ""))
    for name, samples in details:
        print(f"\n{name}:")
        for s_ in samples:
            print("   ", s_)
    return ok


# ---- --set DIR: generate, manifest, check -------------------------------------------------------

SET_KINDS = {
    "word": ("word-export-libreoffice",
             "python-docx document (Title/Subtitle, Heading 1/2, List Bullet/List Bullet 2/List Number, "
             "Word tables with a shaded bold header row, footer with a PAGE field) -> LibreOffice PDF export"),
    "reportlab": ("reportlab-standard14-winansi",
                  "reportlab canvas; standard Helvetica/Helvetica-Bold, WinAnsiEncoding, not embedded; one line "
                  "per source line (wrapped), tables as columns at fixed x positions, cells wrapped in their column"),
    "fpdf": ("fpdf2-type0-identity-h",
             "fpdf2; embedded DejaVuSans/DejaVuSans-Bold subsets as Type0/CIDFontType2, Identity-H, ToUnicode "
             "CMap; the same line layout as the reportlab PDF"),
}


def set_sources(set_dir: Path, only: list[str] | None) -> list[Path]:
    srcs = sorted(set_dir.glob("*.txt"))
    if only:
        stems = {s.stem for s in srcs}
        unknown = [o for o in only if o not in stems]
        if unknown:
            sys.exit(f"--only: no {', '.join(unknown)}.txt in {set_dir}")
        srcs = [s for s in srcs if s.stem in only]
    if not srcs:
        sys.exit(f"no *.txt in {set_dir}")
    return srcs


def rel_any(p: Path) -> str:
    try:
        return rel(p)
    except ValueError:
        return str(p.resolve())


def _sha256(p: Path) -> str:
    import hashlib
    return hashlib.sha256(p.read_bytes()).hexdigest()


def pdf_page_count(pdf: Path) -> int | None:
    exe = shutil.which("pdfinfo")
    if not exe:
        return None
    out = subprocess.run([exe, str(pdf)], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else None


def generate_set(set_dir: Path, only: list[str] | None) -> None:
    import time
    out_dir = set_dir / "pdf"
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / "manifest.json"
    old = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else []
    srcs = set_sources(set_dir, only)
    plans = [load_set_plan(s) for s in srcs]
    entries: dict[str, dict] = {}
    timing: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="plancov-docx-") as tmp:
        tmpd = Path(tmp)
        pairs = []
        for plan in plans:
            t0 = time.perf_counter()
            d = tmpd / f"{plan.stem}.docx"
            build_docx_set(plan, d)
            pairs.append((d, out_dir / f"{plan.stem}.word.pdf"))
            timing[plan.stem] = time.perf_counter() - t0
        t0 = time.perf_counter()
        docx_to_pdf_many(pairs)  # one LibreOffice start for all of them
        lo_secs = time.perf_counter() - t0
        if KEEP_DOCX:
            for d, _ in pairs:
                shutil.copyfile(d, KEEP_DOCX / d.name)
    for plan in plans:
        t0 = time.perf_counter()
        replaced = build_reportlab_set(plan, out_dir / f"{plan.stem}.reportlab.pdf")
        build_fpdf_set(plan, out_dir / f"{plan.stem}.fpdf.pdf")
        timing[plan.stem] += time.perf_counter() - t0
        structure = {
            "title": plan.title,
            "headings": plan.count("heading"),
            "leads": plan.count("lead"),
            "bullets": plan.count("bullet"),
            "numbered_items": plan.count("number"),
            "tables": plan.count("table"),
            "table_rows": sum(len(it.rows) for it in plan.items if it.kind == "table"),
            "page_markers": plan.count("marker"),
            "layout": "A4 landscape (slides)" if plan.deck else "A4 portrait",
        }
        # pdftotext puts a Word list's labels in a column of their own, before or after the
        # items; where a label is a word of the plan (an en dash, say), only the multiset of words
        # can match. Tables: cells may come out in another order than the text's rows.
        word_glyphs = [g for g in (_list_glyph_for(plan, 1), _list_glyph_for(plan, 2)) if g]
        compare = "bag" if structure["tables"] else "words"
        word_compare = "bag" if structure["tables"] or word_glyphs else "words"
        source = rel_any(plan.source)
        sha = _sha256(plan.source)
        word_added = set_added_lines(plan, r"\s+Sida \d+$", [r"^Sida \d+$"])
        line_added = set_added_lines(plan, r"\s+Sida \d+ av \d+$", [r"^Sida \d+ av \d+$"])
        for variant, added in (("word", word_added), ("reportlab", line_added), ("fpdf", line_added)):
            pdf = out_dir / f"{plan.stem}.{variant}.pdf"
            kind, desc = SET_KINDS[variant]
            e = {
                "pdf": pdf.name,
                "source": source,
                "source_sha256": sha,
                "kind": kind,
                "added_lines": added,
                "compare": word_compare if variant == "word" else compare,
                "ignore_tokens": BULLET_TOKEN_RE,
                "strip_source_chars": "",
                "description": desc,
                "footer": (f"{plan.label}   Sida N" if variant == "word" else f"{plan.label}   Sida N av M"),
                "pages": pdf_page_count(pdf),
                "structure": structure,
            }
            if variant == "reportlab":
                e["winansi_replaced_chars"] = replaced
            entries[pdf.name] = e
        print(f"wrote {rel_any(out_dir)}/{plan.stem}.{{word,reportlab,fpdf}}.pdf "
              f"({structure['headings']} headings, {structure['bullets']} bullets, "
              f"{structure['numbered_items']} numbered, {structure['tables']} tables, "
              f"{structure['page_markers']} page markers)")
    # keep the entries of plans not regenerated this time (--only), drop those whose text is gone
    present = {s.stem for s in set_dir.glob("*.txt")}
    for e in old:
        stem = e["pdf"].rsplit(".", 2)[0]
        if e["pdf"] not in entries and stem in present and (out_dir / e["pdf"]).exists():
            entries[e["pdf"]] = e
    manifest = [entries[k] for k in sorted(entries)]
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {rel_any(manifest_path)}")
    print(f"time: LibreOffice {lo_secs:.1f} s for {len(pairs)} documents (one start); per plan without it: "
          + ", ".join(f"{k} {v:.1f} s" for k, v in timing.items()))


def check_set(set_dir: Path) -> bool:
    out_dir = set_dir / "pdf"
    manifest_path = out_dir / "manifest.json"
    if not manifest_path.exists():
        print(f"no {rel_any(manifest_path)}")
        return False
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    sps, notes = [], []
    for e in manifest:
        sp = Spec(out_dir / e["pdf"], REPO / e["source"], e["kind"], e["added_lines"], e["compare"],
                  e.get("strip_source_chars", ""), e.get("description", ""),
                  ignore_tokens=e.get("ignore_tokens", BULLET_TOKEN_RE))
        sps.append(sp)
        if sp.source.exists() and e.get("source_sha256") and _sha256(sp.source) != e["source_sha256"]:
            notes.append(f"STALE: {e['pdf']} was made from another version of {e['source']}")
    made = {e["pdf"].rsplit(".", 2)[0] for e in manifest}
    for s in sorted(set_dir.glob("*.txt")):
        if s.stem not in made:
            notes.append(f"MISSING: no PDFs for {rel_any(s)} (run --set {rel_any(set_dir)})")
    ok = check_specs(sps, show_share=True)
    for n in notes:
        print(n)
    return ok and not notes


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
                         "004_winansi_helvetica, 004_type0_truetype, 004_td_words); with --set: only "
                         "the plan DIR/STEM.txt; repeatable")
    ap.add_argument("--keep-docx", type=Path, help="also save the intermediate .docx files in this directory")
    ap.add_argument("--set", type=Path, metavar="DIR",
                    help="instead of the corpus and fixtures/pdf: make DIR/pdf/<stem>.{word,reportlab,fpdf}.pdf "
                         "and DIR/pdf/manifest.json from every DIR/*.txt (with --check/--check-only: verify them)")
    args = ap.parse_args()
    if not args.check_only:
        KEEP_DOCX = args.keep_docx
        if KEEP_DOCX:
            KEEP_DOCX.mkdir(parents=True, exist_ok=True)
    if args.set is not None:
        set_dir = args.set if args.set.is_absolute() else Path.cwd() / args.set
        if not set_dir.is_dir():
            sys.exit(f"--set {args.set}: no such directory")
        if not args.check_only:
            generate_set(set_dir, args.only)
        if args.check or args.check_only:
            return 0 if check_set(set_dir) else 1
        return 0
    if not args.check_only:
        copy_seeds(args.seeds)
        generate(set(args.only) if args.only else None)
    if args.check or args.check_only:
        return 0 if check() else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
