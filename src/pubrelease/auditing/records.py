"""Records as CSV: one row per record, safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable

from ..files import rows_csv
from ..record import Record

__all__ = ["RECORD_COLUMNS", "records_csv"]

RECORD_COLUMNS = tuple(
    f for f in Record.__dataclass_fields__ if f not in ("observations", "evidence")
)
"""The keys of :meth:`Record.to_dict`, in order; the per-value ``evidence`` list is in the
JSON reports only."""


def records_csv(records: Iterable[Record]) -> str:
    """CSV text of ``records`` with DESIGN.md's keys as columns."""
    return rows_csv((r.to_dict() for r in records), RECORD_COLUMNS)
