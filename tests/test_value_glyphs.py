"""Letters outside ASCII of a value box judged by their glyphs (``reading/valueglyphs.py``).

OCR reads "Müller" as "Muller" and "Núñez" as "Nufez", so a box another program drew
was read by OCR and accepted however its accents were shown. Two ways that went wrong,
both ``valid`` before:

* ``mutool draw -F pdf`` prints Helvetica with a ToUnicode map that reads "François
  Lefèvre-Dupré" as "FranÎois LefÒvre-DuprÏ": the page shows the name, the record read
  the mojibake;
* a white square over the umlaut of "Müller" in another tool's flattened return shows
  "Muller" while the text layer reads "Müller", re-saved or appended as an update.

Each return here is made by the outside tools (pypdf fills, qpdf/pdftk/pdftocairo/mutool
flatten or print; the square is drawn by reportlab and merged by pypdf); the honest
copies must stay ``valid``.
"""

from __future__ import annotations

import dataclasses
import functools
import io
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from pubrelease import Release, Status, parse
from pubrelease.form.registry import load_form
from pubrelease.reading.valueglyphs import Letters, misdrawn_letters

from . import attacks as A
from .helpers import page_grey, widget_readings
from .returns import fill_pypdf, flatten_with

NAMES = ["Zoë Müller", "François Lefèvre-Dupré", "José María Núñez"]
SCALE = 8  # pixels a point, to find the umlaut


def _release(name: str) -> Release:
    return dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)


def _unchecked(record: object) -> list[str]:
    return [f.message for f in record.findings if f.code == "shown-text-unchecked"]  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=8)
def _flattened(name: str, folder: Path) -> bytes:
    """``name``'s release filled by pypdf (Helvetica appearances) and flattened by qpdf."""
    tag = str(abs(hash(name)))
    source = fill_pypdf(_release(name), folder / f"{tag}.pdf")
    return flatten_with("qpdf", source, folder / f"{tag}-qpdf.pdf").read_bytes()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("value-glyphs")


def test_a_print_whose_text_layer_mangles_the_accents_says_what_the_page_shows(
    folder: Path,
) -> None:
    source = fill_pypdf(_release("François Lefèvre-Dupré"), folder / "fr.pdf")
    printed = flatten_with("mutool", source, folder / "fr-mutool.pdf", strict=False)
    record, _, general = widget_readings(printed)
    # (mutool's map reads the accents as other letters: both paths read the glyphs,
    # proved, and quote the text layer)
    assert record.to_dict() == general.to_dict()
    assert record.speaker_name == "François Lefèvre-Dupré"
    assert record.status is Status.INCOMPLETE
    messages = _unchecked(record)
    assert messages, record.findings
    assert all("its text layer reads " in m for m in messages), messages
    assert all(m.startswith(("the speaker_name", "the signature")) for m in messages)


@pytest.mark.parametrize("tool", ["qpdf", "pdftk", "pdftocairo"])
@pytest.mark.parametrize("name", NAMES)
def test_honest_copies_of_accented_names_stay_valid(name: str, tool: str, folder: Path) -> None:
    tag = f"{abs(hash(name))}-{tool}"
    source = fill_pypdf(_release(name), folder / f"{tag}.pdf")
    for data in (
        source.read_bytes(),
        flatten_with(tool, source, folder / f"{tag}-f.pdf").read_bytes(),
    ):
        record = parse(data)
        assert record.status is Status.VALID, record.findings
        assert record.speaker_name == name


def _ink(data: bytes, page: int) -> np.ndarray:
    return page_grey(data, page, SCALE)  # type: ignore[no-any-return]


def _umlauts(name: str, other: str, page: int, folder: Path) -> list[tuple[float, ...]]:
    """Squares (left, bottom, width, height) over what the drawing of ``name`` inks on
    ``page`` and that of ``other`` does not, one a box."""
    gone = (_ink(_flattened(name, folder), page) - _ink(_flattened(other, folder), page)) < -60
    ys, xs = np.nonzero(gone)
    points = sorted(
        zip((xs / SCALE).tolist(), ((gone.shape[0] - ys) / SCALE).tolist(), strict=True)
    )
    groups: list[list[tuple[float, float]]] = []
    for x, y in points:
        near = [g for g in groups if abs(g[0][0] - x) < 6 and abs(g[0][1] - y) < 6]
        if near:
            near[0].append((x, y))
        else:
            groups.append([(x, y)])
    out = []
    for group in groups:
        left, bottom = min(x for x, _ in group) - 0.3, min(y for _, y in group) - 0.3
        right, top = max(x for x, _ in group) + 0.3, max(y for _, y in group) + 0.3
        out.append((left, bottom, right - left, top - bottom))
    return out


def _white_squares(page: int, squares: list[tuple[float, ...]]) -> A.Edit:
    def edit(writer: PdfWriter) -> None:
        buffer = io.BytesIO()
        sheet = canvas.Canvas(buffer, pagesize=(612, 792))
        sheet.setFillColorRGB(1, 1, 1)
        for left, bottom, width, height in squares:
            sheet.rect(left, bottom, width, height, stroke=0, fill=1)
        sheet.save()
        writer.pages[page].merge_page(PdfReader(io.BytesIO(buffer.getvalue())).pages[0])

    return edit


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("page", [0, 1])
def test_an_umlaut_covered_in_another_programs_drawing_is_shown_text_differs(
    page: int, save: A.Save, folder: Path
) -> None:
    squares = _umlauts("Zoë Müller", "Zoë Muller", page, folder)
    assert squares
    data = A.apply(_flattened("Zoë Müller", folder), _white_squares(page, squares), save)
    record = parse(data)
    assert record.speaker_name == "Zoë Müller"  # every text of the file reads it
    assert record.status is not Status.VALID
    messages = _unchecked(record)
    assert messages, record.findings
    assert all("look like 'Zoë Muller'" in m for m in messages), messages
    assert all(f"on page {page + 1})" in m for m in messages), messages


def test_only_letters_outside_ascii_in_a_known_font_are_judged(folder: Path) -> None:
    form = load_form()
    boxes = {
        index: [
            w.box.rect for plan in form.fields.values() for w in plan.widgets if w.box.page == index
        ]
        for index in (0, 1)
    }
    honest = misdrawn_letters(_flattened("José María Núñez", folder), boxes)
    assert honest  # the boxes with the name (and the signature) are judged
    assert all(letters == Letters([], seen=True) for letters in honest.values()), honest
    ascii_only = _flattened("Bohyung Han", folder)
    assert misdrawn_letters(ascii_only, boxes) == {}


def test_a_covered_accent_is_not_seen(folder: Path) -> None:
    page = 0
    squares = _umlauts("Zoë Müller", "Zoë Muller", page, folder)
    data = A.apply(_flattened("Zoë Müller", folder), _white_squares(page, squares), False)
    form = load_form()
    boxes = {
        page: [w.box.rect for p in form.fields.values() for w in p.widgets if w.box.page == page]
    }
    judged = [letters for letters in misdrawn_letters(data, boxes).values() if letters.swaps]
    assert judged
    assert all(("ü", "u") in letters.swaps and not letters.seen for letters in judged), judged


def _values_drawn(change: bytes) -> A.Edit:
    """Every value appearance (a form XObject with text) of the pages drawn with
    ``change`` put before its text (a stretch or a slant)."""

    def edit(writer: PdfWriter) -> None:
        for page in writer.pages:
            for ref in (page["/Resources"].get("/XObject") or {}).values():
                stream = ref.get_object()
                data = stream.get_data()
                if b"BT" in data and b"Tj" in data:
                    stream.set_data(data.replace(b"BT", change, 1))

    return edit


@pytest.mark.parametrize(
    "change", [b"BT 99.5 Tz", b"1 0 0.004 1 0 0 cm BT"], ids=["stretched", "slanted"]
)
def test_a_covered_umlaut_drawn_stretched_or_slanted_is_not_valid(
    change: bytes, folder: Path
) -> None:
    """Review 4: a stretch or a slant nobody sees took the glyphs out of the check."""
    drawn = _values_drawn(change)
    squares = {page: _umlauts("Zoë Müller", "Zoë Muller", page, folder) for page in (0, 1)}

    def edit(writer: PdfWriter) -> None:
        drawn(writer)
        for page, found in squares.items():
            _white_squares(page, found)(writer)

    record = parse(A.apply(_flattened("Zoë Müller", folder), edit, A.Save.RESAVED))
    assert record.status is not Status.VALID, record.findings
    assert _unchecked(record), record.findings
    honest = parse(A.apply(_flattened("Zoë Müller", folder), drawn, A.Save.RESAVED))
    assert honest.speaker_name == "Zoë Müller"
