"""Pages that are none of the form's: each quoted for a person, a blank one only noted.

A return compared with the form page by page (the form's own pages, filled or flattened)
has its extra pages found by that comparison (:func:`.visual.visual_findings`). A return
laid out by another system is read from its text, and the reading of the wording skips
what stands before the agreement's first words and ends the last value with its page: a
cover letter before the agreement, or a note after it, was read by no one, and such a
return was ``valid`` with "I withdraw my consent" on a page of its own (session 25).
Now each page wholly before the page where the wording begins, or after the page where
it ends, is an ``extra-page`` (:func:`outside_wording`).

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
        if (page.page < first or page.page > last) and page.page not in skip
    ]


def _holds(flat: str, piece: str) -> bool:
    """Whether a page's squashed text holds ``piece`` of the wording (or its first
    :data:`ANCHOR` characters, as the reading of the wording finds a piece)."""
    return piece in flat or piece[:ANCHOR] in flat
