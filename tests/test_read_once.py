"""The value boxes of a re-distilled return read with work done once, answering as before.

A return printed again by Ghostscript or pdftocairo has no box its fonts vouch for, so
each value box is judged glyph by glyph and read by OCR. The helpers that do it open the
document, flatten a page and read its characters once per parse (``ValueGlyphs``,
``TextExtents``, ``CharOrigins``), judge a box's font from its letters' own distance
alone (``own_apart``), and meet a page's objects with many areas at once
(``pageobjects._meets``). Each must answer exactly what the work done anew, or in full,
answers.
"""

from __future__ import annotations

import ctypes
import dataclasses
import random
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pubrelease import Status, fill, parse
from pubrelease.form.registry import load_form
from pubrelease.pdf.pageobjects import _areas, _meets
from pubrelease.pdf.pagetext import CharOrigins, TextExtents, placed_chars
from pubrelease.reading.formcells import form_cells
from pubrelease.reading.valueglyphs import ValueGlyphs
from pubrelease.reading.wordingglyphs import nearest, own_apart

from . import attacks as A
from .returns import flatten_with

NAME = "Zoë Ødegård"


@pytest.fixture(scope="module", params=["gs", "pdftocairo"])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp(f"read-once-{request.param}")
    source = folder / "live.pdf"
    release = dataclasses.replace(A.RELEASE, speaker_name=NAME, signature=NAME)
    source.write_bytes(fill(release, today=A.TODAY))
    return flatten_with(request.param, source, folder / f"{request.param}.pdf")


def _value_boxes() -> dict[int, list[tuple[float, float, float, float]]]:
    form = load_form("icml-2020")
    numbers = [p.number for p in form.pages]
    out: dict[int, list[tuple[float, float, float, float]]] = {}
    for plan in form.fields.values():
        for widget in plan.widgets:
            out.setdefault(numbers.index(widget.page), []).append(widget.box.rect)
    return out


def test_a_printed_return_reads_valid(printed: Path) -> None:
    record = parse(printed, today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == NAME


def test_boxes_judged_with_one_document_as_each_alone(printed: Path) -> None:
    data = printed.read_bytes()
    boxes = [(page, rect) for page, rects in _value_boxes().items() for rect in rects]
    with ValueGlyphs(data) as shared:
        together = [shared(page, rect) for page, rect in boxes]
        assert [shared(page, rect) for page, rect in boxes] == together  # asked again
    alone = []
    for page, rect in reversed(boxes):
        with ValueGlyphs(data) as fresh:
            alone.append(fresh(page, rect))
    assert alone[::-1] == together
    assert any(letters is not None for letters in together)  # the name's boxes are judged


def test_character_origins_pick_what_a_loop_over_the_page_picks(printed: Path) -> None:
    doc = pdfium.PdfDocument(printed.read_bytes())
    try:
        for number, rects in _value_boxes().items():
            page = doc[number]
            origins = CharOrigins(page)
            try:
                placed = placed_chars(page)
                for left, bottom, right, top in [*rects, (0.0, 0.0, 1e4, 1e4)]:
                    looped = [
                        p for p in placed if left <= p[1] < right and bottom - 1 <= p[2] <= top + 1
                    ]
                    rows = origins.within(left, bottom - 1, right, top + 1)
                    assert origins.placed(rows) == looped
            finally:
                origins.close()
                page.close()
    finally:
        doc.close()


def _extent_by_loop(
    data: bytes, number: int, rect: tuple[float, float, float, float], reach: float
) -> tuple[float, float, float, float]:
    """``text_extent`` as it read a box before, every character of the page looked at."""
    left, bottom, right, top = rect
    doc = pdfium.PdfDocument(data)
    page = doc[number]
    textpage = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    for index in range(textpage.count_chars()):
        if not pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, x, y):
            continue
        if rect[0] <= x.value < rect[2] and rect[1] <= y.value <= rect[3]:
            _, box_bottom, _, box_top = textpage.get_charbox(index)
            bottom, top = min(bottom, box_bottom), max(top, box_top)
    textpage.close()
    page.close()
    doc.close()
    return (left, max(bottom, rect[1] - reach), right, min(top, rect[3] + reach))


def test_text_extents_are_the_loops(printed: Path) -> None:
    data = printed.read_bytes()
    with TextExtents(data) as extents:
        for number, rects in _value_boxes().items():
            for rect in rects:
                assert extents(number, rect, 6.0) == _extent_by_loop(data, number, rect, 6.0)
        assert extents(99, (1.0, 2.0, 3.0, 4.0), 6.0) == (1.0, 2.0, 3.0, 4.0)


def test_own_distance_alone_is_nearests() -> None:
    cells = form_cells(load_form("icml-2020"))[0]
    shown = cells.soft  # the form's own page: every cell judged
    checked = 0
    for index in range(0, len(cells.chars), 7):
        full = nearest(cells, index, shown)
        assert own_apart(cells, index, shown) == (None if full is None else full[2])
        checked += full is not None
    assert checked > 50


def test_many_areas_meet_as_the_loop_meets() -> None:
    rng = random.Random(5)

    def box() -> tuple[float, float, float, float]:
        x, y = rng.uniform(0, 600), rng.uniform(0, 800)
        return (x, y, x + rng.uniform(0, 20), y + rng.uniform(0, 12))

    areas = [box() for _ in range(200)]
    as_array = _areas(areas)
    assert not isinstance(as_array, list)  # compared at once
    assert _areas(areas[:5]) == areas[:5]  # a few: the loop
    for _ in range(2000):
        probe = box()
        assert _meets(probe, as_array) == _meets(probe, areas)
    assert _meets(areas[0], as_array) and _meets(box(), None)
