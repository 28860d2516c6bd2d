"""Spellings HarfBuzz draws alike, and glyphs that stand for part of a character.

What a run of glyphs spells is read from their outlines (:mod:`.glyphreading`); some texts
draw the very same glyphs as others (Thai sara am as nikhahit and sara aa), and some
glyphs are drawn for part of a character: Sinhala's ේ and ෝ are the vowel sign ෙ or ො
with the al-lakuna, drawn as the sign and the consonant's glyph with the al-lakuna
('කේ': ෙ, then ක්), and a Khmer split vowel's left part is the glyph of េ.
"""

from __future__ import annotations

import re

__all__ = ["DEAD_VOWEL", "LOOK_ALIKE", "PERSIAN", "SPLIT_LEFT", "USUAL"]

USUAL = (
    (re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32"), "\\1\u0e33"),
    (re.compile("\u0ecd([\u0ec8-\u0ecb]?)\u0eb2"), "\\1\u0eb3"),
    (re.compile("\u0bc6\u0bb3"), "\u0bcc"),
    (re.compile("\u17c1\u17b8"), "\u17be"),
)
"""A spelling HarfBuzz draws alike -> the one names are written with (:mod:`.glyphreading`): Thai
sara am (nikhahit and sara aa), Tamil au (its length mark drawn as LLA), Khmer oe."""
PERSIAN = frozenset("پچژگٹڈڑںہھےۓ")
"""Letters of Persian and Urdu that Arabic does not write."""
LOOK_ALIKE = {"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"}
"""Arabic letters -> the Persian ones drawn alike in some forms (yeh, alef maksura, kaf)."""

DEAD_VOWEL = re.compile("([\u0d9a-\u0dc6])\u0dca([\u0dd9\u0ddc])")
"""A Sinhala consonant with its al-lakuna, then a vowel sign: the vowel sign goes before
the al-lakuna ('ක්' + 'ෙ': 'කේ', ේ written as ෙ and ්), as the two are one sign (ේ, ෝ)
drawn as the vowel sign and the consonant's glyph with the al-lakuna."""

SPLIT_LEFT = frozenset({0x17C1})
"""The sign HarfBuzz draws left of the consonant for a split vowel it decomposes (Khmer
ើ ឿ ៀ ោ ៅ: the glyph of េ, then the consonant with the vowel's right part): that glyph may
stand for no character of its own (:mod:`.glyphreading`)."""
