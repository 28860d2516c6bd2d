"""Characters a clip path cuts away: in the text layer, never on the page.

PDFium's text layer keeps every character a content stream draws, whatever clips it:
a text extractor reads what no viewer shows. A value another program set larger than
its box is cut at the box's edge so: MuPDF (``widget.update()``, ``mutool run``) sets a
long title in lines of a fixed size, the fourth below the box, under the appearance's
``re W n``; QPDF (``--generate-appearances``) sets it on one line running far past the
box's right edge, under the appearance's ``/BBox``. Read as text, the cut lines went into
the box below (the event date) and were reported hidden.

Here each character is judged by the clip of the text object that draws it, in the
page's space: the clip paths PDFium keeps on that object and on every form XObject
around it (a widget's appearance is one once flattened), each in the space of the form
that holds it, taken through the forms' matrices. A character is *cut* when its tight
box lies wholly outside that clip. Each clip path stands for the box around its points
(curves' control points included), which holds it: a character outside the box is
outside the path, so nothing is taken for cut that a viewer could show. A character
inside the box but outside a path of another shape (a bow tie, a clip with holes, a clip
by text) is not cut here; what the page shows of it is judged from the pixels, as
before (:func:`.rendering.hidden_glyphs`).

A box's cut characters are its value's *overflow* (:class:`Clipped`, ``overflow``) when
they are what a program that sets a value too large for its box cuts away: cut by a clip
that lies within the box, past the clip's right edge or below its bottom edge, that edge
being the box's own (within :data:`WITHIN`); the box showing some characters first (in
the order the content draws them: the value's beginning, not nothing); and none of the
box's other characters among them (PDFium puts the objects of one line in order across,
so another box's characters, the date the cut lines run over, may come among them). The
overflow's *tail*, the characters after the last one the box shows, is the value's end,
read after the box's text, when it is drawn in a font the file does not embed: programs
that draw a field's value do so in its default appearance's font, Helvetica, which no
file embeds, while ``fill`` embeds its own fonts and never sets a value larger than its
box (an embedded font whose widths were redefined, spacing the value past its box, is
not a program's fill: its cut characters are hidden text); the others are cut among
those it shows (a line cut through at the box's edge, its hyphens and commas below it),
read where they stand, as before.
Every other cut character is hidden text, whatever ink lies under it.

Cut characters are looked for only on pages with value boxes (the form's own pages, or a
return of it with live fields): walking every object's clip costs about 0.2 ms a page of
the form, but 15 ms a page of a web page Chromium printed, whose every text object it
clips; there, as before, what the page shows is judged from its pixels.
"""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .charboxes import Boxes, page_boxes
from .matrices import IDENTITY, Matrix, placed, times
from .objectcalls import Walker
from .ownobjects import OwnObjects, remember, remembered, split_own

__all__ = [
    "DEPTH",
    "SPACES",
    "Clipped",
    "Overflow",
    "Segment",
    "clip_segments",
    "clipped_chars",
    "font_size",
    "text_shown_in",
]

Rect = tuple[float, float, float, float]
"""left, bottom, right, top in PDF points (origin bottom-left)."""
DEPTH = 6
"""Levels of form XObjects looked into (a flattened widget is two or three deep)."""
OUTSIDE = 0.01
"""Points by which a character's box may touch its clip's box and still be cut."""
WITHIN = 2.0
"""Points by which a clip may reach past the box whose overflow it cuts."""
LINE = 1.0
"""Points between two characters' bottoms for them to stand on one line."""
LINES = 2.0
"""Font sizes between the baselines of a value's lowest line shown and the line cut
below it (MuPDF sets lines 1.16 sizes apart)."""
SPACE = 0.3
"""Of its size, the space a program puts between words at least, and more (Helvetica's is
0.278, Times' 0.25), where the line above a word cut away draws no space of its own (a
line of one word): a first word cut away that would have fit after it was not wrapped."""
PADDING = 1.0
"""Points between a clip's edge and where a program wrapping a value stops its lines:
MuPDF sets its lines 2 points into a box whose clip is a point inside it, and wraps a
word that does not fit a point inside the clip."""
SPACES = frozenset((0x02, 0x09, 0x0A, 0x0D, 0x20, 0xA0, 0xFFFE))
"""Code units PDFium gives for spaces and line breaks, made up or drawn (and 0x02, its
made-up hyphen's mark)."""


@dataclass(frozen=True, slots=True)
class Overflow:
    """The cut characters of one box that continue what it shows (see the module)."""

    block: int
    """The box's index among the boxes given."""
    indices: tuple[int, ...]
    """The cut characters' indices in the text page, ascending."""
    tail: tuple[int, ...]
    """Those after the last character the box shows (its value's end, cut away whole);
    the others are cut among those it shows (a line cut through at the box's edge)."""
    text: str
    """The tail's text, spaces collapsed ("" without a tail)."""
    spaced: bool
    """A space or line break comes between the box's last shown character and them."""


@dataclass(frozen=True, slots=True)
class Clipped:
    """The cut characters of a text page (indices ascending) and, of those, the boxes'
    overflows."""

    cut: npt.NDArray[np.intp]
    overflow: tuple[Overflow, ...] = field(default=())

    @property
    def overflowing(self) -> frozenset[int]:
        """The indices of the characters that are some box's overflow."""
        return frozenset(i for over in self.overflow for i in over.indices)

    @property
    def within(self) -> frozenset[int]:
        """The indices of the overflows' characters cut among those their box shows (a
        line cut through at the box's edge: read where they stand, as before)."""
        return self.overflowing - frozenset(i for over in self.overflow for i in over.tail)

    def hidden(self) -> npt.NDArray[np.intp]:
        """The cut characters that are no box's overflow: hidden text."""
        spilt = self.overflowing
        return np.array([i for i in self.cut.tolist() if i not in spilt], np.intp)


NONE = Clipped(np.zeros(0, np.intp))


def _meet(one: Rect | None, other: Rect | None) -> Rect | None:
    if one is None:
        return other
    if other is None:
        return one
    return (
        max(one[0], other[0]),
        max(one[1], other[1]),
        min(one[2], other[2]),
        min(one[3], other[3]),
    )


def _clip(walker: Walker, obj: int | None) -> Rect | None:
    """The box that holds the clip of ``obj`` (the intersection of its paths' boxes), in
    the space of what holds ``obj``; None without a clip or a path PDFium gives."""
    out: Rect | None = None
    for path in clip_segments(walker, obj):
        xs = [segment[1] for segment in path if segment is not None]
        ys = [segment[2] for segment in path if segment is not None]
        if xs:
            out = _meet(out, (min(xs), min(ys), max(xs), max(ys)))
    return out


Segment = tuple[int, float, float]
"""A path segment: its kind (``FPDF_SEGMENT_*``) and its point."""


def clip_segments(walker: Walker, obj: int | None) -> list[list[Segment | None]]:
    """The segments of each path of ``obj``'s clip, in the space of what holds ``obj``
    (None for a segment PDFium gives no point of); none without a clip (PDFium gives an
    empty clip path to most objects)."""
    address = walker.clip_path(obj)
    if not address:
        return []
    paths = walker.clip_paths(address)
    if paths <= 0:
        return []  # the empty clip path of most objects: nothing to cast or to read
    clip = ctypes.cast(address, pdfium_c.FPDF_CLIPPATH)
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[list[Segment | None]] = []
    for path in range(max(0, paths)):
        segments: list[Segment | None] = []
        for index in range(max(0, pdfium_c.FPDFClipPath_CountPathSegments(clip, path))):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, path, index)
            if segment and pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                kind = int(pdfium_c.FPDFPathSegment_GetType(segment))
                segments.append((kind, x.value, y.value))
            else:
                segments.append(None)
        out.append(segments)
    return out


def _texts(page: pdfium.PdfPage, own: OwnObjects | None = None) -> list[tuple[int, Rect, Rect]]:
    """Each text object of ``page`` (or of a form XObject in it, `DEPTH` deep), by
    its address, with its bounds and the box of its clip, both in the page's space, where
    some clip reaches into its bounds. ``own``: the page's own content, when it was
    flattened (:mod:`.ownobjects`): where no clip reaches into its own text (learnt once
    per digest), only the annotations drawn in are walked (the walk's items: theirs, then
    none)."""
    walker = Walker()
    top = walker.page_objects(page)
    parts = split_own(top, own)
    if parts is not None and own is not None:
        unreached = remembered("clipped texts", own)
        if unreached is None:
            unreached = not _walk_texts(walker, parts[0])
            remember("clipped texts", own, unreached)
        if unreached:
            return _walk_texts(walker, parts[1])
    return _walk_texts(walker, top)


def _walk_texts(walker: Walker, top: list[int | None]) -> list[tuple[int, Rect, Rect]]:
    """:func:`_texts` of the objects ``top`` (the last first)."""
    out = []
    # each object with the matrix that places its container on the page, the box of the
    # clips its containers were drawn under (None: none), and its depth
    Item = tuple[int | None, Matrix, Rect | None, int]
    stack: list[Item] = [(obj, IDENTITY, None, 0) for obj in top]
    while stack:
        obj, placing, outer, level = stack.pop()
        kind = walker.kind(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < DEPTH:
            m = walker.matrix(obj)
            if m is None:
                continue  # not placed: nothing of it taken for cut
            own = _clip(walker, obj)
            around = _meet(outer, None if own is None else placed(own, placing))
            inner = times(m, placing)
            stack.extend((child, inner, around, level + 1) for child in walker.form_objects(obj))
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            own = _clip(walker, obj)
            around = _meet(outer, None if own is None else placed(own, placing))
            bounds = walker.bounds(obj) if around is not None else None
            if around is None or bounds is None:
                continue
            box = placed(bounds, placing)
            inside = around[0] <= box[0] and around[1] <= box[1]
            if not (inside and box[2] <= around[2] and box[3] <= around[3]):
                out.append((obj or 0, box, around))
    return out


def clipped_chars(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    boxes: Boxes,
    blocks: Sequence[Rect] | None = None,
    own: OwnObjects | None = None,
) -> Clipped:
    """The characters of ``textpage`` (a text page of ``page``, whose characters' boxes
    are ``boxes``) that their clip cuts away, and of those, each of ``blocks``' overflow
    (see the module). Only on pages with value boxes (``blocks``): elsewhere (another
    system's layout, whose every text object Chromium clips) none are looked for, and
    what the page shows is judged from its pixels alone, as before. ``own``: the page's
    own content, when it was flattened (:mod:`.ownobjects`)."""
    if not blocks:
        return NONE
    reaching = _texts(page, own)
    if not reaching:
        return NONE
    units = boxes.units
    count = units.size - 1
    if count <= 0:
        return NONE
    edges, found = boxes.every_tight()  # left, right, bottom, top
    left, right, bottom, top = edges.T
    clip_of: dict[int, Rect] = {}
    for obj, box, around in reaching:
        inside = (
            found
            & (left >= box[0] - 1)
            & (right <= box[2] + 1)
            & (bottom >= box[1] - 1)
            & (top <= box[3] + 1)
        )
        outside = (
            (right <= around[0] + OUTSIDE)
            | (left >= around[2] - OUTSIDE)
            | (top <= around[1] + OUTSIDE)
            | (bottom >= around[3] - OUTSIDE)
            | (around[0] >= around[2])
            | (around[1] >= around[3])
        )
        for index in np.flatnonzero(inside & outside).tolist():
            if index in clip_of:
                continue
            drawn_by = pdfium_c.FPDFText_GetTextObject(textpage.raw, index)
            if (ctypes.cast(drawn_by, ctypes.c_void_p).value or 0) == obj:
                clip_of[index] = around
    if not clip_of:
        return NONE
    cut = np.array(sorted(clip_of), np.intp)
    overflow = _overflows(textpage, boxes, (left, right, bottom, top), found, clip_of, blocks or ())
    return Clipped(cut, overflow)


def _overflows(
    textpage: pdfium.PdfTextPage,
    boxes: Boxes,
    edges: tuple[npt.NDArray[np.float64], ...],
    found: npt.NDArray[np.bool_],
    clip_of: dict[int, Rect],
    blocks: Sequence[Rect],
) -> tuple[Overflow, ...]:
    """Each of ``blocks``' overflow among the cut characters ``clip_of`` (index -> the
    box of its clip; see the module)."""
    units = boxes.units
    left, right, bottom, top = edges
    visible = found & ~np.isin(units[: left.size], list(SPACES))
    is_cut = np.zeros(left.size, bool)
    is_cut[list(clip_of)] = True
    out = []
    for number, (x0, y0, x1, y1) in enumerate(blocks):
        # cut by a clip within the box, past its right edge or below its bottom edge,
        # that edge the box's own (a value set too large is cut where its box ends)
        mine = [
            index
            for index, (c0, c1, c2, c3) in sorted(clip_of.items())
            if c0 >= x0 - WITHIN
            and c1 >= y0 - WITHIN
            and c2 <= x1 + WITHIN
            and c3 <= y1 + WITHIN
            and (
                (left[index] >= c2 - OUTSIDE and c2 >= x1 - WITHIN)
                or (top[index] <= c1 + OUTSIDE and c1 <= y0 + WITHIN)
            )
            and right[index] > c0
            and bottom[index] < c3
        ]
        if not mine:
            continue
        run = np.array(mine, np.intp)
        # shown: not cut, reaching into the box (a line cut through at its bottom edge)
        reach = (left < x1) & (right > x0) & (bottom < y1) & (top > y0)
        shown = np.flatnonzero(visible & ~is_cut & reach)
        if not shown.size or int(shown[0]) > int(run[0]):
            continue  # nothing shown, or the cut drawn first: not a value set too large
        last_shown = int(shown[-1])
        # PDFium puts objects on one line in order across: another box's characters
        # (the date the cut lines run over) may come among them, never this box's
        span = np.arange(int(shown[0]), max(int(run[-1]), last_shown) + 1)
        ours = np.isin(span, shown) | np.isin(span, run)
        if (visible[span] & ~ours & reach[span]).any():
            continue  # characters of the box that are neither shown nor its overflow
        tail = run[run > last_shown]
        if tail.size and _embedded(textpage, tail):
            continue  # a font of the file's own set too large: not a field's default font
        clip = clip_of[int(run[0])]
        if not _runs_on(textpage, boxes, edges, shown, run, clip):
            continue  # cut characters where no value set too large puts them: hidden
        # (a space between them: before the tail, or cut as its first character)
        gap = np.arange(last_shown + 1, int(tail[0]) + 1) if tail.size else np.zeros(0, np.intp)
        spaced = bool(np.isin(units[gap], list(SPACES)).any())
        out.append(Overflow(number, tuple(mine), tuple(tail.tolist()), _text(units, tail), spaced))
    return tuple(out)


def _runs_on(
    textpage: pdfium.PdfTextPage,
    boxes: Boxes,
    edges: tuple[npt.NDArray[np.float64], ...],
    shown: npt.NDArray[np.intp],
    run: npt.NDArray[np.intp],
    clip: Rect,
) -> bool:
    """Whether the cut characters ``run`` are where a value set larger than its box puts
    them (``boxes``: the text page's characters'), beside the characters ``shown`` of the
    box, in the same font and size as the last of them: on a line that runs past the
    clip's right edge (its shown part ending within an em of that edge, its cut part
    starting within an em of it, with no gap of more than an em between cut letters), on
    a line shown cut through at the clip's bottom edge (its baseline within a size below
    it), or on the line after the lowest one shown, below the clip's bottom edge (its
    baseline within :data:`LINES` sizes of that line's, starting within an em of where
    the shown lines start, its first word too wide to have stood at the end of the line
    above, after a space as wide as that line's (:func:`_space`), :data:`PADDING` inside
    the clip). Anything else (words sent 200 points past the edge, a line dropped far
    below the box, letters in another font) is hidden text."""
    left, right, _bottom, _top = edges
    last = int(shown[-1])
    size = font_size(textpage, last)
    font = _font(textpage, last)
    if size <= 0:
        return False
    for index in run.tolist():
        if abs(font_size(textpage, index) - size) > 0.01 * size:
            return False
        if _font(textpage, index) != font:
            return False
    base = _baselines(textpage, np.concatenate((shown, run)))
    on_shown = np.array([np.abs(base[shown] - base[i]).min() <= LINE for i in run.tolist()])
    past = left[run] >= clip[2] - OUTSIDE
    for k in np.flatnonzero(on_shown & ~past).tolist():
        # cut on a line the box shows: a line cut through at the clip's bottom edge (its
        # hyphens and commas below it)
        if not clip[1] - size <= base[run[k]] <= clip[1] + LINE:
            return False
    past_right = run[on_shown & past]
    for at in np.unique(np.round(base[past_right])).tolist():
        # a line running past the clip's right edge, from where it shows to where it is cut
        cut = past_right[np.abs(base[past_right] - at) <= LINE]
        mine = shown[np.abs(base[shown] - at) <= LINE]
        xs = np.sort(left[cut])
        if right[mine].max() < clip[2] - size or xs[0] > clip[2] + size:
            return False
        if xs.size > 1 and float(np.diff(xs).max()) > size:
            return False
    below = run[~on_shown]
    if below.size:
        lowest = min(float(base[i]) for i in shown.tolist())
        on_lowest = shown[np.abs(base[shown] - lowest) <= LINE]
        lines = sorted({round(float(base[i])) for i in below.tolist()}, reverse=True)
        if lowest - lines[0] > LINES * size or lowest - lines[0] < LINE:
            return False  # not the line after the lowest one shown
        if any(a - b > LINES * size for a, b in itertools.pairwise(lines)):
            return False  # cut lines not one after another
        first_line = below[np.abs(base[below] - lines[0]) <= LINE]
        first = first_line[np.argsort(left[first_line], kind="stable")]
        if float(left[first[0]]) > float(left[shown].min()) + size:
            return False
        word = np.sort(first[: _word_end(textpage, first)])
        # (each character's loose box holds its advance: a word that fits after a space,
        # so measured, a point inside the clip, would have stood on the line above)
        end = float(boxes.loose(on_lowest)[0][:, 2].max())
        word_boxes = boxes.loose(word)[0]  # (left, top, right, bottom)
        width = float(word_boxes[:, 2].max() - word_boxes[:, 0].min())
        space = _space(textpage, boxes, int(on_lowest.min()), int(on_lowest.max()), size)
        if end + space + width <= clip[2] - PADDING:
            return False  # its first word would have stood at the end of the line above
    return True


def _space(textpage: pdfium.PdfTextPage, boxes: Boxes, first: int, last: int, size: float) -> float:
    """How wide a space the line of characters ``first`` to ``last`` draws between its
    words (the narrowest, by its loose box: its advance), :data:`SPACE` of ``size`` for
    a line of one word."""
    between = np.arange(first + 1, last)
    drawn = [
        i
        for i in between[boxes.units[between] == 0x20].tolist()
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, i) != 1
    ]
    if not drawn:
        return SPACE * size
    rects = boxes.loose(np.array(drawn, np.intp))[0]
    widths = rects[:, 2] - rects[:, 0]
    widths = widths[widths > 0]
    return float(widths.min()) if widths.size else SPACE * size


def _baselines(
    textpage: pdfium.PdfTextPage, indices: npt.NDArray[np.intp]
) -> npt.NDArray[np.float64]:
    """The baseline (the origin's height) of each character ``indices``, at its index
    (NaN at the others)."""
    x, y = ctypes.c_double(), ctypes.c_double()
    out = np.full(int(indices.max()) + 1, np.nan)
    for index in indices.tolist():
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
        out[index] = y.value
    return out


def font_size(textpage: pdfium.PdfTextPage, index: int) -> float:
    """The size (points) character ``index`` is set at on the page: its font size times
    the scale of its matrix (pdftocairo sets text at 1 pt, scaled by 10)."""
    size = float(pdfium_c.FPDFText_GetFontSize(textpage.raw, index))
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFText_GetMatrix(textpage.raw, index, m):
        return size
    scale: float = abs(m.a * m.d - m.b * m.c) ** 0.5
    return size * scale


def _word_end(textpage: pdfium.PdfTextPage, order: npt.NDArray[np.intp]) -> int:
    """How many of the characters ``order`` (left to right) the first word takes."""
    for k, index in enumerate(order.tolist()):
        if pdfium_c.FPDFText_GetUnicode(textpage.raw, index) in SPACES and k:
            return k
    return int(order.size)


def _font(textpage: pdfium.PdfTextPage, index: int) -> int:
    obj = pdfium_c.FPDFText_GetTextObject(textpage.raw, index)
    font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
    return ctypes.cast(font, ctypes.c_void_p).value or 0 if font else 0


def _embedded(textpage: pdfium.PdfTextPage, indices: npt.NDArray[np.intp]) -> bool:
    """Whether some of the characters ``indices`` of ``textpage`` are drawn in a font
    whose program the file embeds (or that PDFium cannot name)."""
    seen: set[int] = set()
    for index in indices.tolist():
        obj = pdfium_c.FPDFText_GetTextObject(textpage.raw, index)
        address = ctypes.cast(obj, ctypes.c_void_p).value or 0
        if address in seen:
            continue
        seen.add(address)
        font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
        if not font or pdfium_c.FPDFFont_GetIsEmbedded(font):
            return True
    return False


def _text(units: npt.NDArray[np.uint16], indices: npt.NDArray[np.intp]) -> str:
    """The text of the characters ``indices`` (ascending) of a text page of code units
    ``units``, a space where a space or line break, or another object's text, comes
    between two of them (PDFium's order of objects on one line is across)."""
    if not indices.size:
        return ""
    parts: list[int] = []
    for previous, index in zip([-1, *indices[:-1].tolist()], indices.tolist(), strict=True):
        if previous >= 0 and index > previous + 1:
            parts.append(0x20)
        code = int(units[index])
        parts.append(0x20 if code in SPACES else code)
    text = np.array(parts, np.uint16).tobytes().decode("utf-16-le", "replace")
    return " ".join(text.split())


def text_shown_in(
    textpage: pdfium.PdfTextPage, rect: Rect, clipped: Clipped, boxes: Boxes | None = None
) -> str:
    """The text of ``textpage`` within ``rect``, as PDFium bounds it, without the
    characters ``clipped`` cuts away (when there are some). ``boxes``: the text page's
    character boxes, when made already (:func:`.charboxes.page_boxes`): each is asked for
    once a page however many rectangles are read."""
    left, bottom, right, top = rect
    text: str = textpage.get_text_bounded(left, bottom, right, top)
    if not clipped.cut.size:
        return text
    count = textpage.count_chars()
    boxes = page_boxes(textpage, boxes)
    kept = np.ones(count, bool)
    kept[clipped.cut[clipped.cut < count]] = False
    edges, found = boxes.every_tight()  # (left, right, bottom, top; 0 if not given)
    if edges.shape[0] != count:
        raise ValueError("the boxes of another text page")
    x0, x1, y0s, y1 = np.where(found[:, None], edges, 0.0).T
    meets_rect = kept & (x0 <= right) & (x1 >= left) & (y0s <= top) & (y1 >= bottom)
    meeting = meets_rect.tolist()
    # (each character's code asked for where it counts: one that meets the rectangle, a
    # space or a line break; the text page's code units say which, its first 16 bits)
    raw, units = textpage.raw, boxes.units[:count]
    asked = np.flatnonzero(meets_rect | np.isin(units, (0x0A, 0x0D, 0x20))).tolist()
    codes = [-1] * count
    for i in asked:
        codes[i] = pdfium_c.FPDFText_GetUnicode(raw, i)
    # as PDFium bounds text (CPDF_TextPage::GetTextByRect): the characters whose boxes
    # meet the rectangle, a space kept after one of them, a line break where one comes
    # again on another line after some that do not
    out: list[str] = []
    after_kept = line_feed = False
    y = None
    for index, (meets, y0) in enumerate(zip(meeting, y0s.tolist(), strict=True)):
        code = codes[index]
        if meets and code not in (0x0A, 0x0D):
            if line_feed and not after_kept and y is not None and y0 != y and out:
                out.append("\r\n")
            after_kept, line_feed, y = True, False, y0
            if code:
                out.append(chr(code))
        elif code == 0x20:
            if after_kept:
                out.append(" ")
                after_kept = line_feed = False
        else:
            after_kept, line_feed = False, True
    return "".join(out).encode("utf-16", "surrogatepass").decode("utf-16", "replace")
