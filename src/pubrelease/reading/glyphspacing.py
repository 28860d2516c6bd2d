"""Glyphs that stand as far apart as their font sets them.

A value box drawn in a printer's new subset of a font we ship is vouched for by its
outlines (:mod:`..pdf.outlineproof`): each glyph is that font's own. Where the glyphs
stand is the content stream's (its ``TJ`` kerning) and the program's (a side bearing):
an "n" moved back onto the "r" before it shows "m" where "rn" is read ("Kern Byrne" as
"Kem Byme"), while every glyph is right and none covers a third of another
(:func:`.glyphorder.arranged`). So each glyph must stand at least as far from the one
before it on its line as the font sets the pair, kerned (HarfBuzz) or not, whichever is
nearer, less :data:`CLOSER` of an em: a printer keeps the positions of the file it
prints, and a program sets a value kerned or at the glyphs' own advances. The size is
taken from the two glyphs' own widths against the font's.
"""

from __future__ import annotations

import itertools
import unicodedata

from ..pdf.outlineproof import pair_gap
from ..pdf.rendering import Glyph

__all__ = ["CLOSER", "set_apart"]

CLOSER = 0.04
"""Of an em, how much nearer than its font sets it a glyph may stand to the one before
it (rounding of positions by printers; a hundredth of an em in those measured)."""


def set_apart(glyphs: list[Glyph], font: str) -> bool:
    """Whether each of ``glyphs`` (in the text layer's order) stands at least as far from
    the one before it on its line as the font we ship named ``font`` sets the pair, less
    :data:`CLOSER` (pairs it does not know, ligatures and spaces aside). Right-to-left
    letters are taken by where they stand, as they are read (:func:`.glyphorder.arranged`):
    each with the one on its left, the pair read right one first."""
    shown = [g for g in glyphs if not g.invisible and g.char.strip()]
    rtl = sorted((g for g in shown if _rtl(g.char)), key=lambda g: g.box[0])
    pairs = [
        *(
            (a, b, a.char, b.char)
            for a, b in itertools.pairwise(g for g in shown if not _rtl(g.char))
        ),
        *((a, b, b.char, a.char) for a, b in itertools.pairwise(rtl)),
    ]
    for a, b, first, second in pairs:
        if not (b.box[1] < a.box[3] and b.box[3] > a.box[1]) or b.box[0] < a.box[0]:
            continue  # not on one line, left to right (.glyphorder.arranged judges that)
        gap = pair_gap(font, first, second)
        if gap is None:
            continue
        apart, wide_a, wide_b = gap
        widths = (a.box[2] - a.box[0]) + (b.box[2] - b.box[0])
        if wide_a + wide_b <= 0 or widths <= 0:
            continue
        em = widths / (wide_a + wide_b)  # points to the em
        if b.box[0] - a.box[2] < (apart - CLOSER) * em:
            return False
    return True


def _rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")
