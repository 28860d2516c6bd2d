"""The audit's terminal summary: counts, then what a person must do next."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..auditing.audit import AuditReport, Outcome
from ..display import inert
from ..record import Severity, Status

__all__ = ["ACTION", "print_summary"]

ACTION = {
    Outcome.MISSING: "chase: no return yet",
    Outcome.CONFLICTING: "look: the returns disagree",
    Outcome.INVALID: "look: not trustworthy",
    Outcome.INCOMPLETE: "ask the speaker to complete it",
    Outcome.UNREADABLE: "ask for a readable copy",
    Outcome.DECLINED: "declined: do not publish",
    Outcome.UNEXPECTED: "look: not on the roster",
}


def _plain(text: str) -> Text:
    """A stranger's string as a table cell: escaped, never read as rich markup."""
    return Text(inert(text))


def print_summary(report: AuditReport, console: Console | None = None) -> None:
    console = console or Console(highlight=False, soft_wrap=True)
    summary = report.summary()
    if "by_outcome" in summary:
        counts = Table(
            title=f"{summary['returns']} returns, {summary['roster_entries']} roster entries",
            show_edge=False,
        )
        counts.add_column("outcome")
        counts.add_column("count", justify="right")
        for name, n in summary["by_outcome"].items():
            counts.add_row(name, str(n))
    else:
        counts = Table(title=f"{summary['returns']} returns", show_edge=False)
        counts.add_column("status")
        counts.add_column("count", justify="right")
        for name, n in summary["by_status"].items():
            counts.add_row(name, str(n))
    console.print(counts)
    todo = Table(title="needs action", show_edge=False)
    for column in ("file", "speaker", "status", "action", "why"):
        todo.add_column(column, overflow="fold")  # whole paths, wrapped: never "…"
    notes = {e.entry.row: e.note for e in report.roster or () if e.note}
    for item in report.returns:
        outcome = item.roster_outcome or Outcome(item.record.status.value)
        if item.record.status.ok and outcome.ok:
            continue
        if item.record.status is Status.UNREADABLE:
            outcome = Outcome.UNREADABLE  # first get a readable copy; it cannot match anyone
        why = "; ".join(f.message for f in item.record.findings if f.severity is not Severity.INFO)
        if outcome is Outcome.CONFLICTING and item.roster_row in notes:
            why = "; ".join(filter(None, (notes[item.roster_row], why)))
        todo.add_row(
            _plain(item.record.file),
            _plain(item.record.speaker_name or ""),
            item.record.status.value,
            ACTION.get(outcome) or ACTION.get(Outcome(item.record.status.value), ""),
            _plain(why),
        )
    for entry in report.roster or ():
        if entry.outcome is Outcome.MISSING:
            todo.add_row(
                "",
                _plain(entry.entry.release.speaker_name),
                "missing",
                ACTION[Outcome.MISSING],
                f"roster row {entry.entry.row}",
            )
    if todo.rows:
        console.print(todo)
    else:
        console.print("nothing needs action: every return is valid")
    if report.ignored:
        console.print(f"{len(report.ignored)} other file(s) ignored (not PDFs)")
