"""pyHanko's PDF reader, its hex strings read whole instead of a byte at a time.

pyHanko's parser reads a ``<...>`` string one byte at a time in Python (a call to skip
whitespace and comments, a test and a generator step for each digit): a signature's
``/Contents``, 8 to 32 KB of hex digits, cost 2-4 ms of a signed return's reading, more
than validating the signature. :func:`install` puts :func:`read_hex_string` in its place
in pyHanko's parser: the digits up to the first ``>`` taken at once and decoded by
:mod:`binascii`, when they are only hex digits and PDF whitespace; anything else (a
comment, a stray character, the end of the data) goes to pyHanko's own function from the
same place, so every string reads as pyHanko reads it (``tests/test_hexstrings.py``
compares the two on generated strings).
"""

from __future__ import annotations

import binascii
import re
from typing import IO, Any

__all__ = ["install", "read_hex_string"]

_DIGITS = re.compile(rb"[0-9A-Fa-f]*")
_WHITESPACE = b" \n\r\t\f\x00"
"""pyHanko's ``PDF_WHITESPACE``: what its reader steps over between digits."""
_BLOCK = 1 << 16
_ORIGINAL: Any = None


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


def install() -> None:
    """Read pyHanko's hex strings with :func:`read_hex_string` (once; a pyHanko whose parser
    has no such function, or another one there, is left as it is)."""
    global _ORIGINAL
    if _ORIGINAL is not None:
        return
    from pyhanko.pdf_utils import generic

    found = getattr(generic, "read_hex_string_from_stream", None)
    if getattr(found, "__module__", None) != generic.__name__:
        return
    _ORIGINAL = found
    generic.read_hex_string_from_stream = read_hex_string
