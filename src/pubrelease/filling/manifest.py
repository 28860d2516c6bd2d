"""The manifest of an output folder: every release issued there, over every round.

``manifest.json`` (exact) and ``manifest.csv`` (spreadsheet-safe) list one row per
release: the roster's columns as given (email, affiliation... included), the values
that identify the release, its ``release_id``, the ``file`` written, its SHA-256 and
size, and ``supersedes``: the ids of releases it replaced. The CSV is itself a roster
(``read_roster`` reads it, ids and all), so ``audit --roster manifest.csv`` knows which
id each speaker was sent. Both are written and read here.
"""

from __future__ import annotations

import json
import pickle
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import RosterError
from ..files import csv_lines, open_atomic
from ..roster.jsonarray import NotAnArray, json_array

__all__ = [
    "MANIFEST_COLUMNS",
    "MANIFEST_CSV",
    "MANIFEST_JSON",
    "ManifestEntry",
    "ManifestSpool",
    "iter_manifest",
    "read_manifest",
    "write_manifest",
]

MANIFEST_CSV = "manifest.csv"
MANIFEST_JSON = "manifest.json"
MANIFEST_COLUMNS = (
    "row", "file", "speaker_name", "event_title", "event_date",
    "release_id", "sha256", "bytes", "supersedes",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One issued release, as listed in ``manifest.csv`` and ``manifest.json``."""

    row: int
    """The roster row it was issued for (in the round that issued it)."""
    file: str
    speaker_name: str
    event_title: str
    event_date: str
    release_id: str
    sha256: str
    bytes: int
    supersedes: tuple[str, ...] = ()
    """Ids of earlier releases of this row that this one replaced (oldest first)."""
    columns: dict[str, str] = field(default_factory=dict)
    """The roster's other columns for this row (email, session, effective_date...)."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.columns)
        out.update(
            row=self.row,
            file=self.file,
            speaker_name=self.speaker_name,
            event_title=self.event_title,
            event_date=self.event_date,
            release_id=self.release_id,
            sha256=self.sha256,
            bytes=self.bytes,
            supersedes=" ".join(self.supersedes),
        )
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, file: str) -> ManifestEntry:
        try:
            return cls(
                row=int(data["row"]),
                file=str(data["file"]),
                speaker_name=str(data["speaker_name"]),
                event_title=str(data["event_title"]),
                event_date=str(data["event_date"]),
                release_id=str(data["release_id"]),
                sha256=str(data["sha256"]),
                bytes=int(data["bytes"]),
                supersedes=tuple(str(data.get("supersedes") or "").split()),
                columns={
                    k: str(v)
                    for k, v in data.items()
                    if k not in MANIFEST_COLUMNS and v is not None
                },
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RosterError(f"not a pubrelease manifest entry: {exc}", file=file) from exc


def read_manifest(folder: Path) -> list[ManifestEntry]:
    """The entries of ``folder/manifest.json``; none when there is no manifest yet."""
    return list(iter_manifest(folder))


def iter_manifest(folder: Path) -> Iterator[ManifestEntry]:
    """The entries of ``folder/manifest.json`` one at a time, read as they are handed out;
    a manifest that is not one raises :class:`RosterError` before the iteration ends (the
    same error :func:`read_manifest` gives, whatever was handed out before it)."""
    path = folder / MANIFEST_JSON
    if not path.exists():
        return
    problem: RosterError | None = None
    not_all_releases = False
    try:
        with path.open(encoding="utf-8") as stream:
            for item in json_array(stream):
                if not isinstance(item, dict):
                    not_all_releases = True
                elif problem is None and not not_all_releases:
                    try:
                        yield ManifestEntry.from_dict(item, file=str(path))
                    except RosterError as exc:
                        problem = exc
    except (NotAnArray, UnicodeDecodeError):
        _read_whole(path)
    except (OSError, RecursionError) as exc:
        raise RosterError(f"cannot read the manifest: {exc}", file=str(path)) from exc
    if not_all_releases:
        raise RosterError("the manifest is not a list of releases", file=str(path))
    if problem is not None:
        raise problem


def _read_whole(path: Path) -> None:
    """Raise the error reading ``path`` whole gives (a manifest :func:`json_array` refused)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise RosterError(f"cannot read the manifest: {exc}", file=str(path)) from exc
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise RosterError("the manifest is not a list of releases", file=str(path))
    raise RosterError("cannot read the manifest", file=str(path))  # pragma: no cover


class ManifestSpool:
    """Manifest entries kept in a file rather than in a list: appended, then read back in
    order or by position (what a round holds of each is its 8-byte place in the file).
    The file is private to the round (its staging folder), so it is pickled: a tenth of
    the cost of JSON to read back."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("w+b")
        self._starts = array("q", [0])
        self._reading = False
        self.columns: dict[str, None] = {}
        """The extra columns of the entries appended, in the order met (the manifest's)."""

    def append(self, entry: ManifestEntry) -> None:
        fields = (
            entry.row, entry.file, entry.speaker_name, entry.event_title, entry.event_date,
            entry.release_id, entry.sha256, entry.bytes, entry.supersedes, entry.columns,
        )  # fmt: skip
        self._write(pickle.dumps(fields, pickle.HIGHEST_PROTOCOL))
        self.columns.update(dict.fromkeys(k for k in entry.columns if k not in MANIFEST_COLUMNS))

    def extend(self, other: ManifestSpool) -> None:
        """Every entry of ``other`` appended, in its order (copied, not read)."""
        for at in range(len(other)):
            self._write(other._read(at))
        self.columns.update(other.columns)

    def _write(self, data: bytes) -> None:
        if self._reading:  # appends follow one another without a seek
            self._file.seek(self._starts[-1])
            self._reading = False
        self._file.write(data)
        self._starts.append(self._starts[-1] + len(data))

    def _read(self, at: int) -> bytes:
        self._reading = True
        self._file.seek(self._starts[at])
        return self._file.read(self._starts[at + 1] - self._starts[at])

    def __getitem__(self, at: int) -> ManifestEntry:
        if not 0 <= at < len(self):
            raise IndexError(at)
        fields = pickle.loads(self._read(at))  # written by append, above
        return ManifestEntry(*fields)

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __iter__(self) -> Iterator[ManifestEntry]:
        for at in range(len(self)):
            yield self[at]

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> ManifestSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_manifest(
    folder: Path, entries: Iterable[ManifestEntry], *, extra: Iterable[str] | None = None
) -> None:
    """Both manifest files, each replaced atomically (the CSV first); written a row at a
    time, so that a round of many releases holds no second copy of the manifest (its rows,
    its CSV and its JSON text) at the end. ``entries`` (a list, a :class:`ManifestSpool`)
    is read once if ``extra``, the roster's columns of its entries in their order, is
    given (:attr:`ManifestSpool.columns`), else twice."""
    if extra is None:
        found: dict[str, None] = {}
        for entry in entries:
            found.update(dict.fromkeys(k for k in entry.columns if k not in MANIFEST_COLUMNS))
        extra = found
    columns = [*MANIFEST_COLUMNS[:5], *extra, *MANIFEST_COLUMNS[5:]]
    with (
        open_atomic(folder / MANIFEST_JSON, overwrite=True) as json_file,
        open_atomic(folder / MANIFEST_CSV, overwrite=True) as csv_file,
    ):
        written = False

        def rows() -> Iterator[dict[str, Any]]:
            nonlocal written
            for entry in entries:
                row = entry.to_dict()
                # what json.dumps(rows, indent=2) writes, a row at a time
                text = json.dumps(row, ensure_ascii=False, indent=2)
                head = ",\n  " if written else "[\n  "
                json_file.write((head + text.replace("\n", "\n  ")).encode("utf-8"))
                written = True
                yield row

        for line in csv_lines(rows(), columns):
            csv_file.write(line.encode("utf-8"))
        json_file.write(b"\n]\n" if written else b"[]\n")
