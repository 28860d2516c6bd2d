"""Verdicts: the rules of DESIGN.md applied to a record, and the status they give.

Reading (:mod:`pubrelease.reading`) records what only the file can show (changed
wording, later edits, disagreeing sources, active content); ``verify`` adds what
follows from the values themselves and from the roster row a return is expected to
match, then decides the status. It judges the record's *observations* (what the
reading found), so judging a record again gives the same verdict, never a second
copy of its findings. :func:`parse` is reading and judging, in one call.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import IO

from .errors import FormDefinitionError
from .form import DEFAULT_FORM, Form, load_form
from .names import near_names
from .questioned import HOLES, QUESTION_CODES, questioned
from .reading.read import read
from .reading.trust import TrustRoots
from .record import Finding, Record, Severity, Source, Status
from .release import Consent, Release, format_date
from .settling import settle
from .text import normalise, same_text

__all__ = ["RULE_CODES", "parse", "verify"]

RULE_CODES = frozenset(
    {
        "consent-both",
        "consent-missing",
        "declined",
        "unsigned",
        "missing-value",
        "bad-date",
        "not-countersigned",
        "roster-mismatch",
        *QUESTION_CODES,
        "name-near-match",
        "date-settled",
    }
)
"""Codes ``verify`` owns; every other finding comes from ``parse``."""

INCOMPLETE_CODES = frozenset(
    {
        "consent-missing",
        "unsigned",
        "missing-value",
        "date-ambiguous",
        "ocr-unsure",
        "shown-text-unchecked",
        "value-clipped",
        "unnamed-characters",  # glyphs the file names no character for: read on the page
        "stamp-covers",
        "margin-marks",
        "drawn-over-text",
        "countersign-unproven",  # the speaker may have typed the conference's part
        "active-content",  # never run: what a script or XFA would show is left to a person
    }
)
"""Codes that leave a return ``incomplete`` (as warnings: a settled value's note does not)."""
REQUIRED = ("speaker_name", "effective_date", "event_title", "event_date", "sign_date")


def _asked(record: Record, form: Form | None = None) -> frozenset[str]:
    """The values the record's form asks for: ``form``'s, when it is the record's form
    (a form given by its folder or built in code is in no forms folder), else the form of
    the record's id; all of them when the form is not known."""
    if form is not None and form.id == record.form:
        return frozenset(form.fields)
    if record.form is not None:
        try:
            return frozenset(load_form(record.form).fields)
        except FormDefinitionError:
            pass
    return frozenset(REQUIRED)


def _rules(
    record: Record, expected: Release | None, today: dt.date, form: Form | None = None
) -> list[Finding]:
    out: list[Finding] = []

    def add(code: str, severity: Severity, message: str) -> None:
        out.append(Finding(code, severity, message))

    if record.consent is Consent.BOTH:
        add("consent-both", Severity.ERROR, "both answers are ticked: accept and decline")
    elif record.consent is Consent.NONE:
        add("consent-missing", Severity.WARNING, "no answer is ticked: neither accept nor decline")
    elif record.consent is Consent.DECLINE:
        add("declined", Severity.INFO, "the speaker declined")
    if not record.signed:
        add("unsigned", Severity.WARNING, "the speaker's signature box is empty")
    unreadable_values = {f.field for f in record.observed if f.field is not None}
    asked = _asked(record, form)
    for name in REQUIRED:
        if name in asked and getattr(record, name) is None and name not in unreadable_values:
            add("missing-value", Severity.WARNING, f"{name} is missing")
    for name in ("sign_date", "countersign_date"):
        value = getattr(record, name)
        if isinstance(value, dt.date) and value > today:
            add("bad-date", Severity.ERROR, f"{name} {format_date(value)} is in the future")
    if (
        record.sign_date is not None
        and record.effective_date is not None
        and record.sign_date < record.effective_date - dt.timedelta(days=366)
    ):
        add(
            "bad-date",
            Severity.ERROR,
            f"sign_date {format_date(record.sign_date)} is more than a year before the "
            f"effective date {format_date(record.effective_date)}",
        )
    out.extend(questioned(record, today))
    if not record.countersigned:
        add("not-countersigned", Severity.INFO, "the conference has not countersigned yet")
    if expected is not None:
        out.extend(_against(record, expected))
    return out


def _near(record: Record, value: str | None, roster: str) -> bool:
    """A value read by OCR that is not the roster's but nearly (accents, a misread letter)."""
    return (
        record.source is Source.OCR
        and value is not None
        and not same_text(value, roster)
        and near_names(value, roster)
    )


def _as_holed(value: str, roster: str) -> bool:
    """Whether ``value``, read with glyphs its file names no character for, is the roster's
    ``roster`` but for them: the characters it names, run by run, in order, each hole any
    characters. What the holes hide is for the person ``unnamed-characters`` sends to the
    page (``incomplete``), not a mismatch (``invalid``): a Persian name a printer drew in
    joined forms it left unnamed is the roster's name."""
    runs = HOLES.split(value)
    if len(runs) == 1:
        return False
    pattern = ".*?".join(re.escape(normalise(run)) for run in runs)
    return re.fullmatch(pattern, normalise(roster), re.DOTALL) is not None


def _differs(value: str | None, roster: str) -> bool:
    return value is None or not (same_text(value, roster) or _as_holed(value, roster))


def _against(record: Record, expected: Release) -> list[Finding]:
    out = []
    # a name or title a scan shows but OCR left to a person (``ocr-unsure``), or a print
    # through PostScript shows in a font whose map it made up (``shown-text-unchecked``,
    # the value unread: reading/printedvalues.py), is not missing: it is compared by the
    # person who reads it
    unread = {
        f.field
        for f in record.findings
        if f.code in ("ocr-unsure", "shown-text-unchecked") and f.severity is Severity.WARNING
    }
    if record.speaker_name is None and "speaker_name" in unread:
        pass
    elif _near(record, record.speaker_name, expected.speaker_name):
        out.append(
            Finding(
                "name-near-match",
                Severity.WARNING,
                f"speaker_name read by OCR as {record.speaker_name!r}, close to the roster's "
                f"{expected.speaker_name!r}: check the spelling",
                "speaker_name",
            )
        )
    elif _differs(record.speaker_name, expected.speaker_name):
        out.append(
            Finding(
                "roster-mismatch",
                Severity.ERROR,
                f"speaker_name {record.speaker_name!r} differs from the roster's "
                f"{expected.speaker_name!r}",
            )
        )
    if record.event_title is None and "event_title" in unread:
        pass
    elif _near(record, record.event_title, expected.event_title):
        out.append(
            Finding(
                "name-near-match",
                Severity.WARNING,
                f"event_title read by OCR as {record.event_title!r}, close to the roster's "
                f"{expected.event_title!r}",
                "event_title",
            )
        )
    elif _differs(record.event_title, expected.event_title):
        out.append(
            Finding(
                "roster-mismatch",
                Severity.ERROR,
                f"event_title {record.event_title!r} differs from the roster's "
                f"{expected.event_title!r}",
            )
        )
    for name in ("event_date", "effective_date", "sign_date", "countersign_date"):
        want = getattr(expected, name)
        got = getattr(record, name)
        if want is not None and got != want:
            shown = format_date(got) if got else "nothing"
            out.append(
                Finding(
                    "roster-mismatch",
                    Severity.ERROR,
                    f"{name} {shown} differs from the roster's {format_date(want)}",
                )
            )
    return out


def status_of(findings: tuple[Finding, ...] | list[Finding], consent: Consent) -> Status:
    """The first status of DESIGN.md that applies."""
    if any(f.code == "unreadable" for f in findings):
        return Status.UNREADABLE
    if any(f.severity is Severity.ERROR for f in findings):
        return Status.INVALID
    if consent is Consent.DECLINE:
        return Status.DECLINED
    if any(f.code in INCOMPLETE_CODES and f.severity is not Severity.INFO for f in findings):
        return Status.INCOMPLETE
    return Status.VALID


def verify(
    record: Record,
    expected: Release | None = None,
    *,
    today: dt.date | None = None,
    form: Form | None = None,
) -> Record:
    """``record`` judged: the rules applied to what was read, and its status decided.

    ``expected`` is the roster row the return should match: a name, title or
    date that differs is a ``roster-mismatch`` error. Values reading left unsettled
    (an ambiguous date, an unsure OCR reading) are settled by it where they can be
    (:mod:`pubrelease.settling`). Judging a record again
    (say, against a roster row after :func:`parse`) starts from what was read.
    ``form``: the form the record was read with, if at hand (the values it asks for;
    else the form of the record's id is loaded).
    """
    if any(f.code == "unreadable" for f in record.observed):
        return record.with_verdict(Status.UNREADABLE, record.observed)
    today = today or dt.date.today()
    record, observed = settle(record, expected, today)
    findings = observed + tuple(_rules(record, expected, today, form))
    return record.with_verdict(status_of(findings, record.consent), findings)


def parse(
    source: str | os.PathLike[str] | bytes | IO[bytes],
    *,
    form: Form | str = DEFAULT_FORM,
    expected: Release | None = None,
    today: dt.date | None = None,
    trust: TrustRoots | None = None,
) -> Record:
    """Read a returned release and judge it; a file that cannot be read is ``unreadable``.

    Certificate signatures are validated against the roots of ``trust`` (none trusted
    without it).
    """
    form = load_form(form) if isinstance(form, str) else form
    record = read(source, form=form, expected=expected, trust=trust)
    return verify(record, expected, today=today, form=form)
