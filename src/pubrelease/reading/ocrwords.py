"""Words OCR reads in a value box against the words its text layer gives.

OCR of clean type reads ASCII words exactly, but for letters it confuses (I, l and 1;
O and 0; "rn" and "m"); it reads letters outside ASCII loosely ("Müller" as "Miller",
"Łukasiewicz" as "tukasiewicz"), so such words need only be similar. A box whose
reading is close to its text layer as a whole can still miss a word of it, or add one
("Bohyung Kim" for "Bohyung Han"): :func:`words_apart` names them.
"""

from __future__ import annotations

import difflib
import re

from .shownwords import plain

__all__ = ["SAME_WORD", "WORD", "has_words", "words_apart"]

SAME_WORD = 0.75
"""Similarity from which a word OCR reads is a word of the text layer, for words with
letters outside ASCII (OCR reads "Müller" "Miller", "Łukasiewicz" "tukasiewicz"); ASCII
words must be read the same."""
WORD = 3
"""Letters of a word outside ASCII from which it must be read (and ASCII words of two)."""


def has_words(text: str) -> bool:
    """Whether ``text`` has a word of two letters or more."""
    return re.search(r"[^\W\d_]{2,}", text) is not None


def _folded(word: str) -> str:
    """A word as OCR of clean type tells it: letters it confuses made one (I, l, 1; O, 0;
    "rn" and "m")."""
    return word.translate(_CONFUSED).replace("rn", "m")


_CONFUSED = str.maketrans({"i": "l", "1": "l", "|": "l", "!": "l", "0": "o"})


def _alike(word: str, letters: str, other: str) -> bool:
    """Whether OCR's ``other`` (:func:`plain`) is the text layer's ``word`` (``letters``
    its :func:`plain`): the same, but for letters OCR confuses, when ``word`` is ASCII
    (OCR of clean type misreads nothing else); else similar (it may read an accent, or a
    letter of another alphabet, as another: "Núñez" as "Nufez")."""
    if word.isascii():
        return _folded(letters) == _folded(other)
    return difflib.SequenceMatcher(None, letters, other).ratio() >= SAME_WORD


def words_apart(text: str, reading: str) -> tuple[list[str], list[str]]:
    """The words of ``text`` that OCR's ``reading`` does not have (words of two letters or
    more; of :data:`WORD` or more outside ASCII), and the words of :data:`WORD` letters
    or more it reads that ``text`` does not have."""

    def words(of: str, shortest: int) -> list[tuple[str, str]]:
        out = []
        for word in re.split(r"[\W_]+", of):  # as plain() parts words, and at "_"
            letters = plain(word)
            if len(letters) >= (shortest if word.isascii() else WORD):
                out.append((word, letters))
        return out

    # (OCR reads specks by a box's rule as two letters, "oe", "re": not words it adds)
    said, read = words(text, 2), words(reading, WORD)
    missing = [
        w for w, letters in said if not any(_alike(w, letters, o) for _, o in words(reading, 1))
    ]
    extra = [w for w, letters in read if not any(_alike(t, t_l, letters) for t, t_l in said)]
    return missing, extra
