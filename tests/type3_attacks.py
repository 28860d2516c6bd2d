"""Words of a print redrawn in its own Type 3 font with their ink and declared boxes moved
or shrunk: the attacks of review 32 on the reading of such fonts' characters. A
pdftocairo print's fonts (no font descriptor, ``Tf 1``, a flipped font matrix, a TJ a
line: ``pdf/charboxes.py`` ``down_to_baselines``) and Chromium's (a font descriptor, a
glyph space of a thousand units an em, a Tj a glyph: ``pdf/type3place.py``)."""

from __future__ import annotations

import re
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ByteStringObject,
    ContentStream,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from . import attacks as A


def _tounicode(font: Any) -> dict[int, str]:
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    out = {int(a, 16): chr(int(b, 16)) for a, b in re.findall(r"<(\w{2})>\s*<(\w{4})>", data)}
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for a, b, c in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w{4})>", block):
            for k in range(int(a, 16), int(b, 16) + 1):
                out[k] = chr(int(c, 16) + k - int(a, 16))
    return out


def _bytes(part: Any) -> bytes:
    return bytes(part.original_bytes if hasattr(part, "original_bytes") else part)


def _names(differences: Any) -> dict[int, Any]:
    """The glyph name of each code of an encoding's ``/Differences``."""
    names, code = {}, 0
    for item in differences:
        if isinstance(item, NameObject):
            names[code] = item
            code += 1
        else:
            code = int(item)
    return names


def raised(
    font_name: str,
    context: str,
    word: str,
    up: float,
    boxes: dict[int, tuple[float, float]] | None = None,
    *,
    scale: float = 1.0,
) -> A.Edit:
    """Page 1's ``word`` (after ``context``, shown in ``font_name``: a Type 3 font of one
    byte a code, by ``Tj`` or ``TJ``, a glyph or a line an operator) drawn by new glyphs
    whose ink is ``scale`` of its size about the origin and stands ``up`` ems higher, each
    glyph ``j`` declaring the box ``boxes[j]`` (bottom and top, in ems above the baseline;
    without it, the box around its ink); its text layer unchanged. Glyph space as the
    font's matrix says (cairo's: an em a unit; Chromium's: a thousand), flipped or not."""

    def edit(writer: PdfWriter) -> None:
        page = writer.pages[0]
        font = page["/Resources"]["/Font"][font_name].get_object()
        codes = _tounicode(font)
        content = ContentStream(page.get_contents(), writer)
        current = None
        flat = []  # (operands, index of the string in them, index of the byte, code)
        for operands, op in content.operations:
            current = operands[0] if op == b"Tf" else current
            if op not in (b"Tj", b"TJ") or current != font_name:
                continue
            shown = operands[0] if op == b"TJ" else operands
            flat += [
                (shown, i, k, b)
                for i, part in enumerate(shown)
                if isinstance(part, (ByteStringObject, TextStringObject))
                for k, b in enumerate(_bytes(part))
            ]
        at = "".join(codes.get(b, "?") for *_, b in flat).find(context + word)
        if at < 0:
            raise AssertionError(f"{context + word!r} not found in {font_name}")
        at += len(context)
        procs, diffs = font["/CharProcs"], font["/Encoding"]["/Differences"]
        widths, first, last = font["/Widths"], int(font["/FirstChar"]), int(font["/LastChar"])
        names = _names(diffs)
        matrix = [float(v) for v in font["/FontMatrix"]]
        units = 1 / abs(matrix[0])  # (glyph space units an em)
        flip = -1 if matrix[3] < 0 else 1
        added = []
        for j in range(len(word)):
            shown, i, k, code = flat[at + j]
            proc = procs[names[code]].get_object().get_data().decode("latin-1")
            head = re.match(r"\s*(?:[-\d.]+ ){2}([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) d1", proc)
            assert head is not None
            left, low, right, high = (float(v) * scale for v in head.groups())
            rise = flip * up * units
            low, high = min(low, high) + rise, max(low, high) + rise
            if boxes is not None:
                bottom, top = (flip * v * units for v in boxes[j])
                low, high = min(bottom, top), max(bottom, top)
            width = float(widths[code - first])
            body = (
                f"{width} 0 {left:.6f} {low:.6f} {right:.6f} {high:.6f} d1\n"
                f"q {scale} 0 0 {scale} 0 {rise:.6f} cm\n{proc[head.end() :]}\nQ\n"
            )
            stream = StreamObject()
            stream.set_data(body.encode("latin-1"))
            last += 1
            assert last < 256, "no code left in the font"
            procs[NameObject(f"/r{last}")] = writer._add_object(stream)
            diffs.extend([NumberObject(last), NameObject(f"/r{last}")])
            while len(widths) < last - first:
                widths.append(FloatObject(0))
            widths.append(FloatObject(width))
            added.append((last, word[j]))
            data = bytearray(_bytes(shown[i]))
            data[k] = last
            shown[i] = ByteStringObject(bytes(data))
        font[NameObject("/LastChar")] = NumberObject(last)
        tounicode = font["/ToUnicode"].get_object().get_data().decode("latin-1")
        pairs = "".join(f"<{c:02x}> <{ord(ch):04x}>\n" for c, ch in added)
        tounicode = tounicode.replace(
            "endcmap", f"{len(added)} beginbfchar\n{pairs}endbfchar\nendcmap", 1
        )
        stream = StreamObject()
        stream.set_data(tounicode.encode("latin-1"))
        font[NameObject("/ToUnicode")] = writer._add_object(stream)
        page[NameObject("/Contents")] = writer._add_object(content)

    return edit
