"""Value boxes whose glyphs are what their text layer reads, without looking at pixels.

A value box of our form is read from its text layer; :mod:`.valueboxes` makes sure the
box *shows* those words. Rendering it large and reading it by OCR is the costly way
(tens of milliseconds a box). For most boxes the file itself proves it, and then OCR of
the box could not find anything more:

* **A standard font that is not embedded** (pdf-lib, pypdf, pdftk and most other fillers
  draw values in Helvetica). There is no glyph program in the file: a viewer draws each
  code with the glyph its encoding *names*, from its own copy of the font, and a text
  extractor reads that same name's character, unless a ``/ToUnicode`` map says
  otherwise; :func:`..pdf.pagefonts.check_fonts` checks that every letter, digit or box
  the map reads is the character the encoding names
  (:attr:`~..pdf.tounicode.FontCheck.draws_named_glyphs`). So the glyphs shown are the
  standard shapes of the characters read.
* **Our own font program** (the DejaVu subset ``fill`` embeds: the same bytes, as PDFium
  reads them). Its outlines are DejaVu's and its ``cmap`` says truly which character
  each glyph is; the check of the font's ``/ToUnicode`` against that ``cmap`` (through
  ``/CIDToGIDMap``) covers every letter, digit and box it reads
  (:attr:`~..pdf.tounicode.FontCheck.reads_as_drawn`). So the glyphs shown are DejaVu's
  shapes of the characters read. The comparison with our own drawing, which needs the
  release filled and rendered again, proves nothing more.
* **A font ``fill`` makes for a release** (a HarfBuzz subset of DejaVu or Noto for the
  values outside the template's characters: Greek, Cyrillic, CJK...): the same program
  bytes, embedded the same way (each code its glyph's id) with the same ``/ToUnicode``
  map (:attr:`~..pdf.tounicode.FontCheck.glyph_texts`) as the font ``fill`` makes for
  the values read (:func:`release_fonts`). ``fill`` maps each glyph to the text HarfBuzz
  shaped into it, so the glyphs shown are that font's shapes of the characters read,
  whichever values the font was made for (those read are only where to look for it).
  The program is the one ``fill`` embeds now (with a ``cmap``: :mod:`..pdf.charmap`) or
  the one it embedded before, the same subset without it.
* **A printer's new subset of a font we ship** (Ghostscript's and pdftocairo's DejaVu
  Sans; pdfcpu's Roboto): an embedded TrueType program named like the bundled DejaVu
  Sans, a packaged Noto font or a font kept to compare with
  (:data:`..pdf.shippedfonts.REFERENCE`) whose every code that can draw ink draws that
  font's very outline of the text its map reads (:func:`..pdf.outlineproof.prove`).
  So the glyphs shown are that font's shapes of the characters read. Only the value
  boxes count it (:func:`unvouched_boxes`); the wording's check does not
  (:func:`trusted_fonts`).
* **A printer's copy of a standard font** (pdftocairo's URW Nimbus Sans in another
  program's Helvetica's place): a CFF program named as URW's copy, in WinAnsi, whose
  every code that may draw ink draws URW's outline of what WinAnsi reads it as, at
  the standard font's width (:func:`..pdf.standardclones.clone_of`). So the glyphs
  shown are the standard shapes of the characters read ("Jürgen Weiß", which OCR reads
  "WeiB"). It counts as the printer's subsets above do.

Glyph shapes are not all. The glyphs must also stand in the order they are read, not
drawn over one another (:func:`.glyphorder.arranged`); each text object upright (no mirror, turn or
slant) and cut by no clip but below the baseline (:func:`.cleardrawing.whole_above_baseline`);
each set at a size a reader sees (:data:`..pdf.painted.SMALLEST`: a "y" or a vowel
sign set at a hundredth of its size closes up with its advance and shows nothing);
painted in a colour that shows on white paper (:attr:`..pdf.pageobjects.PageObject.shows`:
a Thai vowel sign painted white over its letter's top shares its pixels at a pixel a
point, and the render alone cannot tell it is not there); and nothing else may draw
over them: a path, image or shading touching a glyph of the box
must be one the form's own page draws at the same place (the line a value stands on).
Ink that no glyph explains (outlines, an image in the box) and glyphs that do not show
are :mod:`.visual`'s (``ink-without-text``, ``hidden-text``), whatever is said here.

PDFium says which font draws each text object (:mod:`..pdf.textfonts`) by its
``/BaseFont`` name; the checks are pypdf's, of every font of the file by that name. A
name is trusted only when *every* font of the file with that name passes and every
font of the pages was checked: two fonts of one name (an honest Helvetica beside an
embedded one that lies, an embedded font named like ours) leave the name untrusted.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np
import pypdfium2 as pdfium
from pypdf import PdfReader

from ..form.template import Form
from ..pdf.loadedpages import LoadedPages, loaded
from ..pdf.objectink import ink_within
from ..pdf.objects import Objects
from ..pdf.outlineproof import shipped_name
from ..pdf.pagefonts import PageFonts
from ..pdf.pageobjects import DrawingFont, PageObject, nonzero_clips_only, page_objects
from ..pdf.painted import SMALLEST, unseen_paint
from ..pdf.rendering import Box, Glyph, Rendered, ViewMode
from ..pdf.tounicode import glyph_texts
from .cleardrawing import all_read, drawn_plainly, page_ink, whole_above_baseline
from .fonttrust import ReleaseFonts, our_programs, trusted_fonts, trusted_names
from .glyphorder import arranged, shown_alike_otherwise
from .wordingmarks import form_marks, meets, same_place

__all__ = ["ReleaseFonts", "Unvouched", "release_fonts", "trusted_fonts", "unvouched_boxes"]


RULE = 1.0
"""Points above a value box's foot where the form's rule under it may stand."""
BESIDE = 0.5
"""Of a value box's height, how far above and below it a drawing that is not text counts
as standing beside its value (:func:`_beside`)."""


class Unvouched(NamedTuple):
    """A value box whose glyphs the file does not vouch for."""

    name: str
    rect: Box
    text: str
    """The characters of its glyphs, in the text layer's order."""
    ours: bool
    """Some of its text is drawn in our own font program: it may look as ``fill`` draws
    it (otherwise it cannot, and comparing it with our drawing is no use)."""
    marked: bool = False
    """A drawing that is not text, and that the form's page does not make, lies in it
    above its rule (:func:`_marked`): an accent drawn over a letter, whatever font the
    letters are in."""
    misdrawn: tuple[str, ...] = ()
    """What its text layer reads that a font of it, named like a font we ship and
    mostly that font's outlines, draws with another glyph than that font's own
    (:attr:`~..pdf.tounicode.FontCheck.misdrawn`: a "k" emptied, a "c" read as "k")."""
    beside: bool = False
    """A drawing that is not text, and that the form's page does not make, lies just
    above or below it (:func:`_beside`): a vowel sign drawn under the box's rule."""


def _outlined(fonts: PageFonts) -> frozenset[bytes]:
    """Digests of the programs proved to draw a font we ship's outlines for what they
    read (:attr:`~..pdf.tounicode.FontCheck.draws_reference`)."""
    return frozenset(
        c.program
        for checks in fonts.by_name.values()
        for c in checks
        if c.draws_reference and c.program is not None and not c.swaps
    )


def release_fonts(form: Form, fonts: PageFonts, values: Mapping[str, str | None]) -> ReleaseFonts:
    """The fonts ``fill`` makes for ``values`` (field -> the text it shows) beside the
    template's own, when the file has an embedded font that may be one of them (else, or
    when the values cannot be laid out, none: nothing is looked for)."""
    ours = our_programs(form)
    if not any(
        c.glyph_texts is not None and c.program not in ours and not c.swaps
        for checks in fonts.by_name.values()
        for c in checks
    ):
        return frozenset()
    texts = tuple(
        (name, text)
        for name, plan in form.fields.items()
        if not plan.spec.kind.boxes and (text := values.get(name))
    )
    return _laid_out(form, texts)


@functools.lru_cache(maxsize=8)
def _laid_out(form: Form, texts: tuple[tuple[str, str], ...]) -> ReleaseFonts:
    """:func:`release_fonts` of ``texts`` (in the form's order of fields, as ``fill``
    lays them out: the first text a glyph stands for in them decides its map)."""
    from ..errors import PubreleaseError
    from ..filling.appearance import ValueFonts
    from ..filling.hanfaces import han_as_before, redrawn

    # as fill lays them out; and, for traditional or Japanese Han, in SC as until 1 December
    eras: list[contextlib.AbstractContextManager[None]] = [contextlib.nullcontext()]
    if redrawn(text for _, text in texts):
        eras.append(han_as_before())
    out = set()
    for era in eras:
        try:
            with era:
                laid_out = ValueFonts.for_values(form, dict(texts))
        except (PubreleaseError, ValueError):
            return frozenset()
        for font in laid_out.extra.values():
            read = {cid: text for cid, _, text in font.table.values() if text}
            mapped = glyph_texts("cff" if font.subset.cff else "truetype", read)
            # the program as embedded, and as fill embedded it before it had a cmap
            for program in {font.program, font.subset.program}:
                out.add((hashlib.blake2b(program, digest_size=20).digest(), mapped))
    return frozenset(out)


def _vouched_font(font: DrawingFont, trusted: dict[str, bool], ours: frozenset[bytes]) -> bool:
    embedded = trusted.get(font.name)
    if embedded is None or embedded != font.embedded:
        return False
    return not embedded or font.program in ours


def _box_vouched(
    rect: Box,
    glyphs: list[Glyph],
    objects: list[PageObject],
    marks: tuple[PageObject, ...],
    trusted: dict[str, bool],
    ours: frozenset[bytes],
    nonzero: Callable[[], bool],
    cut: bool = False,
    apart: Callable[[PageObject, Box], bool] = lambda o, rect: False,
) -> bool:
    """Whether the glyphs in ``rect`` are what the text layer reads (see the module;
    ``nonzero``: whether the file sets every clip by the nonzero rule; ``cut``: the box's
    value is cut at its edge, already left to a person, ``value-clipped``: what a clip
    cuts off its glyphs is not judged here; ``apart``: whether a text object, though its
    box meets ``rect``, draws no glyph there, :func:`_apart`)."""
    if any(not g.char.isprintable() or g.char == "\ufffd" for g in glyphs):
        return False
    if not arranged([g for g in glyphs if not g.invisible]) or shown_alike_otherwise(glyphs):
        return False
    for o in objects:
        if not meets(o.box, rect):
            continue
        if o.font is not None:
            # (set at a size a reader sees: a glyph shrunk to a speck closes up with its
            # advance, and a render of a pixel a point does not judge a glyph under half
            # a point, .pdf.rendering)
            if not (o.plain and o.shows and o.size >= SMALLEST):
                return False
            if not _vouched_font(o.font, trusted, ours):
                if apart(o, rect):
                    continue  # (a line of wording around the box's blank: not in it)
                return False
            mine = [g for g in glyphs if meets(g.box, o.box)]
            if not cut and not whole_above_baseline(o, mine, nonzero):
                return False
        elif any(meets(o.box, g.box) for g in glyphs) and not same_place(o, marks):
            return False
    return True


def _apart(pages: LoadedPages, number: int) -> Callable[[PageObject, Box], bool]:
    """Whether a text object of page ``number`` of ``pages`` (flattened, as it was
    walked) draws nothing inside a box its box meets, seen on its own render
    (:func:`..pdf.objectink.ink_within`). Only for an object set straight on the page (a
    form XObject's object is placed by its form). A printer sets a line of the form's
    wording as one object, its box over the blank where the value stands (review s32: a
    pdftocairo print's effective date was read by OCR, a few milliseconds each return,
    for its line's box)."""

    def apart(o: PageObject, rect: Box) -> bool:
        if not o.address or o.nested:
            return False
        return ink_within(pages.doc, pages[number], o.address, o.box, rect) is False

    return apart


def _marked(rect: Box, objects: list[PageObject], marks: tuple[PageObject, ...]) -> bool:
    """Whether a drawing that is not text meets ``rect`` above its foot's :data:`RULE`
    and is not one the form's page makes (``marks``). No honest return measured has one
    in a value box: fills by pypdf, pdftk, pdf-lib, PyPDFForm and ``fill``, flattened,
    re-saved or printed by pdftocairo, Ghostscript and mutool."""
    left, bottom, right, top = rect
    return _foreign(objects, marks, ((left, bottom + RULE, right, top),))


def _foreign(
    objects: list[PageObject], marks: tuple[PageObject, ...], areas: tuple[Box, ...]
) -> bool:
    """Whether a drawing of ``objects`` that is not text, and that the form's page does
    not make (``marks``), meets one of ``areas``."""
    return any(
        o.font is None and any(meets(o.box, area) for area in areas) and not same_place(o, marks)
        for o in objects
    )


def _strips(rect: Box, others: list[Box]) -> tuple[Box, Box]:
    """The strips :data:`BESIDE` of ``rect``'s height tall above and below it, each
    stopped halfway to another value box (of ``others``) across its way: what is nearer
    that box is that box's (a signature pasted as a picture hangs below its line, towards
    the date's box under it: review rev24)."""
    left, bottom, right, top = rect
    reach = BESIDE * (top - bottom)
    ceiling, floor = top + reach, bottom - reach
    for other in others:
        if other == rect or not (other[0] < right and left < other[2]):
            continue
        if other[1] >= top:
            ceiling = min(ceiling, (top + other[1]) / 2)
        elif other[3] <= bottom:
            floor = max(floor, (bottom + other[3]) / 2)
    return (left, top, right, ceiling), (left, floor, right, bottom)


def _beside(
    strips: tuple[Box, Box], objects: list[PageObject], marks: tuple[PageObject, ...]
) -> bool:
    """Whether a drawing that is not text, and that the form's page does not make
    (``marks``), meets the ``strips`` just above or below a value box (:func:`_strips`).

    A value is clipped to its box, so nothing of it is drawn there; but a vowel sign or a
    dot painted under the box's rule, or a mark high above the letters, is read with
    them (review rev23: 'أَحْمَدِ' for 'أَحْمَد', 'सावित्रीबुाई' for 'सावित्रीबाई'), and
    a comparison of the box with ``fill``'s drawing, cropped to the box, cannot see it.
    No honest return measured has one (see :func:`_marked`)."""
    return _foreign(objects, marks, strips)


def _shown_as_proved(
    rect: Box,
    glyphs: list[Glyph],
    objects: list[PageObject],
    outlined: frozenset[bytes],
    unseen: Callable[[], bool],
) -> bool:
    """Whether the glyphs in ``rect``, where a font proved by its outlines draws there,
    are painted and placed as that font draws them: each text object in it filled, not
    stroked, with no transparency (:attr:`~..pdf.pageobjects.PageObject.filled`), in a
    file with no paint the objects' calls cannot see (``unseen``: a pattern, a transfer
    function, layers...: :func:`..pdf.painted.unseen_paint`), and the glyphs as far
    apart as the font sets them (:mod:`.glyphspacing`; one such font, or fonts named
    alike; each such font's glyphs so). Fonts vouched for otherwise are as they were."""
    drawn = [(o, o.font) for o in objects if o.font is not None and meets(o.box, rect)]
    names = {shipped_name(font.name) for _, font in drawn if font.program in outlined}
    if not names:
        return True
    if unseen() or not all(o.filled for o, _ in drawn):
        return False
    from .glyphspacing import set_apart

    if len(names) == 1:
        return set_apart(glyphs, next(iter(names)))
    # (several: each font's glyphs, those meeting its text objects, as far apart as it
    # sets them; a name in DejaVu Sans with its Hebrew in Noto Sans Hebrew)
    return all(
        set_apart([g for g in glyphs if any(meets(g.box, o.box) for o in of[name])], name)
        for of in [_by_name(drawn)]
        for name in names
    )


def _by_name(drawn: list[tuple[PageObject, DrawingFont]]) -> dict[str, list[PageObject]]:
    out: dict[str, list[PageObject]] = {}
    for o, font in drawn:
        out.setdefault(shipped_name(font.name), []).append(o)
    return out


def _changed_fonts(fonts: PageFonts) -> dict[bytes, frozenset[str]]:
    """Digest of a program -> what it draws otherwise than the font we ship of its name
    (:attr:`~..pdf.tounicode.FontCheck.misdrawn`), for the programs that do."""
    out: dict[bytes, frozenset[str]] = {}
    for checks in fonts.by_name.values():
        for c in checks:
            if c.misdrawn and c.program is not None:
                out[c.program] = out.get(c.program, frozenset()) | c.misdrawn
    return out


def _misdrawn(
    rect: Box, text: str, objects: list[PageObject], changed: dict[bytes, frozenset[str]]
) -> tuple[str, ...]:
    """What ``text``, read in ``rect``, holds that a font drawing there draws otherwise
    (:func:`_changed_fonts`)."""
    if not changed:
        return ()
    found: set[str] = set()
    for o in objects:
        if o.font is not None and o.font.program in changed and meets(o.box, rect):
            found.update(t for t in changed[o.font.program] if t in text)
    return tuple(sorted(found))


def _drawn_ours(rect: Box, objects: list[PageObject], ours: frozenset[bytes]) -> bool:
    """Whether some text in ``rect`` is drawn in our own font program (or, with no list of
    objects, whether that cannot be ruled out)."""
    if not objects:
        return True
    return any(
        o.font is not None and o.font.program in ours and meets(o.box, rect) for o in objects
    )


def _inside(page: Rendered, rects: list[Box]) -> list[list[Glyph]]:
    """For each of ``rects``, the glyphs of ``page`` whose boxes meet it, in the text
    layer's order (from the page's arrays, every rectangle at once: only those glyphs are
    made)."""
    table = page.glyphs
    if not rects:
        return []
    edges = np.array(rects, np.float64)
    b = table.boxes
    # the glyphs meeting the rectangles' span first (a page's wording lies around its
    # value boxes), then each rectangle against those alone
    near = (
        np.flatnonzero(
            (b[:, 0] < edges[:, 2].max())
            & (b[:, 2] > edges[:, 0].min())
            & (b[:, 1] < edges[:, 3].max())
            & (b[:, 3] > edges[:, 1].min())
        )
        if np.isfinite(edges).all()
        else np.arange(len(b))
    )
    c = b.take(near, axis=0)
    left, bottom, right, top = (edge[:, None] for edge in edges.T)
    hits = (c[:, 0] < right) & (c[:, 2] > left) & (c[:, 1] < top) & (c[:, 3] > bottom)
    which, at = np.nonzero(hits)  # rectangle by rectangle, glyphs in order within each
    at = near.take(at)
    rows = zip(
        at.tolist(),
        b.take(at, axis=0).tolist(),
        table.invisible[at].tolist(),
        table.space_before[at].tolist(),
        strict=True,
    )
    chars = table.chars
    glyphs = [Glyph(chars[i], tuple(box), invisible, space) for i, box, invisible, space in rows]
    ends = np.cumsum(np.bincount(which, minlength=len(rects))).tolist()
    return [glyphs[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def unvouched_boxes(
    wanted: dict[int, list[tuple[str, Box]]],
    form: Form,
    doc: pdfium.PdfDocument | LoadedPages,
    fonts: PageFonts,
    shown: list[Rendered],
    objects: Objects | None = None,
    release: ReleaseFonts = frozenset(),
    data: bytes | None = None,
    shown_as_read: Callable[[int, str, Box], int] | None = None,
    reader: Callable[[], PdfReader] | None = None,
    cut: frozenset[tuple[int, Box]] = frozenset(),
) -> dict[int, list[Unvouched]]:
    """Of ``wanted`` (page index -> (field, box) of each value box), those with glyphs
    that the file does not prove to be what their text layer reads (see the module;
    ``data``: the file, looked at for paint the page objects' calls cannot see only for
    a box in a font proved by its outlines, :func:`_shown_as_proved`; without it, no such box is
    vouched for).

    ``doc`` is the return opened by PDFium (or its pages loaded to be shared): its pages
    are flattened for the screen in memory here (as a viewer shows them; nothing to do
    where the reading did it). ``fonts`` are the file's fonts checked, ``shown`` its pages
    rendered on screen with their glyphs (:mod:`..pdf.pageviews`); ``objects`` the file's
    objects as the fast reader read them, to tell which rule its clips are set by;
    ``release`` the fonts ``fill`` makes for the values read (:func:`release_fonts`).
    ``shown_as_read``: whether a box's glyphs are the value read, laid out in a font we
    ship (:func:`.glyphtext.shown_as_read`); such a box, drawn plainly
    (:func:`.cleardrawing.drawn_plainly`), is vouched for whatever its fonts. ``reader``:
    gives ``data`` opened by pypdf, when the reading has it (:func:`..pdf.painted.
    unseen_paint` then parses no object again). ``cut``: (page index, box) of each value
    box the reading found cut at its edge (:class:`..pdf.pagetext.CutValue`), left to a
    person already (``value-clipped``, :mod:`.cutvalues`): the glyphs a clip cuts through
    there are what a person is asked to look at, and OCR of their halves reads nothing
    (review s32: a long title PyMuPDF wraps onto a third line, half shown, took 0.2 s of
    recognition to say what ``value-clipped`` says); a box whose glyphs fail any other
    check is not vouched for.
    """
    nonzero = functools.cache(lambda: nonzero_clips_only(objects))
    unseen = functools.cache(lambda: data is None or unseen_paint(data, reader, objects))
    changed = _changed_fonts(fonts)
    ours = our_programs(form)
    trusted = trusted_names(fonts, ours, release, outlined=True)
    outlined = _outlined(fonts)
    programs = ours | {program for program, _ in release} | outlined
    marks = form_marks(form)
    out: dict[int, list[Unvouched]] = {}
    with loaded(doc) as pages:
        # (the ink of every character of a flattened page, for a box read glyph by glyph)
        ink = functools.cache(lambda number: page_ink(pages.textpage(number)))

        def read_by_glyphs(
            number: int, name: str, rect: Box, glyphs: list[Glyph], drawn: list[PageObject]
        ) -> bool:
            """Whether the box's glyphs are the value read, glyph by glyph, every glyph
            there one of them, drawn plainly (:func:`.glyphtext.shown_as_read`)."""
            marks_of = marks[number] if number < len(marks) else ()
            if shown_as_read is None or not drawn_plainly(
                rect, glyphs, drawn, marks_of, nonzero, unseen
            ):
                return False
            read = shown_as_read(number, name, rect)
            return read > 0 and all_read([i for i in ink(number) if meets(i[1], rect)], read)

        for number, items in sorted(wanted.items()):
            if not 0 <= number < min(len(pages), len(shown)):
                continue  # no such page: nothing drawn to compare
            found = _inside(shown[number], [rect for _, rect in items])
            inside = dict(zip(items, found, strict=True))
            drawn: list[PageObject] = []
            rects = [rect for _, rect in items]
            strips = {rect: _strips(rect, rects) for rect in rects}
            if any(inside.values()):
                page = pages.flatten(number, ViewMode.SCREEN)
                drawn = page_objects(
                    page,
                    rects,
                    [s for pair in strips.values() for s in pair],
                    own=pages.own.get(number),
                )
            apart = _apart(pages, number)
            page_marks = marks[number] if number < len(marks) else ()
            left = []
            for (name, rect), glyphs in inside.items():
                if not glyphs:
                    continue
                marked = _marked(rect, drawn, page_marks)
                beside = _beside(strips[rect], drawn, page_marks)
                if not (marked or beside) and (
                    (
                        trusted
                        and _box_vouched(
                            rect,
                            glyphs,
                            drawn,
                            page_marks,
                            trusted,
                            programs,
                            nonzero,
                            cut=(number, tuple(rect)) in cut,
                            apart=apart,
                        )
                        and _shown_as_proved(rect, glyphs, drawn, outlined, unseen)
                    )
                    or read_by_glyphs(number, name, rect, glyphs, drawn)
                ):
                    continue
                text = "".join(g.char for g in glyphs)
                left.append(
                    Unvouched(
                        name,
                        rect,
                        text,
                        _drawn_ours(rect, drawn, ours),
                        marked,
                        _misdrawn(rect, text, drawn, changed),
                        beside,
                    )
                )
            if left:
                out[number] = left
    return out
