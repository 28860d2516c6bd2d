"""One round of issuing into a folder, a row at a time (:func:`run_round`).

A round reads its roster several times rather than holding it: once to match each row
to the folder's earlier releases, once to name the new files and look for files in the
way, once to fill. The earlier releases, the new ones and the manifest are spooled to
files in the round's staging folder; what a round holds for each row is a few small
numbers: its place in the plan (8 bytes), the 16-byte digests that find an earlier
release by id or by speaker and title, and the digest of each file name taken. So a
round of 10,000 rows holds a few megabytes more than a round of 100, not the roster.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import shutil
import tempfile
import unicodedata
from array import array
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sized
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple, Protocol

from ..errors import OutputExistsError, PubreleaseError, RosterError
from ..files import publish
from ..filling.fill import fill
from ..filling.issuance import new_release_id
from ..filling.manifest import (
    MANIFEST_COLUMNS,
    MANIFEST_CSV,
    MANIFEST_JSON,
    ManifestEntry,
    ManifestSpool,
    iter_manifest,
    write_manifest,
)
from ..form.template import Form
from ..release import Release
from ..roster import RosterEntry
from ..text import normalise

__all__ = ["RoundOptions", "Rows", "run_round", "safe_filename"]

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}
MAX_NAME_BYTES = 120


@dataclass(frozen=True, slots=True)
class RoundOptions:
    """How a round issues (:func:`~pubrelease.filling.batch.fill_many` says what each
    does) and whom it tells."""

    flatten: bool = False
    overwrite: bool = False
    reissue: Collection[str] = ()
    all_or_nothing: bool = False
    today: dt.date | None = None
    progress: Callable[[int], None] | None = None
    """Given the number of rows filled so far, after each."""
    on_kept: Callable[[ManifestEntry], None] | None = None
    """Given each earlier release kept, in the manifest's order."""
    on_issued: Callable[[ManifestEntry], None] | None = None
    """Given each release published, in the manifest's order."""


class Rows(Iterable[RosterEntry], Sized, Protocol):
    """A round's rows: read as often as the round needs, the same entries each time."""

    source: str
    """The roster's name, for the refusals of an all-or-nothing round."""


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


def _digest(*texts: str) -> int:
    """128 bits of BLAKE2b over ``texts`` (each length-prefixed): what a round keeps of an
    id, a speaker and title or a file name (two different ones meet with odds of 2**-128)."""
    digest = hashlib.blake2b(digest_size=16)
    for text in texts:
        data = text.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little") + data)
    return int.from_bytes(digest.digest(), "little")


def _folded(name: str) -> int:
    """A file name's digest, whatever its case (case-insensitive file systems)."""
    return _digest(name.casefold())


def _unique_name(wanted: str, taken: set[int]) -> str:
    base = safe_filename(wanted)
    stem, suffix = base[: -len(".pdf")], ".pdf"
    candidate, n = base, 1
    while _folded(candidate) in taken:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    taken.add(_folded(candidate))
    return candidate


def _key(release: Release | ManifestEntry) -> tuple[str, str]:
    return normalise(release.speaker_name), normalise(release.event_title)


_UNUSED, _KEPT, _REPLACED = 0, 1, 2


class _Unused:
    """The earlier rounds' releases not yet matched to a row of this round's roster.

    A row with a ``release_id`` takes the first of them (in the manifest's order) that
    has that id or superseded it; a row without one, the first with its speaker and
    title. Looked up by digest, so that a round of n rows over a manifest of n releases
    costs n lookups, not n times n comparisons (a second round of 10,000 speakers took
    nine minutes so), and holds some 200 bytes a release, not the release.
    """

    def __init__(self) -> None:
        self.state = bytearray()
        """Each earlier release's place: unused, kept by a row, or replaced by a row's."""
        self._by_id: dict[int, int | deque[int]] = {}
        self._by_key: dict[int, int | deque[int]] = {}

    def add(self, entry: ManifestEntry) -> None:
        at = len(self.state)
        self.state.append(_UNUSED)
        for release_id in dict.fromkeys((entry.release_id, *entry.supersedes)):
            _put(self._by_id, _digest(release_id), at)
        _put(self._by_key, _digest(*_key(entry)), at)

    def take(self, release: Release) -> int:
        """The place of the earlier release answering ``release``'s row, now taken (as
        kept); or -1."""
        if release.release_id:
            table, digest = self._by_id, _digest(release.release_id)
        else:
            table, digest = self._by_key, _digest(*_key(release))
        places = table.get(digest)
        if isinstance(places, int):
            del table[digest]  # taken now, or taken before
            places = deque([places])
        while places:  # the first not taken (those taken stay so: dropped as met)
            at = places.popleft()
            if self.state[at] == _UNUSED:
                self.state[at] = _KEPT
                return at
        return -1


def _put(table: dict[int, int | deque[int]], digest: int, at: int) -> None:
    places = table.setdefault(digest, at)
    if places == at:
        return
    if isinstance(places, int):
        table[digest] = places = deque([places])
    places.append(at)


def run_round(
    rows: Rows, out: Path, form: Form, options: RoundOptions = RoundOptions()
) -> tuple[int, int, list[PubreleaseError]]:
    """Issue the rows of ``rows`` that ``out`` (which exists) does not have yet; as
    :func:`~pubrelease.filling.batch.fill_many`. Returns the number issued, the number
    kept and the rows refused."""
    staging = Path(tempfile.mkdtemp(prefix=".pubrelease-staging-", dir=out))
    try:
        with ExitStack() as files:
            spools = _Spools(*(
                files.enter_context(ManifestSpool(staging / f".{name}"))
                for name in _Spools._fields
            ))  # fmt: skip
            return _round(rows, out, form, staging, spools, options)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class _Spools(NamedTuple):
    earlier: ManifestSpool
    """The folder's manifest as the round found it."""
    kept: ManifestSpool
    """The earlier releases that rows of this round kept, in the roster's order."""
    issued: ManifestSpool
    """The releases this round made, in the roster's order."""
    manifest: ManifestSpool
    """The new manifest: the earlier releases no row took, then ``kept``, then ``issued``."""


def _round(
    rows: Rows, out: Path, form: Form, staging: Path, spools: _Spools, options: RoundOptions
) -> tuple[int, int, list[PubreleaseError]]:
    earlier, manifest = spools.earlier, spools.manifest
    unused = _Unused()
    if not options.overwrite:
        for release in iter_manifest(out):
            earlier.append(release)
            unused.add(release)
    # 1. each row: kept (its earlier release, >= 0) or to issue (-2 - its earlier one)
    wanted = {normalise(r) for r in options.reissue}
    plan = array("q")
    for entry in rows:
        at = unused.take(entry.release)
        prior = earlier[at] if at >= 0 else None
        if prior is not None and not _selected(entry, wanted) and (out / prior.file).exists():
            plan.append(at)
            spools.kept.append(prior)
        else:
            if at >= 0:
                unused.state[at] = _REPLACED
            plan.append(-2 - at)
    to_issue = sum(1 for place in plan if place < 0)
    taken: set[int] = set()
    known: set[int] = set()  # the files of the releases replaced
    for at, prior in enumerate(earlier):
        if unused.state[at] == _REPLACED:
            known.add(_digest(prior.file))
            continue
        taken.add(_folded(prior.file))
        if unused.state[at] == _UNUSED:
            manifest.append(prior)
            if options.on_kept is not None:
                options.on_kept(prior)
    manifest.extend(spools.kept)
    if options.on_kept is not None:
        for prior in spools.kept:
            options.on_kept(prior)

    def todo() -> Iterator[tuple[RosterEntry, ManifestEntry | None, str]]:
        """The rows to issue, each with its earlier release and its file name."""
        names = set(taken)
        for entry, place in zip(rows, plan, strict=True):
            if place >= 0:
                continue
            prior = earlier[-2 - place] if place < -1 else None
            if prior is not None and _folded(prior.file) not in names:
                names.add(_folded(prior.file))
                yield entry, prior, prior.file
            else:
                yield entry, prior, _unique_name(entry.file or entry.release.speaker_name, names)

    # 2. nothing in the way
    clashes: list[str] = []  # the first five
    count = 0
    if not options.overwrite:
        in_the_way: Iterable[str] = (
            n for _, _, n in (todo() if to_issue else ()) if _digest(n) not in known
        )
        if not len(earlier):
            in_the_way = itertools.chain(in_the_way, (MANIFEST_CSV, MANIFEST_JSON))
        for name in in_the_way:
            if (out / name).exists():
                count += 1
                clashes += [name][: 5 - len(clashes)]
    if count:
        raise OutputExistsError(
            f"{count} file(s) exist already ({', '.join(clashes)}"
            f"{', ...' if count > 5 else ''}) and are not in its manifest; "
            "pass --force (overwrite=True) to replace them",
            file=str(out),
        )
    # 3. fill
    issued = spools.issued
    refused = _fill_into(todo() if to_issue else iter(()), issued, staging, form, options)
    if refused and options.all_or_nothing:
        raise RosterError(
            f"{len(refused)} release(s) cannot be filled", file=rows.source, problems=refused
        )
    for item in issued:
        publish(staging / item.file, out / item.file, overwrite=True)
        if options.on_issued is not None:
            options.on_issued(item)
    # 4. the manifest
    kept = len(manifest)
    manifest.extend(issued)
    write_manifest(out, manifest, extra=manifest.columns)
    return len(issued), kept, refused


def _selected(entry: RosterEntry, wanted: set[str]) -> bool:
    return bool(
        wanted & {str(entry.row), normalise(entry.release.speaker_name), entry.release.release_id}
    )


def _fill_into(
    todo: Iterator[tuple[RosterEntry, ManifestEntry | None, str]],
    issued: ManifestSpool,
    staging: Path,
    form: Form,
    options: RoundOptions,
) -> list[PubreleaseError]:
    refused: list[PubreleaseError] = []
    for done, (entry, prior, name) in enumerate(todo, start=1):
        release = entry.release
        wanted = {k: entry.columns[k] for k in form.definition.extras if entry.columns.get(k)}
        if wanted:  # the roster's columns that the form asks for (affiliation, email...)
            release = replace(release, extra={**wanted, **release.extra})
        if prior is not None or release.release_id is None:
            release = replace(release, release_id=new_release_id())
        try:
            data = fill(release, form, flatten=options.flatten, today=options.today)
        except PubreleaseError as exc:
            refused.append(
                PubreleaseError(exc.message, file=entry.source, row=entry.row, field=exc.field)
            )
            continue
        finally:
            if options.progress is not None:
                options.progress(done)
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
    return refused
