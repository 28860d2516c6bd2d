"""Where the ink of a run of a standard font of text starts and ends, glyph by glyph, and
how far below and above its baseline it reaches.

A viewer draws a standard font that is not embedded with a font of its own (Foxit's in
PDFium, URW's in MuPDF and poppler, Liberation's in pdf.js), whose glyphs reach past
their origin on the left or their advance on the right, or stop short of them.
:data:`SIDEWAYS` holds, for each upright style and byte, the furthest its ink reaches
each way in any of them; :func:`ink_span` gives a run's first ink and last from it, so
that :mod:`.plaintext` asks ink, not advances, to lie inside a box (pdf-lib sets a title
so large that its last letter's advance, not its ink, passes the box: "Engine"'s e
ends a point inside it). :data:`REACH` holds, for each family and byte, how far its
glyph reaches below and above the baseline in any of them, and :func:`ink_reach` how far
a run's must show, but for tails, overshoots and marks' tips, which a clip may cut as far
as :data:`TAIL_SHOWN`, :data:`COMMA_SHOWN`, :data:`CEDILLA_SHOWN`, :data:`J_SHOWN`,
:data:`OVERSHOOT` and :data:`MARK_CUT` say.
"""

from __future__ import annotations

import functools
import json
import math
import unicodedata
from pathlib import Path
from typing import NamedTuple

from ..pdf.standardclones import CODES

__all__ = [
    "CEDILLA_SHOWN",
    "CEDILLA_SIZE",
    "COMMA_SHOWN",
    "J_SHOWN",
    "MARK_CUT",
    "OVERSHOOT",
    "REACH",
    "SIDEWAYS",
    "TAIL_SHOWN",
    "Reach",
    "glyph_reaches",
    "glyph_sides",
    "ink_reach",
    "ink_span",
]

SIDEWAYS = Path(__file__).with_name("sideways.json")
"""For each upright standard font of text and each byte, how far its glyph's ink reaches
left and right of its origin, in thousandths of the size, the furthest in every viewer's
font for it (``tools/standard_reach.py`` measures them beside ``reach.json``)."""
REACH = Path(__file__).with_name("reach.json")
"""Each letter must show whole (cut, an underscore shows nothing, an accent over a capital
is another letter, a Q an O), but for the tail of a :data:`TAIL_SHOWN` glyph and the
overshoot of a round one (:data:`OVERSHOOT`): for each family of the standard fonts of text and
each byte, how far its glyph reaches below and above the baseline, in thousandths of the
size, the most of the family's styles in every viewer's font for them (Foxit's in PDFium,
URW's in MuPDF and poppler, Liberation's in pdf.js; ``tools/standard_reach.py`` measures
them)."""
TAIL_SHOWN = {ord("g"): 0.5} | dict.fromkeys(b"pqy()|", 1 / 3)
"""Glyphs of one stroke from above the baseline down through it, in every style of the
standard fonts, most of them above it, whose tail a clip may cut, and how much of that
tail must show: pdf-lib sizes a title to fill its box, and its clip then cuts the tails
of its g, p and y. Seen in every viewer's font (PDFium's, poppler's, MuPDF's and pdf.js's,
review of session 38): a p's or q's stem, a y's stroke past its v, a third of them long,
keep the letter; a g keeps its hook only from half its tail (Helvetica's and Courier's
read as a q in pdf.js below that). Not a j (its hook is its last two thirds: an i;
:data:`J_SHOWN`), a comma or a semicolon (:data:`COMMA_SHOWN`), brackets and braces
(their feet), an underscore (wholly below), a cedilla (:data:`CEDILLA_SHOWN`), a Q's tail
(an O), a Times italic f (half the letter). Cut shorter (a g at a twentieth of its tail, a
title pdf-lib set on one line at 33 points), only as :data:`.plaintext.EDGE` says."""
COMMA_SHOWN = dict.fromkeys(b",;", 0.5)
"""A comma's and a semicolon's tail, and how much of it must show, always: poppler
prints a value at the size of its box (PyPDFForm's fills: "Jul 1, 2020" at 13 points in
a box 13 high), and its clip cuts a third of the comma's tail. Cut to a third, a comma
reads as a full stop and a semicolon as a colon in pdf.js (review of session 38); from
half their tail each reads as itself in PDFium, poppler, MuPDF and pdf.js (20 points at
288 dpi, session 53). The general path vouches for no such cut (most of a comma stands
below the baseline: :func:`.cleardrawing.whole_above_baseline`) and reads the box by OCR,
so, unlike :data:`TAIL_SHOWN`'s, this much must show even where a cut tail's box meets no
other box."""
CEDILLA_SHOWN = {"Helvetica": 0.44, "Times": 0.5}
"""For a family of the standard fonts of text, how much of a c's or a C's cedilla must
show where a clip cuts it: poppler (Evince, Okular) sets a value as high as its box
("François" at 13 points in a box 13 high, 1.3 points above its foot), and its clip cuts
0.56 of a Helvetica cedilla. Rendered at 13 points in PDFium, poppler, MuPDF and pdf.js,
upright and bold (session 60, ``tests/test_cut_cedillas.py``), what shows of it below the
letter is a hook of 15 pixels or more at 288 dpi from 0.44 of it in Helvetica and from
half in Times (Times' at 0.44: 8 to 11; either at 0.3: 2 to 4, a c), and a hook at 96 dpi
in all four. Courier's, thin and apart from its c in URW's font, fades from half in
poppler and MuPDF: a Courier cedilla must show whole.

A cedilla cut at all is taken only as the general path vouches for a cut below the
baseline, without looking (:data:`.plaintext.EDGE`: no other letter cut, no comma cut,
its box over no other box; :func:`.cleardrawing.whole_above_baseline`), under a clip of
one rectangle and at :data:`CEDILLA_SIZE` or more, in a font whose every namesake in the
file the general path trusts (:mod:`.vouching`): where the general path looks at the
box instead, it reads the cut cedilla as a c (review of session 60: beside a cut comma,
"Gonçalves, François"; under pdf-lib's clip of two rectangles in a file that clips
another value by the even-odd rule)."""
J_SHOWN = {"Helvetica": 0.45}
"""For a family of the standard fonts of text, how much of a j's tail must show where a
clip cuts it, taken as a cut cedilla is (:data:`CEDILLA_SHOWN`: only as the general path
vouches for a cut below the baseline, at :data:`CEDILLA_SIZE` or more, under a clip of one
rectangle): poppler's 13 points in a box 13 high show 0.46 of a Helvetica j's tail, and
"Gjøy", "Pjetursson", "Benjamin" went the general way. Rendered at 13 points in PDFium,
poppler, MuPDF and pdf.js, upright and bold (session 63,
``tests/test_cut_cedillas.py``), what shows of a j below the baseline is 16 pixels or
more at 288 dpi from 0.45 of its tail, none of an i's (12 to 15 from 0.4: a j cut further
is left to the general path, as are Times' and Courier's). A Q's tail is not: pdf.js's Q
cut at the baseline differs from its O by 4 pixels, by 30 from half its tail."""
CEDILLA = frozenset(b"\xc7\xe7")
"""The bytes of the letters with a cedilla (WinAnsi: Ç and ç)."""
CEDILLA_SIZE = 13.0
"""Points: the smallest size, as a viewer draws it, at which a cut cedilla is taken.
pdf.js draws nothing of one cut to :data:`CEDILLA_SHOWN` at 6 to 9 points at 100 and
125 % (review of session 60): a c; at 12 to 12.5 points a faint pixel at 96 dpi where the
glyph falls worst (review of session 61, Helvetica-Bold); at 13 points, poppler's size
in the form's boxes, every viewer draws its hook at 96 dpi, each cell a pixel of 150 or
darker."""
MARK_CUT = 0.25
"""Of how far a mark above a letter reaches above it ("Å" above "A"), how much a clip may
cut off its top: MuPDF clips a value a point inside its box, 0.3-0.5 points off a 9-point
"Ó" or "Å". Cut by a quarter, each mark reads as itself in PDFium, poppler, MuPDF and
pdf.js; by two fifths a ring reads as a caron. The general path allows a tenth of the
glyph's height (:data:`.cleardrawing.TIP`), more than that quarter, on marks alone: the
letters beside a cut mark must show whole, without :data:`.plaintext.SLACK` (review of
session 39: "Ab ñx" so set cut the A's top 0.3 point, and the general path read "Ab fix"
by OCR)."""
OVERSHOOT = 30
"""Thousandths of the size: a glyph reaching no further below the baseline is a round
letter's or figure's overshoot (an o, an e, a 3: at most 27 in every viewer's font),
which a clip at the baseline may cut (the bottom of its curve flattened, by a point at
33 points)."""


@functools.cache
def glyph_sides(metrics: str) -> dict[int, tuple[float, float, float]]:
    """Per byte WinAnsi reads as Windows-1252 does (ASCII among them) in the standard
    font ``metrics``, its glyph's advance and how far its ink reaches left and right of
    its origin (:data:`SIDEWAYS`), of the size; the ink as wide as the advance where the
    font was not measured (a slanted style, which ``plain_text`` refuses)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    table: dict[str, dict[str, list[int]]] = json.loads(SIDEWAYS.read_text())
    measured = {int(code): (left, right) for code, (left, right) in table.get(metrics, {}).items()}
    out = {}
    for b in CODES:
        advance = stringWidth(bytes([b]).decode("cp1252"), metrics, 1)
        left, right = measured.get(b, (0, round(advance * 1000)))
        out[b] = (advance, left / 1000, right / 1000)
    return out


def ink_span(raw: bytes, metrics: str, size: float, x: float, margin: float) -> tuple[float, float]:
    """Where the ink of a run of ``raw`` in the standard font ``metrics`` set at ``x``
    starts and ends, ``margin`` of the size wider (each glyph's own reach: a glyph past
    the last one's, an "f" before a period, counts); ``x`` twice for spaces alone."""
    glyphs = glyph_sides(metrics)
    start, end, at = math.inf, -math.inf, x
    for b in raw:
        advance, left, right = glyphs[b]
        if b != 0x20:  # (a space draws nothing)
            start, end = min(start, at + left * size), max(end, at + right * size)
        at += advance * size
    if start > end:
        return x, x
    return start - margin * size, end + margin * size


@functools.cache
def glyph_reaches(family: str) -> dict[int, tuple[int, int]]:
    """Per byte of the standard font ``family`` (``"Times"``), how far its glyph reaches
    below and above the baseline, in thousandths of the size (:data:`REACH`)."""
    table: dict[str, dict[str, list[int]]] = json.loads(REACH.read_text())
    return {int(code): (below, above) for code, (below, above) in table[family].items()}


@functools.cache
def _marks(family: str) -> dict[int, int]:
    """Each byte of a letter with a mark above it ("Å": "A" and a ring), with how far the
    glyph reaches above its letter's, in thousandths of the size (:data:`MARK_CUT`)."""
    reach = glyph_reaches(family)
    out = {}
    for b in CODES:
        char = bytes([b]).decode("cp1252")
        letter, marks = (parts := unicodedata.normalize("NFD", char))[0], parts[1:]
        if marks and all(unicodedata.combining(m) == 230 for m in marks) and ord(letter) < 0x7F:
            out[b] = max(0, reach[b][1] - reach[ord(letter)][1])
    return out


@functools.cache
def _hooks(family: str) -> dict[int, float]:
    """The bytes of ``family`` whose tail a clip may cut as a cedilla's (a c's and a C's
    cedilla, a j's tail), each with how much of it must show."""
    out = dict.fromkeys(CEDILLA, CEDILLA_SHOWN[family]) if family in CEDILLA_SHOWN else {}
    if family in J_SHOWN:
        out[ord("j")] = J_SHOWN[family]
    return out


class Reach(NamedTuple):
    """Of its size, how far below and above its baseline a run must show (:func:`ink_reach`)."""

    below: float
    """Below it, but for tails and overshoots."""
    above: float
    """Above it, but for marks above letters."""
    tails: float
    """How far below it the deepest tail reaches (0: none)."""
    shown: float
    """How far below it the tails must show, should a clip cut one (:data:`TAIL_SHOWN`,
    :data:`COMMA_SHOWN`; a cedilla's whole: any cut of it is taken only as a tail cut
    shorter is)."""
    kept: float
    """Of that, how far below it must show even where a cut tail's box meets no other box
    (:data:`COMMA_SHOWN`, :data:`CEDILLA_SHOWN`, :data:`J_SHOWN`)."""
    hanging: float
    """How far below it the deepest tail reaches whose cut the general path never vouches
    for (:data:`COMMA_SHOWN`; 0: none)."""
    hooked: float
    """How far below it the deepest cedilla or j reaches that a clip may cut
    (:data:`CEDILLA_SHOWN`, :data:`J_SHOWN`; 0: none)."""
    marked: float
    """How far above it the highest mark reaches (0: none)."""
    tipped: float
    """How far above it the marks must show, should a clip cut one (:data:`MARK_CUT`)."""


def ink_reach(raw: bytes, metrics: str, margin: float) -> Reach:
    """How far below and above its baseline a run of ``raw`` in the standard font
    ``metrics`` (``"Times-Italic"``) reaches and must show (:class:`Reach`), ``margin``
    of the size further where its glyphs must show whole."""
    family = metrics.split("-")[0]
    reach, marks = glyph_reaches(family), _marks(family)
    hooks = _hooks(family)
    below = tails = shown = kept = hanging = hooked = above = marked = tipped = 0.0
    for b in raw:
        down, up = reach[b]
        if b in marks:
            marked, tipped = max(marked, up), max(tipped, up - MARK_CUT * marks[b])
        else:
            above = max(above, up)
        if b in TAIL_SHOWN:
            tails, shown = max(tails, down), max(shown, down * TAIL_SHOWN[b])
        elif b in COMMA_SHOWN:
            tails, shown = max(tails, down), max(shown, down * COMMA_SHOWN[b])
            kept, hanging = max(kept, down * COMMA_SHOWN[b]), max(hanging, down)
        elif b in hooks:  # (cut at all: only as the general path vouches)
            tails, shown, hooked = max(tails, down), max(shown, down), max(hooked, down)
            kept = max(kept, down * hooks[b])
        elif down > OVERSHOOT:
            below = max(below, down)
    return Reach(
        below / 1000 + margin,
        above / 1000 + margin,
        tails / 1000,
        shown / 1000,
        kept / 1000,
        hanging / 1000,
        hooked / 1000,
        marked / 1000 + margin,
        tipped / 1000 + margin,
    )
