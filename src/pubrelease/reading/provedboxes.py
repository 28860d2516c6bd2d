"""Boxes whose every glyph is proved, where a flat glyph is flat by design.

:mod:`.clonetext` reads a MuPDF print's values from the glyphs of its copy of a standard
font, each proved by its outline and drawn upright as the font draws it. Its map reads
the em dash, a flat glyph, as "Ð", a letter: the check of what the page shows would call
it a letter drawn at a speck of its size to hide it (:mod:`..pdf.specks`). In such a
box, a character read for a glyph that is no letter is not (:func:`flat_by_design`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..pdf.matrices import Box

if TYPE_CHECKING:
    from ..pdf.rendering import Glyph

__all__ = ["Proved", "flat_by_design"]

Proved = tuple[Box, frozenset[str]]
"""A box read from its proved glyphs, and the letters and digits the text layer reads
there for glyphs that are none (:attr:`.clonetext.Cloned.boxes`)."""


def flat_by_design(glyph: Glyph, proved: Sequence[Proved]) -> bool:
    """Whether ``glyph``, drawn at a speck of its size (:mod:`..pdf.specks`) and for no
    other reason hidden, is flat by design: a character the text layer reads for a glyph
    that is no letter (MuPDF's em dash, "Ð"), its middle in one of the ``proved`` boxes."""
    if not glyph.shrunk or glyph.invisible or glyph.clipped:
        return False
    x, y = (glyph.box[0] + glyph.box[2]) / 2, (glyph.box[1] + glyph.box[3]) / 2
    return any(
        r[0] <= x <= r[2] and r[1] <= y <= r[3] and glyph.char in chars for r, chars in proved
    )
