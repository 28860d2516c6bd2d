"""Page text in reading order, read with PDFium (pypdfium2), and rendered crops.

PDFium gives each character with its box (:mod:`.chartable`); grouping them into lines
by position (:mod:`.textlines`) gives reading order whatever order the content stream
drew them in (a flattened release draws its values after the wording). Widget
appearances can be flattened into the page first, so live forms read like printed ones.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Self

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .charboxes import Boxes, KnownStart, page_boxes
from .chartable import Chars, read_chars
from .clipping import Clipped, clipped_chars
from .loadedpages import LoadedPages, loaded
from .matrices import IDENTITY, Matrix, placed, times
from .pagespace import page_space, put_back, shown_part
from .textlines import Line, Rect, block_text, lines, region_texts, set_apart

__all__ = [
    "CharOrigins",
    "CutValue",
    "Line",
    "OriginPages",
    "PageText",
    "Rect",
    "RegionText",
    "TextExtents",
    "ink_in",
    "page_text",
    "placed_chars",
    "read_pages",
    "read_regions",
    "text_extent",
    "word_boxes",
]


@dataclass(frozen=True, slots=True)
class CutValue:
    """A block whose text a clip cuts at its edge (:mod:`.clipping`): what it shows, and
    the text cut from its end (read after it: "" when only a line is cut through)."""

    block: Rect
    shown: str
    cut: str


@dataclass(frozen=True, slots=True)
class PageText:
    page: int
    width: float
    height: float
    lines: tuple[Line, ...]
    cut_values: tuple[CutValue, ...] = ()
    """The blocks whose text a clip cuts at their edge (a value set larger than its box)."""

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def page_text(
    textpage: pdfium.PdfTextPage,
    number: int,
    size: tuple[float, float],
    blocks: list[Rect] | None = None,
    known: KnownStart | Boxes | None = None,
    clipped: Clipped | None = None,
    *,
    type3: bool = False,
) -> PageText:
    """The lines of a text page of page ``number`` (of ``size``, width and height), with
    the characters inside each of ``blocks`` read as one text where it stands; ``known``:
    the page's own characters, if known, or the boxes of the text page's characters
    already made (:mod:`.charboxes`); ``clipped``: its characters a clip cuts away, with
    ``blocks``' overflows (:func:`.clipping.clipped_chars`). Cut characters are not read,
    but a block's overflow's tail is read after the block's text (its value's end, which
    the file holds and the box does not show), and the block is named in ``cut_values``;
    ``type3``: the page draws with a Type 3 font (:func:`.type3place.draws_type3`)."""
    if clipped is None or not clipped.cut.size:
        chars = read_chars(textpage, known, type3=type3)
        return PageText(number, size[0], size[1], lines(chars, number, blocks))
    chars = read_chars(
        textpage, known, frozenset(clipped.cut.tolist()) - clipped.within, type3=type3
    )
    if not blocks or not clipped.overflow:
        return PageText(number, size[0], size[1], lines(chars, number, blocks))
    after = {o.block: (" " if o.spaced else "") + o.text for o in clipped.overflow if o.text}
    read = lines(chars, number, blocks, after=after)
    owned, _ = set_apart(chars, blocks)
    cut = tuple(
        CutValue(blocks[o.block], block_text(owned[o.block], number), o.text)
        for o in clipped.overflow
    )
    return PageText(number, size[0], size[1], read, cut)


def _page_chars(doc: pdfium.PdfDocument, number: int, flatten: bool) -> tuple[float, float, Chars]:
    """A page's size and characters; ``flatten`` draws its widget appearances in first
    (in the in-memory document only)."""
    page = doc[number]
    before = page_space(page)
    # the raw call: the helper insists on init_forms(), which flattening does not need;
    # the page is loaded again only when something was drawn into its content
    if flatten and (
        pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY) != pdfium_c.FLATTEN_NOTHINGTODO
    ):
        page.close()
        page = doc[number]
        put_back(page, before)  # the media box the file gives (.pagespace)
    width, height = page_space(page).size  # the characters' space: upright, uncropped
    textpage = page.get_textpage()
    try:
        return width, height, read_chars(textpage)
    finally:
        textpage.close()
        page.close()


def read_pages(
    doc: pdfium.PdfDocument,
    *,
    flatten: bool = False,
    max_pages: int = 20,
    blocks: dict[int, list[Rect]] | None = None,
) -> list[PageText]:
    """Each page's lines in reading order; ``flatten`` draws widget appearances in first.

    ``blocks`` (rectangles by page index) are boxes whose text is read as one unit
    in the line it stands on (:func:`.textlines.lines`). Flattening changes only the in-memory
    document.
    """
    pages = []
    for number in range(min(len(doc), max_pages)):
        width, height, chars = _page_chars(doc, number, flatten)
        rects = (blocks or {}).get(number)
        pages.append(PageText(number, width, height, lines(chars, number, rects)))
    return pages


def word_boxes(
    doc: pdfium.PdfDocument, page_number: int, word: str
) -> list[tuple[float, float, float, float]]:
    """Boxes (left, bottom, right, top) of each whole-word occurrence of ``word`` on a page."""
    page = doc[page_number]
    textpage = page.get_textpage()
    boxes = []
    try:
        searcher = textpage.search(word, match_case=True, match_whole_word=True)
        while (found := searcher.get_next()) is not None:
            index, count = found
            first = textpage.get_charbox(index)
            last = textpage.get_charbox(index + count - 1)
            boxes.append((first[0], min(first[1], last[1]), last[2], max(first[3], last[3])))
        searcher.close()
    finally:
        textpage.close()
        page.close()
    return boxes


SLANT = 0.05
"""Share of its size by which a character may be slanted, or stretched across, and
still be :func:`placed_chars`' (a glyph 5 % off is drawn alike, a pixel at most)."""


def placed_chars(page: pdfium.PdfPage) -> list[tuple[str, float, float, float]]:
    """Each character PDFium reads on ``page`` drawn upright, as ``(character, x, y,
    size)``: its origin in points and its size on the page, in points (0 for characters
    drawn turned, or slanted or stretched by more than :data:`SLANT`); the spaces and line
    breaks PDFium makes up are left out."""
    textpage = page.get_textpage()
    try:
        x, y = ctypes.c_double(), ctypes.c_double()
        out = []
        for index in range(textpage.count_chars()):
            if pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, x, y):
                found = _placed(textpage, index, x.value, y.value)
                if found is not None:
                    out.append(found)
        return out
    finally:
        textpage.close()


def _placed(
    textpage: pdfium.PdfTextPage, index: int, x: float, y: float
) -> tuple[str, float, float, float] | None:
    """:func:`placed_chars`' tuple of character ``index`` of ``textpage``, whose origin is
    ``x``, ``y``; None for a character it leaves out."""
    if pdfium_c.FPDFText_IsGenerated(textpage.raw, index) == 1:
        return None
    char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
    matrix = pdfium_c.FS_MATRIX()
    if char in "\r\n\0" or not pdfium_c.FPDFText_GetMatrix(textpage.raw, index, matrix):
        return None
    scale = matrix.d
    upright = scale > 0 and max(abs(matrix.b), abs(matrix.c)) <= SLANT * scale
    if upright and abs(matrix.a - scale) <= SLANT * scale:
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index) * scale
    else:
        size = 0.0
    return (char, x, y, size)


@functools.cache
def _char_origin() -> Any:
    """``FPDFText_GetCharOrigin`` taking plain addresses (as :mod:`.charboxes` calls
    PDFium's boxes): ctypes passes an int as ``void *`` faster than a ``c_double``."""
    address = ctypes.cast(pdfium_c.FPDFText_GetCharOrigin, ctypes.c_void_p).value or 0
    p = ctypes.c_void_p
    return ctypes.CFUNCTYPE(ctypes.c_int, p, ctypes.c_int, p, p)(address)


class CharOrigins:
    """The origins of a page's characters, read once (from its text page, which this
    owns; the page stays the caller's), to pick those of a box again and again: a box's
    text extent (:class:`TextExtents`), its characters placed (:func:`placed_chars`')."""

    def __init__(self, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage | None = None) -> None:
        self._owned = textpage is None  # (a text page given is borrowed: never closed here)
        self.textpage = page.get_textpage() if textpage is None else textpage
        # PDFium writes each origin straight into its row (index, x, y): one C call a
        # character, no Python float made
        count = max(0, pdfium_c.FPDFText_CountChars(self.textpage.raw))
        rows = np.zeros((max(count, 1), 3), np.float64)
        rows[:, 0] = np.arange(len(rows))
        origin, address = _char_origin(), ctypes.cast(self.textpage.raw, ctypes.c_void_p).value
        xs = (rows.ctypes.data + 24 * np.arange(count) + 8).tolist()
        found = np.array([origin(address, i, at, at + 8) for i, at in enumerate(xs)], bool)
        # (float64 compares as Python's floats: the same characters as a loop picks)
        self._origins = rows[:count][found.reshape(-1)]

    def within(self, left: float, bottom: float, right: float, top: float) -> list[int]:
        """The rows of the characters whose origins lie in ``left <= x < right`` and
        ``bottom <= y <= top``, in the text page's order."""
        xs, ys = self._origins[:, 1], self._origins[:, 2]
        inside = (left <= xs) & (xs < right) & (bottom <= ys) & (ys <= top)
        rows: list[int] = np.flatnonzero(inside).tolist()
        return rows

    def index(self, row: int) -> int:
        """The text page's index of the character of ``row``."""
        return int(self._origins[row, 0])

    def placed(self, rows: list[int]) -> list[tuple[str, float, float, float]]:
        """:func:`placed_chars`' tuples of the characters of ``rows`` it keeps."""
        out = []
        for row in rows:
            index, x, y = self._origins[row].tolist()
            found = _placed(self.textpage, int(index), x, y)
            if found is not None:
                out.append(found)
        return out

    def close(self) -> None:
        if self._owned:
            self.textpage.close()


def text_extent(data: bytes, number: int, rect: Rect, reach: float) -> Rect:
    """``rect`` of page ``number`` of ``data`` grown up and down to the tight boxes of the
    characters drawn from inside it (their origins in it), by ``reach`` points at most: a
    value set larger than its box, its accents and descenders past the box's edges (not
    across: the wording goes on beside a box, a comma after it)."""
    with TextExtents(data) as extents:
        return extents(number, rect, reach)


class OriginPages:
    """The pages of the document ``data``, each loaded when first asked (as
    :meth:`_prepared` makes it) and kept with its characters' origins
    (:class:`CharOrigins`): the document opened once, at the first page asked, for boxes
    asked one at a time. Close it (or leave its ``with`` block) after."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._doc: pdfium.PdfDocument | None = None
        self._pages: dict[int, tuple[pdfium.PdfPage, CharOrigins]] = {}

    def _prepared(self, doc: pdfium.PdfDocument, number: int) -> pdfium.PdfPage:
        """Page ``number`` of ``doc`` as it is read (here: as the document holds it)."""
        return doc[number]

    def page(self, number: int) -> tuple[pdfium.PdfPage, CharOrigins] | None:
        """Page ``number`` and its characters' origins (borrowed); None when the document
        has no such page."""
        if self._doc is None:
            self._doc = pdfium.PdfDocument(self._data)
        if not 0 <= number < len(self._doc):
            return None
        if number not in self._pages:
            page = self._prepared(self._doc, number)
            self._pages[number] = (page, CharOrigins(page))
        return self._pages[number]

    def close(self) -> None:
        """Close every text page and page read, then the document."""
        for page, origins in self._pages.values():
            origins.close()
            page.close()
        self._pages.clear()
        if self._doc is not None:
            self._doc.close()
            self._doc = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TextExtents(OriginPages):
    """:func:`text_extent` of any number of boxes of one document (the boxes of a
    return's values are asked one by one), its pages read once. ``pages``: ``data``'s
    pages the reading loaded; a page of them that is as the file holds it
    (:meth:`.LoadedPages.plain`) is read with its text page, the file not opened again
    (a print's page: 3.4 ms of a pdftocairo print's parse)."""

    def __init__(self, data: bytes, pages: LoadedPages | None = None) -> None:
        super().__init__(data)
        self._shared = pages
        self._borrowed: dict[int, CharOrigins] = {}

    def page(self, number: int) -> tuple[pdfium.PdfPage, CharOrigins] | None:
        pages = self._shared
        if pages is None or not 0 <= number < len(pages) or not pages.plain(number):
            return super().page(number)
        if number not in self._borrowed:
            self._borrowed[number] = CharOrigins(pages[number], pages.textpage(number))
        return pages[number], self._borrowed[number]

    def __call__(self, number: int, rect: Rect, reach: float) -> Rect:
        """:func:`text_extent` of ``rect`` on page ``number``."""
        left, bottom, right, top = rect
        found = self.page(number)
        if found is None:
            return rect
        _, origins = found
        for row in origins.within(*rect):
            _, box_bottom, _, box_top = origins.textpage.get_charbox(origins.index(row))
            bottom, top = min(bottom, box_bottom), max(top, box_top)
        return (left, max(bottom, rect[1] - reach), right, min(top, rect[3] + reach))


def ink_in(
    doc: pdfium.PdfDocument | LoadedPages,
    page_number: int,
    box: tuple[float, float, float, float],
) -> bool:
    """Whether an image or a drawn path (not a mere rule or underline) lies inside ``box``
    (on a page of a document, or of pages loaded to be shared).

    Used for signatures that are pictures or vector ink rather than typed text, in the
    page's content or in a stamp or ink annotation that viewers draw (a viewer's "add
    signature" tool writes one: review rev24). Only the part of ``box`` a viewer shows
    counts (what a crop box hides is not there to see).
    """
    edges = [ctypes.c_float() for _ in range(4)]
    with loaded(doc) as pages:
        page = pages[page_number]
        shown = shown_part(page_space(page), box)
        if shown is None:
            return False
        left, bottom, right, top = shown
        for kind, obj, placing in _drawings(page.raw):
            if not pdfium_c.FPDFPageObj_GetBounds(obj, *edges):
                raise pdfium.PdfiumError("Failed to locate pageobject.")
            x0, y0, x1, y1 = placed(
                (edges[0].value, edges[1].value, edges[2].value, edges[3].value), placing
            )
            if x1 < left or x0 > right or y1 < bottom or y0 > top:
                continue
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                if (x1 - x0) > 4 and (y1 - y0) > 4:
                    return True
            elif (y1 - y0) > 3 and (x1 - x0) > 3 and _paints(obj):  # (rules are flat)
                return True
        return any(
            a[0] < right and left < a[2] and a[1] < top and bottom < a[3]
            for a in pages.signing(page_number)
        )


PALE = 235
"""The lightest colour (each of red, green and blue, 0..255) a path paints ink in: a
path filled and stroked only in paler colours, or not at all (a clip), is a background
(LibreOffice's export begins every page with a white rectangle over the whole of it,
which read as a signature in every box: a held-out sweep, session 67), not ink."""


def _paints(obj: Any) -> bool:
    """Whether a path object paints ink: filled or stroked, in a colour darker than
    :data:`PALE` that is not wholly transparent (PDFium's reading; unsure counts as ink)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
        return True
    colour = [ctypes.c_uint() for _ in range(4)]
    for painted, get in (
        (fill.value != pdfium_c.FPDF_FILLMODE_NONE, pdfium_c.FPDFPageObj_GetFillColor),
        (bool(stroke.value), pdfium_c.FPDFPageObj_GetStrokeColor),
    ):
        if not painted:
            continue
        if not get(obj, *colour):
            return True
        red, green, blue, alpha = (c.value for c in colour)
        if alpha and min(red, green, blue) < PALE:
            return True
    return False


_DRAWINGS = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH)
_DEPTH = 4
"""Levels of objects looked at: the page's own, and those of form XObjects 3 deep."""


def _drawings(
    container: Any, placing: Matrix = IDENTITY, level: int = 0
) -> Iterator[tuple[int, Any, Matrix]]:
    """The image and path objects of a page (``level`` 0) or of a form XObject in it, and
    of the forms in those down to :data:`_DEPTH` levels, in drawing order, with their
    types and the matrix that places their container on the page (PDFium bounds an
    object in its form's space: a form flattened from an annotation draws its picture
    at the origin and is moved to the box by its matrix): what
    ``page.get_objects(filter=..., max_depth=4)`` yields, without making a Python object
    of every object of the page."""
    count = (pdfium_c.FPDFFormObj_CountObjects if level else pdfium_c.FPDFPage_CountObjects)(
        container
    )
    if count < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    get = pdfium_c.FPDFFormObj_GetObject if level else pdfium_c.FPDFPage_GetObject
    for index in range(count):
        obj = get(container, index)
        if not obj:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind in _DRAWINGS:
            yield kind, obj, placing
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < _DEPTH - 1:
            m = pdfium_c.FS_MATRIX()
            if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
                raise pdfium.PdfiumError("Failed to get the matrix of a form object.")
            inner = times((m.a, m.b, m.c, m.d, m.e, m.f), placing)
            yield from _drawings(obj, inner, level + 1)


@dataclass(frozen=True, slots=True)
class RegionText:
    """A page's text split by regions: what lies inside each rectangle, and the rest."""

    outside: PageText
    inside: tuple[str, ...]
    """The text inside each region, in the order the regions were given (reading order)."""


def read_regions(
    doc: pdfium.PdfDocument | LoadedPages,
    regions: dict[int, list[Rect]],
    *,
    flatten: bool = False,
    max_pages: int = 20,
) -> list[RegionText]:
    """Each page's text with the characters inside ``regions`` (by page index) set apart.

    A character belongs to the region its centre falls in. Characters a clip cuts away
    are not read (:mod:`.clipping`), but a region's overflow, a value set larger than its
    box whose end the box's clip cuts off, is read at the end of its region's text (the
    value the file holds), and the region is named in the page's ``cut_values``.
    ``flatten`` draws into each page the annotations a screen shows
    (:meth:`.LoadedPages.flatten`, in the in-memory document). ``doc``: the document, or
    its pages loaded to be shared (then left loaded, flattened where ``flatten`` drew
    something in).
    """
    out = []
    with loaded(doc) as pages:
        for number in range(min(len(pages), max_pages)):
            page = pages.flatten(number) if flatten else pages[number]
            width, height = page_space(page).size  # the characters' space: upright, uncropped
            textpage = pages.textpage(number)
            rects = regions.get(number, [])
            boxes = page_boxes(textpage, None)
            clipped = clipped_chars(page, textpage, boxes, rects, pages.own.get(number))
            cut = frozenset(clipped.cut.tolist()) - clipped.within
            chars = read_chars(textpage, boxes, cut)
            tails = [over.block for over in clipped.overflow if over.text]
            texts, rest = region_texts(chars, rects, number, tails)
            cut_values = []
            for over in clipped.overflow:
                shown = texts[over.block]
                if over.text:
                    texts[over.block] = shown + (" " if over.spaced else "") + over.text
                cut_values.append(CutValue(rects[over.block], shown, over.text))
            page_text = PageText(number, width, height, lines(rest, number), tuple(cut_values))
            out.append(RegionText(page_text, tuple(texts)))
    return out
