"""What the fast reader (:mod:`.objects`) refuses as :class:`~.nodes.Ambiguous`, said once,
and the references it follows in a file whose objects readers might resolve apart.

PDFium finds an object by its number, pypdf by its number and generation; PDFium skips
what it does not read (a cross-reference stream numbered 0, the ``/XRefStm`` of the first
section, object 0, an object stream's entry numbered 0) and rebuilds the cross-reference
data it refuses. Each such file shows one document in a viewer and gives another to every
reader that checks it.
"""

from __future__ import annotations

import re

from .nodes import Ambiguous, ByBytes, Node, Ref, Stream

__all__ = [
    "MAX_LIVE",
    "OBJECT_ZERO",
    "PDFIUM_SIZE",
    "REBUILT",
    "body_refs",
    "check_generations",
    "check_references",
    "refs",
    "twice",
]

PDFIUM_SIZE = 4 * 1024 * 1024 + 1
"""The largest ``/Size`` of a cross-reference stream PDFium reads: its ``kMaxXRefSize``,
4 Mi + 1 (24 Mi + 1 in later PDFium); past it PDFium refuses the stream and rebuilds the
file's cross-reference data. A larger one is refused whichever PDFium draws: no honest
file lists that many objects."""
REBUILT = (
    "PDFium refuses the file's cross-reference data and rebuilds it from the bodies in the "
    "file, pypdf reads it: "
)


OBJECT_ZERO = "object 0 is listed in use (PDFium reads nothing under number 0, pypdf reads it)"


def twice(num: int) -> Ambiguous:
    return Ambiguous(
        f"object {num} is listed twice in one cross-reference section, with different "
        "entries (PDFium reads the last, pypdf and poppler the first)"
    )


MAX_LIVE = 100_000
"""Objects :meth:`Objects.check_live` follows before it calls the file ambiguous."""
_REFS: ByBytes[list[Ref]] = ByBytes()
"""The references in an object's bytes, by those bytes (as :func:`.nodes.cached` keeps
the objects)."""


def body_refs(body: bytes, node: Node) -> list[Ref]:
    """:func:`refs` of ``node``, parsed from ``body``: once per process for bytes that
    repeat from one return to the next (a form's fonts and pages)."""
    found = _REFS.found.get(body)
    if found is None:
        found = refs(node)
        _REFS.keep(body, found)
    return found


def refs(node: Node) -> list[Ref]:
    """Every reference in ``node``, at any depth (not through the references)."""
    out: list[Ref] = []
    left: list[Node] = [node]
    while left:
        item = left.pop()
        kind = type(item)
        if kind is Ref:
            out.append(item)  # type: ignore[arg-type]
        elif kind is dict or kind is Stream:
            values = item.values() if kind is dict else item.entries.values()  # type: ignore[union-attr]
            left.extend(v for v in values if type(v) in _NESTED)
        elif kind is tuple:
            left.extend(v for v in item if type(v) in _NESTED)  # type: ignore[union-attr]
    return out


_NESTED = frozenset({Ref, dict, tuple, Stream})


def check_generations(generations: dict[int, set[int]]) -> None:
    """Raise :class:`Ambiguous` for an object number in use under two generations
    (PDFium resolves a reference by its number, taking the highest; pypdf by number and
    generation)."""
    for num, gens in generations.items():
        if len(gens) > 1:
            listed = " and ".join(str(g) for g in sorted(gens))
            raise Ambiguous(
                f"object {num} is in use under generations {listed} (PDFium reads one, "
                "pypdf and poppler the other)"
            )


_PACKED = re.compile(rb"/ObjStm(?![A-Za-z0-9#])")
MAX_LATER = 64
"""Objects under a generation other than 0 whose references are looked for, at most (a
search of the file's bytes each)."""


def check_references(data: bytes, generations: dict[int, set[int]]) -> None:
    """Raise :class:`Ambiguous` for an object in use under a generation other than 0
    that some reference names by another generation, or that references packed into
    object streams might (PDFium takes the object by number whatever the generation a
    reference gives; pypdf finds none)."""
    later = {num: gens for num, gens in generations.items() if gens != {0}}
    if not later:
        return
    if len(later) > MAX_LATER:
        raise Ambiguous(
            f"{len(later)} objects are in use under generations other than 0: references "
            "to them are not all looked at"
        )
    for num, gens in sorted(later.items()):
        pattern = rb"(?<![0-9])%d[\x00\t\n\x0c\r ]+(\d+)[\x00\t\n\x0c\r ]+R(?![A-Za-z0-9])" % num
        named = {int(g) for g in re.findall(pattern, data)}
        if named - gens or _PACKED.search(data):
            raise Ambiguous(
                f"object {num} is in use as generation {min(gens)}, and references may "
                "name it by another (PDFium reads it, pypdf finds nothing)"
            )
