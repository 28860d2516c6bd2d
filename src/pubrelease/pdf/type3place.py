"""Characters of Type 3 fonts read where their glyphs draw them, and glyphs drawn at a
speck of their size.

A Type 3 font's glyph is a content stream (its ``/CharProcs``): it may draw its ink
anywhere about the character's origin, at any size. PDFium reads each character at its
origin: the loose box of a font with a font descriptor (Chromium's print to PDF) reaches
from its descent to its ascent there, whatever the glyph draws, and the glyph's own box
(its tight box, the box the glyph declares) only widens it. So (review 32) clause 3's
"not" redrawn by glyphs that draw it on clause 2's last line, its boxes around the ink,
was read in its own line ("but not limited", the page showing "but ... limited"), and
clause 2's "not" redrawn at a tenth of its size (a speck where the word stands) was read
as the word: both returns ``valid``. PDFium's own text tells the first (its line breaks
go by the glyphs' boxes: "but\\r\\nnot\\r\\nlimited"); the second nothing judged, a glyph
box under half a point being no mark to judge by its pixels.

On a page that draws with a Type 3 font (:func:`draws_type3`: a font without a font
program, one walk of the page's objects), each character of such a font is looked at, a
few calls each (no character of any other font, no page without one):

* a glyph whose box lies wholly off its line, below :data:`REACH` ``[0]`` or above
  :data:`REACH` ``[1]`` of its em from its baseline (across the baseline's direction), is
  read where its glyph stands: its loose box is its glyph's box
  (:func:`.chartable.read_chars`). A quote's, an accent's, a comma's box meets that band;
  a word drawn a line up or down does not;
* a letter or a digit whose glyph's box is under :data:`SHRUNK` of its em both ways is
  drawn at a speck of its size: it is not shown (:func:`.glyphtable.read_glyphs`, then
  ``hidden-text``). The smallest letters of a text face stand half an em tall.

A glyph's box is the one it declares, not its ink: a glyph declaring a box that reaches
both its line and ink drawn on another is left to what the page's pixels show.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .charboxes import Boxes
from .objectcalls import INT, VOID_P, Walker, bound

__all__ = ["REACH", "SHRUNK", "Type3Places", "draws_type3", "no_font_program", "type3_places"]

REACH = (-0.5, 0.8)
"""Of its em, from its baseline, the band a character's glyph box must meet to stand on
its line: a descender or an underscore reaches below 0 and stays above -0.5; a quote, a
degree sign, an accent stands below 0.8 (as :data:`.charboxes.REACH`)."""
SHRUNK = 0.25
"""Of its em, the least a letter's or a digit's glyph box spans one way or the other to be
shown at its size (an "x" or an "o" spans half an em up, an "i" three quarters; drawn at
a tenth of its size, a twentieth)."""
MAX_VISITS = 20_000
"""Objects looked at per page at most: past that, the page is taken to draw with one."""


@dataclass(frozen=True, slots=True)
class Type3Places:
    """What :func:`type3_places` found on a text page, by character index."""

    moved: dict[int, tuple[float, float, float, float]]
    """Characters whose glyph stands off their line: the glyph's box (left, right,
    bottom, top)."""
    shrunk: frozenset[int]
    """Letters and digits drawn at a speck of their size."""


NONE = Type3Places({}, frozenset())


def no_font_program(font: int | None) -> bool:
    """Whether a text object's font (its handle, as an address) has no font program: a
    Type 3 font, whose glyphs are content streams (or none PDFium gives, taken so)."""
    if not font:
        return True
    size = ctypes.c_size_t(0)
    found = pdfium_c.FPDFFont_GetFontData(
        ctypes.cast(font, pdfium_c.FPDF_FONT), None, 0, ctypes.byref(size)
    )
    return not found or not size.value


def draws_type3(page: pdfium.PdfPage) -> bool:
    """Whether some text object of ``page`` (in its forms too) draws with a Type 3 font:
    one call a text object, one a font."""
    walker = Walker()
    font_of = bound("FPDFTextObj_GetFont", VOID_P, VOID_P)
    stack = walker.page_objects(page)
    fonts: dict[int | None, bool] = {}
    visits = 0
    while stack:
        visits += 1
        if visits > MAX_VISITS:
            return True
        obj = stack.pop()
        kind = walker.kind(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            stack.extend(walker.form_objects(obj))
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            font = font_of(obj)
            if font not in fonts:
                fonts[font] = no_font_program(font)
            if fonts[font]:
                return True
    return False


_LAST: list[tuple[Boxes, Type3Places]] = []
"""The last boxes looked at, and what was found (the reading and the check of a page share
them)."""


def type3_places(textpage: pdfium.PdfTextPage, boxes: Boxes) -> Type3Places:
    """The characters of ``textpage`` (``boxes``: its characters' boxes) drawn by a Type 3
    font whose glyphs stand off their line or at a speck of their size (see the module)."""
    if _LAST and _LAST[0][0] is boxes:
        return _LAST[0][1]
    found = _places(textpage, boxes)
    _LAST[:] = [(boxes, found)]
    return found


def _places(textpage: pdfium.PdfTextPage, boxes: Boxes) -> Type3Places:
    raw = textpage.raw
    units = boxes.units
    count = units.size - 1
    if count <= 0:
        return NONE
    object_of = bound("FPDFText_GetTextObject", VOID_P, VOID_P, INT)
    font_of = bound("FPDFTextObj_GetFont", VOID_P, VOID_P)
    address = ctypes.cast(raw, ctypes.c_void_p).value
    fonts: dict[int | None, bool] = {}
    objects: dict[int | None, bool] = {}
    chosen = []
    codes = units[:count].tolist()
    for index, code in enumerate(codes):
        if code in (0, 0x0A, 0x0D) or chr(code).isspace():
            continue
        obj = object_of(address, index)
        if obj not in objects:
            font = font_of(obj) if obj else None
            if font not in fonts:
                fonts[font] = bool(obj) and no_font_program(font)
            objects[obj] = fonts[font]
        if objects[obj]:
            chosen.append(index)
    if not chosen:
        return NONE
    tight, found = boxes.tight(np.array(chosen, np.intp))  # left, right, bottom, top
    origin_of = bound("FPDFText_GetCharOrigin", INT, VOID_P, INT, VOID_P, VOID_P)
    matrix_of = bound("FPDFText_GetMatrix", INT, VOID_P, INT, VOID_P)
    size_of = bound("FPDFText_GetFontSize", ctypes.c_double, VOID_P, INT)
    point = np.zeros(2, np.float64)  # x, y
    six = np.zeros(6, np.float32)  # FS_MATRIX: a, b, c, d, e, f
    x_at, y_at, six_at = point.ctypes.data, point.ctypes.data + 8, six.ctypes.data
    moved: dict[int, tuple[float, float, float, float]] = {}
    shrunk = set()
    for index, box, given in zip(chosen, tight.tolist(), found.tolist(), strict=True):
        if not given or not origin_of(address, index, x_at, y_at):
            continue
        if not matrix_of(address, index, six_at):
            continue
        a, b, c, d = six[:4].tolist()
        x, y = point.tolist()
        em = size_of(address, index) * math.sqrt(abs(a * d - b * c))
        up, along = math.hypot(c, d), math.hypot(a, b)
        if not (em > 0 and up > 0 and along > 0):
            continue
        left, right, bottom, top = box
        corners = [(px - x, py - y) for px in (left, right) for py in (bottom, top)]
        heights = [(c * px + d * py) / up for px, py in corners]
        widths = [(a * px + b * py) / along for px, py in corners]
        low, high = min(heights), max(heights)
        if high < REACH[0] * em or low > REACH[1] * em:
            moved[index] = (left, right, bottom, top)
        if chr(codes[index]).isalnum() and max(high - low, max(widths) - min(widths)) < SHRUNK * em:
            shrunk.add(index)
    return Type3Places(moved, frozenset(shrunk))
