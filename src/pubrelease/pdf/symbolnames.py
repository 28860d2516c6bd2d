"""Annotations drawn in ZapfDingbats or Symbol named in an encoding of text.

ZapfDingbats and Symbol are standard fonts of symbols: their glyphs are named ``a20``,
``alpha``, not as WinAnsi, MacRoman or the standard encoding name the codes (``three``,
``a``). Named in such an encoding, and not embedded, each code is drawn as PDFium, MuPDF
and pdf.js draw the font's own glyph for it, and as nothing by poppler (Evince, Okular),
which looks the name up. PyMuPDF ticks a consent box so (``/ZaDb``, ``/WinAnsiEncoding``):
a tick in Chrome, Firefox and MuPDF, an empty box in Evince (a review of session 37).
An annotation (a form widget too) whose appearance in its state draws with such a font
counts here.
"""

from __future__ import annotations

from .nodefonts import annotations_counted
from .nodes import Node, NotSure, Stream
from .objects import Objects

__all__ = ["symbols_by_name"]

SYMBOLS = frozenset({"/ZapfDingbats", "/Symbol"})
TEXT_ENCODINGS = frozenset({"/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding"})


def symbols_by_name(objects: Objects, count: int) -> list[tuple[int, int]]:
    """For the first ``count`` pages with annotations whose appearance in their state
    draws with a symbol font named in an encoding of text: ``(page index, how many)``."""
    return annotations_counted(objects, count, lambda annot: _named(objects, annot))


def _named(objects: Objects, annot: Node) -> bool:
    try:
        node = objects.dict_of(annot)
        normal = objects.resolve(objects.dict_of(node.get("/AP")).get("/N"))
        if isinstance(normal, dict):  # (a box's states: the one it is in)
            state = node.get("/AS")
            normal = objects.resolve(normal.get(state)) if isinstance(state, str) else None
        if not isinstance(normal, Stream):
            return False
        resources = objects.dict_of(normal.entries.get("/Resources"))
        fonts = objects.dict_of(resources.get("/Font"))
        return any(_by_name(objects, objects.dict_of(font)) for font in fonts.values())
    except NotSure:
        return False


def _by_name(objects: Objects, font: dict[str, Node]) -> bool:
    encoding = objects.resolve(font.get("/Encoding"))
    return (
        font.get("/Subtype") == "/Type1"
        and font.get("/BaseFont") in SYMBOLS
        and "/FontDescriptor" not in font
        and isinstance(encoding, str)
        and encoding in TEXT_ENCODINGS
    )
