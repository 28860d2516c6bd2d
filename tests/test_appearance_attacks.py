"""Returns whose only change from an honest fill is inside a text widget's appearance.

The template is filled honestly by pypdf; then the signature widget's normal appearance
stream (/AP /N) is rewritten in place -- its content, and for some its /BBox, /Matrix or
font -- while /V keeps the honest value and the page content stays the template's. A
reader that took the value from the appearance's string bytes would read "Ada Lovelace"
where a viewer shows another name, nothing, or an illegible speck. Each return is made
as an incremental update of the honest fill and as the file written whole by pypdf, so
that no check can lean on the revision history; none may read ``valid``. A control
redraws the widget plainly with the honest value: it stays valid, with the same values.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from pubrelease import Record, Status, parse
from pubrelease.form.registry import DEFAULT_FORM

from .conftest import ADA
from .helpers import VALUE_KEYS, rewritten, update, widget_readings

TODAY = dt.date(2020, 9, 23)
HONEST = "Ada Lovelace"
OTHER = "Bob Mallory"
FIELD = "signature"
"""The widget whose appearance is rewritten (the template's one signature box)."""

RELEASE = ADA

Content = Callable[[float, float], str]
"""The appearance's content, given the widget's width and height."""


def _text(before: str = "", show: str = f"({HONEST}) Tj", *, size: float = 11.2) -> Content:
    """pypdf's own appearance of a value (clipped to the box, Helvetica, black), with
    ``before`` set in the text object and ``show`` drawn in place of the value."""
    return lambda w, h: (
        f"/Tx BMC q 2 0 {w - 6:g} {h:g} re W n BT /Helv {size:g} Tf 0 g 2 2.479 Td "
        f"{before} {show} ET Q EMC"
    )


def _kerned(text: str, back: int) -> str:
    """``text`` as a TJ array, each glyph followed by ``back`` thousandths of an em taken
    back (TJ's positive numbers move the next glyph left: ~600 lays Helvetica's glyphs on
    top of each other)."""
    return "[" + f" {back} ".join(f"({c})" for c in text) + "] TJ"


@dataclass(frozen=True)
class Look:
    """A new normal appearance for the widget, written into its existing stream."""

    content: Content
    grow: float = 1.0
    """The /BBox's size, times the widget's (the viewer fits it to the /Rect)."""
    matrix: tuple[float, ...] | None = None
    font: Callable[[PdfWriter], DictionaryObject] | None = None
    """The font named /Helv in the stream's own resources (else the fill's, kept)."""


def _swapped_font(*, to_unicode: bool) -> Callable[[PdfWriter], DictionaryObject]:
    """Helvetica whose /Differences draw other letters for the honest name's codes: the
    bytes read "Ada Lovelace", the glyphs drawn spell "Xqz Kwjupzbu"; with
    ``to_unicode`` a /ToUnicode map also reads every code as itself."""
    drawn = dict(zip("AdaLovelc", "XqzKwjupb", strict=True))

    def font(writer: PdfWriter) -> DictionaryObject:
        differences = ArrayObject()
        for code, glyph in drawn.items():
            differences += [NumberObject(ord(code)), NameObject(f"/{glyph}")]
        made = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/Encoding"),
                        NameObject("/BaseEncoding"): NameObject("/WinAnsiEncoding"),
                        NameObject("/Differences"): differences,
                    }
                ),
            }
        )
        if to_unicode:
            cmap = StreamObject()
            cmap.set_data(
                b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
                b"/CMapName /Same def /CMapType 2 def 1 begincodespacerange <00> <FF> "
                b"endcodespacerange 1 beginbfrange <20> <7E> <0020> endbfrange endcmap "
                b"CMapName currentdict /CMap defineresource pop end end"
            )
            made[NameObject("/ToUnicode")] = writer._add_object(cmap)
        return made

    return font


ATTACKS: dict[str, Look] = {
    "other-name": Look(_text(show=f"({OTHER}) Tj")),
    "white": Look(_text("1 g")),
    "invisible-3-Tr": Look(_text("3 Tr")),
    "tiny-font": Look(_text(size=0.5)),
    "scaled-5-Tz": Look(_text("5 Tz")),
    "bbox-10x-rect": Look(_text(), grow=10),
    # (a /Matrix alone is undone: the viewer fits the transformed /BBox to the /Rect)
    "matrix-0.05": Look(_text(), grow=20, matrix=(0.05, 0, 0, 0.05, 0, 0)),
    "outside-bbox": Look(_text("500 500 Td")),
    "two-names-overdrawn": Look(_text(show=f"({HONEST}) Tj 0 0 Td ({OTHER}) Tj")),
    "differences": Look(_text(), font=_swapped_font(to_unicode=False)),
    "differences-tounicode": Look(_text(), font=_swapped_font(to_unicode=True)),
    "tj-overlapped": Look(_text(show=_kerned(HONEST, 600))),
    "tc-minus-3": Look(_text("-3 Tc")),
}
"""Name -> the appearance drawn; each leaves /V and the page content as filled."""

CONTROL = Look(lambda w, h: f"/Tx BMC q BT /Helv 10 Tf 0 g 2 5 Td ({HONEST}) Tj ET Q EMC")
"""A plain, correct appearance of the honest value, with the fill's font."""
BACKGROUND = Look(lambda w, h: f"1 g 0 0 {w:g} {h:g} re f " + _text()(w, h))
"""The value on a white background filling its box (a widget's /MK /BG, as Acrobat and
PyMuPDF draw one): it paints out the form's underline inside the box, and nothing
else; the value shows whole. A person reads the release as the honest fill."""

BUILDS: dict[str, Callable[..., bytes]] = {"incremental": update, "resaved": rewritten}


def _widget(pages: Iterable[PageObject]) -> Any:
    """The one widget of :data:`FIELD` on ``pages``."""
    (widget,) = (
        annot
        for page in pages
        for annot in (ref.get_object() for ref in page.get("/Annots") or [])
        if (annot.get("/T") or annot.get("/Parent", {}).get("/T")) == FIELD
    )
    return widget


def _redrawn(look: Look) -> Callable[[PdfWriter], None]:
    """The edit: the widget of :data:`FIELD`'s /AP /N stream rewritten as ``look``."""

    def edit(writer: PdfWriter) -> None:
        widget = _widget(writer.pages)
        x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
        w, h = x1 - x0, y1 - y0
        stream = widget["/AP"]["/N"].get_object()
        stream.set_data(look.content(w, h).encode("latin-1"))
        stream[NameObject("/BBox")] = ArrayObject(
            FloatObject(v) for v in (0, 0, w * look.grow, h * look.grow)
        )
        if look.matrix is not None:
            stream[NameObject("/Matrix")] = ArrayObject(FloatObject(v) for v in look.matrix)
        if look.font is not None:
            fonts = DictionaryObject({NameObject("/Helv"): look.font(writer)})
            stream[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})

    return edit


def _stored(data: bytes) -> tuple[object, list[bytes], bytes]:
    """The field's stored /V, every page's content (what the attacks leave alone) and the
    widget's normal appearance (what they rewrite)."""
    reader = PdfReader(io.BytesIO(data))
    value = reader.get_fields()[FIELD].get("/V")  # type: ignore[index]
    contents = [page.get_contents().get_data() for page in reader.pages]  # type: ignore[union-attr]
    return value, contents, _widget(reader.pages)["/AP"]["/N"].get_object().get_data()


def _made(honest: bytes, look: Look, build: str, folder: Path) -> Path:
    path = folder / f"{build}.pdf"
    path.write_bytes(BUILDS[build](honest, _redrawn(look)))
    return path


def _codes(record: Record) -> list[str]:
    return sorted(str(f.code) for f in record.findings)


def test_the_honest_fill_is_valid(honest: bytes) -> None:
    record = parse(honest, form=DEFAULT_FORM, today=TODAY)
    assert record.status is Status.VALID, _codes(record)


@pytest.mark.parametrize("build", sorted(BUILDS))
@pytest.mark.parametrize("name", [*ATTACKS, "control"])
def test_only_the_appearance_is_rewritten(honest: bytes, name: str, build: str) -> None:
    """The builder itself: /V and the pages' content as filled, the appearance not."""
    data = BUILDS[build](honest, _redrawn(ATTACKS.get(name, CONTROL)))
    (value, contents, shown), before = _stored(data), _stored(honest)
    assert (value, contents) == before[:2] and shown != before[2]
    assert value == HONEST


@pytest.mark.parametrize("build", sorted(BUILDS))
@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_an_appearance_that_does_not_show_the_value_is_not_valid(
    honest: bytes, name: str, build: str, tmp_path: Path
) -> None:
    """None reads ``valid``; and the reading of fills from their widgets
    (:mod:`pubrelease.reading.provenfill`) declines each: what it reads, it proves."""
    path = _made(honest, ATTACKS[name], build, tmp_path)
    record, taken, general = widget_readings(path, today=TODAY)
    assert record.status.value != "valid", (name, build, _codes(record), record.findings)
    assert not taken and record == general


@pytest.mark.parametrize("build", sorted(BUILDS))
@pytest.mark.parametrize("look", [CONTROL, BACKGROUND], ids=["plain", "on-a-background"])
def test_a_plain_correct_appearance_stays_valid(
    honest: bytes, look: Look, build: str, tmp_path: Path
) -> None:
    path = _made(honest, look, build, tmp_path)
    (record, taken, general), before = (
        widget_readings(path, today=TODAY),
        parse(honest, today=TODAY),
    )
    assert record.status is Status.VALID, (build, _codes(record), record.findings)
    # (the widgets' reading proves a plain text appearance, not one painting a box)
    assert taken is (look is CONTROL) and record == general
    assert {k: getattr(record, k) for k in VALUE_KEYS} == {
        k: getattr(before, k) for k in VALUE_KEYS
    }
