"""Rosters as tables: CSV in any common dialect, .xlsx and .ods, JSON and JSON Lines.

:func:`read_table` turns a roster's bytes into rows of ``{header: cell}``, read one at a
time and numbered as a person finds them: the spreadsheet row or the line of a CSV or
JSON Lines file, the 1-based position in a JSON array. Cells stay as the format gives
them (text, numbers, dates from spreadsheet cells); checking them is :mod:`.rows`'s job.

A CSV's or spreadsheet's header is its first row that is not blank, unless that row is
not one the caller takes for a header (``is_header``: :func:`.rows.header_test`, which
asks for the required columns) and one of the next :data:`MAX_TITLE_ROWS` is: a sheet
exported with a title, a date or a note above its columns. The rows above the header
are then left out, and every row keeps its own number. For a CSV, the delimiter is the
one the first line uses most, unless another delimiter is the only one under which some
row of the first lines is a header (a title line with none, or another, in it).
"""

from __future__ import annotations

import codecs
import csv
import enum
import io
import itertools
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TextIO

from ..errors import PubreleaseError, RosterError
from .jsonarray import NotAnArray, json_array

__all__ = ["MAX_CELL", "MAX_ROSTER_BYTES", "HeaderTest", "RosterFormat", "Table", "read_table"]

MAX_ROSTER_BYTES = 64 * 1024 * 1024
"""A roster larger than this is refused (a speaker list is kilobytes)."""
MAX_CELL = 10_000
"""Characters in one cell; a longer cell is reported, never carried into a release."""
MAX_TITLE_ROWS = 10
"""Rows that are not blank a sheet may have above its header (a title, a date, a note)."""
_DELIMITERS = (",", ";", "\t", "|")
_CHUNK = 1 << 16

HeaderTest = Callable[[tuple[str, ...]], bool]
"""Whether a row's cells (as text, stripped) are a roster's header."""


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
    rows: Iterator[tuple[int, Any]]
    """``(row number, cells)``: a ``dict`` of header to cell, or whatever JSON held; read
    as they are handed out, once."""
    header_row: int = 1
    """The header's row number (rows above it, a sheet's title, are left out)."""
    sheet: str | None = None
    """The name of the sheet read, when it is not a workbook's first."""

    @property
    def where(self) -> str:
        """The roster as messages name it: its path, and the sheet read if not the first."""
        return self.source if self.sheet is None else f"{self.source} (sheet {self.sheet!r})"


def detect(source: str, data: bytes, whole: IO[bytes]) -> RosterFormat:
    """The format from the file name, else from the first bytes ``data`` of ``whole``
    (for standard input)."""
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
            whole.seek(0)
            with zipfile.ZipFile(whole) as archive:
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


def _csv(
    source: str, text: Callable[[], TextIO], is_header: HeaderTest | None
) -> tuple[int, tuple[str, ...], Iterator[tuple[int, Any]]]:
    with text() as head:
        start = head.read(65536)
    first = _delimiter(start)
    if is_header is not None:  # (a title line may use no delimiter, or another one)
        under = [d for d in _DELIMITERS if _has_header(start, d, is_header)]
        if first not in under and len(under) == 1:
            first = under[0]
    number, header, rows = _header(_csv_cells(source, text(), first), is_header)
    return number, header, _csv_rows(header, rows)


def _has_header(start: str, delimiter: str, is_header: HeaderTest) -> bool:
    """Whether one of the first rows of ``start`` (the beginning of a CSV) is a header
    when cut at ``delimiter`` (as :func:`_header` looks for one)."""
    reader = csv.reader(io.StringIO(start, newline=""), delimiter=delimiter, strict=False)
    try:
        return is_header(_header(((0, cells) for cells in reader), is_header)[1])
    except csv.Error:
        return False


def _csv_cells(source: str, stream: TextIO, delimiter: str) -> Iterator[tuple[int, list[Any]]]:
    """Each row's cells and its first line's number."""
    reader = csv.reader(stream, delimiter=delimiter, strict=False)
    start = 1
    with stream:
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            message = f"not CSV: {exc}"
            if "field limit" in str(exc):
                message = f"a cell is too long (more than {csv.field_size_limit()} characters)"
            raise RosterError(message, file=f"{source}:{start}") from exc


def _csv_rows(
    header: tuple[str, ...], rows: Iterator[tuple[int, list[Any]]]
) -> Iterator[tuple[int, Any]]:
    for number, cells in rows:
        row: dict[str, Any] = dict(zip(header, cells, strict=False))
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            row["\0extra"] = cells[len(header) :]
        if not _blank(row):
            yield number, row


def _header(
    rows: Iterator[tuple[int, list[Any]]], is_header: HeaderTest | None
) -> tuple[int, tuple[str, ...], Iterator[tuple[int, list[Any]]]]:
    """The header's row number and cells (see the module; none: ``(1, ())``) and the
    rows after it."""
    kept: list[tuple[int, list[Any], tuple[str, ...]]] = []  # rows not blank, in order
    chosen = 0  # (the first, unless a later one is the header)
    for number, cells in rows:
        texts = tuple(str(c).strip() if c is not None else "" for c in cells)
        if not any(texts):
            continue
        kept.append((number, cells, texts))
        if is_header is None or is_header(texts):
            chosen = len(kept) - 1
            break
        if len(kept) > MAX_TITLE_ROWS:
            break
    if not kept:
        return 1, (), iter(())
    after = ((n, c) for n, c, _ in kept[chosen + 1 :])
    return kept[chosen][0], _told_apart(kept[chosen][2]), itertools.chain(after, rows)


def _told_apart(header: tuple[str, ...]) -> tuple[str, ...]:
    """``header`` with a column named as one before it numbered (``email``,
    ``email (2)``): each keeps its own cells."""
    seen: dict[str, int] = {}
    out = []
    for name in header:
        if name:
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                name = f"{name} ({seen[name]})"
        out.append(name)
    return tuple(out)


def _sheet_rows(
    source: str, raw: IO[bytes], kind: RosterFormat, is_header: HeaderTest | None
) -> tuple[int, tuple[str, ...], Iterator[tuple[int, Any]], str | None]:
    """The header's row number and cells, the rows after it and, when they are not the
    first sheet's, their sheet's name: the first sheet's, unless it has no header and a
    later visible worksheet has (a workbook that opens on its instructions)."""
    from python_calamine import CalamineError, CalamineWorkbook  # lazy: a native module

    try:
        book = CalamineWorkbook.from_filelike(raw)
        sheets: list[tuple[int, str | None]] = [(0, None)]  # (the first: named by no one)
        sheets += [
            (index, sheet.name)
            for index, sheet in enumerate(getattr(book, "sheets_metadata", ()))
            if index and is_header is not None and _visible_worksheet(sheet)
        ]
        found, name = None, None
        for index, title in sheets:
            rows = enumerate(book.get_sheet_by_index(index).iter_rows(), start=1)
            read = _header(rows, is_header)
            found = found or read  # (no sheet has a header: the first's first row)
            if is_header is None or is_header(read[1]):
                found, name = read, title
                break
    except (CalamineError, ValueError, OSError, IndexError) as exc:
        raise RosterError(f"not a readable {kind.value} spreadsheet: {exc}", file=source) from exc
    assert found is not None  # (the first sheet is always read)
    number, header, after = found

    def each() -> Iterator[tuple[int, Any]]:
        for at, cells in after:
            row = {h: c for h, c in zip(header, cells, strict=False) if h}
            if not _blank(row):
                yield at, row

    return number, header, each(), name


def _visible_worksheet(sheet: Any) -> bool:
    """Whether calamine's metadata of a sheet is a worksheet shown to people (not hidden,
    not a chart)."""
    return str(sheet.typ).endswith(".WorkSheet") and str(sheet.visible).endswith(".Visible")


def _json_rows(source: str, text: Callable[[], TextIO]) -> Iterator[tuple[int, Any]]:
    try:
        with text() as stream:
            try:
                yield from enumerate(json_array(stream), start=1)
            except RecursionError as exc:
                raise RosterError("not a roster: JSON nested too deeply", file=source) from exc
    except NotAnArray:
        with text() as stream:  # read whole, for json's own message
            try:
                data = json.load(stream)
            except json.JSONDecodeError as exc:
                raise RosterError(f"not JSON: {exc.msg} (line {exc.lineno})", file=source) from exc
            except RecursionError as exc:
                raise RosterError("not a roster: JSON nested too deeply", file=source) from exc
        if not isinstance(data, list):
            raise RosterError("a JSON roster is an array of objects", file=source) from None
        raise RosterError("not JSON", file=source) from None  # pragma: no cover


def _jsonl_rows(source: str, stream: TextIO) -> Iterator[tuple[int, Any]]:
    number = 0
    with stream:
        for physical in stream:  # \n, \r or \r\n; splitlines() splits a few more
            for line in physical.splitlines():
                number += 1
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise RosterError(f"not JSON: {exc.msg}", file=f"{source}:{number}") from exc
                except RecursionError as exc:
                    raise RosterError("JSON nested too deeply", file=f"{source}:{number}") from exc


def read_table(source: str, raw: IO[bytes], is_header: HeaderTest | None = None) -> Table:
    """The rows of a roster in the seekable file ``raw`` (a private copy, read once, a row
    at a time); ``source`` names it in messages; ``is_header``: which rows may be a CSV's
    or spreadsheet's header (see the module; without it, the first that is not blank).
    Text is checked for its encoding first."""
    size = raw.seek(0, io.SEEK_END)
    if size > MAX_ROSTER_BYTES:
        raise RosterError(
            f"{size} bytes is too large for a roster (at most {MAX_ROSTER_BYTES})",
            file=source,
        )
    raw.seek(0)
    kind = detect(source, raw.read(4096), raw)
    raw.seek(0)
    if kind in (RosterFormat.XLSX, RosterFormat.ODS):
        number, header, rows, sheet = _sheet_rows(source, raw, kind, is_header)
        return Table(source, kind, header, rows, number, sheet)
    encoding = _encoding(source, raw)

    def text() -> TextIO:
        raw.seek(0)
        return io.TextIOWrapper(io.BufferedReader(_Borrowed(raw)), encoding=encoding, newline="")

    if kind is RosterFormat.CSV:
        number, header, rows = _csv(source, text, is_header)
        return Table(source, kind, header, rows, number)
    rows = _json_rows(source, text) if kind is RosterFormat.JSON else _jsonl_rows(source, text())
    return Table(source, kind, None, rows)


class _Borrowed(io.RawIOBase):
    """``raw`` read through a text wrapper that may close it: closing leaves it open."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _encoding(source: str, raw: IO[bytes]) -> str:
    """The encoding :func:`decode` would take, found a chunk at a time."""
    raw.seek(0)
    head = raw.read(2)
    if head in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    for encoding in ("utf-8-sig", "cp1252"):
        raw.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := raw.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    raw.seek(0)
    decode(source, raw.read())  # raises, naming the first byte that is not UTF-8
    raise AssertionError("unreachable")  # pragma: no cover


def problem(table: Table, row: int, field: str | None, message: str) -> PubreleaseError:
    return PubreleaseError(message, file=table.where, row=row, field=field)
