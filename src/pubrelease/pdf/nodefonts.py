"""The fonts of a file's pages as the fast reader reads them, each with a digest.

:mod:`.pagefonts` checks every font of a file's pages with pypdf, once per process for
the same font. Opening the file with pypdf and reading its pages, annotations and
appearance streams only to find fonts already checked costs more than the check saves.
Here the same fonts are found (the same walk: each page's resources, inherited through
``/Parent``, its annotations' normal appearances, Form XObjects within) with the fast
reader (:mod:`.objects`), whose parsed objects are cached by their exact bytes, and each
is given a digest of everything in it (:func:`node_digest`): its dictionary and every
object it refers to, streams by their dictionary and a digest of their stored bytes.
An object stored plainly (not a stream, not in an object stream) counts by the exact
bytes the fast reader parsed it from (one object and nothing else: the same bytes, the
same object) and the digests of the objects it refers to, found once per process for
those bytes; a CID font's widths array is then hashed, not walked value by value. A font
with a digest seen before is the same font to the check, which reads nothing else.

Anything the fast reader cannot vouch for, or that the walk does not expect (a page tree
node of another type, a font written inline), raises :class:`~.objects.NotSure`: the
caller reads the file with pypdf as before.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Callable, Iterator, Sized
from typing import Any, NamedTuple, TypeVar

from .kept import Kept
from .objects import Node, NotSure, Objects, Ref, Stream

__all__ = [
    "MAX_NODES",
    "NodeFont",
    "annotations_counted",
    "cid_widths",
    "content_keys",
    "font_answers",
    "node_digest",
    "node_fonts",
    "page_annotations",
    "page_dicts",
]

MAX_NODES = 4096
"""Values hashed per digest at most (beyond: NotSure)."""
MAX_PAGE_NODES = 10_000
"""Page tree nodes visited at most (beyond: NotSure)."""
MAX_REMEMBERED = 1024
"""Objects whose references are remembered by their bytes."""
_REFS: Kept[bytes, tuple[Ref, ...]] = Kept(MAX_REMEMBERED)
"""The references an object's bytes hold, by the digest of the bytes."""


class NodeFont(NamedTuple):
    """A font met on a page: where, under which resource name, which object."""

    page: int
    name: str
    ref: Ref | None
    """None: written inline, in its resource dictionary (only when asked for)."""
    base: str
    """Its ``/BaseFont`` as read (``"/Helvetica"``), ``"?"`` when it has none."""
    digest: bytes


def _refs(value: Node, out: list[Ref]) -> None:
    if isinstance(value, Ref):
        out.append(value)
    elif isinstance(value, dict):
        for key in sorted(value):
            _refs(value[key], out)
    elif isinstance(value, tuple):
        for item in value:
            _refs(item, out)
    elif isinstance(value, Stream):
        _refs(value.entries, out)


def _feed(
    h: Any,
    objects: Objects,
    value: Node,
    budget: list[int],
    path: tuple[Ref, ...],
    by_value: bool = False,
) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise NotSure("a font too large to remember")
    if isinstance(value, Ref):
        if value in path:
            h.update(b"L%d;" % path.index(value))
            return
        node = objects.get(value)
        body = None if by_value else objects.body(value)
        if body is None:
            _feed(h, objects, node, budget, (*path, value), by_value)
            return
        stored = hashlib.blake2b(body, digest_size=20).digest()
        refs = _REFS.recall(stored)
        if refs is None:
            found: list[Ref] = []
            _refs(node, found)
            refs = _REFS.keep(stored, tuple(found))
        h.update(b"O" + stored)
        for ref in refs:
            _feed(h, objects, ref, budget, (*path, value))
    elif isinstance(value, Stream):
        h.update(b"S" + value.digest)
        _feed(h, objects, value.entries, budget, path, by_value)
    elif isinstance(value, dict):
        h.update(b"{%d;" % len(value))
        for key in sorted(value):
            _text(h, b"K", key)
            _feed(h, objects, value[key], budget, path, by_value)
    elif isinstance(value, tuple):
        if all(type(item) is int or type(item) is float or _numbers(item) for item in value):
            # (a font's widths, numbers or arrays of them: hashed at once, counted alike)
            budget[0] -= sum(len(item) if type(item) is tuple else 1 for item in value)
            if budget[0] < 0:
                raise NotSure("a font too large to remember")
            h.update(b"N%d;" % len(value) + repr(value).encode())
            return
        h.update(b"[%d;" % len(value))
        for item in value:
            _feed(h, objects, item, budget, path, by_value)
    elif isinstance(value, str):
        _text(h, b"s", value)
    elif isinstance(value, bytes):
        h.update(b"b%d;" % len(value) + value)
    elif isinstance(value, bool) or value is None:
        h.update(repr(value).encode())
    elif isinstance(value, int | float):
        h.update(b"n" + repr(value).encode() + b";")
    else:  # nothing else is a node
        raise NotSure("an unknown value")


def _numbers(value: Node) -> bool:
    """Whether ``value`` is an array of numbers alone."""
    return type(value) is tuple and all(type(x) is int or type(x) is float for x in value)


def _text(h: Any, tag: bytes, text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    h.update(tag + b"%d;" % len(data) + data)


def node_digest(objects: Objects, value: Node, *, by_value: bool = False) -> bytes:
    """A digest of ``value`` and everything it refers to, as the fast reader reads them
    (values as pypdf reads them; a stream by its dictionary and its stored bytes): an
    object by the bytes it is stored in, or (``by_value``) by the values read from them,
    so that the same objects written by another program digest alike (its references'
    numbers, its spacing and its order of keys set aside)."""
    if by_value and isinstance(value, Ref):  # (a file's font, asked by several checks)
        try:
            kept = _BY_VALUE.setdefault(objects, {})
        except TypeError:  # (objects that cannot be remembered weakly)
            return _digest(objects, value, by_value)
        found = kept.get(value)
        if found is None:
            found = kept[value] = _by_value(objects, value)
        return found
    return _digest(objects, value, by_value)


_BY_STORED: Kept[bytes, bytes] = Kept(1024)
"""By-value digests of objects, by the digest of the bytes they and everything they refer
to are stored in: the same bytes read the same values, so another file that stores them
alike (a form's font and its boxes' appearances in each return of one program) is not
walked value by value again."""


def _by_value(objects: Objects, ref: Ref) -> bytes:
    try:
        stored = _digest(objects, ref, False)
    except NotSure:  # (too large to remember by its bytes: by its values, if it can be)
        return _digest(objects, ref, True)
    found = _BY_STORED.recall(stored)
    return found if found is not None else _BY_STORED.keep(stored, _digest(objects, ref, True))


def _digest(objects: Objects, value: Node, by_value: bool) -> bytes:
    h = hashlib.blake2b(digest_size=20)
    _feed(h, objects, value, [MAX_NODES], (), by_value)
    return h.digest()


_BY_VALUE: weakref.WeakKeyDictionary[Objects, dict[Ref, bytes]] = weakref.WeakKeyDictionary()
"""Each file's objects digested by value (:func:`node_digest`), by reference: the shared
starts' key, the print's reference and the fonts' checks digest a print's fonts alike
(its objects never change)."""


def _pages(objects: Objects, root: Node) -> Iterator[dict[str, Node]]:
    """The page dictionaries of the page tree under ``root``, in order."""
    stack: list[Node] = [root]
    seen: set[Ref] = set()
    while stack:
        if len(seen) > MAX_PAGE_NODES:
            raise NotSure("a page tree too large")
        ref = stack.pop()
        if not isinstance(ref, Ref) or ref in seen:
            raise NotSure("a page tree node that is not a new reference")
        seen.add(ref)
        node = objects.get(ref)
        if not isinstance(node, dict):
            raise NotSure("a page tree node that is not a dictionary")
        kind = node.get("/Type")
        if kind == "/Page" and "/Kids" not in node:
            yield node
        elif kind == "/Pages" and isinstance(node.get("/Kids"), tuple):
            stack.extend(reversed(node["/Kids"]))  # type: ignore[arg-type]
        else:
            raise NotSure("a page tree node of another kind")


_Chains = tuple[list[list[dict[str, Node]]], NotSure | None]
_CHAINS: weakref.WeakKeyDictionary[Objects, _Chains] = weakref.WeakKeyDictionary()
"""Each file's pages as :func:`page_dicts` gives them, and the error that ended the walk:
a dozen checks walk a file's pages alike."""


def page_dicts(objects: Objects) -> Iterator[list[dict[str, Node]]]:
    """Each page's dictionary and its ancestors' in the page tree, nearest first (as
    attributes are inherited), in page order; raises :class:`NotSure` for a tree that
    cannot be walked (where the walk meets what cannot be walked, after the pages before
    it). The tree is walked once a file (the objects never change)."""
    walked = _CHAINS.get(objects)
    if walked is None:
        chains: list[list[dict[str, Node]]] = []
        try:
            for chain in _page_chains(objects):
                chains.append(chain)
        except NotSure as exc:
            walked = _CHAINS[objects] = (chains, exc)
        except BaseException:
            yield from (list(chain) for chain in chains)  # (as the walk gave them, then
            raise  # what it raised, kept for no other walk)
        else:
            walked = _CHAINS[objects] = (chains, None)
    chains, error = walked
    for chain in chains:
        yield list(chain)  # (a copy: the caller may change its list)
    if error is not None:
        raise error


def _page_chains(objects: Objects) -> Iterator[list[dict[str, Node]]]:
    root = objects.dict_of(objects.trailer.get("/Root"))
    for page in _pages(objects, root.get("/Pages")):
        chain = [page]
        node = page
        for _ in range(32):
            parent = objects.dict_of(node.get("/Parent"))
            if not parent:
                break
            chain.append(parent)
            node = parent
        yield chain


def annotations_counted(
    objects: Objects, count: int, wanted: Callable[[Node], bool]
) -> list[tuple[int, int]]:
    """For the first ``count`` pages with annotations that are ``wanted``: ``(page index,
    how many)``; nothing when the page tree cannot be walked (other checks say so)."""
    out: list[tuple[int, int]] = []
    try:
        for number, annots in page_annotations(objects, count):
            found = sum(1 for a in annots if wanted(a))
            if found:
                out.append((number, found))
    except NotSure:
        return []
    return out


def page_annotations(objects: Objects, count: int) -> Iterator[tuple[int, tuple[Node, ...]]]:
    """``(page index, its /Annots as written)`` for the first ``count`` pages (a page whose
    ``/Annots`` cannot be read or is no array is left out); raises :class:`NotSure` for a
    page tree that cannot be walked."""
    for number, chain in enumerate(page_dicts(objects)):
        if number >= count:
            break
        try:
            annots = objects.resolve(chain[0].get("/Annots"))
        except NotSure:
            continue
        if isinstance(annots, tuple):
            yield number, annots


def _resources(objects: Objects, page: dict[str, Node]) -> dict[str, Node]:
    return objects.dict_of(_inherited(objects, page, "/Resources"))


def _page_fonts(
    objects: Objects, page: dict[str, Node], budget: list[int]
) -> Iterator[tuple[str, Node]]:
    """(resource name, font) of everything a page draws with, as
    :func:`.pagefonts._page_fonts` finds them."""
    stack = [_resources(objects, page)]
    annots = objects.resolve(page.get("/Annots"))
    for annot in annots if isinstance(annots, tuple) else ():
        normal = objects.resolve(objects.dict_of(objects.dict_of(annot).get("/AP")).get("/N"))
        if isinstance(normal, Stream):
            stack.append(objects.dict_of(normal.entries.get("/Resources")))
        elif isinstance(normal, dict):
            for state in normal.values():
                stack.append(objects.dict_of(objects.dict_of(state).get("/Resources")))
    seen: set[int] = set()
    while stack and budget[0] > 0:
        resources = stack.pop()
        if id(resources) in seen:
            continue
        seen.add(id(resources))
        budget[0] -= 1
        yield from objects.dict_of(resources.get("/Font")).items()
        for xobject in objects.dict_of(resources.get("/XObject")).values():
            target = objects.resolve(xobject)
            if isinstance(target, Stream) and target.entries.get("/Subtype") == "/Form":
                stack.append(objects.dict_of(target.entries.get("/Resources")))


_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
"""Attributes a page takes from its ancestors when it has none of its own."""


def content_keys(objects: Objects, count: int, *, by_value: bool = False) -> list[bytes | None]:
    """Per page of the first ``count``: a digest of everything PDFium draws the page's own
    content from (see :mod:`.charboxes`): its content streams, its resources through every
    reference, its boxes, rotation and unit; None for a page the walk cannot vouch for.
    ``by_value``: as :func:`node_digest` makes it (the same page written by another
    program digests alike)."""
    root = objects.dict_of(objects.trailer.get("/Root"))
    out: list[bytes | None] = []
    try:
        for number, page in enumerate(_pages(objects, root.get("/Pages"))):
            if number >= count:
                break
            drawn: dict[str, Node] = {
                "/Contents": page.get("/Contents"),
                "/UserUnit": page.get("/UserUnit"),
            }
            for key in _INHERITED:
                drawn[key] = _inherited(objects, page, key)
            try:
                out.append(node_digest(objects, drawn, by_value=by_value))
            except NotSure:
                out.append(None)
    except NotSure:
        pass
    return out + [None] * (count - len(out))


def _inherited(objects: Objects, page: dict[str, Node], key: str) -> Node:
    node = page
    for _ in range(32):
        if key in node:
            return node[key]
        node = objects.dict_of(node.get("/Parent"))
    return None


_WALKED: weakref.WeakKeyDictionary[Objects, dict[tuple[int, int, int, bool], Any]] = (
    weakref.WeakKeyDictionary()
)
"""Each file's fonts as walked (:func:`node_fonts`), or the error the walk raised, by the
walk's limits: the font checks and the ``cmap`` check walk a file's fonts alike."""


def node_fonts(
    objects: Objects, *, max_pages: int, max_objects: int, max_fonts: int, inline: bool = False
) -> tuple[list[NodeFont], bool]:
    """Every font of the first ``max_pages`` pages (each with its digest), and whether
    the walk was complete (within ``max_objects`` resource dictionaries and ``max_fonts``
    fonts), as :func:`.pagefonts.check_fonts` walks them (once a file and limits). A
    font written inline in its resource dictionary (pyHanko's stamp's) raises
    :class:`NotSure` unless ``inline`` (its :attr:`NodeFont.ref` is then None)."""
    walked = _WALKED.setdefault(objects, {})
    key = (max_pages, max_objects, max_fonts, inline)
    if key not in walked:
        try:
            walked[key] = _node_fonts(objects, max_pages, max_objects, max_fonts, inline)
        except NotSure as exc:
            walked[key] = exc
    found = walked[key]
    if isinstance(found, NotSure):
        raise found
    fonts, complete = found
    return list(fonts), complete


def _node_fonts(
    objects: Objects, max_pages: int, max_objects: int, max_fonts: int, inline: bool
) -> tuple[list[NodeFont], bool]:
    root = objects.dict_of(objects.trailer.get("/Root"))
    budget = [max_objects]
    out: list[NodeFont] = []
    digests: dict[object, bytes] = {}
    complete = True
    for number, page in enumerate(_pages(objects, root.get("/Pages"))):
        if number >= max_pages:
            break
        for name, font in _page_fonts(objects, page, budget):
            written = type(font) is dict  # (inline: one dictionary, as pypdf's walk keys it)
            if not isinstance(font, Ref) and not (written and inline):
                raise NotSure("a font written inline")
            key = id(font) if written else font
            if key not in digests:
                if len(digests) >= max_fonts:
                    complete = False
                    continue
                digests[key] = node_digest(objects, font)
            base = objects.dict_of(font).get("/BaseFont", "?")
            if not isinstance(base, str):
                raise NotSure("a /BaseFont that is not a name")
            ref = font if isinstance(font, Ref) else None
            out.append(NodeFont(number, name, ref, base, digests[key]))
    return out, complete and budget[0] > 0


def cid_widths(objects: Objects, cid_font: dict[str, Node]) -> dict[int, float]:
    """Code -> width from a Type 0 font's descendant's ``/W`` (the codes it names: the
    others take ``/DW``, Ghostscript's digits among them); raises :class:`.NotSure` for an
    array not read here, or a code given two widths (viewers differ on which it takes)."""
    array = objects.resolve(cid_font.get("/W"))
    if not isinstance(array, tuple):
        return {}
    items = [objects.resolve(item) for item in array]
    out: dict[int, float] = {}
    at = 0
    while at < len(items):
        first = items[at]
        if type(first) is not int or at + 1 >= len(items):
            raise NotSure("/W")
        following = items[at + 1]
        if isinstance(following, tuple):
            for offset, width in enumerate(following):
                width = objects.resolve(width)
                if type(width) not in (int, float):
                    raise NotSure("/W")
                _width(out, first + offset, width)
            at += 2
        else:
            last, width = following, items[at + 2] if at + 2 < len(items) else None
            if type(last) is not int or type(width) not in (int, float):
                raise NotSure("/W")
            for code in range(first, min(last, first + 0xFFFF) + 1):
                _width(out, code, width)
            at += 3
    return out


def _width(out: dict[int, float], code: int, width: Node) -> None:
    if code in out:  # (viewers differ on which of two widths a code takes)
        raise NotSure("a code given two widths")
    out[code] = float(width)  # type: ignore[arg-type]


_Answer = TypeVar("_Answer", bound=Sized)


def font_answers(
    objects: Objects,
    count: int,
    max_fonts: int,
    kept: Kept[bytes, _Answer],
    ask: Callable[[Objects, Ref], _Answer],
) -> list[tuple[int, str, _Answer]]:
    """For the first ``count`` pages (their content and annotations' appearances), each
    font (at most ``max_fonts``, each written as an object of its own) for which ``ask``
    answers something not empty: ``(page index, its /BaseFont, the answer)``, each font's
    answer ``kept`` by its digest for the rest of the process; nothing when the fonts
    cannot be walked (other checks say so)."""
    try:
        fonts, _ = node_fonts(objects, max_pages=count, max_objects=512, max_fonts=max_fonts)
    except NotSure:
        return []
    out: list[tuple[int, str, _Answer]] = []
    seen: set[tuple[int, bytes]] = set()
    for font in fonts:
        if (font.page, font.digest) in seen or font.ref is None:  # (inline: not asked for)
            continue
        seen.add((font.page, font.digest))
        answer = kept.recall(font.digest)
        if answer is None:
            answer = kept.keep(font.digest, ask(objects, font.ref))
        if len(answer):
            out.append((font.page, font.base.lstrip("/"), answer))
    return out
