#!/usr/bin/env python3
"""Write ``src/pubrelease/reading/reach.json`` for ``reading/plaintext.py``: for each family
of the standard fonts of text (Helvetica, Times, Courier) and each byte of the WinAnsi
encoding ``plain_text`` reads (ASCII, WinAnsi's own
0x82-0x9F, and 0xA1 up), how far below and above the baseline
its glyph reaches, in thousandths of the size: the most of its family's four styles, in
every viewer's font for them; and ``sideways.json``: for each upright style and byte, how
far left and right of its origin its glyph's ink reaches, the furthest in every viewer's
font for that style (``plain_text`` judges a run from its first ink to its last).

A viewer draws a standard font that is not embedded with a font of its own: PDFium with
Foxit's, MuPDF and poppler with URW's (Nimbus Sans, Nimbus Roman, Nimbus Mono PS), pdf.js
with Liberation's and Foxit's. A page of each style with every byte at 100 points is
rendered by each (PDFium through pypdfium2, MuPDF through PyMuPDF, poppler's
``pdftoppm``, pdf.js through ``tools/render_pdfjs.mjs`` and the suite's Node modules), and
each glyph's ink measured (3 pixels a point); URW's metrics (``fonts-urw-base35``'s AFM
files) count too. Run once by a developer; nothing renders or reads these at run time.

    .venv/bin/python tools/standard_reach.py
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pymupdf
import pypdfium2 as pdfium
from PIL import Image
from reportlab.pdfbase._fontdata_enc_winansi import WinAnsiEncoding

ROOT = Path(__file__).resolve().parents[1]
FAMILIES = {
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
    "Courier": ("Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique"),
}
SLANTED = {style for family in FAMILIES.values() for style in family[2:]}
"""The slanted styles: ``plain_text`` refuses them, so their sideways reach is not asked
(``sideways.json`` holds each upright style's own: a bold glyph is wider)."""
URW = {"Helvetica": "NimbusSans", "Times": "NimbusRoman", "Courier": "NimbusMonoPS"}
URW_STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
AFM = Path("/usr/share/fonts/type1/urw-base35")
WIN_ANSI_ONLY = [c for c in range(0x82, 0xA0) if c not in (0x8D, 0x8F, 0x90, 0x9D)]
"""WinAnsi's codes that Latin-1 does not read: curly quotes, dashes, an ellipsis, Š, Ž, Œ,
Ÿ... (not 0x80, the euro, which the standard fonts' metrics have no glyph for, nor the
unused codes some viewers draw as bullets)."""
CODES = [*range(0x20, 0x7F), *WIN_ANSI_ONLY, *range(0xA1, 0x100)]
COLUMNS, CELL, SIZE, BASE, SCALE = 14, 150, 100, 45, 3
ORIGIN = 25
"""Points from a cell's left edge to where its glyph starts."""
Ink = tuple[int, int, int, int]
"""How far a glyph's ink reaches below and above its baseline, and left and right of its
origin, in thousandths of the size (a reach left of the origin is negative)."""
_BOX = re.compile(r"N (\S+) ; B (-?\d+) (-?\d+) (-?\d+) (-?\d+)")


def grid() -> bytes:
    """A page per style, each byte at :data:`SIZE` points in a cell of its own."""
    rows = -(-len(CODES) // COLUMNS)
    width, height = COLUMNS * CELL, rows * CELL
    styles = [style for family in FAMILIES.values() for style in family]
    bodies: list[bytes] = []
    pages = []
    for style in styles:
        ops = [b"BT", b"/F1 %d Tf" % SIZE]
        for i, code in enumerate(CODES):
            row, column = divmod(i, COLUMNS)
            x, y = column * CELL + ORIGIN, height - (row + 1) * CELL + BASE
            ops.append(b"1 0 0 1 %d %d Tm <%02X> Tj" % (x, y, code))
        content = b"\n".join([*ops, b"ET"])
        bodies.append(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding "
            b"/WinAnsiEncoding >>" % style.encode()
        )
        bodies.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        pages.append((len(bodies) - 1, len(bodies)))
    tree = len(bodies) + len(pages) + 1
    for font, content in pages:
        bodies.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources << /Font "
            b"<< /F1 %d 0 R >> >> /Contents %d 0 R >>" % (tree, width, height, font, content)
        )
    kids = b" ".join(b"%d 0 R" % n for n in range(tree - len(pages), tree))
    bodies.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)))
    bodies.append(b"<< /Type /Catalog /Pages %d 0 R >>" % tree)
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        len(bodies),
        start,
    )
    return bytes(out)


def renders(data: bytes, folder: Path) -> Iterator[tuple[str, list[npt.NDArray[np.bool_]]]]:
    """Each viewer's pages of ``data``: ink (dark pixels) at :data:`SCALE` pixels a point."""
    source = folder / "grid.pdf"
    source.write_bytes(data)
    doc = pdfium.PdfDocument(data)
    yield "pdfium", [np.asarray(p.render(scale=SCALE).to_pil().convert("L")) < 128 for p in doc]
    with pymupdf.open(source) as mu:
        yield "mupdf", [_ink(page.get_pixmap(dpi=72 * SCALE).pil_tobytes("png")) for page in mu]
    subprocess.run(["pdftoppm", "-r", str(72 * SCALE), "-png", source, folder / "pop"], check=True)
    yield "poppler", [_ink_file(p) for p in sorted(folder.glob("pop-*.png"))]
    script = ROOT / "tools/render_pdfjs.mjs"
    subprocess.run(["node", script, source, folder / "js", str(SCALE)], check=True)
    yield "pdf.js", [_ink_file(folder / f"js-{n}.png") for n in range(1, len(doc) + 1)]


def _ink(png: bytes) -> npt.NDArray[np.bool_]:
    import io

    return np.asarray(Image.open(io.BytesIO(png)).convert("L")) < 128


def _ink_file(path: Path) -> npt.NDArray[np.bool_]:
    return np.asarray(Image.open(path).convert("L")) < 128


def measured(page: npt.NDArray[np.bool_]) -> dict[int, Ink]:
    """Per byte, how far its ink reaches (:data:`Ink`)."""
    out = {}
    for i, code in enumerate(CODES):
        row, column = divmod(i, COLUMNS)
        cell = page[
            row * CELL * SCALE : (row + 1) * CELL * SCALE,
            column * CELL * SCALE : (column + 1) * CELL * SCALE,
        ]
        rows = np.flatnonzero(cell.any(axis=1))
        if rows.size:
            columns = np.flatnonzero(cell.any(axis=0))
            baseline, origin = (CELL - BASE) * SCALE, ORIGIN * SCALE
            below = (rows.max() + 1 - baseline) / SCALE / SIZE * 1000
            above = (baseline - rows.min()) / SCALE / SIZE * 1000
            left = (columns.min() - origin) / SCALE / SIZE * 1000
            right = (columns.max() + 1 - origin) / SCALE / SIZE * 1000
            out[code] = (max(0, round(below)), max(0, round(above)), round(left), round(right))
    return out


def from_metrics(family: str, styles: tuple[str, ...] = URW_STYLES) -> dict[int, Ink]:
    """URW's metrics of the family's ``styles``: each byte's furthest reach each way."""
    out: dict[int, Ink] = {}
    for style in styles:
        boxes = {}
        for line in (AFM / f"{URW[family]}-{style}.afm").read_text("latin-1").splitlines():
            if (found := _BOX.search(line)) is not None:
                left, low, right, high = (int(found.group(n)) for n in range(2, 6))
                boxes[found.group(1)] = (-low, high, left, right)
        for code in CODES:
            if (box := boxes.get(WinAnsiEncoding[code])) is not None:
                out[code] = _furthest(out.get(code), box)
    return out


def _furthest(a: Ink | None, b: Ink) -> Ink:
    if a is None:
        return b
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3]))


def main() -> None:
    reach = {family: from_metrics(family) for family in FAMILIES}
    sideways = {
        style: from_metrics(family, (URW_STYLES[i],))
        for family, members in FAMILIES.items()
        for i, style in enumerate(members[:2])
    }
    styles = [(family, style) for family, members in FAMILIES.items() for style in members]
    with tempfile.TemporaryDirectory() as folder:
        for viewer, pages in renders(grid(), Path(folder)):
            assert len(pages) == len(styles), viewer
            for (family, style), page in zip(styles, pages, strict=True):
                for code, ink in measured(page).items():
                    reach[family][code] = _furthest(reach[family].get(code), ink)
                    if style not in SLANTED:
                        sideways[style][code] = _furthest(sideways[style].get(code), ink)
    for name, table, part in (
        ("reach.json", reach, slice(0, 2)),
        ("sideways.json", sideways, slice(2, 4)),
    ):
        out = ROOT / "src/pubrelease/reading" / name
        written = {
            f: {str(c): list(v[part]) for c, v in sorted(t.items())} for f, t in table.items()
        }
        out.write_text(json.dumps(written, separators=(",", ":"), sort_keys=True) + "\n")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
