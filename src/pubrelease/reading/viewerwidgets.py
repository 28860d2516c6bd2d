"""Widgets whose values viewers draw themselves, from ``/V``, read from the fields
(:mod:`.provenfill`): the font each draws in, and the appearances that draw nothing.

A widget with no appearance, or any widget of a file that asks viewers to draw its
fields again (``/NeedAppearances``), shows what each viewer draws from ``/V`` in the font
and colour its ``/DA`` names: that font must be a standard font, not embedded, for the
reading of the widgets to know what they show (the general path's findings,
:mod:`.viewerdrawn`, then say the rest).
"""

from __future__ import annotations

import re

from ..pdf.objects import Node, Objects, Ref, Stream
from .defaultappearance import plain_appearance_string
from .plaintext import plain_font
from .widgetchain import field_chain
from .widgetnodes import Unproved

__all__ = ["blank_appearance", "drawn_by_viewer", "viewer_font"]


def drawn_by_viewer(
    objects: Objects, acroform: dict[str, Node], annot: dict[str, Node], again: bool
) -> None:
    """A widget with no appearance of its own, whose value each viewer draws from ``/V``
    in the font its ``/DA`` names (plain: :func:`fixed_digest`), which must be a standard font
    (:func:`.plaintext.plain_text`'s), not embedded (raises otherwise). Nothing drawn in
    its box is in the file: what a viewer draws there is ``/V`` (the general path reads it
    so, with the finding ``viewer-drawn``). With ``again`` (``/NeedAppearances``: fillpdf
    sets an appearance on one widget of a field and leaves the others the template's), a
    widget may keep the template's blank appearance, which viewers draw again too."""
    ap = objects.resolve(annot.get("/AP"))
    if isinstance(ap, dict | Stream) and not (again and blank_appearance(objects, annot)):
        raise Unproved("an appearance beside a value drawn by viewers")
    viewer_font(objects, acroform, annot)


_BLANK = b"/Tx BMC EMC"
"""What the template's appearance of a text widget draws: nothing (``fill`` draws it
anew)."""


def blank_appearance(objects: Objects, annot: dict[str, Node]) -> bool:
    """Whether a widget's appearance is the template's blank one: a normal appearance
    alone, a form XObject drawing nothing. Under ``/NeedAppearances`` every viewer that
    honours it draws ``/V`` there (PyPDFForm's fills with ``need_appearances``, fillpdf's);
    PDFium, which the floor's render is, draws nothing."""
    ap = objects.resolve(annot.get("/AP"))
    ref = ap.get("/N") if type(ap) is dict and set(ap) == {"/N"} else None
    stream = objects.resolve(ref)
    if not isinstance(ref, Ref) or not isinstance(stream, Stream):
        return False
    return (
        stream.entries.get("/Subtype") == "/Form"
        and b" ".join(objects.decoded(ref).split()) == _BLANK
    )


def viewer_font(objects: Objects, acroform: dict[str, Node], annot: dict[str, Node]) -> None:
    """The font a viewer draws a widget's value in from ``/V`` (its ``/DA``'s, plain) is
    a standard font, not embedded (raises otherwise)."""
    da = objects.resolve(
        next((n["/DA"] for n in field_chain(objects, annot) if "/DA" in n), acroform.get("/DA"))
    )
    if not isinstance(da, str) or not plain_appearance_string(da):  # (the form's own, too)
        raise Unproved("a default appearance not plain")
    named = re.match(r"\s*/([^\s/<>\[\]()]+)\s", da)
    fonts = objects.dict_of(objects.dict_of(acroform.get("/DR")).get("/Font"))
    if named is None or not plain_font(objects.resolve(fonts.get("/" + named.group(1)))):
        raise Unproved("a value drawn by viewers in a font not standard")
