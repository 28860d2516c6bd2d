"""Fonts whose ToUnicode map says other characters than their glyphs draw.

A text extractor takes each glyph's character from the font's ``/ToUnicode`` map; a
viewer draws the glyph the font has for the code. A map that lies makes the page read one
thing and show another (☒ read where ☐ is drawn, a clause read where another is drawn).
Where the font itself says which character each glyph is, the map can be checked:

* a simple font (Type 1, TrueType) by its encoding: the base encoding (WinAnsi,
  MacRoman, Standard) and the glyph names of ``/Differences``;
* a Type 0 font with an Identity encoding and an embedded TrueType program with a
  Unicode ``cmap``: each code is a CID, its glyph id comes from ``/CIDToGIDMap``, and the
  program's ``cmap`` says which characters that glyph is.

:func:`check_font` finds the codes whose mapped character is a letter, a digit or a
box that the glyph drawn is not. A font that does not say what its glyphs are (a subset
without a Unicode ``cmap``, Type 3, CFF programs, symbolic fonts without
``/Differences``) cannot be checked this way; nothing is said about it. It also says
whether the glyphs a viewer draws for the font's text are the characters the text layer
reads (:attr:`FontCheck.draws_named_glyphs`, :attr:`FontCheck.reads_as_drawn`), for a
reader that needs no OCR then. The fonts of a file's pages are visited, and each checked
once per process, by :mod:`.pagefonts`.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from .sfntglyphs import tags

__all__ = [
    "BOXES",
    "FontCheck",
    "check_font",
    "dict_of",
    "glyph_texts",
    "parse_to_unicode",
    "plain_map",
    "resolved",
]

MAX_CODES = 8192
"""ToUnicode entries read per font."""
BOXES = frozenset("☐☑☒✓✔✗✘□■")
"""Marks whose identity matters as much as a letter's."""


# -- the ToUnicode map ----------------------------------------------------------------------

_HEX = rb"<\s*([0-9A-Fa-f\s]*)>"
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(_HEX + rb"\s*" + _HEX)
_RANGE = re.compile(_HEX + rb"\s*" + _HEX + rb"\s*(?:" + _HEX + rb"|\[(.*?)\])", re.S)


def _hex(raw: bytes) -> bytes:
    digits = raw.translate(None, b" \t\n\r\f\v")  # (what rb"\s" matches)
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


def _text(raw: bytes) -> str:
    return _hex(raw).decode("utf-16-be", errors="replace")


def parse_to_unicode(data: bytes) -> dict[int, str]:
    """Code -> characters from a ToUnicode CMap's ``bfchar`` and ``bfrange`` sections."""
    out: dict[int, str] = {}
    for block in _BFCHAR.findall(data):
        for src, dst in _PAIR.findall(block):
            out[int.from_bytes(_hex(src), "big")] = _text(dst)
            if len(out) >= MAX_CODES:
                return out
    for block in _BFRANGE.findall(data):
        for lo, hi, dst, array in _RANGE.findall(block):
            low, high = int.from_bytes(_hex(lo), "big"), int.from_bytes(_hex(hi), "big")
            if array:
                for offset, item in enumerate(re.findall(_HEX, array)):
                    out[low + offset] = _text(item)
            else:
                start = _text(dst)
                if not start:
                    continue
                for offset in range(min(high - low + 1, MAX_CODES - len(out))):
                    out[low + offset] = start[:-1] + chr(min(ord(start[-1]) + offset, 0x10FFFF))
            if len(out) >= MAX_CODES:
                return out
    return out


def plain_map(data: bytes) -> bool:
    """Whether a ``ToUnicode`` CMap says each code once, plainly: no comment (a reader
    may or may not skip what one holds), no other CMap used, no code given twice (readers
    keep the first or the last), so that every reader reads what :func:`parse_to_unicode` does."""
    if b"%" in data or b"usecmap" in data:
        return False
    seen: set[int] = set()
    count = 0
    for block in _BFCHAR.findall(data):
        for source, _ in _PAIR.findall(block):
            seen.add(int.from_bytes(_hex(source), "big"))
            count += 1
    for block in _BFRANGE.findall(data):
        for low, high, _, _ in _RANGE.findall(block):
            first, last = int.from_bytes(_hex(low), "big"), int.from_bytes(_hex(high), "big")
            if last < first or last - first > 0xFFFF:
                return False
            seen.update(range(first, last + 1))
            count += last - first + 1
    return count == len(seen)


# -- what the font says its glyphs are -------------------------------------------------------


def resolved(obj: Any) -> Any:
    """``obj``, or the object it refers to when it is an indirect reference."""
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def dict_of(obj: Any) -> DictionaryObject:
    """``obj`` (resolved) when it is a dictionary (a stream's own), else an empty one."""
    obj = resolved(obj)
    return obj if isinstance(obj, DictionaryObject) else DictionaryObject()


def _data(obj: Any) -> bytes | None:
    obj = resolved(obj)
    return obj.get_data() if isinstance(obj, StreamObject) else None


_BASE = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}
_STANDARD_14 = re.compile(r"^(Helvetica|Times|Courier|Arial)")
_LATIN_STANDARD = re.compile(
    r"^(Helvetica(-Bold|-Oblique|-BoldOblique)?|Times-(Roman|Bold|Italic|BoldItalic)"
    r"|Courier(-Bold|-Oblique|-BoldOblique)?|Arial(,Bold|,Italic|,BoldItalic)?"
    r"|Arial(-Bold|-Italic|-BoldItalic)?MT)$"
)
"""The standard Latin text fonts (and Arial, Helvetica's alias) that every viewer draws
with a font of the same letters when they are not embedded."""
_EMBEDDED = ("/FontFile", "/FontFile2", "/FontFile3")


def _simple_parts(font: DictionaryObject) -> tuple[bool, bool, Any, Any]:
    """``(embedded, symbolic, base encoding, differences)`` of a simple font."""
    descriptor = dict_of(font.get("/FontDescriptor"))
    embedded = any(k in descriptor for k in _EMBEDDED)
    encoding = resolved(font.get("/Encoding"))
    base, differences = None, None
    if isinstance(encoding, DictionaryObject):
        base, differences = encoding.get("/BaseEncoding"), resolved(encoding.get("/Differences"))
    elif encoding is not None:
        base = str(encoding)
    symbolic = bool(int(descriptor.get("/Flags", 0)) & 4) if descriptor else False
    name = str(font.get("/BaseFont", "")).lstrip("/")
    if not descriptor and not _STANDARD_14.match(name):
        symbolic = True  # Symbol, ZapfDingbats or unknown: no standard meaning
    return embedded, symbolic, base, differences


def _simple_drawn(font: DictionaryObject) -> dict[int, str]:
    """Code -> the character a simple font draws for it, as far as its encoding tells."""
    from fontTools.agl import toUnicode

    embedded, symbolic, base, differences = _simple_parts(font)
    out: dict[int, str] = {}
    codec = _BASE.get(str(base)) if base is not None else None
    if codec is None and base is None and not embedded and not symbolic:
        codec = "ascii"  # StandardEncoding of a standard font: ASCII letters and digits
    if codec is not None and not symbolic:
        for code in range(256):
            char = bytes([code]).decode(codec, errors="ignore")
            if char.isalnum():
                out[code] = char
    if isinstance(differences, ArrayObject):
        code = 0
        for item in differences:
            item = resolved(item)
            if isinstance(item, int):
                code = int(item)
                continue
            out.pop(code, None)
            char = toUnicode(str(item).lstrip("/"))
            if len(char) == 1:
                out[code] = char
            code += 1
    return out


def _type0_drawn(font: DictionaryObject, codes: list[int]) -> dict[int, str]:
    """Code -> a character the glyph drawn is, for a Type 0 font with an Identity encoding
    and an embedded TrueType program that has a Unicode cmap."""
    if str(font.get("/Encoding")) not in ("/Identity-H", "/Identity-V"):
        return {}
    kids = resolved(font.get("/DescendantFonts"))
    if not isinstance(kids, ArrayObject) or not kids:
        return {}
    cid_font = resolved(kids[0])
    if not isinstance(cid_font, DictionaryObject) or cid_font.get("/Subtype") != "/CIDFontType2":
        return {}
    descriptor = dict_of(cid_font.get("/FontDescriptor"))
    program = _data(descriptor.get("/FontFile2"))
    if not program or "cmap" not in tags(program):
        return {}  # (Ghostscript's subsets have none: their glyphs are drawn by CID)
    from fontTools.ttLib import TTFont

    try:
        tt = TTFont(io.BytesIO(program), lazy=True)
        order = tt.getGlyphOrder()
        by_glyph: dict[int, set[str]] = {}
        positions = {glyph: index for index, glyph in enumerate(order)}
        for table in tt["cmap"].tables:
            if table.isUnicode():
                for point, glyph in table.cmap.items():
                    if glyph in positions:
                        by_glyph.setdefault(positions[glyph], set()).add(chr(point))
    except Exception:  # a damaged program: the viewer draws what it can, we cannot tell
        return {}
    mapping = _data(cid_font.get("/CIDToGIDMap"))
    out = {}
    for code in codes:
        gid = code
        if mapping is not None:
            gid = (
                int.from_bytes(mapping[2 * code : 2 * code + 2], "big")
                if 2 * code < len(mapping)
                else 0
            )
        drawn = by_glyph.get(gid)
        if drawn:
            out[code] = min(drawn, key=lambda c: (not c.isalnum(), c))
            if len(drawn) > 1:
                out[code] = "".join(sorted(drawn))
    return out


def _meaningful(char: str) -> bool:
    return char.isalnum() or char in BOXES


def _same(read: str, drawn: str) -> bool:
    """``drawn`` holds one character or several (a glyph several characters share)."""
    norm = unicodedata.normalize("NFKC", read)
    return any(unicodedata.normalize("NFKC", d) == norm for d in drawn)


_SIMPLE = ("/Type1", "/TrueType", "/MMType1")


def _draws_named_glyphs(font: DictionaryObject, read: dict[int, str]) -> bool:
    """Whether a viewer draws each code of ``font`` as the character a text extractor
    reads for it, whatever the font's bytes hold.

    So it is for a simple font (Type 1, TrueType) that is *not embedded*, is one of the
    standard Latin text fonts (:data:`_LATIN_STANDARD`) and is not symbolic, with a
    standard encoding (WinAnsi, MacRoman, Standard) whose ``/Differences`` name single
    characters, the codes read naming glyphs those fonts have (:func:`_standard_glyphs`):
    there is no glyph program in the file to draw anything else, so a viewer
    draws, from its own copy of that font, the glyph the encoding names for each code.
    A text extractor reads the same name's character, unless a ``/ToUnicode`` map says
    otherwise: so every letter, digit or box the map reads must be the character the
    encoding names for that code (a map reading a space or a stop as a letter fails this;
    a letter drawn and read as something else is a lie :func:`check_font` reports).
    """
    from fontTools.agl import toUnicode

    if _own_dingbats(font):
        return True
    if font.get("/Subtype") not in _SIMPLE:
        return False
    if not _LATIN_STANDARD.match(str(font.get("/BaseFont", "")).lstrip("/")):
        return False
    embedded, symbolic, base, differences = _simple_parts(font)
    if embedded or symbolic:
        return False
    if base is not None and str(base) not in (*_BASE, "/StandardEncoding"):
        return False
    unknown: set[int] = set()  # codes naming a glyph the standard fonts do not have
    if differences is not None:
        if not isinstance(differences, ArrayObject):
            return False
        standard, code = _standard_glyphs(), 0
        for item in differences:
            item = resolved(item)
            if isinstance(item, int):
                code = int(item)
                continue
            name = str(item).lstrip("/")
            char = toUnicode(name)
            if len(char) != 1:
                return False
            if name not in standard and _meaningful(char):
                if not read:  # read by its name: whichever code is shown, it may be this
                    return False
                unknown.add(code)
            code += 1
    drawn = _simple_drawn(font)
    return all(
        code in drawn and code not in unknown and _same(text, drawn[code])
        for code, text in read.items()
        if any(_meaningful(c) for c in text)
    )


def _own_dingbats(font: DictionaryObject) -> bool:
    """Whether ``font`` is ZapfDingbats, not embedded, with its built-in encoding or only
    a standard encoding's name, and no ``/ToUnicode`` map (the check marks of PyMuPDF's
    and pdf-lib's check boxes): PDFium draws each code's dingbat from its own copy of the
    font, and reads that dingbat's character from the same built-in table (code ``3``,
    "a19", drawn and read as "✓", whichever encoding's name the font gives: checked with
    PDFium and MuPDF; poppler draws nothing for a code of WinAnsi or MacRoman then, which
    is a disagreement between viewers, not a glyph read as another). A map or
    ``/Differences`` of its own could read one dingbat ("✓") where another is drawn (an
    empty box): not so then."""
    if font.get("/Subtype") != "/Type1" or "/ToUnicode" in font:
        return False
    if str(font.get("/BaseFont", "")).lstrip("/") != "ZapfDingbats":
        return False
    encoding = font.get("/Encoding")
    if encoding is not None and str(encoding) not in (*_BASE, "/StandardEncoding"):
        return False
    descriptor = dict_of(font.get("/FontDescriptor"))
    if descriptor and (int(descriptor.get("/Flags", 0)) & 36) != 4:
        # (a descriptor that does not say symbolic, or says nonsymbolic: PDFium then
        # draws codes 0xB0-0xFF as Latin-1 letters of a substitute font and reads
        # nothing for them, review rev34)
        return False
    embedded, _, _, _ = _simple_parts(font)
    return not embedded


@functools.cache
def _standard_glyphs() -> frozenset[str]:
    """The glyphs of the standard Latin text fonts (Helvetica, Times, Courier: the 229 of
    their Adobe metrics, every name of WinAnsi and MacRoman among them). A name outside
    them ("Alpha", "afii10017": MuPDF's Greek and Cyrillic in Helvetica) has no glyph in a
    viewer's copy of the font: PDFium draws nothing, poppler some other font's glyph."""
    from reportlab.pdfbase._fontdata import widthsByFontGlyph

    return frozenset(widthsByFontGlyph["Helvetica"])


def _program(font: DictionaryObject) -> bytes | None:
    """A digest (BLAKE2b) of the embedded program of a font (of its descendant for a
    Type 0 font), as PDFium's ``FPDFFont_GetFontData`` gives it; None when not embedded."""
    if font.get("/Subtype") == "/Type0":
        kids = resolved(font.get("/DescendantFonts"))
        if not isinstance(kids, ArrayObject) or not kids:
            return None
        font = dict_of(kids[0])
    descriptor = dict_of(font.get("/FontDescriptor"))
    for key in _EMBEDDED:
        data = _data(descriptor.get(key))
        if data:
            return hashlib.blake2b(data, digest_size=20).digest()
    return None


def identity_descendant(font: DictionaryObject) -> DictionaryObject | None:
    """A Type 0 font's descendant CIDFont, when its codes are CIDs (``/Identity-H``) and
    it has exactly one; None for any other font."""
    if font.get("/Subtype") != "/Type0" or str(font.get("/Encoding")) != "/Identity-H":
        return None
    kids = resolved(font.get("/DescendantFonts"))
    if not isinstance(kids, ArrayObject) or len(kids) != 1:
        return None
    cid_font = resolved(kids[0])
    return cid_font if isinstance(cid_font, DictionaryObject) else None


def _codes_are_glyphs(font: DictionaryObject) -> str | None:
    """``"truetype"`` or ``"cff"`` when ``font`` is a Type 0 font whose every code is the
    id of the glyph its program draws for it, embedded as ``fill`` embeds a release's
    fonts (:func:`.fonts.type0_objects`): the ``/Identity-H`` encoding (a code is its
    CID), an ``Adobe-Identity`` CIDFont, a non-symbolic descriptor (``/Flags 32``), and
    either ``/CIDFontType2`` with ``/CIDToGIDMap /Identity`` and a ``/FontFile2``, or
    ``/CIDFontType0`` with a ``/FontFile3`` of subtype ``/CIDFontType0C``; else None."""
    cid_font = identity_descendant(font)
    if cid_font is None:
        return None
    info = dict_of(cid_font.get("/CIDSystemInfo"))
    descriptor = dict_of(cid_font.get("/FontDescriptor"))
    if (
        str(info.get("/Registry")) != "Adobe"
        or str(info.get("/Ordering")) != "Identity"
        or resolved(descriptor.get("/Flags")) != 32
    ):
        return None
    files = [key for key in _EMBEDDED if key in descriptor]
    subtype = cid_font.get("/Subtype")
    if subtype == "/CIDFontType2" and files == ["/FontFile2"]:
        return "truetype" if str(cid_font.get("/CIDToGIDMap")) == "/Identity" else None
    if subtype == "/CIDFontType0" and files == ["/FontFile3"]:
        program = resolved(descriptor["/FontFile3"])
        if isinstance(program, StreamObject) and program.get("/Subtype") == "/CIDFontType0C":
            return "cff"
    return None


def glyph_texts(kind: str, read: dict[int, str]) -> bytes:
    """A digest of what each glyph of a Type 0 font whose codes are its glyphs' ids stands
    for: ``kind`` (``"truetype"`` or ``"cff"``, how its program is embedded) and its
    ``ToUnicode`` map, code by code (:attr:`FontCheck.glyph_texts`)."""
    told = repr((kind, sorted(read.items())))
    return hashlib.blake2b(told.encode("utf-8", "surrogatepass"), digest_size=20).digest()


def check_font(font: DictionaryObject) -> FontCheck:
    """What the check of one font finds (its digest left out: see :mod:`.pagefonts`)."""
    to_unicode = _data(font.get("/ToUnicode"))
    read = parse_to_unicode(to_unicode) if to_unicode else {}
    subtype = font.get("/Subtype")
    program = _program(font)
    kind = _codes_are_glyphs(font) if program is not None and to_unicode else None
    texts = None if kind is None else glyph_texts(kind, read)
    named = False
    if subtype == "/Type0" and read:
        drawn = _type0_drawn(font, sorted(read))
    elif subtype in _SIMPLE:
        named = _draws_named_glyphs(font, read)
        if not read:
            return FontCheck(None, (), named, named, program)
        drawn = _simple_drawn(font)
    else:
        return FontCheck(None, (), False, False, program)
    out = []
    for code in sorted(read):
        text, shown = read[code], drawn.get(code)
        if shown is None or len(text) != 1 or _same(text, shown):
            continue
        if _meaningful(text) or any(_meaningful(c) for c in shown):
            out.append((shown[0] if len(shown) == 1 else shown, text))
    lies = tuple(out)
    # a Type 0 font must say what *every* code it maps draws: a map reading only stops
    # and spaces would otherwise be "checked" with nothing checked (the glyphs unknown)
    told = subtype != "/Type0" or all(code in drawn for code in read)
    checked = (
        not lies
        and told
        and all(
            code in drawn and _same(text, drawn[code])
            for code, text in read.items()
            if any(_meaningful(c) for c in text)
        )
    )
    from .outlineproof import NOT_PROVED, Proof, prove

    # (codes that are glyph ids too: pdfcpu's Roboto, /CIDToGIDMap /Identity)
    proof = prove(font, read) if program is not None and not lies else NOT_PROVED
    if not proof.proved and subtype == "/Type1" and program is not None and not lies:
        from .standardclones import clone_of

        clone = clone_of(font)  # (URW's copy of a standard font, as poppler prints it)
        proof = Proof(clone is not None and clone.whole)
    return FontCheck(
        None, lies, named and not lies, checked, program, texts, proof.proved, proof.misdrawn
    )


@dataclass(frozen=True, slots=True)
class FontCheck:
    """What the check of one font found."""

    digest: bytes | None
    """Of the font's objects (:func:`.objdigest.digest`): equal digests, the same font."""
    swaps: tuple[tuple[str, str], ...]
    """``(drawn, read)`` for each code whose ToUnicode map lies (see :class:`FontLie`)."""
    draws_named_glyphs: bool
    """A viewer draws each character the text layer reads for this font as that very
    character, from its own copy of a standard font (see :func:`_draws_named_glyphs`)."""
    reads_as_drawn: bool = False
    """Every letter, digit or box the ToUnicode map reads was checked against what the
    font itself says its glyph is (its encoding, or its program's ``cmap``) and is that
    glyph's character. Whether the glyph *looks* like that character is another matter:
    a program's outlines can draw anything (see :attr:`program`)."""
    program: bytes | None = None
    """A digest (BLAKE2b) of its embedded program; None when not embedded."""
    glyph_texts: bytes | None = None
    """For a Type 0 font whose codes are its glyphs' ids (embedded as ``fill`` embeds a
    release's fonts), :func:`glyph_texts` of its ``ToUnicode`` map: with :attr:`program`,
    it tells the font from one ``fill`` made (what each of its glyphs is, by
    construction); None for any other font."""
    draws_reference: bool = False
    """Its embedded TrueType program draws, for every code that can draw ink, the very
    outline a font we ship of its name has for the text the ToUnicode map reads
    (:func:`.outlineproof.prove`): a printer's new subset of DejaVu Sans, pdfcpu's Roboto
    (:data:`.shippedfonts.REFERENCE`). Or its
    embedded CFF program, named as URW's copy of a standard font, draws for every such
    code URW's outline of what WinAnsi reads it as (:attr:`.standardclones.Clone.whole`):
    pdftocairo's Nimbus Sans in Helvetica's place."""
    misdrawn: frozenset[str] = frozenset()
    """Texts its map reads only for codes whose glyph is not the outline of them in the
    font we ship of its name, most of whose glyphs it has (:class:`.outlineproof.Proof`)."""
