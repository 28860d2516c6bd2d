"""Returns whose speaker typed over the page instead of filling the fields.

A viewer's text tool (Acrobat's Fill & Sign, macOS Preview, PDF-XChange) writes a
``/FreeText`` annotation: the text typed in ``/Contents``, drawn by its own appearance
stream (``/AP /N``, a form XObject setting the text in Helvetica). These are written here
with pypdf the way PyMuPDF's ``add_freetext_annot`` writes them (review rev26's
``mu_ft2.py``, whose files are in ``tests/data/typed-over-rev26``): the note's rectangle a
point larger than the field's box, the text at 9 pt from its top-left corner. "Baked"
(PyMuPDF's ``bake()``, "flatten annotations" in a viewer) the same text is drawn by the
page's own content.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Mapping

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from pubrelease import Consent, fill, load_form
from pubrelease.demo import SEED_RELEASES

from .helpers import helvetica

Box = tuple[float, float, float, float]

UNSIGNED = dataclasses.replace(
    SEED_RELEASES[0], consent=Consent.NONE, signature=None, sign_date=None
)
"""Bohyung Han's release as issued for him to finish: name, title and dates only."""
SIGNATURE = "Bohyung Han"
DATE = "Sep 23, 2020"


def box_of(field: str, state: str | None = None) -> tuple[int, Box]:
    """(page index, rect) of the form's box for ``field`` (of its ``state``)."""
    form = load_form()
    for widget in form.fields[field].widgets:
        if widget.box.state == state:
            return widget.box.page, widget.box.rect
    raise KeyError((field, state))


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def note(
    writer: PdfWriter,
    page: int,
    rect: Box,
    contents: str,
    *,
    drawn: str | None = None,
    size: float = 9,
) -> DictionaryObject:
    """A FreeText annotation on ``page`` over ``rect`` holding ``contents`` and drawing
    ``drawn`` (the same by default) at ``size`` points from its top-left corner; the
    annotation as added (to change it further)."""
    left, bottom, right, top = rect
    width, height = right - left, top - bottom
    ap = DecodedStreamObject()
    ap.set_data(
        f"q 0 0 {width:.2f} {height:.2f} re W n BT 0 0 0 rg /Helv {size:g} Tf "
        f"0 {height - 1.2 * size:.2f} Td ({_escaped(drawn or contents)}) Tj ET Q".encode()
    )
    ap.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (0, 0, width, height)]),
            NameObject("/Resources"): DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/Helv"): helvetica()})}
            ),
        }
    )
    annot = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FreeText"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in rect]),
            NameObject("/Contents"): TextStringObject(contents),
            NameObject("/DA"): TextStringObject(f"0 0 0 rg /Helv {size:g} Tf"),
            NameObject("/F"): NumberObject(4),
            NameObject("/BS"): DictionaryObject({NameObject("/W"): NumberObject(0)}),
            NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(ap)}),
        }
    )
    return writer.add_annotation(page_number=page, annotation=annot)


def over(field: str, state: str | None = None) -> tuple[int, Box]:
    """Where a text tool puts a note typed into ``field``'s box: a point wider to the
    right and lower than the box (PyMuPDF's rectangle in ``mu_ft2.py``)."""
    page, (left, bottom, right, top) = box_of(field, state)
    if state is not None:
        return page, (left, bottom - 1, right + 2, top + 1)
    return page, (left + 1, bottom - 1, right, top)


def typed(
    data: bytes,
    values: Mapping[str, str],
    *,
    tick: str | None = "Accept",
    incremental: bool = False,
    drawn: Mapping[str, str] | None = None,
) -> bytes:
    """``data`` with ``values`` typed over their fields' boxes as notes (an "X" over the
    ``tick`` box), written whole as a viewer saves it (or as an update)."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(reader, incremental=True) if incremental else PdfWriter(clone_from=reader)
    for field, text in values.items():
        page, rect = over(field)
        note(writer, page, rect, text, drawn=(drawn or {}).get(field))
    if tick is not None:
        page, rect = over("consent", tick)
        note(writer, page, rect, "X", size=10)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def finished() -> bytes:
    """Han's release, issued unfinished, with his signature, date and tick typed over it."""
    return typed(fill(UNSIGNED), {"signature": SIGNATURE, "sign_date": DATE})


def _lying_helvetica(writer: PdfWriter, drawn: Mapping[str, str]) -> DictionaryObject:
    """Helvetica drawing, for each character of ``drawn``, the glyph it names (``{"S":
    "Scaron"}``), while its ToUnicode map reads the character itself."""
    font = helvetica()
    codes = sorted(ord(c) for c in drawn)
    font[NameObject("/Encoding")] = DictionaryObject(
        {
            NameObject("/BaseEncoding"): NameObject("/WinAnsiEncoding"),
            NameObject("/Differences"): ArrayObject(
                [x for c in codes for x in (NumberObject(c), NameObject("/" + drawn[chr(c)]))]
            ),
        }
    )
    lines = "\n".join(f"<{c:02X}> <{c:04X}>" for c in range(32, 127))
    cmap = DecodedStreamObject()
    cmap.set_data(
        (
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CMapName /Lying def /CMapType 2 def\n"
            "1 begincodespacerange <00> <FF> endcodespacerange\n"
            f"95 beginbfchar\n{lines}\nendbfchar\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end"
        ).encode()
    )
    font[NameObject("/ToUnicode")] = writer._add_object(cmap)
    return font


def baked(
    text: str,
    field: str = "signature",
    *,
    rise: float = 8,
    size: float = 10,
    lying: Mapping[str, str] | None = None,
) -> bytes:
    """Han's release flattened by ``fill`` (accepted, and signed and dated but for
    ``field``) with ``text`` drawn into the page over ``field``'s empty box as a viewer
    bakes a note typed there: its baseline ``rise`` points above the box's bottom, at
    ``size`` points (PyMuPDF's ``add_freetext_annot`` with the note's top 3 pt above the
    box, then ``bake()``: review rev26's ``mu_annot.py``, whose file is
    ``tests/data/typed-over-rev26/signature-typed-high-baked.pdf``). ``lying``: glyphs
    drawn for some characters instead of their own, the text layer reading the
    characters (:func:`_lying_helvetica`)."""
    release = dataclasses.replace(
        UNSIGNED,
        consent=Consent.ACCEPT,
        sign_date=None if field == "sign_date" else SEED_RELEASES[0].sign_date,
        signature=SIGNATURE if field != "signature" else None,
    )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(fill(release, flatten=True))))
    page, (left, bottom, _, _) = box_of(field)
    target = writer.pages[page]
    stream = DecodedStreamObject()
    stream.set_data(
        f"q BT 0 0 0 rg /TypedHelv {size:g} Tf {left + 2:.2f} {bottom + rise:.2f} Td "
        f"({_escaped(text)}) Tj ET Q".encode()
    )
    fonts = target["/Resources"].get_object()["/Font"].get_object()  # type: ignore[index]
    font = _lying_helvetica(writer, lying) if lying else helvetica()
    fonts[NameObject("/TypedHelv")] = writer._add_object(font)
    contents = target.raw_get("/Contents")
    parts = contents.get_object()
    parts = list(parts) if isinstance(parts, ArrayObject) else [contents]
    target[NameObject("/Contents")] = ArrayObject([*parts, writer._add_object(stream)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
