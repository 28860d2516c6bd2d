"""Prints of names that read wrong (issue 11, left by session 24): each a release ``fill``
issued, printed to PDF by a real program (failing under ``CI=true`` when it is missing),
read ``valid`` with the name as filled.

* pdftocairo's Gujarati 'મહાત્મા ગાંધી': PDFium makes up a space of no width before 'ગાં',
  at the very point its box starts; sorted by their left edges alone, the two tied, and
  the space came after the cluster: 'ગાં ધી' in one box (``name-mismatch``). Of two
  characters starting at one place, the one ending first is read first
  (:mod:`pubrelease.pdf.textlines`).
* mutool's Gujarati 'મહાત્મા ગાંધી': the half form 'ત્' is mapped to a tab, read as a space
  ('મહા મા ગાંધી', ``incomplete``); a tab whose glyph has ink is a hole now, and the name
  is read from its glyphs (:mod:`pubrelease.pdf.chartable`).
* pdftocairo's Thai 'ยิ่งลักษณ์ ชินวัตร' and Oriya 'ଗୋପବନ୍ଧୁ ଦାସ': pdftocairo draws no glyph for
  a space, and the name, whose text layer names a glyph U+FFFD, could not be read from
  its glyphs: no text lays them out where they stand without the space
  (:mod:`pubrelease.pdf.undrawnspaces`).
* Ghostscript's and pdftocairo's 'محمد Ali': a right-to-left paragraph whose letters show
  as those of 'Ali محمد' do, read as that, left-to-right, one (the print keeps no
  paragraph direction); its boxes then differed from ``fill``'s drawing of it, which
  shapes the space in the Latin run, and the return was left to a person. The reading
  whose drawing by ``fill`` the boxes show is taken (:mod:`pubrelease.reading.paragraphs`).
* mutool's 'محمد Ali' ('Ali \x03\x04\x02\x05'), Ghostscript's and mutool's 'ابن سینا
  (Avicenna)': glyphs of two fonts, never read from their glyphs (``invalid``,
  ``unnamed-characters``); now read run by run of one font
  (:mod:`pubrelease.reading.glyphruns`); pdftocairo's too, whose Latin letters,
  brackets and spaces are in simple TrueType fonts.
"""

from __future__ import annotations

import dataclasses

import pytest

from pubrelease import Status, parse

from . import attacks as A
from . import returns as R

PRINTS = [
    ("محمد Ali", "gs"),
    ("محمد Ali", "pdftocairo"),
    ("«שרה» Cohen", "gs"),
    ("محمد Ali", "mutool"),
    # (the other paragraph direction, read as filled too)
    ("Ali محمد", "gs"),
    ("Cohen «שרה»", "pdftocairo"),
    ("મહાત્મા ગાંધી", "pdftocairo"),
    ("મહાત્મા ગાંધી", "mutool"),
    ("ยิ่งลักษณ์ ชินวัตร", "pdftocairo"),
    ("ଗୋପବନ୍ଧୁ ଦାସ", "pdftocairo"),
]


def _printed(name: str, printer: R.FlattenTool) -> bytes:
    release = dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)
    return R.printed(release, printer, today=A.TODAY)


@pytest.mark.parametrize(("name", "printer"), PRINTS)
def test_a_printed_name_is_read_as_filled(name: str, printer: R.FlattenTool) -> None:
    record = parse(_printed(name, printer), today=A.TODAY)
    assert (record.speaker_name, record.signature) == (name, name)
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]


@pytest.mark.parametrize("printer", ["gs", "mutool", "pdftocairo"])
def test_a_printed_persian_name_with_latin_in_brackets_is_read_from_its_glyphs(
    printer: R.FlattenTool,
) -> None:
    """Its letters drawn in Noto Sans Arabic, mapped to control codes, its brackets in
    DejaVu Sans and Noto Sans Arabic (pdftocairo: the Latin letters, brackets and spaces
    in simple TrueType fonts): read run by run of one font. The medial Persian
    yeh of 'سینا' is drawn as the Arabic one is, and the text layer names neither: the
    name is read with the Arabic yeh (a name without another Persian letter), which
    names are compared with as one (``same_text``: the roster's row is matched)."""
    from pubrelease import verify
    from pubrelease.text import same_text

    name = "ابن سینا (Avicenna)"
    record = parse(_printed(name, printer), today=A.TODAY)
    assert record.speaker_name == record.signature == name.replace("ی", "ي")
    assert record.speaker_name is not None and same_text(record.speaker_name, name)
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]
    row = dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)
    assert verify(record, row, today=A.TODAY).status is Status.VALID


@pytest.mark.parametrize(
    "drawn",
    [
        b"<00010005000400020003>",  # the Arabic letters drawn in another order
        b"<00010003000400030005>",  # a letter drawn for another
        b"<00010003000200040005>",  # two joined forms swapped: shows another name
    ],
)
def test_a_print_s_arabic_glyphs_changed_are_not_the_name(drawn: bytes) -> None:
    """mutool's print of 'محمد Ali' with the codes of its Arabic run changed in every
    box: never read valid as the name (where a name is read, it is the one shown)."""
    import io

    import pikepdf

    pdf = pikepdf.open(io.BytesIO(_printed("محمد Ali", "mutool")))
    for page in pdf.pages:
        content = page.Contents.read_bytes()
        assert content.count(b"<00010003000400020005>") in (0, 2)
        page.Contents.write(content.replace(b"<00010003000400020005>", drawn))
    out = io.BytesIO()
    pdf.save(out)
    record = parse(out.getvalue(), today=A.TODAY)
    assert record.status is not Status.VALID or record.speaker_name != "محمد Ali"
    if record.status is Status.VALID:
        assert record.speaker_name == record.signature == "ممحد Ali"


def test_a_space_is_read_where_a_gap_its_width_stands() -> None:
    from pubrelease.pdf.glyphreading import INKLESS
    from pubrelease.pdf.outlineproof import hb_font, shipped_fonts
    from pubrelease.pdf.undrawnspaces import with_undrawn_spaces

    ((path, number),) = shipped_fonts()["NotoSansThai-Regular"]
    font = hb_font(path, number)
    ko, space = font.get_nominal_glyph(ord("ก")), font.get_nominal_glyph(0x20)
    step, gap = font.get_glyph_h_advance(ko), font.get_glyph_h_advance(space)
    one = frozenset({ko})
    apart = [(one, 0.0, 0.0), (one, step + gap, 0.0)]
    spaced = with_undrawn_spaces(path, number, apart, INKLESS, "ก ก")
    assert spaced == [(one, 0, 0), (frozenset({INKLESS}), step, 0), (one, step + gap, 0)]
    # (where no box's text layer reads a space: none)
    assert with_undrawn_spaces(path, number, apart, INKLESS, "กก\nกก") == apart
    # (abutting, or a gap of another width, a tenth of a space off too: no space)
    for at in (step, step + gap / 2, step + 0.9 * gap, step + 2 * gap):
        drawn = [(one, 0.0, 0.0), (one, at, 0.0)]
        assert with_undrawn_spaces(path, number, drawn, INKLESS, "ก ก") == drawn


def test_the_other_reading_shows_the_same_glyphs() -> None:
    from pubrelease.reading.paragraphs import other_reading, shown

    pairs = [
        ("Ali محمد", "محمد Ali"),
        ("(Dudu) דוד", "דוד (Dudu)"),
        ("Cohen «שרה»", "«שרה» Cohen"),
        ("Ali 2 محمد", "محمد Ali 2"),
        ("(Avicenna) ابن سینا", "ابن سینا (Avicenna)"),
    ]
    for left, right in pairs:
        assert other_reading(left) == right and other_reading(right) == left
        assert shown(left) == shown(right)
    # one direction, or a line whose other reading shows otherwise: none
    for text in ("Bohyung Han", "דוד בן-גוריון", "Sarah (שרה) Cohen", "Ali محمد 2nd"):
        assert other_reading(text) is None
