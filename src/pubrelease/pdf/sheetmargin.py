"""What a sheet printed "fit to page" shows outside the form's page: its margin.

A page printed on other paper (:mod:`.fitted`) is laid in the form's frame (:mod:`.reframe`);
what the sheet shows beyond the form's page then lies outside the media box, where the
reading counts it as not shown: words there read as hidden text. But a person sees them:
a browser prints the date, the document's title, its address and "1/2" in the sheet's
margins (Chromium's and Firefox's headers and footers), and anyone may write there.

:func:`sheet_margin` finds them: the page's text objects that lie wholly outside the
form's page (or outside the box in which the form's pages draw anything: a header
printed over the form's blank margin) and inside what the sheet shows, set in lines
(pieces of a line stand far apart: a header's date at the left, the title in the
middle), with where they stand on the sheet. :func:`without_margin` takes them off a
copy of the page, so that the copy shows the form's page only (what else the sheet shows
there is said by the reading); only when the page then draws the form's page as it did,
pixel for pixel, where they did not stand (PDFium writes the page's
content anew to take them off: what it would lose or change, it does not take off); and
it says whether the sheet shows other ink there (a drawing, a picture, words drawn as
outlines).
"""

from __future__ import annotations

import ctypes
import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .matrices import Box
from .pagespace import render_upright
from .type3place import no_font_program

__all__ = ["Margin", "MarginLine", "sheet_margin", "without_margin"]

APART = 3.0
"""A gap of this many times a line's height parts two pieces of it (a header's columns)."""
INK = 64
"""Grey levels (of 255) by which a pixel must darken to be ink (anti-aliasing is less)."""
GROWN = 1.0
"""Points by which the form's page and the margin's words are grown when ink is looked for
beyond them (the anti-aliasing of their edges)."""
SCALE = 1.0
"""Pixels a point of the renders that ink is judged on."""


@dataclass(frozen=True, slots=True)
class MarginLine:
    """A line of words in the sheet's margin: its ``pieces`` (left to right) and its box
    on the sheet, in points."""

    pieces: tuple[str, ...]
    box: Box


@dataclass(frozen=True, slots=True)
class Margin:
    """What a sheet shows outside the form's page."""

    objects: tuple[int, ...]
    """The indices of the page's text objects there."""
    lines: tuple[MarginLine, ...]
    """Their words, in lines, top to bottom."""
    ink: Box | None
    """The box of the other ink there (None: none)."""


def sheet_margin(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    frame: Box,
    shown: Box,
    drawn: Box | None = None,
) -> Margin | None:
    """What ``page`` shows outside ``frame`` (where the form's page stands on the sheet)
    and inside ``shown`` (what the sheet shows): None for nothing. Text objects count
    when they lie wholly there, or wholly outside ``drawn`` (where the form's page
    draws anything, on the sheet: a header printed over the form's blank margin)."""
    found: list[tuple[int, str, Box]] = []
    handles: dict[int, Box] = {}  # (each object found, by its handle: its characters)
    beyond = frame if drawn is None else drawn
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        box = _bounds(obj)
        if _inside(box, shown) and _apart(box, beyond) and not _unchecked(obj):
            found.append((index, _text(obj, textpage), box))
            handles[_address(obj)] = box
    ink = _ink(page, frame, shown, [b for _, _, b in found])
    if not found and ink is None:
        return None
    runs = _runs(textpage, handles)
    pieces = [(t, run) for _, t, b in found for run in runs.get(b, [b])]
    lines = _lines(pieces, textpage)
    return Margin(tuple(i for i, _, _ in found), lines, ink)


def _unchecked(obj: pdfium_c.FPDF_PAGEOBJECT) -> bool:
    """Whether text object ``obj`` draws in a font with no font program (a Type 3 font,
    whose glyphs are pictures: a "VOID" in block letters its ``/ToUnicode`` calls "1/2",
    review rev30): its words are not read as a header's, it stays what the page draws."""
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    return no_font_program(ctypes.cast(font, ctypes.c_void_p).value)


def _address(obj: pdfium_c.FPDF_PAGEOBJECT) -> int:
    """A page object's handle, as a number (to be looked up)."""
    return ctypes.cast(obj, ctypes.c_void_p).value or 0


def _runs(textpage: pdfium.PdfTextPage, handles: dict[int, Box]) -> dict[Box, list[Box]]:
    """The boxes of the runs of characters of each text object of ``handles`` (by its
    box) that stand :data:`APART` from each other: one object may set a header's columns
    far apart (Ghostscript's ``pdfwrite`` joins a line's shows in one ``TJ``)."""
    chars: dict[Box, list[Box]] = {}
    for index in range(pdfium_c.FPDFText_CountChars(textpage.raw)):
        box = handles.get(_address(pdfium_c.FPDFText_GetTextObject(textpage.raw, index)))
        if box is None or chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index)).isspace():
            continue
        edges = [ctypes.c_double() for _ in range(4)]
        pdfium_c.FPDFText_GetCharBox(textpage.raw, index, *(ctypes.byref(e) for e in edges))
        left, right, bottom, top = (e.value for e in edges)
        chars.setdefault(box, []).append((left, bottom, right, top))
    out: dict[Box, list[Box]] = {}
    for box, boxes in chars.items():
        boxes.sort(key=lambda b: b[0])
        height = (box[3] - box[1]) or 1.0
        runs = [[boxes[0]]]
        for after in boxes[1:]:
            if after[0] - max(b[2] for b in runs[-1]) > APART * height:
                runs.append([])
            runs[-1].append(after)
        out[box] = [_around(run) for run in runs]
    return out


def without_margin(page: pdfium.PdfPage, indices: Sequence[int], frame: Box) -> bool:
    """Page objects ``indices`` taken off ``page`` (its content written anew) when the
    page still draws ``frame`` as it did, pixel for pixel (to :data:`INK`); whether they
    were. When they were not, the page may be changed in memory but not yet written:
    the caller drops it."""
    if not indices:
        return False
    before = render_upright(page, SCALE, frame)
    taken: list[Box] = []  # (where they stood: a header over the form's blank margin)
    for index in sorted(indices, reverse=True):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if not obj:
            return False
        taken.append(_bounds(obj))
        if not pdfium_c.FPDFPage_RemoveObject(page.raw, obj):
            return False
        pdfium_c.FPDFPageObj_Destroy(obj)
    if not pdfium_c.FPDFPage_GenerateContent(page.raw):
        return False
    after = render_upright(page, SCALE, frame)
    if before.shape != after.shape:
        return False
    changed = np.abs(before.astype(np.int16) - after.astype(np.int16)) >= INK
    for box in taken:  # (what they drew is gone, as it should be)
        _clear(changed, box, frame)
    return not changed.any()


def _ink(page: pdfium.PdfPage, frame: Box, shown: Box, words: Sequence[Box]) -> Box | None:
    """The box of the ink the sheet shows outside ``frame`` (the form's page), besides
    the margin's ``words`` (their boxes): None when there is none."""
    if _inside(shown, frame):
        return None  # (the sheet shows the form's page only: nothing beyond it to draw)
    levels = render_upright(page, SCALE, shown)
    ink = levels < 255 - INK
    left, _, _, top = shown
    for box in (frame, *words):
        _clear(ink, box, shown)
    rows, cols = np.nonzero(ink)
    if not rows.size:
        return None
    return (
        left + cols.min() / SCALE,
        top - (rows.max() + 1) / SCALE,
        left + (cols.max() + 1) / SCALE,
        top - rows.min() / SCALE,
    )


def _clear(pixels: npt.NDArray[np.bool_], box: Box, rendered: Box) -> None:
    """``box`` (grown by :data:`GROWN`) cleared in ``pixels``, a render of ``rendered``."""
    left, _, _, top = rendered
    x0 = max(0, int((box[0] - GROWN - left) * SCALE))
    x1 = max(0, int((box[2] + GROWN - left) * SCALE) + 1)
    y0 = max(0, int((top - box[3] - GROWN) * SCALE))
    y1 = max(0, int((top - box[1] + GROWN) * SCALE) + 1)
    pixels[y0:y1, x0:x1] = False


def _bounds(obj: pdfium_c.FPDF_PAGEOBJECT) -> Box:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(
        obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    )
    return left.value, bottom.value, right.value, top.value


def _inside(box: Box, outer: Box) -> bool:
    return box[0] >= outer[0] and box[1] >= outer[1] and box[2] <= outer[2] and box[3] <= outer[3]


def _apart(box: Box, other: Box) -> bool:
    return box[2] < other[0] or box[0] > other[2] or box[3] < other[1] or box[1] > other[3]


def _text(obj: pdfium_c.FPDF_PAGEOBJECT, textpage: pdfium.PdfTextPage) -> str:
    """The text a text object shows (ligatures spelt out)."""
    size = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFTextObj_GetText(
        obj, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size
    )
    text = buffer.raw[: size - 2].decode("utf-16-le", errors="replace")
    return unicodedata.normalize("NFKC", text)


def _lines(objects: list[tuple[str, Box]], textpage: pdfium.PdfTextPage) -> tuple[MarginLine, ...]:
    """Text objects set in lines (those that share most of their height), each line cut
    in pieces where its words stand :data:`APART`; each piece's text as the page's text
    layer reads it in the piece's box (its spaces where PDFium sees them), or its
    objects' own run together."""
    rows: list[list[tuple[str, Box]]] = []
    for text, box in sorted(objects, key=lambda o: (-o[1][3], o[1][0])):
        if not text.strip():
            continue
        for row in rows:
            low, high = min(b[1] for _, b in row), max(b[3] for _, b in row)
            if min(high, box[3]) - max(low, box[1]) > 0.5 * min(high - low, box[3] - box[1]):
                row.append((text, box))
                break
        else:
            rows.append([(text, box)])
    out = []
    for row in rows:
        row.sort(key=lambda o: o[1][0])
        height = max(b[3] - b[1] for _, b in row) or 1.0
        pieces = [[row[0]]]
        for (_, before), (text, box) in itertools.pairwise(row):
            if box[0] - before[2] > APART * height:
                pieces.append([])
            pieces[-1].append((text, box))
        texts = []
        for piece in pieces:
            read = textpage.get_text_bounded(*_around([b for _, b in piece]))
            texts.append(
                " ".join(
                    (unicodedata.normalize("NFKC", read) or "".join(t for t, _ in piece)).split()
                )
            )
        out.append(MarginLine(tuple(texts), _around([b for _, b in row])))
    return tuple(out)


def _around(boxes: Sequence[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
