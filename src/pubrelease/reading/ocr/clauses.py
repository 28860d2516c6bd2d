"""The agreement's wording on a scan: where the paper differs from the printed form.

Only lines where the registered picture differs from the template (pen ink
added near the words, printing gone under white-out) are read by Tesseract, and
their reading is compared word by word with the definition's line. Recognition
noise is tolerated (``I``/``|``/``l``/``1``, ``O``/``0``, one or two misread
letters in a long word); a changed number, a new or missing word, or a pen
stroke across a line is an alteration, reported with both readings.
Ink outside the lines of wording (page numbers, a scanner's stamp in the margin)
and ink in the boxes a speaker fills is not the agreement.
"""

from __future__ import annotations

import dataclasses
import difflib
import re

import cv2
import numpy as np
from reportlab.pdfbase.pdfmetrics import stringWidth

from ...form.definition import FieldKind
from ...form.layout import TextRun
from ...form.template import Form
from ...record import Finding, Severity
from .engine import read_box
from .ink import Ink
from .registration import Registered, to_pixels

__all__ = ["check_wording", "word_changes"]

SUSPECT = 40
"""Pixels of added or removed ink in a line from which the line is read again."""
STRUCK = 0.3
"""Share of a line's width under a pen stroke from which the line is struck through."""
_CONFUSABLE = str.maketrans(
    {"|": "l", "i": "l", "1": "l", "!": "l", "í": "l", "0": "o", "§": "s", "—": "-", "–": "-"}
)
_LOOKALIKES = frozenset(
    frozenset(pair) for pair in ("hb", "ec", "ao", "uv", "nh", "ft", "ce", "rn", "vy", "qg")
)
"""Letters a recogniser mistakes for each other: one such slip in a short word is noise."""
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


def _key(word: str) -> str:
    """A word folded so that the recogniser's usual confusions compare equal."""
    return _EDGE.sub("", word.casefold().replace("rn", "m").translate(_CONFUSABLE))


def _distance(a: str, b: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return int(Levenshtein.distance(a, b))


def _noise(printed: str, read: str) -> bool:
    """Whether ``read`` is ``printed`` misrecognised rather than changed."""
    a, b = _key(printed), _key(read)
    if a == b:
        return True
    if any(c.isdigit() for c in printed + read):
        return False  # numbers must read the same
    if len(a) == len(b) and len(a) < 4:
        differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        return len(differ) == 1 and frozenset(differ[0]) in _LOOKALIKES
    allowed = 1 if len(a) < 8 else 2
    return _distance(a, b) <= allowed


def word_changes(printed: str, read: str) -> list[str]:
    """The changes from the printed line to the line as read, OCR noise tolerated."""
    expected = [w for w in printed.split() if _key(w)]
    actual = [w for w in read.split() if _key(w)]
    matcher = difflib.SequenceMatcher(
        None, [_key(w) for w in expected], [_key(w) for w in actual], autojunk=False
    )
    out: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = expected[i1:i2], actual[j1:j2]
        if tag == "replace" and len(before) == len(after):
            if all(_noise(a, b) for a, b in zip(before, after, strict=True)):
                continue
        elif tag == "replace" and _noise("".join(before), "".join(after)):
            continue  # a word split or joined by the recogniser
        removed, added = " ".join(before), " ".join(after)
        significant = [w for w in after if len(_key(w)) >= 2]
        if removed and added:
            out.append(f"{removed!r} changed to {added!r}")
        elif removed:
            out.append(f"{removed!r} deleted")
        elif significant:
            out.append(f"{added!r} inserted")
    return out


def _struck(ink: Ink, band: tuple[int, int, int, int]) -> bool:
    """A pen line across the words: a long horizontal run of ink the printing does not have."""
    left, top, right, bottom = band
    length = max(3 * (bottom - top), 8)
    kernel = np.ones((1, length), np.uint8)
    scan = cv2.morphologyEx(
        ink.dark[top:bottom, left:right].astype(np.uint8), cv2.MORPH_OPEN, kernel
    )
    printed = cv2.morphologyEx(
        ink.printed[top:bottom, left:right].astype(np.uint8), cv2.MORPH_OPEN, kernel
    )
    printed = cv2.dilate(printed, np.ones((5, 5), np.uint8))
    line = (scan > 0) & (printed == 0)
    return bool(line.any(axis=0).mean() >= STRUCK) if line.size else False


def _filled_areas(form: Form, page: int, height: float) -> list[tuple[int, int, int, int]]:
    """Where a speaker writes: value boxes, the boxes and the ink around them."""
    out = []
    for plan in form.every_plan():
        for widget in plan.widgets:
            if widget.box.page != page:
                continue
            left, bottom, right, top = widget.box.rect
            tall = top - bottom
            if plan.spec.kind.boxes:
                grow = tall * 0.9
                rect = (left - grow, bottom - grow, right + grow, top + grow)
            elif plan.spec.kind is FieldKind.SIGNATURE:
                rect = (left, bottom - 0.45 * tall, right, top + 1.1 * tall)
            else:
                rect = (left, bottom, right, top)
            out.append(to_pixels(rect, height))
    return out


def _glyphs(run: TextRun, height: float) -> tuple[int, int, int, int]:
    """Where a run of the form's wording prints its glyphs, in pixels (as :func:`to_pixels`).

    The blanked areas around a speaker's boxes reach past them (a signature's, 1.1 of its
    height above it, where a pen rises), over the wording printed beside: the label above
    the countersigner's signature lost its last letters, and a speckled scan's line read
    'Name (Prir' for 'Name (Print):', an alteration (session 61: CI's examples of
    ``test_a_handwritten_date_is_read_right_or_reported_never_wrong``)."""
    width = stringWidth(run.text, run.font, run.size)
    top, bottom = run.y + 0.8 * run.size, run.y - 0.25 * run.size
    left, row, right, last = to_pixels((run.x, bottom, run.x + width, top), height)
    return max(left, 0), max(row, 0), right, last


def _band(run: TextRun, leading: float, height: float) -> tuple[int, int, int, int]:
    width = stringWidth(run.text, run.font, run.size)
    rect = (run.x - 2, run.y - 0.3 * leading, run.x + width + 2, run.y + 0.7 * leading)
    return to_pixels(rect, height)


def check_wording(
    form: Form, registered: Registered, ink: Ink, languages: tuple[str, ...]
) -> list[Finding]:
    """``altered-text`` findings for the lines of one registered page that were changed."""
    definition = form.definition
    height = definition.page_size[1]
    leading = definition.text.leading
    filled = _filled_areas(form, registered.page, height)
    added = ink.added.copy()
    for left, top, right, bottom in filled:
        added[max(top, 0) : bottom, max(left, 0) : right] = False
    masked = dataclasses.replace(ink, added=added)
    wording_only = registered.image.copy()  # the lines as read, boxes a speaker fills blanked
    for left, top, right, bottom in filled:
        wording_only[max(top, 0) : bottom, max(left, 0) : right] = 255
    runs = form.pages[registered.page].layout.runs
    for run in runs:  # (but the wording the form prints there: a label over a signature's)
        left, top, right, bottom = _glyphs(run, height)
        kept = ink.printed[top:bottom, left:right]
        wording_only[top:bottom, left:right][kept] = registered.image[top:bottom, left:right][kept]
    changes: list[str] = []
    right_margin = to_pixels((0, 0, definition.page_size[0] - definition.margins.right / 2, 0), 0)
    for run in runs:
        band = _band(run, leading, height)
        left, top, right, bottom = band
        extra = int(masked.added[top:bottom, left:right].sum())
        gone = int(masked.removed[top:bottom, left:right].sum())
        if extra < SUSPECT and gone < SUSPECT:
            continue
        if _struck(ink, band):
            changes.append(f"{run.text!r} is struck through")
            continue
        line_box = (left, top, max(right, right_margin[2]), bottom)
        reading = read_box(wording_only[top:bottom, line_box[0] : line_box[2]], languages)
        # the line is read to the margin: the runs after this one on the same line
        # (the words after a value box) are part of what it should read
        printed = " ".join(
            r.text
            for r in sorted(runs, key=lambda r: r.x)
            if abs(r.y - run.y) < 0.5 and r.x >= run.x
        )
        found = word_changes(printed, reading.text)
        if found:
            changes.append(
                f"printed {printed!r}, the scan reads {reading.text!r} ({'; '.join(found)})"
            )
    if not changes:
        return []
    shown = "; ".join(changes[:6]) + ("; ..." if len(changes) > 6 else "")
    return [
        Finding(
            "altered-text",
            Severity.ERROR,
            f"the agreement's wording differs on page {registered.page + 1} "
            f"(read by OCR from the scan): {shown}",
        )
    ]
