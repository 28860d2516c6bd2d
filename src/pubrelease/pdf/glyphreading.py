"""What a run of glyphs spells, told from their outlines in a font we ship.

A printer's subset of a Noto font we ship maps some glyphs to no character: the joined
Arabic and Persian forms, the Indic conjuncts, half forms and reph that HarfBuzz shaped
the value into come back as control codes (Ghostscript) or U+FFFD (pdftocairo), and the
value read from the text layer is a row of holes ('\\x08\\x06या शमा\\x07' for 'प्रिया शर्मा').

The glyphs still say it. Each glyph drawn is found, by its outline
(:func:`.outlineproof.same_outline`), among the glyphs of a font we ship; what
characters each of that font's glyphs can stand for is read from the font itself (its
``cmap``, and its ``GSUB`` lookups walked backwards: a joined form from its letter, a
ligature from its parts); and the text is the one whose shaping by HarfBuzz, run by run
in visual order as ``fill`` lays a value out (:func:`.bidi.visual_runs`), gives exactly
the glyphs drawn, in the order drawn. It is searched for from the glyphs' characters in
the order drawn (or its reverse, right to left), moving a character a few places at a
time (a vowel sign drawn before its consonant, a reph drawn after it) while that makes
more of the shaping agree.

A text is given only when its shaping is the very glyphs drawn; that proves what the
glyphs spell in that font, not where they stand: the caller compares the page with the
value drawn (:mod:`..reading.valueboxes`).
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter

from fontTools.agl import toUnicode
from fontTools.ttLib import TTFont

from .bidi import visual_runs
from .outlineproof import (
    SHIFT,
    glyph_shape,
    hb_font,
    instructed,
    reference_font,
    reference_shape,
    same_shape,
)

__all__ = ["INKLESS", "MAX_GLYPHS", "Drawn", "same_outline", "spelled"]

MAX_GLYPHS = 64
"""Glyphs read as one text, at most (a value box's line)."""
MAX_STEPS = 40
"""Moves tried in turn, at most, before a run of glyphs is given up."""
REACH = 4
"""How many places a character is moved at a time."""
INKLESS = -1
"""What every glyph without an outline (a space) is compared as."""


Drawn = tuple[frozenset[int], float, float]
"""A glyph drawn: the glyph ids of the font with its outline (:data:`INKLESS` for one
without ink), and where its origin stands, in that font's units."""


def spelled(path: str, number: int, drawn: Sequence[Drawn]) -> str | None:
    """The text whose glyphs, laid out by HarfBuzz in the font at ``path`` (``number`` in
    a collection), are ``drawn`` (in the order drawn), each where HarfBuzz sets it (the
    whole moved as one), or None when none is found (see the module)."""
    if not drawn or len(drawn) > MAX_GLYPHS:
        return None
    sources = _sources(path, number)
    inkless = _inkless(path, number)
    units: list[tuple[str, ...]] = []
    for gids, _, _ in drawn:
        found = tuple(dict.fromkeys(t for gid in sorted(gids) for t in _texts(sources, gid)))
        if not found:
            return None
        units.append(found)
    # each glyph compared as the least id of its outline
    same = {gid: min(gids) for gids, _, _ in drawn for gid in gids}
    # (the baseline: where most glyphs stand, HarfBuzz raising only marks)
    baseline = Counter(round(y) for _, _, y in drawn).most_common(1)[0][0]
    target = sorted(((min(gids), x, y - baseline) for gids, x, y in drawn), key=itemgetter(1))
    slack = _units_per_em(path, number) * SLACK
    rtl = any(_rtl(text) for unit in units for text in unit[:1])
    orders = [list(range(len(units)))]
    orders.insert(0 if rtl else 1, orders[0][::-1])

    def agreement(text: str) -> tuple[int, int]:
        placed = [(same.get(g, g), x, y) for g, x, y in _placed(path, number, inkless, text)]
        return _agreement(placed, target, slack)

    for order in orders:
        text = _search(agreement, len(target), units, order, [0] * len(units))
        if text is not None:
            return text
    return None


SLACK = 0.06
"""How far (in ems) a glyph may stand from where HarfBuzz sets it: a printer rounds."""


def _texts(sources: dict[int, tuple[str, ...]], gid: int) -> tuple[str, ...]:
    return (" ",) if gid == INKLESS else sources.get(gid, ())


def _rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def _text(units: list[tuple[str, ...]], order: list[int], choice: list[int]) -> str:
    return "".join(units[i][choice[i]] for i in order)


def _search(
    agreement: Callable[[str], tuple[int, int]],
    count: int,
    units: list[tuple[str, ...]],
    order: list[int],
    choice: list[int],
) -> str | None:
    """Moves from ``order`` and ``choice`` (each unit's text) that make more of the
    layout agree (``agreement``) with the ``count`` glyphs drawn, one at a time (see
    the module)."""
    best = agreement(_text(units, order, choice))
    for _ in range(MAX_STEPS):
        if best == (count, 0):
            return _text(units, order, choice)
        found = None
        for moved, chosen in _moves(units, order, choice):
            score = agreement(_text(units, moved, chosen))
            if score > best:
                best, found = score, (moved, chosen)
        if found is None:
            return None
        order, choice = found
    return None


def _moves(
    units: list[tuple[str, ...]], order: list[int], choice: list[int]
) -> itertools.chain[tuple[list[int], list[int]]]:
    """Every other text for one unit, and every order with one unit moved up to
    :data:`REACH` places."""

    def moved() -> Iterator[tuple[list[int], list[int]]]:
        for at in range(len(order)):
            for to in range(max(0, at - REACH), min(len(order), at + REACH + 1)):
                if to != at:
                    rest = order[:at] + order[at + 1 :]
                    yield [*rest[:to], order[at], *rest[to:]], choice

    def chosen() -> Iterator[tuple[list[int], list[int]]]:
        for index, texts in enumerate(units):
            for other in range(len(texts)):
                if other != choice[index]:
                    yield order, [*choice[:index], other, *choice[index + 1 :]]

    return itertools.chain(chosen(), moved())


Placed = tuple[int, float, float]


def _agreement(placed: list[Placed], target: list[Placed], slack: float) -> tuple[int, int]:
    """How many glyphs of ``target`` (sorted by where they stand) ``placed`` has at the
    same place, within ``slack`` each way, the two lined up at their left or at their
    right ends (the more), and less how many glyphs the counts differ by."""
    if not placed:
        return 0, -len(target)
    xs = [x for _, x, _ in placed]
    best = 0
    for shift in (target[0][1] - min(xs), target[-1][1] - max(xs)):
        free = sorted(((x + shift, gid, y) for gid, x, y in placed))
        taken = [False] * len(free)
        found = 0
        for gid, x, y in target:
            for index, (at, other, height) in enumerate(free):
                if (
                    not taken[index]
                    and other == gid
                    and abs(at - x) <= slack
                    and abs(height - y) <= slack
                ):
                    taken[index] = True
                    found += 1
                    break
        best = max(best, found)
    return best, -abs(len(placed) - len(target))


@functools.lru_cache(maxsize=4096)
def _placed(path: str, number: int, inkless: frozenset[int], text: str) -> tuple[Placed, ...]:
    """The glyphs ``text`` is laid out in, run by run in visual order, each with where
    its origin stands (font units; inkless ones as :data:`INKLESS`)."""
    import uharfbuzz as hb

    font = hb_font(path, number)
    out: list[Placed] = []
    pen = 0.0
    for run in visual_runs(text):
        buffer = hb.Buffer()
        buffer.add_str(text[run.start : run.end])
        buffer.guess_segment_properties()
        hb.shape(font, buffer, {})
        for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
            gid = INKLESS if info.codepoint in inkless else info.codepoint
            out.append((gid, pen + position.x_offset, float(position.y_offset)))
            pen += position.x_advance
    return tuple(out)


@functools.lru_cache(maxsize=8)
def _units_per_em(path: str, number: int) -> int:
    return int(reference_font(path, number)["head"].unitsPerEm)


@functools.lru_cache(maxsize=8)
def _inkless(path: str, number: int) -> frozenset[int]:
    font = reference_font(path, number)
    glyf = font["glyf"]
    return frozenset(
        gid for gid, name in enumerate(font.getGlyphOrder()) if not glyf[name].numberOfContours
    )


MAX_SOURCES = 8
"""Texts kept for one glyph, at most (the shortest)."""


@functools.lru_cache(maxsize=8)
def _sources(path: str, number: int) -> dict[int, tuple[str, ...]]:
    """Glyph id -> the texts it can stand for in the font at ``path``: a character its
    ``cmap`` maps to it, or what a ``GSUB`` lookup makes it from (each glyph it is made
    of read the same way, a few levels deep), shortest first."""
    font = reference_font(path, number)
    order = font.getGlyphOrder()
    position = {name: gid for gid, name in enumerate(order)}
    direct: dict[str, set[str]] = {}
    for code, name in (font.getBestCmap() or {}).items():
        if _letter(chr(code)):
            direct.setdefault(name, set()).add(chr(code))
    # a glyph's name says what it stands for where it follows Adobe's conventions, as
    # the Noto fonts' do ("uni092A094D0930" for प्र, "uni0647.init" for a joined heh)
    for name in order:
        text = toUnicode(name)
        if text and all(_letter(c) for c in text):
            direct.setdefault(name, set()).add(text)
    made: dict[str, set[tuple[str, ...]]] = {}
    parts: set[str] = set()  # glyphs drawn as a piece of another's letter: a dot
    if "GSUB" in font:
        for lookup in font["GSUB"].table.LookupList.Lookup:
            for sub in lookup.SubTable:
                sub = getattr(sub, "ExtSubTable", sub)
                kind = getattr(sub, "LookupType", None)
                if kind == 1:
                    for source, target in sub.mapping.items():
                        made.setdefault(target, set()).add((source,))
                elif kind == 2:  # (a letter drawn as its skeleton and its dots)
                    for source, targets in sub.mapping.items():
                        if targets:
                            made.setdefault(targets[0], set()).add((source,))
                            parts.update(targets[1:])
                elif kind == 3:
                    for source, targets in sub.alternates.items():
                        for target in targets:
                            made.setdefault(target, set()).add((source,))
                elif kind == 4:
                    for first, ligatures in sub.ligatures.items():
                        for ligature in ligatures:
                            made.setdefault(ligature.LigGlyph, set()).add(
                                (first, *ligature.Component)
                            )

    # each glyph's texts with what they cost (the steps of GSUB walked back), the
    # cheapest kept: a letter's own glyph first, then its joined forms, its ligatures
    best: dict[str, dict[str, int]] = {n: dict.fromkeys(t, 0) for n, t in direct.items()}
    for name in parts:
        # (a dot that is no letter of its own is first taken as part of its letter)
        lettered = any(unicodedata.category(c)[0] in "LM" for t in direct.get(name, ()) for c in t)
        best.setdefault(name, {})[""] = 3 if lettered else 0
    for _ in range(6):
        changed = False
        for name, sources_of in made.items():
            known = best.setdefault(name, {})
            for made_of in sources_of:
                pieces = [best.get(part) for part in made_of]
                if not all(pieces):
                    continue
                options = [sorted(p.items(), key=_cheap)[:MAX_SOURCES] for p in pieces if p]
                for combination in itertools.islice(itertools.product(*options), 64):
                    text = "".join(t for t, _ in combination)
                    cost = 1 + sum(c for _, c in combination)
                    if text and cost < known.get(text, 99):
                        known[text] = cost
                        changed = True
            if len(known) > 4 * MAX_SOURCES:
                best[name] = dict(sorted(known.items(), key=_cheap)[: 4 * MAX_SOURCES])
        if not changed:
            break
    result: dict[int, tuple[str, ...]] = {}
    for name, known in best.items():
        if known and name in position:
            result[position[name]] = tuple(
                t for t, _ in sorted(known.items(), key=_cheap)[:MAX_SOURCES]
            )
    return result


def _letter(char: str) -> bool:
    """Whether a name may be written with ``char``: not a presentation form (U+FEE3 'ﻣ'
    is the glyph of a medial meem, but a name is written with the letter)."""
    return not unicodedata.decomposition(char).startswith("<")


def _cheap(item: tuple[str, int]) -> tuple[int, int, str]:
    text, cost = item
    return cost, len(text), text


def same_outline(embedded: TTFont, name: str, path: str, number: int) -> tuple[int, ...] | None:
    """The glyph ids of the font at ``path`` whose outline is glyph ``name`` of
    ``embedded`` (as :func:`prove` compares them; units per em the same, no hinting in
    either), or None when it cannot be told: an inkless glyph, a glyph not read here."""
    if int(embedded["head"].unitsPerEm) != reference_font(path, number)["head"].unitsPerEm:
        return None
    glyf = embedded["glyf"]
    if instructed(glyf, name):
        return None
    drawn = glyph_shape(glyf, embedded["hmtx"], name)
    if drawn is None or not len(drawn[0]):
        return None
    slack = int(embedded["head"].unitsPerEm) / SHIFT
    points = drawn[2]
    size = tuple((points.max(axis=0) - points.min(axis=0)).round().astype(int).tolist())
    names = reference_font(path, number).getGlyphOrder()
    return tuple(
        gid
        for gid in _extents(path, number).get(size, ())
        if same_shape(drawn, reference_shape(path, number, names[gid]), slack)
    )


@functools.lru_cache(maxsize=32)
def _extents(path: str, number: int) -> dict[tuple[int, int], list[int]]:
    """The width and height of the box of a glyph's points (as its ``glyf`` header
    gives them) -> the glyphs of the font at ``path`` with ink of that box."""
    font = reference_font(path, number)
    glyf = font["glyf"]
    out: dict[tuple[int, int], list[int]] = {}
    for gid, name in enumerate(font.getGlyphOrder()):
        glyph = glyf[name]
        if glyph.numberOfContours:
            if not hasattr(glyph, "xMax"):
                glyph.recalcBounds(glyf)
            size = (int(glyph.xMax - glyph.xMin), int(glyph.yMax - glyph.yMin))
            out.setdefault(size, []).append(gid)
    return out
