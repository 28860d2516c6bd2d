"""Punctuation a fill writes in a font the file does not embed, looked at where it shows.

Chrome's viewer (PDFium's form filler) redraws a typed value in Helvetica, but writes
its curly quotes, apostrophes, dashes and ellipsis in a font of its own it does not
embed: a Type 0 font of the ``GBK-EUC-H`` encoding (``/ChromeSansMM``, Adobe's
Chinese character collection), each mark a two-byte code. What a viewer draws for such
a code is the mark its own font has for the character the encoding names, or nothing
where it has no font for it: the file does not say how it looks, and the reading from
widgets, which proves every glyph it reads from the font's own measures
(:mod:`.plaintext`), did not read such a box at all; the general path looked at it, at
fifteen to twenty-five times PDFium's floor.

Here such a run is read by its codes (:data:`MARKS`: punctuation only, each code the
character the encoding and Python's ``gbk`` codec agree on, its width the font's own
``/W`` or ``/DW``), and the box is looked at as PDFium draws it (:func:`shows_marks`):
the box rendered, then again with the runs in those fonts made invisible, and every
pixel that differs lies in a mark's own cell (its advance across, :data:`ABOVE` and
:data:`BELOW` of its size up and down), and each cell has a dark mark in it. A mark
that draws nothing, or something as tall as a letter (the box a viewer draws for a
character its font lacks), or wider than its advance over the letter beside it (an "œ"
given the width of a narrow mark), or anywhere else, leaves the return to the general path,
which reads its glyphs. Letters in such fonts (Chrome writes Œ, Š and Ž in fonts of the
system's, not embedded either) are not read here: what a letter shows is for the
general path to judge by its shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..pdf.objects import Node, Objects
from ..pdf.pageobjects import base_font_name
from ..pdf.pagespace import render_upright
from ..pdf.rendering import ViewMode, flatten_page
from .clipshapes import Box, within_by
from .contenttokens import NotPlain

__all__ = [
    "ABOVE",
    "BELOW",
    "MARKS",
    "Look",
    "SubstituteFont",
    "mark_run",
    "odd_line",
    "shows_marks",
    "substitute_fonts",
]

MARKS: dict[bytes, tuple[str, int]] = {
    b"\xa1\xaa": ("\u2014", 105),
    b"\xa1\xad": ("\u2026", 108),
    b"\xa1\xae": ("\u2018", 109),
    b"\xa1\xaf": ("\u2019", 110),
    b"\xa1\xb0": ("\u201c", 111),
    b"\xa1\xb1": ("\u201d", 112),
    b"\xa8\x43": ("\u2013", 9910),
}
"""The quotes, dashes and ellipsis of Windows-1252, which ``GBK-EUC-H`` writes in two
bytes: each code's character and its CID in Adobe-GB1 (``tests/test_substitute_marks.py``
checks them against pdfminer's copy of Adobe's CMap and Python's ``gbk`` codec). Each is
a low mark, no taller than :data:`TALLEST`."""
ABOVE = 1.05
"""Of its size, how far above its baseline a mark's cell reaches (a quote's top)."""
BELOW = 0.3
"""Of its size, how far below (a comma's tail, a low quote)."""
TALLEST = 0.5
"""Of its size, how tall a mark's dark ink may stand (a quote's is about 0.3, a dash's
0.1): a box drawn for a character the viewer's font lacks (its ``.notdef``) stands as
tall as a capital, and is no mark."""
DARK = 128
"""The grey (0 black .. 255 white) a mark must reach somewhere in its cell to show."""
SCALE = 2.0
"""Pixels a point the boxes are looked at in."""
GROWN = 0.5
"""Points a cell is grown by for the pixels PDFium's anti-aliasing greys beside it."""
NAME = "/ChromeSansMM"
"""The one font read so: PDFium's own (a font named as another a viewer has, Courier, or
Symbol or ZapfDingbats, each of which poppler draws otherwise or not at all, is not:
review of session 68)."""
FLAGS = 32
"""Its descriptor's flags: nonsymbolic, and nothing else (fixed-pitch, serif or script,
poppler draws a dash of another width)."""
_MARKED = "".join(char for char, _ in MARKS.values()) + " "
_NOT_EMBEDDED = frozenset({"/FontFile", "/FontFile2", "/FontFile3"})
_TYPE0_KEYS = frozenset({"/Type", "/Subtype", "/BaseFont", "/Encoding", "/DescendantFonts"})
_CID_KEYS = frozenset({"/Type", "/Subtype", "/BaseFont", "/CIDSystemInfo", "/FontDescriptor"})


@dataclass(frozen=True, slots=True)
class SubstituteFont:
    """A Type 0 font of ``GBK-EUC-H`` not embedded, read for :data:`MARKS` alone."""

    widths: Mapping[int, float]
    """The width of each CID of :data:`MARKS` (thousandths of the size)."""

    @property
    def name(self) -> str:
        """Its ``/BaseFont`` (:data:`NAME`), without the slash, as PDFium names it."""
        return NAME[1:]

    def run(self, raw: bytes) -> tuple[str, float]:
        """The characters the bytes ``raw`` show and their advance (thousandths of the
        size); raises :class:`NotPlain` for any code not a mark of :data:`MARKS`."""
        if not raw or len(raw) % 2:
            raise NotPlain("a code of the substitute font not one of its marks")
        text, advance = [], 0.0
        for at in range(0, len(raw), 2):
            found = MARKS.get(raw[at : at + 2])
            if found is None:
                raise NotPlain("a code of the substitute font not one of its marks")
            text.append(found[0])
            advance += self.widths[found[1]]
        return "".join(text), advance


def mark_run(
    font: SubstituteFont, raw: bytes, x: float, y: float, size: float, clip: Box, slack: float
) -> tuple[str, Box]:
    """The marks the bytes ``raw`` show in ``font`` at ``size`` from ``(x, y)``, and their
    cell (its right side where the next run starts); raises :class:`NotPlain` for codes
    not of :data:`MARKS` or a cell a ``clip`` cuts (to ``slack``)."""
    text, advance = font.run(raw)
    if len(text) != 1:  # (the general path's look reads four apostrophes as straight ones)
        raise NotPlain("more than one mark in a run")
    cell = (x, y - BELOW * size, x + advance * size / 1000, y + ABOVE * size)
    if not within_by(cell, clip, slack):
        raise NotPlain("a mark's cell cut by its box or a clip")
    return text, cell


def odd_line(line: str, dashes: tuple[str, ...]) -> bool:
    """Whether a value's ``line`` is one the general path reads otherwise than its runs
    say: ending or starting with one of ``dashes``, or of marks alone (its look at their
    shapes reads a lone quote as a straight one)."""
    marks_alone = bool(line) and not line.strip(_MARKED)
    return line.endswith(dashes) or line.startswith(dashes) or marks_alone


def substitute_fonts(objects: Objects, fonts: Mapping[str, Node]) -> dict[str, SubstituteFont]:
    """The fonts of ``fonts`` (an appearance's, by resource name, resolved) that are
    :class:`SubstituteFont`: a Type 0 font of ``GBK-EUC-H`` with no map of its own, its
    one descendant of Adobe's Chinese collection, not embedded and not symbolic."""
    out = {}
    for face, node in fonts.items():
        if type(node) is not dict or node.get("/Encoding") != "/GBK-EUC-H":
            continue
        found = _substitute(objects, node)
        if found is not None:
            out[face] = found
    return out


def _substitute(objects: Objects, node: dict[str, Node]) -> SubstituteFont | None:
    base = node.get("/BaseFont")
    kids = objects.resolve(node.get("/DescendantFonts"))
    if (
        not set(node) <= _TYPE0_KEYS
        or node.get("/Subtype") != "/Type0"
        or base != NAME
        or not isinstance(kids, tuple)
        or len(kids) != 1
    ):
        return None
    kid = objects.dict_of(kids[0])
    info = objects.dict_of(kid.get("/CIDSystemInfo"))
    descriptor = objects.dict_of(kid.get("/FontDescriptor"))
    flags = objects.resolve(descriptor.get("/Flags"))
    if (
        not set(kid) <= _CID_KEYS | {"/W", "/DW"}
        or kid.get("/BaseFont") != NAME
        or descriptor.get("/FontName") not in (None, NAME)
        or kid.get("/Subtype") not in ("/CIDFontType0", "/CIDFontType2")
        or (info.get("/Registry"), info.get("/Ordering")) != ("Adobe", "GB1")
        or _NOT_EMBEDDED & set(descriptor)
        or flags != FLAGS
    ):
        return None
    default = _width(objects.resolve(kid.get("/DW", 1000)))
    listed = _widths(objects, objects.resolve(kid.get("/W", ())))
    if default is None or listed is None:
        return None
    return SubstituteFont({cid: listed.get(cid, default) for _, cid in MARKS.values()})


def _widths(objects: Objects, array: Node) -> dict[int, float] | None:
    """A ``/W`` array's widths by CID (``c [w ...]`` and ``c_first c_last w``); None when
    it is not one."""
    if not isinstance(array, tuple):
        return None
    items = [objects.resolve(item) for item in array]
    out: dict[int, float] = {}
    at = 0
    while at < len(items):
        first = items[at]
        following = items[at + 1] if at + 1 < len(items) else None
        if type(first) is not int:
            return None
        if isinstance(following, tuple):
            widths = [_width(objects.resolve(w)) for w in following]
            if None in widths:
                return None
            for offset, width in enumerate(widths):
                if out.setdefault(first + offset, width) != width:  # type: ignore[arg-type]
                    return None  # (listed twice, otherwise: viewers may take either)
            at += 2
            continue
        last, width = following, _width(items[at + 2] if at + 2 < len(items) else None)
        if type(last) is not int or width is None:
            return None
        for _, cid in MARKS.values():
            if first <= cid <= last and out.setdefault(cid, width) != width:
                return None
        at += 3
    return out


def _width(value: Node) -> float | None:
    """A width (a number not below 0), or None."""
    return float(value) if type(value) in (int, float) and value >= 0 else None  # type: ignore[operator, arg-type]


@dataclass(frozen=True, slots=True)
class Look:
    """A box to look at: its page, its widget's rectangle (points) and the cells of its
    marks (points, on the page), drawn in :data:`NAME`."""

    page: int
    rect: Box
    cells: tuple[Box, ...]


def shows_marks(data: bytes, looks: Sequence[Look]) -> bool:
    """Whether each box of ``looks``, as PDFium shows it on screen, differs from itself
    with its marks' fonts drawn invisible only inside the marks' cells, each cell with a
    dark mark in it (see the module)."""
    doc = pdfium.PdfDocument(data)
    try:
        for number in sorted({look.page for look in looks}):
            page = flatten_page(doc, doc[number], number, ViewMode.SCREEN)
            try:
                mine = [look for look in looks if look.page == number]
                regions = [_grown(look.rect, 2.0) for look in mine]
                shown = [_render(page, region) for region in regions]
                _hide(page)
                for look, region, before in zip(mine, regions, shown, strict=True):
                    if not _marks_alone(look, region, before, _render(page, region)):
                        return False
            finally:
                page.close()
        return True
    finally:
        doc.close()


def _grown(rect: tuple[float, ...], by: float) -> tuple[float, float, float, float]:
    left, bottom, right, top = rect
    return (left - by, bottom - by, right + by, top + by)


def _render(page: pdfium.PdfPage, region: tuple[float, float, float, float]) -> np.ndarray:
    return render_upright(page, SCALE, region, draw_annots=False, may_draw_forms=False)


def _hide(page: pdfium.PdfPage) -> None:
    """The text objects of ``page`` in :data:`NAME`, not embedded, made invisible."""
    for obj in page.get_objects(max_depth=16):
        if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
        if not font or pdfium_c.FPDFFont_GetIsEmbedded(font):
            continue
        if base_font_name(font) == NAME[1:]:
            pdfium_c.FPDFTextObj_SetTextRenderMode(obj.raw, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)


def _marks_alone(
    look: Look, region: tuple[float, float, float, float], before: np.ndarray, after: np.ndarray
) -> bool:
    """Whether the pixels ``before`` and ``after`` the marks were hidden differ only in
    their cells, and each cell has dark pixels that differ, no taller than :data:`TALLEST`."""
    if before.shape != after.shape:
        return False
    changed = before != after
    left, top = region[0], region[3]
    inside = np.zeros(changed.shape, dtype=bool)
    for cell in look.cells:
        x0, y0, x1, y1 = _grown(cell, GROWN)
        cols = slice(max(int(np.floor((x0 - left) * SCALE)), 0), int(np.ceil((x1 - left) * SCALE)))
        rows = slice(max(int(np.floor((top - y1) * SCALE)), 0), int(np.ceil((top - y0) * SCALE)))
        inside[rows, cols] = True
        dark = np.flatnonzero((changed[rows, cols] & (before[rows, cols] < DARK)).any(axis=1))
        size = (y1 - y0 - 2 * GROWN) / (ABOVE + BELOW)
        if not dark.size or dark[-1] - dark[0] + 1 > TALLEST * size * SCALE:
            return False  # (nothing shows for it, or no mark: a box for a glyph missing)
    return not np.any(changed & ~inside)
