"""Shaped lines of a value and the operators that draw them.

A :class:`Line` is a value's text shaped into runs of one font and one direction
(:mod:`.appearance` makes them); :func:`show` writes a run as text-showing
operators, :func:`wrap` breaks a line to a width. :func:`plain_line` is the fast
path of the commonest line, one whose every character is drawn by its own glyph of
the template's font, unmoved (Latin names, titles, dates): it writes the operators
once, straight from HarfBuzz's buffer, the same operators :func:`show` writes for it
at any size, without building a glyph tuple per character.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..pdf.joiner import JOINER
from ..pdf.shaping import FontFace, Glyph
from ..pdf.syntax import num, pdf_text

__all__ = [
    "Line", "Plain", "Run", "clusters", "cut_part", "plain_joined", "plain_line", "plain_part",
    "show", "wrap",
]  # fmt: skip


_WORD = re.compile("[^ ]+")
"""A word, as :func:`wrap` breaks lines: characters between spaces (U+0020 only)."""

UNSAFE_TO_BREAK = 1
"""HarfBuzz's glyph flag: breaking the text before this glyph's cluster changes shaping."""


class Plain(NamedTuple):
    """The glyphs of a :func:`plain_line`, one per character."""

    hexes: tuple[str, ...]
    """Each glyph's CID, as four hex digits."""
    adjusted: tuple[int, ...]
    """The glyphs after which a ``TJ`` adjustment is owed (their ``/W`` width less
    HarfBuzz's advance is 0.05 thousandths of an em or more), ascending: a few kerned
    pairs in a title, written without a look at every glyph."""
    adjustments: tuple[str, ...]
    """Those adjustments, as ``TJ`` writes them."""
    infos: Sequence[Any]
    """HarfBuzz's glyph infos, asked where the text may be broken (:func:`_breakable`)
    only where a line is cut: a glyph's flags are an enum Python builds on every read."""


@dataclass(frozen=True, slots=True)
class Run:
    """Glyphs of one font and one direction, cluster by cluster in drawing order."""

    key: str
    """Font resource name (``PRF0`` is the template's)."""
    clusters: tuple[tuple[str, tuple[Glyph, ...]], ...]
    """Each cluster's text (logical order) and its glyphs (drawing order)."""
    upem: int
    infos: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    """HarfBuzz's glyph infos of the glyphs, in drawing order, when the run was shaped
    here: where the text may be broken (:func:`cut_part`)."""


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    runs: tuple[tuple[int, tuple[Run, ...]], ...]
    """Directional runs in drawing order: their bidi level (odd: right to left), font runs."""
    advances: tuple[float, ...]
    """Advance at 1 pt attributed to each character (to the first of a cluster)."""
    shown: str | None = None
    """For a :func:`plain_line` (``runs`` empty): the text-showing operators that draw it
    in the template's font, the same at every size."""
    glyphs: Plain | None = None
    """For a :func:`plain_line`: its glyphs, to cut parts from (:func:`plain_part`)."""

    @property
    def width(self) -> float:
        return sum(self.advances)


def show(
    run: Run,
    size: float,
    table: dict[int, tuple[int, float, str]],
    joined: bool = False,
    spanned: frozenset[str] = frozenset(),
) -> str:
    """Text-showing operators for ``run``: ``TJ`` with HarfBuzz's advances and offsets,
    ``Ts`` for vertical offsets, ``/ActualText`` around a cluster that is not one glyph
    whose ``ToUnicode`` text is the cluster's; ``table`` gives each glyph id's (CID,
    ``/W`` width, ``ToUnicode`` text) in the font. ``joined``: the line goes on with the
    word the line before it ends in (:func:`wrap` broke it there), and the cluster of its
    first character reads as :data:`~.joiner.JOINER` and its text, in an ``/ActualText``
    span. ``spanned``: clusters drawn in an ``/ActualText`` span of their own text all
    the same (:func:`.mirrored.spanned`)."""
    scale = 1000.0 / run.upem
    if not joined:
        simple = _simple_show(run, table, spanned, scale)
        if simple is not None:
            return simple
    out: list[str] = []
    parts: list[str] = []
    """Tokens of the ``TJ`` array being written."""
    ids: list[str] = []
    """Glyph ids drawn since the last adjustment, one hex string to be."""
    pending = 0.0
    """Adjustment (thousandths of an em, ``TJ``'s sign) owed before the next glyph."""
    rise = 0.0

    def owe() -> None:
        if pending >= 0.05 or pending <= -0.05:
            if ids:
                parts.append("<" + "".join(ids) + ">")
                ids.clear()
            parts.append(_number(pending))

    def flush() -> None:
        nonlocal pending
        owe()
        if ids:
            parts.append("<" + "".join(ids) + ">")
            ids.clear()
        if len(parts) == 1 and parts[0][0] == "<":
            out.append(parts[0] + " Tj")
        elif parts:
            out.append("[" + " ".join(parts) + "] TJ")
        parts.clear()
        pending = 0.0

    for text, glyphs in run.clusters:
        if joined and any(not g.cluster for g in glyphs):
            text = JOINER + text
        if len(glyphs) == 1 and not rise:
            glyph = glyphs[0]
            cid, width, own = table[glyph.gid]
            if own == text and not glyph.dx and not glyph.dy and text not in spanned:
                owe()
                ids.append(f"{cid:04X}")
                pending = width - glyph.advance * scale
                continue
        drawn = [table[g.gid] for g in glyphs]
        if len(drawn) == 1 and drawn[0][2] == text and text not in spanned:  # raised, lowered
            glyph, (cid, width, _) = glyphs[0], drawn[0]
            dy = glyph.dy * scale * size / 1000.0
            if abs(dy - rise) > _SAME_RISE * size / 1000.0:
                flush()
                out.append(f"{num(round(dy, 3))} Ts")
                rise = dy
            shift = glyph.dx * scale
            pending -= shift
            owe()
            ids.append(f"{cid:04X}")
            pending = width + shift - glyph.advance * scale
            continue
        flush()
        out.append(f"/Span << /ActualText {pdf_text(text)} >> BDC")
        pending, rise = _spanned(glyphs, drawn, scale, size, pending, rise, out)
        out.append("EMC")
    flush()
    if rise:
        out.append("0 Ts")
    return " ".join(out)


def _simple_show(
    run: Run, table: dict[int, tuple[int, float, str]], spanned: frozenset[str], scale: float
) -> str | None:
    """What :func:`show` writes for ``run`` when every cluster takes its first branch (a
    glyph drawn for its own text, unmoved: an ideograph's, most of a Latin word's),
    written without its closures; else ``None``."""
    ids: list[str] = []
    parts: list[str] = []
    pending = 0.0
    for text, glyphs in run.clusters:
        if len(glyphs) != 1:
            return None
        glyph = glyphs[0]
        cid, width, own = table[glyph.gid]
        if own != text or glyph.dx or glyph.dy or text in spanned:
            return None
        if pending >= 0.05 or pending <= -0.05:  # show()'s owe()
            if ids:
                parts.append("<" + "".join(ids) + ">")
                ids.clear()
            parts.append(_number(pending))
        ids.append(f"{cid:04X}")
        pending = width - glyph.advance * scale
    if pending >= 0.05 or pending <= -0.05:  # and its flush()
        if ids:
            parts.append("<" + "".join(ids) + ">")
            ids.clear()
        parts.append(_number(pending))
    if ids:
        parts.append("<" + "".join(ids) + ">")
    if len(parts) == 1 and parts[0][0] == "<":
        return parts[0] + " Tj"
    return "[" + " ".join(parts) + "] TJ" if parts else ""


def _spanned(
    glyphs: tuple[Glyph, ...],
    drawn: list[tuple[int, float, str]],
    scale: float,
    size: float,
    pending: float,
    rise: float,
    out: list[str],
) -> tuple[float, float]:
    """Operators for the glyphs of one ``/ActualText`` cluster (appended to ``out``), drawn
    so that the span's glyphs reach from the cluster's start to its end: poppler puts the
    span's text from the origin of its first glyph to the end of its last (``/W`` width
    plus ``Tc``), and a gap there reads as a space inside the word ("العمي ق").

    The glyph at the cluster's left (least offset, one that advances: an Arabic letter's
    body, not the dots HarfBuzz places over it) is drawn first, then the others at its
    rise, then the raised or lowered ones (PDFium gives a span the box of its first
    text-showing operator: a subjoined letter raised with ``Ts`` before the vowel sign of
    "স্বা" ended the span short and a space was read inside "স্বামী"), and the last one ends where
    the cluster ends: a character spacing (``Tc``) set for the span's glyphs gives the last
    one what it lacks, and the ``TJ`` adjustments take it back after every other one, so
    that the span stays one text-showing operator where it can (PDFium reads a span drawn
    by two as its text twice: "จันทจั ร์"); ``Tc`` is 0 again before the span closes. Same
    pixels: each glyph is where HarfBuzz puts it.
    ``pending`` is the ``TJ`` adjustment owed on entry (the pen is that far right of the
    cluster's start, in thousandths of an em), as in :func:`show`; returns the adjustment
    owed after the cluster and the text rise."""
    count = len(glyphs)
    offsets = [0.0] * count
    pen = 0
    first, least = -1, math.inf
    for i, glyph in enumerate(glyphs):
        offset = offsets[i] = (pen + glyph.dx) * scale
        if glyph.advance and offset < least:
            first, least = i, offset
        pen += glyph.advance
    if first < 0:
        first = min(range(count), key=offsets.__getitem__)
    end = pen * scale
    level = glyphs[first].dy
    near = [abs(glyph.dy - level) * scale <= _SAME_RISE for glyph in glyphs]
    order = [first, *[i for i in range(count) if i != first and near[i]]]
    order += [i for i in range(count) if not near[i]]
    spacing = round((end - _drawn_end(order, offsets, drawn, pending)) * size / 1000.0, 3)
    extra = spacing * 1000.0 / size
    """What ``Tc`` adds after each glyph, in thousandths of an em."""
    if spacing:
        out.append(f"{num(spacing)} Tc")
    parts: list[str] = []
    at = pending
    """Where the pen is, from the cluster's start (thousandths of an em)."""
    for i in order:
        glyph = glyphs[i]
        cid, width, _ = drawn[i]
        if glyph.dy or rise:
            dy = glyph.dy * scale * size / 1000.0
            if abs(dy - rise) > _SAME_RISE * size / 1000.0:
                _flush(parts, out)
                out.append(f"{num(round(dy, 3))} Ts")
                rise = dy
        move = _move(at, offsets[i])
        if move:
            parts.append(str(int(move)) if move.is_integer() else str(move))
            at -= move  # where the pen is, rounding and all
        at += width + extra
        parts.append(f"<{cid:04X}>")
    _flush(parts, out)
    if spacing:
        out.append("0 Tc")
    return at - end, rise


_SAME_RISE = 5.0
"""A vertical offset this close (thousandths of an em) to the text rise in force is drawn
at it: 0.05 pt at 10 pt, a seventh of a pixel at 200 dpi. HarfBuzz lowers some Thai marks
by a unit or two of the font's em, and a ``Ts`` for that split the mark's ``/ActualText``
span into two text-showing operators, which PDFium reads as its text twice ("ช้า":
"ช้ช้า")."""


def _move(at: float, offset: float) -> float:
    """The ``TJ`` adjustment (to a tenth) that takes the pen from ``at`` to ``offset``; 0
    when it is less than half a tenth."""
    move = at - offset
    return round(move, 1) if move >= 0.05 or move <= -0.05 else 0.0


def _drawn_end(
    order: list[int], offsets: list[float], drawn: list[tuple[int, float, str]], at: float
) -> float:
    """Where the pen ends after drawing the glyphs in ``order`` at ``offsets``, from ``at``,
    with no character spacing (rounding of the adjustments and all)."""
    for i in order:
        at -= _move(at, offsets[i])
        at += drawn[i][1]
    return at


def _flush(parts: list[str], out: list[str]) -> None:
    """``parts`` (glyph strings and adjustments) as one ``Tj`` or ``TJ``, into ``out``."""
    if parts:
        if len(parts) == 1 and parts[0][0] == "<":
            out.append(parts[0] + " Tj")
        else:
            out.append("[" + " ".join(parts) + "] TJ")
        parts.clear()


def _number(value: float) -> str:
    """A ``TJ`` adjustment to a tenth of a thousandth of an em."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded.is_integer() else str(rounded)


def plain_line(
    face: FontFace,
    text: str,
    table: Mapping[int, tuple[str, float, str]],
    features: dict[str, bool] | None = None,
) -> Line | None:
    """``text`` shaped left to right in ``face`` (the template's font) with ``features``,
    when every character is drawn by the template's own glyph for it (``table``: glyph id
    to its CID as four hex digits, ``/W`` width, character), one glyph per character, in
    order, with no offset; else ``None`` (the general path then decides).

    ``shown`` is what :func:`show` writes for such a run (:func:`_shown`).
    """
    buf = face.text_buffer(text, features=features)
    infos = buf.glyph_infos
    # list comprehensions over the buffer, not one loop doing everything: a third the time
    entries = [table.get(info.codepoint) for info in infos]
    n = len(text)
    if (
        None in entries
        or len(entries) != n
        or [info.cluster for info in infos] != list(range(n))
        or "".join([e[2] for e in entries]) != text  # type: ignore[index]
    ):
        return None
    # each field read as itself: a position's ``position`` builds a tuple of all four
    positions = buf.glyph_positions
    if any([pos.x_offset or pos.y_offset for pos in positions]):
        return None
    upem = face.upem
    scale = 1000.0 / upem
    advances = [pos.x_advance for pos in positions]
    owed = [e[1] - a * scale for e, a in zip(entries, advances, strict=True)]  # type: ignore[index]
    adjusted = tuple([i for i, value in enumerate(owed) if value >= 0.05 or value <= -0.05])
    glyphs = Plain(
        tuple([e[0] for e in entries]),  # type: ignore[index]
        adjusted,
        tuple([_number(owed[i]) for i in adjusted]),
        infos,
    )
    return Line(text, (), tuple([a / upem for a in advances]), _shown(glyphs), glyphs)


def _breakable(text: str, infos: Sequence[Any], at: int) -> bool:
    """Whether ``text`` may be cut before character ``at`` (a :func:`plain_line`'s, one
    glyph each): at a word boundary where HarfBuzz's ``UNSAFE_TO_BREAK`` flag is not set."""
    return (
        0 < at < len(text)
        and (text[at] == " " or text[at - 1] == " ")
        and not int(infos[at].flags) & UNSAFE_TO_BREAK
    )


def plain_part(line: Line, start: int, end: int) -> Line | None:
    """``line.text[start:end]`` cut from a :func:`plain_line`, when HarfBuzz says the text
    may be broken at both ends (:func:`_breakable`, word boundaries): shaping
    the part alone then gives exactly these glyphs; else ``None`` (shape it again)."""
    glyphs = line.glyphs
    if glyphs is None or start >= end:
        return None
    text, infos = line.text, glyphs.infos
    if (start and not _breakable(text, infos, start)) or (
        end < len(text) and not _breakable(text, infos, end)
    ):
        return None
    adjusted = glyphs.adjusted
    first, last = bisect.bisect_left(adjusted, start), bisect.bisect_left(adjusted, end)
    part = Plain(
        glyphs.hexes[start:end],
        tuple([i - start for i in adjusted[first:last]]),
        glyphs.adjustments[first:last],
        infos[start:end],
    )
    return Line(text[start:end], (), line.advances[start:end], _shown(part), part)


def plain_joined(line: Line) -> str:
    """What :func:`show` writes for a :func:`plain_line` that goes on with the word the line
    before it ends in (:func:`wrap` broke it there): its first glyph in an ``/ActualText``
    span of :data:`~.joiner.JOINER` and that character."""
    glyphs = line.glyphs
    assert glyphs is not None
    hexes, adjusted, adjustments = glyphs.hexes, glyphs.adjusted, glyphs.adjustments
    first = f"<{hexes[0]}> Tj"
    if adjusted and not adjusted[0]:  # the adjustment owed after it, inside the span
        first = f"[<{hexes[0]}> {adjustments[0]}] TJ"
        adjusted, adjustments = adjusted[1:], adjustments[1:]
    span = f"/Span << /ActualText {pdf_text(JOINER + line.text[0])} >> BDC {first} EMC"
    if len(hexes) == 1:
        return span
    rest = Plain(hexes[1:], tuple([i - 1 for i in adjusted]), adjustments, ())
    return f"{span} {_shown(rest)}"


def cut_part(line: Line, start: int, end: int) -> Line | None:
    """``line.text[start:end]`` cut from a left-to-right line of shaped runs (a CJK title
    in two fonts, a Latin one with a letter the template lacks), when each of its
    clusters is one glyph and HarfBuzz says the text may be broken at both ends (no
    ``UNSAFE_TO_BREAK`` on the glyph there): shaping the part alone then gives these
    glyphs, and the part keeps the fonts its line was measured in; else ``None``."""
    if line.shown is not None or start >= end or any(level for level, _ in line.runs):
        return None
    make = tuple.__new__
    runs: list[Run] = []
    for _, pieces in line.runs:
        for run in pieces:
            if len(run.infos) != len(run.clusters):  # a cluster of several glyphs
                return None
            kept: list[tuple[str, tuple[Glyph, ...]]] = []
            kept_infos: list[Any] = []
            for (text, glyphs), info in zip(run.clusters, run.infos, strict=True):
                glyph = glyphs[0]
                at = glyph.cluster
                if at < start:  # before the part: unless cut in two, passed by at once
                    if at + len(text) > start:
                        return None
                    continue
                if at >= end:  # after it: one that starts where the part ends may break
                    if at == end and int(info.flags) & UNSAFE_TO_BREAK:
                        return None
                    continue
                if at + len(text) > end:  # a cluster cut in two
                    return None
                if at == start and at and int(info.flags) & UNSAFE_TO_BREAK:
                    return None
                moved = (glyph.gid, at - start, glyph.advance, glyph.dx, glyph.dy)
                kept.append((text, (make(Glyph, moved),)))
                kept_infos.append(info)
            if kept:
                runs.append(Run(run.key, tuple(kept), run.upem, tuple(kept_infos)))
    return Line(line.text[start:end], ((0, tuple(runs)),), line.advances[start:end])


def _shown(glyphs: Plain) -> str:
    """What :func:`show` writes for a plain run (every cluster takes its first branch):
    glyph ids in runs, a ``TJ`` adjustment wherever HarfBuzz's advance differs from the
    ``/W`` width by 0.05 thousandths of an em or more."""
    hexes = glyphs.hexes
    parts: list[str] = []
    start = 0
    for i, number in zip(glyphs.adjusted, glyphs.adjustments, strict=True):  # as show()'s
        parts.append("<" + "".join(hexes[start : i + 1]) + ">")  # owe() and flush()
        parts.append(number)
        start = i + 1
    if start < len(hexes):
        parts.append("<" + "".join(hexes[start:]) + ">")
    if len(parts) == 1 and parts[0][0] == "<":
        return parts[0] + " Tj"
    return "[" + " ".join(parts) + "] TJ" if parts else ""


def clusters(text: str, glyphs: list[Glyph], end: int) -> tuple[tuple[str, tuple[Glyph, ...]], ...]:
    """Shaped glyphs grouped by cluster (consecutive glyphs of one cluster), each with the
    text it stands for.

    A cluster of glyphs that do not advance drawn left of where the cluster before it
    starts (the below-base ত of Bengali "ন্ত", a cluster of its own for HarfBuzz) joins that
    cluster: drawn apart, it was read before it ("অনতন্" for "অনন্ত")."""
    first = glyphs[0].cluster if glyphs else end  # a glyph a character, each advancing:
    if [g.cluster for g in glyphs] == [*range(first, end)] and all([g.advance for g in glyphs]):
        return tuple(zip(text[first:end], zip(glyphs), strict=True))  # (character, (glyph,))
    starts = sorted({g.cluster for g in glyphs})
    bounds = dict(zip(starts, [*starts[1:], end], strict=True))
    if len(starts) == len(glyphs) and all([g.advance for g in glyphs]):
        # a glyph a cluster, each advancing (CJK, most Latin): no cluster joins another
        return tuple([(text[g.cluster : bounds[g.cluster]], (g,)) for g in glyphs])
    out: list[tuple[int, int, list[Glyph]]] = []
    """Each group's text range and glyphs."""
    pen = 0
    begin = 0
    """Where the pen is, and where the last group started (font units)."""
    for glyph in glyphs:
        last = out[-1] if out else None
        if last is not None and glyph.cluster == last[2][-1].cluster:
            last[2].append(glyph)
        elif (
            last is not None
            and not glyph.advance
            and pen + glyph.dx < begin
            and not any(g.advance for g in _same_cluster(glyphs, glyph))
        ):
            low, high = glyph.cluster, bounds[glyph.cluster]
            out[-1] = (min(last[0], low), max(last[1], high), [*last[2], glyph])
        else:
            out.append((glyph.cluster, bounds[glyph.cluster], [glyph]))
            begin = pen
        pen += glyph.advance
    return tuple((text[start:stop], tuple(group)) for start, stop, group in out)


def _same_cluster(glyphs: list[Glyph], glyph: Glyph) -> list[Glyph]:
    return [g for g in glyphs if g.cluster == glyph.cluster]


def wrap(line: Line, size: float, width: float, *, anywhere: bool = False) -> list[tuple[int, int]]:
    """Break ``line`` into ranges at most ``width`` wide at ``size``: at spaces, and inside a
    word wider than the box between clusters, where :func:`_may_break` allows (else where
    it must), after a ``・`` (:data:`_AFTER`) or before a hyphen (:data:`_BEFORE`) when one
    leaves the line at least half full. A break inside a word is one where a range ends
    where the next starts. ``anywhere``: between any clusters, as releases issued before
    1 December 2026 were broken."""
    text, adv = line.text, line.advances

    def wide(a: int, b: int) -> float:
        return sum(adv[a:b]) * size

    words = [match.span() for match in _WORD.finditer(text)]
    out: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for a, b in words:
        candidate = (current[0], b) if current else (a, b)
        if wide(*candidate) <= width:
            current = candidate
            continue
        if current:
            out.append(current)
        current = None
        piece = a
        allowed = preferred = -1
        """The last breaks in the piece :func:`_may_break` allows, and of those the last
        after :data:`_AFTER` or before :data:`_BEFORE`."""
        for i in range(a + 1, b):
            if not adv[i]:
                continue
            if wide(piece, i + 1) > width and i > piece:
                cut = i if anywhere or allowed <= piece else allowed
                if preferred > piece and wide(piece, preferred) >= width / 2:
                    cut = preferred
                out.append((piece, cut))
                piece = cut
            if anywhere or _may_break(text, i):
                allowed = i
                if not anywhere and (text[i - 1] in _AFTER or text[i] in _BEFORE):
                    preferred = i
        current = (piece, b)
    if current:
        out.append(current)
    return out


_AFTER = frozenset("\u30fb\uff65\u00b7/")
"""Characters a word is best broken after: the katakana middle dot (``・``, half-width
too), the middle dot, a slash."""

_BEFORE = frozenset("-\u2010\u2011\u2012\u2013\u2014")
"""Hyphens and dashes: a word is best broken before one, and never after, since a text
extractor takes a hyphen that ends a line for a word's hyphenation and drops it (PDFium
gives U+FFFE for it: "Константинопольская-" / "Преображенская" was read without it)."""

_NO_START = frozenset("\u0e30\u0e32\u0e33\u0e45\u0e46\u0e2f\u0eb0\u0eb2\u0eb3\u0ec6\u30fc\u0640")
"""Letters that never start a line: Thai and Lao vowels that follow their consonant
("เกล้|า" was broken so), the repetition marks, the katakana prolonged sound mark, the
Arabic tatweel."""

_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4")
"""Thai and Lao vowels written before their consonant."""

_NO_END = _LEADING | {"\u0640"}
"""Letters that never end a line: :data:`_LEADING`, the Arabic tatweel."""


def _may_break(text: str, at: int) -> bool:
    """Whether a word may be broken before character ``at``: not before a mark, a
    closing or connecting punctuation mark, a format character, a letter of
    :data:`_NO_START` or of :data:`_AFTER`; not after an opening punctuation mark, a
    format character (a join control), a hyphen (:data:`_BEFORE`) or a letter of
    :data:`_NO_END`, nor after a letter of :data:`_LEADING` and its consonant (the
    syllable goes on)."""
    after, before = text[at], text[at - 1]
    if after in _NO_START or before in _NO_END or after in _AFTER or before in _BEFORE:
        return False
    if at > 1 and text[at - 2] in _LEADING:  # "เก|ล้า": one syllable
        return False
    if unicodedata.category(after) in _NO_START_KINDS:
        return False
    return unicodedata.category(before) not in _NO_END_KINDS


_NO_START_KINDS = frozenset({"Mn", "Mc", "Me", "Pe", "Pf", "Pc", "Cf", "Lm", "Sk"})
_NO_END_KINDS = frozenset({"Ps", "Pi", "Cf"})
