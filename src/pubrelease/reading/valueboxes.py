"""The value boxes of our own form: what they show against what the form would show.

Outside the value boxes a page of the form must show the form's own ink
(:mod:`.visual`). Inside them, what an honest return shows is what ``fill`` draws for the
record's values; so each text value box of the return is compared, pixel for pixel, with
the same box of the form filled (by ``fill``) with the values read. Where they differ
(another program drew the value in its own font, or the box shows other words than its
text layer: a font whose glyphs and ToUnicode map disagree, with or without a ``cmap``
to tell), the box is read by OCR and compared with its text layer: words read that are
not the text layer's are ``shown-text-differs``, quoting both.

Boxes whose glyphs the file itself proves to be what their text layer reads (drawn in a
standard font that is not embedded, or in our own font program: :mod:`.vouching`) are
neither compared nor read: OCR could not find anything more there. The form is filled
and rendered again only when some box is left. OCR runs only on boxes that differ from
our own drawing, at most :data:`MAX_BOXES` per file, each read as the lines its text
layer has (a two-line title is two lines, not one); values in a script the installed
language packs do not read are not compared (OCR would misread them), nor are boxes
whose text layer is empty (ink without text is :mod:`.visual`'s).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from ..dates import parse_date
from ..errors import PubreleaseError
from ..form.definition import FieldKind, Party
from ..form.template import Form
from ..pdf.closeups import Closeup, render_closeups
from ..pdf.loadedpages import LoadedPages
from ..pdf.objects import Objects
from ..pdf.pagefonts import PageFonts
from ..pdf.pagetext import TextExtents
from ..pdf.rendering import CHANGE, SCALE, Box, Rendered, ViewMode, difference
from ..record import Finding, Record, Severity, Source
from ..text import has_ascii_letters, latin
from ..text import shown as without_joins
from .filldrawn import drawings_before, expected_drawing
from .ocrwords import CONFIDENT, has_words, read_value, words_apart
from .samedrawing import DrawnFonts, moved_and_touched, touched
from .shownwords import plain
from .unreadable import left_to_a_person, unchecked_findings
from .valueglyphs import Letters, ValueGlyphs

if TYPE_CHECKING:
    from pypdf import PdfReader

    from .fonttrust import ReleaseFonts

__all__ = ["changed_squares", "value_box_findings", "with_value_boxes"]

DPI = 200
"""Resolution of the boxes read by OCR: 9-12 pt values read as well as at 300 dpi (the
attacks of the tests are read word for word), a third faster."""
DIFFERS = 6
"""Changed pixels (at about 72 dpi: squares of three pixels of :data:`DPI`, each as dark as
its darkest) for a box to differ from ours (as 12 at 100 dpi before)."""
REACH = 3.0
"""Points past its box a value's glyphs are read by OCR."""
MAX_BOXES = 12
"""Value boxes read by OCR per file, at most."""
SAME = 0.6
"""Similarity (0..1, accents and case aside) from which what OCR reads is the text layer's."""


def _darkest(image: npt.NDArray[np.uint8], step: int) -> npt.NDArray[np.float32]:
    """Ink (0 white .. 255 black) of ``image`` (grey levels) in squares of ``step`` pixels:
    the darkest pixel of each (past the edge: white). Every stroke keeps its ink, however
    thin and wherever it falls, as it would not if every ``step``-th pixel were kept."""
    rows, cols = -(-image.shape[0] // step), -(-image.shape[1] // step)
    padded = np.full((rows * step, cols * step), 255, np.uint8)
    padded[: image.shape[0], : image.shape[1]] = image
    darkest = padded.reshape(rows, step, cols, step).min(axis=(1, 3))
    out: npt.NDArray[np.float32] = 255.0 - darkest.astype(np.float32)
    return out


def changed_squares(shown: Closeup, wanted: Closeup) -> int:
    """Squares (3 pt) in which ``shown`` has other ink than ``wanted``."""
    # compared near the pages' resolution, for which difference()'s sizes are made
    step = round(DPI / 72 / SCALE)
    a, b = _darkest(shown.image, step), _darkest(wanted.image, step)
    return int((np.abs(difference(a, b)) > CHANGE).sum())


def value_box_findings(
    data: bytes,
    form: Form,
    record: Record,
    *,
    doc: pdfium.PdfDocument | LoadedPages | None = None,
    fonts: PageFonts | None = None,
    shown: list[Rendered] | None = None,
    objects: Objects | None = None,
    release: ReleaseFonts = frozenset(),
    shown_as_read: Callable[[int, str, Box], int] | None = None,
    reader: Callable[[], PdfReader] | None = None,
    printed: frozenset[str] = frozenset(),
    cut: frozenset[tuple[int, Box]] = frozenset(),
) -> list[Finding]:
    """``shown-text-differs`` for value boxes of our form that show other words than their
    text layer (see the module's description).

    With ``doc`` (``data`` opened by PDFium, or its pages loaded to be shared; its pages
    get flattened in memory), ``fonts`` (its fonts checked) and ``shown`` (its pages
    rendered on screen with their glyphs), boxes whose glyphs the file vouches for are
    left out (:mod:`.vouching`; ``release``: the fonts ``fill`` makes for the values read,
    :func:`.vouching.release_fonts`; ``shown_as_read``: whether a box's glyphs are the
    value read, :func:`.glyphtext.shown_as_read`; ``reader``: gives ``data`` opened by
    pypdf, when the reading has it; ``printed``: fields read off the page, their boxes
    compared glyph by glyph already, :mod:`.printedvalues`; ``cut``: (page index, box) of
    the boxes whose value the reading found cut at their edge, :mod:`.cutvalues`).
    """
    wanted: dict[int, list[tuple[str, Box]]] = {}
    for name, plan in form.fields.items():
        if plan.spec.kind.boxes or name in printed:
            continue
        for widget in plan.widgets:
            index = [p.number for p in form.pages].index(widget.page)
            wanted.setdefault(index, []).append((name, widget.box.rect))
    # boxes drawn in another font than ours cannot look like our drawing: read directly
    direct: set[tuple[int, str]] = set()
    said: dict[tuple[int, Box], str] = {}  # the text layer's characters of each box
    marked: dict[tuple[int, Box], str] = {}  # a drawing over or beside it: why
    altered: dict[tuple[int, Box], tuple[str, ...]] = {}  # texts a changed font draws
    if doc is not None and fonts is not None and shown is not None:
        from .vouching import unvouched_boxes

        unvouched = unvouched_boxes(
            wanted, form, doc, fonts, shown, objects, release, data, shown_as_read, reader, cut
        )
        # boxes without text are not read (see below)
        wanted = {}
        for page, found in unvouched.items():
            readable = [(box.name, box.rect) for box in found if box.text.strip()]
            if readable:
                wanted[page] = readable
        # (a value OCR cannot read is always compared with our drawing: a re-subset of
        # the font fill uses draws it as fill does, whichever program embedded it)
        direct = {
            (p, box.name)
            for p, found in unvouched.items()
            for box in found
            if not box.ours and latin(box.text)
        }
        said = {(p, box.rect): box.text for p, found in unvouched.items() for box in found}
        # (a drawing over or beside a value's letters: an accent; a signature may be drawn)
        marked = {
            (p, box.rect): _MARKED if box.marked else _BESIDE
            for p, found in unvouched.items()
            for box in found
            if (box.marked or box.beside)
            and form.fields[box.name].spec.kind is not FieldKind.SIGNATURE
        }
        altered = {(p, b.rect): b.misdrawn for p, bs in unvouched.items() for b in bs if b.misdrawn}
    if not wanted:
        return []
    # (boxes read directly are compared too where OCR, which reads ASCII words exactly,
    # may take "Muller" for "Müller": a copy of our font with a byte changed draws our
    # glyphs, a dot covered or not, .samedrawing; when the values cannot be filled in,
    # only the boxes read directly are read)
    compared = {
        page: kept
        for page, items in wanted.items()
        if (
            kept := [
                (name, rect)
                for name, rect in items
                if (page, name) not in direct or not said.get((page, rect), "").isascii()
            ]
        )
    }
    expected = expected_drawing(form, record) if compared else None
    boxes = {page: [rect for _, rect in items] for page, items in wanted.items()}
    # (a page the reading loaded as the file holds it is drawn from there: a print's)
    loaded = doc if isinstance(doc, LoadedPages) else None
    closeups = render_closeups(data, ViewMode.SCREEN, boxes, dpi=DPI, pages=loaded)
    ours_boxes = {page: [rect for _, rect in items] for page, items in compared.items()}
    drawn = render_closeups(expected, ViewMode.SCREEN, ours_boxes, dpi=DPI) if expected else {}
    # fill's drawings as earlier releases drew it, where that differs; and placed the
    # other way (flattened by fill where the return's fields are live, as widgets that
    # PDFium flattens where it is flattened: a program may flatten a release as either)
    before = _once(functools.partial(drawings_before, form, record), ours_boxes)
    live = record.source is not Source.FIELDS
    other = functools.partial(expected_drawing, form, record, live=live)
    otherwise = _once(lambda: [d] if (d := other()) is not None else [], ours_boxes)

    # (the fonts each box draws with, read only for a box nearly but not exactly fill's)
    with (
        DrawnFonts(doc if doc is not None else data, boxes) as shown_fonts,
        DrawnFonts(expected or b"", ours_boxes) as fill_fonts,
        ValueGlyphs(data) as misdrawn,  # (each opens data once, when first asked)
        TextExtents(data, loaded) as extents,
    ):
        return _findings(
            form,
            record,
            wanted,
            closeups,
            compared,
            drawn,
            direct,
            said,
            marked,
            altered,
            shown_fonts,
            fill_fonts,
            misdrawn,
            functools.partial(_whole, data, extents, loaded),
            before,
            otherwise,
        )


def _once(
    make: Callable[[], list[bytes]], boxes: dict[int, list[Box]]
) -> Callable[[int, Box], list[Closeup]]:
    """Box ``rect`` on ``page`` of each release ``make`` gives, made and rendered (its
    ``boxes``) once, at the first box asked for."""

    @functools.cache
    def made() -> list[dict[tuple[int, Box], Closeup]]:
        out = []
        for pdf in make():
            rendered = render_closeups(pdf, ViewMode.SCREEN, boxes, dpi=DPI)
            out.append(
                {
                    (p, box): closeup
                    for p, boxes_of in boxes.items()
                    for box, closeup in zip(boxes_of, rendered.get(p, []), strict=False)
                }
            )
        return out

    def drawings(page: int, rect: Box) -> list[Closeup]:
        return [found for each in made() if (found := each.get((page, rect))) is not None]

    return drawings


def _findings(
    form: Form,
    record: Record,
    wanted: dict[int, list[tuple[str, Box]]],
    closeups: dict[int, list[Closeup]],
    compared: dict[int, list[tuple[str, Box]]],
    drawn: dict[int, list[Closeup]],
    direct: set[tuple[int, str]],
    said: dict[tuple[int, Box], str],
    marked: dict[tuple[int, Box], str],
    altered: dict[tuple[int, Box], tuple[str, ...]],
    shown_fonts: DrawnFonts,
    fill_fonts: DrawnFonts,
    misdrawn: Callable[[int, Box], Letters | None],
    whole: Callable[[int, Box, Closeup], Closeup],
    before: Callable[[int, Box], list[Closeup]] = lambda page, rect: [],
    otherwise: Callable[[int, Box], list[Closeup]] = lambda page, rect: [],
) -> list[Finding]:
    """The findings of :func:`value_box_findings` from the boxes rendered: ``closeups``
    (the return's, of ``wanted``) and ``drawn`` (fill's drawing, of ``compared``);
    ``altered``: what a changed copy of a font we ship draws otherwise in a box
    (:attr:`.vouching.Unvouched.misdrawn`); ``misdrawn``: a box's letters outside ASCII
    judged by their glyphs (None when they cannot be; :func:`.valueglyphs.misdrawn_letters`);
    ``whole``: a box's closeup grown to its text's glyphs, for OCR (:func:`_whole`);
    ``before``: a box of fill's drawings as earlier releases drew it, where that differs;
    ``otherwise``: a box of fill's drawing placed the other way
    (:func:`.filldrawn.expected_drawing`'s ``live``), asked for only where a box differs
    from the first (the font programs are not asked: a release issued by an earlier
    ``fill`` may embed another subset)."""
    from .ocr.engine import OcrUnavailable

    out: list[Finding] = []
    asked: list[tuple[str, int, str]] = []  # boxes left to a person: field, page, why
    found: set[tuple[int, Box]] = set()  # boxes found to differ, or left to a person

    def ask(name: str, page: int, rect: Box, why: str) -> None:
        """Box ``rect`` of field ``name`` on ``page`` left to a person, for ``why``."""
        asked.append((name, page, why))
        found.add((page, rect))

    budget = MAX_BOXES
    for page, items in sorted(wanted.items()):
        ours_drawn = dict(zip(compared.get(page, []), drawn.get(page, []), strict=False))
        for (name, rect), mine in zip(items, closeups.get(page, []), strict=False):
            # (characters PDFium places outside the box they are drawn in, as it places an
            # /ActualText span's, are the box's all the same)
            text = mine.text if mine.text.strip() else said.get((page, rect), "")
            if not text.strip():
                continue
            ours = ours_drawn.get((name, rect))
            changed = None if ours is None else changed_squares(mine, ours)
            drawings = before(page, rect) if changed is not None else []
            if changed:  # (fill's drawing placed otherwise: a few milliseconds, once)
                drawings += otherwise(page, rect)
            for earlier_drawn in drawings:
                # a release issued before its line was moved inside the box, or flattened
                # with the other placement: compared with the drawing it was made with,
                # where that is the closer one
                assert changed is not None
                then = changed_squares(mine, earlier_drawn)
                if then < changed or (
                    then == changed
                    and not touched(
                        mine,
                        earlier_drawn,
                        functools.partial(shown_fonts, page, rect),
                        functools.partial(fill_fonts, page, rect),
                    )
                ):
                    ours, changed = earlier_drawn, then
            if ours is not None and changed is not None and changed < DIFFERS:
                # what fill draws for the value read, or another program's drawing of it
                # (its edges); but not with a little ink taken away or added, nor, in
                # fill's own glyph programs, any (.samedrawing)
                if touched(
                    mine,
                    ours,
                    functools.partial(shown_fonts, page, rect),
                    functools.partial(fill_fonts, page, rect),
                ) and not _drawn_as_issued(form, record, name, page, rect, mine, shown_fonts):
                    ask(name, page, rect, _TOUCHED)
                    continue
                if (page, name) not in direct:
                    continue
            elif (
                ours is not None
                and moved_and_touched(
                    mine,
                    ours,
                    functools.partial(shown_fonts, page, rect),
                    functools.partial(fill_fonts, page, rect),
                )
                and not _drawn_as_issued(form, record, name, page, rect, mine, shown_fonts)
            ):
                # fill's own glyphs, moved, with ink taken away or added (an umlaut
                # covered, then the whole drawing moved out of the few squares above)
                ask(name, page, rect, _TOUCHED)
                continue
            if not latin(text):  # OCR would misread it: its glyphs, or a person, read it
                letters = misdrawn(page, rect)  # (Greek and Cyrillic letters, in a font known)
                if letters is not None and letters.seen and not has_ascii_letters(text):
                    continue  # every letter its own glyph (ASCII letters are not judged)
                if letters is not None and letters.swaps:
                    why = f"and its glyphs look like {_swapped(text, letters.swaps)!r}"
                    ask(name, page, rect, why)
                elif not _drawn_as_issued(form, record, name, page, rect, mine, shown_fonts):
                    ask(name, page, rect, _NO_SCRIPT)
                continue
            if (page, name) not in direct and ours is None:
                continue
            letters = None if text.isascii() else misdrawn(page, rect)
            if letters is not None and letters.swaps:
                # OCR reads no accents: each letter outside ASCII is judged by its glyph,
                # and one that looks like another character is for a person (a copy of
                # the font it is judged in may draw an accent otherwise: not an error)
                why = f"and its glyphs look like {_swapped(text, letters.swaps)!r}"
                ask(name, page, rect, why)
                continue
            if budget <= 0:
                continue
            budget -= 1
            try:
                reading = read_value(whole(page, rect, mine).image, mine.lines, text)
            except OcrUnavailable:
                budget = 0
                continue
            if reading.confidence < CONFIDENT or not has_words(reading.text):
                # the box differs from our drawing and no words are read in it (a dot, a
                # scribble, a font OCR cannot read): a person reads it
                ask(name, page, rect, _NO_WORDS)
                continue
            similarity = difflib.SequenceMatcher(None, plain(reading.text), plain(text)).ratio()
            if similarity >= SAME:
                # (letters outside ASCII each seen as itself: OCR need read only the rest)
                seen = letters is not None and letters.seen
                missing, extra = words_apart(text, reading.text, letters_seen=seen)
                if missing or extra:  # close, but a word is not the name's ("Han" as "Khan")
                    why = f"and OCR reads {reading.text!r}" + "".join(
                        f", {label} {', '.join(map(repr, words))}"
                        for label, words in (("not", missing), ("besides", extra))
                        if words
                    )
                    ask(name, page, rect, why)
            elif not _shows_value(record, name, reading.text):
                out.append(_differs(page, name, rect, reading.text, text))
                found.add((page, rect))
    for page, items in sorted(wanted.items()):
        for name, rect in items:
            # a drawing over its letters (.vouching), or letters a changed copy of a font
            # we ship draws otherwise (OCR may take "Łu asiewicz" for the name), where
            # nothing else was found in it
            if (page, rect) in marked and (page, rect) not in found:
                ask(name, page, rect, marked[page, rect])
            elif (page, rect) in altered and (page, rect) not in found:
                ask(name, page, rect, _ALTERED.format(", ".join(map(repr, altered[page, rect]))))
    return unchecked_findings(asked, lambda name: getattr(record, name, None)) + out


def _whole(
    data: bytes,
    extents: TextExtents,
    pages: LoadedPages | None,
    page: int,
    rect: Box,
    closeup: Closeup,
) -> Closeup:
    """``closeup`` of box ``rect`` on ``page``, or, where the glyphs of its text reach
    past the box (a value another program set larger than the box: pdftocairo redraws
    fields so, descenders and accents cut off), the box grown to them, by
    :data:`REACH` points at most, rendered again (for OCR only)."""
    grown = extents(page, rect, REACH)
    if grown == rect:
        return closeup
    again = render_closeups(data, ViewMode.SCREEN, {page: [grown]}, dpi=DPI, pages=pages).get(page)
    return again[0] if again else closeup


def _shows_value(record: Record, name: str, reading: str) -> bool:
    """Whether what OCR reads in a box of ``name`` is the value the record holds for it:
    the words of the box's text layer in another order are then PDFium's own reading of a
    line beside right-to-left text ("Sep 23, 2020" read "2020 23, Sep" on a page where
    another program drew a Hebrew name), not words the page hides."""
    value = getattr(record, name, None)
    if isinstance(value, dt.date):
        try:
            return parse_date(reading.strip(" \u2018\u2019'\"")) == value
        except (PubreleaseError, ValueError):
            return False
    if not isinstance(value, str) or not latin(value):
        return False
    return plain(reading) == plain(value)


def _differs(page: int, name: str, rect: Box, shows: str, text: str) -> Finding:
    left, bottom, right, top = rect
    return Finding(
        "shown-text-differs",
        Severity.ERROR,
        f"page {page + 1}: the {name} box at ({left:.0f}, {bottom:.0f})-({right:.0f}, "
        f"{top:.0f}) pt shows {shows!r} where its text layer reads {text!r}",
    )


def _swapped(text: str, swaps: list[tuple[str, str]]) -> str:
    """``text`` with each character of ``swaps`` (in order) replaced by what it shows
    (``·`` for nothing)."""
    out, at = [], 0
    for read, seen in swaps:
        found = text.find(read, at)
        if found < 0:
            continue
        out.append(text[at:found] + (seen or "·"))
        at = found + len(read)
    return "".join(out) + text[at:]


def _drawn_as_issued(
    form: Form,
    record: Record,
    name: str,
    page: int,
    rect: Box,
    mine: Closeup,
    shown_fonts: DrawnFonts,
) -> bool:
    """Whether box ``name`` shows ``fill``'s drawing of an issued value that reads as its
    own does but for the join controls a page's text does not carry (a Persian signature
    typed as the speaker's name: its ZWNJ is drawn, PDFium does not read it back).
    ``shown_fonts``: the fonts of the return's boxes (:mod:`.samedrawing`)."""
    value = getattr(record, name, None)
    if not isinstance(value, str):
        return False
    for other, plan in form.fields.items():
        issued = getattr(record, other, None)
        if (
            plan.spec.party is not Party.ISSUER
            or not isinstance(issued, str)
            or issued == value
            or without_joins(issued) != without_joins(value)
        ):
            continue
        changes: dict[str, Any] = {name: issued}
        expected = expected_drawing(form, dataclasses.replace(record, **changes))
        if expected is None:
            continue
        drawn = render_closeups(expected, ViewMode.SCREEN, {page: [rect]}, dpi=DPI)
        ours = drawn[page][0] if drawn.get(page) else None
        if ours is None or changed_squares(mine, ours) >= DIFFERS:
            continue
        with DrawnFonts(expected, {page: [rect]}) as fill_fonts:
            if not touched(
                mine,
                ours,
                functools.partial(shown_fonts, page, rect),
                functools.partial(fill_fonts, page, rect),
            ):
                return True
    return False


_NO_SCRIPT = "in a script its OCR does not read"
_NO_WORDS = "and OCR reads no words in it"
_ALTERED = (
    "and its font, named like one pubrelease ships and drawn mostly with that font's "
    "glyphs, draws {} with other glyphs than that font's"
)
_MARKED = "and a drawing that is not text, which the form does not make, lies over its letters"
_BESIDE = "and a drawing that is not text, which the form does not make, lies just over or under it"
_TOUCHED = (
    "and differs from that drawing only by ink added or taken away (a dot, an accent or a "
    "stroke covered or drawn?)"
)


def with_value_boxes(data: bytes, form: Form, record: Record, **options: Any) -> Record:
    """``record`` with the findings of :func:`value_box_findings` (``options``: its
    keyword arguments) added."""
    found = value_box_findings(data, form, record, **options)
    if not found:
        return record
    observed, found = left_to_a_person(record.observed, found, record, _NO_SCRIPT, data)
    findings = (*observed, *found)
    return dataclasses.replace(record, findings=findings, observations=findings)
