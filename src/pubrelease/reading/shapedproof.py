"""Whether a field's boxes draw the glyphs its stored value is shaped into.

Another program's appearance of a value in a script OCR does not read cannot be read
from its pixels here, and its text layer is that program's own map from glyphs to
characters. pdf-lib, drawing an Arabic or Persian name through fontkit in Noto Sans
Arabic, draws the right glyphs, joined and right to left, and maps some of them to
other letters or control characters ('محمد ال\\x05زهزاء' for 'محمد الزهراء').

The glyphs themselves can be proved. The appearance's text-showing operators give the
glyph ids the box draws, in order; its embedded font program gives each one's outline.
The stored value, shaped by HarfBuzz in each installed font that draws all of it (the
packaged Noto fonts among them), gives the outlines it is drawn with. The same outlines
in the same order (or the reverse: a right-to-left run written backwards) mean the box
draws the stored value's glyphs, whatever its map reads; any other name, a swap of
words, a letter changed, a Latin letter in a mixed value draws other outlines.

Only a live field's own appearance streams are proved: text in one font, a ``Type0``
font over an embedded TrueType program, glyph ids as codes
(``Identity-H``, an identity or stored ``/CIDToGIDMap``); anything else (a form XObject
drawn from it, another encoding, a second font, a value on two lines) is not, and the
text layer's disagreement stands. Placement is not proved: what the glyphs spell is.
"""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Iterator
from typing import Any

from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, StreamObject

from ..pdf.drawninstance import variants
from ..pdf.fontcodes import gid_of, type0_program
from ..pdf.fonts import available_fonts
from ..pdf.outlineproof import glyphs_set, reference_font

__all__ = ["draws_shaped"]

Outline = bytes


def draws_shaped(data: bytes, field: str, value: str) -> bool:
    """Whether every appearance of the live field named ``field`` in ``data`` draws the
    glyphs ``value`` is shaped into in an installed font (see the module); False when
    the field has none, or one cannot be proved."""
    try:
        reader = PdfReader(io.BytesIO(data))
        drawn = [_drawn(widget) for widget in _widgets(reader, field)]
    except Exception:
        return False
    if not drawn or any(d is None for d in drawn):
        return False
    wanted = {d for d in drawn if d is not None}
    return all(_shaped_somewhere(value, outlines) for outlines in wanted)


def _widgets(reader: PdfReader, field: str) -> Iterator[DictionaryObject]:
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if not isinstance(annot, DictionaryObject) or annot.get("/Subtype") != "/Widget":
                continue
            name = annot.get("/T")
            parent = annot.get("/Parent")
            if name is None and parent is not None:
                parent = parent.get_object()
                name = parent.get("/T") if isinstance(parent, DictionaryObject) else None
            if name == field:
                yield annot


def _drawn(widget: DictionaryObject) -> tuple[Outline, ...] | None:
    """The outlines of the glyphs the widget's normal appearance draws, in order; None
    when they cannot be told (see the module)."""
    appearance = widget.get("/AP")
    stream = appearance.get_object().get("/N") if appearance is not None else None
    stream = stream.get_object() if stream is not None else None
    if not isinstance(stream, StreamObject):
        return None
    resources = stream.get("/Resources")
    fonts = resources.get_object().get("/Font") if resources is not None else None
    if fonts is None:
        return None
    content = ContentStream(stream, None)
    font_name: str | None = None
    codes: list[bytes] = []
    used: set[str] = set()
    for operands, operator in content.operations:
        if operator == b"Tf":
            font_name = str(operands[0])
        elif operator == b"Do":
            return None  # drawn from elsewhere
        elif operator in (b"Tj", b"'", b'"', b"TJ"):
            if font_name is None:
                return None
            used.add(font_name)
            items = operands[-1] if operator != b"TJ" else operands[0]
            for item in items if isinstance(items, ArrayObject) else [items]:
                raw = _bytes(item)
                if raw is not None:
                    codes.append(raw)
    if len(used) != 1 or not codes:
        return None
    font = fonts.get_object().get(next(iter(used)))
    program = _program(font.get_object()) if font is not None else None
    if program is None:
        return None
    cid_to_gid, outlines = program
    raw = b"".join(codes)
    if len(raw) % 2:
        return None
    cids = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
    gids = [cid_to_gid(cid) for cid in cids]
    return tuple(outlines(gid) for gid in gids)


def _bytes(item: Any) -> bytes | None:
    if isinstance(item, bytes):
        return bytes(item)
    original = getattr(item, "original_bytes", None)
    return bytes(original) if original is not None else None


def _program(font: DictionaryObject) -> tuple[Any, Any] | None:
    found = type0_program(font)  # (a CFF program is not proved: Arabic and Hebrew are TrueType)
    if found is None:
        return None
    _, data, table = found
    font_file = TTFont(io.BytesIO(data), lazy=True)
    order = font_file.getGlyphOrder()
    glyphs = font_file.getGlyphSet()

    def outline(gid: int) -> Outline:
        return _outline(glyphs, order[gid]) if 0 <= gid < len(order) else b"?"

    return functools.partial(gid_of, table), outline


def _outline(glyphs: Any, name: str) -> Outline:
    pen = DecomposingRecordingPen(glyphs)
    glyphs[name].draw(pen)
    return hashlib.blake2b(repr(pen.value).encode(), digest_size=16).digest()


def _shaped_somewhere(value: str, drawn: tuple[Outline, ...]) -> bool:
    letters = {c for c in value if not c.isspace()}
    for source in available_fonts():
        if all(source.covers(c) for c in letters):
            # (a variable font at its default, as pdf-lib embeds it, and as fill draws it)
            for _, path in variants(str(source.path), source.number, ""):
                shaped = _shaped(path, source.number, value)
                if shaped is not None and drawn in (shaped, shaped[::-1]):
                    return True
    return False


@functools.lru_cache(maxsize=64)
def _shaped(path: str, number: int, value: str) -> tuple[Outline, ...] | None:
    font = reference_font(path, number)
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    return tuple(_outline(glyphs, order[gid]) for gid, _ in glyphs_set(path, number, value))
