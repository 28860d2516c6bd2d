"""What viewers show each their own way, from the file's objects: page boxes that are not
four numbers, optional content whose state each viewer sets its own way, form widgets of
no field, annotations whose appearance states none is chosen, annotations drawn at an
opacity viewers apply each their own way, annotations viewers swing upright on a turned
page, annotations drawn in a symbol font named in an encoding of text (poppler draws
nothing), form fields viewers draw again in a font or colour that does not show their value,
values some viewer shows in place of a field's own, annotations whose appearance PDFium's
flattening leaves out or draws otherwise, knockout groups, overprint, transfer functions
and PostScript XObjects, fonts whose cmap subtables disagree or give a code two widths,
a linearized first page that is not the page tree's (``viewers-disagree``);
notes whose rich text says other words than they hold, and words viewers show beside the
page (outline, notes, title) (``shown-text-unchecked``: a person should look)."""

from __future__ import annotations

from ..form.template import Form
from ..pdf.cmapsplit import split_fonts
from ..pdf.contentapart import content_apart
from ..pdf.devicepaint import device_paint
from ..pdf.knockout import knockout_pages
from ..pdf.linearized import other_first_page
from ..pdf.optionalcontent import disputed_groups
from ..pdf.orphanwidgets import orphan_widgets
from ..pdf.pageboxes import malformed_boxes
from ..pdf.pypdfobjects import PypdfObjects
from ..pdf.redrawnfields import form_layer_widgets, redrawn_widgets, shadowed_values
from ..pdf.swungnotes import swung_annotations
from ..pdf.symbolnames import symbols_by_name, symbols_in_content
from ..pdf.unchosenstates import unchosen_states
from ..pdf.unevennotes import uneven_notes
from ..pdf.unflattened import unflattened_annotations
from ..pdf.widthclash import two_widths
from ..record import Finding, Severity
from .besidepage import beside_page
from .pdffile import PdfFile

__all__ = ["viewer_disagreements"]


def viewer_disagreements(
    file: PdfFile, max_pages: int, form: Form, on_template: bool, *, proved: bool = False
) -> list[Finding]:
    """``viewers-disagree`` for page boxes viewers read each their own way
    (:mod:`..pdf.pageboxes`), optional content they show each their own way
    (:mod:`..pdf.optionalcontent`), widgets of no field (:mod:`..pdf.orphanwidgets`),
    annotations none of whose appearance states is chosen (:mod:`..pdf.unchosenstates`)
    or that viewers swing upright on a turned page (:mod:`..pdf.swungnotes`), annotations
    drawn at an opacity, blend or mask viewers apply each their own way
    (:mod:`..pdf.unevennotes`), annotations the flattening does not draw as viewers do
    (:mod:`..pdf.unflattened`), knockout groups (:mod:`..pdf.knockout`), paint that only
    some devices show (overprint, transfer functions, PostScript: :mod:`..pdf.devicepaint`),
    fonts whose
    ``cmap`` subtables disagree (:mod:`..pdf.cmapsplit`) or whose ``/W`` gives a code two
    widths (:mod:`..pdf.widthclash`), a linearized first page that is
    not the page tree's (:mod:`..pdf.linearized`), on the first ``max_pages`` pages; form
    fields viewers draw otherwise than their values read (:mod:`..pdf.redrawnfields`);
    ``shown-text-unchecked`` for a note whose rich text is not the text it holds, and for
    the words viewers show beside the page (:mod:`.besidepage`; ``form``'s title, and
    whether the file is ``on_template``, tell which title is the form's); a clip set with no
    path, which MuPDF alone takes as clipping everything, or an operator given another
    number of operands than it takes (:mod:`..pdf.contentapart`: not looked for when the
    file's drawings are ``proved`` by a reading that refuses both). The
    ``file``'s objects are the fast reader's, or pypdf's when the fast reader cannot vouch
    for it (:mod:`..pdf.pypdfobjects`)."""
    objects = file.objects if file.objects is not None else PypdfObjects(file.reader)
    boxes = [
        Finding(
            "viewers-disagree",
            Severity.ERROR,
            f"page {number + 1}: its {key[1:]} is {written}, not four numbers: each viewer "
            "repairs it its own way and shows another part of the page",
        )
        for number, key, written in malformed_boxes(objects, max_pages)
    ]
    orphans = [
        f"page {number + 1}: {count} form widget{'s' * (count > 1)} of no field of the "
        "document's form (a page merged or copied without its form): poppler and pdf.js "
        "draw them, PDFium leaves them blank, MuPDF draws some"
        for number, count in orphan_widgets(objects, max_pages)
    ]
    unchosen = [
        f"page {number + 1}: {count} annotation{'s' * (count > 1)} whose appearance is a "
        "set of states none of which is chosen, or in optional content: PDFium and MuPDF "
        "or poppler each draw it their own way"
        for number, count in unchosen_states(objects, max_pages)
    ]
    uneven = uneven_notes(objects, max_pages)
    faint = [
        f"page {n.page + 1}: a {n.subtype} annotation at {n.rect} holding {n.words!r}, {n.why}"
        for n in uneven
        if n.why
    ]
    swung = [
        f"page {number + 1}: {count} annotation{'s' * (count > 1)} flagged NoRotate on a "
        "turned page: poppler, MuPDF and Chrome swing it upright about its corner, onto "
        "another part of the page; pdf.js leaves it where it stands"
        for number, count in swung_annotations(objects, max_pages)
    ]
    symbols = [
        f"page {number + 1}: {count} annotation{'s' * (count > 1)} (a box's tick) drawn in "
        "ZapfDingbats or Symbol named in an encoding of text, for whose names the font has "
        "no glyph: PDFium, MuPDF and pdf.js draw its symbols, poppler (Evince, Okular) "
        "nothing"
        for number, count in symbols_by_name(objects, max_pages)
    ] + [
        f"page {number + 1}: its content draws in ZapfDingbats or Symbol named in an "
        "encoding of text (a box's tick flattened into the page), for whose names the font "
        "has no glyph: PDFium, MuPDF and pdf.js draw its symbols, poppler (Evince, Okular) "
        "nothing"
        for number in symbols_in_content(objects, max_pages)
    ]
    redrawn_whys = redrawn_widgets(objects)
    redrawn = [
        f"the field {name} is drawn again from its value by poppler, Chrome and Acrobat, but {why}"
        for name, why in redrawn_whys
    ]
    shadowed = [
        f"the field {name} shows another value in some viewers (pdf.js, Firefox): {why}"
        for name, why in shadowed_values(objects)
    ]
    redrawn_names = {name for name, _ in redrawn_whys}
    shadowed += [
        f"the field {name} is drawn by Firefox (pdf.js) from its value, not as its "
        f"appearance shows it, and {why}"
        for name, why in form_layer_widgets(objects)
        if name not in redrawn_names  # (said once: every viewer redraws it)
    ]
    unflattened = [
        f"page {number + 1}: {why}" for number, why in unflattened_annotations(objects, max_pages)
    ]
    otherwise = [
        f"page {number + 1}: a knockout transparency group: MuPDF and Acrobat show what "
        "it lets through, PDFium, poppler and pdf.js paint over it"
        for number in knockout_pages(objects, max_pages)
    ]
    otherwise += [f"page {number + 1}: {what}" for number, what in device_paint(objects, max_pages)]
    otherwise += [
        f"page {number + 1}: the font {base} draws {''.join(chars)!r} by the code (its symbol "
        "or Mac cmap) as other glyphs than by the character (its Unicode cmap): MuPDF and "
        "pdf.js may show the one, PDFium and poppler show the other"
        for number, base, chars in split_fonts(objects, max_pages)
    ]
    otherwise += [
        f"page {number + 1}: the font {base} gives {len(codes)} code(s) two widths "
        f"(code {codes[0]} first): PDFium and MuPDF set the text by the first width, "
        "poppler by the last, so its letters stand apart otherwise in each"
        for number, base, codes in two_widths(objects, max_pages)
    ]
    if not proved:
        otherwise += content_apart(objects, max_pages)
    first = other_first_page(objects, file.data)
    if first is not None:
        otherwise.append(
            f"page 1: the linearization dictionary names object {first[0]} as the first "
            f"page, the page tree object {first[1]}: poppler and pdf.js show the one, "
            "PDFium and MuPDF the other"
        )
    rich = [
        Finding(
            "shown-text-unchecked",
            Severity.WARNING,
            f"page {n.page + 1}: a {n.subtype} annotation at {n.rect} holds {n.words!r} but "
            f"its rich text (/RC), from which Acrobat lays it out again when it is edited, "
            f"says {n.rich!r}: a person should look at it",
        )
        for n in uneven
        if not n.why
    ]
    return (
        boxes
        + [
            Finding("viewers-disagree", Severity.ERROR, why)
            for why in disputed_groups(objects)
            + orphans
            + unchosen
            + faint
            + swung
            + symbols
            + redrawn
            + shadowed
            + unflattened
            + otherwise
        ]
        + rich
        + beside_page(objects, max_pages, form, on_template)
    )
