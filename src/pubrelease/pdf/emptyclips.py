"""Clips set with no path, which MuPDF alone takes as clipping everything away.

``W n`` (or ``W* n``) with no path built since the last one was painted sets no clip in
PDFium and poppler, which go on drawing; MuPDF (mutool, PyMuPDF, SumatraPDF) clips to
nothing, and draws nothing up to the ``Q`` that ends it: a value, or a consent box's
tick, drawn after one shows in the first and not in the other (review of session 62:
``q W n`` before a typed signature). The readings from widgets and drawings refuse such
a clip (:mod:`..reading.plaintext`, ``widgetnodes.drawn_alike``); this finds one in any
stream a page draws as content (its own, its annotations' appearances, forms, tiling
patterns, Type 3 glyphs: found by where they are drawn from, not by what their
dictionaries say), for the general path, which sees the page as PDFium draws it.
"""

from __future__ import annotations

import re

from .drawnwalk import MAX_OBJECTS, TooMany, drawn_streams
from .eachstream import StreamKey, stream_answers
from .kept import Kept
from .nodefonts import page_dicts
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
CLIP_OF_NOTHING = (
    "a clip set with no path (W n): MuPDF (mutool, SumatraPDF) draws nothing after it, "
    "PDFium, poppler and pdf.js go on drawing"
)
_KEPT: Kept[StreamKey, bool] = Kept(1024)
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


def clips_of_nothing(objects: Objects, count: int) -> str | None:
    """What of the first ``count`` pages sets a clip with no path
    (:func:`clips_nothing`) in a stream it draws as content (:func:`.drawnwalk.drawn_streams`:
    font programs and images are not read as content), or None."""

    def clips(ref: Ref, node: Stream) -> bool:
        try:
            return clips_nothing(objects.decoded(ref, _LIMIT))
        except NotSure:  # (a stream no viewer can decode draws nothing)
            return False

    try:
        for number, chain in enumerate(page_dicts(objects)):
            if number >= count:
                break
            drawn = drawn_streams(objects, chain)
            if any(stream_answers(objects, clips, _KEPT, _LIMIT, drawn)):
                return f"page {number + 1}: {CLIP_OF_NOTHING}"
    except TooMany:
        return f"a page draws from more than {MAX_OBJECTS} objects: not looked through for clips"
    except NotSure:
        return None
    return None
