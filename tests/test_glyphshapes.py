"""A simple glyph's outline kept by its bytes: the next font holding the same glyph (a
printer's next subset) gets the same outline and hinting without decompiling it; a
composite glyph, or one decompiled already, is read as before."""

from __future__ import annotations

import numpy as np
import pytest
from fontTools.ttLib import TTFont

from pubrelease.pdf import glyphshapes as G
from pubrelease.pdf.fonts import bundled_font


def _font() -> TTFont:
    return TTFont(str(bundled_font().path), lazy=True)


def test_a_simple_glyph_is_read_once_for_every_font_holding_its_bytes() -> None:
    G._SHAPES.clear()
    G._HINTED.clear()
    first, second = _font(), _font()
    name = first.getBestCmap()[ord("k")]
    key = G.shape_key(first["glyf"], first["hmtx"], name)
    assert key is not None
    shape = G.simple_shape(first["glyf"], first["hmtx"], name, key)
    hinted = G.simply_instructed(first["glyf"], name, key)
    glyf, hmtx = second["glyf"], second["hmtx"]
    assert G.shape_key(glyf, hmtx, name) == key
    assert G.simple_shape(glyf, hmtx, name, key) is shape
    assert G.simply_instructed(glyf, name, key) is hinted
    assert hasattr(glyf.glyphs[name], "data")  # never decompiled in the second font
    fresh = G.glyph_shape(glyf, hmtx, name)  # (decompiles it)
    assert fresh is not None and shape is not None
    assert fresh[:2] == shape[:2] and np.array_equal(fresh[2], shape[2])
    assert G.instructed(glyf, name) is hinted
    assert G.shape_key(glyf, hmtx, name) is None  # decompiled now: read as it is
    with pytest.raises(ValueError):
        shape[2][0, 0] = 1.0  # a kept outline is shared: read-only


def test_a_composite_or_empty_glyph_is_not_kept() -> None:
    font = _font()
    glyf, hmtx, cmap = font["glyf"], font["hmtx"], font.getBestCmap()
    composite = cmap[ord("é")]
    assert glyf.glyphs[composite].isComposite()
    assert G.shape_key(glyf, hmtx, composite) is None
    assert G.shape_key(glyf, hmtx, cmap[ord(" ")]) is None
