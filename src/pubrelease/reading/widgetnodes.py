"""A widget's nodes read with the fast object reader, for the readings of other tools'
fills from their widgets (:mod:`.provenfill`, :mod:`.drawnfill`)."""

from __future__ import annotations

from ..form.template import Form
from ..pdf.contentapart import TAKES
from ..pdf.objects import Node, NotSure, Objects, Ref
from .contenttokens import NotPlain, content_tokens

__all__ = [
    "NEAR",
    "Unproved",
    "box_states",
    "drawn_alike",
    "form_boxes",
    "nearly_same",
    "number_array",
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


ALIKE = frozenset(
    {"q", "Q", "BT", "ET", "h", "f", "F", "S", "s", "b", "B", "n", "g", "G", "w"}
    | {"Td", "TD", "m", "l", "rg", "RG", "re", "cm", "Tm", "c"}
)
"""Operators every viewer draws alike, each given the numbers it takes
(:data:`..pdf.contentapart.TAKES`): text, paths painted in device colours (``Tf``,
``Tj`` and ``TJ`` apart). Not a clip (``W n`` with no path is nothing in PDFium and
poppler, everything in MuPDF: review of session 62), another XObject, a graphics state,
marked content (a layer), a shading or an image; not an operator given more numbers than
it takes (MuPDF reads the first, PDFium the last)."""
_DRAWING = 1 << 16
"""Bytes of a box's appearance read, at most (the form's are some tens)."""


def drawn_alike(objects: Objects, annot: dict[str, Node]) -> bool:
    """Whether a box's appearance in every state draws with :data:`ALIKE` operators alone:
    then what PDFium shows of it (compared with the form's face, pixel for pixel) is what
    every viewer shows."""
    try:
        for ref in box_states(objects, annot).values():
            if not isinstance(ref, Ref):
                return False
            if not _alike(content_tokens(objects.decoded(ref, _DRAWING))):
                return False
    except (Unproved, NotPlain, NotSure):
        return False
    return True


def _alike(tokens: list[tuple[str, object]]) -> bool:
    """Whether each operator of ``tokens`` is one of :data:`ALIKE` given its numbers, or
    ``Tf`` a name and a number, ``Tj`` a string, ``TJ`` an array."""
    operands: list[str] = []
    for kind, value in tokens:
        if kind != "o":
            operands.append(kind)
            continue
        if value in ALIKE:
            fits = operands == ["f"] * TAKES[str(value)]
        else:
            fits = {"Tf": ["n", "f"], "Tj": ["s"]}.get(str(value)) == operands or (
                value == "TJ" and operands[:1] == ["["] and operands[-1:] == ["["]
            )
        if not fits:
            return False
        operands = []
    return not operands
