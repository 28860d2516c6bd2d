"""Pages drawn in their own space: turned back upright, over the media box, with what the
crop box hides left blank.

A viewer turns a page by its ``/Rotate`` and shows only its crop box (``/CropBox``, cut
to the media box); PDFium renders it so. But the characters PDFium reads off a page, and
the places the reading looks at (a form's value boxes, a word's box), are in the page's
own space: upright, from the origin of its coordinates. Rendered as a viewer shows it, a
page that was only turned (``qpdf --rotate=+90``, a viewer's "rotate and save") or
cropped to a margin no longer lies under its own characters, and it no longer compares
with the form's page drawn upright at full size.

So every render of the reading is made here, in the page's own space: the page is drawn
with its ``/Rotate`` undone, over its whole media box, and the pixels outside what a
viewer shows (the crop box, cut to the media box) are made white, since no viewer shows
them: text there does not show, and ink of a form cut away by a crop is missing, as it
is on screen. A turned page so draws exactly as upright; a page cropped to its blank
margin exactly as uncropped.

Most pages are upright and uncropped (:attr:`PageSpace.plain`): they are rendered as
before, with nothing done besides. The crop box is set to the media box only for the
render (in the in-memory document) and set back after it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .keptglyphs import keep_standard_glyphs

__all__ = ["PageSpace", "page_space", "put_back", "render_upright", "shown_part"]

Box = tuple[float, float, float, float]
"""left, bottom, right, top in PDF points (origin bottom-left)."""

_EVERYWHERE: Box = (-1.0e6, -1.0e6, 1.0e6, 1.0e6)
"""A crop box larger than any page: PDFium cuts it to the media box."""


@dataclass(frozen=True, slots=True)
class PageSpace:
    """Where a page lies in its own space and what a viewer shows of it."""

    media: Box
    """The media box (inherited ones too), normalised."""
    shown: Box
    """What a viewer shows: the crop box cut to the media box (the media box without one)."""
    rotation: int
    """Degrees a viewer turns the page, clockwise (0, 90, 180, 270)."""

    @property
    def plain(self) -> bool:
        """Upright and uncropped: a viewer shows the page as its own space lies."""
        return self.rotation == 0 and self.shown == self.media

    @property
    def size(self) -> tuple[float, float]:
        """Width and height of the media box."""
        left, bottom, right, top = self.media
        return right - left, top - bottom


def _bounding_box(page: pdfium.PdfPage) -> Box:
    rect = pdfium_c.FS_RECTF()
    if not pdfium_c.FPDF_GetPageBoundingBox(page.raw, rect):
        raise pdfium.PdfiumError("Failed to get the page's bounding box.")
    return (
        min(rect.left, rect.right),
        min(rect.bottom, rect.top),
        max(rect.left, rect.right),
        max(rect.bottom, rect.top),
    )


def _normal(box: Box) -> Box:
    left, bottom, right, top = box
    return min(left, right), min(bottom, top), max(left, right), max(bottom, top)


def page_space(page: pdfium.PdfPage) -> PageSpace:
    """``page``'s media box, what a viewer shows of it and how it is turned."""
    shown = _bounding_box(page)  # PDFium's own: the crop box (inherited too) in the media box
    own = page.get_mediabox(fallback_ok=False)
    if own is not None:
        media = _normal(own)
    else:  # inherited, or none (PDFium's default): what PDFium cuts an endless crop box to
        with _crop_box(page, _EVERYWHERE, shown):
            media = _bounding_box(page)
    return PageSpace(media, shown, page.get_rotation() % 360)


@contextmanager
def _crop_box(page: pdfium.PdfPage, box: Box, shown: Box) -> Iterator[None]:
    """``page``'s crop box set to ``box`` for the ``with`` block (in the in-memory
    document), then set back (to what the page's own ``/CropBox`` said, or to what it
    showed, ``shown``, when its crop box was inherited or none)."""
    before = page.get_cropbox(fallback_ok=False)
    page.set_cropbox(*box)
    try:
        yield
    finally:
        page.set_cropbox(*(before if before is not None else shown))


def put_back(page: pdfium.PdfPage, before: PageSpace) -> None:
    """The boxes of ``page`` set back to ``before`` (its :func:`page_space` before it was
    flattened, in the in-memory document): PDFium's flattening (``FPDFPage_Flatten``)
    writes the crop box as the page's media box, which would make what the crop hides
    part of the page's own space."""
    if before.shown != before.media:
        page.set_mediabox(*before.media)
        page.set_cropbox(*before.shown)


def shown_part(space: PageSpace, box: Box) -> Box | None:
    """The part of ``box`` that a viewer shows, or None."""
    left, bottom, right, top = box
    s_left, s_bottom, s_right, s_top = space.shown
    cut = (max(left, s_left), max(bottom, s_bottom), min(right, s_right), min(top, s_top))
    return cut if cut[0] < cut[2] and cut[1] < cut[3] else None


CHROMA = 8
"""Of 255, how far apart a pixel's channels must be for a colour render to count it as
coloured (``render_upright(colour=True)``): a grey's own are equal."""


def _grey(
    bitmap: pdfium.PdfBitmap, colour: bool = False, ink: bool = False
) -> npt.NDArray[np.uint8]:
    """The bitmap's grey levels in an array of their own (the bitmap's memory goes with
    it); ``ink``: 255 less each, made from the bitmap at once (no copy of the levels)."""
    grey = bitmap.to_numpy()
    if colour and grey.ndim == 3:  # coloured pixels by their darkest channel, greys white
        # (channel by channel: numpy reduces an axis of three a pixel at a time, 25 ms
        # a page at 72 dpi, against half a millisecond for two elementwise passes)
        red, green, blue = grey[..., 0], grey[..., 1], grey[..., 2]
        darkest = np.minimum(np.minimum(red, green), blue)
        lightest = np.maximum(np.maximum(red, green), blue)
        levels: npt.NDArray[np.uint8] = np.where(
            lightest - darkest > CHROMA, darkest, np.uint8(255)
        )
        return np.subtract(255, levels, dtype=np.uint8) if ink else levels
    if grey.ndim != 2:  # PDFium chose another format: as PIL converts it
        grey = np.asarray(bitmap.to_pil().convert("L"))
    if ink:
        inked: npt.NDArray[np.uint8] = np.subtract(255, grey, dtype=np.uint8)
        return inked
    return np.array(grey, np.uint8)  # a copy


def render_upright(
    page: pdfium.PdfPage,
    scale: float,
    box: Box | None = None,
    *,
    draw_annots: bool = True,
    may_draw_forms: bool = True,
    extra_flags: int = 0,
    space: PageSpace | None = None,
    colour: bool = False,
    ink: bool = False,
) -> npt.NDArray[np.uint8]:
    """Grey levels (0 black .. 255 white, rows from the top) of ``page`` drawn in its own
    space at ``scale`` pixels a point: the whole media box, or the part of ``box`` (in
    points) inside it; pixels a viewer does not show are white (see the module). A box
    that misses the media box gives one white pixel. ``space``: :func:`page_space` of the
    page, when already known. ``colour``: rendered in colour, the coloured pixels only
    (channels more than :data:`CHROMA` apart), each by its darkest channel (the least of
    red, green and blue), so that a colour stands from white by its most telling channel
    (yellow as far as black); every grey pixel white (PDFium anti-aliases a colour
    render otherwise than a grey one: the grey render stays what greys are measured by).
    ``ink``: 255 less each level (0 white), what is not shown 0."""
    space = page_space(page) if space is None else space
    m_left, m_bottom, m_right, m_top = space.media
    left, bottom, right, top = space.media if box is None else box
    crop = (
        max(0.0, left - m_left),
        max(0.0, bottom - m_bottom),
        max(0.0, m_right - right),
        max(0.0, m_top - top),
    )
    width, height = m_right - m_left, m_top - m_bottom
    pixels = [math.ceil(c * scale) for c in crop]
    if (
        math.ceil(width * scale) - pixels[0] - pixels[2] < 1
        or math.ceil(height * scale) - pixels[1] - pixels[3] < 1
    ):
        return np.full((1, 1), 0 if ink else 255, np.uint8)

    keep_standard_glyphs()  # (the standard fonts' glyphs drawn for earlier files: .keptglyphs)

    def draw(turn: int) -> npt.NDArray[np.uint8]:
        return _grey(
            page.render(
                scale=scale,
                rotation=turn,
                crop=crop,
                grayscale=not colour,
                draw_annots=draw_annots,
                may_draw_forms=may_draw_forms,
                extra_flags=extra_flags,
            ),
            colour,
            ink,
        )

    if space.plain:
        return draw(0)
    turn = (360 - space.rotation) % 360  # the render turned back by as much
    if space.shown == space.media:
        grey = draw(turn)
    else:
        with _crop_box(page, space.media, space.shown):
            grey = draw(turn)
    # what a viewer does not show, blank: pixels wholly outside the shown box
    s_left, s_bottom, s_right, s_top = space.shown
    x0, y0 = m_left + pixels[0] / scale, m_top - pixels[3] / scale  # the image's corner
    rows, cols = grey.shape
    first_col = min(cols, max(0, math.floor((s_left - x0) * scale)))
    end_col = min(cols, max(0, math.ceil((s_right - x0) * scale)))
    first_row = min(rows, max(0, math.floor((y0 - s_top) * scale)))
    end_row = min(rows, max(0, math.ceil((y0 - s_bottom) * scale)))
    paper = 0 if ink else 255
    grey[:first_row] = paper
    grey[end_row:] = paper
    grey[:, :first_col] = paper
    grey[:, end_col:] = paper
    return grey
