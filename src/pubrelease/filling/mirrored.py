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

A bracket a line of both directions draws as itself is not safe either: PDFium's grouping
takes the ")" of "Sarah (שרה) Cohen", between a right-to-left word and a space, for a
right-to-left one, and reads it "(". In a line with a run above level 0 every bracket and
quote is drawn inside an ``/ActualText`` of itself (:func:`spanned`), so the reading
takes it from its mark. Releases issued on 1 December 2026 drew those without a span
(:func:`spans_as_before`).
"""

from __future__ import annotations

import contextlib
import contextvars
import unicodedata
from collections.abc import Iterable

from ..pdf.bidi import MIRROR
from ..pdf.shaping import FontFace
from .asbefore import setting

__all__ = ["mapped_as_before", "respanned", "shows", "spanned", "spans_as_before"]

_AS_SHOWN: contextvars.ContextVar[bool] = contextvars.ContextVar("_AS_SHOWN", default=True)


def mapped_as_before() -> contextlib.AbstractContextManager[None]:
    """Inside it, a glyph drawn mirrored is mapped as releases issued before 1 December
    2026 mapped it: to the bracket typed, outside any span."""
    return setting(_AS_SHOWN, False)


_SPANNED: contextvars.ContextVar[bool] = contextvars.ContextVar("_SPANNED", default=True)
_BRACKETS = frozenset(MIRROR)


def spans_as_before() -> contextlib.AbstractContextManager[None]:
    """Inside it, a line of both directions draws its brackets as releases issued on
    1 December 2026 drew them: a bracket drawn as itself outside any span."""
    return setting(_SPANNED, False)


def spanned(mixed: bool) -> frozenset[str]:
    """The clusters a line draws inside an ``/ActualText`` of their own text: in a line
    of both directions (``mixed``), its brackets and quotes (see the module)."""
    return _BRACKETS if mixed and _SPANNED.get() else frozenset()


def respanned(texts: Iterable[str]) -> bool:
    """Whether some of ``texts`` may be drawn otherwise than inside :func:`spans_as_before`:
    a bracket or quote in a value with a right-to-left letter."""
    return any(
        not _BRACKETS.isdisjoint(text)
        and any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)
        for text in texts
    )


def shows(face: FontFace, gid: int, cluster: str) -> str:
    """What glyph ``gid`` of ``face``, drawn alone for ``cluster``, shows: the cluster, or
    the pair (:data:`..pdf.bidi.MIRROR`) of a bracket or quote drawn mirrored, the
    character whose own glyph (``cmap``) it is."""
    pair = MIRROR.get(cluster)
    if pair is None or not _AS_SHOWN.get() or face.nominal(cluster) == gid:
        return cluster
    return pair if face.nominal(pair) == gid else cluster
