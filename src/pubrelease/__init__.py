"""pubrelease: fill, read, verify and audit conference publishing releases."""

from __future__ import annotations

__version__ = "0.1.0"

from .batch import ManifestEntry, fill_many
from .errors import (
    FieldValueError,
    FontCoverageError,
    FormDefinitionError,
    OutputExistsError,
    PubreleaseError,
    RosterError,
)
from .fill import fill
from .form import Form, load_form
from .release import Consent, Release
from .roster import RosterEntry, read_roster

__all__ = [
    "Consent",
    "FieldValueError",
    "FontCoverageError",
    "Form",
    "FormDefinitionError",
    "ManifestEntry",
    "OutputExistsError",
    "PubreleaseError",
    "Release",
    "RosterEntry",
    "RosterError",
    "__version__",
    "fill",
    "fill_many",
    "load_form",
    "read_roster",
]
