"""Words of a pdftocairo print redrawn in its own Type 3 font (no font descriptor, ``Tf 1``,
a flipped font matrix) with their ink and declared boxes moved: the attacks of review 32
on the reading of such fonts' characters (``pdf/charboxes.py`` ``down_to_baselines``)."""

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


def raised(
    font_name: str, context: str, word: str, up: float, boxes: dict[int, tuple[float, float]]
) -> A.Edit:
    """Page 1's ``word`` (after ``context``, in one ``TJ`` of ``font_name``) drawn by new
    glyphs whose ink stands ``up`` ems higher, each glyph ``j`` declaring the box
    ``boxes[j]`` (bottom and top, in ems above the baseline); its text layer unchanged."""

    def edit(writer: PdfWriter) -> None:
        page = writer.pages[0]
        font = page["/Resources"]["/Font"][font_name].get_object()
        codes = _tounicode(font)
        content = ContentStream(page.get_contents(), writer)
        current = None
        for operands, op in content.operations:
            current = operands[0] if op == b"Tf" else current
            if op != b"TJ" or current != font_name:
                continue
            shown = operands[0]
            flat = [
                (i, k, b)
                for i, part in enumerate(shown)
                if isinstance(part, (ByteStringObject, TextStringObject))
                for k, b in enumerate(_bytes(part))
            ]
            at = "".join(codes.get(b, "?") for _, _, b in flat).find(context + word)
            if at < 0:
                continue
            at += len(context)
            procs, diffs = font["/CharProcs"], font["/Encoding"]["/Differences"]
            widths, first, last = font["/Widths"], int(font["/FirstChar"]), int(font["/LastChar"])
            names = {int(diffs[0]) + k: name for k, name in enumerate(diffs[1:])}
            added = []
            for j in range(len(word)):
                i, k, code = flat[at + j]
                proc = procs[names[code]].get_object().get_data().decode("latin-1")
                head = re.match(r"\s*(?:[-\d.]+ ){2}([-\d.]+) [-\d.]+ ([-\d.]+) [-\d.]+ d1", proc)
                assert head is not None
                left, right = head.groups()
                width = float(widths[code - first])
                bottom, top = boxes[j]
                body = (
                    f"{width} 0 {left} {-top:.6f} {right} {-bottom:.6f} d1\n"
                    f"q 1 0 0 1 0 {-up} cm\n{proc[head.end() :]}\nQ\n"
                )
                stream = StreamObject()
                stream.set_data(body.encode("latin-1"))
                last += 1
                procs[NameObject(f"/r{last}")] = writer._add_object(stream)
                diffs.extend([NumberObject(last), NameObject(f"/r{last}")])
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
            return
        raise AssertionError(f"{context + word!r} not found in {font_name}")

    return edit
