"""A page printed "fit to page" on other paper: the form's page scaled and moved on it.

Printed to A4 (``pdftocairo -pdf -paper A4``; Ghostscript's ``pdfwrite`` with
``-sPAPERSIZE=a4 -dFIXEDMEDIA -dPDFFitPage``), a release's Letter page is drawn scaled by
595/612 and moved to the middle of the sheet: every viewer shows the form's page, smaller.
Read as it is, no value box of the form lies where the page draws its value, and all that
the form's geometry gives is lost (the glyphs a print's text layer names no character
for, the gaps that are its undrawn spaces: rev26 #4, #5).

:func:`fitted_scale` tells such a page: a scale that fits the form's page to the sheet's
width or height (the two ways a printer fits it) or one voted for by pairs of the form's
characters standing far apart (a printer's margins), a shift found where most of the form's
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

__all__ = ["Anchor", "char_centre", "fitted_scale"]

Anchor = tuple[int, float, float]
"""A character of the form's first page: its code point and the centre of its box."""
NEAR = 1.0
"""Points a character may stand from where the scale and shift put it."""
FOUND = 0.9
"""Share of the anchors that must be found so."""
SMALLEST, LARGEST = 0.5, 2.0
"""The scales taken for a fit (a page drawn smaller or larger is not the form's, printed)."""
RARE = 8
"""Anchors of the characters the page has fewest of, paired to vote for a scale."""
PER_CODE = 24
"""Characters of one code point looked at for such a vote, at most."""
APART = 100.0
"""Points two anchors must stand apart to vote for a scale."""
TRIED = 3
"""Scales most voted for that are tried."""
SNAP = 1e-4
"""How near a fitted scale must come to the one tried, or to a round thousandth, to be
taken as that."""


def char_centre(textpage: pdfium.PdfTextPage, index: int) -> tuple[float, float]:
    """The centre of the box of character ``index`` of ``textpage``, in points."""
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
            where[code].append(char_centre(textpage, index))
    fits = {size[0] / form[0], size[1] / form[1]}
    for scale in [*sorted(fits), *(s for s in _voted_scales(anchors, where) if s not in fits)]:
        if not SMALLEST <= scale <= LARGEST or form[0] * scale > size[0] + NEAR:
            continue
        if form[1] * scale > size[1] + NEAR:
            continue
        votes: Counter[tuple[int, int]] = Counter()
        for code, x, y in anchors:
            votes.update({(round(cx - scale * x), round(cy - scale * y)) for cx, cy in where[code]})
        if not votes:
            continue
        (dx, dy), _ = votes.most_common(1)[0]
        found = _placed(anchors, where, scale, dx, dy)
        if found is not None:
            return found
    return None


def _voted_scales(
    anchors: Sequence[Anchor], where: dict[int, list[tuple[float, float]]]
) -> list[float]:
    """Scales (to a thousandth) most often given by two of the anchors of the rarest
    characters on the page, far apart, and two characters of theirs that stand as they
    do, turned alike (a print fit to a sheet's printable area, within its margins)."""
    rare = sorted((a for a in anchors if where[a[0]]), key=lambda a: len(where[a[0]]))[:RARE]
    votes: Counter[float] = Counter()
    for i, (code_a, xa, ya) in enumerate(rare):
        for code_b, xb, yb in rare[i + 1 :]:
            fx, fy = xb - xa, yb - ya
            apart = (fx * fx + fy * fy) ** 0.5
            if apart < APART:
                continue
            for pax, pay in where[code_a][:PER_CODE]:
                for pbx, pby in where[code_b][:PER_CODE]:
                    scale = ((pbx - pax) * fx + (pby - pay) * fy) / (apart * apart)
                    off = abs((pbx - pax) - scale * fx) + abs((pby - pay) - scale * fy)
                    if scale > 0 and off <= 2 * NEAR:
                        votes[round(scale, 3)] += 1
    return [scale for scale, _ in votes.most_common(TRIED)]


def _placed(
    anchors: Sequence[Anchor],
    where: dict[int, list[tuple[float, float]]],
    scale: float,
    dx: int,
    dy: int,
) -> tuple[float, float, float] | None:
    """The scale and shift fitted (least squares) to the anchors found within a few
    points of where ``scale`` and ``dx``, ``dy`` put them, when at least :data:`FOUND`
    of all the anchors then stand within :data:`NEAR` of where the fit puts them; None
    otherwise."""
    pairs: list[tuple[float, float, float, float]] = []
    for code, x, y in anchors:
        near = [
            (abs(cx - scale * x - dx) + abs(cy - scale * y - dy), cx, cy) for cx, cy in where[code]
        ]
        best = min(near, default=None)
        if best is not None and best[0] <= 4 * NEAR:
            pairs.append((x, y, best[1], best[2]))
    if len(pairs) < FOUND * len(anchors):
        return None
    # p = s f + d, each axis its own shift, one scale
    n = len(pairs)
    mfx = sum(p[0] for p in pairs) / n
    mfy = sum(p[1] for p in pairs) / n
    mpx = sum(p[2] for p in pairs) / n
    mpy = sum(p[3] for p in pairs) / n
    spread = sum((p[0] - mfx) ** 2 + (p[1] - mfy) ** 2 for p in pairs)
    if spread <= 0:
        return None
    fitted = sum((p[0] - mfx) * (p[2] - mpx) + (p[1] - mfy) * (p[3] - mpy) for p in pairs) / spread
    # (a print's scale is a sheet's side over the form's, or a round one: taken exactly
    # when the fit is that near it, as the glyphs' places then are to a hundredth)
    fitted = min((scale, round(fitted, 3), fitted), key=lambda s: (abs(s - fitted) > SNAP, 0))
    sx, sy = mpx - fitted * mfx, mpy - fitted * mfy
    close = sum(
        abs(p[2] - fitted * p[0] - sx) <= NEAR and abs(p[3] - fitted * p[1] - sy) <= NEAR
        for p in pairs
    )
    if close < FOUND * len(anchors) or not SMALLEST <= fitted <= LARGEST:
        return None
    return fitted, sx, sy
