"""What a run of glyphs spells, told from their outlines in a font we ship.

A printer's subset of a Noto font we ship maps some glyphs to no character: the joined
Arabic and Persian forms, the Indic conjuncts, half forms and reph that HarfBuzz shaped
the value into come back as control codes (Ghostscript) or U+FFFD (pdftocairo), and the
value read from the text layer is a row of holes ('\\x08\\x06या शमा\\x07' for 'प्रिया शर्मा').

The glyphs still say it. Each glyph drawn is found, by its outline
(:func:`same_outline`), among the glyphs of a font we ship; what characters each of that
font's glyphs can stand for is read from the font itself (its ``cmap``, its glyph names
where they follow Adobe's conventions, and its ``GSUB`` lookups walked back: a joined
form from its letter, a ligature from its parts, a letter's skeleton and dot drawn as
two glyphs from the letter), the cheapest readings first; and the text is the one whose
layout by HarfBuzz, run by run in visual order as ``fill`` lays a value out
(:func:`.bidi.visual_runs`), is exactly the glyphs drawn, each where it stands (within
:data:`SLACK`). It is searched for from the glyphs' readings in the order drawn (or its
reverse, right to left), changing one reading, or moving one a few places (a vowel sign
drawn before its consonant, a reph after it), or, when that is not enough, changing two
readings side by side (a skeleton and its dot), while more of the layout agrees. Of
texts drawn alike (a final Persian yeh and an alef maksura), the one with the letters
the text layer names, or the text has elsewhere, is given.

A text is given only when its layout is the very glyphs drawn where they stand: the
caller compares the page with ``fill``'s drawing of it too
(:mod:`..reading.valueboxes`).
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

from .bidi import MIRROR, visual_runs
from .markorder import Placed, by_ids, marks_after
from .outlineproof import (
    SHIFT,
    glyph_shape,
    hb_font,
    instructed,
    reference_font,
    reference_shape,
    same_shape,
)
from .spellings import DEAD_VOWEL, LOOK_ALIKE, PERSIAN, SPLIT_LEFT, USUAL
from .undrawnspaces import with_undrawn_spaces

__all__ = ["INKLESS", "MAX_GLYPHS", "MAX_LAYOUTS", "Drawn", "lays_out", "same_outline", "spelled"]

MAX_GLYPHS = 64
"""Glyphs read as one text, at most (a value box's line)."""
MAX_STEPS = 40
"""Moves tried in turn, at most, before a run of glyphs is given up."""
MAX_LAYOUTS = 5_000
"""Texts laid out and compared, at most, before a run of glyphs is given up (a few
seconds for a long line; an honest name of a print needs 150 to 3,400)."""
REACH = 4
"""How many places a character is moved at a time."""
INKLESS = -1
"""What every glyph without an outline (a space) is compared as."""
Text = tuple[str, int]
"""A text a glyph can stand for, and what reading it so costs (steps of ``GSUB`` walked
back; a symbol, or nothing for a dot, costs more than a letter)."""


Drawn = tuple[frozenset[int], float, float]
"""A glyph drawn: the glyph ids of the font with its outline (:data:`INKLESS` for one
without ink), and where its origin stands, in that font's units."""


def spelled(
    path: str,
    number: int,
    drawn: Sequence[Drawn],
    hint: str = "",
    budget: list[int] | None = None,
) -> str | None:
    """The text whose glyphs, laid out by HarfBuzz in the font at ``path`` (``number`` in
    a collection), are ``drawn`` (in the order drawn), each where HarfBuzz sets it (the
    whole moved as one), or None when none is found (see the module). Of texts drawn
    alike, the one with the characters ``hint`` has (the text layer's) is given.
    ``budget``: how many texts may still be laid out (one list shared by the calls of a
    file, :data:`MAX_LAYOUTS` by default); none is given once they are spent."""
    if not drawn or len(drawn) > MAX_GLYPHS:
        return None
    slack = _units_per_em(path, number) * SLACK
    drawn = with_undrawn_spaces(path, number, drawn, INKLESS, hint)  # (pdftocairo's)
    sources = _sources(path, number)
    inkless = _inkless(path, number)
    units: list[tuple[str, ...]] = []
    pieced = _pieced(path, number)
    for index, (gids, _, _) in enumerate(drawn):
        # (the glyphs of one outline: their texts, the cheapest first; first of all, the
        # letters it is the skeleton of with a dot drawn next to it)
        texts = sorted((item for gid in gids for item in _texts(sources, gid)), key=_cheap)
        beside = [g for near in drawn[max(0, index - 1) : index + 2] for g in near[0]]
        dotted = sorted(
            (t for gid in gids for piece in beside for t in pieced.get((gid, piece), ())),
            key=lambda t: (any(map(_extended, t)), t),
        )
        found = tuple(dict.fromkeys([*dotted, *(text for text, _ in texts)]))
        if not found:
            return None
        units.append(found)
    same, target = _aligned(drawn)
    rtl = any(_rtl(text) for unit in units for text in unit[:1])
    orders = [list(range(len(units)))]
    orders.insert(0 if rtl else 1, orders[0][::-1])
    if rtl:  # (first, each letter's marks after it: drawn after it, so reversed before it)
        orders.insert(0, marks_after(orders[0], units))

    left = budget if budget is not None else [MAX_LAYOUTS]

    def agreement(text: str) -> Score:
        left[0] -= 1
        if left[0] < 0:
            raise _Spent
        placed = [(same.get(g, g), x, y) for g, x, y in _placed(path, number, inkless, text)]
        return _agreement(placed, target, slack)

    try:
        for order in orders:
            searched = _search(agreement, len(target), units, order, [0] * len(units))
            if searched is not None:
                return _usual(agreement, len(target), units, *searched, hint)
    except _Spent:
        pass
    return None


def lays_out(path: str, number: int, drawn: Sequence[Drawn], text: str) -> bool:
    """Whether ``text``, laid out by HarfBuzz in the font at ``path`` as :func:`spelled`
    lays a text out, is exactly the glyphs ``drawn``, each where it stands (within
    :data:`SLACK`; the whole moved as one): a reading checked, not searched for. Glyphs
    without ink are left out of both (pdftocairo draws no space, or one in a font of
    its own)."""
    inked = [glyph for glyph in drawn if INKLESS not in glyph[0]]
    if not inked or len(drawn) > MAX_GLYPHS or not text:
        return False
    same, target = _aligned(inked)
    placed = [
        (same.get(g, g), x, y)
        for g, x, y in _placed(path, number, _inkless(path, number), text)
        if g != INKLESS
    ]
    count = len(target)
    slack = _units_per_em(path, number) * SLACK
    return _agreement(placed, target, slack) == (count, count, 0)


def _aligned(drawn: Sequence[Drawn]) -> tuple[dict[int, int], list[Placed]]:
    """Each glyph id of ``drawn`` -> the least id of its outline (what glyphs are
    compared as), and the glyphs so, with where they stand above the baseline (where
    most glyphs stand, HarfBuzz raising only marks), left to right."""
    same = {gid: min(gids) for gids, _, _ in drawn for gid in gids}
    baseline = Counter(round(y) for _, _, y in drawn).most_common(1)[0][0]
    target = sorted(((min(gids), x, y - baseline) for gids, x, y in drawn), key=itemgetter(1))
    return same, target


class _Spent(Exception):
    """The layouts a reading may try are tried (:data:`MAX_LAYOUTS`)."""


def _usual(
    agreement: Callable[[str], Score],
    count: int,
    units: list[tuple[str, ...]],
    order: list[int],
    choice: list[int],
    hint: str,
) -> str:
    """Of the texts the same glyphs spell (a final Persian yeh is drawn as an alef
    maksura is; a medial African noon as a noon), the one with the usual letters: those
    of ``hint``, then those the text has elsewhere, then those outside the scripts'
    extended blocks."""
    for index, texts in enumerate(units):
        text = _text(units, order, choice)
        best = (_rarity(texts[choice[index]], text, hint), choice[index])
        for other in range(len(texts)):
            if other == choice[index] or _rarity(texts[other], text, hint) >= best[0]:
                continue
            chosen = [*choice[:index], other, *choice[index + 1 :]]
            if agreement(_text(units, order, chosen)) == (count, count, 0):
                best = (_rarity(texts[other], text, hint), other)
        choice = [*choice[:index], best[1], *choice[index + 1 :]]
    text = _text(units, order, choice)

    def alike(other: str) -> bool:
        return other != text and agreement(other) == (count, count, 0)

    # the letters a name is written with where HarfBuzz draws another spelling alike
    # (:data:`USUAL`); the Persian yeh and keheh in a name with Persian or Urdu letters
    # (their initial and medial forms are the Arabic yeh's and kaf's, the final yeh the
    # alef maksura's)
    for pattern, usual in USUAL:
        written = pattern.sub(usual, text)
        text = written if alike(written) else text
    composed = unicodedata.normalize("NFC", text)  # (Bengali ো as one character, as stored)
    text = composed if alike(composed) else text
    persian = any(c in PERSIAN for c in text + hint)
    for at, char in enumerate(text):
        wanted = LOOK_ALIKE.get(char, char) if persian else char
        written = text[:at] + wanted + text[at + 1 :]
        text = written if alike(written) else text
    return text


def _rarity(part: str, text: str, hint: str) -> int:
    """How unusual the characters of ``part`` are in ``text`` (see :func:`_usual`)."""
    return sum(
        0 if c in hint else 1 if text.count(c) > part.count(c) else 3 if _extended(c) else 2
        for c in part
    )


def _extended(char: str) -> bool:
    """Whether ``char`` is in a block of rarer letters (Arabic Supplement and Extended,
    Devanagari Extended, Bengali's and Tamil's rare signs aside)."""
    code = ord(char)
    return 0x0750 <= code < 0x0780 or 0x0870 <= code < 0x0900 or 0xA8E0 <= code < 0xA900


SLACK = 0.06
"""How far (in ems) a glyph may stand from where HarfBuzz sets it: a printer rounds."""


def _texts(sources: dict[int, tuple[Text, ...]], gid: int) -> tuple[Text, ...]:
    found = ((" ", 0),) if gid == INKLESS else sources.get(gid, ())
    return found + tuple((MIRROR[t], c + 1) for t, c in found if t in MIRROR)  # (L4's pair)


def _rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def _text(units: list[tuple[str, ...]], order: list[int], choice: list[int]) -> str:
    return DEAD_VOWEL.sub("\\1\\2\u0dca", "".join(units[i][choice[i]] for i in order))


def _search(
    agreement: Callable[[str], Score],
    count: int,
    units: list[tuple[str, ...]],
    order: list[int],
    choice: list[int],
) -> tuple[list[int], list[int]] | None:
    """Moves from ``order`` and ``choice`` (each unit's text) that make more of the
    layout agree (``agreement``) with the ``count`` glyphs drawn, one at a time (see
    the module)."""
    best = agreement(_text(units, order, choice))
    for _ in range(MAX_STEPS):
        if best == (count, count, 0):
            return order, choice
        found = None
        for moves in (_moves, _pairs):  # (two texts changed at once only when one is not enough)
            for moved, chosen in moves(units, order, choice):
                score = agreement(_text(units, moved, chosen))
                if score > best:
                    best, found = score, (moved, chosen)
            if found is not None:
                break
        if found is None:
            return None
        order, choice = found
    return None


def _pairs(
    units: list[tuple[str, ...]], order: list[int], choice: list[int]
) -> Iterator[tuple[list[int], list[int]]]:
    """Every other text for two units standing next to each other or one apart (a
    letter's skeleton and its dot, each read as a character of its own)."""
    for at, first in enumerate(order):
        for second in order[at + 1 : at + 3]:
            for one in range(len(units[first])):
                for two in range(len(units[second])):
                    if one != choice[first] and two != choice[second]:
                        chosen = list(choice)
                        chosen[first], chosen[second] = one, two
                        yield order, chosen


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


Score = tuple[int, int, int]


def _agreement(placed: list[Placed], target: list[Placed], slack: float) -> Score:
    """How far ``placed`` is ``target`` (both sorted by where they stand): the glyphs they
    share in order, wherever they stand; how many of ``target`` it has at the same place
    within ``slack`` each way, the two lined up at their left or at their right ends
    (the more); less how many glyphs the counts differ by. ``target`` is drawn as laid
    out when that is (its length, its length, 0)."""
    if not placed:
        return 0, 0, -len(target)
    ordered = sorted(placed, key=itemgetter(1))
    shared = _common([g for g, _, _ in ordered], [g for g, _, _ in target])
    alike: dict[int, list[tuple[int, float, float]]] = {}  # (each glyph's places, in order)
    for index, (other, at, height) in enumerate(ordered):
        alike.setdefault(other, []).append((index, at, height))
    best = 0
    for shift in (target[0][1] - ordered[0][1], target[-1][1] - ordered[-1][1]):
        taken = [False] * len(ordered)
        found = 0
        for gid, x, y in target:
            for index, at, height in alike.get(gid, ()):
                if not taken[index] and abs(at + shift - x) <= slack and abs(height - y) <= slack:
                    taken[index] = True
                    found += 1
                    break
        best = max(best, found)
    if shared < best == len(target) == len(placed):  # (at one place, drawn in another order)
        units = slack / SLACK
        ids = [g for g, _, _ in by_ids(ordered, units)], [g for g, _, _ in by_ids(target, units)]
        shared = max(shared, _common(*ids))
    return shared, best, -abs(len(placed) - len(target))


def _common(a: list[int], b: list[int]) -> int:
    """The length of the longest sequence of glyphs both ``a`` and ``b`` have in order."""
    row = [0] * (len(b) + 1)
    for first in a:
        previous = left = 0  # (left: the row's value just made; no max(), no read twice)
        for index, second in enumerate(b, 1):
            current = row[index]
            if first == second:
                left = previous + 1
            elif current > left:
                left = current
            row[index] = left
            previous = current
    return row[-1]


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


Made = dict[str, set[tuple[str, ...]]]


@functools.lru_cache(maxsize=8)
def _walked_back(path: str, number: int) -> tuple[Made, set[str], dict[tuple[str, str], set[str]]]:
    """The font's ``GSUB`` lookups walked back: glyph -> the sequences of glyphs a
    substitution makes it from (a ligature's parts; one glyph for the others); the
    glyphs drawn as a piece of another's letter (a dot: the second and later glyphs a
    multiple substitution makes); and (a letter's skeleton, such a piece) -> the letters
    a multiple substitution draws as the two."""
    font = reference_font(path, number)
    made: Made = {}
    parts: set[str] = set()
    dotted: dict[tuple[str, str], set[str]] = {}
    if "GSUB" not in font:
        return made, parts, dotted
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
                        for piece in targets[1:]:
                            dotted.setdefault((targets[0], piece), set()).add(source)
            elif kind == 3:
                for source, targets in sub.alternates.items():
                    for target in targets:
                        made.setdefault(target, set()).add((source,))
            elif kind == 4:
                for first, ligatures in sub.ligatures.items():
                    for ligature in ligatures:
                        made.setdefault(ligature.LigGlyph, set()).add((first, *ligature.Component))
    return made, parts, dotted


@functools.lru_cache(maxsize=8)
def _pieced(path: str, number: int) -> dict[tuple[int, int], tuple[str, ...]]:
    """(a glyph, a piece drawn beside it) -> the letters that glyph (a skeleton, in any
    form a single substitution gives it) and that piece (a dot) are drawn for: the
    skeleton of a medial noon stands for a dozen letters, with a dot above for one."""
    font = reference_font(path, number)
    position = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    cmap = font.getBestCmap() or {}
    letters: dict[str, set[str]] = {}
    for code, name in cmap.items():
        if _letter(chr(code)):
            letters.setdefault(name, set()).add(chr(code))
    made, _, dotted = _walked_back(path, number)
    forms: dict[str, set[str]] = {}  # a glyph -> the glyphs single substitutions make of it
    for target, made_of in made.items():
        for source in made_of:
            if len(source) == 1:
                forms.setdefault(source[0], set()).add(target)
    out: dict[tuple[int, int], set[str]] = {}
    for (skeleton, piece), letter_glyphs in dotted.items():
        texts = {t for glyph in letter_glyphs for t in letters.get(glyph, ())}
        if not texts or piece not in position:
            continue
        seen, todo = {skeleton}, [skeleton]
        while todo and len(seen) < 256:
            for form in forms.get(todo.pop(), ()):
                if form not in seen:
                    seen.add(form)
                    todo.append(form)
        for form in seen:
            if form in position:
                out.setdefault((position[form], position[piece]), set()).update(texts)
    return {key: tuple(sorted(texts)) for key, texts in out.items()}


MAX_SOURCES = 8
"""Texts kept for one glyph, at most (the cheapest: :data:`Text`)."""


@functools.lru_cache(maxsize=8)
def _sources(path: str, number: int) -> dict[int, tuple[Text, ...]]:
    """Glyph id -> the texts it can stand for in the font at ``path``: a character its
    ``cmap`` maps to it, or what a ``GSUB`` lookup makes it from (each glyph it is made
    of read the same way, a few levels deep), the cheapest first."""
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
    made, parts, _ = _walked_back(path, number)
    # each glyph's texts with what they cost (the steps of GSUB walked back), the
    # cheapest kept: a letter's own glyph first, then its joined forms, its ligatures
    best: dict[str, dict[str, int]] = {
        name: {text: (0 if _lettered(text) else 2) + any(map(_extended, text)) for text in texts}
        for name, texts in direct.items()
    }
    cmap = font.getBestCmap() or {}
    # (a dot that is no letter of its own is first taken as part of its letter; so is the
    # left part a split vowel is drawn with)
    for name in parts | {cmap[c] for c in SPLIT_LEFT if c in cmap}:
        lettered = any(_lettered(text) for text in direct.get(name, ()))
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
    result: dict[int, tuple[Text, ...]] = {}
    for name, known in best.items():
        if known and name in position:
            result[position[name]] = tuple(sorted(known.items(), key=_cheap)[:MAX_SOURCES])
    return result


def _letter(char: str) -> bool:
    """Whether a name may be written with ``char``: not a presentation form (U+FEE3 'ﻣ'
    is the glyph of a medial meem, but a name is written with the letter)."""
    return not unicodedata.decomposition(char).startswith("<")


def _lettered(text: str) -> bool:
    """Whether ``text`` has a letter or a mark (a name is not written with a symbol such
    as U+FBB2 '﮲', the dot a font draws for it)."""
    return any(unicodedata.category(c)[0] in "LM" for c in text)


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
