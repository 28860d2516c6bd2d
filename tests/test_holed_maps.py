"""A text layer whose map names some glyphs wrongly is left to a person, not an error.

PyMuPDF fills an Arabic or Devanagari signature shaped, as viewers show it, in fonts
pubrelease does not have, and its text layer names a lam 'Ǆ' (review rev26): the stored
value and the text layer disagreed, and the return was ``invalid``. Where the layer's
holes (a letter of another script inside a word, a control code) stand for the letters it
leaves out and it names no letter the value does not have, the box is for a person to
look at (``shown-text-unchecked``, ``incomplete``); a layer naming other letters is a
disagreement as before.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from pubrelease import Status, parse
from pubrelease.reading.unreadable import holed_within

FOLDER = Path(__file__).parent / "data" / "pymupdf-rev26"
NAMES = {
    "pymupdf-widget-signature-arabic.pdf": "محمد عبد الرحمن",
    "pymupdf-widget-signature-devanagari.pdf": "अमित कुमार शर्मा",
}


@pytest.mark.parametrize(
    ("reading", "value", "within"),
    [
        ("رحمنǄمحمد عبد ا", "محمد عبد الرحمن", True),  # PyMuPDF's lam
        ("अɚमतकुमार शमाù", "अमित कुमार शर्मा", True),  # a conjunct and a vowel sign
        ("محمد عبد الرحمن", "محمد عبد الرحمن", False),  # no hole: compared as ever
        ("رحمنǄمحمد عبد ا", "محمد عبد الله", False),  # other letters: another name
        ("Ǆمد", "محمد عبد الرحمن", False),  # a hole cannot stand for a dozen letters
        ("حسن\ufffd علي\ufffd", "علي حسن", False),  # words swapped: holes end them
        ("حسǄن علي", "علي حسن", False),  # words swapped, a hole inside one
    ],
)
def test_a_holed_reading_within_the_value(reading: str, value: str, within: bool) -> None:
    assert holed_within(reading, value) is within


@pytest.mark.parametrize("name", sorted(NAMES))
def test_a_pymupdf_fill_is_for_a_person(name: str) -> None:
    record = parse((FOLDER / name).read_bytes())
    assert record.status is Status.INCOMPLETE, record.findings
    assert record.signature == NAMES[name]
    assert "value-disagreement" not in {f.code for f in record.findings}
    assert any(f.code == "shown-text-unchecked" and "text layer reads" in f.message
               for f in record.findings)  # fmt: skip


def test_a_stored_value_other_than_the_drawn_name_disagrees(tmp_path: Path) -> None:
    """The same file with another name stored under the drawing stays an error."""
    writer = PdfWriter(clone_from=FOLDER / "pymupdf-widget-signature-arabic.pdf")
    for page in writer.pages:
        for annot in page.get("/Annots") or ():
            widget = annot.get_object()
            if widget.get("/T") == "signature":
                widget[NameObject("/V")] = TextStringObject("محمد عبد الله")
    out = io.BytesIO()
    writer.write(out)
    record = parse(out.getvalue())
    assert record.status is Status.INVALID, record.findings
    assert "value-disagreement" in {f.code for f in record.findings}
    assert PdfReader(io.BytesIO(out.getvalue())).get_fields()["signature"]["/V"] == "محمد عبد الله"
