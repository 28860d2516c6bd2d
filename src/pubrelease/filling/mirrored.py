"""What a bracket drawn mirrored stands for, in the ``ToUnicode`` of a release's fonts.

HarfBuzz draws a bracket or quote of a right-to-left run with its pair's glyph (UAX #9
L4): the "(" of "محمد (أبو علي)" is drawn with the glyph of ")". That glyph is mapped to
the character it shows, ")", as Chromium's PDFs map it, and the bracket is drawn inside an
``/ActualText`` of the character typed, "(" (:func:`.glyphlines.show` spans every glyph
that does not stand for its own text). So each text extractor gets the typed bracket:
poppler and PDFium read the span; pdf.js, which reads the glyph and mirrors a
right-to-left run itself, its pair's pair; MuPDF, which gives the line in drawing order,
the bracket as it is seen. ``parse`` reads the span's text from its mark
(:mod:`..pdf.spans`), never PDFium's character for it, which PDFium swaps for its pair
again wherever its own grouping of the line (no bracket pairs; the line's other text
counts) calls it right-to-left ("[محمد]" read "]محمد]").

Releases issued before 1 December 2026 mapped such a glyph to the typed bracket, with no
span (PDFium then read it mirrored); ``parse`` recognises their untouched returns by
filling them again as they were (:func:`mapped_as_before`).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from ..pdf.bidi import MIRROR
from ..pdf.shaping import FontFace

__all__ = ["mapped_as_before", "shows"]

_AS_SHOWN: contextvars.ContextVar[bool] = contextvars.ContextVar("_AS_SHOWN", default=True)


@contextlib.contextmanager
def mapped_as_before() -> Iterator[None]:
    """Inside it, a glyph drawn mirrored is mapped as releases issued before 1 December
    2026 mapped it: to the bracket typed, outside any span."""
    token = _AS_SHOWN.set(False)
    try:
        yield
    finally:
        _AS_SHOWN.reset(token)


def shows(face: FontFace, gid: int, cluster: str) -> str:
    """What glyph ``gid`` of ``face``, drawn alone for ``cluster``, shows: the cluster, or
    the pair (:data:`..pdf.bidi.MIRROR`) of a bracket or quote drawn mirrored, the
    character whose own glyph (``cmap``) it is."""
    pair = MIRROR.get(cluster)
    if pair is None or not _AS_SHOWN.get() or face.nominal(cluster) == gid:
        return cluster
    return pair if face.nominal(pair) == gid else cluster
