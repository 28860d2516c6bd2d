"""The walks of a page's objects through PDFium's functions bound to plain addresses
(pdf/objectcalls.py) give what the walks through pypdfium2's bindings gave: every call
compared with the same call made the old way, on every object of pages that draw text
plainly, mirrored, clipped, covered, invisibly, in ``/ActualText`` spans and in form
XObjects; and the object lists, the spans' boxes and the hidden-text test compared with
the old way's walks (kept here as the reference)."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pubrelease.pdf import drawnshapes, pageobjects
from pubrelease.pdf.matrices import Box, Matrix
from pubrelease.pdf.objectcalls import Walker, as_object
from pubrelease.pdf.pagepaint import UNPAINTED, page_paint
from pubrelease.pdf.rendering import ViewMode, flatten_page

from . import attacks as A

DRAWN = {
    "plain": b"BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) Tj ET",
    "mirrored": b"BT /Helv 10 Tf 0 g -1 0 0 1 70 4 Tm (Bohyung Han) Tj ET",
    "clipped": b"q 0 6.5 300 20 re W n BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) Tj ET Q",
    "ring": b"q 0 0 300 30 re 0 4 300 30 re W* n BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) Tj ET Q",
    "covered": b"BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) Tj ET 1 g 20 6 30 1.5 re f",
    "invisible": b"BT /Helv 10 Tf 3 Tr 2 4 Td (Bohyung Han) Tj ET",
    "clipping text": b"BT /Helv 10 Tf 7 Tr 2 4 Td (Bohyung Han) Tj ET 0 0 50 50 re f",
    "spanned": b"/Span << /ActualText (Mallory) >> BDC BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) "
    b"Tj ET EMC",
    "turned": b"q 0 1 -1 0 40 0 cm BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) Tj ET Q",
    "white": b"BT /Helv 10 Tf 1 g 2 4 Td (Bohyung) Tj 0 g ( Han) Tj ET",
    "stroked light": b"BT /Helv 10 Tf 1 Tr 0.9 G 0 g 2 4 Td (Bohyung Han) Tj ET",
    "shrunk": b"BT /Helv 10 Tf 0 g 2 4 Td (Boh) Tj /Helv -0.05 Tf (y) Tj 2 0 0 2 0 0 Tm "
    b"/Helv 5 Tf (ung Han) Tj ET",
}
"""The printed name's appearance, drawn in ways each walk tells apart."""


def _pages(how: str) -> Iterator[pdfium.PdfPage]:
    data = A.apply(A.issued(), A._redraw("speaker_name", DRAWN[how]), A.Save.INCREMENTAL)
    doc = pdfium.PdfDocument(data)
    try:
        for number in range(len(doc)):
            page = flatten_page(doc, doc[number], number, ViewMode.SCREEN)
            try:
                yield page
            finally:
                page.close()
    finally:
        doc.close()


def _address(handle: Any) -> int | None:
    return ctypes.cast(handle, ctypes.c_void_p).value


def _old_objects(page: pdfium.PdfPage) -> Iterator[Any]:
    """Every object of ``page``, in form XObjects too, through pypdfium2's bindings."""
    stack = [
        pdfium_c.FPDFPage_GetObject(page.raw, i)
        for i in range(pdfium_c.FPDFPage_CountObjects(page.raw))
    ]
    while stack:
        obj = stack.pop()
        yield obj
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_FORM:
            stack.extend(
                pdfium_c.FPDFFormObj_GetObject(obj, i)
                for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))
            )


@pytest.mark.parametrize("how", sorted(DRAWN))
def test_each_call_gives_what_pypdfium2s_gives(how: str) -> None:
    walker = Walker()
    for page in _pages(how):
        old = [
            pdfium_c.FPDFPage_GetObject(page.raw, i)
            for i in range(pdfium_c.FPDFPage_CountObjects(page.raw))
        ]
        assert [_address(o) for o in old] == walker.page_objects(page)
        count = 0
        for obj in _old_objects(page):
            count += 1
            address = _address(obj)
            assert _address(as_object(address)) == address
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            assert walker.kind(address) == kind
            edges = [ctypes.c_float() for _ in range(4)]
            if pdfium_c.FPDFPageObj_GetBounds(obj, *edges):
                assert walker.bounds(address) == tuple(e.value for e in edges)
            else:
                assert walker.bounds(address) is None
            matrix = pdfium_c.FS_MATRIX()
            if pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                assert walker.matrix(address) == m
            else:
                assert walker.matrix(address) is None
            assert walker.marks(address) == pdfium_c.FPDFPageObj_CountMarks(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
                assert walker.render_mode(address) == mode
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                inner = [
                    _address(pdfium_c.FPDFFormObj_GetObject(obj, i))
                    for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))
                ]
                assert walker.form_objects(address) == inner
        assert count > 10


def _old_invisible_text(page: pdfium.PdfPage) -> bool:
    return any(
        pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_TEXT
        and pdfium_c.FPDFTextObj_GetTextRenderMode(obj) in UNPAINTED
        for obj in _old_objects(page)
    )


def _old_spanned_boxes(page: pdfium.PdfPage) -> list[pageobjects.Box]:
    """``spanned_boxes`` as it walked the page through pypdfium2's bindings."""
    edges = [ctypes.c_float() for _ in range(4)]
    matrix = pdfium_c.FS_MATRIX()
    out: list[pageobjects.Box] = []
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    ident = pageobjects._IDENTITY
    stack = [(pdfium_c.FPDFPage_GetObject(page.raw, i), ident, False) for i in range(count)]
    while stack:
        obj, placing, above = stack.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                continue
            m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            inner = pageobjects._times(m, placing)
            in_span = above or pageobjects.spanned(obj)
            stack.extend(
                (pdfium_c.FPDFFormObj_GetObject(obj, i), inner, in_span)
                for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))
            )
        elif (
            kind == pdfium_c.FPDF_PAGEOBJ_TEXT
            and (above or pageobjects.spanned(obj))
            and pdfium_c.FPDFPageObj_GetBounds(obj, *edges)
        ):
            local = (edges[0].value, edges[1].value, edges[2].value, edges[3].value)
            out.append(pageobjects._placed(local, placing))
    return out


def _old_drawing(
    page: pdfium.PdfPage, obj: Any, kind: int, local: Box, placing: Matrix
) -> pageobjects.PageObject:
    """A path with its points on the page, an image with the box it covers."""
    if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        matrix = pdfium_c.FS_MATRIX()
        points: tuple[tuple[float, float], ...] = ()
        count = pdfium_c.FPDFPath_CountSegments(obj)
        if pdfium_c.FPDFPageObj_GetMatrix(obj, matrix) and 0 < count <= drawnshapes.MAX_POINTS:
            m = pageobjects._times(
                (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), placing
            )
            x, y = ctypes.c_float(), ctypes.c_float()
            for index in range(count):
                pdfium_c.FPDFPathSegment_GetPoint(
                    pdfium_c.FPDFPath_GetPathSegment(obj, index), x, y
                )
                points += (
                    (
                        m[0] * x.value + m[2] * y.value + m[4],
                        m[1] * x.value + m[3] * y.value + m[5],
                    ),
                )
        dashed = pdfium_c.FPDFPageObj_GetDashCount(obj) > 0
        box = pageobjects._placed(local, placing)
        return pageobjects.PageObject(box, None, outline=points, dashed=dashed)
    if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        matrix = pdfium_c.FS_MATRIX()
        own = None
        if pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
            own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        local = drawnshapes.covered(page, obj, local, own) or local
    return pageobjects.PageObject(pageobjects._placed(local, placing), None)


def _old_page_objects(
    page: pdfium.PdfPage, within: list[pageobjects.Box] | None = None
) -> list[pageobjects.PageObject]:
    """Every object that draws on ``page``, in form XObjects too, with its box on the
    page (see :class:`pageobjects.PageObject`); only those meeting one of ``within`` when given."""
    fonts: dict[int, pageobjects.DrawingFont] = {}
    edges = [ctypes.c_float() for _ in range(4)]
    out: list[pageobjects.PageObject] = []
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    # each object with the matrix that places its container on the page, and the clips
    # its containers were drawn under (PDFium reports an object's clip within its form
    # only: a clip set around the form's Do is the form object's); None: not rectangles
    Outer = tuple[pageobjects.ClipPath, ...] | None
    stack: list[tuple[Any, pageobjects.Matrix, Outer, bool, bool]] = [
        (pdfium_c.FPDFPage_GetObject(page.raw, i), pageobjects._IDENTITY, (), False, False)
        for i in range(count)
    ]
    seen = 0
    matrix = pdfium_c.FS_MATRIX()
    while stack:
        seen += 1
        if seen > pageobjects.MAX_OBJECTS:
            out.append(pageobjects.PageObject(pageobjects._EVERYWHERE, pageobjects._NO_FONT, False))
            break
        # above: drawn in an /ActualText span; nested: in a form
        obj, placing, outer, above, nested = stack.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                out.append(
                    pageobjects.PageObject(pageobjects._EVERYWHERE, pageobjects._NO_FONT, False)
                )
                continue
            m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            inner = pageobjects._times(m, placing)
            own = pageobjects._clips(obj, placing) if pageobjects._upright(placing) else None
            under = None if outer is None or own is None else outer + own
            in_span = above or pageobjects.spanned(obj)
            stack.extend(
                (pdfium_c.FPDFFormObj_GetObject(obj, i), inner, under, in_span, True)
                for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))
            )
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *edges):
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:  # text PDFium cannot place: anywhere
                out.append(
                    pageobjects.PageObject(pageobjects._EVERYWHERE, pageobjects._NO_FONT, False)
                )
            continue
        local = (edges[0].value, edges[1].value, edges[2].value, edges[3].value)
        box = pageobjects._placed(local, placing)
        if not pageobjects._meets(box, within):
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_TEXT:
            out.append(_old_drawing(page, obj, kind, local, placing))
            continue
        handle = pdfium_c.FPDFTextObj_GetFont(obj)
        font = pageobjects._NO_FONT
        if handle:
            address = ctypes.cast(handle, ctypes.c_void_p).value or 0
            font = fonts.get(address) or fonts.setdefault(address, pageobjects._font(handle))
        # text that also clips what follows (render modes 4 to 7): PDFium reports no text
        # clip on the objects it cuts, so neither it nor they are plain
        clips_after = pdfium_c.FPDFTextObj_GetTextRenderMode(obj) >= pageobjects._FIRST_CLIP_MODE
        # text read from an /ActualText is not read from its glyphs: never plain
        read_as_drawn = not (above or pageobjects.spanned(obj))
        plain = (
            read_as_drawn and not clips_after and bool(pdfium_c.FPDFPageObj_GetMatrix(obj, matrix))
        )
        m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        own = pageobjects._clips(obj, placing) if pageobjects._upright(placing) else None
        clipped = None if outer is None or own is None else outer + own
        placed = pageobjects._times(m, placing)
        upright = (
            not clips_after
            and bool(pdfium_c.FPDFPageObj_GetMatrix(obj, matrix))
            and pageobjects._upright(placed)
            and clipped is not None
        )
        plain = plain and upright
        level = plain and placed[1] == 0.0 and placed[2] == 0.0
        # (filled: as the walk tells it, no form of these pages being seen through)
        mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
        filled = mode in (0, 3) and not pdfium_c.FPDFPageObj_HasTransparency(obj)
        red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
        dark = (
            bool(pdfium_c.FPDFPageObj_GetFillColor(obj, red, green, blue, alpha))
            and alpha.value == 255
            and max(red.value, green.value, blue.value) <= pageobjects.DARK
        )
        # shows: the paint of a text that paints puts ink on white paper, seen through nothing
        getters = [pdfium_c.FPDFPageObj_GetFillColor] if mode in (0, 2, 4, 6) else []
        getters += [pdfium_c.FPDFPageObj_GetStrokeColor] if mode in (1, 2, 5, 6) else []
        shows = not getters
        for getter in getters:
            if getter(obj, red, green, blue, alpha):
                ink = 255 - min(red.value, green.value, blue.value)
                shows = shows or ink * alpha.value >= pageobjects.SHOWS * 255
        shows = shows and not pdfium_c.FPDFPageObj_HasTransparency(obj)
        # size: the font size, whatever its sign, times the scale of the matrix placing it
        font_size = ctypes.c_float()
        size = 0.0
        if not clips_after and pdfium_c.FPDFTextObj_GetFontSize(obj, font_size):
            scale = abs(placed[0] * placed[3] - placed[1] * placed[2]) ** 0.5
            size = round(abs(font_size.value) * scale, 3)
        out.append(
            pageobjects.PageObject(
                box,
                font,
                plain,
                clipped or (),
                placed[5] if level else None,
                filled,
                nested,
                dark,
                upright,
                shows,
                size,
            )
        )
    return out


def _handleless(found: list[pageobjects.PageObject]) -> list[pageobjects.PageObject]:
    """``found`` without the live handles of its text objects (the old walk kept none):
    each a text object's straight on the page, none another's."""
    assert all(bool(o.address) == (o.font is not None and not o.nested) for o in found)
    return [o._replace(address=0) for o in found]


@pytest.mark.parametrize("how", sorted(DRAWN))
def test_the_walks_give_what_they_gave(how: str) -> None:
    rect = A._widget_rect("speaker_name")
    seen_hidden = seen_spans = seen_unshown = False
    for page in _pages(how):
        seen_unshown = seen_unshown or any(
            o.font is not None and not o.shows for o in pageobjects.page_objects(page, [rect])
        )
        hidden = _old_invisible_text(page)
        assert page_paint(page, colours=False).invisible_text == hidden
        spans = _old_spanned_boxes(page)
        assert pageobjects.spanned_boxes(page) == spans
        seen_hidden, seen_spans = seen_hidden or hidden, seen_spans or bool(spans)
        assert _handleless(pageobjects.page_objects(page)) == _old_page_objects(page)
        assert _handleless(pageobjects.page_objects(page, [rect])) == _old_page_objects(
            page, [rect]
        )
    assert seen_hidden == (how in ("invisible", "clipping text"))
    assert seen_spans == (how == "spanned")
    assert seen_unshown == (how in ("white", "stroked light"))
    if how in ("plain", "shrunk"):  # (the sizes text is set at on the page)
        sizes = {
            o.size
            for page in _pages(how)
            for o in pageobjects.page_objects(page, [rect])
            if o.font is not None
        }
        assert sizes == ({10.0, 0.05} if how == "shrunk" else {10.0})
