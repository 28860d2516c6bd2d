"""Fonts are checked once per process for the same bytes (pdf/objdigest.py), and a font
whose bytes changed is checked again: the cache never hides a lie."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import IndirectObject

from pubrelease.pdf import pagefonts
from pubrelease.pdf.objdigest import digest
from pubrelease.pdf.pagefonts import check_fonts

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
