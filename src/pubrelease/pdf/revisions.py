"""Reading the revisions of a PDF file: objects as plain values, cached by their place.

:func:`revision_ends` cuts a file at the ``%%EOF`` that ends each revision and
:func:`open_revision` reads one revision with pypdf. A :class:`Revision` turns what it
reads into plain values (:data:`Node`) and keeps them in a :class:`Cache` shared by the
revisions of one file, by the place each object is read from: an object that a later
revision does not redefine is not parsed again, and a stream's data is decoded once.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TypeAlias

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NumberObject,
    StreamObject,
)

from .nodes import stream_digest
from .objects import Node, Objects, Ref, Stream

__all__ = [
    "MAX_NODES",
    "SYNTAX",
    "Cache",
    "Loc",
    "Node",
    "Ref",
    "Revision",
    "Stream",
    "format_rect",
    "name_of",
    "node_of",
    "open_revision",
    "overlap",
    "problem",
    "rect_of",
    "revision_ends",
    "text_of",
]

MAX_NODES = 20_000
"""Objects visited per walk of a page or field tree, or per expansion."""


# -- objects as plain values, cached by their place in the file ---------------------------


def node_of(obj: object, depth: int = 0) -> Node:
    """A parsed pypdf object as plain values; references stay references."""
    if depth > 32:
        return "<too deep>"
    if isinstance(obj, IndirectObject):
        return Ref(obj.idnum, obj.generation)
    if isinstance(obj, DictionaryObject):
        entries = {str(k): node_of(v, depth + 1) for k, v in obj.items()}
        if isinstance(obj, StreamObject):
            return Stream(entries, stream_digest(obj._data))
        return entries
    if isinstance(obj, ArrayObject):
        return tuple(node_of(v, depth + 1) for v in obj)
    if isinstance(obj, BooleanObject):
        return bool(obj.value)
    if isinstance(obj, FloatObject):
        return round(float(obj), 3)
    if isinstance(obj, NumberObject):
        return int(obj)
    if isinstance(obj, bytes):
        return bytes(obj)
    if isinstance(obj, str):
        return str(obj)
    return None


Loc: TypeAlias = tuple[object, ...]
"""Where an object is read from: ``("x", offset, num, gen)`` or ``("s", stream, index)``."""


@dataclass(slots=True)
class Cache:
    """Nodes and decoded stream data by location, shared by the revisions of one file."""

    nodes: dict[Loc, Node] = field(default_factory=dict)
    data: dict[Loc, bytes] = field(default_factory=dict)


class Revision:
    """One revision read by pypdf; what it reads is cached by location."""

    def __init__(self, index: int, reader: PdfReader | Objects, cache: Cache) -> None:
        self.index = index
        self._cache = cache
        self._resolved: dict[tuple[int, int], Node] = {}
        """What each reference resolves to (:meth:`resolve`): its object is where
        :meth:`loc` finds it, parsed once, and ``cache`` never changes what it holds."""
        self.objects = reader if isinstance(reader, Objects) else None
        """The fast reader's objects (which raise ``NotSure`` where pypdf might differ)."""
        if isinstance(reader, Objects):
            self.catalog = self.dict_of(reader.trailer.get("/Root"))
            return
        self.reader = reader
        self.catalog = self.dict_of(node_of(reader.trailer.raw_get("/Root")))

    def loc(self, ref: Ref, depth: int = 0) -> Loc:
        """Where pypdf reads ``ref`` from in this revision."""
        if self.objects is not None:
            return self.objects.location(ref)
        reader = self.reader
        if ref.gen == 0 and ref.num in reader.xref_objStm and depth < 2:
            stream, index = reader.xref_objStm[ref.num]
            return ("s", self.loc(Ref(int(stream), 0), depth + 1), int(index))
        offset = reader.xref.get(ref.gen, {}).get(ref.num)
        if offset is None:  # found by pypdf's repair, if at all: not shared
            return ("?", id(self.reader), ref.num, ref.gen)
        return ("x", offset, ref.num, ref.gen)

    def resolve(self, value: Node) -> Node:
        if not isinstance(value, Ref):
            return value  # (most values: asked for thousands of times a file)
        key = (value.num, value.gen)
        found = self._resolved.get(key, self._resolved)
        if found is self._resolved:  # (each reference resolved once: it stays so)
            found = self._resolved[key] = self._follow(value)
        return found  # type: ignore[return-value]

    def _follow(self, value: Node) -> Node:
        for _ in range(8):
            if not isinstance(value, Ref):
                return value
            key = self.loc(value)
            if key not in self._cache.nodes and self.objects is not None:
                self._cache.nodes[key] = self.objects.get(value)
            elif key not in self._cache.nodes:
                parsed = self.reader.get_object(IndirectObject(value.num, value.gen, self.reader))
                self._cache.nodes[key] = node_of(parsed)
            value = self._cache.nodes[key]
        return None

    def dict_of(self, value: Node) -> dict[str, Node]:
        node = self.resolve(value)
        if isinstance(node, Stream):
            return node.entries
        return node if isinstance(node, dict) else {}

    def list_of(self, value: Node) -> tuple[Node, ...]:
        node = self.resolve(value)
        return node if isinstance(node, tuple) else ()

    def stream_data(self, ref: Ref) -> bytes:
        """The decoded data of stream ``ref`` (empty when it is not a stream)."""
        key = self.loc(ref)
        if key not in self._cache.data and self.objects is not None:
            self._cache.data[key] = self.objects.decoded(ref) if self._is_stream(ref) else b""
        elif key not in self._cache.data:
            parsed = self.reader.get_object(IndirectObject(ref.num, ref.gen, self.reader))
            self._cache.data[key] = parsed.get_data() if isinstance(parsed, StreamObject) else b""
        return self._cache.data[key]

    def _is_stream(self, ref: Ref) -> bool:
        return isinstance(self.resolve(ref), Stream)

    def expand(self, value: Node, depth: int = 3, named: Collection[Ref] = ()) -> Node:
        """``value`` with references replaced by what they point at, ``depth`` levels down;
        those in ``named`` by their number only (objects compared on their own: a page
        an update wrote anew, the same page, stays the object it was)."""
        budget = [MAX_NODES]

        def walk(value: Node, depth: int) -> Node:
            budget[0] -= 1
            if budget[0] < 0:
                return "<too large>"
            if isinstance(value, Ref):
                if value in named:
                    return f"<object {value.num} {value.gen}>"
                if depth == 0:
                    return f"<object at {self.loc(value)}>"  # identity at the edge
                return walk(self.resolve(value), depth - 1)
            if isinstance(value, dict):
                return {k: walk(v, depth) for k, v in value.items() if k != "/Parent"}
            if isinstance(value, tuple):
                return tuple(walk(v, depth) for v in value)
            if isinstance(value, Stream):
                return Stream({k: walk(v, depth) for k, v in value.entries.items()}, value.digest)
            return value

        return walk(value, depth)


def text_of(value: Node) -> str | None:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else None


def name_of(value: Node) -> str:
    return (text_of(value) or "").lstrip("/")


def rect_of(values: Iterable[Node]) -> tuple[float, ...]:
    """A rectangle as (left, bottom, right, top), rounded; as given when it is not one."""
    found = [round(float(v), 2) for v in values if isinstance(v, int | float)]
    if len(found) != 4:
        return tuple(found)
    (x0, x1), (y0, y1) = sorted(found[0::2]), sorted(found[1::2])
    return (x0, y0, x1, y1)


def overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Two rectangles (left, bottom, right, top) share more than a point's width."""
    if len(a) != 4 or len(b) != 4:
        return False
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


def format_rect(rect: tuple[float, ...]) -> str:
    return "[" + " ".join(f"{v:g}" for v in rect) + "]"


# -- cutting the file into revisions ---------------------------------------------------------

_STARTXREF = re.compile(rb"startxref\s+(\d{1,19})\s*%%EOF(?:\r\n|\r|\n)?")
_XREF_STREAM = re.compile(rb"\d+\s+\d+\s+obj\b")
_PREV = re.compile(rb"/Prev\s+(\d+)")
SYNTAX = re.compile(rb"\bobj\b|\bendobj\b|xref|trailer|endstream")
"""PDF syntax: bytes after the last ``%%EOF`` that hold it are an unfinished update."""


def _xref_at(data: bytes, offset: int, floor: int, limit: int) -> bool:
    """``offset`` starts a cross-reference section of the revision ending at ``limit``."""
    if not floor <= offset < limit:
        return False
    head = data[offset : offset + 64].lstrip(b" \t\r\n\f\x00")
    if head.startswith(b"xref"):
        start = data.rfind(b"trailer", offset, limit)
        section = data[start:limit] if start >= 0 else b""
    elif _XREF_STREAM.match(head):
        end = data.find(b"stream", offset, limit)
        section = data[offset : end if end >= 0 else limit][:8192]
        if b"/XRef" not in section:
            return False
    else:
        return False
    prev = _PREV.search(section)
    return prev is None or int(prev.group(1)) < offset  # a linearized file's first part: no


def revision_ends(data: bytes) -> list[int]:
    """Where each revision ends: after the end-of-line that follows its ``%%EOF``.

    A ``startxref ... %%EOF`` counts when its offset points at the cross-reference section
    of the bytes before it, after the previous revision; the one that ends the file always
    counts (pypdf repairs what it can).
    """
    ends: list[int] = []
    content_end = len(data.rstrip(b" \t\r\n\f\x00"))
    for n, match in enumerate(_STARTXREF.finditer(data)):
        end, floor = match.end(), ends[-1] if ends else 0
        last = end >= content_end
        if _xref_at(data, int(match.group(1)), floor, match.start()) or (last and end > floor):
            ends.append(end)
        if n > 10_000:
            break
    return ends


def open_revision(
    data: bytes, end: int, index: int, cache: Cache, *, fast: bool = False
) -> Revision:
    """Revision ``index`` of ``data``, the bytes before ``end``, read with pypdf (``fast``:
    by the fast reader, which raises ``NotSure`` where pypdf might read it differently)."""
    if fast:
        return Revision(index, Objects(data, end), cache)
    reader = PdfReader(io.BytesIO(data[:end]), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    return Revision(index, reader, cache)


def problem(exc: Exception) -> str:
    """``exc`` in one short line, for a report."""
    return f"{type(exc).__name__}: {exc}"[:200]
