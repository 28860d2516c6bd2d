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

from .objects import Ambiguous, NotSure, Objects, check_generations, check_references

__all__ = ["ambiguity"]

_WS = rb"[\x00\t\n\x0c\r ]"
_TABLE = re.compile(rb"(?<![^\x00\t\n\x0c\r ])xref(?=%s)" % _WS)
_XREF_TYPE = re.compile(rb"/Type%s*/XRef(?![A-Za-z0-9#])" % _WS)
_HEADER = re.compile(rb"(?<![0-9])\d+%s+\d+%s+obj" % (_WS, _WS))
_BEFORE = 256
"""Bytes before an xref stream's ``/Type`` its object's header is looked for in."""


def ambiguity(data: bytes) -> str | None:
    """Why ``data`` lists some object in ways readers resolve differently (see the
    module), in any cross-reference section found in it; None when it does not."""
    reader = Objects.unread(data)
    try:
        for found in _TABLE.finditer(data):
            _read(reader, found.start())
        for found in _XREF_TYPE.finditer(data):
            window = data[max(0, found.start() - _BEFORE) : found.start()]
            headers = list(_HEADER.finditer(window))
            if headers:
                _read(reader, found.start() - len(window) + headers[-1].start())
        check_generations(reader.generations)
        check_references(data, reader.generations)
    except Ambiguous as exc:
        return str(exc)
    return None


def _read(reader: Objects, offset: int) -> None:
    try:
        reader.read_section(offset)
    except Ambiguous:
        raise
    except NotSure:
        pass  # not a section this reader can read: the chain's reader may
