"""Annotations drawn in ZapfDingbats or Symbol named in an encoding of text.

ZapfDingbats and Symbol are standard fonts of symbols: their glyphs are named ``a20``,
``alpha``, not as WinAnsi, MacRoman or the standard encoding name the codes (``three``,
``a``). Named in such an encoding, and not embedded, each code is drawn as PDFium, MuPDF
and pdf.js draw the font's own glyph for it, and as nothing by poppler (Evince, Okular),
which looks the name up. PyMuPDF ticks a consent box so (``/ZaDb``, ``/WinAnsiEncoding``):
a tick in Chrome, Firefox and MuPDF, an empty box in Evince (a review of session 37).
An annotation (a form widget too) whose appearance in its state draws with such a font
counts here (:func:`symbols_by_name`), and so does a page whose content, or a form
XObject or a Type 3 glyph it draws, selects one (:func:`symbols_in_content`): PyMuPDF's
``bake()`` flattens its ticks into the page so, and the Accept box shows empty in Evince.
"""

from __future__ import annotations

import re

from .drawnwalk import may_name
from .knownstarts import MAX_CONTENT
from .nodefonts import annotations_counted, page_dicts
from .nodes import Node, NotSure, Ref, Stream, name_pattern
from .objects import Objects

__all__ = ["symbols_by_name", "symbols_in_content"]

SYMBOLS = frozenset({"/ZapfDingbats", "/Symbol"})
TEXT_ENCODINGS = frozenset({"/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding"})
_SYMBOL_NAMES = re.compile(
    name_pattern("ZapfDingbats", whole=True) + b"|" + name_pattern("Symbol", whole=True)
)
"""The symbol fonts' names, however written: a file none of whose objects names them
draws with neither."""
MAX_FORMS = 200
"""Form XObjects looked through a page at most (a page drawing more is passed by)."""


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
    """Whether ``font`` is ZapfDingbats or Symbol, its program not embedded, named in an
    encoding of text (or one based on it with no differences of its own)."""
    encoding = objects.resolve(font.get("/Encoding"))
    if isinstance(encoding, dict) and not objects.resolve(encoding.get("/Differences")):
        encoding = objects.resolve(encoding.get("/BaseEncoding"))
    descriptor = objects.dict_of(font.get("/FontDescriptor"))
    return (
        objects.resolve(font.get("/Subtype")) in ("/Type1", "/MMType1")
        and objects.resolve(font.get("/BaseFont")) in SYMBOLS
        and not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        and isinstance(encoding, str)
        and encoding in TEXT_ENCODINGS
    )


def symbols_in_content(objects: Objects, count: int) -> list[int]:
    """The indexes of the first ``count`` pages whose content, or a form XObject or a Type
    3 glyph it draws (to any depth), selects a symbol font named in an encoding of text
    (:func:`_by_name`); nothing when the page tree cannot be walked (other checks say
    so). A content is decoded only where such a font, or a Type 3 one, is among its
    resources, or its forms'."""
    out: list[int] = []
    if not may_name(objects, _SYMBOL_NAMES):
        return out
    try:
        for number, chain in enumerate(page_dicts(objects)):
            if number >= count:
                break
            resources = next((d["/Resources"] for d in chain if "/Resources" in d), None)
            contents = chain[0].get("/Contents")
            try:
                if _selects(objects, _Content(objects, contents), resources, set()):
                    out.append(number)
            except NotSure:
                continue
    except NotSure:
        return out
    return out


class _Content:
    """A page's content (its streams joined with white space, as poppler reads them, and
    without, as PDFium does), a form XObject's or a Type 3 glyph's, decoded when first
    asked for."""

    def __init__(self, objects: Objects, contents: Node) -> None:
        self._objects, self._contents = objects, contents
        self._data: bytes | None = None

    def names(self, key: str) -> bool:
        """Whether the content names the resource ``key`` (``"/ZaDb"``), however written."""
        if self._data is None:
            objects, refs = self._objects, self._objects.resolve(self._contents)
            if isinstance(self._contents, Ref) and isinstance(refs, Stream):
                refs = (self._contents,)
            parts = refs if isinstance(refs, tuple) else ()
            streams = [objects.decoded(r, MAX_CONTENT) for r in parts if isinstance(r, Ref)]
            # (joined with white space, as poppler reads them, and without, as PDFium does:
            # a name split across two streams is one name to PDFium)
            self._data = b"\n".join(streams) + b"\n" + b"".join(streams)
        return re.search(name_pattern(key[1:], whole=True), self._data + b" ") is not None


def _selects(objects: Objects, content: _Content, resources: Node, seen: set[Ref]) -> bool:
    """Whether ``content`` drawn with ``resources`` names a symbol font named in an
    encoding of text, or draws a form XObject that does."""
    held = objects.dict_of(resources)
    for key, font in objects.dict_of(held.get("/Font")).items():
        node = objects.dict_of(font)
        if _by_name(objects, node) and content.names(key):
            return True
        if objects.resolve(node.get("/Subtype")) == "/Type3" and content.names(key):
            # (its glyphs are content too, drawn with its own resources or the page's)
            inner = node.get("/Resources", resources)
            for proc in objects.dict_of(node.get("/CharProcs")).values():
                if isinstance(proc, Ref) and proc not in seen:
                    seen.add(proc)
                    if len(seen) <= MAX_FORMS and _selects(
                        objects, _Content(objects, proc), inner, seen
                    ):
                        return True
    for key, ref in objects.dict_of(held.get("/XObject")).items():
        if not isinstance(ref, Ref) or ref in seen:
            continue
        seen.add(ref)
        form = objects.resolve(ref)
        if len(seen) > MAX_FORMS or not isinstance(form, Stream):
            continue
        if form.entries.get("/Subtype") != "/Form":
            continue
        inner = form.entries.get("/Resources", resources)  # (none: the page's, as viewers take)
        if _selects(objects, _Content(objects, ref), inner, seen) and content.names(key):
            return True
    return False
