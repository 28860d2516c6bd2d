"""Which of the form's pages each page of a return is: an alignment of the two.

A page of a return is taken for a page of the form when its ink, averaged over squares
of :data:`SMALL` points, differs from the form page's by less than :data:`MATCH` on
average. The pages were matched greedily, each with the first of the form's pages left
that it resembled: a blank sheet before the form's pages, or between them (a scanner's,
or one put there with ``qpdf --pages`` or pypdf), resembles the ICML form's sparse second
page within :data:`MATCH`, took it, and the form's pages after it went unmatched: an
honest return read ``invalid`` for ``page-differs`` against a blank page.
:func:`aligned` finds the alignment that matches the most of the form's pages, each page
of either at most once and both in order, and of those the one whose pairs differ least
(a dynamic programme over the pages' differences), the earliest pages of those that
match alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ..form.wording import Wording
from ..pdf.inkcompare import shrink_from
from ..pdf.rendering import Image, Rendered, shrink

__all__ = ["ALIKE", "MATCH", "SMALL", "aligned", "look_alike", "pages_missing", "wordless_pages"]

MATCH = 6.0
"""Mean ink difference (of 255) below which a page is taken for a page of the form."""
ALIKE = 2.0
"""Difference (as :data:`MATCH`) below which pages match a form page equally well: the
form's pages as filled, flattened, re-saved or printed differ from it by 1.4 at most in
the corpus, a blank sheet from the ICML form's second page by 5.4; of two copies of a
page alike, the alignment takes the first in the file (a return saved twice in one file
is read as its first)."""
SMALL = 6
"""Side (pixels) of the squares over which pages are averaged to tell which of the
form's pages a page is (6 pt; 5.8 pt at 100 dpi before)."""


def _small(page: Rendered) -> Image:
    """A page's ink averaged over squares of :data:`SMALL` pixels (the edges past the last
    whole square dropped)."""
    return shrink(page.levels, SMALL)


_FORM_SMALL: dict[int, tuple[npt.NDArray[np.uint8], Image]] = {}
"""The form's pages averaged (:func:`_small`), made once: id of the levels -> (levels,
small)."""


def _score(shown: Rendered, small: Image | None, form_page: Rendered) -> float:
    """``small``: :func:`_small` of ``shown``; None: made from the form page's (the same)."""
    if shown.levels.shape != form_page.levels.shape:
        return float("inf")
    levels = form_page.levels
    kept = _FORM_SMALL.get(id(levels))
    if kept is None or kept[0] is not levels:
        if len(_FORM_SMALL) > 16:
            _FORM_SMALL.clear()
        kept = _FORM_SMALL[id(levels)] = (levels, _small(form_page))
    if small is None:
        small = shrink_from(shown.levels, SMALL, levels, kept[1])
    return float(np.abs(small - kept[1]).mean())


def _scores(page: Rendered, form_pages: Sequence[Rendered]) -> list[float]:
    """:func:`_score` of ``page`` against each of the form's pages (its average made once,
    when a form page has its size)."""
    if not any(page.levels.shape == f.levels.shape for f in form_pages):
        return [float("inf")] * len(form_pages)
    small = _small(page)
    return [_score(page, small, form_page) for form_page in form_pages]


def aligned(shown: Sequence[Rendered], form_pages: Sequence[Rendered]) -> dict[int, int]:
    """Pages of the return taken for the form's pages: return page -> form page, both in
    order, each at most once; the most pairs below :data:`MATCH`, and of those the
    alignment whose pairs differ least (a difference below :data:`ALIKE` as little as
    none; then the earliest pages)."""
    count = len(form_pages)
    # (the common case, each page the form's: each scored once, with its own)
    if len(shown) == count and all(
        _score(page, None, form_pages[i]) < MATCH for i, page in enumerate(shown)
    ):
        return {page.page: i for i, page in enumerate(shown)}
    scores = [_scores(page, form_pages) for page in shown]
    # best[i][j]: (pairs, -their total difference) of pages [i:] aligned with form pages [j:]
    best = [[(0, 0.0)] * (count + 1) for _ in range(len(shown) + 1)]

    def paired(i: int, j: int) -> tuple[int, float] | None:
        """The best alignment from ``(i, j)`` on that pairs page ``i`` with form page ``j``."""
        if scores[i][j] >= MATCH:
            return None
        pairs, total = best[i + 1][j + 1]
        return pairs + 1, total - max(scores[i][j], ALIKE)

    for i in reversed(range(len(shown))):
        for j in reversed(range(count)):
            options = [best[i + 1][j], best[i][j + 1]]
            if (both := paired(i, j)) is not None:
                options.append(both)
            best[i][j] = max(options)
    matched: dict[int, int] = {}
    i = j = 0
    while i < len(shown) and j < count:
        if paired(i, j) == best[i][j]:
            matched[shown[i].page] = j
            i, j = i + 1, j + 1
        elif best[i + 1][j] == best[i][j]:
            i += 1  # a page none of the form's
        else:
            j += 1  # a page of the form not found
    return matched


def look_alike(page: Rendered, form_pages: Sequence[Rendered]) -> int | None:
    """The form's page (from 0) that ``page``, a page no alignment paired, would be taken
    for on its own (another copy of it), if any: the one it differs least from."""
    scores = _scores(page, form_pages)
    best = min(range(len(scores)), key=scores.__getitem__, default=None)
    return best if best is not None and scores[best] < MATCH else None


def pages_missing(matched: dict[int, int], pages: int, count: int, wording: int) -> str | None:
    """What to say of a return of fewer ``pages`` than the form's ``count`` whose pages
    are some of the form's and not the others (``matched``: :func:`aligned`, return page
    -> form page), and that holds some of the form's wording (``wording``: the pieces of it
    found): which of the form's pages it holds and which it lacks (a speaker who sent the
    signed page alone); None otherwise (a blank or foreign sheet resembles the ICML
    form's sparse second page; a page of a whole return that differs from the form's is
    said where it differs)."""
    if pages >= count or not wording:
        return None
    held = sorted(set(matched.values()))  # (fewer than count: a page is taken for one)
    if not held:
        return None
    lacked = [n + 1 for n in range(count) if n not in held]
    have = ", ".join(str(n + 1) for n in held)
    lack = ", ".join(map(str, lacked))
    return (
        f"the file holds the form's page{'s' * (len(held) > 1)} {have} of {count}, "
        f"not {'its pages' if len(lacked) > 1 else 'its page'} {lack}: ask for the whole form"
    )


QUOTED = 60
"""Characters of a page's text quoted when it holds none of the form's wording."""
NAMED = 5
"""Pages named so, at most (the others counted)."""


def wordless_pages(texts: Sequence[tuple[int, str]], wording: Wording) -> str:
    """What to add to "only some parts of the wording were found": which pages of
    ``texts`` (each page's number, from 0, and its text) hold none of it, and what each
    shows instead (a printer that dropped a page's content, values alone left of it; a
    page put in its place)."""
    said = []
    for number, text in texts:
        if wording.read(text).found:
            continue
        shown = " ".join(text.split())
        quote = shown[:QUOTED] + ("…" if len(shown) > QUOTED else "")
        said.append(f"page {number + 1} shows " + (f"only {quote!r}" if quote else "no text"))
    if len(said) > NAMED:
        said[NAMED:] = [f"and {len(said) - NAMED} more pages none of it"]
    return f" ({'; '.join(said)})" if said else ""
