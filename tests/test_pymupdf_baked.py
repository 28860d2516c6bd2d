"""PyMuPDF's fills flattened by PyMuPDF (``Document.bake()``), read from their drawings
(``reading/drawnfill.py``): the agree box drawn as one ZapfDingbats mark, not as one of
the template's states, the decline box as nothing.

A mark alone, whole, dark, standing in the middle of its box, is taken as the box ticked,
as the reading of live PyMuPDF fills takes it (``tests/test_pymupdf_fills.py``); the
records are the general path's, with its error where PyMuPDF names the font's marks in
WinAnsi (poppler shows nothing: ``viewers-disagree``). Each change below is made with
pypdf, as an incremental update and re-saved, and the file is then either left to the
general path or read with the general path's record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject

from pubrelease import Status

from .clippedfills import mupdf_fill
from .conftest import ADA
from .helpers import poppler_blank_ticks, rewritten, update, widget_readings

TODAY = dt.date(2020, 9, 23)
BUILDS = pytest.mark.parametrize("build", [update, rewritten], ids=["incremental", "re-saved"])


def _marks(writer: PdfWriter) -> list[object]:
    """The drawings of ZapfDingbats marks on the pages (PyMuPDF's ticks, baked)."""
    out = []
    for page in writer.pages:
        for ref in page["/Resources"].get("/XObject", {}).values():
            stream = ref.get_object()
            if b"/ZaDb" in stream.get_data():
                out.append(stream)
    return out


def _own_encoding(writer: PdfWriter) -> None:
    """ZapfDingbats in its own encoding (PyMuPDF names WinAnsi)."""
    for stream in _marks(writer):
        for font in stream["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/Encoding" in font:
                del font["/Encoding"]


def _redrawn(content: bytes) -> Callable[[PdfWriter], None]:
    def edit(writer: PdfWriter) -> None:
        (stream,) = _marks(writer)
        stream.set_data(content)

    return edit


@pytest.fixture(scope="module")
def baked() -> bytes:
    return mupdf_fill(ADA, bake=True)


def test_a_baked_fill_is_read_from_its_drawings_with_the_error_of_its_marks(
    baked: bytes,
) -> None:
    record, taken, general = widget_readings(baked, today=TODAY)
    assert taken and record == general, [f.message for f in general.findings]
    assert record.status is Status.INVALID and poppler_blank_ticks(record)
    assert record.consent.value == "accept"


def test_a_baked_fill_with_marks_every_viewer_draws_is_valid(baked: bytes) -> None:
    record, taken, general = widget_readings(rewritten(baked, _own_encoding), today=TODAY)
    assert taken and record == general, [f.message for f in general.findings]
    assert record.status is Status.VALID, record.findings


ATTACKS: dict[str, bytes] = {
    # a small mark in the box's corner: no tick where a person looks for one
    "a small mark in a corner": b"q BT 0 g 0.5 0.5 Td /ZaDb 4 Tf (3) Tj ET Q",
    # a mark in white
    "a white mark": b"q BT 1 g 2.1 2.2 Td /ZaDb 11 Tf (3) Tj ET Q",
    # two marks, or a mark and a letter
    "two marks": b"q BT 0 g 2.1 2.2 Td /ZaDb 5 Tf (33) Tj ET Q",
    # a mark beyond the box, cut by its clip
    "a mark cut by the box": b"q BT 0 g 6 2.2 Td /ZaDb 11 Tf (3) Tj ET Q",
    # a cross instead of a check (a mark all the same: read as ticked on both paths)
    "a cross": b"q BT 0 g 2.1 2.2 Td /ZaDb 11 Tf (8) Tj ET Q",
    # a mark under a rise of the text
    "a raised mark": b"q BT 0 g 2.1 2.2 Td 3 Ts /ZaDb 11 Tf (3) Tj ET Q",
    # a mark drawn through a matrix that scales it
    "a scaled mark": b"q 0.3 0 0 0.3 0 0 cm BT 0 g 2.1 2.2 Td /ZaDb 11 Tf (3) Tj ET Q",
}


@BUILDS
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_mark_drawn_otherwise_is_read_as_the_general_path_reads_it(
    baked: bytes, attack: str, build: Callable[..., bytes]
) -> None:
    record, taken, general = widget_readings(build(baked, _redrawn(ATTACKS[attack])), today=TODAY)
    assert not taken or record == general, (attack, record.status, general.status)


@BUILDS
@pytest.mark.parametrize(
    "attack", ["a small mark in a corner", "a white mark", "two marks", "a scaled mark"]
)
def test_a_mark_a_person_may_not_see_as_a_tick_is_not_taken(
    baked: bytes, attack: str, build: Callable[..., bytes]
) -> None:
    _, taken, _ = widget_readings(build(baked, _redrawn(ATTACKS[attack])), today=TODAY)
    assert not taken, attack


@BUILDS
def test_a_mark_in_a_font_of_the_files_own_is_not_taken(
    baked: bytes, build: Callable[..., bytes]
) -> None:
    def edit(writer: PdfWriter) -> None:
        (stream,) = _marks(writer)
        font = stream["/Resources"]["/Font"]["/ZaDb"].get_object()
        font[NameObject("/FontDescriptor")] = DictionaryObject()

    _, taken, _ = widget_readings(build(baked, edit), today=TODAY)
    assert not taken
