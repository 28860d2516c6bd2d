"""Fonts for field values: find one that can draw each character, subset it, embed it.

Values are drawn in the bundled DejaVu Sans (Latin, Greek, Cyrillic, Vietnamese,
the ☐ ☒ boxes) and, for scripts it lacks, in the Noto fonts of the packages
pubrelease depends on or of its own (:data:`PACKAGED`, :mod:`.shippedfonts`: Arabic,
Hebrew, Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada,
Malayalam, Sinhala, Thai, Lao, Khmer, Myanmar, Ethiopic, Chinese, Japanese, Korean),
after any listed in ``PUBRELEASE_FONTS`` and before CJK fonts installed on the system.

The template's own DejaVu subset is made once by fontTools (:class:`EmbeddedFont`);
a release's fonts are HarfBuzz subsets of the glyphs its shaped values draw
(:class:`GlyphSubset`), to which a TrueType subset gets a ``cmap`` of the
characters its glyphs are (:mod:`.charmap`: for programs that write ``ToUnicode``
anew from it). Both become the PDF objects of a ``Type0`` font (``CIDFontType2``
for TrueType outlines, ``CIDFontType0`` with a bare CFF program for PostScript
outlines) with a ``ToUnicode`` map.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
import logging
import os
import unicodedata
from codecs import utf_16_be_encode  # str.encode's codec, without its lookup by name
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont

from ..pdf.charmap import adding_cmaps, assembled_with_cmap, with_cmap
from ..pdf.shaping import FontFace, Subset, load_face
from ..pdf.shippedfonts import (
    BUNDLED,
    CJK_FONT_FILES,
    FONT_DIRS,
    PACKAGED,
    SCRIPT_PACKAGES,
    VENDORED,
    VENDORED_PACKAGE,
)
from ..pdf.syntax import num, stream_object

__all__ = [
    "BUNDLED",
    "PACKAGED",
    "SCRIPT_PACKAGES",
    "TYPE0_OBJECTS",
    "EmbeddedFont",
    "FontSource",
    "GlyphSubset",
    "available_fonts",
    "bundled_font",
    "coverage_hint",
    "find_sources",
    "packaged_fonts",
    "script_of",
    "subset_glyphs",
    "type0_objects",
]

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class FontSource:
    """One TrueType font on disk (or bundled) that values may be drawn in."""

    path: Path
    number: int = 0
    """The font's index in a TrueType collection (``.ttc``)."""

    @functools.cached_property
    def _data(self) -> bytes:
        return self.path.read_bytes()

    @functools.cached_property
    def folded_name(self) -> str:
        """The file's name in lower case (``notosanssc[wght].ttf``)."""
        return self.path.name.lower()

    @functools.cached_property
    def cmap(self) -> dict[int, str]:
        """Code point to glyph name."""
        return dict(self._open().getBestCmap() or {})

    @functools.cached_property
    def face(self) -> FontFace:
        """The font loaded once for shaping and subsetting with HarfBuzz (kept here too:
        ``covers`` asks it for every font in turn, and ``load_face`` hashes the path)."""
        return load_face(self.path, self.number)

    def covers(self, char: str) -> bool:
        return self.face.covers(char)

    def _open(self) -> TTFont:
        return TTFont(
            io.BytesIO(self._data), fontNumber=self.number, lazy=True, recalcTimestamp=False
        )

    def subset(self, chars: Iterable[str]) -> EmbeddedFont:
        """An embeddable subset holding ``chars`` (those this font has)."""
        return _subset(self, frozenset(c for c in chars if ord(c) in self.cmap))


@dataclass(frozen=True)
class EmbeddedFont:
    """A subset font, ready to be written as PDF objects and to encode text."""

    base_name: str
    program: bytes
    """The subset font program: a TrueType file, or a bare CFF font (``cff``)."""
    cff: bool
    glyphs: dict[str, tuple[int, float]]
    """Character to (CID, advance width in 1/1000 em); CIDs are glyph ids for TrueType."""
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    registry: tuple[str, str, int] = ("Adobe", "Identity", 0)
    """The CID system (``/CIDSystemInfo``) of a CID-keyed CFF font."""

    def width(self, text: str, size: float) -> float:
        """Advance width of ``text`` at ``size`` points."""
        glyphs = self.glyphs
        return sum(glyphs[c][1] for c in text) * size / 1000.0

    def encode(self, text: str) -> str:
        """``text`` as an Identity-H hex string (``<...>``) of glyph ids."""
        glyphs = self.glyphs
        return "<" + "".join(f"{glyphs[c][0]:04X}" for c in text) + ">"

    def pdf_objects(self, first: int) -> list[bytes]:
        """The five objects of this font, numbered from ``first``; the Type0 font is ``first``."""
        by_gid = sorted((gid, width, char) for char, (gid, width) in self.glyphs.items())
        return type0_objects(
            first,
            base_name=self.base_name,
            program=self.program,
            cff=self.cff,
            glyphs=by_gid,
            descriptor=(self.bbox, self.ascent, self.descent, self.cap_height),
            registry=self.registry,
        )


TYPE0_OBJECTS = 5
"""Objects a ``Type0`` font takes: the font, its CIDFont, descriptor, program, ToUnicode."""


def type0_objects(
    first: int,
    *,
    base_name: str,
    program: bytes,
    cff: bool,
    glyphs: list[tuple[int, float, str]],
    descriptor: tuple[tuple[int, int, int, int], int, int, int],
    registry: tuple[str, str, int] = ("Adobe", "Identity", 0),
    level: int = 6,
    stored_below: int = 0,
    stream: bytes | None = None,
) -> list[bytes]:
    """The five objects of a ``Type0`` font numbered from ``first``: the font, its
    CIDFont, descriptor, program and ``ToUnicode`` map, the streams compressed at zlib
    ``level`` unless shorter than ``stored_below`` bytes.

    ``glyphs`` is (CID, advance in 1/1000 em, text) sorted by CID; a glyph with
    empty text gets no ``ToUnicode`` entry; ``stream``: the program's stream object, made.
    """
    descendant, desc_number, file_, tounicode = range(first + 1, first + TYPE0_OBJECTS)
    # tenth(), inlined: a glyph's width, whole (an ideograph's) or to a tenth
    widths = [f"{gid} [{num(w if w == int(w) else round(w, 1))}]" for gid, w, _ in glyphs]
    type0 = (
        f"<< /Type /Font /Subtype /Type0 /BaseFont /{base_name} /Encoding /Identity-H "
        f"/DescendantFonts [{descendant} 0 R] /ToUnicode {tounicode} 0 R >>"
    )
    ordering_registry, ordering, supplement = registry
    cid = (
        f"<< /Type /Font /Subtype /{'CIDFontType0' if cff else 'CIDFontType2'} "
        f"/BaseFont /{base_name} /CIDSystemInfo << /Registry ({ordering_registry}) "
        f"/Ordering ({ordering}) /Supplement {supplement} >> "
        f"/FontDescriptor {desc_number} 0 R /DW 1000 /W [{' '.join(widths)}]"
        f"{'' if cff else ' /CIDToGIDMap /Identity'} >>"
    )
    if stream is None:
        stream = _font_file(program, cff, level if len(program) >= stored_below else 0)
    box, ascent, descent, cap_height = descriptor
    bbox = " ".join(str(v) for v in box)
    desc = (
        f"<< /Type /FontDescriptor /FontName /{base_name} /Flags 32 "
        f"/FontBBox [{bbox}] /ItalicAngle 0 /Ascent {ascent} /Descent {descent} "
        f"/CapHeight {cap_height} /StemV 80 "
        f"/{'FontFile3' if cff else 'FontFile2'} {file_} 0 R >>"
    )
    return [
        type0.encode(),
        cid.encode(),
        desc.encode(),
        stream,
        _stream("", _tounicode([g for g in glyphs if g[2]]), level, stored_below),
    ]


RELEASE_LEVEL = 1
"""The zlib level of the fonts a release embeds (the template's own is compressed at 6):
a CJK title's subset (11 kB) takes 0.2 ms at 6 and two thirds of that at 1, for 1-2 %
more bytes."""

RELEASE_STORED_BELOW = 4096
"""A release's font program or ``ToUnicode`` map shorter than this is stored, not
deflated: a name's subset (1-4 kB) took 70-100 us to deflate inside a fill (0.1 ms of a
release's 1.5-2), to save a quarter of it, some 500 bytes of a 45 kB file."""


def _stream(header: str, data: bytes, level: int, stored_below: int) -> bytes:
    return stream_object(header, data, compress=len(data) >= stored_below, level=level)


def _font_stream(program: bytes, cff: bool, level: int) -> bytes:
    """The font program's stream object, compressed at ``level`` (0: stored)."""
    compress = level > 0
    if cff:
        return stream_object("/Subtype /CIDFontType0C", program, compress=compress, level=level)
    return stream_object(f"/Length1 {len(program)}", program, compress=compress, level=level)


_font_file = functools.lru_cache(maxsize=32)(_font_stream)
""":func:`_font_stream`, kept: a recurring subset's is reused."""


@dataclass(frozen=True)
class GlyphSubset:
    """The glyphs of one font that a release draws, subset by HarfBuzz."""

    face: FontFace
    base_name: str
    subset: Subset
    texts: dict[int, str]
    """Original glyph id to the text it stands for in ``ToUnicode`` ("" for none)."""

    def cid(self, gid: int) -> int:
        return self.subset.new_gid[gid]

    @functools.cached_property
    def table(self) -> dict[int, tuple[int, float, str]]:
        """Original glyph id to (CID, ``/W`` width, ``ToUnicode`` text)."""
        face, get, new_gid = self.face, self.texts.get, self.subset.new_gid
        advances, upem = face.advances(new_gid), face.upem
        # width()'s arithmetic and tenth(), once for each advance (an ideograph's is one)
        widths = {a: w if (w := a * 1000.0 / upem) == int(w) else round(w, 1) for a in {*advances}}
        pairs = zip(new_gid.items(), advances, strict=True)
        return {gid: (new, widths[a], get(gid, "")) for (gid, new), a in pairs}

    def width(self, gid: int) -> float:
        """The glyph's advance as the PDF font says it (``/W``), in 1/1000 em."""
        return round(self.face.advance(gid) * 1000.0 / self.face.upem, 1)

    def text(self, gid: int) -> str:
        return self.texts.get(gid, "")

    @functools.cached_property
    def program(self) -> bytes:
        """The font program embedded: the subset's, with a ``cmap`` of each glyph that is
        the font's own glyph for its one character (:func:`.charmap.with_cmap`; a bare CFF
        program has no place for one)."""
        subset = self.subset
        if subset.cff or not adding_cmaps():
            return subset.program
        nominal, new_gid = self.face.nominal, subset.new_gid
        # a character's own glyph is one glyph: each character comes once
        chars = sorted(
            [
                (ord(text), new_gid[gid])
                for gid, text in self.texts.items()
                if len(text) == 1 and nominal(text) == gid and text != "\uffff"
            ]
        )
        if subset.tables is None:
            return with_cmap(subset.program, chars)
        # assembled here: written with the cmap at once, and kept with the subset (a
        # recurring name's glyphs recur with their characters)
        found = subset.cmapped
        if found is not None and found[0] == chars:
            return found[1]
        program = assembled_with_cmap(subset.tables, chars)
        subset.cmapped = (chars, program)
        return program

    def pdf_objects(self, first: int) -> list[bytes]:
        face, subset, program = self.face, self.subset, self.program
        stream = None
        if subset.tables is not None:  # its program kept with it, and so the stream (not
            kept = subset.filed  # looked for by the program's bytes: a hash of them all)
            if kept is None or kept[0] is not program:
                level = RELEASE_LEVEL if len(program) >= RELEASE_STORED_BELOW else 0
                kept = subset.filed = (program, _font_stream(program, subset.cff, level))
            stream = kept[1]
        return type0_objects(
            first,
            base_name=self.base_name,
            program=program,
            cff=subset.cff,
            glyphs=sorted(self.table.values()),
            descriptor=(face.bbox, face.ascent, face.descent, face.cap_height),
            level=RELEASE_LEVEL,
            stored_below=RELEASE_STORED_BELOW,
            stream=stream,
        )


def subset_glyphs(face: FontFace, texts: dict[int, str]) -> GlyphSubset:
    """A subset of ``face`` holding the glyphs of ``texts`` (glyph id to its text)."""
    subset = face.subset(set(texts))
    key = ",".join(map(str, sorted(texts))) + face.postscript_name
    tag = hashlib.sha256(key.encode()).digest()[:6].translate(_TAG_LETTERS).decode("ascii")
    return GlyphSubset(face, f"{tag}+{face.postscript_name}", subset, texts)


_TAG_LETTERS = bytes(65 + b % 26 for b in range(256))
"""A byte of the digest to the letter of a subset's tag (``A`` to ``Z``)."""


def _tounicode(by_gid: list[tuple[int, float, str]]) -> bytes:
    lines = [_TOUNICODE_HEAD]
    for start in range(0, len(by_gid), 100):
        chunk = by_gid[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [
            f"<{gid:04X}> <{utf_16_be_encode(char)[0].hex().upper()}>" for gid, _, char in chunk
        ]
        lines.append("endbfchar")
    lines.append(_TOUNICODE_TAIL)
    return "\n".join(lines).encode("ascii")


_TOUNICODE_HEAD = "\n".join(
    [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
)
_TOUNICODE_TAIL = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
"""A ``ToUnicode`` map's lines before its characters and after them, joined once."""


@functools.lru_cache(maxsize=32)  # names rarely repeat a character set: keep memory flat
def _subset(source: FontSource, chars: frozenset[str]) -> EmbeddedFont:
    options = ft_subset.Options()
    options.hinting = False
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    options.desubroutinize = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM", "vhea", "vmtx", "VORG", "BASE"]
    font = source._open()
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    font = TTFont(io.BytesIO(out.getvalue()))
    cff = "CFF " in font
    registry: tuple[str, str, int] = ("Adobe", "Identity", 0)
    if cff:
        program = font["CFF "].compile(font)
        top = font["CFF "].cff.topDictIndex[0]
        ros = getattr(top, "ROS", None)
        if ros is not None:  # CID-keyed: glyphs are named cidNNNNN after their CIDs
            registry = (str(ros[0]), str(ros[1]), int(ros[2]))
    else:
        program = out.getvalue()
        ros = None

    def cid(name: str) -> int:
        if ros is not None and name.startswith("cid") and name[3:].isdigit():
            return int(name[3:])
        return int(font.getGlyphID(name))

    scale = 1000.0 / font["head"].unitsPerEm
    cmap = font.getBestCmap() or {}
    hmtx = font["hmtx"]
    glyphs = {chr(cp): (cid(name), hmtx[name][0] * scale) for cp, name in cmap.items()}
    head, hhea = font["head"], font["hhea"]
    os2 = font.get("OS/2")
    name = font["name"].getDebugName(6) or source.path.stem
    tag = "".join(
        chr(65 + b % 26) for b in hashlib.sha256("".join(sorted(chars)).encode()).digest()[:6]
    )
    return EmbeddedFont(
        base_name=f"{tag}+{''.join(c for c in name if c.isalnum() or c == '-')}",
        program=program,
        cff=cff,
        glyphs=glyphs,
        registry=registry,
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        ascent=round(hhea.ascent * scale),
        descent=round(hhea.descent * scale),
        cap_height=round(getattr(os2, "sCapHeight", 0) * scale) or round(hhea.ascent * scale),
    )


def bundled_font() -> FontSource:
    """DejaVu Sans, shipped with pubrelease."""
    return _bundled()


@functools.lru_cache(maxsize=1)
def _bundled() -> FontSource:
    return FontSource(BUNDLED)


def script_of(char: str) -> str:
    """The script a character belongs to, as the first word of its Unicode name ("ARABIC")."""
    name = unicodedata.name(char, "")
    return name.split(" ")[0] if name else "UNNAMED"


def coverage_hint(char: str) -> str:
    """What to install so that ``char`` can be drawn."""
    category = unicodedata.category(char)
    if category[0] not in "LMN":  # a symbol's name names no script ("ROCKET")
        return (
            f"it is a symbol ({category}), not a letter of a script: no font pubrelease "
            "depends on draws it; leave it out, or install a font that does and list it in "
            "PUBRELEASE_FONTS"
        )
    if "VARIATION SELECTOR" in unicodedata.name(char, ""):
        return (
            "it is a variation selector, and no font pubrelease uses has a glyph for it "
            "after the character before it (the ideographic variation sequences drawn are "
            "Noto Sans JP's, of the Adobe-Japan1 collection); leave it out (the character "
            "before it is drawn in its usual form)"
        )
    script = script_of(char)
    named = script if script == "CJK" else script.title()
    package = SCRIPT_PACKAGES.get(script)
    if package is not None and _package_dir(package.replace("-", "_")) is None:
        return f"the {named} script needs `pip install {package}`"
    if package is not None:  # installed: its fonts lack this one (a rare ideograph...)
        return (
            f"no font of {package} draws it: install one that does (for the "
            f"{named} script) and list it in PUBRELEASE_FONTS"
        )
    return (
        f"no font pubrelease depends on covers the {named} script: install one "
        f"that does (Noto Sans {named}, for one) and list it in PUBRELEASE_FONTS"
    )


@functools.cache  # five packages, asked for fifteen folders
def _package_dir(module: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@functools.lru_cache(maxsize=1)
def packaged_fonts() -> tuple[FontSource, ...]:
    """The Noto fonts installed with pubrelease's dependencies or shipped in it, best first."""
    found: list[FontSource] = []
    for module, folder in PACKAGED:
        root = VENDORED if module == VENDORED_PACKAGE else _package_dir(module)
        if root is None:
            continue
        place = root / folder if module == VENDORED_PACKAGE else root / "fonts" / "ofl" / folder
        try:  # a listing, not glob(): glob's pattern machinery was most of the time
            names = os.listdir(place)
        except OSError:
            continue
        for name in sorted(names):
            if name.endswith(".ttf") and not name.startswith(".") and "Italic" not in name:
                found.append(FontSource(place / name))
    return tuple(found)


def user_fonts() -> tuple[FontSource, ...]:
    """Fonts listed in ``PUBRELEASE_FONTS`` (paths separated by ``os.pathsep``)."""
    return _usable(_listed())


def _listed() -> list[Path]:
    """The paths ``PUBRELEASE_FONTS`` lists, whether they load or not."""
    return [Path(p) for p in os.environ.get("PUBRELEASE_FONTS", "").split(os.pathsep) if p]


def _usable(paths: Iterable[Path]) -> tuple[FontSource, ...]:
    sources: list[FontSource] = []
    for path in paths:
        try:
            load_face(path, 0)
        except (OSError, ValueError) as exc:
            _LOG.debug("skipping %s: %s", path, exc)
            continue
        sources.append(FontSource(path))
    return tuple(sources)


def _system_files() -> Iterator[Path]:
    wanted = set(CJK_FONT_FILES)
    found: dict[str, Path] = {}
    for root in FONT_DIRS:
        if not root.is_dir():
            continue
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                if name in wanted and name not in found:
                    found[name] = Path(dirpath) / name
    for name in CJK_FONT_FILES:
        if name in found:
            yield found[name]


@functools.lru_cache(maxsize=1)
def system_fonts() -> tuple[FontSource, ...]:
    """CJK fonts installed on the system, best first (used after the packaged ones)."""
    return _usable(_system_files())


def font_files() -> tuple[Path, ...]:
    """Every font file :func:`find_sources` may draw values in, whether it loads or not:
    ``PUBRELEASE_FONTS``' own, the packaged ones and the system's (what a reading made
    with them depends on: :func:`pubrelease.auditing.cache.reading_environment`)."""
    return (*_listed(), *(f.path for f in packaged_fonts()), *_system_files())


def find_sources() -> tuple[FontSource, ...]:
    """Fonts for scripts DejaVu Sans lacks, best first: ``PUBRELEASE_FONTS``, then the
    packaged Noto fonts, then the system's."""
    return (*user_fonts(), *packaged_fonts(), *system_fonts())


def available_fonts() -> tuple[FontSource, ...]:
    """Every font values may be drawn in: the bundled one, then the others."""
    return (bundled_font(), *find_sources())
