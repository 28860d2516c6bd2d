"""A print in fonts of its own, judged against the form's page drawn in those fonts.

pdftocairo draws the form's wording in Nimbus Sans: no cell has the form's pixels, so
every line used to be drawn at 216 dpi and judged. The form's page drawn in the print's
own fonts (:mod:`pubrelease.reading.printreference`) has the print's pixels in all but
some thirty cells; it is judged once, and only the cells apart from it are looked at.
These tests check that honest prints are looked at in those few cells only, that a
forged glyph printed again is still seen, and that a print whose own Nimbus Sans lies
(its encoding draws "9" for the "6" its map reads) is seen too: the reference drawn in
that font shows the lie, so those cells are looked at in every such print. Each attack
on the print itself is built as an incremental update and as a re-saved file.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from pubrelease import Status, parse
from pubrelease.form.registry import load_form
from pubrelease.pdf.kept import Kept
from pubrelease.pdf.nodes import Ref
from pubrelease.pdf.objectcopy import serialised
from pubrelease.reading import printreference, wordingglyphs

from . import attacks as A
from .helpers import require_tool
from .returns import flatten_with, printed
from .test_wording_glyphs import CLAUSE, redrawn


@pytest.fixture(autouse=True)
def _general(general_path: None) -> None:
    """Prints read the general way, whose reference these tests look at (a pdftocairo
    print of a release is otherwise read from its content streams: ``provenprint.py``)."""


@pytest.fixture
def looked(monkeypatch: pytest.MonkeyPatch, unseen_cells: None) -> Iterator[list[int | None]]:
    """How many cells each page was looked at in (None: every cell; no cells judged
    before this test remembered)."""
    counts: list[int | None] = []
    original = wordingglyphs.looked_at

    def spy(cells: object, shape: object, only: list[int] | None) -> object:
        counts.append(None if only is None else len(only))
        return original(cells, shape, only)  # type: ignore[arg-type]

    monkeypatch.setattr(wordingglyphs, "looked_at", spy)
    monkeypatch.setattr(printreference, "_KEPT", Kept(printreference.KEPT))
    yield counts


def _print() -> bytes:
    """An honest pdftocairo print of a flattened return."""
    return printed(A.RELEASE, "pdftocairo", today=A.TODAY, flatten=True, strict=True)


def test_an_honest_pdftocairo_print_is_looked_at_in_a_few_cells(
    tmp_path: Path, looked: list[int | None]
) -> None:
    honest = _print()
    record = parse(honest, today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    # the first time, the reference is judged (most of its cells: Nimbus Sans is not
    # PDFium's Helvetica), then the print in the cells apart from it only
    assert len(looked) == 4
    judged, first, _, second = looked
    assert judged is not None and judged > 1000
    assert first is not None and first < 60
    assert second is not None and second < 20
    looked.clear()
    again = parse(honest, today=A.TODAY)
    assert again == record
    # read again: the cells apart were judged the form's characters with these very
    # pixels, and are not looked at again (.wordingglyphs)
    assert looked == []


def test_a_record_does_not_depend_on_the_prints_read_before(
    tmp_path: Path, looked: list[int | None]
) -> None:
    """The reference is made of each print's own fonts: a print read first, or after
    another print whose reference is kept, reads alike."""
    honest = _print()
    doctored = tmp_path / "doctored.pdf"
    edit = redrawn(0, "60", "90", "type3", within=CLAUSE)
    doctored.write_bytes(A.apply(A.issued(), edit, A.Save.RESAVED))
    forged = flatten_with("pdftocairo", doctored, tmp_path / "forged.pdf")
    alone = parse(forged, today=A.TODAY)
    printreference._KEPT.clear()
    parse(honest, today=A.TODAY)
    after = parse(forged, today=A.TODAY)
    assert after == alone
    assert alone.status is Status.INVALID


def _lying_nimbus(which: bytes) -> A.Edit:
    """An edit making the print's Nimbus Sans draw the glyph ``nine`` for code "6"
    (its ``/ToUnicode`` map still reads "6") on page 1."""

    def edit(writer: PdfWriter) -> None:
        fonts = writer.pages[0]["/Resources"]["/Font"]
        for name in fonts:
            font = fonts[name].get_object()
            if which in str(font.get("/BaseFont", "")).encode():
                font[NameObject("/Encoding")] = DictionaryObject(
                    {
                        NameObject("/BaseEncoding"): NameObject("/WinAnsiEncoding"),
                        NameObject("/Differences"): ArrayObject(
                            [NumberObject(ord("6")), NameObject("/nine")]
                        ),
                    }
                )
                return
        raise AssertionError(f"no {which!r} font on page 1")

    return edit


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_print_whose_own_nimbus_sans_lies_is_seen(
    save: A.Save, tmp_path: Path, looked: list[int | None]
) -> None:
    honest = _print()
    lying = A.apply(honest, _lying_nimbus(b"NimbusSans-Regular"), save)
    for _ in range(2):  # made and judged, then kept: the same either way
        record = parse(lying, today=A.TODAY)
        assert record.status is Status.INVALID, record.findings
        messages = [
            f.message
            for f in record.findings
            if f.code == "shown-text-differs" and "the wording's glyphs" in f.message
        ]
        assert len(messages) == 1, record.findings
        assert "'…at least 60' shows as '…at least 90'" in messages[0]
    # the honest print beside it still reads valid, its reference its own
    assert parse(honest, today=A.TODAY).status is Status.VALID


def test_a_print_with_two_fonts_named_as_copies_of_helvetica_is_looked_at_as_before(
    tmp_path: Path, looked: list[int | None]
) -> None:
    """No font stands for the form's Helvetica when two could: the reference is drawn
    with the print's bold font only (the title, judged first), and the cells of the
    wording in Helvetica are apart from it, looked at as before."""
    with pikepdf.open(io.BytesIO(_print())) as pdf:
        fonts = pdf.pages[0].Resources.Font
        name = next(n for n in fonts if "NimbusSans-Regular" in str(fonts[n].BaseFont))
        twin = pdf.make_indirect(pikepdf.Dictionary(dict(fonts[name].items())))
        twin.BaseFont = pikepdf.Name("/ABCDEF+ArialMT")
        fonts["/Twin"] = twin
        out = io.BytesIO()
        pdf.save(out)
    record = parse(out.getvalue(), today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    judged, first = looked[:2]
    assert judged is not None and judged < 40  # the bold title
    assert first is not None and first > 1000


def test_the_reference_is_the_form_drawing_with_the_prints_own_fonts(tmp_path: Path) -> None:
    """The form's page drawn in a print's fonts is an incremental update of the form's
    template (:mod:`pubrelease.pdf.objectcopy`): qpdf finds nothing wrong with it, the
    other pages and every other object are the template's, and the page draws with copies
    of the print's fonts, their programs byte for byte."""
    form = load_form()
    honest = PdfReader(io.BytesIO(_print()))
    fonts = honest.pages[1]["/Resources"]["/Font"]
    stands = {
        "/F1": next(fonts.raw_get(n) for n in fonts if "Regular" in str(fonts[n]["/BaseFont"])),
        "/F2": next(fonts.raw_get(n) for n in fonts if "Bold" in str(fonts[n]["/BaseFont"])),
    }
    drawn = printreference._drawn(
        form, 1, honest, {name: Ref(ref.idnum, ref.generation) for name, ref in stands.items()}
    )
    assert drawn.startswith(form.template)
    path = tmp_path / "reference.pdf"
    path.write_bytes(drawn)
    check = subprocess.run([require_tool("qpdf"), "--check", str(path)], capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr
    reader = PdfReader(path)
    template = PdfReader(io.BytesIO(form.template))
    assert reader.pages[0].get_contents().get_data() == template.pages[0].get_contents().get_data()
    assert reader.pages[1].get_contents().get_data() == template.pages[1].get_contents().get_data()
    assert serialised(reader.pages[0]) == serialised(template.pages[0])
    copies = reader.pages[1]["/Resources"]["/Font"]
    for name, ref in stands.items():
        original, copy = ref.get_object(), copies[name]
        assert copy.indirect_reference.idnum >= form.trailer.size
        assert copy["/BaseFont"] == original["/BaseFont"]
        assert copy["/Widths"] == original["/Widths"]
        key = next(
            k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in original["/FontDescriptor"]
        )
        assert (
            copy["/FontDescriptor"][key].get_data() == original["/FontDescriptor"][key].get_data()
        )
        assert copy["/ToUnicode"].get_data() == original["/ToUnicode"].get_data()
