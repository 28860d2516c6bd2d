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
from typing import Any, NamedTuple, cast

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .objectcalls import INT, VOID_P, Walker, as_object, bound
from .ownobjects import OwnObjects, remember, remembered, split_own

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
        self.fill = bound("FPDFPageObj_GetFillColor", INT, VOID_P, VOID_P, VOID_P, VOID_P, VOID_P)
        self.stroke = bound(
            "FPDFPageObj_GetStrokeColor", INT, VOID_P, VOID_P, VOID_P, VOID_P, VOID_P
        )

    def neutral(self, getter: Any, obj: int | None) -> bool:
        """Whether ``getter`` (:attr:`fill` or :attr:`stroke`) reads a grey, or nothing."""
        r, g, b, a = self._at
        if not getter(obj, r, g, b, a):
            return True  # no colour of that kind (a path only filled or only stroked)
        red, green, blue, _ = self._rgba.tolist()
        return max(red, green, blue) - min(red, green, blue) <= NEUTRAL


def page_paint(
    page: pdfium.PdfPage, *, colours: bool = True, own: OwnObjects | None = None
) -> Paint:
    """What ``page`` paints with (see :class:`Paint`); without ``colours``, whether some
    text paints nothing only (``coloured`` is then False). ``own``: the page's own
    content, when it was flattened (:mod:`.ownobjects`): what its objects paint with is
    learnt once per digest, and only the annotations drawn in are walked."""
    walker = Walker()
    colour = _Colour() if colours else None
    top = walker.page_objects(page)
    parts = split_own(top, own)
    if parts is None or own is None:
        invisible, coloured, _, capped = _walk(page, walker, colour, top, False, not colours, 0)
        return Paint(invisible, colours if capped else coloured and colours)
    kept = remembered("paint", own, colours)
    if kept is None:  # the own objects, every one (no stop when both are found)
        kept = _walk(page, walker, colour, parts[0], False, not colours, 0, every=True)
        remember("paint", own, kept, colours)
    invisible, coloured, visits, capped = _walk(
        page, walker, colour, parts[1], False, not colours, 0
    )
    if capped:
        return Paint(invisible, colours)
    own_invisible, own_coloured, own_visits, own_capped = cast(_Walked, kept)
    if not own_capped and visits + own_visits <= MAX_VISITS:
        # (the walk of the whole page: the same objects, the same answers, never capped)
        return Paint(invisible or own_invisible, (coloured or own_coloured) and colours)
    invisible, coloured, _, capped = _walk(
        page, walker, colour, parts[0], invisible, coloured, visits
    )
    return Paint(invisible, colours if capped else coloured and colours)


_Walked = tuple[bool, bool, int, bool]
"""invisible, coloured, objects visited, capped (visits beyond MAX_VISITS)."""


def _walk(
    page: pdfium.PdfPage,
    walker: Walker,
    colour: _Colour | None,
    stack: list[int | None],
    invisible: bool,
    coloured: bool,
    visits: int,
    every: bool = False,
) -> _Walked:
    """The walk of ``stack`` (objects, the last first), from what was found so far;
    ``every``: to the end, though both are found."""
    stack = list(stack)
    while stack and (every or not (invisible and coloured)):
        visits += 1
        if visits > MAX_VISITS:
            return invisible, coloured, visits, True
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
    return invisible, coloured, visits, False


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
