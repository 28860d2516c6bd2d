"""Words of another system's layout redrawn in its own Type 3 font where, or at a size, its
text layer does not say (review 32; ``pdf/type3place.py``).

A Type 3 glyph is a content stream: it draws its ink wherever it likes about the
character's origin, at any size, and PDFium reads the character at its origin. Chromium's
print of the agreement (its CFF fonts embedded as Type 3 fonts with a font descriptor)
and pdftocairo's print of that (Type 3 fonts without one), re-saved or updated with:

* clause 3's "not" ("including, but not limited to") drawn by glyphs that draw it a line
  up (on clause 2's last line) or an em up, their declared boxes around the ink: the page
  shows "...by ICML.   not" and "but ___ limited"; the text layer read "but not limited",
  ``valid``. A glyph whose box lies wholly off its line is now read where it stands:
  ``altered-text``;
* clause 2's "not" drawn at a tenth of its size in place: the page shows "I will ...
  authorize"; the text layer read "I will not authorize", ``valid``. A letter whose
  glyph spans under a quarter of its em both ways is now text a viewer does not show:
  ``hidden-text``.

Each test asserts the finding that names the attack, so an incremental update (read
``modified-after-issue`` on main already) fails there too.

Made by real programs (failing under ``CI=true`` when one is missing).
"""

from __future__ import annotations

import pytest

from pubrelease import Record, Status, parse

from . import attacks as A
from .test_type3_prints import _chromium, _codes, _printed
from .type3_attacks import raised

STYLE = "helvetica-cssbox-typed"
"""A Chromium style whose text font (Nimbus Sans, CFF) Chromium embeds as Type 3 fonts."""
CHROMIUM_FONT = "/F5"
"""The resource name of Chromium's body text font in that style's print."""
CAIRO_FONT = "/f-1-0"
"""The same, in pdftocairo's print of it."""


def _made(made: str) -> tuple[bytes, str]:
    honest = _chromium(STYLE) if made == "chromium" else _printed("pdftocairo", STYLE)
    record = parse(honest, today=A.TODAY)
    assert record.status is Status.VALID, _codes(record)
    return honest, CHROMIUM_FONT if made == "chromium" else CAIRO_FONT


def _found(record: Record, code: str) -> bool:
    return record.status is Status.INVALID and any(f.code == code for f in record.findings)


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("up", [1.0, 18.75 / 10], ids=["an-em-up", "a-line-up"])
def test_a_word_drawn_on_another_line_in_chromiums_type3_fonts_is_seen(
    up: float, save: A.Save
) -> None:
    """Chromium's own print (its fonts have a descriptor: PDFium's loose box stands on
    the origin, the glyph's box only widens it). Fails on main: ``valid`` re-saved, only
    ``modified-after-issue`` updated."""
    honest, font = _made("chromium")
    record = parse(A.apply(honest, raised(font, "but ", "not", up), save), today=A.TODAY)
    assert _found(record, "altered-text"), _codes(record)


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("made", ["chromium", "pdftocairo"])
def test_a_word_drawn_at_a_tenth_of_its_size_is_seen(made: str, save: A.Save) -> None:
    """Fails on main: ``valid`` re-saved, only ``modified-after-issue`` updated."""
    honest, font = _made(made)
    record = parse(
        A.apply(honest, raised(font, "I will ", "not", 0.0, scale=0.1), save), today=A.TODAY
    )
    assert _found(record, "hidden-text"), _codes(record)
    said = [f.message for f in record.findings if f.code == "hidden-text"]
    assert any("drawn at a speck of its size" in m for m in said), said
