"""A print's wording looked at closer only where its pixels are not the form's.

A Ghostscript print keeps the form's Helvetica and places all but about thirty of the
wording's characters on the form's very pixels (:mod:`pubrelease.reading.wordingcells`):
only the lines of the cells apart are drawn at three pixels a point and judged. These
tests check that a part of a page drawn is the page drawn whole, that the lines judged
are judged as a look at the whole page judges them, and that a forged glyph printed
again (by Ghostscript, whose other cells are the form's, and by pdftocairo, whose every
cell differs) is still seen wherever it stands. A cell apart judged the form's
character is remembered by its pixels: a later print with those very pixels there is
not drawn again, and a forged glyph in such a cell, whose pixels are its own, still is.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pubrelease import Status, parse
from pubrelease.form.registry import load_form
from pubrelease.reading import wordingcells, wordingglyphs
from pubrelease.reading.formcells import form_cells, render

from . import attacks as A
from .conftest import ADA
from .returns import flatten_with, printed
from .test_wording_glyphs import CLAUSE, CLOSING_ARC, STEM, redrawn, turned


@pytest.fixture(autouse=True)
def _general(general_path: None) -> None:
    """Prints read the general way, whose wording checks these tests look at (Ghostscript's
    and pdftocairo's prints of a release are otherwise read from their content streams:
    ``reading/provenprint.py``)."""


def _a4_page() -> bytes:
    """A page 841.89 points tall (A4): its rows at three a point are no whole number."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    for row in range(60):
        page.drawString(40 + row % 7, A4[1] - 20 - row * 13.7, f"line {row} of the agreement")
    page.save()
    return out.getvalue()


@pytest.mark.parametrize("which", ["a4", "ghostscript"])
def test_the_rows_drawn_are_the_page_drawn_whole(which: str) -> None:
    data = _a4_page() if which == "a4" else _ghostscript_print()
    page = pdfium.PdfDocument(data)[0]
    whole = render(page)
    rows = whole.shape[0]
    bands = [(0, 7), (100, 161), (200, 230), (333, 334), (600, 780), (rows - 50, rows + 20)]
    for dy in (0, 2, -3):
        drawn = wordingcells.rendered_rows(page, bands, dy, whole.shape)
        assert drawn is not None
        asked = np.zeros(rows, np.bool_)
        for first, last in bands:
            asked[max(first + dy, 0) : min(last + dy, rows)] = True
        assert np.array_equal(drawn[asked], whole[asked]), dy
        inked = drawn.any(axis=1)
        assert inked[asked].any()
        # rows not asked for: blank, or drawn as the whole page draws them (161 to 200,
        # fewer than GAP rows between two bands, in one piece with them)
        assert np.array_equal(drawn[~asked & inked], whole[~asked & inked])
        assert not inked[400:590].any()
    assert wordingcells.rendered_rows(page, [(0, rows // 2 + 10)], 0, whole.shape) is None


def _ghostscript_print() -> bytes:
    """An honest Ghostscript print of a flattened return."""
    return printed(A.RELEASE, "gs", today=A.TODAY, flatten=True, strict=True)


def test_a_ghostscript_print_is_drawn_large_only_in_the_lines_apart(
    monkeypatch: pytest.MonkeyPatch, unseen_cells: None
) -> None:
    ghostscript_print = _ghostscript_print()
    drawn: list[int] = []
    original = wordingcells.rendered_rows

    def spy(*args: object) -> object:
        image = original(*args)  # type: ignore[arg-type]
        assert image is not None
        drawn.append(int(np.count_nonzero(image.any(axis=1))))
        return image

    monkeypatch.setattr(wordingglyphs, "rendered_rows", spy)
    record = parse(ghostscript_print, today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    assert len(drawn) == 2  # both pages, each in part
    rows = render(pdfium.PdfDocument(ghostscript_print)[0]).shape[0]
    assert all(0 < inked < rows // 2 for inked in drawn), drawn


def test_the_lines_looked_at_are_judged_as_the_whole_page_judges_them(tmp_path: Path) -> None:
    """Each cell of the lines looked at differs from the form's by as much, and is judged
    alike, whether the page was drawn and blurred whole or in those lines only: a print
    of "at least 60" drawn as "90" has its suspects, and the same ones either way."""
    doctored = tmp_path / "doctored.pdf"
    edit = redrawn(0, "60", "90", "type3", within=CLAUSE)
    doctored.write_bytes(A.apply(A.issued(), edit, A.Save.RESAVED))
    reprint = flatten_with("gs", doctored, tmp_path / "gs.pdf")
    cells = form_cells(load_form("icml-2020"))[0]
    page = pdfium.PdfDocument(str(reprint))[0]
    whole = render(page)
    six = cells.chars.index("least 60") + len("least ")
    only = [cells.chars.index("my"), six, len(cells.chars) - 3]
    looked = wordingcells.looked_at(cells, whole.shape, only)
    lines = {int(i) for line in looked[1] for i in line[2]}
    assert set(only) <= lines < set(range(len(cells.chars)))
    part = wordingcells.rendered_rows(page, looked[2], 0, whole.shape)
    assert part is not None
    everywhere = dict(wordingglyphs._suspects(cells, whole))
    in_part = dict(wordingglyphs._suspects(cells, part, looked))
    assert in_part == {i: seen for i, seen in everywhere.items() if i in lines}
    assert in_part[six] is not None and in_part[six].shows == "9"


@pytest.mark.parametrize("tool", ["gs", "pdftocairo"])
@pytest.mark.parametrize(
    ("edit", "shows"),
    [
        (lambda: redrawn(0, "60", "90", "type3", within=CLAUSE), "'…at least 60' shows as"),
        (lambda: redrawn(0, "not", "now", "type3", within="ICML is "), "'…ICML is not' shows"),
        (
            lambda: redrawn(1, "o", "a", "type3", within="County of San Dieg"),
            "'…of San Diego,' shows as '…of San Diega,'",
        ),
        (lambda: turned(CLAUSE, "6"), "'…at least 60' shows as '…at least 90'"),
    ],
    ids=["60-as-90", "not-as-now", "diego-as-diega", "six-turned"],
)
def test_a_forged_glyph_printed_again_is_seen(
    edit: object, shows: str, tool: str, tmp_path: Path
) -> None:
    """The forged glyph's cell is not the form's at 72 dpi in either print: looked at,
    whatever the cells beside it (a Ghostscript print's are the form's)."""
    doctored = tmp_path / "doctored.pdf"
    doctored.write_bytes(A.apply(A.issued(), edit(), A.Save.RESAVED))  # type: ignore[operator]
    reprint = flatten_with(tool, doctored, tmp_path / f"{tool}.pdf")  # type: ignore[arg-type]
    record = parse(reprint, today=A.TODAY)
    assert record.status is Status.INVALID, record.findings
    messages = [f.message for f in record.findings if f.code == "shown-text-differs"]
    assert len(messages) == 1 and shows in messages[0], messages


def _drawn_rows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the pages drawn at three pixels a point (in part) from here on."""
    drawn: list[int] = []
    original = wordingcells.rendered_rows

    def spy(*args: object) -> object:
        drawn.append(1)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(wordingglyphs, "rendered_rows", spy)
    return drawn


@pytest.mark.parametrize("tool", ["gs", "pdftocairo"])
def test_cells_judged_in_one_print_are_not_drawn_again_in_the_next(
    tool: str, monkeypatch: pytest.MonkeyPatch, unseen_cells: None
) -> None:
    """Two honest prints of two releases by one printer: the cells apart in the first
    (the "1." of each clause, a pixel off) are drawn and judged the form's; the second
    has the same pixels there, and is drawn at three pixels a point nowhere."""
    first = printed(A.RELEASE, tool, today=A.TODAY, flatten=True, strict=True)  # type: ignore[arg-type]
    second = printed(ADA, tool, today=A.TODAY, flatten=True, strict=True)  # type: ignore[arg-type]
    drawn = _drawn_rows(monkeypatch)
    assert parse(first, today=A.TODAY).status is Status.VALID
    assert len(drawn) >= 2  # both pages of the first print (and the reference's, if made)
    drawn.clear()
    record = parse(second, today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == ADA.speaker_name
    assert drawn == []


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("tool", ["gs", "pdftocairo"])
def test_a_forged_glyph_in_a_cell_judged_before_is_seen(
    tool: str, save: A.Save, tmp_path: Path, unseen_cells: None
) -> None:
    """Clause 2's number "2." drawn as "7." (its text still reads "2."), then printed,
    read after an honest print by the same printer whose "2." cell was apart, judged
    and remembered: the forged cell's pixels are not the remembered ones, so it is
    judged, and the record is the one the forgery gets read first."""
    doctored = tmp_path / "doctored.pdf"
    doctored.write_bytes(A.apply(A.issued(), redrawn(0, "2.", "7.", "type3"), save))
    forged = flatten_with(tool, doctored, tmp_path / "forged.pdf").read_bytes()  # type: ignore[arg-type]
    alone = parse(forged, today=A.TODAY)
    assert alone.status is Status.INVALID, alone.findings
    messages = [f.message for f in alone.findings if f.code == "shown-text-differs"]
    assert len(messages) == 1 and "'…2.I' shows as '…7.I'" in messages[0], messages
    honest = printed(A.RELEASE, tool, today=A.TODAY, flatten=True, strict=True)  # type: ignore[arg-type]
    for cells in wordingglyphs.form_cells(load_form("icml-2020")):
        cells.shown_before.clear()
    assert parse(honest, today=A.TODAY).status is Status.VALID
    page = wordingglyphs.form_cells(load_form("icml-2020"))[0]
    assert any(page.chars[i : i + 3] == "2.I" for i, _ in page.shown_before)
    assert parse(forged, today=A.TODAY) == alone


def _under(mark: str) -> A.Edit:
    """``mark`` drawn before (under) page 1's content."""
    return A._edit_content(0, lambda text: f"q {mark} Q\nq\n{text}\nQ\n")


@pytest.mark.parametrize("printer", ["gs", None], ids=["ghostscript", "re-saved"])
@pytest.mark.parametrize(
    "mark",
    [
        pytest.param(f"1 1 0.3 RG 0.6 w 1 J {STEM}", id="yellow-stem"),
        pytest.param(f"1 1 0.45 RG 0.8 w 1 J {CLOSING_ARC}", id="pale-yellow-arc"),
        pytest.param(f"0.94 G 0.6 w 1 J {STEM}", id="pale-grey-stem"),
    ],
)
def test_a_pale_drawing_over_the_words_is_for_a_person(
    mark: str, printer: str | None, tmp_path: Path
) -> None:
    """A review's case (a helper of session 42): a stem before "60" in yellow, drawn
    under the page's words, changes no pixel of a cell by 16 grey levels at 72 dpi, so
    no cell is apart there, in a Ghostscript print or in the return re-saved (which was
    `valid`); it still shows. Drawings over the wording are looked for over every cell,
    apart or not (``.wordingmarks``)."""
    doctored = tmp_path / "doctored.pdf"
    doctored.write_bytes(A.apply(A.issued(), _under(mark), A.Save.RESAVED))
    reprint = flatten_with(printer, doctored, tmp_path / "gs.pdf") if printer else doctored
    record = parse(reprint, today=A.TODAY)
    assert record.status is Status.INCOMPLETE, record.findings
    messages = [f.message for f in record.findings if f.code == "shown-text-unchecked"]
    assert len(messages) == 1 and "'…at least 60'" in messages[0], messages


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_white_rectangle_under_the_words_is_nothing_to_look_at(save: A.Save) -> None:
    """A drawing whose box meets every cell of the wording but changes no pixel of the
    page (a white page-sized rectangle drawn first, as some programs paint paper): a
    return in the form's own fonts with it shows the form's words, and is read as the
    same return without it by the wording's check (a review's case, session 42; the
    value boxes' own check, which wants no drawing the form does not make over a value,
    still asks a person to look at the boxes, as before)."""
    data = A.apply(A.issued(), _under("1 g 0 0 612 792 re f"), save)
    record = parse(data, today=A.TODAY)
    wording = [f for f in record.findings if "the wording" in f.message]
    assert not wording, wording
    unchecked = [f for f in record.findings if f.code == "shown-text-unchecked"]
    assert all(f.field for f in unchecked), unchecked  # the value boxes', each its field
