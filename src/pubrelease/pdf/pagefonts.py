"""The fonts of a file's pages, each checked once per process for the same bytes.

:func:`check_fonts` visits, per page, the fonts of the page, of its Form XObjects and of
its annotations' appearances, and checks each (:func:`.tounicode.check_font`): whether
its ToUnicode map lies about what its glyphs are (:func:`lying_fonts` lists those), and
whether the glyphs a viewer draws for its text are the characters the text layer reads.

The result of a check depends only on the font's objects (its dictionary, encoding,
``/ToUnicode`` map, descendant and program), so it is kept under their
:func:`.objdigest.digest`, which costs a hash of the stored bytes where the check costs a
font program parsed: a conference's returns all carry the template's fonts. Given the
file's :class:`~.objects.Objects` too, the fonts are first found with the fast reader
(:mod:`.nodefonts`); when every one has been checked before (under its digest there) and
none lies, that is the answer, and pypdf does not even open the file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from .kept import Kept
from .nodefonts import NodeFont, node_fonts
from .nodereader import ObjectsReader
from .objdigest import digest
from .objects import Objects, Ref
from .tounicode import FontCheck, check_font, dict_of, resolved

__all__ = ["FontLie", "PageFonts", "check_fonts", "lying_fonts"]

MAX_FONTS = 64
"""Fonts checked per file."""
MAX_OBJECTS = 512
"""Resource dictionaries and appearance streams visited per file."""
MAX_REMEMBERED = 256
"""Fonts whose check is kept for the rest of the process (the last used)."""


@dataclass(frozen=True, slots=True)
class FontLie:
    """A font of a page whose ToUnicode map gives other characters than it draws."""

    page: int
    """Counted from 0."""
    name: str
    """Its resource name, e.g. ``/F2``."""
    font: str
    """Its ``/BaseFont``."""
    swaps: tuple[tuple[str, str], ...]
    """``(drawn, read)`` for each code that lies, in code order."""


_REMEMBERED: Kept[bytes, FontCheck] = Kept(MAX_REMEMBERED)


def _checked(font: Any, known: bytes | None = None) -> FontCheck:
    """The check of ``font`` (a reference or a dictionary), remembered by its digest;
    ``known``: the fast reader's digest of it (:class:`.nodefonts.NodeFont`), which the
    check then carries, its own digest not taken (the caller remembers it by that)."""
    key = known if known is not None else digest(font)
    if key is not None and known is None:
        hit = _REMEMBERED.recall(key)
        if hit is not None:
            return hit
    try:
        found = replace(check_font(dict_of(font)), digest=key)
    except (MemoryError, RecursionError):
        raise
    except Exception:  # pypdf and fontTools raise many kinds on damage: nothing said
        found = FontCheck(key, (), False)
    if key is not None and known is None:
        _REMEMBERED.keep(key, found)
    return found


# -- the fonts of a page ---------------------------------------------------------------------


def _resources(page: DictionaryObject) -> DictionaryObject:
    node = dict_of(page)
    for _ in range(32):
        if "/Resources" in node:
            return dict_of(node["/Resources"])
        node = dict_of(node.get("/Parent"))
    return DictionaryObject()


def _page_fonts(page: DictionaryObject, budget: list[int]) -> Iterator[tuple[str, Any]]:
    """(resource name, font reference or dictionary) of everything a page draws with."""
    stack: list[DictionaryObject] = [_resources(page)]
    annots = resolved(page.get("/Annots"))
    for annot in annots if isinstance(annots, ArrayObject) else []:
        normal = resolved(dict_of(dict_of(annot).get("/AP")).get("/N"))
        if isinstance(normal, StreamObject):
            stack.append(dict_of(normal.get("/Resources")))
        elif isinstance(normal, DictionaryObject):
            stack.extend(dict_of(dict_of(state).get("/Resources")) for state in normal.values())
    seen: set[int] = set()
    while stack and budget[0] > 0:
        resources = stack.pop()
        if id(resources) in seen:
            continue
        seen.add(id(resources))
        budget[0] -= 1
        for name, font in dict_of(resources.get("/Font")).items():
            yield str(name), font
        for xobject in dict_of(resources.get("/XObject")).values():
            target = resolved(xobject)
            if isinstance(target, StreamObject) and target.get("/Subtype") == "/Form":
                stack.append(dict_of(target.get("/Resources")))


@dataclass(frozen=True, slots=True)
class PageFonts:
    """The fonts of a file's pages, checked."""

    lies: list[FontLie]
    by_name: dict[str, list[FontCheck]] = field(default_factory=dict)
    """``/BaseFont`` (without its slash) -> the checks of every font of that name."""
    complete: bool = True
    """Every font of the pages was checked: no limit reached, nothing unreadable."""
    by_ref: dict[Ref, FontCheck] = field(default_factory=dict)
    """The fast reader's reference of each font (:class:`.nodefonts.NodeFont`) -> its
    check, when the fonts were found by it (else empty)."""


_BY_NODES: Kept[bytes, FontCheck] = Kept(MAX_REMEMBERED)
"""Checks by the fast reader's digest of the font (:func:`.nodefonts.node_digest`)."""


def _known(objects: Objects, max_pages: int) -> tuple[PageFonts | None, list[NodeFont], bool]:
    """The answer when every font the fast reader finds was checked before and none lies
    (else None), the fonts (none when the walk cannot vouch for them), and whether the
    walk found every font (within its limits)."""
    try:
        fonts, complete = node_fonts(
            objects,
            max_pages=max_pages,
            max_objects=MAX_OBJECTS,
            max_fonts=MAX_FONTS,
            inline=True,
        )
    except (MemoryError, RecursionError):
        raise
    except Exception:  # NotSure, or anything the fast reader did not expect
        return None, [], False
    by_name: dict[str, list[FontCheck]] = {}
    by_ref: dict[Ref, FontCheck] = {}
    seen: set[object] = set()
    for font in fonts:
        found = _BY_NODES.recall(font.digest)
        if found is None or found.swaps:
            return None, fonts, complete
        key = font.ref if font.ref is not None else font.digest  # (inline: by what it is)
        if key not in seen:
            seen.add(key)
            if font.ref is not None:
                by_ref[font.ref] = found
            by_name.setdefault(font.base.lstrip("/"), []).append(found)
    return PageFonts([], by_name, complete, by_ref), fonts, complete


def check_fonts(
    reader: PdfReader | Callable[[], PdfReader],
    *,
    max_pages: int,
    objects: Objects | None = None,
) -> PageFonts:
    """The fonts of each page (up to ``max_pages``), of their Form XObjects and of their
    annotations' appearances, checked (see the module). ``reader`` may be a function that
    opens pypdf's reader, called only when the fast reader's ``objects`` (if given) do
    not settle it.

    Never raises on a damaged file (except MemoryError and RecursionError): what cannot
    be read is not checked, and the result says it is not complete.
    """
    fonts: list[NodeFont] = []
    if objects is not None:
        known, fonts, complete = _known(objects, max_pages)
        if known is not None:
            return known
        if fonts:  # (the fonts found: each new one read by pypdf, no page walked again)
            # pypdf's parser on the objects the fonts need, where the fast reader found
            # them (.nodereader), before pypdf's reader on the whole file
            by_reference = _check_by_reference(ObjectsReader(objects), fonts, complete)
            if by_reference is None:
                by_reference = _check_by_reference(
                    reader() if callable(reader) else reader, fonts, complete
                )
            if by_reference is not None:
                return by_reference
    pypdf = reader() if callable(reader) else reader
    found, checked, placed = _check_with_pypdf(pypdf, max_pages)
    inline = Counter((f.page, f.name) for f in fonts if f.ref is None)
    for font in fonts:  # remembered for the fast reader's next file
        if font.ref is not None:
            check = checked.get((font.ref.num, font.ref.gen))
        else:  # (written inline: pypdf's font of that name on that page, the only one)
            there = placed.get((font.page, font.name), [])
            check = there[0] if len(there) == 1 and inline[font.page, font.name] == 1 else None
        if check is not None and check.digest is not None:
            _BY_NODES.keep(font.digest, check)
    return found


def _check_by_reference(
    reader: PdfReader | ObjectsReader, fonts: list[NodeFont], complete: bool
) -> PageFonts | None:
    """:func:`check_fonts` of the fonts the fast reader found on the pages (``fonts``, in
    the order the pages draw with them; ``complete``: whether its walk found them all),
    each checked before taken by its digest, each other read by pypdf through its
    reference, as :func:`_check_with_pypdf` reads it from the page; None when pypdf reads
    a reference as no font dictionary."""
    lies: list[FontLie] = []
    by_name: dict[str, list[FontCheck]] = {}
    checks: dict[object, FontCheck] = {}
    for font in fonts:
        key = font.ref if font.ref is not None else font.digest  # (inline: by what it is)
        check = checks.get(key)
        if check is None:
            check = _BY_NODES.recall(font.digest)
            if check is None:
                if font.ref is None:  # (written inline: pypdf's walk of the pages reads it)
                    return None
                ref = IndirectObject(font.ref.num, font.ref.gen, reader)
                try:
                    read = ref.get_object()
                except (MemoryError, RecursionError):
                    raise
                except Exception:  # (damage pypdf reads otherwise: its own walk says)
                    return None
                if not isinstance(read, DictionaryObject):
                    return None
                check = _BY_NODES.keep(font.digest, _checked(ref, font.digest))
            checks[key] = check
            by_name.setdefault(font.base.lstrip("/"), []).append(check)
        if check.swaps:
            lies.append(FontLie(font.page, font.name, font.base, check.swaps))
    by_ref = {key: check for key, check in checks.items() if isinstance(key, Ref)}
    return PageFonts(lies, by_name, complete, by_ref)


_Placed = dict[tuple[int, str], list[FontCheck]]


def _check_with_pypdf(
    reader: PdfReader, max_pages: int
) -> tuple[PageFonts, dict[object, FontCheck], _Placed]:
    """:func:`check_fonts` with pypdf, the checks by font object ``(number, generation)``,
    and those of fonts written inline by ``(page, resource name)``."""
    checked: dict[object, FontCheck] = {}
    placed: _Placed = {}
    budget = [MAX_OBJECTS]
    out = PageFonts([])
    complete = True
    try:
        for number, page in enumerate(reader.pages):
            if number >= max_pages:
                break
            for name, ref in _page_fonts(page, budget):
                key = (ref.idnum, ref.generation) if isinstance(ref, IndirectObject) else id(ref)
                if key not in checked:
                    if len(checked) >= MAX_FONTS:
                        complete = False
                        continue
                    checked[key] = found = _checked(ref)
                    base = str(dict_of(ref).get("/BaseFont", "?")).lstrip("/")
                    out.by_name.setdefault(base, []).append(found)
                if not isinstance(ref, IndirectObject):
                    placed.setdefault((number, name), []).append(checked[key])
                if checked[key].swaps:
                    base = str(dict_of(ref).get("/BaseFont", "?"))
                    out.lies.append(FontLie(number, name, base, checked[key].swaps))
        complete = complete and budget[0] > 0
    except (MemoryError, RecursionError):
        raise
    except Exception:  # a damaged page tree: what was found so far stands
        complete = False
    return PageFonts(out.lies, out.by_name, complete), checked, placed


def lying_fonts(reader: PdfReader, *, max_pages: int) -> list[FontLie]:
    """The fonts of each page whose ToUnicode map contradicts what they draw (see
    :func:`check_fonts`)."""
    return check_fonts(reader, max_pages=max_pages).lies
