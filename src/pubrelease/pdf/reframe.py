"""Pages laid in the frame of the page they were made from, showing what they showed.

The reading compares a page with the form's page in the page's own space
(:mod:`.pagespace`): its characters where PDFium reads them, its renders from the corner
of its media box. Two ways of saving a page honestly move that space off the form's
frame while every viewer shows the same:

- A crop by the media box (pypdf's documented ``page.mediabox.lower_left = ...``,
  pikepdf or qpdf setting ``/MediaBox``): the drawing stays where it was, the page's
  corner moves in. Shown, it is the page cropped by a ``/CropBox`` of that box.
- A page printed "fit to page" on other paper (A4: :mod:`.fitted`), or shrunk on the
  same paper to a printer's margins: the form's page drawn scaled (one scale, or one
  across and another down) and moved on the sheet. Or printed on the same paper as it
  is, with words wholly beyond the box the form's pages draw in (``drawn``: a browser's
  header and footer over the form's blank margin), laid as it is, those words its margin.
- A page redrawn turned (Ghostscript's ``pdfwrite`` or ``pdftocairo -pdf`` of a page
  with a ``/Rotate``): the drawing is turned in the page's own space, its text runs down
  the page (or upside down), with a ``/Rotate`` undoing it or, without one, the page
  shown turned as the original was. Or the media box and the drawing moved alike.

:func:`frames` finds such pages; :func:`reframed` draws them again in the frame of the
page they were made from (in a copy: an update appended to the file's bytes): the
drawing turned by a quarter turn until its text is upright and moved so the media box's
corner is the origin (its annotations' rectangles moved alike), or, for a crop inside
the frame, the media box set to the frame and the crop box to what was shown, or, for a
page printed fit to other paper (or shrunk on its own), the drawing placed back where the
form has it, the frame becoming its media box (what the sheet shows beyond it is outside
the media box, which the reading counts as not shown).
``/Rotate`` and the crop box are turned alike, so
every viewer shows the copy as it showed the file, pixel for pixel; what the crop hid
is outside the crop box, which the reading counts as not shown. Pages whose media box
is the frame, and every page of the form as issued, are left alone.
"""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .fitted import Anchor, fitted_placement
from .loadedpages import LoadedPages, loaded
from .matrices import IDENTITY, Matrix, inverse, placed, times
from .pagespace import Box, page_space
from .sheetmargin import Margin, sheet_margin, without_margin

__all__ = ["Frame", "frames", "reframed", "saved_copy"]

NEAR = 1.0
"""Points by which a box may miss the frame's and still be taken for it (rounding)."""
SIDEWAYS = 0.9
"""Share of a page's letters that must run one way for its drawing to be taken as turned."""
SAMPLE = 16
"""Characters of a page looked at for the way its text runs (spread over it)."""
ENDS = 8
"""Characters at each end of a page's text layer looked at for a printer's header or
footer over the form's blank margin (:func:`_beyond`)."""
CLEAR = 2.0
"""Points beyond the box the form's pages draw in where a print's words are looked for
(a character's box may stand out of its text object's a little)."""


@dataclass(frozen=True, slots=True)
class Frame:
    """How page ``page`` is laid in the frame: its drawing turned counter-clockwise by
    ``turn`` degrees about the origin, then moved by ``shift``; its media box becomes
    ``media`` and its crop box ``shown`` (both in the new space); a viewer turns it by
    ``rotation``. A page printed fit to other paper: ``fitted``, the matrix that placed
    the form's page on the sheet, is undone first; ``margin``: what the sheet shows
    beyond the form's page (its words are taken off the copy: .sheetmargin)."""

    page: int
    turn: int
    shift: tuple[float, float]
    media: Box
    shown: Box
    rotation: int
    fitted: Matrix = IDENTITY
    margin: Margin | None = None


def _turned(box: Box, turn: int) -> Box:
    """``box`` turned counter-clockwise by ``turn`` degrees (a quarter turn) about the origin."""
    left, bottom, right, top = box
    corners = [(left, bottom), (right, top)]
    if turn == 90:
        corners = [(-y, x) for x, y in corners]
    elif turn == 180:
        corners = [(-x, -y) for x, y in corners]
    elif turn == 270:
        corners = [(y, -x) for x, y in corners]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _moved(box: Box, dx: float, dy: float) -> Box:
    return box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy


def _text_turn(textpage: pdfium.PdfTextPage) -> int:
    """The quarter turn (counter-clockwise, degrees) that sets the page's letters upright,
    when nearly all of them run one way (0 otherwise)."""
    count = pdfium_c.FPDFText_CountChars(textpage.raw)
    step = max(1, count // SAMPLE)
    ways: Counter[int] = Counter()
    for index in range(0, count, step):
        if not chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index)).isalnum():
            continue
        angle = pdfium_c.FPDFText_GetCharAngle(textpage.raw, index)
        if angle < 0:
            continue
        quarter = round(math.degrees(angle) / 90) % 4  # PDFium: degrees clockwise
        ways[quarter * 90] += 1
    if not ways:
        return 0
    way, letters = ways.most_common(1)[0]
    return way if letters >= SIDEWAYS * sum(ways.values()) else 0


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= NEAR


def _frame(pages: LoadedPages, number: int, size: tuple[float, float], fit: _Fit) -> Frame | None:
    space = page_space(pages[number])
    width, height = size
    media_w, media_h = space.size
    same = _near(media_w, width) and _near(media_h, height)
    lying = _near(media_w, height) and _near(media_h, width) and not same
    turn = 0
    if lying or (same and not _annotations(pages[number])):
        # the frame's shape lying on its side, or upright and printed (no annotations: a
        # text page shared with the reading): the drawing may be turned in it
        turn = _text_turn(pages.textpage(number))
        if lying and turn not in (90, 270):
            return None
        if same and turn != 180:
            turn = 0
        if same and turn == 0 and _near(space.media[0], 0) and _near(space.media[1], 0):
            return _scaled(pages, number, size, fit)  # shrunk on the same paper, or as it is
    elif not same:
        left, bottom, right, top = space.media
        inside = left > -NEAR and bottom > -NEAR and right < width + NEAR and top < height + NEAR
        if not inside:
            return _scaled(pages, number, size, fit)  # printed fit to other paper, or
            # a page of another size: judged as it is
        return Frame(number, 0, (0.0, 0.0), (0.0, 0.0, width, height), space.shown, space.rotation)
    media = _turned(space.media, turn)
    dx, dy = -media[0], -media[1]
    if turn == 0 and _near(dx, 0) and _near(dy, 0):
        return None
    return Frame(
        number,
        turn,
        (dx, dy),
        _moved(media, dx, dy),
        _moved(_turned(space.shown, turn), dx, dy),
        (space.rotation + turn) % 360,
    )


class _Fit:
    """How the file's first page is fitted to its paper (:func:`.fitted.fitted_placement`,
    by the form's first page's ``anchors``), found once for every page of its size."""

    def __init__(self, anchors: Sequence[Anchor], drawn: Box | None) -> None:
        self.anchors = anchors
        self.drawn = drawn
        self.found: dict[tuple[float, float], Matrix | None] = {}

    def __call__(
        self, pages: LoadedPages, sheet: tuple[float, float], form: tuple[float, float]
    ) -> Matrix | None:
        if sheet not in self.found:
            first = page_space(pages[0])
            self.found[sheet] = (
                fitted_placement(pages.textpage(0), sheet, form, self.anchors)
                if self.anchors and first.size == sheet and not _annotations(pages[0])
                else None
            )
        return self.found[sheet]


def _scaled(pages: LoadedPages, number: int, size: tuple[float, float], fit: _Fit) -> Frame | None:
    """The frame of page ``number`` printed fit to other paper, as the first page is, or
    printed as it is with words beyond what the form's page draws (a browser's header
    and footer over its blank margin: :func:`_beyond`); None when it is neither."""
    space = page_space(pages[number])
    found = fit(pages, space.size, size) if not space.rotation else None
    if found is None or _annotations(pages[number]):
        return None
    drawn = placed(fit.drawn, found) if fit.drawn is not None else None
    if _in_place(found) and (drawn is None or not _beyond(pages, number, drawn)):
        return None
    left, bottom, right, top = placed(space.shown, inverse(found))
    width, height = size
    shown = (max(left, 0.0), max(bottom, 0.0), min(right, width), min(top, height))
    media = (0.0, 0.0, width, height)
    on_sheet = placed(media, found)
    margin = sheet_margin(pages[number], pages.textpage(number), on_sheet, space.shown, drawn)
    if _in_place(found) and (margin is None or not margin.lines):
        return None  # (no words there after all: the page is read as it is)
    return Frame(number, 0, (0.0, 0.0), media, shown, 0, found, margin)


def _beyond(pages: LoadedPages, number: int, drawn: Box) -> bool:
    """Whether page ``number``'s text layer begins or ends (:data:`ENDS` characters) with
    a run of characters above, below, left or right of ``drawn`` (by :data:`CLEAR` or
    more): a printer draws its header and footer before the page or after it. (The most
    pages have none: the boxes PDFium makes of a few characters looked at, not the
    page's every character.)"""
    textpage = pages.textpage(number)
    count = pdfium_c.FPDFText_CountChars(textpage.raw)
    left, bottom, right, top = drawn
    edges = [ctypes.c_double() for _ in range(4)]
    for start in sorted({0, max(0, count - ENDS)}):
        runs = pdfium_c.FPDFText_CountRects(textpage.raw, start, min(ENDS, count))
        for index in range(runs):
            pdfium_c.FPDFText_GetRect(textpage.raw, index, *(ctypes.byref(e) for e in edges))
            r_left, r_top, r_right, r_bottom = (e.value for e in edges)
            if (
                r_bottom > top + CLEAR
                or r_top < bottom - CLEAR
                or r_right < left - CLEAR
                or r_left > right + CLEAR
            ):
                return True
    return False


def _in_place(m: Matrix) -> bool:
    """Whether ``m`` leaves the form's page where it is (to rounding)."""
    a, b, c, d, e, f = m
    return max(abs(a - 1), abs(b), abs(c), abs(d - 1)) <= 1e-4 and _near(e, 0) and _near(f, 0)


def frames(
    doc: pdfium.PdfDocument | LoadedPages,
    size: tuple[float, float],
    max_pages: int,
    anchors: Sequence[Anchor] = (),
    drawn: Box | None = None,
) -> list[Frame]:
    """The pages of ``doc`` (up to ``max_pages``) not laid in a frame of ``size`` (width,
    height) and how to lay them in it (see the module); most files have none. ``anchors``:
    characters of the form's first page, by which a page printed fit to other paper is
    told (none: such pages are judged as they are); ``drawn``: the box in which the
    form's pages draw anything, beyond which a print's words are its sheet's margin
    (none: only words beyond the form's page are)."""
    out = []
    fit = _Fit(anchors, drawn)
    with loaded(doc) as pages:
        for number in range(min(len(pages), max_pages)):
            frame = _frame(pages, number, size, fit)
            if frame is not None:
                out.append(frame)
    return out


def _annotations(page: pdfium.PdfPage) -> int:
    return int(pdfium_c.FPDFPage_GetAnnotCount(page.raw))


def _move_annotations(page: pdfium.PdfPage, dx: float, dy: float) -> None:
    """Every annotation's rectangle moved by ``dx``, ``dy`` (its appearance is drawn in
    its rectangle, so it moves along)."""
    for index in range(_annotations(page)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        if not annot:
            continue
        try:
            rect = pdfium_c.FS_RECTF()
            if pdfium_c.FPDFAnnot_GetRect(annot, ctypes.byref(rect)):
                moved = pdfium_c.FS_RECTF(
                    rect.left + dx, rect.top + dy, rect.right + dx, rect.bottom + dy
                )
                pdfium_c.FPDFAnnot_SetRect(annot, ctypes.byref(moved))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)


def _lay(page: pdfium.PdfPage, frame: Frame) -> None:
    if frame.turn or frame.shift != (0.0, 0.0) or frame.fitted != IDENTITY:
        cos = round(math.cos(math.radians(frame.turn)))
        sin = round(math.sin(math.radians(frame.turn)))
        turned = times(inverse(frame.fitted), (cos, sin, -sin, cos, *frame.shift))
        matrix = pdfium_c.FS_MATRIX(*turned)
        if not pdfium_c.FPDFPage_TransFormWithClip(page.raw, ctypes.byref(matrix), None):
            raise pdfium.PdfiumError("Failed to move the page's drawing.")
        _move_annotations(page, *frame.shift)
    page.set_mediabox(*frame.media)
    page.set_cropbox(*frame.shown)
    page.set_rotation(frame.rotation)


def reframed(data: bytes, laid: list[Frame]) -> bytes:
    """``data`` with the pages of ``laid`` laid in their frames (an update appended); a
    page with annotations is not turned (PDFium cannot turn their appearances with it).
    The words of a sheet's margin are taken off the page first, when the page then draws
    the form's page as it did (:func:`.sheetmargin.without_margin`; else they stay)."""
    kept: set[int] = set()  # pages that would not draw the same without their margin's words
    while True:
        doc = pdfium.PdfDocument(data)
        try:
            changed = None
            for frame in laid:
                page = doc[frame.page]
                try:
                    margin = frame.margin.objects if frame.margin else ()
                    on_sheet = placed(frame.media, frame.fitted)
                    taken = margin and frame.page not in kept
                    if taken and not without_margin(page, margin, on_sheet):
                        changed = frame.page
                        break
                    if frame.turn == 0 or not _annotations(page):
                        _lay(page, frame)
                finally:
                    page.close()
            if changed is None:
                return saved_copy(doc)
            kept.add(changed)
        finally:
            doc.close()


def saved_copy(doc: pdfium.PdfDocument) -> bytes:
    """``doc`` as PDFium saves it changed: its file's bytes, an update appended."""
    out = _Sink()
    doc.save(out, flags=pdfium_c.FPDF_INCREMENTAL)
    return out.data


class _Sink:
    """Where PDFium writes the saved copy."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, part: bytes) -> int:
        self.parts.append(bytes(part))
        return len(part)

    @property
    def data(self) -> bytes:
        return b"".join(self.parts)
