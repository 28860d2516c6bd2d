"""Auditing a folder of returned releases against the roster of speakers asked to sign."""

from __future__ import annotations

import enum
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..auditing.actions import Action, action_for
from ..auditing.pool import DEFAULT_LIMITS, Limits, parse_all
from ..display import file_name
from ..form.registry import DEFAULT_FORM
from ..names import near_names
from ..reading.trust import TrustRoots
from ..record import Record, Source, Status
from ..roster import RosterEntry
from ..text import normalise
from ..verify import verify

__all__ = ["AuditReport", "Outcome", "Return", "RosterOutcome", "audit"]


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


@dataclass(frozen=True, slots=True)
class Return:
    """One PDF found in the folder: its record and how it stands against the roster."""

    record: Record
    roster_outcome: Outcome | None
    """The outcome of the roster entry it matched, ``unexpected``, or ``None`` without a roster."""
    roster_row: int | None
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
        return {
            **self.entry.columns,
            "row": self.entry.row,
            "outcome": self.outcome.value,
            "action": self.action.value,
            "files": list(self.files),
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class AuditReport:
    folder: str
    returns: tuple[Return, ...]
    roster: tuple[RosterOutcome, ...] | None
    ignored: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """Every return valid and every roster entry with a valid return."""
        returns_ok = all(r.record.status.ok for r in self.returns)
        roster_ok = self.roster is None or all(e.outcome.ok for e in self.roster)
        unexpected = any(r.roster_outcome is Outcome.UNEXPECTED for r in self.returns)
        return returns_ok and roster_ok and not unexpected

    def summary(self) -> dict[str, Any]:
        by_status = Counter(r.record.status.value for r in self.returns)
        out: dict[str, Any] = {
            "returns": len(self.returns),
            "ignored": len(self.ignored),
            "by_status": {s.value: by_status.get(s.value, 0) for s in Status},
        }
        if self.roster is not None:
            by_outcome = Counter(e.outcome.value for e in self.roster)
            by_outcome["unexpected"] = sum(
                1 for r in self.returns if r.roster_outcome is Outcome.UNEXPECTED
            )
            out["roster_entries"] = len(self.roster)
            out["by_outcome"] = {o.value: by_outcome.get(o.value, 0) for o in Outcome}
        return out

    def to_dict(self) -> dict[str, Any]:
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
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            (pdfs if name.lower().endswith(".pdf") else others).append(path)
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
    trust: TrustRoots | None = None,
) -> AuditReport:
    """Parse every PDF under ``folder`` (each in isolation) and reconcile with ``roster``.

    Certificate signatures are validated against the roots of ``trust``.
    """
    root = Path(folder)
    if not root.is_dir():
        raise NotADirectoryError(f"{root}: not a folder")
    pdfs, others = find_files(root)
    if on_start is not None:
        on_start(len(pdfs))
    parsed = parse_all(
        [str(p) for p in pdfs],
        workers=workers,
        limits=limits,
        form_name=form,
        progress=progress,
        pictures=pictures,
        trust=trust,
    )
    mtimes = [_mtime(p) for p in pdfs]
    if roster is None:
        returns = tuple(
            Return(verify(rec), None, None, pic, mtime)
            for (rec, pic), mtime in zip(parsed, mtimes, strict=True)
        )
        return AuditReport(file_name(root)[0], returns, None, _shown(others))
    old = [_superseded(rec, roster) for rec, _ in parsed]  # replaced: matches no one now
    matched = [
        _match(rec, roster) if gone is None else None
        for (rec, _), gone in zip(parsed, old, strict=True)
    ]
    records = [  # each return judged once, against the roster row it matched
        verify(rec, entry.release if entry is not None else None)
        for (rec, _), entry in zip(parsed, matched, strict=True)
    ]
    outcomes: list[RosterOutcome] = []
    by_row: dict[int, Outcome] = {}
    same = _duplicates(roster)
    for entry in roster:
        mine = [
            (mtimes[i], records[i])
            for i, m in enumerate(matched)
            if m is not None and same[m.row] == same[entry.row]
        ]
        mine.sort(key=lambda item: (item[0], item[1].file), reverse=True)
        outcome, note = _outcome([r for _, r in mine])
        by_row[entry.row] = outcome
        signed = bool(mine) and mine[0][1].countersigned
        outcomes.append(
            RosterOutcome(entry, outcome, tuple(r.file for _, r in mine), note, signed)
        )
    returns = tuple(
        Return(
            rec,
            by_row[m.row]
            if m is not None
            else Outcome.SUPERSEDED
            if gone is not None
            else Outcome.UNEXPECTED,
            m.row if m is not None else gone.row if gone is not None else None,
            pic,
            mtime,
        )
        for rec, (_, pic), m, gone, mtime in zip(
            records, parsed, matched, old, mtimes, strict=True
        )
    )
    return AuditReport(file_name(root)[0], returns, tuple(outcomes), _shown(others))


def _shown(paths: list[Path]) -> tuple[str, ...]:
    return tuple(file_name(p)[0] for p in paths)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _key(text: str | None) -> str:
    return normalise(text or "")


def _match(record: Record, roster: Sequence[RosterEntry]) -> RosterEntry | None:
    """By release id, else by name and title, else by a name only one entry has."""
    if record.release_id:
        for entry in roster:
            if entry.release.release_id == record.release_id:
                return entry
    name, title = _key(record.speaker_name), _key(record.event_title)
    if not name:
        return None
    for entry in roster:
        if _key(entry.release.speaker_name) == name and _key(entry.release.event_title) == title:
            return entry
    same_name = [e for e in roster if _key(e.release.speaker_name) == name]
    if not same_name and record.source is Source.OCR:  # a name read by OCR: nearly the same
        same_name = [e for e in roster if near_names(e.release.speaker_name, name)]
    return same_name[0] if len(same_name) == 1 else None


def _superseded(record: Record, roster: Sequence[RosterEntry]) -> RosterEntry | None:
    """The entry whose release replaced the one ``record`` returns, if any."""
    if not record.release_id:
        return None
    return next((e for e in roster if record.release_id in e.supersedes), None)


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


def _outcome(records: list[Record]) -> tuple[Outcome, str]:
    """Newest first: missing, the newest's status, or conflicting when the returns disagree."""
    if not records:
        return Outcome.MISSING, "no return"
    verdicts = {(r.status, r.consent) for r in records}
    if len(verdicts) > 1:
        newest = records[0]
        return (
            Outcome.CONFLICTING,
            f"{len(records)} returns disagree; the newest is {newest.file} ({newest.status.value})",
        )
    return Outcome(records[0].status.value), ""
