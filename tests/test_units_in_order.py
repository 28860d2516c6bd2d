"""Every character keeps its own box when a font maps glyphs to U+0002.

pdf-lib, drawing a Persian name in Noto Sans Arabic (``--font``, through fontkit), maps
some joined glyphs to U+0002. PDFium's ``FPDFText_GetText`` leaves such characters out,
so the page's code units, read at once, fell one place behind the characters' boxes for
each of them: the date below the name was read as 'رمlJu 0 1, ی' and reported as
``value-disagreement`` (invalid), though the page shows 'Jul 1, 2020'. The units are now
asked for one by one where the text read at once is short
(:func:`pubrelease.pdf.charboxes.read_units`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pubrelease import parse
from pubrelease.pdf.charboxes import read_units
from pubrelease.pdf.rendering import ViewMode, flatten_page

from . import returns as R
from .helpers import ARABIC_FONT, packaged_rtl_font, undated_release

NAME = "مریم میرزاخانی"


def _filled(out: Path) -> Path:
    return R.fill_pdflib(undated_release(NAME), out, font=packaged_rtl_font(ARABIC_FONT))


def test_units_are_each_characters_own(tmp_path: Path) -> None:
    path = _filled(tmp_path / "persian.pdf")
    doc = pdfium.PdfDocument(path)
    seen_two = False
    for number in range(len(doc)):
        page = flatten_page(doc, doc[number], number, ViewMode.SCREEN)
        textpage = page.get_textpage()
        count = pdfium_c.FPDFText_CountChars(textpage.raw)
        each = [pdfium_c.FPDFText_GetUnicode(textpage.raw, i) for i in range(count)]
        seen_two |= 2 in each
        assert read_units(textpage)[:count].tolist() == each
    assert seen_two, "pdf-lib maps no glyph to U+0002 any more: a new case"


def test_the_date_under_the_name_reads_as_shown(tmp_path: Path) -> None:
    record = parse(_filled(tmp_path / "persian.pdf"))
    disagreements = [f.message for f in record.findings if f.code == "value-disagreement"]
    assert not disagreements, disagreements
    assert record.sign_date == dt.date(2020, 7, 1)
