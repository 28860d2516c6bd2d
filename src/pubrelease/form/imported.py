"""A conference's own fillable PDF as a form: its template kept byte for byte.

:class:`ImportedForm` offers what filling needs from a form (the fields and their
widgets with object numbers, and the bodies of the objects an incremental update
replaces) for a template that pubrelease did not write. Object bodies are the
template's own dictionaries with the values changed, written back through pypdf's
serialiser, so every key the conference's tool put there (fonts, borders, actions)
stays as it was.
"""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from ..errors import FormDefinitionError
from ..pdf.acroform import inherited, terminal_fields
from ..pdf.fonts import EmbeddedFont, bundled_font
from ..pdf.writer import TrailerInfo
from .definition import Align, FieldDef, FieldKind, FormDefinition, Role
from .layout import Box, PageLayout
from .template import COMMON_CHARS, FF_READONLY, FieldPlan, Form, PagePlan, WidgetPlan

__all__ = ["ImportedForm", "PdfField", "pdf_fields"]

FF_MULTILINE = 1 << 12
FF_RADIO = 1 << 15
FF_PUSHBUTTON = 1 << 16
FF_COMB = 1 << 24
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_OBJECT = re.compile(rb"\s*\d+\s+\d+\s+obj\b")
"""What ``startxref`` points at when the last cross-reference section is a stream."""


@dataclass(frozen=True, slots=True)
class PdfWidget:
    number: int
    page: int
    """The page's index."""
    page_number: int
    """The page's object number."""
    rect: tuple[float, float, float, float]
    on_state: str | None
    on_ap: int | None
    off_ap: int | None


@dataclass(frozen=True, slots=True)
class PdfField:
    """A terminal field of a fillable PDF, as the importer and the imported form see it."""

    name: str
    """Fully qualified (``parent.child``)."""
    number: int
    type: str
    """``/FT`` without the slash: ``Tx``, ``Btn``, ``Ch`` or ``Sig``."""
    flags: int
    tooltip: str
    max_len: int
    align: int
    options: tuple[str, ...]
    widgets: tuple[PdfWidget, ...]

    @property
    def kind(self) -> FieldKind | None:
        """What pubrelease makes of it; ``None`` for push buttons."""
        if self.type == "Btn":
            if self.flags & FF_PUSHBUTTON:
                return None
            return FieldKind.RADIO if self.flags & FF_RADIO else FieldKind.CHOICE
        if self.type == "Sig":
            return FieldKind.SIGNATURE
        return FieldKind.TEXT

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w.on_state for w in self.widgets if w.on_state))

    @property
    def comb(self) -> int:
        return self.max_len if self.flags & FF_COMB and self.max_len else 0


def _number(ref: Any) -> int:
    if not isinstance(ref, IndirectObject):
        raise FormDefinitionError("a field or widget that is not an indirect object")
    if ref.generation != 0:
        raise FormDefinitionError("objects with a generation number are not supported")
    return int(ref.idnum)


def pdf_fields(reader: PdfReader) -> list[PdfField]:
    """Every terminal field of the document's AcroForm with its widgets, in document order."""
    root: Any = reader.trailer["/Root"].get_object()
    acroform = root.get("/AcroForm")
    acroform = acroform.get_object() if acroform is not None else None
    if acroform is None:
        return []
    page_of: dict[int, tuple[int, int]] = {}
    for index, page in enumerate(reader.pages):
        ref = page.indirect_reference
        for annot in page.get("/Annots", []) or []:
            if isinstance(annot, IndirectObject) and ref is not None:
                page_of[annot.idnum] = (index, ref.idnum)
    out = []
    for name, ref, field in terminal_fields(acroform.get("/Fields", [])):
        kids = [k for k in field.get("/Kids", [])] or [ref]
        widgets = []
        for kid in kids:
            widget = kid.get_object()
            number = _number(kid)
            if number not in page_of:
                continue  # a widget on no page shows nowhere
            index, page_number = page_of[number]
            x0, y0, x1, y1 = (float(v) for v in widget.get("/Rect", [0, 0, 0, 0]))
            normal = widget.get("/AP", {}).get("/N") if "/AP" in widget else None
            normal = normal.get_object() if normal is not None else None
            on_state = on_ap = off_ap = None
            if isinstance(normal, DictionaryObject) and not hasattr(normal, "get_data"):
                for state, look in normal.items():
                    look_number = look.idnum if isinstance(look, IndirectObject) else None
                    if state == "/Off":
                        off_ap = look_number
                    else:
                        on_state, on_ap = state[1:], look_number
            widgets.append(
                PdfWidget(
                    number,
                    index,
                    page_number,
                    (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)),
                    on_state,
                    on_ap,
                    off_ap,
                )
            )
        kind = str(inherited(field, "/FT") or "/Tx")[1:]
        options = tuple(
            str(o[0] if isinstance(o, list | ArrayObject) else o)
            for o in (inherited(field, "/Opt") or [])
        )
        out.append(
            PdfField(
                name=name,
                number=_number(ref),
                type=kind,
                flags=int(inherited(field, "/Ff") or 0),
                tooltip=str(field.get("/TU", "")),
                max_len=int(inherited(field, "/MaxLen") or 0),
                align=int(inherited(field, "/Q") or acroform.get("/Q", 0) or 0),
                options=options,
                widgets=tuple(widgets),
            )
        )
    return out


def _serialise(obj: Any) -> bytes:
    out = io.BytesIO()
    obj.write_to_stream(out)
    return out.getvalue()


def _trailer(data: bytes, reader: PdfReader) -> TrailerInfo:
    match = _STARTXREF.search(data[-2048:])
    if match is None:
        raise FormDefinitionError("the template has no startxref at its end")
    trailer: Any = reader.trailer
    root = trailer.raw_get("/Root")
    info = trailer.raw_get("/Info") if "/Info" in trailer else None
    ids = trailer.get("/ID")
    file_id = bytes(ids[0].original_bytes).hex().upper() if ids else uuid.uuid4().hex.upper()
    startxref = int(match.group(1))
    return TrailerInfo(
        startxref,
        int(trailer["/Size"]),
        _number(root),
        info.idnum if isinstance(info, IndirectObject) else None,
        file_id,
        xref_stream=_XREF_OBJECT.match(data, startxref) is not None,
    )


class ImportedForm(Form):
    """An imported definition with its own template: what filling needs, from their objects."""

    def __init__(self, definition: FormDefinition) -> None:
        assert definition.template is not None
        self.definition = definition
        self.id = definition.id
        data = definition.template.read_bytes()
        self._reader = PdfReader(io.BytesIO(data))
        if self._reader.is_encrypted:
            raise FormDefinitionError("the template is encrypted", file=str(definition.template))
        self._template = data
        self._trailer = _trailer(data, self._reader)
        self.CATALOG = self._trailer.root
        self.box_off_ap = 0
        self.value_font: EmbeddedFont = bundled_font().subset(COMMON_CHARS)
        self.VALUE_FONT_OBJ = self._trailer.size
        self._first_free = self.VALUE_FONT_OBJ + len(self.value_font.pdf_objects(0))
        found = {f.name: f for f in pdf_fields(self._reader)}
        self.fields: dict[str, FieldPlan] = {}
        self._looks: dict[int, tuple[int | None, int | None]] = {}
        for key, spec in definition.fields.items():
            declines = spec.decline_box()
            decline = None if declines is None else self._plan(found, declines)
            self.fields[key] = self._plan(found, spec, decline)
        self.pages = tuple(
            PagePlan(p.indirect_reference.idnum, 0, PageLayout())
            for p in self._reader.pages
            if p.indirect_reference is not None
        )
        self.size = self._first_free

    def _plan(
        self, found: dict[str, PdfField], spec: FieldDef, decline: FieldPlan | None = None
    ) -> FieldPlan:
        pdf = found.get(spec.pdf_name)
        if pdf is None or not pdf.widgets:
            raise FormDefinitionError(
                f"the template has no field {spec.pdf_name!r} on a page",
                file=str(self.definition.template),
                field=spec.name,
            )
        if spec.role is Role.CONSENT and spec.accept is None and spec.decline not in pdf.states:
            raise FormDefinitionError(
                f"the decline box {spec.pdf_name!r} has no state {spec.decline!r} "
                f"(states: {', '.join(pdf.states)})",
                file=str(self.definition.template),
                field=spec.name,
            )
        widgets = []
        for w in pdf.widgets:
            lines = 3 if pdf.flags & FF_MULTILINE else 1
            align = Align(min(2, max(0, pdf.align)))
            box = Box(spec.name, w.on_state, w.page, w.rect, lines, align, pdf.comb)
            widgets.append(WidgetPlan(box, w.number, w.page_number, w.on_ap or 0))
            self._looks[w.number] = (w.on_ap, w.off_ap)
        return FieldPlan(spec, pdf.number, tuple(widgets), decline)

    # -- what filling asks of a form ---------------------------------------------------

    def base_objects(self) -> dict[int, bytes]:
        """Objects every filled release adds: the value font (their template lacks it)."""
        bodies = self.value_font.pdf_objects(self.VALUE_FONT_OBJ)
        return {self.VALUE_FONT_OBJ + k: body for k, body in enumerate(bodies)}

    def box_look(self, widget: WidgetPlan, on: bool) -> int | None:
        """The appearance stream a box widget shows when ``on`` or off."""
        on_ap, off_ap = self._looks.get(widget.number, (None, None))
        return on_ap if on else off_ap

    def _object(self, number: int) -> DictionaryObject:
        obj = self._reader.get_object(number)
        if not isinstance(obj, DictionaryObject):
            raise FormDefinitionError(f"object {number} of the template is not a dictionary")
        copy = DictionaryObject()
        copy.update(obj)
        return copy

    def field(
        self, plan: FieldPlan, value: str | None, *, locked: bool = False, ap: int | None = None
    ) -> bytes:
        body = self._object(plan.number)
        if plan.spec.kind.boxes:
            body[NameObject("/V")] = NameObject(f"/{value or 'Off'}")
        elif value is not None:
            body[NameObject("/V")] = TextStringObject(value)
        if locked:
            body[NameObject("/Ff")] = NumberObject(int(body.get("/Ff", 0)) | FF_READONLY)
        if plan.merged:
            self._set_look(body, plan.widgets[0], ap, value)
        return _serialise(body)

    def widget(
        self,
        plan: FieldPlan,
        widget: WidgetPlan,
        *,
        ap: int | None = None,
        state: str | None = None,
    ) -> bytes:
        body = self._object(widget.number)
        self._set_look(body, widget, ap, state)
        return _serialise(body)

    def _set_look(
        self, body: DictionaryObject, widget: WidgetPlan, ap: int | None, state: str | None
    ) -> None:
        if widget.box.state is not None:
            shown = widget.box.state if state == widget.box.state else "Off"
            body[NameObject("/AS")] = NameObject(f"/{shown}")
        elif ap is not None:
            normal = DictionaryObject()
            normal[NameObject("/N")] = IndirectObject(ap, 0, self._reader)
            body[NameObject("/AP")] = normal

    def catalog(self, *, release: int | None = None, acroform: bool = True) -> bytes:
        body = self._object(self.CATALOG)
        if release is not None:
            body[NameObject("/PubRelease")] = IndirectObject(release, 0, self._reader)
        if not acroform:
            body.pop("/AcroForm", None)
        return _serialise(body)

    def page(
        self, plan: PagePlan, *, extra_contents: int | None = None, xobjects: str = ""
    ) -> bytes:
        """The page with ``extra_contents`` drawn last and the widgets of our fields removed."""
        page: Any = self._reader.get_object(plan.number)
        body = self._object(plan.number)
        contents = page.get("/Contents")
        refs = ArrayObject()
        raw = page.raw_get("/Contents") if "/Contents" in page else None
        if isinstance(raw, IndirectObject) and not isinstance(contents, ArrayObject):
            refs.append(raw)
        elif isinstance(contents, ArrayObject):
            refs.extend(contents)
        if extra_contents is not None:
            refs.append(IndirectObject(extra_contents, 0, self._reader))
        body[NameObject("/Contents")] = refs
        own: Any = inherited(page, "/Resources")
        resources = DictionaryObject()
        resources.update(own.get_object() if own is not None else {})
        existing: Any = resources.get("/XObject")
        xobject = DictionaryObject()
        xobject.update(existing.get_object() if existing is not None else {})
        for key, number in re.findall(r"/(\w+) (\d+) 0 R", xobjects):
            xobject[NameObject(f"/{key}")] = IndirectObject(int(number), 0, self._reader)
        resources[NameObject("/XObject")] = xobject
        body[NameObject("/Resources")] = resources
        ours = {w.number for p in self.every_plan() for w in p.widgets}
        annots = ArrayObject(
            a
            for a in page.get("/Annots", []) or []
            if not (isinstance(a, IndirectObject) and a.idnum in ours)
        )
        if annots:
            body[NameObject("/Annots")] = annots
        else:
            body.pop("/Annots", None)
        return _serialise(body)
