"""Appearance streams of values that recur from release to release, made once.

A release's dates and the countersigner's name are drawn in the template's own font,
and the same way in every release that has them: laying each out and writing its
appearance stream took some 70 us of every release. :func:`recurring_appearances`
keeps the finished streams by form, field and text from their second release on, in a
bounded cache; a value met once (a speaker's name, a title) is not kept, so the cache
holds the values that do recur and memory stays flat over a batch of any size. A
value that needs a font of its own is laid out with the release's other values.
"""

from __future__ import annotations

import functools

from ..errors import FieldValueError
from ..form.template import COMMON_CHARS, VALUE_FONT, Form
from .appearance import ValueFonts, text_appearance

__all__ = ["MET", "RECENT", "forget_recurring", "recurring_appearances"]

RECENT = 512
"""Values kept, the least recently used forgotten first (a conference's dates, its
countersigner, a speaker with several talks)."""

MET = 4096
"""Values met once remembered, by hash, to be kept when they come again (forgotten all
at once when full: a value that recurs is met again and kept)."""

_met: dict[int, None] = {}


def recurring_appearances(
    form: Form, name: str, text: str, now: bool = True
) -> tuple[bytes, ...] | None:
    """The appearance XObject of each widget of field ``name`` showing ``text``, when all
    of it is drawn in the template's font; else ``None``: the value is then laid out
    with the release's others (a value too long for its box is refused there). ``now``:
    not :func:`.inkbox.breaking_anywhere` (inside :func:`.inkbox.placed_as_before` a
    word too wide for its box is broken as it was then: kept apart in the cache).

    Made anew the first time a value is met, kept from the second on."""
    key = hash((form, name, text, now))
    if key in _met:
        return _kept(form, name, text, now)
    if len(_met) >= MET:
        _met.clear()
    _met[key] = None
    return _appearances(form, name, text, now)


def forget_recurring() -> None:
    """Forget every value met and kept (tests start from nothing)."""
    _met.clear()
    _kept.cache_clear()


def _appearances(form: Form, name: str, text: str, now: bool) -> tuple[bytes, ...] | None:
    """:func:`recurring_appearances`, made."""
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


_kept = functools.lru_cache(maxsize=RECENT)(_appearances)
