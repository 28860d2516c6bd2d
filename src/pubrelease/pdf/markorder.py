"""Where a right-to-left text's marks stand among its glyphs, read back; glyphs drawn
at one place, in any order.

HarfBuzz sets a right-to-left cluster's base and then its marks, the clusters in visual
order (left to right): 'مُحَمَّد' is drawn meem, damma, hah, fatha... from the right end
back. Read right to left, glyph by glyph, each mark comes before its letter, and a
search for the text the glyphs spell (:func:`.glyphreading.spelled`) that starts there
must move every mark to its letter one step at a time: a name with seven vowel signs
was not read at all (Ghostscript's, pdftocairo's and mutool's prints of
'مُحَمَّد عَلِيّ', 'فاطِمة الزَّهراء').

And HarfBuzz sets some marks at their letter's very origin ('عَلِيّ''s kasra under the
lam): a printer that draws the two in the other order puts the same glyphs at the same
places, and the glyph reading compares them as laid out by id too (:func:`by_ids`)."""

from __future__ import annotations

import unicodedata
from operator import itemgetter

__all__ = ["TIED", "Placed", "by_ids", "marks_after"]

TIED = 0.01
"""How close across (in ems) glyphs stand that :func:`by_ids` orders by id."""

Placed = tuple[int, float, float]
"""A glyph id and where it stands (across, up)."""


def marks_after(order: list[int], units: list[tuple[str, ...]]) -> list[int]:
    """``order`` with each run of units that read as marks (every text they may be is
    combining marks, or nothing: Arabic vowel signs, Hebrew points) moved after the unit
    that follows it. HarfBuzz sets a right-to-left cluster's base and then its marks;
    reversed, as a right-to-left text is read, the marks come first."""
    out: list[int] = []
    waiting: list[int] = []
    for unit in order:
        texts = [t for t in units[unit] if t]
        if texts and all(unicodedata.category(c)[0] == "M" for t in texts for c in t):
            waiting.append(unit)
        else:
            out += [unit, *waiting]
            waiting = []
    return out + waiting


def by_ids(glyphs: list[Placed], units: float) -> list[Placed]:
    """``glyphs`` (sorted by where they stand across) with each run of those standing
    within :data:`TIED` of the one before them ordered by glyph id (and height): the
    order of glyphs at one place, whichever a printer drew first. ``units``: the font's
    units per em."""
    tied = TIED * units
    out: list[Placed] = []
    start = 0
    for index in range(1, len(glyphs) + 1):
        if index == len(glyphs) or glyphs[index][1] - glyphs[index - 1][1] > tied:
            run = glyphs[start:index]
            out += sorted(run, key=itemgetter(0, 2)) if len(run) > 1 else run
            start = index
    return out
