"""Whether two files hold the same document, object for object, by value.

A program that saves a file again whole (qpdf, pikepdf, pypdf's writer) keeps every
object but not how it is written: objects are numbered anew, moved into object streams,
their streams compressed again, their keys reordered, their revisions merged into one.
:func:`same_by_value` walks both files from their catalogs together, as the fast reader
(:mod:`.objects`) reads them: every dictionary with the same keys, every array as long,
every number, name, string and boolean alike (an integer and a real apart: a ``/F 4``
written ``3.9996`` reads 4 to the fast reader, which rounds reals to three decimals, but
3 to PDFium, which cuts the fraction off), every stream with the same dictionary (its
length and compression aside) and the same decoded bytes. References are followed
wherever they lead (page trees, resources, fonts, annotations, appearances); what a
reference is numbered, and whether a value is stored in its own object or written in
place, do not count. The document information dictionary (``/Info``) and the file's
identifier are not part of the document and are not compared.

A stream compressed otherwise than with FlateDecode (unpredicted, or with a PNG
predictor), or past :data:`MAX_DECODED` bytes, is :class:`~.objects.NotSure`, as is a
walk past :data:`MAX_VALUES` values: the caller reads the file another way.
"""

from __future__ import annotations

import hashlib

from .kept import Kept
from .objects import Node, NotSure, Objects, Ref, Stream

__all__ = [
    "MAX_DECODED",
    "MAX_VALUES",
    "Comparison",
    "same_by_value",
    "same_drawing",
    "same_values",
]

MAX_VALUES = 200_000
"""Values compared at most."""
MAX_DECODED = 1 << 24
"""Decoded bytes of one stream at most."""
_CODING = ("/Filter", "/DecodeParms")
_PLAIN = ((None, None), ("/FlateDecode", None), (("/FlateDecode",), None))
"""Compressions whose stored bytes decode alike in any file."""
MAX_REMEMBERED = 4096
"""Streams whose decoded digest is remembered by their stored bytes."""
_DECODED: Kept[bytes, bytes] = Kept(MAX_REMEMBERED)


def same_by_value(a: Objects, b: Objects) -> bool:
    """Whether ``a`` and ``b`` hold the same document (see the module): their catalogs and
    everything they lead to are the same by value."""
    walk = _Walk(a, b)
    return walk.same(a.trailer.get("/Root"), b.trailer.get("/Root"))


def same_values(a: Objects, x: Node, b: Objects, y: Node) -> bool:
    """Whether value ``x`` of ``a`` and value ``y`` of ``b`` are the same by value, and
    everything they lead to (as :func:`same_by_value` compares catalogs)."""
    return Comparison(a, b).same(x, y)


def same_drawing(a: Objects, x: Ref, b: Objects, y: Ref) -> bool:
    """:meth:`Comparison.same_drawing`, once."""
    return Comparison(a, b).same_drawing(x, y)


_IDENTITY = (1, 0, 0, 1, 0, 0)
_DEFAULTS = (("/Type", "/XObject"), ("/FormType", 1), ("/Matrix", _IDENTITY))
"""A form XObject's entries that say what their absence says."""


class Comparison:
    """Values of ``a`` compared with values of ``b`` by value, each pair of objects found
    alike once (a font that every drawing of a page names is walked once)."""

    def __init__(self, a: Objects, b: Objects) -> None:
        self.a, self.b = a, b
        self._walk = _Walk(a, b)

    def same(self, x: Node, y: Node) -> bool:
        """Whether ``x`` (of ``a``) and ``y`` (of ``b``) are the same by value."""
        if self._walk.same(x, y):
            return True
        # (a pair being compared counts as alike until the walk is done: after a
        # difference, pairs met on the way may have been left marked alike)
        self._walk = _Walk(self.a, self.b)
        return False

    def same_drawing(self, x: Ref, y: Ref) -> bool:
        """Whether form XObject ``x`` draws what form XObject ``y`` draws, by value: the
        same decoded content, the same entries (its coding aside, and ``/Type``,
        ``/FormType`` and ``/Matrix`` written or left at what their absence says), the
        same resources, but for fonts ``x`` may name beside ``y``'s (qpdf adds the form's
        default fonts to every appearance it draws into a page; the same content names
        none of them)."""
        a, b = self.a, self.b
        found, other = a.get(x), b.get(y)
        if not isinstance(found, Stream) or not isinstance(other, Stream):
            return False
        mine, theirs = _drawing_entries(found), _drawing_entries(other)
        kept, own = mine.pop("/Resources", None), theirs.pop("/Resources", None)
        if not self.same(mine, theirs):
            return False
        res = a.resolve(kept) if kept is not None else {}
        res_other = b.resolve(own) if own is not None else {}
        if type(res) is not dict or type(res_other) is not dict or res.keys() != res_other.keys():
            return False
        for key in res:
            if key != "/Font":
                if not self.same(res[key], res_other[key]):
                    return False
                continue
            fonts, their_fonts = a.resolve(res[key]), b.resolve(res_other[key])
            if type(fonts) is not dict or type(their_fonts) is not dict:
                return False
            if not all(k in fonts and self.same(fonts[k], v) for k, v in their_fonts.items()):
                return False
        return _decoded(a, x, found) == _decoded(b, y, other)


def _drawing_entries(stream: Stream) -> dict[str, Node]:
    out = {k: v for k, v in stream.entries.items() if k not in _CODING and k != "/Length"}
    for key, default in _DEFAULTS:
        if key in out and out[key] == default:
            del out[key]
    return out


class _Walk:
    def __init__(self, a: Objects, b: Objects) -> None:
        self.a, self.b = a, b
        self.paired: set[tuple[Ref, Ref]] = set()
        self.budget = MAX_VALUES

    def same(self, x: Node, y: Node) -> bool:
        self.budget -= 1
        if self.budget < 0:
            raise NotSure("a document too large to compare")
        if isinstance(x, Ref) or isinstance(y, Ref):
            return self._same_objects(x, y)
        if type(x) is not type(y):  # (a 4 and a 3.9996, which viewers read as 3: apart)
            return False
        if isinstance(x, dict):
            assert isinstance(y, dict)
            return x.keys() == y.keys() and all(self.same(x[k], y[k]) for k in x)
        if isinstance(x, tuple):
            assert isinstance(y, tuple)
            if len(x) != len(y):
                return False
            written = repr(x)  # (a font's widths, arrays in arrays: compared at once)
            if "Ref(" not in written and "Stream(" not in written and written == repr(y):
                return True
            return all(map(self.same, x, y))
        if isinstance(x, Stream):
            raise NotSure("a stream written in place")
        return x == y

    def _same_objects(self, x: Node, y: Node) -> bool:
        if isinstance(x, Ref) and isinstance(y, Ref):
            if (x, y) in self.paired:  # (compared already, or being compared: a cycle)
                return True
            self.paired.add((x, y))
        found = self.a.get(x) if isinstance(x, Ref) else x
        other = self.b.get(y) if isinstance(y, Ref) else y
        if isinstance(found, Stream) or isinstance(other, Stream):
            if not (isinstance(found, Stream) and isinstance(other, Stream)):
                return False
            assert isinstance(x, Ref) and isinstance(y, Ref)
            return self._same_streams(x, found, y, other)
        return self.same(found, other)

    def _same_streams(self, x: Ref, found: Stream, y: Ref, other: Stream) -> bool:
        entries = {k: v for k, v in found.entries.items() if k not in _CODING}
        others = {k: v for k, v in other.entries.items() if k not in _CODING}
        if not self.same(entries, others):
            return False
        return _decoded(self.a, x, found) == _decoded(self.b, y, other)


def _decoded(objects: Objects, ref: Ref, stream: Stream) -> bytes:
    """A digest of the decoded bytes of ``stream`` (object ``ref``), remembered by its
    stored bytes when they decode alike in any file (FlateDecode, or none, and no
    parameters): a font or a page written alike by the same program is decoded once."""
    coding = (stream.entries.get("/Filter"), stream.entries.get("/DecodeParms"))
    if coding not in _PLAIN:
        return _digest(objects.decoded(ref, MAX_DECODED))
    key = stream.digest + repr(coding).encode()
    found = _DECODED.recall(key)
    if found is None:
        found = _DECODED.keep(key, _digest(objects.decoded(ref, MAX_DECODED)))
    return found


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()
