"""The stored side of a live form: field values, box states and whether pages show them.

These are the values a program reads (``/V``, ``/AS``); :mod:`pubrelease.parse` compares
them with what the page shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import DictionaryObject, StreamObject

from ..form.definition import FieldDef, Role
from ..form.template import Form
from ..pdf.acroform import array, terminal_fields
from ..pdf.objects import NotSure
from ..release import Consent

if TYPE_CHECKING:
    from .pdffile import PdfFile

__all__ = [
    "Stored",
    "catalog",
    "consent_boxes",
    "consent_from",
    "either_box",
    "stored_fields",
    "text_value",
]


def catalog(reader: PdfReader | PdfFile) -> Any:
    if not isinstance(reader, PdfReader):
        return reader.catalog
    return reader.trailer["/Root"].get_object()


def text_value(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


@dataclass(slots=True)
class Stored:
    values: dict[str, str | None]
    consent: Consent
    consent_note: str | None
    need_appearances: bool
    drawn_by_viewer: frozenset[str] = frozenset()
    """Fields with a widget that has no appearance stream: every viewer draws ``/V`` itself."""


def holds_form_fields(form: Form, fields: Mapping[str, object] | None) -> bool:
    """Whether ``fields`` (by fully qualified name) are the form's: its speaker's name
    and its consent are among them."""
    definition = form.definition
    probes = [
        f.pdf_name
        for f in (definition.by_role(Role.SPEAKER_NAME), definition.by_role(Role.CONSENT))
        if f is not None
    ]
    return bool(fields) and set(probes) <= set(fields or ())


def stored_fields(reader: PdfReader | PdfFile, form: Form) -> Stored | None:
    """The stored values of a live form with this form's fields, or ``None``.

    Fields are found by their PDF names; a file counts as a live form of ``form`` when it
    has the fields of the speaker's name and of the consent (where the form asks one).
    A file the fast reader opened is read from its plain values, the same reading
    (:mod:`.nodefields`), unless that is not sure to match pypdf's.
    """
    if not isinstance(reader, PdfReader):
        if reader.objects is not None:
            from .nodefields import stored_from_objects

            try:
                return cast("Stored | None", stored_from_objects(reader.objects, form))
            except NotSure:
                pass
        reader = reader.reader
    try:
        fields = reader.get_fields()
        if fields is None or not holds_form_fields(form, fields):
            return None
        return _stored(reader, form, fields)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None  # (a damaged form, a number where a field was: read from its pages)


def _stored(reader: PdfReader, form: Form, fields: dict[str, Any]) -> Stored:
    """:func:`stored_fields` of a file pypdf reads, its fields ``fields``."""
    consent_field = form.definition.by_role(Role.CONSENT)
    values: dict[str, str | None] = {}
    for name, plan in form.fields.items():
        if plan.spec.kind.boxes:
            continue
        values[name] = text_value(fields.get(plan.spec.pdf_name, {}).get("/V"))
    acroform = catalog(reader).get("/AcroForm")
    acroform = acroform.get_object() if acroform is not None else {}
    consent, note = Consent.NONE, None
    if consent_field is not None:
        raw = {n: f for n, _, f in terminal_fields(acroform.get("/Fields"))}
        answers = []
        for spec in consent_boxes(consent_field):
            if spec.pdf_name not in raw:  # its boxes turned into fields of their own
                from .sources import Unreadable  # (sources imports this module's readers)

                raise Unreadable(
                    f"the consent field {spec.pdf_name!r} is not a field of its own (its "
                    "boxes were made fields with names and values of their own): read the page"
                )
            answers.append(_stored_consent(raw[spec.pdf_name], spec))
        consent, note = either_box(answers)
    flag = acroform.get("/NeedAppearances")
    need = getattr(flag, "value", flag) is True  # pypdf's BooleanObject(False) is truthy
    by_pdf_name = {p.spec.pdf_name: key for key, p in form.fields.items()}
    drawn = frozenset(by_pdf_name.get(n, n) for n in _without_appearance(acroform))
    return Stored(values, consent, note, need, drawn)


def _without_appearance(acroform: Any) -> frozenset[str]:
    """Names of top-level fields with a widget whose ``/AP /N`` is missing or not a stream."""
    missing = set()
    for ref in array(acroform.get("/Fields")):
        field = ref.get_object()
        widgets = [k.get_object() for k in array(field.get("/Kids"))] or [field]
        for widget in widgets:
            normal = widget.get("/AP", {}).get("/N") if hasattr(widget.get("/AP"), "get") else None
            normal = normal.get_object() if normal is not None else None
            if not isinstance(normal, StreamObject | DictionaryObject):
                missing.add(str(field.get("/T", "")))
    return frozenset(missing)


def _stored_consent(consent: Any, spec: FieldDef) -> tuple[Consent, str | None]:
    shown: list[str] = []
    for kid in consent.get("/Kids", []) or [consent]:
        kid = kid.get_object()
        states = [s.lstrip("/") for s in kid.get("/AP", {}).get("/N", {}) if s != "/Off"]
        state = str(kid.get("/AS", "/Off")).lstrip("/")
        if state != "Off" and state in states:
            shown.append(state)
    return consent_from(str(consent.get("/V", "/Off")).lstrip("/"), shown, spec)


def consent_of(state: str, spec: FieldDef) -> Consent:
    """What ticking ``state`` of the consent field means (of its agree box's field, for a
    consent of two box fields: :func:`consent_boxes`)."""
    if state == spec.accept:
        return Consent.ACCEPT
    if state == spec.decline and not spec.decline_field:
        return Consent.DECLINE
    return Consent.NONE


def consent_boxes(spec: FieldDef) -> tuple[FieldDef, ...]:
    """The fields a consent is read from: its own, and the decline box of a consent
    given by two box fields."""
    declines = spec.decline_box()
    return (spec,) if declines is None else (spec, declines)


def either_box(answers: list[tuple[Consent, str | None]]) -> tuple[Consent, str | None]:
    """One consent from the answers of its fields (:func:`consent_boxes`): both boxes
    ticked, each in a field of its own, is both answers, as two boxes of one field are."""
    given = {c for c, _ in answers} - {Consent.NONE}
    consent = (
        Consent.BOTH if Consent.BOTH in given or len(given) > 1 else next(iter(given), Consent.NONE)
    )
    notes = [n for _, n in answers if n]
    return consent, "; ".join(notes) or None


def consent_from(value: str, shown: list[str], spec: FieldDef) -> tuple[Consent, str | None]:
    """The consent the boxes show (their ``/AS``), and a note when ``/V`` says otherwise."""
    meanings = {consent_of(s, spec) for s in shown} - {Consent.NONE}
    if {Consent.ACCEPT, Consent.DECLINE} <= meanings:
        return Consent.BOTH, None
    from_boxes = next(iter(meanings)) if meanings else Consent.NONE
    from_value = consent_of(value, spec)
    note = None
    if from_boxes is not from_value:
        boxes = shown[0] if shown else "none"
        note = f"consent: the stored value is {value!r} but the boxes show {boxes!r}"
    return from_boxes, note
