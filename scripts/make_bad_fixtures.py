#!/usr/bin/env python3
"""Make the bad-input fixtures in fixtures/bad/ (tests/robustness.rs reads them).

Every file is something an analyst could plausibly be sent (or a hostile
variant of it): an empty file, random bytes named .pdf, a PDF cut in half, a
PDF whose cross-reference offsets are wrong, encrypted PDFs with and without a
user password, a PDF with no pages, text files in Windows-1252 and UTF-16, a
text that is not a plan, PDFs with self-drawing forms and very deep
dictionaries, and a 500-page plan.

Only the Python standard library and reportlab (for the encrypted PDFs; pinned
in scripts/requirements.txt). The output is deterministic: rerunning the
script rewrites the same bytes.

    python3 scripts/make_bad_fixtures.py            # write fixtures/bad/
    python3 scripts/make_bad_fixtures.py --out DIR  # somewhere else
"""

from __future__ import annotations

import argparse
import io
import random
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOOD_TXT = ROOT / "corpus/plans/004_1c625e28d7976f31.txt"
GOOD_PDF = ROOT / "fixtures/pdf/004_winansi_helvetica.pdf"
HELDOUT = ROOT / "fixtures/heldout"


# --- a minimal PDF writer -------------------------------------------------


def pdf_bytes(objects: dict[int, bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF file with the given objects (number -> body) and a correct xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    size = max(objects) + 1
    offsets = {}
    for num in sorted(objects):
        offsets[num] = out.tell()
        out.write(b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n" % size)
    out.write(b"0000000000 65535 f \n")
    for num in range(1, size):
        if num in offsets:
            out.write(b"%010d 00000 n \n" % offsets[num])
        else:
            out.write(b"0000000000 65535 f \n")
    out.write(b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (size, root, trailer_extra))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra = b"/Filter /FlateDecode " + extra
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pdf_string(s: str) -> bytes:
    b = s.encode("cp1252", errors="replace")
    return b"(" + b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
LINES_PER_PAGE = 64


def page_content(lines: list[str]) -> bytes:
    ops = [b"BT /F1 9 Tf 11 TL 40 800 Td"]
    for line in lines:
        ops.append(pdf_string(line.rstrip()) + b" Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def text_pages(text: str) -> list[bytes]:
    lines = text.splitlines()
    return [
        page_content(lines[i : i + LINES_PER_PAGE]) for i in range(0, len(lines), LINES_PER_PAGE)
    ]


def plan_pdf(contents: list[bytes], pages: int) -> bytes:
    """`pages` pages cycling through the content streams (shared, so the file stays small)."""
    objs: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT}
    first_stream = 4
    for i, c in enumerate(contents):
        objs[first_stream + i] = stream(c)
    first_page = first_stream + len(contents)
    kids = []
    for p in range(pages):
        num = first_page + p
        kids.append(b"%d 0 R" % num)
        objs[num] = (
            b"<< /Type /Page /Parent 2 0 R /Contents %d 0 R >>"
            % (first_stream + p % len(contents))
        )
    objs[2] = (
        b"<< /Type /Pages /Count %d /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Kids [%s] >>" % (pages, b" ".join(kids))
    )
    return pdf_bytes(objs)


# --- the cases -------------------------------------------------------------


def zero_bytes() -> bytes:
    return b""


def random_bytes() -> bytes:
    rng = random.Random(20240601)
    data = bytes(rng.randrange(256) for _ in range(4096))
    assert b"%PDF-" not in data
    return data


def truncated() -> bytes:
    data = GOOD_PDF.read_bytes()
    return data[: len(data) // 2]


def broken_xref() -> bytes:
    """A real fixture PDF whose xref table entries all point 17 bytes too far."""
    data = GOOD_PDF.read_bytes()
    start = data.rindex(b"startxref")
    xref_at = int(data[start:].split()[1])
    assert data[xref_at : xref_at + 4] == b"xref", "fixture has a classic xref table"
    head, table = data[:xref_at], data[xref_at:]
    lines = table.split(b"\n")
    for i, line in enumerate(lines):
        parts = line.split()
        if len(parts) == 3 and parts[2] == b"n" and len(parts[0]) == 10:
            lines[i] = b"%010d %s n" % (int(parts[0]) + 17, parts[1]) + (
                b" " if line.endswith(b" ") else b""
            )
    return head + b"\n".join(lines)


def reportlab_pdf(text: str, encrypt) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1, encrypt=encrypt)
    lines = text.splitlines()
    for i in range(0, len(lines), LINES_PER_PAGE):
        t = c.beginText(40, 800)
        t.setFont("Helvetica", 9)
        t.setLeading(11)
        for line in lines[i : i + LINES_PER_PAGE]:
            t.textLine(line.rstrip())
        c.drawText(t)
        c.showPage()
    c.save()
    return buf.getvalue()


def encrypted_user_password() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    text = (HELDOUT / "miljoforvaltningen.txt").read_text(encoding="utf-8")
    enc = StandardEncryption("hemligt", ownerPassword="agare", strength=128)
    return reportlab_pdf(text, enc)


def encrypted_empty_password() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    text = (HELDOUT / "grundskoleforvaltningen.txt").read_text(encoding="utf-8")
    enc = StandardEncryption("", ownerPassword="agare", canModify=0, strength=128)
    return reportlab_pdf(text, enc)


def no_pages() -> bytes:
    return pdf_bytes(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Count 0 /Kids [] >>",
        }
    )


def windows_1252() -> bytes:
    text = (HELDOUT / "miljoforvaltningen.txt").read_text(encoding="utf-8")
    return text.replace("\n", "\r\n").encode("cp1252")


def utf16() -> bytes:
    text = (HELDOUT / "mkb.txt").read_text(encoding="utf-8")
    return b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le")


NOT_A_PLAN = """Protokoll från styrelsemöte i Bostadsrättsföreningen Kastanjen

Datum: 12 mars 2024, kl. 18.30–20.00
Plats: Föreningslokalen, Kastanjegatan 4

§ 1 Mötets öppnande
Ordföranden öppnade mötet och hälsade alla välkomna.

§ 2 Tvättstugan
Tvättmaskin nummer två är trasig. Styrelsen beslutar att köpa en ny maskin före påsk.
Nya bokningstavlor sätts upp i källaren.

§ 3 Trädgården
Vårstädning lördag den 20 april. Föreningen bjuder på kaffe och bullar.
Rabatterna vid entrén planteras om med perenner.

§ 4 Ekonomi
Kassören redovisade att årsavgifterna betalats in. Räntekostnaderna har ökat något.

§ 5 Nästa möte
Nästa möte hålls den 16 april.

Vid protokollet: Åsa Öberg
"""


def not_a_plan() -> bytes:
    return NOT_A_PLAN.encode("utf-8")


def xobject_self() -> bytes:
    """A page that draws a Form XObject that draws itself (and one that draws
    its partner), in a page tree whose nodes list themselves and each other
    among their /Kids."""
    form_a = (
        b"BT /F1 11 Tf 40 760 Td (Detta formul\xe4r ritar sig sj\xe4lvt.) Tj ET\n"
        b"q 1 0 0 1 0 -14 cm /Fa Do Q\nq 1 0 0 1 0 -200 cm /Fb Do Q"
    )
    form_b = (
        b"BT /F1 11 Tf 300 760 Td (Och detta ritar sin partner.) Tj ET\n"
        b"q 1 0 0 1 0 -14 cm /Fa Do Q"
    )
    res = b"/Resources << /Font << /F1 3 0 R >> /XObject << /Fa 5 0 R /Fb 6 0 R >> >>"
    return pdf_bytes(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Count 1 /Kids [4 0 R 2 0 R 8 0 R] >>",
            8: b"<< /Type /Pages /Parent 2 0 R /Count 1 /Kids [2 0 R 8 0 R] >>",
            3: FONT,
            4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s /Contents 7 0 R >>"
            % res,
            5: stream(form_a, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] %s " % res),
            6: stream(form_b, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] %s " % res),
            7: stream(b"/Fa Do"),
        }
    )


def png_up(data: bytes, columns: int) -> bytes:
    """PNG "Up" prediction (/Predictor 12): each row as its difference from the
    row above, which makes rows that differ in a digit or two compress well."""
    assert len(data) % columns == 0
    out = io.BytesIO()
    prev = bytes(columns)
    for i in range(0, len(data), columns):
        row = data[i : i + columns]
        out.write(b"\x02" + bytes((a - b) & 0xFF for a, b in zip(row, prev)))
        prev = row
    return out.getvalue()


def predicted_stream(data: bytes, columns: int, extra: bytes) -> bytes:
    body = zlib.compress(png_up(data, columns), 9)
    return (
        b"<< /Length %d /Filter /FlateDecode "
        b"/DecodeParms << /Predictor 12 /Columns %d >> %s>>\nstream\n" % (len(body), columns, extra)
        + body
        + b"\nendstream"
    )


def pdf_bytes_objstm(plain: dict[int, bytes], packed: dict[int, bytes], root: int = 1) -> bytes:
    """A PDF 1.5 file: `plain` objects written out, `packed` ones in one object
    stream, and a cross-reference stream. Packed objects and header entries
    are padded to one width so that, with PNG prediction, thousands of
    near-identical objects take little room on disk."""
    width = max(16, max(len(o) for o in packed.values() if len(o) < 256) + 1)
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    objstm_num = max([*plain, *packed]) + 1
    xref_num = objstm_num + 1
    entries: dict[int, tuple[int, int, int]] = {0: (0, 0, 65535)}
    for num in sorted(plain):
        entries[num] = (1, out.tell(), 0)
        out.write(b"%d 0 obj\n" % num + plain[num] + b"\nendobj\n")

    def pad(b: bytes) -> bytes:
        return b + b" " * (-len(b) % width)

    order = sorted(packed)
    bodies = [pad(packed[n] + b"\n") for n in order]
    offsets, at = [], 0
    for body in bodies:
        offsets.append(at)
        at += len(body)
    head = b"".join(pad(b"%d %d " % (n, o)) for n, o in zip(order, offsets))
    for i, num in enumerate(order):
        entries[num] = (2, objstm_num, i)
    entries[objstm_num] = (1, out.tell(), 0)
    extra = b"/Type /ObjStm /N %d /First %d " % (len(order), len(head))
    out.write(
        b"%d 0 obj\n" % objstm_num
        + predicted_stream(head + b"".join(bodies), width, extra)
        + b"\nendobj\n"
    )
    entries[xref_num] = (1, out.tell(), 0)
    size = xref_num + 1
    rows = b"".join(
        bytes([t]) + a.to_bytes(4, "big") + b.to_bytes(2, "big")
        for t, a, b in (entries.get(n, (0, 0, 0)) for n in range(size))
    )
    xref_at = entries[xref_num][1]
    extra = b"/Type /XRef /W [1 4 2] /Size %d /Root %d 0 R " % (size, root)
    out.write(b"%d 0 obj\n" % xref_num + predicted_stream(rows, 7, extra) + b"\nendobj\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return out.getvalue()


def dict_chain_deep() -> bytes:
    """Chains 10,000 deep where a reader walks: the page sits under 10,000
    nested /Pages nodes (each with /Parent), its /Resources is reached through
    10,000 references in a row, one of its resources is a dictionary nested
    10,000 deep, and its content stream holds arrays and dictionaries nested
    10,000 deep. The objects are packed in an object stream so the file stays
    small."""
    depth = 10_000
    first_node, first_ref, nested = 10, 10 + depth, 10 + 2 * depth
    content = (
        b"BT /F1 11 Tf 40 760 Td (En sida med djupa ordlistor.) Tj "
        + b"[" * depth
        + b"(x)"
        + b"]" * depth
        + b" TJ ET /P <<"
        + b"/A <<" * depth
        + b">>" * depth
        + b">> BDC EMC"
    )
    plain = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Count 1 /Kids [%05d 0 R] >>" % first_node,
        3: FONT,
        4: b"<< /Type /Page /Parent %05d 0 R /MediaBox [0 0 595 842] "
        b"/Resources %05d 0 R /Contents 5 0 R >>" % (first_node + depth - 1, first_ref),
        5: stream(content),
    }
    packed = {}
    for i in range(depth):
        kid = first_node + i + 1 if i + 1 < depth else 4
        parent = first_node + i - 1 if i else 2
        packed[first_node + i] = b"<</Type/Pages/Count 1/Kids[%05d 0 R]/Parent %05d 0 R>>" % (
            kid,
            parent,
        )
    for i in range(depth - 1):
        packed[first_ref + i] = b"%05d 0 R" % (first_ref + i + 1)
    packed[first_ref + depth - 1] = (
        b"<</Font<</F1 3 0 R>>/Properties<</P %05d 0 R>>>>" % nested
    )
    packed[nested] = b"<</A " * depth + b"1" + b">>" * depth
    return pdf_bytes_objstm(plain, packed)


def image_only() -> bytes:
    """A scanned page: one grey image, no text layer (like fixtures/scanned/004_image_only.pdf)."""
    w, h = 64, 32
    pixels = bytes((x * 4 + y * 2) % 256 for y in range(h) for x in range(w))
    img = stream(
        pixels,
        b"/Type /XObject /Subtype /Image /Width %d /Height %d "
        b"/ColorSpace /DeviceGray /BitsPerComponent 8 " % (w, h),
    )
    return pdf_bytes(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
            4: img,
            5: stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
        }
    )


def plan_500_pages() -> bytes:
    text = GOOD_TXT.read_text(encoding="utf-8")
    return plan_pdf(text_pages(text), 500)


CASES = {
    "zero_bytes.pdf": zero_bytes,
    "random_bytes.pdf": random_bytes,
    "truncated.pdf": truncated,
    "broken_xref.pdf": broken_xref,
    "encrypted_user_password.pdf": encrypted_user_password,
    "encrypted_empty_password.pdf": encrypted_empty_password,
    "no_pages.pdf": no_pages,
    "image_only.pdf": image_only,
    "windows_1252.txt": windows_1252,
    "utf16.txt": utf16,
    "not_a_plan.txt": not_a_plan,
    "xobject_self.pdf": xobject_self,
    "dict_chain_deep.pdf": dict_chain_deep,
    "plan_500_pages.pdf": plan_500_pages,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "fixtures/bad")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, make in CASES.items():
        data = make()
        (args.out / name).write_bytes(data)
        print(f"{name:32} {len(data):>8} bytes")


if __name__ == "__main__":
    main()
