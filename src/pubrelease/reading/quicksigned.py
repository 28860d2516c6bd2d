"""A release as ``fill`` issued it, then signed with certificates and nothing else: read as
the quick path reads the release (the speed path of ``parse`` for ``fill --sign``'s files).

``fill --sign`` (:func:`..filling.certsign.sign_release`, and ``certify_release``)
appends one update per signature to the file ``fill`` wrote: a signature field, its widget
(``fill --sign``'s own seal over the signer's signature box, or nothing drawn), and the
form's ``/Fields`` and the page's ``/Annots`` naming them. Such a return was read the
general way: every page read into text, rendered and judged character by character,
28.5 ms against PDFium's floor of 3.3 ms.

Here it is read as the release ``fill`` wrote (:mod:`.quickread`), when

* its bytes up to the end of its second revision are, byte for byte, a release as ``fill``
  issues it (:func:`.quickread.quick_read`);
* its history (:func:`.history.analyse_revisions`, read before its pages as for every
  signed file) finds nothing changed after issuance: no field's value, no appearance, no
  annotation, page, catalog or form entry (signature fields aside), no active content;
* it has signatures, every one intact, none followed by a change it does not allow, and
  every revision after the release is one of theirs;
* each page's annotations are the release's, in its order, followed only by widgets of
  those signatures, each ``fill --sign``'s own seal inside a signature box
  (:mod:`.ownseal`), where PDFium finds it: the general path takes such a seal off the
  copy it reads and says nothing of it. (An invisible signature's widget, with no
  appearance, is one the general path says viewers draw themselves: read that way.)

Then the pages show what the release ``fill`` wrote shows, and the record is its quick
reading with the signatures joined, as the general path makes it
(``tests/test_quick_signed.py`` reads every case both ways). Anything else is read the
general way.
"""

from __future__ import annotations

import pypdfium2 as pdfium

from ..form.template import Form
from ..pdf.nodefonts import page_dicts
from ..pdf.objects import Node, NotSure, Objects, Ref
from ..pdf.revisions import revision_ends
from .history import RevisionReport
from .pdffile import PdfFile
from .quickread import QuickReading, quick_read
from .signedchanges import SignedJudgement
from .signedwidgets import signature_widgets
from .stamps import Stamp, found_on_pages, own_seal
from .widgetchain import field_name
from .widgetnodes import Unproved, widget_rect

__all__ = ["quick_signed"]


def quick_signed(
    data: bytes,
    form: Form,
    reader: PdfFile,
    early: tuple[RevisionReport, SignedJudgement | None] | None,
) -> QuickReading | None:
    """The quick reading of the release ``fill`` wrote that ``data`` signs (opened by the
    fast reader as ``reader``; ``early``: its history and signatures), when it is proved
    to be that release with signatures and nothing else (see the module); else None."""
    history, judged = early if early is not None else (None, None)
    if history is None or judged is None or reader.objects is None or reader.ambiguous:
        return None
    ends = revision_ends(data)
    if (
        len(ends) < 3
        or history.field_changes
        or history.modifications
        or history.active_content
        or history.appearance_changes
        or not history.template_prefix
        or history.issued_revision != 1
        or not history.page_content_matches_template
        or judged.signed_prefix is not None
        or not judged.signatures
        or not all(s.intact for s in judged.signatures)
        or {s.revision for s in judged.signatures} != set(range(2, len(ends)))
    ):
        return None
    issued = data[: ends[1]]
    quick = quick_read(issued, form)
    if quick is None:
        return None
    seals = [s for s in judged.stamps if own_seal(s, form)]  # (in a box, on its page)
    fields = sorted(s.field for s in judged.signatures)
    objects = reader.objects
    try:
        before = Objects(issued)
        if (
            not _only_signing(before, objects)
            or sorted(_added_fields(before, objects, form)) != fields
        ):
            return None
        added = _added_widgets(before, objects)
        passed = signature_widgets(judged, seals)
        sealed = []  # (each signature's field, its one widget: its seal)
        for page, index, annot in added:
            name, rect = field_name(objects, annot), widget_rect(objects, annot)
            if name not in fields or not passed(objects, annot, page, index, name, rect):
                return None
            sealed.append(name)
    except (NotSure, Unproved, ValueError, TypeError):
        return None
    if sorted(sealed) != fields:  # (a signature with no widget: viewers draw it)
        return None
    drawn = {(s.page, s.index) for s in seals}
    if drawn != {(page, index) for page, index, _ in added} or not _found(data, seals):
        return None
    return quick


_SIGNING = {
    "/Catalog": frozenset({"/Version", "/Extensions", "/Metadata", "/Perms"}),
    "/AcroForm": frozenset({"/Fields", "/SigFlags"}),
    "/Page": frozenset({"/Annots"}),
    "/Info": frozenset({"/Producer", "/ModDate"}),
}
"""What signing a release changes in the objects it had, by the kind of object: the PDF
version and the extensions and metadata declared, the certification's permissions; the
form's fields and the flag saying it is signed; a page's annotations; the program and
the date of the change in the document's information (its title a viewer may show)."""


def _only_signing(issued: Objects, signed: Objects) -> bool:
    """Whether every object of the release ``issued`` that ``signed`` defines anew is its
    catalog, its form, a page or its information dictionary, changed only where signing
    changes them (the form's fields and a page's annotations only added to): no field,
    widget, appearance, font or drawing of the release is touched."""
    root, info = issued.trailer.get("/Root"), issued.trailer.get("/Info")
    if not isinstance(root, Ref) or signed.trailer.get("/Root") != root:
        return False
    if signed.trailer.get("/Info") != info:  # (another information dictionary: its title)
        return False
    acroform = issued.dict_of(root).get("/AcroForm")
    for num, gen in issued.xref:
        ref = Ref(num, gen)
        if issued.location(ref) == signed.location(ref):
            continue
        old, new = issued.get(ref), signed.get(ref)
        if type(old) is not dict or type(new) is not dict:
            return False
        named = {root: "/Catalog", acroform: "/AcroForm", info: "/Info"}
        kind = named.get(ref, old.get("/Type"))
        allowed = _SIGNING.get(kind if isinstance(kind, str) else "", frozenset())
        if any(old.get(key) != new.get(key) for key in (old.keys() | new.keys()) - allowed):
            return False
        was, now = old.get("/Fields", ()), new.get("/Fields", ())
        if not isinstance(was, tuple) or not isinstance(now, tuple) or now[: len(was)] != was:
            return False  # (the form's fields only added to)
    return not issued.in_stream


def _added_fields(issued: Objects, signed: Objects, form: Form) -> list[str]:
    """The names of the fields ``signed`` adds to the release's form (raises unless each
    is a certificate signature's field, with no kids, named as none of the form's fields:
    a field named as one of them, signature or not, with or without a widget, is what a
    viewer or a reader takes for that field's value)."""
    was, now = (
        objects.dict_of(objects.dict_of(objects.trailer.get("/Root")).get("/AcroForm")).get(
            "/Fields", ()
        )
        for objects in (issued, signed)
    )
    if not isinstance(was, tuple) or not isinstance(now, tuple):
        raise NotSure("/Fields")
    own = {plan.spec.pdf_name for plan in form.fields.values()}
    names: list[str] = []
    for ref in now[len(was) :]:
        field = signed.resolve(ref)
        if not isinstance(ref, Ref) or type(field) is not dict:
            raise NotSure("a field")
        name = field.get("/T")
        if field.get("/FT") != "/Sig" or "/Kids" in field or "/Parent" in field:
            raise NotSure("a field that is not a signature's")
        if not isinstance(name, str) or name in own or name in names:
            raise NotSure("a field named as another")
        names.append(name)
    return names


def _annots(objects: Objects) -> list[tuple[Node, ...]]:
    """Each page's ``/Annots``, as written (references), in page order."""
    out = []
    for chain in page_dicts(objects):
        annots = objects.resolve(chain[0].get("/Annots", ()))
        if not isinstance(annots, tuple):
            raise NotSure("/Annots")
        out.append(annots)
    return out


def _added_widgets(issued: Objects, signed: Objects) -> list[tuple[int, int, dict[str, Node]]]:
    """``(page, index, widget)`` of each annotation ``signed`` has after those of the
    release ``issued`` (raises unless each page's annotations begin with the release's, in
    its order, and every one added is a widget)."""
    before, after = _annots(issued), _annots(signed)
    if len(before) != len(after):
        raise NotSure("the pages")
    out = []
    for page, (old, new) in enumerate(zip(before, after, strict=True)):
        if new[: len(old)] != old:
            raise NotSure("/Annots")
        for index in range(len(old), len(new)):
            ref = new[index]
            annot = signed.resolve(ref)
            if not isinstance(ref, Ref) or type(annot) is not dict:
                raise NotSure("an annotation")
            if annot.get("/Subtype") != "/Widget":
                raise NotSure("an annotation that is not a widget")
            out.append((page, index, annot))
    return out


def _found(data: bytes, seals: list[Stamp]) -> bool:
    """Whether PDFium finds each seal's widget where the signature has it (the general
    path takes off only those it finds)."""
    if not seals:
        return True
    doc = pdfium.PdfDocument(data)
    try:
        return sum(len(here) for _, here in found_on_pages(doc, seals)) == len(seals)
    except pdfium.PdfiumError:
        return False
    finally:
        doc.close()
