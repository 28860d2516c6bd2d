"""Vowel signs an Indic script draws left of their consonant, drawn first by a print.

HarfBuzz puts a pre-base vowel sign's glyph before its cluster's ('தே' is drawn ே, த),
and a program that prints the page to PDF writes the glyphs in that order: read in the
order drawn, the sign is taken for a mark of whatever was drawn before it (the last
character of the date before the name: 'Sep 1, 2020ே'). Such a sign goes with the
cluster drawn just right of it, after its consonant (:mod:`.chartable`).
"""

from __future__ import annotations

import unicodedata
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["PRE_BASE", "cluster_after", "drawn_first", "with_vowel"]

Flags = npt.NDArray[np.bool_]

PRE_BASE = frozenset(
    {
        *(0x093F, 0x094E),  # Devanagari
        *(0x09BF, 0x09C7, 0x09C8, 0x09CB, 0x09CC),  # Bengali
        *(0x0A3F, 0x0ABF),  # Gurmukhi, Gujarati
        *(0x0B47, 0x0B48, 0x0B4B, 0x0B4C),  # Oriya
        *(0x0BC6, 0x0BC7, 0x0BC8, 0x0BCA, 0x0BCB, 0x0BCC),  # Tamil
        *(0x0D46, 0x0D47, 0x0D48, 0x0D4A, 0x0D4B, 0x0D4C),  # Malayalam
        *(0x0DD9, 0x0DDA, 0x0DDB, 0x0DDC, 0x0DDD, 0x0DDE),  # Sinhala
        *(0x1031, 0x103C),  # Myanmar (the vowel sign e, the medial ra)
        *(0x17BE, 0x17C1, 0x17C2, 0x17C3, 0x17C4, 0x17C5),  # Khmer
    }
)
"""Vowel signs drawn left of their consonant (Unicode's Indic positional category Left,
or Left and Right / Top and Left: the left part, where a print draws the sign first)."""


def drawn_first(
    k: int,
    before: int,
    dropped: Flags,
    other: Flags,
    boxes: tuple[npt.NDArray[np.float64], ...],
) -> bool:
    """Whether pre-base vowel sign ``k`` is drawn before its cluster: the character drawn
    next (past dropped ones) is no mark, space or span (``other``) and stands on its line
    right of where the sign starts, and the one drawn before it (``before``, -1 for
    none) is no letter on its line right of the sign (its consonant, when the content is
    in logical order)."""
    left, right, bottom, top = boxes
    height = top[k] - bottom[k]

    def beside(o: int) -> bool:
        # (right of where the sign starts: a Myanmar medial ra wraps its consonant)
        return bool(bottom[o] < top[k] and top[o] > bottom[k] and left[o] > left[k])

    after = k + 1
    while after < dropped.size and dropped[after]:
        after += 1
    if after >= dropped.size or other[after] or not beside(after):
        return False
    if left[after] - right[k] > 0.5 * height:
        return False
    return not (before >= 0 and not other[before] and beside(before))


_VIRAMAS = frozenset((0x094D, 0x09CD, 0x0A4D, 0x0ACD, 0x0B4D, 0x0BCD, 0x0D4D, 0x0DCA, 0x1039))


def cluster_after(k: int, kept: Flags, texts: npt.NDArray[Any]) -> int:
    """The character that ends the cluster drawn right of pre-base sign ``k``: the next
    one kept, and past each that ends with a virama (a conjunct's dead consonant), the
    letter after it; -1 for none."""
    found = -1
    for o in range(k + 1, kept.size):
        if not kept[o]:
            continue
        found = o
        if not texts[o] or ord(texts[o][-1]) not in _VIRAMAS:
            break
    return found


def with_vowel(cluster: str, vowel: str) -> str:
    """``cluster`` with the pre-base ``vowel`` after its letter and any nukta (before
    the marks that follow it: 'कँ' and ि, 'किँ')."""
    at = 1
    while at < len(cluster) and unicodedata.combining(cluster[at]) == 7:  # a nukta
        at += 1
    return cluster[:at] + vowel + cluster[at:]
