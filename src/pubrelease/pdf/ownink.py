"""Whether each glyph shows ink of its own: the pixels no other glyph's box touches.

A glyph's contrast (:func:`.rendering.hidden_glyphs`) is measured over its box grown by
a margin, which at 72 dpi reaches the ink of the letters beside it and of the line the
value is written on. A letter drawn white inside a word drawn black ("Han" whose "a" is
white) then has contrast from its neighbours and passes for shown, while the text layer
reads it. So a glyph must also show ink on its *own* pixels: those its box touches and
no other visible glyph's box touches, and that are no part of a rule (a thin horizontal
line longer than any stroke of text: a field's underline, a table's rule, which a
descender crosses). Where a glyph has room of its own (a square of :data:`ROOM` pixels)
and no pixel there is darker than one beside it by the contrast a glyph needs, nothing
of it shows.

Glyphs whose boxes overlap others almost whole (marks over their bases, joined Arabic
letters, ligatures whose characters share one box, text drawn twice for boldness) have
no such room and are judged by their contrast alone, as before; so are narrow glyphs
(see :data:`ROOM`). Vertical lines are not taken out: a white letter crossed by one
shows ink of its own. Every pixel measure here is sized in points for renders at 72 dpi
(a pixel a point).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .inkcompare import clip_to as _clipped
from .inkcompare import opencv
from .scratch import scratch

__all__ = [
    "ROOM",
    "RULE",
    "RULE_INK",
    "RULE_LENGTH",
    "own_ink",
    "rectangle_sums",
    "rules",
    "scratch",
]

RULE_LENGTH = 24
"""Pixels (24 pt) a straight run of ink spans across to be a rule: longer than a stroke
of text up to headings of about 30 pt (the bar of a "T", an em dash), shorter than a
field's underline (60 pt and more) or a table's border."""
RULE = 2
"""Rows (2 pt) above and below a rule's pixel of which one at least is not of as long a
run: rules are at most 4 pt thick; thicker runs (a field's shaded background, a banner
under a heading) are areas that glyphs stand on, not lines through them."""
RULE_INK = 8
"""Ink (of 255) of a rule's pixel for it to be no glyph's own: a grey underline of
0.5 pt spread over two rows has 50 to 80 on each."""
ROOM = 3
"""Side (pixels, 3 pt) of the square of own pixels a glyph needs to be judged by its own
ink. At 72 dpi PDFium draws a small glyph of a font it substitutes (Helvetica not
embedded) up to two pixels beside its box: a comma, a period, an "I" whose box touches
two columns would have no ink of its own with a smaller square (2 pt flagged 2,400
glyphs of the corpus, 3 pt none), while a letter of 9 pt between two others keeps a
square of 3 pixels ("a", "u", "y", "g", "B" at 9 to 11 pt, the cases of the tests)."""

Mask = npt.NDArray[np.bool_]
Levels = npt.NDArray[np.uint8]
Table = npt.NDArray[np.int32]
Pixels = npt.NDArray[np.int64]

_ACROSS = np.ones((1, RULE_LENGTH), np.uint8)
_ROOM = np.ones((ROOM, ROOM), np.uint8)


def rules(levels: Levels, out: Levels | None = None) -> Levels:
    """The ink of the rules of ``levels`` (ink bytes, 0 white): runs across of at least
    :data:`RULE_LENGTH` pixels whose level :data:`RULE` rows above or below is less.
    Written into ``out`` when given."""
    cv2 = opencv()
    shape = rows, _ = levels.shape
    run = cv2.dilate(
        cv2.erode(levels, _ACROSS, dst=scratch("eroded", shape, np.uint8)),
        _ACROSS,
        dst=scratch("run", shape, np.uint8),
    )
    around = scratch("around", shape, np.uint8)
    around.fill(0)  # rows within RULE of an edge: no row on that side to compare with
    if rows > 2 * RULE:
        cv2.min(run[: rows - 2 * RULE], run[2 * RULE :], dst=around[RULE : rows - RULE])
    result: Levels = cv2.subtract(run, around, dst=out)
    return result


def rectangle_sums(table: Table, y0: Pixels, y1: Pixels, x0: Pixels, x1: Pixels) -> Pixels:
    """The sum of each rectangle ``[y0:y1, x0:x1]`` from a summed-area ``table``: its four
    corners, taken from the table as one row (a flat take: a third of the time of
    indexing rows and columns)."""
    flat, wide = table.ravel(), table.shape[1]
    top, bottom = y0 * wide, y1 * wide
    out: Pixels = (
        flat.take(bottom + x1) - flat.take(top + x1) - flat.take(bottom + x0) + flat.take(top + x0)
    )
    return out


def _one_box(shape: tuple[int, int], boxes: tuple[Pixels, ...]) -> Levels:
    """255 where exactly one of ``boxes`` touches a pixel (0 elsewhere): their count per
    pixel, as +1 and -1 at their corners summed."""
    cv2 = opencv()
    rows, cols = shape
    y0, y1, x0, x1 = boxes
    wide = cols + 1
    at = np.concatenate((y0 * wide + x0, y1 * wide + x1, y0 * wide + x1, y1 * wide + x0))
    signs = np.repeat(np.array([1, -1], np.float32), 2 * y0.size)
    corners = scratch("corners", ((rows + 1) * wide,), np.float32)  # zero outside a call
    table = scratch("cover", (rows + 2, wide + 1), np.float32)
    try:
        np.add.at(corners, at, signs)
        cv2.integral(corners.reshape(rows + 1, wide), sum=table, sdepth=cv2.CV_32F)
    finally:
        corners[at] = 0  # zero again for the next page (cheaper than clearing it all)
    count = table[1 : rows + 1, 1 : cols + 1]
    # (whole numbers, summed exactly as floats: one is what 0.5 <= count <= 1.5 takes, in
    # half the time of inRange)
    out: Levels = cv2.compare(count, 1.0, cv2.CMP_EQ, dst=scratch("one", shape, np.uint8))
    return out


def own_ink(
    levels: Levels,
    darker: Levels,
    boxes: tuple[Pixels, ...],
    windows: tuple[Pixels, ...],
    visible: Mask,
    threshold: int,
) -> tuple[Mask, Mask, Mask]:
    """Per glyph: whether it has room of its own (:data:`ROOM`); whether one of its own
    pixels is at least ``threshold`` darker than the lightest pixel beside it; and
    whether such a pixel's 3 x 3 square lies inside its window (its centre one pixel in
    from each side), which proves the window's contrast at least ``threshold``.

    ``darker``: each pixel of ``levels`` less the least of its 3 x 3 square; ``boxes``:
    the pixel rows and columns ``(y0, y1, x0, x1)`` each glyph's box touches (no margin),
    ``windows`` those of its box grown by a margin (containing ``boxes``);
    ``visible``: the glyphs that paint (the others' boxes take no pixel from anyone).
    Masks are bytes (255 set), made with OpenCV into buffers kept from page to page, on
    the band of rows the boxes span (and :data:`RULE` rows more for the rules)."""
    cv2 = opencv()
    height, cols = levels.shape
    # boxes off the page (partly or whole) clipped to it: the corners stay on their rows
    y0, y1 = _clipped(boxes[0], height), _clipped(boxes[1], height)
    x0, x1 = _clipped(boxes[2], cols), _clipped(boxes[3], cols)
    top = max(0, int(y0.min()) - RULE)
    bottom = min(height, int(y1.max()) + RULE)
    levels, darker = levels[top:bottom], darker[top:bottom]
    y0, y1 = y0 - top, y1 - top
    wy0, wy1, wx0, wx1 = windows[0] - top, windows[1] - top, windows[2], windows[3]
    shape = rows, cols = levels.shape
    painting = visible.nonzero()[0]  # (taken by position: the elements the mask selects)
    own = _one_box(
        shape, (y0.take(painting), y1.take(painting), x0.take(painting), x1.take(painting))
    )
    ruled = rules(levels, scratch("rules", shape, np.uint8))
    cv2.bitwise_and(own, cv2.compare(ruled, RULE_INK, cv2.CMP_LT, dst=ruled), dst=own)
    inked = cv2.compare(darker, threshold, cv2.CMP_GE, dst=scratch("inked", shape, np.uint8))
    cv2.bitwise_and(inked, own, dst=inked)
    # centres of squares of ROOM own pixels (the square wholly inside the glyph's box)
    inner = cv2.erode(own, _ROOM, dst=scratch("inner", shape, np.uint8), borderValue=0)
    tables = (rows + 1, cols + 1)
    counted = cv2.integral(inked, sum=scratch("own", tables, np.int32))
    shows = rectangle_sums(counted, y0, y1, x0, x1) > 0
    a, b = _clipped(wy0 + 1, rows), _clipped(np.maximum(wy1 - 1, wy0 + 1), rows)
    c, d = _clipped(wx0 + 1, cols), _clipped(np.maximum(wx1 - 1, wx0 + 1), cols)
    proven = rectangle_sums(counted, a, b, c, d) > 0
    half, rest = ROOM // 2, ROOM - 1 - ROOM // 2  # the square: centre - half .. centre + rest
    a, b = np.minimum(y0 + half, rows), np.minimum(np.maximum(y1 - rest, y0 + half), rows)
    c, d = np.minimum(x0 + half, cols), np.minimum(np.maximum(x1 - rest, x0 + half), cols)
    squares = cv2.integral(inner, sum=scratch("room", tables, np.int32))
    room = rectangle_sums(squares, a, b, c, d) > 0
    return room, shows, proven
