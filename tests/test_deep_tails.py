"""Tails a clip cuts away to the baseline: a review of session 40.

Commit 519850f let the reading of other tools' fills from their widgets take a tail of
a g, j, p, q, y, semicolon, bracket, brace or bar cut down to the baseline, as the
general path vouches for such a cut (``cleardrawing.whole_above_baseline``). It does so
only when nothing else in the box, or in a box the cut glyphs' boxes reach, sends that
box to OCR; and OCR then reads tails cut away as other letters (a j as an i, a g as an
a or a q, a y as a v). The review built the drawings below, each taken at 519850f with
a record other than the general path's (the general path's, re-saved:
``shown-text-differs`` or ``shown-text-unchecked``, the fast path's ``valid``); the
change was reverted. A tail of a g, p, q, y, parenthesis or bar cut shorter than
``plaintext.TAIL_SHOWN`` asks is now taken only as the general path vouches for it
without OCR (``plaintext.EDGE``): every run of the value within a tenth of a point of
its clips on its other sides (``plaintext.OVERHANG``: a j's hook past its origin), no
two lines reaching over each other, the cut tails' whole boxes meeting no other box
(``clipshapes.room_among``). Each drawing edits an honest pypdf fill's widget, as an
incremental update and re-saved, and asserts the safe outcome: the file is declined,
or taken with the general path's record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from .helpers import pdfium_glyph_boxes, rewritten, update, widget_readings
from .test_rev38_tails import Edit, _drawn

TODAY = dt.date(2020, 9, 23)
BUILDS = pytest.mark.parametrize("build", [update, rewritten], ids=["incremental", "re-saved"])

# The title's box is 417.98 x 39 points, the date's box 6 points below it.
DEEP: dict[str, Edit] = {
    # a j's hook reaches left of its origin (Helvetica 0.015 em, Times 0.069 em): at the
    # clip's edge PDFium's box of it is cut 0.17 pt, past the general path's tenth; OCR
    # reads 'iiaalv bvamv'
    "a j at the clip's left edge, its tails cut away": _drawn(
        "event_title", b"BT /Helv 11.2 Tf 0 g 0 0.03 Td (jiggly pygmy) Tj ET", "jiggly pygmy"
    ),
    "the same in Times-Bold": _drawn(
        "event_title",
        b"BT /F1 11.2 Tf 0 g 0 0.03 Td (jiggly pygmy) Tj ET",
        "jiggly pygmy",
        "/Times-Bold",
    ),
    "the same in Times-Roman at 30 points": _drawn(
        "event_title",
        b"BT /F1 30 Tf 0 g 0 0.03 Td (jiggly pygmy) Tj ET",
        "jiggly pygmy",
        "/Times-Roman",
    ),
    # two lines 0.81 em apart: the lines' glyph boxes overlap, the general path reads the
    # box by OCR: 'Playing Go bv Greaory'
    "two lines 0.81 em apart, the lower one's tails cut away": _drawn(
        "event_title",
        b"BT /Helv 16 Tf 0 g 2 13 Td (Playing Go) Tj 0 -12.97 Td (by Gregory) Tj ET",
        "Playing Go by Gregory",
    ),
    "two lines 0.85 em apart in Times": _drawn(
        "event_title",
        b"BT /F1 18 Tf 0 g 2 15.33 Td (Jogging) Tj 0 -15.3 Td (is jumpy) Tj ET",
        "Jogging is jumpy",
        "/Times-Roman",
    ),
    # a bold comma cut 0.14 pt within the rounding slack, mostly below its baseline: not
    # vouched for; OCR reads the g's cut to 18 % as 'Greaa..'
    "a bold comma cut a little beside g's cut deep": _drawn(
        "event_title",
        b"BT /F1 30 Tf 0 g 2 1.2 Td (Gregg) Tj /F1 8 Tf (, Jr) Tj ET",
        "Gregg, Jr",
        "/Helvetica-Bold",
    ),
    # 40 points: the cut tails' boxes (8.8 pt deep) meet the date's box below, read into
    # its text ('jggypyJul13,2020'), which then goes to OCR
    "tails cut away at 40 points, their boxes over the date's": _drawn(
        "event_title", b"BT /Helv 40 Tf 0 g 2 0.03 Td (jiggly pygmy) Tj ET", "jiggly pygmy"
    ),
    # the first glyph cut 0.18 pt on its left, within the rounding slack: OCR reads
    # 'voda avVDSV'
    "a first glyph cut on its left, the tails cut away": _drawn(
        "event_title",
        b"q 2.3 0 400 39 re W n BT /Helv 11.2 Tf 0 g 2 0.03 Td (yoga gypsy) Tj ET Q",
        "yoga gypsy",
    ),
    "a j cut on its left in the signature's box": _drawn(
        "signature",
        b"BT /F1 11.2 Tf 0 g 0 0.03 Td (jiggly pygmy) Tj ET",
        "jiggly pygmy",
        "/Times-Roman",
    ),
}


@BUILDS
@pytest.mark.parametrize("attack", sorted(DEEP))
def test_a_tail_cut_away_is_left_to_the_general_path_or_read_as_it_reads_it(
    honest: bytes, attack: str, build: Callable[..., bytes]
) -> None:
    record, taken, general = widget_readings(build(honest, DEEP[attack]), today=TODAY)
    # (what makes each an attack: the general path does not read it as a plain fill of
    # its value, so a reading from the widget that took it would say otherwise)
    assert any(
        f.code.value in ("shown-text-differs", "shown-text-unchecked") for f in general.findings
    ), (attack, general.status, [f.code.value for f in general.findings])
    assert not taken or record == general, (
        attack,
        record.status,
        general.status,
        [f.message for f in general.findings if f not in record.findings],
    )


# Lines whose glyphs reach over each other (the review's P1, a hole before it too): the
# general path reads the box by OCR ('Jogging is sappy'), which the reading from widgets
# cannot foresee; now declined (``plaintext._read_runs``), as are lines drawn out of
# reading order (PDFium keeps the order drawn) or closer than 0.8 of their size (PDFium
# merges them). Lines a tail's and a capital's reach apart, as pdf-lib and PyMuPDF set
# them, are taken.
LINES: dict[str, tuple[Edit, bool]] = {
    "two lines 0.81 em apart at 10 points, nothing cut": (
        _drawn(
            "event_title",
            b"BT /Helv 10 Tf 0 g 2 10.61 Td (Jogging) Tj 0 -8.11 Td (is gappy) Tj ET",
            "Jogging is gappy",
        ),
        False,
    ),
    "an accent under a tail, 1.11 em apart": (
        _drawn(
            "event_title",
            b"BT /Helv 16 Tf 0 g 2 21 Td (Jogging) Tj 0 -17.76 Td (\\305str\\366m) Tj ET",
            "Jogging \xc5str\xf6m",
        ),
        False,
    ),
    # (a second review of session 40) lines 0.55 em apart whose glyphs do not reach each
    # other: PDFium's text layer merges them ('oAcdeaa nL aonaers')
    "two lines of low letters 0.55 em apart": (
        _drawn(
            "event_title",
            b"BT /F1 12 Tf 0 g 2 16.6 Td (Ada Lane) Tj 0 -6.6 Td (ocean oars) Tj ET",
            "Ada Lane ocean oars",
            "/Times-Roman",
        ),
        False,
    ),
    # the lower line drawn first, its tails cut away: PDFium keeps the order drawn, the
    # general path reads the box by OCR, 'Jogging is capov'
    "the lower line drawn first": (
        _drawn(
            "event_title",
            b"BT /Helv 11.2 Tf 0 g 2 0.03 Td (is gappy) Tj 0 14.56 Td (Jogging) Tj ET",
            "Jogging is gappy",
        ),
        False,
    ),
    "a line's second half drawn first": (
        _drawn(
            "event_title",
            b"BT /Helv 11.2 Tf 0 g 20.0544 20 Td (ging) Tj -18.0544 0 Td (Jog) Tj ET",
            "Jogging",
        ),
        False,
    ),
    "two lines 1.11 em apart, as pdf-lib sets them": (
        _drawn(
            "event_title",
            b"BT /Helv 16 Tf 0 g 2 21 Td (Jogging) Tj 0 -17.76 Td (is jumpy) Tj ET",
            "Jogging is jumpy",
        ),
        True,
    ),
}


@BUILDS
@pytest.mark.parametrize("case", sorted(LINES))
def test_lines_close_out_of_order_or_reaching_over_each_other_are_left_alone(
    honest: bytes, case: str, build: Callable[..., bytes]
) -> None:
    edit, taken_too = LINES[case]
    record, taken, general = widget_readings(build(honest, edit), today=TODAY)
    assert taken is taken_too and (not taken or record == general), (case, general.status)


def _pdfium_sides(style: str) -> dict[int, tuple[float, float]]:
    """Each WinAnsi byte's glyph in ``style`` as PDFium boxes it, in thousandths of the
    size: how far its box passes its origin on the left and its advance on the right (0:
    not); spaces and glyphs of no width left out."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    measured, _ = pdfium_glyph_boxes(style)
    sides = {}
    for code, (left, _, right, *_) in measured.items():
        if code == 0x20 or right - left < 1:
            continue
        advance = stringWidth(bytes([code]).decode("cp1252"), style, 1000)
        sides[code] = (max(0.0, -left), max(0.0, right - advance))
    return sides


@pytest.mark.parametrize(
    "style",
    ["Helvetica", "Helvetica-Bold", "Times-Roman", "Times-Bold", "Courier", "Courier-Bold"],
)
def test_the_overhangs_are_pdfiums(style: str) -> None:
    from pubrelease.reading.plaintext import OVERHANG

    keys, reach = OVERHANG[style.split("-")[0]]
    sides = _pdfium_sides(style)
    assert len(sides) > 200
    past = {code: side for code, side in sides.items() if max(side) > 0.5}
    assert set(map(ord, keys)) >= set(past), sorted(bytes([c]).decode("cp1252") for c in past)
    assert all(max(side) <= reach * 1000 for side in past.values()), past
