"""A page printed "fit to page" on other paper: the form's page scaled and moved on it.

Printed to A4 (``pdftocairo -pdf -paper A4``; Ghostscript's ``pdfwrite`` with
``-sPAPERSIZE=a4 -dFIXEDMEDIA -dPDFFitPage``), a release's Letter page is drawn scaled by
595/612 and moved to the middle of the sheet: every viewer shows the form's page, smaller.
Read as it is, no value box of the form lies where the page draws its value, and all that
the form's geometry gives is lost (the glyphs a print's text layer names no character
for, the gaps that are its undrawn spaces: rev26 #4, #5).

:func:`fitted_placement` tells such a page: a scale that fits the form's page to the
sheet's width or height (the two ways a printer fits it) or one voted for by pairs of the
form's characters standing far apart (a printer's margins), a shift found where most of
the form's characters (``anchors``: a character's code point and the centre of its box on
the form's first page) vote for it, and then nearly all of them found, the same
characters, where that scale and shift put them (within :data:`NEAR` points). A page
drawn at one scale across and another down (a driver's "fill the page", a program that
scales each axis on its own: qpdf or pypdf wrapping the page in ``0.95 0 0 0.9 tx ty cm``,
Ghostscript with a ``/BeginPage`` that scales so), or shrunk on its own paper to a
printer's margins, is told the same way, by the scales across and down pairs vote for,
and one turned or sheared by very little by any matrix fitted to the characters
(:data:`SHEAR`); the fewest terms that place them as well are kept (:data:`EXACT`), so
that a print's round scale stays exact. :mod:`.reframe` then lays the page in the form's
frame, placed back.
"""

from __future__ import annotations

import ctypes
import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .matrices import IDENTITY, Matrix

__all__ = ["Anchor", "char_centre", "fitted_placement", "in_place"]

Anchor = tuple[int, float, float]
"""A character of the form's first page: its code point and the centre of its box."""
Where = dict[int, list[tuple[float, float]]]
"""The centres of the page's characters of each code point the anchors have."""
Pair = tuple[float, float, float, float]
"""An anchor's centre on the form's page and where its character stands on the page."""
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
EXACT = 0.05
"""Points by which a placement of fewer terms may fit the anchors worse than any matrix
(a print's own rounding of its characters' places) and be taken for it."""
SHEAR = 0.01
"""How far a fitted placement may turn or shear the form's page (its matrix's ``b`` and
``c`` over its scale) and still be taken for a print's."""


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


def in_place(textpage: pdfium.PdfTextPage, anchors: Sequence[Anchor]) -> bool:
    """Whether at least :data:`FOUND` of the ``anchors`` stand where the form has them on
    the page (its characters in ``textpage``), the same characters, within :data:`NEAR`."""
    found = 0
    for code, x, y in anchors:
        index = pdfium_c.FPDFText_GetCharIndexAtPos(textpage.raw, x, y, NEAR, NEAR)
        if index >= 0 and pdfium_c.FPDFText_GetUnicode(textpage.raw, index) == code:
            cx, cy = char_centre(textpage, index)
            found += abs(cx - x) <= NEAR and abs(cy - y) <= NEAR
    return bool(anchors) and found >= FOUND * len(anchors)


def fitted_placement(
    textpage: pdfium.PdfTextPage,
    size: tuple[float, float],
    form: tuple[float, float],
    anchors: Sequence[Anchor],
) -> Matrix | None:
    """The matrix that places the form's first page (``form``: its size) on the page
    (``size``, its characters in ``textpage``) as a print draws it (see the module); None
    when the page does not draw it so."""
    if not anchors:
        return None
    if (
        abs(size[0] - form[0]) <= NEAR
        and abs(size[1] - form[1]) <= NEAR
        and in_place(textpage, anchors)
    ):
        return IDENTITY  # the form's page as it is: the most common
    codes = {code for code, _, _ in anchors}
    where: Where = defaultdict(list)
    for index in range(pdfium_c.FPDFText_CountChars(textpage.raw)):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
        if code in codes:
            where[code].append(char_centre(textpage, index))
    for sx, sy in _tried(size, form, anchors, where):
        votes: Counter[tuple[int, int]] = Counter()
        for code, x, y in anchors:
            votes.update({(round(cx - sx * x), round(cy - sy * y)) for cx, cy in where[code]})
        if not votes:
            continue
        (dx, dy), _ = votes.most_common(1)[0]
        found = _placed(anchors, where, (sx, sy, dx, dy))
        if found is not None:
            return found
    return None


def _tried(
    size: tuple[float, float], form: tuple[float, float], anchors: Sequence[Anchor], where: Where
) -> list[tuple[float, float]]:
    """The scales across and down tried, in turn: the form's page fitted to the sheet's
    width or height, or by a scale pairs of the anchors vote for (one scale: "fit to
    page"); then stretched to the sheet, or by the scales across and down pairs vote for
    (a print drawn at another scale across than down)."""
    fits = sorted({size[0] / form[0], size[1] / form[1]})
    even = [*fits, *(s for s in _voted_scales(anchors, where) if s not in fits)]
    tried = [(s, s) for s in even]
    tried.append((size[0] / form[0], size[1] / form[1]))
    tried.extend(_voted_axes(anchors, where))
    out: list[tuple[float, float]] = []
    for sx, sy in tried:
        if (sx, sy) in out or not (SMALLEST <= sx <= LARGEST and SMALLEST <= sy <= LARGEST):
            continue
        if form[0] * sx <= size[0] + NEAR and form[1] * sy <= size[1] + NEAR:
            out.append((sx, sy))
    return out


def _rare(anchors: Sequence[Anchor], where: Where) -> list[Anchor]:
    """The anchors of the characters the page has fewest of (:data:`RARE`)."""
    return sorted((a for a in anchors if where[a[0]]), key=lambda a: len(where[a[0]]))[:RARE]


def _voted_scales(anchors: Sequence[Anchor], where: Where) -> list[float]:
    """Scales (to a thousandth) most often given by two of the anchors of the rarest
    characters on the page, far apart, and two characters of theirs that stand as they
    do, turned alike (a print fit to a sheet's printable area, within its margins)."""
    rare = _rare(anchors, where)
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


def _voted_axes(anchors: Sequence[Anchor], where: Where) -> list[tuple[float, float]]:
    """Scales across and down (each to a thousandth) most often given by two of the
    anchors of the rarest characters on the page, far apart both ways, and two characters
    of theirs (a print drawn at one scale across and another down)."""
    rare = _rare(anchors, where)
    votes: Counter[tuple[float, float]] = Counter()
    for i, (code_a, xa, ya) in enumerate(rare):
        for code_b, xb, yb in rare[i + 1 :]:
            fx, fy = xb - xa, yb - ya
            if abs(fx) < APART or abs(fy) < APART:
                continue
            for pax, pay in where[code_a][:PER_CODE]:
                for pbx, pby in where[code_b][:PER_CODE]:
                    sx, sy = (pbx - pax) / fx, (pby - pay) / fy
                    if SMALLEST <= sx <= LARGEST and SMALLEST <= sy <= LARGEST:
                        votes[round(sx, 3), round(sy, 3)] += 1
    return [axes for axes, _ in votes.most_common(TRIED)]


def _placed(
    anchors: Sequence[Anchor],
    where: Where,
    tried: tuple[float, float, int, int],
) -> Matrix | None:
    """The placement fitted (least squares) to the anchors found within a few points of
    where ``tried`` (scales across and down, shift) puts them, when at least
    :data:`FOUND` of all the anchors then stand within :data:`NEAR` of where the fit puts
    them; None otherwise. One scale is fitted first when one was tried, then a scale each
    way, then any placement that turns or shears the page by little (:data:`SHEAR`): the
    first that places the anchors (root mean square) within :data:`EXACT` of how well
    the last does."""
    sx, sy, dx, dy = tried
    pairs: list[Pair] = []
    for code, x, y in anchors:
        near = [(abs(cx - sx * x - dx) + abs(cy - sy * y - dy), cx, cy) for cx, cy in where[code]]
        best = min(near, default=None)
        if best is not None and best[0] <= 4 * NEAR:
            pairs.append((x, y, best[1], best[2]))
    if len(pairs) < FOUND * len(anchors):
        return None
    matrix = _affine(pairs)
    if matrix is None:
        return None
    exact = _rms(_misses(matrix, pairs)) + EXACT
    fits = [_one_scale(pairs, sx)] if sx == sy else []
    fits += [_two_scales(pairs, sx, sy), matrix]
    for fit in fits:
        if fit is None or not _kept(fit):
            continue
        misses = _misses(fit, pairs)
        close = sum(max(x, y) <= NEAR for x, y in misses)
        if close >= FOUND * len(anchors) and _rms(misses) <= exact:
            return fit
    return None


def _miss(fit: Matrix, pair: Pair) -> tuple[float, float]:
    """How far the character of ``pair`` stands from where ``fit`` puts its anchor, across
    and down."""
    a, b, c, d, e, f = fit
    x, y, px, py = pair
    return abs(px - a * x - c * y - e), abs(py - b * x - d * y - f)


def _misses(fit: Matrix, pairs: Sequence[Pair]) -> list[tuple[float, float]]:
    return [_miss(fit, p) for p in pairs]


def _rms(misses: Sequence[tuple[float, float]]) -> float:
    return math.sqrt(sum(x * x + y * y for x, y in misses) / len(misses))


def _kept(fit: Matrix) -> bool:
    """Whether ``fit`` scales the form's page within :data:`SMALLEST` and
    :data:`LARGEST` each way, turned or sheared by no more than :data:`SHEAR`."""
    a, b, c, d, _, _ = fit
    if not (SMALLEST <= a <= LARGEST and SMALLEST <= d <= LARGEST):
        return False
    return abs(b) <= SHEAR * a and abs(c) <= SHEAR * d


def _snapped(fitted: float, tried: float) -> float:
    """A print's scale is a sheet's side over the form's, or a round one: taken exactly
    when the fit is that near it (as the glyphs' places then are to a hundredth)."""
    return min((tried, round(fitted, 3), fitted), key=lambda s: (abs(s - fitted) > SNAP, 0))


def _means(pairs: Sequence[Pair]) -> tuple[float, ...]:
    n = len(pairs)
    return tuple(sum(p[i] for p in pairs) / n for i in range(4))


def _one_scale(pairs: Sequence[Pair], tried: float) -> Matrix | None:
    """p = s f + d: one scale, each axis its own shift."""
    mfx, mfy, mpx, mpy = _means(pairs)
    spread = sum((p[0] - mfx) ** 2 + (p[1] - mfy) ** 2 for p in pairs)
    if spread <= 0:
        return None
    fitted = sum((p[0] - mfx) * (p[2] - mpx) + (p[1] - mfy) * (p[3] - mpy) for p in pairs) / spread
    fitted = _snapped(fitted, tried)
    return fitted, 0.0, 0.0, fitted, mpx - fitted * mfx, mpy - fitted * mfy


def _two_scales(pairs: Sequence[Pair], tried_x: float, tried_y: float) -> Matrix | None:
    """p = s f + d, each axis its own scale and shift."""
    mfx, mfy, mpx, mpy = _means(pairs)
    spread_x = sum((p[0] - mfx) ** 2 for p in pairs)
    spread_y = sum((p[1] - mfy) ** 2 for p in pairs)
    if spread_x <= 0 or spread_y <= 0:
        return None
    fx = _snapped(sum((p[0] - mfx) * (p[2] - mpx) for p in pairs) / spread_x, tried_x)
    fy = _snapped(sum((p[1] - mfy) * (p[3] - mpy) for p in pairs) / spread_y, tried_y)
    return fx, 0.0, 0.0, fy, mpx - fx * mfx, mpy - fy * mfy


def _affine(pairs: Sequence[Pair]) -> Matrix | None:
    """p = M f + d, any matrix (least squares)."""
    mfx, mfy, mpx, mpy = _means(pairs)
    sxx = sum((p[0] - mfx) ** 2 for p in pairs)
    syy = sum((p[1] - mfy) ** 2 for p in pairs)
    sxy = sum((p[0] - mfx) * (p[1] - mfy) for p in pairs)
    det = sxx * syy - sxy * sxy
    if det <= 0:
        return None
    # x' = a x + c y + e and y' = b x + d y + f, each solved from the normal equations
    ux = sum((p[0] - mfx) * (p[2] - mpx) for p in pairs)
    vx = sum((p[1] - mfy) * (p[2] - mpx) for p in pairs)
    uy = sum((p[0] - mfx) * (p[3] - mpy) for p in pairs)
    vy = sum((p[1] - mfy) * (p[3] - mpy) for p in pairs)
    a, c = (ux * syy - vx * sxy) / det, (vx * sxx - ux * sxy) / det
    b, d = (uy * syy - vy * sxy) / det, (vy * sxx - uy * sxy) / det
    return a, b, c, d, mpx - a * mfx - c * mfy, mpy - b * mfx - d * mfy
