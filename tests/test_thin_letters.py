"""A letter of a light face, too thin to stand out at 72 dpi, is no hidden text.

pdf-lib, drawing every field in Noto Sans Hebrew or Noto Sans Arabic (``--font``: the
variable fonts' default, light instances, at about 6 and 4 pt), draws "יעל כהן" and the
dates as they should look in poppler, MuPDF and PDFium. Each "ה", and the comma of
"Jul 1, 2020", was yet ``hidden-text`` and the return ``invalid`` (review rev11c, left
open in session 17): at a pixel a point their strokes leave 30 to 40 of 255 of ink on
the pixels of their own, short of the contrast a glyph must show. A glyph its text
object paints in opaque dark ink, at its line's size, that no clip cuts and nothing
covers, is shown (:mod:`pubrelease.pdf.painted`).

A render closer up was tried first and passed letters a person cannot see (review
rev18: a white letter under a fine checker image or dots, a clip leaving a sliver).
Here the same letter drawn white, in a grey too light to read, or shrunk to 2 pt among
letters of 6, stays ``hidden-text``, as an incremental update and as a file re-saved by
qpdf, live and flattened.
"""

from __future__ import annotations

import functools
import re
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import StreamObject

from pubrelease import Status, parse

from . import attacks as A
from . import returns as R
from .helpers import (
    ARABIC_FONT,
    HEBREW_FONT,
    packaged_rtl_font,
    signed_release,
    undated_release,
)
from .whiteletters import whiten

NAME = "יעל כהן"
DRAWN = NAME[::-1]
"""pdf-lib draws the name's glyphs in the order they stand, right to left."""
MARK = 0.123
"""The grey the edits below first paint the chosen letter in, to find it again."""


@functools.cache
def _filled(name: str, font: str, flatten: bool, dated: bool = False) -> bytes:
    # (dated: a date with a comma, 'Jul 1, 2020')
    release = undated_release(name) if dated else signed_release(name)
    with tempfile.TemporaryDirectory(prefix="thin-letters-") as folder:
        out = Path(folder) / "pdflib.pdf"
        R.fill_pdflib(release, out, font=packaged_rtl_font(font), flatten=flatten)
        return out.read_bytes()


def _hidden(data: bytes) -> tuple[Status, set[str], list[tuple[str, str]]]:
    record = parse(data, today=A.TODAY)
    findings = [(str(f.code), f.message) for f in record.findings]
    quoted: set[str] = set()
    for code, message in findings:
        if code == "hidden-text":
            quoted |= set(re.findall(r"'([^']*)' at \(", message))
    return record.status, quoted, findings


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
@pytest.mark.parametrize(
    ("name", "font", "dated"),
    [(NAME, HEBREW_FONT, False), ("محمد الزهراء", ARABIC_FONT, True)],
    ids=["hebrew", "arabic-with-comma"],
)
def test_a_light_face_shows_every_letter(name: str, font: str, dated: bool, flatten: bool) -> None:
    status, quoted, findings = _hidden(_filled(name, font, flatten, dated))
    assert not quoted, findings
    assert status is not Status.INVALID, findings  # (flattened, pdf-lib's Arabic reads
    # with control codes: unnamed-characters, for a person to read on the page)


def _shrunk(size: bytes) -> A.Edit:
    """The letter painted in :data:`MARK` set at ``size`` points, its neighbours as they
    were (pdf-lib's streams: ``/F n Tf ... MARK g [..] TJ 0 g``)."""
    pattern = re.compile(rb"(/\S+) (\d+(?:\.\d+)?) Tf(.*?)0\.123 g(\s*\[[^\]]*\]\s*TJ\s*)0 g", re.S)

    def edit(writer: PdfWriter) -> None:
        streams = []
        for page in writer.pages:
            streams.append(page.get_contents())
            for annot in page.get("/Annots") or []:
                appearance = annot.get_object().get("/AP")
                if appearance is not None and "/N" in appearance.get_object():
                    streams.append(appearance.get_object()["/N"].get_object())
            resources = page.get("/Resources")
            for xobject in (resources.get_object().get("/XObject") or {}).values():
                streams.append(xobject.get_object())
        for stream in streams:
            if not isinstance(stream, StreamObject):
                continue  # (a box's appearances: one stream a state)
            data = stream.get_data()
            new = pattern.sub(
                lambda m: m[1] + b" " + m[2] + b" Tf" + m[3] + m[1] + b" " + size + b" Tf"
                + m[4] + m[1] + b" " + m[2] + b" Tf",
                data,
            )  # fmt: skip
            if new != data:
                stream.set_data(new)

    return edit


def _both(*edits: A.Edit) -> A.Edit:
    def edit(writer: PdfWriter) -> None:
        for one in edits:
            one(writer)

    return edit


AT = DRAWN.index("ה")
HIDINGS = {
    "white": whiten(NAME, (AT,)),
    "light-grey": whiten(NAME, (AT,), grey=0.85),
    "shrunk-to-2pt": _both(whiten(NAME, (AT,), grey=MARK), _shrunk(b"2")),
}


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("how", sorted(HIDINGS))
@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_a_letter_made_to_be_missed_stays_hidden(flatten: bool, how: str, save: A.Save) -> None:
    data = A.apply(_filled(NAME, HEBREW_FONT, flatten), HIDINGS[how], save)
    status, quoted, findings = _hidden(data)
    assert status is Status.INVALID, findings
    assert "ה" in quoted, findings


def _page_with_text(crop: tuple[float, float, float, float] | None) -> bytes:
    from io import BytesIO

    from reportlab.pdfgen import canvas

    out = BytesIO()
    c = canvas.Canvas(out, pagesize=(300, 200))
    c.setFont("Helvetica", 10)
    c.drawString(20, 150, "Bohyung Han")
    if crop is not None:
        c.setCropBox(crop)
    c.showPage()
    c.save()
    return out.getvalue()


@pytest.mark.parametrize(("crop", "painted"), [(None, True), ((0, 0, 300, 100), False)])
def test_a_glyph_outside_the_crop_box_is_not_painted(
    crop: tuple[float, float, float, float] | None, painted: bool
) -> None:
    """Black Helvetica, unclipped and uncovered, is painted; under a crop box that leaves
    its line out, no viewer shows it."""
    import pypdfium2 as pdfium

    from pubrelease.pdf.painted import painted_in

    data = _page_with_text(crop)
    doc = pdfium.PdfDocument(data)
    textpage = doc[0].get_textpage()
    boxes = [(textpage.get_text_range(i, 1), textpage.get_charbox(i)) for i in range(3)]
    doc.close()
    assert painted_in(data, 0, boxes) == [painted] * 3


def _marked_as(payload: bytes, gstate: bool = False) -> A.Edit:
    """Our own fill's name, one letter marked (painted in :data:`MARK`), the mark replaced
    by ``payload``; with ``gstate``, the streams get an ``/GSTR`` graphics state whose
    transfer function makes every colour white (review rev18b)."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
    )

    from .whiteletters import _streams

    mark = b"0.123 g"
    marked = whiten("Bohyung Han", (9,), grey=MARK)

    def edit(writer: PdfWriter) -> None:
        marked(writer)
        white = DictionaryObject(
            {
                NameObject("/FunctionType"): NumberObject(2),
                NameObject("/Domain"): ArrayObject([FloatObject(0), FloatObject(1)]),
                NameObject("/C0"): ArrayObject([FloatObject(1)]),
                NameObject("/C1"): ArrayObject([FloatObject(1)]),
                NameObject("/N"): FloatObject(1),
            }
        )
        state = DictionaryObject({NameObject("/TR"): writer._add_object(white)})
        for stream, resources in _streams(writer):
            data = stream.get_data()
            if mark not in data:
                continue
            stream.set_data(data.replace(mark, payload))
            if gstate and resources is not None:
                states = resources.get("/ExtGState")
                states = states.get_object() if states is not None else DictionaryObject()
                states[NameObject("/GSTR")] = writer._add_object(state)
                resources[NameObject("/ExtGState")] = states

    return edit


INKLESS = {
    "white-stroke-over-the-fill": _marked_as(b"0 g 1 G 1.5 w 2 Tr"),
    "transfer-to-white": _marked_as(b"/GSTR gs 0 g", gstate=True),
}


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("how", sorted(INKLESS))
@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_a_dark_fill_that_never_reaches_the_page_stays_hidden(
    flatten: bool, how: str, save: A.Save
) -> None:
    """The text object reports a black fill, but a white stroke covers it, or a transfer
    function makes it white: no viewer shows the letter (review rev18b: valid re-saved)."""
    status, quoted, findings = _hidden(A.apply(A.issued(flatten=flatten), INKLESS[how], save))
    assert status is Status.INVALID, findings
    assert any("a" in words for words in quoted), findings  # ("an": the state lasts)
