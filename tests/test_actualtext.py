"""Text read from an ``/ActualText`` span is not read from its glyphs: never vouched for.

A marked-content span with an ``/ActualText`` makes PDFium, poppler and MuPDF read that
string in place of the glyphs inside it. Drawn around another name in a font the file
vouches for (Helvetica not embedded, the template's own value font), it made the box
`valid` unseen: nothing compared its pixels with ``fill``'s drawing or read them. Over
the agreement's wording it hid a changed number. Each attack is made as an incremental
update and as a re-saved file, and none may be `valid`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from pubrelease import Status, fill, parse
from pubrelease.form.registry import load_form
from pubrelease.record import Record

from . import attacks as A
from . import shadow as S
from .helpers import helvetica

NAME = A.RELEASE.speaker_name


def _utf16(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _spanned(meant: str, shown: str) -> str:
    span = f"/Span << /ActualText {_utf16(meant)} >> BDC"
    return f"{span} BT /HelvX 10 Tf 0 g 2 3 Td ({shown}) Tj ET EMC"


def _redrawn(shown: str, fields: tuple[str, ...] = ("speaker_name", "signature")) -> A.Edit:
    """Each widget of ``fields`` redrawn: ``shown`` in Helvetica inside a span reading the
    speaker's name; the appearance's /BBox is the widget's /Rect, so PDFium places the
    span's characters where its glyphs are."""

    def edit(writer: PdfWriter) -> None:
        A.redraw_widgets(
            writer,
            fields,
            lambda rect: (
                f"/Tx BMC q 1 0 0 1 {rect[0]} {rect[1]} cm {_spanned(NAME, shown)} Q EMC"
            ).encode("latin-1"),
            DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/HelvX"): helvetica()})}
            ),
            on_page=True,
        )

    return edit


def _codes(record: Record) -> set[str]:
    return {f.code for f in record.findings if f.severity.value != "info"}


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("shown", ["Mark Wilson", "."])
def test_another_name_inside_a_span_of_the_speakers_is_not_valid(shown: str, save: A.Save) -> None:
    record = parse(A.apply(A.issued(), _redrawn(shown), save), today=A.TODAY)
    assert record.speaker_name == NAME and record.signature == NAME  # what extractors read
    assert record.status is not Status.VALID, record.findings
    if save is A.Save.RESAVED:  # the issued revision is gone: the pixels tell
        found = [f.message for f in record.findings if f.code.startswith("shown-text")]
        assert any("signature" in m for m in found), record.findings
        if shown != ".":
            assert any("'Mark Wilson'" in m for m in found), found


def _inline(writer: PdfWriter) -> None:
    """A flattened release's name and signature forms replaced by page text: "Mark
    Wilson" in Helvetica inside spans reading the speaker's name."""
    form = load_form()
    numbers = [p.number for p in form.pages]
    targets = [
        (numbers.index(w.page), w.box.rect)
        for field in ("speaker_name", "signature")
        for w in form.fields[field].widgets
    ]
    for index, page in enumerate(writer.pages):
        text = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]

        def swap(m: re.Match[str], index: int = index) -> str:
            x, y = float(m.group(1)), float(m.group(2))
            for at, rect in targets:
                if at == index and abs(rect[0] - x) < 0.01 and abs(rect[1] - y) < 0.01:
                    return f"q 1 0 0 1 {x:.3f} {y:.3f} cm {_spanned(NAME, 'Mark Wilson')} Q"
            return m.group(0)

        text = re.sub(r"q 1 0 0 1 ([\d.]+) ([\d.]+) cm /W\d+ Do Q", swap, text)
        stream = StreamObject()
        stream.set_data(text.encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page["/Resources"]["/Font"][NameObject("/HelvX")] = writer._add_object(helvetica())


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_flattened_name_drawn_inline_in_a_span_is_not_valid(save: A.Save) -> None:
    record = parse(A.apply(A.issued(flatten=True), _inline, save), today=A.TODAY)
    assert record.status is not Status.VALID, record.findings
    assert "shown-text-differs" in _codes(record), record.findings


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_number_of_the_wording_redrawn_in_a_span_is_for_a_person(save: A.Save) -> None:
    """Clause 2's "at least 60 days" drawn "90" inside a span reading "60": digits are as
    wide as each other, so the page's ink moves nowhere."""

    def change(text: str) -> str:
        old = "until at least 60) Tj"
        assert old in text
        return text.replace(old, "until at least ) Tj /Span << /ActualText (60) >> BDC (90) Tj EMC")

    record = parse(A.apply(A.issued(), A._edit_content(0, change), save), today=A.TODAY)
    assert record.status is not Status.VALID, record.findings
    found = [f.message for f in record.findings if f.code == "shown-text-unchecked"]
    assert any(m.startswith("page 1: text at") and "('60')" in m for m in found), found


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_one_word_of_the_name_changed_is_not_passed_by_ocr(save: A.Save) -> None:
    """The signature box shows "Bohyung Kim" in a font without a cmap whose map reads
    "Bohyung Han": OCR's reading is close to the text layer's, but a word is not there."""
    lie = S.signature_lie(strip_cmap=True, shown="Bohyung Kim", meant=NAME or "")
    record = parse(A.apply(A.issued(), lie, save), today=A.TODAY)
    assert record.status is not Status.VALID, record.findings
    found = [f.message for f in record.findings if f.code == "shown-text-unchecked"]
    assert any("OCR reads 'Bohyung Kim', not 'Han'" in m for m in found), record.findings


def test_our_own_cjk_glyphs_in_spans_of_another_name_are_not_valid() -> None:
    """The template's value font, one span a glyph: "Lee" drawn, 李飞飞 read."""
    name = "李飞飞"
    base = fill(
        dataclasses.replace(A.RELEASE, speaker_name=name, signature=name),
        today=dt.date(2020, 7, 1),
    )
    glyphs = load_form().value_font.glyphs
    spans = " ".join(
        f"/Span << /ActualText {_utf16(meant)} >> BDC <{glyphs[shown][0]:04X}> Tj EMC"
        for shown, meant in zip("Lee", name, strict=True)
    )

    def edit(writer: PdfWriter) -> None:
        A.redraw_widgets(
            writer,
            ("speaker_name", "signature"),
            lambda _: f"/Tx BMC BT /PRF0 10 Tf 0 g 2 3 Td {spans} ET EMC".encode(),
            writer._root_object["/AcroForm"]["/DR"],
        )

    record = parse(A.apply(base, edit, A.Save.RESAVED), today=A.TODAY)
    assert record.speaker_name == name
    assert record.status is not Status.VALID, record.findings


# -- a second review: OCR's words both ways -------------------------------------------------


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize(
    "shown", ["NOT Bohyung Han", "Bohyung Han void", "Bohyung Khan", "Bohyung Hen"]
)
def test_a_signature_showing_a_word_more_or_a_letter_changed_is_not_valid(
    shown: str, save: A.Save
) -> None:
    """Drawn in a font without a cmap whose map reads the name: OCR reads what shows,
    close to the name as a whole (0.6 and more), but not word for word."""
    lie = S.signature_lie(strip_cmap=True, shown=shown, meant=NAME or "")
    record = parse(A.apply(A.issued(), lie, save), today=A.TODAY)
    assert record.signature == NAME
    assert record.status is not Status.VALID, record.findings
    found = [f.message for f in record.findings if f.code == "shown-text-unchecked"]
    assert any(f"OCR reads {shown!r}" in m for m in found), record.findings
