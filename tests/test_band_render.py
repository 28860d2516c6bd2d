"""Bands of a page drawn alone are the whole page's render there, or not drawn alone.

:func:`pubrelease.pdf.bandrender.render_bands` draws the rows a check looks at with a
clip; PDFium skips an object whose box misses the clip, so a page with an object that
may draw outside its box (a Type 3 glyph, whose box is what its ``d1`` says) is drawn
whole by the caller, as is a page PDFium would place otherwise (not in whole points).
"""

from __future__ import annotations

import ctypes
import io

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pubrelease.pdf.bandrender import render_bands
from pubrelease.pdf.inkcompare import shifted
from pubrelease.pdf.pagespace import render_upright

from . import attacks as A

SCALE = 3.0
BANDS = [(0, 40), (100, 170), (900, 1000), (2300, 2400)]


def _whole(page: pdfium.PdfPage, offset: tuple[int, int]) -> np.ndarray:
    image = render_upright(page, SCALE, draw_annots=False, may_draw_forms=False, ink=True)
    return shifted(image, *offset, image.shape)


@pytest.mark.parametrize("offset", [(0, 0), (3, -2), (-5, 7)])
def test_bands_are_the_whole_render_there(offset: tuple[int, int]) -> None:
    doc = pdfium.PdfDocument(A.issued(flatten=True))
    for page in doc:
        whole = _whole(page, offset)
        columns = (40, whole.shape[1] - 30)
        banded = render_bands(page, SCALE, BANDS, columns, offset, whole.shape)
        assert banded is not None
        kept = np.zeros(whole.shape, bool)
        for top, bottom in BANDS:
            kept[top:bottom, columns[0] : columns[1]] = True
        assert np.array_equal(banded[kept], whole[kept])
        assert not banded[~kept].any()
        assert whole[kept].any()  # (the bands hold ink: the wording's lines)


def _page(content: bytes, *, size: tuple[float, float] = (612, 792), type3: str = "") -> bytes:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=size)
    fonts = pikepdf.Dictionary(
        H=pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name.Helvetica,
            )
        )
    )
    if type3:
        glyph = pikepdf.Stream(pdf, f"600 0 {type3} d1 0 0 600 700 re f".encode())
        fonts.T = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type3,
                FontBBox=[0, 0, 600, 700],
                FontMatrix=[0.001, 0, 0, 0.001, 0, 0],
                CharProcs=pikepdf.Dictionary(g=glyph),
                Encoding=pikepdf.Dictionary(
                    Type=pikepdf.Name.Encoding, Differences=[65, pikepdf.Name.g]
                ),
                FirstChar=65,
                LastChar=65,
                Widths=[600],
            )
        )
    page.Resources = pikepdf.Dictionary(Font=fonts)
    page.Contents = pdf.make_stream(content)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_type3_glyph_whose_box_lies_has_the_page_drawn_whole() -> None:
    """A glyph whose ``d1`` box stands 600 points above what it draws: a band over what
    it draws would skip it (the whole render draws it), so no band is drawn alone."""
    data = _page(b"BT /T 20 Tf 100 400 Td (A) Tj ET", type3="0 30000 600 30700")
    page = pdfium.PdfDocument(data)[0]
    whole = _whole(page, (0, 0))
    rows = np.flatnonzero(whole.any(axis=1))
    assert len(rows)  # the whole render draws the glyph
    band = [(int(rows[0]), int(rows[-1]) + 1)]
    assert not _clipped(page, band[0], whole.shape).any()  # PDFium skips it in the band
    assert render_bands(page, SCALE, band, (0, whole.shape[1]), (0, 0), whole.shape) is None


def _clipped(page: pdfium.PdfPage, band: tuple[int, int], shape: tuple[int, ...]) -> np.ndarray:
    """The page drawn with a clip to ``band`` (rows), as ink."""
    rows, cols = shape
    drawn = np.full((rows, cols), 255, np.uint8)
    bitmap = pdfium_c.FPDFBitmap_CreateEx(
        cols, rows, pdfium_c.FPDFBitmap_Gray, drawn.ctypes.data_as(ctypes.c_void_p), cols
    )
    try:
        pdfium_c.FPDF_RenderPageBitmapWithMatrix(
            bitmap,
            page.raw,
            pdfium_c.FS_MATRIX(SCALE, 0, 0, SCALE, 0, 0),
            pdfium_c.FS_RECTF(0, band[0], cols, band[1]),
            pdfium_c.FPDF_GRAYSCALE,
        )
    finally:
        pdfium_c.FPDFBitmap_Destroy(bitmap)
    return 255 - drawn


def test_an_honest_type3_glyph_has_the_page_drawn_whole_too() -> None:
    data = _page(b"BT /T 20 Tf 100 400 Td (A) Tj ET", type3="0 0 600 700")
    page = pdfium.PdfDocument(data)[0]
    assert render_bands(page, SCALE, BANDS, (0, 1836), (0, 0), (2376, 1836)) is None


@pytest.mark.parametrize(
    "content",
    [
        b"/GS gs 0 0 1 rg 100 100 200 200 re f",  # (transparency: below)
    ],
)
def test_transparency_has_the_page_drawn_whole(content: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(_page(content)))
    pdf.pages[0].Resources.ExtGState = pikepdf.Dictionary(
        GS=pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=0.5)
    )
    out = io.BytesIO()
    pdf.save(out)
    page = pdfium.PdfDocument(out.getvalue())[0]
    assert render_bands(page, SCALE, BANDS, (0, 1836), (0, 0), (2376, 1836)) is None


@pytest.mark.parametrize("size", [(595.276, 841.89), (612.5, 792)])
def test_a_page_not_in_whole_points_is_drawn_whole(size: tuple[float, float]) -> None:
    """PDFium makes a page's matrix otherwise with a clip when the page is not whole
    points: a pixel's level may differ."""
    page = pdfium.PdfDocument(_page(b"BT /H 10 Tf 72 700 Td (Hello) Tj ET", size=size))[0]
    assert render_bands(page, SCALE, BANDS, (0, 1000), (0, 0), (2000, 1000)) is None


def test_a_turned_page_is_drawn_whole() -> None:
    pdf = pikepdf.open(io.BytesIO(_page(b"BT /H 10 Tf 72 700 Td (Hello) Tj ET")))
    pdf.pages[0].Rotate = 90
    out = io.BytesIO()
    pdf.save(out)
    page = pdfium.PdfDocument(out.getvalue())[0]
    assert render_bands(page, SCALE, BANDS, (0, 1000), (0, 0), (2000, 1000)) is None
