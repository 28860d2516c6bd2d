"""Type 2 charstrings written so that every interpreter draws them alike.

:mod:`.standardclones` proves a glyph of an embedded CFF program by a digest of the
outline fontTools draws for it. fontTools' interpreter is lenient where FreeType's (which
poppler, PDFium and MuPDF draw with) is not, and the two can read one charstring as two
outlines (review of session 51):

* fontTools reads on past ``endchar``, and past ``return`` to the end of a subroutine;
  FreeType stops the glyph, or goes back to the caller;
* given more operands than an operator takes, fontTools uses the first (``482 0 5000
  hmoveto`` moves 482), FreeType the last (5000).

:func:`plain` accepts a charstring only where no such choice arises: every operator is
one of the drawing, hinting, subroutine and flex operators (no arithmetic, storage,
``seac``, ``flex1`` or reserved ones), takes exactly the operands it is defined with
(the first stack-clearing operator may carry one more, the width; a subroutine's number
written as a whole number), hints come before the first mask and the path, no more than
96 of them (FreeType fails a glyph with more), ``endchar`` is the last thing the glyph
does and ``return`` the last byte of its subroutine. A charstring so written is read
alike by fontTools, FreeType and pdf.js (review of session 51, against their sources),
as the Type 2 specification (Adobe's Technical Note #5177) reads it.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["plain"]

MAX_STACK = 48
"""Operands on the stack, at most (the specification's limit)."""
MAX_DEPTH = 10
"""Subroutine calls nested, at most (the specification's limit)."""

_STEMS = frozenset({1, 3, 18, 23})  # hstem, vstem, hstemhm, vstemhm
_MASKS = frozenset({19, 20})  # hintmask, cntrmask
_MOVES = {21: 2, 22: 1, 4: 1}  # rmoveto, hmoveto, vmoveto
_FLEX = {35: 13, 34: 7, 36: 9}  # flex, hflex, hflex1 (after 12; not flex1: pdf.js's
# leaves the last point's other coordinate where the fifth is)
MAX_STEMS = 96
"""Stems a glyph declares, at most (FreeType fails a glyph with more)."""


def _lines(op: int, count: int) -> bool:
    """Whether a path operator other than a move takes ``count`` operands."""
    if op == 5:  # rlineto
        return count >= 2 and count % 2 == 0
    if op in (6, 7):  # hlineto, vlineto
        return count >= 1
    if op == 8:  # rrcurveto
        return count >= 6 and count % 6 == 0
    if op in (26, 27, 30, 31):  # vvcurveto, hhcurveto, vhcurveto, hvcurveto
        return count >= 4 and count % 4 in (0, 1)
    if op == 24:  # rcurveline
        return count >= 8 and (count - 2) % 6 == 0
    if op == 25:  # rlinecurve
        return count >= 8 and count % 2 == 0
    return False


def _bias(count: int) -> int:
    return 107 if count < 1240 else 1131 if count < 33900 else 32768


class _Reader:
    """The state of one glyph read (:func:`plain`)."""

    def __init__(self, global_subrs: Sequence[bytes], local_subrs: Sequence[bytes]) -> None:
        self.subrs = (global_subrs, local_subrs)
        self.stack: list[float] = []
        self.stems = 0
        self.cleared = False  # (the first stack-clearing operator was read: no width after)
        self.masked = False  # (a mask was read: no stem after, FreeType ignores them)
        self.moved = False
        self.ended = False

    def operands(self, wanted: int | None) -> int | None:
        """The operands a stack-clearing operator takes, counted, the width (the first
        such operator's one more) set aside; None unless they are ``wanted`` (None: an
        even number, two or more, as a stem operator takes)."""
        count = len(self.stack)
        if not self.cleared and (count % 2 == 1 if wanted is None else count == wanted + 1):
            count -= 1
        self.cleared = True
        self.stack = []
        if wanted is None:
            return count if count >= 2 and count % 2 == 0 else None
        return count if count == wanted else None

    def number(self, code: bytes, at: int) -> tuple[float, int] | None:
        """The operand starting at ``code[at]`` and where the next token starts."""
        b0 = code[at]
        if 32 <= b0 <= 246:
            return b0 - 139, at + 1
        size = 3 if b0 == 28 else 5 if b0 == 255 else 2
        if at + size > len(code):
            return None
        if b0 == 28:
            return int.from_bytes(code[at + 1 : at + 3], "big", signed=True), at + 3
        if b0 == 255:
            return int.from_bytes(code[at + 1 : at + 5], "big", signed=True) / 65536, at + 5
        if b0 <= 250:
            return (b0 - 247) * 256 + code[at + 1] + 108, at + 2
        return -(b0 - 251) * 256 - code[at + 1] - 108, at + 2

    def read(self, code: bytes, depth: int) -> bool:
        """Whether ``code`` (the glyph's, or a subroutine's at ``depth``) is plain."""
        at = 0
        while at < len(code):
            if self.ended:
                return False  # (anything after endchar)
            b0 = code[at]
            if b0 >= 32 or b0 == 28:
                found = self.number(code, at)
                if found is None:
                    return False
                value, at = found
                self.stack.append(value)
                if len(self.stack) > MAX_STACK:
                    return False
                continue
            at += 1
            if b0 == 12:
                if at >= len(code) or code[at] not in _FLEX or not self.moved:
                    return False
                wanted, at = _FLEX[code[at]], at + 1
                if len(self.stack) != wanted:
                    return False
                self.stack = []
            elif b0 in _STEMS or (b0 in _MASKS and self.stack):  # (a mask's: implicit)
                stems = None if self.moved or self.masked else self.operands(None)
                if stems is None or self.stems + stems // 2 > MAX_STEMS:
                    return False
                self.stems += stems // 2
            if b0 in _MASKS:
                self.cleared = self.masked = True
                at += (self.stems + 7) // 8
                if not self.stems or at > len(code):
                    return False
            elif b0 in _MOVES:
                if self.operands(_MOVES[b0]) is None:
                    return False
                self.moved = True
            elif b0 == 14:  # endchar (with four operands more, seac: refused)
                if self.operands(0) is None:
                    return False
                self.ended = True
            elif b0 in (10, 29):  # callsubr, callgsubr
                if not self.stack or depth >= MAX_DEPTH:
                    return False
                index = self.stack.pop()
                subrs = self.subrs[b0 == 10]
                if type(index) is not int:  # (a 16.16 number, even a whole one)
                    return False
                number = index + _bias(len(subrs))
                if not 0 <= number < len(subrs):
                    return False
                if not self.read(subrs[number], depth + 1):
                    return False
            elif b0 == 11:  # return: the subroutine's last byte
                return depth > 0 and at == len(code)
            elif b0 not in _STEMS and b0 != 12:
                if not self.moved or not _lines(b0, len(self.stack)):
                    return False
                self.stack = []
        # (the glyph ends with endchar; a subroutine with return or the glyph's endchar)
        return self.ended


def plain(code: bytes, global_subrs: Sequence[bytes], local_subrs: Sequence[bytes]) -> bool:
    """Whether the Type 2 charstring ``code`` (with the program's subroutines) is one
    every interpreter reads alike (see the module)."""
    return _Reader(global_subrs, local_subrs).read(code, 0)
