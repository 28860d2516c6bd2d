"""A value another program sets larger than its box, cut at the box's edge by a clip.

A reviewer filled a 250-character title with MuPDF and QPDF: both cut it at the box's
edge, PDFium's text layer kept the cut characters, and the return was ``invalid``
(``hidden-text``; MuPDF's fourth line read into the event date below:
``value-disagreement``, ``bad-date``). A person sees a title cut off while the field
holds it whole: the return is now ``incomplete`` with ``value-clipped`` naming what the
box shows and what is cut (:mod:`pubrelease.pdf.clipping`,
:mod:`pubrelease.reading.cutvalues`). Clips that hide other text stay errors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from pubrelease import parse
from pubrelease.record import Record, Severity, Status

from . import attacks as A
from . import clippedfills as C
from . import returns as R
from .helpers import poppler_blank_ticks

TODAY = dt.date(2026, 12, 1)


def _codes(record: Record) -> set[str]:
    return {f.code for f in record.findings}


def _cut_at_the_edge(record: Record) -> None:
    """The title read whole, the date beside it, the return left to a person (PyMuPDF's
    ticks, which poppler draws as nothing, an error beside: ``pdf/symbolnames.py``)."""
    ticks = poppler_blank_ticks(record)
    assert record.status is (Status.INVALID if ticks else Status.INCOMPLETE), record.findings
    assert record.event_title == C.LONG_TITLE
    assert record.event_date == dt.date(2020, 7, 15)
    errors = [f for f in record.findings if f.severity is Severity.ERROR]
    assert len(errors) == ticks, record.findings
    clipped = [f.message for f in record.findings if f.code == "value-clipped"]
    assert len(clipped) == 1 and "the event_title box" in clipped[0], record.findings


FILLS: dict[str, Callable[[Path], bytes]] = {
    "pymupdf": lambda tmp: C.mupdf_fill(),
    "pymupdf-baked": lambda tmp: C.mupdf_fill(bake=True),
    "mutool-run": lambda tmp: C.mutool_fill(tmp).read_bytes(),
    "qpdf-generated": lambda tmp: C.qpdf_fill(tmp, flatten=False).read_bytes(),
    "qpdf-flattened": lambda tmp: C.qpdf_fill(tmp, flatten=True).read_bytes(),
    # MuPDF's fill flattened by pdftk: was invalid (bad-date, hidden-text)
    "mutool-run-pdftk-flattened": lambda tmp: R.flatten_with(
        "pdftk", C.mutool_fill(tmp), tmp / "flat.pdf", strict=False
    ).read_bytes(),
}


@pytest.mark.tools
@pytest.mark.parametrize("tool", list(FILLS))
def test_a_long_title_cut_at_its_box_is_left_to_a_person(tool: str, tmp_path: Path) -> None:
    record = parse(FILLS[tool](tmp_path), today=TODAY)
    _cut_at_the_edge(record)
    assert "hidden-text" not in _codes(record)
    # left to a person once: the glyphs the clip cuts through are not read by OCR too
    # (which read 'lmanartanan Alainhtad' off the top half of MuPDF's third line)
    assert "shown-text-unchecked" not in _codes(record), record.findings


@pytest.mark.tools
@pytest.mark.parametrize("incremental", [True, False], ids=["incremental", "rewritten"])
def test_a_cut_title_in_a_font_that_lies_is_still_read_by_ocr(incremental: bool) -> None:
    """The clip is not judged in a box whose value is cut at its edge; its font still is:
    a title drawn with "L" for "T" is read by OCR, and the return is invalid."""
    data = C.lying_title(C.mupdf_fill(), incremental=incremental)
    assert PdfReader(io.BytesIO(data)).get_fields()["event_title"]["/V"] == C.LONG_TITLE
    record = parse(data, today=TODAY)
    assert record.status is Status.INVALID, record.findings
    assert "value-clipped" in _codes(record), record.findings
    read = [
        f.message
        for f in record.findings
        if f.code in ("shown-text-unchecked", "shown-text-differs") and "event_title" in f.message
    ]
    assert read, record.findings


@pytest.mark.tools
def test_qpdf_cuts_its_one_line_at_the_right_edge(tmp_path: Path) -> None:
    """The message quotes the end of what the box shows and the start of what is cut."""
    record = parse(C.qpdf_fill(tmp_path, flatten=True).read_bytes(), today=TODAY)
    (message,) = [f.message for f in record.findings if f.code == "value-clipped"]
    assert "shows only '…" in message and "Masks for O'" in message, message
    assert "'peration-Aware Channel Pruning" in message, message


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_short_value_of_ours_is_not_clipped(save: A.Save) -> None:
    record = parse(A.apply(A.issued(), lambda writer: None, save), today=A.TODAY)
    assert "value-clipped" not in _codes(record), record.findings


ATTACKS = {
    # another name drawn under a clip that cuts it away, over the shown name's ink
    "cut-over-ink": (C.CUT_OVER_INK, {"hidden-text"}),
    # another name cut by a clip inside the box, below the shown one
    "cut-inside": (C.CUT_INSIDE, {"hidden-text"}),
    # the name drawn wholly outside its clip: the box shows nothing
    "all-outside": (C.ALL_OUTSIDE, {"hidden-text"}),
    # the name shown whole, words 200 pt past the box's edge that the field does not hold
    "tail-not-the-value": (C.TAIL_NOT_THE_VALUE, {"hidden-text"}),
    # words sent 250 pt past the edge in one TJ, and words dropped 66 pt below the box
    "jump-past-edge": (C.JUMP_PAST_EDGE, {"hidden-text"}),
    "dropped-below": (C.DROPPED_BELOW, {"hidden-text"}),
}


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_clip_that_hides_text_is_still_an_error(attack: str, save: A.Save) -> None:
    content, codes = ATTACKS[attack]
    record = parse(A.apply(A.issued(), C.redrawn(content), save), today=A.TODAY)
    assert record.status is Status.INVALID, record.findings
    assert codes <= _codes(record), record.findings
    if attack == "cut-over-ink":  # said so, though its glyphs lie on the shown name's ink
        hidden = [f.message for f in record.findings if f.code == "hidden-text"]
        assert all("'Minsoo Kang'" in m and "(cut away by a clip)" in m for m in hidden)


CUT_THROUGH = (
    "Robustness Certificates for Deep Reinforcement Learning Policies via Randomized Smoothing"
)


@pytest.mark.tools
@pytest.mark.parametrize("start", range(4))
@pytest.mark.parametrize("flatten", [False, True], ids=["generated", "flattened"])
def test_a_letter_the_right_edge_cuts_through_is_read_where_it_stands(
    tmp_path: Path, start: int, flatten: bool
) -> None:
    """QPDF's one line cut at the box's right edge through a letter (its middle past the
    edge): the letter was read after the value's cut end ("... fr Deep ... Smoothingo":
    value-disagreement, invalid; flattened, the title read so); it is the box's, before
    the cut (pypdf 3's fills cut titles so too: a helper's held-out sweep)."""
    title = CUT_THROUGH[start:]
    release = dataclasses.replace(C.RELEASE, event_title=title)
    record = parse(C.qpdf_fill(tmp_path, flatten=flatten, release=release).read_bytes())
    assert record.status is Status.INCOMPLETE, record.findings
    assert record.event_title == title
    assert [f.code for f in record.findings if f.severity is Severity.ERROR] == []
    assert "value-clipped" in _codes(record)


@pytest.mark.tools
@pytest.mark.parametrize("longer", range(3, 6))
def test_the_forms_comma_after_a_cut_name_stays_the_forms(tmp_path: Path, longer: int) -> None:
    """The speaker's name set past its box by QPDF, cut at its right edge, where the form's
    comma ("I, ___, agree") stands: PDFium's box of the comma starts 0.000004 points inside
    the name's box, and was read into the name ("...hause,nber agree": altered-text,
    name-mismatch, invalid; a helper's review of session 68)."""
    name = "Bohyung Han " + "Wolfeschlegelsteinhausenbergerdorff Jr"[: 12 + 5 * longer]
    release = dataclasses.replace(C.RELEASE, speaker_name=name, signature=name)
    record = parse(C.qpdf_fill(tmp_path, flatten=False, release=release).read_bytes())
    assert record.status is Status.INCOMPLETE, record.findings
    assert record.speaker_name == name
    assert {f.code for f in record.findings} == {"value-clipped", "not-countersigned"}
