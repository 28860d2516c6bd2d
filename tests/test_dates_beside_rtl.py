"""A date beside another program's right-to-left name is not "shown otherwise".

pdf-lib, drawing every field in Noto Sans Hebrew (``--font``), draws "יעל כהן-לוי" and
the dates as they should look in poppler, MuPDF and PDFium, yet each date box was
``shown-text-differs``: "shows 'Sep 23, 2020' where its text layer reads '2020 23,
Sep'" (a reviewer's finding). The text layer there is PDFium's reading of the box, which
puts the words of a line beside right-to-left text in right-to-left order. What OCR
reads in the box is the record's own value: the page shows what the record says, and no
such finding is made.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pubrelease import parse

from . import returns as R
from .helpers import HEBREW_FONT, packaged_rtl_font, signed_release


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_dates_beside_a_hebrew_name_drawn_by_pdf_lib(flatten: bool, tmp_path: Path) -> None:
    font = packaged_rtl_font(HEBREW_FONT)
    out = tmp_path / "pdflib.pdf"
    R.fill_pdflib(signed_release("יעל כהן-לוי"), out, font=font, flatten=flatten)
    record = parse(out)
    differs = [f.message for f in record.findings if f.code == "shown-text-differs"]
    assert not differs, differs
    assert record.effective_date is not None and record.sign_date is not None
