"""The boxes of a page's own characters, read once and used again for every page with the
same content (pdf/charboxes.py): the same characters, the same boxes as PDFium gives one
by one, on returns filled by other tools, and never for a page that reads otherwise."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject, NumberObject

from pubrelease import Release, parse
from pubrelease.pdf import charboxes
from pubrelease.pdf.charboxes import Boxes, KnownStart, known_start, read_units
from pubrelease.pdf.chartable import Chars, read_chars
from pubrelease.pdf.glyphtable import read_glyphs
from pubrelease.pdf.loadedpages import LoadedPages
from pubrelease.pdf.nodefonts import content_keys
from pubrelease.pdf.objects import Objects, Ref

from . import attacks as A
from . import returns as R
from .helpers import update

OTHER = Release.create(
    speaker_name="Ngozi Okonjo-Iweala",
    event_title="Markets, Models and the Long Tail of Trade",
    event_date="2020-07-14",
    effective_date="2020-07-01",
    consent="accept",
    signature="Ngozi Okonjo-Iweala",
    sign_date="2020-07-03",
)

pytestmark = pytest.mark.usefixtures("general_path")
"""What these tests look at is the general path's: other tools' fills read so."""

TOOLS: dict[str, Callable[[Path, Release], Path]] = {
    "pypdf": lambda t, r: R.fill_pypdf(r, t / f"{r.speaker_name}.pdf"),
    "pdftk": lambda t, r: R.fill_pdftk(r, t / f"{r.speaker_name}.pdf"),
    "pdf-lib": lambda t, r: R.fill_pdflib(r, t / f"{r.speaker_name}.pdf"),
    "pubrelease": lambda t, r: R.fill_pubrelease(r, t / f"{r.speaker_name}.pdf"),
}


def _chars_equal(a: Chars, b: Chars) -> None:
    assert a.texts.tolist() == b.texts.tolist()
    for name in ("first", "last", "left", "right", "bottom", "top", "levels"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def _read_both_ways(data: bytes, known_from: bytes) -> int:
    """Each page of ``data``, flattened, read character by character and with the own
    characters of the same page of ``known_from``: the same characters and glyphs. The
    number of characters the known starts gave."""
    source = pdfium.PdfDocument(known_from)
    doc = pdfium.PdfDocument(data)
    used = 0
    try:
        for number in range(len(doc)):
            own = source[number].get_textpage()
            known = KnownStart.read(own)
            own.close()
            with LoadedPages(doc) as pages:
                page = pages.flatten(number)
                textpage = pages.textpage(number)
                used += Boxes(textpage, read_units(textpage), known).known
                _chars_equal(read_chars(textpage, known), read_chars(textpage))
                with_known, alone = read_glyphs(page, textpage, known), read_glyphs(page, textpage)
                assert with_known.chars == alone.chars
                assert np.array_equal(with_known.boxes, alone.boxes)
                assert np.array_equal(with_known.space_before, alone.space_before)
    finally:
        doc.close()
        source.close()
    return used


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_the_known_start_of_one_return_reads_another_exactly_as_pdfium_does(
    tool: str, tmp_path: Path
) -> None:
    first = TOOLS[tool](tmp_path, A.RELEASE).read_bytes()
    second = TOOLS[tool](tmp_path, OTHER).read_bytes()
    keys = content_keys(Objects(first), 2)
    assert keys[0] is not None and keys == content_keys(Objects(second), 2)
    # the boxes are those of the first return's pages, before their values are drawn in
    assert _read_both_ways(second, first) > 1000


def test_a_known_start_is_not_used_on_a_page_that_begins_otherwise() -> None:
    data = A.issued()
    doc = pdfium.PdfDocument(data)
    try:
        first, second = doc[0].get_textpage(), doc[1].get_textpage()
        known = KnownStart.read(first)
        assert Boxes(second, read_units(second), known).known == 0
        _chars_equal(read_chars(second, known), read_chars(second))
        first.close()
        second.close()
    finally:
        doc.close()


def _font_widths_given(writer: PdfWriter) -> None:
    """Page 1's first font (a standard one, Helvetica) given wider widths of its own: the
    same content streams, the same text, its letters drawn elsewhere."""
    resources = writer.pages[0]["/Resources"].get_object()
    font = next(iter(resources["/Font"].get_object().values())).get_object()
    font[NameObject("/FirstChar")] = NumberObject(32)
    font[NameObject("/LastChar")] = NumberObject(255)
    font[NameObject("/Widths")] = ArrayObject(NumberObject(900) for _ in range(224))


def _media_box_moved(writer: PdfWriter) -> None:
    box = [float(v) for v in writer.pages[0].mediabox]
    writer.pages[0][NameObject("/MediaBox")] = ArrayObject(FloatObject(v + 10) for v in box)


def _content_changed(writer: PdfWriter) -> None:
    page = writer.pages[0]
    page.merge_page(PdfReader(io.BytesIO(A.issued())).pages[1])


@pytest.mark.parametrize("edit", [_font_widths_given, _media_box_moved, _content_changed])
def test_what_the_own_characters_are_drawn_from_is_in_the_key(
    edit: Callable[[PdfWriter], None],
) -> None:
    data = A.issued()
    edited = update(data, edit)
    resaved = A.apply(data, edit, A.Save.RESAVED)
    before = content_keys(Objects(data), 2)
    assert content_keys(Objects(edited), 2)[0] not in (None, before[0])
    assert content_keys(Objects(resaved), 2)[0] not in (None, before[0])


def test_what_draws_nothing_is_not_in_the_key() -> None:
    data = A.issued()
    edited = update(data, lambda w: w.add_metadata({"/Subject": "edited"}))
    assert None not in content_keys(Objects(data), 2)
    assert content_keys(Objects(edited), 2) == content_keys(Objects(data), 2)


def test_a_return_reads_the_same_whether_or_not_its_pages_are_known(tmp_path: Path) -> None:
    other = R.fill_pypdf(OTHER, tmp_path / "other.pdf").read_bytes()
    edited = update(other, _font_widths_given)
    charboxes._KNOWN.clear()
    alone = [parse(d, today=A.TODAY).to_dict() for d in (other, edited)]
    charboxes._KNOWN.clear()
    charboxes._SEEN.clear()
    first = R.fill_pypdf(A.RELEASE, tmp_path / "first.pdf").read_bytes()
    parse(first, today=A.TODAY)
    assert not charboxes._KNOWN  # met once: not worth reading
    parse(first, today=A.TODAY)
    assert not charboxes._KNOWN  # the same file again: still one file's pages
    another = update(first, lambda w: w.add_metadata({"/Subject": "another file"}))
    parse(another, today=A.TODAY)  # (its pages the same)
    assert len(charboxes._KNOWN) == 2
    after = [parse(d, today=A.TODAY).to_dict() for d in (other, edited)]
    assert after == alone
    assert alone[0]["status"] == "valid" and alone[1]["status"] != "valid"


def test_known_starts_are_remembered_within_a_bound() -> None:
    charboxes._KNOWN.clear()
    charboxes._SEEN.clear()
    doc = pdfium.PdfDocument(A.issued())
    try:
        textpage = doc[1].get_textpage()
        for n in range(charboxes.MAX_KNOWN + 5):
            assert known_start(b"%d" % n, lambda: textpage, 1) is None  # met once
            assert known_start(b"%d" % n, lambda: textpage, 1) is None  # in one file
            assert known_start(b"%d" % n, lambda: textpage, 2) is not None
        textpage.close()
    finally:
        doc.close()
    assert len(charboxes._KNOWN) == charboxes.MAX_KNOWN
    assert b"0" not in charboxes._KNOWN and b"%d" % (charboxes.MAX_KNOWN + 4) in charboxes._KNOWN
    assert known_start(None, lambda: textpage) is None
    for n in range(charboxes.MAX_SEEN + 1):
        known_start(b"once %d" % n, lambda: textpage)
    assert len(charboxes._SEEN) == charboxes.MAX_SEEN


# -- review: a page the fast reader reads from other objects than PDFium draws ---------------


def _defined(data: bytes, num: int, body: bytes, gen: int, size: int | None = None) -> bytes:
    """``data`` plus an update defining object ``num`` under generation ``gen`` (the
    references to it say what they said), its trailer's /Size ``size`` or as it was."""
    import re

    startxref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    trailer = re.findall(rb"trailer\s*(<<.*?>>)\s*startxref", data, re.S)[-1]
    if size is None:
        size = int(re.search(rb"/Size (\d+)", trailer).group(1))  # type: ignore[union-attr]
    root = re.search(rb"/Root \d+ \d+ R", trailer).group(0)  # type: ignore[union-attr]
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offset = len(out)
    out += b"%d %d obj\n" % (num, gen) + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n%d 1\n%010d %05d n \n" % (num, offset, gen)
    out += b"trailer\n<< /Size %d %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        root,
        startxref,
        xref,
    )
    return bytes(out)


def _new_generation(data: bytes, num: int, body: bytes) -> bytes:
    """``data`` plus an update defining object ``num`` again under generation 1 (the
    references to it still say ``num 0 R``)."""
    return _defined(data, num, body, 1)


def _listed_twice(data: bytes, num: int, body: bytes) -> bytes:
    """``data`` plus an update whose one cross-reference table lists object ``num``
    (generation 0) twice: first where it stands, then at ``body``. pypdf and the fast reader
    keep the first entry of a table, PDFium the last."""
    import re

    startxref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = max(int(v) for v in re.findall(rb"/Size (\d+)", data))
    root = Objects(data[: data.index(b"%%EOF") + 6]).trailer["/Root"]  # the first revision's
    where = data.rindex(b"\n%d 0 obj" % num) + 1  # its latest definition
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offset = len(out)
    out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n%d 1\n%010d 00000 n \n" % (num, where)
    out += b"%d 1\n%010d 00000 n \n" % (num, offset)
    out += b"trailer\n<< /Size %d /Root %d %d R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        root.num,  # type: ignore[union-attr]
        root.gen,  # type: ignore[union-attr]
        startxref,
        xref,
    )
    return bytes(out)


ROUTES = {"generation": _new_generation, "listed-twice": _listed_twice}
"""Ways to have PDFium draw another object than pypdf and the fast reader read."""


def _wording_as_picture_text_off_the_page(data: bytes, route: str) -> bytes:
    """Page 1's content stream drawn by PDFium from another object than the fast reader
    reads (``route``): an image of the form's wording where the form draws it, then the
    form's own text, the same characters in the same order, 2000 pt below the page. (By a
    new generation, Poppler, for which generations must match, draws no wording at all.)"""
    import zlib

    objects = Objects(data)
    root = objects.dict_of(objects.trailer["/Root"])
    first = objects.dict_of(objects.dict_of(root["/Pages"])["/Kids"][0])  # type: ignore[index]
    ref = first["/Contents"]
    own = objects.decoded(ref)  # type: ignore[arg-type]
    doc = pdfium.PdfDocument(data)
    try:
        page = doc[0]
        width, height = page.get_size()
        grey = page.render(scale=3, grayscale=True, draw_annots=False).to_numpy()
        page.close()
    finally:
        doc.close()
    rows, cols = grey.shape[:2]
    pixels = zlib.compress(grey.reshape(rows, -1)[:, :cols].tobytes(), 9)
    picture = b"q %g 0 0 %g 0 0 cm BI /W %d /H %d /CS /G /BPC 8 /F /Fl ID\n" % (
        width,
        height,
        cols,
        rows,
    )
    content = picture + pixels + b"\nEI Q\nq 1 0 0 1 0 -2000 cm\n" + own + b"\nQ\n"
    body = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    return ROUTES[route](data, ref.num, body)  # type: ignore[union-attr]


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_a_page_drawn_from_another_object_reads_the_same_with_a_known_start(
    route: str, tmp_path: Path
) -> None:
    """The fast reader takes ``N 0 R`` for object N generation 0; PDFium for object N
    whatever its generation. A return whose page 1 PDFium draws from a generation 1 of its
    content stream has the key of an honest return's page 1: its own characters must not
    then be placed where the honest return's stand (the text it draws lies off the page)."""
    honest = R.fill_pypdf(OTHER, tmp_path / "other.pdf").read_bytes()
    attacked = _wording_as_picture_text_off_the_page(
        R.fill_pypdf(A.RELEASE, tmp_path / "first.pdf").read_bytes(), route
    )
    charboxes._KNOWN.clear()
    alone = parse(attacked, today=A.TODAY).to_dict()
    charboxes._KNOWN.clear()
    parse(honest, today=A.TODAY)
    parse(honest, today=A.TODAY)  # met twice: remembered
    after = parse(attacked, today=A.TODAY).to_dict()
    assert alone["status"] != "valid"
    assert after == alone


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_an_appearance_drawn_from_another_object_is_not_taken_for_the_honest_one(
    route: str, tmp_path: Path
) -> None:
    """Not the known starts: the same generation gap in a fresh process (so on main before
    72ec169 too). The name boxes' appearance streams get a generation 1 that draws
    "Mark Wilson" in Helvetica with a /ToUnicode reading it "Bohyung Han". PDFium, Chrome
    and MuPDF show "Mark Wilson"; pypdf and the fast reader (stored values, font checks)
    read generation 0, the honest appearance; the Helvetica name is trusted, so no OCR."""
    import re

    data = R.fill_pypdf(A.RELEASE, tmp_path / "first.pdf").read_bytes()
    shown, read = "Mark Wilson", "Bohyung Han"
    pairs = sorted({(ord(s), ord(r)) for s, r in zip(shown, read, strict=True)})
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Lie def "
        "/CMapType 2 def 1 begincodespacerange <00> <FF> endcodespacerange "
        f"{len(pairs)} beginbfchar "
        + "".join(f"<{s:02X}> <{r:04X}> " for s, r in pairs)
        + "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    objects = Objects(data)
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    extra = [
        (size, 0, b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"),
        (
            size + 1,
            0,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding"
            b" /ToUnicode %d 0 R >>" % size,
        ),
    ]
    kids = objects.dict_of(objects.dict_of(objects.trailer["/Root"])["/Pages"])["/Kids"]
    assert isinstance(kids, tuple)
    annots = objects.dict_of(kids[0])["/Annots"]
    assert isinstance(annots, tuple)
    for annot in annots:
        normal = objects.dict_of(objects.dict_of(annot).get("/AP")).get("/N")
        if not isinstance(normal, Ref):
            continue
        content = objects.decoded(normal)
        if read.encode() not in content:
            continue
        edges = objects.dict_of(normal)["/BBox"]
        assert isinstance(edges, tuple)
        box = " ".join(f"{v:g}" for v in edges if isinstance(v, int | float))
        content = content.replace(read.encode(), shown.encode())
        head = (
            b"<< /Type /XObject /Subtype /Form /BBox [%s] /Resources << /Font << /Helv %d 0 R"
            b" >> >> /Length %d >>" % (box.encode(), size + 1, len(content))
        )
        extra.append((normal.num, 1, head + b"\nstream\n" + content + b"\nendstream"))
    assert len(extra) == 4  # both name boxes
    out = data
    for num, gen, body in extra:
        out = ROUTES[route](out, num, body) if gen == 1 else _new_object(out, num, body)
    record = parse(out, today=A.TODAY).to_dict()
    assert record["status"] != "valid"


def _new_object(data: bytes, num: int, body: bytes) -> bytes:
    """``data`` plus an update defining object ``num`` (generation 0), /Size grown."""
    return _defined(data, num, body, 0, num + 1)


def test_a_known_start_is_not_used_where_the_same_text_stands_elsewhere() -> None:
    """The same characters in the same order, drawn 40 pt lower: the runs PDFium places
    differ, so every character is asked of PDFium (the check of what PDFium itself draws,
    whatever the digest said)."""
    from reportlab.pdfgen import canvas

    def page(y: float) -> bytes:
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=(300, 300))
        pdf.drawString(20, y, "Publishing release: Bohyung Han")
        pdf.drawString(20, y - 20, "Learning to Rank Proposals")
        pdf.save()
        return buffer.getvalue()

    here, lower = pdfium.PdfDocument(page(200)), pdfium.PdfDocument(page(160))
    try:
        first, second = here[0].get_textpage(), lower[0].get_textpage()
        known = KnownStart.read(first)
        units = read_units(second)
        assert np.array_equal(units[:-1], known.units)  # the very same code units
        assert Boxes(second, np.append(units[:-1], [0x20, 0]), known).known == 0
        assert Boxes(first, np.append(known.units, [0x20, 0]), known).known == known.units.size
        _chars_equal(read_chars(second, known), read_chars(second))
        first.close()
        second.close()
    finally:
        here.close()
        lower.close()
