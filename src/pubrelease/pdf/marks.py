"""Is a box checked? From glyphs in the text, or from the pixels inside the box."""

from __future__ import annotations

import enum

import pypdfium2 as pdfium

from ..pdf.pagetext import render_crop, word_boxes

__all__ = ["Mark", "mark_from_glyphs", "mark_from_pixels"]

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


def mark_from_pixels(
    doc: pdfium.PdfDocument, page: int, label: str, *, occurrence: int = 0
) -> Mark:
    """The verdict of the drawing just left of the word ``label`` (e.g. ``Accept``).

    The page is rendered around the word; scanning leftwards from the word, the
    first run of inked columns is the box. Ink inside its inner half means checked.
    """
    boxes = word_boxes(doc, page, label)
    if len(boxes) <= occurrence:
        return Mark.ABSENT
    left, bottom, _right, top = boxes[occurrence]
    height = max(top - bottom, 6.0)
    scale = 4.0
    region = (left - 3.0 * height, bottom - 0.6 * height, left - 0.3, top + 0.6 * height)
    pixels = render_crop(doc, page, region, scale=scale)
    if not pixels or not pixels[0]:
        return Mark.ABSENT
    columns = len(pixels[0])
    inked = [any(row[c] < INK for row in pixels) for c in range(columns)]
    c = columns - 1
    while c >= 0 and not inked[c]:
        c -= 1
    if c < 0:
        return Mark.ABSENT
    right_edge = c
    while c >= 0 and inked[c]:
        c -= 1
    left_edge = c + 1
    top_edge, bottom_edge = _longest_run(
        [any(v < INK for v in row[left_edge : right_edge + 1]) for row in pixels]
    )
    width, tall = right_edge - left_edge + 1, bottom_edge - top_edge + 1
    if width < 3 * scale or tall < 3 * scale:
        return Mark.UNSURE  # a dot or a dash: not a box
    inner = [
        row[left_edge + width // 4 : right_edge + 1 - width // 4]
        for row in pixels[top_edge + tall // 4 : bottom_edge + 1 - tall // 4]
    ]
    total = sum(len(r) for r in inner) or 1
    ratio = sum(1 for r in inner for v in r if v < INK) / total
    if ratio >= 0.08:
        return Mark.CHECKED
    if ratio <= 0.02:
        return Mark.EMPTY
    return Mark.UNSURE
