"""Rosters as tables: CSV in any common dialect, .xlsx and .ods, JSON and JSON Lines.

:func:`read_table` turns a roster's bytes into rows of ``{header: cell}`` numbered as a
person finds them: the spreadsheet row or the line of a CSV or JSON Lines file (the
header is row 1), the 1-based position in a JSON array. Cells stay as the format gives
them (text, numbers, dates from spreadsheet cells); checking them is :mod:`.checks`'s job.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PubreleaseError, RosterError

__all__ = ["MAX_CELL", "MAX_ROSTER_BYTES", "RosterFormat", "Table", "read_table"]

MAX_ROSTER_BYTES = 64 * 1024 * 1024
"""A roster larger than this is refused (a speaker list is kilobytes)."""
MAX_CELL = 10_000
"""Characters in one cell; a longer cell is reported, never carried into a release."""
_DELIMITERS = (",", ";", "\t", "|")


class RosterFormat(enum.Enum):
    CSV = "csv"
    XLSX = "xlsx"
    ODS = "ods"
    JSON = "json"
    JSONL = "jsonl"


@dataclass(frozen=True, slots=True)
class Table:
    """A roster's rows as read, before any checking."""

    source: str
    format: RosterFormat
    header: tuple[str, ...] | None
    """The header row of a CSV or spreadsheet; ``None`` for JSON (keys per row)."""
    rows: tuple[tuple[int, Any], ...]
    """``(row number, cells)``: a ``dict`` of header to cell, or whatever JSON held."""


def detect(source: str, data: bytes) -> RosterFormat:
    """The format from the file name, else from the first bytes (for standard input)."""
    suffix = Path(source).suffix.lower()
    by_suffix = {
        ".csv": RosterFormat.CSV,
        ".tsv": RosterFormat.CSV,
        ".txt": RosterFormat.CSV,
        ".xlsx": RosterFormat.XLSX,
        ".xlsm": RosterFormat.XLSX,
        ".ods": RosterFormat.ODS,
        ".json": RosterFormat.JSON,
        ".jsonl": RosterFormat.JSONL,
        ".ndjson": RosterFormat.JSONL,
    }
    if suffix in by_suffix:
        return by_suffix[suffix]
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "mimetype" in archive.namelist():
                    kind = archive.read("mimetype")
                    if b"opendocument.spreadsheet" in kind:
                        return RosterFormat.ODS
        except zipfile.BadZipFile:
            pass
        return RosterFormat.XLSX
    head = decode(source, data[:4096], partial=True).lstrip()[:1]
    if head == "[":
        return RosterFormat.JSON
    if head == "{":
        return RosterFormat.JSONL
    return RosterFormat.CSV


def decode(source: str, data: bytes, *, partial: bool = False) -> str:
    """Text of a CSV or JSON roster: UTF-8 (with or without a byte-order mark), UTF-16 with
    its mark (Excel's "Unicode text"), else Windows-1252 (Excel's "CSV" on Windows)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="ignore" if partial else "strict")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if partial and exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8-sig")
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise RosterError(
                f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "save the roster as CSV UTF-8, .xlsx or .ods",
                file=source,
            ) from exc


def _delimiter(text: str) -> str:
    """The delimiter the header line uses most (quoted parts aside); a comma on a tie."""
    line = next(iter(csv.reader(io.StringIO(text[:65536], newline=""), delimiter="\0")), [""])
    header = line[0] if line else ""
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _blank(cells: Any) -> bool:
    return isinstance(cells, dict) and all(v in (None, "") for v in cells.values())


def _csv(source: str, text: str) -> Table:
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    header: list[str] | None = None
    rows: list[tuple[int, Any]] = []
    start = 1
    try:
        for cells in reader:
            if header is None:
                if any(c.strip() for c in cells):
                    header = [c.strip() for c in cells]
                start = reader.line_num + 1
                continue
            row: dict[str, Any] = dict(zip(header, cells, strict=False))
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                row["\0extra"] = cells[len(header) :]
            if not _blank(row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        message = f"not CSV: {exc}"
        if "field limit" in str(exc):
            message = f"a cell is too long (more than {csv.field_size_limit()} characters)"
        raise RosterError(message, file=f"{source}:{start}") from exc
    return Table(source, RosterFormat.CSV, tuple(header or ()), tuple(rows))


def _sheet(source: str, data: bytes, kind: RosterFormat) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook  # lazy: a native module

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(0)
        grid = sheet.to_python(skip_empty_area=False)  # row 1 is the sheet's row 1
    except (CalamineError, ValueError, OSError, IndexError) as exc:
        raise RosterError(f"not a readable {kind.value} spreadsheet: {exc}", file=source) from exc
    header: list[str] | None = None
    rows: list[tuple[int, Any]] = []
    for number, cells in enumerate(grid, start=1):
        if header is None:
            if any(str(c).strip() for c in cells):
                header = [str(c).strip() for c in cells]
            continue
        row = {h: c for h, c in zip(header, cells, strict=False) if h}
        if not _blank(row):
            rows.append((number, row))
    return Table(source, kind, tuple(header or ()), tuple(rows))


def _json_rows(source: str, text: str) -> Iterator[tuple[int, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RosterError(f"not JSON: {exc.msg} (line {exc.lineno})", file=source) from exc
    except RecursionError as exc:
        raise RosterError("not a roster: JSON nested too deeply", file=source) from exc
    if not isinstance(data, list):
        raise RosterError("a JSON roster is an array of objects", file=source)
    yield from enumerate(data, start=1)


def _jsonl_rows(source: str, text: str) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise RosterError(f"not JSON: {exc.msg}", file=f"{source}:{number}") from exc
        except RecursionError as exc:
            raise RosterError("JSON nested too deeply", file=f"{source}:{number}") from exc


def read_table(source: str, data: bytes) -> Table:
    """The rows of a roster given as bytes; ``source`` names it in messages."""
    if len(data) > MAX_ROSTER_BYTES:
        raise RosterError(
            f"{len(data)} bytes is too large for a roster (at most {MAX_ROSTER_BYTES})",
            file=source,
        )
    kind = detect(source, data)
    if kind in (RosterFormat.XLSX, RosterFormat.ODS):
        return _sheet(source, data, kind)
    text = decode(source, data)
    if kind is RosterFormat.CSV:
        return _csv(source, text)
    rows = _json_rows(source, text) if kind is RosterFormat.JSON else _jsonl_rows(source, text)
    return Table(source, kind, None, tuple(rows))


def problem(table: Table, row: int, field: str | None, message: str) -> PubreleaseError:
    return PubreleaseError(message, file=table.source, row=row, field=field)
