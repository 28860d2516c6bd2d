"""Letters outside ASCII in a value box, glyph by glyph, where OCR cannot tell them.

OCR of the Latin alphabet reads accents badly ("Müller" as "Miller", "Núñez" as
"Nufez"), so a box whose words OCR reads is still not proven to show the accents its
text layer reads: a return printed by a program that maps its font's glyphs to the wrong
characters (mutool's print of Helvetica reads "François" as "FranÎois"), or a font whose
map lies about one accented letter, or a dot covered in a font other than ``fill``'s,
all pass OCR.

Here the box's characters, as its text layer reads them and where it places them, are
drawn again alone in a font whose glyphs are known (Helvetica, which the form's
appearances and other programs' fills use, in WinAnsi; or the DejaVu Sans ``fill``
embeds, any character it has), and each character outside ASCII is judged as the
form's wording is (:mod:`.wordingglyphs`): the glyph the page draws in its cell (from an
em above its origin to 0.3 below, where accents and cedillas stand), its neighbours' ink
taken away, against every character of that font drawn alone, however little their
shapes differ. A glyph clearly another character's means the box may show other words
than its text layer, and a person looks (``shown-text-unchecked``, quoting what the
glyphs look like): a copy of the font another program embeds draws an accent a little
otherwise, so this is not proof.

A box is judged only in a font its ASCII letters show it is drawn in, or a copy of it
(their glyphs within :data:`LIKE` of the font's, at the median); in any other font
nothing is concluded here, and OCR alone reads the box. A box whose characters are drawn
turned, slanted or stretched (past :data:`..pdf.pagetext.SLANT`), or one of them shrunk
among the others (:data:`..pdf.painted.SMALLEST`, :data:`..pdf.painted.AS_BESIDE`: an
"ễ" at a hundredth of its size, drawn alone as small, looks like itself), cannot be
judged, and its letters outside ASCII are left to a person.

Where every letter outside ASCII of a box is its own character's glyph, nearer it than
any other by :data:`SEEN` (``Letters.seen``), OCR need not read the accents again: it
reads "Núñez" as "Nufiez", "Żółć" as "Z6té" (:func:`.ocrwords.words_apart`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from ..pdf.fonts import BUNDLED, FontSource, bundled_font
from ..pdf.glyphatlas import drawn_alone
from ..pdf.pagespace import page_space, render_upright
from ..pdf.pagetext import OriginPages
from ..pdf.painted import AS_BESIDE, SMALLEST
from ..pdf.rendering import Box, ViewMode, flatten_page
from .formcells import SCALE, FormCells, page_cells, soft
from .wordingglyphs import FAR, looks_other, nearest, own_apart

__all__ = ["Letters", "ValueGlyphs", "misdrawn_letters"]

FONTS: tuple[tuple[str, Path | None], ...] = (("Helvetica", None), ("DejaVuSans", BUNDLED))
"""The fonts a box may be drawn in to be judged: a standard font's name (not embedded),
or a name and the TrueType program drawn under it."""
LIKE = 0.06
"""Median share of its cell's ink by which the box's ASCII letters may differ from the
font's for the box to be judged in that font: copies of it (Ghostscript's, mutool's and
pdftocairo's) are within 0.05; DejaVu Serif, Sans Mono and Sans Oblique are 0.075 or
more from DejaVu Sans, and their accents are not another font's to judge."""
EM = (1.05, 0.3)
"""Ems above and below a glyph's origin its cell reaches: the accents over capitals and
the cedillas and ogoneks under letters."""
STRAY = 3
"""Pixels of dark ink a box may have outside its characters' cells for its letters to be
seen as themselves (honest prints have none: a letter or bar added by a path after the
name is not in the cells the text layer places)."""
DARK = 128
"""Ink (0..255, blurred) of a pixel that counts as dark."""
RULE = 2.0
"""Points about a box's foot where the form's rule under it runs."""
SEEN = 1.2
"""How much nearer (squared difference, as a share) a glyph must be to its own character
than to any other for the letter to be seen as itself: honest prints by pdftocairo,
Ghostscript and mutool are 1.39 or more; a covered dot is under :data:`..wordingglyphs.CLEARLY`."""


@dataclasses.dataclass(frozen=True)
class Letters:
    """A judged box's letters outside ASCII: each drawn as another character clearly, and
    the one it looks like (``""`` for none), in the order drawn; and whether every one
    was seen as itself (:data:`SEEN`)."""

    swaps: list[tuple[str, str]]
    seen: bool


ALIKE = 0.002
"""Characters told apart however little their shapes differ (a share of the character's
ink, squared): "ü" and "u" differ by two dots, under the wording's 3 %."""
SAMPLED = 8
"""ASCII letters of a box, about, from which the font it is drawn in is judged."""
MARGIN = 4
"""Points around a box rendered with it (its glyphs may reach out of it)."""
LETTERS = (
    "".join(char for char in bytes(range(0xC0, 0x100)).decode("cp1252") if char.isalpha())
    + "ŠšŒœŽžŸƒıȷ"
)
"""The letters outside ASCII each glyph is also compared with (all of WinAnsi's, and the
dotless i and j where the font has them: an "i" whose dot is covered)."""

_Placed = tuple[str, float, float, float]

GREEK = "".join(chr(code) for code in range(0x386, 0x3D0) if chr(code).isalpha())
CYRILLIC = "".join(chr(code) for code in range(0x410, 0x450)) + "ЁёІіЇїЄєЎўЂђЈјЉљЊњЋћЏџ"
_UNSHAPED = re.compile(
    r"^[\x00-\u024f\u1e00-\u1eff\u2000-\u206f\u0370-\u03ff\u1f00-\u1fff\u0400-\u04ff]*$"
)
"""Text in the Latin, Greek and Cyrillic scripts alone: each character its own glyph,
where a text layer places it (no shaper joins or reorders them)."""


def _alphabets(placed: list[_Placed]) -> str:
    """The letters a box's glyphs are also compared with: the Greek or the Cyrillic
    alphabet where the box has a letter of it, else :data:`LETTERS`. (An atlas of more
    than about 240 characters in an embedded program draws some wrongly, so one
    alphabet only, besides ASCII's.)"""
    text = "".join(char for char, *_ in placed)
    more = [alphabet for alphabet in (GREEK, CYRILLIC) if any(char in alphabet for char in text)]
    return more[0] if more else LETTERS


def misdrawn_letters(
    data: bytes, boxes: dict[int, Sequence[Box]]
) -> dict[tuple[int, Box], Letters]:
    """For the boxes (page -> boxes in points) of ``data`` that can be judged, their
    letters outside ASCII (:class:`Letters`); boxes that cannot be are left out."""
    out: dict[tuple[int, Box], Letters] = {}
    with ValueGlyphs(data) as judge:
        for number, rects in sorted(boxes.items()):
            for rect in rects:
                letters = judge(number, rect)
                if letters is not None:
                    out[(number, rect)] = letters
    return out


class ValueGlyphs(OriginPages):
    """:func:`misdrawn_letters` of boxes of one document asked one at a time (a return's
    value boxes are, as its reading needs them): the document opened, each page flattened
    and its characters' origins read once, and each box judged once."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self._judged: dict[tuple[int, Box], Letters | None] = {}

    def __call__(self, number: int, rect: Box) -> Letters | None:
        """The letters outside ASCII of box ``rect`` on page ``number``; None when it
        cannot be judged."""
        key = (number, rect)
        if key not in self._judged:
            shown = self._shown(number, rect)
            if shown is None:
                self._judged[key] = None
            else:
                read, shows, seen = shown
                swaps = [
                    (r, s) for r, s in zip(read, shows, strict=True) if r != s and not _alike(r, s)
                ]
                self._judged[key] = Letters(swaps, seen and not swaps)
        return self._judged[key]

    def _prepared(self, doc: pdfium.PdfDocument, number: int) -> pdfium.PdfPage:
        """Page ``number`` flattened as a screen shows it, in its own space."""
        page = flatten_page(doc, doc[number], number, ViewMode.SCREEN)
        if page.get_rotation():
            page.set_rotation(0)  # the boxes are in the page's own space
        return page

    def _shown(self, number: int, rect: Box) -> tuple[list[str], list[str], bool] | None:
        """The box's characters as the text layer reads them, what each shows, and
        whether each outside ASCII was seen as itself (:func:`_shows`)."""
        found = self.page(number)
        if found is None:
            return None
        page, origins = found
        # (the characters placed whose origins lie in the box, a point up and down)
        left, bottom, right, top = rect
        inside = origins.placed(origins.within(left, bottom - 1, right, top + 1))
        shown = _shows(page, rect, inside)
        return None if shown is None else ([char for char, *_ in inside], *shown)


MARK_KINDS = (
    "'\u2018\u2019\u201a\u2032`\u00b4",
    '"\u201c\u201d\u201e\u2033',
    "-\u2010\u2011\u2012\u2013\u2014\u2015",
)
"""Marks that stand for one another: a curly quote drawn straight or turned the other
way, a dash drawn as a hyphen (PDFium draws Chrome's ‘ and ’ alike, “ and ” as ″: review
of session 68) reads as the same value, and is no glyph of another character."""


def _alike(read: str, shown: str) -> bool:
    """Whether ``shown`` is a mark of the same kind as ``read`` (:data:`MARK_KINDS`)."""
    return any(read in kind and shown in kind for kind in MARK_KINDS)


def _region(page: pdfium.PdfPage, rect: Box) -> tuple[float, float, float, float]:
    """The box grown by :data:`MARGIN`, on whole points (whole pixels at :data:`SCALE`),
    inside the page's media box (its own space: what a crop hides is drawn white)."""
    seen_left, seen_bottom, seen_right, seen_top = page_space(page).media
    left, bottom, right, top = rect
    return (
        max(float(np.floor(left)) - MARGIN, float(np.ceil(seen_left))),
        max(float(np.floor(bottom)) - MARGIN, float(np.ceil(seen_bottom))),
        min(float(np.ceil(right)) + MARGIN, float(np.floor(seen_right))),
        min(float(np.ceil(top)) + MARGIN, float(np.floor(seen_top))),
    )


def _shows(page: pdfium.PdfPage, rect: Box, placed: list[_Placed]) -> tuple[list[str], bool] | None:
    """What each of ``placed`` (the box's characters) shows: the character its glyph
    looks like clearly, where that is another (characters outside ASCII are judged); and
    whether each of those was seen as itself (:data:`SEEN`). None when the box cannot be
    judged."""
    text = "".join(char for char, *_ in placed)
    if text.isascii() or not _UNSHAPED.match(text):
        return None  # nothing OCR cannot read; or letters a shaper joins or reorders
    if any(size <= 0 for *_, size in placed) or _shrunk(placed):
        # drawn turned, slanted or stretched, or a letter shrunk to a speck (drawn alone
        # as small, it would look like itself): each letter outside ASCII is for a person
        return [char if char.isascii() else "?" for char in text], False
    fonts = [(font, program) for font, program in FONTS if _draws(font, program, text)]
    if not fonts:
        return None  # a character no font here draws: not judged
    left, bottom, right, top = _region(page, rect)
    if right - left < 1 or top - bottom < 1:
        return None
    # in the page's own space, where its characters are (..pdf.pagespace)
    grey = render_upright(
        page, SCALE, (left, bottom, right, top), draw_annots=False, may_draw_forms=False
    )
    shown: npt.NDArray[np.uint8] = soft(np.subtract(255, grey, dtype=np.uint8))
    moved = [(char, x - left, y - bottom, size) for char, x, y, size in placed]
    fitted = [
        _fitted(moved, right - left, top - bottom, font, program, shown) for font, program in fonts
    ]
    fits = [f for f in fitted if f is not None]
    if not fits:
        return None  # drawn in no font known here (nor a copy of one)
    _, cells, order = min(fits, key=lambda fit: fit[0])
    shows = [char for char, *_ in placed]
    seen = True
    for index, char in enumerate(cells.chars):
        if char.isascii():
            continue
        found = nearest(cells, index, shown, alike_below=ALIKE)
        # each cell of a box is judged once: its judging is not kept (a few megabytes
        # each, a large font's: dozens of them grew the box's reading by hundreds)
        cells.judgings.clear()
        if found is not None and looks_other(found):
            shows[order[index]] = found[0]
        seen = seen and found is not None and found[1] >= SEEN and found[2] <= FAR
    inside = (
        round((rect[0] - left) * SCALE),
        round((top - rect[3]) * SCALE),
        round((rect[2] - left) * SCALE),
        round((top - rect[1]) * SCALE),
    )
    return shows, seen and _stray(shown, cells, inside) <= STRAY


def _shrunk(placed: list[_Placed]) -> bool:
    """Whether a character outside ASCII of ``placed`` is set below
    :data:`..pdf.painted.SMALLEST` points, or below :data:`..pdf.painted.AS_BESIDE` of a
    letter read next to it (not of punctuation: the comma of "I, ___, agree" stands in
    the box at the wording's size, larger than a long name's)."""
    for at, (char, *_, size) in enumerate(placed):
        if char.isascii():
            continue
        beside = [s for c, *_, s in placed[max(at - 1, 0) : at + 2] if c.isalpha()]
        if size < SMALLEST or size < AS_BESIDE * max(beside, default=0.0):
            return True
    return False


def _stray(shown: npt.NDArray[np.uint8], cells: FormCells, inside: tuple[int, ...]) -> int:
    """Pixels of dark ink (:data:`DARK`) of the box (``inside``: its left, top, right and
    bottom pixels in ``shown``) in none of its characters' cells, the rows of its rule
    left out (within :data:`RULE` points of its foot). (Honest prints by pdftocairo and
    Ghostscript have none, the cells not grown at all: a cell is the glyph's advance
    across, an em and more up and down.)"""
    rows, cols = shown.shape
    x0, y0, x1, y1 = (
        max(inside[0], 0),
        max(inside[1], 0),
        min(inside[2], cols),
        min(inside[3], rows),
    )
    outside = np.zeros(shown.shape, dtype=bool)
    outside[y0:y1, x0:x1] = True
    rule = round(RULE * SCALE)
    outside[max(y1 - rule, 0) : y1 + rule] = False
    for top, foot, start, end in cells.boxes.tolist():
        outside[max(top, 0) : foot, max(start, 0) : end] = False
    return int(np.count_nonzero(shown[outside] > DARK))


def _draws(font: str, program: Path | None, text: str) -> bool:
    """Whether ``font`` has a glyph for every character of ``text`` (WinAnsi's, for a
    standard font)."""
    if program is None:
        try:
            text.encode("cp1252")
        except UnicodeEncodeError:
            return False
        return True
    face = (bundled_font() if program == BUNDLED else FontSource(program)).face.font
    return all(char.isspace() or face.get_nominal_glyph(ord(char)) for char in text)


def _placed_of(cells: FormCells, placed: list[_Placed], height: float) -> list[int] | None:
    """For each cell of the characters drawn alone, the index in ``placed`` of its
    character (the same, drawn within half a point of it; -1 for a space PDFium makes
    up); None when one has none."""
    order = []
    for char, (row, col) in zip(cells.chars, cells.origins.tolist(), strict=True):
        if char.isspace():
            order.append(-1)
            continue
        x, y = col / SCALE, height - row / SCALE
        near = [
            (abs(px - x) + abs(py - y), i)
            for i, (pchar, px, py, _) in enumerate(placed)
            if pchar == char and abs(px - x) + abs(py - y) < 0.5
        ]
        if not near:
            return None
        order.append(min(near)[1])
    return order


def _fitted(
    placed: list[_Placed],
    width: float,
    height: float,
    font: str,
    program: Path | None,
    shown: npt.NDArray[np.uint8],
) -> tuple[float, FormCells, list[int]] | None:
    """The box's characters drawn alone in ``font`` (their cells, and of each the index
    in ``placed`` of its character), and how far, at the
    median, the box's ASCII letters are from that font's; None when they are further
    than :data:`LIKE` (the box is not drawn in that font, nor a copy of it)."""
    try:
        doc = pdfium.PdfDocument(drawn_alone(width, height, placed, font, program))
    except pdfium.PdfiumError:
        return None
    try:
        alone = doc[0]
        try:
            cells = page_cells(alone, [], em=EM)
        finally:
            alone.close()
    finally:
        doc.close()
    cells = dataclasses.replace(cells, program=program, also=_alphabets(placed))
    order = _placed_of(cells, placed, height)
    drawn = sum(1 for char, *_ in placed if not char.isspace())
    if cells.soft.shape != shown.shape or order is None or len(set(order) - {-1}) != drawn:
        return None  # each character drawn alone, one cell each, or nothing is judged
    apart = []
    letters = [i for i, char in enumerate(cells.chars) if char.isascii() and char.isalpha()]
    if len(letters) < 2:  # a name in Greek or Cyrillic letters alone
        letters = [i for i, char in enumerate(cells.chars) if char.isalpha()]
    for index in letters[:: max(1, len(letters) // SAMPLED)]:
        found = own_apart(cells, index, shown)
        if found is not None:
            apart.append(found)
    if len(apart) < 2 or float(np.median(apart)) > LIKE:
        return None
    return float(np.median(apart)), cells, order
