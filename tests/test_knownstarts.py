"""The form page's characters, known from the template, for returns flattened into their
page content (pdf/knownstarts.py): the same characters and boxes as PDFium gives one by
one, and a digest that holds what the first streams draw with, and only the values'
XObjects out of it."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from pubrelease import fill, parse
from pubrelease.form.registry import DEFAULT_FORM, load_form
from pubrelease.pdf import knownstarts
from pubrelease.pdf.charboxes import Boxes, read_units
from pubrelease.pdf.chartable import read_chars
from pubrelease.pdf.glyphtable import read_glyphs
from pubrelease.pdf.kept import Kept
from pubrelease.pdf.knownstarts import start_keys, template_start
from pubrelease.pdf.loadedpages import LoadedPages
from pubrelease.pdf.nodefonts import node_digest, page_dicts
from pubrelease.pdf.objects import Objects

from . import attacks as A
from . import returns as R
from .helpers import add_form_xobject, update
from .test_charboxes import OTHER, _chars_equal

pytestmark = pytest.mark.usefixtures("general_path")
"""What these tests look at is the general path's: other tools' fills read so."""


def _flattened(release: object = A.RELEASE) -> bytes:
    return fill(release, flatten=True, today=A.TODAY)  # type: ignore[arg-type]


def _template() -> bytes:
    return load_form(DEFAULT_FORM).template


def _pdftk(folder: Path) -> bytes:
    return R.fill_pdftk(A.RELEASE, folder / "pdftk.pdf", flatten=True).read_bytes()


def _pdflib(folder: Path) -> bytes:
    return R.fill_pdflib(A.RELEASE, folder / "pdf-lib.pdf", flatten=True).read_bytes()


def _qpdf(folder: Path) -> bytes:
    live = R.fill_pubrelease(A.RELEASE, folder / "live.pdf")
    return R.flatten_with("qpdf", live, folder / "qpdf.pdf").read_bytes()


def _pdftk_ours(folder: Path) -> bytes:
    live = R.fill_pubrelease(A.RELEASE, folder / "live.pdf")
    return R.flatten_with("pdftk", live, folder / "pdftk.pdf").read_bytes()


FLATTENERS: dict[str, Callable[[Path], bytes]] = {
    "pubrelease": lambda folder: _flattened(),
    # (a page's own streams wrapped in a stream "q" and the values' streams after "Q",
    # its resources written anew: pdftk lengthens /ProcSet, pdf-lib adds an empty
    # /ExtGState, each numbers and spaces the font dictionaries its own way)
    "pdftk fill_form flatten": _pdftk,
    "pdftk flatten": _pdftk_ours,
    "pdf-lib form.flatten()": _pdflib,
    "qpdf --flatten-annotations": _qpdf,
}


@pytest.mark.parametrize("tool", FLATTENERS)
def test_a_flattened_return_is_read_with_the_template_pages_characters_as_pdfium_reads_it(
    tool: str, tmp_path: Path
) -> None:
    data = FLATTENERS[tool](tmp_path)
    # (each page's digests: of all its streams, and of all but the values' last one)
    offered = [template_start(_template(), key) for key in start_keys(Objects(data), 2)]
    doc = pdfium.PdfDocument(data)
    try:
        with LoadedPages(doc) as pages:
            for number, known in enumerate(offered):
                assert known is not None
                page = pages[number]
                textpage = pages.textpage(number)
                boxes = Boxes(textpage, read_units(textpage), known)
                # the form page's characters, all of them, and the values' after them
                assert boxes.known == known.units.size < boxes.units.size - 1
                _chars_equal(read_chars(textpage, boxes), read_chars(textpage))
                with_known, alone = read_glyphs(page, textpage, boxes), read_glyphs(page, textpage)
                assert with_known.chars == alone.chars
                assert np.array_equal(with_known.boxes, alone.boxes)
    finally:
        doc.close()


def test_two_flattened_returns_share_the_key_of_their_form_pages() -> None:
    keys = start_keys(Objects(_flattened()), 2)
    assert None not in keys and keys == start_keys(Objects(_flattened(OTHER)), 2)


def test_a_flattened_return_reads_the_same_with_or_without_the_template(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _flattened(OTHER)
    known = parse(data, today=A.TODAY).to_dict()
    monkeypatch.setattr("pubrelease.pdf.pageviews.template_start", lambda template, keys: None)
    assert parse(data, today=A.TODAY).to_dict() == known
    assert known["status"] == "valid"


def _first_stream(content: bytes, drawn: bytes = b"0 0 10 10 re f") -> A.Edit:
    """Page 1 drawn by a stream ``content`` before its own, with an XObject ``/X1`` that
    draws ``drawn`` in its resources."""

    def edit(writer: PdfWriter) -> None:
        page = writer.pages[0]
        first = DecodedStreamObject()
        first.set_data(content)
        contents = page["/Contents"]
        streams = list(contents) if isinstance(contents, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([writer._add_object(first), *streams])
        add_form_xobject(writer, page, "/X1", drawn, bbox=())

    return edit


def test_a_form_xobject_the_first_streams_name_gives_no_key() -> None:
    """(Its content may name the page's XObjects, which PDFium looks up there when the
    form's own resources have none: those the first streams do not name are not in the
    key. Review s44 drew a line through a print's name so.)"""
    data = _flattened()
    assert start_keys(Objects(update(data, _first_stream(b"q /X1 Do Q"))), 1)[0] is None
    # named nowhere in the first streams (the values' XObjects): not in the key
    unnamed = update(data, _first_stream(b"q Q"))
    redrawn = update(data, _first_stream(b"q Q", b"0 0 20 20 re f"))
    assert start_keys(Objects(unnamed), 1)[0] == start_keys(Objects(redrawn), 1)[0] is not None


@pytest.mark.parametrize("name", [b"/X#31", b"/X" + b"1" * knownstarts.MAX_NAME])
def test_a_name_pdfium_may_read_otherwise_gives_no_key(name: bytes) -> None:
    data = update(_flattened(), _first_stream(b"q " + name + b" Do Q"))
    assert start_keys(Objects(data), 1) == [None]


def test_a_page_of_one_stream_has_no_start_key() -> None:
    assert start_keys(Objects(A.issued()), 2) == [None, None]


def test_a_content_stream_too_long_to_look_through_gives_no_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _flattened()
    assert None not in start_keys(Objects(data), 2)
    monkeypatch.setattr(knownstarts, "MAX_CONTENT", 100)
    monkeypatch.setattr(
        knownstarts, "_NAMES", Kept(knownstarts.MAX_REMEMBERED)
    )  # (not as remembered)
    assert start_keys(Objects(data), 2) == [None, None]


@pytest.mark.parametrize(
    "first",
    [b"q 0 0 0 rg", b"q 1 0 0 1 0 5 cm", b"q q", b"Q"],
    ids=["colour", "moved", "two saves", "a restore"],
)
def test_only_a_bare_save_before_the_page_streams_is_left_out_of_the_key(first: bytes) -> None:
    data = _flattened()
    key = start_keys(Objects(data), 1)[0]
    assert template_start(_template(), start_keys(Objects(update(data, _first_stream(b"q"))), 1)[0])
    assert start_keys(Objects(update(data, _first_stream(b" q\n"))), 1)[0] == key
    changed = start_keys(Objects(update(data, _first_stream(first))), 1)[0]
    assert changed != key and template_start(_template(), changed) is None


def _resaved(data: bytes, base_font: str | None = None) -> bytes:
    """``data`` written whole by pypdf (other object numbers, other spacing), its first
    page's font ``/F1`` made ``base_font``."""
    writer = PdfWriter(clone_from=io.BytesIO(data))
    if base_font is not None:
        resources = writer.pages[0][NameObject("/Resources")].get_object()
        assert isinstance(resources, DictionaryObject)
        fonts = resources[NameObject("/Font")].get_object()
        assert isinstance(fonts, DictionaryObject)
        font = fonts[NameObject("/F1")].get_object()
        assert isinstance(font, DictionaryObject)
        font[NameObject("/BaseFont")] = NameObject(base_font)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_key_holds_the_fonts_by_their_values() -> None:
    """A font written anew, as every re-saving program writes it, digests alike; another
    font does not."""
    data = _flattened()
    key = start_keys(Objects(data), 1)[0]
    rewritten = _resaved(data)
    stored = [_fonts_digest(Objects(d)) for d in (data, rewritten)]
    assert stored[0] != stored[1]  # (other bytes: the digest by what they store differs)
    assert start_keys(Objects(rewritten), 1)[0] == key is not None
    assert start_keys(Objects(_resaved(data, "/Courier")), 1)[0] != key


def _fonts_digest(objects: Objects) -> bytes:
    chain = next(iter(page_dicts(objects)))
    resources = next(node["/Resources"] for node in chain if "/Resources" in node)
    return node_digest(objects, objects.dict_of(resources)["/Font"])
