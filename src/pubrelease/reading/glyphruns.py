"""A value box drawn in glyphs of several fonts, read from its glyphs run by run.

:mod:`.glyphtext` reads a box whose text layer has holes from its glyphs, all found in
one font we ship. A value of two scripts is drawn in two: mutool's print of 'محمد Ali'
draws 'Ali' in DejaVu Sans and the Arabic word in Noto Sans Arabic, whose joined forms
it maps to control codes ('Ali \\x03\\x04\\x02\\x05'), and Ghostscript's 'ابن سینا
(Avicenna)' draws its brackets in DejaVu Sans and in Noto Sans Arabic; such a box was
never read, and the return was ``invalid`` (``unnamed-characters``). pdftocairo draws the
Latin letters, brackets and spaces in simple TrueType fonts (the codes below 256 of each
font it embeds), which are read too (:func:`simple_program`).

Here the glyphs are cut into runs of one font each, in the order drawn (a space without
ink goes with its font's run; one alone, in a font of its own, is a space between
runs), and each run is read on its own (:func:`..pdf.glyphreading.spelled`, in its
own font we ship: a right-to-left run to its logical text). The runs, left to right,
each as the characters it shows (:func:`..pdf.bidi.shown`: a right-to-left run
reversed, its brackets mirrored), with a space where a gap wider than a sixth of the
size stands between two, are the line as it shows; its logical order is read as a
line of the page is (a left-to-right paragraph, :func:`..pdf.bidi.logical_order`), and
is the value only where ``fill`` would show that text with the very same characters.
Which paragraph direction a print means is for :mod:`.paragraphs`; whether the box shows
``fill``'s drawing of the value, for :mod:`.valueboxes`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from fontTools.ttLib import TTFont
from pypdf.generic import DictionaryObject

from ..pdf.bidi import logical_order
from ..pdf.bidi import shown as shown_chars
from ..pdf.fontcodes import embedded_program
from ..pdf.showncodes import ShownCode

__all__ = ["read_runs", "simple_program"]

Item = TypeVar("Item", bound=tuple[Any, ShownCode])
"""A glyph of a box: its embedded program and glyph name (None: no ink), and its code."""
GAP = 1 / 6
"""Of the size, the gap between two runs that is a space."""


def read_runs(shown: Sequence[Item], spell: Callable[[list[Item]], str | None]) -> str | None:
    """The text the glyphs ``shown`` (in the order drawn) spell, read run by run of one
    font (``spell``: one run's text), or None: glyphs of one font, a run not read, or a
    line whose logical order ``fill`` would show otherwise (see the module)."""
    runs: list[list[Item]] = []
    for item in shown:
        if runs and item[1].font is runs[-1][-1][1].font:
            runs[-1].append(item)
        else:
            runs.append([item])
    inked = [run for run in runs if any(glyph is not None for glyph, _ in run)]
    if len({id(run[0][1].font) for run in inked}) < 2:
        return None
    pieces: list[str] = []
    reach: float | None = None
    for run in sorted(runs, key=lambda run: min(code.x for _, code in run)):
        if run not in inked:
            pieces.append(" ")  # (pdftocairo's space, in a font of its own)
            continue
        start = min(code.x for _, code in run)
        size = max(code.size for _, code in run)
        if reach is not None and start - reach > GAP * size:
            pieces.append(" ")
        text = spell(run)
        if text is None:
            return None
        pieces.append(shown_chars(text))
        ends = [code.x + _advance(glyph) * code.size for glyph, code in run if glyph is not None]
        reach = max(ends) if reach is None else max(reach, *ends)
    line = " ".join("".join(pieces).split())
    value = logical_order(line)
    return value if shown_chars(value) == line else None


def _advance(glyph: tuple[Any, str]) -> float:
    """A glyph's advance in ems, by its embedded program's metrics."""
    program, name = glyph
    return float(program["hmtx"][name][0]) / float(program["head"].unitsPerEm)


def simple_program(font: DictionaryObject) -> tuple[TTFont, bytes] | None:
    """A simple TrueType font's embedded program (in WinAnsi, as pdftocairo writes them;
    or symbolic, with no encoding, as a print through PostScript comes back from
    ``ps2pdf``: its codes looked up by themselves) and, as a ``/CIDToGIDMap`` table, the
    glyph each code draws where every way a viewer looks it up in the program's ``cmap``
    finds the same one (by the code, by its character in a Unicode map, behind the
    symbol prefix): any other code draws .notdef; None for any other font, or a program
    that cannot be read (or, without an encoding, that has a Unicode map)."""
    encoding = font.get("/Encoding")
    if font.get("/Subtype") != "/TrueType" or (
        encoding is not None and str(encoding) != "/WinAnsiEncoding"
    ):
        return None
    data = embedded_program(font.get("/FontDescriptor"))
    if data is None:
        return None
    try:
        program = TTFont(io.BytesIO(data), lazy=True)
        program["glyf"]
        tables = list(program["cmap"].tables) if "cmap" in program else []
        if encoding is None and any(
            t.platformID == 0 or (t.platformID == 3 and t.platEncID in (1, 10)) for t in tables
        ):
            return None  # (a viewer may read such a code as a character: not looked up here)
        table = bytearray(512)
        for code in range(256):
            char = bytes([code]).decode("cp1252", errors="ignore") if encoding else ""
            names = set()
            for each in tables:
                points = {code, *(ord(c) for c in char if each.isUnicode())}
                if each.platformID == 3 and each.platEncID == 0:
                    points.add(0xF000 + code)
                names |= {each.cmap[p] for p in points if p in each.cmap}
            if len(names) == 1:
                table[2 * code : 2 * code + 2] = program.getGlyphID(names.pop()).to_bytes(2, "big")
    except Exception:  # a damaged program: not read
        return None
    return program, bytes(table)
