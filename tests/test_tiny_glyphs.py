"""A speck of type, looked at up close before it is called hidden (pdf/closeups.py
``shown_up_close``, reading/visual.py).

A return typeset by another system in a small serif (headless Chromium, the
``serif-zapf-ink`` style) and printed by pdftocairo onto A4 or Letter shrinks a period
or a colon to under a pixel at 72 dpi: its ink spreads over the pixels it meets, too
light for the contrast a glyph's box must show, and on 9dcfdc4 the honest print read
``hidden-text`` (invalid). A glyph box of ``TINY`` points or less each way that the
page's render does not show is rendered again at 288 dpi: it shows when its own box holds
ink darker than its surroundings. White or covered specks show nothing up close either.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pubrelease import Status, parse

from . import attacks as A
from .test_honest_refits import _pdftocairo
from .test_type3_prints import _chromium, _codes

SHRUNK: dict[str, Callable[[bytes], bytes]] = {
    "A4": lambda data: _pdftocairo(data, "-paper", "A4"),
    "Letter": lambda data: _pdftocairo(data, "-paper", "letter"),
    "A4 then Letter": lambda data: _pdftocairo(
        _pdftocairo(data, "-paper", "A4"), "-paper", "letter"
    ),
}


@pytest.mark.parametrize("paper", list(SHRUNK))
def test_an_honest_print_shrunk_onto_other_paper_shows_its_periods(paper: str) -> None:
    """Fails on 9dcfdc4: ``hidden-text`` for a '.' or a ':'."""
    record = parse(SHRUNK[paper](_chromium("serif-zapf-ink")), today=A.TODAY)
    assert record.status is Status.VALID, _codes(record)


def _speck(how: str, x: float, y: float) -> A.Edit:
    """ "not" in Helvetica at 2 points (glyph boxes of a point or so), drawn ``how``."""

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        c.setFillColorRGB(*((1, 1, 1) if how == "white" else (0, 0, 0)))
        c.setFont("Helvetica", 2.0)
        c.drawString(x, y, "not")
        if how == "covered":
            c.setFillColorRGB(1, 1, 1)
            c.rect(x - 1, y - 1, 12, 4, 0, 1)

    return A._draw_on(0, draw)


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("how", ["white", "covered"])
@pytest.mark.parametrize("where", [(300.0, 40.0), (310.0, 601.0)], ids=["margin", "value"])
def test_a_speck_of_type_hidden_is_still_hidden(
    how: str, where: tuple[float, float], save: A.Save
) -> None:
    """Guard (passes on 9dcfdc4 too): up close, white or covered specks show no ink."""
    record = parse(A.apply(A.issued(), _speck(how, *where), save), today=A.TODAY)
    assert record.status is Status.INVALID
    assert "hidden-text" in {f.code for f in record.findings}, _codes(record)
