"""Words a viewer shows beside the page when the file is opened: outline items, notes, the
document's title.

What a return says is read from its pages; a viewer shows more (review rev28): the items of
the outline in its sidebar (opened by itself with ``/PageMode /UseOutlines``), a note's
text (a ``/Text`` annotation's ``/Contents``, in Acrobat's comments pane, and opened by
pdf.js and Acrobat when it or its pop-up is ``/Open``), and the document's ``/Title`` in
the window's title bar or tab. "I DO NOT ACCEPT" there is read by a person and by no check.
A ``/FreeText`` note draws its words on the page, where the page's checks read them.
"""

from __future__ import annotations

from .nodefonts import page_dicts
from .objects import Node, NotSure, Objects

__all__ = ["MAX_QUOTED", "document_title", "outline_titles", "shown_notes"]

MAX_QUOTED = 12
"""Outline items or notes quoted at most."""
MAX_ITEMS = 1000
"""Outline items walked at most."""
_HIDDEN = 2
"""The annotation flag no viewer draws past."""


def outline_titles(objects: Objects) -> list[str]:
    """The titles of the document's outline items (first :data:`MAX_QUOTED` of them, in
    order, empty ones left out)."""
    out: list[str] = []
    try:
        root = objects.dict_of(objects.trailer.get("/Root"))
        stack: list[Node] = [objects.dict_of(root.get("/Outlines")).get("/First")]
        seen: set[int] = set()
        while stack and len(seen) < MAX_ITEMS and len(out) < MAX_QUOTED:
            ref = stack.pop()
            item = objects.dict_of(ref)
            if not item or id(item) in seen:
                continue
            seen.add(id(item))
            title = _text(objects, item.get("/Title"))
            if title:
                out.append(title)
            stack.append(item.get("/Next"))
            stack.append(item.get("/First"))  # (its children first, as the sidebar lists)
    except NotSure:
        return out
    return out


def shown_notes(objects: Objects, count: int) -> list[tuple[int, str]]:
    """For the first ``count`` pages, the words of each note a viewer shows or lists (a
    ``/Text`` annotation, or another one whose pop-up is open, with ``/Contents``):
    ``(page index, the words)``, :data:`MAX_QUOTED` at most."""
    out: list[tuple[int, str]] = []
    try:
        for number, chain in enumerate(page_dicts(objects)):
            if number >= count:
                break
            annots = objects.resolve(chain[0].get("/Annots"))
            for annot in annots if isinstance(annots, tuple) else ():
                words = _note(objects, objects.dict_of(annot))
                if words and len(out) < MAX_QUOTED:
                    out.append((number, words))
    except NotSure:
        return out
    return out


def document_title(objects: Objects) -> tuple[str, bool] | None:
    """The document's ``/Title`` and whether it asks viewers to show it
    (``/DisplayDocTitle``); None without one."""
    try:
        title = _text(objects, objects.dict_of(objects.trailer.get("/Info")).get("/Title"))
        root = objects.dict_of(objects.trailer.get("/Root"))
        shown = objects.dict_of(root.get("/ViewerPreferences")).get("/DisplayDocTitle")
    except NotSure:
        return None
    return (title, objects.resolve(shown) is True) if title else None


def _note(objects: Objects, node: dict[str, Node]) -> str:
    flags = objects.resolve(node.get("/F", 0))
    if isinstance(flags, int) and flags & _HIDDEN:
        return ""
    kind = node.get("/Subtype")
    if kind in ("/Widget", "/Link", "/Popup", "/FreeText"):
        return ""
    popup = objects.dict_of(node.get("/Popup"))
    opened = objects.resolve(node.get("/Open")) is True or objects.resolve(popup.get("/Open"))
    if kind != "/Text" and opened is not True:
        return ""
    return _text(objects, node.get("/Contents"))


def _text(objects: Objects, value: Node) -> str:
    value = objects.resolve(value)
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return " ".join(value.split()) if isinstance(value, str) else ""
