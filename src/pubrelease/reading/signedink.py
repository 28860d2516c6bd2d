"""Whether a signature box holds ink: an image, a drawing or pen strokes, not typed text;
and what words such ink spells, where OCR reads words that are not a signature's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from ..form.template import Form
from ..form.wording import squashed
from ..names import REFUSALS
from ..pdf.loadedpages import LoadedPages
from ..pdf.pagespace import render_upright
from ..pdf.pagetext import PageText, ink_in
from ..record import Finding, Severity
from .sources import wording_for

__all__ = ["drawn_words", "signed_with_ink"]

Box = tuple[float, float, float, float]

SCALE = 4.0
"""Pixels a point the ink of a signature box is read at (288 dpi)."""
REFUSING = REFUSALS | {"no", "non", "nein", "cancel", "cancelled", "canceled", "refusal"}
"""Folded words that make ink in a signature box a refusal, read with any confidence."""
SURE_WORDS = 0.7
"""The least confidence of every word for other words than the name's to count."""


def _box(
    form: Form,
    pages: list[PageText],
    on_template: bool,
    name: str,
    matched: Mapping[int, int] | None = None,
) -> tuple[int, Box] | None:
    """A signature's box: its widget's on our template, else right of its label. The
    widget's page is the return's page taken for that page of the form (``matched``:
    return page -> form page, :func:`.visual.matched_pages`), else the page of its number;
    None when the return has no such page (a return of the form's last page alone)."""
    plan = form.fields.get(name)
    if plan is not None and on_template:
        widget = plan.widgets[0].box
        shown_on = [
            mine for mine, theirs in sorted((matched or {}).items()) if theirs == widget.page
        ]
        page = shown_on[0] if shown_on else widget.page
        return (page, widget.rect) if page < len(pages) else None
    label = wording_for(form).labels.get((name, None))
    if label is None or not label.text:
        return None
    found = [
        (page.page, line)
        for page in pages
        for line in page.lines
        if squashed(line.text).startswith(squashed(label.text))
    ]
    if len(found) <= label.occurrence:
        return None
    page_number, line = found[label.occurrence]
    width = pages[page_number].width
    height = line.top - line.bottom
    label_end = line.left + (line.right - line.left) * min(1.0, len(label.text) / len(line.text))
    return page_number, (label_end, line.bottom - 0.5 * height, width, line.top + 1.5 * height)


def signed_with_ink(
    loaded: LoadedPages,
    form: Form,
    pages: list[PageText],
    on_template: bool,
    name: str,
    matched: Mapping[int, int] | None = None,
) -> bool:
    """An image or ink in a signature box: its widget box on our template, else by the
    label (``matched`` as for :func:`_box`)."""
    box = _box(form, pages, on_template, name, matched)
    return box is not None and ink_in(loaded, *box)


def _folded(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.findall(r"[^\W\d_]{2,}", plain)


def drawn_words(
    loaded: LoadedPages,
    form: Form,
    pages: list[PageText],
    on_template: bool,
    names: list[str],
    matched: Mapping[int, int] | None = None,
) -> Finding | None:
    """``shown-text-unchecked`` when the speaker's signature box holds ink (a picture, a
    drawing, pen strokes: beside a typed signature or for it) that OCR reads as a refusal
    ("NO", "VOID", "I DO NOT AGREE" written with a pen: review rev29), or, every word
    read sure, as two words or more that are none of ``names``' (the speaker's name, the
    typed signature) nor like them: a signature's ink says what it says, and a person
    should look. A hand's signature OCR reads as nothing sure is left alone. (``matched``
    as for :func:`_box`.)"""
    box = _box(form, pages, on_template, "signature", matched)
    if box is None or not ink_in(loaded, *box):
        return None
    from .ocr.engine import OcrUnavailable, read_box
    from .ocrwords import ink_only

    page, rect = box
    inked = ink_only(render_upright(loaded[page], SCALE, rect))
    if inked is None:
        return None
    try:
        reading = read_box(inked, lines=1)
    except OcrUnavailable:
        return None
    words = _folded(reading.text)
    own = {w for n in names for w in _folded(n)}
    from rapidfuzz.fuzz import ratio

    other = [w for w in words if len(w) >= 3 and not any(ratio(w, o) >= 75 for o in own)]
    refusing = sorted(REFUSING.intersection(words)) if reading.confidence >= 0.5 else []
    if not refusing and (len(other) < 2 or reading.weakest < SURE_WORDS):
        return None
    why = f"words that refuse ({', '.join(refusing)})" if refusing else "words that are not a name"
    return Finding(
        "shown-text-unchecked",
        Severity.WARNING,
        f"page {page + 1}: the signature box holds ink that OCR reads as {reading.text!r}, "
        f"{why}: a person should look at what it says",
    )
