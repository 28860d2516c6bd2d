"""Words a viewer shows beside the page (:mod:`..pdf.besidepage`), quoted for a person.

An outline item, a note or a window title is read by whoever opens the return, and by no
check of what it says: each is quoted in a ``shown-text-unchecked`` warning, which leaves
the return ``incomplete`` for a person to read. The document's title counts when the
form's own title was changed on a return of our template (``fill`` writes it, every
honest re-save keeps it), or when the file asks viewers to show it in place of its name.
"""

from __future__ import annotations

from ..form.template import Form
from ..pdf.besidepage import MAX_QUOTED, document_title, outline_titles, shown_notes
from ..pdf.objects import Objects
from ..record import Finding, Severity

__all__ = ["beside_page"]


def beside_page(objects: Objects, max_pages: int, form: Form, on_template: bool) -> list[Finding]:
    """``shown-text-unchecked`` for the outline's items, the notes viewers show or list
    on the first ``max_pages`` pages, and a document title other than ``form``'s (on a
    layout, not ``on_template``, only when the file asks viewers to show it)."""
    shown = [f"outline item {title!r}" for title in outline_titles(objects)]
    shown += [
        f"a note on page {number + 1}: {words!r}"
        for number, words in shown_notes(objects, max_pages)
    ]
    title = document_title(objects)
    if title is not None and title[0] != form.definition.title and (on_template or title[1]):
        shown.append(f"the document's title {title[0]!r}")
    if not shown:
        return []
    return [
        Finding(
            "shown-text-unchecked",
            Severity.WARNING,
            "words a viewer shows beside the page, which no check reads: "
            + "; ".join(shown)
            + f" (at most {MAX_QUOTED} of each quoted)" * (len(shown) >= MAX_QUOTED),
        )
    ]
