"""Chrome's fills whose punctuation PDFium writes in a font it does not embed.

PDFium's form filler (Chrome's viewer) redraws a typed value in Helvetica, but its curly
quotes, apostrophes, dashes and ellipsis in ``/ChromeSansMM``, a Type 0 font of the
``GBK-EUC-H`` encoding it does not embed. Such a box was left to the general path (15 to
25 times PDFium's floor); it is read from its widgets now, each mark by its code, and
looked at as PDFium draws it (``reading/substitutes.py``). A mark given a width that
sets it over the next letter, a font embedded, symbolic or with a map of its own, a code
that is no mark: each leaves the return to the general path, built both as an
incremental update and as a file written anew.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Callable

import numpy as np
import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from pubrelease import Release, Status, load_form
from pubrelease.reading.substitutes import MARKS

from . import returns as R
from .helpers import rewritten, update, widget_readings

TODAY = dt.date(2026, 11, 24)

TYPED = [
    ("event_title", "\u201cAttention\u201d Is Not All You Need"),
    ("event_title", "Speed\u2013Accuracy Trade-offs \u2014 A Survey"),
    ("event_title", "Why \u2018Small\u2019 Models Win\u2026 Sometimes"),
    ("speaker_name", "Sin\u00e9ad O\u2019Connor"),
    # (PDFium draws ‘ and ’ alike, “ and ” as ″: the general path's look at their shapes
    # took them for one another, or for straight quotes; marks of one kind now)
    ("event_title", "Let\u2019s Talk About \u201cScale\u201d"),
    ("speaker_name", "Bohyung \u2018Bo\u2019 Han"),
]


def _chrome_fill(han: Release, field: str, typed: str) -> bytes:
    form = load_form()
    signed = dataclasses.replace(han, signature=han.speaker_name)
    values = {**R.field_values(signed, form), field: typed}
    if field == "speaker_name":
        values["signature"] = typed
    return R.fill_pdfium(form.template, values, incremental=False)


def test_the_marks_are_gbks_quotes_dashes_and_ellipsis_as_adobes_map_reads_them() -> None:
    from pdfminer.cmapdb import CMapDB

    cmap = CMapDB.get_cmap("GBK-EUC-H")
    for code, (char, cid) in MARKS.items():
        assert code.decode("gbk") == char
        assert list(cmap.decode(code)) == [cid]
        assert unicodedata.category(char).startswith("P")
        assert char.encode("cp1252")  # (punctuation Helvetica has: the value's own font)


@pytest.mark.parametrize(("field", "typed"), TYPED)
def test_chromes_punctuation_is_read_from_its_widgets_as_the_general_path(
    han: Release, field: str, typed: str
) -> None:
    filled = _chrome_fill(han, field, typed)
    assert b"/GBK-EUC-H" in filled  # (PDFium wrote its marks in its own font)
    record, taken, general = widget_readings(filled, today=TODAY)
    assert taken
    assert record == general
    assert record.status is Status.VALID, record.findings
    assert getattr(record, field) == typed


def _mark_fonts(writer: PdfWriter) -> list[DictionaryObject]:
    """The Type 0 fonts of ``GBK-EUC-H`` the widgets' appearances draw with."""
    found: dict[int, DictionaryObject] = {}
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            appearance = ref.get_object().get("/AP")
            if appearance is None:
                continue
            normal = appearance.get_object()["/N"].get_object()
            fonts = normal.get("/Resources", {}).get("/Font", {})
            for font_ref in fonts.values():
                font = font_ref.get_object()
                if font.get("/Encoding") == "/GBK-EUC-H":
                    found[id(font)] = font
    assert found
    return list(found.values())


def _descendant(font: DictionaryObject) -> DictionaryObject:
    return font["/DescendantFonts"][0].get_object()


def _widths(width: int) -> Callable[[PdfWriter], None]:
    """Each mark given ``width`` (thousandths) in the font's ``/W``: a cell narrower than
    its glyph, which PDFium draws over the next letter."""

    def edit(writer: PdfWriter) -> None:
        for font in _mark_fonts(writer):
            kid = _descendant(font)
            listed = ArrayObject()
            for _, cid in MARKS.values():
                listed += [NumberObject(cid), NumberObject(cid), NumberObject(width)]
            kid[NameObject("/W")] = ArrayObject(listed + list(kid.get("/W", [])))

    return edit


def _embedded(writer: PdfWriter) -> None:
    for font in _mark_fonts(writer):
        descriptor = _descendant(font)["/FontDescriptor"].get_object()
        descriptor[NameObject("/FontFile2")] = writer._add_object(StreamObject())


def _symbolic(writer: PdfWriter) -> None:
    for font in _mark_fonts(writer):
        descriptor = _descendant(font)["/FontDescriptor"].get_object()
        descriptor[NameObject("/Flags")] = NumberObject(4)


def _own_map(writer: PdfWriter) -> None:
    for font in _mark_fonts(writer):
        stream = StreamObject()
        stream.set_data(b"/CIDInit /ProcSet findresource begin end")
        font[NameObject("/ToUnicode")] = writer._add_object(stream)


def _renamed(name: str) -> Callable[[PdfWriter], None]:
    """The font, its descendant and its descriptor named ``name``: a font poppler draws
    otherwise (Courier's short dash) or not at all (Symbol, ZapfDingbats)."""

    def edit(writer: PdfWriter) -> None:
        for font in _mark_fonts(writer):
            kid = _descendant(font)
            for node in (font, kid, kid["/FontDescriptor"].get_object()):
                key = "/FontName" if "/FontName" in node else "/BaseFont"
                node[NameObject(key)] = NameObject(f"/{name}")

    return edit


def _fixed_pitch(writer: PdfWriter) -> None:
    for font in _mark_fonts(writer):
        descriptor = _descendant(font)["/FontDescriptor"].get_object()
        descriptor[NameObject("/Flags")] = NumberObject(33)


ATTACKS = {
    "no-width": _widths(0),
    "narrow": _widths(150),
    "embedded": _embedded,
    "symbolic": _symbolic,
    "fixed-pitch": _fixed_pitch,
    "own-map": _own_map,
    **{f"named-{name}": _renamed(name) for name in ("ZapfDingbats", "Symbol", "Courier")},
}


@pytest.mark.parametrize("attack", list(ATTACKS.values()), ids=list(ATTACKS))
@pytest.mark.parametrize("saved", [update, rewritten], ids=["update", "rewritten"])
def test_marks_not_proved_to_show_as_read_leave_the_box_to_the_general_path(
    han: Release,
    attack: Callable[[PdfWriter], None],
    saved: Callable[..., bytes],
) -> None:
    """The title's marks: given no width or a narrow one (drawn over the letter after
    them: only looking at the box shows it), in a font embedded, symbolic, or with a map
    of its own: not read from the widgets."""
    filled = _chrome_fill(han, "event_title", TYPED[1][1])
    assert widget_readings(filled, today=TODAY)[1]
    record, taken, general = widget_readings(saved(filled, attack), today=TODAY)
    assert not taken
    assert record == general


@pytest.mark.parametrize(
    "typed",
    [
        "\u2014Intro",  # (a dash starting a line: the general path reads "Intro")
        "A\u2019\u2019\u2019\u2019B",  # (marks in a row: its look reads them straight)
        "x\u2026\u2026\u2026\u2026y",
        "\u201cAttention\u201d Is Not All You Need\r\n\u2026",  # (a line of a mark alone)
    ],
)
def test_values_the_general_path_reads_otherwise_are_left_to_it(han: Release, typed: str) -> None:
    """Chrome's own fills, untouched, of values whose marks the general path's look at
    their shapes reads otherwise (a helper's review of session 68): not read from the
    widgets, so the two readings agree."""
    record, taken, general = widget_readings(_chrome_fill(han, "event_title", typed), today=TODAY)
    assert not taken
    assert record == general


def _left_quote_for_right(writer: PdfWriter) -> None:
    """The title's appearance drawing a left quote where its right one was."""
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            parent = annot.get("/Parent")
            name = annot.get("/T", parent.get_object().get("/T") if parent else None)
            if name == "event_title":
                stream = annot["/AP"].get_object()["/N"].get_object()
                data = stream.get_data()
                assert b"(\xa1\xb1)" in data
                stream.set_data(data.replace(b"(\xa1\xb1)", b"(\xa1\xb0)"))


def test_a_mark_drawn_where_the_stored_value_has_another_is_not_read(han: Release) -> None:
    """The appearance draws a left quote where ``/V`` holds a right one."""
    filled = _chrome_fill(han, "event_title", TYPED[0][1])
    record, taken, general = widget_readings(update(filled, _left_quote_for_right), today=TODAY)
    assert not taken
    assert record == general


def _looked(ink_rows: tuple[int, int]) -> bool:
    """A 12 pt mark's cell at the origin of a box looked at in ``SCALE`` pixels a point,
    ink (black) drawn over the rows ``ink_rows`` of it and nowhere else."""
    from pubrelease.reading import substitutes as S

    size, width = 12.0, 6.0
    cell = (0.0, -S.BELOW * size, width, S.ABOVE * size)
    region = (-2.0, -6.0, 20.0, 16.0)
    shape = (round((region[3] - region[1]) * S.SCALE), round((region[2] - region[0]) * S.SCALE))
    after = np.full(shape, 255, np.uint8)
    before = after.copy()
    top = round((region[3] - S.ABOVE * size) * S.SCALE)  # (the cell's top row)
    left = round((0 - region[0]) * S.SCALE)
    before[top + ink_rows[0] : top + ink_rows[1], left + 2 : left + 8] = 0
    look = S.Look(0, region, (cell,))
    return S._marks_alone(look, region, before, after)


def test_a_mark_is_low_ink_in_its_cell_not_a_box_as_tall_as_a_letter() -> None:
    """A quote's ink (0.2 of its size, at the cell's top) shows a mark; a box as tall as a
    capital (a viewer's ``.notdef`` for a character its font lacks) does not, nor no ink."""
    from pubrelease.reading.substitutes import SCALE

    assert _looked((3, 3 + round(0.2 * 12 * SCALE)))
    assert not _looked((3, 3 + round(0.7 * 12 * SCALE)))
    assert not _looked((0, 0))
