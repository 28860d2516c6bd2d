"""One dot of a name taken away from ``fill``'s own drawing of it (``reading/samedrawing.py``).

A white square over the one dot that tells ث from ت shows "تامر" where every text of the
file reads "ثامر"; over the umlaut of "Müller", "Muller". The box then differs from
``fill``'s drawing of the value by fewer squares than another program's drawing of the
same glyphs may (``valueboxes.DIFFERS``), and OCR cannot tell either. But the box draws
with ``fill``'s very font programs, which PDFium draws exactly as ``fill``'s drawing:
any pixel apart is ink added or taken away, and a person must look
(``shown-text-unchecked``). The edits are made by pypdf, appended as an update or the
file re-saved whole by qpdf (pikepdf); the controls are returns re-saved, flattened or
filled further by the outside tools, which must stay ``valid``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from pubrelease import Release, Status, fill, parse

from . import attacks as A
from .helpers import require_tool

pytestmark = pytest.mark.usefixtures("general_path")
"""Our own releases, flattened or re-saved, are read here the general way (they would
otherwise be proved to be ``fill``'s file and read from it: ``reading/refilled.py``)."""

ISSUED = dt.date(2020, 7, 1)
NAMES = [("ثامر", "تامر"), ("Zoë Müller", "Zoë Muller")]
SCALE = 8  # pixels a point, to find the dot
Square = tuple[float, float, float, float]  # left, bottom, width, height on the page


def _release(name: str, **changes: object) -> Release:
    return dataclasses.replace(A.RELEASE, **{"speaker_name": name, "signature": name, **changes})


def _ink(value: str, page: int) -> np.ndarray:
    doc = pdfium.PdfDocument(fill(_release(value), today=ISSUED))
    try:
        doc.init_forms()
        image = doc[page].render(scale=SCALE, may_draw_forms=True).to_pil().convert("L")
        return np.asarray(image).astype(int)
    finally:
        doc.close()


@functools.lru_cache(maxsize=8)
def _dots(name: str, other: str, page: int) -> tuple[tuple[float, float], ...]:
    """The points (on page ``page``) that fill's drawing of ``name`` inks and its
    drawing of ``other`` does not: the dot, the umlaut."""
    gone = (_ink(name, page) - _ink(other, page)) < -60
    ys, xs = np.nonzero(gone)
    return tuple(zip((xs / SCALE).tolist(), ((gone.shape[0] - ys) / SCALE).tolist(), strict=True))


def _square_in(points: tuple[tuple[float, float], ...], rect: Square) -> Square:
    x0, y0, x1, y1 = rect
    inside = [(x, y) for x, y in points if x0 <= x <= x1 and y0 <= y <= y1]
    assert inside, rect
    left, bottom = min(x for x, _ in inside) - 0.3, min(y for _, y in inside) - 0.3
    return (
        left,
        bottom,
        max(x for x, _ in inside) + 0.3 - left,
        max(y for _, y in inside) + 0.3 - bottom,
    )


def _white_form(writer: PdfWriter, width: float, height: float) -> object:
    stream = StreamObject()
    stream.set_data(f"1 g 0 0 {width:.2f} {height:.2f} re f".encode())
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (0, 0, width, height)),
        }
    )
    return writer._add_object(stream)


def _white_image(writer: PdfWriter) -> object:
    image = StreamObject()
    image.set_data(b"\xff")
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(1),
            NameObject("/Height"): NumberObject(1),
            NameObject("/ColorSpace"): NameObject("/DeviceGray"),
            NameObject("/BitsPerComponent"): NumberObject(8),
        }
    )
    return writer._add_object(image)


def _covered(writer: PdfWriter, appearance: object, inner: Square, how: str) -> object:
    """``appearance`` (a widget's, pypdf's) drawn again with ``inner`` (in its own space)
    taken away: painted over white (a path, an image, a form) or clipped out; or, ``ink``,
    painted black."""
    left, bottom, width, height = inner
    data = appearance.get_data()  # type: ignore[attr-defined]
    resources = appearance.get("/Resources", DictionaryObject())  # type: ignore[attr-defined]
    resources = DictionaryObject(resources.get_object())
    xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
    place = f"{width:.2f} 0 0 {height:.2f} {left:.2f} {bottom:.2f} cm"
    if how in ("path", "ink"):  # white, or black: a dot added
        grey = 0 if how == "ink" else 1
        data += f"\nq {grey} g {left:.2f} {bottom:.2f} {width:.2f} {height:.2f} re f Q\n".encode()
    elif how == "image":
        xobjects[NameObject("/ImW")] = _white_image(writer)
        data += f"\nq {place} /ImW Do Q\n".encode()
    elif how == "form":
        xobjects[NameObject("/FmW")] = _white_form(writer, 1, 1)
        data += f"\nq {place} /FmW Do Q\n".encode()
    elif how == "clip":  # the box less the dot, even-odd
        box = [float(v) for v in appearance["/BBox"]]  # type: ignore[index]
        outer = f"{box[0]} {box[1]} {box[2] - box[0]} {box[3] - box[1]} re"
        data = (
            f"q {outer} {left:.2f} {bottom:.2f} {width:.2f} {height:.2f} re W* n\n".encode()
            + data
            + b"\nQ\n"
        )
    else:
        raise ValueError(how)
    if xobjects:
        resources[NameObject("/XObject")] = xobjects
    stream = StreamObject()
    stream.set_data(data)
    for key, value in appearance.items():  # type: ignore[attr-defined]
        if key not in ("/Length", "/Filter", "/DecodeParms", "/Resources"):
            stream[NameObject(key)] = value
    stream[NameObject("/Resources")] = resources
    return writer._add_object(stream)


def _cover_the_dot(name: str, other: str, how: str) -> A.Edit:
    """On every widget of the name and the signature, the ink of ``name`` that ``other``
    has not taken away (``how``: see :func:`_covered`; ``annotation``: a white square
    annotation stacked over the widget)."""

    def edit(writer: PdfWriter) -> None:
        for index, page in enumerate(writer.pages):
            for ref in list(page.get("/Annots") or []):
                widget = ref.get_object()
                field = widget.get("/T") or widget.get("/Parent", {}).get("/T")
                if field not in ("speaker_name", "signature"):
                    continue
                x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
                left, bottom, width, height = _square_in(
                    _dots(name, other, index), (x0, y0, x1, y1)
                )
                if how == "annotation":
                    square = DictionaryObject(
                        {
                            NameObject("/Type"): NameObject("/Annot"),
                            NameObject("/Subtype"): NameObject("/Square"),
                            NameObject("/F"): NumberObject(4),
                            NameObject("/Rect"): ArrayObject(
                                FloatObject(v)
                                for v in (left, bottom, left + width, bottom + height)
                            ),
                            NameObject("/AP"): DictionaryObject(
                                {NameObject("/N"): _white_form(writer, width, height)}
                            ),
                        }
                    )
                    page[NameObject("/Annots")].append(writer._add_object(square))
                    continue
                appearance = widget["/AP"]["/N"].get_object()
                box = [float(v) for v in appearance["/BBox"]]
                inner = (box[0] + left - x0, box[1] + bottom - y0, width, height)
                widget["/AP"][NameObject("/N")] = _covered(writer, appearance, inner, how)

    return edit


def _touched(record: object, field: str) -> bool:
    return any(
        f.code == "shown-text-unchecked"
        and f.message.startswith(f"the {field}")
        and "ink added or taken away" in f.message
        for f in record.findings  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize(("name", "other"), NAMES)
def test_a_dot_or_an_umlaut_covered_is_for_a_person(name: str, other: str, save: A.Save) -> None:
    base = fill(_release(name), today=ISSUED)
    record = parse(A.apply(base, _cover_the_dot(name, other, "path"), save), today=A.TODAY)
    assert record.speaker_name == name and record.signature == name
    assert record.status is not Status.VALID, record.findings
    for field in ("speaker_name", "signature"):  # every box of both: the name's three too
        assert _touched(record, field), record.findings
    named = [f.message for f in record.findings if f.message.startswith("the speaker_name")]
    assert any("3 boxes, on pages 1 and 2" in m for m in named), named


@pytest.mark.parametrize("how", ["image", "form", "clip", "annotation"])
def test_the_dot_taken_away_by_other_means_is_for_a_person(how: str) -> None:
    name, other = NAMES[0]
    base = fill(_release(name), today=ISSUED)
    record = parse(A.apply(base, _cover_the_dot(name, other, how), A.Save.RESAVED), today=A.TODAY)
    assert record.speaker_name == name
    assert record.status is not Status.VALID, record.findings
    assert _touched(record, "signature"), record.findings


def _moved(edit: A.Edit, across: float) -> A.Edit:
    """``edit``, then every appearance of the name and the signature drawn ``across``
    points to the right (wrapped in a translation): out of the few squares by which a
    box may differ from ``fill``'s drawing and still be taken for it."""

    def moved(writer: PdfWriter) -> None:
        edit(writer)
        for page in writer.pages:
            for ref in list(page.get("/Annots") or []):
                widget = ref.get_object()
                field = widget.get("/T") or widget.get("/Parent", {}).get("/T")
                if field not in ("speaker_name", "signature"):
                    continue
                appearance = widget["/AP"]["/N"].get_object()
                appearance.set_data(
                    f"q 1 0 0 1 {across} 0 cm\n".encode() + appearance.get_data() + b"\nQ\n"
                )

    return moved


@pytest.mark.parametrize("across", [1.5, 2.5])
@pytest.mark.parametrize(
    ("name", "other"), [*NAMES, ("Antonín Dvořák", "Antonin Dvorak")], ids=["ar", "de", "cs"]
)
def test_accents_covered_and_the_drawing_moved_are_for_a_person(
    name: str, other: str, across: float
) -> None:
    """A reviewer's: the umlaut covered, then the whole drawing moved 1.5 pt; the boxes
    differ from ``fill``'s drawing by many squares and went to OCR, which reads no accents
    ("Muller" for "Müller"): ``valid`` once re-saved. In ``fill``'s own glyph programs, a
    box moved back onto ``fill``'s drawing is that drawing but for the accents."""
    base = fill(_release(name), today=ISSUED)
    edit = _moved(_cover_the_dot(name, other, "path"), across)
    record = parse(A.apply(base, edit, A.Save.RESAVED), today=A.TODAY)
    assert record.status is not Status.VALID, record.findings
    assert _touched(record, "speaker_name") and _touched(record, "signature"), record.findings


def _font_programs_changed(data: bytes) -> bytes:
    """``data`` with a byte appended to every embedded TrueType program (pikepdf): the
    same glyphs, drawn the same, in programs that are not fill's bytes."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        changed = 0
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/FontFile2" in obj:
                obj.FontFile2.write(obj.FontFile2.read_bytes() + b"\0")
                changed += 1
        assert changed
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.mark.parametrize(("name", "other"), NAMES)
def test_a_dot_covered_in_another_copy_of_the_font_is_for_a_person(name: str, other: str) -> None:
    """The dot covered, and the font programs changed by a byte so that they are not
    fill's: the glyphs still draw fill's pixels, but for the few the square takes."""
    base = fill(_release(name), today=ISSUED)
    edited = A.apply(base, _cover_the_dot(name, other, "path"), A.Save.RESAVED)
    record = parse(_font_programs_changed(edited), today=A.TODAY)
    assert record.speaker_name == name
    assert record.status is not Status.VALID, record.findings
    for field in ("speaker_name", "signature"):
        assert _touched(record, field), record.findings


def test_fills_drawing_in_another_copy_of_the_font_stays_valid() -> None:
    """The control: the font programs changed by a byte, nothing covered."""
    name = NAMES[0][0]
    record = parse(_font_programs_changed(fill(_release(name), today=ISSUED)), today=A.TODAY)
    assert record.speaker_name == name
    assert record.status is Status.VALID, record.findings


def test_a_dot_added_is_for_a_person() -> None:
    """The other way: "تامر" issued, a dot drawn over fill's drawing where "ثامر" has it."""
    name, other = NAMES[0]
    base = fill(_release(other), today=ISSUED)
    record = parse(A.apply(base, _cover_the_dot(name, other, "ink"), A.Save.RESAVED), today=A.TODAY)
    assert record.speaker_name == other
    assert record.status is not Status.VALID, record.findings
    assert _touched(record, "signature"), record.findings


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_the_speakers_own_fill_with_the_dot_covered_is_for_a_person(save: A.Save) -> None:
    """Issued without the speaker's part; the speaker signs with the name, its appearance
    copied from fill's own drawing of the name on page 2 and a white square over its dot
    (as a speaker's own tool could): every text reads "ثامر", the page shows "تامر"."""
    name, other = NAMES[0]
    base = fill(_release(name, signature=None, sign_date=None, consent=None), today=ISSUED)
    signature_box = A._widget_rect("signature")
    left, bottom, width, height = _square_in(_dots(name, other, 1), signature_box)

    def edit(writer: PdfWriter) -> None:
        values = {"signature": name, "sign_date": "Jul 2, 2020", "consent": "/Accept"}
        for page in writer.pages:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
        widgets = {}
        for ref in writer.pages[1]["/Annots"]:
            widget = ref.get_object()
            widgets[widget.get("/T") or widget.get("/Parent", {}).get("/T")] = widget
        source = widgets["speaker_name"]["/AP"]["/N"].get_object()
        box = [float(v) for v in source["/BBox"]]
        x0, y0, x1, y1 = signature_box
        inner = (box[0] + left - x0, box[1] + bottom - y0, width, height)
        copy = _covered(writer, source, inner, "path").get_object()  # type: ignore[attr-defined]
        copy[NameObject("/BBox")] = ArrayObject(
            FloatObject(v) for v in (box[0], box[1], box[0] + x1 - x0, box[1] + y1 - y0)
        )
        widgets["signature"]["/AP"][NameObject("/N")] = copy.indirect_reference

    record = parse(A.apply(base, edit, save), today=A.TODAY)  # (pypdf logs: no Arabic in /Helv)
    assert record.signature == name
    assert record.status is not Status.VALID, record.findings
    assert _touched(record, "signature"), record.findings


# -- controls: fill's own drawing, untouched, through the outside tools --------------------


def _run(*args: str | Path) -> None:
    subprocess.run([str(a) for a in args], check=True, capture_output=True)


def _pypdf(data: bytes) -> bytes:
    out = io.BytesIO()
    PdfWriter(clone_from=PdfReader(io.BytesIO(data))).write(out)
    return out.getvalue()


def _tool(*command: str) -> Callable[[Path, Path], None]:
    def run(source: Path, out: Path) -> None:
        exe = require_tool(command[0])
        _run(
            exe, *(str(source) if c == "IN" else str(out) if c == "OUT" else c for c in command[1:])
        )

    return run


RESAVES: dict[str, Callable[[Path, Path], None]] = {
    "qpdf": _tool("qpdf", "IN", "OUT"),
    "qpdf-flatten": _tool("qpdf", "--flatten-annotations=all", "IN", "OUT"),
    "mutool-clean": _tool("mutool", "clean", "-gggz", "IN", "OUT"),
    "mutool-sanitize": _tool("mutool", "clean", "-s", "IN", "OUT"),
    "pdftk": _tool("pdftk", "IN", "output", "OUT"),
    "pdftk-flatten": _tool("pdftk", "IN", "output", "OUT", "flatten"),
}


@pytest.mark.parametrize("tool", [*RESAVES, "pikepdf", "pypdf"])
@pytest.mark.parametrize("name", [n for n, _ in NAMES])
def test_fills_drawing_resaved_by_another_program_stays_valid(
    name: str, tool: str, tmp_path: Path
) -> None:
    data = fill(_release(name), today=ISSUED)
    if tool == "pikepdf":
        out = A.resave(data)
    elif tool == "pypdf":
        out = _pypdf(data)
    else:
        source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
        source.write_bytes(data)
        RESAVES[tool](source, target)
        out = target.read_bytes()
    record = parse(out, today=A.TODAY)
    assert record.speaker_name == name
    assert record.status is Status.VALID, record.findings


def test_a_long_name_printed_by_mutool_in_fills_own_font_programs_stays_valid(
    tmp_path: Path,
) -> None:
    """``mutool draw -F pdf`` keeps fill's font programs (the same bytes) and sets the
    glyphs of a long line its own way, a pixel apart by the line's end: not ink taken
    away or added."""
    name = "Maximilian Alexander Habsburg-Lothringen von Österreich-Este und Lothringen"
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(fill(_release(name), today=ISSUED))
    _tool("mutool", "draw", "-q", "-F", "pdf", "-o", "OUT", "IN")(source, target)
    record = parse(target.read_bytes(), today=A.TODAY)
    assert record.speaker_name == name
    assert record.status is Status.VALID, record.findings


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("name", [n for n, _ in NAMES])
def test_other_fields_filled_by_pypdf_leave_the_name_valid(name: str, save: A.Save) -> None:
    """The speaker's part filled by pypdf (its own appearances, in Helvetica): the name's
    boxes stay fill's bytes."""
    base = fill(_release(name, signature=None, sign_date=None, consent=None), today=ISSUED)

    latin = name.isascii() or name.encode("cp1252", "ignore").decode("cp1252") == name
    values = {"sign_date": "Jul 2, 2020", "consent": "/Accept"} | (
        {"signature": name} if latin else {}
    )

    def edit(writer: PdfWriter) -> None:
        for page in writer.pages:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)

    record = parse(A.apply(base, edit, save), today=A.TODAY)
    assert record.speaker_name == name
    assert not any(f.message.startswith("the speaker_name") for f in record.findings), (
        record.findings
    )
    if latin and save is A.Save.RESAVED:  # (incremental: pypdf's update redraws more than it fills)
        assert record.status is Status.VALID, record.findings
