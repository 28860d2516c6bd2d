"""pyHanko's PDF reader, its hex strings and names read whole instead of a byte at a time.

pyHanko's parser reads a ``<...>`` string one byte at a time in Python (a call to skip
whitespace and comments, a test and a generator step for each digit): a signature's
``/Contents``, 8 to 32 KB of hex digits, cost 2-4 ms of a signed return's reading, more
than validating the signature. Names are read the same way, a byte at a time up to the
next delimiter and then decoded byte by byte: a fifth of what was left of its reading
of a form's fields. :func:`install` puts the functions here in their place in pyHanko's
parser:

* :func:`read_hex_string`: the digits up to the first ``>`` taken at once and decoded by
  :mod:`binascii`, when they are only hex digits and PDF whitespace;
* :func:`read_until_delimiter`: the bytes up to the next delimiter or whitespace, found
  by a regular expression in a block read at once, the stream left at it;
* :func:`decode_name`: a name of printable ASCII without ``#`` escapes, as it is.

Anything else (a comment, a stray character, an escape, the end of the data) goes to
pyHanko's own function from the same place, so every token reads as pyHanko reads it
(``tests/test_hankotokens.py`` compares them on generated input).
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
    from pyhanko.pdf_utils.generic import pdf_string

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
    if len(digits) % 2:
        digits += b"0"
    return pdf_string(binascii.unhexlify(digits))


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


_REPLACED = {
    "read_hex_string_from_stream": read_hex_string,
    "read_until_delimiter": read_until_delimiter,
    "_decode_name": decode_name,
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
