"""Spaces a printer did not draw, told by the gap they leave between a value's glyphs.

pdftocairo draws a value's glyphs each at its own place and no glyph for a space: its
print of 'ยิ่งลักษณ์ ชินวัตร' shows seventeen glyphs, the second word starting a space's
advance past the first word's end. Read from its glyphs (:func:`.glyphreading.spelled`)
such a line had nothing a space could be read from, and no text laid out its glyphs
where they stand (the second word, without the space, comes a space's width too early):
the name, whose text layer names one of its glyphs by U+FFFD, read ``invalid``.

Where, in the order drawn, a glyph starts the font's space advance (to a hundredth of an
em) past the furthest any glyph before it reaches (its origin plus its advance), a
space without ink stands in that gap, as a viewer shows it, where the text layer reads as
many spaces (PDFium reads one from such a gap). A gap of any other width is no space (a
letter moved there is read as moved, and its layout does not agree).
"""

from __future__ import annotations

from collections.abc import Sequence

from .outlineproof import hb_font

__all__ = ["with_undrawn_spaces"]

ROUNDING = 0.01
"""How far (in ems) a gap may be from the space's advance: what a printer's rounding of
a glyph's place moves it (pdftocairo's gaps are the advance to a unit of 1,000 an em;
a gap GPOS leaves between two glyphs of a conjunct may come within the reading's slack
of it, mutool's Bengali 'চক্রবর্তী' 200 units for a space of 260)."""
Drawn = tuple[frozenset[int], float, float]
"""As :data:`.glyphreading.Drawn`: a glyph's ids in the font, and its origin (font units)."""


def with_undrawn_spaces(
    path: str, number: int, drawn: Sequence[Drawn], inkless: int, hint: str
) -> list[Drawn]:
    """``drawn`` (in the order drawn, glyphs of the font at ``path``, ``number`` in a
    collection, as HarfBuzz draws it) with a glyph ``inkless`` (a space) before each
    glyph standing the font's space advance (within :data:`ROUNDING`) past the furthest
    reach of the glyphs before it (a glyph of several ids reaching as far as the least
    of them); as it is when the font has no space, or when that would make more spaces
    than a line of ``hint`` has (the text layer's values, a box's a line: PDFium reads a
    space from such a gap)."""
    most = max((line.count(" ") for line in hint.split("\n")), default=0)
    font = hb_font(path, number)
    found = font.get_nominal_glyph(0x20)
    if found is None or most <= 0:
        return list(drawn)
    space = font.get_glyph_h_advance(found)
    slack = ROUNDING * font.face.upem
    out: list[Drawn] = []
    reach: float | None = None
    for gids, x, y in drawn:
        if reach is not None and inkless not in gids and abs(x - reach - space) <= slack:
            out.append((frozenset({inkless}), reach, y))
            reach += space
        out.append((gids, x, y))
        width = space if inkless in gids else min(font.get_glyph_h_advance(g) for g in gids)
        reach = x + width if reach is None else max(reach, x + width)
    spaces = sum(inkless in gids for gids, _, _ in out)
    return out if spaces <= most else list(drawn)
