"""Values typed over the page, not into the form's fields.

Many speakers do not fill the fields: they type over the page with their viewer's text
tool (Acrobat's Fill & Sign, macOS Preview, PDF-XChange), which writes a ``/FreeText``
annotation (:mod:`..pdf.typednotes`). The field stays empty, the page shows the value:
a person sees a signed, dated release. Where a field is empty (or unset) and its box
shows a value that a text note over the box holds (its ``/Contents`` is the text the
page shows there), the value is the page's, as it is for a flattened return, and the
finding says where it was typed (``typed-on-page``, info), not that the field and the
page disagree. A field whose value differs from what its box shows, a box showing text
no note there holds (the field's own appearance drawing a value its ``/V`` does not
have, words added beside a note), or a note whose appearance draws other words than it
holds stay a ``value-disagreement``. A consent box is ticked by a note when the reading
of the page takes its mark for a tick, as on a flattened return (:mod:`..pdf.marks`),
and the note holds a check mark (``X``, ``✓``...) or nothing; so is one under a mark
drawn over it with a pen tool (an ``/Ink`` annotation) or stamped (a ``/Stamp``), no
larger than :data:`MARK_SIZE` boxes each way: the box's empty glyph is then not taken
against the drawn tick. A mark so over the other box of an answer stored stays a
disagreement (both boxes shown ticked). Marks are read so on a live return: a flattened
return is read with its text notes alone drawn in, as before.
"""

from __future__ import annotations

from ..form.definition import Role
from ..form.template import Form
from ..pdf.loadedpages import LoadedPages
from ..pdf.marks import Mark, mark_from_glyphs
from ..pdf.typednotes import TypedNote
from ..record import Finding, Severity
from ..release import Consent
from .issued import same_value
from .storedfields import consent_of

__all__ = ["MARK_SIZE", "drawn_tick", "ticked_by_note", "typed_finding", "typed_on", "typed_values"]

Box = tuple[float, float, float, float]

MARK_SIZE = 3.0
"""How many times a box's width and height a mark drawn over it may be, at most (a pen's
cross overshoots its box; a stamp across the page is no tick)."""
ON_BOX = 0.25
"""Share of a text value box's height a note typed a little high must still cover."""


def _over(note: TypedNote, box: Box) -> bool:
    """The note stands over the box: across its middle line, sharing more than a point
    of its width; a drawn mark no larger than :data:`MARK_SIZE` boxes each way."""
    left, bottom, right, top = note.box
    middle = (box[1] + box[3]) / 2
    if note.drawn and (
        right - left > MARK_SIZE * (box[2] - box[0]) or top - bottom > MARK_SIZE * (box[3] - box[1])
    ):
        return False
    return bottom <= middle <= top and min(right, box[2]) - max(left, box[0]) > 1


def typed_on(pages: LoadedPages, count: int) -> bool:
    """Whether one of the first ``count`` pages has a text note typed on it."""
    return any(not n.drawn for p in range(min(len(pages), count)) for n in pages.typed(p))


def _on(note: TypedNote, box: Box) -> bool:
    """A text note stands on the box: across its middle line, or a little high, over at
    least :data:`ON_BOX` of its height (a value typed with its baseline just under the
    box's top, which the page's text reads in the box: :mod:`..pdf.textlines`)."""
    left, bottom, right, top = note.box
    shared = min(top, box[3]) - max(bottom, box[1])
    return _over(note, box) or (
        shared >= ON_BOX * (box[3] - box[1]) and min(right, box[2]) - max(left, box[0]) > 1
    )


def _notes(pages: LoadedPages, page: int, box: Box, *, high: bool = False) -> list[TypedNote]:
    if not 0 <= page < len(pages):
        return []
    return [note for note in pages.typed(page) if (_on if high else _over)(note, box)]


def typed_values(
    form: Form,
    pages: LoadedPages,
    stored: dict[str, str | None],
    visible: dict[str, list[str | None]],
) -> frozenset[str]:
    """The text fields whose ``stored`` value is empty while the page shows one
    (``visible``: what each of its places shows, the first read), each of whose boxes
    lies under a text note holding that value."""
    out = set()
    for name, plan in form.fields.items():
        shown = next((v for v in visible.get(name, []) if v), None)
        if plan.spec.kind.boxes or stored.get(name) or not shown:
            continue
        held = [
            any(
                not note.drawn
                and note.text.strip()
                and same_value(name, " ".join(note.text.split()), shown)
                for note in _notes(pages, widget.box.page, widget.box.rect, high=True)
            )
            for widget in plan.widgets
        ]
        if held and all(held):
            out.add(name)
    return frozenset(out)


def ticked_by_note(form: Form, pages: LoadedPages, shown: Consent) -> bool:
    """Whether the box the page shows ticked (``shown``: accept or decline) lies under a
    text note holding a check mark or nothing (its appearance the mark the page shows),
    or a mark drawn or stamped over it."""
    spec = form.definition.by_role(Role.CONSENT)
    if spec is None or shown not in (Consent.ACCEPT, Consent.DECLINE):
        return False
    states = [
        w.box.state
        for w in form.fields[spec.name].widgets
        if w.box.state is not None and consent_of(w.box.state, spec) is shown
    ]
    return bool(states) and all(_ticked(form, pages, state, False) for state in states)


def drawn_tick(form: Form, pages: LoadedPages, state: str) -> bool:
    """Whether the consent box of ``state`` lies under a mark drawn with a pen tool or
    stamped over it (not typed), holding a check mark or no text."""
    return _ticked(form, pages, state, True)


def _ticked(form: Form, pages: LoadedPages, state: str, drawn: bool) -> bool:
    """Whether every consent box of ``state`` lies under a note (only a drawn one, when
    ``drawn``) holding a check mark or nothing."""
    spec = form.definition.by_role(Role.CONSENT)
    if spec is None:
        return False
    boxes = [w.box for w in form.fields[spec.name].widgets if w.box.state == state]
    return bool(boxes) and all(
        any(
            mark_from_glyphs(note.text) in (Mark.CHECKED, Mark.ABSENT)
            for note in _notes(pages, box.page, box.rect)
            if note.drawn or not drawn
        )
        for box in boxes
    )


def typed_finding(fields: list[str]) -> Finding:
    """``typed-on-page`` for the fields whose values were typed over the page (or, for
    ``["consent"]``, the answer ticked by a note over its box)."""
    if fields == ["consent"]:
        what = "consent: its box ticked by a mark typed, drawn or stamped over it"
        how = "a viewer's text, pen or stamp tool (an annotation)"
        found = "no box ticked"
    else:
        what = f"{', '.join(fields)}: typed over the empty field{'s' * (len(fields) > 1)}"
        how = "a viewer's text tool (a text annotation)"
        found = "it empty" if len(fields) == 1 else "them empty"
    return Finding(
        "typed-on-page",
        Severity.INFO,
        f"{what} with {how}, not into the form's field: read from what the page shows; a "
        f"program that reads the form's fields finds {found}",
    )
