"""Drawings over a value's letters that the form does not make (``reading/vouching.py``).

Review 6, finding 4: an acute drawn by a path over the "a" of "Han" shows "Bohyung Hán"
where every text of the file reads "Bohyung Han". OCR reads no accents, the path meets
no glyph's tight box, and a box in Helvetica that is not embedded is vouched for by its
font: the re-saved return was ``valid`` (pypdf and pdftk fills flattened by qpdf, and
``fill``'s own release printed by Ghostscript). A value box with a drawing in it, above
its rule, that is not text and that the form's page does not make, is now for a person,
whatever font draws its letters. No honest return measured has one; a signature may be
drawn, and is left to the ink checks.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from pubrelease import Status, fill, parse

from . import attacks as A
from .returns import fill_pdftk, fill_pypdf, flatten_with

NAME = "Bohyung Han"


def _accents(data: bytes, page: int) -> list[tuple[float, float, float]]:
    """Where an acute over each "a" after "H" of the name would stand on ``page``: the
    glyph's middle, its top, its height."""
    doc = pdfium.PdfDocument(data)
    try:
        text = doc[page].get_textpage()
        chars = text.get_text_range(0, text.count_chars())
        out = []
        start = chars.find("Han")
        while start >= 0:
            left, bottom, right, top = text.get_charbox(start + 1)
            out.append(((left + right) / 2, top, top - bottom))
            start = chars.find("Han", start + 1)
        return out
    finally:
        doc.close()


def _acute(data: bytes) -> A.Edit:
    """An acute (a filled path) over every "a" of "Han", both pages."""
    places = {page: _accents(data, page) for page in (0, 1)}

    def edit(writer: PdfWriter) -> None:
        for page, found in places.items():
            buffer = io.BytesIO()
            sheet = canvas.Canvas(buffer, pagesize=(612, 792))
            sheet.setFillColorRGB(0, 0, 0)
            for x, top, height in found:
                lift = 0.25 * height
                path = sheet.beginPath()
                path.moveTo(x - 0.4, top + lift)
                path.lineTo(x + 0.4, top + lift)
                path.lineTo(x + 1.6, top + lift + 2.2)
                path.lineTo(x + 0.6, top + lift + 2.2)
                path.close()
                sheet.drawPath(path, stroke=0, fill=1)
            sheet.save()
            writer.pages[page].merge_page(PdfReader(io.BytesIO(buffer.getvalue())).pages[0])

    return edit


def _release() -> object:
    return dataclasses.replace(A.RELEASE, speaker_name=NAME, signature=NAME)


def _flattened(tool: str, folder: Path) -> bytes:
    filler = fill_pypdf if tool == "pypdf" else fill_pdftk
    source = filler(_release(), folder / f"{tool}.pdf")  # type: ignore[arg-type]
    return flatten_with("qpdf", source, folder / f"{tool}-qpdf.pdf").read_bytes()


def _printed(folder: Path) -> bytes:
    source = folder / "live.pdf"
    source.write_bytes(fill(_release(), today=A.TODAY))  # type: ignore[arg-type]
    return flatten_with("gs", source, folder / "gs.pdf").read_bytes()


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("source", ["pypdf", "pdftk", "fill-printed-by-gs"])
def test_an_accent_drawn_over_a_name_is_for_a_person(
    source: str, save: A.Save, tmp_path: Path
) -> None:
    base = _printed(tmp_path) if source.startswith("fill") else _flattened(source, tmp_path)
    assert parse(base, today=A.TODAY).status is Status.VALID  # the honest copy
    record = parse(A.apply(base, _acute(base), save), today=A.TODAY)
    assert record.speaker_name == NAME  # every text of the file reads it
    assert record.status is not Status.VALID
    messages = [f.message for f in record.findings if f.code == "shown-text-unchecked"]
    assert any(
        m.startswith(f"the speaker_name {NAME!r}") and "a drawing that is not text" in m
        for m in messages
    ), record.findings
