"""A release of ours saved again whole by another program, or flattened by ``fill``: proved
to be the file ``fill`` writes for the values its issuance record holds (the speed path
of ``parse`` for such returns).

The quick path (:mod:`.quickread`) trusts only ``fill``'s own bytes. A release that qpdf,
pikepdf or pypdf's writer saved again has the same objects written otherwise (numbered
anew, compressed again, its update merged into one revision), and a release flattened by
``fill`` has its values drawn in its pages, not in widgets: both were read the general
way, every page read into text, rendered and judged character by character.

Here the file is filled again from its issuance record (about a millisecond; as ``fill``
was when it was issued, :func:`.quickread.issued_as`) and proved to be that file:

* object for object from the catalog down, by value (:func:`..pdf.byvalue.same_by_value`):
  its pages, their content, resources and fonts, its fields and widgets and their
  appearances, every stream's decoded bytes;
* page for page, rendered as a viewer shows them on screen, their widgets drawn in,
  the form's pages pixel for pixel outside the value boxes
  (:func:`.provenfill.shows_form_pages`), as a return filled by another program is.

Then its pages show what the file ``fill`` writes shows, and what each box shows is read
from that file (:func:`.quickread.quick_read`, of the release filled live when it was
flattened: the same appearances, drawn in the pages). Anything not proved returns
``None`` and the general path reads the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import PubreleaseError
from ..filling.fill import field_text
from ..filling.issuance import Issued
from ..form.template import Form
from ..pdf.byvalue import same_by_value
from ..pdf.loadedpages import LoadedPages
from ..pdf.objects import NotSure, Objects
from .issued import issuance_record
from .provenfill import shows_form_pages
from .quickread import QuickReading, filled_as, issued_as, issued_release, read_as_drawn
from .storedfields import Stored

__all__ = ["Refilled", "refilled"]


@dataclass(frozen=True, slots=True)
class Refilled:
    """What the boxes of a release proved to be ``fill``'s file show."""

    reading: QuickReading
    """The quick reading of ``fill``'s file (live: a flattened one's live twin)."""
    flattened: bool


def refilled(
    form: Form, objects: Objects, pages: LoadedPages, stored: Stored | None
) -> Refilled | None:
    """What the boxes of a file (read by ``objects``, its pages loaded as ``pages``, its
    fields' values read as ``stored``: None when it has none) show, when it is proved to
    be the file ``fill`` writes for the values its issuance record holds (see the
    module); None otherwise. A live release whose fields hold other values than ``fill``
    stores for the record's (one signed in a viewer since, the commonest return) is not
    filled again to see."""
    if form.definition.imported or len(pages) != len(form.pages):
        return None
    made: list[bytes] = []

    def same(candidate: bytes) -> bool:
        made[:] = [candidate]
        return same_by_value(objects, Objects(candidate))

    try:
        issued = issuance_record(objects)
        if issued is None or not (issued.flattened or _stored_as_issued(form, issued, stored)):
            return None
        era = issued_as(form, issued, same, flatten=issued.flattened)
        if era is None or not shows_form_pages(form, pages):
            return None
        live = filled_as(form, issued, era) if issued.flattened else made[0]
    except NotSure:
        return None
    reading = None if live is None else read_as_drawn(live, form, era)
    return None if reading is None else Refilled(reading, issued.flattened)


def _stored_as_issued(form: Form, issued: Issued, stored: Stored | None) -> bool:
    """Whether each text field's stored value is the one ``fill`` stores for the record's
    values (spaces aside)."""
    release = issued_release(issued)
    if stored is None or release is None:
        return False
    try:
        texts, _ = field_text(form, release)
    except PubreleaseError:
        return False
    return all(
        (stored.values.get(name) or None) == (" ".join(texts.get(name, "").split()) or None)
        for name, plan in form.fields.items()
        if not plan.spec.kind.boxes
    )
