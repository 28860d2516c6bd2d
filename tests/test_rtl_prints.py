"""Prints of right-to-left names that other tools re-save are read filled (issue 11).

'Sarah (שָׂרָה) Cohen' filled by ``fill`` and printed by Ghostscript or mutool was read
right but ``incomplete``: the Noto Sans Hebrew we ship is a variable font whose default
instance is Thin (named NotoSansHebrew-Thin), while ``fill`` draws it instanced at
Regular, so no print's Hebrew was ever proved by its outlines nor read glyph by glyph
(pdf/outlineproof.py ``drawn_at``); PDFium gives the pointed Hebrew of a print neither
left to right nor right to left, and a vowel point under a letter looked like a line
of its own (reading/glyphorder.py ``arranged``); and a box proved by outlines could be
in one such font only (``_shown_as_proved``).

mutool's print of the plain 'محمد علي': the comma of the form's wording after the name,
in the Helvetica mutool embeds as a Type 0 font, starts 0.04 pt inside the name's box
(80,560)-(270,573), and the box's glyphs were not read (reading/glyphtext.py
``_beside``).
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest

from pubrelease import Status, parse
from pubrelease.pdf.rendering import Glyph
from pubrelease.reading import glyphorder

from . import attacks as A
from . import returns as R

PRINTS = [
    ("Sarah (שָׂרָה) Cohen", "gs"),
    ("Sarah (שָׂרָה) Cohen", "mutool"),
    ("Sarah (שָׂרָה) Cohen", "pdftocairo"),
    ("Sarah (שרה) Cohen", "gs"),
    ("Sarah (שרה) Cohen", "mutool"),
    ("محمد علي", "mutool"),
    ("عبد الله بن سعيد", "pdftocairo"),
    ("ยิ่งลักษณ์ ชินวัตร", "mutool"),  # (the comma after it too)
]


def _printed(name: str, printer: R.FlattenTool) -> bytes:
    release = dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)
    return R.printed(release, printer, today=A.TODAY)


@pytest.mark.parametrize(("name", "printer"), PRINTS)
def test_a_printed_name_is_read_filled(name: str, printer: R.FlattenTool) -> None:
    record = parse(_printed(name, printer), today=A.TODAY)
    assert (record.speaker_name, record.signature) == (name, name)
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]


def test_a_printed_hebrew_font_is_proved_by_fill_s_own_outlines() -> None:
    """Ghostscript's subset of the Noto Sans Hebrew ``fill`` embeds draws that font's
    outlines at the weight ``fill`` draws it: proved (it was compared with the Thin)."""
    from pypdf import PdfReader

    from pubrelease.pdf.pagefonts import check_fonts

    reader = PdfReader(io.BytesIO(_printed("שרה כהן", "gs")))
    fonts = check_fonts(reader, max_pages=4)
    hebrew = [c for name, checks in fonts.by_name.items() if "Hebrew" in name for c in checks]
    assert hebrew and all(c.draws_reference for c in hebrew)


def test_the_reference_of_a_variable_font_is_fill_s_instance() -> None:
    from pubrelease.pdf.outlineproof import drawn_at, hb_font, shipped_fonts

    ((path, number),) = shipped_fonts()["NotoSansHebrew-Regular"]
    assert drawn_at(path, number) == {"wght": 400.0}
    # (HarfBuzz's advances there are fill's)
    from pubrelease.pdf.shaping import load_face

    face = load_face(Path(path), number)
    gid = face.nominal("ש")
    assert gid is not None
    assert hb_font(path, number).get_glyph_h_advance(gid) == face.font.get_glyph_h_advance(gid)
    # (its default instance stays a reference, by its own name: pdf-lib embeds the font
    # whole, and its print draws the Thin; /tmp/rev21/p/n08/plgs.pdf was valid)
    from pubrelease.pdf.drawninstance import DEFAULT
    from pubrelease.pdf.outlineproof import reference_font
    from pubrelease.reading.glyphtext import _all_references

    assert shipped_fonts()["NotoSansHebrew-Thin"] == ((path + DEFAULT, number),)
    assert {(path, number), (path + DEFAULT, number)} <= set(_all_references())
    thin, regular = (reference_font(p, number) for p in (path + DEFAULT, path))
    shin = thin.getBestCmap()[ord("ש")]
    assert thin["hmtx"][shin] != regular["hmtx"][shin]
    # (a font whose default is the regular weight is as it was)
    ((arabic, index),) = shipped_fonts()["NotoSansArabic-Regular"]
    assert drawn_at(arabic, index) == {}


def _glyph(char: str, box: tuple[float, float, float, float]) -> Glyph:
    return Glyph(char, box, False)


def test_right_to_left_letters_and_marks_are_arranged_by_where_they_stand() -> None:
    # PDFium's order of a print's 'Sarah (שָׂרָה' (its boxes, measured)
    hebrew = [
        _glyph("h", (143.7, 659.0, 148.3, 666.7)),
        _glyph("(", (153.2, 657.7, 155.4, 666.7)),
        _glyph("ר", (162.9, 659.0, 167.0, 665.0)),
        _glyph("ה", (156.7, 659.0, 161.8, 665.0)),
        _glyph("\u05b8", (165.6, 656.9, 167.4, 658.2)),  # qamats, under the resh
        _glyph("ש", (168.3, 659.0, 174.3, 665.0)),
        _glyph("\u05b8", (170.4, 656.9, 172.2, 658.2)),
        _glyph("\u05c2", (168.5, 665.6, 169.0, 666.3)),  # sin dot, over the shin
        _glyph("(", (175.7, 657.7, 178.0, 666.7)),
    ]
    assert glyphorder.arranged(hebrew)
    # a right-to-left letter drawn over another is still not
    assert not glyphorder.arranged([*hebrew[:3], _glyph("ו", (163.5, 659.0, 166.0, 665.0))])
    # nor are the other glyphs out of their order, nor a letter above its line
    assert not glyphorder.arranged([*hebrew[1:], hebrew[0]])
    assert not glyphorder.arranged([*hebrew, _glyph("ו", (180.0, 668.0, 182.5, 674.0))])


def test_a_pair_of_hebrew_letters_is_measured_as_it_stands() -> None:
    from pubrelease.pdf.outlineproof import pair_gap

    font = "NotoSansHebrew-Regular"
    found = pair_gap(font, "ר", "ה")  # resh read first, drawn on the right
    assert found is not None
    gap, left, right = found
    assert 0 < gap < 0.3 and left > right  # he (on the left) is the wider
    assert pair_gap("NotoSansArabic-Regular", "م", "د") is None  # joined: not measured
