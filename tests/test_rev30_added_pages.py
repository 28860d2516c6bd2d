"""Review rev30: a page added between the pages of a return laid out by another system, and
words of a Type 3 font over a Letter print's margin.

A page that shows something and holds no text ("NO CONSENT" drawn in rectangles) read
``valid``: saved whole, because the reading of the wording runs on across a page with no
text; added by an update, because a NUL (white space to a PDF reader) inside the content
hid its painting operator from the test for a blank page. Files: ``tests/data/attacks-rev30``
(its README says how each was made). An honest blank page stays ``valid``, noted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pubrelease import Status, parse

DATA = Path(__file__).parent / "data" / "attacks-rev30"
TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    "name",
    [
        "layout-blank-nul-fill-letters-at1-incr.pdf",
        "chromium-blank-nul-shading-letters-at1-incr.pdf",
        "layout-blank-plain-fill-letters-at1-whole.pdf",
    ],
)
def test_a_page_that_draws_without_text_between_the_wording_is_an_extra_page(name: str) -> None:
    record = parse(DATA / name, today=TODAY)
    assert record.status is Status.INVALID
    errors = [f for f in record.findings if f.code == "extra-page" and f.severity.value == "error"]
    assert errors and "page 2" in errors[0].message, record.findings


def test_a_nul_does_not_make_an_added_page_blank() -> None:
    record = parse(DATA / "layout-blank-nul-fill-letters-at1-incr.pdf", today=TODAY)
    assert not any("blank" in f.message for f in record.findings if f.code == "pages-added")
    assert any(f.code == "modified-after-issue" for f in record.findings)


@pytest.mark.parametrize(
    "name", ["layout-blank-honest-empty-at1-incr.pdf", "layout-blank-honest-empty-at1-whole.pdf"]
)
def test_an_honest_blank_page_between_the_wording_is_only_noted(name: str) -> None:
    record = parse(DATA / name, today=TODAY)
    assert record.status is Status.VALID, record.findings
    notes = [f for f in record.findings if f.code in ("extra-page", "pages-added")]
    assert notes and all(f.severity.value == "info" for f in notes)


@pytest.mark.parametrize(
    "name", ["letter-type3-bigVOID-as-1_2.pdf", "letter-type3-bigVOID-as-1_2-qpdf.pdf"]
)
def test_words_in_a_type3_font_over_a_letter_margin_are_not_a_printers_header(name: str) -> None:
    # a Type 3 font's glyphs are pictures its /ToUnicode may call anything ("1/2" for a
    # "VOID" in block letters): they stay what the page draws, compared with the form's
    record = parse(DATA / name, today=TODAY)
    assert record.status is Status.INVALID, record.findings
    assert not any(f.code == "print-header" and "1/2" in f.message for f in record.findings)


def test_a_file_name_with_look_alike_letters_digits_or_conditions_is_not_a_printers() -> None:
    from pubrelease.form.registry import load_form
    from pubrelease.reading.margins import printers_piece

    form = load_form()
    named = [
        "consent-expires-2027-01-01.pdf",
        "hold_until_2030.pdf",
        "video_recording_excluded.pdf",
        "DRAFT_superseded.pdf",
        "Keine_Zustimmung.pdf",
        "https://icml.cc/release?consent=false",
        "N0T_AGREED.pdf",
        "V0ID.pdf",
        "DECL1NED.pdf",
        "D\u0415CLINED.pdf",  # a Cyrillic Е
        "V\u039fID.pdf",  # a Greek Ο
        "\uff2e\uff2f\uff34_AGREED.pdf",  # full-width letters
    ]
    assert [p for p in named if printers_piece(p, form)] == []
    honest = [
        "Bohyung_Han_ICML2020_release.pdf",
        "file:///home/u/Downloads/release%20(1).pdf",
        "M\u00fcller_final_v2.pdf",
        "\uae40\ucca0\uc218_release.pdf",  # a Korean name
        "release_2020-07-13.pdf",
        "Holden_release.pdf",
        "form-v3.pdf",
    ]
    assert [p for p in honest if not printers_piece(p, form)] == []


@pytest.mark.parametrize(
    "name",
    [
        "letter-chrome-leet-V0ID.pdf",
        "letter-chrome-expires.pdf",
        "letter-chrome-cyrillic-DECLINED.pdf",
    ],
)
def test_a_letter_print_titled_so_is_not_read_valid(name: str) -> None:
    record = parse(DATA / name, today=TODAY)
    assert record.status is Status.INVALID, record.findings
    assert any(f.code == "margin-marks" for f in record.findings)
