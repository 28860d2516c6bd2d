"""Where the ink of a run of a standard font of text starts and ends, glyph by glyph.

A viewer draws a standard font that is not embedded with a font of its own (Foxit's in
PDFium, URW's in MuPDF and poppler, Liberation's in pdf.js), whose glyphs reach past
their origin on the left or their advance on the right, or stop short of them.
:data:`SIDEWAYS` holds, for each upright style and byte, the furthest its ink reaches
each way in any of them; :func:`ink_span` gives a run's first ink and last from it, so
that :mod:`.plaintext` asks ink, not advances, to lie inside a box (pdf-lib sets a title
so large that its last letter's advance, not its ink, passes the box: "Engine"'s e
ends a point inside it).
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

from ..pdf.standardclones import CODES

__all__ = ["SIDEWAYS", "glyph_sides", "ink_span"]

SIDEWAYS = Path(__file__).with_name("sideways.json")
"""For each upright standard font of text and each byte, how far its glyph's ink reaches
left and right of its origin, in thousandths of the size, the furthest in every viewer's
font for it (``tools/standard_reach.py`` measures them beside ``reach.json``)."""


@functools.cache
def glyph_sides(metrics: str) -> dict[int, tuple[float, float, float]]:
    """Per byte WinAnsi reads as Windows-1252 does (ASCII among them) in the standard
    font ``metrics``, its glyph's advance and how far its ink reaches left and right of
    its origin (:data:`SIDEWAYS`), of the size; the ink as wide as the advance where the
    font was not measured (a slanted style, which ``plain_text`` refuses)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    table: dict[str, dict[str, list[int]]] = json.loads(SIDEWAYS.read_text())
    measured = {int(code): (left, right) for code, (left, right) in table.get(metrics, {}).items()}
    out = {}
    for b in CODES:
        advance = stringWidth(bytes([b]).decode("cp1252"), metrics, 1)
        left, right = measured.get(b, (0, round(advance * 1000)))
        out[b] = (advance, left / 1000, right / 1000)
    return out


def ink_span(raw: bytes, metrics: str, size: float, x: float, margin: float) -> tuple[float, float]:
    """Where the ink of a run of ``raw`` in the standard font ``metrics`` set at ``x``
    starts and ends, ``margin`` of the size wider (each glyph's own reach: a glyph past
    the last one's, an "f" before a period, counts); ``x`` twice for spaces alone."""
    glyphs = glyph_sides(metrics)
    start, end, at = math.inf, -math.inf, x
    for b in raw:
        advance, left, right = glyphs[b]
        if b != 0x20:  # (a space draws nothing)
            start, end = min(start, at + left * size), max(end, at + right * size)
        at += advance * size
    if start > end:
        return x, x
    return start - margin * size, end + margin * size
