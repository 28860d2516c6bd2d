"""Page boxes that viewers read differently.

A page's ``/MediaBox`` and ``/CropBox`` (its own, or its nearest ancestor's in the page
tree) must be arrays of four numbers. Viewers repair anything else each their own way:
PDFium and MuPDF read a name in ``[/X 56 612 792]`` as 0 and cut the page there, poppler
and pdf.js drop the box and show the whole page; MuPDF takes the first four numbers of a
five-number box, the others ignore it; poppler falls back to a ``/Pages`` node's box when
the page's own is ``/None``, PDFium shows the whole page. What the page shows then depends
on the viewer: the check of what it shows (done with PDFium) cannot speak for the others.
No program that writes PDF honestly writes such a box.
"""

from __future__ import annotations

from .nodefonts import page_dicts
from .objects import Node, NotSure, Objects

__all__ = ["BOXES", "malformed_boxes", "numbers"]

BOXES = ("/MediaBox", "/CropBox")
"""The boxes every viewer reads to show a page."""


def malformed_boxes(objects: Objects, count: int) -> list[tuple[int, str, str]]:
    """For the first ``count`` pages, each box (of :data:`BOXES`) whose nearest
    definition is not four numbers: ``(page index, key, how it is written)``; nothing
    when the page tree cannot be walked (other checks say so)."""
    out: list[tuple[int, str, str]] = []
    try:
        for number, chain in enumerate(page_dicts(objects)):
            if number >= count:
                break
            for key in BOXES:
                value = next((node[key] for node in chain if key in node), None)
                if value is None:
                    continue
                resolved = objects.resolve(value)
                if not numbers(objects, resolved, 4):
                    out.append((number, key, _written(objects, resolved)))
    except NotSure:
        return out
    return out


def numbers(objects: Objects, value: Node, length: int) -> bool:
    """Whether ``value`` (resolved) is an array of exactly ``length`` numbers."""
    value = objects.resolve(value)
    if not isinstance(value, tuple) or len(value) != length:
        return False
    items = [objects.resolve(item) for item in value]
    return all(isinstance(item, int | float) and not isinstance(item, bool) for item in items)


def _written(objects: Objects, value: Node) -> str:
    if isinstance(value, tuple):
        items = [objects.resolve(item) for item in value]
        return "[" + " ".join(str(item) if item is not None else "null" for item in items) + "]"
    return str(value)
