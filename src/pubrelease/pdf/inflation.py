"""A cap on decompression before PDFium, which has none, inflates a stranger's pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PdfReadError

__all__ = ["MAX_PAGES_READ", "InflationLimit", "check_inflation"]

MAX_PAGES_READ = 20
"""Pages whose content ``parse`` reads (and so PDFium inflates)."""
MAX_DEPTH = 8
"""Form XObjects nested deeper than this are not followed."""


class InflationLimit(Exception):
    """Content that decompresses beyond pypdf's cap (a decompression bomb)."""


def _leaves(reader: PdfReader, limit: int) -> Iterator[Any]:
    """The first ``limit`` pages, walking the page tree once with a visited set (no loops)."""
    seen: set[int] = set()
    root: Any = reader.trailer["/Root"]
    stack = [root["/Pages"]]
    found = 0
    while stack and found < limit:
        node = stack.pop()
        ref = getattr(node, "indirect_reference", None) or node
        key = ref.idnum if hasattr(ref, "idnum") else id(node)
        node = node.get_object()
        if key in seen or len(seen) > 10 * limit + 1000:
            continue
        seen.add(key)
        kids = node.get("/Kids")
        if kids is None:
            found += 1
            yield node
            continue
        stack.extend(reversed(list(kids.get_object())))


def check_inflation(reader: PdfReader) -> None:
    """Inflate, with pypdf's output cap, every stream PDFium will inflate to read the pages.

    Raises :class:`InflationLimit` past the cap; other damage is left for PDFium to judge.
    """
    seen: set[int] = set()

    def visit(stream: Any, depth: int) -> None:
        ref = getattr(stream, "indirect_reference", None)
        key = id(stream) if ref is None else ref.idnum
        if key in seen or depth > MAX_DEPTH:
            return
        seen.add(key)
        stream.get_data()  # LimitReachedError past the cap
        for value in stream.get("/Resources", {}).get("/XObject", {}).values():
            value = value.get_object()
            if value.get("/Subtype") == "/Form":
                visit(value, depth + 1)

    try:
        for page in _leaves(reader, MAX_PAGES_READ):
            contents = page.get("/Contents")
            contents = contents.get_object() if contents is not None else None
            streams = contents if isinstance(contents, list) else [contents] if contents else []
            for stream in streams:
                visit(stream.get_object(), 0)
            for value in page.get("/Resources", {}).get("/XObject", {}).values():
                value = value.get_object()
                if value.get("/Subtype") == "/Form":
                    visit(value, 1)
    except LimitReachedError as exc:
        raise InflationLimit(str(exc)) from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return
