"""The active content of a revision: what a viewer could run or open, listed, never run.

:func:`active_content` lists scripts, launch, submit and other actions (of the document,
the catalog, fields, pages and annotations, with their ``/Next`` chains), embedded files,
multimedia annotations and XFA, each with where it is, and a script with its opening
words and whether it plainly sets the form's fields or actions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..pdf.revisions import Node, Ref, Revision, Stream, text_of

__all__ = ["Annotation", "active_content"]

_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "Launch action",
    "/SubmitForm": "SubmitForm action",
    "/ImportData": "ImportData action",
    "/GoToE": "GoToE action (into an embedded file)",
    "/GoToR": "GoToR action (another file)",
    "/RichMediaExecute": "RichMediaExecute action",
}
_QUOTED = 160
"""Characters of a script a message quotes."""
_SETS_FIELDS = re.compile(
    r"\.value\s*=(?!=)|\bgetField\b|\bresetForm\b|\bcheckThisBox\b|\bsetAction\b|"
    r"\bimportAnFDF\b|\bimportXFAData\b|\bsubmitForm\b|\bspawnPageFromTemplate\b|"
    r"\.(?:display|hidden|textColor|fillColor|borderColor)\s*=(?!=)|\beval\b|\bunescape\b"
)
"""What a script that writes the form or hides its own work reads like (a script is
left to a person whatever it reads like; these are named)."""
_MEDIA = {"FileAttachment", "RichMedia", "Screen", "Movie", "Sound", "3D"}


@dataclass(frozen=True, slots=True)
class Annotation:
    """An annotation of a page, as the scan reads it."""

    label: str
    """How a message names it, e.g. ``annotation (Link, rect [0 0 10 10])``."""
    subtype: str
    """Its ``/Subtype`` without the slash, e.g. ``Widget``."""
    node: dict[str, Node]
    """Its dictionary; a field's own widget is the same object as the field's node."""


def _name_tree(rev: Revision, value: Node) -> list[tuple[str, Node]]:
    found: list[tuple[str, Node]] = []
    stack, seen = [value], 0
    while stack and seen < 1000:
        seen += 1
        node = rev.dict_of(stack.pop())
        pairs = rev.list_of(node.get("/Names"))
        found += [
            (text_of(rev.resolve(k)) or "?", v)
            for k, v in zip(pairs[::2], pairs[1::2], strict=False)
        ]
        stack.extend(rev.list_of(node.get("/Kids")))
    return found


def _actions(rev: Revision, value: Node, where: str, out: list[str]) -> None:
    """Describe the active actions of ``value``: one action, an array, or a /Next chain."""
    queue, seen = [value], 0
    while queue and seen < 100:
        seen += 1
        node = rev.resolve(queue.pop())
        if isinstance(node, tuple):
            queue.extend(node)
            continue
        action = rev.dict_of(node)
        kind = text_of(action.get("/S"))
        if kind == "/JavaScript" or (kind == "/Rendition" and "/JS" in action):
            out.append(f"JavaScript in {where}{_quoted(rev, action.get('/JS'))}")
        elif kind in _ACTIONS:
            out.append(f"{_ACTIONS[kind]} in {where}")
        if "/Next" in action:
            queue.append(action["/Next"])


def _script(rev: Revision, value: Node) -> str:
    """The text of a script: a string, or a stream's data."""
    if isinstance(value, Ref) and isinstance(rev.resolve(value), Stream):
        data = rev.stream_data(value)
    else:
        node = rev.resolve(value)
        if not isinstance(node, bytes):
            return text_of(node) or ""
        data = node
    if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return data.decode("utf-16", "replace")
    return data.decode("latin-1")


def _quoted(rev: Revision, value: Node) -> str:
    """``': "<opening words>"'`` of a script, saying when it sets the form's fields."""
    script = " ".join(_script(rev, value).split())
    if not script:
        return ""
    shown = script if len(script) <= _QUOTED else script[:_QUOTED] + "…"
    sets = _SETS_FIELDS.search(script)
    what = ", which sets the form's fields or actions" if sets else ""
    return f": {shown!r}{what}"


def _triggers(rev: Revision, value: Node, where: str, out: list[str]) -> None:
    for trigger, action in rev.dict_of(value).items():
        _actions(rev, action, f"{where} /AA {trigger}", out)


def active_content(
    rev: Revision,
    field_nodes: Sequence[tuple[str, dict[str, Node]]],
    pages: Iterable[tuple[dict[str, Node], Iterable[Annotation]]],
) -> tuple[str, ...]:
    """The active content of ``rev``, each once, in the order found.

    ``field_nodes`` are the form's fields by name; ``pages`` each page's dictionary with
    its annotations, in page order.
    """
    out: list[str] = []
    field_ids = {id(node) for _, node in field_nodes}
    names = rev.dict_of(rev.catalog.get("/Names"))
    if "/JavaScript" in names:
        scripts = _name_tree(rev, names["/JavaScript"])
        count = f"{len(scripts)} script{'s' if len(scripts) != 1 else ''}"
        out.append(f"JavaScript in the document's /Names /JavaScript ({count})")
        for name, action in scripts[:8]:
            _actions(rev, action, f"the document's script {name!r}", out)
    for name, _ in _name_tree(rev, names.get("/EmbeddedFiles")):
        out.append(f"embedded file {name!r} (/Names /EmbeddedFiles)")
    open_action = rev.catalog.get("/OpenAction")
    if isinstance(rev.resolve(open_action), dict):
        _actions(rev, open_action, "the document's /OpenAction", out)
    _triggers(rev, rev.catalog.get("/AA"), "the catalog", out)
    if "/XFA" in rev.dict_of(rev.catalog.get("/AcroForm")):
        out.append("XFA form (AcroForm /XFA)")
    for name, node in field_nodes:
        _triggers(rev, node.get("/AA"), f"field {name}", out)
    for n, (page, annots) in enumerate(pages, 1):
        _triggers(rev, page.get("/AA"), f"page {n}", out)
        for annot in annots:
            where = f"{annot.label} on page {n}"
            if annot.subtype in _MEDIA:
                out.append(f"{annot.subtype} annotation on page {n}")
            _actions(rev, annot.node.get("/A"), where, out)
            if id(annot.node) not in field_ids:  # a field's own triggers are listed above
                _triggers(rev, annot.node.get("/AA"), where, out)
    return tuple(dict.fromkeys(out))
