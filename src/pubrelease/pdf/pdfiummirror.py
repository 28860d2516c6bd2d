"""PDFium's mirroring of brackets undone: each character as the font's map gives it.

PDFium's text page (``CPDF_TextPage::CloseTempLine``) cuts each line's characters, in
the order it read them, into segments of one direction (``CFX_BidiChar``: left, L;
weak left, AN EN NSM CS ES ET BN; right, R AL; neutral, the rest). A line with more
right segments than left ones is a right-to-left line: its segments are taken in the
reverse order. Then, segment by segment, it adds a right segment, and a neutral one
while the last right or left segment before it was a right one (at the start: the
line's direction), reversed, with every character swapped for its mirror
(``GetMirrorChar``); any other segment as it is. Measured on PDFium 8149 (pypdfium2
5.15): Ghostscript's prints of "[محمد]" (both brackets read swapped, the line
reversed), "Sarah (שרה) Cohen" (the ")" read "("), "דוד (Dudu)" (one right segment,
one left: read as drawn).

That grouping is not the bidirectional algorithm's: it knows no bracket pairs and makes
the line's other text count. A printer that draws the ")" of "Sarah (שרה) Cohen" as
itself, mapped to itself, has it read "(": it follows a Hebrew word. :func:`unmirrored`
finds the segments again in PDFium's text (each stays whole, in its place, only
reversed: the same runs of one direction) and swaps the brackets and quotes of
:data:`.bidi.MIRROR` of every segment added right to left back: the characters the
font maps the glyphs to, as drawn. Putting a line in logical order then mirrors the
ones a right-to-left run draws (UAX #9 L4, :func:`.bidi.logical_order`).
"""

from __future__ import annotations

import functools
import unicodedata

import numpy as np
import numpy.typing as npt

from .bidi import MIRROR

__all__ = ["unmirrored"]

_NEUTRAL, _LEFT, _WEAK, _RIGHT = range(4)
_WEAK_KINDS = frozenset({"AN", "EN", "NSM", "CS", "ES", "ET", "BN"})
_PAIRED = np.array(sorted(ord(c) for c in MIRROR), np.int32)
_PAIRED_UNITS = np.zeros(0x10000, bool)
_PAIRED_UNITS[_PAIRED[_PAIRED < 0x10000]] = True
"""Per UTF-16 unit, whether it is one of :data:`_PAIRED` (a look-up: ``np.isin`` sorts)."""
_SWAP = {ord(a): ord(b) for a, b in MIRROR.items()}
_RETURN, _LINE_END = 0x0D, 0x0A
"""The units PDFium generates between two lines ("\\r\\n"; a glyph of code 10 that no
map names is read as a lone U+000A, inside a line)."""
_RIGHT_FROM = 0x0590
"""No right-to-left character comes before Hebrew's block."""
_SURROGATES, _SURROGATES_END = 0xD800, 0xDFFF


@functools.cache
def _direction(point: int) -> int:
    kind = unicodedata.bidirectional(chr(point)) if point <= 0x10FFFF else ""
    if kind == "L":
        return _LEFT
    if kind in ("R", "AL"):
        return _RIGHT
    return _WEAK if kind in _WEAK_KINDS else _NEUTRAL


def unmirrored(units: npt.NDArray[np.uint16]) -> npt.NDArray[np.uint16]:
    """A text page's UTF-16 ``units`` (in PDFium's order) with every bracket or quote
    PDFium swapped for its mirror swapped back (see the module): the same array where
    PDFium swapped none, else a copy."""
    wide = units.astype(np.int32)
    # no line with a right-to-left character, none to swap: most pages, told from the
    # distinct units past Hebrew's block (a surrogate: looked at line by line below)
    high = np.unique(wide[wide >= _RIGHT_FROM]).tolist()
    if not any(
        _SURROGATES <= unit <= _SURROGATES_END or _direction(unit) == _RIGHT for unit in high
    ):
        return units
    paired = _PAIRED_UNITS[units] if units.dtype == np.uint16 else np.isin(wide, _PAIRED)
    brackets = np.flatnonzero(paired)
    if not brackets.size:
        return units
    after_return = np.concatenate(([False], wide[:-1] == _RETURN))
    ends = np.flatnonzero((wide == _LINE_END) & after_return)
    out = units
    done: set[int] = set()
    for at in brackets.tolist():
        line = int(np.searchsorted(ends, at))
        if line in done:
            continue
        done.add(line)
        start = int(ends[line - 1]) + 1 if line else 0
        stop = int(ends[line]) if line < ends.size else wide.size
        swapped = _swapped_in(wide[start:stop].tolist())
        if swapped:
            if out is units:
                out = units.copy()
            for k in swapped:
                out[start + k] = _SWAP[int(wide[start + k])]
    return out


def _swapped_in(line: list[int]) -> list[int]:
    """Positions of ``line``'s units (one of PDFium's lines) that are brackets PDFium
    added mirrored."""
    if max(line, default=0) < _RIGHT_FROM:
        return []
    # each unit's direction: a surrogate pair's both units that of its character
    directions = []
    k = 0
    while k < len(line):
        unit = line[k]
        if 0xD800 <= unit <= 0xDBFF and k + 1 < len(line) and 0xDC00 <= line[k + 1] <= 0xDFFF:
            point = 0x10000 + ((unit - 0xD800) << 10) + (line[k + 1] - 0xDC00)
            directions += [_direction(point)] * 2
            k += 2
        else:
            directions.append(_direction(unit))
            k += 1
    segments: list[tuple[int, int, int]] = []  # start, stop, direction
    for k, direction in enumerate(directions):
        if segments and segments[-1][2] == direction:
            segments[-1] = (segments[-1][0], k + 1, direction)
        else:
            segments.append((k, k + 1, direction))
    rights = sum(1 for segment in segments if segment[2] == _RIGHT)
    lefts = sum(1 for segment in segments if segment[2] == _LEFT)
    current = _RIGHT if rights > lefts else _LEFT
    out = []
    for start, stop, direction in segments:
        if direction == _RIGHT or (direction == _NEUTRAL and current == _RIGHT):
            current = _RIGHT
            out += [k for k in range(start, stop) if line[k] in _SWAP]
        elif direction == _LEFT:
            current = _LEFT
    return out
