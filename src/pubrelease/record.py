"""The record ``parse`` makes of one PDF, its findings and its status."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .certsig import Signature
from .findings import Code
from .release import Consent
from .slotstate import quick_state

__all__ = [
    "AuditTrail",
    "Finding",
    "Record",
    "Severity",
    "Source",
    "Status",
    "ValueEvidence",
    "ValueSource",
]


class Status(enum.Enum):
    """What a return amounts to; the first that applies wins (DESIGN.md)."""

    UNREADABLE = "unreadable"
    """Not a PDF, damaged, encrypted without access, or not a release."""
    INVALID = "invalid"
    """An error finding: altered, tampered, inconsistent or impossible."""
    DECLINED = "declined"
    """The Decline box is checked."""
    INCOMPLETE = "incomplete"
    """No box checked, not signed, or a required value missing."""
    VALID = "valid"
    """Accepted, signed, dated, consistent and unaltered."""

    @property
    def ok(self) -> bool:
        """True only for :attr:`VALID`."""
        return self is Status.VALID


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Source(enum.Enum):
    """How the values of a record were read."""

    FIELDS = "fields"
    """Live form fields."""
    FLATTENED = "flattened"
    """Our template, values burned into the page."""
    LAYOUT = "layout"
    """The agreement as rendered by another system, read from its running text."""
    OCR = "ocr"
    """A scan."""
    NONE = "none"
    """Nothing could be read (unreadable files)."""


@quick_state
@dataclass(frozen=True, slots=True)
class Finding:
    """One thing ``verify`` noticed."""

    code: str
    """A :class:`~pubrelease.findings.Code` (given as one, or as its text): a stable
    identifier, e.g. ``consent-both``, ``altered-text``, ``not-countersigned``."""
    severity: Severity
    message: str
    """For a person: what was found, quoting the values involved."""
    field: str | None = None
    """The value the finding is about, when it is about one (``sign_date``)."""
    readings: tuple[str, ...] = ()
    """The readings of a value left unsettled (an ambiguous date's two days in ISO form,
    what OCR made of a handwritten value), for the judging step to settle with the roster."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", Code(self.code))  # a code no one owns is refused

    def to_dict(self) -> dict[str, str]:
        return {"code": str(self.code), "severity": self.severity.value, "message": self.message}


class ValueSource(enum.Enum):
    """Where one value of a record was read."""

    FIELDS = "fields"
    """The form field's stored value."""
    PAGE_TEXT = "page text"
    """The text the page shows."""
    OCR = "ocr"
    """Recognised from a picture of paper."""
    GLYPHS = "glyph outlines"
    """Read from the glyphs the page draws, where its text layer names no character for
    some of them (a print's joined forms and conjuncts: :mod:`.reading.glyphtext`), or
    reads them as others (MuPDF's map of its fonts: :mod:`.reading.printmaps`)."""


@quick_state
@dataclass(frozen=True, slots=True)
class ValueEvidence:
    """Where a value came from and how sure the reading is, for a person to weigh."""

    field: str
    """The value, e.g. ``speaker_name``; a consent box is ``consent=Accept``."""
    source: ValueSource
    confidence: float
    """0..1: 1 for a stored or printed value, the recogniser's confidence for OCR."""
    raw: str | None
    """The text as read, before dates were parsed; a box's verdict (``checked``, ``empty``)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "source": self.source.value,
            "confidence": self.confidence,
            "raw": self.raw,
        }


@quick_state
@dataclass(frozen=True, slots=True)
class AuditTrail:
    """An e-signing service's audit-trail pages appended to a return, and what they say."""

    pages: tuple[int, ...]
    """The pages, counted from 1."""
    title: str | None
    """Their first line (the service's heading)."""
    emails: tuple[str, ...]
    ip_addresses: tuple[str, ...]
    timestamps: tuple[str, ...]
    """As written on the page."""
    text: str = field(repr=False)
    """All their text."""

    def summary(self) -> str:
        """One line for a person."""
        pages = ", ".join(map(str, self.pages))
        return (
            f"audit trail, page {pages} ({self.title or 'untitled'}): "
            f"emails {', '.join(self.emails) or 'none'}; "
            f"IP addresses {', '.join(self.ip_addresses) or 'none'}; "
            f"{len(self.timestamps)} timestamps"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "pages": list(self.pages),
            "title": self.title,
            "emails": list(self.emails),
            "ip_addresses": list(self.ip_addresses),
            "timestamps": list(self.timestamps),
            "text": self.text,
        }


@quick_state
@dataclass(frozen=True, slots=True)
class Record:
    """One returned release as read, with its verdict. ``to_dict()`` gives DESIGN.md's keys."""

    file: str
    """The path as given."""
    form: str | None
    """The form recognised, e.g. ``icml-2020``."""
    source: Source
    speaker_name: str | None = None
    effective_date: dt.date | None = None
    event_title: str | None = None
    event_date: dt.date | None = None
    consent: Consent = Consent.NONE
    signature: str | None = None
    """Typed signature text, if any."""
    signed: bool = False
    """The speaker's signature box holds typed text, an image or ink, or the speaker's
    certificate signature is intact."""
    sign_date: dt.date | None = None
    countersigner_name: str | None = None
    countersigned: bool = False
    """Typed (or drawn) in the countersigner's box, or the conference's certificate
    signature is intact."""
    countersign_date: dt.date | None = None
    release_id: str | None = None
    """The issuance identifier ``fill`` embedded, when present."""
    status: Status = Status.UNREADABLE
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    extra: dict[str, str | None] = field(default_factory=dict, hash=False)
    """The form's extra values (``affiliation``, ``email``...), by key, as read."""
    observations: tuple[Finding, ...] | None = field(default=None, repr=False, compare=False)
    """What reading the file found, before any verdict (``findings`` when not given).

    :func:`pubrelease.verify.verify` judges these, so judging twice never doubles a finding
    and never loses one the reading made (a date that is no date stays ``bad-date``).
    """
    signatures: tuple[Signature, ...] = field(default_factory=tuple)
    """Certificate (CMS/PAdES) signatures, each as validated (empty when there are none)."""
    audit_trail: AuditTrail | None = None
    """An e-signing service's appended audit-trail pages, when the return has them."""

    evidence: tuple[ValueEvidence, ...] = field(default_factory=tuple)
    """Per value: where it was read (``fields``, ``page text``, ``ocr``) and how sure."""

    def __post_init__(self) -> None:
        if self.observations is None:
            object.__setattr__(self, "observations", self.findings)

    @classmethod
    def unreadable(cls, file: str, reason: str) -> Record:
        """The record of a file that cannot be read as a release, saying why."""
        finding = Finding("unreadable", Severity.ERROR, reason)
        return cls(file=file, form=None, source=Source.NONE, findings=(finding,))

    @property
    def observed(self) -> tuple[Finding, ...]:
        """The reading's findings (:attr:`observations`), never ``None``."""
        return self.observations if self.observations is not None else self.findings

    def with_verdict(self, status: Status, findings: tuple[Finding, ...]) -> Record:
        return replace(self, status=status, findings=findings, observations=self.observations)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dates in ISO form, enums as their values, keys in DESIGN.md's order."""
        out: dict[str, Any] = {}
        for item in fields(self):
            if item.name == "observations":
                continue
            value = getattr(self, item.name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, enum.Enum):
                value = value.value
            elif item.name in ("findings", "evidence", "signatures"):
                value = [f.to_dict() for f in value]
            elif isinstance(value, AuditTrail):
                value = value.to_dict()
            out[item.name] = value
        return out
