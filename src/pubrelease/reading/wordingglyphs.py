"""The form's wording glyph by glyph, where a font the file does not vouch for draws it.

A font's ``/ToUnicode`` map says which characters a text extractor reads; its glyph
program says what a viewer draws. A font that does not say what its glyphs are (a Type 3
font, whose glyphs are content streams, or an embedded TrueType program without a
usable ``cmap``) can draw "90" where the text layer reads "60": the wording then reads
as the form's, and digits are as wide as each other, so the comparison of the page's
ink with the form's page, which blurs and lets ink move a point, does not see it.

Fonts whose glyphs are what the text layer reads need no look (:mod:`.vouching`: a
standard font that is not embedded, whose map reads the glyphs its encoding names, as
every return filled by pypdf, pdftk or pdf-lib or re-saved draws the wording; or our own
value font). When every font of the file is such a font, nothing is done here. Any
other font (every font of a return printed to PDF is embedded again: Ghostscript,
pdftocairo, mutool, Chrome) may draw anything anywhere on its page, so every page of
the form it appears on is looked at, every character cell of the form's wording on it
(each character's advance by the font's ascent and descent, spaces too):

* the page and the form's page are rendered at :data:`SCALE` pixels a point; a cell
  whose ink differs from the form's by more than :data:`SUSPECT` (after the page's own
  offset and a pixel of play) is looked at closer;
* there, the glyph drawn is estimated (the return's cell less the form's, plus the
  form's character drawn alone) and compared with every character of the form's font
  drawn alone at the same size, placed as the form's page places its character there
  (:mod:`..pdf.glyphatlas`, :func:`_placing`): when another
  character (or nothing) matches it clearly better than the form's own
  (:data:`CLEARLY`) and does not look like it, or the form's own is far from it
  (:data:`FAR`) and another is nearer at all, the page shows other words than the form.

Another program's copy of the font (Nimbus Sans for Helvetica, Liberation or Arial)
draws each letter a little otherwise, but still nearest to that letter; a "9" drawn for
"6", an "8" for "6", a word drawn as nothing, are nearest to something else. The finding
is ``shown-text-differs``, quoting the form's words and what the page shows.
"""

from __future__ import annotations

import ctypes
import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..form.template import Form
from ..pdf.glyphatlas import PHASES, GlyphAtlas, glyph_atlas
from ..pdf.inkcompare import _cv2
from ..pdf.loadedpages import LoadedPages, each_flattened_page
from ..pdf.pagefonts import PageFonts
from ..pdf.rendering import Box, Rendered, ViewMode
from ..record import Finding, Severity
from .visual import form_pages_shown
from .vouching import trusted_fonts

__all__ = ["wording_glyph_findings"]

SCALE = 3.0
"""Pixels per point of the renders compared (216 dpi: a 10-point digit 22 pixels tall)."""
SUSPECT = 0.05
"""Share of a cell's own ink (blurred, squared) by which it may differ from the form's
(summed over its pixels) before the glyph drawn there is classified."""
CLEARLY = 0.6
"""A character that matches the glyph drawn with less than this share of the squared
difference of the form's own character is what the page shows instead."""
FAR = 0.2
"""A glyph that differs from the form's character by more than this share of the cell's
energy (squared) is not that character when another is nearer at all (a "w" squeezed
into the advance of a "t" looks like no character of the font; honest copies of
Helvetica differ by up to 0.28 of it, their "1" and "R", each still nearest to itself
by more than 1.6 times)."""
ALIKE = 0.03
"""Characters whose shapes differ by less than this share of the form's character's own
ink (squared) look alike (``l`` and ``I``, ``,`` and ``.`` at some sizes): never told
apart."""
PLAY_X = (-2, -1, 0, 1, 2)
"""Pixels a glyph may stand beside its place on the form's page, across (two thirds of a
point: another program places each word, and rounds each glyph's position, its own way)."""
PLAY_Y = (-1, 0, 1)
"""Pixels a glyph may stand above or below its place."""
BLUR = 1.0
"""Standard deviation (pixels) of the blur glyphs are compared under."""
SAME_LOOK = ("Il", "lI")
"""Characters that look the same in the form's fonts whatever the pixels say (a capital
i and a small L in Helvetica, a pixel apart in height): never told apart."""
MAX_QUOTED = 5
"""Places quoted per page."""
EXTRA = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,;:-()'\"/&%$"
"""Characters every glyph is compared with, besides those of the form's page."""


_Placing = tuple[int, int, int, int, int, int, int, float]
"""A character's placing in the atlas: 0 (-1 for none), phase_y, phase_x, up, down,
left, right (:meth:`..pdf.glyphatlas.GlyphAtlas.window`'s), and how far its glyph stays
from the page's."""


@dataclass(frozen=True, slots=True)
class _Cells:
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
    """The form's page, its ink (0 white .. 255 black) blurred (:func:`_soft`)."""
    ink: npt.NDArray[np.float64]
    """Per cell, the sum of its blurred ink squared (:data:`_SQUARED`; at least the
    median cell's: a space or a stop weighs as a letter)."""
    energy: npt.NDArray[np.float64]
    """Per cell, the sum of its blurred ink squared (at least the median cell's)."""
    height: float
    """Of the page, in points."""
    drawn_alike: dict[int, bool] = field(default_factory=dict, compare=False)
    """Per font (index of ``faces``), whether the atlas draws its characters as the page
    does (:func:`_drawn_alike`), once asked."""
    placings: dict[int, _Placing] = field(default_factory=dict, compare=False)
    """Per cell, where its character is drawn in the atlas (:func:`_placing`), once
    found."""


def _render(page: pdfium.PdfPage) -> npt.NDArray[np.uint8]:
    """A page's ink (0 white .. 255 black) at :data:`SCALE`, annotations not drawn (the
    page is flattened as a viewer shows it first)."""
    bitmap = page.render(scale=SCALE, grayscale=True, draw_annots=False, may_draw_forms=False)
    grey = bitmap.to_numpy()
    if grey.ndim != 2:
        grey = np.asarray(bitmap.to_pil().convert("L"))
    out: npt.NDArray[np.uint8] = np.subtract(255, grey, dtype=np.uint8)
    return out


def _soft(image: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """``image`` blurred by :data:`BLUR` pixels: a glyph placed a third of a pixel
    otherwise, or drawn by another rasteriser, differs little from itself so."""
    out: npt.NDArray[np.uint8] = _cv2().GaussianBlur(image, (0, 0), BLUR)
    return out


def _sums(image: npt.NDArray[np.generic], boxes: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """The sum of ``image`` over each box (y0, y1, x0, x1) of ``boxes``, clipped to it."""
    depth = _cv2().CV_64F if image.dtype != np.uint8 else -1
    table = _cv2().integral(image, sdepth=depth)
    rows, cols = image.shape
    y0, y1 = np.clip(boxes[:, 0], 0, rows), np.clip(boxes[:, 1], 0, rows)
    x0, x1 = np.clip(boxes[:, 2], 0, cols), np.clip(boxes[:, 3], 0, cols)
    out: npt.NDArray[np.float64] = (
        table[y1, x1].astype(np.float64) - table[y0, x1] - table[y1, x0] + table[y0, x0]
    )
    return out


_SQUARED = np.round(np.arange(256, dtype=np.float64) ** 2 / 255).astype(np.uint8)
"""Each level squared, over 255: differences weighed by their square in one byte (those
below 8 levels, anti-aliasing, count nothing)."""


def _at_least_median(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.maximum(values, float(np.median(values)) if values.size else 0.0)


def _font_name(textpage: pdfium.PdfTextPage, index: int) -> str:
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    size = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, 128, ctypes.byref(flags))
    return buffer.value.decode("latin-1") if 0 < size <= 128 else ""


def _page_cells(page: pdfium.PdfPage, values: Sequence[Box]) -> _Cells:
    height = page.get_size()[1]
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
    return _Cells(
        "".join(chars),
        np.array(origins, np.float64).reshape(-1, 2),
        np.array(boxes, np.int64).reshape(-1, 4),
        tuple(faces),
        np.array(face, np.int64),
        soft := _soft(_render(page)),
        _at_least_median(
            _sums(_cv2().LUT(soft, _SQUARED), cells := np.array(boxes, np.int64).reshape(-1, 4))
        ),
        _at_least_median(_sums(np.square(soft.astype(np.float32)), cells)),
        height,
    )


def _value_rects(form: Form, index: int) -> list[Box]:
    number = form.pages[index].number
    return [w.box.rect for plan in form.fields.values() for w in plan.widgets if w.page == number]


@functools.lru_cache(maxsize=4)
def _form_cells(form: Form) -> tuple[_Cells, ...]:
    count = len(form.pages)
    pages = iter(range(count))
    found: tuple[_Cells, ...] = each_flattened_page(
        form.template, count, lambda page: _page_cells(page, _value_rects(form, next(pages)))
    )
    return found


def _atlas(cells: _Cells, face: int) -> GlyphAtlas:
    """The atlas of a font of the form's page, blurred as the pages compared are."""
    name, size = cells.faces[face]
    return _soft_atlas(name, size, " " + EXTRA + cells.chars)


@functools.lru_cache(maxsize=16)
def _soft_atlas(name: str, size: float, chars: str) -> GlyphAtlas:
    atlas = glyph_atlas(name, size, chars, SCALE)
    soft = _soft(np.clip(atlas.image, 0, 255).astype(np.uint8))
    return dataclasses.replace(atlas, image=soft.astype(np.float32))


def _offset(shown: Rendered, form_page: Rendered) -> tuple[int, int]:
    """The return page's offset from the form's, in whole pixels at :data:`SCALE`
    (rows, columns): the median over glyphs of the form found, the same character,
    within two points."""
    ours, theirs = form_page.glyphs, shown.glyphs
    if not ours or not theirs:
        return 0, 0
    picked = np.arange(0, len(ours), max(1, len(ours) // 64))
    a, b = ours.boxes[picked], theirs.boxes
    # for each glyph picked, the nearest of the return's (the greatest of its four
    # edges' distances), when within two points and the same character
    near = np.abs(b[None, :, :] - a[:, None, :]).max(axis=2)
    best = near.argmin(axis=1)
    chars = np.frombuffer(theirs.chars.encode("utf-32-le"), np.uint32)
    wanted = np.frombuffer(ours.chars.encode("utf-32-le"), np.uint32)[picked]
    kept = (near[np.arange(len(picked)), best] < 2) & (chars[best] == wanted)
    if not kept.any():
        return 0, 0
    deltas = b[best[kept]] - a[kept]
    left, bottom, _, _ = np.median(deltas, axis=0)
    return round(float(-bottom) * SCALE), round(float(left) * SCALE)


def _shifted(
    image: npt.NDArray[np.uint8], dy: int, dx: int, shape: tuple[int, int]
) -> npt.NDArray[np.uint8]:
    """``image`` moved so that its pixel (r + dy, c + dx) lands at (r, c), cut or padded
    to ``shape``."""
    if not (dy or dx) and image.shape == shape:
        return image
    out = np.zeros(shape, np.uint8)
    rows, cols = image.shape
    y0, x0 = max(0, -dy), max(0, -dx)
    y1, x1 = min(shape[0], rows - dy), min(shape[1], cols - dx)
    if y1 > y0 and x1 > x0:
        out[y0:y1, x0:x1] = image[y0 + dy : y1 + dy, x0 + dx : x1 + dx]
    return out


@dataclass(frozen=True, slots=True)
class _Seen:
    """A cell whose glyph is nearest to another character than the form's."""

    index: int
    shows: str
    """The character it looks like (``""`` for nothing)."""


def _classify(cells: _Cells, index: int, shown: npt.NDArray[np.uint8]) -> _Seen | None:
    """What the glyph drawn in cell ``index`` is nearest to, when that is clearly not the
    form's character (see the module); ``shown`` is the return page, already moved onto
    the form's and blurred (:func:`_soft`)."""
    nearest = _nearest(cells, index, shown)
    if nearest is None:
        return None
    shows, ratio, apart = nearest
    if ratio < CLEARLY or (ratio < 1.0 and apart > FAR):
        return _Seen(index, shows)
    return None


def _candidates(
    cells: _Cells, index: int
) -> tuple[GlyphAtlas, int, npt.NDArray[np.float32], float] | None:
    """The atlas of cell ``index``'s font, the index in it of the form's character, every
    character of it drawn as the form's page draws that character there, cut to the cell
    (n x rows x columns), and how far (squared, a share of the cell's energy) the form's
    character of the atlas stays from the page's inside the cell; None when the cell
    cannot be judged (at the page's edge, a character the atlas does not have).

    PDFium places a glyph of a line otherwise than one drawn alone at the same origin
    (up to a pixel to the left, at 216 dpi): the placing of the atlas is the one, of the
    thirds of a pixel around the origin, that draws the form's character as the page
    does (found once per cell, kept)."""
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
    stack = atlas.window(phase_y, phase_x, up, down, left, right)
    if stack.shape[1:] != (y1 - y0, x1 - x0):
        return None
    return atlas, where, stack, apart


def _placing(cells: _Cells, index: int, atlas: GlyphAtlas, where: int) -> _Placing:
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


def _drawn_alike(cells: _Cells, face: int) -> bool:
    """Whether the atlas of a font of the page draws the page's characters as the form's
    page does (inside the median cell of a sample, within :data:`ALIKE` of its ink): a
    font the form embeds, or one PDFium draws otherwise alone, is not judged."""
    known = cells.drawn_alike.get(face)
    if known is not None:
        return known
    apart = []
    for index in np.nonzero(cells.face == face)[0][:: max(1, len(cells.chars) // 40)]:
        found = _candidates(cells, int(index))
        if found is not None and not cells.chars[index].isspace():
            apart.append(found[3])
    alike = cells.drawn_alike[face] = bool(apart) and float(np.median(apart)) < ALIKE
    return alike


def _nearest(
    cells: _Cells, index: int, shown: npt.NDArray[np.uint8]
) -> tuple[str, float, float] | None:
    """The character (other than the form's and those like it; ``""`` for nothing) that
    the glyph drawn in cell ``index`` is nearest to, its squared difference as a share of
    the form's character's, and the form's character's as a share of the cell's energy;
    None when the cell cannot be judged."""
    if not _drawn_alike(cells, int(cells.face[index])):
        return None  # a font the atlas does not draw as the form's page does
    found = _candidates(cells, index)
    if found is None:
        return None
    atlas, where, stack, _ = found
    y0, y1, x0, x1 = cells.boxes[index].tolist()
    form_cell = cells.soft[y0:y1, x0:x1].astype(np.float32)
    parts = [
        shown[y0 + dy : y1 + dy, x0 + dx : x1 + dx].astype(np.float32)
        for dy in PLAY_Y  # the glyph's own place, whichever fits best
        for dx in PLAY_X
    ]
    parts = [p for p in parts if p.shape == form_cell.shape]
    if not parts:
        return None
    char = cells.chars[index]
    own = stack[where]
    drawn = np.stack(parts) - form_cell + own  # the glyph drawn, at each pixel of play
    costs = np.square(drawn[:, None] - stack[None]).sum(axis=(2, 3)).min(axis=0)
    mine = float(costs[where])
    sizes = np.square(stack).sum(axis=(1, 2))
    energy = max(float(sizes[where]), float(np.median(sizes)))
    alike = np.square(stack - own).sum(axis=(1, 2)) < ALIKE * energy
    costs[alike] = np.inf
    for pair in SAME_LOOK:
        if pair[0] == char and pair[1] in atlas.chars:
            costs[atlas.chars.index(pair[1])] = np.inf
    other = int(costs.argmin())
    ratio = float(costs[other]) / max(mine, 1.0)
    return atlas.chars[other].strip(), ratio, mine / float(cells.energy[index])


def _word(cells: _Cells, index: int) -> tuple[int, int]:
    """The cells of the word holding cell ``index``: up to a space or a line's end."""

    def same_word(a: int, b: int) -> bool:
        near = abs(cells.origins[a, 0] - cells.origins[b, 0]) < SCALE
        return near and not cells.chars[a].isspace() and not cells.chars[b].isspace()

    start, end = index, index + 1
    while start > 0 and same_word(start - 1, index):
        start -= 1
    while end < len(cells.chars) and same_word(end, index):
        end += 1
    return start, end


def _quote(cells: _Cells, seen: list[_Seen]) -> list[str]:
    """Each word with a glyph that shows another character: the form's words up to it,
    and what the page shows (each such glyph as the character it looks like most)."""
    changed = {s.index: s.shows for s in seen}
    out: list[str] = []
    done: set[tuple[int, int]] = set()
    for s in seen:
        span = _word(cells, s.index)
        if span in done:
            continue
        done.add(span)
        start, end = span
        first = start
        for _ in range(2):  # two words before it, on its line, for the reader to find it
            if first > 1 and abs(cells.origins[first - 2, 0] - cells.origins[start, 0]) < SCALE:
                first = _word(cells, first - 2)[0]
        before = cells.chars[first:start]
        reads = cells.chars[start:end]
        shows = "".join(changed.get(i, cells.chars[i]) or "·" for i in range(start, end))
        out.append(f"'…{before}{reads}' shows as '…{before}{shows}'")
    return out


def wording_glyph_findings(
    pages: LoadedPages,
    form: Form,
    fonts: PageFonts,
    screen: Sequence[Rendered],
    *,
    on_template: bool,
) -> list[Finding]:
    """``shown-text-differs`` findings for the pages of the form whose wording a font
    the file does not vouch for may draw (see the module). ``fonts`` are the file's fonts
    checked, ``screen`` its pages rendered with their glyphs; ``on_template`` as for
    :func:`.visual.visual_findings`, which pages are compared with the form's."""
    trusted = trusted_fonts(fonts, form)
    if fonts.complete and all(name in trusted for name in fonts.by_name):
        return []  # every glyph is what the text layer reads: nothing to look at
    matched, form_pages = form_pages_shown(form, screen, on_template=on_template)
    cells_of = _form_cells(form)
    out: list[Finding] = []
    for number, index in sorted(matched.items()):
        if index >= len(cells_of) or number >= len(screen):
            continue
        cells = cells_of[index]
        page = pages.flatten(number, ViewMode.SCREEN)
        image = _render(page)
        dy, dx = _offset(screen[number], form_pages[index])
        shown = _shifted(image, dy, dx, cells.soft.shape)
        seen = [s for s in _suspects(cells, shown) if s is not None]
        if seen:
            quoted = _quote(cells, seen)
            more = len(quoted) - MAX_QUOTED
            out.append(
                Finding(
                    "shown-text-differs",
                    Severity.ERROR,
                    f"page {number + 1}: the wording's glyphs are not the characters its text "
                    "layer reads (drawn in a font the file does not vouch for): "
                    + "; ".join(quoted[:MAX_QUOTED])
                    + (f" (and {more} more places)" if more > 0 else ""),
                )
            )
    return out


def _suspects(cells: _Cells, raw: npt.NDArray[np.uint8]) -> list[_Seen | None]:
    """The cells whose ink (blurred, :func:`_soft`) differs from the form's by more than
    :data:`SUSPECT` of their own, classified (:func:`_classify`). ``raw`` is the return
    page moved onto the form's."""
    shown = np.zeros_like(raw)
    if not len(cells.chars):
        return []
    # only the rectangle the cells take (and what the blur reaches into it) is looked at
    reach = int(np.ceil(4 * BLUR)) + 1
    top, left = np.maximum(cells.boxes.min(axis=0)[[0, 2]] - 2 * reach, 0).tolist()
    bottom, right = (cells.boxes.max(axis=0)[[1, 3]] + 2 * reach).tolist()
    shown[top:bottom, left:right] = _soft(raw[top:bottom, left:right])
    part = _cv2().absdiff(shown[top:bottom, left:right], cells.soft[top:bottom, left:right])
    placed = cells.boxes - np.array([top, top, left, left])
    differs = _sums(_cv2().LUT(part, _SQUARED), placed)
    suspects = np.nonzero(differs > SUSPECT * cells.ink)[0].tolist()
    return [_classify(cells, i, shown) for i in suspects]
