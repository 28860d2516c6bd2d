"""Content streams some viewers read apart: a clip set with no path, an operator given
another number of operands than it takes.

* ``W n`` (or ``W* n``) with no path built since the last one was painted sets no clip in
  PDFium and poppler, which go on drawing; MuPDF (mutool, PyMuPDF, SumatraPDF) clips to
  nothing, and draws nothing up to the ``Q`` that ends it: a value, or a consent box's
  tick, drawn after one shows in the first and not in the other (review of session 62:
  ``q W n`` before a typed signature). A path is built only by an operator given its
  operands (``m`` alone builds none: PDFium passes it by, poppler blanks what follows;
  ``h`` alone none: there is no point to close).
* An operator given more operands than it takes (``1 0 0 g``): MuPDF reads the first,
  PDFium, poppler and pdf.js the last; fewer, and each does its own thing.

The readings from widgets refuse both (:mod:`..reading.plaintext`,
``widgetnodes.drawn_alike``); this finds them in any stream a page draws as content (its
own, read as one as viewers join them, its annotations' appearances, forms, tiling
patterns, Type 3 glyphs: found by where they are drawn from, not by what their
dictionaries say), for the general path, which sees the page as PDFium draws it. A
stream drawn as content that cannot be read here is said too: not looked through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .drawnwalk import MAX_OBJECTS, TooMany, drawn_streams
from .eachstream import StreamKey, stream_answers
from .kept import Kept
from .nodefonts import page_dicts
from .nodes import NotSure, Ref, Stream
from .objects import Node, Objects

__all__ = ["TAKES", "content_apart", "operations", "read_apart"]

CLIP_OF_NOTHING = (
    "a clip set with no path (W n): MuPDF (mutool, SumatraPDF) draws nothing after it, "
    "PDFium, poppler and pdf.js go on drawing"
)
OPERANDS = (
    "an operator given another number of operands than it takes (1 0 0 g): MuPDF reads "
    "the first, PDFium, poppler and pdf.js the last, or each its own way"
)
UNREAD = "a stream it draws cannot be read here (its filter, or its size): not looked through"
_ANSWERS = {1: CLIP_OF_NOTHING, 2: OPERANDS, 3: UNREAD}

TAKES = {
    operator: count
    for count, operators in enumerate(
        (
            "q Q h S s f F f* B B* b b* n W W* BT ET T* EMC BX EX",
            "w J j M ri i gs Tc Tw Tz TL Tr Ts Tj TJ ' CS cs G g sh Do MP BMC",
            "d m l Td TD Tf d0 DP BDC",
            '" RG rg',
            "v y re K k",
            "",
            "cm c Tm d1",
        )
    )
    for operator in operators.split()
}
"""The operands each operator with a fixed number of them takes (``SC``, ``SCN``, ``sc``
and ``scn`` take their colour space's: not counted)."""
_BUILDS = frozenset({"m", "re"})
"""Operators that begin a path (given their operands)."""
_PAINTS = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"})
_WORD = re.compile(rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")
_SPACE = re.compile(rb"(?:[\x00\t\n\x0c\r ]|%[^\r\n]*)*")
_NAME = re.compile(rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*")
_IMAGE_END = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ()<>\[\]{}/%]|\Z)")
_LITERAL = re.compile(rb"[\\()]")
_KEEP: Kept[StreamKey, int] = Kept(1024)
"""What a stream holds (0 nothing, or a key of :data:`_ANSWERS`), by its stored bytes'
digest and filters: a form's returns share most of their streams."""
_LIMIT = 1 << 24
"""Bytes of a stream decoded, at most (a longer one is not looked through)."""


def _string(content: bytes, at: int) -> int:
    """Where the literal string whose ``(`` is at ``at`` ends (after its ``)``)."""
    depth = 0
    while (found := _LITERAL.search(content, at)) is not None:
        at = found.end()
        char = found.group()
        if char == b"\\":
            at += 1
        elif char == b"(":
            depth += 1
        else:
            depth -= 1
            if not depth:
                return at
    return len(content)


def _object(content: bytes, at: int) -> int:
    """Where the operand that starts at ``at`` (not an operator) ends: a string, an array
    or a dictionary read whole, whatever it holds."""
    char = content[at : at + 1]
    if char == b"(":
        return _string(content, at)
    if char == b"<" and content[at + 1 : at + 2] != b"<":
        end = content.find(b">", at)
        return len(content) if end < 0 else end + 1
    if char in (b"[", b"<"):
        closing = b"]" if char == b"[" else b">>"
        at += 1 if char == b"[" else 2
        while True:
            at = _SPACE.match(content, at).end()  # type: ignore[union-attr]
            if at >= len(content):
                return at
            if content.startswith(closing, at):
                return at + len(closing)
            at = _object(content, at)
    if char == b"/":
        return _NAME.match(content, at).end()  # type: ignore[union-attr]
    word = _WORD.match(content, at)
    return at + 1 if word is None else word.end()  # (a stray delimiter: passed by)


def operations(content: bytes) -> Iterator[tuple[str, int, bool]]:
    """Each operator of ``content``, the number of operands before it, and whether they are
    all numbers; an inline image's data passed by."""
    at, count, numeric = 0, 0, True
    while True:
        at = _SPACE.match(content, at).end()  # type: ignore[union-attr]
        if at >= len(content):
            return
        word = _WORD.match(content, at)
        text = b"" if word is None else word.group()
        if word is None or text in (b"true", b"false", b"null") or text[:1] in b"+-.0123456789":
            numeric = numeric and word is not None and text[:1] in b"+-.0123456789"
            at, count = _object(content, at), count + 1
            continue
        at = word.end()
        yield text.decode("latin-1"), count, numeric
        count, numeric = 0, True
        if text == b"ID":  # (an inline image's data, up to its EI)
            end = _IMAGE_END.search(content, at)
            at = len(content) if end is None else end.end()


def read_apart(content: bytes) -> int:
    """What ``content`` holds that viewers read apart: 0 nothing, 1 a clip set with no path,
    2 an operator given another number of operands than it takes."""
    built = clipping = False
    for op, count, numeric in operations(content):
        takes = TAKES.get(op)
        if takes is not None and count != takes:
            return 2
        if op in _BUILDS and numeric:
            built = True
        elif op in ("W", "W*"):
            clipping = True
        elif op in _PAINTS:
            if op == "n" and clipping and not built:
                return 1
            built = clipping = False
    return 0


def content_apart(objects: Objects, count: int) -> list[str]:
    """For the first ``count`` pages, what each draws as content that viewers read apart
    (:func:`read_apart`), page by page, once a kind."""
    found: list[str] = []

    def answer(ref: Ref, node: Stream) -> int:
        try:
            return read_apart(objects.decoded(ref, _LIMIT))
        except NotSure:
            return 3

    try:
        for number, chain in enumerate(page_dicts(objects)):
            if number >= count:
                break
            kinds = {_own(objects, chain[0].get("/Contents"))}
            drawn = drawn_streams(objects, chain, contents=False)
            kinds.update(stream_answers(objects, answer, _KEEP, _LIMIT, drawn))
            found += [f"page {number + 1}: {_ANSWERS[k]}" for k in sorted(kinds - {0})]
    except TooMany:
        found.append(f"a page draws from more than {MAX_OBJECTS} objects: not looked through")
    except NotSure:
        pass
    return list(dict.fromkeys(found))


def _own(objects: Objects, contents: Node) -> int:
    """:func:`read_apart` of a page's own content streams, read as one (as viewers join
    them: a clip may begin in one and end in the next)."""
    resolved = objects.resolve(contents)
    refs = resolved if isinstance(resolved, tuple) else (contents,)
    try:
        parts = [objects.decoded(r, _LIMIT) for r in refs if isinstance(r, Ref)]
    except NotSure:
        return 3
    return read_apart(b"\n".join(parts))
