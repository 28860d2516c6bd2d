"""Pages as a viewer shows them: rendered with PDFium on screen and in print, compared by ink.

A page is rendered the way a viewer draws it: annotations (widgets included) are
flattened into the page first, those a viewer shows on screen or those marked for
print, and optional content is drawn as its default configuration says for that use
(PDFium's ``FPDF_PRINTING`` picks the print state). Renders are grey, at a low
resolution, one per page and mode.

Two renders are compared by their ink (255 minus the grey level) blurred over a few
pixels and aligned within a couple of pixels, so that another program's rounding of
glyph positions or its substitute for a standard font does not count, while a word
that is added, hidden or drawn differently does. Glyphs of the text layer are checked
one by one against the render: a glyph whose box shows no contrast, or that is drawn
in an invisible rendering mode, does not show, whatever a text extractor reads.
"""

from __future__ import annotations

import ctypes
import enum
from collections import deque
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

__all__ = [
    "CHANGE",
    "SCALE",
    "Glyph",
    "Image",
    "Rendered",
    "ViewMode",
    "difference",
    "hidden_glyphs",
    "regions",
    "render_pages",
]

SCALE = 100 / 72
"""Pixels per point: 100 dpi, enough for 9-point wording, cheap enough for every page."""
BLUR = 5
"""Side of the square (pixels) over which ink is averaged before comparing."""
SHIFT = 2
"""Pixels either way a render may be shifted to match another (glyph placement rounding)."""
CHANGE = 40.0
"""Blurred ink difference (of 255) that counts as a change."""
CONTRAST = 48
"""Grey levels between lightest and darkest pixel of a glyph's box for it to show."""

Image = npt.NDArray[np.float32]
Box = tuple[float, float, float, float]
"""left, bottom, right, top in PDF points (origin bottom-left)."""


class ViewMode(enum.Enum):
    """How a viewer draws a page."""

    SCREEN = "screen"
    PRINT = "print"


@dataclass(frozen=True, slots=True)
class Glyph:
    """One visible-width character of a page's text layer, with its tight box."""

    char: str
    box: Box
    invisible: bool
    """Drawn in text rendering mode 3 or 7 (no paint): extracted, never shown."""
    space_before: bool = False
    """A space or line break comes before it in the text layer."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """One page as a viewer shows it."""

    page: int
    width: float
    height: float
    ink: Image
    """255 minus the grey level of each pixel (0 white .. 255 black), rows from the top."""
    glyphs: tuple[Glyph, ...]
    """The text layer of the flattened page (empty when not asked for)."""
    unpainted: tuple[str, ...] = ()
    """Subtypes of annotations with no appearance stream, which viewers draw their own way
    or not at all (links and pop-ups aside)."""

    def pixels(self, box: Box, margin: int = 0) -> tuple[int, int, int, int]:
        """A box in points as pixel rows/columns ``(y0, y1, x0, x1)``, clipped to the image."""
        rows, cols = self.ink.shape
        left, bottom, right, top = box
        y0 = int(np.floor((self.height - top) * SCALE)) - margin
        y1 = int(np.ceil((self.height - bottom) * SCALE)) + margin
        x0 = int(np.floor(left * SCALE)) - margin
        x1 = int(np.ceil(right * SCALE)) + margin
        return max(0, y0), min(rows, max(y1, y0 + 1)), max(0, x0), min(cols, max(x1, x0 + 1))

    def points(self, y0: int, y1: int, x0: int, x1: int) -> Box:
        """A pixel rectangle as a box in points."""
        return (x0 / SCALE, self.height - y1 / SCALE, x1 / SCALE, self.height - y0 / SCALE)


def _glyphs(page: pdfium.PdfPage) -> tuple[Glyph, ...]:
    textpage = page.get_textpage()
    raw = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    out = []
    space = False
    try:
        for index in range(pdfium_c.FPDFText_CountChars(raw)):
            code = pdfium_c.FPDFText_GetUnicode(raw, index)
            if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
                continue
            char = chr(code)
            if code == 0x02 or char.isspace():
                space = True
                continue
            if not pdfium_c.FPDFText_GetCharBox(
                raw, index, ctypes.byref(left), ctypes.byref(right),
                ctypes.byref(bottom), ctypes.byref(top),
            ):  # fmt: skip
                continue
            obj = pdfium_c.FPDFText_GetTextObject(raw, index)
            mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj) if obj else 0
            invisible = mode in (
                pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE,
                pdfium_c.FPDF_TEXTRENDERMODE_CLIP,
            )
            box = (left.value, bottom.value, right.value, top.value)
            out.append(Glyph(char, box, invisible, space))
            space = False
    finally:
        textpage.close()
    return tuple(out)


_NO_APPEARANCE_NEEDED = frozenset({"Link", "Popup"})


def _unpainted(page: pdfium.PdfPage) -> tuple[str, ...]:
    out = []
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        if not annot:
            continue
        try:
            subtype = pdfium_c.FPDFAnnot_GetSubtype(annot)
            name = _SUBTYPES.get(subtype, f"subtype {subtype}")
            if name in _NO_APPEARANCE_NEEDED or name == "Widget":
                continue
            if not pdfium_c.FPDFAnnot_HasKey(annot, b"AP"):
                out.append(name)
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
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
    flag = pdfium_c.FLAT_PRINT if mode is ViewMode.PRINT else pdfium_c.FLAT_NORMALDISPLAY
    extra = pdfium_c.FPDF_PRINTING if mode is ViewMode.PRINT else 0
    out = []
    try:
        for number in range(min(len(doc), max_pages)):
            page = doc[number]
            unpainted = _unpainted(page)
            pdfium_c.FPDFPage_Flatten(page, flag)
            page.close()
            page = doc[number]
            try:
                width, height = page.get_size()
                bitmap = page.render(
                    scale=SCALE,
                    grayscale=True,
                    draw_annots=False,
                    may_draw_forms=False,
                    extra_flags=extra,
                )
                grey = np.asarray(bitmap.to_pil().convert("L"), dtype=np.float32)
                text = _glyphs(page) if glyphs else ()
            finally:
                page.close()
            out.append(Rendered(number, width, height, 255.0 - grey, text, unpainted))
    finally:
        doc.close()
    return out


def _blur(ink: Image) -> Image:
    k = BLUR
    padded = np.pad(ink, ((k // 2 + 1, k // 2), (k // 2 + 1, k // 2)))
    total = padded.cumsum(0).cumsum(1)
    out = total[k:, k:] - total[:-k, k:] - total[k:, :-k] + total[:-k, :-k]
    blurred: Image = (out / (k * k)).astype(np.float32)
    return blurred


def difference(shown: Image, expected: Image) -> Image:
    """Per pixel, how much more (positive) or less (negative) ink ``shown`` has than
    ``expected`` at the best alignment within :data:`SHIFT` pixels, blurred.

    Only pixels that differ before alignment are aligned: the rest are 0.
    """
    if shown.shape != expected.shape:
        rows = max(shown.shape[0], expected.shape[0])
        cols = max(shown.shape[1], expected.shape[1])
        shown = np.pad(shown, ((0, rows - shown.shape[0]), (0, cols - shown.shape[1])))
        expected = np.pad(expected, ((0, rows - expected.shape[0]), (0, cols - expected.shape[1])))
    out = np.zeros(shown.shape, np.float32)
    if np.array_equal(shown, expected):
        return out
    a, e = _blur(shown), _blur(expected)
    ys, xs = np.nonzero(np.abs(a - e) > CHANGE)
    if ys.size == 0:
        return out
    r = SHIFT
    padded = np.pad(e, r, mode="edge")
    values = a[ys, xs]
    best = np.full(ys.shape, np.inf, np.float32)
    signed = np.zeros(ys.shape, np.float32)
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            delta = values - padded[ys + r + dy, xs + r + dx]
            closer = np.abs(delta) < best
            best = np.where(closer, np.abs(delta), best)
            signed = np.where(closer, delta, signed)
    out[ys, xs] = signed
    return out


def regions(
    mask: npt.NDArray[np.bool_], *, min_pixels: int = 12, cell: int = 6
) -> list[tuple[int, int, int, int]]:
    """Connected groups of set pixels (cells of ``cell`` pixels, touching ones merged) with at
    least ``min_pixels`` set, as pixel rectangles ``(y0, y1, x0, x1)``, top to bottom."""
    rows, cols = mask.shape
    gy, gx = -(-rows // cell), -(-cols // cell)
    padded = np.zeros((gy * cell, gx * cell), dtype=np.int32)
    padded[:rows, :cols] = mask
    counts = padded.reshape(gy, cell, gx, cell).sum(axis=(1, 3))
    seen = np.zeros((gy, gx), dtype=bool)
    out = []
    for y, x in zip(*np.nonzero(counts), strict=True):
        if seen[y, x]:
            continue
        queue = deque([(int(y), int(x))])
        seen[y, x] = True
        total, y0, y1, x0, x1 = 0, int(y), int(y), int(x), int(x)
        while queue:
            cy, cx = queue.popleft()
            total += int(counts[cy, cx])
            y0, y1, x0, x1 = min(y0, cy), max(y1, cy), min(x0, cx), max(x1, cx)
            for ny in range(max(0, cy - 1), min(gy, cy + 2)):
                for nx in range(max(0, cx - 1), min(gx, cx + 2)):
                    if counts[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        queue.append((ny, nx))
        if total >= min_pixels:
            out.append(
                (y0 * cell, min(rows, (y1 + 1) * cell), x0 * cell, min(cols, (x1 + 1) * cell))
            )
    return sorted(out)


def hidden_glyphs(page: Rendered) -> list[Glyph]:
    """Glyphs of the text layer that a viewer does not show: drawn invisibly, or whose box
    has no contrast on the render (white on white, covered, clipped, in a hidden layer)."""
    out = []
    for glyph in page.glyphs:
        left, bottom, right, top = glyph.box
        if glyph.invisible:
            out.append(glyph)
            continue
        if right - left < 0.5 or top - bottom < 0.5:
            continue  # a mark with no extent (combining, zero-width)
        y0, y1, x0, x1 = page.pixels(glyph.box, margin=1)
        patch = page.ink[y0:y1, x0:x1]
        if patch.size == 0 or float(patch.max() - patch.min()) < CONTRAST:
            out.append(glyph)
    return out
