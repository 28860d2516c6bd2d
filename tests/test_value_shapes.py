"""Value boxes whose glyphs the file vouches for are not read by OCR; the others still are.

A value drawn in a standard font that is not embedded (pdf-lib's, pypdf's Helvetica), or
in our own font program, shows the characters its text layer reads (reading/vouching.py).
Everything else is still compared with our drawing and read by OCR: a lying embedded
font, even one named like ours or like Helvetica, incremental or re-saved. A two-line
value is read as two lines (pdf-lib's two-line title was read as one and called a lie).
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from pubrelease import Release, Status, parse
from pubrelease.form.registry import load_form
from pubrelease.pdf.pagefonts import check_fonts
from pubrelease.pdf.rendering import Glyph
from pubrelease.reading import glyphorder, vouching
from pubrelease.reading.pdffile import open_pdf
from pubrelease.record import Record, Severity

from . import attacks as A
from . import clipattacks as C
from . import returns as R
from . import shadow as S

TWO_LINES = Release.create(
    **{
        **A.RELEASE.values(),
        "event_title": "On the Convergence of Adam and Beyond: A Second Look at Adaptive Methods",
    }
)


def _messages(record: Record, code: str) -> list[str]:
    return [f.message for f in record.findings if f.code == code]


def _our_font_name() -> str:
    reader = PdfReader(io.BytesIO(A.issued(flatten=True)))
    names = [n for n in check_fonts(reader, max_pages=4).by_name if "DejaVuSans" in n]
    assert names, "our value font is on the flattened release"
    return names[0]


def test_a_two_line_title_filled_by_pdf_lib_is_valid_without_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pdf-lib draws the title in two lines whose second one its clip cuts at the
    bottom. Its clip is one path of two rectangles turning the same way (its box, and
    the box less a point), set by the nonzero rule: their union, the whole box. So the
    glyphs are vouched for (each cut, if at all, below its own baseline) and no box is
    read by OCR (OCR once read it as one line and called it a lie)."""
    from pubrelease.reading import valueboxes

    def no_fill(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("our own drawing was made though no box needs it")

    monkeypatch.setattr(valueboxes, "expected_drawing", no_fill)
    record = parse(R.fill_pdflib(TWO_LINES, tmp_path / "o.pdf"), today=A.TODAY)
    assert record.event_title == TWO_LINES.event_title
    assert not _messages(record, "shown-text-differs"), record.findings
    assert record.status is Status.VALID, record.findings


def test_helvetica_values_need_no_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pdf-lib's one-line values in Helvetica (not embedded) are vouched for: no box is
    left to compare or to read."""
    from pubrelease.reading import valueboxes

    def no_fill(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("our own drawing was made though no box needs it")

    monkeypatch.setattr(valueboxes, "expected_drawing", no_fill)
    record = parse(R.fill_pdflib(A.RELEASE, tmp_path / "o.pdf"), today=A.TODAY)
    assert record.status is Status.VALID, record.findings


def test_our_own_flattened_release_needs_no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    from pubrelease.reading import valueboxes

    def no_fill(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("our own drawing was made though no box needs it")

    monkeypatch.setattr(valueboxes, "expected_drawing", no_fill)
    record = parse(A.issued(flatten=True), today=A.TODAY)
    assert record.status is Status.VALID, record.findings


def _signature_in(name: str) -> A.Edit:
    """The signature drawn "I DO NOT AGREE" in an embedded font without a cmap whose map
    reads "Bohyung Han", named ``name``."""

    def edit(writer: PdfWriter) -> None:
        S.SIGNATURE_LIES["signature-lying-font-no-cmap"](writer)
        for page in writer.pages:
            for ref in page.get("/Annots") or []:
                annot = ref.get_object()
                if annot.get("/T") != "signature":
                    continue
                font = annot["/AP"]["/N"]["/Resources"]["/Font"]["/FLie"].get_object()
                font[NameObject("/BaseFont")] = NameObject(f"/{name}")
                kid = font["/DescendantFonts"][0].get_object()
                kid[NameObject("/BaseFont")] = NameObject(f"/{name}")

    return edit


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("named", ["ours", "Helvetica"])
def test_a_lying_font_named_like_a_trusted_one_is_still_read(named: str, save: A.Save) -> None:
    name = _our_font_name() if named == "ours" else "Helvetica"
    record = parse(A.apply(A.issued(), _signature_in(name), save), today=A.TODAY)
    assert record.status is Status.INVALID, record.findings
    found = _messages(record, "shown-text-differs")
    assert any("NOT AGREE" in m and "'Bohyung Han'" in m for m in found), record.findings


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_redrawn_name_in_helvetica_is_still_caught(save: A.Save) -> None:
    """Helvetica is vouched for, but the name drawn over its invisible original is not
    what the text layer reads as shown: caught whatever the value boxes say."""
    record = parse(A.apply(A.issued(), A.redraw_name, save), today=A.TODAY)
    assert record.status is Status.INVALID, record.findings


def _glyphs(*boxes: tuple[float, float, float, float]) -> list[Glyph]:
    return [Glyph(chr(65 + i), box, False) for i, box in enumerate(boxes)]


def test_glyphs_out_of_order_or_stacked_are_not_vouched_for() -> None:
    line = _glyphs((0, 0, 5, 7), (6, 0, 11, 7), (12, 0, 17, 7))
    assert glyphorder.arranged(line)
    assert glyphorder.arranged([*line, *_glyphs((0, -12, 5, -5), (6, -12, 11, -5))])
    assert not glyphorder.arranged(list(reversed(line)))  # drawn right to left
    assert not glyphorder.arranged(_glyphs((0, 0, 5, 7), (1, 0, 6, 7)))  # one over another
    assert not glyphorder.arranged(_glyphs((0, -12, 5, -5), (0, 0, 5, 7)))  # a line above
    kerned = _glyphs((0, 0, 6, 7), (5.5, 0, 11, 7))  # "AV": a sliver over one another
    assert glyphorder.arranged(kerned)


def test_an_underscore_stands_on_the_line_it_follows() -> None:
    """An underscore lies wholly below its line's letters: it is on that line, and in its
    order, but a letter is not, nor an underscore a line lower."""
    a, b = Glyph("A", (0, 0, 5, 7), False), Glyph("B", (8, 0, 13, 7), False)
    low = Glyph("_", (5, -1.6, 8, -1.2), False)
    assert glyphorder.arranged([a, low, b])
    assert not glyphorder.arranged([a, Glyph("_", (-3, -1.6, 0, -1.2), False), b])  # leftward
    assert not glyphorder.arranged([a, Glyph("x", (5, -1.6, 8, -1.2), False), b])
    assert not glyphorder.arranged([a, Glyph("_", (5, -9, 8, -8.6), False), b])  # a line lower


@pytest.mark.parametrize("size", [4, 8])
def test_a_value_with_underscores_is_vouched_for_at_any_size(
    size: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pypdf's Helvetica title "Notes_on_the_Engine": each underscore was read as a line
    of its own, the box sent to OCR, which reads no words at 4 points (``incomplete``,
    while the reading from the widgets said ``valid``)."""
    from pypdf.generic import TextStringObject

    from pubrelease.reading import valueboxes

    from .helpers import rewritten, widget_readings
    from .test_proven_fills import _field

    def no_ocr(*args: object, **kwargs: object) -> object:
        raise AssertionError("a box was read by OCR")

    monkeypatch.setattr(valueboxes, "read_value", no_ocr)
    title = "Notes_on_the_Engine"

    def edit(writer: PdfWriter) -> None:
        widget = _field(writer, "event_title")
        content = f"BT /Helv {size} Tf 0 g 2 20 Td ({title}) Tj ET".encode()
        widget["/AP"]["/N"].get_object().set_data(content)
        widget[NameObject("/V")] = TextStringObject(title)

    honest = R.fill_pypdf(A.RELEASE, tmp_path / "filled.pdf").read_bytes()
    record, taken, general = widget_readings(rewritten(honest, edit), today=A.TODAY)
    assert taken and record == general
    assert general.event_title == title and general.status is Status.VALID, general.findings


def test_a_name_shared_by_two_fonts_is_trusted_only_if_both_are() -> None:
    from pubrelease.pdf.pagefonts import PageFonts
    from pubrelease.pdf.tounicode import FontCheck
    from pubrelease.reading.fonttrust import our_programs, trusted_names

    ours = our_programs(load_form())
    honest = FontCheck(b"1", (), True, True, None)
    embedded = FontCheck(b"2", (), False, True, b"another program")
    mine = FontCheck(b"3", (), False, True, next(iter(ours)))
    assert trusted_names(PageFonts([], {"Helvetica": [honest]}), ours) == {"Helvetica": False}
    assert trusted_names(PageFonts([], {"Helvetica": [honest, embedded]}), ours) == {}
    assert trusted_names(PageFonts([], {"X+DejaVuSans": [mine]}), ours) == {"X+DejaVuSans": True}
    assert trusted_names(PageFonts([], {"X+DejaVuSans": [mine, embedded]}), ours) == {}
    assert trusted_names(PageFonts([], {"Helvetica": [honest]}, complete=False), ours) == {}


def _unvouched(data: bytes) -> set[str]:
    """The value boxes of ``data`` whose glyphs the file does not vouch for."""
    import pypdfium2 as pdfium

    from pubrelease.pdf.rendering import ViewMode, render_pages

    form = load_form()
    fonts = check_fonts(PdfReader(io.BytesIO(data)), max_pages=4)
    shown = render_pages(data, ViewMode.SCREEN, max_pages=4, glyphs=True)
    wanted: dict[int, list[tuple[str, tuple[float, float, float, float]]]] = {}
    for name, plan in form.fields.items():
        if not plan.spec.kind.boxes:
            for widget in plan.widgets:
                index = [p.number for p in form.pages].index(widget.page)
                wanted.setdefault(index, []).append((name, widget.box.rect))
    doc = pdfium.PdfDocument(data)
    try:
        left = vouching.unvouched_boxes(wanted, form, doc, fonts, shown, open_pdf(data).objects)
    finally:
        doc.close()
    return {box.name for boxes in left.values() for box in boxes}


def _lowered_letters() -> bytes:
    """ "Bohyung Han" with "o", "y", "u", "g", "a" each its own text object drawn 4 pt
    lower, under a clip at the other letters' baseline: only their tails would be cut by
    the others' baseline, but their bodies are cut by their own (a reviewer's attack on
    a baseline read from the box's glyphs rather than from each object)."""
    normal = [("B", 2.0), ("h", 13.41), ("n", 27.2), ("H", 39.94), ("n", 50.4)]
    lowered = [("o", 7.85), ("y", 18.1), ("u", 23.1), ("g", 31.6), ("a", 45.9)]
    items = sorted([(x, c, 4.0) for c, x in normal] + [(x, c, 0.0) for c, x in lowered])
    ops = ["q 0 4 300 30 re W n"]
    ops += [f"BT /Helv 10 Tf 0 g {x} {y} Td ({c}) Tj ET" for x, c, y in items]
    return " ".join([*ops, "Q"]).encode()


NAME_DRAWN = {
    "plain": b"BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) Tj ET",
    "mirrored": b"BT /Helv 10 Tf 0 g -1 0 0 1 70 4 Tm (Bohyung Han) Tj ET",
    "slanted": b"BT /Helv 10 Tf 0 g 1 0 0.4 1 2 4 Tm (Bohyung Han) Tj ET",
    "cut": b"q 0 6.5 300 20 re W n BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) Tj ET Q",
    "top cut": b"q 0 0 300 10 re W n BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) Tj ET Q",
    "side cut": b"q 30 0 300 20 re W n BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) Tj ET Q",
    "descenders cut": b"q 0 3 300 20 re W n BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) Tj ET Q",
    "even-odd ring": b"q 0 0 300 30 re 0 4 300 30 re W* n BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) "
    b"Tj ET Q",
    "nonzero union": b"q 0 0 300 30 re 0 5 300 25 re W n BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) "
    b"Tj ET Q",
    "nonzero ring": b"q 0 0 300 30 re 0 5 m 0 30 l 300 30 l 300 5 l h W n BT /Helv 10 Tf 0 g "
    b"2 4 Td (Bohyung Han) Tj ET Q",
    "union beside an even-odd clip": b"q 0 0 300 30 re 0 5 300 25 re W n BT /Helv 10 Tf 0 g "
    b"2 4 Td (Bohyung Han) Tj ET Q q 0 0 1 1 re 0 0 1 1 re W* n Q",
    "lowered letters": _lowered_letters(),
    # (an "O" with an acute, WinAnsi 0xD3, its top 0.929 em above the baseline at 2.5 pt:
    # 11.79 pt, its letters' tops at 9.7 pt; a tenth of its height is 0.95 pt)
    "a mark's tip cut": b"q 0 0 300 11.29 re W n BT /Helv 10 Tf 0 g 2 2.5 Td (\323 Bohyung Han) "
    b"Tj ET Q",
    "a mark cut deep": b"q 0 0 300 10.29 re W n BT /Helv 10 Tf 0 g 2 2.5 Td (\323 Bohyung Han) "
    b"Tj ET Q",
    "a capital's top cut by a tip": b"q 0 0 300 9.3 re W n BT /Helv 10 Tf 0 g 2 2.5 Td "
    b"(Bohyung Han) Tj ET Q",
    "covered": b"BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) Tj ET 1 g 20 6 30 1.5 re f",
    "stacked": b"BT /Helv 10 Tf 0 g 2 4 Td -5 Tc (Bohyung Han) Tj ET",
}
"""The printed name drawn in Helvetica (not embedded), plainly and in ways whose glyphs
do not look like the letters read: mirrored, slanted, cut by a clip above the baseline
(its letters' feet, their tops, or a side), by an even-odd ring or a nonzero one (a
rectangle inside another turning the other way), or above the baseline of letters drawn
lower than the others, a bar of white drawn over it, its letters drawn over one another.
Only the descenders of "y" and "g" cut by one rectangle (the baseline is at 4 pt, the clip
at 3 pt), the tip of the acute over an "Ó" (half a point: MuPDF's fills cut a sixth of
one, ``cleardrawing.TIP``; not the mark's half, nor half a point off a letter with no
mark), and a clip path of two rectangles turning the same way in a file that sets no
clip even-odd (their union: the name whole) leave the letters as they are read; the same
path in a file that also sets an even-odd clip somewhere is not vouched for (PDFium does
not say which rule a clip was set with)."""
VOUCHED = {"plain", "descenders cut", "nonzero union", "a mark's tip cut"}


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("how", sorted(NAME_DRAWN))
def test_only_plainly_drawn_glyphs_are_vouched_for(how: str, save: A.Save) -> None:
    edit = A._redraw("speaker_name", NAME_DRAWN[how])
    left = _unvouched(A.apply(A.issued(), edit, save))
    if how in VOUCHED:
        assert "speaker_name" not in left
    else:
        assert "speaker_name" in left, how
    assert "signature" not in left  # drawn by fill, in our own font


@pytest.mark.parametrize("row", [0, 1, 2])
def test_a_thin_stroke_added_to_a_value_box_differs_from_ours_wherever_it_falls(row: int) -> None:
    """A line two pixels thick at 200 dpi (0.7 pt: plain to see) drawn across the name
    box, on whichever rows it falls: the box no longer looks like our own drawing of its
    text, so it is read by OCR (before, every third pixel was compared, and such a line
    on the rows in between was not there)."""
    from pubrelease.pdf.closeups import Closeup, render_closeups
    from pubrelease.pdf.rendering import ViewMode
    from pubrelease.reading import valueboxes

    rect = load_form().fields["speaker_name"].widgets[0].box.rect
    page = [p.number for p in load_form().pages].index(
        load_form().fields["speaker_name"].widgets[0].page
    )
    ours = render_closeups(
        A.issued(flatten=True), ViewMode.SCREEN, {page: [rect]}, dpi=valueboxes.DPI
    )
    wanted = ours[page][0]
    assert valueboxes.changed_squares(wanted, wanted) == 0
    image = wanted.image.copy()
    at = 3 * (image.shape[0] // 6) + row
    image[at : at + 2, 10:-10] = 0
    changed = valueboxes.changed_squares(Closeup(image, wanted.text, wanted.lines), wanted)
    assert changed >= valueboxes.DIFFERS


def _with_stream(data: bytes, content: bytes, **entries: str | int) -> bytes:
    """``data`` with one more stream (its ``entries``: "/Name" values are names), rewritten
    by qpdf: drawn after page 1's content, or, with entries, an object nothing draws."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        stream = pikepdf.Stream(pdf, content)
        for key, value in entries.items():
            is_name = isinstance(value, str) and value.startswith("/")
            stream[f"/{key}"] = pikepdf.Name(value) if is_name else value
        if entries:
            pdf.Root["/Extra"] = pdf.make_indirect(stream)
        else:
            pdf.pages[0].contents_add(stream, prepend=False)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.mark.parametrize(
    ("content", "entries", "nonzero"),
    [
        (b"q 0 0 1 1 re W n Q", {}, True),
        (b"q 0 0 1 1 re W* n Q", {}, False),
        (b"* n Q", {}, False),  # the rest of a "W*" split across content streams
        (b"q 0 0 1 1 re W", {}, False),
        # whatever a stream's dictionary says it is (PDFium draws an appearance stream as
        # a form whatever its /Subtype), and stored bytes under an image filter
        (b"W*", {"Subtype": "/Image"}, False),
        (b"W*", {"Length1": 2}, False),
        (b"W*", {"Type": "/Metadata"}, False),
        (b"W*", {"Filter": "/DCTDecode"}, False),
        (b"no clip", {"Filter": "/DCTDecode"}, True),
        (b"57 2a", {"Filter": "/ASCIIHexDecode"}, False),  # not decoded: may be drawn
    ],
)
def test_the_clip_rule_is_known_only_when_no_content_sets_it_even_odd(
    content: bytes, entries: dict[str, str | int], nonzero: bool
) -> None:
    from pubrelease.pdf.pageobjects import nonzero_clips_only

    assert nonzero_clips_only(open_pdf(A.issued()).objects)
    assert not nonzero_clips_only(None)
    data = _with_stream(A.issued(), content, **entries)
    assert nonzero_clips_only(open_pdf(data).objects) is nonzero


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("how", list(C.STREAM_KEYS))
def test_an_even_odd_clip_in_a_stream_that_says_it_is_not_drawn_is_seen(
    how: str, save: A.Save
) -> None:
    """The name's appearance clips by W* to the box less three small rectangles: PDFium
    shows "Bcnyung lan". The clipping stream carries a key that once made the scan for W*
    skip it (a font program's /Length1, /Type /Metadata, /Subtype /XML), but PDFium draws
    it as a form all the same: the clip is not the union of its rectangles, and the
    glyphs are not vouched for."""
    keys, nested = C.STREAM_KEYS[how]
    plain = A.apply(A.issued(), A._redraw("speaker_name", C.NAME), save)
    edit = C.redraw_marked("speaker_name", C.clipped_name(C.HOLES, b"W*"), keys, nested)
    data = A.apply(A.issued(), edit, save)
    assert C.dark_pixels(data) < 0.95 * C.dark_pixels(plain)  # PDFium cuts the glyphs
    assert "speaker_name" in _unvouched(data)


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_bow_tie_clip_is_not_taken_as_the_rectangle_of_its_corners(save: A.Save) -> None:
    """A clip subpath visiting a rectangle's four corners in crossing order (two
    triangles) cuts the name above its baseline; it is not the rectangle, and the name is
    not vouched for. The same corners in turn (the control) are."""
    control = A.apply(A.issued(), A._redraw("speaker_name", C.clipped_name(C.RECTANGLE)), save)
    data = A.apply(A.issued(), A._redraw("speaker_name", C.clipped_name(C.BOW_TIE)), save)
    assert C.dark_pixels(data) < 0.5 * C.dark_pixels(control)  # PDFium cuts the glyphs
    assert "speaker_name" not in _unvouched(control)
    assert "speaker_name" in _unvouched(data)


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("how", list(C.OUTSIDE_CLIPS))
def test_a_clip_the_name_is_drawn_under_is_seen_wherever_it_was_set(how: str, save: A.Save) -> None:
    """The appearance sets a clip, then draws the name through a form XObject (/Fx Do):
    PDFium cuts the glyphs (their tops, or the box less three holes: "Bcnyung lan") though
    it does not report the clip with the form's text objects. Text used as a clip (7 Tr)
    cuts what follows without being reported either. The name is not vouched for."""
    plain = A.apply(A.issued(), A._redraw("speaker_name", C.NAME), save)
    data = A.apply(A.issued(), C.OUTSIDE_CLIPS[how], save)
    assert C.dark_pixels(data) < 0.95 * C.dark_pixels(plain)  # PDFium cuts the glyphs
    assert "speaker_name" not in _unvouched(plain)
    assert "speaker_name" in _unvouched(data)


@pytest.mark.parametrize("name", ["Siobhán Ó Súilleabháin", "Björn Åström", "Émile Zola"])
def test_a_pymupdf_fill_needs_no_ocr_nor_the_wordings_glyph_by_glyph_look(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PyMuPDF (``widget.update()``) draws its check marks in ZapfDingbats, not embedded,
    with WinAnsi's name for an encoding, which PDFium draws and reads as the font's own
    dingbats ("✓"); and clips each value a point inside its box, which takes a sixth of a
    point off the top of an "Ó" or an "Å". On 4179972 the first sent the wording glyph by
    glyph (the font not vouched for), the second each name's box to OCR: 140-230 ms a
    return against 20-30 ms."""
    import dataclasses

    from pubrelease.reading import valueboxes, wordingglyphs

    from .clippedfills import mupdf_fill
    from .helpers import poppler_blank_ticks, signed_release

    def no_fill(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("our own drawing was made though no box needs it")

    def no_look(*args: object, **kwargs: object) -> object:
        raise AssertionError("the wording was looked at glyph by glyph")

    monkeypatch.setattr(valueboxes, "expected_drawing", no_fill)
    monkeypatch.setattr(wordingglyphs, "render", no_look)
    release = dataclasses.replace(signed_release(name), event_title="Learning to Read Forms")
    record = parse(mupdf_fill(release), today=A.TODAY)
    # (its only error: the tick poppler draws as nothing, pdf/symbolnames.py)
    errors = [f for f in record.findings if f.severity is Severity.ERROR]
    assert poppler_blank_ticks(record) and len(errors) == 1, record.findings
    assert record.speaker_name == name


def _zapf(**entries: object) -> object:
    from pypdf.generic import DictionaryObject, NameObject

    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/ZapfDingbats"),
        }
    )
    for key, value in entries.items():
        font[NameObject(f"/{key}")] = value  # type: ignore[assignment]
    return font


def test_only_zapf_dingbats_of_its_own_encoding_and_no_map_draws_what_is_read() -> None:
    """The built-in dingbats, or a standard encoding's name PDFium and MuPDF set aside;
    not a ``/Differences`` array, a ``/ToUnicode`` map (either could read "✓" where an
    empty box is drawn), an embedded program, or a font only named like it."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
    )

    from pubrelease.pdf.tounicode import check_font

    def named(font: object) -> bool:
        return check_font(font).draws_named_glyphs  # type: ignore[arg-type]

    to_unicode = DecodedStreamObject()
    to_unicode.set_data(
        b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <6F> <2713> endbfchar"
    )
    differences = DictionaryObject(
        {NameObject("/Differences"): ArrayObject([NumberObject(51), NameObject("/a71")])}
    )
    embedded = DictionaryObject({NameObject("/FontFile"): DecodedStreamObject()})
    assert named(_zapf())
    assert named(_zapf(Encoding=NameObject("/WinAnsiEncoding")))  # (PyMuPDF's)
    assert named(_zapf(Encoding=NameObject("/StandardEncoding")))
    assert not named(_zapf(ToUnicode=to_unicode))
    assert not named(_zapf(Encoding=differences))
    assert not named(_zapf(FontDescriptor=embedded))
    assert not named(_zapf(BaseFont=NameObject("/ZapfDingbats-Lie"), Subtype=NameObject("/Type1")))
    assert not named(_zapf(Subtype=NameObject("/TrueType")))
    # (a descriptor that does not say symbolic: PDFium draws 0xB0-0xFF as Latin-1 letters
    # of a substitute font and reads nothing for them, review rev34)
    for flags in (32, 0, 36):
        descriptor = DictionaryObject({NameObject("/Flags"): NumberObject(flags)})
        assert not named(_zapf(FontDescriptor=descriptor)), flags
    symbolic = DictionaryObject({NameObject("/Flags"): NumberObject(4)})
    assert named(_zapf(FontDescriptor=symbolic))
