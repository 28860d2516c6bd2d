"""Whether the text in a value box is painted as its glyphs draw it, and whether every
glyph there is one that was checked: the parts of :mod:`.vouching` that judge a box's
drawing rather than its fonts (clips that cut a glyph, paint, drawings over letters, and,
for a box read glyph by glyph, glyphs of forms or annotations that the page's content
does not show)."""

from __future__ import annotations

import ctypes
import functools
import unicodedata
from collections.abc import Callable
from typing import Any

import pypdfium2.raw as pdfium_c

from ..pdf.pageobjects import PageObject
from ..pdf.rendering import Box, Glyph
from .inkspan import CEDILLA_SHOWN
from .wordingmarks import meets, same_place

__all__ = ["SLIVER", "all_read", "drawn_plainly", "page_ink", "whole_above_baseline"]


def _holds(
    outer: Box, inner: Box, *, floor: float | None = None, side: float = 0.1, top: float = 0.1
) -> bool:
    """Whether ``outer`` holds ``inner``, a tenth of a point aside (``side`` points at
    its left and right, ``top`` at its top); with ``floor``, only down to that height
    (what is below it may be cut)."""
    bottom = inner[1] if floor is None else max(inner[1], floor)
    return (
        outer[0] <= inner[0] + side
        and outer[1] <= bottom + 0.1
        and outer[2] >= inner[2] - side
        and outer[3] >= inner[3] - top
    )


TIP = 0.1
"""Of the height of a glyph with a mark above its letter (an acute, a ring, a dieresis:
"Ó", "Å", "ö"), how much a clip may cut off at its top, the mark's tip: MuPDF (PyMuPDF's
``widget.update()``, ``mutool``) clips a value a point inside its box, which takes
0.16-0.2 pt off the acute of a 9-point "Ó" (Helvetica's reaches 0.93 em). The mark still
shows; and a mark cut away altogether is a one-letter change that the reading of the box
by OCR would not report either (as a descender's tail, :func:`whole_above_baseline`)."""


@functools.cache
def _marked_above(char: str) -> bool:
    """Whether ``char`` is a letter with a mark above it ("Ó": "O" and a combining acute)."""
    return any(unicodedata.combining(c) == 230 for c in unicodedata.normalize("NFD", char)[1:])


_ATTACHED_BELOW = frozenset({200, 202, 204})
"""Unicode's combining classes of marks attached below a letter: a cedilla, an ogonek."""
_APART_BELOW = frozenset({218, 220, 222, 233})
"""Those of marks below a letter, apart from it: a dot, a comma, a ring below."""

MARK_BELOW_SHOWN = min(CEDILLA_SHOWN.values())
"""Of how far a letter with a mark attached below it (a cedilla, an ogonek) reaches under
its baseline, how much a clip must leave: as much as a cedilla shows as one in every
viewer (:data:`.inkspan.CEDILLA_SHOWN`: poppler cuts 0.56 of a Helvetica cedilla, whose
hook still shows under its c). A mark below apart from its letter (a dot, a comma) must
show whole. pdfcpu sets its 12-point values 0.78 pt over the clip of its 13-point
boxes, which leaves 0.3 of a "ç" or "ş" in its Roboto, and cuts away the dot under the
"ị" of "Thị": the box shows "Thi" (a held-out sweep, session 69)."""


@functools.cache
def _marked_below(char: str) -> int:
    """Whether ``char`` is, or has, a mark below: 1 attached ("ş", "ą": a cedilla, an
    ogonek), 2 apart from its letter ("ị", "ș": a dot, a comma below), 0 none."""
    classes = {unicodedata.combining(c) for c in unicodedata.normalize("NFD", char)}
    return 2 if classes & _APART_BELOW else 1 if classes & _ATTACHED_BELOW else 0


def _tip(glyph: Glyph) -> float:
    """How much of ``glyph``'s top a clip may cut (see :data:`TIP`)."""
    return max(0.1, TIP * (glyph.box[3] - glyph.box[1])) if _marked_above(glyph.char) else 0.1


def all_read(ink: list[tuple[str, Box]], read: int) -> bool:
    """Whether the glyphs PDFium draws in a box (``ink``: each character's text and
    tight box, where its glyph's ink is; generated ones and those of no ink left out)
    are the ``read`` inked glyphs of the page's content that draw the value
    (:func:`.glyphtext.shown_as_read`), and glyphs of a Latin-1 character beside the
    value (the wording's comma after it): a glyph of a font that maps it to a space, a
    control code or nothing, or whose ink stands far from its origin, is one more
    (review rev21b: dots added or painted out so). Glyphs of forms and annotations are
    refused apart (:func:`drawn_plainly`)."""
    if not read:
        return False
    drawn: dict[tuple[float, ...], list[str]] = {}  # a glyph's characters share its box
    for char, box in ink:
        drawn.setdefault(tuple(round(v, 2) for v in box), []).append(char)
    beside = [box for box, chars in drawn.items() if all(map(_latin1_char, chars))]
    value = [box for box, chars in drawn.items() if not all(map(_latin1_char, chars))]
    if not value or len(value) != read:
        return False
    left, right = min(b[0] for b in value), max(b[2] for b in value)
    return all(b[2] <= left + 0.1 or b[0] >= right - 0.1 for b in beside)


def page_ink(textpage: Any) -> list[tuple[str, Box]]:
    """Each character of a text page (a pypdfium2 ``PdfTextPage``) PDFium did not make up,
    whose glyph has ink: its text and its tight box on the page."""
    raw = textpage.raw
    out: list[tuple[str, Box]] = []
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    for index in range(max(0, pdfium_c.FPDFText_CountChars(raw))):
        if pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
            continue
        if not pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top):
            continue
        if right.value - left.value > 0.1 and top.value - bottom.value > 0.1:
            char = chr(pdfium_c.FPDFText_GetUnicode(raw, index) & 0x1FFFFF)
            out.append((char, (left.value, bottom.value, right.value, top.value)))
    return out


def _latin1_char(char: str) -> bool:
    return " " < char < "\u0100" and char.isprintable()


SLIVER = 0.03
"""Of a glyph's height, how much a clip may cut off at its left or right for a box read
from its glyphs (:func:`drawn_plainly`): a print clips a value to its box, and the
headline of a Devanagari name's last letter reaches a sixth of a point past it."""


def whole_above_baseline(
    o: PageObject, glyphs: list[Glyph], nonzero: Callable[[], bool], sliver: float = 0.0
) -> bool:
    """Whether the clips of text object ``o`` leave each of ``glyphs`` (those meeting it)
    whole above ``o``'s own baseline.

    pdf-lib clips a value to its box, which cuts the descenders of a large one-line value
    or of a two-line value's second line ("p", "g", "y"). A clip that cuts a glyph only
    below the baseline of the object drawing it leaves the letter's body as drawn; it may
    take descenders' tails ("y" then looks like "v", "g" like "q"), one-letter changes that
    OCR of the box would not report either (its reading must differ by more than
    ``SAME``): so it is vouched for. The baseline is the object's own (its origin, text
    rise included, as PDFium places it), never one read from other glyphs: a glyph of
    another object drawn lower meets this object's box but is judged by its own object's
    baseline too, as every object meeting the box is. A glyph mostly below the baseline
    (a line of vertical writing) is not vouched for, nor one with a mark below it cut
    shorter than :data:`MARK_BELOW_SHOWN` (a cedilla, an ogonek, a dot below cut so
    reads as another letter: "Thị" as "Thi"). A letter's mark above it may lose its tip
    (:data:`TIP`).

    What a clip path lets through is known exactly when it is one rectangle, or when the
    file sets every clip by the nonzero rule (``nonzero()``, asked only then:
    :func:`..pdf.pageobjects.nonzero_clips_only`) and the path's rectangles all turn the
    same way: then it is the union of its rectangles (pdf-lib's clip is such a path: its
    box and, inside it, the box less a point). Otherwise (even-odd, or rectangles turning
    both ways: a ring) a glyph is taken as whole only inside every one of its rectangles,
    and any cut is not vouched for. ``sliver``: of each glyph's height, how much may be
    cut off at its left and right besides (:data:`SLIVER`).
    """

    def side(glyph: Glyph) -> float:
        return max(0.1, sliver * (glyph.box[3] - glyph.box[1]))

    regions: list[tuple[Box, ...]] = []
    exact = True
    for path in o.clips:
        if len(path.rects) == 1 or (path.one_way and nonzero()):
            regions.append(path.rects)
        else:
            regions.extend((rect,) for rect in path.rects)
            exact = False
    cut = [
        g
        for g in glyphs
        if not all(any(_holds(r, g.box, side=side(g), top=_tip(g)) for r in rs) for rs in regions)
    ]
    if not cut:
        return True
    floor = o.baseline
    return (
        exact
        and floor is not None
        and all(
            g.box[3] - floor >= 0.5 * (g.box[3] - g.box[1])
            and all(
                any(
                    _holds(r, g.box, floor=_cut_to(g, floor), side=side(g), top=_tip(g)) for r in rs
                )
                for rs in regions
            )
            for g in cut
        )
    )


def _cut_to(glyph: Glyph, floor: float) -> float:
    """How far down a clip must leave ``glyph``, whose baseline is at ``floor``: to the
    baseline; for a letter with a mark attached below, :data:`MARK_BELOW_SHOWN` of its
    reach under it; with a mark below apart from it, all of it."""
    below = _marked_below(glyph.char)
    if not below or glyph.box[1] >= floor:
        return floor
    return glyph.box[1] if below == 2 else floor - MARK_BELOW_SHOWN * (floor - glyph.box[1])


def drawn_plainly(
    rect: Box,
    glyphs: list[Glyph],
    objects: list[PageObject],
    marks: tuple[PageObject, ...],
    nonzero: Callable[[], bool],
    unseen: Callable[[], bool],
) -> bool:
    """Whether the text in ``rect`` is painted as its glyphs draw it: every text object
    there of the page's own content (not a form's), filled in a dark opaque colour, not
    stroked, without transparency, upright and clipped by rectangles only (review
    rev21c: a clip with a diamond-shaped hole, a mark painted white), its glyphs whole
    above the baseline (no clip cuts them but a :data:`SLIVER` at a side), no other
    drawing in the box but the form's own marks (over a glyph, or beside one: a vowel
    sign or a dot painted as a path under a letter changes the name the glyphs spell,
    review rev23), in a file with no paint those calls cannot see (see
    :func:`.vouching._box_vouched`, :func:`.vouching._shown_as_proved`).
    A glyph of a Latin-1 character must stand beside the value, not over it: the caller
    asks :func:`all_read`, which judges every glyph where its ink is."""
    if not objects or unseen():
        return False
    for o in objects:
        if not meets(o.box, rect):
            continue
        if o.font is not None and (o.nested or not o.upright or not o.dark):
            # text of a form or an annotation (not the page's content read), clipped by
            # more than rectangles (a hole cut in a letter), or painted pale (a white
            # mark over a letter)
            return False
        if o.font is not None:
            mine = [g for g in glyphs if meets(g.box, o.box)]
            if not (o.filled and whole_above_baseline(o, mine, nonzero, SLIVER)):
                return False
        elif not same_place(o, marks):
            return False
    return True
