"""The audit's reports: JSON (every value exactly), CSV (spreadsheet-safe) and one HTML page."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

import jinja2

from ..auditing.audit import AuditReport, Outcome
from ..auditing.records import RECORD_COLUMNS
from ..files import rows_csv, write_atomic

__all__ = ["audit_csv", "audit_html", "audit_json", "write_report"]

CSV_COLUMNS = (*RECORD_COLUMNS, "roster_outcome")


def audit_json(report: AuditReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def audit_csv(report: AuditReport) -> str:
    """One row per return, then one row per roster entry with no return (status ``missing``)."""
    rows: list[dict[str, Any]] = [r.to_dict() for r in report.returns]
    for entry in report.roster or ():
        if entry.outcome is Outcome.MISSING:
            release = entry.entry.release
            rows.append(
                {
                    "file": "",
                    "speaker_name": release.speaker_name,
                    "event_title": release.event_title,
                    "event_date": release.event_date.isoformat(),
                    "release_id": release.release_id,
                    "status": "missing",
                    "roster_outcome": "missing",
                    "findings": [],
                }
            )
    return rows_csv(rows, CSV_COLUMNS)


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("pubrelease", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
)


def audit_html(report: AuditReport) -> str:
    """One self-contained page (no network): counts, a filterable table, signature pictures."""
    rows = []
    for item in report.returns:
        row = item.to_dict()
        row["outcome"] = row.pop("roster_outcome")
        row["ok"] = item.record.status.ok and item.roster_outcome in (None, Outcome.VALID)
        row["picture"] = base64.b64encode(item.picture).decode() if item.picture else None
        rows.append(row)
    for entry in report.roster or ():
        if entry.outcome is Outcome.MISSING:
            release = entry.entry.release
            rows.append(
                {
                    "file": f"(roster row {entry.entry.row})",
                    "speaker_name": release.speaker_name,
                    "event_title": release.event_title,
                    "status": "missing",
                    "outcome": "missing",
                    "consent": "",
                    "signed": False,
                    "sign_date": None,
                    "findings": [{"severity": "", "code": "missing", "message": "no return"}],
                    "picture": None,
                    "ok": False,
                }
            )
    template = _ENV.get_template("audit.html.j2")
    return template.render(folder=report.folder, summary=report.summary(), rows=rows)


def write_report(
    report: AuditReport,
    *,
    json_path: str | os.PathLike[str] | None = None,
    csv_path: str | os.PathLike[str] | None = None,
    html_path: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
) -> None:
    """Write the asked-for reports, each atomically."""
    if json_path is not None:
        write_atomic(json_path, audit_json(report).encode("utf-8"), overwrite=overwrite)
    if csv_path is not None:
        write_atomic(csv_path, audit_csv(report).encode("utf-8"), overwrite=overwrite)
    if html_path is not None:
        write_atomic(html_path, audit_html(report).encode("utf-8"), overwrite=overwrite)
