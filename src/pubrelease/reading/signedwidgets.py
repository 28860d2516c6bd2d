"""The widgets of a return's certificate signatures that the proof of its fill passes over.

Signing a return in Acrobat or with pyHanko adds a signature field and a widget for it to
a page: invisible (a rectangle of no size: Acrobat's and pyHanko's default), or drawing a
stamp. :mod:`.provenfill` proves that a return's annotations are the form's widgets and
nothing else; a signed return's signature widget is passed over

* when it draws nothing in any viewer: its rectangle has no width or no height, so its
  appearance, whatever it is, is drawn at no size; or
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

if TYPE_CHECKING:
    from .signedchanges import SignedJudgement
    from .stamps import Stamp

__all__ = ["Passed", "signature_widgets"]

Passed = Callable[[int, int, str, tuple[float, float, float, float]], bool]
"""Whether the widget of field ``name`` at ``index`` in page ``page``'s annotations, over
``rect`` (left, bottom, right, top), is passed over: ``(page, index, name, rect)``."""

SAME = 0.5
"""Points by which a stamp's rectangle, as its signature covers it, may differ."""


def signature_widgets(judged: SignedJudgement, stamps: Sequence[Stamp]) -> Passed:
    """Which widgets of a file whose signatures are ``judged``, and whose stamps
    ``stamps`` were taken off the pages read, the proof of its fill passes over."""
    fields = {signature.field for signature in judged.signatures}
    taken = {(s.page, s.index, s.field): s.rect for s in stamps if s.read_as is None}

    def passed(page: int, index: int, name: str, rect: tuple[float, float, float, float]) -> bool:
        if name not in fields:
            return False
        if rect[2] - rect[0] <= 0 or rect[3] - rect[1] <= 0:
            return True  # (drawn at no size)
        stamp = taken.get((page, index, name))
        return stamp is not None and all(
            abs(a - b) < SAME for a, b in zip(stamp, rect, strict=True)
        )

    return passed
