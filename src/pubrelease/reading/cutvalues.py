"""Values a box shows only part of: another program set them larger than their box.

MuPDF sets a long title in lines of a fixed size and QPDF on one line, each cut at the
box's edge by the appearance's clip; the file holds the whole value (in the field, and in
the text layer past the edge), the page shows its beginning. :mod:`..pdf.clipping` finds
such a value's cut characters, and the reading reads them as the value's end
(:class:`..pdf.pagetext.CutValue`), neither as hidden text nor as text of the box they
run over. Here each such box is named for a person: ``value-clipped``, a warning that
leaves the return ``incomplete`` (a person sees a title cut off; nothing says the value
is not the one the speaker saw).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..form.template import Form
from ..pdf.pagetext import PageText, Rect
from ..record import Finding, Severity

__all__ = ["clipped", "cut_value_findings"]

QUOTED = 60
"""Characters quoted of what a box shows (its end) and of what is cut (its beginning)."""


def _field(form: Form, page: int, rect: Rect) -> str | None:
    for name, plan in form.fields.items():
        for widget in plan.widgets:
            if widget.box.page == page and tuple(widget.box.rect) == tuple(rect):
                return name
    return None


def _end(text: str) -> str:
    return text if len(text) <= QUOTED else "…" + text[-(QUOTED - 1) :]


def _start(text: str) -> str:
    return text if len(text) <= QUOTED else text[: QUOTED - 1] + "…"


def cut_value_findings(form: Form, texts: Sequence[PageText]) -> list[Finding]:
    """``value-clipped`` for each value of ``form`` whose boxes on the pages ``texts``
    read cut at their edge (see the module): one finding a field and what its boxes show,
    naming their pages."""
    boxes: dict[tuple[str, str, str], list[int]] = {}
    for text in texts:
        for cut in text.cut_values:
            name = _field(form, text.page, cut.block) or "value"
            pages = boxes.setdefault((name, cut.shown, cut.cut), [])
            if text.page + 1 not in pages:
                pages.append(text.page + 1)
    return [clipped(name, pages, shown, cut_off) for (name, shown, cut_off), pages in boxes.items()]


def clipped(name: str, pages: list[int], shown: str, cut_off: str) -> Finding:
    """``value-clipped`` for the ``name`` box on ``pages`` (numbered from 1), which shows
    ``shown`` of its value and cuts off its end, ``cut_off`` ("": a line cut through)."""
    where = f"page{'s' if len(pages) > 1 else ''} {', '.join(map(str, pages))}"
    if cut_off:
        what = (
            f"shows only {_end(shown)!r}: the rest of the value, {_start(cut_off)!r}, "
            "is in the file but cut off at the box's edge"
        )
    else:
        what = f"shows {_end(shown)!r} cut through at the box's edge"
    return Finding(
        "value-clipped",
        Severity.WARNING,
        f"the {name} box ({where}) {what} (the program that drew it set it larger "
        "than the box): look at what the page shows",
    )
