"""MuPDF's prints (``mutool draw -F pdf``) on the print path (``reading/provenprint.py``).

MuPDF draws the form's wording in its own copy of URW's fonts, the whole program, as a
Type 0 font over a name-keyed CFF (``standardclones.proved_cid_clone``: each code proved
by its glyph's name, width and outline), and re-embeds the whole of DejaVu Sans for
``fill``'s values and the boxes to tick, read for the codes drawn alone
(``outlineproof.proved_codes``). Its ``/ToUnicode`` map of URW's fonts reads every letter
beyond ASCII, and most marks of punctuation, as another ("Zoë Ødegård" as "ZoÑ
édegÌrd"): such a value is read from its proved glyphs and left to a person, quoting
what the text layer reads (``reading/printmaps.py``), where the general path reads the
text layer and guesses the glyphs by fitting fonts.

Each print is made by the real program. A print the speed path takes must be read
exactly as the general path reads it (the whole record: it reads such values from their
glyphs too, ``reading/clonetext.py``); each change to one, as an incremental update and
written anew, leaves it to the general path.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, StreamObject

from pubrelease import Status, parse

from . import returns as R
from .conftest import ADA
from .helpers import require_tool
from .test_printed_outlines import _programs as programs
from .test_printed_outlines import edit_program
from .test_proven_prints import (
    BUILDS,
    TODAY,
    Edit,
    _annotation,
    _appended,
    _content,
    _extra_page,
    _readings,
    _sub,
)

RELEASES = {
    "ada": ADA,
    "accents": dataclasses.replace(
        ADA, speaker_name="Zoë Ødegård-Łukasiewicz", signature="Zoë Ødegård-Łukasiewicz"
    ),
    "greek": dataclasses.replace(ADA, speaker_name="Μαρία Παπαδοπούλου", signature="Μαρία Π."),
    "declined": dataclasses.replace(ADA, consent="decline"),
}


@pytest.fixture(scope="module")
def prints() -> dict[str, bytes]:
    """Each release made by ``fill`` and printed by MuPDF."""
    require_tool("mutool")
    return {name: R.printed(release, "mutool", today=TODAY) for name, release in RELEASES.items()}


@pytest.mark.parametrize("name", sorted(RELEASES))
def test_mupdfs_prints_of_our_releases_are_read_from_their_content(
    prints: dict[str, bytes], name: str
) -> None:
    record, taken, general = _readings(prints[name])
    assert taken
    assert record.to_dict() == general.to_dict()
    release = RELEASES[name]
    assert record.speaker_name == release.speaker_name
    assert record.status is (Status.DECLINED if name == "declined" else Status.VALID)


ACCENTED = dataclasses.replace(ADA, speaker_name="Zoë Ødegård", signature="Zoë Ødegård")
"""A name pdftk can draw (WinAnsi), beyond ASCII."""
NAMES = {
    "accents": "Zoë Ødegård",
    "tilde": "José Ñúñez",
    "ring": "Åsa Ström",
    "sharp-s": "Straße Weiß",
    # MuPDF's map reads the Ä as a soft hyphen, the Þ and Ð as nothing PDFium names
    "soft-hyphen": "Jürgen Ääkkönen",
    "thorn": "Þórunn Ðóttir",
}


@pytest.fixture(scope="module")
def others(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """pdftk's fills printed by MuPDF: their values in its copy of Helvetica."""
    folder = tmp_path_factory.mktemp("others")
    require_tool("mutool")
    out = {}
    releases = {
        name: dataclasses.replace(ADA, speaker_name=n, signature=n) for name, n in NAMES.items()
    }
    for name, release in {"ada": ADA, **releases}.items():
        filled = R.fill_pdftk(release, folder / f"{name}-filled.pdf")
        out[name] = R.flatten_with(
            "mutool", filled, folder / f"{name}.pdf", strict=False
        ).read_bytes()
    return out


def test_pdftks_fill_printed_by_mupdf_is_read_from_its_content(others: dict[str, bytes]) -> None:
    record, taken, general = _readings(others["ada"])
    assert taken
    assert record.to_dict() == general.to_dict()
    assert record.speaker_name == ADA.speaker_name
    assert record.status is Status.VALID


LAYERS = {"accents": "ZoÑ édegÌrd", "soft-hyphen": "Jàrgen \xadÊkkÚnen"}
"""What the text layer reads of some of :data:`NAMES` (PDFium, through MuPDF's map)."""


@pytest.mark.parametrize("name", sorted(NAMES))
def test_a_value_mupdfs_map_reads_otherwise_is_read_from_its_glyphs(
    others: dict[str, bytes], name: str
) -> None:
    # "Zoë Ødegård" in MuPDF's Helvetica, its map reading "ZoÑ édegÌrd": the value is
    # what the proved glyphs show on both paths, and a person is told what the text
    # layer reads (the text layer's "Jàrgen \xadÊkkÚnen" was invalid, its soft hyphen
    # hidden; fitting fonts to the glyphs said "José 7úñez", "Æsa Ström")
    record, taken, general = _readings(others[name])
    assert taken
    assert record.to_dict() == general.to_dict()
    shown = NAMES[name]
    assert record.speaker_name == record.signature == shown
    assert record.status is Status.INCOMPLETE
    assert {f.code.value for f in record.findings} == {"shown-text-unchecked", "not-countersigned"}
    sources = {e.field: e.source.value for e in record.evidence}
    assert sources["speaker_name"] == sources["signature"] == "glyph outlines"
    assert sources["event_title"] == "page text"
    unchecked = [f for f in record.findings if f.code.value == "shown-text-unchecked"]
    assert [f.field for f in unchecked] == ["speaker_name", "signature"]
    layer = LAYERS.get(name)
    for finding in unchecked:
        assert finding.message.startswith(f"the {finding.field} {shown!r} (")
        assert "its text layer reads " in finding.message
        assert layer is None or f"its text layer reads {layer!r}:" in finding.message


def test_an_answer_printed_by_mupdf_reads_its_signature_from_its_glyphs(tmp_path: Path) -> None:
    # The release fill issued to "Zoë Ødegård", answered by pypdf (its signature in
    # Helvetica), printed by MuPDF: the name fill drew is in DejaVu Sans, which MuPDF
    # re-embeds with a map that reads it rightly; the signature in MuPDF's copy of
    # Helvetica, whose map reads "ZoÑ édegÌrd". The signature is read from its glyphs on
    # both paths (the general path gave up on every field when the name was in no copy,
    # and read the signature as the map does: signature-mismatch, invalid)
    from .test_issued_answered import pypdf_answered
    from .test_pdfjs_fill import issued_to

    require_tool("mutool")
    name = NAMES["accents"]
    answered = tmp_path / "answered.pdf"
    answered.write_bytes(
        pypdf_answered(
            issued_to(name),
            values={"signature": name, "sign_date": "Sep 23, 2020", "consent": "Accept"},
        )
    )
    printed = R.flatten_with("mutool", answered, tmp_path / "printed.pdf", strict=False)
    record, taken, general = _readings(printed.read_bytes())
    assert taken
    assert record.to_dict() == general.to_dict()
    assert record.speaker_name == record.signature == name
    assert record.status is Status.INCOMPLETE
    sources = {e.field: e.source.value for e in record.evidence}
    assert (sources["speaker_name"], sources["signature"]) == ("page text", "glyph outlines")
    unchecked = [f.field for f in record.findings if f.code.value == "shown-text-unchecked"]
    assert unchecked == ["signature"]


@pytest.mark.parametrize("name", ["accents", "soft-hyphen"])
def test_a_value_read_from_its_glyphs_is_the_rosters_name(
    others: dict[str, bytes], name: str
) -> None:
    # (the text layer's "ZoÑ édegÌrd" was a roster-mismatch, invalid)
    release = dataclasses.replace(ADA, speaker_name=NAMES[name], signature=NAMES[name])
    record = parse(others[name], today=TODAY, expected=release)
    assert record.status is Status.INCOMPLETE
    assert "roster-mismatch" not in {f.code.value for f in record.findings}


TITLES = {
    # MuPDF's map reads an em dash as "Ð" (a letter the general path finds drawn at a
    # speck of its size: hidden-text, invalid), an apostrophe as "©", curly quotes as
    # "ª" and "º"
    "dash": "Über die Maschine — Teil 2",
    "apostrophe": "Études sur l'Analytique",
    "quotes": "Notes on the “Analytical” Engine",
}


@pytest.mark.parametrize("title", ["Études sur l'Analytique", "Über die Maschine — Teil 2"])
def test_a_print_the_print_path_leaves_reads_its_glyphs_the_general_way(
    tmp_path: Path, title: str
) -> None:
    # pdftk sets the title's first capital so high that its accent reaches over the box
    # (cut, in PDFium's Helvetica: the print path leaves it); read the general way, the
    # values were the text layer's ("ZoÑ édegÌrd", a roster-mismatch with the roster's
    # "Zoë Ødegård"), the em dash's "Ð" a letter drawn at a speck of its size (invalid)
    require_tool("mutool")
    release = dataclasses.replace(ACCENTED, event_title=title)
    filled = R.fill_pdftk(release, tmp_path / "f.pdf")
    printed = R.flatten_with("mutool", filled, tmp_path / "p.pdf", strict=False).read_bytes()
    record, taken, _ = _readings(printed)
    assert not taken
    assert (record.speaker_name, record.event_title) == ("Zoë Ødegård", title)
    assert record.status is Status.INCOMPLETE
    sources = {e.field: e.source.value for e in record.evidence}
    assert sources["speaker_name"] == sources["event_title"] == "glyph outlines"
    unchecked = [f.field for f in record.findings if f.code.value == "shown-text-unchecked"]
    assert unchecked == ["speaker_name", "event_title", "signature"]
    rostered = parse(printed, today=TODAY, expected=release)
    assert rostered.status is Status.INCOMPLETE


FLATTENED_X = b"\nBT /F1 10.61 Tf 1 0 0 0.01 232 658.7 Tm <0039> Tj ET\n"
"""An X of MuPDF's Helvetica in the first name box after the name, flattened to a
hairline by its text matrix."""


@pytest.mark.parametrize("build", sorted(BUILDS))
def test_a_letter_flattened_among_proved_glyphs_is_hidden_text(
    others: dict[str, bytes], build: str
) -> None:
    # (a box read from its glyphs is one whose every glyph is drawn upright as its font
    # draws it: only there is a flat glyph one by design, as MuPDF's em dash)
    edit = _content(0, _appended(FLATTENED_X))
    record, taken, general = _readings(BUILDS[build](others["accents"], edit))
    assert not taken
    assert record.to_dict() == general.to_dict()
    assert record.status is Status.INVALID
    assert "hidden-text" in {f.code.value for f in record.findings}
    # (the box is not read from its glyphs: the name is the text layer's, the X in it)
    sources = {e.field: e.source.value for e in record.evidence}
    assert (record.speaker_name, sources["speaker_name"]) == ("ZoÑ édegÌrd X", "page text")


def test_a_curly_apostrophe_read_straight_is_read_rightly(tmp_path: Path) -> None:
    # MuPDF's map reads a right single quote as an apostrophe: no finding, the name as
    # typed (review of session 55: incomplete, where poppler's and Ghostscript's
    # prints of the fill are valid)
    require_tool("mutool")
    name = "Mary O\u2019Neil"
    release = dataclasses.replace(ADA, speaker_name=name, signature=name)
    filled = R.fill_pdftk(release, tmp_path / "f.pdf")
    printed = R.flatten_with("mutool", filled, tmp_path / "p.pdf", strict=False).read_bytes()
    record, taken, _ = _readings(printed)
    assert taken
    assert record.speaker_name == record.signature == name
    assert record.status is Status.VALID


@pytest.mark.parametrize("title", sorted(TITLES))
def test_punctuation_mupdfs_map_reads_otherwise_is_read_from_its_glyphs(
    tmp_path: Path, title: str
) -> None:
    require_tool("mutool")
    shown = TITLES[title]
    filled = R.fill_pypdf(dataclasses.replace(ADA, event_title=shown), tmp_path / "f.pdf")
    printed = R.flatten_with("mutool", filled, tmp_path / "p.pdf", strict=False).read_bytes()
    record, taken, general = _readings(printed)
    assert taken
    assert record.to_dict() == general.to_dict()
    assert record.event_title == shown
    assert record.status is Status.INCOMPLETE
    finding = next(f for f in record.findings if f.field == "event_title")
    assert "its text layer reads " in finding.message


def _value_map(
    name: str, change: Callable[[bytes], bytes], page_number: int = 0, drawn: str | None = None
) -> Edit:
    """The first box of page ``page_number`` drawing ``name`` (its glyph ids, hex) in a
    copy of its font whose ``/ToUnicode`` map is ``change``'s of it: a map lying for the
    value alone (``drawn``: the glyph ids it draws instead)."""

    def edit(writer: PdfWriter) -> None:
        page = writer.pages[page_number]
        fonts = page["/Resources"]["/Font"]
        content = page["/Contents"].get_object()
        data = content.get_data()
        at = data.index(name.encode())
        start = data.rindex(b"/F", 0, at)
        face = data[start : data.index(b" ", start)].decode()
        font = fonts[face].get_object()
        lying = StreamObject()
        lying.set_data(change(font["/ToUnicode"].get_object().get_data()))
        copy = DictionaryObject(font)
        copy[NameObject("/ToUnicode")] = writer._add_object(lying)
        fonts[NameObject("/F9")] = writer._add_object(copy)
        data = data[:start] + b"/F9" + data[start + len(face) :]
        if drawn is not None:
            data = data.replace(name.encode(), drawn.encode(), 1)
        content.set_data(data)

    return edit


ADA_HEX = "002200450042"
"""The glyph ids of "Ada" in MuPDF's copy of Helvetica."""
ZOE_HEX = "003b005000d1"
"""Of "Zoë", its ë unmapped: PDFium reads the id as a character ("Ñ")."""

LYING_VALUES = {
    # "Ada" read as "Eda": an ASCII letter read as another (the general path's OCR says
    # the box differs), and "Zoë" read as "Zoe"
    "ascii-read-otherwise": (
        "ada",
        _value_map(
            ADA_HEX,
            _sub(
                rb"9 beginbfrange\n<0001> <005f> <0020>",
                b"11 beginbfrange\n<0001> <0021> <0020>\n<0022> <0022> <0045>\n"
                b"<0023> <005f> <0042>",
            ),
        ),
    ),
    # the Z of "Zoë" read as "Ŋ": no ASCII letter of the value read, the general path
    # reads such a box by OCR (review of session 54)
    "ascii-read-as-a-letter": (
        "accents",
        _value_map(
            ZOE_HEX,
            _sub(
                rb"9 beginbfrange\n<0001> <005f> <0020>",
                b"11 beginbfrange\n<0001> <003a> <0020>\n<003b> <003b> <014a>\n"
                b"<003c> <005f> <005b>",
            ),
        ),
    ),
    "letter-read-as-ascii": (
        "accents",
        _value_map(ZOE_HEX, _sub(rb"5 beginbfchar\n", b"6 beginbfchar\n<00d1> <0065>\n")),
    ),
}


@pytest.mark.parametrize("build", sorted(BUILDS))
@pytest.mark.parametrize("attack", sorted(LYING_VALUES))
def test_a_value_map_reading_ascii_otherwise_is_left_to_the_general_path(
    others: dict[str, bytes], attack: str, build: str
) -> None:
    name, edit = LYING_VALUES[attack]
    record, taken, general = _readings(BUILDS[build](others[name], edit))
    assert not taken
    assert record.to_dict() == general.to_dict()
    assert record.status is not Status.VALID


@pytest.mark.parametrize("build", sorted(BUILDS))
def test_a_value_map_reading_one_accent_as_another_is_quoted_with_the_others(
    others: dict[str, bytes], build: str
) -> None:
    # "Zoë" read as "Zoé" in its first box alone: the glyphs are what they were, and the
    # person is told both readings of the text layer (read from the text layer, the
    # name differed between its places: name-mismatch)
    edit = _value_map(ZOE_HEX, _sub(rb"5 beginbfchar\n", b"6 beginbfchar\n<00d1> <00e9>\n"))
    record, taken, general = _readings(BUILDS[build](others["accents"], edit))
    assert taken
    assert record.to_dict() == general.to_dict()
    assert record.speaker_name == "Zoë Ødegård"
    # (an incremental update changed the page after it was issued)
    codes = {f.code.value for f in record.findings if f.severity.value == "error"}
    assert codes == ({"modified-after-issue"} if build == "incremental" else set())
    unchecked = [f for f in record.findings if f.code.value == "shown-text-unchecked"]
    assert "its text layer reads 'Zoé édegÌrd', 'ZoÑ édegÌrd':" in unchecked[0].message


ZOE_ODEGARD = b"003b005000d10001008d00450046004800cc00530045"
"""The glyph ids of "Zoë Ødegård" in MuPDF's copy of Helvetica."""


def _on_both_pages(old: bytes, new: bytes) -> Edit:
    def edit(writer: PdfWriter) -> None:
        for page in (0, 1):
            _content(page, _sub(old, new, 0))(writer)

    return edit


OTHER_BOXES = {
    # every name box showing "Zo¨ Ødegård": a lone accent read as a letter (hidden text
    # to the general path), MuPDF's own map untouched
    "lone-dieresis": _on_both_pages(ZOE_ODEGARD, ZOE_ODEGARD.replace(b"00d1", b"0083", 1)),
    # "Zoˆ Ødegård": a modifier letter, a lone circumflex (review of session 55)
    "lone-circumflex": _on_both_pages(ZOE_ODEGARD, ZOE_ODEGARD.replace(b"00d1", b"007e", 1)),
    # page 2's name box showing "Zoü Ødegård" in a copy of the font that reads its ü as
    # "Ñ", as the others' ë: every box reads "ZoÑ édegÌrd", the glyphs differ
    "one-box-otherwise": _value_map(
        ZOE_HEX, _sub(rb"5 beginbfchar\n", b"6 beginbfchar\n<00e0> <00d1>\n"), 1, "003b005000e0"
    ),
}


@pytest.mark.parametrize("build", sorted(BUILDS))
@pytest.mark.parametrize("attack", sorted(OTHER_BOXES))
def test_glyphs_a_person_could_not_be_told_of_are_left_to_the_general_path(
    others: dict[str, bytes], attack: str, build: str
) -> None:
    # (review of session 54: read the print path's way, each said a box showed
    # "Zoë Ødegård")
    record, taken, general = _readings(BUILDS[build](others["accents"], OTHER_BOXES[attack]))
    assert not taken
    assert record.to_dict() == general.to_dict()
    assert record.status is not Status.VALID


def test_a_refusal_its_glyphs_spell_is_read_as_the_other_printers_read_it(
    tmp_path: Path,
) -> None:
    # "refusé" read "refusÏ" by MuPDF's map: read from its glyphs, the record's checks
    # see the refusal, as in pdftocairo's and Ghostscript's prints of the same fill
    # (signature-not-a-name, invalid; the text layer's "refusÏ" was incomplete)
    require_tool("mutool")
    release = dataclasses.replace(ACCENTED, signature="Zoë Ødegård refusé")
    filled = R.fill_pdftk(release, tmp_path / "f.pdf")
    printed = R.flatten_with("mutool", filled, tmp_path / "p.pdf", strict=False).read_bytes()
    record, taken, _ = _readings(printed)
    assert taken
    assert record.signature == "Zoë Ødegård refusé"
    assert record.status is Status.INVALID
    assert "signature-not-a-name" in {f.code.value for f in record.findings}
    signature = next(f for f in record.findings if f.field == "signature")
    assert "its text layer reads 'ZoÑ édegÌrd refusÏ'" in signature.message


def _descendant(writer: PdfWriter, face: str, page: int = 0) -> Any:
    font = writer.pages[page]["/Resources"]["/Font"][face].get_object()
    return font["/DescendantFonts"][0].get_object()


def _wider(face: str, code: int) -> Edit:
    """Code ``code``'s ``/W`` width in font ``face`` a tenth of an em wider (every code
    given its width one by one, ``/W`` rewritten as one array)."""

    def edit(writer: PdfWriter) -> None:
        descendant = _descendant(writer, face)
        items, widths, at = descendant["/W"], {}, 0
        while at < len(items):
            first, following = int(items[at]), items[at + 1]
            if isinstance(following, ArrayObject):
                widths.update({first + i: float(w) for i, w in enumerate(following)})
                at += 2
            else:
                widths.update(dict.fromkeys(range(first, int(following) + 1), float(items[at + 2])))
                at += 3
        default = float(descendant.get("/DW", 1000))
        widths[code] = widths.get(code, default) + 100
        row = [NumberObject(round(widths.get(c, default))) for c in range(max(widths) + 1)]
        descendant[NameObject("/W")] = ArrayObject([NumberObject(0), ArrayObject(row)])

    return edit


def _map_of(face: str, old: bytes, new: bytes) -> Edit:
    def edit(writer: PdfWriter) -> None:
        font = writer.pages[0]["/Resources"]["/Font"][face].get_object()
        stream = font["/ToUnicode"].get_object()
        data = stream.get_data()
        assert old in data
        stream.set_data(data.replace(old, new))

    return edit


def _outline_of(drawn: str, shown: str) -> Edit:
    """The whole DejaVu Sans MuPDF embeds drawing ``drawn`` with ``shown``'s outline."""

    def change(font: TTFont, gids: dict[str, int]) -> None:
        glyf, order = font["glyf"], font.getGlyphOrder()
        glyf[order[gids[drawn]]] = glyf[order[gids[shown]]]

    def edit(writer: PdfWriter) -> None:
        for font, stream, _ in programs(writer):
            edit_program(font, stream, change)

    return edit


def _map_with(face: str, block: bytes, entry: bytes) -> Edit:
    """Font ``face``'s map with ``entry`` added first to the block the pattern ``block``
    (its count the group) starts, counted."""

    def edit(writer: PdfWriter) -> None:
        font = writer.pages[0]["/Resources"]["/Font"][face].get_object()
        stream = font["/ToUnicode"].get_object()
        data = stream.get_data()
        found = re.search(block, data)
        assert found is not None
        head = found.group(0).replace(found.group(1), b"%d" % (int(found.group(1)) + 1), 1)
        stream.set_data(data[: found.start()] + head + entry + data[found.end() :])

    return edit


ATTACKS: dict[str, Edit] = {
    # the title's L drawn as an M ("ICMM"), in MuPDF's Helvetica-Bold
    "wording": _content(0, _sub(rb"\[<002a0024002e002d", b"[<002a0024002e002e")),
    # a code of the wording's Helvetica given another width: not URW's glyph of it
    "wider-wording": _wider("/F1", 0x5B),
    # the wording's Helvetica, or the values' DejaVu Sans, read one letter on
    "lying-wording-map": _map_of("/F1", b"<0001> <005f> <0020>", b"<0001> <005f> <0021>"),
    "lying-value-map": _map_of("/F2", b"<0001> <005f> <0020>", b"<0001> <005f> <0021>"),
    # a bfchar entry after the map's ranges reading the code of "A" as "B": PDFium keeps
    # the last entry, a reader that takes ranges last the first (review of session 53)
    "map-entry-twice": _map_with("/F1", rb"(\d+) beginbfchar\n", b"<0022> <0042>\n"),
    # a value stretched by a percent, or covered by a white box
    "stretched-value": _content(0, _sub(rb"1 0 0 1 72 656 cm", b"1.01 0 0 1 72 656 cm")),
    "covered-value": _content(0, _appended(b"q 1 g 300 669 30 13 re f Q")),
    # the accept box's mark moved out of it, or drawn with a code no map reads
    "moved-mark": _content(
        1, _sub(rb"1 0 0 1 \.569 1\.65 Tm\n\[<02e8>\]TJ", b"1 0 0 1 5 1.65 Tm\n[<02e8>]TJ")
    ),
    "unread-mark": _content(1, _sub(rb"\[<02e8>\]TJ", b"[<0bb8>]TJ")),
    # a letter of the values drawn as another ("Ado Lovoloce"); the accept box's mark
    # drawn as an empty box
    "outline-changed": _outline_of("a", "o"),
    "mark-outline-changed": _outline_of("\u2612", "\u2610"),
    "annotation": _annotation,
    "extra-page": _extra_page,
}


@pytest.mark.parametrize("build", sorted(BUILDS))
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_changed_mupdf_prints_left_to_the_general_path(
    prints: dict[str, bytes], attack: str, build: str
) -> None:
    changed = BUILDS[build](prints["ada"], ATTACKS[attack])
    record, taken, general = _readings(changed)
    assert not taken
    assert record.to_dict() == general.to_dict()


@pytest.mark.usefixtures("unseen_cells")
def test_a_page_is_judged_alike_whatever_the_process_read_before(
    prints: dict[str, bytes], others: dict[str, bytes]
) -> None:
    """A print whose wording's "a" is a tenth of an em wider read with no cell remembered,
    then again after MuPDF's print of another fill (read the general way): the same
    record. The cells a return judged the form's characters are remembered by their
    pixels; without the page's offset in the key, two of this page's cells were taken
    as judged before ("and 321 more places" for "323"; review of session 53)."""
    widened = BUILDS["incremental"](prints["ada"], _wider("/F1", 0x42))
    first = parse(widened, today=TODAY).to_dict()
    parse(others["soft-hyphen"], today=TODAY)
    assert parse(widened, today=TODAY).to_dict() == first
