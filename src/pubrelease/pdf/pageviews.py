"""Each page read once: its text in reading order and what a viewer shows of it.

The reading needs every page's text (:mod:`.pagetext`) and the check of what the page
shows needs every page rendered on screen and in print, with the glyphs of its text layer
(:mod:`.rendering`). Done one after the other, that is three PDFium documents, a dozen page
loads and two text pages per page. Here one document serves both: each page is loaded,
flattened for the screen (when the reading flattens too, or when there is nothing to
flatten) and read into one text page, from which come both the characters of the reading
and the glyphs of the check, and it is rendered once.

The print render is a second render only where print can differ from the screen. PDFium
renders the two alike but for two things: the annotations each flattening draws in
(``FPDFPage_Flatten``: print draws those flagged Print; the screen those not Hidden nor
Invisible) and optional content, whose state PDFium reads for its use (``FPDF_PRINTING``:
print, else view). So a page is rendered again for print when any of its annotations is
not plainly "shown and printed" (flags: Print, and none of Hidden, Invisible, NoView,
ToggleNoView), or when the file's optional content may read otherwise in print.

That last one is decided from the names the file's dictionaries use. PDFium judges a
group (``CPDF_OCContext::LoadOCGState``; a membership dictionary by its groups, an
annotation's or XObject's ``/OC`` and a marked-content ``/OC`` alike) by its intent,
which does not depend on the use, then by its ``/Usage`` (``/Print /PrintState``,
``/View /ViewState``), then by the default configuration of the catalog's
``/OCProperties`` (``/BaseState``, ``/ON``, ``/OFF``, the same for both uses, and the
``/AS`` events, which may not be). Without a ``/Usage`` key and without
``/OCProperties``, every group reads the same in print as on screen: there is nothing for
the use to change. Dictionaries are written either in the file's bytes or inside object
streams (content streams hold no dictionary PDFium reads a group from: a marked-content
``/OC`` names a resource), so both names (with any ``#`` escape) are looked for in the
bytes and in every object stream, decoded by the fast object reader
(:mod:`.objects`). Where that reader did not vouch for the file, or some object stream is
not one it decoded, the file is taken as layered.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .charboxes import KnownStart, known_start
from .clipping import clipped_chars
from .knownstarts import start_keys, template_start
from .loadedpages import LoadedPages
from .nodefonts import content_keys
from .nodes import name_pattern
from .objects import NotSure, Objects, Ref
from .ownobjects import OwnObjects, flattened_safely
from .pagespace import page_space
from .pagetext import PageText, Rect, page_text
from .rendering import Rendered, ViewMode, render_page, unpainted_annotations
from .sharedstarts import shared_start
from .type3place import draws_type3

__all__ = ["PageViews", "layers_may_print_otherwise", "prints_as_shown", "view_pages"]


_USE_MATTERS = re.compile(name_pattern("Usage") + b"|" + name_pattern("OCProperties"))
"""The keys through which a layer can read otherwise in print (see the module), however
written."""
_OBJECT_STREAM = re.compile(name_pattern("ObjStm"))

_SHOWN_AND_PRINTED = pdfium_c.FPDF_ANNOT_FLAG_PRINT
_NOT_ALIKE = (
    pdfium_c.FPDF_ANNOT_FLAG_HIDDEN
    | pdfium_c.FPDF_ANNOT_FLAG_INVISIBLE
    | pdfium_c.FPDF_ANNOT_FLAG_NOVIEW
    | pdfium_c.FPDF_ANNOT_FLAG_TOGGLENOVIEW
)


def layers_may_print_otherwise(data: bytes, objects: Objects | None = None) -> bool:
    """Whether optional content of ``data`` may read otherwise in print than on screen
    (see the module); ``objects``: its objects as the fast reader read them, if it did."""
    if _USE_MATTERS.search(data):
        return True
    packed = len(_OBJECT_STREAM.findall(data))
    if not packed:
        return False
    if objects is None:
        return True  # object streams no one has decoded: cannot look inside
    numbers = {stream for stream, _ in objects.in_stream.values()}
    if len(numbers) < packed:
        return True  # the name written more often than there are streams in use: unsure
    try:
        return any(_USE_MATTERS.search(objects.decoded(Ref(n, 0))) for n in sorted(numbers))
    except NotSure:
        return True


@dataclass(frozen=True, slots=True)
class PageViews:
    """Per page (from 0): the text read, the screen render, the print render (the same
    object as the screen's where print cannot differ)."""

    texts: list[PageText]
    screen: list[Rendered]
    printed: list[Rendered]


def prints_as_shown(page: pdfium.PdfPage) -> bool:
    """Whether both flattenings draw the same annotations of ``page`` (see the module)."""
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        if not annot:
            return False
        try:
            flags = pdfium_c.FPDFAnnot_GetFlags(annot)
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
        if not flags & _SHOWN_AND_PRINTED or flags & _NOT_ALIKE:
            return False
    return True


def view_pages(
    pages: LoadedPages,
    data: bytes,
    *,
    flatten: bool,
    max_pages: int,
    blocks: dict[int, list[Rect]] | None = None,
    objects: Objects | None = None,
    template: bytes | None = None,
) -> PageViews:
    """Up to ``max_pages`` of ``pages`` (of a document opened from ``data``; shared, each
    left loaded, with its text page, for what reads the file next): the text of each, as
    :func:`.pagetext.read_pages` reads it (``flatten``: with widget appearances drawn in,
    which changes the document in memory; ``blocks``: boxes read as one text each), and its
    screen and print renders, as
    :func:`.rendering.render_pages` makes them (glyphs on the screen's).

    ``objects``: the file's objects as the fast reader read them, to look inside its
    object streams for optional content (without them, a file with object streams is
    rendered for print too); ``template``: the form's template, whose pages' characters
    serve pages that draw one of them first (:mod:`.knownstarts`). A page with
    annotations whose text is read without them is rendered from a second copy of the
    file, so that the document stays as the reading leaves it. Raises
    :class:`pypdfium2.PdfiumError` for a file PDFium cannot read.
    """
    layered = layers_may_print_otherwise(data, objects)
    count = min(len(pages), max_pages)
    none: list[bytes | None] = [None] * count
    # each page's own characters: a form page's, known from the template when the page
    # draws one first (.knownstarts); else known by the digest of everything the page
    # draws its content from (.charboxes), made only then (a flattened return's takes a
    # few milliseconds, and serves no other return)
    starts = functools.cache(lambda: start_keys(objects, count) if objects is not None else none)
    keys = functools.cache(lambda: content_keys(objects, count) if objects is not None else none)

    def own_start(number: int) -> tuple[KnownStart | None, bytes | None]:
        """The page's own characters: a form page's, known from the template; else
        remembered from earlier files, or read now, before anything is drawn in; and
        the digest of its own content, where that served."""
        known = template_start(template, starts()[number]) if template else None
        if known is not None:
            return known, None
        # (the file marked by its bytes: a file read again is not a second file)
        mark = hash(data)
        bare = not pdfium_c.FPDFPage_GetAnnotCount(pages[number].raw)
        if bare and objects is not None:
            # a print's wording (.sharedstarts; its objects too, nothing drawn in): its
            # whole content digests like no other page's, not worth digesting
            shared = shared_start(objects, number, data, mark, learn=False)
            if shared is not None:
                pages.own[number] = shared[1]
                return shared[0], None
        key = keys()[number]
        if key is None:
            return None, None
        known = known_start(key, functools.partial(pages.textpage, number), mark)
        if known is None and objects is not None:
            # (met now: the prefixes it shares; its characters only, with annotations
            # drawn in after its content: a bare page was asked above)
            shared = shared_start(objects, number, data, mark)
            known = None if shared is None else shared[0]
        return known, key

    copies: dict[ViewMode, pdfium.PdfDocument] = {}

    def copy(mode: ViewMode) -> pdfium.PdfDocument:
        if mode not in copies:
            copies[mode] = pdfium.PdfDocument(data)
        return copies[mode]

    views = PageViews([], [], [])
    try:
        for number in range(count):
            rects = (blocks or {}).get(number)
            page = pages[number]
            alike = not layered and prints_as_shown(page)
            known, key = own_start(number)
            if flatten or not pdfium_c.FPDFPage_GetAnnotCount(page.raw):
                painted = unpainted_annotations(page)
                if (
                    objects is not None
                    and key is not None
                    and pdfium_c.FPDFPage_GetAnnotCount(page.raw)
                    and flattened_safely(objects, number, key)
                ):  # its own objects, known by their digest once flattened (.ownobjects)
                    pages.own[number] = OwnObjects(key, pdfium_c.FPDFPage_CountObjects(page.raw))
                page = pages.flatten(number, ViewMode.SCREEN)
                textpage = pages.textpage(number)
                # the boxes of its characters, for the reading and the check alike
                boxes = pages.boxes(number, known)
                # what its clips cut away, and the value boxes' overflows
                clipped = clipped_chars(page, textpage, boxes, rects, pages.own.get(number))
                type3 = draws_type3(page)  # (glyphs that may stand anywhere: .type3place)
                text = page_text(
                    textpage, number, page_space(page).size, rects, boxes, clipped, type3=type3
                )
                shown = render_page(
                    pages.doc,
                    number,
                    ViewMode.SCREEN,
                    glyphs=True,
                    flattened=page,
                    unpainted=painted,
                    textpage=textpage,
                    known=boxes,
                    clipped=clipped,
                    own_content=pages.own.get(number),
                    type3=type3,
                )
            else:  # the text without the annotations; the screen from a copy
                textpage = pages.textpage(number)
                boxes = pages.boxes(number, known)
                clipped = clipped_chars(page, textpage, boxes, rects)
                type3 = draws_type3(page)
                text = page_text(
                    textpage, number, page_space(page).size, rects, boxes, clipped, type3=type3
                )
                shown = render_page(
                    copy(ViewMode.SCREEN),
                    number,
                    ViewMode.SCREEN,
                    glyphs=True,
                    known=known,
                    blocks=rects,
                    type3=type3,
                )
            views.texts.append(text)
            views.screen.append(shown)
            views.printed.append(
                shown if alike else render_page(copy(ViewMode.PRINT), number, ViewMode.PRINT)
            )
    finally:
        for other in copies.values():
            other.close()
    return views
