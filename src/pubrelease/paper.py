"""A release as a speaker returns it on paper: printed, ticked and signed by pen, scanned.

Used by the demo, so that its first run shows the OCR path working: the filled
release is rendered by PDFium (the "print"), a tick and a signature are drawn with
Pillow where the form's plan puts the box and the signature line, the page is
turned a little and saved as a JPEG scan inside a PDF.
"""

from __future__ import annotations

import io
import math

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from .form.template import Form

__all__ = ["paper_return"]

PEN = (30, 40, 125)


def paper_return(pdf: bytes, form: Form, *, state: str, dpi: float = 200.0) -> bytes:
    """``pdf`` printed, its ``state`` box ticked and its speaker's line signed, then scanned."""
    doc = pdfium.PdfDocument(pdf)
    doc.init_forms()  # the fields' appearances are printed too
    try:
        pages = [
            doc[i].render(scale=dpi / 72, may_draw_forms=True).to_pil().convert("RGB")
            for i in range(len(doc))
        ]
    finally:
        doc.close()
    height = form.definition.page_size[1]

    def px(x: float, y: float) -> tuple[float, float]:
        return x * dpi / 72, (height - y) * dpi / 72

    for plan in form.fields.values():
        for widget in plan.widgets:
            box = widget.box
            draw = ImageDraw.Draw(pages[box.page])
            left, bottom, right, top = box.rect
            if plan.spec.kind.boxes and box.state == state:
                w = right - left
                stroke = [
                    px(left + 0.15 * w, bottom + 0.5 * w),
                    px(left + 0.4 * w, bottom + 0.1 * w),
                    px(right + 0.2 * w, top + 0.4 * w),
                ]
                draw.line(stroke, PEN, max(2, round(dpi / 60)))
            elif plan.spec.name == "signature":
                line = [
                    px(left + 10 + 1.8 * i, (top + bottom) / 2 + 4 * math.sin(i / 2.3))
                    for i in range(55)
                ]
                draw.line(line, PEN, max(2, round(dpi / 70)))
    scans = []
    for page in pages:
        turned = page.rotate(0.8, resample=Image.Resampling.BICUBIC, fillcolor="white")
        buffer = io.BytesIO()
        turned.save(buffer, "JPEG", quality=75)
        scans.append(Image.open(io.BytesIO(buffer.getvalue())))
    out = io.BytesIO()
    scans[0].save(out, "PDF", save_all=True, append_images=scans[1:], resolution=dpi)
    return out.getvalue()
