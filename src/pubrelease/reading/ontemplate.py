"""Whether a file without our marker still shows our form's own pages.

A release printed to PDF (Ghostscript's ``pdfwrite``, ``pdftocairo``, MuPDF's ``convert``,
a viewer's "print to file") loses its fields and the catalog entry that says the file
is ours, but every character of the form's wording stays where the form set it. Read as
a page typeset by another system, such a return loses what the form's geometry gives:
a long name set on two lines in its box is cut into two lines of the page, and the
second half is taken for part of the next value.

So when the catalog does not say it, the form's first page is recognised by the places
of its wording: characters taken across the template's first page (cached per form)
must be found, the same characters, at the same places (within a point:
:func:`..pdf.fitted.in_place`) on the file's first page, whose size must be the form's. A
page typeset anew, or scaled to another paper size or shifted, does not match and is read
as another system's layout (a print fit to other paper, or shrunk on its own, is laid in
the form's frame, scaled back, before it is read: ..pdf.fitted).
"""

from __future__ import annotations

import ctypes
import functools

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..form.template import Form
from ..pdf.fitted import Anchor, char_centre, in_place
from ..pdf.loadedpages import LoadedPages, loaded
from ..pdf.matrices import Box
from ..pdf.pagespace import page_space

__all__ = ["form_anchors", "form_drawn", "shows_form_pages"]

ANCHORS = 48
"""Characters of the template's first page looked for."""
NEAR = 1.0
"""Points by which the page's size may miss the form's (rounding by the program that
printed it)."""


@functools.lru_cache(maxsize=8)
def _anchors(form: Form) -> tuple[tuple[float, float], tuple[Anchor, ...]]:
    """The template's first page size and characters spread over its wording."""
    doc = pdfium.PdfDocument(form.template)
    try:
        page = doc[0]
        textpage = page.get_textpage()
        try:
            count = pdfium_c.FPDFText_CountChars(textpage.raw)
            letters = [
                i
                for i in range(count)
                if chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)).isalnum()
            ]
            step = max(1, len(letters) // ANCHORS)
            anchors = tuple(
                (pdfium_c.FPDFText_GetUnicode(textpage.raw, i), *char_centre(textpage, i), i)
                for i in letters[::step][:ANCHORS]
            )
            return page.get_size(), anchors
        finally:
            textpage.close()
            page.close()
    finally:
        doc.close()


def form_anchors(form: Form) -> tuple[Anchor, ...]:
    """Characters spread over the wording of the form's first page (code point, centre,
    index)."""
    return _anchors(form)[1]


@functools.lru_cache(maxsize=8)
def form_drawn(form: Form) -> Box | None:
    """The box in which the template's pages draw anything, their page objects and their
    widgets (where values are drawn), all pages together; None for a template with no
    page objects. Words a print shows beyond it, over the form's blank margin, are its
    sheet's (a browser's header and footer: ..pdf.sheetmargin)."""
    boxes: list[Box] = []
    doc = pdfium.PdfDocument(form.template)
    try:
        for number in range(len(doc)):
            page = doc[number]
            try:
                for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
                    obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
                    edges = [ctypes.c_float() for _ in range(4)]
                    if pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(e) for e in edges)):
                        boxes.append(
                            (edges[0].value, edges[1].value, edges[2].value, edges[3].value)
                        )
                for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
                    annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
                    rect = pdfium_c.FS_RECTF()
                    if annot and pdfium_c.FPDFAnnot_GetRect(annot, ctypes.byref(rect)):
                        boxes.append((rect.left, rect.bottom, rect.right, rect.top))
                    if annot:
                        pdfium_c.FPDFPage_CloseAnnot(annot)
            finally:
                page.close()
    finally:
        doc.close()
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def shows_form_pages(doc: pdfium.PdfDocument | LoadedPages, form: Form) -> bool:
    """Whether the first page of ``doc`` (a document, or its pages loaded to be shared)
    is the form's first page (see the module)."""
    size, anchors = _anchors(form)
    if not anchors or not len(doc):
        return False
    with loaded(doc) as pages:
        width, height = page_space(pages[0]).size  # upright and uncropped, as its text
        if abs(width - size[0]) > NEAR or abs(height - size[1]) > NEAR:
            return False
        return in_place(pages.textpage(0), anchors)
