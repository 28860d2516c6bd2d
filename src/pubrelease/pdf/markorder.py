"""Where a right-to-left text's marks stand among its glyphs, read back.

HarfBuzz sets a right-to-left cluster's base and then its marks, the clusters in visual
order (left to right): 'مُحَمَّد' is drawn meem, damma, hah, fatha... from the right end
back. Read right to left, glyph by glyph, each mark comes before its letter, and a
search for the text the glyphs spell (:func:`.glyphreading.spelled`) that starts there
must move every mark to its letter one step at a time: a name with seven vowel signs
was not read at all (Ghostscript's, pdftocairo's and mutool's prints of
'مُحَمَّد عَلِيّ', 'فاطِمة الزَّهراء')."""

from __future__ import annotations

import unicodedata

__all__ = ["marks_after"]


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
