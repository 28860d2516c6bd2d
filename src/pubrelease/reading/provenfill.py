"""A return filled by another program, proved to show the form's pages and its widgets'
values, read from the widgets alone (the speed path of ``parse`` for other tools' fills).

pypdf, pdftk, pdf-lib and PyMuPDF fill a form by writing each field's ``/V`` and a new
appearance stream for its widget; the pages' own content stays the template's. Reading
such a return the general way (every page flattened, read into text, rendered and judged
character by character) costs four to five times what PDFium needs to open it, most of
it on the form's wording, which every return shares. Here the return is proved to be
the form's pages with its values drawn in their boxes, and read from its widgets; any
condition not proved leaves it to the general path (``None``), which reads it as before.

What is proved, with the fast object reader (:mod:`..pdf.objects`) and one render a page
(of a copy of the file, its widgets drawn in as the reading flattens them):

* every page's own content is the template's: the digest of everything PDFium draws it
  from (:func:`..pdf.nodefonts.content_keys`) is the template page's, so its text layer
  is the form's wording, character for character;
* its annotations are the form's widgets and nothing else (but its certificate
  signatures' widgets that draw nothing, or whose stamps are off the pages read:
  :mod:`.signedwidgets`), each over its box (to half a
  point), printed and shown alike (flags ``Print`` only), in no layer and with no action;
  the file has no optional content, no XFA, and asks viewers to draw no appearance;
* each text widget's appearance draws its value and nothing else: a form XObject of the
  box's size, unscaled, with standard fonts (not embedded, no width table, no map
  of their own, in the WinAnsi or their standard encoding, which read every byte
  allowed here as Latin-1) or embedded fonts whose outlines the file's font check
  proved to be a font we ship's (pdf-lib's subset of DejaVu Sans: :mod:`.provedtext`),
  in a dark fill, every run of text upright, at 4 points or
  more, inside the box and every clip, no run over another, each line's runs abutting
  (:func:`.plaintext.plain_text`); its lines joined by spaces are the field's stored
  value and its ``/V`` as written, and the widget and its fields hold what the
  template's do beside them (:func:`fixed_digest`);
* each consent box is in one of the template's states and shows, pixel for pixel, what
  the template shows of it in that state;
* the page, its widgets drawn in as a viewer shows them, is the form's page
  rendered so, pixel for pixel, outside the value boxes (each grown by
  :data:`MARGIN` pixels).

Those leave nothing for the general path's checks of what the page shows to find: the
wording is the form's and shown as the form shows it, and each box shows its value in a
font whose glyphs are the characters read.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from ..form.definition import Role
from ..form.template import Form
from ..pdf.loadedpages import LoadedPages
from ..pdf.matrices import IDENTITY
from ..pdf.nodefonts import content_keys, node_digest, page_dicts
from ..pdf.objects import Node, NotSure, Objects, Ref, Stream
from ..pdf.outlineproof import SUBSET_TAG
from ..pdf.pagefonts import PageFonts
from ..pdf.pageviews import layers_may_print_otherwise
from ..pdf.writer import read_trailer, write_update
from .clipshapes import room_among
from .contenttokens import content_tokens
from .cutlines import Cut
from .cutthrough import read_as_cut
from .fonttrust import value_box_fonts
from .issueddrawings import Place, issued_drawings
from .plaintext import Box, NotPlain, plain_mark, plain_text
from .provedtext import appearance_fonts, type0_font
from .screenpages import content_ink, screen_renders, shown_pages
from .signedwidgets import Passed
from .storedfields import Stored, text_value
from .substitutes import Look, shows_marks, substitute_fonts
from .viewerwidgets import blank_appearance, drawn_by_viewer, viewer_font
from .visual import BOX_MARKED
from .widgetchain import field_name, fixed_digest, page_widgets, raw_value
from .widgetnodes import (
    Unproved,
    box_states,
    drawn_alike,
    form_boxes,
    nearly_same,
    number_array,
    widget_rect,
)

__all__ = [
    "MARGIN",
    "ProvenFill",
    "Template",
    "Widget",
    "form_page_outside",
    "marked_box",
    "proven_fill",
    "shows_form_pages",
    "template_of",
    "undrawn_as_known",
]

MARGIN = 2
"""Pixels (at 72 dpi) a value box is grown by where the page need not be the form's."""
MAX_APPEARANCE = 1 << 16
"""Decoded bytes of an appearance stream looked at."""
PRINT = 4
"""Annotation flags: ``Print`` alone."""
_APPEARANCE_KEYS = frozenset({"/Type", "/Subtype", "/BBox", "/Matrix", "/Resources"})
_STREAM_KEYS = frozenset({"/Length", "/Filter", "/DecodeParms", "/FormType"})
_RESOURCE_KEYS = frozenset({"/Font", "/ProcSet"})


@dataclass(frozen=True, slots=True)
class ProvenFill:
    """What the widgets of a proved return show."""

    visible: dict[str, list[str | None]]
    """Per text field, what each of its widgets shows (None: nothing)."""
    checked: frozenset[str]
    """The consent boxes' states shown ticked."""
    undrawn: tuple[tuple[int, str], ...] = ()
    """The consent boxes drawn as nothing (each one's page and state: the decline box
    beside the agree box ticked, by pdftk's flattening or PyMuPDF's fill), for a person."""
    cut: tuple[tuple[str, int, str, str], ...] = ()
    """The boxes whose value is set larger than them, its end cut away (each one's field
    name, page, what it shows and what is cut off: :func:`.cutlines.cut_lines`)."""
    misread: tuple[tuple[str, int, str], ...] = ()
    """Boxes whose text layer reads their glyphs otherwise (field, page, what it reads)."""


@dataclass(frozen=True, slots=True)
class Widget:
    """A widget of the form's template: its field, its box, its pixels in each state."""

    page: int
    name: str
    rect: tuple[float, float, float, float]
    state: str | None
    region: tuple[int, int, int, int]
    """The pixels (y0, y1, x0, x1) of the box grown by :data:`MARGIN`."""
    faces: dict[str, npt.NDArray[np.uint8]]
    """A box's pixels in each of its states, as the template draws them."""
    fixed: bytes
    """The digest of what the widget and its fields say beside their value and its
    appearance (:func:`fixed_digest`)."""
    drawings: dict[str, bytes] | None = None
    """A box's appearance in each of its states, by value (:func:`_drawings`)."""


@dataclass(frozen=True, slots=True)
class Template:
    """The form's template as the proof compares a return with it: its pages, widgets, renders."""

    keys: list[bytes | None]
    widgets: list[list[Widget]]
    shown: list[npt.NDArray[np.uint8]]
    bare: list[npt.NDArray[np.uint8]]
    """Per page, its own content rendered alone (no widget drawn in)."""
    apart: list[npt.NDArray[np.bool_]]
    """Per page, the pixels outside every box grown by :data:`MARGIN`."""


_TEMPLATES: dict[int, tuple[bytes, Template | None]] = {}


def template_of(form: Form) -> Template | None:
    """The form's :class:`Template`, made once a process; None when the proof does not cover it."""
    kept = _TEMPLATES.get(id(form.template))
    if kept is not None and kept[0] is form.template:
        return kept[1]
    try:
        made: Template | None = _made_template(form)
    except (NotSure, Unproved, pdfium.PdfiumError):
        made = None
    _TEMPLATES[id(form.template)] = (form.template, made)
    return made


def _made_template(form: Form) -> Template:
    objects = Objects(form.template)
    count = len(form.pages)
    keys = content_keys(objects, count, by_value=True)
    names = {plan.spec.pdf_name: plan for plan in form.fields.values()}
    found: list[
        list[tuple[Ref, dict[str, Node], str, tuple[float, float, float, float], str | None]]
    ] = []
    for number, chain in enumerate(page_dicts(objects)):
        if number >= count:
            break
        row = []
        for ref, annot in page_widgets(objects, chain[0]):
            name, rect = field_name(objects, annot), widget_rect(objects, annot)
            plan = names.get(name)
            box = (
                next((w.box for w in plan.widgets if nearly_same(w.box.rect, rect)), None)
                if plan
                else None
            )
            if box is None:
                raise Unproved("a template widget of no field of the form")
            row.append((ref, annot, name, rect, box.state))
        found.append(row)
    shown = screen_renders(form.template, range(count))
    bare = screen_renders(form.template, range(count), annotations=False)
    widgets: list[list[Widget]] = []
    apart = []
    for number, row in enumerate(found):
        height = shown[number].shape[0]
        mask = np.ones(shown[number].shape, bool)
        widgets.append([])
        for ref, annot, name, rect, state in row:
            left, bottom, right, top = rect
            y0, x0 = max(math.floor(height - top) - MARGIN, 0), max(math.floor(left) - MARGIN, 0)
            y1, x1 = math.ceil(height - bottom) + MARGIN, math.ceil(right) + MARGIN
            mask[y0:y1, x0:x1] = False
            region = (y0, y1, x0, x1)
            faces = _faces(form.template, objects, ref, annot, number, region) if state else {}
            fixed = fixed_digest(objects, annot)
            drawings = _drawings(objects, annot) if state else None
            widgets[-1].append(Widget(number, name, rect, state, region, faces, fixed, drawings))
        apart.append(mask)
    return Template(keys, widgets, shown, bare, apart)


_AS = re.compile(rb"/AS\s*/[^\s/<>\[\]()]+")


def _faces(
    template: bytes,
    objects: Objects,
    ref: Ref,
    annot: dict[str, Node],
    number: int,
    region: tuple[int, int, int, int],
) -> dict[str, npt.NDArray[np.uint8]]:
    """A box's pixels in each of its states, drawn by the template with the box set to
    each (an update of its widget's ``/AS``, rendered once a process)."""
    body = objects.body(ref)
    if body is None or len(_AS.findall(body)) != 1:
        raise Unproved("a template box without one /AS")
    y0, y1, x0, x1 = region
    out = {}
    for state in box_states(objects, annot):
        changed = _AS.sub(b"/AS " + state.encode("latin-1"), body)
        shown = write_update(template, read_trailer(template), {ref.num: changed}, update_id="0")
        (page,) = screen_renders(shown, range(number, number + 1))
        out[state] = page[y0:y1, x0:x1].copy()
    faces = list(out.values())
    if any(np.array_equal(a, b) for i, a in enumerate(faces) for b in faces[i + 1 :]):
        raise Unproved("a template box that shows two states alike")
    return out


def proven_fill(
    form: Form,
    objects: Objects,
    data: bytes,
    pages: LoadedPages,
    stored: Stored,
    fonts: Callable[[], PageFonts] | None = None,
    passed: Passed | None = None,
    seen: bytes | None = None,
) -> ProvenFill | None:
    """What the widgets of the return show, when it is proved to be the form's pages with
    its values drawn in their boxes (see the module); None when anything is not proved.
    ``fonts``: the file's fonts checked (:func:`..pdf.pagefonts.check_fonts`), asked for
    when an appearance draws in an embedded font, which is read where its outlines are
    proved (:mod:`.provedtext`). ``passed``: the widgets of its signatures passed over
    (:mod:`.signedwidgets`); ``seen``: the copy of ``data`` ``pages`` are of, its
    signatures' stamps taken off."""
    template = template_of(form)
    if template is None or stored.consent_note:
        return None
    try:
        return _proved(form, template, objects, data, pages, stored, fonts, passed, seen)
    except (Unproved, NotPlain, NotSure):
        return None


def _proved(
    form: Form,
    template: Template,
    objects: Objects,
    data: bytes,
    pages: LoadedPages,
    stored: Stored,
    checked_fonts: Callable[[], PageFonts] | None,
    passed: Passed | None,
    seen: bytes | None,
) -> ProvenFill | None:
    count = len(form.pages)
    if len(pages) != count or layers_may_print_otherwise(data, objects):
        return None
    root = objects.dict_of(objects.trailer.get("/Root"))
    acroform = objects.dict_of(root.get("/AcroForm"))
    if "/XFA" in acroform or "/OCProperties" in root:
        return None
    if content_keys(objects, count, by_value=True) != template.keys or None in template.keys:
        return None
    visible: dict[str, list[str | None]] = {}
    cut: list[tuple[str, int, str, str]] = []
    through: dict[int, list[tuple[Cut, float, float]]] = {}  # (by page, placed)
    checked: set[str] = set()
    # (each box, its state, its widget and place)
    boxes: list[tuple[Widget, str, dict[str, Node], tuple[float, float, float, float]]] = []
    as_issued: dict[tuple[str, int], Place] = {}  # (by field and widget: .issueddrawings)
    looks: list[Look] = []  # (boxes with marks in a font not embedded: .substitutes)
    names = {plan.spec.pdf_name: key for key, plan in form.fields.items()}
    boxes_on = form_boxes(form)
    for number, chain in enumerate(page_dicts(objects)):
        if number >= count:
            break
        left = list(template.widgets[number])
        for index, (_, annot) in enumerate(page_widgets(objects, chain[0])):
            name, rect = field_name(objects, annot), widget_rect(objects, annot)
            widget = next((w for w in left if w.name == name and nearly_same(w.rect, rect)), None)
            if widget is None and passed and passed(objects, annot, number, index, name, rect):
                continue  # (a signature's, drawing nothing or taken off the pages)
            if (
                widget is None
                or annot.get("/F") != PRINT
                or fixed_digest(objects, annot) != widget.fixed
            ):
                return None
            left.remove(widget)
            if widget.state is not None:
                state = _box_state(objects, annot, widget)
                boxes.append((widget, state, annot, rect))
                continue
            stored_value = stored.values.get(names[name]) or None
            raw = raw_value(objects, annot)
            if stored_value != raw and (
                # (spaces at its ends, two together, lines broken by Enter: where the
                # appearance proved below is what shows, the value is read as stored
                # values are, its spaces and breaks collapsed; a value each viewer draws
                # from /V shows them as it will)
                stored.need_appearances
                or names[name] in stored.drawn_by_viewer
                or stored_value != text_value(raw)
            ):
                return None
            if names[name] in stored.drawn_by_viewer:  # (no appearance: each viewer's own)
                drawn_by_viewer(objects, acroform, annot, stored.need_appearances)
                visible.setdefault(names[name], []).append(None)
                continue
            if stored.need_appearances:  # (drawn again by some viewers from /V: .viewerdrawn)
                viewer_font(objects, acroform, annot)
                if blank_appearance(objects, annot):  # (the template's: PDFium draws nothing)
                    visible.setdefault(names[name], []).append(None)
                    continue
            normal, stream = _normal(objects, annot)
            content, fonts, box = _form_xobject(objects, normal, stream, rect)
            others = [r for r in boxes_on[number] if not nearly_same(r, widget.rect)]
            room = room_among(others, rect, box)
            parts: list[Cut] = []  # (a value set larger than its box: its end cut away)
            used: list[tuple[str, bool]] = []  # (the value's font: its name, proved?)
            marks: list[Box] = []  # (their cells)
            substitutes = substitute_fonts(objects, fonts)
            scale = min(
                (rect[2] - rect[0]) / (box[2] - box[0]), (rect[3] - rect[1]) / (box[3] - box[1])
            )
            try:
                proved = appearance_fonts(objects, annot, fonts, checked_fonts)
                drawn = plain_text(
                    content,
                    fonts,
                    box,
                    room,
                    parts,
                    proved,
                    scale=scale,
                    used=used,
                    substitutes=substitutes,
                    looked=marks,
                )
            except NotPlain:  # (in another font: fill's drawing as it issued it, if anything)
                if not _may_be_fills(content, fonts):
                    return None
                at = (names[name], len(visible.get(names[name], ())))
                as_issued[at] = (normal, name, widget.rect)
                visible.setdefault(names[name], []).append(stored_value)
                continue
            if drawn is None and not parts:  # (it draws nothing: PDFium's of a page not loaded)
                visible.setdefault(names[name], []).append(None)
                continue
            if text_value(drawn) != stored_value or not _fonts_trusted(form, checked_fonts, used):
                return None
            if marks:  # (looked at below, as PDFium shows them)
                if parts or not math.isclose(scale, 1.0):
                    return None
                dx, dy = rect[0] - box[0], rect[1] - box[1]
                cells = tuple((a + dx, b + dy, c + dx, d + dy) for a, b, c, d in marks)
                looks.append(Look(number, rect, cells))
            for part in parts:
                cut.append((names[name], number, part.shown, part.cut))
                through.setdefault(number, []).append((part, rect[0] - box[0], rect[1] - box[1]))
            visible.setdefault(names[name], []).append(stored_value)
        if left:
            return None
    if looks and not shows_marks(seen or data, looks):
        return None
    if as_issued:
        found = issued_drawings(form, objects, as_issued)
        if found is None or any(found[at] != visible[at[0]][at[1]] for at in as_issued):
            return None
    undrawn: list[tuple[int, str]] = []
    # (a box drawing the template's appearances, by value, shows its state as the
    # template does without being rendered; the others' pages are, with their widgets)
    known = {id(annot) for w, _, annot, _ in boxes if _drawings(objects, annot) == w.drawings}
    drawn_in = {w.page for w, _, annot, _ in boxes if id(annot) not in known} | set(through)
    for number, image in enumerate(shown_pages(seen or data, pages, drawn_in)):
        if not form_page_outside(template, number, image):
            return None
        placed = through.get(number, ())
        if not read_as_cut(form.template, number, image, pages[number].get_size(), placed):
            return None
        for widget, state, annot, rect in boxes:  # each box as the template draws it
            y0, y1, x0, x1 = widget.region
            shown = image[y0:y1, x0:x1]
            if widget.page != number:
                continue
            assert widget.state is not None
            if id(annot) in known or (
                np.array_equal(shown, widget.faces[state]) and drawn_alike(objects, annot)
            ):  # (the form's: by value, or as PDFium shows it, drawn as every viewer draws)
                if state != "/Off":
                    checked.add(widget.state)
                continue
            drawn = _drawn_as(objects, annot, rect, state)
            if drawn == "mark" and state != "/Off" and marked_box(image, template, widget):
                checked.add(widget.state)  # (a mark alone, where a person looks for one)
            elif drawn == "nothing" and state == "/Off":
                if not np.array_equal(shown, template.bare[number][y0:y1, x0:x1]):
                    return None
                undrawn.append((number, widget.state))
            else:
                return None
    if undrawn and not undrawn_as_known(form, checked, undrawn):
        return None
    return ProvenFill(visible, frozenset(checked), tuple(undrawn), tuple(cut))


def marked_box(image: npt.NDArray[np.uint8], template: Template, widget: Widget) -> bool:
    """Whether the box shows a mark where the general path looks for one: in the middle
    half of the box (across and up), more ink on average than the form's own drawing of
    the box, by :data:`.visual.BOX_MARKED` (a small mark, or one in a corner, is not)."""
    y0, y1, x0, x1 = widget.region
    rows, cols = y1 - y0 - 2 * MARGIN, x1 - x0 - 2 * MARGIN
    top, left = y0 + MARGIN + rows // 4, x0 + MARGIN + cols // 4
    inner = (slice(top, top + rows - 2 * (rows // 4)), slice(left, left + cols - 2 * (cols // 4)))
    extra = image[inner].astype(np.float32) - template.shown[widget.page][inner]
    return extra.size > 0 and float(extra.mean()) > BOX_MARKED


def undrawn_as_known(form: Form, checked: set[str], undrawn: list[tuple[int, str]]) -> bool:
    """Whether the boxes drawn as nothing are the decline box alone, beside the agree box
    ticked, whose findings on the general path are known (any other box not drawn is
    left to it)."""
    spec = form.definition.by_role(Role.CONSENT)
    return (
        spec is not None
        and not spec.decline_field
        and checked == {spec.accept}
        and [state for _, state in undrawn] == [spec.decline]
    )


def _drawings(objects: Objects, annot: dict[str, Node]) -> dict[str, bytes]:
    """A box's appearance streams by state, each digested by value
    (:func:`..pdf.nodefonts.node_digest`): equal to the template's, the box draws what the
    template draws in the state it is in, placed in its box (to :data:`.widgetnodes.NEAR`)."""
    return {
        state: node_digest(objects, ref, by_value=True)
        for state, ref in box_states(objects, annot).items()
    }


def _drawn_as(
    objects: Objects, annot: dict[str, Node], rect: tuple[float, ...], state: str
) -> str | None:
    """``"mark"`` when the box's appearance in ``state`` is a mark of ZapfDingbats alone,
    ``"nothing"`` when it draws nothing (:func:`.plaintext.plain_mark`), else None (the
    form's own faces are then the only drawing taken)."""
    states = box_states(objects, annot)
    ref, stream = states.get(state), objects.resolve(states.get(state))
    if not isinstance(ref, Ref) or not isinstance(stream, Stream):
        return None
    try:
        return "mark" if plain_mark(*_form_xobject(objects, ref, stream, rect)) else "nothing"
    except (Unproved, NotPlain):
        return None


def shows_form_pages(form: Form, pages: LoadedPages) -> bool:
    """Whether each of ``pages``, its own content rendered alone, is the form's page
    pixel for pixel outside the value boxes (grown by :data:`MARGIN`): for a file whose
    widgets are proved to be the form's, each drawing only inside its box, it is then
    shown as the form's page outside them."""
    template = template_of(form)
    if template is None or len(pages) != len(template.shown):
        return False
    return all(
        not pages.drawn(n)
        and form_page_outside(
            template,
            n,
            content_ink(pages[n]),
        )
        for n in range(len(pages))
    )


def form_page_outside(template: Template, number: int, image: npt.NDArray[np.uint8]) -> bool:
    """Whether ``image`` is the form's page ``number``, pixel for pixel, outside the value boxes."""
    form_page = template.shown[number]
    return (
        image.shape == form_page.shape and not (template.apart[number] & (image != form_page)).any()
    )


def _box_state(objects: Objects, annot: dict[str, Node], widget: Widget) -> str:
    """The state a consent box is in, one of the template's (raises otherwise): its
    pixels are then compared with the template's drawing of that state."""
    now = annot.get("/AS")
    if set(box_states(objects, annot)) != set(widget.faces) or now not in widget.faces:
        raise Unproved("a box's states")
    assert isinstance(now, str)
    return now


def _normal(objects: Objects, annot: dict[str, Node]) -> tuple[Ref, Stream]:
    """A text widget's normal appearance, a stream object of its own (raises otherwise)."""
    ap = objects.resolve(annot.get("/AP"))
    ref = ap.get("/N") if type(ap) is dict else None
    stream = objects.resolve(ref)
    if not isinstance(ref, Ref) or not isinstance(stream, Stream):
        raise Unproved("no appearance stream")
    return ref, stream


def _fonts_trusted(
    form: Form, checked: Callable[[], PageFonts] | None, used: list[tuple[str, bool]]
) -> bool:
    """Whether the general path trusts the name of each font ``used`` (its ``/BaseFont``,
    and whether it is read by its proved outlines) for a value box, every font of the file
    of that name, tagged or bare, checked and passing (:func:`.fonttrust.value_box_fonts`):
    a standard font drawing the glyphs its encoding names, a proved one by its outlines.
    Else it looks at the box, and may read it otherwise: a cut cedilla as a c, beside an
    unused "Helvetica" in the Mac Expert encoding (review of session 61)."""
    if not used:
        return True
    if checked is None:
        return False
    trusted = value_box_fonts(checked(), form)
    return all(
        trusted.get(name) is proved and trusted.get(SUBSET_TAG.sub("", name)) is proved
        for name, proved in used
    )


def _may_be_fills(content: bytes, fonts: dict[str, Node]) -> bool:
    """Whether an appearance that draws with ``fonts`` may be one ``fill`` drew: ``fill``
    sets values in Type 0 fonts of its own, and only so. An appearance that selects fonts
    named in its resources, none of them a Type 0 font (poppler's, whose resources are
    the form's, ``fill``'s font among them, and which sets the value in Helvetica), is
    not; one whose tokens are not read here may be."""
    try:
        tokens = content_tokens(content)
    except NotPlain:
        return True
    used = {
        str(tokens[at - 2][1])
        for at, (kind, value) in enumerate(tokens)
        if kind == "o" and value == "Tf" and at >= 2 and tokens[at - 2][0] == "n"
    }
    return not used or not used <= fonts.keys() or any(type0_font(fonts[n]) for n in used)


def _form_xobject(
    objects: Objects, ref: Ref, stream: Stream, rect: tuple[float, ...]
) -> tuple[bytes, dict[str, Node], Box]:
    """An appearance's content, fonts and box (``/BBox``, to which a viewer clips it: a box
    half a point smaller cuts what the widget's box would not), when it is a form XObject
    of the widget's size, unscaled, drawing with fonts only."""
    entries = stream.entries
    if not set(entries) <= _APPEARANCE_KEYS | _STREAM_KEYS or entries.get("/Subtype") != "/Form":
        raise Unproved("an appearance with more than a drawing")
    x0, y0, x1, y1 = number_array(objects.resolve(entries.get("/BBox")), 4)
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    if not nearly_same((x0, y0, x1 - x0, y1 - y0), (0.0, 0.0, width, height)):
        raise Unproved("an appearance scaled into its box")
    if "/Matrix" in entries and number_array(objects.resolve(entries["/Matrix"]), 6) != IDENTITY:
        raise Unproved("an appearance moved or scaled")
    resources = objects.dict_of(entries.get("/Resources"))
    if not set(resources) <= _RESOURCE_KEYS:
        raise Unproved("resources beside fonts")
    content = objects.decoded(ref, MAX_APPEARANCE)
    fonts = {k: objects.resolve(v) for k, v in objects.dict_of(resources.get("/Font")).items()}
    return content, fonts, (x0, y0, x1, y1)
