"""Copies of the standard fonts proved glyph by glyph (``pdf/standardclones.py``), beyond
ASCII: poppler's ``pdftocairo`` prints another program's Helvetica in a subset of URW's
Nimbus Sans, names with "ü" and "ß" in it. A copy whose every inked glyph is URW's for
what WinAnsi reads is read without OCR, by the print path and the general path alike; a
glyph changed (an "ß" drawn as a "B", a ".notdef" with ink, a map that lies) is not
proved, and the page is looked at as it shows.

The prints are made by the real programs (pdftk's fill, printed by pdftocairo); each
change is made both as an incremental update and by writing the file anew.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import StreamObject

from pubrelease import Status, parse
from pubrelease.pdf.standardclones import CODES, clone_of, glyph_name
from pubrelease.pdf.tounicode import check_font

from . import returns as R
from .conftest import ADA
from .helpers import require_tool, rewritten, update, widget_readings

TODAY = dt.date(2020, 9, 23)
WEISS = dataclasses.replace(ADA, speaker_name="Jürgen Weiß", signature="Jürgen Weiß")
BUILDS = {"incremental": update, "resaved": rewritten}
Edit = Callable[[PdfWriter], None]


@pytest.fixture(scope="module")
def weiss(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """pdftk's fill of :data:`WEISS`, printed by pdftocairo."""
    require_tool("pdftk")
    require_tool("pdftocairo")
    folder = tmp_path_factory.mktemp("clones")
    filled = R.fill_pdftk(WEISS, folder / "filled.pdf")
    out = R.flatten_with("pdftocairo", filled, folder / "printed.pdf", strict=False)
    return out.read_bytes()


def _regular(pages: Any) -> Any:
    """The print's Nimbus Sans Regular (the wording's and the values' font)."""
    for ref in pages[0]["/Resources"]["/Font"].values():
        font = ref.get_object()
        if str(font["/BaseFont"]).endswith("+NimbusSans-Regular"):
            return font
    raise AssertionError("no Nimbus Sans Regular in the print")


def _program_changed(change: Callable[[Any], None]) -> Edit:
    """The Regular font's CFF program changed by ``change`` (its top dictionary)."""

    def edit(writer: PdfWriter) -> None:
        from fontTools.cffLib import CFFFontSet
        from fontTools.ttLib import TTFont

        stream = _regular(writer.pages)["/FontDescriptor"].get_object()["/FontFile3"]
        stream = stream.get_object()
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(stream.get_data()), None)
        change(cff[cff.fontNames[0]])
        out = io.BytesIO()
        cff.compile(out, TTFont(recalcBBoxes=False))
        stream.set_data(out.getvalue())

    return edit


def _drawn_as(glyph: str, other: str) -> Edit:
    """``glyph`` drawn with ``other``'s outline."""

    def change(top: Any) -> None:
        top.CharStrings[glyph] = top.CharStrings[other]

    return _program_changed(change)


def _cut_short(glyph: str) -> Edit:
    """``glyph`` rewritten with an ``endchar`` before its second contour: fontTools (and
    so the digest) reads on past it, FreeType (poppler, PDFium, MuPDF) stops there and
    draws a "u" for a "ü" (review of session 51)."""

    def change(top: Any) -> None:
        from fontTools.pens.recordingPen import RecordingPen
        from fontTools.pens.t2CharStringPen import T2CharStringPen

        from pubrelease.pdf.standardclones import outline_digest

        recorded = RecordingPen()
        top.CharStrings[glyph].draw(recorded)
        pen = T2CharStringPen(0, None)
        recorded.replay(pen)
        charstring = pen.getCharString(top.Private, top.GlobalSubrs)
        program = charstring.program
        second = [i for i, token in enumerate(program) if token == "rmoveto"][1]
        charstring.program = [*program[: second - 2], "endchar", *program[second - 2 :]]
        charstring.bytecode = None
        charstring.compile()
        before = outline_digest(top.CharStrings[glyph])
        top.CharStrings[glyph] = charstring
        assert outline_digest(top.CharStrings[glyph]) == before  # (fontTools reads on)

    return _program_changed(change)


def _top_set(key: str, value: object) -> Edit:
    """The Regular font's top dictionary's ``key`` set to ``value``."""

    def change(top: Any) -> None:
        setattr(top, key, value)
        top.rawDict[key] = value

    return _program_changed(change)


def _map_reads(code: int, text: str) -> Edit:
    """The Regular font's map reading ``code`` as ``text``."""

    def edit(writer: PdfWriter) -> None:
        stream = _regular(writer.pages)["/ToUnicode"].get_object()
        assert isinstance(stream, StreamObject)
        old = b"<%02x> <%04x>" % (code, code)
        data = stream.get_data()
        assert old in data
        stream.set_data(data.replace(old, b"<%02x> <%04x>" % (code, ord(text))))

    return edit


def _font_of(data: bytes) -> Any:
    return _regular(PdfReader(io.BytesIO(data)).pages)


def test_a_print_of_latin_letters_is_a_whole_copy(weiss: bytes) -> None:
    font = _font_of(weiss)
    clone = clone_of(font)
    assert clone is not None and clone.standard == "Helvetica"
    assert {0xFC, 0xDF, ord("W"), ord("J")} <= clone.codes  # (ü, ß)
    assert clone.whole
    assert check_font(font).draws_reference


def test_the_codes_proved_are_winansis_letters_and_signs() -> None:
    assert glyph_name(0xFC) == "udieresis" and glyph_name(0xDF) == "germandbls"
    assert glyph_name(0x8A) == "Scaron" and glyph_name(0xB2) == "twosuperior"
    assert 0xAD not in CODES and 0x80 not in CODES and 0x81 not in CODES
    assert set(range(0x20, 0x7F)) <= CODES and len(CODES) == 215


def test_a_print_of_latin_letters_is_read_as_the_general_path_reads_it(weiss: bytes) -> None:
    record, taken, general = widget_readings(weiss, today=TODAY)
    assert taken
    assert record.to_dict() == general.to_dict()
    assert record.status is Status.VALID
    assert record.speaker_name == "Jürgen Weiß" and record.signature == "Jürgen Weiß"


CHANGES: dict[str, tuple[Edit, int | None]] = {
    # (what is changed, the code then not proved; None: every code proved, the font not
    # whole)
    "sharp-s-drawn-as-B": (_drawn_as("germandbls", "B"), 0xDF),
    "u-umlaut-drawn-as-u": (_drawn_as("udieresis", "u"), 0xFC),
    "notdef-inked": (_drawn_as(".notdef", "B"), None),
    "map-reads-u-umlaut-as-u": (_map_reads(0xFC, "u"), 0xFC),
    "u-umlaut-cut-short": (_cut_short("udieresis"), 0xFC),
    # (every glyph its outline, drawn at a fifth of the size or only stroked: refused)
    "font-matrix": (_top_set("FontMatrix", [0.0002, 0, 0, 0.0002, 0, 0]), None),
    "stroked": (_top_set("PaintType", 2), None),
}


@pytest.mark.parametrize("build", sorted(BUILDS))
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_changed_copy_is_not_vouched_for(weiss: bytes, change: str, build: str) -> None:
    edit, code = CHANGES[change]
    changed = BUILDS[build](weiss, edit)
    font = _font_of(changed)
    clone = clone_of(font)
    assert clone is None or not clone.whole
    assert not check_font(font).draws_reference
    if code is not None:
        assert clone is not None and code not in clone.codes
    record, taken, general = widget_readings(changed, today=TODAY)
    assert not taken
    assert record.to_dict() == general.to_dict()
    if change in ("sharp-s-drawn-as-B", "u-umlaut-drawn-as-u", "u-umlaut-cut-short"):
        # the page shows "WeiB" or "Jurgen": not the name read, and not valid
        assert record.status is not Status.VALID
        assert any(f.code.value == "shown-text-unchecked" for f in record.findings)


def _renamed(writer: PdfWriter) -> None:
    """The Regular font named as no copy of a standard font."""
    from pypdf.generic import NameObject

    font = _regular(writer.pages)
    font[NameObject("/BaseFont")] = NameObject("/LJOHTR+NimbusSanz-Regular")


def _lines_flattened(writer: PdfWriter) -> None:
    """The wording's lines (set at 10 points) drawn a hundredth as tall: hairlines."""
    for page in writer.pages:
        contents = page.get_contents()
        assert contents is not None
        contents.set_data(contents.get_data().replace(b"10 0 0 -10 ", b"10 0 0 -0.1 "))
        page.replace_contents(contents)


FLATTENED: dict[str, tuple[Edit, ...]] = {
    # the program's own matrix: every glyph a speck (PDFium boxes them so)
    "speck": (_top_set("FontMatrix", [0.00001, 0, 0, 0.00001, 0, 0]), _renamed),
    # the text's matrix on the page: every line a hairline as wide as its words
    "hairline": (_lines_flattened,),
}


@pytest.mark.parametrize("build", sorted(BUILDS))
@pytest.mark.parametrize("how", sorted(FLATTENED))
def test_a_font_drawn_at_a_speck_of_its_size_shows_nothing(
    weiss: bytes, build: str, how: str
) -> None:
    """Any embedded program's own matrix may shrink its glyphs (review of session 51: a
    CFF ``FontMatrix`` at a hundred-thousandth drew the whole wording a tenth of a point
    tall and read ``valid``), and the text's matrix may flatten them to hairlines: their
    letters are text a viewer does not show."""
    changed = BUILDS[build](weiss, *FLATTENED[how])
    record = parse(changed, today=TODAY)
    assert record.status is not Status.VALID
    hidden = [f for f in record.findings if f.code.value == "hidden-text"]
    assert any("drawn at a speck of its size" in f.message for f in hidden), record.findings


def test_a_program_matrix_squeezed_one_way_is_not_valid(weiss: bytes) -> None:
    """A ``FontMatrix`` a hundredth as tall as wide: PDFium boxes each glyph hundreds of
    points wide and reads no wording where it stands, poppler blots the page."""
    squeezed = _top_set("FontMatrix", [0.001, 0, 0, 0.00001, 0, 0])
    record = parse(rewritten(weiss, squeezed, _renamed), today=TODAY)
    assert record.status is not Status.VALID
