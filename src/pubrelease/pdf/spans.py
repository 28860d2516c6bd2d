"""The ``/ActualText`` spans of a page's text, each read as one text in logical order.

A shaped cluster (an Arabic letter with its harakat, a Hebrew letter with niqqud, an
Indic conjunct with its vowel sign, a Thai consonant with a vowel and a tone mark) is
drawn by its glyphs inside a span whose ``/ActualText`` is the cluster's text. PDFium
gives that text back character by character, but in no reliable order: it splits the
span's box into equal slices, one a character, reverses them in right-to-left text ("ًض"
for "ضً"), and reads a span drawn by two text-showing operators twice ("ยิ่ยิ่ง"). So a
line put together from those slices had marks on the wrong letters.

:func:`span_groups` finds, among a text page's characters, those PDFium took from one
span (their text objects share the content mark that carries the ``/ActualText``, the
innermost one that does, as PDFium picks it), so that the reading
(:mod:`.chartable`) puts the span's text in their place as one unit, over the union of
their boxes. It does so only where PDFium's characters are the span's text, once or
more times over (the same characters, each as many times): the reading never takes a
character PDFium did not find drawn, and every check of what a page shows, which looks
at PDFium's own characters and their glyphs, is unchanged.
"""

from __future__ import annotations

import ctypes
import weakref
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pypdfium2.raw as pdfium_c

from .bidi import MIRROR
from .joiner import JOINER

__all__ = ["NO_SPANS", "Blank", "Span", "SpanReading", "read_spans"]

Box = tuple[float, float, float, float]
"""left, bottom, right, top."""
Ints = npt.NDArray[np.integer[Any]]


class Span(NamedTuple):
    """The characters PDFium took from one ``/ActualText`` span."""

    positions: list[int]
    """Into the characters looked at, in text order."""
    text: str
    """The span's ``/ActualText``."""
    box: Box
    """The union of the bounds of the text objects that draw the span's glyphs, in the
    space PDFium reports its characters in (a form's, for a flattened field)."""
    whole: bool
    """Whether PDFium's characters are the span's text, once or more times over."""
    start: float
    """Where its first text object starts drawing, in the same space: the pen's position
    before its glyphs, where the cluster before it ends, left of the ink by the side
    bearing of its glyph (:data:`_BEARING` font sizes at most, else the ink's left)."""


_ACTUAL_TEXT = b"ActualText"
_LOOKED_AT = 0x300
"""Characters before the combining marks are not looked at: a span of Latin letters (a
ligature) is read by PDFium in its order, and a page of them costs nothing more. Except
the brackets and quotes of :data:`.bidi.MIRROR` (:data:`_MIRRORED`)."""
_MIRRORED = np.array(sorted(ord(c) for c in MIRROR if ord(c) < _LOOKED_AT), np.int32)
"""A bracket drawn mirrored in a right-to-left run is drawn in a span whose text is the
bracket typed ("(" drawn with the glyph of ")"): PDFium gives the span's text, then
swaps it for its pair (``GetMirrorChar``) wherever its own grouping of the line (not the
bidi algorithm's: no bracket pairs, and the line's other text counts) calls it
right-to-left, so only the span's text, read from its mark, is the typed bracket."""
_IS_MIRRORED = np.zeros(0x10000, bool)
_IS_MIRRORED[_MIRRORED] = True
"""Per UTF-16 code unit, whether it is one of :data:`_MIRRORED` (one lookup a code: a
fraction of the time of :func:`numpy.isin`)."""


_JOINER = ord(JOINER)
"""The character that starts a span of the first cluster of a line that goes on with the
word before it: the span's text is it and a letter that may be Latin or a hyphen."""


class _Marks:
    """The span (its mark, as a number, and its text) of a text page's characters, asked
    once a text object."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self._known: dict[int, tuple[int, str] | None] = {}
        self._by_index: dict[int, tuple[int, str] | None] = {}
        self._buffer = (ctypes.c_ubyte * 512)()
        self._size = ctypes.c_ulong()

    def span(self, index: int) -> tuple[int, str] | None:
        """The span of the text object of character ``index``, if any."""
        if index in self._by_index:
            return self._by_index[index]
        found = self._by_index[index] = self.object_span(
            pdfium_c.FPDFText_GetTextObject(self._raw, index)
        )
        return found

    def object_span(self, obj: Any) -> tuple[int, str] | None:
        """The span of a text object (its mark, as a number, and its text), if any."""
        key = ctypes.cast(obj, ctypes.c_void_p).value
        if key is None:
            return None
        if key not in self._known:
            self._known[key] = self._span_of(obj)
        return self._known[key]

    def _span_of(self, obj: Any) -> tuple[int, str] | None:
        """The innermost mark of ``obj`` with an ``/ActualText`` and that text."""
        found = None
        for k in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
            mark = pdfium_c.FPDFPageObj_GetMark(obj, k)
            if not mark:
                continue
            text = self._text(mark)
            if text is not None:
                found = (ctypes.cast(mark, ctypes.c_void_p).value or 0, text)
        return found

    def _text(self, mark: Any) -> str | None:
        """The mark's ``/ActualText`` string, decoded as PDFium decodes it (its raw bytes:
        PDFium's string getter reads them as UTF-8, which loses UTF-16)."""
        size = self._size
        if not pdfium_c.FPDFPageObjMark_GetParamBlobValue(
            mark, _ACTUAL_TEXT, None, 0, ctypes.byref(size)
        ):
            return None
        if size.value > ctypes.sizeof(self._buffer):
            self._buffer = (ctypes.c_ubyte * size.value)()
        if not pdfium_c.FPDFPageObjMark_GetParamBlobValue(
            mark, _ACTUAL_TEXT, self._buffer, ctypes.sizeof(self._buffer), ctypes.byref(size)
        ):
            return None
        return _decoded(bytes(self._buffer)[: size.value])


def _decoded(raw: bytes) -> str:
    """A PDF text string: UTF-16 after its byte order mark, UTF-8 after its own, else
    PDFDocEncoding (as Latin-1: a character it reads otherwise fails the comparison with
    PDFium's characters, and the span is left as PDFium reads it)."""
    if raw.startswith((b"\xfe\xff", b"\xff\xfe")):
        return raw.decode("utf-16", "replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    return raw.decode("latin-1")


class Blank(NamedTuple):
    """A span whose ``/ActualText`` is a space (a word break drawn with a glyph whose own
    text is another character: HarfBuzz draws a ZWJ with the space glyph): PDFium gives
    no character for it. Where on the page its text object starts, and its font size."""

    x: float
    y: float
    size: float


class SpanReading(NamedTuple):
    spans: list[Span]
    blanks: list[Blank]
    """Spans of a space, on the page (looked for only on a page with other spans)."""


NO_SPANS = SpanReading([], [])


def read_spans(textpage: Any, indices: Ints, codes: Ints, *, starts: bool = True) -> SpanReading:
    """Of the characters at ``indices`` of ``textpage`` (a pypdfium2 ``PdfTextPage``),
    with their ``codes`` in text order, those PDFium took from each ``/ActualText`` span
    (from U+0300 on, and the one after a :data:`~.joiner.JOINER`); ``starts=False``
    leaves each span's start at its glyphs' left.

    PDFium gives a span's characters slices of the box of one of the text objects that
    draw it (a letter raised or lowered with ``Ts`` is another text object: the base
    letter under a shadda drawn apart was in no character's box); a span's box here is
    that of all its glyphs. A span whose glyphs lie further apart than a cluster's width
    (:data:`_CLUSTER` font sizes) is left out: it is left as PDFium reads it. Spans of a
    space are found on the page's objects (:class:`Blank`)."""
    raw = textpage.raw
    joined = np.concatenate(([False], codes[:-1] == _JOINER))  # a line's start (:mod:`.joiner`)
    if codes.dtype == np.uint16:  # PDFium's code units: every one in the table
        mirrored = _IS_MIRRORED.take(codes)
    else:
        inside = (codes >= 0) & (codes < _IS_MIRRORED.size)
        mirrored = _IS_MIRRORED.take(np.where(inside, codes, 0)) & inside
    looked = np.flatnonzero((codes >= _LOOKED_AT) | mirrored | joined)
    if not looked.size:
        return NO_SPANS
    page = _page(textpage)
    marks = page.marks
    members: dict[int, list[int]] = {}
    texts: dict[int, str] = {}
    for position, index in zip(looked.tolist(), indices[looked].tolist(), strict=True):
        found = marks.span(index)
        if found is not None:
            members.setdefault(found[0], []).append(position)
            texts[found[0]] = found[1]
    if not members:
        return NO_SPANS
    for key, positions in members.items():
        _with_letters_beside(positions, key, len(texts[key]), raw, indices, codes, marks)
    extents, blanks = page.objects()
    x, y = ctypes.c_double(), ctypes.c_double()
    out = []
    for key, positions in members.items():
        box = extents.get(key)
        size = pdfium_c.FPDFText_GetFontSize(raw, int(indices[positions[0]]))
        if box is None or max(box[2] - box[0], box[3] - box[1]) > _CLUSTER * size:
            continue
        text = texts[key]
        whole = _repeats(text, "".join(map(chr, codes[positions].tolist())))
        start = box[0]
        for p in positions if starts else ():
            if pdfium_c.FPDFText_GetCharOrigin(raw, int(indices[p]), x, y):
                start = min(start, x.value) if box[0] - x.value <= _BEARING * size else start
        out.append(Span(positions, text, box, whole, start))
    return SpanReading(out, blanks)


def _with_letters_beside(
    positions: list[int], key: int, length: int, raw: Any, indices: Ints, codes: Ints, marks: _Marks
) -> None:
    """Adds to a span's ``positions`` (in text order) the characters before :data:`_LOOKED_AT`
    next to them that PDFium took from the same span: the base letter of a Latin, Greek or
    Cyrillic letter whose marks have no precomposed form ("x́", "Q̣̀"), drawn in a span
    with its marks, is not looked at by its code, and left out, it would stay where PDFium
    reports it (in a flattened field's form space, :mod:`.charplace`). At most as many
    as the span has characters; never a space or a character PDFium made up."""
    room = length - len(positions)
    for step, start in ((-1, positions[0]), (1, positions[-1])):
        other = start + step
        while room > 0 and 0 <= other < len(codes):
            code, index = int(codes[other]), int(indices[other])
            if code >= _LOOKED_AT or chr(code).isspace():
                break
            if pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
                break
            found = marks.span(index)
            if found is None or found[0] != key:
                break
            if step < 0:
                positions.insert(0, other)
            else:
                positions.append(other)
            room -= 1
            other += step


_BEARING = 0.3
"""In font sizes, the widest side bearing a span's glyphs are taken to have."""


_CLUSTER = 3.0
"""In font sizes, the widest and tallest a cluster's glyphs together may be taken to be."""


def _repeats(text: str, got: str) -> bool:
    """Whether ``got`` holds the characters of ``text``, each as many times over; a
    bracket of :data:`.bidi.MIRROR` may be its pair (PDFium's mirroring, :data:`_MIRRORED`)."""
    if got == text:
        return True
    if len(got) == len(text) == 1 and got == MIRROR.get(text):
        return True
    times, rest = divmod(len(got), len(text)) if text else (0, 1)
    return not rest and sorted(got) == sorted(text * times)


_DEPTH = 4
"""Levels of form XObjects looked into (as :func:`.pagetext.ink_in`)."""


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class _Page:
    """What is known of a text page's spans: its marks, and (walked once, when a span is
    met) its text objects' extents by mark and its spans of a space."""

    def __init__(self, textpage: Any) -> None:
        self.marks = _Marks(textpage.raw)
        self._page = textpage.page.raw
        self._objects: tuple[dict[int, Box], list[Blank]] | None = None

    def objects(self) -> tuple[dict[int, Box], list[Blank]]:
        if self._objects is None:
            self._objects = _extents(self._page, self.marks)
        return self._objects


_PAGES: weakref.WeakKeyDictionary[Any, _Page] = weakref.WeakKeyDictionary()
"""Per text page (the reading and the check of what shows read the same one)."""


def _page(textpage: Any) -> _Page:
    found = _PAGES.get(textpage)
    if found is None:
        found = _PAGES[textpage] = _Page(textpage)
    return found


def _extents(page: Any, marks: _Marks) -> tuple[dict[int, Box], list[Blank]]:
    """The union of the bounds of the text objects of ``page`` (and of its forms, in each
    form's own space) marked by each content mark (as a number); and the text objects
    whose innermost ``/ActualText`` is a space, placed on the page."""
    out: dict[int, Box] = {}
    blanks: list[Blank] = []
    edges = [ctypes.c_float() for _ in range(4)]
    matrix = pdfium_c.FS_MATRIX()
    size = ctypes.c_float()
    count = pdfium_c.FPDFPage_CountObjects(page)
    stack = [(pdfium_c.FPDFPage_GetObject(page, i), 0, _IDENTITY) for i in range(count)]
    while stack:
        obj, level, outer = stack.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < _DEPTH:
            if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                continue
            inner = _times(outer, matrix)
            count = pdfium_c.FPDFFormObj_CountObjects(obj)
            stack.extend(
                (pdfium_c.FPDFFormObj_GetObject(obj, i), level + 1, inner) for i in range(count)
            )
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        count = pdfium_c.FPDFPageObj_CountMarks(obj)
        if not count or not pdfium_c.FPDFPageObj_GetBounds(obj, *edges):
            continue
        bounds = tuple(edge.value for edge in edges)
        for k in range(count):
            key = ctypes.cast(pdfium_c.FPDFPageObj_GetMark(obj, k), ctypes.c_void_p).value
            if not key:
                continue
            left, bottom, right, top = bounds
            if key in out:
                x0, y0, x1, y1 = out[key]
                left, bottom = min(left, x0), min(bottom, y0)
                right, top = max(right, x1), max(top, y1)
            out[key] = (left, bottom, right, top)
        found = marks.object_span(obj)
        if (
            found is not None
            and found[1].isspace()
            and pdfium_c.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
        ):
            a, b, c, d, e, f = outer
            x, y = bounds[0], bounds[1]  # a space's bounds: its origin
            blanks.append(Blank(a * x + c * y + e, b * x + d * y + f, size.value * abs(d)))
    return out, blanks


def _times(outer: Matrix, m: Any) -> Matrix:
    """``m`` (a form's matrix, in its parent's space) followed by ``outer``."""
    a, b, c, d, e, f = outer
    return (
        m.a * a + m.b * c,
        m.a * b + m.b * d,
        m.c * a + m.d * c,
        m.c * b + m.d * d,
        m.e * a + m.f * c + e,
        m.e * b + m.f * d + f,
    )
