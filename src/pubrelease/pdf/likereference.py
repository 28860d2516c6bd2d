"""Which glyphs of a page are judged exactly as a reference page judges them.

Whether a glyph shows (:func:`.rendering.hidden_glyphs`) is decided from its box and
whether it paints, from the render's pixels a few rows around its box, and from the
boxes of the other glyphs that touch those rows (whose pixels are not its own); nothing
else. A return of our form shows, on most of its rows, the very pixels and the very
glyphs of the form's own page, rendered once per process: where both hold, the glyph's
verdict is the one the form's page gave the glyph with the same box, and only the rows
where the return differs (its values, whatever was added or taken away) are judged anew.

The judgement reads a glyph's box only as pixels: the pixels its box touches, those of
the box grown by the margin the contrast is measured over, whether the box has no
extent (a mark, not judged) and whether it paints (:func:`glyph_keys`). Two glyphs
alike in those are judged alike on alike pixels, whatever the bits of their boxes in
points: a print re-typesets the form's words at its places to a thousandth of a point,
and most of its glyphs are the form's glyphs in this sense, none in the bits.

Exactly, per glyph of the page (see :func:`like_reference`):

* both pages have the same size in points and in pixels;
* the glyph is paired with the reference's glyph at its place in the reference's order
  (a return's text layer lists the form's own glyphs, then the values drawn in: the
  reference's glyphs line up from one place on the page, :func:`_aligned`), and both
  have the same key;
* within :data:`REACH` rows of the pixel rows its box touches (grown by the margin the
  contrast is measured over), no glyph of either page that is not so paired touches a
  row (so every box near the glyph is one that both pages have there);
* within :data:`REACH` rows and :data:`ACROSS` columns of its grown box, every pixel of
  the render is the reference's.

The reach covers every step of the judgement (:mod:`.ownink`, :mod:`.rendering`): the
contrast over the box grown by its margin, the 3 x 3 squares of the contrast proof and
of the room of its own, and the rules, which compare a row with the rows :data:`RULE`
above and below, and find a run across by an opening with a line of
:data:`~.ownink.RULE_LENGTH` pixels (which reads that many columns either side, less
one). A Ghostscript print moves the "1." of each clause by a pixel: the rest of its
line, beyond that reach, keeps the form's verdicts.

Nothing in this holds the reference to be the form's page: any page judged the same
way will do, and its verdicts are given as that page's own. What is remembered from one
file to another is the form's page's verdicts, kept with the page itself, and those of
the last page judged against it (:func:`.rendering.hidden_glyphs`): a print places
every glyph its own way, a pixel off the form's, but the next print by the same program
places them as the last.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from .inkcompare import clip_to as _clipped
from .inkcompare import opencv, rows_apart
from .ownink import RULE, RULE_LENGTH, rectangle_sums

__all__ = [
    "ACROSS",
    "ENOUGH",
    "REACH",
    "Judged",
    "Matched",
    "glyph_keys",
    "like_reference",
    "no_extent",
    "remembered",
    "taken",
]

REACH = RULE + 4
"""Rows around a glyph's grown box whose pixels and glyphs its verdict may depend on: the
rules' :data:`~.ownink.RULE` rows and a 3 x 3 square (one row), with rows to spare."""
ACROSS = 2 * RULE_LENGTH + 4
"""Columns around a glyph's grown box whose pixels its verdict may depend on: a rule's
opening (an erosion and a dilation across, each :data:`~.ownink.RULE_LENGTH` pixels
long) and a 3 x 3 square (one column), with columns to spare."""

ENOUGH = 0.5
"""Share of a page's verdicts taken from a page judged before past which no other page
is asked (:func:`taken`)."""

Pixels = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]


class Matched(NamedTuple):
    """Per glyph of the page: judged as the reference judges it (``same``), and then the
    index of its glyph in the reference (``at``; 0 where not ``same``)."""

    same: Flags
    at: npt.NDArray[np.intp]


def no_extent(boxes: npt.NDArray[np.float64]) -> Flags:
    """Per box (n x 4, points: left, bottom, right, top), whether it has no extent to
    judge (a mark: less than half a point across or high)."""
    left, bottom, right, top = boxes.reshape(-1, 4).T
    out: Flags = (right - left < 0.5) | (top - bottom < 0.5)
    return out


def glyph_keys(
    pixels: tuple[Pixels, ...], grown: tuple[Pixels, ...], extentless: Flags, invisible: Flags
) -> npt.NDArray[np.int64]:
    """Each glyph as the judgement reads it (see the module), ten whole numbers: the
    pixel rows and columns of its box and of its box grown by the margin (each as
    :meth:`.rendering.Rendered.pixel_boxes` gives them), whether it has no extent
    (:func:`no_extent`) and whether it paints nothing."""
    return np.column_stack((*pixels, *grown, extentless, invisible)).astype(np.int64)


def _aligned(keys: npt.NDArray[np.int64], ref_keys: npt.NDArray[np.int64]) -> tuple[int, Flags]:
    """Where on the page the reference's glyphs line up (a return's text layer lists the
    form's own glyphs, then the values drawn in): from the page's first glyph or from one
    of the first few places that hold the reference's first glyph, the place that pairs
    the most glyphs with the same key; and, per pair from there, whether their keys are
    the same."""
    best: tuple[int, Flags] = (0, np.zeros(0, bool))
    count = -1
    # (rows compared whole, as bytes: a tenth of the time of comparing ten columns)
    whole = np.ascontiguousarray(keys).view(np.dtype((np.void, 8 * keys.shape[1]))).ravel()
    first = np.ascontiguousarray(ref_keys[:1]).view(whole.dtype)[0]
    places = np.flatnonzero(whole == first)[:8].tolist()
    for start in dict.fromkeys([0, *places]):
        size = min(ref_keys.shape[0], keys.shape[0] - start)
        part, reference = keys[start : start + size], ref_keys[:size]
        if np.array_equal(part, reference):  # (the common case, at once)
            same = np.ones(size, bool)
        else:
            same = (part == reference).all(axis=1)
        found = int(np.count_nonzero(same))
        if found > count:
            best, count = (start, same), found
        if found == ref_keys.shape[0]:
            break
    return best


def _marked(rows: int, starts: Pixels, ends: Pixels) -> Flags:
    """The rows ``[start, end)`` of any of the spans (clipped to the page)."""
    # (counts by bincount: the sums np.add.at makes, a fraction of its time)
    count = np.bincount(_clipped(starts, rows), minlength=rows + 1) - np.bincount(
        _clipped(np.maximum(ends, starts), rows), minlength=rows + 1
    )
    out: Flags = np.cumsum(count[:rows]) > 0
    return out


def like_reference(
    levels: npt.NDArray[np.uint8],
    keys: npt.NDArray[np.int64],
    reference_levels: npt.NDArray[np.uint8],
    reference_keys: npt.NDArray[np.int64],
) -> Matched:
    """Which glyphs of a page are judged as the reference page judges them (see the
    module). ``keys``: the page's glyphs' :func:`glyph_keys`; ``reference_keys`` the
    reference's. The caller checks that the pages have the same size and that rows map
    to points alike on both."""
    n = keys.shape[0]
    nothing = Matched(np.zeros(n, bool), np.zeros(n, np.intp))
    if levels.shape != reference_levels.shape or n == 0 or reference_keys.shape[0] == 0:
        return nothing
    start, paired = _aligned(keys, reference_keys)
    size = paired.size
    if not paired.any():
        return nothing
    rows, cols = levels.shape
    # the glyphs of both pages paired with the same key, and the others; dirty are the
    # rows that any of the others (of either page) touches: near the rest, both pages
    # have the same glyphs, as the judgement reads them (a paired glyph with the box of
    # one of the others has its rows, and is judged anew)
    others = np.ones(n, bool)
    others[start : start + size] = ~paired
    ref_others = np.ones(reference_keys.shape[0], bool)
    ref_others[:size] = ~paired
    top, bottom, left, right = (keys[:, k] for k in (4, 5, 6, 7))  # (the grown boxes)
    apart = others.nonzero()[0]  # (taken by position: the elements the mask selects)
    dirty = _marked(rows, top.take(apart), bottom.take(apart))
    apart = ref_others.nonzero()[0]
    dirty |= _marked(rows, reference_keys[apart, 4], reference_keys[apart, 5])
    before = np.concatenate(([0], np.cumsum(dirty)))
    low = _clipped(top - REACH, rows)
    high = np.maximum(_clipped(bottom + REACH, rows), low)
    same = ~others & (before[high] == before[low])
    # and the pixels that differ, counted around each glyph still taken (rows whose
    # pixels all are the reference's are not looked at)
    changed = rows_apart(levels, reference_levels)
    if changed.any() and same.any():
        # (in the band from the first row that differs to the last, the rest counting none)
        cv2 = opencv()
        at = np.flatnonzero(changed)
        first, band = int(at[0]), int(at[-1]) + 1 - int(at[0])
        differs = np.zeros((band, cols), np.uint8)
        differs[at - first] = cv2.compare(levels[at], reference_levels[at], cv2.CMP_NE) & 1
        table = cv2.integral(differs, sdepth=cv2.CV_32S)
        north = _clipped(low - first, band)
        south = np.maximum(_clipped(high - first, band), north)
        west = _clipped(left - ACROSS, cols)
        east = np.maximum(_clipped(right + ACROSS, cols), west)
        same &= rectangle_sums(table, north, south, west, east) == 0
    return Matched(same, np.where(same, np.arange(n) - start, 0))


class Judged(NamedTuple):
    """A page judged: its render's levels, per glyph whether it is hidden (as judging the
    whole page alone says) and its :func:`glyph_keys`, and whether it places its glyphs
    its own way (took fewer than half its verdicts from the form's page: a print)."""

    levels: npt.NDArray[np.uint8]
    hidden: Flags
    keys: npt.NDArray[np.int64]
    own: bool


def taken(
    levels: npt.NDArray[np.uint8], keys: npt.NDArray[np.int64], form: Judged, before: list[Judged]
) -> tuple[Matched, Judged, bool]:
    """The verdicts a page (``levels``, its glyphs' ``keys``) takes, and from which page:
    the pages judged ``before`` (:func:`remembered`: the last page, then the last that
    placed its glyphs its own way), in turn until one gives :data:`ENOUGH`, then the
    form's page; whichever gives most. And whether the page places its glyphs its own
    way (as the page it takes from does, when the form's page is not asked)."""
    best: tuple[Matched, Judged] | None = None
    own = False
    for page in before:
        if page.levels.shape != levels.shape:
            continue
        matched = like_reference(levels, keys, page.levels, page.keys)
        if best is None or np.count_nonzero(matched.same) > np.count_nonzero(best[0].same):
            best, own = (matched, page), page.own
        if np.count_nonzero(best[0].same) >= ENOUGH * keys.shape[0]:
            return best[0], best[1], own
    matched = like_reference(levels, keys, form.levels, form.keys)
    own = 2 * int(np.count_nonzero(matched.same)) < keys.shape[0]
    if best is None or np.count_nonzero(matched.same) > np.count_nonzero(best[0].same):
        best = (matched, form)
    return best[0], best[1], own


def remembered(page: Judged, before: list[Judged]) -> list[Judged]:
    """The pages to ask first after ``page`` (:func:`taken`): it, and the last page
    before it that placed its glyphs its own way, when it does not (a folder mixes
    prints with other returns: the next print is like the last print, not the last
    return)."""
    if page.own:
        return [page]
    return [page, *[p for p in before if p.own][:1]]
