"""A value box of a scan read by Tesseract, handwriting included, and how sure the reading is.

A speaker writes the sign date (sometimes the name) with a pen on the printed form.
The crop of a box's own ink is read in a few prepared versions, cheapest first:

1. the ink as the picture shows it (soft edges kept), one line (PSM 7);
2. the ink binarised (adaptive threshold: a phone's uneven light), strokes thickened
   a little and enlarged so letters stand about 40 pixels tall, one line;
3. for a date, the same with a whitelist of digits and separators, as one line and as
   one word (PSM 8): a handwritten ``9`` that reads ``Q`` with all letters allowed.

Each reading is scored by Tesseract's confidence and, for a date, by whether it
parses as a date (after the usual slips between digits and letters are undone).
Readings that parse but disagree on the date are not settled by the confidence
alone: the value is *unsure* and travels with its readings, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from ...dates import candidates
from .engine import Reading, read_box
from .marks import marks_unread

__all__ = ["ACCENTS_UNREAD", "DATE_CHARS", "ValueReading", "date_text", "read_value"]

SURE = 0.75
"""Confidence from which one reading that parses is taken without a second opinion."""
AGREED = 0.45
"""Confidence from which readings of a date that agree on the day are taken."""
NAME_SURE = 0.6
"""Confidence from which a name or a title read from a scan is taken; each of its words
must be read with this confidence too."""
ACCENTS_UNREAD = "the scan shows accents over or under its letters that the reading lacks"
"""The doubt of a reading that lost accents (:mod:`.marks`)."""
LETTER_HEIGHT = 40
"""Pixels a crop's ink is scaled to (its height) for the binarised readings."""
DATE_CHARS = "0123456789/.-, "
"""The characters of a numeric date: the whitelist of the date readings."""

_STRAY = re.compile(r"[^\w]{1,2}")
"""A "word" of one or two marks alone (``.``, ``|``, ``'``): noise, never part of a value."""
_COMMA_YEAR = re.compile(r"([A-Za-z]{3,9}\.? \d{1,2})\s*[,.;:]\s*(\d{4})\b")
"""The comma of ``Sep 23, 2020`` as OCR may give it: ``23,2020``, ``23. 2020``."""
_DIGITISH = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "Q": "9", "q": "9", "g": "9", "l": "1", "I": "1",
     "|": "1", "i": "1", "!": "1", "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8",
     "\\": "/"}
)  # fmt: skip
"""Letters a recogniser gives for handwritten digits, inside a numeric date only."""
_NUMERIC_WORD = re.compile(r"^[\dOoDQqgIil|!ZzSsB\\/.\-]+$")
_SEPARATOR_GAP = re.compile(r"\s*([/.\-])\s*")
_STRAY_BY_SEPARATOR = re.compile(r"[,.;:'`]*([/\-])[,.;:'`]*")
"""A speck read as punctuation beside a slash or a dash: ``23/09,/2020``."""


@dataclass(frozen=True, slots=True)
class ValueReading:
    """What a value box shows, as Tesseract read it."""

    text: str
    """The best reading (for a date: the part of it that is a date), ``""`` if no ink."""
    confidence: float
    """0..1, Tesseract's confidence in :attr:`text`."""
    sure: bool
    """Whether the reading can be taken as the value (else a person must look)."""
    readings: tuple[str, ...] = ()
    """The distinct readings that were weighed (for a date: those that parse)."""
    doubt: str = ""
    """Why a confident reading is still not taken (a word read unsure, an accent the
    ink shows that the reading lacks), for the finding."""


def _numeric_fix(text: str) -> str:
    """Slips of a numeric date undone: ``Q/23/ 2020`` is ``9/23/2020``, ``2020-09 23``
    is ``2020-09-23``. Words with letters of a month's name are left alone."""
    joined = _SEPARATOR_GAP.sub(r"\1", _STRAY_BY_SEPARATOR.sub(r"\1", text.strip()))
    words = joined.split()
    fixed = [w.translate(_DIGITISH) if _NUMERIC_WORD.match(w) else w for w in words]
    out = " ".join(fixed)
    seps = {c for c in out if c in "/.-"}
    if len(seps) == 1 and re.fullmatch(r"[\d/.\- ]+", out):
        out = re.sub(r"(?<=\d) (?=\d)", seps.pop(), out)
    return out


def date_text(text: str) -> str:
    """The part of a date box's reading that is a date (OCR adds stray marks around it)."""
    for version in dict.fromkeys((text, _numeric_fix(text))):
        words = _COMMA_YEAR.sub(r"\1, \2", version).split()
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                junk = ".,;:~-_'\"|"
                candidate = " ".join(words[start : start + size]).strip(junk).strip().strip(junk)
                if candidates(candidate):
                    return candidate.strip()
    return text


def _clean(reading: Reading) -> Reading:
    words = [w for w in reading.text.split() if not _STRAY.fullmatch(w)]
    return Reading(" ".join(words), reading.confidence, reading.weakest)


def _doubt(reading: Reading, image: Any) -> str:
    """Why a reading of a name or a title confident as a whole is not to be taken: a
    word read unsure ("Odegard-tukasiewicz" 0.25 for "Ødegård-Łukasiewicz"), or marks
    over or under its letters that the reading does not have ("Nufez" for "Núñez",
    :mod:`.marks`). Tesseract's English model, the one shipped, reads letters with
    accents it does not know as plain ones, sure of them."""
    if reading.weakest < NAME_SURE:
        return f"a word of it is read with confidence {reading.weakest:.2f} only"
    if marks_unread(image, reading.text):
        return ACCENTS_UNREAD
    return ""


def _name_reading(reading: Reading, image: Any, readings: tuple[str, ...] = ()) -> ValueReading:
    doubt = _doubt(reading, image) if reading.confidence >= NAME_SURE else ""
    sure = reading.confidence >= NAME_SURE and not doubt
    return ValueReading(reading.text, reading.confidence, sure, readings, doubt)


def _binarised(crop: Any) -> Any:
    """Black ink on white, adaptive to the light, thickened a pixel, ~40 px tall."""
    scale = min(3.0, max(1.0, LETTER_HEIGHT / max(crop.shape[0] - 8, 1)))
    big = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    block = max(15, (round(big.shape[0] * 0.6) // 2) * 2 + 1)
    ink = cv2.adaptiveThreshold(
        big, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, block, 15
    )
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    ink = cv2.dilate(ink, np.ones((2, 2), np.uint8))
    return (255 - ink).astype(np.uint8)


def _date_choice(found: list[Reading], *, last: bool) -> ValueReading | None:
    """The date most readings agree on, or ``None`` while they do not (yet).

    Two readings that give the same day settle it, unless as many give another;
    after the ``last`` reading, one confident reading no other contradicts does too.
    """
    parsed = [(date_text(r.text), r.confidence) for r in found]
    dated = [(t, c, candidates(t)) for t, c in parsed if candidates(t)]
    if not dated:
        return None
    votes: dict[tuple[object, ...], list[tuple[str, float]]] = {}
    for text, confidence, days in dated:
        votes.setdefault(days, []).append((text, confidence))
    ranked = sorted(votes.values(), key=lambda v: (len(v), max(c for _, c in v)), reverse=True)
    top = ranked[0]
    runner_up = len(ranked[1]) if len(ranked) > 1 else 0
    best = max(top, key=lambda v: v[1])
    shown = tuple(dict.fromkeys(t for t, _, _ in dated))
    if len(top) >= 2 and len(top) > runner_up and best[1] >= AGREED:
        return ValueReading(best[0], best[1], True, shown)
    if last and len(ranked) == 1 and best[1] >= SURE:
        return ValueReading(best[0], best[1], True, shown)
    return None


def read_value(
    crop: Any,
    languages: tuple[str, ...],
    *,
    lines: int = 1,
    date: bool = False,
    second_opinion: bool = True,
) -> ValueReading:
    """The value in ``crop`` (grey, the box's ink only on white), and whether it is sure.

    Without ``second_opinion`` (a signature box: typed text or pen ink) only the
    first reading is made."""
    first = _clean(read_box(crop, languages, lines=lines))
    if lines > 1 or not second_opinion:  # a title over several lines: typed, as printed
        return _name_reading(first, crop if lines == 1 else None)
    found = [first]
    if not date:
        taken = _name_reading(first, crop, (first.text,))
        if taken.sure:
            return taken
    binary = _binarised(crop)
    found.append(_clean(read_box(binary, languages)))
    if date:
        for single_word in (False, True):
            settled = _date_choice(found, last=False)
            if settled is not None:
                return settled
            found.append(
                _clean(read_box(binary, languages, whitelist=DATE_CHARS, word=single_word))
            )
        settled = _date_choice(found, last=True)
        if settled is not None:
            return settled
    shown = tuple(dict.fromkeys(date_text(r.text) if date else r.text for r in found if r.text))
    if date:
        best = max(found, key=lambda r: r.confidence)
        return ValueReading(date_text(best.text), best.confidence, False, shown)
    # (the marks are counted on the crop as it is: enlarged and thickened, stacked
    # accents run together and a dot under a letter sinks into it)
    weighed = [_name_reading(r, crop, shown) for r in found]
    return max(weighed, key=lambda r: (r.sure, r.confidence))
