"""The pages of a return as a viewer shows them on screen, rendered once at 72 dpi, for the
reading of other tools' fills from their widgets (:mod:`.provenfill`) to compare with the
form's own pages pixel for pixel."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from ..pdf.loadedpages import LoadedPages
from ..pdf.pagespace import render_upright
from ..pdf.rendering import ViewMode, flatten_page

__all__ = ["content_ink", "screen_renders", "shown_pages"]


def content_ink(page: pdfium.PdfPage) -> npt.NDArray[np.uint8]:
    """``page`` as its own content draws it (no annotation nor form drawn), at 72 dpi, as
    ink (0 white): what the reading compares with the form's pages pixel for pixel."""
    return render_upright(page, 1.0, draw_annots=False, may_draw_forms=False, ink=True)


def screen_renders(
    data: bytes, numbers: Sequence[int], *, annotations: bool = True
) -> list[npt.NDArray[np.uint8]]:
    """Pages ``numbers`` of ``data`` as a viewer shows them on screen: their annotations
    drawn in as the reading flattens them (``FPDF_RenderPage`` leaves widgets to a form
    environment: it draws none), each rendered at 72 dpi; without ``annotations``, their
    own content alone."""
    doc = pdfium.PdfDocument(data)
    try:
        out = []
        for number in numbers:
            page = doc[number]
            if annotations:
                page = flatten_page(doc, page, number, ViewMode.SCREEN)
            try:
                out.append(content_ink(page))
            finally:
                page.close()
        return out
    finally:
        doc.close()


def shown_pages(data: bytes, pages: LoadedPages, boxed: set[int]) -> list[npt.NDArray[np.uint8]]:
    """Each of ``pages`` as a viewer shows it on screen, rendered at 72 dpi: those with
    boxes to tick (``boxed``) with their annotations drawn in (:func:`screen_renders`); the
    others, whose widgets were proved to draw only inside their boxes, as their own
    content draws them (a page of text fields shows the same outside its boxes either
    way, and flattening it costs as much again as its render)."""
    own = [n for n in range(len(pages)) if n not in boxed and not pages.drawn(n)]
    others = [n for n in range(len(pages)) if n not in own]
    drawn = iter(screen_renders(data, others) if others else ())
    return [content_ink(pages[n]) if n in own else next(drawn) for n in range(len(pages))]
