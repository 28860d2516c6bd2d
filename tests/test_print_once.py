"""Each page is rendered once where print cannot differ from the screen (pdf/pageviews.py),
and a layer that reads otherwise in print is caught wherever its dictionaries are written:
in the file's bytes or packed into compressed object streams (as pdf-lib and qpdf write
them), with or without the catalog's /OCProperties."""

from __future__ import annotations

import pikepdf
import pypdfium2 as pdfium
import pytest
from pypdf import PdfWriter

from pubrelease import Status, parse
from pubrelease.pdf.loadedpages import LoadedPages
from pubrelease.pdf.pageviews import layers_may_print_otherwise, view_pages
from pubrelease.reading.pdffile import open_pdf

from . import attacks as A
from . import shadow as S


def _packed(data: bytes) -> bytes:
    """``data`` rewritten by qpdf with its objects packed into object streams."""
    return A.resave(data, object_stream_mode=pikepdf.ObjectStreamMode.generate)  # type: ignore[arg-type]


def _usage_only(writer: PdfWriter) -> None:
    """The print-only layer with no /OCProperties: its /Usage alone turns it off on screen
    and on in print (PDFium reads a group's /Usage before any configuration)."""
    S.print_only_layer_decline(writer)
    del writer._root_object["/OCProperties"]


@pytest.mark.parametrize(
    "edit", [S.print_only_layer_decline, _usage_only], ids=["with-config", "usage-only"]
)
def test_a_print_only_layer_inside_object_streams_is_caught(edit: A.Edit) -> None:
    data = _packed(A.apply(A.issued(), edit, A.Save.RESAVED))
    assert b"/Usage" not in data and b"/ObjStm" in data  # only inside the packed streams
    objects = open_pdf(data).objects
    assert objects is not None and objects.in_stream
    assert layers_may_print_otherwise(data, objects)
    record = parse(data, today=A.TODAY)
    assert record.status is Status.INVALID, record.findings
    differ = [f.message for f in record.findings if f.code == "viewers-disagree"]
    assert any("page 2 prints differently" in m for m in differ), record.findings


def test_an_honest_return_in_object_streams_is_rendered_once_and_stays_valid() -> None:
    data = _packed(A.issued())
    assert b"/ObjStm" in data
    objects = open_pdf(data).objects
    assert objects is not None
    assert not layers_may_print_otherwise(data, objects)
    assert layers_may_print_otherwise(data)  # unread object streams: rendered for print too
    doc = pdfium.PdfDocument(data)
    try:
        with LoadedPages(doc) as pages:
            views = view_pages(pages, data, flatten=True, max_pages=10, objects=objects)
    finally:
        doc.close()
    assert views.screen and all(p is s for p, s in zip(views.printed, views.screen, strict=True))
    assert parse(data, today=A.TODAY).status is Status.VALID


@pytest.mark.parametrize("name", [b"/Usage", b"/Us#61ge", b"/OCProperties", b"/#4FCProperties"])
def test_the_keys_that_let_print_differ_are_found_however_written(name: bytes) -> None:
    assert layers_may_print_otherwise(b"%PDF-1.7\n1 0 obj\n<< " + name + b" 2 0 R >>\nendobj\n")
    assert not layers_may_print_otherwise(b"%PDF-1.7\n1 0 obj\n<< /OC 2 0 R >>\nendobj\n")
