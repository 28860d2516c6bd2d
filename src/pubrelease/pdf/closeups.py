"""Boxes of pages rendered large, with the text layer's characters inside each: for reading
words off the page (OCR) and comparing them with the text layer.

A page the reading has loaded as the file holds it, with nothing to flatten (a print's, a
flattened return's: :meth:`.LoadedPages.plain`), is drawn from the reading's own page and
text page: opening the file again, loading and reading the page anew gave the same
pixels and characters (2 to 3 ms of a print's parse).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .charboxes import Boxes, page_boxes
from .clipping import clipped_chars, text_shown_in
from .matrices import Box
from .pagespace import page_space, render_upright
from .rendering import ViewMode, flatten_page

if TYPE_CHECKING:
    from .loadedpages import LoadedPages

__all__ = ["CLOSE_DPI", "TINY", "Closeup", "render_closeups", "shown_up_close"]


@dataclass(frozen=True, slots=True)
class Closeup:
    """A box of a page rendered large, with the text layer's characters inside it."""

    image: npt.NDArray[np.uint8]
    """Grey levels, 0 black .. 255 white."""
    text: str
    lines: int = 1
    """Lines of the text layer inside the box (at least one)."""


def render_closeups(
    data: bytes,
    mode: ViewMode,
    wanted: dict[int, list[Box]],
    *,
    dpi: float = 300,
    pages: LoadedPages | None = None,
) -> dict[int, list[Closeup]]:
    """Boxes of pages of ``data`` (page number -> boxes in points) rendered as a viewer
    shows them in ``mode`` (annotations flattened), at ``dpi``, one per box, in the order
    given. ``pages``: ``data``'s pages as the reading loaded them, whose plain ones are
    drawn as they are (see the module)."""
    doc: pdfium.PdfDocument | None = None
    extra = pdfium_c.FPDF_PRINTING if mode is ViewMode.PRINT else 0
    out: dict[int, list[Closeup]] = {}
    try:
        for number, boxes in sorted(wanted.items()):
            if pages is not None and 0 <= number < len(pages) and pages.plain(number):
                out[number] = _closeups(
                    pages[number], pages.textpage(number), boxes, dpi, extra, pages.boxes(number)
                )
                continue
            if doc is None:
                doc = pdfium.PdfDocument(data)
            if not 0 <= number < len(doc):
                continue
            page = flatten_page(doc, doc[number], number, mode)
            textpage = page.get_textpage()
            try:
                out[number] = _closeups(page, textpage, boxes, dpi, extra)
            finally:
                textpage.close()
                page.close()
    finally:
        if doc is not None:
            doc.close()
    return out


def _closeups(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    boxes: list[Box],
    dpi: float,
    extra: int,
    chars: Boxes | None = None,
) -> list[Closeup]:
    # the text layer without what a clip cuts away (a value's cut lines running over the
    # box below; ``chars``: the boxes of its characters, when made already)
    chars = page_boxes(textpage, chars)
    cut = clipped_chars(page, textpage, chars, boxes)
    # the boxes are in the page's own space: drawn there (.pagespace), a box off the
    # page, or outside what a viewer shows of it, shows nothing
    space = page_space(page)
    closeups = []
    for left, bottom, right, top in boxes:
        image = render_upright(
            page,
            dpi / 72,
            (left, bottom, right, top),
            draw_annots=False,
            may_draw_forms=False,
            extra_flags=extra,
            space=space,
        )
        text = text_shown_in(textpage, (left, bottom, right, top), cut, chars)
        lines = max(1, sum(1 for line in text.splitlines() if line.strip()))
        closeups.append(Closeup(image, " ".join(text.split()), lines))
    return closeups


TINY = 3.0
"""Points a glyph's box is across and high at most for :func:`shown_up_close` to look
at it: at 72 dpi (:data:`.rendering.SCALE`) a period or a colon of small type, shrunk
onto A4 or Letter by a printer, is less than a pixel, its ink spread over the pixels it
meets, too light to show the contrast a glyph's box must (:data:`.rendering.CONTRAST`)."""
CLOSE_DPI = 288.0
"""The resolution a tiny glyph is looked at again (4 pixels a point)."""


def shown_up_close(
    data: bytes, number: int, boxes: list[Box], margin: float, contrast: float
) -> list[bool]:
    """For each glyph box of page ``number`` of ``data`` (as a viewer shows it on screen),
    whether, rendered at :data:`CLOSE_DPI` with ``margin`` points around it, its darkest
    pixel inside the box is at least ``contrast`` grey levels darker than the lightest
    around it: ink of its own, where the whole page's render at 72 dpi has too few pixels
    to tell (a glyph covered, or drawn white, shows none up close either)."""
    grown = [(a - margin, b - margin, c + margin, d + margin) for a, b, c, d in boxes]
    images = render_closeups(data, ViewMode.SCREEN, {number: grown}, dpi=CLOSE_DPI)
    pad = round(margin * CLOSE_DPI / 72)
    out = []
    for closeup in images.get(number, []):
        image = closeup.image
        inner = image[pad : image.shape[0] - pad, pad : image.shape[1] - pad]
        out.append(bool(inner.size) and int(image.max()) - int(inner.min()) >= contrast)
    return out + [False] * (len(boxes) - len(out))
