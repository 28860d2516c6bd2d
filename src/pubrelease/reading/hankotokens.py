"""pyHanko's PDF reader, its objects, hex strings and names read whole instead of a byte
at a time.

pyHanko's parser reads a ``<...>`` string one byte at a time in Python (a call to skip
whitespace and comments, a test and a generator step for each digit): a signature's
``/Contents``, 8 to 32 KB of hex digits, cost 2-4 ms of a signed return's reading, more
than validating the signature. Names are read the same way, a byte at a time up to the
next delimiter and then decoded byte by byte; and every object token by token, each
token a few calls and seeks on the stream: the form's fields, read to find its
signatures, were 1.8 ms of a signed return's reading. :func:`install` puts the
functions here in their place in pyHanko's parser:

* :func:`read_hex_string`: the digits up to the first ``>`` taken at once and decoded by
  :mod:`binascii`, when they are only hex digits and PDF whitespace;
* :func:`read_until_delimiter`: the bytes up to the next delimiter or whitespace, found
  by a regular expression in a block read at once, the stream left at it;
* :func:`decode_name`: a name of printable ASCII without ``#`` escapes, as it is;
* :func:`read_object`: an object of plain tokens read from a block by one regular
  expression, token after token, into pyHanko's own classes (a stream's data after
  its dictionary read by pyHanko's own function).

Anything else (a comment, a stray character, an escape pyHanko refuses, a key given
twice, the end of the data) goes to pyHanko's own function from the same place, so every
token and object reads as pyHanko reads it (``tests/test_hankotokens.py`` compares them on
generated input and on every object of the test suite's files).
"""

from __future__ import annotations

import binascii
import re
from typing import IO, Any

__all__ = ["decode_name", "install", "read_hex_string", "read_until_delimiter"]

_DIGITS = re.compile(rb"[0-9A-Fa-f]*")
_DELIMITER = re.compile(rb"[ \n\r\t\f\x00()<>\[\]{}/%]")
"""pyHanko's ``PDF_WHITESPACE`` and ``PDF_DELIMITERS``: where a token ends."""
_PLAIN_NAME = re.compile(rb"[^\x00-\x20\x7f-\xff#()<>\[\]{}/%]*")
"""A name's bytes that pyHanko keeps as they are: printable ASCII but ``#`` and the
delimiters."""
_WHITESPACE = b" \n\r\t\f\x00"
"""pyHanko's ``PDF_WHITESPACE``: what its reader steps over between digits."""
_BLOCK = 1 << 16
_TOKEN = 256
"""Bytes read at once to find where a token ends (a name is seldom longer)."""
_ORIGINAL: Any = None
_ORIGINALS: dict[str, Any] = {}


def read_hex_string(stream: IO[bytes]) -> Any:
    """pyHanko's ``read_hex_string_from_stream``: the string at ``stream`` (at its ``<``),
    the stream left after its ``>``."""

    start = stream.tell()
    stream.read(1)
    taken = bytearray()
    while True:
        block = stream.read(_BLOCK)
        if not block:  # (no end: pyHanko says how)
            stream.seek(start)
            return _ORIGINAL(stream)
        end = block.find(b">")
        if end >= 0:
            taken += block[:end]
            break
        taken += block
    digits = bytes(taken).translate(None, _WHITESPACE)
    if _DIGITS.fullmatch(digits) is None:  # a comment, a stray character: pyHanko's way
        stream.seek(start)
        return _ORIGINAL(stream)
    stream.seek(start + len(taken) + 2)
    return _hex_string(digits)


def _hex_string(digits: bytes) -> Any:
    """The string of a ``<...>``'s hex digits (its whitespace taken out), as pyHanko makes
    it: an odd last digit read as followed by 0."""
    from pyhanko.pdf_utils.generic import pdf_string

    return pdf_string(binascii.unhexlify(digits + b"0" * (len(digits) % 2)))


def read_until_delimiter(stream: IO[bytes]) -> bytes:
    """pyHanko's ``read_until_delimiter``: the bytes up to the next delimiter or PDF
    whitespace, the stream left at it (at the end of the data, there)."""
    start = stream.tell()
    taken = b""
    while True:
        block = stream.read(_TOKEN)
        found = _DELIMITER.search(block)
        if found is not None:
            taken += block[: found.start()]
            stream.seek(start + len(taken))
            return taken
        taken += block
        if len(block) < _TOKEN:  # (the end: the stream stays there)
            return taken


def decode_name(name: bytes) -> Any:
    """pyHanko's ``_decode_name``: the name object of a name's bytes (after its ``/``)."""
    if _PLAIN_NAME.fullmatch(name) is None:  # an escape or a byte to refuse: pyHanko's way
        return _ORIGINALS["_decode_name"](name)
    from pyhanko.pdf_utils.generic import NameObject

    return NameObject("/" + name.decode("ascii"))


_SPACE = rb"[\x00\t\n\f\r ]"
"""pyHanko's ``PDF_WHITESPACE``."""
_OBJECT_TOKEN = re.compile(
    _SPACE
    + rb"""*(?:
    (/[^\x00\t\n\f\r\x20()<>\[\]{}/%]*)
    |(<<)|(>>)|(\[)|(\])
    |([0-9]+)[\t\n\f\r\x20]+([0-9]+)[\t\n\f\r\x20]+R(?=[^a-zA-Z])
    |([+,\-.0-9]+)
    |<([0-9A-Fa-f\x00\t\n\f\r\x20]*)>
    |\(((?:[^()\\]|\\[\s\S])*)\)
    |(true|false|null)
    )""",
    re.VERBOSE,
)
"""One token of an object, after its whitespace: a name; ``<<``, ``>>``, ``[``, ``]``; a
reference (its numbers apart by whitespace both of pyHanko's readings skip); a number (the
bytes pyHanko takes for one: ``+``, ``,``, ``-``, ``.`` and digits); a hex string of
digits and whitespace; a literal string with no parenthesis in it but escaped ones; a
keyword."""
_ESCAPE = re.compile(rb"\\(?:([0-9]{1,3})|([\n\r][\n\r]?)|([\s\S]))")
"""An escape in a literal string, as pyHanko reads one: up to three digits (octal), a
line's end (with the next byte when that is one too), or one byte."""
_ESCAPED = {
    **{bytes((c,)): bytes((c,)) for c in b"() /%<>[]#_&$\\"},
    **{b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"},
}
"""What pyHanko makes of a backslash and the byte after it (any other is an error)."""
_NAME, _OPEN, _CLOSE, _BEGIN, _END, _IDNUM, _GENERATION, _NUMBER, _HEX, _LITERAL, _WORD = range(
    1, 12
)
_SPACES = re.compile(_SPACE + rb"*")
_BLOCKS = (4096, 1 << 17)
"""Bytes read at once for an object: an object that goes on past the first is read
from the second, longer, then by pyHanko's reader."""
_LOOKAHEAD = 32
"""Bytes a token's reading may look past its end (pyHanko peeks 20 for a reference)."""
_DEEPEST = 64
"""Dictionaries and arrays within one another that are read here; deeper, pyHanko's."""


class _Unusual(Exception):
    """Something read here differently or not at all: pyHanko's reader reads the object."""


class _Short(Exception):
    """The object goes on past the block read."""


class _Stream(Exception):
    """The object is a dictionary, maybe a stream's: its entries, and the stream's data
    (if any) for pyHanko to read after them."""

    def __init__(self, data: dict[Any, Any]) -> None:
        self.data = data


def read_object(
    stream: IO[bytes],
    container_ref: Any,
    as_metadata_stream: bool = False,
    in_content_stream: Any = None,
) -> Any:
    """pyHanko's ``read_object``: the object at ``stream``, each of its parts of the same
    type and value and with the same ``container_ref``, the stream left after it.

    An object of plain tokens (``_OBJECT_TOKEN``) is read from a block in one pass; a
    stream, a comment, an escape, a key given twice, anything else, is read by pyHanko's
    own reader from the same place, so its value or error is pyHanko's."""
    original = _ORIGINALS["read_object"]
    if as_metadata_stream or in_content_stream:
        if in_content_stream is None:
            return _handed_over(original, stream, container_ref, as_metadata_stream)
        return _handed_over(original, stream, container_ref, as_metadata_stream, in_content_stream)
    start = stream.tell()
    for size in _BLOCKS:
        block = stream.read(size)
        objects = _Objects(block, len(block) < size, container_ref)
        try:
            value, end = objects.top()
        except _Short:
            stream.seek(start)
            continue
        except _Stream as dictionary:
            stream.seek(start + objects.position)
            return _stream_object(stream, dictionary.data, container_ref)
        except Exception:  # (_Unusual, or a value pyHanko's classes refuse: its reading)
            stream.seek(start)
            break
        stream.seek(start + end)
        return value
    return _handed_over(original, stream, container_ref)


def _handed_over(original: Any, stream: IO[bytes], container_ref: Any, *more: Any) -> Any:
    """pyHanko's own reading of an object not read here, every object within it read by
    pyHanko too: its reader, meeting a value, calls ``read_object`` by its name, and the
    stand-in there at each level of a deep object would cost a frame (a ``RecursionError``
    where pyHanko reads 500 levels) and a block's reading (review of session 62: 35 times
    as long on 200 levels of long arrays)."""
    from pyhanko.pdf_utils import generic

    if getattr(generic, "read_object", None) is not read_object:  # (handed over above)
        return original(stream, container_ref, *more)
    generic.read_object = original
    try:
        return original(stream, container_ref, *more)
    finally:
        generic.read_object = read_object


def _stream_object(stream: IO[bytes], data: dict[Any, Any], container_ref: Any) -> Any:
    """What pyHanko's ``DictionaryObject.read_from_stream`` makes of a dictionary's entries
    (``stream`` after its ``>>``): a stream, with its data, or the dictionary."""
    from pyhanko.pdf_utils import generic as typed

    generic: Any = typed
    payload = generic._maybe_read_stream_payload(stream, data, container_ref.get_pdf_handler())
    value = (
        generic.DictionaryObject(data)
        if payload is None
        else generic.StreamObject(data, encoded_data=payload)
    )
    value.container_ref = container_ref
    return value


def _unescaped(literal: bytes) -> bytes:
    """A literal string's bytes, its escapes read as pyHanko reads them."""
    if b"\\" not in literal:
        return literal
    return _ESCAPE.sub(_escaped, literal)


def _escaped(escape: re.Match[bytes]) -> bytes:
    digits, _, other = escape.groups()
    if digits is not None:
        if b"8" in digits or b"9" in digits or int(digits, 8) > 255:
            raise _Unusual  # (pyHanko refuses them)
        return bytes((int(digits, 8),))
    if other is None:  # (an escaped line's end: nothing)
        return b""
    if other not in _ESCAPED:
        raise _Unusual
    return _ESCAPED[other]


class _Objects:
    """The objects of one block, read as pyHanko's ``read_object`` reads them."""

    def __init__(self, block: bytes, whole: bool, container_ref: Any) -> None:
        from pyhanko.pdf_utils import generic

        self.generic = generic
        self.block = block
        self.whole = whole
        """The block holds the rest of the data: its end is the data's."""
        self.limit = len(block) if whole else len(block) - _LOOKAHEAD
        self.container_ref = container_ref
        self.handler: Any = None
        self.position = 0

    def top(self) -> tuple[Any, int]:
        """The object at the block's start (pyHanko's reader steps over no whitespace
        before it) and where it ends."""
        if not self.block or self.block[0] in _WHITESPACE:
            raise _Unusual
        return self.value(0), self.position

    def token(self) -> re.Match[bytes]:
        token = _OBJECT_TOKEN.match(self.block, self.position)
        if token is None or token.end() > self.limit:
            if self.whole or (token is None and self.position < self.limit - 1024):
                raise _Unusual
            raise _Short
        self.position = token.end()
        return token

    def value(self, depth: int) -> Any:
        generic = self.generic
        token = self.token()
        kind = _IDNUM if token.lastindex == _GENERATION else token.lastindex
        if kind == _OPEN:
            value = self.dictionary(depth + 1)
        elif kind == _BEGIN:
            value = self.array(depth + 1)
        elif kind == _NAME:
            value = generic._decode_name(token.group(_NAME)[1:])
        elif kind in (_IDNUM, _NUMBER):
            value = self.number(token, kind)
        elif kind == _HEX:
            value = _hex_string(token.group(_HEX).translate(None, _WHITESPACE))
        elif kind == _LITERAL:
            value = generic.pdf_string(_unescaped(token.group(_LITERAL)))
        elif kind == _WORD:
            word = token.group(_WORD)
            value = generic.BooleanObject(word == b"true")
            if word == b"null":
                value = generic.NullObject()
        else:  # (a ">>" or "]" where a value begins)
            raise _Unusual
        value.container_ref = self.container_ref
        return value

    def number(self, token: re.Match[bytes], kind: int) -> Any:
        """A number or a reference (``kind``), as pyHanko tells them apart: the 20 bytes
        from a digit read as a reference, or else a number."""
        generic = self.generic
        first = token.start(kind)
        if self.block[first] in b"0123456789":
            reference = generic.INDIRECT_PATTERN.match(self.block, first, first + 20)
            if (reference is not None) != (kind == _IDNUM):
                raise _Unusual  # (whitespace read one way by one reading, one by the other)
        if kind == _IDNUM:
            idnum = int(token.group(_IDNUM))
            if idnum <= 0:
                raise _Unusual
            if self.handler is None:
                self.handler = self.container_ref.get_pdf_handler()
            return generic.IndirectObject(idnum, int(token.group(_GENERATION)), self.handler)
        text = token.group(_NUMBER).decode("ascii")
        return generic.FloatObject(text) if "." in text else generic.NumberObject(text)

    def dictionary(self, depth: int) -> Any:
        generic = self.generic
        if depth > _DEEPEST:
            raise _Unusual
        data: dict[Any, Any] = {}
        while True:
            token = self.token()
            kind = token.lastindex
            if kind == _CLOSE:
                break
            if kind != _NAME:
                raise _Unusual  # (pyHanko reads a key as a name, or refuses)
            key = generic._decode_name(token.group(_NAME)[1:])
            if key in data:
                raise _Unusual  # (pyHanko keeps the first and warns, or refuses)
            data[key] = self.value(depth)
        # (pyHanko looks for a stream's data after every dictionary)
        after = _SPACES.match(self.block, self.position).end()  # type: ignore[union-attr]
        if after >= self.limit and not self.whole:
            raise _Short
        if self.block[after : after + 1] in (b"s", b"%"):
            if depth > 1:
                raise _Unusual
            raise _Stream(data)  # (its data read as pyHanko reads it: read_object)
        return generic.DictionaryObject(data)

    def array(self, depth: int) -> Any:
        if depth > _DEEPEST:
            raise _Unusual
        array = self.generic.ArrayObject()
        while True:
            found = _SPACES.match(self.block, self.position).end()  # type: ignore[union-attr]
            if self.block[found : found + 1] == b"]":
                self.token()
                return array
            array.append(self.value(depth))


_REPLACED = {
    "read_hex_string_from_stream": read_hex_string,
    "read_until_delimiter": read_until_delimiter,
    "_decode_name": decode_name,
    "read_object": read_object,
}
"""pyHanko's parser's functions (names in ``pyhanko.pdf_utils.generic``) and their stand-ins."""


def install() -> None:
    """Read pyHanko's tokens with the functions here (once; a pyHanko whose parser has not
    the functions expected, or another one there, is left as it is)."""
    global _ORIGINAL
    if _ORIGINALS:
        return
    from pyhanko.pdf_utils import generic, misc

    found = {name: getattr(generic, name, None) for name in _REPLACED}
    homes = {"read_until_delimiter": misc.__name__}
    if any(
        getattr(function, "__module__", None) != homes.get(name, generic.__name__)
        for name, function in found.items()
    ):
        return
    _ORIGINALS.update(found)
    _ORIGINAL = found["read_hex_string_from_stream"]
    for name, function in _REPLACED.items():
        setattr(generic, name, function)
