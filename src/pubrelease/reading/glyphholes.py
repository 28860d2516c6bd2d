"""Which characters of a value read from a text layer stand for glyphs the layer names no
character for (:func:`holed`): the values :mod:`.glyphtext` reads from their glyphs."""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["holed", "holes"]


@functools.lru_cache(maxsize=1024)
def holed(text: str) -> bool:
    """Whether ``text``, read from a text layer, has glyphs it names no character for
    (:func:`holes`)."""
    return any(holes(text))


def holes(text: str) -> list[bool]:
    """For each character of ``text`` read from a text layer, whether it stands for a
    glyph the layer names no character for: U+FFFD, a control code, an unassigned or
    private code point; a vowel sign or other mark with no letter before it
    (Ghostscript reads the conjunct of Bengali 'সত্যজিৎ' as a space: 'সত িজৎ') or after
    an independent vowel (its Tamil 'இைளயராஜா': a vowel sign read out of place); a
    character of another script inside a word of a shaped script (:data:`_SHAPED`;
    Ghostscript's Tamil 'ச髁ப\uaacdரமணியன꧍': halves of the two characters of a glyph it
    could not map)."""
    out = []
    for word in _SPACES.split(text):
        infos = [_char(c) for c in word]
        counts: dict[str, int] = {}  # (a Counter's most common: the first counted of the most)
        for info in infos:
            if info[1] is not None:
                counts[info[1]] = counts.get(info[1], 0) + 1
        main = max(counts, key=counts.__getitem__) if counts else None
        shaped = main in _SHAPED
        for at, (char, (kind, script, vowel_sign, _)) in enumerate(zip(word, infos, strict=True)):
            out.append(
                char == "\ufffd"
                or kind in ("Cc", "Cn", "Co", "Cs")
                or (kind[0] == "M" and at == 0)
                or (vowel_sign and at > 0 and infos[at - 1][3])
                or (shaped and script not in (None, main))
            )
    return out


_SPACES = re.compile(r"(\s+)")


@functools.lru_cache(maxsize=4096)
def _char(char: str) -> tuple[str, str | None, bool, bool]:
    """What :func:`holes` asks of a character: its category, :func:`_script`,
    :func:`_vowel_sign` and :func:`_vowel_letter` (looked up once: names are slow)."""
    return unicodedata.category(char), _script(char), _vowel_sign(char), _vowel_letter(char)


_VOWEL_LETTER = re.compile(
    r"^[A-Z]+ LETTER (?:SHORT |CANDRA |VOCALIC )?(?:A|AA|I|II|U|UU|E|EE|AI|O|OO|AU|R|RR|L|LL)$"
)


def _vowel_letter(char: str) -> bool:
    """Whether ``char`` is an Indic script's independent vowel (TAMIL LETTER I), after
    which no vowel sign is written (Ghostscript's Tamil 'இைளயராஜா' for 'இளையராஜா')."""
    return unicodedata.category(char) == "Lo" and bool(
        _VOWEL_LETTER.match(unicodedata.name(char, ""))
    )


def _vowel_sign(char: str) -> bool:
    return "VOWEL SIGN" in unicodedata.name(char, "")


_SHAPED = frozenset(
    [
        "ARABIC",
        "SYRIAC",
        "THAANA",
        "DEVANAGARI",
        "BENGALI",
        "GURMUKHI",
        "GUJARATI",
        "ORIYA",
        "TAMIL",
        "TELUGU",
        "KANNADA",
        "MALAYALAM",
        "SINHALA",
        "THAI",
        "LAO",
        "TIBETAN",
        "MYANMAR",
        "KHMER",
    ]
)
"""Scripts whose glyphs a printer may name by pieces of other characters (its Tamil
'ச髁ப'); inside a word of another (a Latin 'µLab', a Japanese '佐々木'), a character of
another script is how it is written."""


def _script(char: str) -> str | None:
    """The script a character is of, as the first word of its Unicode name says (TAMIL,
    ARABIC, CJK...) where that word names letters; None for others (punctuation and
    symbols of all scripts: "RIGHT SINGLE QUOTATION MARK")."""
    name = unicodedata.name(char, "")
    word = name.split(" ", 1)[0]
    return word if word in _scripts() else None


@functools.cache
def _scripts() -> frozenset[str]:
    """The first words of the names of the Basic Multilingual Plane's letters."""
    return frozenset(
        unicodedata.name(chr(code), " ").split(" ", 1)[0]
        for code in range(0x80, 0x10000)
        if unicodedata.category(chr(code))[0] == "L"
    ) - {""}
