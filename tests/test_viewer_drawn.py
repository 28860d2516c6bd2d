"""A value a viewer draws itself, in a font that has no glyphs for it, is left to a person.

PyPDFForm's default and ``need_appearances`` fills set ``/V`` and leave each viewer to
draw it, in the form's default font (Helvetica, WinAnsi). A reviewer filled Hebrew,
Arabic, Devanagari, Bengali, Greek, Cyrillic, Japanese and Polish names so: poppler,
MuPDF and PDFium drew no name, or one with letters missing ("Zoë ukasiewicz"), yet
``parse`` said ``valid`` with the stored name. Such a value is now
``shown-text-unchecked`` (:mod:`pubrelease.reading.viewerdrawn`) and the return
``incomplete``; a Latin-1 name drawn so stays ``valid``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PyPDFForm import PdfWrapper

from pubrelease import load_form, parse
from pubrelease.record import Status

from . import returns as R
from .helpers import signed_release
from .mutoolfill import mutool_fill


def _pypdfform(name: str, need_appearances: bool) -> bytes:
    values: dict[str, str | int] = dict(R._text_values(signed_release(name), None))
    values["consent"] = R._button_states(None).index("Accept")
    wrapper = PdfWrapper(load_form().template, need_appearances=need_appearances)
    wrapper.fill(values)
    data: bytes = wrapper.read()
    return data


@pytest.mark.parametrize("need_appearances", [False, True], ids=["default", "need-appearances"])
@pytest.mark.parametrize(
    "name", ["יעל כהן-לוי", "क्षितिज त्रिपाठी", "Пётр Чайковский", "Zoë Łukasiewicz", "Nguyễn Thị"]
)
def test_a_value_the_default_font_cannot_draw_is_for_a_person(
    name: str, need_appearances: bool
) -> None:
    record = parse(_pypdfform(name, need_appearances))
    assert record.speaker_name == name
    assert record.status is Status.INCOMPLETE, record.findings
    unchecked = [f.message for f in record.findings if f.code == "shown-text-unchecked"]
    assert any("speaker_name" in m and "Helvetica" in m for m in unchecked), unchecked


@pytest.mark.parametrize("need_appearances", [False, True], ids=["default", "need-appearances"])
def test_a_latin_1_value_drawn_by_the_viewer_is_valid(need_appearances: bool) -> None:
    record = parse(_pypdfform("Zoë Ødegård-Müller", need_appearances))
    assert record.status is Status.VALID, record.findings
    assert "shown-text-unchecked" not in {f.code for f in record.findings}


_LABELS = {
    "Effective date of the agreement": "Sep 23, 2020",
    "Event title": "Talk",
    "Event date": "Jul 15, 2020",
    "Accept or decline the agreement": "Accept",
    "Date the speaker signed": "Sep 23, 2020",
}


@pytest.mark.parametrize("name", ["Αλέξανδρος Παπαδόπουλος", "Дмитрий Шостакович"])
def test_a_standard_font_naming_glyphs_it_does_not_have_is_not_vouched_for(
    name: str, tmp_path: Path
) -> None:
    """MuPDF draws a Greek or Cyrillic value in Helvetica, not embedded, whose encoding
    names "Alpha" or "afii10017": glyphs no viewer's Helvetica has. PDFium draws the box
    empty; the return read ``valid`` (a reviewer's finding). Such a font is no longer
    taken to draw what its encoding names (:func:`..pdf.tounicode._draws_named_glyphs`)."""
    values = {**_LABELS, "Speaker name (print)": name, "Speaker signature (type your name)": name}
    out = mutool_fill(tmp_path, values)
    record = parse(out)
    assert record.speaker_name == name
    assert record.status is Status.INCOMPLETE, record.findings
    assert "shown-text-unchecked" in {f.code for f in record.findings}
