"""Drawings over the form's wording that the form does not make.

A curve that closes the "6" of "at least 60 days" into an "8", or a stem set before
"60", adds a little ink over a glyph. On a page drawn in the form's own fonts the
wording's cells then lose the form's pixels, and :mod:`.wordingglyphs` asks a person to
look. A return printed to PDF (pdftocairo, Ghostscript, mutool: every font embedded
again) has no cell with the form's pixels, and the glyph classifier alone judged it: a
curve's "8" is no clear "8", so the print of such a page was ``valid``.

The drawing is still a drawing: a path, an image or a shading (not text) whose box
meets a character cell of the wording (its advance across, its font's ascent to
descent), that the form's own page does not draw at the same place. No honest print
measured has one (pdftocairo, Ghostscript and mutool prints of `fill`'s and other
tools' returns keep the form's rules where the form draws them, and draw nothing else
over its words).
"""

from __future__ import annotations

import functools

import numpy as np
import pypdfium2 as pdfium

from ..form.template import Form
from ..pdf.loadedpages import each_flattened_page
from ..pdf.pageobjects import page_objects
from ..pdf.rendering import Box
from .formcells import SCALE, FormCells

__all__ = ["SAME_PLACE", "form_marks", "marked_cells", "meets", "same_place"]

SAME_PLACE = 0.75
"""Points by which a drawing's box may differ from the form's own and be the same."""


@functools.lru_cache(maxsize=8)
def form_marks(form: Form) -> tuple[tuple[Box, ...], ...]:
    """Per page of the form's template, the boxes of what it draws that is not text."""
    return each_flattened_page(
        form.template,
        len(form.pages),
        lambda page: tuple(o.box for o in page_objects(page) if o.font is None),
    )


def same_place(box: Box, marks: tuple[Box, ...]) -> bool:
    """Whether ``box`` is one of ``marks``, :data:`SAME_PLACE` aside."""
    return any(all(abs(a - b) <= SAME_PLACE for a, b in zip(box, m, strict=True)) for m in marks)


def marked_cells(
    page: pdfium.PdfPage,
    cells: FormCells,
    marks: tuple[Box, ...],
    height: float,
    offset: tuple[int, int] = (0, 0),
) -> list[int]:
    """The cells of the form's wording (``cells``, of a form page ``height`` points tall)
    that a drawing of ``page`` (flattened) meets and the form's page does not make
    (``marks``); ``offset``: the page's, from the form's (rows, columns at
    :data:`.formcells.SCALE`)."""
    dy, dx = offset
    if not len(cells.boxes):
        return []
    y0, y1, x0, x1 = (cells.boxes[:, k] for k in range(4))
    # each cell in points (left, bottom, right, top), as Python's floats would be
    boxes = np.stack(
        [
            (x0 + dx) / SCALE,
            height - (y1 + dy) / SCALE,
            (x1 + dx) / SCALE,
            height - (y0 + dy) / SCALE,
        ],
        axis=1,
    )
    # the objects meeting the cells' bounds, not each cell: page_objects compares every
    # object with a few thousand boxes otherwise, and drawings are few
    bounds = (*boxes[:, :2].min(axis=0).tolist(), *boxes[:, 2:].max(axis=0).tolist())
    found: set[int] = set()
    for drawn in page_objects(page, [bounds]):
        if drawn.font is not None or same_place(drawn.box, marks):
            continue
        left, bottom, right, top = drawn.box
        hit = (
            (left < boxes[:, 2])
            & (boxes[:, 0] < right)
            & (bottom < boxes[:, 3])
            & (boxes[:, 1] < top)
        )
        found.update(np.flatnonzero(hit).tolist())
    return sorted(found)


def meets(a: Box, b: Box) -> bool:
    """Whether two boxes share some area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
