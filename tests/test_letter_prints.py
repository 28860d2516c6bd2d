"""Prints of a release on US Letter with a browser's or a printer's header and footer.

A release printed to PDF on Letter, its own paper, with the header and footer on (the
date and time, the document's title or file name, its address, "1/2"): at actual size the
header and footer stand over the form's page, in its blank margin (where the form draws
nothing); "fit" within the sheet's margins, the form's page is shrunk (by 0.9 or 0.95
here) and the header may reach into the frame of the form's page, shrunk. Both read ``invalid``
(``page-differs``: "ink the form does not have", the header quoted): the print-header
pass (:mod:`pubrelease.reading.margins`) took only words beyond the frame of the form's
page, which on Letter at actual size is the whole sheet. Now words wholly beyond the box
in which the form's pages draw anything (``..reading.ontemplate.form_drawn``) are the
sheet's margin too (:mod:`pubrelease.pdf.sheetmargin`, :mod:`pubrelease.pdf.reframe`),
said as on an A4 sheet: ``print-header`` (info) when every piece is one a printer
writes, ``margin-marks`` (error) otherwise (the same deny-list for a one-word name).

Made by real programs (failing under ``CI=true`` when one is missing): headless
Chromium's Letter print of a page with its header and footer, laid over the release as
``pdftocairo -pdf`` prints it (pypdf), as the A4 prints of ``tests/test_uneven_prints.py``
are; and Ghostscript's ``pdfwrite`` on Letter, which writes the header and footer itself
(an ``/EndPage`` procedure: a print spooler's page label), in one ``TJ`` a line, its
columns set far apart.
"""

from __future__ import annotations

import functools
import io
import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter, Transformation
from reportlab.pdfgen.canvas import Canvas

from pubrelease import Record, Severity, Status, parse

from . import attacks as A
from .helpers import chromium_header_sheet, require_tool

LETTER = (612.0, 792.0)
FIT = (0.9, 30.6, 39.6)
"""The form's page fit within the sheet's margins: the scale, and where it is moved."""
CLOSE = (0.95, 15.3, 19.8)
"""The same, within narrower margins: the header reaches into the form's page, shrunk."""
STRUCK = 462.6
"""Where a line strikes through clause 2 ("2. I will not authorize ...") on the form's page."""
NAME = "release-han.pdf"
REFUSING = ["VOID: I do not agree", "I_do_not_agree_to_publication.pdf", "DECLINED-consent.pdf"]


@functools.cache
def _header_sheet(title: str) -> bytes:
    """An empty Letter page printed by headless Chromium with its header and footer."""
    data = chromium_header_sheet(title, "8.5in 11in")
    assert tuple(PdfReader(io.BytesIO(data)).pages[0].mediabox[2:]) == LETTER
    return data


def _struck(data: bytes) -> bytes:
    """``data`` with clause 2 struck through by a thin line (an update)."""

    def strike(canvas: Canvas) -> None:
        canvas.setLineWidth(0.8)
        canvas.line(72, STRUCK, 540, STRUCK)

    return _drawn_over(data, strike, incremental=True)


def _drawn_over(data: bytes, draw: Callable[[Canvas], None], *, incremental: bool) -> bytes:
    """``data`` with what ``draw`` draws on a Letter page laid over its first page (pypdf),
    as an update (``incremental``) or saved whole."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER)
    draw(canvas)
    canvas.save()
    source = io.BytesIO(data)
    writer = PdfWriter(source, incremental=True) if incremental else PdfWriter(clone_from=source)
    writer.pages[0].merge_page(PdfReader(buffer).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _by_chromium(
    title: str,
    *,
    fit: tuple[float, float, float] | None = None,
    struck: bool = False,
    first: bool = False,
    issued: bytes | None = None,
) -> bytes:
    """The issued release (``issued``, else :func:`.attacks.issued`'s) printed by
    pdftocairo, at actual size or ``fit`` within the sheet's margins (pypdf), Chromium's
    Letter header and footer for a page titled ``title`` laid over each page (drawn
    ``first``: under it)."""
    issued = issued or A.issued()
    issued = _struck(issued) if struck else issued
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "issued.pdf", Path(folder) / "printed.pdf"
        source.write_bytes(issued)
        subprocess.run([require_tool("pdftocairo"), "-pdf", source, out], check=True)
        writer = PdfWriter(clone_from=out)
    over = PdfReader(io.BytesIO(_header_sheet(title))).pages[0]
    for page in writer.pages:
        if fit is not None:
            scale, tx, ty = fit
            page.add_transformation(Transformation().scale(scale, scale).translate(tx, ty))
        page.merge_page(over, over=not first)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _ps(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _by_gs(
    title: str,
    *,
    fit: bool = False,
    struck: bool = False,
    issued: bytes | None = None,
    address: str = "file:///home/han/Downloads/" + NAME,
) -> bytes:
    """The issued release (``issued``, else :func:`.attacks.issued`'s) printed on Letter
    by Ghostscript's ``pdfwrite``, at actual size or fit within the sheet's margins (a
    ``/BeginPage`` that scales), with a header and footer its ``/EndPage`` writes: the
    date and time, ``title``, the file's ``address`` and "Page 1 of 2"."""
    scale, tx, ty = FIT
    begin = f"/BeginPage {{pop {tx} {ty} translate {scale} {scale} scale}}" if fit else ""
    draw = (
        "/Helvetica findfont 8 scalefont setfont "
        f"24 772 moveto (12/2/26, 9:27 AM) show 280 772 moveto {_ps(title)} show "
        f"24 14 moveto {_ps(address)} show 540 14 moveto "
        "(Page ) show currentpagedevice /PageCount get 1 add 4 string cvs show ( of 2) show"
    )
    if fit:  # (drawn on the sheet, not in the page's scaled space)
        draw = f"gsave initmatrix {draw} grestore"
    procedure = f"<<{begin} /EndPage {{exch pop 2 lt {{{draw} true}} {{false}} ifelse}}>>"
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "issued.pdf", Path(folder) / "printed.pdf"
        issued = issued or A.issued()
        source.write_bytes(_struck(issued) if struck else issued)
        command = [
            require_tool("gs"), "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
            "-sPAPERSIZE=letter", "-dFIXEDMEDIA", f"-sOutputFile={out}",
            "-c", f"{procedure} setpagedevice", "-f", str(source),
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
        return out.read_bytes()


PRINTERS: dict[str, Callable[..., bytes]] = {
    "chromium, actual size": _by_chromium,
    "chromium, actual size, drawn first": functools.partial(_by_chromium, first=True),
    "chromium, fit": functools.partial(_by_chromium, fit=FIT),
    "chromium, fit close": functools.partial(_by_chromium, fit=CLOSE),
    "gs, actual size": _by_gs,
    "gs, fit": functools.partial(_by_gs, fit=True),
}


def _codes(record: Record) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in record.findings]


@pytest.mark.parametrize("made", list(PRINTERS))
def test_an_honest_letter_print_with_its_header_and_footer_reads_valid(made: str) -> None:
    """Fails on main before this change: ``page-differs`` quoting the header (the fit
    prints too: the header reaches into the frame of the form's page, shrunk)."""
    record = parse(PRINTERS[made](NAME), today=A.TODAY)
    assert record.status is Status.VALID, _codes(record)
    assert record.speaker_name == "Bohyung Han"
    headers = [f for f in record.findings if f.code == "print-header"]
    assert [f.severity for f in headers] == [Severity.INFO, Severity.INFO], _codes(record)
    assert f"'{NAME}'" in headers[0].message, _codes(record)
    assert re.search(r"'\d{1,2}/\d{1,2}/\d{2}, ", headers[0].message), _codes(record)  # (today)
    assert {"page-differs", "hidden-text", "margin-marks"}.isdisjoint(
        f.code for f in record.findings
    )


@pytest.mark.parametrize("title", REFUSING)
@pytest.mark.parametrize("made", list(PRINTERS))
def test_refusing_words_in_a_letter_prints_header_are_not_valid(made: str, title: str) -> None:
    """The document's title printed in the header refuses (the A4 pass's deny-list)."""
    record = parse(PRINTERS[made](title), today=A.TODAY)
    assert record.status is Status.INVALID, _codes(record)
    marks = [f.message for f in record.findings if f.code == "margin-marks"]
    assert any(repr(title) in m for m in marks), _codes(record)
    assert "print-header" not in {f.code for f in record.findings}


@pytest.mark.parametrize("made", list(PRINTERS))
def test_a_struck_clause_on_a_letter_print_with_a_header_is_not_valid(made: str) -> None:
    record = parse(PRINTERS[made](NAME, struck=True), today=A.TODAY)
    assert record.status is Status.INVALID, _codes(record)
    assert "page-differs" in {f.code for f in record.findings}, _codes(record)


def test_words_over_the_forms_wording_are_not_a_header() -> None:
    """A date written over the form's wording (not beyond the box its pages draw in) is
    ink the form does not have, header or not."""

    def date(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", 9)
        canvas.drawString(300, 700, "12/2/26, 9:27 AM")

    record = parse(_drawn_over(_by_chromium(NAME), date, incremental=False), today=A.TODAY)
    assert record.status is Status.INVALID, _codes(record)
    differs = [f.message for f in record.findings if f.code == "page-differs"]
    assert any("12/2/26" in m for m in differs), _codes(record)


def test_ink_in_the_blank_margin_of_a_letter_print_is_not_valid() -> None:
    """A box with a cross drawn above the form's wording, under a browser's header."""

    def crossed_box(canvas: Canvas) -> None:
        canvas.setLineWidth(2)
        canvas.rect(250, 735, 90, 24)
        canvas.line(250, 735, 340, 759)

    record = parse(_drawn_over(_by_chromium(NAME), crossed_box, incremental=False), today=A.TODAY)
    assert record.status is not Status.VALID, _codes(record)
