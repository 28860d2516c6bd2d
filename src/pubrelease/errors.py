"""The error types of pubrelease: one root, each also the fitting built-in.

Every error carries what a caller needs to point at the problem: the file,
the row (1-based, as a person counts rows in a spreadsheet) and the field.
``str(error)`` is the one-line message the command line prints.
"""

from __future__ import annotations

__all__ = [
    "FieldValueError",
    "FontCoverageError",
    "FormDefinitionError",
    "OutputExistsError",
    "OutputPathError",
    "PubreleaseError",
    "RosterError",
    "SigningKeyError",
]


class PubreleaseError(Exception):
    """The root of every error pubrelease raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.row = row
        self.field = field

    def location(self) -> str:
        """``file:row:field``, as much of it as is known."""
        parts = [p for p in (self.file, self.row, self.field) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class FieldValueError(PubreleaseError, ValueError):
    """A value the form cannot take: unknown field, bad date, bad choice, too long."""


class FontCoverageError(FieldValueError):
    """A character that no available font can draw."""


class FormDefinitionError(PubreleaseError, ValueError):
    """A form definition (``forms/<id>/form.toml``) that is malformed, or a form that is unknown."""


class RosterError(PubreleaseError, ValueError):
    """A roster that cannot be read, or rows in it that are wrong.

    ``problems`` lists every problem found, each a :class:`PubreleaseError`
    naming its file, row and column.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        problems: list[PubreleaseError] | None = None,
    ) -> None:
        super().__init__(message, file=file)
        self.problems = problems or []

    def __str__(self) -> str:
        if not self.problems:
            return super().__str__()
        return "\n".join(str(p) for p in self.problems)


class OutputExistsError(PubreleaseError, FileExistsError):
    """An output file exists and overwriting was not asked for."""


class OutputPathError(PubreleaseError, OSError):
    """An output path that cannot be written: no such folder, a folder, a symbolic link."""


class SigningKeyError(PubreleaseError, ValueError):
    """A signing key or certificate that cannot be loaded (wrong file, wrong passphrase)."""
