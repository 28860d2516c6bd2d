"""Values a print draws in fonts whose text layer names other characters, read off the page.

A release sent through PostScript and back (``pdftops`` then ``ps2pdf``; Ghostscript's
``ps2write`` then ``ps2pdf``; ``pdftocairo -ps`` then ``ps2pdf``) keeps the form's wording
in its standard fonts, readable, but draws the values in fonts made up on the way: a
Type 3 font of bitmaps whose ToUnicode map names dingbats ('✆ ✞✟✠✡✟✠✁☛' for 'Margaret
Hamilton', ``ps2write``), the form's TrueType subset embedded again under codes of its
own and no map ('.BSHBSFU\\x01)BNJMUPO', ``pdftops``), a Type 3 glyph without a map
('Zoë Ødegård-\\x01ukasiewicz', ``pdftocairo``). The return read ``invalid``
(``name-mismatch``, ``bad-date``, ``shown-text-differs``) where a person sees, on the
page, the form and the values issued.

A field drawn in such a font (:func:`made_up`) whose text layer is garbled so
(:func:`garbled`: a character the layer names no character for, or a symbol where a
value has letters; in a font without any map, whatever it reads) is read off the page. A
name or a date drawn in the form's own TrueType glyphs is spelled from their outlines
(:func:`.glyphtext.spelled_box`; ``pdftops``), in one script where two draw alike (a
Greek omicron, not a Latin o); anything else is read by OCR on the rendered box, as a
scan's values are (:func:`.ocr.values.read_value`, Tesseract's English model, the one
shipped): every box read sure (a name with no figure or sign, a date that is one date).
What is read is then drawn by ``fill`` and compared with each box glyph by glyph
(:func:`..pdf.sameglyphs.same_glyphs`): only when every box of the field draws the very
glyphs ``fill`` draws for what is read there is the value taken (boxes reading otherwise
than each other are then a page that shows two values: ``name-mismatch``, as on any
other page). Anything else (a reading unsure, a box not drawn as ``fill`` draws its
reading, a name in a script the English model does not read, an accented one it reads
without its accents, OCR not installed) leaves the value unread and the field to a
person (``shown-text-unchecked``, saying why), never a guess.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from pypdf.generic import DictionaryObject

from ..dates import candidates
from ..errors import PubreleaseError
from ..form.definition import FieldKind, Role
from ..form.template import Form
from ..names import NAME_LIKE
from ..pdf.closeups import render_closeups
from ..pdf.glyphreading import MAX_LAYOUTS
from ..pdf.loadedpages import LoadedPages
from ..pdf.matrices import Box
from ..pdf.rendering import ViewMode
from ..pdf.sameglyphs import DPI, same_glyphs
from ..record import Finding, Severity, ValueSource
from ..release import Release
from .glyphholes import holed
from .glyphtext import PageCodes, codes_in, spelled_box

__all__ = ["NONE", "PrintedValues", "garbled", "made_up", "read_printed"]

MAX_BOXES = 16
"""Value boxes read by OCR per file, at most (the built-in form has 11)."""
MAX_SPELLED = 40
"""Glyphs of a box read by their outlines, at most: a name or a date (a title's 63 glyphs
take seconds and the layouts' budget runs out)."""
OCR_DPI = 300
"""Resolution the boxes are read at by OCR (rendered at :data:`..pdf.sameglyphs.DPI`)."""
SURE = 0.6
"""Confidence from which OCR's reading of a box is taken (as a scan's names)."""
_NAMES = (Role.SPEAKER_NAME, Role.COUNTERSIGNER_NAME, Role.SIGNATURE)
_SYMBOLS = frozenset({"So", "Sk", "Co", "Cn"})
"""Categories of characters no value of a release has (dingbats, private use)."""


@dataclass(frozen=True, slots=True)
class PrintedValues:
    """What :func:`read_printed` made of the value boxes whose text layer is garbled."""

    taken: dict[str, tuple[ValueSource, float]]
    """Field -> how it was read (its glyphs' outlines, or OCR) and the confidence of its
    least sure box, for the values read and taken."""
    fields: frozenset[str]
    """Every field read from the page, taken or left to a person: its text layer, and
    the comparison of its boxes with it, are not the value's."""
    findings: tuple[Finding, ...]


NONE = PrintedValues({}, frozenset(), ())


def garbled(text: str) -> bool:
    """Whether ``text``, read from a value box's text layer, names no character for some
    glyph (:func:`.glyphholes.holed`) or names a dingbat, a private-use or unassigned
    character: a map a print made up, not a value."""
    return holed(text) or any(unicodedata.category(c) in _SYMBOLS for c in text)


def made_up(font: DictionaryObject) -> bool:
    """Whether ``font``'s text layer is a print's invention: a Type 3 font (Ghostscript's
    ``ps2write`` draws TrueType glyphs as bitmaps, mapped to dingbats; pdftocairo a glyph
    it cannot subset, without a map), or a TrueType program embedded with neither an
    encoding nor a ToUnicode map (``pdftops``: its own codes, read as WinAnsi letters)."""
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True
    if subtype != "/TrueType" or "/ToUnicode" in font or "/Encoding" in font:
        return False
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else None
    return isinstance(descriptor, DictionaryObject) and "/FontFile2" in descriptor


@dataclass(frozen=True, slots=True)
class _Box:
    name: str
    page: int
    rect: Box


def read_printed(
    data: bytes,
    form: Form,
    visible: dict[str, list[str | None]],
    codes: PageCodes,
    pages: LoadedPages | None = None,
) -> PrintedValues:
    """The fields of the form's pages in ``data`` drawn in a font whose map the print
    made up, read off the page (see the module), when some value of ``visible`` (each
    field's values as its text layer reads them, one a place) is :func:`garbled`.
    ``codes``: the codes each page shows; ``pages``: ``data``'s pages as the reading
    loaded them. ``visible`` is updated in place: each such field's places hold what
    its boxes show, or nothing where it is left to a person. (A map with holes in a font
    that has one, Ghostscript's or MuPDF's of joined Arabic forms, is
    :mod:`.glyphtext`'s.)"""
    if not any(v and garbled(v) for shown in visible.values() for v in shown):
        return NONE  # (the codes are not read: most returns have no such value)
    numbers = [p.number for p in form.pages]
    boxes = [
        _Box(name, numbers.index(widget.page), widget.box.rect)
        for name, shown in visible.items()
        if name in form.fields and not form.fields[name].spec.kind.boxes and any(shown)
        for widget in form.fields[name].widgets
        if widget.page in numbers
    ]
    fonts = {box: [c.font for c in codes_in(codes(box.page), box.rect)] for box in boxes}
    # (a made-up font without a map says nothing; one with a map, when it says nonsense)
    fields = frozenset(
        box.name
        for box in boxes
        if any(
            made_up(font)
            and ("/ToUnicode" not in font or any(v and garbled(v) for v in visible[box.name]))
            for font in fonts[box]
        )
    )
    boxes = [box for box in boxes if box.name in fields]
    if not boxes:
        return NONE
    if len(boxes) > MAX_BOXES:
        return _left(
            visible, fields, {n: f"and more than {MAX_BOXES} boxes are so" for n in fields}
        )
    shown = _render(data, boxes, pages)
    # TrueType glyphs read by their outlines first (exact: pdftops), then OCR; each
    # field's reading taken only where each box draws it as fill does
    outlined = fields - {b.name for b in boxes if not _outlined(fonts[b])}
    spelled = _spelled(codes, [b for b in boxes if b.name in outlined])
    spelled_wrong = _unlike(form, boxes, spelled, shown, "its glyphs' outlines")
    readings = {b: r for b, r in spelled.items() if b.name not in spelled_wrong}
    by_glyphs = frozenset(b.name for b in readings)
    rest = [b for b in boxes if b.name not in by_glyphs]
    read, why = _read(form, rest, shown)
    for name, reason in _unlike(form, rest, read, shown, "OCR").items():
        why.setdefault(name, reason)
    readings |= read
    taken: dict[str, tuple[ValueSource, float]] = {}
    for name in sorted(fields - set(why)):
        found = [readings[b] for b in boxes if b.name == name and b in readings]
        if not any(text for text, _ in found):
            why[name] = "and OCR reads nothing in it"
            continue
        visible[name] = [text or None for text, _ in found]
        sure = round(min(c for text, c in found if text), 2)
        taken[name] = (ValueSource.GLYPHS if name in by_glyphs else ValueSource.OCR, sure)
    return _left(visible, fields, why, taken)


def _unlike(
    form: Form,
    boxes: Sequence[_Box],
    readings: dict[_Box, tuple[str, float]],
    shown: dict[_Box, npt.NDArray[np.uint8]],
    by: str,
) -> dict[str, str]:
    """Field -> why, for the fields with a box of ``boxes`` read (``readings``, by
    ``by``) that does not draw, glyph by glyph, what ``fill`` draws for its reading."""
    drawn = _drawings(form, boxes, readings)
    why: dict[str, str] = {}
    for box in boxes:
        reading = readings.get(box)
        if box.name in why or reading is None or not reading[0]:
            continue
        wanted = drawn.get((box, reading[0]))
        if wanted is None or not same_glyphs(shown[box], wanted):
            why[box.name] = (
                f"and {by} reads {reading[0]!r} on page {box.page + 1}, which the page does "
                "not draw as pubrelease draws it"
            )
    return why


def _outlined(fonts: Sequence[DictionaryObject]) -> bool:
    """Whether the glyphs a box shows (in ``fonts``, one a glyph) are read by their
    outlines (:func:`.glyphtext.spelled_box`): some in a made-up TrueType font
    (:func:`made_up`), no more than :data:`MAX_SPELLED` (a title is read by OCR)."""
    return len(fonts) <= MAX_SPELLED and any(
        made_up(font) and font.get("/Subtype") == "/TrueType" for font in fonts
    )


def _spelled(codes: PageCodes, boxes: Sequence[_Box]) -> dict[_Box, tuple[str, float]]:
    """What the glyphs of each box spell, for the fields whose every box with glyphs
    spells the same (:func:`.glyphtext.spelled_box`), in one script where glyphs drawn
    alike could be read in two (a Greek omicron and a Latin o: :func:`_one_script`)."""
    if not boxes:
        return {}
    out: dict[_Box, tuple[str, float]] = {}
    budget = [2 * MAX_LAYOUTS]  # (for the whole file, as the text layer's glyph reading)
    for name in dict.fromkeys(b.name for b in boxes):
        mine = [b for b in boxes if b.name == name]
        texts = _spell(codes, mine, "", budget)
        if texts is not None:
            hint = _one_script("".join(texts.values()))
            if hint:
                texts = _spell(codes, mine, hint, budget)
        if texts is not None:
            out |= {box: (text, 1.0) for box, text in texts.items()}
    return out


def _spell(
    codes: PageCodes, boxes: Sequence[_Box], hint: str, budget: list[int]
) -> dict[_Box, str] | None:
    """Each box's text (:func:`.glyphtext.spelled_box`), where none fails and every box
    with glyphs spells the same."""
    texts = {box: spelled_box(codes, box.page, box.rect, hint, budget) for box in boxes}
    inked = {text for text in texts.values() if text}
    if any(text is None for text in texts.values()) or len(inked) != 1:
        return None
    return {box: text or "" for box, text in texts.items()}


_ALPHABETS = {
    "LATIN": (*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250)),
    "GREEK": (*range(0x370, 0x400), *range(0x1F00, 0x2000)),
    "CYRILLIC": tuple(range(0x400, 0x530)),
}
"""The letters of the scripts whose glyphs a font draws alike for another's."""


def _one_script(text: str) -> str:
    """The letters of the script most of ``text``'s letters are in, where some are in
    another (:data:`_ALPHABETS`: a hint for reading its glyphs again), else ""."""
    scripts = [unicodedata.name(c, "?").split(" ")[0] for c in text if c.isalpha()]
    if len(set(scripts)) < 2:
        return ""
    most = max(set(scripts), key=scripts.count)
    return "".join(map(chr, _ALPHABETS.get(most, ())))


def _left(
    visible: dict[str, list[str | None]],
    fields: frozenset[str],
    why: dict[str, str],
    taken: dict[str, tuple[ValueSource, float]] | None = None,
) -> PrintedValues:
    """The :class:`PrintedValues` with each field of ``why`` left to a person."""
    findings = []
    for name in sorted(why):
        layer = next((v for v in visible.get(name, []) if v and garbled(v)), "")
        visible[name] = [None for _ in visible.get(name, [])]
        findings.append(
            Finding(
                "shown-text-unchecked",
                Severity.WARNING,
                f"the {name}'s text layer names other characters than its boxes draw "
                f"(it reads {layer!r}: fonts made up by a print, through PostScript?), "
                f"{why[name]}: look at what the page shows there",
                name,
            )
        )
    return PrintedValues(taken or {}, fields, tuple(findings))


def _render(
    data: bytes, boxes: Sequence[_Box], pages: LoadedPages | None
) -> dict[_Box, npt.NDArray[np.uint8]]:
    """Each box of ``data`` rendered on screen at :data:`..pdf.sameglyphs.DPI`."""
    wanted: dict[int, list[Box]] = {}
    for box in boxes:
        wanted.setdefault(box.page, []).append(box.rect)
    rendered = render_closeups(data, ViewMode.SCREEN, wanted, dpi=DPI, pages=pages)
    out = {}
    at: dict[int, int] = {}
    for box in boxes:
        index = at[box.page] = at.get(box.page, -1) + 1
        found = rendered.get(box.page, [])
        if index < len(found):
            out[box] = found[index].image
    return out


def _read(
    form: Form, boxes: Sequence[_Box], shown: dict[_Box, npt.NDArray[np.uint8]]
) -> tuple[dict[_Box, tuple[str, float]], dict[str, str]]:
    """What OCR reads sure in each box (``""`` for a box without ink), and, for each
    field with a box it does not, why."""
    import cv2

    from .ocr.engine import OcrUnavailable
    from .ocr.values import read_value
    from .ocrwords import ink_only

    readings: dict[_Box, tuple[str, float]] = {}
    why: dict[str, str] = {}
    for box in boxes:
        image = shown.get(box)
        if box.name in why or image is None:
            continue
        crop = ink_only(image)
        if crop is None:
            readings[box] = ("", 1.0)
            continue
        scale = OCR_DPI / DPI
        crop = np.asarray(
            cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), np.uint8
        )
        spec = form.fields[box.name].spec
        date = spec.kind is FieldKind.DATE
        try:
            reading = read_value(crop, ("eng",), lines=_lines(crop), date=date)
        except OcrUnavailable as exc:
            return readings, {b.name: f"and OCR is not available ({exc})" for b in boxes}
        text = reading.text.strip()
        if not reading.sure or reading.confidence < SURE:
            doubt = f", {reading.doubt}" if reading.doubt else ""
            why[box.name] = (
                f"and OCR (Latin letters only: Tesseract's English model) reads {text!r} "
                f"on page {box.page + 1} with confidence {reading.confidence:.2f}{doubt}"
            )
        elif date and len(candidates(text)) != 1:
            why[box.name] = f"and OCR reads {text!r} on page {box.page + 1}, not one date"
        elif spec.role in _NAMES and not NAME_LIKE.fullmatch(text):
            why[box.name] = (
                f"and OCR reads {text!r} on page {box.page + 1}, with a figure or a sign no "
                "name has"
            )
        else:
            readings[box] = (text, reading.confidence)
    return readings, why


def _lines(crop: npt.NDArray[np.uint8]) -> int:
    """Lines of text in ``crop`` (a box's ink at :data:`OCR_DPI`): runs of inked rows
    apart by a blank one (a title wrapped onto two), each at least half as tall as the
    tallest (an accent over a capital stands apart: it is no line)."""
    runs: list[int] = []
    height = 0
    rows: list[bool] = np.asarray((crop < 160).any(axis=1), bool).tolist()
    for inked in [*rows, False]:
        if inked:
            height += 1
        elif height:
            runs.append(height)
            height = 0
    return max(1, sum(run * 2 >= max(runs) for run in runs)) if runs else 1


def _drawings(
    form: Form, boxes: Sequence[_Box], readings: dict[_Box, tuple[str, float]]
) -> dict[tuple[_Box, str], npt.NDArray[np.uint8]]:
    """Each box as ``fill`` draws the text read in it (rendered at the same resolution):
    one release filled with each field's first reading, another for the next where a
    field's boxes read otherwise, and so on."""
    from ..filling.fill import fill

    texts: dict[str, list[str]] = {}
    for box in boxes:
        text = readings.get(box, ("", 0.0))[0]
        if text and text not in texts.setdefault(box.name, []):
            texts[box.name].append(text)
    out: dict[tuple[_Box, str], npt.NDArray[np.uint8]] = {}
    for variant in range(max((len(t) for t in texts.values()), default=0)):
        chosen = {
            name: found[min(variant, len(found) - 1)] for name, found in texts.items() if found
        }
        release = _release(form, chosen)
        if release is None:
            continue
        try:
            pdf = fill(release, form, flatten=True, today=dt.date(2000, 1, 1))
        except (PubreleaseError, ValueError, TypeError):
            continue
        placed = [b for b in boxes if b.name in chosen]
        for box, image in _render(pdf, placed, None).items():
            out[(box, chosen[box.name])] = image
    return out


_PLACEHOLDERS: dict[str, Any] = {
    "speaker_name": "A",
    "event_title": "A",
    "event_date": dt.date(2000, 1, 1),
}
"""Values a release must have, for a drawing of other fields' boxes only."""


def _release(form: Form, chosen: dict[str, str]) -> Release | None:
    """A release with the texts ``chosen`` (dates parsed), the rest as few as it needs."""
    values: dict[str, Any] = dict(_PLACEHOLDERS)
    known = set(Release.field_names())
    for name, text in chosen.items():
        if name not in known:
            return None
        if form.fields[name].spec.kind is FieldKind.DATE:
            days = candidates(text)
            if len(days) != 1:
                return None
            values[name] = days[0]
        else:
            values[name] = text
    try:
        return Release.create(**values)
    except (PubreleaseError, ValueError, TypeError):
        return None
