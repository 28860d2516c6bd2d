"""The speed path for releases printed to PDF (``reading/provenprint.py``): Ghostscript's
``pdfwrite`` and poppler's ``pdftocairo -pdf`` prints of ``fill``'s releases are read from
their content streams, and any change to such a print, as an incremental update and
written anew, leaves the file to the general path.

Each print is made by the real program (``returns.printed``). A print the speed path
takes must be read exactly as the general path reads it (the whole record).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from pubrelease import Release, Status

from . import returns as R
from .conftest import ADA
from .helpers import require_tool, rewritten, update, widget_readings

TODAY = dt.date(2020, 9, 23)
BUILDS = {"incremental": update, "resaved": rewritten}
Edit = Callable[[PdfWriter], None]

RELEASES = {
    "ada": ADA,
    "accents": dataclasses.replace(
        ADA, speaker_name="Zoë Ødegård-Łukasiewicz", signature="Zoë Ødegård-Łukasiewicz"
    ),
    "long-title": dataclasses.replace(
        ADA,
        event_title=(
            "A Very Long Title About Scalable Variational Inference for Hierarchical "
            "Bayesian Models with Structured Priors, Evaluated Across Many Tasks"
        ),
    ),
    "declined": Release.create(
        speaker_name="Grace Hopper",
        event_title="Compilers",
        event_date="2020-07-14",
        effective_date="2020-07-01",
        consent="decline",
        signature="Grace Hopper",
        sign_date="2020-07-02",
    ),
}


PRINTERS = ("gs", "pdftocairo")


@pytest.fixture(scope="module")
def prints() -> dict[str, bytes]:
    """Each release printed by each program (by ``printer/release``)."""
    out = {}
    for printer in PRINTERS:
        require_tool(printer)
        for name, release in RELEASES.items():
            out[f"{printer}/{name}"] = R.printed(release, printer, today=TODAY)  # type: ignore[arg-type]
    return out


def _readings(data: bytes) -> tuple[Any, bool, Any]:
    return widget_readings(data, today=TODAY)


@pytest.mark.parametrize("printer", PRINTERS)
@pytest.mark.parametrize("name", sorted(RELEASES))
def test_honest_prints_read_from_their_content(
    prints: dict[str, bytes], printer: str, name: str
) -> None:
    record, taken, general = _readings(prints[f"{printer}/{name}"])
    assert taken
    assert record.to_dict() == general.to_dict()
    release = RELEASES[name]
    assert record.status is (Status.DECLINED if name == "declined" else Status.VALID)
    assert record.speaker_name == release.speaker_name
    assert record.event_title == release.event_title
    assert record.consent is release.consent


def _content(page: int, change: Callable[[bytes], bytes]) -> Edit:
    """Page ``page``'s content stream changed by ``change``."""

    def edit(writer: PdfWriter) -> None:
        stream = writer.pages[page]["/Contents"].get_object()
        changed = change(stream.get_data())
        assert changed != stream.get_data(), "the edit changed nothing"
        stream.set_data(changed)

    return edit


DATE = re.compile(
    rb"(?P<font>/R10 10 Tf\n)(?P<at>1 0 0 1 [\d.]+ 672 Tm\n)"
    rb"(?P<shown>\((?P<first>\x00.)(?P<rest>[^)]*)\)Tj)",
    re.S,
)
"""The effective date's run in a Ghostscript print of :data:`ADA` (its box's only one)."""
NAME = re.compile(
    rb"(?P<at>720 6560 1900 130 re W n\nq\n10 0 0 10 0 0 cm BT\n"
    rb"/R10 10 Tf\n1 0 0 1 [\d.]+ 659 Tm\n)"
    rb"\[\(\x00\"\)[\d.]+\(\x00E\x00B\x00\x01\x00-\)[\d.]+\((?P<rest>[^)]*)\)\]TJ",
    re.S,
)
"""The speaker's name, "Ada Lovelace", in the box of "I, ..., agree that:" (a Ghostscript
print of :data:`ADA`: kerned, "A" "da L" "ovelace")."""


def _sub(
    pattern: bytes | re.Pattern[bytes], replacement: bytes, count: int = 1
) -> Callable[[bytes], bytes]:
    return lambda data: re.sub(pattern, replacement, data, count=count)  # type: ignore[arg-type]


def _appended(extra: bytes) -> Callable[[bytes], bytes]:
    return lambda data: data + b"\n" + extra


def _value_font(writer: PdfWriter, page: int = 0) -> Any:
    fonts = writer.pages[page]["/Resources"]["/Font"]
    return next(
        font.get_object() for font in fonts.values() if font.get_object()["/Subtype"] == "/Type0"
    )


def _swapped_map(writer: PdfWriter) -> None:
    """The value font's ``/ToUnicode`` map reading its A as a B and its B as an A."""
    stream = _value_font(writer)["/ToUnicode"].get_object()
    data = stream.get_data()
    swapped = data.replace(b"<0041>", b"<XXXX>").replace(b"<0042>", b"<0041>")
    stream.set_data(swapped.replace(b"<XXXX>", b"<0042>"))


def _annotation(writer: PdfWriter) -> None:
    note = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FreeText"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (300, 669, 370, 682)]),
            NameObject("/Contents"): TextStringObject("Dec 25, 2020"),
            NameObject("/DA"): TextStringObject("/Helv 10 Tf 0 g"),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(note)])


def _turned(writer: PdfWriter) -> None:
    writer.pages[1][NameObject("/Rotate")] = NumberObject(180)


def _extra_page(writer: PdfWriter) -> None:
    writer.add_blank_page(612, 792)


def _layers(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/OCProperties")] = DictionaryObject(
        {NameObject("/OCGs"): ArrayObject(), NameObject("/D"): DictionaryObject()}
    )


ATTACKS: dict[str, Edit] = {
    # the wording changed, one word
    "wording": _content(
        0, _sub(rb"\(days after first publication", b"(years after first publication")
    ),
    # white text added beside the wording, and a white box over part of a value
    "white-text": _content(0, _appended(b"q 1 g BT /R8 10 Tf 72 100 Td (void) Tj ET Q")),
    "covered-value": _content(0, _appended(b"q 1 g 300 669 30 13 re f Q")),
    # an underline moved, a line added
    "moved-line": _content(0, _sub(rb"720 6570 m", b"720 6560 m")),
    "added-line": _content(0, _appended(b"q 0 G 1 w 72 100 m 300 100 l S Q")),
    # a value moved out of its box, small, light, invisible,
    # squeezed by kerning, or clipped to no box of the form
    "moved-value": _content(0, _sub(DATE, rb"\g<font>1 0 0 1 250 672 Tm\n\g<shown>")),
    "small-value": _content(0, _sub(DATE, rb"/R10 3 Tf\n\g<at>\g<shown>")),
    "light-value": _content(0, _sub(DATE, rb"0.9 g \g<font>\g<at>\g<shown>")),
    "invisible-value": _content(0, _sub(DATE, rb"3 Tr \g<font>\g<at>\g<shown>")),
    "spaced-value": _content(0, _sub(DATE, rb"2 Tc \g<font>\g<at>\g<shown>")),
    "squeezed-value": _content(0, _sub(DATE, rb"\g<font>\g<at>[(\g<first>)300(\g<rest>)]TJ")),
    "unclipped-value": _content(0, _sub(rb"2969\.6 6690 740 130 re", b"2969.6 6690 1400 130 re")),
    # review of session 50: a number after a space setting one word over the other, a
    # number pushing letters apart, a cm between a path and its clip or its stroke
    "word-over-word": _content(
        0,
        lambda data: NAME.sub(
            lambda m: m["at"] + b'[(\x00"\x00E\x00B\x00\x01)2000(\x00-' + m["rest"] + b")]TJ",
            data,
            count=1,
        ),
    ),
    "letters-apart": _content(
        0,
        lambda data: NAME.sub(
            lambda m: m["at"] + b'[(\x00")-2500(\x00E\x00B\x00\x01\x00-' + m["rest"] + b")]TJ",
            data,
            count=1,
        ),
    ),
    "cm-in-clip": _content(
        0,
        _sub(
            rb"720 6560 1900 130 re W n\n",
            b"720 6560 1900 130 re 100 0 0 100 0 0 cm W n 0.01 0 0 0.01 0 0 cm\n",
        ),
    ),
    "cm-in-line": _content(
        0, _sub(rb"3709\.6 6700 l\nS", b"3709.6 6700 l 1 0 0 1 0 45 cm S 1 0 0 1 0 -45 cm")
    ),
    # the value font's map lying, an annotation, a page turned, a page added, layers
    "lying-map": _swapped_map,
    "annotation": _annotation,
    "turned-page": _turned,
    "extra-page": _extra_page,
    "layers": _layers,
}


def _font(writer: PdfWriter, name: str, page: int = 0) -> Any:
    return writer.pages[page]["/Resources"]["/Font"][name].get_object()


def _program_of(donor: str, taker: str) -> Edit:
    """Font ``taker``'s program replaced by font ``donor``'s (pdftocairo's Nimbus Sans
    Bold drawn where its Regular is named)."""

    def edit(writer: PdfWriter) -> None:
        given = _font(writer, donor)["/FontDescriptor"].get_object()["/FontFile3"]
        _font(writer, taker)["/FontDescriptor"].get_object()[NameObject("/FontFile3")] = given

    return edit


def _map_of(name: str, old: bytes, new: bytes) -> Edit:
    def edit(writer: PdfWriter) -> None:
        stream = _font(writer, name)["/ToUnicode"].get_object()
        data = stream.get_data()
        assert old in data
        stream.set_data(data.replace(old, new))

    return edit


def _map_twice(base: str, old: bytes, new: bytes) -> Edit:
    """The map of page 1's font named ``base`` (its subset tag aside) reading ``old`` as
    ``new`` in its bfchar block, after a range that reads its code as ``old`` does."""

    def edit(writer: PdfWriter) -> None:
        fonts = writer.pages[0]["/Resources"]["/Font"]
        font = next(
            f.get_object()
            for f in fonts.values()
            if str(f.get_object()["/BaseFont"]).endswith(base)
        )
        stream = font["/ToUnicode"].get_object()
        data = stream.get_data()
        found = re.search(rb"\d+ beginbfchar", data)
        assert found is not None and old in data
        code, text = old[1:3], old[6:10]
        ranged = b"1 beginbfrange\n<%s> <%s> <%s>\nendbfrange\n" % (code, code, text)
        head, tail = data[: found.start()], data[found.start() :]
        stream.set_data(head + ranged + tail.replace(old, new))

    return edit


def _wider(name: str, code: int) -> Edit:
    def edit(writer: PdfWriter) -> None:
        font = _font(writer, name)
        widths = font["/Widths"]
        at = code - int(font["/FirstChar"])
        widths[at] = NumberObject(int(widths[at]) + 100)

    return edit


def _translucent(writer: PdfWriter) -> None:
    state = writer.pages[0]["/Resources"]["/ExtGState"]["/a0"].get_object()
    state[NameObject("/ca")] = FloatObject(0.3)


def _knockout(writer: PdfWriter) -> None:
    writer.pages[0]["/Group"].get_object()[NameObject("/K")] = BooleanObject(True)


CAIRO_ATTACKS: dict[str, Edit] = {
    "wording": _content(
        0, _sub(rb"\(days after first publication", b"(years after first publication")
    ),
    "white-text": _content(
        0, _appended(b"q 1 g BT /f-1-0 1 Tf 10 0 0 -10 72 700 Tm (void) Tj ET Q")
    ),
    "covered-value": _content(0, _appended(b"q 1 g 300 110 30 13 re f Q")),
    "moved-value": _content(0, _sub(rb"-10\.984 60\.8 Td", b"-10.984 63.8 Td")),
    "moved-mark": _content(1, _sub(rb"<0001>-3388<0002>", b"<0001>-9000<0002>")),
    "word-over-word": _content(
        0,
        _sub(
            rb"-16\.519 -1\.3 Td\n\[\(A\)18\(da L\)17\(ovelace\)\]TJ",
            b"-11.769 -1.3 Td\n[(Ada )7000(Lovelace)]TJ",
        ),
    ),
    "swapped-program": _program_of("/f-0-0", "/f-1-0"),
    "lying-wording-map": _map_of("/f-1-0", b"<61> <0061>", b"<61> <006f>"),
    "wider-wording": _wider("/f-1-0", ord("a")),
    "lying-value-map": _map_of("/f-2-0", b"<41> <0041>", b"<41> <0042>"),
    "translucent": _translucent,
    "knockout": _knockout,
    "annotation": _annotation,
    "extra-page": _extra_page,
}


@pytest.mark.parametrize("build", sorted(BUILDS))
@pytest.mark.parametrize(
    ("printer", "attack"),
    [("gs", a) for a in sorted(ATTACKS)] + [("pdftocairo", a) for a in sorted(CAIRO_ATTACKS)],
)
def test_changed_prints_left_to_the_general_path(
    prints: dict[str, bytes], printer: str, attack: str, build: str
) -> None:
    edit = (ATTACKS if printer == "gs" else CAIRO_ATTACKS)[attack]
    changed = BUILDS[build](prints[f"{printer}/ada"], edit)
    record, taken, general = _readings(changed)
    assert not taken
    assert record.to_dict() == general.to_dict()


def test_the_clone_outlines_are_urws_fonts_as_installed() -> None:
    """``pdf/cloneoutlines.json`` holds the digests ``tools/clone_outlines.py`` makes of
    the URW fonts poppler embeds (Debian's ``fonts-urw-base35``, which Ghostscript
    depends on), glyph for glyph."""
    import json

    from pubrelease.pdf.standardclones import CLONES, OUTLINES, digests_of

    folder = Path("/usr/share/fonts/opentype/urw-base35")
    if not folder.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{folder} is missing (Debian's fonts-urw-base35)")
        pytest.skip(f"{folder} is missing (Debian's fonts-urw-base35)")
    table = json.loads(OUTLINES.read_text())
    assert set(table) == {name for names in CLONES.values() for name in names}
    for clone, digests in table.items():
        assert digests_of(folder / f"{clone}.otf") == digests, clone


OTHERS = {
    "gs/pdftk": ("gs", R.fill_pdftk),
    "gs/pdf-lib": ("gs", R.fill_pdflib),
    "gs/pypdfform": ("gs", R.fill_pypdfform),
    "pdftocairo/pdftk": ("pdftocairo", R.fill_pdftk),
    "pdftocairo/pypdf": ("pdftocairo", R.fill_pypdf),
    "pdftocairo/pypdfform": ("pdftocairo", R.fill_pypdfform),
}
"""Other programs' fills of :data:`ADA` printed: their values in Helvetica (Ghostscript
keeps it, under each widget's clip; pdftocairo draws it in Nimbus Sans, unclipped, but
for PyPDFForm's, whose fields it draws itself at the size of their box, clipped to it: a
third of each date's comma's tail cut away)."""


@pytest.fixture(scope="module")
def others(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("others")
    out = {}
    for name, (printer, fill_with) in OTHERS.items():
        require_tool(printer)
        filled = fill_with(ADA, folder / f"{name.replace('/', '-')}-filled.pdf")
        made = R.flatten_with(
            printer, filled, folder / f"{name.replace('/', '-')}.pdf", strict=False
        )  # type: ignore[arg-type]
        out[name] = made.read_bytes()
    return out


@pytest.mark.parametrize("name", sorted(OTHERS))
def test_other_programs_fills_printed_are_read_from_their_content(
    others: dict[str, bytes], name: str
) -> None:
    record, taken, general = _readings(others[name])
    assert taken
    assert record.to_dict() == general.to_dict()
    # (PyPDFForm leaves its fields' appearances to viewers: Ghostscript prints none)
    shown = None if name == "gs/pypdfform" else ADA.event_title
    assert record.event_title == shown


@pytest.mark.parametrize("build", sorted(BUILDS))
def test_a_value_redrawn_in_helvetica_is_read_as_it_shows(
    prints: dict[str, bytes], build: str
) -> None:
    """Our print's date drawn again in the wording's Helvetica, in its box: read as the
    page shows it, as the general path reads it."""
    edit = _content(0, _sub(DATE, rb"/R8 10 Tf\n\g<at>(Dec 25, 2020)Tj"))
    record, taken, general = _readings(BUILDS[build](prints["gs/ada"], edit))
    assert taken
    assert record.to_dict() == general.to_dict()
    assert record.effective_date == dt.date(2020, 12, 25)


TYPED_ATTACKS: dict[str, Edit] = {
    # a value in Helvetica moved down out of its clip (cut), or a white box over it
    "moved": _content(0, _sub(rb"1 0 0 1 298\.96 671\.69 Tm", b"1 0 0 1 298.96 667 Tm")),
    "covered": _content(0, _appended(b"q 1 g 300 669 30 13 re f Q")),
}


@pytest.mark.parametrize("build", sorted(BUILDS))
def test_a_code_a_copys_map_reads_twice_is_left_to_the_general_path(
    others: dict[str, bytes], build: str
) -> None:
    """pdftocairo's Nimbus Sans in pdftk's fill given a range reading the code of "A" as
    itself before its bfchar block, now reading it as "B": PDFium keeps the last entry
    ("Bda Lovelace"), a reader taking ranges last the first (review of session 53)."""
    twice = _map_twice("+NimbusSans-Regular", b"<41> <0041>", b"<41> <0042>")
    record, taken, general = _readings(BUILDS[build](others["pdftocairo/pdftk"], twice))
    assert not taken
    assert record.to_dict() == general.to_dict()


@pytest.mark.parametrize("build", sorted(BUILDS))
def test_a_comma_cut_to_less_than_half_its_tail_is_left_to_the_general_path(
    others: dict[str, bytes], build: str
) -> None:
    """pdftocairo's clip over PyPDFForm's date raised by 0.4 point: the comma keeps 40 %
    of its tail (0.9 of 2.26 points at 13 points), less than ``inkspan.COMMA_SHOWN``'s
    half, a full stop in some viewer."""
    raised = _content(0, _sub(rb"(\d+ \d+ \d+) 11 re W n", rb"\1 10.6 re W n"))
    record, taken, general = _readings(BUILDS[build](others["pdftocairo/pypdfform"], raised))
    assert not taken
    assert record.to_dict() == general.to_dict()


@pytest.mark.parametrize("build", sorted(BUILDS))
@pytest.mark.parametrize("attack", sorted(TYPED_ATTACKS))
def test_changed_prints_of_other_fills_left_to_the_general_path(
    others: dict[str, bytes], attack: str, build: str
) -> None:
    changed = BUILDS[build](others["gs/pdftk"], TYPED_ATTACKS[attack])
    record, taken, general = _readings(changed)
    assert not taken
    assert record.to_dict() == general.to_dict()
