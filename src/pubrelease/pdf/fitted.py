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
(:data:`SHEAR`: when only half of them stand near where the scales put them, the matrix
fitted to those places the rest); the fewest terms that place them as well are kept
(:data:`EXACT`), so that a print's round scale stays exact. On a page of the form's own
size, only scales many pairs vote for are tried (:data:`VOTES`), so that another
system's layout costs little more than the votes. :mod:`.reframe` then lays the page in the form's
frame, placed back.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import weakref
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .charboxes import tight_boxes
from .matrices import IDENTITY, Matrix

__all__ = ["Anchor", "char_centre", "fitted_placement", "in_place"]

Anchor = tuple[int, float, float, int]
"""A character of the form's first page: its code point, the centre of its box, and its
index in the page's text layer."""
Where = dict[int, npt.NDArray[np.float64]]
"""The centres of the page's characters of each code point the anchors have (rows of x,
y, in the page's order)."""
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
RARE_AXES = 12
"""The same, paired to vote for a scale across and one down (fewer pairs stand far
apart both ways)."""
PER_CODE = 24
"""Characters of one code point looked at for such a vote, at most."""
APART = 100.0
"""Points two anchors must stand apart to vote for a scale."""
TRIED = 3
"""Scales most voted for that are tried."""
CLUSTER = 0.004
"""The side of the cells in which scales voted for across and down are counted (with
the cells around: votes up to three cells apart count together)."""
CELLS = 24
"""Cells most voted for whose neighbourhoods are counted."""
VOTES = 6
"""Votes a scale needs to be tried on a page of the form's own size (a print shrunk on
its paper: most pairs of the rare anchors give it; another system's layout of the
wording gives a few pairs any scale at all)."""
SNAP = 1e-4
"""How near a fitted scale must come to the one tried, or to a round thousandth, to be
taken as that."""
EXACT = 0.05
"""Points by which a placement of fewer terms may fit the anchors worse than any matrix
(a print's own rounding of its characters' places) and be taken for it."""
HALF = 0.5
"""Share of the anchors found near where the scales tried put them from which the
matrix fitted to them is tried for the rest."""
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
    the page (its characters in ``textpage``), the same characters, within :data:`NEAR`.
    Each is looked for first at its own index (a page that draws the form's content
    first has the form's characters at the form's indexes), then at its place (PDFium
    looks at every character of the page for it). Answered once a text page and anchors
    (the frames and the form's first page ask it alike)."""
    asked = _ASKED.setdefault(textpage, {})
    key = tuple(anchors)
    if key not in asked:
        asked[key] = _in_place(textpage, key)
    return asked[key]


_ASKED: weakref.WeakKeyDictionary[pdfium.PdfTextPage, dict[tuple[Anchor, ...], bool]] = (
    weakref.WeakKeyDictionary()
)


def _in_place(textpage: pdfium.PdfTextPage, anchors: Sequence[Anchor]) -> bool:
    missed = 0
    count = pdfium_c.FPDFText_CountChars(textpage.raw)
    # (once more are missed than FOUND allows, the answer is no: another system's page
    # misses its first few, and PDFium's search for each costs 17 microseconds)
    allowed = len(anchors) - math.ceil(FOUND * len(anchors))
    for code, x, y, at in anchors:
        if 0 <= at < count and _stands(textpage, at, code, x, y):
            continue
        index = pdfium_c.FPDFText_GetCharIndexAtPos(textpage.raw, x, y, NEAR, NEAR)
        if not (index >= 0 and _stands(textpage, index, code, x, y)):
            missed += 1
            if missed > allowed:
                return False
    return bool(anchors)


def _stands(textpage: pdfium.PdfTextPage, index: int, code: int, x: float, y: float) -> bool:
    """Whether character ``index`` of ``textpage`` is ``code`` and its box's centre is
    within :data:`NEAR` of ``x``, ``y``."""
    if pdfium_c.FPDFText_GetUnicode(textpage.raw, index) != code:
        return False
    cx, cy = char_centre(textpage, index)
    return abs(cx - x) <= NEAR and abs(cy - y) <= NEAR


def fitted_placement(
    textpage: pdfium.PdfTextPage,
    size: tuple[float, float],
    form: tuple[float, float],
    anchors: Sequence[Anchor],
) -> Matrix | None:
    """The matrix that places the form's first page (``form``: its size) on the page
    (``size``, its characters in ``textpage``) as a print draws it (see the module); None
    when the page does not draw it so. A page of the form's own size is the form's as it
    is, or shrunk on it by scales most pairs of the anchors vote for (:data:`VOTES`):
    another system's layout of the wording, on the form's paper, costs no more than the
    votes."""
    if not anchors:
        return None
    same = abs(size[0] - form[0]) <= NEAR and abs(size[1] - form[1]) <= NEAR
    if same and in_place(textpage, anchors):
        return IDENTITY  # the form's page as it is: the most common
    count = pdfium_c.FPDFText_CountChars(textpage.raw)
    text = textpage.get_text_range(0, count) if count > 0 else ""
    # (the text layer read at once: an anchor's letters and digits as each character's
    # own code; only control codes are read otherwise)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), "<u4")
    if codes.size != count:  # (one code a character: astral ones are two halves)
        codes = np.array(
            [pdfium_c.FPDFText_GetUnicode(textpage.raw, i) for i in range(count)], np.uint32
        )
    at: dict[int, list[int]] = defaultdict(list)  # each anchor's code: where on the page
    for code in {code for code, _, _, _ in anchors}:
        if (places := np.flatnonzero(codes == code)).size:
            at[code] = places.tolist()
    rare = sorted((a for a in anchors if at[a[0]]), key=lambda a: len(at[a[0]]))[:RARE_AXES]
    few = _centres(textpage, {code: at[code][:PER_CODE] for code in {a[0] for a in rare}})
    tried = _tried(size, form, rare, few, same)
    if not tried:
        return None
    stands = _Stands(anchors, _centres(textpage, at))
    if not stands.anchor.size:
        return None
    for sx, sy in tried:
        shift = _most_voted(stands, sx, sy)
        found = _placed(anchors, stands, (sx, sy, *shift))
        if found is not None:
            return found
    return None


class _Stands:
    """Each anchor's characters on the page, one row each (by the anchors' order, then
    the page's): the anchor's index, where it stands on the form's page, where the
    character stands."""

    def __init__(self, anchors: Sequence[Anchor], where: Where) -> None:
        counts = [len(where[code]) for code, *_ in anchors]
        self.anchor = np.repeat(np.arange(len(anchors)), counts)
        spots = np.array([(x, y) for _, x, y, _ in anchors], np.float64).reshape(-1, 2)
        self.x, self.y = (np.ascontiguousarray(c) for c in spots.take(self.anchor, axis=0).T)
        found = [where[code] for code, *_ in anchors]
        centres = np.concatenate(found).reshape(-1, 2) if found else np.zeros((0, 2))
        # (a character PDFium places nowhere, at an infinite or undefined place, gives no
        # shift and no pair)
        placed = np.flatnonzero(np.isfinite(centres).all(axis=1))
        self.anchor, self.x, self.y = self.anchor[placed], self.x[placed], self.y[placed]
        self.cx, self.cy = (np.ascontiguousarray(c) for c in centres[placed].T)


def _centres(textpage: pdfium.PdfTextPage, indices: dict[int, list[int]]) -> Where:
    """Per code, the centres of the boxes of its characters ``indices`` (as
    :func:`char_centre` gives them), all asked at once (:func:`.charboxes.tight_boxes`)."""
    every = [i for found in indices.values() for i in found]
    edges, _ = tight_boxes(textpage, np.array(every, np.intp))
    # (a box PDFium does not give stays zeros: centred at the origin, as char_centre's)
    centres = np.stack(((edges[:, 0] + edges[:, 1]) / 2, (edges[:, 2] + edges[:, 3]) / 2), 1)
    out: Where = defaultdict(lambda: np.zeros((0, 2)))
    at = 0
    for code, found in indices.items():
        out[code] = centres[at : at + len(found)]
        at += len(found)
    return out


def _most_voted(stands: _Stands, sx: float, sy: float) -> tuple[int, int]:
    """The shift (rounded to whole points) the most anchors vote for at scales ``sx``,
    ``sy``, each anchor once for each shift its characters give; of shifts as many vote
    for, the first given."""
    dx = np.rint(stands.cx - sx * stands.x).clip(-_FAR, _FAR).astype(np.int64) + _FAR
    dy = np.rint(stands.cy - sy * stands.y).clip(-_FAR, _FAR).astype(np.int64) + _FAR
    shift = (dx << 21) | dy  # (one number a shift; a shift further than _FAR is no print's)
    # each anchor's shift once, at its first character giving it (a stable sort keeps
    # the first of equal keys first)
    keys = (stands.anchor.astype(np.int64) << 42) | shift
    order = np.argsort(keys, kind="stable")
    ranked = keys.take(order)
    first = np.sort(order[np.concatenate(([True], ranked[1:] != ranked[:-1]))])
    # then each shift's votes, and the first character that gave it
    given = shift.take(first)
    by_shift = np.argsort(given, kind="stable")
    ranked = given.take(by_shift)
    starts = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1])))
    votes = np.diff(np.append(starts, ranked.size))
    best = np.flatnonzero(votes == votes.max())
    chosen = int(ranked[starts[best[np.argmin(first.take(by_shift.take(starts[best])))]]])
    return (chosen >> 21) - _FAR, (chosen & ((1 << 21) - 1)) - _FAR


_FAR = (1 << 20) - 1
"""Points beyond which shifts are counted as one (no print moves a page a mile)."""


def _tried(
    size: tuple[float, float],
    form: tuple[float, float],
    rare: Sequence[Anchor],
    where: Where,
    same: bool,
) -> list[tuple[float, float]]:
    """The scales across and down tried, in turn: the form's page fitted to the sheet's
    width or height, or by a scale pairs of the ``rare`` anchors vote for (one scale:
    "fit to page"); then by the scales across and down :data:`VOTES` pairs or more vote
    for (a print drawn at another scale across than down, stretched to its sheet too).
    On a sheet of the form's size (``same``), only scales so voted for."""
    fits = [] if same else sorted({size[0] / form[0], size[1] / form[1]})
    least = VOTES if same else 1
    scales = [s for s, votes in _voted_scales(rare[:RARE], where) if votes >= least]
    tried = [(s, s) for s in [*fits, *(s for s in scales if s not in fits)]]
    tried.extend(axes for axes, votes in _voted_axes(rare, where) if votes >= VOTES)
    out: list[tuple[float, float]] = []
    for sx, sy in tried:
        if (sx, sy) in out or not (SMALLEST <= sx <= LARGEST and SMALLEST <= sy <= LARGEST):
            continue
        if form[0] * sx <= size[0] + NEAR and form[1] * sy <= size[1] + NEAR:
            out.append((sx, sy))
    return out


def _voted_scales(rare: Sequence[Anchor], where: Where) -> list[tuple[float, int]]:
    """Scales (to a thousandth) most often given by two of the ``rare`` anchors (of the
    characters the page has fewest of), far apart, and two characters of theirs that
    stand as they do, turned alike (a print fit to a sheet's printable area, within its
    margins), with their votes."""
    votes: Counter[float] = Counter()
    for (code_a, xa, ya, _), (code_b, xb, yb, _) in itertools.combinations(rare, 2):
        fx, fy = xb - xa, yb - ya
        apart = (fx * fx + fy * fy) ** 0.5
        if apart < APART or not len(where[code_a]) or not len(where[code_b]):
            continue
        a, b = where[code_a], where[code_b]
        px = b[None, :, 0] - a[:, None, 0]
        py = b[None, :, 1] - a[:, None, 1]
        scale = (px * fx + py * fy) / (apart * apart)
        off = np.abs(px - scale * fx) + np.abs(py - scale * fy)
        kept = scale[(scale > 0) & (off <= 2 * NEAR)]
        votes.update(round(float(s), 3) for s in kept.ravel())
    return votes.most_common(TRIED)


def _voted_axes(rare: Sequence[Anchor], where: Where) -> list[tuple[tuple[float, float], int]]:
    """Scales across and down most often given by two of the ``rare`` anchors, far apart
    both ways, and two characters of theirs (a print drawn at one scale across and
    another down), with their votes: the mean (to a thousandth) of the votes in cells of
    :data:`CLUSTER` around the cell most voted for (a page turned a little gives each
    pair a little other scales)."""
    found: list[npt.NDArray[np.float64]] = []
    for (code_a, xa, ya, _), (code_b, xb, yb, _) in itertools.combinations(rare, 2):
        fx, fy = xb - xa, yb - ya
        if abs(fx) < APART or abs(fy) < APART or not len(where[code_a]) or not len(where[code_b]):
            continue
        a, b = where[code_a], where[code_b]
        sx = ((b[None, :, 0] - a[:, None, 0]) / fx).ravel()
        sy = ((b[None, :, 1] - a[:, None, 1]) / fy).ravel()
        kept = (sx >= SMALLEST) & (sx <= LARGEST) & (sy >= SMALLEST) & (sy <= LARGEST)
        found.append(np.stack([sx[kept], sy[kept]], axis=1))
    if not found:
        return []
    votes = np.concatenate(found)
    cells = np.floor(votes / CLUSTER).astype(np.int64)
    counted = Counter(map(tuple, cells.tolist()))
    steps = [(i, j) for i in (-1, 0, 1) for j in (-1, 0, 1)]
    around = {  # (around the cells most voted for: a cluster's votes meet in one)
        cell: sum(counted.get((cell[0] + i, cell[1] + j), 0) for i, j in steps)
        for cell, _ in counted.most_common(CELLS)
    }
    out: list[tuple[tuple[float, float], int]] = []
    chosen: list[tuple[int, int]] = []
    for cell, count in sorted(around.items(), key=lambda kv: -kv[1]):
        if len(out) == TRIED:
            break
        if any(abs(cell[0] - c[0]) <= 2 and abs(cell[1] - c[1]) <= 2 for c in chosen):
            continue  # (its neighbourhood counted already)
        near = (np.abs(cells - np.array(cell)) <= 1).all(axis=1)
        sx, sy = votes[near].mean(axis=0).tolist()
        chosen.append(cell)
        out.append(((round(sx, 3), round(sy, 3)), count))
    return out


def _placed(
    anchors: Sequence[Anchor],
    stands: _Stands,
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
    pairs = _paired(stands, (sx, 0.0, 0.0, sy, dx, dy))
    if HALF * len(anchors) <= len(pairs) < FOUND * len(anchors):
        # (a page turned a little: the scales' guess puts some anchors too far off, the
        # matrix fitted to the others puts them where they stand)
        first = _affine(pairs)
        pairs = _paired(stands, first) if first is not None and _kept(first) else []
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


def _paired(stands: _Stands, guess: Matrix) -> list[Pair]:
    """Each anchor with the character of its code that stands nearest to where ``guess``
    puts it, within a few points (:data:`NEAR` four times, across and down together); of
    two as near, the one further left, then lower."""
    a, b, c, d, e, f = guess
    x, y, cx, cy = stands.x, stands.y, stands.cx, stands.cy
    near = np.abs(cx - (a * x + c * y + e)) + np.abs(cy - (b * x + d * y + f))
    close = np.flatnonzero(near <= 4 * NEAR)  # (only those can be an anchor's)
    order = close.take(np.lexsort((cy[close], cx[close], near[close], stands.anchor[close])))
    anchor = stands.anchor.take(order)
    first = order[np.concatenate(([True], anchor[1:] != anchor[:-1]))] if order.size else order
    return list(
        zip(
            x[first].tolist(),
            y[first].tolist(),
            cx[first].tolist(),
            cy[first].tolist(),
            strict=True,
        )
    )


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
