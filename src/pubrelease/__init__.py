"""pubrelease: fill, read, verify and audit conference publishing releases."""

from __future__ import annotations

from ._version import __version__
from .errors import (
    FieldValueError,
    FontCoverageError,
    FormDefinitionError,
    OutputExistsError,
    PubreleaseError,
    RosterError,
)
from .filling.batch import ManifestEntry, fill_many
from .filling.fill import fill
from .form.registry import load_form
from .form.template import Form
from .record import Finding, Record, Severity, Source, Status
from .release import Consent, Release
from .roster import RosterEntry, read_roster
from .verify import parse, verify

__all__ = [
    "Consent",
    "FieldValueError",
    "Finding",
    "FontCoverageError",
    "Form",
    "FormDefinitionError",
    "ManifestEntry",
    "OutputExistsError",
    "PubreleaseError",
    "Record",
    "Release",
    "RosterEntry",
    "RosterError",
    "Severity",
    "Source",
    "Status",
    "__version__",
    "fill",
    "fill_many",
    "load_form",
    "parse",
    "read_roster",
    "verify",
]
