"""A widget's nodes read with the fast object reader, for the readings of other tools'
fills from their widgets (:mod:`.provenfill`, :mod:`.drawnfill`)."""

from __future__ import annotations

from ..form.template import Form
from ..pdf.nodefonts import node_digest
from ..pdf.objects import Node, Objects, Ref

__all__ = [
    "NEAR",
    "Unproved",
    "box_states",
    "field_chain",
    "field_name",
    "fixed_digest",
    "form_boxes",
    "nearly_same",
    "number_array",
    "page_widgets",
    "raw_value",
    "widget_rect",
]

Box = tuple[float, float, float, float]
"""left, bottom, right, top, in points."""
NEAR = 0.5
"""Points by which a widget's rectangle, or a box's size, may miss the form's."""


class Unproved(Exception):
    """Something the proof does not cover: the general path reads the file."""


def number_array(node: Node, count: int) -> tuple[float, ...]:
    """The numbers of ``node``, an array of ``count`` of them (raises otherwise)."""
    if not isinstance(node, tuple) or len(node) != count:
        raise Unproved("not an array of numbers")
    if not all(type(x) in (int, float) for x in node):
        raise Unproved("not an array of numbers")
    return tuple(float(x) for x in node)  # type: ignore[arg-type]


def widget_rect(objects: Objects, annot: dict[str, Node]) -> tuple[float, float, float, float]:
    """A widget's ``/Rect``, its corners put in order: left, bottom, right, top."""
    left, bottom, right, top = number_array(objects.resolve(annot.get("/Rect")), 4)
    return min(left, right), min(bottom, top), max(left, right), max(bottom, top)


def form_boxes(form: Form) -> list[list[Box]]:
    """The boxes of the form's fields, page by page, as the general path reads them."""
    numbers = [page.number for page in form.pages]
    out: list[list[Box]] = [[] for _ in numbers]
    for plan in form.fields.values():
        for widget in plan.widgets:
            out[numbers.index(widget.page)].append(widget.box.rect)
    return out


def nearly_same(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether each number of ``a`` is within :data:`NEAR` of ``b``'s."""
    return all(abs(x - y) <= NEAR for x, y in zip(a, b, strict=True))


def box_states(objects: Objects, annot: dict[str, Node]) -> dict[str, Node]:
    """A box's appearances by state (its ``/AP /N``; raises when it has none)."""
    ap = objects.resolve(annot.get("/AP"))
    normal = objects.resolve(ap.get("/N")) if type(ap) is dict else None
    if type(normal) is not dict:
        raise Unproved("a box without its states' appearances")
    return normal


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
    from .defaultappearance import plain_appearance_string  # (it reads text: plaintext, here)

    nodes = field_chain(objects, annot)
    for node in nodes:
        da = objects.resolve(node.get("/DA", ""))
        if not isinstance(da, str) or not plain_appearance_string(da):
            raise Unproved("a default appearance not plain")
    kept = tuple(
        {
            k: _drawn_flags(objects, v) if k == "/Ff" else v
            for k, v in node.items()
            if k not in _VARIABLE and not _unseen_border(objects, node, k)
        }
        for node in nodes
    )
    return node_digest(objects, kept, by_value=True)


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
