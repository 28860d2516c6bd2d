"""Embedded TrueType fonts whose ``cmap`` subtables draw a code as different glyphs.

A simple TrueType font (``/Subtype /TrueType``) finds the glyph of a code through its
program's ``cmap``: by the character of its encoding in a Unicode (3,1) subtable, or by the
code itself (also behind the ``0xF000`` prefix) in a symbol (3,0) one. Viewers choose
differently when a program has both: PDFium and poppler take the (3,1) subtable for a
font with a standard encoding, MuPDF and pdf.js the (3,0) one of a symbolic font (review
rev28: a "6" that the one draws as "6" and the other as "9", turning "60 days" into
"90 days" on a page read as the form's). The page the checks judge is PDFium's, so such a
font's codes draw, for another viewer, glyphs no check has seen. A program that maps a
code to one glyph in every subtable is left alone. A Mac (1,0) subtable, which MuPDF looks
a symbolic font's codes up in when it has no (3,0) one, counts the same way for the codes
of ASCII (where its codes and characters are the same).
"""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont

from .kept import Kept
from .nodefonts import font_answers
from .objects import Node, NotSure, Objects, Ref
from .sfntglyphs import cmap_kinds

__all__ = ["split_fonts"]

MAX_FONTS = 64
"""Fonts looked at per file."""
MAX_PROGRAM = 8 << 20
"""A program longer than this (decoded) is not read."""
MAX_REMEMBERED = 256
"""Fonts whose answer is kept for the rest of the process (the last used)."""

_CODECS = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}
_PREFIXES = (0, 0xF000, 0xF100, 0xF200)
"""Where a symbol (3,0) subtable may hold a code."""

_REMEMBERED: Kept[bytes, tuple[str, ...]] = Kept(MAX_REMEMBERED)


def split_fonts(objects: Objects, count: int) -> list[tuple[int, str, tuple[str, ...]]]:
    """For the first ``count`` pages, each embedded simple TrueType font whose (3,1) and
    (3,0) or (1,0) ``cmap`` subtables give a code different glyphs: ``(page index, its
    /BaseFont, the characters of those codes)``; nothing when the fonts cannot be walked
    (other checks say so)."""
    return font_answers(objects, count, MAX_FONTS, _REMEMBERED, _split)


def _split(objects: Objects, ref: Ref) -> tuple[str, ...]:
    """The characters of the codes ``ref``'s two subtables draw differently."""
    try:
        font = objects.dict_of(ref)
        if font.get("/Subtype") != "/TrueType":
            return ()
        encoding: Node = objects.resolve(font.get("/Encoding"))
        if isinstance(encoding, dict):
            encoding = objects.resolve(encoding.get("/BaseEncoding"))
        codec = _CODECS.get(str(encoding))
        program = objects.dict_of(font.get("/FontDescriptor")).get("/FontFile2")
        if codec is None or not isinstance(program, Ref):
            return ()
        data = objects.decoded(program, MAX_PROGRAM)
    except NotSure:
        return ()
    kinds = cmap_kinds(data)  # (what the directory lists: no need to read more for most)
    if kinds is not None and ((3, 1) not in kinds or not kinds & {(3, 0), (1, 0)}):
        return ()
    try:
        tables = TTFont(io.BytesIO(data), lazy=True)["cmap"].tables
    except Exception:  # a damaged program: other checks say what it draws
        return ()
    unicode = [t.cmap for t in tables if (t.platformID, t.platEncID) == (3, 1)]
    symbol = [t.cmap for t in tables if (t.platformID, t.platEncID) == (3, 0)]
    mac = [t.cmap for t in tables if (t.platformID, t.platEncID) == (1, 0)]
    if not unicode or not (symbol or mac):
        return ()
    out = []
    for code in range(32, 256):
        char = bytes([code]).decode(codec, errors="ignore")
        by_char = {m[ord(char)] for m in unicode if char and ord(char) in m} - {".notdef"}
        by_code = {m[p + code] for m in symbol for p in _PREFIXES if p + code in m}
        if code < 127:  # (where Mac Roman is ASCII: a Mac map found by the code or its letter)
            by_code |= {m[code] for m in mac if code in m}
        by_code -= {".notdef"}
        if by_char and by_code and by_char != by_code:
            out.append(char)
    return tuple(out)
