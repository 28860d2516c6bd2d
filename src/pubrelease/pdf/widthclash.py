"""Type 0 fonts whose ``/W`` gives a code two widths.

A CIDFont's ``/W`` array may name a code more than once. PDFium and MuPDF set the code
at the first width given, poppler (Evince, Okular) at the last: a second entry giving the
"r" of "Kern Byrne" a tenth of its width drew "Kem Byme" in poppler alone (a review,
session 69), in a font whose outlines were proved and a box read ``valid``. The page the
checks judge is PDFium's, so another viewer sets the line otherwise than any check has
seen. A code given the same width twice is left alone.
"""

from __future__ import annotations

from .kept import Kept
from .nodefonts import font_answers
from .objects import Node, NotSure, Objects, Ref

__all__ = ["two_widths"]

MAX_FONTS = 64
"""Fonts looked at per file."""
MAX_CODES = 1 << 16
"""Codes a range of ``/W`` names, at most, as read here (a CID is two bytes)."""
MAX_REMEMBERED = 256
"""Fonts whose answer is kept for the rest of the process (the last used)."""

_REMEMBERED: Kept[bytes, tuple[int, ...]] = Kept(MAX_REMEMBERED)


def two_widths(objects: Objects, count: int) -> list[tuple[int, str, tuple[int, ...]]]:
    """For the first ``count`` pages (their content and their annotations' appearances),
    each Type 0 font whose descendant's ``/W`` gives a code two different widths: ``(page
    index, its /BaseFont, those codes)``; nothing when the fonts cannot be walked (other
    checks say so)."""
    return font_answers(objects, count, MAX_FONTS, _REMEMBERED, _clashing)


def _clashing(objects: Objects, ref: Ref) -> tuple[int, ...]:
    """The codes ``ref``'s ``/W`` gives two different widths (none for another font, or
    an array not read here: :func:`.nodefonts.cid_widths` refuses it for the reading)."""
    try:
        font = objects.dict_of(ref)
        if font.get("/Subtype") != "/Type0":
            return ()
        kids = objects.resolve(font.get("/DescendantFonts"))
        if not isinstance(kids, tuple) or not kids:
            return ()
        array = objects.resolve(objects.dict_of(kids[0]).get("/W"))
        if not isinstance(array, tuple):
            return ()
        items = [objects.resolve(item) for item in array]
    except NotSure:
        return ()
    widths: dict[int, float] = {}
    clash: set[int] = set()

    def given(code: int, width: Node) -> None:
        if type(width) not in (int, float):
            return
        if code in widths and widths[code] != width:
            clash.add(code)
        widths.setdefault(code, float(width))  # type: ignore[arg-type]

    at = 0
    while at + 1 < len(items):
        first, following = items[at], items[at + 1]
        if type(first) is not int:
            return ()
        if isinstance(following, tuple):
            for offset, width in enumerate(following[:MAX_CODES]):
                given(first + offset, objects.resolve(width))
            at += 2
        elif type(following) is int and at + 2 < len(items):
            for code in range(first, min(following, first + MAX_CODES - 1) + 1):
                given(code, items[at + 2])
            at += 3
        else:
            return ()
    return tuple(sorted(clash))
