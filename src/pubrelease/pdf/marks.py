"""Is a box checked? From glyphs in the text, or from the pixels inside the box."""

from __future__ import annotations

import enum
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from .loadedpages import LoadedPages, loaded
from .pagespace import render_upright

__all__ = ["Mark", "mark_from_glyphs", "mark_from_pixels", "marks_from_pixels"]

CHECKED_GLYPHS = frozenset("☒☑✔✓✗✘✕✖×Xx■●◼⬛⊠⊗🗹🗷")
EMPTY_GLYPHS = frozenset("☐□▢○◯❏❐❑❒")


class Mark(enum.Enum):
    CHECKED = "checked"
    EMPTY = "empty"
    UNSURE = "unsure"
    """Something is there, but not clearly a check or an empty box."""
    ABSENT = "absent"
    """Nothing found where the box should be."""


def mark_from_glyphs(text: str | None) -> Mark:
    """The verdict of the characters found where a box stands."""
    if text is None:
        return Mark.ABSENT
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return Mark.ABSENT
    if all(c in EMPTY_GLYPHS for c in chars):
        return Mark.EMPTY
    if any(c in CHECKED_GLYPHS for c in chars):
        return Mark.CHECKED
    return Mark.UNSURE


INK = 140
"""Grey level below which a pixel counts as ink."""


def _longest_run(flags: list[bool]) -> tuple[int, int]:
    """First and last index of the longest run of ``True`` (the box, not stray marks nearby)."""
    best = (0, -1)
    start = None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - 1 - start > best[1] - best[0]:
                best = (start, i - 1)
            start = None
    return best


def _crop(
    page: pdfium.PdfPage, box: tuple[float, float, float, float], scale: float
) -> npt.NDArray[np.uint8]:
    """Grey levels (0 black .. 255 white) of a box of a loaded page, rendered with forms
    drawn, in the page's own space (:mod:`.pagespace`), as a numpy array."""
    return render_upright(page, scale, box)


def mark_from_pixels(
    doc: pdfium.PdfDocument, page: int, label: str, *, occurrence: int = 0
) -> Mark:
    """The verdict of the drawing just left of the word ``label`` (e.g. ``Accept``).

    The page is rendered around the word; scanning leftwards from the word, the
    first run of inked columns is the box. Ink inside its inner half means checked.
    """
    return marks_from_pixels(doc, [(page, label)], occurrence=occurrence)[0]


def marks_from_pixels(
    doc: pdfium.PdfDocument | LoadedPages,
    wanted: Sequence[tuple[int | None, str]],
    *,
    occurrence: int = 0,
) -> list[Mark]:
    """:func:`mark_from_pixels` of each ``(page, label)`` (no page: absent), each page
    loaded and read into text once for all its labels (``doc``'s pages, or pages loaded to
    be shared, left loaded); the pixels are judged with numpy (the same rules as a loop
    over them, in a fraction of the time)."""
    out = [Mark.ABSENT] * len(wanted)
    numbers = sorted({number for number, _ in wanted if number is not None})
    with loaded(doc) as pages:
        for number in numbers:
            textpage = pages.textpage(number)
            for position, (page, label) in enumerate(wanted):
                if page != number:
                    continue
                boxes = _word_boxes(textpage, label)
                if len(boxes) <= occurrence:
                    continue
                left, bottom, _right, top = boxes[occurrence]
                height = max(top - bottom, 6.0)
                scale = 4.0
                region = (
                    left - 3.0 * height,
                    bottom - 0.6 * height,
                    left - 0.3,
                    top + 0.6 * height,
                )
                out[position] = _judge(_crop(pages[number], region, scale) < INK, scale)
    return out


def _word_boxes(textpage: pdfium.PdfTextPage, word: str) -> list[tuple[float, float, float, float]]:
    """Boxes of each whole-word occurrence of ``word`` on a page read into ``textpage``
    (as :func:`..pdf.pagetext.word_boxes` finds them)."""
    boxes = []
    searcher = textpage.search(word, match_case=True, match_whole_word=True)
    try:
        while (found := searcher.get_next()) is not None:
            index, count = found
            first = textpage.get_charbox(index)
            last = textpage.get_charbox(index + count - 1)
            boxes.append((first[0], min(first[1], last[1]), last[2], max(first[3], last[3])))
    finally:
        searcher.close()
    return boxes


def _judge(ink: npt.NDArray[np.bool_], scale: float) -> Mark:
    """The verdict of a crop's inked pixels (rows from the top), the box at its right."""
    if ink.size == 0:
        return Mark.ABSENT
    inked: npt.NDArray[np.bool_] = np.asarray(ink.any(axis=0), bool)
    columns = np.nonzero(inked)[0]
    if columns.size == 0:
        return Mark.ABSENT
    right_edge = int(columns[-1])
    blank = np.nonzero(~inked[:right_edge])[0]
    left_edge = int(blank[-1]) + 1 if blank.size else 0
    rows: list[bool] = np.asarray(ink[:, left_edge : right_edge + 1].any(axis=1), bool).tolist()
    top_edge, bottom_edge = _longest_run(rows)
    width, tall = right_edge - left_edge + 1, bottom_edge - top_edge + 1
    if width < 3 * scale or tall < 3 * scale:
        return Mark.UNSURE  # a dot or a dash: not a box
    inner = ink[
        top_edge + tall // 4 : bottom_edge + 1 - tall // 4,
        left_edge + width // 4 : right_edge + 1 - width // 4,
    ]
    ratio = int(inner.sum()) / (inner.size or 1)
    if ratio >= 0.08:
        return Mark.CHECKED
    if ratio <= 0.02:
        return Mark.EMPTY
    return Mark.UNSURE
