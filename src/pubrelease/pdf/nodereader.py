"""pypdf's objects of a few references, parsed where the fast reader found them.

Checking a font the process has not met reads it with pypdf (:mod:`.pagefonts`,
:mod:`.tounicode`), and opening pypdf's reader on the file for that can cost more than
the check: pypdf 6 parses every object of an object stream at the first it is asked for,
and pdf-lib writes every dictionary of a file into one (a form's font with its 9 KB
``/W`` array among them: 11 ms of a 42 ms reading).

:class:`ObjectsReader` stands in for pypdf's reader where only
``IndirectObject.get_object`` is asked of it, for a file the fast reader
(:class:`.objects.Objects`) vouched for, so that pypdf and it find each object at the
same place: each object asked for is parsed by pypdf's own parser (``read_object``) at
the place pypdf's reader parses it (after its ``num gen obj`` header in the file, or at
its offset in its object stream, decoded as pypdf decodes it: :meth:`.Objects.body`),
one at a time, and kept.
What it cannot find raises :class:`.nodes.NotSure`; the caller then opens pypdf.
"""

from __future__ import annotations

import io

from pypdf.generic import IndirectObject, NullObject, PdfObject, read_object

from .nodes import NotSure, Ref
from .objects import OBJECT_HEADER, Objects

__all__ = ["ObjectsReader"]

_WHITESPACE = b"\x00\t\n\x0c\r "
"""What pypdf's parser steps over before an object (pypdf's ``WHITESPACES``)."""


class ObjectsReader:
    """Enough of pypdf's ``PdfReader`` for ``IndirectObject(num, gen, self).get_object()``
    (see the module)."""

    strict = False
    """(read by pypdf's parser, as of a reader opened with ``strict=False``)"""

    def __init__(self, objects: Objects) -> None:
        self._objects = objects
        self._file = io.BytesIO(objects.data)
        self._read: dict[tuple[int, int], PdfObject] = {}

    def get_object(self, reference: int | IndirectObject) -> PdfObject:
        """The object ``reference`` names, as pypdf's reader reads it."""
        if isinstance(reference, int):
            key = (reference, 0)
        else:
            key = (reference.idnum, reference.generation)
        found = self._read.get(key)
        if found is not None:
            return found
        num, gen = key
        objects = self._objects
        if gen == 0 and num in objects.in_stream:
            # (its bytes in its object stream, from its offset to the next object's, as
            # the fast reader sliced and checked them: pypdf parses from the same offset)
            body = objects.body(Ref(num, 0))
            if body is None:
                raise NotSure(f"object {num} of an object stream is a stream")
            found = self._parsed(io.BytesIO(body), 0)
        elif key not in objects.xref:
            found = NullObject()  # (what pypdf reads for an object the file does not hold)
        else:
            offset = objects.xref[key]
            head = OBJECT_HEADER.match(objects.data, offset)
            if head is None or (int(head[1]), int(head[2])) != key:
                raise NotSure(f"object {num} {gen} is not where the cross-reference data says")
            found = self._parsed(self._file, head.end())
        if isinstance(found, IndirectObject):
            raise NotSure("an object that is a reference")
        self._read[key] = found
        return found

    def _parsed(self, data: io.BytesIO, at: int) -> PdfObject:
        """The object pypdf parses at ``at`` of ``data``, whitespace before it skipped as
        pypdf skips it after an object's header, or before an object of an object stream."""
        raw = data.getbuffer()
        try:
            while at < len(raw) and raw[at] in _WHITESPACE:
                at += 1
        finally:
            raw.release()
        data.seek(at)
        return read_object(data, self)  # type: ignore[arg-type]  # (the stand-in)
