"""The items of a JSON array read one at a time from a text stream (a roster, a manifest).

:func:`json_array` hands out each item as soon as it is read, so that neither the text
nor the whole list is held. Anything it does not read as a JSON array raises
:class:`NotAnArray`; the caller then reads the text whole with :func:`json.loads` for
the exact message (that path is for broken files, where memory does not matter).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

__all__ = ["NotAnArray", "json_array"]

_CHUNK = 1 << 16
_SLACK = 64
"""Characters read past an item before it is taken as whole."""
_SPACE = re.compile(r"[ \t\n\r]*")


class NotAnArray(ValueError):
    """The text is not one JSON array (or not JSON at all)."""


def json_array(stream: TextIO) -> Iterator[Any]:
    """Each item of the JSON array that ``stream`` holds, in order, one at a time."""
    decoder = json.JSONDecoder()
    text, at, end_of_text = "", 0, False

    def more() -> bool:
        nonlocal text, at, end_of_text
        data = "" if end_of_text else stream.read(max(_CHUNK, len(text) - at))
        if not data:
            end_of_text = True
            return False
        text, at = text[at:] + data, 0
        return True

    def skip_space() -> str:
        nonlocal at
        while True:
            at = _SPACE.match(text, at).end()  # type: ignore[union-attr]  # always matches
            if at < len(text) or not more():
                return text[at : at + 1]

    if skip_space() != "[":
        raise NotAnArray
    at += 1
    if skip_space() == "]":
        at += 1
    else:
        while True:
            while True:
                try:
                    item, end = decoder.raw_decode(text, at)
                except json.JSONDecodeError:
                    if more():
                        continue
                    raise NotAnArray from None
                if len(text) - end < _SLACK and more():  # "-1." may be "-1.5e3" whole
                    continue
                break
            at = end
            yield item
            after = skip_space()
            at += 1
            if after == "]":
                break
            if after != "," or skip_space() in ("]", ""):
                raise NotAnArray
    if skip_space():
        raise NotAnArray
