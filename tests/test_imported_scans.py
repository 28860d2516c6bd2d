"""A scan of an IMPORTED form: another conference's fillable PDF (made by reportlab, with
its own AcroForm fields, radio group and two pages), imported with ``form import``,
filled by pubrelease, printed (PDFium), ticked, signed and dated by pen, skewed and
scanned. It is registered against the imported template's pages and its values are
read from the widget rectangles of the form's plan."""

from __future__ import annotations

import datetime as dt

import pypdfium2 as pdfium
import pytest
from PIL import Image

from pubrelease import Consent, Release, Source, Status, fill, parse
from pubrelease.form.template import Form

from . import scans

TODAY = dt.date(2026, 11, 29)
DPI = 200


@pytest.fixture
def form(neurips_form: Form) -> Form:
    return neurips_form


def printed(form: Form) -> list[Image.Image]:
    """Ada's release of the imported form, filled by pubrelease without an answer, a
    signature or a sign date, as printed."""
    release = Release.create(
        speaker_name="Ada Lovelace",
        event_title="Notes on the engine",
        event_date="2026-12-08",
        consent="none",
        extra={"affiliation": "Analytical Engines Ltd", "email": "ada@example.org"},
    )
    doc = pdfium.PdfDocument(fill(release, form, today=TODAY))
    doc.init_forms()
    try:
        scale = DPI / 72
        return [
            doc[i].render(scale=scale, may_draw_forms=True).to_pil().convert("RGB")
            for i in range(len(doc))
        ]
    finally:
        doc.close()


@pytest.mark.parametrize(
    ("state", "consent"), [("agree", Consent.ACCEPT), ("disagree", Consent.DECLINE)]
)
def test_a_scanned_imported_form_is_read_from_its_widget_boxes(
    form: Form, state: str, consent: Consent
) -> None:
    pages = printed(form)
    scans.tick(pages, state, DPI, kind="x", form=form)
    scans.sign(pages, DPI, form=form)
    scans.pen_write(pages, "sign_date", "20/11/2026", DPI, seed=2, form=form)
    pdf = scans.to_pdf(scans.scanned(pages, angle=-1.4, noise=6, seed=1), DPI)
    record = parse(pdf, form=form, today=TODAY)
    assert record.source is Source.OCR
    assert record.form == "neurips-2026"
    assert record.speaker_name == "Ada Lovelace"
    assert record.event_title == "Notes on the engine"
    assert record.event_date == dt.date(2026, 12, 8)
    assert record.extra == {"affiliation": "Analytical Engines Ltd", "email": "ada@example.org"}
    assert record.consent is consent
    assert record.signed and not record.countersigned
    assert record.sign_date == dt.date(2026, 11, 20), record.findings
    expected = Status.VALID if consent is Consent.ACCEPT else Status.DECLINED
    assert record.status is expected, record.findings
    assert "altered-text" not in {f.code for f in record.findings}


def test_an_unsigned_scan_of_an_imported_form_is_incomplete(form: Form) -> None:
    pages = printed(form)
    scans.tick(pages, "agree", DPI, form=form)
    pdf = scans.to_pdf(scans.photographed(pages, seed=3), DPI)
    record = parse(pdf, form=form, today=TODAY)
    assert record.source is Source.OCR
    assert record.consent is Consent.ACCEPT
    assert not record.signed
    assert record.status is Status.INCOMPLETE
    assert {"unsigned", "missing-value"} <= {f.code for f in record.findings}
