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
from collections.abc import Callable

import numpy as np
import pypdfium2 as pdfium

from ..form.template import Form
from ..pdf.loadedpages import each_flattened_page
from ..pdf.ownobjects import OwnObjects
from ..pdf.pageobjects import PageObject, page_objects
from ..pdf.rendering import Box
from .formcells import SCALE, FormCells

__all__ = ["SAME_PLACE", "form_marks", "marked_cells", "meets", "same_place"]

OFFSET = 2.0
"""Points, each way, that a page is taken to stand off the form's at most (the offset
is measured over glyphs of the form found within as much: :mod:`.wordingglyphs`)."""
SAME_PLACE = 0.75
"""Points by which a drawing's box, or a point of a path, may differ from the form's own
and be the same (a stroke's half width: a printer may fill a stroked rule's outline)."""


@functools.lru_cache(maxsize=8)
def form_marks(form: Form) -> tuple[tuple[PageObject, ...], ...]:
    """Per page of the form's template, what it draws that is not text."""
    return each_flattened_page(
        form.template,
        len(form.pages),
        lambda page: tuple(o for o in page_objects(page) if o.font is None),
    )


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_PLACE


def same_place(drawn: PageObject, marks: tuple[PageObject, ...]) -> bool:
    """Whether drawing ``drawn`` is one of the form's ``marks``: its box the mark's,
    :data:`SAME_PLACE` aside, and, for a path, drawn as the form's path is (undashed
    where it is, each of its points one of the path's, as near): a dot drawn in one path
    with a line along a rule (review rev24) is not the rule. An image or a shading is
    one only where the form draws an image or a shading."""
    for mark in marks:
        if not all(map(_near, drawn.box, mark.box)):
            continue
        if mark.outline is None or drawn.outline is None:
            if mark.outline is None and drawn.outline is None:
                return True
            continue
        if (
            drawn.outline
            and drawn.dashed <= mark.dashed
            and all(
                any(_near(x, mx) and _near(y, my) for mx, my in mark.outline)
                for x, y in drawn.outline
            )
        ):
            return True
    return False


def marked_cells(
    page: pdfium.PdfPage,
    cells: FormCells,
    marks: tuple[PageObject, ...],
    height: float,
    offset: Callable[[], tuple[int, int]] = lambda: (0, 0),
    own: OwnObjects | None = None,
) -> list[int]:
    """The cells of the form's wording (``cells``, of a form page ``height`` points tall)
    that a drawing of ``page`` (flattened) meets and the form's page does not make
    (``marks``); ``offset``: the page's, from the form's (rows, columns at
    :data:`.formcells.SCALE`, at most :data:`OFFSET` points each way), asked for only
    when such a drawing is near the cells; ``own``: the page's own objects, when known
    (:mod:`..pdf.ownobjects`)."""
    if not len(cells.boxes):
        return []
    # the objects meeting the cells' bounds (grown by the most the page may be offset),
    # not each cell: page_objects compares every object with a few thousand boxes
    # otherwise, and drawings are few; only drawings that are not text are asked for
    # (no text is looked at: its font, clips and paint)
    y0, y1, x0, x1 = (cells.boxes[:, k] for k in range(4))
    bounds = (
        float(x0.min()) / SCALE - OFFSET,
        height - float(y1.max()) / SCALE - OFFSET,
        float(x1.max()) / SCALE + OFFSET,
        height - float(y0.min()) / SCALE + OFFSET,
    )
    found: set[int] = set()
    boxes = None
    for drawn in page_objects(page, [], [bounds], own=own):
        if drawn.font is not None or same_place(drawn, marks):
            continue
        if boxes is None:
            # each cell in points (left, bottom, right, top), as Python's floats would be
            dy, dx = offset()
            boxes = np.stack(
                [
                    (x0 + dx) / SCALE,
                    height - (y1 + dy) / SCALE,
                    (x1 + dx) / SCALE,
                    height - (y0 + dy) / SCALE,
                ],
                axis=1,
            )
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
