#!/usr/bin/env python3
"""Make the Word and OpenDocument test plans in fixtures/docx/ from the seed texts.

    python3 scripts/make_docx_fixtures.py           # write fixtures/docx/*.docx and *.odt
    python3 scripts/make_docx_fixtures.py --no-odt  # only the .docx files (no LibreOffice)

Set-up: `pip install -r scripts/requirements.txt` (python-docx); for the .odt,
`apt-get install libreoffice-writer-nogui`. See scripts/README.md.

Outputs (relative to the repository root):

  fixtures/docx/004_1c625e28d7976f31.docx  the ASF plan (corpus/plans/004_*.txt) as a Word document
  fixtures/docx/002_1ad6448ef08cc064.docx  the FSF slide plan (corpus/plans/002_*.txt) with its tables
  fixtures/docx/004_1c625e28d7976f31.odt   LibreOffice's conversion of the 004 .docx

Each document says the same as its text plan, so plancov must find the same
activities, goals and codes in both (tests/docx.rs). What a Word reader has to
get right is put where a mistake would change the result:

  - real Word lists: "List Bullet" (numbering in the style), numbered lists and
    a nested bullet level with w:numPr on the paragraph, definitions in
    numbering.xml;
  - Heading 1 goal headings (with a page break before), Heading 3 rubriker;
  - a tracked insertion and deletion inside an activity (004) and a table cell
    (002): only the accepted text is the plan's;
  - comments whose text names codes (heder, barn) on two activities;
  - a DOCPROPERTY field inside an activity's description: the instruction names
    codes, the result is the plan's text;
  - a soft hyphen in a word and a non-breaking hyphen in "HR-avdelningen";
  - an explicit page break; headers and footers (with PAGE fields) that are not
    part of the plan;
  - 002's tables as real Word tables with a header row, one cell merged across
    two columns and one merged down two rows;
  - 002's quote slide as a text box (DrawingML with a VML fallback, so a reader
    that reads both shows it twice).

The zip entries get a fixed timestamp and every tracked-change/comment date is
pinned, so a rerun with the same python-docx gives the same bytes.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_fixtures as mf  # noqa: E402  (the seed paragraph model and python-docx helpers)

REPO = mf.REPO
OUT = REPO / "fixtures" / "docx"
FIXED_ZIP_DATE = (2023, 3, 15, 9, 30, 0)
FIXED_W_DATE = "2023-03-15T09:30:00Z"
REVIEWER = "Granskare ASF"

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _xml(s: str):
    from docx.oxml import parse_xml
    return parse_xml(s)


class Ids:
    """Unique ids for tracked changes and drawings."""

    def __init__(self) -> None:
        self.n = 100

    def __call__(self) -> int:
        self.n += 1
        return self.n


IDS = Ids()


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def tracked(par, before: str, inserted: str, deleted: str, after: str) -> None:
    """Text with a tracked insertion and, right after it, a tracked deletion."""
    if before:
        par.add_run(before)
    par._p.append(_xml(
        f'<w:ins {W_NS} w:id="{IDS()}" w:author="{REVIEWER}" w:date="{FIXED_W_DATE}">'
        f'<w:r><w:t xml:space="preserve">{esc(inserted)}</w:t></w:r></w:ins>'))
    par._p.append(_xml(
        f'<w:del {W_NS} w:id="{IDS()}" w:author="{REVIEWER}" w:date="{FIXED_W_DATE}">'
        f'<w:r><w:delText xml:space="preserve">{esc(deleted)}</w:delText></w:r></w:del>'))
    if after:
        par.add_run(after)


def field(par, instruction: str, result: str) -> None:
    """A complex field: begin, instruction, separate, cached result, end."""
    def fld(kind: str) -> None:
        par.add_run()._r.append(_xml(f'<w:fldChar {W_NS} w:fldCharType="{kind}"/>'))

    fld("begin")
    par.add_run()._r.append(
        _xml(f'<w:instrText {W_NS} xml:space="preserve">{esc(instruction)}</w:instrText>'))
    fld("separate")
    par.add_run(result)
    fld("end")


def soft_hyphenated(par, before: str, word_a: str, word_b: str, after: str) -> None:
    """`word_a` and `word_b` as one word with a soft hyphen between them."""
    r = par.add_run(before + word_a)
    r._r.append(_xml(f"<w:softHyphen {W_NS}/>"))
    r._r.append(_xml(f'<w:t {W_NS} xml:space="preserve">{esc(word_b + after)}</w:t>'))


def no_break_hyphen(par, text: str) -> None:
    """`text` with every "HR-" written with Word's non-breaking hyphen."""
    parts = text.split("HR-")
    for i, part in enumerate(parts):
        if i:
            r = par.add_run("HR")
            r._r.append(_xml(f"<w:noBreakHyphen {W_NS}/>"))
        if part:
            par.add_run(part)


def page_break_run(par) -> None:
    par.add_run()._r.append(_xml(f'<w:br {W_NS} w:type="page"/>'))


# ----------------------------------------------------------------------------------------------
# Numbering: list definitions of our own in numbering.xml
# ----------------------------------------------------------------------------------------------

ABS_BULLETS = 90  # bullet list, three levels
ABS_NUMBERS = 91  # "1." then "a)"


def add_list_definitions(doc) -> None:
    numbering = doc.part.numbering_part.element
    levels_b = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="{g}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{720 + 360 * i}" w:hanging="360"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:hint="default"/></w:rPr></w:lvl>'
        for i, (g, f) in enumerate([("\uf0b7", "Symbol"), ("o", "Courier New"), ("\uf0a7", "Wingdings")]))
    levels_n = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1080" w:hanging="360"/></w:pPr></w:lvl>')
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    for abs_id, levels, kind in ((ABS_BULLETS, levels_b, "hybridMultilevel"),
                                 (ABS_NUMBERS, levels_n, "hybridMultilevel")):
        el = _xml(f'<w:abstractNum {W_NS} w:abstractNumId="{abs_id}">'
                  f'<w:multiLevelType w:val="{kind}"/>{levels}</w:abstractNum>')
        if first_num is not None:
            first_num.addprevious(el)
        else:
            numbering.append(el)


def new_list(doc, abstract: int) -> int:
    """A new w:num for `abstract`, restarting its numbering; returns its numId."""
    numbering = doc.part.numbering_part.element
    ids = [int(n.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}numId"))
           for n in numbering.iterchildren("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")]
    num_id = max(ids, default=0) + 1
    numbering.append(_xml(
        f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    return num_id


def number(par, num_id: int, level: int) -> None:
    """Direct numbering on a paragraph (w:pPr/w:numPr)."""
    ppr = par._p.get_or_add_pPr()
    ppr.append(_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


# ----------------------------------------------------------------------------------------------
# 004: the ASF plan
# ----------------------------------------------------------------------------------------------

TRACKED_004 = "Förvaltningen ska vidareutveckla det tidiga föräldrastödet."
COMMENTED_004 = "Förvaltningen ska undersöka vilka möjligheter det finns att flytta på den som använder våld."
FIELD_004 = "Verksamheterna ska fortsätta med implementeringen av Vårdmodell barn."
BREAK_BEFORE_004 = "Planens mål"


def build_004(text: str, out: Path) -> None:
    Document, _, _, _, _, _, Cm, Pt, RGBColor = mf._docx()
    doc = Document()
    mf.set_core_properties(doc, "Handlingsplan Fri från våld – arbetsmarknads- och socialnämnden",
                           "Arbetsmarknads- och socialförvaltningen")
    styles = doc.styles
    mf.set_style_font(styles["Normal"], "Calibri", 11)
    for sname, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 12), ("Header", 9),
                        ("Footer", 9), ("List Bullet", 11)):
        mf.set_style_font(styles[sname], "Calibri", size)
    for sname in ("Heading 1", "Heading 2", "Heading 3"):
        styles[sname].font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.header.paragraphs[0].text = mf.ASF_HEADER
    fp = sec.footer.paragraphs[0]
    fp.add_run(mf.ASF_FOOTER_PREFIX)
    mf.add_page_field(fp)
    add_list_definitions(doc)

    paras = mf.paragraphs_004(text)
    list_kind: str | None = None  # the list the current run of bullets belongs to
    num_id = 0
    previous = None
    for i, p in enumerate(paras):
        if p.kind != "bullet":
            list_kind = None
        if p.text == BREAK_BEFORE_004 and previous is not None:
            page_break_run(previous)
        if p.kind == "goal":
            para = doc.add_paragraph(p.text, style="Heading 1")
            para.paragraph_format.page_break_before = True
        elif p.kind == "title":
            para = doc.add_paragraph(p.text, style="Heading 1")
        elif p.kind == "subtitle":
            para = doc.add_paragraph(p.text, style="Heading 2")
        elif p.kind == "rubrik":
            para = doc.add_paragraph(p.text, style="Heading 3")
        elif p.kind == "bullet":
            lead = next((q for q in reversed(paras[:i]) if q.kind != "bullet"), None)
            if lead is not None and lead.kind == "lead" and lead.text == "Genom att:":
                # The goal's "Genom att:" list: a numbered Word list of its own.
                if list_kind != "numbers":
                    num_id = new_list(doc, ABS_NUMBERS)
                    list_kind = "numbers"
                para = doc.add_paragraph(p.text)
                number(para, num_id, 0)
            elif lead is not None and lead.kind == "lead":
                # Items under an introducing sentence: the second bullet level.
                if list_kind != "nested":
                    num_id = new_list(doc, ABS_BULLETS)
                    list_kind = "nested"
                para = doc.add_paragraph(p.text)
                number(para, num_id, 1)
            elif p.text == TRACKED_004:
                para = doc.add_paragraph(style="List Bullet")
                tracked(para, "Förvaltningen ska ", "vidareutveckla", "utreda och stärka", " det tidiga föräldrastödet.")
            elif p.text == COMMENTED_004:
                para = doc.add_paragraph(style="List Bullet")
                run = para.add_run(p.text)
                doc.add_comment(run, text="Gäller det även hedersrelaterat våld mot barn och äldre?",
                                author=REVIEWER, initials="GR")
            elif "HR-" in p.text:
                para = doc.add_paragraph(style="List Bullet")
                no_break_hyphen(para, p.text)
            else:
                para = doc.add_paragraph(p.text, style="List Bullet")
        elif p.text == FIELD_004:
            para = doc.add_paragraph()
            soft_hyphenated(para, "Verksamheterna ska fortsätta med ", "implemente", "ringen", " av ")
            field(para, ' DOCPROPERTY "Modell hedersrelaterat våld äldre" \\* MERGEFORMAT ', "Vårdmodell barn")
            para.add_run(".")
        else:
            para = doc.add_paragraph()
            no_break_hyphen(para, p.text)
        previous = para
    doc.save(out)


# ----------------------------------------------------------------------------------------------
# 002: the FSF slide plan with its tables
# ----------------------------------------------------------------------------------------------

TABLE_002_SPAN = "Kompetenscentrum Basutbildning om våld 2 ggr/år"   # merged across columns 1–2
TABLE_002_DOWN = "Utvärdering av Maria Schöndals högskola"          # merged down two rows
TRACKED_002 = "Stöd i enskilda komplexa ärenden"
COMMENTED_002 = "Fri från våld"

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"


def text_box_run(lines: list[str]) -> str:
    """A run holding a text box: DrawingML in mc:Choice, the same box in VML as the fallback."""
    def content() -> str:
        runs = []
        for i, line in enumerate(lines):
            if i:
                runs.append("<w:r><w:br/></w:r>")
            runs.append(f'<w:r><w:rPr><w:i/><w:sz w:val="56"/></w:rPr><w:t xml:space="preserve">{esc(line)}</w:t></w:r>')
        return f"<w:txbxContent><w:p>{''.join(runs)}</w:p></w:txbxContent>"

    n = IDS()
    return (
        f'<w:r {W_NS} xmlns:mc="{MC}" xmlns:wps="{WPS}" xmlns:wp="{WP}" xmlns:a="{A}" xmlns:v="{V}">'
        f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="7200000" cy="2400000"/>'
        f'<wp:docPr id="{n}" name="Citat {n}"/>'
        f'<a:graphic><a:graphicData uri="{WPS}"><wps:wsp><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="7200000" cy="2400000"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></wps:spPr>'
        f'<wps:txbx>{content()}</wps:txbx>'
        f'<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t"/>'
        f'</wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape id="Citat{n}" type="#_x0000_t202" style="width:567pt;height:189pt" filled="f" stroked="f">'
        f'<v:textbox>{content()}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
    )


def build_002(text: str, out: Path) -> None:
    Document, WD_ORIENT, WD_TABLE_ALIGNMENT, _, OxmlElement, qn, Cm, Pt, RGBColor = mf._docx()
    doc = Document()
    mf.set_core_properties(doc, "Handlingsplan Fri från våld – Funktionsstödsförvaltningen",
                           "Funktionsstödsförvaltningen")
    styles = doc.styles
    mf.set_style_font(styles["Normal"], "Calibri", 14)
    for sname, size in (("Title", 36), ("Heading 1", 22), ("Heading 2", 16), ("Footer", 10),
                        ("List Bullet", 14), ("Table Grid", 11)):
        mf.set_style_font(styles[sname], "Calibri", size)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.0)
    fp = sec.footer.paragraphs[0]
    fp.add_run(mf.FSF_FOOTER_PREFIX)
    mf.add_page_field(fp)

    col_w = Cm(7.5)
    seen_titles: set[str] = set()
    first = True
    for block in mf.blocks_of(text):
        head = block[0].strip()
        if "\t" in block[0]:
            rows = [line.split("\t") for line in block]
            table = doc.add_table(rows=len(rows), cols=3)
            table.style = styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.LEFT
            table.autofit = False
            header = table.rows[0]._tr.get_or_add_trPr()
            header.append(OxmlElement("w:tblHeader"))
            for ri, cells in enumerate(rows):
                assert len(cells) == 3, cells
                for ci, cell_text in enumerate(cells):
                    cell = table.cell(ri, ci)
                    cell.width = col_w
                    cell_text = cell_text.strip()
                    par = cell.paragraphs[0]
                    if cell_text == TRACKED_002:
                        tracked(par, "Stöd i ", "enskilda", "alla", " komplexa ärenden")
                        continue
                    # "hälsa -inspirationsträff -basworkshops": one item per line in the cell
                    for k, piece in enumerate(re.split(r" (?=-\w)", cell_text) if cell_text else []):
                        if k:
                            par.add_run().add_break()
                        run = par.add_run(piece)
                        run.bold = True if ri == 0 else None
            for ri, cells in enumerate(rows):
                if cells[0].strip() == TABLE_002_SPAN and not cells[1].strip():
                    merged = table.cell(ri, 0).merge(table.cell(ri, 1))
                    # merging keeps the empty cell's paragraph; one paragraph is enough
                    for extra in merged.paragraphs[1:]:
                        if not extra.text:
                            extra._p.getparent().remove(extra._p)
                if cells[1].strip() == TABLE_002_DOWN and ri + 1 < len(rows) and not rows[ri + 1][1].strip():
                    merged = table.cell(ri, 1).merge(table.cell(ri + 1, 1))
                    for extra in merged.paragraphs[1:]:
                        if not extra.text:
                            extra._p.getparent().remove(extra._p)
            grid = table._tbl.tblGrid
            for gc in grid.findall(qn("w:gridCol")):
                gc.set(qn("w:w"), str(int(col_w.twips)))
            doc.add_paragraph()
            continue

        if head in mf.SLIDE_TITLES_002 and head not in seen_titles and len(block) == 1:
            seen_titles.add(head)
            para = doc.add_paragraph(style="Title" if first else "Heading 1")
            run = para.add_run(head)
            if head == COMMENTED_002 and first:
                doc.add_comment(run, text="Ska hedersrelaterat våld och barn nämnas redan här?",
                                author=REVIEWER, initials="GR")
            if not first:
                para.paragraph_format.page_break_before = True
            first = False
            continue
        if mf.GOAL_002_RE.match(head) and len(block) == 1:
            para = doc.add_paragraph(head, style="Heading 1")
            para.paragraph_format.page_break_before = True
            continue
        if head in mf.SUBHEADINGS_002 and len(block) == 1:
            doc.add_paragraph(head, style="Heading 2")
            continue
        if head.startswith("*Det är en mänsklig"):
            # The quote slide: a text box on a page of its own.
            para = doc.add_paragraph()
            page_break_run(para)
            anchor = doc.add_paragraph()
            anchor._p.append(_xml(text_box_run([line.strip().strip("*") for line in block])))
            continue

        pending: list[str] = []

        def flush() -> None:
            if pending:
                para = doc.add_paragraph()
                mf.add_emphasised(para, "\n".join(pending))
                pending.clear()

        for line in block:
            t = line.strip()
            if t.startswith("- "):
                flush()
                item = t[2:].strip()
                if item.startswith("⌘ "):
                    item = item[2:].strip()
                para = doc.add_paragraph(style="List Bullet")
                mf.add_emphasised(para, item)
            else:
                pending.append(t)
        flush()
    doc.save(out)


# ----------------------------------------------------------------------------------------------
# Fixed bytes, and the .odt
# ----------------------------------------------------------------------------------------------

def pin(path: Path) -> None:
    """Rewrite a package with fixed entry timestamps and pinned change/comment dates."""
    src = zipfile.ZipFile(path)
    buf = io.BytesIO()
    # LibreOffice names lists, changes and comments after memory addresses:
    # renumbered in order of appearance, the same name in every part.
    names: dict[bytes, bytes] = {}

    def renumber(m: re.Match) -> bytes:
        key = m.group(0)
        if key not in names:
            names[key] = m.group(1) + str(len(names) + 1).encode()
        return names[key]

    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith(".xml") and path.suffix == ".odt":
                data = re.sub(rb"\b(list|ct|__Annotation__)\d[\d_]{5,}", renumber, data)
            if info.filename.endswith(".xml"):
                data = re.sub(rb'w:date="[^"]*"', f'w:date="{FIXED_W_DATE}"'.encode(), data)
                data = re.sub(rb"<(dc:date|meta:creation-date|meta:print-date)>[^<]*<",
                              lambda m: b"<" + m.group(1) + b">2023-03-15T09:30:00<", data)
                data = re.sub(rb"<meta:editing-duration>[^<]*<", b"<meta:editing-duration>PT0S<", data)
                data = re.sub(rb"<meta:generator>[^<]*<", b"<meta:generator>LibreOffice<", data)
                data = re.sub(rb'(config:name="Rsid(?:Root)?" config:type="int">)\d+<', rb"\g<1>1<", data)
            out = zipfile.ZipInfo(info.filename, FIXED_ZIP_DATE)
            # ODF wants its mimetype entry first and stored
            out.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            out.external_attr = 0o644 << 16
            dst.writestr(out, data)
    src.close()
    path.write_bytes(buf.getvalue())


def to_odt(docx: Path, out: Path) -> None:
    soffice = mf.soffice_binary()
    with tempfile.TemporaryDirectory(prefix="plancov-odt-") as tmp:
        tmpd = Path(tmp)
        profile = (tmpd / "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "odt", "--outdir", str(tmpd), str(docx)]
        env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", SAL_USE_VCLPLUGIN="svp")
        res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
        produced = tmpd / (docx.stem + ".odt")
        if res.returncode != 0 or not produced.exists():
            sys.exit(f"LibreOffice conversion failed:\n{res.stdout}\n{res.stderr}")
        shutil.copyfile(produced, out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-odt", action="store_true", help="do not make the .odt (needs LibreOffice)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    d004 = OUT / f"{mf.SEED_004}.docx"
    d002 = OUT / f"{mf.SEED_002}.docx"
    build_004(mf.read_plan(mf.SEED_004), d004)
    build_002(mf.read_plan(mf.SEED_002), d002)
    for d in (d004, d002):
        pin(d)
        print(f"wrote {mf.rel(d)}")
    if not args.no_odt:
        odt = OUT / f"{mf.SEED_004}.odt"
        to_odt(d004, odt)
        pin(odt)
        print(f"wrote {mf.rel(odt)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
