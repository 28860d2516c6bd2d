"""A release printed to PDF, proved to draw the form's pages with its values in their
boxes, and read from its content streams (the speed path of ``parse`` for prints).

Ghostscript's ``pdfwrite`` prints a filled release as new pages: the form's wording in
the standard fonts it was written in (not embedded: the same fonts every viewer draws
the form's own pages with), its lines, and each widget's appearance wrapped in a clip to
its box, the values in a new subset of the font ``fill`` draws them in. poppler's
``pdftocairo -pdf`` draws the same pages upside down through a mirrored matrix, the
wording in its own copy of Helvetica (URW's Nimbus Sans, embedded), the values unclipped
in a simple subset of that font. MuPDF's ``mutool draw -F pdf`` draws them in its own
copy of URW's fonts, the whole program as a Type 0 font of glyph ids, and the values
and boxes to tick in the whole of DejaVu Sans re-embedded (:mod:`.printfonts`). Read
the general way (each page read into text, its characters, lines and glyphs judged, its
value boxes vouched for one by one) such a print costs four and a half times what
PDFium needs to open it. Here it is proved, with the fast object reader and one render a
page, that:

* the file has the form's pages and no more, no annotation, no field, no optional
  content, no XFA, a catalog with only its pages and metadata; each page the template
  page's size, unturned, drawing with fonts alone (and graphics states that change
  nothing drawn opaque, in a transparency group that changes nothing either:
  pdftocairo's);
* each page's content (:func:`.printdraws.page_drawing`, operator by operator) shows
  the template page's wording and nothing else in standard fonts, or in copies of them
  proved glyph by glyph (:func:`.printfonts.clones_of`; MuPDF's read by the text layer
  as the general path reads the wording, folded): the same runs of
  the same bytes in the same fonts, sizes and colours, each where the form sets it (to
  :data:`NEAR`), and the same lines, the same width and grey, where the form draws
  them; no clip but a value's;
* everything else it draws is a value in one of the form's text boxes, under a clip
  inside the box or, unclipped, starting in it: in an embedded font whose outlines the
  file's font check proved a font we ship's (:mod:`.provedtext`), or, for the codes it
  draws alone, each proved so (:func:`.printfonts.partly_proved`), or in a standard font
  (another program's fill printed: its Helvetica, or pdftocairo's copy of it whose
  every inked glyph is proved, :attr:`..pdf.standardclones.Clone.whole`, as the
  general path asks before it vouches for a value in it; MuPDF's, whose map may read
  its glyphs as other characters, for a person: :mod:`.printmaps`), read as
  :func:`.plaintext.plain_text` reads a widget's (each glyph whole inside its clip or
  box, letters as far apart as the font sets them, kerning included, lines apart and in
  reading order, dark, 4 points or more); or a box to tick's marks, each starting in
  such a box;
* each page rendered at 72 dpi is the form's page, outside the value boxes grown by
  :data:`.provenfill.MARGIN` pixels, but for ink within a pixel of where the form's is
  (a run the print writes as part of a ``TJ`` starts a hundred-thousandth of a point
  off the form's, which PDFium may set a pixel over; Nimbus Sans's glyphs are within a
  pixel of PDFium's Helvetica), by fewer than :data:`.samedrawing.SHOWN` grey levels;
  each consent box shows, pixel for pixel, what the template shows of it in one of its
  states.

Anything not proved returns ``None`` and the general path reads the file.
"""

from __future__ import annotations

import collections
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ..form.template import Form
from ..pdf.charboxes import KnownStart
from ..pdf.loadedpages import LoadedPages
from ..pdf.nodefonts import page_dicts
from ..pdf.objects import Node, NotSure, Objects
from ..pdf.pagefonts import PageFonts
from ..pdf.pageviews import layers_may_print_otherwise
from ..pdf.sharedstarts import shared_start
from .clipshapes import room_among
from .contenttokens import NotPlain
from .drawnfill import page_content
from .plaintext import BASELINE_IN, DARK, MIN_SIZE, plain_text, read_runs
from .printdraws import Fill, PageDrawing, Run, Shown, Stroke, joined, page_drawing
from .printfonts import (
    advance_of,
    clones_of,
    mark_advances,
    partly_proved,
    proved_fonts,
    wording_read,
)
from .printmaps import layer_reads, misread, unvouched
from .provedtext import Marks, ProvedFont, proved_items
from .provenfill import ProvenFill, Template, Widget, template_of
from .samedrawing import SHOWN
from .screenpages import content_ink
from .widgetnodes import NEAR as WIDGET_NEAR
from .widgetnodes import Unproved, number_array

if TYPE_CHECKING:
    from pypdf import PdfReader

__all__ = ["NEAR", "proven_print"]

NEAR = 0.01
"""Points by which a run, a line's point or width may stand off the form's (written to
two or three decimals, in another scale)."""
GREY = 1.5 / 255
"""By how much a colour may differ from the form's (Ghostscript writes 0.55 as 0.550781,
a byte's level)."""
_RESOURCES = frozenset({"/Font", "/ProcSet", "/ExtGState"})
_OPAQUE: dict[str, Node] = {"/Type": "/ExtGState", "/CA": 1, "/ca": 1}
_PAGE_KEYS = frozenset(
    {"/Type", "/Parent", "/Contents", "/Resources", "/MediaBox", "/CropBox", "/Rotate", "/Group"}
)
_BOXES = ("/MediaBox", "/CropBox", "/Rotate", "/UserUnit")


@dataclass(frozen=True, slots=True)
class _Page:
    runs: list[Run]
    paths: list[Stroke | Fill]
    media: tuple[float, ...]
    near: npt.NDArray[np.uint8]
    """The form's page rendered, each pixel's most ink within one pixel of it."""


@dataclass(frozen=True, slots=True)
class _Printed:
    template: Template
    pages: list[_Page]


_TEMPLATES: dict[int, tuple[bytes, _Printed | None]] = {}


def _printed_template(form: Form) -> _Printed | None:
    kept = _TEMPLATES.get(id(form.template))
    if kept is not None and kept[0] is form.template:
        return kept[1]
    made = None
    base = template_of(form)
    if base is not None:
        try:
            made = _made(form, base)
        except (NotSure, Unproved, NotPlain):
            made = None
    _TEMPLATES[id(form.template)] = (form.template, made)
    return made


def _made(form: Form, base: Template) -> _Printed:
    objects = Objects(form.template)
    pages = []
    for number, chain in enumerate(page_dicts(objects)):
        if number >= len(form.pages):
            break
        fonts = _fonts(objects, _inherited(chain, "/Resources"))
        drawing = page_drawing(page_content(objects, chain[0]), fonts, lambda *_: None)
        if drawing.shown or any(r.clip or p.clip for r in drawing.runs for p in drawing.paths):
            raise Unproved("a template page with embedded fonts or clips")
        near = _darkest_near(base.shown[number])
        pages.append(_Page(joined(drawing.runs), drawing.paths, _media(objects, chain), near))
    if len(pages) != len(form.pages):
        raise Unproved("a template without the form's pages")
    return _Printed(base, pages)


def _inherited(chain: list[dict[str, Node]], key: str) -> Node:
    return next((node[key] for node in chain if key in node), None)


def _media(objects: Objects, chain: list[dict[str, Node]]) -> tuple[float, ...]:
    """A page's media box (raises when its crop box, rotation or unit may show it otherwise)."""
    media = number_array(objects.resolve(_inherited(chain, "/MediaBox")), 4)
    crop = _inherited(chain, "/CropBox")
    if crop is not None and number_array(objects.resolve(crop), 4) != media:
        raise Unproved("a page cropped")
    if objects.resolve(_inherited(chain, "/Rotate")) not in (None, 0):
        raise Unproved("a page turned")
    if _inherited(chain, "/UserUnit") is not None:
        raise Unproved("a page in other units")
    return media


def _fonts(objects: Objects, resources: Node) -> dict[str, Node]:
    found = objects.dict_of(resources)
    if not set(found) <= _RESOURCES:
        raise Unproved("resources beside fonts")
    return {k: objects.resolve(v) for k, v in objects.dict_of(found.get("/Font")).items()}


def _states(objects: Objects, resources: dict[str, Node]) -> frozenset[str]:
    """The page's graphics states (raises unless each changes nothing: opaque, as
    pdftocairo writes ``/a0 << /CA 1 /ca 1 >>``)."""
    out = set()
    for name, state in objects.dict_of(resources.get("/ExtGState", {})).items():
        entries = objects.dict_of(state)
        if any(
            objects.resolve(v) != _OPAQUE.get(k, objects.resolve(v)) or k not in _OPAQUE
            for k, v in entries.items()
        ):
            raise Unproved("a graphics state that may change what is drawn")
        out.add(name)
    return frozenset(out)


def _plain_group(objects: Objects, group: Node) -> bool:
    """Whether a page's ``/Group`` is none, or a transparency group that changes nothing
    drawn opaque (pdftocairo's: isolated, in RGB, not knocking out)."""
    if group is None:
        return True
    entries = objects.dict_of(group)
    return set(entries) <= {"/Type", "/S", "/CS", "/I"} and all(
        objects.resolve(entries.get(k, v)) == v
        for k, v in (("/Type", "/Group"), ("/S", "/Transparency"), ("/CS", "/DeviceRGB"))
    )


def proven_print(
    form: Form,
    objects: Objects,
    data: bytes,
    pages: LoadedPages,
    fonts: Callable[[], PageFonts],
    pypdf: Callable[[], PdfReader] | None = None,
) -> ProvenFill | None:
    """What a print with no fields shows, when it is proved to be the form's pages with
    its values drawn in their boxes (see the module); None when anything is not proved.
    ``fonts``: the file's font check; ``pypdf``: the file opened by pypdf (a font the
    check did not prove whole is proved for the codes drawn, when given)."""
    if form.definition.imported or len(pages) != len(form.pages):
        return None
    printed = _printed_template(form)
    if printed is None:
        return None
    try:
        return _proved(form, printed, objects, data, pages, fonts, pypdf)
    except (Unproved, NotPlain, NotSure):
        return None


def _proved(
    form: Form,
    printed: _Printed,
    objects: Objects,
    data: bytes,
    pages: LoadedPages,
    fonts: Callable[[], PageFonts],
    pypdf: Callable[[], PdfReader] | None,
) -> ProvenFill | None:
    if layers_may_print_otherwise(data, objects):
        return None
    root = objects.dict_of(objects.trailer.get("/Root"))
    if not set(root) <= {"/Type", "/Pages", "/Metadata"}:
        return None  # (no form, layers, actions, names, outlines: a print has none)
    chains = list(page_dicts(objects))
    if len(chains) != len(printed.pages):
        return None
    template = printed.template
    keys = {plan.spec.pdf_name: key for key, plan in form.fields.items()}
    shown: dict[tuple[int, int], str | None] = {}
    checked: set[str] = set()
    shown_otherwise: list[tuple[str, int, str]] = []
    glyphs: dict[str, set[str | None]] = collections.defaultdict(set)  # (each field's boxes')
    for number, chain in enumerate(chains):
        page = chain[0]
        if not set(page) <= _PAGE_KEYS or _media(objects, chain) != printed.pages[number].media:
            return None
        if not _plain_group(objects, page.get("/Group")):
            return None
        found = objects.dict_of(_inherited(chain, "/Resources"))
        resources, states = _fonts(objects, found), _states(objects, found)
        refs = objects.dict_of(found.get("/Font"))
        proved, marks = proved_fonts(objects, resources, refs, fonts)
        clones = clones_of(objects, resources, refs)
        standing = {name: clone.standard for name, clone in clones.items()}
        content = page_content(objects, page)
        wide = {name: clone.wide for name, clone in clones.items() if clone.wide is not None}
        drawing = page_drawing(content, resources, advance_of(marks), standing, states, wide)
        if any(
            not set(r.raw) <= clones[r.face].codes
            for r in drawing.runs
            if r.face in clones and clones[r.face].wide is None
        ):
            return None  # (a code of a copy of a standard font not proved to draw its glyph)
        widgets = template.widgets[number]
        wording, typed = _split(drawing.runs, widgets)
        if any(unvouched(clones, runs) for runs in typed.values()):
            return None  # (a value in a copy the general path does not vouch for either)
        # (the letters each value shows in a copy whose map reads them otherwise)
        unread = {i: shows for i, runs in typed.items() if (shows := misread(runs, clones))}
        wording_read(wording, clones)
        _same_wording(wording, drawing.paths, printed.pages[number])
        partly_proved(objects, refs, fonts, pypdf, drawing, proved, marks)
        values = _values(drawing, proved, marks, widgets)
        for index, text in _typed(typed, widgets).items():
            if index in values:
                raise Unproved("a box drawn in a standard font and an embedded one")
            values[index] = text
        image = content_ink(pages[number])
        if pages.drawn(number) or not _form_page_outside(printed, number, image):
            return None
        # (the wording's characters as other prints by the same program drew them)
        start = functools.partial(_shared, objects, number, data)
        layer = layer_reads(pages, number, widgets, values, unread, start)
        for index, widget in enumerate(widgets):
            if widget.state is None:
                glyphs[keys[widget.name]].add(values.get(index))
                if index in layer:  # (what the text layer reads instead: .printmaps)
                    shown_otherwise.append((keys[widget.name], number, layer[index]))
                shown[number, index] = values.get(index)
                continue
            y0, y1, x0, x1 = widget.region
            state = next(
                (
                    s
                    for s, face in widget.faces.items()
                    if np.array_equal(image[y0:y1, x0:x1], face)
                ),
                None,
            )
            if state is None:
                return None
            if state != "/Off":
                checked.add(widget.state)
    if any(len(glyphs[name]) > 1 for name, _, _ in shown_otherwise):
        return None  # (boxes of a field that show other values, read alike: the general path)
    visible: dict[str, list[str | None]] = {}
    for number, row in enumerate(template.widgets):
        for index, widget in enumerate(row):
            if widget.state is None:
                visible.setdefault(keys[widget.name], []).append(shown.get((number, index)))
    return ProvenFill(visible, frozenset(checked), misread=tuple(shown_otherwise))


def _shared(objects: Objects, number: int, data: bytes) -> KnownStart | None:
    """The characters page ``number`` shares with other prints (:mod:`..pdf.sharedstarts`)."""
    shared = shared_start(objects, number, data, hash(data))
    return None if shared is None else shared[0]


def _split(runs: list[Run], widgets: list[Widget]) -> tuple[list[Run], dict[int, list[Run]]]:
    """``runs`` of standard fonts as the wording's, and as values typed in a text box (by
    the widget's index): a run starting in a text box, under a clip inside it or none
    (another program's fill printed: pypdf's, pdftk's, pdf-lib's values in Helvetica), a
    point or more from its right edge."""
    wording: list[Run] = []
    typed: dict[int, list[Run]] = {}
    for run in runs:
        at = [
            i
            for i, w in enumerate(widgets)
            if w.state is None
            and _inside(run.x, run.y, w.rect, WIDGET_NEAR)
            and (run.clip is None or _within(run.clip, w.rect))
        ]
        if len(at) == 1:
            typed.setdefault(at[0], []).append(run)
        else:
            wording.append(run)
    return wording, typed


def _typed(typed: dict[int, list[Run]], widgets: list[Widget]) -> dict[int, str | None]:
    """What each box's runs of standard fonts show, read as a widget's appearance of
    them is (:func:`.plaintext.plain_text`, their clip, or the box, as its box, with the
    room below it that the other boxes leave)."""
    out = {}
    for index, runs in typed.items():
        clips = {run.clip for run in runs}
        if len(clips) != 1:
            raise Unproved("a value's runs under different clips")
        left, bottom, right, top = clips.pop() or widgets[index].rect
        fonts: dict[str, Node] = {}
        parts = []
        for run in runs:
            name = f"/F{len(fonts)}"
            fonts[name] = {
                "/Type": "/Font",
                "/Subtype": "/Type1",
                "/BaseFont": run.font[0],
                "/Encoding": run.font[1],
            }
            colour = " ".join(f"{c:.6f}" for c in run.colour) + (
                " g" if len(run.colour) == 1 else " rg"
            )
            parts.append(
                f"BT {name} {run.size:.6f} Tf {colour} 1 0 0 1 {run.x - left:.6f} "
                f"{run.y - bottom:.6f} Tm <{run.raw.hex()}> Tj ET"
            )
        box = (0.0, 0.0, right - left, top - bottom)
        # (a tail cut as the general path vouches for it: its box meets no other box)
        others = [w.rect for at, w in enumerate(widgets) if at != index]
        room = room_among(others, (left, bottom, right, top), box)
        out[index] = plain_text(" ".join(parts).encode(), fonts, box, room)
    return out


def _same_wording(runs: list[Run], paths: list[Stroke | Fill], form_page: _Page) -> None:
    """Raises unless ``runs`` and ``paths`` are the form page's, drawn as the form does."""
    runs = joined(runs)
    if len(runs) != len(form_page.runs) or len(paths) != len(form_page.paths):
        raise Unproved("not the form's wording and lines")
    for run, want in zip(runs, form_page.runs, strict=True):
        if (
            run.font != want.font
            or run.raw != want.raw
            or run.clip is not None
            or not _near((run.size, run.x, run.y, run.end), (want.size, want.x, want.y, want.end))
            or not _alike(run.colour, want.colour)
        ):
            raise Unproved("a run of the wording not the form's")
    for path, form_path in zip(paths, form_page.paths, strict=True):
        if type(path) is not type(form_path) or path.clip is not None:
            raise Unproved("a path not the form's")
        if not _alike(path.colour, form_path.colour) or not _same_points(path, form_path):
            raise Unproved("a path not the form's")
        if not _same_paint(path, form_path):
            raise Unproved("a path not the form's")


def _same_paint(a: Stroke | Fill, b: Stroke | Fill) -> bool:
    """Whether ``a`` is stroked as wide as ``b``, or filled by the same rule."""
    if isinstance(a, Stroke) and isinstance(b, Stroke):
        return _near((a.width,), (b.width,))
    return isinstance(a, Fill) and isinstance(b, Fill) and a.even_odd == b.even_odd


def _near(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return all(abs(x - y) <= NEAR for x, y in zip(a, b, strict=True))


def _alike(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= GREY for x, y in zip(a, b, strict=True))


def _same_points(a: Stroke | Fill, b: Stroke | Fill) -> bool:
    if len(a.points) != len(b.points):
        return False
    for p, q in zip(a.points, b.points, strict=True):
        if (p is None) != (q is None) or (p is not None and q is not None and not _near(p, q)):
            return False
    return True


def _values(
    drawing: PageDrawing,
    proved: dict[str, ProvedFont],
    marks: dict[str, Marks],
    widgets: list[Widget],
) -> dict[int, str | None]:
    """What each text box of the page shows (by the widget's index; raises unless every
    text in an embedded font is under a clip to one box, or, unclipped, starts in one
    box, read as a widget's value is, its box then its clip; or marks in boxes to tick,
    each glyph starting in one of them, judged by their pixels)."""
    runs: dict[int, list[tuple[float, float, float, float, str, str]]] = {}
    reaches: dict[tuple[float, float, float, float, str, str], tuple[float, float]] = {}
    for text in drawing.shown:
        if text.clip is None:  # (pdftocairo's values: drawn in their boxes, unclipped)
            at = [i for i, w in enumerate(widgets) if _inside(text.x, text.y, w.rect)]
        else:  # (a clip to its box, or inside it: pdftocairo clips a value now and then)
            at = [i for i, w in enumerate(widgets) if _within(text.clip, w.rect)]
        if len(at) != 1 or text.face not in marks:
            raise Unproved("text in an embedded font not proved, or over no box")
        if max(text.colour) > DARK or text.size < MIN_SIZE:
            raise Unproved("a value light or small")
        if widgets[at[0]].state is not None:
            _marked(text, marks[text.face], widgets)  # (judged by its pixels)
            continue
        font = proved.get(text.face)
        if font is None:
            raise Unproved("a value in a font not read as text")
        clip = text.clip or widgets[at[0]].rect
        if text.y - clip[1] <= BASELINE_IN:
            raise Unproved("a value on or under its box")
        got = proved_items(font, text.items, text.x, text.y, text.size, clip, False)
        if got.text:
            run = (text.x, text.x + got.advance, text.y, text.size, got.text, font.name)
            runs.setdefault(at[0], []).append(run)
            reaches[run] = (got.below, got.above)
    return {index: read_runs(found, reaches) for index, found in runs.items()}


def _marked(text: Shown, font: Marks, widgets: list[Widget]) -> None:
    """Raises unless each glyph of ``text`` starts inside a box to tick (pdftocairo
    draws both boxes' marks in one ``TJ``)."""
    boxes = [w.rect for w in widgets if w.state is not None]
    at = text.x
    for item in text.items:
        if not isinstance(item, bytes):
            at -= item * text.size / 1000
            continue
        for advance in mark_advances(font, item):
            if not any(_inside(at, text.y, box) for box in boxes):
                raise Unproved("a mark outside the boxes to tick")
            at += advance * text.size / 1000


def _inside(x: float, y: float, rect: tuple[float, float, float, float], off: float = 0) -> bool:
    """Whether ``(x, y)`` is in ``rect`` (``off``: and that far from its right edge: the
    form's wording starts where a box ends, ", agree that:")."""
    return rect[0] <= x <= rect[2] - off and rect[1] <= y <= rect[3]


def _within(
    clip: tuple[float, float, float, float], rect: tuple[float, float, float, float]
) -> bool:
    """Whether ``clip`` lies inside ``rect`` (to :data:`.widgetnodes.NEAR`)."""
    return (
        clip[0] >= rect[0] - WIDGET_NEAR
        and clip[1] >= rect[1] - WIDGET_NEAR
        and clip[2] <= rect[2] + WIDGET_NEAR
        and clip[3] <= rect[3] + WIDGET_NEAR
    )


def _form_page_outside(printed: _Printed, number: int, image: npt.NDArray[np.uint8]) -> bool:
    """Whether ``image`` is the form's page ``number`` outside the value boxes, but for
    ink within a pixel of the form's (see the module)."""
    import cv2

    template = printed.template
    form_page = template.shown[number]
    if image.shape != form_page.shape:
        return False
    outside = template.apart[number]
    if not np.count_nonzero(outside & (image != form_page)):
        return True
    # (ink added where the form has none within a pixel, or taken where it had some)
    added = cv2.subtract(image, printed.pages[number].near) >= SHOWN
    taken = cv2.subtract(form_page, _darkest_near(image)) >= SHOWN
    return not (np.count_nonzero(added & outside) or np.count_nonzero(taken & outside))


def _darkest_near(image: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """Each pixel's most ink within one pixel (its 3 x 3 square; none past the edges)."""
    import cv2

    return np.asarray(cv2.dilate(image, np.ones((3, 3), np.uint8)), np.uint8)
