"""A closer look at glyphs that a render at 72 dpi takes for hidden.

:func:`.rendering.hidden_glyphs` judges every glyph on a render of a pixel a point. A
letter of a light face at a small size (Noto Sans Hebrew's default instance at 6 pt, as
pdf-lib embeds it) has strokes thinner than a pixel: each pixel of its own holds 30 to 40
of 255 of ink, short of the contrast a glyph must show, and the letter, plain on the
screen, is reported as text a viewer does not show.

Such a glyph is rendered again at :data:`CLOSER_DPI` and judged by the same rule, on the
same pixels: its own (its box grown by the margin, no other visible glyph's box, no
rule's), where ink must stand out from the lightest pixel beside it by the contrast a
glyph needs. A thin stroke covers whole pixels there; text drawn white, covered, clipped,
in a hidden layer or in a grey too faint to read shows no more ink at four times the
resolution than at one, and stays hidden. Only the few glyphs judged hidden are looked at
again, so a page without them costs nothing more.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .glyphtable import Glyph, GlyphTable
from .inkcompare import _cv2
from .ownink import ROOM, RULE_INK, rules
from .rendering import (
    CONTRAST,
    GLYPH_MARGIN,
    SCALE,
    Box,
    Rendered,
    ViewMode,
    render_closeups,
)

__all__ = ["CLOSER_DPI", "shown_closer"]

CLOSER_DPI = 288.0
"""Resolution of the second look: four pixels a point, where a stroke of 0.3 pt (a light
face at 6 pt) covers a pixel whole."""
INK_AREA = 0.5
"""Area (pt²) of own pixels that must stand out by :data:`.rendering.CONTRAST` for a
glyph to show at the closer look: half a point square, eight pixels at 288 dpi. At 72
dpi one such pixel (a point square) suffices; a speck smaller than half a point square
does not make a letter seen."""

_NEAR = np.ones((3, 3), np.uint8)


def shown_closer(data: bytes, page: Rendered, hidden: Sequence[Glyph]) -> list[bool]:
    """For each glyph of ``hidden`` (glyphs of ``page``, a render of ``data`` at 72 dpi,
    that :func:`.rendering.hidden_glyphs` judged hidden), whether the closer look shows it
    (see the module). Glyphs drawn invisibly (render mode 3, no fill) stay hidden."""
    looked = [g for g in hidden if not g.invisible]
    if not looked:
        return [False] * len(hidden)
    grown = [_grown(g.box) for g in looked]
    closeups = render_closeups(data, ViewMode.SCREEN, {page.page: grown}, dpi=CLOSER_DPI)
    images = [c.image for c in closeups.get(page.page, [])]
    if len(images) != len(looked):
        return [False] * len(hidden)
    ruled = _rules_around(page, grown)
    verdict = {
        id(glyph): _shows(glyph, box, image, page.glyphs, ruled)
        for glyph, box, image in zip(looked, grown, images, strict=True)
    }
    return [verdict.get(id(g), False) for g in hidden]


def _grown(box: Box) -> Box:
    margin = GLYPH_MARGIN / SCALE
    left, bottom, right, top = box
    return (left - margin, bottom - margin, right + margin, top + margin)


def _rules_around(page: Rendered, boxes: list[Box]) -> npt.NDArray[np.float64]:
    """The rules' pixels (at 72 dpi) near ``boxes``, as boxes in points (n x 4): the ink
    of a field's underline that a descender crosses is no glyph's own at any resolution."""
    found: list[Box] = []
    levels = page.levels
    for box in boxes:
        y0, y1, x0, x1 = page.pixels(box, margin=8)
        band = np.ascontiguousarray(levels[y0:y1])
        if band.size == 0:
            continue
        ink = rules(band)
        rows, cols = np.nonzero(ink[:, x0:x1] >= RULE_INK)
        for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
            top = page.height - (y0 + row) / SCALE
            left = (x0 + col) / SCALE
            found.append((left, top - 1 / SCALE, left + 1 / SCALE, top))
    return np.array(found, np.float64).reshape(-1, 4)


def _shows(
    glyph: Glyph,
    box: Box,
    image: npt.NDArray[np.uint8],
    glyphs: GlyphTable,
    ruled: npt.NDArray[np.float64],
) -> bool:
    scale = CLOSER_DPI / 72
    rows, cols = image.shape
    left, _, _, top = box
    own = np.ones((rows, cols), bool)

    def clear(other: npt.NDArray[np.float64], pad: int) -> None:
        # the pixels of the closeup that a box (points) touches, grown by ``pad`` pixels
        o_left, o_bottom, o_right, o_top = other.tolist()
        y0 = max(0, int(np.floor((top - o_top) * scale)) - pad)
        y1 = min(rows, int(np.ceil((top - o_bottom) * scale)) + pad)
        x0 = max(0, int(np.floor((o_left - left) * scale)) - pad)
        x1 = min(cols, int(np.ceil((o_right - left) * scale)) + pad)
        if y0 < y1 and x0 < x1:
            own[y0:y1, x0:x1] = False

    others = _touching(glyphs.boxes[~glyphs.invisible], box, glyph.box)
    lines = _touching(ruled, box)
    for other in others:  # the ink another glyph may draw just beside its box: half a point
        clear(other, 2)
    for other in lines:
        clear(other, 1)
    if own.sum() < (ROOM * scale) ** 2:  # no room of its own: judged on the whole box
        own = np.ones((rows, cols), bool)
        for other in lines:
            clear(other, 1)
    ink = np.subtract(255, image, dtype=np.uint8)
    darker = _cv2().subtract(ink, _cv2().erode(ink, _NEAR))
    standing = int(np.count_nonzero(darker[own] >= CONTRAST))
    return standing >= INK_AREA * scale * scale


def _touching(
    boxes: npt.NDArray[np.float64], box: Box, itself: Box | None = None
) -> list[npt.NDArray[np.float64]]:
    """The rows of ``boxes`` (n x 4, points) that touch ``box``; the first that is
    ``itself`` left out (a glyph drawn twice keeps its twin)."""
    left, bottom, right, top = box
    near = (
        (boxes[:, 0] < right) & (boxes[:, 2] > left) & (boxes[:, 1] < top) & (boxes[:, 3] > bottom)
    )
    if itself is not None:
        same = np.flatnonzero(np.all(boxes == np.asarray(itself, np.float64), axis=1))
        if same.size:
            near[int(same[0])] = False
    return [boxes[i] for i in np.flatnonzero(near).tolist()]
