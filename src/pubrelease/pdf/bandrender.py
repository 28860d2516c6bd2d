"""A page's ink in some bands of rows only, each pixel the one the whole page's render has.

:func:`.pagespace.render_upright` draws a whole page; a check that looks at a few bands
of it (the lines of a form's wording, :mod:`..reading.wordingglyphs`) pays for the rest.
PDFium can draw a page into a bitmap with a clip rectangle
(``FPDF_RenderPageBitmapWithMatrix``): with the same matrix as the whole page's render,
each pixel inside the clip is drawn as the whole render draws it (the rasteriser's
cells are the same), but an object is skipped at once when the box PDFium gives it
misses the clip. Whether that box holds everything the object draws is what the bands
rest on, so :func:`render_bands` draws bands only on pages where it does:

* the page lies in whole points from its origin, upright and uncropped
  (:attr:`.pagespace.PageSpace.plain`), at a scale that makes it whole pixels: PDFium
  then makes the very same matrix both ways (a page of 595.276 points does not);
* no object drawing on it (in forms too) is text in a font without a program PDFium can
  read (a Type 3 font, whose glyph boxes are the ones its ``d1`` states: a glyph may
  draw far outside them), text with no font, an object PDFium gives no box, or anything
  with transparency (a soft mask is drawn at the size of the clip); everything else
  PDFium boxes by what it draws (paths with their strokes' width, glyphs by their
  outlines, images by their corners), and each band is drawn :data:`MARGIN` pixels
  wider than it is kept, for a pixel a hinted glyph or a hairline may stand outside.

Anywhere else the caller draws the whole page.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .objectcalls import Walker, as_object
from .pagespace import page_space

__all__ = ["MARGIN", "MAX_OBJECTS", "render_bands"]

MARGIN = 4
"""Pixels each band is drawn beyond the rows and columns kept of it."""
MAX_OBJECTS = 4096
"""Page objects looked at before bands are drawn; a page of more is drawn whole."""
_WHITE = 0xFFFFFFFF


def _boxed_by_what_they_draw(page: pdfium.PdfPage) -> bool:
    """Whether every object drawing on ``page`` (in forms too) is one PDFium boxes by
    what it draws (see the module)."""
    walker = Walker()
    stack = walker.page_objects(page)
    fonts: dict[int, bool] = {}
    seen = 0
    while stack:
        seen += 1
        if seen > MAX_OBJECTS:
            return False
        obj = stack.pop()
        handle = as_object(obj)
        if pdfium_c.FPDFPageObj_HasTransparency(handle):
            return False
        kind = walker.kind(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            stack.extend(walker.form_objects(obj))
            continue
        if walker.bounds(obj) is None:
            return False
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            font = pdfium_c.FPDFTextObj_GetFont(handle)
            address = ctypes.cast(font, ctypes.c_void_p).value if font else None
            if address is None:
                return False
            known = fonts.get(address)
            if known is None:
                known = fonts[address] = _outlined(font)
            if not known:
                return False
    return True


def _outlined(font: object) -> bool:
    """Whether PDFium draws ``font``'s glyphs from outlines it boxes: a font not
    embedded (a system font stands in), or one whose program it can read."""
    if not pdfium_c.FPDFFont_GetIsEmbedded(font):
        return True
    length = ctypes.c_size_t()
    return bool(pdfium_c.FPDFFont_GetFontData(font, None, 0, length)) and length.value > 0


def render_bands(
    page: pdfium.PdfPage,
    scale: float,
    rows: Sequence[tuple[int, int]],
    columns: tuple[int, int],
    offset: tuple[int, int],
    shape: tuple[int, int],
) -> npt.NDArray[np.uint8] | None:
    """The page's ink (0 white .. 255 black) at ``scale``, annotations and form fields
    not drawn, as :func:`.pagespace.render_upright` draws it with ``ink``, moved as
    :func:`.inkcompare.shifted` moves it by ``offset`` (rows, columns: pixel (r + dy,
    c + dx) lands at (r, c)) into an array of ``shape``, made in ``rows`` (bands y0, y1)
    between ``columns`` (x0, x1) only, 0 elsewhere; None when bands cannot be drawn as
    the whole page is (see the module)."""
    space = page_space(page)
    if not space.plain or not all(float(v).is_integer() for v in space.media):
        return None
    width, height = page.get_width() * scale, page.get_height() * scale
    if not (width.is_integer() and height.is_integer() and width >= 1 and height >= 1):
        return None
    if not _boxed_by_what_they_draw(page):
        return None
    cols, lines = int(width), int(height)
    dy, dx = offset
    out = np.zeros(shape, np.uint8)
    x0 = max(columns[0], 0, -dx)
    x1 = min(columns[1], shape[1], cols - dx)
    if x1 <= x0:
        return out
    drawn = np.empty((lines, cols), np.uint8)  # (rows no band touches stay unmade)
    bitmap = pdfium_c.FPDFBitmap_CreateEx(
        cols, lines, pdfium_c.FPDFBitmap_Gray, drawn.ctypes.data_as(ctypes.c_void_p), cols
    )
    if not bitmap:
        return None
    matrix = pdfium_c.FS_MATRIX(scale, 0, 0, scale, 0, 0)
    left, right = max(x0 + dx - MARGIN, 0), min(x1 + dx + MARGIN, cols)
    try:
        for top, bottom in rows:
            y0, y1 = max(top, 0, -dy), min(bottom, shape[0], lines - dy)
            if y1 <= y0:
                continue
            up, down = max(y0 + dy - MARGIN, 0), min(y1 + dy + MARGIN, lines)
            pdfium_c.FPDFBitmap_FillRect(bitmap, left, up, right - left, down - up, _WHITE)
            clip = pdfium_c.FS_RECTF(left, up, right, down)
            pdfium_c.FPDF_RenderPageBitmapWithMatrix(
                bitmap, page.raw, matrix, clip, pdfium_c.FPDF_GRAYSCALE
            )
            np.subtract(255, drawn[y0 + dy : y1 + dy, x0 + dx : x1 + dx], out=out[y0:y1, x0:x1])
    finally:
        pdfium_c.FPDFBitmap_Destroy(bitmap)
    return out
