"""Renders compared by their ink: blurred, aligned within a couple of pixels, and only
where they differ.

Two renders of a page (a return and the page its form would show, or a page on screen
and in print) are compared by their ink (255 minus the grey level) blurred over a few
pixels and aligned within a couple of pixels, so that another program's rounding of
glyph positions or its substitute for a standard font does not count, while a word that
is added, hidden or drawn differently does.
"""

from __future__ import annotations

import fractions
import functools
import threading
from collections import OrderedDict
from typing import Any, NamedTuple, cast

import numpy as np
import numpy.typing as npt

from .scratch import scratch

__all__ = [
    "BLUR",
    "CELL",
    "CHANGE",
    "MIN_PIXELS",
    "SHIFT",
    "Changes",
    "Image",
    "changes",
    "clip_to",
    "difference",
    "opencv",
    "regions",
    "regions_at",
    "rows_apart",
    "shifted",
    "shrink",
    "shrink_from",
]

# Pixel sizes for renders at 72 dpi (one pixel a point, :data:`.rendering.SCALE`): each is
# the nearest whole number of pixels to what it was at 100 dpi, measured in points.
BLUR = 3
"""Side of the square (pixels) over which ink is averaged before comparing (3 pt; 3.6 pt
at 100 dpi before: the blurred ink of a stroke is its share of the square, so a smaller
square counts a thin stroke a little more, never less)."""
SHIFT = 1
"""Pixels either way a render may be shifted to match another (glyph placement rounding):
1 pt (1.44 pt at 100 dpi before)."""
CHANGE = 40.0
"""Blurred ink difference (of 255) that counts as a change."""
CELL = 4.32
"""Side (pixels, not a whole number) of the cells in which changed pixels are grouped into
places: 4.32 pt, the 6 pixels at 100 dpi before, so that places are cut on the same grid
of the page as then (a whole 4 cut the last letter of a word whited out from its place, a
whole 5 merged two drawn boxes and a signature line into one place of "words")."""
MIN_PIXELS = 6
"""Changed pixels for a place to count (6 pt², as 12 pixels at 100 dpi)."""
Image = npt.NDArray[np.float32]
Levels = npt.NDArray[np.uint8]
_SHIFTS = np.divmod(np.arange((2 * SHIFT + 1) ** 2), 2 * SHIFT + 1)
"""Rows and columns (from the corner of the square of shifts) of every shift a pixel is
tried at, in the order tried (:func:`changes`)."""
"""A render's ink as bytes (its own levels): compared as the same ink as floats."""


@functools.cache
def opencv() -> Any:
    """OpenCV, imported on first use (a dependency already, for scans; slow to import)."""
    import cv2

    return cv2


def clip_to(values: npt.NDArray[np.int64], limit: int) -> npt.NDArray[np.int64]:
    """Whole numbers (pixel rows or columns) clipped to ``[0, limit]``: what
    ``np.clip(values, 0, limit)`` gives them, in half its time (numpy's ``clip`` checks
    its bounds in Python first: a few microseconds a call, some tens of calls a page)."""
    out: npt.NDArray[np.int64] = np.minimum(np.maximum(values, 0), limit)
    return out


def _frozen(image: npt.NDArray[Any]) -> bool:
    """Whether ``image`` owns its pixels and is read-only (a page's render once made,
    :func:`.rendering.render_page`): what is found out about it stays true."""
    return image.base is None and not image.flags.writeable


def rows_apart(a: npt.NDArray[Any], b: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Per row of two images of one shape, whether they differ anywhere in it: ``(a !=
    b).any(axis=1)``. Images of whole numbers of one type are compared eight or four
    bytes at a time where a row's bytes allow (equal whole numbers are equal bytes; not
    so floats: -0.0 and 0.0 are equal, a NaN is not): a fraction of the comparisons.

    For two read-only renders (:func:`_frozen`) the answer is kept for the next few
    asking again (a page and its form's page are compared to match them, for the
    glyphs' verdicts and for the changed pixels): a copy of it each time."""
    frozen = _frozen(a) and _frozen(b)
    if frozen:
        kept: list[tuple[Any, Any, npt.NDArray[np.bool_]]] = _KEPT.__dict__.setdefault("apart", [])
        for x, y, found in kept:
            if x is a and y is b:
                return found.copy()
        found = _rows_apart(a, b)
        kept.append((a, b, found.copy()))
        del kept[:-KEPT_PAIRS]
        return found
    return _rows_apart(a, b)


KEPT_PAIRS = 4
"""Pairs of renders whose rows apart :func:`rows_apart` keeps (per thread): the pages of
one return and the form's pages they are compared with."""
_KEPT = threading.local()


def _rows_apart(a: npt.NDArray[Any], b: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    if (
        a.dtype == b.dtype
        and a.dtype.kind in "ui"
        and a.ndim == 2
        and a.shape == b.shape
        and a.flags.c_contiguous
        and b.flags.c_contiguous
    ):
        rows, width = a.shape[0], a.shape[1] * a.dtype.itemsize
        for size, kind in ((8, np.uint64), (4, np.uint32)):
            if width % size == 0:
                wide_a = a.view(np.uint8).reshape(rows, width).view(kind)
                wide_b = b.view(np.uint8).reshape(rows, width).view(kind)
                packed: npt.NDArray[np.bool_] = (wide_a != wide_b).any(axis=1)
                return packed
    out: npt.NDArray[np.bool_] = (a != b).any(axis=1)
    return out


def _blur(ink: Image) -> Image:
    """The mean of each :data:`BLUR`-pixel square around a pixel (outside the page: no ink)."""
    cv2 = opencv()
    blurred: Image = cv2.blur(ink, (BLUR, BLUR), borderType=cv2.BORDER_CONSTANT)
    return blurred


class _Prepared(NamedTuple):
    padded: Image
    """The blurred ink, padded by :data:`SHIFT` pixels repeating its edge."""
    lowest: Image | None
    """Per pixel, the least of ``padded`` over every shift (a form's page only)."""
    highest: Image | None
    """Per pixel, the most of ``padded`` over every shift (a form's page only)."""


_PREPARED: OrderedDict[int, tuple[Image | Levels, _Prepared]] = OrderedDict()
"""Renders compared again and again (the form's own pages): id -> (render, prepared),
the last few."""
_PREPARED_SIZE = 4


def _prepared(expected: Image | Levels, keep: bool) -> _Prepared:
    """``expected`` blurred and padded; with the bounds over every shift when kept."""
    hit = _PREPARED.get(id(expected))
    if hit is not None and hit[0] is expected:
        _PREPARED.move_to_end(id(expected))
        return hit[1]
    cv2 = opencv()
    r = SHIFT
    blurred = _blur(np.asarray(expected, np.float32))
    padded: Image = cv2.copyMakeBorder(blurred, r, r, r, r, cv2.BORDER_REPLICATE)
    if not keep:
        return _Prepared(padded, None, None)
    # the (2r+1)-square of padded pixels that the shifts of a pixel reach, centred on it
    # (contiguous: read by flat indices, :func:`changes`)
    square = np.ones((2 * r + 1, 2 * r + 1), np.uint8)
    lowest: Image = np.ascontiguousarray(cv2.erode(padded, square)[r:-r, r:-r])
    highest: Image = np.ascontiguousarray(cv2.dilate(padded, square)[r:-r, r:-r])
    prepared = _Prepared(padded, lowest, highest)
    _PREPARED[id(expected)] = (expected, prepared)
    while len(_PREPARED) > _PREPARED_SIZE:
        _PREPARED.popitem(last=False)
    return prepared


class Changes(NamedTuple):
    """The pixels where one render differs from another (:func:`changes`): rows ``ys``,
    columns ``xs`` and how much more ink (``deltas``, negative: less), of an image of
    ``shape``; every other pixel: no change. In reading order: rows from the top, a row
    from the left (as OpenCV's ``findNonZero`` lists a band's, bands from the top)."""

    shape: tuple[int, int]
    ys: npt.NDArray[np.int64]
    xs: npt.NDArray[np.int64]
    deltas: Image

    def dense(self) -> Image:
        """As an image (0 where nothing changed)."""
        out = np.zeros(self.shape, np.float32)
        out[self.ys, self.xs] = self.deltas
        return out

    def within(self, y0: int, y1: int, x0: int, x1: int) -> Image:
        """``dense()[y0:y1, x0:x1]`` (``0 <= y0``, ``y1 <= rows``, columns alike), made
        from the changed pixels in it alone: not a whole page for a box of it."""
        width = max(0, x1 - x0)
        out = np.zeros((max(0, y1 - y0), width), np.float32)
        # the rows y0 to y1 are one run of the pixels (in reading order)
        first, last = np.searchsorted(self.ys, (y0, y1)).tolist()
        ys, xs = self.ys[first:last], self.xs[first:last]
        inside = (xs >= x0) & (xs < x1)
        # (put by flat indices into the new array: the same pixels as by rows and columns)
        out.ravel()[(ys[inside] - y0) * width + (xs[inside] - x0)] = self.deltas[first:last][inside]
        return out


def difference(shown: Image | Levels, expected: Image | Levels, *, keep: bool = False) -> Image:
    """Per pixel, how much more (positive) or less (negative) ink ``shown`` has than
    ``expected`` at the best alignment within :data:`SHIFT` pixels, blurred.

    Only pixels that differ before alignment are aligned: the rest are 0. ``keep``:
    ``expected`` will be compared again (a page of the form): its blur is kept.
    """
    return changes(shown, expected, keep=keep).dense()


def changes(
    shown: Image | Levels,
    expected: Image | Levels,
    *,
    keep: bool = False,
    threshold: float = CHANGE,
) -> Changes:
    """:func:`difference`, as the pixels that differ by more than ``threshold`` once
    blurred (only those are aligned; every other is 0 in the difference).

    Renders may be given as their levels (bytes): compared as the same ink as floats,
    each band of rows made floats only where it is blurred."""
    if shown.shape != expected.shape:
        rows = max(shown.shape[0], expected.shape[0])
        cols = max(shown.shape[1], expected.shape[1])
        grow = ((0, rows - shown.shape[0]), (0, cols - shown.shape[1]))
        shown = cast(Image | Levels, np.pad(shown, grow))
        grow = ((0, rows - expected.shape[0]), (0, cols - expected.shape[1]))
        expected = cast(Image | Levels, np.pad(expected, grow))
        keep = False
    shape = (int(shown.shape[0]), int(shown.shape[1]))
    none = Changes(shape, np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
    # Only rows near a pixel that differs can differ once blurred: a blurred pixel is the
    # mean of the BLUR x BLUR square around it, so where that square is the same in both
    # renders, both blurs are the same mean (PDFium's renders of a form's page and of a
    # return of it share most of their rows). The blur, the comparison and the search for
    # changed pixels are made on those bands of rows only, each with the rows around it
    # that its squares reach (the page's edge: no ink, as for the whole page).
    differs = rows_apart(shown, expected)
    if not differs.any():
        return none
    reach = BLUR // 2
    near = _grown(differs, reach)  # (rows within reach of one that differs)
    # the rows whose changes the last page compared with ``expected`` gave already: a
    # row's changes read the rows within reach of it, and whether each differs from
    # ``expected``, within reach again (a print's rows are the last print's but its values')
    earlier = _last(shown, expected, threshold) if keep else None
    if earlier is not None:
        near &= ~earlier[1]
    r = SHIFT
    prepared = _prepared(expected, keep)
    padded = prepared.padded
    cv2 = opencv()
    rows = shown.shape[0]
    # (each begun empty: none found here, the last page's changes may still be kept)
    found_y: list[npt.NDArray[np.int64]] = [np.zeros(0, np.int64)]
    found_x: list[npt.NDArray[np.int64]] = [np.zeros(0, np.int64)]
    found_v: list[Image] = [np.zeros(0, np.float32)]
    # where a band of near rows starts and ends (np.diff of the flags framed by zeros)
    framed = np.zeros(near.size + 2, bool)
    framed[1:-1] = near
    edges = np.flatnonzero(framed[1:] != framed[:-1])
    for top, bottom in edges.reshape(-1, 2).tolist():  # bands [top, bottom) of rows
        first, last = max(0, top - reach), min(rows, bottom + reach)
        blurred = _blur(np.ascontiguousarray(shown[first:last], dtype=np.float32))
        a = blurred[top - first : bottom - first]
        e = padded[r + top : r + bottom, r:-r]
        found = cv2.findNonZero((cv2.absdiff(a, e) > threshold).view(np.uint8))  # (x, y) pairs
        if found is None:
            continue
        xs, ys = found.reshape(-1, 2).T.astype(np.int64)
        found_y.append(ys + top)
        found_x.append(xs)
        # (a flat take: a fraction of the cost of indexing rows and columns)
        found_v.append(a.ravel().take(ys * a.shape[1] + xs))
    ys, xs, values = np.concatenate(found_y), np.concatenate(found_x), np.concatenate(found_v)
    deltas = np.empty(ys.size, np.float32)
    search = np.ones(ys.size, bool)
    if prepared.lowest is not None and prepared.highest is not None:
        # A pixel with at least as much ink as every shift of the other render: every
        # difference is >= 0, so the closest is the one to the most ink of them (the same
        # subtraction as the search below makes for it); with as little as every shift:
        # the one to the least. Only pixels between the two are searched shift by shift
        # (new ink and missing ink rarely are: the edges of a moved glyph mostly).
        flat = ys * shape[1] + xs
        highest, lowest = prepared.highest.ravel().take(flat), prepared.lowest.ravel().take(flat)
        above, below = values >= highest, values <= lowest
        deltas[above] = values[above] - highest[above]
        below &= ~above
        deltas[below] = values[below] - lowest[below]
        search = ~(above | below)
    if search.any():
        # every shift at once, as offsets into the padded blur seen as one row; the first
        # of the closest wins, as when trying them in turn
        width = padded.shape[1]
        dy, dx = _SHIFTS
        at = (ys[search] * width + xs[search])[None, :] + (dy * width + dx)[:, None]
        tried = values[search][None, :] - np.take(padded, at)
        closest = np.abs(tried).argmin(axis=0)
        # each pixel's closest shift (take_along_axis's pick, by flat indices)
        count = closest.size
        deltas[search] = tried.ravel().take(closest * count + np.arange(count))
    made = Changes(shape, ys, xs, deltas)
    if earlier is not None:  # with the last page's changes in the rows it gave
        kept, again = earlier
        mine = again[kept.ys]
        ys = np.concatenate((ys, kept.ys[mine]))
        xs = np.concatenate((xs, kept.xs[mine]))
        order = np.argsort(ys * shape[1] + xs, kind="stable")
        deltas = np.concatenate((deltas, kept.deltas[mine]))
        made = Changes(shape, ys.take(order), xs.take(order), deltas.take(order))
    if keep and _frozen(shown):
        lasts = _KEPT.__dict__.setdefault("last", {})
        lasts.pop((id(expected), threshold), None)
        lasts[id(expected), threshold] = (shown, expected, made)
        while len(lasts) > KEPT_PAIRS:
            del lasts[next(iter(lasts))]
    return made if made.ys.size else none


def _grown(rows: npt.NDArray[np.bool_], reach: int) -> npt.NDArray[np.bool_]:
    """The rows within ``reach`` of one of ``rows``: a convolution with ones, > 0 (made by
    shifts but for fewer rows than the kernel, whose "same" convolution is longer)."""
    if rows.size < 2 * reach + 1:
        out: npt.NDArray[np.bool_] = np.convolve(rows, np.ones(2 * reach + 1), mode="same") > 0
        return out
    near = rows.copy()
    for step in range(1, reach + 1):
        near[step:] |= rows[:-step]
        near[:-step] |= rows[step:]
    return near


def _last(
    shown: Image | Levels, expected: Image | Levels, threshold: float
) -> tuple[Changes, npt.NDArray[np.bool_]] | None:
    """The changes of the last read-only render compared with ``expected`` by
    :func:`changes` (with ``keep`` and ``threshold``; kept per thread, for the last
    :data:`KEPT_PAIRS` renders compared with), and the rows of it they hold for
    ``shown`` too (read-only, of its shape): those farther than twice the blur's reach
    from every row where the two renders differ; None when there is no such render."""
    last = _KEPT.__dict__.get("last", {}).get((id(expected), threshold))
    if last is None or not _frozen(shown):
        return None
    before, against, made = last
    if against is not expected or before.shape != shown.shape:
        return None
    return made, ~_grown(rows_apart(shown, before), 2 * (BLUR // 2))


def shrink(ink: Image | Levels, side: int) -> Image:
    """``ink`` averaged over squares of ``side`` pixels (the edges past the last whole
    square dropped).

    OpenCV's area resampling by a whole factor is that average (summed in another order
    than numpy's mean over a reshaped array: the same up to a float's last bits), in a
    tenth of the time. Levels (bytes) are summed exactly, as whole numbers, from a
    summed-area table, and the sum multiplied by ``1 / side**2`` as a float: what that
    resampling makes of the same ink as floats (its sum of whole numbers is exact too),
    without a page of floats."""
    rows, cols = ink.shape[0] // side, ink.shape[1] // side
    if not rows or not cols:
        return np.zeros((rows, cols), np.float32)
    cv2 = opencv()
    if ink.dtype == np.uint8:
        table = cv2.integral(
            ink[: rows * side, : cols * side],
            sum=scratch("shrink", (rows * side + 1, cols * side + 1), np.int32),
            sdepth=cv2.CV_32S,
        )[::side, ::side]
        sums = table[1:, 1:] - table[:-1, 1:] - table[1:, :-1] + table[:-1, :-1]
        averaged: Image = sums.astype(np.float32) * np.float32(1 / side**2)
        return averaged
    whole = np.ascontiguousarray(ink[: rows * side, : cols * side])
    small: Image = cv2.resize(whole, (cols, rows), interpolation=cv2.INTER_AREA)
    return small


BAND_SQUARES = 4
"""Squares between two bands of :func:`shrink_from` under which they are summed as one."""


def shrink_from(ink: Levels, side: int, like: Levels, like_small: Image) -> Image:
    """:func:`shrink` of ``ink`` made from ``like_small``, the shrink of ``like`` (levels of
    the same shape): a square whose rows are the same in both sums to the same, so only
    the bands of squares with a row apart (:func:`rows_apart`) are summed again, each by
    :func:`shrink` of its rows (the same whole sums, times the same float)."""
    rows, cols = ink.shape[0] // side, ink.shape[1] // side
    if not rows or not cols or ink.shape != like.shape or not ink.dtype == like.dtype == np.uint8:
        return shrink(ink, side)
    # (the whole renders' rows: the answer kept for them serves the other checks too)
    apart = rows_apart(ink, like)[: rows * side].reshape(rows, side).any(axis=1)
    out = like_small.copy()
    framed = np.zeros(rows + 2, bool)
    framed[1:-1] = apart
    bands: list[list[int]] = []
    # (bands of squares fewer than BAND_SQUARES apart summed as one: a call costs more)
    for first, last in np.flatnonzero(framed[1:] != framed[:-1]).reshape(-1, 2).tolist():
        if bands and first - bands[-1][1] < BAND_SQUARES:
            bands[-1][1] = last
        else:
            bands.append([first, last])
    for first, last in bands:
        out[first:last] = shrink(ink[first * side : last * side], side)
    return out


def regions(
    mask: npt.NDArray[np.bool_], *, min_pixels: int = MIN_PIXELS, cell: float = CELL
) -> list[tuple[int, int, int, int]]:
    """Connected groups of set pixels (cells of ``cell`` pixels, touching ones merged) with at
    least ``min_pixels`` set, as pixel rectangles ``(y0, y1, x0, x1)``, top to bottom."""
    found = opencv().findNonZero(np.ascontiguousarray(mask).view(np.uint8))  # (x, y) pairs
    if found is None:
        return []
    xs, ys = found.reshape(-1, 2).T.astype(np.int64)
    return regions_at(ys, xs, mask.shape, min_pixels=min_pixels, cell=cell)


@functools.lru_cache(maxsize=16)
def _ratio(cell: float) -> tuple[int, int]:
    """``cell`` as a fraction (numerator, denominator up to 1000)."""
    side = fractions.Fraction(cell).limit_denominator(1000)
    return side.numerator, side.denominator


def regions_at(
    ys: npt.NDArray[np.int64],
    xs: npt.NDArray[np.int64],
    shape: tuple[int, ...],
    *,
    min_pixels: int = MIN_PIXELS,
    cell: float = CELL,
) -> list[tuple[int, int, int, int]]:
    """:func:`regions` of the pixels at rows ``ys``, columns ``xs`` (each once) of an image
    of ``shape``: counted per cell from the pixels themselves, not from a whole image.

    Pixel ``y`` lies in cell row ``floor(y / cell)`` (exactly, in whole numbers: ``cell``
    as a fraction); a place is the pixels its cells touch."""
    rows, cols = shape
    num, den = _ratio(cell)
    if ys.size == 0:
        return []
    # the cells of the pixels' bounding box only (no group reaches beyond it): a few
    # changed pixels are not a whole page's grid of cells to label
    cy, cx = ys * den // num, xs * den // num
    top_cell, left_cell = int(cy.min()), int(cx.min())
    gy, gx = int(cy.max()) - top_cell + 1, int(cx.max()) - left_cell + 1
    counts = np.bincount((cy - top_cell) * gx + (cx - left_cell), minlength=gy * gx)
    counts = counts.reshape(gy, gx)
    cv2 = opencv()  # cells touching by a side or a corner: one group (8-connectivity)
    found, labels, stats, _ = cv2.connectedComponentsWithStats(
        (counts > 0).astype(np.uint8), connectivity=8
    )
    totals = np.bincount(labels.ravel(), weights=counts.ravel(), minlength=found)
    out = []
    for label in range(1, found):
        if totals[label] < min_pixels:
            continue
        x0 = left_cell + int(stats[label, cv2.CC_STAT_LEFT])
        y0 = top_cell + int(stats[label, cv2.CC_STAT_TOP])
        x1 = x0 + int(stats[label, cv2.CC_STAT_WIDTH]) - 1
        y1 = y0 + int(stats[label, cv2.CC_STAT_HEIGHT]) - 1
        top, left = y0 * num // den, x0 * num // den
        bottom, right = -(-(y1 + 1) * num // den), -(-(x1 + 1) * num // den)
        out.append((top, min(rows, bottom), left, min(cols, right)))
    return sorted(out)


def shifted(
    image: Levels,
    dy: int,
    dx: int,
    shape: tuple[int, int] | None = None,
    *,
    paper: int = 0,
) -> Levels:
    """``image`` moved so that its pixel (r + dy, c + dx) lands at (r, c), cut or padded
    to ``shape`` (its own by default) with ``paper`` where nothing lands (0 for ink, 255
    for grey levels)."""
    shape = image.shape if shape is None else shape
    if not (dy or dx) and image.shape == shape:
        return image
    out = np.full(shape, paper, np.uint8)
    rows, cols = image.shape
    y0, x0 = max(0, -dy), max(0, -dx)
    y1, x1 = min(shape[0], rows - dy), min(shape[1], cols - dx)
    if y1 > y0 and x1 > x0:
        out[y0:y1, x0:x1] = image[y0 + dy : y1 + dy, x0 + dx : x1 + dx]
    return out
