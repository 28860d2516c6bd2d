"""Words of the form's pages read from an ``/ActualText`` span instead of their glyphs.

A marked-content span with an ``/ActualText`` makes every text extractor (PDFium,
poppler, MuPDF) read that string in place of the glyphs inside it, whatever they draw.
Drawn over the agreement's wording, the text layer reads the form's own words while the
page shows others: "until at least 60 days" read, "90" drawn. Where the glyphs drawn
have the widths of the ones read (digits do, in Helvetica), nothing shifts on the page,
and the comparison of its ink with the form's page, which lets ink move a little, does
not see it.

A form's template draws its wording without such spans (an imported form may have some:
those at the same place are the form's own), and ``fill`` uses them only inside value
boxes, whose glyphs :mod:`.valueboxes` checks. So a span anywhere else on a page of the
form leaves the words there unread: the finding is ``shown-text-unchecked``, quoting
what the span reads and where, for a person to look at.
"""

from __future__ import annotations

import functools

from ..form.template import Form
from ..pdf.loadedpages import LoadedPages, each_flattened_page
from ..pdf.pageobjects import spanned_boxes
from ..pdf.rendering import Box
from ..record import Finding, Severity

__all__ = ["spanned_text_findings"]

MARGIN = 4.0
"""Points by which a span may stand out of a widget's rectangle and still be its own (an
Arabic mark below a letter that descends reaches 2.5 pt below a name's box)."""
SAME_PLACE = 1.0
"""Points by which a span of the return may differ from one of the form's own."""


@functools.lru_cache(maxsize=8)
def _form_spans(form: Form) -> tuple[tuple[Box, ...], ...]:
    """Per page of the form's template, the boxes of the text it reads from spans."""
    return each_flattened_page(
        form.template, len(form.pages), lambda page: tuple(spanned_boxes(page))
    )


def _widgets(form: Form) -> dict[int, list[Box]]:
    """The rectangles of every widget of the form (values and boxes), by page index."""
    numbers = [p.number for p in form.pages]
    out: dict[int, list[Box]] = {}
    for plan in form.fields.values():
        for widget in plan.widgets:
            out.setdefault(numbers.index(widget.page), []).append(widget.box.rect)
    return out


def _inside(box: Box, rect: Box, margin: float) -> bool:
    return (
        box[0] >= rect[0] - margin
        and box[1] >= rect[1] - margin
        and box[2] <= rect[2] + margin
        and box[3] <= rect[3] + margin
    )


def _same(a: Box, b: Box) -> bool:
    return all(abs(x - y) <= SAME_PLACE for x, y in zip(a, b, strict=True))


def spanned_text_findings(pages: LoadedPages, form: Form) -> list[Finding]:
    """``shown-text-unchecked`` for text on the form's pages, outside its widgets, that is
    read from an ``/ActualText`` span the form's own page does not have there."""
    own = _form_spans(form)
    widgets = _widgets(form)
    out: list[Finding] = []
    for index in range(min(len(pages), len(form.pages))):
        found = [
            box
            for box in spanned_boxes(pages[index])
            if not any(_inside(box, rect, MARGIN) for rect in widgets.get(index, ()))
            and not any(_same(box, mine) for mine in (own[index] if index < len(own) else ()))
        ]
        if not found:
            continue
        text = pages.textpage(index)
        left = min(b[0] for b in found)
        bottom = min(b[1] for b in found)
        right = max(b[2] for b in found)
        top = max(b[3] for b in found)
        read = " ".join(" ".join(text.get_text_bounded(*box).split()) for box in found)
        out.append(
            Finding(
                "shown-text-unchecked",
                Severity.WARNING,
                f"page {index + 1}: text at ({left:.0f}, {bottom:.0f})-({right:.0f}, "
                f"{top:.0f}) pt is read from /ActualText spans ({read[:160]!r}), not from "
                "the glyphs drawn there, where the form has none: look at what the page "
                "shows there",
            )
        )
    return out
