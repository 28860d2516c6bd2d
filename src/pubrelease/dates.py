"""Dates as people write them: ISO, "Sep 23, 2020", "23 September 2020", "23.09.2020",
"23/09/2020", "9/23/2020", and what to do when the day/month order is ambiguous.

A numeric date whose first two numbers could each be the day or the month
(``04/05/2020``) is *ambiguous*: it is never guessed. It is resolved by an explicit
order (``DateOrder``), by the writer's own convention shown in other dates written
the same way (:func:`infer_order`), or by a date it must agree with (``expect``);
otherwise :class:`AmbiguousDateError` names both readings. A dotted date
(``04.05.2020``) is day-first: that is the convention everywhere dots are used.

A date in words is read in the writer's language (:mod:`pubrelease.datewords`:
``29 de noviembre de 2026``, ``Sunday, November 29, 2026``, ``2026年11月26日``), and
digits of any script count (``٢٩/١١/٢٠٢٦`` is ``29/11/2026``, ambiguous or not alike).
A month name that names two months in two languages (``listopada``) is ambiguous too,
and never guessed; the day/month order does not settle it.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import unicodedata
from collections.abc import Iterable

from .datewords import ascii_digits, read_words
from .errors import FieldValueError

__all__ = [
    "AmbiguousDateError",
    "DateOrder",
    "candidates",
    "format_date",
    "infer_order",
    "parse_date",
]

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_YMD = re.compile(r"^(\d{4})[./\-](\d{1,2})[./\-](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([./\-])(\d{1,2})\2(\d{4}|\d{2})$")
_SPACED_DOTS = re.compile(r"^(\d{1,2})\. (\d{1,2})\. (\d{4})$")
"""``2. 7. 2020``: the Czech and Slovak spelling of ``2.7.2020``, a space after each dot."""


class DateOrder(enum.Enum):
    """The order of day and month in a numeric date such as ``04/05/2020``."""

    DMY = "dmy"
    """Day first: 04/05/2020 is 4 May 2020."""
    MDY = "mdy"
    """Month first: 04/05/2020 is April 5, 2020."""


class AmbiguousDateError(FieldValueError):
    """A numeric date that reads as two different days, with nothing to choose between them."""

    def __init__(
        self, text: str, readings: tuple[dt.date, ...], *, field: str | None, named: bool = False
    ) -> None:
        shown = " or ".join(format_date(d) for d in readings)
        how = "write it as YYYY-MM-DD or give the day/month order"
        if named:
            how = "its month's name is another month in another language; write it as YYYY-MM-DD"
        super().__init__(f"{text!r} is ambiguous: {shown}; {how}", field=field)
        self.text = text
        self.readings = readings


def format_date(value: dt.date) -> str:
    """A date as a release prints it: ``Sep 23, 2020``."""
    return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if len(text) == 2 else value


def _numeric(text: str) -> tuple[dt.date | None, dt.date | None, str] | None:
    """``(day-first reading, month-first reading, separator)`` of a numeric date."""
    match = _NUMERIC.match(text)
    if match is None:
        return None
    a, sep, b, year = int(match.group(1)), match.group(2), int(match.group(3)), match.group(4)
    return _date(_year(year), b, a), _date(_year(year), a, b), sep


@functools.lru_cache(maxsize=4096)
def candidates(text: str) -> tuple[dt.date, ...]:
    """Every date ``text`` can be read as: none, one, or two for an ambiguous numeric date
    (or more, in order, for a month's name that names several months).

    Remembered by text (a reading asks it of the same few dates a dozen times: each
    source's, each rule's), a tuple of dates that nothing changes."""
    text = _clean(text)
    if not text:
        return ()
    try:
        return (dt.date.fromisoformat(text),)
    except ValueError:
        pass
    match = _YMD.match(text)
    if match:
        found = _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return (found,) if found else ()
    if any(not c.isdigit() and unicodedata.category(c)[0] in "LM" for c in text):
        return read_words(text)
    numeric = _numeric(text)
    if numeric is None:
        return ()
    day_first, month_first, sep = numeric
    if sep == ".":
        return (day_first,) if day_first else ()
    readings = tuple(dict.fromkeys(d for d in (day_first, month_first) if d is not None))
    return readings


def _clean(text: str) -> str:
    """One space between words, digits in ASCII; ``""`` when digits of two scripts mix;
    a dotted date spaced after its dots (``2. 7. 2020``) closed up (``2.7.2020``)."""
    text = ascii_digits(" ".join(text.strip().split())) or ""
    return _SPACED_DOTS.sub(r"\1.\2.\3", text)


def _order_shown(text: str) -> DateOrder | None:
    """The order an unambiguous numeric date reveals (``23/09/2020`` is day first)."""
    numeric = _numeric(_clean(text))
    if numeric is None or numeric[2] == ".":
        return None
    day_first, month_first, _ = numeric
    if day_first and not month_first:
        return DateOrder.DMY
    if month_first and not day_first:
        return DateOrder.MDY
    return None


def infer_order(texts: Iterable[str | None]) -> DateOrder | None:
    """The day/month order that other dates written by the same hand reveal, if they agree."""
    shown = {order for t in texts if t for order in [_order_shown(t)] if order is not None}
    return shown.pop() if len(shown) == 1 else None


def parse_date(
    value: dt.date | str,
    *,
    field: str | None = None,
    order: DateOrder | None = None,
    expect: dt.date | None = None,
) -> dt.date:
    """A date from a :class:`datetime.date` or any common written form.

    An ambiguous numeric date takes ``order`` when given, else the reading equal to
    ``expect`` (a date it must agree with, e.g. the roster's); otherwise it raises
    :class:`AmbiguousDateError`. Text that is no date raises :class:`FieldValueError`
    naming ``field``.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    found = candidates(value)
    if len(found) == 1:
        return found[0]
    if len(found) >= 2:
        numeric = _numeric(_clean(value)) is not None
        if numeric and order is DateOrder.DMY:
            return found[0]
        if numeric and order is DateOrder.MDY:
            return found[1]
        if expect is not None and expect in found:
            return expect
        raise AmbiguousDateError(value.strip(), found, field=field, named=not numeric)
    raise FieldValueError(f"{value!r} is not a date; use YYYY-MM-DD (e.g. 2020-09-23)", field=field)
