"""Fonts for field values: find one that can draw each character, subset it, embed it.

Values are drawn in the bundled DejaVu Sans (Latin, Greek, Cyrillic, Vietnamese,
the ☐ ☒ boxes) and, for scripts it lacks, in a CJK font installed on the system
(Noto Sans CJK, Droid Sans Fallback, WenQuanYi, ...). fontTools does the
subsetting; this module turns a subset into the PDF objects of a ``Type0`` font
(``CIDFontType2`` for TrueType outlines, ``CIDFontType0`` with a bare CFF
program for PostScript outlines) with a ``ToUnicode`` map, so text extraction
gives every character back exactly.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont, TTLibError

from ..pdf.syntax import num, stream_object

__all__ = ["EmbeddedFont", "FontSource", "available_fonts", "bundled_font", "find_sources"]

BUNDLED = Path(__file__).parent / "fontfiles" / "DejaVuSans.ttf"

CJK_FONT_FILES = (
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "NotoSansCJKjp-Regular.otf",
    "NotoSansCJKkr-Regular.otf",
    "SourceHanSans-Regular.ttc",
    "DroidSansFallbackFull.ttf",
    "DroidSansFallback.ttf",
    "wqy-zenhei.ttc",
    "wqy-microhei.ttc",
    "NanumGothic.ttf",
    "uming.ttc",
    "ukai.ttc",
    "fonts-japanese-gothic.ttf",
    "ipag.ttf",
)
"""Fonts for Chinese, Japanese and Korean, in order of preference."""

FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
    Path.home() / ".local/share/fonts",
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)

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
    def cmap(self) -> dict[int, str]:
        """Code point to glyph name."""
        return dict(self._open().getBestCmap() or {})

    def covers(self, char: str) -> bool:
        return ord(char) in self.cmap

    def _open(self) -> TTFont:
        return TTFont(
            io.BytesIO(self._data), fontNumber=self.number, lazy=True, recalcTimestamp=False
        )

    def subset(self, chars: Iterable[str]) -> EmbeddedFont:
        """An embeddable subset holding ``chars`` (those this font has)."""
        return _subset(self, frozenset(c for c in chars if self.covers(c)))


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
        descendant, descriptor, file_, tounicode = first + 1, first + 2, first + 3, first + 4
        by_gid = sorted((gid, width, char) for char, (gid, width) in self.glyphs.items())
        widths: list[str] = []
        for gid, width, _ in by_gid:
            widths.append(f"{gid} [{num(round(width, 1))}]")
        type0 = (
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{self.base_name} /Encoding /Identity-H "
            f"/DescendantFonts [{descendant} 0 R] /ToUnicode {tounicode} 0 R >>"
        )
        registry, ordering, supplement = self.registry
        cid = (
            f"<< /Type /Font /Subtype /{'CIDFontType0' if self.cff else 'CIDFontType2'} "
            f"/BaseFont /{self.base_name} /CIDSystemInfo << /Registry ({registry}) "
            f"/Ordering ({ordering}) /Supplement {supplement} >> "
            f"/FontDescriptor {descriptor} 0 R /DW 1000 /W [{' '.join(widths)}]"
            f"{'' if self.cff else ' /CIDToGIDMap /Identity'} >>"
        )
        if self.cff:
            program = stream_object("/Subtype /CIDFontType0C", self.program, compress=True)
        else:
            program = stream_object(f"/Length1 {len(self.program)}", self.program, compress=True)
        bbox = " ".join(str(v) for v in self.bbox)
        desc = (
            f"<< /Type /FontDescriptor /FontName /{self.base_name} /Flags 32 "
            f"/FontBBox [{bbox}] /ItalicAngle 0 /Ascent {self.ascent} /Descent {self.descent} "
            f"/CapHeight {self.cap_height} /StemV 80 "
            f"/{'FontFile3' if self.cff else 'FontFile2'} {file_} 0 R >>"
        )
        return [
            type0.encode(),
            cid.encode(),
            desc.encode(),
            program,
            stream_object("", _tounicode(by_gid), compress=True),
        ]


def _tounicode(by_gid: list[tuple[int, float, str]]) -> bytes:
    lines = [
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
    for start in range(0, len(by_gid), 100):
        chunk = by_gid[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        for gid, _, char in chunk:
            lines.append(f"<{gid:04X}> <{char.encode('utf-16-be').hex().upper()}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


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


def _candidate_files() -> Iterator[Path]:
    extra = os.environ.get("PUBRELEASE_FONTS")
    if extra:
        for item in extra.split(os.pathsep):
            if item:
                yield Path(item)
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
def find_sources() -> tuple[FontSource, ...]:
    """System fonts for scripts DejaVu Sans lacks, best first.

    ``PUBRELEASE_FONTS`` (paths separated by ``os.pathsep``) puts fonts of your
    choice first.
    """
    sources: list[FontSource] = []
    for path in _candidate_files():
        try:
            probe = TTFont(path, fontNumber=0, lazy=True)
            if "glyf" not in probe and "CFF " not in probe:
                _LOG.debug("skipping %s: neither TrueType nor CFF outlines", path)
                continue
        except (OSError, TTLibError) as exc:
            _LOG.debug("skipping %s: %s", path, exc)
            continue
        sources.append(FontSource(path))
    return tuple(sources)


def available_fonts() -> tuple[FontSource, ...]:
    """Every font values may be drawn in: the bundled one, then the system's."""
    return (bundled_font(), *find_sources())
