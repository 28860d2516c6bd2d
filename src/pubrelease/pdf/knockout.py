"""Knockout transparency groups on a page: paint that only some viewers take away.

In a knockout group (``/Group << /S /Transparency /K true >>``) each object paints over
the group's backdrop, not over the objects before it: a white cover followed by a
transparent one lets the backdrop show through again. MuPDF and Acrobat draw it so;
PDFium, poppler and pdf.js do not implement knockout and leave the white cover (review
rev28: a red "DECLINED" drawn first, hidden from PDFium under such a group, shown by
MuPDF). The page the checks judge is PDFium's: what a knockout group reveals they cannot
see. Nothing that writes a release or prints one again writes a knockout group.
"""

from __future__ import annotations

import re

from .drawnwalk import MAX_OBJECTS, TooMany, drawn_dicts, may_name
from .nodefonts import page_dicts
from .nodes import name_pattern
from .objects import Node, NotSure, Objects

__all__ = ["MAX_OBJECTS", "knockout_pages"]

_K_KEY = re.compile(name_pattern("K", whole=True))
"""The name ``/K`` (a group's knockout key), spelled plainly or with its ``#4B`` escape."""


def knockout_pages(objects: Objects, count: int) -> list[int]:
    """The indexes of the first ``count`` pages that draw (in their content or their
    annotations' appearances) a knockout transparency group; nothing when the page tree
    cannot be walked (other checks say so)."""
    out: list[int] = []
    if not may_name(objects, _K_KEY):
        return out  # (no object of the file has a key /K)
    try:
        for number, chain in enumerate(page_dicts(objects)):
            if number >= count:
                break
            if _knockout(objects, chain):
                out.append(number)
    except NotSure:
        return out
    return out


def _knockout(objects: Objects, chain: list[dict[str, Node]]) -> bool:
    try:
        for value in drawn_dicts(objects, chain):
            try:
                if objects.resolve(objects.dict_of(value.get("/Group")).get("/K")) is True:
                    return True
            except NotSure:
                pass
    except TooMany:
        return True
    return False
