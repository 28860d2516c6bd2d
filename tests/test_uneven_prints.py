"""Prints of a release drawn at one scale across and another down (or shrunk on their own
paper), read on the form's pages.

A release printed to PDF (``pdftocairo -pdf``) and drawn again at 0.95 across and 0.90
down, moved, on A4 (qpdf through pikepdf wrapping the page's content in ``q 0.95 0 0 0.9
10 60 cm ... Q``; pypdf's ``add_transformation``; Ghostscript's ``pdfwrite`` with a
``/BeginPage`` that scales so), or shrunk on Letter, was not told for the form's page (one
scale only was looked for: :mod:`pubrelease.pdf.fitted`) and was read as a layout by
another system, whose drawings are compared with nothing: a line struck through clause 2
read ``valid``. Such a page is now laid in the form's frame, drawn back where the form has
it, and compared with the form's page like any print of it.

What such a sheet shows beyond the form's page, outside the frame, was read as hidden
text, though a person sees it: a browser's printed header and footer (the date, the
document's title, its address, "1/1": made here by headless Chromium and laid over an A4
print) read ``invalid``. It is said for what it is, quoted: ``print-header`` (info) when
every piece is one a printer writes, ``margin-marks`` (error) for other words, and
(warning) for other ink there, which was not looked at at all (a box drawn in the
margin read ``valid``).

A return really laid out by another system (reportlab: ``tests/layouts.py``; a web page
printed by Chromium: ``tests/returns.py``) is read from its text, and what it draws was
compared with nothing either: a line struck through clause 2 read ``valid``. A path
through the middle of its letters is now ``drawn-over-text`` (``incomplete``), while the
same layout, honest (rules, boxes, drawn answers, ink signatures), stays ``valid``.
"""

from __future__ import annotations

import functools
import io
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import RectangleObject
from reportlab.pdfgen.canvas import Canvas

from pubrelease import Severity, Source, Status, parse

from . import attacks as A
from . import layouts as L
from . import returns as R
from .helpers import chromium_header_sheet, require_tool

A4, LETTER = (595.0, 842.0), (612.0, 792.0)
UNEVEN = (0.95, 0.9, 10.0, 60.0)
"""Across, down, and the shift of a print at an uneven scale on A4."""
SHRUNK = (0.97, 0.93, 8.0, 25.0)
"""The same, shrunk on Letter (a printer's margins, one way more than the other)."""
TURNED = tuple(pikepdf.Matrix().rotated(0.2).scaled(0.95, 0.9).translated(12, 58).shorthand)
"""The same turned by a fifth of a degree (a, b, c, d, e, f)."""
STRUCK = 462.6
"""Where a line strikes through clause 2 ("2. I will not authorize ...") on the form's page."""


def _printed(data: bytes | None = None) -> bytes:
    """``data`` (the issued release) printed to PDF by pdftocairo: no fields, no marker."""
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "issued.pdf", Path(folder) / "printed.pdf"
        source.write_bytes(A.issued() if data is None else data)
        subprocess.run([require_tool("pdftocairo"), "-pdf", source, out], check=True)
        return out.read_bytes()


def _strike(placement: tuple[float, float, float, float], sheet: tuple[float, float]) -> bytes:
    """A page of ``sheet``'s size with a thin line through clause 2 where ``placement``
    puts it."""
    sx, sy, tx, ty = placement
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=sheet)
    canvas.setLineWidth(0.8)
    canvas.line(72 * sx + tx, STRUCK * sy + ty, 540 * sx + tx, STRUCK * sy + ty)
    canvas.save()
    return buffer.getvalue()


def _by_pikepdf(data: bytes, placement: tuple[float, ...], sheet: tuple[float, float]) -> bytes:
    """Each page's content wrapped in ``q sx 0 0 sy tx ty cm ... Q`` (or any matrix
    ``a b c d e f``) on a sheet's media box by qpdf (pikepdf), saved whole."""
    matrix = placement if len(placement) == 6 else (placement[0], 0, 0, *placement[1:])
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.contents_coalesce()
            body = page.obj.Contents.read_bytes()
            wrap = " ".join(f"{v:.6f}" for v in matrix)
            page.obj.Contents = pdf.make_stream(f"q {wrap} cm\n".encode() + body + b"\nQ\n")
            page.obj.MediaBox = pikepdf.Array([0, 0, *sheet])
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _by_pypdf(
    data: bytes,
    placement: tuple[float, float, float, float],
    sheet: tuple[float, float],
    *,
    incremental: bool,
    struck: bool,
) -> bytes:
    """Each page drawn at ``placement`` on a sheet by pypdf (``add_transformation``), the
    first struck through when ``struck``: appended as an update, or re-saved whole by qpdf."""
    sx, sy, tx, ty = placement
    writer = (
        PdfWriter(io.BytesIO(data), incremental=True)
        if incremental
        else PdfWriter(clone_from=io.BytesIO(data))
    )
    for number, page in enumerate(writer.pages):
        page.add_transformation(Transformation().scale(sx, sy).translate(tx, ty))
        page.mediabox = RectangleObject([0, 0, *sheet])
        if number == 0 and struck:
            page.merge_page(PdfReader(io.BytesIO(_strike(placement, sheet))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue() if incremental else A.resave(out.getvalue())


def _by_gs(data: bytes, placement: tuple[float, float, float, float]) -> bytes:
    """``data`` printed by Ghostscript onto A4, each page scaled and moved by a
    ``/BeginPage`` procedure."""
    sx, sy, tx, ty = placement
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
        source.write_bytes(data)
        command = [
            require_tool("gs"), "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
            "-dDEVICEWIDTHPOINTS=595", "-dDEVICEHEIGHTPOINTS=842", "-dFIXEDMEDIA",
            f"-sOutputFile={out}", "-c",
            f"<</BeginPage {{pop {tx} {ty} translate {sx} {sy} scale}}>> setpagedevice",
            "-f", str(source),
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
        return out.read_bytes()


def _struck_release() -> bytes:
    """The issued release with clause 2 struck through (an update), before it is printed."""
    writer = PdfWriter(io.BytesIO(A.issued()), incremental=True)
    writer.pages[0].merge_page(PdfReader(io.BytesIO(_strike((1, 1, 0, 0), LETTER))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pikepdf_struck(
    placement: tuple[float, ...], sheet: tuple[float, float]
) -> Callable[[], bytes]:
    return lambda: _by_pikepdf(_printed(_struck_release()), placement, sheet)


STRUCK_PRINTS: dict[str, Callable[[], bytes]] = {
    "pikepdf A4": _pikepdf_struck(UNEVEN, A4),
    "pikepdf Letter": _pikepdf_struck(SHRUNK, LETTER),
    "pikepdf Letter, one scale": _pikepdf_struck((0.94, 0.94, 18.0, 24.0), LETTER),
    "pikepdf A4, turned a little": _pikepdf_struck(TURNED, A4),
    "pypdf re-saved": lambda: _by_pypdf(_printed(), UNEVEN, A4, incremental=False, struck=True),
    "pypdf update": lambda: _by_pypdf(_printed(), UNEVEN, A4, incremental=True, struck=True),
    "gs": lambda: _by_gs(_struck_release(), UNEVEN),
}
HONEST_PRINTS: dict[str, Callable[[], bytes]] = {
    "pikepdf A4": lambda: _by_pikepdf(_printed(), UNEVEN, A4),
    "pikepdf Letter": lambda: _by_pikepdf(_printed(), SHRUNK, LETTER),
    "pypdf re-saved": lambda: _by_pypdf(_printed(), UNEVEN, A4, incremental=False, struck=False),
    "gs": lambda: _by_gs(A.issued(), UNEVEN),
}


@pytest.mark.parametrize("made", list(STRUCK_PRINTS))
def test_a_clause_struck_through_on_an_uneven_print_is_seen(made: str) -> None:
    record = parse(STRUCK_PRINTS[made](), today=A.TODAY)
    codes = {f.code for f in record.findings}
    assert record.status is Status.INVALID, codes
    assert "page-differs" in codes  # compared with the form's page, the line is ink it lacks
    struck = [f.message for f in record.findings if f.code == "page-differs"]
    assert any("2. I will not authorize" in m for m in struck), struck


@pytest.mark.parametrize("made", list(HONEST_PRINTS))
def test_an_honest_uneven_print_reads_valid_on_the_forms_page(made: str) -> None:
    record = parse(HONEST_PRINTS[made](), today=A.TODAY)
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]
    assert record.source is Source.FLATTENED
    assert (record.speaker_name, record.signature) == ("Bohyung Han", "Bohyung Han")


def test_a_clause_covered_white_on_an_uneven_print_is_the_forms_wording_not_shown() -> None:
    """Clause 4 painted over in white (the attack kit's rectangle), then printed unevenly:
    the form's wording is not shown where the form has it."""
    covered = A.apply(A.issued(), A.clause4_white_rect, A.Save.INCREMENTAL)
    record = parse(_by_gs(covered, UNEVEN), today=A.TODAY)
    assert record.status is Status.INVALID
    differs = [f.message for f in record.findings if f.code == "page-differs"]
    assert any("does not show the form's wording" in m for m in differs), differs


def test_a_print_turned_a_little_is_laid_back() -> None:
    """A print drawn at uneven scales and turned by a fifth of a degree (a general matrix,
    little shear): told, and read on the form's page."""
    record = parse(_by_pikepdf(_printed(), TURNED, A4), today=A.TODAY)
    assert record.source is Source.FLATTENED
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]


def _header_sheet(title: str) -> bytes:
    """An empty A4 page printed by headless Chromium with its header and footer."""
    return chromium_header_sheet(title, "A4")


def _on_a4_with(sheet: bytes) -> bytes:
    """The issued release printed fit to A4 by pdftocairo, ``sheet``'s first page laid
    over each of its pages (pypdf)."""
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "issued.pdf", Path(folder) / "a4.pdf"
        source.write_bytes(A.issued())
        command = [require_tool("pdftocairo"), "-pdf", "-paper", "A4", source, out]
        subprocess.run(command, check=True)
        writer = PdfWriter(clone_from=out)
    over = PdfReader(io.BytesIO(sheet)).pages[0]
    for page in writer.pages:
        page.merge_page(over)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_browsers_print_header_is_said_and_the_return_stays_valid() -> None:
    record = parse(_on_a4_with(_header_sheet("release-han.pdf")), today=A.TODAY)
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]
    headers = [f for f in record.findings if f.code == "print-header"]
    assert [f.severity for f in headers] == [Severity.INFO, Severity.INFO]  # one a page
    assert "'release-han.pdf'" in headers[0].message and "'1/1'" in headers[0].message
    assert "hidden-text" not in {f.code for f in record.findings}


def test_words_in_a_print_header_that_a_printer_does_not_write_are_not_valid() -> None:
    """The page's title (the document's, in Chromium's header) says the release is void."""
    record = parse(_on_a4_with(_header_sheet("VOID: I do not agree")), today=A.TODAY)
    assert record.status is Status.INVALID
    marks = [f.message for f in record.findings if f.code == "margin-marks"]
    assert any("'VOID: I do not agree'" in m for m in marks), marks


def test_ink_in_the_margin_of_an_a4_print_is_for_a_person_to_look_at() -> None:
    """A box with a cross drawn above the form's page on the sheet (no words to read)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setLineWidth(2)
    canvas.rect(250, 812, 90, 24)
    canvas.line(250, 812, 340, 836)
    canvas.save()
    record = parse(_on_a4_with(buffer.getvalue()), today=A.TODAY)
    assert record.status is Status.INCOMPLETE
    marks = [f for f in record.findings if f.code == "margin-marks"]
    assert marks, [(f.code, f.message) for f in record.findings]
    assert marks[0].severity is Severity.WARNING
    assert "ink outside the form's page" in marks[0].message


@functools.cache
def _layout(made: str) -> bytes:
    """The release laid out by another system: reportlab (``tests/layouts.py``) or a web
    page printed by headless Chromium (``tests/returns.py``)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "layout.pdf"
        if made.startswith("chromium "):
            R.render_html(A.RELEASE, out, R.STYLES[made.removeprefix("chromium ")])
        elif made == "reportlab":
            L.render(A.RELEASE, out)
        else:  # drawn answer boxes, an ink signature, a running header and footer
            L.render(A.RELEASE, out, L.Style(box="drawn", signature="ink", furniture=True))
        return out.read_bytes()


LAYOUTS = [
    "reportlab",
    "reportlab drawn",
    "chromium helvetica-cssbox-typed",
    "chromium palatino-svg-ink",
]


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("made", LAYOUTS)
def test_a_line_through_a_clause_of_a_layout_is_for_a_person(made: str, save: A.Save) -> None:
    honest = _layout(made)
    record = parse(honest, today=A.TODAY)
    assert record.source is Source.LAYOUT
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]
    left, bottom, right, top = A._word_box(honest, 0, "authorize")
    middle = (bottom + top) / 2

    def strike(writer: PdfWriter) -> None:
        over = io.BytesIO()
        canvas = Canvas(over, pagesize=tuple(writer.pages[0].mediabox[2:]))
        canvas.setLineWidth(0.8)
        canvas.line(left - 50, middle, right + 250, middle)
        canvas.save()
        writer.pages[0].merge_page(PdfReader(over).pages[0])

    record = parse(A.apply(honest, strike, save), today=A.TODAY)
    assert record.status is not Status.VALID
    drawn = [f.message for f in record.findings if f.code == "drawn-over-text"]
    assert any("authorize" in m for m in drawn), [(f.code, f.message) for f in record.findings]


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_line_annotation_through_a_clause_of_a_layout_is_for_a_person(save: A.Save) -> None:
    """The line drawn by an annotation (its appearance), as a viewer's line tool adds it."""
    honest = _layout("reportlab")
    left, bottom, right, top = A._word_box(honest, 0, "authorize")
    middle = (bottom + top) / 2
    rect = (left - 50, middle - 2, right + 250, middle + 2)
    line = f"0 G 0.8 w 1 2 m {rect[2] - rect[0] - 1} 2 l S".encode()
    struck = A.apply(honest, lambda w: A._annotation(w, 0, "/Line", rect, line), save)
    record = parse(struck, today=A.TODAY)
    assert record.status is not Status.VALID
    drawn = [f.message for f in record.findings if f.code == "drawn-over-text"]
    assert any("authorize" in m for m in drawn), [(f.code, f.message) for f in record.findings]


def test_a_printers_header_is_told_from_other_words_in_the_margin() -> None:
    from pubrelease.form.registry import load_form
    from pubrelease.reading.margins import printers_piece

    form = load_form()
    printed = [
        "12/2/26, 9:27 AM",  # Chromium
        "2026-12-02 09:15",
        "Dec 2, 2026",
        "Page 1 of 2",  # Firefox
        "1/2",
        "- 3 -",
        "file:///home/han/Downloads/release-han.pdf",
        "https://icml.cc/Conferences/2020/release.pdf",
        "release-han.pdf",
        "ICML 2020 Publishing Release",  # the form's title (the document's /Title)
    ]
    assert [p for p in printed if not printers_piece(p, form)] == []
    written = ["VOID", "I do not agree", "NOT AGREED.pdf", "Page 1 of 2 VOID", "void 12/2/26"]
    assert [p for p in written if printers_piece(p, form)] == []
    # one word shaped as a file's name or an address, whose words refuse
    named = [
        "I_do_not_agree_to_publication.pdf",
        "DECLINED-consent-withdrawn.pdf",
        "https://I-DO-NOT-AGREE-to-publication/withdrawn",
        "file:///home/han/I%20do%20not%20agree.pdf",
        "IDoNotAgree.pdf",
        "IDONOTAGREE.pdf",
        "release-han_don't-publish.pdf",
        "release-han-VOID.pdf",
    ]
    assert [p for p in named if printers_piece(p, form)] == []
    honest = ["file:///Users/don/Downloads/ICML_release_Won_final(2).pdf", "London_trip.pdf"]
    assert [p for p in honest if not printers_piece(p, form)] == []


@pytest.mark.parametrize(
    "title",
    [
        "I_do_not_agree_to_publication.pdf",
        "DECLINED-consent-withdrawn.pdf",
        "https://I-DO-NOT-AGREE-to-publication/withdrawn",
    ],
)
def test_a_print_header_whose_one_word_name_refuses_is_not_valid(title: str) -> None:
    """Chromium prints the page's title in its header: a file's name or an address, one
    word, whose words refuse is words added on the sheet, not a printer's header."""
    record = parse(_on_a4_with(_header_sheet(title)), today=A.TODAY)
    assert record.status is Status.INVALID, [(f.code, f.message) for f in record.findings]
    marks = [f.message for f in record.findings if f.code == "margin-marks"]
    assert any(repr(title) in m for m in marks), marks
    assert "print-header" not in {f.code for f in record.findings}
