"""The characters a page shares with the pages of other files: a print's wording, known
from the start of its content that the last prints by the same program drew alike.

:mod:`.charboxes` serves a page whose whole content digests like a page met before, and
:mod:`.knownstarts` a page whose first content streams are a template page's. A print
(Ghostscript's, cairo's) is neither: each print is one content stream of its own, the
form's wording first, drawn the same way, byte for byte, in every print by that
program, then the values, drawn with a font subset of their own. Each print was read one
box at a time: some nine thousand calls a print of two pages, most of them for the
wording.

PDFium reads a content stream from its first byte on, one operator after the other, and
makes a page object at each operator that draws one; the objects made by the bytes
before a point depend on nothing after it. So a page whose content begins with the bytes
``prefix`` begins with the page objects that ``prefix`` alone makes, wherever the prefix
ends, so long as it ends just after white space (a word PDFium reads in the prefix is the
word it reads in the whole; a string, array or inline image the prefix ends inside makes
nothing, for no operator follows it). Those objects are what PDFium makes of the prefix
and of what it draws with: the fonts and XObjects it names (every name in its bytes,
strings too: more than it uses, never fewer), the page's other resources, whole, and the
page's geometry. :func:`_key` digests exactly that, for a prefix that names no Type 3 font
and no Form XObject (their content may name the page's resources: :func:`_draws_alone`).

A text page lists the characters of the page's objects in their order, one line at a
time: a line is closed, its characters final, when an object of the next line comes. So
the characters of a prefix up to its last line break are those of every page that begins
with the prefix, but for what PDFium decides for the whole page (whether lines run across
or down), which the check of every known start catches (:class:`.charboxes.Boxes`: the
text page begins with the same code units, and PDFium places their runs where it placed
the known ones). Those characters, and both boxes of each, are read once from a page
drawing the prefix alone (the file, its content stream replaced by the prefix in an
update of its own), and serve every later page with the same key.

The objects the prefix makes are the page's first objects, as a flattened page's own
objects are (:mod:`.ownobjects`): a page with no annotation (nothing drawn in after its
content) is given them as its own, and each walk of its objects keeps what it learns of
them and walks the values' objects alone.

The prefix is found from the pages met before: a page of the last files read
(:data:`LAST_KEPT`) whose content begins with the same bytes gives the common start,
shortened to its last white space and to before the first name its resources draw
otherwise (a font subset of the values). A prefix is read the first time a page of a
third file begins with it (the two files it was found in are not worth the reading: a
benchmark's rounds read files again).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from collections import OrderedDict, deque
from dataclasses import dataclass, field

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .charboxes import KnownStart, read_units
from .knownstarts import GEOMETRY, content_names, inherited
from .nodefonts import node_digest, page_dicts
from .objects import Node, NotSure, Objects, Ref, Stream
from .ownobjects import OwnObjects

__all__ = ["MIN_SHARED", "shared_start"]

MIN_SHARED = 1024
"""Bytes of content a prefix holds at least (a form's wording is some kilobytes; a
prefix shorter than that serves no print)."""
MIN_CHARS = 128
"""Characters a prefix's lines hold at least to be served (fewer: asked of PDFium)."""
MAX_STARTS = 16
"""Prefixes remembered per process, the most recently used kept."""
LAST_KEPT = 8
"""Pages of the last files read kept, to find prefixes in (a print's two pages, of
the last four prints)."""
MAX_KEPT_FILE = 4 << 20
"""Bytes of a file whose pages are kept at most (a page kept holds its file's bytes; a
print is some tens of kilobytes)."""
MAX_CONTENT = 1 << 20
"""Decoded bytes of a page's content at most (a print's page is some kilobytes)."""

_WHITE = (b"\x00", b"\t", b"\n", b"\x0c", b"\r", b" ")
_NAMED = ("/Font", "/XObject")
"""Kinds of resources of which a prefix's key holds only those the prefix names."""


@dataclass(eq=False)
class _Start:
    """A prefix met in two files: its bytes, the names it holds, its key, the mark of the
    file it was found in, and its characters once read (None: not yet; ``useless``: too
    few to serve, or a page PDFium did not read as the prefix alone)."""

    prefix: bytes
    names: frozenset[str]
    key: bytes
    source: int
    known: KnownStart | None = None
    size: int = 0
    """How many objects the prefix alone makes (:mod:`.ownobjects`)."""
    useless: bool = False


@dataclass(eq=False)
class _Page:
    """A page read: the file's objects, its number, its page dictionaries, its content
    and the file's mark."""

    objects: Objects
    number: int
    chain: list[dict[str, Node]]
    content: bytes
    source: int
    digests: dict[str, tuple[tuple[str, bytes], ...]] = field(default_factory=dict)


_STARTS: OrderedDict[bytes, _Start] = OrderedDict()
_LAST: deque[_Page] = deque(maxlen=LAST_KEPT)


def shared_start(
    objects: Objects, number: int, data: bytes, source: int, *, learn: bool = True
) -> tuple[KnownStart, OwnObjects] | None:
    """The characters page ``number`` of the file ``data`` (read by ``objects``; ``source``:
    a mark of the file, such as the hash of its bytes) shares with pages of other files
    (see the module), and the objects the shared prefix makes (as :mod:`.ownobjects`
    knows a page's own), if known; else None, the page kept to find prefixes in (not
    ``learn``: not kept)."""
    if len(objects.data) != len(data):
        return None  # (the objects are not of these bytes)
    try:
        page = _page(objects, number, source)
    except NotSure:
        return None
    for start in list(reversed(_STARTS.values())):
        if not page.content.startswith(start.prefix):
            continue
        try:
            if _key(page, start.prefix, start.names) != start.key:
                continue
        except NotSure:
            continue
        _STARTS.move_to_end(start.key)
        if start.known is None and not start.useless and source != start.source:
            start.known, start.size = _read(page, number, start.prefix)
            start.useless = start.known is None
        if start.known is None:
            return None
        return start.known, OwnObjects(start.key, start.size, None)
    if learn:
        _learn(page)
    return None


@functools.lru_cache(maxsize=1)
def _page(objects: Objects, number: int, source: int) -> _Page:
    """Page ``number`` as :func:`shared_start` reads it: one content stream (the last one
    kept, whatever its file's size: a page is asked for twice in a row, before and after
    its whole content's digest)."""
    chain = next(itertools.islice(page_dicts(objects), number, None), None)
    if chain is None:
        raise NotSure("no such page")
    content = objects.decoded(_stream(objects, chain[0]), MAX_CONTENT)
    if len(content) > MAX_CONTENT:  # (stored unfiltered: as long as it is)
        raise NotSure("a content stream too long to look through")
    return _Page(objects, number, chain, content, source)


def _stream(objects: Objects, page: dict[str, Node]) -> Ref:
    """The page's one content stream."""
    contents = page.get("/Contents")
    listed = objects.resolve(contents)
    if isinstance(listed, tuple):
        if len(listed) != 1:
            raise NotSure("more content streams than one")
        contents = listed[0]
    if not isinstance(contents, Ref) or not isinstance(objects.resolve(contents), Stream):
        raise NotSure("no content stream by reference")
    return contents


def _resources(page: _Page) -> dict[str, Node]:
    objects = page.objects
    resources = dict(objects.dict_of(inherited(page.chain, "/Resources")))
    resources.pop("/ProcSet", None)  # (PDFium never reads it)
    return resources


def _named(page: _Page, name: str) -> tuple[tuple[str, bytes], ...]:
    """The digest of each resource of :data:`_NAMED` kinds named ``name``, by kind."""
    if name not in page.digests:
        resources = _resources(page)
        found = []
        for kind in _NAMED:
            table = page.objects.resolve(resources.get(kind))
            if type(table) is dict and name in table:
                found.append((kind, node_digest(page.objects, table[name], by_value=True)))
        page.digests[name] = tuple(found)
    return page.digests[name]


def _key(page: _Page, prefix: bytes, names: frozenset[str]) -> bytes:
    """A digest of what PDFium draws ``prefix`` from on ``page`` (see the module)."""
    objects = page.objects
    resources = _resources(page)
    for kind in _NAMED:
        table = objects.resolve(resources.get(kind))
        if type(table) is not dict:
            continue
        if not all(name.isascii() for name in table):
            raise NotSure("a resource name that is not plain ASCII")
        kept = {name: value for name, value in table.items() if name in names}
        for value in kept.values():
            _draws_alone(objects, kind, value)
        # (each by its own digest: the one the other checks of the file ask for)
        resources[kind] = {
            name: node_digest(objects, value, by_value=True) for name, value in kept.items()
        }
    drawn: dict[str, Node] = {"/Resources": resources, "/UserUnit": page.chain[0].get("/UserUnit")}
    for key in GEOMETRY:
        drawn[key] = inherited(page.chain, key)
    return hashlib.blake2b(prefix, digest_size=20).digest() + node_digest(
        objects, drawn, by_value=True
    )


def _draws_alone(objects: Objects, kind: str, value: Node) -> None:
    """Raise :class:`NotSure` for a font or XObject that draws content of its own (a Type 3
    font's glyphs, a Form XObject): PDFium looks a name such content uses up in the
    page's resources wherever its own resources lack that kind of resource, or have
    none, so what it draws may depend on resources the prefix does not name (review
    s44: a form whose resources had no ``/XObject`` drew the page's ``/Im``, which a
    forged print drew a line through a name with)."""
    node = objects.dict_of(value)
    if (kind == "/Font" and node.get("/Subtype") == "/Type3") or (
        kind == "/XObject" and node.get("/Subtype") != "/Image"
    ):
        raise NotSure("draws content that may name the page's resources")


def _common(a: bytes, b: bytes) -> int:
    """How many bytes ``a`` and ``b`` begin with alike."""
    n = min(len(a), len(b))
    x = np.frombuffer(a, np.uint8, n)
    y = np.frombuffer(b, np.uint8, n)
    differ = np.flatnonzero(x != y)
    return int(differ[0]) if differ.size else n


def _learn(page: _Page) -> None:
    """Find a prefix ``page`` shares with a page of another file kept, and keep it."""
    kept = _LAST
    others = [o for o in kept if o.number == page.number and o.source != page.source]
    if others:
        other = max(others, key=lambda o: _common(o.content, page.content))
        try:
            start = _prefix(page, other)
        except NotSure:
            start = None
        if start is not None and start.key not in _STARTS:
            _STARTS[start.key] = start
            while len(_STARTS) > MAX_STARTS:
                _STARTS.popitem(last=False)
    for other in [o for o in kept if (o.number, o.source) == (page.number, page.source)]:
        kept.remove(other)
    if len(page.objects.data) <= MAX_KEPT_FILE:
        kept.append(page)


def _prefix(page: _Page, other: _Page) -> _Start | None:
    """The longest prefix ``page`` and ``other`` share (see the module), if long enough."""
    content = page.content
    end = _common(content, other.content)
    while True:
        cut = max(content.rfind(white, 0, end) for white in _WHITE) + 1
        if cut < MIN_SHARED:
            return None
        prefix = content[:cut]
        names = content_names(prefix)
        differ = [name for name in names if _named(page, name) != _named(other, name)]
        if not differ:
            key = _key(page, prefix, names)
            return (
                _Start(prefix, names, key, page.source)
                if key == _key(other, prefix, names)
                else None
            )
        end = min(_first(prefix, name) for name in differ)


def _first(content: bytes, name: str) -> int:
    """Where the name ``name`` is first written in ``content``."""
    pattern = re.escape(name.encode("latin-1")) + rb"(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
    found = re.search(pattern, content)
    return found.start() if found else len(content)


def _read(page: _Page, number: int, prefix: bytes) -> tuple[KnownStart | None, int]:
    """The characters of ``prefix`` up to its last line break, read from page ``number``
    of the file, its content replaced by ``prefix`` alone (None when too few), and how
    many objects it makes."""
    objects = page.objects
    stream = _stream(objects, page.chain[0])
    data = objects.data
    root = objects.trailer.get("/Root")
    size = objects.trailer.get("/Size")
    if not isinstance(root, Ref) or not isinstance(size, int):
        return None, 0
    sep = b"" if data.endswith((b"\n", b"\r")) else b"\n"
    at = len(data) + len(sep)
    body = b"%d %d obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
        stream.num,
        stream.gen,
        len(prefix),
        prefix,
    )
    table = b"xref\n%d 1\n%010d %05d n \n" % (stream.num, at, stream.gen)
    trailer = b"trailer\n<< /Size %d /Root %d %d R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        root.num,
        root.gen,
        objects.startxref,
        at + len(body),
    )
    doc = pdfium.PdfDocument(data + sep + body + table + trailer)
    try:
        drawn = doc[number]
        try:
            textpage = drawn.get_textpage()
            try:
                # (up to its last line break: PDFium closes a line with "\r\n")
                breaks = np.flatnonzero(read_units(textpage) == 0x0D)
                count = int(breaks[-1]) if breaks.size else 0
                if count < MIN_CHARS:
                    return None, 0
                return KnownStart.read(textpage, count), pdfium_c.FPDFPage_CountObjects(drawn.raw)
            finally:
                textpage.close()
        finally:
            drawn.close()
    except pdfium.PdfiumError:
        return None, 0
    finally:
        doc.close()
