"""Values that reading left unsettled, settled when judging: by the roster or the return itself.

Reading a return (in an audit's worker, before any roster row is matched) may meet a
value it cannot decide alone: a numeric date whose day/month order is ambiguous
(``04/05/2020``), or a handwritten value OCR read without confidence. It records
that as an observation carrying its readings (:attr:`Finding.readings`). Judging
(:func:`pubrelease.verify.verify`) settles it here:

* a reading equal to the roster row's value is taken, with an ``info`` note naming
  the other reading (never silently);
* an ambiguous sign or countersign date of which only one reading can be (the other
  is in the future, or more than a year before the return's effective date) is
  taken, with a note saying why;
* otherwise the observation stays: ``date-ambiguous`` naming both readings, or
  ``ocr-unsure`` quoting what OCR made of it; the value stays unknown.

Settling starts from the observations each time, so judging again (against another
roster row) gives the same answer as judging once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from .dates import candidates, format_date
from .findings import Code
from .names import near_names
from .record import Finding, Record, Severity
from .release import Release

__all__ = ["settle"]

DATES = ("effective_date", "event_date", "sign_date", "countersign_date")
NAMES = ("speaker_name", "event_title", "countersigner_name")
SIGNED_DATES = ("sign_date", "countersign_date")
YEAR = dt.timedelta(days=366)


def _days(finding: Finding) -> list[dt.date]:
    """Every day the readings of an unsettled date can be (ISO readings or OCR text)."""
    out: list[dt.date] = []
    for text in finding.readings:
        for day in candidates(text):
            if day not in out:
                out.append(day)
    return out


def _possible(record: Record, name: str, day: dt.date, today: dt.date) -> bool:
    """Whether a sign or countersign date can be ``day`` given the return's other dates."""
    if day > today:
        return False
    effective = record.effective_date
    return effective is None or day >= effective - YEAR


def _settle_date(
    record: Record, finding: Finding, expected: Release | None, today: dt.date
) -> tuple[dt.date | None, Finding | None]:
    """``(the day taken, the note saying why)``, or ``(None, None)`` when unsettled."""
    name = finding.field or ""
    days = _days(finding)
    shown = " or ".join(format_date(d) for d in days)
    want = getattr(expected, name, None) if expected is not None else None
    if isinstance(want, dt.date) and want in days:
        others = [format_date(d) for d in days if d != want]
        other = f" (the other reading: {', '.join(others)})" if others else ""
        how = "an ambiguous date" if finding.code is Code.DATE_AMBIGUOUS else "unsure OCR"
        return want, Finding(
            Code.DATE_SETTLED,
            Severity.INFO,
            f"{name} ({how}: {shown}) taken as {format_date(want)}, the roster's date{other}",
            name,
        )
    if finding.code is Code.DATE_AMBIGUOUS and name in SIGNED_DATES and len(days) == 2:
        possible = [d for d in days if _possible(record, name, d, today)]
        if len(possible) == 1:
            impossible = next(d for d in days if d != possible[0])
            why = (
                "in the future"
                if impossible > today
                else "more than a year before the effective date"
            )
            return possible[0], Finding(
                Code.DATE_SETTLED,
                Severity.INFO,
                f"{name} ({shown}) taken as {format_date(possible[0])}: the other "
                f"reading, {format_date(impossible)}, would be {why}",
                name,
            )
    return None, None


def _settle_name(finding: Finding, expected: Release | None) -> tuple[str | None, Finding | None]:
    """An unsure OCR reading of a name or title that the roster's value nearly matches
    is taken as read (verify then compares it with the roster, as any value)."""
    name = finding.field or ""
    want = getattr(expected, name, None) if expected is not None else None
    if not isinstance(want, str):
        return None, None
    for text in finding.readings:
        if near_names(text, want):
            return text, Finding(
                Code.OCR_UNSURE,
                Severity.INFO,
                f"{name} read by OCR without confidence as {text!r}; "
                f"taken because the roster's {want!r} matches it",
                name,
            )
    return None, None


def settle(
    record: Record, expected: Release | None, today: dt.date
) -> tuple[Record, tuple[Finding, ...]]:
    """``record`` with the values its observations left unsettled settled where they can
    be, and the observations to judge (each settled one replaced by its note)."""
    observed: list[Finding] = []
    changes: dict[str, object] = {}
    for finding in record.observed:
        name = finding.field
        unsettled = finding.code in (Code.DATE_AMBIGUOUS, Code.OCR_UNSURE)
        if not unsettled or name is None or finding.severity is Severity.INFO:
            observed.append(finding)
            continue
        value: object = None
        note: Finding | None = None
        if name in DATES:
            value, note = _settle_date(record, finding, expected, today)
        elif name in NAMES:
            value, note = _settle_name(finding, expected)
        changes[name] = value
        observed.append(note if note is not None else finding)
    if not changes:
        return record, tuple(observed)
    return replace(record, **changes), tuple(observed)  # type: ignore[arg-type]
