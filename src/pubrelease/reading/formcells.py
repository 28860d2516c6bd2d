"""The form's pages as the wording's glyphs are judged against, character cell by cell.

Each page of the form's template is rendered once per process at :data:`SCALE` pixels a
point and blurred (:func:`soft`), and each character of its text layer (its wording,
the value boxes left out) gets a *cell*: its advance across, its font's ascent to
descent up and down (:class:`FormCells`). The characters of each font of the page are
drawn alone too (:mod:`..pdf.glyphatlas`), to tell which character a return's glyph in
a cell looks like. PDFium places a glyph of a line up to a pixel otherwise than the
same glyph drawn alone at the same origin, so each cell's character is placed in the
atlas where it matches the form's page (:func:`candidates`, found once per cell); a font
that PDFium does not draw alone as on the page is not judged (:func:`drawn_alike`).
A cell's side of that judging, the same for every return, is kept once made
(:func:`judging`): the same few cells differ in print after print.
"""

from __future__ import annotations

import ctypes
import dataclasses
import functools
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..form.template import Form
from ..pdf.glyphatlas import PHASES, GlyphAtlas, glyph_atlas
from ..pdf.inkcompare import clip_to, opencv
from ..pdf.loadedpages import each_flattened_page
from ..pdf.pagespace import page_space, render_upright
from ..pdf.rendering import Box

__all__ = [
    "ALIKE",
    "BLUR",
    "SCALE",
    "SQUARED",
    "FormCells",
    "Judging",
    "candidates",
    "drawn_alike",
    "form_cells",
    "judging",
    "page_cells",
    "render",
    "soft",
    "soft_in_place",
    "sums",
]

SCALE = 3.0
"""Pixels per point of the renders compared (216 dpi: a 10-point digit 22 pixels tall)."""
ALIKE = 0.03
"""Characters whose shapes differ by less than this share of the form's character's own
ink (squared) look alike (``l`` and ``I``, ``,`` and ``.`` at some sizes): never told
apart."""
BLUR = 1.0
"""Standard deviation (pixels) of the blur glyphs are compared under."""
EXTRA = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,;:-()'\"/&%$"
"""Characters every glyph is compared with, besides those of the form's page."""


_Placing = tuple[int, int, int, int, int, int, int, float]
"""A character's placing in the atlas: 0 (-1 for none), phase_y, phase_x, up, down,
left, right (:meth:`..pdf.glyphatlas.GlyphAtlas.window`'s), and how far its glyph stays
from the page's."""


@dataclass(frozen=True, slots=True)
class FormCells:
    """The character cells of one of the form's pages, and the page at :data:`SCALE`."""

    chars: str
    origins: npt.NDArray[np.float64]
    """n x 2: each character's origin in pixels (row, column; fractions kept)."""
    boxes: npt.NDArray[np.int64]
    """n x 4: each cell in pixels (y0, y1, x0, x1), a pixel grown up and down (the
    cells of a line meet side by side: a glyph's neighbours stay out of its cell)."""
    faces: tuple[tuple[str, float], ...]
    """The fonts (name, size) of the page; ``face[i]`` indexes them."""
    face: npt.NDArray[np.int64]
    soft: npt.NDArray[np.uint8]
    """The form's page, its ink (0 white .. 255 black) blurred (:func:`soft`)."""
    ink: npt.NDArray[np.float64]
    """Per cell, the sum of its blurred ink squared (:data:`SQUARED`; at least the
    median cell's: a space or a stop weighs as a letter)."""
    energy: npt.NDArray[np.float64]
    """Per cell, the sum of its blurred ink squared (at least the median cell's)."""
    drawn_alike: dict[int, bool] = field(default_factory=dict, compare=False)
    """Per font (index of ``faces``), whether the atlas draws its characters as the page
    does (:func:`drawn_alike`), once asked."""
    placings: dict[int, _Placing] = field(default_factory=dict, compare=False)
    """Per cell, where its character is drawn in the atlas (:func:`_placing`), once
    found."""
    program: Path | None = None
    """The TrueType program the page's font is drawn from (embedded under its name), or
    None for standard fonts that are not embedded (the form's page)."""
    also: str = ""
    """Characters every glyph is compared with besides :data:`EXTRA` and the page's."""
    judgings: dict[int, Judging] = field(default_factory=dict, compare=False)
    """Per cell, its side of a glyph's judging (:func:`judging`), once made; at most
    :data:`KEPT` of them."""
    seen: OrderedDict[tuple[int, tuple[int, ...], bytes], object] = field(
        default_factory=OrderedDict, compare=False
    )
    """What a return's pixels around a cell were judged to show, keyed by the cell and
    those very pixels (:mod:`.wordingglyphs`): the judging is theirs alone, and the same
    few cells of a print show the same pixels in print after print."""
    shown_before: OrderedDict[tuple[int, bytes], None] = field(
        default_factory=OrderedDict, compare=False
    )
    """Cells a return drew apart from the form's page at 72 dpi, and whose glyph was then
    judged the form's character, keyed by the cell and the page's offset from the form's
    with its very pixels at 72 dpi and those around it (:func:`.wordingcells.cell_keys`):
    another return with those pixels there, as far off, draws that glyph, and is not
    drawn again to be judged (:mod:`.wordingglyphs`)."""


@dataclass(frozen=True, slots=True)
class Judging:
    """A cell's side of the comparison of the glyph a return draws there with every
    character of its font: the same for every return, so made once per cell (the same
    few cells differ in print after print)."""

    atlas: GlyphAtlas
    where: int
    """The index in the atlas of the form's character."""
    stack: npt.NDArray[np.float32]
    """Every character of the atlas as :func:`candidates` cuts them."""
    flat: npt.NDArray[np.float64]
    """``stack``, a row a character, in 64-bit floats."""
    squares: npt.NDArray[np.float64]
    """Each row of ``flat``'s sum of squares."""
    form_cell: npt.NDArray[np.float32]
    """The form's page in the cell (blurred)."""
    energy: float
    """The form's character's sum of squares in the cell, at least the median
    character's."""
    from_own: npt.NDArray[np.float32]
    """Each character's squared difference from the form's character."""


KEPT = 64
"""Cells whose :class:`Judging` a page's cells keep (a few megabytes at most)."""


def render(page: pdfium.PdfPage) -> npt.NDArray[np.uint8]:
    """A page's ink (0 white .. 255 black) at :data:`SCALE`, annotations not drawn (the
    page is flattened as a viewer shows it first), in the page's own space
    (:mod:`..pdf.pagespace`)."""
    return render_upright(page, SCALE, draw_annots=False, may_draw_forms=False, ink=True)


def soft(
    image: npt.NDArray[np.uint8], into: npt.NDArray[np.uint8] | None = None
) -> npt.NDArray[np.uint8]:
    """``image`` blurred by :data:`BLUR` pixels: a glyph placed a third of a pixel
    otherwise, or drawn by another rasteriser, differs little from itself so. ``into``:
    an array of its shape written instead of a new one (no copy of a page's blur)."""
    out: npt.NDArray[np.uint8] = opencv().GaussianBlur(image, (0, 0), BLUR, dst=into)
    if into is not None and not np.may_share_memory(out, into):
        into[...] = out  # (OpenCV made an array of its own)
    return out


STRIP = 256
"""Rows of an image :func:`soft_in_place` blurs at a time."""
REACH = 16
"""Rows beyond a strip's that its blur reads (the blur's kernel reaches 3)."""


def soft_in_place(image: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """``image`` blurred as :func:`soft` blurs it, in its own array, a strip of rows at a
    time: the same pixels (each strip blurred with the rows its kernel reaches, as they
    were), without a second image of its size (OpenCV copies an image blurred into
    itself whole: 50 MB more for an atlas at 25 points)."""
    rows = image.shape[0]
    above: npt.NDArray[np.uint8] | None = None  # the rows over the strip, as they were
    for start in range(0, rows, STRIP):
        stop = min(start + STRIP, rows)
        low, high = max(start - REACH, 0), min(stop + REACH, rows)
        part = image[low:high].copy()
        if above is not None:
            part[: start - low] = above
        above = image[max(stop - REACH, 0) : stop].copy()
        image[start:stop] = soft(part)[start - low : stop - low]
    return image


def sums(image: npt.NDArray[np.generic], boxes: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """The sum of ``image`` over each box (y0, y1, x0, x1) of ``boxes``, clipped to it."""
    depth = opencv().CV_64F if image.dtype != np.uint8 else -1
    table = opencv().integral(image, sdepth=depth)
    rows, cols = image.shape
    y0, y1 = clip_to(boxes[:, 0], rows), clip_to(boxes[:, 1], rows)
    x0, x1 = clip_to(boxes[:, 2], cols), clip_to(boxes[:, 3], cols)
    out: npt.NDArray[np.float64] = (
        table[y1, x1].astype(np.float64) - table[y0, x1] - table[y1, x0] + table[y0, x0]
    )
    return out


SQUARED = np.round(np.arange(256, dtype=np.float64) ** 2 / 255).astype(np.uint8)
"""Each level squared, over 255: differences weighed by their square in one byte (those
below 8 levels, anti-aliasing, count nothing)."""


def _at_least_median(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.maximum(values, float(np.median(values)) if values.size else 0.0)


def _font_name(textpage: pdfium.PdfTextPage, index: int) -> str:
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    size = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, 128, ctypes.byref(flags))
    return buffer.value.decode("latin-1") if 0 < size <= 128 else ""


def page_cells(
    page: pdfium.PdfPage, values: Sequence[Box], *, em: tuple[float, float] | None = None
) -> FormCells:
    """The cells of ``page``'s characters outside the boxes ``values`` (grown by two
    points), and the page rendered and blurred. Each cell is as tall as its font's
    ascent and descent, or (``em``) reaches that many ems above and below its origin
    (accents over capitals stand above many fonts' ascent)."""
    height = page_space(page).size[1]  # the space :func:`render` draws the page in
    textpage = page.get_textpage()
    try:
        chars, origins, boxes, face = [], [], [], []
        faces: dict[tuple[str, float], int] = {}
        x, y = ctypes.c_double(), ctypes.c_double()
        rect = pdfium_c.FS_RECTF()
        for index in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
            if char in "\r\n\0" or not pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, x, y):
                continue
            if not pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, index, rect):
                continue
            left, right, bottom, top = rect.left, rect.right, rect.bottom, rect.top
            if right - left < 0.1 or top - bottom < 0.1:
                continue  # a space PDFium made up: no cell
            if any(
                left < v[2] + 2 and v[0] - 2 < right and bottom < v[3] + 2 and v[1] - 2 < top
                for v in values
            ):
                continue  # a value box's: :mod:`.valueboxes` looks at those
            key = (
                _font_name(textpage, index),
                round(pdfium_c.FPDFText_GetFontSize(textpage.raw, index), 2),
            )
            if em is not None:
                top, bottom = y.value + em[0] * key[1], y.value - em[1] * key[1]
            face.append(faces.setdefault(key, len(faces)))
            chars.append(char)
            origins.append(((height - y.value) * SCALE, x.value * SCALE))
            boxes.append(
                (
                    int(np.floor((height - top) * SCALE)) - 1,
                    int(np.ceil((height - bottom) * SCALE)) + 1,
                    int(np.floor(left * SCALE)),
                    int(np.ceil(right * SCALE)),
                )
            )
    finally:
        textpage.close()
    cells = np.array(boxes, np.int64).reshape(-1, 4)
    blurred = soft(render(page))
    return FormCells(
        "".join(chars),
        np.array(origins, np.float64).reshape(-1, 2),
        cells,
        tuple(faces),
        np.array(face, np.int64),
        blurred,
        _at_least_median(sums(opencv().LUT(blurred, SQUARED), cells)),
        _at_least_median(sums(np.square(blurred.astype(np.float32)), cells)),
    )


def _value_rects(form: Form, index: int) -> list[Box]:
    number = form.pages[index].number
    return [w.box.rect for plan in form.fields.values() for w in plan.widgets if w.page == number]


@functools.lru_cache(maxsize=4)
def form_cells(form: Form) -> tuple[FormCells, ...]:
    count = len(form.pages)
    pages = iter(range(count))
    found: tuple[FormCells, ...] = each_flattened_page(
        form.template, count, lambda page: page_cells(page, _value_rects(form, next(pages)))
    )
    return found


def _atlas(cells: FormCells, face: int) -> GlyphAtlas:
    """The atlas of a font of the form's page, blurred as the pages compared are."""
    name, size = cells.faces[face]
    known = " " + EXTRA + cells.also  # one atlas a font and size, whatever the page's words
    more = "".join(char for char in dict.fromkeys(cells.chars) if char not in known)
    return _soft_atlas(name, size, known + more, cells.program)


ATLASES_KEPT = 64 * 1024 * 1024
"""Bytes of atlases kept for the next cells that ask: past it, the largest are let go
first (the form's wording's, a few megabytes each, are asked for by every return; a
large value's is a box's), never the last one asked, whatever its size. A box's atlas
is of its own font size and alphabets, and a batch's boxes come in many: kept by number
(16), atlases of 50 MB each (a 25-point font) grew a worker to its memory cap after a
few returns."""
_ATLASES: OrderedDict[tuple[str, float, str, Path | None], GlyphAtlas] = OrderedDict()


def _soft_atlas(name: str, size: float, chars: str, program: Path | None) -> GlyphAtlas:
    key = (name, size, chars, program)
    atlas = _ATLASES.pop(key, None)
    if atlas is None:
        drawn = glyph_atlas(name, size, chars, SCALE, program)
        atlas = dataclasses.replace(drawn, image=soft_in_place(drawn.image))
    _ATLASES[key] = atlas
    kept = sum(one.image.nbytes for one in _ATLASES.values())
    while kept > ATLASES_KEPT and len(_ATLASES) > 1:
        others = list(_ATLASES)[:-1]  # (the oldest first: of two as large, it goes)
        largest = max(others, key=lambda other: _ATLASES[other].image.nbytes)
        kept -= _ATLASES.pop(largest).image.nbytes
    return atlas


def candidates(
    cells: FormCells, index: int, *, own: bool = False
) -> tuple[GlyphAtlas, int, npt.NDArray[np.float32], float] | None:
    """The atlas of cell ``index``'s font, the index in it of the form's character, every
    character of it drawn as the form's page draws that character there, cut to the cell
    (n x rows x columns), and how far (squared, a share of the cell's energy) the form's
    character of the atlas stays from the page's inside the cell; None when the cell
    cannot be judged (at the page's edge, a character the atlas does not have).

    PDFium places a glyph of a line otherwise than one drawn alone at the same origin
    (up to a pixel to the left, at 216 dpi): the placing of the atlas is the one, of the
    thirds of a pixel around the origin, that draws the form's character as the page
    does (found once per cell, kept). With ``own``, the stack holds the form's character
    alone (1 x rows x columns)."""
    atlas = _atlas(cells, int(cells.face[index]))
    where = atlas.chars.find(cells.chars[index])
    y0, y1, x0, x1 = cells.boxes[index].tolist()
    rows, cols = cells.soft.shape
    if where < 0 or y0 < 1 or x0 < 1 or y1 > rows - 1 or x1 > cols - 1:
        return None
    placing = cells.placings.get(index)
    if placing is None:
        placing = cells.placings[index] = _placing(cells, index, atlas, where)
    if placing[0] < 0:
        return None
    _, phase_y, phase_x, up, down, left, right, apart = placing
    stack = atlas.window(phase_y, phase_x, up, down, left, right, only=where if own else None)
    if stack.shape[1:] != (y1 - y0, x1 - x0):
        return None
    return atlas, where, stack, apart


def judging(cells: FormCells, index: int) -> Judging | None:
    """Cell ``index``'s :class:`Judging`, made on first use; None when the cell cannot be
    judged (:func:`candidates`)."""
    kept = cells.judgings.get(index)
    if kept is not None:
        return kept
    found = candidates(cells, index)
    if found is None:
        return None
    atlas, where, stack, _ = found
    y0, y1, x0, x1 = cells.boxes[index].tolist()
    flat = stack.reshape(len(stack), -1).astype(np.float64)
    sizes = np.square(stack).sum(axis=(1, 2))
    made = Judging(
        atlas,
        where,
        stack,
        flat,
        np.einsum("jp,jp->j", flat, flat),
        cells.soft[y0:y1, x0:x1].astype(np.float32),
        max(float(sizes[where]), float(np.median(sizes))),
        np.square(stack - stack[where]).sum(axis=(1, 2)),
    )
    for kept_array in (made.stack, made.flat, made.squares, made.form_cell, made.from_own):
        kept_array.flags.writeable = False  # (shared by every return's judging)
    if len(cells.judgings) >= KEPT:
        cells.judgings.pop(next(iter(cells.judgings), -1), None)  # the oldest
    cells.judgings[index] = made
    return made


def _placing(cells: FormCells, index: int, atlas: GlyphAtlas, where: int) -> _Placing:
    y0, y1, x0, x1 = cells.boxes[index].tolist()
    form_cell = cells.soft[y0:y1, x0:x1].astype(np.float32)
    row, col = cells.origins[index]
    at_y, at_x = round(row * PHASES), round(col * PHASES)  # in thirds of a pixel
    best: _Placing = (-1, 0, 0, 0, 0, 0, 0, np.inf)
    for third_y in (at_y - 1, at_y, at_y + 1):
        for third_x in range(at_x - 4, at_x + 2):
            base_row, phase_y = divmod(third_y, PHASES)
            base_col, phase_x = divmod(third_x, PHASES)
            up, down = base_row - y0, y1 - 1 - base_row
            left, right = base_col - x0, x1 - 1 - base_col
            if min(up, down, left, right) < 0:
                continue
            own = atlas.window(phase_y, phase_x, up, down, left, right, only=where)[0]
            if own.shape != form_cell.shape:
                continue
            # inside the cell's edges, where the neighbours' blurred ink reaches
            apart = float(np.square(own - form_cell)[:, 2:-2].sum()) / cells.energy[index]
            if apart < best[-1]:
                best = (0, phase_y, phase_x, up, down, left, right, apart)
    return best


def drawn_alike(cells: FormCells, face: int) -> bool:
    """Whether the atlas of a font of the page draws the page's characters as the form's
    page does (inside the median cell of a sample, within :data:`ALIKE` of its ink): a
    font the form embeds, or one PDFium draws otherwise alone, is not judged."""
    known = cells.drawn_alike.get(face)
    if known is not None:
        return known
    apart = []
    for index in np.nonzero(cells.face == face)[0][:: max(1, len(cells.chars) // 40)]:
        found = candidates(cells, int(index), own=True)  # (its distance alone is asked)
        if found is not None and not cells.chars[index].isspace():
            apart.append(found[3])
    alike = cells.drawn_alike[face] = bool(apart) and float(np.median(apart)) < ALIKE
    return alike
