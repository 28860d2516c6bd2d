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
import os
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import FieldValueError, PubreleaseError, RosterError
from ..filling.manifest import ManifestEntry
from ..filling.rounds import RoundOptions, Rows, run_round, safe_filename
from ..form.registry import DEFAULT_FORM, load_form
from ..form.template import Form
from ..release import Release
from ..roster import COLUMNS, Roster, RosterEntry

__all__ = ["Batch", "ManifestEntry", "fill_many", "issue_round", "safe_filename"]


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


def fill_many(
    items: Sequence[RosterEntry | Release | Mapping[str, Any]] | Roster,
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
    roster columns, or a :class:`~pubrelease.roster.Roster` (then read a row at a time).
    Rows already issued there (by ``release_id``, else by speaker
    and title; each earlier release answers one row) are kept with their ids;
    rows named in ``reissue`` (a row number, a speaker's name or a release id) get
    a new release whose ``supersedes`` lists the old id. ``overwrite`` issues every
    row anew and replaces files that are in the way. A row that cannot be filled is
    refused (:attr:`Batch.refused`) and the others are issued; with
    ``all_or_nothing`` it raises :class:`RosterError` and writes nothing. The
    manifest lists every release of every round.
    """
    kept: list[ManifestEntry] = []
    issued: list[ManifestEntry] = []
    rows = items if isinstance(items, Roster) else _Listed(_as_entries(items))
    options = RoundOptions(
        flatten=flatten, overwrite=overwrite, reissue=reissue, all_or_nothing=all_or_nothing,
        today=today, progress=progress, on_kept=kept.append, on_issued=issued.append,
    )  # fmt: skip
    _, _, refused = _issue(rows, out_dir, form, options)
    return Batch(tuple(issued), tuple(kept), tuple(refused))


def issue_round(
    rows: Rows,
    out_dir: str | os.PathLike[str],
    *,
    form: Form | str = DEFAULT_FORM,
    flatten: bool = False,
    overwrite: bool = False,
    reissue: Collection[str] = (),
    all_or_nothing: bool = False,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
    on_kept: Callable[[ManifestEntry], None] | None = None,
    on_issued: Callable[[ManifestEntry], None] | None = None,
) -> tuple[int, int, list[PubreleaseError]]:
    """:func:`fill_many` of a :class:`~pubrelease.roster.Roster` (or any rows read again
    at each pass), holding neither its rows nor the manifest: ``on_kept`` is given each
    earlier release kept and ``on_issued`` each release published, in the manifest's
    order. Returns the number issued, the number kept and the rows refused."""
    options = RoundOptions(
        flatten=flatten, overwrite=overwrite, reissue=reissue, all_or_nothing=all_or_nothing,
        today=today, progress=progress, on_kept=on_kept, on_issued=on_issued,
    )  # fmt: skip
    return _issue(rows, out_dir, form, options)


def _issue(
    rows: Rows, out_dir: str | os.PathLike[str], form: Form | str, options: RoundOptions
) -> tuple[int, int, list[PubreleaseError]]:
    form = load_form(form) if isinstance(form, str) else form
    out = Path(out_dir)
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    try:
        return run_round(rows, out, form, options)
    except BaseException:
        if created:  # a refused round leaves no folder it made behind (an empty one)
            with contextlib.suppress(OSError):
                out.rmdir()
        raise


class _Listed:
    """Rows given as a list (:func:`fill_many`'s items)."""

    def __init__(self, entries: list[RosterEntry]) -> None:
        self.source = entries[0].source if entries else "<releases>"
        self._entries = entries

    def __iter__(self) -> Iterator[RosterEntry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)
