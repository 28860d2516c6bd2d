"""What a page paints with, learnt in one walk of its objects: whether some text paints
nothing, and whether anything is drawn in a colour that is not a neutral grey.

A page is rendered in grey (:mod:`.rendering`), and grey is what its ink is measured in:
255 minus the grey level. A colour far from white may still be light in grey: yellow
(1 1 0) is 226 of 255, a light pink or cyan about 200, so a large word in those colours
is a change of less ink than a stroke anti-aliased at the edge of a glyph. Such a page is
rendered in colour, and its ink measured in its most telling channel
(:func:`.pagespace.render_upright` with ``colour``).

Which pages need it is told from their objects, not from a render: a path's fill and
stroke colours and an image's colour space (PDFium's own reading of them), a shading
always. Text is not asked (most of a page's objects are text): what it reads is checked
by its text layer, whatever colour it shows in. The calls are bound to take plain
addresses (:mod:`.objectcalls`), as every walk of page objects's. The walk is the one
that looks for text painting nothing (:mod:`.glyphtable`), made once for both.
"""

from __future__ import annotations

import ctypes
from typing import Any, NamedTuple

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .objectcalls import _INT, _P, Walker, _bound, as_object

__all__ = ["NEUTRAL", "UNPAINTED", "Paint", "page_paint"]

NEUTRAL = 8
"""Of 255, how far apart a colour's channels may be for it to count as a grey."""
MAX_VISITS = 20_000
"""Objects looked at per page at most: past that, the page is taken as coloured."""

UNPAINTED = frozenset({pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP})
"""Text render modes that paint nothing (3: invisible, 7: add to the clip only)."""
_GREY_SPACES = frozenset(
    {
        pdfium_c.FPDF_COLORSPACE_DEVICEGRAY,
        pdfium_c.FPDF_COLORSPACE_CALGRAY,
    }
)


class Paint(NamedTuple):
    """What a page paints with."""

    invisible_text: bool
    """Some text object (in form XObjects too) paints nothing (render mode 3 or 7)."""
    coloured: bool
    """Some path, image or shading may be drawn in a colour that is not a neutral grey
    (text is not asked)."""


class _Colour:
    """PDFium's colour getters, bound to take plain addresses (:mod:`.objectcalls`), with
    the buffer they fill."""

    def __init__(self) -> None:
        self._rgba = np.zeros(4, np.uint32)
        self._at = tuple(self._rgba.ctypes.data + 4 * i for i in range(4))
        self.fill = _bound("FPDFPageObj_GetFillColor", _INT, _P, _P, _P, _P, _P)
        self.stroke = _bound("FPDFPageObj_GetStrokeColor", _INT, _P, _P, _P, _P, _P)

    def neutral(self, getter: Any, obj: int | None) -> bool:
        """Whether ``getter`` (:attr:`fill` or :attr:`stroke`) reads a grey, or nothing."""
        r, g, b, a = self._at
        if not getter(obj, r, g, b, a):
            return True  # no colour of that kind (a path only filled or only stroked)
        red, green, blue, _ = self._rgba.tolist()
        return max(red, green, blue) - min(red, green, blue) <= NEUTRAL


def page_paint(page: pdfium.PdfPage, *, colours: bool = True) -> Paint:
    """What ``page`` paints with (see :class:`Paint`); without ``colours``, whether some
    text paints nothing only (``coloured`` is then False)."""
    walker = Walker()
    colour = _Colour() if colours else None
    invisible, coloured = False, not colours
    stack = walker.page_objects(page)
    visits = 0
    while stack and not (invisible and coloured):
        visits += 1
        if visits > MAX_VISITS:
            return Paint(invisible, colours)
        obj = stack.pop()
        kind = walker.kind(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            stack.extend(walker.form_objects(obj))
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            # text in any colour is judged by its text layer (the wording, hidden text):
            # its colour is not asked, most objects of a page being text
            invisible = invisible or walker.render_mode(obj) in UNPAINTED
        elif coloured or colour is None:
            continue
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            coloured = not colour.neutral(colour.fill, obj) or not colour.neutral(
                colour.stroke, obj
            )
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            coloured = not _grey_image(page, as_object(obj))
        else:  # a shading, or what PDFium cannot tell
            coloured = True
    return Paint(invisible, coloured and colours)


def _grey_image(page: pdfium.PdfPage, obj: Any) -> bool:
    """Whether an image object draws greys only (a grey colour space, or one bit a pixel:
    a stencil mask painted in the fill colour is still checked by that colour)."""
    meta = pdfium_c.FPDF_IMAGEOBJ_METADATA()
    if not pdfium_c.FPDFImageObj_GetImageMetadata(obj, page.raw, meta):
        return False
    if meta.bits_per_pixel == 1 and meta.colorspace != pdfium_c.FPDF_COLORSPACE_INDEXED:
        fill = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
        if not pdfium_c.FPDFPageObj_GetFillColor(obj, *fill):
            return True
        values = [c.value for c in fill[:3]]
        return max(values) - min(values) <= NEUTRAL
    return meta.colorspace in _GREY_SPACES
