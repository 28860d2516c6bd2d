"""A value typed a little high: the tops of its letters above its box.

A value typed over the page with a viewer's text tool (Fill & Sign, Preview) and baked
into it stands where the speaker put the note, often a little high: its baseline in the
box, the tops of its capitals and ascenders a few points above the box's top (review
rev26: "Siobhan O'Brien-Nunez" typed 3 pt high, whose "O'B" reached 2.4 pt past the
box's top, was ``page-differs``: "ink the form does not have"). That ink is the value's
own letters, read as the box's value: it is not foreign ink. A place of ink the form
does not have just above a text value box is the value's overhang when every pixel of
ink it has lies inside the tight box of a glyph read in that box (its middle in the box,
its top at most :data:`MAX_OVERHANG` above it, its bottom not below the box), and the
place holds none of the form's own ink (it reaches no wording). A mark painted beside
the letters (an acute drawn above the "a" of "Han", a dot beside a letter) lies outside
every glyph's box and stays ``page-differs`` (tests/test_marks_beside.py), as does a
value's glyph reaching into the wording above.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ..pdf.rendering import CHANGE, Box, Rendered

__all__ = ["MAX_OVERHANG", "overhang"]

MAX_OVERHANG = 4.0
"""Points a value's glyph may reach above its box's top (a 10 pt value typed 3 pt high
reaches 2.4 pt)."""
EDGE = 1
"""Pixels around a glyph's tight box its anti-aliased edge may ink."""
INK = CHANGE
"""Ink (of 255) over the form's that a pixel must have to count as drawn there."""
TALL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789bdfhklt'\"!?&%$#@ß")
"""Characters whose glyph reaches the height of capitals and ascenders: the only ones
that may overhang a box whose other letters stand in it."""
SHORT = frozenset("acemnorsuvwxz")
"""Letters of the x-height alone, whose glyphs measure how tall a capital may be."""
CAPITAL = 1.6
"""How much taller than the value's x-height letters a capital or ascender may be: 1.41
in Helvetica (with the "O"'s overshoot), 1.52 in Times; a circumflex or acute over a
capital (a glyph drawing "Ĥ" read as "H") 1.7 and more."""
ACCENTED = 1.9
"""The same for a letter whose text has an accent ("Á", "é"): the accent is its own."""
LIKE = 1.15
"""Without x-height letters (a date in digits, capitals alone), how much taller than the
median of the value's capitals and digits one may be."""


def _tall(
    chars: str, boxes: npt.NDArray[np.float64], read: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Which glyphs are as tall as their characters may be, measured against the other
    glyphs ``read`` in the box (see :data:`CAPITAL`): only those may overhang. A glyph
    that reads as a short letter, or is taller than its kind (a capital drawn with an
    accent its text does not have), may not."""
    heights = boxes[:, 3] - boxes[:, 1]
    index = np.flatnonzero(read).tolist()
    short = [heights[i] for i in index if chars[i] in SHORT]
    plain = [heights[i] for i in index if chars[i] in TALL and chars[i].isalnum()]
    out = np.zeros(len(chars), bool)
    for i in index:
        char = chars[i]
        accented = len(unicodedata.normalize("NFD", char)) > 1 and char.isalpha()
        if char not in TALL and not accented:
            continue
        if short:
            limit = float(np.median(short)) * (ACCENTED if accented else CAPITAL)
        elif len(plain) > 1 and not accented:
            limit = float(np.median(plain)) * LIKE
        else:
            continue  # nothing to measure it by
        out[i] = heights[i] <= limit
    return out


def overhang(
    shown: Rendered,
    form_page: Rendered,
    place: tuple[int, int, int, int],
    boxes: Sequence[Box],
    margin: float,
) -> bool:
    """Whether the ``place`` (pixel rows and columns ``y0, y1, x0, x1``) of ink the form
    does not have is the overhang of a value read in one of the text value ``boxes``
    (see the module); ``margin``: pixels around each box already taken as its own."""
    y0, y1, x0, x1 = place
    left, bottom, right, top = shown.points(y0, y1, x0, x1)
    form_ink = form_page.seen[y0:y1, x0:x1]
    if form_ink.size == 0 or int(form_ink.max()) >= INK:
        return False  # the place reaches the form's own ink
    glyphs = shown.glyphs
    if not len(glyphs):
        return False
    for box in boxes:
        b_left, b_bottom, b_right, b_top = box
        if not (b_left - margin <= left and right <= b_right + margin):
            continue
        if not (b_top <= bottom + margin + 1 and top <= b_top + MAX_OVERHANG + margin + 2):
            continue  # not just above this box
        g = glyphs.boxes
        middle_x, middle_y = (g[:, 0] + g[:, 2]) / 2, (g[:, 1] + g[:, 3]) / 2
        read = (
            ~glyphs.invisible
            & (b_left <= middle_x)
            & (middle_x <= b_right)
            & (b_bottom <= middle_y)
            & (middle_y <= b_top)
            & (g[:, 1] >= b_bottom - 1)
            & (g[:, 3] > b_top)
            & (g[:, 3] <= b_top + MAX_OVERHANG)
        )
        read &= _tall(glyphs.chars, g, read)
        if not read.any():
            continue
        ink = shown.seen[y0:y1, x0:x1].astype(np.int16) - form_ink.astype(np.int16)
        covered = np.zeros(ink.shape, bool)
        gy0, gy1, gx0, gx1 = shown.pixel_boxes(g[read], margin=EDGE)
        for a, b, c, d in zip(gy0.tolist(), gy1.tolist(), gx0.tolist(), gx1.tolist(), strict=True):
            covered[max(a, y0) - y0 : max(0, b - y0), max(c, x0) - x0 : max(0, d - x0)] = True
        if not (ink[~covered] >= INK).any():
            return True
    return False
