"""Drawings a return keeps as ``fill`` issued them, read as ``fill`` drew them.

A speaker answers the release ``fill`` issued them in another program (Firefox, Acrobat,
pypdf, pdf-lib, PyMuPDF): it draws the boxes it fills (their signature, the date, the
consent) and keeps the appearances ``fill`` drew for the values the conference gave
(their name, the title, the dates), in the subset of DejaVu Sans (or Noto) that ``fill``
embeds, which is no standard font whose text :mod:`.plaintext` reads; a program that
flattens the return draws those appearances into the page as they are. Such a drawing is
proved here: the file's issuance record is filled again (:func:`.quickread.issued_as`,
about a millisecond, each of ``fill``'s eras in turn until one matches), and each drawing
is compared, by value (:meth:`..pdf.byvalue.Comparison.same_drawing`: its content
decoded, its entries, its resources, its fonts and their programs), with the appearance
of the same widget in that file. The same, it shows what ``fill`` drew there, which is
read from that file (:func:`.quickread.quick_read`). A return that begins with that file,
byte for byte (answered by an incremental update: poppler, pdf.js, Acrobat), and still
reads a drawing, and all it names, from where that file has them, keeps it as ``fill``
wrote it: it is not compared by value (:func:`_kept`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

from ..form.template import Form
from ..pdf.byvalue import Comparison
from ..pdf.nodes import Stream
from ..pdf.objects import NotSure, Objects, Ref
from ..pdf.xrefrules import refs
from .issued import issuance_record
from .quickread import issued_as, read_as_drawn
from .widgetnodes import nearly_same

__all__ = ["Place", "issued_drawings"]

_K = TypeVar("_K", bound=Hashable)

Place = tuple[Ref, str, tuple[float, float, float, float]]
"""A drawing (a form XObject of the file), and the name and rectangle of the form's widget
it stands in (its rectangle as the template has it)."""


def issued_drawings(
    form: Form, objects: Objects, drawings: Mapping[_K, Place]
) -> dict[_K, str | None] | None:
    """What each of ``drawings`` (of the file read by ``objects``) shows, when each is, by
    value, the appearance ``fill`` writes for its widget for the values of the file's
    issuance record (see the module); None otherwise."""
    issued = issuance_record(objects)
    if issued is None or issued.flattened:
        return None
    places = {}  # each drawing: its field, the widget's index, its object in fill's file
    for key, (ref, name, rect) in drawings.items():
        found = next(((k, p) for k, p in form.fields.items() if p.spec.pdf_name == name), None)
        if found is None:
            return None
        field, plan = found
        at = next((i for i, w in enumerate(plan.widgets) if nearly_same(w.box.rect, rect)), None)
        if at is None:
            return None
        number = plan.number if plan.merged else plan.widgets[at].number
        places[key] = (ref, field, at, Ref(number, 0))
    made: list[bytes] = []

    def same(candidate: bytes) -> bool:
        live = Objects(candidate)
        compare = Comparison(objects, live)
        after = objects.data.startswith(candidate)  # (answered by an incremental update)
        kept: set[Ref] = set()  # (objects read from where fill's file has them)
        for ref, _, _, widget in places.values():
            ap = live.dict_of(live.dict_of(widget).get("/AP")).get("/N")
            if not isinstance(ap, Ref):
                return False
            if after and ref == ap and _kept(objects, live, ref, kept):
                continue
            after = False  # (what a walk found before it failed is not vouched for)
            if not compare.same_drawing(ref, ap):
                return False
        made[:] = [candidate]
        return True

    era = issued_as(form, issued, same)
    reading = None if era is None else read_as_drawn(made[0], form, era)
    if reading is None:
        return None
    return {key: reading.visible[field][at] for key, (_, field, at, _) in places.items()}


def _kept(objects: Objects, live: Objects, ref: Ref, seen: set[Ref]) -> bool:
    """Whether ``objects`` (of a file that begins with ``live``'s, byte for byte) reads
    object ``ref`` and every object it names, at any depth, from where ``live`` reads
    them: in the same bytes, outside object streams, each stream of the same stored data
    (a ``/Length`` an update redefined reads another). Then they are the same objects.
    ``seen``: objects found so before (added to; after a walk that fails, it holds
    objects whose own objects were not all looked at, and is not to be asked again)."""
    left = [ref]
    try:
        while left:
            at = left.pop()
            if at in seen:
                continue
            where = objects.location(at)
            if where[0] != "x" or where != live.location(at):
                return False
            node = objects.get(at)
            if type(node) is Stream and node != live.get(at):
                return False
            seen.add(at)
            left.extend(refs(node))
    except NotSure:
        return False
    return True
