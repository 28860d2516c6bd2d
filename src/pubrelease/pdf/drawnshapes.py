"""What a path or an image that is not text draws: a path's points, an image's covered box.

A form draws its rules as paths, and a return is checked for drawings the form does not
make (a dot or a vowel sign painted under a value's letters, a curve that closes a "6"
into an "8"). A drawing at the same place as one of the form's, by its box alone, was
taken for it: review rev24 drew a kasra or a dot in one path with a line that paints
nothing along the box's rule, and the path's box stayed the rule's. So a path is told by
its points as well (:func:`outline`): each must be one of the form's path's, give or take
a stroke's half width.

An image is placed in a box, but shows only where it is not transparent: a signature
pasted as a picture with transparent margins reaches past the ink a person sees, and
that margin met the next value box's neighbourhood (review rev24). Its box is where it
covers the page (:func:`covered`): opaque pixels of any colour (a white one hides what
is under it).
"""

from __future__ import annotations

import ctypes
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .matrices import Box, Matrix

__all__ = ["MAX_PIXELS", "MAX_POINTS", "Point", "covered", "dashed", "outline"]

Point = tuple[float, float]

MAX_POINTS = 256
"""Points of a path read at most: a longer one is no form's rule (its outline is empty)."""
MAX_PIXELS = 4_000_000
"""Pixels of an image rendered to find where it covers the page at most: a larger one (a
scanned page) is taken as covering its whole box."""
COVERS = 1
"""Opacity (of 255) from which a pixel of an image covers what is under it: any (review
rev25 stacked 40 copies of an image whose dot was 15/255 opaque into a solid one)."""


def outline(obj: Any, matrix: Matrix) -> tuple[Point, ...]:
    """The points of path ``obj`` (PDFium's handle; control points of curves too), placed
    on the page by ``matrix`` (the path's own matrix then its containers'); empty for a
    path of more than :data:`MAX_POINTS` or none."""
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if not 0 < count <= MAX_POINTS:
        return ()
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    out = []
    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        if not segment or not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            return ()
        out.append((a * x.value + c * y.value + e, b * x.value + d * y.value + f))
    return tuple(out)


def dashed(obj: Any) -> bool:
    """Whether path ``obj`` is stroked with a dash pattern (whose phase can set a dot
    anywhere along a line)."""
    return bool(pdfium_c.FPDFPageObj_GetDashCount(obj) > 0)


def covered(page: pdfium.PdfPage, obj: Any, bounds: Box, matrix: Matrix | None) -> Box | None:
    """Where image ``obj`` covers the page, within its ``bounds`` (PDFium's box of it, in
    its container's space): the box of its pixels of :data:`COVERS` or more opacity, as
    PDFium renders it with its mask and its own ``matrix``; None where that cannot be
    told (a matrix that turns or slants it: PDFium sizes the bitmap by the matrix's
    columns, not by the box, and the box's far side would go unseen, review rev25; too
    large; not rendered; no transparency at all: its whole box covers), an empty box at
    ``bounds``' corner where it covers nothing."""
    if matrix is None or matrix[1] != 0.0 or matrix[2] != 0.0:
        return None
    width, height = ctypes.c_uint(), ctypes.c_uint()
    if not pdfium_c.FPDFImageObj_GetImagePixelSize(obj, width, height):
        return None
    if width.value * height.value > MAX_PIXELS:
        return None
    image = pdfium.PdfImage(obj, page=page, pdf=page.pdf)
    try:
        bitmap = image.get_bitmap(render=True)
    except pdfium.PdfiumError:
        return None
    if bitmap.format != pdfium_c.FPDFBitmap_BGRA:
        return None
    alpha = bitmap.to_numpy()[..., 3]
    rows = np.flatnonzero((alpha >= COVERS).any(axis=1))
    cols = np.flatnonzero((alpha >= COVERS).any(axis=0))
    left, bottom, right, top = bounds
    if rows.size == 0:
        return left, bottom, left, bottom
    across, up = (right - left) / alpha.shape[1], (top - bottom) / alpha.shape[0]
    return (
        left + across * int(cols[0]),
        top - up * (int(rows[-1]) + 1),
        left + across * (int(cols[-1]) + 1),
        top - up * int(rows[0]),
    )
