"""Glyphs of a standard font drawn alone, as PDFium draws them, at every pixel phase.

Telling which character a patch of a page shows needs the shapes to compare it with:
each candidate character drawn by itself, in the font, size and resolution of the
page, and placed as finely as the page places its glyphs. A glyph's origin falls
anywhere between two pixels, and its anti-aliased edges differ with that phase; so
each character is drawn at :data:`PHASES` x :data:`PHASES` phases (a third of a pixel
apart), each alone in a cell of a page made here, with a standard font that is not
embedded (PDFium draws it from its own copy, as it draws a page that uses that font),
and rendered once. :meth:`GlyphAtlas.window` gives every candidate's pixels in one
window around its origin, stacked, for one phase.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .writer import write_document

__all__ = ["PHASES", "GlyphAtlas", "drawn_alone", "glyph_atlas"]

PHASES = 3
"""Sub-pixel positions of a glyph's origin drawn, per axis."""


@dataclass(frozen=True, slots=True)
class GlyphAtlas:
    """Characters of one font at one size, each drawn alone at every phase."""

    chars: str
    """The characters drawn (those the font's WinAnsi encoding has), in order."""
    scale: float
    """Pixels per point."""
    pitch: int
    """Pixels between two cells' origins; a window reaches at most half of it."""
    image: npt.NDArray[np.uint8]
    """Ink (0 white .. 255 black) of the atlas page, a byte a pixel: an atlas of a large
    font size is big (a 25-point font's 150 characters, 50 million pixels), and the
    windows cut from it are made floats one window at a time (:meth:`window`)."""

    def origin(self, index: int, phase_y: int, phase_x: int) -> tuple[int, int]:
        """The pixel (row, column) holding the origin of character ``index`` drawn at a
        phase: its origin lies ``phase / PHASES`` of a pixel into that pixel."""
        row = (phase_y * PHASES + phase_x) * self.pitch + self.pitch // 2
        col = index * self.pitch + self.pitch // 2
        return row, col

    def window(
        self,
        phase_y: int,
        phase_x: int,
        up: int,
        down: int,
        left: int,
        right: int,
        *,
        only: int | None = None,
    ) -> npt.NDArray[np.float32]:
        """Every character's pixels (n x rows x columns; with ``only``, that character's
        alone, 1 x rows x columns, a view of the atlas: not to be written) from ``up`` rows
        above its origin pixel to ``down`` below it, and ``left`` .. ``right`` columns
        (both inclusive), in floats (a copy)."""
        most = self.pitch // 2 - 1
        up, down, left, right = min(up, most), min(down, most), min(left, most), min(right, most)
        row, col = self.origin(0, phase_y, phase_x)
        band = self.image[row - up : row + down + 1]
        if only is not None:  # one character: its columns are a slice
            start = only * self.pitch + col - left
            one: npt.NDArray[np.float32] = band[None, :, start : start + left + right + 1].astype(
                np.float32
            )
            return one
        which = np.arange(len(self.chars))
        starts = which * self.pitch + col - left
        columns = starts[:, None] + np.arange(left + right + 1)[None, :]
        out: npt.NDArray[np.float32] = band[:, columns].transpose(1, 0, 2).astype(np.float32)
        return out


def _codes(chars: str, program: Path | None) -> dict[str, int]:
    """Each character of ``chars`` that can be drawn, and its code: WinAnsi's in a
    standard font; in a TrueType program, 1, 2, ... in order, each named in the font's
    ``/Differences`` (``uniXXXX``: PDFium finds the glyph through the program's
    ``cmap``), up to 254 characters."""
    out: dict[str, int] = {}
    for char in dict.fromkeys(chars):
        if program is not None:
            if len(out) < 254 and not char.isspace():
                out[char] = len(out) + 1
            continue
        try:
            code = char.encode("cp1252")
        except UnicodeEncodeError:
            continue
        out[char] = code[0]
    return out


def _name(char: str) -> str:
    point = ord(char)
    return f"/uni{point:04X}" if point <= 0xFFFF else f"/u{point:06X}"


def drawn_alone(
    width: float,
    height: float,
    placed: Sequence[tuple[str, float, float, float]],
    font: str,
    program: Path | None = None,
) -> bytes:
    """A one-page document ``width`` x ``height`` points drawing each ``(character, x, y,
    size)`` of ``placed`` alone at its origin, in ``font``: a standard font (a
    ``/BaseFont`` name such as ``Helvetica``) that is not embedded, in WinAnsi encoding
    (characters it has not are left out), or the TrueType ``program`` embedded under that
    name (each character named, :func:`_codes`)."""
    codes = _codes("".join(char for char, *_ in placed), program)
    ops = [
        f"BT /F {size:.4f} Tf 1 0 0 1 {x:.5f} {y:.5f} Tm <{codes[char]:02X}> Tj ET"
        for char, x, y, size in placed
        if char in codes and not char.isspace()
    ]
    content = "\n".join(ops).encode("ascii")
    kind = "Type1" if program is None else "TrueType"
    described = "" if program is None else " /FontDescriptor 7 0 R"
    encoding = "/WinAnsiEncoding"
    if program is not None:
        named = " ".join(_name(char) for char in codes)
        encoding = f"<< /BaseEncoding /WinAnsiEncoding /Differences [1 {named}] >>"
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.4f} {height:.4f}] "
            "/Resources << /Font << /F 5 0 R >> >> /Contents 4 0 R >>"
        ).encode("ascii"),
        4: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        5: (
            f"<< /Type /Font /Subtype /{kind} /BaseFont /{font} /Encoding {encoding}{described} >>"
        ).encode("latin-1"),
        6: b"<< >>",
    }
    if program is not None:
        data = program.read_bytes()
        objects[7] = (
            f"<< /Type /FontDescriptor /FontName /{font} /Flags 32 /FontBBox [0 0 1000 1000] "
            "/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 "
            "/FontFile2 8 0 R >>"
        ).encode("latin-1")
        objects[8] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)
    return write_document(objects, root=1, info=6, file_id="00" * 16)


def _into_array(pixels: list[npt.NDArray[np.uint8]]) -> Callable[..., pdfium.PdfBitmap]:
    """A ``bitmap_maker`` for :meth:`pypdfium2.PdfPage.render` whose grey bitmap's pixels
    are a NumPy array's, put in ``pixels``: an atlas is rendered into the array it is
    kept in, not copied out of PDFium's bitmap (two of 50 MB at once, at 25 points)."""

    def make(width: int, height: int, format: int, rev_byteorder: bool = False) -> pdfium.PdfBitmap:
        if format != pdfium_c.FPDFBitmap_Gray:
            return pdfium.PdfBitmap.new_native(width, height, format, rev_byteorder)
        array = np.empty((height, width), np.uint8)
        pixels.append(array)
        buffer = (ctypes.c_ubyte * array.size).from_buffer(array.data)
        return pdfium.PdfBitmap.new_native(
            width, height, format, rev_byteorder, buffer=buffer, stride=width
        )

    return make


def glyph_atlas(
    font: str, size: float, chars: str, scale: float, program: Path | None = None
) -> GlyphAtlas:
    """``chars`` of ``font`` (:func:`drawn_alone`'s: a standard font's ``/BaseFont`` name
    such as ``Helvetica``, or the TrueType ``program`` under that name) at ``size``
    points, rendered at ``scale`` pixels a point, each at every phase (see the module).
    Not kept here: its caller keeps what it makes of it (a large atlas kept twice, as
    drawn and as blurred, by two caches of 16 each, held gigabytes across a batch)."""
    codes = _codes(chars, program)
    chars = "".join(char for char in dict.fromkeys(chars) if char in codes or char == " ")
    pitch = int(np.ceil(2.5 * size * scale)) + 4
    rows = PHASES * PHASES
    width_px, height_px = pitch * max(1, len(chars)), pitch * rows
    width, height = width_px / scale, height_px / scale
    placed = []
    for phase_y in range(PHASES):
        for phase_x in range(PHASES):
            for index, char in enumerate(chars):
                row = (phase_y * PHASES + phase_x) * pitch + pitch // 2
                col = index * pitch + pitch // 2
                x = (col + phase_x / PHASES) / scale
                y = height - (row + phase_y / PHASES) / scale
                placed.append((char, x, y, size))
    doc = pdfium.PdfDocument(drawn_alone(width, height, placed, font, program))
    try:
        page = doc[0]
        try:
            pixels: list[npt.NDArray[np.uint8]] = []
            bitmap = page.render(scale=scale, grayscale=True, bitmap_maker=_into_array(pixels))
            if pixels:  # rendered into an array of its own: turned to ink where it is
                image = np.subtract(255, pixels[0], out=pixels[0])[:height_px, :width_px]
            else:
                grey = bitmap.to_numpy()
                if grey.ndim != 2:
                    grey = np.asarray(bitmap.to_pil().convert("L"))
                image = np.subtract(255, grey[:height_px, :width_px], dtype=np.uint8)
            bitmap.close()
        finally:
            page.close()
    finally:
        doc.close()
    return GlyphAtlas(chars, scale, pitch, image)
