"""Rosters: the list of speakers asked to sign, as organisers have them.

A roster is a CSV file in any common dialect (comma, semicolon, tab; a byte-order
mark; CRLF; quoted newlines) or an ``.xlsx`` or ``.ods`` spreadsheet (its first sheet,
or else the first visible one with a header), whose header is its first row that is not
blank, or the first of the next ten that names the required columns (a title or a note
above the columns is left out, and every row keeps its own number); a JSON array of
objects or JSON Lines; ``-`` reads it from standard input. Columns (DESIGN.md):
``speaker_name``, ``event_title``, ``event_date`` required; ``effective_date``,
``consent``, ``signature``, ``sign_date``, ``countersigner_name``,
``countersigner_signature``, ``countersign_date``, ``release_id`` and ``file``
optional. Headers match them whatever their case and spacing (``Event Date``);
``columns={"speaker_name": "Full name"}`` maps others. Every other column (email,
affiliation, session...) is kept, in order, and carried to the reports. Dates take
every common written form; a day/month order that the column's own dates do not
settle, and ``date_order`` does not give, is reported, never guessed.
Every problem of every row is reported at once (:class:`~pubrelease.errors.RosterError`).
:func:`open_roster` checks a roster the same way and hands its entries out a row at a
time (:mod:`.stream`), as often as a round reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO, TextIO

from ..dates import DateOrder
from .entry import RosterEntry
from .rows import COLUMNS, DATE_COLUMNS, REQUIRED
from .stream import Roster, open_roster
from .tables import MAX_CELL, RosterFormat

__all__ = [
    "COLUMNS",
    "DATE_COLUMNS",
    "MAX_CELL",
    "REQUIRED",
    "Roster",
    "RosterEntry",
    "RosterFormat",
    "open_roster",
    "read_roster",
]


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
    with open_roster(source, columns=columns, date_order=date_order) as roster:
        return list(roster)
