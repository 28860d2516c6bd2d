"""A tick drawn into a page's content in ZapfDingbats named in an encoding of text
(``pdf/symbolnames.py``, :func:`symbols_in_content`).

PyMuPDF ticks a consent box with ZapfDingbats named in WinAnsi, whose names for the
marks' codes the font has no glyph for: PDFium, MuPDF and pdf.js draw the check, poppler
(Evince, Okular) nothing. Its ``bake()`` flattens the box into the page, where the check
was read from PDFium's pixels as ticked, ``valid``, with no word that Evince shows the
Accept box empty. Each case here is shown in poppler first (``pdftoppm``), then read.
The ticks drawn with pypdf are added to our own flattened release, as an incremental
update and re-saved; a control draws the same tick in the font's own encoding.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from pubrelease import Release, Status, fill, parse

from .clippedfills import mupdf_fill
from .conftest import ADA
from .helpers import (
    add_form_xobject,
    page_grey,
    poppler_blank_ticks,
    require_tool,
    rewritten,
    update,
)

TODAY = dt.date(2020, 9, 23)
ACCEPT = (72.0, 511.35, 83.0, 522.35)
"""The Accept box on page 2 of the ICML 2020 form (left, bottom, right, top)."""
TICK = b"q BT /ZaDb 9 Tf 0 g 73.5 513.5 Td (4) Tj ET Q"
"""A check mark (ZapfDingbats a20, code ``4``) in the Accept box."""


def _darkest(grey: np.ndarray) -> int:
    """The darkest level in the middle of the Accept box (rows from the top, 72 dpi)."""
    left, bottom, right, top = ACCEPT
    return int(
        grey[792 - int(top) + 3 : 792 - int(bottom) - 3, int(left) + 3 : int(right) - 3].min()
    )


def _poppler(data: bytes, tmp_path: Path) -> int:
    pdf = tmp_path / "shown.pdf"
    pdf.write_bytes(data)
    command = [require_tool("pdftoppm"), "-r", "72", "-f", "2", "-l", "2", "-gray", "-png"]
    subprocess.run([*command, str(pdf), str(tmp_path / "p")], check=True, timeout=120)
    return _darkest(np.asarray(Image.open(next(tmp_path.glob("p*.png")))))


def _ticked(encoding: str | None, nested: bool = False) -> Callable[[PdfWriter], None]:
    """Page 2 given a tick in the Accept box, its font named in ``encoding`` (None: the
    font's own), drawn in the page's content or in a form XObject it draws."""

    def edit(writer: PdfWriter) -> None:
        page = writer.pages[1]
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/ZapfDingbats"),
            }
        )
        if encoding is not None:
            font[NameObject("/Encoding")] = NameObject(encoding)
        fonts = DictionaryObject({NameObject("/ZaDb"): writer._add_object(font)})
        resources = page["/Resources"].get_object()
        drawn = StreamObject()
        if nested:
            tick_fonts = DictionaryObject({NameObject("/Font"): fonts})
            add_form_xobject(writer, page, "/Tick", TICK, resources=tick_fonts)
            drawn.set_data(b"q /Tick Do Q")
        else:
            own = resources.get("/Font")
            own = DictionaryObject() if own is None else own.get_object()
            own.update(fonts)
            resources[NameObject("/Font")] = own
            drawn.set_data(TICK)
        contents = page["/Contents"]
        streams = list(contents) if isinstance(contents, list) else [contents]
        page[NameObject("/Contents")] = ArrayObject([*streams, writer._add_object(drawn)])

    return edit


@pytest.fixture(scope="module")
def flat() -> bytes:
    """:data:`ADA` issued with neither box ticked, flattened by ``fill``."""
    return fill(Release.create(**{**ADA.values(), "consent": "none"}), flatten=True)


BUILDS = {"incremental": update, "resaved": rewritten}


@pytest.mark.parametrize("nested", [False, True], ids=["in-the-page", "in-a-form"])
@pytest.mark.parametrize("build", sorted(BUILDS))
def test_a_tick_named_in_winansi_in_the_page_is_a_viewers_disagreement(
    flat: bytes, build: str, nested: bool, tmp_path: Path
) -> None:
    data = BUILDS[build](flat, _ticked("/WinAnsiEncoding", nested))
    assert _darkest(page_grey(data, 1, 1.0)) < 64  # PDFium draws the check
    assert _poppler(data, tmp_path) > 200  # poppler: the box empty
    record = parse(data, today=TODAY)
    assert poppler_blank_ticks(record), record.findings
    assert record.status is Status.INVALID


@pytest.mark.parametrize("build", sorted(BUILDS))
def test_a_tick_in_the_fonts_own_encoding_is_no_finding(
    flat: bytes, build: str, tmp_path: Path
) -> None:
    data = BUILDS[build](flat, _ticked(None))
    assert _poppler(data, tmp_path) < 64  # poppler draws it too
    record = parse(data, today=TODAY)
    assert not poppler_blank_ticks(record), record.findings


def test_pymupdfs_baked_fill_is_a_viewers_disagreement(tmp_path: Path) -> None:
    data = mupdf_fill(ADA, bake=True)
    assert _darkest(page_grey(data, 1, 1.0)) < 64
    assert _poppler(data, tmp_path) > 200
    record = parse(data, today=TODAY)
    assert poppler_blank_ticks(record), record.findings
    assert any("content draws" in f.message for f in record.findings), record.findings
    assert record.status is Status.INVALID
