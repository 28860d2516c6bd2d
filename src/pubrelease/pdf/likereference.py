"""Which glyphs of a page are judged exactly as a reference page judges them.

Whether a glyph shows (:func:`.rendering.hidden_glyphs`) is decided from its box and
whether it paints, from the render's pixels a few rows around its box, and from the
boxes of the other glyphs that touch those rows (whose pixels are not its own); nothing
else. A return of our form shows, on most of its rows, the very pixels and the very
glyphs of the form's own page, rendered once per process: where both hold, the glyph's
verdict is the one the form's page gave the glyph with the same box, and only the rows
where the return differs (its values, whatever was added or taken away) are judged anew.

Exactly, per glyph of the page (see :func:`like_reference`):

* both pages have the same size in points and in pixels;
* the glyph is one of a run of glyphs that both pages have, in the same order, each
  with the same box and paint (a return's text layer lists the form's own glyphs, then
  the values drawn in): the reference's first glyphs (:func:`_block`);
* within :data:`REACH` rows of the pixel rows its box touches (grown by the margin the
  contrast is measured over), every pixel of the render is the reference's, and no
  glyph of either page outside that run touches a row (so every box near the glyph is
  one that both pages have there).

The reach covers every step of the judgement (:mod:`.ownink`, :mod:`.rendering`): the
contrast over the box grown by its margin, the 3 x 3 squares of the contrast proof and
of the room of its own, and the rules, which compare a row with the rows :data:`RULE`
above and below; each step reads whole rows, so columns need no reach. Nothing is
remembered from one file to another but the reference's own verdicts, kept with the
reference itself (the form's page, made by pubrelease from its own template).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from .inkcompare import clip_to as _clipped
from .inkcompare import rows_apart
from .ownink import RULE

__all__ = ["REACH", "Matched", "glyph_keys", "like_reference"]

REACH = RULE + 4
"""Rows around a glyph's grown box whose pixels and glyphs its verdict may depend on: the
rules' :data:`~.ownink.RULE` rows and a 3 x 3 square (one row), with rows to spare."""

Pixels = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]


class Matched(NamedTuple):
    """Per glyph of the page: judged as the reference judges it (``same``), and then the
    index of its glyph in the reference (``at``; 0 where not ``same``)."""

    same: Flags
    at: npt.NDArray[np.intp]


def glyph_keys(boxes: npt.NDArray[np.float64], invisible: Flags) -> npt.NDArray[np.int64]:
    """Each glyph's box and paint as five whole numbers: the bits of the floats, compared
    exactly (stricter than comparing floats: -0.0 is not 0.0 here, which only judges
    more glyphs anew)."""
    rows = np.concatenate((boxes.reshape(-1, 4), invisible.reshape(-1, 1)), axis=1)
    return np.ascontiguousarray(rows, np.float64).view(np.int64)


def _common(keys: npt.NDArray[np.int64], ref_keys: npt.NDArray[np.int64], start: int) -> int:
    """How many of the reference's glyphs, from its first, are the page's from ``start``."""
    size: int = min(ref_keys.shape[0], keys.shape[0] - start)
    part, reference = keys[start : start + size], ref_keys[:size]
    if np.array_equal(part, reference):
        return size  # (the common case, at once: a row by row test costs ten times more)
    same = (part == reference).all(axis=1)
    return size if same.all() else int(np.argmin(same))


def _block(keys: npt.NDArray[np.int64], ref_keys: npt.NDArray[np.int64]) -> tuple[int, int]:
    """The longest run of the reference's first glyphs found among the page's, in their
    order, one after the other (a return's text layer lists the form's own glyphs, then
    the values drawn in), from the page's first glyph or from one of the first few
    places that hold the reference's first glyph: (start on the page, length)."""
    best = (0, _common(keys, ref_keys, 0))
    if best[1] < ref_keys.shape[0] and ref_keys.shape[0]:
        places = np.flatnonzero((keys == ref_keys[0]).all(axis=1))
        for start in places[:8].tolist():
            found = _common(keys, ref_keys, start)
            if found > best[1]:
                best = (start, found)
    return best


def _marked(rows: int, starts: Pixels, ends: Pixels) -> Flags:
    """The rows ``[start, end)`` of any of the spans (clipped to the page)."""
    count = np.zeros(rows + 1, np.int64)
    np.add.at(count, _clipped(starts, rows), 1)
    np.add.at(count, _clipped(np.maximum(ends, starts), rows), -1)
    out: Flags = np.cumsum(count[:rows]) > 0
    return out


def like_reference(
    levels: npt.NDArray[np.uint8],
    glyphs: tuple[npt.NDArray[np.float64], Flags, Pixels, Pixels],
    reference_levels: npt.NDArray[np.uint8],
    reference_glyphs: tuple[npt.NDArray[np.float64], Flags, Pixels, Pixels],
    *,
    reference_keys: npt.NDArray[np.int64] | None = None,
) -> Matched:
    """Which glyphs of a page are judged as the reference page judges them (see the
    module). ``glyphs``: the page's boxes (n x 4, points), whether each paints nothing,
    and the first and past-the-last pixel rows of each box grown by the contrast's
    margin; ``reference_glyphs`` the same of the reference's; ``reference_keys``: their
    :func:`glyph_keys`, when kept with the reference (made here otherwise). The caller
    checks that the pages have the same size and that rows map to points alike on both."""
    boxes, invisible, top, bottom = glyphs
    ref_boxes, ref_invisible, ref_top, ref_bottom = reference_glyphs
    n = boxes.shape[0]
    nothing = Matched(np.zeros(n, bool), np.zeros(n, np.intp))
    if levels.shape != reference_levels.shape or n == 0 or ref_boxes.shape[0] == 0:
        return nothing
    if reference_keys is None:
        reference_keys = glyph_keys(ref_boxes, ref_invisible)
    start, size = _block(glyph_keys(boxes, invisible), reference_keys)
    if size == 0:
        return nothing
    rows = levels.shape[0]
    # the glyphs of both pages: a run that both have, in the same order, and the others;
    # dirty are the rows where the pixels differ and those that any of the others (of
    # either page) touches: near the rest, both pages have the same boxes (a glyph of
    # the run with the box of one of the others has its rows, and is judged anew)
    others = np.ones(n, bool)
    others[start : start + size] = False
    dirty = rows_apart(levels, reference_levels)
    apart = others.nonzero()[0]  # (taken by position: the elements the mask selects)
    dirty |= _marked(rows, top.take(apart), bottom.take(apart))
    dirty |= _marked(rows, ref_top[size:], ref_bottom[size:])
    before = np.concatenate(([0], np.cumsum(dirty)))
    low = _clipped(top - REACH, rows)
    high = np.maximum(_clipped(bottom + REACH, rows), low)
    same = ~others & (before[high] == before[low])
    return Matched(same, np.where(same, np.arange(n) - start, 0))
