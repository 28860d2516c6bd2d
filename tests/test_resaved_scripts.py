"""A release ``fill`` issued with live fields, re-saved by qpdf or ``mutool clean``, stays
`valid` where its value boxes are compared with ``fill``'s own drawing.

Values whose glyphs do not stand in their text layer's order (Tamil vowel signs drawn
before their consonant; until 2 December, Hebrew and Yiddish too, read right to left: now
their letters and marks are judged by where they stand) are not vouched for by the file
(:mod:`pubrelease.reading.vouching`): a re-saved copy, no longer read as issued, has its
boxes compared pixel for pixel with ``fill``'s drawing of the values read. That drawing
must be placed as the return's is. PDFium flattens a widget with a matrix it computes in
single precision (``1.0000001 0 0 1 134.23 561 cm`` for the 405.77 pt wide name box of
page 2), which moves some glyphs of a long name by a pixel at 200 dpi, against the
``1 0 0 1`` of ``fill``'s own flattening: 9 squares changed for "דוד ױסעף", beyond
``DIFFERS``, where each part of the name alone stayed below it (review 11b). A copy
flattened by PDFium (whose placement is then in the page) is compared with that placement
too. A box of such a copy drawn otherwise is still left to a person.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pubrelease import Status, fill, parse
from pubrelease.record import Source

from . import attacks as A
from .helpers import resaved

pytestmark = pytest.mark.usefixtures("general_path")
"""Our own releases, flattened or re-saved, are read here the general way (they would
otherwise be proved to be ``fill``'s file and read from it: ``reading/refilled.py``)."""

NAMES = {
    "hebrew": "דוד ױסעף",
    "yiddish": "װעלװל ײַנקעלע ױסעף",
    "tamil": "கோபால் கௌசல்யா கொற்றவை",
}


def _resaved(name: str, how: str, folder: Path) -> bytes:
    release = dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)
    source, out = folder / "in.pdf", folder / "out.pdf"
    source.write_bytes(fill(release, today=dt.date(2020, 7, 1)))
    if how == "pdfium":
        return _flattened_by_pdfium(source.read_bytes())
    return resaved(source, how, out).read_bytes()


def _flattened_by_pdfium(data: bytes) -> bytes:
    """``data`` with its widgets drawn into its pages by PDFium (``FPDFPage_Flatten``)."""
    doc = pdfium.PdfDocument(data)
    try:
        for number in range(len(doc)):
            page = doc[number]
            pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY)
            page.close()
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
    finally:
        doc.close()


@pytest.mark.parametrize("how", ["qpdf", "mutool", "pdfium"])
@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_resaved_release_is_valid(script: str, how: str, tmp_path: Path) -> None:
    name = NAMES[script]
    record = parse(_resaved(name, how, tmp_path), today=A.TODAY)
    assert record.source is (Source.FLATTENED if how == "pdfium" else Source.FIELDS)
    assert record.speaker_name == name
    assert record.signature == name
    assert record.status is Status.VALID, record.findings
    assert not [f for f in record.findings if f.code == "shown-text-unchecked"], record.findings


_PAGE_2_NAME = {
    "tamil": b"0 0 405.77 13 re W n\nBT 0 g\n1 0 0 1 2 3.71 Tm\n/PRF1 10 Tf",
    "hebrew": (
        b"0 0 405.77 13 re W n\nBT 0 g\n1 0 0 1 2 3 Tm\n"
        b"/PubreleaseBidi << /Level 1 >> BDC\n/PRF1 10 Tf"
    ),
}


@pytest.mark.parametrize("script", sorted(_PAGE_2_NAME))
def test_a_resaved_box_drawn_larger_is_left_to_a_person(script: str, tmp_path: Path) -> None:
    """The page-2 name box of a re-saved release drawn at 11 pt instead of 10: the same
    text layer, other glyphs shown than ``fill`` draws. A Tamil box, not vouched for, is
    left to a person; a Hebrew one is now vouched for as a Latin one is (``fill``'s own
    font, each glyph the letter read, in order where it stands, upright: the name, larger)."""
    name = NAMES[script]
    data = _resaved(name, "qdf", tmp_path)
    drawn = _PAGE_2_NAME[script]
    assert data.count(drawn) == 1  # the speaker's name on page 2 (its own stream)
    record = parse(data.replace(drawn, drawn.replace(b"10 Tf", b"11 Tf")), today=A.TODAY)
    assert record.speaker_name == name
    if script == "hebrew":
        assert record.status is Status.VALID, record.findings
        return
    assert record.status is Status.INCOMPLETE, record.findings
    found = [f.message for f in record.findings if f.code == "shown-text-unchecked"]
    assert len(found) == 1 and found[0].startswith(
        f"the speaker_name {name!r} (its box, on page 2) is not drawn"
    ), record.findings
