"""Reading one returned PDF into a :class:`Record`, every value from every source it has.

Sources: the stored field values (``/V``, ``/AS``), what the page shows (widget
appearances drawn into the page, read by PDFium in reading order), the running
text around the agreement's wording, and the issuance record ``fill`` embedded.
Disagreements between them are findings. Nothing here decides a status:
:func:`pubrelease.verify.verify` applies the rules to what was read, once.
"""

from __future__ import annotations

import contextlib
import functools
import os
from dataclasses import replace
from typing import IO

import pypdfium2 as pdfium

from ..files import read_regular
from ..form.definition import Role
from ..form.registry import DEFAULT_FORM, load_form
from ..form.template import Form
from ..form.wording import PAGE_BREAK, Script
from ..pdf.inflation import InflationLimit, bounded_inflation, check_inflation
from ..pdf.loadedpages import LoadedPages
from ..pdf.marks import Mark, mark_from_glyphs, marks_from_pixels
from ..pdf.pagefonts import check_fonts
from ..pdf.pagetext import PageText
from ..pdf.pageviews import view_pages
from ..pdf.reframe import frames, reframed
from ..pdf.scanned import ScannedPage, scanned_pages, with_printed_pages
from ..reading.audittrail import split_audit_trail
from ..reading.clonetext import clone_values
from ..reading.cutvalues import cut_value_findings
from ..reading.extrapages import outside_wording
from ..reading.furniture import printed_furniture
from ..reading.glyphtext import PageCodes, holed, shown_as_read, values_from_glyphs
from ..reading.history import RevisionReport
from ..reading.issued import check_issuance, issuance
from ..reading.ontemplate import form_anchors, form_drawn, shows_form_pages
from ..reading.pagematch import pages_missing, wordless_pages
from ..reading.paragraphs import settled
from ..reading.pdffile import UNREADABLE, PdfFile, damaged, open_pdf, open_pypdf, why_unreadable
from ..reading.printedvalues import NONE, read_printed
from ..reading.printreference import reference as print_reference
from ..reading.provenread import read_proven
from ..reading.quickread import QuickReading, quick_read
from ..reading.quicksigned import quick_signed
from ..reading.shownwords import font_map_findings
from ..reading.signedchanges import SignedJudgement
from ..reading.signedink import drawn_words, signed_with_ink
from ..reading.signedread import apply_signed, read_early
from ..reading.spannedtext import spanned_text_findings
from ..reading.stamps import Stamp, passed_stamps, reordered, stamp_findings, without_stamps
from ..reading.storedfields import Stored, catalog, consent_from, consent_of, stored_fields
from ..reading.struckwords import struck_words
from ..reading.trust import TrustRoots
from ..reading.typedover import drawn_tick, ticked_by_note, typed_on, typed_values
from ..reading.valueboxes import with_value_boxes
from ..reading.viewerboxes import viewer_disagreements
from ..reading.viewerdrawn import viewer_drawn
from ..reading.visual import matched_pages, visual_findings
from ..reading.vouching import release_fonts
from ..reading.wordingglyphs import wording_glyph_findings
from ..record import AuditTrail, Finding, Record, Severity, Source
from ..release import Consent, Release
from .margins import margin_findings
from .marginwords import own_values, record_values
from .pageorder import (
    OutOfOrder,
    form_order,
    form_pages_apart,
    in_form_order,
    renumbered,
    reordered_note,
)
from .sources import (
    MIN_WORDING,
    UNSIGNED,
    Evidence,
    Unreadable,
    check_history_and_wording,
    combine,
    make_record,
    settle_consent,
    turned_brackets,
    visible_values,
    wording_for,
)

__all__ = ["read", "read_input"]

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
    except UNREADABLE as exc:
        return Record.unreadable(name, why_unreadable(exc))


def _open_reader(data: bytes) -> PdfFile:
    return open_pdf(data)  # the fast reader's objects when it vouches for them, else pypdf's


def _open_pdfium(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise Unreadable("encrypted: a password is needed to open it") from exc
        raise damaged(exc) from exc


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
        if reader.objects is None or not bounded_inflation(reader.objects):
            check_inflation(reader.reader)
    except InflationLimit as exc:
        raise Unreadable(f"beyond a safety limit (a decompression bomb?): {exc}") from exc
    # signatures first: the stamps they vouch for are off the copy that is read (.stamps)
    early = None if trust is UNSIGNED else read_early(data, form, reader, trust)
    judged = early[1] if early else None  # (its signatures, when it has some)
    if judged is not None and (issued := quick_signed(data, form, reader, early)) is not None:
        record = _read_quick(name, form, issued, expected)  # (fill --sign's: .quicksigned)
        return _with_signatures(name, data, form, record, None, judged, expected)
    stamps = passed_stamps(judged.stamps, form) if judged else ()
    seen, stamps = without_stamps(data, stamps) if stamps else (data, ())
    doc = _open_pdfium(seen)
    if (count := len(doc)) > MAX_PAGES:
        doc.close()
        raise Unreadable(f"{count} pages: beyond the limit of {MAX_PAGES} pages read")

    def read_copy(shown: bytes, order: list[int] | None = None) -> Record:
        """The reading of ``shown``, a copy of the file laid out to be read for what its
        pages show (the history is the file's own; ``order``: its pages moved so)."""
        nonlocal doc
        doc.close()
        doc = _open_pdfium(shown)
        moved = reordered(stamps, order)
        with LoadedPages(doc) as pages:
            return _read(name, data, form, reader, pages, expected, trust, shown, early, moved)

    try:
        try:
            with LoadedPages(doc) as pages:  # each page loaded once, for every reader
                # the form's pages, values in their boxes, proved so: in its frame (.provenread)
                tried = not form.definition.imported  # (stamps off the pages read: seen)
                args = (name, data, form, reader, pages)
                stored = stored_fields(reader, form) if tried else None
                proven = (
                    read_proven(*args, stored, expected, trust, early, stamps, seen)
                    if tried
                    else None
                )
                # pages cropped by their media box, or redrawn turned, are laid in the
                # form's frame first, showing what they showed (..pdf.reframe): a copy is
                # read for what it shows (an imported form's pages lie where its template
                # has them)
                laid = (
                    []
                    if form.definition.imported or proven is not None
                    else frames(
                        pages,
                        form.definition.page_size,
                        MAX_PAGES,
                        form_anchors(form),
                        form_drawn(form),
                    )
                )
                if proven is not None:
                    record = _with_signatures(name, data, form, proven, None, judged, expected)
                elif not laid:
                    shown = seen if stamps else None
                    record = _read(*args, expected, trust, shown, early, stamps, True)
            if laid:  # (with what a sheet shows beyond the form's page: .margins)
                copy = read_copy(reframed(seen, laid))  # (a file's name may have its values)
                margins = margin_findings(laid, form, own_values(record_values(copy), expected))
                record = _noted(copy, *margins)
        except OutOfOrder as moved:
            # the form's pages saved in another order, or with other pages before or
            # between them: a copy with them first, in order, is read
            copy = read_copy(in_form_order(seen, moved.order), moved.order)
            record = renumbered(copy, moved.order, count)  # (pages as the file numbers them)
            if moved.reordered:
                record = _noted(record, reordered_note(moved.order))
    except pdfium.PdfiumError as exc:
        raise damaged(exc) from exc
    finally:
        doc.close()
    if reader.ambiguous is None:
        return record
    finding = Finding(
        "ambiguous-objects",
        Severity.ERROR,
        f"{reader.ambiguous}: what a viewer shows may not be what was read; open it in "
        "more than one viewer",
    )
    return _noted(record, finding)


def _noted(record: Record, *noted: Finding) -> Record:
    findings = (*record.observed, *noted)
    return replace(record, findings=findings, observations=findings)


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


def _read(
    name: str,
    data: bytes,
    form: Form,
    reader: PdfFile,
    pages: LoadedPages,
    expected: Release | None = None,
    trust: TrustRoots | None = None,
    shown: bytes | None = None,
    early: tuple[RevisionReport, SignedJudgement | None] | None = None,
    stamps: tuple[Stamp, ...] = (),
    in_order: bool = False,
) -> Record:
    """``shown``: ``data`` as :func:`_parse` laid it out to be read for what its pages show
    (``data`` itself for most files), ``in_order`` when only ``stamps`` were taken off it
    (.stamps); ``early``: its history and signatures when already read."""
    doc = pages.doc
    data, original = (data if shown is None else shown), data
    scanned = scanned_pages(pages, max_pages=SCAN_PAGES)  # pages with fields are never scans
    if scanned and min(len(doc), SCAN_PAGES) - len(scanned) < len(form.pages):
        # pictures of paper, alone or beside too few printed pages: each read from pixels
        pictures = with_printed_pages(doc, scanned)
        if "/AcroForm" not in catalog(reader):
            return _read_scan(name, form, doc, pictures, expected)
        drawn = _open_pdfium(original if in_order else data)  # live fields (stamps too)
        drawn.init_forms()
        try:
            return _read_scan(name, form, drawn, pictures, expected)
        finally:
            drawn.close()
    if form.definition.imported:
        from .boxes import read_by_boxes  # the geometric reading of an imported form

        record, signed = read_by_boxes(name, data, form, reader, pages, original, trust, early)
        return _with_signatures(name, original, form, record, None, signed, expected)
    evidence = Evidence()
    root = catalog(reader)
    stored = stored_fields(reader, form)
    wording = wording_for(form)
    # our form's pages, by the catalog's word or (printed without it) where the wording is
    ours = "/PubreleaseForm" in root or "/PubRelease" in root
    ours = ours or (stored is None and shows_form_pages(pages, form))
    # on the form's own pages, each value box is read as one text, where it stands
    blocks = _value_boxes(form) if stored is not None or ours else None
    # each page loaded, read and rendered once, for the reading and the visual check alike
    views = view_pages(
        pages,
        data,
        # (notes typed over a flattened page are read with it, as a viewer shows them)
        flatten=stored is not None or typed_on(pages, MAX_PAGES),
        max_pages=MAX_PAGES,
        blocks=blocks,
        # (laid in the form's frame, the pages' characters are not the objects' to recall)
        objects=reader.objects if data is original else None,
        template=form.template,
    )
    matched = matched_pages(form, views.screen)  # (the form's pages each page is taken for)
    if (shown is None or in_order) and not form.definition.imported:
        order = form_order([p.text for p in views.texts], form.template)
        if order is not None:
            raise OutOfOrder(order)
        if (apart := form_pages_apart(matched, len(form.pages))) is not None:
            raise OutOfOrder(apart, reordered=False)
    texts, trail = split_audit_trail(views.texts, form, wording)
    texts, edges = printed_furniture(texts, wording, form)  # (a print's header and footer)
    text = PAGE_BREAK.join(p.text for p in texts)
    script = wording.read(text)
    missing = pages_missing(matched, len(views.screen), len(form.pages), script.found)
    if stored is None and script.found < MIN_WORDING * script.pieces:
        if not text.strip():
            raise Unreadable("no text on the pages (a scan?); OCR is not available")
        if missing:
            raise Unreadable(missing)
        if ours:  # the form's first page stands where the form sets it: say what is missing
            wordless = wordless_pages([(p.page, p.text) for p in texts], wording)
            raise Unreadable(
                f"the first page is {form.id}'s, but only {script.found} of the {script.pieces} "
                f"parts of its wording were found{wordless}: read the pages"
            )
        raise Unreadable(f"not a release: the wording of {form.id} was not found")
    source = Source.FIELDS if stored is not None else Source.FLATTENED if ours else Source.LAYOUT
    if missing:
        evidence.add("missing-page", Severity.WARNING, missing)  # (what else fails follows)

    added = len(trail.pages) if trail else 0
    signed = check_history_and_wording(
        original,
        form,
        text,
        script,
        evidence,
        trust=trust,
        added_pages=added,
        reader=reader,
        pages_compared=source is not Source.LAYOUT,  # (visual_findings, on the template)
        early=early,
        stamped=frozenset(s.field for s in stamps),
    )

    visible = visible_values(script)
    # (the codes the pages show, read once for the values and boxes, by pypdf when asked)
    copy = functools.cache(lambda: open_pypdf(data))  # (laid in the frame: ..pdf.reframe)
    page_codes = PageCodes((lambda: reader.reader) if data is original else copy)
    # (a print through PostScript, its text layer made up: values read off the page)
    printed = (
        read_printed(data, form, visible, page_codes, pages) if stored is None and ours else NONE
    )
    evidence.findings.extend(printed.findings)
    from_glyphs = values_from_glyphs(page_codes, form, visible) if stored is None else {}
    for field, text in from_glyphs.items():
        # (a print that names no character for some glyphs: read from the glyphs)
        visible[field] = [text if v and holed(v) else v for v in visible[field]]
    # (glyphs of MuPDF's copy of a standard font, its map reading them otherwise)
    objects = reader.objects if data is original and stored is None else None
    cloned = clone_values(page_codes, objects, data, form, visible, evidence.findings, from_glyphs)
    glyph_values = from_glyphs | cloned.values
    # empty fields whose values were typed over their boxes with a viewer's text tool
    typed = typed_values(form, pages, stored.values, visible) if stored else frozenset()
    values = combine(form, stored, visible, evidence, glyph_values, typed, printed.taken)
    # (said now: a document's name in a print's header may hold the release's values)
    evidence.findings.extend(edges.findings(form, own_values(values, expected)))
    if source is Source.LAYOUT:  # (brackets of right-to-left text: as each program does)
        evidence.findings.extend(turned_brackets(values))
    if stored is not None:  # (values with no appearance of their own: each viewer's)
        evidence.findings.extend(viewer_drawn(form, stored))
    consent = _consent(pages, form, texts, script, stored, evidence)
    release_id = issuance(reader, form, values, evidence.findings)
    on_template = source is not Source.LAYOUT
    service_pages = frozenset(p - 1 for p in trail.pages) if trail else frozenset()
    # (what each signature's stamp taken off the pages stands over)
    named = [v for k, v in values.items() if v and k.endswith(("name", "signature"))]
    evidence.findings.extend(stamp_findings(stamps, form, views.screen, matched, named))
    evidence.findings.extend(cut_value_findings(form, views.texts))  # (set larger than a box)
    evidence.findings.extend(
        visual_findings(
            data,
            form,
            on_template=on_template,
            consent=consent,
            max_pages=MAX_PAGES,
            service_pages=service_pages,
            rendered=(views.screen, views.printed),
            values=[v for v in values.values() if v],
            matched=matched,
            glyph_read=frozenset(from_glyphs) | printed.fields,
            proved=cloned.boxes,
        )
    )
    if source is Source.LAYOUT:  # (pages not compared with the form's: by their text)
        evidence.findings.extend(outside_wording(wording, texts, views.screen, service_pages))
    evidence.findings.extend(viewer_disagreements(reader, MAX_PAGES, form, on_template))
    if on_template:
        evidence.findings.extend(spanned_text_findings(pages, form))
    fonts = check_fonts(lambda: reader.reader, max_pages=MAX_PAGES, objects=reader.objects)
    evidence.findings.extend(font_map_findings(fonts.lies))
    inked = [  # (or typed text OCR did not read: .printedvalues)
        values.get(n) is None
        and (n in printed.fields or signed_with_ink(pages, form, texts, on_template, n, matched))
        for n in ("signature", "countersigner_signature")
    ]
    ink = (inked[0], inked[1])
    signing = [v for k in ("speaker_name", "signature") if (v := values.get(k))]
    if (found := drawn_words(pages, form, texts, on_template, signing, matched)) is not None:
        evidence.findings.append(found)  # (what the ink in the signature box spells)
    # the fonts fill makes for the values read: what they draw is what they read (.vouching)
    release = release_fonts(form, fonts, values) if on_template else frozenset()
    # after the ink: its pages are flattened for the screen (as the value boxes' are next)
    evidence.findings.extend(
        wording_glyph_findings(
            pages,
            form,
            fonts,
            views.screen,
            on_template=on_template,
            matched=matched,
            release=release,
            prints=functools.partial(
                print_reference, form, reader.objects, lambda: reader.reader, MAX_PAGES
            ),
        )
    )
    if source is Source.LAYOUT:  # (lines through its words: its pages flattened, after the ink)
        evidence.findings.extend(struck_words(pages, views.screen, service_pages))
    record = make_record(
        name, form, source, values, consent, evidence, release_id, ink=ink, expected=expected
    )
    if on_template and stored is None:  # (a print keeps no paragraph direction)
        record, turned = settled(data, form, record, pages)
        if turned:
            values.update(turned)
            release = release_fonts(form, fonts, values)
    if on_template:
        record = with_value_boxes(
            data,
            form,
            record,
            doc=pages,
            fonts=fonts,
            shown=views.screen,
            objects=reader.objects,
            release=release,
            shown_as_read=shown_as_read(page_codes, values),
            printed=printed.fields | frozenset(cloned.values),  # (compared glyph by glyph)
            # (values cut at their box's edge: value-clipped, for a person already)
            cut=frozenset(
                (text.page, tuple(c.block)) for text in views.texts for c in text.cut_values
            ),
            # (pypdf's objects of the file, read once: not for a copy laid out)
            reader=(lambda: reader.reader) if data is original else None,
        )
    return _with_signatures(name, original, form, record, trail, signed, expected)


def _value_boxes(form: Form) -> dict[int, list[tuple[float, float, float, float]]]:
    """The rectangles of the form's text values (not its boxes to tick), by page index."""
    out: dict[int, list[tuple[float, float, float, float]]] = {}
    for plan in form.fields.values():
        if not plan.spec.kind.boxes:
            for w in plan.widgets:
                out.setdefault(w.box.page, []).append(w.box.rect)
    return out


def _with_signatures(
    name: str,
    data: bytes,
    form: Form,
    record: Record,
    trail: AuditTrail | None,
    signed: SignedJudgement | None,
    expected: Release | None,
) -> Record:
    """``record`` with its audit trail and its certificate signatures (when something
    changed after one, the values read from the bytes it covers)."""
    if trail is not None:
        record = replace(record, audit_trail=trail)
    if signed is None:
        return record
    as_signed = None
    if signed.signed_prefix is not None:
        # unreadable alone: the later values stay, and the findings say they changed
        with contextlib.suppress(Unreadable):
            as_signed = _parse(name, data[: signed.signed_prefix], form, expected, UNSIGNED)
    return apply_signed(record, signed, as_signed)


def _consent(
    loaded: LoadedPages,
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
    slots = [s for s in script.values if s.field == spec.name and s.state is not None]
    texts = [labels[(slot.field, slot.state)].text for slot in slots]
    wanted = [(_page_of(pages, label), label) for label in texts]
    for slot, label, (page, _), drawn in zip(
        slots, texts, wanted, marks_from_pixels(loaded, wanted), strict=True
    ):
        if slot.state is not None:
            mark = mark_from_glyphs(slot.text)
            if mark in (Mark.ABSENT, Mark.UNSURE) or (
                mark is Mark.EMPTY
                and drawn is Mark.CHECKED
                and drawn_tick(form, loaded, slot.state)
            ):  # (a tick drawn over the box with a pen tool or a stamp: the page's)
                mark = drawn
            elif drawn in (Mark.CHECKED, Mark.EMPTY) and drawn is not mark:
                # the glyph's character (its ToUnicode) says one thing, its ink another
                evidence.add(
                    "value-disagreement",
                    Severity.ERROR,
                    f"the {label} box reads {slot.text!r} ({mark.value}) in the text but is "
                    f"drawn {drawn.value} on page {(page or 0) + 1}",
                )
            marks[slot.state] = mark
    checked = {consent_of(state, spec) for state, mark in marks.items() if mark is Mark.CHECKED}
    for state, mark in marks.items():
        if mark is Mark.UNSURE:
            evidence.add(
                "consent-unsure",
                Severity.WARNING,
                f"cannot tell whether the {labels[(spec.name, state)].text} box is checked",
            )
    return settle_consent(
        checked,
        stored,
        evidence,
        seen=bool(marks),
        by_note=lambda shown: ticked_by_note(form, loaded, shown),
    )


def _page_of(pages: list[PageText], word: str) -> int | None:
    return next((p.page for p in pages if any(word in line.text for line in p.lines)), None)


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
    values, ink = scan.values, (scan.signed, scan.countersigned)
    return make_record(
        name, form, Source.OCR, values, scan.consent, evidence, None, ink=ink, expected=expected
    )
