"""Attacks on the speed paths for returns flattened by other programs
(``reading/drawnfill.py``), on plain text's reach (``reading/plaintext.py``) and on
values drawn by viewers (``provenfill._drawn_by_viewer``).

Each attack starts from an honest file made by the real tool (pdftk, qpdf, PyPDFForm)
and is built as an incremental update and as a file written anew. A file the speed path
takes must be read as the general path reads it, and show in viewers what the record
says. The holes a review found (each test shows first what a viewer draws): a drawing's
or an appearance's ``/BBox`` half a point inside its box, which clips glyphs further
than the proof allowed (plain text now reads with the ``/BBox`` as its clip); a Q whose
tail pdf.js draws lower than URW's metrics say (each glyph's reach is now measured in
every viewer's font: ``tools/standard_reach.py``); a ``/DR`` font whose ``/Encoding`` is a
dictionary, which made the general path raise.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from pubrelease import Status

from . import returns as R
from .conftest import ADA
from .helpers import (
    JS_DIR,
    helvetica,
    page_grey,
    require_node_module,
    require_tool,
    rewritten,
    update,
    widget_readings,
)

TODAY = dt.date(2020, 9, 23)
BUILDS = {"incremental": update, "resaved": rewritten}
Edit = Callable[[PdfWriter], None]
TITLE = (0, "/Xi6")
"""pdftk's drawing of the title box on page 1 (417.98 by 39 points, at 122.02, 598)."""


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """:data:`ADA` flattened by pdftk and by qpdf, and filled by PyPDFForm, once."""
    folder = tmp_path_factory.mktemp("drawn")
    issued = R.fill_pubrelease(ADA, folder / "issued.pdf")
    return {
        "pdftk": R.fill_pdftk(ADA, folder / "pdftk.pdf", flatten=True).read_bytes(),
        "qpdf": R.flatten_with("qpdf", issued, folder / "qpdf.pdf").read_bytes(),
        "pypdfform": R.fill_pypdfform(ADA, folder / "pypdfform.pdf").read_bytes(),
    }


def _readings(data: bytes) -> tuple[Any, bool, Any]:
    return widget_readings(data, today=TODAY)


def _xobject(writer: PdfWriter, page: int, name: str) -> Any:
    return writer.pages[page]["/Resources"]["/XObject"][name].get_object()


def _drawing(page: int, name: str, content: bytes | None = None, **entries: Any) -> Edit:
    """Drawing ``name`` of ``page`` given ``content`` and ``entries`` (None: removed)."""

    def edit(writer: PdfWriter) -> None:
        stream = _xobject(writer, page, name)
        if content is not None:
            stream.set_data(content)
        for key, value in entries.items():
            if value is None:
                stream.pop(NameObject("/" + key), None)
            else:
                stream[NameObject("/" + key)] = value

    return edit


def _numbers(*values: float) -> ArrayObject:
    return ArrayObject([FloatObject(v) for v in values])


def _page_content(page: int, change: Callable[[bytes], bytes]) -> Edit:
    """The last content stream of ``page`` (its drawings) changed by ``change``."""

    def edit(writer: PdfWriter) -> None:
        contents = writer.pages[page]["/Contents"]
        last = contents[-1].get_object() if isinstance(contents, ArrayObject) else contents
        last.get_object().set_data(change(last.get_object().get_data()))

    return edit


def _extra_stream(data: bytes, page: int = 0) -> Edit:
    def edit(writer: PdfWriter) -> None:
        stream = StreamObject()
        stream.set_data(data)
        contents = writer.pages[page]["/Contents"]
        if not isinstance(contents, ArrayObject):
            contents = ArrayObject([contents])
            writer.pages[page][NameObject("/Contents")] = contents
        contents.append(writer._add_object(stream))

    return edit


def _both(source: bytes, *edits: Edit) -> list[tuple[str, bytes]]:
    return [(build, make(source, *edits)) for build, make in BUILDS.items()]


# --- holes ---------------------------------------------------------------------------

T_CUT = b"BT 1 0 0 1 2 36.08 Tm /Helv 4 Tf 0 g (Turing Test) Tj ET"
"""A 4-point title whose top reaches as high as plain text lets it (0.76 of its size,
plus 3% slack, above 39): its capitals' tops at 38.95."""


def _ink_band(data: bytes, bottom: float, top: float) -> int:
    """Dark pixels of page 1 (PDFium, 12 px a point) in the title box's rows from
    ``bottom`` to ``top`` (points above the box's bottom, 598)."""
    scale = 12
    grey = page_grey(data, 0, scale)
    rows = slice(round((792 - 598 - top) * scale), round((792 - 598 - bottom) * scale))
    return int((grey[rows, round(122.02 * scale) : round(540 * scale)] < 128).sum())


@pytest.mark.parametrize("build", BUILDS)
def test_a_drawing_box_smaller_than_the_widget_cuts_capitals(
    files: dict[str, bytes], build: str
) -> None:
    honest = BUILDS[build](files["pdftk"], _drawing(*TITLE, T_CUT))
    cut = BUILDS[build](files["pdftk"], _drawing(*TITLE, T_CUT, BBox=_numbers(0, 0, 417.98, 38.5)))
    # PDFium: the T's bar (38.5 to 38.95) is drawn honestly, and clipped off by the
    # smaller /BBox: "Iuring Iest" (the i's dots go too)
    assert _ink_band(honest, 38.55, 39) > 0 and _ink_band(cut, 38.55, 39) == 0
    record, taken, general = _readings(cut)
    assert record.event_title == general.event_title == "Turing Test"
    assert not taken


def _title_appearance(content: bytes, bbox: tuple[float, ...]) -> Edit:
    """pypdf's fill: the title widget's appearance drawing ``content`` in ``bbox``, its
    value the T-cut title's."""

    def edit(writer: PdfWriter) -> None:
        for ref in writer.pages[0]["/Annots"]:
            widget = ref.get_object()
            parent = widget.get("/Parent")
            field = parent.get_object() if "/T" not in widget and parent else widget
            if field.get("/T") == "event_title":
                appearance = widget["/AP"]["/N"].get_object()
                appearance.set_data(content)
                appearance[NameObject("/BBox")] = _numbers(*bbox)
                field[NameObject("/V")] = TextStringObject("Turing Test")

    return edit


def _forms_ink_band(data: bytes, bottom: float, top: float) -> int:
    """As :func:`_ink_band`, the widgets drawn by PDFium's form environment."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        doc.init_forms()
        image = doc[0].render(scale=12, may_draw_forms=True).to_pil().convert("L")
    finally:
        doc.close()
    grey = np.asarray(image).astype(int)
    rows = slice(round((792 - 598 - top) * 12), round((792 - 598 - bottom) * 12))
    return int((grey[rows, round(122.02 * 12) : 540 * 12] < 128).sum())


@pytest.mark.parametrize("build", BUILDS)
def test_an_appearance_box_off_its_origin_cuts_capitals(honest: bytes, build: str) -> None:
    whole = BUILDS[build](honest, _title_appearance(T_CUT, (0, 0, 417.98, 39)))
    cut = BUILDS[build](honest, _title_appearance(T_CUT, (0, -0.5, 417.98, 38.5)))
    # (the box moved up 0.5 onto the widget: the bar above 39 clipped, the stems left)
    assert 0 < _forms_ink_band(cut, 38.55, 39) < 0.6 * _forms_ink_band(whole, 38.55, 39)
    record, taken, general = _readings(cut)
    assert record.event_title == general.event_title == "Turing Test"
    assert not taken


Q_CUT = b"BT 1 0 0 1 2 0.6 Tm /Helv 12 Tf 0 g (Queen Quinn) Tj ET"
"""A title sitting as low as plain text lets a Q sit (0.059 + 0.02 of its size, less 3%
slack, above the box's bottom)."""

_PDFJS_RENDER = """
import fs from "fs";
import { createRequire } from "module";
const require = createRequire(%(js)s + "/package.json");
const { createCanvas } = require("@napi-rs/canvas");
const pdfjs = await import(%(js)s + "/node_modules/pdfjs-dist/legacy/build/pdf.mjs");
const [src, out] = process.argv.slice(2);
const doc = await pdfjs.getDocument({
  data: new Uint8Array(fs.readFileSync(src)), disableFontFace: true, useSystemFonts: false,
  standardFontDataUrl: %(js)s + "/node_modules/pdfjs-dist/standard_fonts/",
}).promise;
const page = await doc.getPage(1);
const viewport = page.getViewport({ scale: 1 });
const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
const context = canvas.getContext("2d");
context.fillStyle = "white";
context.fillRect(0, 0, canvas.width, canvas.height);
await page.render({ canvasContext: context, viewport }).promise;
const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
const grey = [];
for (let i = 0; i < data.length; i += 4) grey.push(data[i + 1]);
fs.writeFileSync(out, JSON.stringify({ width: canvas.width, grey }));
"""


def _pdfjs_grey(pdf: bytes, folder: Path) -> Any:
    """Page 1 of ``pdf`` drawn by pdf.js at 1 px a point with its own standard fonts
    (Liberation Sans for Helvetica), as grey levels."""
    require_node_module("pdfjs-dist")
    require_node_module("@napi-rs/canvas")
    script, source, out = folder / "render.mjs", folder / "in.pdf", folder / "out.json"
    script.write_text(_PDFJS_RENDER % {"js": json.dumps(str(JS_DIR))})
    source.write_bytes(pdf)
    subprocess.run([require_tool("node"), str(script), str(source), str(out)], check=True)
    found = json.loads(out.read_text())
    return np.asarray(found["grey"]).reshape(-1, found["width"])


def _glyph_page(text: bytes, size: float) -> bytes:
    """A page of 400 points square with ``text`` in Helvetica at ``size``, its baseline
    at 200."""
    writer = PdfWriter()
    page = writer.add_blank_page(400, 400)
    font = helvetica()
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = StreamObject()
    stream.set_data(b"BT /F1 %g Tf 20 200 Td (%s) Tj ET" % (size, text))
    page[NameObject("/Contents")] = writer._add_object(stream)
    import io

    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("build", BUILDS)
def test_a_q_whose_tail_pdfjs_draws_lower_than_the_table(
    files: dict[str, bytes], build: str, tmp_path: Path
) -> None:
    grey = _pdfjs_grey(_glyph_page(b"Q", 100), tmp_path)
    depth = np.nonzero((grey < 128).any(axis=1))[0].max() + 1 - 200
    assert depth >= 17  # (thousandths of 100 points over ten: 0.17 of the size and more)
    data = BUILDS[build](files["pdftk"], _drawing(*TITLE, Q_CUT))
    shown = _pdfjs_grey(data, tmp_path)
    # the title box's rows below the Q's baseline (598.6) down to its clip (598): a stub
    assert (shown[792 - 598 : 792 - 596, 124:134] < 128).sum() == 0
    record, taken, _ = _readings(data)
    assert record.event_title == "Queen Quinn"
    assert not taken


def _dr_font_differences(writer: PdfWriter) -> None:
    """The form's /DR Helvetica given an encoding with differences (A drawn as B)."""
    font = writer._root_object["/AcroForm"]["/DR"]["/Font"]["/Helv"].get_object()
    font[NameObject("/Encoding")] = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Encoding"),
            NameObject("/Differences"): ArrayObject([NumberObject(65), NameObject("/B")]),
        }
    )


@pytest.mark.parametrize("build", BUILDS)
def test_a_dr_font_with_differences_is_read(files: dict[str, bytes], build: str) -> None:
    data = BUILDS[build](files["pypdfform"], _dr_font_differences)
    record, taken, general = _readings(data)
    assert not taken and record == general


# --- attacks declined, or read as the general path reads them ------------------------

GROUP = DictionaryObject(
    {NameObject("/S"): NameObject("/Transparency"), NameObject("/K"): FloatObject(1)}
)
OC = DictionaryObject(
    {NameObject("/Type"): NameObject("/OCG"), NameObject("/Name"): TextStringObject("x")}
)


def _nested(writer: PdfWriter) -> None:
    """The title's drawing drawing the speaker's drawing, inside it."""
    title = _xobject(writer, *TITLE)
    title[NameObject("/Resources")][NameObject("/XObject")] = DictionaryObject(
        {NameObject("/In"): writer.pages[0]["/Resources"]["/XObject"].raw_get("/Xi9")}
    )
    title.set_data(title.get_data() + b" q 1 0 0 1 0 20 cm /In Do Q")


def _parent_resources(writer: PdfWriter) -> None:
    """Page 1's resources moved to the page tree's root (inherited, as viewers read)."""
    page = writer.pages[0]
    resources = page["/Resources"]
    page[NameObject("/Parent")].get_object()[NameObject("/Resources")] = resources
    del page["/Resources"]


def _link(writer: PdfWriter) -> None:
    writer.pages[0][NameObject("/Annots")] = ArrayObject(
        [
            writer._add_object(
                DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/Annot"),
                        NameObject("/Subtype"): NameObject("/Link"),
                        NameObject("/Rect"): _numbers(122, 598, 540, 637),
                    }
                )
            )
        ]
    )


def _helv_differences(writer: PdfWriter) -> None:
    fonts = _xobject(writer, *TITLE)["/Resources"]["/Font"]
    for key in list(fonts):
        font = DictionaryObject(fonts[key].get_object())
        font[NameObject("/Encoding")] = DictionaryObject(
            {NameObject("/Differences"): ArrayObject([NumberObject(78), NameObject("/M")])}
        )
        fonts[NameObject(key)] = writer._add_object(font)


def _replace(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        assert old in data
        return data.replace(old, new, 1)

    return change


SCALED = _numbers(1.01, 0, 0, 1, 0, 0)
SPILLING = _numbers(0, 0, 417.98, 60)
AT_TITLE, SCALED_AT_TITLE = b"1 0 0 1 122.02 598 cm", b"1 0 0 1.0001 122.02 598 cm"
AT_AGREE, AT_DECLINE = b"72 511.35 cm", b"119.13 511.35 cm"
PDFTK_DECLINED: dict[str, Edit] = {
    "a drawing's /Matrix scaling by 1%": _drawing(*TITLE, Matrix=SCALED),
    "a drawing's /BBox spilling over the wording": _drawing(*TITLE, BBox=SPILLING),
    "a drawing drawing another": _nested,
    "a drawing in a transparency group": _drawing(*TITLE, Group=GROUP),
    "a drawing in a layer": _drawing(*TITLE, OC=OC),
    "a drawing's font with differences": _helv_differences,
    "a Link annotation left": _link,
    "text in a stream of its own after the drawings": _extra_stream(
        b"BT /F1 9 Tf 72 700 Td (I withdraw) Tj ET", 0
    ),
    "a stream ending in a comment before the next": _page_content(0, lambda d: d + b"\n%"),
    "a q left open before the drawings": _page_content(0, lambda d: b"q " + d),
    "a drawing named with an escape": _page_content(0, _replace(b"/Xi6 Do", b"/Xi#36 Do")),
    "a scaled cm": _page_content(0, _replace(AT_TITLE, SCALED_AT_TITLE)),
    "a graphics state set between drawings": _page_content(0, lambda d: d + b" q 3 Tr Q"),
    "the agree drawing moved to the decline box": _page_content(1, _replace(AT_AGREE, AT_DECLINE)),
}  # fmt: skip
"""Changes to pdftk's flattening the proof must not take."""


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("change", sorted(PDFTK_DECLINED))
def test_a_change_to_a_flattened_file_is_declined(
    files: dict[str, bytes], change: str, build: str
) -> None:
    data = BUILDS[build](files["pdftk"], PDFTK_DECLINED[change])
    record, taken, general = _readings(data)
    assert not taken, change
    assert record.to_dict() == general.to_dict()


SAME: dict[str, Edit] = {
    "NULs and form feeds between tokens": _page_content(
        0, lambda d: d.replace(b" cm", b"\x00cm").replace(b" Do", b"\x0cDo")
    ),
    "an empty content stream added": _extra_stream(b""),
    "resources inherited from the page tree": _parent_resources,
    # (the object reader rounds reals to 3 decimals: PDFium scales by 1.0004, 0.17 point
    # over the title's width, and the proof reads an identity)
    "a /Matrix off by less than the reader's rounding": _drawing(
        *TITLE, Matrix=_numbers(1.0004, 0, 0, 1, 0, 0)
    ),
}
"""Changes no viewer shows otherwise: taken or not, read as the general path reads."""


ONLY_PDFTK = {"a /Matrix off by less than the reader's rounding"}
"""(drawn on pdftk's title drawing, ``/Xi6``: qpdf names its drawings otherwise)"""


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize(
    ("tool", "change"),
    [
        (t, c)
        for c in sorted(SAME)
        for t in ("pdftk", "qpdf")
        if t == "pdftk" or c not in ONLY_PDFTK
    ],
)
def test_a_harmless_change_is_read_as_the_general_path_reads_it(
    files: dict[str, bytes], tool: str, change: str, build: str
) -> None:
    data = BUILDS[build](files[tool], SAME[change])
    record, _, general = _readings(data)
    assert record.to_dict() == general.to_dict()
    assert record.speaker_name == ADA.speaker_name


def _without_widget_da(da: str) -> Edit:
    """The text widgets' and fields' /DA removed, the form's set to ``da`` (what each
    viewer then draws the values with)."""

    def edit(writer: PdfWriter) -> None:
        for page in writer.pages:
            for ref in page.get("/Annots", ()):
                widget = ref.get_object()
                parent = widget.get("/Parent")
                for node in (widget, parent.get_object() if parent is not None else None):
                    if node is not None and node.get("/FT", "/Tx") == "/Tx" and "/AS" not in node:
                        node.pop(NameObject("/DA"), None)
        writer._root_object["/AcroForm"][NameObject("/DA")] = TextStringObject(da)

    return edit


def _dr_font(key: str, value: Any) -> Edit:
    def edit(writer: PdfWriter) -> None:
        font = writer._root_object["/AcroForm"]["/DR"]["/Font"]["/Helv"].get_object()
        font[NameObject(key)] = value

    return edit


def _widgets(key: str, value: Any) -> Edit:
    def edit(writer: PdfWriter) -> None:
        for page in writer.pages:
            for ref in page.get("/Annots", ()):
                widget = ref.get_object()
                if widget.get("/T") == "effective_date":
                    widget[NameObject(key)] = value

    return edit


VIEWER_DRAWN: dict[str, tuple[Edit, bool]] = {
    "/DA naming a font not in /DR": (_without_widget_da("/Nope 0 Tf 0 g"), False),
    "the /DR font another standard font": (_dr_font("/BaseFont", NameObject("/Courier")), False),
    "the /DR font embedded": (_dr_font("/FontFile", NumberObject(0)), False),
    "/Q centred": (_widgets("/Q", NumberObject(1)), False),
    "a comb of three": (_widgets("/MaxLen", NumberObject(3)), False),
    "a password": (_widgets("/Ff", NumberObject(12582912 | 8192)), False),
    # (the form's /DA is not checked plain, but the file is then invalid: viewers-disagree)
    "the form's /DA white": (_without_widget_da("/Helv 0 Tf 1 g"), True),
    "the form's /DA at one point": (_without_widget_da("/Helv 1 Tf 0 g"), True),
}
"""Changes to PyPDFForm's fill, whose values viewers draw: (edit, whether it may be taken,
then found invalid)."""


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("change", sorted(VIEWER_DRAWN))
def test_a_value_drawn_by_viewers_in_another_way_is_declined(
    files: dict[str, bytes], change: str, build: str
) -> None:
    edit, may_take = VIEWER_DRAWN[change]
    data = BUILDS[build](files["pypdfform"], edit)
    record, taken, general = _readings(data)
    assert record.to_dict() == general.to_dict()
    if may_take:
        assert record.status is Status.INVALID, record.findings
    else:
        assert not taken, change


@pytest.mark.parametrize("build", BUILDS)
def test_the_honest_files_are_taken(files: dict[str, bytes], build: str) -> None:
    """(So that each change above is what the proof declines.)"""
    for tool in ("pdftk", "qpdf", "pypdfform"):
        record, taken, general = _readings(BUILDS[build](files[tool]))
        assert taken and record.to_dict() == general.to_dict(), tool


# --- tails a clip cuts away (plaintext.EDGE, review of session 40) ---------------------

DEEP_DRAWINGS = {
    # 40 points: the cut tails' boxes (8.8 pt deep) meet the date's box 6 pt below
    "tails cut away over the date's box": (
        b"BT 1 0 0 1 2 0.03 Tm /Helv 40 Tf 0 g (jiggly pygmy) Tj ET",
        False,
    ),
    # the j's hook, left of its origin, cut by the box's left side
    "a j's hook at the box's edge": (
        b"BT 1 0 0 1 0 0.03 Tm /Helv 11.2 Tf 0 g (jiggly pygmy) Tj ET",
        False,
    ),
    # 33 points, as pdf-lib sets a short title: its tails' boxes end above the date's box
    "tails cut away, clear of the box below": (
        b"BT 1 0 0 1 2 1.37 Tm /Helv 33 Tf 0 g (Learning to Read Forms) Tj ET",
        True,
    ),
}


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("case", sorted(DEEP_DRAWINGS))
def test_a_drawing_whose_tails_a_clip_cuts_away_is_read_as_the_general_path_reads_it(
    files: dict[str, bytes], build: str, case: str
) -> None:
    content, taken_too = DEEP_DRAWINGS[case]
    record, taken, general = _readings(BUILDS[build](files["pdftk"], _drawing(*TITLE, content)))
    assert taken is taken_too and (not taken or record == general), (
        case,
        general.status,
        [f.code.value for f in general.findings if f not in record.findings],
    )
