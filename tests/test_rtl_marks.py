"""Hebrew points and Arabic vowel signs of a printed name stay with their letters.

Ghostscript, pdftocairo and mutool print a release's pointed Hebrew name "שָׂרָה לֵוִי"
glyph by glyph, each point drawn before or after its letter as the shaper ordered the
glyphs (Ghostscript: the qamats and sin dot of the shin before the shin). A mark was
read with the character read before it: the last letter of the line above (a date,
then `bad-date`), or the letter beside its own; and a right-to-left line was put back
in logical order character by character, each mark before its letter. The name read
'ָשרה ֵלִוָׂי', and an honest print was `invalid` (review rev22). Now a right-to-left mark
goes with the letter on its line whose box holds it (pdf/chartable.py ``_base_of``),
and a letter with its marks is moved whole (pdf/textlines.py ``_bidi_row``).

Arabic names with vowel signs, whose prints' text layers name no character for the
joined forms, were read from the glyphs only without marks: 'مُحَمَّد عَلِيّ' printed by
any of the three was `invalid` (unnamed-characters).
"""

from __future__ import annotations

import dataclasses
import tempfile
import unicodedata
from pathlib import Path

import pytest

from pubrelease import Status, fill, parse

from . import attacks as A
from . import returns as R

NAMES = [
    "שָׂרָה לֵוִי",
    "מֹשֶׁה כֹּהֵן",  # a holam over the gap to the letter before its own
    "Sarah שָׂרָה Cohen",  # PDFium reads resh, he, qamats, shin: resh's qamats far from it
    # a text layer with holes, read from the glyphs: with vowel signs (the search set
    # out with each mark after its letter, pdf/markorder.py); mutool maps a joined form
    # to U+0002, read as PDFium's hyphen, a letter named, before (pdf/chartable.py)
    "مُحَمَّد عَلِيّ",
    "فاطِمة الزَّهراء",
    "محمّد علي",
    # the kasra under the lam set at the lam's origin: the glyphs drawn and HarfBuzz's
    # layout were compared left to right with the two in the order each drew them
    # (pdf/markorder.py by_ids)
    "أَحْمَد بْن عَلِيّ",
]


@pytest.mark.parametrize("printer", ["gs", "pdftocairo", "mutool"])
@pytest.mark.parametrize("name", NAMES)
def test_a_printed_name_with_marks_reads_as_filled(name: str, printer: str) -> None:
    release = dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "issued.pdf"
        source.write_bytes(fill(release, today=A.TODAY))
        printed = R.flatten_with(printer, source, Path(folder) / "printed.pdf", strict=False)
        record = parse(printed.read_bytes(), today=A.TODAY)
    # (the marks of a letter in the order drawn: the same text, canonically)
    read = [unicodedata.normalize("NFD", v or "") for v in (record.speaker_name, record.signature)]
    assert read == [unicodedata.normalize("NFD", name)] * 2
    assert record.effective_date == A.RELEASE.effective_date  # (no mark of the name in it)
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]


def test_a_glyph_mapped_to_a_line_break_is_a_hole_not_a_line_end() -> None:
    """mutool's print of 'أَحْمَد بْن عَلِيّ' maps a joined form to U+000A: read as a line
    end, its letter was gone and its shadda was read with a date of the form ('Jul 1,
    2020ّ', bad-date). PDFium's own line ends are generated; such a glyph reads U+FFFD,
    a hole, and the name is read from the glyphs."""
    name = "أَحْمَد بْن عَلِيّ"
    release = dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "issued.pdf"
        source.write_bytes(fill(release, today=A.TODAY))
        printed = R.flatten_with("mutool", source, Path(folder) / "printed.pdf", strict=False)
        record = parse(printed.read_bytes(), today=A.TODAY)
    assert unicodedata.normalize("NFD", record.speaker_name or "") == unicodedata.normalize(
        "NFD", name
    )
    assert not [f for f in record.findings if f.code.value == "bad-date"], record.findings


def test_glyphs_at_one_place_are_ordered_by_id_whoever_drew_them_first() -> None:
    from pubrelease.pdf.markorder import by_ids

    # the lam (19) and its kasra (379) at one place, as two printers drew them
    drawn_one_way = [(104, 0.0, 0.0), (19, 2529.0, 0.0), (379, 2529.0, -54.0), (29, 3058.0, 0.0)]
    drawn_other_way = [drawn_one_way[0], drawn_one_way[2], drawn_one_way[1], drawn_one_way[3]]
    assert by_ids(drawn_one_way, 1000) == by_ids(drawn_other_way, 1000) == drawn_one_way
    # a printer's rounding moves one a little: still at one place; 0.02 em apart is not
    assert [g for g, _, _ in by_ids([(379, 0.0, 0.0), (19, 3.0, 0.0)], 1000)] == [19, 379]
    assert [g for g, _, _ in by_ids([(379, 0.0, 0.0), (19, 20.0, 0.0)], 1000)] == [379, 19]
