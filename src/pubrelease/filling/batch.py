"""Filling many releases in rounds: safe file names, kept ids, a cumulative manifest.

A folder is issued into over several rounds. Each round issues only the roster rows
that have no release there yet (matched by ``release_id``, else by speaker and title),
keeps every earlier release and its id, and rewrites the manifest with all of them.
Replacing a release is explicit (``reissue``): the new one records the old id as
superseded. A row that cannot be filled is refused on its own and the others are
issued, unless ``all_or_nothing``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections import deque
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import FieldValueError, OutputExistsError, PubreleaseError, RosterError
from ..files import publish
from ..filling.fill import fill
from ..filling.issuance import new_release_id
from ..filling.manifest import (
    MANIFEST_COLUMNS,
    MANIFEST_CSV,
    MANIFEST_JSON,
    ManifestEntry,
    read_manifest,
    write_manifest,
)
from ..form.registry import DEFAULT_FORM, load_form
from ..form.template import Form
from ..release import Release
from ..roster import COLUMNS, RosterEntry
from ..text import normalise

__all__ = ["Batch", "ManifestEntry", "fill_many", "safe_filename"]

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}
MAX_NAME_BYTES = 120


@dataclass(frozen=True, slots=True)
class Batch:
    """What one round did."""

    issued: tuple[ManifestEntry, ...]
    """Releases written in this round (new rows and re-issues)."""
    kept: tuple[ManifestEntry, ...]
    """Releases of earlier rounds, left as they were."""
    refused: tuple[PubreleaseError, ...]
    """Rows that could not be filled, each naming its file, row and column."""

    @property
    def manifest(self) -> tuple[ManifestEntry, ...]:
        """Every release in the folder: the manifest's rows."""
        return self.kept + self.issued

    @property
    def ok(self) -> bool:
        return not self.refused


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


def _unique_name(wanted: str, taken: set[str]) -> str:
    base = safe_filename(wanted)
    stem, suffix = base[: -len(".pdf")], ".pdf"
    candidate, n = base, 1
    while candidate.casefold() in taken:  # case-insensitive file systems
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    taken.add(candidate.casefold())
    return candidate


def _as_entries(items: Sequence[RosterEntry | Release | Mapping[str, Any]]) -> list[RosterEntry]:
    entries = []
    problems: list[PubreleaseError] = []
    for index, item in enumerate(items, start=1):
        if isinstance(item, RosterEntry):
            entries.append(item)
            continue
        if isinstance(item, Release):
            release, columns = item, {}
        else:
            columns = {str(k): "" if v is None else str(v) for k, v in item.items()}
            try:
                release = Release.create(
                    **{k: v for k, v in item.items() if k in COLUMNS and k != "file"}
                )
            except FieldValueError as exc:
                problems.append(
                    PubreleaseError(exc.message, file="<releases>", row=index, field=exc.field)
                )
                continue
        file = columns.get("file") or None
        entries.append(RosterEntry("<releases>", index, release, file, columns))
    if problems:
        raise RosterError(f"{len(problems)} problem(s)", file="<releases>", problems=problems)
    return entries


def _key(release: Release | ManifestEntry) -> tuple[str, str]:
    return normalise(release.speaker_name), normalise(release.event_title)


def _selected(entry: RosterEntry, reissue: Collection[str]) -> bool:
    wanted = {normalise(r) for r in reissue}
    return bool(
        wanted & {str(entry.row), normalise(entry.release.speaker_name), entry.release.release_id}
    )


def fill_many(
    items: Sequence[RosterEntry | Release | Mapping[str, Any]],
    out_dir: str | os.PathLike[str],
    *,
    form: Form | str = DEFAULT_FORM,
    flatten: bool = False,
    overwrite: bool = False,
    reissue: Collection[str] = (),
    all_or_nothing: bool = False,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Batch:
    """Issue the releases of ``items`` that ``out_dir`` does not have yet.

    ``items`` are roster entries, :class:`Release` objects or plain mappings of
    roster columns. Rows already issued there (by ``release_id``, else by speaker
    and title; each earlier release answers one row) are kept with their ids;
    rows named in ``reissue`` (a row number, a speaker's name or a release id) get
    a new release whose ``supersedes`` lists the old id. ``overwrite`` issues every
    row anew and replaces files that are in the way. A row that cannot be filled is
    refused (:attr:`Batch.refused`) and the others are issued; with
    ``all_or_nothing`` it raises :class:`RosterError` and writes nothing. The
    manifest lists every release of every round.
    """
    form = load_form(form) if isinstance(form, str) else form
    entries = _as_entries(items)
    out = Path(out_dir)
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    try:
        return _fill_round(
            entries, out, form, flatten, overwrite, reissue, all_or_nothing, today, progress
        )
    except BaseException:
        if created:  # a refused round leaves no folder it made behind (an empty one)
            with contextlib.suppress(OSError):
                out.rmdir()
        raise


def _fill_round(
    entries: list[RosterEntry],
    out: Path,
    form: Form,
    flatten: bool,
    overwrite: bool,
    reissue: Collection[str],
    all_or_nothing: bool,
    today: dt.date | None,
    progress: Callable[[int], None] | None,
) -> Batch:
    """:func:`fill_many` into ``out``, which exists."""
    earlier = [] if overwrite else read_manifest(out)
    unused = _Unused(earlier)
    kept: list[ManifestEntry] = []
    todo: list[tuple[RosterEntry, ManifestEntry | None]] = []
    for entry in entries:
        prior = unused.take(entry.release)
        if prior is not None and not _selected(entry, reissue) and (out / prior.file).exists():
            kept.append(prior)
        else:
            todo.append((entry, prior))
    replaced = {id(p) for _, p in todo if p is not None}
    kept = [*[e for e in unused.left() if id(e) not in replaced], *kept]
    taken = {e.file.casefold() for e in kept}
    names = []
    for entry, prior in todo:
        if prior is not None and prior.file.casefold() not in taken:
            taken.add(prior.file.casefold())
            names.append(prior.file)
        else:
            names.append(_unique_name(entry.file or entry.release.speaker_name, taken))
    if not overwrite:
        known = {p.file for _, p in todo if p is not None}
        clashes = [n for n in names if n not in known and (out / n).exists()]
        if not earlier:
            clashes += [n for n in (MANIFEST_CSV, MANIFEST_JSON) if (out / n).exists()]
        if clashes:
            raise OutputExistsError(
                f"{len(clashes)} file(s) exist already ({', '.join(clashes[:5])}"
                f"{', ...' if len(clashes) > 5 else ''}) and are not in its manifest; "
                "pass --force (overwrite=True) to replace them",
                file=str(out),
            )
    staging = Path(tempfile.mkdtemp(prefix=".pubrelease-staging-", dir=out))
    try:
        issued, refused = _fill_into(todo, names, staging, form, flatten, today, progress)
        if refused and all_or_nothing:
            raise RosterError(
                f"{len(refused)} release(s) cannot be filled",
                file=entries[0].source,
                problems=refused,
            )
        for item in issued:
            publish(staging / item.file, out / item.file, overwrite=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    batch = Batch(tuple(issued), tuple(kept), tuple(refused))
    write_manifest(out, batch.manifest)
    return batch


class _Unused:
    """The earlier rounds' releases not yet matched to a row of this round's roster.

    A row with a ``release_id`` takes the first of them (in the manifest's order) that
    has that id or superseded it; a row without one, the first with its speaker and
    title. Looked up by index, so that a round of n rows over a manifest of n releases
    costs n lookups, not n times n comparisons (a second round of 10,000 speakers took
    nine minutes so).
    """

    def __init__(self, earlier: list[ManifestEntry]) -> None:
        self._earlier = earlier
        self._taken: set[int] = set()
        self._by_id: dict[str, deque[int]] = {}
        self._by_key: dict[tuple[str, str], deque[int]] = {}
        for at, entry in enumerate(earlier):
            for release_id in dict.fromkeys((entry.release_id, *entry.supersedes)):
                self._by_id.setdefault(release_id, deque()).append(at)
            self._by_key.setdefault(_key(entry), deque()).append(at)

    def take(self, release: Release) -> ManifestEntry | None:
        """The earlier release answering ``release``'s row, now taken; or ``None``."""
        if release.release_id:
            places = self._by_id.get(release.release_id)
        else:
            places = self._by_key.get(_key(release))
        while places:  # the first not taken (those taken stay so: dropped as met)
            at = places[0]
            if at not in self._taken:
                self._taken.add(at)
                return self._earlier[at]
            places.popleft()
        return None

    def left(self) -> list[ManifestEntry]:
        """The earlier releases no row took, in the manifest's order."""
        return [e for at, e in enumerate(self._earlier) if at not in self._taken]


def _fill_into(
    todo: list[tuple[RosterEntry, ManifestEntry | None]],
    names: list[str],
    staging: Path,
    form: Form,
    flatten: bool,
    today: dt.date | None,
    progress: Callable[[int], None] | None,
) -> tuple[list[ManifestEntry], list[PubreleaseError]]:
    issued: list[ManifestEntry] = []
    refused: list[PubreleaseError] = []
    for done, ((entry, prior), name) in enumerate(zip(todo, names, strict=True), start=1):
        release = entry.release
        wanted = {k: entry.columns[k] for k in form.definition.extras if entry.columns.get(k)}
        if wanted:  # the roster's columns that the form asks for (affiliation, email...)
            release = replace(release, extra={**wanted, **release.extra})
        if prior is not None or release.release_id is None:
            release = replace(release, release_id=new_release_id())
        try:
            data = fill(release, form, flatten=flatten, today=today)
        except PubreleaseError as exc:
            refused.append(
                PubreleaseError(exc.message, file=entry.source, row=entry.row, field=exc.field)
            )
            continue
        finally:
            if progress is not None:
                progress(done)
        (staging / name).write_bytes(data)
        issued.append(
            ManifestEntry(
                row=entry.row,
                file=name,
                speaker_name=release.speaker_name,
                event_title=release.event_title,
                event_date=release.event_date.isoformat(),
                release_id=str(release.release_id),
                sha256=hashlib.sha256(data).hexdigest(),
                bytes=len(data),
                supersedes=(*prior.supersedes, prior.release_id) if prior else (),
                columns={k: v for k, v in entry.columns.items() if k not in MANIFEST_COLUMNS},
            )
        )
    return issued, refused
