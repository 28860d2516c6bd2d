"""The form page's characters, known from the template, for returns flattened into their
page content (pdf/knownstarts.py): the same characters and boxes as PDFium gives one by
one, and a digest that holds what the first streams draw with, and only the values'
XObjects out of it."""

from __future__ import annotations

from collections import OrderedDict

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
from pubrelease.pdf.knownstarts import start_keys, template_start
from pubrelease.pdf.loadedpages import LoadedPages
from pubrelease.pdf.objects import Objects

from . import attacks as A
from .helpers import update
from .test_charboxes import OTHER, _chars_equal


def _flattened(release: object = A.RELEASE) -> bytes:
    return fill(release, flatten=True, today=A.TODAY)  # type: ignore[arg-type]


def _template() -> bytes:
    return load_form(DEFAULT_FORM).template


def test_a_flattened_return_is_read_with_the_template_pages_characters_as_pdfium_reads_it() -> None:
    data = _flattened()
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
        xobject = DecodedStreamObject()
        xobject.set_data(drawn)
        xobject.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(),
            }
        )
        contents = page["/Contents"]
        streams = list(contents) if isinstance(contents, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([writer._add_object(first), *streams])
        resources = page["/Resources"].get_object()
        named = resources.get("/XObject")
        xobjects = named.get_object() if named is not None else DictionaryObject()
        xobjects[NameObject("/X1")] = writer._add_object(xobject)
        resources[NameObject("/XObject")] = xobjects

    return edit


def test_an_xobject_the_first_streams_name_is_in_the_key() -> None:
    data = _flattened()
    named = update(data, _first_stream(b"q /X1 Do Q"))
    redrawn = update(data, _first_stream(b"q /X1 Do Q", b"0 0 20 20 re f"))
    keys = start_keys(Objects(named), 1)[0], start_keys(Objects(redrawn), 1)[0]
    assert None not in keys and keys[0] != keys[1]
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
    monkeypatch.setattr(knownstarts, "_NAMES", OrderedDict())  # (not as remembered)
    assert start_keys(Objects(data), 2) == [None, None]
