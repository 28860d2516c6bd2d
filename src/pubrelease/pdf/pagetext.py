"""Page text in reading order, read with PDFium (pypdfium2), and rendered crops.

PDFium gives each character with its box; grouping them into lines by
position gives reading order whatever order the content stream drew them in
(a flattened release draws its values after the wording). Widget appearances
can be flattened into the page first, so live forms read like printed ones.
"""

from __future__ import annotations

import ctypes
import functools
import unicodedata
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .bidi import LEVEL_MARK, logical_order
from .charplace import Placer

__all__ = [
    "Line",
    "PageText",
    "RegionText",
    "ink_in",
    "read_pages",
    "read_regions",
    "render_crop",
    "word_boxes",
]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text: its box in PDF points (origin bottom-left) and its text."""

    page: int
    left: float
    bottom: float
    right: float
    top: float
    text: str


@dataclass(frozen=True, slots=True)
class PageText:
    page: int
    width: float
    height: float
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


_Char = tuple[str, float, float, float, float, bool]
"""A character, its loose box and whether it is a left-to-right letter of a run embedded
in a right-to-left paragraph: ``(char, left, right, bottom, top, embedded)``."""

Rect = tuple[float, float, float, float]


def _within(ch: _Char, rect: Rect) -> bool:
    x = (ch[1] + ch[2]) / 2
    y = (ch[3] + ch[4]) / 2
    return rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]


_DROPPED = frozenset((0, 0x0D, 0x0A, 0xFFFE, 0xFFFF))


@functools.cache
def _loose_char_box() -> Any:
    """``FPDFText_GetLooseCharBox`` taking plain addresses: ctypes passes an int as ``void *``
    faster than it checks a ``byref`` against ``FS_RECTF *``; this is called per character."""
    address = ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value or 0
    p = ctypes.c_void_p
    return ctypes.CFUNCTYPE(ctypes.c_int, p, ctypes.c_int, p)(address)


def _chars(textpage: pdfium.PdfTextPage) -> list[_Char]:
    """Every character PDFium found, with its loose box (advance width, font ascent and
    descent, so marks above the line stay on it); generated line breaks dropped.

    The page's text comes in one call (one UTF-16 unit per character index); only
    the boxes are asked for one character at a time. A mark or vowel sign stays with
    the letter before it in text order. Characters PDFium reports in a form XObject's
    own space are put back on the page (:mod:`.charplace`); a space PDFium made up is
    kept only then (a word break next to an ``/ActualText`` span, which no gap shows
    in a script whose words are read by their gaps), elsewhere the gap says the same.
    """
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return []
    units = (ctypes.c_ushort * (count + 1))()
    pdfium_c.FPDFText_GetText(raw, 0, count, units)
    rect = pdfium_c.FS_RECTF()
    ref = ctypes.addressof(rect)
    loose_box, raw_address = _loose_char_box(), ctypes.cast(raw, ctypes.c_void_p).value
    place = Placer(raw)
    levels = _Levels(raw) if _any_rtl(units[:count]) else None
    out: list[_Char] = []
    append = out.append
    for index, code in enumerate(units[:count]):
        if code in _DROPPED or 0xD800 <= code <= 0xDFFF:
            continue
        if not loose_box(raw_address, index, ref):
            continue
        char = "-" if code == 0x02 else chr(code)
        left, right = rect.left, rect.right
        no_width = right <= left
        if code >= 0x300 and out and unicodedata.category(char)[0] == "M":
            last = out[-1]
            if not last[0].isspace():
                # the cluster reaches as far as its last mark (a vowel sign after a conjunct)
                dx, _ = place.shift(index, code)
                right = max(last[2], right + dx)
                out[-1] = (last[0] + char, last[1], right, last[3], last[4], last[5])
                continue
        if no_width and char.isspace():
            kept = place.added_space(index) if code == 0x20 else None
            if kept is None:
                continue  # a space PDFium made up: the gap between boxes says the same
            dx, dy = kept
            append((char, left + dx, right + dx, rect.bottom + dy, rect.top + dy, False))
            continue
        embedded = levels is not None and levels.embedded(index, char)
        dx, dy = place.shift(index, code)
        if dx or dy:
            bottom, top = place.line(index)
            append((char, left + dx, right + dx, bottom, top, embedded))
        else:
            append((char, left, right, rect.bottom, rect.top, embedded))
    return out


def _any_rtl(units: list[int]) -> bool:
    """Whether any of these UTF-16 units is a right-to-left letter."""
    return any(
        unicodedata.bidirectional(chr(code)) in ("R", "AL")
        for code in set(units)
        if 0x590 <= code < 0xD800 or code >= 0xE000
    )


class _Levels:
    """Whether a character of a text page is a left-to-right letter drawn inside a
    :data:`~.bidi.LEVEL_MARK` run of an even level above 0: embedded in a right-to-left
    paragraph (as in "محمد Ali", whose "Ali" is at level 2)."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self._known: dict[int | None, bool] = {}
        self._name = (ctypes.c_ushort * 32)()
        self._size = ctypes.c_ulong()
        self._level = ctypes.c_int()

    def embedded(self, index: int, char: str) -> bool:
        if unicodedata.bidirectional(char) != "L":
            return False
        obj = pdfium_c.FPDFText_GetTextObject(self._raw, index)
        key = ctypes.cast(obj, ctypes.c_void_p).value
        known = self._known.get(key)
        if known is None:
            level = self._level_of(obj) if obj else 0
            known = self._known[key] = level > 0 and level % 2 == 0
        return known

    def _level_of(self, obj: Any) -> int:
        """The level the innermost :data:`~.bidi.LEVEL_MARK` around ``obj`` gives (0)."""
        level = 0
        for k in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
            mark = pdfium_c.FPDFPageObj_GetMark(obj, k)
            if not mark or not pdfium_c.FPDFPageObjMark_GetName(
                mark, self._name, ctypes.sizeof(self._name), ctypes.byref(self._size)
            ):
                continue
            name = bytes(self._name)[: max(self._size.value - 2, 0)].decode("utf-16-le", "replace")
            if name == LEVEL_MARK and pdfium_c.FPDFPageObjMark_GetParamIntValue(
                mark, b"Level", ctypes.byref(self._level)
            ):
                level = self._level.value
        return level


_SPACED = frozenset({"LATIN", "GREEK", "CYRILLIC", "DIGIT", "CJK", "HANGUL", "HIRAGANA"})
_SPACED |= {"KATAKANA", "FULLWIDTH"}


def _unspaced(char: str) -> bool:
    """A letter of a script whose glyphs overlap, reorder and join (Arabic, Hebrew, Indic,
    Thai...): gaps next to it are the shaping's (or ``/ActualText``'s), not spaces."""
    return not char.isascii() and unicodedata.name(char, " ").split(" ")[0] not in _SPACED


def _one_word(before: str, after: str) -> bool:
    """Two characters of one such script: a gap between them is no word break."""
    return _unspaced(before[-1]) and (
        unicodedata.name(before[-1], " ").split(" ")[0]
        == unicodedata.name(after[0], " ").split(" ")[0]
    )


def _block(found: list[_Char], page: int) -> str:
    """The text of the characters of one box where a form draws a value: its lines, top
    to bottom, joined (each read as a value is, :func:`_lines` ``value``)."""
    return " ".join(line.text for line in _lines(found, page, value=True))


def _set_apart(chars: list[_Char], rects: list[Rect]) -> tuple[list[list[_Char]], list[_Char]]:
    """The characters inside each of ``rects`` (the first that holds a character's
    centre), and the rest."""
    inside: list[list[_Char]] = [[] for _ in rects]
    rest: list[_Char] = []
    for ch in chars:
        for k, rect in enumerate(rects):
            if _within(ch, rect):
                inside[k].append(ch)
                break
        else:
            rest.append(ch)
    return inside, rest


def _blocks(chars: list[_Char], page: int, rects: list[Rect]) -> tuple[list[_Char], set[int]]:
    """The characters with those inside each of ``rects`` replaced by one unit: the box's
    text (:func:`_block`), as wide as its characters and as high as the box; the ids of
    those units."""
    if not rects:
        return chars, set()
    inside, rest = _set_apart(chars, rects)
    units = set()
    for found, rect in zip(inside, rects, strict=True):
        if text := _block(found, page):
            unit = (
                text,
                min(c[1] for c in found),
                max(c[2] for c in found),
                rect[1],
                rect[3],
                False,
            )
            units.add(id(unit))
            rest.append(unit)
    return rest, units


def _lines(
    chars: list[_Char], page: int, blocks: list[Rect] | None = None, *, value: bool = False
) -> tuple[Line, ...]:
    """Characters grouped into lines by their vertical overlap, each read left to right
    and put in logical order (right-to-left runs, :func:`~.bidi.logical_order`) phrase by
    phrase: a wide gap (another box or column) starts a phrase of its own.

    ``value``: the characters of a box where a form draws a value, as pubrelease and
    other fillers draw it. There a gap between two letters of a script whose words are
    not read by their gaps elsewhere (Devanagari...) is a word break too: such a value's
    clusters abut (each reaching as far as its last mark), and PDFium drops a space
    glyph drawn alone between two ``/ActualText`` spans, leaving only its advance. A
    line whose left-to-right letters are marked embedded in a right-to-left run
    (:class:`_Levels`) is a right-to-left paragraph ("محمد Ali" set on two lines).

    The characters inside each of ``blocks`` (the boxes where a form draws its values)
    are one unit, read on their own (a value set on two smaller lines, or a right-to-left
    one, reads as one text in logical order) and taking its place in the line its box
    stands on, as a viewer shows it.
    """
    chars, units = _blocks(chars, page, blocks or [])
    rows: list[list[_Char]] = []
    low = high = 0.0
    for ch in sorted(chars, key=lambda c: -(c[4] + c[3])):
        bottom, top = ch[3], ch[4]
        middle = (top + bottom) / 2
        if rows and low <= middle <= high:
            rows[-1].append(ch)
            if bottom < low:
                low = bottom
            if top > high:
                high = top
        else:
            rows.append([ch])
            low, high = bottom, top
    lines = []
    for row in rows:
        row.sort(key=lambda c: c[1])
        rtl = True if value and any(c[5] for c in row) else None
        parts: list[str] = []
        done: list[str] = []  # the phrase so far: runs in logical order and block texts
        phrases: list[str] = []
        previous: _Char | None = None
        for ch in row:
            if previous is not None:
                height = max(previous[4] - previous[3], ch[4] - ch[3], 1.0)
                if id(previous) in units or id(ch) in units:
                    height = min(previous[4] - previous[3], ch[4] - ch[3])
                gap = ch[1] - previous[2]
                if gap > 1.5 * height:  # another box or column: its own bidi paragraph
                    phrases.append("".join(done) + logical_order("".join(parts), rtl))
                    parts, done = [], []
                elif (
                    gap > 0.15 * height
                    and not ch[0][0].isspace()
                    and not previous[0][-1].isspace()
                    and (value or not _one_word(previous[0], ch[0]))
                ):
                    parts.append(" ")
            if id(ch) in units:  # already in logical order
                done.append(logical_order("".join(parts), rtl) + ch[0])
                parts = []
            else:
                parts.append(ch[0])
            previous = ch
        phrases.append("".join(done) + logical_order("".join(parts), rtl))
        text = " ".join(" ".join(phrases).split())
        if text:
            lines.append(
                Line(
                    page,
                    row[0][1],
                    min(c[3] for c in row),
                    max(c[2] for c in row),
                    max(c[4] for c in row),
                    text,
                )
            )
    return tuple(lines)


def _page_chars(
    doc: pdfium.PdfDocument, number: int, flatten: bool
) -> tuple[float, float, list[_Char]]:
    """A page's size and characters; ``flatten`` draws its widget appearances in first
    (in the in-memory document only)."""
    page = doc[number]
    if flatten:
        # the raw call: the helper insists on init_forms(), which flattening does not need
        pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY)
        page.close()
        page = doc[number]
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        return width, height, _chars(textpage)
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
    in the line it stands on (:func:`_lines`). Flattening changes only the in-memory
    document.
    """
    pages = []
    for number in range(min(len(doc), max_pages)):
        width, height, chars = _page_chars(doc, number, flatten)
        rects = (blocks or {}).get(number)
        pages.append(PageText(number, width, height, _lines(chars, number, rects)))
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


def render_crop(
    doc: pdfium.PdfDocument,
    page_number: int,
    box: tuple[float, float, float, float],
    *,
    scale: float = 4.0,
) -> list[list[int]]:
    """Grey levels (0 black .. 255 white) of a box of a page, rendered with forms drawn."""
    page = doc[page_number]
    try:
        width, height = page.get_size()
        left, bottom, right, top = box
        crop = (
            max(0.0, left),
            max(0.0, bottom),
            max(0.0, width - right),
            max(0.0, height - top),
        )
        bitmap = page.render(scale=scale, crop=crop, grayscale=True, may_draw_forms=True)
        image = bitmap.to_pil().convert("L")
        w, h = image.size
        data = list(image.tobytes())
        return [data[r * w : (r + 1) * w] for r in range(h)]
    finally:
        page.close()


def ink_in(
    doc: pdfium.PdfDocument, page_number: int, box: tuple[float, float, float, float]
) -> bool:
    """Whether an image or a drawn path (not a mere rule or underline) lies inside ``box``.

    Used for signatures that are pictures or vector ink rather than typed text.
    """
    left, bottom, right, top = box
    page = doc[page_number]
    try:
        kinds = [pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH]
        for obj in page.get_objects(filter=kinds, max_depth=4):
            x0, y0, x1, y1 = obj.get_bounds()
            if x1 < left or x0 > right or y1 < bottom or y0 > top:
                continue
            if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                if (x1 - x0) > 4 and (y1 - y0) > 4:
                    return True
            elif (y1 - y0) > 3 and (x1 - x0) > 3:  # underlines and rules are flat
                return True
        return False
    finally:
        page.close()


@dataclass(frozen=True, slots=True)
class RegionText:
    """A page's text split by regions: what lies inside each rectangle, and the rest."""

    outside: PageText
    inside: tuple[str, ...]
    """The text inside each region, in the order the regions were given (reading order)."""


def read_regions(
    doc: pdfium.PdfDocument,
    regions: dict[int, list[Rect]],
    *,
    flatten: bool = False,
    max_pages: int = 20,
) -> list[RegionText]:
    """Each page's text with the characters inside ``regions`` (by page index) set apart.

    A character belongs to the region its centre falls in. ``flatten`` draws widget
    appearances into the (in-memory) page first, as :func:`read_pages` does.
    """
    out = []
    for number in range(min(len(doc), max_pages)):
        width, height, chars = _page_chars(doc, number, flatten)
        rects = regions.get(number, [])
        inside, rest = _set_apart(chars, rects)
        texts = tuple(_block(found, number) for found in inside)
        out.append(RegionText(PageText(number, width, height, _lines(rest, number)), texts))
    return out
