"""Whether a line a clip cuts through shows each of its glyphs, as the general path
judges them.

A value set larger than its box (:mod:`.cutlines`) may have a line the clip cuts through
at the box's bottom edge: the tops of its letters show. The general path judges each
glyph of the page from its pixels (:func:`..pdf.rendering.hidden_glyphs`): a letter of
that line whose part above the clip has no ink of its own (an L's stem alone, faint at
72 dpi) is hidden text, and the return goes to a person. Here the same judgement is made
of those glyphs, on the page rendered with its widgets drawn in, the value's other glyphs
beside them (a glyph's pixels are its own where no other glyph's box takes them).

The lines cut away whole show nothing, but PDFium's text layer still puts their
characters among the lines they run over: over the form's wording, the general path
reads that wording broken ("hereby" as "hereb y", a 16-point title's fifth line over the
agreement), and says it differs. :func:`clear_of_wording` leaves such a value to it. And
where another value's glyphs lie in a box whose value is cut too, the general path takes
that box's lines cut away for hidden text (:func:`..pdf.clipping.clipped_chars`: a box's
overflow only where no other character lies in its reach; review of session 41: a date
cut in two lines under a title's fourth line): :func:`apart` leaves those to it.
:func:`read_as_cut` asks all three of a page.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from ..pdf.glyphtable import GlyphTable
from ..pdf.rendering import Rendered, hidden_among
from .cutlines import Cut

__all__ = ["AROUND", "apart", "clear_of_wording", "read_as_cut", "shown_through"]

AROUND = 1.0
"""Points around a line of the form's wording that a line cut away may not reach."""
_WORDING: dict[int, tuple[bytes, list[list[tuple[float, float, float, float]]]]] = {}


def read_as_cut(
    template: bytes,
    number: int,
    image: npt.NDArray[np.uint8],
    size: tuple[float, float],
    cuts: Sequence[tuple[Cut, float, float]],
) -> bool:
    """Whether the general path reads the values ``cuts`` of page ``number`` (each placed
    by its offset, across and up) as set larger than their boxes, as :mod:`.cutlines`
    reads them: :func:`shown_through` on ``image`` (the page, of ``size``, rendered at 72
    dpi with its values drawn), :func:`clear_of_wording` of the form's ``template``,
    :func:`apart`."""
    return (
        shown_through(image, size, cuts)
        and clear_of_wording(template, number, cuts)
        and apart(cuts)
    )


def shown_through(
    image: npt.NDArray[np.uint8],
    size: tuple[float, float],
    cuts: Sequence[tuple[Cut, float, float]],
) -> bool:
    """Whether every glyph of the lines cut through of ``cuts`` (each with the offset,
    across and up, that places its appearance on the page) shows on ``image`` (a page of
    ``size``, width and height in points, rendered at 72 dpi as ink)."""
    boxes = [
        (left + dx, bottom + dy, right + dx, top + dy)
        for cut, dx, dy in cuts
        for left, bottom, right, top in cut.glyphs
    ]
    chosen = np.zeros(len(boxes), bool)
    start = 0
    for cut, _, _ in cuts:
        chosen[[start + i for i in cut.through]] = True
        start += len(cut.glyphs)
    if not chosen.any():
        return True
    table = GlyphTable(
        "·" * len(boxes),
        np.array(boxes, np.float64).reshape(-1, 4),
        np.zeros(len(boxes), bool),
        np.zeros(len(boxes), bool),
    )
    page = Rendered(0, size[0], size[1], image, table)
    return not hidden_among(page, chosen).any()


def clear_of_wording(
    template: bytes, number: int, cuts: Sequence[tuple[Cut, float, float]]
) -> bool:
    """Whether the lines cut away of ``cuts`` (placed on page ``number``, as in
    :func:`shown_through`) stay :data:`AROUND` clear of every line of text of that page
    of the form's ``template`` (the rectangles of its runs as PDFium's text layer gives
    them, read once a process)."""
    away = [(a + dx, b + dy, c + dx, d + dy) for cut, dx, dy in cuts for a, b, c, d in cut.away]
    if not away:
        return True
    rows = _rows(template)
    lines = rows[number] if number < len(rows) else []
    return not any(
        a < r[2] + AROUND and c > r[0] - AROUND and b < r[3] + AROUND and d > r[1] - AROUND
        for a, b, c, d in away
        for r in lines
    )


def _rows(template: bytes) -> list[list[tuple[float, float, float, float]]]:
    kept = _WORDING.get(id(template))
    if kept is not None and kept[0] is template:
        return kept[1]
    doc = pdfium.PdfDocument(template)
    try:
        rows = []
        for page in doc:
            textpage = page.get_textpage()
            rows.append([textpage.get_rect(i) for i in range(textpage.count_rects())])
            textpage.close()
            page.close()
    finally:
        doc.close()
    _WORDING[id(template)] = (template, rows)
    return rows


def apart(cuts: Sequence[tuple[Cut, float, float]]) -> bool:
    """Whether no glyph of one of ``cuts`` (placed on one page, as in
    :func:`shown_through`), shown or cut away, comes within :data:`AROUND` of another's
    box (grown by half a point: the form's box, which its widget's may miss)."""
    placed = [
        (
            (c.box[0] + dx, c.box[1] + dy, c.box[2] + dx, c.box[3] + dy),
            [(a + dx, b + dy, e + dx, f + dy) for a, b, e, f in (*c.glyphs, *c.away)],
        )
        for c, dx, dy in cuts
    ]
    grow = AROUND + 0.5
    for k, (box, _) in enumerate(placed):
        for j, (_, glyphs) in enumerate(placed):
            if j != k and any(
                a < box[2] + grow and e > box[0] - grow and b < box[3] + grow and f > box[1] - grow
                for a, b, e, f in glyphs
            ):
                return False
    return True
