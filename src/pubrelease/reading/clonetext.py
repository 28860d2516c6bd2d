"""A MuPDF print's values read from its proved glyphs on the general path.

MuPDF prints another program's Helvetica in its own copy of URW's Nimbus Sans, a Type 0
font whose every glyph is proved by its name, width and outline
(:func:`..pdf.standardclones.proved_cid_clone`), and whose ``/ToUnicode`` map reads
letters beyond ASCII and most marks of punctuation as other characters ("Zoë Ødegård"
as "ZoÑ édegÌrd"). The print path reads such a value from its glyphs
(:mod:`.printmaps`); a print it does not take (pdf-lib's title set so large that its
comma's tail is cut, pdftk's whose first capital's accent reaches over its box, a print
changed since) is read here the same way, so that its value is not the text layer's
garbling whichever way the file is read.

A field is read so when each of its boxes that shows anything shows only codes of such
fonts, each proved, painted and upright, all the boxes the same glyphs, as many boxes as
the text layer has values; and when each value the text layer reads there is one
character for each glyph but spaces: the glyph's own where its map reads it rightly,
else what its map reads for it (or, naming none, its id read as a character), only for
the glyphs :func:`.printmaps.taken` takes, never an ASCII letter or digit; and when every
other field whose text layer may misread its glyphs is read so too (else none is: a name
read from its glyphs and its signature from the text layer would differ; a field drawn
in no such copy, whose map is not MuPDF's, is read from its text layer). The value is
then the glyphs' text (evidence ``glyph outlines``), and a person is told what the text
layer reads (``shown-text-unchecked``; not where it reads a curly quote straight).

Only a file whose bytes name such a program (``/CIDFontType0C``, as MuPDF writes it, not
packed in an object stream) is looked at, only for values the text layer may have
misread (beyond ASCII, or with an apostrophe or a grave accent: MuPDF's readings of
curly quotes), and only the codes whose origin lies in a box, but a point from its
right edge (where the wording after a box starts: ", agree that:").
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, NamedTuple

from pypdf.generic import DictionaryObject

from ..form.template import Form
from ..pdf.matrices import Box
from ..pdf.objects import Objects, Ref
from ..pdf.showncodes import ShownCode
from ..pdf.standardclones import Clone, proved_cid_clone
from ..record import Finding
from .glyphtext import PageCodes, codes_in
from .printmaps import layer_findings, plain, read_rightly, taken
from .provedboxes import Proved

__all__ = ["EDGE", "Cloned", "clone_values"]

EDGE = 1.0
"""Points from a box's right edge within which a glyph starts the wording after it."""
_MARKER = b"/CIDFontType0C"
"""What a file holding MuPDF's copies of the standard fonts has in its bytes (the
subtype of their programs): the codes of the other files' pages are not read."""


class Cloned(NamedTuple):
    """The values read from the glyphs of copies of standard fonts, and their boxes."""

    values: dict[str, str]
    """Field -> the text its boxes' proved glyphs show."""
    boxes: dict[int, list[Proved]]
    """Page (counted from 0) -> the boxes read so, each with the letters and digits the
    text layer reads there for glyphs that are none (MuPDF's em dash, flat by design, read
    as "Ð"): every glyph in such a box is a proved glyph of such a copy drawn upright as
    the font draws it, so such a letter, flat, is not one drawn at a speck of its size to
    hide it (:mod:`..pdf.specks`)."""


def clone_values(
    codes: PageCodes,
    objects: Objects | None,
    data: bytes,
    form: Form,
    visible: dict[str, list[str | None]],
    findings: list[Finding],
    skip: Collection[str] = (),
) -> Cloned:
    """The fields read from their boxes' proved glyphs (see the module; ``skip``: fields
    read from their glyphs already): every field whose text layer may misread them, or
    none; each such field's values in ``visible`` are set to the glyphs' text, and its
    finding added to ``findings``."""
    out = Cloned({}, {})
    if objects is None or _MARKER not in data:
        return out
    numbers = [p.number for p in form.pages]
    clones: dict[Ref, Clone | None] = {}
    misread: dict[str, tuple[list[int], list[str]]] = {}
    for name, shown in visible.items():
        layers = [v for v in shown if v]
        plan = form.fields.get(name)
        if plan is None or name in skip or not any(map(_misread, layers)):
            continue
        inside = _boxes(plan.widgets, numbers, codes)
        if all(_clone(c.font, objects, clones) is None for _, _, here in inside for c in here):
            continue  # (drawn in no copy of a standard font: its map is not MuPDF's)
        read = _field(inside, objects, clones, layers)
        if read is None:
            return Cloned({}, {})  # (every such field, or none: not a name and not its signature)
        text, boxes, flat = read
        out.values[name] = text
        for page, rect in boxes:
            out.boxes.setdefault(page, []).append((rect, flat))
        if not all(read_rightly(v, text) for v in layers):  # (curly quotes read straight)
            misread[name] = ([page for page, _ in boxes], layers)
    for name, text in out.values.items():
        visible[name] = [text if v else v for v in visible[name]]
    findings.extend(layer_findings(misread, out.values.get))
    return out


def _boxes(
    widgets: Sequence[Any], numbers: list[int], codes: PageCodes
) -> list[tuple[int, Box, list[ShownCode]]]:
    """A field's boxes on the form's pages (page, rect), each with the codes whose origin
    lies in it, but a point from its right edge (not the wording's first glyph, where a
    box ends: ", agree that:")."""
    out = []
    for widget in widgets:
        if widget.page not in numbers:
            continue
        page = numbers.index(widget.page)
        rect = widget.box.rect
        out.append((page, rect, [c for c in codes_in(codes(page), rect) if c.x <= rect[2] - EDGE]))
    return out


def _field(
    shown: list[tuple[int, Box, list[ShownCode]]],
    objects: Objects,
    clones: dict[Ref, Clone | None],
    layers: list[str],
) -> tuple[str, list[tuple[int, Box]], frozenset[str]] | None:
    """The text a field's boxes' proved glyphs show (``shown``: its boxes and their codes,
    :func:`_boxes`), the boxes (page, rect) that show any, and the letters and digits its
    text ``layers`` read for glyphs that are none; None unless it is read so (see the
    module)."""
    boxes: list[tuple[int, Box]] = []
    texts: set[str] = set()
    reads: dict[str, set[str]] = {}
    for page, rect, inside in shown:
        if not inside:
            continue
        read = _glyphs(inside, objects, clones)
        if read is None:
            return None
        boxes.append((page, rect))
        texts.add(read[0])
        for glyph, layer in read[1].items():
            reads.setdefault(glyph, set()).update(layer)
    if len(texts) != 1 or len(boxes) < len(layers):
        return None
    text = texts.pop()
    if not all(_reads_as(v, text, reads) for v in layers):
        return None
    flat = frozenset(r for g, rs in reads.items() if not g.isalnum() for r in rs)
    return text, boxes, flat


def _glyphs(
    inside: list[ShownCode],
    objects: Objects,
    clones: dict[Ref, Clone | None],
) -> tuple[str, dict[str, set[str]]] | None:
    """The text the codes ``inside`` a box show, line by line from the top, and what
    the text layer may read for each glyph; None unless every code is a proved glyph of a
    Type 0 copy of a standard font, painted and upright."""
    lines: dict[float, list[tuple[float, str]]] = {}
    reads: dict[str, set[str]] = {}
    for shown in inside:
        clone = _clone(shown.font, objects, clones)
        if clone is None or clone.wide is None or clone.read is None:
            return None
        byte = clone.wide.get(shown.code)
        if byte is None or not shown.painted or not shown.plain:
            return None
        char = bytes([byte]).decode("cp1252")
        layer = clone.read.get(byte) or chr(shown.code)  # (naming none: PDFium's reading)
        if layer != char and not taken(char):
            return None
        reads.setdefault(char, set()).add(layer)
        row = next((y for y in lines if abs(y - shown.y) < shown.size / 2), shown.y)
        lines.setdefault(row, []).append((shown.x, char))
    rows = ("".join(c for _, c in sorted(lines[y])) for y in sorted(lines, reverse=True))
    return " ".join(" ".join(rows).split()), reads


def _clone(
    font: DictionaryObject,
    objects: Objects,
    clones: dict[Ref, Clone | None],
) -> Clone | None:
    """The proved Type 0 copy ``font`` is (:func:`..pdf.standardclones.proved_cid_clone`,
    found by its object's number in the fast reader's objects, kept in ``clones``); None
    when it is none."""
    found: Any = getattr(font, "indirect_reference", None)
    if found is None or font.get("/Subtype") != "/Type0":
        return None
    ref = Ref(found.idnum, found.generation)
    if ref not in clones:
        clones[ref] = proved_cid_clone(objects, ref)
    return clones[ref]


def _misread(layer: str) -> bool:
    """Whether the text layer's ``layer`` may misread a copy's glyphs: MuPDF's map reads
    them beyond ASCII, but a right single quote as an apostrophe and a left one as a
    grave accent."""
    return not layer.isascii() or "'" in layer or "`" in layer


def _reads_as(layer: str, text: str, reads: dict[str, set[str]]) -> bool:
    """Whether the text layer's ``layer`` reads one character for each glyph of ``text``
    (spaces aside), each the glyph's own or what its map reads for it, none an ASCII
    letter or digit read for another glyph."""
    read, glyphs = layer.replace(" ", ""), text.replace(" ", "")
    return len(read) == len(glyphs) and all(
        r == g or (r in reads.get(g, ()) and not plain(r))
        for r, g in zip(read, glyphs, strict=True)
    )
