"""Values a viewer draws itself, in a font that has no glyphs for them.

A return whose fields have no appearance of their own (a fill that only sets ``/V``), or
that asks viewers to draw them again (``/NeedAppearances``), shows whatever each viewer
draws from the stored value in the form's default font: Helvetica, not embedded, in the
WinAnsi encoding. A letter outside it (Hebrew, Greek, Devanagari, ``ễ``, ``Ł``) has no
glyph there: PDFium and poppler draw nothing or another letter in its place ("Nguyn Th
Ngc Trm", "Zoë ukasiewicz"), MuPDF nothing at all. The stored value is then not what a
person sees: such a value is ``shown-text-unchecked``, naming the first letters a
viewer cannot draw, and the return is left to a person (``incomplete``).
"""

from __future__ import annotations

from ..form.template import Form
from ..record import Finding, Severity
from ..text import encodable
from .storedfields import Stored

__all__ = ["undrawable", "viewer_drawn"]

_SHOWN = 3
"""Letters named in a finding, at most."""


def viewer_drawn(form: Form, stored: Stored) -> list[Finding]:
    """``viewer-drawn`` when some value has no up-to-date appearance (or the file asks
    viewers to draw them all again), and :func:`undrawable`'s findings."""
    if not (stored.need_appearances or stored.drawn_by_viewer):
        return []
    which = ", ".join(sorted(stored.drawn_by_viewer)) or "the fields"
    said = f"{which}: no up-to-date appearance; viewers draw the stored values themselves"
    return [Finding("viewer-drawn", Severity.INFO, said), *undrawable(form, stored)]


def undrawable(form: Form, stored: Stored) -> list[Finding]:
    """``shown-text-unchecked`` for each text value a viewer draws itself (every one under
    ``/NeedAppearances``) that has letters the WinAnsi encoding of the form's default
    font lacks."""
    drawn = stored.drawn_by_viewer if not stored.need_appearances else frozenset(form.fields)
    out = []
    for name, plan in form.fields.items():
        value = stored.values.get(name)
        if plan.spec.kind.boxes or name not in drawn or not value:
            continue
        missing = [
            c for c in dict.fromkeys(value) if not c.isspace() and not encodable(c, "cp1252")
        ]
        if missing:
            shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in missing[:_SHOWN])
            more = f" and {len(missing) - _SHOWN} more" if len(missing) > _SHOWN else ""
            out.append(
                Finding(
                    "shown-text-unchecked",
                    Severity.WARNING,
                    f"the {name} {value!r} has no appearance of its own: viewers draw it in "
                    f"the form's default font (Helvetica, WinAnsi), which has no glyph for "
                    f"{shown}{more}: look at what the page shows there",
                )
            )
    return out
