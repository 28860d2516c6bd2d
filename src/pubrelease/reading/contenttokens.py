"""The tokens of a content stream, as :mod:`.plaintext` and :mod:`.drawnfill` read them:
strings, names, numbers, brackets and operators, split where PDFium splits them."""

from __future__ import annotations

import re

__all__ = ["NotPlain", "content_tokens", "font_codes"]


class NotPlain(Exception):
    """A drawing :func:`.plaintext.plain_text` does not prove."""


_WHITE = rb"\x00\t\n\x0c\r "
"""PDF's white space (not Python's: a vertical tab is none, and glues two tokens into
one unknown operator that PDFium skips)."""
_END = rb"(?=[" + _WHITE + rb"()<>\[\]{}/%]|\Z)"
"""Where a number, a name or an operator ends: white space, a delimiter or the end
(``Tj0`` is one operator to PDFium, not ``Tj`` and ``0``)."""
_TOKEN = re.compile(
    rb"[" + _WHITE + rb"]*(?:\Z|%[^\r\n]*|(\()|<([0-9A-Fa-f" + _WHITE + rb"]*)>"
    rb"|(/[^"
    + _WHITE
    + rb"()<>\[\]{}/%]*)"
    + _END
    + rb"|([+-]?(?:\d+\.?\d*|\.\d+))"
    + _END
    + rb"|(\[|\])|([A-Za-z'\"*]+)"
    + _END
    + rb")"
)
"""A token and the white space before it (a comment, or the end: no group)."""
_ESCAPES = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}


_SPECIAL = re.compile(rb"[\\()]")
"""What a literal string's bytes are read up to: a backslash or a bracket."""


def _literal(content: bytes, at: int) -> tuple[bytes, int]:
    """The literal string whose ``(`` is at ``at - 1``, and where it ends."""
    out = bytearray()
    depth = 1
    while (m := _SPECIAL.search(content, at)) is not None:
        out += content[at : m.start()]
        c = content[m.start()]
        at = m.start() + 1
        if c == 0x5C:  # backslash
            if at >= len(content):
                break
            e = content[at]
            at += 1
            if e in _ESCAPES:
                out.append(_ESCAPES[e])
            elif 0x30 <= e <= 0x37:
                digits = content[at - 1 : at + 2]
                n = len(digits) - len(digits.lstrip(b"01234567"))
                out.append(int(digits[:n] if n else digits[:1], 8) & 0xFF)
                at += max(n, 1) - 1
            elif e in (10, 13):
                if e == 13 and at < len(content) and content[at] == 10:
                    at += 1
            else:
                out.append(e)
        elif c == 0x28:
            depth += 1
            out.append(c)
        else:
            depth -= 1
            if not depth:
                return bytes(out), at
            out.append(c)
    raise NotPlain("an unended string")


def content_tokens(content: bytes) -> list[tuple[str, object]]:
    """The tokens of ``content``, each its kind (s, n, f, [ or o) and value (else NotPlain:
    also for an operator inside an array, or brackets that do not pair: every viewer
    reads ``[ BT ... ET ]`` as one operand, its operators drawing nothing, review of
    session 62)."""
    out: list[tuple[str, object]] = []
    depth = 0  # (arrays open)
    at = 0
    while at < len(content):
        m = _TOKEN.match(content, at)
        if m is None:
            raise NotPlain("a token not read here")
        at = m.end()
        string, hexes, name, number, bracket, operator = m.groups()
        if string:
            text, at = _literal(content, at)
            out.append(("s", text))
        elif hexes is not None:
            digits = re.sub(rb"[" + _WHITE + rb"]", b"", hexes)
            out.append(("s", bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())))
        elif name is not None:
            out.append(("n", name.decode("latin-1")))
        elif number is not None:
            out.append(("f", float(number)))
        elif bracket is not None:
            depth += 1 if bracket == b"[" else -1
            if depth < 0:
                raise NotPlain("a ] that closes no array")
            out.append(("[", bracket))
        elif operator is not None:
            if depth:
                raise NotPlain("an operator inside an array")
            out.append(("o", operator.decode()))
    if depth:
        raise NotPlain("an unended array")
    return out


def font_codes(raw: bytes, width: int) -> list[int]:
    """The codes of a string ``raw`` shown in a font of ``width``-byte codes (1, or 2 for a
    Type 0 font of ``Identity-H``, high byte first); raises for a string of a two-byte
    font with an odd byte."""
    if width == 1:
        return list(raw)
    if len(raw) % 2:
        raise NotPlain("an odd byte of a two-byte font")
    return [raw[i] << 8 | raw[i + 1] for i in range(0, len(raw), 2)]
