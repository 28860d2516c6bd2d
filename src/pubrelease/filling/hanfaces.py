"""Which Noto CJK font draws a value's Han characters: the shapes its writer learnt.

One Han character has a shape of each region: 吳, 說, 骨, 許 and 青 are drawn one way in
Taiwan and Hong Kong (Noto Sans TC), another in mainland China (Noto Sans SC), a third
in Japan (JP) and a fourth in Korea (KR). A value's characters say where it was written:

* kana make it Japanese, Hangul Korean;
* a character only Japan's set has (辺, 沢, 桜, 斎, 髙: in Shift JIS as Windows writes it,
  and in neither GB 2312 nor Big5, the sets every Chinese input method writes) makes it
  Japanese;
* a character of the traditional set that the simplified set has not (陳, 黃, 說, 吳:
  in Big5 and not in GB 2312) makes it Traditional Chinese, unless a character of the
  simplified set that the traditional has not (陈, 黄) makes it Simplified;
* an ideographic variation selector (葛󠄀, 辻󠄀: a registered form of the character before
  it) makes it Japanese, whose font has the Adobe-Japan1 collection's variants;
* anything else (王, 林, a name like 山田 or 高橋 that Chinese and Japanese share) is
  drawn in SC, as before.

Releases issued until 1 December 2026 drew every value without kana or Hangul in SC;
``parse`` fills such a release again as it was issued (:func:`han_as_before`).
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterable

from ..pdf.fonts import script_of
from ..pdf.shaping import FontFace
from ..text import VARIANTS_FROM, VARIANTS_TO
from .asbefore import setting

__all__ = ["cjk_preference", "han_as_before", "redrawn", "variant"]

_BEFORE: contextvars.ContextVar[bool] = contextvars.ContextVar("_BEFORE", default=False)


def han_as_before() -> contextlib.AbstractContextManager[None]:
    """Inside it, values are drawn as releases issued until 1 December 2026 drew them:
    Han characters without kana or Hangul in Noto Sans SC, traditional and Japanese
    ones too."""
    return setting(_BEFORE, True)


def cjk_preference(text: str) -> str:
    """The Noto CJK font (``sc``, ``tc``, ``jp`` or ``kr``) ``text``'s Han characters are
    drawn in (see the module's notes)."""
    if max(text) < "\u1100":  # nothing of the CJK or Hangul blocks, nor kana
        return "sc"
    regions = list(map(_region, text))
    kana, hangul = "kana" in regions, "hangul" in regions
    if kana or hangul:  # the first kana or Hangul decides, as before
        if kana and hangul:
            kana = regions.index("kana") < regions.index("hangul")
        return "jp" if kana else "kr"
    if "ivs" in regions:  # never drawn before: JP has the variants (Adobe-Japan1)
        return "jp"
    if _BEFORE.get():
        return "sc"
    if "jp" in regions:
        return "jp"
    return "tc" if "tc" in regions and "sc" not in regions else "sc"


def redrawn(texts: Iterable[str]) -> bool:
    """Whether any of ``texts`` is drawn in another CJK font than releases issued until
    1 December 2026 drew it in (:func:`han_as_before`)."""
    return any(text and cjk_preference(text) != _before(text) for text in texts)


def _before(text: str) -> str:
    with han_as_before():
        return cjk_preference(text)


@functools.lru_cache(maxsize=8192)
def _region(char: str) -> str:
    """``kana``, ``hangul``; for a Han character, the one set of characters (of GB 2312,
    Big5 and Japan's Shift JIS, as Windows writes it) that sets it apart: ``sc`` (only
    the simplified), ``tc`` (only the traditional), ``jp`` (only the Japanese); else
    ``""``."""
    if VARIANTS_FROM <= char <= VARIANTS_TO:
        return "ivs"
    name = script_of(char)
    if name in ("HIRAGANA", "KATAKANA"):
        return "kana"
    if name == "HANGUL":
        return "hangul"
    if name != "CJK":
        return ""
    simplified, big5 = _encodable(char, "gb2312"), _encodable(char, "big5")
    if not simplified and not big5:
        return "jp" if _encodable(char, "cp932") else ""
    if simplified == big5:
        return ""
    return "sc" if simplified else "tc"


@functools.cache  # three codecs
def _encoder(codec: str) -> Callable[[str, str], tuple[bytes, int]]:
    return codecs.getencoder(codec)


def _encodable(char: str, codec: str) -> bool:
    """:func:`~pubrelease.text.encodable` of one character: its codec's encoder asked
    directly, which gives nothing for a character it lacks ("ignore"), rather than by
    name and raising (a new ideograph of a name asks two or three codecs)."""
    return bool(_encoder(codec)(char, "ignore")[0])


def variant(face: FontFace, text: str, index: int) -> bool:
    """Whether ``text[index]`` is an ideographic variation selector of the character
    before it that ``face`` draws: a glyph of its own for the sequence (the font's
    ``cmap`` format 14, asked of HarfBuzz), which shaping puts in the character's place."""
    char = text[index]
    if not VARIANTS_FROM <= char <= VARIANTS_TO or index == 0:
        return False
    return bool(face.font.get_variation_glyph(ord(text[index - 1]), ord(char)))
