"""A page printed "fit to page" on other paper: the form's page scaled and moved on it.

Printed to A4 (``pdftocairo -pdf -paper A4``; Ghostscript's ``pdfwrite`` with
``-sPAPERSIZE=a4 -dFIXEDMEDIA -dPDFFitPage``), a release's Letter page is drawn scaled by
595/612 and moved to the middle of the sheet: every viewer shows the form's page, smaller.
Read as it is, no value box of the form lies where the page draws its value, and all that
the form's geometry gives is lost (the glyphs a print's text layer names no character
for, the gaps that are its undrawn spaces: rev26 #4, #5).

:func:`fitted_scale` tells such a page: a scale that fits the form's page to the sheet's
width or height (the two ways a printer fits it), a shift found where most of the form's
characters (``anchors``: a character's code point and the centre of its box on the form's
first page) vote for it, and then nearly all of them found, the same characters, where
that scale and shift put them (within :data:`NEAR` points). :mod:`.reframe` then lays
the page in the form's frame, scaled back.
"""

from __future__ import annotations

import ctypes
from collections import Counter, defaultdict
from collections.abc import Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

__all__ = ["Anchor", "fitted_scale"]

Anchor = tuple[int, float, float]
"""A character of the form's first page: its code point and the centre of its box."""
NEAR = 1.0
"""Points a character may stand from where the scale and shift put it."""
FOUND = 0.9
"""Share of the anchors that must be found so."""
SMALLEST = 0.5
"""The least scale taken for a fit (a page drawn smaller is not the form's, printed)."""


def _centre(textpage: pdfium.PdfTextPage, index: int) -> tuple[float, float]:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(
        textpage.raw,
        index,
        ctypes.byref(left),
        ctypes.byref(right),
        ctypes.byref(bottom),
        ctypes.byref(top),
    )
    return (left.value + right.value) / 2, (bottom.value + top.value) / 2


def fitted_scale(
    textpage: pdfium.PdfTextPage,
    size: tuple[float, float],
    form: tuple[float, float],
    anchors: Sequence[Anchor],
) -> tuple[float, float, float] | None:
    """``(scale, dx, dy)``: the page (``size``, its characters in ``textpage``) draws the
    form's first page (``form``: its size) scaled by ``scale`` and moved by ``dx``, ``dy``
    (see the module); None when it does not."""
    if not anchors:
        return None
    codes = {code for code, _, _ in anchors}
    where: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for index in range(pdfium_c.FPDFText_CountChars(textpage.raw)):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
        if code in codes:
            where[code].append(_centre(textpage, index))
    for scale in sorted({size[0] / form[0], size[1] / form[1]}):
        if not SMALLEST <= scale < 1.0 or form[0] * scale > size[0] + NEAR:
            continue
        if form[1] * scale > size[1] + NEAR:
            continue
        votes: Counter[tuple[int, int]] = Counter()
        for code, x, y in anchors:
            votes.update({(round(cx - scale * x), round(cy - scale * y)) for cx, cy in where[code]})
        if not votes:
            continue
        (dx, dy), _ = votes.most_common(1)[0]
        shift = _shift(anchors, where, scale, dx, dy)
        if shift is not None:
            return scale, *shift
    return None


def _shift(
    anchors: Sequence[Anchor],
    where: dict[int, list[tuple[float, float]]],
    scale: float,
    dx: int,
    dy: int,
) -> tuple[float, float] | None:
    """The shift (refined to the mean of the anchors' offsets) when at least
    :data:`FOUND` of the anchors stand within :data:`NEAR` of where ``scale`` and about
    ``dx``, ``dy`` put them; None otherwise."""
    found: list[tuple[float, float]] = []
    for code, x, y in anchors:
        offsets = [(cx - scale * x, cy - scale * y) for cx, cy in where[code]]
        near = [o for o in offsets if abs(o[0] - dx) <= 2 * NEAR and abs(o[1] - dy) <= 2 * NEAR]
        if near:
            found.append(min(near, key=lambda o: abs(o[0] - dx) + abs(o[1] - dy)))
    if len(found) < FOUND * len(anchors):
        return None
    mx = sum(o[0] for o in found) / len(found)
    my = sum(o[1] for o in found) / len(found)
    close = [o for o in found if abs(o[0] - mx) <= NEAR and abs(o[1] - my) <= NEAR]
    return (mx, my) if len(close) >= FOUND * len(anchors) else None
