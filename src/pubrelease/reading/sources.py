"""Every value from every source it has, and what their disagreements mean.

The stored field values, what each widget's appearance shows and the running text are
combined here into the record's values; a source that says otherwise is a finding,
and so are the file's later revisions and changed wording. Used by both readers: the
one that follows the wording (:mod:`.read`) and the one that follows an imported
form's geometry (:mod:`.boxes`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pypdf import PdfReader

from ..dates import AmbiguousDateError, DateOrder, format_date, infer_order
from ..form.definition import Party
from ..form.template import Form
from ..form.wording import Script, Wording
from ..pdf.bidi import MIRROR
from ..reading.countersigned import unproven
from ..reading.history import (
    BLANK_ADDED,
    PICTURED,
    REDRAWN,
    TYPED_OVER,
    RevisionReport,
    analyse_revisions,
)
from ..reading.issued import same_value
from ..reading.signedchanges import SignedJudgement
from ..reading.signedread import read_signed
from ..reading.storedfields import Stored
from ..reading.trust import TrustRoots
from ..record import Finding, Record, Severity, Source, ValueEvidence, ValueSource
from ..release import Consent, Release, parse_date
from ..text import same_text
from .margins import line_refuses, unknown_title_words
from .typedover import typed_finding

if TYPE_CHECKING:
    from .pdffile import PdfFile

__all__ = [
    "MIN_WORDING",
    "UNSIGNED",
    "Evidence",
    "Unreadable",
    "check_history_and_wording",
    "combine",
    "make_record",
    "settle_consent",
    "turned_brackets",
    "visible_values",
    "wording_for",
]

MIN_WORDING = 0.5
"""Share of the wording's pieces that must be found for a file to count as a release."""


class Unreadable(Exception):
    pass


@dataclass(slots=True)
class Evidence:
    """What the file shows, gathered before the record is made."""

    findings: list[Finding] = field(default_factory=list)
    values: list[ValueEvidence] = field(default_factory=list)
    """Where each value was read, and how sure."""
    countersign_unproven: str | None = None
    """Why a countersignature the return shows is not known to be the conference's
    (:mod:`.countersigned`); ``None``: nothing against it, or not judged (a scan)."""

    def add(
        self,
        code: str,
        severity: Severity,
        message: str,
        *,
        field: str | None = None,
        readings: tuple[str, ...] = (),
    ) -> None:
        self.findings.append(Finding(code, severity, message, field, readings))


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
        countersigned=ink[1] or _countersigned(values, evidence),  # (hand ink: paper)
        countersign_date=date("countersign_date"),
        release_id=release_id,
        findings=tuple(evidence.findings),
        extra={key: values.get(key) for key in form.definition.extras},
        evidence=tuple(evidence.values),
    )


def _countersigned(values: dict[str, str | None], evidence: Evidence) -> bool:
    """Whether the conference countersigned: its signature is there, in its own update."""
    typed = values.get("countersigner_signature")
    if typed is None:
        return False
    if evidence.countersign_unproven is None:
        return True
    evidence.add(
        "countersign-unproven",
        Severity.WARNING,
        f"the countersignature {typed!r} is not counted: {evidence.countersign_unproven}; "
        "the conference countersigns in an update of its own (pubrelease countersign): "
        "ask who typed it",
        field="countersigner_signature",
    )
    return False


UNSIGNED = TrustRoots(sources=("(signatures not read)",))
"""Passed as ``trust`` to read without validating signatures (the bytes a signature covers)."""


def check_history_and_wording(
    data: bytes,
    form: Form,
    text: str | None,
    script: Script | None,
    evidence: Evidence,
    *,
    trust: TrustRoots | None = UNSIGNED,
    added_pages: int = 0,
    reader: PdfReader | PdfFile | None = None,
    pages_compared: bool = False,
    early: tuple[RevisionReport, SignedJudgement | None] | None = None,
    stamped: frozenset[str] = frozenset(),
) -> SignedJudgement | None:
    """Findings from the file's revisions, and changed wording unless the history proves
    the pages are the template's own.

    With ``trust`` (None: no roots), certificate signatures are validated and what changed
    after them judged (returned, for :func:`pubrelease.reading.signedread.apply_signed`);
    the revisions' own findings then stop at the first signature. ``added_pages`` trailing
    pages are an e-signing service's audit trail, not a modification; ``pages_compared``:
    the reading compares the pages with the form's (see :func:`_history_findings`).
    ``early``: the history and the signatures already read (:func:`.signedread.read_early`);
    ``stamped``: signature fields whose visible stamps the reading judges itself
    (:mod:`.stamps`), not as a widget added over the form's. No ``text`` nor ``script``:
    the pages are proved to show the form's wording as the form does
    (:mod:`.provenfill`), which is not read again.
    """
    if early is not None:
        history, signed = early
    else:
        history = analyse_revisions(data, form, reader=reader)  # reader: pypdf's, if open
        signed = None if trust is UNSIGNED else read_signed(data, form, history, trust)
    until = signed.first_signed if signed else None
    evidence.countersign_unproven = unproven(data, form, history)
    _history_findings(
        history,
        evidence,
        form,
        until=until,
        added_pages=added_pages,
        pages_compared=pages_compared,
        stamped=stamped,
    )
    if text is None or script is None:
        return signed
    provably_intact = (
        history.template_prefix
        and history.page_content_matches_template
        and not history.modifications
    )
    values = [v.text for v in script.values if v.text]
    if script.lead.strip() and (
        line_refuses(script.lead, values) or unknown_title_words(script.lead, form, values)
    ):
        # (words put above the agreement: "VOID - consent withdrawn", review 33; a
        # layout's own heading may hold a listed word, "Form No. 3": for a person; so
        # may words none a title's, the form's or the release's, "Rights revert to me",
        # a header the furniture did not take for a printer's, review rev34)
        evidence.add(
            "margin-marks",
            Severity.WARNING,
            "text before the agreement's wording holds words that may refuse or take "
            "consent back, or that are neither a printer's nor the form's or this "
            f"release's: look at what it says: {' '.join(script.lead.split())[:200]!r}",
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


_WORDINGS: dict[str, Wording] = {}


def wording_for(form: Form) -> Wording:
    """The form's wording, made once per form."""
    if form.id not in _WORDINGS:
        _WORDINGS[form.id] = Wording(form.definition)
    return _WORDINGS[form.id]


def visible_values(script: Script) -> dict[str, list[str | None]]:
    out: dict[str, list[str | None]] = {}
    for slot in script.values:
        if slot.state is None:
            out.setdefault(slot.field, []).append(
                slot.text or None if slot.text is not None else None
            )
    return out


def combine(
    form: Form,
    stored: Stored | None,
    visible: dict[str, list[str | None]],
    evidence: Evidence,
    from_glyphs: dict[str, str] | None = None,
    typed: frozenset[str] = frozenset(),
    read_off: Mapping[str, tuple[ValueSource, float]] | None = None,
) -> dict[str, str | None]:
    """The record's values from the stored fields and what the pages show; each one's
    evidence, and the findings of their disagreements. ``from_glyphs``: the values read
    from their glyphs where the text layer names no character for some
    (:mod:`.glyphtext`); ``typed``: empty fields whose value the page shows typed over
    their boxes (:mod:`.typedover`), read from the page without a disagreement;
    ``read_off``: the values read off the page where the text layer is garbled, how and
    how sure (:mod:`.printedvalues`)."""
    values: dict[str, str | None] = {}
    typed_over: list[str] = []
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
                field=name,
                readings=tuple(shown),
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
                    field=name,
                    readings=(first_shown,),
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
                    field=name,
                )
            elif first_shown and not stored_value and name in typed:
                typed_over.append(name)
            elif first_shown and not stored_value:
                evidence.add(
                    "value-disagreement",
                    Severity.ERROR,
                    f"{name}: the page shows {first_shown!r} but the stored value is empty",
                    field=name,
                )
        blank = len(visible.get(name, [])) - len(shown)
        if (
            stored is not None
            and stored_value
            and shown
            and blank
            and not stored.need_appearances
            and name not in stored.drawn_by_viewer
        ):
            evidence.add(
                "value-partly-shown",
                Severity.WARNING,
                f"{name}: {stored_value!r} shows in {len(shown)} of its {len(shown) + blank} "
                f"boxes; {'the others show' if blank > 1 else 'the other shows'} nothing (the "
                "program that filled the form drew the value there empty, as Chrome's viewer "
                "does on a page it has not shown): a person may want to see it",
                field=name,
            )
        values[name] = stored_value or first_shown
        if values[name] is not None:
            source = ValueSource.FIELDS if stored_value else ValueSource.PAGE_TEXT
            if not stored_value and from_glyphs and name in from_glyphs:
                source = ValueSource.GLYPHS
            source, sure = (read_off or {}).get(name, (source, 1.0))
            evidence.values.append(ValueEvidence(name, source, sure, values[name]))
    if typed_over:
        evidence.findings.append(typed_finding(typed_over))
    return values


def turned_brackets(values: dict[str, str | None]) -> list[Finding]:
    """``shown-text-unchecked`` for each value of a page typeset by another program
    that holds a bracket or quote and a right-to-left letter. Programs map a bracket a
    right-to-left run draws mirrored each their own way (LibreOffice to the character
    typed, Chromium to the one shown, inside an ``/ActualText`` of the one typed) and
    order the line's text each their own way: which way each bracket turns, and where it
    stands, is not told by the text layer (review rev21: 'שרה «כהן» לוי' read
    'שרה »כהן« לוי', 'יעל (כהן)' read ')יעל (כהן'). The pages of ``fill``'s releases,
    printed or flattened, map it to the character shown: they are read so."""
    return [
        Finding(
            "shown-text-unchecked",
            Severity.WARNING,
            f"the {name} {value!r} has brackets or quotes in right-to-left text, which "
            "the program that typeset the page maps and orders its own way: which way "
            "each turns is not read; a person should look at the page",
            name,
        )
        for name, value in values.items()
        if value
        and any(c in MIRROR for c in value)
        and any(unicodedata.bidirectional(c) in ("R", "AL") for c in value)
    ]


def settle_consent(
    checked: set[Consent],
    stored: Stored | None,
    evidence: Evidence,
    *,
    seen: bool = True,
    by_note: Callable[[Consent], bool] | None = None,
) -> Consent:
    """The answer from the boxes the page shows ticked (``checked``) and, for a live form,
    the stored value: a disagreement between them is a finding, and the stored answer
    stands. ``seen`` is false when the page showed no box at all. ``by_note``: whether
    the box of an answer is ticked by a text note typed over it (:mod:`.typedover`):
    with neither box stored ticked, that answer is the page's, without a disagreement."""
    shown = Consent.BOTH if len(checked) > 1 else next(iter(checked)) if checked else Consent.NONE
    if stored is None:
        return shown
    if stored.consent_note:
        evidence.add("value-disagreement", Severity.ERROR, stored.consent_note)
    elif (
        seen
        and stored.consent is Consent.NONE
        and by_note is not None
        and shown in (Consent.ACCEPT, Consent.DECLINE)
        and by_note(shown)
    ):
        evidence.findings.append(typed_finding(["consent"]))
    elif seen and shown is not stored.consent:
        evidence.add(
            "value-disagreement",
            Severity.ERROR,
            f"consent: the stored value is {stored.consent.value!r} "
            f"but the page shows {shown.value!r}",
        )
    return stored.consent if stored.consent is not Consent.NONE else shown


_ADDED_PAGES = re.compile(r"pages added: (\d+) pages, was (\d+) ")
_BLANK_PAGES = re.compile(
    rf"pages added: \d+ pages, was \d+ \(pages? [\d, ]+ added, {BLANK_ADDED}\)"
)
"""Pages added by an update that show and hold nothing (:mod:`.history`)."""
_REDRAWN_WIDGET = "the appearance of widget of field "
_REDRAWN_ANEW = " (/AP /N (stream data)) (revision "
"""A widget whose normal appearance's own content changed, as :mod:`.history` names it."""
_TURNED = re.compile(r"page \d+ (?:turned|cropped) \(")
"""A later revision that only turned or cropped a page (:mod:`.history`)."""


_STAMPED = "the widget of signature field {} added on page"
_TYPED_KINDS = ("annotation (FreeText,", "annotation (Ink,", "annotation (Stamp,")
"""The notes over the speaker's own boxes the reading judges (:mod:`.typedover`)."""
"""How :mod:`.history` names a signature's widget added over another field's."""


def _history_findings(
    history: RevisionReport,
    evidence: Evidence,
    form: Form,
    *,
    until: int | None = None,
    added_pages: int = 0,
    pages_compared: bool = False,
    stamped: frozenset[str] = frozenset(),
) -> None:
    """What the file's revisions show: later edits, changed answers, active content.

    Changes after revision ``until`` (a certificate signature's) are judged with the
    signatures instead; ``added_pages`` pages added at the end are an e-signing service's
    audit trail, not a modification. ``pages_compared``: the reading compares the pages
    with the form's (in their own space), so a page only turned or cropped later is
    told (info), not a modification: what the crop hides is judged there; and pages
    added later are told (``pages-added``, info) and judged there too, each page that is
    none of the form's an ``extra-page`` (the pages kept are compared with what they
    were, and the form widgets on an added page are a modification, :mod:`.history`).
    The widgets of the signature fields ``stamped`` are judged by the reading
    (:mod:`.stamps`).
    """
    speakers = {p.spec.pdf_name for p in form.every_plan() if p.spec.party is Party.SPEAKER}
    last = until if until is not None else history.revisions
    for text, k in zip(history.modifications, history.modified_in, strict=True):
        added = _ADDED_PAGES.match(text)
        if added and int(added[1]) - int(added[2]) == added_pages:
            continue
        if k > last or any(text.startswith(_STAMPED.format(f)) for f in stamped):
            continue
        if TYPED_OVER in text and text.startswith(_TYPED_KINDS):
            continue  # a value typed (a tick drawn) over the speaker's box: read with the page
        if PICTURED in text:
            # read with the page as ink in the signature box; what the picture shows is not
            evidence.add(
                "shown-text-unchecked",
                Severity.WARNING,
                f"{text}: what a picture shows is not read (a signature, or words); "
                "a person should look at it",
            )
            continue
        if added and pages_compared:
            # each page that is none of the form's is an extra-page of the comparison
            evidence.add(
                "pages-added",
                Severity.INFO,
                f"{text}: the pages kept are compared with what they were, and each page "
                "that is none of the form's is judged by what it shows (extra-page)",
            )
            continue
        if added and _BLANK_PAGES.match(text):
            # another system's layout, read by its text: a blank sheet added to it by an
            # update is nothing to read, as one saved in the file is
            evidence.add(
                "pages-added",
                Severity.INFO,
                f"{text}: the pages kept are compared with what they were, and the pages "
                "added show and hold nothing",
            )
            continue
        redrawn = REDRAWN in text and _REDRAWN_ANEW in text
        if pages_compared and text.startswith(_REDRAWN_WIDGET) and redrawn:
            # drawn anew (its content, not only what the content draws with: a font or
            # form redefined beneath stays a change), the box is read by the page check
            # against the field's value (value-disagreement, shown-text-*): a redraw that
            # shows the same is no change
            evidence.add(
                "widget-redrawn",
                Severity.INFO,
                f"{text}: what it shows is compared with the value on the page",
            )
        elif pages_compared and _TURNED.match(text):
            # what the page shows is judged in its own space, the crop's hiding included
            evidence.add(
                "turned-or-cropped",
                Severity.INFO,
                f"{text}: its pages are compared with the form's upright, and what a crop "
                "hides counts as not shown",
            )
        else:
            evidence.add("modified-after-issue", Severity.ERROR, f"changed after issue: {text}")
    # (the issuer's fields left blank as issued: the speaker's to fill, and to correct, as
    # a blank form filled in two sittings is; a countersigner's stay the conference's)
    issuers = {p.spec.pdf_name for p in form.every_plan() if p.spec.party is Party.ISSUER}
    blank: set[str] = set()
    for change in history.field_changes:
        if change.before in (None, "Off") and change.field in issuers:
            blank.add(change.field)
        if change.before in (None, "Off") or change.revision > last:
            continue  # the speaker filling in an empty field
        message = (
            f"{change.field} changed in revision {change.revision} "
            f"from {change.before!r} to {change.after!r}"
        )
        if change.field in speakers:
            evidence.add("answer-changed", Severity.WARNING, message)
        elif change.field in blank:
            message += " (blank as issued, filled in after)"
            evidence.add("answer-changed", Severity.WARNING, message)
        else:
            evidence.add("modified-after-issue", Severity.ERROR, message)
    for text in history.active_content:
        evidence.add("active-content", Severity.WARNING, f"{text} (not run)")


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
        shown = " or ".join(format_date(d) for d in exc.readings)
        evidence.findings.append(
            Finding(
                "date-ambiguous",
                Severity.WARNING,
                f"{name} {text!r} reads as {shown}; nothing on the return "
                "or in the roster tells which",
                name,
                tuple(d.isoformat() for d in exc.readings),
            )
        )
        return None
    except ValueError:
        evidence.add("bad-date", Severity.ERROR, f"{name} {text!r} is not a date", field=name)
        return None
