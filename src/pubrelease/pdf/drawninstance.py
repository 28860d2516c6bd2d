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
    import uharfbuzz as hb

    # (instanced by HarfBuzz, as fill's subsets are: every glyph kept at its id, with
    # its name, in 25 ms; fontTools' instancer takes a second)
    face = hb.Face(hb.Blob.from_file_path(path), number)
    wanted = hb.SubsetInput()
    wanted.flags = (
        hb.SubsetFlags.RETAIN_GIDS
        | hb.SubsetFlags.GLYPH_NAMES
        | hb.SubsetFlags.NAME_LEGACY
        | hb.SubsetFlags.NOTDEF_OUTLINE
        | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
    )
    wanted.glyph_set.update(range(face.glyph_count))
    wanted.unicode_set.update(face.unicodes)
    for axis in face.axis_infos:
        if axis.tag in location:
            wanted.pin_axis_location(face, axis.tag, location[axis.tag])
        else:
            wanted.pin_axis_to_default(face, axis.tag)
    return TTFont(io.BytesIO(bytes(hb.subset(face, wanted).blob.data)), lazy=True)


def variants(path: str, number: int, postscript: str) -> list[tuple[str, str]]:
    """The references of the font file at ``path`` (``postscript``: its name), each with
    the name a font drawn from it has: ``fill``'s instance, and the default one where
    ``fill`` draws another."""
    if not drawn_at(path, number):
        return [(postscript, path)]
    return [(postscript.split("-")[0] + "-Regular", path), (postscript, path + DEFAULT)]
