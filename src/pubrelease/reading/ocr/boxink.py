"""The ink a speaker put in a value box of a registered page, cut out for reading.

Handwriting is larger than the box and leans, so the window reaches above and below
the box; strokes are kept when their middle lies in the box's own band (a signature
above dipping into the date's line stays out). The form's printing is masked out
(the template's own ink), the box's outline as the scan shows it is removed by
morphology, and a pen stroke the mask cut where it crosses the printed line is
bridged again. What is left is the picture's own grey levels around those strokes,
cropped to them, on white.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from .ink import Ink
from .registration import FRAME_DPI

__all__ = ["box_ink"]

BRIDGE = 7
"""Pixels (in the frame) of a printed line a pen stroke is bridged across."""
MIN_INK = 30
"""Pixels of added ink in a box below which it is empty."""


def box_ink(image: Any, ink: Ink, box: tuple[int, int, int, int], lines: int) -> Any | None:
    """The crop of ``image`` (the registered page) holding the ink written in ``box``
    (frame pixels), or ``None`` when the box is empty."""
    left, top, right, bottom = box
    tall = (bottom - top) / max(lines, 1)  # one line's height
    pad = round(3 * FRAME_DPI / 72)
    area = (
        max(left - pad, 0),
        max(top - round(0.8 * tall), 0),
        right + pad,
        bottom + round(0.6 * tall),
    )
    window = (slice(area[1], area[3]), slice(area[0], area[2]))
    band = (top - area[1] - round(0.2 * tall), bottom - area[1] + round(0.25 * tall))
    inside = ink.added[top : bottom + pad // 2, area[0] : area[2]]
    if int(inside.sum()) < MIN_INK:
        return None
    # only the ink of the picture, not the paper's texture or the printed line under it
    dark, printed = ink.dark[window], ink.printed[window]
    edges = (left - area[0], right - area[0], top - area[1], bottom - area[1])
    pen = (dark & ~printed & ~_ruled(dark, edges, tall)).astype(np.uint8)
    # a stroke crossing the printed line is cut by the mask: bridge it where ink
    # stands both above and below the line
    bridged = cv2.morphologyEx(pen, cv2.MORPH_CLOSE, np.ones((BRIDGE, 1), np.uint8)) > 0
    keep = _own_strokes((pen > 0) | (bridged & dark & printed), band)
    near = cv2.dilate(keep.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0  # soft edges kept
    crop = np.where(near, image[window], 255).astype(np.uint8)
    columns = np.flatnonzero(keep.any(axis=0))
    if columns.size == 0:
        return None
    rows = np.flatnonzero(keep.any(axis=1))
    return crop[
        max(int(rows[0]) - pad, 0) : int(rows[-1]) + pad,
        max(int(columns[0]) - pad, 0) : int(columns[-1]) + pad,
    ]


def _ruled(dark: Any, edges: tuple[int, int, int, int], line: float) -> Any:
    """The ruled lines of a box as the picture shows them (its outline, the line under
    it), found by morphology: horizontal runs of ink three lines of writing long
    anywhere, shorter ones (a thin outline the scan broke up) along the box's top and
    bottom edges, and vertical runs as tall as the box along its left and right edges.
    A little grown, so that what registration left beside the template's mask goes too."""
    left, right, top, bottom = edges
    ink = dark.astype(np.uint8)
    reach = round(2 * FRAME_DPI / 72)
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(round(3 * line), 40)), np.uint8))
    pieces = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, 3 * reach), np.uint8))
    upright = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, np.ones((max(round(0.9 * (bottom - top)), 12), 1), np.uint8)
    )
    rows = np.zeros_like(ink)
    columns = np.zeros_like(ink)
    for edge in (top, bottom):
        rows[max(edge - reach, 0) : edge + reach] = 1
    for edge in (left, right):
        columns[:, max(edge - 2 * reach, 0) : edge + 2 * reach] = 1
    lines = across | (pieces & rows) | (upright & columns)
    return cv2.dilate(lines, np.ones((5, 5), np.uint8)) > 0


def _own_strokes(mask: Any, band: tuple[int, int]) -> Any:
    """``mask`` with only the strokes whose middle lies in the rows of ``band``: the
    box's writing, not something above or below it (a signature, the next line)."""
    _count, labels, stats, centroids = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    middle = centroids[:, 1]
    own = (middle >= band[0]) & (middle <= band[1])
    # slivers a pixel thin are what masking left of printed lines, never a pen's stroke
    own &= (stats[:, cv2.CC_STAT_HEIGHT] > 1) & (stats[:, cv2.CC_STAT_WIDTH] > 1)
    own[0] = False  # the background
    return own[labels]
