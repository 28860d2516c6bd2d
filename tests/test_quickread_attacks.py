"""The quick path (our template plus one update in fill's format, read without rendering)
refuses an update whose appearances draw another name than their text tokens read.

A reviewer rewrote the update of our issued file in fill's own format: the quick path
read such files by their glyph strings alone, while every viewer showed another name.
"""

from __future__ import annotations

import pytest

from pubrelease import Status, parse
from pubrelease.form.registry import load_form
from pubrelease.reading.quickread import quick_read

from . import attacks as A
from . import xrefattacks as X
from .clipattacks import drawn_otherwise
from .helpers import pdfium_flattened_text


def test_the_rewriting_keeps_our_file_as_it_was() -> None:
    """The builder itself: with nothing changed, the update comes back byte for byte, and
    the quick path reads it."""
    data = A.issued()
    assert X.rewrite_update(data, lambda objects, size: size) == data
    assert quick_read(data, load_form()) is not None


def test_an_appearance_calling_a_form_that_draws_another_name_is_not_read_quickly() -> None:
    """The name and signature appearances draw their glyphs invisibly (3 Tr) and call a
    form XObject drawing "Mark Wilson" in Helvetica; the glyph strings read "Bohyung Han".
    PDFium shows "Mark Wilson": the quick path refuses the file, and it is not valid."""
    data = X.rewrite_update(A.issued(), X.drawn_by_a_form(X.SHOWN))
    assert X.SHOWN in pdfium_flattened_text(data, 1)  # what a viewer shows
    assert quick_read(data, load_form()) is None
    record = parse(data, today=A.TODAY)
    assert record.status is not Status.VALID, record.findings


def test_an_actual_text_span_over_other_glyphs_is_not_read_quickly() -> None:
    """The name's appearances draw "David Blei" in our own value font inside a span whose
    /ActualText is "Bohyung Han": the span is not read as its text, the file is not valid."""
    data = X.rewrite_update(A.issued(), X.under_actual_text("David Blei", X.READ))
    assert drawn_otherwise(data, A.issued())  # PDFium draws the other name
    assert quick_read(data, load_form()) is None
    record = parse(data, today=A.TODAY)
    assert record.status is not Status.VALID, record.findings


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"BT 0 g", b"BT 1 g"),  # the name drawn white
        (b"re W n", b"re W n 0 0 0 0 re W n"),  # clipped to nothing
        (b"BT 0 g", b"BT 0 g 400 Ts"),  # raised far out of its box
    ],
    ids=["white", "clipped to nothing", "raised out of the box"],
)
def test_an_appearance_in_fills_own_operators_that_fill_did_not_write_is_not_read_quickly(
    old: bytes, new: bytes
) -> None:
    """Made only of the operators fill writes, but not what fill writes for the value:
    the name does not show. The quick path reads only the bytes fill itself writes for
    the values the issuance record holds."""
    data = X.rewrite_update(A.issued(), X.appearance_edited(old, new))
    assert quick_read(data, load_form()) is None
    record = parse(data, today=A.TODAY)
    assert record.status is not Status.VALID, record.findings
    assert any(f.code == "hidden-text" for f in record.findings), record.findings
