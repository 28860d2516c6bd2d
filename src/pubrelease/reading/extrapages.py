"""Pages that are none of the form's: each quoted for a person, a blank one only noted.

A return compared with the form page by page (the form's own pages, filled or flattened)
has its extra pages found by that comparison (:func:`.visual.visual_findings`). A return
laid out by another system is read from its text, and the reading of the wording skips
what stands before the agreement's first words and ends the last value with its page: a
cover letter before the agreement, or a note after it, was read by no one, and such a
return was ``valid`` with "I withdraw my consent" on a page of its own (session 25).
Now each page wholly before the page where the wording begins, or after the page where
it ends, is an ``extra-page`` (:func:`outside_wording`), and so is a page between them
that holds no text at all.

Each such page is quoted as the comparison quotes it (:func:`.visual.extra_page`): a page
that shows nothing and holds no text (a blank sheet) only noted.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..form.wording import ANCHOR, Wording, squashed
from ..pdf.pagetext import PageText
from ..pdf.rendering import Rendered
from ..record import Finding
from .visual import extra_page

__all__ = ["outside_wording"]


def outside_wording(
    wording: Wording,
    texts: Sequence[PageText],
    screen: Sequence[Rendered],
    skip: Collection[int] = (),
) -> list[Finding]:
    """``extra-page`` for each page of ``screen`` (a return laid out by another system;
    ``texts`` their text, headers and footers left out) wholly before the page that holds
    the start of the agreement's wording or after the page that holds its end; none
    when either is not found (the wording's own findings say so). ``skip``: pages (from
    0) that are an e-signing service's audit trail."""
    if not wording.literals or not texts:
        return []
    flats = [squashed(page.text) for page in texts]
    first_piece, last_piece = wording.literals[0], wording.literals[-1]
    first = next((i for i, f in enumerate(flats) if _holds(f, first_piece)), None)
    last = next((i for i in reversed(range(len(flats))) if _holds(flats[i], last_piece)), None)
    if first is None or last is None or last < first:
        return []
    return [
        extra_page(page)
        for page in screen
        if page.page not in skip and _outside(page.page, first, last, flats)
    ]


def _outside(number: int, first: int, last: int, flats: Sequence[str]) -> bool:
    """Whether page ``number`` (from 0) is none of the agreement's: before the page its
    wording begins on or after the one it ends on, or between them with no text at all
    (the wording runs on across it: what it shows, "NO CONSENT" drawn in outlines, was
    read by no one, review rev30)."""
    if number < first or number > last:
        return True
    return first < number < last and number < len(flats) and not flats[number]


def _holds(flat: str, piece: str) -> bool:
    """Whether a page's squashed text holds ``piece`` of the wording (or its first
    :data:`ANCHOR` characters, as the reading of the wording finds a piece)."""
    return piece in flat or piece[:ANCHOR] in flat
