"""A flattened page's own objects, known from an earlier page that drew the same content.

Walking a page's objects (:mod:`.pageobjects`, :mod:`.pagepaint`) asks PDFium a few
things of every object, one call each: a page of our form has a couple of thousand, and
every return of a conference has the same ones. ``FPDFPage_Flatten`` draws a page's
annotations into it after its own content: the page's content streams, unchanged but for
a ``q`` before and a ``Q`` after, then one stream that draws one new form XObject
(``/FFT0 Do``: the first name ``FFT``\\ *n* its resources do not hold), which draws the
annotations. Loaded again, the page lists first the objects of its own content, the same
objects, in the same places and states, as before flattening, then that one form object.

The objects of its own content are what PDFium makes of that content: its streams and
the resources they draw with, and the page's geometry, which
:func:`.nodefonts.content_keys` digests exactly (:mod:`.charboxes`). Two pages with the
same digest, flattened, list the same first objects, but for one thing: content that
names the XObject flattening adds, ``/FFT0``, which draws nothing before flattening (no
such resource) and the annotations after it (a form XObject without resources of its
own looks in the page's). :func:`flattened_safely` makes sure that no content stream
the page draws with (its own, its form XObjects', its Type 3 glyphs', its patterns')
names an ``FFT`` anything, once per digest.

So a page's own objects are given as an :class:`OwnObjects` (the digest, and how many
objects the page lists before it is flattened); a walk that finds the flattened page
lists exactly one object more (:func:`split_own`) walks the appended form object alone
and takes what it learnt of the page's own objects from the first page with that digest
(each walk keeps what it needs, by the digest). A print's page is given the objects of
the start of its content that other prints share (:mod:`.sharedstarts`), with any number
of objects after them. An object kept is set again with its handle on the page walked,
by its place among the page's objects, as a walk of every object gives it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, TypeVar, cast

import numpy as np
import numpy.typing as npt

from .kept import Kept
from .knownstarts import MAX_CONTENT, content_names
from .nodefonts import page_dicts
from .objects import Node, NotSure, Objects, Ref, Stream

__all__ = [
    "KeptWalk",
    "OwnObjects",
    "flattened_safely",
    "keep_walk",
    "own_walk",
    "remember",
    "remembered",
    "split_own",
]

T = TypeVar("T")

MAX_NODES = 20_000
"""Values looked at per page by :func:`flattened_safely` at most (beyond: not safe)."""
_PASSIVE = frozenset({"/FontFile", "/FontFile2", "/FontFile3", "/Metadata"})
"""Keys whose streams are not content (font programs, XML): not looked into."""
_PREFIX = "/FFT"


class OwnObjects(NamedTuple):
    """A page's own content: its digest (:func:`.nodefonts.content_keys`) and how many
    objects the page lists before anything is drawn into it."""

    key: bytes
    size: int
    appended: int | None = 1
    """How many objects are drawn in after them (None: any number; a print's values
    after its wording, :mod:`.sharedstarts`)."""


def split_own(top: list[T], own: OwnObjects | None) -> tuple[list[T], list[T]] | None:
    """A page's top objects ``top`` as (its own content's, the rest), when it lists as
    many objects more than ``own`` counts as ``own`` says (see the module); else None."""
    if own is None or len(top) < own.size:
        return None
    if own.appended is not None and len(top) != own.size + own.appended:
        return None
    return top[: own.size], top[own.size :]


MAX_REMEMBERED = 32
_KEPT: Kept[tuple[str, bytes, int, object], object] = Kept(MAX_REMEMBERED)


def remembered(walk: str, own: OwnObjects, extra: object = None) -> object | None:
    """What ``walk`` kept of the own objects of pages ``own`` (None: nothing yet)."""
    return _KEPT.recall((walk, own.key, own.size, extra))


def remember(walk: str, own: OwnObjects, value: object, extra: object = None) -> None:
    """Keep ``value`` for :func:`remembered` (the most recently used few)."""
    _KEPT.keep((walk, own.key, own.size, extra), value)


Box = tuple[float, float, float, float]
Areas = Sequence[Box] | npt.NDArray[np.float64] | None


def _array(areas: Areas) -> npt.NDArray[np.float64] | None:
    return None if areas is None else np.asarray(areas, np.float64).reshape(-1, 4)


def _meeting(
    boxes: npt.NDArray[np.float64], areas: npt.NDArray[np.float64] | None
) -> npt.NDArray[np.bool_]:
    """Per box (n x 4), whether it shares some area with one of ``areas`` (m x 4; None:
    everywhere), compared as :func:`.pageobjects._meets` compares one (float64 compares
    as Python's floats)."""
    if areas is None:
        return np.ones(len(boxes), bool)
    left, bottom, right, top = (boxes[:, k, None] for k in range(4))
    met = (left < areas[:, 2]) & (areas[:, 0] < right) & (bottom < areas[:, 3])
    met &= areas[:, 1] < top
    out: npt.NDArray[np.bool_] = np.asarray(met.any(axis=1), bool)
    return out


class KeptWalk(NamedTuple):
    """A walk of a page's own objects that kept every object it met: each item found, the
    box it was met by and how it is kept (0 always, 1 as text, 2 as a drawing)."""

    items: Sequence[object]
    boxes: npt.NDArray[np.float64]
    kinds: npt.NDArray[np.int8]
    visits: int
    """Objects visited (-1: the digest met once, nothing kept yet)."""
    capped: bool
    found: dict[tuple[bytes | None, bytes | None], list[tuple[int, int]]]
    """The rows :meth:`meeting` found, by the bytes of its areas."""
    tops: Sequence[int]
    """Per item, the place among the page's top objects of the object it was met for
    (-1: within a form XObject, or none)."""

    def meeting(self, areas: Areas, beside: Areas) -> list[tuple[int, int]]:
        """The items a walk with ``areas`` and ``beside`` finds, by their row, with
        their place among the page's top objects: every one kept always, text meeting
        ``areas``, drawings meeting ``areas`` or ``beside``; in order (remembered for the
        same areas: a form's value boxes, return after return)."""
        a, b = _array(areas), _array(beside)
        key = (None if a is None else a.tobytes(), None if b is None else b.tobytes())
        rows = self.found.get(key)
        if rows is None:
            kinds = self.kinds
            keep = (kinds == 0) | ((kinds != 0) & _meeting(self.boxes, a))
            if b is not None:
                keep = keep | ((kinds == 2) & _meeting(self.boxes, b))
            tops = self.tops
            rows = [(i, tops[i]) for i in np.flatnonzero(keep).tolist()]
            if len(self.found) < MAX_AREAS:
                self.found[key] = rows
        return rows


MAX_AREAS = 16
"""Sets of areas whose items a :class:`KeptWalk` remembers at most."""
_MET = KeptWalk([], np.zeros((0, 4)), np.zeros(0, np.int8), -1, False, {}, [])


def own_walk(own: OwnObjects, met: bool = False) -> KeptWalk | None:
    """The walk of the own objects ``own`` kept (visits -1: met once before); None: not
    met yet. ``met``: say it is met now."""
    found = remembered("objects", own)
    if met and found is None:
        remember("objects", own, _MET)
    return cast(KeptWalk | None, found)


def keep_walk(
    own: OwnObjects,
    items: Sequence[object],
    places: list[tuple[Box, int]],
    visits: int,
    capped: bool,
    tops: Sequence[int],
) -> KeptWalk:
    """Keep the walk of the own objects ``own`` that found ``items``, met at ``places``
    (``tops``: their places among the page's top objects, as :class:`KeptWalk` keeps)."""
    boxes = np.array([box for box, _ in places], np.float64).reshape(-1, 4)
    kinds = np.array([kind for _, kind in places], np.int8)
    capped = capped or len(places) != len(items)
    kept = KeptWalk(items, boxes, kinds, visits, capped, {}, tops)
    remember("objects", own, kept)
    return kept


_SAFE: Kept[bytes, bool] = Kept(MAX_REMEMBERED)


def flattened_safely(objects: Objects, number: int, key: bytes | None) -> bool:
    """Whether page ``number`` (whose :func:`.nodefonts.content_keys` is ``key``) draws
    with no content stream that names an ``/FFT`` XObject (see the module); False when
    unsure. Decided once per digest (the same digest, the same streams)."""
    if key is None:
        return False
    safe = _SAFE.recall(key)
    if safe is None:
        safe = _SAFE.keep(key, _look(objects, number))
    return safe


def _look(objects: Objects, number: int) -> bool:
    try:
        for index, chain in enumerate(page_dicts(objects)):
            if index == number:
                page = chain[0]
                resources: Node = None
                for node in chain:
                    if "/Resources" in node:
                        resources = node["/Resources"]
                        break
                budget = [MAX_NODES]
                seen: set[tuple[int, int]] = set()
                _check(objects, (page.get("/Contents"), resources), budget, seen)
                return True
        return False
    except (NotSure, RecursionError):
        return False


def _check(objects: Objects, value: Node, budget: list[int], seen: set[tuple[int, int]]) -> None:
    """Raises NotSure where a stream under ``value`` (but images and font programs)
    names an ``/FFT`` anything, or cannot be read."""
    stack: list[Node] = [value]
    while stack:
        budget[0] -= 1
        if budget[0] < 0:
            raise NotSure("too much to look through")
        node = stack.pop()
        if isinstance(node, Ref):
            if (node.num, node.gen) in seen:
                continue
            seen.add((node.num, node.gen))
            target = objects.get(node)
            if isinstance(target, Stream):
                entries = target.entries
                if entries.get("/Subtype") != "/Image" and not (
                    "/Length1" in entries or "/Length2" in entries or "/Length3" in entries
                ):
                    data = objects.decoded(node, MAX_CONTENT)
                    if len(data) > MAX_CONTENT:
                        raise NotSure("a stream too long to look through")
                    names = content_names(data)  # (NotSure for a name escaped or too long)
                    if any(name.startswith(_PREFIX) for name in names):
                        raise NotSure("a content stream names /FFT")
                stack.append(entries)
            else:
                stack.append(target)
        elif isinstance(node, Stream):  # (streams are indirect: not met here)
            raise NotSure("a direct stream")
        elif isinstance(node, dict):
            for name, item in node.items():
                if name in _PASSIVE or name == "/Parent":
                    continue
                stack.append(item)
        elif isinstance(node, tuple):
            stack.extend(node)
