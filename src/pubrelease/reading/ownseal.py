"""``fill --sign``'s own seal: the visible appearance of pubrelease's certificate signature.

:func:`..filling.certsign.sign_release` puts the signature's widget over the signer's
signature box and draws in it a seal with paths only: pyHanko's stamp art, three points
wide, at a quarter of its opacity in the middle of the box, and a frame of one point
along the box's edge; the typed signature shows through. Left in the page the reading
reads, that seal was a drawing over the typed signature that the form does not make
(:mod:`.vouching`: the box was not vouched for) and ink that ``fill``'s drawing of the
value has not: a Latin signature was read by OCR through it, one in a script OCR does not
read (Greek, Arabic, Hebrew, Devanagari, Thai, Chinese) was left to a person
(``shown-text-unchecked``), and pubrelease's own signed release was ``incomplete``.

The seal is known by its drawing, not by its name: the widget's appearance is exactly
what :func:`..filling.certsign.seal` draws for a widget of its size (the same content
stream, byte for byte, the same resources, nothing else drawn from), with no blend mode of
its own. Such a seal hides nothing (a frame on the box's edge, a speck of translucent
art), and :mod:`.stamps` takes it off the copy that is read, as it takes other signatures'
stamps, but says nothing of it; the typed signature under it is read as any other. Any
other drawing, however like it, is read as before.
"""

from __future__ import annotations

from typing import Any

__all__ = ["is_own_seal"]

_STREAM_KEYS = frozenset({"/Type", "/Subtype", "/BBox", "/Resources", "/Length", "/Filter"})
"""Keys the seal's appearance stream may have (no /Matrix, /Group, /OC...)."""
_DEPTH = 6
"""How deep the seal's resources are compared (they are two dictionaries deep)."""


class _Other:
    """What a value is taken as when it cannot be the seal's: equal to nothing."""

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


def _plain(item: Any, depth: int = _DEPTH) -> Any:
    """A pyHanko object as plain Python values (indirect objects resolved), to compare."""
    from pyhanko.pdf_utils import generic

    if depth < 0:
        return _Other()
    if isinstance(item, generic.IndirectObject):
        item = item.get_object()  # type: ignore[no-untyped-call]
    if isinstance(item, generic.StreamObject):
        return _Other()
    if isinstance(item, generic.DictionaryObject):
        return {str(key): _plain(item.raw_get(key), depth - 1) for key in item}
    if isinstance(item, generic.ArrayObject):
        return [_plain(item.raw_get(i), depth - 1) for i in range(len(item))]
    if isinstance(item, bool):
        return item
    if isinstance(item, (int, float, generic.FloatObject)):
        return float(item)
    return str(item)


def is_own_seal(widget: Any, rect: tuple[float, float, float, float]) -> bool:
    """Whether the signature widget ``widget`` (a pyHanko dictionary), at ``rect``, draws
    ``fill --sign``'s own seal and nothing else (see the module)."""
    from pyhanko.pdf_utils import generic

    from ..filling.certsign import seal

    appearance = widget["/AP"] if "/AP" in widget else None  # noqa: SIM401  (get() does not resolve)
    if "/BM" in widget or not isinstance(appearance, generic.DictionaryObject):
        return False
    if set(appearance) != {"/N"}:
        return False
    stream = appearance["/N"]
    if not isinstance(stream, generic.StreamObject) or not set(stream) <= _STREAM_KEYS:
        return False
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    box = _plain(stream.raw_get("/BBox")) if "/BBox" in stream else None
    if not isinstance(box, list) or len(box) != 4 or not all(isinstance(v, float) for v in box):
        return False
    if (min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3])) != (
        0.0,
        0.0,
        width,
        height,
    ):
        return False
    try:
        content, resources = seal(width, height)
        data = stream.data
    except Exception:  # (pyHanko cannot lay out or decode it: not ours)
        return False
    if data != content or str(stream.get("/Subtype")) != "/Form":
        return False
    mine = _plain(stream.raw_get("/Resources")) if "/Resources" in stream else None
    return bool(mine == _plain(resources))
