"""A path left open across ``q`` or ``Q`` (session 40): PDFium keeps it, and the next
clip is set by it and the next path together. pdf-lib draws its box's outline so and
clips to the box less a point inside it, by the nonzero rule, both turning the same way:
the union, its box. The same two rectangles by the even-odd rule, or turning each its
own way, clip to the ring between them, which hides the value in PDFium (the general
path: ``hidden-text``); a path carried alone into a clip hides all outside it. Before,
the reading from widgets dropped the open path at ``Q`` and took each such file as
``valid``. Each drawing edits an honest pypdf fill's signature widget, as an
incremental update and re-saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from .helpers import rewritten, update, widget_readings
from .test_rev38_tails import _drawn, _sig

TODAY = dt.date(2020, 9, 23)
BUILDS = pytest.mark.parametrize("build", [update, rewritten], ids=["incremental", "re-saved"])
TEXT = b" BT /Helv 11.2 Tf 0 g 2 3 Td (Ada Lovelace) Tj ET"
OUTER = b"0 0 m 0 13 l 260 13 l 260 0 l h"
OUTER_TURNED = b"0 0 m 260 0 l 260 13 l 0 13 l h"
INNER = b"1 1 m 1 12 l 259 12 l 259 1 l h"

HIDDEN = {
    "a ring by the even-odd rule": b"q " + OUTER + b" Q " + INNER + b" W* n" + TEXT,
    "a ring of rectangles turning each its own way": b"q "
    + OUTER_TURNED
    + b" Q "
    + INNER
    + b" W n"
    + TEXT,
    "a path carried alone into a clip": b"q 0 0 m 0 1 l 1 1 l 1 0 l h Q W n" + TEXT,
    "a ring carried across q": OUTER + b" q " + INNER + b" W* n" + TEXT + b" Q",
    # (review of session 61: after h, a line starts another shape: a triangle, then a line)
    "a triangle closed before its last line": b"q 2 0 m 256 0 l 256 13 l h 2 13 l W n"
    + TEXT
    + b" Q",
    # (review of session 61: viewers keep a clip pending at BT, and its path, and set it
    # at the next n with the rectangle after the text: a ring)
    "a clip pending at the text, set with a turned rectangle": b"q 0 0 260 13 re W BT ET"
    b" 102 1 -100 11 re n" + TEXT + b" Q",
}


@BUILDS
@pytest.mark.parametrize("case", sorted(HIDDEN))
def test_a_clip_by_a_path_carried_across_a_restore_is_not_taken_for_more(
    honest: bytes, case: str, build: Callable[..., bytes]
) -> None:
    record, taken, general = widget_readings(
        build(honest, _sig(HIDDEN[case], "Ada Lovelace")), today=TODAY
    )
    assert not taken or record == general, (case, record.status, general.status)
    assert general.status.value != "valid"  # (what makes it an attack: the value hidden)


@BUILDS
def test_pdf_libs_box_and_inner_clip_are_taken_as_the_general_path_reads_them(
    honest: bytes, build: Callable[..., bytes]
) -> None:
    content = b"q " + OUTER + b" Q " + INNER + b" W n" + TEXT
    record, taken, general = widget_readings(
        build(honest, _sig(content, "Ada Lovelace")), today=TODAY
    )
    assert taken and record == general


@BUILDS
def test_a_clip_pending_at_the_text_is_set_by_no_viewer(
    honest: bytes, build: Callable[..., bytes]
) -> None:
    """pypdf's ``re W BT``, with no ``n``: no viewer sets that clip (review of session 61,
    rendered in PDFium, poppler, MuPDF and pdf.js). A title's last line set under its
    bottom, its final full stop below it and above the box's foot, shows whole, and is
    read so; before, the reading from widgets took the full stop for cut away."""
    first, second = "Notes on the Analytical Engine, with a", "Memoir of the Author."
    content = (
        b"/Tx BMC q 1 1.3 415.98 36.7 re W BT 0 g /F1 12 Tf 2 24 Td (%s) Tj 0 -24.3 Td"
        b" (%s) Tj ET Q EMC" % (first.encode(), second.encode())
    )
    edit = _drawn("event_title", content, f"{first} {second}", "/Helvetica")
    record, taken, general = widget_readings(build(honest, edit), today=TODAY)
    assert not taken or record == general
    assert general.event_title == f"{first} {second}"
