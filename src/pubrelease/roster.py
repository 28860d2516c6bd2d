"""Rosters: the list of speakers, from CSV, a JSON array or JSON Lines.

Columns (DESIGN.md): ``speaker_name``, ``event_title``, ``event_date`` required;
``effective_date``, ``consent``, ``signature``, ``sign_date``,
``countersigner_name``, ``countersign_date``, ``file`` (and ``release_id``,
``countersigner_signature``) optional. Rows are numbered as a person finds them:
the line number in a CSV or JSON Lines file (the CSV header is line 1), the
1-based position in a JSON array.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .errors import FieldValueError, PubreleaseError, RosterError
from .release import Release

__all__ = ["COLUMNS", "RosterEntry", "read_roster"]

REQUIRED = ("speaker_name", "event_title", "event_date")
COLUMNS = frozenset(Release.field_names()) | {"file"}
_PROBE = {"speaker_name": "probe", "event_title": "probe", "event_date": "2000-01-01"}


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One roster row: where it came from, its release and its raw columns."""

    source: str
    """The roster's path as given (``-`` for standard input)."""
    row: int
    release: Release
    file: str | None
    """The ``file`` column: the file name wanted for this release, if any."""
    columns: dict[str, str]
    """The row's columns as read (text), for reports."""


def _rows_csv(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="\0extra")
    for record in reader:
        yield reader.line_num, record


def _rows_jsonl(text: str, source: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RosterError(f"not JSON: {exc.msg}", file=f"{source}:{number}") from exc
        yield number, record


def _detect(source: str, text: str) -> str:
    suffix = Path(source).suffix.lower()
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    head = text.lstrip()[:1]
    if head == "[":
        return "json"
    if head == "{":
        return "jsonl"
    return "csv"


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | dict | list):
        raise TypeError(type(value).__name__)
    return str(value)


def read_roster(source: str | Path | TextIO) -> list[RosterEntry]:
    """Every row of a roster, each checked into a :class:`Release`.

    ``source`` is a path, ``"-"`` for standard input, or an open text stream.
    All rows are checked; if any is wrong, :class:`RosterError` lists every
    problem as ``file:row:column: problem``.
    """
    if isinstance(source, str) and source == "-":
        name, text = "-", sys.stdin.read()
    elif isinstance(source, str | Path):
        name = str(source)
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise RosterError(f"cannot read roster: {exc}", file=name) from exc
    else:
        name, text = getattr(source, "name", "<stream>"), source.read()

    kind = _detect(name, text)
    rows: Iterator[tuple[int, dict[str, Any]]]
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RosterError(f"not JSON: {exc.msg} (line {exc.lineno})", file=name) from exc
        if not isinstance(data, list):
            raise RosterError("a JSON roster is an array of objects", file=name)
        rows = iter(enumerate(data, start=1))
    elif kind == "jsonl":
        rows = _rows_jsonl(text, name)
    else:
        rows = _rows_csv(text)

    entries: list[RosterEntry] = []
    problems: list[PubreleaseError] = []
    seen_header = False
    for number, record in rows:
        if not isinstance(record, dict):
            problems.append(PubreleaseError("a row must be an object", file=name, row=number))
            continue
        if not seen_header:
            seen_header = True
            missing = [c for c in REQUIRED if c not in record]
            if missing and kind == "csv":
                raise RosterError(
                    f"missing required column(s): {', '.join(missing)}",
                    file=name,
                    problems=[
                        PubreleaseError("missing required column", file=name, row=1, field=c)
                        for c in missing
                    ],
                )
        entry = _entry(name, number, record, problems)
        if entry is not None:
            entries.append(entry)
    if problems:
        raise RosterError(f"{len(problems)} problem(s) in the roster", file=name, problems=problems)
    if not entries:
        raise RosterError("the roster has no rows", file=name)
    return entries


def _entry(
    name: str, number: int, record: dict[str, Any], problems: list[PubreleaseError]
) -> RosterEntry | None:
    columns: dict[str, str] = {}
    before = len(problems)
    if "\0extra" in record:
        problems.append(PubreleaseError("more cells than header columns", file=name, row=number))
    for key, value in record.items():
        if key == "\0extra":
            continue
        column = (key or "").strip()
        if column not in COLUMNS:
            problems.append(
                PubreleaseError("unknown column", file=name, row=number, field=column or "?")
            )
            continue
        try:
            columns[column] = _as_text(value).strip()
        except TypeError as exc:
            problems.append(
                PubreleaseError(f"expected text, got {exc}", file=name, row=number, field=column)
            )
    values = {k: v for k, v in columns.items() if k != "file"}
    for column, value in values.items():
        if not value:
            continue
        try:  # each value on its own, so every bad column of a row is reported
            Release.create(**{**_PROBE, column: value})
        except FieldValueError as exc:
            problems.append(PubreleaseError(exc.message, file=name, row=number, field=column))
    for column in REQUIRED:
        if not columns.get(column):
            problems.append(
                PubreleaseError("a value is required", file=name, row=number, field=column)
            )
    if len(problems) > before:
        return None
    release = Release.create(**values)
    return RosterEntry(name, number, release, columns.get("file") or None, columns)
