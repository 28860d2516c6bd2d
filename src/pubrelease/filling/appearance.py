"""Appearance streams for text values: shape, choose fonts, wrap, shrink, never clip.

Every value is drawn by us, so each viewer shows it without regenerating
anything (no ``NeedAppearances``). A value is laid out with the Unicode bidi
algorithm and HarfBuzz: each run of one direction and one font is shaped
(joining, ligatures, marks, Indic reordering) and drawn, glyph ids with the
advances and offsets HarfBuzz gives, in visual order, as Chromium draws it:
a cluster that is not one glyph standing for its own text (a conjunct, a
reordered matra, a ligature) is marked with ``/ActualText``, so that copying
and text extraction (which put right-to-left runs back in logical order
themselves) give the logical string back. Runs above bidi level 0 are marked
``/PubreleaseBidi << /Level n >>`` for :func:`read_appearance`.

A value too wide for one line at the form's minimum size is set on two lines,
and smaller down to :data:`LEGIBLE_SIZE`; only then is it refused. A line whose ink
would cross the box's top or bottom is moved inside it (:mod:`.inkbox`).

:func:`read_appearance` reads such a stream back: reader and writer of the
format sit together.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

from ..errors import FieldValueError, FontCoverageError
from ..form.layout import DESCENT, Box
from ..form.template import COMMON_CHARS, VALUE_FONT, Form
from ..pdf import fonts as _fonts
from ..pdf.bidi import LEVEL_MARK, MIRROR, reorder, visual_runs
from ..pdf.fonts import (
    GlyphSubset,
    bundled_font,
    coverage_hint,
    script_of,
    subset_glyphs,
)
from ..pdf.joiner import join_line
from ..pdf.shaping import FontFace, Glyph
from ..pdf.syntax import coordinate, num, read_pdf_text
from .glyphlines import Line as _Line
from .glyphlines import Run as _Run
from .glyphlines import clusters as _clusters
from .glyphlines import cut_part, plain_joined, plain_line, plain_part
from .glyphlines import show as _show
from .glyphlines import wrap as _wrap
from .hanfaces import cjk_preference, variant
from .inkbox import LEGIBLE_SIZE, breaking_anywhere, ink_of, inking, inside, placed_as_before
from .mirrored import mapped_as_before, shows, spanned

__all__ = [
    "LEGIBLE_SIZE",
    "ValueFonts",
    "mapped_as_before",
    "placed_as_before",
    "read_appearance",
    "text_appearance",
]

PADDING = 2.0
"""Horizontal space kept free at each side of a value, in points."""

BIDI = LEVEL_MARK
"""Marked-content tag of a directional run above level 0 (``<< /Level n >>``): a reader
puts clusters back in logical order with the bidi algorithm's own reordering (L2)."""

_EUROPEAN = frozenset({"LATIN", "GREEK", "CYRILLIC", "COMBINING", "MODIFIER"})
_STICKY = frozenset({"Mn", "Mc", "Me", "Cf", "Zs", "Pd", "Po", "Ps", "Pe", "Nd"})
"""Categories that stay in the font of the run they are in, if it has them."""


@dataclass(frozen=True, slots=True)
class _Placed:
    size: float
    lines: tuple[tuple[_Line, float], ...]
    """Each line with its baseline, from the box's bottom."""
    joined: frozenset[int] = frozenset()
    """The lines that go on with the word the line before ends in (:func:`_wrap` broke
    it there, where there is no space)."""


@functools.lru_cache(maxsize=8)
def _template_glyphs(form: Form) -> dict[int, tuple[int, float, str]]:
    """DejaVu Sans glyph id to (CID, ``/W`` width, character) in the template's value font."""
    font = bundled_font().face.font
    out: dict[int, tuple[int, float, str]] = {}
    for char, (cid, width) in form.value_font.glyphs.items():
        gid = font.get_nominal_glyph(ord(char))
        if gid is not None:
            out.setdefault(gid, (cid, round(width, 1), char))
    return out


@functools.lru_cache(maxsize=8)
def _template_hex(form: Form) -> dict[int, tuple[str, float, str]]:
    """:func:`_template_glyphs` with each CID as the four hex digits a string shows."""
    return {gid: (f"{cid:04X}", w, c) for gid, (cid, w, c) in _template_glyphs(form).items()}


_NO_LIGA = {"liga": False, "clig": False}
_RECENT = 256
"""Lines of the template's characters kept shaped and drawn across releases: enough for
the values that recur (dates, the countersigner, a conference's titles), few enough
that memory stays flat over a batch of any size."""


def _in_template(
    glyphs: list[Glyph], text: str, template: dict[int, tuple[int, float, str]]
) -> bool:
    """Every glyph is the template's, standing for exactly its own character."""
    return all(g.gid in template and template[g.gid][2] == text[g.cluster] for g in glyphs) and len(
        {g.cluster for g in glyphs}
    ) == len(glyphs)


@functools.lru_cache(maxsize=8192)
def _source_for(char: str, cjk: str) -> FontFace | None:
    """The face that draws ``char`` outside the template's characters, or ``None``.

    The fonts are asked in the order of :func:`~pubrelease.pdf.fonts.available_fonts`; the system's
    are looked for (a walk of the font folders, milliseconds) only when no bundled,
    listed or packaged font draws the character: none of their files is a preferred
    CJK font (``notosanssc``, ``…jp``, ``…kr``), so the answer is the same."""
    bundled = bundled_font()
    if script_of(char) in _EUROPEAN and bundled.covers(char):
        return bundled.face
    # the preferred CJK font first, then the others in order (a miss is paid for every
    # new ideograph of a name: the order is made once for each preference)
    for source in _preferred_first(cjk, _fonts.user_fonts(), _fonts.packaged_fonts()):
        if source.covers(char):
            return source.face
    preferred = f"notosans{cjk}"
    system = _fonts.system_fonts()
    for source in system:
        if preferred in source.folded_name and source.covers(char):
            return source.face
    for source in (*system, bundled):
        if source.covers(char):
            return source.face
    return None


_Sources = tuple[_fonts.FontSource, ...]
_Clusters = tuple[tuple[str, tuple[Glyph, ...]], ...]
_Drawn = tuple[list[str], set[str]]
_ORDERS: dict[str, tuple[_Sources, _Sources, _Sources]] = {}
"""By CJK preference, the user's and the packaged fonts it was made of, and the order."""


def _preferred_first(cjk: str, users: _Sources, packaged: _Sources) -> _Sources:
    """``users`` and ``packaged``, those whose file is the font ``cjk`` prefers first."""
    found = _ORDERS.get(cjk)
    if found is None or found[0] != users or found[1] is not packaged:
        preferred, others = f"notosans{cjk}", (*users, *packaged)
        first = tuple(source for source in others if preferred in source.folded_name)
        order = (*first, *(source for source in others if source not in first))
        found = _ORDERS[cjk] = (users, packaged, order)  # four preferences at most
    return found[2]


@dataclass(slots=True)
class ValueFonts:
    """One release's values laid out, and the fonts they are drawn in.

    Characters the template's value font has use it (``PRF0``); the rest get one
    HarfBuzz subset per font, embedded in the release itself (:attr:`extra`).
    """

    form: Form
    extra: dict[str, GlyphSubset] = field(default_factory=dict)
    """Resource name to subset font, for fonts this release adds."""
    placed: dict[tuple[str, Box], _Placed] = field(default_factory=dict)
    _template: dict[int, tuple[int, float, str]] = field(default_factory=dict)
    _keys: dict[int, str] = field(default_factory=dict)
    _faces: dict[str, FontFace] = field(default_factory=dict)
    _texts: dict[str, dict[int, str]] = field(default_factory=dict)
    _lines: dict[str, _Line] = field(default_factory=dict)
    _shown: dict[tuple[int, float | None], str] = field(default_factory=dict)
    _drawn: dict[tuple[int, float, bool], _Drawn] = field(default_factory=dict)
    _inks: dict[int, tuple[float, float]] = field(default_factory=dict)
    moved: bool = False
    """Some line was moved to keep its ink inside its box (:meth:`_inside`)."""
    wrapped: bool = False
    """Some word too wide for its box was broken where a reader breaks it, and marked
    (:func:`.glyphlines.wrap`): releases issued before were broken anywhere
    (:func:`.inkbox.placed_as_before`)."""

    @classmethod
    def for_values(cls, form: Form, values: dict[str, str]) -> ValueFonts:
        """Lay out every value (field name to text) in each of its boxes, and subset fonts."""
        fonts = cls(form, _template=_template_glyphs(form))
        for name, text in values.items():
            plan = form.fields.get(name)
            if plan is None:
                continue
            for widget in plan.widgets:
                fonts.placed[(name, widget.box)] = fonts._fit(widget.box, text, name)
        for key, face in fonts._faces.items():
            fonts.extra[key] = subset_glyphs(face, fonts._texts[key])
        return fonts

    # -- shaping -------------------------------------------------------------------

    def _key(self, face: FontFace) -> str:
        key = self._keys.get(id(face))
        if key is None:
            key = self._keys[id(face)] = f"PRF{len(self._keys) + 1}"
            self._faces[key] = face
            self._texts[key] = {}
        return key

    def _fonts_of(
        self, text: str, start: int, end: int, field: str
    ) -> list[tuple[int, int, FontFace | None]]:
        """``text[start:end]`` split into runs of one font (``None``: the template's)."""
        if COMMON_CHARS.issuperset(text[start:end]):
            return [(start, end, None)]
        cjk = cjk_preference(text)
        if COMMON_CHARS.isdisjoint(part := text[start:end]):  # one font for all (a name)?
            faces = list(map(_source_for, part, repeat(cjk)))
            if None not in faces and faces.count(faces[0]) == len(faces):
                return [(start, end, faces[0])]
        runs: list[tuple[int, int, FontFace | None]] = []
        current: FontFace | None = None
        begun = False
        for i in range(start, end):
            char = text[i]
            common = char in COMMON_CHARS
            face = None if common else _source_for(char, cjk)
            if (
                face is None
                and not common
                and not (
                    begun
                    and unicodedata.category(char) in _STICKY
                    and current is not None
                    and (current.covers(char) or variant(current, text, i))
                )
            ):
                raise FontCoverageError(
                    f"no available font can draw {char!r} (U+{ord(char):04X}, "
                    f"{unicodedata.name(char, 'unnamed')}); {coverage_hint(char)}",
                    field=field,
                )
            if begun and face is current:
                continue
            if begun and unicodedata.category(char) in _STICKY:
                if current is None and common:
                    continue
                if current is not None and (current.covers(char) or variant(current, text, i)):
                    continue
            if begun:
                runs[-1] = (runs[-1][0], i, current)
            runs.append((i, end, face))
            current, begun = face, True
        return runs

    def _line(self, text: str, field: str) -> _Line:
        found = self._lines.get(text)
        if found is not None:
            return found
        if COMMON_CHARS.issuperset(text):
            found = _common_line(self.form, text)
            if found is not None:
                self._lines[text] = found
                return found
        codepoints = [ord(c) for c in text]
        advances = [0.0] * len(text)
        runs: list[tuple[int, tuple[_Run, ...]]] = []
        template = self._template
        dejavu = bundled_font().face
        for bidi in visual_runs(text):
            pieces: list[_Run] = []
            for start, end, face in self._fonts_of(text, bidi.start, bidi.end, field):
                shaper = face or dejavu
                infos: list[Any] = []
                glyphs = shaper.shape(codepoints, start, end, rtl=bidi.rtl, infos=infos)
                if face is None and not _in_template(glyphs, text, template):
                    # the template has no ligatures: without them, Latin stays in its font
                    plain_infos: list[Any] = []
                    plain = shaper.shape(
                        codepoints, start, end, rtl=bidi.rtl, features=_NO_LIGA, infos=plain_infos
                    )
                    if _in_template(plain, text, template):
                        glyphs, infos = plain, plain_infos
                clustered = _clusters(text, glyphs, end)
                if face is None and _in_template(glyphs, text, template):
                    key = VALUE_FONT
                else:
                    key = self._key(shaper)
                    self._note_texts(key, text, glyphs, end, clustered)
                for glyph in glyphs:
                    advances[glyph.cluster] += glyph.advance / shaper.upem
                pieces.append(_Run(key, clustered, shaper.upem, tuple(infos)))
            runs.append((bidi.level, tuple(reversed(pieces) if bidi.rtl else pieces)))
        line = _Line(text, tuple(runs), tuple(advances))
        self._lines[text] = line
        return line

    def _note_texts(
        self, key: str, text: str, glyphs: list[Glyph], end: int, clustered: _Clusters
    ) -> None:
        """What each glyph stands for, for ``ToUnicode``: the text of a cluster it draws
        alone (for a bracket a right-to-left run draws mirrored, the character it shows:
        :func:`.mirrored.shows`); in a cluster of several glyphs, the letter whose own
        glyph (``cmap``) it is (a Thai vowel above, a Tamil vowel sign), as Chromium maps
        them; the same every time, else none (""), as for a glyph that only ever is part
        of a cluster (a conjunct, an Arabic letter's dotless body). Clusters of several
        glyphs, and a glyph standing for another character, are drawn inside
        ``/ActualText``: extractors that read it (poppler, PDFium) give the logical text,
        those that do not (MuPDF, pdf.js) the letters the glyphs are. ``clustered``: the
        glyphs' clusters (:func:`.glyphlines.clusters`); one glyph each, each glyph's text."""
        texts = self._texts[key]
        face = self._faces[key]
        if len(clustered) == len(glyphs) and len({g.cluster for g in glyphs}) == len(glyphs):
            for chunk, (glyph,) in clustered:  # a glyph a cluster (CJK): each its text
                if chunk in MIRROR:  # shows() is the cluster itself for any other
                    chunk = shows(face, glyph.gid, chunk)
                old = texts.get(glyph.gid)
                if old is None:
                    texts[glyph.gid] = chunk
                elif old != chunk:
                    texts[glyph.gid] = ""
            return
        starts = sorted({g.cluster for g in glyphs})
        bounds = dict(zip(starts, [*starts[1:], end], strict=True))
        sizes: dict[int, int] = {}
        for glyph in glyphs:
            sizes[glyph.cluster] = sizes.get(glyph.cluster, 0) + 1
        for glyph in glyphs:
            cluster = text[glyph.cluster : bounds[glyph.cluster]]
            if sizes[glyph.cluster] == 1:
                chunk = shows(face, glyph.gid, cluster)
            else:  # the font's own glyph for a letter of the cluster stands for that letter
                chunk = next((c for c in cluster if face.nominal(c) == glyph.gid), "")
            old = texts.get(glyph.gid)
            if old is None:
                texts[glyph.gid] = chunk
            elif old != chunk:
                texts[glyph.gid] = ""

    # -- fitting -------------------------------------------------------------------

    def _fit(self, box: Box, text: str, field: str) -> _Placed:
        style = self.form.definition.values
        body = self.form.definition.text
        ratio = body.leading / body.size
        avail = box.width - 2 * PADDING
        line = self._line(text, field)
        natural = line.width
        floor = min(style.min_size, LEGIBLE_SIZE)
        if box.lines == 1:
            size = min(style.size, math.floor(avail / natural * 10) / 10 if natural else style.size)
            if size >= style.min_size:
                return self._inside(box, _Placed(size, ((line, DESCENT * body.size),)))
            size, most = style.min_size, 2
        else:
            size, most = style.size, box.lines * 4
        anywhere = breaking_anywhere()
        while True:
            ranges = _wrap(line, size, avail, anywhere=anywhere)
            fits = len(ranges) <= min(most, math.floor(box.height / (ratio * size) + 1e-9))
            if fits:
                break
            size = round(size - 0.5, 1)
            if size < floor:
                if box.lines == 1:
                    message = (
                        f"too long to fit: {natural * floor:.0f} pt wide at {num(floor)} pt, "
                        f"more than two lines of {avail:.0f} pt"
                    )
                else:
                    message = (
                        f"too long to fit: {len(text)} characters need more than "
                        f"{box.lines} lines at {num(floor)} pt"
                    )
                raise FieldValueError(message, field=field)
        lines = [
            line if (a, b) == (0, len(text)) else self._part(line, a, b, field) for a, b in ranges
        ]
        if box.lines == 1:  # two lines in a one-line box: centred on it
            first = (box.height + len(lines) * ratio * size) / 2 - (ratio - DESCENT) * size
        else:
            first = box.height - (ratio - DESCENT) * size
        # where a range starts where the one before ends (as before, anywhere: unmarked)
        breaks = [] if anywhere else ranges
        joined = frozenset(i + 1 for i, (a, _) in enumerate(breaks[1:]) if breaks[i][1] == a)
        self.wrapped |= bool(joined)
        placed = _Placed(
            size, tuple((ln, first - i * ratio * size) for i, ln in enumerate(lines)), joined
        )
        return self._inside(box, placed)

    def _inside(self, box: Box, placed: _Placed) -> _Placed:
        """``placed`` kept inside ``box`` (:func:`.inkbox.inside`)."""
        if not inking():
            return placed
        inks = tuple([ink_of(line, self._faces, self._inks) for line, _ in placed.lines])
        found = inside(box.height, placed.size, tuple([y for _, y in placed.lines]), inks)
        if found is None:
            return placed
        size, shift = found
        self.moved = True
        return _Placed(size, tuple((ln, y + shift) for ln, y in placed.lines), placed.joined)

    def _part(self, line: _Line, start: int, end: int, field: str) -> _Line:
        """A wrapped line's part: cut from it where HarfBuzz allows, else shaped anew."""
        text = line.text[start:end]
        found = self._lines.get(text)
        if found is None:
            found = plain_part(line, start, end)
            if found is None:
                found = cut_part(line, start, end)
                if found is not None and all(
                    run.key == VALUE_FONT for _, runs in found.runs for run in runs
                ):  # all of it in the template's font: a plain line, made as such below
                    found = None
            if found is None:
                return self._line(text, field)
            self._lines[text] = found
        return found

    # -- drawing -------------------------------------------------------------------

    def draw_line(self, line: _Line, size: float, joined: bool = False) -> _Drawn:
        """The operators that draw ``line`` at ``size`` from the current point; ``joined``:
        it goes on with the word of the line before (:func:`.glyphlines.plain_joined`).
        Made once: a name is drawn in several boxes (lines live as long as this object)."""
        found = self._drawn.get(key := (id(line), size, joined))
        if found is None:
            found = self._drawn[key] = self._draw_line(line, size, joined)
        return found

    def _draw_line(self, line: _Line, size: float, joined: bool) -> _Drawn:
        if line.shown is not None:
            shown = plain_joined(line) if joined else line.shown
            return [f"/{VALUE_FONT} {num(size)} Tf {shown}"], {VALUE_FONT}
        if not joined and all(run.key == VALUE_FONT for _, runs in line.runs for run in runs):
            return list(_common_ops(self.form, line.text, size)), {VALUE_FONT}
        ops: list[str] = []
        used: set[str] = set()
        brackets = spanned(any(level for level, _ in line.runs))
        for level, runs in line.runs:
            if level:
                ops.append(f"/{BIDI} << /Level {level} >> BDC")
            for run in runs:
                used.add(run.key)
                if joined and any(not g.cluster for _, gs in run.clusters for g in gs):
                    table = self._template if run.key == VALUE_FONT else self.extra[run.key].table
                    shown = _show(run, size, table, joined=True, spanned=brackets)
                else:
                    shown = self._show(run, size, brackets)
                ops.append(f"/{run.key} {num(size)} Tf {shown}")
            if level:
                ops.append("EMC")
        return ops, used

    def _show(self, run: _Run, size: float, brackets: frozenset[str] = frozenset()) -> str:
        """:func:`_show` of ``run``, made once for every size when no glyph is raised or
        lowered and no cluster needs character spacing (the size then only scales the
        ``Tf``), else once per size (Arabic's cursive joins lower glyphs, its dots make
        clusters): a name is drawn in several boxes."""
        shown = self._shown.get((id(run), None)) or self._shown.get((id(run), size))
        if shown is None:
            table = self._template if run.key == VALUE_FONT else self.extra[run.key].table
            shown = _show(run, size, table, spanned=brackets)
            # a raised or lowered glyph (Ts) or a cluster's character spacing (Tc) is in
            # points, not scaled by the size
            flat = " Tc" not in shown and not any(g.dy for _, gs in run.clusters for g in gs)
            # runs live as long as this object (_lines): their ids are not reused
            self._shown[(id(run), None if flat else size)] = shown
        return shown


@functools.lru_cache(maxsize=_RECENT)
def _common_line(form: Form, text: str) -> _Line | None:
    """``text`` (all of it the template's characters) shaped in the template's own font,
    or ``None`` when a glyph it needs is not in the template (kept across releases: dates,
    the countersigner and repeated titles are shaped once).

    Shaped without ligatures at once: the template's font has no glyph that stands for
    more than its own character, so a line with a ligature ("fi") was shaped again without
    them, and one without is the same either way (checked on 550,000 lines of the
    template's characters: names, titles, random strings, every pair)."""
    shaper = bundled_font().face
    plain = plain_line(shaper, text, _template_hex(form), features=_NO_LIGA)
    if plain is not None:
        return plain
    end = len(text)
    glyphs = shaper.shape([ord(c) for c in text], 0, end, rtl=False, features=_NO_LIGA)
    if not _in_template(glyphs, text, _template_glyphs(form)):
        return None
    advances = [0.0] * end
    for glyph in glyphs:
        advances[glyph.cluster] += glyph.advance / shaper.upem
    run = _Run(VALUE_FONT, _clusters(text, glyphs, end), shaper.upem)
    return _Line(text, ((0, (run,)),), tuple(advances))


@functools.lru_cache(maxsize=_RECENT)
def _common_ops(form: Form, text: str, size: float) -> tuple[str, ...]:
    line = _common_line(form, text)
    assert line is not None
    run = line.runs[0][1][0]
    return (f"/{VALUE_FONT} {num(size)} Tf {_show(run, size, _template_glyphs(form))}",)


def text_appearance(
    form: Form, box: Box, text: str, fonts: ValueFonts, *, field: str
) -> tuple[str, set[str]]:
    """Content of the appearance stream of ``text`` in ``box``, and the fonts it uses."""
    placed = fonts.placed.get((field, box))
    if placed is None:
        raise KeyError(f"{field}: not laid out by ValueFonts.for_values")
    size = placed.size
    used: set[str] = set()
    ops = [
        "/Tx BMC q",
        f"0 0 {coordinate(box.width)} {coordinate(box.height)} re W n",
        "BT 0 g",
    ]
    for i, (line, y) in enumerate(placed.lines):
        width = line.width * size
        if box.align == 1:
            x = (box.width - width) / 2
        elif box.align == 2:  # flush right: the words after the box follow the value as
            x = box.width - width  # they would in running text ("Bohyung Han, agree")
        else:
            x = PADDING
        ops.append(f"1 0 0 1 {coordinate(x)} {coordinate(y)} Tm")
        drawn, keys = fonts.draw_line(line, size, i in placed.joined)
        ops.extend(drawn)
        used |= keys
    ops.append("ET Q EMC")
    return "\n".join(ops), used


_TOKEN = re.compile(
    rb"( Tm\n)|/Span << /ActualText (\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>) >> BDC"
    rb"|/" + BIDI.encode() + rb" << /Level (\d+) >> BDC|/(\w+) BMC|/(\w+) [\d.]+ Tf"
    rb"|<([0-9A-Fa-f]*)>|(EMC)"
)


def read_appearance(content: bytes, glyph_text: Callable[[str, int], str]) -> str | None:
    """The text an appearance stream written by :func:`text_appearance` shows, in logical
    order, lines joined by spaces (none before a :data:`~.joiner.JOINER`);
    ``glyph_text(font, cid)`` is a glyph's ``ToUnicode`` text.

    Clusters (a glyph, or an ``/ActualText`` span) are put back in logical order by the
    levels of their runs; an ``/ActualText`` span counts as its text.
    """
    lines: list[str] = []
    units: list[tuple[str, int]] = []
    marks: list[str] = []
    levels = [0]
    font = ""
    started = False

    def logical() -> str:
        return "".join(units[i][0] for i in reorder([u[1] for u in units]))

    for match in _TOKEN.finditer(content):
        newline, actual, level, tag, key, hexes, end = match.groups()
        if newline:
            if started:
                lines.append(logical())
            units, started = [], True
        elif actual is not None:
            units.append((read_pdf_text(actual), levels[-1]))
            marks.append("Span")
        elif level is not None:
            marks.append(BIDI)
            levels.append(int(level))
        elif tag is not None:
            marks.append(tag.decode())
        elif key is not None:
            font = key.decode()
        elif hexes is not None:
            if "Span" not in marks:
                units.extend(
                    (glyph_text(font, int(hexes[i : i + 4], 16)), levels[-1])
                    for i in range(0, len(hexes), 4)
                )
        elif end and marks and marks.pop() == BIDI and len(levels) > 1:
            levels.pop()
    if started:
        lines.append(logical())
    text = ""
    for line in lines:
        text = join_line(text, " ".join(line.split()))
    return " ".join(text.split()) or None
