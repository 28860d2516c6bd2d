"""A print's wording known from the start of its content that the last prints shared
(pdf/sharedstarts.py): the same characters and boxes as PDFium gives one by one, read
from the third print on, and never what a print drawn otherwise shows.

Prints are made by Ghostscript and pdftocairo; the attacks draw after the shared start
(words on its last line, a page of words running down, a word whited out and another
drawn over it) and redraw a font the start names, each saved as an incremental update
and as a file written anew.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict, deque
from collections.abc import Callable

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from pubrelease import Release, Status, parse
from pubrelease.pdf import charboxes, ownobjects, pageviews, sharedstarts
from pubrelease.pdf.charboxes import Boxes, KnownStart, read_units
from pubrelease.pdf.chartable import read_chars
from pubrelease.pdf.glyphtable import read_glyphs
from pubrelease.pdf.kept import Kept
from pubrelease.pdf.loadedpages import LoadedPages
from pubrelease.pdf.objects import Objects

from . import attacks as A
from .conftest import ADA
from .helpers import add_form_xobject, rewritten, update
from .returns import printed
from .test_charboxes import OTHER, _chars_equal
from .test_ownobjects import _Checked

PRINTERS = ["gs", "pdftocairo"]
SAVES = {"incremental": update, "resaved": rewritten}


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch, general_path: None) -> None:
    """No prefix met before the test, nor any page's own content (another test's edits
    of the same print would have it known whole); prints read the general way (a
    Ghostscript or pdftocairo print is otherwise read from its content streams:
    ``provenprint.py``)."""
    monkeypatch.setattr(charboxes, "_KNOWN", Kept(charboxes.MAX_KNOWN))
    monkeypatch.setattr(charboxes, "_SEEN", Kept(charboxes.MAX_SEEN))
    monkeypatch.setattr(sharedstarts, "_STARTS", OrderedDict())
    monkeypatch.setattr(sharedstarts, "_LAST", deque(maxlen=sharedstarts.LAST_KEPT))


@functools.cache
def _prints(printer: str) -> tuple[bytes, bytes, bytes]:
    """Three honest prints of three releases by ``printer``."""
    return tuple(  # type: ignore[return-value]
        printed(release, printer, today=A.TODAY, flatten=True, strict=True)  # type: ignore[arg-type]
        for release in (A.RELEASE, ADA, OTHER)
    )


def _starts(data: bytes) -> list[KnownStart | None]:
    """Each page's shared start, as :func:`.pageviews.view_pages` asks for it."""
    found = [sharedstarts.shared_start(Objects(data), n, data, hash(data)) for n in range(2)]
    return [None if shared is None else shared[0] for shared in found]


def _learned(printer: str) -> None:
    first, second, _ = _prints(printer)
    assert _starts(first) == [None, None]
    assert _starts(second) == [None, None]  # (found now, read from a third file)


def _read_both_ways(data: bytes, known: list[KnownStart | None]) -> list[int]:
    """Each page of ``data`` read character by character and with ``known``: the same
    characters and glyphs. How many characters each page's known start gave."""
    used = []
    with LoadedPages(pdfium.PdfDocument(data)) as pages:
        for number, start in enumerate(known):
            page = pages[number]
            textpage = pages.textpage(number)
            boxes = Boxes(textpage, read_units(textpage), start)
            used.append(boxes.known)
            _chars_equal(read_chars(textpage, boxes), read_chars(textpage))
            with_known, alone = read_glyphs(page, textpage, boxes), read_glyphs(page, textpage)
            assert with_known.chars == alone.chars
            assert np.array_equal(with_known.boxes, alone.boxes)
    return used


@pytest.mark.parametrize("printer", PRINTERS)
def test_a_third_print_is_read_with_the_wording_the_first_two_shared(printer: str) -> None:
    _learned(printer)
    third = _prints(printer)[2]
    known = _starts(third)
    assert all(start is not None for start in known)
    used = _read_both_ways(third, known)
    # the wording of both pages, but its last line, and none of the values
    assert used == [start.units.size for start in known if start is not None]
    assert used[0] > 2000 and used[1] > 800, used
    wording = "".join(map(chr, known[0].units.tolist()))  # type: ignore[union-attr]
    assert wording.startswith("ICML 2020 Publishing Release")
    assert OTHER.speaker_name not in wording and ADA.speaker_name not in wording


@pytest.mark.parametrize("printer", PRINTERS)
def test_a_print_read_again_is_not_a_third_file(printer: str) -> None:
    _learned(printer)
    second = _prints(printer)[1]
    assert _starts(second) == [None, None]
    assert all(start.known is None for start in sharedstarts._STARTS.values())


@pytest.mark.parametrize("printer", PRINTERS)
def test_a_print_reads_the_same_with_or_without_its_shared_start(
    printer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, third = _prints(printer)
    for data in (first, second):
        parse(data, today=A.TODAY)
    record = parse(third, today=A.TODAY)
    assert any(start.known is not None for start in sharedstarts._STARTS.values())
    assert record.status is Status.VALID, record.findings
    monkeypatch.setattr(pageviews, "shared_start", lambda *args, **options: None)
    assert parse(third, today=A.TODAY) == record


def _font_of(prefix: bytes) -> bytes:
    """The name of the font the last text of ``prefix`` is drawn with."""
    return re.findall(rb"(/[^\s/\[\]()<>]+)\s+[-\d.]+\s+Tf", prefix)[-1]


def _after_prefix(
    printer: str, drawn: Callable[[bytes, KnownStart], bytes]
) -> Callable[[PdfWriter], None]:
    """An edit drawing ``drawn(font, known)`` on page 1 just after its shared start's
    prefix (``font``: a font the prefix names; ``known``: the start's characters), the
    graphics state set back first."""
    known = _starts(_prints(printer)[2])[0]
    assert known is not None

    def edit(writer: PdfWriter) -> None:
        page = writer.pages[0]
        content = page.get_contents().get_data()  # type: ignore[union-attr]
        prefixes = [s.prefix for s in sharedstarts._STARTS.values()]
        cut = max(len(prefix) for prefix in prefixes if content.startswith(prefix))
        start = content[:cut]
        added = b"Q Q Q Q Q Q\n" + drawn(_font_of(start), known)
        stream = StreamObject()
        stream.set_data(content[:cut] + added + content[cut:])
        page[NameObject("/Contents")] = writer._add_object(stream)

    return edit


def _on_last_line(font: bytes, known: KnownStart) -> bytes:
    """A word on the start's last line, left of its words."""
    bottom = float(known.tight[-1][2])
    return b"BT %s 10 Tf 1 0 0 1 20 %.2f Tm (forged) Tj ET\n" % (font, bottom)


def _running_down(font: bytes, known: KnownStart) -> bytes:
    """Forty words running down the page (PDFium may then take the page's lines to run
    down)."""
    return b"".join(
        b"BT %s 9 Tf 0 1 -1 0 %d 100 Tm (downward words drawn here) Tj ET\n" % (font, 30 + 12 * i)
        for i in range(40)
    )


def _over_a_word(font: bytes, known: KnownStart) -> bytes:
    """The start's first line whited out and other words drawn there."""
    left, _, bottom, top = known.tight[0]
    return (
        b"1 g %.2f %.2f 400 %.2f re f 0 g "
        b"BT %s 15 Tf 1 0 0 1 %.2f %.2f Tm (ICML 2021 Release) Tj ET\n"
        % (
            left - 1,
            bottom - 1,
            top - bottom + 2,
            font,
            left,
            bottom,
        )
    )


@pytest.mark.parametrize("save", SAVES)
@pytest.mark.parametrize("drawn", [_on_last_line, _running_down, _over_a_word])
@pytest.mark.parametrize("printer", PRINTERS)
def test_what_is_drawn_after_the_shared_start_is_read_as_pdfium_reads_it(
    printer: str,
    drawn: Callable[[bytes, KnownStart], bytes],
    save: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _learned(printer)
    forged = SAVES[save](_prints(printer)[2], _after_prefix(printer, drawn))
    known = _starts(forged)
    _read_both_ways(forged, known)
    record = parse(forged, today=A.TODAY)
    monkeypatch.setattr(pageviews, "shared_start", lambda *args, **options: None)
    assert parse(forged, today=A.TODAY) == record
    if drawn is not _on_last_line:
        assert record.status is not Status.VALID, record.findings


def _page_prefix(data: bytes) -> bytes:
    """The longest prefix remembered that page 1 of ``data`` begins with."""
    content = sharedstarts._page(Objects(data), 0, 0).content
    return max(
        (s.prefix for s in sharedstarts._STARTS.values() if content.startswith(s.prefix)), key=len
    )


def _widened(name: bytes) -> Callable[[PdfWriter], None]:
    """An edit widening every glyph of page 1's font ``name`` by a fifth (a standard
    font without widths: Courier instead)."""

    def edit(writer: PdfWriter) -> None:
        font = writer.pages[0]["/Resources"]["/Font"][name.decode("latin-1")].get_object()  # type: ignore[index]
        if "/Widths" not in font:
            font[NameObject("/BaseFont")] = NameObject("/Courier")
            return
        widths = font["/Widths"].get_object()
        font[NameObject("/Widths")] = ArrayObject(NumberObject(int(w) * 6 // 5) for w in widths)

    return edit


@pytest.mark.parametrize("save", SAVES)
@pytest.mark.parametrize("printer", PRINTERS)
def test_a_font_the_start_names_drawn_otherwise_gives_no_start(printer: str, save: str) -> None:
    _learned(printer)
    third = _prints(printer)[2]
    font = _font_of(_page_prefix(third))
    forged = SAVES[save](third, _widened(font))
    assert _page_prefix(forged) == _page_prefix(third)  # the same bytes drawn,
    known = _starts(forged)
    assert known[0] is None  # with another font: not known (nor page 2, if it shares it)
    _read_both_ways(forged, known)


@pytest.mark.parametrize("printer", PRINTERS)
def test_a_start_ends_before_the_values_font(printer: str) -> None:
    """The values are drawn with a font subset of their own (DejaVu Sans), different in
    every print: no start names it, though pdftocairo names it before the first value."""
    _learned(printer)
    objects = Objects(_prints(printer)[2])
    for number in range(2):
        chain = sharedstarts._page(objects, number, 0).chain
        fonts = objects.dict_of(objects.dict_of(chain[0]["/Resources"]).get("/Font"))
        values = {
            name
            for name, font in fonts.items()
            if "DejaVu" in str(objects.dict_of(font).get("/BaseFont"))
        }
        assert values
        for start in sharedstarts._STARTS.values():
            assert not values & start.names


def test_a_page_of_more_streams_than_one_has_no_shared_start() -> None:
    """(A flattened return's pages: the form page's streams, then the values'; they are
    :mod:`.knownstarts`' to serve.)"""
    data = A.issued(flatten=True)
    assert _starts(data) == [None, None]
    assert not sharedstarts._LAST


def test_the_pages_of_a_large_file_are_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """(A page kept holds its file's bytes.)"""
    monkeypatch.setattr(sharedstarts, "MAX_KEPT_FILE", len(_prints("gs")[0]) - 1)
    assert _starts(_prints("gs")[0]) == [None, None]
    assert not sharedstarts._LAST


@pytest.mark.parametrize("printer", PRINTERS)
def test_a_prints_objects_kept_are_those_a_walk_of_every_object_finds(
    printer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the third print on, its pages' shared objects are known (met, then kept,
    then taken): each walk finds what a walk of every object finds, handles and all (a
    line of pdftocairo's wording runs through the effective date's box: its object is
    looked at on its own, .vouching._apart)."""
    monkeypatch.setattr(ownobjects, "_KEPT", Kept(ownobjects.MAX_REMEMBERED))
    extra = [
        Release.create(**{**A.RELEASE.values(), "speaker_name": name, "signature": name})
        for name in ("Grace Hopper", "Alan Turing")
    ]
    prints = [
        *_prints(printer),
        *(printed(r, printer, today=A.TODAY, flatten=True, strict=True) for r in extra),  # type: ignore[arg-type]
    ]
    checked = _Checked(monkeypatch)
    records = [parse(data, today=A.TODAY) for data in prints]
    assert checked.own > 0
    assert {r.status for r in records} == {Status.VALID}, records[-1].findings
    monkeypatch.setattr(pageviews, "shared_start", lambda *args, **options: None)
    assert [parse(data, today=A.TODAY) for data in prints] == records


def _drawing_a_form(mark: bytes) -> Callable[[PdfWriter], None]:
    """Page 1 drawing first a Form XObject ``/Fm`` whose resources have no XObjects and
    which draws ``/Im``: PDFium takes the page's ``/Im``, which draws ``mark``."""

    def edit(writer: PdfWriter) -> None:
        page = writer.pages[0]
        content = page.get_contents().get_data()  # type: ignore[union-attr]
        add_form_xobject(writer, page, "/Fm", b"/Im Do", resources=DictionaryObject())
        add_form_xobject(writer, page, "/Im", mark, resources=DictionaryObject())
        stream = StreamObject()
        stream.set_data(b"q /Fm Do Q\n" + content)
        page[NameObject("/Contents")] = writer._add_object(stream)

    return edit


@pytest.mark.parametrize("save", SAVES)
@pytest.mark.parametrize("printer", PRINTERS)
def test_a_form_the_start_names_is_never_taken_for_the_last_prints(
    printer: str, save: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Prints whose pages draw a form that draws the page's ``/Im`` (nothing), then one
    whose ``/Im`` draws a bar across the page: the form is named in the bytes the
    prints share, and what it draws is not (review s44: a forged print read `valid`).
    No start is shared; the last reads as it reads alone."""
    monkeypatch.setattr(ownobjects, "_KEPT", Kept(ownobjects.MAX_REMEMBERED))
    more = [
        printed(
            Release.create(**{**A.RELEASE.values(), "speaker_name": name, "signature": name}),
            printer,  # type: ignore[arg-type]
            today=A.TODAY,
            flatten=True,
            strict=True,
        )
        for name in ("Grace Hopper", "Alan Turing", "Katherine Johnson")
    ]
    # (enough of them for the start to be read, its objects met, kept and then taken)
    prints = [*_prints(printer), *more[1:]]
    blank = [SAVES[save](data, _drawing_a_form(b"")) for data in prints]
    barred = SAVES[save](more[0], _drawing_a_form(b"0 g 60 560 480 6 re f"))
    for data in blank:
        parse(data, today=A.TODAY)
    record = parse(barred, today=A.TODAY)
    assert _starts(barred)[0] is None
    assert record.status is not Status.VALID, record.findings
    monkeypatch.setattr(pageviews, "shared_start", lambda *args, **options: None)
    monkeypatch.setattr(ownobjects, "_KEPT", Kept(ownobjects.MAX_REMEMBERED))
    assert parse(barred, today=A.TODAY) == record
