"""Annotations whose normal appearance is a set of states, none of them chosen.

An annotation's normal appearance (``/AP /N``) is a stream, or a dictionary of appearance
states of which ``/AS`` names the one drawn. A markup annotation (a typed note, a stamp,
a shape) whose ``/N`` is such a dictionary with no ``/AS``, or with an ``/AS`` that names
none of its states, is drawn by no rule: PDFium draws nothing, MuPDF and poppler a state
of their choosing (review rev27: a note PDFium leaves blank and MuPDF shows as "I
WITHDRAW MY CONSENT" on a page read as blank; notes read as values a viewer does not
draw). Widgets are left out: their states are the form's (a box's ``/AS /Off``), read
with the fields.

An annotation in optional content (``/OC``) is drawn by the same no-rule: PDFium draws
it whatever its layer's state, MuPDF and poppler as the layer says (rev27: typed notes in
a layer switched off, read as values, shown by PDFium only). Any annotation with ``/OC``
counts here too.
"""

from __future__ import annotations

from .nodefonts import annotations_counted
from .nodes import Node, NotSure, Stream
from .objects import Objects

__all__ = ["unchosen_states"]


def unchosen_states(objects: Objects, count: int) -> list[tuple[int, int]]:
    """For the first ``count`` pages with annotations (not widgets) whose normal
    appearance is a dictionary of states none of which ``/AS`` chooses, or annotations
    in optional content: ``(page index, how many)``; nothing when the page tree cannot
    be walked (other checks say so)."""
    return annotations_counted(objects, count, lambda annot: _unchosen(objects, annot))


def _unchosen(objects: Objects, annot: Node) -> bool:
    try:
        node = objects.dict_of(annot)
        if "/OC" in node:
            return True
        if node.get("/Subtype") == "/Widget" or "/AP" not in node:
            return False
        normal = objects.resolve(objects.dict_of(node["/AP"]).get("/N"))
    except NotSure:
        return False
    if isinstance(normal, Stream) or not isinstance(normal, dict):
        return False
    return node.get("/AS") not in normal
