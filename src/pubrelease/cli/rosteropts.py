"""The roster options that ``fill``, ``audit`` and ``remind`` share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..dates import DateOrder
from ..roster import RosterEntry
from .safety import guarded_roster

__all__ = ["load_roster", "roster_options"]

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
    columns: dict[str, str] = {}
    for item in column_map:
        name, sep, header = item.partition("=")
        if not sep or not name.strip() or not header.strip():
            raise click.BadParameter(f"{item!r}: write VALUE=HEADER", param_hint="--column")
        columns[name.strip()] = header.strip()
    order = DateOrder(date_order) if date_order else None
    return guarded_roster(path, columns=columns, date_order=order)
