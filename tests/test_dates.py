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
