"""The command line's last line of defence: every failure is one inert line and an exit code.

* :class:`~pubrelease.errors.PubreleaseError` (bad usage or input) and :class:`OSError`
  (a file that cannot be read or written): one line per problem, exit 2;
* anything else is a bug in pubrelease: one line saying so, exit :data:`EXIT_INTERNAL`
  (never 1, which means "the work ran and found problems").

Rosters get a guard of their own: a cell beyond the CSV reader's limit or JSON nested
beyond Python's recursion limit is a roster that cannot be read (exit 2), not a crash.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

import click

from ..dates import DateOrder
from ..display import inert
from ..errors import PubreleaseError, RosterError
from ..roster import Roster, RosterEntry, open_roster

__all__ = ["EXIT_INTERNAL", "EXIT_USAGE", "fail", "guarded_open", "guarded_roster"]

EXIT_USAGE = 2
EXIT_INTERNAL = 3
"""An unexpected error inside pubrelease itself (a bug to report)."""


def fail(ctx: click.Context, exc: Exception) -> None:
    """Print ``exc`` as one inert line per problem and exit with its code."""
    if isinstance(exc, PubreleaseError):
        for line in str(exc).splitlines() or [type(exc).__name__]:
            click.echo(f"pubrelease: {inert(line)}", err=True)
        ctx.exit(EXIT_USAGE)
    if isinstance(exc, OSError):
        where = f"{inert(os.fsdecode(exc.filename))}: " if exc.filename else ""
        click.echo(f"pubrelease: {where}{inert(exc.strerror or str(exc))}", err=True)
        ctx.exit(EXIT_USAGE)
    text = inert(" ".join(str(exc).split()))[:300]
    click.echo(
        f"pubrelease: internal error ({type(exc).__name__}: {text}); "
        f"this is a bug in pubrelease, exit code {EXIT_INTERNAL}",
        err=True,
    )
    ctx.exit(EXIT_INTERNAL)


def guarded_roster(
    source: str | Path | TextIO,
    *,
    columns: Mapping[str, str] | None = None,
    date_order: DateOrder | None = None,
) -> list[RosterEntry]:
    """:func:`~pubrelease.roster.read_roster`, with a roster too large or too deep to read
    reported as a :class:`RosterError` naming the file."""
    with guarded_open(source, columns=columns, date_order=date_order) as roster:
        return list(roster)


def guarded_open(
    source: str | Path | TextIO,
    *,
    columns: Mapping[str, str] | None = None,
    date_order: DateOrder | None = None,
) -> Roster:
    """:func:`~pubrelease.roster.open_roster` (read a row at a time), guarded as
    :func:`guarded_roster`."""
    name = str(getattr(source, "name", source))
    try:
        return open_roster(source, columns=columns, date_order=date_order)
    except csv.Error as exc:
        raise RosterError(f"cannot read roster: {exc}", file=inert(name)) from exc
    except RecursionError as exc:
        raise RosterError("cannot read roster: nested too deeply", file=inert(name)) from exc
    except MemoryError as exc:
        raise RosterError("cannot read roster: too large", file=inert(name)) from exc
