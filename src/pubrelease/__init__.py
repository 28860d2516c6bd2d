"""pubrelease: fill, read, verify and audit conference publishing releases."""

from __future__ import annotations

from ._version import __version__
from .auditing.actions import Action
from .auditing.audit import AuditReport, Outcome, Return, RosterOutcome, audit
from .auditing.pool import Limits
from .auditing.reports import audit_csv, audit_html, audit_json, write_report
from .dates import DateOrder
from .errors import (
    FieldValueError,
    FontCoverageError,
    FormDefinitionError,
    OutputExistsError,
    PubreleaseError,
    RosterError,
)
from .filling.batch import Batch, ManifestEntry, fill_many
from .filling.fill import fill
from .form.registry import load_form
from .form.template import Form
from .record import Finding, Record, Severity, Source, Status
from .release import Consent, Release
from .roster import RosterEntry, read_roster
from .verify import parse, verify

__all__ = [
    "Action",
    "AuditReport",
    "Batch",
    "Consent",
    "DateOrder",
    "FieldValueError",
    "Finding",
    "FontCoverageError",
    "Form",
    "FormDefinitionError",
    "Limits",
    "ManifestEntry",
    "Outcome",
    "OutputExistsError",
    "PubreleaseError",
    "Record",
    "Release",
    "Return",
    "RosterEntry",
    "RosterError",
    "RosterOutcome",
    "Severity",
    "Source",
    "Status",
    "__version__",
    "audit",
    "audit_csv",
    "audit_html",
    "audit_json",
    "fill",
    "fill_many",
    "load_form",
    "parse",
    "read_roster",
    "verify",
    "write_report",
]
