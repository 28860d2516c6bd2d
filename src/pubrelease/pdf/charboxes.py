"""Each character's box from PDFium, and the boxes of a page's own content, known again.

Reading a page asks PDFium for two boxes of every character: the loose box, for the
text in reading order (:mod:`.chartable`), and the tight box, for what the page shows
(:mod:`.glyphtable`). There is no call that gives them in bulk: one C call a character
and a box, about a microsecond each through ctypes, a few thousand characters a page.
Most of them are the form's wording, the same on every return of a conference.

A page's text page lists first the characters of the page's own content, then, when
annotations were drawn in (``FPDFPage_Flatten`` appends them to the content), theirs.
The characters of the own content, and their boxes, are what PDFium makes of that
content: its content streams and the resources they draw with (fonts, XObjects,
graphics states, all through every reference), and the page's geometry (its boxes,
rotation and unit). :func:`.nodefonts.content_keys` digests exactly those, as the fast
reader (:mod:`.objects`) reads the file; two pages with the same digest draw the same
characters in the same places. So the boxes of a page's own characters
(:class:`KnownStart`, read once from the page before anything is drawn into it, the
first time a digest is met in a second file) serve every later page with the same
digest, and only the characters after them (the values drawn from the annotations) are
asked of PDFium. A file read again (a benchmark's rounds, a re-audit without a cache)
does not count twice: a print's or a flattened return's pages are its own, and reading
their every box up front costs more than the boxes asked for.

They serve a text page only where its text begins with the very code units of the
known characters, and PDFium places their runs (a rectangle a line or text object, a
few dozen a page, one call each) exactly where it placed the known ones
(:meth:`Boxes.__init__`); PDFium decides a few things for the whole page (whether its
lines run across or down, the spaces and line breaks it makes up), and a page whose own
characters read or stand otherwise is read character by character, as every page is
without a known start. The digest is of the objects as the fast reader resolves them,
which refuses a file whose objects PDFium could resolve otherwise
(:class:`~.objects.Ambiguous`); the runs check what PDFium itself draws.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .kept import Kept

__all__ = [
    "Boxes",
    "KnownStart",
    "down_to_baselines",
    "known_start",
    "page_boxes",
    "read_units",
    "tight_boxes",
]

Indices = npt.NDArray[np.intp]
Flags = npt.NDArray[np.bool_]

MAX_KNOWN = 16
"""Pages' own characters remembered per process (each about 100 KB for a page of
wording), the most recently used kept: a conference's returns share a few."""

MAX_SEEN = 1024
"""Keys met in one file remembered per process (a digest each, with a mark of the file),
the most recent kept."""

_KNOWN: Kept[bytes, KnownStart] = Kept(MAX_KNOWN)
_SEEN: Kept[bytes, int] = Kept(MAX_SEEN)


@functools.cache
def _loose_char_box() -> Any:
    """``FPDFText_GetLooseCharBox`` taking plain addresses: ctypes passes an int as ``void *``
    faster than it checks a ``byref`` against ``FS_RECTF *``; called per character."""
    address = ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value or 0
    p = ctypes.c_void_p
    return ctypes.CFUNCTYPE(ctypes.c_int, p, ctypes.c_int, p)(address)


@functools.cache
def _char_box() -> Any:
    """``FPDFText_GetCharBox`` taking plain addresses: ctypes passes an int as ``void *``
    faster than it checks a ``byref`` against ``double *``; called per character."""
    address = ctypes.cast(pdfium_c.FPDFText_GetCharBox, ctypes.c_void_p).value or 0
    p = ctypes.c_void_p
    return ctypes.CFUNCTYPE(ctypes.c_int, p, ctypes.c_int, p, p, p, p)(address)


def read_units(textpage: pdfium.PdfTextPage) -> npt.NDArray[np.uint16]:
    """The text page's UTF-16 code units, one per character, and a 0 after the last.

    Read at once (``FPDFText_GetText``), unless that leaves characters out: it drops
    each character a font's map gives as U+0002 (pdf-lib maps some joined Arabic glyphs
    so), which would give every later character the box of the one after it (a date read
    with letters of the name above it). Then each character's unit is asked for alone."""
    raw = textpage.raw
    count = max(0, pdfium_c.FPDFText_CountChars(raw))
    units = np.zeros(count + 1, np.uint16)
    if count:
        pointer = units.ctypes.data_as(ctypes.POINTER(ctypes.c_ushort))
        written = pdfium_c.FPDFText_GetText(raw, 0, count, pointer)
        if written != count + 1:  # (the count includes the terminating 0)
            units[:count] = [pdfium_c.FPDFText_GetUnicode(raw, i) & 0xFFFF for i in range(count)]
            units[count] = 0
    return units


def _loose(raw: Any, indices: Indices) -> tuple[npt.NDArray[np.float32], Flags]:
    """Loose boxes of characters ``indices``: rows of FS_RECTF (left, top, right,
    bottom), and whether PDFium gave each one."""
    rects = np.zeros((max(indices.size, 1), 4), np.float32)
    loose_box, address = _loose_char_box(), ctypes.cast(raw, ctypes.c_void_p).value
    rows = (rects.ctypes.data + 16 * np.arange(indices.size)).tolist()
    found = np.array(
        [loose_box(address, i, at) for i, at in zip(indices.tolist(), rows, strict=True)], bool
    ).reshape(-1)
    return rects[: indices.size], found


def tight_boxes(
    textpage: pdfium.PdfTextPage, indices: Indices
) -> tuple[npt.NDArray[np.float64], Flags]:
    """Tight boxes (``FPDFText_GetCharBox``) of characters ``indices`` of ``textpage``:
    rows of left, right, bottom, top (zeros where PDFium gives none), and whether PDFium
    gave each one; one plain C call a character."""
    return _tight(textpage.raw, indices)


def _tight(raw: Any, indices: Indices) -> tuple[npt.NDArray[np.float64], Flags]:
    """Tight boxes of characters ``indices``: rows of left, right, bottom, top, and
    whether PDFium gave each one."""
    edges = np.zeros((max(indices.size, 1), 4), np.float64)
    char_box, address = _char_box(), ctypes.cast(raw, ctypes.c_void_p).value
    rows = (edges.ctypes.data + 32 * np.arange(indices.size)).tolist()
    found = np.array(
        [
            char_box(address, i, at, at + 8, at + 16, at + 24)
            for i, at in zip(indices.tolist(), rows, strict=True)
        ],
        bool,
    ).reshape(-1)
    return edges[: indices.size], found


@dataclass(frozen=True, slots=True, eq=False)
class KnownStart:
    """Every character of a page's own content: its code units and both boxes of each
    (as :class:`Boxes` gives them), read from a text page of the page as it stands
    before anything is drawn into it."""

    units: npt.NDArray[np.uint16]
    loose: npt.NDArray[np.float32]
    loose_found: Flags
    tight: npt.NDArray[np.float64]
    tight_found: Flags
    runs: npt.NDArray[np.float64]
    """The rectangles PDFium gives for the runs of these characters (:func:`_runs`)."""

    @classmethod
    def read(cls, textpage: pdfium.PdfTextPage, count: int | None = None) -> KnownStart:
        """The first ``count`` characters of ``textpage`` (default: every one)."""
        units = read_units(textpage)[:-1][:count]
        every = np.arange(units.size)
        loose, loose_found = _loose(textpage.raw, every)
        tight, tight_found = _tight(textpage.raw, every)
        return cls(units, loose, loose_found, tight, tight_found, _runs(textpage.raw, units.size))


@functools.cache
def _rect() -> Any:
    """``FPDFText_GetRect`` taking plain addresses (as :func:`_char_box`)."""
    address = ctypes.cast(pdfium_c.FPDFText_GetRect, ctypes.c_void_p).value or 0
    p = ctypes.c_void_p
    return ctypes.CFUNCTYPE(ctypes.c_int, p, ctypes.c_int, p, p, p, p)(address)


def _runs(raw: Any, count: int) -> npt.NDArray[np.float64]:
    """The rectangles of the first ``count`` characters' runs (``FPDFText_CountRects``:
    one a line or text object, a few dozen a page): where PDFium places the text, in one
    call a run, to check a known start against the page it is used on (a run PDFium gives
    no rectangle stays zeros)."""
    runs = max(0, pdfium_c.FPDFText_CountRects(raw, 0, count))
    out = np.zeros((runs, 4), np.float64)
    rect, address = _rect(), ctypes.cast(raw, ctypes.c_void_p).value
    scratch = np.zeros(4, np.float64)
    at = scratch.ctypes.data
    for index in range(runs):
        if rect(address, index, at, at + 8, at + 16, at + 24):
            out[index] = scratch
    return out


def known_start(
    key: bytes | None, textpage: Callable[[], pdfium.PdfTextPage], source: int = 0
) -> KnownStart | None:
    """The own characters of pages whose content digests to ``key``: remembered; or, the
    first time the key is met in a file other than the one it was first met in
    (``source``: a mark of the file, such as the hash of its bytes), read from
    ``textpage()`` (a text page of such a page before anything is drawn into it) and
    remembered; None without a key, or while the key is met in one file only (a page of
    one return, as a flattened return's, is not worth the reading, nor the place of
    pages that every return shares)."""
    if key is None:
        return None
    known = _KNOWN.recall(key)
    if known is not None:
        return known
    first = _SEEN.get(key)
    if first is None or first == source:
        _SEEN.keep(key, source)
        return None
    return _KNOWN.keep(key, KnownStart.read(textpage()))


class Boxes:
    """The boxes of a text page's characters (``units``: its code units, as
    :func:`read_units` gives them): from ``known`` for the characters it covers, when the
    text page begins with exactly its units, else from PDFium, one call a character."""

    __slots__ = ("_count", "_every", "_known", "_raw", "units")

    def __init__(
        self, textpage: pdfium.PdfTextPage, units: npt.NDArray[np.uint16], known: KnownStart | None
    ) -> None:
        self._raw = textpage.raw
        self.units = units
        count = 0
        if known is not None:
            n = known.units.size
            if (
                units.size > n
                and np.array_equal(units[:n], known.units)
                and np.array_equal(_runs(self._raw, n), known.runs)
            ):
                count = n
        self._known = known if count else None
        self._count = count
        self._every: tuple[npt.NDArray[np.float64], Flags] | None = None

    def of(self, textpage: pdfium.PdfTextPage) -> bool:
        """Whether these are the boxes of ``textpage``'s characters."""
        return self._raw is textpage.raw

    @property
    def known(self) -> int:
        """How many characters, from the first, come from the known start."""
        return self._count

    def _split(self, indices: Indices) -> tuple[Indices, Indices]:
        cut = int(np.searchsorted(indices, self._count))
        return indices[:cut], indices[cut:]

    def loose(self, indices: Indices) -> tuple[npt.NDArray[np.float32], Flags]:
        """Loose boxes of characters ``indices`` (ascending): rows of FS_RECTF (left,
        top, right, bottom), and whether each was given."""
        if self._known is None:
            return _loose(self._raw, indices)
        known, rest = self._split(indices)
        rects, found = _loose(self._raw, rest)
        return (
            np.concatenate((self._known.loose.take(known, axis=0), rects)),
            np.concatenate((self._known.loose_found[known], found)),
        )

    def tight(self, indices: Indices) -> tuple[npt.NDArray[np.float64], Flags]:
        """Tight boxes of characters ``indices`` (ascending): rows of left, right,
        bottom, top, and whether each was given."""
        if self._known is None:
            return _tight(self._raw, indices)
        known, rest = self._split(indices)
        edges, found = _tight(self._raw, rest)
        return (
            np.concatenate((self._known.tight.take(known, axis=0), edges)),
            np.concatenate((self._known.tight_found[known], found)),
        )

    def every_tight(self) -> tuple[npt.NDArray[np.float64], Flags]:
        """:meth:`tight` of every character of the text page, asked for once."""
        if self._every is None:
            self._every = self.tight(np.arange(max(0, self.units.size - 1)))
        return self._every


def page_boxes(textpage: pdfium.PdfTextPage, known: KnownStart | Boxes | None) -> Boxes:
    """The boxes of ``textpage``'s characters: ``known`` when it is those boxes already
    made (the reading and the check of a page share them), else made now from the text
    page's code units and the page's own characters ``known``, if known."""
    if isinstance(known, Boxes):
        if not known.of(textpage):
            raise ValueError("the boxes of another text page")
        return known
    return Boxes(textpage, read_units(textpage), known)


REACH = (0.8, 1.2)
"""Of its em, how far above its baseline a character's loose box may start and end to be
lowered to it (a quote's, an apostrophe's, a degree sign's: within its line's height).
A box higher is a word drawn on another line (review 32: "not" drawn on the line above,
its declared boxes around the ink), read where it is drawn."""
UPRIGHT = 1e-3
"""Of a character's scale, how far its matrix may turn (``b``, ``c``) and it still
stand upright for :func:`down_to_baselines`."""


def down_to_baselines(
    raw: Any, index: Indices, bottom: npt.NDArray[np.float64], top: npt.NDArray[np.float64]
) -> None:
    """Lower the bottom of each upright character's loose box (``bottom``, ``top``: of
    the characters ``index`` of text page ``raw``) that stands wholly above its baseline
    down to the baseline, in place.

    A font's loose box reaches from its descent to its ascent, holding the baseline;
    PDFium gives one of a font without them (cairo's Type 3 fonts, which have no font
    descriptor, drawn at ``Tf 1``) from its glyph's ink up, so a quote's or an
    apostrophe's box stands over its line's middle and made a line of its own. Only a
    character whose bottom is above that of another with the same top (one font, size
    and baseline) is looked at, a few calls each; only a box that stands within its em
    above the baseline (:data:`REACH`) is lowered."""
    if index.size < 2:
        return
    # by top, the lowest bottom of each run of one top
    order = np.argsort(top)
    tops, bottoms = top.take(order), bottom.take(order)
    starts = np.flatnonzero(np.concatenate(([True], tops[1:] != tops[:-1])))
    lowest = np.minimum.reduceat(bottoms, starts)
    above = order[bottoms > np.repeat(lowest, np.diff(np.append(starts, tops.size)))]
    x, y = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    for k in above.tolist():
        at = int(index[k])
        if not pdfium_c.FPDFText_GetCharOrigin(raw, at, x, y) or not bottom[k] > y.value:
            continue
        if not pdfium_c.FPDFText_GetMatrix(raw, at, matrix):
            continue
        scale = min(abs(matrix.a), abs(matrix.d))
        em = pdfium_c.FPDFText_GetFontSize(raw, at) * scale
        if (
            scale > 0
            and max(abs(matrix.b), abs(matrix.c)) <= UPRIGHT * scale
            and y.value < top[k] <= y.value + REACH[1] * em
            and bottom[k] - y.value <= REACH[0] * em
        ):
            bottom[k] = y.value
