"""A linearized file whose first page is not the page tree's.

A linearized file begins with a dictionary (``/Linearized``) whose ``/O`` names the object
of its first page, so that a viewer can show that page before the rest of the file has
come. poppler and pdf.js take page 1 from ``/O`` when the dictionary's ``/L`` is the file's
length; PDFium and MuPDF take it from the page tree. An ``/O`` that names another object
than the page tree's first page shows each viewer another page 1 (review rev28: a copy of
the wording that reads "DECLINED", which the checks, reading the page tree, never see).
"""

from __future__ import annotations

import re

from .nodes import Node, Stream, cached, parse_node
from .objects import OBJECT_HEADER, NotSure, Objects, Ref

__all__ = ["other_first_page"]

_FIRST_OBJECT = re.compile(rb"%PDF-[^\r\n]*[\r\n]+(?:%[^\r\n]*[\r\n]+)*\s*(\d+)\s+(\d+)\s+obj\s*")
"""The header, its comments, and the first object's header (where the dictionary must be)."""

LOOKED_AT = 1024
"""Where the linearization dictionary must begin (the standard's first 1024 bytes)."""


def other_first_page(objects: Objects, data: bytes) -> tuple[int, int] | None:
    """``(the object /O names, the page tree's first page's)`` when the linearization
    dictionary of the file (``data``, whose ``objects`` are read), honoured by the viewers
    that read it (its ``/L`` the file's length), names another first page than the page
    tree; None otherwise, or when the page tree cannot be walked (other checks say so)."""
    head = _FIRST_OBJECT.match(data[:LOOKED_AT])
    if head is None:
        return None
    try:
        node = _first_object(objects, data, head)
        if not isinstance(node, dict) or "/Linearized" not in node:
            return None
        named, length = node.get("/O"), node.get("/L")
        if length != len(data) or not isinstance(named, int):
            return None
        first = _first_page(objects)
    except NotSure:
        return None
    return None if named == first else (named, first)


def _first_object(objects: Objects, data: bytes, head: re.Match[bytes]) -> Node:
    """The object after ``head`` as :func:`.nodes.parse_node` reads it there (a stream's
    dictionary), taken from the fast reader when it parsed that object (a stream's
    dictionary but its ``/Length``), or from the parses kept by their bytes when the
    object is one dictionary and nothing else up to its ``endobj``: the same object from
    the same first token, as each skips the whitespace before it; a dictionary there is
    the same dictionary, whatever follows it. Else parsed here."""
    key = (int(head[1]), int(head[2]))
    offset = objects.xref.get(key) if type(objects) is Objects and objects.data is data else None
    if offset is not None and key[0] not in objects.in_stream:
        at = OBJECT_HEADER.match(data, offset)
        if at is not None and at.start(1) == head.start(1):  # (its header)
            try:
                node = objects.get(Ref(*key))
            except NotSure:
                pass
            else:
                node = node.entries if isinstance(node, Stream) else node
                if isinstance(node, dict):
                    return node
    stop = data.find(b"endobj", head.end())
    if stop >= 0:  # (an object an update replaced: parsed once a process, by its bytes)
        try:
            node = cached(data[head.end() : stop])
        except NotSure:
            pass
        else:
            if isinstance(node, dict):
                return node
    return parse_node(data, head.end())[0]


def _first_page(objects: Objects) -> int:
    ref = objects.dict_of(objects.trailer.get("/Root")).get("/Pages")
    for _ in range(64):
        if not isinstance(ref, Ref):
            raise NotSure("a page tree node that is not a reference")
        node = objects.dict_of(ref)
        if node.get("/Type") == "/Page":
            return ref.num
        kids = node.get("/Kids")
        if not isinstance(kids, tuple) or not kids:
            raise NotSure("a page tree node without kids")
        ref = kids[0]
    raise NotSure("a page tree too deep")
