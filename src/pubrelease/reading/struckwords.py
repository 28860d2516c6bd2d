"""Lines drawn through the words of a return laid out by another system.

A return typeset by another system (reportlab, a web page printed by Chromium) is read
from its text; its pages are not compared with the form's, and what it draws besides its
text was looked at by nothing. A line struck through "I will not authorize the
publication ..." read ``valid``, its words all there in the text layer.

Honest layouts draw rules between lines and around boxes, underlines below the values'
baselines, squares for the answers: none runs through the middle of a line's letters.
So a path (a stroke, or a thin bar filled; on the page or in an annotation's
appearance, as a viewer shows the page) whose segments pass through the middle of
letters (:data:`MIDDLE` of each letter's own box, :data:`INSIDE` of its width) is a
line through the words, when it crosses :data:`LETTERS` letters or more: the finding
``drawn-over-text`` (warning: ``incomplete``, a person should look), quoting the words
and where they stand. What covers words whole is ``hidden-text`` already (.visual).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence

import numpy as np
import numpy.typing as npt

from ..pdf.glyphtable import GlyphTable
from ..pdf.loadedpages import LoadedPages
from ..pdf.pageobjects import page_objects
from ..pdf.rendering import Box, Rendered, ViewMode
from ..record import Finding, Severity

__all__ = ["struck_words"]

MIDDLE = 0.3
"""Of a letter's height, what is left out below and above its middle band."""
INSIDE = 0.2
"""Of a letter's width, what is left out on each side."""
SMALLEST = 2.0
"""Points a letter must stand tall to be looked at (dots and dashes are not)."""
LETTERS = 3
"""Letters a path must cross to be a line through words."""
MAX_PAGES = 50
"""Pages looked at, at most."""
MAX_QUOTED = 4
"""Places quoted in a finding, at most."""


def struck_words(
    pages: LoadedPages, screen: Sequence[Rendered], skip: Collection[int] = ()
) -> list[Finding]:
    """``drawn-over-text`` for each page of ``pages`` (a return laid out by another
    system; ``screen``: its pages rendered, with their glyphs) with paths drawn through
    its letters (see the module); ``skip``: pages (from 0) not looked at (an e-signing
    service's audit trail). Pages with annotations are flattened (for the screen)."""
    out = []
    for rendered in screen[:MAX_PAGES]:
        number, glyphs = rendered.page, rendered.glyphs
        if number in skip or number >= len(pages):
            continue
        letters, bands = _letters(glyphs)
        if not len(letters):
            continue
        bounds = (*bands[:, :2].min(axis=0).tolist(), *bands[:, 2:].max(axis=0).tolist())
        places: list[str] = []
        page = pages.flatten(number, ViewMode.SCREEN)  # (a line annotation drawn in)
        for drawn in page_objects(page, [], [bounds]):
            if drawn.font is not None or not drawn.outline or len(drawn.outline) < 2:
                continue
            left, bottom, right, top = drawn.box
            near = np.flatnonzero(
                (bands[:, 0] <= right)
                & (left <= bands[:, 2])
                & (bands[:, 1] <= top)
                & (bottom <= bands[:, 3])
            )
            if near.size < LETTERS:
                continue
            crossed = near[_crossed(drawn.outline, bands[near])]
            if crossed.size >= LETTERS:
                places.append(_quoted(glyphs, letters[crossed], drawn.box))
        if places:
            more = len(places) - MAX_QUOTED
            out.append(
                Finding(
                    "drawn-over-text",
                    Severity.WARNING,
                    f"page {number + 1}: a line is drawn through the words "
                    + "; ".join(places[:MAX_QUOTED])
                    + (f" (and {more} more places)" if more > 0 else "")
                    + ": struck through? a person should look at what the page shows there",
                )
            )
    return out


def _letters(glyphs: GlyphTable) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The rows of the page's letters and digits (``glyphs``) :data:`SMALLEST` tall or
    more, and the middle band of each one's box (left, bottom, right, top)."""
    if not len(glyphs):
        return np.zeros(0, np.int64), np.zeros((0, 4), np.float64)
    boxes = glyphs.boxes
    width, height = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    alnum = np.fromiter((c.isalnum() for c in glyphs.chars), bool, len(glyphs.chars))
    rows = np.flatnonzero(alnum & (height >= SMALLEST) & (width > 0))
    w, h = width[rows], height[rows]
    bands = np.stack(
        [
            boxes[rows, 0] + INSIDE * w,
            boxes[rows, 1] + MIDDLE * h,
            boxes[rows, 2] - INSIDE * w,
            boxes[rows, 3] - MIDDLE * h,
        ],
        axis=1,
    )
    return rows, bands


def _crossed(
    points: Sequence[tuple[float, float]], bands: npt.NDArray[np.float64]
) -> npt.NDArray[np.intp]:
    """The bands that a segment between two successive ``points`` passes through
    (Liang-Barsky, each segment against every band at once)."""
    hit = np.zeros(len(bands), bool)
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        dx, dy = x1 - x0, y1 - y0
        low, high = np.zeros(len(bands)), np.ones(len(bands))
        ok = np.ones(len(bands), bool)
        for p, q in (
            (-dx, x0 - bands[:, 0]),
            (dx, bands[:, 2] - x0),
            (-dy, y0 - bands[:, 1]),
            (dy, bands[:, 3] - y0),
        ):
            if p == 0:
                ok &= q >= 0
                continue
            t = q / p
            if p < 0:
                low = np.maximum(low, t)
            else:
                high = np.minimum(high, t)
        hit |= ok & (low <= high)
    return np.flatnonzero(hit)


def _quoted(glyphs: GlyphTable, crossed: npt.NDArray[np.int64], box: Box) -> str:
    """The words of the glyphs ``crossed`` (rows of ``glyphs``), and the drawing's box."""
    first, last = int(crossed.min()), int(crossed.max())
    text = "".join(
        (" " if glyphs.space_before[i] and i > first else "") + glyphs.chars[i]
        for i in range(first, last + 1)
    )
    if len(text) > 60:
        text = text[:59] + "…"
    left, bottom, right, top = (round(v) for v in box)
    return f"{text!r} at ({left}, {bottom})-({right}, {top}) pt"
