"""The paragraph direction of a value a print shows alike either way, told by ``fill``'s
drawing of each.

``fill`` lays a value out by the Unicode bidi algorithm, in the direction of its first
strong character, and marks its runs' levels (:data:`..pdf.bidi.LEVEL_MARK`); a print
keeps no marks. 'محمد Ali' (a right-to-left paragraph) and 'Ali محمد' (a left-to-right
one) then show the same letters in the same order, and a line with a left-to-right
letter is read as the left-to-right one (:func:`..pdf.bidi.logical_order`): Ghostscript's
and pdftocairo's prints of the first read as the second, whose drawing by ``fill`` the
boxes are not, and the return was left to a person (``shown-text-unchecked``).

The two are not drawn alike to the point: ``fill`` shapes the space between the words in
the run it belongs to (Noto Sans Arabic's in the first, the Latin font's in the second),
whose advances differ, and a centred or right-aligned value stands elsewhere. So a value
read from a page without fields whose other reading shows the very same characters
(:func:`other_reading`) is compared, box by box, with ``fill``'s drawing of both (as
:mod:`.valueboxes` compares a box with it), and is read the other way where every box of
its field, and of every field read alike (a name and its signature), shows that drawing
(fewer than :data:`.valueboxes.DIFFERS` squares changed), each at least as closely as the
first and one more closely. Which glyphs the boxes show is
not in question (both readings show the same); the boxes are still compared with
``fill``'s drawing of the value read (:mod:`.valueboxes`).
"""

from __future__ import annotations

import dataclasses
import unicodedata
from typing import Any

from ..form.template import Form
from ..pdf.bidi import base_rtl, logical_order, shown
from ..pdf.closeups import render_closeups
from ..pdf.loadedpages import LoadedPages
from ..pdf.rendering import ViewMode
from ..record import Record
from .filldrawn import expected_drawing
from .valueboxes import DIFFERS, DPI, changed_squares

__all__ = ["other_reading", "settled", "shown"]


def other_reading(text: str) -> str | None:
    """The text of the other paragraph direction drawn with the very glyphs of ``text``,
    in the same order ('محمد Ali' for 'Ali محمد'), or None: a text of one direction, or
    whose other reading shows otherwise."""
    kinds = {unicodedata.bidirectional(c) for c in text}
    if "L" not in kinds or not kinds & {"R", "AL"}:
        return None
    visual = shown(text)
    other = logical_order(visual, rtl=not base_rtl(text))
    if other == text or base_rtl(other) == base_rtl(text) or shown(other) != visual:
        return None
    return other


def settled(
    data: bytes, form: Form, record: Record, pages: LoadedPages | None
) -> tuple[Record, dict[str, str]]:
    """``record`` (read from ``data``, a page without fields: a print) with each text
    value the other paragraph direction reads alike read so where its boxes show
    ``fill``'s drawing of that reading (see the module), and those values by field;
    ``pages``: ``data``'s pages as the reading loaded them."""
    others = {
        name: other
        for name, plan in form.fields.items()
        if not plan.spec.kind.boxes
        and isinstance(value := getattr(record, name, None), str)
        and (other := other_reading(value)) is not None
    }
    if not others:
        return record, {}
    changes: dict[str, Any] = dict(others)
    ours, theirs = (
        expected_drawing(form, record),
        expected_drawing(form, dataclasses.replace(record, **changes)),
    )
    if ours is None or theirs is None:
        return record, {}
    numbers = [p.number for p in form.pages]
    boxes: dict[int, list[tuple[float, float, float, float]]] = {}
    owners: list[tuple[str, int, int]] = []  # (field, page, index among the page's boxes)
    for name in others:
        for widget in form.fields[name].widgets:
            page = numbers.index(widget.page)
            owners.append((name, page, len(boxes.setdefault(page, []))))
            boxes[page].append(widget.box.rect)
    mine = render_closeups(data, ViewMode.SCREEN, boxes, dpi=DPI, pages=pages)
    first = render_closeups(ours, ViewMode.SCREEN, boxes, dpi=DPI)
    second = render_closeups(theirs, ViewMode.SCREEN, boxes, dpi=DPI)
    changed: dict[str, list[tuple[int, int]]] = {}
    for name, page, index in owners:
        try:
            box, a, b = mine[page][index], first[page][index], second[page][index]
        except (KeyError, IndexError):
            changed.setdefault(name, []).append((0, DIFFERS))  # (a box not drawn: kept)
            continue
        changed.setdefault(name, []).append((changed_squares(box, a), changed_squares(box, b)))
    # (a text read alike in several fields, a name and its signature, is read one way:
    # the boxes of all of them say which)
    by_text: dict[str, list[tuple[int, int]]] = {}
    for name, pairs in changed.items():
        by_text.setdefault(others[name], []).extend(pairs)
    turned = {
        text
        for text, pairs in by_text.items()
        if all(b < DIFFERS and b <= a for a, b in pairs) and any(b < a for a, b in pairs)
    }
    taken = {name: other for name, other in others.items() if other in turned}
    turning: dict[str, Any] = dict(taken)
    return (dataclasses.replace(record, **turning) if taken else record), taken
