"""Text a viewer's "type on the page" tool put on a page: its text annotations.

Many people do not fill a form's fields: they type over the page with their viewer's
text tool (Acrobat's Fill & Sign, macOS Preview, PDF-XChange), which writes a
``/FreeText`` annotation holding what was typed (``/Contents``) and drawing it
(``/AP``). What such a note shows is read with the page (its appearance is drawn in
like any annotation's); here is where each note stands and what it says it holds, read
from the file's annotations before anything is drawn into the page. Marks drawn over the
page are read with them: a tick or cross drawn with a pen tool (an ``/Ink`` annotation:
Acrobat's and Preview's pen, a tablet's) or set as a stamp (a ``/Stamp``'s check mark),
which hold no typed text.
"""

from __future__ import annotations

import ctypes
from typing import Any, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

__all__ = ["TypedNote", "typed_notes"]

Box = tuple[float, float, float, float]

_SHOWN = pdfium_c.FPDF_ANNOT_FLAG_PRINT
_UNSEEN = (
    pdfium_c.FPDF_ANNOT_FLAG_HIDDEN
    | pdfium_c.FPDF_ANNOT_FLAG_INVISIBLE
    | pdfium_c.FPDF_ANNOT_FLAG_NOVIEW
    | pdfium_c.FPDF_ANNOT_FLAG_TOGGLENOVIEW
)
MAX_CONTENTS = 4096
"""Characters of a note's ``/Contents`` read, at most (a typed value is a few dozen)."""


class TypedNote(NamedTuple):
    """A text annotation every viewer draws alike (its own appearance, shown and
    printed): where it stands, and the text it holds (``/Contents``, spaces as typed)."""

    box: Box
    """left, bottom, right, top in PDF points."""
    text: str
    drawn: bool = False
    """A mark drawn (``/Ink``) or stamped (``/Stamp``), not typed: it stands for no text."""


_KINDS = {
    pdfium_c.FPDF_ANNOT_FREETEXT: False,
    pdfium_c.FPDF_ANNOT_INK: True,
    pdfium_c.FPDF_ANNOT_STAMP: True,
}


def typed_notes(page: pdfium.PdfPage) -> tuple[TypedNote, ...]:
    """The ``/FreeText`` annotations of ``page`` with an appearance stream, flagged Print
    and none of Hidden, Invisible, NoView, ToggleNoView: what a viewer's text tool
    typed on it (each viewer draws the note's own appearance, on screen and on paper);
    and its ``/Ink`` and ``/Stamp`` annotations so, marks drawn on it (``drawn``)."""
    out = []
    rect = pdfium_c.FS_RECTF()
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        if not annot:
            continue
        try:
            flags = pdfium_c.FPDFAnnot_GetFlags(annot)
            drawn = _KINDS.get(pdfium_c.FPDFAnnot_GetSubtype(annot))
            if (
                drawn is not None
                and pdfium_c.FPDFAnnot_HasKey(annot, b"AP")
                and flags & _SHOWN
                and not flags & _UNSEEN
                and pdfium_c.FPDFAnnot_GetRect(annot, rect)
            ):
                left, right = sorted((rect.left, rect.right))
                bottom, top = sorted((rect.bottom, rect.top))
                out.append(TypedNote((left, bottom, right, top), _contents(annot), drawn))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return tuple(out)


def _contents(annot: Any) -> str:
    """The annotation's ``/Contents`` ("" without one)."""
    size = pdfium_c.FPDFAnnot_GetStringValue(annot, b"Contents", None, 0)
    if size <= 2:
        return ""
    if size > 2 * MAX_CONTENTS + 2:
        return "\ufffd"  # (more than a typed value: read as no value's)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFAnnot_GetStringValue(
        annot, b"Contents", ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size
    )
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")
