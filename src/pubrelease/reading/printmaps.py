"""A print's value whose glyphs are proved but whose text layer reads other characters.

MuPDF (``mutool draw -F pdf``) prints another program's Helvetica in its own copy of
URW's Nimbus Sans, a Type 0 font of glyph ids whose every glyph the print path proves by
its name, width and outline (:func:`..pdf.standardclones.proved_cid_clone`). Its
``/ToUnicode`` map names ASCII's letters rightly and every letter beyond ASCII, and most
marks of punctuation, wrongly, or not at all (PDFium then reads the glyph's id as a
character): "Zoë Ødegård" reads "ZoÑ édegÌrd", "Jürgen Ääkkönen" "Jàrgen \xadÊkkÚnen"
(a soft hyphen for the Ä), "O'Brien" "O©Brien", an em dash "Ð". The general path reads
such a value from that text layer, guesses what its glyphs look like by fitting the
fonts it knows to them ("José 7úñez", "Æsa Ström"), calls the soft hyphen hidden and
the em dash's "Ð" a letter drawn at a speck of its size (``invalid``), and compares the
roster's name with the text layer's.

Here the glyphs are known: the box's value is what they show (as a person reads the
page, and as the record of the same fill printed by poppler or Ghostscript reads), and a
person is told what the text layer reads there instead (``shown-text-unchecked``: a
copy, a search or a screen reader gets that). The text layer is read as the general
path reads a value box (the page's characters in the form's value boxes,
:func:`..pdf.textlines.region_texts`), and must read one character for each glyph: the
spaces where the glyphs' are, the characters the map names rightly as they show, each
other one as the font's own map reads its glyph (or, naming none, as PDFium reads the
glyph's id), none an ASCII letter or digit (a letter read as another is for the general
path, whose OCR says the box differs). Only glyphs of letters beyond ASCII or of
punctuation are taken so (a lone accent, a modifier letter such as "ˆ", a sign, is the
general path's to judge; a curly quote read straight is read rightly), in a
value with an ASCII letter (the general path judges a box's glyphs by its ASCII
letters' font), and only where every box of the field shows the same glyphs. Anything
else is left to the general path.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping

from ..pdf.charboxes import KnownStart
from ..pdf.chartable import read_chars
from ..pdf.loadedpages import LoadedPages
from ..pdf.standardclones import Clone
from ..pdf.textlines import region_texts
from ..record import Finding
from ..text import has_ascii_letters
from .printdraws import Run
from .provenfill import Widget
from .unreadable import unchecked_findings
from .widgetnodes import Unproved

__all__ = [
    "layer_findings",
    "layer_reads",
    "misread",
    "plain",
    "read_rightly",
    "taken",
    "unvouched",
]

_LAYER_OTHERWISE = "is drawn in glyphs proved to be its printer's copy of a standard font's"
"""How a box whose text layer reads its proved glyphs otherwise is drawn, for its finding."""


def layer_findings(
    fields: Mapping[str, tuple[list[int], list[str]]], read: Callable[[str], str | None]
) -> list[Finding]:
    """The ``shown-text-unchecked`` findings of fields whose text layer reads their proved
    glyphs otherwise (each one's boxes' pages, counted from 0, and what the text layer
    reads there), quoting each reading once; ``read``: each field's value (the glyphs')."""
    asked = (
        (name, page, f"but its text layer reads {', '.join(map(repr, dict.fromkeys(texts)))}")
        for name, (pages, texts) in fields.items()
        for page in pages
    )
    return unchecked_findings(asked, read, _LAYER_OTHERWISE)


def unvouched(clones: Mapping[str, Clone], runs: list[Run]) -> bool:
    """Whether a value's ``runs`` use a simple copy of a standard font not proved whole
    (:attr:`..pdf.standardclones.Clone.whole`): the general path does not vouch for it."""
    return any(
        (clone := clones.get(run.face)) is not None and clone.wide is None and not clone.whole
        for run in runs
    )


def misread(runs: list[Run], clones: Mapping[str, Clone]) -> dict[str, frozenset[str]]:
    """The letters beyond ASCII and marks of punctuation ``runs`` (a box's) show in a Type
    0 copy (MuPDF's) whose map reads their glyph as another character
    (:attr:`..pdf.standardclones.Clone.codes`), each with what the text layer may read for
    it: its map's character, or, where the map names none, the glyph's id read as one
    (PDFium's reading); raises for another glyph so read (an ASCII letter or digit, which
    MuPDF's map reads rightly; a lone accent, a modifier letter such as "ˆ", a sign: the
    general path judges whether it shows what it is read as)."""
    out: dict[str, set[str]] = {}
    for run in runs:
        clone = clones.get(run.face)
        if clone is None or clone.wide is None or clone.read is None:
            continue
        for byte in set(run.raw) - clone.codes:
            shown = bytes([byte]).decode("cp1252")
            if not taken(shown):
                raise Unproved("a glyph its map reads otherwise that is no letter or mark")
            read = clone.read.get(byte, "")
            # (naming none, PDFium reads the glyph's id)
            reads = {read} if read else {chr(g) for g, code in clone.wide.items() if code == byte}
            out.setdefault(shown, set()).update(reads)
    return {shown: frozenset(texts) for shown, texts in out.items()}


def layer_reads(
    pages: LoadedPages,
    number: int,
    widgets: list[Widget],
    shown: Mapping[int, str | None],
    unread: Mapping[int, Mapping[str, frozenset[str]]],
    start: Callable[[], KnownStart | None] = lambda: None,
) -> dict[int, str]:
    """For each text box of page ``number`` in ``unread`` (by widget index, with the
    letters shown whose map reads them otherwise, and what the layer may read for each),
    what the page's text layer reads in it, as the general path reads a value box, where
    that is not what it shows (curly quotes read straight are read rightly); raises
    unless it reads one character for each glyph ``shown`` there, the same where the
    glyph's map reads it as it shows, else what :func:`misread` says. ``start``: the
    characters the page shares with other prints' (their wording:
    :func:`..pdf.sharedstarts.shared_start`), if known."""
    if not unread:
        return {}
    boxes = [(index, w.rect) for index, w in enumerate(widgets) if w.state is None]
    chars = read_chars(pages.textpage(number), pages.boxes(number, start()))
    texts, _ = region_texts(chars, [rect for _, rect in boxes], number)
    out = {}
    for (index, _), read in zip(boxes, texts, strict=True):
        if index not in unread:
            continue
        seen = shown.get(index)
        if seen is None or len(read) != len(seen):
            raise Unproved("a text layer that is not one character a glyph")
        if not has_ascii_letters(seen):
            # (the general path judges the glyphs of a box by its ASCII letters' font;
            # with none, it reads the box by OCR, which may find it differs)
            raise Unproved("a value with no ASCII letter")
        for layer, glyph in zip(read, seen, strict=True):
            if layer != glyph and (layer not in unread[index].get(glyph, ()) or plain(layer)):
                raise Unproved("a text layer that reads a glyph otherwise")
        if not read_rightly(read, seen):
            out[index] = read
    return out


def taken(shown: str) -> bool:
    """Whether a glyph of ``shown`` whose map reads it otherwise is read from the glyph:
    a letter beyond ASCII or a mark of punctuation, not a modifier letter ("ˆ", a lone
    accent to the eye)."""
    kind = unicodedata.category(shown)
    return not plain(shown) and kind[0] in "LP" and kind != "Lm"


def read_rightly(layer: str, shown: str) -> bool:
    """Whether the text layer's ``layer`` reads what ``shown`` is, curly quotes as
    straight ones."""
    return layer.translate(_STRAIGHT) == shown.translate(_STRAIGHT)


_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
"""Curly quotes as their straight forms: MuPDF's map reads a right single quote as an
apostrophe, which is to read it rightly (its value is the glyphs', as typed)."""


def plain(char: str) -> bool:
    """Whether ``char`` is an ASCII letter or digit: a letter read as one is a value the
    general path reads by OCR and may find another (an error), never a map's misreading
    beyond ASCII (MuPDF's). (Not folded: MuPDF's map reads an "Ñ" as "º", which NFKC
    folds to "o"; the general path judges a value beyond ASCII by its glyphs, not OCR.)"""
    return char.isascii() and char.isalnum()
