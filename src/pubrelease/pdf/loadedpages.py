"""A document's pages, each loaded once and shared by everything that reads one file.

Loading a page (``FPDF_LoadPage``) parses its content stream, and a text page
(``FPDFText_LoadPage``) reads every character of it: together about a millisecond for a
page of our form. Reading one return looks at the same pages again and again (is it a
scan, its text and render, the consent boxes, the signature's ink, the value boxes'
drawings); each of those loading the pages anew loaded every page of a return about ten
times. Here a page is loaded once, and once more only when annotations are drawn into
it (flattening changes the page's content *in the document*: a page already loaded keeps
the old content until it is loaded again).

So that a shared page is always what ``doc[number]`` would give at that moment, the one
change made to a page's content while reading, flattening, goes through :meth:`flatten`,
which loads the page again when something was drawn in (a text page read before it is
closed first, and read again when asked for). Renders, text pages, searches and object
lists do not change a page.

The pages and text pages belong to a :class:`LoadedPages`: users borrow them and never
close them; :meth:`close` (or leaving its ``with`` block) closes every text page, then
every page, before the document is closed by its owner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TypeVar

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .charboxes import Boxes, KnownStart, page_boxes
from .ownobjects import OwnObjects
from .rendering import Box, ViewMode, flatten_page, signing_annotations
from .typednotes import TypedNote, typed_notes

__all__ = ["LoadedPages", "each_flattened_page", "loaded"]


class LoadedPages:
    """The pages of ``doc`` (which the caller owns and closes after this), loaded on
    first use and kept, with one text page each."""

    def __init__(self, doc: pdfium.PdfDocument) -> None:
        self.doc = doc
        self._pages: dict[int, pdfium.PdfPage] = {}
        self._texts: dict[int, pdfium.PdfTextPage] = {}
        self._drawn: set[int] = set()  # pages something was drawn into by flattening
        self._signing: dict[int, tuple[Box, ...]] = {}  # before flattening
        self._typed: dict[int, tuple[TypedNote, ...]] = {}  # before flattening
        self._boxes: dict[int, Boxes] = {}  # of the text pages' characters
        self.own: dict[int, OwnObjects] = {}
        """Pages flattened whose own content is known (:mod:`.ownobjects`), by number."""

    def __len__(self) -> int:
        return len(self.doc)

    def __getitem__(self, number: int) -> pdfium.PdfPage:
        """Page ``number`` as the document holds it now (borrowed: do not close it)."""
        page = self._pages.get(number)
        if page is None:
            page = self._pages[number] = self.doc[number]
        return page

    def textpage(self, number: int) -> pdfium.PdfTextPage:
        """The text page of page ``number`` as it is now (borrowed: do not close it)."""
        text = self._texts.get(number)
        if text is None:
            text = self._texts[number] = self[number].get_textpage()
        return text

    def boxes(self, number: int, known: KnownStart | None = None) -> Boxes:
        """The boxes of the characters of page ``number``'s text page as it is now
        (:func:`.charboxes.page_boxes`, with the page's own characters ``known``, if
        known), made once a text page: the reading, the check and each close-up of a page
        share them (each character's tight box asked for once)."""
        textpage = self.textpage(number)
        found = self._boxes.get(number)
        if found is None or not found.of(textpage):
            found = self._boxes[number] = page_boxes(textpage, known)
        return found

    def flatten(self, number: int, mode: ViewMode = ViewMode.SCREEN) -> pdfium.PdfPage:
        """Page ``number`` with the annotations a viewer shows in ``mode`` drawn into it
        (:func:`.rendering.flatten_page`, in the in-memory document), loaded again when
        something was drawn in."""
        page = self[number]
        if not pdfium_c.FPDFPage_GetAnnotCount(page.raw):
            return page  # nothing to draw in (nor to hide): the page and its text stand
        self.signing(number)  # (read while the annotations are there)
        self.typed(number)
        text = self._texts.pop(number, None)
        if text is not None:  # read before: closed before its page may be
            self._boxes.pop(number, None)
            text.close()
        flat = self._pages[number] = flatten_page(self.doc, page, number, mode)
        if flat is not page:
            self._drawn.add(number)
        return flat

    def drawn(self, number: int) -> bool:
        """Whether annotations were drawn into page ``number`` by :meth:`flatten`."""
        return number in self._drawn

    def signing(self, number: int) -> tuple[Box, ...]:
        """:func:`.rendering.signing_annotations` of page ``number`` as the file has it,
        before any flattening here (which draws them into the page as forms)."""
        found = self._signing.get(number)
        if found is None:
            found = self._signing[number] = signing_annotations(self[number])
        return found

    def typed(self, number: int) -> tuple[TypedNote, ...]:
        """:func:`.typednotes.typed_notes` of page ``number`` as the file has it, before
        any flattening here."""
        found = self._typed.get(number)
        if found is None:
            found = self._typed[number] = typed_notes(self[number])
        return found

    def plain(self, number: int) -> bool:
        """Whether page ``number`` has no annotations and nothing was drawn into it: it is
        then what the file's page is as loaded anew, and flattened for any view (a
        print's, a flattened return's), and may be read so instead of opening the file
        again (its page and text page borrowed, as ever)."""
        return number not in self._drawn and not pdfium_c.FPDFPage_GetAnnotCount(self[number].raw)

    def close(self) -> None:
        """Close every text page, then every page (the document stays open)."""
        self._boxes.clear()
        for text in self._texts.values():
            text.close()
        self._texts.clear()
        for page in self._pages.values():
            page.close()
        self._pages.clear()

    def __enter__(self) -> LoadedPages:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


@contextmanager
def loaded(source: pdfium.PdfDocument | LoadedPages) -> Iterator[LoadedPages]:
    """``source``'s pages: shared ones as they are, or a document's pages loaded for the
    ``with`` block (and closed at its end; the document stays open)."""
    if isinstance(source, LoadedPages):
        yield source
        return
    with LoadedPages(source) as pages:
        yield pages


T = TypeVar("T")


def each_flattened_page(
    data: bytes, count: int, read: Callable[[pdfium.PdfPage], T]
) -> tuple[T, ...]:
    """``read`` of each of the first ``count`` pages of the document ``data`` (a form's
    template), its annotations drawn into it as a screen shows them."""
    doc = pdfium.PdfDocument(data)
    try:
        out = []
        for number in range(min(len(doc), count)):
            page = flatten_page(doc, doc[number], number, ViewMode.SCREEN)
            try:
                out.append(read(page))
            finally:
                page.close()
        return tuple(out)
    finally:
        doc.close()
