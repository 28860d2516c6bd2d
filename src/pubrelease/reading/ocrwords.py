"""Words OCR reads in a value box against the words its text layer gives.

OCR of clean type reads ASCII words exactly, but for letters it confuses (I, l and 1;
O and 0; "rn" and "m"); it reads letters outside ASCII loosely ("Müller" as "Miller",
"Łukasiewicz" as "tukasiewicz"), so such words need only be similar. A box whose
reading is close to its text layer as a whole can still miss a word of it, or add one
("Bohyung Kim" for "Bohyung Han"): :func:`words_apart` names them. Where the box's
letters outside ASCII were each seen as themselves glyph by glyph
(:mod:`.valueglyphs`), OCR need read only the rest of a word: each such letter may be
read as any one or two ("Núñez" as "Nufiez", "Żółć" as "Z6té").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .shownwords import plain

if TYPE_CHECKING:
    from .ocr.engine import Reading

__all__ = ["CONFIDENT", "SAME_WORD", "WORD", "has_words", "ink_only", "read_value", "words_apart"]

SAME_WORD = 0.75
"""Similarity from which a word OCR reads is a word of the text layer, for words with
letters outside ASCII (OCR reads "Müller" "Miller", "Łukasiewicz" "tukasiewicz"); ASCII
words must be read the same."""
CONFIDENT = 0.5
"""Tesseract's mean confidence (0..1) from which a reading of a box is taken."""
RULED = 230
"""Grey level under which a pixel is ink of a rule (a row more than half of them)."""
BLACK = 90
"""Grey level under which a pixel of a rule's row is a glyph's ink crossing it."""
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


def _alike(word: str, letters: str, other: str, *, seen: bool = False) -> bool:
    """Whether OCR's ``other`` (:func:`plain`) is the text layer's ``word`` (``letters``
    its :func:`plain`): the same, but for letters OCR confuses, when ``word`` is ASCII
    (OCR of clean type misreads nothing else); else similar (it may read an accent, or a
    letter of another alphabet, as another: "Núñez" as "Nufez"), or, where its letters
    outside ASCII were ``seen`` as themselves, its ASCII letters read the same."""
    if word.isascii():
        return _folded(letters) == _folded(other)
    if difflib.SequenceMatcher(None, letters, other).ratio() >= SAME_WORD:
        return True
    return seen and re.fullmatch(_skeleton(word), _folded(other)) is not None


def _skeleton(word: str) -> str:
    """A pattern of what OCR may read for ``word`` whose letters outside ASCII are known
    from their glyphs: its runs of ASCII letters (:func:`_folded`), and one or two of
    anything for each other letter."""
    runs = re.split(r"[^\x00-\x7f]", word)  # one letter outside ASCII between two runs
    return ".{1,2}".join(re.escape(_folded(plain(run))) for run in runs)


def words_apart(
    text: str, reading: str, *, letters_seen: bool = False
) -> tuple[list[str], list[str]]:
    """The words of ``text`` that OCR's ``reading`` does not have (words of two letters or
    more; of :data:`WORD` or more outside ASCII), and the words of :data:`WORD` letters
    or more it reads that ``text`` does not have; ``letters_seen``: ``text``'s letters
    outside ASCII were each seen as themselves (:func:`_alike`)."""

    def words(of: str, shortest: int) -> list[tuple[str, str]]:
        out = []
        # (as plain() parts words, and at "_"; composed: a letter and its accent one
        # character, as a text layer may not give them)
        for word in re.split(r"[\W_]+", unicodedata.normalize("NFC", of)):
            letters = plain(word)
            if len(letters) >= (shortest if word.isascii() else WORD):
                out.append((word, letters))
        return out

    # (OCR reads specks by a box's rule as two letters, "oe", "re": not words it adds)
    said, read = words(text, 2), words(reading, WORD)
    seen = letters_seen
    missing = [
        w
        for w, letters in said
        if not any(_alike(w, letters, o, seen=seen) for _, o in words(reading, 1))
    ]
    extra = [
        w for w, letters in read if not any(_alike(t, t_l, letters, seen=seen) for t, t_l in said)
    ]
    return missing, extra


def read_value(image: npt.NDArray[np.uint8], lines: int, text: str) -> Reading:
    """OCR's reading of a value box (grey levels) of ``lines`` lines whose text layer
    reads ``text``: as rendered, or, where that reading is not the text layer's words,
    of its ink alone (the rule it stands on left out: a rule touching the glyphs, as
    pdftocairo sets a value it redraws, makes Tesseract read "Miiller-Li hei" for "Hans
    Müller-Lüdenscheidt"; a wide box of little ink may give no line at all), whichever
    is nearer the text layer. Raises :class:`.ocr.engine.OcrUnavailable`."""
    from .ocr.engine import read_box

    reading = read_box(image, lines=lines)
    if _agrees(reading, text) or (inked := ink_only(image)) is None:
        return reading
    again = read_box(inked, lines=lines)
    return again if _nearness(again, text) > _nearness(reading, text) else reading


def _agrees(reading: Reading, text: str) -> bool:
    """Whether OCR read ``text``'s words, and no others, with confidence."""
    words = reading.text
    return (
        reading.confidence >= CONFIDENT and has_words(words) and not any(words_apart(text, words))
    )


def _nearness(reading: Reading, text: str) -> tuple[bool, bool, float]:
    """How near OCR's ``reading`` is to ``text``: its words all the text's, words read
    at all with confidence, then the two alike as a whole."""
    alike = difflib.SequenceMatcher(None, plain(reading.text), plain(text)).ratio()
    confident = reading.confidence >= CONFIDENT and has_words(reading.text)
    return _agrees(reading, text), confident, alike


def ink_only(image: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8] | None:
    """``image`` (grey levels) cut to its ink, rules (rows more than half inked: the line
    a value stands on) left out; None when there is no other ink. A grey rule through
    the glyphs' feet (the form's is 0.55 grey) loses only its own grey, the glyphs'
    black kept where they cross it; a black rule, its whole rows."""
    clean = image.copy()
    rules = (clean < RULED).mean(axis=1) > 0.5
    band = clean[rules]
    band[band > BLACK] = 255
    band[(band < 128).mean(axis=1) > 0.5] = 255
    clean[rules] = band
    rows, cols = np.nonzero(clean < 160)
    if not len(rows):
        return None
    pad = 4
    return clean[
        max(int(rows.min()) - pad, 0) : int(rows.max()) + pad + 1,
        max(int(cols.min()) - pad, 0) : int(cols.max()) + pad + 1,
    ]
