"""Pen ink on a registered page: what the picture shows that the printed form does not.

The picture, warped into the template's frame, is compared with the template's own
rendering: *added* ink is dark in the picture where the template is blank (ticks,
signatures, handwriting, a pen stroke across a clause), *removed* ink is printed
on the template but gone from the picture (white-out). The printed box outlines
and lines are masked out before a box or a signature line is judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from ...pdf.marks import Mark

__all__ = ["Ink", "box_mark", "ink_in", "strokes"]

INK = 150
"""Grey level below which a pixel of the (light-evened) picture counts as ink."""
CHECKED = 0.06
"""Share of a box's inside covered by pen ink from which it is checked."""
EMPTY = 0.015
"""Share at or below which it is empty; between the two it is undecided."""
COMPACT = 8
"""Ink pixels per pixel of a line's height from which short writing signs (a few letters)."""


@dataclass(frozen=True, slots=True)
class Ink:
    """The ink of one registered page, as boolean masks in the template's frame."""

    dark: Any
    """Ink in the picture, specks removed."""
    added: Any
    """Ink in the picture where the template prints nothing (near its printing excluded)."""
    removed: Any
    """The template's printing with no ink of the picture near it."""
    printed: Any
    """The template's own printing (grown by a pixel), to mask out of value crops."""

    @classmethod
    def of(cls, picture: Any, template: Any) -> Ink:
        dark = (picture < INK).astype(np.uint8)
        dark = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # specks
        printed = (template < 200).astype(np.uint8)
        near_print = cv2.dilate(printed, np.ones((7, 7), np.uint8)) > 0
        near_ink = cv2.dilate(dark, np.ones((7, 7), np.uint8)) > 0
        return cls(
            dark=dark > 0,
            added=(dark > 0) & ~near_print,
            removed=(template < 100) & ~near_ink,
            printed=cv2.dilate(printed, np.ones((3, 3), np.uint8)) > 0,
        )


Pixels = tuple[int, int, int, int]
"""``(left, top, right, bottom)`` in pixels of the template's frame."""


def _area(mask: Any, box: Pixels) -> Any:
    left, top, right, bottom = box
    return mask[max(top, 0) : max(bottom, 0), max(left, 0) : max(right, 0)]


def _without_outline(region: Any, box: Pixels, origin: tuple[int, int]) -> Any:
    """``region`` with the rows and columns of a box's outline cleared (near its edges),
    with a pixel either side of each, then specks opened away."""
    left, top, right, bottom = box
    ox, oy = origin
    width, height = right - left, bottom - top
    rows = region.sum(axis=1)
    columns = region.sum(axis=0)
    band_y, band_x = max(height // 3, 2), max(width // 3, 2)
    out = region.copy()
    for y in range(out.shape[0]):
        near_edge = abs(y + oy - top) <= band_y or abs(y + oy - bottom) <= band_y
        if near_edge and rows[y] >= 0.5 * width:
            out[max(y - 1, 0) : y + 2] = False
    for x in range(out.shape[1]):
        near_edge = abs(x + ox - left) <= band_x or abs(x + ox - right) <= band_x
        if near_edge and columns[x] >= 0.5 * height:
            out[:, max(x - 1, 0) : x + 2] = False
    opened = cv2.morphologyEx(out.astype(np.uint8), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    return opened > 0


def box_mark(ink: Ink, box: Pixels) -> tuple[Mark, float]:
    """Whether a printed checkbox carries pen ink: a check, an X, a fill, a stroke through it.

    The box's printed outline, as the picture shows it (whichever program printed
    it), is removed first: long rows and columns of ink along its edges. The share
    of the box's inside covered by the ink left is returned with the verdict.
    """
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    if width <= 4 or height <= 4:
        return Mark.ABSENT, 0.0
    grow_x, grow_y = width // 5, height // 5
    outer = (left - grow_x, top - grow_y, right + grow_x, bottom + grow_y)
    inset_x, inset_y = width // 5, height // 5
    inner_box = (left + inset_x, top + inset_y, right - inset_x, bottom - inset_y)
    if float(_area(ink.dark, inner_box).mean()) >= 0.5:
        return Mark.CHECKED, 1.0  # a filled box
    cleared = _without_outline(_area(ink.dark, outer), box, (outer[0], outer[1]))
    x0, y0 = inner_box[0] - outer[0], inner_box[1] - outer[1]
    x1, y1 = x0 + inner_box[2] - inner_box[0], y0 + inner_box[3] - inner_box[1]
    inside = cleared[y0:y1, x0:x1]
    share = float(inside.mean()) if inside.size else 0.0
    if share >= CHECKED:
        return Mark.CHECKED, share
    if share <= EMPTY:
        return Mark.EMPTY, share
    return Mark.UNSURE, share


def ink_in(
    ink: Ink, box: Pixels, *, exclude: tuple[Pixels, ...] = (), line: int = 0
) -> tuple[bool, float]:
    """Whether pen ink (handwriting, a pasted signature) lies in ``box``, minus ``exclude``.

    True when the ink is more than a speck: a stroke at least an eighth of the box wide,
    or (given the height in pixels of a ``line`` of writing) ink as dense as a few letters,
    at least half a line tall and a line and a half long: a short signature in a compact
    script ("王小明", "שרה לוי"), typed or written small. Slivers a pixel thin, which
    registration leaves beside the printed lines, are not ink. The second value is the
    inked share of the box's columns (0..1).
    """
    left, top = box[0], box[1]
    region = _area(ink.added, box).copy()
    for other in exclude:
        ol, ot, orr, ob = other
        region[max(ot - top, 0) : max(ob - top, 0), max(ol - left, 0) : max(orr - left, 0)] = False
    if region.size == 0:
        return False, 0.0
    region = (
        cv2.morphologyEx(region.astype(np.uint8), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8)) > 0
    )
    columns = region.any(axis=0)
    share = float(columns.sum()) / max(region.shape[1], 1)
    pixels = int(region.sum())
    if share >= 0.12 and pixels >= 80:
        return True, share
    if line <= 0 or pixels < COMPACT * line:
        return False, share
    inked_columns = np.flatnonzero(columns)
    inked_rows = np.flatnonzero(region.any(axis=1))
    long = inked_columns[-1] - inked_columns[0] + 1 >= 1.5 * line
    tall = inked_rows[-1] - inked_rows[0] + 1 >= 0.5 * line
    return bool(long and tall), share


def strokes(ink: Ink, box: Pixels) -> list[Pixels]:
    """Boxes of the connected pen strokes in ``box`` (in frame pixels), specks dropped."""
    left, top, _right, _bottom = box
    region = _area(ink.added, box).astype(np.uint8)
    if region.size == 0:
        return []
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
    out = []
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area >= 25:
            out.append((left + x, top + y, left + x + w, top + y + h))
    return out
