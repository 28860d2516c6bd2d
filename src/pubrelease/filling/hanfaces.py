"""Which Noto CJK font draws a value's Han characters: the shapes its writer learnt.

One Han character has a shape of each region: 吳, 說, 骨, 許 and 青 are drawn one way in
Taiwan and Hong Kong (Noto Sans TC), another in mainland China (Noto Sans SC), a third
in Japan (JP) and a fourth in Korea (KR). A value's characters say where it was written:

* kana make it Japanese, Hangul Korean;
* a character of the traditional set that the simplified set has not (陳, 黃, 說, 吳:
  in Big5 and not in GB 2312, the two sets every Chinese input method writes) makes it
  Traditional Chinese, unless a character of the simplified set that the traditional
  has not (陈, 黄) makes it Simplified;
* anything else (王, 林, 山田: characters both sets share) is drawn in SC, as before.

Releases issued until 1 December 2026 drew every value without kana or Hangul in SC;
``parse`` fills such a release again as it was issued (:func:`han_as_before`).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterable, Iterator

from ..pdf.fonts import script_of

__all__ = ["cjk_preference", "han_as_before", "traditional"]

_BEFORE: contextvars.ContextVar[bool] = contextvars.ContextVar("_BEFORE", default=False)


@contextlib.contextmanager
def han_as_before() -> Iterator[None]:
    """Inside it, values are drawn as releases issued until 1 December 2026 drew them:
    Han characters without kana or Hangul in Noto Sans SC, traditional ones too."""
    token = _BEFORE.set(True)
    try:
        yield
    finally:
        _BEFORE.reset(token)


def cjk_preference(text: str) -> str:
    """The Noto CJK font (``sc``, ``tc``, ``jp`` or ``kr``) ``text``'s Han characters are
    drawn in (see the module's notes)."""
    if max(text) < "\u1100":  # nothing of the CJK or Hangul blocks, nor kana
        return "sc"
    traditional = simplified = False
    for char in text:
        found = _region(char)
        if found in ("jp", "kr"):  # the first kana or Hangul decides, as before
            return found
        traditional = traditional or found == "tc"
        simplified = simplified or found == "sc"
    return "tc" if traditional and not simplified and not _BEFORE.get() else "sc"


def traditional(texts: Iterable[str]) -> bool:
    """Whether any of ``texts`` is drawn in Noto Sans TC (and was drawn in SC before)."""
    return any(text and cjk_preference(text) == "tc" for text in texts)


@functools.lru_cache(maxsize=8192)
def _region(char: str) -> str:
    """``jp`` (kana), ``kr`` (Hangul), ``tc`` (only in the traditional set), ``sc`` (only
    in the simplified set), else ``""``."""
    name = script_of(char)
    if name in ("HIRAGANA", "KATAKANA"):
        return "jp"
    if name == "HANGUL":
        return "kr"
    if name != "CJK":
        return ""
    simplified, big5 = _encodes(char, "gb2312"), _encodes(char, "big5")
    if simplified == big5:
        return ""
    return "sc" if simplified else "tc"


def _encodes(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True
