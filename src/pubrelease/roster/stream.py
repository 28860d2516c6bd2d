"""A roster read a row at a time: checked whole once, then handed out again and again.

:func:`open_roster` copies the roster (a file, standard input or a stream) to a private
temporary file, reads it a row at a time, checks every row (every problem reported at
once, as :func:`~pubrelease.roster.read_roster` does) and keeps the rows' cells in a
second private file, a row at a time. A :class:`Roster` then hands its entries out as
often as a round needs, each pass a row at a time, so that a round's memory does not grow
with its roster. The copy also means that what is issued is what was checked, whatever
happens to the roster's file meanwhile.
"""

from __future__ import annotations

import pickle
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

from ..dates import DateOrder
from ..errors import PubreleaseError, RosterError
from .entry import RosterEntry
from .rows import Orders, check_row, header_names, header_test, row_values
from .tables import MAX_ROSTER_BYTES, Table, read_table

__all__ = ["Roster", "open_roster"]

_CHUNK = 1 << 16


class Roster:
    """A checked roster's entries, read again from a private file at each pass.

    Iterating gives :class:`~pubrelease.roster.RosterEntry` objects in the roster's
    order, one at a time; ``len()`` is their number. Close it (or use ``with``) to
    remove the file.
    """

    def __init__(
        self, table: Table, spool: IO[bytes], count: int, orders: Mapping[str, DateOrder | None]
    ) -> None:
        self.source = table.source
        """The roster's path as given (``-`` for standard input)."""
        self._table = table
        self._spool = spool
        self._count = count
        self._orders = orders
        self._reading = False

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[RosterEntry]:
        if self._reading:
            raise RuntimeError("a roster is read one pass at a time")
        self._reading = True
        try:
            for number, values in _rows(self._spool):
                problems: list[PubreleaseError] = []
                row = check_row(self._table, number, values, self._orders, problems, checked=True)
                if row is None:  # checked before: cannot happen
                    raise problems[0]
                yield RosterEntry(self.source, row.row, row.release, row.file, row.columns)
        finally:
            self._reading = False

    def close(self) -> None:
        self._spool.close()

    def __enter__(self) -> Roster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _rows(spool: IO[bytes]) -> Iterator[tuple[int, Any]]:
    spool.seek(0)
    while True:
        try:
            yield pickle.load(spool)  # our own file, written by open_roster
        except EOFError:
            return


def open_roster(
    source: str | Path | TextIO | BinaryIO,
    *,
    columns: Mapping[str, str] | None = None,
    date_order: DateOrder | None = None,
) -> Roster:
    """The roster at ``source`` (a path, ``"-"`` for standard input, or an open stream),
    every row checked, as :func:`~pubrelease.roster.read_roster` checks them; if
    anything is wrong, :class:`RosterError` lists every problem."""
    name, raw = _copy(source)
    spool = tempfile.TemporaryFile(prefix="pubrelease-roster-")  # noqa: SIM115 -- the Roster's
    try:
        with raw:
            table = read_table(name, raw, header_test(columns or {}))
            names = header_names(table, columns or {})
            problems: list[PubreleaseError] = []
            orders = Orders(date_order)
            for number, cells in table.rows:
                values = row_values(table, names, number, cells, problems)
                if values is not None:
                    orders.see(values)
                    pickle.dump((number, values), spool, pickle.HIGHEST_PROTOCOL)
        settled = orders.settled()
        count = 0
        for number, values in _rows(spool):
            count += check_row(table, number, values, settled, problems) is not None
        if problems:
            raise RosterError(
                f"{len(problems)} problem(s) in the roster", file=table.where, problems=problems
            )
        if not count:
            raise RosterError("the roster has no rows", file=table.where)
    except BaseException:
        spool.close()
        raise
    return Roster(table, spool, count, settled)


def _copy(source: str | Path | TextIO | BinaryIO) -> tuple[str, IO[bytes]]:
    """The roster's name and a private copy of its bytes (refused beyond the largest size)."""
    if isinstance(source, str) and source == "-":
        stdin = getattr(sys.stdin, "buffer", None)  # a text stream only, when replaced
        return "-", _copied("-", stdin if stdin is not None else sys.stdin)
    if isinstance(source, str | Path):
        try:
            handle = open(source, "rb")  # noqa: SIM115 -- closed below
        except OSError as exc:
            raise RosterError(
                f"cannot read roster: {exc.strerror or exc}", file=str(source)
            ) from exc
        with handle:
            return str(source), _copied(str(source), handle)
    name = str(getattr(source, "name", "<stream>"))
    return name, _copied(name, source)


def _copied(name: str, stream: IO[Any]) -> IO[bytes]:
    copy = tempfile.TemporaryFile(prefix="pubrelease-roster-")  # noqa: SIM115 -- returned
    size = 0
    try:
        while chunk := stream.read(_CHUNK):
            data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
            size += len(data)
            if size <= MAX_ROSTER_BYTES:
                copy.write(data)
        if size > MAX_ROSTER_BYTES:
            raise RosterError(
                f"{size} bytes is too large for a roster (at most {MAX_ROSTER_BYTES})", file=name
            )
    except BaseException:
        copy.close()
        raise
    copy.seek(0)
    return copy
