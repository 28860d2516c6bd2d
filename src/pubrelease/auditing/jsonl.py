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

    ``None`` for no target (nothing to write).
    """
    if target is None:
        yield None
        return
    if str(target) == "-":
        stream: IO[str] = sys.stdout
        close = False
    elif is_stream(target):  # a named pipe, /dev/null: written into, never replaced
        stream = open(target, "w", encoding="utf-8")  # noqa: SIM115
        close = True
    else:
        if overwrite:
            # the old file's name is taken away, never its contents: opened for writing,
            # it truncated whatever it was a hard link to (the roster, a return)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
        try:
            stream = open(target, "x", encoding="utf-8")  # noqa: SIM115
        except FileExistsError as exc:
            raise OutputExistsError(
                "exists; pass --force (overwrite=True) to replace it", file=str(target)
            ) from exc
        close = True

    def write(item: Return) -> None:
        stream.write(jsonl_line(item))
        stream.flush()

    try:
        yield write
    finally:
        if close:
            stream.close()
