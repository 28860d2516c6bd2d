"""The audit's reports: JSON (every value exactly), CSV (spreadsheet-safe) and one HTML page.

Every report gives each roster entry its next action and the roster's extra columns
(email, affiliation, session...): a return carries those of the entry it matched.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

from ..auditing.audit import AuditReport, Outcome, RosterOutcome
from ..auditing.records import RECORD_COLUMNS
from ..files import rows_csv, write_atomic

__all__ = ["audit_csv", "audit_html", "audit_json", "extra_columns", "write_report"]

CSV_COLUMNS = (*RECORD_COLUMNS, "roster_outcome", "action")


def audit_json(report: AuditReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def extra_columns(report: AuditReport) -> list[str]:
    """The roster's extra columns, in the order they first appear."""
    seen: dict[str, None] = {}
    for entry in report.roster or ():
        seen.update(dict.fromkeys(entry.entry.extra))
    return list(seen)


def _extras(report: AuditReport) -> dict[int, dict[str, str]]:
    return {e.entry.row: e.entry.extra for e in report.roster or ()}


def _missing(entry: RosterOutcome) -> dict[str, Any]:
    """A row for a roster entry with no return: what the roster says, and what to do."""
    release = entry.entry.release
    return {
        "file": "",
        "speaker_name": release.speaker_name,
        "event_title": release.event_title,
        "event_date": release.event_date.isoformat(),
        "release_id": release.release_id,
        "status": "missing",
        "roster_outcome": "missing",
        "action": entry.action.value,
        "findings": [],
    }


def _unanswered(report: AuditReport) -> list[RosterOutcome]:
    """Entries no return stands for: missing, or only superseded returns."""
    return [e for e in report.roster or () if e.outcome is Outcome.MISSING]


def audit_csv(report: AuditReport) -> str:
    """One row per return, then one per roster entry with no return (status ``missing``);
    each with its next ``action`` and the roster's extra columns."""
    extras = _extras(report)
    rows: list[dict[str, Any]] = []
    for item in report.returns:
        row = item.to_dict()
        row.update(extras.get(item.roster_row or -1, {}))
        rows.append(row)
    for entry in _unanswered(report):
        rows.append({**_missing(entry), **entry.entry.extra})
    return rows_csv(rows, [*CSV_COLUMNS, *extra_columns(report)])


@functools.cache
def _template() -> jinja2.Template:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pubrelease", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("audit.html.j2")


def _picture_type(data: bytes) -> str:
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data[8:12] == b"WEBP":
        return "image/webp"
    return "image/png"


def audit_html(report: AuditReport) -> str:
    """One self-contained page (no network): counts, a filterable table, signature pictures."""
    extras = _extras(report)
    rows = []
    for item in report.returns:
        row = item.to_dict()
        row["outcome"] = row.pop("roster_outcome")
        row["ok"] = item.record.status.ok and item.roster_outcome in (None, Outcome.VALID)
        row["picture"] = base64.b64encode(item.picture).decode() if item.picture else None
        row["picture_type"] = _picture_type(item.picture or b"")
        row["extra"] = extras.get(item.roster_row or -1, {})
        rows.append(row)
    for entry in _unanswered(report):
        rows.append(
            {
                **_missing(entry),
                "file": f"(roster row {entry.entry.row})",
                "outcome": "missing",
                "consent": "",
                "signed": False,
                "sign_date": None,
                "findings": [{"severity": "", "code": "missing", "message": "no return"}],
                "picture": None,
                "picture_type": "",
                "extra": entry.entry.extra,
                "signatures": [],
                "audit_trail": None,
                "ok": False,
            }
        )
    return _template().render(
        folder=report.folder,
        summary=report.summary(),
        rows=rows,
        extra_columns=extra_columns(report),
    )


def write_report(
    report: AuditReport,
    *,
    json_path: str | os.PathLike[str] | None = None,
    csv_path: str | os.PathLike[str] | None = None,
    html_path: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
) -> None:
    """Write the asked-for reports, each atomically; ``-`` is standard output."""
    for path, make in ((json_path, audit_json), (csv_path, audit_csv), (html_path, audit_html)):
        if path is None:
            continue
        data = make(report).encode("utf-8")
        if str(path) == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            write_atomic(path, data, overwrite=overwrite)
