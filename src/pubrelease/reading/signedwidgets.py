"""The widgets of a return's certificate signatures that the proof of its fill passes over.

Signing a return in Acrobat or with pyHanko adds a signature field and a widget for it to
a page: invisible (a rectangle of no size: Acrobat's and pyHanko's default), or drawing a
stamp. :mod:`.provenfill` proves that a return's annotations are the form's widgets and
nothing else; a signed return's signature widget is passed over

* when it draws nothing in any viewer: its rectangle has no width or no height, and it has
  no appearance (pyHanko's and Acrobat's invisible signature) or only appearances whose
  content is empty (PDFium draws the text of a widget of no size at a size of its own:
  "NO CONSENT" spread by its character spacing over a rectangle of no height); or
* when it is a stamp its intact signature vouches for (:mod:`.stamps`), taken off the
  copy of the file whose pages are read and rendered, and judged by where it stands
  (:func:`.stamps.stamp_findings`: over a box or the form's wording, a person looks).

It must be the widget of a field the file's signatures are in, and, as every widget the
proof reads, in no layer and with no action. Any other widget leaves the return to the
general path. What changed after each signature is judged from the file's revisions, on
every path (:mod:`.signedchanges`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..pdf.objects import Node, NotSure, Objects, Ref, Stream

if TYPE_CHECKING:
    from .signedchanges import SignedJudgement
    from .stamps import Stamp

__all__ = ["Passed", "signature_widgets"]

Passed = Callable[
    [Objects, dict[str, Node], int, int, str, tuple[float, float, float, float]], bool
]
"""Whether a widget (of the file's objects) of field ``name`` at ``index`` in page
``page``'s annotations, over ``rect`` (left, bottom, right, top), is passed over:
``(objects, widget, page, index, name, rect)``."""

SAME = 0.5
"""Points by which a stamp's rectangle, as its signature covers it, may differ."""


def signature_widgets(judged: SignedJudgement, stamps: Sequence[Stamp]) -> Passed:
    """Which widgets of a file whose signatures are ``judged``, and whose stamps
    ``stamps`` were taken off the pages read, the proof of its fill passes over."""
    fields = {signature.field for signature in judged.signatures}
    taken = {(s.page, s.index, s.field): s.rect for s in stamps if s.read_as is None}

    def passed(
        objects: Objects,
        widget: dict[str, Node],
        page: int,
        index: int,
        name: str,
        rect: tuple[float, float, float, float],
    ) -> bool:
        if name not in fields:
            return False
        if rect[2] - rect[0] <= 0 or rect[3] - rect[1] <= 0:
            return _draws_nothing(objects, widget)  # (at no size, but PDFium draws text)
        stamp = taken.get((page, index, name))
        return stamp is not None and all(
            abs(a - b) < SAME for a, b in zip(stamp, rect, strict=True)
        )

    return passed


def _draws_nothing(objects: Objects, widget: dict[str, Node]) -> bool:
    """Whether ``widget`` has no appearance, or appearances whose content is empty."""
    if "/AP" not in widget:
        return True
    try:
        appearances = objects.resolve(widget["/AP"])
        if type(appearances) is not dict:
            return False
        for entry in appearances.values():  # (/N, /D, /R: each a stream or one by state)
            value = objects.resolve(entry)
            refs = list(objects.dict_of(value).values()) if type(value) is dict else [entry]
            for ref in refs:
                if not isinstance(ref, Ref) or not isinstance(objects.resolve(ref), Stream):
                    return False
                if objects.decoded(ref, limit=1 << 16).strip():
                    return False
    except NotSure:
        return False
    return True
