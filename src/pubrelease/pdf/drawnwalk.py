"""Every dictionary a page draws from, walked down from the page, never back up.

The page's own dictionary, its resources (or, without them, those it inherits from the
page tree), its annotations, their appearances and everything those name: what
:mod:`.knockout` and :mod:`.devicepaint` look through for paint some viewers draw
otherwise. Keys that lead back up the document (``/Parent``, an annotation's ``/P``,
``/Popup``, ``/IRT``, actions and destinations) are not followed.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator

from .objects import Node, NotSure, Objects, Ref, Stream

__all__ = ["MAX_OBJECTS", "TooMany", "drawn_dicts", "drawn_streams", "may_name"]

MAX_OBJECTS = 20_000
"""Objects walked from a page at most (:class:`TooMany` past it)."""

_BACK = frozenset({"/Parent", "/P", "/Popup", "/IRT", "/Dest", "/A", "/AA", "/StructParent"})
"""Keys that lead back up the document, not into what a page draws."""


class TooMany(Exception):
    """A page that draws from more than :data:`MAX_OBJECTS` objects: not looked through."""


def _roots(page: dict[str, Node], chain: list[dict[str, Node]]) -> list[Node]:
    """Where a walk of what a page draws begins: ``page`` (``chain[0]``, or what of it is
    walked), and the resources it inherits from the page tree when it has none of its own
    (not walked up to)."""
    inherited = next((d["/Resources"] for d in chain[1:] if "/Resources" in d), None)
    return [page] if "/Resources" in page or inherited is None else [page, inherited]


def _visit(objects: Objects, seen: set[Hashable], key: Hashable, ref: Ref) -> Node:
    """The object ``ref`` names, the first time a walk meets it as ``key``; None after, or
    when it cannot be read (a value neither walk follows). Raises :class:`TooMany`."""
    if key in seen:
        return None
    seen.add(key)
    if len(seen) > MAX_OBJECTS:
        raise TooMany
    try:
        return objects.get(ref)
    except NotSure:
        return None


def drawn_dicts(objects: Objects, chain: list[dict[str, Node]]) -> Iterator[dict[str, Node]]:
    """Each dictionary (a stream's too) page ``chain[0]`` draws from (``chain``: the page
    and its ancestors, as :func:`.nodefonts.page_dicts` gives them), once each; an object
    that cannot be read is passed by. Raises :class:`TooMany`."""
    stack: list[Node] = _roots(chain[0], chain)
    seen: set[Hashable] = set()
    while stack:
        value = stack.pop()
        if isinstance(value, Ref):
            value = _visit(objects, seen, value, value)
        if isinstance(value, Stream):
            value = value.entries
        if isinstance(value, dict):
            yield value
            stack.extend(v for k, v in value.items() if k not in _BACK)
        elif isinstance(value, tuple):
            stack.extend(value)


_DRAWN_BELOW = frozenset({"/Contents", "/AP", "/CharProcs"})
"""Keys under which every stream (through dictionaries and arrays: an appearance's
states, a glyph's name) is drawn as content, whatever its own dictionary says: PDFium
draws an appearance stream as a form whatever its ``/Subtype``."""


def drawn_streams(
    objects: Objects, chain: list[dict[str, Node]], *, contents: bool = True
) -> Iterator[Ref]:
    """Each stream page ``chain[0]`` draws as content, once each: its content streams
    (unless ``contents`` is false), its annotations' appearances, the forms and tiling
    patterns it (or they) use, Type 3 glyphs; not a font program, an image, a function or
    a profile. Raises :class:`TooMany`."""
    page = chain[0] if contents else {k: v for k, v in chain[0].items() if k != "/Contents"}
    stack: list[tuple[Node, bool]] = [(root, False) for root in _roots(page, chain)]
    seen: set[Hashable] = set()
    while stack:
        value, drawn = stack.pop()
        if isinstance(value, Ref):
            node = _visit(objects, seen, (value, drawn), value)
            if isinstance(node, Stream):
                entries = node.entries
                if drawn or entries.get("/Subtype") == "/Form" or entries.get("/PatternType") == 1:
                    yield value
                stack.extend((v, False) for k, v in entries.items() if k not in _BACK)
                continue
            value = node
        if isinstance(value, dict):
            stack.extend(
                (v, drawn or k in _DRAWN_BELOW) for k, v in value.items() if k not in _BACK
            )
        elif isinstance(value, tuple):
            stack.extend((v, drawn) for v in value)


def may_name(objects: Objects, pattern: re.Pattern[bytes]) -> bool:
    """Whether an object of the file may hold what ``pattern`` matches (a key's name,
    however written): False only when neither the file's bytes nor any object stream in
    use (decoded, a few hundredths of a millisecond for pdf-lib's one) holds it, so that
    what no object names is not walked for (4 ms a return pdf-lib filled). Objects read
    with no bytes of their own (pypdf's, :mod:`.pypdfobjects`) may name anything."""
    if not isinstance(objects, Objects) or not objects.data or pattern.search(objects.data):
        return True
    try:
        return any(
            pattern.search(objects.decoded(Ref(number, 0)))
            for number in {stream for stream, _ in objects.in_stream.values()}
        )
    except NotSure:
        return True
