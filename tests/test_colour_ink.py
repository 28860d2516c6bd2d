"""Ink a person sees, in whatever colour (``pdf/pagepaint.py``, ``reading/visual.py``).

Pages were compared with the form's in grey only, a change counting from 40 of 255 of
blurred ink: a large "VOID" filled in yellow (226 in grey), light pink, light cyan or a
.85 grey (38 of 255), or a line stroked in a light grey through the margin, never
counted, whatever its size, and the return read ``valid``. A consent box counted as
checked from a mean of 12 over the box or 40 over its inner half: a light-coloured or
light-grey cross in Decline, with Accept read, was ``valid`` too ("☒ Accept ☒ Decline").

Now a page that draws in colour is rendered in colour as well, its ink by its most
telling channel; a faint change counts where it is large; the box's inner half counts a
mark from 8. Each attack is typeset with reportlab as paths (no text), put on the
release with pypdf, both as an incremental update and re-saved whole by qpdf (pikepdf).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from pubrelease import Status, parse
from pubrelease.pdf.pagepaint import page_paint
from pubrelease.pdf.rendering import ViewMode, render_pages

from . import attacks as A

Colour = tuple[float, float, float]
YELLOW: Colour = (1, 1, 0)
PINK: Colour = (1, 0.78, 0.78)
CYAN: Colour = (0.6, 1, 1)
GREY85: Colour = (0.85, 0.85, 0.85)
SAVES = [A.Save.INCREMENTAL, A.Save.RESAVED]


def _block_void(c: canvas.Canvas, colour: Colour, x: float = 90, y: float = 60) -> None:
    """Block letters "VOID" 150 pt high, filled paths in the empty lower half of page 2."""
    h, t = 150.0, 26.0
    w = h * 0.62
    c.setFillColorRGB(*colour)
    path = c.beginPath()
    for points in (
        [(x, y + h), (x + t, y + h), (x + w / 2 + t / 2, y), (x + w / 2 - t / 2, y)],
        [(x + w - t, y + h), (x + w, y + h), (x + w / 2 + t / 2, y), (x + w / 2 - t / 2, y)],
    ):
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.close()
    left = x + w + 20
    for box in ((left, y, w, h), (left + w + 20, y, t, h), (left + w + t + 40, y, w, h)):
        path.rect(*box)
    for inner in ((left + t, y + t), (left + w + t + 40 + t, y + t)):
        path.rect(*inner, w - 2 * t, h - 2 * t)  # the holes of O and D (even-odd)
    c.drawPath(path, stroke=0, fill=1, fillMode=0)


def _stroked_void(c: canvas.Canvas, grey: float, width: float) -> None:
    """A stroked "VOID" with a line through it, in the bottom margin of page 2."""
    c.setStrokeGray(grey)
    c.setLineWidth(width)
    c.line(72, 40, 540, 40)
    c.lines([(90, 70, 105, 20), (105, 20, 120, 70)])  # V
    c.rect(140, 20, 35, 50)  # O
    c.line(200, 20, 200, 70)  # I
    c.rect(225, 20, 35, 50)  # D


def _cross_decline(colour: Colour, width: float) -> Callable[[canvas.Canvas], None]:
    left, bottom, right, top = A._widget_rect("consent", "Decline")

    def draw(c: canvas.Canvas) -> None:
        c.setStrokeColorRGB(*colour)
        c.setLineWidth(width)
        c.line(left + 1, bottom + 1, right - 1, top - 1)
        c.line(left + 1, top - 1, right - 1, bottom + 1)

    return draw


def _attacked(draw: Callable[[canvas.Canvas], None], save: A.Save, flatten: bool) -> bytes:
    page = A._page_of("consent")
    return A.apply(A.issued(flatten=flatten), A._draw_on(page, draw), save)


def _codes(data: bytes) -> set[str]:
    record = parse(data)
    return {f.code for f in record.findings}


@pytest.mark.parametrize("save", SAVES, ids=lambda s: s.value)
@pytest.mark.parametrize(
    "colour", [YELLOW, PINK, CYAN, GREY85], ids=["yellow", "pink", "cyan", "grey85"]
)
def test_a_large_light_void_is_ink_the_form_does_not_have(colour: Colour, save: A.Save) -> None:
    data = _attacked(lambda c: _block_void(c, colour), save, flatten=True)
    record = parse(data)
    assert record.status is Status.INVALID
    assert any(
        f.code == "page-differs" and "ink the form does not have" in f.message
        for f in record.findings
    ), record.findings


@pytest.mark.parametrize("save", SAVES, ids=lambda s: s.value)
def test_a_light_void_on_a_live_return_is_seen_too(save: A.Save) -> None:
    assert "page-differs" in _codes(_attacked(lambda c: _block_void(c, YELLOW), save, False))
    assert "page-differs" in _codes(_attacked(lambda c: _block_void(c, GREY85), save, False))


@pytest.mark.parametrize("save", SAVES, ids=lambda s: s.value)
@pytest.mark.parametrize(("grey", "width"), [(0.75, 1.0), (0.8, 1.0), (0.85, 2.0)])
def test_light_grey_strokes_through_the_margin_are_seen(
    grey: float, width: float, save: A.Save
) -> None:
    data = _attacked(lambda c: _stroked_void(c, grey, width), save, flatten=True)
    assert "page-differs" in _codes(data)


@pytest.mark.parametrize("save", SAVES, ids=lambda s: s.value)
@pytest.mark.parametrize(
    ("colour", "width"),
    [
        (YELLOW, 1.5),
        ((0.55, 0.75, 1.0), 1.2),  # light blue
        ((1.0, 0.55, 0.55), 1.0),  # light red
        ((0.8, 0.8, 0.8), 1.0),
        ((0.85, 0.85, 0.85), 1.0),
    ],
    ids=["yellow", "light-blue", "light-red", "grey80", "grey85"],
)
def test_a_light_cross_in_decline_shows_the_box_checked(
    colour: Colour, width: float, save: A.Save
) -> None:
    record = parse(_attacked(_cross_decline(colour, width), save, flatten=True))
    assert record.status is Status.INVALID
    assert any(
        f.code == "value-disagreement" and "Decline box shows checked" in f.message
        for f in record.findings
    ), record.findings


def _white_rgb_picture(c: canvas.Canvas) -> None:
    """An RGB picture of white paper over the empty lower half: a page drawn in colour
    that shows nothing new."""
    c.drawImage(ImageReader(Image.new("RGB", (60, 30), "white")), 90, 60, 400, 150)


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flat"])
def test_honest_pages_drawn_in_colour_stay_valid(flatten: bool) -> None:
    """A page with a colour picture is compared by its colour render, and the form's
    black ink there is what it was: nothing differs."""
    data = _attacked(_white_rgb_picture, A.Save.RESAVED, flatten)
    page = A._page_of("consent")
    shown = render_pages(data, ViewMode.SCREEN, max_pages=page + 1)[page]
    assert shown.coloured is not None  # compared in colour
    assert (shown.coloured == shown.levels).all()
    record = parse(data)
    assert record.status is Status.VALID, record.findings


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flat"])
def test_honest_returns_are_not_rendered_in_colour(flatten: bool) -> None:
    data = A.resave(A.issued(flatten=flatten))
    assert all(p.coloured is None for p in render_pages(data, ViewMode.SCREEN, max_pages=9))
    assert parse(data).status is Status.VALID


def _one_page(draw: Callable[[canvas.Canvas], None]) -> pdfium.PdfDocument:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    draw(c)
    c.showPage()
    c.save()
    return pdfium.PdfDocument(buffer.getvalue())


@pytest.mark.parametrize(
    ("draw", "coloured"),
    [
        (lambda c: (c.setFillGray(0.5), c.rect(10, 10, 50, 50, fill=1)), False),
        (lambda c: (c.setFillColorRGB(1, 1, 0), c.rect(10, 10, 50, 50, fill=1)), True),
        (lambda c: (c.setStrokeColorRGB(0.6, 1, 1), c.line(10, 10, 90, 90)), True),
        # text is judged by its text layer: its colour is not asked
        (lambda c: (c.setFillColorRGB(1, 0.78, 0.78), c.drawString(10, 10, "x")), False),
        (lambda c: c.drawString(10, 10, "black text"), False),
        (lambda c: c.drawImage(ImageReader(Image.new("L", (4, 4), 90)), 0, 0, 40, 40), False),
        (lambda c: c.drawImage(ImageReader(Image.new("RGB", (4, 4), "red")), 0, 0, 40, 40), True),
    ],
    ids=["grey-fill", "yellow-fill", "cyan-stroke", "pink-text", "text", "grey-image", "rgb-image"],
)
def test_page_paint_tells_colour_from_its_objects(
    draw: Callable[[canvas.Canvas], None], coloured: bool
) -> None:
    doc = _one_page(draw)
    try:
        assert page_paint(doc[0]).coloured is coloured
        assert not page_paint(doc[0]).invisible_text
    finally:
        doc.close()
