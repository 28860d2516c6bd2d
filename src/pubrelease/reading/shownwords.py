"""Words a page shows, read off its rendering where the text layer cannot be trusted to say them.

The pixel checks of :mod:`.visual` find *where* a page shows something its text layer
does not say; this module reads *what* it shows there, with Tesseract (the OCR engine of
the paper returns, :mod:`.ocr.engine`):

* ``shown-text-differs``: on a page of the form, the lines where the page differs from
  the form are read and compared with what the text layer says at the same place. They
  part when the glyphs drawn are not the characters extracted (a ToUnicode map that
  lies) or when the text layer's words are hidden (an off layer) under other words drawn
  without text (outlines, an image). The finding quotes both.
* ``ink-without-text``: on a page that is not compared with the form (another system's
  layout, a page the form does not have), ink that no visible glyph of the text layer
  explains (outlines, an image of text, a stamp) is read; the words found are quoted
  with their page and place.

OCR runs only there, where the pixels already disagree with the text layer, on at most
:data:`MAX_READS` crops per file, rendered at :data:`DPI`. Without Tesseract or its
English pack nothing is added: the pixel findings stand on their own.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..pdf.closeups import render_closeups
from ..pdf.pagefonts import FontLie
from ..pdf.rendering import Box, Glyph, Rendered, ViewMode, regions
from ..record import Finding, Severity

__all__ = [
    "Difference",
    "font_map_findings",
    "ink_words",
    "paper_words",
    "plain",
    "shown_text_differs",
]

DPI = 300
"""Resolution of the crops read."""
MAX_READS = 16
"""Crops read by OCR per file, at most (each is a line band or an ink region)."""
MAX_PER_PAGE = 6
"""Places read per page, at most."""
SAME = 0.8
"""Similarity (0..1, of letters and digits) from which OCR and text layer agree."""
CONFIDENT = 0.6
"""OCR confidence (0..1) from which words read where the text layer has none are quoted."""
SAME_VALUE = 0.6
"""Similarity from which words read are taken for one of the values read (accents, OCR's
misreadings of a handwriting font)."""
INK = 100.0
"""Ink level (of 255) of a pixel that counts as drawn, for ink without text."""
WORD_PIXELS = 21
"""Pixels of unexplained ink for a place to be read (21 pt² at 72 dpi, as 40 pixels at
100 dpi before)."""
_WORD = re.compile(r"[^\W\d_]{3,}")
RULE_PIXELS = 3
"""Rows (at 72 dpi: points) of ink a rule may be thick (:func:`_rule`)."""
SOLID = 0.95
"""Share of the columns between a rule's ends it inks (a dashed line's gaps are words'
gaps: read)."""


@dataclass(frozen=True, slots=True)
class Difference:
    """A place of a form's page where the page differs from the form."""

    page: Rendered
    box: Box


def _where(box: Box) -> str:
    left, bottom, right, top = box
    return f"at ({left:.0f}, {bottom:.0f})-({right:.0f}, {top:.0f}) pt"


def plain(text: str) -> str:
    """Letters and digits, lower case, accents dropped, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read(
    data: bytes, wanted: dict[int, list[Box]], mode: ViewMode = ViewMode.SCREEN
) -> dict[int, list[tuple[str, float]]]:
    """OCR of each box (page -> boxes) as shown in ``mode``: ``(text, confidence)``;
    empty when OCR is missing."""
    from .ocr.engine import OcrUnavailable, read_box

    closeups = render_closeups(data, mode, wanted, dpi=DPI)
    out: dict[int, list[tuple[str, float]]] = {}
    try:
        for number, crops in closeups.items():
            readings = []
            for crop in crops:
                lines = max(1, round(crop.image.shape[0] / (DPI / 72 * 13)))
                reading = read_box(crop.image, lines=lines)
                readings.append((reading.text, reading.confidence))
            out[number] = readings
    except OcrUnavailable:
        return {}
    return out


def _line_band(box: Box, glyphs: Sequence[Glyph], width: float) -> Box:
    """``box`` grown to the whole text lines it touches (glyphs overlapping it vertically)."""
    left, bottom, right, top = box
    near = [g for g in glyphs if g.box[1] < top and g.box[3] > bottom]
    if near:
        left = min(left, *(g.box[0] for g in near))
        right = max(right, *(g.box[2] for g in near))
        bottom = min(bottom, *(g.box[1] for g in near))
        top = max(top, *(g.box[3] for g in near))
    return (max(0.0, left - 4), bottom - 2, min(width, right + 4), top + 2)


def _merge(boxes: list[Box]) -> list[Box]:
    out: list[Box] = []
    for box in sorted(boxes, key=lambda b: -b[3]):
        for i, other in enumerate(out):
            if box[1] < other[3] and box[3] > other[1] and box[0] < other[2] and box[2] > other[0]:
                out[i] = (
                    min(box[0], other[0]),
                    min(box[1], other[1]),
                    max(box[2], other[2]),
                    max(box[3], other[3]),
                )
                break
        else:
            out.append(box)
    return out


def shown_text_differs(
    data: bytes,
    differences: Sequence[Difference],
    quote: Callable[[Rendered, Box], str],
) -> list[Finding]:
    """Where a form's page differs from the form: the lines there as OCR reads them,
    against what ``quote`` (the text layer at a place) says."""
    bands: dict[int, list[Box]] = {}
    pages: dict[int, Rendered] = {}
    for difference in differences:
        page = difference.page
        pages[page.page] = page
        band = _line_band(difference.box, page.glyphs, page.width)
        bands.setdefault(page.page, []).append(band)
    wanted: dict[int, list[Box]] = {}
    budget = MAX_READS
    for number, boxes in sorted(bands.items()):
        merged = _merge(_merge(boxes))[: min(MAX_PER_PAGE, budget)]
        budget -= len(merged)
        if merged:
            wanted[number] = merged
    if not wanted:
        return []
    out = []
    for number, readings in _read(data, wanted).items():
        page = pages[number]
        shown = []
        for box, (text, _confidence) in zip(wanted[number], readings, strict=True):
            layer = quote(page, box).replace(" / ", " ")
            if not _WORD.search(text):
                continue  # no words to read there (a mark, a rule, a blank)
            similarity = difflib.SequenceMatcher(None, plain(text), plain(layer)).ratio()
            if similarity < SAME:
                shown.append(
                    f"{_where(box)} the page shows {_clip(text)!r} where the text layer "
                    f"reads {_clip(layer)!r}"
                )
        if shown:
            out.append(
                Finding(
                    "shown-text-differs",
                    Severity.ERROR,
                    f"page {number + 1}: words drawn are not the words extracted: "
                    + "; ".join(shown),
                )
            )
    return out


def _rule(ink: npt.NDArray[np.bool_]) -> bool:
    """Whether a place's ``ink`` is a rule: at most :data:`RULE_PIXELS` rows of it inked
    across nearly every column between its ends (:data:`SOLID`), or as many columns down
    its rows: a form's line, a table's border, an underline. No word is: its letters
    stand apart. (Read by OCR at 300 dpi, a rule across a page cost 40 ms, and read as
    "ooo" or "———".)"""
    for inked in (ink, ink.T):
        rows = np.flatnonzero(inked.any(axis=1))
        if 0 < rows.size <= RULE_PIXELS and rows[-1] - rows[0] < RULE_PIXELS:
            cols = np.flatnonzero(inked[rows[0] : rows[-1] + 1].any(axis=0))
            if inked[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1].any(axis=0).mean() >= SOLID:
                return True
    return False


def _unexplained(page: Rendered) -> list[Box]:
    """Places of ink that no visible glyph of the text layer covers, sized like words."""
    mask = page.levels > INK
    glyphs = page.glyphs  # the boxes of the visible ones as arrays, not glyph by glyph
    rects = np.stack(page.pixel_boxes(glyphs.boxes[~glyphs.invisible], margin=2), axis=1)
    for top, bottom, left, right in rects.tolist():
        mask[top:bottom, left:right] = False
    if not mask.any():
        return []
    out = []
    for place in regions(mask, min_pixels=WORD_PIXELS):
        left, bottom, right, top = page.points(*place)
        y0, y1, x0, x1 = place
        if right - left >= 15 and 5 <= top - bottom <= 200 and not _rule(mask[y0:y1, x0:x1]):
            out.append((max(0.0, left - 3), bottom - 3, min(page.width, right + 3), top + 3))
    return out


def _is_known(text: str, known: Sequence[str]) -> bool:
    """``text`` reads as one of the values (a signature pasted as a picture of the name)."""
    words = plain(text)
    return any(
        difflib.SequenceMatcher(None, words, plain(value)).ratio() >= SAME_VALUE
        for value in known
        if value
    )


def ink_words(data: bytes, pages: Sequence[Rendered], known: Sequence[str] = ()) -> list[Finding]:
    """Words drawn without text (outlines, images, stamps) on ``pages``, read by OCR;
    words that read as one of the ``known`` values (a signature image of the speaker's
    name) are not quoted."""
    wanted: dict[int, list[Box]] = {}
    budget = MAX_READS
    for page in pages:
        places = _merge(_unexplained(page))[: min(MAX_PER_PAGE, budget)]
        budget -= len(places)
        if places:
            wanted[page.page] = places
    if not wanted:
        return []
    out = []
    for number, readings in _read(data, wanted).items():
        found = [
            f"{_where(box)}: {_clip(text)!r}"
            for box, (text, confidence) in zip(wanted[number], readings, strict=True)
            if confidence >= CONFIDENT and _WORD.search(text) and not _is_known(text, known)
        ]
        if found:
            out.append(
                Finding(
                    "ink-without-text",
                    Severity.ERROR,
                    f"page {number + 1} shows words that are no text of the file "
                    "(outlines, an image or a stamp): " + "; ".join(found),
                )
            )
    return out


def font_map_findings(lies: Sequence[FontLie], limit: int = 8) -> list[Finding]:
    """``shown-text-differs`` for fonts whose ToUnicode map contradicts what they draw
    (:mod:`pubrelease.pdf.pagefonts`): one finding per page, naming the fonts and the
    characters drawn against those read."""
    by_page: dict[int, list[str]] = {}
    for lie in lies:
        pairs = ", ".join(f"{drawn!r} where it reads {read!r}" for drawn, read in lie.swaps[:limit])
        more = f" and {len(lie.swaps) - limit} more" if len(lie.swaps) > limit else ""
        text = f"font {lie.name} ({lie.font.lstrip('/')}) draws {pairs}{more}"
        if text not in by_page.setdefault(lie.page, []):
            by_page[lie.page].append(text)
    return [
        Finding(
            "shown-text-differs",
            Severity.ERROR,
            f"page {page + 1}: a ToUnicode map lies, the text extracted is not what the page "
            "shows: " + "; ".join(texts),
        )
        for page, texts in sorted(by_page.items())
    ]


def paper_words(data: bytes, places: Sequence[tuple[int, Box]]) -> list[Finding]:
    """Where a page prints differently from the screen: the words the printed page shows
    there (read by OCR), when it shows words that the screen does not."""
    wanted: dict[int, list[Box]] = {}
    for number, box in places[:MAX_READS]:
        left, bottom, right, top = box
        wanted.setdefault(number, []).append((left - 4, bottom - 4, right + 4, top + 4))
    if not wanted:
        return []
    printed = _read(data, wanted, ViewMode.PRINT)
    shown = _read(data, wanted, ViewMode.SCREEN)
    out = []
    for number, readings in sorted(printed.items()):
        found = []
        for box, (text, confidence), (screen_text, _) in zip(
            wanted[number], readings, shown.get(number, []), strict=False
        ):
            if confidence < CONFIDENT or not _WORD.search(text):
                continue
            if difflib.SequenceMatcher(None, plain(text), plain(screen_text)).ratio() >= SAME:
                continue
            found.append(
                f"{_where(box)} paper shows {_clip(text)!r}, the screen {_clip(screen_text)!r}"
            )
        if found:
            out.append(
                Finding(
                    "viewers-disagree",
                    Severity.ERROR,
                    f"page {number + 1} reads differently on paper: " + "; ".join(found),
                )
            )
    return out
