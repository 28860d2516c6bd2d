"""The boxes of a page's own characters, read once and used again for every page with the
same content (pdf/charboxes.py): the same characters, the same boxes as PDFium gives one
by one, on returns filled by other tools, and never for a page that reads otherwise."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject, NumberObject

from pubrelease import Release, parse
from pubrelease.pdf import charboxes
from pubrelease.pdf.charboxes import Boxes, KnownStart, known_start, read_units
from pubrelease.pdf.chartable import Chars, read_chars
from pubrelease.pdf.glyphtable import read_glyphs
from pubrelease.pdf.loadedpages import LoadedPages
from pubrelease.pdf.nodefonts import content_keys
from pubrelease.pdf.objects import Objects

from . import attacks as A
from . import returns as R
from .helpers import update

OTHER = Release.create(
    speaker_name="Ngozi Okonjo-Iweala",
    event_title="Markets, Models and the Long Tail of Trade",
    event_date="2020-07-14",
    effective_date="2020-07-01",
    consent="accept",
    signature="Ngozi Okonjo-Iweala",
    sign_date="2020-07-03",
)

TOOLS: dict[str, Callable[[Path, Release], Path]] = {
    "pypdf": lambda t, r: R.fill_pypdf(r, t / f"{r.speaker_name}.pdf"),
    "pdftk": lambda t, r: R.fill_pdftk(r, t / f"{r.speaker_name}.pdf"),
    "pdf-lib": lambda t, r: R.fill_pdflib(r, t / f"{r.speaker_name}.pdf"),
    "pubrelease": lambda t, r: R.fill_pubrelease(r, t / f"{r.speaker_name}.pdf"),
}


def _chars_equal(a: Chars, b: Chars) -> None:
    assert a.texts.tolist() == b.texts.tolist()
    for name in ("first", "last", "left", "right", "bottom", "top", "embedded"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def _read_both_ways(data: bytes, known_from: bytes) -> int:
    """Each page of ``data``, flattened, read character by character and with the own
    characters of the same page of ``known_from``: the same characters and glyphs. The
    number of characters the known starts gave."""
    source = pdfium.PdfDocument(known_from)
    doc = pdfium.PdfDocument(data)
    used = 0
    try:
        for number in range(len(doc)):
            own = source[number].get_textpage()
            known = KnownStart.read(own)
            own.close()
            with LoadedPages(doc) as pages:
                page = pages.flatten(number)
                textpage = pages.textpage(number)
                used += Boxes(textpage, read_units(textpage), known).known
                _chars_equal(read_chars(textpage, known), read_chars(textpage))
                with_known, alone = read_glyphs(page, textpage, known), read_glyphs(page, textpage)
                assert with_known.chars == alone.chars
                assert np.array_equal(with_known.boxes, alone.boxes)
                assert np.array_equal(with_known.space_before, alone.space_before)
    finally:
        doc.close()
        source.close()
    return used


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_the_known_start_of_one_return_reads_another_exactly_as_pdfium_does(
    tool: str, tmp_path: Path
) -> None:
    first = TOOLS[tool](tmp_path, A.RELEASE).read_bytes()
    second = TOOLS[tool](tmp_path, OTHER).read_bytes()
    keys = content_keys(Objects(first), 2)
    assert keys[0] is not None and keys == content_keys(Objects(second), 2)
    # the boxes are those of the first return's pages, before their values are drawn in
    assert _read_both_ways(second, first) > 1000


def test_a_known_start_is_not_used_on_a_page_that_begins_otherwise() -> None:
    data = A.issued()
    doc = pdfium.PdfDocument(data)
    try:
        first, second = doc[0].get_textpage(), doc[1].get_textpage()
        known = KnownStart.read(first)
        assert Boxes(second, read_units(second), known).known == 0
        _chars_equal(read_chars(second, known), read_chars(second))
        first.close()
        second.close()
    finally:
        doc.close()


def _font_widths_given(writer: PdfWriter) -> None:
    """Page 1's first font (a standard one, Helvetica) given wider widths of its own: the
    same content streams, the same text, its letters drawn elsewhere."""
    resources = writer.pages[0]["/Resources"].get_object()
    font = next(iter(resources["/Font"].get_object().values())).get_object()
    font[NameObject("/FirstChar")] = NumberObject(32)
    font[NameObject("/LastChar")] = NumberObject(255)
    font[NameObject("/Widths")] = ArrayObject(NumberObject(900) for _ in range(224))


def _media_box_moved(writer: PdfWriter) -> None:
    box = [float(v) for v in writer.pages[0].mediabox]
    writer.pages[0][NameObject("/MediaBox")] = ArrayObject(FloatObject(v + 10) for v in box)


def _content_changed(writer: PdfWriter) -> None:
    page = writer.pages[0]
    page.merge_page(PdfReader(io.BytesIO(A.issued())).pages[1])


@pytest.mark.parametrize("edit", [_font_widths_given, _media_box_moved, _content_changed])
def test_what_the_own_characters_are_drawn_from_is_in_the_key(
    edit: Callable[[PdfWriter], None],
) -> None:
    data = A.issued()
    edited = update(data, edit)
    resaved = A.apply(data, edit, A.Save.RESAVED)
    before = content_keys(Objects(data), 2)
    assert content_keys(Objects(edited), 2)[0] not in (None, before[0])
    assert content_keys(Objects(resaved), 2)[0] not in (None, before[0])


def test_what_draws_nothing_is_not_in_the_key() -> None:
    data = A.issued()
    edited = update(data, lambda w: w.add_metadata({"/Subject": "edited"}))
    assert None not in content_keys(Objects(data), 2)
    assert content_keys(Objects(edited), 2) == content_keys(Objects(data), 2)


def test_a_return_reads_the_same_whether_or_not_its_pages_are_known(tmp_path: Path) -> None:
    other = R.fill_pypdf(OTHER, tmp_path / "other.pdf").read_bytes()
    edited = update(other, _font_widths_given)
    charboxes._KNOWN.clear()
    alone = [parse(d, today=A.TODAY).to_dict() for d in (other, edited)]
    charboxes._KNOWN.clear()
    parse(R.fill_pypdf(A.RELEASE, tmp_path / "first.pdf").read_bytes(), today=A.TODAY)
    assert len(charboxes._KNOWN) == 2
    after = [parse(d, today=A.TODAY).to_dict() for d in (other, edited)]
    assert after == alone
    assert alone[0]["status"] == "valid" and alone[1]["status"] != "valid"


def test_known_starts_are_remembered_within_a_bound() -> None:
    charboxes._KNOWN.clear()
    doc = pdfium.PdfDocument(A.issued())
    try:
        textpage = doc[1].get_textpage()
        for n in range(charboxes.MAX_KNOWN + 5):
            assert known_start(b"%d" % n, textpage) is not None
        textpage.close()
    finally:
        doc.close()
    assert len(charboxes._KNOWN) == charboxes.MAX_KNOWN
    assert known_start(b"0") is None and known_start(b"%d" % (charboxes.MAX_KNOWN + 4)) is not None
    assert known_start(None) is None
