"""Drawings some viewers read otherwise than the readings from widgets once did (review of
session 62).

* **Operators inside an array.** ``[ BT ... (Ada Lovelace) Tj ET ] 0 d`` is one operand
  to every viewer (PDFium, poppler, MuPDF, pdf.js): its operators draw nothing. The
  content tokenizer read the brackets as loose tokens and the text between them as drawn;
  the signature was read from the widget, ``valid``.
* **A clip with no path.** ``q W n`` before the value sets no clip in PDFium and poppler,
  and clips everything away in MuPDF (mutool, PyMuPDF, SumatraPDF): the signature, or the
  consent box's tick, shows in one viewer and not in the other, and both paths said
  ``valid`` (a box drawn otherwise than the form's was taken on PDFium's pixels alone).

Each is made to the signature (and to the Accept box) of pypdf's honest fill, as an
incremental update and re-saved; what the viewers show is checked with PDFium, pdftoppm
and mutool.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, StreamObject

from pubrelease import load_form
from pubrelease.pdf.contentapart import read_apart
from pubrelease.reading.contenttokens import NotPlain, content_tokens

from .helpers import require_tool, rewritten, update, widget_readings

TODAY = dt.date(2020, 9, 23)
SIGNATURE = (120, 491, 380, 504)
"""The signature's box on page 2 (points: left, bottom, right, top)."""
ACCEPT = (72, 460, 400, 530)
"""Around the consent boxes on page 2."""
PAGE = (0, 0, 612, 792)
_TEXT = b"BT /Helv 11.2 Tf 0 g 2 2.479 Td (Ada Lovelace) Tj ET"
_TICK = b"q BT /PRF0 11 Tf 0 g 1 0 0 1 0.569 1.65 Tm <02E8> Tj ET Q"
"""The form's own drawing of a ticked box."""


def _widget(writer: PdfWriter, name: str) -> Any:
    for page in writer.pages:
        for ref in page.get("/Annots") or ():
            widget = ref.get_object()
            field = widget if "/T" in widget else widget["/Parent"].get_object()
            if field.get("/T") == name:
                return widget
    raise AssertionError(name)


def _signature(content: bytes) -> Callable[[PdfWriter], None]:
    def edit(writer: PdfWriter) -> None:
        _widget(writer, "signature")["/AP"]["/N"].get_object().set_data(content)

    return edit


def _accept(content: bytes) -> Callable[[PdfWriter], None]:
    def edit(writer: PdfWriter) -> None:
        for page in writer.pages:
            for ref in page.get("/Annots") or ():
                states = ref.get_object().get("/AP", {}).get("/N")
                if hasattr(states, "keys") and "/Accept" in states.get_object():
                    states.get_object()["/Accept"].get_object().set_data(content)

    return edit


def _signature_marked(content: bytes) -> Callable[[PdfWriter], None]:
    """The signature's appearance drawing ``content``, its dictionary marked as a font
    program's (``/Length1``), which no viewer asks of a form."""

    def edit(writer: PdfWriter) -> None:
        stream = _widget(writer, "signature")["/AP"]["/N"].get_object()
        stream.set_data(content)
        stream[NameObject("/Length1")] = NumberObject(len(content))

    return edit


def _signature_nested(content: bytes) -> Callable[[PdfWriter], None]:
    """The signature's appearance drawing a form of its own that draws ``content``."""

    def edit(writer: PdfWriter) -> None:
        stream = _widget(writer, "signature")["/AP"]["/N"].get_object()
        inner = StreamObject()
        inner.set_data(content)
        inner.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): stream["/BBox"],
                NameObject("/Resources"): stream["/Resources"],
            }
        )
        resources = stream["/Resources"].get_object()
        resources[NameObject("/XObject")] = DictionaryObject(
            {NameObject("/Fm9"): writer._add_object(inner)}
        )
        stream.set_data(b"q /Fm9 Do Q")

    return edit


def _run_length(data: bytes) -> bytes:
    """``data`` under ``/RunLengthDecode``: runs of up to 128 bytes as they are."""
    out = bytearray()
    for at in range(0, len(data), 128):
        chunk = data[at : at + 128]
        out += bytes([len(chunk) - 1]) + chunk
    return bytes(out + b"\x80")


def _signature_run_length(content: bytes) -> Callable[[PdfWriter], None]:
    """The signature's appearance drawing ``content``, stored under a filter every viewer
    undoes and the fast reader does not (run-length)."""

    def edit(writer: PdfWriter) -> None:
        stream = _widget(writer, "signature")["/AP"]["/N"].get_object()
        stream._data = _run_length(content)  # (stored as encoded: pypdf encodes no RLE)
        stream[NameObject("/Filter")] = NameObject("/RunLengthDecode")

    return edit


def _split_page(writer: PdfWriter) -> None:
    """Page 2's content streams ``[q W] [n] [its own] [Q]``: viewers join them, and the
    clip set across two of them has no path."""
    page = writer.pages[1]
    own = page.raw_get("/Contents")
    parts = []
    for data in (b"q W", b"n"):
        stream = StreamObject()
        stream.set_data(data)
        parts.append(writer._add_object(stream))
    end = StreamObject()
    end.set_data(b"Q")
    own = list(own) if isinstance(own, ArrayObject) else [own]
    page[NameObject("/Contents")] = ArrayObject([*parts, *own, writer._add_object(end)])


CHANGES = {
    "the value inside an array": _signature(b"q 2 0 254 13 re W n [ " + _TEXT + b" ] 0 d Q"),
    "the value after a clip of no path": _signature(b"q W n " + _TEXT + b" Q"),
    "the tick after a clip of no path": _accept(b"q W n " + _TICK + b" Q"),
    "the value in a colour given four operands": _signature(_TEXT.replace(b"0 g", b"1 0 0 g")),
    "the value after a clip of no path, marked a font program": _signature_marked(
        b"q W n " + _TEXT + b" Q"
    ),
    "the value after a clip of no path, in a form": _signature_nested(b"q W n " + _TEXT + b" Q"),
    # (a path only some viewers build: h with no point, m with no operands)
    "the value after a clip of a closed nothing": _signature(b"q h W n " + _TEXT + b" Q"),
    "the value after a clip of a point given no operands": _signature(b"q m W n " + _TEXT + b" Q"),
    # (a path's operator inside a string, nested, or after a %, in a string)
    "the value after a clip, a string holding a path": _signature(
        b"/Span <</ActualText ((x) re)>> BDC EMC q W n " + _TEXT + b" Q"
    ),
    "the value after a clip, a string holding a comment": _signature(
        b"/Span <</ActualText ((x)%)>> BDC EMC q W n " + _TEXT + b" Q"
    ),
    "the value after a clip, an image's data a path": _signature(
        b"q BI /W 1 /H 1 /BPC 8 /CS /G ID m EI W n " + _TEXT + b" Q"
    ),
    "the tick in a colour given four operands": _accept(_TICK.replace(b"0 g", b"1 0 0 g")),
    "the value after a clip of no path, run-length encoded": _signature_run_length(
        b"q W n " + _TEXT + b" Q"
    ),
    "the page after a clip of no path set across its content streams": _split_page,
}


def _region(grey: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    left, bottom, right, top = box
    return grey[792 - top : 792 - bottom, left:right].astype(int)


def _pdfium(data: bytes) -> np.ndarray:
    doc = pdfium.PdfDocument(data)
    doc.init_forms()
    try:
        return np.asarray(doc[1].render(scale=1.0, may_draw_forms=True).to_pil().convert("L"))
    finally:
        doc.close()


def _poppler(data: bytes, folder: Path) -> np.ndarray:
    source = folder / "shown.pdf"
    source.write_bytes(data)
    command = [require_tool("pdftoppm"), "-f", "2", "-l", "2", "-r", "72", "-png"]
    subprocess.run([*command, "-singlefile", source, folder / "poppler"], check=True, timeout=120)
    return np.asarray(Image.open(folder / "poppler.png").convert("L"))


def _mupdf(data: bytes, folder: Path) -> np.ndarray:
    source = folder / "shown.pdf"
    source.write_bytes(data)
    out = folder / "mupdf.png"
    command = [require_tool("mutool"), "draw", "-q", "-r", "72", "-c", "gray", "-o", out]
    subprocess.run([*command, source, "2"], check=True, capture_output=True, timeout=120)
    return np.asarray(Image.open(out).convert("L"))


def _differs(a: np.ndarray, b: np.ndarray) -> bool:
    return bool((abs(a - b) > 128).sum() > 20)


def _shown(data: bytes, folder: Path) -> dict[str, np.ndarray]:
    """Page 2 of ``data`` as PDFium, poppler and MuPDF draw it."""
    return {
        "pdfium": _pdfium(data),
        "poppler": _poppler(data, folder),
        "mupdf": _mupdf(data, folder),
    }


@pytest.fixture(scope="module")
def drawn_before(
    honest: bytes, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, np.ndarray]]:
    """The form's blank page 2 and the honest fill's, in each viewer."""
    folder = tmp_path_factory.mktemp("before")
    return {"blank": _shown(load_form().template, folder), "honest": _shown(honest, folder)}


@pytest.mark.parametrize("build", ["incremental", "resaved"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_drawing_some_viewers_show_otherwise_is_not_read_from_the_widgets(
    honest: bytes,
    drawn_before: dict[str, dict[str, np.ndarray]],
    change: str,
    build: str,
    tmp_path: Path,
) -> None:
    data = (update if build == "incremental" else rewritten)(honest, CHANGES[change])
    box = ACCEPT if "tick" in change else PAGE if "page" in change else SIGNATURE
    operands = "operands" in change
    unread = "run-length" in change
    shown = _shown(data, tmp_path)
    if "array" in change:  # (drawn by no viewer: each shows the blank box)
        against = drawn_before["blank"]
        assert not any(
            _differs(_region(v, box), _region(against[k], box)) for k, v in shown.items()
        )
    else:  # (PDFium shows the honest fill's box, MuPDF another)
        against = drawn_before["honest"]
        unlike = {k: _differs(_region(v, box), _region(against[k], box)) for k, v in shown.items()}
        assert not unlike["pdfium"] and unlike["mupdf"], unlike
    record, taken, general = widget_readings(data, today=TODAY)
    assert not taken
    assert record == general
    assert record.status.value != "valid", record.findings
    if "array" in change:
        assert record.signature != "Ada Lovelace" or any(
            f.code == "value-disagreement" for f in record.findings
        ), record.findings
    else:
        said = "another number of operands" if operands else "a clip set with no path"
        said = "cannot be read here" if unread else said
        assert any(f.code == "viewers-disagree" and said in f.message for f in record.findings), (
            record.findings
        )


def test_the_honest_fill_is_read_from_its_widgets(honest: bytes) -> None:
    """(So that each change above is what the readings decline.)"""
    record, taken, general = widget_readings(honest, today=TODAY)
    assert taken and record == general and record.status.value == "valid"


@pytest.mark.parametrize(
    "content",
    [b"[ BT ET ] 0 d", b"[ [ q ] ] 0 d", b"[ true ]", b"] Q", b"[ 1 2", b"[ (a) 3 ] TJ ]"],
)
def test_operators_inside_arrays_and_unpaired_brackets_are_not_plain(content: bytes) -> None:
    with pytest.raises(NotPlain):
        content_tokens(content)


def test_arrays_of_operands_are_tokens() -> None:
    tokens = content_tokens(b"BT [(A) -20 (b)] TJ ET [3 1] 0 d")
    assert [v for k, v in tokens if k == "o"] == ["BT", "TJ", "ET", "d"]


@pytest.mark.parametrize(
    ("content", "nothing"),
    [
        (b"q W n BT (a) Tj ET Q", True),
        (b"q W* n Q", True),
        (b"0 0 1 1 re f W n", True),  # (the path painted: none left for the clip)
        (b"q %a comment\nW n Q", True),
        (b"q (W n) Tj Q", False),
        (b"0 0 10 10 re W n", False),
        (b"W 0 0 10 10 re n", False),  # (the clip set at n by the path then built)
        (b"0 0 m 10 0 l 5 5 l h W* n", False),
        (b"q 1 g 0 0 5 5 re f Q", False),
    ],
)
def test_a_clip_of_no_path_is_found(content: bytes, nothing: bool) -> None:
    assert read_apart(content) == (1 if nothing else 0)
