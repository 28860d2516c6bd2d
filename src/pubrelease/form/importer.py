"""Importing a conference's own fillable PDF as a form definition.

The template is kept byte for byte; each field gets its kind and a proposed
:class:`~pubrelease.form.definition.Role`, guessed from the field's name, its
tooltip and the words printed nearest to it, with a confidence; the pages' text
(outside the fields) becomes the wording that returns are checked against. A
person reviews the mapping (``pubrelease form import`` prints it) and overrides a
guess with ``--map ROLE=FIELD``.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from ..errors import FormDefinitionError
from ..files import write_atomic
from ..pdf.pagetext import Line, read_regions
from .definition import DEFAULT_PARTY, EXTRA_NAME, FieldKind, Party, Role
from .imported import PdfField, pdf_fields
from .roles import Guess, dedupe, guess, label_of, place_dates, slug, split_consent

__all__ = ["Guess", "ImportedDefinition", "import_form", "write_form"]


@dataclass(frozen=True, slots=True)
class ImportedDefinition:
    """An imported form: its definition text, the template's bytes and the guesses."""

    form_id: str
    toml: str
    template: bytes
    guesses: tuple[Guess, ...]
    skipped: tuple[str, ...]
    """Fields left out (push buttons, certificate signature fields, fields on no page)."""

    def mapping(self) -> str:
        """The mapping as a person reviews it: one line a field."""
        lines = [f"form {self.form_id}: {len(self.guesses)} fields"]
        for g in self.guesses:
            declines = f"{g.decline_field}={g.decline}" if g.decline_field else g.decline
            detail = f" (accept={g.accept}, decline={declines})" if g.accept or g.decline else ""
            lines.append(
                f"  {g.key:<24} <- {g.field!r} [{g.kind.value}] "
                f"confidence {g.confidence:.2f}: {g.why}{detail}"
            )
        lines.extend(f"  (left out) {s}" for s in self.skipped)
        return "\n".join(lines)


_STATES = ("accept", "decline")
"""``--map`` keys that name the consent field's states, not fields."""


def _override(guesses: list[Guess], overrides: Mapping[str, str], known: set[str]) -> list[Guess]:
    fields = {k: v for k, v in overrides.items() if k not in _STATES}
    out = _override_fields(guesses, fields, known)
    states = {k: v for k, v in overrides.items() if k in _STATES}
    if not states:
        return out
    given = " ".join(f"--map {k}={v}" for k, v in states.items())
    at = next((i for i, g in enumerate(out) if g.key == Role.CONSENT.value), None)
    if at is None:
        raise FormDefinitionError(f"{given}: no field is the consent (--map consent=FIELD)")
    consent = out[at]
    for key, state in states.items():
        if state not in consent.states:
            raise FormDefinitionError(
                f"--map {key}={state}: {consent.field!r} has no state {state!r} "
                f"(states: {', '.join(consent.states)})"
            )
    accept, decline = states.get("accept"), states.get("decline")
    if decline is not None and len(consent.states) == 1:
        raise FormDefinitionError(
            f"--map decline={decline}: {consent.field!r} is a box of one state, which "
            "accepts (a box of its own beside it that declines is found by its label)"
        )
    others = [s for s in consent.states if s not in states.values()]
    if accept is None:  # (the other state of two)
        accept = others[0] if len(others) == 1 else None
    if decline is None:
        decline = others[0] if len(others) == 1 and len(consent.states) == 2 else None
    if accept is None or accept == decline:
        raise FormDefinitionError(f"{given}: say which state accepts (--map accept=STATE)")
    why = f"a {consent.kind.value} whose states --map gives as accept={accept}, decline={decline}"
    out[at] = dataclasses.replace(consent, accept=accept, decline=decline, confidence=1.0, why=why)
    return out


def _override_fields(
    guesses: list[Guess], overrides: Mapping[str, str], known: set[str]
) -> list[Guess]:
    out = list(guesses)
    for key, field in overrides.items():
        if field not in known:
            raise FormDefinitionError(f"--map {key}={field}: the PDF has no field {field!r}")
        if Role.of_key(key) is Role.EXTRA and not EXTRA_NAME.match(key):
            raise FormDefinitionError(f"--map {key}={field}: not a role or an extra value's key")
        for i, g in enumerate(out):
            if g.key == key and g.field != field:
                why = f"--map gave {key} to {field!r}"
                out[i] = dataclasses.replace(g, key=slug(g.field), why=why, accept=None,
                                             decline=None)  # fmt: skip
        for i, g in enumerate(out):
            if g.field == field:
                kind = g.kind
                if key.endswith("date"):
                    kind = FieldKind.DATE
                elif key.endswith("signature") and kind is FieldKind.TEXT:
                    kind = FieldKind.SIGNATURE
                out[i] = Guess(field, key, kind, 1.0, "--map", g.states, g.accept, g.decline,
                               g.label)  # fmt: skip
    return out


def _wording(data: bytes, fields: list[PdfField]) -> tuple[list[str], list[Line]]:
    """The pages' text outside the fields, and its lines."""
    regions: dict[int, list[tuple[float, float, float, float]]] = {}
    for f in fields:
        for w in f.widgets:
            regions.setdefault(w.page, []).append(w.rect)
    doc = pdfium.PdfDocument(data)
    try:
        pages = read_regions(doc, regions, flatten=True, max_pages=len(doc))
    finally:
        doc.close()
    texts = [p.outside.text for p in pages]
    lines = [ln for p in pages for ln in p.outside.lines]
    return texts, lines


def _box_labels(data: bytes, fields: list[PdfField]) -> dict[str, dict[str, str]]:
    """Per box field, each box's label by its state: the export value ``/Opt`` gives its
    widget, and the words the page prints right of the box on its row, up to the next
    box ("I agree", "I do not agree": two labels of one line told apart)."""
    boxes = [w for f in fields for w in f.widgets if f.kind is not None and f.kind.boxes]
    out: dict[str, dict[str, str]] = {}
    doc = pdfium.PdfDocument(data)
    pages: dict[int, tuple[pdfium.PdfPage, pdfium.PdfTextPage]] = {}  # (each loaded once)
    try:
        for field in fields:
            if field.kind is None or not field.kind.boxes:
                continue
            labels = out.setdefault(field.name, {})
            for index, w in enumerate(field.widgets):
                if w.on_state is None:
                    continue
                _, y0, x1, y1 = w.rect
                middle = (y0 + y1) / 2
                after = [
                    o.rect[0] for o in boxes
                    if o.page == w.page and o.rect[0] >= x1 and o.rect[1] <= middle <= o.rect[3]
                ]  # fmt: skip
                if w.page not in pages:
                    page = doc[w.page]
                    pages[w.page] = (page, page.get_textpage())
                page, text = pages[w.page]
                page_right = float(page.get_width()) * 2  # (a rotated or odd box)
                shown = text.get_text_bounded(x1, y0 - 2, min(after, default=page_right), y1 + 2)
                words = [field.options[index]] if index < len(field.options) else []
                labels[w.on_state] = " ".join([*words, " ".join(shown.split())]).strip()
    finally:
        for page, text in pages.values():
            text.close()
            page.close()
        doc.close()
    return out


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _party(key: str) -> Party:
    role = Role.of_key(key)
    return DEFAULT_PARTY.get(role, Party.ISSUER)


def import_form(
    source: str | Path | bytes,
    form_id: str,
    *,
    overrides: Mapping[str, str] | None = None,
    title: str | None = None,
) -> ImportedDefinition:
    """Read a fillable PDF and propose its definition (see the module's docstring).

    Raises :class:`FormDefinitionError` for a PDF that is not a fillable form (no fields,
    XFA only, encrypted) or that lacks a field for the speaker's name, the event's title
    or its date after the overrides.
    """
    name = "<bytes>" if isinstance(source, bytes) else str(source)
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,63}", form_id):
        raise FormDefinitionError(
            "a form id is lower case letters, digits, '.', '_' or '-' (e.g. neurips-2026)",
            field="id",
        )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise FormDefinitionError("encrypted: remove the password first", file=name)
        root: Any = reader.trailer["/Root"].get_object()
        acroform = root.get("/AcroForm")
        acroform = acroform.get_object() if acroform is not None else {}
        fields = pdf_fields(reader)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise FormDefinitionError(f"not a readable PDF: {exc}", file=name) from exc
    fillable = [f for f in fields if f.widgets and f.kind is not None]
    if not fillable:
        if "/XFA" in acroform:
            raise FormDefinitionError(
                "an XFA-only form: pubrelease fills AcroForm fields; export the form from its "
                "designer as a standard (AcroForm) PDF",
                file=name,
            )
        raise FormDefinitionError("not a fillable form: the PDF has no form fields", file=name)
    skipped = [
        f"{f.name!r}: {'a push button' if f.kind is None else 'on no page'}"
        for f in fields
        if f not in fillable
    ]
    certificate = [f for f in fillable if f.type == "Sig"]
    skipped += [f"{f.name!r}: a certificate signature field" for f in certificate]
    fillable = [f for f in fillable if f.type != "Sig"]
    texts, lines = _wording(data, fillable)
    by_name = {f.name: f for f in fillable}
    box_labels = _box_labels(data, fillable)
    guesses = [guess(f, label_of(f, lines), box_labels.get(f.name, {})) for f in fillable]
    guesses = _override(dedupe(place_dates(guesses, by_name)), overrides or {}, set(by_name))
    mapped = frozenset(v for k, v in (overrides or {}).items() if k not in _STATES)
    guesses = split_consent(guesses, by_name, box_labels, mapped)
    keys = {g.key for g in guesses}
    missing = [r.value for r in (Role.SPEAKER_NAME, Role.EVENT_TITLE, Role.EVENT_DATE)
               if r.value not in keys]  # fmt: skip
    if missing:
        found = ", ".join(f"{g.field!r} ({g.key})" for g in guesses)
        raise FormDefinitionError(
            f"no field found for {', '.join(missing)}; name them with --map ROLE=FIELD "
            f"(fields: {found})",
            file=name,
        )
    consent = next((g for g in guesses if g.key == Role.CONSENT.value), None)
    if consent is not None and consent.accept is None:
        raise FormDefinitionError(
            f"cannot tell which box of {consent.field!r} accepts and which declines "
            f"(states: {', '.join(consent.states)}): give them with --map accept=STATE "
            "(and --map decline=STATE)",
            file=name,
        )
    first = reader.pages[0].mediabox
    toml = _definition(form_id, title or form_id, (float(first.width), float(first.height)),
                       guesses, texts)  # fmt: skip
    return ImportedDefinition(form_id, toml, data, tuple(guesses), tuple(skipped))


def _definition(
    form_id: str,
    title: str,
    size: tuple[float, float],
    guesses: list[Guess],
    texts: list[str],
) -> str:
    out = [
        f"# Imported by `pubrelease form import`: {title}.",
        "# template.pdf beside this file is the conference's own PDF, kept byte for byte.",
        "# Review each field's role (its key) and confidence; fix one with --map ROLE=FIELD.",
        "",
        f"id = {_toml_string(form_id)}",
        f"title = {_toml_string(title)}",
        'template = "template.pdf"',
        f"page_size = [{size[0]:g}, {size[1]:g}]",
        "",
    ]
    for g in guesses:
        out.append(f"[fields.{g.key}]")
        out.append(f"pdf_name = {_toml_string(g.field)}")
        out.append(f'kind = "{g.kind.value}"')
        out.append(f'party = "{_party(g.key).value}"')
        if g.states:
            out.append(f"states = [{', '.join(_toml_string(s) for s in g.states)}]")
        if g.key == Role.CONSENT.value:
            out.append(f"accept = {_toml_string(g.accept or '')}")
            if g.decline is not None:
                out.append(f"decline = {_toml_string(g.decline)}")
            if g.decline_field:  # (the decline box, a field of its own: decline its state)
                out.append(f"decline_field = {_toml_string(g.decline_field)}")
        if g.label:
            out.append(f"label = {_toml_string(g.label)}")
        out.append(f"confidence = {g.confidence:.2f}")
        out.append(f"# {g.why}")
        out.append("")
    for text in texts:
        out.append("[[pages]]")
        out.append(f"text = {_toml_string(text)}")
        out.append("")
    return "\n".join(out)


def write_form(imported: ImportedDefinition, folder: Path, *, overwrite: bool = False) -> Path:
    """Write ``form.toml`` and the template, byte for byte, into ``folder/<id>/``."""
    target = folder / imported.form_id
    target.mkdir(parents=True, exist_ok=True)
    write_atomic(target / "template.pdf", imported.template, overwrite=overwrite)
    write_atomic(target / "form.toml", imported.toml.encode("utf-8"), overwrite=overwrite)
    return target / "form.toml"
