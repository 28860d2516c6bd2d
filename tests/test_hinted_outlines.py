"""A value font embedded with its hinting (pdf-lib's fontkit subsets) proved by outlines.

pdf-lib fills a name outside WinAnsi in a font it is given, embedding a subset that keeps
the font's hinting: DejaVu Sans's ``fpgm``, ``prep`` and ``cvt`` and each glyph's
instructions, under a name of its own ("DejaVuSans-7098"). Hinting can move points as a
glyph is drawn, so such a subset was never proved, and every Greek or Cyrillic name
pdf-lib filled was read glyph by glyph and left to a person ("shown-text-unchecked").
It is proved now where its hinting is DejaVu Sans's own, byte for byte; any other
hinting (a glyph's instructions, a hinting program, the control values, ``maxp``'s room)
leaves it unproved, made as an incremental update and as a file re-saved whole.
"""

from __future__ import annotations

import functools
import io
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables.ttProgram import Program
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, StreamObject

from pubrelease import Release, Status, parse
from pubrelease.pdf.fonts import bundled_font
from pubrelease.pdf.pagefonts import check_fonts

from . import attacks as A
from . import returns as R
from .test_printed_outlines import FontEdit, edit_program

GREEK = Release.create(
    **{
        **A.RELEASE.values(),
        "speaker_name": "Αλέξανδρος Παπαδόπουλος",
        "signature": "Αλέξανδρος Παπαδόπουλος",
    }
)
CYRILLIC = Release.create(
    **{
        **A.RELEASE.values(),
        "speaker_name": "Дмитрий Шостакович",
        "signature": "Дмитрий Шостакович",
    }
)


@functools.cache
def filled(release: Release = GREEK) -> bytes:
    """``release`` filled by pdf-lib, its values in the bundled DejaVu Sans (a subset)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "pdflib.pdf"
        return R.fill_pdflib(release, out, font=bundled_font().path).read_bytes()


def _dejavu(data: bytes) -> list[bool]:
    """For each font of the file named like DejaVu Sans (the form's own and pdf-lib's),
    whether it is proved by its outlines."""
    fonts = check_fonts(PdfReader(io.BytesIO(data)), max_pages=4)
    return [c.draws_reference for n, cs in fonts.by_name.items() if "DejaVuSans-" in n for c in cs]


@pytest.mark.parametrize("release", [GREEK, CYRILLIC], ids=["greek", "cyrillic"])
def test_a_name_pdf_lib_filled_in_a_hinted_subset_is_valid(release: Release) -> None:
    data = filled(release)
    assert b"/fpgm" not in data  # (the tables are inside the program, not named in the file)
    assert _dejavu(data) and all(_dejavu(data)), "pdf-lib's DejaVu Sans is proved"
    record = parse(data, today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == release.speaker_name


# -- the attacks: the hinting changed ----------------------------------------------------------


def _programs(writer: PdfWriter) -> list[tuple[DictionaryObject, StreamObject]]:
    """(font, program stream) of each Type 0 DejaVu Sans pdf-lib drew a value with."""
    out, seen = [], set()
    for page in writer.pages:
        for annot in page.get("/Annots", ()):
            normal = annot.get_object().get("/AP", {}).get("/N")
            if normal is None or not isinstance(normal.get_object(), StreamObject):
                continue
            fonts = normal.get_object().get("/Resources", {}).get("/Font", {})
            for ref in fonts.values():
                font = ref.get_object()
                if "DejaVuSans-" not in str(font["/BaseFont"]) or id(font) in seen:
                    continue
                seen.add(id(font))
                kid = font["/DescendantFonts"][0].get_object()
                out.append((font, kid["/FontDescriptor"].get_object()["/FontFile2"].get_object()))
    return out


Programs = Callable[[PdfWriter], list[tuple[DictionaryObject, StreamObject]]]


def program_edit(change: FontEdit, found: Programs | None = None) -> A.Edit:
    """``change`` made to each program ``found`` (pdf-lib's DejaVu Sans, by default)."""

    def edit(writer: PdfWriter) -> None:
        programs = (found or _programs)(writer)
        assert programs
        for font, stream in programs:
            edit_program(font, stream, change)

    return edit


def _instructions_swapped(font: TTFont, gids: dict[str, int]) -> None:
    """A letter's glyph run with the instructions of another letter's (both DejaVu
    Sans's own, its outline untouched)."""
    glyf, order = font["glyf"], font.getGlyphOrder()

    def code(char: str) -> bytes:
        program = getattr(glyf[order[gids[char]]], "program", None)
        return bytes(program.getBytecode()) if program is not None else b""

    letters = [c for c in gids if c.isalpha() and code(c)]
    first = letters[0]
    other = next(c for c in letters if code(c) != code(first))
    glyph = glyf[order[gids[first]]]
    glyph.program = Program()
    glyph.program.fromBytecode(code(other))


def _table_changed(tag: str) -> FontEdit:
    def edit(font: TTFont, gids: dict[str, int]) -> None:
        if tag == "cvt ":
            font[tag].values[10] += 100  # a control value the instructions round to
        else:
            code = bytes(font[tag].program.getBytecode())
            font[tag].program = Program()
            font[tag].program.fromBytecode(code + b"\xb0\x00\x21")  # PUSHB[0] 0, POP

    return edit


def _table_dropped(tag: str) -> FontEdit:
    def edit(font: TTFont, gids: dict[str, int]) -> None:
        del font[tag]

    return edit


def _no_room(font: TTFont, gids: dict[str, int]) -> None:
    font["maxp"].maxStackElements = 0


EDITS: dict[str, FontEdit] = {
    "glyph-instructions": _instructions_swapped,
    "fpgm": _table_changed("fpgm"),
    "prep": _table_changed("prep"),
    "cvt": _table_changed("cvt "),
    "fpgm-dropped": _table_dropped("fpgm"),
    "maxp-room": _no_room,
}


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("attack", sorted(EDITS))
def test_other_hinting_is_not_proved(attack: str, save: A.Save) -> None:
    data = A.apply(filled(), program_edit(EDITS[attack]), save)
    assert _dejavu(data) and not all(_dejavu(data)), attack


def test_the_glyphs_instructions_dropped_are_the_outlines_as_they_are() -> None:
    """With no glyph instructed, the programs move no point: what is drawn is the outline,
    DejaVu Sans's (and a printer's copy drops both)."""

    def dropped(font: TTFont, gids: dict[str, int]) -> None:
        glyf = font["glyf"]
        for name in font.getGlyphOrder():
            glyph = glyf[name]
            if hasattr(glyph, "program"):
                glyph.program = Program()
                glyph.program.fromBytecode(b"")

    data = A.apply(filled(), program_edit(dropped), A.Save.RESAVED)
    assert _dejavu(data) and all(_dejavu(data))
