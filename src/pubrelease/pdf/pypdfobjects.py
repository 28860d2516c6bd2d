"""A file's objects as pypdf reads them, given as the fast reader gives its own.

The checks of what viewers draw each their own way, read from the file's objects
(page boxes, optional content, widgets of no field, appearance states none is chosen,
notes drawn at no opacity: :mod:`..reading.viewerboxes`), are written for the fast reader
(:class:`.objects.Objects`), which refuses a file it cannot vouch for byte by byte: one
whose cross-reference table is a line off (a comment added after the header), which
pypdf and every viewer repair. Such a file was read without those checks (session 26: a
note typed at ``/CA 0``, and review rev27's note whose appearance states none is chosen,
read ``valid`` with one line added after the header). :class:`PypdfObjects` gives pypdf's
objects as the same plain values (:func:`.revisions.node_of`), so the same checks run.
"""

from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from .nodes import Node, NotSure, Ref
from .objects import Objects
from .revisions import node_of

__all__ = ["PypdfObjects"]


class PypdfObjects(Objects):
    """The objects of the file pypdf's ``reader`` reads, as :class:`.objects.Objects`
    gives them (what pypdf cannot read is :class:`NotSure`)."""

    def __init__(self, reader: PdfReader) -> None:
        self._unread(b"")
        self._pypdf = reader
        trailer = node_of(reader.trailer)
        self.trailer = trailer if isinstance(trailer, dict) else {}
        for gen, numbers in reader.xref.items():
            for num in numbers:
                self.xref[(num, gen)] = 0
        for num, (stream, index) in reader.xref_objStm.items():
            self.in_stream[num] = (stream, index)

    def _object(self, ref: Ref) -> object:
        try:
            return self._pypdf.get_object(IndirectObject(ref.num, ref.gen, self._pypdf))
        except Exception as exc:  # (pypdf's errors on a damaged object are of many kinds)
            raise NotSure(f"pypdf cannot read object {ref.num} {ref.gen}") from exc

    def get(self, ref: Ref) -> Node:
        key = (ref.num, ref.gen)
        found = self._nodes.get(key)
        if found is None and key not in self._nodes:
            found = self._nodes[key] = node_of(self._object(ref))
        return found

    def decoded(self, ref: Ref, limit: int | None = None) -> bytes:
        stream = self._object(ref)
        if not isinstance(stream, StreamObject):
            raise NotSure("not a stream")
        try:
            data = stream.get_data()
        except Exception as exc:  # (a filter pypdf cannot undo)
            raise NotSure("a stream pypdf cannot decode") from exc
        if limit is not None and len(data) > limit:
            raise NotSure("beyond the limit")
        return data

    def body(self, ref: Ref) -> bytes | None:
        return None
