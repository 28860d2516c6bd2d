"""``audit --jsonl``: one line per return, written while the audit runs.

Each line is the return's record (DESIGN.md's keys) and ``roster_row``, the
roster row it matched (``null`` for none). A roster entry's outcome can change
until the last return is in (a later return may conflict), so the outcomes are
in the JSON, CSV and HTML reports written at the end, not in this stream. The
file is written as it grows, so that it can be followed (``tail -f``), and each
line is flushed whole.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from typing import IO

from ..errors import OutputExistsError
from ..files import is_stream
from .audit import Return

__all__ = ["jsonl_line", "jsonl_writer"]


def jsonl_line(item: Return) -> str:
    """One return as one line of JSON (with its newline)."""
    row = item.record.to_dict()
    row["roster_row"] = item.roster_row
    return json.dumps(row, ensure_ascii=False) + "\n"


@contextlib.contextmanager
def jsonl_writer(
    target: str | os.PathLike[str] | None, *, overwrite: bool = False
) -> Iterator[Callable[[Return], None] | None]:
    """A function that appends a return to ``target`` (``-``: stdout; a named pipe or a
    device is written into as it is), for ``on_return``.

    ``None`` for no target (nothing to write). The file is made when the first return
    comes, or when the audit ends with none: an audit stopped before (a cluster that
    cannot read, a setup refused) leaves an existing file as it was.
    """
    if target is None:
        yield None
        return
    if not overwrite and str(target) != "-" and os.path.lexists(target) and not is_stream(target):
        raise OutputExistsError(  # (said before the audit begins)
            "exists; pass --force (overwrite=True) to replace it", file=str(target)
        )
    opened: list[IO[str]] = []

    def stream() -> IO[str]:
        if not opened:
            opened.append(_open(target, overwrite))
        return opened[0]

    def write(item: Return) -> None:
        out = stream()
        out.write(jsonl_line(item))
        out.flush()

    try:
        yield write
        stream()  # (no return: the file is made, empty)
    finally:
        if opened and opened[0] is not sys.stdout:
            opened[0].close()


def _open(target: str | os.PathLike[str], overwrite: bool) -> IO[str]:
    if str(target) == "-":
        return sys.stdout
    if is_stream(target):  # a named pipe, /dev/null: written into, never replaced
        return open(target, "w", encoding="utf-8")
    if overwrite:
        # the old file's name is taken away, never its contents: opened for writing,
        # it truncated whatever it was a hard link to (the roster, a return)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
    try:
        return open(target, "x", encoding="utf-8")
    except FileExistsError as exc:
        raise OutputExistsError(
            "exists; pass --force (overwrite=True) to replace it", file=str(target)
        ) from exc
