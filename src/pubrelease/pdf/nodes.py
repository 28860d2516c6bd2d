"""PDF objects as plain values, parsed from bytes as pypdf parses them, or not at all.

:func:`parse_node` reads one object (a dictionary, an array, a string, a name, a number,
a reference...) into the plain values of :data:`Node`, exactly as
:func:`pubrelease.pdf.revisions.node_of` makes them from pypdf's objects; whatever pypdf
might read otherwise (a key given twice, a malformed token) raises :class:`NotSure`.
Escaped strings and names go to pypdf's own token readers. A parsed object is cached by
its exact bytes (:func:`cached`), so the objects a form's returns share are parsed once per
process; the values are shared: never modify them.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from dataclasses import dataclass
from typing import Generic, TypeAlias, TypeVar, Union

__all__ = [
    "MAX_CACHED",
    "MAX_CACHED_BYTES",
    "SKIP",
    "Ambiguous",
    "ByBytes",
    "Loc",
    "Node",
    "NotSure",
    "Ref",
    "Stream",
    "cached",
    "name_pattern",
    "parse_node",
    "stream_digest",
]


class NotSure(Exception):
    """This file, or this object, is not one the fast reader can vouch for: use pypdf."""


class Ambiguous(NotSure):
    """Cross-reference data that readers resolve to different objects (PDFium to one,
    pypdf and poppler to another): no reader can vouch for what a viewer shows."""


@dataclass(frozen=True, slots=True)
class Ref:
    num: int
    gen: int


@dataclass(frozen=True, slots=True)
class Stream:
    entries: dict[str, Node]
    """The stream's dictionary, without ``/Length`` (as pypdf keeps it)."""
    digest: bytes
    """:func:`stream_digest` of the raw (undecoded) data."""


def stream_digest(raw: bytes) -> bytes:
    """The digest a stream's stored bytes count by: BLAKE2b, 256 bits. Not SHA-1, for which
    two different streams with the same digest can be made (a chosen-prefix collision),
    and whose equal digests would make an edited stream pass for the one before it."""
    return hashlib.blake2b(raw, digest_size=32).digest()


Node: TypeAlias = Union[  # noqa: UP007 - a recursive alias needs the string forms
    bool, int, float, str, bytes, Ref, Stream, tuple["Node", ...], dict[str, "Node"], None
]
"""A PDF object as plain values: names and text strings are ``str`` (``"/Name"``), strings
pypdf cannot decode as text are ``bytes``, floats are rounded to 3 decimals, ``null`` is None."""

Loc: TypeAlias = tuple[object, ...]
"""Where an object is read from: ``("x", offset, num, gen)`` or ``("s", stream, index)``."""

MAX_CACHED = 4096
"""Parsed objects kept by their bytes; the cache is emptied when it holds this many or
:data:`MAX_CACHED_BYTES` of them, so that it stays small whatever a process reads."""
MAX_CACHED_BYTES = 4 << 20
MAX_ITEMS = 10_000
"""A dictionary or array with more entries is left to pypdf (it has limits of its own)."""
MAX_DEPTH = 30
"""Containers nested deeper are left to pypdf (``node_of`` stops at 32 levels)."""


def name_pattern(word: str, *, whole: bool = False) -> bytes:
    """A pattern for the PDF name ``/word`` and every way of writing it: any of its
    characters may be a ``#`` escape (``/OC``, ``/#4FC``, ``/O#43``...); ``whole``: not
    the start of a longer name (a delimiter or whitespace follows)."""
    parts = [f"(?:{re.escape(c)}|#{ord(c):02x}|#{ord(c):02X})" for c in word]
    return (
        b"/" + "".join(parts).encode() + (rb"(?=[\x00\t\n\x0c\r ()<>\[\]{}/%])" if whole else b"")
    )


SKIP = re.compile(rb"[\x00\t\n\x0c\r ]*(?:%[^\r\n]*[\x00\t\n\x0c\r ]*)*")
# one token, after SKIP; the order matters (a reference before a number)
_TOKEN = re.compile(
    rb"(?P<ref>(\d+)[ \t\n\r\x0b\x0c]+(\d+)[ \t\n\r\x0b\x0c]+R(?=[^a-zA-Z]))"
    rb"|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+)(?![+,\-.0-9]))"
    rb"|(?P<name>/[^ \t\n\r\x0b\x0c()<>\[\]{}/%]*)"
    rb"|(?P<open><<|\[)"
    rb"|(?P<close>>>|\])"
    rb"|(?P<str>\([^()\\]*\))"
    rb"|(?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)"
    rb"|(?P<kw>true|false|null)(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
)
_SKIPPED_TOKEN = re.compile(rb"(?>" + SKIP.pattern + rb")(?:" + _TOKEN.pattern + rb")")
"""What :data:`SKIP` skips, then one token (the skipping atomic, as when it is matched alone:
no token found inside the whitespace or a comment it took)."""
_PRINTABLE = re.compile(rb"[ -~]*")
_HEX_SPACE = re.compile(rb"[\x00\t\n\x0c\r ]")
_V = TypeVar("_V")


class ByBytes(Generic[_V]):
    """Values kept by the bytes they were made from, once per process: at most
    :data:`MAX_CACHED` of them and :data:`MAX_CACHED_BYTES` of keys (emptied when full, so
    that it stays small whatever a process reads); a key past a sixteenth of that is not
    kept. Look a value up in :attr:`found`."""

    __slots__ = ("_bytes", "found")

    def __init__(self) -> None:
        self.found: dict[bytes, _V] = {}
        self._bytes = 0

    def keep(self, key: bytes, value: _V) -> None:
        if len(key) > MAX_CACHED_BYTES // 16:
            return
        if len(self.found) >= MAX_CACHED or self._bytes + len(key) > MAX_CACHED_BYTES:
            self.found.clear()
            self._bytes = 0
        self.found[key] = value
        self._bytes += len(key)


_CACHE: ByBytes[Node] = ByBytes()


def _text(raw: bytes) -> str | bytes:
    """A string's bytes as pypdf decodes them (``create_string_object``): UTF-16 after a
    byte order mark, else PDFDocEncoding; bytes when that fails, and when pypdf would
    take them for UTF-16 without a mark (a leading NUL, or a NUL second): PDFium and
    pdf.js read those in PDFDocEncoding, a NUL between letters ("A\0d\0a\0"), so no
    reader vouches for one text."""
    if _PRINTABLE.fullmatch(raw):
        return raw.decode("ascii")  # PDFDocEncoding is ASCII here
    if raw.startswith(b"\x00") or raw[1:2] == b"\x00":
        return raw
    try:
        if raw.startswith((b"\xfe\xff", b"\xff\xfe")):
            return raw.decode("utf-16")
    except UnicodeDecodeError:
        return raw
    undefined, table = _pdfdoc()
    if len(raw.translate(None, undefined)) != len(raw):
        return raw
    return raw.decode("latin-1").translate(table)


@functools.cache
def _pdfdoc() -> tuple[bytes, dict[int, str]]:
    """pypdf's PDFDocEncoding: the bytes it has no character for, and a translation."""
    from pypdf._codecs import _pdfdoc_encoding

    undefined = bytes(i for i, c in enumerate(_pdfdoc_encoding) if c == "\u0000")
    return undefined, dict(enumerate(_pdfdoc_encoding))


def _pypdf_token(buf: bytes, pos: int) -> tuple[Node, int]:
    """A literal string with escapes or nested parentheses, or a name with ``#`` escapes
    or bytes beyond ASCII: read by pypdf's own token readers, for its exact result."""
    from pypdf.errors import PyPdfError
    from pypdf.generic import ByteStringObject, NameObject, read_string_from_stream

    stream = io.BytesIO(buf)
    stream.seek(pos)
    try:
        if buf[pos : pos + 1] == b"/":
            name = NameObject.read_from_stream(stream, None)
            return str(name), stream.tell()
        made = read_string_from_stream(stream)
    except (PyPdfError, ValueError, UnicodeDecodeError) as exc:
        raise NotSure(f"token at {pos}") from exc
    return (bytes(made) if isinstance(made, ByteStringObject) else str(made)), stream.tell()


def parse_node(buf: bytes, pos: int = 0) -> tuple[Node, int]:
    """The object starting at ``pos`` of ``buf`` (after whitespace), and where it ends."""
    stack: list[list[object]] = []  # [items, is_dict, key] per open container
    value: Node
    token_at = _SKIPPED_TOKEN.match
    while True:
        m = token_at(buf, pos)
        if m is None:  # (past what SKIP skips: no token the pattern knows)
            start = pos = SKIP.match(buf, pos).end()  # type: ignore[union-attr]
            if buf[pos : pos + 1] in (b"(", b"/") and pos < len(buf):
                value, pos = _pypdf_token(buf, pos)
            else:
                raise NotSure(f"unexpected byte at {pos}")
        else:
            kind = m.lastgroup
            start = m.start(kind)  # type: ignore[arg-type]  # (the token's, after whitespace)
            pos = m.end()
            if kind == "name":
                token = buf[start:pos]
                if b"#" in token or not token.isascii() or len(token) > 4000:
                    value, pos = _pypdf_token(buf, start)
                else:
                    value = token.decode("ascii")
            elif kind == "num":
                token = buf[start:pos]
                value = round(float(token), 3) if b"." in token else int(token)
            elif kind == "ref":
                if pos - start >= 20:  # pypdf looks 20 bytes ahead for a reference
                    raise NotSure("spaced reference")
                value = Ref(int(m.group(2)), int(m.group(3)))
            elif kind == "open":
                if len(stack) > MAX_DEPTH:
                    raise NotSure("too deep")
                opens_dict = buf[start] == 60  # <<
                stack.append([{} if opens_dict else [], opens_dict, None])
                continue
            elif kind == "close":
                if not stack:
                    raise NotSure("unbalanced")
                items, is_dict, key = stack.pop()
                if is_dict != (buf[start] == 62) or key is not None:  # >>
                    raise NotSure("unbalanced or a key without a value")
                value = items if is_dict else tuple(items)  # type: ignore[assignment, arg-type]
            elif kind == "str":
                value = _text(buf[start + 1 : pos - 1])
            elif kind == "hex":
                digits = _HEX_SPACE.sub(b"", buf[start + 1 : pos - 1])
                if len(digits) % 2:
                    digits += b"0"
                value = _text(bytes.fromhex(digits.decode("ascii")))
            else:  # true, false, null
                token = buf[start:pos]
                value = True if token == b"true" else False if token == b"false" else None
        if not stack:
            return value, pos
        top = stack[-1]
        items = top[0]
        if top[1]:
            if top[2] is None:
                if not isinstance(value, str) or not buf[start : start + 1] == b"/":
                    raise NotSure("a dictionary key that is not a name")
                if value in items:  # type: ignore[operator]
                    raise NotSure("a key defined twice")
                top[2] = value
            else:
                items[top[2]] = value  # type: ignore[index]
                top[2] = None
        else:
            items.append(value)  # type: ignore[attr-defined]
        if len(items) > MAX_ITEMS:  # type: ignore[arg-type]
            raise NotSure("too many entries")


def cached(key: bytes) -> Node:
    """The one object ``key`` holds (nothing else but whitespace), parsed once per process."""
    found = _CACHE.found
    node = found.get(key, found)
    if node is found:
        node, end = parse_node(key)
        if SKIP.match(key, end).end() != len(key):  # type: ignore[union-attr]
            raise NotSure("more than one object")
        _CACHE.keep(key, node)
    return node  # type: ignore[return-value]
