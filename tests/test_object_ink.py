"""A text object's own ink inside a box (pubrelease.pdf.objectink), on pages built with
pikepdf: the blank of a line of wording set as one object, and objects that do draw in
it though their text layer puts nothing there (a Type 3 glyph drawn far from its
character, a stroke) or puts the same character twice (PDFium keeps one of the two)."""

from __future__ import annotations

import ctypes
import io

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pubrelease.pdf.objectink import ink_within

BLANK = (125.0, 700.0, 200.0, 714.0)
"""The value box, in the blank between "as of" and "(Effective Date)"."""


def _page(content: bytes, type3: bool = False) -> bytes:
    pdf = pikepdf.new()
    fonts = pikepdf.Dictionary(
        F1=pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name.Helvetica,
                Encoding=pikepdf.Name.WinAnsiEncoding,
            )
        )
    )
    if type3:
        # "a" draws a bar 100 units wide, 120 units right of its own cell
        glyph = pdf.make_stream(b"600 0 d0 120 0 100 60 re f")
        fonts.T3 = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type3,
                FontBBox=[0, 0, 600, 700],
                FontMatrix=[0.01, 0, 0, 0.01, 0, 0],
                CharProcs=pikepdf.Dictionary(a=glyph),
                Encoding=pikepdf.Dictionary(Differences=[97, pikepdf.Name.a]),
                FirstChar=97,
                LastChar=97,
                Widths=[6],
                Resources=pikepdf.Dictionary(),
            )
        )
    page = pdf.add_blank_page(page_size=(612, 792))
    page.obj.Resources = pikepdf.Dictionary(Font=fonts)
    page.obj.Contents = pdf.make_stream(content)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _objects_meeting(data: bytes, rect: tuple[float, float, float, float]) -> list[bool | None]:
    doc = pdfium.PdfDocument(data)
    page = doc[0]
    out = []
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        bounds = [
            pdfium_c.FS_FLOAT(),
            pdfium_c.FS_FLOAT(),
            pdfium_c.FS_FLOAT(),
            pdfium_c.FS_FLOAT(),
        ]
        pdfium_c.FPDFPageObj_GetBounds(obj, *bounds)
        box = tuple(float(b.value) for b in bounds)
        if box[0] < rect[2] and rect[0] < box[2] and box[1] < rect[3] and rect[1] < box[3]:
            address = ctypes.cast(obj, ctypes.c_void_p).value or 0
            out.append(ink_within(doc, page, address, box, rect))  # type: ignore[arg-type]
    page.close()
    doc.close()
    return out


LINE = b"BT /F1 10 Tf 72 703 Td [(made as of) -9000 (\\(Effective Date\\) by and between)] TJ ET"


def test_a_line_of_wording_around_the_blank_draws_nothing_in_it() -> None:
    assert _objects_meeting(_page(LINE), BLANK) == [False]


@pytest.mark.parametrize(
    "content",
    [
        # a letter in the blank, in the same object
        b"BT /F1 10 Tf 72 703 Td [(made as of) -4000 (x) -4500 (\\(Effective Date\\))] TJ ET",
        # the line stroked sixteen points wide: its ink reaches into the blank
        b"BT 1 Tr 16 w /F1 10 Tf 72 703 Td [(made as of) -8600 (\\(Effective Date\\))] TJ ET",
    ],
    ids=["letter-in-the-blank", "thick-stroke"],
)
def test_an_object_that_draws_in_the_blank_is_seen(content: bytes) -> None:
    assert _objects_meeting(_page(content), BLANK) == [True]


def test_a_type3_glyph_drawn_away_from_its_character_is_seen() -> None:
    """Its character's cell lies left of the blank; its procedure paints inside it."""
    content = LINE + b" BT /T3 100 Tf 20 703 Td (a) Tj ET"
    assert _objects_meeting(_page(content, type3=True), BLANK) == [False, True]


def test_the_same_character_drawn_twice_is_seen() -> None:
    """PDFium's text page keeps one of two equal characters at one place (a fake bold);
    the second object's ink is its own all the same."""
    content = (
        b"BT /F1 10 Tf 72 703 Td [(made as of) -800 (7) -8200 (\\(Effective Date\\))] TJ ET "
        b"BT /F1 10 Tf 72 703 Td [(made as of) -800 (7)] TJ ET"
    )
    assert _objects_meeting(_page(content), BLANK) == [True, True]
