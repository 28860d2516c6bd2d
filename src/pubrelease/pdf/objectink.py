"""Whether one text object of a page puts any ink inside a box, from its own render.

A text object's box (``FPDFPageObj_GetBounds``) is the union of its glyphs: a printer
sets a line of the form's wording as one object, so the box of "as of ______ ("Effective
Date") by and between" spans the value box in its blank, though no glyph of it is there.
PDFium draws one text object alone (``FPDFTextObj_GetRenderedBitmap``: its glyphs as
the page draws them, Type 3 glyphs' content streams and strokes included, over a
transparent bitmap of the object's box), so whether it draws anything in the blank is
seen on its own pixels, whatever its characters read or where its text page places them
(PDFium leaves out of the text page a character it takes for another's double).
"""

from __future__ import annotations

import ctypes
import math

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

__all__ = ["SCALE", "ink_within"]

Box = tuple[float, float, float, float]

SCALE = 2.0
"""Pixels a point of the object's render: a stroke of a quarter point shows."""
EDGE = 1
"""Pixels of the box's edge left out: a neighbouring glyph's smoothing reaches over."""
MAX_PIXELS = 4_000_000
"""An object whose render would be larger is not drawn (None: not known)."""


def ink_within(
    doc: pdfium.PdfDocument, page: pdfium.PdfPage, address: int, box: Box, rect: Box
) -> bool | None:
    """Whether the text object at ``address`` on ``page`` (of ``doc``; ``box``: its bounds
    on the page, where its render starts) draws any pixel inside ``rect`` less its
    :data:`EDGE`; None when it cannot be told (no render made)."""
    left, bottom, right, top = box
    if (right - left) * (top - bottom) * SCALE * SCALE > MAX_PIXELS:
        return None
    x0 = max(0, math.floor((rect[0] - left) * SCALE) + EDGE)
    x1 = math.ceil((rect[2] - left) * SCALE) - EDGE
    y0 = max(0, math.floor((top - rect[3]) * SCALE) + EDGE)
    y1 = math.ceil((top - rect[1]) * SCALE) - EDGE
    bitmap = pdfium_c.FPDFTextObj_GetRenderedBitmap(
        doc.raw, page.raw, ctypes.cast(address, pdfium_c.FPDF_PAGEOBJECT), SCALE
    )
    if not bitmap:
        return None
    try:
        width = pdfium_c.FPDFBitmap_GetWidth(bitmap)
        height = pdfium_c.FPDFBitmap_GetHeight(bitmap)
        stride = pdfium_c.FPDFBitmap_GetStride(bitmap)
        if pdfium_c.FPDFBitmap_GetFormat(bitmap) != pdfium_c.FPDFBitmap_BGRA:
            return None
        x1, y1 = min(x1, width), min(y1, height)
        if x1 <= x0 or y1 <= y0:
            return False  # (the box lies past the object's render)
        buffer = ctypes.cast(pdfium_c.FPDFBitmap_GetBuffer(bitmap), ctypes.POINTER(ctypes.c_uint8))
        pixels = np.ctypeslib.as_array(buffer, (height * stride,)).reshape(height, stride)
        alpha = pixels[y0:y1, x0 * 4 + 3 : x1 * 4 : 4]  # (BGRA: every fourth byte)
        return bool(alpha.any())
    finally:
        pdfium_c.FPDFBitmap_Destroy(bitmap)
