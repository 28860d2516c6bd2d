"""Attacks on the reading of PyMuPDF's fills from their widgets (``reading/provenfill.py``:
a consent box ticked with one ZapfDingbats mark, the decline box drawn as nothing).

Each attack edits an honest PyMuPDF fill with pypdf, as an incremental update and
re-saved, and asserts that the fast path declines it or reads it as the general path
does. Two holes a review found, each test first showing what a viewer shows:

* PyMuPDF names ``/WinAnsiEncoding`` for its ZapfDingbats: poppler (``pdftoppm``,
  Evince, Okular) maps the code through WinAnsi's names ("three"), which ZapfDingbats has
  no glyph for, and draws nothing; the agree box shows empty there. Both paths now say
  so, an error (``viewers-disagree``, ``pdf/symbolnames.py``), and the fast path takes
  such a mark only with that error on the record, which makes its record the general
  path's (the attacks below start from PyMuPDF's fill with its ``/Encoding`` removed,
  ``own``).
* The mark path asked only for one pixel of ink in the box: a mark of 4 to 6 points, or
  one in a corner of the box, was taken as a tick while the general path finds that the
  Accept box does not show. A mark must now put ink in the middle half of the box as the
  general path asks (``visual.BOX_MARKED``).
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from pubrelease import Status

from .clippedfills import mupdf_fill
from .conftest import ADA
from .helpers import poppler_blank_ticks, require_tool, rewritten, update, widget_readings

TODAY = dt.date(2020, 9, 23)
BUILDS = pytest.mark.parametrize("build", [update, rewritten], ids=["incremental", "re-saved"])


@pytest.fixture(scope="module")
def honest() -> bytes:
    return mupdf_fill(ADA)


@pytest.fixture(scope="module")
def own(honest: bytes) -> bytes:
    """PyMuPDF's fill, its marks' ZapfDingbats in its own encoding (taken)."""
    return rewritten(honest, _no_encoding)


def _boxes(writer: PdfWriter) -> list[DictionaryObject]:
    return [
        ref.get_object()
        for page in writer.pages
        for ref in page.get("/Annots") or []
        if "/AS" in ref.get_object()
    ]


def _box(writer: PdfWriter, state: str) -> DictionaryObject:
    return next(box for box in _boxes(writer) if state in box["/AP"]["/N"])


def _mark(content: bytes, state: str = "/Accept") -> Callable[[PdfWriter], None]:
    """The box of ``state`` drawing ``content`` in that state (its resources kept)."""

    def edit(writer: PdfWriter) -> None:
        _box(writer, state)["/AP"]["/N"][state].get_object().set_data(content)

    return edit


def _check(size: float, x: float, y: float, byte: bytes = b"3") -> bytes:
    return b"q BT 0 g %g %g Td /ZaDb %g Tf (%s) Tj ET Q" % (x, y, size, byte)


def _agree_pixels(data: bytes) -> tuple[int, int, int, int]:
    """The agree box's pixels at 72 dpi on page 2 (y0, y1, x0, x1)."""
    page = PdfReader(io.BytesIO(data)).pages[1]
    height = float(page.mediabox.height)
    for ref in page["/Annots"]:
        annot = ref.get_object()
        if "/Accept" in annot.get("/AP", {}).get("/N", {}):
            left, bottom, right, top = (float(v) for v in annot["/Rect"])
            return int(height - top), int(height - bottom) + 1, int(left), int(right) + 1
    raise AssertionError("no agree box")


def _pdfium_ink(data: bytes) -> int:
    """The darkest ink (255 less the grey level) PDFium with forms shows in the agree box."""
    y0, y1, x0, x1 = _agree_pixels(data)
    doc = pdfium.PdfDocument(data)
    try:
        doc.init_forms()
        image = doc[1].render(scale=1, may_draw_forms=True).to_pil().convert("L")
    finally:
        doc.close()
    return int(255 - np.asarray(image)[y0:y1, x0:x1].min())


def _poppler_ink(data: bytes, folder: Path) -> int:
    """The same, as poppler (``pdftoppm``) shows it."""
    source = folder / "box.pdf"
    source.write_bytes(data)
    args = [require_tool("pdftoppm"), "-r", "72", "-f", "2", "-l", "2", "-gray", "-png"]
    subprocess.run([*args, str(source), str(folder / "p")], check=True, timeout=120)
    (png,) = folder.glob("p*.png")
    y0, y1, x0, x1 = _agree_pixels(data)
    return int(255 - np.asarray(Image.open(png).convert("L"))[y0:y1, x0:x1].min())


def _no_encoding(writer: PdfWriter) -> None:
    """The marks' ZapfDingbats in its own encoding (``/Encoding`` removed)."""
    for box in _boxes(writer):
        for stream in box["/AP"]["/N"].values():
            font = stream.get_object().get("/Resources", {}).get("/Font", {}).get("/ZaDb")
            if font is not None:
                font.get_object().pop("/Encoding", None)


# ------------------------------------------------------------------------------------ holes


@pytest.mark.parametrize("byte", [b"3", b"n"], ids=["check", "square"])
def test_a_winansi_mark_that_poppler_does_not_draw_is_an_error_on_both_paths(
    honest: bytes, byte: bytes, tmp_path: Path
) -> None:
    data = rewritten(honest, _mark(_check(11, 2.1, 2.2, byte)))
    assert _pdfium_ink(data) > 128  # PDFium draws the mark
    assert _poppler_ink(data, tmp_path) < 32  # poppler: an empty box
    record, taken, general = widget_readings(data, today=TODAY)
    assert taken and record.to_dict() == general.to_dict()
    assert poppler_blank_ticks(record), record.findings  # (viewers-disagree: symbolnames)
    assert record.status is Status.INVALID


def test_a_mark_in_its_own_encoding_shows_in_poppler_too(honest: bytes, tmp_path: Path) -> None:
    """The fix's direction: without ``/WinAnsiEncoding`` poppler draws the check."""
    data = rewritten(honest, _no_encoding)
    assert _pdfium_ink(data) > 128 and _poppler_ink(data, tmp_path) > 128
    record, taken, general = widget_readings(data, today=TODAY)
    assert taken and record.to_dict() == general.to_dict()


SMALL = {
    "a check of 4 points": _check(4, 4, 4),
    "a check of 6 points": _check(6, 3, 3),
    "a cross of 4 points": _check(4, 0, 1, b"7"),
    "a check of 7 points in the top right corner": _check(7, 5.5, 5.5),
}


@BUILDS
@pytest.mark.parametrize("mark", sorted(SMALL))
def test_a_small_or_cornered_mark_is_read_as_the_general_path_reads_it(
    own: bytes, mark: str, build: Callable[..., bytes]
) -> None:
    data = build(own, _mark(SMALL[mark]))
    assert _pdfium_ink(data) > 128  # a viewer shows a small mark
    record, taken, general = widget_readings(data, today=TODAY)
    assert record.to_dict() == general.to_dict()
    assert not taken


# ------------------------------------------------------------------------ declined, rightly


def _value_says_decline(writer: PdfWriter) -> None:
    """The agree box still showing its mark, the field's ``/V`` (and the widget's) now
    ``/Decline``: pdf.js's checkbox element follows ``/V``."""
    agree = _box(writer, "/Accept")
    agree[NameObject("/V")] = NameObject("/Decline")
    agree["/Parent"].get_object()[NameObject("/V")] = NameObject("/Decline")


def _value_off(writer: PdfWriter) -> None:
    agree = _box(writer, "/Accept")
    agree.pop("/V", None)
    agree["/Parent"].get_object()[NameObject("/V")] = NameObject("/Off")


def _swapped(writer: PdfWriter) -> None:
    """The agree box drawn as nothing (``/Off``), the decline box ticked with a mark."""
    _box(writer, "/Accept")[NameObject("/AS")] = NameObject("/Off")
    _box(writer, "/Decline")[NameObject("/AS")] = NameObject("/Decline")


def _neither(writer: PdfWriter) -> None:
    """Both boxes drawn as nothing."""
    _box(writer, "/Accept")[NameObject("/AS")] = NameObject("/Off")


def _other_appearance(kind: str) -> Callable[[PdfWriter], None]:
    """The decline box's ``/D`` (pressed) or ``/R`` (hovered) appearance a mark in
    every state."""

    def edit(writer: PdfWriter) -> None:
        box = _box(writer, "/Decline")
        mark = box["/AP"]["/N"]["/Decline"]
        box["/AP"][NameObject(kind)] = DictionaryObject(
            {NameObject("/Off"): mark, NameObject("/Decline"): mark}
        )

    return edit


def _background(writer: PdfWriter) -> None:
    """A black background (``/MK /BG``) for the decline box, drawn as nothing."""
    _box(writer, "/Decline")["/MK"][NameObject("/BG")] = ArrayObject([FloatObject(0)])


def _caption(writer: PdfWriter) -> None:
    """``/MK /CA`` a circle: a viewer drawing the box itself draws that."""
    for box in _boxes(writer):
        box["/MK"][NameObject("/CA")] = TextStringObject("l")


DECLINED: dict[str, Callable[[PdfWriter], None]] = {
    "a value of decline under the agree box's mark": _value_says_decline,
    "a value of Off under the agree box's mark": _value_off,
    "the agree box undrawn, the decline box ticked": _swapped,
    "both boxes undrawn": _neither,
    "a pressed appearance of a mark": _other_appearance("/D"),
    "a hovered appearance of a mark": _other_appearance("/R"),
    "a background for the undrawn box": _background,
    "another caption": _caption,
    "an empty string before the mark": _mark(b"q BT 0 g 2 2 Td /ZaDb 11 Tf () Tj (3) Tj ET Q"),
    "a mark in white": _mark(_check(11, 2.1, 2.2).replace(b"0 g", b"1 g")),
    "a mark in a CMYK white": _mark(_check(11, 2.1, 2.2).replace(b"0 g", b"0 0 0 0 k")),
    "a mark drawn invisibly": _mark(_check(11, 2.1, 2.2).replace(b"BT", b"BT 3 Tr")),
    "a mark under a clip beside it": _mark(b"q 0 0 1 1 re W n " + _check(11, 2.1, 2.2)[2:]),
    "a mark moved by a matrix": _mark(b"q 1 0 0 1 40 0 cm " + _check(11, 2.1, 2.2)[2:]),
    "a mark scaled by the text matrix": _mark(
        b"q BT 0 g 0.2 0 0 0.2 4 4 Tm /ZaDb 11 Tf (3) Tj ET Q"
    ),
    "a mark below the box": _mark(_check(11, 2.1, -12)),
}


@BUILDS
@pytest.mark.parametrize("change", sorted(DECLINED))
def test_a_change_is_declined(own: bytes, change: str, build: Callable[..., bytes]) -> None:
    record, taken, general = widget_readings(build(own, DECLINED[change]), today=TODAY)
    assert not taken, change
    assert record.to_dict() == general.to_dict()


def _zapf_standard_encoding(writer: PdfWriter) -> None:
    for box in _boxes(writer):
        for stream in box["/AP"]["/N"].values():
            font = stream.get_object().get("/Resources", {}).get("/Font", {}).get("/ZaDb")
            if font is not None:
                font.get_object()[NameObject("/Encoding")] = NameObject("/StandardEncoding")


@BUILDS
def test_marks_in_the_standard_encoding_are_declined(
    own: bytes, build: Callable[..., bytes]
) -> None:
    record, taken, general = widget_readings(build(own, _zapf_standard_encoding), today=TODAY)
    assert not taken and record.to_dict() == general.to_dict()


# --------------------------------------------------------------- taken, as the general path


def _both(writer: PdfWriter) -> None:
    """The decline box set to its state too: PyMuPDF's mark drawn in both boxes."""
    _box(writer, "/Decline")[NameObject("/AS")] = NameObject("/Decline")


def _bevelled(writer: PdfWriter) -> None:
    """A wide bevelled border style on each box, with no border colour (``/MK /BC``)."""
    for box in _boxes(writer):
        box[NameObject("/BS")] = DictionaryObject(
            {NameObject("/S"): NameObject("/B"), NameObject("/W"): NumberObject(4)}
        )


def test_both_boxes_ticked_are_read_as_both(own: bytes) -> None:
    for build in (update, rewritten):
        record, taken, general = widget_readings(build(own, _both), today=TODAY)
        assert taken and record.to_dict() == general.to_dict()
        assert record.consent.value == "both", record.findings


@BUILDS
def test_a_border_style_with_no_colour_shows_nothing_and_is_read_alike(
    own: bytes, build: Callable[..., bytes], tmp_path: Path
) -> None:
    data = build(own, _bevelled)
    assert _poppler_ink(data, tmp_path) == _poppler_ink(own, tmp_path)
    assert _pdfium_ink(data) == _pdfium_ink(own)
    record, taken, general = widget_readings(data, today=TODAY)
    assert taken and record.to_dict() == general.to_dict()
