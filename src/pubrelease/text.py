"""When two pieces of text are the same text: the one rule every layer uses.

Names, titles and other values are compared after NFKC normalisation, case
folding and collapsing of spacing. Accents are kept: "Zoë" and "Zoe" are
different people, and a near match is for a person to judge, never equal.

A zero width non-joiner or joiner between two letters of a joining or Indic script
("علی‌اکبر", a Devanagari half form) changes how the letters join, not which letters
they are, and a page's text cannot carry it (PDFium reads none back): such a join
control is left out of the comparison. Anywhere else (a Latin name, a word's edge) it
counts, as any other character. An ideographic variation selector (葛󠄀: the form of 葛
a registered sequence names) is left out too: the forms of one character are one name.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .pdf.bidi import display

__all__ = [
    "UNSEEN_PRINTABLE",
    "has_ascii_letters",
    "hidden",
    "latin",
    "normalise",
    "same_text",
    "shown",
]

_JOINING = "\u0600-\u08ff\u0900-\u0dff\u1800-\u18af\ua8e0-\ua8ff\ufb50-\ufdff\ufe70-\ufeff"
"""Scripts whose letters a join control changes: Arabic, Syriac, Thaana, N'Ko...,
Devanagari to Sinhala, Mongolian, Devanagari Extended, Arabic presentation forms."""
_WRITTEN_JOIN = re.compile(
    f"(?<=[{_JOINING}])[\u200c\u200d]+(?=[{_JOINING}])|(?<=\u0d4d)\u200d(?=\\s|$)"
)
"""A join control between two letters or marks of such a script, or a ZWJ after a
Malayalam virama at a word's end: the chillu of text written before Unicode 5.1
("മോഹന്\u200dലാല്\u200d" for "മോഹൻലാൽ", which HarfBuzz draws alike)."""


def shown(text: str) -> str:
    """``text`` without the join controls (ZWNJ, ZWJ) between two letters or marks of a
    joining or Indic script: what a page's text can carry of it."""
    if "\u200c" not in text and "\u200d" not in text:
        return text
    return _WRITTEN_JOIN.sub(lambda m: "" if _written(text, m) else m[0], text)


def _written(text: str, m: re.Match[str]) -> bool:
    """The join control ``m`` found is between two letters or marks (or ends a word after
    a Malayalam virama)."""
    end = m.end()
    return _letter(text[m.start() - 1]) and (
        end == len(text) or not text[end].strip() or _letter(text[end])
    )


def written_joins(text: str) -> frozenset[int]:
    """Where ``text`` has a join control (ZWNJ, ZWJ) between two letters or marks of a
    joining or Indic script: part of how the word is written ("نرگس حسین‌پور"),
    the ones :func:`shown` leaves out."""
    if "\u200c" not in text and "\u200d" not in text:
        return frozenset()
    return frozenset(
        at
        for m in _WRITTEN_JOIN.finditer(text)
        if _written(text, m)
        for at in range(m.start(), m.end())
    )


def _letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


def normalise(text: str) -> str:
    """``text`` for comparison: NFKC, case-folded, runs of spacing collapsed to one space,
    join controls inside a joining or Indic word left out (:func:`shown`), ideographic
    variation selectors left out (葛󠄀 and 葛 are one character in two registered forms),
    and the Arabic and Persian letters that are drawn alike where they are taken as one
    (:func:`_drawn_alike`)."""
    if text and max(text) >= "\U000e0100":
        text = _VARIANT.sub("", text)
    folded = " ".join(shown(unicodedata.normalize("NFKC", text)).casefold().split())
    return _drawn_alike(folded) if folded and max(folded) >= "\u0643" else folded


def _drawn_alike(text: str) -> str:
    """``text`` with the Arabic yeh and kaf joined to a letter after them written as the
    Persian yeh and keheh (their initial and medial forms are one drawing), and a final
    alef maksura as the Persian yeh (a final Persian yeh is drawn so): one name typed on
    an Arabic or a Persian keyboard. A final yeh or kaf is drawn otherwise (علي, على;
    ملك, ملک): it stays. The Tamil "sri" is one drawing however it is spelled, with the
    letter sha (ஶ்ரீ, as Unicode advises) or sa (ஸ்ரீ, as it is often typed): written
    with sa."""
    if "\u0bb6" in text:
        text = text.replace(_SHRI, _SRI)
    out = list(text)
    for at, char in enumerate(text):
        if char not in "\u064a\u0643\u0649":
            continue
        after = at + 1  # (the next letter: marks, a superscript alef, are drawn over it)
        while after < len(text) and unicodedata.category(text[after]) == "Mn":
            after += 1
        joined = after < len(text) and _ARABIC_LETTER.match(text[after]) is not None
        if char in "\u064a\u0643" and joined:
            out[at] = "\u06cc" if char == "\u064a" else "\u06a9"
        elif char == "\u0649" and not joined:
            out[at] = "\u06cc"
    return "".join(out)


_SHRI, _SRI = "\u0bb6\u0bcd\u0bb0\u0bc0", "\u0bb8\u0bcd\u0bb0\u0bc0"
"""The Tamil "sri" spelled with sha and with sa (one ligature in the fonts we ship)."""
_ARABIC_LETTER = re.compile("[\u0620\u0622-\u064a\u066e-\u06d3\u06fa-\u06ff]")
"""A letter of the Arabic script that a yeh or kaf before it joins (not the hamza)."""


VARIANTS_FROM, VARIANTS_TO = "\U000e0100", "\U000e01ef"
"""The ideographic variation selectors (UTS #37): after a Han character, the glyph of it
that a registered sequence names (葛 U+845B U+E0100, the form of 葛 with 匂 below)."""
_VARIANT = re.compile(f"[{VARIANTS_FROM}-{VARIANTS_TO}]")


def encodable(char: str, codec: str) -> bool:
    """Whether ``codec`` (a Python codec: ``cp1252``, ``gb2312``, ``big5``...) has ``char``."""
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def same_text(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are the same text for every comparison pubrelease makes.

    Two orders of a value mixing directions that show alike on the page ("محمد Ali" and
    "Ali محمد", both drawn as "Ali دمحم") are the same text: a page cannot tell them apart.
    """
    a, b = normalise(a), normalise(b)
    return a == b or display(a) == display(b)


_LATIN = re.compile(r"^[\x00-\u024f\u1e00-\u1eff\u2000-\u206f]*$")


def latin(text: str) -> bool:
    """Whether ``text`` is written in the Latin script alone (with its accents, digits,
    spaces and punctuation): what OCR of a value box reads."""
    return bool(_LATIN.match(text))


def has_ascii_letters(text: str) -> bool:
    """Whether ``text`` has a letter of ASCII: "Ivan Petrov (Иван Петров)" shown as "Igor
    Petrov (Иван Петров)" keeps every Cyrillic letter its own glyph (review 7)."""
    return any(char.isascii() and char.isalpha() for char in text)


UNSEEN_PRINTABLE = re.compile("[\u115f\u1160\u3164\uffa0\u034f\ufe00-\ufe0f]")
"""The characters :func:`hidden` names that ``str.isprintable`` lets through: the Hangul
fillers, the combining grapheme joiner and the variation selectors."""


def hidden(char: str) -> bool:
    """Characters that do not show or that reorder what shows: format (bidi controls,
    zero-width), control, private-use, unassigned, and variation/filler characters."""
    return _hidden(char)


@functools.lru_cache(maxsize=1 << 16)
def _hidden(char: str) -> bool:
    """:func:`hidden`, remembered by character (asked of every character of every value
    read, a category and a pattern each)."""
    if char in " \u00a0":
        return False
    category = unicodedata.category(char)
    return (
        category in ("Cf", "Cc", "Co", "Cn", "Zl", "Zp")
        or (category == "Zs" and char != " ")
        or UNSEEN_PRINTABLE.match(char) is not None
    )
