"""The codes a page's content shows (``pdf/showncodes.py``), as PDFium draws them.

The walk proposes which code each glyph of a box is, for readings that trust it
(``reading/clonetext.py`` reads a MuPDF print's values from them). An operator given more
or fewer operands than it takes is drawn by PDFium with its last ones (``/F1 /F9 12 Tf``
sets /F9, review of session 55), and a graphics state may set the font: the walk then
proposes nothing rather than what PDFium does not draw.
"""

from __future__ import annotations

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, StreamObject

from pubrelease.pdf.showncodes import shown_codes

from .helpers import helvetica


def _page(content: bytes, state: DictionaryObject | None = None) -> object:
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    font = helvetica()
    resources = {
        NameObject("/Font"): DictionaryObject(
            {NameObject("/F1"): writer._add_object(font), NameObject("/F9"): font}
        )
    }
    if state is not None:
        resources[NameObject("/ExtGState")] = DictionaryObject({NameObject("/G1"): state})
    page[NameObject("/Resources")] = DictionaryObject(resources)
    stream = StreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    return page


def test_plain_text_is_walked() -> None:
    codes = shown_codes(_page(b"BT /F1 12 Tf 1 0 0 1 20 30 Tm (Ab) Tj ET"))  # type: ignore[arg-type]
    assert [(c.code, c.x, c.y) for c in codes[:1]] == [(65, 20.0, 30.0)]
    assert [c.code for c in codes] == [65, 98]
    assert all(c.plain and c.painted for c in codes)


@pytest.mark.parametrize(
    "content",
    [
        b"BT /F1 12 Tf /F1 /F9 12 Tf 20 30 Td (Ab) Tj ET",  # PDFium: /F9
        b"BT /F1 12 Tf 1 1 0 0 0.01 20 30 Tm (Ab) Tj ET",  # PDFium: the last six, flat
        b"BT /F1 12 Tf 5 20 30 Td (Ab) Tj ET",
        b"BT /F1 12 Tf 20 30 Td 100 3 Tz (Ab) Tj ET",
        b"BT /F1 12 Tf 20 30 Td (A) (b) Tj ET",
    ],
)
def test_an_operator_with_other_operands_proposes_nothing(content: bytes) -> None:
    assert shown_codes(_page(content)) == []  # type: ignore[arg-type]


def test_a_graphics_state_setting_the_font_proposes_nothing() -> None:
    state = DictionaryObject(
        {NameObject("/Font"): ArrayObject([NameObject("/F9"), FloatObject(12)])}
    )
    content = b"BT /F1 12 Tf /G1 gs 20 30 Td (Ab) Tj ET"
    assert shown_codes(_page(content, state)) == []  # type: ignore[arg-type]
    plain = DictionaryObject({NameObject("/CA"): FloatObject(1)})
    assert len(shown_codes(_page(content, plain))) == 2  # type: ignore[arg-type]
