"""The few pieces of PDF syntax that filling writes on its hot path.

pypdf reads and writes whole documents; filling thousands of releases appends a
handful of small objects to a fixed template, so it writes them directly.
"""

from __future__ import annotations

import functools
import re
import zlib
from codecs import utf_16_be_encode  # str.encode's codec, without its lookup by name

__all__ = [
    "PDF_TEXT", "coordinate", "num", "pdf_name", "pdf_text", "read_pdf_text", "stream_object",
    "tenth",
]  # fmt: skip

_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", "(": "\\(", ")": "\\)", "\r": "\\r", "\n": "\\n"})
_NAME_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+*!'")


@functools.lru_cache(maxsize=1024)
def num(value: float) -> str:
    """A number as PDF writes it: at most three decimals, no trailing zeros.

    Cached: filling writes the same sizes and coordinates in every release (numbers that
    are equal, ``1`` and ``1.0``, are written alike, so sharing an entry is exact).
    """
    if value == int(value):
        return str(int(value))
    return f"{value:.3f}".rstrip("0").rstrip(".")


@functools.lru_cache(maxsize=1024)
def coordinate(value: float) -> str:
    """``num(round(value, 3))``: a coordinate or length to a thousandth of a point.

    Cached: a form's boxes, sizes and baselines recur in every release, and ``round`` to
    a number of digits goes through a decimal conversion (a microsecond each)."""
    return num(round(value, 3))


def tenth(value: float) -> float:
    """``round(value, 1)``, with no decimal conversion for a whole number (a CJK glyph's
    width, 1000 thousandths of an em), which it leaves as it is."""
    return value if value == int(value) else round(value, 1)


def pdf_text(value: str) -> str:
    """A PDF text string: a literal for printable ASCII, UTF-16BE with BOM otherwise."""
    if value.isascii() and value.isprintable():
        return "(" + value.translate(_LITERAL_ESCAPES) + ")"
    return "<FEFF" + utf_16_be_encode(value)[0].hex().upper() + ">"


PDF_TEXT = rb"(\((?:\\.|[^\\)])*\)|<FEFF[0-9A-F]*>)"
"""A pattern for a PDF string as :func:`pdf_text` writes it (a group)."""
_UNESCAPES = {b"\\\\": "\\", b"\\(": "(", b"\\)": ")", b"\\r": "\r", b"\\n": "\n"}


def read_pdf_text(token: bytes) -> str:
    """The text of a PDF string written by :func:`pdf_text` (its inverse)."""
    if token.startswith(b"<FEFF"):
        return bytes.fromhex(token[5:-1].decode()).decode("utf-16-be")
    body = token[1:-1]
    return re.sub(rb"\\.", lambda m: _UNESCAPES[m.group(0)].encode(), body).decode("latin-1")


@functools.lru_cache(maxsize=256)
def pdf_name(value: str) -> str:
    """A PDF name object, ``#xx``-escaping what needs it (cached: a form's few state
    names are written in every release)."""
    out = ["/"]
    for byte in value.encode("utf-8"):
        char = chr(byte)
        out.append(char if char in _NAME_SAFE else f"#{byte:02X}")
    return "".join(out)


def stream_object(header: str, data: bytes, *, compress: bool = False, level: int = 6) -> bytes:
    """The body of a stream object: ``<< header /Length n >> stream ... endstream``,
    compressed at zlib ``level`` when ``compress``."""
    if compress:
        data = zlib.compress(data, level)
        header += " /Filter /FlateDecode"
    return f"<< {header} /Length {len(data)} >>\nstream\n".encode("latin-1") + data + b"\nendstream"
