"""A print's value whose glyphs are proved but whose text layer reads other letters.

MuPDF (``mutool draw -F pdf``) prints another program's Helvetica in its own copy of
URW's Nimbus Sans, a Type 0 font of glyph ids whose every glyph the print path proves by
its name, width and outline (:func:`..pdf.standardclones.proved_cid_clone`). Its
``/ToUnicode`` map names ASCII's letters rightly and every letter beyond ASCII wrongly, or
not at all (PDFium then reads the glyph's id as a character): "Zoë Ødegård" reads
"ZoÑ édegÌrd", "José Ñúñez" "JosÏ ºÞ×ez". The general path reads the value from that text
layer and, fitting the fonts it knows to the glyphs, says what they look like, for a
person (``shown-text-unchecked``); its fitting is a guess ("José 7úñez", "Æsa Ström").

Here the glyphs are known: the box's value is what the text layer reads, as the general
path reads it (the page's characters in the form's value boxes,
:func:`..pdf.textlines.region_texts`), and what the page shows is the glyphs' own
letters, which the finding quotes. Only where
the text layer reads one character for each glyph, each named (no hole a glyph reading
fills in: :func:`.glyphholes.holed`), the spaces where the glyphs' are, the letters the
map names rightly as they show, and no ASCII letter or digit read as another character or
read for one (the general path reads such a box by OCR, and says it differs where it
does); anything else is left to the general path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..pdf.charboxes import KnownStart
from ..pdf.chartable import read_chars
from ..pdf.loadedpages import LoadedPages
from ..pdf.standardclones import Clone
from ..pdf.textlines import region_texts
from .glyphholes import holed
from .printdraws import Run
from .provenfill import Widget
from .widgetnodes import Unproved

__all__ = ["layer_reads", "misread"]


def misread(runs: list[Run], clones: Mapping[str, Clone]) -> frozenset[str]:
    """The characters ``runs`` (a box's) show in a Type 0 copy (MuPDF's) whose map reads
    their glyph as another (:attr:`..pdf.standardclones.Clone.codes`); raises for a run in
    a simple copy not proved whole (the general path does not vouch for it either)."""
    out: set[str] = set()
    for run in runs:
        clone = clones.get(run.face)
        if clone is None:
            continue
        if clone.wide is None:
            if not clone.whole:
                raise Unproved("a value in a copy the general path does not vouch for")
            continue
        out.update(bytes([b]).decode("cp1252") for b in set(run.raw) - clone.codes)
    return frozenset(out)


def layer_reads(
    pages: LoadedPages,
    number: int,
    widgets: list[Widget],
    shown: Mapping[int, str | None],
    unread: Mapping[int, frozenset[str]],
    start: Callable[[], KnownStart | None] = lambda: None,
) -> dict[int, str]:
    """For each text box of page ``number`` in ``unread`` (by widget index, with the
    characters shown whose map reads them otherwise), what the page's text layer reads in
    it, as the general path reads a value box, where that is not what it shows; raises
    unless it reads one named character for each glyph ``shown`` there, the same where the
    glyph's map reads it as it shows. ``start``: the characters the page shares with
    other prints' (their wording: :func:`..pdf.sharedstarts.shared_start`), if known."""
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
        if seen is None or len(read) != len(seen) or holed(read):
            raise Unproved("a text layer that is not one character a glyph")
        for layer, glyph in zip(read, seen, strict=True):
            if layer != glyph and (
                glyph not in unread[index] or not _named(layer) or _plain(glyph) or _plain(layer)
            ):
                raise Unproved("a text layer that reads a glyph otherwise")
        if read != seen:
            out[index] = read
    return out


def _plain(char: str) -> bool:
    """Whether ``char`` is an ASCII letter or digit: one read as another, or another read
    as one, is a value the general path reads by OCR and may find another (an error),
    never a map's misreading beyond ASCII (MuPDF's)."""
    return char.isascii() and char.isalnum()


def _named(char: str) -> bool:
    """Whether ``char`` is a letter, digit, mark of punctuation or symbol, not a space."""
    import unicodedata

    return unicodedata.category(char)[0] in "LNPS"
