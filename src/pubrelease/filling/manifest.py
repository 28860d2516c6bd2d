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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import RosterError
from ..files import csv_lines, open_atomic

__all__ = [
    "MANIFEST_COLUMNS",
    "MANIFEST_CSV",
    "MANIFEST_JSON",
    "ManifestEntry",
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
    path = folder / MANIFEST_JSON
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise RosterError(f"cannot read the manifest: {exc}", file=str(path)) from exc
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise RosterError("the manifest is not a list of releases", file=str(path))
    return [ManifestEntry.from_dict(d, file=str(path)) for d in data]


def write_manifest(folder: Path, entries: Sequence[ManifestEntry]) -> None:
    """Both manifest files, each replaced atomically; written a row at a time, so that
    a round of many releases holds no second copy of the manifest (its rows, its CSV
    and its JSON text) at the end."""
    extra: dict[str, None] = {}
    for entry in entries:
        extra.update(dict.fromkeys(k for k in entry.columns if k not in MANIFEST_COLUMNS))
    columns = [*MANIFEST_COLUMNS[:5], *extra, *MANIFEST_COLUMNS[5:]]
    with open_atomic(folder / MANIFEST_CSV, overwrite=True) as handle:
        for line in csv_lines((e.to_dict() for e in entries), columns):
            handle.write(line.encode("utf-8"))
    with open_atomic(folder / MANIFEST_JSON, overwrite=True) as handle:
        # what json.dumps(rows, indent=2) writes, a row at a time
        handle.write(b"[" if entries else b"[]\n")
        for at, entry in enumerate(entries):
            row = json.dumps(entry.to_dict(), ensure_ascii=False, indent=2)
            head = ",\n  " if at else "\n  "
            handle.write((head + row.replace("\n", "\n  ")).encode("utf-8"))
        if entries:
            handle.write(b"\n]\n")
