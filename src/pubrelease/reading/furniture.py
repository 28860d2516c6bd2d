"""Page furniture: running headers, footers and page numbers that other systems add.

A word processor or a browser's print adds "Page 1 of 2", a running title or a date at
the top and bottom of every page. They are not the agreement: they are dropped before
the page text is compared with the form's wording. A line counts as furniture when it
stands in the top or bottom band of its page and is a page number, or repeats (digits
aside) in that band on another page; a line of the form's own wording never does
("Continued on the next page..." is wording).

A browser's or printer's header and footer (the date and time, the document's title or
file name, its address, "1/1") on the top and bottom lines of a page are furniture too,
repeated or not: a return typeset by another system and printed again on one long page
read its footer's address as part of the countersignature's date, the last value on the
page. Such a line (one whose pieces are all pieces a printer writes,
:func:`.margins.print_pieces`, one of them a time, an address or a file's name) is
dropped and said (``print-header``, info); one that holds, besides such pieces, words
that refuse or take consent back (a title "NOT AGREED.pdf") is dropped and counts
(``margin-marks``, error), as on a print of the form's own page (:mod:`.margins`).
"""

from __future__ import annotations

import dataclasses
import re

from ..form.template import Form
from ..form.wording import Wording, squashed
from ..pdf.pagetext import Line, PageText
from ..record import Finding, Severity
from .margins import print_pieces, refusing

__all__ = ["printed_furniture", "strip_furniture"]

BAND = 0.09
"""Share of the page height at the top and at the bottom where furniture stands."""
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—(\[]*(page|p\.|seite|página|pagina)?\s*\d+\s*((of|/|von|de|di)\s*\d+)?[\s\-–—)\]]*$",
    re.IGNORECASE,
)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.casefold().split()))


def printed_furniture(
    pages: list[PageText], wording: Wording, form: Form
) -> tuple[list[PageText], list[Finding]]:
    """``pages`` without their headers, footers and page numbers, and the findings of a
    print's header and footer among them (see the module)."""
    flat = wording.flat
    out: list[PageText] = []
    findings: list[Finding] = []
    for page in pages:
        headers: list[str] = []
        refused: list[str] = []
        drop = set()
        for i in _outermost(page):
            text = page.lines[i].text
            if squashed(text) in flat:
                continue  # the agreement's own words
            pieces, other, printed = print_pieces(text, form)
            if not printed:
                continue
            if not other:
                headers.append(" ".join(repr(p) for p in pieces))
            elif refusing(" ".join(other)):
                refused.append(repr(text))
            else:
                continue
            drop.add(i)
        where = f"page {page.page + 1}"
        if headers:
            findings.append(
                Finding(
                    "print-header",
                    Severity.INFO,
                    f"{where}: a printer's header and footer at the page's edge, outside the "
                    f"agreement: {'; '.join(headers)}",
                )
            )
        if refused:
            findings.append(
                Finding(
                    "margin-marks",
                    Severity.ERROR,
                    f"{where}: a printer's header or footer at the page's edge holds words "
                    f"that refuse or take consent back: {'; '.join(refused)}",
                )
            )
        out.append(_without(page, drop))
    return strip_furniture(out, wording), findings


def _outermost(page: PageText) -> list[int]:
    """The lines (indexes) of the page's top row and bottom row, in its bands."""
    if not page.lines:
        return []
    top, bottom = page.height * (1 - BAND), page.height * BAND
    highest = max(page.lines, key=lambda line: line.top)
    lowest = min(page.lines, key=lambda line: line.bottom)

    def beside(line: Line, other: Line) -> bool:  # (the same row: its middle in the other)
        return other.bottom <= (line.top + line.bottom) / 2 <= other.top

    return [
        i
        for i, line in enumerate(page.lines)
        if (line.bottom >= top and beside(line, highest))
        or (line.top <= bottom and beside(line, lowest))
    ]


def _without(page: PageText, drop: set[int]) -> PageText:
    if not drop:
        return page
    lines = tuple(line for i, line in enumerate(page.lines) if i not in drop)
    return dataclasses.replace(page, lines=lines)


def strip_furniture(pages: list[PageText], wording: Wording) -> list[PageText]:
    """``pages`` without their headers, footers and page numbers."""
    flat = wording.flat
    banded: list[list[int]] = []
    for page in pages:
        top, bottom = page.height * (1 - BAND), page.height * BAND
        banded.append(
            [i for i, line in enumerate(page.lines) if line.bottom >= top or line.top <= bottom]
        )
    seen: dict[str, int] = {}
    for page, indexes in zip(pages, banded, strict=True):
        for key in {_key(page.lines[i].text) for i in indexes}:
            seen[key] = seen.get(key, 0) + 1
    out = []
    for page, indexes in zip(pages, banded, strict=True):
        drop = set()
        for i in indexes:
            text = page.lines[i].text
            if squashed(text) in flat:
                continue  # the agreement's own words
            if _PAGE_NUMBER.match(text) or seen.get(_key(text), 0) > 1:
                drop.add(i)
        lines = tuple(line for i, line in enumerate(page.lines) if i not in drop)
        out.append(dataclasses.replace(page, lines=lines))
    return out
