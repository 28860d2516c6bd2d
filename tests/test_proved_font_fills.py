"""pdf-lib's fills in an embedded font we ship, read from their widgets (``reading/provedtext.py``).

pdf-lib fills names outside WinAnsi in the font it is given, a fontkit subset of the
bundled DejaVu Sans (``DejaVuSans-7098``), its glyphs set by fontkit (ligatures among
them: "ff" is one glyph). Its outlines are proved DejaVu Sans's (``test_hinted_outlines``);
with that, its widgets are read as its Helvetica fills are, without reading the pages into
text: the record must be the general path's, field for field. Every change the reading
does not prove leaves the file to the general path, made to an honest fill as an
incremental update and as a file re-saved whole by qpdf.
"""

from __future__ import annotations

import functools
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, FloatObject, NameObject, StreamObject

from pubrelease import Release, Status
from pubrelease.pdf.fonts import bundled_font
from pubrelease.pdf.nodefonts import cid_widths
from pubrelease.pdf.nodes import Ref
from pubrelease.pdf.objects import NotSure, Objects
from pubrelease.pdf.writer import write_document
from pubrelease.reading.provedtext import _readable

from . import attacks as A
from . import returns as R
from .helpers import widget_readings
from .test_printed_outlines import edit_program
from .test_rev38_tails import _font

RELEASES = {
    "greek": Release.create(
        **{
            **A.RELEASE.values(),
            "speaker_name": "Αλέξανδρος Παπαδόπουλος",
            "signature": "Αλέξανδρος Παπαδόπουλος",
        }
    ),
    "cyrillic, a title of ligatures and tails": Release.create(
        **{
            **A.RELEASE.values(),
            "speaker_name": "Дмитрий Шостакович",
            "signature": "Дмитрий Шостакович",
            "event_title": (
                "Operation-Aware Soft Channel Pruning using Differentiable Masks for "
                "Efficient Graph Affinity Learning"
            ),
            "event_date": "2020-01-15",
        }
    ),
    "latin, letters with tails and hooks": Release.create(
        **{**A.RELEASE.values(), "speaker_name": "Qują Çeję", "signature": "Qują Çeję"}
    ),
    "czech": Release.create(
        **{**A.RELEASE.values(), "speaker_name": "Jiří Hromaď", "signature": "Jiří Hromaď"}
    ),
    "polish": Release.create(
        **{
            **A.RELEASE.values(),
            "speaker_name": "Łukasz Żółkiewski",
            "signature": "Łukasz Żółkiewski",
        }
    ),
    "cyrillic, a title of curly quotes and dashes": Release.create(
        **{
            **A.RELEASE.values(),
            "speaker_name": "Дмитрий Шостакович",
            "signature": "Дмитрий Шостакович",
            "event_title": "“Attention” Is Not All You Need — ‘Really’… A Survey†",
        }
    ),
    # (DejaVu kerns "-o" wider than its advances set it; fontkit does not kern)
    "a hyphen before an o, kerned wider": Release.create(
        **{**A.RELEASE.values(), "event_title": "Speed–Accuracy Trade-offs — A Survey"}
    ),
}


@functools.cache
def filled(key: str = "greek") -> bytes:
    """``RELEASES[key]`` filled by pdf-lib, its values in the bundled DejaVu Sans."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "pdflib.pdf"
        return R.fill_pdflib(RELEASES[key], out, font=bundled_font().path).read_bytes()


@pytest.mark.parametrize("key", sorted(RELEASES))
def test_a_fill_in_a_proved_font_is_read_from_its_widgets(key: str) -> None:
    record, taken, general = widget_readings(filled(key), today=A.TODAY)
    assert taken, key
    assert record == general
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == RELEASES[key].speaker_name
    assert record.event_title == RELEASES[key].event_title


def test_the_ligatures_are_one_glyph_each() -> None:
    """(So that the title above is read through a ligature's glyph, "ff" read as two
    letters.)"""
    data = filled("cyrillic, a title of ligatures and tails")
    assert re.search(rb"<[0-9A-F]{4}> ?<00660066>", _maps(data)), "fontkit set 'ff' as one glyph"


def _maps(data: bytes) -> bytes:
    objects = Objects(data)
    out = b""
    for num in range(1, 400):
        try:
            node = objects.get(Ref(num, 0))
        except NotSure:
            continue
        if isinstance(node, dict) and "/ToUnicode" in node:
            ref = node["/ToUnicode"]
            assert isinstance(ref, Ref)
            out += objects.decoded(ref)
    return out


# -- the changes the reading does not prove -------------------------------------------------


def _fonts(writer: PdfWriter) -> list[Any]:
    """Each Type 0 font pdf-lib drew a value with (each once)."""
    out: dict[int, Any] = {}
    for stream in _appearances(writer):
        for ref in stream.get("/Resources", {}).get("/Font", {}).values():
            font = ref.get_object()
            if font.get("/Subtype") == "/Type0":
                out[id(font)] = font
    assert out
    return list(out.values())


def _appearances(writer: PdfWriter, field: str | None = None) -> list[StreamObject]:
    out = []
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            normal = annot.get("/AP", {}).get("/N")
            if normal is None or not isinstance(normal.get_object(), StreamObject):
                continue
            if field is None or field in (annot.get("/T"), annot.get("/Parent", {}).get("/T")):
                out.append(normal.get_object())
    return out


def _widths_scaled(scale: float, only_first: bool = False) -> A.Edit:
    """The fonts' ``/W`` widths scaled (each, or the first letter's alone)."""

    def edit(writer: PdfWriter) -> None:
        for font in _fonts(writer):
            kid = font["/DescendantFonts"][0].get_object()
            array = kid["/W"]
            for at in range(0, len(array), 2):
                widths = array[at + 1]
                for i in range(len(widths)):
                    if not only_first or (at, i) == (0, 1):
                        widths[i] = FloatObject(float(widths[i]) * scale)

    return edit


def _map_swapped(writer: PdfWriter) -> None:
    """The ``/ToUnicode`` map reads two letters' codes as each other."""
    for font in _fonts(writer):
        stream = font["/ToUnicode"].get_object()
        data = stream.get_data()
        pairs = re.findall(rb"<([0-9A-F]{4})> ?<(00[6-7][0-9A-F])>", data)
        (a, x), (b, y) = pairs[0], next(p for p in pairs if p[1] != pairs[0][1])
        swapped = data.replace(b"<%s> <%s>" % (a, x), b"<%s> <TMP>" % a)
        swapped = swapped.replace(b"<%s> <%s>" % (b, y), b"<%s> <%s>" % (b, x))
        swapped = swapped.replace(b"<TMP>", b"<%s>" % y)
        assert swapped != data
        stream.set_data(swapped)


def _outline_changed(font: TTFont, gids: dict[str, int]) -> None:
    """A letter of the name drawn with another letter's outline."""
    glyf, order = font["glyf"], font.getGlyphOrder()
    glyf[order[gids["α"]]] = glyf[order[gids["ο"]]]


def _program_changed(writer: PdfWriter) -> None:
    for font in _fonts(writer):
        kid = font["/DescendantFonts"][0].get_object()
        stream = kid["/FontDescriptor"].get_object()["/FontFile2"].get_object()
        edit_program(font, stream, _outline_changed)


def _content(change: Callable[[bytes], bytes], field: str = "signature") -> A.Edit:
    """The appearances of ``field`` drawing ``change`` of their content."""

    def edit(writer: PdfWriter) -> None:
        streams = _appearances(writer, field)
        assert streams
        for stream in streams:
            data = stream.get_data()
            assert change(data) != data
            stream.set_data(change(data))

    return edit


def _kerned(data: bytes) -> bytes:
    """The value's first glyph kerned onto the next (``TJ``)."""
    return re.sub(rb"<([0-9A-F]{4})([0-9A-F]*)> Tj", rb"[<\1> 250 <\2>] TJ", data)


def _split_back(writer: PdfWriter) -> None:
    """The value drawn as two runs, the second set back 0.3 pt over the first (each run
    as its font sets it, the pair between them closer)."""
    (font,) = _fonts(writer)
    widths = cid_widths(*_pypdf_descendant(font))

    def split(data: bytes) -> bytes:
        found = re.search(rb"1 0 0 1 ([0-9.]+) ([0-9.]+) Tm\n<([0-9A-F]{4})([0-9A-F]+)> Tj", data)
        assert found is not None
        x = float(found[1])
        size = float(re.findall(rb"([0-9.]+) Tf", data)[0])
        second = x + widths[int(found[3], 16)] / 1000 * size - 0.3
        runs = b"1 0 0 1 %s %s Tm\n<%s> Tj\n1 0 0 1 %.3f %s Tm\n<%s> Tj" % (
            found[1],
            found[2],
            found[3],
            second,
            found[2],
            found[4],
        )
        return data[: found.start()] + runs + data[found.end() :]

    _content(split)(writer)


def _pypdf_descendant(font: Any) -> tuple[Objects, dict[str, Any]]:
    """The descendant's ``/W`` as the fast reader reads it (written alone)."""
    kid = font["/DescendantFonts"][0].get_object()
    array = kid["/W"]
    parts = []
    for item in array:
        if isinstance(item, list):
            parts.append(b"[" + b" ".join(str(float(w)).encode() for w in item) + b"]")
        else:
            parts.append(str(int(item)).encode())
    return _descendant(b"[" + b" ".join(parts) + b"]")


CHANGES: dict[str, A.Edit] = {
    "a value set back over itself in two runs": _split_back,
    "every width narrowed": _widths_scaled(0.6),
    "one width narrowed": _widths_scaled(0.7, only_first=True),
    "two letters' texts swapped in the map": _map_swapped,
    "a letter drawn with another's outline": _program_changed,
    "a glyph kerned onto the next": _content(_kerned),
    "letters spaced closer": _content(lambda d: d.replace(b"BT\n", b"BT\n-1 Tc\n")),
    "the value moved out of its box": _content(lambda d: re.sub(rb"1 0 0 1 1 ", b"1 0 0 1 -9 ", d)),
    "the value in a light grey": _content(lambda d: d.replace(b"0 g\n", b"0.9 g\n")),
    "the value set under its box": _content(
        lambda d: re.sub(rb"(1 0 0 1 1 )[0-9.]+ Tm", rb"\g<1>-2 Tm", d)
    ),
}


def _inner_clip(data: bytes) -> bytes:
    """pdf-lib's appearance with its outer box path taken out (left open across ``Q``, it
    joins the clip in PDFium; other viewers clip to the inner box alone, as read here)."""
    return re.sub(rb"0 0 m\n0 13 l\n[0-9.]+ 13 l\n[0-9.]+ 0 l\nh\nh\n", b"", data)


def _on_the_clip(data: bytes) -> bytes:
    """The value's baseline lowered onto its clip's bottom (by 0.05 pt): every letter's
    tail below it cut away."""
    return re.sub(rb"(1 0 0 1 1 )[0-9.]+ Tm", rb"\g<1>1.05 Tm", _inner_clip(data))


def _at_the_right_edge(data: bytes) -> bytes:
    """The value set at 9 points, its advance ending at its clip's right edge."""
    font = TTFont(str(bundled_font().path))
    cmap, hmtx, upem = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    name = RELEASES["czech"].signature
    advance = sum(hmtx[cmap[ord(c)]][0] for c in name) / upem * 9
    found = re.search(rb"\n([0-9.]+) 1 l\nh\nW", data)  # (the inner clip's right edge)
    assert found is not None
    x = float(found[1]) - advance
    data = re.sub(rb"/DejaVuSans [0-9.]+ Tf", b"/DejaVuSans 9 Tf", _inner_clip(data))
    return re.sub(rb"1 0 0 1 1 ([0-9.]+) Tm", b"1 0 0 1 %.3f \\1 Tm" % x, data)


CUTS = {
    "greek": _on_the_clip,
    "latin, letters with tails and hooks": _on_the_clip,
    "cyrillic, a title of ligatures and tails": _on_the_clip,
    "czech": _at_the_right_edge,
}
"""What a clip cuts that changes a letter: a ρ's tail (an ο), a Q's (an O), a j's (a
dotless i), an ogonek's or cedilla's, a Д's feet; a ď's caron past its
advance (a d). The standard fonts' reading takes no such cut either (``TAIL_SHOWN``); a
hook's tip past its origin (a J at the box's edge, pdf-lib's dates) it takes."""


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("key", sorted(CUTS))
def test_a_glyph_cut_into_another_letter_is_read_the_general_way(key: str, save: A.Save) -> None:
    data = A.apply(filled(key), _content(CUTS[key]), save)
    record, taken, general = widget_readings(data, today=A.TODAY)
    assert not taken, key
    assert record == general


def test_a_font_of_no_kind_beside_the_value_is_no_error() -> None:
    """An appearance naming a font dictionary without ``/Subtype`` (which it does not use)."""

    def edit(writer: PdfWriter) -> None:
        for stream in _appearances(writer, "signature"):
            font = DictionaryObject({NameObject("/BaseFont"): NameObject("/Helvetica")})
            stream["/Resources"]["/Font"][NameObject("/F9")] = writer._add_object(font)

    for save in A.Save:
        record, taken, general = widget_readings(A.apply(filled(), edit, save), today=A.TODAY)
        assert taken and record == general


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_the_reading_does_not_prove_is_read_the_general_way(
    change: str, save: A.Save
) -> None:
    data = A.apply(filled(), CHANGES[change], save)
    record, taken, general = widget_readings(data, today=A.TODAY)
    assert not taken, change
    assert record == general


def test_the_honest_fill_re_saved_is_taken() -> None:
    """(So that each change above is what the reading declines, saved either way.)"""
    for save in A.Save:
        record, taken, general = widget_readings(A.apply(filled(), lambda w: None, save))
        assert taken and record == general, save


# -- the font's widths and texts ------------------------------------------------------------


def _descendant(widths: Any) -> tuple[Objects, dict[str, Any]]:
    objects = {1: b"<< /Type /Catalog >>", 2: b"<< /W " + widths + b" >>", 3: b"<< >>"}
    data = write_document(objects, root=1, info=3, file_id="0" * 32)
    objects = Objects(data)
    return objects, objects.dict_of(Ref(2, 0))


@pytest.mark.parametrize(
    ("widths", "read"),
    [
        (b"[1 [500 600.5] 5 7 250]", {1: 500.0, 2: 600.5, 5: 250.0, 6: 250.0, 7: 250.0}),
        (b"[]", {}),
    ],
)
def test_widths_read_as_both_forms_say(widths: bytes, read: dict[int, float]) -> None:
    assert cid_widths(*_descendant(widths)) == read


@pytest.mark.parametrize("widths", [b"[1 [500] 1 [600]]", b"[1 3 500 2 [600]]", b"[1 /a]", b"[1]"])
def test_widths_a_viewer_may_read_otherwise_are_not_taken(widths: bytes) -> None:
    with pytest.raises(NotSure):
        cid_widths(*_descendant(widths))


@pytest.mark.parametrize(
    ("text", "readable"),
    [
        (" ", True),
        ("Ł", True),
        ("ff", True),
        ("Ж", True),
        ("\u0301", False),  # a mark alone, drawn over the letter before
        ("\u00a0", False),  # another kind of space
        ("\u200b", False),
        ("\u200d", False),  # a joiner
        ("\u2009", False),  # a thin space
        ("\u202e", False),  # a direction override
        ("\u2060", False),  # a word joiner
        ("—", True),
        ("“", True),
        ("…", True),
        ("", False),
        ("\ufffd", False),
        ("ب", False),  # a letter whose glyph changes with its neighbours
        ("a b", False),
    ],
)
def test_texts_read_here(text: str, readable: bool) -> None:
    assert _readable(text) is readable


def test_a_namesake_of_the_proved_font_the_general_path_distrusts_is_read_the_general_way() -> None:
    """An unused Type 1 font named as pdf-lib's subset (``DejaVuSans-7098``), in the Mac
    Expert encoding, beside the value: the general path trusts no font of that name,
    looks at the boxes drawn in it and reads a script its OCR does not (review of
    session 61)."""

    def edit(writer: PdfWriter) -> None:
        names = {
            str(font.get_object()["/BaseFont"])
            for stream in _appearances(writer)
            for font in stream.get("/Resources", {}).get("/Font", {}).values()
            if font.get_object().get("/Subtype") == "/Type0"
        }
        assert names, "no font of pdf-lib's"
        (stream, *_) = _appearances(writer, "signature")
        for index, name in enumerate(sorted(names)):
            font = writer._add_object(_font(name, "/MacExpertEncoding"))
            stream["/Resources"]["/Font"][NameObject(f"/P{index}")] = font

    for save in A.Save:
        record, taken, general = widget_readings(
            A.apply(filled("cyrillic, a title of ligatures and tails"), edit, save), today=A.TODAY
        )
        assert not taken, save
        assert record == general


@pytest.mark.parametrize(
    ("type0", "descendant"),
    [(None, "/Helvetica"), (None, "/ABCDEF+Other"), ("/DejaVuSans", None)],
)
def test_a_type0_font_named_otherwise_than_its_descendant_is_read_the_general_way(
    type0: str | None, descendant: str | None
) -> None:
    """PDFium names a Type 0 font by its descendant's ``/BaseFont``, the font check by the
    Type 0 font's own: renamed apart, the general path looks up a name the reading from
    widgets never asked about, and reads the boxes otherwise (review of session 61)."""

    def edit(writer: PdfWriter) -> None:
        for font in _fonts(writer):
            if type0:
                font[NameObject("/BaseFont")] = NameObject(type0)
            if descendant:
                kid = font["/DescendantFonts"][0].get_object()
                kid[NameObject("/BaseFont")] = NameObject(descendant)

    data = A.apply(filled("cyrillic, a title of ligatures and tails"), edit, A.Save.RESAVED)
    record, taken, general = widget_readings(data, today=A.TODAY)
    assert not taken
    assert record == general
