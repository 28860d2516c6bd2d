"""Values reading leaves unsettled are settled when judging: by the roster, by the return's
other dates, or reported; in an audit too, where workers read before any roster row
is matched."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from pubrelease import Consent, Status, verify
from pubrelease.auditing.audit import audit
from pubrelease.demo import SEED_RELEASES
from pubrelease.reading.read import read
from pubrelease.record import Finding, Record, Severity, Source
from pubrelease.roster import RosterEntry

from . import scans
from .test_paper_parts import typed

HAN = SEED_RELEASES[0]
TODAY = dt.date(2026, 11, 29)
APRIL_5, MAY_4 = dt.date(2026, 4, 5), dt.date(2026, 5, 4)


def codes(record: Record) -> set[str]:
    return {f.code for f in record.findings}


def test_an_ambiguous_date_travels_with_both_readings_and_the_roster_settles_it() -> None:
    record = read(typed(sign_date="04/05/2026"))  # as an audit's worker reads: no roster
    ambiguous = [f for f in record.observed if f.code == "date-ambiguous"]
    assert [(f.field, f.readings) for f in ambiguous] == [
        ("sign_date", ("2026-05-04", "2026-04-05"))
    ]
    judged = verify(record, dataclasses.replace(HAN, sign_date=APRIL_5), today=TODAY)
    assert judged.sign_date == APRIL_5
    settled = [f for f in judged.findings if f.code == "date-settled"]
    assert len(settled) == 1 and settled[0].severity is Severity.INFO
    assert "roster's date" in settled[0].message and "May 4, 2026" in settled[0].message
    assert "date-ambiguous" not in codes(judged)
    assert judged.status is Status.VALID, judged.findings
    # judged again without the roster: the observation is back, the date unknown
    again = verify(judged, today=TODAY)
    assert again.sign_date is None
    assert "date-ambiguous" in codes(again) and "missing-value" not in codes(again)
    assert again.status is Status.INCOMPLETE


def test_a_roster_date_that_is_neither_reading_settles_nothing() -> None:
    record = read(typed(sign_date="04/05/2026"))
    judged = verify(record, dataclasses.replace(HAN, sign_date=dt.date(2026, 6, 1)), today=TODAY)
    assert judged.sign_date is None
    assert "date-ambiguous" in codes(judged)
    message = next(f.message for f in judged.findings if f.code == "date-ambiguous")
    assert "Apr 5, 2026" in message and "May 4, 2026" in message


def test_the_returns_other_dates_settle_a_reading_that_cannot_be() -> None:
    record = read(typed(sign_date="04/05/2026"))
    judged = verify(record, today=dt.date(2026, 4, 20))  # May 4 is still to come
    assert judged.sign_date == APRIL_5
    note = next(f.message for f in judged.findings if f.code == "date-settled")
    assert "May 4, 2026, would be in the future" in note


def test_an_unsure_ocr_date_is_taken_only_when_the_roster_has_one_of_its_readings() -> None:
    unsure = Finding(
        "ocr-unsure",
        Severity.WARNING,
        "sign_date: OCR reads '23/09/2020' in the scan with confidence 0.41",
        "sign_date",
        ("23/09/2020", "28/09/2020"),
    )
    record = Record(
        file="x.pdf", form="icml-2020", source=Source.OCR, findings=(unsure,),
        speaker_name=HAN.speaker_name, event_title=HAN.event_title,
        event_date=HAN.event_date, effective_date=HAN.effective_date, signed=True,
    )  # fmt: skip
    alone = verify(record, today=TODAY)
    assert alone.sign_date is None and alone.status is Status.INCOMPLETE
    assert "ocr-unsure" in codes(alone) and "missing-value" not in codes(alone)
    roster = dataclasses.replace(HAN, sign_date=dt.date(2020, 9, 28))
    judged = verify(record, roster, today=TODAY)
    assert judged.sign_date == dt.date(2020, 9, 28)
    assert "date-settled" in codes(judged) and "ocr-unsure" not in codes(judged)


def test_in_an_audit_the_roster_settles_a_handwritten_ambiguous_date(tmp_path: Path) -> None:
    pages = scans.printed(scans.release(sign_date=None), 200)
    scans.tick(pages, "Accept", 200)
    scans.sign(pages, 200)
    scans.pen_write(pages, "sign_date", "04/05/2020", 200, seed=4)
    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "han.pdf").write_bytes(scans.to_pdf(scans.scanned(pages, angle=-0.7, noise=5), 200))
    row = dataclasses.replace(HAN, sign_date=dt.date(2020, 5, 4))
    report = audit(folder, [RosterEntry("roster.csv", 2, row, None, {})], workers=1)
    (found,) = list(report.returns)
    record = found.record
    assert record.source is Source.OCR
    assert record.sign_date == dt.date(2020, 5, 4), record.findings
    assert "date-settled" in codes(record)
    assert record.status is Status.VALID, record.findings


def test_an_unsure_ocr_name_finds_its_roster_row_and_is_compared_with_it() -> None:
    from pubrelease.auditing.audit import _Reconciler

    unsure = Finding(
        "ocr-unsure",
        Severity.WARNING,
        "speaker_name: OCR reads 'Bohyung Hen' in the scan with confidence 0.48",
        "speaker_name",
        ("Bohyung Hen",),
    )
    record = Record(
        file="x.pdf", form="icml-2020", source=Source.OCR, findings=(unsure,),
        event_title=HAN.event_title, event_date=HAN.event_date,
        effective_date=HAN.effective_date, sign_date=HAN.sign_date, signed=True,
        countersign_date=HAN.countersign_date, consent=Consent.ACCEPT,
    )  # fmt: skip
    rows = [RosterEntry("roster.csv", 2 + i, r, None, {}) for i, r in enumerate(SEED_RELEASES)]
    entry = _Reconciler(rows).match(record)
    assert entry is not None and entry.release.speaker_name == "Bohyung Han"
    judged = verify(record, entry.release, today=TODAY)
    assert judged.speaker_name == "Bohyung Hen"  # as read, never the roster's spelling
    near = [f for f in judged.findings if f.code == "name-near-match"]
    assert len(near) == 1 and "'Bohyung Han'" in near[0].message
    assert "roster-mismatch" not in codes(judged)
    # without the roster the name stays unknown and the return incomplete
    alone = verify(record, today=TODAY)
    assert alone.speaker_name is None and alone.status is Status.INCOMPLETE
