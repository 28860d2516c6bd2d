"""Strings from strangers made inert before a person's terminal or a report shows them.

Names, titles, messages and file names come from PDFs, rosters and folders that
pubrelease does not control. Shown as they are, an escape sequence can erase a line
of the audit or print one of its own, a bidi control can reverse what a line says,
and a file name that is not UTF-8 cannot be written at all. :func:`inert` escapes
every character that is not plain printable text (controls, format characters such as
bidi overrides and zero-width marks, unpaired surrogates standing for the raw bytes of
a non-UTF-8 file name) as ``\\xNN`` / ``\\uNNNN``; printable text, in any script, is
kept. Rich markup is not interpreted by callers that print these strings (they pass
:class:`rich.text.Text`), so ``[x]`` stays ``[x]``.
"""

from __future__ import annotations

import os
import unicodedata

__all__ = ["file_name", "inert", "inert_json", "inert_lines"]


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a raw byte of a non-UTF-8 name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _unsafe(char: str) -> bool:
    if char == " ":
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")


def inert(text: str) -> str:
    """``text`` with every control, format, separator (but the space) and surrogate
    character escaped: safe to print on a terminal and to encode as UTF-8. A join
    control inside a word of a joining or Indic script is how the word is written (a
    Persian name's ZWNJ, :func:`~pubrelease.text.written_joins`): it is kept."""
    if text.isprintable() and text.isascii():
        return text
    from .text import written_joins

    kept = written_joins(text)
    return "".join(_escape(c) if _unsafe(c) and at not in kept else c for at, c in enumerate(text))


def file_name(path: str | os.PathLike[str]) -> tuple[str, bool]:
    """A path as it can be shown and written, and whether its bytes were not UTF-8."""
    text = os.fspath(path)
    raw = not text.isascii() and any(0xDC80 <= ord(c) <= 0xDCFF for c in text)
    return inert(text), raw


def inert_json(text: str) -> str:
    """JSON text with every unsafe character of its strings written as a ``\\u`` escape:
    the same data for a JSON reader, inert on a terminal."""
    out = []
    for char in text:
        if char in "\n" or not _unsafe(char) or char == " ":
            out.append(char)
            continue
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def inert_lines(text: str) -> str:
    """Line-based text (CSV) with each line made inert, its line breaks kept."""
    ending = "\r\n" if "\r\n" in text else "\n"
    return ending.join(inert(line) for line in text.split(ending))
