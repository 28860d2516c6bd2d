"""Checking a roster's rows: column names, cells, dates; every problem at once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..dates import DateOrder, infer_order, parse_date
from ..errors import FieldValueError, PubreleaseError, RosterError
from ..release import Release
from .tables import MAX_CELL, HeaderTest, Table, problem

__all__ = [
    "COLUMNS",
    "DATE_COLUMNS",
    "REQUIRED",
    "CheckedRow",
    "Orders",
    "check_row",
    "header_names",
    "header_test",
    "row_values",
]

REQUIRED = ("speaker_name", "event_title", "event_date")
COLUMNS = frozenset(Release.field_names()) | {"file", "supersedes"}
"""Release values, ``file`` (the file name wanted) and ``supersedes`` (ids replaced)."""
_NOT_VALUES = ("file", "supersedes")
DATE_COLUMNS = ("event_date", "effective_date", "sign_date", "countersign_date")
_PROBE = {"speaker_name": "probe", "event_title": "probe", "event_date": dt.date(2000, 1, 1)}
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = range(1, 2_958_466)
"""Excel's day numbers: 1900-01-01 to 9999-12-31."""


@dataclass(frozen=True, slots=True)
class CheckedRow:
    row: int
    release: Release
    file: str | None
    columns: dict[str, str]


def _key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def _names(table: Table, mapping: Mapping[str, str]) -> dict[str, str]:
    """Header to column name: mapped ones, known ones by their normalised form, the rest kept."""
    problems = []
    for name in mapping:
        if name not in COLUMNS:
            problems.append(
                problem(
                    table,
                    table.header_row,
                    name,
                    f"--column maps an unknown value; known: {_known()}",
                )
            )
    reverse = {header: name for name, header in mapping.items()}
    headers = list(table.header or ())
    if table.header is not None:
        for name, header in mapping.items():
            if header not in headers:
                problems.append(
                    problem(
                        table, table.header_row, name, f"no column {header!r} in the roster to map"
                    )
                )
    if problems:
        raise RosterError(f"{len(problems)} problem(s) in the roster", file=table.where,
                          problems=problems)  # fmt: skip
    return {header: _column(header, mapping, reverse) for header in headers}


def _column(header: str, mapping: Mapping[str, str], reverse: Mapping[str, str]) -> str:
    """The column a header holds: the value ``--column`` maps to it (``reverse``: header
    -> value), else the value it names (``Event Date``) unless ``mapping`` gives that value
    another header ("Speaker name" beside the "Full name" mapped: a column of its own),
    else itself."""
    key = _key(header)
    return reverse.get(header) or (key if key in COLUMNS and key not in mapping else header)


def _known() -> str:
    return ", ".join(sorted(COLUMNS))


def _cell(value: Any, column: str) -> str | dt.date:
    """A cell as text, or a date from a spreadsheet's date cell or day number."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("true/false")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        if column in DATE_COLUMNS and float(value).is_integer() and int(value) in _SERIALS:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, str):
        if len(value) > MAX_CELL:
            raise ValueError(f"{len(value)} characters is too long (at most {MAX_CELL})")
        return value.strip()
    raise TypeError(type(value).__name__)


def header_test(mapping: Mapping[str, str]) -> HeaderTest:
    """Whether a row's cells name every required column, by ``mapping`` (value -> header,
    as ``--column`` gives it) or by their own names, as :func:`header_names` reads them."""
    reverse = {header: name for name, header in mapping.items()}

    def test(cells: tuple[str, ...]) -> bool:
        named = {_column(cell, mapping, reverse) for cell in cells if cell}
        return all(column in named for column in REQUIRED)

    return test


def header_names(table: Table, mapping: Mapping[str, str]) -> dict[str, str]:
    """Header to column name (:func:`_names`), the required columns checked."""
    names = _names(table, mapping)
    if table.header is not None:
        _no_column_twice(table, names)
        missing = [c for c in REQUIRED if c not in names.values()]
        if missing:
            shown = ", ".join(repr(h) for h in table.header if h) or "none"
            raise RosterError(
                f"missing required column(s): {', '.join(missing)}",
                file=table.where,
                problems=[
                    problem(
                        table, table.header_row, c,
                        f"missing required column (the columns are {shown}; "
                        f"name one with --column {c}=HEADER)",
                    )
                    for c in missing
                ],
            )  # fmt: skip
    return names


def _no_column_twice(table: Table, names: Mapping[str, str]) -> None:
    """Refuse a header in which two columns hold one release value (``Event date``
    beside ``event_date``): which one holds it is for a person to say. (Two columns of
    one name are told apart by :mod:`.tables`: ``email``, ``email (2)``.)"""
    headers = [h for h in table.header or () if h]
    problems = []
    for column in dict.fromkeys(c for h in headers if (c := names.get(h, h)) in COLUMNS):
        which = [h for h in headers if names.get(h, h) == column]
        if len(which) > 1:
            shown = " and ".join(repr(h) for h in which)
            problems.append(
                problem(
                    table, table.header_row, column,
                    f"{len(which)} columns hold it ({shown}): rename or remove all but one",
                )
            )  # fmt: skip
    if problems:
        raise RosterError(
            f"{len(problems)} problem(s) in the roster", file=table.where, problems=problems
        )


def row_values(
    table: Table,
    names: Mapping[str, str],
    number: int,
    cells: Any,
    problems: list[PubreleaseError],
) -> dict[str, str | dt.date] | None:
    """A row's cells by column name, each as text or a date; ``None`` for a row that is no
    object. Every cell that cannot be read is left out and added to ``problems``."""
    if not isinstance(cells, dict):
        problems.append(problem(table, number, None, "a row must be an object"))
        return None
    if "\0extra" in cells:
        problems.append(problem(table, number, None, "more cells than header columns"))
    values: dict[str, str | dt.date] = {}
    for header, value in cells.items():
        if header == "\0extra":
            continue
        header = str(header)
        column = names.get(header) or (_key(header) if _key(header) in COLUMNS else header.strip())
        try:
            values[column or "?"] = _cell(value, column)
        except TypeError as exc:
            problems.append(problem(table, number, header, f"expected text, got {exc}"))
        except ValueError as exc:
            problems.append(problem(table, number, header, str(exc)))
    return values


class Orders:
    """The day/month order of each date column, from the dates of every row (given once,
    a row at a time): the one order they show, if they agree; or ``order`` when given."""

    def __init__(self, order: DateOrder | None) -> None:
        self._order = order
        self._shown: dict[str, set[DateOrder]] = {c: set() for c in DATE_COLUMNS}

    def see(self, values: Mapping[str, str | dt.date]) -> None:
        if self._order is None:
            for column, shown in self._shown.items():
                if len(shown) < 2:
                    found = infer_order([str(values.get(column, ""))])
                    if found is not None:
                        shown.add(found)

    def settled(self) -> dict[str, DateOrder | None]:
        return {
            column: self._order or (next(iter(shown)) if len(shown) == 1 else None)
            for column, shown in self._shown.items()
        }


def check_row(
    table: Table,
    number: int,
    values: dict[str, str | dt.date],
    orders: Mapping[str, DateOrder | None],
    problems: list[PubreleaseError],
    *,
    checked: bool = False,
) -> CheckedRow | None:
    """A row checked into a release, or ``None`` with its problems added to ``problems``.
    ``checked``: the row passed before, so its values are not tried one at a time again."""
    before = len(problems)
    release_values: dict[str, Any] = {}
    for column, value in values.items():
        if column not in COLUMNS or column in _NOT_VALUES or value == "":
            continue
        if column in DATE_COLUMNS and isinstance(value, str):
            try:
                value = parse_date(value, field=column, order=orders.get(column))
            except FieldValueError as exc:
                problems.append(problem(table, number, column, exc.message))
                continue
        try:  # each value on its own, so every bad column of a row is reported
            if not checked:
                Release.create(**{**_PROBE, column: value})
        except FieldValueError as exc:
            problems.append(problem(table, number, column, exc.message))
            continue
        release_values[column] = value
    for column in REQUIRED:
        if values.get(column, "") == "":
            problems.append(problem(table, number, column, "a value is required"))
    if len(problems) > before:
        return None
    release = Release.create(**release_values)
    columns = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}
    for column in DATE_COLUMNS:
        if column in release_values:
            columns[column] = getattr(release, column).isoformat()
    file = values.get("file")
    return CheckedRow(number, release, str(file) if file else None, columns)
