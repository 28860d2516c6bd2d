"""Which pages of a PDF are pictures of paper: scans, photos, a scanner's "searchable PDF".

A page is *scanned* when it shows no text of its own, only an image that covers
most of it: either no text objects at all, or only invisible text (render mode 3,
the OCR layer a scanner or OCRmyPDF lays under the picture); and no form fields
sit on it (a fillable form drawn over a picture of a paper form is not a scan).
Such a text layer is another program's guess at the picture; readers must not
trust it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .loadedpages import LoadedPages, loaded

__all__ = ["ScannedPage", "scanned_pages", "with_printed_pages"]

COVER = 0.6
"""Share of the page an image must cover for the page to count as a picture of paper."""


@dataclass(frozen=True, slots=True)
class ScannedPage:
    page: int
    invisible_text: bool
    """The page carries another program's OCR layer (text in render mode 3)."""
    dpi: float
    """The resolution of its largest image, in pixels per inch of the page (0 if unknown)."""
    printed: bool = False
    """A page with text of its own, rendered to be read beside the pictures of a
    mixed document (page 1 printed to PDF, page 2 a scan)."""


def _has_widgets(page: pdfium.PdfPage) -> bool:
    """Whether form fields sit on the page (a fillable page, even over a picture)."""
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_WIDGET:
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return False


def _scanned(page: pdfium.PdfPage, number: int) -> ScannedPage | None:
    if _has_widgets(page):
        return None
    width, height = page.get_size()
    area = max(width * height, 1.0)
    covered = 0.0
    dpi = 0.0
    invisible = False
    for obj in page.get_objects(max_depth=4):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
            if mode != pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
                return None
            invisible = True
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            x0, y0, x1, y1 = obj.get_bounds()
            share = max(0.0, (min(x1, width) - max(x0, 0.0))) * max(
                0.0, (min(y1, height) - max(y0, 0.0))
            )
            if share / area > covered:
                covered = share / area
                pixels = obj.get_px_size()
                dpi = 72.0 * pixels[0] / max(x1 - x0, 1.0)
    if covered < COVER:
        return None
    return ScannedPage(number, invisible, dpi)


def scanned_pages(
    doc: pdfium.PdfDocument | LoadedPages, *, max_pages: int = 20
) -> list[ScannedPage]:
    """The pages that are pictures of paper, in order (empty for a born-digital document);
    of a document, or of pages loaded to be shared (left loaded for what reads them next)."""
    out = []
    with loaded(doc) as pages:
        for number in range(min(len(pages), max_pages)):
            found = _scanned(pages[number], number)
            if found is not None:
                out.append(found)
    return out


def with_printed_pages(
    doc: pdfium.PdfDocument, scanned: list[ScannedPage], *, max_pages: int = 20
) -> list[ScannedPage]:
    """``scanned`` with the document's other pages added (``printed``), in page order:
    a mixed document is read from the pixels of all its pages."""
    known = {item.page: item for item in scanned}
    return [
        known.get(number, ScannedPage(number, False, 0.0, printed=True))
        for number in range(min(len(doc), max_pages))
    ]
