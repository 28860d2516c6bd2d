"""A sign date typed in the speaker's own language or style, filled by pypdf and read back
``valid`` with the day it names (rev26 case 14: these read ``bad-date`` before)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pubrelease import Status, parse

from . import attacks as A
from .returns import fill_pypdf

SIGNED = A.RELEASE.sign_date  # 2 July 2020, a Thursday


@pytest.mark.parametrize(
    "typed",
    [
        "Thursday, July 2, 2020",
        "2 de julio de 2020",
        "le 2 juillet 2020",
        "2. Juli 2020",
        "Do., 2. Juli 2020",
    ],
)
def test_a_sign_date_in_the_speakers_own_words_reads_valid(typed: str, tmp_path: Path) -> None:
    out = fill_pypdf(A.RELEASE, tmp_path / "typed.pdf", texts={"sign_date": typed})
    record = parse(out, today=dt.date(2020, 9, 23))
    assert record.status is Status.VALID, record.findings
    assert record.sign_date == SIGNED == dt.date(2020, 7, 2)


def test_a_weekday_the_date_is_not_on_is_no_date(tmp_path: Path) -> None:
    out = fill_pypdf(A.RELEASE, tmp_path / "typed.pdf", texts={"sign_date": "Friday, July 2, 2020"})
    record = parse(out, today=dt.date(2020, 9, 23))
    assert record.sign_date is None
    assert "bad-date" in [f.code for f in record.findings]


def test_a_month_name_two_languages_read_differently_is_left_for_a_person(
    tmp_path: Path,
) -> None:
    # "listopada": November in Polish, October in Croatian; nothing on the return tells
    typed = "2 listopada 2020"
    out = fill_pypdf(A.RELEASE, tmp_path / "typed.pdf", texts={"sign_date": typed})
    record = parse(out, today=dt.date(2020, 12, 1))
    assert record.status is Status.INCOMPLETE, record.findings
    assert record.sign_date is None
    (finding,) = [f for f in record.findings if f.code == "date-ambiguous"]
    assert finding.readings == ("2020-10-02", "2020-11-02")
    assert "Oct 2, 2020 or Nov 2, 2020" in finding.message
