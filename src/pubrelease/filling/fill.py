"""Filling a release: the template's bytes, untouched, plus one incremental update.

The update replaces the field and widget objects with ones that hold the values,
adds an appearance stream per widget (so every viewer shows the values without
regenerating them), fonts for scripts the template lacks, and an issuance record
(``/PubRelease`` in the catalog: the form, the ``release_id``, the values issued
and their SHA-256 digest). ``flatten=True`` instead draws the appearances into
the pages and removes the form, keeping the issuance record.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from ..errors import FieldValueError
from ..form.definition import FieldDef
from ..form.registry import DEFAULT_FORM, load_form
from ..form.template import FieldPlan, Form
from ..pdf.writer import write_update
from ..release import Consent, Release, format_date
from .appearance import ValueFonts, text_appearance
from .inkbox import breaking_anywhere
from .issuance import Issued, issued_values, new_release_id, record_body
from .recurring import recurring_appearances

__all__ = ["field_text", "fill"]


def _resolve_form(form: Form | str) -> Form:
    return load_form(form) if isinstance(form, str) else form


def _state(spec: FieldDef, value: object) -> str | None:
    """The on-state a box field shows for ``value`` (a consent, or an extra's state name)."""
    if isinstance(value, Consent):
        if value is Consent.NONE:
            return None
        state = spec.accept if value is Consent.ACCEPT else spec.decline
        if state is None:
            raise FieldValueError(f"the form has no {value.value!r} box", field=spec.name)
        return state
    if value is None:
        return None
    if value not in spec.states:
        raise FieldValueError(
            f"{value!r} is not one of the boxes {', '.join(spec.states)}", field=spec.name
        )
    return str(value)


def _box_states(
    plan: FieldPlan, state: str | None, value: object
) -> tuple[tuple[FieldPlan, str | None], ...]:
    """Each box field of ``plan`` with the on-state it shows: of a consent given by two
    box fields, the agree box's field ticked to accept, the decline box's to decline."""
    if plan.decline is None:
        return ((plan, state),)
    accept = plan.spec.accept if value is Consent.ACCEPT else None
    decline = plan.decline.spec.decline if value is Consent.DECLINE else None
    return ((plan, accept), (plan.decline, decline))


def field_text(form: Form, release: Release) -> tuple[dict[str, str], dict[str, str | None]]:
    """The text each text field shows, and the on-state of each box field."""
    texts: dict[str, str] = {}
    states: dict[str, str | None] = {}
    for name, plan in form.fields.items():
        value = release.value(name)
        if plan.spec.kind.boxes:
            states[name] = _state(plan.spec, value)
        elif value is not None:
            texts[name] = format_date(value) if isinstance(value, dt.date) else str(value)
    for name in (*Release.field_names(), *release.extra):
        if name in ("release_id",) or name in form.fields:
            continue
        if release.value(name) not in (None, Consent.NONE):
            raise FieldValueError(f"form {form.id!r} has no such field", field=name)
    return texts, states


def fill(
    release: Release,
    form: Form | str = DEFAULT_FORM,
    *,
    flatten: bool = False,
    today: dt.date | None = None,
) -> bytes:
    """The filled release as PDF bytes.

    Values absent from ``release`` stay empty for the speaker to fill, except the
    effective date (``today``, default the current date) and the countersigner's
    name (the form's default). A value the form cannot take raises
    :class:`~pubrelease.errors.FieldValueError` naming the field.
    """
    form = _resolve_form(form)
    default_signer = (
        form.fields["countersigner_name"].spec.default
        if "countersigner_name" in form.fields
        else None
    )
    dated = "effective_date" in form.fields
    release = release.with_defaults(
        today=(today or dt.date.today()) if dated else None,
        countersigner_name=default_signer,
        release_id=release.release_id or new_release_id(),
    )
    assert release.release_id is not None
    texts, states = field_text(form, release)
    recurring: dict[str, tuple[bytes, ...]] = {}
    """Fields whose appearance streams are made already (values in the template's font)."""
    now = not breaking_anywhere()
    for name, value in texts.items():
        if (found := recurring_appearances(form, name, value, now)) is not None:
            recurring[name] = found
    fonts = ValueFonts.for_values(form, {k: v for k, v in texts.items() if k not in recurring})

    objects: dict[int, bytes] = form.base_objects()
    next_number = form.first_free
    font_numbers: dict[str, int] = {"PRF0": form.VALUE_FONT_OBJ}
    for key, font in fonts.extra.items():
        font_numbers[key] = next_number
        bodies = font.pdf_objects(next_number)
        for offset, body in enumerate(bodies):
            objects[next_number + offset] = body
        next_number += len(bodies)

    shown: dict[int, int] = {}
    """Widget object number to the appearance stream it shows now."""
    for name, field_plan in form.fields.items():
        if field_plan.spec.kind.boxes:
            for plan, state in _box_states(field_plan, states.get(name), release.value(name)):
                for widget in plan.widgets:
                    look = form.box_look(widget, widget.box.state == state)
                    if look:
                        shown[widget.number] = look
                    if not flatten:
                        objects[widget.number] = form.widget(plan, widget, state=state)
                if not flatten:
                    objects[plan.number] = form.field(plan, state)
            continue
        plan = field_plan
        text = texts.get(name)
        if text is None:
            continue
        made = recurring.get(name)
        for index, widget in enumerate(plan.widgets):
            if made is not None:
                objects[next_number] = made[index]
            else:
                content, used = text_appearance(form, widget.box, text, fonts, field=name)
                objects[next_number] = form.form_xobject(
                    widget.box.width,
                    widget.box.height,
                    content,
                    {k: font_numbers[k] for k in sorted(used)},
                )
            shown[widget.number] = next_number
            if not flatten and not plan.merged:
                objects[widget.number] = form.widget(plan, widget, ap=next_number)
            next_number += 1
        if not flatten:
            locked = plan.spec.locked
            ap = shown[plan.widgets[0].number] if plan.merged else None
            objects[plan.number] = form.field(plan, text, locked=locked, ap=ap)

    values = release.values()
    digest, values_json = issued_values(form.id, values)
    record = next_number
    next_number += 1
    objects[record] = record_body(Issued(form.id, release.release_id, digest, values_json, flatten))
    objects[form.CATALOG] = form.catalog(release=record, acroform=not flatten)

    if flatten:
        for page in form.pages:
            draws: list[str] = []
            xobjects: list[str] = []
            for plan in form.every_plan():
                for widget in plan.widgets:
                    if widget.page != page.number or widget.number not in shown:
                        continue
                    x0, y0 = widget.box.rect[0], widget.box.rect[1]
                    xobjects.append(f"/W{widget.number} {shown[widget.number]} 0 R")
                    draws.append(f"q 1 0 0 1 {x0:.3f} {y0:.3f} cm /W{widget.number} Do Q")
            objects[next_number] = form.content_stream("\n".join(draws).encode("latin-1"))
            objects[page.number] = form.page(
                page, extra_contents=next_number, xobjects=" ".join(xobjects)
            )
            next_number += 1

    update_id = hashlib.md5(f"{release.release_id}{digest}".encode()).hexdigest().upper()
    return write_update(form.template, form.trailer, objects, update_id=update_id)
