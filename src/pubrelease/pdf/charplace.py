"""Where a character PDFium extracted really stands on the page.

PDFium (seen with 7.x) reports two kinds of characters of a form XObject in the form's
own space instead of the page's, so that a flattened field value (an appearance stream
drawn as a form XObject: our flatten, pdftk, qpdf, PDFium's own) would be read, and
checked for visibility, at the bottom-left corner of the page:

* the characters it takes from an ``/ActualText`` span (an Indic conjunct, a reordered
  vowel sign, an Arabic letter drawn as base and dots, a Thai vowel with a mark):
  their *matrix* is the page's, placing the character's origin, while its box and
  origin are the form's;
* the space it puts between such a span and the word next to it (a word break PDFium
  finds when the span's real space glyph is swallowed): a box of no width, and a matrix
  that is the form's own.

:class:`Placer` gives, per character index of a text page, what to add to its box. Text
extraction (:mod:`.pagetext`) and the visibility check (:mod:`.rendering`) both use
it, so a flattened value is read, and judged, where it is drawn.

:func:`no_breaks` tells which of the spaces PDFium makes up are no word break.
"""

from __future__ import annotations

import ctypes
from typing import Any

import numpy as np
import numpy.typing as npt
import pypdfium2.raw as pdfium_c

__all__ = ["FIRST_SHAPED", "Placer", "Shift", "no_breaks"]

Floats = npt.NDArray[np.float64]

Shift = tuple[float, float]
NO_SHIFT: Shift = (0.0, 0.0)
FIRST_SHAPED = 0x590
"""Characters before Hebrew are drawn inside an ``/ActualText`` span by us only where a
letter's marks are glyphs of their own (:mod:`.spans` finds those), so :meth:`Placer.shift`
moves them only when told."""


class Placer:
    """What to add to the box of a character of a PDFium text page to put it on the page."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self._matrix = pdfium_c.FS_MATRIX()
        self._x, self._y = ctypes.c_double(), ctypes.c_double()

    def _origin(self, index: int) -> tuple[float, float, Any] | None:
        """The origin PDFium gives character ``index`` and its matrix, when the two
        disagree (the origin is in a form's space); None when the character is placed."""
        matrix, x, y = self._matrix, self._x, self._y
        if not pdfium_c.FPDFText_GetMatrix(self._raw, index, matrix):
            return None
        if not pdfium_c.FPDFText_GetCharOrigin(self._raw, index, x, y):
            return None
        if matrix.b or matrix.c or abs(y.value - matrix.f) <= 2.0 * max(abs(matrix.d), 1.0):
            return None
        return x.value, y.value, matrix

    def shift(self, index: int, code: int, spanned: bool = False) -> Shift:
        """For a character with a box: an ``/ActualText`` character's matrix places its
        origin on the page (``(0, 0)`` for every other character); ``spanned``: known to
        come from a span (a Greek or Latin letter with marks stacked by glyphs)."""
        if code < FIRST_SHAPED and not spanned:
            return NO_SHIFT
        found = self._origin(index)
        if found is None:
            return NO_SHIFT
        x, y, matrix = found
        return matrix.e - x, matrix.f - y

    def line(self, index: int) -> tuple[float, float]:
        """The bottom and top a placed ``/ActualText`` character has on its line: PDFium
        gives it the box of its glyph's ink (a hamza alone is a point above the line),
        which is no box to put it on a line by; this one is the baseline's, as the loose
        box of any other character."""
        size = pdfium_c.FPDFText_GetFontSize(self._raw, index) or 1.0
        baseline = self._matrix.f if self._origin(index) is not None else 0.0
        return baseline - 0.25 * size, baseline + 0.95 * size

    def between(self, index: int) -> bool:
        """For a space of no width (one PDFium made up) between two characters in text
        order: whether it stands on the page, on their baseline (made up after a
        character of the page's, not after an ``/ActualText`` span in a form's space)."""
        found = self._origin(index)
        if found is None:
            return True
        y = found[1]
        for other in (index - 1, index + 1):
            if not 0 <= other < pdfium_c.FPDFText_CountChars(self._raw):
                return False
            span = self._origin(other)
            if span is not None:
                baseline = span[2].f
            elif pdfium_c.FPDFText_GetCharOrigin(self._raw, other, self._x, self._y):
                baseline = self._y.value
            else:
                return False
            size = pdfium_c.FPDFText_GetFontSize(self._raw, other) or 1.0
            if abs(baseline - y) > 0.25 * size:
                return False
        return True

    def added_space(self, index: int) -> tuple[float, float, int] | None:
        """For a space of no width (one PDFium made up): where it goes when it stands in
        the space of an ``/ActualText`` span next to it, at that span's origin (a word
        break whose space glyph PDFium swallowed: it lists it after a left-to-right
        span, before a right-to-left one); None for every other one (a gap the boxes
        show anyway). It is put at the right edge of the span, on the span's line: what
        to add to its box, and the index of the span's character it is put after."""
        found = self._origin(index)
        if found is None:
            return None
        x, y = found[0], found[1]
        count = pdfium_c.FPDFText_CountChars(self._raw)
        shift: Shift | None = None
        right = x
        anchor = index
        box = pdfium_c.FS_RECTF()
        for step in (-1, 1):
            for other in range(index + step, index + step * (_NEAR + 1), step):
                if not 0 <= other < count:
                    break
                if pdfium_c.FPDFText_GetUnicode(self._raw, other) < FIRST_SHAPED:
                    break  # a space, a Latin letter: another word, or another field
                span = self._origin(other)
                if span is not None and abs(span[0] - x) < 0.01 and abs(span[1] - y) < 0.01:
                    shift = (span[2].e - x, span[2].f - y)
                    if pdfium_c.FPDFText_GetLooseCharBox(self._raw, other, ctypes.byref(box)):
                        if box.right >= right:
                            anchor = other
                        right = max(right, box.right)
        if shift is None:
            return None
        return shift[0] + right - x, shift[1], anchor


_NEAR = 4
"""How many characters away from a made-up space its span's letters may be listed."""


def no_breaks(
    spaces: npt.NDArray[np.intp],
    alive: npt.NDArray[np.bool_],
    space: npt.NDArray[np.bool_],
    boxes: tuple[Floats, Floats, Floats, Floats],
) -> list[int]:
    """Of the made-up spaces kept (``spaces``), those that stand inside the box of a
    letter on their line: no gap there, so no word break (PDFium makes one up after a
    mark's ``/ActualText`` span drawn back over its base, as the raised hamza of a
    lam-alef, or a letter's dots, when a letter follows); and those between two letters
    of their line (the nearest ending before it and starting after it) that stand closer
    than :data:`_NO_GAP` of the shorter's height: a letter's side bearing, not the advance of
    a swallowed space glyph (PDFium makes one up between an ``/ActualText`` span and a
    letter that does not join it: the isolated kaf after the alef of "ملاك")."""
    left, right, bottom, top = boxes
    letters = np.flatnonzero(alive & ~space)
    x0, x1 = left[letters] + _INSIDE, right[letters] - _INSIDE
    y0, y1 = bottom[letters], top[letters]
    out = []
    for k in spaces.tolist():
        if ((x0 < left[k]) & (left[k] < x1) & (y0 <= bottom[k]) & (bottom[k] <= y1)).any():
            out.append(k)
            continue
        # the letters of its line ending nearest before it and starting nearest after it
        x = left[k]
        line = (y0 <= bottom[k]) & (bottom[k] <= y1)
        before = np.flatnonzero(line & (x1 + _INSIDE <= x + _INSIDE))
        after = np.flatnonzero(line & (x0 - _INSIDE >= x - _INSIDE))
        if before.size and after.size:
            a = before[np.argmax(x1[before])]
            b = after[np.argmin(x0[after])]
            gap = (x0[b] - _INSIDE) - (x1[a] + _INSIDE)
            if gap < _NO_GAP * min(y1[a] - y0[a], y1[b] - y0[b]):
                out.append(k)
    return out


_INSIDE = 0.1
"""How far inside a letter's box (points) a made-up space must stand to be no break."""
_NO_GAP = 0.08
"""Of the shorter letter's height (its line's, about 1.2 of the font size), the widest
gap between two letters that a made-up space between them is no break at: side bearings
are a few hundredths of the size, a space's advance about a quarter."""
