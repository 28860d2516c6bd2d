"""Which of the form's wording cells a page is looked at in, and the rows drawn for them.

:mod:`.wordingglyphs` compares a return's page with the form's, cell by cell of the
form's wording. A cell whose pixels, drawn for the screen (72 dpi), are the form's own
to a few grey levels (:data:`SAME_PIXEL`) shows the form's glyph, whatever font draws
it: another glyph, a dark stroke more or less, a word drawn as nothing or in another
place, change the pixels of the cell (a stroke in a pale colour may not; the blurred
grey render at 216 dpi sees it as faintly). Only the cells apart are looked at closer
(:func:`cells_apart`): the page drawn at :data:`.formcells.SCALE` in the rows of their
lines only (:func:`looked_at`, :func:`rendered_rows`). A Ghostscript print keeps the
form's Helvetica, and all but the thirty cells its new placing moves by a pixel
("1." of each clause) are the form's. (Drawings that are not text are another matter: a
yellow stem before "60" may change no pixel of a cell by 16 levels and still show, so
:mod:`.wordingmarks` looks for them over every cell of every page; on a page in the
form's own fonts, over the cells with a pixel :data:`TOUCHED` from the form's.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from ..pdf.inkcompare import clip_to, opencv
from ..pdf.pagespace import page_space, render_upright
from ..pdf.rendering import SCALE as PAGE_SCALE
from ..pdf.rendering import Rendered
from .formcells import BLUR, SCALE, FormCells, sums

__all__ = [
    "GAP",
    "PART",
    "PLAY_Y",
    "SAME_PIXEL",
    "TOUCHED",
    "Lines",
    "cell_keys",
    "cells_apart",
    "lines",
    "looked_at",
    "rendered_rows",
]

TOUCHED = 2
"""Grey levels by which a pixel of a cell must differ from the form's page for a drawing
over it to show at all (PDFium draws the form's own content alike: 0)."""
PLAY_Y = (-1, 0, 1)
"""Pixels a glyph may stand above or below its place."""
SAME_PIXEL = 16
"""Grey levels by which a pixel of a wording cell, rendered for the screen, may differ
from the form's page and be the same (PDFium draws the form's content alike: 0)."""
_ScreenCells = tuple[tuple[int, int, int, int], npt.NDArray[np.uint8], npt.NDArray[np.int64]]
"""A form page's cells in the pixels of the screen's render (72 dpi): the rectangle they
take (y0, y1, x0, x1), 255 in every cell of it, and each cell (y0, y1, x0, x1) in it."""

_SCREEN_CELLS: dict[int, tuple[FormCells, _ScreenCells]] = {}
"""Each form page's :data:`_ScreenCells`, made once: id of the cells -> (cells, them)."""


def _screen_cells(cells: FormCells, shape: tuple[int, int]) -> _ScreenCells:
    kept = _SCREEN_CELLS.get(id(cells))
    if kept is not None and kept[0] is cells:
        return kept[1]
    if len(_SCREEN_CELLS) > 16:
        _SCREEN_CELLS.clear()
    grid = SCALE / PAGE_SCALE
    boxes = np.stack(
        [
            np.floor(cells.boxes[:, 0] / grid),
            np.ceil(cells.boxes[:, 1] / grid),
            np.floor(cells.boxes[:, 2] / grid),
            np.ceil(cells.boxes[:, 3] / grid),
        ],
        axis=1,
    ).astype(np.int64)
    rows, cols = shape
    boxes[:, :2] = clip_to(boxes[:, :2], rows)
    boxes[:, 2:] = clip_to(boxes[:, 2:], cols)
    if len(boxes):
        top, left = boxes.min(axis=0)[[0, 2]].tolist()
        bottom, right = boxes.max(axis=0)[[1, 3]].tolist()
    else:
        top = bottom = left = right = 0
    placed = boxes - np.array([top, top, left, left])
    mask = np.zeros((bottom - top, right - left), np.uint8)
    for y0, y1, x0, x1 in placed.tolist():
        mask[y0:y1, x0:x1] = 255
    made: _ScreenCells = ((top, bottom, left, right), mask, placed)
    _SCREEN_CELLS[id(cells)] = (cells, made)
    return made


def cells_apart(
    cells: FormCells, shown: Rendered, form_page: Rendered, *, by: int = SAME_PIXEL
) -> list[int]:
    """The cells (indexes) of the form's wording in which the page, rendered for the
    screen, has a pixel apart from the form's page by more than ``by`` grey levels
    (:data:`SAME_PIXEL`; every cell when the pages are not of one size; none, at once,
    on the form's own pixels).

    Fonts whose glyphs are what the text layer reads draw the form's characters, but not
    necessarily where or how the form draws them: a "6" of Helvetica turned half round
    shows "9" and still reads "6" (its cell, or a line break PDFium sees there, is
    nothing to the wording's text, which ignores spaces). Any such glyph changes the
    pixels of its cell; the returns of other tools, re-saved or flattened, draw the
    form's page content as it is and leave the cells as the form's."""
    if shown.levels.shape != form_page.levels.shape:
        return list(range(len(cells.chars)))
    (top, bottom, left, right), mask, placed = _screen_cells(cells, form_page.levels.shape)
    cv2 = opencv()
    apart = cv2.absdiff(
        shown.levels[top:bottom, left:right], form_page.levels[top:bottom, left:right]
    )
    _, differs = cv2.threshold(apart, by, 1, cv2.THRESH_BINARY)
    if not cv2.countNonZero(cv2.bitwise_and(differs, mask)):
        return []  # the form's own pixels in every cell (an honest return's, at once)
    return np.flatnonzero(sums(differs, placed) > 0).tolist()


def cell_keys(
    cells: FormCells, shown: Rendered, which: Sequence[int], around: tuple[int, int]
) -> list[tuple[int, bytes]]:
    """Each of the cells ``which`` (indexes) with its very pixels on ``shown`` (rendered
    for the screen, the size of the form's page), and those ``around`` it (rows above
    and below, columns either side: all that the cell's judging reads at 72 dpi): the
    key under which a cell judged the form's character is remembered
    (:attr:`.formcells.FormCells.shown_before`). Two returns whose pixels of a cell are
    the same to the level draw the same glyph there, as surely as a return whose cell
    has the form's pixels draws the form's (see the module)."""
    (top, _, left, _), _, placed = _screen_cells(cells, shown.levels.shape)
    levels = shown.levels
    rows, columns = around
    out = []
    for index in which:
        y0, y1, x0, x1 = placed[index].tolist()
        y0, x0 = max(top + y0 - rows, 0), max(left + x0 - columns, 0)
        out.append((index, levels[y0 : top + y1 + rows, x0 : left + x1 + columns].tobytes()))
    return out


_Line = tuple[int, int, npt.NDArray[np.intp], npt.NDArray[np.int64], npt.NDArray[np.int64]]
"""Cells of one row range (y0, y1 on the page): their indexes, and their columns from
and to (x0, x1) in the rectangle the cells take, clipped to it."""

Lines = tuple[tuple[int, int, int, int], list[_Line], list[tuple[int, int]]]
_LINES: dict[int, tuple[FormCells, tuple[int, ...], Lines]] = {}
"""Each form page's cells' rectangle, :data:`_Line` s and bands, made once: id of the
cells -> (cells, page shape, them)."""


def lines(cells: FormCells, shape: tuple[int, ...]) -> Lines:
    """The rectangle the cells take, with what the blur reaches into it (top, bottom,
    left, right: its bottom and right may lie past the page), the cells by their row
    ranges (:data:`_Line`), clipped to the page as the rectangle is, and the bands of
    rows blurred (y0, y1: apart, in order, inside the rectangle and the page): the
    rows of each cell and its pixels of play, and what the blur reaches of them.
    (:func:`_play` reads :data:`REACH` pixels beside a cell, beyond the rectangle's
    edge for the first and last of a line: the page's blank margin, white in both.)"""
    kept = _LINES.get(id(cells))
    if kept is not None and kept[0] is cells and kept[1] == shape[:2]:
        return kept[2]
    if len(_LINES) > 16:
        _LINES.clear()
    top, left = np.maximum(cells.boxes.min(axis=0)[[0, 2]] - 2 * _REACH, 0).tolist()
    bottom, right = (cells.boxes.max(axis=0)[[1, 3]] + 2 * _REACH).tolist()
    rows, cols = min(bottom, shape[0]) - top, min(right, shape[1]) - left
    placed = cells.boxes - np.array([top, top, left, left])
    y0, y1 = np.clip(placed[:, 0], 0, rows), np.clip(placed[:, 1], 0, rows)
    x0, x1 = np.clip(placed[:, 2], 0, cols), np.clip(placed[:, 3], 0, cols)
    found: list[_Line] = []
    for start, end in sorted(set(zip(y0.tolist(), y1.tolist(), strict=True))):
        if end > start:  # (a cell of no rows sums to nothing, nor is judged)
            which = np.flatnonzero((y0 == start) & (y1 == end))
            found.append((top + start, top + end, which, x0[which], x1[which]))
    made: Lines = ((top, bottom, left, right), found, _bands(found, top, top + rows))
    _LINES[id(cells)] = (cells, shape[:2], made)
    return made


_REACH = int(np.ceil(4 * BLUR)) + 1
"""Rows beyond a pixel's that its blur reads (:func:`.formcells.soft`)."""


def _bands(found: list[_Line], top: int, end: int) -> list[tuple[int, int]]:
    """The bands of rows blurred for the cells of ``found`` (lines in order of their
    tops, between rows ``top`` and ``end``): each line's rows and pixels of play, and
    the rows the blur reads for them, lines whose bands meet in one."""
    bands: list[tuple[int, int]] = []
    for start, stop, _, _, _ in found:
        first = max(start + PLAY_Y[0] - _REACH, top)
        last = min(stop + PLAY_Y[-1] + _REACH, end)
        if bands and first <= bands[-1][1]:
            previous, until = bands.pop()
            first, last = previous, max(last, until)
        bands.append((first, last))
    return bands


def looked_at(cells: FormCells, shape: tuple[int, ...], only: Sequence[int] | None) -> Lines:
    """:func:`lines`, of only the lines with a cell of ``only`` (indexes; None: every
    line), and the bands of rows those lines are blurred in. A pixel of such a line,
    or of its rows of play, is blurred from the same rows as in a blur of the whole
    rectangle, so the cells of the lines are judged alike either way."""
    made = lines(cells, shape)
    if only is None:
        return made
    rect, found, _ = made
    wanted = np.zeros(len(cells.chars), np.bool_)
    wanted[list(only)] = True
    kept = [line for line in found if wanted[line[2]].any()]
    return rect, kept, _bands(kept, rect[0], min(rect[1], shape[0]))


GAP = 60
"""Rows between two bands drawn with them in one piece (PDFium takes about as long to
begin a drawing as to draw some 40 rows of a page across)."""
PART = 0.5
"""Share of a page's rows past which it is drawn whole, not in pieces."""
_EPSILON = 1e-6
"""Points a box drawn in part is widened by, so that the rows cut off above and below
it are whole numbers as floats count them (555.6666 points is 1667.0000001 rows)."""


def rendered_rows(
    page: pdfium.PdfPage, bands: list[tuple[int, int]], dy: int, shape: tuple[int, int]
) -> npt.NDArray[np.uint8] | None:
    """``page``'s ink at :data:`.formcells.SCALE` (as :func:`.formcells.render` draws it,
    ``shape`` its size), drawn in the rows of ``bands`` (of the form's page: the
    return's rows ``dy`` below them; bands fewer than :data:`GAP` rows apart drawn in
    one piece with the rows between them), 0 in rows not drawn. None when that would
    be more than :data:`PART` of the page's rows, or for a page a viewer turns or crops
    (:mod:`..pdf.pagespace`): the page is drawn whole instead. The same pixels as the
    page drawn whole, in the rows drawn: PDFium draws a part of a page as it draws the
    whole."""
    space = page_space(page)
    if not space.plain:
        return None
    left, bottom, right, top = space.media
    rows = math.ceil((top - bottom) * SCALE)  # the whole page's (rows of the box cut: ceil)
    pieces: list[tuple[int, int]] = []
    for first, last in bands:  # (in order of their tops)
        first, last = max(first + dy, 0), min(last + dy, shape[0], rows)
        if last <= first:
            continue
        if pieces and first - pieces[-1][1] < GAP:
            first = pieces.pop()[0]
        pieces.append((first, last))
    if sum(last - first for first, last in pieces) > PART * shape[0]:
        return None
    image = np.zeros(shape, np.uint8)
    for first, last in pieces:
        box = (
            left,
            bottom + (rows - last) / SCALE - _EPSILON,
            right,
            top - first / SCALE + _EPSILON,
        )
        part = render_upright(
            page, SCALE, box, draw_annots=False, may_draw_forms=False, space=space, ink=True
        )
        if part.shape != (last - first, shape[1]):
            return None  # (not the rows asked for: the page drawn whole)
        image[first:last] = part
    return image
