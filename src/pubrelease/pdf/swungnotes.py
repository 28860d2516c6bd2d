"""Annotations viewers turn apart from their page (the ``NoRotate`` flag on a turned page).

An annotation flagged ``NoRotate`` (``/F`` bit 5) stays upright when its page is shown
turned (``/Rotate`` 90, 180, 270): poppler, MuPDF and PDFium (Chrome) swing it about its
upper-left corner, pdf.js ignores the flag. What it covers then is not where it stands on
the page as written (review rev28: a ``/Square`` 530 pt wide below the crop of a page
turned 90 degrees, outside what is shown upright, swings onto the consent boxes, whites
out the ticked Accept and ticks Decline in every viewer but pdf.js). A note's icon
(``/Text``, at most :data:`ICON` points a side) moves no more than its own size, and is
left out.
"""

from __future__ import annotations

from .nodefonts import page_dicts
from .nodes import Node, NotSure
from .objects import Objects

__all__ = ["swung_annotations"]

NO_ROTATE = 1 << 4
HIDDEN = 1 << 1
ICON = 32.0
"""Largest side (points) of an annotation whose swing is left out."""


def swung_annotations(objects: Objects, count: int) -> list[tuple[int, int]]:
    """For the first ``count`` pages that are turned and carry annotations flagged
    ``NoRotate`` (not hidden, larger than an icon): ``(page index, how many)``; nothing
    when the page tree cannot be walked (other checks say so)."""
    out: list[tuple[int, int]] = []
    try:
        for number, chain in enumerate(page_dicts(objects)):
            if number >= count:
                break
            turn = objects.resolve(next((n["/Rotate"] for n in chain if "/Rotate" in n), 0))
            annots = objects.resolve(chain[0].get("/Annots"))
            if not isinstance(turn, int | float) or turn % 360 == 0:
                continue
            found = sum(_swung(objects, a) for a in annots) if isinstance(annots, tuple) else 0
            if found:
                out.append((number, found))
    except NotSure:
        return []
    return out


def _swung(objects: Objects, annot: Node) -> bool:
    try:
        node = objects.dict_of(annot)
        flags = objects.resolve(node.get("/F"))
        if not isinstance(flags, int) or not flags & NO_ROTATE or flags & HIDDEN:
            return False
        rect = objects.resolve(node.get("/Rect"))
        corners = [objects.resolve(v) for v in rect] if isinstance(rect, tuple) else []
    except NotSure:
        return False
    if len(corners) != 4 or not all(isinstance(v, int | float) for v in corners):
        return True
    x0, y0, x1, y1 = (float(v) for v in corners)  # type: ignore[arg-type]
    small = max(abs(x1 - x0), abs(y1 - y0)) <= ICON
    return not (small and node.get("/Subtype") == "/Text")
