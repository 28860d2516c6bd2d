"""Rosters: the list of speakers asked to sign, as organisers have them.

A roster is a CSV file in any common dialect (comma, semicolon, tab; a byte-order
mark; CRLF; quoted newlines), an ``.xlsx`` or ``.ods`` spreadsheet (first sheet, first
non-empty row is the header), a JSON array of objects or JSON Lines; ``-`` reads it
from standard input. Columns (DESIGN.md): ``speaker_name``, ``event_title``,
``event_date`` required; ``effective_date``, ``consent``, ``signature``, ``sign_date``,
``countersigner_name``, ``countersigner_signature``, ``countersign_date``,
``release_id`` and ``file`` optional. Headers match them whatever their case and
spacing (``Event Date``); ``columns={"speaker_name": "Full name"}`` maps others. Every
other column (email, affiliation, session...) is kept, in order, and carried to the
reports. Dates take every common written form; a day/month order that the column's
own dates do not settle, and ``date_order`` does not give, is reported, never guessed.
Every problem of every row is reported at once (:class:`~pubrelease.errors.RosterError`).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from ..dates import DateOrder
from ..errors import RosterError
from ..release import Release
from .rows import COLUMNS, DATE_COLUMNS, REQUIRED, check_rows
from .tables import MAX_CELL, RosterFormat, read_table

__all__ = [
    "COLUMNS",
    "DATE_COLUMNS",
    "MAX_CELL",
    "REQUIRED",
    "RosterEntry",
    "RosterFormat",
    "read_roster",
]


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One roster row: where it came from, its release and its columns."""

    source: str
    """The roster's path as given (``-`` for standard input)."""
    row: int
    """The row as a person finds it: spreadsheet row, CSV or JSON Lines line, array index."""
    release: Release
    file: str | None
    """The ``file`` column: the file name wanted for this release, if any."""
    columns: dict[str, str] = field(default_factory=dict)
    """Every column of the row as text (known ones by their names, dates as ISO)."""

    @property
    def extra(self) -> dict[str, str]:
        """The columns that are not release values: email, affiliation, session..."""
        return {k: v for k, v in self.columns.items() if k not in COLUMNS}

    @property
    def supersedes(self) -> tuple[str, ...]:
        """Ids of releases this row's release replaced (the manifest's ``supersedes``)."""
        return tuple(self.columns.get("supersedes", "").split())


def _read_bytes(source: str | Path | TextIO | BinaryIO) -> tuple[str, bytes]:
    if isinstance(source, str) and source == "-":
        stdin = getattr(sys.stdin, "buffer", None)  # a text stream only, when replaced
        return "-", stdin.read() if stdin is not None else sys.stdin.read().encode("utf-8")
    if isinstance(source, str | Path):
        try:
            return str(source), Path(source).read_bytes()
        except OSError as exc:
            raise RosterError(
                f"cannot read roster: {exc.strerror or exc}", file=str(source)
            ) from exc
    name = str(getattr(source, "name", "<stream>"))
    data = source.read()
    return name, data.encode("utf-8") if isinstance(data, str) else data


def read_roster(
    source: str | Path | TextIO | BinaryIO,
    *,
    columns: Mapping[str, str] | None = None,
    date_order: DateOrder | None = None,
) -> list[RosterEntry]:
    """Every row of a roster, each checked into a :class:`Release`.

    ``source`` is a path, ``"-"`` for standard input, or an open stream. ``columns``
    maps a release value to the header that holds it (``{"speaker_name": "Full
    name"}``); ``date_order`` settles dates such as ``04/05/2020``. If anything is
    wrong, :class:`RosterError` lists every problem as ``file:row:column: problem``.
    """
    name, data = _read_bytes(source)
    table = read_table(name, data)
    checked = check_rows(table, columns or {}, date_order)
    return [RosterEntry(name, row.row, row.release, row.file, row.columns) for row in checked]
