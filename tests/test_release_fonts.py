"""The fonts ``fill`` makes for a release's values are vouched for as its own
(reading/vouching.py ``release_fonts``), and nothing else is.

A value outside the template's characters (Greek, Cyrillic, CJK, Arabic...) is drawn in
a HarfBuzz subset ``fill`` makes for the release. Such a font, found in a return with the
same program bytes, embedded the same way and with the same ``ToUnicode`` map as the one
``fill`` makes for the values read, draws what it reads: the wording is then not looked
at glyph by glyph, nor the value boxes compared with ``fill``'s drawing, where only the
other fonts of the file decide (the shortcut). Each case is parsed both ways, the
shortcut and the old way (no font of the release trusted), and the records must agree.
A copy of such a font with its map or its code-to-glyph mapping changed, or with another
program, is not vouched for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Callable

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, StreamObject
from reportlab.pdfgen import canvas

from pubrelease import Release, fill, parse
from pubrelease.form.registry import load_form
from pubrelease.pdf import fonts as font_files
from pubrelease.pdf.pagefonts import PageFonts, check_fonts
from pubrelease.pdf.tounicode import parse_to_unicode
from pubrelease.reading import read, vouching
from pubrelease.record import Record

from . import attacks as A

pytestmark = pytest.mark.usefixtures("general_path")
"""Our own releases, flattened or re-saved, are read here the general way (they would
otherwise be proved to be ``fill``'s file and read from it: ``reading/refilled.py``)."""

ISSUED = dt.date(2020, 7, 1)
NAMES = [
    "Αλέξανδρος Παπαδόπουλος",
    "Дмитрий Шостакович",
    "李飞飞",
    "김민수",
    "山田太郎",
    "ثامر",
    "שרה לוי",
    "राहुल शर्मा",
]


def _release(name: str) -> Release:
    return dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)


def _flattened(name: str) -> bytes:
    return fill(_release(name), flatten=True, today=ISSUED)


Parsed = tuple[Record, list[tuple[PageFonts, vouching.ReleaseFonts]]]


def _parse(data: bytes, monkeypatch: pytest.MonkeyPatch, *, shortcut: bool) -> Parsed:
    """``data`` parsed with the fonts of the release vouched for (``shortcut``) or not
    (the old way), and the file's fonts with those found, as the reading asked."""
    asked: list[tuple[PageFonts, vouching.ReleaseFonts]] = []
    real = vouching.release_fonts

    def spied(form: object, fonts: PageFonts, values: object) -> vouching.ReleaseFonts:
        found = real(form, fonts, values) if shortcut else frozenset()  # type: ignore[arg-type]
        asked.append((fonts, found))
        return found

    with monkeypatch.context() as patch:
        patch.setattr(read, "release_fonts", spied)
        return parse(data), asked


def _verdict(record: Record) -> tuple[object, ...]:
    return record.status, sorted((f.code, f.message) for f in record.findings)


def _both_ways(data: bytes, monkeypatch: pytest.MonkeyPatch) -> Parsed:
    """``data`` parsed with the shortcut, checked against the old way."""
    fast, asked = _parse(data, monkeypatch, shortcut=True)
    slow, _ = _parse(data, monkeypatch, shortcut=False)
    assert _verdict(fast) == _verdict(slow)
    assert fast.to_dict() == slow.to_dict()
    return fast, asked


def _all_vouched(asked: list[tuple[PageFonts, vouching.ReleaseFonts]]) -> bool:
    (fonts, found), *_ = asked
    trusted = vouching.trusted_fonts(fonts, load_form(), found)
    return bool(found) and all(name in trusted for name in fonts.by_name)


@pytest.mark.parametrize("save", [None, *A.Save], ids=lambda s: getattr(s, "value", "as filled"))
@pytest.mark.parametrize("name", NAMES)
def test_the_fonts_fill_makes_for_a_release_are_its_own(
    name: str, save: A.Save | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _flattened(name)
    if save is not None:  # an update that changes nothing, or the file re-saved by qpdf
        data = A.apply(data, lambda writer: None, save)
    record, asked = _both_ways(data, monkeypatch)
    assert record.status.value == "valid", record.findings
    assert record.speaker_name == name
    assert _all_vouched(asked), name


@pytest.mark.parametrize("name", NAMES[:3])
def test_a_release_filled_before_its_fonts_had_a_cmap_is_vouched_for(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ``fill`` embedded a release's fonts before (issue 11): the HarfBuzz subset as
    it is, without the ``cmap`` ``fill`` now adds (pdf/charmap.py)."""
    with monkeypatch.context() as patch:
        patch.setattr(font_files.GlyphSubset, "program", property(lambda f: f.subset.program))
        data = _flattened(name)
    assert not any("cmap" in TTFont(io.BytesIO(p)) for p in _release_programs(data))
    record, asked = _both_ways(data, monkeypatch)
    assert record.status.value == "valid", record.findings
    assert record.speaker_name == name
    assert _all_vouched(asked), name


def _release_programs(data: bytes) -> list[bytes]:
    """The programs of the fonts a release adds to the template's."""
    ours = f"/{load_form().value_font.base_name}"
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    programs = []
    for number in range(1, len(writer._objects) + 1):
        obj = writer.get_object(number)
        if (
            isinstance(obj, DictionaryObject)
            and obj.get("/Subtype") == "/Type0"
            and obj["/BaseFont"] != ours
        ):
            cid_font = obj["/DescendantFonts"][0].get_object()
            programs.append(cid_font["/FontDescriptor"]["/FontFile2"].get_data())
    assert programs
    return programs


def _release_font(writer: PdfWriter) -> DictionaryObject:
    """The Type 0 font of the release (its CJK font: the only Noto font of the file)."""
    for number in range(1, len(writer._objects) + 1):
        obj = writer.get_object(number)
        if (
            isinstance(obj, DictionaryObject)
            and obj.get("/Subtype") == "/Type0"
            and "NotoSans" in str(obj.get("/BaseFont"))
        ):
            return obj
    raise AssertionError("no font of the release")


def _swapped_map(writer: PdfWriter) -> None:
    """The ToUnicode map with the texts of its two ideographs swapped: "飞李飞" read
    where "李飞飞" is drawn."""
    stream = _release_font(writer)["/ToUnicode"].get_object()
    data = stream.get_data()
    read = parse_to_unicode(data)
    (a, _), (b, _) = [(c, t) for c, t in read.items() if t in "李飞"]
    one, two = (f"<{code:04X}>".encode() for code in (a, b))
    swapped = data.replace(one, b"<TEMP>").replace(two, one).replace(b"<TEMP>", two)
    assert swapped != data
    stream.set_data(swapped)


def _mapped_glyphs(writer: PdfWriter) -> None:
    """``/CIDToGIDMap`` as a stream that maps every code to its own glyph, as
    ``/Identity`` does: the same drawing, but not the way fill embeds it."""
    cid_font = _release_font(writer)["/DescendantFonts"][0].get_object()
    mapping = StreamObject()
    mapping.set_data(b"".join(code.to_bytes(2, "big") for code in range(256)))
    cid_font[NameObject("/CIDToGIDMap")] = writer._add_object(mapping)


def _other_program(writer: PdfWriter) -> None:
    """The font program with a byte of its name table's padding changed: outlines and
    maps the same, the bytes not fill's."""
    cid_font = _release_font(writer)["/DescendantFonts"][0].get_object()
    program = cid_font["/FontDescriptor"]["/FontFile2"].get_object()
    data = program.get_data()
    program.set_data(data + b"\0\0\0\0")


@pytest.mark.parametrize("change", [_swapped_map, _mapped_glyphs, _other_program])
@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_changed_copy_of_a_release_font_is_not_vouched_for(
    change: Callable[[PdfWriter], None], save: A.Save, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = A.apply(_flattened("李飞飞"), change, save)
    fonts = check_fonts(PdfReader(io.BytesIO(data)), max_pages=4)
    names = [name for name in fonts.by_name if "NotoSans" in name]
    assert names
    _, asked = _both_ways(data, monkeypatch)
    (_, found), *_ = asked
    trusted = vouching.trusted_fonts(fonts, load_form(), found)
    assert not any(name in trusted for name in names)


def test_a_release_font_covered_in_part_is_judged_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A white bar over half the Greek name, drawn after the values: its font is fill's,
    but the box is not vouched for (a path over its glyphs), and the verdict is the old
    way's."""
    left, bottom, _, top = A._widget_rect("speaker_name")
    page = A._page_of("speaker_name")

    def cover(pdf: canvas.Canvas) -> None:
        pdf.setFillGray(1)
        pdf.rect(left + 20, bottom + 2, 40, top - bottom - 4, stroke=0, fill=1)

    data = A.apply(_flattened(NAMES[0]), A._draw_on(page, cover), A.Save.INCREMENTAL)
    record, asked = _both_ways(data, monkeypatch)
    assert asked and asked[0][1], "the release's font is found"
    assert record.status.value != "valid", record.findings
