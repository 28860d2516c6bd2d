import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from pubrelease import FieldValueError, FontCoverageError, Release, fill, load_form, parse
from pubrelease.filling.issuance import issue_digest, issued_values

TODAY = dt.date(2026, 11, 24)


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def _release(**changes: str) -> Release:
    values = {
        "speaker_name": "Zoë Ødegård-Łukasiewicz",
        "event_title": "Operation-Aware Soft Channel Pruning using Differentiable Masks",
        "event_date": "2020-07-15",
    }
    return Release.create(**{**values, **changes})


def test_filled_file_starts_with_the_template_bytes(han: Release) -> None:
    data = fill(han)
    template = load_form().template
    assert data[: len(template)] == template
    assert data.count(b"%%EOF") == 2  # one incremental update


def test_field_values_and_checkbox_states(han: Release) -> None:
    reader = _reader(fill(han))
    fields = reader.get_fields()
    assert fields is not None
    assert fields["speaker_name"]["/V"] == "Bohyung Han"
    assert fields["event_title"]["/V"] == han.event_title
    assert fields["event_date"]["/V"] == "Jul 15, 2020"
    assert fields["effective_date"]["/V"] == "Sep 23, 2020"
    assert fields["countersigner_name"]["/V"] == "David Blei"
    assert "/V" not in fields["signature"]
    consent = fields["consent"]
    assert consent["/V"] == "/Accept"
    kids = {
        next(iter(set(k.get_object()["/AP"]["/N"]) - {"/Off"})): k.get_object()
        for k in consent["/Kids"]
    }
    assert kids["/Accept"]["/AS"] == "/Accept"
    assert kids["/Decline"]["/AS"] == "/Off"


def test_every_widget_has_an_appearance_that_draws_its_value(han: Release) -> None:
    reader = _reader(fill(han))
    for page in reader.pages:
        for annot in page["/Annots"]:  # type: ignore[union-attr]
            widget = annot.get_object()
            assert "/N" in widget["/AP"]
    speaker = reader.get_fields()["speaker_name"]  # type: ignore[index]
    for kid in speaker["/Kids"]:
        stream = kid.get_object()["/AP"]["/N"].get_object()
        assert b"Tj" in stream.get_data()
        assert "/Font" in stream["/Resources"]


def test_issuer_values_are_locked_and_speaker_values_are_not(han: Release) -> None:
    fields = _reader(fill(han)).get_fields()
    assert fields is not None
    assert int(fields["event_title"]["/Ff"]) & 1
    assert int(fields["speaker_name"]["/Ff"]) & 1
    assert not int(fields["sign_date"]["/Ff"]) & 1
    assert not int(fields["consent"]["/Ff"]) & 1


def test_issuance_record_carries_id_values_and_digest(han: Release) -> None:
    data = fill(han)
    record = _reader(data).trailer["/Root"]["/PubRelease"]
    values = json.loads(record["/Values"])
    assert values == han.values() | {"release_id": record["/ReleaseId"]}
    assert record["/Digest"] == issue_digest("icml-2020", values)
    assert record["/Form"] == "icml-2020"


def test_release_ids_are_fresh_unless_given(han: Release) -> None:
    first = _reader(fill(han)).trailer["/Root"]["/PubRelease"]["/ReleaseId"]
    second = _reader(fill(han)).trailer["/Root"]["/PubRelease"]["/ReleaseId"]
    assert first != second
    given = Release.create(**{**han.values(), "release_id": "R-0001"})
    assert _reader(fill(given)).trailer["/Root"]["/PubRelease"]["/ReleaseId"] == "R-0001"


def test_defaults_effective_date_today_and_countersigner_from_the_form() -> None:
    fields = _reader(fill(_release(), today=TODAY)).get_fields()
    assert fields is not None
    assert fields["effective_date"]["/V"] == "Nov 24, 2026"
    assert fields["countersigner_name"]["/V"] == "David Blei"
    assert fields["consent"]["/V"] == "/Off"


def test_title_of_250_characters_fits_by_wrapping_and_shrinking() -> None:
    title = ("Differentiable Masks for Operation-Aware Channel Pruning " * 5)[:250]
    data = fill(_release(event_title=title))
    assert _reader(data).get_fields()["event_title"]["/V"] == title.strip()  # type: ignore[index]


@pytest.mark.parametrize(
    ("field", "value"),
    [("event_title", "x" * 2000), ("speaker_name", "Wolfeschlegelsteinhausenbergerdorff " * 4)],
)
def test_a_value_too_long_to_fit_is_an_error(field: str, value: str) -> None:
    with pytest.raises(FieldValueError, match="too long") as info:
        fill(_release(**{field: value}))
    assert info.value.field == field


def test_a_character_no_font_has_is_an_error() -> None:
    with pytest.raises(FontCoverageError) as info:
        fill(_release(signature="\U00013000"))
    assert info.value.field == "signature"
    assert "U+13000" in str(info.value)


def test_latin_values_use_the_template_font_and_others_add_a_subset() -> None:
    latin = fill(_release())
    greek = fill(_release(speaker_name="Γιώργος Παπαδόπουλος"))
    assert b"/FontFile2" not in latin[len(load_form().template) :]
    assert greek[len(load_form().template) :].count(b"/FontFile2") == 1
    assert len(latin) <= 60_000


def test_flatten_removes_the_form_and_keeps_the_values(han: Release) -> None:
    data = fill(han, flatten=True)
    reader = _reader(data)
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert all("/Annots" not in page for page in reader.pages)
    assert (
        json.loads(reader.trailer["/Root"]["/PubRelease"]["/Values"])["speaker_name"]
        == "Bohyung Han"
    )
    assert reader.trailer["/Root"]["/PubRelease"]["/Flattened"] == True  # noqa: E712 - a PDF boolean
    assert data.startswith(load_form().template)


def test_consent_decline_and_none(han: Release) -> None:
    declined = Release.create(**{**han.values(), "consent": "decline"})
    fields = _reader(fill(declined)).get_fields()
    assert fields is not None and fields["consent"]["/V"] == "/Decline"
    unanswered = Release.create(**{**han.values(), "consent": "none"})
    fields = _reader(fill(unanswered)).get_fields()
    assert fields is not None and fields["consent"]["/V"] == "/Off"


def test_a_name_too_long_for_one_line_is_set_on_two() -> None:
    """82 characters: more than one line of the box holds at the form's 6 pt minimum, so
    the name is set on two lines (at 5 pt) and read back whole from the appearance."""
    name = "Maria del Carmen Fernández-Rodríguez de la Santísima Trinidad y Montoya Bustamante"
    data = fill(_release(speaker_name=name))
    assert parse(data).speaker_name == name
    speaker = _reader(data).get_fields()["speaker_name"]  # type: ignore[index]
    stream = speaker["/Kids"][0].get_object()["/AP"]["/N"].get_object().get_data()
    assert stream.count(b" Tm\n") == 2
    assert b"/PRF0 5 Tf" in stream


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"speaker_name": None},
        {
            "speaker_name": '欧阳 "龘" \\ 😀\n\t\x01\u2028',
            "event_title": "Lévy–Cramér",
            "consent": "accept",
            "countersign_date": None,
            "a": "",
        },
        {"speaker_name": "Ann", "extra": 3},  # not text: through json
    ],
)
def test_issued_values_are_the_digest_and_json_dumps(values: dict) -> None:
    """One encoding of each value gives issue_digest's digest and json.dumps's text."""
    stored = json.dumps(values, ensure_ascii=False, sort_keys=True)
    assert issued_values("icml-2020", values) == (issue_digest("icml-2020", values), stored)
