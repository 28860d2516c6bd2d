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

Pages of the form in order, with other pages before or between them (a blank sheet
before a live return, a cover letter put between its pages by ``qpdf --pages``, pypdf or
pdftk), were read page by page all the same: the letter's words read into the wording
(``altered-text``), the value boxes looked for on the page after the first, the blank
page compared with the form's second. :func:`form_pages_apart` tells, from the pages
each was taken for (:func:`.visual.matched_pages`), that the form's pages are not the
file's first; the copy read has them first, in order, the others after them, and
:func:`renumbered` names the pages in its findings as the file numbers them.
"""

from __future__ import annotations

import ctypes
import dataclasses
import functools
import re
from collections.abc import Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..findings import Code
from ..form.wording import squashed
from ..pdf.reframe import saved_copy
from ..record import Finding, Record, Severity

__all__ = [
    "OutOfOrder",
    "form_order",
    "form_pages_apart",
    "in_form_order",
    "renumbered",
    "reordered_note",
]

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


class OutOfOrder(Exception):
    """The form's pages, each found once, in another order in the file (``reordered``)
    or in order with other pages before or between them: ``order``, the file's pages
    (from 0) that are the form's, in the form's order."""

    def __init__(self, order: list[int], *, reordered: bool = True) -> None:
        super().__init__(order)
        self.order = order
        self.reordered = reordered


def reordered_note(order: list[int]) -> Finding:
    """``pages-reordered``: the form's pages were read from the file's ``order``."""
    where = ", ".join(
        f"page {page + 1} is its page {index + 1}" for index, page in enumerate(order)
    )
    return Finding(
        "pages-reordered",
        Severity.INFO,
        f"the form's pages are in another order in the file ({where}); read in the form's order",
    )


def form_pages_apart(matched: dict[int, int], count: int) -> list[int] | None:
    """The file's pages taken for the form's ``count`` pages (``matched``: file page ->
    form page, in order), when each was found and they are not the file's first pages;
    otherwise ``None`` (nothing to move)."""
    order = sorted(matched)
    if not count or len(order) != count or order == list(range(count)):
        return None
    return order


_PAGE = re.compile(r"page (\d+)\b")
_READ_FROM_PAGES = frozenset(
    {
        Code.HIDDEN_TEXT,
        Code.INK_WITHOUT_TEXT,
        Code.PAGE_DIFFERS,
        Code.EXTRA_PAGE,
        Code.VIEWERS_DISAGREE,
        Code.SHOWN_TEXT_DIFFERS,
        Code.SHOWN_TEXT_UNCHECKED,
        Code.VALUE_CLIPPED,
        Code.VALUE_DISAGREEMENT,
        Code.CONSENT_UNSURE,
    }
)
"""Findings of the checks of what the pages show, which begin by naming their page
("page 3: ...", "page 3 is not a page of the form"): the copy's page, in a copy read."""


def renumbered(record: Record, order: list[int], pages: int) -> Record:
    """``record``, read from a copy of a file of ``pages`` pages with pages ``order``
    moved to its front (:func:`in_form_order`), its findings of what the pages show
    naming each page as the file numbers it (the file's history names them so already)."""
    moved = set(order)
    file_page = [*order, *(n for n in range(pages) if n not in moved)]  # copy -> file (from 0)

    def named(finding: Finding) -> Finding:
        found = _PAGE.match(finding.message)
        if finding.code not in _READ_FROM_PAGES or found is None:
            return finding
        copy_page = int(found[1]) - 1
        if not 0 <= copy_page < len(file_page):
            return finding
        message = f"page {file_page[copy_page] + 1}{finding.message[found.end() :]}"
        return dataclasses.replace(finding, message=message)

    findings = tuple(named(f) for f in record.observed)
    return dataclasses.replace(record, findings=findings, observations=findings)
