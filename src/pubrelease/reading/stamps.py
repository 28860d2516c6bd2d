"""A certificate signature's visible stamp: the signer's, not a change to what the form shows.

A signature made in Acrobat or with pyHanko may be visible: its signature field's widget
draws a stamp ("Digitally signed by ... Date: ..."), added by the signing itself. Read as
part of the page, its ink was ink the form does not have (``page-differs``), its text
hidden under its own picture (``hidden-text``), and, at the foot of a page, the value of
the last field. A stamp passes out of the reading when its signature vouches for it:

- its signature is intact (it verifies and covers the file up to itself), and
- the widget, its appearance and every object they draw from are the ones that signature
  covers (none redefined in a later revision), on the page it is found on, shown.

An unsigned ``/Sig`` widget, or one whose signature is broken or whose appearance was
replaced later, is read as before: anyone may draw anything in it.

Such a stamp is taken off a copy of the file that the reading reads for what the pages
show (:func:`without_stamps`), and judged by where it stands (:func:`stamp_findings`):
over the form's wording or lines, a value box, the consent boxes or a signature box, it
hides what is under it (``stamp-covers``, a person should look: ``incomplete``); in a
blank part of the page it is told (``signature-stamp``, info), when it says no more than
who signed, when and why (:func:`unexplained_words`: "Digitally signed by ..." with its
certificate's names, dates, Acrobat's standard reasons); words besides ("Reason: I do not
agree to clause 3") are for a person (``shown-text-unchecked``). A stamp without text lying
inside a signature box stays in the reading, which reads that box as before; but
``fill --sign``'s own seal there (a frame and a speck of translucent art over the typed
signature, which shows through), known by its drawing (:mod:`.ownseal`), is taken off the
copy read and told nothing of: the typed signature under it is read as any other.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..form.definition import FieldKind, Role
from ..form.template import Form
from ..pdf.reframe import saved_copy
from ..pdf.rendering import CHANGE, Rendered, ViewMode, flatten_page
from ..record import Finding, Severity
from .ownseal import is_own_seal
from .visual import form_pages_shown

__all__ = [
    "Stamp",
    "found_on_pages",
    "inside",
    "is_at",
    "own_seal",
    "passed_stamps",
    "reordered",
    "signed_stamps",
    "stamp_findings",
    "without_stamps",
]

BUDGET = 2000
"""Objects looked at from a stamp's widget (its appearance and what it draws from)."""
NEAR = 2.0
"""Points by which a stamp may reach past a signature box and still lie inside it."""
FORM_INK = 4
"""Pixels (pt²) of the form's own ink under a stamp for it to cover the form's drawing."""
_TEXT = re.compile(rb"(?<![A-Za-z0-9_])(?:Tj|TJ)(?![A-Za-z0-9_])|[)>\]]\s*['\"]")
"""A text-showing operator in a content stream."""
_INLINE_IMAGE = re.compile(rb"(?<![A-Za-z0-9_])BI(?![A-Za-z0-9_])")
"""An inline image's start in a content stream."""
_HIDDEN = 1 | 2 | 32  # invisible, hidden, no-view
FRAME = 5
"""Pixels (at 72 dpi) inside a stamp's edge where its frame is drawn (pyHanko's: 3 pt)."""
DARK = 128
"""Grey below which a pixel is dark ink (pyHanko's stamp art behind its words is lighter)."""
BESIDE_TEXT = 12
"""Dark pixels of a stamp that no text draws, past which it draws a picture."""
Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Stamp:
    """The visible widget of an intact signature, as the signature covers it."""

    field: str
    page: int
    """The page, counted from 0."""
    index: int
    """Its place in the page's ``/Annots``."""
    rect: tuple[float, float, float, float]
    texted: bool
    """Its appearance shows text (a text operator in it or in a form it draws)."""
    words: str = ""
    """The words the page shows in its place, stamp drawn (told, never read as a value)."""
    read_as: int | None = None
    """The page of the copy read that it is on, when the copy moved the pages."""
    pictured: bool = False
    """Its appearance draws an image (a picture says what a text layer does not)."""
    sealed: bool = False
    """Its appearance is ``fill --sign``'s own seal, and nothing else (:mod:`.ownseal`)."""


def _ref(obj: Any) -> tuple[int, int] | None:
    """An indirect object's (number, generation); None for a direct one."""
    ref = getattr(obj, "reference", None)
    return None if ref is None else (int(ref.idnum), int(ref.generation))


def _walk(start: Any, signed_revision: int, xrefs: Any) -> tuple[bool, bool, bool]:
    """(every object reachable from ``start`` is as the signed revision has it, some
    content stream among them shows text, some image is drawn: an image XObject among
    them or an inline image in a content stream)."""
    from pyhanko.pdf_utils import generic

    stack: list[tuple[Any, bool]] = [(start, False)]
    seen: set[Any] = set()
    texted = pictured = False
    budget = BUDGET
    while stack:
        budget -= 1
        if budget < 0:
            return False, texted, pictured
        item, shown = stack.pop()
        if isinstance(item, generic.IndirectObject):
            ref = item.reference
            if ref in seen:
                continue
            seen.add(ref)
            if xrefs.get_last_change(ref) > signed_revision:
                return False, texted, pictured
            item = item.get_object()  # type: ignore[no-untyped-call]
        if isinstance(item, generic.StreamObject) and (
            shown or str(_got(item, "/Subtype")) == "/Form"
        ):
            texted = texted or bool(_TEXT.search(item.data))
            pictured = pictured or bool(_INLINE_IMAGE.search(item.data))
        if isinstance(item, generic.StreamObject) and str(_got(item, "/Subtype")) == "/Image":
            pictured = True
        if isinstance(item, generic.DictionaryObject):
            for key in item:
                if key not in ("/P", "/Parent", "/V", "/Kids"):
                    # an appearance state's stream draws (its /Subtype may be left out)
                    stack.append((item.raw_get(key), key in ("/N", "/D", "/R")))
        elif isinstance(item, generic.ArrayObject):
            stack.extend((item.raw_get(i), False) for i in range(len(item)))
    return True, texted, pictured


def _got(node: Any, key: str) -> Any:
    """``node[key]`` resolved; None when it has none."""
    return node[key] if key in node else None  # noqa: SIM401  (get() does not resolve)


def _pages(reader: Any) -> list[Any]:
    out: list[Any] = []
    stack = [reader.root.raw_get("/Pages")]
    seen: set[Any] = set()
    while stack and len(out) < 1000:
        item = stack.pop()
        ref = _ref(item)
        if ref is not None:
            if ref in seen:
                continue
            seen.add(ref)
        node = item.get_object()
        if "/Kids" in node:
            kids = node["/Kids"]
            stack.extend(kids.raw_get(i) for i in reversed(range(len(kids))))
        else:
            out.append(node)
    return out


def signed_stamps(reader: Any, sig: Any) -> tuple[Stamp, ...]:
    """The visible widgets of pyHanko's embedded signature ``sig`` (of ``reader``) that
    it covers (see the module); the caller knows the signature is intact."""
    from pyhanko.pdf_utils import generic

    field = sig.sig_field
    kids = _got(field, "/Kids")
    own = field.container_ref
    wanted = {(int(own.idnum), int(own.generation))} if own and "/Kids" not in field else set()
    if isinstance(kids, generic.ArrayObject):
        wanted |= {r for r in (_ref(kids.raw_get(i)) for i in range(len(kids))) if r}
    out: list[Stamp] = []
    for number, page in enumerate(_pages(reader)):
        annots = _got(page, "/Annots")
        if not isinstance(annots, generic.ArrayObject):
            continue
        for index in range(len(annots)):
            raw = annots.raw_get(index)
            ref = _ref(raw)
            if ref is None or ref not in wanted:
                continue
            widget = raw.get_object()
            flags, appearance = _got(widget, "/F"), _got(widget, "/AP")
            try:
                left, bottom, right, top = (float(v) for v in widget["/Rect"])
            except (KeyError, TypeError, ValueError):
                continue
            rect = (min(left, right), min(bottom, top), max(left, right), max(bottom, top))
            if (
                str(_got(widget, "/Subtype")) != "/Widget"
                or (isinstance(flags, int) and flags & _HIDDEN)
                or not isinstance(appearance, generic.DictionaryObject)
                or not isinstance(_got(appearance, "/N"), generic.StreamObject)
                or rect[2] - rect[0] < 1
                or rect[3] - rect[1] < 1
            ):
                continue
            covered, texted, pictured = _walk(raw, sig.signed_revision, reader.xrefs)
            if covered:
                sealed = not texted and not pictured and is_own_seal(widget, rect)
                out.append(
                    Stamp(
                        str(sig.field_name),
                        number,
                        index,
                        rect,
                        texted,
                        pictured=pictured,
                        sealed=sealed,
                    )
                )
    return tuple(out)


def inside(inner: Sequence[float], outer: Sequence[float]) -> bool:
    """Whether the rectangle ``inner`` lies inside ``outer`` (to :data:`NEAR`)."""
    return (
        inner[0] >= outer[0] - NEAR
        and inner[1] >= outer[1] - NEAR
        and inner[2] <= outer[2] + NEAR
        and inner[3] <= outer[3] + NEAR
    )


def _in_a_signature_box(stamp: Stamp, form: Form) -> bool:
    """Whether ``stamp`` lies inside a signature box of ``form``, on that box's page (the
    form's page it is on: of the copy read, when that moved the file's pages). A seal at a
    box's place on another page lies over whatever that page has there (a review drew
    ``fill --sign``'s own seal on page 1, over the wording, and nothing was said)."""
    page = stamp.read_as if stamp.read_as is not None else stamp.page
    return any(
        w.box.page == page and inside(stamp.rect, w.box.rect)
        for plan in form.fields.values()
        if plan.spec.kind is FieldKind.SIGNATURE
        for w in plan.widgets
    )


def own_seal(stamp: Stamp, form: Form) -> bool:
    """Whether ``stamp`` is ``fill --sign``'s own seal, in a signature box (see the module)."""
    return stamp.sealed and _in_a_signature_box(stamp, form)


def passed_stamps(stamps: Sequence[Stamp], form: Form) -> tuple[Stamp, ...]:
    """The stamps taken out of the reading: all but those without text inside a
    signature box, ``fill --sign``'s own seal there taken out too (see the module)."""
    return tuple(
        s
        for s in stamps
        # (on whichever page: left in the reading, it is read as before)
        if s.texted or s.sealed or not _in_a_signature_box(s, form)
    )


def is_at(page: pdfium.PdfPage, stamp: Stamp) -> bool:
    """Whether PDFium finds ``stamp``'s widget where pyHanko did (a widget, its rect)."""
    annot = pdfium_c.FPDFPage_GetAnnot(page.raw, stamp.index)
    if not annot:
        return False
    try:
        rect = pdfium_c.FS_RECTF()
        if pdfium_c.FPDFAnnot_GetSubtype(annot) != pdfium_c.FPDF_ANNOT_WIDGET:
            return False
        if not pdfium_c.FPDFAnnot_GetRect(annot, ctypes.byref(rect)):
            return False
        found = (rect.left, rect.bottom, rect.right, rect.top)
        return all(abs(a - b) < 0.5 for a, b in zip(found, stamp.rect, strict=True))
    finally:
        pdfium_c.FPDFPage_CloseAnnot(annot)


def without_stamps(data: bytes, stamps: Sequence[Stamp]) -> tuple[bytes, tuple[Stamp, ...]]:
    """``data`` with the widgets of ``stamps`` off their pages (a copy: an update
    appended, the fields left as they are), and the stamps taken off: those PDFium finds
    where pyHanko did (none: ``data`` itself)."""
    doc = pdfium.PdfDocument(data)
    taken: list[Stamp] = []
    try:
        for page, here in found_on_pages(doc, stamps):
            # from the last: taking one off moves the later ones up
            for stamp in sorted(here, key=lambda s: -s.index):
                if pdfium_c.FPDFPage_RemoveAnnot(page.raw, stamp.index):
                    taken.append(stamp)
        return (saved_copy(doc), _quoted(data, taken)) if taken else (data, ())
    finally:
        doc.close()


def found_on_pages(
    doc: pdfium.PdfDocument, stamps: Sequence[Stamp]
) -> Iterator[tuple[pdfium.PdfPage, list[Stamp]]]:
    """Each page of ``doc`` that ``stamps`` are on, loaded, with those of them PDFium finds
    where pyHanko did (:func:`is_at`); a page is closed when the next is asked for."""
    for number in sorted({s.page for s in stamps if s.page < len(doc)}):
        page = doc[number]
        try:
            yield page, [s for s in stamps if s.page == number and is_at(page, s)]
        finally:
            page.close()


def _quoted(data: bytes, stamps: list[Stamp]) -> tuple[Stamp, ...]:
    """``stamps`` with the words the page shows in each one's place (:attr:`Stamp.words`),
    and drawing a picture (:attr:`Stamp.pictured`) when they draw dark ink beside their
    text (:func:`_drawn_beside_text`)."""
    doc = pdfium.PdfDocument(data)
    out: list[Stamp] = []
    try:
        for number in sorted({s.page for s in stamps}):
            page = flatten_page(doc, doc[number], number, ViewMode.SCREEN)
            text = page.get_textpage()
            try:
                here = [s for s in stamps if s.page == number]
                words = [" ".join(text.get_text_bounded(*s.rect).split()) for s in here]
                drawn = _drawn_beside_text(page, [s.rect for s in here])  # (the text last)
                for stamp, said, beside in zip(here, words, drawn, strict=True):
                    out.append(replace(stamp, words=said, pictured=stamp.pictured or beside))
            finally:
                text.close()
                page.close()
        return tuple(out)
    finally:
        doc.close()


def _drawn_beside_text(page: pdfium.PdfPage, rects: Sequence[Box]) -> list[bool]:
    """For each rectangle of the flattened ``page``, whether it shows dark ink that no
    text draws, inside its frame (:data:`FRAME` pixels at 72 dpi): words drawn as
    outlines ("I DO NOT CONSENT", under a text layer that reads "Digitally signed by"),
    a drawn signature. The page is rendered with every text object drawn as nothing; a
    frame, and a light picture behind the words (pyHanko's stamp art), are not counted.
    Review s56."""
    for obj in page.get_objects(max_depth=16):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            pdfium_c.FPDFTextObj_SetTextRenderMode(obj.raw, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
    bare = _grey(page)
    rows, columns = bare.shape
    out = []
    for rect in rects:
        xs, ys = [], []
        for x, y in ((rect[0], rect[1]), (rect[2], rect[3])):  # (the page turned, or moved)
            dx, dy = ctypes.c_int(), ctypes.c_int()
            pdfium_c.FPDF_PageToDevice(
                page.raw, 0, 0, columns, rows, 0, x, y, ctypes.byref(dx), ctypes.byref(dy)
            )
            xs.append(dx.value)
            ys.append(dy.value)
        x0, x1 = max(0, min(xs) + FRAME), max(xs) - FRAME
        y0, y1 = max(0, min(ys) + FRAME), max(ys) - FRAME
        ink = bare[y0:y1, x0:x1] < DARK
        out.append(int(ink.sum()) > BESIDE_TEXT)
    return out


def _grey(page: pdfium.PdfPage) -> Any:
    """``page`` rendered at 72 dpi, in shades of grey (rows, columns)."""
    bitmap = page.render(scale=1, grayscale=True, may_draw_forms=False)
    try:
        pixels = bitmap.to_numpy()
        return np.array(pixels[..., 0] if pixels.ndim == 3 else pixels)
    finally:
        bitmap.close()


def reordered(stamps: tuple[Stamp, ...], order: list[int] | None) -> tuple[Stamp, ...]:
    """``stamps`` on the pages of a copy whose pages ``order`` were moved to its front
    (:func:`.pageorder.in_form_order`); as they are without an order."""
    if not order:
        return stamps

    def place(page: int) -> int:
        return (
            order.index(page) if page in order else len(order) + page - sum(p < page for p in order)
        )

    return tuple(replace(s, read_as=place(s.page)) for s in stamps)


def _overlap(a: Sequence[float], b: Sequence[float]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


def _what(name: str, form: Form) -> str:
    spec = form.fields[name].spec
    if spec.role is Role.CONSENT:
        return "the consent boxes"
    return f"the {name} box"


def _wording(form_page: Rendered, rect: tuple[float, float, float, float]) -> str | None:
    """The form's own drawing under ``rect``, quoted; None when there is none."""
    left, bottom, right, top = rect
    y0, y1, x0, x1 = form_page.pixels((left + 1, bottom + 1, right - 1, top - 1))
    ink = form_page.levels[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)]
    if int((ink > CHANGE).sum()) < FORM_INK:
        return None
    boxes = form_page.glyphs.boxes
    x, y = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
    inside = (left <= x) & (x <= right) & (bottom <= y) & (y <= top)
    glyphs = [form_page.glyphs[i] for i in np.nonzero(inside)[0].tolist()]
    text = " ".join("".join((" " if g.space_before else "") + g.char for g in glyphs).split())
    if len(text) > 60:
        text = text[:59] + "…"
    return f"the form's wording {text!r}" if text else "the form's lines"


_STAMP_TEXT = """digitally digital signed signature signatures signer signing sign by on at of the
    date time timestamp timestamped stamp reason location contact dn cn o ou c l st e
    email serialnumber serial number
    utc gmt am pm jan january feb february mar march apr april may jun june jul july aug
    august sep sept september oct october nov november dec december mon monday tue
    tuesday wed wednesday thu thursday fri friday sat saturday sun sunday"""
_STAMP_WORDS = frozenset(_STAMP_TEXT.split())
"""Words a certificate signature's stamp says of itself (Acrobat's "Digitally signed by
... Date: ... Reason: ... Location: ...", pyHanko's "Digitally signed by ... Timestamp:
..."), besides the signer's names, dates and the reasons below."""
_REASONS = (
    "i am the author of this document",
    "i have reviewed this document",
    "i am approving this document",
    "i attest to the accuracy and integrity of this document",
    "i agree to the terms defined by the placement of my signature on this document",
)
"""Acrobat's standard reasons that consent to the whole document ("I agree to specified
portions of this document" is not one: it is for a person)."""
_WORD = re.compile(r"[^\s,;:()\[\]<>\"]+")
_NUMBERS = re.compile(r"^[\d.:/+\-'’TZz]+$")
_DN = re.compile(r"^(?:cn|o|ou|c|l|st|e|email|emailaddress|serialnumber)=", re.IGNORECASE)


def unexplained_words(words: str, names: Sequence[str]) -> str:
    """The words of a stamp (``words``) that a signing stamp does not say of itself: not
    :data:`_STAMP_WORDS`, a date or time, a part of a distinguished name, an email, a
    standard reason, nor a word of ``names`` (its certificate's subject, the names the
    return gives); "" when every word is one of those."""
    text = " ".join(words.casefold().split())
    for reason in _REASONS:
        text = text.replace(reason, " ")
    known = {w.strip(".") for name in names for w in _WORD.findall(name.casefold())}
    left = [
        word
        for word in _WORD.findall(text)
        if word.strip(".") not in _STAMP_WORDS
        and word.strip(".") not in known
        and not _NUMBERS.match(word)
        and not _DN.match(word)
        and "@" not in word
    ]
    return " ".join(left)


def stamp_findings(
    stamps: Sequence[Stamp],
    form: Form,
    screen: Sequence[Rendered],
    matched: dict[int, int],
    names: Sequence[str] = (),
) -> list[Finding]:
    """What each stamp taken out of the reading stands over: ``stamp-covers`` when it
    hides the form's drawing, a value box, the consent boxes or a signature box, else
    ``signature-stamp`` (info). ``screen``: the pages rendered; ``matched``: the form's
    page each was taken for (:func:`.visual.matched_pages`)."""
    # (our own seal over the typed signature hides nothing: nothing is said of it)
    stamps = [s for s in stamps if not own_seal(s, form)]
    if not stamps:
        return []
    form_pages = form_pages_shown(form, screen, on_template=True, matched=matched)[1]
    out: list[Finding] = []
    for stamp in stamps:
        left, bottom, right, top = stamp.rect
        where = f"page {stamp.page + 1} at ({left:.0f}, {bottom:.0f})-({right:.0f}, {top:.0f}) pt"
        words = stamp.words if len(stamp.words) <= 120 else stamp.words[:119] + "…"
        reads = f" (it reads {words!r})" if words else " (no text)"
        who = f"the visible stamp of signature {stamp.field} on {where}{reads}"
        index = matched.get(stamp.page if stamp.read_as is None else stamp.read_as)
        covered: list[str] = []
        if index is not None:
            number = form.pages[index].number
            for name, plan in form.fields.items():
                if any(w.page == number and _overlap(w.box.rect, stamp.rect) for w in plan.widgets):
                    what = _what(name, form)
                    if what not in covered:
                        covered.append(what)
            wording = _wording(form_pages[index], stamp.rect)
            if wording is not None:
                covered.insert(0, wording)
        if covered:
            out.append(
                Finding(
                    "stamp-covers",
                    Severity.WARNING,
                    f"{who} covers {', '.join(covered)}: what is under it does not show as "
                    "the form has it (read without the stamp); look at the page",
                )
            )
        elif index is None or stamp.pictured or unexplained_words(stamp.words, names):
            out.append(
                Finding(
                    "shown-text-unchecked",
                    Severity.WARNING,
                    f"{who} "
                    + (
                        "stands on a page that is not one of the form's"
                        if index is None
                        else "draws a picture"
                        if stamp.pictured
                        else "stands in a blank part of the page, but says more than who "
                        "signed, when and why"
                    )
                    + ": a person should read it",
                )
            )
        else:
            out.append(
                Finding(
                    "signature-stamp",
                    Severity.INFO,
                    f"{who} stands in a blank part of the page; the page is read without it",
                )
            )
    return out
