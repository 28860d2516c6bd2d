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

from .nodefonts import page_dicts
from .objects import Node, NotSure, Objects, Ref, Stream

__all__ = ["MAX_OBJECTS", "knockout_pages"]

MAX_OBJECTS = 20_000
"""Objects walked from a page at most; a page past it counts as having one."""

_K_KEY = re.compile(rb"/(?:K|#4[bB])(?=[\x00\t\n\x0c\r ()<>\[\]{}/%])")
"""The name ``/K`` (a group's knockout key), spelled plainly or with its ``#4B`` escape."""

_BACK = frozenset({"/Parent", "/P", "/Popup", "/IRT", "/Dest", "/A", "/AA", "/StructParent"})
"""Keys that lead back up the document, not into what a page draws."""


def knockout_pages(objects: Objects, count: int) -> list[int]:
    """The indexes of the first ``count`` pages that draw (in their content or their
    annotations' appearances) a knockout transparency group; nothing when the page tree
    cannot be walked (other checks say so)."""
    out: list[int] = []
    if isinstance(objects, Objects) and not objects.in_stream and not _K_KEY.search(objects.data):
        return out  # (no object of the file, none compressed, has a key /K)
    try:
        for number, chain in enumerate(page_dicts(objects)):
            if number >= count:
                break
            if _knockout(objects, chain[0]):
                out.append(number)
    except NotSure:
        return out
    return out


def _knockout(objects: Objects, page: dict[str, Node]) -> bool:
    stack: list[Node] = [page]
    seen: set[Ref] = set()
    while stack:
        value = stack.pop()
        if isinstance(value, Ref):
            if value in seen:
                continue
            seen.add(value)
            if len(seen) > MAX_OBJECTS:
                return True
            try:
                value = objects.get(value)
            except NotSure:
                continue
        if isinstance(value, Stream):
            value = value.entries
        if isinstance(value, dict):
            group = value.get("/Group")
            try:
                if objects.resolve(objects.dict_of(group).get("/K")) is True:
                    return True
            except NotSure:
                pass
            stack.extend(v for k, v in value.items() if k not in _BACK)
        elif isinstance(value, tuple):
            stack.extend(value)
    return False
