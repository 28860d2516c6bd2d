"""A widget and the fields above it, read with the fast object reader for the readings
of other tools' fills from their widgets (:mod:`.provenfill`, :mod:`.drawnfill`,
:mod:`.quicksigned`): a page's widgets, a widget's field name and value, and a digest of
what the widget and its fields hold beside them."""

from __future__ import annotations

from ..pdf.nodefonts import node_digest
from ..pdf.objects import Node, Objects, Ref
from .defaultappearance import plain_appearance_string
from .widgetnodes import Unproved

__all__ = ["field_chain", "field_name", "fixed_digest", "page_widgets", "raw_value"]


_REFUSED = ("/OC", "/A", "/AA", "/RV", "/DS")
"""A field's or widget's entries that change what a viewer shows of its value: an action
(a script that formats it), rich text, a layer."""


def page_widgets(objects: Objects, page: dict[str, Node]) -> list[tuple[Ref, dict[str, Node]]]:
    """The annotations of ``page``, each with its reference (raises unless each is a widget)."""
    annots = objects.resolve(page.get("/Annots", ()))
    if not isinstance(annots, tuple):
        raise Unproved("/Annots")
    out = []
    for ref in annots:
        annot = objects.resolve(ref)
        if (
            not isinstance(ref, Ref)
            or type(annot) is not dict
            or annot.get("/Subtype") != "/Widget"
        ):
            raise Unproved("an annotation that is not a widget")
        out.append((ref, annot))
    return out


def field_name(objects: Objects, annot: dict[str, Node]) -> str:
    """The field name of a widget, through its parents; none of them may hold an action
    (a script that formats what a viewer shows), rich text, or a layer."""
    parts = []
    for node in field_chain(objects, annot):
        if any(key in node for key in _REFUSED):
            raise Unproved("an action, rich text or a layer")
        part = node.get("/T")
        if part is not None:
            if not isinstance(part, str):
                raise Unproved("/T")
            parts.append(part)
    return ".".join(reversed(parts))


_VARIABLE = frozenset({"/AP", "/AS", "/V", "/P", "/Parent", "/Kids", "/Rect", "/M", "/DA"})
"""What a fill may change in a widget and its fields: their value, its appearance, the
widget's place (to :data:`NEAR`), the tree's links, and the default appearance, when
plain (:func:`.defaultappearance.plain_appearance_string`: pdf-lib writes its font and size)."""


def field_chain(objects: Objects, annot: dict[str, Node]) -> list[dict[str, Node]]:
    """The widget and the fields above it, nearest first."""
    out, node = [annot], annot
    for _ in range(8):
        if "/Parent" not in node:
            return out
        node = objects.dict_of(node["/Parent"])
        out.append(node)
    raise Unproved("a deep field tree")


def fixed_digest(objects: Objects, annot: dict[str, Node]) -> bytes:
    """A digest of everything the widget and its fields hold but :data:`_VARIABLE`: what
    a viewer that draws the field itself (Firefox draws a text field from ``/V``, ``/DA``,
    ``/MK``, ``/Q``, ``/MaxLen`` and its flags: a password's bullets, three letters of a
    name) reads, as the template has it."""
    nodes = field_chain(objects, annot)
    for node in nodes:
        da = objects.resolve(node.get("/DA", ""))
        if not isinstance(da, str) or not plain_appearance_string(da):
            raise Unproved("a default appearance not plain")
    kept = tuple(
        {
            k: _drawn_flags(objects, v) if k == "/Ff" else v
            for k, v in node.items()
            if k not in _VARIABLE
            and not _unseen_border(objects, node, k)
            and not (k == "/Ff" and _inherited(objects, nodes[n:]))
        }
        for n, node in enumerate(nodes)
    )
    return node_digest(objects, kept, by_value=True)


def _inherited(objects: Objects, nodes: list[dict[str, Node]]) -> bool:
    """Whether the flags of ``nodes[0]`` are those it would inherit from the fields above
    it (none: 0), ``ReadOnly`` aside: a widget that repeats its field's flags (fillpdf's
    ``flatten=True`` writes them, read-only, on each widget of a field of several) is
    drawn as one that does not."""
    above = next((node["/Ff"] for node in nodes[1:] if "/Ff" in node), 0)
    return _drawn_flags(objects, nodes[0]["/Ff"]) == _drawn_flags(objects, above)


def _drawn_flags(objects: Objects, flags: Node) -> Node:
    """A field's flags but ``ReadOnly`` (bit 1), which says whether a person may type in
    the field, not how it is drawn: ``fill`` sets it on the fields it fills in when it
    issues a release, and a speaker's return is that release filled in by another program."""
    value = objects.resolve(flags)
    return value & ~1 if type(value) is int else flags


def _unseen_border(objects: Objects, node: dict[str, Node], key: str) -> bool:
    """Whether ``key`` is a border's style (``/BS``, which PyMuPDF writes on every widget)
    with no border colour to draw it in (``/MK /BC``, compared as the template has it):
    no viewer draws it."""
    return key == "/BS" and "/BC" not in objects.dict_of(node.get("/MK", {}))


def raw_value(objects: Objects, annot: dict[str, Node]) -> str | None:
    """The field's ``/V`` as written (a viewer that draws it shows every space of it)."""
    for node in field_chain(objects, annot):
        if "/V" in node:
            value = objects.resolve(node["/V"])
            if value is not None and not isinstance(value, str):
                raise Unproved("a value that is not text")
            return value or None
    return None
