"""pubrelease: fill, read, verify and audit conference publishing releases.

The public names below are imported on first use (PEP 562), so that ``import pubrelease``
and ``pubrelease --help`` do not pay for PDF, font and image libraries they may never need.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from ._lazy import lazy_getattr
from ._version import __version__

if TYPE_CHECKING:
    from .auditing.actions import Action as Action
    from .auditing.audit import AuditReport as AuditReport
    from .auditing.audit import Outcome as Outcome
    from .auditing.audit import Return as Return
    from .auditing.audit import RosterOutcome as RosterOutcome
    from .auditing.audit import audit as audit
    from .auditing.pool import Limits as Limits
    from .auditing.reports import audit_csv as audit_csv
    from .auditing.reports import audit_html as audit_html
    from .auditing.reports import audit_json as audit_json
    from .auditing.reports import write_report as write_report
    from .dates import DateOrder as DateOrder
    from .errors import FieldValueError as FieldValueError
    from .errors import FontCoverageError as FontCoverageError
    from .errors import FormDefinitionError as FormDefinitionError
    from .errors import OutputExistsError as OutputExistsError
    from .errors import PubreleaseError as PubreleaseError
    from .errors import RosterError as RosterError
    from .filling.batch import Batch as Batch
    from .filling.batch import ManifestEntry as ManifestEntry
    from .filling.batch import fill_many as fill_many
    from .filling.fill import fill as fill
    from .form.registry import load_form as load_form
    from .form.template import Form as Form
    from .record import Finding as Finding
    from .record import Record as Record
    from .record import Severity as Severity
    from .record import Source as Source
    from .record import Status as Status
    from .release import Consent as Consent
    from .release import Release as Release
    from .roster import RosterEntry as RosterEntry
    from .roster import read_roster as read_roster
    from .verify import parse as parse
    from .verify import verify as verify

# Each public name, and the module that defines it.
_PUBLIC = {
    "Action": ".auditing.actions",
    "AuditReport": ".auditing.audit",
    "Outcome": ".auditing.audit",
    "Return": ".auditing.audit",
    "RosterOutcome": ".auditing.audit",
    "audit": ".auditing.audit",
    "Limits": ".auditing.pool",
    "audit_csv": ".auditing.reports",
    "audit_html": ".auditing.reports",
    "audit_json": ".auditing.reports",
    "write_report": ".auditing.reports",
    "DateOrder": ".dates",
    "FieldValueError": ".errors",
    "FontCoverageError": ".errors",
    "FormDefinitionError": ".errors",
    "OutputExistsError": ".errors",
    "PubreleaseError": ".errors",
    "RosterError": ".errors",
    "Batch": ".filling.batch",
    "ManifestEntry": ".filling.batch",
    "fill_many": ".filling.batch",
    "fill": ".filling.fill",
    "load_form": ".form.registry",
    "Form": ".form.template",
    "Finding": ".record",
    "Record": ".record",
    "Severity": ".record",
    "Source": ".record",
    "Status": ".record",
    "Consent": ".release",
    "Release": ".release",
    "RosterEntry": ".roster",
    "read_roster": ".roster",
    "parse": ".verify",
    "verify": ".verify",
}


__getattr__ = lazy_getattr(__name__, _PUBLIC, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})


class _Package(types.ModuleType):
    """Keeps the functions ``pubrelease.verify`` and ``pubrelease.parse`` what they are.

    Importing the submodule ``pubrelease.verify`` binds it on the package as an attribute;
    eager imports used to rebind the function over it at once. Lazily, that rebinding must
    be refused here, or ``from pubrelease import verify`` would give the module.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _PUBLIC and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

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
