"""The record of a return proved to show the form's pages with its values in their boxes
(:mod:`.provenfill`: filled by another program), proved to be the file ``fill`` writes
for its issuance record's values (:mod:`.refilled`: re-saved whole, or flattened), or
proved to be the form's pages with its widgets' appearances drawn in (:mod:`.drawnfill`:
flattened by another program): read from its widgets, ``fill``'s or the drawings, and
its objects, with no page read into text.

The checks of the file itself run as on the general path (its revisions and what changed
in them, its issuance record, the boxes viewers read each their own way, the fonts' maps);
the checks of what its pages show have nothing left to find there. A file with a
certificate signature is read so when its signatures' widgets draw nothing or their stamps
are taken off the pages read (:mod:`.signedwidgets`), and its values proved drawn by
widgets of the form's: what each signature covers is judged from its revisions as on the
general path (:func:`.signedread.apply_signed`, by the caller).
"""

from __future__ import annotations

import functools

from ..form.definition import FieldDef, Role
from ..form.template import Form
from ..pdf.loadedpages import LoadedPages
from ..pdf.pagefonts import check_fonts
from ..record import Record, Severity, Source
from ..release import Consent, Release
from .cutvalues import clipped
from .drawnfill import drawn_fill
from .history import RevisionReport
from .issued import issuance
from .pdffile import PdfFile
from .printmaps import layer_findings
from .provenfill import ProvenFill, proven_fill
from .provenprint import proven_print
from .refilled import refilled
from .shownwords import font_map_findings
from .signedchanges import SignedJudgement
from .signedwidgets import signature_widgets
from .sources import (
    Evidence,
    check_history_and_wording,
    combine,
    make_record,
    settle_consent,
    wording_for,
)
from .stamps import Stamp, stamp_findings
from .storedfields import Stored, consent_of
from .trust import TrustRoots
from .viewerboxes import viewer_disagreements
from .viewerdrawn import viewer_drawn

__all__ = ["read_proven"]


def read_proven(
    name: str,
    data: bytes,
    form: Form,
    reader: PdfFile,
    pages: LoadedPages,
    stored: Stored | None,
    expected: Release | None = None,
    trust: TrustRoots | None = None,
    early: tuple[RevisionReport, SignedJudgement | None] | None = None,
    stamps: tuple[Stamp, ...] = (),
    seen: bytes | None = None,
) -> Record | None:
    """The record of ``data`` (opened by the fast reader as ``reader``, its pages loaded
    as ``pages``, its fields read as ``stored``: None when it has none), when it is
    proved to be the form's pages with its values drawn in their boxes; None for the
    general path to read. ``early``: its history and signatures, read before its pages;
    ``stamps``: the stamps of its signatures taken off ``seen``, the copy ``pages`` are
    of (:mod:`.stamps`). Its signatures are the caller's to join to the record."""
    objects = reader.objects
    judged = early[1] if early else None
    if objects is None or reader.ambiguous is not None:
        return None
    source = Source.FIELDS
    max_pages = len(form.pages)  # (every page of the file: it has the form's, no more)
    # (the fonts checked once, when first asked for)
    fonts = functools.cache(
        lambda: check_fonts(lambda: reader.reader, max_pages=max_pages, objects=objects)
    )

    # (a signature's widget that draws nothing, or its stamp taken off the pages: .signedwidgets)
    passed = None if judged is None else signature_widgets(judged, stamps)
    # (fill's own file saved again whole, its values as issued: proved whole, first)
    again = None if judged is not None else refilled(form, objects, pages, stored)
    proven = (
        None
        if stored is None or again is not None
        else proven_fill(form, objects, data, pages, stored, fonts, passed, seen)
    )
    if proven is None and judged is not None:
        return None  # (the general path reads a signed file the other proofs do not know)
    if again is not None:
        reading = again.reading
        ticked = (state for state, now in reading.states.items() if now == state)
        proven = ProvenFill(reading.visible, frozenset(ticked))
        source = Source.FLATTENED if again.flattened else Source.FIELDS
    elif proven is None and stored is None:  # (flattened by another program, or printed)
        proven = drawn_fill(form, objects, data, pages)
        if proven is None:
            proven = proven_print(form, objects, data, pages, fonts, lambda: reader.reader)
        source = Source.FLATTENED
    if proven is None:
        return None
    evidence = Evidence()
    signed = check_history_and_wording(
        data,
        form,
        None,
        None,
        evidence,
        trust=trust,
        reader=reader,
        pages_compared=True,
        early=early,
        stamped=frozenset(s.field for s in stamps),
    )
    if signed is not None and judged is None:
        return None  # (signatures found late, not looked for first: the general path's)
    # (read from their proved glyphs where the text layer reads them otherwise)
    glyphs = {name: layer for name, _, layer in proven.misread}
    values = combine(form, stored, proven.visible, evidence, from_glyphs=glyphs)
    if stored is not None:  # (values with no appearance of their own: each viewer's)
        evidence.findings.extend(viewer_drawn(form, stored))
    spec = form.definition.by_role(Role.CONSENT)
    consent = Consent.NONE
    if spec is not None:
        checked = {consent_of(state, spec) for state in proven.checked}
        _unsure(form, spec, proven.undrawn, evidence)
        consent = settle_consent(checked, stored, evidence)
    release_id = issuance(reader, form, values, evidence.findings)
    # (as the general path says them: values cut at their box's edge, boxes not shown)
    evidence.findings.extend(clipped(name, [page + 1], *shown) for name, page, *shown in proven.cut)
    # (boxes whose text layer reads their proved glyphs otherwise: .printmaps)
    misread: dict[str, tuple[list[int], list[str]]] = {}
    for field, page, layer in proven.misread:
        on, readings = misread.setdefault(field, ([], []))
        on.append(page)
        readings.append(layer)
    evidence.findings.extend(layer_findings(misread, values.get))
    for page, state in proven.undrawn:
        evidence.add(
            "consent-unsure", Severity.WARNING, f"page {page + 1}: the {state} box does not show"
        )
    evidence.findings.extend(viewer_disagreements(reader, max_pages, form, True, proved=True))
    # (what each signature's stamp taken off the pages stands over: the form's own pages)
    named = [v for k, v in values.items() if v and k.endswith(("name", "signature"))]
    evidence.findings.extend(
        stamp_findings(stamps, form, (), {p: p for p in range(max_pages)}, named)
    )
    evidence.findings.extend(font_map_findings(fonts().lies))
    return make_record(name, form, source, values, consent, evidence, release_id, expected=expected)


def _unsure(
    form: Form, spec: FieldDef, undrawn: tuple[tuple[int, str], ...], evidence: Evidence
) -> None:
    """The general path's finding on consent boxes drawn as nothing (pdftk's flattening,
    PyMuPDF's fill: the decline box beside the agree box ticked,
    :func:`.provenfill.undrawn_as_known`): unsure whether each is checked."""
    labels = wording_for(form).labels
    for _, state in undrawn:
        evidence.add(
            "consent-unsure",
            Severity.WARNING,
            f"cannot tell whether the {labels[(spec.name, state)].text} box is checked",
        )
