"""The fonts of a print read from its content streams (:mod:`.provenprint`).

A print draws the form's wording and its values in fonts of four kinds, each proved
before a run of it is read:

* a standard font, not embedded (Ghostscript keeps the form's Helvetica);
* an embedded copy of one, URW's, proved code by code (:func:`clones_of`): pdftocairo's
  simple Nimbus Sans subsets, and MuPDF's whole Nimbus Sans as a Type 0 font of glyph
  ids, whose map must read the wording as the general path reads it, folded
  (:func:`wording_read`), and a value as it shows or as :mod:`.printmaps` reads it;
* an embedded font the file's font check proved whole to draw a font we ship's
  outlines for what its map reads (:func:`proved_fonts`): a printer's subset of
  DejaVu Sans;
* an embedded font not proved whole, read for the codes the page draws alone, each
  proved (:func:`partly_proved`): MuPDF's whole DejaVu Sans, hundreds of whose glyphs no
  map entry reads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..form.wording import squashed
from ..pdf.objects import Node, Objects, Ref
from ..pdf.pagefonts import PageFonts
from ..pdf.standardclones import Clone, proved_cid_clone, proved_clone
from .contenttokens import NotPlain, font_codes
from .plaintext import plain_font
from .printdraws import PageDrawing, Run
from .provedtext import Marks, ProvedFont, mark_widths, proved_font, proved_for
from .widgetnodes import Unproved

if TYPE_CHECKING:
    from pypdf import PdfReader

__all__ = [
    "advance_of",
    "clones_of",
    "mark_advances",
    "partly_proved",
    "proved_fonts",
    "wording_read",
]


def clones_of(
    objects: Objects, resources: dict[str, Node], refs: dict[str, Node]
) -> dict[str, Clone]:
    """The page's embedded copies of standard fonts (:func:`..pdf.standardclones.proved_clone`)."""
    out = {}
    for name, node in resources.items():
        if type(node) is dict and node.get("/Subtype") == "/Type1" and not plain_font(node):
            clone = proved_clone(objects, refs.get(name))
        elif type(node) is dict and node.get("/Subtype") == "/Type0":
            clone = proved_cid_clone(objects, refs.get(name))  # (MuPDF's)
        else:
            continue
        if clone is not None:
            out[name] = clone
    return out


def proved_fonts(
    objects: Objects,
    resources: dict[str, Node],
    refs: dict[str, Node],
    fonts: Callable[[], PageFonts],
) -> tuple[dict[str, ProvedFont], dict[str, Marks]]:
    """The page's embedded fonts whose outlines the font check proved (by resource name):
    as text is read (:func:`.provedtext.proved_font`), and their widths, whatever their
    codes draw (a box's mark)."""
    proved, marks = {}, {}
    for name, node in resources.items():
        if type(node) is dict and node.get("/Subtype") in ("/Type0", "/TrueType"):
            ref = refs.get(name)
            check = fonts().by_ref.get(ref) if isinstance(ref, Ref) else None
            found = proved_font(objects, ref, check)
            if found is not None:
                proved[name] = found
            widths = mark_widths(objects, ref, check)
            if widths is not None:
                marks[name] = widths
    return proved, marks


def partly_proved(
    objects: Objects,
    refs: dict[str, Node],
    fonts: Callable[[], PageFonts],
    pypdf: Callable[[], PdfReader] | None,
    drawing: PageDrawing,
    proved: dict[str, ProvedFont],
    marks: dict[str, Marks],
) -> None:
    """Add to ``proved`` and ``marks`` each embedded font of the page not proved whole
    whose codes the page draws are each proved (:func:`.provedtext.proved_for`: MuPDF's
    prints draw the form's boxes to tick, and ``fill``'s values, in the whole of DejaVu
    Sans), read for those codes alone."""
    used: dict[str, set[int]] = {}
    for text in drawing.shown:
        if text.face not in marks:
            codes = used.setdefault(text.face, set())
            for item in text.items:
                if isinstance(item, bytes):
                    try:
                        codes.update(font_codes(item, 2))
                    except NotPlain:
                        codes.add(-1)  # (an odd byte: not read, nor proved)
    if not used or pypdf is None:
        return
    for face, codes in used.items():
        ref = refs.get(face)
        if not isinstance(ref, Ref) or -1 in codes:
            continue
        check = fonts().by_ref.get(ref)
        pypdf_font = functools.partial(_pypdf_object, pypdf, ref)
        found = proved_for(objects, ref, check, pypdf_font, frozenset(codes))
        if found is not None:
            proved[face], marks[face] = found


def _pypdf_object(pypdf: Callable[[], PdfReader], ref: Ref) -> object:
    """Object ``ref`` of the file as pypdf reads it."""
    from pypdf.generic import IndirectObject

    reader = pypdf()
    return IndirectObject(ref.num, ref.gen, reader).get_object()


def advance_of(marks: dict[str, Marks]) -> Callable[[str, bytes], float | None]:
    def advance(face: str, raw: bytes) -> float | None:
        font = marks.get(face)
        if font is None or len(raw) % font.width:
            return None
        return sum(mark_advances(font, raw))

    return advance


def mark_advances(font: Marks, raw: bytes) -> list[float]:
    """Each code's width in ``raw`` (thousandths of the size)."""
    return [font.widths.get(code, font.default) for code in font_codes(raw, font.width)]


def wording_read(runs: list[Run], clones: dict[str, Clone]) -> None:
    """Raises unless each run of the wording in a Type 0 copy (MuPDF's) reads, in the text
    layer, as the general path reads the form's wording: each code's map text the same
    as its glyph's character once folded as the wording is (:func:`..form.wording.squashed`:
    curly quotes as straight ones, MuPDF's copyright sign for its quotesingle)."""
    drawn: dict[str, set[int]] = {}
    for run in runs:
        drawn.setdefault(run.face, set()).update(run.raw)
    for face, codes in drawn.items():
        read = clones[face].read if face in clones else None
        if read is None:
            continue
        for byte in codes:
            shown = bytes([byte]).decode("cp1252")
            if squashed(read.get(byte, "")) != squashed(shown):
                raise Unproved("the wording's text layer reads other letters than it shows")
