"""The revisions of a returned release: what changed after it was issued.

``fill`` issues a release as the template's bytes plus one incremental update; a viewer
that saves it appends another update (Acrobat) or rewrites the whole file (most others).
:func:`analyse_revisions` cuts the file at the ``%%EOF`` that ends each revision, reads
every revision with pypdf and compares each with the one before, from the revision that
added the issuance record (``/PubRelease``) on, or from the first when there is none:
field values that changed, and anything else that changed (page content and boxes,
annotations, pages, widgets, fields, the catalog). It lists the active content of the
last revision (never running it) and tells whether the pages still carry the template's
content, so that a caller can skip comparing the text.

Revisions count from 0, the original file. A rewritten file has one revision: its
history is gone, so ``issued_revision`` is 0 when it still carries the issuance record.
Bytes after the last ``%%EOF`` that hold no PDF syntax are ignored, as viewers ignore
them; an unfinished update there is a modification. An object is parsed once per place
in the file: one that a later revision does not redefine is not read again, and content
streams are decoded only when a page's content objects changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pypdf import PdfReader

from ..form.definition import FieldKind, Party
from ..form.template import Form
from ..pdf.activecontent import Annotation, active_content
from ..pdf.objects import NotSure, Objects
from ..pdf.revisions import (
    SYNTAX,
    Cache,
    Node,
    Revision,
    format_rect,
    open_revision,
    overlap,
    problem,
    revision_ends,
)
from .resources import ResourceComparison

if TYPE_CHECKING:
    from .pdffile import PdfFile
from .snapshots import (
    Annot,
    PageSnapshot,
    Snapshot,
    matches_template,
    page_content,
    snapshot,
    template_pages,
)

__all__ = [
    "BLANK_ADDED",
    "MAX_REVISIONS",
    "PICTURED",
    "REDRAWN",
    "TYPED_OVER",
    "AppearanceChange",
    "FieldChange",
    "RevisionReport",
    "analyse_revisions",
]

MAX_REVISIONS = 50
"""Revisions compared one by one; beyond this the last one is compared with the 49th."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A field whose value differs from the revision before."""

    field: str
    """The field's fully qualified name, e.g. ``consent``."""
    revision: int
    """The revision that changed it (0 is the original file)."""
    before: str | None
    """The value before, as text: a box field's state name (``Accept``, ``Off``); None when empty.

    A box field whose boxes show another state than its value reads e.g.
    ``Accept (boxes show Decline)``.
    """
    after: str | None
    """The value after, as ``before``."""


@dataclass(frozen=True, slots=True)
class AppearanceChange:
    """A widget whose appearance streams differ from the revision before."""

    field: str | None
    """The field the widget belongs to (None: another annotation)."""
    page: int
    """The page, counted from 1."""
    revision: int


@dataclass(frozen=True, slots=True)
class RevisionReport:
    """What the revisions of one file show."""

    revisions: int
    """The number of revisions (1: a single, non-incremental file)."""
    template_prefix: bool
    """The file starts with the form's template bytes exactly."""
    issued_revision: int | None
    """The first revision that carries the issuance record; 0 for a rewritten release."""
    field_changes: tuple[FieldChange, ...]
    """Changes of field values after the issued revision (after revision 0 without one)."""
    modifications: tuple[str, ...]
    """Other changes after issuance, each with its revision; unreadable revisions."""
    modified_in: tuple[int, ...]
    """The revision of each of ``modifications``, in the same order."""
    active_content: tuple[str, ...]
    """Scripts, launch and submit actions, embedded files, multimedia, XFA (never run)."""
    appearance_changes: tuple[AppearanceChange, ...]
    """Widgets and annotations whose appearance changed after issuance (with or without
    their value: a caller judging a signed file needs both)."""
    signature_fields: tuple[str, ...]
    """The certificate-signature (``/Sig``) fields of the last revision."""
    page_content_matches_template: bool
    """Every page of the last revision draws the template's content (plus, flattened, only
    Form XObjects through ``q ... cm /Name Do Q``), with the template's fonts and boxes."""


BLANK_ADDED = "blank"
"""What the pages added by an update are said to be when none shows or holds anything."""
TYPED_OVER = " over the speaker's own boxes"
"""What a modification says of a text note added over the speaker's own boxes alone."""
REDRAWN = " was redrawn while its value stayed "
"""How a widget drawn anew with its field's value unchanged is named (a form filler such
as PDFium's redraws every widget of the page it edits)."""
PICTURED = " over the speaker's signature box alone, a picture"
"""What a modification says of a stamp added over the speaker's signature box alone: a
picture of a signature (Firefox's image and signature tools write one), which the reading
takes for ink in the box, as a pen's, but cannot read: a picture may show words."""


# -- one revision, summarised ---------------------------------------------------------------


# -- comparing two revisions --------------------------------------------------------------

_FLAGS = {1: "invisible", 2: "hidden", 4: "print", 32: "no-view", 64: "read-only", 128: "locked"}
_CATALOG_SKIPPED = {
    "/Type",
    "/Pages",
    "/AcroForm",
    "/Metadata",
    "/Version",
    "/Extensions",
    "/DSS",
    "/Perms",
}
"""Pages and the form are compared on their own; the others do not change what is shown
(``/DSS`` holds validation data, ``/Perms`` a certification signature's DocMDP reference)."""
_ACROFORM_SKIPPED = {"/NeedAppearances", "/DR", "/Fields", "/SigFlags"}
"""Viewers set these when they fill fields or sign; fields are compared on their own."""


def _same_content(old: Snapshot, a: PageSnapshot, new: Snapshot, b: PageSnapshot) -> bool:
    if a.contents == b.contents and all(old.rev.loc(r) == new.rev.loc(r) for r in a.contents):
        return True
    return page_content(old.rev, a) == page_content(new.rev, b)


def _what(annot: Annot) -> str:
    if annot.owner is not None:
        return f"widget of field {annot.owner} at {format_rect(annot.rect)}"
    return f"annotation ({annot.subtype}, rect {format_rect(annot.rect)})"


def _word(key: str, old: dict[str, Node], new: dict[str, Node]) -> str:
    return "added" if key not in old else "removed" if key not in new else "changed"


def _signature_widget_covers(
    widget: Annot, page: PageSnapshot, signatures: frozenset[str], n: int, boxes: frozenset[str]
) -> list[str]:
    """A new signature field's widget is allowed where it covers no other field's widget
    except the signature boxes ``boxes`` (a typed signature box it signs in)."""
    return [
        f"the widget of signature field {widget.owner} added on page {n} covers {_what(other)}"
        for other in page.annots.values()
        if other.owner not in signatures
        and (other.owner or "").split("[")[0] not in boxes
        and overlap(widget.rect, other.rect)
    ]


FormBoxes = dict[int, list[tuple[tuple[float, ...], bool, tuple[str, ...]]]]
"""The form's value boxes by page (from 1): each box's rect, whether it is one of the
speaker's own fields', and what marks may be drawn in it: :data:`_TICKED` (a box to
tick), :data:`_SIGNED` (a signature) or none (:func:`_form_boxes`)."""
_TICKED: tuple[str, ...] = ("Ink", "Stamp")
"""Annotations a tick may be drawn with: a pen's stroke, a stamped check mark."""
_SIGNED: tuple[str, ...] = ("Ink",)
"""Annotations a signature may be drawn with: a pen's strokes (not a stamped picture,
which may show words)."""


def _not_grazed(mark: tuple[float, ...], box: tuple[float, ...]) -> bool:
    """Whether a pen's or a stamp's mark reaches into ``box`` more than a quarter of its
    height (a hand's signature overshoots its line into the box below by a point or two,
    and the mark's rect holds the pen's width and more)."""
    return min(mark[3], box[3]) - max(mark[1], box[1]) >= 0.25 * (box[3] - box[1])


def _form_boxes(form: Form) -> FormBoxes:
    out: FormBoxes = {}
    for plan in form.every_plan():  # (a consent's decline box of its own too)
        for widget in plan.widgets:
            own = plan.spec.party is Party.SPEAKER
            signed = plan.spec.kind is FieldKind.SIGNATURE
            drawn = _TICKED if widget.box.state is not None else _SIGNED if signed else ()
            out.setdefault(widget.box.page + 1, []).append((widget.box.rect, own, drawn))
    return out


def _typed_over(annot: Annot, page: int, boxes: FormBoxes) -> bool:
    """Whether a text note added to page ``page`` stands over the speaker's own boxes of
    the form and no other: a value typed with a viewer's text tool (Fill & Sign,
    Preview), which the reading judges by what the page shows there (:mod:`.typedover`);
    the form's boxes, whether the page still has their widgets or was flattened. So is a
    mark drawn with a pen tool (``Ink``) or stamped (``Stamp``) over the speaker's boxes
    to tick, or with a pen over their signature's, alone (a signature drawn with
    Acrobat's Draw tool or a tablet's pen)."""
    if annot.subtype not in ("FreeText", "Ink", "Stamp"):
        return False
    typed = annot.subtype == "FreeText"
    covered = [
        own and (typed or annot.subtype in drawn)
        for rect, own, drawn in boxes.get(page, [])
        if overlap(annot.rect, rect) and (typed or _not_grazed(annot.rect, rect))
    ]
    return bool(covered) and all(covered)


def _pictured(annot: Annot, page: int, boxes: FormBoxes) -> bool:
    """Whether a stamp added to page ``page`` stands over the speaker's signature boxes
    and none other of the form's (:data:`PICTURED`)."""
    if annot.subtype != "Stamp":
        return False
    covered = [
        own and drawn == _SIGNED
        for rect, own, drawn in boxes.get(page, [])
        if overlap(annot.rect, rect) and _not_grazed(annot.rect, rect)
    ]
    return bool(covered) and all(covered)


def _box_changes(n: int, before: tuple[object, ...], after: tuple[object, ...]) -> list[str]:
    """How page ``n``'s boxes changed (media box, crop box, rotation, user unit). A page
    only turned (``/Rotate``) or cropped (``/CropBox``, or ``/MediaBox``, its drawing
    left where it was) is named so: the reading compares pages in their own space, laid
    in the form's frame (:mod:`..pdf.reframe`), where what a crop hides counts as not
    shown (:mod:`..pdf.pagespace`); a user unit changed scales that space itself."""
    media_a, crop_a, rotate_a, unit_a = before
    media_b, crop_b, rotate_b, unit_b = after
    if unit_a != unit_b:
        return [f"page {n} page box or rotation changed"]
    out = []
    if rotate_a != rotate_b:
        out.append(f"page {n} turned (/Rotate {rotate_a} to {rotate_b})")
    boxes = []
    for key, box_a, box_b in (("MediaBox", media_a, media_b), ("CropBox", crop_a, crop_b)):
        if box_a != box_b:
            shown = box_b
            if isinstance(box_b, list | tuple) and all(isinstance(v, int | float) for v in box_b):
                shown = format_rect(tuple(float(v) for v in box_b))
            boxes.append(f"/{key} {shown}")
    if boxes:
        out.append(f"page {n} cropped ({', '.join(boxes)})")
    return out


def _compare(
    old: Snapshot,
    new: Snapshot,
    boxes: frozenset[str] = frozenset(),
    appearances: list[AppearanceChange] | None = None,
    speakers: FormBoxes | None = None,
) -> tuple[list[FieldChange], list[str]]:
    k, out = new.rev.index, []
    changes = [
        FieldChange(name, k, old.fields[name], value)
        for name, value in new.fields.items()
        if name in old.fields and old.fields[name] != value
    ]
    out += [
        f"field {name} added"
        for name in new.fields
        if name not in old.fields and name not in new.signature_fields
    ]
    out += [f"field {name} removed" for name in old.fields if name not in new.fields]
    ca, cb = old.rev.catalog, new.rev.catalog
    # (the pages both have are compared on their own: the structure tree's /Pg names a
    # page an update wrote anew, unchanged, as pypdf's inserting a page does)
    pages = frozenset(p.ref for p in old.pages if p.ref is not None) & {p.ref for p in new.pages}
    for key in sorted((ca.keys() | cb.keys()) - _CATALOG_SKIPPED):
        if old.rev.expand(ca.get(key), named=pages) != new.rev.expand(cb.get(key), named=pages):
            label = "issuance record" if key == "/PubRelease" else f"catalog {key}"
            out.append(f"{label} {_word(key, ca, cb)}")
    fa, fb = old.rev.dict_of(ca.get("/AcroForm")), new.rev.dict_of(cb.get("/AcroForm"))
    if bool(fa) != bool(fb):
        if not (fb and set(new.fields) <= new.signature_fields):  # signing a flattened file
            out.append(f"form (AcroForm) {'added' if fb else 'removed'}")
    else:
        for key in sorted((fa.keys() | fb.keys()) - _ACROFORM_SKIPPED):
            if old.rev.expand(fa.get(key)) != new.rev.expand(fb.get(key)):
                out.append(f"AcroForm {key} {_word(key, fa, fb)}")
    resources = ResourceComparison(old.rev, new.rev)
    pairs = _paired(old.pages, new.pages)
    kept = {n for n, _, _ in pairs}
    if new.page_count != old.page_count:
        word = "added" if new.page_count > old.page_count else "removed"
        out.append(f"pages {word}: {new.page_count} pages, was {old.page_count}")
        added = [n for n in range(1, len(new.pages) + 1) if n not in kept]
        whole = word == "added" and len(new.pages) == new.page_count and added
        if whole and all(_blank(new.rev, new.pages[n - 1]) for n in added):
            out[-1] += f" ({_numbered(added)} added, {BLANK_ADDED})"
    # a page added is judged by what it shows (an extra-page of the reading), but not the
    # form widgets on it: fields' values shown on a page the reading does not read
    out += [
        f"{_what(annot)} added on page {n}, a page added"
        for n, page in enumerate(new.pages, 1)
        if n not in kept
        for annot in page.annots.values()
        if annot.subtype == "Widget" and annot.owner not in new.signature_fields
    ]
    for n, a, b in pairs:
        if not _same_content(old, a, new, b):
            out.append(f"page {n} content changed")
        if a.box != b.box:
            out += _box_changes(n, a.box, b.box)
        if (where := resources(a.resources, b.resources)) is not None:
            out.append(f"page {n} resources changed ({where})")
        for slot, annot in b.annots.items():
            before = a.annots.get(slot)
            if before is None:
                if annot.owner not in new.signature_fields:
                    typed = speakers is not None and _typed_over(annot, n, speakers)
                    pictured = speakers is not None and not typed and _pictured(annot, n, speakers)
                    note = f"{_what(annot)} added on page {n}"
                    out.append(note + TYPED_OVER * typed + PICTURED * pictured)
                else:
                    out += _signature_widget_covers(annot, b, new.signature_fields, n, boxes)
                continue
            moved = len(annot.rect) != len(before.rect) or any(
                abs(x - y) > 0.5 for x, y in zip(annot.rect, before.rect, strict=False)
            )
            if moved:
                out.append(f"{_what(before)} on page {n} moved to {format_rect(annot.rect)}")
            if appearances is not None and annot.appearance != before.appearance:
                appearances.append(AppearanceChange(annot.owner, n, k))
            if annot.flags != before.flags:
                words = [w for bit, w in _FLAGS.items() if annot.flags & bit]
                out.append(
                    f"{_what(before)} on page {n} flags changed {before.flags} → "
                    f"{annot.flags} ({', '.join(words) or 'none'})"
                )
            out += _redrawn(old, before, new, annot, n, resources)
        out += [
            f"{_what(x)} removed from page {n}"
            for key, x in a.annots.items()
            if key not in b.annots
        ]
    return changes, [f"{m} (revision {k})" for m in out]


_DRAWS_NOTHING = frozenset(
    b"q Q cm w J j M d ri i gs g G rg RG k K cs CS sc SC scn SCN BT ET Tf Td TD Tm T* Tc Tw "
    b"Tz TL Tr Ts m l c v y h re n W W* BMC BDC EMC MP DP BX EX true false null".split()
)
"""Operators that paint nothing (state, paths ended unpainted, marked content)."""
_NAME = re.compile(rb"/[^\s\x00/\[\]()<>{}%]*")
"""A name: it ends at white space, NUL among it (PDF's white space; ``\\s`` leaves NUL out)."""
_OPERATOR = re.compile(rb"[A-Za-z'\"][A-Za-z0-9'\"*]*")


def _blank(rev: Revision, page: PageSnapshot) -> bool:
    """Whether ``page`` shows nothing and holds nothing: no annotation, no page action,
    and a content none of whose operators paints or shows text (a string's letters read
    as operators: any text at all is not blank)."""
    if page.annots or "/AA" in page.node:
        return False
    words = _OPERATOR.findall(_NAME.sub(b" ", page_content(rev, page)))
    return all(word in _DRAWS_NOTHING for word in words)


def _numbered(pages: list[int]) -> str:
    """ "page 2", "pages 2, 3"."""
    return ("page " if len(pages) == 1 else "pages ") + ", ".join(map(str, pages))


def _paired(
    old: list[PageSnapshot], new: list[PageSnapshot]
) -> list[tuple[int, PageSnapshot, PageSnapshot]]:
    """Each page of a revision with the page it became in the next, numbered as the next
    numbers it (from 1): the same page object, when the next revision added pages and
    kept each of the earlier one's, in order (a page inserted before or between them,
    an update that moved no page); otherwise page by page, by number."""
    where = {p.ref: n for n, p in enumerate(new, 1) if p.ref is not None}
    numbers = [where.get(p.ref, 0) if p.ref is not None else 0 for p in old]
    if len(new) > len(old) and 0 not in numbers and numbers == sorted(set(numbers)):
        return [(n, a, new[n - 1]) for n, a in zip(numbers, old, strict=True)]
    return [(n, a, b) for n, (a, b) in enumerate(zip(old, new, strict=False), 1)]


def _redrawn(
    old: Snapshot,
    before: Annot,
    new: Snapshot,
    annot: Annot,
    page: int,
    resources: ResourceComparison,
) -> list[str]:
    """A widget whose appearance was redrawn while its field kept its value: what the page
    shows for that field changed, whatever ``/V`` says."""
    owner = annot.owner
    if owner is None or old.fields.get(owner) != new.fields.get(owner):
        return []
    a, b = before.node.get("/AP"), annot.node.get("/AP")
    if (where := resources(a, b)) is None:
        return []
    return [
        f"the appearance of {_what(before)} on page {page}{REDRAWN}"
        f"{new.fields.get(owner)!r} (/AP {where})"
    ]


# -- active content and the template's pages ---------------------------------------------------


def _active_content(snap: Snapshot) -> tuple[str, ...]:
    pages = (
        (page.node, (Annotation(_what(a), a.subtype, a.node) for a in page.annots.values()))
        for page in snap.pages
    )
    return active_content(snap.rev, snap.field_nodes, pages)


def analyse_revisions(
    data: bytes, form: Form, *, reader: PdfReader | PdfFile | None = None
) -> RevisionReport:
    """Read every revision of ``data`` and report what changed after issuance.

    ``reader``, a pypdf reader (or the :class:`~pubrelease.reading.pdffile.PdfFile`) of
    the whole of ``data`` the caller already has, reads the last revision (and the
    objects it already parsed are not parsed again). Revisions are read by the fast
    reader first; when it is not sure of one, the whole analysis is pypdf's.
    Never raises on a damaged file (except MemoryError and RecursionError): what cannot
    be read is described in ``modifications``.
    """
    if not isinstance(reader, PdfReader):
        objects = reader.objects if reader is not None else None
        if reader is None or objects is not None:
            try:
                return _analyse(data, form, objects, fast=True)
            except NotSure:
                pass
        if reader is not None:
            reader = reader.reader
    return _analyse(data, form, reader, fast=False)


def _analyse(
    data: bytes, form: Form, whole: PdfReader | Objects | None, *, fast: bool
) -> RevisionReport:
    template = form.template
    prefix = data.startswith(template)
    ends = revision_ends(data) or [len(data)]
    found: list[tuple[int, str]] = []
    """Modifications, by the revision they belong to."""
    tail, count = data[ends[-1] :], len(ends)
    if SYNTAX.search(tail):
        unfinished = f"{len(tail)} bytes without a readable %%EOF"
        found.append((count, f"an unfinished update follows revision {count - 1} ({unfinished})"))
    indices = list(range(count))
    if count > MAX_REVISIONS:
        indices = [*indices[: MAX_REVISIONS - 1], count - 1]
        skipped = f"revisions {MAX_REVISIONS - 1} to {count - 2} not compared one by one"
        found.append((MAX_REVISIONS, f"more than {MAX_REVISIONS} revisions ({count}): {skipped}"))
    known = template_pages(template)
    boxes = frozenset(
        p.spec.pdf_name for p in form.fields.values() if p.spec.kind is FieldKind.SIGNATURE
    )
    speakers = _form_boxes(form)
    cache = Cache(dict(known.cache.nodes), dict(known.cache.data)) if prefix else Cache()
    failed: dict[int, str] = {}
    opened: dict[int, Revision] = {}
    keep_all = sum(ends[k] for k in indices) <= 1 << 26  # keep readers while that is cheap

    def attempt(k: int, reader: bool) -> Revision | Snapshot | None:
        try:
            rev = opened.pop(k, None)
            if rev is None and whole is not None and ends[k] == len(data):
                rev = Revision(k, whole, cache)
            if rev is None:
                rev = open_revision(data, ends[k], k, cache, fast=fast)
            if reader:
                return rev
            # read alone (no revision before or after it to compare), a revision's widget
            # appearances are not needed; the fast reader raises nothing else than NotSure,
            # after which pypdf reads everything, so skipping them changes no finding
            alone = fast and len(indices) - start == 1
            snap = snapshot(rev, appearances=not alone)
            if snap.page_count == 0:
                failed[k] = f"revision {k} cannot be read: no pages found"
            return snap
        except (MemoryError, RecursionError, NotSure):
            raise
        except Exception as exc:  # pypdf raises many kinds of error on a damaged file
            failed[k] = f"revision {k} cannot be read: {problem(exc)}"
            return None

    # the revision that carries the issuance record, read only as far as its catalog
    issued: int | None = None
    start = 0
    for position, k in enumerate(indices):
        if k == 0 and prefix and ends[0] == len(template):
            continue  # the template itself: no record
        rev = attempt(k, reader=True)
        if not isinstance(rev, Revision):
            continue
        if keep_all or "/PubRelease" in rev.catalog:
            opened[k] = rev
        if "/PubRelease" in rev.catalog:
            issued, start = k, position
            break

    changes: list[FieldChange] = []
    appearances: list[AppearanceChange] = []
    last: Snapshot | None = None
    for k in indices[start:]:
        snap = attempt(k, reader=False)
        if not isinstance(snap, Snapshot):
            continue
        if last is not None:
            try:
                new_changes, messages = _compare(last, snap, boxes, appearances, speakers)
            except (MemoryError, RecursionError, NotSure):
                raise
            except Exception as exc:  # as above
                new_changes, messages = [], [f"revision {k} cannot be compared: {problem(exc)}"]
            changes += new_changes
            found += [(k, m) for m in messages]
        last = snap
    if issued is not None and prefix and issued != 1:
        late = "not in the update that follows the template"
        found.append((issued, f"the issuance record was added in revision {issued}, {late}"))
    found += failed.items()
    active: tuple[str, ...] = ()
    matches = False
    if last is not None:
        try:
            active = _active_content(last)
            matches = matches_template(last, known)
        except (MemoryError, RecursionError, NotSure):
            raise
        except Exception as exc:  # as above
            k = last.rev.index
            found.append((k, f"revision {k} cannot be read: {problem(exc)}"))
    return RevisionReport(
        revisions=count,
        template_prefix=prefix,
        issued_revision=issued,
        field_changes=tuple(changes),
        modifications=tuple(m for _, m in sorted(found, key=lambda item: item[0])),
        modified_in=tuple(k for k, _ in sorted(found, key=lambda item: item[0])),
        appearance_changes=tuple(appearances),
        signature_fields=tuple(sorted(last.signature_fields)) if last is not None else (),
        active_content=active,
        page_content_matches_template=matches,
    )
