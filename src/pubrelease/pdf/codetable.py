"""What a character is (a space, a mark, right-to-left...), for a whole page's codes at once.

Reading a page asks the same few questions of each of its few thousand characters, and
the answer depends on the character alone. A :class:`CodeTable` keeps the answers per
code point, filled in the first time a code is met, so that a page's codes are answered
by one array lookup: no sort of the page's codes, no Python call per character.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["CodeTable", "as_text"]

_SIZE = 0x10000
"""Codes kept in the table: the Basic Multilingual Plane (UTF-16 code units). Others,
rare (a value's letter beyond it), are answered one by one."""


class CodeTable:
    """Answers of ``of`` (a function of a code point giving ``width`` numbers or flags) for
    arrays of codes, as rows of ``dtype``."""

    __slots__ = ("_answers", "_known", "_of")

    def __init__(
        self, of: Callable[[int], Sequence[int | bool]], width: int, dtype: type = np.int64
    ) -> None:
        self._of = of
        self._answers: npt.NDArray[Any] = np.zeros((_SIZE, width), dtype)
        self._known = np.zeros(_SIZE, bool)

    def __call__(self, codes: npt.NDArray[np.integer]) -> npt.NDArray[Any]:
        """One row per code, in the shape of ``codes`` plus the row."""
        width = self._answers.shape[1]
        flat = np.asarray(codes).reshape(-1)
        # UTF-16 code units (PDFium's) are in the table by their type; other codes are
        # looked at (their least and most)
        if not (flat.dtype.kind == "u" and flat.dtype.itemsize <= 2):
            flat = flat.astype(np.int64, copy=False)
            if flat.size and (int(flat.min()) < 0 or int(flat.max()) >= _SIZE):
                rows = np.array([self._of(int(c)) for c in flat.tolist()], self._answers.dtype)
                out: npt.NDArray[Any] = rows.reshape(*np.shape(codes), width)
                return out
        known = self._known.take(flat)
        if not known.all():
            for code in np.unique(flat[~known]).tolist():
                self._answers[code] = self._of(code)
                self._known[code] = True
        out = self._answers.take(flat, axis=0).reshape(*np.shape(codes), width)
        return out


def as_text(codes: npt.NDArray[np.integer]) -> str:
    """The characters of UTF-16 code units, one for each: ``"".join(map(chr, codes))``,
    decoded at once where no unit is half of a surrogate pair (a pair would decode to one
    character), else one by one."""
    units = np.asarray(codes)
    if units.size and (
        int(units.min()) < 0
        or int(units.max()) > 0xFFFF
        or bool(((units >= 0xD800) & (units <= 0xDFFF)).any())
    ):
        return "".join(map(chr, units.tolist()))
    return units.astype("<u2").tobytes().decode("utf-16-le")
