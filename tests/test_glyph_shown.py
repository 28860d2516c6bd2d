"""A print of a name in a script OCR does not read: its boxes checked glyph by glyph.

Ghostscript's and pdftocairo's prints move a value's glyphs a little from ``fill``'s
drawing, so a box is not ``fill``'s to the pixel; in a script OCR does not read, it was
left to a person (``shown-text-unchecked``): 389 of 763 honest prints of 109 names in
session 20's corpus. A box whose every glyph, filled and upright, is the glyph of a font
we ship that HarfBuzz lays the value read out in, where it sets it, shows that value
(reading/glyphtext.py ``shown_as_read``, reading/vouching.py). A glyph whose outline
changed, a glyph stroked, slanted or mirrored, a drawing over the letters, a text layer
naming another letter: the box is left to a person, as before; never valid.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    ContentStream,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
)

from pubrelease import Release, Status, fill, parse

from . import attacks as A
from . import returns as R

DEVANAGARI = "राजेश कुमार"
"""A name whose Ghostscript print names every character (no hole to read it from) and
whose boxes differ from fill's drawing: shown-text-unchecked before."""


def _release(name: str) -> Release:
    return dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)


@functools.cache
def printed(printer: str, name: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "issued.pdf"
        source.write_bytes(fill(_release(name), today=A.TODAY))
        out = R.flatten_with(printer, source, Path(folder) / "printed.pdf", strict=False)  # type: ignore[arg-type]
        return out.read_bytes()


@pytest.mark.parametrize(
    ("printer", "name"),
    [
        ("gs", DEVANAGARI),
        ("gs", "சுப்பிரமணிய பாரதி"),  # Tamil: a text layer with holes, read from the glyphs
        ("gs", "प्रिया शर्मा"),
        ("pdftocairo", "สมชาย ใจดี"),  # Thai: a space in a font of pdftocairo's own
    ],
)
def test_an_honest_print_shows_the_name_glyph_by_glyph(printer: str, name: str) -> None:
    record = parse(printed(printer, name), today=A.TODAY)
    assert (record.speaker_name, record.signature) == (name, name)
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]


def _name_fonts(writer: PdfWriter) -> list[tuple[NameObject, object]]:
    """(resource name, font) of each Devanagari font of the pages, each font once (the
    pages share one)."""
    out, seen = [], set()
    for page in writer.pages:
        for key, ref in page["/Resources"]["/Font"].items():
            font = ref.get_object()
            if "Devanagari" in str(font["/BaseFont"]) and id(font) not in seen:
                seen.add(id(font))
                out.append((NameObject(key), font))
    return out


def _name_keys(writer: PdfWriter) -> set[NameObject]:
    """The resource names of the Devanagari fonts on every page."""
    return {
        NameObject(key)
        for page in writer.pages
        for key, ref in page["/Resources"]["/Font"].items()
        if "Devanagari" in str(ref.get_object()["/BaseFont"])
    }


def _outlines_swapped(writer: PdfWriter) -> None:
    """The outlines of two glyphs of the name swapped in the embedded program (the
    text layer unchanged): the boxes draw other letters."""
    for _, font in _name_fonts(writer):
        kid = font["/DescendantFonts"][0].get_object()
        stream = kid["/FontDescriptor"].get_object()["/FontFile2"].get_object()
        program = TTFont(io.BytesIO(stream.get_data()))
        glyf, order = program["glyf"], program.getGlyphOrder()
        inked = [n for n in order if glyf[n].numberOfContours > 0]
        a, b = inked[1], inked[3]
        glyf[a], glyf[b] = glyf[b], glyf[a]
        out = io.BytesIO()
        program.save(out)
        stream.set_data(out.getvalue())


def _content_edit(
    change: Callable[[list[object], bytes, bool], list[tuple[list[object], bytes]]],
) -> A.Edit:
    """An edit of every page's content: ``change`` gives, for each operator (and whether
    the Devanagari font is the current one), the operators to write instead."""

    def edit(writer: PdfWriter) -> None:
        keys = _name_keys(writer)
        for page in writer.pages:
            content = ContentStream(page.get_contents(), writer)
            current = False
            out: list[tuple[list[object], bytes]] = []
            for operands, operator in content.operations:
                if operator == b"Tf":
                    current = operands[0] in keys
                out += change(operands, operator, current)
            content.operations = out
            page.replace_contents(content)

    return edit


def _stroked(
    operands: list[object], operator: bytes, current: bool
) -> list[tuple[list[object], bytes]]:
    """The name's glyphs filled and stroked with a wide pen (2 Tr, 0.7 w): bolder
    strokes may close a counter."""
    if current and operator in (b"Tj", b"TJ"):
        return [
            ([NumberObject(2)], b"Tr"),
            ([FloatObject(0.7)], b"w"),
            (operands, operator),
            ([NumberObject(0)], b"Tr"),
        ]
    return [(operands, operator)]


def _slanted_tm(writer: PdfWriter, a: float = 1.0, c: float = 0.3) -> None:
    """The name's text matrices slanted (``c``) or mirrored (``a`` -1): the glyphs stand
    where they stood, drawn otherwise."""
    keys = _name_keys(writer)
    for page in writer.pages:
        content = ContentStream(page.get_contents(), writer)
        ops = content.operations
        current = False
        for index, (operands, operator) in enumerate(ops):
            if operator == b"Tf":
                current = operands[0] in keys
            elif operator == b"Tm" and current and len(operands) == 6:
                ops[index] = (
                    ArrayObject(
                        [
                            FloatObject(a),
                            NumberObject(0),
                            FloatObject(c),
                            NumberObject(1),
                            *operands[4:],
                        ]
                    ),
                    operator,
                )
        content.operations = [(list(o), op) for o, op in ops]
        page.replace_contents(content)


def _covered(writer: PdfWriter) -> None:
    """A white square over the top of the first box's name: letters' headlines gone."""
    page = writer.pages[0]
    content = ContentStream(page.get_contents(), writer)
    content.operations += [
        ([], b"q"),
        ([NumberObject(1)], b"g"),
        ([NumberObject(72), NumberObject(664), NumberObject(60), NumberObject(4)], b"re"),
        ([], b"f"),
        ([], b"Q"),
    ]
    page.replace_contents(content)


def _first_code(writer: PdfWriter) -> tuple[NameObject, bytes]:
    """The Devanagari font's resource name on page 1 and the first code it shows."""
    page = writer.pages[0]
    keys = _name_keys(writer)
    current = None
    for operands, operator in ContentStream(page.get_contents(), writer).operations:
        if operator == b"Tf":
            current = operands[0] if operands[0] in keys else None
        elif current is not None and operator in (b"Tj", b"TJ"):
            items = operands[0] if operator == b"TJ" else operands
            for item in items:
                raw = getattr(item, "original_bytes", None)
                if raw:
                    return current, bytes(raw[:2])
    raise AssertionError("no Devanagari code on page 1")


def _in_a_form(writer: PdfWriter) -> None:
    """One more glyph of the name's font drawn through a form XObject over the first
    box's letters (the page's content shows the name as issued)."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject

    key, code = _first_code(writer)
    page = writer.pages[0]
    form = DecodedStreamObject()
    form.set_data(b"BT " + key.encode() + b" 10 Tf 150 660 Td <" + code.hex().encode() + b"> Tj ET")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [NumberObject(0), NumberObject(0), NumberObject(612), NumberObject(792)]
            ),
            NameObject("/Resources"): DictionaryObject(
                {NameObject("/Font"): page["/Resources"]["/Font"]}
            ),
        }
    )
    xobjects = page["/Resources"].get("/XObject")
    if xobjects is None:
        xobjects = page["/Resources"][NameObject("/XObject")] = DictionaryObject()
    xobjects = xobjects.get_object()
    xobjects[NameObject("/Added")] = writer._add_object(form)
    content = ContentStream(page.get_contents(), writer)
    content.operations += [([NameObject("/Added")], b"Do")]
    page.replace_contents(content)


def _dot_mapped_to_a_space(writer: PdfWriter) -> None:
    """A Helvetica period whose map names a space, drawn over the first box's letters."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject

    page = writer.pages[0]
    cmap = DecodedStreamObject()
    cmap.set_data(
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
        b"1 begincodespacerange <00> <FF> endcodespacerange "
        b"1 beginbfchar <2E> <0020> endbfchar endcmap CMapName currentdict /CMap "
        b"defineresource pop end end"
    )
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/ToUnicode"): writer._add_object(cmap),
        }
    )
    page["/Resources"]["/Font"].get_object()[NameObject("/Dot")] = writer._add_object(font)
    content = ContentStream(page.get_contents(), writer)
    content.operations += [
        ([], b"BT"),
        ([NameObject("/Dot"), NumberObject(14)], b"Tf"),
        ([NumberObject(150), NumberObject(667)], b"Td"),
        ([ByteStringObject(b".")], b"Tj"),
        ([], b"ET"),
    ]
    page.replace_contents(content)


ATTACKS: dict[str, A.Edit] = {
    "outlines-swapped": _outlines_swapped,
    "stroked": _content_edit(_stroked),
    "slanted": functools.partial(_slanted_tm, a=1.0, c=0.3),
    "mirrored": functools.partial(_slanted_tm, a=-1.0, c=0.0),
    "covered": _covered,
    "glyph-in-a-form": _in_a_form,
    "dot-mapped-to-a-space": _dot_mapped_to_a_space,
}


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_print_drawn_otherwise_is_not_valid(attack: str, save: A.Save, tmp_path: Path) -> None:
    data = A.apply(printed("gs", DEVANAGARI), ATTACKS[attack], save)
    assert data != printed("gs", DEVANAGARI)
    (tmp_path / f"{attack}.pdf").write_bytes(data)  # (kept to look at when it fails)
    record = parse(data, today=A.TODAY)
    assert record.status is not Status.VALID, (attack, record.speaker_name)


def test_a_text_layer_naming_other_letters_is_not_read_as_drawn() -> None:
    """A print whose text layer drops a sign its glyphs draw (Ghostscript's Thai
    'อภิสิทธิ เวชชาชีวะ' for 'อภิสิทธิ์ เวชชาชีวะ'): the value read is not what HarfBuzz
    lays out in those glyphs, the box is left to a person."""
    name = "อภิสิทธิ์ เวชชาชีวะ"
    record = parse(printed("gs", name), today=A.TODAY)
    if record.speaker_name != name:
        assert record.status is not Status.VALID


ATTACKED = Path(__file__).parent / "data" / "attacks-rev21b"


@pytest.mark.parametrize("file", ["far-ink.pdf", "form-dots.pdf"])
def test_glyphs_the_page_content_does_not_show_there_are_not_passed_over(file: str) -> None:
    """Review rev21b: a glyph whose ink stands far from its origin, glyphs drawn through
    a form XObject (an annotation alike): every glyph PDFium finds in the box must be
    one of those checked (cleardrawing.all_read), no text of a form may draw there."""
    record = parse((ATTACKED / file).read_bytes(), today=A.TODAY)
    assert record.speaker_name == "زياد حبيب"  # (what the text layer names)
    assert record.status is not Status.VALID, record.findings


CLIPPED_OR_TURNED = Path(__file__).parent / "data" / "attacks-rev21c"


@pytest.mark.parametrize("file", sorted(p.name for p in CLIPPED_OR_TURNED.glob("*.pdf")))
def test_a_letter_cut_turned_or_painted_white_is_not_valid(file: str) -> None:
    """Review rev21c: a clip with a hole that is no rectangle, a mark drawn at a negative
    font size, a mark painted white: the box is not checked glyph by glyph
    (cleardrawing.drawn_plainly: plain and dark text objects; showncodes: a size above
    0), and is left to a person or found changed."""
    record = parse((CLIPPED_OR_TURNED / file).read_bytes(), today=A.TODAY)
    assert record.status is not Status.VALID, record.findings


THAI = "สมชาย ใจดี"


Ops = list[tuple[list[object], bytes]]
PAINTS: dict[str, Callable[[object, float], Ops]] = {
    "white": lambda font, size: [([FloatObject(1)], b"g")],
    "light-grey": lambda font, size: [([FloatObject(0.9)], b"g")],
    "black-lightened": lambda font, size: [([NameObject("/Lighten")], b"gs")],  # nothing
    # (its advance shrinks with it: the letters close up, and a render of a pixel a point
    # does not judge a glyph under half a point)
    "shrunk": lambda font, size: [([font, FloatObject(size / 100)], b"Tf")],
}


def _thai_mark_painted(paint: str) -> A.Edit:
    """Every last glyph of a ``TJ`` of Ghostscript's Thai font that draws the vowel sign
    ี (its code found in the font's ``/ToUnicode``) drawn on its own, painted or set as
    :data:`PAINTS` says: the text layer still reads it; on paper, the name shows
    'สมชาย ใจด'."""

    def edit(writer: PdfWriter) -> None:
        changed = 0
        for page in writer.pages:
            resources = page["/Resources"]
            states = resources.setdefault(NameObject("/ExtGState"), DictionaryObject())
            states.get_object()[NameObject("/Lighten")] = DictionaryObject(
                {NameObject("/BM"): NameObject("/Lighten")}
            )
            codes = {}
            for key, ref in resources["/Font"].items():
                font = ref.get_object()
                if "Thai" in str(font["/BaseFont"]):
                    cmap = font["/ToUnicode"].get_object().get_data()
                    found = re.search(rb"<([0-9a-fA-F]{4})><[0-9a-fA-F]{4}><0[eE]35>", cmap)
                    assert found, cmap
                    codes[NameObject(key)] = bytes.fromhex(found[1].decode())
            content = ContentStream(page.get_contents(), writer)
            out: list[tuple[list[object], bytes]] = []
            code = font = None
            size = 0.0
            for operands, operator in content.operations:
                if operator == b"Tf":
                    font, size = operands[0], float(operands[1])  # type: ignore[arg-type]
                    code = codes.get(font)  # type: ignore[call-overload]
                shown = operands[0] if operator == b"TJ" else None
                if code and isinstance(shown, list) and shown:
                    last = shown[-1]
                    if getattr(last, "original_bytes", None) == code:
                        out += [
                            ([ArrayObject(shown[:-1])], b"TJ"),
                            ([], b"q"),
                            *PAINTS[paint](font, size),
                            ([last], b"Tj"),
                            ([], b"Q"),
                        ]
                        changed += 1
                        continue
                out.append((operands, operator))
            content.operations = out
            page.replace_contents(content)
        assert changed, "no vowel sign drawn last in a TJ"

    return edit


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("paint", sorted(PAINTS))
def test_a_mark_painted_white_over_its_letter_is_not_valid(paint: str, save: A.Save) -> None:
    """Review rev21c (c15): Ghostscript's print of a Thai name whose vowel sign ี is
    painted white (or light grey, or black in the blend mode Lighten) over the top of
    its letter. At a pixel a point the sign shares its rows with the letter's top, so
    the render's contrast there is the letter's and hidden-text passed it; the box was
    vouched for by the font's proved outlines and the name read valid. Text painted so
    it does not show on white paper (pageobjects.PageObject.shows) vouches for nothing;
    nor does text set at a speck's size among the others (review rev22: the sign at a
    hundredth of its size read valid; vouching._box_vouched)."""
    honest = printed("gs", THAI)
    assert parse(honest, today=A.TODAY).status is Status.VALID
    record = parse(A.apply(honest, _thai_mark_painted(paint), save), today=A.TODAY)
    assert record.speaker_name == THAI  # (what the text layer reads)
    assert record.status is not Status.VALID, record.findings


def test_a_cid_to_gid_map_of_an_odd_length_is_not_read() -> None:
    """Review rev21c: the last byte of an odd-length /CIDToGIDMap was read as a glyph id
    where PDFium draws nothing and poppler draws the glyph of the CID itself."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject

    from pubrelease.pdf.fontcodes import type0_program
    from pubrelease.pdf.fonts import bundled_font

    def font(table: bytes) -> DictionaryObject:
        program, mapping = DecodedStreamObject(), DecodedStreamObject()
        program.set_data(bundled_font().path.read_bytes())
        mapping.set_data(table)
        descriptor = DictionaryObject({NameObject("/FontFile2"): program})
        kid = DictionaryObject(
            {
                NameObject("/Subtype"): NameObject("/CIDFontType2"),
                NameObject("/FontDescriptor"): descriptor,
                NameObject("/CIDToGIDMap"): mapping,
            }
        )
        return DictionaryObject(
            {
                NameObject("/Subtype"): NameObject("/Type0"),
                NameObject("/Encoding"): NameObject("/Identity-H"),
                NameObject("/DescendantFonts"): ArrayObject([kid]),
            }
        )

    found = type0_program(font(b"\x00\x00\x00\x05"))
    assert found is not None and found[2] == b"\x00\x00\x00\x05"
    assert type0_program(font(b"\x00\x00\x05")) is None
