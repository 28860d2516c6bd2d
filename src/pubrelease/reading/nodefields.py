"""The stored side of a live form read from the fast reader's plain values.

The same reading as :func:`pubrelease.reading.storedfields.stored_fields` does with pypdf
(its ``get_fields`` and the walks that follow it), step for step: field names from
``/T``, ``/TM`` and the ``/Parent`` chain, ``/V`` resolved one level, the consent boxes'
``/AS`` and appearance states, ``/NeedAppearances``, widgets without an appearance.
Wherever pypdf's objects would behave in a way plain values do not show (a reference
where pypdf compares the raw object, a value pypdf would print oddly, a loop, a field
pypdf would refuse), it raises :class:`NotSure` and the caller takes the pypdf path.
"""

from __future__ import annotations

from ..form.definition import FieldDef, Role
from ..form.template import Form
from ..pdf.objects import Node, NotSure, Objects, Ref, Stream
from ..release import Consent

__all__ = ["stored_from_objects"]

_FIELD_ATTRIBUTES = (
    "/TM",
    "/T",
    "/FT",
    "/Parent",
    "/TU",
    "/Ff",
    "/V",
    "/DV",
    "/Kids",
    "/AA",
    "/Opt",
)
"""The keys pypdf's ``Field`` copies, reading what each refers to (so a damaged object
there makes its ``get_fields`` fail: that must be seen here too)."""
MAX_DEPTH = 20
MAX_FIELDS = 5_000
_RADIO = 1 << 15


def _text(node: Node) -> str:
    """``str()`` of a value as pypdf prints it, for the values it prints plainly."""
    if isinstance(node, str):
        return node
    raise NotSure("a value pypdf would print differently")


def _entry(objects: Objects | None, node: dict[str, Node], key: str, default: str = "") -> str:
    """``str(node.get(key, default))`` as pypdf gives it; without ``objects``, a reference
    is not followed (pypdf would use the reference object itself)."""
    if key not in node:
        return default
    return _text(objects.resolve(node[key]) if objects is not None else node[key])


def _dict(objects: Objects, node: Node) -> dict[str, Node]:
    node = objects.resolve(node)
    if isinstance(node, Stream):
        return node.entries
    if not isinstance(node, dict):
        raise NotSure("not a dictionary")
    return node


def _fields(objects: Objects, acroform: dict[str, Node]) -> dict[str, dict[str, Node]]:
    """pypdf's ``get_fields``: every field with a name, by its qualified name."""
    out: dict[str, dict[str, Node]] = {}
    if "/Fields" not in acroform:
        return out
    fields = objects.resolve(acroform["/Fields"])
    if not isinstance(fields, tuple):
        raise NotSure("/Fields is not an array")
    seen: set[object] = set()

    def name_of(field: dict[str, Node]) -> str:
        parts: list[str] = []
        node = field
        for _ in range(MAX_DEPTH):
            if "/TM" in node:
                return ".".join([_entry(objects, node, "/TM"), *reversed(parts)])
            if "/Parent" not in node:
                return ".".join([_entry(None, node, "/T"), *reversed(parts)])
            parts.append(_entry(None, node, "/T"))
            node = _dict(objects, node["/Parent"])
        raise NotSure("a deep or looping /Parent chain")

    def build(ref: Node, depth: int) -> None:
        if depth >= MAX_DEPTH or len(seen) > MAX_FIELDS:
            raise NotSure("a deep or large field tree")
        if not isinstance(ref, Ref):
            raise NotSure("a field that is not an indirect object")  # pypdf fails on it
        key = (ref.num, ref.gen)
        if key in seen:
            raise NotSure("a field visited twice")
        seen.add(key)
        field = objects.resolve(ref)
        if isinstance(field, Stream) or not isinstance(field, dict):
            raise NotSure("a field that is not a dictionary")
        if depth and "/Fields" in field:
            raise NotSure("a kid with /Fields")
        if "/T" not in field and "/TM" not in field:
            return  # a widget, or a nameless field: pypdf goes no further
        for attribute in _FIELD_ATTRIBUTES:  # pypdf's Field() reads each: so do we
            if attribute in field:
                objects.resolve(field[attribute])
        _check_button(objects, field)
        out[name_of(field)] = field
        kids = field.get("/Kids")
        if kids is not None:
            kids = objects.resolve(kids)
            if not isinstance(kids, tuple):
                raise NotSure("/Kids is not an array")
            for kid in kids:
                build(kid, depth + 1)

    for ref in fields:
        build(ref, 0)
    return out


def _check_button(objects: Objects, field: dict[str, Node]) -> None:
    """pypdf raises on a button without a proper normal appearance: leave those to it."""
    ft = field.get("/FT", "")
    if isinstance(ft, Ref):
        raise NotSure("/FT by reference")
    if ft != "/Btn":
        return
    flags = field.get("/Ff", 0)
    if not isinstance(flags, int) or isinstance(flags, bool):
        raise NotSure("/Ff")
    if "/AP" in field:
        _normal(objects, field["/AP"])
    elif flags & _RADIO:
        kids = objects.resolve(field.get("/Kids", ()))
        if not isinstance(kids, tuple):
            raise NotSure("radio kids")
        for kid in kids:
            kid = _dict(objects, kid)
            if "/AP" not in kid:
                raise NotSure("a radio kid without /AP")
            _normal(objects, kid["/AP"])


def _normal(objects: Objects, ap: Node) -> dict[str, Node]:
    normal = _dict(objects, ap).get("/N")
    return _dict(objects, normal)


def _terminal(objects: Objects, fields: Node, prefix: str = "", depth: int = 0) -> dict[str, Node]:
    """:func:`pubrelease.pdf.acroform.terminal_fields`, by name (the last of a name wins)."""
    out: dict[str, Node] = {}
    items = objects.resolve(fields)
    if not isinstance(items, tuple):
        raise NotSure("/Fields")
    for ref in items:
        field = _dict(objects, ref)
        part = _entry(objects, field, "/T")
        name = f"{prefix}.{part}" if prefix and part else part or prefix
        kids = objects.resolve(field.get("/Kids", ()))
        if not isinstance(kids, tuple):
            raise NotSure("/Kids")
        named = tuple(k for k in kids if "/T" in _dict(objects, k))
        if named and depth < 16:
            out.update(_terminal(objects, named, name, depth + 1))
        else:
            out[name] = ref
    return out


def _consent(objects: Objects, consent: Node, spec: FieldDef) -> tuple[Consent, str | None]:
    from .storedfields import consent_from

    field = _dict(objects, consent)
    shown: list[str] = []
    kids = objects.resolve(field.get("/Kids", ()))
    if not isinstance(kids, tuple):
        raise NotSure("/Kids")
    for kid in kids or (consent,):
        widget = _dict(objects, kid)
        ap = widget.get("/AP")
        normal = _normal(objects, ap) if ap is not None else {}
        states = [s.lstrip("/") for s in normal if s != "/Off"]
        state = _entry(objects, widget, "/AS", "/Off").lstrip("/")
        if state != "Off" and state in states:
            shown.append(state)
    value = _entry(objects, field, "/V", "/Off").lstrip("/")
    return consent_from(value, shown, spec)


def _without_appearance(objects: Objects, fields: Node) -> frozenset[str]:
    missing = set()
    items = objects.resolve(fields)
    if not isinstance(items, tuple):
        raise NotSure("/Fields")
    for ref in items:
        field = _dict(objects, ref)
        kids = objects.resolve(field.get("/Kids", ()))
        if not isinstance(kids, tuple):
            raise NotSure("/Kids")
        for widget in [_dict(objects, k) for k in kids] or [field]:
            ap = objects.resolve(widget.get("/AP"))
            normal = objects.resolve(ap.get("/N")) if isinstance(ap, dict) else None
            if isinstance(ap, Stream):
                raise NotSure("/AP is a stream")
            if not isinstance(normal, Stream | dict):
                missing.add(_entry(objects, field, "/T"))
    return frozenset(missing)


def stored_from_objects(objects: Objects, form: Form) -> object:
    """What :func:`~pubrelease.reading.storedfields.stored_fields` returns (a ``Stored``
    or None), read from plain values; :class:`NotSure` where pypdf might differ."""
    from .storedfields import (
        Stored,
        consent_boxes,
        either_box,
        holds_form_fields,
        text_value,
    )

    root = _dict(objects, objects.trailer.get("/Root"))
    if "/AcroForm" not in root:
        return None
    acroform = objects.resolve(root["/AcroForm"])
    if acroform is None:
        return None
    if isinstance(acroform, Stream) or not isinstance(acroform, dict):
        raise NotSure("/AcroForm is not a dictionary")
    fields = _fields(objects, acroform)
    if not holds_form_fields(form, fields):
        return None
    consent_field = form.definition.by_role(Role.CONSENT)
    values: dict[str, str | None] = {}
    for name, plan in form.fields.items():
        if plan.spec.kind.boxes:
            continue
        field = fields.get(plan.spec.pdf_name, {})
        value = objects.resolve(field["/V"]) if "/V" in field else None
        if "/V" in field and not isinstance(value, str):
            raise NotSure("a /V that is not text")
        values[name] = text_value(value)
    consent, note = Consent.NONE, None
    all_fields = acroform.get("/Fields", ())
    if consent_field is not None:
        raw = _terminal(objects, all_fields)
        answers = []
        for spec in consent_boxes(consent_field):
            if spec.pdf_name not in raw:
                raise NotSure("the consent field is not a terminal field")
            answers.append(_consent(objects, raw[spec.pdf_name], spec))
        consent, note = either_box(answers)
    need = objects.resolve(acroform.get("/NeedAppearances")) is True
    by_pdf_name = {p.spec.pdf_name: key for key, p in form.fields.items()}
    drawn = frozenset(by_pdf_name.get(n, n) for n in _without_appearance(objects, all_fields))
    return Stored(values, consent, note, need, drawn)
