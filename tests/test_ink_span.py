"""A run of a standard font is judged from its first ink to its last (session 52).

``plain_text`` asked a run's origin and advance to lie inside its box and clips: pdf-lib
sets a title so large that its last letter's advance passes the box by half a point
while its ink ends a point inside, and poppler's print of such a fill (``pdftocairo
-pdf``) went the general way, twelve times PDFium's floor. Each upright standard font's
glyphs now have their ink measured left and right of their origin in every viewer's
font (``reading/sideways.json``, ``tools/standard_reach.py``), and a run must show from
its first ink to its last (``reading/inkspan.py``): a glyph whose ink passes its box is
still refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from pubrelease import Status
from pubrelease.reading.inkspan import glyph_sides
from pubrelease.reading.plaintext import MARGIN

from . import returns as R
from .conftest import ADA
from .helpers import pdfium_glyph_boxes, require_tool, rewritten, update, widget_readings
from .test_rev38_tails import _drawn

TODAY = dt.date(2020, 9, 23)
UPRIGHT = ["Helvetica", "Helvetica-Bold", "Times-Roman", "Times-Bold", "Courier", "Courier-Bold"]
BUILDS = pytest.mark.parametrize("build", [update, rewritten], ids=["incremental", "re-saved"])
TITLE_WIDTH = 417.98
"""The title's box (its appearance's ``/BBox`` from 0), in points."""


@pytest.mark.parametrize("style", UPRIGHT)
def test_the_ink_measured_holds_pdfiums_glyph_boxes(style: str) -> None:
    """Every glyph PDFium boxes (its outline's bounds, measured now) lies within the
    reach the table gives it, to the margin a run is asked for beyond it."""
    measured, _ = pdfium_glyph_boxes(style)
    glyphs = glyph_sides(style)
    outside = {}
    for code, (left, _, right, *_) in measured.items():
        if code == 0x20 or right <= left or code not in glyphs:  # (0xAD: never read)
            continue
        _, reach_left, reach_right = glyphs[code]
        if left < (reach_left - MARGIN) * 1000 or right > (reach_right + MARGIN) * 1000:
            outside[chr(code)] = (left, right, reach_left * 1000, reach_right * 1000)
    assert not outside, outside


def _title(over: float, text: str = "Engine") -> Callable[..., bytes]:
    """The title drawn at 30 points so that its last advance ends ``over`` points past
    the right of its box (negative: inside)."""
    x = TITLE_WIDTH - stringWidth(text, "Helvetica", 30) + over
    return _drawn("event_title", f"BT /Helv 30 Tf 0 g {x:.3f} 8 Td ({text}) Tj ET".encode(), text)


@BUILDS
def test_an_advance_past_the_box_with_its_ink_inside_is_read(
    honest: bytes, build: Callable[..., bytes]
) -> None:
    """The e's advance ends 0.8 point past the box, its ink 0.37 point inside (Helvetica
    Bold's e, the wider, ends 0.029 em before its advance): read from the widget, as
    the general path reads it."""
    record, taken, general = widget_readings(build(honest, _title(0.8)), today=TODAY)
    assert taken and record == general, general.findings
    assert record.event_title == "Engine"


@BUILDS
def test_ink_past_the_box_is_left_to_the_general_path(
    honest: bytes, build: Callable[..., bytes]
) -> None:
    """The e's ink ends 0.8 point past the box (its advance 1.9): a letter cut."""
    record, taken, general = widget_readings(build(honest, _title(1.9)), today=TODAY)
    assert not taken, general.findings
    assert record == general


def test_pdf_libs_fill_printed_by_poppler_is_read_from_its_drawing(tmp_path: Path) -> None:
    """pdf-lib's 30-point title, its e's advance past the box, printed by ``pdftocairo
    -pdf``: read from the print's content streams, as the general path reads it."""
    require_tool("pdftocairo")
    filled = R.fill_pdflib(ADA, tmp_path / "filled.pdf")
    printed = R.flatten_with("pdftocairo", filled, tmp_path / "printed.pdf", strict=False)
    record, taken, general = widget_readings(printed, today=TODAY)
    assert taken and record == general, general.findings
    assert record.status is Status.VALID and record.event_title == ADA.event_title
