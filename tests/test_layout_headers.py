"""A printer's header naming the document over another system's layout is judged as over
the form's own sheet.

A print of a return carries a printer's header: the date and time, the document's file
name, its address and "1/1". On a sheet of the form's own page the header stands in the
sheet's margin (:mod:`pubrelease.reading.margins`): its file name's words are read (spaces
and apostrophes too), runs of the release's own values taken out before the deny-list
("Jaehyun_No.pdf" of a speaker Jaehyun No is no refusal), the other words held against
what an honest name is made of (:mod:`pubrelease.reading.marginwords`). On a page typeset
by another system (a web page printed by headless Chromium, a reportlab layout) the
header is a line of the page's text (:mod:`pubrelease.reading.furniture`), where on main a
file's name was one word and the values' runs were not taken out:

* honest names read ``invalid``: "ICML2020_release_Jaehyun_No.pdf" ("No" is listed),
  "Object Detection release.pdf" (a word of the event's title is listed);
* names with spaces were never judged (the words before the last one left in the page's
  text, where the layout's reading passes them by, or dropped as a running header
  repeated on every page): "Release Jane Doe speaker.pdf" (another speaker) and
  "Scan 2020-09-15 signed under protest.pdf" read ``valid``, ``incomplete`` on the
  form's sheet.

Each case reads the status the same header reads in the margin of the form's sheet
(``test_margin_names._verdict``, the margin pass itself). Made by real programs (failing
under ``CI=true`` when one is missing): the agreement as Chromium prints a web page (one
long page) and as reportlab typesets it (two pages), Chromium's header and footer laid over
each page (``tests/test_honest_refits.py``).
"""

from __future__ import annotations

import dataclasses
import functools
import tempfile
from pathlib import Path

import pytest

from pubrelease import Release, Status, parse

from . import attacks as A
from .returns import STYLES, render_html
from .test_honest_refits import _chromium_return, _layout, _with_header
from .test_margin_names import NO, VALUES, _verdict
from .test_margin_words import _codes

KINDS = ["chromium", "layout"]


@functools.cache
def _returned(kind: str, release: Release) -> bytes:
    """``release`` as another system typesets it: ``kind`` "chromium" (one long page) or
    "layout" (reportlab, two pages)."""
    if release == A.RELEASE:
        return _chromium_return() if kind == "chromium" else _layout(kind)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "release.pdf"
        if kind == "chromium":
            render_html(release, out, STYLES["sans-check-image"])
        else:
            from .layouts import render

            render(release, out)
        return out.read_bytes()


NO_RELEASE = dataclasses.replace(A.RELEASE, speaker_name=NO[0], signature=NO[0], event_title=NO[1])
"""A Korean speaker surnamed No, an event's title with a listed word ("Conditional")."""

CASES = [
    # honest names, with spaces or apostrophes, or of the release's own words (a listed one)
    ("Scan 2020-09-15 at 10.32.11.pdf", "valid", A.RELEASE),
    ("release copy 2.pdf", "valid", A.RELEASE),
    ("Bohyung_Han's_release.pdf", "valid", A.RELEASE),
    ("Publishing Release Bohyung Han.pdf", "valid", A.RELEASE),
    ("Object Detection release.pdf", "valid", A.RELEASE),
    ("Han_Bo-hyung_ICML2020.pdf", "valid", A.RELEASE),
    ("ICML2020_release_Jaehyun_No.pdf", "valid", NO_RELEASE),
    ("No_Jaehyun_release.pdf", "valid", NO_RELEASE),
    ("Conditional_Image_Synthesis_release.pdf", "valid", NO_RELEASE),
    # a listed word beside the values, a refusal under accents or shaped as a date
    ("Jaehyun_Not_release.pdf", "invalid", NO_RELEASE),
    ("No.pdf", "invalid", NO_RELEASE),
    ("I do not agree.pdf", "invalid", NO_RELEASE),
    ("Décliné.pdf", "invalid", A.RELEASE),
    ("Declined 15, 2027", "invalid", A.RELEASE),
    # words none a printer's, the form's or the release's: for a person
    ("rights_revert_to_me.pdf", "incomplete", A.RELEASE),
    ("opt_out.pdf", "incomplete", A.RELEASE),
    ("Release Jane Doe speaker.pdf", "incomplete", A.RELEASE),
    ("Scan 2020-09-15 signed under protest.pdf", "incomplete", A.RELEASE),
]


@pytest.mark.parametrize(("title", "status", "release"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("kind", KINDS)
def test_a_header_over_a_layout_reads_as_over_the_forms_sheet(
    kind: str, title: str, status: str, release: Release
) -> None:
    """Fail on main: the Jaehyun No names, "Object Detection release.pdf" (``invalid``),
    "Release Jane Doe speaker.pdf" and "Scan 2020-09-15 signed under protest.pdf"
    (``valid``)."""
    values = (release.speaker_name, release.event_title, release.countersigner_name or "")
    assert _verdict(title, values if release != A.RELEASE else VALUES) == status
    unprinted = parse(_returned(kind, release), today=A.TODAY)
    assert unprinted.status is Status.VALID, _codes(unprinted)
    record = parse(_with_header(_returned(kind, release), title), today=A.TODAY)
    assert record.status.value == status, _codes(record)
    assert record.speaker_name == release.speaker_name
    marks = [f.message for f in record.findings if f.code == "margin-marks"]
    headers = [f.message for f in record.findings if f.code == "print-header"]
    if status == "valid":  # (the header said, quoting the name, as a printer's)
        assert not marks and headers and all(title in m for m in headers), _codes(record)
    else:  # (the name quoted for a person, or as a refusal)
        assert marks and all(title in m for m in marks), _codes(record)
    if status == "incomplete":  # (not said as a printer's too)
        assert not headers, _codes(record)


def test_a_header_of_the_pages_own_words_before_a_file_name_is_for_a_person() -> None:
    """A line at a layout's edge of words before a file's name ("Consent limited to audio
    see rider.pdf") is a name with spaces, as on the form's sheet: its words are read,
    not passed by as the page's (``valid`` on main)."""
    title = "Consent limited to audio see rider.pdf"
    assert _verdict(title) == "incomplete"
    for kind in KINDS:
        record = parse(_with_header(_returned(kind, A.RELEASE), title), today=A.TODAY)
        assert record.status is Status.INCOMPLETE, (kind, _codes(record))
        marks = [f.message for f in record.findings if f.code == "margin-marks"]
        assert marks and all("'audio'" in m and "'rider'" in m for m in marks), _codes(record)


def _line_above(data: bytes, text: str, *, every: bool = False) -> bytes:
    """``text`` drawn in Helvetica 8 across the top of page 1, above the agreement (on
    ``every`` page, at its foot)."""
    import io

    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    writer = PdfWriter(clone_from=io.BytesIO(data))
    for page in writer.pages if every else writer.pages[:1]:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        buffer = io.BytesIO()
        sheet = canvas.Canvas(buffer, pagesize=(width, height))
        sheet.setFont("Helvetica", 8)
        sheet.drawString(24, 30 if every else height - 30, text)
        sheet.showPage()
        sheet.save()
        page.merge_page(PdfReader(io.BytesIO(buffer.getvalue())).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", KINDS)
def test_a_refusal_above_a_layouts_agreement_is_for_a_person(kind: str) -> None:
    """Review 33: read ``valid`` with no finding on 9dcfdc4 (the text before the
    wording's first piece was a layout's own heading, never read)."""
    data = _line_above(_layout(kind), "VOID - consent withdrawn, I do not agree")
    record = parse(data, today=A.TODAY)
    assert record.status is Status.INCOMPLETE, _codes(record)
    assert any("before the agreement" in f.message for f in record.findings)


@pytest.mark.parametrize(
    "text",
    [
        "VOID - consent withdrawn, I do not agree",
        "Strictly confidential - do not publish",
        # (review rev34: valid on 4acbc1e, the marking taken out wherever it stood)
        "Video recording for internal use only",
        "Talk slides strictly confidential",
    ],
)
def test_a_refusal_repeated_at_the_foot_of_every_page_of_a_layout_is_for_a_person(
    text: str,
) -> None:
    """Review 33: read ``valid`` with no finding on 9dcfdc4 (taken off as a running
    footer, never read). A document's marking ("confidential") is set aside, what
    follows it is not."""
    data = _line_above(_layout("layout"), text, every=True)
    record = parse(data, today=A.TODAY)
    assert record.status is Status.INCOMPLETE, _codes(record)
    assert any("repeated at the pages' edges" in f.message for f in record.findings)


@pytest.mark.parametrize("text", ["Speaker agreements 2020 | Confidential", "CONFIDENTIAL"])
def test_a_documents_marking_repeated_at_the_foot_of_its_pages_is_furniture(text: str) -> None:
    """Read ``incomplete`` (margin-marks) on da2040d: "confidential" is a word a file's
    name must not have, not one a word processor's running footer may not."""
    record = parse(_line_above(_layout("layout"), text, every=True), today=A.TODAY)
    assert record.status is Status.VALID, _codes(record)


TITLES = [
    ("Rights revert to me", "incomplete"),
    ("Talk recorded for my lab only", "invalid"),  # ("only": listed)
    ("ICML 2020 Publishing Release", "valid"),
    ("Bohyung Han - Publishing Release", "valid"),
]


@pytest.mark.parametrize(("title", "status"), TITLES, ids=[t for t, _ in TITLES])
@pytest.mark.parametrize("kind", KINDS)
def test_a_pages_title_beside_a_printers_date_over_a_layout_is_read(
    kind: str, title: str, status: str
) -> None:
    """A browser prints the page's title beside the date and time; a title that is no
    file's name ("Rights revert to me") was left in the page's text and read ``valid``
    on b31728c (review 33): its words, none the form's or the release's, are now for a
    person, as a file's name's are."""
    record = parse(_with_header(_returned(kind, A.RELEASE), title), today=A.TODAY)
    assert record.status.value == status, _codes(record)
    assert record.speaker_name == A.RELEASE.speaker_name
    code = "print-header" if status == "valid" else "margin-marks"
    said = [f.message for f in record.findings if f.code == code]
    assert any(title in m for m in said), _codes(record)
    if status == "valid":
        assert not [f for f in record.findings if f.code == "margin-marks"], _codes(record)
