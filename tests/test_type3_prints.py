"""Honest returns in Type 3 fonts printed again by poppler's cairo read as written.

The agreement typeset by another system (a web page printed by headless Chromium in a
CFF font: Nimbus Sans, Nimbus Roman, P052, C059, which Chromium embeds as Type 3 fonts),
printed again through poppler's ``pdftocairo -pdf`` (at its own size, on A4 or on US
Letter). Cairo writes each font again as a Type 3 font drawn at ``Tf 1`` with no font
descriptor: no ascent or descent, so PDFium's loose box of a character is its glyph's
ink from its bottom up to the font's top. A quote's or an apostrophe's box stood wholly
above its baseline, over the middle of its line, and the quotes made a line of their
own: ``altered-text`` ('("Agreement")' deleted, "ICML's" changed to "' ICMLs"),
``name-mismatch``, ``missing-value`` (the effective date), ``invalid``. A loose box now
reaches down to its character's baseline (:func:`pubrelease.pdf.charboxes.down_to_baselines`).
The control: a word altered in the same layout, printed the same way, is still seen.

Made by real programs (failing under ``CI=true`` when one is missing).
"""

from __future__ import annotations

import functools
import io
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from pubrelease import Record, Status, parse

from . import attacks as A
from .returns import STYLES, render_html
from .test_honest_refits import _pdftocairo
from .type3_attacks import raised

CFF_STYLES = ["helvetica-cssbox-typed", "roman-ballot-typed", "palatino-svg-ink", "century-x-image"]
"""Chromium styles whose text fonts are CFF (embedded as Type 3 by Chromium)."""

PRINTS: dict[str, Callable[[bytes], bytes]] = {
    "pdftocairo": lambda data: _pdftocairo(data),
    "pdftocairo A4": lambda data: _pdftocairo(data, "-paper", "A4"),
    "pdftocairo Letter -expand": lambda data: _pdftocairo(data, "-paper", "letter", "-expand"),
    "pdftocairo twice": lambda data: _pdftocairo(_pdftocairo(data)),
}


def _codes(record: Record) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in record.findings]


@functools.cache
def _chromium(style: str, old: str = "", new: str = "") -> bytes:
    """The agreement printed by headless Chromium in ``style`` (``old`` changed to
    ``new`` in its wording, when given)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "release.pdf"
        render_html(A.RELEASE, out, STYLES[style], alter={old: new} if old else None)
        return out.read_bytes()


@functools.cache
def _printed(made: str, style: str, old: str = "", new: str = "") -> bytes:
    return PRINTS[made](_chromium(style, old, new))


def _type3_without_descriptors(data: bytes) -> bool:
    """Whether every text font of ``data``'s pages is a Type 3 font with no font
    descriptor (cairo's), the check boxes' CID font aside."""
    fonts: list[DictionaryObject] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources")
        found = resources.get_object().get("/Font") if resources is not None else None
        if found is not None:
            fonts += [font.get_object() for font in found.get_object().values()]
    type3 = [font for font in fonts if font.get("/Subtype") == "/Type3"]
    others = [font for font in fonts if font.get("/Subtype") != "/Type0"]
    described = any("/FontDescriptor" in font for font in type3)
    return bool(type3) and len(type3) == len(others) and not described


@pytest.mark.parametrize("made", list(PRINTS))
@pytest.mark.parametrize("style", CFF_STYLES)
def test_a_type3_return_printed_by_cairo_reads_valid(style: str, made: str) -> None:
    """Fails on main before this change: ``altered-text`` ('("Agreement")' deleted),
    ``name-mismatch``, ``missing-value``."""
    unprinted = parse(_chromium(style), today=A.TODAY)
    assert unprinted.status is Status.VALID, _codes(unprinted)
    data = _printed(made, style)
    assert _type3_without_descriptors(data)
    record = parse(data, today=A.TODAY)
    assert record.status is Status.VALID, _codes(record)
    assert record.speaker_name == unprinted.speaker_name == A.RELEASE.speaker_name
    assert record.effective_date == unprinted.effective_date
    assert record.countersign_date == unprinted.countersign_date


ALTERED = [
    ("60 days", "6 days", "'60' changed to '6'"),
    ("ICML's failure", "ICML's choice", "'failure' changed to 'choice'"),
    ('("Agreement")', '("Draft")', "'(\"Agreement\")' changed to '(\"Draft\")'"),
]


@pytest.mark.parametrize(("old", "new", "said"), ALTERED, ids=lambda v: v)
@pytest.mark.parametrize("made", ["pdftocairo", "pdftocairo A4"])
def test_altered_wording_in_a_type3_return_printed_by_cairo_is_seen(
    made: str, old: str, new: str, said: str
) -> None:
    """The control: the same layout with a word changed, printed the same way."""
    record = parse(_printed(made, "helvetica-cssbox-typed", old, new), today=A.TODAY)
    assert record.status is Status.INVALID, _codes(record)
    messages = [f.message for f in record.findings if f.code == "altered-text"]
    assert any(said in m for m in messages), _codes(record)


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_word_moved_onto_the_line_above_in_a_cairo_print_is_seen(save: A.Save) -> None:
    """Review 32: clause 3's "not" ("including, but not limited to") drawn on the baseline
    of clause 2's last line, its glyphs' declared boxes around the ink: the page shows
    "...by ICML.   not" and "but ___ limited to my biography"; the text layer reads "but
    not limited". A box is lowered to its baseline only from within its line's em, so
    the word is read where it is drawn. Fails on the first down_to_baselines (valid)."""
    honest = _printed("pdftocairo", "helvetica-cssbox-typed")
    up = 18.75 / 9.9975  # one baseline to the other, in ems of the 9.9975 pt text
    boxes = {0: (0.3, up + 0.75), 1: (up, up + 0.75), 2: (up, up + 0.75)}
    record = parse(A.apply(honest, raised("/f-1-0", "but ", "not", up, boxes), save), today=A.TODAY)
    assert record.status is Status.INVALID, _codes(record)
