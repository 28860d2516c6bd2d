"""Page furniture: running headers, footers and page numbers that other systems add.

A word processor or a browser's print adds "Page 1 of 2", a running title or a date at
the top and bottom of every page. They are not the agreement: they are dropped before
the page text is compared with the form's wording. A line counts as furniture when it
stands in the top or bottom band of its page and is a page number, or repeats (digits
aside) in that band on another page; a line of the form's own wording never does
("Continued on the next page..." is wording).
"""

from __future__ import annotations

import dataclasses
import re

from ..form.wording import Wording, squashed
from ..pdf.pagetext import PageText

__all__ = ["strip_furniture"]

BAND = 0.09
"""Share of the page height at the top and at the bottom where furniture stands."""
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—(\[]*(page|p\.|seite|página|pagina)?\s*\d+\s*((of|/|von|de|di)\s*\d+)?[\s\-–—)\]]*$",
    re.IGNORECASE,
)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.casefold().split()))


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
