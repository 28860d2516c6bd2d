"""The form's pages found in another order in a file, and a copy with them in order.

A return whose pages were saved in another order (the signature page first, or the
pages reversed) shows the whole form, unaltered, yet every reading that follows the
form page by page took its first page for the form's first: the wording came out of
order (``altered-text``), the values and the boxes were looked for on the wrong page, and
each page of the form was an ``extra-page`` of it: ``invalid`` (a reviewer's finding).

:func:`form_order` tells, by the words each page's text starts with (as the reading
reads it), which page of the file begins each page of the form; :func:`in_form_order`
moves those pages to the front in the form's order (``FPDF_MovePages``, in a copy: an
update appended to the file's bytes, so the fields, widgets and their values stay as
they were). The reading reads the copy for what it shows, as it reads a page laid in
the form's frame (:mod:`..pdf.reframe`), and says which pages it moved.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..form.wording import squashed
from ..pdf.reframe import saved_copy
from ..record import Finding, Severity

__all__ = ["form_order", "in_form_order", "reordered_finding"]

HEAD = 48
"""Squashed characters of a form's page that say which page a page of a file is."""
LOOK = 400
"""Characters at the start of a file's page in which a form page's head is looked for."""


@functools.lru_cache(maxsize=8)
def _heads(template: bytes) -> tuple[str, ...]:
    """The first :data:`HEAD` squashed characters of each page of a form's template."""
    doc = pdfium.PdfDocument(template)
    try:
        heads = []
        for page in doc:
            text = page.get_textpage()
            heads.append(squashed(text.get_text_range(0, min(LOOK, text.count_chars())))[:HEAD])
            text.close()
            page.close()
        return tuple(heads)
    finally:
        doc.close()


def form_order(texts: Sequence[str], template: bytes) -> list[int] | None:
    """Of a file's pages (their ``texts``, in order), those that begin the form's pages,
    in the form's order, when each page of the form begins exactly one of them and they
    are not already in that order; otherwise ``None`` (nothing to move)."""
    heads = _heads(template)
    if len(heads) < 2 or len(set(heads)) != len(heads) or not all(len(h) == HEAD for h in heads):
        return None
    found: dict[int, list[int]] = {}
    for number, text in enumerate(texts):
        start = squashed(text[:LOOK])
        for index, head in enumerate(heads):
            if head in start:
                found.setdefault(index, []).append(number)
    if len(found) != len(heads) or any(len(pages) != 1 for pages in found.values()):
        return None
    order = [found[index][0] for index in range(len(heads))]
    return None if order == sorted(order) else order


def in_form_order(data: bytes, order: list[int]) -> bytes:
    """``data`` with pages ``order`` moved to its front, in that order (an update
    appended); the other pages follow in their own order."""
    doc = pdfium.PdfDocument(data)
    try:
        indices = (ctypes.c_int * len(order))(*order)
        if not pdfium_c.FPDF_MovePages(doc.raw, indices, len(order), 0):
            raise pdfium.PdfiumError("Failed to move the form's pages in order.")
        return saved_copy(doc)
    finally:
        doc.close()


def reordered_finding(order: list[int]) -> Finding:
    """What the reading says of a file whose pages ``order`` begin the form's pages."""
    where = ", ".join(
        f"page {page + 1} is its page {index + 1}" for index, page in enumerate(order)
    )
    return Finding(
        "pages-reordered",
        Severity.INFO,
        f"the form's pages are in another order in the file ({where}); read in the form's order",
    )
