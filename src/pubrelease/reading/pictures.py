"""A picture of a return's signature block (boxes, signature, date), for a person to check."""

from __future__ import annotations

import io

import pypdfium2 as pdfium

from ..pdf.pagetext import read_pages

__all__ = ["signature_block_png"]

FIRST = ("By Checking", "Accept")
LAST = "Date"


def signature_block_png(path: str, *, scale: float = 1.6, max_pages: int = 20) -> bytes | None:
    """PNG of the speaker's block: from the consent sentence to the speaker's date line.

    Found by the wording, so it works on our template and on other systems' layouts.
    ``None`` when the block cannot be found.
    """
    doc = pdfium.PdfDocument(path)
    try:
        pages = read_pages(doc, flatten=True, max_pages=max_pages)
        for page in pages:
            lines = list(page.lines)
            start = next((i for i, line in enumerate(lines) if line.text.startswith(FIRST)), None)
            if start is None:
                continue
            end = next(
                (i for i in range(start + 1, len(lines)) if lines[i].text.startswith(LAST)),
                min(start + 4, len(lines) - 1),
            )
            block = lines[start : end + 1]
            top = max(line.top for line in block) + 6
            bottom = min(line.bottom for line in block) - 8
            left = max(0.0, min(line.left for line in block) - 6)
            right = page.width - max(0.0, left - 12)
            pdf_page = doc[page.page]
            try:
                crop = (
                    left,
                    max(0.0, bottom),
                    max(0.0, page.width - right),
                    max(0.0, page.height - top),
                )
                image = pdf_page.render(scale=scale, crop=crop, may_draw_forms=True).to_pil()
            finally:
                pdf_page.close()
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PNG", optimize=True)
            return out.getvalue()
        return None
    finally:
        doc.close()
