"""Returns turned (``/Rotate``) or cropped (``/CropBox``) by the tools people use, honestly
or to hide something, each both as an incremental update and as a file re-saved whole.

Returns are filled with the command line (``pubrelease fill``); they are turned by qpdf
(``--rotate``, re-saved) or by an update that sets ``/Rotate`` (pypdf, as a viewer's
"rotate and save" appends), and cropped by mutool (``mutool run``: an incremental save,
or a garbage-collected one) or pikepdf (qpdf, re-saved); ``mutool clean`` re-saves too.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pikepdf
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject, RectangleObject, StreamObject
from reportlab.pdfgen.canvas import Canvas

from . import attacks as A
from .helpers import require_tool, update

Box = tuple[float, float, float, float]

MARGINS: Box = (18, 18, 594, 774)
"""A crop that hides only the form's blank margin (its ink lies in 72..540 x 62..726)."""
FOOT: Box = (0, 36, 612, 792)
"""A crop of the bottom half inch: blank on both pages of the form."""

_CROP_JS = """
var a = scriptArgs;
var doc = new PDFDocument(a[0]);
var box = [Number(a[3]), Number(a[4]), Number(a[5]), Number(a[6])];
for (var i = 0; i < doc.countPages(); i++) {
  if (Number(a[2]) === 0 || Number(a[2]) === i + 1) {
    doc.findPage(i).put("CropBox", box);
  }
}
doc.save(a[1], a[7] === "incremental" ? "incremental" : "garbage");
"""


def cli_fill(name: str, folder: Path, *, decline: bool = False, flatten: bool = False) -> bytes:
    """A release filled by ``pubrelease fill`` (the values of :data:`.attacks.RELEASE`)."""
    kind = f"{'decline' if decline else 'accept'}-{'flat' if flatten else 'live'}"
    out = folder / f"{kind}-{name.encode().hex()}.pdf"
    values = A.RELEASE
    command = [sys.executable, "-m", "pubrelease", "fill", "--name", name]
    command += ["--title", str(values.event_title), "--event-date", "2020-07-13"]
    command += ["--effective-date", "2020-07-01", "--signature", name]
    command += ["--sign-date", "2020-07-02", "--decline" if decline else "--accept"]
    command += ["--flatten"] if flatten else []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    subprocess.run([*command, "-o", str(out)], check=True, capture_output=True, env=env)
    return out.read_bytes()


def qpdf_rotate(data: bytes, spec: str, folder: Path) -> bytes:
    """``qpdf --rotate=SPEC`` (``+90``, ``+90:1``, ``-90:2``...): a file re-saved whole."""
    qpdf = require_tool("qpdf")
    source, out = folder / "to-turn.pdf", folder / "turned.pdf"
    source.write_bytes(data)
    subprocess.run([qpdf, f"--rotate={spec}", str(source), str(out)], check=True)
    return out.read_bytes()


def mutool_clean(data: bytes, folder: Path) -> bytes:
    """``data`` rewritten whole by ``mutool clean`` (MuPDF)."""
    mutool = require_tool("mutool")
    source, out = folder / "to-clean.pdf", folder / "cleaned.pdf"
    source.write_bytes(data)
    subprocess.run([mutool, "clean", str(source), str(out)], check=True, capture_output=True)
    return out.read_bytes()


def rotate_update(data: bytes, degrees: int, pages: Sequence[int] | None = None) -> bytes:
    """``/Rotate`` set on ``pages`` (from 0; all without) in an incremental update."""

    def edit(writer: PdfWriter) -> None:
        for number, page in enumerate(writer.pages):
            if pages is None or number in pages:
                page[NameObject("/Rotate")] = NumberObject(degrees)

    return update(data, edit)


def mutool_crop(data: bytes, box: Box, folder: Path, *, page: int = 0, incremental: bool) -> bytes:
    """``/CropBox`` set by MuPDF's ``mutool run`` on page ``page`` (from 1; 0: every
    page), saved as an update or rewritten whole."""
    mutool = require_tool("mutool")
    script, source, out = folder / "crop.js", folder / "to-crop.pdf", folder / "cropped.pdf"
    script.write_text(_CROP_JS)
    source.write_bytes(data)
    how = "incremental" if incremental else "whole"
    args = [mutool, "run", str(script), str(source), str(out), str(page), *map(str, box), how]
    subprocess.run(args, check=True, capture_output=True)
    result = out.read_bytes()
    assert result.startswith(data) == incremental
    return result


def pikepdf_crop(data: bytes, box: Box, pages: Sequence[int] | None = None) -> bytes:
    """``/CropBox`` set by pikepdf on ``pages`` (from 0; all without), re-saved by qpdf."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages):
            if pages is None or number in pages:
                page.obj.CropBox = pikepdf.Array(box)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def edited(data: bytes, edit: A.Edit, *, incremental: bool) -> bytes:
    """``data`` with a pypdf edit, as an update or re-saved whole by qpdf."""
    return A.apply(data, edit, A.Save.INCREMENTAL if incremental else A.Save.RESAVED)


def clause4_moved_off(writer: PdfWriter) -> None:
    """Clause 4 moved below the page (its text kept, where no viewer shows it), and the
    pages cropped to their margins as an honest crop would."""

    def change(text: str) -> str:
        start, end = A._lines_of_clause(text, 4)
        return text[:start] + "q 1 0 0 1 0 -400 cm\n" + text[start:end] + "Q\n" + text[end:]

    A._edit_content(0, change)(writer)
    for page in writer.pages:
        page[NameObject("/CropBox")] = RectangleObject(MARGINS)


def substitute_page(other: bytes, number: int, degrees: int) -> Callable[[PdfWriter], None]:
    """Page ``number``'s drawing (contents and resources) replaced by that of page
    ``number`` of ``other``, and the page turned by ``degrees`` (its widgets stay)."""

    def edit(writer: PdfWriter) -> None:
        source = PdfReader(io.BytesIO(other)).pages[number]
        target = writer.pages[number]
        stream = StreamObject()
        stream.set_data(source.get_contents().get_data())  # type: ignore[union-attr]
        target[NameObject("/Contents")] = writer._add_object(stream)
        resources = source["/Resources"].get_object().clone(writer)
        target[NameObject("/Resources")] = resources
        target[NameObject("/Rotate")] = NumberObject(degrees)

    return edit


def pypdf_media_crop(
    data: bytes, box: Box, pages: Sequence[int] | None = None, *, incremental: bool
) -> bytes:
    """The media box set as pypdf documents cropping (``page.mediabox.lower_left`` and
    ``upper_right``) on ``pages`` (from 0; all without), as an update or re-saved whole."""
    if incremental:
        writer = PdfWriter(io.BytesIO(data), incremental=True)
    else:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for number, page in enumerate(writer.pages):
        if pages is None or number in pages:
            page.mediabox.lower_left = box[:2]
            page.mediabox.upper_right = box[2:]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pikepdf_media_crop(data: bytes, box: Box, pages: Sequence[int] | None = None) -> bytes:
    """``/MediaBox`` set by pikepdf on ``pages`` (from 0; all without), re-saved by qpdf."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages):
            if pages is None or number in pages:
                page.obj.MediaBox = pikepdf.Array(box)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def shifted(data: bytes, dx: float, dy: float) -> bytes:
    """Every page's media box, drawing and annotations moved alike by pikepdf: shown as before."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            left, bottom, right, top = (float(v) for v in page.obj.MediaBox)
            page.obj.MediaBox = pikepdf.Array([left + dx, bottom + dy, right + dx, top + dy])
            page.contents_add(pikepdf.Stream(pdf, f"q 1 0 0 1 {dx} {dy} cm".encode()), prepend=True)
            page.contents_add(pikepdf.Stream(pdf, b"Q"))
            for annot in page.obj.get("/Annots", []):
                left, bottom, right, top = (float(v) for v in annot.Rect)
                annot.Rect = pikepdf.Array([left + dx, bottom + dy, right + dx, top + dy])
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def void_text(writer: PdfWriter) -> None:
    """The word VOID set in red Helvetica in page 1's bottom half inch."""

    def draw(pdf: Canvas) -> None:
        pdf.setFillColorRGB(1, 0, 0)
        pdf.setFont("Helvetica", 24)
        pdf.drawString(72, 8, "VOID")

    A._draw_on(0, draw)(writer)


def gs_print(data: bytes, folder: Path, *, autorotate: bool = True) -> bytes:
    """``data`` printed to PDF by Ghostscript's ``pdfwrite`` (by default it turns a
    page whose text runs down it upright, with a ``/Rotate`` undoing it)."""
    gs = require_tool("gs")
    source, out = folder / "to-print.pdf", folder / "printed.pdf"
    source.write_bytes(data)
    args = [gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite"]
    args += [] if autorotate else ["-dAutoRotatePages=/None"]
    subprocess.run([*args, f"-sOutputFile={out}", str(source)], check=True, capture_output=True)
    return out.read_bytes()


def cairo_print(data: bytes, folder: Path) -> bytes:
    """``data`` printed to PDF by poppler's ``pdftocairo -pdf``."""
    cairo = require_tool("pdftocairo")
    source, out = folder / "to-print.pdf", folder / "printed.pdf"
    source.write_bytes(data)
    subprocess.run([cairo, "-pdf", str(source), str(out)], check=True, capture_output=True)
    return out.read_bytes()
