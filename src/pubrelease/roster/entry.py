"""One roster row, checked: where it came from, its release and its columns."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..release import Release
from .rows import COLUMNS

__all__ = ["RosterEntry"]


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One roster row: where it came from, its release and its columns."""

    source: str
    """The roster's path as given (``-`` for standard input)."""
    row: int
    """The row as a person finds it: spreadsheet row, CSV or JSON Lines line, array index."""
    release: Release
    file: str | None
    """The ``file`` column: the file name wanted for this release, if any."""
    columns: dict[str, str] = field(default_factory=dict)
    """Every column of the row as text (known ones by their names, dates as ISO)."""

    @property
    def extra(self) -> dict[str, str]:
        """The columns that are not release values: email, affiliation, session..."""
        return {k: v for k, v in self.columns.items() if k not in COLUMNS}

    @property
    def supersedes(self) -> tuple[str, ...]:
        """Ids of releases this row's release replaced (the manifest's ``supersedes``)."""
        return tuple(self.columns.get("supersedes", "").split())
