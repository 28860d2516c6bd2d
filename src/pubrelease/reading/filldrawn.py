"""``fill``'s drawing of a record's values: what the form shows for them, to be compared
with what a return shows (:mod:`.valueboxes`, :mod:`.paragraphs`)."""

from __future__ import annotations

import contextlib
import datetime as dt

from ..errors import PubreleaseError
from ..form.template import Form
from ..record import Record, Source
from ..release import Consent, Release

__all__ = ["drawings_before", "expected_drawing"]


def expected_drawing(form: Form, record: Record, *, live: bool | None = None) -> bytes | None:
    """``fill`` of the form with the record's values, None when they cannot be; with
    ``live``, as widgets, which the rendering flattens as it flattens the return's, else
    flattened by ``fill``; by default as the return holds its values (live where its
    fields are). PDFium places a widget by a matrix it works out in single precision
    (``1.0000001 0 0 1 134.23 561 cm`` for a box 405.77 pt wide), which moves some glyphs
    by a pixel against ``fill``'s own ``1 0 0 1``: a long value not vouched for (Hebrew,
    Tamil) differs from the other placement by more than :data:`DIFFERS` squares."""
    from ..filling.fill import fill

    values = {
        name: getattr(record, name)
        for name in Release.field_names()
        if hasattr(record, name) and name != "release_id"
    }
    values["consent"] = record.consent.value if record.consent is not Consent.BOTH else "none"
    try:
        release = Release.create(**values)
        today = record.effective_date or dt.date(2000, 1, 1)
        live = record.source is Source.FIELDS if live is None else live
        return fill(release, form, flatten=not live, today=today)
    except (PubreleaseError, ValueError, TypeError):
        return None


def drawings_before(form: Form, record: Record) -> list[bytes]:
    """:func:`expected_drawing` as releases issued before 1 December 2026 drew it, when that
    differs (a line then crossed its box's top or bottom: since, it is moved inside; a
    word too wide for its box was broken between any clusters: since, where a reader
    breaks it, and marked); and, where both, as releases issued on 1 December 2026
    before that drew it (lines moved, words broken anywhere); else none. A value in
    Han characters drawn in SC before (traditional, Japanese) adds these drawings
    and today's in Noto Sans SC
    (:func:`..filling.hanfaces.han_as_before`)."""
    from ..filling.appearance import ValueFonts, placed_as_before
    from ..filling.hanfaces import han_as_before, redrawn

    texts = {
        name: value
        for name, plan in form.fields.items()
        if not plan.spec.kind.boxes and isinstance(value := getattr(record, name, None), str)
    }
    if not texts:
        return []
    try:
        fonts = ValueFonts.for_values(form, texts)
    except (PubreleaseError, ValueError):
        return []
    eras = [False] if fonts.moved or fonts.wrapped else []
    eras += [True] if fonts.moved and fonts.wrapped else []
    out = []
    # Han characters without kana were drawn in SC until 1 December 2026: every earlier
    # drawing so, and today's placement so too
    han = redrawn(texts.values())
    with han_as_before() if han else contextlib.nullcontext():
        if han:
            out.append(expected_drawing(form, record))
        for moved in eras:
            with placed_as_before(moved=moved):
                out.append(expected_drawing(form, record))
    return [drawing for drawing in out if drawing is not None]
