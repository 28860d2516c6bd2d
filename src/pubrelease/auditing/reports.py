"""The audit's reports: JSON (every value exactly), CSV (spreadsheet-safe) and one HTML page.

Every report gives each roster entry its next action and the roster's extra columns
(email, affiliation, session...): a return carries those of the entry it matched.
Each is made as a stream of text pieces from the report's returns, read back one
at a time, and written through an atomic file: no report holds every return in
memory at once.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import sys
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

from ..auditing.audit import AuditReport, Outcome, RosterOutcome
from ..auditing.records import RECORD_COLUMNS
from ..files import csv_lines, open_atomic

__all__ = [
    "audit_csv",
    "audit_html",
    "audit_json",
    "extra_columns",
    "extra_names",
    "shown_extra",
    "write_report",
]

CSV_COLUMNS = (*RECORD_COLUMNS, "roster_outcome", "action")


def audit_json(report: AuditReport) -> str:
    return "".join(_json_pieces(report))


def _json_pieces(report: AuditReport) -> Iterator[str]:
    """``json.dumps(report.to_dict(), indent=2)`` and a newline, one return at a time."""
    parts: dict[str, Iterable[Any] | None] = {
        "returns": (r.to_dict() for r in report.returns),
        "roster": (e.to_dict() for e in report.roster) if report.roster is not None else None,
        "ignored": report.ignored,
    }
    yield "{\n  " + _dumps("summary", 2) + ": " + _dumps(report.summary(), 2)
    for key, items in parts.items():
        yield ",\n  " + _dumps(key, 2) + ": "
        if items is None:
            yield "null"
            continue
        empty = True
        for item in items:
            yield ("[\n    " if empty else ",\n    ") + _dumps(item, 4)
            empty = False
        yield "[]" if empty else "\n  ]"
    yield "\n}\n"


def _dumps(value: Any, depth: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + " " * depth)


def extra_columns(report: AuditReport, reserved: Collection[str] = ()) -> list[str]:
    """The roster's extra columns, in the order they first appear, as :func:`extra_names`
    shows them beside the columns ``reserved``."""
    return list(extra_names(report, reserved).values())


def extra_names(report: AuditReport, reserved: Collection[str] = ()) -> dict[str, str]:
    """Each extra roster column, in the order they first appear, with the name it is shown
    under beside a table's own columns ``reserved``: its own, or ``roster.`` before it
    where the table has a column of that name. A roster's ``status``, ``action`` or
    ``sha256`` column once took the place of the report's: a declined return's row said
    ``valid``, and a bundle's index gave the issued file's digest for the return's."""
    taken = set(reserved)
    out: dict[str, str] = {}
    for entry in report.roster or ():
        for name in entry.entry.extra:
            if name in out:
                continue
            shown = name
            while shown in taken:
                shown = f"roster.{shown}"
            taken.add(shown)
            out[name] = shown
    return out


def shown_extra(extra: dict[str, str], names: dict[str, str]) -> dict[str, str]:
    """A roster row's extra columns under the names :func:`extra_names` gave them."""
    return {names.get(k, k): v for k, v in extra.items()}


def _extras(report: AuditReport, reserved: Collection[str] = ()) -> dict[int, dict[str, str]]:
    names = extra_names(report, reserved)
    return {e.entry.row: shown_extra(e.entry.extra, names) for e in report.roster or ()}


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
    return "".join(_csv_pieces(report))


def _csv_pieces(report: AuditReport) -> Iterator[str]:
    return csv_lines(_csv_rows(report), [*CSV_COLUMNS, *extra_columns(report, CSV_COLUMNS)])


def _csv_rows(report: AuditReport) -> Iterator[dict[str, Any]]:
    extras = _extras(report, CSV_COLUMNS)
    for item in report.returns:
        row = item.to_dict()
        row.update(extras.get(item.roster_row or -1, {}))
        yield row
    for entry in _unanswered(report):
        yield {**_missing(entry), **extras[entry.entry.row]}


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
    return "".join(_html_pieces(report))


def _html_pieces(report: AuditReport) -> Iterator[str]:
    pieces: Iterator[str] = _template().generate(
        folder=report.folder,
        summary=report.summary(),
        rows=_html_rows(report),
        extra_columns=extra_columns(report),
    )
    return pieces


def _html_rows(report: AuditReport) -> Iterator[dict[str, Any]]:
    extras = _extras(report)
    for item in report.returns:
        row = item.to_dict()
        row["outcome"] = row.pop("roster_outcome")
        row["ok"] = item.record.status.ok and item.roster_outcome in (None, Outcome.VALID)
        row["picture"] = base64.b64encode(item.picture).decode() if item.picture else None
        row["picture_type"] = _picture_type(item.picture or b"")
        row["extra"] = extras.get(item.roster_row or -1, {})
        yield row
    for entry in _unanswered(report):
        yield (
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


def write_report(
    report: AuditReport,
    *,
    json_path: str | os.PathLike[str] | None = None,
    csv_path: str | os.PathLike[str] | None = None,
    html_path: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
) -> None:
    """Write the asked-for reports, each atomically and a piece at a time; ``-`` is stdout."""
    for path, make in (
        (json_path, _json_pieces),
        (csv_path, _csv_pieces),
        (html_path, _html_pieces),
    ):
        if path is None:
            continue
        if str(path) == "-":
            for piece in make(report):
                sys.stdout.buffer.write(piece.encode("utf-8"))
            sys.stdout.buffer.flush()
            continue
        with open_atomic(path, overwrite=overwrite) as handle:
            for piece in make(report):
                handle.write(piece.encode("utf-8"))
