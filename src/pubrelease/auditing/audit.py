"""Auditing a folder of returned releases against the roster of speakers asked to sign."""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import heapq
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..auditing.actions import Action, action_for
from ..errors import FormDefinitionError, PubreleaseError
from ..form.registry import DEFAULT_FORM, load_form
from ..form.template import Form
from ..names import near_names
from ..reading.trust import TrustRoots
from ..record import Record, Source, Status
from ..release import Consent
from ..roster import RosterEntry
from ..slotstate import quick_state
from ..text import normalise
from ..verify import verify
from .cache import check_writable, code_version, sweep
from .locations import count_pdfs, is_folder, is_url, is_within, listing, local_path, shown
from .pool import DEFAULT_LIMITS, Limits, LocalEngine
from .spool import Spool
from .work import Done, Job

__all__ = ["AuditReport", "Engine", "Outcome", "Return", "RosterOutcome", "audit", "cache_folder"]


class Outcome(enum.Enum):
    """Where a roster entry (or a return) stands."""

    VALID = "valid"
    DECLINED = "declined"
    INCOMPLETE = "incomplete"
    INVALID = "invalid"
    UNREADABLE = "unreadable"
    MISSING = "missing"
    """No return for this roster entry."""
    CONFLICTING = "conflicting"
    """Returns for this entry disagree."""
    UNEXPECTED = "unexpected"
    """A return that matches no roster entry."""
    SUPERSEDED = "superseded"
    """A return of a release that was replaced by a newer one (``--reissue``)."""

    @property
    def ok(self) -> bool:
        return self is Outcome.VALID

    @classmethod
    def of(cls, status: Status) -> Outcome:
        """The outcome a return's status gives its roster entry."""
        return _OF_STATUS[status]


_OF_STATUS = {
    Status.VALID: Outcome.VALID,
    Status.DECLINED: Outcome.DECLINED,
    Status.INCOMPLETE: Outcome.INCOMPLETE,
    Status.INVALID: Outcome.INVALID,
    Status.UNREADABLE: Outcome.UNREADABLE,
}


@quick_state
@dataclass(frozen=True, slots=True)
class Return:
    """One PDF found in the folder: its record and how it stands against the roster."""

    record: Record
    roster_outcome: Outcome | None
    """The outcome of the roster entry it matched, ``unexpected``, or ``None`` without a roster."""
    roster_row: int | None
    """The roster row it matched (1-based), ``None`` for none or without a roster."""
    picture: bytes | None = None
    """PNG of the signature block, when pictures were asked for."""
    modified: float = 0.0

    @property
    def action(self) -> Action:
        """What to do about this return: its roster entry's action, or its own."""
        if self.record.status is Status.UNREADABLE:
            return Action.READABLE
        outcome = self.roster_outcome.value if self.roster_outcome else self.record.status.value
        return action_for(outcome, countersigned=self.record.countersigned)

    def to_dict(self) -> dict[str, Any]:
        out = self.record.to_dict()
        out["roster_outcome"] = self.roster_outcome.value if self.roster_outcome else None
        out["action"] = self.action.value
        return out


@dataclass(frozen=True, slots=True)
class RosterOutcome:
    entry: RosterEntry
    outcome: Outcome
    files: tuple[str, ...]
    """The returns matched to this entry, newest first."""
    note: str = ""
    countersigned: bool = False
    """The newest matching return is countersigned."""

    @property
    def action(self) -> Action:
        """What the organiser does next about this entry."""
        return action_for(self.outcome.value, countersigned=self.countersigned)

    def to_dict(self) -> dict[str, Any]:
        """The row's columns, then the audit's keys; a column named as one of those (the
        manifest's ``row``, an organiser's ``action``) is kept as ``roster.NAME``."""
        own = {
            "row": self.entry.row,
            "outcome": self.outcome.value,
            "action": self.action.value,
            "files": list(self.files),
            "note": self.note,
        }
        out: dict[str, Any] = {}
        for name, value in self.entry.columns.items():
            while name in own or name in out:
                name = f"roster.{name}"
            out[name] = value
        return {**out, **own}


class Engine(Protocol):
    """Runs the per-file work of an audit somewhere: this machine's cores, a cluster."""

    def run(
        self,
        locations: Iterable[str],
        job: Job,
        limits: Limits = DEFAULT_LIMITS,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[Done]:
        """One result per location, in the order given, each as soon as its turn is done."""
        ...


class AuditSetupError(PubreleaseError, ValueError):
    """An audit asked for in a way that cannot work (e.g. a cache inside the audited folder)."""


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The result of an audit. ``returns`` are read back from disk, one at a time, in order."""

    folder: str
    returns: Sequence[Return]
    roster: tuple[RosterOutcome, ...] | None
    ignored: tuple[str, ...] = field(default_factory=tuple)
    cached: int = 0
    """How many returns' records came from the record cache instead of being read."""
    by_status: dict[str, int] = field(default_factory=dict)
    unexpected: int = 0

    @property
    def ok(self) -> bool:
        """Every return valid and every roster entry with a valid return."""
        returns_ok = all(n == 0 for s, n in self.by_status.items() if s != Status.VALID.value)
        roster_ok = self.roster is None or all(e.outcome.ok for e in self.roster)
        return returns_ok and roster_ok and not self.unexpected

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "returns": len(self.returns),
            "ignored": len(self.ignored),
            "by_status": {s.value: self.by_status.get(s.value, 0) for s in Status},
        }
        if self.roster is not None:
            by_outcome = Counter(e.outcome.value for e in self.roster)
            by_outcome["unexpected"] = self.unexpected
            out["roster_entries"] = len(self.roster)
            out["by_outcome"] = {o.value: by_outcome.get(o.value, 0) for o in Outcome}
        return out

    def to_dict(self) -> dict[str, Any]:
        """The whole report in memory (the writers of :mod:`.reports` stream it instead)."""
        return {
            "summary": self.summary(),
            "returns": [r.to_dict() for r in self.returns],
            "roster": [e.to_dict() for e in self.roster] if self.roster is not None else None,
            "ignored": list(self.ignored),
        }


def find_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """PDFs (by extension) and other files under ``folder``, recursively, in a stable order."""
    pdfs: list[Path] = []
    others: list[Path] = []
    for path, pdf in listing(str(folder)):
        (pdfs if pdf else others).append(Path(path))
    return pdfs, others


def audit(
    folder: str | os.PathLike[str],
    roster: Sequence[RosterEntry] | None = None,
    workers: int | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    form: str = DEFAULT_FORM,
    pictures: bool = False,
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_return: Callable[[Return], None] | None = None,
    cache: str | os.PathLike[str] | None = None,
    engine: Engine | None = None,
    trust: TrustRoots | None = None,
) -> AuditReport:
    """Read every PDF under ``folder`` (each in isolation) and reconcile with ``roster``.

    ``folder`` is a local folder or an ``fsspec`` URL the engine's workers can read.
    Returns stream through: ``on_return`` gets each one (verified against the roster
    row it matched) as soon as it is done, in the folder's order, and the report
    keeps them on disk, so memory does not grow with the folder. ``cache`` is a
    directory of records from earlier audits (never inside ``folder``): files whose
    bytes are already there are not read again. ``engine`` runs the per-file work
    (default: :class:`~pubrelease.auditing.pool.LocalEngine` with ``workers`` processes).
    Certificate signatures are validated against the roots of ``trust``.
    """
    location = str(folder) if is_url(str(folder)) else str(Path(folder))
    if not is_folder(location):
        raise NotADirectoryError(f"{location}: not a folder")
    cache_dir = None if cache is None else cache_folder(cache, location)
    if on_start is not None:
        on_start(count_pdfs(location))
    ignored: list[str] = []

    def pdfs() -> Iterator[str]:
        for path, pdf in listing(location):
            if pdf:
                yield path
            else:
                ignored.append(shown(path)[0])

    book = _Reconciler(roster, form)
    returns: Spool[Return] = Spool()
    cached = 0
    run = (engine or LocalEngine(workers)).run
    for done in run(pdfs(), Job(form, pictures, cache_dir, trust), limits, progress):
        item = book.add(done)
        cached += done.cached
        returns.append(item)
        if on_return is not None:
            on_return(item)
    outcomes = book.outcomes()
    if outcomes is not None:
        by_row = {e.entry.row: e.outcome for e in outcomes}

        def settled(item: Return) -> Return:
            if item.roster_outcome is not None:  # superseded: settled when it came
                return item
            row = item.roster_row
            outcome = by_row[row] if row is not None else Outcome.UNEXPECTED
            return dataclasses.replace(item, roster_outcome=outcome)

        returns.view = settled
    return AuditReport(
        shown(location)[0],
        returns,
        outcomes,
        tuple(ignored),
        cached,
        dict(book.by_status),
        book.unexpected,
    )


def cache_folder(cache: str | os.PathLike[str], folder: str | os.PathLike[str]) -> str:
    """The record cache's folder (resolved, created when missing) for an audit of
    ``folder``, or :class:`AuditSetupError`: a URL, a folder inside the audited one or
    holding it, a folder that cannot be written."""
    audited = local_path(os.fspath(folder))
    if is_url(local_path(str(cache))):  # entries are files in a folder (a file:// one too)
        raise AuditSetupError("the cache must be a folder, not a URL", file=str(cache))
    cache_dir = str(Path(local_path(str(cache))).resolve())
    if is_within(cache_dir, audited):
        raise AuditSetupError("the cache must not be inside the audited folder", file=str(cache))
    if is_within(audited, cache_dir):  # its entries' folders could be it
        raise AuditSetupError("the audited folder must not be inside the cache", file=str(cache))
    code_version()  # once here: the forked readers inherit it instead of each hashing
    try:
        check_writable(cache_dir)
    except OSError as exc:
        raise AuditSetupError(
            f"cannot write the cache: {exc.strerror or exc}", file=str(cache)
        ) from exc
    sweep(cache_dir)  # (entries a crash left half written)
    return cache_dir


def _key(text: str | None) -> str:
    return normalise(text or "")


class _Reconciler:
    """Matches each return to a roster row as it arrives, keeping only what outcomes need."""

    def __init__(self, roster: Sequence[RosterEntry] | None, form: str = DEFAULT_FORM) -> None:
        self.roster = roster
        self.form: Form | None = None
        """The form the returns are read with (the values it asks for), when it loads."""
        with contextlib.suppress(FormDefinitionError):  # (each return says why, then)
            self.form = load_form(form)
        self.by_status: Counter[str] = Counter()
        self.unexpected = 0
        self._by_id: dict[str, RosterEntry] = {}
        self._by_name_title: dict[tuple[str, str], RosterEntry] = {}
        self._by_name: dict[str, list[RosterEntry]] = {}
        for entry in roster or ():
            release = entry.release
            if release.release_id:
                self._by_id.setdefault(release.release_id, entry)
            name = _key(release.speaker_name)
            self._by_name_title.setdefault((name, _key(release.event_title)), entry)
            self._by_name.setdefault(name, []).append(entry)
        self._matched: dict[int, _Matched] = {}
        self._supersedes = {i: e for e in roster or () for i in e.supersedes}
        self._same = _duplicates(roster or ())

    def match(self, record: Record) -> RosterEntry | None:
        """By release id, else by name and title, else by a name only one entry has."""
        if record.release_id and record.release_id in self._by_id:
            return self._by_id[record.release_id]
        name = _key(record.speaker_name)
        if not name:
            return self._match_unsure(record)
        entry = self._by_name_title.get((name, _key(record.event_title)))
        if entry is not None:
            return entry
        same_name = self._by_name.get(name, [])
        if not same_name and record.source is Source.OCR:  # a name read by OCR: nearly the same
            same_name = [e for e in self.roster or () if near_names(e.release.speaker_name, name)]
        return same_name[0] if len(same_name) == 1 else None

    def _match_unsure(self, record: Record) -> RosterEntry | None:
        """A name OCR could not read with confidence: the one entry its readings nearly
        match (judging then settles the name against that entry, or reports it); on a
        scan whose readings match none, the one entry with its title."""
        readings = [
            text
            for f in record.observed
            if f.code == "ocr-unsure" and f.field == "speaker_name"
            for text in f.readings
        ]
        found = {
            e.row: e
            for e in self.roster or ()
            for text in readings
            if near_names(e.release.speaker_name, text)
        }
        # (or a print's name left to a person: reading/printedvalues.py)
        left = record.source is Source.OCR or any(
            f.code == "shown-text-unchecked" and f.field == "speaker_name" for f in record.observed
        )
        if found or not left:
            return next(iter(found.values())) if len(found) == 1 else None
        # a name in a script OCR does not read ('n7 mw' for 'שרה לוי'): the one entry
        # with the title the scan shows, for a person to check the name against
        title = _key(record.event_title)
        titled = [e for e in self.roster or () if title and _key(e.release.event_title) == title]
        return titled[0] if len(titled) == 1 else None

    def add(self, done: Done) -> Return:
        """The return judged once, against the roster row it matches (if any)."""
        rid = done.record.release_id
        gone = self._supersedes.get(rid) if rid else None  # replaced: matches no one now
        entry = self.match(done.record) if self.roster is not None and gone is None else None
        record = verify(done.record, entry.release if entry is not None else None, form=self.form)
        self.by_status[record.status.value] += 1
        if gone is not None:
            return Return(record, Outcome.SUPERSEDED, gone.row, done.picture, done.modified)
        if entry is not None:
            mine = self._matched.setdefault(self._same[entry.row], _Matched())
            mine.add(
                (done.modified, record.file, record.status, record.consent, record.countersigned)
            )
        elif self.roster is not None:
            self.unexpected += 1
        row = entry.row if entry is not None else None
        return Return(record, None, row, done.picture, done.modified)

    def outcomes(self) -> tuple[RosterOutcome, ...] | None:
        if self.roster is None:
            return None
        out = []
        for entry in self.roster:
            found = self._matched.get(self._same[entry.row], _Matched())
            mine = sorted(found.newest, key=lambda m: m[:2], reverse=True)
            outcome, note = _outcome(mine, found.count, found.verdicts)
            if found.count > len(mine):
                note = f"{note}; " if note else ""
                note += f"{found.count} returns, the newest {len(mine)} listed"
            signed = bool(mine) and mine[0][4]
            files = tuple(m[1] for m in mine)
            out.append(RosterOutcome(entry, outcome, files, note, signed))
        return tuple(out)


_Seen = tuple[float, str, Status, Consent, bool]
"""What a roster entry's outcome needs of a return: time, file, status, consent, countersigned."""

FILES_LISTED = 100
"""Returns of one roster entry whose files the reports list (the newest): the parent's
memory stays bounded by the roster however many returns match one entry."""


class _Matched:
    """The returns matched to one roster entry: how many, their verdicts, the newest."""

    __slots__ = ("count", "heap", "verdicts")

    def __init__(self) -> None:
        self.count = 0
        self.verdicts: set[tuple[Status, Consent]] = set()
        self.heap: list[tuple[float, str, int, _Seen]] = []
        """The :data:`FILES_LISTED` newest by (time, file), the oldest of them first."""

    def add(self, seen: _Seen) -> None:
        self.count += 1
        self.verdicts.add((seen[2], seen[3]))
        item = (seen[0], seen[1], self.count, seen)  # (the count: never two alike)
        if len(self.heap) < FILES_LISTED:
            heapq.heappush(self.heap, item)
        elif item[:2] > self.heap[0][:2]:
            heapq.heapreplace(self.heap, item)

    @property
    def newest(self) -> list[_Seen]:
        return [seen for *_, seen in self.heap]


def _duplicates(roster: Sequence[RosterEntry]) -> dict[int, int]:
    """Each row to the first row asking the same person for the same release."""
    first: dict[object, int] = {}
    out: dict[int, int] = {}
    for entry in roster:
        release = entry.release
        key: object = release.release_id or (
            _key(release.speaker_name),
            _key(release.event_title),
            release.event_date,
        )
        out[entry.row] = first.setdefault(key, entry.row)
    return out


def _outcome(
    returns: list[_Seen], count: int, verdicts: set[tuple[Status, Consent]]
) -> tuple[Outcome, str]:
    """From the newest returns (newest first), how many there are and all their verdicts:
    missing, the newest's status, or conflicting when the returns disagree."""
    if not returns:
        return Outcome.MISSING, "no return"
    if len(verdicts) > 1:
        _, newest, status, _, _ = returns[0]
        return (
            Outcome.CONFLICTING,
            f"{count} returns disagree; the newest is {newest} ({status.value})",
        )
    return Outcome.of(returns[0][2]), ""
