#!/usr/bin/env python3
"""Write ``src/pubrelease/reading/pdfiumboxes.json`` for ``reading/cutlines.py``: for each
upright style of the standard fonts of text and each byte of the WinAnsi encoding
``plain_text`` reads, the box PDFium's text layer gives its glyph (``FPDFText_GetCharBox``:
left, bottom, right and top from its origin, in thousandths of the size) and the left
and right of its loose box (``FPDFText_GetLooseCharBox``, which holds its advance),
under ``"boxes"``; and under ``"loose"``, of the loose boxes (which its lines are made
of), the lowest bottom, the highest top and the lowest middle, in the same measure.

The general path judges a character cut by a clip from that box (:mod:`..pdf.clipping`):
wholly outside the clip, it is cut. A value MuPDF sets larger than its box is cut so,
and the widget reading tells which of its characters PDFium cuts from these boxes,
without a text page. Run once by a developer; ``tests/test_cut_lines.py`` measures them
again in PDFium.

    .venv/bin/python tools/pdfium_boxes.py
"""

from __future__ import annotations

import ctypes
import json
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "pubrelease" / "reading" / "pdfiumboxes.json"
STYLES = ("Helvetica", "Helvetica-Bold", "Times-Roman", "Times-Bold", "Courier", "Courier-Bold")
"""The upright styles (``plain_text`` leaves the slanted ones to the general path)."""
CODES = [
    *range(0x20, 0x7F),
    *(c for c in range(0x82, 0xA0) if c not in (0x8D, 0x8F, 0x90, 0x9D)),
    *range(0xA1, 0x100),
]
SIZE, CELL, COLUMNS = 100, 200, 16


def page_of(style: str) -> bytes:
    """A one-page file drawing each of :data:`CODES` in ``style`` at :data:`SIZE` points,
        each in a cell of its own between two H's (PDFium's text layer leaves out a space
    drawn alone)."""
    rows = -(-len(CODES) // COLUMNS)
    ops = []
    for i, code in enumerate(CODES):
        row, column = divmod(i, COLUMNS)
        x, y = column * CELL + 50, (rows - row) * CELL - 150
        ops.append(b"BT /F1 %d Tf 1 0 0 1 %d %d Tm <48%02X48> Tj ET" % (SIZE, x, y, code))
    content = b"\n".join(ops)
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 4 0 R"
        b" >> >> /Contents 5 0 R >>" % (COLUMNS * CELL, rows * CELL),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
        % style.encode(),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(out)


def boxes(style: str) -> tuple[dict[int, tuple[float, ...]], tuple[float, float, float]]:
    """Each byte's glyph box in ``style``, from its origin, in thousandths of the size,
    and its loose box's left and right; and of the loose boxes, the lowest bottom, the
    highest top and the lowest middle."""
    doc = pdfium.PdfDocument(page_of(style))
    textpage = doc[0].get_textpage()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_double(), ctypes.c_double()
    loose = pdfium_c.FS_RECTF()
    out: dict[int, tuple[float, ...]] = {}
    drawn = [
        index
        for index in range(pdfium_c.FPDFText_CountChars(textpage.raw))
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, index) != 1  # (made up between objects)
    ]
    if len(drawn) != 3 * len(CODES):
        raise SystemExit(f"{style}: PDFium read {len(drawn)} characters, not {3 * len(CODES)}")
    scale = 1000 / SIZE
    lows, highs = [], []
    for code, index in zip(CODES, drawn[1::3], strict=True):  # (each between its H's)
        pdfium_c.FPDFText_GetCharBox(textpage.raw, index, left, right, bottom, top)
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
        sides = (left.value - x.value, bottom.value - y.value)
        sides += (right.value - x.value, top.value - y.value)
        out[code] = tuple(round(v * scale, 2) for v in sides)
        pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, index, loose)
        across = (loose.left - x.value, loose.right - x.value)
        out[code] += tuple(round(v * scale, 2) for v in across)
        lows.append((loose.bottom - y.value) * scale)
        highs.append((loose.top - y.value) * scale)
    middle = min((low + high) / 2 for low, high in zip(lows, highs, strict=True))
    return out, (round(min(lows), 2), round(max(highs), 2), round(middle, 2))


def main() -> None:
    made = {style: boxes(style) for style in STYLES}
    table = {
        "boxes": {style: {str(c): box for c, box in made[style][0].items()} for style in STYLES},
        "loose": {style: made[style][1] for style in STYLES},
    }
    OUT.write_text(json.dumps(table, separators=(",", ":")) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {sum(map(len, table['boxes'].values()))} boxes")


if __name__ == "__main__":
    main()
