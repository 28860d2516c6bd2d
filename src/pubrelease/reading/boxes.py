"""Reading a return of an imported form by geometry: each value where its widget stands.

An imported form's template is the conference's own PDF, so every return filled
from it (by pubrelease, by another tool, flattened or not) draws each value inside
its widget's rectangle. The text inside each rectangle is what the page shows for
that field; the text outside them is the wording, checked against the form's. A box
is ticked when its rectangle shows a check glyph, or clearly more ink than the
template's empty box.
"""

from __future__ import annotations

import functools

import numpy as np
import pypdfium2 as pdfium

from ..form.definition import FieldKind, Role
from ..form.template import FieldPlan, Form
from ..form.wording import PAGE_BREAK
from ..pdf.loadedpages import LoadedPages
from ..pdf.marks import Mark, mark_from_glyphs
from ..pdf.pagespace import render_upright
from ..pdf.pagetext import ink_in, read_regions
from ..record import Record, Severity, Source
from ..release import Consent
from .cutvalues import cut_value_findings
from .history import RevisionReport
from .issued import issuance
from .pdffile import PdfFile
from .signedchanges import SignedJudgement
from .sources import (
    MIN_WORDING,
    Evidence,
    Unreadable,
    check_history_and_wording,
    combine,
    make_record,
    settle_consent,
    wording_for,
)
from .storedfields import Stored, consent_of, stored_fields
from .trust import TrustRoots

__all__ = ["read_by_boxes"]

Rect = tuple[float, float, float, float]
SCALE = 3.0
"""Pixels per point when a box is judged by its ink."""


def _inner(rect: Rect) -> Rect:
    x0, y0, x1, y1 = rect
    dx, dy = (x1 - x0) * 0.2, (y1 - y0) * 0.2
    return (x0 + dx, y0 + dy, x1 - dx, y1 - dy)


def _ink_ratio(pages: LoadedPages, page: int, rect: Rect) -> float:
    """The share of the pixels of ``rect``'s inner part darker than 140 (ink)."""
    pixels = render_upright(pages[page], SCALE, _inner(rect))
    return int(np.count_nonzero(pixels < 140)) / (pixels.size or 1)


@functools.lru_cache(maxsize=8)
def _template_ink(form: Form) -> dict[int, float]:
    """How much ink each box widget of the blank template shows (its empty look)."""
    doc = pdfium.PdfDocument(form.template)
    try:
        regions: dict[int, list[Rect]] = {}
        for plan in form.every_plan():
            for w in plan.widgets:
                regions.setdefault(w.box.page, []).append(w.box.rect)
        with LoadedPages(doc) as pages:
            read_regions(pages, regions, flatten=True, max_pages=len(doc))
            return {
                w.number: _ink_ratio(pages, w.box.page, w.box.rect)
                for plan in form.every_plan()
                if plan.spec.kind.boxes or plan.spec.kind is FieldKind.SIGNATURE
                for w in plan.widgets
            }
    finally:
        doc.close()


def _box_mark(pages: LoadedPages, glyphs: str, page: int, rect: Rect, blank: float) -> Mark:
    mark = mark_from_glyphs(glyphs)
    if mark in (Mark.CHECKED, Mark.EMPTY):
        return mark
    extra = _ink_ratio(pages, page, rect) - blank
    if extra >= 0.06:
        return Mark.CHECKED
    if extra <= 0.015:
        return Mark.EMPTY
    return Mark.UNSURE


def read_by_boxes(
    name: str,
    data: bytes,
    form: Form,
    reader: PdfFile,
    pages: LoadedPages,
    original: bytes,
    trust: TrustRoots | None,
    early: tuple[RevisionReport, SignedJudgement | None] | None,
) -> tuple[Record, SignedJudgement | None]:
    """The record of a return of an imported form (see the module's docstring), and its
    certificate signatures as judged (``trust``, ``early``: as for
    :func:`.sources.check_history_and_wording`) on ``original``, the file as it came
    (``data``: the copy read for what its pages show, a signature's stamp taken off;
    ``pages``: its pages, loaded to be shared)."""
    evidence = Evidence()
    stored = stored_fields(reader, form)
    order: list[tuple[str, int, int]] = []  # (field key, widget number, page) per region
    regions: dict[int, list[Rect]] = {}
    for plan in form.every_plan():  # (the decline box of a consent of two fields too)
        key = plan.spec.name
        for w in plan.widgets:
            if w.box.page >= len(pages):
                raise Unreadable(f"not a release of {form.id}: it has fewer pages than the form")
            regions.setdefault(w.box.page, []).append(w.box.rect)
            order.append((key, w.number, w.box.page))
    read = read_regions(pages, regions, flatten=stored is not None, max_pages=len(pages))
    inside: dict[int, str] = {}
    per_page = {p: 0 for p in regions}
    for _, number, page in order:
        inside[number] = read[page].inside[per_page[page]]
        per_page[page] += 1
    text = PAGE_BREAK.join(p.outside.text for p in read)
    wording = wording_for(form)
    script = wording.read(text)
    if stored is None and script.found < MIN_WORDING * script.pieces:
        if not text.strip():
            raise Unreadable("no text on the pages (a scan?); OCR is not available")
        raise Unreadable(f"not a release: the wording of {form.id} was not found")
    # the form's own geometry was found, so values are read where its widgets stand
    source = Source.FIELDS if stored is not None else Source.FLATTENED
    signed = check_history_and_wording(
        original, form, text, script, evidence, trust=trust, reader=reader, early=early
    )
    evidence.findings.extend(cut_value_findings(form, [p.outside for p in read]))

    visible: dict[str, list[str | None]] = {}
    for key, plan in form.fields.items():
        if not plan.spec.kind.boxes:
            visible[key] = [inside[w.number] or None for w in plan.widgets]
    values = combine(form, stored, visible, evidence)
    consent = _consent(pages, form, inside, stored, evidence)
    for key, plan in form.fields.items():  # extra box fields: the state that shows
        if plan.spec.kind.boxes and plan.spec.role is Role.EXTRA:
            blank = _template_ink(form)
            ticked = [
                w.box.state
                for w in plan.widgets
                if _box_mark(pages, inside[w.number], w.box.page, w.box.rect,
                             blank.get(w.number, 0.0)) is Mark.CHECKED
            ]  # fmt: skip
            values[key] = ", ".join(s for s in ticked if s) or None
    release_id = issuance(reader, form, values, evidence.findings)
    ink = tuple(
        values.get(role.value) is None and _signature_ink(pages, form, role)
        for role in (Role.SIGNATURE, Role.COUNTERSIGNER_SIGNATURE)
    )
    record = make_record(
        name, form, source, values, consent, evidence, release_id, ink=(ink[0], ink[1])
    )
    return record, signed


def _signature_ink(pages: LoadedPages, form: Form, role: Role) -> bool:
    """An image or a pen stroke in the signature's box that the blank template lacks."""
    plan = form.fields.get(role.value)
    if plan is None:
        return False
    blank = _template_ink(form)
    return any(
        ink_in(pages, w.box.page, w.box.rect)
        and _ink_ratio(pages, w.box.page, w.box.rect) - blank.get(w.number, 0.0) >= 0.01
        for w in plan.widgets
    )


def _box_name(consent: FieldPlan, box: FieldPlan, state: str | None) -> str:
    """A consent's box as a person names it: its state, or its field's name for a consent
    of two box fields (each box's state is often "Yes")."""
    return str(state) if consent.decline is None else repr(box.spec.pdf_name)


def _consent(
    pages: LoadedPages,
    form: Form,
    inside: dict[int, str],
    stored: Stored | None,
    evidence: Evidence,
) -> Consent:
    plan = form.fields.get(Role.CONSENT.value)
    if plan is None:
        return Consent.NONE
    blank = _template_ink(form)
    checked: set[Consent] = set()
    for box, w in ((b, w) for b in plan.with_decline() for w in b.widgets):
        mark = _box_mark(pages, inside[w.number], w.box.page, w.box.rect, blank.get(w.number, 0.0))
        meaning = consent_of(w.box.state or "", box.spec)
        if mark is Mark.UNSURE:
            evidence.add(
                "consent-unsure",
                Severity.WARNING,
                f"cannot tell whether the {_box_name(plan, box, w.box.state)} box is checked",
            )
        elif mark is Mark.CHECKED and meaning is not Consent.NONE:
            checked.add(meaning)
    return settle_consent(checked, stored, evidence)
