"""An answer for each stream of a file, kept by what the stream is made of: a form's
returns share most of their streams (fonts, the form's pages, appearances), so a stream
met in an earlier return is not decoded again (:mod:`.evenodd`, :mod:`.contentapart`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from .kept import Kept
from .nodes import Ref, Stream
from .objects import Objects

__all__ = ["stream_answers"]

T = TypeVar("T")

StreamKey = tuple[bytes, str, str, int]
"""A stream's stored bytes' digest, its filters, its decoding parameters, and a number
its answer depends on (a limit of the decoded bytes)."""


def stream_answers(
    objects: Objects,
    answer: Callable[[Ref, Stream], T],
    kept: Kept[StreamKey, T],
    depends: int = 0,
    refs: Iterable[Ref] | None = None,
) -> Iterator[T]:
    """``answer`` for each stream of ``objects`` (in the order of its cross-reference), or
    of ``refs``, recalled from ``kept`` when a stream made alike was answered before,
    else kept there. :class:`.nodes.NotSure` from reading a stream or answering passes to
    the caller."""
    for ref in (Ref(num, gen) for num, gen in list(objects.xref)) if refs is None else refs:
        node = objects.get(ref)
        if not isinstance(node, Stream):
            continue
        entries = node.entries
        key = (
            node.digest,
            repr(entries.get("/Filter")),
            repr(entries.get("/DecodeParms")),
            depends,
        )
        found = kept.recall(key)
        if found is None:
            found = kept.keep(key, answer(ref, node))
        yield found
