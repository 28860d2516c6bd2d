"""A value typed a little high: the tops of its letters above its box.

A value typed over the page with a viewer's text tool (Fill & Sign, Preview) and baked
into it stands where the speaker put the note, often a little high: its baseline in the
box, the tops of its capitals and ascenders a few points above the box's top (review
rev26: "Siobhan O'Brien-Nunez" typed 3 pt high, whose "O'B" reached 2.4 pt past the
box's top, was ``page-differs``: "ink the form does not have"). That ink is the value's
own letters, read as the box's value: it is not foreign ink. A place of ink the form
does not have just above a text value box is the value's overhang when every pixel of
ink it has lies inside the tight box of a glyph read in that box (its middle in the box,
its top at most :data:`MAX_OVERHANG` above it, its bottom not below the box), and none
of those glyphs reaches the form's own ink (its wording). A mark painted beside
the letters (an acute drawn above the "a" of "Han", a dot beside a letter) lies outside
every glyph's box and stays ``page-differs`` (tests/test_marks_beside.py), as does a
value's glyph reaching into the wording above.

A value typed higher still, its baseline just under the box's top (its middle above the
box: the page's text reads it with the box, :mod:`..pdf.textlines`), sits on the box: its
glyphs whose bottom stands :data:`SITTING` points or more under the box's top may reach
up to :data:`MAX_HIGH` above it, its x-height letters too (no taller than an ascender),
as long as the ink reaches none of the form's own. A value on the box's top line or
above it (review rev26's "capitals 7 pt above the box") stays foreign ink.
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
SITTING = 1.5
"""Points under its box's top a glyph's bottom must stand for the glyph to sit on the box
when its middle is above it (a capital's bottom is its baseline)."""
MAX_HIGH = 7.5
"""Points a glyph sitting on its box may reach above the box's top (a 10 pt capital with
its baseline 1.9 pt under the top reaches 5.3, an accented one 7)."""
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
    chars: str,
    boxes: npt.NDArray[np.float64],
    read: npt.NDArray[np.bool_],
    sitting: npt.NDArray[np.bool_],
    value: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Which glyphs are as tall as their characters may be, measured against the other
    glyphs ``read`` in the box (see :data:`CAPITAL`): only those may overhang. A glyph
    that reads as a short letter, or is taller than its kind (a capital drawn with an
    accent its text does not have), may not; but any glyph ``sitting`` on the box (see
    the module) no taller than an ascender may: :data:`CAPITAL` times the x-height of
    the short letters of the ``value`` (every glyph read in the box)."""
    heights = boxes[:, 3] - boxes[:, 1]
    index = np.flatnonzero(read).tolist()
    short = [heights[i] for i in index if chars[i] in SHORT]
    plain = [heights[i] for i in index if chars[i] in TALL and chars[i].isalnum()]
    x_height = [heights[i] for i in np.flatnonzero(value).tolist() if chars[i] in SHORT]
    out = np.zeros(len(chars), bool)
    for i in index:
        char = chars[i]
        accented = len(unicodedata.normalize("NFD", char)) > 1 and char.isalpha()
        if char not in TALL and not accented:
            if sitting[i] and x_height:
                out[i] = heights[i] <= float(np.median(x_height)) * CAPITAL
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
    if form_ink.size == 0:
        return False
    glyphs = shown.glyphs
    if not len(glyphs):
        return False
    for box in boxes:
        b_left, b_bottom, b_right, b_top = box
        if not (b_left - margin <= left and right <= b_right + margin):
            continue
        if not (b_top <= bottom + margin + 1 and top <= b_top + MAX_HIGH + margin + 2):
            continue  # not just above this box
        g = glyphs.boxes
        middle_x, middle_y = (g[:, 0] + g[:, 2]) / 2, (g[:, 1] + g[:, 3]) / 2
        value = (
            ~glyphs.invisible
            & (b_left <= middle_x)
            & (middle_x <= b_right)
            & (g[:, 1] >= b_bottom - 1)
            & ((middle_y <= b_top) | (g[:, 1] <= b_top - SITTING))
        )
        inside = (b_bottom <= middle_y) & (middle_y <= b_top) & (g[:, 3] <= b_top + MAX_OVERHANG)
        sitting = (g[:, 1] <= b_top - SITTING) & (g[:, 3] <= b_top + MAX_HIGH)
        read = value & (g[:, 3] > b_top) & (inside | sitting)
        read &= _tall(glyphs.chars, g, read, sitting, value)
        if not read.any():
            continue
        if (form_ink[_pixels(shown, g[read], place, 0)] >= INK).any():
            continue  # the value's letters reach the form's own ink (its wording, a rule)
        letters = _pixels(shown, g[read], place, EDGE)
        ink = shown.seen[y0:y1, x0:x1].astype(np.int16) - form_ink.astype(np.int16)
        # beside the letters, inside the value boxes: a value's ink, judged there (the
        # descenders of the value above, which the place's rectangle may reach)
        covered = letters | _pixels(shown, np.array(boxes, np.float64), place, 0)
        if not (ink[~covered] >= INK).any():
            return True
    return False


def _pixels(
    shown: Rendered, boxes: npt.NDArray[np.float64], place: tuple[int, int, int, int], edge: int
) -> npt.NDArray[np.bool_]:
    """Which pixels of ``place`` lie in one of ``boxes`` (in points) grown by ``edge``."""
    y0, y1, x0, x1 = place
    out = np.zeros((y1 - y0, x1 - x0), bool)
    gy0, gy1, gx0, gx1 = shown.pixel_boxes(boxes, margin=edge)
    for a, b, c, d in zip(gy0.tolist(), gy1.tolist(), gx0.tolist(), gx1.tolist(), strict=True):
        out[max(a, y0) - y0 : max(0, b - y0), max(c, x0) - x0 : max(0, d - x0)] = True
    return out
