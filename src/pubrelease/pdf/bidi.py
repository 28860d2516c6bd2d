"""The Unicode bidirectional algorithm (UAX #9) for one line of plain text.

A field value is one paragraph without explicit embeddings or isolates, so
this resolves the weak types (W1-W7), the neutrals (N1-N2) and the implicit
levels (I1-I2), then orders the runs for display (L1-L2). It answers what
drawing needs: the runs of one direction, in the order they are drawn from
left to right; HarfBuzz shapes each run in its own direction (mirroring
brackets in right-to-left runs). ``python-bidi`` checks it in the tests.

:data:`MIRROR` pairs the brackets and quotes a right-to-left run draws mirrored (L4).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "LEVEL_MARK",
    "MIRROR",
    "DirectionalRun",
    "base_rtl",
    "display",
    "logical_order",
    "reorder",
    "shown",
    "visual_runs",
]

LEVEL_MARK = "PubreleaseBidi"
"""Marked-content tag of a directional run above level 0 (``<< /Level n >>``) in the
appearance streams pubrelease writes: a left-to-right run at an even level above 0 is
embedded in a right-to-left paragraph, which its letters alone cannot tell."""

_STRONG_R = frozenset({"R", "AL"})
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "BN", "LRE", "RLE", "LRO", "RLO", "PDF"})
_NEUTRAL |= {"LRI", "RLI", "FSI", "PDI"}
_RAISING = frozenset({"R", "AL", "AN"})
"""The types that give a character of a left-to-right paragraph a level above 0 (European
numbers there resolve to L: W7)."""

_UNRAISED = re.compile(
    "[\x00-\u058f\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
    "\U00020000-\U0003ffff]*"
)
"""Text of blocks without a character of :data:`_RAISING` (before Hebrew's; Hangul, kana,
the CJK ideographs and forms): asked at once, not a character's class at a time."""


_PAIRS = (
    "()[]{}<>«»‹›⁅⁆⁽⁾₍₎⌈⌉⌊⌋〈〉❨❩❪❫❬❭❮❯❰❱❲❳❴❵⟦⟧⟨⟩⟪⟫⦃⦄⦅⦆〈〉《》「」『』【】〔〕〖〗〘〙〚〛"
    "（）［］｛｝｟｠｢｣＜＞"
)
MIRROR = {a: b for a, b in zip(_PAIRS[::2], _PAIRS[1::2], strict=True)}
"""The Bidi_Mirroring_Glyph pairs (BidiMirroring.txt) of brackets and quotes, both ways:
in a right-to-left run a character is drawn as its pair's glyph (L4; HarfBuzz does it),
and a text extractor that puts such a run in logical order gives it back as its pair."""
MIRROR |= {b: a for a, b in MIRROR.items()}


@dataclass(frozen=True, slots=True)
class DirectionalRun:
    """Characters ``start:end`` of the line, all of one embedding level."""

    start: int
    end: int
    level: int

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


def base_rtl(text: str) -> bool:
    """The paragraph direction (P2-P3): that of the first strong character."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return False
        if kind in _STRONG_R:
            return True
    return False


def _weak(kinds: list[str], sos: str) -> list[str]:
    n = len(kinds)
    out = list(kinds)
    previous = sos
    for i, kind in enumerate(out):  # W1: marks take the type before them
        if kind == "NSM":
            out[i] = previous
        previous = out[i]
    last_strong = sos
    for i, kind in enumerate(out):  # W2, W3
        if kind == "EN" and last_strong == "AL":
            out[i] = "AN"
        if kind in ("L", "R", "AL"):
            last_strong = kind
        if kind == "AL":
            out[i] = "R"
    for i in range(1, n - 1):  # W4: one separator between two numbers of one kind
        if out[i] == "ES" and out[i - 1] == "EN" == out[i + 1]:
            out[i] = "EN"
        elif out[i] == "CS" and out[i - 1] == out[i + 1] and out[i - 1] in ("EN", "AN"):
            out[i] = out[i - 1]
    i = 0
    while i < n:  # W5: terminators next to European numbers
        if out[i] != "ET":
            i += 1
            continue
        j = i
        while j < n and out[j] == "ET":
            j += 1
        if (i > 0 and out[i - 1] == "EN") or (j < n and out[j] == "EN"):
            out[i:j] = ["EN"] * (j - i)
        i = j
    out = ["ON" if k in ("ET", "ES", "CS") else k for k in out]  # W6
    last_strong = sos
    for i, kind in enumerate(out):  # W7
        if kind == "EN" and last_strong == "L":
            out[i] = "L"
        if kind in ("L", "R"):
            last_strong = kind
    return out


def _neutrals(kinds: list[str], embedding: str) -> list[str]:
    """N1-N2: a run of neutrals between two strongs of one direction takes it."""
    n = len(kinds)
    out = list(kinds)
    i = 0
    while i < n:
        if out[i] not in _NEUTRAL:
            i += 1
            continue
        j = i
        while j < n and out[j] in _NEUTRAL:
            j += 1
        before = embedding if i == 0 else ("R" if out[i - 1] in ("R", "EN", "AN") else "L")
        after = embedding if j == n else ("R" if out[j] in ("R", "EN", "AN") else "L")
        out[i:j] = [before if before == after else embedding] * (j - i)
        i = j
    return out


def levels(text: str, rtl: bool | None = None) -> list[int]:
    """The resolved embedding level of each character (L1 applied to trailing spaces);
    ``rtl`` is the paragraph direction, by default that of the first strong character."""
    if rtl is None:
        rtl = base_rtl(text)
    embedding = "R" if rtl else "L"
    kinds = _neutrals(
        _weak([unicodedata.bidirectional(c) or "L" for c in text], embedding), embedding
    )
    base = 1 if rtl else 0
    result = []
    for kind in kinds:
        if base == 0:
            result.append(1 if kind == "R" else 2 if kind in ("AN", "EN") else 0)
        else:
            result.append(2 if kind in ("L", "AN", "EN") else 1)
    i = len(text)
    while i > 0 and unicodedata.bidirectional(text[i - 1]) in ("WS", "S", "B", "BN"):
        i -= 1
        result[i] = base
    return result


def visual_runs(text: str, rtl: bool | None = None) -> list[DirectionalRun]:
    """The directional runs of ``text`` in the order they are drawn, left to right (L2)."""
    if not text:
        return []
    if not rtl and (
        max(text) < "\u0590"  # nothing right-to-left before Hebrew's block
        or _UNRAISED.fullmatch(text)
        or not any(unicodedata.bidirectional(c) in _RAISING for c in text)
    ):  # nothing but left to right and neutrals (a CJK or Indic name): all of level 0
        return [DirectionalRun(0, len(text), 0)]
    resolved = levels(text, rtl)
    runs: list[DirectionalRun] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or resolved[i] != resolved[start]:
            runs.append(DirectionalRun(start, i, resolved[start]))
            start = i
    return [runs[i] for i in reorder([r.level for r in runs])]


def reorder(levels: list[int]) -> list[int]:
    """L2: the indices of items at ``levels`` in the order they are shown, left to right.

    Applied to items in shown order with their levels, it gives the logical order back.
    """
    order = list(range(len(levels)))
    if not order:
        return order
    highest = max(levels)
    lowest_odd = min((v for v in levels if v % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= level:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    return order


def logical_order(
    visual: str | Sequence[str], rtl: bool | None = None, spans: Sequence[bool] = ()
) -> str:
    """Text read left to right off a page, in logical order again.

    ``visual`` is a string, or a list of pieces each moved whole (the text of an
    ``/ActualText`` span is already in logical order: its characters are never
    reversed; a piece's direction is that of its first character that is not a mark).
    A bracket or quote of a right-to-left run is drawn as its pair (L4): read as the
    character its glyph shows, it is put back as its pair, but where ``spans`` says
    its piece is a span's text (the character typed already).
    ``rtl`` is the paragraph's direction when the page says it (a value box whose
    appearance marks its runs' levels, :data:`LEVEL_MARK`). Otherwise a line with any
    left-to-right letter is a left-to-right paragraph (the wording of
    a form in English around a value); one without is right-to-left. Reordering is
    then its own inverse for the lines a form holds: runs of one script, numbers and
    neutrals between them. A line both of whose orders show alike ("Ali محمد",
    "محمد Ali") comes back as the left-to-right one.
    """
    pieces = list(visual)
    line = "".join(_stands_for(piece) for piece in pieces)
    kinds = {unicodedata.bidirectional(c) for c in line}
    if not kinds & _STRONG_R:
        return "".join(pieces)
    out = []
    for run in visual_runs(line, "L" not in kinds if rtl is None else rtl):
        chunk = pieces[run.start : run.end]
        if run.rtl:
            spanned = spans[run.start : run.end] if spans else [False] * len(chunk)
            chunk = [
                piece if kept else MIRROR.get(piece, piece)
                for piece, kept in zip(chunk[::-1], spanned[::-1], strict=True)
            ]
        out.append("".join(chunk))
    return "".join(out)


def _stands_for(piece: str) -> str:
    """The one character whose bidirectional type a piece has: its first that is not a
    mark (or its first)."""
    if len(piece) == 1:
        return piece
    for char in piece:
        if unicodedata.bidirectional(char) not in ("NSM", "BN"):
            return char
    return piece[:1] or " "


def display(text: str) -> str:
    """``text`` as it is shown: its characters in the order they are drawn, left to right."""
    out = []
    for run in visual_runs(text):
        chunk = text[run.start : run.end]
        out.append(chunk[::-1] if run.rtl else chunk)
    return "".join(out)


def shown(text: str) -> str:
    """The characters whose glyphs ``text`` is drawn with, left to right: :func:`display`,
    with a right-to-left run's brackets and quotes mirrored (L4, as HarfBuzz draws them)."""
    out = []
    for run in visual_runs(text):
        chunk = text[run.start : run.end]
        out.append("".join(MIRROR.get(c, c) for c in reversed(chunk)) if run.rtl else chunk)
    return "".join(out)
