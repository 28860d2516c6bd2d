"""Page text in reading order, read with PDFium (pypdfium2), and rendered crops.

PDFium gives text segments with their boxes; grouping them into lines by
position gives reading order whatever order the content stream drew them in
(a flattened release draws its values after the wording). Widget appearances
can be flattened into the page first, so live forms read like printed ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

__all__ = ["Line", "PageText", "read_pages", "render_crop", "word_boxes"]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text: its box in PDF points (origin bottom-left) and its text."""

    page: int
    left: float
    bottom: float
    right: float
    top: float
    text: str


@dataclass(frozen=True, slots=True)
class PageText:
    page: int
    width: float
    height: float
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def _segments(textpage: pdfium.PdfTextPage, page: int) -> list[Line]:
    out = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        # a hair inside the segment: neighbours in another font overlap its edges
        inset = min(0.75, (right - left) / 4)
        text = textpage.get_text_bounded(left + inset, bottom, right - inset, top)
        text = text.replace("\r", " ").replace("\n", " ").replace("\x02", "-").strip()
        if text:
            out.append(Line(page, left, bottom, right, top, text))
    return out


def _lines(segments: list[Line]) -> tuple[Line, ...]:
    """Segments grouped into lines: same line when their vertical middles overlap."""
    rows: list[list[Line]] = []
    for seg in sorted(segments, key=lambda s: -(s.top + s.bottom) / 2):
        middle = (seg.top + seg.bottom) / 2
        if rows:
            row = rows[-1]
            top = max(s.top for s in row)
            bottom = min(s.bottom for s in row)
            if bottom <= middle <= top:
                row.append(seg)
                continue
        rows.append([seg])
    lines = []
    for row in rows:
        row.sort(key=lambda s: s.left)
        lines.append(
            Line(
                row[0].page,
                min(s.left for s in row),
                min(s.bottom for s in row),
                max(s.right for s in row),
                max(s.top for s in row),
                " ".join(s.text for s in row),
            )
        )
    return tuple(lines)


def read_pages(
    doc: pdfium.PdfDocument, *, flatten: bool = False, max_pages: int = 20
) -> list[PageText]:
    """Each page's lines in reading order; ``flatten`` draws widget appearances in first.

    Flattening changes only the in-memory document.
    """
    pages = []
    for number in range(min(len(doc), max_pages)):
        page = doc[number]
        if flatten:
            # the raw call: the helper insists on init_forms(), which flattening does not need
            pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY)
            page.close()
            page = doc[number]
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            pages.append(PageText(number, width, height, _lines(_segments(textpage, number))))
        finally:
            textpage.close()
            page.close()
    return pages


def word_boxes(
    doc: pdfium.PdfDocument, page_number: int, word: str
) -> list[tuple[float, float, float, float]]:
    """Boxes (left, bottom, right, top) of each whole-word occurrence of ``word`` on a page."""
    page = doc[page_number]
    textpage = page.get_textpage()
    boxes = []
    try:
        searcher = textpage.search(word, match_case=True, match_whole_word=True)
        while (found := searcher.get_next()) is not None:
            index, count = found
            first = textpage.get_charbox(index)
            last = textpage.get_charbox(index + count - 1)
            boxes.append((first[0], min(first[1], last[1]), last[2], max(first[3], last[3])))
        searcher.close()
    finally:
        textpage.close()
        page.close()
    return boxes


def render_crop(
    doc: pdfium.PdfDocument,
    page_number: int,
    box: tuple[float, float, float, float],
    *,
    scale: float = 4.0,
) -> list[list[int]]:
    """Grey levels (0 black .. 255 white) of a box of a page, rendered with forms drawn."""
    page = doc[page_number]
    try:
        width, height = page.get_size()
        left, bottom, right, top = box
        crop = (
            max(0.0, left),
            max(0.0, bottom),
            max(0.0, width - right),
            max(0.0, height - top),
        )
        bitmap = page.render(scale=scale, crop=crop, grayscale=True, may_draw_forms=True)
        image = bitmap.to_pil().convert("L")
        w, h = image.size
        data = list(image.tobytes())
        return [data[r * w : (r + 1) * w] for r in range(h)]
    finally:
        page.close()


def ink_in(
    doc: pdfium.PdfDocument, page_number: int, box: tuple[float, float, float, float]
) -> bool:
    """Whether an image or a drawn path (not a mere rule or underline) lies inside ``box``.

    Used for signatures that are pictures or vector ink rather than typed text.
    """
    left, bottom, right, top = box
    page = doc[page_number]
    try:
        kinds = [pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH]
        for obj in page.get_objects(filter=kinds, max_depth=4):
            x0, y0, x1, y1 = obj.get_bounds()
            if x1 < left or x0 > right or y1 < bottom or y0 > top:
                continue
            if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                if (x1 - x0) > 4 and (y1 - y0) > 4:
                    return True
            elif (y1 - y0) > 3 and (x1 - x0) > 3:  # underlines and rules are flat
                return True
        return False
    finally:
        page.close()
