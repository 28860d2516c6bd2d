"""Annotations viewers draw each their own way by their opacity, and notes whose rich
text says other words than they hold.

An annotation's ``/CA`` is the opacity of its whole appearance (ISO 32000-1, 12.5.2):
Acrobat draws a note with ``/CA 0`` not at all, with ``/CA 0.05`` as a ghost, where
PDFium, poppler, MuPDF and pdf.js draw it opaque (measured: PDFium 8149 of pypdfium2,
pdftoppm 22.12, mutool 1.21 and pdf.js 5.6 draw every pixel as without ``/CA``). Session
26: "Bohyung Han" typed with ``/CA 0`` over the empty signature field read ``valid``,
where Acrobat shows the release unsigned; the same with "I do not agree". Inside an
appearance, a graphics state that blends (``/BM /Lighten``, ``/Screen``: PDFium, MuPDF
and pdf.js draw black text so on white as nothing, poppler draws it, and PDFium's own
flattening, which the reading reads, draws it as text), masks (``/SMask``) or nearly
hides its drawing (``/ca`` or ``/CA`` below :data:`FAINT`) is drawn by no common rule
either. ``/Multiply`` (Acrobat's highlights) is drawn alike by all and darkens only: it
is not counted. Counted too are the flags a viewer applies its own way: Invisible (meant
for annotation types a viewer does not know: MuPDF leaves such a known note out, PDFium,
poppler and pdf.js draw it, measured) and NoView (printed, not shown).

A note's rich text (``/RC``, XHTML) is what Acrobat and PDF-XChange lay the note out
from again when it is edited or its appearance made anew; a note whose rich text is not
the text it holds (``/Contents``, which the reading checks against what its appearance
draws) shows other words there than the page read here: a person should look. A note
holding no text (PyMuPDF's rich notes keep their text in ``/RC`` alone) is not taken as
a value (:mod:`.typednotes`): its rich text is not compared.

Hidden annotations (drawn by no viewer), widgets (the form's own: read with the fields)
and popups are left out.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

from .nodefonts import page_annotations
from .nodes import Node, NotSure, Ref, Stream
from .objects import Objects
from .revisions import format_rect, rect_of, text_of

__all__ = ["FAINT", "Uneven", "uneven_notes"]

FAINT = 0.5
"""Opacity below which an annotation, or a graphics state of its appearance, counts as
all but hidden where it is applied (Acrobat draws black text at 0.5 as mid grey)."""
MAX_STREAMS = 16
"""Appearance streams (states, forms drawn within) looked into per annotation, at most."""
MAX_WORDS = 80
"""Characters of a note's text quoted, at most."""
_INVISIBLE, _HIDDEN, _NO_VIEW = 1, 2, 32
_LEFT_OUT = frozenset({"/Widget", "/Popup", "/Link"})
_BLENDS_ALIKE = frozenset({"/Normal", "/Compatible", "/Multiply"})
_BLOCK = re.compile(r"</?(?:p|div|br|body|html|li|ul|ol)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


class Uneven(NamedTuple):
    """An annotation viewers show each their own way, or whose rich text says other words."""

    page: int
    """Page index."""
    subtype: str
    """``FreeText``, ``Stamp``, ``Square``..."""
    rect: str
    """Its ``/Rect`` as written in findings (``[x0 y0 x1 y1]``)."""
    words: str
    """What it holds (``/Contents``), as quoted."""
    why: str
    """What viewers draw their own way and how (``"drawn at opacity /CA 0: ..."``), or
    ``""`` for a note whose rich text differs (``rich``)."""
    rich: str
    """For a rich-text note: the text of its ``/RC``, as quoted; else ``""``."""


def uneven_notes(objects: Objects, count: int) -> list[Uneven]:
    """The annotations (not widgets, popups or links; not hidden) of the first ``count``
    pages drawn at an opacity below :data:`FAINT`, with an appearance that blends, masks
    or nearly hides its drawing, or whose rich text is not the text it holds; nothing
    when the page tree cannot be walked (other checks say so)."""
    out: list[Uneven] = []
    try:
        for number, annots in page_annotations(objects, count):
            for annot in annots:
                found = _uneven(objects, number, annot)
                if found is not None:
                    out.append(found)
    except NotSure:
        return out
    return out


def _uneven(objects: Objects, page: int, annot: Node) -> Uneven | None:
    try:
        node = objects.dict_of(annot)
        subtype = node.get("/Subtype")
        flags = node.get("/F", 0)
        if subtype in _LEFT_OUT or (isinstance(flags, int) and flags & _HIDDEN):
            return None
        words = _quoted(text_of(objects.resolve(node.get("/Contents"))) or "")
        rect = objects.resolve(node.get("/Rect"))
        where = format_rect(rect_of(rect)) if isinstance(rect, tuple) else "[?]"
        kind = (text_of(subtype) or "/?").lstrip("/")
        if "/AP" in node:
            why = _flagged(flags if isinstance(flags, int) else 0) or _faint(objects, node)
            if why:
                return Uneven(page, kind, where, words, why, "")
        rich = _rich_text(objects, node.get("/RC"))
        held = " ".join((text_of(objects.resolve(node.get("/Contents"))) or "").split())
        if rich is not None and held and " ".join(rich.split()) != held:
            return Uneven(page, kind, where, words, "", _quoted(rich))
    except NotSure:
        return None
    return None


def _flagged(flags: int) -> str:
    """What the annotation's flags make viewers draw each their own way."""
    if flags & _INVISIBLE:  # (meant for annotation types a viewer does not know)
        return "flagged Invisible: MuPDF leaves it out, PDFium, poppler and pdf.js draw it"
    if flags & _NO_VIEW:
        return "flagged NoView: viewers leave it off the screen and print it"
    return ""


def _faint(objects: Objects, node: dict[str, Node]) -> str:
    """What makes the annotation drawn unlike by viewers: its own opacity, or a graphics
    state of its appearance's; "" when nothing does."""
    for key in ("/CA", "/ca"):
        value = objects.resolve(node.get(key))
        if isinstance(value, int | float) and value < FAINT:
            return (
                f"drawn at opacity {key} {value:g}: Acrobat draws it so (faint or not at "
                "all), PDFium, poppler, MuPDF and pdf.js opaque"
            )
    normal = objects.resolve(objects.dict_of(node.get("/AP")).get("/N"))
    streams: list[Node] = []
    if isinstance(normal, Stream):
        streams.append(normal)
    elif isinstance(normal, dict):
        streams.extend(normal.values())
    seen: set[Ref] = set()
    while streams and len(seen) < MAX_STREAMS:
        ref = streams.pop()
        if isinstance(ref, Ref):
            if ref in seen:
                continue
            seen.add(ref)
        resources = objects.dict_of(objects.dict_of(ref).get("/Resources"))
        for state in objects.dict_of(resources.get("/ExtGState")).values():
            why = _state(objects, objects.dict_of(state))
            if why:
                return (
                    f"its appearance drawn with {why}: each viewer applies it its own "
                    "way (PDFium, MuPDF and pdf.js may draw it as nothing, poppler as if "
                    "unblended, PDFium's flattening as text)"
                )
        for inner in objects.dict_of(resources.get("/XObject")).values():
            if objects.dict_of(inner).get("/Subtype") == "/Form":
                streams.append(inner)
    return ""


def _state(objects: Objects, state: dict[str, Node]) -> str:
    """What in a graphics state parameter dictionary viewers apply each their own way."""
    for key in ("/ca", "/CA"):
        value = objects.resolve(state.get(key))
        if isinstance(value, int | float) and value < FAINT:
            return f"{key} {value:g}"
    blend = objects.resolve(state.get("/BM"))
    if isinstance(blend, tuple):
        blend = objects.resolve(blend[0]) if blend else None
    if blend is not None and blend not in _BLENDS_ALIKE:
        return f"/BM {text_of(blend) or '?'}"
    mask = objects.resolve(state.get("/SMask"))
    if mask is not None and mask != "/None":
        return "/SMask"
    return ""


def _rich_text(objects: Objects, value: Node) -> str | None:
    """The text of a rich text string or stream (``/RC``, XHTML), its markup left out;
    None without one."""
    found = objects.resolve(value)
    if isinstance(value, Ref) and isinstance(found, Stream):
        found = objects.decoded(value, 1 << 16).decode("utf-8", errors="replace")
    text = text_of(found)
    if text is None:
        return None
    return html.unescape(_TAG.sub("", _BLOCK.sub(" ", text)))


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_WORDS else text[: MAX_WORDS - 1] + "…"
