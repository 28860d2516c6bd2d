"""Greek and Cyrillic value boxes judged by their glyphs (``reading/valueglyphs.py``).

OCR here reads the Latin script only, so a Greek or Cyrillic name that another program
drew again (a print by pdftocairo or Ghostscript re-embeds ``fill``'s DejaVu Sans) could
not be told from its text layer, and every such honest print was ``incomplete`` ("in a
script its OCR does not read"). Their letters are one glyph each, where the text layer
places them, so the box is judged as accented Latin letters are: each letter against
every letter of DejaVu Sans (the whole Greek or Cyrillic alphabet too) drawn alone. A
box whose every letter is its own glyph, and that has no dark ink outside its letters'
cells, shows its text; any other is for a person.

Each return is made by the outside tools (pdftocairo, Ghostscript prints of ``fill``'s
release; the squares and bars drawn by reportlab and merged by pypdf, as an update or
re-saved); the honest prints must be ``valid``.
"""

from __future__ import annotations

import dataclasses
import functools
import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from pubrelease import Release, Status, parse
from pubrelease.form.registry import load_form

from . import attacks as A
from .helpers import page_grey
from .returns import FlattenTool, fill_pubrelease, flatten_with

NAMES = {
    "greek": ("Νίκος Παππάς", "Νικος Παππάς"),  # the tonos of the ί
    "cyrillic": ("Дмитрий Шостакович", "Дмитрии Шостакович"),  # the breve of the й
}
SCALE = 8  # pixels a point, to find the accent


def _release(name: str) -> Release:
    return dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)


@functools.lru_cache(maxsize=8)
def _printed(name: str, tool: FlattenTool, folder: Path) -> bytes:
    tag = f"{abs(hash(name))}-{tool}"
    source = fill_pubrelease(_release(name), folder / f"{tag}.pdf")
    return flatten_with(tool, source, folder / f"{tag}-printed.pdf").read_bytes()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("script-glyphs")


def _ink(data: bytes, page: int) -> np.ndarray:
    return page_grey(data, page, SCALE)  # type: ignore[no-any-return]


def _accent(name: str, other: str, folder: Path) -> tuple[float, ...]:
    """A square (left, bottom, width, height) over what the first page of ``name``'s
    print inks in its first box and that of ``other`` does not (the accent)."""
    gone = (_ink(_printed(name, "pdftocairo", folder), 0)) - _ink(
        _printed(other, "pdftocairo", folder), 0
    ) < -60
    ys, xs = np.nonzero(gone)
    first = ys.min()
    keep = ys < first + 6 * SCALE  # the first line the name is on
    ys, xs = ys[keep], xs[keep]
    keep = xs < xs.min() + 6 * SCALE  # its first accent
    ys, xs = ys[keep], xs[keep]
    height = gone.shape[0]
    left, right = xs.min() / SCALE - 0.3, xs.max() / SCALE + 0.3
    bottom, top = (height - ys.max()) / SCALE - 0.3, (height - ys.min()) / SCALE + 0.3
    return (left, bottom, right - left, top - bottom)


def _name_box(data: bytes) -> tuple[float, float, float, float]:
    """The tight box of the speaker's name in its first box on the first page."""
    form = load_form()
    rect = next(w.box.rect for w in form.fields["speaker_name"].widgets if w.box.page == 0)
    doc = pdfium.PdfDocument(data)
    try:
        text = doc[0].get_textpage()
        boxes = [
            text.get_charbox(index)
            for index in range(text.count_chars())
            if rect[0] <= text.get_charbox(index)[0] < rect[2]
            and rect[1] <= text.get_charbox(index)[1] <= rect[3]
            and not text.get_text_range(index, 1).isspace()
        ]
    finally:
        doc.close()
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _drawn(*rects: tuple[float, ...], white: bool) -> A.Edit:
    """Rectangles (left, bottom, width, height) filled white or black on page 1."""

    def edit(writer: PdfWriter) -> None:
        buffer = io.BytesIO()
        sheet = canvas.Canvas(buffer, pagesize=(612, 792))
        sheet.setFillColorRGB(*((1, 1, 1) if white else (0, 0, 0)))
        for left, bottom, width, height in rects:
            sheet.rect(left, bottom, width, height, stroke=0, fill=1)
        sheet.save()
        writer.pages[0].merge_page(PdfReader(io.BytesIO(buffer.getvalue())).pages[0])

    return edit


def _unchecked(record: object) -> list[str]:
    return [f.message for f in record.findings if f.code == "shown-text-unchecked"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("tool", ["pdftocairo", "gs"])
@pytest.mark.parametrize("script", sorted(NAMES))
def test_honest_prints_of_greek_and_cyrillic_names_are_valid(
    script: str, tool: FlattenTool, folder: Path
) -> None:
    name = NAMES[script][0]
    record = parse(_printed(name, tool, folder), today=A.TODAY)
    assert record.speaker_name == name
    assert record.status is Status.VALID, record.findings


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("script", sorted(NAMES))
def test_an_accent_covered_on_a_print_is_for_a_person(
    script: str, save: A.Save, folder: Path
) -> None:
    name, other = NAMES[script]
    square = _accent(name, other, folder)
    data = A.apply(_printed(name, "pdftocairo", folder), _drawn(square, white=True), save)
    record = parse(data, today=A.TODAY)
    assert record.speaker_name == name  # every text of the file reads it
    assert record.status is not Status.VALID
    assert any(m.startswith("the speaker_name") for m in _unchecked(record)), record.findings


@pytest.mark.parametrize("script", sorted(NAMES))
def test_an_accent_covered_then_printed_is_for_a_person(script: str, folder: Path) -> None:
    name, other = NAMES[script]
    square = _accent(name, other, folder)
    # (on fill's flattened release: a live one draws its widgets over the page's square)
    source = fill_pubrelease(_release(name), folder / f"{script}-flat.pdf", flatten=True)
    covered = folder / f"{script}-covered.pdf"
    covered.write_bytes(A.apply(source.read_bytes(), _drawn(square, white=True), A.Save.RESAVED))
    printed = flatten_with("pdftocairo", covered, folder / f"{script}-covered-printed.pdf")
    record = parse(printed.read_bytes(), today=A.TODAY)
    assert record.status is not Status.VALID
    assert any(m.startswith("the speaker_name") for m in _unchecked(record)), record.findings


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_stroke_after_the_name_is_for_a_person(script: str, save: A.Save, folder: Path) -> None:
    # the name shows a letter more (a bar: "Παππάς|"), drawn by a path, not in the text
    printed = _printed(NAMES[script][0], "pdftocairo", folder)
    _, bottom, right, top = _name_box(printed)
    bar = (right + 1.0, bottom + 0.5, 0.9, top - bottom - 0.5)
    record = parse(A.apply(printed, _drawn(bar, white=False), save), today=A.TODAY)
    assert record.status is not Status.VALID
    assert any(m.startswith("the speaker_name") for m in _unchecked(record)), record.findings


@pytest.mark.parametrize("tool", ["pdftocairo", "gs"])
def test_a_mixed_name_is_not_vouched_for_by_its_cyrillic_letters_alone(
    tool: FlattenTool, folder: Path
) -> None:
    """Review 7: "Ivan Petrov (Иван Петров)" shown as "Igor Petrov (Иван Петров)" keeps
    every Cyrillic letter its own glyph, and ASCII letters are not judged glyph by
    glyph: such a box is for a person, whatever its Cyrillic letters show (the white
    square is also a drawing in the box, which ``vouching`` marks)."""
    name = "Ivan Petrov (Иван Петров)"
    printed = _printed(name, tool, folder)
    _, bottom, _, top = _name_box(printed)
    doc = pdfium.PdfDocument(printed)
    try:
        text = doc[0].get_textpage()
        chars = text.get_text_range(0, text.count_chars())
        left, _, right, _ = text.get_charbox(chars.index("Ivan") + 1)  # its "v"
    finally:
        doc.close()
    covered = A.apply(
        printed,
        _drawn((left - 0.2, bottom - 0.2, right - left + 0.4, top - bottom + 0.4), white=True),
        A.Save.RESAVED,
    )
    record = parse(covered, today=A.TODAY)
    assert record.speaker_name == name
    assert record.status is not Status.VALID
    assert any(m.startswith(f"the speaker_name {name!r}") for m in _unchecked(record)), (
        record.findings
    )
