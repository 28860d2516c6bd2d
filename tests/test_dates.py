"""Dates in every common written form; an ambiguous day/month order is never guessed."""

from __future__ import annotations

import datetime as dt

import pytest

from pubrelease.dates import AmbiguousDateError, DateOrder, candidates, infer_order, parse_date
from pubrelease.errors import FieldValueError

SEP_23 = dt.date(2020, 9, 23)


@pytest.mark.parametrize(
    "text",
    [
        "2020-09-23", "Sep 23, 2020", "Sept. 23, 2020", "September 23rd, 2020", "23 September 2020",
        "23rd of September 2020", "23-Sep-2020", "23 Sep 2020", "23.09.2020", "23/09/2020",
        "9/23/2020", "09-23-2020", "2020/09/23", "2020.09.23", "  Sep   23,  2020 ", "23/09/20",
    ],
)  # fmt: skip
def test_every_common_form_reads_as_one_date(text: str) -> None:
    assert candidates(text) == (SEP_23,)
    assert parse_date(text, field="sign_date") == SEP_23


def test_an_ambiguous_numeric_date_is_never_guessed() -> None:
    assert candidates("04/05/2020") == (dt.date(2020, 5, 4), dt.date(2020, 4, 5))
    with pytest.raises(AmbiguousDateError) as caught:
        parse_date("04/05/2020", field="sign_date")
    message = str(caught.value)
    assert message.startswith("sign_date: '04/05/2020' is ambiguous")
    assert "May 4, 2020" in message and "Apr 5, 2020" in message
    assert isinstance(caught.value, FieldValueError)


def test_ambiguity_is_resolved_by_an_order_or_a_date_it_must_match() -> None:
    assert parse_date("04/05/2020", order=DateOrder.DMY) == dt.date(2020, 5, 4)
    assert parse_date("04/05/2020", order=DateOrder.MDY) == dt.date(2020, 4, 5)
    assert parse_date("04/05/2020", expect=dt.date(2020, 4, 5)) == dt.date(2020, 4, 5)
    with pytest.raises(AmbiguousDateError):
        parse_date("04/05/2020", expect=dt.date(2021, 1, 1))


def test_same_day_and_month_and_dotted_dates_are_not_ambiguous() -> None:
    assert candidates("05/05/2020") == (dt.date(2020, 5, 5),)
    assert candidates("04.05.2020") == (dt.date(2020, 5, 4),)
    assert parse_date("28.11.2026") == dt.date(2026, 11, 28)


def test_other_dates_by_the_same_hand_reveal_the_order() -> None:
    assert infer_order(["23/09/2020", "04/05/2020"]) is DateOrder.DMY
    assert infer_order(["9/23/2020", None, "4/5/2020"]) is DateOrder.MDY
    assert infer_order(["04/05/2020", "Sep 23, 2020"]) is None
    assert infer_order(["23/09/2020", "9/23/2020"]) is None  # they disagree: no order


@pytest.mark.parametrize("text", ["Febtember 31, 2020", "2020-02-30", "31/31/2020", "soon", ""])
def test_text_that_is_no_date_is_refused_naming_the_field(text: str) -> None:
    assert candidates(text) == ()
    with pytest.raises(FieldValueError, match=r"^sign_date: .* is not a date"):
        parse_date(text, field="sign_date")


# -- dates in the writer's own language (rev26 case 14) ------------------------------------

NOV_29 = dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Sunday, November 29, 2026", NOV_29),
        ("29 de noviembre de 2026", NOV_29),
        ("domingo, 29 de noviembre de 2026", NOV_29),
        ("29 de nov. de 2026", NOV_29),
        ("29 novembre 2026", NOV_29),
        ("le 29 novembre 2026", NOV_29),
        ("dimanche 29 novembre 2026", NOV_29),
        ("1er novembre 2026", dt.date(2026, 11, 1)),
        ("29 fevrier 2028", dt.date(2028, 2, 29)),  # typed without its accent
        ("29. November 2026", NOV_29),
        ("den 29. November 2026", NOV_29),
        ("So., 29. Nov. 2026", NOV_29),
        ("29. Jänner 2026", dt.date(2026, 1, 29)),  # Austrian
        ("29 ноября 2026 г.", NOV_29),
        ("29-го ноября 2026 года", NOV_29),
        ("29 листопада 2026 р.", NOV_29),
        ("29 listopadu 2026", NOV_29),
        ("29 Νοεμβρίου 2026", NOV_29),
        ("29 ΝΟΕΜΒΡΙΟΥ 2026", NOV_29),
        ("29. marraskuuta 2026", NOV_29),
        ("29 Kasım 2026", NOV_29),
        ("29 novembro de 2026", NOV_29),
        ("2026. november 29.", NOV_29),
        ("2026 m. lapkričio 29 d.", NOV_29),
        ("29 नवंबर 2026", NOV_29),
        ("٢٩ نوفمبر ٢٠٢٦", NOV_29),
        ("2026年11月26日", dt.date(2026, 11, 26)),
        ("2026年11月26号", dt.date(2026, 11, 26)),
        ("2026年11月29日(日)", NOV_29),
        ("2026年11月29日 日曜日", NOV_29),
        ("2026년 11월 26일", dt.date(2026, 11, 26)),
        ("2026년 11월 29일 일요일", NOV_29),
        ("ngày 29 tháng 11 năm 2026", NOV_29),
        ("٢٩/١١/٢٠٢٦", NOV_29),
        ("۲۹/۱۱/۲۰۲۶", NOV_29),
        ("२९/११/२०२६", NOV_29),
        ("２０２６-１１-２９", NOV_29),
        # what was read before still is
        ("29 Nov 2026", NOV_29),
        ("Nov. 29, 2026", NOV_29),
        ("29th November 2026", NOV_29),
        ("29.11.26", NOV_29),
        ("29-11-2026", NOV_29),
        ("2026/11/29", NOV_29),
        ("11/29/2026", NOV_29),
        ("Sept 29, 2026", dt.date(2026, 9, 29)),
        ("Mar 3, 2026", dt.date(2026, 3, 3)),
        ("May 3, 2026", dt.date(2026, 5, 3)),
        ("Jan 3, 2026", dt.date(2026, 1, 3)),
    ],
)
def test_a_date_in_the_writers_own_language_reads_as_one_date(text: str, day: dt.date) -> None:
    assert candidates(text) == (day,)
    assert parse_date(text, field="sign_date") == day


@pytest.mark.parametrize(
    "text",
    [
        "Monday, November 29, 2026",  # 29 November 2026 is a Sunday
        "2026年11月29日（月）",  # ... not a Monday
        "31 noviembre 2026",  # no 31 November
        "29 novembre 2026 1",  # a number too many
        "Sunday 29 November 2026 hello",  # a word that is not a date's
        "29 nov 26",  # a two-digit year beside a month's name
        "Sat 29 2026",  # "sat" is September in Turkmen, Saturday in English: no month
        "29 sat 2026",
        "29 de de 2026",
        "mars 2026",  # no day
        "2٠26-11-29",  # digits of two scripts
        "29\u200f/11\u200f/2026",  # bidi marks change what a viewer shows
        "31 listopada 2026",  # no 31 November (Polish); 31 October in Croatian: no date
        "2026年13月1日",
    ],
)
def test_words_that_are_no_date_stay_no_date(text: str) -> None:
    assert candidates(text) == ()
    with pytest.raises(FieldValueError, match=r"is not a date"):
        parse_date(text, field="sign_date")


def test_a_month_name_two_languages_read_differently_is_never_guessed() -> None:
    # "listopada": November in Polish, October in Croatian (CLDR's genitive names)
    both = (dt.date(2026, 10, 29), NOV_29)
    assert candidates("29 listopada 2026") == both
    with pytest.raises(AmbiguousDateError) as caught:
        parse_date("29 listopada 2026", field="sign_date")
    assert "Oct 29, 2026 or Nov 29, 2026" in str(caught.value)
    assert "another month in another language" in str(caught.value)
    # a day/month order does not settle a month's name; the date it must match does
    with pytest.raises(AmbiguousDateError):
        parse_date("29 listopada 2026", order=DateOrder.DMY)
    assert parse_date("29 listopada 2026", expect=NOV_29) == NOV_29
    # the weekday can: 29 October 2026 is a Thursday, 29 November a Sunday
    assert candidates("niedziela, 29 listopada 2026") == (NOV_29,)


def test_an_ambiguous_numeric_date_in_other_digits_is_still_ambiguous() -> None:
    assert candidates("٠٣/٠٤/٢٠٢٦") == candidates("03/04/2026")
    assert candidates("03/04/2026") == (dt.date(2026, 4, 3), dt.date(2026, 3, 4))
    assert parse_date("٠٣/٠٤/٢٠٢٦", order=DateOrder.MDY) == dt.date(2026, 3, 4)
    assert infer_order(["٢٣/٠٩/٢٠٢٠"]) is DateOrder.DMY


def test_the_names_table_is_cldrs() -> None:
    import json
    from pathlib import Path

    import pubrelease.datewords as words

    data = json.loads(Path(words.__file__).with_name("datewords.json").read_text("utf-8"))
    assert data["source"].startswith("CLDR via Babel")
    assert data["months"]["ноября"] == [11] and data["months"]["listopadu"] == [11]
    assert data["weekdays"]["sunday"] == [6]
