"""The form's wording redrawn in a font that lies: the page shows other words than it reads.

The attack: a few characters of the agreement's wording ("60" in "until at least 60
days") drawn in a font whose ``/ToUnicode`` map reads the form's characters while its
glyphs draw others ("90"): a Type 3 font (its glyphs are content streams, here drawing
Helvetica's "9" where the map reads "6"), or an embedded TrueType program without a
``cmap`` (DejaVu Sans, :func:`tests.shadow._lying_font`). The text layer is the form's
wording, and digits are as wide as each other, so the page's ink moves nowhere. Saved as
an incremental update it was ``modified-after-issue``; rewritten whole by qpdf it was
``valid``. Now both say ``shown-text-differs``, quoting what the page shows.

Honest prints embed every font again (pdftocairo and mutool draw Helvetica's wording in
Nimbus Sans, Ghostscript re-subsets the value font, a Windows print draws Arial): those
fonts are looked at the same way, and must stay ``valid``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
)
from reportlab.pdfbase.pdfmetrics import stringWidth

from pubrelease import Status, fill, parse
from pubrelease.pdf.kept import Kept
from pubrelease.reading import printreference, wordingglyphs

from . import attacks as A
from .helpers import require_node_module
from .returns import flatten_with
from .shadow import _lying_font

CLAUSE = "until at least "
"""Clause 2's words before its "60", on page 1: "I will not authorize the publication ...
until at least 60 days after first publication"."""


@pytest.fixture(autouse=True)
def _general(general_path: None) -> None:
    """Prints read the general way, whose wording checks these tests look at (Ghostscript's
    and pdftocairo's prints of a release are otherwise read from their content streams:
    ``reading/provenprint.py``)."""


def _to_unicode(writer: PdfWriter, meant: str, width: int) -> object:
    """A ToUnicode map reading code ``i + 1`` (``width`` bytes) as ``meant[i]``."""
    digits = 2 * width
    entries = "\n".join(f"<{i + 1:0{digits}X}> <{ord(c):04X}>" for i, c in enumerate(meant))
    stream = StreamObject()
    stream.set_data(
        (
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CMapName /Lie def /CMapType 2 def\n"
            f"1 begincodespacerange <{'00' * width}> <{'FF' * width}> endcodespacerange\n"
            f"{len(meant)} beginbfchar\n{entries}\nendbfchar\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end"
        ).encode()
    )
    return writer._add_object(stream)


def _type3_font(writer: PdfWriter, helvetica: object, shown: str, meant: str) -> object:
    """A Type 3 font whose code ``i + 1`` draws Helvetica's ``shown[i]``, squeezed into
    the advance of ``meant[i]``, and reads ``meant[i]``."""
    procs, names, widths = DictionaryObject(), [], []
    for i, (drawn, read) in enumerate(zip(shown, meant, strict=True)):
        advance = round(stringWidth(read, "Helvetica", 1000))
        squeeze = min(1.0, advance / max(1.0, stringWidth(drawn, "Helvetica", 1000)))
        proc = StreamObject()
        proc.set_data(
            f"{advance} 0 0 -220 {advance} 730 d1 q {squeeze:.4f} 0 0 1 0 0 cm "
            f"BT /H 1000 Tf 0 0 Td ({drawn}) Tj ET Q".encode()
        )
        name = NameObject(f"/g{i}")
        procs[name] = writer._add_object(proc)
        names.append(name)
        widths.append(NumberObject(advance))
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type3"),
            NameObject("/FontBBox"): ArrayObject(
                [NumberObject(0), NumberObject(-220), NumberObject(1000), NumberObject(730)]
            ),
            NameObject("/FontMatrix"): ArrayObject(
                [FloatObject(v) for v in (0.001, 0, 0, 0.001, 0, 0)]
            ),
            NameObject("/CharProcs"): procs,
            NameObject("/Encoding"): DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Encoding"),
                    NameObject("/Differences"): ArrayObject([NumberObject(1), *names]),
                }
            ),
            NameObject("/FirstChar"): NumberObject(1),
            NameObject("/LastChar"): NumberObject(len(meant)),
            NameObject("/Widths"): ArrayObject(widths),
            NameObject("/Resources"): DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/H"): helvetica})}
            ),
            NameObject("/ToUnicode"): _to_unicode(writer, meant, 1),
        }
    )
    return writer._add_object(font)


def redrawn(page: int, old: str, new: str, kind: str, *, within: str = "") -> A.Edit:
    """An edit drawing ``old`` (words of the wording on ``page``, counted from 0; the
    first after ``within`` there) in a lying font (``type3`` or ``dejavu``) whose glyphs
    show ``new`` and read ``old``."""

    def edit(writer: PdfWriter) -> None:
        target = writer.pages[page]
        fonts = target["/Resources"]["/Font"]
        text = target.get_contents().get_data().decode("latin-1")
        words = within + old
        pattern = r"BT /(\w+) (\d+) Tf ([^()]*)\(([^)]*" + re.escape(words) + r"[^)]*)\) Tj ET"
        found = re.search(pattern, text)
        assert found, f"{words!r} is not on page {page + 1}"
        name, size, placing, line = found.groups()
        at = line.index(words) + len(within)
        if kind == "type3":
            font = _type3_font(writer, fonts["/" + name], new, old)
            codes = "".join(f"{i + 1:02X}" for i in range(len(old)))
        else:
            font = _lying_font(writer, new, old, strip_cmap=True)
            codes = "".join(f"{i + 1:04X}" for i in range(len(old)))
        fonts[NameObject("/FLie")] = font
        swapped = (
            f"BT /{name} {size} Tf {placing}({line[:at]}) Tj /FLie {size} Tf <{codes}> Tj "
            f"/{name} {size} Tf ({line[at + len(old) :]}) Tj ET"
        )
        stream = StreamObject()
        stream.set_data((text[: found.start()] + swapped + text[found.end() :]).encode("latin-1"))
        target[NameObject("/Contents")] = writer._add_object(stream)

    return edit


def _differs(data: bytes) -> tuple[Status, list[str]]:
    record = parse(data, today=A.TODAY)
    return record.status, [f.message for f in record.findings if f.code == "shown-text-differs"]


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("kind", ["type3", "dejavu"])
def test_days_redrawn_as_ninety_is_seen(kind: str, save: A.Save) -> None:
    data = A.apply(A.issued(), redrawn(0, "60", "90", kind, within=CLAUSE), save)
    status, messages = _differs(data)
    assert status is Status.INVALID
    assert len(messages) == 1, messages
    message = messages[0]
    assert message.startswith("page 1: the wording's glyphs are not the characters")
    assert "'…at least 60' shows as '…at least 9" in message
    if kind == "type3":  # Helvetica's own "9": named as such
        assert "'…at least 60' shows as '…at least 90'" in message


@pytest.mark.parametrize(
    ("old", "new", "shows"),
    [
        ("60", "80", "'…at least 60' shows as '…at least 80'"),
        ("60", "50", "'…at least 60' shows as '…at least 50'"),
        ("60", "66", "'…at least 60' shows as '…at least 66'"),
        # a "w" squeezed into the advance of the "t": like no letter of Helvetica, the
        # nearest one quoted
        ("not", "now", "'…ICML is not' shows as '…ICML is no"),
    ],
    ids=["80", "50", "66", "not-now"],
)
def test_other_digits_and_words_are_seen(old: str, new: str, shows: str) -> None:
    within = CLAUSE if old == "60" else "ICML is "
    data = A.apply(A.issued(), redrawn(0, old, new, "type3", within=within), A.Save.RESAVED)
    status, messages = _differs(data)
    assert status is Status.INVALID
    assert len(messages) == 1 and shows in messages[0], messages


def test_page_two_wording_is_seen() -> None:
    edit = redrawn(1, "o", "a", "type3", within="County of San Dieg")
    data = A.apply(A.issued(), edit, A.Save.RESAVED)
    status, messages = _differs(data)
    assert status is Status.INVALID
    assert messages == [
        "page 2: the wording's glyphs are not the characters its text layer reads (drawn in "
        "a font the file does not vouch for): '…of San Diego,' shows as '…of San Diega,'"
    ]


def turned(within: str, char: str) -> A.Edit:
    """An edit drawing the first ``char`` after ``within`` on page 1 turned half round in
    its own font (Helvetica, not embedded, which the file vouches for), in its own place:
    a "6" so drawn shows "9" and still reads "6"."""

    def edit(writer: PdfWriter) -> None:
        target = writer.pages[0]
        text = target.get_contents().get_data().decode("latin-1")
        pattern = (
            r"BT /(\w+) (\d+) Tf 0 g 1 0 0 1 ([\d.]+) ([\d.]+) Tm \(([^)]*"
            + re.escape(within + char)
            + r"[^)]*)\) Tj ET"
        )
        found = re.search(pattern, text)
        assert found, f"{within + char!r} is not on page 1"
        name, size, x, y, line = found.groups()
        at = line.index(within + char) + len(within)
        before, after = line[:at], line[at + 1 :]
        left = float(x) + stringWidth(before, "Helvetica", float(size))
        right = left + stringWidth(char, "Helvetica", float(size))
        # turned about the middle of the digits' height (Helvetica's 0.703 em, from the
        # baseline less its 0.019 em overshoot): the glyph stands where the "6" stood
        up = float(y) + float(size) * (0.703 - 0.019)
        swapped = (
            f"BT /{name} {size} Tf 0 g 1 0 0 1 {x} {y} Tm ({before}) Tj ET "
            f"BT /{name} {size} Tf 0 g -1 0 0 -1 {right:.3f} {up:.3f} Tm ({char}) Tj ET "
            f"BT /{name} {size} Tf 0 g 1 0 0 1 {right:.3f} {y} Tm ({after}) Tj ET"
        )
        stream = StreamObject()
        stream.set_data((text[: found.start()] + swapped + text[found.end() :]).encode("latin-1"))
        target[NameObject("/Contents")] = writer._add_object(stream)

    return edit


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_six_of_the_forms_own_font_turned_half_round_is_seen(save: A.Save) -> None:
    """Every font is one the file vouches for (the template's Helvetica), so no font
    calls for a look; but the "6" turned shows "9" (PDFium reads "6", a line break, "0":
    the wording, which ignores spaces, still reads right). Its cell's pixels are not the
    form's, and that calls for the same look."""
    data = A.apply(A.issued(), turned(CLAUSE, "6"), save)
    status, messages = _differs(data)
    assert status is Status.INVALID
    assert messages == [
        "page 1: the wording's glyphs are not the characters its text layer reads (drawn "
        "otherwise than the form draws them): '…at least 60' shows as '…at least 90'"
    ]


CLOSING_ARC = "528.15 465.9 m 528.3 464.4 527.6 463.8 526.1 463.7 c S"
"""A curve closing the open top of the "6" of "at least 60" (page 1): it shows "80"."""
STEM = "522.9 459.9 m 522.9 467.0 l S"
"""A stem just before "60": it shows "160" (or "l60")."""


def _stroked(path: str, width: float) -> A.Edit:
    return A._edit_content(0, lambda t: f"q\n{t}\nQ\nq 0 G {width} w 1 J {path} Q\n")


def _ink_annotation(width: float) -> A.Edit:
    """The closing arc drawn by an /Ink annotation with its own appearance stream."""
    rect = [FloatObject(v) for v in (525.0, 462.5, 529.5, 467.0)]

    def edit(writer: PdfWriter) -> None:
        stream = StreamObject()
        stream.set_data(f"q 0 G {width} w 1 J {CLOSING_ARC} Q".encode())
        stream.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(rect),
            }
        )
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Ink"),
                NameObject("/F"): NumberObject(4),
                NameObject("/Rect"): ArrayObject(rect),
                NameObject("/InkList"): ArrayObject(
                    [ArrayObject([FloatObject(v) for v in (528.15, 465.9, 526.1, 463.7)])]
                ),
                NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(stream)}),
            }
        )
        writer.pages[0][NameObject("/Annots")].append(writer._add_object(annotation))

    return edit


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(_stroked(CLOSING_ARC, 0.5), id="six-closed-0.5pt"),
        pytest.param(_stroked(CLOSING_ARC, 1.0), id="six-closed-1pt"),
        pytest.param(_ink_annotation(1.0), id="six-closed-by-an-ink-annotation"),
        pytest.param(_stroked(STEM, 0.3), id="stem-before-60"),
    ],
)
def test_ink_over_the_wording_in_its_own_fonts_is_for_a_person(edit: A.Edit, save: A.Save) -> None:
    """Ink added over the wording's characters, the fonts all the form's own: the glyph
    drawn is no clear other character (an "8" made of a "6" and a curve is misshapen),
    but no honest copy drawn in the form's fonts has a pixel of ink there that the form
    lacks. The reviewer's attack: "at least 60" shown as "at least 80" (or "160"),
    ``valid`` once re-saved."""
    data = A.apply(A.issued(), edit, save)
    record = parse(data, today=A.TODAY)
    assert record.status in (Status.INCOMPLETE, Status.INVALID)
    if save is A.Save.RESAVED:
        assert record.status is Status.INCOMPLETE
    messages = [f.message for f in record.findings if f.code == "shown-text-unchecked"]
    assert messages == [
        "page 1: the wording is drawn in the form's own fonts, but with ink the form does "
        "not draw over its words: '…at least 60'; a person should look at what the page "
        "shows there"
    ]


@pytest.mark.parametrize("tool", ["pdftocairo", "gs", "mutool"])
@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(_stroked(CLOSING_ARC, 0.5), id="six-closed-0.5pt"),
        pytest.param(_stroked(STEM, 0.3), id="stem-before-60"),
        pytest.param(_ink_annotation(1.0), id="six-closed-by-an-ink-annotation"),
    ],
)
def test_ink_over_the_wording_then_printed_is_for_a_person(
    edit: A.Edit, tool: str, tmp_path: Path
) -> None:
    """The same strokes, then the return printed to PDF: every font embedded again, so
    no cell has the form's pixels, and the classifier takes the curve's "8" for no clear
    "8" (session 12's limit 2, ``valid`` before). The stroke is still a drawing over
    the wording's cells that the form's page does not make (``.wordingmarks``)."""
    doctored = tmp_path / "doctored.pdf"
    doctored.write_bytes(A.apply(A.issued(), edit, A.Save.RESAVED))
    printed = flatten_with(tool, doctored, tmp_path / f"{tool}.pdf")  # type: ignore[arg-type]
    record = parse(printed, today=A.TODAY)
    assert record.status is not Status.VALID
    messages = [f.message for f in record.findings if f.code == "shown-text-unchecked"]
    assert any(
        m.startswith("page 1: the wording is drawn with drawings the form does not draw")
        and "'…at least 60'" in m
        for m in messages
    ), record.findings


@pytest.fixture
def looked(monkeypatch: pytest.MonkeyPatch, unseen_cells: None) -> Iterator[list[int]]:
    """Counts the pages whose wording was looked at (the check ran, it did not stop at
    the fonts), a print's reference's pages among them (none kept from earlier tests:
    :mod:`pubrelease.reading.printreference`, nor cells judged before)."""
    monkeypatch.setattr(printreference, "_KEPT", Kept(printreference.KEPT))
    calls: list[int] = []
    original = wordingglyphs._suspects

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    wordingglyphs._suspects = spy  # type: ignore[assignment]
    try:
        yield calls
    finally:
        wordingglyphs._suspects = original


def _live(tmp_path: Path) -> Path:
    source = tmp_path / "live.pdf"
    source.write_bytes(fill(A.RELEASE, today=A.TODAY))
    return source


@pytest.mark.parametrize("tool", ["pdftocairo", "mutool"])
def test_honest_prints_of_a_live_return_stay_valid(
    tool: str, tmp_path: Path, looked: list[int]
) -> None:
    printed = flatten_with(tool, _live(tmp_path), tmp_path / f"{tool}.pdf")  # type: ignore[arg-type]
    record = parse(printed, today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    # both pages of the form drawn in the print's Nimbus Sans, judged, then both of the
    # print, in the cells apart from them (.printreference)
    assert len(looked) == 4
    assert record.speaker_name == A.RELEASE.speaker_name


def test_ghostscript_print_stays_valid(tmp_path: Path, looked: list[int]) -> None:
    source = tmp_path / "flat.pdf"
    source.write_bytes(fill(A.RELEASE, flatten=True, today=A.TODAY))
    printed = flatten_with("gs", source, tmp_path / "gs.pdf")
    record = parse(printed, today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    assert len(looked) == 2  # Ghostscript re-subsets the value font: not fill's program


def _liberation(pdf: pikepdf.Pdf, name: str) -> pikepdf.Object:
    """Liberation Sans (Arial's metrics and shapes) embedded as a WinAnsi TrueType font."""
    path = require_node_module("pdfjs-dist") / "standard_fonts" / f"{name}.ttf"
    font = TTFont(path)
    cmap, metrics, units = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    widths = []
    for code in range(32, 256):
        char = bytes([code]).decode("cp1252", errors="ignore")
        glyph = cmap.get(ord(char)) if char else None
        widths.append(round(metrics[glyph][0] * 1000 / units) if glyph else 0)
    program = pikepdf.Stream(pdf, path.read_bytes())
    program.Length1 = len(path.read_bytes())
    descriptor = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor,
            FontName=pikepdf.Name("/AAAAAA+" + name),
            Flags=32,
            FontBBox=[-600, -300, 2000, 1100],
            ItalicAngle=0,
            Ascent=905,
            Descent=-212,
            CapHeight=716,
            StemV=80,
            FontFile2=program,
        )
    )
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.TrueType,
            BaseFont=pikepdf.Name("/AAAAAA+" + name),
            Encoding=pikepdf.Name.WinAnsiEncoding,
            FirstChar=32,
            LastChar=255,
            Widths=widths,
            FontDescriptor=descriptor,
        )
    )


def test_a_print_in_arial_shapes_stays_valid(looked: list[int]) -> None:
    """A print drawing the wording in Arial (a Windows printer's Helvetica), here its
    metric twin Liberation Sans: R, G, Q, t and 1 are drawn otherwise, each still nearest
    to itself."""
    with pikepdf.open(io.BytesIO(A.issued(flatten=True))) as pdf:
        regular = _liberation(pdf, "LiberationSans-Regular")
        bold = _liberation(pdf, "LiberationSans-Bold")
        for page in pdf.pages:
            fonts = page.Resources.Font
            for key in list(fonts.keys()):
                base = str(fonts[key].get("/BaseFont"))
                if base in ("/Helvetica", "/Helvetica-Bold"):
                    fonts[key] = bold if base.endswith("Bold") else regular
        out = io.BytesIO()
        pdf.save(out)
    record = parse(out.getvalue(), today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    # both pages of the form drawn in the print's Liberation Sans, judged; the print has
    # their pixels in every cell, and is looked at no further (.printreference)
    assert len(looked) == 2


def test_fills_that_keep_the_templates_fonts_are_not_looked_at(looked: list[int]) -> None:
    """The common case costs nothing: the wording in the template's own Helvetica (not
    embedded) and the values in fill's own font."""
    resaved = A.resave(fill(A.RELEASE, today=A.TODAY))
    assert parse(resaved, today=A.TODAY).status is Status.VALID
    assert looked == []
