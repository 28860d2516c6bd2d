"""Form definitions: the wording, fields and layout of a release, as data.

A definition lives in ``forms/<id>/form.toml``. It is either *typeset* (pages of
blocks whose slots place the fields; ``pubrelease form build`` makes the template
from it, as for ``forms/icml-2020``) or *imported* (``template = "template.pdf"`` is
the conference's own fillable PDF, kept byte for byte, and each page's wording is
given as text; ``pubrelease form import`` writes such a definition). This module
loads and checks it. Nothing here draws or writes PDF.

Every field has a *key*: the :class:`Role` it plays (``speaker_name``, ``consent``,
...) or, for a value the form asks beyond the standard ones, its own name (an
*extra* value such as ``affiliation``). ``pdf_name`` is the field's name in the PDF.
"""

from __future__ import annotations

import enum
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import FormDefinitionError

__all__ = [
    "Align",
    "Block",
    "BlockType",
    "FieldDef",
    "FieldKind",
    "FormDefinition",
    "Margins",
    "Party",
    "Role",
    "Slot",
    "TextStyle",
    "ValueStyle",
    "load_definition",
]

SLOT = re.compile(
    r"\{(?P<field>\w+)(?:=(?P<state>\w+))?(?::(?P<width>\*|\d+(?:\.\d+)?)?(?P<align>[<^>])?)?\}"
)
EXTRA_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class Role(enum.Enum):
    """What a field's value means to a release; ``EXTRA`` for a form's own values."""

    SPEAKER_NAME = "speaker_name"
    EFFECTIVE_DATE = "effective_date"
    EVENT_TITLE = "event_title"
    EVENT_DATE = "event_date"
    CONSENT = "consent"
    SIGNATURE = "signature"
    SIGN_DATE = "sign_date"
    COUNTERSIGNER_NAME = "countersigner_name"
    COUNTERSIGNER_SIGNATURE = "countersigner_signature"
    COUNTERSIGN_DATE = "countersign_date"
    EXTRA = "extra"

    @classmethod
    def of_key(cls, key: str) -> Role:
        """The role a field key stands for: a standard role's own name, else ``EXTRA``."""
        try:
            role = cls(key)
        except ValueError:
            return cls.EXTRA
        return cls.EXTRA if role is cls.EXTRA else role


class Party(enum.Enum):
    """Who fills a field."""

    ISSUER = "issuer"
    """The conference, when it issues the release: locked read-only once filled."""
    SPEAKER = "speaker"
    COUNTERSIGNER = "countersigner"


DEFAULT_PARTY = {
    Role.CONSENT: Party.SPEAKER,
    Role.SIGNATURE: Party.SPEAKER,
    Role.SIGN_DATE: Party.SPEAKER,
    Role.COUNTERSIGNER_SIGNATURE: Party.COUNTERSIGNER,
    Role.COUNTERSIGN_DATE: Party.COUNTERSIGNER,
    Role.EXTRA: Party.SPEAKER,
}
"""Who fills a role unless the definition says otherwise (the rest: the issuer)."""


class FieldKind(enum.Enum):
    """What a field holds."""

    TEXT = "text"
    DATE = "date"
    CHOICE = "choice"
    """One check box per state (the boxes of one field: ticking one unticks the other)."""
    RADIO = "radio"
    """A radio-button group, one button per state."""
    SIGNATURE = "signature"

    @property
    def boxes(self) -> bool:
        """Whether the field is answered by ticking one of its states."""
        return self in (FieldKind.CHOICE, FieldKind.RADIO)


class BlockType(enum.StrEnum):
    """What a block of a page is (its value is the word used in ``form.toml``)."""

    HEADING = "heading"
    SUBHEADING = "subheading"
    PARAGRAPH = "paragraph"
    CLAUSE = "clause"
    FOOTER = "footer"
    RULE = "rule"


class Align(enum.IntEnum):
    """Where a value sits in its box; the value is the PDF quadding (``/Q``)."""

    LEFT = 0
    CENTRE = 1
    RIGHT = 2


ALIGN = {"<": Align.LEFT, "^": Align.CENTRE, ">": Align.RIGHT}
"""Slot alignment marks."""


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One field of a form."""

    name: str
    """Its key: the role's name (``speaker_name``), or an extra value's own name."""
    kind: FieldKind
    party: Party
    tooltip: str
    pdf_name: str = ""
    """The field's fully qualified name in the PDF (``/T``); the key when not given."""
    width: float | None = None
    """Default slot width in points; ``None`` takes the rest of the line."""
    lines: int = 1
    """Lines of text the field's box spans (wrapped, multi-line fields when more than 1)."""
    states: tuple[str, ...] = ()
    """On-states of a choice or radio field, one box each."""
    accept: str | None = None
    """The state that means Accept (consent fields)."""
    decline: str | None = None
    """The state that means Decline (consent fields): of ``decline_field`` when it is given."""
    decline_field: str = ""
    """A consent given by two box fields ("I agree" and "I do not agree", each a field
    of its own, as Acrobat and LibreOffice make them): the decline box's PDF name.
    ``states`` and ``accept`` are then the agree box's, ``decline`` the decline box's
    on-state."""
    default: str | None = None
    label: str = ""
    """What a person reads beside the field ("Signature:"), for finding it on a page."""
    confidence: float = 1.0
    """How sure the import was of the role (1.0: written by hand)."""

    def __post_init__(self) -> None:
        if not self.pdf_name:
            object.__setattr__(self, "pdf_name", self.name)

    @property
    def role(self) -> Role:
        return Role.of_key(self.name)

    def decline_box(self) -> FieldDef | None:
        """The decline box of a consent given by two box fields, as a field of one state
        that declines (and none that accepts); ``None`` for a consent of one field."""
        if not self.decline_field or self.decline is None:
            return None
        return replace(self, pdf_name=self.decline_field, states=(self.decline,),
                       accept=None, decline_field="")  # fmt: skip

    @property
    def locked(self) -> bool:
        """Read-only for the speaker: filled by the conference, at issue or when it signs."""
        return self.party is not Party.SPEAKER


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a field's box stands in a block's text."""

    field: str
    state: str | None
    width: float | None
    """Explicit width in points, ``None`` for the field's default, ``inf`` for rest of line."""
    align: Align = Align.LEFT


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a page: heading, subheading, paragraph, clause, footer or rule."""

    type: BlockType
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
    """A whole form: identity, page geometry, fields and the pages' blocks or wording."""

    id: str
    title: str
    page_size: tuple[float, float]
    margins: Margins
    text: TextStyle
    values: ValueStyle
    fields: dict[str, FieldDef]
    pages: tuple[tuple[Block, ...], ...]
    source: Path
    template: Path | None = None
    """An imported form's own template PDF (kept byte for byte); ``None`` when typeset."""
    wording: tuple[str, ...] = ()
    """An imported form's wording, page by page: the text a person reads, values left out."""

    @property
    def imported(self) -> bool:
        return self.template is not None

    def slots(self, block: Block) -> list[Slot]:
        """The field slots in a block's text, in order."""
        return [parse_slot(m) for m in SLOT.finditer(block.text)]

    def by_role(self, role: Role) -> FieldDef | None:
        """The field that plays ``role`` (one of the standard roles), if the form has it."""
        return self.fields.get(role.value)

    @property
    def extras(self) -> tuple[str, ...]:
        """The keys of the form's extra values, in order."""
        return tuple(k for k, f in self.fields.items() if f.role is Role.EXTRA)


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
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FormDefinitionError(f"cannot read form definition: {exc}", file=str(path)) from exc
    try:
        return _build(data, path)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, FormDefinitionError):
            raise
        raise FormDefinitionError(f"malformed form definition: {exc}", file=str(path)) from exc


def _field(name: str, spec: dict[str, Any], path: Path) -> FieldDef:
    role = Role.of_key(name)
    if name == "release_id":
        raise FormDefinitionError("release_id is not a field of the form", file=str(path))
    if role is Role.EXTRA and not EXTRA_NAME.match(name):
        raise FormDefinitionError(
            "an extra value's key is lower case letters, digits and _ (e.g. affiliation)",
            file=str(path),
            field=name,
        )
    kind = FieldKind(_require(spec, "kind", f"fields.{name}", path))
    states = tuple(str(s) for s in spec.get("states", ()))
    if kind.boxes and not states:
        raise FormDefinitionError(
            "a choice or radio field needs states", file=str(path), field=name
        )
    if kind.boxes != (role is Role.CONSENT) and role is not Role.EXTRA:
        raise FormDefinitionError(
            "consent is the one choice or radio field among the standard roles",
            file=str(path),
            field=name,
        )
    accept = spec.get("accept") or next((s for s in states if s.lower() == "accept"), None)
    decline = spec.get("decline") or next((s for s in states if s.lower() == "decline"), None)
    decline_field = str(spec.get("decline_field", ""))
    if decline_field and (role is not Role.CONSENT or kind is not FieldKind.CHOICE
                          or not decline):  # fmt: skip
        raise FormDefinitionError(
            "decline_field names the decline box of a consent of check boxes; give its "
            "on-state as decline",
            file=str(path),
            field=name,
        )
    own_decline = decline is None or decline in states or bool(decline_field)
    if role is Role.CONSENT and (accept not in states or not own_decline):
        # (a single "I agree" box has no decline state)
        raise FormDefinitionError(
            f"name the states that mean accept and decline (states: {', '.join(states)})",
            file=str(path),
            field=name,
        )
    party = Party(spec.get("party", DEFAULT_PARTY.get(role, Party.ISSUER).value))
    return FieldDef(
        name=name,
        kind=kind,
        party=party,
        tooltip=str(spec.get("tooltip", name.replace("_", " "))),
        pdf_name=str(spec.get("pdf_name", name)),
        width=spec.get("width"),
        lines=int(spec.get("lines", 1)),
        states=states,
        accept=accept,
        decline=decline,
        decline_field=decline_field,
        default=spec.get("default"),
        label=str(spec.get("label", "")),
        confidence=float(spec.get("confidence", 1.0)),
    )


def _build(data: dict[str, Any], path: Path) -> FormDefinition:
    fields = {
        name: _field(name, spec, path)
        for name, spec in _require(data, "fields", "the form", path).items()
    }
    for required in (Role.SPEAKER_NAME, Role.EVENT_TITLE, Role.EVENT_DATE):
        if required.value not in fields:
            raise FormDefinitionError(f"the form has no {required.value} field", file=str(path))
    pdf_names = [n for f in fields.values() for n in (f.pdf_name, f.decline_field) if n]
    if len(set(pdf_names)) != len(pdf_names):
        raise FormDefinitionError("two fields share one pdf_name", file=str(path))

    template = data.get("template")
    if template is not None:
        return _imported(data, path, fields, path.parent / str(template))
    if any(f.decline_field for f in fields.values()):
        raise FormDefinitionError(
            "decline_field is for an imported form (a typeset one places its boxes as "
            "states of one field)",
            file=str(path),
        )

    pages: list[tuple[Block, ...]] = []
    placed: set[tuple[str, str | None]] = set()
    for page in _require(data, "pages", "the form", path):
        blocks = []
        for spec in page["blocks"]:
            try:
                kind = BlockType(spec["type"])
            except ValueError:
                raise FormDefinitionError(
                    f"unknown block type {spec['type']!r}", file=str(path)
                ) from None
            block = Block(type=kind, text=spec.get("text", ""), number=spec.get("number", ""))
            for match in SLOT.finditer(block.text):
                placed.add(_check_slot(parse_slot(match), fields, path))
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
        values=_values(values),
        fields=fields,
        pages=tuple(pages),
        source=path,
    )


def _values(values: dict[str, Any]) -> ValueStyle:
    return ValueStyle(
        size=float(values.get("size", 10)),
        min_size=float(values.get("min_size", 6)),
        box_size=float(values.get("box_size", 11)),
    )


def _check_slot(slot: Slot, fields: dict[str, FieldDef], path: Path) -> tuple[str, str | None]:
    field = fields.get(slot.field)
    if field is None:
        raise FormDefinitionError("slot names an undefined field", file=str(path), field=slot.field)
    if field.kind.boxes != (slot.state is not None):
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
    return (slot.field, slot.state)


def _imported(
    data: dict[str, Any], path: Path, fields: dict[str, FieldDef], template: Path
) -> FormDefinition:
    if not template.is_file():
        raise FormDefinitionError(f"the template {template.name} is missing", file=str(path))
    wording = tuple(str(page.get("text", "")) for page in data.get("pages", ()))
    width, height = data.get("page_size", (612, 792))
    return FormDefinition(
        id=str(data["id"]),
        title=str(data.get("title", data["id"])),
        page_size=(float(width), float(height)),
        margins=Margins(0, 0, 0, 0),
        text=TextStyle("Helvetica", "Helvetica-Bold", 10, 12, 0, 10),
        values=_values(data.get("values", {})),
        fields=fields,
        pages=(),
        source=path,
        template=template,
        wording=wording,
    )
