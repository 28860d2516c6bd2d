"""A picture of a return's signature block (boxes, signature, date), for a person to check."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from ..form.definition import Role
from ..form.registry import DEFAULT_FORM, load_form
from ..form.template import Form
from ..pdf.pagespace import render_upright
from ..pdf.pagetext import read_pages
from ..pdf.reframe import frames, reframed
from .ontemplate import form_anchors
from .sources import wording_for

__all__ = ["signature_block_png"]

_PALETTE = Image.new("P", (1, 1))
_PALETTE.putpalette([0, 0, 0, 85, 85, 85, 170, 170, 170, 255, 255, 255])
"""Four grey levels: black ink, two shades of anti-aliasing, white paper."""
SIGN_WIDTH = 340
"""Points from the block's left edge always shown: a drawn signature may run past its text."""


def _labels(form: Form) -> tuple[str, str]:
    """The label of the consent's first box and of the speaker's sign date, from the wording."""
    definition = form.definition
    consent, sign_date = definition.by_role(Role.CONSENT), definition.by_role(Role.SIGN_DATE)
    labels = wording_for(form).labels
    first = labels.get((consent.name, consent.states[0])) if consent else None
    last = labels.get((sign_date.name, None)) if sign_date else None
    return (first.text if first else ""), (last.text if last else "")


def signature_block_png(
    path: str | bytes, *, form: Form | str = DEFAULT_FORM, scale: float = 1.25, max_pages: int = 20
) -> bytes | None:
    """PNG of the speaker's block: from the line above the consent boxes to the sign date.

    Found by the form's wording (the labels beside the boxes and the date), so it works
    on the template and on other systems' layouts. ``None`` when the block is not found.
    The picture is small on purpose (about 1.5 KB: four grey levels, 1.25 pixels per
    point, as wide as the text and the signature box), so that a report of a thousand
    returns stays a few megabytes while text and ink stay readable.
    """
    form = load_form(form) if isinstance(form, str) else form
    first, last = _labels(form)
    if not first:
        return None
    data = path if isinstance(path, bytes) else Path(path).read_bytes()
    doc = pdfium.PdfDocument(data)
    if not form.definition.imported and (
        laid := frames(doc, form.definition.page_size, max_pages, form_anchors(form))
    ):  # in the form's frame, as the reading lays it (..pdf.reframe)
        doc.close()
        doc = pdfium.PdfDocument(reframed(data, laid))
    try:
        pages = read_pages(doc, flatten=True, max_pages=max_pages)
        for page in pages:
            lines = list(page.lines)
            start = next((i for i, line in enumerate(lines) if first in line.text), None)
            if start is None:
                continue
            start = max(0, start - 1)  # the sentence that asks for the answer
            end = next(
                (
                    i
                    for i in range(start + 2, len(lines))
                    if last and lines[i].text.startswith(last)
                ),
                min(start + 4, len(lines) - 1),
            )
            block = lines[start : end + 1]
            top = max(line.top for line in block) + 6
            bottom = min(line.bottom for line in block) - 8
            left = max(0.0, min(line.left for line in block) - 6)
            right = min(page.width, max(max(line.right for line in block) + 24, left + SIGN_WIDTH))
            pdf_page = doc[page.page]
            try:  # in the page's own space, where its lines are
                image = Image.fromarray(render_upright(pdf_page, scale, (left, bottom, right, top)))
            finally:
                pdf_page.close()
            out = io.BytesIO()
            grey = image.convert("L").point(lambda v: round(v / 85) * 85).convert("RGB")
            grey.quantize(palette=_PALETTE, dither=Image.Dither.NONE).save(
                out, format="PNG", optimize=True, bits=2
            )
            return out.getvalue()
        return None
    finally:
        doc.close()
