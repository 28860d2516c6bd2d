"""Form widgets that belong to no field of the document's form.

A page merged or copied into another document (``pdfunite``, pypdf's ``add_page``,
pdf-lib's ``copyPages``) keeps its annotations, the form's widgets among them, but not
the document's form (``/AcroForm``), or keeps one whose fields are not in the file. Its
widgets then belong to no field. poppler and pdf.js draw their appearances as any
annotation's; PDFium leaves them blank; MuPDF draws some. What such a page shows depends
on the viewer, and the values its widgets draw are no field's values.
"""

from __future__ import annotations

from .nodefonts import annotations_counted
from .nodes import Node, NotSure, Ref
from .objects import Objects

__all__ = ["orphan_widgets"]

MAX_FIELDS = 10_000
"""Fields of a form walked, at most."""


def orphan_widgets(objects: Objects, count: int) -> list[tuple[int, int]]:
    """For the first ``count`` pages with widgets that are no field's (or a field's whose
    form the document does not have): ``(page index, how many)``; nothing when the
    page tree cannot be walked (other checks say so)."""
    try:
        fields = _form_widgets(objects)
    except NotSure:
        return []
    # (a widget written in /Annots itself, not by reference, is no field's)
    return annotations_counted(
        objects,
        count,
        lambda annot: (
            _is_widget(objects, annot) and not (isinstance(annot, Ref) and annot in fields)
        ),
    )


def _is_widget(objects: Objects, annot: Node) -> bool:
    try:
        return objects.dict_of(annot).get("/Subtype") == "/Widget"
    except NotSure:
        return False


def _form_widgets(objects: Objects) -> set[Ref]:
    """Every field and widget the document's form reaches (by reference) from its
    ``/Fields``, down their ``/Kids``."""
    root = objects.dict_of(objects.trailer.get("/Root"))
    form = objects.dict_of(root.get("/AcroForm"))
    found: set[Ref] = set()
    todo = list(_items(objects, form.get("/Fields")))
    while todo and len(found) < MAX_FIELDS:
        field = todo.pop()
        if not isinstance(field, Ref) or field in found:
            continue
        try:
            node = objects.dict_of(field)
        except NotSure:  # a field the file does not have
            continue
        if not node:
            continue
        found.add(field)
        todo.extend(_items(objects, node.get("/Kids")))
    return found


def _items(objects: Objects, value: Node) -> tuple[Node, ...]:
    try:
        resolved = objects.resolve(value)
    except NotSure:
        return ()
    return resolved if isinstance(resolved, tuple) else ()
