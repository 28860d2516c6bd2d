"""Letters and digits drawn at a speck of their size, in any font.

A font program scales its glyphs by its own matrix: a CFF program's ``FontMatrix`` at a
hundred-thousandth instead of a thousandth draws every letter of a 10-point line a tenth
of a point tall. PDFium's text layer still reads the words at their size, each with a
glyph box of that speck; the page shows nothing there, and a speck under a pixel looked
at up close (:mod:`.closeups`) has its ink (review of session 51: the whole wording of
a print drawn so read ``valid``). As for a Type 3 font's glyphs (:mod:`.type3place`), a
letter or a digit whose glyph box spans under :data:`.type3place.SHRUNK` of its em both
ways is not shown at its size: :func:`specks` finds them.

Only glyphs whose box is under :data:`SMALL` points both ways are looked at (a few calls
each): at the sizes text is set, letters are larger.
"""

from __future__ import annotations

import ctypes
import math

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from .objectcalls import INT, VOID_P, bound
from .type3place import SHRUNK

__all__ = ["SMALL", "specks"]

SMALL = 3.0
"""Points under which a glyph box's width and height both must be to be looked at."""


def specks(
    textpage: pdfium.PdfTextPage,
    indices: npt.NDArray[np.intp],
    boxes: npt.NDArray[np.float64],
    chars: str,
) -> npt.NDArray[np.bool_]:
    """Per glyph (its character's index in ``textpage``, its box left, bottom, right,
    top, its text), whether it is a letter or a digit drawn at a speck of its size."""
    out = np.zeros(indices.size, bool)
    if not indices.size:
        return out
    small = np.nonzero((boxes[:, 2] - boxes[:, 0] < SMALL) & (boxes[:, 3] - boxes[:, 1] < SMALL))[0]
    rows = [row for row in small.tolist() if chars[row].isalnum()]
    if not rows:
        return out
    address = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    size_of = bound("FPDFText_GetFontSize", ctypes.c_double, VOID_P, INT)
    matrix_of = bound("FPDFText_GetMatrix", INT, VOID_P, INT, VOID_P)
    six = np.zeros(6, np.float32)  # FS_MATRIX: a, b, c, d, e, f
    for row in rows:
        index = int(indices[row])
        if not matrix_of(address, index, six.ctypes.data):
            continue
        a, b, c, d = six[:4].tolist()
        em = size_of(address, index) * math.sqrt(abs(a * d - b * c))
        left, bottom, right, top = boxes[row].tolist()
        out[row] = em > 0 and max(right - left, top - bottom) < SHRUNK * em
    return out
