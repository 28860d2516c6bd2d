"""From the file to the status: each finding code's path, and verdicts made once.

The speaker's part is filled the way a viewer saves it (pypdf, an incremental update
with fresh appearance streams), so the values reach ``parse`` through the page and the
stored fields as they would from a real return.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader, PdfWriter

from pubrelease import Release, Status, fill, parse, verify
from pubrelease.auditing.audit import audit

TODAY = dt.date(2026, 11, 24)


def speaker_fills(issued: bytes, **values: str) -> bytes:
    """The speaker's fields filled in a viewer: an incremental update, as Acrobat saves."""
    writer = PdfWriter(io.BytesIO(issued), incremental=True)
    fields = dict(values)
    consent = fields.pop("consent", None)
    if consent is not None:
        fields["consent"] = f"/{consent}"
    writer.update_page_form_field_values(None, fields, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def codes(record: object) -> list[str]:
    return [f.code for f in record.findings]  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def issued(han: Release) -> bytes:  # type: ignore[misc]
    return fill(han, today=dt.date(2020, 9, 23))


@pytest.fixture(scope="module")
def han() -> Release:  # the module-scoped twin of conftest's
    from pubrelease.demo import SEED_RELEASES

    return Release.create(
        **{
            k: v
            for k, v in SEED_RELEASES[0].values().items()
            if k in ("speaker_name", "event_title", "event_date", "effective_date")
        }
    )


def test_a_viewer_fill_reads_valid(issued: bytes) -> None:
    data = speaker_fills(
        issued, consent="Accept", signature="Bohyung Han", sign_date="Sep 23, 2020"
    )
    record = parse(data, today=TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.sign_date == dt.date(2020, 9, 23)


def test_a_date_that_is_no_date_is_invalid_not_missing(issued: bytes) -> None:
    data = speaker_fills(
        issued, consent="Accept", signature="Bohyung Han", sign_date="Febtember 31, 2020"
    )
    record = parse(data, today=TODAY)
    assert record.status is Status.INVALID, record.findings
    assert "bad-date" in codes(record)
    assert "missing-value" not in codes(record)
    messages = [f.message for f in record.findings if f.code == "bad-date"]
    assert messages == ["sign_date 'Febtember 31, 2020' is not a date"]


@pytest.mark.parametrize("written", ["28.11.2020", "23 September 2020", "9/23/2020"])
def test_dates_a_speaker_types_in_common_forms_are_read(issued: bytes, written: str) -> None:
    data = speaker_fills(issued, consent="Accept", signature="Bohyung Han", sign_date=written)
    record = parse(data, today=TODAY)
    assert record.sign_date is not None, record.findings
    assert record.status is Status.VALID, record.findings


def test_judging_again_never_doubles_or_drops_a_finding(issued: bytes, han: Release) -> None:
    data = speaker_fills(
        issued, consent="Accept", signature="Bohyung Han", sign_date="Febtember 31, 2020"
    )
    once = parse(data, today=TODAY)
    twice = verify(verify(once, today=TODAY), han, today=TODAY)
    assert codes(twice) == codes(once)
    assert twice.status is Status.INVALID


@pytest.mark.parametrize(
    ("values", "status", "code"),
    [
        ({"consent": "Accept", "signature": "Bohyung Han"}, Status.INCOMPLETE, "missing-value"),
        ({"consent": "Accept", "sign_date": "Sep 23, 2020"}, Status.INCOMPLETE, "unsigned"),
        ({"signature": "Bohyung Han", "sign_date": "Sep 23, 2020"}, Status.INCOMPLETE,
         "consent-missing"),
        ({"consent": "Decline", "signature": "Bohyung Han", "sign_date": "Sep 23, 2020"},
         Status.DECLINED, "declined"),
        ({"consent": "Accept", "signature": "Bohyung Han", "sign_date": "Jan 1, 2030"},
         Status.INVALID, "bad-date"),
        ({"consent": "Accept", "signature": "Bohyung Han", "sign_date": "Sep 23, 2020"},
         Status.VALID, "not-countersigned"),
    ],
)  # fmt: skip
def test_each_rule_from_the_file_to_the_status(
    issued: bytes, values: dict[str, str], status: Status, code: str
) -> None:
    record = parse(speaker_fills(issued, **values), today=TODAY)
    assert record.status is status, record.findings
    assert code in codes(record)


def test_the_audit_judges_each_return_once_against_its_roster_row(
    issued: bytes, tmp_path: object
) -> None:
    from pathlib import Path

    from pubrelease.roster import RosterEntry

    folder = Path(str(tmp_path)) / "returns"
    folder.mkdir()
    data = speaker_fills(
        issued, consent="Accept", signature="Bohyung Han", sign_date="Febtember 31, 2020"
    )
    (folder / "han.pdf").write_bytes(data)
    reader = PdfReader(io.BytesIO(issued))
    assert reader.get_fields()  # the issued release is a live form
    row = RosterEntry("roster.csv", 2, Release.create(
        speaker_name="Bohyung Han",
        event_title=parse(issued).event_title,
        event_date=parse(issued).event_date,
    ), None, {})  # fmt: skip
    report = audit(folder, [row], workers=1)
    [returned] = report.returns
    assert returned.record.status is Status.INVALID
    assert codes(returned.record).count("bad-date") == 1
    assert codes(returned.record).count("not-countersigned") == 1


def test_every_finding_code_is_owned_by_one_enum() -> None:
    from pubrelease.findings import Code
    from pubrelease.record import Finding, Severity

    made = Finding("bad-date", Severity.ERROR, "x")
    assert made.code is Code.BAD_DATE and made.to_dict()["code"] == "bad-date"
    with pytest.raises(ValueError, match="not a valid Code"):
        Finding("no-such-code", Severity.ERROR, "x")
