"""Page boxes that viewers read differently are ``viewers-disagree`` (``pdf/pageboxes.py``).

Review 5: pages are now compared as PDFium shows them, crop included. A crop box that is
not four numbers is repaired by each viewer its own way, so a red "VOID" PDFium and MuPDF
cut off (``[/X 56 612 792]``: the name read as 0) shows in poppler and pdf.js, and a
signature MuPDF cuts off (``[0 507 612 792 0]``: its first four numbers) shows in the
others. The returns were ``valid``. The boxes are written by pypdf as an update, or the
file re-saved whole by pikepdf (qpdf); honest crop boxes stay ``valid``.
"""

from __future__ import annotations

import io

import pikepdf
import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, NameObject, NumberObject

from pubrelease import Status, parse

from . import attacks as A

BOXES = {
    "a name in it": ["/X", 56, 612, 792],
    "five numbers": [0, 507, 612, 792, 0],
    "a name for it": "/None",
}


def _value(item: object) -> object:
    return NameObject(item) if isinstance(item, str) else NumberObject(item)


def _incremental(data: bytes, box: object) -> bytes:
    writer = PdfWriter(io.BytesIO(data), incremental=True)
    page = writer.pages[1]
    page[NameObject("/CropBox")] = (
        ArrayObject([_value(i) for i in box]) if isinstance(box, list) else NameObject(box)
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _resaved(data: bytes, box: object) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        value = (
            pikepdf.Array([pikepdf.Name(i) if isinstance(i, str) else i for i in box])
            if isinstance(box, list)
            else pikepdf.Name(box)
        )
        pdf.pages[1].obj.CropBox = value
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.mark.parametrize("save", [_incremental, _resaved], ids=["incremental", "resaved"])
@pytest.mark.parametrize("box", sorted(BOXES))
def test_a_crop_box_viewers_repair_their_own_way_is_viewers_disagree(
    box: str, save: object
) -> None:
    data = save(A.issued(), BOXES[box])  # type: ignore[operator]
    record = parse(data, today=A.TODAY)
    assert record.status is Status.INVALID
    messages = [f.message for f in record.findings if f.code == "viewers-disagree"]
    assert messages and all(m.startswith("page 2: its CropBox is ") for m in messages), messages


def test_a_crop_box_of_four_numbers_is_not_questioned() -> None:
    data = _resaved(A.issued(), [18, 18, 594, 774.5])
    record = parse(data, today=A.TODAY)
    assert record.status is Status.VALID, record.findings
