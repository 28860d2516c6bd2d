"""A release printed again to PDF: the printer's new subset of DejaVu Sans proved by outlines.

Ghostscript and pdftocairo embed the value font again, other bytes, other glyph ids. Its
glyphs are proved to be DejaVu Sans's own outlines of what the text layer reads
(pdf/outlineproof.py), so no value box is read by OCR. Any change to what a glyph draws
(outlines swapped, emptied, moved, scaled, hinted, another glyph reached through a map,
a glyph with ink that nothing reads) leaves the font unproved, made as an incremental
update and as a file re-saved whole.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._g_l_y_f import Glyph
from fontTools.ttLib.tables.ttProgram import Program
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    StreamObject,
)

from pubrelease import Release, Status, fill, parse
from pubrelease.pdf.pagefonts import check_fonts
from pubrelease.pdf.rendering import Glyph as PageGlyph
from pubrelease.pdf.tounicode import parse_to_unicode

from . import attacks as A
from . import returns as R

Printer = str
FontEdit = Callable[[TTFont, dict[str, int]], None]
"""Changes a program in place; given it and the glyph id of each character read."""


ACCENTED = Release.create(
    **{**A.RELEASE.values(), "speaker_name": "Zoë Łukasiewicz", "signature": "Zoë Łukasiewicz"}
)
"""A name whose "ë" DejaVu Sans makes of two glyphs ("e" and the dieresis)."""


@functools.cache
def printed(printer: Printer, release: Release = A.RELEASE) -> bytes:
    """Our issued release printed again by ``printer`` (``gs`` or ``pdftocairo``)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "issued.pdf"
        source.write_bytes(fill(release, today=dt.date(2020, 7, 1)))
        out = R.flatten_with(printer, source, Path(folder) / "printed.pdf")  # type: ignore[arg-type]
        return out.read_bytes()


def _dejavu(data: bytes) -> list[bool]:
    """For each font of the file named like DejaVu Sans, whether it is proved."""
    fonts = check_fonts(PdfReader(io.BytesIO(data)), max_pages=4)
    return [c.draws_reference for n, cs in fonts.by_name.items() if "DejaVuSans" in n for c in cs]


@pytest.mark.parametrize("printer", ["gs", "pdftocairo"])
def test_a_printed_release_is_valid_with_few_boxes_read(
    printer: Printer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither print needs OCR. pdftocairo sets a line of the wording in one text object
    (in its own Nimbus Sans, which nothing proves) whose box runs through the effective
    date's box: none of its glyphs is there (.pdf.objectchars), so the box is vouched for
    (it was read by OCR before)."""
    from pubrelease.reading import valueboxes
    from pubrelease.reading.ocr import engine

    def never(*args: object, **kwargs: object) -> object:
        raise AssertionError("our drawing was made for a value box")

    read = []
    box = engine.read_box

    def counted(*args: object, **kwargs: object) -> object:
        read.append(args)
        return box(*args, **kwargs)  # type: ignore[arg-type]

    data = printed(printer)
    assert _dejavu(data) and all(_dejavu(data)), "the printer's DejaVu Sans is proved"
    monkeypatch.setattr(valueboxes, "expected_drawing", never)
    monkeypatch.setattr(engine, "read_box", counted)
    record = parse(data, today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == A.RELEASE.speaker_name
    assert not read, len(read)


# -- the attacks: the program changed ----------------------------------------------------------


def _swap(a: str, b: str) -> FontEdit:
    def edit(font: TTFont, gids: dict[str, int]) -> None:
        order, glyf = font.getGlyphOrder(), font["glyf"]
        x, y = order[gids[a]], order[gids[b]]
        glyf[x], glyf[y] = glyf[y], glyf[x]

    return edit


def _emptied(char: str) -> FontEdit:
    def edit(font: TTFont, gids: dict[str, int]) -> None:
        font["glyf"][font.getGlyphOrder()[gids[char]]] = Glyph()

    return edit


def _moved(char: str, units: int, *, up: bool = False) -> FontEdit:
    def edit(font: TTFont, gids: dict[str, int]) -> None:
        name = font.getGlyphOrder()[gids[char]]
        glyph = font["glyf"][name]
        glyph.coordinates.translate((0, units) if up else (units, 0))
        glyph.recalcBounds(font["glyf"])
        # (a rasteriser starts a glyph at its side bearing: that moves with it, or the
        # glyph is drawn where it was)
        advance, _ = font["hmtx"][name]
        font["hmtx"][name] = (advance, glyph.xMin)

    return edit


def _scaled(font: TTFont, gids: dict[str, int]) -> None:
    font["head"].unitsPerEm = font["head"].unitsPerEm // 2  # every glyph drawn twice as large


def _hinted(font: TTFont, gids: dict[str, int]) -> None:
    table = newTable("fpgm")
    table.program = Program()
    table.program.fromBytecode(b"\xb0\x00")  # PUSHB[0] 0
    font["fpgm"] = table


def _instructed(char: str) -> FontEdit:
    def edit(font: TTFont, gids: dict[str, int]) -> None:
        glyph = font["glyf"][font.getGlyphOrder()[gids[char]]]
        glyph.program = Program()
        glyph.program.fromBytecode(b"\xb0\x00\x21")  # PUSHB[0] 0, POP

    return edit


def _unread_glyph(font: TTFont, gids: dict[str, int]) -> None:
    """A glyph no code is read as draws a letter (an "X" added in an unused slot)."""
    order, glyf = font.getGlyphOrder(), font["glyf"]
    used = set(gids.values())
    spare = next(
        i for i in range(1, len(order)) if i not in used and not glyf[order[i]].numberOfContours
    )
    glyf[order[spare]] = glyf[order[gids["B"]]]


EDITS: dict[str, FontEdit] = {
    "outlines-swapped": _swap("o", "a"),
    "glyph-emptied": _emptied("H"),
    "glyph-raised": _moved(",", 700, up=True),  # a comma raised: a closing quote
    "glyph-moved-along": _moved("n", -250),  # toward the "r" before it: "rn" shows "m"
    "units-per-em": _scaled,
    "hinting-program": _hinted,
    "glyph-instructions": _instructed("n"),
    "unread-glyph-with-ink": _unread_glyph,
}


def _programs(writer: PdfWriter) -> list[tuple[DictionaryObject, StreamObject, DictionaryObject]]:
    """(font, program stream, ToUnicode holder) of each Type 0 DejaVu Sans of the pages."""
    out, seen = [], set()
    for page in writer.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if "DejaVuSans" not in str(font["/BaseFont"]) or font["/Subtype"] != "/Type0":
                continue
            if id(font) in seen:
                continue
            seen.add(id(font))
            kid = font["/DescendantFonts"][0].get_object()
            stream = kid["/FontDescriptor"].get_object()["/FontFile2"].get_object()
            out.append((font, stream, kid))
    return out


def edit_program(font: DictionaryObject, stream: StreamObject, change: FontEdit) -> None:
    """``change`` made to the program ``stream`` holds, of an Identity Type 0 ``font``."""
    read = parse_to_unicode(font["/ToUnicode"].get_object().get_data())
    gids = {text: code for code, text in read.items()}  # Identity: the code is the id
    program = TTFont(io.BytesIO(stream.get_data()))
    change(program, gids)
    out = io.BytesIO()
    program.save(out)
    stream.set_data(out.getvalue())


def _program_edit(change: FontEdit) -> A.Edit:
    def edit(writer: PdfWriter) -> None:
        for font, stream, _ in _programs(writer):
            edit_program(font, stream, change)

    return edit


def _remapped(writer: PdfWriter) -> None:
    """A ``/CIDToGIDMap`` that sends the code read as "o" to the glyph of "a"."""
    for font, _, kid in _programs(writer):
        read = parse_to_unicode(font["/ToUnicode"].get_object().get_data())
        codes = {text: code for code, text in read.items()}
        table = bytearray()
        for cid in range(max(read) + 1):
            gid = codes["a"] if cid == codes["o"] else cid
            table += gid.to_bytes(2, "big")
        mapping = DecodedStreamObject()
        mapping.set_data(bytes(table))
        kid[NameObject("/CIDToGIDMap")] = writer._add_object(mapping)


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("attack", [*EDITS, "cid-to-gid-map"])
def test_a_changed_printed_font_is_not_proved(attack: str, save: A.Save) -> None:
    edit = _remapped if attack == "cid-to-gid-map" else _program_edit(EDITS[attack])
    data = A.apply(printed("gs"), edit, save)
    assert _dejavu(data) and not any(_dejavu(data)), attack


def test_a_glyph_a_unit_off_is_still_the_outline() -> None:
    """Ghostscript moves some glyphs by a unit of 2048 (to start them at their side
    bearing)."""
    data = A.apply(printed("gs"), _program_edit(_moved("g", 1)), A.Save.RESAVED)
    assert all(_dejavu(data))


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_swapped_words_in_a_printed_font_are_read(save: A.Save) -> None:
    """The name shows "Bahyung Hon" where it reads "Bohyung Han": the boxes are read
    again (by OCR and against our drawing), and the record is not valid."""
    data = A.apply(printed("gs"), _program_edit(_swap("o", "a")), save)
    record = parse(data, today=A.TODAY)
    assert record.status is not Status.VALID, record.findings


def _unread_piece_mapped(writer: PdfWriter) -> None:
    """A ``/CIDToGIDMap`` that keeps every code's glyph and sends CID 0, which the map
    reads as nothing, to the dieresis the print's "ë" is made of, drawn over the "Z":
    every viewer shows "Z̈oë", every text layer reads "Zoë" (a review, session 69)."""
    for font, stream, kid in _programs(writer):
        read = parse_to_unicode(font["/ToUnicode"].get_object().get_data())
        program = TTFont(io.BytesIO(stream.get_data()))
        order, glyf = program.getGlyphOrder(), program["glyf"]
        piece = next(
            gid
            for gid in range(1, len(order))
            if gid not in read and glyf[order[gid]].numberOfContours
        )
        table = bytearray()
        for cid in range(max(read) + 1):
            table += (piece if cid == 0 else cid if cid in read else 0).to_bytes(2, "big")
        mapping = DecodedStreamObject()
        mapping.set_data(bytes(table))
        kid[NameObject("/CIDToGIDMap")] = writer._add_object(mapping)


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_code_read_as_nothing_mapped_to_a_piece_is_not_proved(save: A.Save) -> None:
    """A glyph no text is read as may be a piece of one that is (the dieresis of an
    "ë"), where the identity reaches it by a code of its own; a map sending a code
    that is read as nothing to it draws a mark the text layer does not have. The same
    map without that code is proved."""
    source = printed("gs", ACCENTED)
    assert all(_dejavu(source))
    data = A.apply(source, _unread_piece_mapped, save)
    assert _dejavu(data) and not any(_dejavu(data))


def _read_codes_mapped(writer: PdfWriter) -> None:
    """The identity written as a table, for the codes read only."""
    for font, _, kid in _programs(writer):
        read = parse_to_unicode(font["/ToUnicode"].get_object().get_data())
        table = b"".join((c if c in read else 0).to_bytes(2, "big") for c in range(max(read) + 1))
        mapping = DecodedStreamObject()
        mapping.set_data(table)
        kid[NameObject("/CIDToGIDMap")] = writer._add_object(mapping)


def test_a_table_of_the_codes_read_is_proved() -> None:
    data = A.apply(printed("gs", ACCENTED), _read_codes_mapped, A.Save.RESAVED)
    assert _dejavu(data) and all(_dejavu(data))


# -- the simple TrueType font pdftocairo writes ------------------------------------------------


def _simple_fonts(writer: PdfWriter) -> list[DictionaryObject]:
    out: dict[int, DictionaryObject] = {}
    for page in writer.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if "DejaVuSans" in str(font["/BaseFont"]) and font["/Subtype"] == "/TrueType":
                out[id(font)] = font
    return list(out.values())


def _mac_cmap(mapped: Callable[[dict[int, str]], dict[int, str]], *, alone: bool) -> A.Edit:
    """A (1,0) cmap of ``mapped(the (3,1) one)`` in the simple font's program: beside the
    (3,1) one, or ``alone``."""
    from fontTools.ttLib.tables._c_m_a_p import cmap_format_6

    def edit(writer: PdfWriter) -> None:
        for font in _simple_fonts(writer):
            stream = font["/FontDescriptor"].get_object()["/FontFile2"].get_object()
            program = TTFont(io.BytesIO(stream.get_data()))
            mac = cmap_format_6(6)
            mac.platformID, mac.platEncID, mac.language = 1, 0, 0
            mac.cmap = mapped(program["cmap"].getcmap(3, 1).cmap)
            program["cmap"].tables = [mac] if alone else [*program["cmap"].tables, mac]
            out = io.BytesIO()
            program.save(out)
            stream.set_data(out.getvalue())

    return edit


def _o_drawn_a(unicode: dict[int, str]) -> dict[int, str]:
    """The codes as the (3,1) map has them, but "o"'s sent to the glyph of "a" (a viewer
    that takes this map draws "a")."""
    return {**{c: unicode[c] for c in range(256) if c in unicode}, ord("o"): unicode[ord("a")]}


def _differences(writer: PdfWriter) -> None:
    from pypdf.generic import ArrayObject, NumberObject

    for font in _simple_fonts(writer):
        font[NameObject("/Encoding")] = DictionaryObject(
            {
                NameObject("/BaseEncoding"): NameObject("/WinAnsiEncoding"),
                NameObject("/Differences"): ArrayObject([NumberObject(111), NameObject("/a")]),
            }
        )


def test_pdftocairo_writes_a_simple_font_that_is_proved() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(printed("pdftocairo"))))
    assert _simple_fonts(writer), "pdftocairo draws Latin values in a simple TrueType font"


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize(
    "edit", [_mac_cmap(_o_drawn_a, alone=False), _differences], ids=["mac-cmap", "differences"]
)
def test_a_changed_simple_font_is_not_proved(edit: A.Edit, save: A.Save) -> None:
    data = A.apply(printed("pdftocairo"), edit, save)
    reader = PdfReader(io.BytesIO(data))
    names = {str(f["/BaseFont"]).lstrip("/") for f in _simple_fonts(PdfWriter(clone_from=reader))}
    fonts = check_fonts(reader, max_pages=4)
    assert names and not any(c.draws_reference for n in names for c in fonts.by_name[n])


def _component(name: str) -> FontEdit:
    """The "ë" made of "e" and the glyph of ``name`` in place of the dieresis."""

    def edit(font: TTFont, gids: dict[str, int]) -> None:
        order, glyf = font.getGlyphOrder(), font["glyf"]
        glyph = glyf[order[gids["ë"]]]
        piece = next(c for c in glyph.components if c.glyphName != order[gids["e"]])
        piece.glyphName = order[gids[name]]

    return edit


def _reshaped_piece(font: TTFont, gids: dict[str, int]) -> None:
    """The dieresis (read as nothing: a piece of "ë") drawn as an "o": the "ë" changes
    with it."""
    order, glyf = font.getGlyphOrder(), font["glyf"]
    glyph = glyf[order[gids["ë"]]]
    piece = next(c.glyphName for c in glyph.components if c.glyphName != order[gids["e"]])
    glyf[piece] = glyf[order[gids["o"]]]


@pytest.mark.parametrize("printer", ["gs", "pdftocairo"])
def test_a_printed_accented_name_is_proved(printer: Printer) -> None:
    """The printer keeps the dieresis an "ë" is made of under its own id, read as
    nothing: a piece of a glyph that is read, it is no glyph of its own."""
    data = printed(printer, ACCENTED)
    assert _dejavu(data) and all(_dejavu(data))
    assert parse(data, today=A.TODAY).status is Status.VALID


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize(
    "edit", [_component("o"), _reshaped_piece], ids=["component-swapped", "piece-reshaped"]
)
def test_a_changed_accent_is_not_proved(edit: FontEdit, save: A.Save) -> None:
    data = A.apply(printed("gs", ACCENTED), _program_edit(edit), save)
    assert _dejavu(data) and not any(_dejavu(data))


# -- what readers may read otherwise than we do ------------------------------------------------


def _with_doubled(data: bytes, tag: bytes) -> bytes:
    count = int.from_bytes(data[4:6], "big")
    records = [data[12 + 16 * i : 28 + 16 * i] for i in range(count)]
    twin = next(r for r in records if r[:4] == tag)
    head = data[:4] + (count + 1).to_bytes(2, "big") + data[6:12]
    body = data[12 + 16 * count :]
    shift = 16  # every table moves down by the added record
    moved = [
        r[:8] + (int.from_bytes(r[8:12], "big") + shift).to_bytes(4, "big") + r[12:]
        for r in [twin, *records]
    ]
    return head + b"".join(moved) + body


@pytest.mark.parametrize("tag", [b"glyf", b"hmtx", b"head"])
def test_a_program_with_a_table_twice_is_not_proved(tag: bytes) -> None:
    def edit(writer: PdfWriter) -> None:
        for _, stream, _ in _programs(writer):
            stream.set_data(_with_doubled(stream.get_data(), tag))

    data = A.apply(printed("gs"), edit, A.Save.RESAVED)
    assert _dejavu(data) and not any(_dejavu(data))


@pytest.mark.parametrize("how", ["comment", "twice", "usecmap"])
def test_a_map_readers_may_read_otherwise_is_not_proved(how: str) -> None:
    """A ``%`` comment (a regex reads what PDFium skips), a code given twice (readers
    keep the first or the last), another CMap used: the proof's reading of the map may
    not be the text layer's."""

    def edit(writer: PdfWriter) -> None:
        for font, _, _ in _programs(writer):
            stream = font["/ToUnicode"].get_object()
            data = stream.get_data()
            # (an entry the map already has, said again: the same reading for us, so
            # only the rule can refuse it)
            entry = re.search(rb"<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>", data.split(b"beginbf")[1])
            assert entry is not None
            extra = {
                "comment": b"\n% 1 beginbfchar " + entry.group() + b" endbfchar\n",
                "twice": b"\n1 beginbfchar\n" + entry.group() + b"\nendbfchar\n",
                "usecmap": b"\n/Adobe-Identity-UCS usecmap\n",
            }[how]
            stream.set_data(data.replace(b"endcmap", extra + b"endcmap", 1))

    data = A.apply(printed("gs"), edit, A.Save.RESAVED)
    assert _dejavu(data) and not any(_dejavu(data))


def test_a_mac_map_is_read_by_the_character_s_mac_code() -> None:
    """A viewer drawing a simple TrueType font through its (1,0) cmap looks a WinAnsi
    code up by its character's Mac Roman code ("ë" is 0x91 there)."""
    mac = "ë".encode("mac_roman")[0]
    # (every code as itself too, so that a reader of raw codes alone finds each right)
    edit = _mac_cmap(
        lambda u: {**_o_drawn_a(u), ord("o"): u[ord("o")], mac: u[ord("o")]}, alone=True
    )
    data = A.apply(printed("pdftocairo", ACCENTED), edit, A.Save.RESAVED)
    reader = PdfReader(io.BytesIO(data))
    names = {str(f["/BaseFont"]).lstrip("/") for f in _simple_fonts(PdfWriter(clone_from=reader))}
    fonts = check_fonts(reader, max_pages=4)
    assert names and not any(c.draws_reference for n in names for c in fonts.by_name[n])


# -- a copy of the font with a few glyphs changed: for a person, whatever OCR reads --------------


def _misread(old: str, new: str) -> A.Edit:
    """The code drawing ``old`` read as ``new``; the map is written anew, plainly."""

    def edit(writer: PdfWriter) -> None:
        for font, _, _ in _programs(writer):
            _rewrite(font, old, new)

    return edit


def _rewrite(font: DictionaryObject, old: str, new: str) -> None:
    stream = font["/ToUnicode"].get_object()
    read = parse_to_unicode(stream.get_data())
    read = {code: new if text == old else text for code, text in read.items()}
    pairs = "".join(
        f"<{code:04X}> <{''.join(f'{ord(c):04X}' for c in text)}>\n"
        for code, text in sorted(read.items())
    )
    stream.set_data(
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        b"/CMapName /Misread def\n/CMapType 2 def\n"
        b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + f"{len(read)} beginbfchar\n{pairs}endbfchar\n".encode()
        + b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("attack", ["glyph-emptied", "misread"])
def test_a_font_with_a_glyph_changed_is_for_a_person(attack: str, save: A.Save) -> None:
    """The font is DejaVu Sans but for one glyph ("Łukasiewicz" shows "Łu asiewicz", or
    reads "Łuxasiewicz"): the boxes it draws in are left to a person, naming what it
    draws otherwise, where OCR, whose tolerance of one letter in a long name lets it
    pass, finds nothing."""
    edit = _misread("k", "x") if attack == "misread" else _program_edit(_emptied("k"))
    data = A.apply(printed("gs", ACCENTED), edit, save)
    record = parse(data, today=A.TODAY)
    assert record.status is not Status.VALID, record.findings
    letter = "'x'" if attack == "misread" else "'k'"
    named = [f for f in record.findings if f"draws {letter} with other glyphs" in f.message]
    assert named or save is A.Save.INCREMENTAL, record.findings


def test_a_text_some_code_draws_rightly_is_not_claimed() -> None:
    """Ghostscript's print of its own print reads the boxes ☐ ☒ as "6": the digit's own
    code draws a "6", so a box reading "6" may well show one. The font is not proved
    (its boxes are read again), but no "6" is claimed drawn otherwise."""
    data = A.apply(printed("gs"), _misread("☐", "a"), A.Save.RESAVED)
    fonts = check_fonts(PdfReader(io.BytesIO(data)), max_pages=4)
    checks = [c for n, cs in fonts.by_name.items() if "DejaVuSans" in n for c in cs]
    assert checks and not any(c.draws_reference for c in checks)
    assert not any("a" in c.misdrawn for c in checks)


# -- where the glyphs stand ----------------------------------------------------------------------


def _pair(first: str, second: str, closer: float) -> list[PageGlyph]:
    """Two glyphs of DejaVu Sans at 10 pt, set as the font sets them, the second moved
    ``closer`` em toward the first."""
    from pubrelease.pdf.outlineproof import pair_gap

    found = pair_gap("DejaVuSans", first, second)
    assert found is not None
    apart, wide_a, wide_b = found
    em = 10.0
    right_a = 100.0 + wide_a * em
    left_b = right_a + (apart - closer) * em
    return [
        PageGlyph(first, (100.0, 700.0, right_a, 707.0), False, False),
        PageGlyph(second, (left_b, 700.0, left_b + wide_b * em, 705.0), False, False),
    ]


@pytest.mark.parametrize(
    ("closer", "apart"), [(0.0, True), (-0.2, True), (0.03, True), (0.1, False), (0.2, False)]
)
def test_an_n_moved_onto_the_r_before_it_is_not_set_apart(closer: float, apart: bool) -> None:
    """ "rn" with the "n" a tenth of an em nearer shows "m" (the reviewer's "Kern Byrne"
    printed by Ghostscript with its TJ kerning changed, read as "Kem Byme" by OCR); set
    as the font sets it, or wider, it is "rn"."""
    from pubrelease.reading.glyphspacing import set_apart

    assert set_apart(_pair("r", "n", closer), "RRSFTT+DejaVuSans") is apart


@pytest.mark.parametrize(
    ("paint", "filled"),
    [("fill", True), ("fill-and-stroke", False), ("stroke", False), ("half-alpha", False)],
)
def test_text_filled_plainly_is_told_from_stroked_or_seen_through(paint: str, filled: bool) -> None:
    """A stroke thickens a glyph ("rn" drawn 0.9 pt bold shows "m": reviewer rev19d's
    "Kern Byrne" printed by Ghostscript, read valid), a soft mask or an alpha takes part
    of one away: a box in a font proved by its outlines is vouched for only where its text
    is filled plainly (pdf/pageobjects.PageObject.filled)."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    from pubrelease.pdf.pageobjects import page_objects

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(200, 100))
    text = page.beginText(20, 50)
    text.setFont("Helvetica", 12)
    if paint == "half-alpha":
        page.setFillAlpha(0.5)
    text.setTextRenderMode({"fill-and-stroke": 2, "stroke": 1}.get(paint, 0))
    text.textLine("Kern Byrne")
    page.drawText(text)
    page.save()
    document = pdfium.PdfDocument(out.getvalue())
    found = [o for o in page_objects(document[0]) if o.font is not None]
    assert found and all(o.filled is filled for o in found)
