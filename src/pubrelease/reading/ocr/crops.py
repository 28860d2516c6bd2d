"""A picture of a scanned return's consent boxes and signature line, for a person to check.

The scan is registered onto the form again and the band from the consent boxes to
the signature line is cut from the registered picture: the same place on every
return, whatever the skew or perspective of the original.
"""

from __future__ import annotations

import io
import os

import pypdfium2 as pdfium
from PIL import Image

from ...form.template import Form
from ...pdf.scanned import scanned_pages
from .registration import RegistrationError, page_image, register, to_pixels

__all__ = ["scan_block_png"]

MARGIN = 14.0
"""Points of paper kept around the boxes and the line."""
WIDTH = 640
"""Width in pixels of the picture (small: the report embeds one per return)."""


def scan_block_png(source: bytes | str | os.PathLike[str], form: Form) -> bytes | None:
    """PNG (as the report's other pictures) of a scan's consent boxes and signature line;
    ``None`` when the file is not a scan or the page with them was not found."""
    boxes = [
        w.box
        for plan in form.every_plan()
        if plan.spec.kind.boxes or plan.spec.name == "signature"
        for w in plan.widgets
    ]
    if not boxes or len({b.page for b in boxes}) != 1:
        return None
    page_number = boxes[0].page
    left = min(b.rect[0] for b in boxes) - MARGIN
    right = max(b.rect[2] for b in boxes) + MARGIN
    bottom = min(b.rect[1] for b in boxes) - MARGIN
    top = max(b.rect[3] for b in boxes) + MARGIN
    doc = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    try:
        for item in scanned_pages(doc):
            picture = page_image(doc, item.page, min(max(item.dpi or 200.0, 100.0), 300.0))
            try:
                registered = register(form, picture, pages=(page_number,))
            except RegistrationError:
                continue
            x0, y0, x1, y1 = to_pixels((left, bottom, right, top), form.definition.page_size[1])
            crop = Image.fromarray(registered.image[max(y0, 0) : y1, max(x0, 0) : x1])
            crop = crop.resize((WIDTH, max(1, round(crop.height * WIDTH / crop.width))))
            out = io.BytesIO()
            crop.save(out, format="PNG", optimize=True)
            return out.getvalue()
        return None
    finally:
        doc.close()
