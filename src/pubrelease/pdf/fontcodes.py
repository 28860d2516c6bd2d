"""Which glyphs each code of an embedded TrueType font may draw, as every viewer may take it.

Through ``/CIDToGIDMap`` for a Type 0 font (``Identity-H``); for a simple TrueType font
(no ``/Differences``), every ``cmap`` the program has (the (3,1) one by the encoding's
character, the (3,0) and (1,0) ones by the code) and its glyph names. Only programs whose
outlines are all a renderer draws are read (:func:`outlines`): what :mod:`.outlineproof`
proves.
"""

from __future__ import annotations

import functools
import io
import struct
from typing import Any

from fontTools.ttLib import TTFont
from pypdf.generic import DictionaryObject, StreamObject

from .sfntglyphs import Glyphs, plain, tables
from .tounicode import identity_descendant, resolved

__all__ = [
    "Drawn",
    "drawn_codes",
    "embedded_program",
    "gid_of",
    "identity_ordered",
    "outlines",
    "type0_program",
]

_CODECS = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}
_REFUSED = (
    *("CFF ", "CFF2", "gvar", "fvar", "vmtx", "vhea"),
    *("COLR", "CPAL", "SVG ", "sbix", "CBDT", "CBLC", "EBDT", "EBLC", "EBSC", "bdat", "bloc"),
)
"""Tables that make a glyph drawn otherwise than its outline by some renderer (colour
layers: poppler's cairo output draws COLR's; bitmaps; variations) or that are not read."""


Drawn = tuple[Glyphs, list[tuple[str, set[int]]]]
"""A font's program's glyphs and, for each code that may draw something, (the text it is
read as, the glyph ids it may draw)."""


def drawn_codes(font: DictionaryObject, read: dict[int, str]) -> Drawn | None:
    """The font's program's glyphs (:func:`outlines`) and, for each code that may draw
    something, (the text it is read as, the glyph ids it may draw); None when the font
    is not of a kind proved."""
    subtype = font.get("/Subtype")
    if subtype == "/Type0":
        return _type0(font, read)
    if subtype == "/TrueType":
        return _simple(font, read)
    return None


def outlines(program: bytes) -> Glyphs | None:
    """The glyphs of a program whose outlines are all a renderer draws, hinting aside:
    nothing :data:`_REFUSED`; None for any other. (Hinting can move a glyph's points as
    it is drawn: :mod:`.outlineproof` proves a hinted program only where its hinting is
    the font we ship's own, as pdf-lib's and LibreOffice's copies keep it; a printer's
    copies have none.)"""
    embedded = tables(program)
    if any(tag in embedded for tag in _REFUSED) or "glyf" not in embedded:
        return None
    return Glyphs(embedded)


def embedded_program(descriptor: Any) -> bytes | None:
    """The TrueType program a font descriptor embeds (``/FontFile2``), when its table
    directory is plain (:func:`.sfntglyphs.plain`); None otherwise."""
    descriptor = resolved(descriptor)
    if not isinstance(descriptor, DictionaryObject):
        return None
    if "/FontFile" in descriptor or "/FontFile3" in descriptor:
        return None
    stream = resolved(descriptor.get("/FontFile2"))
    data = stream.get_data() if isinstance(stream, StreamObject) else None
    return data if data is not None and plain(data) else None


def _type0(font: DictionaryObject, read: dict[int, str]) -> Drawn | None:
    found = type0_program(font)
    if found is None:
        return None
    cid_font, program, table = found
    if not identity_ordered(cid_font):
        return None
    glyphs = outlines(program)
    if glyphs is None:
        return None
    # every CID that can reach a glyph: the map's entries, or (identity) every glyph id
    reach = len(table) // 2 if table is not None else glyphs.count
    if reach > 65536:
        return None
    gids = range(reach) if table is None else struct.unpack(f">{reach}H", table[: 2 * reach])
    # (a map's code that no text is read as draws no glyph: pieces of composites are
    # left unread only where every code reaches its glyph, the identity; CID 0 mapped to
    # an acute drew "Jósé" over "José" in every viewer, read "José": session 69)
    if table is not None and any(
        gid and cid not in read and gid < glyphs.count and not glyphs.empty(gid)
        for cid, gid in enumerate(gids)
    ):
        return None
    # (.notdef, unread, is left out: what an unmapped code draws anyway; so is a glyph
    # with no record at all, unread: it shows nothing)
    codes = [
        (read.get(cid, ""), {gid})
        for cid, gid in enumerate(gids)
        if cid in read or (gid and not (gid < glyphs.count and glyphs.empty(gid)))
    ]
    # a code read beyond the map draws .notdef (glyph 0)
    codes.extend((text, {0}) for cid, text in read.items() if cid >= reach)
    return glyphs, codes


def type0_program(font: DictionaryObject) -> tuple[DictionaryObject, bytes, bytes | None] | None:
    """A Type 0 font's one ``CIDFontType2`` descendant, its embedded TrueType program
    (:func:`embedded_program`) and its ``/CIDToGIDMap`` table (None for the identity),
    its codes being CIDs (``Identity-H``); None for any other kind of font or map."""
    cid_font = identity_descendant(font)
    if cid_font is None or cid_font.get("/Subtype") != "/CIDFontType2":
        return None
    program = embedded_program(cid_font.get("/FontDescriptor"))
    if program is None:
        return None
    mapping = resolved(cid_font.get("/CIDToGIDMap"))
    if isinstance(mapping, StreamObject):  # (an odd byte at its end: viewers differ)
        return (cid_font, program, t) if len(t := mapping.get_data()) % 2 == 0 else None
    if mapping is not None and str(mapping) != "/Identity":
        return None
    return cid_font, program, None


def identity_ordered(cid_font: DictionaryObject) -> bool:
    """Whether a descendant font's ``/CIDSystemInfo`` orders its CIDs as ``Identity``
    (another ordering may be drawn through the program's own ``cmap``, by some viewers)."""
    info = resolved(cid_font.get("/CIDSystemInfo"))
    return isinstance(info, DictionaryObject) and str(info.get("/Ordering")) == "Identity"


def gid_of(table: bytes | None, cid: int) -> int:
    """The glyph id ``/CIDToGIDMap`` ``table`` (None: the identity) gives ``cid``."""
    return cid if table is None else int.from_bytes(table[2 * cid : 2 * cid + 2], "big")


def _simple(font: DictionaryObject, read: dict[int, str]) -> Drawn | None:
    encoding = resolved(font.get("/Encoding"))
    if isinstance(encoding, DictionaryObject):
        if "/Differences" in encoding:
            return None
        encoding = encoding.get("/BaseEncoding")
    codec = _CODECS.get(str(encoding))
    if codec is None:
        return None
    program = embedded_program(font.get("/FontDescriptor"))
    if program is None:
        return None
    glyphs = outlines(program)
    if glyphs is None:
        return None
    tt = TTFont(io.BytesIO(program), lazy=True)
    # every way a viewer may look a code up in each map: raw, by its character (in a
    # Unicode map), behind the symbol prefixes (in a symbol map), by the Mac Roman code
    # of its character (in a Mac map)
    maps = [
        (
            table.cmap,
            table.isUnicode(),
            table.platformID == 3 and table.platEncID == 0,
            table.platformID == 1,
        )
        for table in (tt["cmap"].tables if "cmap" in tt else [])
    ]
    order = tt.getGlyphOrder()
    position = {glyph: index for index, glyph in enumerate(order)}
    chars, read_as = _by_char(codec), _by_char(read)
    names: dict[int, set[str]] = {}  # code -> the glyphs it may draw, by name
    for char, codes_of in (*chars.items(), *read_as.items()):  # looked up by name
        if (name := _agl_name(char)) is not None:
            for code in codes_of:
                names.setdefault(code, set()).add(name)
    # (each map's entries walked once, not each code looked up in each map)
    for cmap, unicode, symbol, mac in maps:
        for point, name in cmap.items():
            reached = [point] if point < 256 else []  # the raw code
            if unicode and point < 0x110000:
                reached += (*chars.get(chr(point), ()), *read_as.get(chr(point), ()))
            if symbol:
                reached += [point - base for base in _SYMBOL if 0 <= point - base < 256]
            if mac and point < 256:
                char = _MAC_ROMAN[point]
                reached += (*chars.get(char, ()), *read_as.get(char, ()))
            for code in reached:
                names.setdefault(code, set()).add(name)
    codes: list[tuple[str, set[int]]] = []
    characters = _code_chars(codec)
    for code in range(256) if not maps else sorted({*names, *read} & _CODES):
        text = read.get(code, characters[code])
        found = names.get(code, set())
        if not maps:
            found.add(order[code] if code < len(order) else "")
        gids = {position[n] for n in found if n in position}
        if gids - {0} or code in read:
            codes.append((text, gids or {0}))
    return glyphs, codes


_SYMBOL = (0xF000, 0xF100, 0xF200)
"""Where a symbol map (3, 0) may hold a code: behind each of these prefixes."""
_MAC_ROMAN = bytes(range(256)).decode("mac_roman")
"""The character of each Mac Roman code (each character's one code)."""


_CODES = frozenset(range(256))


def _by_char(found: str | dict[int, str]) -> dict[str, list[int]]:
    """Character -> the codes a viewer may look it up for: by their character in a
    codec (its name: kept), or by the texts read for them (one character each)."""
    if isinstance(found, str):
        return _codec_chars(found)
    out: dict[str, list[int]] = {}
    for code, text in found.items():
        if len(text) == 1 and code < 256:
            out.setdefault(text, []).append(code)
    return out


@functools.cache
def _codec_chars(codec: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for code, char in enumerate(_code_chars(codec)):
        if len(char) == 1:
            out.setdefault(char, []).append(code)
    return out


@functools.cache
def _agl_name(char: str) -> str | None:
    """The glyph name the Adobe Glyph List gives ``char``, if any."""
    from fontTools.agl import UV2AGL

    name = UV2AGL.get(ord(char))
    return None if name is None else str(name)


@functools.cache
def _code_chars(codec: str) -> tuple[str, ...]:
    """The character of each of the 256 codes in ``codec`` (``""`` for none)."""
    return tuple(bytes([code]).decode(codec, errors="ignore") for code in range(256))
