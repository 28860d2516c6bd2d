"""Honest returns printed again, at another scale or a fraction of a point off, read as written.

* A release printed to A4 by pdftocairo, then printed again on US Letter "fit to page"
  (``pdftocairo -pdf -paper letter``, with or without ``-expand``; Ghostscript's
  ``pdfwrite`` with ``-sPAPERSIZE=letter -dPDFFitPage -dFIXEDMEDIA``): the form's page
  drawn at 0.9145 of its size; or a print moved by a tenth of a point (a ``cm`` before
  the page's content, pypdf). Both read ``shown-text-differs``: "'…party claims arising'
  shows as '…party claims amising'" ("irrevocably" as "imrevocably"). The glyph check
  (:mod:`pubrelease.reading.wordingglyphs`) let each character it compared the glyph
  with take its own pixel of play, the return's cell moved against the form's not moved:
  half a pixel off, the move that suited an "m" brought the next "i"'s stem into the
  cell of the "r", where "m", cut to the cell, has its own. The play is now one a cell,
  where the page stands nearest the form's over the cell and its neighbours' ink beside
  it. A word drawn otherwise (a lying font's "90" or "80" for "60", "now" for "not",
  "Diega" for "Diego") is still seen on the same prints.
* The agreement typeset by another system (a web page printed by headless Chromium, one
  long page) printed again with a browser's header and footer: the footer's address and
  "1/1", the page's last line, were read as part of the countersignature's date, the
  last value on the page ('Sep 23, 2020 file:///…/page.html 1/1' is not a date:
  ``bad-date``, ``invalid``). A header or footer line of a printer's pieces alone (a
  time, an address or a file's name among them) at a page's top or bottom is furniture
  (:mod:`pubrelease.reading.furniture`), said as ``print-header``; one with words that
  refuse ("NOT AGREED.pdf") counts (``margin-marks``), on every layout, where a header
  repeated on every page was dropped before whatever it said.

Made by real programs (failing under ``CI=true`` when one is missing).
"""

from __future__ import annotations

import functools
import io
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter, Transformation

from pubrelease import Record, Status, parse
from pubrelease.record import Severity

from . import attacks as A
from .helpers import chromium_header_sheet, require_tool
from .returns import STYLES, render_html
from .test_wording_glyphs import CLAUSE, redrawn

NAME = "release-han.pdf"
REFUSING = ["NOT AGREED.pdf", "VOID: I do not agree", "I_do_not_agree_to_publication.pdf"]


def _codes(record: Record) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in record.findings]


def _pdftocairo(data: bytes, *options: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
        source.write_bytes(data)
        subprocess.run([require_tool("pdftocairo"), "-pdf", *options, source, out], check=True)
        return out.read_bytes()


def _gs_letter_fit(data: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
        source.write_bytes(data)
        command = [
            require_tool("gs"), "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
            "-sPAPERSIZE=letter", "-dPDFFitPage", "-dFIXEDMEDIA", f"-sOutputFile={out}",
            str(source),
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
        return out.read_bytes()


def _moved(data: bytes, dx: float, dy: float) -> bytes:
    """``data`` with ``1 0 0 1 dx dy cm`` before each page's content (pypdf)."""
    writer = PdfWriter(clone_from=io.BytesIO(data))
    for page in writer.pages:
        page.add_transformation(Transformation().translate(dx, dy))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _a4_then_letter(data: bytes, *options: str) -> bytes:
    return _pdftocairo(_pdftocairo(data, "-paper", "A4"), "-paper", "letter", *options)


REFITS: dict[str, Callable[[bytes], bytes]] = {
    "pdftocairo A4, then Letter": _a4_then_letter,
    "pdftocairo A4, then Letter -expand": lambda data: _a4_then_letter(data, "-expand"),
    "pdftocairo A4, then gs Letter fit": lambda data: _gs_letter_fit(
        _pdftocairo(data, "-paper", "A4")
    ),
    "pdftocairo, moved 0.1 pt across": lambda data: _moved(_pdftocairo(data), 0.1, 0.0),
    "pdftocairo, moved 0.1 pt each way": lambda data: _moved(_pdftocairo(data), 0.1, 0.1),
    "pdftocairo, moved 0.1 pt, pdftocairo again": lambda data: _pdftocairo(
        _moved(_pdftocairo(data), 0.1, 0.1)
    ),
}


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
@pytest.mark.parametrize("made", list(REFITS))
def test_an_honest_release_printed_again_reads_valid(made: str, flatten: bool) -> None:
    """Fails on main before this change: ``shown-text-differs`` ("arising" shows as
    "amising", "irrevocably" as "imrevocably")."""
    record = parse(REFITS[made](A.issued(flatten=flatten)), today=A.TODAY)
    assert record.status is Status.VALID, _codes(record)
    assert "shown-text-differs" not in {f.code for f in record.findings}
    assert record.speaker_name == A.RELEASE.speaker_name


ALTERED = [
    (0, "60", "90", CLAUSE, "'…at least 60' shows as '…at least 90'"),
    (0, "not", "now", "ICML is ", "'…ICML is not' shows as '…ICML is no"),
    (0, "60", "80", CLAUSE, "'…at least 60' shows as '…at least 80'"),
    (1, "o", "a", "County of San Dieg", "'…of San Diego,' shows as '…of San Diega,'"),
]


@pytest.mark.parametrize(("page", "old", "new", "within", "shows"), ALTERED, ids=lambda v: v)
@pytest.mark.parametrize("made", list(REFITS))
def test_a_word_drawn_otherwise_is_still_seen_on_the_same_prints(
    made: str, page: int, old: str, new: str, within: str, shows: str
) -> None:
    """The control: a lying Type 3 font's glyphs, printed the same way."""
    doctored = A.apply(A.issued(), redrawn(page, old, new, "type3", within=within), A.Save.RESAVED)
    record = parse(REFITS[made](doctored), today=A.TODAY)
    assert record.status is Status.INVALID, _codes(record)
    messages = [f.message for f in record.findings if f.code == "shown-text-differs"]
    assert any(shows in m for m in messages), _codes(record)


# ------------------------------------------------------------- another system's layout


@functools.cache
def _chromium_return() -> bytes:
    """The agreement as one long web page printed by headless Chromium (DejaVu Sans)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "release.pdf"
        render_html(A.RELEASE, out, STYLES["sans-check-image"])
        data = out.read_bytes()
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    return data


@functools.cache
def _header_sheet(title: str, width: float, height: float) -> bytes:
    return chromium_header_sheet(title, f"{width:g}pt {height:g}pt")


def _with_header(data: bytes, title: str, *, fit: float | None = None) -> bytes:
    """``data`` printed again with Chromium's header and footer for a page titled
    ``title`` on each page's own paper (its page shrunk by ``fit`` in the sheet's middle)."""
    writer = PdfWriter(clone_from=io.BytesIO(data))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if fit is not None:
            moved = Transformation().scale(fit, fit)
            page.add_transformation(moved.translate(width * (1 - fit) / 2, height * (1 - fit) / 2))
        sheet = PdfReader(io.BytesIO(_header_sheet(title, width, height))).pages[0]
        page.merge_page(sheet)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("fit", [None, 0.9], ids=["actual size", "fit 0.9"])
def test_another_systems_return_printed_with_a_header_reads_as_unprinted(
    fit: float | None,
) -> None:
    """Fails on main before this change: ``bad-date`` (the footer read into the
    countersignature's date)."""
    unprinted = parse(_chromium_return(), today=A.TODAY)
    assert unprinted.status is Status.VALID, _codes(unprinted)
    record = parse(_with_header(_chromium_return(), NAME, fit=fit), today=A.TODAY)
    assert record.status is unprinted.status, _codes(record)
    assert record.countersign_date == unprinted.countersign_date
    assert record.speaker_name == unprinted.speaker_name
    headers = [f.message for f in record.findings if f.code == "print-header"]
    assert len(headers) == 1 and f"'{NAME}'" in headers[0] and "'1/1'" in headers[0], headers
    assert {"bad-date", "altered-text", "margin-marks"}.isdisjoint(
        f.code for f in record.findings
    ), _codes(record)


@pytest.mark.parametrize("title", REFUSING)
@pytest.mark.parametrize("kind", ["chromium", "layout"])
def test_refusing_words_in_the_header_of_another_layout_count(kind: str, title: str) -> None:
    """On one long page and on a layout of two pages (whose header, repeated on both,
    was dropped as a running header whatever it said: ``valid`` on main)."""
    if kind == "chromium":
        data = _chromium_return()
    else:
        from .layouts import render

        with tempfile.TemporaryDirectory() as folder:
            data = render(A.RELEASE, Path(folder) / "layout.pdf").read_bytes()
    record = parse(_with_header(data, title), today=A.TODAY)
    assert record.status is Status.INVALID, _codes(record)
    marks = [f.message for f in record.findings if f.code == "margin-marks"]
    assert marks and all(title in m for m in marks), _codes(record)


def _layout(kind: str) -> bytes:
    if kind == "chromium":
        return _chromium_return()
    from .layouts import render

    with tempfile.TemporaryDirectory() as folder:
        return render(A.RELEASE, Path(folder) / "layout.pdf").read_bytes()


# (none of them a word the deny-list holds: "I do not agree", "do not agree to publishing",
# another speaker's name)
UNKNOWN = ["동의하지_않음.pdf", "不同意发表.pdf", "Release_Jane_Doe_speaker.pdf"]


@pytest.mark.parametrize("title", UNKNOWN)
@pytest.mark.parametrize("kind", ["chromium", "layout"])
def test_a_header_naming_the_document_in_other_words_is_for_a_person(kind: str, title: str) -> None:
    """A printer's header on another system's layout whose file name says what is none a
    printer's, the form's or the release's own words is for a person to read (as over
    the form's own page, .margins): ``valid`` on main, its header said as info."""
    record = parse(_with_header(_layout(kind), title), today=A.TODAY)
    assert record.status is Status.INCOMPLETE, _codes(record)
    marks = [f for f in record.findings if f.code == "margin-marks"]
    assert marks and all(f.severity is Severity.WARNING for f in marks), _codes(record)
    assert "print-header" not in {f.code for f in record.findings}, _codes(record)


@pytest.mark.parametrize("title", ["Bohyung_Han_release_signed.pdf", "ICML2020 release.pdf"])
def test_a_header_naming_the_document_in_the_releases_words_stays_a_printers(title: str) -> None:
    record = parse(_with_header(_layout("layout"), title), today=A.TODAY)
    assert record.status is Status.VALID, _codes(record)
    assert "print-header" in {f.code for f in record.findings}, _codes(record)


def test_a_header_over_the_wording_is_still_altered_wording() -> None:
    """A Letter header sheet laid over the long page puts the date and title amid the
    wording, not at its edge: not furniture."""
    sheet = PdfReader(io.BytesIO(_header_sheet(NAME, 612, 792))).pages[0]
    writer = PdfWriter(clone_from=io.BytesIO(_chromium_return()))
    writer.pages[0].merge_page(sheet)
    out = io.BytesIO()
    writer.write(out)
    record = parse(out.getvalue(), today=A.TODAY)
    assert record.status is Status.INVALID, _codes(record)
    assert "altered-text" in {f.code for f in record.findings}, _codes(record)
