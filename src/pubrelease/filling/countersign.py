"""Countersigning a returned release: the conference's part, as one incremental update.

The speaker's file is kept byte for byte; one update appended to it fills the
countersigner's fields (``countersigner_signature``, ``countersign_date``, and
``countersigner_name`` when it was left empty) with values and appearance streams,
as a viewer filling those fields would. Nothing else changes, so the revision
analysis sees only countersigner fields filled after the speaker's revision.

A certificate countersignature (signing the result with a key) is a further step
applied to these bytes: :class:`Signer` is the place for it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Protocol

from pypdf import PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from ..errors import FieldValueError, PubreleaseError
from ..filling.appearance import ValueFonts, text_appearance
from ..form.definition import FieldKind
from ..form.registry import DEFAULT_FORM, load_form
from ..form.template import VALUE_FONT, Form
from ..release import format_date
from ..text import same_text

__all__ = ["CountersignError", "Countersignature", "Signer", "countersign", "countersign_drawing"]

SIGNATURE_FIELD = "countersigner_signature"
DATE_FIELD = "countersign_date"
NAME_FIELD = "countersigner_name"


class CountersignError(PubreleaseError, ValueError):
    """A return that cannot be countersigned as it is (named by file)."""


@dataclass(frozen=True, slots=True)
class Countersignature:
    """What the conference writes into its block."""

    name: str
    """The countersigner's name, typed into the signature box."""
    date: dt.date
    """The date beside the countersignature."""


class Signer(Protocol):
    """Signs finished PDF bytes (a certificate signature), returning the signed bytes."""

    def __call__(self, data: bytes) -> bytes: ...


def _field(fields: ArrayObject, name: str) -> DictionaryObject | None:
    """The top-level field whose ``/T`` is ``name``."""
    for ref in fields:
        node = ref.get_object()
        if isinstance(node, DictionaryObject) and node.get("/T") == name:
            return node
    return None


def _widgets(node: DictionaryObject) -> list[DictionaryObject]:
    if node.get("/Subtype") == "/Widget":
        return [node]
    return [k.get_object() for k in node.get("/Kids", ArrayObject())]


def _value_font(acroform: DictionaryObject, name_field: DictionaryObject | None) -> object:
    """The reference to the form's value font in the return, where ``fill`` put it."""
    fonts = acroform.get("/DR", DictionaryObject()).get_object().get("/Font", DictionaryObject())
    found = fonts.get_object().raw_get(f"/{VALUE_FONT}") if f"/{VALUE_FONT}" in fonts else None
    if found is not None:
        return found
    for widget in _widgets(name_field) if name_field is not None else []:
        ap = widget.get("/AP", DictionaryObject()).get_object().get("/N")
        if ap is None:
            continue
        res = ap.get_object().get("/Resources", DictionaryObject()).get_object()
        fonts = res.get("/Font", DictionaryObject()).get_object()
        if f"/{VALUE_FONT}" in fonts:
            return fonts.raw_get(f"/{VALUE_FONT}")
    return None


def countersign_drawing(form: Form, values: dict[str, str]) -> dict[str, list[bytes]] | None:
    """What :func:`countersign` draws for ``values`` (field to text, as it writes them):
    each field's widgets' appearance content, or ``None`` when it could not draw them."""
    try:
        fonts = ValueFonts.for_values(form, values)
        drawn: dict[str, list[bytes]] = {}
        for name, text in values.items():
            plan = form.fields.get(name)
            if plan is None:
                return None
            drawn[name] = [
                text_appearance(form, w.box, text, fonts, field=name)[0].encode("latin-1")
                for w in plan.widgets
            ]
    except (FieldValueError, KeyError, UnicodeEncodeError):
        return None
    return drawn


def countersign(
    data: bytes,
    signature: Countersignature,
    form: Form | str = DEFAULT_FORM,
    *,
    file: str | None = None,
    signer: Signer | None = None,
) -> bytes:
    """``data`` (a returned release) followed by an update that fills the countersigner's part.

    Raises :class:`CountersignError` naming ``file`` when the return has no live
    countersigner fields (flattened, scanned, another system's layout), is
    countersigned already, was issued for another countersigner, or no longer
    carries the value font. ``signer``, when given, signs the result.
    """
    form = load_form(form) if isinstance(form, str) else form
    try:
        writer = PdfWriter(io.BytesIO(data), incremental=True)
    except (PdfReadError, ValueError, OSError) as exc:
        raise CountersignError(f"cannot open the PDF: {exc}", file=file) from exc
    found = writer.root_object.get("/AcroForm")
    acroform = found.get_object() if found is not None else DictionaryObject()
    fields = acroform.get("/Fields")
    if fields is None:
        raise CountersignError("no form fields to fill (flattened or not ours)", file=file)
    fields = fields.get_object()
    nodes = {
        key: _field(fields, form.fields[key].spec.pdf_name) if key in form.fields else None
        for key in (SIGNATURE_FIELD, DATE_FIELD, NAME_FIELD)
    }
    signature_node = nodes[SIGNATURE_FIELD]
    if signature_node is None or nodes[DATE_FIELD] is None:
        raise CountersignError("the return has no countersigner fields", file=file)
    if signature_node.get("/V"):
        raise CountersignError("countersigned already", file=file)
    values = {SIGNATURE_FIELD: signature.name, DATE_FIELD: format_date(signature.date)}
    name_node = nodes[NAME_FIELD]
    issued_to = name_node.get("/V") if name_node is not None else None
    if issued_to:
        if not same_text(str(issued_to), signature.name):
            raise CountersignError(
                f"issued to be countersigned by {str(issued_to)!r}, not {signature.name!r}",
                file=file,
            )
    elif nodes[NAME_FIELD] is not None:
        values[NAME_FIELD] = signature.name
    font = _value_font(acroform, nodes[NAME_FIELD])
    if font is None:
        raise CountersignError("the form's value font is gone (rewritten by a tool)", file=file)
    try:
        fonts = ValueFonts.for_values(form, values)
    except FieldValueError as exc:
        raise CountersignError(exc.message, file=file) from exc
    if fonts.extra:
        raise CountersignError(
            "the name needs a font the return does not carry; countersign in Latin, Greek "
            "or Cyrillic letters",
            file=file,
        )
    for name, text in values.items():
        plan = form.fields.get(name)
        node = nodes[name]
        if plan is None or node is None or plan.spec.kind is FieldKind.CHOICE:
            raise CountersignError(f"form {form.id!r} has no text field {name}", file=file)
        node[NameObject("/V")] = TextStringObject(text)
        for widget, planned in zip(_widgets(node), plan.widgets, strict=False):
            try:
                content, _ = text_appearance(form, planned.box, text, fonts, field=name)
            except FieldValueError as exc:
                raise CountersignError(str(exc), file=file) from exc
            stream = DecodedStreamObject()
            stream.set_data(content.encode("latin-1"))
            stream.update(
                {
                    NameObject("/Type"): NameObject("/XObject"),
                    NameObject("/Subtype"): NameObject("/Form"),
                    NameObject("/BBox"): ArrayObject(
                        [FloatObject(v) for v in (0, 0, planned.box.width, planned.box.height)]
                    ),
                    NameObject("/Resources"): DictionaryObject(
                        {
                            NameObject("/Font"): DictionaryObject(
                                {NameObject(f"/{VALUE_FONT}"): font}
                            )
                        }
                    ),
                }
            )
            ref = writer._add_object(stream)
            widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ref})
    out = io.BytesIO()
    writer.write(out)
    result = out.getvalue()
    if not result.startswith(data):
        raise CountersignError("the update would not keep the speaker's bytes", file=file)
    return signer(result) if signer is not None else result
