"""The glyphs of a page's text layer as arrays, read from PDFium in one sweep.

The check of what a page shows needs every visible-width character of the text layer
with its tight box (:func:`.rendering.hidden_glyphs`, the value boxes' ink): a few
thousand per page. Asking PDFium for them one by one, each made into a Python object,
cost about 4 microseconds a character, more than rendering the page. Here the page's
text comes in one call, the characters that get no glyph (spaces, line breaks, the
units PDFium uses for nothing) are set aside with numpy, and PDFium writes each kept
character's box straight into a numpy array: one C call a character and no Python
object. :class:`Glyph` tuples are made only when something reads them one by one (the
words quoted by a finding), once per page.

The result is the same as reading the characters one at a time in text order:

* a character whose code unit is 0, 0xFFFE, 0xFFFF or a lone surrogate gives no glyph;
  a high surrogate followed by a low one (a character outside the BMP, "𠮷", which
  PDFium gives as two) is one glyph, over the union of their boxes;
* a space (``str.isspace``) or PDFium's generated hyphen (0x02) gives no glyph, but
  marks the next glyph as coming after a space;
* a character PDFium gives no box gives no glyph (and does not clear that mark);
* a character of a shaped script (from Hebrew on) may be reported in a form XObject's
  space and is put back on the page (:class:`.charplace.Placer`);
* a glyph is invisible when its text object paints nothing (render modes 3 and 7),
  asked only on pages where some text object does, or when its clip cuts it away
  whole (:mod:`.clipping`), unless it is a value box's overflow (a value another
  program set larger than its box, cut at the box's edge): that glyph gives none;
* a letter or a digit drawn at a speck of its size, or flattened to a hairline, is
  ``shrunk``: in any font but a shaped script's or a span's (:mod:`.specks`, asked only
  of glyphs under three points tall), and in a Type 3 font (:mod:`.type3place`, looked
  for only on pages that draw with such a font).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple, overload

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .charboxes import Boxes, KnownStart, page_boxes
from .charplace import FIRST_SHAPED, Placer
from .chartable import astral, with_low_halves
from .clipping import Clipped
from .codetable import CodeTable, as_text
from .pagepaint import UNPAINTED, Paint, page_paint
from .spans import read_spans
from .specks import specks
from .type3place import type3_places

__all__ = ["Glyph", "GlyphTable", "read_glyphs"]

Box = tuple[float, float, float, float]
"""left, bottom, right, top in PDF points (origin bottom-left)."""


class Glyph(NamedTuple):
    """One visible-width character of a page's text layer, with its tight box.

    A named tuple, not a dataclass: thousands are made per page, and a frozen dataclass
    takes twenty times as long to make (as ``shaping.Glyph``)."""

    char: str
    box: Box
    invisible: bool
    """Drawn in text rendering mode 3 or 7 (no paint), or cut away whole by its clip:
    extracted, never shown."""
    space_before: bool = False
    """A space or line break comes before it in the text layer."""
    clipped: bool = False
    """Cut away whole by its clip (:mod:`.clipping`; then also ``invisible``)."""
    shrunk: bool = False
    """A Type 3 glyph drawn at a speck of its size (:mod:`.type3place`): not shown."""


class GlyphTable(Sequence[Glyph]):
    """A page's glyphs: ``boxes`` (n x 4: left, bottom, right, top), ``invisible`` and
    ``space_before`` (n booleans), ``chars``; as :class:`Glyph` tuples when indexed or
    iterated (made once, on first use)."""

    __slots__ = ("_tuples", "boxes", "chars", "clipped", "invisible", "shrunk", "space_before")

    def __init__(
        self,
        chars: str,
        boxes: npt.NDArray[np.float64],
        invisible: npt.NDArray[np.bool_],
        space_before: npt.NDArray[np.bool_],
    ) -> None:
        self.chars = chars
        self.boxes = boxes
        self.invisible = invisible
        self.space_before = space_before
        self.clipped: npt.NDArray[np.bool_] | None = None
        """Per glyph, cut away whole by its clip (also ``invisible``); None for none."""
        self.shrunk: npt.NDArray[np.bool_] | None = None
        """Per glyph, drawn at a speck of its size (:mod:`.type3place`); None for none."""
        self._tuples: tuple[Glyph, ...] | None = None

    @classmethod
    def of(cls, glyphs: Sequence[Glyph]) -> GlyphTable:
        """A table of glyphs made elsewhere (tests, the form's pages)."""
        return cls(
            "".join(g.char for g in glyphs),
            np.array([g.box for g in glyphs], np.float64).reshape(-1, 4),
            np.array([g.invisible for g in glyphs], bool),
            np.array([g.space_before for g in glyphs], bool),
        )

    def tuples(self) -> tuple[Glyph, ...]:
        if self._tuples is None:
            clipped = [False] * len(self) if self.clipped is None else self.clipped.tolist()
            shrunk = [False] * len(self) if self.shrunk is None else self.shrunk.tolist()
            flags = zip(
                self.invisible.tolist(), self.space_before.tolist(), clipped, shrunk, strict=True
            )
            self._tuples = tuple(
                Glyph(char, tuple(box), invisible, space, cut, speck)
                for char, box, (invisible, space, cut, speck) in zip(
                    self.chars, self.boxes.tolist(), flags, strict=True
                )
            )
        return self._tuples

    def __len__(self) -> int:
        return len(self.chars)

    @overload
    def __getitem__(self, index: int) -> Glyph: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Glyph, ...]: ...
    def __getitem__(self, index: int | slice) -> Glyph | tuple[Glyph, ...]:
        return self.tuples()[index]

    def __iter__(self) -> Iterator[Glyph]:
        return iter(self.tuples())

    def __bool__(self) -> bool:
        return bool(self.chars)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, GlyphTable | tuple | list):
            return self.tuples() == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


EMPTY = GlyphTable("", np.zeros((0, 4)), np.zeros(0, bool), np.zeros(0, bool))


_SPACY = CodeTable(lambda c: (c == 0x02 or chr(c).isspace(),), 1, np.bool_)


def _spaces(codes: npt.NDArray[np.uint16]) -> npt.NDArray[np.bool_]:
    """Per code unit: PDFium's generated hyphen (0x02) or a space (``str.isspace``)."""
    out: npt.NDArray[np.bool_] = _SPACY(codes)[..., 0]
    return out


def read_glyphs(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    known: KnownStart | Boxes | None = None,
    paint: Paint | None = None,
    clipped: Clipped | None = None,
    *,
    type3: bool = False,
) -> GlyphTable:
    """The visible-width characters of ``textpage`` (a text page of ``page``), each with its
    tight box and whether it is drawn invisibly (see the module for the rules); ``known``:
    the page's own characters, if known, or the boxes of the text page's characters
    already made (:mod:`.charboxes`); ``paint``: what the page paints with
    (:func:`.pagepaint.page_paint`), if known; ``clipped``: its characters a clip cuts
    away, with the value boxes' overflows (:func:`.clipping.clipped_chars`); ``type3``:
    the page draws with a Type 3 font (:func:`.type3place.draws_type3`)."""
    raw = textpage.raw
    measured = page_boxes(textpage, known)
    units = measured.units
    count = units.size - 1
    if count <= 0:
        return EMPTY
    codes = units[:count]
    pair, points = astral(codes)
    usable = (codes != 0) & (codes < 0xFFFE) & ((codes < 0xD800) | (codes > 0xDFFF)) | pair
    if clipped is not None and clipped.overflow:  # shown by no viewer, read as the value's
        usable[np.fromiter(clipped.overflowing, np.intp)] = False
    spaces = usable & _spaces(codes)
    candidates = np.nonzero(usable & ~spaces)[0]
    edges, found = measured.tight(candidates)  # left, right, bottom, top
    # a pair's box: the union of its halves' (left, right, bottom, top)
    with_low_halves(edges, measured.tight, candidates, pair, (True, False, True, False))
    kept = candidates[found]
    # left, bottom, right, top (the rows found by take: a boolean mask's general mapping
    # costs ten times more)
    boxes = edges.take(found.nonzero()[0], axis=0)[:, (0, 2, 1, 3)]
    chars = as_text(points[kept])
    # a space since the glyph before (spaces counted before each index)
    before = np.concatenate(([0], np.cumsum(spaces)))
    since = before[kept]
    # (np.diff(since, prepend=0) > 0 of these whole numbers, without its concatenation)
    space_before = np.empty(since.size, bool)
    if since.size:
        space_before[0] = since[0] > 0
        np.greater(since[1:], since[:-1], out=space_before[1:])
    spanned = np.zeros(kept.size, bool)
    for span in read_spans(textpage, kept, codes[kept], starts=False).spans:
        boxes[span.positions] = span.box  # all its span's glyphs (PDFium's: one operator's)
        spanned[span.positions] = True
    shaped = np.nonzero((codes[kept] >= FIRST_SHAPED) | spanned)[0]
    if shaped.size:
        place = Placer(raw)
        for row in shaped.tolist():
            index = int(kept[row])
            dx, dy = place.shift(index, int(codes[index]), bool(spanned[row]))
            boxes[row] += (dx, dy, dx, dy)
    # (a letter of a shaped script, or of a span, may have a ligature's box, or none)
    plain = np.nonzero(~spanned & (codes[kept] < FIRST_SHAPED))[0]
    tiny = np.zeros(kept.size, bool)
    tiny[plain] = specks(textpage, kept[plain], boxes[plain], "".join(chars[r] for r in plain))
    invisible = np.zeros(kept.size, bool)
    if paint is None:
        paint = page_paint(page, colours=False)
    if paint.invisible_text:  # a render mode per character only when some text hides
        for row, index in enumerate(kept.tolist()):
            obj = pdfium_c.FPDFText_GetTextObject(raw, index)
            invisible[row] = bool(obj) and pdfium_c.FPDFTextObj_GetTextRenderMode(obj) in UNPAINTED
    cut = None
    if clipped is not None and clipped.cut.size:  # cut away whole: never shown
        cut = np.isin(kept, clipped.hidden())
        invisible |= cut
    table = GlyphTable(chars, np.ascontiguousarray(boxes), invisible, space_before)
    table.clipped = cut
    if type3 and (shrunk := type3_places(textpage, measured).shrunk):
        tiny |= np.isin(kept, np.fromiter(shrunk, np.intp, len(shrunk)))
    if tiny.any():
        table.shrunk = tiny
    return table
