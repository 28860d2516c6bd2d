"""Fonts are checked once per process for the same bytes (pdf/objdigest.py), and a font
whose bytes changed is checked again: the cache never hides a lie."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

from pubrelease.pdf import pagefonts
from pubrelease.pdf.objdigest import digest
from pubrelease.pdf.pagefonts import check_fonts
from pubrelease.reading.shownwords import font_map_findings

from . import attacks as A


def _value_font(reader: PdfReader) -> IndirectObject:
    for page in reader.pages:
        for _, ref in pagefonts._page_fonts(page, [99]):
            if isinstance(ref, IndirectObject) and ref.get_object().get("/Subtype") == "/Type0":
                return ref
    raise AssertionError("no Type0 font")


def _swap_b_and_o(writer: PdfWriter) -> None:
    """Our font's ToUnicode map, changed in place: the glyph of B reads "o" and the
    glyph of o reads "B" (same objects, same numbers)."""
    font = _value_font(writer)  # type: ignore[arg-type]
    stream = font.get_object()["/ToUnicode"].get_object()
    data = stream.get_data()
    assert b"<0042>" in data and b"<006F>" in data
    stream.set_data(
        data.replace(b"<0042>", b"<XXXX>")
        .replace(b"<006F>", b"<0042>")
        .replace(b"<XXXX>", b"<006F>")
    )


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_map_changed_in_place_is_checked_again(save: A.Save) -> None:
    honest = A.issued(flatten=True)
    assert check_fonts(PdfReader(io.BytesIO(honest)), max_pages=4).lies == []
    assert check_fonts(PdfReader(io.BytesIO(honest)), max_pages=4).lies == []  # remembered
    lying = A.apply(honest, _swap_b_and_o, save)
    lies = check_fonts(PdfReader(io.BytesIO(lying)), max_pages=4).lies
    assert lies and ("B", "o") in lies[0].swaps and ("o", "B") in lies[0].swaps, lies


def _rewritten(data: bytes, *, blank_first: bool) -> bytes:
    """``data`` written again by pypdf, after a blank page or not (renumbered)."""
    writer = PdfWriter()
    if blank_first:
        for _ in range(7):
            writer.add_blank_page(10, 10)
    writer.append(PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_same_font_has_one_digest_whatever_its_object_numbers() -> None:
    honest = A.issued(flatten=True)
    one = _value_font(PdfReader(io.BytesIO(_rewritten(honest, blank_first=False))))
    other = _value_font(PdfReader(io.BytesIO(_rewritten(honest, blank_first=True))))
    assert one.idnum != other.idnum
    assert digest(one) is not None and digest(one) == digest(other)
    lying = A.apply(honest, _swap_b_and_o, A.Save.INCREMENTAL)
    changed = _value_font(PdfReader(io.BytesIO(_rewritten(lying, blank_first=False))))
    assert digest(changed) != digest(one)


def test_a_font_checked_once_is_not_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    honest = A.issued(flatten=True)
    check_fonts(PdfReader(io.BytesIO(honest)), max_pages=4)

    def parsed(*args: object) -> object:
        raise AssertionError("a remembered font was checked again")

    monkeypatch.setattr(pagefonts, "check_font", parsed)
    assert check_fonts(PdfReader(io.BytesIO(honest)), max_pages=4).lies == []


def _type0(encoding: str, to_unicode: bytes) -> DictionaryObject:
    """A Type 0 font on our own program (DejaVu, glyph ids as CIDs) with this map."""
    from pubrelease.form.registry import load_form

    program = DecodedStreamObject()
    program.set_data(load_form().value_font.program)
    cmap = DecodedStreamObject()
    cmap.set_data(to_unicode)
    descendant = DictionaryObject(
        {
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/FontDescriptor"): DictionaryObject({NameObject("/FontFile2"): program}),
        }
    )
    return DictionaryObject(
        {
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/Encoding"): NameObject(encoding),
            NameObject("/DescendantFonts"): ArrayObject([descendant]),
            NameObject("/ToUnicode"): cmap,
        }
    )


def test_a_map_of_stops_over_glyphs_the_font_does_not_name_is_not_vouched_for() -> None:
    """Our own program under a CMap whose glyphs the check cannot tell, its map reading
    only stops: nothing a lie can be found in, and nothing vouched for either."""
    from pubrelease.pdf.tounicode import check_font

    stops = b"1 beginbfchar <0030> <002E> endbfchar"
    other = check_font(_type0("/UniGB-UCS2-H", stops))
    assert not other.swaps and not other.reads_as_drawn
    identity = check_font(_type0("/Identity-H", stops))  # glyph 0x30 is a letter: a lie
    assert identity.swaps and not identity.reads_as_drawn


def _fast(data: bytes) -> tuple[pagefonts.PageFonts, bool]:
    """check_fonts with the fast reader, and whether pypdf had to open the file."""
    from pubrelease.reading.pdffile import open_pdf

    pdf = open_pdf(data)
    assert pdf.objects is not None, "the fast reader reads our files"
    opened: list[bool] = []

    def reader() -> PdfReader:
        opened.append(True)
        return pdf.reader

    return check_fonts(reader, max_pages=4, objects=pdf.objects), bool(opened)


def _facts(found: pagefonts.PageFonts) -> tuple[list[tuple[int, str, str, object]], object, bool]:
    checks = {
        name: sorted((c.swaps, c.draws_named_glyphs, c.reads_as_drawn, c.program or b"") for c in v)
        for name, v in found.by_name.items()
    }
    return [(lie.page, lie.name, lie.font, lie.swaps) for lie in found.lies], checks, found.complete


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_fonts_seen_before_are_known_without_pypdf(save: A.Save) -> None:
    """A second return of the same kind: the fast reader finds the same fonts, all
    checked before, and pypdf does not open the file; the answer is pypdf's."""
    first = A.apply(A.issued(), lambda w: None, save)
    _fast(first)
    again, opened = _fast(A.apply(A.issued(), lambda w: None, save))
    assert not opened
    assert _facts(again) == _facts(check_fonts(PdfReader(io.BytesIO(first)), max_pages=4))


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_map_changed_in_place_is_checked_again_by_the_fast_reader(save: A.Save) -> None:
    honest = A.issued(flatten=True)
    _fast(honest)
    _, opened = _fast(honest)
    assert not opened
    lying = A.apply(honest, _swap_b_and_o, save)
    found, opened = _fast(lying)
    assert not opened  # another font: checked with pypdf's parser, on the fast reader's objects
    assert found.lies and ("B", "o") in found.lies[0].swaps, found.lies
    _, opened = _fast(lying)
    assert not opened  # a font that lies is always read again (its lies named per page)


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("lying", [False, True], ids=["honest", "lying"])
def test_new_fonts_are_read_by_reference_without_walking_the_pages(
    save: A.Save, lying: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fonts the fast reader finds and nothing remembers are read by pypdf's parser through
    their references, where the fast reader found them (.pdf.nodereader: pypdf's reader
    not opened), no page walked again with pypdf: the answer, lies and all, is the one
    pypdf's own walk of the pages gives."""
    data = A.apply(A.issued(flatten=True), _swap_b_and_o if lying else lambda w: None, save)
    pagefonts._BY_NODES.clear()
    pagefonts._REMEMBERED.clear()
    walked = pagefonts._page_fonts
    with monkeypatch.context() as patched:

        def no_walk(*args: object) -> object:
            raise AssertionError("the pages were walked again with pypdf")

        patched.setattr(pagefonts, "_page_fonts", no_walk)
        found, opened = _fast(data)
    assert not opened and pagefonts._page_fonts is walked
    assert bool(found.lies) is lying
    pagefonts._BY_NODES.clear()
    pagefonts._REMEMBERED.clear()
    walked_found = check_fonts(PdfReader(io.BytesIO(data)), max_pages=4)
    # (each lie once per page and resource name: pypdf's walk meets some twice, through
    # two appearance streams' resources; the findings name each once a page)
    lies, checks, complete = _facts(found)
    walked_lies, walked_checks, walked_complete = _facts(walked_found)
    assert (sorted(set(lies)), checks, complete) == (
        sorted(set(walked_lies)),
        walked_checks,
        walked_complete,
    )
    assert font_map_findings(found.lies) == font_map_findings(walked_found.lies)


def _endobj_first(writer: PdfWriter) -> None:
    """Our font's dictionary with a string reading "endobj" before its other entries
    (its ``/ToUnicode`` among them)."""
    font = _value_font(writer).get_object()  # type: ignore[arg-type]
    entries = list(font.items())
    font.clear()
    font[NameObject("/X")] = TextStringObject("endobj")
    for key, value in entries:
        font[key] = value


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_an_endobj_inside_a_font_does_not_end_what_is_hashed(save: A.Save) -> None:
    """Hashed up to the first "endobj" in its bytes, a font whose dictionary holds one in
    a string would digest as any other alike up to there: a lying map checked as the
    honest one was."""
    honest = A.apply(A.issued(flatten=True), _endobj_first, save)
    assert check_fonts(PdfReader(io.BytesIO(honest)), max_pages=4).lies == []
    lying = A.apply(honest, _swap_b_and_o, save)
    one = _value_font(PdfReader(io.BytesIO(honest)))
    other = _value_font(PdfReader(io.BytesIO(lying)))
    assert digest(one) != digest(other)
    lies = check_fonts(PdfReader(io.BytesIO(lying)), max_pages=4).lies
    assert lies and ("B", "o") in lies[0].swaps, lies
