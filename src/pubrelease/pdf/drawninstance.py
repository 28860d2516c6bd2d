"""The instance of a variable font we ship that a reference is (:mod:`.outlineproof`).

``fill`` draws a variable font at its regular weight (:data:`.shaping.REGULAR_WEIGHT`),
and names its subset so ("NotoSansHebrew-Regular"); the font's default instance may be
another weight (Noto Sans Hebrew's is Thin, named "NotoSansHebrew-Thin"). A print of a
release draws ``fill``'s instance; a return filled by another program with the font as
shipped (pdf-lib embeds it whole, at its default) draws the default. Both are
references: a reference is named by its file's path, for ``fill``'s instance, or by
that path and :data:`DEFAULT`, for the default instance of a font ``fill`` draws at
another weight. Fonts of more than :data:`MAX_INSTANCED` glyphs are taken at their
default only (the Chinese, Japanese and Korean ones: their prints name their
characters, and instancing 65,000 glyphs takes a minute).
"""

from __future__ import annotations

import functools
import io

from fontTools.ttLib import TTFont

__all__ = ["DEFAULT", "MAX_INSTANCED", "drawn_at", "file_of", "instanced", "variants"]

DEFAULT = "#default"
"""Appended to a font file's path: its default instance (see the module)."""
MAX_INSTANCED = 8000
"""Glyphs of a variable font instanced as a reference, at most."""


def file_of(path: str) -> str:
    """The font file a reference's path names."""
    return path.removesuffix(DEFAULT)


@functools.lru_cache(maxsize=64)
def drawn_at(path: str, number: int) -> dict[str, float]:
    """Where the reference at ``path`` is drawn, when that is not its font's default
    instance (``fill``'s regular weight; see the module); else nothing."""
    from .shaping import REGULAR_WEIGHT

    if path.endswith(DEFAULT):
        return {}
    font = TTFont(path, fontNumber=number, lazy=True)
    if "fvar" not in font or int(font["maxp"].numGlyphs) > MAX_INSTANCED:
        return {}
    axes = [a for a in font["fvar"].axes if a.axisTag == "wght"]
    weight = {a.axisTag: min(max(REGULAR_WEIGHT, a.minValue), a.maxValue) for a in axes}
    if all(a.defaultValue == weight[a.axisTag] for a in axes):
        return {}
    return weight


def instanced(path: str, number: int) -> TTFont:
    """The reference at ``path`` read by fontTools, instanced where it is drawn
    (:func:`drawn_at`)."""
    location = drawn_at(path, number)
    if not location:
        return TTFont(file_of(path), fontNumber=number, lazy=True)
    from fontTools.varLib.instancer import instantiateVariableFont

    instance = instantiateVariableFont(TTFont(path, fontNumber=number), location)
    written = io.BytesIO()  # (written and read again: its points rounded, as HarfBuzz rounds)
    instance.save(written)
    return TTFont(written, lazy=True)


def variants(path: str, number: int, postscript: str) -> list[tuple[str, str]]:
    """The references of the font file at ``path`` (``postscript``: its name), each with
    the name a font drawn from it has: ``fill``'s instance, and the default one where
    ``fill`` draws another."""
    if not drawn_at(path, number):
        return [(postscript, path)]
    return [(postscript.split("-")[0] + "-Regular", path), (postscript, path + DEFAULT)]
