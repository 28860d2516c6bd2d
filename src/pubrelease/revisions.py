"""The revisions of a returned release: what changed after it was issued.

``fill`` issues a release as the template's bytes plus one incremental update; a viewer
that saves it appends another update (Acrobat) or rewrites the whole file (most others).
:func:`analyse_revisions` cuts the file at the ``%%EOF`` that ends each revision, reads
every revision with pypdf and compares each with the one before, from the revision that
added the issuance record (``/PubRelease``) on, or from the first when there is none:
field values that changed, and anything else that changed (page content and boxes,
annotations, pages, widgets, fields, the catalog). It lists the active content of the
last revision (never running it) and tells whether the pages still carry the template's
content, so that a caller can skip comparing the text.

Revisions count from 0, the original file. A rewritten file has one revision: its
history is gone, so ``issued_revision`` is 0 when it still carries the issuance record.
Bytes after the last ``%%EOF`` that hold no PDF syntax are ignored, as viewers ignore
them; an unfinished update there is a modification. An object is parsed once per place
in the file: one that a later revision does not redefine is not read again, and content
streams are decoded only when a page's content objects changed.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeAlias, Union

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NumberObject,
    StreamObject,
)

from .form import Form

__all__ = ["MAX_REVISIONS", "FieldChange", "RevisionReport", "analyse_revisions"]

MAX_REVISIONS = 50
"""Revisions compared one by one; beyond this the last one is compared with the 49th."""
MAX_PAGES = 100
"""Pages compared one by one (all pages are counted)."""
_MAX_NODES = 20_000
"""Objects visited per walk of a page or field tree, or per expansion."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A field whose value differs from the revision before."""

    field: str
    """The field's fully qualified name, e.g. ``consent``."""
    revision: int
    """The revision that changed it (0 is the original file)."""
    before: str | None
    """The value before, as text: a box field's state name (``Accept``, ``Off``); None when empty.

    A box field whose boxes show another state than its value reads e.g.
    ``Accept (boxes show Decline)``.
    """
    after: str | None
    """The value after, as ``before``."""


@dataclass(frozen=True, slots=True)
class RevisionReport:
    """What the revisions of one file show."""

    revisions: int
    """The number of revisions (1: a single, non-incremental file)."""
    template_prefix: bool
    """The file starts with the form's template bytes exactly."""
    issued_revision: int | None
    """The first revision that carries the issuance record; 0 for a rewritten release."""
    field_changes: tuple[FieldChange, ...]
    """Changes of field values after the issued revision (after revision 0 without one)."""
    modifications: tuple[str, ...]
    """Other changes after issuance, each with its revision; unreadable revisions."""
    active_content: tuple[str, ...]
    """Scripts, launch and submit actions, embedded files, multimedia, XFA (never run)."""
    page_content_matches_template: bool
    """Every page of the last revision draws the template's content (plus, flattened, only
    Form XObjects through ``q ... cm /Name Do Q``), with the template's fonts and boxes."""


# -- objects as plain values, cached by their place in the file ---------------------------


@dataclass(frozen=True, slots=True)
class _Ref:
    num: int
    gen: int


@dataclass(frozen=True, slots=True)
class _Stream:
    entries: dict[str, Node]
    digest: bytes
    """SHA-1 of the raw (undecoded) data."""


Node: TypeAlias = Union[  # noqa: UP007 - a recursive alias needs the string forms
    bool, int, float, str, bytes, _Ref, _Stream, tuple["Node", ...], dict[str, "Node"], None
]


def _node(obj: object, depth: int = 0) -> Node:
    """A parsed pypdf object as plain values; references stay references."""
    if depth > 32:
        return "<too deep>"
    if isinstance(obj, IndirectObject):
        return _Ref(obj.idnum, obj.generation)
    if isinstance(obj, DictionaryObject):
        entries = {str(k): _node(v, depth + 1) for k, v in obj.items()}
        if isinstance(obj, StreamObject):
            return _Stream(entries, hashlib.sha1(obj._data).digest())
        return entries
    if isinstance(obj, ArrayObject):
        return tuple(_node(v, depth + 1) for v in obj)
    if isinstance(obj, BooleanObject):
        return bool(obj.value)
    if isinstance(obj, FloatObject):
        return round(float(obj), 3)
    if isinstance(obj, NumberObject):
        return int(obj)
    if isinstance(obj, bytes):
        return bytes(obj)
    if isinstance(obj, str):
        return str(obj)
    return None


Loc: TypeAlias = tuple[object, ...]
"""Where an object is read from: ``("x", offset, num, gen)`` or ``("s", stream, index)``."""


@dataclass(slots=True)
class _Cache:
    """Nodes and decoded stream data by location, shared by the revisions of one file."""

    nodes: dict[Loc, Node] = field(default_factory=dict)
    data: dict[Loc, bytes] = field(default_factory=dict)


class _Revision:
    """One revision read by pypdf; what it reads is cached by location."""

    def __init__(self, index: int, reader: PdfReader, cache: _Cache) -> None:
        self.index = index
        self.reader = reader
        self._cache = cache
        self.catalog = self.dict_of(_node(reader.trailer.raw_get("/Root")))

    def loc(self, ref: _Ref, depth: int = 0) -> Loc:
        """Where pypdf reads ``ref`` from in this revision."""
        reader = self.reader
        if ref.gen == 0 and ref.num in reader.xref_objStm and depth < 2:
            stream, index = reader.xref_objStm[ref.num]
            return ("s", self.loc(_Ref(int(stream), 0), depth + 1), int(index))
        offset = reader.xref.get(ref.gen, {}).get(ref.num)
        if offset is None:  # found by pypdf's repair, if at all: not shared
            return ("?", id(self.reader), ref.num, ref.gen)
        return ("x", offset, ref.num, ref.gen)

    def resolve(self, value: Node) -> Node:
        for _ in range(8):
            if not isinstance(value, _Ref):
                return value
            key = self.loc(value)
            if key not in self._cache.nodes:
                parsed = self.reader.get_object(IndirectObject(value.num, value.gen, self.reader))
                self._cache.nodes[key] = _node(parsed)
            value = self._cache.nodes[key]
        return None

    def dict_of(self, value: Node) -> dict[str, Node]:
        node = self.resolve(value)
        if isinstance(node, _Stream):
            return node.entries
        return node if isinstance(node, dict) else {}

    def list_of(self, value: Node) -> tuple[Node, ...]:
        node = self.resolve(value)
        return node if isinstance(node, tuple) else ()

    def stream_data(self, ref: _Ref) -> bytes:
        """The decoded data of stream ``ref`` (empty when it is not a stream)."""
        key = self.loc(ref)
        if key not in self._cache.data:
            parsed = self.reader.get_object(IndirectObject(ref.num, ref.gen, self.reader))
            self._cache.data[key] = parsed.get_data() if isinstance(parsed, StreamObject) else b""
        return self._cache.data[key]

    def expand(self, value: Node, depth: int = 3) -> Node:
        """``value`` with references replaced by what they point at, ``depth`` levels down."""
        budget = [_MAX_NODES]

        def walk(value: Node, depth: int) -> Node:
            budget[0] -= 1
            if budget[0] < 0:
                return "<too large>"
            if isinstance(value, _Ref):
                if depth == 0:
                    return f"<object at {self.loc(value)}>"  # identity at the edge
                return walk(self.resolve(value), depth - 1)
            if isinstance(value, dict):
                return {k: walk(v, depth) for k, v in value.items() if k != "/Parent"}
            if isinstance(value, tuple):
                return tuple(walk(v, depth) for v in value)
            if isinstance(value, _Stream):
                return _Stream({k: walk(v, depth) for k, v in value.entries.items()}, value.digest)
            return value

        return walk(value, depth)


def _text(value: Node) -> str | None:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else None


def _name(value: Node) -> str:
    return (_text(value) or "").lstrip("/")


def _rect(values: Iterable[Node]) -> tuple[float, ...]:
    """A rectangle as (left, bottom, right, top), rounded; as given when it is not one."""
    found = [round(float(v), 2) for v in values if isinstance(v, int | float)]
    if len(found) != 4:
        return tuple(found)
    (x0, x1), (y0, y1) = sorted(found[0::2]), sorted(found[1::2])
    return (x0, y0, x1, y1)


def _fmt(rect: tuple[float, ...]) -> str:
    return "[" + " ".join(f"{v:g}" for v in rect) + "]"


# -- one revision, summarised ---------------------------------------------------------------


@dataclass(slots=True)
class _Annot:
    subtype: str
    rect: tuple[float, ...]
    flags: int
    owner: str | None
    """The field a widget belongs to."""
    node: dict[str, Node] = field(compare=False)


@dataclass(slots=True)
class _Page:
    node: dict[str, Node]
    contents: tuple[_Ref, ...]
    box: tuple[object, ...]
    resources: Node
    annots: dict[object, _Annot]


@dataclass(slots=True)
class _Snapshot:
    rev: _Revision
    fields: dict[str, str | None]
    field_nodes: list[tuple[str, dict[str, Node]]]
    pages: list[_Page]
    page_count: int


def _box_value(rev: _Revision, node: dict[str, Node], key: str) -> Node:
    """A page attribute from the page or an ancestor (``/Parent`` chain)."""
    for _ in range(32):
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        if parent is None:
            return None
        node = rev.dict_of(parent)
    return None


def _pages(rev: _Revision) -> tuple[list[dict[str, Node]], int]:
    """Up to MAX_PAGES pages in order, and the page count."""
    found: list[dict[str, Node]] = []
    seen: set[_Ref] = set()
    count = 0
    stack: list[Node] = [rev.catalog.get("/Pages")]
    while stack and len(seen) < _MAX_NODES:
        item = stack.pop()
        if isinstance(item, _Ref):
            if item in seen:
                continue
            seen.add(item)
        node = rev.dict_of(item)
        if node.get("/Type") == "/Pages" or ("/Kids" in node and node.get("/Type") != "/Page"):
            stack.extend(reversed(rev.list_of(node.get("/Kids"))))
        elif node:
            count += 1
            if len(found) < MAX_PAGES:
                found.append(node)
    return found, count


def _field_value(
    rev: _Revision, node: dict[str, Node], kind: str | None, widgets: list[Node]
) -> str | None:
    value = rev.resolve(node.get("/V"))
    if kind == "/Btn":
        state = _name(value) or "Off"
        shown = sorted(
            {s for w in widgets if (s := _name(rev.dict_of(w).get("/AS"))) not in ("", "Off")}
        )
        if shown == ([] if state == "Off" else [state]):
            return state
        return f"{state} (boxes show {'+'.join(shown) or 'Off'})"
    if kind == "/Sig":
        if not isinstance(value, dict):
            return None
        signer = _text(value.get("/Name"))
        return f"(digital signature{' by ' + signer if signer else ''})"
    if isinstance(value, tuple):
        return ", ".join(t for v in value if (t := _text(rev.resolve(v)))) or None
    if isinstance(value, _Stream) and isinstance(node.get("/V"), _Ref):
        raw = rev.stream_data(node["/V"])  # type: ignore[arg-type]  # checked just above
        return (raw.decode("utf-16") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")) or None
    return _text(value) or None


def _content_refs(rev: _Revision, contents: Node) -> tuple[_Ref, ...]:
    """The streams of a page's ``/Contents``: one stream, or an array (maybe indirect)."""
    target = rev.resolve(contents)
    if isinstance(contents, _Ref) and isinstance(target, _Stream):
        return (contents,)
    return tuple(r for r in target if isinstance(r, _Ref)) if isinstance(target, tuple) else ()


def _snapshot(rev: _Revision) -> _Snapshot:
    fields: dict[str, str | None] = {}
    field_nodes: list[tuple[str, dict[str, Node]]] = []
    widget_names: dict[_Ref, str] = {}
    acroform = rev.dict_of(rev.catalog.get("/AcroForm"))
    stack: list[tuple[Node, str, str | None]] = [
        (f, "", None) for f in reversed(rev.list_of(acroform.get("/Fields")))
    ]
    seen: set[_Ref] = set()
    while stack and len(seen) < _MAX_NODES:
        item, prefix, kind = stack.pop()
        if isinstance(item, _Ref):
            if item in seen:
                continue
            seen.add(item)
        node = rev.dict_of(item)
        title = _text(node.get("/T"))
        name = f"{prefix}.{title}" if prefix and title else title or prefix or "(unnamed)"
        kind = _text(node.get("/FT")) or kind
        kids = rev.list_of(node.get("/Kids"))
        child_fields = [k for k in kids if "/T" in rev.dict_of(k)]
        if child_fields:
            field_nodes.append((name, node))
            stack.extend((k, name, kind) for k in reversed(child_fields))
            continue
        base, n = name, 1
        while name in fields:
            n += 1
            name = f"{base}[{n}]"
        widgets = list(kids) or [item]
        fields[name] = _field_value(rev, node, kind, widgets)
        field_nodes.append((name, node))
        for widget in widgets:
            if isinstance(widget, _Ref):
                widget_names[widget] = name
    found, count = _pages(rev)
    pages = []
    for node in found:
        media, crop, rotate, unit = (
            rev.expand(_box_value(rev, node, key), 1)
            for key in ("/MediaBox", "/CropBox", "/Rotate", "/UserUnit")
        )
        box = (media, crop or media, rotate or 0, unit or 1)
        annots: dict[object, _Annot] = {}
        for i, item in enumerate(rev.list_of(node.get("/Annots"))):
            annot = rev.dict_of(item)
            flags = annot.get("/F")
            annots[item if isinstance(item, _Ref) else ("direct", i)] = _Annot(
                _name(annot.get("/Subtype")) or "?",
                _rect(rev.list_of(annot.get("/Rect"))),
                flags if isinstance(flags, int) else 0,
                widget_names.get(item) if isinstance(item, _Ref) else None,
                annot,
            )
        pages.append(
            _Page(
                node,
                _content_refs(rev, node.get("/Contents")),
                box,
                _box_value(rev, node, "/Resources"),
                annots,
            )
        )
    return _Snapshot(rev, fields, field_nodes, pages, count)


# -- comparing two revisions --------------------------------------------------------------

_FLAGS = {1: "invisible", 2: "hidden", 4: "print", 32: "no-view", 64: "read-only", 128: "locked"}
_CATALOG_SKIPPED = {"/Type", "/Pages", "/AcroForm", "/Metadata", "/Version", "/Extensions"}
"""Pages and the form are compared on their own; the others do not change what is shown."""
_ACROFORM_SKIPPED = {"/NeedAppearances", "/DR", "/Fields"}
"""Viewers set these when they fill fields; fields are compared on their own."""


def _squash(data: bytes) -> bytes:
    return b" ".join(data.split())


def _content(rev: _Revision, page: _Page) -> bytes:
    return _squash(b"\n".join(rev.stream_data(r) for r in page.contents))


def _same_content(old: _Snapshot, a: _Page, new: _Snapshot, b: _Page) -> bool:
    if a.contents == b.contents and all(old.rev.loc(r) == new.rev.loc(r) for r in a.contents):
        return True
    return _content(old.rev, a) == _content(new.rev, b)


def _what(annot: _Annot) -> str:
    if annot.owner is not None:
        return f"widget of field {annot.owner} at {_fmt(annot.rect)}"
    return f"annotation ({annot.subtype}, rect {_fmt(annot.rect)})"


def _word(key: str, old: dict[str, Node], new: dict[str, Node]) -> str:
    return "added" if key not in old else "removed" if key not in new else "changed"


def _compare(old: _Snapshot, new: _Snapshot) -> tuple[list[FieldChange], list[str]]:
    k, out = new.rev.index, []
    changes = [
        FieldChange(name, k, old.fields[name], value)
        for name, value in new.fields.items()
        if name in old.fields and old.fields[name] != value
    ]
    out += [f"field {name} added" for name in new.fields if name not in old.fields]
    out += [f"field {name} removed" for name in old.fields if name not in new.fields]
    ca, cb = old.rev.catalog, new.rev.catalog
    for key in sorted((ca.keys() | cb.keys()) - _CATALOG_SKIPPED):
        if old.rev.expand(ca.get(key)) != new.rev.expand(cb.get(key)):
            label = "issuance record" if key == "/PubRelease" else f"catalog {key}"
            out.append(f"{label} {_word(key, ca, cb)}")
    fa, fb = old.rev.dict_of(ca.get("/AcroForm")), new.rev.dict_of(cb.get("/AcroForm"))
    if bool(fa) != bool(fb):
        out.append(f"form (AcroForm) {'added' if fb else 'removed'}")
    else:
        for key in sorted((fa.keys() | fb.keys()) - _ACROFORM_SKIPPED):
            if old.rev.expand(fa.get(key)) != new.rev.expand(fb.get(key)):
                out.append(f"AcroForm {key} {_word(key, fa, fb)}")
    if new.page_count != old.page_count:
        word = "added" if new.page_count > old.page_count else "removed"
        out.append(f"pages {word}: {new.page_count} pages, was {old.page_count}")
    for n, (a, b) in enumerate(zip(old.pages, new.pages, strict=False), 1):
        if not _same_content(old, a, new, b):
            out.append(f"page {n} content changed")
        if a.box != b.box:
            out.append(f"page {n} page box or rotation changed")
        if old.rev.expand(a.resources) != new.rev.expand(b.resources):
            out.append(f"page {n} resources changed")
        for slot, annot in b.annots.items():
            before = a.annots.get(slot)
            if before is None:
                out.append(f"{_what(annot)} added on page {n}")
                continue
            moved = len(annot.rect) != len(before.rect) or any(
                abs(x - y) > 0.5 for x, y in zip(annot.rect, before.rect, strict=False)
            )
            if moved:
                out.append(f"{_what(before)} on page {n} moved to {_fmt(annot.rect)}")
            if annot.flags != before.flags:
                words = [w for bit, w in _FLAGS.items() if annot.flags & bit]
                out.append(
                    f"{_what(before)} on page {n} flags changed {before.flags} → "
                    f"{annot.flags} ({', '.join(words) or 'none'})"
                )
        out += [
            f"{_what(x)} removed from page {n}"
            for key, x in a.annots.items()
            if key not in b.annots
        ]
    return changes, [f"{m} (revision {k})" for m in out]


# -- active content and the template's pages ---------------------------------------------------

_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "Launch action",
    "/SubmitForm": "SubmitForm action",
    "/ImportData": "ImportData action",
    "/GoToE": "GoToE action (into an embedded file)",
    "/GoToR": "GoToR action (another file)",
    "/RichMediaExecute": "RichMediaExecute action",
}
_MEDIA = {"FileAttachment", "RichMedia", "Screen", "Movie", "Sound", "3D"}


def _name_tree(rev: _Revision, value: Node) -> list[tuple[str, Node]]:
    found: list[tuple[str, Node]] = []
    stack, seen = [value], 0
    while stack and seen < 1000:
        seen += 1
        node = rev.dict_of(stack.pop())
        pairs = rev.list_of(node.get("/Names"))
        found += [
            (_text(rev.resolve(k)) or "?", v) for k, v in zip(pairs[::2], pairs[1::2], strict=False)
        ]
        stack.extend(rev.list_of(node.get("/Kids")))
    return found


def _actions(rev: _Revision, value: Node, where: str, out: list[str]) -> None:
    """Describe the active actions of ``value``: one action, an array, or a /Next chain."""
    queue, seen = [value], 0
    while queue and seen < 100:
        seen += 1
        node = rev.resolve(queue.pop())
        if isinstance(node, tuple):
            queue.extend(node)
            continue
        action = rev.dict_of(node)
        kind = _text(action.get("/S"))
        if kind in _ACTIONS:
            out.append(f"{_ACTIONS[kind]} in {where}")
        elif kind == "/Rendition" and "/JS" in action:
            out.append(f"JavaScript in {where}")
        if "/Next" in action:
            queue.append(action["/Next"])


def _triggers(rev: _Revision, value: Node, where: str, out: list[str]) -> None:
    for trigger, action in rev.dict_of(value).items():
        _actions(rev, action, f"{where} /AA {trigger}", out)


def _active_content(snap: _Snapshot) -> tuple[str, ...]:
    rev, out = snap.rev, []
    field_ids = {id(node) for _, node in snap.field_nodes}
    names = rev.dict_of(rev.catalog.get("/Names"))
    if "/JavaScript" in names:
        scripts = _name_tree(rev, names["/JavaScript"])
        count = f"{len(scripts)} script{'s' if len(scripts) != 1 else ''}"
        out.append(f"JavaScript in the document's /Names /JavaScript ({count})")
    for name, _ in _name_tree(rev, names.get("/EmbeddedFiles")):
        out.append(f"embedded file {name!r} (/Names /EmbeddedFiles)")
    open_action = rev.catalog.get("/OpenAction")
    if isinstance(rev.resolve(open_action), dict):
        _actions(rev, open_action, "the document's /OpenAction", out)
    _triggers(rev, rev.catalog.get("/AA"), "the catalog", out)
    if "/XFA" in rev.dict_of(rev.catalog.get("/AcroForm")):
        out.append("XFA form (AcroForm /XFA)")
    for name, node in snap.field_nodes:
        _triggers(rev, node.get("/AA"), f"field {name}", out)
    for n, page in enumerate(snap.pages, 1):
        _triggers(rev, page.node.get("/AA"), f"page {n}", out)
        for annot in page.annots.values():
            where = f"{_what(annot)} on page {n}"
            if annot.subtype in _MEDIA:
                out.append(f"{annot.subtype} annotation on page {n}")
            _actions(rev, annot.node.get("/A"), where, out)
            if id(annot.node) not in field_ids:  # a field's own triggers are listed above
                _triggers(rev, annot.node.get("/AA"), where, out)
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class _TemplatePage:
    content: bytes
    fonts: dict[str, Node]
    box: tuple[object, ...]


@dataclass(frozen=True, slots=True)
class _Template:
    pages: tuple[_TemplatePage, ...]
    cache: _Cache
    """What reading the template parsed: a file that starts with it needs not parse it again."""


@functools.lru_cache(maxsize=4)
def _template(template: bytes) -> _Template:
    cache = _Cache()
    rev = _Revision(0, PdfReader(io.BytesIO(template), strict=False), cache)
    pages = []
    for page in _snapshot(rev).pages:
        fonts = rev.dict_of(rev.dict_of(page.resources).get("/Font"))
        pages.append(
            _TemplatePage(
                _content(rev, page), {k: rev.expand(v) for k, v in fonts.items()}, page.box
            )
        )
    return _Template(tuple(pages), cache)


_NUM = rb"[-+]?(?:\d+\.?\d*|\.\d+)"
_XOBJECT = rb"/([^\s/\[\]()<>{}%]+)\s+Do"
_DRAW_ONLY = re.compile(rb"(?:\s*(?:q|Q|(?:" + _NUM + rb"\s+){6}cm|" + _XOBJECT + rb"))*\s*")


def _draw_only(rev: _Revision, page: _Page, data: bytes) -> bool:
    """``data`` only draws Form XObjects of the page's resources (``q ... cm /Name Do Q``)."""
    if not _DRAW_ONLY.fullmatch(data):
        return False
    xobjects = rev.dict_of(rev.dict_of(page.resources).get("/XObject"))
    for raw in re.findall(_XOBJECT, data):
        unescaped = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), raw)
        name = "/" + unescaped.decode("latin-1")
        target = rev.resolve(xobjects.get(name))
        if not isinstance(target, _Stream) or target.entries.get("/Subtype") != "/Form":
            return False
    return True


def _matches_template(snap: _Snapshot, template: _Template) -> bool:
    if snap.page_count != len(template.pages):
        return False
    rev = snap.rev
    for page, tpl in zip(snap.pages, template.pages, strict=True):
        fonts = rev.dict_of(rev.dict_of(page.resources).get("/Font"))
        if page.box != tpl.box or any(rev.expand(fonts.get(k)) != v for k, v in tpl.fonts.items()):
            return False
        # streams read from the template's own bytes come decoded from the template's cache
        content = _content(rev, page)
        at = content.find(tpl.content)
        if at < 0 or not tpl.content:
            return False
        rest = (content[:at], content[at + len(tpl.content) :])
        if not all(_draw_only(rev, page, part) for part in rest if part.strip()):
            return False
    return True


# -- cutting the file into revisions ---------------------------------------------------------

_STARTXREF = re.compile(rb"startxref\s+(\d{1,19})\s*%%EOF(?:\r\n|\r|\n)?")
_XREF_STREAM = re.compile(rb"\d+\s+\d+\s+obj\b")
_PREV = re.compile(rb"/Prev\s+(\d+)")
_SYNTAX = re.compile(rb"\bobj\b|\bendobj\b|xref|trailer|endstream")


def _xref_at(data: bytes, offset: int, floor: int, limit: int) -> bool:
    """``offset`` starts a cross-reference section of the revision ending at ``limit``."""
    if not floor <= offset < limit:
        return False
    head = data[offset : offset + 64].lstrip(b" \t\r\n\f\x00")
    if head.startswith(b"xref"):
        start = data.rfind(b"trailer", offset, limit)
        section = data[start:limit] if start >= 0 else b""
    elif _XREF_STREAM.match(head):
        end = data.find(b"stream", offset, limit)
        section = data[offset : end if end >= 0 else limit][:8192]
        if b"/XRef" not in section:
            return False
    else:
        return False
    prev = _PREV.search(section)
    return prev is None or int(prev.group(1)) < offset  # a linearized file's first part: no


def _revision_ends(data: bytes) -> list[int]:
    """Where each revision ends: after the end-of-line that follows its ``%%EOF``.

    A ``startxref ... %%EOF`` counts when its offset points at the cross-reference section
    of the bytes before it, after the previous revision; the one that ends the file always
    counts (pypdf repairs what it can).
    """
    ends: list[int] = []
    content_end = len(data.rstrip(b" \t\r\n\f\x00"))
    for n, match in enumerate(_STARTXREF.finditer(data)):
        end, floor = match.end(), ends[-1] if ends else 0
        last = end >= content_end
        if _xref_at(data, int(match.group(1)), floor, match.start()) or (last and end > floor):
            ends.append(end)
        if n > 10_000:
            break
    return ends


def _open(data: bytes, end: int, index: int, cache: _Cache) -> _Revision:
    reader = PdfReader(io.BytesIO(data[:end]), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    return _Revision(index, reader, cache)


def _problem(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]


def analyse_revisions(data: bytes, form: Form) -> RevisionReport:
    """Read every revision of ``data`` and report what changed after issuance.

    Never raises on a damaged file (except MemoryError and RecursionError): what cannot
    be read is described in ``modifications``.
    """
    template = form.template
    prefix = data.startswith(template)
    ends = _revision_ends(data) or [len(data)]
    found: list[tuple[int, str]] = []
    """Modifications, by the revision they belong to."""
    tail, count = data[ends[-1] :], len(ends)
    if _SYNTAX.search(tail):
        unfinished = f"{len(tail)} bytes without a readable %%EOF"
        found.append((count, f"an unfinished update follows revision {count - 1} ({unfinished})"))
    indices = list(range(count))
    if count > MAX_REVISIONS:
        indices = [*indices[: MAX_REVISIONS - 1], count - 1]
        skipped = f"revisions {MAX_REVISIONS - 1} to {count - 2} not compared one by one"
        found.append((MAX_REVISIONS, f"more than {MAX_REVISIONS} revisions ({count}): {skipped}"))
    known = _template(template)
    cache = _Cache(dict(known.cache.nodes), dict(known.cache.data)) if prefix else _Cache()
    failed: dict[int, str] = {}
    opened: dict[int, _Revision] = {}
    keep_all = sum(ends[k] for k in indices) <= 1 << 26  # keep readers while that is cheap

    def attempt(k: int, reader: bool) -> _Revision | _Snapshot | None:
        try:
            rev = opened.pop(k, None) or _open(data, ends[k], k, cache)
            if reader:
                return rev
            snap = _snapshot(rev)
            if snap.page_count == 0:
                failed[k] = f"revision {k} cannot be read: no pages found"
            return snap
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:  # pypdf raises many kinds of error on a damaged file
            failed[k] = f"revision {k} cannot be read: {_problem(exc)}"
            return None

    # the revision that carries the issuance record, read only as far as its catalog
    issued: int | None = None
    start = 0
    for position, k in enumerate(indices):
        if k == 0 and prefix and ends[0] == len(template):
            continue  # the template itself: no record
        rev = attempt(k, reader=True)
        if not isinstance(rev, _Revision):
            continue
        if keep_all or "/PubRelease" in rev.catalog:
            opened[k] = rev
        if "/PubRelease" in rev.catalog:
            issued, start = k, position
            break

    changes: list[FieldChange] = []
    last: _Snapshot | None = None
    for k in indices[start:]:
        snap = attempt(k, reader=False)
        if not isinstance(snap, _Snapshot):
            continue
        if last is not None:
            try:
                new_changes, messages = _compare(last, snap)
            except (MemoryError, RecursionError):
                raise
            except Exception as exc:  # as above
                new_changes, messages = [], [f"revision {k} cannot be compared: {_problem(exc)}"]
            changes += new_changes
            found += [(k, m) for m in messages]
        last = snap
    if issued is not None and prefix and issued != 1:
        late = "not in the update that follows the template"
        found.append((issued, f"the issuance record was added in revision {issued}, {late}"))
    found += failed.items()
    active: tuple[str, ...] = ()
    matches = False
    if last is not None:
        try:
            active = _active_content(last)
            matches = _matches_template(last, known)
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:  # as above
            k = last.rev.index
            found.append((k, f"revision {k} cannot be read: {_problem(exc)}"))
    return RevisionReport(
        revisions=count,
        template_prefix=prefix,
        issued_revision=issued,
        field_changes=tuple(changes),
        modifications=tuple(m for _, m in sorted(found, key=lambda item: item[0])),
        active_content=active,
        page_content_matches_template=matches,
    )
