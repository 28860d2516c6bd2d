"""A returned file opened for reading: by the fast byte-level reader when it vouches for
the file (:mod:`pubrelease.pdf.objects`), by pypdf otherwise, and by pypdf on demand for
the parts of ``parse`` that still need its objects.

Both give the same values: the fast reader refuses (``NotSure``) every file that pypdf
could read differently, and then this is exactly the pypdf path it always was.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from ..pdf.objects import Ambiguous, NotSure, Objects
from ..pdf.xrefconflicts import ambiguity
from .sources import Unreadable

__all__ = ["UNREADABLE", "PdfFile", "damaged", "open_pdf", "open_pypdf", "why_unreadable"]

# pypdf logs what it repairs in a damaged file ("Object 18 0 not defined.") to stderr,
# between the records a command prints; the findings say what matters. A handler, not a
# level: an application that configures logging still sees them.
if not logging.getLogger("pypdf").handlers:
    logging.getLogger("pypdf").addHandler(logging.NullHandler())


UNREADABLE = (Unreadable, PyPdfError, RecursionError)
"""What a reading raises for a file it cannot read: its own :class:`Unreadable`, or
pypdf giving up on a damaged object no reading caught, or following an object that
names itself (:func:`why_unreadable` says which)."""


def why_unreadable(exc: BaseException) -> str:
    """The message of an ``unreadable`` record for ``exc``, one of :data:`UNREADABLE`."""
    if isinstance(exc, RecursionError):
        return "damaged PDF: an object nests without end"
    if isinstance(exc, PyPdfError):
        return f"damaged PDF: pypdf cannot read it: {exc}"[:300]
    return str(exc)


def damaged(exc: Exception) -> Unreadable:
    """:class:`Unreadable` for PDFium's refusal ``exc`` (which names the error PDFium
    reported, "Success" when it reported none: left out)."""
    message = re.sub(r"\s*\(PDFium: Success\)", "", str(exc)).rstrip(".")
    return Unreadable(f"damaged PDF: {message}: PDFium cannot read it")


def open_pypdf(data: bytes) -> PdfReader:
    """pypdf's reader of ``data``; :class:`Unreadable` when it is not a PDF, is damaged or
    needs a password."""
    if b"%PDF-" not in data[:1024]:
        raise Unreadable("not a PDF (no %PDF- header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("encrypted: a password is needed to open it")
        reader.trailer["/Root"].get_object()
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise Unreadable(f"damaged PDF: {exc}") from exc
    return reader


class PdfFile:
    """One file's objects: ``objects`` (the fast reader's, or None) and pypdf's ``reader``."""

    def __init__(
        self,
        data: bytes,
        objects: Objects | None,
        reader: PdfReader | None = None,
        ambiguous: str | None = None,
    ):
        self.data = data
        self.objects = objects
        self._reader = reader
        self.ambiguous = ambiguous
        """Why readers resolve some object of the file differently (:mod:`..pdf.
        xrefconflicts`): what a viewer shows may not be what is read; None if they
        do not."""

    @property
    def reader(self) -> PdfReader:
        """pypdf's reader, opened on first use (the fast reader has vouched for the file,
        so pypdf opens it too)."""
        if self._reader is None:
            self._reader = open_pypdf(self.data)
        return self._reader

    @property
    def catalog(self) -> Any:
        """The document catalog: a plain dictionary from the fast reader, else pypdf's."""
        if self.objects is not None:
            return self.objects.dict_of(self.objects.trailer.get("/Root"))
        return self.reader.trailer["/Root"].get_object()


def open_pdf(data: bytes) -> PdfFile:
    """``data`` opened: by the fast reader when it can vouch for every byte it read,
    else by pypdf (with its errors as :class:`Unreadable`), saying when readers resolve
    some of its objects differently (:attr:`PdfFile.ambiguous`)."""
    if b"%PDF-" not in data[:1024]:
        raise Unreadable("not a PDF (no %PDF- header)")
    try:
        objects = Objects(data)
        if isinstance(objects.resolve(objects.trailer.get("/Root")), dict):
            return PdfFile(data, objects)
    except Ambiguous as exc:
        return PdfFile(data, None, open_pypdf(data), str(exc))
    except NotSure:
        pass
    return PdfFile(data, None, open_pypdf(data), ambiguity(data))
