"""Whether a file's content can set a clip by the even-odd rule (``W*``), which PDFium's
page object calls do not tell (:func:`nonzero_clips_only`); from
:mod:`.pageobjects`, whose clip paths it qualifies."""

from __future__ import annotations

from collections.abc import Iterator

from .eachstream import StreamKey, stream_answers
from .kept import Kept
from .nodes import NotSure, Ref, Stream
from .objects import Objects

__all__ = ["MAX_SPOILS", "nonzero_clips_only"]

_WHITESPACE = b"\0\t\n\f\r "
_IMAGE_FILTERS = frozenset({"/DCTDecode", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode"})
"""Filters PDFium undoes for images only: a stream drawn as content under one of them is
parsed as its stored bytes."""


MAX_SPOILS = 1024
_SPOILS: Kept[StreamKey, bool] = Kept(MAX_SPOILS)
"""Whether a stream may set an even-odd clip (:func:`nonzero_clips_only`), by its stored
bytes' digest, its filters, its decoding parameters and the decoded bytes' limit: what
the answer is made from (a form's returns share their fonts and appearances)."""


def _spoils(data: bytes) -> bool:
    """Whether a stream's content ``data`` may set a clip by the even-odd rule, alone or
    split across a page's content streams (see :func:`nonzero_clips_only`)."""
    data = data.strip(_WHITESPACE)
    return b"W*" in data or data.startswith(b"*") or data.endswith(b"W")


def nonzero_clips_only(objects: Objects | None) -> bool:
    """Whether no content of the file (``objects``: as the fast reader read it) can set a
    clip by the even-odd rule: no stream of the file holds the operator ``W*``, nor
    starts with ``*`` or ends with ``W`` (split across a page's content streams). Every
    stream is looked at, whatever its dictionary says it is (PDFium draws an appearance
    stream as a form whatever its ``/Subtype``): decoded, or as stored under an image
    filter; a stream the reader cannot decode, or no reader, is taken as may. (A font
    program or an image may hold those bytes by chance: then the clip stays unknown.)
    Each stream's answer is remembered by what it is made from (:data:`_SPOILS`): a
    stream met before is not decoded again."""
    if objects is None:
        return False
    from pypdf.filters import get_configuration  # type: ignore[attr-defined]

    limit = int(get_configuration().zlib_maximum_output_length)  # (decoded()'s own)

    def spoils(ref: Ref, node: Stream) -> bool:
        chain = node.entries.get("/Filter")
        names = chain if isinstance(chain, tuple) else (chain,)
        image = any(name in _IMAGE_FILTERS for name in names)
        return _spoils(objects.raw(ref) if image else objects.decoded(ref, limit))

    try:
        answers: Iterator[bool] = stream_answers(objects, spoils, _SPOILS, limit)
        return not any(answers)
    except NotSure:
        return False
