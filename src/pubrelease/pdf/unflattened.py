"""Annotations whose appearance some viewer draws and PDFium's flattening does not.

The page a return is judged by is PDFium's ``FPDFPage_Flatten`` of it (:mod:`.rendering`):
the annotations' appearances drawn into the page. What the flattening leaves out, or draws
otherwise than a viewer, no check sees (review rev28):

* a ``/Popup`` with an appearance: PDFium never draws pop-ups, poppler and pdf.js draw its
  appearance as any other;
* an appearance stream without ``/Resources`` whose content names a resource (a form, a
  font, a graphics state): poppler, MuPDF and PDFium's own display take the page's
  resources (a deprecated inheritance), the flattening copies the stream without them;
* an appearance stream without ``/BBox``: PDFium's display draws it, the flattening and
  the others do not;
* a ``/Rect`` or ``/BBox`` that is not four numbers, a ``/Matrix`` that is not six: each
  viewer repairs it its own way (MuPDF takes the first four of five numbers).

No program that writes PDF honestly writes those. Annotations flagged Hidden (which no
viewer draws) are left out.
"""

from __future__ import annotations

import re

from .nodefonts import page_annotations
from .objects import Node, NotSure, Objects, Ref, Stream
from .pageboxes import numbers

__all__ = ["unflattened_annotations"]

_HIDDEN = 2
"""The annotation flag no viewer draws past."""

MAX_CONTENT = 1 << 20
"""An appearance's content longer than this (decoded) counts as naming resources."""

_NAMED = re.compile(
    rb"/[^\s/\[\]()<>{}%]+\s+(?:[-+.0-9]+\s+)?(?:Do|Tf|gs|sh|cs|CS|scn|SCN|BDC|DP)(?![^\s/\[\]()<>{}%])"
)
"""A name an operator looks up in the resources (``/Fm0 Do``, ``/F1 12 Tf``, ...)."""


def unflattened_annotations(objects: Objects, count: int) -> list[tuple[int, str]]:
    """For the first ``count`` pages, each annotation with an appearance that some viewer
    draws and PDFium's flattening does not, or draws otherwise: ``(page index, why)``;
    nothing when the page tree cannot be walked (other checks say so)."""
    out: list[tuple[int, str]] = []
    try:
        for number, annots in page_annotations(objects, count):
            for annot in annots:
                why = _why(objects, annot)
                if why:
                    out.append((number, why))
    except NotSure:
        return out
    return out


def _why(objects: Objects, annot: Node) -> str | None:
    try:
        node = objects.dict_of(annot)
        flags = objects.resolve(node.get("/F", 0))
        if (isinstance(flags, int) and flags & _HIDDEN) or "/AP" not in node:
            return None
        normal = objects.resolve(objects.dict_of(node["/AP"]).get("/N"))
        states = (
            normal.values()
            if isinstance(normal, dict)
            else (objects.dict_of(node["/AP"]).get("/N"),)
        )
        streams = [s for s in states if isinstance(objects.resolve(s), Stream)]
        if not streams:
            return None
        kind = str(node.get("/Subtype", "/?"))[1:]
        if kind == "Popup":
            return (
                "a pop-up with an appearance: poppler and pdf.js draw it, PDFium and MuPDF do not"
            )
        if not numbers(objects, node.get("/Rect"), 4):
            return f"a {kind} whose /Rect is not four numbers: each viewer repairs it its own way"
        for state in streams:
            why = _stream_why(objects, state)
            if why:
                return f"a {kind} whose appearance {why}"
    except NotSure:
        return None
    return None


def _stream_why(objects: Objects, state: Node) -> str | None:
    stream = objects.resolve(state)
    assert isinstance(stream, Stream)
    entries = stream.entries
    if "/BBox" not in entries:
        return "has no /BBox: PDFium's display draws it, the other viewers do not"
    if not numbers(objects, entries["/BBox"], 4):
        return "has a /BBox that is not four numbers: each viewer repairs it its own way"
    if "/Matrix" in entries and not numbers(objects, entries["/Matrix"], 6):
        return "has a /Matrix that is not six numbers: each viewer repairs it its own way"
    if "/Resources" not in entries and _names_resources(objects, state):
        return (
            "has no resources and names the page's: poppler, MuPDF and PDFium's display "
            "draw it with them, pdf.js and the flattening do not"
        )
    return None


def _names_resources(objects: Objects, state: Node) -> bool:
    if not isinstance(state, Ref):
        return True  # (a stream is always an indirect object: what is this?)
    try:
        content = objects.decoded(state, MAX_CONTENT)
    except NotSure:
        return True
    return _NAMED.search(content) is not None
