"""Form definitions: the wording, fields and layout of a release, as data.

A definition lives in ``forms/<id>/form.toml`` (see ``forms/icml-2020``); this
module loads and checks it. Nothing here draws or writes PDF.
"""

from __future__ import annotations

import enum
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import FormDefinitionError
from ..release import Release

__all__ = [
    "Block",
    "FieldDef",
    "FieldKind",
    "FormDefinition",
    "Margins",
    "Slot",
    "TextStyle",
    "ValueStyle",
    "load_definition",
]

SLOT = re.compile(
    r"\{(?P<field>\w+)(?:=(?P<state>\w+))?(?::(?P<width>\*|\d+(?:\.\d+)?)?(?P<align>[<^>])?)?\}"
)
ALIGN = {"<": 0, "^": 1, ">": 2}
"""Slot alignment marks and the PDF quadding (``/Q``) each stands for."""


class FieldKind(enum.Enum):
    """What a field holds."""

    TEXT = "text"
    DATE = "date"
    CHOICE = "choice"
    SIGNATURE = "signature"


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One field of a form: its name is also the :class:`Release` value it holds."""

    name: str
    kind: FieldKind
    role: str
    """Who fills it: ``issuer`` (the conference, at issue), ``speaker`` or ``countersigner``."""
    tooltip: str
    width: float | None = None
    """Default slot width in points; ``None`` takes the rest of the line."""
    lines: int = 1
    """Lines of text the field's box spans (wrapped, multi-line fields when more than 1)."""
    states: tuple[str, ...] = ()
    """On-states of a choice field, one box each."""
    default: str | None = None


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a field's box stands in a block's text."""

    field: str
    state: str | None
    width: float | None
    """Explicit width in points, ``None`` for the field's default, ``inf`` for rest of line."""
    align: int = 0
    """Quadding of the value in the box: 0 left, 1 centred, 2 right."""


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a page: heading, subheading, paragraph, clause, footer or rule."""

    type: str
    text: str = ""
    number: str = ""


@dataclass(frozen=True, slots=True)
class Margins:
    left: float
    right: float
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How the agreement's wording is set."""

    font: str
    bold_font: str
    size: float
    leading: float
    paragraph_space: float
    heading_size: float


@dataclass(frozen=True, slots=True)
class ValueStyle:
    """How values are drawn in their boxes."""

    size: float
    min_size: float
    box_size: float


@dataclass(frozen=True, slots=True)
class FormDefinition:
    """A whole form: identity, page geometry, fields and the pages' blocks."""

    id: str
    title: str
    page_size: tuple[float, float]
    margins: Margins
    text: TextStyle
    values: ValueStyle
    fields: dict[str, FieldDef]
    pages: tuple[tuple[Block, ...], ...]
    source: Path

    def slots(self, block: Block) -> list[Slot]:
        """The field slots in a block's text, in order."""
        return [parse_slot(m) for m in SLOT.finditer(block.text)]


def parse_slot(match: re.Match[str]) -> Slot:
    width = match.group("width")
    return Slot(
        field=match.group("field"),
        state=match.group("state"),
        width=None if width is None else float("inf") if width == "*" else float(width),
        align=ALIGN[match.group("align") or "<"],
    )


def _require(table: dict[str, Any], key: str, where: str, source: Path) -> Any:
    if key not in table:
        raise FormDefinitionError(f"missing key {key!r} in {where}", file=str(source))
    return table[key]


def load_definition(path: Path) -> FormDefinition:
    """Load and check ``form.toml``; every problem raises :class:`FormDefinitionError`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FormDefinitionError(f"cannot read form definition: {exc}", file=str(path)) from exc
    try:
        return _build(data, path)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, FormDefinitionError):
            raise
        raise FormDefinitionError(f"malformed form definition: {exc}", file=str(path)) from exc


def _build(data: dict[str, Any], path: Path) -> FormDefinition:
    known_values = set(Release.field_names())
    fields: dict[str, FieldDef] = {}
    for name, spec in _require(data, "fields", "the form", path).items():
        if name not in known_values:
            raise FormDefinitionError(
                f"field {name!r} is not a release value ({', '.join(sorted(known_values))})",
                file=str(path),
                field=name,
            )
        kind = FieldKind(_require(spec, "kind", f"fields.{name}", path))
        states = tuple(spec.get("states", ()))
        if kind is FieldKind.CHOICE and not states:
            raise FormDefinitionError("a choice field needs states", file=str(path), field=name)
        fields[name] = FieldDef(
            name=name,
            kind=kind,
            role=spec.get("role", "issuer"),
            tooltip=_require(spec, "tooltip", f"fields.{name}", path),
            width=spec.get("width"),
            lines=int(spec.get("lines", 1)),
            states=states,
            default=spec.get("default"),
        )
    for required in ("speaker_name", "event_title", "event_date"):
        if required not in fields:
            raise FormDefinitionError(f"the form has no {required} field", file=str(path))

    pages: list[tuple[Block, ...]] = []
    placed: set[tuple[str, str | None]] = set()
    for page in _require(data, "pages", "the form", path):
        blocks = []
        for spec in page["blocks"]:
            block = Block(
                type=spec["type"], text=spec.get("text", ""), number=spec.get("number", "")
            )
            if block.type not in {"heading", "subheading", "paragraph", "clause", "footer", "rule"}:
                raise FormDefinitionError(f"unknown block type {block.type!r}", file=str(path))
            for match in SLOT.finditer(block.text):
                slot = parse_slot(match)
                field = fields.get(slot.field)
                if field is None:
                    raise FormDefinitionError(
                        "slot names an undefined field", file=str(path), field=slot.field
                    )
                if (field.kind is FieldKind.CHOICE) != (slot.state is not None):
                    raise FormDefinitionError(
                        "choice fields take {field=State}, other fields {field}",
                        file=str(path),
                        field=slot.field,
                    )
                if slot.state is not None and slot.state not in field.states:
                    raise FormDefinitionError(
                        f"state {slot.state!r} is not one of {field.states}",
                        file=str(path),
                        field=slot.field,
                    )
                placed.add((slot.field, slot.state))
            blocks.append(block)
        pages.append(tuple(blocks))
    for field in fields.values():
        wanted: list[tuple[str, str | None]] = [(field.name, s) for s in field.states]
        wanted = wanted or [(field.name, None)]
        if not all(w in placed for w in wanted):
            raise FormDefinitionError(
                "field is defined but not placed on a page", file=str(path), field=field.name
            )

    text = data["text"]
    values = data["values"]
    margins = data["margins"]
    width, height = data["page_size"]
    return FormDefinition(
        id=str(data["id"]),
        title=str(data["title"]),
        page_size=(float(width), float(height)),
        margins=Margins(**{k: float(margins[k]) for k in ("left", "right", "top", "bottom")}),
        text=TextStyle(
            font=text["font"],
            bold_font=text["bold_font"],
            size=float(text["size"]),
            leading=float(text["leading"]),
            paragraph_space=float(text["paragraph_space"]),
            heading_size=float(text["heading_size"]),
        ),
        values=ValueStyle(
            size=float(values["size"]),
            min_size=float(values["min_size"]),
            box_size=float(values["box_size"]),
        ),
        fields=fields,
        pages=tuple(pages),
        source=path,
    )
