"""Whether a signature box holds ink: an image, a drawing or pen strokes, not typed text."""

from __future__ import annotations

from ..form.template import Form
from ..form.wording import squashed
from ..pdf.loadedpages import LoadedPages
from ..pdf.pagetext import PageText, ink_in
from .sources import wording_for

__all__ = ["signed_with_ink"]


def signed_with_ink(
    loaded: LoadedPages,
    form: Form,
    pages: list[PageText],
    on_template: bool,
    name: str,
) -> bool:
    """An image or ink in a signature box: its widget box on our template, else by the label."""
    plan = form.fields.get(name)
    if plan is not None and on_template:
        widget = plan.widgets[0].box
        return ink_in(loaded, widget.page, widget.rect)
    label = wording_for(form).labels.get((name, None))
    if label is None or not label.text:
        return False
    found = [
        (page.page, line)
        for page in pages
        for line in page.lines
        if squashed(line.text).startswith(squashed(label.text))
    ]
    if len(found) <= label.occurrence:
        return False
    page_number, line = found[label.occurrence]
    width = pages[page_number].width
    height = line.top - line.bottom
    label_end = line.left + (line.right - line.left) * min(1.0, len(label.text) / len(line.text))
    box = (label_end, line.bottom - 0.5 * height, width, line.top + 1.5 * height)
    return ink_in(loaded, page_number, box)
