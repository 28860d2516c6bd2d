"""Pages as a viewer shows them: rendered with PDFium on screen and in print, compared by ink.

A page is rendered the way a viewer draws it: annotations (widgets included) are
flattened into the page first, those a viewer shows on screen or those marked for
print, and optional content is drawn as its default configuration says for that use
(PDFium's ``FPDF_PRINTING`` picks the print state). Renders are grey, at a low
resolution, one per page and mode, in the page's own space, where its characters are: a
page turned by ``/Rotate`` is drawn upright, over its media box, and what its crop box
hides is white (:mod:`.pagespace`).

Two renders are compared by their ink (:mod:`.inkcompare`, whose names are here too).
Glyphs of the text layer (:mod:`.glyphtable`) are checked
one by one against the render: a glyph whose box shows no contrast, whose own pixels (no
other glyph's, no rule's) show no ink (:mod:`.ownink`), or that is drawn in an invisible
rendering mode, does not show, whatever a text extractor reads.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .charboxes import Boxes, KnownStart, page_boxes
from .clipping import Clipped, Rect, clipped_chars
from .glyphtable import EMPTY, Glyph, GlyphTable, read_glyphs
from .inkcompare import (
    BLUR,
    CHANGE,
    SHIFT,
    Changes,
    Image,
    changes,
    difference,
    opencv,
    regions,
    regions_at,
    shrink,
)
from .inkcompare import clip_to as _clipped
from .likereference import ACROSS, Judged, glyph_keys, no_extent, remembered, taken
from .ownink import own_ink
from .ownobjects import OwnObjects
from .pagepaint import page_paint
from .pagespace import page_space, put_back, render_upright
from .scratch import scratch
from .type3place import draws_type3

__all__ = [
    "BLUR",
    "CHANGE",
    "SCALE",
    "SHIFT",
    "Changes",
    "Glyph",
    "GlyphTable",
    "Image",
    "Rendered",
    "ViewMode",
    "changes",
    "difference",
    "flatten_page",
    "hidden_among",
    "hidden_glyphs",
    "regions",
    "regions_at",
    "render_page",
    "render_pages",
    "shrink",
    "unpainted_annotations",
]

SCALE = 1.0
"""Pixels per point: 72 dpi, the resolution of PDFium's floor (text plus one render a page).

Enough for what the whole page is checked for: a 9-point glyph is 9 pixels tall, its
strokes anti-aliased into grey levels that the contrast and ink thresholds below keep
telling apart from a blank (every pixel measure of :mod:`.inkcompare` and of the checks
built on it is sized in points for this resolution). What needs a closer look (the
words OCR reads, a consent box) is rendered again on its own, box by box, at its own
resolution (:func:`.closeups.render_closeups`, :mod:`.marks`)."""
CONTRAST = 48
"""Grey levels between lightest and darkest pixel of a glyph's box for it to show."""
GLYPH_MARGIN = 0.72 * SCALE
"""Pixels around a glyph's box that its contrast is measured over, for the anti-aliased
edges of its strokes and for a white pixel beside a small mark: 0.72 pt (a whole pixel at
100 dpi before). Not a whole pixel at 72 dpi: a pixel more on each side reaches the ink
of the glyphs beside it (the last letter of the word before a word whited out)."""
PATCH = 24
"""Glyph boxes up to this many pixels a side are checked together (larger ones one by one)."""

Box = tuple[float, float, float, float]
"""left, bottom, right, top in PDF points (origin bottom-left)."""


class ViewMode(enum.Enum):
    """How a viewer draws a page."""

    SCREEN = "screen"
    PRINT = "print"


@dataclass(frozen=True, slots=True)
class Rendered:
    """One page as a viewer shows it."""

    page: int
    width: float
    height: float
    levels: npt.NDArray[np.uint8]
    """255 minus the grey level of each pixel (0 white .. 255 black), rows from the top:
    the render's own levels, as bytes."""
    glyphs: GlyphTable
    """The text layer of the flattened page (empty when not asked for)."""
    unpainted: tuple[str, ...] = ()
    """Subtypes of annotations with no appearance stream, which viewers draw their own way
    or not at all (links and pop-ups aside)."""
    coloured: npt.NDArray[np.uint8] | None = field(default=None, compare=False)
    """For a page that draws in colour (:mod:`.pagepaint`), ``levels`` with each coloured
    pixel of a colour render by its most telling channel where that is more ink (255
    minus the least of red, green and blue: yellow as much as black); None for a page
    drawn in greys only, whose ``levels`` are that ink already."""
    _ink: list[Image] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def ink(self) -> Image:
        """``levels`` as floats, made on first use: most checks read the bytes (or floats
        of a few rows or boxes of them), and a page of floats costs a few megabytes that
        are paid for in page faults."""
        if not self._ink:
            self._ink.append(self.levels.astype(np.float32))
        return self._ink[0]

    @property
    def seen(self) -> npt.NDArray[np.uint8]:
        """The ink a person sees, in whatever colour: ``coloured``, or ``levels`` for a
        page in greys. What a page is compared with the form by (a yellow stamp is as
        much ink as a black one); ``levels`` stays what glyphs' contrast is judged on."""
        return self.levels if self.coloured is None else self.coloured

    def pixels(self, box: Box, margin: float = 0) -> tuple[int, int, int, int]:
        """A box in points as pixel rows/columns ``(y0, y1, x0, x1)``, clipped to the image:
        the pixels that the box grown by ``margin`` pixels on every side touches."""
        rows, cols = self.levels.shape
        left, bottom, right, top = box
        # (math's floor and ceiling of the same numbers: numpy's, without its scalars)
        y0 = math.floor((self.height - top) * SCALE - margin)
        y1 = math.ceil((self.height - bottom) * SCALE + margin)
        x0 = math.floor(left * SCALE - margin)
        x1 = math.ceil(right * SCALE + margin)
        return max(0, y0), min(rows, max(y1, y0 + 1)), max(0, x0), min(cols, max(x1, x0 + 1))

    def pixel_boxes(
        self, boxes: npt.NDArray[np.float64], margin: float = 0
    ) -> tuple[npt.NDArray[np.int64], ...]:
        """:meth:`pixels` of each row of ``boxes`` (n x 4, in points), as four arrays."""
        rows, cols = self.levels.shape
        left, bottom, right, top = boxes.reshape(-1, 4).T
        y0 = np.floor((self.height - top) * SCALE - margin).astype(np.int64)
        y1 = np.ceil((self.height - bottom) * SCALE + margin).astype(np.int64)
        x0 = np.floor(left * SCALE - margin).astype(np.int64)
        x1 = np.ceil(right * SCALE + margin).astype(np.int64)
        y0, y1 = np.maximum(0, y0), np.minimum(rows, np.maximum(y1, y0 + 1))
        x0, x1 = np.maximum(0, x0), np.minimum(cols, np.maximum(x1, x0 + 1))
        return y0, y1, x0, x1

    def points(self, y0: int, y1: int, x0: int, x1: int) -> Box:
        """A pixel rectangle as a box in points."""
        return (x0 / SCALE, self.height - y1 / SCALE, x1 / SCALE, self.height - y0 / SCALE)


_NO_APPEARANCE_NEEDED = frozenset({"Link", "Popup"})


def unpainted_annotations(page: pdfium.PdfPage) -> tuple[str, ...]:
    """Subtypes of the page's annotations (links, pop-ups, widgets aside) without /AP."""
    out = []
    for annot in _annotations(page):
        subtype = pdfium_c.FPDFAnnot_GetSubtype(annot)
        name = _SUBTYPES.get(subtype, f"subtype {subtype}")
        unneeded = name in _NO_APPEARANCE_NEEDED or name == "Widget"
        if not unneeded and not pdfium_c.FPDFAnnot_HasKey(annot, b"AP"):
            out.append(name)
    return tuple(out)


def _annotations(page: pdfium.PdfPage) -> Iterator[Any]:
    """Each annotation of ``page`` (PDFium's handle), closed once the loop moves on."""
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        if not annot:
            continue
        try:
            yield annot
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)


_SIGNING = (pdfium_c.FPDF_ANNOT_STAMP, pdfium_c.FPDF_ANNOT_INK)
_UNSEEN = pdfium_c.FPDF_ANNOT_FLAG_HIDDEN | pdfium_c.FPDF_ANNOT_FLAG_NOVIEW
"""Annotations so flagged are drawn by no viewer on screen."""


def signing_annotations(page: pdfium.PdfPage) -> tuple[Box, ...]:
    """The boxes of the page's stamp and ink annotations that a viewer draws on screen
    (with an appearance, neither Hidden nor NoView), larger than 4 pt each way: where a
    viewer's "add signature" tool puts a signature (review rev24)."""
    out = []
    rect = pdfium_c.FS_RECTF()
    for annot in _annotations(page):
        if (
            pdfium_c.FPDFAnnot_GetSubtype(annot) in _SIGNING
            and pdfium_c.FPDFAnnot_HasKey(annot, b"AP")
            and not pdfium_c.FPDFAnnot_GetFlags(annot) & _UNSEEN
            and pdfium_c.FPDFAnnot_GetRect(annot, rect)
        ):
            left, right = sorted((rect.left, rect.right))
            bottom, top = sorted((rect.bottom, rect.top))
            if right - left > 4 and top - bottom > 4:
                out.append((left, bottom, right, top))
    return tuple(out)


_SUBTYPES = {
    getattr(pdfium_c, f"FPDF_ANNOT_{name.upper()}"): name
    for name in (
        *("Text", "Link", "FreeText", "Line", "Square", "Circle", "Polygon", "Polyline"),
        *("Highlight", "Underline", "Squiggly", "Strikeout", "Stamp", "Caret", "Ink", "Popup"),
        *("FileAttachment", "Sound", "Widget", "Screen", "PrinterMark", "TrapNet"),
        *("Watermark", "Threed", "Richmedia", "Xfawidget", "Redact"),
    )
    if hasattr(pdfium_c, f"FPDF_ANNOT_{name.upper()}")
}


def render_pages(
    data: bytes, mode: ViewMode, *, max_pages: int, glyphs: bool = False
) -> list[Rendered]:
    """Up to ``max_pages`` pages of ``data`` as a viewer shows them in ``mode``.

    Raises :class:`pypdfium2.PdfiumError` for a file PDFium cannot open.
    """
    doc = pdfium.PdfDocument(data)
    try:
        return [
            render_page(doc, number, mode, glyphs=glyphs)
            for number in range(min(len(doc), max_pages))
        ]
    finally:
        doc.close()


def _hide_no_view(page: pdfium.PdfPage) -> None:
    """Annotations flagged NoView hidden, in the in-memory page: PDFium's display
    flattening leaves out Hidden and Invisible ones but draws those, which a viewer does
    not show on screen (they may print)."""
    for annot in _annotations(page):
        flags = pdfium_c.FPDFAnnot_GetFlags(annot)
        if flags & pdfium_c.FPDF_ANNOT_FLAG_NOVIEW:
            pdfium_c.FPDFAnnot_SetFlags(annot, flags | pdfium_c.FPDF_ANNOT_FLAG_HIDDEN)


def flatten_page(
    doc: pdfium.PdfDocument, page: pdfium.PdfPage, number: int, mode: ViewMode
) -> pdfium.PdfPage:
    """Page ``number`` of ``doc`` (loaded as ``page``, which this closes when it reloads it)
    with the annotations a viewer shows in ``mode`` drawn into it, in the in-memory document
    only; reloaded when something was drawn in, so that its content is the flattened one."""
    flag = pdfium_c.FLAT_PRINT if mode is ViewMode.PRINT else pdfium_c.FLAT_NORMALDISPLAY
    if mode is ViewMode.SCREEN:
        _hide_no_view(page)
    # the raw call: the helper insists on init_forms(), which flattening does not need
    before = page_space(page)
    if pdfium_c.FPDFPage_Flatten(page.raw, flag) == pdfium_c.FLATTEN_NOTHINGTODO:
        return page
    page.close()
    flat = doc[number]
    put_back(flat, before)  # the media box the file gives, not the crop box as PDFium sets it
    return flat


def render_page(
    doc: pdfium.PdfDocument,
    number: int,
    mode: ViewMode,
    *,
    glyphs: bool = False,
    flattened: pdfium.PdfPage | None = None,
    unpainted: tuple[str, ...] | None = None,
    textpage: pdfium.PdfTextPage | None = None,
    known: KnownStart | Boxes | None = None,
    clipped: Clipped | None = None,
    blocks: list[Rect] | None = None,
    own_content: OwnObjects | None = None,
    type3: bool | None = None,
) -> Rendered:
    """Page ``number`` of ``doc`` as a viewer shows it in ``mode``; flattens it in ``doc``.

    ``flattened``: the page already flattened for ``mode`` by :func:`flatten_page`, with
    ``unpainted`` read before (:func:`unpainted_annotations`) and a ``textpage`` of it for
    the glyphs; ``known``: the page's own characters, if known, or the boxes of the
    characters of ``textpage`` already made (:mod:`.charboxes`); ``clipped``: the
    characters of ``textpage`` a clip cuts away, if known, else found here with the
    overflows of the value boxes ``blocks`` (:func:`.clipping.clipped_chars`); ``own_content``:
    the own content of ``flattened``, if known (:mod:`.ownobjects`); ``type3``: whether
    the page draws with a Type 3 font, if known (:func:`.type3place.draws_type3`).
    """
    if flattened is None:
        page = doc[number]
        unpainted = unpainted_annotations(page)
        page = flatten_page(doc, page, number, mode)
    else:
        page = flattened
    try:
        # in the page's own space, where its characters are (.pagespace)
        space = page_space(page)
        width, height = space.size
        # what it paints with, for the screen (the render compared with the form's page)
        # and the glyphs; a print render is compared with the screen's, in grey
        screen = mode is ViewMode.SCREEN
        paint = page_paint(page, colours=screen, own=own_content) if screen or glyphs else None

        def ink(colour: bool) -> npt.NDArray[np.uint8]:
            # 255 less the grey levels, made from the bitmap (no copy of a page of levels)
            return render_upright(
                page,
                SCALE,
                draw_annots=False,
                may_draw_forms=False,
                extra_flags=pdfium_c.FPDF_PRINTING if mode is ViewMode.PRINT else 0,
                space=space,
                colour=colour,
                ink=True,
            )

        # in colour too where something is drawn in colour (.pagepaint): a grey render
        # takes yellow for a light grey
        levels = ink(False)
        coloured = np.maximum(levels, ink(True)) if paint is not None and paint.coloured else None
        text = EMPTY
        if glyphs:
            own = textpage is None
            textpage = page.get_textpage() if textpage is None else textpage
            try:
                if clipped is None:
                    known = page_boxes(textpage, known)
                    clipped = clipped_chars(page, textpage, known, blocks)
                if type3 is None:
                    type3 = draws_type3(page)
                text = read_glyphs(page, textpage, known, paint, clipped, type3=type3)
            finally:
                if own:
                    textpage.close()
    finally:
        if flattened is None:
            page.close()
    # read-only from here: what the checks find out about a render stays true (.inkcompare)
    for made in (levels, coloured):
        if made is not None:
            made.flags.writeable = False
    return Rendered(number, width, height, levels, text, unpainted or (), coloured)


_NEAR = np.ones((3, 3), np.uint8)
BAND_PAD = 8
"""Rows a band of the page judged on its own (:func:`_judged` with ``chosen``) reaches
beyond the grown boxes of the glyphs judged in it: more than the rows at its edges that
its filters read otherwise than the whole page's (a 3 x 3 square, the rules' rows)."""

BAND_GAP = 64
"""Rows between two bands under which they are judged as one (see :func:`_bands`)."""

_REFERENCE: dict[int, tuple[Rendered, Judged]] = {}
"""Verdicts of reference pages (the form's own, rendered once per process): id -> (page,
it judged, :class:`.likereference.Judged`)."""
_RECENT: dict[int, list[Judged]] = {}
"""Per reference page (by id, as :data:`_REFERENCE`), the pages judged against it to ask
first (:func:`.likereference.remembered`)."""


def _keys(page: Rendered) -> npt.NDArray[np.int64]:
    """:func:`.likereference.glyph_keys` of ``page``'s glyphs (their boxes grown by
    :data:`GLYPH_MARGIN`): all that :func:`_judged` reads of them."""
    glyphs = page.glyphs
    return glyph_keys(
        page.pixel_boxes(glyphs.boxes),
        page.pixel_boxes(glyphs.boxes, margin=GLYPH_MARGIN),
        no_extent(glyphs.boxes),
        glyphs.invisible,
    )


def hidden_glyphs(page: Rendered, reference: Rendered | None = None) -> list[Glyph]:
    """Glyphs of the text layer that a viewer does not show: drawn invisibly, or whose box
    has no contrast on the render (white on white, covered, clipped, in a hidden layer),
    or with room of its own and no ink there (a letter drawn white inside a word drawn
    black, whose box grown by the margin reaches its neighbours' ink: :mod:`.ownink`),
    or a letter of a Type 3 font drawn at a speck of its size (:mod:`.type3place`).

    ``reference``: a page judged the same way whose pixels and glyphs the page may share
    (the form's page, for a return of it): a glyph whose box, paint and surroundings are
    the reference's (:mod:`.likereference`) takes the reference's verdict, and only the
    others are judged here, on the bands of rows they stand on. Pages judged against it
    before serve so too, first (the last, and the last print: a print places every glyph
    its own way, and shares most of them with the last print by the same program,
    :func:`.likereference.taken`): their verdicts are the ones they would have alone, as
    any reference's."""
    glyphs = page.glyphs
    if not glyphs:
        return []
    hidden = np.zeros(len(glyphs), bool)
    chosen, recall = None, None
    keys = _keys(page)
    if (
        reference is not None
        and reference.glyphs
        and (reference.width, reference.height) == (page.width, page.height)
        and reference.levels.shape == page.levels.shape
    ):
        kept = _REFERENCE.get(id(reference))
        if kept is None or kept[0] is not reference:
            if len(_REFERENCE) > 16:
                _REFERENCE.clear()
                _RECENT.clear()
            ref_keys = _keys(reference)
            kept = _REFERENCE[id(reference)] = (
                reference,
                Judged(reference.levels, _judged(reference, None, ref_keys), ref_keys, False),
            )
            _RECENT.pop(id(reference), None)
        # the pages judged before first (a print shares more with the last print by the
        # same program than with the form's page), then the form's page itself
        before = _RECENT.get(id(reference), [])
        matched, source, own = taken(page.levels, keys, kept[1], before)
        hidden[matched.same] = source.hidden[matched.at[matched.same]]
        chosen = ~matched.same
        recall = id(reference), own, before
    hidden |= _judged(page, chosen, keys)
    if recall is not None:  # (its verdicts, the whole page's: for the next page)
        key, own, before = recall
        _RECENT[key] = remembered(Judged(page.levels, hidden.copy(), keys, own), before)
    if glyphs.shrunk is not None:  # a glyph drawn at a speck of its size, or flattened
        hidden |= glyphs.shrunk
    return [glyphs[i] for i in np.nonzero(hidden)[0].tolist()]


def hidden_among(page: Rendered, chosen: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Per glyph of ``page``, whether it is hidden (:func:`hidden_glyphs`, without a
    reference), judged for the glyphs ``chosen`` alone (the others are False)."""
    return _judged(page, chosen, _keys(page))


def _bands(top: npt.NDArray[np.int64], bottom: npt.NDArray[np.int64], rows: int) -> list[range]:
    """The rows ``[top - BAND_PAD, bottom + BAND_PAD)`` of each span, clipped to the page,
    joined where they are less than :data:`BAND_GAP` rows apart (a band costs some calls
    of its own, a row a little)."""
    order = np.argsort(top, kind="stable")
    starts = _clipped(top[order] - BAND_PAD, rows)
    ends = np.maximum.accumulate(_clipped(np.maximum(bottom, top)[order] + BAND_PAD, rows))
    fresh = np.concatenate(([True], starts[1:] > ends[:-1] + BAND_GAP))
    first = np.flatnonzero(fresh)
    last = np.append(first[1:] - 1, starts.size - 1)
    return [range(a, b) for a, b in zip(starts[first].tolist(), ends[last].tolist(), strict=True)]


def _judged(
    page: Rendered,
    chosen: npt.NDArray[np.bool_] | None,
    keys: npt.NDArray[np.int64],
) -> npt.NDArray[np.bool_]:
    """Per glyph of ``page``, whether it is hidden (:func:`hidden_glyphs`); only the glyphs
    ``chosen`` are judged (the others are False), on the bands of rows around them, each
    as wide as the glyphs judged in it and :data:`~.likereference.ACROSS` columns either
    side: every glyph, on the whole page, without ``chosen``. ``keys``: the glyphs' :func:`_keys`,
    of which each glyph's pixels, those of its box grown by :data:`GLYPH_MARGIN`, and
    whether it has no extent (a mark: not judged) are read."""
    glyphs = page.glyphs
    boxes = tuple(keys[:, k] for k in range(4))
    y0, y1, x0, x1 = (keys[:, k] for k in range(4, 8))
    invisible = glyphs.invisible
    extentless = keys[:, 8].astype(bool)
    empty = (y1 <= y0) | (x1 <= x0)
    contrast = np.full(len(glyphs), np.inf)
    heights, widths = y1 - y0, x1 - x0
    todo = ~(invisible | extentless | empty)
    room = np.zeros(len(glyphs), bool)
    shows = np.zeros(len(glyphs), bool)
    if chosen is not None:
        todo &= chosen
    # Most glyphs show, and most of the work is proving it. A glyph must show ink on
    # pixels of its own (.ownink: its box's, no other glyph's box's, no rule's), one at
    # least CONTRAST darker than the lightest of its 3 x 3 square. Such a pixel whose
    # square lies inside the glyph's box grown by the margin (its centre at least one
    # pixel in from every side) also proves the grown box's contrast is at least
    # CONTRAST: its lightest and darkest pixels are at least as far apart as those of
    # any square inside it. One filter and one summed-area table count such pixels in
    # every box at once; only boxes with none (hidden glyphs, glyphs sharing all their
    # pixels with others, a few drawn faintly or thinly) have their contrast measured
    # exactly below, as before.
    if todo.any():
        levels = page.levels
        rows = levels.shape[0]
        # the whole page; or, for some glyphs, the bands of rows around them, each with
        # every glyph that touches it (whose pixels are not the judged ones' own)
        bands = [range(0, rows)] if chosen is None else _bands(y0[todo], y1[todo], rows)
        cols = levels.shape[1]
        for band in bands:
            a, b = band.start, band.stop
            c, d = 0, cols
            if chosen is None:
                near = np.ones(len(glyphs), bool)
            else:
                # (and the columns around them: a verdict reads ACROSS columns at most)
                judged = todo & (y0 >= a) & (y1 <= b)
                if judged.any():
                    c = max(0, int(x0[judged].min()) - ACROSS)
                    d = min(cols, int(x1[judged].max()) + ACROSS)
                near = (boxes[0] < b) & (boxes[1] > a) | (y0 < b) & (y1 > a)
                near &= (boxes[2] < d) & (boxes[3] > c) | (x0 < d) & (x1 > c)
            part = levels[a:b, c:d]
            cv2 = opencv()
            darker = scratch("darker", part.shape, np.uint8)  # kept: no page faults a page
            cv2.subtract(part, cv2.erode(part, _NEAR, dst=darker), dst=darker)
            # the glyphs near the band, by their positions (takes: the same elements as the
            # mask selects, a mask's count made once)
            where = near.nonzero()[0]
            top_near, bottom_near = y0.take(where), y1.take(where)
            inside = (
                boxes[0].take(where) - a,
                boxes[1].take(where) - a,
                boxes[2].take(where) - c,
                boxes[3].take(where) - c,
            )
            grown = (top_near - a, bottom_near - a, x0.take(where) - c, x1.take(where) - c)
            found = own_ink(part, darker, inside, grown, ~invisible.take(where), CONTRAST)
            mine = todo.take(where) & (top_near >= a) & (bottom_near <= b)
            at = where[mine]
            room[at], shows[at] = found[0][mine], found[1][mine]
            todo[at] &= ~found[2][mine]
    small = todo & (heights <= PATCH) & (widths <= PATCH)
    # small boxes at once, as stacks of windows, in a few bands of sizes (a window is as
    # large as the largest box of its band; pixels outside a box are masked); the bands
    # sorted among the small boxes left (few: most glyphs are proven above)
    at = np.flatnonzero(small)
    if at.size:
        tall_at, wide_at = heights[at], widths[at]
        for tall in (tall_at <= 12, (tall_at > 12) & (tall_at <= 16), tall_at > 16):
            for wide in (wide_at <= 8, (wide_at > 8) & (wide_at <= 12), wide_at > 12):
                picked = at[tall & wide]
                if picked.size:
                    contrast[picked] = _contrast(
                        page.levels, y0[picked], x0[picked], heights[picked], widths[picked]
                    )
    for index in np.nonzero(todo & ~small)[0].tolist():  # large glyphs (headings), one by one
        patch = page.levels[y0[index] : y1[index], x0[index] : x1[index]]
        contrast[index] = float(int(patch.max()) - int(patch.min()))
    # with room of their own, they must show ink there: the margin reaches the letters
    # beside a glyph and the line it is written on
    unowned = room & ~shows
    judged = np.ones(len(glyphs), bool) if chosen is None else chosen
    hidden: npt.NDArray[np.bool_] = judged & (
        invisible | (~extentless & (empty | (contrast < CONTRAST) | unowned))
    )
    return hidden


def _contrast(
    ink: npt.NDArray[np.uint8],
    first_rows: npt.NDArray[np.int64],
    first_cols: npt.NDArray[np.int64],
    heights: npt.NDArray[np.int64],
    widths: npt.NDArray[np.int64],
) -> npt.NDArray[np.float64]:
    """Lightest to darkest ink (levels) within each box (clipped to the page, at least a
    pixel)."""
    rows, cols = ink.shape
    down, across = np.arange(heights.max()), np.arange(widths.max())
    rows_at = np.minimum(first_rows[:, None] + down[None, :], rows - 1)
    cols_at = np.minimum(first_cols[:, None] + across[None, :], cols - 1)
    # the windows' pixels by flat indices (the same as by rows and columns, a fraction of
    # the cost of numpy's general mapping)
    windows = ink.ravel().take(rows_at[:, :, None] * cols + cols_at[:, None, :])
    outside = ~(
        (down[None, :] < heights[:, None])[:, :, None]
        & (across[None, :] < widths[:, None])[:, None, :]
    )
    # ink is 0..255: pixels outside a box count as 0 for its max and 255 for its min (as
    # bytes: the same whole numbers as floats, without converting every pixel)
    highest = np.where(outside, np.uint8(0), windows).max(axis=(1, 2))
    lowest = np.where(outside, np.uint8(255), windows).min(axis=(1, 2))
    out: npt.NDArray[np.float64] = highest.astype(np.float64) - lowest
    return out
