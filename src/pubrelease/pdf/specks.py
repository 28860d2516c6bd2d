"""Letters and digits drawn at a speck of their size, or flattened to a hairline, in any
font.

A font program scales its glyphs by its own matrix: a CFF program's ``FontMatrix`` at a
hundred-thousandth instead of a thousandth draws every letter of a 10-point line a tenth
of a point tall. PDFium's text layer still reads the words at their size, each with a
glyph box of that speck; the page shows nothing there, and a speck under a pixel looked
at up close (:mod:`.closeups`) has its ink (review of session 51: the whole wording of
a print drawn so read ``valid``). As for a Type 3 font's glyphs (:mod:`.type3place`), a
letter or a digit whose glyph box spans under :data:`.type3place.SHRUNK` of its em both
ways is not shown at its size; nor is a letter or a digit of a case (``Lu``, ``Ll``,
``Lt``, ``Nd``: not a modifier letter's or an ideograph's, which may be flat) whose glyph
is under :data:`FLAT` of its em tall (a matrix at ``[0.001 0 0 0.00001]`` flattens it to
a hairline; no typeface's lowercase letter is lower than a third of its em).
:func:`specks` finds them.

The em of a glyph is its font size times the square root of its matrix's determinant
(PDFium's ``FPDFText_GetFontSize`` and ``FPDFText_GetMatrix``: the page's own scaling of
the text, not the program's); its height is its box's on the page when the text runs
across (the matrix's ``b`` small beside ``d``), its width when the text runs up or down
the page, and neither when it runs askew (then only the rule both ways applies). Only
glyphs whose box is under :data:`SMALL` points tall are looked at (a few calls each):
at the sizes text is set, letters are taller.

Only glyphs of a font whose program is embedded are judged: every viewer draws that
program. A font that is not embedded is drawn with each viewer's own, which may have
no glyph for a name its encoding gives (MuPDF fills a Greek name in Helvetica naming
"Alpha": poppler's and MuPDF's Helvetica draw it, PDFium's has nothing, and boxes it
flat): what the page shows there is the viewers' to disagree on, and the checks of
values nothing vouches for ask a person to look. A line of such a font flattened by its
text's matrix is not judged here yet.
"""

from __future__ import annotations

import ctypes
import math
import unicodedata

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from .objectcalls import INT, VOID_P, bound
from .type3place import SHRUNK

__all__ = ["FLAT", "SMALL", "specks"]

SMALL = 3.0
"""Points under which a glyph box's height must be for the glyph to be looked at."""

FLAT = 0.15
"""Part of its em under which a letter's or a digit's glyph is too low to be read."""

_CASED = frozenset({"Lu", "Ll", "Lt", "Nd"})
_ASKEW = 0.05
"""How far a matrix may turn (its cross terms beside its diagonal) and count as square."""


def specks(
    textpage: pdfium.PdfTextPage,
    indices: npt.NDArray[np.intp],
    boxes: npt.NDArray[np.float64],
    chars: str,
) -> npt.NDArray[np.bool_]:
    """Per glyph (its character's index in ``textpage``, its box left, bottom, right,
    top, its text), whether it is a letter or a digit drawn at a speck of its size or
    flattened under :data:`FLAT` of its em."""
    out = np.zeros(indices.size, bool)
    if not indices.size:
        return out
    small = np.nonzero(boxes[:, 3] - boxes[:, 1] < SMALL)[0]
    rows = [row for row in small.tolist() if chars[row].isalnum()]
    if not rows:
        return out
    address = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    size_of = bound("FPDFText_GetFontSize", ctypes.c_double, VOID_P, INT)
    matrix_of = bound("FPDFText_GetMatrix", INT, VOID_P, INT, VOID_P)
    object_of = bound("FPDFText_GetTextObject", VOID_P, VOID_P, INT)
    font_of = bound("FPDFTextObj_GetFont", VOID_P, VOID_P)
    embedded = bound("FPDFFont_GetIsEmbedded", INT, VOID_P)
    programs: dict[int | None, bool] = {}  # (per font handle: its own program embedded)
    six = np.zeros(6, np.float32)  # FS_MATRIX: a, b, c, d, e, f
    for row in rows:
        index = int(indices[row])
        font = font_of(object_of(address, index))
        if font not in programs:
            programs[font] = font is not None and embedded(font) == 1
        if not programs[font] or not matrix_of(address, index, six.ctypes.data):
            continue
        a, b, c, d = six[:4].tolist()
        em = size_of(address, index) * math.sqrt(abs(a * d - b * c))
        if em <= 0:
            continue
        left, bottom, right, top = boxes[row].tolist()
        width, height = right - left, top - bottom
        if max(width, height) < SHRUNK * em:
            out[row] = True
        elif unicodedata.category(chars[row]) in _CASED:
            if abs(b) <= _ASKEW * abs(d):  # across the page
                out[row] = height < FLAT * em
            elif abs(a) <= _ASKEW * abs(c):  # up or down it
                out[row] = width < FLAT * em
    return out
