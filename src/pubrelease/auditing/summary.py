"""The audit's summary on standard output: a compact table on a terminal, data when piped.

On a terminal: the counts, then one line per thing that needs action. Piped or
redirected (or asked for): tab-separated values or JSON Lines, one line per roster
entry (then per return that matches none), each with its next action and the
roster's extra columns, so that ``grep``, ``cut`` and ``jq`` can make a chase list.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..auditing.actions import Action
from ..display import inert
from ..record import Severity

if TYPE_CHECKING:
    from ..auditing.audit import AuditReport

__all__ = ["SummaryFormat", "print_summary", "summary_rows"]

_COLUMNS = ("row", "speaker_name", "event_title", "outcome", "action", "files", "why")


def _plain(text: str) -> Text:
    """A stranger's string as a table cell: escaped, never read as rich markup."""
    return Text(inert(text))


class SummaryFormat(enum.Enum):
    TABLE = "table"
    """Counts and a table of what needs action, for a person at a terminal."""
    TSV = "tsv"
    """Tab-separated, a header line then one line per entry (the default when piped)."""
    JSONL = "jsonl"
    """One JSON object per entry."""


def _why(findings: Any) -> str:
    return "; ".join(f.message for f in findings if f.severity is not Severity.INFO)


def summary_rows(report: AuditReport) -> Iterator[dict[str, Any]]:
    """One row per roster entry (or per return without a roster), then unmatched returns,
    made as they are written: the returns are read back from the report's spool one at a
    time, and only each roster entry's newest record is held."""
    from ..auditing.audit import Outcome  # the reading machinery: loaded when there is a report
    from ..auditing.reports import extra_names, shown_extra

    names = extra_names(report, _COLUMNS)  # a roster's own "action" does not replace ours
    if report.roster is not None:
        wanted = {entry.files[0] for entry in report.roster if entry.files}
        records = {r.record.file: r.record for r in report.returns if r.record.file in wanted}
        for entry in report.roster:
            newest = records.get(entry.files[0]) if entry.files else None
            why = entry.note or (_why(newest.findings) if newest is not None else "no return")
            yield (
                {
                    "row": entry.entry.row,
                    "speaker_name": entry.entry.release.speaker_name,
                    "event_title": entry.entry.release.event_title,
                    "outcome": entry.outcome.value,
                    "action": entry.action.value,
                    "files": " ".join(entry.files),
                    "why": why,
                    **shown_extra(entry.entry.extra, names),
                }
            )
    for item in report.returns:
        if report.roster is not None and item.roster_outcome not in (
            Outcome.UNEXPECTED,
            Outcome.SUPERSEDED,
        ):
            continue
        outcome = item.roster_outcome or Outcome.of(item.record.status)
        yield (
            {
                "row": "",
                "speaker_name": item.record.speaker_name or "",
                "event_title": item.record.event_title or "",
                "outcome": outcome.value,
                "action": item.action.value,
                "files": item.record.file,
                "why": _why(item.record.findings),
            }
        )


def _cell(value: object) -> str:
    return inert(" ".join(str(value).split()))  # no tab, newline or control inside a cell


def print_summary(
    report: AuditReport,
    console: Console | None = None,
    *,
    fmt: SummaryFormat | None = None,
    stream: TextIO | None = None,
) -> None:
    """The summary of ``report``: ``fmt`` or, by default, a table on a terminal, else TSV."""
    console = console or Console(highlight=False, soft_wrap=True)
    if fmt is None:
        fmt = SummaryFormat.TABLE if console.is_terminal else SummaryFormat.TSV
    if fmt is SummaryFormat.TABLE:
        _table(report, console)
        return
    out = stream or console.file
    rows = summary_rows(report)
    if fmt is SummaryFormat.JSONL:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    from ..auditing.reports import extra_columns

    columns = [*_COLUMNS, *extra_columns(report, _COLUMNS)]
    out.write("\t".join(columns) + "\n")
    for row in rows:
        out.write("\t".join(_cell(row.get(c, "")) for c in columns) + "\n")


def _table(report: AuditReport, console: Console) -> None:
    summary = report.summary()
    if "by_outcome" in summary:
        title = f"{summary['returns']} returns, {summary['roster_entries']} roster entries"
        counts = Table(title=title, show_edge=False)
        counts.add_column("outcome")
        items = summary["by_outcome"].items()
    else:
        counts = Table(title=f"{summary['returns']} returns", show_edge=False)
        counts.add_column("status")
        items = summary["by_status"].items()
    counts.add_column("count", justify="right")
    for name, n in items:
        if n:
            counts.add_row(name, str(n))
    console.print(counts)
    todo = Table(title="needs action", show_edge=False)
    for column in ("row", "speaker", "outcome", "action", "file", "why"):
        todo.add_column(column, no_wrap=column != "why", overflow="fold")
    for row in summary_rows(report):
        if row["action"] in (Action.NOTHING.value, Action.COUNTERSIGN.value):
            continue
        todo.add_row(
            str(row["row"]), _plain(row["speaker_name"]), row["outcome"], row["action"],
            _plain(row["files"]), _plain(row["why"]),
        )  # fmt: skip
    if todo.rows:
        console.print(todo)
    else:
        console.print("nothing needs action" + (": every return is valid" if report.ok else ""))
    waiting = sum(1 for r in summary_rows(report) if r["action"] == Action.COUNTERSIGN.value)
    if waiting:
        console.print(f"{waiting} valid return(s) to countersign (pubrelease countersign)")
    if report.ignored:
        console.print(f"{len(report.ignored)} other file(s) ignored (not PDFs)")
