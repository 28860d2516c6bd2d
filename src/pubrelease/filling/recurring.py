"""Appearance streams of values that recur from release to release, made once.

A release's dates and the countersigner's name are drawn in the template's own font,
and the same way in every release that has them: laying each out and writing its
appearance stream took some 70 us of every release. :func:`recurring_appearances`
keeps the finished streams by form, field and text, in a bounded cache (memory stays
flat over a batch of any size); a value that needs a font of its own is laid out with
the release's other values.
"""

from __future__ import annotations

import functools

from ..errors import FieldValueError
from ..form.template import COMMON_CHARS, VALUE_FONT, Form
from .appearance import ValueFonts, text_appearance

__all__ = ["RECENT", "recurring_appearances"]

RECENT = 512
"""Values kept: each release brings a few that never recur (a name, a title), so that
the dates of a conference stay among the recent ones."""


@functools.lru_cache(maxsize=RECENT)
def recurring_appearances(
    form: Form, name: str, text: str, now: bool = True
) -> tuple[bytes, ...] | None:
    """The appearance XObject of each widget of field ``name`` showing ``text``, when all
    of it is drawn in the template's font; else ``None``: the value is then laid out
    with the release's others (a value too long for its box is refused there). ``now``:
    not :func:`.inkbox.breaking_anywhere` (inside :func:`.inkbox.placed_as_before` a
    word too wide for its box is broken as it was then: kept apart in the cache)."""
    if not COMMON_CHARS.issuperset(text):
        return None
    try:
        fonts = ValueFonts.for_values(form, {name: text})
    except FieldValueError:
        return None
    if fonts.extra:
        return None
    streams: list[bytes] = []
    for widget in form.fields[name].widgets:
        content, used = text_appearance(form, widget.box, text, fonts, field=name)
        if used != {VALUE_FONT}:
            return None
        streams.append(
            form.form_xobject(
                widget.box.width, widget.box.height, content, {VALUE_FONT: form.VALUE_FONT_OBJ}
            )
        )
    return tuple(streams)
