import datetime as dt

import pytest

from pubrelease import Consent, FieldValueError, Release
from pubrelease.release import format_date, parse_date


def test_create_parses_iso_and_printed_dates() -> None:
    r = Release.create(
        speaker_name="  Zoë   Ødegård ",
        event_title="T",
        event_date="2020-07-15",
        sign_date="Sep 3, 2020",
    )
    assert r.speaker_name == "Zoë Ødegård"
    assert r.event_date == dt.date(2020, 7, 15)
    assert r.sign_date == dt.date(2020, 9, 3)
    assert r.consent is Consent.NONE


def test_names_are_nfc_normalised() -> None:
    decomposed = "Zoe\u0308"
    assert (
        Release.create(
            speaker_name=decomposed, event_title="T", event_date="2020-01-01"
        ).speaker_name
        == "Zoë"
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"event_date": "04/05/2020"}, "event_date"),  # ambiguous: never guessed
        ({"event_date": "2020-02-30"}, "event_date"),
        ({"consent": "maybe"}, "consent"),
        ({"speaker_name": "   "}, "speaker_name"),
        ({"colour": "red"}, "colour"),
        ({"signature": "bad\x07bell"}, "signature"),
    ],
)
def test_bad_values_raise_naming_the_field(values: dict[str, str], field: str) -> None:
    base = {"speaker_name": "A B", "event_title": "T", "event_date": "2020-07-15"}
    with pytest.raises(FieldValueError) as info:
        Release.create(**{**base, **values})
    assert info.value.field == field
    assert field in str(info.value)


def test_consent_coerce() -> None:
    assert Consent.coerce("Accept") is Consent.ACCEPT
    assert Consent.coerce("") is Consent.NONE
    assert Consent.coerce(None) is Consent.NONE


def test_dates_print_as_in_the_seed() -> None:
    assert format_date(dt.date(2020, 9, 23)) == "Sep 23, 2020"
    assert parse_date("Sep 23, 2020", field="x") == dt.date(2020, 9, 23)


def test_values_are_text_with_iso_dates(han: Release) -> None:
    values = han.values()
    assert values["event_date"] == "2020-07-15"
    assert values["consent"] == "accept"
    assert values["signature"] is None


def test_release_is_frozen(han: Release) -> None:
    with pytest.raises(AttributeError):
        han.speaker_name = "x"  # type: ignore[misc]


def test_with_defaults_fills_only_what_is_absent_and_checks_it() -> None:
    """with_defaults copies the checked values and checks only the three it may add."""
    release = Release.create(
        speaker_name="  Zoë   Müller ", event_title="T", event_date="2020-07-12"
    )
    filled = release.with_defaults(
        today=dt.date(2020, 7, 1), countersigner_name=" David  Blei ", release_id="r1"
    )
    assert (filled.effective_date, filled.countersigner_name, filled.release_id) == (
        dt.date(2020, 7, 1),
        "David Blei",
        "r1",
    )
    assert filled.speaker_name == "Zoë Müller" and filled.event_date == release.event_date
    assert release.effective_date is None and release.release_id is None  # unchanged
    kept = filled.with_defaults(today=dt.date(2021, 1, 1), countersigner_name="X", release_id="r2")
    assert kept == filled
    with pytest.raises(FieldValueError):
        release.with_defaults(today=None, countersigner_name="a\x00b", release_id=None)
