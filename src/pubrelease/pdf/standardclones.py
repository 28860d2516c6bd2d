"""Embedded copies of the standard fonts of text, proved glyph by glyph to be URW's.

poppler's ``pdftocairo`` prints text set in a standard font (the form's Helvetica) in the
font fontconfig puts in its place, URW's Nimbus Sans, embedded as a subset (a bare CFF
program, ``/FontFile3 /Type1C``). Nimbus Sans is Helvetica's metrics and letters drawn
again; we do not ship it, but a digest of each of its glyphs' outlines (``cloneoutlines.json``,
made by ``tools/clone_outlines.py`` from Debian's ``fonts-urw-base35``) says which glyph a
subset draws. :func:`proved_clone` reads such a font and proves, code by code, that it
draws what the standard font draws for that byte in WinAnsi:

* the font is a Type 1 font in WinAnsi (an ``/Encoding`` by name, no differences) named
  as URW's copy of a standard font (:data:`CLONES`), its program a bare CFF;
* the code is one WinAnsi reads as Windows-1252 does (:data:`CODES`), its ``/Widths``
  entry the standard font's width (to :data:`WIDTH_SLACK`), the program's own encoding
  (a viewer that takes it rather than the dictionary's) names the same glyph as WinAnsi,
  the ``/ToUnicode`` map (if any) reads the code as WinAnsi does;
* the glyph the code names draws the outline of URW's glyph of that character, command
  for command (:func:`outline_digest`: subroutines run, hints set aside), written so
  that every interpreter draws it alike (:func:`.strictcharstrings.plain`: fontTools,
  which the digest is of, reads on past an ``endchar`` that FreeType stops at), in a
  program that draws outlines as they are (filled, at the default ``FontMatrix``).

A font is a :attr:`Clone.whole` copy when, besides, every code that may draw ink is one
proved: by WinAnsi's name for it, by the program's own encoding, or by ``.notdef`` where
the program lacks the name. Then every glyph a viewer shows of it is the standard
font's glyph of what the text layer reads, and :mod:`.tounicode` counts it as drawing
a reference font's outlines (:attr:`~.tounicode.FontCheck.draws_reference`): a value
box in it needs no OCR (:mod:`..reading.vouching`).

MuPDF prints text set in a standard font in its own copy of URW's, the whole program,
as a Type 0 font (``/Identity-H``) over a ``/CIDFontType0`` descendant whose program is
a name-keyed CFF (``/FontFile3 /CIDFontType0C``): each two-byte code is a glyph's index
(no CFF of its own keys them otherwise), and its ``/ToUnicode`` map reads them wrong
beyond ASCII ("Zoë" as "ZoÑ"). :func:`proved_cid_clone` proves such a font code by code
the same way, by the glyph's name in the program's charset, its ``/W`` width and its
outline, and gives the byte WinAnsi writes for each code proved (:attr:`Clone.wide`);
of those, the codes its map reads as they show are :attr:`Clone.codes` (a value drawn
with others is read as the text layer reads it and left to a person:
:mod:`..reading.printmaps`).

Verdicts are kept by a digest of the font and all it refers to, by value.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from .kept import Kept
from .nodefonts import cid_widths, node_digest
from .objects import Node, NotSure, Objects, Ref, Stream
from .outlineproof import SUBSET_TAG
from .strictcharstrings import plain
from .tounicode import dict_of, parse_to_unicode, plain_map, resolved

__all__ = [
    "CLONES",
    "CODES",
    "OUTLINES",
    "Clone",
    "clone_of",
    "digests_of",
    "glyph_name",
    "outline_digest",
    "proved_cid_clone",
    "proved_clone",
]

CLONES: dict[str, tuple[str, ...]] = {
    "Helvetica": ("NimbusSans-Regular",),
    "Helvetica-Bold": ("NimbusSans-Bold",),
    "Helvetica-Oblique": ("NimbusSans-Italic",),
    "Helvetica-BoldOblique": ("NimbusSans-BoldItalic",),
    "Times-Roman": ("NimbusRoman-Regular",),
    "Times-Bold": ("NimbusRoman-Bold",),
    "Times-Italic": ("NimbusRoman-Italic",),
    "Times-BoldItalic": ("NimbusRoman-BoldItalic",),
    "Courier": ("NimbusMonoPS-Regular",),
    "Courier-Bold": ("NimbusMonoPS-Bold",),
    "Courier-Oblique": ("NimbusMonoPS-Italic",),
    "Courier-BoldOblique": ("NimbusMonoPS-BoldItalic",),
}
"""Each standard font of text, and the names of URW's copies of it poppler embeds."""
CODES = (
    frozenset(range(0x20, 0x7F))
    | (frozenset(range(0x82, 0xA0)) - {0x8D, 0x8F, 0x90, 0x9D})
    | (frozenset(range(0xA1, 0x100)) - {0xAD})
)
"""Bytes that WinAnsi reads as Windows-1252 does: ASCII, Latin-1's letters and signs,
and its own curly quotes, dashes, ellipsis, Š, Ž, Œ and Ÿ (which every viewer's
standard fonts draw, ``tools/standard_reach.py``). Not the euro (the standard fonts'
metrics have no glyph for it), the codes WinAnsi leaves unused (some viewers draw a
bullet), nor a soft hyphen (drawn as a hyphen)."""
OUTLINES = Path(__file__).with_name("cloneoutlines.json")
"""Per copy (:data:`CLONES`), per code, the digest of its glyph's outline."""
WIDTH_SLACK = 0.5
"""Thousandths of the size by which a code's ``/Widths`` entry may differ from the
standard font's width."""
MAX_PROGRAM = 1 << 20
"""Decoded bytes of a font program read here."""
MAX_MAP = 1 << 16

_BY_NAME = {clone: standard for standard, clones in CLONES.items() for clone in clones}
_KEYS = frozenset(
    {"/Type", "/Subtype", "/BaseFont", "/FirstChar", "/LastChar", "/Widths"}
    | {"/FontDescriptor", "/Encoding", "/ToUnicode"}
)


@dataclass(frozen=True, slots=True)
class Clone:
    """An embedded copy of a standard font, and the codes proved to draw its glyphs."""

    standard: str
    """The standard font it draws (``"Helvetica"``)."""
    codes: frozenset[int]
    whole: bool = False
    """Every code that may draw ink is among :attr:`codes` (see the module)."""
    wide: dict[int, int] | None = None
    """A Type 0 copy's (:func:`proved_cid_clone`): each two-byte code whose glyph is
    proved, and the byte WinAnsi writes for it; :attr:`codes` are those bytes whose code
    its ``/ToUnicode`` map also reads as WinAnsi does (a value must read as it shows)."""
    read: dict[int, str] | None = None
    """A Type 0 copy's: for each byte of :attr:`wide`, what its map reads its code as
    (MuPDF's reads a quotesingle as a copyright sign: the wording's reading folds it)."""


class _Font(NamedTuple):
    """What the proof reads of a font, whichever reader opened the file."""

    keys: frozenset[str]
    base: str
    first: object
    widths: tuple[object, ...] | None
    program: bytes | None
    """Its ``/FontFile3`` of subtype ``/Type1C``, decoded; None for any other program."""
    to_unicode: bytes | None


class _Drawing(NamedTuple):
    """What a glyph draws: :func:`outline_digest` of it, and whether it has ink (a line
    or a curve)."""

    digest: str
    inked: bool


_PROVED: Kept[bytes, Clone | None] = Kept(64)
_MADE: Kept[bytes, Clone | None] = Kept(64)
_DRAWN: Kept[bytes, _Drawing | None] = Kept(4096)


def glyph_name(code: int) -> str | None:
    """The name of the glyph WinAnsi names for ``code`` (the PDF reference's table: a
    bullet for the codes it leaves unused above 0x7E, a space and a hyphen for 0xA0 and
    0xAD); None below 0x20."""
    from reportlab.pdfbase._fontdata_enc_winansi import WinAnsiEncoding

    name: str | None = WinAnsiEncoding[code]
    return name


def outline_digest(glyph: Any) -> str:
    """A digest of the commands that draw ``glyph`` (a fontTools glyph or charstring)."""
    return _drawing(glyph).digest


def digests_of(path: Path) -> dict[str, str]:
    """Code -> the digest of the outline of the glyph WinAnsi names for it, for each of
    :data:`CODES` the font at ``path`` (one of URW's, as ``fonts-urw-base35`` installs
    it) has: what :data:`OUTLINES` holds for it (``tools/clone_outlines.py``)."""
    from fontTools.ttLib import TTFont

    glyphs = TTFont(path).getGlyphSet()
    return {
        str(code): outline_digest(glyphs[name])
        for code in sorted(CODES)
        if (name := glyph_name(code)) in glyphs
    }


@functools.cache
def _outlines() -> dict[str, dict[int, str]]:
    table: dict[str, dict[str, str]] = json.loads(OUTLINES.read_text())
    return {clone: {int(code): d for code, d in codes.items()} for clone, codes in table.items()}


def _cloned(base: object) -> bool:
    return isinstance(base, str) and SUBSET_TAG.sub("", base[1:]) in _BY_NAME


def proved_clone(objects: Objects, ref: Node) -> Clone | None:
    """The font at ``ref`` as a copy of a standard font, with the codes proved to draw its
    glyphs (see the module); None when it is not one."""
    if not isinstance(ref, Ref):
        return None
    font = objects.dict_of(ref)
    if not _cloned(font.get("/BaseFont")):
        return None
    return _by_digest(objects, ref, lambda: _kept(_read_node(objects, font)))


def _by_digest(objects: Objects, ref: Ref, make: Callable[[], Clone | None]) -> Clone | None:
    """``make()``, kept by a digest of the font at ``ref`` and all it refers to, by value
    (None when that cannot be digested; not proved when it raises :class:`.NotSure`)."""
    try:
        key = node_digest(objects, ref, by_value=True)
    except NotSure:
        return None
    if key in _PROVED:
        return _PROVED.recall(key)
    try:
        made = make()
    except NotSure:
        made = None
    return _PROVED.keep(key, made)


_TYPE0_KEYS = frozenset({"/Type", "/Subtype", "/BaseFont", "/Encoding", "/DescendantFonts"})
_CID_KEYS = frozenset(
    {"/Type", "/Subtype", "/BaseFont", "/CIDSystemInfo", "/FontDescriptor", "/W", "/DW"}
)


def proved_cid_clone(objects: Objects, ref: Node) -> Clone | None:
    """The Type 0 font at ``ref`` as MuPDF's copy of a standard font, with the codes proved
    to draw its glyphs (:attr:`Clone.wide`; see the module); None when it is not one."""
    if not isinstance(ref, Ref):
        return None
    font = objects.dict_of(ref)
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
        return None
    descendants = objects.resolve(font.get("/DescendantFonts"))
    if not set(font) - {"/ToUnicode"} <= _TYPE0_KEYS or not isinstance(descendants, tuple):
        return None
    cid = objects.dict_of(descendants[0]) if len(descendants) == 1 else {}
    if cid.get("/Subtype") != "/CIDFontType0" or not set(cid) <= _CID_KEYS:
        return None
    maps = font.get("/ToUnicode")
    if not _cloned(cid.get("/BaseFont")) or not isinstance(maps, Ref):
        return None  # (no map: the text layer reads nothing of it)
    return _by_digest(objects, ref, lambda: _made_cid(objects, cid, maps))


def _made_cid(objects: Objects, cid: dict[str, Node], maps: Ref) -> Clone | None:
    try:
        data = objects.decoded(maps, MAX_MAP)
        # (a code given twice: readers keep the first or the last, PDFium the last in
        # the file, parse_to_unicode the last of its ranges)
        return _read_cid(objects, cid, parse_to_unicode(data)) if plain_map(data) else None
    except (ValueError, KeyError, IndexError, TypeError, AssertionError):
        return None  # (a program fontTools cannot read: not proved)


def _read_cid(objects: Objects, cid: dict[str, Node], read: dict[int, str]) -> Clone | None:
    from fontTools.cffLib import CFFFontSet
    from reportlab.pdfbase.pdfmetrics import getFont

    descriptor = objects.dict_of(cid.get("/FontDescriptor"))
    program = descriptor.get("/FontFile3")
    if "/FontFile" in descriptor or "/FontFile2" in descriptor or not isinstance(program, Ref):
        return None
    stream = objects.resolve(program)
    if not isinstance(stream, Stream) or stream.entries.get("/Subtype") != "/CIDFontType0C":
        return None
    widths, default = cid_widths(objects, cid), objects.resolve(cid.get("/DW", 1000))
    if type(default) not in (int, float):
        return None
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(objects.decoded(program, MAX_PROGRAM)), None)
    if len(cff.fontNames) != 1:
        return None
    top = cff[cff.fontNames[0]]
    if not _plain_top(top):  # (name-keyed: a CID-keyed program maps codes otherwise)
        return None
    clone = SUBSET_TAG.sub("", str(cid["/BaseFont"])[1:])
    standard = _BY_NAME[clone]
    standard_widths, outlines = getFont(standard).widths, _outlines().get(clone, {})
    drawn = _drawing_digests(cff, top)
    wide = {}
    for index, name in enumerate(top.charset):
        code = _WIN_ANSI_CODE.get(name)
        width = widths.get(index, default)
        if code is None or abs(float(width) - standard_widths[code]) > WIDTH_SLACK:  # type: ignore[arg-type]
            continue
        found = drawn(name)
        if found is not None and outlines.get(code) == found.digest:
            wide[index] = code
    # (a code the text layer reads as another character: MuPDF's map beyond ASCII, and
    # its quotesingle as a copyright sign)
    read_so = {c for i, c in wide.items() if read.get(i) == bytes([c]).decode("cp1252")}
    texts = {c: read.get(i, "") for i, c in wide.items()}
    return Clone(standard, frozenset(read_so), wide=wide, read=texts)


def clone_of(font: DictionaryObject) -> Clone | None:
    """:func:`proved_clone` of a font as pypdf reads it (its check is kept by
    :mod:`.pagefonts`)."""
    if not _cloned(font.get("/BaseFont")):
        return None
    return _kept(_read_pypdf(font))


def _kept(font: _Font | None) -> Clone | None:
    """:func:`_made`, kept by a digest of what it reads (the same font read by either
    reader: the print path's and the font check's)."""
    if font is None:
        return None
    digest = hashlib.blake2b(font.program or b"", digest_size=20)
    told = (sorted(font.keys), font.base, font.first, font.widths, font.to_unicode)
    digest.update(repr(told).encode())
    key = digest.digest()
    if key in _MADE:
        return _MADE.recall(key)
    try:
        made = _made(font)
    except (ValueError, KeyError, IndexError, TypeError, AssertionError):
        made = None  # (a program fontTools cannot read: not proved)
    return _MADE.keep(key, made)


def _read_node(objects: Objects, font: dict[str, Node]) -> _Font | None:
    if font.get("/Subtype") != "/Type1" or font.get("/Encoding") != "/WinAnsiEncoding":
        return None
    descriptor = objects.dict_of(font.get("/FontDescriptor"))
    if "/FontFile" in descriptor or "/FontFile2" in descriptor:
        return None
    program = descriptor.get("/FontFile3")
    if not isinstance(program, Ref):
        return None
    stream = objects.resolve(program)
    if not isinstance(stream, Stream) or stream.entries.get("/Subtype") != "/Type1C":
        return None
    widths = objects.resolve(font.get("/Widths"))
    maps = font.get("/ToUnicode")
    if maps is not None and not isinstance(maps, Ref):
        return None
    return _Font(
        frozenset(font),
        str(font["/BaseFont"]),
        objects.resolve(font.get("/FirstChar")),
        tuple(objects.resolve(w) for w in widths) if isinstance(widths, tuple) else None,
        objects.decoded(program, MAX_PROGRAM),
        objects.decoded(maps, MAX_MAP) if maps is not None else None,
    )


def _read_pypdf(font: DictionaryObject) -> _Font | None:
    if font.get("/Subtype") != "/Type1" or font.get("/Encoding") != "/WinAnsiEncoding":
        return None
    descriptor = dict_of(font.get("/FontDescriptor"))
    if "/FontFile" in descriptor or "/FontFile2" in descriptor:
        return None
    stream = resolved(descriptor.get("/FontFile3"))
    if not isinstance(stream, StreamObject) or stream.get("/Subtype") != "/Type1C":
        return None
    widths = resolved(font.get("/Widths"))
    maps = resolved(font.get("/ToUnicode"))
    if maps is not None and not isinstance(maps, StreamObject):
        return None
    program, read = stream.get_data(), maps.get_data() if maps is not None else None
    if len(program) > MAX_PROGRAM or (read is not None and len(read) > MAX_MAP):
        return None
    return _Font(
        frozenset(str(k) for k in font),
        str(font["/BaseFont"]),
        _number(resolved(font.get("/FirstChar"))),
        tuple(_number(resolved(w)) for w in widths) if isinstance(widths, ArrayObject) else None,
        program,
        read,
    )


def _number(value: object) -> object:
    """A number of pypdf's as Python's own (else as it is)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return int(value) if isinstance(value, int) else float(value)


def _made(font: _Font) -> Clone | None:
    from fontTools.cffLib import CFFFontSet
    from reportlab.pdfbase.pdfmetrics import getFont

    if not font.keys <= _KEYS or font.program is None:
        return None
    if type(font.first) is not int or font.widths is None:
        return None
    if font.to_unicode is not None and not plain_map(font.to_unicode):
        return None  # (a code given twice: readers keep the first or the last)
    read = parse_to_unicode(font.to_unicode) if font.to_unicode is not None else None
    clone = SUBSET_TAG.sub("", font.base[1:])
    standard = _BY_NAME[clone]
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(font.program), None)
    if len(cff.fontNames) != 1:
        return None
    top = cff[cff.fontNames[0]]
    if not _plain_top(top):
        return None
    charstrings, own = top.CharStrings, getattr(top, "Encoding", None)
    drawn = _drawing_digests(cff, top)
    if own is not None and not isinstance(own, list):
        return None  # (the standard or expert encoding: not read here)
    standard_widths = getFont(standard).widths
    outlines = _outlines().get(clone, {})
    codes = set()
    for code in CODES:
        at = code - font.first
        width = font.widths[at] if 0 <= at < len(font.widths) else None
        if type(width) not in (int, float) or abs(width - standard_widths[code]) > WIDTH_SLACK:
            continue
        name = glyph_name(code)
        if name is None or name not in charstrings:
            continue
        if own is not None and (code >= len(own) or own[code] != name):
            continue  # (the program's own encoding names another glyph)
        text = bytes([code]).decode("cp1252")
        if read is not None and read.get(code, text) != text:
            continue
        found = drawn(name)
        if found is not None and outlines.get(code) == found.digest:
            codes.add(code)
    named = {
        code
        for code, (twin, texts) in _TWINS.items()
        if twin in codes and (read is None or read.get(code, texts[0]) in texts)
    }
    return Clone(standard, frozenset(codes), _whole(drawn, charstrings, own, codes, named))


_TWINS = {0xA0: (0x20, ("\xa0", " ")), 0xAD: (0x2D, ("\xad", "-"))}
_WIN_ANSI_CODE = {
    name: code for code in sorted(CODES, reverse=True) if (name := glyph_name(code)) is not None
}
"""WinAnsi's other codes of a space and a hyphen (a no-break space, a soft hyphen): each
names its twin's glyph and may be read as either."""


def _plain_top(top: Any) -> bool:
    """Whether a CFF font's top dictionary draws its outlines as they are: filled
    (``PaintType`` 0), at a thousandth of the size (the default ``FontMatrix``), in Type 2
    charstrings, not CID-keyed nor synthetic, each glyph named once (a name given twice
    is looked up as one glyph by fontTools, maybe as the other by a viewer)."""
    raw = top.rawDict
    charset = list(getattr(top, "charset", None) or ())
    return (
        len(set(charset)) == len(charset)
        and not {"ROS", "FDArray", "FDSelect", "SyntheticBase"} & set(raw)
        and list(getattr(top, "FontMatrix", _MATRIX)) == _MATRIX
        and getattr(top, "PaintType", 0) == 0
        and getattr(top, "CharstringType", 2) == 2
    )


_MATRIX = [0.001, 0, 0, 0.001, 0, 0]
"""A CFF font's default ``FontMatrix``: glyph space in thousandths of the size."""


def _drawing_digests(cff: Any, top: Any) -> Callable[[str], _Drawing | None]:
    """The drawing of a glyph of ``top`` by name (None when its charstring is not one
    every interpreter reads alike, :func:`.strictcharstrings.plain`, or is not read
    here), kept by its charstring's bytes and all the subroutines it may call (a
    printer's subsets of one font keep all of them: the same glyph of the next print is
    not read again)."""
    subrs = hashlib.blake2b(digest_size=16)
    codes: list[list[bytes]] = []
    for index in (cff.GlobalSubrs, getattr(top.Private, "Subrs", None) or ()):
        codes.append([])
        subrs.update(b"%d;" % len(index))
        for at in range(len(index)):
            code = index[at].bytecode
            if code is None:
                return lambda name: None
            codes[-1].append(code)
            subrs.update(b"%d;" % len(code) + code)
    known = subrs.digest()
    seen: dict[str, _Drawing | None] = {}  # (fontTools drops a glyph's bytes as it draws it)

    def drawn(name: str) -> _Drawing | None:
        if name in seen:
            return seen[name]
        glyph = top.CharStrings[name]
        code = glyph.bytecode
        if code is None:
            return None
        key = known + hashlib.blake2b(code, digest_size=16).digest()
        if key in _DRAWN:
            found = _DRAWN.recall(key)
        else:
            found = _DRAWN.keep(key, _drawing(glyph) if plain(code, *codes) else None)
        seen[name] = found
        return found

    return drawn


def _drawing(glyph: Any) -> _Drawing:
    from fontTools.pens.recordingPen import RecordingPen

    pen = RecordingPen()
    glyph.draw(pen)
    inked = any(op not in ("moveTo", "closePath", "endPath") for op, _ in pen.value)
    return _Drawing(hashlib.sha256(repr(pen.value).encode()).hexdigest()[:32], inked)


def _whole(
    drawn: Callable[[str], _Drawing | None],
    charstrings: Any,
    own: list[str] | None,
    codes: set[int],
    named: set[int],
) -> bool:
    """Whether every code that may draw ink is one of ``codes``: by WinAnsi's name for
    it (:func:`glyph_name`; for one of ``named``, its twin's proved glyph), by the
    program's own encoding, or by ``.notdef`` where the program has no glyph of that
    name (a glyph not read here counts as inked)."""
    for code in range(256):
        if code in codes:
            continue
        name = glyph_name(code)
        drawing = name if name is not None and name in charstrings else ".notdef"
        names = [] if code in named else [drawing]
        if own is not None and code < len(own):
            names.append(own[code])
        for glyph in names:
            if glyph in charstrings and ((found := drawn(glyph)) is None or found.inked):
                return False
    return True
