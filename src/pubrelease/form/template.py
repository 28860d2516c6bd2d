"""A form: its definition, the template PDF built from it, and the template's object plan.

``Form.build()`` writes the template from the definition; :mod:`.registry` finds a
form by id and attaches its shipped template, ready for filling. Both use one
*plan* that numbers every object, so that filling can replace the objects of
fields and pages in an incremental update without parsing the template again.
"""

from __future__ import annotations

import functools
import hashlib
import zlib
from dataclasses import dataclass

from ..errors import FormDefinitionError
from ..form.definition import FieldDef, FieldKind, FormDefinition
from ..form.layout import Box, PageLayout, layout_form
from ..pdf.fonts import TYPE0_OBJECTS, EmbeddedFont, bundled_font
from ..pdf.syntax import coordinate, num, pdf_name, pdf_text, stream_object
from ..pdf.writer import TrailerInfo, read_trailer, write_document

__all__ = ["FieldPlan", "Form", "PagePlan", "WidgetPlan"]

BOX_ON = "\u2612"  # ☒
BOX_OFF = "\u2610"  # ☐

COMMON_CHARS = frozenset(
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0xA0, 0x180)]
    + [chr(c) for c in (0x1A0, 0x1A1, 0x1AF, 0x1B0)]  # Vietnamese ơ ư
    + [chr(c) for c in range(0x1CD, 0x1DD)]  # pinyin tone marks ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
    + [chr(c) for c in range(0x218, 0x21C)]  # Romanian ș ț
    + ["\u0259", "\u018f"]  # ə Ə
    + [chr(c) for c in range(0x300, 0x370)]
    + [chr(c) for c in range(0x1E00, 0x1F00)]
    + list("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u20ac")
    + [BOX_ON, BOX_OFF]
)
"""Characters whose glyphs the template carries: Latin scripts (Vietnamese included) and the boxes.

Values in other scripts get a subset font of their own, added when filling.
"""

VALUE_FONT = "PRF0"
"""Resource name of the template's value font."""

FF_READONLY = 1
FF_NOTOGGLETOOFF = 1 << 14
FF_RADIO = 1 << 15
FF_MULTILINE = 1 << 12
FF_DONOTSPELLCHECK = 1 << 22
FF_DONOTSCROLL = 1 << 23


@dataclass(frozen=True, slots=True)
class WidgetPlan:
    """One widget annotation: its box, object number and page."""

    box: Box
    number: int
    page: int
    """Object number of the page it sits on."""
    blank_ap: int
    """Object number of its appearance stream in the template (the empty one, for text)."""


@dataclass(frozen=True, slots=True)
class FieldPlan:
    """One field: a terminal field merged with its widget, or a parent with kid widgets."""

    spec: FieldDef
    number: int
    widgets: tuple[WidgetPlan, ...]
    decline: FieldPlan | None = None
    """A consent given by two box fields: the decline box's field (its spec is
    :meth:`FieldDef.decline_box`), filled and read beside this one, the agree box's."""

    @property
    def merged(self) -> bool:
        return len(self.widgets) == 1 and self.widgets[0].number == self.number

    def with_decline(self) -> tuple[FieldPlan, ...]:
        """This field and, for a consent of two box fields, its decline box's."""
        return (self,) if self.decline is None else (self, self.decline)


@dataclass(frozen=True, slots=True)
class PagePlan:
    number: int
    contents: int
    layout: PageLayout


class Form:
    """A loaded form definition with its numbered object plan (and, once loaded, its template)."""

    CATALOG, PAGES, ACROFORM, INFO, HELV, HELV_BOLD, ZADB, VALUE_FONT_OBJ = 1, 2, 3, 4, 5, 6, 7, 8

    def __init__(self, definition: FormDefinition) -> None:
        self.definition = definition
        self.id = definition.id
        self.value_font: EmbeddedFont = bundled_font().subset(COMMON_CHARS)
        layouts = layout_form(definition)
        n = self.VALUE_FONT_OBJ + TYPE0_OBJECTS
        pages = []
        for layout in layouts:
            pages.append(PagePlan(n, n + 1, layout))
            n += 2
        self.pages: tuple[PagePlan, ...] = tuple(pages)
        fields = []
        boxes_by_field: dict[str, list[tuple[int, Box]]] = {}
        for page in self.pages:
            for box in page.layout.boxes:
                boxes_by_field.setdefault(box.field, []).append((page.number, box))
        for name, spec in definition.fields.items():
            placed = boxes_by_field[name]
            parent = n
            if len(placed) == 1 and not spec.kind.boxes:
                widget_numbers = [n]
                n += 1
            else:
                widget_numbers = list(range(n + 1, n + 1 + len(placed)))
                n += 1 + len(placed)
            widgets = []
            for number, (page_number, box) in zip(widget_numbers, placed, strict=True):
                widgets.append(WidgetPlan(box, number, page_number, 0))
            fields.append(FieldPlan(spec, parent, tuple(widgets)))
        # appearance streams: one empty stream per text widget, and for boxes one
        # shared "off" stream plus one "on" stream per state
        planned: list[FieldPlan] = []
        self.box_off_ap = n
        n += 1
        self.box_on_ap: dict[str, int] = {}
        for plan in fields:
            widgets = []
            for widget in plan.widgets:
                if widget.box.state is not None:
                    self.box_on_ap[widget.box.state] = n
                widgets.append(WidgetPlan(widget.box, widget.number, widget.page, n))
                n += 1
            planned.append(FieldPlan(plan.spec, plan.number, tuple(widgets)))
        self.fields: dict[str, FieldPlan] = {p.spec.name: p for p in planned}
        self.size = n
        """One past the highest object number of the template."""
        self._template: bytes | None = None
        self._trailer: TrailerInfo | None = None
        self._first_free: int | None = None

    # -- what filling asks of a form (an imported form answers from its own objects) ----

    def every_plan(self) -> list[FieldPlan]:
        """Every field's plan, with the decline box of a consent of two box fields."""
        return [p for plan in self.fields.values() for p in plan.with_decline()]

    @property
    def first_free(self) -> int:
        """The first object number an incremental update may add."""
        return self._first_free if self._first_free is not None else self.trailer.size

    def base_objects(self) -> dict[int, bytes]:
        """Objects every filled release adds besides its values (none: ours has its font)."""
        return {}

    def box_look(self, widget: WidgetPlan, on: bool) -> int | None:
        """The appearance stream a box widget shows when ``on`` or off."""
        return widget.blank_ap if on else self.box_off_ap

    # -- object bodies ----------------------------------------------------------

    def catalog(self, *, release: int | None = None, acroform: bool = True) -> bytes:
        parts = [f"/Type /Catalog /Pages {self.PAGES} 0 R /Lang (en-US)"]
        if acroform:
            parts.append(f"/AcroForm {self.ACROFORM} 0 R")
        parts.append(f"/PubreleaseForm << /Id {pdf_text(self.id)} /Build ({self.build_digest}) >>")
        if release is not None:
            parts.append(f"/PubRelease {release} 0 R")
        return ("<< " + " ".join(parts) + " >>").encode("latin-1")

    def page(
        self, plan: PagePlan, *, extra_contents: int | None = None, xobjects: str = ""
    ) -> bytes:
        width, height = self.definition.page_size
        contents = f"{plan.contents} 0 R"
        if extra_contents is not None:
            contents = f"[{contents} {extra_contents} 0 R]"
        resources = (
            f"/Font << /F1 {self.HELV} 0 R /F2 {self.HELV_BOLD} 0 R >> /ProcSet [/PDF /Text]"
        )
        if xobjects:
            resources += f" /XObject << {xobjects} >>"
        annots = ""
        if extra_contents is None:
            numbers = [
                w.number for f in self.fields.values() for w in f.widgets if w.page == plan.number
            ]
            annots = f" /Annots [{' '.join(f'{n} 0 R' for n in numbers)}]"
        return (
            f"<< /Type /Page /Parent {self.PAGES} 0 R /MediaBox [0 0 {num(width)} {num(height)}] "
            f"/Resources << {resources} >> /Contents {contents}{annots} >>"
        ).encode("latin-1")

    def field(
        self, plan: FieldPlan, value: str | None, *, locked: bool = False, ap: int | None = None
    ) -> bytes:
        """The field dictionary holding ``value`` (a state name for choice fields)."""
        head = self._heads.get((plan.number, locked))
        if head is None:  # what does not change from release to release, made once
            head = self._heads[(plan.number, locked)] = self._field_head(plan, locked)
        if plan.spec.kind.boxes:
            head += f" /V {pdf_name(value or 'Off')}"
        elif value is not None:
            head += f" /V {pdf_text(value)}"
        if plan.merged:
            tail = self._widget_parts(plan.widgets[0], ap)
        else:
            tail = "/Kids [" + " ".join(f"{w.number} 0 R" for w in plan.widgets) + "]"
        return (head + " " + tail + " >>").encode("latin-1")

    @functools.cached_property
    def _heads(self) -> dict[tuple[int, bool], str]:
        """:meth:`_field_head` by field object number and lock, as they are asked for."""
        return {}

    def _field_head(self, plan: FieldPlan, locked: bool) -> str:
        """A field dictionary up to its value: ``<< /T ... /Ff n /FT ...``."""
        spec = plan.spec
        flags = FF_READONLY if locked else 0
        if spec.kind.boxes:
            parts = ["/FT /Btn"]
            if spec.kind is FieldKind.RADIO:
                flags |= FF_RADIO | FF_NOTOGGLETOOFF
        else:
            parts = ["/FT /Tx", "/DA (/Helv 0 Tf 0 g)"]
            if spec.lines > 1:
                flags |= FF_MULTILINE
            else:
                flags |= FF_DONOTSCROLL
            if spec.kind is not FieldKind.SIGNATURE:
                flags |= FF_DONOTSPELLCHECK
        parts = [
            f"/T {pdf_text(spec.pdf_name)}",
            f"/TU {pdf_text(spec.tooltip)}",
            f"/Ff {flags}",
            *parts,
        ]
        return "<< " + " ".join(parts)

    def widget(
        self,
        plan: FieldPlan,
        widget: WidgetPlan,
        *,
        ap: int | None = None,
        state: str | None = None,
    ) -> bytes:
        """A kid widget of a parent field; ``ap`` replaces its normal appearance."""
        parts = f"/Parent {plan.number} 0 R " + self._widget_parts(widget, ap, state)
        return ("<< " + parts + " >>").encode("latin-1")

    def _widget_parts(self, widget: WidgetPlan, ap: int | None, state: str | None = None) -> str:
        head = self._widget_heads.get(widget.number)
        if head is None:  # what does not change from release to release, made once
            rect = " ".join(num(round(v, 3)) for v in widget.box.rect)
            head = f"/Type /Annot /Subtype /Widget /F 4 /P {widget.page} 0 R /Rect [{rect}]"
            if widget.box.state is None:
                head += f" /Q {int(widget.box.align)} /MK << >> /AP << /N "
            self._widget_heads[widget.number] = head
        if widget.box.state is None:
            return f"{head}{ap or widget.blank_ap} 0 R >>"
        on = pdf_name(widget.box.state)
        shown = on if state == widget.box.state else "/Off"
        return (
            f"{head} /DA (/ZaDb 0 Tf 0 g) /MK << /CA (8) >>"
            f" /AP << /N << {on} {widget.blank_ap} 0 R /Off {self.box_off_ap} 0 R >> >>"
            f" /AS {shown}"
        )

    @functools.cached_property
    def _widget_heads(self) -> dict[int, str]:
        """A widget's dictionary up to its appearance, by object number, as asked for."""
        return {}

    def box_appearance(self, on: bool) -> bytes:
        size = self.definition.values.box_size
        glyph = self.value_font.encode(BOX_ON if on else BOX_OFF)
        width = self.value_font.width(BOX_ON, size)
        x = (size - width) / 2
        content = (
            f"q BT /{VALUE_FONT} {num(size)} Tf 0 g 1 0 0 1 {num(round(x, 3))} "
            f"{num(round(size * 0.15, 3))} Tm {glyph} Tj ET Q"
        )
        return self.form_xobject(size, size, content, {VALUE_FONT: self.VALUE_FONT_OBJ})

    @staticmethod
    def content_stream(data: bytes) -> bytes:
        return stream_object("", data)

    @staticmethod
    def form_xobject(width: float, height: float, content: str, fonts: dict[str, int]) -> bytes:
        font_refs = " ".join(f"/{name} {n} 0 R" for name, n in fonts.items())
        header = (
            f"/Type /XObject /Subtype /Form /BBox [0 0 {_pt(width)} {_pt(height)}] "
            f"/Resources << /Font << {font_refs} >> /ProcSet [/PDF /Text] >>"
        )
        return stream_object(header, content.encode("latin-1"))

    # -- the template ------------------------------------------------------------

    def _page_content(self, layout: PageLayout) -> bytes:
        ops: list[str] = []
        for x0, y, x1, _ in layout.rules:
            ops.append(f"0 G 0.75 w {_pt(x0)} {_pt(y)} m {_pt(x1)} {_pt(y)} l S")
        for x0, y, x1 in layout.underlines:
            ops.append(f"0.55 G 0.5 w {_pt(x0)} {_pt(y)} m {_pt(x1)} {_pt(y)} l S")
        style = self.definition.text
        for run in layout.runs:
            font = "/F2" if run.font == style.bold_font else "/F1"
            try:
                raw = run.text.encode("cp1252")
            except UnicodeEncodeError as exc:
                raise FormDefinitionError(
                    f"wording {run.text!r} has characters outside WinAnsi",
                    file=str(self.definition.source),
                ) from exc
            text = (
                raw.replace(b"\\", b"\\\\")
                .replace(b"(", b"\\(")
                .replace(b")", b"\\)")
                .decode("latin-1")
            )
            position = f"1 0 0 1 {_pt(run.x)} {_pt(run.y)} Tm"
            ops.append(f"BT {font} {num(run.size)} Tf 0 g {position} ({text}) Tj ET")
        return "\n".join(ops).encode("latin-1")

    def _template_objects(self) -> dict[int, bytes]:
        """Every object of the template but the catalog (which carries their digest)."""
        style = self.definition.text
        objects: dict[int, bytes] = {}
        field_refs = " ".join(f"{p.number} 0 R" for p in self.fields.values())
        kids = " ".join(f"{p.number} 0 R" for p in self.pages)
        objects[self.PAGES] = f"<< /Type /Pages /Kids [{kids}] /Count {len(self.pages)} >>".encode()
        objects[self.ACROFORM] = (
            f"<< /Fields [{field_refs}] /DA (/Helv 0 Tf 0 g) /DR << /Font << /Helv {self.HELV} 0 R "
            f"/ZaDb {self.ZADB} 0 R /{VALUE_FONT} {self.VALUE_FONT_OBJ} 0 R >> >> >>"
        ).encode()
        objects[self.INFO] = (
            f"<< /Title {pdf_text(self.definition.title)} /Creator (pubrelease) "
            f"/Producer (pubrelease) >>"
        ).encode()
        for number, base in ((self.HELV, style.font), (self.HELV_BOLD, style.bold_font)):
            objects[number] = (
                f"<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>"
            ).encode()
        objects[self.ZADB] = b"<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>"
        for offset, body in enumerate(self.value_font.pdf_objects(self.VALUE_FONT_OBJ)):
            objects[self.VALUE_FONT_OBJ + offset] = body
        for page in self.pages:
            objects[page.number] = self.page(page)
            objects[page.contents] = stream_object(
                "", self._page_content(page.layout), compress=True
            )
        objects[self.box_off_ap] = self.box_appearance(on=False)
        for plan in self.fields.values():
            objects[plan.number] = self.field(plan, None)
            for widget in plan.widgets:
                if not plan.merged:
                    objects[widget.number] = self.widget(plan, widget)
                if plan.spec.kind.boxes:
                    objects[widget.blank_ap] = self.box_appearance(on=True)
                else:
                    objects[widget.blank_ap] = self.form_xobject(
                        widget.box.width, widget.box.height, "/Tx BMC EMC", {}
                    )
        return objects

    @functools.cached_property
    def build_digest(self) -> str:
        """A digest of the template's objects (streams uncompressed), stored in its catalog."""
        digest = hashlib.sha256(self.id.encode())
        objects = self._template_objects()
        for number in sorted(objects):
            digest.update(b"%d:" % number + _uncompressed(objects[number]))
        return digest.hexdigest()[:32]

    def build(self) -> bytes:
        """The template PDF, built from the definition."""
        objects = self._template_objects()
        objects[self.CATALOG] = self.catalog()
        return write_document(
            objects, root=self.CATALOG, info=self.INFO, file_id=self.build_digest.upper()
        )

    # -- the shipped template ----------------------------------------------------------

    def attach_template(self, data: bytes, path: str) -> None:
        marker = f"/Build ({self.build_digest})".encode()
        if marker not in data[:65536] and marker not in data:
            raise FormDefinitionError(
                "template.pdf does not match its definition; run `pubrelease form build "
                f"{self.id}`",
                file=path,
            )
        try:
            self._trailer = read_trailer(data)
        except ValueError as exc:
            raise FormDefinitionError(f"damaged template: {exc}", file=path) from exc
        self._template = data

    @property
    def template(self) -> bytes:
        """The template PDF's bytes (as shipped, or as built when not loaded from disk)."""
        if self._template is None:
            self.attach_template(self.build(), "<built>")
        assert self._template is not None
        return self._template

    @property
    def trailer(self) -> TrailerInfo:
        self.template  # noqa: B018 - loads it
        assert self._trailer is not None
        return self._trailer


def _pt(value: float) -> str:
    """A coordinate in points, to a thousandth."""
    return coordinate(value)


def _uncompressed(body: bytes) -> bytes:
    if b"/FlateDecode" in body:
        head, _, rest = body.partition(b"stream\n")
        data = rest[: rest.rfind(b"\nendstream")]
        return head + zlib.decompress(data)
    return body
