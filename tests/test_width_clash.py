"""A Type 0 font whose ``/W`` gives a code two widths: PDFium and MuPDF set the code at
the first, poppler at the last (a review of session 69: a second entry narrowing the "r"
of pdfcpu's "Kern Byrne" drew "Kem Byme" in poppler alone, and the return read
``valid``). Each such font is ``viewers-disagree``, as an update and re-saved; a code
given the same width twice is not."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject

from pubrelease import Status, parse
from pubrelease.pdf.objects import Objects
from pubrelease.pdf.widthclash import two_widths

from . import attacks as A

TODAY = dt.date(2020, 7, 10)


def _descendants(writer: PdfWriter) -> list[DictionaryObject]:
    """The descendant of each Type 0 font the pages and their widgets draw in."""
    out: dict[int, DictionaryObject] = {}
    for page in writer.pages:
        resources = [page.get("/Resources")]
        for annot in page.get("/Annots", []):
            normal = annot.get_object().get("/AP", {}).get("/N")
            if normal is not None and "/Resources" in normal.get_object():
                resources.append(normal.get_object()["/Resources"])
        for held in resources:
            fonts = held.get_object().get("/Font") if held is not None else None
            for ref in fonts.get_object().values() if fonts is not None else ():
                font = ref.get_object()
                if font.get("/Subtype") == "/Type0":
                    kid = font["/DescendantFonts"][0].get_object()
                    out[id(kid)] = kid
    return list(out.values())


def _widths_again(narrowed: bool) -> A.Edit:
    """Each code ``/W`` names given again after it: at a tenth of its width
    (``narrowed``), or at its own."""

    def edit(writer: PdfWriter) -> None:
        kids = _descendants(writer)
        assert kids
        for kid in kids:
            listed = kid["/W"].get_object()
            first, widths = int(listed[0]), listed[1].get_object()
            again = [FloatObject(float(w) / 10 if narrowed else float(w)) for w in widths]
            kid[NameObject("/W")] = ArrayObject([*listed, NumberObject(first), ArrayObject(again)])

    return edit


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_code_given_two_widths_is_viewers_disagree(save: A.Save) -> None:
    data = A.apply(A.issued(), _widths_again(narrowed=True), save)
    assert two_widths(Objects(data), 4)
    record = parse(data, today=TODAY)
    assert "viewers-disagree" in {f.code.value for f in record.findings}, record.findings
    assert record.status is Status.INVALID


def test_a_code_given_its_width_twice_is_not() -> None:
    data = A.apply(A.issued(), _widths_again(narrowed=False), A.Save.RESAVED)
    assert not two_widths(Objects(data), 4)
    assert not two_widths(Objects(A.issued()), 4)
    assert parse(data, today=TODAY).status is Status.VALID
