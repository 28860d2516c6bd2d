"""PyMuPDF's way of drawing consent boxes, read from the widgets (``reading/provenfill.py``):
the chosen box a ZapfDingbats mark alone, the other box nothing.

PyMuPDF names its ZapfDingbats in the WinAnsi encoding, whose names for the marks' codes
("three") the font has no glyph for: PDFium, MuPDF and pdf.js draw the check, poppler
(Evince, Okular) an empty box. Its own fills are read from their widgets with that error
on the record (``viewers-disagree``, ``pdf/symbolnames.py``), as the general path reads
them. Drawn in the font's own encoding, an agreed release, its decline box not drawn at all, is
read with the general path's findings on that box (``consent-unsure``: a person should
see that it does not show); a declined one, its agree box not drawn, is left to the
general path. A box drawn otherwise than with one whole, dark mark standing in the
middle of the box, or an empty box drawing anything, or a border given a colour to be
drawn in, leaves the file to the general path; each change is made with pypdf, as an
incremental update and re-saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

from pubrelease import Release, Status

from .clippedfills import mupdf_fill
from .conftest import ADA
from .helpers import poppler_blank_ticks, rewritten, update, widget_readings

TODAY = dt.date(2020, 9, 23)


def _own_encoding(writer: PdfWriter) -> None:
    """ZapfDingbats in its own encoding (PyMuPDF names WinAnsi)."""
    for box in _boxes(writer):
        for state in box["/AP"]["/N"].values():
            fonts = state.get_object().get("/Resources", {}).get("/Font", {})
            for font in fonts.values():
                font = font.get_object()
                if font.get("/BaseFont") == "/ZapfDingbats" and "/Encoding" in font:
                    del font["/Encoding"]


@pytest.fixture(scope="module")
def honest() -> bytes:
    return rewritten(mupdf_fill(ADA), _own_encoding)


def test_pymupdfs_own_fill_is_read_with_the_error_of_its_marks() -> None:
    """(Its marks named in WinAnsi: poppler shows both boxes empty.)"""
    record, taken, general = widget_readings(mupdf_fill(ADA), today=TODAY)
    assert taken and record == general
    assert record.status is Status.INVALID and poppler_blank_ticks(record), record.findings


def test_an_agreed_release_is_read_with_the_general_paths_findings(honest: bytes) -> None:
    record, taken, general = widget_readings(honest, today=TODAY)
    assert taken and record == general
    assert record.status is Status.VALID, record.findings
    unsure = [f.message for f in record.findings if f.code == "consent-unsure"]
    assert any("Decline box does not show" in m for m in unsure), record.findings


def test_a_declined_release_is_read_the_general_way() -> None:
    values = {k: v for k, v in ADA.values().items() if v is not None}
    data = rewritten(mupdf_fill(Release.create(**{**values, "consent": "decline"})), _own_encoding)
    record, taken, general = widget_readings(data, today=TODAY)
    assert not taken and record == general


def _boxes(writer: PdfWriter) -> list[DictionaryObject]:
    return [
        ref.get_object()
        for page in writer.pages
        for ref in page.get("/Annots") or []
        if "/AS" in ref.get_object()
    ]


def _drawn(state: str, content: bytes) -> Callable[[PdfWriter], None]:
    """The appearance of each box's ``state`` drawing ``content`` (its resources kept)."""

    def edit(writer: PdfWriter) -> None:
        for box in _boxes(writer):
            normal = box["/AP"]["/N"].get_object()
            if state in normal:
                normal[state].get_object().set_data(content)

    return edit


def _coloured_border(writer: PdfWriter) -> None:
    """A border colour for the style PyMuPDF writes on every widget: now drawn."""
    for box in _boxes(writer):
        box[NameObject("/MK")][NameObject("/BC")] = ArrayObject([FloatObject(0)])


_MARK = b"q 1 w BT 0 g 2.1 2.2 Td /ZaDb 11 Tf (3) Tj ET Q"
CHANGES: dict[str, Callable[[PdfWriter], None]] = {
    "a mark in a light grey": _drawn("/Accept", _MARK.replace(b"0 g", b"0.8 g")),
    "a mark cut by the box": _drawn("/Accept", _MARK.replace(b"2.1 2.2", b"6 2.2")),
    "a small mark in a corner": _drawn(
        "/Accept", _MARK.replace(b"2.1 2.2 Td /ZaDb 11", b"6 6 Td /ZaDb 5")
    ),
    "a mark of another sign": _drawn("/Accept", _MARK.replace(b"(3)", b"(a)")),
    "two marks": _drawn("/Accept", _MARK.replace(b"(3) Tj", b"(3) Tj (3) Tj")),
    "an empty box drawing a mark": _drawn("/Off", _MARK),
    "a border drawn": _coloured_border,
}


@pytest.mark.parametrize("build", [update, rewritten], ids=["incremental", "re-saved"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_the_proof_does_not_cover_is_read_the_general_way(
    honest: bytes, change: str, build: Callable[..., bytes]
) -> None:
    record, taken, general = widget_readings(build(honest, CHANGES[change]), today=TODAY)
    assert not taken, change
    assert record == general
