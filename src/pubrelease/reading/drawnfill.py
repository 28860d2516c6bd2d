"""A return whose form widgets another program drew into its pages ("flattened"), proved
to be the form's pages with each widget's appearance drawn over its box, and read from
those drawings (the speed path of ``parse`` for returns flattened by other programs).

pdftk and pdf-lib flatten a form they filled: each widget's appearance (their own,
standard Helvetica) becomes a form XObject drawn into the page; qpdf
(``--flatten-annotations``) does the same with the appearances of our own live release
(our fonts). Each keeps the page's own content streams, wraps them in ``q`` … ``Q`` and
appends one ``q [cm …] /Name Do Q`` a widget. Reading such a return the general way
(flattened, read into text, rendered, judged glyph by glyph) costs three and a half to
four times what PDFium needs to open it. Here it is proved, with the fast object reader
and one render a page, that:

* the file has the form's pages and no more, no annotation, no field (an ``/AcroForm``
  with no fields, or none), no optional content, no XFA;
* each page's entries are the template page's by value (its boxes, rotation, unit), its
  resources the template's (``/ProcSet`` aside, and an empty ``/ExtGState``) with
  ``/XObject`` holding the drawn widgets only;
* its content (its streams joined as PDFium joins them) is the template page's own
  content, byte for byte, after ``q`` and before as many ``Q``, followed only by
  drawings ``q [a b c d e f cm]… /Name Do Q`` (and empty ``q Q`` pairs), read token by
  token: no comment, no string, no other operator;
* each drawing names a form XObject of the page's resources, each drawn once, placed by
  a translation alone (its ``/Matrix`` none) with its ``/BBox`` on exactly one of the
  template's widget boxes (to half a point), no box drawn twice; a text box's drawing is
  either plain text (:func:`.plaintext.plain_text`: its lines joined by spaces are the
  value) or, for a release of ours, by value the appearance ``fill`` writes for that
  widget for the values of its issuance record (:meth:`..pdf.byvalue.Comparison.same_drawing`),
  which shows what :func:`.quickread.quick_read` reads of it; a consent box's drawing is
  by value the template's appearance of one of its states, or one mark of ZapfDingbats
  alone (PyMuPDF's tick, baked: :func:`.plaintext.plain_mark`), or nothing;
* each page rendered at 72 dpi is the form's page (its widgets drawn in) pixel for
  pixel outside the value boxes grown by :data:`.provenfill.MARGIN` pixels, each consent
  box shows what the template shows of it in the state drawn (or, not drawn, what the
  page shows without it: not ticked; drawn as a mark, more ink in its middle than the
  form's own box, :func:`.provenfill.marked_box`: ticked).

Anything not proved returns ``None`` and the general path reads the file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from ..form.template import Form
from ..pdf.byvalue import Comparison
from ..pdf.loadedpages import LoadedPages
from ..pdf.matrices import IDENTITY, Matrix, times
from ..pdf.nodefonts import page_dicts
from ..pdf.objects import Node, NotSure, Objects, Ref, Stream
from ..pdf.pageviews import layers_may_print_otherwise
from .clipshapes import room_among
from .cutlines import Cut
from .cutthrough import read_as_cut
from .issueddrawings import issued_drawings
from .plaintext import Box, NotPlain, content_tokens, plain_mark, plain_text
from .provenfill import (
    ProvenFill,
    Template,
    Widget,
    form_page_outside,
    marked_box,
    template_of,
    undrawn_as_known,
)
from .screenpages import content_ink
from .widgetchain import page_widgets
from .widgetnodes import (
    NEAR,
    Unproved,
    box_states,
    form_boxes,
    nearly_same,
    number_array,
    widget_rect,
)

__all__ = ["MAX_CONTENT", "drawn_fill", "page_content"]

MAX_CONTENT = 1 << 20
"""Decoded bytes of a page's content, or of a drawing, looked at."""
SCALED = 1e-5
"""How far a drawing's matrix may scale or turn it: 0.004 points across a 400-point box
(PyMuPDF's ``bake()`` writes ``1.0000001 0 0 1 x y cm``, and ``1 0 0 .9999972 72 511.35
cm`` for the consent box ``fill`` draws 11 points high at 511.35: its arithmetic in
floats)."""
_WHITE = b"\x00\t\n\x0c\r "
_PAGE_SET = frozenset({"/Contents", "/Resources", "/Annots", "/Parent"})
"""A page's entries that flattening changes (the rest: the template page's by value)."""
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
_DRAWING_KEYS = frozenset({"/Type", "/Subtype", "/BBox", "/Matrix", "/Resources", "/FormType"})
_CODING_KEYS = frozenset({"/Length", "/Filter", "/DecodeParms"})


@dataclass(frozen=True, slots=True)
class _Page:
    content: bytes
    """The template page's content streams, decoded, joined as PDFium joins them."""
    entries: dict[str, Node]
    """Its entries beside those flattening changes, inherited ones with them."""
    resources: dict[str, Node]
    """Its resources, ``/ProcSet`` aside."""
    bare: npt.NDArray[np.uint8]
    """The page rendered without its widgets."""
    states: dict[int, dict[str, Ref]]
    """Per consent box (its index on the page), its appearance in each state."""


@dataclass(frozen=True, slots=True)
class _Drawn:
    template: Template
    objects: Objects
    pages: list[_Page]


_TEMPLATES: dict[int, tuple[bytes, _Drawn | None]] = {}


def _drawn_template(form: Form) -> _Drawn | None:
    kept = _TEMPLATES.get(id(form.template))
    if kept is not None and kept[0] is form.template:
        return kept[1]
    made = None
    base = template_of(form)
    if base is not None:
        try:
            made = _made(form, base)
        except (NotSure, Unproved, NotPlain, pdfium.PdfiumError):
            made = None
    _TEMPLATES[id(form.template)] = (form.template, made)
    return made


def _made(form: Form, base: Template) -> _Drawn:
    objects = Objects(form.template)
    doc = pdfium.PdfDocument(form.template)
    pages = []
    try:
        for number, chain in enumerate(page_dicts(objects)):
            if number >= len(form.pages):
                break
            content = page_content(objects, chain[0])
            depth = 0
            for kind, value in content_tokens(content):
                if kind == "o" and value in ("q", "Q"):
                    depth += 1 if value == "q" else -1
                    if depth < 0:
                        raise Unproved("a template page restoring what it did not save")
            if depth or re.search(rb"%[^\r\n]*\Z", content):
                raise Unproved("a template page unbalanced, or ending in a comment")
            resources = objects.dict_of(_entries(objects, chain)["/Resources"])
            if "/XObject" in resources:
                raise Unproved("a template page drawing objects of its own")
            states = {}
            annots = page_widgets(objects, chain[0])
            for index, widget in enumerate(base.widgets[number]):
                if widget.state is not None:
                    annot = next(
                        a for _, a in annots if nearly_same(widget_rect(objects, a), widget.rect)
                    )
                    found = box_states(objects, annot)
                    if not all(isinstance(ref, Ref) for ref in found.values()):
                        raise Unproved("a box's appearance written in place")
                    states[index] = {k: v for k, v in found.items() if isinstance(v, Ref)}
            bare = content_ink(doc[number])
            pages.append(
                _Page(
                    content,
                    _page_entries(objects, chain),
                    {k: v for k, v in resources.items() if k != "/ProcSet"},
                    bare,
                    states,
                )
            )
    finally:
        doc.close()
    return _Drawn(base, objects, pages)


def page_content(objects: Objects, page: dict[str, Node]) -> bytes:
    """A page's content streams decoded and joined as PDFium joins them (by a space)."""
    contents = page.get("/Contents")
    refs = objects.resolve(contents) if isinstance(contents, Ref) else contents
    if isinstance(refs, Stream):
        refs = (contents,)
    if not isinstance(refs, tuple) or not refs:
        raise Unproved("a page without content streams")
    parts = []
    total = 0
    for ref in refs:
        if not isinstance(ref, Ref) or not isinstance(objects.get(ref), Stream):
            raise Unproved("content that is not a stream")
        parts.append(objects.decoded(ref, MAX_CONTENT))
        total += len(parts[-1])
        if total > MAX_CONTENT:
            raise Unproved("content too long")
    return b" ".join(parts)


def _entries(objects: Objects, chain: list[dict[str, Node]]) -> dict[str, Node]:
    out = {k: v for k, v in chain[0].items() if k not in _PAGE_SET}
    for key in _INHERITED:
        for node in chain:
            if key in node:
                out[key] = node[key]
                break
    return out


def _page_entries(objects: Objects, chain: list[dict[str, Node]]) -> dict[str, Node]:
    out = _entries(objects, chain)
    out.pop("/Resources", None)
    return out


def drawn_fill(form: Form, objects: Objects, data: bytes, pages: LoadedPages) -> ProvenFill | None:
    """What the drawings of a return with no fields show, when it is proved to be the
    form's pages with its widgets' appearances drawn over their boxes (see the module);
    None when anything is not proved."""
    if form.definition.imported or len(pages) != len(form.pages):
        return None
    drawn = _drawn_template(form)
    if drawn is None:
        return None
    try:
        return _proved(form, drawn, objects, data, pages)
    except (Unproved, NotPlain, NotSure):
        return None


@dataclass(frozen=True, slots=True)
class _Drawing:
    page: int
    index: int
    """The widget's index on its template page."""
    ref: Ref
    at: tuple[float, float]
    """Where on the page the drawing's origin is placed."""


def _proved(
    form: Form, drawn: _Drawn, objects: Objects, data: bytes, pages: LoadedPages
) -> ProvenFill | None:
    count = len(form.pages)
    if layers_may_print_otherwise(data, objects):
        return None
    root = objects.dict_of(objects.trailer.get("/Root"))
    acroform = objects.dict_of(root.get("/AcroForm")) if "/AcroForm" in root else {}
    if "/XFA" in acroform or "/OCProperties" in root or objects.resolve(acroform.get("/Fields")):
        return None
    chains = list(page_dicts(objects))
    if len(chains) != count:
        return None
    template = drawn.template
    drawings: list[_Drawing] = []
    form_objects = Comparison(objects, drawn.objects)  # (the form's fonts walked once)
    for number, chain in enumerate(chains):
        drawings.extend(_page_drawings(drawn, number, form_objects, chain))
    texts = [d for d in drawings if template.widgets[d.page][d.index].state is None]
    plain: dict[tuple[int, int], str | None] = {}
    ours: list[_Drawing] = []
    boxes_on = form_boxes(form)
    cut: dict[int, list[tuple[Cut, float, float]]] = {}  # (by page: values set too large)
    clipped: list[tuple[str, int, str, str]] = []
    keys = {plan.spec.pdf_name: key for key, plan in form.fields.items()}
    for d in texts:
        widget = template.widgets[d.page][d.index]
        others = [r for r in boxes_on[d.page] if not nearly_same(r, widget.rect)]
        parts: list[tuple[Cut, float, float]] = []
        try:
            plain[d.page, d.index] = _plain(objects, d, others, parts)
        except (Unproved, NotPlain):
            ours.append(d)
            continue
        cut.setdefault(d.page, []).extend(parts)
        clipped.extend((keys[widget.name], d.page, p.shown, p.cut) for p, _, _ in parts)
    shown = dict(plain)
    if ours:
        found = _ours(form, objects, template, ours)
        if found is None:
            return None
        shown.update(found)
    visible: dict[str, list[str | None]] = {}
    for number, row in enumerate(template.widgets):
        for index, widget in enumerate(row):
            if widget.state is None:
                visible.setdefault(keys[widget.name], []).append(shown.get((number, index)))
    boxes = {(d.page, d.index): _box_state(drawn, form_objects, d) for d in drawings}
    checked: set[str] = set()
    undrawn: list[tuple[int, str]] = []
    for number in range(count):
        image = content_ink(pages[number])
        if pages.drawn(number) or not form_page_outside(template, number, image):
            return None
        placed = cut.get(number, ())
        if not read_as_cut(form.template, number, image, pages[number].get_size(), placed):
            return None
        for index, widget in enumerate(template.widgets[number]):
            if widget.state is None:
                continue
            y0, y1, x0, x1 = widget.region
            state = boxes.get((number, index))
            if state == MARK:  # (a mark alone, where a person looks for one)
                if not marked_box(image, template, widget):
                    return None
                checked.add(widget.state)
                continue
            face = drawn.pages[number].bare[y0:y1, x0:x1] if state is None else widget.faces[state]
            if not np.array_equal(image[y0:y1, x0:x1], face):
                return None
            if state is None:
                undrawn.append((number, widget.state))
            elif state != "/Off":
                checked.add(widget.state)
    # (the decline box alone not drawn, beside the agree box ticked: pdftk's flattening
    # of an accepted release, whose findings on the general path are known)
    if undrawn and not undrawn_as_known(form, checked, undrawn):
        return None
    return ProvenFill(visible, frozenset(checked), tuple(undrawn), tuple(clipped))


def _page_drawings(
    drawn: _Drawn, number: int, compare: Comparison, chain: list[dict[str, Node]]
) -> list[_Drawing]:
    """The drawings of page ``number`` (raises unless it is the template's page with
    only drawings added, each over one box of its widgets, none twice)."""
    page, form_page = chain[0], drawn.pages[number]
    objects = compare.a
    if objects.resolve(page.get("/Annots", ())) != ():
        raise Unproved("annotations left")
    if not compare.same(_page_entries(objects, chain), form_page.entries):
        raise Unproved("page entries not the template's")
    resources = dict(objects.dict_of(_entries(objects, chain).get("/Resources")))
    resources.pop("/ProcSet", None)
    xobjects = objects.dict_of(resources.pop("/XObject", {}))
    if resources.get("/ExtGState") == {} and "/ExtGState" not in form_page.resources:
        del resources["/ExtGState"]  # (pdf-lib's, empty)
    if not compare.same(resources, form_page.resources):
        raise Unproved("resources not the template's")
    content = page_content(objects, page)
    at = content.find(form_page.content)
    if at < 0:
        raise Unproved("not the template page's content")
    before, after = content[:at], content[at + len(form_page.content) :]
    if b"%" in before or b"%" in after:
        raise Unproved("a comment")
    if (before and before[-1] not in _WHITE) or (after and after[0] not in _WHITE):
        raise Unproved("content glued to the template's")
    head = content_tokens(before)
    if not head or any(t != ("o", "q") for t in head):
        raise Unproved("content before the template's other than q")
    tail = content_tokens(after)
    if tail[: len(head)] != [("o", "Q")] * len(head):
        raise Unproved("the template's content not restored")
    widgets = drawn.template.widgets[number]
    out: list[_Drawing] = []
    named: set[str] = set()
    at = len(head)
    while at < len(tail):
        if tail[at] != ("o", "q"):
            raise Unproved("content added beside drawings")
        at += 1
        ctm: Matrix = IDENTITY
        while at + 6 < len(tail) and tail[at + 6] == ("o", "cm"):
            operands = tail[at : at + 6]
            if any(kind != "f" for kind, _ in operands):
                raise Unproved("cm operands")
            m = tuple(float(v) for _, v in operands)  # type: ignore[arg-type]
            ctm = times(m, ctm)  # type: ignore[arg-type]
            at += 7
        if tail[at : at + 1] == [("o", "Q")]:
            at += 1
            continue
        name = tail[at][1] if at < len(tail) and tail[at][0] == "n" else None
        if not isinstance(name, str) or tail[at + 1 : at + 3] != [("o", "Do"), ("o", "Q")]:
            raise Unproved("content added beside drawings")
        at += 3
        if name in named or name not in xobjects:
            raise Unproved("an object drawn twice, or not the page's")
        named.add(name)
        ref = xobjects[name]
        if not isinstance(ref, Ref):
            raise Unproved("an object written in place")
        index = _placed(objects, ref, ctm, widgets)
        if any(d.index == index for d in out):
            raise Unproved("a box drawn twice")
        out.append(_Drawing(number, index, ref, (ctm[4], ctm[5])))
    if named != set(xobjects):
        raise Unproved("objects beside the drawings")
    return out


def _placed(objects: Objects, ref: Ref, ctm: Matrix, widgets: list[Widget]) -> int:
    """The index of the widget whose box form XObject ``ref``, drawn at ``ctm``, covers."""
    stream = objects.get(ref)
    if not isinstance(stream, Stream) or stream.entries.get("/Subtype") != "/Form":
        raise Unproved("not a form XObject")
    entries = stream.entries
    if not set(entries) <= _DRAWING_KEYS | _CODING_KEYS:
        raise Unproved("a drawing with more than a form's entries")
    if "/Matrix" in entries and number_array(objects.resolve(entries["/Matrix"]), 6) != IDENTITY:
        raise Unproved("a drawing moved by its matrix")
    a, b, c, d, e, f = ctm
    if any(
        not math.isclose(x, y, abs_tol=SCALED)
        for x, y in zip((a, b, c, d), IDENTITY[:4], strict=True)
    ):
        raise Unproved("a drawing scaled or turned")
    x0, y0, x1, y1 = number_array(objects.resolve(entries.get("/BBox")), 4)
    if abs(x0) > NEAR or abs(y0) > NEAR:
        raise Unproved("a drawing's box not at its origin")
    box = (e + x0, f + y0, e + x1, f + y1)
    found = [i for i, w in enumerate(widgets) if nearly_same(w.rect, box)]
    if len(found) != 1:
        raise Unproved("a drawing over no box of the form")
    return found[0]


def _plain(
    objects: Objects, drawing: _Drawing, others: list[Box], cut: list[tuple[Cut, float, float]]
) -> str | None:
    """What a text box's drawing shows when it is plain text (raises otherwise), its
    glyphs' boxes meeting none of ``others`` (the form's other boxes on its page); a
    value set larger than its box is added to ``cut`` with the offset that places it."""
    content, fonts, box = _drawing(objects, drawing)
    x, y = drawing.at
    placed = (box[0] + x, box[1] + y, box[2] + x, box[3] + y)
    parts: list[Cut] = []
    text = plain_text(content, fonts, box, room_among(others, placed, box), parts)
    cut.extend((part, x, y) for part in parts)
    return text


def _drawing(objects: Objects, drawing: _Drawing) -> tuple[bytes, dict[str, Node], Box]:
    """A drawing's content, fonts and box (its clip), when it draws with fonts only."""
    stream = objects.get(drawing.ref)
    assert isinstance(stream, Stream)
    resources = objects.dict_of(stream.entries.get("/Resources"))
    if not set(resources) <= {"/Font", "/ProcSet"}:
        raise Unproved("resources beside fonts")
    fonts = {k: objects.resolve(v) for k, v in objects.dict_of(resources.get("/Font")).items()}
    content = objects.decoded(drawing.ref, MAX_CONTENT)
    box = number_array(objects.resolve(stream.entries.get("/BBox")), 4)
    return content, fonts, (box[0], box[1], box[2], box[3])


def _ours(
    form: Form, objects: Objects, template: Template, drawings: list[_Drawing]
) -> dict[tuple[int, int], str | None] | None:
    """What each drawing shows when each is, by value, the appearance ``fill`` writes for
    its widget (:mod:`.issueddrawings`); None otherwise."""
    places = {}
    for d in drawings:
        widget = template.widgets[d.page][d.index]
        places[(d.page, d.index)] = (d.ref, widget.name, widget.rect)
    return issued_drawings(form, objects, places)


MARK = "mark"
"""A consent box drawn as one mark of ZapfDingbats alone, not one of the template's
states (PyMuPDF's tick, ``Document.bake()``: :func:`.plaintext.plain_mark`)."""


def _box_state(drawn: _Drawn, compare: Comparison, drawing: _Drawing) -> str | None:
    """The state whose appearance a consent box's drawing is, by value, or :data:`MARK`
    (raises when it is neither); None for a text box or a box drawn as nothing."""
    states = drawn.pages[drawing.page].states.get(drawing.index)
    if states is None:
        return None
    for state, ref in states.items():
        if compare.same_drawing(drawing.ref, ref):
            return state
    try:
        return MARK if plain_mark(*_drawing(compare.a, drawing)) else None
    except NotPlain:
        raise Unproved("a box drawn otherwise than in one of its states") from None
