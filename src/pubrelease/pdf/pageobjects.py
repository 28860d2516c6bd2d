"""What draws on a page, and where: PDFium's page objects, with the font of each text.

A text object of a page (or of a form XObject drawn on it: a flattened field
appearance) draws its glyphs with one font. PDFium says, for that font, its
``/BaseFont`` name, whether its program is embedded and, when it is, the program's
bytes. :func:`page_objects` lists every object that draws (text, paths, images,
shadings), with its box on the page; for text also its :class:`DrawingFont`, whether it
stands upright (neither mirrored, turned nor slanted by its matrix) and whether a clip
can cut its glyphs. A reader can then tell what draws inside a box.
"""

from __future__ import annotations

import ctypes
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .drawnshapes import Point, covered, dashed, outline
from .evenodd import nonzero_clips_only
from .matrices import IDENTITY as _IDENTITY
from .matrices import Box, Matrix
from .matrices import placed as _placed
from .matrices import times as _times
from .objectcalls import Walker, as_object
from .ownobjects import OwnObjects, keep_walk, own_walk, split_own
from .rendering import CONTRAST

__all__ = [
    "DARK",
    "MAX_OBJECTS",
    "ClipPath",
    "DrawingFont",
    "PageObject",
    "base_font_name",
    "dark_fill",
    "nonzero_clips_only",
    "page_objects",
    "spanned",
    "spanned_boxes",
]

MAX_OBJECTS = 20_000
"""Page objects visited per page at most (beyond: the list ends with an incomplete item)."""
MAX_PROGRAM = 64 << 20
"""Bytes of an embedded font program read to hash it at most."""
SLANT = 0.01
"""Of a text matrix's scale, how much turn or slant it may have and still stand upright."""
SQUEEZE = 2.0
"""How much wider than high, or the other way, a text matrix may scale its glyphs and
still draw them plainly (a condensed value is drawn at 80 % or so; at 5 % a name is a
sliver no one reads)."""


@dataclass(frozen=True, slots=True)
class DrawingFont:
    """A font as PDFium draws it."""

    name: str
    """Its ``/BaseFont``, without the slash."""
    embedded: bool
    """Its glyphs come from a program in the file (Type 3 fonts count as embedded)."""
    program: bytes | None
    """A digest (BLAKE2b) of its embedded program's bytes; None when not embedded or
    unreadable."""


_NO_FONT = DrawingFont("", True, None)


class ClipPath(NamedTuple):
    """One clip path of a text object: axis-aligned rectangles on the page, its subpaths."""

    rects: tuple[Box, ...]
    one_way: bool
    """Every rectangle is drawn turning the same way (none flat). Filled by the nonzero
    rule (``W``), such a path is the union of its rectangles; filled even-odd (``W*``),
    or with rectangles turning both ways, rectangles inside others are holes: PDFium
    does not say which rule a clip path was set with (:func:`nonzero_clips_only`)."""


class PageObject(NamedTuple):
    """One object that draws on a page (a form XObject's own objects one by one)."""

    box: Box
    """On the page."""
    font: DrawingFont | None
    """For text, its font; None for paths, images and shadings."""
    plain: bool = True
    """For text: upright (no mirror, turn or slant), clipped by nothing but axis-aligned
    rectangles (:attr:`clips`, its containers' included), not itself a clip (render
    modes 4 to 7), and read from its glyphs (in no ``/ActualText`` span: :func:`spanned`).
    False for anything past :data:`MAX_OBJECTS`."""
    clips: tuple[ClipPath, ...] = ()
    """For text: the paths (on the page) its glyphs are clipped to, each made of whole
    rectangles; what is drawn lies inside every path."""
    baseline: float | None = None
    """For text set level on the page (no turn at all): the height of its baseline, its
    origin's after text rise (PDFium's matrix of a text object places it); None
    otherwise."""
    filled: bool = True
    """For text: its glyphs filled and not stroked (render mode 0, or 3: not painted), in
    no transparency of its own or of the forms it is drawn in (no soft mask, blend mode
    but Normal, or alpha: ``FPDFPageObj_HasTransparency``): a stroke thickens a glyph
    ("rn" drawn as "m"), a mask can take part of one away."""
    nested: bool = False
    """Drawn inside a form XObject (an annotation flattened into the page is one)."""
    dark: bool = True
    """For text: filled with an opaque colour none of whose channels is above
    :data:`DARK` (a glyph painted white over a letter takes part of it away)."""
    upright: bool = True
    """For text: :attr:`plain` but for an ``/ActualText`` span (the glyphs are what a
    box read glyph by glyph checks, whatever its text layer reads)."""
    shows: bool = True
    """For text that paints: painted in a colour that shows on white paper (see
    :func:`_paint`), with no transparency (as :attr:`filled`: a blend mode such as
    Lighten shows black text on white as nothing); a mark painted white over the top of
    its letter, whose pixels its letter's share on a render of a pixel a point, shows
    nothing, and the render cannot tell."""
    size: float = 0.0
    """For text: the size (points) its glyphs are set at on the page, its font size
    times the scale of its matrix (:func:`_size`); 0 when it cannot be placed."""
    outline: tuple[Point, ...] | None = None
    """For a path: its points on the page (:func:`.drawnshapes.outline`); None for text,
    images and shadings. An image's :attr:`box` is where it covers the page
    (:func:`.drawnshapes.covered`)."""
    dashed: bool = False
    """For a path: stroked with a dash pattern."""
    address: int = 0
    """For text drawn straight on the page (not :attr:`nested`): PDFium's handle of the
    object, as an address, while the page it was walked on stays loaded (to tell its
    characters in the page's text, ``FPDFText_GetTextObject``); 0 otherwise, and for
    an object kept from another page's walk (:mod:`.ownobjects`)."""


_ACTUAL_TEXT = b"ActualText"


def spanned(obj: Any) -> bool:
    """Whether a page object (PDFium's handle) is inside a marked-content span with an
    ``/ActualText``: PDFium's text of its glyphs is then that string, whatever they draw."""
    for k in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
        mark = pdfium_c.FPDFPageObj_GetMark(obj, k)
        if mark and (
            pdfium_c.FPDFPageObjMark_GetParamValueType(mark, _ACTUAL_TEXT)
            != pdfium_c.FPDF_OBJECT_UNKNOWN
        ):
            return True
    return False


def _spanned_at(walker: Walker, obj: int | None) -> bool:
    """:func:`spanned` of a handle from ``walker``, asked through the walker's calls (plain
    addresses: no handle of pypdfium2's type made, no argument checked by its bindings)."""
    unknown = pdfium_c.FPDF_OBJECT_UNKNOWN
    for k in range(walker.marks(obj)):
        mark = walker.mark(obj, k)
        if mark and walker.mark_value_type(mark, _ACTUAL_TEXT) != unknown:
            return True
    return False


def spanned_boxes(page: pdfium.PdfPage) -> list[Box]:
    """The boxes on ``page`` of its text objects (in form XObjects too) that are read from
    an ``/ActualText`` (:func:`spanned`, or inside a form drawn in such a span)."""
    walker = Walker()
    out: list[Box] = []
    stack = [(obj, _IDENTITY, False) for obj in walker.page_objects(page)]
    seen = 0
    while stack and seen < MAX_OBJECTS:
        seen += 1
        obj, placing, above = stack.pop()
        kind = walker.kind(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            m = walker.matrix(obj)
            if m is None:
                continue
            inner, in_span = _times(m, placing), above or _spanned_at(walker, obj)
            stack.extend((child, inner, in_span) for child in walker.form_objects(obj))
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT and (above or _spanned_at(walker, obj)):
            local = walker.bounds(obj)
            if local is not None:
                out.append(_placed(local, placing))
    return out


def base_font_name(handle: Any) -> str:
    """The ``/BaseFont`` of a PDFium font (``FPDF_FONT``), without its slash ("" for none)."""
    size = pdfium_c.FPDFFont_GetBaseFontName(handle, None, 0)
    if size <= 0:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFFont_GetBaseFontName(handle, buffer, size)
    return buffer.value.decode("utf-8", "replace")


def _font(handle: Any) -> DrawingFont:
    name = base_font_name(handle)
    embedded = bool(pdfium_c.FPDFFont_GetIsEmbedded(handle))
    program = None
    if embedded:
        length = ctypes.c_size_t()
        found = pdfium_c.FPDFFont_GetFontData(handle, None, 0, length)
        if found and 0 < length.value <= MAX_PROGRAM:
            data = (ctypes.c_uint8 * length.value)()
            if pdfium_c.FPDFFont_GetFontData(handle, data, length.value, length):
                program = hashlib.blake2b(bytes(data), digest_size=20).digest()
    return DrawingFont(name, embedded, program)


def _upright(m: Matrix) -> bool:
    """Whether ``m`` draws upright, neither turned nor slanted, and its glyphs not
    squeezed or stretched out of their shape (``Tz 5``: a name drawn as a sliver)."""
    a, b, c, d, _, _ = m
    scale = max(abs(a), abs(d))
    return (
        a > 0
        and d > 0
        and abs(b) <= SLANT * scale
        and abs(c) <= SLANT * scale
        and 1 / SQUEEZE <= a / d <= SQUEEZE
    )


def _clips(obj: Any, m: Matrix) -> tuple[ClipPath, ...] | None:
    """The clip paths of ``obj``, placed on the page by ``m`` (its container's upright
    matrix, which keeps the way each subpath turns): each subpath an axis-aligned
    rectangle; None when some is not (a curve, a slanted shape, text used as a clip)."""
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return ()
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[ClipPath] = []
    for path in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        count = pdfium_c.FPDFClipPath_CountPathSegments(clip, path)
        if count < 0 or count > 60:
            return None  # a text clip, or too many to be a few rectangles
        shapes: list[list[tuple[float, float]]] = []
        for index in range(count):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, path, index)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
                return None
            if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                return None
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not shapes:
                shapes.append([])
            shapes[-1].append((x.value, y.value))
        rects: list[Box] = []
        turns: set[int] = set()
        for points in shapes:
            xs = {round(px, 3) for px, _ in points}
            ys = {round(py, 3) for _, py in points}
            if len(points) > 5 or len(xs) > 2 or len(ys) > 2 or not _edges_straight(points):
                return None
            rects.append(_placed((min(xs), min(ys), max(xs), max(ys)), m))
            turns.add(_turn(points))
        out.append(ClipPath(tuple(rects), len(turns) == 1 and 0 not in turns))
    return tuple(out)


def _clips_at(walker: Walker, obj: int | None, m: Matrix) -> tuple[ClipPath, ...] | None:
    """:func:`_clips` of a handle from ``walker``: none, asked through the walker's calls,
    for an object without a clip or with the empty clip PDFium gives most objects (no
    handle of pypdfium2's type made for it)."""
    address = walker.clip_path(obj)
    if not address or walker.clip_paths(address) <= 0:
        return ()
    return _clips(as_object(obj), m)


def _edges_straight(points: list[tuple[float, float]]) -> bool:
    """Whether each edge of a closed polygon (its last point back to the first too) runs
    across or down, never both: the rectangle of its corners, not a bow tie crossing it."""
    rounded = [(round(x, 3), round(y, 3)) for x, y in points]
    return all(
        (x0 == x1) != (y0 == y1) or (x0, y0) == (x1, y1)
        for (x0, y0), (x1, y1) in zip(rounded, rounded[1:] + rounded[:1], strict=True)
    )


def _turn(points: list[tuple[float, float]]) -> int:
    """Which way a closed polygon turns: 1 counterclockwise, -1 clockwise, 0 flat."""
    twice = sum(
        x0 * y1 - x1 * y0
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
    )
    return (twice > 0) - (twice < 0)


_EVERYWHERE: Box = (-1e9, -1e9, 1e9, 1e9)
_FIRST_CLIP_MODE = pdfium_c.FPDF_TEXTRENDERMODE_FILL_CLIP
"""Text render modes from here on (4 to 7) add the glyphs to the clip."""


MANY = 32
"""Areas from which :func:`_meets` compares a box with all of them at once (numpy): the
form's wording cells, a few thousand a page, which a page's objects are met with."""


def _meets(box: Box, areas: Sequence[Box] | npt.NDArray[np.float64] | None) -> bool:
    """Whether ``box`` shares some area with one of ``areas`` (None: everywhere; an
    array: n x 4, :func:`_areas`)."""
    if areas is None:
        return True
    left, bottom, right, top = box
    if isinstance(areas, np.ndarray):
        return bool(
            np.any(
                (left < areas[:, 2])
                & (areas[:, 0] < right)
                & (bottom < areas[:, 3])
                & (areas[:, 1] < top)
            )
        )
    return any(left < r[2] and r[0] < right and bottom < r[3] and r[1] < top for r in areas)


def _areas(within: Sequence[Box] | None) -> Sequence[Box] | npt.NDArray[np.float64] | None:
    """``within`` as :func:`_meets` compares boxes with it: as an array when there are
    :data:`MANY` or more (float64 compares as Python's floats: the same answers)."""
    if within is None or len(within) < MANY:
        return within
    return np.array(within, dtype=np.float64).reshape(-1, 4)


def page_objects(
    page: pdfium.PdfPage,
    within: Sequence[Box] | None = None,
    drawings: Sequence[Box] = (),
    own: OwnObjects | None = None,
) -> list[PageObject]:
    """Every object that draws on ``page``, in form XObjects too, with its box on the
    page (see :class:`PageObject`); only those meeting one of ``within`` when given, and
    the drawings that are not text meeting one of ``drawings``. ``own``: the page's own
    content, flattened (:mod:`.ownobjects`): its objects learnt once per digest (from the
    second page with it), only the annotations drawn in are walked."""
    walker = Walker()
    areas, beside = _areas(within), (_areas(drawings) if drawings else None)
    fonts: dict[int, DrawingFont] = {}
    top = walker.page_objects(page)
    parts = split_own(top, own)
    kept = None if parts is None or own is None else own_walk(own)
    if parts is None or own is None or kept is None:
        out: list[PageObject] = []
        _walk(page, walker, top, areas, beside, fonts, out, 0)
        if parts is not None and own is not None:
            own_walk(own, met=True)  # (kept from the next page with the digest on)
        return out
    if kept.visits < 0:  # met twice: the own objects, every one, kept
        every: list[PageObject] = []
        places: list[tuple[Box, int]] = []
        visits = _walk(page, walker, parts[0], None, None, fonts, every, 0, places)
        # (kept for later pages by their place among the page's objects: no handle of
        # this one)
        at = {handle: index for index, handle in enumerate(parts[0]) if handle}
        tops = [at.get(o.address, -1) for o in every]
        every = [o._replace(address=0) if o.address else o for o in every]
        kept = keep_walk(own, every, places, visits, visits > MAX_OBJECTS, tops)
    out = []
    seen = _walk(page, walker, parts[1], areas, beside, fonts, out, 0)
    if seen <= MAX_OBJECTS:
        if not kept.capped and seen + kept.visits <= MAX_OBJECTS:
            # (the walk of the whole page: the same objects in the same order, uncapped,
            # each set straight on the page given its handle on this page)
            items, handles = cast(list[PageObject], kept.items), parts[0]
            out.extend(
                items[i] if top < 0 else items[i]._replace(address=handles[top] or 0)
                for i, top in kept.meeting(areas, beside)
            )
        else:
            _walk(page, walker, parts[0], areas, beside, fonts, out, seen)
    return out


def _walk(
    page: pdfium.PdfPage,
    walker: Walker,
    top: list[int | None],
    areas: Sequence[Box] | npt.NDArray[np.float64] | None,
    beside: Sequence[Box] | npt.NDArray[np.float64] | None,
    fonts: dict[int, DrawingFont],
    out: list[PageObject],
    seen: int,
    places: list[tuple[Box, int]] | None = None,
) -> int:
    """:func:`page_objects`'s walk of ``top`` (the last first) after ``seen`` visits, into
    ``out``: the visits then (past :data:`MAX_OBJECTS`: stopped). ``places``: each item's
    box met and how it is kept (.ownobjects.KeptWalk)."""
    # each object with the matrix that places its container on the page, and the clips
    # its containers were drawn under (PDFium reports an object's clip within its form
    # only: a clip set around the form's Do is the form object's); None: not rectangles
    Outer = tuple[ClipPath, ...] | None
    # (object, placing matrix, clips, in an /ActualText span, in a form with transparency,
    # in a form at all)
    stack: list[tuple[int | None, Matrix, Outer, bool, bool, bool]] = [
        (obj, _IDENTITY, (), False, False, False) for obj in top
    ]
    kind_of, bounds = walker.kind, walker.bounds
    place = places.append if places is not None else lambda _: None
    while stack:
        seen += 1
        if seen > MAX_OBJECTS:
            out.append(PageObject(_EVERYWHERE, _NO_FONT, False))
            break
        obj, placing, outer, above, veiled, nested = stack.pop()
        kind = kind_of(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            m = walker.matrix(obj)
            if m is None:
                out.append(PageObject(_EVERYWHERE, _NO_FONT, False))
                place((_EVERYWHERE, 0))
                continue
            inner = _times(m, placing)
            own = _clips_at(walker, obj, placing) if _upright(placing) else None
            under = None if outer is None or own is None else outer + own
            in_span = above or _spanned_at(walker, obj)
            seen_through = veiled or bool(pdfium_c.FPDFPageObj_HasTransparency(as_object(obj)))
            stack.extend(
                (child, inner, under, in_span, seen_through, True)
                for child in walker.form_objects(obj)
            )
            continue
        local = bounds(obj)
        if local is None:
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:  # text PDFium cannot place: anywhere
                out.append(PageObject(_EVERYWHERE, _NO_FONT, False))
                place((_EVERYWHERE, 0))
            continue
        box = _placed(local, placing)
        if kind != pdfium_c.FPDF_PAGEOBJ_TEXT:
            if _meets(box, areas) or (beside is not None and _meets(box, beside)):
                out.append(_drawing(page, walker, obj, kind, box, local, placing))
                place((box, 2))
            continue
        if not _meets(box, areas):
            continue
        text = as_object(obj)
        handle = pdfium_c.FPDFTextObj_GetFont(text)
        font = _NO_FONT
        if handle:
            address = ctypes.cast(handle, ctypes.c_void_p).value or 0
            font = fonts.get(address) or fonts.setdefault(address, _font(handle))
        # text that also clips what follows (render modes 4 to 7): PDFium reports no text
        # clip on the objects it cuts, so neither it nor they are plain
        mode = walker.render_mode(obj)
        clips_after = mode >= _FIRST_CLIP_MODE
        seen_through = veiled or bool(pdfium_c.FPDFPageObj_HasTransparency(text))
        filled = mode in _FILLED and not seen_through
        # text read from an /ActualText is not read from its glyphs: never plain
        read_as_drawn = not (above or _spanned_at(walker, obj))
        m = walker.matrix(obj) if not clips_after else None
        own = _clips_at(walker, obj, placing) if _upright(placing) else None
        clipped = None if outer is None or own is None else outer + own
        placed = None if m is None else _times(m, placing)
        upright = placed is not None and _upright(placed) and clipped is not None
        plain = read_as_drawn and upright
        level = plain and placed is not None and placed[1] == 0.0 and placed[2] == 0.0
        baseline = placed[5] if level and placed is not None else None
        dark, shows = _paint(text, mode)
        shows = shows and not seen_through
        size = _size(text, placed)
        out.append(
            PageObject(
                box,
                font,
                plain,
                clipped or (),
                baseline,
                filled,
                nested,
                dark,
                upright,
                shows,
                size,
                address=0 if nested else obj or 0,
            )
        )
        place((box, 1))
    return seen


def _drawing(
    page: pdfium.PdfPage,
    walker: Walker,
    obj: int | None,
    kind: int,
    box: Box,
    local: Box,
    placing: Matrix,
) -> PageObject:
    """A drawing that is not text (a path, an image, a shading), found on ``page`` at
    ``box`` (``local`` in a container placed by ``placing``)."""
    handle = as_object(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        m = walker.matrix(obj)
        points = () if m is None else outline(handle, _times(m, placing))
        return PageObject(box, None, outline=points, dashed=dashed(handle))
    if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        inked = covered(page, handle, local, walker.matrix(obj))
        return PageObject(box if inked is None else _placed(inked, placing), None)
    return PageObject(box, None)


_FILLED = (0, 3)
"""Render modes that fill a glyph and stroke nothing (3: paints nothing at all)."""
DARK = 96
"""Highest channel (of 255) of a fill colour for it to count as dark ink: a grey of 0.38
or darker. A light grey (0.85, 217) or a yellow is not taken."""
SHOWS = CONTRAST
"""Of 255, the ink a text's paint must put on white paper, in its most telling channel
times its opacity, for it to show: the contrast a glyph needs on a render. White is 0,
light grey (0.9 g) 25; yellow shows (255)."""
_STROKED = frozenset({1, 2, 5, 6})
_FILLING = frozenset({0, 2, 4, 6})


def _paint(text: Any, mode: int) -> tuple[bool, bool]:
    """Whether a text object drawn in render ``mode`` is filled with a dark opaque colour
    (:attr:`PageObject.dark`), and whether its paint shows on white paper
    (:attr:`PageObject.shows`: its fill's or, stroked, its stroke's; True for text that
    paints nothing, whose glyphs are invisible whatever their colour). A colour PDFium
    cannot tell (a pattern) is neither."""
    fill = _colour(pdfium_c.FPDFPageObj_GetFillColor, text)
    dark = _opaque_dark(fill)
    if mode not in _FILLING and mode not in _STROKED:
        return dark, True
    painted = [fill] if mode in _FILLING else []
    if mode in _STROKED:
        painted.append(_colour(pdfium_c.FPDFPageObj_GetStrokeColor, text))
    shows = any(c is not None and (255 - min(c[:3])) * c[3] >= SHOWS * 255 for c in painted)
    return dark, shows


def dark_fill(obj: Any) -> bool:
    """Whether a page object (PDFium's handle) is filled with a dark opaque colour: no
    channel above :data:`DARK`, alpha 255 (not a colour PDFium cannot tell)."""
    return _opaque_dark(_colour(pdfium_c.FPDFPageObj_GetFillColor, obj))


def _opaque_dark(colour: tuple[int, int, int, int] | None) -> bool:
    return colour is not None and colour[3] == 255 and max(colour[:3]) <= DARK


def _size(text: Any, placed: Matrix | None) -> float:
    """The size (points) a text object's glyphs are set at on the page: its font size
    (``Tf``, whatever its sign) times the scale of the matrix placing it (``placed``:
    its own and its containers'; pdftocairo sets text at 1 pt scaled by 10); 0 when it
    has none."""
    size = ctypes.c_float()
    if placed is None or not pdfium_c.FPDFTextObj_GetFontSize(text, size):
        return 0.0
    a, b, c, d = placed[:4]
    # (to a thousandth of a point: the matrices' single-precision noise left out)
    return round(abs(float(size.value)) * math.sqrt(abs(a * d - b * c)), 3)


def _colour(getter: Any, text: Any) -> tuple[int, int, int, int] | None:
    """Red, green, blue and alpha (0 to 255) of one of a page object's colours, by
    ``getter``; None when PDFium cannot tell it."""
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    if not getter(text, red, green, blue, alpha):
        return None
    return red.value, green.value, blue.value, alpha.value
