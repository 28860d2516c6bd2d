"""Prints of a release on other paper, or turned, read as shown (rev26 #4-#6, issue 11).

Each a release ``fill`` issued, printed to PDF by a real program (failing under
``CI=true`` when it is missing), read ``valid`` with the name as filled.

* Printed to A4, "fit to page" (``pdftocairo -pdf -paper A4``; Ghostscript's ``pdfwrite``
  with ``-sPAPERSIZE=a4 -dFIXEDMEDIA -dPDFFitPage``): the form's Letter page drawn scaled
  by 595/612 in the middle of the sheet. No value box of the form lay where it draws its
  value, and the page was read as another system's layout: Arabic and Devanagari names
  kept their holes (``invalid``), and pdftocairo's Hebrew and Thai names, whose space is
  a gap between glyphs, read without it ('שרהלוי', ``valid`` with the wrong name). Such a
  page, told by the form's characters standing where the scale and shift put them, is
  laid in the form's frame scaled back (:mod:`pubrelease.pdf.fitted`), and read on the
  form's pages. A word drawn in the sheet's margin, beyond the form's page, is outside
  the frame, but shown: ``margin-marks``, quoted, not ``valid`` (it was ``hidden-text``:
  ``tests/test_uneven_prints.py``). A print fit within a sheet's margins (drawn
  here by pypdf: pdftocairo's Letter print scaled by 0.9 onto A4) is told by a scale
  pairs of the form's characters vote for.
* A page turned by qpdf (``qpdf --rotate=+90``), then printed by Ghostscript, pdftocairo or
  mutool: the print's drawing is turned in the page's own space, and the reading lays it
  in the form's frame first (:mod:`pubrelease.pdf.reframe`). Its Arabic and Devanagari
  names, whose text layer names no character for some glyphs, were read from the glyphs
  the *file's* pages show, where the turned page has them, not where the copy laid in
  the frame does: no box held a glyph, the holes stayed ('محمد ع\\x0e\\x03د الرحم�'),
  ``invalid``. The glyphs are read from the copy; and so the boxes of pdftocairo's Greek
  name are seen to draw it glyph by glyph (they were left to a person,
  ``shown-text-unchecked``).
"""

from __future__ import annotations

import dataclasses
import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import RectangleObject
from reportlab.pdfgen.canvas import Canvas

from pubrelease import Status, fill, parse

from . import attacks as A
from . import returns as R
from . import turned as T
from .helpers import require_tool

ARABIC, DEVANAGARI, GREEK = "محمد عبد الرحمن", "अमित कुमार शर्मा", "Γεώργιος Παπαδόπουλος"
HEBREW, THAI, LATIN = "שרה לוי", "สมชาย ใจดี", "Zoë Ødegård-Łukasiewicz"
A4 = [(n, p) for n in (ARABIC, DEVANAGARI, HEBREW, THAI, LATIN) for p in ("gs", "pdftocairo")]
TURNED = [
    (name, printer) for name in (ARABIC, DEVANAGARI) for printer in ("gs", "pdftocairo", "mutool")
]
TURNED.append((GREEK, "pdftocairo"))


def _issued(name: str) -> bytes:
    return fill(dataclasses.replace(A.RELEASE, speaker_name=name, signature=name), today=A.TODAY)


def _on_a4(data: bytes, printer: str, folder: Path) -> bytes:
    """``data`` printed to A4, fit to the page, by ``printer``."""
    source, out = folder / "letter.pdf", folder / "a4.pdf"
    source.write_bytes(data)
    if printer == "pdftocairo":
        command = [require_tool("pdftocairo"), "-pdf", "-paper", "A4", str(source), str(out)]
    else:
        command = [
            require_tool("gs"), "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
            "-sPAPERSIZE=a4", "-dFIXEDMEDIA", "-dPDFFitPage", f"-sOutputFile={out}", str(source),
        ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    return out.read_bytes()


@pytest.mark.parametrize(("name", "printer"), A4)
def test_a_release_printed_fit_to_a4_reads_as_filled(name: str, printer: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        record = parse(_on_a4(_issued(name), printer, Path(folder)), today=A.TODAY)
    assert (record.speaker_name, record.signature) == (name, name)
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]


@pytest.mark.parametrize("name", [ARABIC, HEBREW, THAI])
def test_a_print_fit_within_a_sheets_margins_reads_as_filled(name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "issued.pdf"
        source.write_bytes(_issued(name))
        printed = R.flatten_with("pdftocairo", source, Path(folder) / "printed.pdf", strict=False)
        writer = PdfWriter(clone_from=printed)
    for page in writer.pages:
        page.add_transformation(Transformation().scale(0.9, 0.9).translate(25, 65))
        page.mediabox = page.cropbox = RectangleObject([0, 0, 595, 842])
    out = io.BytesIO()
    writer.write(out)
    record = parse(out.getvalue(), today=A.TODAY)
    assert (record.speaker_name, record.signature) == (name, name)
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]


def test_a_word_in_the_margin_of_an_a4_print_is_not_valid() -> None:
    """ "VOID" drawn above the form's page on the sheet: every viewer shows it."""
    with tempfile.TemporaryDirectory() as folder:
        printed = _on_a4(_issued(LATIN), "pdftocairo", Path(folder))
    stamp = io.BytesIO()
    canvas = Canvas(stamp, pagesize=(595, 842))
    canvas.setFont("Helvetica-Bold", 30)
    canvas.drawString(200, 815, "VOID")
    canvas.save()
    writer = PdfWriter(clone_from=io.BytesIO(printed))
    writer.pages[0].merge_page(PdfReader(stamp).pages[0])
    out = io.BytesIO()
    writer.write(out)
    record = parse(out.getvalue(), today=A.TODAY)
    assert record.status is Status.INVALID
    marks = [f.message for f in record.findings if f.code == "margin-marks"]
    assert any("'VOID'" in m for m in marks), marks


def _turned_printed(name: str, printer: R.FlattenTool) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "turned-issued.pdf"
        source.write_bytes(T.qpdf_rotate(_issued(name), "+90", Path(folder)))
        printed = R.flatten_with(printer, source, Path(folder) / "printed.pdf", strict=False)
        return printed.read_bytes()


@pytest.mark.parametrize(("name", "printer"), TURNED)
def test_a_turned_page_printed_reads_its_name_from_its_glyphs(
    name: str, printer: R.FlattenTool
) -> None:
    record = parse(_turned_printed(name, printer), today=A.TODAY)
    assert (record.speaker_name, record.signature) == (name, name)
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]
