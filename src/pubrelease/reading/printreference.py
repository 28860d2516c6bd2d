"""The form's page drawn in a print's own fonts: which of a print's wording cells to look at.

pdftocairo prints the form's wording in Nimbus Sans, its own copy of Helvetica, embedded
as a subset: no cell of the wording has the form's pixels at 72 dpi, so every line of it
was drawn at 216 dpi and judged (:mod:`.wordingglyphs`), 14 ms a print. Yet the print
draws the form's words where the form draws them, from the same subset in print after
print: the form's page drawn with the print's fonts in place of its own (a *reference*,
:func:`reference`) has the print's pixels in all but some thirty of its 3,274 cells
(the "1." of each clause, placed a pixel otherwise).

A reference is judged once, as a return is: its cells apart from the form's are drawn
at 216 dpi and each glyph compared with the form's character (``judge``). A print's
cell whose pixels at 72 dpi are the reference's shows what the reference shows there
(:mod:`.wordingcells`): where the reference's glyph was judged the form's character,
the print's is not looked at again; every other cell of the print is, against the
form's own page, as before. (Where the reference has the form's own pixels, and was not
judged, the print's cell is compared with the form's page itself: a cell never stands
two steps of 16 grey levels from the form's unlooked at.)

The reference is made of the print's own fonts, known by a digest of each font and all
it refers to (:func:`..pdf.nodefonts.node_digest`), so what a print is judged by depends
on its file alone. Which of the print's fonts stands for which of the form's is guessed
from their names (:data:`STANDS_FOR`): a wrong guess, a font that lies, a glyph drawn
otherwise only make cells of the reference or of the print differ, and those are looked
at.
"""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, NameObject

from ..form.template import Form
from ..pdf.kept import Kept
from ..pdf.nodefonts import node_digest, node_fonts
from ..pdf.nodes import Ref
from ..pdf.objectcopy import copied, serialised
from ..pdf.objects import Objects
from ..pdf.outlineproof import SUBSET_TAG
from ..pdf.pagefonts import MAX_FONTS, MAX_OBJECTS
from ..pdf.rendering import Rendered, ViewMode, render_page
from ..pdf.writer import write_update

__all__ = ["STANDS_FOR", "PrintReference", "Prints", "reference"]

STANDS_FOR: dict[str, frozenset[str]] = {
    "Helvetica": frozenset(
        {"Helvetica", "NimbusSans-Regular", "NimbusSanL-Regu", "ArialMT", "Arial"}
        | {"LiberationSans", "LiberationSans-Regular"}
    ),
    "Helvetica-Bold": frozenset(
        {"Helvetica-Bold", "NimbusSans-Bold", "NimbusSanL-Bold", "Arial-BoldMT", "Arial,Bold"}
        | {"LiberationSans-Bold"}
    ),
    "Times-Roman": frozenset(
        {"Times-Roman", "NimbusRoman-Regular", "NimbusRomNo9L-Regu", "TimesNewRomanPSMT"}
        | {"LiberationSerif"}
    ),
    "Times-Bold": frozenset(
        {"Times-Bold", "NimbusRoman-Bold", "NimbusRomNo9L-Medi", "TimesNewRomanPS-BoldMT"}
        | {"LiberationSerif-Bold"}
    ),
    "Courier": frozenset(
        {"Courier", "NimbusMonoPS-Regular", "NimbusMonL-Regu", "CourierNewPSMT"}
        | {"LiberationMono"}
    ),
}
"""The names (without a subset tag) under which a printer embeds its copy of a standard
font of the form: its own name, URW's (Ghostscript's and poppler's Nimbus), Microsoft's
and Liberation's."""

KEPT = 16
"""References kept per process (a few hundred kilobytes each)."""

_KEPT: Kept[tuple[object, ...], PrintReference | None] = Kept(KEPT)


@dataclass(frozen=True, slots=True)
class PrintReference:
    """The form's page drawn in a print's fonts, and judged."""

    screen: Rendered
    """Drawn for the screen, as a return's page is (72 dpi)."""
    unsure: frozenset[int]
    """The cells of the form's wording whose glyph the reference does not show as the
    form's character (judged at 216 dpi): looked at in every print."""
    as_form: frozenset[int]
    """The cells whose pixels the reference has as the form's page has them (not judged
    at 216 dpi, as a return's are not): a print's such cell is compared with the form's
    page itself, so that it is never further from it than a return's may be."""


Judge = Callable[[pdfium.PdfPage, Rendered], tuple[frozenset[int], frozenset[int]]]
"""The cells of a reference page (drawn for the screen) whose glyph is not judged the
form's character, and those with the form's pixels (:mod:`.wordingglyphs`)."""

Prints = Callable[[int, int, Judge], PrintReference | None]
"""A return's references: for its page ``number`` and the form's page ``index`` it is
matched to, the reference (made with ``judge`` the first time), or None."""


@functools.lru_cache(maxsize=8)
def _form_reader(form: Form) -> PdfReader:
    return PdfReader(io.BytesIO(form.template))


@functools.lru_cache(maxsize=8)
def _form_fonts(form: Form) -> tuple[dict[str, str], ...]:
    """Per page of the form's template: each font's ``/BaseFont`` -> its resource name
    (a name of two resources left out)."""
    reader = _form_reader(form)
    out: list[dict[str, str]] = []
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {}).get_object()
        names: dict[str, list[str]] = {}
        for name, font in fonts.items():
            base = str(font.get_object().get("/BaseFont", "")).lstrip("/")
            names.setdefault(base, []).append(str(name))
        out.append({base: found[0] for base, found in names.items() if len(found) == 1})
    return tuple(out)


@functools.lru_cache(maxsize=8)
def _form_key(form: Form) -> bytes:
    return hashlib.blake2b(form.template, digest_size=20).digest()


def _standing_for(
    form: Form, index: int, objects: Objects, max_pages: int, number: int
) -> dict[str, Ref]:
    """The form's page ``index``'s font resources -> the one font of the return's page
    ``number`` that is named as a copy of each (none when two are)."""
    fonts, _ = node_fonts(
        objects, max_pages=max_pages, max_objects=MAX_OBJECTS, max_fonts=MAX_FONTS
    )
    bare: dict[str, set[Ref]] = {}
    for font in fonts:
        if font.page == number and font.ref is not None:  # (inline ones are not asked for)
            bare.setdefault(SUBSET_TAG.sub("", font.base.lstrip("/")), set()).add(font.ref)
    out: dict[str, Ref] = {}
    for base, resource in _form_fonts(form)[index].items():
        names = STANDS_FOR.get(base, frozenset())
        found: set[Ref] = set().union(*(refs for name, refs in bare.items() if name in names))
        if len(found) == 1:
            out[resource] = found.pop()
    return out


def _drawn(form: Form, index: int, reader: PdfReader, fonts: dict[str, Ref]) -> bytes:
    """The form's template with page ``index`` drawing with the return's ``fonts`` (by
    resource name) in place of its own: an incremental update of the template holding
    the page and copies of the fonts (:mod:`..pdf.objectcopy`)."""
    page = _form_reader(form).pages[index]
    if page.indirect_reference is None:
        raise ValueError("the form's page is not an object of its own")
    for ref in fonts.values():
        if not isinstance(IndirectObject(ref.num, ref.gen, reader).get_object(), DictionaryObject):
            raise ValueError("not a font dictionary")
    numbers, objects = copied(reader, fonts.values(), form.trailer.size, limit=MAX_OBJECTS)
    resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
    drawing = DictionaryObject(resources.get("/Font", DictionaryObject()).get_object())
    for resource, ref in fonts.items():
        drawing[NameObject(resource)] = IndirectObject(numbers[ref], 0, None)
    resources[NameObject("/Font")] = drawing
    drawn = DictionaryObject(page)
    drawn[NameObject("/Resources")] = resources
    objects[page.indirect_reference.idnum] = serialised(drawn)
    return write_update(form.template, form.trailer, objects, update_id="0" * 32)


def reference(
    form: Form,
    objects: Objects | None,
    reader: Callable[[], PdfReader],
    max_pages: int,
    number: int,
    index: int,
    judge: Judge,
) -> PrintReference | None:
    """The reference for the return's page ``number`` (of ``objects``, as the fast reader
    reads them, its fonts walked as :func:`..pdf.pagefonts.check_fonts` walks the first
    ``max_pages``; ``reader`` opens pypdf's reader of the file), matched to the form's page
    ``index``: made and judged the first time its fonts are met, kept by their digests;
    None when no font of the page stands for one of the form's, or the fonts cannot be
    read or copied."""
    if objects is None:
        return None
    try:
        fonts = _standing_for(form, index, objects, max_pages, number)
        if not fonts:
            return None
        key = (
            _form_key(form),
            index,
            tuple(
                (name, node_digest(objects, ref, by_value=True))
                for name, ref in sorted(fonts.items())
            ),
        )
    except (MemoryError, RecursionError):
        raise
    except Exception:  # NotSure, or anything the fast reader did not expect
        return None
    if key in _KEPT:
        return _KEPT.recall(key)
    made: PrintReference | None = None
    try:
        doc = pdfium.PdfDocument(_drawn(form, index, reader(), fonts))
        try:
            screen = render_page(doc, index, ViewMode.SCREEN)
            page = doc[index]
            try:
                made = PrintReference(screen, *judge(page, screen))
            finally:
                page.close()
        finally:
            doc.close()
    except (MemoryError, RecursionError):
        raise
    except Exception:  # a font pypdf or PDFium cannot read or copy: no reference
        made = None
    return _KEPT.keep(key, made)
