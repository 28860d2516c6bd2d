"""Reading a paper return: scans, phone photos and scanners' "searchable PDFs".

Each picture of paper is registered onto the form's layout (:mod:`.registration`);
then every box of the form's plan has a known place, and

* the value boxes (names, title, dates) are read by Tesseract, box by box;
* the consent boxes and signature lines are judged from pen ink (:mod:`.ink`);
* the agreement's lines where the picture differs from the printed form are read
  and compared with the definition's wording (:mod:`.clauses`).

A scanner's own text layer is never used: it is another program's guess.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import pypdfium2 as pdfium

from ...dates import candidates, format_date
from ...form.definition import FieldKind, Role
from ...form.template import Form
from ...names import NAME_LIKE, near_names
from ...pdf.marks import Mark
from ...pdf.scanned import ScannedPage
from ...record import Finding, Severity, ValueEvidence, ValueSource
from ...release import Consent
from ..storedfields import consent_of
from .boxink import box_ink
from .clauses import check_wording
from .engine import install_hint, languages_for
from .ink import CHECKED, EMPTY, Ink, box_mark, ink_in
from .registration import (
    FRAME_DPI,
    Registered,
    RegistrationError,
    page_image,
    register,
    template_page,
    to_pixels,
)
from .values import ACCENTS_UNREAD, ValueReading, read_value

__all__ = ["ScanReading", "read_scan"]

MIN_DPI, MAX_DPI = 100.0, 300.0
"""Pictures are read at their own resolution within these bounds."""
TYPED_SIGNATURE = 0.8
"""Confidence from which text read in a signature box is a typed signature, not pen ink."""
FAR = dt.timedelta(days=2 * 366)
"""A date read this far from the event is a misread figure (verify's ``date-far`` too)."""
_NAMES = (Role.SPEAKER_NAME, Role.COUNTERSIGNER_NAME)
_NOT_A_NAME = "it has a figure or a sign no name has"


@dataclass(slots=True)
class ScanReading:
    """What the pictures of a paper return show."""

    values: dict[str, str | None] = field(default_factory=dict)
    consent: Consent = Consent.NONE
    signed: bool = False
    countersigned: bool = False
    evidence: list[ValueEvidence] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    pages: list[Registered] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Page:
    registered: Registered
    ink: Ink


def read_scan(
    doc: pdfium.PdfDocument,
    form: Form,
    scanned: Sequence[ScannedPage],
    *,
    hints: Sequence[str | None] = (),
) -> ScanReading:
    """Read the scanned pages of ``doc`` as a return of ``form``.

    ``hints`` are texts the return is expected to carry (the roster row's values):
    their scripts choose the language packs.
    """
    out = ScanReading()
    languages, missing = languages_for([form.definition.title, *hints])
    if missing:
        out.findings.append(
            Finding(
                "ocr-script-unsupported",
                Severity.WARNING,
                "no OCR language pack for the "
                + "; ".join(f"{script} script ({install_hint(script)})" for script in missing)
                + "; values in it cannot be read from the scan",
            )
        )
    printed = [str(item.page + 1) for item in scanned if item.printed]
    if printed:
        pictures = [str(item.page + 1) for item in scanned if not item.printed]
        out.findings.append(
            Finding(
                "ocr-mixed-pages",
                Severity.INFO,
                f"page(s) {', '.join(printed)} have text of their own, page(s) "
                f"{', '.join(pictures)} are pictures of paper: all read from their pixels",
            )
        )
    pages: dict[int, _Page] = {}
    for item in scanned:
        picture = page_image(doc, item.page, min(max(item.dpi or 200.0, MIN_DPI), MAX_DPI))
        try:
            registered = register(form, picture)
        except RegistrationError:
            out.findings.append(
                Finding(
                    "ocr-unregistered",
                    Severity.WARNING,
                    f"page {item.page + 1}: none of the form's pages was found in the picture",
                )
            )
            continue
        if registered.page in pages:
            continue  # the same page scanned twice: the first counts
        template = template_page(form, registered.page, FRAME_DPI)
        pages[registered.page] = _Page(registered, Ink.of(registered.image, template))
        out.pages.append(registered)
        if item.invisible_text:
            out.findings.append(
                Finding(
                    "ocr-layer-ignored",
                    Severity.INFO,
                    f"page {item.page + 1} carries another program's OCR text layer; "
                    "read from the picture instead",
                )
            )
    for number in range(len(form.pages)):
        if number not in pages:
            out.findings.append(
                Finding(
                    "missing-page",
                    Severity.WARNING,
                    f"page {number + 1} of the form is not among the scanned pages",
                )
            )
    height = form.definition.page_size[1]
    _values(form, pages, height, languages, out)
    _far_dates(form, out)
    _consent(form, pages, height, out)
    for page in pages.values():
        out.findings.extend(check_wording(form, page.registered, page.ink, languages))
    return out


def _values(
    form: Form, pages: dict[int, _Page], height: float, languages: tuple[str, ...], out: ScanReading
) -> None:
    taken = {
        w.box.field: to_pixels(w.box.rect, height)
        for plan in form.fields.values()
        for w in plan.widgets
    }
    for name, plan in form.fields.items():
        kind = plan.spec.kind
        if kind.boxes:
            continue
        readings: list[ValueReading] = []
        for widget in plan.widgets:
            page = pages.get(widget.box.page)
            if page is None:
                continue
            box = to_pixels(widget.box.rect, height)
            if kind is FieldKind.SIGNATURE:
                signed = _signature(form, page, widget.box.rect, height, taken, name)
                if name == "signature":
                    out.signed = out.signed or signed
                else:
                    out.countersigned = out.countersigned or signed
                if not signed:
                    continue
            reading = _read_value(page, box, widget.box.lines, languages, kind)
            if reading.sure and plan.spec.role in _NAMES and not NAME_LIKE.fullmatch(reading.text):
                reading = dataclasses.replace(reading, sure=False, doubt=_NOT_A_NAME)
            if reading.text:
                readings.append(reading)
        value = _choose(name, readings, out)
        if kind is FieldKind.SIGNATURE:
            if value is not None and (
                value.confidence < TYPED_SIGNATURE
                or not value.sure
                or not NAME_LIKE.fullmatch(value.text)
            ):
                value = None  # handwriting: ink, not typed text
        elif value is not None and (
            not value.sure or (plan.spec.role in _NAMES and not NAME_LIKE.fullmatch(value.text))
        ):
            # (a name read with a figure or a sign in it, "Jurgen Wei8," for Jürgen Weiß:
            # the letters OCR does not know, read as something a name never has)
            out.findings.append(_unsure(name, value, kind is FieldKind.DATE))
            value = None
        out.values[name] = value.text if value else None
        if value is not None:
            out.evidence.append(
                ValueEvidence(name, ValueSource.OCR, round(value.confidence, 2), value.text)
            )


def _far_dates(form: Form, out: ScanReading) -> None:
    """A date OCR read more than two years from the event the return is for is a
    misread figure (a handwritten ``2020`` read ``2029``), not taken: ``ocr-unsure``."""
    event_spec = form.definition.by_role(Role.EVENT_DATE)
    if event_spec is None:
        return
    event_days = candidates(out.values.get(event_spec.name) or "")
    if len(event_days) != 1:
        return
    (event,) = event_days
    for name, plan in form.fields.items():
        text = out.values.get(name)
        if plan.spec.kind is not FieldKind.DATE or name == event_spec.name or not text:
            continue
        days = candidates(text)
        if days and all(abs(day - event) > FAR for day in days):
            out.values[name] = None
            out.evidence = [e for e in out.evidence if e.field != name]
            out.findings.append(
                Finding(
                    "ocr-unsure",
                    Severity.WARNING,
                    f"{name}: OCR reads {text!r} in the scan, more than two years from "
                    f"the event ({format_date(event)}); not taken as a date: check it by eye",
                    name,
                    (text,),
                )
            )


def _unsure(name: str, value: ValueReading, date: bool) -> Finding:
    """The warning for a value the scan shows but OCR cannot read with confidence."""
    others = [r for r in value.readings if r != value.text]
    also = f" (other readings: {', '.join(repr(r) for r in others[:3])})" if others else ""
    what = "a date" if date else "the value"
    why = f", but {value.doubt}" if value.doubt else ""
    return Finding(
        "ocr-unsure",
        Severity.WARNING,
        f"{name}: OCR reads {value.text!r} in the scan with confidence "
        f"{value.confidence:.2f}{also}{why}; not taken as {what}: check it by eye",
        name,
        value.readings,
    )


def _read_value(
    page: _Page,
    box: tuple[int, int, int, int],
    lines: int,
    languages: tuple[str, ...],
    kind: FieldKind,
) -> ValueReading:
    """The ink written in a value box (:func:`.boxink.box_ink`), read."""
    crop = box_ink(page.registered.image, page.ink, box, lines)
    if crop is None:
        return ValueReading("", 0.0, False)
    return read_value(
        crop,
        languages,
        lines=lines,
        date=kind is FieldKind.DATE,
        second_opinion=kind is not FieldKind.SIGNATURE,
    )


def _choose(name: str, readings: list[ValueReading], out: ScanReading) -> ValueReading | None:
    """The most confident reading of a value shown in several places; places that
    really differ (not just OCR noise) are a ``name-mismatch``."""
    if not readings:
        return None
    # the reading most places give exactly, then nearly (a misread place, a word split
    # in two, is outvoted), then the surest
    same = {r.text: sum(r.text == o.text for o in readings) for r in readings}
    near = {r.text: sum(near_names(r.text, o.text) for o in readings) for r in readings}
    best = max(readings, key=lambda r: (r.sure, same[r.text], near[r.text], r.confidence))
    astray = [r for r in readings if not near_names(r.text, best.text)]
    if astray and not all(r.sure for r in astray):
        # places OCR reads unlike each other, some of them unsure: a script or letters
        # the model does not know ("שרה לוי" read 'n7 mw', 'N7 Mw,', '17mw'), not two names
        texts = tuple(dict.fromkeys(r.text for r in readings))
        why = "its places read differently: " + ", ".join(repr(t) for t in texts)
        return dataclasses.replace(best, sure=False, readings=texts, doubt=why)
    doubted = [r for r in readings if r.doubt == ACCENTS_UNREAD]
    if best.sure and doubted:
        # the same name printed in each place: accents one place shows unread are
        # unread in the others too, however sure their reading (a place read unsure
        # but nearly as the others read it surely is outvoted, as before)
        return dataclasses.replace(best, sure=False, doubt=f"in a place {doubted[0].doubt}")
    if name == "speaker_name":
        differ = [r for r in readings if r.sure and not near_names(r.text, best.text)]
        if differ:
            places = ", ".join(repr(r.text) for r in readings)
            out.findings.append(
                Finding(
                    "name-mismatch",
                    Severity.ERROR,
                    f"the speaker's name differs between its places (read by OCR): {places}",
                )
            )
    return best


def _signature(
    form: Form,
    page: _Page,
    rect: tuple[float, float, float, float],
    height: float,
    taken: dict[str, tuple[int, int, int, int]],
    name: str,
) -> bool:
    """Ink on a signature line: above it, on it or just below it (other boxes left out)."""
    left, bottom, right, top = rect
    tall = top - bottom
    region = to_pixels((left, bottom - 0.45 * tall, right, top + 1.1 * tall), height)
    others = tuple(
        to_pixels(w.box.rect, height)
        for plan in form.every_plan()
        for w in plan.widgets
        if w.box.field != name and w.box.page == page.registered.page
    )
    signed, _share = ink_in(page.ink, region, exclude=others, line=round(tall * FRAME_DPI / 72))
    return signed


def _consent(form: Form, pages: dict[int, _Page], height: float, out: ScanReading) -> None:
    spec = form.definition.by_role(Role.CONSENT)
    if spec is None:
        return
    checked = []
    plans = form.fields[spec.name].with_decline()  # (two box fields: each answer's own)
    for box, widget in ((b, w) for b in plans for w in b.widgets):
        page = pages.get(widget.box.page)
        state = widget.box.state or ""
        if page is None:
            continue
        mark, share = box_mark(page.ink, to_pixels(widget.box.rect, height))
        if mark is Mark.CHECKED:
            checked.append(consent_of(state, box.spec))
        elif mark is Mark.UNSURE:
            out.findings.append(
                Finding(
                    "consent-unsure",
                    Severity.WARNING,
                    f"cannot tell whether the {state} box is ticked "
                    f"(pen ink covers {share:.0%} of it)",
                )
            )
        sure = round(_sureness(share), 2)
        out.evidence.append(ValueEvidence(f"consent={state}", ValueSource.OCR, sure, mark.value))
    meanings = set(checked) - {Consent.NONE}
    out.consent = (
        Consent.BOTH
        if {Consent.ACCEPT, Consent.DECLINE} <= meanings
        else next(iter(meanings))
        if meanings
        else Consent.NONE
    )


def _sureness(share: float) -> float:
    """How sure a tick verdict is: 1 far from the undecided band, 0 in its middle."""
    middle = (CHECKED + EMPTY) / 2
    half = (CHECKED - EMPTY) / 2
    return min(1.0, abs(share - middle) / half / 2 + 0.5) if share else 1.0
