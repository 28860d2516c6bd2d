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
value font, or a font ``fill`` makes for a release's values). When every font of the
file is such a font, nothing is done here. Any
other font (every font of a return printed to PDF is embedded again: Ghostscript,
pdftocairo, mutool, Chrome) may draw anything anywhere on its page, so every page of
the form it appears on is looked at, every character cell of the form's wording on it
(each character's advance by the font's ascent and descent, spaces too):

* the page and the form's page are rendered at :data:`SCALE` pixels a point; a cell
  whose ink differs from the form's by more than :data:`SUSPECT` (after the page's own
  offset and a pixel of play) is looked at closer;
* there, the glyph drawn is estimated (the return's cell less the form's, plus the
  form's character drawn alone, at the pixel of play where the page stands nearest the
  form's over the cell and its neighbours beside it, :func:`_play`) and compared with
  every character of the form's font drawn alone at the same size, placed as the form's
  page places its character there (:mod:`..pdf.glyphatlas`, :func:`_placing`): when another
  character (or nothing) matches it clearly better than the form's own
  (:data:`CLEARLY`) and does not look like it, or the form's own is far from it
  (:data:`FAR`) and another is nearer at all, the page shows other words than the form.

Only the cells whose pixels at 72 dpi are not the form's are looked at
(:mod:`.wordingcells`); of those, a cell judged the form's character is remembered by
its pixels at 72 dpi and those around it that its judging reads, with the page's offset
from the form's that it is judged at (:attr:`.formcells.FormCells.shown_before`), and a
later return with those very pixels there, as far off, draws that very glyph among the
same (a print's "1." of each clause, a pixel off, the same in print after print): it is
not looked at again. (Without the offset, a page whose words were set wider was judged
otherwise after another print had been read: review of session 53.)

Another program's copy of the font (Nimbus Sans for Helvetica, Liberation or Arial)
draws each letter a little otherwise, but still nearest to that letter; a "9" drawn for
"6", an "8" for "6", a word drawn as nothing, are nearest to something else. The finding
is ``shown-text-differs``, quoting the form's words and what the page shows.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from ..form.template import Form
from ..pdf.inkcompare import opencv, shifted
from ..pdf.loadedpages import LoadedPages
from ..pdf.pagefonts import PageFonts
from ..pdf.rendering import SCALE as PAGE_SCALE
from ..pdf.rendering import Rendered, ViewMode
from ..record import Finding, Severity
from .fonttrust import ReleaseFonts, trusted_fonts
from .formcells import (
    ALIKE,
    SCALE,
    SQUARED,
    FormCells,
    candidates,
    drawn_alike,
    form_cells,
    judging,
    render,
    soft,
)
from .printreference import Prints
from .visual import form_pages_shown
from .wordingcells import (
    PLAY_Y,
    TOUCHED,
    Lines,
    cell_keys,
    cells_apart,
    looked_at,
    rendered_rows,
)
from .wordingmarks import OFFSET, form_marks, marked_cells

__all__ = ["FAR", "looks_other", "nearest", "own_apart", "wording_glyph_findings"]

SUSPECT = 0.05
"""Share of a cell's own ink (blurred, squared) by which it may differ from the form's
(summed over its pixels) before the glyph drawn there is classified."""
CLEARLY = 0.6
"""A character that matches the glyph drawn with less than this share of the squared
difference of the form's own character is what the page shows instead."""
FAR = 0.2
"""A glyph that differs from the form's character by more than this share of the cell's
energy (squared) is not that character when another is nearer at all (a "w" squeezed
into the advance of a "t" looks like no character of the font, 0.26 away; honest copies
of Helvetica differ by up to 0.28, Liberation Sans's "1", each still nearer to itself
than to any other character by 1.2 times or more)."""
PLAY_X = (-2, -1, 0, 1, 2)
"""Pixels a glyph may stand beside its place on the form's page, across (two thirds of a
point: another program places each word, and rounds each glyph's position, its own way)."""
REACH = 6
"""Pixels beside a cell (two points) whose ink, its neighbours', says with the cell's own
where the return's page stands around it (:func:`_play`)."""
KEY_AROUND = (
    math.ceil(max(map(abs, PLAY_Y)) * PAGE_SCALE / SCALE),
    math.ceil((max(map(abs, PLAY_X)) + REACH) * PAGE_SCALE / SCALE),
)
"""Pixels at 72 dpi (rows, columns) around a cell that its judging reads (its pixels of
play and :data:`REACH` beside it): with the cell's own, what a cell judged before is
remembered by (:func:`.wordingcells.cell_keys`)."""
SAME_LOOK = ("Il", "lI")
"""Characters that look the same in the form's fonts whatever the pixels say (a capital
i and a small L in Helvetica, a pixel apart in height): never told apart."""
MAX_QUOTED = 5
"""Places quoted per page."""


def _offset(shown: Rendered, form_page: Rendered) -> tuple[int, int]:
    """The return page's offset from the form's, in whole pixels at :data:`SCALE`
    (rows, columns): the median over glyphs of the form found, the same character,
    within :data:`.wordingmarks.OFFSET` points (so no more than that)."""
    ours, theirs = form_page.glyphs, shown.glyphs
    if not ours or not theirs:
        return 0, 0
    picked = np.arange(0, len(ours), max(1, len(ours) // 24))
    a, b = ours.boxes[picked], theirs.boxes
    # for each glyph picked, the nearest of the return's (the greatest of its four
    # edges' distances), when within two points and the same character
    near = np.abs(b[None, :, 0] - a[:, None, 0])
    for edge in (1, 2, 3):  # a running maximum: numpy reduces an axis of four slowly
        np.maximum(near, np.abs(b[None, :, edge] - a[:, None, edge]), out=near)
    best = near.argmin(axis=1)
    chars = np.frombuffer(theirs.chars.encode("utf-32-le"), np.uint32)
    wanted = np.frombuffer(ours.chars.encode("utf-32-le"), np.uint32)[picked]
    kept = (near[np.arange(len(picked)), best] < OFFSET) & (chars[best] == wanted)
    if not kept.any():
        return 0, 0
    deltas = b[best[kept]] - a[kept]
    left, bottom, _, _ = np.median(deltas, axis=0)
    return round(float(-bottom) * SCALE), round(float(left) * SCALE)


@dataclass(frozen=True, slots=True)
class _Seen:
    """A cell whose glyph is nearest to another character than the form's."""

    index: int
    shows: str
    """The character it looks like (``""`` for nothing)."""


def _classify(cells: FormCells, index: int, shown: npt.NDArray[np.uint8]) -> _Seen | None:
    """What the glyph drawn in cell ``index`` is nearest to, when that is clearly not the
    form's character (see the module); ``shown`` is the return page, already moved onto
    the form's and blurred (:func:`soft`)."""
    found = nearest(cells, index, shown)
    if found is None or not looks_other(found):
        return None
    return _Seen(index, found[0])


def looks_other(found: tuple[str, float, float]) -> bool:
    """Whether a glyph whose :func:`nearest` is ``found`` shows that other character
    rather than its own (see the module)."""
    _, ratio, apart = found
    return ratio < CLEARLY or (ratio < 1.0 and apart > FAR)


def nearest(
    cells: FormCells, index: int, shown: npt.NDArray[np.uint8], *, alike_below: float = ALIKE
) -> tuple[str, float, float] | None:
    """The character (other than the form's and those like it; ``""`` for nothing) that
    the glyph drawn in cell ``index`` is nearest to, its squared difference as a share of
    the form's character's, and the form's character's as a share of the cell's energy;
    None when the cell cannot be judged. Characters whose shapes differ from the form's
    by less than ``alike_below`` of its ink (squared) are never the answer."""
    if not drawn_alike(cells, int(cells.face[index])):
        return None  # a font the atlas does not draw as the form's page does
    judged = judging(cells, index)
    if judged is None:
        return None
    atlas, where = judged.atlas, judged.where
    own = judged.stack[where]
    costs = _costs(cells, index, shown, judged.form_cell, own, judged.flat, judged.squares)
    if costs is None:
        return None
    char = cells.chars[index]
    mine = float(costs[where])
    alike = judged.from_own < alike_below * judged.energy
    costs[alike] = np.inf
    for pair in SAME_LOOK:
        if pair[0] == char and pair[1] in atlas.chars:
            costs[atlas.chars.index(pair[1])] = np.inf
    other = int(costs.argmin())
    ratio = float(costs[other]) / max(mine, 1.0)
    return atlas.chars[other].strip(), ratio, mine / float(cells.energy[index])


def own_apart(cells: FormCells, index: int, shown: npt.NDArray[np.uint8]) -> float | None:
    """``nearest(cells, index, shown)[2]`` (the form's character's squared difference
    from the glyph drawn, as a share of the cell's energy; None when the cell cannot be
    judged) without comparing the glyph with every other character: a box's font is
    judged so from a sample of its letters (:mod:`.valueglyphs`). (Its cost alone is the
    same as among all: each is its own sum.)"""
    if not drawn_alike(cells, int(cells.face[index])):
        return None
    found = candidates(cells, index, own=True)
    if found is None:
        return None
    stack = found[2]
    y0, y1, x0, x1 = cells.boxes[index].tolist()
    form_cell = cells.soft[y0:y1, x0:x1].astype(np.float32)
    flat = stack.reshape(len(stack), -1).astype(np.float64)
    squares = np.einsum("jp,jp->j", flat, flat)
    costs = _costs(cells, index, shown, form_cell, stack[0], flat, squares)
    return None if costs is None else float(costs[0]) / float(cells.energy[index])


def _costs(
    cells: FormCells,
    index: int,
    shown: npt.NDArray[np.uint8],
    form_cell: npt.NDArray[np.float32],
    mine: npt.NDArray[np.float32],
    flat_stack: npt.NDArray[np.float64],
    squares: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64] | None:
    """The squared difference of each character (``flat_stack``: a row each, ``squares``
    their sums of squares) from the glyph drawn in cell ``index``, at the cell's pixel of
    play (:func:`_play`): the return's cell, less the form's (``form_cell``), plus the
    form's character drawn alone (``mine``); None when the cell has no whole place in
    ``shown``."""
    box = cells.boxes[index].tolist()
    play = _play(shown, cells.soft, box)
    if play is None:
        return None
    y0, y1, x0, x1 = box
    dy, dx = play
    part = shown[y0 + dy : y1 + dy, x0 + dx : x1 + dx].astype(np.float32)
    if part.shape != form_cell.shape:
        return None
    # the glyph drawn against every character: |d - c|^2 = |d|^2 - 2 d.c + |c|^2 (einsum's
    # own loop: a BLAS product spawns threads, which a busy machine makes slower)
    drawn = (part - form_cell + mine).reshape(-1).astype(np.float64)
    costs = float(drawn @ drawn) - 2 * np.einsum("p,jp->j", drawn, flat_stack) + squares
    out: npt.NDArray[np.float64] = np.maximum(costs, 0.0)
    return out


def _play(
    shown: npt.NDArray[np.uint8], form: npt.NDArray[np.uint8], box: list[int]
) -> tuple[int, int] | None:
    """The pixel of play (rows, columns) by which the return's page stands nearest to the
    form's around a cell (``box``: y0, y1, x0, x1): over the cell and :data:`REACH`
    pixels beside it, where its neighbours' ink is; the same for every character the
    glyph is compared with; None when no placing of the cell lies in ``shown``.

    Only the glyph and its neighbours moved alike cancel the neighbours' ink in the
    cell: a placing that suits the glyph alone (a print half a pixel off, its glyph as
    near a pixel one way as the other) leaves a neighbour's edge in the cell, and a
    wider character cut to the cell ("m" in the cell of "r" before "i") took that edge
    for its own stem."""
    y0, y1, x0, x1 = box
    rows, cols = shown.shape
    # (beside the cell, as far as every placing stays in the page)
    left = min(x0, max(x0 - REACH, -min(PLAY_X)))
    right = max(x1, min(x1 + REACH, cols - max(PLAY_X)))
    around = form[y0:y1, left:right].astype(np.float32)
    best: tuple[float, int, int] | None = None
    for dy in PLAY_Y:
        for dx in PLAY_X:
            if y0 + dy < 0 or left + dx < 0 or y1 + dy > rows or right + dx > cols:
                continue
            part = shown[y0 + dy : y1 + dy, left + dx : right + dx].astype(np.float32)
            cost = float(np.square(part - around).sum())
            if best is None or cost < best[0]:
                best = (cost, dy, dx)
    return None if best is None else (best[1], best[2])


def _word(cells: FormCells, index: int) -> tuple[int, int]:
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


def _spaced(cells: FormCells, index: int) -> bool:
    """Whether cell ``index`` is a space followed by a cell of the same line."""
    after = index + 1
    return (
        cells.chars[index].isspace()
        and after < len(cells.chars)
        and abs(cells.origins[after, 0] - cells.origins[index, 0]) < SCALE
    )


def _quote(cells: FormCells, seen: list[_Seen], *, shows: bool = True) -> list[str]:
    """Each word with a glyph that shows another character: the form's words up to it,
    and (``shows``) what the page shows (each such glyph as the character it looks like
    most)."""
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
        if not shows:
            out.append(f"'…{before}{reads}'")
            continue
        drawn = "".join(changed.get(i, cells.chars[i]) or "·" for i in range(start, end))
        out.append(f"'…{before}{reads}' shows as '…{before}{drawn}'")
    return out


def _places(quoted: list[str]) -> str:
    """The first :data:`MAX_QUOTED` places quoted, and how many more there are."""
    more = len(quoted) - MAX_QUOTED
    return "; ".join(quoted[:MAX_QUOTED]) + (f" (and {more} more places)" if more > 0 else "")


def wording_glyph_findings(
    pages: LoadedPages,
    form: Form,
    fonts: PageFonts,
    screen: Sequence[Rendered],
    *,
    on_template: bool,
    matched: dict[int, int] | None = None,
    release: ReleaseFonts = frozenset(),
    prints: Prints | None = None,
) -> list[Finding]:
    """``shown-text-differs`` findings for the pages of the form whose wording a font
    the file does not vouch for may draw (see the module). ``fonts`` are the file's fonts
    checked, ``screen`` its pages rendered with their glyphs; ``on_template`` as for
    :func:`.visual.visual_findings`, which pages are compared with the form's;
    ``matched``: :func:`.visual.matched_pages` of ``screen``, when already made;
    ``release``: the fonts ``fill`` makes for the values read (:func:`.vouching.release_fonts`);
    ``prints``: the form's pages drawn in the file's fonts (:mod:`.printreference`), for
    a page most of whose cells are apart from the form's."""
    trusted = trusted_fonts(fonts, form, release)
    vouched = fonts.complete and all(name in trusted for name in fonts.by_name)
    matched, form_pages = form_pages_shown(form, screen, on_template=on_template, matched=matched)
    if vouched and not matched:
        return []
    cells_of = form_cells(form)
    how = (
        "drawn otherwise than the form draws them"
        if vouched
        else "drawn in a font the file does not vouch for"
    )
    out: list[Finding] = []
    for number, index in sorted(matched.items()):
        if index >= len(cells_of) or number >= len(screen):
            continue
        cells = cells_of[index]
        apart = cells_apart(cells, screen[number], form_pages[index])
        if not vouched and prints is not None and len(apart) > len(cells.chars) // 2:
            # a print in fonts of its own: the cells apart from the form's page drawn in them
            judge = functools.partial(_unsure, cells, form_pages[index])
            drawn = prints(number, index, judge)
            if drawn is not None and drawn.screen.levels.shape == screen[number].levels.shape:
                from_drawn = cells_apart(cells, screen[number], drawn.screen)
                as_form = drawn.as_form.intersection(apart)  # (those apart from the form's)
                apart = sorted({*from_drawn, *drawn.unsure, *as_form})
        offset = functools.cache(functools.partial(_offset, screen[number], form_pages[index]))
        keys: dict[int, bytes] = {}
        if not vouched and apart and screen[number].levels.shape == form_pages[index].levels.shape:
            # cells drawn before with these very pixels, on a page as far off the form's
            # (a cell is judged at the page's offset: the same pixels on a page set
            # otherwise may be judged otherwise), and judged the form's characters
            shift = b"%d,%d;" % offset()
            keys = {
                i: shift + key for i, key in cell_keys(cells, screen[number], apart, KEY_AROUND)
            }
            apart = _unjudged(cells, keys)
        page = pages.flatten(number, ViewMode.SCREEN)
        seen: list[_Seen] = []
        if apart:
            judged = dict(_looked_closer(cells, page, apart, offset()))
            seen = [s for s in judged.values() if s is not None]
            _remember(cells, [(i, keys[i]) for i in apart if i in keys and judged.get(i) is None])
        # drawings over every cell, apart or not: one in a pale colour (a yellow stem
        # before "60") may change no pixel of a cell by 16 grey levels, and still show
        height = cells.soft.shape[0] / SCALE
        marks = form_marks(form)[index]
        inked = marked_cells(page, cells, marks, height, offset, pages.own.get(number))
        if vouched:  # (a cell of a print differs: drawings over it, not glyphs)
            # in the form's own fonts, where every pixel of a cell is the form's, a drawing
            # over it shows nothing (a white rectangle under the page's words)
            if inked:
                touched = cells_apart(cells, screen[number], form_pages[index], by=TOUCHED)
                inked = list(set(inked).intersection(touched))
            inked = sorted({*inked, *apart})
        if inked and not seen:
            # the form's own fonts, its own characters, and yet ink the form does not
            # draw over them (a stroke closing a "6" into an "8", a stem before "60"):
            # no honest copy in those fonts has any, and what it shows is for a person
            # (a space's ink is quoted with the word after it, where the line goes on)
            words = [i + 1 if _spaced(cells, i) else i for i in inked]
            quoted = _quote(cells, [_Seen(i, cells.chars[i]) for i in words], shows=False)
            out.append(
                Finding(
                    "shown-text-unchecked",
                    Severity.WARNING,
                    f"page {number + 1}: the wording is drawn "
                    + ("in the form's own fonts, but with ink" if vouched else "with drawings")
                    + f" the form does not draw over its words: {_places(quoted)}; "
                    "a person should look at what the page shows there",
                )
            )
        if seen:
            out.append(
                Finding(
                    "shown-text-differs",
                    Severity.ERROR,
                    f"page {number + 1}: the wording's glyphs are not the characters its text "
                    f"layer reads ({how}): {_places(_quote(cells, seen))}",
                )
            )
    return out


SHOWN_KEPT = 8192
"""Cells judged the form's characters a form page remembers by their pixels at 72 dpi
(:attr:`.formcells.FormCells.shown_before`; a hundred bytes or so each)."""


def _unjudged(cells: FormCells, keys: dict[int, bytes]) -> list[int]:
    """The cells of ``keys`` (index -> pixels at 72 dpi) not remembered as judged the
    form's characters with those pixels (the ones remembered kept the longest)."""
    kept = cells.shown_before
    out = []
    for key in keys.items():
        if key in kept:
            kept.move_to_end(key)
        else:
            out.append(key[0])
    return out


def _remember(cells: FormCells, judged: list[tuple[int, bytes]]) -> None:
    """Remember the cells ``judged`` the form's characters, by their pixels at 72 dpi."""
    kept = cells.shown_before
    for key in judged:
        kept[key] = None
        kept.move_to_end(key)
    while len(kept) > SHOWN_KEPT:
        kept.popitem(last=False)


def _unsure(
    cells: FormCells, form_page: Rendered, page: pdfium.PdfPage, shown: Rendered
) -> tuple[frozenset[int], frozenset[int]]:
    """The cells of ``page`` (the form's page drawn in a print's fonts, ``shown`` its
    render for the screen: :mod:`.printreference`) whose glyph is not judged the form's
    character, as a return's page is judged (its cells apart from ``form_page`` drawn at
    :data:`.formcells.SCALE`), and the cells not apart (not judged)."""
    apart = cells_apart(cells, shown, form_page)
    as_form = frozenset(range(len(cells.chars))).difference(apart)
    if not apart:
        return frozenset(), as_form
    judged = _looked_closer(cells, page, apart, (0, 0))
    return frozenset(i for i, seen in judged if seen is not None), as_form


def _looked_closer(
    cells: FormCells, page: pdfium.PdfPage, apart: list[int], offset: tuple[int, int]
) -> list[tuple[int, _Seen | None]]:
    """:func:`_suspects` of ``page`` (flattened; ``offset`` from the form's page, rows and
    columns at :data:`.formcells.SCALE`) in the lines of the cells ``apart``, drawn at
    that scale in those lines' rows only (:func:`.wordingcells.rendered_rows`), or whole
    when every cell is apart or that is cheaper."""
    dy, dx = offset
    shape = cells.soft.shape
    only = apart if len(apart) < len(cells.chars) else None
    looked = looked_at(cells, shape, only)
    image = rendered_rows(page, looked[2], dy, shape) if only else None
    shown = shifted(render(page) if image is None else image, dy, dx, shape)
    return _suspects(cells, shown, looked)


def _suspects(
    cells: FormCells, raw: npt.NDArray[np.uint8], looked: Lines | None = None
) -> list[tuple[int, _Seen | None]]:
    """The cells whose ink (blurred, :func:`soft`) differs from the form's by more than
    :data:`SUSPECT` of their own, each with what it shows when that is clearly not the
    form's character (:func:`_classify`). ``raw`` is the return page moved onto the
    form's; ``looked``: the lines looked at (:func:`.wordingcells.looked_at`; every
    line by default)."""
    if not len(cells.chars):
        return []
    shown = np.zeros(raw.shape, np.uint8)  # (pages of zeros no band writes stay unmade)
    # only the rows of the cells' lines (with what their pixels of play and the blur
    # reach) are blurred, across the rectangle the cells take: every pixel judged is
    # the one a blur of the whole rectangle makes (the blur's rows near a band's edge,
    # which the band's own edge changes, are none of a cell's)
    (_, _, left, right), lines, bands = (
        looked_at(cells, raw.shape, None) if looked is None else looked
    )
    for y0, y1 in bands:
        soft(raw[y0:y1, left:right], into=shown[y0:y1, left:right])
    # each cell's squared difference, summed a line of cells at a time (the rows of
    # its cells, down their columns, then along: the same sums as the rectangle's
    # integral, in half the time)
    cv2 = opencv()
    differs = np.zeros(len(cells.boxes), np.float64)
    for y0, y1, which, x0, x1 in lines:
        part = cv2.absdiff(shown[y0:y1, left:right], cells.soft[y0:y1, left:right])
        down = cv2.reduce(cv2.LUT(part, SQUARED, dst=part), 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S)
        along = np.zeros(down.shape[1] + 1, np.int64)
        np.cumsum(down[0], out=along[1:])
        differs[which] = along[x1] - along[x0]
    suspects = np.nonzero(differs > SUSPECT * cells.ink)[0].tolist()
    return [(i, _judged(cells, i, shown)) for i in suspects]


SEEN_KEPT = 4096
"""Cells' judgings a form page keeps, by the pixels judged (:func:`_judged`; a few
kilobytes each)."""


def _judged(cells: FormCells, index: int, shown: npt.NDArray[np.uint8]) -> _Seen | None:
    """:func:`_classify` of cell ``index``, kept by the very pixels it reads (the cell,
    its pixels of play and what :func:`_play` reads beside it, as ``shown`` has them):
    another print's same pixels there are judged alike without comparing them with every
    character again, and a glyph drawn otherwise, by a pixel's level, is judged anew."""
    y0, y1, x0, x1 = cells.boxes[index].tolist()
    window = shown[
        max(y0 + min(PLAY_Y), 0) : max(y1 + max(PLAY_Y), 0),
        max(x0 + min(PLAY_X) - REACH, 0) : max(x1 + max(PLAY_X) + REACH, 0),
    ]
    key = (index, window.shape, window.tobytes())
    kept = cells.seen
    if key in kept:
        kept.move_to_end(key)
        found = kept[key]
        return found if isinstance(found, _Seen) else None
    seen = _classify(cells, index, shown)
    kept[key] = seen
    while len(kept) > SEEN_KEPT:
        kept.popitem(last=False)
    return seen
