"""The roster options that ``fill``, ``audit`` and ``remind`` share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..dates import DateOrder
from ..roster import Roster, RosterEntry
from .safety import guarded_open

__all__ = ["load_roster", "open_roster_option", "roster_options"]

F = TypeVar("F", bound=Callable[..., Any])


def roster_options(command: F) -> F:
    """``--column VALUE=HEADER`` (repeatable) and ``--date-order dmy|mdy``."""
    command = click.option(
        "--date-order",
        type=click.Choice([o.value for o in DateOrder]),
        help="Day/month order of the roster's dates such as 04/05/2020 "
        "(otherwise taken from its unambiguous dates, or reported).",
    )(command)
    return click.option(
        "--column",
        "column_map",
        multiple=True,
        metavar="VALUE=HEADER",
        help='Roster column holding a value, e.g. --column speaker_name="Full name".',
    )(command)


def load_roster(
    path: str, column_map: tuple[str, ...], date_order: str | None
) -> list[RosterEntry]:
    """The roster at ``path`` (``-``: standard input) with the options applied."""
    with open_roster_option(path, column_map, date_order) as roster:
        return list(roster)


def open_roster_option(path: str, column_map: tuple[str, ...], date_order: str | None) -> Roster:
    """:func:`load_roster`'s roster, checked whole and read again a row at a time."""
    columns: dict[str, str] = {}
    for item in column_map:
        name, sep, header = item.partition("=")
        if not sep or not name.strip() or not header.strip():
            raise click.BadParameter(f"{item!r}: write VALUE=HEADER", param_hint="--column")
        columns[name.strip()] = header.strip()
    order = DateOrder(date_order) if date_order else None
    return guarded_open(path, columns=columns, date_order=order)
