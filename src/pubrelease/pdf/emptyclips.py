"""Clips set with no path, which MuPDF alone takes as clipping everything away.

``W n`` (or ``W* n``) with no path built since the last one was painted sets no clip in
PDFium and poppler, which go on drawing; MuPDF (mutool, PyMuPDF, SumatraPDF) clips to
nothing, and draws nothing up to the ``Q`` that ends it: a value, or a consent box's
tick, drawn after one shows in the first and not in the other (review of session 62:
``q W n`` before a typed signature). The readings from widgets and drawings refuse such
a clip (:mod:`..reading.plaintext`, ``widgetnodes.drawn_alike``); this finds one in any
content stream of the file, for the general path, which sees the page as PDFium draws it.
"""

from __future__ import annotations

import re

from .kept import Kept
from .nodes import NotSure, Ref, Stream
from .objects import Objects

__all__ = ["clips_of_nothing"]

_TOKEN = re.compile(
    rb"%[^\r\n]*|\((?:[^()\\]|\\[\s\S])*\)|<<|>>|<[^<>]*>|[\[\]{}]"
    rb"|/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*|[^\x00\t\n\x0c\r ()<>\[\]{}/%]+"
)
"""A token of a content stream: a comment, a string, a bracket, a name, or a word (a
number or an operator)."""
_PATH = frozenset({b"m", b"l", b"c", b"v", b"y", b"h", b"re"})
_PAINT = frozenset({b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n"})
_NOT_CONTENT = frozenset({"/Image", "/Type1C", "/CIDFontType0C", "/OpenType"})
"""Streams' subtypes that are no content: images and font programs."""
_KEPT: Kept[tuple[bytes, str, str], bool] = Kept(1024)
"""Whether a stream clips to nothing, by its stored bytes' digest and filters: a form's
returns share most of their streams."""
_LIMIT = 1 << 22
"""Bytes of a stream decoded, at most (a longer one is passed by)."""


def clips_nothing(content: bytes) -> bool:
    """Whether ``content`` sets a clip with no path: a ``W`` or ``W*`` whose ``n`` comes
    with no path built since the last path was painted (or the stream began)."""
    built = clipping = False
    for token in _TOKEN.findall(content):
        if token in _PATH:
            built = True
        elif token in (b"W", b"W*"):
            clipping = True
        elif token in _PAINT:
            if token == b"n" and clipping and not built:
                return True
            built = clipping = False
    return False


def clips_of_nothing(objects: Objects) -> bool:
    """Whether a stream of the file that may be drawn (not an image, not a font
    program) sets a clip with no path (:func:`clips_nothing`)."""
    try:
        for num, gen in list(objects.xref):
            ref = Ref(num, gen)
            node = objects.get(ref)
            if not isinstance(node, Stream):
                continue
            entries = node.entries
            if entries.get("/Subtype") in _NOT_CONTENT or "/Length1" in entries:
                continue
            key = (node.digest, repr(entries.get("/Filter")), repr(entries.get("/DecodeParms")))
            found = _KEPT.recall(key)
            if found is None:
                try:
                    data = objects.decoded(ref, _LIMIT)
                except NotSure:
                    continue
                found = _KEPT.keep(key, clips_nothing(data))
            if found:
                return True
    except NotSure:
        return False
    return False
