"""Glyphs painted in opaque dark ink that nothing clips or covers: shown, however thin.

:func:`.rendering.hidden_glyphs` judges every glyph on a render of a pixel a point. A
letter of a light face at a small size has strokes thinner than a pixel: pdf-lib's Noto
Sans Hebrew (the variable font's default, light instance) draws "ה" at 6 pt with 30 to 40
of 255 of ink on each pixel of its own, and a comma of Noto Sans Arabic's Latin at 4 pt
with less, short of the contrast a glyph must show; the letter, plain on the screen, was
reported as text a viewer does not show, and the return ``invalid``.

Pixels cannot tell such a letter from one drawn in a faint grey, or under a texture that
averages to grey, or clipped to a sliver: each shows a little ink in the glyph's box (a
closer render was tried and passed those). What draws the glyph can. A glyph judged
hidden is *painted* when the text object that draws it (``FPDFText_GetTextObject``):

* fills its glyphs (render mode 0 or 2) in a dark colour (every channel at most
  :data:`DARK`), opaque, with no transparency of its own nor of any form XObject around
  it (no constant alpha, soft mask or blend mode);
* is cut by no clip: its clip paths and those of the forms around it, each upright
  rectangles drawn the same way round (any other shape is not taken), hold the glyph's
  box whole, and no content of the file clips by the even-odd rule (``W*``: nested
  rectangles would then clip to the ring between them);
* is drawn over by nothing: no object painted after it, on the page or in any form,
  reaches into the glyph's box; and lies whole inside what a viewer shows of the page
  (its crop box);
* and the file has nothing whose paint those calls cannot see (:func:`painted_in`
  looks): no optional content (``/OCProperties``, ``/OC``), transfer function, pattern
  or Type3 font;

and it is set at :data:`SMALLEST` points or more, and near the size of the letters
beside it (:data:`AS_BESIDE`): a letter or a word of a name shrunk to a speck among the
others is drawn to be missed. Last, the glyphs so found are proved to reach the page:
their text objects' fill is made magenta for a render, and each glyph's box must change
by :data:`PROBE` at least (a transfer function, a stroke over the fill, a cover PDFium
gives no box to, a layer hidden by a condition leave it as it was). Then the glyph is on
the page in dark ink, whole and uncovered, at the size of its line: shown, whatever its
stroke weight. Anything else is judged by its pixels alone, as before.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from .clipping import DEPTH, SPACES, clip_segments, font_size
from .kept import Kept
from .matrices import IDENTITY, Box, Matrix, placed, times
from .nodes import Node, NotSure, Ref, Stream
from .objectcalls import Walker, as_object
from .objects import Objects
from .pageobjects import DARK, dark_fill
from .pagespace import PageSpace, page_space, render_upright

__all__ = ["AS_BESIDE", "DARK", "SMALLEST", "painted_glyphs", "painted_in", "unseen_paint"]

SMALLEST = 2.0
"""Font size (points) below which no glyph is taken for painted: a name set at 2 pt is
read zoomed in, smaller is a speck."""
AS_BESIDE = 0.75
"""Least share of the largest size of the letters it runs with a glyph is set at to be
taken for painted (a comma is set as its date; one letter or word of a name at 2 pt among
letters at 6 is not)."""
NEXT = 40
"""Letters each side of a glyph, in the text's order, its size is compared with."""
_BLANKS = SPACES | {0x00}
"""Code units PDFium gives for spaces, line breaks and its made-up characters."""
OVERHANG = 0.5
"""Points of a glyph's box a clip may leave out (a letter's overhang past its field's
padding: the "J" of a date at 2.5 pt, 0.24 pt)."""
PROBE = 8
"""Grey levels (of 255) by which some pixel of a glyph's box must change when its text
object's fill is made magenta, for the fill to reach the page (thin Hebrew at 2.5 pt
changes by 17 to 25 at 72 dpi; a fill under a white stroke, a transfer function, a later
cover or a hidden layer by none)."""
MAX_GLYPHS = 64
"""Glyphs judged hidden on a page beyond which none is looked at (honest returns have a
few thin letters; a page with thousands of hidden glyphs is text hidden on purpose)."""
_FILLS = (pdfium_c.FPDF_TEXTRENDERMODE_FILL, pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE)
_NEAR = 0.5
"""Points between a glyph's box and a character's for them to be the same glyph."""


@dataclass(frozen=True, slots=True)
class _Drawn:
    """One object of a page in painting order, placed on the page."""

    address: int
    kind: int
    bounds: Box | None
    """On the page; None where PDFium gives none."""
    clips: tuple[Box | None, ...]
    """The page boxes of its clip and its forms' (None: a clip that is no upright
    rectangle); empty without any."""
    forms: tuple[int, ...]
    """The form objects around it, outermost first."""


def painted_glyphs(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, glyphs: Sequence[tuple[str, Box]]
) -> list[bool]:
    """For each glyph (its character and box on ``page``), whether it is painted (see the
    module). ``page`` is flattened as a viewer shows it, ``textpage`` its text page. More
    than :data:`MAX_GLYPHS` glyphs are not looked at: none of them is taken for painted
    (a page hiding text by the thousand stays judged by its pixels, in a few calls)."""
    if not glyphs or len(glyphs) > MAX_GLYPHS:
        return [False] * len(glyphs)
    drawn = _walk(page)
    at = {item.address: index for index, item in enumerate(drawn)}
    space = page_space(page)
    shown = space.shown  # (what a crop box leaves out is not shown)
    count = textpage.count_chars()
    chars = {char for char, _ in glyphs}
    candidates = [
        (index, textpage.get_charbox(index))
        for index in range(count)
        if chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index) or 0xFFFD) in chars
    ]
    passed: list[int | None] = []  # each glyph's text object, where it passes
    for char, box in glyphs:
        index = _char_at(textpage, candidates, char, box)
        inside = (
            shown[0] <= box[0] and shown[1] <= box[1] and box[2] <= shown[2] and box[3] <= shown[3]
        )
        if index is None or not inside or not _sized_as_beside(textpage, count, index, box):
            passed.append(None)
            continue
        obj = pdfium_c.FPDFText_GetTextObject(textpage.raw, index)
        address = ctypes.cast(obj, ctypes.c_void_p).value if obj else None
        position = at.get(address or 0)
        painted = position is not None and _painted(drawn, position, box)
        passed.append(address if painted else None)
    if not any(passed):
        return [False] * len(glyphs)
    changed = _recoloured(page, space, {a for a in passed if a})
    return [
        address is not None and _changes(changed, box, space.media)
        for address, (_, box) in zip(passed, glyphs, strict=True)
    ]


def _recoloured(
    page: pdfium.PdfPage, space: PageSpace, addresses: set[int]
) -> npt.NDArray[np.int16]:
    """How each pixel of ``page`` (at 72 dpi, grey levels; ``space``: its space) changes
    when the text objects ``addresses`` fill in magenta instead: where their fill reaches
    the page."""

    def render() -> npt.NDArray[np.int16]:
        grey = render_upright(page, 1.0, draw_annots=False, may_draw_forms=False, space=space)
        return grey.astype(np.int16)

    before = render()
    kept = []
    for address in addresses:
        obj = as_object(address)
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        if pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
            kept.append((obj, (r.value, g.value, b.value, a.value)))
            pdfium_c.FPDFPageObj_SetFillColor(obj, 255, 0, 255, 255)
    try:
        after = render()
    finally:
        for obj, colour in kept:
            pdfium_c.FPDFPageObj_SetFillColor(obj, *colour)
    return np.abs(after - before) if after.shape == before.shape else np.zeros_like(before)


def _changes(changed: npt.NDArray[np.int16], box: Box, media: Box) -> bool:
    """Whether some pixel of ``box`` (grown by a pixel) changes by :data:`PROBE`."""
    left, bottom, right, top = box
    rows, cols = changed.shape
    y0, y1 = max(0, int(media[3] - top) - 1), min(rows, int(np.ceil(media[3] - bottom)) + 1)
    x0, x1 = max(0, int(left - media[0]) - 1), min(cols, int(np.ceil(right - media[0])) + 1)
    return y0 < y1 and x0 < x1 and int(changed[y0:y1, x0:x1].max()) >= PROBE


def _sized_as_beside(textpage: pdfium.PdfTextPage, count: int, index: int, box: Box) -> bool:
    """Whether character ``index`` (whose box is ``box``) is set at :data:`SMALLEST`
    points or more, and at :data:`AS_BESIDE` of the largest size of the letters it runs
    with at least: those next to it in the text's order, one after another, each on the
    line of the one before (bottoms apart by less than the smaller size) and apart from it
    by at most the smaller size (its value's own letters, up to :data:`NEXT` each side,
    not another box's letters above it nor a label's beyond the box's padding). A letter
    or a word of a name shrunk among the others is made to be missed."""
    raw = textpage.raw
    size = font_size(textpage, index)
    if size < SMALLEST:
        return False
    sizes: list[float] = []
    for step in (-1, 1):
        other, found, last, last_size = index + step, 0, box, size
        while 0 <= other < count and found < NEXT:
            if pdfium_c.FPDFText_GetUnicode(raw, other) not in _BLANKS:
                here = textpage.get_charbox(other)
                here_size = font_size(textpage, other)
                near = min(last_size, here_size)
                gap = max(here[0] - last[2], last[0] - here[2], 0.0)
                if abs(here[1] - last[1]) > near or gap > near:
                    break  # another line, or letters of something else
                sizes.append(here_size)
                found, last, last_size = found + 1, here, here_size
            other += step
    if not sizes:
        return False  # alone: nothing says it is set as the text around it
    return size >= AS_BESIDE * max(sizes)


def _char_at(
    textpage: pdfium.PdfTextPage, candidates: list[tuple[int, Box]], char: str, box: Box
) -> int | None:
    """The index of the text page's character ``char`` whose box is ``box``, among the
    ``candidates`` (index, box) of the characters looked for."""
    left, bottom, right, top = box
    for index, (x0, y0, x1, y1) in candidates:
        near = abs(x0 - left) + abs(x1 - right) + abs(y0 - bottom) + abs(y1 - top)
        if near <= _NEAR and chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index)) == char:
            return index
    return None


def _walk(page: pdfium.PdfPage) -> list[_Drawn]:
    """The page's objects in the order they are painted, forms' objects in their place."""
    walker = Walker()
    out: list[_Drawn] = []

    def visit(
        obj: int | None,
        placing: Matrix,
        clips: tuple[Box | None, ...],
        forms: tuple[int, ...],
        level: int,
    ) -> None:
        kind = walker.kind(obj)
        around = (*clips, *_clip(walker, obj, placing))
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < DEPTH:
            m = walker.matrix(obj)
            if m is None:
                return
            inner = times(m, placing)
            for child in walker.form_objects(obj):
                visit(child, inner, around, (*forms, obj or 0), level + 1)
            return
        bounds = walker.bounds(obj)
        out.append(
            _Drawn(
                obj or 0, kind, None if bounds is None else placed(bounds, placing), around, forms
            )
        )

    for obj in walker.page_objects(page):
        visit(obj, IDENTITY, (), (), 0)
    return out


def _clip(walker: Walker, obj: int | None, placing: Matrix) -> tuple[Box | None, ...]:
    """``obj``'s clip: the page box every subpath of its clip path holds, when each is an
    upright rectangle drawn the same way round (``re`` in a widget's appearance, twice in
    pdf-lib's: its box and the box inside its border), else ``(None,)``; ``()`` without a
    clip. Rectangles drawn the same way round, nested, clip to the inner one whichever
    rule fills the path (winding numbers of one sign, or a hole under even-odd: the
    caller rules even-odd clips out)."""
    paths = clip_segments(walker, obj)
    if not paths:
        return ()
    if placing[1] != 0.0 or placing[2] != 0.0:
        return (None,)  # turned: no longer upright on the page
    out: list[Box | None] = []
    for path in paths:
        points: list[list[tuple[float, float]]] = []
        for segment in path:
            if segment is None or segment[0] == pdfium_c.FPDF_SEGMENT_BEZIERTO:
                return (None,)
            kind, x, y = segment
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not points:
                points.append([])
            points[-1].append((x, y))
        turns = {_turn(corners) for corners in points}
        if not points or None in turns or len(turns) != 1:
            return (None,)
        boxes = [_box(corners) for corners in points]
        inner = (
            max(b[0] for b in boxes),
            max(b[1] for b in boxes),
            min(b[2] for b in boxes),
            min(b[3] for b in boxes),
        )
        out.append(placed(inner, placing))
    return tuple(out)


def _turn(corners: list[tuple[float, float]]) -> int | None:
    """+1 or -1, the way round an upright rectangle (4 corners, the first again at the
    end or not) is drawn; None for any other shape."""
    if len(corners) == 5 and corners[4] == corners[0]:
        corners = corners[:4]
    xs = {round(x, 3) for x, _ in corners}
    ys = {round(y, 3) for _, y in corners}
    if len(corners) != 4 or len(xs) != 2 or len(ys) != 2:
        return None
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1], strict=True):
        if round(x0, 3) != round(x1, 3) and round(y0, 3) != round(y1, 3):
            return None  # a diagonal side
    area = sum(
        x0 * y1 - x1 * y0
        for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1], strict=True)
    )
    return 1 if area > 0 else -1 if area < 0 else None


def _box(corners: list[tuple[float, float]]) -> Box:
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _painted(drawn: list[_Drawn], position: int, box: Box) -> bool:
    item = drawn[position]
    obj = as_object(item.address)
    if pdfium_c.FPDFTextObj_GetTextRenderMode(obj) not in _FILLS:
        return False
    if not dark_fill(obj):
        return False
    if any(pdfium_c.FPDFPageObj_HasTransparency(as_object(o)) for o in (item.address, *item.forms)):
        return False
    left, bottom, right, top = box
    for clip in item.clips:
        if clip is None or not (
            clip[0] - OVERHANG <= left
            and clip[1] - OVERHANG <= bottom
            and right <= clip[2] + OVERHANG
            and top <= clip[3] + OVERHANG
        ):
            return False
    for later in drawn[position + 1 :]:
        if later.bounds is None:
            continue  # (PDFium gives no box to an object that paints nothing)
        x0, y0, x1, y1 = later.bounds
        if x0 < right and x1 > left and y0 < top and y1 > bottom:
            return False
    return True


def painted_in(data: bytes, number: int, glyphs: Sequence[tuple[str, Box]]) -> list[bool]:
    """:func:`painted_glyphs` of page ``number`` of ``data``, flattened as a viewer shows
    it on screen (the page the glyphs were judged on); none in a file with paint the
    calls here cannot see (:func:`unseen_paint`)."""
    from .rendering import ViewMode, flatten_page

    if unseen_paint(data):
        return [False] * len(glyphs)
    doc = pdfium.PdfDocument(data)
    try:
        if not 0 <= number < len(doc):
            return [False] * len(glyphs)
        page = flatten_page(doc, doc[number], number, ViewMode.SCREEN)
        textpage = page.get_textpage()
        try:
            return painted_glyphs(page, textpage, glyphs)
        finally:
            textpage.close()
            page.close()
    finally:
        doc.close()


_ANSWERED: list[tuple[bytes, bool]] = []
"""The last file :func:`unseen_paint` answered for, and its answer (asked again for each
page with hidden glyphs, and by vouching)."""


def unseen_paint(
    data: bytes,
    reader: Callable[[], PdfReader] | None = None,
    objects: Objects | None = None,
) -> bool:
    """Whether the file has what the calls here cannot see paint or hide a glyph: layers
    (``/OCProperties``, an ``/OC`` entry, an ``/OC`` marked-content sequence), an even-odd
    clip (``W*``), a transfer function (``/TR``, ``/TR2`` other than the identity), a
    pattern (a ``/Pattern`` resource: a fill PDFium reports by its base colour) or a Type3
    font (glyphs that paint in their own colour); or cannot be read to tell.

    ``reader``: gives ``data`` opened by pypdf (``strict=False``) for the rest of the
    reading, whose objects are then not parsed again here (a pdftocairo print's fonts
    and pages: 2.9 ms a file); never modify its objects. ``objects``: ``data``'s objects
    as the fast reader reads them, walked instead where it can vouch for every object
    and stream met (:func:`_unseen_nodes`: a fifth of the time of pypdf's objects)."""
    if _ANSWERED and (_ANSWERED[0][0] is data or _ANSWERED[0][0] == data):
        return _ANSWERED[0][1]
    found: bool | None = None
    if objects is not None and objects.data is data:
        with contextlib.suppress(NotSure):
            found = _unseen_nodes(objects)
    if found is None:
        found = _unseen(data, reader)
    _ANSWERED[:] = [(data, found)]
    return found


def _unseen(data: bytes, opened: Callable[[], PdfReader] | None) -> bool:
    try:
        reader = opened() if opened is not None else None
        if reader is None or reader.is_encrypted:
            reader = PdfReader(io.BytesIO(data))  # (an encrypted file opened here, as it was)
        root = reader.trailer["/Root"].get_object()
        if not isinstance(root, DictionaryObject) or "/OCProperties" in root:
            return True
        seen: set[int] = set()
        pending: list[Any] = list(reader.pages)
        while pending:
            item = pending.pop()
            if isinstance(item, IndirectObject):
                if item.idnum in seen:
                    continue
                seen.add(item.idnum)
                item = item.get_object()
            if isinstance(item, DictionaryObject):
                if _tricky(item):
                    return True
                image = item.get("/Subtype") == "/Image"
                if isinstance(item, StreamObject) and not image and _UNSEEN.search(item.get_data()):
                    return True
                pending.extend(value for key, value in item.items() if key not in _NOT_WALKED)
            elif isinstance(item, ArrayObject):
                pending.extend(item)
        return False
    except Exception:
        return True


MAX_WALKED = 100_000
"""Objects :func:`_unseen_nodes` walks before it leaves the file to pypdf's walk."""


def _unseen_nodes(objects: Objects) -> bool:
    """:func:`_unseen`'s walk over the fast reader's objects: from the page tree's root,
    every object reached but through ``/Parent``, ``/P`` and font programs (the pages'
    inherited resources with them); :class:`NotSure` for an encrypted file, a stream of
    another filter than Flate, or anything the reader cannot vouch for."""
    if "/Encrypt" in objects.trailer:
        raise NotSure("an encrypted file")
    root = objects.resolve(objects.trailer.get("/Root"))
    if not isinstance(root, dict) or "/OCProperties" in root:
        return True
    seen: set[Ref] = set()
    pending: list[Node] = [root.get("/Pages")]
    while pending:
        item = pending.pop()
        if isinstance(item, Ref):
            if item in seen:
                continue
            if len(seen) >= MAX_WALKED:
                raise NotSure("too many objects")
            seen.add(item)
            ref, item = item, objects.get(item)
            if isinstance(item, Stream):
                if item.entries.get("/Subtype") != "/Image" and _paints_unseen(objects, ref, item):
                    return True
                item = item.entries  # (its dictionary judged and walked as any other)
        if isinstance(item, dict):
            if _tricky(item):
                return True
            pending.extend(v for k, v in item.items() if k not in _NOT_WALKED and _walked(v))
        elif isinstance(item, tuple):
            pending.extend(v for v in item if _walked(v))
    return False


def _walked(value: Node) -> bool:
    """Whether a value is walked into (a number, a name or a string holds nothing: a
    font's widths are some hundreds of numbers)."""
    return isinstance(value, Ref | dict | tuple)


MAX_STREAMS = 1024
_STREAMS: Kept[tuple[bytes, str], bool] = Kept(MAX_STREAMS)
"""Whether a stream's data has what :data:`_UNSEEN` finds, by its stored bytes and how
they are decoded (the same fonts' maps and glyph streams, print after print)."""


def _paints_unseen(objects: Objects, ref: Ref, stream: Stream) -> bool:
    """Whether the stream ``ref`` (``stream``) has what :data:`_UNSEEN` finds, decoded."""
    entries = stream.entries
    key = (stream.digest, repr((entries.get("/Filter"), entries.get("/DecodeParms"))))
    found = _STREAMS.recall(key)
    if found is None:
        found = _STREAMS.keep(key, bool(_UNSEEN.search(objects.decoded(ref))))
    return found


def _tricky(item: Mapping[str, Any]) -> bool:
    """Whether a dictionary (pypdf's, or the fast reader's) names optional content, a
    pattern, a Type 3 font or a transfer function other than the identity (a name's text
    compared: a reference or an array is never the identity)."""
    if "/OC" in item or "/Pattern" in item or item.get("/Subtype") == "/Type3":
        return True
    return any(key in item and str(item[key]) not in _NO_TRANSFER for key in ("/TR", "/TR2"))


_NOT_WALKED = frozenset(("/Parent", "/P", "/FontFile", "/FontFile2", "/FontFile3", "/W", "/W2"))
"""Keys not walked into: back to a page, font programs, and a CIDFont's widths (numbers,
and arrays of them, that nothing paints with: a form's copy of DejaVu Sans holds
thousands, one array each)."""
_NO_TRANSFER = ("/Identity", "/Default")
_UNSEEN = re.compile(rb"(?<![A-Za-z0-9#*])W\*|/OC\s*/")
"""The even-odd clip operator, or an optional-content marked sequence, in a content
stream (or in a string: then no glyph is taken for painted, which only leaves it to its
pixels)."""
