"""The characters of a form's pages, known from its template for returns flattened into
their page content, which draw a form page first and their values after it.

:mod:`.charboxes` remembers a page's own characters (their code units and both boxes
of each) by a digest of everything PDFium draws them from, and serves a later page with
the same digest, from the second time the digest is met (the first time, reading them
would cost what asking for them does), read then from its page before anything is
drawn in, into a text page of its own. A flattened return draws its values into its
page content: its ``/Contents`` is the form page's content streams, unchanged, and one
more stream after them that draws the values, with XObjects of its own added to the
page's resources. Such a page digests like no other page (its values differ from every
other return's): each of its returns was read one box at a time, some seven thousand
calls a return of two pages.

A page's characters begin with those of its first streams, and those are what PDFium
makes of these streams and of what they draw with: the page's resources, but for the
XObjects they never name (the values'), and the page's geometry. :func:`start_keys`
digests exactly that for each page of more than one content stream, of every stream
but the last, as :func:`.nodefonts.content_keys` digests a whole page;
:func:`template_start` gives a page of the form's template's characters (read once a
process, as :meth:`.charboxes.KnownStart.read` reads a page's own) for the same digest
of all its streams. A return's page that draws a template page first is given that
page's characters (asked first: the digest of everything a flattened return's page
draws, its values' XObjects and fonts included, takes milliseconds to make and serves
no other return), checked as every known start is (:class:`.charboxes.Boxes`: the text
page begins with the same code units, and PDFium places their runs where it placed the
known ones), so that only the values' characters are asked of PDFium.

An XObject is left out of the digest only when its name is nowhere in the streams'
bytes, a name read as PDFium reads one (from ``/`` to whitespace or a delimiter); a
stream holding a name written with a ``#`` escape, or longer than :data:`MAX_NAME`
(PDFium may read it escaped, or cut), gets no digest, nor does a page whose XObjects'
names are not plain ASCII, nor one whose first streams name a Form XObject (PDFium looks
a name its content uses up in the page's resources when the form's own have no XObject
at all, and the page's XObjects not named are left out): its characters are asked of
PDFium, as before.
"""

from __future__ import annotations

import functools
import re

import pypdfium2 as pdfium

from .charboxes import KnownStart
from .kept import Kept
from .nodefonts import node_digest, page_dicts
from .objects import Node, NotSure, Objects, Ref, Stream

__all__ = [
    "GEOMETRY",
    "MAX_CONTENT",
    "MAX_NAME",
    "content_names",
    "inherited",
    "start_keys",
    "template_start",
]

MAX_NAME = 127
"""Bytes of a name in a content stream at most (PDFium's content parser reads a word of
up to 255 bytes, ``CPDF_StreamParser::kMaxWordLength``: a name of at most this many is
read whole by both)."""
MAX_CONTENT = 4 << 20
"""Decoded bytes of a content stream looked through for names at most (a form page's
are some kilobytes; past that, no digest)."""
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
"""A name as PDFium's content parser reads one: to whitespace or a delimiter."""
GEOMETRY = ("/MediaBox", "/CropBox", "/Rotate")
"""The keys of a page's geometry, inherited from its ancestors, that PDFium draws by: in
every key of what a page's content is drawn from (here and :mod:`.sharedstarts`)."""


def content_names(data: bytes) -> frozenset[str]:
    """Every name the content ``data`` holds, anywhere (in strings and inline images
    too: more names than the content uses, never fewer)."""
    found = set(_NAME.findall(data))  # (each name once: a page names a few fonts often)
    if any(b"#" in name or len(name) > MAX_NAME for name in found):
        raise NotSure("a name escaped or too long in a content stream")
    return frozenset("/" + name.decode("latin-1") for name in found)


MAX_REMEMBERED = 256
"""Content streams whose names are remembered (by their stored bytes), the most recently
used kept: a form's returns share a few."""
_NAMES: Kept[tuple[bytes, str], frozenset[str]] = Kept(MAX_REMEMBERED)


def _names_of(objects: Objects, stream: Node) -> frozenset[str]:
    """:func:`content_names` of the content stream ``stream`` (decoded: FlateDecode or none),
    remembered by its stored bytes and its filter (a stream with decoding parameters,
    which may refer elsewhere, is read each time)."""
    if not isinstance(stream, Ref):
        raise NotSure("a content stream that is not a reference")
    node = objects.get(stream)
    if not isinstance(node, Stream):
        raise NotSure("a content stream that is not a stream")
    memo = (
        None if "/DecodeParms" in node.entries else (node.digest, repr(node.entries.get("/Filter")))
    )
    if memo is not None and (names := _NAMES.recall(memo)) is not None:
        return names
    data = objects.decoded(stream, MAX_CONTENT)
    if len(data) > MAX_CONTENT:  # (stored unfiltered: as long as it is)
        raise NotSure("a content stream too long to look through")
    names = content_names(data)
    if memo is not None:
        _NAMES.keep(memo, names)
    return names


def inherited(chain: list[dict[str, Node]], key: str) -> Node:
    """``key`` of a page whose dictionary and ancestors are ``chain`` (nearest first)."""
    for node in chain:
        if key in node:
            return node[key]
    return None


def _streams_key(
    objects: Objects, chain: list[dict[str, Node]], streams: tuple[Node, ...]
) -> bytes:
    """A digest of what PDFium draws the content ``streams`` of the page ``chain[0]``
    from (see the module)."""
    used: set[str] = set()
    for stream in streams:
        used |= _names_of(objects, stream)
    resources = dict(objects.dict_of(inherited(chain, "/Resources")))
    resources.pop("/ProcSet", None)  # (PDFium never reads it; pdftk lengthens it)
    for key in [k for k, v in resources.items() if objects.resolve(v) == {}]:
        del resources[key]  # (an empty kind of resource, as none: pdf-lib adds /ExtGState)
    xobjects = objects.resolve(resources.get("/XObject"))
    if type(xobjects) is dict:
        if not all(name.isascii() for name in xobjects):
            raise NotSure("an XObject name that is not plain ASCII")
        kept = {name: xobject for name, xobject in xobjects.items() if name in used}
        if any(objects.dict_of(x).get("/Subtype") != "/Image" for x in kept.values()):
            # (a form's content may name the page's XObjects, which PDFium looks up
            # there when the form's own resources have none: review s44)
            raise NotSure("a Form XObject named in the first streams")
        if kept:
            resources["/XObject"] = kept
        else:
            resources.pop("/XObject", None)  # (none named: as if the page had none)
    drawn: dict[str, Node] = {
        "/Contents": streams,
        "/Resources": resources,
        "/UserUnit": chain[0].get("/UserUnit"),
    }
    for key in GEOMETRY:
        drawn[key] = inherited(chain, key)
    return node_digest(objects, drawn, by_value=True)


def _streams(objects: Objects, page: dict[str, Node]) -> tuple[Node, ...]:
    contents = objects.resolve(page.get("/Contents"))
    return contents if isinstance(contents, tuple) else (page.get("/Contents"),)


def _start(objects: Objects, streams: tuple[Node, ...]) -> tuple[Node, ...]:
    """The content ``streams`` of a page but its last, less a bare save of the graphics
    state (``q``) before them and bare restores (``Q``) after them: pdftk, pdf-lib, qpdf
    and PyMuPDF flatten a page so, its own streams wrapped between a stream ``q`` and
    the values' streams after a ``Q`` (that alone, or at their head). Neither draws
    anything, nor moves a character of the streams between them."""
    first = streams[:-1]
    if first and _bare(objects, first[0], b"q"):
        first = first[1:]
    while first and _bare(objects, first[-1], b"Q"):
        first = first[:-1]
    return first


def _bare(objects: Objects, stream: Node, operator: bytes) -> bool:
    """Whether the content ``stream`` is ``operator`` alone, white space around it."""
    if not isinstance(stream, Ref):
        return False
    try:
        data = objects.decoded(stream, BARE)
    except NotSure:
        return False
    return len(data) <= BARE and data.split() == [operator]


BARE = 64
"""Decoded bytes of a content stream that may be a bare ``q`` or ``Q``, at most."""


def start_keys(objects: Objects, count: int) -> list[bytes | None]:
    """Per page of the first ``count``: the digest of its content streams but the last
    (see the module; a bare ``q`` before them and ``Q`` after them left out:
    :func:`_start`); None for a page of one stream (a filled return's page is served by
    its own digest, :func:`.charboxes.known_start`: digesting it for the template too
    would cost every parse of it more than it saves), or one the digest cannot vouch
    for."""
    out: list[bytes | None] = []
    try:
        for chain in page_dicts(objects):
            if len(out) >= count:
                break
            try:
                start = _start(objects, _streams(objects, chain[0]))
                out.append(_streams_key(objects, chain, start) if start else None)
            except NotSure:
                out.append(None)
    except NotSure:
        pass
    return out + [None] * (count - len(out))


@functools.lru_cache(maxsize=4)
def _template_pages(template: bytes) -> dict[bytes, int]:
    """The number of each page of ``template`` by the digest of all its content streams;
    none for a template the digest cannot vouch for. Made once a process (the form's
    bytes are the same object each time: its hash is kept with it)."""
    try:
        objects = Objects(template)
        return {
            _streams_key(objects, chain, _streams(objects, chain[0])): number
            for number, chain in enumerate(page_dicts(objects))
        }
    except NotSure:
        return {}


@functools.lru_cache(maxsize=16)
def _template_page(template: bytes, number: int) -> KnownStart:
    """The characters of page ``number`` of ``template``, read once a process."""
    doc = pdfium.PdfDocument(template)
    try:
        page = doc[number]
        try:
            textpage = page.get_textpage()
            try:
                return KnownStart.read(textpage)
            finally:
                textpage.close()
        finally:
            page.close()
    finally:
        doc.close()


def template_start(template: bytes, key: bytes | None) -> KnownStart | None:
    """The characters of the page of the form's ``template`` whose content streams digest
    to ``key`` (a page's :func:`start_keys`), if one does; each template page's digest
    is made once a process, and its characters read the first time they are asked for."""
    number = None if key is None else _template_pages(template).get(key)
    return None if number is None else _template_page(template, number)
