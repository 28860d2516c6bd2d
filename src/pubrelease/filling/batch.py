"""Filling many releases: safe file names, all-or-nothing writes, a manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from ..errors import OutputExistsError, PubreleaseError, RosterError
from ..files import publish, rows_csv, write_atomic
from ..filling.fill import fill
from ..filling.issuance import new_release_id
from ..form.registry import DEFAULT_FORM, load_form
from ..form.template import Form
from ..release import Release
from ..roster import RosterEntry

__all__ = ["ManifestEntry", "fill_many", "safe_filename"]

MANIFEST_CSV = "manifest.csv"
MANIFEST_JSON = "manifest.json"
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}
MAX_NAME_BYTES = 120


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One written release, as listed in ``manifest.csv`` and ``manifest.json``."""

    row: int
    file: str
    speaker_name: str
    event_title: str
    event_date: str
    release_id: str
    sha256: str
    bytes: int


def safe_filename(name: str, *, suffix: str = ".pdf") -> str:
    """A file name from a speaker's name that is safe on Windows, macOS and Linux.

    NFC-normalised; separators, reserved characters and control characters
    become ``_``; whitespace becomes ``_``; no leading dots (so never ``..``);
    Windows device names are avoided; at most 120 bytes of UTF-8 before ``suffix``.
    """
    text = unicodedata.normalize("NFC", name)
    if text.endswith(suffix):
        text = text[: -len(suffix)]
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r"\s+", "_", text.strip())
    text = re.sub(r"_+", "_", text).strip("._ ")
    while len(text.encode("utf-8")) > MAX_NAME_BYTES:
        text = text[:-1]
    text = text.rstrip("._ ") or "release"
    if text.split(".")[0].upper() in _RESERVED:
        text += "_"
    return text + suffix


def _unique_names(entries: Sequence[RosterEntry]) -> list[str]:
    taken: set[str] = set()
    names: list[str] = []
    for entry in entries:
        base = safe_filename(entry.file or entry.release.speaker_name)
        stem, suffix = base[: -len(".pdf")], ".pdf"
        candidate, n = base, 1
        while candidate.casefold() in taken:  # case-insensitive file systems
            n += 1
            candidate = f"{stem}-{n}{suffix}"
        taken.add(candidate.casefold())
        names.append(candidate)
    return names


def _as_entries(items: Sequence[RosterEntry | Release]) -> list[RosterEntry]:
    entries = []
    for index, item in enumerate(items, start=1):
        if isinstance(item, Release):
            entries.append(RosterEntry("<releases>", index, item, None, {}))
        else:
            entries.append(item)
    return entries


def fill_many(
    items: Sequence[RosterEntry | Release],
    out_dir: str | os.PathLike[str],
    *,
    form: Form | str = DEFAULT_FORM,
    flatten: bool = False,
    overwrite: bool = False,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[ManifestEntry]:
    """Fill every release into ``out_dir``, all or nothing.

    Every release is filled (and so checked) into a private staging folder
    first; if any fails, nothing is published and :class:`RosterError` lists
    every problem by file, row and column. Existing files are never replaced
    unless ``overwrite``. ``manifest.csv`` and ``manifest.json`` list the files.
    ``progress`` is called with the number of releases done so far.
    """
    form = load_form(form) if isinstance(form, str) else form
    entries = _as_entries(items)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    names = _unique_names(entries)
    if not overwrite:
        clashes = [n for n in [*names, MANIFEST_CSV, MANIFEST_JSON] if (out / n).exists()]
        if clashes:
            raise OutputExistsError(
                f"{len(clashes)} file(s) exist already ({', '.join(clashes[:5])}"
                f"{', ...' if len(clashes) > 5 else ''}); "
                "pass --force (overwrite=True) to replace them",
                file=str(out),
            )
    staging = Path(tempfile.mkdtemp(prefix=".pubrelease-staging-", dir=out))
    try:
        manifest, problems = _fill_into(entries, names, staging, form, flatten, today, progress)
        if problems:
            raise RosterError(
                f"{len(problems)} release(s) cannot be filled",
                file=entries[0].source,
                problems=problems,
            )
        for name in names:
            publish(staging / name, out / name, overwrite=overwrite)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _write_manifest(out, manifest, overwrite=overwrite)
    return manifest


def _fill_into(
    entries: list[RosterEntry],
    names: list[str],
    staging: Path,
    form: Form,
    flatten: bool,
    today: dt.date | None,
    progress: Callable[[int], None] | None,
) -> tuple[list[ManifestEntry], list[PubreleaseError]]:
    manifest: list[ManifestEntry] = []
    problems: list[PubreleaseError] = []
    for done, (entry, name) in enumerate(zip(entries, names, strict=True), start=1):
        release = entry.release
        if release.release_id is None:
            release = replace(release, release_id=new_release_id())
        try:
            data = fill(release, form, flatten=flatten, today=today)
        except PubreleaseError as exc:
            problems.append(
                PubreleaseError(exc.message, file=entry.source, row=entry.row, field=exc.field)
            )
            continue
        finally:
            if progress is not None:
                progress(done)
        if problems:
            continue  # keep checking the rest, but stop writing
        (staging / name).write_bytes(data)
        manifest.append(
            ManifestEntry(
                row=entry.row,
                file=name,
                speaker_name=entry.release.speaker_name,
                event_title=entry.release.event_title,
                event_date=entry.release.event_date.isoformat(),
                release_id=str(release.release_id),
                sha256=hashlib.sha256(data).hexdigest(),
                bytes=len(data),
            )
        )
    return manifest, problems


def _write_manifest(out: Path, manifest: list[ManifestEntry], *, overwrite: bool) -> None:
    rows = [asdict(m) for m in manifest]
    table = rows_csv(rows, ManifestEntry.__dataclass_fields__)
    write_atomic(out / MANIFEST_CSV, table.encode("utf-8"), overwrite=overwrite)
    text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    write_atomic(out / MANIFEST_JSON, text.encode("utf-8"), overwrite=overwrite)
