"""A mark painted just outside a value box is read with the value: not `valid`.

A value is clipped to its box, and the box is compared with ``fill``'s drawing of the
value cropped to the box; but a person reads a dot under the rule below a letter, or an
accent above the box over it, as the letter's ('Hạn', 'Hán' for 'Han'). Each drawing
here is a filled path or an image at the "a" of "Han" in the first name box of a release
(``fill``'s, live and flattened, and pypdf's fill) re-saved whole by qpdf, and appended as
an update: the re-saved ones read `valid` on the code before the check (`_beside` in
reading/vouching.py).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from pubrelease import Status, parse

from . import attacks as A
from . import returns as R
from .helpers import require_tool

Box = tuple[float, float, float, float]


def _letter(data: bytes, page: int, rect: Box, char: str) -> Box:
    """The box of the first ``char`` PDFium reads inside ``rect`` on ``page``."""
    doc = pdfium.PdfDocument(data)
    try:
        text = doc[page].get_textpage()
        for index in range(text.count_chars()):
            box = text.get_charbox(index)
            inside = rect[0] <= box[0] and box[2] <= rect[2] and rect[1] <= box[1] <= rect[3]
            if text.get_text_range(index, 1) == char and inside:
                return box
        raise AssertionError(f"no {char!r} in {rect}")
    finally:
        doc.close()


def _dot_below(c: canvas.Canvas, rect: Box, letter: Box) -> None:
    c.circle((letter[0] + letter[2]) / 2, rect[1] - 1.6, 0.7, stroke=0, fill=1)


def _acute_above(c: canvas.Canvas, rect: Box, letter: Box) -> None:
    x, top = (letter[0] + letter[2]) / 2, rect[3]
    path = c.beginPath()
    path.moveTo(x - 0.5, top + 0.6)
    path.lineTo(x + 1.3, top + 2.8)
    path.lineTo(x + 2.0, top + 2.3)
    path.lineTo(x, top + 0.3)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


def _image_below(c: canvas.Canvas, rect: Box, letter: Box) -> None:
    dot = ImageReader(Image.new("L", (4, 4), 0))
    c.drawImage(dot, (letter[0] + letter[2]) / 2 - 0.7, rect[1] - 2.3, 1.4, 1.4)


def _dot_in_the_rules_path(c: canvas.Canvas, rect: Box, letter: Box) -> None:
    """A dot under the letter drawn in one path with a line that paints nothing along the
    box's rule: the path's box is the rule's (review rev24)."""
    path = c.beginPath()
    path.moveTo(rect[0], rect[1] + 1)
    path.lineTo(rect[2], rect[1] + 1)
    path.circle((letter[0] + letter[2]) / 2, rect[1] + 1.4, 0.6)
    c.drawPath(path, stroke=0, fill=1)


MARKS: dict[str, Callable[[canvas.Canvas, Box, Box], None]] = {
    "dot-in-the-rules-path": _dot_in_the_rules_path,
    "dot-below": _dot_below,
    "acute-above": _acute_above,
    "image-below": _image_below,
}


def _marked(data: bytes, mark: str, save: A.Save) -> bytes:
    rect = A._widget_rect("speaker_name")
    page = A._page_of("speaker_name")
    letter = _letter(A.issued(flatten=True), page, rect, "a")
    return A.apply(data, A._draw_on(page, lambda c: MARKS[mark](c, rect, letter)), save)


def _pypdf(tmp_path: Path) -> bytes:
    return R.fill_pypdf(A.RELEASE, tmp_path / "pypdf.pdf").read_bytes()


SOURCES: dict[str, Callable[[Path], bytes]] = {
    "fill": lambda _: A.issued(),
    "fill-flattened": lambda _: A.issued(flatten=True),
    "pypdf": _pypdf,
}


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_the_return_resaved_reads_valid(source: str, tmp_path: Path) -> None:
    record = parse(A.resave(SOURCES[source](tmp_path)), today=A.TODAY)
    assert record.status is Status.VALID, record.findings


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("source", sorted(SOURCES))
@pytest.mark.parametrize("mark", sorted(MARKS))
def test_a_mark_beside_the_name_is_not_valid(
    mark: str, source: str, save: A.Save, tmp_path: Path
) -> None:
    record = parse(_marked(SOURCES[source](tmp_path), mark, save), today=A.TODAY)
    assert record.status is not Status.VALID, record.findings
    if save is A.Save.RESAVED:
        assert any(f.code.value == "shown-text-unchecked" for f in record.findings), record.findings


def test_a_mark_far_from_the_boxes_is_not_a_mark_beside_them() -> None:
    """The check looks beside the boxes only: a dot in the page's margin is the page's
    (:mod:`pubrelease.reading.visual` reports ink the form does not have there)."""
    page = A._page_of("speaker_name")

    def margin_dot(c: canvas.Canvas) -> None:
        c.circle(20, 400, 3, stroke=0, fill=1)

    record = parse(A.apply(A.issued(), A._draw_on(page, margin_dot), A.Save.RESAVED))
    assert not any("just above or below" in f.message for f in record.findings)


REVIEWED = Path(__file__).parent / "data" / "attacks-rev24"
IMAGES = Path(__file__).parent / "data" / "attacks-rev25"


@pytest.mark.parametrize(
    "file", sorted(p.name for p in REVIEWED.glob("*.pdf") if not p.name.startswith("control"))
)
def test_a_mark_drawn_as_part_of_the_forms_rule_is_not_the_rule(file: str) -> None:
    """Review rev24: a mark in one path (or form, or stamp) with a line along the rule,
    or an image on the rule's band, kept the rule's box and was taken for the rule."""
    record = parse((REVIEWED / file).read_bytes(), today=A.TODAY)
    assert record.status is not Status.VALID, record.findings


@pytest.mark.parametrize("file", sorted(p.name for p in IMAGES.glob("*.pdf")))
def test_an_image_covers_what_it_shows(file: str) -> None:
    """Review rev25: a mark in the part of a slanted image that PDFium's bitmap of it
    leaves out, or made of many images each nearly transparent, is still a mark."""
    record = parse((IMAGES / file).read_bytes(), today=A.TODAY)
    assert record.status is not Status.VALID, record.findings


@pytest.mark.parametrize(
    "file", sorted(p.name for p in REVIEWED.glob("*.pdf") if p.name.startswith("control"))
)
def test_a_signature_picture_beside_its_box_is_the_signature(file: str) -> None:
    """A pasted picture of a signature, hanging below its line or over its box, is judged
    by where it covers the page, not by its transparent margins, and the strips stop
    halfway to the next box; as a Stamp annotation it signs as the same picture in the
    page's content does: the return is valid."""
    record = parse((REVIEWED / file).read_bytes(), today=A.TODAY)
    assert record.status is Status.VALID, record.findings


def test_a_signature_stamp_flattened_by_qpdf_signs(tmp_path: Path) -> None:
    """qpdf's ``--flatten-annotations=all`` draws the stamp's picture in a form XObject
    placed on the line by its matrix: PDFium bounds the picture in the form's own space
    (at the origin), and the signature read 'unsigned' until the form's matrix placed it."""
    source = tmp_path / "stamp.pdf"
    source.write_bytes((REVIEWED / "control_signature_picture_as_a_stamp.pdf").read_bytes())
    flat = tmp_path / "flat.pdf"
    subprocess.run(
        [require_tool("qpdf"), "--flatten-annotations=all", str(source), str(flat)], check=True
    )
    stamps = [
        annot
        for page in PdfReader(flat).pages
        for annot in page.get("/Annots") or ()
        if annot.get_object().get("/Subtype") == "/Stamp"
    ]
    assert not stamps  # flattened into the page's content
    record = parse(flat.read_bytes(), today=A.TODAY)
    assert record.status is Status.VALID, record.findings
