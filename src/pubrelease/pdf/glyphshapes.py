"""TrueType glyphs' outlines as a rasteriser places them, compared point for point
(:mod:`.outlineproof`, :mod:`.glyphreading`).

A printer's subset of a font embeds each glyph's bytes as the font has them, under
other glyph ids, in every print of every return. So the outline and hinting read from a simple
glyph (not a composite one) are kept by its bytes and side bearing
(:func:`simple_shape`). These are all that :func:`glyph_shape` and :func:`instructed`
read of it, so the next print's copy of the glyph is not decompiled again.
"""

from __future__ import annotations

from typing import Any

from .kept import Kept

__all__ = [
    "Hinting",
    "Shape",
    "ShapeKey",
    "components",
    "glyph_shape",
    "hinting_of",
    "instructed",
    "moved_by",
    "same_shape",
    "shape_key",
    "simple_shape",
    "simply_instructed",
]

Shape = tuple[tuple[int, ...], bytes, Any]
"""A glyph's outline as a rasteriser places it: the last point of each contour, whether
each point is on the curve, and the points (an array of x, y), components placed and
the side bearing applied."""


def glyph_shape(glyf: Any, hmtx: Any, name: str) -> Shape | None:
    """The :data:`Shape` of glyph ``name`` (None for a component placed by matching
    points, or nested too deep: not read here)."""
    import numpy as np

    glyph = glyf[name]
    if not glyph.numberOfContours:
        return (), b"", np.zeros((0, 2))
    if glyph.isComposite() and (
        _depth(glyf, name) > 8 or any(not hasattr(c, "x") for c in glyph.components)
    ):
        return None
    coordinates, ends, flags = glyph.getCoordinates(glyf)
    points = np.frombuffer(coordinates.array, dtype=np.float64).reshape(-1, 2).copy()
    points[:, 0] += moved_by(glyf, hmtx, name)
    return tuple(ends), bytes(f & 1 for f in flags), points


def moved_by(glyf: Any, hmtx: Any, name: str, depth: int = 0) -> float:
    """How far along the line a renderer moves glyph ``name``'s points: to start it at
    its side bearing (FreeType's first phantom point), which a composite glyph takes
    from the component it uses the metrics of (``USE_MY_METRICS``), placed where it is.
    (Ghostscript gives an "í" made of a dotless "i", whose metrics it uses, and an acute
    that dotless "i"'s side bearing, 49 units of 2048 off the composite's box.)"""
    glyph = glyf[name]
    if glyph.isComposite() and depth < 8:
        for component in glyph.components:
            if component.flags & _USE_MY_METRICS:
                return moved_by(glyf, hmtx, component.glyphName, depth + 1) - float(component.x)
    return float(hmtx[name][1] - getattr(glyph, "xMin", 0))


_USE_MY_METRICS = 0x0200


def same_shape(drawn: Shape, wanted: Shape | None, slack: float) -> bool:
    """Whether ``drawn`` is the outline ``wanted``: the same contours through the same
    points, on and off the curve, the whole moved by at most ``slack`` units each way."""
    if wanted is None or drawn[0] != wanted[0] or drawn[1] != wanted[1]:
        return False
    points, others = drawn[2], wanted[2]
    if points.shape != others.shape:
        return False
    if not len(points):
        return True
    moved = points - others
    return bool(abs(moved[0]).max() <= slack and (moved == moved[0]).all())


def _depth(glyf: Any, name: str, depth: int = 0) -> int:
    """How deep the components of glyph ``name`` nest (9 and more: too deep)."""
    glyph = glyf[name]
    if depth > 8 or not glyph.isComposite():
        return depth
    return max(_depth(glyf, c.glyphName, depth + 1) for c in glyph.components)


def components(glyf: Any, name: str, depth: int = 0) -> set[str]:
    """The glyphs a composite glyph is made of, at every depth."""
    glyph = glyf[name]
    if depth >= 8 or not glyph.isComposite():
        return set()
    out = set()
    for component in glyph.components:
        out.add(component.glyphName)
        out |= components(glyf, component.glyphName, depth + 1)
    return out


def instructed(glyf: Any, name: str, depth: int = 0) -> bool:
    """Whether the glyph or a component of it carries hinting instructions, or places a
    component otherwise than by moving it (:data:`_NOT_MOVED_ONLY`; or by matching
    points), or nests them deeper than 8."""
    glyph = glyf[name]
    program = getattr(glyph, "program", None)
    if program is not None and len(program.getBytecode()):
        return True
    if not glyph.isComposite():
        return False
    return depth >= 8 or any(
        c.flags & _NOT_MOVED_ONLY
        or hasattr(c, "transform")
        or not hasattr(c, "x")
        or instructed(glyf, c.glyphName, depth + 1)
        for c in glyph.components
    )


_NOT_MOVED_ONLY = 0x0008 | 0x0040 | 0x0080
"""A component's flags that scale or turn it (WE_HAVE_A_SCALE, X_AND_Y_SCALE,
TWO_BY_TWO): renderers read a scaled component's offset two ways."""
_HINTED_PLACING = 0x0004 | 0x0200 | 0x0800 | 0x1000
"""A component's flags that hinting reads (ROUND_XY_TO_GRID, USE_MY_METRICS,
SCALED_COMPONENT_OFFSET, UNSCALED_COMPONENT_OFFSET)."""

Hinting = tuple[bytes, tuple[tuple[int, "Hinting"], ...]]
"""A glyph's instructions as a renderer runs them (:func:`hinting_of`)."""


def hinting_of(glyf: Any, name: str, depth: int = 0) -> Hinting | None:
    """Glyph ``name``'s instructions as a renderer runs them: its own bytecode, and for
    a composite each component's hinting flags and instructions in order (not their
    ids); None where :func:`instructed` refuses a placing (a component scaled, turned or
    placed by matching points; nesting deeper than 8). Two glyphs of equal outlines and
    equal hinting, under the same font programs (``fpgm``, ``prep``, ``cvt``), are
    hinted alike by every renderer."""
    glyph = glyf[name]
    program = getattr(glyph, "program", None)
    own = bytes(program.getBytecode()) if program is not None else b""
    if not glyph.isComposite():
        return own, ()
    if depth >= 8:
        return None
    parts: list[tuple[int, Hinting]] = []
    for c in glyph.components:
        if c.flags & _NOT_MOVED_ONLY or hasattr(c, "transform") or not hasattr(c, "x"):
            return None
        found = hinting_of(glyf, c.glyphName, depth + 1)
        if found is None:
            return None
        parts.append((c.flags & _HINTED_PLACING, found))
    return own, tuple(parts)


ShapeKey = tuple[bytes, int]
"""A simple glyph's bytes (its ``glyf`` record) and its left side bearing (``hmtx``)."""
MAX_KEPT = 4096
"""Simple glyphs' outlines kept (a letter's is about a kilobyte: 4 MB or so at most)."""
_SHAPES: Kept[ShapeKey, Shape | None] = Kept(MAX_KEPT)
_HINTED: Kept[ShapeKey, bool] = Kept(MAX_KEPT)


def shape_key(glyf: Any, hmtx: Any, name: str) -> ShapeKey | None:
    """The :data:`ShapeKey` of glyph ``name`` while its bytes are not yet decompiled
    (fontTools' lazy ``glyf``), when it is a simple glyph with contours; else None (it is
    then read as it is, every time)."""
    data = getattr(glyf.glyphs[name], "data", None)
    if not isinstance(data, bytes) or len(data) < 10 or int.from_bytes(data[:2], "big") >= 0x8000:
        return None  # decompiled already, empty, or a composite (numberOfContours < 0)
    if not int.from_bytes(data[:2], "big"):
        return None  # no contours: nothing to decompile (nor a side bearing read)
    return data, int(hmtx[name][1])


def simple_shape(glyf: Any, hmtx: Any, name: str, key: ShapeKey | None) -> Shape | None:
    """:func:`glyph_shape` of glyph ``name``, remembered by its ``key``
    (:func:`shape_key`, taken before the glyph was decompiled; None: not remembered).
    The points of a remembered shape are read-only."""
    if key is None:
        return glyph_shape(glyf, hmtx, name)
    if key in _SHAPES:
        return _SHAPES.recall(key)
    shape = glyph_shape(glyf, hmtx, name)
    if shape is not None:
        shape[2].flags.writeable = False
    return _SHAPES.keep(key, shape)


def simply_instructed(glyf: Any, name: str, key: ShapeKey | None) -> bool:
    """:func:`instructed` of glyph ``name``, remembered by its ``key`` as
    :func:`simple_shape`."""
    if key is None:
        return instructed(glyf, name)
    found = _HINTED.recall(key)
    if found is None:
        found = _HINTED.keep(key, instructed(glyf, name))
    return found
