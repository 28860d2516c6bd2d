"""Embedded copies of the standard fonts of text, proved glyph by glyph to be URW's.

poppler's ``pdftocairo`` prints text set in a standard font (the form's Helvetica) in the
font fontconfig puts in its place, URW's Nimbus Sans, embedded as a subset (a bare CFF
program, ``/FontFile3 /Type1C``). Nimbus Sans is Helvetica's metrics and letters drawn
again; we do not ship it, but a digest of each of its glyphs' outlines (``cloneoutlines.json``,
made by ``tools/clone_outlines.py`` from Debian's ``fonts-urw-base35``) says which glyph a
subset draws. :func:`proved_clone` reads such a font and proves, code by code, that it
draws what the standard font draws for that byte in WinAnsi:

* the font is a Type 1 font in WinAnsi (an ``/Encoding`` by name, no differences) named
  as URW's copy of a standard font (:data:`CLONES`), its program a bare CFF;
* the code is printable ASCII (:data:`CODES`), its ``/Widths`` entry the standard
  font's width (to :data:`WIDTH_SLACK`), the program's own encoding (a viewer that takes
  it rather than the dictionary's) names the same glyph as WinAnsi, the ``/ToUnicode``
  map (if any) reads the code as its ASCII character;
* the glyph the code names draws the outline of URW's glyph of that character, command
  for command (:func:`outline_digest`: subroutines run, hints set aside).

Verdicts are kept by a digest of the font and all it refers to, by value.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .kept import Kept
from .nodefonts import node_digest
from .objects import Node, NotSure, Objects, Ref, Stream
from .outlineproof import SUBSET_TAG
from .tounicode import parse_to_unicode

__all__ = ["CLONES", "CODES", "OUTLINES", "Clone", "outline_digest", "proved_clone"]

CLONES: dict[str, tuple[str, ...]] = {
    "Helvetica": ("NimbusSans-Regular",),
    "Helvetica-Bold": ("NimbusSans-Bold",),
    "Helvetica-Oblique": ("NimbusSans-Italic",),
    "Helvetica-BoldOblique": ("NimbusSans-BoldItalic",),
    "Times-Roman": ("NimbusRoman-Regular",),
    "Times-Bold": ("NimbusRoman-Bold",),
    "Times-Italic": ("NimbusRoman-Italic",),
    "Times-BoldItalic": ("NimbusRoman-BoldItalic",),
    "Courier": ("NimbusMonoPS-Regular",),
    "Courier-Bold": ("NimbusMonoPS-Bold",),
    "Courier-Oblique": ("NimbusMonoPS-Italic",),
    "Courier-BoldOblique": ("NimbusMonoPS-BoldItalic",),
}
"""Each standard font of text, and the names of URW's copies of it poppler embeds."""
CODES = range(0x20, 0x7F)
"""The codes proved: printable ASCII, which WinAnsi, the glyph list and the standard
font's metrics all read alike."""
OUTLINES = Path(__file__).with_name("cloneoutlines.json")
"""Per copy (:data:`CLONES`), per code, the digest of its glyph's outline."""
WIDTH_SLACK = 0.5
"""Thousandths of the size by which a code's ``/Widths`` entry may differ from the
standard font's width."""
MAX_PROGRAM = 1 << 20
"""Decoded bytes of a font program read here."""
MAX_MAP = 1 << 16

_BY_NAME = {clone: standard for standard, clones in CLONES.items() for clone in clones}
_KEYS = frozenset(
    {"/Type", "/Subtype", "/BaseFont", "/FirstChar", "/LastChar", "/Widths"}
    | {"/FontDescriptor", "/Encoding", "/ToUnicode"}
)


@dataclass(frozen=True, slots=True)
class Clone:
    """An embedded copy of a standard font, and the codes proved to draw its glyphs."""

    standard: str
    """The standard font it draws (``"Helvetica"``)."""
    codes: frozenset[int]


_PROVED: Kept[bytes, Clone | None] = Kept(64)


def outline_digest(glyph: Any) -> str:
    """A digest of the commands that draw ``glyph`` (a fontTools glyph or charstring)."""
    from fontTools.pens.recordingPen import RecordingPen

    pen = RecordingPen()
    glyph.draw(pen)
    return hashlib.sha256(repr(pen.value).encode()).hexdigest()[:32]


@functools.cache
def _outlines() -> dict[str, dict[int, str]]:
    table: dict[str, dict[str, str]] = json.loads(OUTLINES.read_text())
    return {clone: {int(code): d for code, d in codes.items()} for clone, codes in table.items()}


def proved_clone(objects: Objects, ref: Node) -> Clone | None:
    """The font at ``ref`` as a copy of a standard font, with the codes proved to draw its
    glyphs (see the module); None when it is not one."""
    if not isinstance(ref, Ref):
        return None
    font = objects.dict_of(ref)
    base = font.get("/BaseFont")
    if not isinstance(base, str) or _BY_NAME.get(SUBSET_TAG.sub("", base[1:])) is None:
        return None
    try:
        key = node_digest(objects, ref, by_value=True)
    except NotSure:
        return None
    if key in _PROVED:
        return _PROVED.recall(key)
    try:
        made = _made(objects, font)
    except (NotSure, ValueError, KeyError, IndexError, TypeError, AssertionError):
        made = None  # (a program fontTools cannot read: not proved)
    return _PROVED.keep(key, made)


def _made(objects: Objects, font: dict[str, Node]) -> Clone | None:
    from fontTools.agl import UV2AGL
    from fontTools.cffLib import CFFFontSet
    from reportlab.pdfbase.pdfmetrics import getFont

    if not set(font) <= _KEYS or font.get("/Subtype") != "/Type1":
        return None
    if font.get("/Encoding") != "/WinAnsiEncoding":
        return None
    clone = SUBSET_TAG.sub("", str(font["/BaseFont"])[1:])
    standard = _BY_NAME[clone]
    descriptor = objects.dict_of(font.get("/FontDescriptor"))
    program = descriptor.get("/FontFile3")
    if not isinstance(program, Ref):
        return None
    stream = objects.resolve(program)
    if not isinstance(stream, Stream) or stream.entries.get("/Subtype") != "/Type1C":
        return None
    if "/FontFile" in descriptor or "/FontFile2" in descriptor:
        return None
    first, widths = objects.resolve(font.get("/FirstChar")), objects.resolve(font.get("/Widths"))
    if type(first) is not int or not isinstance(widths, tuple):
        return None
    maps = font.get("/ToUnicode")
    if maps is not None and not isinstance(maps, Ref):
        return None
    read = parse_to_unicode(objects.decoded(maps, MAX_MAP)) if maps is not None else None
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(objects.decoded(program, MAX_PROGRAM)), None)
    if len(cff.fontNames) != 1:
        return None
    top = cff[cff.fontNames[0]]
    charstrings, own = top.CharStrings, getattr(top, "Encoding", None)
    standard_widths = getFont(standard).widths
    outlines = _outlines().get(clone, {})
    codes = set()
    for code in CODES:
        at = code - first
        width = objects.resolve(widths[at]) if 0 <= at < len(widths) else None
        if type(width) not in (int, float) or abs(width - standard_widths[code]) > WIDTH_SLACK:
            continue
        name = UV2AGL.get(code)
        if name is None or name not in charstrings:
            continue
        if isinstance(own, list) and (code >= len(own) or own[code] != name):
            continue  # (the program's own encoding names another glyph)
        if own is not None and not isinstance(own, list):
            continue  # (the standard or expert encoding: not read here)
        if read is not None and read.get(code, chr(code)) != chr(code):
            continue
        if outlines.get(code) == outline_digest(charstrings[name]):
            codes.add(code)
    return Clone(standard, frozenset(codes))
