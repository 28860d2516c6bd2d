"""A digest of the exact bytes of a PDF object and everything it refers to.

Two objects with the same digest are the same PDF object as far as any reader can tell:
the same names, numbers, strings, arrays and dictionaries (keys in any order), and
streams with the same dictionary and the same stored bytes, down through every indirect
reference (followed, so that object numbers, which differ from file to file, do not
count). A check whose result depends only on an object (a font: its dictionary, its
``/ToUnicode`` map, its program) can therefore be done once per digest and its result
used for every file that holds the same object: a conference's returns all carry the
template's fonts.

Computing it hashes the objects' bytes: far less than decoding streams or parsing a
font program. An object stored plainly in the file (not a stream, not in an object
stream, no comment in it, the file not encrypted) is hashed as the bytes the file holds
for it, from its ``obj`` keyword through the first ``endobj`` after it, without parsing
it (pypdf takes milliseconds over a CID font's widths array): equal bytes are one object
to any parser, which reads one object after ``obj`` and stops there. An ``endobj`` inside
a value (a string, a name) is not that end: such an object is parsed (hashed up to it, two
objects alike up to there would hash alike whatever follows). Each reference in those
bytes (``N G R`` between delimiters) is hashed as a mark followed by the digest of the
object it refers to, so that the same objects numbered otherwise (a file re-saved by
another tool) have the same digest; an object with something like a reference inside a
literal string is parsed instead. Streams and everything else are hashed as pypdf parses
them: a stream by its dictionary and its stored bytes (filters named in the dictionary),
not decoded.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

__all__ = ["MAX_NODES", "digest"]

MAX_NODES = 4096
"""Objects (arrays, dictionaries, numbers...) hashed per digest at most."""


MAX_RAW = 1 << 20
"""Bytes of a plainly stored object hashed unparsed at most (larger: parsed)."""
_WS = rb"[\0\t\n\f\r ]"
_HEADER = re.compile(rb"%s*(\d+)%s+(\d+)%s+obj" % (_WS, _WS, _WS))
_DELIMITED = rb"\0\t\n\f\r ()<>\[\]{}/%"
_DELIMITS = {bytes((c,)) for c in b"\0\t\n\f\r ()<>[]{}/%"}
_ENDS_VALUE = {bytes((c,)) for c in b"\0\t\n\f\r )>]}"}
"""What may come just before an ``endobj`` keyword: whitespace, or the end of a value."""
_REF = re.compile(rb"(?<![^%s])(\d+)%s+(\d+)%s+R(?![^%s])" % (_DELIMITED, _WS, _WS, _DELIMITED))
"""A reference: two integers and ``R``, each token between whitespace or delimiters."""


def _strings(body: bytes) -> list[tuple[int, int]]:
    """The spans of the literal strings ``(...)`` of an object's bytes that hold no
    comment (balanced parentheses inside, backslash escapes)."""
    spans = []
    at = body.find(b"(")
    while at >= 0:
        depth, index = 0, at
        while index < len(body):
            char = body[index]
            if char == 0x5C:  # backslash: the next byte is taken as it is
                index += 2
                continue
            if char == 0x28:
                depth += 1
            elif char == 0x29:
                depth -= 1
                if depth == 0:
                    break
            index += 1
        spans.append((at, index + 1))
        at = body.find(b"(", index + 1)
    return spans


class _TooBig(Exception):
    pass


def _stored(obj: IndirectObject) -> bytes | None:
    """The bytes of ``obj`` from its ``obj`` keyword through the first ``endobj``, when
    it is stored plainly (see the module); None otherwise."""
    reader = obj.pdf
    if not isinstance(reader, PdfReader) or reader.is_encrypted:
        return None
    if obj.generation == 0 and obj.idnum in reader.xref_objStm:
        return None
    if reader.xref_free_entry.get(obj.generation, {}).get(obj.idnum, False):
        return None  # a free object: pypdf reads it as null
    start = reader.xref.get(obj.generation, {}).get(obj.idnum)
    if not isinstance(start, int):
        return None
    stream = reader.stream
    at = stream.tell()
    try:
        stream.seek(start)
        chunk = stream.read(MAX_RAW)
    finally:
        stream.seek(at)
    header = _HEADER.match(chunk)
    if header is None or (int(header[1]), int(header[2])) != (obj.idnum, obj.generation):
        return None
    end = chunk.find(b"endobj", header.end())
    if end < 0 or not _keyword(chunk, end):
        return None
    body = chunk[header.end() : end + 6]
    if b"stream" in body or b"%" in body:
        return None
    if b"(" in body and any(hi > len(body) - 6 for _, hi in _strings(body[:-6])):
        return None  # ("endobj" inside a string: the object goes on past it)
    return body


def _keyword(chunk: bytes, at: int) -> bool:
    """The ``endobj`` at ``at`` is a keyword of its own, not the end of a name
    (``/Xendobj``) or of a longer word: parsed otherwise, two objects alike up to an
    ``endobj`` inside a value would hash alike, whatever follows it."""
    before, after = chunk[at - 1 : at], chunk[at + 6 : at + 7]
    return before in _ENDS_VALUE and (not after or after in _DELIMITS)


def digest(obj: Any, *, max_nodes: int = MAX_NODES) -> bytes | None:
    """The digest of ``obj`` (see the module); None when it holds more than ``max_nodes``
    objects (then it is not worth remembering) or cannot be read."""
    h = hashlib.blake2b(digest_size=20)
    budget = [max_nodes]
    try:
        _feed(h, obj, budget, ())
    except _TooBig:
        return None
    except (MemoryError, RecursionError):
        raise
    except Exception:  # pypdf raises many kinds on damage: not remembered
        return None
    return h.digest()


def _bytes(h: Any, tag: bytes, data: bytes) -> None:
    h.update(tag + len(data).to_bytes(8, "big"))
    h.update(data)


def _feed(h: Any, obj: Any, budget: list[int], path: tuple[tuple[int, int], ...]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig
    if isinstance(obj, IndirectObject):
        key = (obj.idnum, obj.generation)
        if key in path:  # a loop back to an object being hashed
            h.update(b"L" + path.index(key).to_bytes(4, "big"))
            return
        body = _stored(obj)
        if body is None:
            _feed(h, obj.get_object(), budget, (*path, key))
            return
        strings = _strings(body) if b"(" in body else []
        refs = list(_REF.finditer(body))
        if any(lo <= ref.start() < hi for ref in refs for lo, hi in strings):
            _feed(h, obj.get_object(), budget, (*path, key))
            return
        done = 0
        for ref in refs:
            _bytes(h, b"O", body[done : ref.start()])
            h.update(b"@")
            target = IndirectObject(int(ref[1]), int(ref[2]), obj.pdf)
            _feed(h, target, budget, (*path, key))
            done = ref.end()
        _bytes(h, b"O", body[done:])
        return
    if isinstance(obj, StreamObject):
        h.update(b"S")
        _dict(h, obj, budget, path)
        _bytes(h, b"D", obj._data)  # the bytes stored, as stored (filters named above)
    elif isinstance(obj, DictionaryObject):
        _dict(h, obj, budget, path)
    elif isinstance(obj, ArrayObject):
        h.update(b"A" + len(obj).to_bytes(8, "big"))
        for item in obj:
            _feed(h, item, budget, path)
    elif isinstance(obj, NameObject):
        _bytes(h, b"N", str(obj).encode("utf-8", "surrogatepass"))
    elif isinstance(obj, BooleanObject):
        h.update(b"T" if obj else b"F")
    elif isinstance(obj, NumberObject):
        _bytes(h, b"I", str(int(obj)).encode())
    elif isinstance(obj, FloatObject):
        _bytes(h, b"R", repr(float(obj)).encode())
    elif isinstance(obj, ByteStringObject):
        _bytes(h, b"B", bytes(obj))
    elif isinstance(obj, TextStringObject):
        _bytes(h, b"B", obj.get_original_bytes())
    elif obj is None or isinstance(obj, NullObject):
        h.update(b"0")
    else:  # nothing else is a PDF object: never the same as anything
        raise _TooBig


def _dict(
    h: Any, obj: DictionaryObject, budget: list[int], path: tuple[tuple[int, int], ...]
) -> None:
    keys = sorted(str(k) for k in obj)
    h.update(b"{" + len(keys).to_bytes(8, "big"))
    for key in keys:
        _bytes(h, b"K", key.encode("utf-8", "surrogatepass"))
        _feed(h, obj.raw_get(key), budget, path)
