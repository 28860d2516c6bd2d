"""Each page of a return loaded once and shared: the same pages and text as loading
them anew, every page and text page closed by their owner, and no page loaded more
than twice while a return is read (once, and once more after its widgets are drawn in)."""

from __future__ import annotations

import collections
import datetime as dt
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pubrelease import Release, Source, Status, parse
from pubrelease.pdf.loadedpages import LoadedPages, loaded
from pubrelease.pdf.rendering import ViewMode, flatten_page

from . import returns as R

RELEASE = Release.create(
    speaker_name="Ada Lovelace",
    event_title="Notes on the Analytical Engine",
    event_date="2020-07-15",
    effective_date="2020-09-23",
    consent="accept",
    signature="Ada Lovelace",
    sign_date="2020-09-23",
    countersigner_name="Charles Babbage",
    countersign_date="2020-09-23",
)

pytestmark = pytest.mark.usefixtures("general_path")
"""What these tests look at is the general path's: other tools' fills read so."""


@pytest.fixture
def filled(tmp_path: Path) -> bytes:
    """The template filled by pypdf: live widgets whose appearances hold the values."""
    return R.fill_pypdf(RELEASE, tmp_path / "pypdf.pdf").read_bytes()


def _text(page: pdfium.PdfPage) -> str:
    textpage = page.get_textpage()
    try:
        return str(textpage.get_text_range())
    finally:
        textpage.close()


def test_a_shared_page_is_loaded_once_with_one_text_page(filled: bytes) -> None:
    doc = pdfium.PdfDocument(filled)
    try:
        with LoadedPages(doc) as pages:
            assert len(pages) == len(doc)
            assert pages[0] is pages[0]
            assert pages.textpage(0) is pages.textpage(0)
            assert pages[1] is not pages[0]
    finally:
        doc.close()


def test_flattening_loads_the_page_again_as_a_fresh_load_shows_it(filled: bytes) -> None:
    doc, fresh = pdfium.PdfDocument(filled), pdfium.PdfDocument(filled)
    try:
        with LoadedPages(doc) as pages:
            before = pages[0]
            unflattened = pages.textpage(0).get_text_range()
            assert "Ada Lovelace" not in unflattened  # the values are in the widgets
            page = pages.flatten(0, ViewMode.SCREEN)
            assert page is not before and pages[0] is page
            # the text page read before flattening is gone: the new one reads the values
            assert "Ada Lovelace" in pages.textpage(0).get_text_range()
            reference = flatten_page(fresh, fresh[0], 0, ViewMode.SCREEN)
            try:
                assert pages.textpage(0).get_text_range() == _text(reference)
            finally:
                reference.close()
            # flattened already: nothing more is drawn in, the page and its text stand
            text = pages.textpage(0)
            assert pages.flatten(0, ViewMode.SCREEN) is page and pages.textpage(0) is text
    finally:
        doc.close()
        fresh.close()


def test_closing_closes_text_pages_then_pages_and_leaves_the_document(filled: bytes) -> None:
    doc = pdfium.PdfDocument(filled)
    try:
        pages = LoadedPages(doc)
        page, text = pages[0], pages.textpage(0)
        pages.close()
        assert text.raw is None and page.raw is None
        assert len(doc) == 2 and _text(doc[1])  # the document is its owner's, still open
        with loaded(doc) as borrowed:  # a document's pages loaded for the block only
            mine = borrowed[1]
        assert mine.raw is None
        shared = LoadedPages(doc)
        with loaded(shared) as same:  # shared pages are borrowed, not closed
            assert same is shared
            kept = same[1]
        assert kept.raw is not None
        shared.close()
    finally:
        doc.close()


def test_reading_a_return_loads_each_page_at_most_twice(
    filled: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the form's own pages, cached; a page's own characters are read the second time its
    # content is met (charboxes' known starts), from pages of their own
    for _ in range(2):
        parse(filled, expected=RELEASE, today=dt.date(2026, 11, 24))
    loads: collections.Counter[int] = collections.Counter()
    texts = collections.Counter[int]()
    get_page, get_textpage = pdfium.PdfDocument.get_page, pdfium.PdfPage.get_textpage

    def counted_page(self: pdfium.PdfDocument, index: int) -> pdfium.PdfPage:
        loads[index] += 1
        return get_page(self, index)

    def counted_text(self: pdfium.PdfPage) -> pdfium.PdfTextPage:
        texts[id(self)] += 1
        return get_textpage(self)

    monkeypatch.setattr(pdfium.PdfDocument, "get_page", counted_page)
    monkeypatch.setattr(pdfium.PdfPage, "get_textpage", counted_text)
    record = parse(filled, expected=RELEASE, today=dt.date(2026, 11, 24))
    assert record.status is Status.VALID and record.source is Source.FIELDS
    assert record.speaker_name == "Ada Lovelace"
    assert loads == {0: 2, 1: 2}  # each page once, and once more flattened
    assert sorted(texts.values()) == [1, 1]  # one text page per page


def test_a_print_is_read_from_its_loaded_pages_as_from_the_file_opened_again(
    filled: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a print's pages have no annotations: the value boxes' closeups and text extents
    # are read from the reading's own pages, the same pixels and characters as the file
    # opened again, which is then not opened again
    from pubrelease.pdf.closeups import render_closeups
    from pubrelease.pdf.pagetext import TextExtents

    source = tmp_path / "filled.pdf"
    source.write_bytes(filled)
    printed = R.flatten_with("pdftocairo", source, tmp_path / "printed.pdf").read_bytes()
    doc = pdfium.PdfDocument(printed)
    try:
        with LoadedPages(doc) as pages:
            # a low box over the name: its letters reach past it, above
            text = pages.textpage(0)
            at = text.get_text_range().index("Ada Lovelace")
            left, bottom, _, _ = text.get_charbox(at)
            _, _, right, _ = text.get_charbox(at + 11)
            low = (left - 1, bottom - 1, right + 1, bottom + 2)  # (the baselines in it)
            boxes = {0: [low, (72.0, 600.0, 300.0, 620.0)]}
            assert pages.plain(0) and pages.plain(1)
            fresh = render_closeups(printed, ViewMode.SCREEN, boxes, dpi=200)
            opened = collections.Counter[str]()
            document = pdfium.PdfDocument.__init__

            def counted(self: pdfium.PdfDocument, *args: object, **kwargs: object) -> None:
                opened["doc"] += 1
                document(self, *args, **kwargs)  # type: ignore[arg-type]

            monkeypatch.setattr(pdfium.PdfDocument, "__init__", counted)
            shared = render_closeups(printed, ViewMode.SCREEN, boxes, dpi=200, pages=pages)
            with TextExtents(printed, pages) as extents:
                grown = [extents(0, box, 8.0) for box in boxes[0]]
            assert not opened
            monkeypatch.undo()
            with TextExtents(printed) as extents:
                assert grown == [extents(0, box, 8.0) for box in boxes[0]]
            assert [c.text for c in shared[0]] == [c.text for c in fresh[0]]
            assert "Ada Lovelace" in shared[0][0].text and grown[0] != boxes[0][0]
            assert all((a.image == b.image).all() for a, b in zip(shared[0], fresh[0], strict=True))
    finally:
        doc.close()
    # a page with widgets is not plain until flattened: nor after something is drawn in
    doc = pdfium.PdfDocument(filled)
    try:
        with LoadedPages(doc) as pages:
            assert not pages.plain(0)
            pages.flatten(0, ViewMode.SCREEN)
            assert not pages.plain(0)
    finally:
        doc.close()
