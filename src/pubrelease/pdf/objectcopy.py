"""Objects of one file copied into an incremental update of another, numbered anew.

pypdf's ``PdfWriter(clone_from=...)`` copies every object of the file it extends, then
writes them all again: some twenty milliseconds for a two-page form, spent on each print
whose fonts are new (:mod:`..reading.printreference`). Here only the objects that change
are written, after the other file's bytes, untouched (:func:`.writer.write_update`); the
objects copied keep what they hold, stream data as stored (its filters named as they
were), and each reference among them points at its copy.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
)

from .nodes import Ref

__all__ = ["MAX_STORED", "copied", "serialised"]

MAX_STORED = 32 * 1024 * 1024
"""Bytes of stream data copied at most (a font's program is some tens of kilobytes; a
reader that resolves many numbers to one large stream does not copy it again and again
past this)."""


def serialised(obj: PdfObject) -> bytes:
    """The body of an object as a file holds it (references written as they are)."""
    out = io.BytesIO()
    obj.write_to_stream(out)
    return out.getvalue()


class _Copies:
    def __init__(self, reader: PdfReader, first: int, limit: int) -> None:
        self.reader = reader
        self.numbers: dict[Ref, int] = {}
        self.todo: list[Ref] = []
        self.first = first
        self.limit = limit
        self.stored = 0
        """Bytes of stream data copied so far (at most :data:`MAX_STORED`)."""

    def number(self, ref: Ref) -> int:
        if ref not in self.numbers:
            if len(self.numbers) >= self.limit:
                raise ValueError(f"more than {self.limit} objects to copy")
            self.numbers[ref] = self.first + len(self.numbers)
            self.todo.append(ref)
        return self.numbers[ref]

    def pointing(self, obj: Any) -> Any:
        """``obj`` with each reference it holds pointing at its copy (a stream's
        dictionary only)."""
        if isinstance(obj, IndirectObject):
            return IndirectObject(self.number(Ref(obj.idnum, obj.generation)), 0, None)
        if isinstance(obj, DictionaryObject):
            out = DictionaryObject()
            for key, value in obj.items():
                out[NameObject(key)] = self.pointing(value)
            return out
        if isinstance(obj, ArrayObject):
            return ArrayObject(self.pointing(v) for v in obj)
        return obj

    def body(self, ref: Ref) -> bytes:
        obj = IndirectObject(ref.num, ref.gen, self.reader).get_object()
        if obj is None:
            return b"null"
        if isinstance(obj, StreamObject):
            entries = DictionaryObject(obj)
            entries.pop("/Length", None)
            head = self.pointing(entries)
            raw = bytes(obj._data)  # the data as stored: its /Filter still names its filters
            self.stored += len(raw)
            if self.stored > MAX_STORED:
                raise ValueError(f"more than {MAX_STORED} bytes of streams to copy")
            head[NameObject("/Length")] = NumberObject(len(raw))
            return serialised(head) + b"\nstream\n" + raw + b"\nendstream"
        return serialised(self.pointing(obj))


def copied(
    reader: PdfReader, refs: Iterable[Ref], first: int, *, limit: int
) -> tuple[dict[Ref, int], dict[int, bytes]]:
    """The objects of ``reader``'s file that ``refs`` lead to, numbered from ``first``:
    each one's new number, and the new numbers' bodies. ``ValueError`` past ``limit``
    objects."""
    copies = _Copies(reader, first, limit)
    for ref in refs:
        copies.number(ref)
    bodies: dict[int, bytes] = {}
    while copies.todo:
        ref = copies.todo.pop()
        bodies[copies.numbers[ref]] = copies.body(ref)
    return copies.numbers, bodies
