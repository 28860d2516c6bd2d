"""Reading one returned PDF into a :class:`Record`, every value from every source it has.

Sources: the stored field values (``/V``, ``/AS``), what the page shows (widget
appearances drawn into the page, read by PDFium in reading order), the running
text around the agreement's wording, and the issuance record ``fill`` embedded.
Disagreements between them are findings. Nothing here decides a status:
:func:`pubrelease.verify.verify` applies the rules to what was read, once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
from dataclasses import dataclass, field, replace
from typing import IO

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from ..dates import AmbiguousDateError, DateOrder, format_date, infer_order
from ..files import read_regular
from ..form.definition import Party, Role
from ..form.registry import DEFAULT_FORM, load_form
from ..form.template import Form
from ..form.wording import Script, Wording, squash
from ..pdf.inflation import InflationLimit, check_inflation
from ..pdf.marks import Mark, mark_from_glyphs, mark_from_pixels
from ..pdf.pagetext import PageText, ink_in, read_pages
from ..pdf.scanned import ScannedPage, scanned_pages
from ..reading.audittrail import split_audit_trail
from ..reading.furniture import strip_furniture
from ..reading.history import RevisionReport, analyse_revisions
from ..reading.issued import check_issuance, issuance, same_value
from ..reading.quickread import QuickReading, quick_read
from ..reading.signedchanges import SignedJudgement
from ..reading.signedread import apply_signed, read_signed
from ..reading.storedfields import Stored, catalog, consent_from, consent_of, stored_fields
from ..reading.trust import TrustRoots
from ..reading.visual import visual_findings
from ..record import AuditTrail, Finding, Record, Severity, Source, ValueEvidence, ValueSource
from ..release import Consent, Release, parse_date
from ..text import same_text

__all__ = ["read", "read_input"]

MIN_WORDING = 0.5
"""Share of the wording's pieces that must be found for a file to count as a release."""
MAX_PAGES = 200
"""Pages read, every one of them; a file with more is ``unreadable`` with that reason."""
SCAN_PAGES = 20
"""Pages of a scan looked at: a paper return is a few pages, OCR is slow."""


def read_input(source: str | os.PathLike[str] | bytes | IO[bytes]) -> tuple[str, bytes]:
    """``(name, data)`` from a path, bytes or a binary stream: the one place input is normalised."""
    if isinstance(source, bytes | bytearray | memoryview):
        return "<bytes>", bytes(source)
    if isinstance(source, str | os.PathLike):
        return str(source), read_regular(source)
    return str(getattr(source, "name", "<stream>")), source.read()


class Unreadable(Exception):
    pass


@dataclass(slots=True)
class Evidence:
    """What the file shows, gathered before the record is made."""

    findings: list[Finding] = field(default_factory=list)
    values: list[ValueEvidence] = field(default_factory=list)
    """Where each value was read, and how sure."""

    def add(self, code: str, severity: Severity, message: str, *, field: str | None = None) -> None:
        self.findings.append(Finding(code, severity, message, field))


def read(
    source: str | os.PathLike[str] | bytes | IO[bytes],
    *,
    form: Form | str = DEFAULT_FORM,
    expected: Release | None = None,
    trust: TrustRoots | None = None,
) -> Record:
    """What a returned release shows, with the findings only the file can give; no verdict.

    A file that cannot be read gets a record with an ``unreadable`` finding. ``expected``
    (the roster row) helps reading only: it settles an ambiguous day/month order and
    chooses OCR language packs; judging against it is :func:`pubrelease.verify.verify`'s.
    Certificate signatures are validated against the roots of ``trust`` (none trusted
    without it).
    """
    try:
        name, data = read_input(source)
    except OSError as exc:
        return Record.unreadable(str(source), f"cannot read the file: {exc.strerror or exc}")
    form = load_form(form) if isinstance(form, str) else form
    try:
        return _parse(name, data, form, expected, trust)
    except Unreadable as exc:
        return Record.unreadable(name, str(exc))


def _open_reader(data: bytes) -> PdfReader:
    if b"%PDF-" not in data[:1024]:
        raise Unreadable("not a PDF (no %PDF- header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("encrypted: a password is needed to open it")
        catalog(reader)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise Unreadable(f"damaged PDF: {exc}") from exc
    return reader


def _open_pdfium(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise Unreadable("encrypted: a password is needed to open it") from exc
        raise Unreadable(f"damaged PDF: {message}") from exc


_UNSIGNED = TrustRoots(sources=("(signatures not read)",))
"""Passed as ``trust`` to read without validating signatures (the bytes a signature covers)."""


def _parse(
    name: str,
    data: bytes,
    form: Form,
    expected: Release | None = None,
    trust: TrustRoots | None = None,
) -> Record:
    quick = quick_read(data, form)
    if quick is not None:
        return _read_quick(name, form, quick, expected)
    reader = _open_reader(data)
    try:
        check_inflation(reader)
    except InflationLimit as exc:
        raise Unreadable(f"beyond a safety limit (a decompression bomb?): {exc}") from exc
    doc = _open_pdfium(data)
    if (count := len(doc)) > MAX_PAGES:
        doc.close()
        raise Unreadable(f"{count} pages: beyond the limit of {MAX_PAGES} pages read")
    try:
        return _read(name, data, form, reader, doc, expected, trust)
    except pdfium.PdfiumError as exc:
        raise Unreadable(f"damaged PDF: {exc}") from exc
    finally:
        doc.close()


def _read_quick(
    name: str, form: Form, quick: QuickReading, expected: Release | None = None
) -> Record:
    """An untouched issued release: fields and our own appearance streams, no rendering."""
    evidence = Evidence()
    shown = [state for state, current in quick.states.items() if current == state]
    consent_spec = form.definition.by_role(Role.CONSENT)
    consent, note = (
        consent_from(quick.consent_value, shown, consent_spec)
        if consent_spec is not None
        else (Consent.NONE, None)
    )
    stored = Stored(quick.stored, consent, note, need_appearances=False)
    values = combine(form, stored, quick.visible, evidence)
    if note:
        evidence.add("value-disagreement", Severity.ERROR, note)
    release_id = None
    if quick.record is not None:
        release_id = check_issuance(form, quick.record, values, evidence.findings)
    return make_record(
        name, form, Source.FIELDS, values, consent, evidence, release_id, expected=expected
    )


def make_record(
    name: str,
    form: Form,
    source: Source,
    values: dict[str, str | None],
    consent: Consent,
    evidence: Evidence,
    release_id: str | None,
    *,
    ink: tuple[bool, bool] = (False, False),
    expected: Release | None = None,
) -> Record:
    signature = values.get("signature")
    order = infer_order(values.get(d) for d in DATE_FIELDS)

    def date(name: str) -> dt.date | None:
        return _date(values, name, evidence, order, getattr(expected, name, None))

    return Record(
        file=name,
        form=form.id,
        source=source,
        speaker_name=values.get("speaker_name"),
        effective_date=date("effective_date"),
        event_title=values.get("event_title"),
        event_date=date("event_date"),
        consent=consent,
        signature=signature,
        signed=signature is not None or ink[0],
        sign_date=date("sign_date"),
        countersigner_name=values.get("countersigner_name"),
        countersigned=values.get("countersigner_signature") is not None or ink[1],
        countersign_date=date("countersign_date"),
        release_id=release_id,
        findings=tuple(evidence.findings),
        extra={key: values.get(key) for key in form.definition.extras},
        evidence=tuple(evidence.values),
    )


def check_history_and_wording(
    data: bytes,
    form: Form,
    text: str,
    script: Script,
    evidence: Evidence,
    *,
    trust: TrustRoots | None = _UNSIGNED,
    added_pages: int = 0,
    reader: PdfReader | None = None,
) -> SignedJudgement | None:
    """Findings from the file's revisions, and changed wording unless the history proves
    the pages are the template's own.

    With ``trust`` (None: no roots), certificate signatures are validated and what changed
    after them judged (returned, for :func:`pubrelease.reading.signedread.apply_signed`);
    the revisions' own findings then stop at the first signature. ``added_pages`` trailing
    pages are an e-signing service's audit trail, not a modification.
    """
    history = analyse_revisions(data, form, reader=reader)  # reader: pypdf's, if open
    signed = None if trust is _UNSIGNED else read_signed(data, form, history, trust)
    until = signed.first_signed if signed else None
    _history_findings(history, evidence, form, until=until, added_pages=added_pages)
    provably_intact = (
        history.template_prefix
        and history.page_content_matches_template
        and not history.modifications
    )
    if not script.intact and not provably_intact:
        changes = wording_for(form).changes(text, script.values)
        shown = "; ".join(changes[:8]) + ("; ..." if len(changes) > 8 else "")
        evidence.add(
            "altered-text",
            Severity.ERROR,
            f"the agreement's wording differs: {shown or 'pieces missing or out of order'}",
        )
    return signed


def _read(
    name: str,
    data: bytes,
    form: Form,
    reader: PdfReader,
    doc: pdfium.PdfDocument,
    expected: Release | None = None,
    trust: TrustRoots | None = None,
) -> Record:
    scanned = (
        scanned_pages(doc, max_pages=SCAN_PAGES) if "/AcroForm" not in catalog(reader) else []
    )
    if scanned and len(scanned) == min(len(doc), SCAN_PAGES):
        return _read_scan(name, form, doc, scanned, expected)
    if form.definition.imported:
        from .boxes import read_by_boxes  # the geometric reading of an imported form

        return read_by_boxes(name, data, form, reader, doc)
    evidence = Evidence()
    root = catalog(reader)
    stored = stored_fields(reader, form)
    wording = wording_for(form)
    pages, trail = split_audit_trail(
        read_pages(doc, flatten=stored is not None, max_pages=MAX_PAGES), form, wording
    )
    pages = strip_furniture(pages, wording)
    text = "\n".join(p.text for p in pages)
    script = wording.read(text)
    if stored is None and script.found < MIN_WORDING * script.pieces:
        if not text.strip():
            raise Unreadable("no text on the pages (a scan?); OCR is not available")
        raise Unreadable(f"not a release: the wording of {form.id} was not found")
    ours = "/PubreleaseForm" in root or "/PubRelease" in root
    source = Source.FIELDS if stored is not None else Source.FLATTENED if ours else Source.LAYOUT

    added = len(trail.pages) if trail else 0
    signed = check_history_and_wording(
        data, form, text, script, evidence, trust=trust, added_pages=added, reader=reader
    )

    visible = _visible(script)
    values = combine(form, stored, visible, evidence)
    if stored is not None and (stored.need_appearances or stored.drawn_by_viewer):
        which = ", ".join(sorted(stored.drawn_by_viewer)) or "the fields"
        evidence.add(
            "viewer-drawn",
            Severity.INFO,
            f"{which}: no up-to-date appearance; viewers draw the stored values themselves",
        )
    consent = _consent(doc, form, pages, script, stored, evidence)
    release_id = issuance(root, form, values, evidence.findings)
    on_template = source is not Source.LAYOUT
    service_pages = frozenset(p - 1 for p in trail.pages) if trail else frozenset()
    evidence.findings.extend(
        visual_findings(
            data,
            form,
            on_template=on_template,
            consent=consent,
            max_pages=MAX_PAGES,
            service_pages=service_pages,
        )
    )
    ink = (
        values.get("signature") is None and _ink(doc, form, pages, on_template, "signature"),
        values.get("countersigner_signature") is None
        and _ink(doc, form, pages, on_template, "countersigner_signature"),
    )
    record = make_record(
        name, form, source, values, consent, evidence, release_id, ink=ink, expected=expected
    )
    return _with_signatures(name, data, form, record, trail, signed, expected)


def _with_signatures(
    name: str,
    data: bytes,
    form: Form,
    record: Record,
    trail: AuditTrail | None,
    signed: SignedJudgement | None,
    expected: Release | None,
) -> Record:
    """``record`` with its audit trail and its certificate signatures; when something
    changed after a signature, the values read from the bytes that signature covers."""
    if trail is not None:
        record = replace(record, audit_trail=trail)
    if signed is None:
        return record
    as_signed = None
    if signed.signed_prefix is not None:
        # unreadable alone: the later values stay, and the findings say they changed
        with contextlib.suppress(Unreadable):
            as_signed = _parse(name, data[: signed.signed_prefix], form, expected, _UNSIGNED)
    return apply_signed(record, signed, as_signed)


_WORDINGS: dict[str, Wording] = {}


def wording_for(form: Form) -> Wording:
    """The form's wording, made once per form."""
    if form.id not in _WORDINGS:
        _WORDINGS[form.id] = Wording(form.definition)
    return _WORDINGS[form.id]


def _visible(script: Script) -> dict[str, list[str | None]]:
    out: dict[str, list[str | None]] = {}
    for slot in script.values:
        if slot.state is None:
            out.setdefault(slot.field, []).append(
                slot.text or None if slot.text is not None else None
            )
    return out


def combine(
    form: Form, stored: Stored | None, visible: dict[str, list[str | None]], evidence: Evidence
) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    for name, plan in form.fields.items():
        if plan.spec.kind.boxes:
            continue
        shown = [v for v in visible.get(name, []) if v is not None]
        if name == "speaker_name" and any(not same_text(v, shown[0]) for v in shown[1:]):
            places = ", ".join(repr(v) for v in shown)
            evidence.add(
                "name-mismatch",
                Severity.ERROR,
                f"the speaker's name differs between its places: {places}",
            )
        stored_value = stored.values.get(name) if stored else None
        first_shown = shown[0] if shown else None
        if stored is not None:
            if stored_value and first_shown and not same_value(name, stored_value, first_shown):
                evidence.add(
                    "value-disagreement",
                    Severity.ERROR,
                    f"{name}: the stored value is {stored_value!r} "
                    f"but the page shows {first_shown!r}",
                )
            elif (
                stored_value
                and not first_shown
                and not stored.need_appearances
                and name not in stored.drawn_by_viewer
            ):
                evidence.add(
                    "value-disagreement",
                    Severity.ERROR,
                    f"{name}: the stored value is {stored_value!r} but the page shows nothing",
                )
            elif first_shown and not stored_value:
                evidence.add(
                    "value-disagreement",
                    Severity.ERROR,
                    f"{name}: the page shows {first_shown!r} but the stored value is empty",
                )
        values[name] = stored_value or first_shown
        if values[name] is not None:
            source = ValueSource.FIELDS if stored_value else ValueSource.PAGE_TEXT
            evidence.values.append(ValueEvidence(name, source, 1.0, values[name]))
    return values


def _consent(
    doc: pdfium.PdfDocument,
    form: Form,
    pages: list[PageText],
    script: Script,
    stored: Stored | None,
    evidence: Evidence,
) -> Consent:
    spec = form.definition.by_role(Role.CONSENT)
    if spec is None:
        return Consent.NONE
    labels = wording_for(form).labels
    marks: dict[str, Mark] = {}
    for slot in script.values:
        if slot.field == spec.name and slot.state is not None:
            mark = mark_from_glyphs(slot.text)
            label = labels[(slot.field, slot.state)].text
            if mark in (Mark.ABSENT, Mark.UNSURE):
                page = _page_of(pages, label)
                if page is not None:
                    mark = mark_from_pixels(doc, page, label)
            marks[slot.state] = mark
    checked = {consent_of(state, spec) for state, mark in marks.items() if mark is Mark.CHECKED}
    for state, mark in marks.items():
        if mark is Mark.UNSURE:
            evidence.add(
                "consent-unsure",
                Severity.WARNING,
                f"cannot tell whether the {labels[(spec.name, state)].text} box is checked",
            )
    return settle_consent(checked, stored, evidence, seen=bool(marks))


def settle_consent(
    checked: set[Consent], stored: Stored | None, evidence: Evidence, *, seen: bool = True
) -> Consent:
    """The answer from the boxes the page shows ticked (``checked``) and, for a live form,
    the stored value: a disagreement between them is a finding, and the stored answer
    stands. ``seen`` is false when the page showed no box at all."""
    shown = Consent.BOTH if len(checked) > 1 else next(iter(checked)) if checked else Consent.NONE
    if stored is None:
        return shown
    if stored.consent_note:
        evidence.add("value-disagreement", Severity.ERROR, stored.consent_note)
    elif seen and shown is not stored.consent:
        evidence.add(
            "value-disagreement",
            Severity.ERROR,
            f"consent: the stored value is {stored.consent.value!r} "
            f"but the page shows {shown.value!r}",
        )
    return stored.consent if stored.consent is not Consent.NONE else shown


def _ink(
    doc: pdfium.PdfDocument,
    form: Form,
    pages: list[PageText],
    on_template: bool,
    name: str,
) -> bool:
    """An image or ink in a signature box: its widget box on our template, else by the label."""
    plan = form.fields.get(name)
    if plan is not None and on_template:
        widget = plan.widgets[0].box
        return ink_in(doc, widget.page, widget.rect)
    label = wording_for(form).labels.get((name, None))
    if label is None or not label.text:
        return False
    found = [
        (page.page, line)
        for page in pages
        for line in page.lines
        if squash(line.text)[0].startswith(squash(label.text)[0])
    ]
    if len(found) <= label.occurrence:
        return False
    page_number, line = found[label.occurrence]
    width = pages[page_number].width
    height = line.top - line.bottom
    label_end = line.left + (line.right - line.left) * min(1.0, len(label.text) / len(line.text))
    box = (label_end, line.bottom - 0.5 * height, width, line.top + 1.5 * height)
    return ink_in(doc, page_number, box)


_ADDED_PAGES = re.compile(r"pages added: (\d+) pages, was (\d+) ")


def _history_findings(
    history: RevisionReport,
    evidence: Evidence,
    form: Form,
    *,
    until: int | None = None,
    added_pages: int = 0,
) -> None:
    """What the file's revisions show: later edits, changed answers, active content.

    Changes after revision ``until`` (a certificate signature's) are judged with the
    signatures instead; ``added_pages`` pages added at the end are an e-signing service's
    audit trail, not a modification.
    """
    speakers = {
        p.spec.pdf_name for p in form.fields.values() if p.spec.party is Party.SPEAKER
    }
    last = until if until is not None else history.revisions
    for text, k in zip(history.modifications, history.modified_in, strict=True):
        added = _ADDED_PAGES.match(text)
        if added and int(added[1]) - int(added[2]) == added_pages:
            continue
        if k <= last:
            evidence.add("modified-after-issue", Severity.ERROR, f"changed after issue: {text}")
    for change in history.field_changes:
        if change.before in (None, "Off") or change.revision > last:
            continue  # the speaker filling in an empty field
        message = (
            f"{change.field} changed in revision {change.revision} "
            f"from {change.before!r} to {change.after!r}"
        )
        if change.field in speakers:
            evidence.add("answer-changed", Severity.WARNING, message)
        else:
            evidence.add("modified-after-issue", Severity.ERROR, message)
    for text in history.active_content:
        evidence.add("active-content", Severity.WARNING, f"{text} (not run)")


def _page_of(pages: list[PageText], word: str) -> int | None:
    for page in pages:
        if any(word in line.text for line in page.lines):
            return page.page
    return None


DATE_FIELDS = ("effective_date", "event_date", "sign_date", "countersign_date")


def _date(
    values: dict[str, str | None],
    name: str,
    evidence: Evidence,
    order: DateOrder | None = None,
    expect: dt.date | None = None,
) -> dt.date | None:
    """A date as written; an ambiguous day/month order takes the order the return's
    other dates show, else the roster's date, else it is reported, never guessed
    (and the date counts as missing: the return is not complete until it is settled)."""
    text = values.get(name)
    if text is None:
        return None
    try:
        return parse_date(text, field=name, order=order, expect=expect)
    except AmbiguousDateError as exc:
        first, second = (format_date(d) for d in exc.readings)
        evidence.add(
            "date-ambiguous",
            Severity.WARNING,
            f"{name} {text!r} reads as {first} or {second}; nothing on the return "
            "or in the roster tells which",
        )
        return None
    except ValueError:
        evidence.add("bad-date", Severity.ERROR, f"{name} {text!r} is not a date", field=name)
        return None


def _read_scan(
    name: str,
    form: Form,
    doc: pdfium.PdfDocument,
    scanned: list[ScannedPage],
    expected: Release | None,
) -> Record:
    """Pictures of paper: read by OCR (imported only now: OpenCV and Tesseract are heavy)."""
    from .ocr.engine import OcrUnavailable
    from .ocr.scan import read_scan

    hints = list(expected.values().values()) if expected is not None else []
    try:
        scan = read_scan(doc, form, scanned, hints=hints)
    except OcrUnavailable as exc:
        raise Unreadable(f"a scan, but OCR is not available: {exc}") from exc
    if not scan.pages:
        raise Unreadable(f"a scan, but no page of {form.id} was found in its pictures")
    evidence = Evidence(findings=scan.findings, values=scan.evidence)
    ink = (scan.signed, scan.countersigned)
    return make_record(
        name,
        form,
        Source.OCR,
        scan.values,
        scan.consent,
        evidence,
        None,
        ink=ink,
        expected=expected,
    )
