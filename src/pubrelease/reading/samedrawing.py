"""Whether a value box that looks almost like ``fill``'s drawing *is* that drawing.

:mod:`.valueboxes` takes a box that differs from ``fill``'s drawing of the value read by
fewer than :data:`.valueboxes.DIFFERS` squares as that drawing: another program's
drawing of the same glyphs (a print that embeds the fonts again and rasterises them its
own way) moves edges by a pixel, and mutool's and pdftocairo's prints of a two-line name
differ from ``fill``'s drawing by as many stark squares as a dot taken away. That room
is also room for an edit that OCR cannot see: a white square over one dot of ``fill``'s
own drawing shows "تامر" where every text reads "ثامر", and "Muller" for "Müller".

Where the box draws text with one of the very font programs ``fill``'s drawing of it
uses (the same bytes, by a digest of the program PDFium reads:
:attr:`..pdf.pageobjects.DrawingFont.program`), nothing is another program's
rasterisation: the same PDFium draws the same glyph programs. Every honest copy measured
shows ``fill``'s pixels exactly (re-saved by qpdf, pikepdf, pdftk, pypdf and mutool
clean, sanitised too; flattened by qpdf, pdftk and ``fill``; other fields filled by
pypdf or pdf-lib, incrementally or not), but for one: mutool's print (``mutool draw -F
pdf``) keeps ``fill``'s font programs and sets the glyphs of a long line its own way, a
pixel (at 200 dpi) apart by the line's end. So ink is compared with a pixel of slack
(:func:`apart`): ink of ``fill``'s drawing that no pixel of the box within one pixel
has, or ink of the box that no pixel of ``fill``'s drawing within one pixel has, by
:data:`SHOWN` grey levels or more, is ink taken away or added (a rectangle, an image, a
form, an annotation drawn over the glyphs, a clip, a glyph moved further). mutool's line is
apart from ``fill``'s by no grey level at all that way; a covered dot by 255. The box is
then *touched*, and a person must look at it.

A box drawn in other font programs may be another program's drawing of the same glyphs,
or ``fill``'s glyphs in a copy of its font with a byte changed (a re-subset): the same
pixels, a dot covered. Measured with the same slack, another program's drawing that is
within a few squares of ``fill``'s is apart from it by no pixel at all (its glyphs are
the same outlines) or by hundreds (another typeface: a date in Helvetica), and a covered
dot or umlaut by 8 to 20: so a box apart by at most :data:`FEW` pixels is touched too,
whatever draws it. (Not caught there: glyphs of another copy of the font moved by more
than a pixel, besides the dot covered.)

The fonts are read only for boxes apart by more than :data:`FEW` pixels (an honest box
is not apart), from the pages flattened as a viewer shows them on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from types import TracebackType

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from ..pdf.closeups import Closeup
from ..pdf.inkcompare import shifted
from ..pdf.loadedpages import LoadedPages, loaded
from ..pdf.pageobjects import PageObject, page_objects
from ..pdf.rendering import Box, ViewMode

__all__ = [
    "FEW",
    "MOVED_APART",
    "SHOWN",
    "DrawnFonts",
    "apart",
    "moved_and_touched",
    "moved_onto",
    "touched",
]

SHOWN = 64
"""Grey levels of ink taken away or added, a pixel of slack aside, from which a box drawn
in ``fill``'s own font programs is not ``fill``'s drawing: a quarter of black (every
honest copy measured: none; a covered dot: 255)."""
FEW = 64
"""Pixels (at 200 dpi) of ink taken away or added (:func:`apart`) up to which a box
within a few squares of ``fill``'s drawing is touched whatever font draws it: of 2,376
honest boxes so (prints by gs, pdftocairo and mutool, fills, re-saves), 2,360 have none,
the rest 237 or more (a date drawn in Helvetica where ``fill`` draws DejaVu); a dot
covered in a copy of ``fill``'s font with one byte changed, about ten."""


class DrawnFonts:
    """The embedded font programs that draw text in boxes of a document, read on demand
    (each page flattened for the screen and its objects listed once, on first use)."""

    def __init__(
        self, source: bytes | pdfium.PdfDocument | LoadedPages, boxes: dict[int, list[Box]]
    ) -> None:
        self._source = source
        self._boxes = boxes
        self._stack = ExitStack()
        self._pages: LoadedPages | None = None
        self._objects: dict[int, list[PageObject]] = {}

    def __call__(self, page: int, rect: Box) -> frozenset[bytes]:
        """Digests of the programs of the embedded fonts that draw text meeting ``rect``
        on page ``page`` (fonts not embedded, or unreadable, left out)."""
        objects = self._objects.get(page)
        if objects is None:
            pages = self._open()
            objects = []
            if 0 <= page < len(pages):
                flat = pages.flatten(page, ViewMode.SCREEN)
                objects = page_objects(flat, self._boxes.get(page) or [rect])
            self._objects[page] = objects
        left, bottom, right, top = rect
        return frozenset(
            o.font.program
            for o in objects
            if o.font is not None
            and o.font.program is not None
            and o.box[0] < right
            and left < o.box[2]
            and o.box[1] < top
            and bottom < o.box[3]
        )

    def _open(self) -> LoadedPages:
        if self._pages is None:
            source = self._source
            if isinstance(source, bytes):
                doc = pdfium.PdfDocument(source)
                self._stack.callback(doc.close)
                source = doc
            self._pages = self._stack.enter_context(loaded(source))
        return self._pages

    def close(self) -> None:
        """Close what was opened (a document opened from bytes, pages loaded here)."""
        self._stack.close()
        self._pages = None

    def __enter__(self) -> DrawnFonts:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def apart(shown: Closeup, wanted: Closeup) -> int:
    """Pixels of ink of ``wanted`` that ``shown`` has nowhere within a pixel, and of
    ``shown`` that ``wanted`` has nowhere within a pixel, by :data:`SHOWN` grey levels or
    more (boxes rendered alike: same resolution; of other sizes, every pixel)."""
    if shown.image.shape != wanted.image.shape:
        return max(shown.image.size, wanted.image.size)
    ink_shown = 255 - shown.image.astype(np.int16)
    ink_wanted = 255 - wanted.image.astype(np.int16)
    if not (np.abs(ink_shown - ink_wanted) >= SHOWN).any():
        return 0  # (the same pixels: the honest box, at once)
    taken = ink_wanted - _darkest_near(ink_shown) >= SHOWN
    added = ink_shown - _darkest_near(ink_wanted) >= SHOWN
    return int(taken.sum()) + int(added.sum())


def _darkest_near(ink: npt.NDArray[np.int16]) -> npt.NDArray[np.int16]:
    """Each pixel's most ink within one pixel (its 3 x 3 square)."""
    padded = np.pad(ink, 1)  # (no ink past the edge)
    rows = np.maximum(np.maximum(padded[:-2], padded[1:-1]), padded[2:])
    out: npt.NDArray[np.int16] = np.maximum(np.maximum(rows[:, :-2], rows[:, 1:-1]), rows[:, 2:])
    return out


def touched(
    shown: Closeup,
    wanted: Closeup,
    shown_fonts: Callable[[], frozenset[bytes]],
    wanted_fonts: Callable[[], frozenset[bytes]],
) -> bool:
    """Whether box ``shown``, within a few squares of ``fill``'s drawing ``wanted``, has
    ink taken away or added (see the module): any, where it draws with some font program
    that drawing draws with; up to :data:`FEW` pixels, whatever draws it. The fonts (of
    each box: :class:`DrawnFonts`) are asked for only past that."""
    count = apart(shown, wanted)
    if not count:
        return False
    return count <= FEW or bool(shown_fonts() & wanted_fonts())


def moved_onto(shown: Closeup, wanted: Closeup) -> Closeup | None:
    """``shown`` moved by whole pixels so that its ink stands where ``wanted``'s does (an
    edge of their inks' bounds matched across and one up or down, each shift then a pixel
    either way, the shift leaving the fewest pixels apart); None when either box has no
    ink or their sizes differ. A box drawn in ``fill``'s own glyph programs but moved (its
    appearance wrapped in a translation) is then compared with ``fill``'s drawing as if it
    had not moved; an accent covered moves the top of the ink, not its foot."""
    if shown.image.shape != wanted.image.shape:
        return None
    mine, theirs = _ink_bounds(shown.image), _ink_bounds(wanted.image)
    if mine is None or theirs is None:
        return None
    shifts = {
        (theirs[row] - mine[row] + dy, theirs[col] - mine[col] + dx)
        for row in (0, 1)
        for col in (2, 3)
        for dy in (-1, 0, 1)
        for dx in (-1, 0, 1)
    }
    best: tuple[int, Closeup] | None = None
    for dy, dx in sorted(shifts):
        # (dy rows down, dx columns right: the pixel at (r - dy, c - dx) lands at (r, c))
        moved = Closeup(shifted(shown.image, -dy, -dx, paper=255), shown.text, shown.lines)
        count = apart(moved, wanted)
        if best is None or count < best[0]:
            best = (count, moved)
    return None if best is None else best[1]


def _ink_bounds(image: npt.NDArray[np.uint8]) -> tuple[int, int, int, int] | None:
    """The top, bottom, left and right edges of the ink (darker than half) of ``image``."""
    dark = image < 128
    rows, cols = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
    if not rows.size:
        return None
    return int(rows[0]), int(rows[-1]), int(cols[0]), int(cols[-1])


MOVED_APART = 0.25
"""Share of the ink of ``fill``'s drawing of a box (its pixels darker than half) that a box
in the same glyph programs, moved onto it, may have apart from it and still be that
drawing touched (accents covered: a few percent) rather than another drawing (another
size: most of its pixels)."""


def moved_and_touched(
    shown: Closeup,
    wanted: Closeup,
    shown_fonts: Callable[[], frozenset[bytes]],
    wanted_fonts: Callable[[], frozenset[bytes]],
) -> bool:
    """Whether box ``shown``, many squares from ``fill``'s drawing ``wanted``, draws with
    one of that drawing's font programs and, moved by whole pixels onto it, is that
    drawing but for a little ink taken away or added (:data:`MOVED_APART`; the fonts are
    read first: another program's drawing is left to OCR as before)."""
    if not (shown_fonts() & wanted_fonts()):
        return False
    moved = moved_onto(shown, wanted)
    if moved is None:
        return False
    count = apart(moved, wanted)
    return 0 < count <= MOVED_APART * int((wanted.image < 128).sum())
