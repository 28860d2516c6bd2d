"""Snapshots of a PDF revision as the revision analysis compares them.

A snapshot holds what matters of one revision: its pages (boxes, content streams,
annotations), field values and widgets, the catalog. Also here: the template's pages
as issued, and whether a revision's pages still draw exactly them.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass, field

from pypdf import PdfReader

from ..pdf.revisions import (
    MAX_NODES,
    Cache,
    Node,
    Ref,
    Revision,
    Stream,
    name_of,
    rect_of,
    text_of,
)

__all__ = [
    "MAX_PAGES",
    "Annot",
    "PageSnapshot",
    "Snapshot",
    "TemplatePage",
    "TemplatePages",
    "matches_template",
    "page_content",
    "snapshot",
    "template_pages",
]


MAX_PAGES = 100
"""Pages compared one by one (all pages are counted)."""


@dataclass(slots=True)
class Annot:
    subtype: str
    rect: tuple[float, ...]
    flags: int
    owner: str | None
    """The field a widget belongs to."""
    node: dict[str, Node] = field(compare=False)
    appearance: Node = field(default=None, compare=False)
    """The appearance dictionary, its streams by where they are read from: a stream that a
    later revision redefines or replaces is read from elsewhere (streams are not parsed)."""


@dataclass(slots=True)
class PageSnapshot:
    node: dict[str, Node]
    contents: tuple[Ref, ...]
    box: tuple[object, ...]
    resources: Node
    annots: dict[object, Annot]
    ref: Ref | None = None
    """The page's object (None for a page written in its parent): how a later revision
    that adds pages before or between the pages is told to have kept them."""


@dataclass(slots=True)
class Snapshot:
    rev: Revision
    fields: dict[str, str | None]
    field_nodes: list[tuple[str, dict[str, Node]]]
    pages: list[PageSnapshot]
    page_count: int
    signature_fields: frozenset[str] = frozenset()
    """Fields of type ``/Sig`` (certificate signatures)."""


def box_value(rev: Revision, node: dict[str, Node], key: str) -> Node:
    """A page attribute from the page or an ancestor (``/Parent`` chain)."""
    for _ in range(32):
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        if parent is None:
            return None
        node = rev.dict_of(parent)
    return None


def page_dicts(rev: Revision) -> tuple[list[tuple[Ref | None, dict[str, Node]]], int]:
    """Up to MAX_PAGES pages in order (each with its object, when it has one), and the
    page count."""
    found: list[tuple[Ref | None, dict[str, Node]]] = []
    seen: set[Ref] = set()
    count = 0
    stack: list[Node] = [rev.catalog.get("/Pages")]
    while stack and len(seen) < MAX_NODES:
        item = stack.pop()
        if isinstance(item, Ref):
            if item in seen:
                continue
            seen.add(item)
        node = rev.dict_of(item)
        if node.get("/Type") == "/Pages" or ("/Kids" in node and node.get("/Type") != "/Page"):
            stack.extend(reversed(rev.list_of(node.get("/Kids"))))
        elif node:
            count += 1
            if len(found) < MAX_PAGES:
                found.append((item if isinstance(item, Ref) else None, node))
    return found, count


def field_value(
    rev: Revision, node: dict[str, Node], kind: str | None, widgets: list[Node]
) -> str | None:
    value = rev.resolve(node.get("/V"))
    if kind == "/Btn":
        state = name_of(value) or "Off"
        shown = sorted(
            {s for w in widgets if (s := name_of(rev.dict_of(w).get("/AS"))) not in ("", "Off")}
        )
        if shown == ([] if state == "Off" else [state]):
            return state
        return f"{state} (boxes show {'+'.join(shown) or 'Off'})"
    if kind == "/Sig":
        if not isinstance(value, dict):
            return None
        signer = text_of(value.get("/Name"))
        return f"(digital signature{' by ' + signer if signer else ''})"
    if isinstance(value, tuple):
        return ", ".join(t for v in value if (t := text_of(rev.resolve(v)))) or None
    if isinstance(value, Stream) and isinstance(node.get("/V"), Ref):
        raw = rev.stream_data(node["/V"])  # type: ignore[arg-type]  # checked just above
        return (raw.decode("utf-16") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")) or None
    return text_of(value) or None


def content_refs(rev: Revision, contents: Node) -> tuple[Ref, ...]:
    """The streams of a page's ``/Contents``: one stream, or an array (maybe indirect)."""
    target = rev.resolve(contents)
    if isinstance(contents, Ref) and isinstance(target, Stream):
        return (contents,)
    return tuple(r for r in target if isinstance(r, Ref)) if isinstance(target, tuple) else ()


def _touched(rev: Revision, ap: Node) -> Node:
    """None, after reading the objects ``rev.expand(ap, 1)`` reads, without building the
    expansion: a damaged one fails here as it would there."""
    budget = [MAX_NODES]

    def walk(value: Node, depth: int) -> None:
        budget[0] -= 1
        if budget[0] < 0 or depth == 0:
            return  # at depth 0 the expansion names objects without reading them
        if isinstance(value, Ref):
            walk(rev.resolve(value), depth - 1)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key != "/Parent":
                    walk(item, depth)
        elif isinstance(value, tuple):
            for item in value:
                walk(item, depth)
        elif isinstance(value, Stream):
            for item in value.entries.values():
                walk(item, depth)

    walk(ap, 1)
    return None


def snapshot(rev: Revision, *, appearances: bool = True) -> Snapshot:
    """What matters of ``rev``; ``appearances=False`` leaves each annotation's appearance
    unexpanded (None; its objects are still read), for a revision compared with no other."""
    fields: dict[str, str | None] = {}
    field_nodes: list[tuple[str, dict[str, Node]]] = []
    widget_names: dict[Ref, str] = {}
    signature_fields: set[str] = set()
    acroform = rev.dict_of(rev.catalog.get("/AcroForm"))
    stack: list[tuple[Node, str, str | None]] = [
        (f, "", None) for f in reversed(rev.list_of(acroform.get("/Fields")))
    ]
    seen: set[Ref] = set()
    while stack and len(seen) < MAX_NODES:
        item, prefix, kind = stack.pop()
        if isinstance(item, Ref):
            if item in seen:
                continue
            seen.add(item)
        node = rev.dict_of(item)
        title = text_of(node.get("/T"))
        name = f"{prefix}.{title}" if prefix and title else title or prefix or "(unnamed)"
        kind = text_of(node.get("/FT")) or kind
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
        fields[name] = field_value(rev, node, kind, widgets)
        if kind == "/Sig":
            signature_fields.add(name)
        field_nodes.append((name, node))
        for widget in widgets:
            if isinstance(widget, Ref):
                widget_names[widget] = name
    found, count = page_dicts(rev)
    pages = []
    for ref, node in found:
        media, crop, rotate, unit = (
            rev.expand(box_value(rev, node, key), 1)
            for key in ("/MediaBox", "/CropBox", "/Rotate", "/UserUnit")
        )
        box = (media, crop or media, rotate or 0, unit or 1)
        annots: dict[object, Annot] = {}
        for i, item in enumerate(rev.list_of(node.get("/Annots"))):
            annot = rev.dict_of(item)
            flags = annot.get("/F")
            annots[item if isinstance(item, Ref) else ("direct", i)] = Annot(
                name_of(annot.get("/Subtype")) or "?",
                rect_of(rev.list_of(annot.get("/Rect"))),
                flags if isinstance(flags, int) else 0,
                widget_names.get(item) if isinstance(item, Ref) else None,
                annot,
                rev.expand(annot.get("/AP"), 1) if appearances else _touched(rev, annot.get("/AP")),
            )
        pages.append(
            PageSnapshot(
                node,
                content_refs(rev, node.get("/Contents")),
                box,
                box_value(rev, node, "/Resources"),
                annots,
                ref,
            )
        )
    return Snapshot(rev, fields, field_nodes, pages, count, frozenset(signature_fields))


def squash_content(data: bytes) -> bytes:
    return b" ".join(data.split())


def page_content(rev: Revision, page: PageSnapshot) -> bytes:
    return squash_content(b"\n".join(rev.stream_data(r) for r in page.contents))


@dataclass(frozen=True, slots=True)
class TemplatePage:
    content: bytes
    fonts: dict[str, Node]
    box: tuple[object, ...]


@dataclass(frozen=True, slots=True)
class TemplatePages:
    pages: tuple[TemplatePage, ...]
    cache: Cache
    """What reading the template parsed: a file that starts with it needs not parse it again."""


@functools.lru_cache(maxsize=4)
def template_pages(template: bytes) -> TemplatePages:
    cache = Cache()
    rev = Revision(0, PdfReader(io.BytesIO(template), strict=False), cache)
    pages = []
    for page in snapshot(rev).pages:
        fonts = rev.dict_of(rev.dict_of(page.resources).get("/Font"))
        pages.append(
            TemplatePage(
                page_content(rev, page), {k: rev.expand(v) for k, v in fonts.items()}, page.box
            )
        )
    return TemplatePages(tuple(pages), cache)


_NUM = rb"[-+]?(?:\d+\.?\d*|\.\d+)"


_XOBJECT = rb"/([^\s/\[\]()<>{}%]+)\s+Do"


_DRAW_ONLY = re.compile(rb"(?:\s*(?:q|Q|(?:" + _NUM + rb"\s+){6}cm|" + _XOBJECT + rb"))*\s*")


def _draw_only(rev: Revision, page: PageSnapshot, data: bytes) -> bool:
    """``data`` only draws Form XObjects of the page's resources (``q ... cm /Name Do Q``)."""
    if not _DRAW_ONLY.fullmatch(data):
        return False
    xobjects = rev.dict_of(rev.dict_of(page.resources).get("/XObject"))
    for raw in re.findall(_XOBJECT, data):
        unescaped = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), raw)
        name = "/" + unescaped.decode("latin-1")
        target = rev.resolve(xobjects.get(name))
        if not isinstance(target, Stream) or target.entries.get("/Subtype") != "/Form":
            return False
    return True


def matches_template(snap: Snapshot, template: TemplatePages) -> bool:
    if snap.page_count != len(template.pages):
        return False
    rev = snap.rev
    for page, tpl in zip(snap.pages, template.pages, strict=True):
        fonts = rev.dict_of(rev.dict_of(page.resources).get("/Font"))
        if page.box != tpl.box or any(rev.expand(fonts.get(k)) != v for k, v in tpl.fonts.items()):
            return False
        # streams read from the template's own bytes come decoded from the template's cache
        content = page_content(rev, page)
        at = content.find(tpl.content)
        if at < 0 or not tpl.content:
            return False
        rest = (content[:at], content[at + len(tpl.content) :])
        if not all(_draw_only(rev, page, part) for part in rest if part.strip()):
            return False
    return True
