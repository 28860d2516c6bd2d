"""A cap on decompression before PDFium, which has none, inflates a stranger's pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PdfReadError

from .objects import Node, NotSure, Objects, Ref, Stream

__all__ = ["MAX_PAGES_READ", "InflationLimit", "bounded_inflation", "check_inflation"]

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
    except NotImplementedError:  # (pypdf's for a filter it does not know: /0lateDecode)
        return


DEFLATE_RATIO = 1032
"""The most one byte of deflate data can inflate to (258 bytes for 2 bits)."""


_GROWTH = {"/FlateDecode": DEFLATE_RATIO, "/ASCII85Decode": 4, "/ASCIIHexDecode": 1}
"""The most each filter's output can be, per input byte (``z`` is four bytes in ASCII85)."""


def _bounded(stream: Stream, raw: int, cap: int, recovery: int) -> bool:
    """pypdf cannot reach its cap decoding this stream: no filter, or a short chain of
    FlateDecode (once) and ASCII filters without parameters, whose raw data is too short
    to grow past the cap."""
    chain = stream.entries.get("/Filter")
    if chain is None:
        return True
    names = chain if isinstance(chain, tuple) else (chain,)
    if (
        "/DecodeParms" in stream.entries
        or not 1 <= len(names) <= 2
        or not all(isinstance(n, str) and n in _GROWTH for n in names)
        or names.count("/FlateDecode") > 1
    ):
        return False
    size = raw
    for name in names:
        if name == "/FlateDecode" and size >= recovery:
            return False
        size *= _GROWTH[name]  # type: ignore[index]
    return not cap or size + 1024 < cap


def bounded_inflation(objects: Objects) -> bool:
    """True when no stream :func:`check_inflation` would inflate can pass pypdf's cap,
    proven from the raw lengths alone (nothing is inflated). False means not proven:
    run :func:`check_inflation`. The same streams are visited, in the same way."""
    from pypdf.filters import get_configuration  # type: ignore[attr-defined]

    configuration = get_configuration()
    cap = configuration.zlib_maximum_output_length
    recovery = configuration.zlib_maximum_recovery_input_length
    seen: set[int] = set()

    def visit(ref: object, depth: int) -> bool:
        if not isinstance(ref, Ref):
            return False
        if ref.num in seen or depth > MAX_DEPTH:
            return True
        seen.add(ref.num)
        stream = objects.get(ref)
        if not isinstance(stream, Stream):
            return False
        return _bounded(stream, len(objects.raw(ref)), cap, recovery) and forms(
            stream.entries.get("/Resources"), depth + 1
        )

    def forms(resources: Node, depth: int) -> bool:
        if resources is None:
            return True
        xobjects = objects.resolve(objects.dict_of(resources).get("/XObject"))
        if xobjects is None:
            return True
        if not isinstance(xobjects, dict):
            return False
        for value in xobjects.values():
            target = objects.resolve(value)
            if isinstance(target, Stream) and target.entries.get("/Subtype") == "/Form":
                if not visit(value, depth):
                    return False
            elif not isinstance(target, Stream | dict):
                return False
        return True

    try:
        pages = objects.dict_of(objects.dict_of(objects.trailer.get("/Root")).get("/Pages"))
        stack: list[object] = [pages]
        visited: set[object] = set()
        found = 0
        while stack and found < MAX_PAGES_READ:
            node = stack.pop()
            key = (node.num, node.gen) if isinstance(node, Ref) else id(node)
            if key in visited or len(visited) > 10 * MAX_PAGES_READ + 1000:
                continue
            visited.add(key)
            page = objects.resolve(node)  # type: ignore[arg-type]
            if not isinstance(page, dict):
                return False
            kids = page.get("/Kids")
            if kids is not None:
                kids = objects.resolve(kids)
                if not isinstance(kids, tuple):
                    return False
                stack.extend(reversed(kids))
                continue
            found += 1
            contents = objects.resolve(page.get("/Contents"))
            refs = contents if isinstance(contents, tuple) else (page.get("/Contents"),)
            if contents is not None and not all(visit(r, 0) for r in refs):
                return False
            if not forms(page.get("/Resources"), 1):  # the page's forms are at depth 1
                return False
    except NotSure:
        return False
    return True
