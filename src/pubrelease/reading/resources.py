"""What a page or an appearance draws with, compared between two revisions, all the way down.

A content stream draws with named resources: fonts (their widths, encodings, ToUnicode
maps, descriptors and embedded programs), Form XObjects (with their own resources),
images, patterns, shadings, graphics states. An incremental update can redefine any of
those objects and leave every content stream's bytes as they were: the page then shows
other glyphs or another drawing "under an unchanged appearance".
:class:`ResourceComparison` follows every reference from what was issued to what a later
revision has, comparing streams by the digest of their data, and names the first place
where they part, e.g.
``/Font /F1 /BaseFont`` or ``/N /Resources /Font /PRF0 /DescendantFonts [0] /W``.

Objects are read through the revisions' shared cache: an object at the same place in both
revisions is parsed once. One comparison (of two revisions) follows the same pair of
objects once and visits at most :data:`MAX_NODES` objects.
"""

from __future__ import annotations

from ..pdf.revisions import MAX_NODES, Node, Ref, Revision, Stream

__all__ = ["ResourceComparison"]

_SKIPPED = frozenset({"/Parent", "/P", "/StructParent", "/StructParents", "/Length"})
"""Back links (a page's or annotation's parent) and bookkeeping: not what is drawn.
``/Length`` follows the encoding of the data, compared by its digest."""
_ATOMS = frozenset({bool, int, float, str, bytes, type(None)})
"""Values with nothing below them to follow: equal, they are the same."""
MAX_DEPTH = 64
"""Nesting followed, at most (deeper is taken as the same)."""


class ResourceComparison:
    """Compares what is reachable from nodes of two revisions; objects compared once."""

    def __init__(self, old: Revision, new: Revision) -> None:
        self.old, self.new = old, new
        self._done: dict[tuple[object, object], tuple[str, ...] | None] = {}
        self._budget = MAX_NODES

    def __call__(self, a: Node, b: Node) -> str | None:
        """Where ``b`` (read in the new revision) first differs from ``a`` (read in the
        old one), following every reference; None when everything reachable is the same."""
        path = self._walk(a, b, 0)
        if path is None:
            return None
        return " ".join(path) if path else "the object itself"

    def _walk(self, x: Node, y: Node, depth: int) -> tuple[str, ...] | None:
        self._budget -= 1
        if self._budget < 0 or depth > MAX_DEPTH:
            return None  # too large to follow: the shallower comparisons stand
        if isinstance(x, Ref) and isinstance(y, Ref):
            pair = (self.old.loc(x), self.new.loc(y))
            if pair in self._done:
                return self._done[pair]
            self._done[pair] = None  # a cycle back here adds nothing
            found = self._walk(self.old.resolve(x), self.new.resolve(y), depth + 1)
            self._done[pair] = found
            return found
        if isinstance(x, Ref):
            x = self.old.resolve(x)
        if isinstance(y, Ref):
            y = self.new.resolve(y)
        if type(x) is not type(y):
            return ()
        if isinstance(x, Stream) and isinstance(y, Stream):
            if x.digest != y.digest:
                return ("(stream data)",)
            x, y = x.entries, y.entries
        # (equal containers: only what may lead elsewhere, a reference, is followed; a
        # font's /Widths was walked number by number)
        if isinstance(x, dict) and isinstance(y, dict):
            same = x == y
            for key in sorted((x.keys() | y.keys()) - _SKIPPED):
                if key not in x or key not in y:
                    return (key,)
                if same and type(x[key]) in _ATOMS:
                    continue
                below = self._walk(x[key], y[key], depth + 1)
                if below is not None:
                    return (key, *below)
            return None
        if isinstance(x, tuple) and isinstance(y, tuple):
            if len(x) != len(y):
                return ()
            same = x == y
            for i, (u, v) in enumerate(zip(x, y, strict=True)):
                if same and (type(u) in _ATOMS or _flat(u)):
                    continue
                below = self._walk(u, v, depth + 1)
                if below is not None:
                    return (f"[{i}]", *below)
            return None
        return None if x == y else ()


def _flat(value: Node) -> bool:
    """An array of values with nothing below them (a CID font's run of widths)."""
    return type(value) is tuple and _ATOMS.issuperset(map(type, value))
