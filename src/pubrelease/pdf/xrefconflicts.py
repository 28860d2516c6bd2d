"""Cross-reference data that readers resolve to different objects, wherever it is.

A reader finds an object through the file's cross-reference sections. Where they list
an object twice, readers part ways: in one section, PDFium takes the last entry, pypdf
and poppler the first; under two generations, PDFium takes the highest whatever the
reference says, pypdf the one the reference names. A file built that way shows one
document in a viewer and gives another to every reader that checks it (the values, the
fonts, the appearance streams read from the honest objects while PDFium draws the
others). :class:`~.objects.Objects` refuses such a file on its chain of sections
(:class:`~.objects.Ambiguous`); :func:`ambiguity` looks at every section anywhere in
the file, for the files that reader does not read for other reasons (then pypdf does,
and it sees nothing of it).
"""

from __future__ import annotations

import re

from .objects import OBJECT_HEADER, Ambiguous, NotSure, Objects
from .xrefrules import check_generations, check_references

__all__ = ["ambiguity"]

_WS = rb"[\x00\t\n\x0c\r ]"
_TABLE = re.compile(rb"(?<![^\x00\t\n\x0c\r ])xref(?=%s)" % _WS)
_XREF_TYPE = re.compile(rb"/Type%s*/XRef(?![A-Za-z0-9#])" % _WS)
_HEADER = re.compile(rb"(?<![0-9])\d+%s+\d+%s+obj" % (_WS, _WS))
_BODY = re.compile(rb"(?<![^\x00\t\n\x0c\r ])(\d+)%s+(\d+)%s+obj(?![A-Za-z0-9])" % (_WS, _WS))
_BEFORE = 256
"""Bytes before an xref stream's ``/Type`` its object's header is looked for in."""


def ambiguity(data: bytes) -> str | None:
    """Why ``data`` lists some object in ways readers resolve differently (see the
    module), in any cross-reference section found in it; None when it does not."""
    reader = Objects.unread(data)
    sections = [found.start() for found in _TABLE.finditer(data)]
    for found in _XREF_TYPE.finditer(data):
        window = data[max(0, found.start() - _BEFORE) : found.start()]
        headers = list(_HEADER.finditer(window))
        if headers:
            sections.append(found.start() - len(window) + headers[-1].start())
    try:
        for offset in sorted(sections, reverse=True):  # the latest first, as updates stand
            _read(reader, offset)
        try:
            check_generations(reader.generations)
            check_references(data, reader.generations)
        except Ambiguous:
            if not _live_alike(data, set(sections)):
                raise
        return _rebuilt(data, reader.xref)
    except Ambiguous as exc:
        return str(exc)


_LAST = re.compile(
    rb"startxref%s+\d+%s+%%%%EOF(?=(?:(?!startxref|%%%%EOF).)*\Z)" % (_WS, _WS), re.S
)
"""The last ``startxref`` and its ``%%EOF``, the file's last, nothing of either after."""


def _live_alike(data: bytes, sections: set[int]) -> bool:
    """Whether the numbers listed under two generations are named by nothing live, as
    poppler's saves list the appearance streams they replaced (with bytes after their
    end, such a save is read here): True where the fast reader reads the file up to its
    last ``%%EOF`` (the ``startxref`` PDFium and pypdf both take; its walk from the
    trailer raises :class:`Ambiguous` for a live reference readers resolve otherwise:
    :meth:`~.objects.Objects.check_live`) and every section found in the bytes is on
    its chain. A section off the chain, or a cross-reference stream a table names
    (``/XRefStm``): False, the numbers are ambiguous as before (a review of session 60:
    a section written after the one ``startxref`` names, and older on its chain, listed
    a harmless copy of the widget a walk by offsets read)."""
    last = _LAST.search(data, max(0, len(data) - 4096))
    if last is None:
        return False
    try:
        chain = Objects(data, last.end())
    except NotSure:
        return False
    return chain.sections == sections and "/Root" in chain.trailer


def _rebuilt(data: bytes, listed: dict[tuple[int, int], int]) -> str | None:
    """Where some listed entry is not at its object, PDFium, MuPDF and poppler rebuild
    the cross-reference data from the objects' bodies (the last body of a number wins);
    pypdf mends only the entries that are wrong. Why they would read some object from
    different bodies then (``listed``: the latest entry of each object); None if not."""
    broken = [
        (num, gen)
        for (num, gen), at in listed.items()
        if not (head := OBJECT_HEADER.match(data, at)) or (int(head[1]), int(head[2])) != (num, gen)
    ]
    if not broken:
        return None
    last: dict[int, int] = {}
    bodies: dict[int, int] = {}
    for body in _BODY.finditer(data):
        last[int(body[1])] = body.start(1)
        bodies[int(body[1])] = bodies.get(int(body[1]), 0) + 1
    for num, _ in broken:  # mended by pypdf from its first body, by the others the last
        if bodies.get(num, 0) > 1:
            return (
                f"object {num} is not where the cross-reference data lists it and has "
                "several bodies: viewers rebuild the data and read the last, pypdf another"
            )
    for (num, gen), at in sorted(listed.items()):
        if (num, gen) in broken:
            continue
        head = OBJECT_HEADER.match(data, at)
        start = head.start(1) if head else at  # the body's number, past any whitespace
        if last.get(num, start) != start:
            return (
                f"object {num} has a later body than the one listed, and the cross-reference "
                f"data is damaged (object {broken[0][0]} is not where it is listed): viewers "
                "rebuild it and read the later body, pypdf the listed one"
            )
    return None


def _read(reader: Objects, offset: int) -> None:
    try:
        reader.read_section(offset)
    except Ambiguous:
        raise
    except NotSure:
        pass  # not a section this reader can read: the chain's reader may
