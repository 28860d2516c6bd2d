"""The agreement's wording as a pattern: find values in running text, and changed words.

A form definition's blocks become one sequence of literal wording and field
slots. Text read from a PDF is compared with it *squashed*: compatibility
forms folded (ligatures), quotes unified, and every space and hyphen dropped,
so line breaks, hyphenation at line ends, ligatures, quote styles and spacing
do not count as changes. Values are the text between the literal anchors.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

from ..form.definition import SLOT, BlockType, FormDefinition, parse_slot

__all__ = ["PAGE_BREAK", "Script", "SlotText", "Wording", "squash", "squashed"]

_QUOTES = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        # Standard-vs-WinAnsi confusion of re-encoding tools (MuPDF): the same glyph,
        # extracted as another character.
        "\u00a9": "'",
        "\u00aa": '"',
        "\u00ba": '"',
    }
)
_DROP = frozenset("-\u00ad\u2010\u2011\u2012\u2013\u2014\u2212")
PAGE_BREAK = "\f"
"""What the text of a file's pages is joined by for :meth:`Wording.read`."""

ANCHOR = 40
"""How many squashed characters of wording on each side anchor a value."""


def _fold(char: str) -> str:
    return "".join(
        c
        for c in unicodedata.normalize("NFKC", char.translate(_QUOTES))
        if not c.isspace() and c not in _DROP
    )


_ASCII_FOLDS: dict[int, str] = {
    code: "" for code in range(128) if chr(code).isspace() or chr(code) == "-"
} | {ord("`"): "'"}
"""What squashing makes of ASCII characters other than themselves (as :func:`_fold` does)."""


@functools.cache
def _ascii_kept() -> npt.NDArray[np.int64]:
    """Characters squashing makes of each ASCII character (numpy is imported when first
    needed: forms are read by commands that never squash text)."""
    import numpy as np

    return np.array([len(_ASCII_FOLDS.get(code, "x")) for code in range(128)], np.int64)


_ASCII = frozenset(map(chr, range(128)))
_MAX_FOLDS = 65536
"""Characters whose folding is remembered (a text of more new ones starts afresh)."""
_folds = dict(_ASCII_FOLDS)
"""Code point -> its squashed form, for every character squashed so far but ASCII ones
kept as they are: a table for :meth:`str.translate`."""


def _folding(text: str) -> dict[int, str]:
    """The translation table of squashing, holding every character of ``text``."""
    global _folds
    if text.isascii():
        return _folds
    wide = list(set(_WIDE.findall(text) if _mostly_ascii(text) else text) - _ASCII)
    new = [c for c in wide if ord(c) not in _folds]
    if len(_folds) + len(new) > _MAX_FOLDS:
        _folds = dict(_ASCII_FOLDS)  # a new table: a translation under way keeps the old
        new = wide
    for char in new:
        _folds[ord(char)] = _fold(char)
    return _folds


_WIDE = re.compile("[\u0080-\U0010ffff]")
_WIDE_OR_FOLDED = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c, form in sorted(_ASCII_FOLDS.items()) if form)
    + "\u0080-\U0010ffff]"
)
"""The characters squashing may make another: every one but ASCII, and the ASCII ones it
folds to another (the grave accent)."""


def _mostly_ascii(text: str) -> bool:
    """Whether at most a fifth or so of ``text`` is not ASCII (by its UTF-8 bytes)."""
    return 4 * (len(text.encode("utf-8", "surrogatepass")) - len(text)) <= len(text)


def _translated(text: str, folds: dict[int, str]) -> str:
    """``text.translate(folds)`` for a table of :func:`_folding` (holding every character
    of ``text`` not ASCII), faster where most of ``text`` is ASCII. :meth:`str.translate`
    looks up every character of a text with one not ASCII in the table, one by one;
    here the characters not ASCII (and the ASCII ones folded to another) are put in
    their forms by one search, then ASCII spaces are dropped by a split and hyphens by
    a replace. The same text: each character becomes its form as the table has it (the
    search does not search its forms again), and no form of a character not ASCII holds
    a space or a hyphen (:func:`_fold` drops them, and every space the split drops), so
    the split and the replace drop only the text's own: the ASCII ones the table drops."""
    if text.isascii() or not _mostly_ascii(text):
        return text.translate(folds)  # (all ASCII: translated at C speed; mostly wide: too)
    wide = _WIDE_OR_FOLDED.sub(lambda m: folds[ord(m.group())], text)
    return "".join(wide.split()).replace("-", "")


def squashed(text: str) -> str:
    """``text`` without spaces and hyphens, folded (:func:`squash` without the indexes)."""
    return _translated(text, _folding(text))


def squash(text: str) -> tuple[str, list[int]]:
    """``text`` without spaces and hyphens, folded; and each kept character's index in ``text``.

    Each character becomes its folded form (none, itself, or a few characters: NFKC of a
    ligature), so one translation makes the text and the lengths of the forms make the
    indexes: the same as folding the characters one by one, at C speed."""
    flat, index = _squash(text)
    return flat, index.tolist()


def _squash(text: str) -> tuple[str, npt.NDArray[np.int64]]:
    """:func:`squash`, the indexes left in numpy's array (a reading looks up a few)."""
    import numpy as np

    folds = _folding(text)
    flat = _translated(text, folds)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    wide = codes >= 128
    lengths = _ascii_kept()[np.where(wide, 0, codes)]
    if wide.any():
        where = np.flatnonzero(wide)
        lengths[where] = [len(folds[code]) for code in codes[where].tolist()]
    return flat, np.repeat(np.arange(codes.size), lengths)


@dataclass(frozen=True, slots=True)
class Label:
    """The words a person reads beside a field: after a box ("Accept"), before a line
    ("Signature:"); ``occurrence`` counts earlier fields with the same label."""

    text: str
    occurrence: int


@dataclass(frozen=True, slots=True)
class SlotText:
    """A value as found in running text."""

    field: str
    state: str | None
    text: str | None
    """The text between the anchors, spaces normalised; ``None`` when the anchors were not found."""


@dataclass(frozen=True, slots=True)
class Script:
    """The result of reading running text against the wording."""

    values: tuple[SlotText, ...]
    intact: bool
    """Every piece of wording was found, in order, with nothing else between pieces."""
    found: int
    """How many pieces of wording were found (a measure of "is this a release at all")."""
    pieces: int
    lead: str = ""
    """The text before the first piece of wording found (a layout's own heading, or
    words put above the agreement)."""


class Wording:
    """The literal wording of a form, with its slots, ready to be matched."""

    def __init__(self, definition: FormDefinition) -> None:
        items: list[str | tuple[str, str | None]] = []
        labels: list[tuple[tuple[str, str | None], str]] = []
        for blocks in definition.pages:
            for block in blocks:
                if block.type is BlockType.RULE:
                    continue
                text = f"{block.number} {block.text}" if block.number else block.text
                pos = 0
                matches = list(SLOT.finditer(text))
                for k, match in enumerate(matches):
                    items.append(text[pos : match.start()])
                    slot = parse_slot(match)
                    items.append((slot.field, slot.state))
                    end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
                    after = text[match.end() : end].split()
                    before = SLOT.sub(" ", text[pos : match.start()]).strip()
                    label = after[0] if slot.state is not None and after else before
                    labels.append(((slot.field, slot.state), label))
                    pos = match.end()
                items.append(text[pos:] + "\n")
        for page_text in definition.wording:  # an imported form: its pages' text, no slots
            items.append(page_text + "\n")
        seen: dict[str, int] = {}
        self.labels: dict[tuple[str, str | None], Label] = {}
        """Each slot's label, in the order the slots stand."""
        for key, label in labels:
            self.labels.setdefault(key, Label(label, seen.get(label, 0)))
            seen[label] = seen.get(label, 0) + 1
        # merge adjacent literals, keep slots apart
        merged: list[str | tuple[str, str | None]] = []
        for item in items:
            if isinstance(item, str) and merged and isinstance(merged[-1], str):
                merged[-1] += " " + item
            else:
                merged.append(item)
        self.items = tuple(merged)
        self._pieces: tuple[str | tuple[str, str | None], ...] = tuple(
            squashed(i) if isinstance(i, str) else i for i in merged
        )
        """The items with each piece of wording squashed once, here, not on every read."""
        self.literals = tuple(p for p in self._pieces if isinstance(p, str) and p)
        self.text = "".join(i if isinstance(i, str) else "" for i in merged)
        """The wording alone, values left out."""
        self.flat = squashed(self.text)
        """:attr:`text` squashed, once."""

    def read(self, text: str) -> Script:
        """Find the wording in ``text`` (pages joined by :data:`PAGE_BREAK`) and the values
        between its pieces."""
        flat, index = _squash(text)  # (index: numpy's, looked up a few times)
        values: list[SlotText] = []
        pos = 0
        found = 0
        intact = True
        pending: list[tuple[str, str | None]] = []
        value_start = 0
        lead_end = 0
        for piece in self._pieces:
            if not isinstance(piece, str):
                pending.append(piece)
                continue
            literal = piece
            if not literal:
                continue
            if pending:
                # a value sits between the previous piece and this one
                head = literal[:ANCHOR]
                at = flat.find(head, value_start)
                if at < 0:
                    intact = False
                    values.extend(SlotText(f, s, None) for f, s in pending)
                    pending = []
                    continue
                raw = _original(text, index, value_start, at)
                values.extend(_split_values(pending, raw))
                pending = []
                start = at
            else:
                start = flat.find(literal, pos)
                if start < 0:
                    start = flat.find(literal[:ANCHOR], pos)
                if start != pos and pos != 0:
                    intact = False
            if start < 0:
                intact = False
                continue
            if not found and not lead_end:
                lead_end = start
            if flat.startswith(literal, start):
                found += 1
                pos = value_start = start + len(literal)
            else:
                intact = False
                tail = literal[-ANCHOR:]
                end = flat.find(tail, start)
                pos = value_start = (end + len(tail)) if end >= 0 else start + len(literal[:ANCHOR])
        if pending:
            # the last value ends with its page: a page after the form's (a cover letter
            # appended) is no part of it
            raw = _original(text, index, value_start, len(flat))
            begin = index[value_start - 1] + 1 if 0 < value_start <= len(index) else 0
            if raw and PAGE_BREAK in text[begin : index[value_start]]:
                raw = ""  # its page ended before any of it: empty
            values.extend(_split_values(pending, raw.split(PAGE_BREAK, 1)[0]))
        return Script(
            tuple(values),
            intact and found == len(self.literals),
            found,
            len(self.literals),
            _original(text, index, 0, lead_end),
        )

    def changes(self, text: str, values: tuple[SlotText, ...]) -> list[str]:
        """The words of ``text`` that differ from the wording: edits, deletions, insertions."""
        expected = _words(self.text)
        for value in sorted({v.text for v in values if v.text and len(v.text) > 1}, key=len)[::-1]:
            text = text.replace(value, " ")  # compare the wording only
        actual = _words(text)
        value_words = {w for v in values if v.text for w in (squashed(x) for x in v.text.split())}
        matcher = difflib.SequenceMatcher(
            None, [k for k, _ in expected], [k for k, _ in actual], autojunk=False
        )
        out: list[str] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            removed = " ".join(w for _, w in expected[i1:i2])
            added_words = [(k, w) for k, w in actual[j1:j2] if k not in value_words]
            added = " ".join(w for _, w in added_words)
            if not removed and not added:
                continue
            if removed and added:
                out.append(f"{removed!r} changed to {added!r}")
            elif removed:
                out.append(f"{removed!r} deleted")
            else:
                out.append(f"{added!r} inserted")
        return out


def _words(text: str) -> list[tuple[str, str]]:
    """Words with their squashed keys; a word broken at a line-end hyphen is joined again."""
    raw = text.split()
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(raw):
        word = raw[i]
        if word.endswith("-") and i + 1 < len(raw) and len(word) > 1:
            word = word[:-1] + raw[i + 1]
            i += 1
        key = squashed(word)
        if key:
            out.append((key, word))
        i += 1
    return out


def _original(text: str, index: npt.NDArray[np.int64], start: int, end: int) -> str:
    if start >= end or start >= len(index):
        return ""
    return text[index[start] : index[end - 1] + 1]


_BOX_SPLIT = re.compile(r"\s+")


_BROKEN_AFTER_HYPHEN = re.compile(r"(?<=\w-)[ \t]*\n\s*(?=\w)")
"""A value's line break after a hyphen that ends a line: the value goes on without a
space ("Müller-" / "Lüdenscheidt": a name's hyphen, where a line may break)."""


def _split_values(pending: list[tuple[str, str | None]], raw: str) -> list[SlotText]:
    text = " ".join(_BROKEN_AFTER_HYPHEN.sub("", raw).split())
    if len(pending) == 1:
        field, state = pending[0]
        return [SlotText(field, state, text)]
    # several slots between two pieces of wording (never in the ICML form): first takes all
    return [SlotText(pending[0][0], pending[0][1], text)] + [
        SlotText(f, s, "") for f, s in pending[1:]
    ]
