"""A return whose pages are of two kinds: page 1 printed to PDF (text of its own), page 2
printed, ticked, signed and dated by pen and scanned back in. Every page is read from
its pixels; a born-digital return with an extra scanned page stays born-digital."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from pypdf import PdfReader, PdfWriter

from pubrelease import Consent, Source, Status, fill, parse
from pubrelease.demo import SEED_RELEASES

from . import scans

TODAY = dt.date(2021, 1, 1)
HAN = SEED_RELEASES[0]


def joined(*parts: tuple[bytes, int]) -> bytes:
    """A PDF of the given ``(pdf, page index)`` pages, as a PDF tool joins them."""
    writer = PdfWriter()
    for data, index in parts:
        writer.add_page(PdfReader(io.BytesIO(data)).pages[index])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_page_one_printed_to_pdf_and_page_two_scanned_is_read_from_pixels() -> None:
    printed = fill(scans.release(sign_date=None), flatten=True, today=scans.TODAY)
    pages = scans.printed(scans.release(sign_date=None), 200)
    scans.tick(pages, "Decline", 200, kind="x")
    scans.sign(pages, 200)
    scans.pen_write(pages, "sign_date", "23.09.2020", 200, seed=5)
    scan = scans.to_pdf(scans.scanned(pages, angle=-1.1, noise=6), 200)
    record = parse(joined((printed, 0), (scan, 1)), today=TODAY)
    assert record.source is Source.OCR
    assert record.speaker_name == HAN.speaker_name
    assert record.event_title == HAN.event_title
    assert record.event_date == HAN.event_date
    assert record.consent is Consent.DECLINE
    assert record.signed
    assert record.sign_date == dt.date(2020, 9, 23), record.findings
    assert record.status is Status.DECLINED, record.findings
    mixed = [f for f in record.findings if f.code == "ocr-mixed-pages"]
    assert len(mixed) == 1 and "page(s) 1 have text of their own" in mixed[0].message
    assert "altered-text" not in {f.code for f in record.findings}


def test_a_born_digital_return_with_a_scanned_page_added_stays_born_digital() -> None:
    signed = fill(dataclasses.replace(HAN, signature="Bohyung Han"), flatten=True, today=TODAY)
    pages = scans.printed(scans.release(), 150)
    extra = scans.to_pdf(scans.scanned(pages[:1], angle=0.5), 150)  # a scanned attachment
    record = parse(joined((signed, 0), (signed, 1), (extra, 0)), today=TODAY)
    # joined by pypdf: the catalog is new, but the pages are the form's, wording in place
    assert record.source is Source.FLATTENED
    assert "extra-page" in {f.code for f in record.findings}
    assert record.speaker_name == HAN.speaker_name
    assert record.sign_date == HAN.sign_date


def test_a_live_form_whose_page_two_was_replaced_by_its_scan_is_read_from_pixels() -> None:
    """Page 1 filled in a viewer (live fields kept), page 2 printed, ticked, signed and
    dated by pen, scanned and put in place of the original page 2 (pypdf)."""
    pages = scans.printed(scans.release(sign_date=None), 200)
    scans.tick(pages, "Accept", 200)
    scans.sign(pages, 200)
    scans.pen_write(pages, "sign_date", "Sep 23, 2020", 200, seed=9)
    scan = scans.to_pdf(scans.scanned(pages, angle=0.9, noise=5), 200)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(fill(scans.release(), today=TODAY))))
    writer.remove_page(1)
    writer.add_page(PdfReader(io.BytesIO(scan)).pages[1])
    out = io.BytesIO()
    writer.write(out)
    record = parse(out.getvalue(), today=TODAY)
    assert record.source is Source.OCR
    assert record.speaker_name == HAN.speaker_name
    assert record.consent is Consent.ACCEPT and record.signed
    assert record.sign_date == dt.date(2020, 9, 23), record.findings
    assert record.status is Status.VALID, record.findings
